"""Demo accounts for the training school, so the sign-in can be tried without setting anyone up.

demo.user and demo.manager have fixed passwords and security codes (the training school holds
only fictional pupils). They are not temporary, so their sign-in asks for two digits of the code
and skips the change of password. demo.support can see every establishment in the database, so
its password and code are new and random each time `ensure_demo_accounts` runs, and it enrols an
authenticator app at its first sign-in, like any support account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from store.accounts.accounts import account_by_username, audit_account
from store.accounts.lockout import clear_failures
from store.accounts.passwords import check_password, hash_password, temporary_password
from store.accounts.secret_box import secret_box
from store.accounts.security_code import new_security_code
from store.accounts.sessions import end_sessions_of
from store.accounts.settings import DEFAULT_SETTINGS, SecuritySettings, require_aware
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import Account

DEMO_USER = "demo.user"
DEMO_MANAGER = "demo.manager"
DEMO_SUPPORT = "demo.support"
_FIXED = {
    DEMO_USER: (Role.USER, "Training-User-1", "24680"),
    DEMO_MANAGER: (Role.MANAGER, "Training-Manager-1", "13579"),
}


@dataclass(frozen=True)
class DemoCredential:
    """What to type to sign in as a demo account."""

    username: str
    role: Role
    password: str = field(repr=False)
    security_code: str = field(repr=False)


def ensure_demo_accounts(
    db: Database,
    actor: Actor,
    establishment_id: int,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> list[DemoCredential]:
    """Create or refresh demo.user, demo.manager (of `establishment_id`) and demo.support.

    A refresh puts back the known password and code, lifts any lock, forgets demo.support's
    authenticator and ends the demo accounts' sessions.

    Raises:
        PermissionDenied: the actor is not the support team (the command line acts as it).
        InvalidInput: one of the names belongs to an account that is not a demo account.
    """
    now = require_aware(now)
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can set up the demo accounts.")
    wanted = [(name, *values) for name, values in _FIXED.items()]
    wanted.append(
        (DEMO_SUPPORT, Role.SUPPORT, temporary_password(DEMO_SUPPORT), new_security_code())
    )
    for name, _role, password, _code in wanted:
        check_password(password, name)
    hashes = {name: hash_password(password) for name, _role, password, _code in wanted}
    box = secret_box(settings.key_file)
    with db.write() as session:
        for name, role, _password, code in wanted:
            account = account_by_username(session, name, lock=True)
            if account is not None and not account.is_demo:
                raise InvalidInput(
                    f"The username {name} belongs to an account that is not a demo account: "
                    "the demo accounts were not made."
                )
            action = "refresh demo account"
            if account is None:
                account = Account(username=name, role=role.value, password_hash="", created_at=now)
                session.add(account)
                action = "create demo account"
            account.display_name = f"Demo {role.value}"
            account.is_demo = True
            account.role = role.value
            account.establishment_id = None if role is Role.SUPPORT else establishment_id
            account.password_hash = hashes[name]
            account.password_is_temporary = False
            account.temporary_expires_at = None
            account.password_changed_at = now
            account.security_code_encrypted = box.encrypt(code)
            account.code_positions = None
            account.totp_secret_encrypted = None
            account.totp_last_step = None
            account.disabled = False
            clear_failures(account)
            session.flush()
            end_sessions_of(session, account.id or 0, now, "demo accounts refreshed", actor)
            audit_account(session, actor, account, action, new_value=role.value)
    return [DemoCredential(name, role, password, code) for name, role, password, code in wanted]
