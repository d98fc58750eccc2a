"""Safety triage: crisis first, then a request for a person; the rest goes on to retrieval.

Independent of the search index, so the emergency route works even when the index is missing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from assistant.text import Analyzer
from assistant.text.normalize import words
from assistant.triage.exemplars import ExemplarIndex
from assistant.triage.rules import Lexicon, Words, any_match

logger = logging.getLogger(__name__)

# Without a rule, a message is a crisis (or a request for a person) when it is clearly nearer to those
# exemplars than to any other: the best similarity to them beats the best of the others by this margin.
# Calibrated on eval/testset.yaml (see eval/CALIBRATION.md).
CRISIS_MARGIN = 0.035
HANDOFF_MARGIN = 0.03


@dataclass(frozen=True)
class TriageDecision:
    """``route`` is crisis, handoff or None (decided later by retrieval); ``kinds`` name the crisis types."""

    route: str | None
    kinds: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default=())


class Triage:
    """Rules over Finnish lemmas plus similarity to exemplars written in Finnish, Swedish and English."""

    def __init__(self, analyzer: Analyzer, lexicon: Lexicon, exemplars: ExemplarIndex | None = None) -> None:
        self.analyzer = analyzer
        self.lexicon = lexicon
        self.exemplars = exemplars

    def classify(self, message: str, vector: np.ndarray | None = None) -> TriageDecision:
        """The route the message must take before anything else; ``vector`` is its embedding if known."""
        per_word = self.analyzer.word_forms(message)
        seen = Words(
            forms=frozenset().union(*per_word) if per_word else frozenset(),
            written=frozenset(w.lower() for w in words(message)),
            first=per_word[0] if per_word else frozenset(),
        )
        lexicon = self.lexicon
        kinds = [k for k in lexicon.crisis if any_match(k.patterns, seen)]
        about = any_match(lexicon.about_topic, seen)
        immediate = any_match(lexicon.immediate, seen)
        safe = any_match(lexicon.safe_now, seen)
        handoff_rule = any_match(lexicon.handoff, seen)
        reasons = []
        crisis_margin = handoff_margin = -1.0
        if self.exemplars is not None:
            best = self.exemplars.neighbours(message, vector).best
            crisis_margin = best["crisis"] - max(best["not_crisis"], best["handoff"])
            handoff_margin = best["handoff"] - max(best["not_crisis"], best["crisis"])
        # Talking about a topic (what is MARAK, in case, years ago) is not an emergency, unless it says now;
        # saying one is safe now settles it.
        talks_about = safe or (about and not immediate)
        if kinds and not talks_about:
            reasons.append("rule:" + ",".join(k.name for k in kinds))
        elif crisis_margin >= CRISIS_MARGIN and not talks_about:
            reasons.append(f"exemplars:{crisis_margin:.3f}")
        if reasons:
            services: list[str] = []
            for kind in kinds:
                services.extend(s for s in kind.services if s not in services)
            return TriageDecision("crisis", tuple(k.name for k in kinds), tuple(services), tuple(reasons))
        if handoff_rule or handoff_margin >= HANDOFF_MARGIN:
            reason = "rule:handoff" if handoff_rule else f"exemplars:{handoff_margin:.3f}"
            return TriageDecision("handoff", reasons=(reason,))
        return TriageDecision(None)
