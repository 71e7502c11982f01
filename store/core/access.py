"""Who is acting, and what they may touch: every store write takes an Actor and checks it here."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from enum import Enum

from store.core.errors import PermissionDenied

__all__ = ["Actor", "PermissionDenied", "Role", "connection_source", "local_actor"]


class Role(str, Enum):
    USER = "user"
    MANAGER = "manager"
    SUPPORT = "support"


@dataclass(frozen=True)
class Actor:
    """The account a change is made by, and where from (an SSH client address when there is one).

    `session_id` is the signed-in session the actor works in: every write checks, in its own
    transaction, that it is still live (store.core.session_check). None for the local actor of a
    database without accounts and for the server's administrator at the command line.
    """

    username: str
    role: Role
    establishment_id: int | None
    source: str = "local"
    session_id: int | None = None

    def require_establishment(self, establishment_id: int) -> None:
        """Refuse unless this actor may work on `establishment_id`."""
        if self.role is Role.SUPPORT:
            return
        if self.establishment_id != establishment_id:
            raise PermissionDenied("You can only see and change your own establishment's data.")


def connection_source(environ: dict[str, str] | None = None) -> str:
    """Where the session comes from: the SSH client's address, or "local"."""
    env = os.environ if environ is None else environ
    ssh = env.get("SSH_CONNECTION", "").split()
    return f"ssh {ssh[0]}" if ssh else "local"


def local_actor(establishment_id: int | None) -> Actor:
    """The person at this terminal, before accounts exist: a manager of the chosen establishment."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "local"
    return Actor(name, Role.MANAGER, establishment_id, connection_source())


# --- who may: the store checks these, and screens offer only what they allow -------------------


def is_local_administrator(actor: Actor) -> bool:
    """The person at a database with no accounts yet (a single-machine install): they act as
    the manager of whichever establishment they open, and set the place up."""
    return actor.role is Role.MANAGER and actor.establishment_id is None


def may_create_establishment(actor: Actor) -> bool:
    """Establishments are made by the support team (or at a single-machine install)."""
    return actor.role is Role.SUPPORT or is_local_administrator(actor)


def may_set_return_settings(actor: Actor) -> bool:
    """What every school's returns depend on (an establishment's LA number, DfE number and URN,
    the phonics pass mark of a year) is set by the support team, or at a single-machine
    install by the person who set it up."""
    return actor.role is Role.SUPPORT or is_local_administrator(actor)


def may_set_score_settings(actor: Actor, establishment_id: int) -> bool:
    """An establishment's standardised score settings (its threshold, bands and margin) are
    its manager's to set, or the support team's."""
    if actor.role is Role.SUPPORT or is_local_administrator(actor):
        return True
    return actor.role is Role.MANAGER and actor.establishment_id == establishment_id


def may_word_names(actor: Actor, establishment_id: int | None) -> bool:
    """A framework's names as every school reads them (no establishment) are the local
    authority's, set by support (or at a single-machine install); a school's own are its
    manager's too."""
    if actor.role is Role.SUPPORT or is_local_administrator(actor):
        return True
    return (
        establishment_id is not None
        and actor.role is Role.MANAGER
        and actor.establishment_id == establishment_id
    )


def may_reset_demo(actor: Actor, demo_establishment_id: int | None) -> bool:
    """The training school is rebuilt by support, a single-machine install, or its own manager."""
    if actor.role is Role.SUPPORT or is_local_administrator(actor):
        return True
    return (
        actor.role is Role.MANAGER
        and demo_establishment_id is not None
        and actor.establishment_id == demo_establishment_id
    )


def sees_server_details(actor: Actor) -> bool:
    """Where the database lives is the support team's business, not a school's."""
    return actor.role is Role.SUPPORT or is_local_administrator(actor)
