"""Service suggestions: catalogue entries ranked for a question, and the cards shown to families."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from assistant.corpus import Corpus, Need, Service
from assistant.retrieve import Source


def _short_name(service: Service) -> str:
    """The Finnish name without its parenthesised explanation, for finding mentions in passages."""
    return re.sub(r"\s*\(.*?\)", "", service.name.fi).strip().lower()


# Weight of the services of the question's closest need, beside keyword (1.5), meaning (1.0) and links (0.5).
# On eval/tune.yaml (2026-11-28, 115 answer cases with services): service hit@3 0.835 without needs, 0.861 with
# 0.3 and the urgent filter below; 0.5 gave 0.826 and 1.0 0.817 (the needs' service lists are broad).
NEED_WEIGHT = 0.3
# A service found by meaning alone must be this similar (cosine) to the question: the nearest services of a
# question the catalogue has nothing for ("Mikä on Vakkanen?") sit at 0.78-0.79 (a shelter, a chat, diaconia)
# and were shown as cards. On eval/tune.yaml (2026-11-28) service hit@3 was 0.920 at 0, 0.80 and 0.82.
SERVICE_DENSE_MIN = 0.8


class ServiceRanker:
    """Ranks catalogue services by keyword match (BM25), meaning (dense), links from the passages found and the
    services of the family need the question is about. Urgent services (112, crisis lines, shelters) are shown
    for an urgent need, or when the question is about that service itself (the best match by name and
    meaning); an everyday question never gets an emergency card."""

    def __init__(
        self,
        corpus: Corpus,
        store: Any,
        weights: tuple[float, float, float] = (1.5, 1.0, 0.5),
        need_weight: float = NEED_WEIGHT,
    ) -> None:
        self.corpus = corpus
        self.store = store
        self.weights = weights  # keyword (BM25), meaning (dense), linked from the passages found
        self.need_weight = need_weight
        names = {s.id: _short_name(s) for s in corpus.services}
        # Services a handbook passage names, found once at start-up.
        self._mentions: dict[str, list[str]] = {}
        for chunk in store.chunks:
            text = chunk.text.lower()
            linked = list(chunk.service_ids) + [sid for sid, name in names.items() if len(name) > 4 and name in text]
            self._mentions[chunk.id] = list(dict.fromkeys(linked))

    def rank(
        self,
        terms: list[str],
        vector: np.ndarray | None,
        sources: list[Source],
        *,
        limit: int = 3,
        urgent_only: bool = False,
        needs: list[Need] | None = None,
    ) -> list[str]:
        """Service ids, best first. ``needs``: the question's closest needs, best first (None: not used)."""
        lexical = [c.service_ids[0] for c, _ in self.store.bm25_search(terms, 400) if c.doc == "services"]
        dense = (
            [
                c.service_ids[0]
                for c, similarity in self.store.dense_search_vector(vector, 12, doc="services")
                if similarity >= SERVICE_DENSE_MIN
            ]
            if vector is not None
            else []
        )
        linked: list[str] = []
        for source in sources[:5]:
            linked.extend(s for s in self._mentions.get(source.chunk.id, []) if s not in linked)
        scores: dict[str, float] = {}
        for weight, ranking in zip(self.weights, (lexical[:12], dense, linked), strict=True):
            for rank, sid in enumerate(ranking, start=1):
                scores[sid] = scores.get(sid, 0.0) + weight / (10 + rank)
        first = max(scores, key=lambda sid: scores[sid], default=None)
        if needs:
            for rank, sid in enumerate(needs[0].services, start=1):
                scores[sid] = scores.get(sid, 0.0) + self.need_weight / (10 + rank)
        # A service only named in a passage found for the question is no evidence that it fits: the passages
        # of a question about a working group (Vakkanen) name the school welfare service, a shelter and
        # diaconia. Links only reorder services the question itself matches (by keyword, meaning or need).
        matched = set(lexical[:12]) | set(dense) | set(needs[0].services if needs else [])
        fused = [sid for sid in sorted(scores, key=lambda sid: -scores[sid]) if sid in matched]
        if urgent_only:
            fused = [sid for sid in fused if self._urgent(sid)]
        elif needs is not None and not (needs and needs[0].urgency == "urgent"):
            fused = [sid for sid in fused if sid == first or not self._urgent(sid)]
        return fused[:limit]

    def _urgent(self, service_id: str) -> bool:
        service = self.corpus.service(service_id)
        return service is not None and service.urgent


def service_card(service: Service, lang: str, plain: bool = False) -> dict[str, Any]:
    """What a family sees of a service, in ``lang``. Values marked 'unverified' are flagged, never stated."""
    summary = service.summary_plain_fi if plain and lang == "fi" else service.summary.get(lang)
    return {
        "id": service.id,
        "name": service.name.get(lang),
        "summary": summary,
        "channels": [
            {
                "type": c.type,
                "value": c.value,
                "label": c.label if c.label and c.verified else None,
                "hours": c.hours if c.hours_verified else None,
                "verified": c.verified,
                "hours_verified": c.hours_verified,
            }
            for c in service.channels
        ],
        "urgent": service.urgent,
        "verified": service.verified,
        "organiser": service.organiser,
    }
