"""``make bench-scale``: how cost grows with the material.

Builds the real corpus (1×) and synthetic corpora of 10× and 100× (``assistant.benchscale.generator``:
the real material recombined under new ids) and reports, for each: index build time, index size on disk,
peak resident memory of a process that loads the index and answers questions, and warm p50/p95 of ``ask``
over a fixed list of questions (``QUESTIONS`` below, written for this benchmark, none from eval/).

Embedding is what an index build spends its time on (about 90 % of it on the real corpus), and every passage
of a generated corpus is a real passage with a volume tag in its heading. Passage vectors are therefore
cached by the hash of the *untagged* text: a copy gets the vector of the real passage it was copied from,
and only the real passages are ever embedded. That hides the embedding of the copies, so the run measures the
per-passage embedding cost on a sample of tagged copies (embedded for real) and reports the build time with
every passage embedded, extrapolated from it. ``--no-cache`` embeds everything (hours at 100× on 2 cores).

Two stores: ``local``, the default (the build writes an embedded Chroma collection and the same vectors as a
matrix, and the server searches the matrix exactly with numpy), and ``server``, the vectors on a Chroma server
(``chroma run``, ``PK_CHROMA_URL``; approximate HNSW queries over HTTP). The server run is made when the local
store misses a target at the largest factor (warm p95 ≤ 40 ms, memory ≤ 2 GiB), or with ``--server always``.

Outputs: ``eval/reports/bench-scale/results.json``, ``results.md`` (the table) and ``bench-scale.png``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from assistant.bench import _free_port, _pct, _say
from assistant.benchscale.generator import DEFAULT_SEED, generate, untag
from assistant.config import get_settings
from assistant.corpus.loader import _service_fact_problems as _catalogue_fact_check
from assistant.embeddings import Embedder
from assistant.factory import make_analyzer, make_embedder
from assistant.index import IndexBuilder
from assistant.index.builder import BUILDS, current_dir

logger = logging.getLogger(__name__)

TARGET_P95_MS = 40.0
TARGET_MEMORY_BYTES = 2 * 1024**3
FACTORS = (1, 10, 100)
REPORT_DIR = Path("eval/reports/bench-scale")
SAMPLE = 48  # tagged passages embedded for real to measure the per-passage cost

# Asked of every index, each once (a question asked again would be answered from the query-vector and analysis
# caches); written for this benchmark, none from eval/. Everyday questions, so that each goes through retrieval,
# the curated answers, the needs and the service ranking (the work that grows with the material); the three
# warm-up questions are asked first and not measured.
WARM_UP = [
    "Mikä on perhekeskus?",
    "Vad är ett familjecenter?",
    "What does the family centre do?",
]
QUESTIONS = [
    "Missä Rovaniemellä voi käydä vauvan kanssa tapaamassa muita vanhempia?",
    "Kuka koordinoi perhekeskuksen toimintaa Rovaniemellä?",
    "Mistä löydän kaikki lapsiperheiden palvelut yhdeltä sivulta?",
    "Tarvitseeko avoimeen päiväkotiin varata aikaa etukäteen?",
    "Mitä tarkoittaa sovinnollinen vanhemmuus eron jälkeen?",
    "Kenelle voin soittaa, jos lapsen uhmaikä uuvuttaa?",
    "Onko seurakunnalla perhekerhoja pienille lapsille?",
    "Miten neuvola tukee vanhemmuutta?",
    "Mitä Harrastusresepti tarkoittaa ja kuka sen voi kirjoittaa?",
    "Millaista vertaistukea on tarjolla eroaville vanhemmille?",
    "Mistä saa apua, kun nuori käyttää päihteitä?",
    "Mikä on Ankkuri-toiminta?",
    "Onko perhekeskuksessa tulkkia, jos en puhu suomea hyvin?",
    "Mitä perhesosiaalityö tekee?",
    "Paljonko Rovaniemellä on lapsiperheitä?",
    "Voinko kysyä neuvoa nimettömästi chatissa?",
    "Mitä tehdä, jos epäilen että naapurin lapsi ei saa tarpeeksi ruokaa?",
    "Kenen puoleen lapsi voi kääntyä koulussa, jos häntä kiusataan?",
    "Millaisia ryhmiä on isille?",
    "Mitä kohtaamispaikoissa tehdään?",
    "Meillä on riitoja parisuhteessa, mistä saisi pariterapiaa?",
    "Kerro lyhyesti, mitä Motti-malli on.",
    "Saako kotiin apua, kun vauva ei nuku ja olen ihan poikki?",
    "Miten perheet pääsevät kehittämään perhekeskuksen toimintaa?",
    "Mitä perhekeskuksen vuosikellossa tapahtuu keväällä?",
    "Finns det stöd för föräldrar som separerar?",
    "Var kan jag träffa andra föräldrar med små barn?",
    "Hur får jag hjälp om mitt barn mår dåligt?",
    "Ordnar församlingen träffar för småbarnsfamiljer?",
    "Where can I find peer support for parents of teenagers?",
    "Is there a chat where parents can ask professionals for advice?",
    "How do I get family counselling in Rovaniemi?",
    "What is the child health clinic for?",
    "Are there activities for immigrant families with young children?",
    "My partner and I argue a lot, who can help us?",
    "Mistä löytyy tukea lapsen harrastamiseen, jos rahat ei riitä?",
    "Kuka auttaa, kun lapsella on koulussa vaikeaa?",
    "Mitä tarkoittaa monialainen yhteistyö perhekeskuksessa?",
    "Missä järjestetään vanhempainryhmiä ensimmäistä lasta odottaville?",
    "Onko Rovaniemellä nuorille matalan kynnyksen paikkaa, jonne voi mennä juttelemaan?",
    "Miten perheneuvolaan hakeudutaan?",
    "Saako lapsiperhe kotipalvelua, jos vanhempi sairastuu?",
    "Mitä tukea on tarjolla, kun vanhemmat riitelevät lasten asioista eron jälkeen?",
    "Onko olemassa vertaisryhmää vanhemmille, joiden lapsella on erityisen tuen tarve?",
    "Mitä varhaiskasvatus tekee yhdessä neuvolan kanssa?",
    "Mistä saan tietoa perheiden tapahtumista Rovaniemellä?",
    "Millaista apua MLL tarjoaa lapsiperheille?",
    "Miten ammattilaiset konsultoivat toisiaan perhekeskuksessa?",
    "Keitä kuuluu lasten, nuorten ja perheiden elämänkaariverkostoon?",
    "Voiko neuvolassa puhua myös parisuhteen ongelmista?",
    "Mihin voi ottaa yhteyttä, jos nuori ei halua mennä kouluun?",
    "Onko tarjolla tukea lapsen kielen kehitykseen?",
    "Mitä tarkoittaa lapsiystävällinen kunta?",
    "Kuka järjestää vauvaperheille ryhmiä?",
    "Miten nuorisovaltuusto vaikuttaa perhekeskukseen?",
    "Vilka tjänster finns för unga som mår dåligt?",
    "Kan man få parterapi i Rovaniemi?",
    "Who can I talk to if my teenager uses drugs?",
    "Where do I find information about services for families in English?",
    "What support is there for a family after a divorce?",
]


# -- measurement helpers ---------------------------------------------------------------------------


def _status(pid: int | str = "self") -> dict[str, int]:
    """VmHWM (peak resident set) and VmRSS of a process, in bytes."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(value.split()[0]) * 1024
    return out


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _tree_peak(pid: int) -> int:
    """Peak RSS of a process and its descendants (summed; each process's own peak)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += _status(current).get("VmHWM", 0)
        except OSError:
            continue
        stack.extend(_children(current))
    return total


def _disk_usage(path: Path) -> int:
    """Bytes a directory takes on disk (allocated blocks, as du counts them)."""
    if not path.exists():
        return 0
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def _loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _memory_total() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 0


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


# -- the embedding cache ---------------------------------------------------------------------------


def _key(text: str) -> str:
    return hashlib.sha1(untag(text).encode()).hexdigest()


class CachedEmbedder:
    """An :class:`Embedder` whose passage vectors are cached by the hash of the untagged text: a generated
    passage gets the vector of the real passage it copies (embedded once). Queries are never cached.
    ``embedded``/``reused``/``seconds`` count what was embedded for real since the last :meth:`reset`."""

    def __init__(self, inner: Embedder, path: Path | None = None, enabled: bool = True) -> None:
        self.inner = inner
        self.id = inner.id
        self.dim = inner.dim
        self.path = path
        self.enabled = enabled
        self._vectors: dict[str, np.ndarray] = {}
        if enabled and path is not None and path.is_file():
            with np.load(path) as data:
                self._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        self.reset()

    def reset(self) -> None:
        self.embedded = 0
        self.reused = 0
        self.seconds = 0.0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not self.enabled:
            started = time.perf_counter()
            vectors = self.inner.embed_passages(texts)
            self.seconds += time.perf_counter() - started
            self.embedded += len(texts)
            return vectors
        keys = [_key(t) for t in texts]
        missing = {k: untag(t) for k, t in zip(keys, texts, strict=True) if k not in self._vectors}
        if missing:
            started = time.perf_counter()
            vectors = self.inner.embed_passages(list(missing.values()))
            self.seconds += time.perf_counter() - started
            self._vectors.update(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
        self.embedded += len(missing)
        self.reused += len(texts) - len(missing)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._vectors[k] for k in keys]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def save(self) -> None:
        if not self.enabled or self.path is None or not self._vectors:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=np.array(list(self._vectors)), vectors=np.vstack(list(self._vectors.values())))
        os.replace(tmp, self.path)


# -- a Chroma server -------------------------------------------------------------------------------


@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``chroma run`` of this environment's chromadb on a free loopback port, with a fresh data directory."""
    binary = Path(sys.executable).parent / "chroma"
    if not binary.exists():
        found = shutil.which("chroma")
        if not found:
            raise RuntimeError("the `chroma` command of the chromadb package is missing")
        binary = Path(found)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    port = _free_port()
    process = subprocess.Popen(
        [str(binary), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.time() + 120
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"chroma run did not start on port {port}")
            time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        shutil.rmtree(path, ignore_errors=True)  # measured already; the 100× collection takes 190 MB


# -- one scale -------------------------------------------------------------------------------------


@dataclass
class Row:
    factor: int
    store: str  # local | server
    chunks: int = 0
    services: int = 0
    phrases: int = 0
    corpus_bytes: int = 0
    fact_check_s: float = 0.0  # the loader's catalogue fact check, left out of build and start (see below)
    fact_check_services: int = 0  # services it was timed on (all, or a sample extrapolated from)
    build_s: float = 0.0  # wall time of the build in this run (copies' vectors from the cache)
    build_embed_s: float = 0.0  # of which spent embedding for real (passages not in the cache)
    embedded_now: int = 0
    reused: int = 0
    stages_s: dict[str, float] = field(default_factory=dict)
    full_embed_s: float = 0.0  # every passage embedded at the measured per-passage cost
    build_full_s: float = 0.0  # build without the cache: (build_s - build_embed_s) + full_embed_s
    index_bytes: int = 0
    index_parts: dict[str, int] = field(default_factory=dict)
    start_s: float = 0.0
    peak_rss: int = 0  # the process that loads the index and answers
    server_peak_rss: int = 0  # the Chroma server (server store only)
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    parts_p50_ms: dict[str, float] = field(default_factory=dict)
    start_parts_s: dict[str, float] = field(default_factory=dict)
    max_ms: float = 0.0
    samples: int = 0
    routes: dict[str, int] = field(default_factory=dict)
    load: dict[str, float] = field(default_factory=dict)

    @property
    def memory(self) -> int:
        return self.peak_rss + self.server_peak_rss

    @property
    def meets_targets(self) -> bool:
        return self.p95_ms <= TARGET_P95_MS and self.memory <= TARGET_MEMORY_BYTES


@dataclass
class Costs:
    """Per-passage embedding cost measured in this run (ms), and how close a copy's own vector is to the
    vector it gets from the cache (cosine)."""

    chunk_ms: float
    phrase_ms: float
    chunk_chars: float
    phrase_chars: float
    copy_cosine_min: float
    copy_cosine_mean: float
    samples: int
    threads: int
    load: float


def skip_catalogue_fact_check() -> None:
    """Leave the loader's catalogue fact check out of this process's ``load_corpus`` calls.

    The check builds one ``FactSource`` over all handbook and glossary texts for every service: work
    proportional to services × material, and past 4,096 material texts (between 30× and 100×) its per-text
    cache no longer holds them, so at 100× it takes hours. Every build and every start-up runs it, so it
    is left out of the build and start-up figures at every factor and measured on its own
    (:func:`fact_check_seconds`).
    """
    from assistant.corpus import loader

    loader._service_fact_problems = lambda corpus, path: []  # type: ignore[assignment]


def fact_check_seconds(corpus_dir: Path, sample: int = 12) -> tuple[float, int, int]:
    """Seconds the loader's catalogue fact check takes on ``corpus_dir`` (a load with the check skipped must
    already be in place): all services when there are at most ``sample`` × 100, else ``sample`` services
    spread over the catalogue, extrapolated. Returns (seconds, services checked, services). Raises when a
    checked service fails the check: the generated corpus must pass it as the real one does."""
    from dataclasses import replace

    from assistant.corpus import load_corpus
    from assistant.corpus.facts import _source_facts

    corpus = load_corpus(corpus_dir)
    services = corpus.services
    checked = services if len(services) <= sample * 100 else services[:: len(services) // sample][:sample]
    part = replace(corpus, services=checked)
    object.__setattr__(part, "_service_map", {s.id: s for s in services})
    _source_facts.cache_clear()
    started = time.perf_counter()
    problems = _catalogue_fact_check(part, corpus_dir / "services.yaml")
    seconds = time.perf_counter() - started
    if problems:
        raise RuntimeError(f"the generated catalogue fails the loader's fact check: {problems[0]}")
    return seconds * len(services) / len(checked), len(checked), len(services)


def _timed(record: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            record[name] = record.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def _build(
    corpus_dir: Path, index_dir: Path, router: Path, embedder: CachedEmbedder, url: str | None
) -> tuple[Path, dict[str, Any]]:
    """Build one index (the router is corpus-independent: trained once, copied in)."""
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    shutil.copytree(router, index_dir / router.name)
    settings = get_settings()
    # A fresh analyzer, as a new `index build` process has: its word caches start empty at every factor.
    analyzer = make_analyzer(settings)
    builder = IndexBuilder(
        corpus_dir,
        index_dir,
        analyzer,
        embedder,
        chroma_url=url,
        max_words=settings.chunk_max_words,
        overlap_words=settings.chunk_overlap_words,
    )
    stages: dict[str, float] = {}
    builder._embed = _timed(stages, "chunks_embed_and_store", builder._embed)  # type: ignore[method-assign]
    builder._phrases = _timed(stages, "phrases", builder._phrases)  # type: ignore[method-assign]
    embedder.reset()
    started = time.perf_counter()
    result = builder.build(force=True)
    wall = time.perf_counter() - started
    stages["other (load, chunk, BM25 analysis)"] = wall - sum(stages.values())
    embedder.save()
    counts = result.manifest.counts
    info = {
        "wall": wall,
        "stages": stages,
        "chunks": counts["chunks"],
        "embedded": embedder.embedded,
        "reused": embedder.reused,
        "embed_s": embedder.seconds,
    }
    return result.path, info


def _probe(corpus_dir: Path, index_dir: Path, url: str | None, data_dir: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "PK_CORPUS_DIR": str(corpus_dir),
        "PK_INDEX_DIR": str(index_dir),
        "PK_DATA_DIR": str(data_dir),
        "PK_LOG_LEVEL": "WARNING",
    }
    env.pop("PK_CHROMA_URL", None)
    if url:
        env["PK_CHROMA_URL"] = url
    completed = subprocess.run(
        [sys.executable, "-m", "assistant.bench_scale", "--probe"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"probe failed:\n{completed.stderr[-4000:]}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def probe() -> dict[str, Any]:
    """In a fresh process: start the assistant on PK_INDEX_DIR, ask the questions, report latency and peak RSS."""
    from assistant import factory

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    skip_catalogue_fact_check()
    settings = get_settings()
    # Where start-up goes: the steps of make_assistant, timed where the factory calls them.
    start_parts: dict[str, float] = {}
    for name in ("load_corpus", "make_analyzer", "make_embedder", "make_router", "ServiceRanker", "_curated_and_needs"):
        setattr(factory, name, _timed(start_parts, name, getattr(factory, name)))
    open_index = factory.IndexStore.open
    factory.IndexStore.open = _timed(start_parts, "IndexStore.open", open_index)  # type: ignore[method-assign]
    started = time.perf_counter()
    assistant = factory.make_assistant(settings)
    start_s = time.perf_counter() - started
    start_parts["other"] = start_s - sum(start_parts.values())
    if assistant.index_error:
        raise RuntimeError(f"the index did not load: {assistant.index_error}")
    for question in WARM_UP:
        assistant.ask(question)
    load_before = _loadavg()
    times: list[float] = []
    routes: dict[str, int] = {}
    for question in QUESTIONS:
        began = time.perf_counter()
        result = assistant.ask(question)
        times.append((time.perf_counter() - began) * 1000)
        routes[result.route] = routes.get(result.route, 0) + 1
    load_after = _loadavg()
    return {
        "parts_p50_ms": _parts(assistant, settings.candidates),
        "start_s": start_s,
        "start_parts_s": start_parts,
        "p50_ms": statistics.median(times),
        "p95_ms": _pct(times, 95),
        "max_ms": max(times),
        "samples": len(times),
        "routes": routes,
        "load": {"before": load_before, "after": load_after},
        **{k.lower(): v for k, v in _status().items()},
    }


def _parts(assistant: Any, candidates: int) -> dict[str, float]:
    """Median time of the look-ups inside ``ask`` that search the whole material, once per question: the query
    embedding, BM25 and dense candidates, and the service ranker's BM25 (400) and service-only dense search."""
    store = assistant.retriever.store
    model = getattr(assistant.embedder, "embedder", assistant.embedder)  # past the query-vector cache
    parts: dict[str, list[float]] = {}

    def timed(name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        out = fn(*args, **kwargs)
        parts.setdefault(name, []).append((time.perf_counter() - began) * 1000)
        return out

    for question in QUESTIONS:
        vector = timed("embed query", model.embed_query, question)
        terms = assistant.retriever.query_terms(question)
        timed("bm25 candidates", store.bm25_search, terms, candidates)
        timed("dense candidates", store.dense_search_vector, vector, candidates)
        timed("services bm25 (400)", store.bm25_search, terms, 400)
        timed("services dense (filtered)", store.dense_search_vector, vector, 12, doc="services")
    return {name: statistics.median(values) for name, values in parts.items()}


def measure_costs(embedder: Embedder, corpus_dir: Path, sample: int, threads: int) -> Costs:
    """Embed ``sample`` tagged copies (volume 1) and as many curated-answer phrases for real: per-passage cost,
    and the cosine of each copy's own vector to its real passage's vector (what the cache gives it)."""
    from assistant.corpus import load_corpus
    from assistant.index.chunks import build_chunks

    corpus = load_corpus(corpus_dir)
    chunks = [c.search_text for c in build_chunks(corpus) if untag(c.search_text) != c.search_text]
    step = max(1, len(chunks) // sample)
    tagged = chunks[::step][:sample]
    phrases = [q for a in corpus.answers for q in a.question_texts()]
    phrases = phrases[:: max(1, len(phrases) // sample)][:sample]
    load = _loadavg()
    started = time.perf_counter()
    own = embedder.embed_passages(tagged)
    chunk_ms = (time.perf_counter() - started) * 1000 / len(tagged)
    started = time.perf_counter()
    embedder.embed_passages(phrases)
    phrase_ms = (time.perf_counter() - started) * 1000 / len(phrases)
    real = embedder.embed_passages([untag(t) for t in tagged])
    cosines = np.sum(np.asarray(own) * np.asarray(real), axis=1)
    return Costs(
        chunk_ms=chunk_ms,
        phrase_ms=phrase_ms,
        chunk_chars=float(np.mean([len(t) for t in tagged])),
        phrase_chars=float(np.mean([len(t) for t in phrases])),
        copy_cosine_min=float(cosines.min()),
        copy_cosine_mean=float(cosines.mean()),
        samples=len(tagged),
        threads=threads,
        load=(load + _loadavg()) / 2,
    )


def _phrase_count(corpus_dir: Path) -> int:
    from assistant.corpus import load_corpus

    corpus = load_corpus(corpus_dir)
    answers = sum(len(a.question_texts()) + len(a.answer.items()) for a in corpus.answers)
    return answers + sum(len(n.description.all()) for n in corpus.needs)


def run_scale(
    factor: int,
    store: str,
    work: Path,
    router: Path,
    embedder: CachedEmbedder,
    costs: Costs,
    phrases: int,
) -> Row:
    corpus_dir = work / f"corpus-{factor}x"
    if not (corpus_dir / "handbook.md").exists() or store == "local":
        generated = generate(Path(get_settings().corpus_dir), corpus_dir, factor, DEFAULT_SEED)
        _say(
            f"  {factor}×: corpus {generated.bytes / 1e6:.1f} MB, {generated.sections} sections, "
            f"{generated.glossary} glossary entries, {generated.services} services"
        )
    row = Row(factor=factor, store=store, phrases=phrases)
    row.corpus_bytes = sum(p.stat().st_size for p in corpus_dir.iterdir())
    if store == "local":
        row.fact_check_s, row.fact_check_services, row.services = fact_check_seconds(corpus_dir)
        _say(
            f"  {factor}×: catalogue fact check of the loader {row.fact_check_s:,.1f} s"
            + (
                f" (timed on {row.fact_check_services} of {row.services} services)"
                if row.fact_check_services < row.services
                else ""
            )
        )
    index_dir = work / f"index-{factor}x-{store}"
    data_dir = work / "data"
    load_start = _loadavg()
    if store == "local":
        build, info = _build(corpus_dir, index_dir, router, embedder, None)
        probed = _probe(corpus_dir, index_dir, None, data_dir)
        row.index_parts = {p.name: _disk_usage(p) if p.is_dir() else p.stat().st_size for p in build.iterdir()}
    else:
        with chroma_server(work / f"chroma-server-{factor}x") as (url, process):
            build, info = _build(corpus_dir, index_dir, router, embedder, url)
            probed = _probe(corpus_dir, index_dir, url, data_dir)
            row.server_peak_rss = _tree_peak(process.pid)
            row.index_parts = {p.name: _disk_usage(p) if p.is_dir() else p.stat().st_size for p in build.iterdir()}
            row.index_parts["chroma (server)"] = _disk_usage(work / f"chroma-server-{factor}x")
    row.index_bytes = sum(row.index_parts.values())
    row.chunks = info["chunks"]
    row.build_s = info["wall"]
    row.build_embed_s = info["embed_s"]
    row.embedded_now = info["embedded"]
    row.reused = info["reused"]
    row.stages_s = info["stages"]
    row.full_embed_s = (row.chunks * costs.chunk_ms + phrases * costs.phrase_ms) / 1000
    row.build_full_s = row.build_s - row.build_embed_s + row.full_embed_s
    row.start_s = probed["start_s"]
    row.peak_rss = probed["vmhwm"]
    row.p50_ms, row.p95_ms = probed["p50_ms"], probed["p95_ms"]
    row.parts_p50_ms = probed["parts_p50_ms"]
    row.start_parts_s = probed["start_parts_s"]
    row.max_ms = probed["max_ms"]
    row.samples, row.routes = probed["samples"], probed["routes"]
    row.load = {
        "build_start": load_start,
        "probe_before": probed["load"]["before"],
        "probe_after": probed["load"]["after"],
    }
    shutil.rmtree(index_dir / BUILDS, ignore_errors=True)  # the 100× index is large; keep the disk free
    current_dir(index_dir).unlink(missing_ok=True)
    _say(
        f"  {factor}× {store}: build {row.build_s:.0f} s ({row.embedded_now} passages embedded now, "
        f"{row.reused} from the cache; {row.build_full_s:.0f} s with every passage embedded), "
        f"index {row.index_bytes / 1e6:.0f} MB, start {row.start_s:.1f} s, peak RSS "
        f"{row.peak_rss / 2**20:.0f} MiB"
        + (f" + server {row.server_peak_rss / 2**20:.0f} MiB" if row.server_peak_rss else "")
        + f", warm ask p50 {row.p50_ms:.1f} ms p95 {row.p95_ms:.1f} ms"
    )
    _say("    look-ups, p50: " + ", ".join(f"{k} {v:.1f} ms" for k, v in row.parts_p50_ms.items()))
    _say("    start: " + ", ".join(f"{k} {v:.1f} s" for k, v in row.start_parts_s.items()))
    return row


# -- reports ---------------------------------------------------------------------------------------


def _mb(value: int) -> str:
    return f"{value / 2**20:,.0f}"


def table(rows: list[Row]) -> str:
    lines = [
        "| material | store | chunks | build without embedding (s) | embedding every passage (s) "
        "| loader's catalogue fact check (s) | index on disk (MiB) | start (s) | peak RSS (MiB) "
        "| warm `ask` p50 / p95 (ms) | targets (p95 ≤ 40 ms, ≤ 2 GiB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        memory = _mb(r.peak_rss) + (f" + {_mb(r.server_peak_rss)} server" if r.server_peak_rss else "")
        lines.append(
            f"| {r.factor}× | {r.store} | {r.chunks:,} | {r.build_s - r.build_embed_s:,.0f} | {r.full_embed_s:,.0f} "
            f"| {r.fact_check_s:,.1f}{'*' if r.fact_check_services < r.services else ''} | {_mb(r.index_bytes)} "
            f"| {r.start_s:.1f} | {memory} | {r.p50_ms:.1f} / {r.p95_ms:.1f} "
            f"| {'met' if r.meets_targets else 'missed'} |"
        )
    return "\n".join(lines)


def plot(rows: list[Row], path: Path, note: str = "") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(14, 7.8))
    (build_ax, start_ax, size_ax), (mem_ax, lat_ax, parts_ax) = axes
    factors = sorted({r.factor for r in rows})
    for store, colour, marker in (("local", "tab:blue", "o"), ("server", "tab:orange", "s")):
        picked = sorted((r for r in rows if r.store == store), key=lambda r: r.factor)
        if not picked:
            continue
        x = [r.factor for r in picked]
        solid = {"color": colour, "marker": marker, "linestyle": "-"}
        faint = {"color": colour, "marker": marker, "linestyle": ":", "alpha": 0.6}
        build_ax.plot(x, [r.build_full_s / 60 for r in picked], label=f"{store}: every passage embedded", **solid)
        build_ax.plot(
            x, [(r.build_s - r.build_embed_s) / 60 for r in picked], label=f"{store}: without embedding", **faint
        )
        start_ax.plot(x, [r.start_s for r in picked], label=store, **solid)
        size_ax.plot(x, [r.index_bytes / 2**20 for r in picked], label=store, **solid)
        mem_label = f"{store} (assistant + server)" if store == "server" else store
        mem_ax.plot(x, [r.memory / 2**20 for r in picked], label=mem_label, **solid)
        lat_ax.plot(x, [r.p95_ms for r in picked], label=f"{store} p95", **solid)
        lat_ax.plot(x, [r.p50_ms for r in picked], label=f"{store} p50", **faint)
        dense = [r.parts_p50_ms.get("dense candidates", 0.0) for r in picked]
        parts_ax.plot(x, dense, label=f"{store}: dense candidates (30)", **solid)
        services = [r.parts_p50_ms.get("services dense (filtered)", 0.0) for r in picked]
        parts_ax.plot(x, services, label=f"{store}: services dense (filtered)", **faint)
    local = sorted((r for r in rows if r.store == "local"), key=lambda r: r.factor)
    if local:
        x = [r.factor for r in local]
        build_ax.plot(
            x,
            [r.fact_check_s / 60 for r in local],
            color="tab:red",
            marker="x",
            linestyle="--",
            label="loader's catalogue fact check",
        )
        parts_ax.plot(
            x,
            [r.parts_p50_ms.get("embed query", 0.0) for r in local],
            color="grey",
            marker="^",
            linestyle="--",
            label="embedding the question",
        )
        parts_ax.plot(
            x,
            [r.parts_p50_ms.get("bm25 candidates", 0.0) for r in local],
            color="tab:green",
            marker="v",
            linestyle="--",
            label="BM25 candidates",
        )
    mem_ax.axhline(TARGET_MEMORY_BYTES / 2**20, color="red", linewidth=0.8, linestyle="--", label="target 2 GiB")
    lat_ax.axhline(TARGET_P95_MS, color="red", linewidth=0.8, linestyle="--", label="target p95 40 ms")
    titles = (
        "index build (min)",
        "start of the assistant (s)",
        "index on disk (MiB)",
        "peak resident memory (MiB)",
        "warm ask latency (ms)",
        "look-ups inside ask, p50 (ms)",
    )
    for ax, title in zip(axes.flat, titles, strict=True):
        ax.set_xscale("log")
        ax.set_xticks(factors)
        ax.set_xticklabels([f"{f}×" for f in factors])
        ax.minorticks_off()
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    for ax in (build_ax, start_ax, size_ax):
        ax.set_yscale("log")
    for ax in (mem_ax, lat_ax, parts_ax):
        ax.set_ylim(bottom=0)
    fig.suptitle("Cost against the amount of material (1× = the real corpus; x and the top row on log scales)")
    if note:
        fig.text(0.5, 0.005, note, ha="center", fontsize=8, color="dimgrey")
    fig.tight_layout(rect=(0, 0.025, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def replot(report: Path) -> None:
    """Redraw the table and the plot from ``report/results.json`` (no measuring)."""
    data = json.loads((report / "results.json").read_text())
    names = {f.name for f in Row.__dataclass_fields__.values()}
    rows = [Row(**{k: v for k, v in r.items() if k in names}) for r in data["rows"]]
    (report / "results.md").write_text(_summary(data) + table(rows) + "\n")
    plot(rows, report / "bench-scale.png", _note(data))


def _summary(data: dict[str, Any]) -> str:
    info = data["machine"]
    return (
        f"`make bench-scale`, {data['date']}: {info['cpu']}, {info['cores']} cores, "
        f"{info['memory_bytes'] / 2**30:.1f} GiB, Python {info['python']}, Voikko {data['voikko_backend']}; load "
        f"average {info['load_start']:.1f} at the start, {info['load_end']:.1f} at the end; whole run "
        f"{data['total_s'] / 60:.0f} min. * extrapolated from the services it was timed on.\n\n"
    )


def _note(data: dict[str, Any]) -> str:
    info, costs = data["machine"], data["costs"]
    return (
        f"{data['date'][:10]}, {info['cores']} cores, load average {info['load_start']:.1f}–{info['load_end']:.1f}; "
        f"embedding measured at {costs['chunk_ms']:.0f} ms per passage and {costs['phrase_ms']:.0f} ms per phrase"
    )


def machine() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_bytes": _memory_total(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench_scale", description=__doc__.split("\n")[0])
    parser.add_argument("--factors", default=",".join(map(str, FACTORS)), help="material factors, e.g. 1,10,100")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "perhekeskus-bench-scale",
        help="corpora, indexes and the embedding cache (kept between runs)",
    )
    parser.add_argument("--report", type=Path, default=REPORT_DIR)
    parser.add_argument(
        "--server",
        choices=("auto", "always", "never"),
        default="auto",
        help="also run against a Chroma server: when the largest factor misses a target (auto)",
    )
    parser.add_argument("--no-cache", action="store_true", help="embed every passage (hours at 100×)")
    parser.add_argument("--replot", action="store_true", help="redraw table and plot from --report's results.json")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        sys.stdout.write(json.dumps(probe()) + "\n")
        return
    if args.replot:
        replot(args.report)
        return

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    skip_catalogue_fact_check()
    began = time.perf_counter()
    factors = sorted({int(f) for f in args.factors.split(",") if f.strip()})
    settings = get_settings()
    info = machine()
    info["load_start"] = _loadavg()
    _say(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_bytes'] / 2**30:.1f} GiB, "
        f"Python {info['python']}; load average {info['load_start']:.2f}"
    )
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    analyzer = make_analyzer(settings)
    backend = getattr(getattr(analyzer, "backend", None), "name", "none")
    _say(f"voikko backend: {backend}")
    threads = os.cpu_count() or 1
    inner = make_embedder(settings, threads=0)  # every core, as `index build` does
    cache = work / f"passage-vectors-{hashlib.sha1(inner.id.encode()).hexdigest()[:12]}.npz"
    embedder = CachedEmbedder(inner, cache, enabled=not args.no_cache)

    # The router does not depend on the material: trained once (from the shipped seed vectors), copied in.
    from assistant.router.store import ROUTER_DIR, train_router

    started = time.perf_counter()
    router_home = work / "router-home"
    train_router(
        inner,
        router_home,
        data_dir=settings.router_data_dir,
        cache_dir=settings.cache_dir or settings.index_dir / "cache",
    )
    router_s = time.perf_counter() - started
    _say(f"router training (independent of the material, not in the build times below): {router_s:.1f} s")

    phrases = _phrase_count(Path(settings.corpus_dir))
    generate(Path(settings.corpus_dir), work / "corpus-sample", 2, DEFAULT_SEED)
    costs = measure_costs(inner, work / "corpus-sample", SAMPLE, threads)
    _say(
        f"embedding cost, measured on {costs.samples} tagged copies and {costs.samples} answer phrases "
        f"({costs.threads} threads, load {costs.load:.1f}): {costs.chunk_ms:.0f} ms per chunk passage "
        f"(~{costs.chunk_chars:.0f} chars), {costs.phrase_ms:.0f} ms per phrase (~{costs.phrase_chars:.0f} chars); "
        f"a copy's own vector against its real passage's: cosine min {costs.copy_cosine_min:.3f}, "
        f"mean {costs.copy_cosine_mean:.3f}"
    )

    rows: list[Row] = []
    for factor in factors:
        rows.append(run_scale(factor, "local", work, router_home / ROUTER_DIR, embedder, costs, phrases))
    largest = rows[-1]
    if args.server == "always" or (args.server == "auto" and not largest.meets_targets):
        _say(
            f"{largest.factor}× local {'meets' if largest.meets_targets else 'misses'} the targets: "
            "the same run against a Chroma server"
        )
        for factor in factors:
            rows.append(run_scale(factor, "server", work, router_home / ROUTER_DIR, embedder, costs, phrases))

    for row in rows:  # the same corpus: its fact check was timed once, with the local store
        twin = next(r for r in rows if r.factor == row.factor and r.store == "local")
        row.fact_check_s, row.fact_check_services, row.services = (
            twin.fact_check_s,
            twin.fact_check_services,
            twin.services,
        )
    info["load_end"] = _loadavg()
    total = time.perf_counter() - began
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "voikko_backend": backend,
        "embedder": inner.id,
        "cache": not args.no_cache,
        "router_training_s": router_s,
        "costs": asdict(costs),
        "questions": len(QUESTIONS),
        "targets": {"p95_ms": TARGET_P95_MS, "memory_bytes": TARGET_MEMORY_BYTES},
        "rows": [{**asdict(r), "memory": r.memory, "meets_targets": r.meets_targets} for r in rows],
        "total_s": total,
    }
    args.report.mkdir(parents=True, exist_ok=True)
    (args.report / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (args.report / "results.md").write_text(_summary(report) + table(rows) + "\n")
    plot(rows, args.report / "bench-scale.png", _note(report))
    _say(table(rows))
    _say(f"whole run: {total / 60:.1f} min; reports in {args.report}/")


if __name__ == "__main__":
    main()
