"""The synthetic corpora of ``make bench-scale``: deterministic, unique ids, valid, and as large as asked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.bench_scale import QUESTIONS, WARM_UP, CachedEmbedder
from assistant.benchscale import generate, untag
from assistant.corpus import load_corpus
from assistant.corpus.loader import FILES
from assistant.index.chunks import build_chunks

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def real() -> object:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(CORPUS, tmp_path_factory.mktemp("bench") / "corpus", 3).path


def test_the_same_seed_writes_the_same_bytes_and_another_seed_another_order(tmp_path: Path, three: Path) -> None:
    again = generate(CORPUS, tmp_path / "again", 3).path
    for name in FILES:
        assert (again / name).read_bytes() == (three / name).read_bytes(), name
    other = generate(CORPUS, tmp_path / "other", 3, seed=12).path
    assert (other / "services.yaml").read_bytes() != (three / "services.yaml").read_bytes()


def test_the_real_corpus_comes_first_unchanged_and_a_smaller_factor_is_a_prefix(tmp_path: Path, three: Path) -> None:
    two = generate(CORPUS, tmp_path / "two", 2).path
    for name in ("handbook.md", "glossary.yaml", "services.yaml"):
        real = (CORPUS / name).read_text(encoding="utf-8").rstrip("\n")
        assert (three / name).read_text(encoding="utf-8").startswith(real)
        assert (three / name).read_text(encoding="utf-8").startswith((two / name).read_text(encoding="utf-8"))
    for name in ("needs.yaml", "answers.yaml"):
        assert (three / name).read_bytes() == (CORPUS / name).read_bytes()


def test_the_generated_corpus_passes_the_loader_and_grows_with_the_factor(three: Path, real) -> None:  # type: ignore[no-untyped-def]
    corpus = load_corpus(three)  # ids, citations of needs and answers, the catalogue's fact check
    assert len(corpus.sections) == 3 * len(real.sections)
    assert len(corpus.glossary) == 3 * len(real.glossary)
    assert len(corpus.services) == 3 * len(real.services)
    assert len(build_chunks(corpus)) == 3 * len(build_chunks(real))
    assert corpus.needs == real.needs and corpus.answers == real.answers


def test_ids_are_unique_and_copies_never_take_a_real_title(three: Path, real) -> None:  # type: ignore[no-untyped-def]
    corpus = load_corpus(three)
    chunks = build_chunks(corpus)
    assert len({c.id for c in chunks}) == len(chunks)
    assert len({s.id for s in corpus.services}) == len(corpus.services)
    assert len({g.term for g in corpus.glossary}) == len(corpus.glossary)
    # What curated answers and needs cite resolves to the real material only, as in the real corpus.
    for answer in corpus.answers:
        for title in answer.cites.handbook:
            assert len(corpus.sections_titled(title)) == len(real.sections_titled(title))
    known = {s.id for s in corpus.services}
    assert all(sid in known for g in corpus.glossary for sid in g.services)


def test_every_passage_is_a_real_passage_once_its_tag_is_removed(three: Path, real) -> None:  # type: ignore[no-untyped-def]
    real_texts = {c.search_text for c in build_chunks(real)}
    chunks = build_chunks(load_corpus(three))
    assert all(untag(c.search_text) in real_texts for c in chunks)
    copies = [c for c in chunks if untag(c.search_text) != c.search_text]
    assert len(copies) == 2 * len(real_texts)  # volumes 1 and 2, each passage tagged
    services = load_corpus(three).services
    copy = next(s for s in services if s.id.endswith("-v2"))
    original = next(s for s in real.services if s.id == copy.id.removesuffix("-v2"))
    assert copy.summary == original.summary and copy.channels == original.channels


class _Counting:
    id, dim = "fake", 3

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.zeros(3, dtype=np.float32)


def test_the_cache_embeds_a_real_passage_once_and_gives_its_copies_the_same_vector(tmp_path: Path) -> None:
    inner = _Counting()
    cache = CachedEmbedder(inner, tmp_path / "cache.npz")
    first = cache.embed_passages(["Otsikko\nTeksti", "Otsikko [v1]\nTeksti", "Otsikko [v12]\nTeksti"])
    assert inner.texts == ["Otsikko\nTeksti"] and (cache.embedded, cache.reused) == (1, 2)
    assert (first[0] == first[1]).all() and (first[0] == first[2]).all()
    cache.save()
    again = CachedEmbedder(inner, tmp_path / "cache.npz")
    again.embed_passages(["Otsikko [v3]\nTeksti"])
    assert inner.texts == ["Otsikko\nTeksti"] and again.reused == 1
    off = CachedEmbedder(inner, tmp_path / "cache.npz", enabled=False)
    off.embed_passages(["Otsikko [v3]\nTeksti"])
    assert inner.texts[-1] == "Otsikko [v3]\nTeksti"


def test_the_benchmark_questions_are_not_taken_from_eval() -> None:
    import yaml

    asked = {q.casefold() for q in [*QUESTIONS, *WARM_UP]}
    assert len(asked) == len(QUESTIONS) + len(WARM_UP)
    for path in (ROOT / "eval").rglob("*.yaml"):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(cases, list):
            used = {str(c.get("question", "")).casefold() for c in cases if isinstance(c, dict)}
            assert not asked & used, path


def test_the_catalogue_fact_check_the_benchmark_times_apart_passes_on_a_generated_corpus(three: Path, real) -> None:  # type: ignore[no-untyped-def]
    from assistant.bench_scale import fact_check_seconds

    seconds, checked, services = fact_check_seconds(three)  # raises if a copied summary fails the check
    assert checked == services == 3 * len(real.services) and seconds >= 0
    sampled = fact_check_seconds(three, sample=1)  # more than 100 services: timed on a sample, extrapolated
    assert sampled[1] == 1 and sampled[2] == services
