"""Cross-validated quality of the router on its own training data (``perhekeskus router report``).

Out-of-fold predictions (stratified k-fold, fixed seed): precision and recall per route, recall of the
crisis route per crisis type, language and style, false alarms on near-misses, the confusion matrix, and
what each crisis threshold would give. Thresholds are chosen from these figures, never from eval sets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import classification_report, confusion_matrix
from sklearn.model_selection import StratifiedKFold

from assistant.router.data import ROUTES, Example
from assistant.router.model import RouterModel


@dataclass
class OutOfFold:
    examples: list[Example]
    probabilities: np.ndarray  # (n, len(ROUTES)) in ROUTES order


def out_of_fold(examples: list[Example], vectors: np.ndarray, folds: int = 5, seed: int = 0) -> OutOfFold:
    """Route probabilities of every example from a model that did not see it."""
    routes = np.array([e.route for e in examples])
    texts = [e.text for e in examples]
    types = [e.crisis_type for e in examples]
    probabilities = np.zeros((len(examples), len(ROUTES)), dtype=np.float64)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(texts, routes):
        model = RouterModel.fit(
            [texts[i] for i in train], vectors[train], [str(routes[i]) for i in train], [types[i] for i in train]
        )
        predictions = model.predict_many([texts[i] for i in test], vectors[test])
        for row, prediction in zip(test, predictions, strict=True):
            probabilities[row] = [prediction.routes[r] for r in ROUTES]
    return OutOfFold(examples, probabilities)


def decide(probabilities: np.ndarray, crisis: float, handoff: float, out_of_scope: float) -> list[str]:
    """The policy's route from probabilities alone (no rules), for threshold sweeps."""
    out = []
    for p in probabilities:
        scores = dict(zip(ROUTES, p, strict=True))
        if scores["crisis"] >= crisis:
            out.append("crisis")
        elif scores["handoff"] >= handoff:
            out.append("handoff")
        elif scores["out_of_scope"] >= out_of_scope and scores["crisis"] < 0.2:
            out.append("out_of_scope")
        else:
            out.append("answer")
    return out


def summary(oof: OutOfFold, crisis: float, handoff: float, out_of_scope: float) -> dict[str, Any]:
    """The figures of the report for one set of thresholds."""
    gold = [e.route for e in oof.examples]
    got = decide(oof.probabilities, crisis, handoff, out_of_scope)
    report = classification_report(gold, got, labels=list(ROUTES), output_dict=True, zero_division=0)
    groups: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for example, route in zip(oof.examples, got, strict=True):
        if example.route == "crisis":
            groups["crisis_recall_by_type"][example.crisis_type].append(route == "crisis")
            groups["crisis_recall_by_lang"][example.lang].append(route == "crisis")
            groups["crisis_recall_by_style"][example.style].append(route == "crisis")
        else:
            groups["false_alarm_by_lang"][example.lang].append(route == "crisis")
        if example.near_miss:
            groups["near_miss_false_alarm"]["all"].append(route == "crisis")
        groups["accuracy_by_lang"][example.lang].append(route == example.route)
        groups["accuracy_by_style"][example.style].append(route == example.route)
    flat = {
        name: {key: round(float(np.mean(values)), 4) for key, values in sorted(parts.items())}
        for name, parts in groups.items()
    }
    return {
        "n": len(gold),
        "thresholds": {"crisis": crisis, "handoff": handoff, "out_of_scope": out_of_scope},
        "per_route": {r: {k: round(float(v), 4) for k, v in report[r].items()} for r in ROUTES},
        "accuracy": round(float(np.mean([a == b for a, b in zip(gold, got, strict=True)])), 4),
        "confusion": {
            "labels": list(ROUTES),
            "matrix": confusion_matrix(gold, got, labels=list(ROUTES)).tolist(),
        },
        **flat,
    }


def crisis_sweep(oof: OutOfFold, values: list[float]) -> list[dict[str, float]]:
    """Crisis recall and false-alarm rate of the model alone at each threshold."""
    p = oof.probabilities[:, ROUTES.index("crisis")]
    is_crisis = np.array([e.route == "crisis" for e in oof.examples])
    rows = []
    for value in values:
        flagged = p >= value
        rows.append(
            {
                "threshold": value,
                "recall": round(float(flagged[is_crisis].mean()), 4),
                "false_alarm_rate": round(float(flagged[~is_crisis].mean()), 4),
            }
        )
    return rows
