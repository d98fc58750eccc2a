"""The Pyydä apua queue: submitting requests (idempotent), the staff workflow, audit, retention."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import AssistantError, InputError
from assistant.handoff.auth import StaffIdentity
from assistant.handoff.calendar import add_working_days
from assistant.handoff.hygiene import MAX_ID, require_storable
from assistant.handoff.models import STATUSES, AuditEntry, HelpRequest

logger = logging.getLogger(__name__)

MAX_MESSAGE = 4000
MAX_TRANSCRIPT_TURNS = 40
MAX_TURN = 2000
CONTACT_METHODS = ("phone", "email", "callback")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class NotFound(AssistantError):
    """No such request (HTTP 404)."""


class Conflict(AssistantError):
    """The request cannot move that way now (HTTP 409)."""


@dataclass
class NewRequest:
    """What a family sends with the Pyydä apua form."""

    message: str
    contact_method: str
    phone: str | None = None
    email: str | None = None
    callback_time: str | None = None
    consent_transcript: bool = False
    transcript: list[str] = field(default_factory=list)
    lang: str = "fi"
    idempotency_key: str | None = None

    def validate(self) -> None:
        """Raise :class:`InputError` naming the field; nothing is stored for a rejected request."""
        for name in ("message", "phone", "email", "callback_time", "lang", "idempotency_key"):
            require_storable(name, getattr(self, name))
        for number, turn in enumerate(self.transcript):
            require_storable(f"transcript.{number}", turn)
        message = self.message.strip()
        if not message:
            raise InputError("message: write what you need help with")
        if len(message) > MAX_MESSAGE:
            raise InputError(f"message: at most {MAX_MESSAGE} characters")
        if self.contact_method not in CONTACT_METHODS:
            raise InputError(f"contact_method: one of {', '.join(CONTACT_METHODS)}")
        if self.contact_method in ("phone", "callback") and not self.phone:
            raise InputError("phone: needed when you want to be called")
        if self.contact_method == "callback" and not (self.callback_time or "").strip():
            raise InputError("callback_time: say when we may call")
        if self.contact_method == "email" and not self.email:
            raise InputError("email: needed when you want an answer by email")
        if self.phone and not _PHONE.match(self.phone.strip()):
            raise InputError("phone: not a phone number (digits, spaces, dashes, optional +)")
        if self.email and not _EMAIL.match(self.email.strip()):
            raise InputError("email: not an email address")
        if self.callback_time and len(self.callback_time) > 120:
            raise InputError("callback_time: at most 120 characters")
        if self.transcript and not self.consent_transcript:
            raise InputError("transcript: sent without consent; tick the consent box or leave it out")
        if len(self.transcript) > MAX_TRANSCRIPT_TURNS or any(len(t) > MAX_TURN for t in self.transcript):
            raise InputError(f"transcript: at most {MAX_TRANSCRIPT_TURNS} turns of {MAX_TURN} characters")
        if self.idempotency_key is not None and not (8 <= len(self.idempotency_key) <= 80):
            raise InputError("idempotency_key: 8–80 characters")


def _content(request: NewRequest) -> dict[str, Any]:
    """What is stored of a request, as stored: the same for a retry, different for another request."""
    return {
        "lang": request.lang,
        "message": request.message.strip(),
        "contact_method": request.contact_method,
        "phone": (request.phone or "").strip() or None,
        "email": (request.email or "").strip() or None,
        "callback_time": (request.callback_time or "").strip() or None,
        "consent_transcript": request.consent_transcript,
        "transcript": "\n".join(request.transcript) if request.consent_transcript and request.transcript else None,
    }


@dataclass(frozen=True)
class Submitted:
    id: int
    reference: str
    due_date: date
    created: bool


class HandoffQueue:
    """All reads and writes of the queue go through here; every state change is audited."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        timezone: str = "Europe/Helsinki",
        working_days: int = 2,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.sessions = sessions
        self.zone = ZoneInfo(timezone)
        self.working_days = working_days
        self.clock = clock or (lambda: datetime.now(UTC))

    # -- family side -------------------------------------------------------------------------------
    def submit(self, request: NewRequest) -> Submitted:
        request.validate()
        now = self.clock()
        due = add_working_days(now.astimezone(self.zone).date(), self.working_days)
        row = HelpRequest(
            idempotency_key=request.idempotency_key, created_at=now, due_date=due, status="new", **_content(request)
        )
        try:
            with self.sessions.begin() as db:
                db.add(row)
                db.flush()
                row.reference = f"PA-{now.astimezone(self.zone).year}-{row.id:06d}"
                db.add(AuditEntry(at=now, actor="family", action="submitted", request_id=row.id))
        except IntegrityError:
            if request.idempotency_key is None:
                raise
            return self._existing(request)
        logger.info("handoff request %s submitted", row.id)
        return Submitted(row.id, str(row.reference), due, created=True)

    def _existing(self, request: NewRequest) -> Submitted:
        with self.sessions() as db:
            row = db.scalar(select(HelpRequest).where(HelpRequest.idempotency_key == request.idempotency_key))
            if row is None:  # pragma: no cover - the key was unique a moment ago
                raise Conflict("the request could not be stored; try again")
            stored = {name: getattr(row, name) for name in _content(request)}
            if stored != _content(request):  # a retry repeats the request exactly; anything else is new
                raise Conflict(
                    "idempotency_key: used already for a request with other content; "
                    "send a new key with a new or changed request"
                )
            return Submitted(row.id, str(row.reference), row.due_date, created=False)

    # -- staff side --------------------------------------------------------------------------------
    def requests(self, status: str | None = None) -> list[dict[str, Any]]:
        if status is not None and status not in STATUSES:
            raise InputError(f"status: one of {', '.join(STATUSES)}")
        today = self.clock().astimezone(self.zone).date()
        with self.sessions() as db:
            query = select(HelpRequest).order_by(HelpRequest.due_date, HelpRequest.id)
            if status:
                query = query.where(HelpRequest.status == status)
            return [self._summary(r, today) for r in db.scalars(query)]

    def get(self, request_id: int) -> dict[str, Any]:
        today = self.clock().astimezone(self.zone).date()
        with self.sessions() as db:
            row = self._row(db, request_id)
            data = self._summary(row, today)
            data.update(
                message=row.message,
                phone=row.phone,
                email=row.email,
                callback_time=row.callback_time,
                consent_transcript=row.consent_transcript,
                transcript=row.transcript.split("\n") if row.consent_transcript and row.transcript else None,
                draft_reply=row.draft_reply,
            )
            return data

    def take(self, request_id: int, staff: StaffIdentity) -> dict[str, Any]:
        """Assign a new request (or one already this staff member's) to ``staff``. One conditional UPDATE
        decides, so of two staff members taking the same request at once exactly one gets it, on SQLite
        (which has no SELECT … FOR UPDATE) as on PostgreSQL."""
        if not 1 <= request_id <= MAX_ID:
            raise NotFound(f"no request {request_id}")
        free = or_(
            HelpRequest.status == "new",
            and_(
                HelpRequest.status == "in_progress",
                or_(HelpRequest.assigned_to.is_(None), HelpRequest.assigned_to == staff.id),
            ),
        )
        with self.sessions.begin() as db:
            taken = db.execute(
                update(HelpRequest)
                .where(HelpRequest.id == request_id, free)
                .values(assigned_to=staff.id, status="in_progress")
            )
            if not cast(CursorResult[Any], taken).rowcount:
                row = self._row(db, request_id)
                if row.status in ("answered", "closed"):
                    raise Conflict(f"request {request_id} is {row.status} already")
                raise Conflict(f"request {request_id} is taken by someone else")
            self._audit(db, staff, "taken", request_id)
        return self.get(request_id)

    def save_draft(self, request_id: int, staff: StaffIdentity, text: str) -> dict[str, Any]:
        require_storable("text", text)
        if len(text) > 10_000:
            raise InputError("draft: at most 10000 characters")
        with self.sessions.begin() as db:
            row = self._row(db, request_id, lock=True)
            if row.status == "closed":
                raise Conflict(f"request {request_id} is closed")
            row.draft_reply = text
            self._audit(db, staff, "draft_saved", request_id)
        return self.get(request_id)

    def set_status(self, request_id: int, staff: StaffIdentity, status: str) -> dict[str, Any]:
        allowed = {
            "new": {"in_progress", "closed"},
            "in_progress": {"answered", "new", "closed"},
            "answered": {"closed", "in_progress"},
            "closed": set(),
        }
        if status not in STATUSES:
            raise InputError(f"status: one of {', '.join(STATUSES)}")
        with self.sessions.begin() as db:
            row = self._row(db, request_id, lock=True)
            if status not in allowed[row.status]:
                raise Conflict(f"request {request_id} cannot go from {row.status} to {status}")
            now = self.clock()
            row.status = status
            if status == "answered":
                row.answered_at = now
            if status == "closed":
                row.closed_at = now
            if status == "in_progress" and row.assigned_to is None:
                row.assigned_to = staff.id
            self._audit(db, staff, f"status_{status}", request_id)
        return self.get(request_id)

    def audit(self, limit: int = 200) -> list[dict[str, Any]]:
        with self.sessions() as db:
            rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
            return [
                {
                    "at": r.at.isoformat(),
                    "actor": r.actor,
                    "action": r.action,
                    "request_id": r.request_id,
                    "detail": r.detail,
                }
                for r in rows
            ]

    def purge(self, older_than: timedelta) -> int:
        """Delete closed requests (and their transcripts) closed before now - ``older_than``."""
        cutoff = self.clock() - older_than
        with self.sessions.begin() as db:
            ids = list(
                db.scalars(select(HelpRequest.id).where(HelpRequest.status == "closed", HelpRequest.closed_at < cutoff))
            )
            if ids:
                db.execute(delete(HelpRequest).where(HelpRequest.id.in_(ids)))
            db.add(AuditEntry(at=self.clock(), actor="retention", action="purged", detail=f"{len(ids)} requests"))
        if ids:
            self._erase_freed_space()
        logger.info("purged %d closed requests", len(ids))
        return len(ids)

    def _erase_freed_space(self) -> None:
        """Deleted rows stay readable in free pages and, on SQLite, in the write-ahead log until it is
        checkpointed: move the log into the database, rebuild the file (VACUUM) and truncate the log again.
        PostgreSQL: VACUUM the table, so dead rows are not kept for later readers."""
        engine = self.sessions.kw["bind"]
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.exec_driver_sql("VACUUM")
                busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
                if busy:
                    logger.warning("purge: the write-ahead log is in use and was not truncated; run purge again")
            elif engine.dialect.name == "postgresql":
                connection.exec_driver_sql("VACUUM help_requests")

    # -- helpers -----------------------------------------------------------------------------------
    @staticmethod
    def _row(db: Session, request_id: int, lock: bool = False) -> HelpRequest:
        if not 1 <= request_id <= MAX_ID:  # beyond the column's range the driver would fail, not find nothing
            raise NotFound(f"no request {request_id}")
        query = select(HelpRequest).where(HelpRequest.id == request_id)
        if lock:
            query = query.with_for_update()
        row = db.scalar(query)
        if row is None:
            raise NotFound(f"no request {request_id}")
        return row

    def _audit(self, db: Session, staff: StaffIdentity, action: str, request_id: int) -> None:
        db.add(AuditEntry(at=self.clock(), actor=staff.name, action=action, request_id=request_id))

    @staticmethod
    def _summary(row: HelpRequest, today: date) -> dict[str, Any]:
        return {
            "id": row.id,
            "reference": row.reference,
            "status": row.status,
            "created_at": row.created_at.isoformat(),
            "due_date": row.due_date.isoformat(),
            "overdue": row.status in ("new", "in_progress") and row.due_date < today,
            "lang": row.lang,
            "contact_method": row.contact_method,
            "assigned_to": row.assigned_to,
        }
