"""YAML files of the package (rules, thesaurus, spoken forms) read with libyaml's parser when PyYAML has it:
the same data as ``yaml.safe_load``, eight times faster (start-up reads them all)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The data of a YAML file (safe types only)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
