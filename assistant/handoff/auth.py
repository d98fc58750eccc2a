"""Staff accounts: argon2 password hashes, expiring session tokens (stored hashed), roles."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import AssistantError
from assistant.handoff.hygiene import require_storable
from assistant.handoff.models import ROLES, AuditEntry, StaffSession, StaffUser

MIN_PASSWORD = 12


class AuthError(AssistantError):
    """Login failed or a token is missing, wrong or expired (HTTP 401)."""


class PermissionDenied(AssistantError):
    """The staff member's role does not allow this (HTTP 403)."""


@dataclass(frozen=True)
class StaffIdentity:
    id: int
    name: str
    role: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class StaffAuth:
    """Staff accounts and sessions; ``now`` is the clock (timezone-aware UTC), pinned in tests."""

    def __init__(
        self, sessions: sessionmaker[Session], session_hours: int = 8, now: Callable[[], datetime] = _now
    ) -> None:
        self.sessions = sessions
        self.session_hours = session_hours
        self._now = now
        self._hasher = PasswordHasher()

    def add_user(self, name: str, password: str, role: str = "staff") -> StaffIdentity:
        require_storable("name", name)
        require_storable("password", password)
        name = name.strip()
        if not name or len(name) > 80:
            raise ValueError("the name must be 1–80 characters")
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"the password must be at least {MIN_PASSWORD} characters")
        with self.sessions.begin() as db:
            if db.scalar(select(StaffUser).where(StaffUser.name == name)) is not None:
                raise ValueError(f"a staff member called {name!r} exists already")
            user = StaffUser(name=name, role=role, password_hash=self._hasher.hash(password), created_at=self._now())
            db.add(user)
            db.flush()
            db.add(AuditEntry(at=self._now(), actor="cli", action="staff_added", detail=f"user {user.id} role {role}"))
            return StaffIdentity(user.id, user.name, user.role)

    def login(self, name: str, password: str) -> tuple[str, datetime]:
        """A new session token and its expiry; the same error for an unknown name and a wrong password."""
        require_storable("name", name)
        require_storable("password", password)
        with self.sessions.begin() as db:
            user = db.scalar(select(StaffUser).where(StaffUser.name == name))
            try:
                if user is None:
                    raise VerificationError("unknown user")
                self._hasher.verify(user.password_hash, password)
            except VerificationError as exc:
                raise AuthError("wrong name or password") from exc
            token = secrets.token_urlsafe(32)
            expires = self._now() + timedelta(hours=self.session_hours)
            db.execute(delete(StaffSession).where(StaffSession.expires_at < self._now()))
            db.add(StaffSession(token_hash=_digest(token), user_id=user.id, expires_at=expires))
            db.add(AuditEntry(at=self._now(), actor=user.name, action="login"))
            return token, expires

    def identify(self, token: str | None) -> StaffIdentity:
        if not token:
            raise AuthError("log in first: send 'Authorization: Bearer <token>'")
        with self.sessions() as db:
            row = db.get(StaffSession, _digest(token))
            if row is None or _aware(row.expires_at) <= self._now():
                raise AuthError("the session has expired or is unknown: log in again")
            user = db.get(StaffUser, row.user_id)
            if user is None:
                raise AuthError("the account no longer exists")
            return StaffIdentity(user.id, user.name, user.role)

    def logout(self, token: str | None) -> None:
        """End the session of ``token`` on the server: the token no longer identifies anyone."""
        if not token:
            return
        with self.sessions.begin() as db:
            row = db.get(StaffSession, _digest(token))
            if row is None:
                return
            user = db.get(StaffUser, row.user_id)
            db.delete(row)
            db.add(AuditEntry(at=self._now(), actor=user.name if user is not None else "unknown", action="logout"))

    @staticmethod
    def require(identity: StaffIdentity, role: str) -> None:
        if role == "admin" and identity.role != "admin":
            raise PermissionDenied("this needs the admin role")


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they are stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
