"""Staff security on SQLite and PostgreSQL, on a pinned clock: the login rate limit per name and per
address, audited failures, the same work for an unknown name, logout, clean-up, disabling and resets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from assistant.factory import Handoff
from assistant.handoff.auth import AuthError, StaffAuth, TooManyAttempts
from assistant.handoff.models import LoginFailure, StaffSession
from tests.handoff.conftest import Clock

pytestmark = pytest.mark.integration

PASSWORD = "oikein-pitkä-salasana"


class CountingHasher(PasswordHasher):
    """argon2, on cheap parameters (the suite checks dozens of passwords), counting the hashes it checks."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002 (argon2's names)
        self.verified += 1
        return super().verify(hash, password)


@pytest.fixture
def auth(handoff: Handoff, clock: Clock) -> StaffAuth:
    auth = StaffAuth(handoff.auth.sessions, 8, now=clock, hasher=CountingHasher())
    auth.add_user("liisa", PASSWORD, "staff")
    return auth


def rows(auth: StaffAuth, model: type) -> int:
    with auth.sessions() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_five_wrong_passwords_lock_the_name_for_the_window(auth: StaffAuth, clock: Clock) -> None:
    for _ in range(5):
        with pytest.raises(AuthError):
            auth.login("liisa", "väärä-salasana-1", "10.0.0.1")
        clock.now += timedelta(seconds=10)
    # Even the right password is not checked now, from another address too.
    with pytest.raises(TooManyAttempts) as caught:
        auth.login("liisa", PASSWORD, "10.0.0.2")
    assert caught.value.retry_after == 15 * 60 - 50
    clock.now += timedelta(seconds=caught.value.retry_after - 1)
    with pytest.raises(TooManyAttempts):
        auth.login("liisa", PASSWORD, "10.0.0.2")
    clock.now += timedelta(seconds=1)
    token, _ = auth.login("liisa", PASSWORD, "10.0.0.2")
    assert auth.identify(token).name == "liisa"


def test_one_address_guessing_many_names_is_limited(auth: StaffAuth, clock: Clock) -> None:
    for number in range(20):
        with pytest.raises(AuthError):
            auth.login(f"nimi{number}", "arvaus-arvaus-1", "10.0.0.9")
    with pytest.raises(TooManyAttempts):
        auth.login("liisa", PASSWORD, "10.0.0.9")
    assert auth.login("liisa", PASSWORD, "10.0.0.10")  # another address is not held up


def test_failed_logins_are_audited_without_the_password(handoff: Handoff, auth: StaffAuth) -> None:
    with pytest.raises(AuthError):
        auth.login("liisa", "väärä-salasana-1", "10.0.0.1")
    with pytest.raises(AuthError):
        auth.login("eiole", "väärä-salasana-2", "10.0.0.1")
    failed = [e for e in handoff.queue.audit() if e["action"] == "login_failed"]
    assert [(e["actor"], e["detail"]) for e in failed] == [
        ("unknown name", "from 10.0.0.1"),
        ("liisa", "from 10.0.0.1"),
    ]
    assert "väärä" not in repr(handoff.queue.audit()) and "eiole" not in repr(handoff.queue.audit())


def test_an_unknown_name_checks_a_password_hash_too(auth: StaffAuth) -> None:
    hasher = auth._hasher
    assert isinstance(hasher, CountingHasher)
    for name in ("liisa", "eiole"):
        before = hasher.verified
        with pytest.raises(AuthError, match="wrong name or password"):
            auth.login(name, "väärä-salasana-1")
        assert hasher.verified == before + 1, name


def test_logout_revokes_the_token(auth: StaffAuth) -> None:
    token, _ = auth.login("liisa", PASSWORD)
    other, _ = auth.login("liisa", PASSWORD)
    auth.logout(token)
    with pytest.raises(AuthError):
        auth.identify(token)
    assert auth.identify(other).name == "liisa"


def test_expired_sessions_and_old_failures_are_cleaned_up(auth: StaffAuth, clock: Clock) -> None:
    auth.login("liisa", PASSWORD)
    with pytest.raises(AuthError):
        auth.login("eiole", "väärä-salasana-1")
    clock.now += timedelta(hours=8)
    assert auth.cleanup() == (1, 1)
    assert rows(auth, StaffSession) == 0 and rows(auth, LoginFailure) == 0


def test_a_disabled_account_cannot_log_in_and_its_sessions_end(auth: StaffAuth) -> None:
    token, _ = auth.login("liisa", PASSWORD)
    auth.set_disabled("liisa")
    with pytest.raises(AuthError):
        auth.identify(token)
    with pytest.raises(AuthError, match="wrong name or password"):
        auth.login("liisa", PASSWORD)
    auth.set_disabled("liisa", False)
    assert auth.login("liisa", PASSWORD)
    assert [(a.name, a.disabled, a.sessions) for a in auth.accounts()] == [("liisa", False, 1)]


def test_a_reset_password_replaces_the_old_and_ends_sessions(auth: StaffAuth) -> None:
    token, _ = auth.login("liisa", PASSWORD)
    auth.reset_password("liisa", "uusi-pitkä-salasana")
    with pytest.raises(AuthError):
        auth.identify(token)
    with pytest.raises(AuthError):
        auth.login("liisa", PASSWORD)
    assert auth.login("liisa", "uusi-pitkä-salasana")
    with pytest.raises(ValueError, match="no staff member"):
        auth.reset_password("eiole", "uusi-pitkä-salasana")
