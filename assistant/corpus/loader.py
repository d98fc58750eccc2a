"""Loads ``corpus/`` and validates every file; errors name the file, line, entry and field."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assistant.corpus.markdown import parse_sections
from assistant.corpus.models import GlossaryEntry, Section, Service
from assistant.errors import CorpusError

HANDBOOK = "handbook.md"
GLOSSARY = "glossary.yaml"
SERVICES = "services.yaml"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Corpus:
    """Everything the assistant may answer from."""

    sections: list[Section]
    glossary: list[GlossaryEntry]
    services: list[Service]
    digest: str

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    @property
    def service_ids(self) -> list[str]:
        return [s.id for s in self.services]


def _read(path: Path) -> str:
    if not path.is_file():
        raise CorpusError(str(path), "file is missing")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _yaml_items(path: Path, text: str) -> list[tuple[dict[str, Any], int, dict[str, int]]]:
    """The list items of a YAML file with each item's line and the line of each of its keys."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise CorpusError(str(path), f"invalid YAML: {exc.problem}", line=line) from exc
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise CorpusError(str(path), "must be a YAML list of entries", line=1)
    items = []
    for item_node, item in zip(node.value, data, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict) or not isinstance(item_node, yaml.MappingNode):
            raise CorpusError(str(path), "each entry must be a mapping of fields", line=line)
        key_lines = {str(k.value): v.start_mark.line + 1 for k, v in item_node.value}
        items.append((item, line, key_lines))
    return items


def _validate(path: Path, model: type[M], key: str) -> list[M]:
    out: list[M] = []
    for index, (item, line, key_lines) in enumerate(_yaml_items(path, _read(path)), start=1):
        entry = str(item.get(key) or f"#{index}")
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = [str(p) for p in error["loc"]]
            field = ".".join(loc) if loc else None
            field_line = key_lines.get(loc[0], line) if loc else line
            raise CorpusError(str(path), error["msg"], line=field_line, entry=entry, field=field) from exc
    return out


def _check_unique(path: Path, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise CorpusError(str(path), f"duplicate {what}", entry=value, field=what)
        seen.add(value)


def load_corpus(corpus_dir: Path) -> Corpus:
    """Read and validate the three corpus files of ``corpus_dir``."""
    corpus_dir = Path(corpus_dir)
    handbook_path = corpus_dir / HANDBOOK
    handbook_text = _read(handbook_path)
    sections = parse_sections(handbook_text, str(handbook_path))

    glossary_path = corpus_dir / GLOSSARY
    glossary = _validate(glossary_path, GlossaryEntry, "term")
    _check_unique(glossary_path, [g.term for g in glossary], "term")

    services_path = corpus_dir / SERVICES
    services = _validate(services_path, Service, "id")
    _check_unique(services_path, [s.id for s in services], "id")

    known = {s.id for s in services}
    for entry in glossary:
        for service_id in entry.services:
            if service_id not in known:
                raise CorpusError(
                    str(glossary_path),
                    f"unknown service id {service_id!r}",
                    entry=entry.term,
                    field="services",
                )

    digest = hashlib.sha256()
    for name in (HANDBOOK, GLOSSARY, SERVICES):
        digest.update((corpus_dir / name).read_bytes())
    return Corpus(sections=sections, glossary=glossary, services=services, digest=digest.hexdigest())
