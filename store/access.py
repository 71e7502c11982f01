"""Who is acting, and what they may touch: every store write takes an Actor and checks it here."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from enum import Enum

from store.errors import PermissionDenied

__all__ = ["Actor", "PermissionDenied", "Role", "connection_source", "local_actor"]


class Role(str, Enum):
    USER = "user"
    MANAGER = "manager"
    SUPPORT = "support"


@dataclass(frozen=True)
class Actor:
    """The account a change is made by, and where from (an SSH client address when there is one).

    `session_id` is the signed-in session the actor works in: every write checks, in its own
    transaction, that it is still live (store.session_check). None for the local actor of a
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
