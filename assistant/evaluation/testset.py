"""The test-set format of shared/TESTSET.md, validated strictly: errors name the case id and field."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import TestSetError


class Case(BaseModel):
    """One test case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    lang: Literal["fi", "sv", "en", "other"]
    route: Literal["answer", "handoff", "crisis", "out_of_scope"]
    question: str = Field(min_length=1)
    history: list[str] = Field(default_factory=list)
    evidence: list[str] | None = Field(default=None, min_length=1)
    services: list[str] | None = Field(default=None, min_length=1)
    category: str | None = None


def load_testset(path: Path, known_services: set[str] | None = None) -> list[Case]:
    """Read and validate a test set, or every ``*.yaml`` set of a directory (ids unique across them);
    ``known_services`` also checks the service ids."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise TestSetError(str(path), "no *.yaml test sets in this directory")
        merged = [case for file in files for case in load_testset(file, known_services)]
        ids: set[str] = set()
        for case in merged:
            if case.id in ids:
                raise TestSetError(str(path), "duplicate id across files", case=case.id, field="id")
            ids.add(case.id)
        return merged
    if not path.is_file():
        raise TestSetError(str(path), "file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise TestSetError(str(path), f"invalid YAML{line}: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, list) or not data:
        raise TestSetError(str(path), "must be a non-empty YAML list of cases")
    cases: list[Case] = []
    seen: set[str] = set()
    for index, item in enumerate(data, start=1):
        case_id = str(item.get("id")) if isinstance(item, dict) and item.get("id") is not None else f"#{index}"
        if not isinstance(item, dict):
            raise TestSetError(str(path), "a case must be a mapping of fields", case=case_id)
        try:
            case = Case.model_validate(item)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"]) or None
            raise TestSetError(str(path), error["msg"], case=case_id, field=field) from exc
        if case.id in seen:
            raise TestSetError(str(path), "duplicate id", case=case.id, field="id")
        seen.add(case.id)
        if known_services is not None:
            for service_id in case.services or []:
                if service_id not in known_services:
                    raise TestSetError(str(path), f"unknown service id {service_id!r}", case=case.id, field="services")
        cases.append(case)
    return cases
