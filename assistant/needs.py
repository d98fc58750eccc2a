"""Family needs (corpus/needs.yaml): which needs a question is about, matched by their descriptions."""

from __future__ import annotations

import numpy as np

from assistant.corpus import Corpus, Need
from assistant.match import PhraseIndex
from assistant.picking.classifier import AnswerClassifier

# A need counts only this close (dense + 0.1 x BM25 over its descriptions). Family situations match their need
# at 0.95-1.0; a bare name of the material ("Mikä on Vakkanen?") matched 'sleep' at 0.81 and drew that need's
# services. On eval/tune.yaml (2026-11-28) service hit@3 was 0.920 at 0, 0.86, 0.90, 0.93 and 0.96.
NEED_MIN = 0.9
# A need further than this below the best need is not one the question is about: 'Pitääkö perhekahvilaan ilmoittautua
# etukäteen?' matched volunteering at 0.966 and violence prevention at 0.902, whose shelter then counted as fitting.
# No change on the tune, situational or dev figures (2026-11-29), where 0.03 and no margin gave the same.
NEED_MARGIN = 0.05
# Words that say where, not what: every need is served in Rovaniemi, and since the descriptions of 2026-11-29 some
# name the town ('is there couples counselling in Rovaniemi?'), so BM25 matched "Is there a women's shelter in
# Rovaniemi?" to couple conflict. Left out of the question's terms (no change on the tune, dev or situational sets).
PLACE_TERMS = frozenset({"rovaniemi"})
# How much the need classifier's probability (0-1, assistant.needmodel) adds to a need's closeness when ordering
# and keeping needs. Chosen 2026-11-29 (seventh session) out of fold on the written messages and on the tune,
# situational and dev sets' service hit@3 (eval/CALIBRATION.md, "Need classifier").
CLASS_WEIGHT = 0.2
# The classifier only reorders needs whose descriptions are at least this close: lifted from 0.81 by a classifier
# that knew no better, 'sleep' became the need of "Mikä on Vakkanen?" (a working group's name).
LIFT_FLOOR = 0.85


class NeedMatcher:
    """Matches a question to the needs of the corpus (dense + BM25 over the need descriptions)."""

    def __init__(
        self,
        corpus: Corpus,
        phrases: PhraseIndex,
        classifier: AnswerClassifier | None = None,
        class_weight: float = CLASS_WEIGHT,
    ) -> None:
        self.phrases = phrases
        self.classifier = classifier
        self.class_weight = class_weight
        self._needs = {n.id: n for n in corpus.needs}

    def match(self, terms: list[str], vector: np.ndarray | None, k: int = 3, minimum: float = NEED_MIN) -> list[Need]:
        """The ``k`` closest needs at least ``minimum`` close and within ``NEED_MARGIN`` of the closest, best first.
        With the classifier, a need at least ``LIFT_FLOOR`` close is also kept when its closeness plus
        ``class_weight`` x the classifier's probability passes the same tests on those sums, and the needs kept are
        ordered by the sums: the classifier adds needs and reorders them, it never drops one the descriptions
        found (a shelter question kept its violence need, and with it the shelter card)."""
        terms = [t for t in terms if t not in PLACE_TERMS]
        learned = self.classifier is not None and vector is not None and self.class_weight > 0
        wide = len(self._needs) if learned else k
        close = {m.owner: m.score for m in self.phrases.match(terms, vector, k=wide) if m.owner in self._needs}
        kept = _kept(close, minimum, k)
        order = close
        if learned:
            assert self.classifier is not None and vector is not None
            probabilities = self.classifier.probabilities(vector)
            order = {
                owner: s + (self.class_weight * probabilities.get(owner, 0.0) if s >= LIFT_FLOOR else 0.0)
                for owner, s in close.items()
            }
            kept |= _kept(order, minimum, k)
        ranked = sorted(kept, key=lambda owner: -order[owner])[:k]
        return [self._needs[owner] for owner in ranked]


def _kept(scores: dict[str, float], minimum: float, k: int) -> set[str]:
    """The best ``k`` of ``scores`` that are at least ``minimum`` and within ``NEED_MARGIN`` of the best."""
    ranked = sorted(scores, key=lambda owner: -scores[owner])[:k]
    if not ranked:
        return set()
    floor = max(minimum, scores[ranked[0]] - NEED_MARGIN)
    return {owner for owner in ranked if scores[owner] >= floor}
