"""The contact queue as the app gets it: built on first use, and built again after a failure, so a
database that was down at start-up is used as soon as it answers, without a restart."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.factory import Handoff
from assistant.handoff.db import describe_error
from assistant.i18n import t, ui_language
from assistant.services import service_card

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# Shown when the queue is down: the chat, and a phone line for what cannot wait (from the catalogue).
ALTERNATIVES = ("apua-huoliin-chat", "sosiaalipaivystys")


class QueueUnavailable(AssistantError):
    """The database of the contact queue does not answer now (HTTP 503, in the family's language)."""

    def __init__(self, lang: str = "fi") -> None:
        super().__init__("the contact queue is unavailable")
        self.lang = lang


class HandoffProvider:
    """Builds the :class:`Handoff` with ``factory`` when first asked and, after a failure, again when asked
    at least ``retry_seconds`` later (``clock`` is monotonic seconds, pinned in tests). Safe to share
    between threads: one build at a time."""

    def __init__(
        self,
        factory: Callable[[Settings], Handoff],
        settings: Settings,
        retry_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.retry_seconds = retry_seconds
        self.clock = clock
        self.handoff: Handoff | None = None
        self._failed_at: float | None = None
        self._lock = threading.Lock()

    def get(self) -> Handoff:
        """The queue, or :class:`QueueUnavailable` (the reason is logged, never sent to the client)."""
        if self.handoff is not None:
            return self.handoff
        with self._lock:
            if self.handoff is not None:
                return self.handoff
            if self._failed_at is not None and self.clock() - self._failed_at < self.retry_seconds:
                raise QueueUnavailable()
            try:
                self.handoff = self.factory(self.settings)
            except Exception as exc:  # any failure to connect or migrate: the chat must keep working
                self._failed_at = self.clock()
                logger.error("contact queue unavailable: %s", describe_error(exc))
                raise QueueUnavailable() from exc
            logger.info("contact queue connected")
            return self.handoff

    def close(self) -> None:
        if self.handoff is not None:
            self.handoff.engine.dispose()
            self.handoff = None


def queue_down_reply(corpus: Any, lang: str, chat_url: str) -> dict[str, Any]:
    """What a family reads when the form cannot be sent: try again later, the Apua huoliin chat, a phone
    line for urgent matters (a verified number from the catalogue only) and 112 in danger."""
    lang = ui_language(lang)
    cards = []
    phone = None
    for service_id in ALTERNATIVES:
        service = corpus.service(service_id) if corpus is not None else None
        if service is None:
            continue
        cards.append(service_card(service, lang, corpus=corpus))
        if phone is None and service_id == "sosiaalipaivystys":
            phone = next(
                (c.value for c in service.channels if c.type == "phone" and c.verified and c.value != "112"), None
            )
    parts = [t("api_queue_down", lang), t("api_queue_down_chat", lang).format(url=chat_url)]
    if phone:
        parts.append(t("api_queue_down_phone", lang).format(phone=phone))
    parts.append(t("api_queue_down_112", lang))
    return {"detail": " ".join(parts), "alternatives": cards}
