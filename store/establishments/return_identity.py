"""The numbers a return names a school by: LA number, DfE number and URN, set by support.

A Common Transfer File (and the LA's own files) names the school by its local authority's
number (3 digits), its DfE establishment number within that LA (4 digits) and its URN (6
digits). They are kept as text: the leading zeros are part of the number. An export calls
`return_identity_problem` first and refuses with its sentence while any is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.core.access import Actor, PermissionDenied, may_set_return_settings
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Establishment
from store.core.typed_text import one_line
from store.establishments.establishments import EstablishmentInfo, establishment_info

ACTION = "set return identity"
_SHOWN = 20  # characters of a refused value quoted back


@dataclass(frozen=True)
class Part:
    """One of the three numbers: its field (as on Establishment), its name, length, example."""

    field: str
    name: str
    digits: int
    example: str


LA_NUMBER = Part("la_number", "LA number", 3, "873")
DFE_NUMBER = Part("dfe_number", "DfE number", 4, "2001")
URN = Part("urn", "URN", 6, "100001")
PARTS = (LA_NUMBER, DFE_NUMBER, URN)


def _checked(part: Part, typed: str) -> str | None:
    """`typed` as stored: its digits, spaces taken out; None when blank (which clears it).

    Raises:
        InvalidInput: not exactly `part.digits` ASCII digits; `field` names the part.
    """
    shown = one_line(typed)
    # Spaces go wherever they are: a URN is often written "100 001".
    value = "".join(shown.split())
    if not value:
        return None
    # ASCII only: str.isdigit also takes other scripts' digits and superscripts.
    if len(value) != part.digits or not value.isascii() or not value.isdigit():
        if len(shown) > _SHOWN:
            shown = shown[: _SHOWN - 1] + "…"
        raise InvalidInput(
            f"The {part.name} is {part.digits} digits, e.g. {part.example}; {shown!r} is not.",
            field=part.field,
        )
    return value


def set_return_identity(
    db: Database,
    actor: Actor,
    establishment_id: int,
    *,
    la_number: str,
    dfe_number: str,
    urn: str,
) -> EstablishmentInfo:
    """Set (a blank clears) the three numbers of one establishment; support only (or a
    single-machine install's administrator).

    Every value is checked before anything is written; each one that changes is audited with
    its old and new value, in the same transaction.

    Raises:
        PermissionDenied: not support (nor a single-machine install's administrator).
        InvalidInput: a value that is not its number of digits
            (`field` names which). NotFound: no such establishment.
    """
    if not may_set_return_settings(actor):
        raise PermissionDenied(
            "Only the local authority's support team can set an establishment's LA number, "
            "DfE number and URN: ask them to."
        )
    typed = {LA_NUMBER.field: la_number, DFE_NUMBER.field: dfe_number, URN.field: urn}
    wanted = {part.field: _checked(part, typed[part.field]) for part in PARTS}
    with db.write() as session:
        row = session.get(Establishment, establishment_id)
        if row is None:
            raise NotFound(f"There is no establishment with id {establishment_id}.")
        audits = []
        for part in PARTS:
            old, new = getattr(row, part.field), wanted[part.field]
            if old != new:
                setattr(row, part.field, new)
                audits.append(AuditRecord(ACTION, establishment_id, None, part.name, old, new))
        session.add(row)
        # With nothing changed too: an ended session is refused, not told it worked.
        record(session, actor, audits)
        return establishment_info(row)


def return_identity_problem(info: EstablishmentInfo) -> str | None:
    """Why a return cannot name this establishment yet (which numbers are missing), or None."""
    missing = [part.name for part in PARTS if not getattr(info, part.field)]
    if not missing:
        return None
    names = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
    return (
        f"Support has not yet set this establishment's {names}: a return names the school by "
        "its LA number, DfE number and URN. Ask the support team to set them."
    )
