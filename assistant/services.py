"""Service suggestions: catalogue entries ranked for a question, and the cards shown to families."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.corpus import Corpus, Need, Service
from assistant.corpus.models import UNVERIFIED as UNVERIFIED_WORD
from assistant.retrieve import Source
from assistant.text import Analyzer
from assistant.text.audience import Audience, fold


def _whole_words(analyzer: Analyzer, text: str) -> list[str]:
    """The lemma of each word of ``text``, without the parts of compounds ('vauvaperhetyö', not 'vauvaperhe')."""
    words = []
    for token in re.findall(r"[\w-]+", text):
        terms = analyzer.terms(token)
        if terms:
            words.append(terms[0])
    return words


def _short_name(service: Service) -> str:
    """The Finnish name without its parenthesised explanation, for finding mentions in passages."""
    return re.sub(r"\s*\(.*?\)", "", service.name.fi).strip().lower()


# Weight of the services of the question's closest need, beside keyword (1.5), meaning (1.0) and links (0.5).
# On eval/tune.yaml (2026-11-28, 115 answer cases with services): service hit@3 0.835 without needs, 0.861 with
# 0.3 and the urgent filter below; 0.5 gave 0.826 and 1.0 0.817 (the needs' service lists are broad).
# 2026-11-29, with 9-12 descriptions per need (they find the need far more often) and NEED_BONUS 0.04 in
# assistant.curated: 0.6 against 0.3 gave dev service hit@3 0.857 -> 0.870, tune 0.920 both, situational set
# (eval/tune_situations.yaml) 0.800 both.
NEED_WEIGHT = 0.6
# A service found by meaning alone must be this similar (cosine) to the question: the nearest services of a
# question the catalogue has nothing for ("Mikä on Vakkanen?") sit at 0.78-0.79 (a shelter, a chat, diaconia)
# and were shown as cards. On eval/tune.yaml (2026-11-28) service hit@3 was 0.920 at 0, 0.80 and 0.82.
SERVICE_DENSE_MIN = 0.8
# A term of a service's name names that service in a question when at most this many services have it in their
# names and at most this many of the index's passages (184 on 2026-11-29) hold it: 'kriisipuhelin', 'nollalinja',
# 'päivystysapu', 'turvakoti' (8 passages), 'lastensuojelu' (10) do; 'varhaiskasvatus' (17), 'neuvola' (18) do not.
NAME_SERVICES_MAX = 2
# Service levels whose cards a curated answer keeps only for the needs they serve (``rank_and_rule``). On
# 2026-11-29 with every restricted service: tune service hit@3 0.927 -> 0.913 (a parent's cannabis question
# lost its substance cards), dev 0.857 -> 0.864; raters had marked crisis and violence cards under answers picked
# for everyday questions.
HEAVY_LEVELS = frozenset({"kriisi", "vahva-tuki"})
NAME_CHUNKS_MAX = 10
# A word of a service's id names it when at most this many passages hold it ('marak', 'motti'; not 'mieli', 'ensi').
NAME_ID_CHUNKS_MAX = 6
PHRASE_ID_WORD_IDS = 3  # an id word in more ids ('chat', 'seurakunnan') is left out of the id's phrase


def for_young_people(service: Service | None) -> bool:
    """Whether children and young people contact the service themselves (services.yaml ``fits.users: nuoret``)."""
    return service is not None and service.fits.users == "nuoret"


class ServiceRanker:
    """Ranks catalogue services by keyword match (BM25), meaning (dense), links from the passages found and the
    services of the family need the question is about. Urgent services (112, crisis lines, shelters) are shown
    for an urgent need, or when the question is about that service itself (the best match by name and
    meaning); an everyday question never gets an emergency card.

    Each service says whom its card fits (services.yaml ``fits``): a card for children of other ages than the
    question names, a young people's chat under a parent's question, and a service kept for some needs only
    (shelters, child protection, substance services, single-parent groups) under a question about another need
    are left out, unless the question names the service."""

    def __init__(
        self,
        corpus: Corpus,
        store: Any,
        weights: tuple[float, float, float] = (1.5, 1.0, 0.5),
        need_weight: float = NEED_WEIGHT,
        analyzer: Analyzer | None = None,
    ) -> None:
        self.corpus = corpus
        self.store = store
        self.weights = weights  # keyword (BM25), meaning (dense), linked from the passages found
        self.need_weight = need_weight
        names = {s.id: _short_name(s) for s in corpus.services}
        # Distinctive terms of each service's names: a question that holds one names the service ('kriisipuhelin',
        # 'Kristelefonen', 'päivystysapu', 'MARAK'). Distinctive: a word of the service's id ('marak', 'motti',
        # 'nollalinja') that no other id has, or a long word of its Finnish or Swedish name that at most two
        # services have in their names and at most six of the index's passages hold (not 'perhe', 'vauva',
        # 'väkivalta'). English names are left out: their words are everyday English ('emergency', 'worker').
        self._name_terms: dict[str, frozenset[str]] = {}
        self._name_phrases: dict[str, frozenset[str]] = {}
        if analyzer is not None:
            id_words: dict[str, int] = {}
            for service in corpus.services:
                for word in set(service.id.split("-")):
                    id_words[word] = id_words.get(word, 0) + 1
            per_service = {
                service.id: frozenset(
                    term
                    for lang, shortest in (("fi", 8), ("sv", 9))
                    for term in _whole_words(analyzer, service.name.get(lang))
                    if len(term) >= shortest and not term.isdigit()
                )
                for service in corpus.services
            }
            counts: dict[str, int] = {}
            for terms in per_service.values():
                for term in terms:
                    counts[term] = counts.get(term, 0) + 1
            chunk_counts, _ = store.bm25.document_frequencies()
            for service in corpus.services:
                # An id word counts by its lemmas too: 'lapset' (lapset-puheeksi), 'rovaniemen' (rovaniemen-turvakoti)
                # and 'nuorten' are no index terms as written, but 'lapsi', 'rovaniemi' and 'nuori' are in half the
                # passages: every message with 'Rovaniemen' named the shelter.
                own = {
                    w
                    for w in service.id.split("-")
                    if len(w) >= 4
                    and id_words[w] == 1
                    and all(chunk_counts.get(t, 0) <= NAME_ID_CHUNKS_MAX for t in [w, *analyzer.terms(w)])
                }
                long_words = {
                    t
                    for t in per_service[service.id]
                    if counts[t] <= NAME_SERVICES_MAX and chunk_counts.get(t, 0) <= NAME_CHUNKS_MAX
                }
                self._name_terms[service.id] = frozenset(own | long_words)
                # A name of several everyday words names the service only whole ('lapset puheeksi', 'apua huoliin',
                # 'avoin päiväkoti'): the words of its id that few ids have ('apua' is in three, 'chat' in four),
                # each as written.
                phrase = frozenset(
                    w for w in service.id.split("-") if len(w) >= 4 and id_words[w] <= PHRASE_ID_WORD_IDS
                )
                if len(phrase) >= 2:
                    self._name_phrases[service.id] = phrase
        # Services a handbook passage names, found once at start-up.
        self._mentions: dict[str, list[str]] = {}
        for chunk in store.chunks:
            text = chunk.text.lower()
            linked = list(chunk.service_ids) + [sid for sid, name in names.items() if len(name) > 4 and name in text]
            self._mentions[chunk.id] = list(dict.fromkeys(linked))

    def rank(self, terms: list[str], vector: np.ndarray | None, sources: list[Source], **options: Any) -> list[str]:
        """Service ids, best first (``rank_and_rule`` without the rule)."""
        ranked, _ = self.rank_and_rule(terms, vector, sources, **options)
        return ranked

    def rank_and_rule(
        self,
        terms: list[str],
        vector: np.ndarray | None,
        sources: list[Source],
        *,
        limit: int = 3,
        urgent_only: bool = False,
        needs: list[Need] | None = None,
        audience: Audience | None = None,
        asked: list[str] | None = None,
    ) -> tuple[list[str], NeedRule]:
        """Service ids, best first, and the question's need rule for other cards (a curated answer's own
        services): whether a crisis or heavy-support service kept for some needs (``fits.only_with``: shelters,
        crisis lines, child protection, MARAK, the mother-and-baby home) fits this question's needs, or the
        question names it or asks about it. Everyday and early-support services an answer names are always
        kept: its own substance or separation services under a question the needs missed ('poika polttaa
        pilveä') are right.

        ``needs``: the question's closest needs, best first (None: not used); ``audience``: whom the question is
        about (cards that fit other groups are left out); ``asked``: the question's own terms and words, for
        finding services it names."""
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
        named = self.named(asked or [])
        need_ids = {n.id for n in needs or []}
        # A service that is the best match by keyword or by meaning and among the best two by the other is what
        # the question asks about ('Is there a women's shelter in Rovaniemi?'), whatever need it seems to be
        # about: it is not held back for other needs (but still for other ages and writers).
        asked_about = {sid for sid in (lexical[:1] + dense[:1]) if sid in lexical[:2] and sid in dense[:2]}
        if not urgent_only and (audience is not None or needs is not None):
            fused = [sid for sid in fused if self.fits(sid, audience, need_ids, named, asked_about)]

        return fused[:limit], NeedRule(self, needs is not None, need_ids, named, frozenset(asked_about))

    def named(self, asked: list[str]) -> set[str]:
        """Services the question names (holds a distinctive term of one of their names)."""
        words = set(asked) | {fold(term) for term in asked}
        named = {sid for sid, terms in self._name_terms.items() if terms & words}
        return named | {sid for sid, phrase in self._name_phrases.items() if phrase <= words}

    def fits(
        self,
        service_id: str,
        audience: Audience | None,
        need_ids: set[str],
        named: set[str],
        asked_about: AbstractSet[str] = frozenset(),
    ) -> bool:
        """Whether a ranked service's card fits the question: named in it, or for the children's ages, for the
        writer (a parent or a young person) and for one of the question's needs or what it asks about
        (``fits`` in services.yaml)."""
        if service_id in named:
            return True
        service = self.corpus.service(service_id)
        if service is None:
            return False
        fits = service.fits
        if fits.only_with and service_id not in asked_about and not need_ids & set(fits.only_with):
            return False
        return self.fits_audience(service, audience)

    @staticmethod
    def fits_audience(service: Service, audience: Audience | None) -> bool:
        """Whether a service is for the children's ages and the writer the question shows."""
        if audience is None:
            return True
        fits = service.fits
        if fits.users == "nuoret" and audience.parent:
            return False
        if fits.users == "vanhemmat" and audience.youth:
            return False
        return audience.fits_ages(fits.ages) and audience.fits_school(fits.school)

    def _urgent(self, service_id: str) -> bool:
        service = self.corpus.service(service_id)
        return service is not None and service.urgent


def service_card(service: Service, lang: str, plain: bool = False, corpus: Corpus | None = None) -> dict[str, Any]:
    """What a family sees of a service, in ``lang``. Values marked 'unverified' are flagged, never stated.
    With ``corpus``, the catalogue's Finnish channel notes are given in Swedish or English
    (corpus/catalogue_notes.yaml)."""
    summary = service.summary_plain_fi if plain and lang == "fi" else service.summary.get(lang)

    def note(text: str) -> str:
        return corpus.note(text, lang) if corpus is not None else text

    return {
        "id": service.id,
        "name": service.name.get(lang),
        "summary": summary,
        "channels": [
            {
                "type": c.type,
                "value": note(c.value),
                "label": note(c.label) if c.label and c.verified else None,
                "hours": note(c.hours) if c.hours and c.hours.strip() not in ("-", "–") and c.hours_verified else None,
                "verified": c.verified,
                "hours_verified": c.hours_verified,
                "hours_unconfirmed": unconfirmed_hours(note(c.hours)) if c.hours and not c.hours_verified else None,
            }
            for c in service.channels
        ],
        "urgent": service.urgent,
        "verified": service.verified,
        "organiser": service.organiser,
        "free": is_free(service),
    }


_NOTE_IN_BRACKETS = re.compile(r"\s*\([^()]*\)")


def unconfirmed_hours(hours: str | None) -> str | None:
    """When a line answers, as far as the catalogue's unconfirmed note says: 'virka-ajan ulkopuolella (2020/ennen
    Laphaa olevat lähteet; ajantasaisuus unverified)' -> 'virka-ajan ulkopuolella', 'kun oma terveysasema on kiinni
    (saatavuus Lapissa unverified)' -> 'kun oma terveysasema on kiinni'; None when nothing but the marker is left
    ('unverified'). Shown only with the reader's 'not confirmed' label: a tune-role rater of crisis replies
    (2026-12-03) found the social emergency service's evening number 040 726 6965 given bare, as if it answered at
    any hour, when the catalogue knows it only from a 2020 source for the hours outside office hours."""
    if not hours:
        return None
    kept = [part.strip() for part in _NOTE_IN_BRACKETS.sub("", hours).split(";")]
    kept = [part for part in kept if part and UNVERIFIED_WORD not in part.lower()]
    return "; ".join(kept) or None


def is_free(service: Service) -> bool:
    """The catalogue says the service costs the family nothing, and nothing in that says 'unverified' ('maksuton',
    'maksuton (käsikirja: kohtaamispaikkatoiminta maksutonta)'; not 'maksuton (… Laphan osalta unverified)'). Families
    ask 'onks se ilmanen?' about the services a reply names: the card says so (a user trial, 2026-11-30)."""
    cost = (service.cost or "").strip().lower()
    return cost.startswith("maksuton") and "unverified" not in cost


@dataclass(frozen=True)
class NeedRule:
    """Whether a crisis or heavy-support service a curated answer names fits the question (``rank_and_rule``), and
    the services the question asks about (``asked_about``: the best by keyword or by meaning and among the best two
    by the other)."""

    ranker: ServiceRanker
    has_needs: bool  # the needs were read (False: every service fits)
    need_ids: AbstractSet[str]
    named: AbstractSet[str]
    asked_about: AbstractSet[str]

    def __call__(self, service_id: str) -> bool:
        service = self.ranker.corpus.service(service_id)
        if not self.has_needs or service is None or service.level not in HEAVY_LEVELS:
            return True
        return self.ranker.fits(service_id, None, set(self.need_ids), set(self.named), self.asked_about)
