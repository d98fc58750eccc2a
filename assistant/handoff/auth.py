"""Staff accounts: argon2 password hashes, expiring session tokens (stored hashed), roles, a login rate
limit per name and per client address, accounts that can be disabled and reset."""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import CursorResult, Result, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import AssistantError
from assistant.handoff.hygiene import require_storable
from assistant.handoff.models import ROLES, AuditEntry, LoginFailure, StaffSession, StaffUser

MIN_PASSWORD = 12


class AuthError(AssistantError):
    """Login failed or a token is missing, wrong or expired (HTTP 401)."""


class PermissionDenied(AssistantError):
    """The staff member's role does not allow this (HTTP 403)."""


class TooManyAttempts(AssistantError):
    """Too many failed logins for this name or from this address lately (HTTP 429 with Retry-After)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after} seconds")
        self.retry_after = retry_after


@dataclass(frozen=True)
class StaffIdentity:
    id: int
    name: str
    role: str


@dataclass(frozen=True)
class LoginLimits:
    """Failed logins allowed within ``window`` per name and per client address before 429."""

    per_name: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Account:
    """A staff account as the ``perhekeskus staff list`` command shows it."""

    id: int
    name: str
    role: str
    disabled: bool
    created_at: datetime
    sessions: int


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _name_key(name: str) -> str:
    """The rate limit's key of a login name: a digest (a mistyped password in the name field is not kept)."""
    return hashlib.sha256(name.strip().casefold().encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class StaffAuth:
    """Staff accounts and sessions; ``now`` is the clock (timezone-aware UTC), pinned in tests.

    The rate limit's counts live in the database, so they hold across worker processes and restarts.
    Safe to share between threads."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        session_hours: int = 8,
        now: Callable[[], datetime] = _now,
        *,
        limits: LoginLimits | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.sessions = sessions
        self.session_hours = session_hours
        self.limits = limits or LoginLimits()
        self._now = now
        self._hasher = hasher or PasswordHasher()
        self._dummy: str | None = None
        self._dummy_lock = threading.Lock()

    # -- accounts ----------------------------------------------------------------------------------
    def add_user(self, name: str, password: str, role: str = "staff") -> StaffIdentity:
        require_storable("name", name)
        name = name.strip()
        if not name or len(name) > 80:
            raise ValueError("the name must be 1–80 characters")
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        self._check_password(password)
        with self.sessions.begin() as db:
            if db.scalar(select(StaffUser).where(StaffUser.name == name)) is not None:
                raise ValueError(f"a staff member called {name!r} exists already")
            user = StaffUser(name=name, role=role, password_hash=self._hasher.hash(password), created_at=self._now())
            db.add(user)
            db.flush()
            db.add(AuditEntry(at=self._now(), actor="cli", action="staff_added", detail=f"user {user.id} role {role}"))
            return StaffIdentity(user.id, user.name, user.role)

    def accounts(self) -> list[Account]:
        """Every account with its number of live sessions."""
        now = self._now()
        with self.sessions() as db:
            live = dict(
                db.execute(
                    select(StaffSession.user_id, func.count())
                    .where(StaffSession.expires_at > now)
                    .group_by(StaffSession.user_id)
                ).all()
            )
            return [
                Account(u.id, u.name, u.role, u.disabled, _aware(u.created_at), int(live.get(u.id, 0)))
                for u in db.scalars(select(StaffUser).order_by(StaffUser.name))
            ]

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        """Disable (or enable again) an account; disabling ends its sessions at once."""
        with self.sessions.begin() as db:
            user = self._user(db, name)
            user.disabled = disabled
            if disabled:
                db.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
            action = "staff_disabled" if disabled else "staff_enabled"
            db.add(AuditEntry(at=self._now(), actor="cli", action=action, detail=f"user {user.id}"))

    def reset_password(self, name: str, password: str) -> None:
        """A new password; the account's sessions end and its failed-login count is cleared."""
        self._check_password(password)
        with self.sessions.begin() as db:
            user = self._user(db, name)
            user.password_hash = self._hasher.hash(password)
            db.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
            db.execute(delete(LoginFailure).where(LoginFailure.name_key == _name_key(user.name)))
            db.add(AuditEntry(at=self._now(), actor="cli", action="password_reset", detail=f"user {user.id}"))

    # -- sessions ----------------------------------------------------------------------------------
    def login(self, name: str, password: str, address: str = "unknown") -> tuple[str, datetime]:
        """A new session token and its expiry. An unknown name, a disabled account and a wrong password
        get the same error after the same work (a password hash is checked in every case); too many recent
        failures for the name or from ``address`` get :class:`TooManyAttempts` without checking anything."""
        require_storable("name", name)
        require_storable("password", password)
        address = address[:64]
        self._check_limits(name, address)
        with self.sessions() as db:
            user = db.scalar(select(StaffUser).where(StaffUser.name == name))
        try:
            # An unknown name checks a dummy hash, so it takes as long as a known one.
            self._hasher.verify(user.password_hash if user is not None else self._dummy_hash(), password)
            if user is None or user.disabled:
                raise VerificationError("unknown or disabled account")
        except VerificationError as exc:
            self._failed(name, address, user)
            raise AuthError("wrong name or password") from exc
        now = self._now()
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(hours=self.session_hours)
        with self.sessions.begin() as db:
            db.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
            db.execute(delete(LoginFailure).where(LoginFailure.at < now - self.limits.window))
            db.execute(delete(LoginFailure).where(LoginFailure.name_key == _name_key(name)))
            db.add(StaffSession(token_hash=_digest(token), user_id=user.id, expires_at=expires))
            db.add(AuditEntry(at=now, actor=user.name, action="login", detail=f"from {address}"))
        return token, expires

    def identify(self, token: str | None) -> StaffIdentity:
        if not token:
            raise AuthError("log in first: send 'Authorization: Bearer <token>'")
        with self.sessions() as db:
            row = db.get(StaffSession, _digest(token))
            if row is None or _aware(row.expires_at) <= self._now():
                raise AuthError("the session has expired or is unknown: log in again")
            user = db.get(StaffUser, row.user_id)
            if user is None or user.disabled:
                raise AuthError("the account no longer exists or is disabled")
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

    def cleanup(self) -> tuple[int, int]:
        """Delete expired sessions and failed logins older than the rate limit's window;
        returns how many of each."""
        now = self._now()
        with self.sessions.begin() as db:
            sessions = _count(db.execute(delete(StaffSession).where(StaffSession.expires_at <= now)))
            failures = _count(db.execute(delete(LoginFailure).where(LoginFailure.at < now - self.limits.window)))
        return sessions, failures

    @staticmethod
    def require(identity: StaffIdentity, role: str) -> None:
        if role == "admin" and identity.role != "admin":
            raise PermissionDenied("this needs the admin role")

    # -- helpers -----------------------------------------------------------------------------------
    def _check_password(self, password: str) -> None:
        require_storable("password", password)
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"the password must be at least {MIN_PASSWORD} characters")

    @staticmethod
    def _user(db: Session, name: str) -> StaffUser:
        user = db.scalar(select(StaffUser).where(StaffUser.name == name.strip()))
        if user is None:
            raise ValueError(f"no staff member called {name!r}")
        return user

    def _dummy_hash(self) -> str:
        with self._dummy_lock:
            if self._dummy is None:
                self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
            return self._dummy

    def _check_limits(self, name: str, address: str) -> None:
        now, limits = self._now(), self.limits
        since = now - limits.window
        with self.sessions() as db:
            for column, value, allowed in (
                (LoginFailure.name_key, _name_key(name), limits.per_name),
                (LoginFailure.address, address, limits.per_address),
            ):
                recent = select(LoginFailure.at).where(column == value, LoginFailure.at > since)
                times = sorted(_aware(at) for at in db.scalars(recent))
                if len(times) >= allowed:
                    # Free again when enough of the failures have left the window.
                    free_at = times[len(times) - allowed] + limits.window
                    raise TooManyAttempts(max(1, int((free_at - now).total_seconds() + 0.999)))

    def _failed(self, name: str, address: str, user: StaffUser | None) -> None:
        now = self._now()
        with self.sessions.begin() as db:
            db.add(LoginFailure(at=now, name_key=_name_key(name), address=address))
            actor = user.name if user is not None else "unknown name"
            db.add(AuditEntry(at=now, actor=actor, action="login_failed", detail=f"from {address}"))


def _count(result: Result[Any]) -> int:
    """Rows a DELETE or UPDATE touched."""
    return int(cast(CursorResult[Any], result).rowcount or 0)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they are stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
