"""Curated answers and service cards that presuppose a situation (``conditions.yaml``): given only when the message
tells of it.

The answer classifier learns what separation or a parent's drinking sounds like from many messages about sad,
lonely or quarrelling children, and it picked those answers for messages that spoke of neither. An answer about
the wrong situation tells a family something about their life they did not say, so such answers wait until the
message (or, for a follow-up, the turn before it) says something of the situation, in the words of the triage
rules' patterns, or names a service the answer cites. The same holds for the cards of services kept for one
situation (a substance helpline, a shelter, a separation chat, a girls' house): under an everyday answer such a card
tells the family the same thing (raters of the tune roles and of a blind sample, 2026-11-30, marked the substance
helpline under an 11-year-old's eating and the girls' house under a parent's question harmful).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus import CuratedAnswer
from assistant.router.rules import Pattern, Words, any_match, read_words
from assistant.text import Analyzer
from assistant.text.yamlfile import read_yaml

DEFAULT_CONDITIONS = Path(__file__).with_name("conditions.yaml")


def read_told(analyzer: Analyzer, text: str, lang: str = "fi") -> Words:
    """What a message tells, as the conditions read it: a Finnish message with every form of every word; a Swedish or
    English one only as written (Finnish Voikko reads the English 'join' as 'juoda', to drink, and 'I should join
    something' got the substance helpline's card)."""
    words = read_words(analyzer, text)
    if lang not in ("sv", "en"):
        return words
    return Words(forms=words.written, written=words.written, first=words.written & words.first)


class ConditionsError(ValueError):
    """conditions.yaml is malformed: the message names the file, the condition and the field."""


@dataclass(frozen=True)
class Condition:
    name: str
    answers: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    services: tuple[str, ...] = ()
    # Cards the situation brings under an everyday answer when the message tells of it and none of them is shown yet
    # ('brings'): a parent's own exhaustion told beside a child's sleep brings home help.
    brings: tuple[str, ...] = ()
    # Answers and cards the situation rules out when the message tells of it ('withholds'): the advice for an amicable
    # separation and family mediation are no answer to someone who tells of violence.
    withholds_answers: tuple[str, ...] = ()
    withholds_services: tuple[str, ...] = ()
    # Family needs that tell a situation too ('needs'): the card is brought when a pattern matches or when one of
    # them is the message's closest need (the need model reads a parent's exhaustion told without the words).
    needs: tuple[str, ...] = ()


class AnswerConditions:
    """Which curated answers need which situation told, and whether a message tells it."""

    def __init__(self, conditions: Iterable[Condition], path: Path = DEFAULT_CONDITIONS) -> None:
        self.conditions = tuple(conditions)
        self.path = path
        self._by_answer: dict[str, Condition] = {}
        # A service may be kept for several situations (family-law services: a separation or confirming parenthood).
        self._by_service: dict[str, list[Condition]] = {}
        self._withheld: dict[str, list[Condition]] = {}
        for condition in self.conditions:
            for service_id in condition.services:
                self._by_service.setdefault(service_id, []).append(condition)
            for item in (*condition.withholds_answers, *condition.withholds_services):
                self._withheld.setdefault(item, []).append(condition)
            for answer_id in condition.answers:
                if answer_id in self._by_answer:
                    raise ConditionsError(
                        f"{path}: answer {answer_id!r} is listed under both {self._by_answer[answer_id].name!r} "
                        f"and {condition.name!r} (answers)"
                    )
                self._by_answer[answer_id] = condition

    @classmethod
    def load(cls, path: Path = DEFAULT_CONDITIONS) -> AnswerConditions:
        data: Any = read_yaml(Path(path)) or {}
        if not isinstance(data, dict):
            raise ConditionsError(f"{path}: expected a mapping of condition names")
        conditions = []
        for name, spec in data.items():
            if not isinstance(spec, dict):
                raise ConditionsError(f"{path}: condition {name!r}: expected 'answers' and 'patterns'")
            answers = spec.get("answers", [])
            if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
                raise ConditionsError(f"{path}: condition {name!r}: 'answers' must be a list of answer ids (answers)")
            services = spec.get("services", [])
            if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
                raise ConditionsError(
                    f"{path}: condition {name!r}: 'services' must be a list of service ids (services)"
                )
            brings = spec.get("brings", [])
            if not isinstance(brings, list) or not all(isinstance(b, str) for b in brings):
                raise ConditionsError(f"{path}: condition {name!r}: 'brings' must be a list of service ids (brings)")
            withholds = spec.get("withholds", {})
            withheld: dict[str, tuple[str, ...]] = {}
            for field in ("answers", "services"):
                listed = withholds.get(field, []) if isinstance(withholds, dict) else None
                if not isinstance(listed, list) or not all(isinstance(i, str) for i in listed):
                    raise ConditionsError(
                        f"{path}: condition {name!r}: 'withholds' must map answers and services to lists of ids "
                        f"(withholds.{field})"
                    )
                withheld[field] = tuple(listed)
            if not answers and not services and not brings and not any(withheld.values()):
                raise ConditionsError(
                    f"{path}: condition {name!r}: list answers, services, brings or withholds (answers)"
                )
            needs = spec.get("needs", [])
            if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
                raise ConditionsError(f"{path}: condition {name!r}: 'needs' must be a list of need ids (needs)")
            if needs and not brings:
                raise ConditionsError(f"{path}: condition {name!r}: 'needs' tell what 'brings' brings (needs)")
            raw_patterns = spec.get("patterns")
            if not isinstance(raw_patterns, list) or not raw_patterns:
                raise ConditionsError(f"{path}: condition {name!r}: 'patterns' must be a list of patterns (patterns)")
            try:
                patterns = tuple(Pattern.parse(p) for p in raw_patterns)
            except (TypeError, ValueError) as exc:
                raise ConditionsError(f"{path}: condition {name!r}: {exc} (patterns)") from exc
            conditions.append(
                Condition(
                    str(name),
                    tuple(answers),
                    patterns,
                    tuple(services),
                    tuple(brings),
                    withheld["answers"],
                    withheld["services"],
                    tuple(needs),
                )
            )
        return cls(conditions, Path(path))

    def allows(
        self, answer_id: str, told: Words, answer: CuratedAnswer | None = None, named: AbstractSet[str] = frozenset()
    ) -> bool:
        """Whether the answer may be given to a message whose words are ``told``: it presupposes nothing, or the
        message tells of its situation, or (with ``answer``) names a service it cites (``named``: the ids of the
        services the message names). An answer a told situation withholds (``withholds``) is not given unless the
        message names a service it cites."""
        names_its_service = answer is not None and bool(set(named) & set(answer.cites.services))
        if self._withholds(answer_id, told) and not names_its_service:
            return False
        condition = self._by_answer.get(answer_id)
        if condition is None or any_match(condition.patterns, told):
            return True
        return names_its_service

    def allows_service(self, service_id: str, told: Words, named: AbstractSet[str] = frozenset()) -> bool:
        """Whether a service's card may stand under an answer to a message whose words are ``told``: the service is
        kept for no situation, or the message tells of one of its situations or names it (``named``); and no situation
        the message tells of withholds it (unless named)."""
        if service_id in named:
            return True
        if self._withholds(service_id, told):
            return False
        conditions = self._by_service.get(service_id)
        if not conditions:
            return True
        return any(any_match(condition.patterns, told) for condition in conditions)

    def _withholds(self, item: str, told: Words) -> bool:
        return any(any_match(condition.patterns, told) for condition in self._withheld.get(item, ()))

    def brought(self, told: Words, shown: Iterable[str], needs: Sequence[str] = ()) -> list[str]:
        """The cards situations the message tells of bring (``brings``, the first of each such situation) when none
        of that situation's brought services is among ``shown`` already. ``needs``: the message's closest family
        needs, best first; a situation with ``needs`` is also told when one of them is the first."""
        shown = set(shown)
        return [
            condition.brings[0]
            for condition in self.conditions
            if condition.brings and not shown & set(condition.brings) and self._tells(condition, told, needs)
        ]

    @staticmethod
    def _tells(condition: Condition, told: Words, needs: Sequence[str]) -> bool:
        return bool(needs[:1] and needs[0] in condition.needs) or any_match(condition.patterns, told)

    def problems(
        self, answer_ids: set[str], service_ids: set[str] | None = None, need_ids: set[str] | None = None
    ) -> list[str]:
        """Answer ids (and, with ``service_ids`` and ``need_ids``, service and need ids) listed here that the corpus
        does not have, each with file, line and condition."""
        lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.is_file() else []
        found = []
        for condition in self.conditions:
            listed = [("answers", "curated answer", a, answer_ids) for a in condition.answers]
            if service_ids is not None:
                listed += [("services", "service", s, service_ids) for s in condition.services]
                listed += [("brings", "service", s, service_ids) for s in condition.brings]
                listed += [("withholds", "service", s, service_ids) for s in condition.withholds_services]
            listed += [("withholds", "curated answer", a, answer_ids) for a in condition.withholds_answers]
            if need_ids is not None:
                listed += [("needs", "need", n, need_ids) for n in condition.needs]
            for field, kind, item, known in listed:
                if item not in known:
                    line = next((n for n, text in enumerate(lines, 1) if text.strip() == f"- {item}"), 0)
                    where = f"{self.path}:{line}: condition {condition.name!r}"
                    found.append(f"{where}: unknown {kind} {item!r} ({field})")
        return found
