"""Per-request CPU of the chat by component, in process or through the FastAPI app, on training messages.

    OMP_NUM_THREADS=1 PK_LOG_LEVEL=WARNING .venv/bin/python scripts/profile_chat.py [--timers] [--http [--keep]
        [--web-only]] [--n 400] [--warm 150] [--dump out.json] [--save out.pstats]

Messages: the "text" of assistant/router/data/*.jsonl and assistant/picking/data/*.jsonl, each once, in a fixed
shuffled order; the first ``--warm`` warm the caches (word analyses, the torch engine, which is waited for),
the next ``--n`` are measured, each asked once (per-text caches never flatter the figures; ``--warm 1500`` comes
closer to a server that has run for a while). The assistant is built as the server builds it (factory, torch
query engine), with a fixed clock.

- default: ``Assistant.ask`` under cProfile (``--save`` keeps the raw stats); cProfile inflates Python-heavy
  code several times, so ``--timers`` (wrapped functions, process CPU, nested figures inclusive) gives the
  per-component milliseconds to quote, and the CPU outside the query embedding.
- ``--http``: POST /api/chat straight to the ASGI app with the app's own lifespan (lanes, triage, turn log with
  ``--keep`` and PK_DATA_DIR): the server's side less uvicorn's HTTP parsing. ``--web-only`` serves
  precomputed answers (the web layer alone, low noise). Only the main thread is seen by cProfile here.
- ``--dump``: every measured result (in process: as_dict without the random id, sources as ids; HTTP: the
  body byte for byte but the id) for an identical-output check with ``cmp``.

process_time counts every thread of the process, so background work (the turn log, the lanes) is included.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXED = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

# Top-level components: (label, file substring, function name)
COMPONENTS = [
    ("ask (total)", "assistant/engine.py", "ask"),
    ("embedding (_embed)", "assistant/engine.py", "_embed"),
    ("language detect", "assistant/text/lang.py", "detect_language"),
    ("is_follow_up", "assistant/followup.py", "is_follow_up"),
    ("router.decide", "assistant/router/policy.py", "decide"),
    ("retrieve (hybrid)", "assistant/retrieve/hybrid.py", "retrieve"),
    ("_answerable_anyway", "assistant/engine.py", "_answerable_anyway"),
    ("_answer (total)", "assistant/engine.py", "_answer"),
    ("  _terms (thesaurus)", "assistant/engine.py", "_terms"),
    ("  scope _words", "assistant/engine.py", "_words"),
    ("  scope.is_out_of_scope", "assistant/scope.py", "is_out_of_scope"),
    ("  needs.match", "assistant/needs.py", "match"),
    ("  curated.candidates", "assistant/curated.py", "candidates"),
    ("  curated.choose", "assistant/curated.py", "choose"),
    ("  curated.sources", "assistant/curated.py", "sources"),
    ("  ranker.rank", "assistant/services.py", "rank"),
    ("  _curated_reply", "assistant/engine.py", "_curated_reply"),
    ("  _compose", "assistant/engine.py", "_compose"),
    ("  _cards", "assistant/engine.py", "_cards"),
    ("  _handoff_block", "assistant/engine.py", "_handoff_block"),
    ("_crisis", "assistant/engine.py", "_crisis"),
    ("_handoff", "assistant/engine.py", "_handoff"),
    ("_out_of_scope", "assistant/engine.py", "_out_of_scope"),
    ("analyzer.terms (all callers)", "assistant/text/analyzer.py", "terms"),
    ("as_dict", "assistant/engine.py", "as_dict"),
]


# Low-overhead timers (--timers): (label, module, attribute path). Nested timers are inclusive.
TIMERS = [
    ("ask (total)", "assistant.engine", "Assistant.ask"),
    ("embedding (_embed)", "assistant.engine", "Assistant._embed"),
    ("  tokenizer content_ids", "assistant.embeddings.e5_tokenizer", "E5Tokenizer.content_ids"),
    ("language detect", "assistant.engine", "detect_language"),
    ("router.decide", "assistant.router.policy", "Router.decide"),
    ("  router rules (_read)", "assistant.router.policy", "Router._read"),
    ("    analyzer.word_forms", "assistant.text.analyzer", "VoikkoAnalyzer.word_forms"),
    ("  router model predict", "assistant.router.policy", "Router.predict"),
    ("retrieve (hybrid)", "assistant.retrieve.hybrid", "HybridRetriever.retrieve"),
    ("  bm25_search", "assistant.index.store", "IndexStore.bm25_search"),
    ("  dense_search_vector", "assistant.index.store", "IndexStore.dense_search_vector"),
    ("  _limit_services", "assistant.retrieve.hybrid", "HybridRetriever._limit_services"),
    ("_answerable_anyway", "assistant.engine", "Assistant._answerable_anyway"),
    ("_answer (total)", "assistant.engine", "Assistant._answer"),
    ("  _terms (thesaurus)", "assistant.engine", "Assistant._terms"),
    ("  needs.match", "assistant.needs", "NeedMatcher.match"),
    ("  curated.candidates", "assistant.curated", "CuratedAnswers.candidates"),
    ("  curated.choose", "assistant.curated", "CuratedAnswers.choose"),
    ("  curated.sources", "assistant.curated", "CuratedAnswers.sources"),
    ("  ranker.rank", "assistant.services", "ServiceRanker.rank"),
    ("  _curated_reply", "assistant.engine", "Assistant._curated_reply"),
    ("  _compose", "assistant.engine", "Assistant._compose"),
    ("  _cards", "assistant.engine", "Assistant._cards"),
    ("  _handoff_block", "assistant.engine", "Assistant._handoff_block"),
    ("_crisis", "assistant.engine", "Assistant._crisis"),
    ("_handoff", "assistant.engine", "Assistant._handoff"),
    ("_out_of_scope", "assistant.engine", "Assistant._out_of_scope"),
    ("voikko suggest (anywhere)", "assistant.text.voikko", "NativeVoikko.suggest"),
    ("voikko analyze (anywhere)", "assistant.text.voikko", "NativeVoikko.analyze"),
    ("analyzer._terms (uncached)", "assistant.text.analyzer", "VoikkoAnalyzer._terms"),
    ("analyzer._query_terms (uncached)", "assistant.text.analyzer", "VoikkoAnalyzer._query_terms"),
    ("lang identify (anywhere)", "assistant.text.lang", "identify"),
    ("compose.sentences (anywhere)", "assistant.compose", "sentences"),
    ("thesaurus.expand", "assistant.text.thesaurus", "Thesaurus.expand"),
    ("  _quote", "assistant.engine", "Assistant._quote"),
    ("    _quotable", "assistant.engine", "Assistant._quotable"),
    ("    engine.sentences", "assistant.engine", "sentences"),
    ("    engine.stands_alone", "assistant.engine", "stands_alone"),
    ("    engine.identify", "assistant.engine", "identify"),
    ("analyzer.terms (all)", "assistant.text.analyzer", "VoikkoAnalyzer.terms"),
    ("lang._non_latin_share", "assistant.text.lang", "_non_latin_share"),
    ("turn log (background)", "assistant.api.routers.feedback", "_log_turn"),
    ("  FeedbackStore.log_turn", "assistant.feedback.store", "FeedbackStore.log_turn"),
    ("    scrub", "assistant.feedback.store", "scrub"),
    ("ChatResult.as_dict", "assistant.engine", "ChatResult.as_dict"),
    ("triage read (HTTP)", "assistant.api.triage", "Triage.read"),
]
TIMED: dict[str, list[float]] = {}


def install_timers() -> None:
    import functools
    import importlib

    for label, module_name, path in TIMERS:
        module = importlib.import_module(module_name)
        *owners, attr = path.split(".")
        owner = module
        for name in owners:
            owner = getattr(owner, name)
        original = getattr(owner, attr)
        cell = TIMED.setdefault(label, [0.0, 0])

        def make(fn, cell=cell):
            clock = time.process_time

            @functools.wraps(fn)
            def timed(*a, **k):
                t0 = clock()
                try:
                    return fn(*a, **k)
                finally:
                    cell[0] += clock() - t0
                    cell[1] += 1

            return timed

        setattr(owner, attr, make(original))


def messages() -> list[str]:
    texts: list[str] = []
    for folder in ("assistant/router/data", "assistant/picking/data"):
        for path in sorted((ROOT / folder).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    text = str(json.loads(line).get("text") or "").strip()
                    if text and len(text) <= 2000:
                        texts.append(text)
    texts = list(dict.fromkeys(texts))
    random.Random(20261129).shuffle(texts)
    return texts


def build():
    from assistant.config import get_settings
    from assistant.factory import make_assistant, make_query_engine

    settings = get_settings()
    engine = make_query_engine(settings)
    assistant = make_assistant(settings, clock=lambda: FIXED, query_engine=engine)
    if engine is not None:
        engine.wait()
    return assistant


def record(result) -> dict:
    d = result.as_dict()
    d.pop("id")
    d["sources"] = [s.get("id") or s for s in d["sources"]]
    return d


def component_table(stats: pstats.Stats, n: int) -> list[tuple[str, float, int]]:
    rows = []
    for label, file, name in COMPONENTS:
        total, calls = 0.0, 0
        for (fn_file, _, fn_name), (cc, _nc, _tt, ct, _callers) in stats.stats.items():
            if fn_name == name and fn_file.endswith(file):
                # cumulative over non-recursive calls
                total += ct
                calls += cc
        rows.append((label, total * 1000 / n, calls))
    return rows


def run_inprocess(args, texts):
    assistant = build()
    warm, measured = texts[: args.warm], texts[args.warm : args.warm + args.n]
    for text in warm:
        assistant.ask(text)
    out = []
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    for cell in TIMED.values():
        cell[0], cell[1] = 0.0, 0
    t0 = time.process_time()
    if profiler:
        profiler.enable()
    for text in measured:
        r = assistant.ask(text)
        if args.dump:
            out.append({"q": text, **record(r)})
    if profiler:
        profiler.disable()
    cpu = time.process_time() - t0
    print(
        f"in-process: {len(measured)} asks, CPU {cpu * 1000 / len(measured):.2f} ms/ask"
        f" ({'with' if profiler else 'without'} profiler)"
    )
    return profiler, out, len(measured), cpu * 1000 / len(measured)


def run_http(args, texts):
    """POST /api/chat straight to the ASGI app (no HTTP client: what is measured is the server's side, less
    uvicorn's parsing), with the app's own lifespan."""
    import asyncio

    from assistant.api.app import create_app
    from assistant.config import get_settings

    settings = get_settings()
    app = create_app(settings)
    warm, measured = texts[: args.warm], texts[args.warm : args.warm + args.n]

    async def post(body: bytes) -> tuple[int, bytes]:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/api/chat",
            "raw_path": b"/api/chat",
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"t"),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
            "client": ("127.0.0.1", 1),
            "server": ("t", 80),
            "state": state,
        }
        sent = False
        chunks: list[bytes] = []
        status = 0

        async def receive():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.sleep(3600)

        async def send(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await app(scope, receive, send)
        return status, b"".join(chunks)

    state: dict = {}
    out: list[dict] = []

    async def main():
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        async with app.router.lifespan_context(app) as lifespan_state:
            state.update(lifespan_state or {})
            app.state.query_engine and app.state.query_engine.wait()
            app.state.assistant.clock = lambda: FIXED
            if args.web_only:
                # The web layer alone: every answer computed first, then served from a dict (the lanes' thread
                # hops stay; the triage is a no-op). Low-noise figures for the HTTP stack.
                from assistant.api.triage import Reading, Triage
                from assistant.engine import Assistant

                real = app.state.assistant
                answers = {t: real.ask(t) for t in texts[: args.warm + args.n]}
                Assistant.ask = lambda self, message, *a, **k: answers[message]  # type: ignore[method-assign]
                Triage.read = lambda self, assistant, message, *a: Reading(None, False)  # type: ignore
            bodies = [json.dumps({"message": t, "keep": args.keep}).encode() for t in texts]
            for body in bodies[: len(warm)]:
                status, _ = await post(body)
                assert status == 200, status
            for cell in TIMED.values():
                cell[0], cell[1] = 0.0, 0
            t0 = time.process_time()
            if profiler:
                profiler.enable()
            for text, body in zip(measured, bodies[len(warm) : len(warm) + len(measured)], strict=True):
                status, data = await post(body)
                assert status == 200, (status, data)
                if args.dump:  # the body as sent, byte for byte, but for the random response id
                    raw = re.sub(rb'"id":"[0-9a-f]{32}"', b'"id":"-"', data, count=1)
                    out.append({"q": text, "body": raw.decode("utf-8")})
            if profiler:
                profiler.disable()
            cpu = time.process_time() - t0
        print(
            f"http (ASGI, in process): {len(measured)} requests, CPU {cpu * 1000 / len(measured):.2f} ms/request"
            f" ({'with' if profiler else 'without'} profiler)"
        )
        return profiler, cpu * 1000 / len(measured)

    profiler, cpu_ms = asyncio.run(main())
    return profiler, out, len(measured), cpu_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--warm", type=int, default=150)
    parser.add_argument("--http", action="store_true")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--keep", action="store_true", help="with --http: keep=true, so every turn is logged (as make bench)"
    )
    parser.add_argument("--web-only", action="store_true", help="with --http: answers precomputed, web layer only")
    parser.add_argument("--timers", action="store_true", help="per-component CPU by wrapped timers (no cProfile)")
    parser.add_argument("--save", type=Path, help="write the raw pstats here")
    args = parser.parse_args()
    os.chdir(ROOT)
    texts = messages()
    if args.timers:
        args.profile = False
        install_timers()
    profiler, out, n, cpu_ms = (run_http if args.http else run_inprocess)(args, texts)
    if args.dump:
        args.dump.write_text(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        print(f"dumped {len(out)} results to {args.dump}")
    if args.timers:
        embed = TIMED["embedding (_embed)"][0] * 1000 / n
        print(f"CPU outside the query embedding: {cpu_ms - embed:.2f} ms/request (embedding {embed:.2f})")
        print(f"\n{'component (timers, inclusive)':34} {'ms/req':>8} {'calls':>7}")
        for label, *_ in TIMERS:
            if label in TIMED and (TIMED[label][1] or not label.startswith("triage")):
                print(f"{label:34} {TIMED[label][0] * 1000 / n:8.2f} {TIMED[label][1]:7d}")
    if profiler is None:
        return
    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(str(args.save))
    print(f"\n{'component':34} {'ms/req':>8} {'calls':>7}")
    for label, ms, calls in component_table(stats, n):
        print(f"{label:34} {ms:8.2f} {calls:7d}")
    print()
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    sys.exit(main())
