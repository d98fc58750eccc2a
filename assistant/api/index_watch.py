"""Serving a new index build without a restart: the watcher notices that ``index/current`` names another
build, builds a new assistant on it in a background thread and, once that is ready, swaps it in. The swap
is one attribute assignment, so a request in flight finishes with the assistant it started with and the
next one gets the new build; a build that will not load leaves the old one serving.

The process holds a lease (:mod:`assistant.index.lease`) on the build it serves and on the one before
it (requests may still be finishing there), so ``index build`` can leave them alone when pruning."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.engine import Assistant
from assistant.index.lease import BuildLease

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


class IndexWatcher:
    """Keeps ``state.assistant`` on the build ``index/current`` names. ``check()`` looks once (the app
    calls it every ``interval`` seconds); tests call it and wait for the returned future."""

    def __init__(
        self, state: Any, factory: Callable[[Settings], Assistant], settings: Settings, interval: float = 5.0
    ) -> None:
        self.state = state
        self.factory = factory
        self.settings = settings
        self.interval = interval
        # The build last seen in `current` (serving, or tried and found unusable).
        self.seen: Path | None = current_build(settings.index_dir)
        self._leases: list[BuildLease] = []
        self._loader = ThreadPoolExecutor(1, thread_name_prefix="pk-index-load")
        self._loading: Future[None] | None = None
        self._lock = threading.Lock()
        if self.seen is not None and serving_build_id(state.assistant) is not None:
            self._lease(self.seen)

    def check(self) -> Future[None] | None:
        """Start loading the build ``current`` names when it is not the one serving; the future of that load."""
        target = current_build(self.settings.index_dir)
        with self._lock:
            if target is None or target == self.seen or (self._loading is not None and not self._loading.done()):
                return None
            self._loading = self._loader.submit(self._load, target)
            return self._loading

    async def run(self) -> None:
        """Check every ``interval`` seconds until cancelled (the app's lifespan runs this as a task)."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                self.check()
            except Exception:  # a watcher that dies would leave the server on an old build silently
                logger.exception("index watcher check failed")

    def close(self) -> None:
        self._loader.shutdown(wait=False, cancel_futures=True)
        for lease in self._leases:
            lease.release()
        self._leases.clear()

    def _load(self, target: Path) -> None:
        lease = BuildLease(target)  # before opening it: a prune from now on leaves it alone
        try:
            assistant = self.factory(self.settings)
        except Exception:
            lease.release()
            logger.exception("index build %s could not be loaded; the old one keeps serving", target.name)
            self.seen = target  # not tried again until `current` moves
            return
        if assistant.index_error or serving_build_id(assistant) is None:
            lease.release()
            logger.error("index build %s unusable (%s); the old one keeps serving", target.name, assistant.index_error)
            self.seen = target
            return
        self.state.assistant = assistant  # the swap: new requests get the new build
        self.seen = target
        self._leases.append(lease)
        while len(self._leases) > 2:  # the serving build and the one before it (requests still finishing)
            self._leases.pop(0).release()
        logger.info("serving index build %s", serving_build_id(assistant))

    def _lease(self, build: Path) -> None:
        try:
            self._leases.append(BuildLease(build))
        except OSError as exc:  # a read-only index directory: serve without a lease
            logger.warning("no lease on index build %s: %s", build.name, exc)
