"""Serving a new index build without a restart: the watcher notices that ``index/current`` names another
build, builds a new assistant on it in a background thread and, once that is ready, swaps it in. The swap
is one attribute assignment, so a request in flight finishes with the assistant it started with and the
next one gets the new build; a build that will not load leaves the old one serving.

The build serving is also checked (:func:`index_problem`: its directory is still there and its vectors can
be searched); ``/readyz`` fails while it cannot answer, and the watcher loads what ``current`` names again
(every ``retry_seconds``, or at once when ``current`` moves), so the server recovers by itself. A serving
build that cannot answer is replaced even by an assistant without an index, which still answers the crisis
and handoff routes and says that answers are unavailable, instead of failing every answer; the build it
replaced is checked at every look and serves again as soon as it can answer (a Chroma server back up).

The process holds a lease (:mod:`assistant.index.lease`) on the build it serves and on the one before
it (requests may still be finishing there), so ``index build`` can leave them alone when pruning."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.engine import Assistant
from assistant.index.lease import BuildLease
from assistant.index.manifest import Manifest

logger = logging.getLogger(__name__)


def current_build(index_dir: Path) -> Path | None:
    """The build directory ``index/current`` points at now, or None."""
    link = Path(index_dir) / "current"
    try:
        return (link.parent / os.readlink(link)).resolve()
    except OSError:
        return None


def serving_build_id(assistant: Any) -> str | None:
    store = getattr(getattr(assistant, "retriever", None), "store", None)
    return store.manifest.build_id if store is not None else None


def index_problem(assistant: Any) -> str | None:
    """Why ``assistant`` cannot answer from its index now, or None when it can: no index loaded, the build's
    directory gone (deleted or pruned under it), or its vectors not searchable (unreadable Chroma files, a
    collection dropped from the Chroma server). Costs one nearest-neighbour search; the details are
    logged, the reason returned names the build only."""
    if assistant is None:
        return "starting"
    if assistant.index_error:
        return str(assistant.index_error)
    store = getattr(assistant.retriever, "store", None)
    if store is None:
        return "no index"
    build = store.manifest.build_id
    try:
        if store.directory is None or Manifest.read(store.directory).build_id != build:
            raise FileNotFoundError(store.directory)
    except Exception as exc:
        logger.warning("index build %s: directory unusable: %s", build, exc)
        return f"index build {build} is gone from the index directory"
    probe = np.zeros(store.manifest.embedding_dim, dtype=np.float32)
    probe[0] = 1.0
    try:
        found = store.dense_search_vector(probe, 1)
    except Exception as exc:
        logger.warning("index build %s: vector search failed: %s", build, exc)
        return f"index build {build} cannot search its vectors"
    if not found:
        return f"index build {build} has no vectors"
    return None


class IndexWatcher:
    """Keeps ``state.assistant`` on the build ``index/current`` names. ``check()`` looks once (the app
    calls it every ``interval`` seconds); tests call it and wait for the returned future. ``clock`` is
    monotonic seconds (pinned in tests)."""

    def __init__(
        self,
        state: Any,
        factory: Callable[[Settings], Assistant],
        settings: Settings,
        interval: float = 5.0,
        retry_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.state = state
        self.factory = factory
        self.settings = settings
        self.interval = interval
        self.retry_seconds = retry_seconds
        self.clock = clock
        self._tried_at: float | None = None  # when `seen` was last loaded or tried
        self._fallen: Assistant | None = None  # the build replaced by an assistant without an index
        # The build last seen in `current` (serving, or tried and found unusable).
        self.seen: Path | None = current_build(settings.index_dir)
        self._leases: list[BuildLease] = []
        self._loader = ThreadPoolExecutor(1, thread_name_prefix="pk-index-load")
        self._loading: Future[None] | None = None
        self._lock = threading.Lock()
        if self.seen is not None and serving_build_id(state.assistant) is not None:
            self._lease(self.seen)

    def check(self) -> Future[None] | None:
        """Start loading the build ``current`` names when it is not the one serving, or again when the one
        serving cannot answer (at most every ``retry_seconds``); the future of that load."""
        target = current_build(self.settings.index_dir)
        with self._lock:
            if self._loading is not None and not self._loading.done():
                return None
            if self._fallen is not None and index_problem(self._fallen) is None:
                self.state.assistant, self._fallen = self._fallen, None
                logger.info("index build %s answers again and serves", serving_build_id(self.state.assistant))
                return None
            if target is None:
                return None
            if target == self.seen:
                if self._tried_at is not None and self.clock() - self._tried_at < self.retry_seconds:
                    return None
                if index_problem(self.state.assistant) is None:
                    return None
            self._tried_at = self.clock()
            self._loading = self._loader.submit(self._load, target)
            return self._loading

    async def run(self) -> None:
        """Check every ``interval`` seconds until cancelled (the app's lifespan runs this as a task). The
        check searches the serving build once, so it runs in a thread, not on the event loop."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                await asyncio.to_thread(self.check)
            except Exception:  # a watcher that dies would leave the server on an old build silently
                logger.exception("index watcher check failed")

    def close(self) -> None:
        self._loader.shutdown(wait=False, cancel_futures=True)
        for lease in self._leases:
            lease.release()
        self._leases.clear()

    def _load(self, target: Path) -> None:
        self.seen = target  # tried again only when `current` moves, or when the serving build fails
        try:
            lease: BuildLease | None = BuildLease(target)  # before opening it: a prune from now on leaves it alone
        except OSError as exc:  # gone already, or a read-only index directory
            logger.warning("no lease on index build %s: %s", target.name, exc)
            lease = None
        try:
            assistant = self.factory(self.settings)
        except Exception:
            if lease is not None:
                lease.release()
            logger.exception("index build %s could not be loaded; the old one keeps serving", target.name)
            return
        problem = index_problem(assistant)
        if problem is not None:
            if lease is not None:
                lease.release()
            if index_problem(self.state.assistant) is None:
                logger.error("index build %s unusable (%s); the old one keeps serving", target.name, problem)
                return
            # The build serving cannot answer either: an assistant without an index at least answers the
            # crisis and handoff routes and says plainly that answers are unavailable.
            logger.error("index build %s unusable (%s); serving without an index", target.name, problem)
            if serving_build_id(self.state.assistant) is not None:
                self._fallen = self.state.assistant
            self.state.assistant = assistant
            return
        self.state.assistant = assistant  # the swap: new requests get the new build
        self._fallen = None
        if lease is not None:
            self._leases.append(lease)
        while len(self._leases) > 2:  # the serving build and the one before it (requests still finishing)
            self._leases.pop(0).release()
        logger.info("serving index build %s", serving_build_id(assistant))

    def _lease(self, build: Path) -> None:
        try:
            self._leases.append(BuildLease(build))
        except OSError as exc:  # a read-only index directory: serve without a lease
            logger.warning("no lease on index build %s: %s", build.name, exc)
