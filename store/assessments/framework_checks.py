"""The checks a judgement passes against its period's framework before it is written: a framework
this program knows, a value its subject takes, and, in a framework for pupils assessed another
way (small steps, the engagement model), a pupil whose Alternative assessment is Yes. Clearing
is always allowed, so that a pupil whose flag was turned off keeps nothing they cannot take
away."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.changes import JudgementChange
from store.assessments.framework_wording import wording_for
from store.core.errors import InvalidInput, NotInFramework
from store.core.models import Pupil
from store.curriculum import frameworks
from store.curriculum.framework import Framework


def framework_by_id(framework_id: str) -> Framework:
    """The framework of that id.

    Raises:
        NotInFramework: this program does not know it (a newer version made the period).
    """
    try:
        return frameworks.by_id(framework_id)
    except frameworks.UnknownFramework as unknown:
        raise NotInFramework(str(unknown), field="framework") from None


def worded_frameworks(
    session: Session, establishment_id: int, framework_of: Mapping[int, str]
) -> dict[int, Framework]:
    """Each period's framework (`framework_of`: its id, by period id) as the establishment words
    it: a school's own scale points are values its judgements may hold. The words are read only
    where a framework has them (not for an EYFS or KS1 entry).

    Raises:
        NotInFramework: this program does not know one of them.
    """
    found = {period: framework_by_id(framework) for period, framework in framework_of.items()}
    wording = wording_for(session, establishment_id, framework_of.values())
    return {period: wording.applied(framework) for period, framework in found.items()}


def require_in_framework(
    framework: Framework, subject: str, value: str | None, number: int | None
) -> None:
    """Raises NotInFramework when the subject does not take the value or number."""
    problem = framework.problem(subject, value, number)
    if problem is not None:
        raise NotInFramework(problem, field="value")


def require_assessed_another_way(
    session: Session,
    requested: Sequence[JudgementChange],
    framework_of: Mapping[int, str],
) -> None:
    """Refuse values for pupils not assessed another way in frameworks that are for them
    (`framework_of`: each period's framework id, known: checked before).

    Raises:
        InvalidInput: one is (nothing is written), naming the pupil.
    """
    wanted: dict[int, Framework] = {}
    for change in requested:
        framework = frameworks.by_id(framework_of[change.period_id])
        after = change.after
        if framework.for_alternative and (after.value is not None or after.number is not None):
            wanted.setdefault(change.pupil_id, framework)
    if not wanted:
        return
    refused = session.execute(
        select(col(Pupil.id), col(Pupil.surname), col(Pupil.forenames)).where(
            col(Pupil.id).in_(sorted(wanted)),
            col(Pupil.alternative_assessment) == False,  # noqa: E712
        )
    ).first()
    if refused is not None:
        pupil_id, surname, forenames = refused
        raise InvalidInput(
            f"{surname.upper()}, {forenames} is not assessed another way: "
            f"{wanted[pupil_id].name} is only for pupils whose Alternative assessment is Yes. "
            "Set it on the Pupils screen first."
        )
