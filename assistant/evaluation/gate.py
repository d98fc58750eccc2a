"""Thresholds for the evaluation gate (``eval/thresholds.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.errors import TestSetError


def load_thresholds(path: Path) -> dict[str, dict[str, float]]:
    """``{metric: {min|max: value}}``; anything else is an error naming the metric."""
    path = Path(path)
    if not path.is_file():
        raise TestSetError(str(path), "thresholds file not found")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise TestSetError(str(path), "must map metric names to {min: x} or {max: x}")
    out: dict[str, dict[str, float]] = {}
    for metric, bounds in data.items():
        if not isinstance(bounds, dict) or not bounds or set(bounds) - {"min", "max"}:
            raise TestSetError(str(path), "expected {min: x} and/or {max: x}", field=str(metric))
        out[str(metric)] = {k: float(v) for k, v in bounds.items()}
    return out


def check_gate(metrics: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Human-readable violations; empty when every threshold is met. A metric with no value fails."""
    violations = []
    for metric, bounds in thresholds.items():
        value = metrics.get(metric)
        if value is None:
            violations.append(f"{metric}: no value (no cases for it)")
            continue
        if "min" in bounds and value < bounds["min"]:
            violations.append(f"{metric} = {value} is below {bounds['min']}")
        if "max" in bounds and value > bounds["max"]:
            violations.append(f"{metric} = {value} is above {bounds['max']}")
    return violations
