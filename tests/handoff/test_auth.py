from __future__ import annotations

from datetime import timedelta

import pytest

from assistant.factory import Handoff
from assistant.handoff.auth import AuthError, PermissionDenied, StaffAuth
from tests.handoff.conftest import Clock

pytestmark = pytest.mark.integration


def test_passwords_are_hashed_and_login_issues_expiring_tokens(handoff: Handoff) -> None:
    handoff.auth.add_user("liisa", "oikein-pitkä-salasana", "staff")
    token, _ = handoff.auth.login("liisa", "oikein-pitkä-salasana")
    assert handoff.auth.identify(token).name == "liisa"
    with handoff.auth.sessions() as db:
        from assistant.handoff.models import StaffSession, StaffUser

        user = db.query(StaffUser).one()
        assert user.password_hash.startswith("$argon2") and "oikein" not in user.password_hash
        assert db.query(StaffSession).one().token_hash != token  # only a digest is stored
    with pytest.raises(AuthError):
        handoff.auth.login("liisa", "väärä-salasana-123")
    with pytest.raises(AuthError):
        handoff.auth.login("eiole", "oikein-pitkä-salasana")
    expired = StaffAuth(handoff.auth.sessions, session_hours=-1)
    old_token, _ = expired.login("liisa", "oikein-pitkä-salasana")
    with pytest.raises(AuthError, match="expired"):
        handoff.auth.identify(old_token)


def test_a_token_is_valid_for_the_configured_hours_and_rejected_after(handoff: Handoff, clock: Clock) -> None:
    hours = handoff.auth.session_hours
    auth = StaffAuth(handoff.auth.sessions, hours, now=clock)
    auth.add_user("liisa", "oikein-pitkä-salasana", "staff")
    issued = clock.now
    token, expires = auth.login("liisa", "oikein-pitkä-salasana")
    assert expires == issued + timedelta(hours=hours)
    clock.now = issued + timedelta(hours=hours) - timedelta(minutes=1)
    assert auth.identify(token).name == "liisa"
    clock.now = issued + timedelta(hours=hours)
    with pytest.raises(AuthError, match="expired"):
        auth.identify(token)
    clock.now = issued + timedelta(hours=hours, minutes=1)
    with pytest.raises(AuthError, match="expired"):
        auth.identify(token)


def test_roles_and_bad_accounts(handoff: Handoff) -> None:
    staff = handoff.auth.add_user("perus", "pitkä-salasana-9", "staff")
    with pytest.raises(PermissionDenied):
        StaffAuth.require(staff, "admin")
    with pytest.raises(ValueError, match="at least 12"):
        handoff.auth.add_user("lyhyt", "short", "staff")
    with pytest.raises(ValueError, match="role"):
        handoff.auth.add_user("pomo", "pitkä-salasana-9", "boss")
    with pytest.raises(ValueError, match="exists"):
        handoff.auth.add_user("perus", "pitkä-salasana-9", "staff")
