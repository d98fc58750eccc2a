"""Staff insight: questions per day and route, the share of "no" ratings and out-of-scope answers, the most
common family needs, and the questions that did not help (rated "no", or not answered at all) grouped by
meaning, so many wordings of one missing topic are one row. Tables come in pages (limit and offset)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

import numpy as np

from assistant.feedback.store import FeedbackStore, Unhelpful

# Cosine similarity of two questions' multilingual-e5 query vectors from which they are one topic. Set on
# hand-written pairs: paraphrases 0.92–0.98 ("Saako neuvolaan tuoda koiran?" / "Voiko koiran ottaa mukaan
# neuvolaan?" 0.976), different questions about the same service 0.83–0.84.
SAME_TOPIC = 0.9
MAX_EXAMPLES = 5
ROUTES = ("answer", "handoff", "crisis", "out_of_scope")

Embed = Callable[[str], np.ndarray]
T = TypeVar("T")


@dataclass
class Group:
    """Questions that did not help and ask the same thing. ``key`` is the response id of the first one asked
    (``question``), which names the group for a draft; ``questions`` are all its distinct wordings by
    language, ``unanswered`` counts the out-of-scope turns among them."""

    key: str
    question: str
    lang: str
    count: int = 0
    unanswered: int = 0
    examples: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    questions: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "question": self.question,
            "lang": self.lang,
            "count": self.count,
            "unanswered": self.unanswered,
            "examples": self.examples,
            "reasons": dict(self.reasons),
        }


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


def build_groups(rows: Sequence[Unhelpful], embed: Embed | None, threshold: float = SAME_TOPIC) -> list[Group]:
    """``rows`` (from :meth:`FeedbackStore.attention`) grouped by meaning, largest group first (ties: the
    earlier first)."""
    groups: list[Group] = []
    for members in group_questions([row.question for row in rows], embed, threshold):
        head = rows[members[0]]
        group = Group(head.response_id, head.question, head.lang)
        for index in members:
            row = rows[index]
            group.count += 1
            group.unanswered += row.reason is None and row.route == "out_of_scope"
            if row.question not in group.examples and len(group.examples) < MAX_EXAMPLES:
                group.examples.append(row.question)
            wordings = group.questions.setdefault(row.lang, [])
            if row.question not in wordings:
                wordings.append(row.question)
            if row.reason:
                group.reasons[row.reason] += 1
        groups.append(group)
    return sorted(groups, key=lambda g: -g.count)


def paginate(items: Sequence[T], limit: int, offset: int) -> tuple[list[T], int]:
    """One page of ``items`` and how many there are in all."""
    return list(items[offset : offset + limit]), len(items)


class Insight:
    """The staff view over a :class:`FeedbackStore`. ``embed`` is the assistant's query embedder (None: equal
    texts only are grouped); ``titles`` maps need ids to their Finnish titles. Safe to share between threads."""

    def __init__(
        self,
        store: FeedbackStore,
        embed: Embed | None,
        titles: dict[str, str] | None = None,
        threshold: float = SAME_TOPIC,
    ) -> None:
        self.store = store
        self.embed = embed
        self.titles = titles or {}
        self.threshold = threshold

    def summary(self, days: int) -> dict[str, Any]:
        """Counts and shares of the last ``days`` days, and how many rows each table has."""
        turns = self.store.turns(timedelta(days=days))
        rated = [t for t in turns if t["helpful"] is not None]
        no = sum(1 for t in rated if t["helpful"] is False)
        out_of_scope = sum(1 for t in turns if t["route"] == "out_of_scope")
        return {
            "days": days,
            "questions": len(turns),
            "rated": len(rated),
            "unhelpful": no,
            "share_no": round(no / len(rated), 3) if rated else 0.0,
            "share_out_of_scope": round(out_of_scope / len(turns), 3) if turns else 0.0,
            "days_total": len({t["at"].date() for t in turns}),
            "needs_total": len(self._need_counts(turns)),
        }

    def per_day(self, days: int) -> list[dict[str, Any]]:
        """Questions per day and route, oldest day first (days without questions are left out)."""
        counts: dict[str, Counter[str]] = {}
        for turn in self.store.turns(timedelta(days=days)):
            counts.setdefault(turn["at"].date().isoformat(), Counter())[turn["route"]] += 1
        return [{"date": day, "routes": dict(routes)} for day, routes in sorted(counts.items())]

    def needs(self, days: int) -> list[dict[str, Any]]:
        """The family needs the answers matched, most common first, with their Finnish titles and their
        share of the answered questions."""
        turns = self.store.turns(timedelta(days=days))
        answered = sum(1 for t in turns if t["route"] == "answer") or 1
        return [
            {"id": need, "title": self.titles.get(need, need), "count": count, "share": round(count / answered, 3)}
            for need, count in self._need_counts(turns).most_common()
        ]

    def groups(self, days: int) -> list[Group]:
        """The questions that did not help, grouped by meaning, largest group first."""
        return build_groups(self.store.attention(timedelta(days=days)), self.embed, self.threshold)

    def group(self, days: int, key: str) -> Group | None:
        """The group named ``key`` (its first question's response id), or None."""
        return next((g for g in self.groups(days) if g.key == key), None)

    @staticmethod
    def _need_counts(turns: list[dict[str, Any]]) -> Counter[str]:
        return Counter(need for turn in turns for need in turn.get("needs") or [])
