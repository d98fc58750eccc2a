"""Where chat work runs: off the event loop, in bounded thread pools, and danger never waits behind answers.

Every question is first read by the router alone (:mod:`assistant.api.triage`: rules and the model's
character n-grams; no embedding, no retrieval), which takes milliseconds, in one of two reading threads
(short messages, long ones). A crisis is answered from that reading, in the reading thread itself: it
never enters a queue and never waits for the embedding model, which answers one call at a time and is
busy for seconds with a long message. A question with a lesser risk signal (the answer gets 112 on top)
goes to the *urgent* lane, whose threads do nothing else; every other question goes to the *answer* lane,
which has ``workers`` threads and admits at most ``queue`` more questions waiting; past that the caller
gets :class:`Busy` (HTTP 503 with Retry-After) at once instead of an ever longer wait. The full answer
still runs the whole router, so a crisis that only the embedding reveals gets the crisis reply too, just
in the answer lane.

Safe to share between threads; built in the app's lifespan and shut down with it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Literal, TypeVar

from assistant.api.triage import Reading, Triage
from assistant.engine import Assistant
from assistant.errors import AssistantError

T = TypeVar("T")
Lane = Literal["urgent", "answer"]
URGENT_WORKERS = 2
SHORT_MESSAGE = 300  # characters


class Busy(AssistantError):
    """The answer lane is full (HTTP 503 with Retry-After)."""

    def __init__(self, retry_after: int, lang: str = "fi") -> None:
        super().__init__("too many questions at once; try again shortly")
        self.retry_after = retry_after
        self.lang = lang  # of the answer (the message is in assistant/locales)


class ChatLanes:
    """Thread pools: two for the first reading, ``urgent`` (risk questions) and ``answer`` (bounded)."""

    def __init__(self, workers: int = 2, queue: int = 64) -> None:
        self.capacity = workers + queue
        self._answer = ThreadPoolExecutor(workers, thread_name_prefix="pk-answer")
        self._urgent = ThreadPoolExecutor(URGENT_WORKERS, thread_name_prefix="pk-urgent")
        # The first reading costs with the length of the message: short messages (most calls for help) are
        # read in their own thread, never behind a queue of maximal ones.
        self._read_short = ThreadPoolExecutor(1, thread_name_prefix="pk-read-short")
        self._read_long = ThreadPoolExecutor(1, thread_name_prefix="pk-read-long")
        self._lock = threading.Lock()
        self._admitted = 0
        self.triage = Triage()

    @property
    def admitted(self) -> int:
        """Questions in the answer lane now, running or waiting."""
        return self._admitted

    def submit(self, lane: Lane, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` in ``lane``; the answer lane raises :class:`Busy` when it is full."""
        if lane == "urgent":
            return self._urgent.submit(fn, *args)
        with self._lock:
            if self._admitted >= self.capacity:
                raise Busy(retry_after=1 + self._admitted // max(self.capacity, 1))
            self._admitted += 1
        future = self._answer.submit(fn, *args)
        future.add_done_callback(self._release)
        return future

    async def run(self, lane: Lane, fn: Callable[..., T], *args: Any) -> T:
        """Await ``fn(*args)`` in ``lane``; a question still waiting when its caller goes away is dropped."""
        return await asyncio.wrap_future(self.submit(lane, fn, *args))

    async def ask(self, assistant: Assistant, message: str, history: list[str], lang: str | None, plain: bool) -> Any:
        """The assistant's reply: a crisis straight from the first reading, any other question in the lane
        that reading chooses."""
        reader = self._read_short if len(message) <= SHORT_MESSAGE else self._read_long
        reading: Reading = await asyncio.wrap_future(
            reader.submit(self.triage.read, assistant, message, history, lang, plain)
        )
        if reading.crisis is not None:
            return reading.crisis
        try:
            return await self.run("urgent" if reading.risk else "answer", assistant.ask, message, history, lang, plain)
        except Busy as exc:
            exc.lang = lang or "fi"
            raise

    def close(self) -> None:
        for pool in (self._answer, self._urgent, self._read_short, self._read_long):
            pool.shutdown(wait=False, cancel_futures=True)

    def _release(self, _: Future[Any]) -> None:
        with self._lock:
            self._admitted -= 1
