"""Staff insight: questions per day and route, the share of "no" ratings and out-of-scope answers, and
the questions rated "no" grouped by meaning, so many wordings of one missing topic are one row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np

from assistant.feedback.store import FeedbackStore

# Cosine similarity of two questions' multilingual-e5 query vectors from which they are one topic. Set on
# hand-written pairs: paraphrases 0.92–0.98 ("Saako neuvolaan tuoda koiran?" / "Voiko koiran ottaa mukaan
# neuvolaan?" 0.976), different questions about the same service 0.83–0.84.
SAME_TOPIC = 0.9

Embed = Callable[[str], np.ndarray]


@dataclass
class Group:
    """Questions rated "no" that ask the same thing; ``question`` is the first one asked."""

    question: str
    count: int = 0
    examples: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)


def group_questions(questions: list[str], embed: Embed | None, threshold: float = SAME_TOPIC) -> list[list[int]]:
    """Indices of ``questions`` in groups of one topic, in order of first appearance: a question joins the
    first group whose first question is at least ``threshold`` similar; without an embedder, equal texts
    (case-folded) are one group."""
    groups: list[list[int]] = []
    heads: list[np.ndarray] = []
    keys: dict[str, int] = {}
    for index, question in enumerate(questions):
        if embed is None:
            key = " ".join(question.casefold().split())
            if key in keys:
                groups[keys[key]].append(index)
            else:
                keys[key] = len(groups)
                groups.append([index])
            continue
        vector = np.asarray(embed(question), dtype=np.float32)
        vector = vector / (np.linalg.norm(vector) or 1.0)
        scores = [float(head @ vector) for head in heads]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= threshold:
            groups[best].append(index)
        else:
            heads.append(vector)
            groups.append([index])
    return groups


def build_insight(
    store: FeedbackStore, embed: Embed | None, days: int = 30, threshold: float = SAME_TOPIC
) -> dict[str, Any]:
    """The figures of the last ``days`` days: per day and route, rated / "no" / out-of-scope shares, and
    the "no" groups (largest first)."""
    since = timedelta(days=days)
    turns = store.turns(since)
    per_day: dict[str, Counter[str]] = {}
    for turn in turns:
        per_day.setdefault(turn["at"].date().isoformat(), Counter())[turn["route"]] += 1
    rated = [t for t in turns if t["helpful"] is not None]
    unhelpful = store.unhelpful(since)
    indices = group_questions([row.question for row in unhelpful], embed, threshold)
    groups: list[Group] = []
    for members in indices:
        group = Group(unhelpful[members[0]].question)
        for index in members:
            row = unhelpful[index]
            group.count += 1
            if row.question not in group.examples and len(group.examples) < 5:
                group.examples.append(row.question)
            if row.reason:
                group.reasons[row.reason] += 1
        groups.append(group)
    groups.sort(key=lambda g: -g.count)
    return {
        "days": days,
        "per_day": [{"date": day, "routes": dict(counts)} for day, counts in sorted(per_day.items())],
        "questions": len(turns),
        "rated": len(rated),
        "unhelpful": sum(1 for t in rated if t["helpful"] is False),
        "share_no": round(sum(1 for t in rated if t["helpful"] is False) / len(rated), 3) if rated else 0.0,
        "share_out_of_scope": round(sum(1 for t in turns if t["route"] == "out_of_scope") / len(turns), 3)
        if turns
        else 0.0,
        "groups": [
            {"question": g.question, "count": g.count, "examples": g.examples, "reasons": dict(g.reasons)}
            for g in groups
        ],
    }
