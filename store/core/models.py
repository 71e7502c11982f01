"""The SQLModel tables, all in one module so relationships never import in a circle."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Dialect,
    Index,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlmodel import Field

from store.core.table_row import TableRow
from store.curriculum.codes import STORED_CODE_LENGTH
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID, EYFS_IN_YEAR_ID
from store.curriculum.framework import FRAMEWORK_ID_LENGTH, SUBJECT_CODE_LENGTH


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored as naive UTC.

    SQLite drops the zone and PostgreSQL's `timestamp` would shift an aware value into the
    server's TimeZone, so the sign-in clock (locks, expiries, idle limits) is kept in UTC here.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


def _utc(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(UtcDateTime(), nullable=nullable))


class EstablishmentBase(TableRow):
    number: str = Field(min_length=1, max_length=12, index=True, unique=True)
    name: str = Field(min_length=1, max_length=120)


class Establishment(EstablishmentBase, table=True):
    """A school or nursery, e.g. 99901 - TRAINING SCHOOL 1."""

    id: int | None = Field(default=None, primary_key=True)
    custom_1_name: str = Field(default="CUSTOM 1", max_length=40)
    custom_2_name: str = Field(default="CUSTOM 2", max_length=40)
    custom_3_name: str = Field(default="CUSTOM 3", max_length=40)
    custom_4_name: str = Field(default="CUSTOM 4", max_length=40)
    custom_5_name: str = Field(default="CUSTOM 5", max_length=40)
    custom_6_name: str = Field(default="CUSTOM 6", max_length=40)
    # How a return (a CTF, the LA's files) names the school; set by support, text because the
    # leading zeros are part of the number (store.establishments.return_identity).
    la_number: str | None = Field(default=None, max_length=3)
    dfe_number: str | None = Field(default=None, max_length=4)
    """The establishment's DfE number within its local authority (the "DDDD" of LAESTAB)."""
    urn: str | None = Field(default=None, max_length=6)


class SchoolClass(TableRow, table=True):
    """A renamed class slot; a slot with no row is called "Class N"."""

    __table_args__ = (UniqueConstraint("establishment_id", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE")
    slot: int = Field(ge=1, le=20)
    name: str = Field(max_length=40)


class PupilBase(TableRow):
    upn: str = Field(max_length=13)
    surname: str = Field(min_length=1, max_length=60)
    forenames: str = Field(min_length=1, max_length=60)
    date_of_birth: date
    class_slot: int | None = Field(default=None, ge=1, le=20)
    year_override: str | None = Field(default=None, max_length=2)
    gender: str = Field(default="F", max_length=1)
    postcode: str = Field(default="", max_length=8)
    ethnicity: str = Field(default="REFU", max_length=4)
    sen: str | None = Field(default=None, max_length=1)
    sen_notes: str | None = Field(default=None, sa_column=Column(Text))
    disadvantaged: bool = False
    eal: bool = False
    pupil_premium: bool = False
    fsm: bool = False
    custom_1: bool = False
    custom_2: bool = False
    custom_3: bool = False
    custom_4: bool = False
    custom_5: bool = False
    custom_6: bool = False
    include_in_data: bool = True
    alternative_assessment: bool = False
    archived: bool = False


class Pupil(PupilBase, table=True):
    """A child on roll; UPN is unique across the whole service.

    When the support team transfers a child to another establishment, this record stays with
    the old school as a left record (archived, `transferred_at` set) holding that school's
    judgements, and a new live record at the new school takes the UPN: the left record's `upn`
    becomes a placeholder ("~" and its id, never a valid UPN) and the UPN is kept in
    `transferred_upn`, so that the UPN stays unique among live records.
    """

    __table_args__ = (Index("ix_pupil_establishment_surname", "establishment_id", "surname"),)

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE", index=True)
    upn: str = Field(sa_column=Column(String(13), unique=True, nullable=False))
    transferred_at: datetime | None = _utc()
    transferred_to_id: int | None = None
    """The establishment the child moved to (no foreign key: the history outlives it)."""
    transferred_upn: str | None = Field(default=None, max_length=13)


def _framework(default: str) -> Any:
    # A server default too: rows written before frameworks existed (and any INSERT that names
    # none) are of the framework they always were.
    return Field(
        default=default,
        sa_column=Column(
            String(FRAMEWORK_ID_LENGTH), nullable=False, server_default=default, default=default
        ),
    )


class AssessmentPeriod(TableRow, table=True):
    """A named, dated assessment, e.g. "Autumn 1" on 20/10/2025, for some Early Years groups.

    Deleting one only marks it (`deleted_at`, `deleted_by`): every reader leaves it out, and the
    support team can bring it back with its judgements and notes
    (store.assessments.period_deletion).
    """

    # A period has at most one layer of each kind.
    __table_args__ = (Index("ix_assessmentperiod_layer", "layer_of", "layer", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=60)
    day: date
    academic_year: int = Field(index=True)
    deleted_at: datetime | None = _utc()
    deleted_by: str | None = Field(default=None, max_length=60)
    framework: str = _framework(EYFS_IN_YEAR_ID)
    """The id of its framework (store.curriculum.frameworks): what its cells may hold."""
    submitted_by: str | None = Field(default=None, max_length=60)
    """Who submitted its results to the local authority (KS1): then they are locked."""
    submitted_at: datetime | None = _utc()
    layer_of: int | None = Field(
        default=None, foreign_key="assessmentperiod.id", ondelete="CASCADE"
    )
    """Set on a layer of another period: its pupils' targets, or the teacher's judgement of
    their progress (`layer`), entered in the grid as judgements are. A layer is no assessment:
    `live_period` leaves it out of every list, report and return (store.progress.layers)."""
    layer: str | None = Field(default=None, max_length=10)


class PeriodYearGroup(TableRow, table=True):
    """Which year groups an assessment period was created for."""

    period_id: int = Field(foreign_key="assessmentperiod.id", primary_key=True, ondelete="CASCADE")
    year_group: str = Field(primary_key=True, max_length=2)


class Judgement(TableRow, table=True):
    """One cell of the grid: a code of the period's framework or a number (or blank with only a
    note), gone-beyond, note."""

    __table_args__ = (UniqueConstraint("pupil_id", "period_id", "area_code"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", ondelete="CASCADE")
    period_id: int = Field(foreign_key="assessmentperiod.id", ondelete="CASCADE", index=True)
    area_code: str = Field(max_length=SUBJECT_CODE_LENGTH)
    value: str | None = Field(default=None, max_length=STORED_CODE_LENGTH)
    number: int | None = None
    """A number subject's mark or score (a phonics mark, a standardised score); then value is
    None, or a code standing instead of a number is in value."""
    gone_beyond: str | None = Field(default=None, max_length=10)
    note: str | None = Field(default=None, sa_column=Column(Text))


class PeriodNote(TableRow, table=True):
    """The free-text Notes column of one pupil for one assessment period."""

    __table_args__ = (UniqueConstraint("pupil_id", "period_id"),)

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id", ondelete="CASCADE")
    period_id: int = Field(foreign_key="assessmentperiod.id", ondelete="CASCADE", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))


class ElgSection(TableRow, table=True):
    """The End of Year Early Learning Goals of one Reception cohort in one academic year."""

    __table_args__ = (UniqueConstraint("establishment_id", "academic_year"),)

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE")
    academic_year: int
    day: date
    submitted_by: str | None = Field(default=None, max_length=60)
    submitted_at: datetime | None = None
    framework: str = _framework(EYFS_ELG_ID)


class ElgResult(TableRow, table=True):
    """One pupil's outcome in one Early Learning Goal."""

    __table_args__ = (UniqueConstraint("section_id", "pupil_id", "area_code"),)

    id: int | None = Field(default=None, primary_key=True)
    section_id: int = Field(foreign_key="elgsection.id", ondelete="CASCADE", index=True)
    pupil_id: int = Field(foreign_key="pupil.id", ondelete="CASCADE")
    area_code: str = Field(max_length=SUBJECT_CODE_LENGTH)
    outcome: str = Field(max_length=STORED_CODE_LENGTH)


class AuditEntry(TableRow, table=True):
    """One change, written in the same transaction as the change; never edited."""

    # The support console reads an account's recent sign-ins by target, newest first; an open
    # grid asks every second for an establishment's entries after the last it saw.
    __table_args__ = (
        Index("ix_auditentry_target_id", "target", "id"),
        Index("ix_auditentry_establishment_id_id", "establishment_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=60)
    source: str = Field(default="local", max_length=80)
    establishment_id: int | None = None
    pupil_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=40)
    target: str = Field(default="", max_length=120)
    old_value: str | None = Field(default=None, sa_column=Column(Text))
    new_value: str | None = Field(default=None, sa_column=Column(Text))
    # The signed-in session the change was made in (None: no accounts, or the command line).
    session_id: int | None = None


class Intervention(TableRow, table=True):
    """Support given to a pupil: it belongs to the pupil's record and moves with a transfer.

    Never keyed by a bare UPN, which a school can correct and another school can then be given.
    `pupil_id` is empty only for an intervention that an upgrade could not place (store.upgrades):
    it is then shown to nobody. `establishment_id` is where it was recorded.
    """

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int | None = Field(
        default=None, foreign_key="pupil.id", ondelete="CASCADE", index=True
    )
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE")
    academic_year: int
    assessment: str = Field(default="", max_length=60)
    details: str = Field(sa_column=Column(Text, nullable=False))


class SavedSearch(TableRow, table=True):
    """A person's "search and save selection" on the pupil list, offered again next time."""

    __table_args__ = (UniqueConstraint("establishment_id", "username"),)

    id: int | None = Field(default=None, primary_key=True)
    establishment_id: int = Field(foreign_key="establishment.id", ondelete="CASCADE")
    username: str = Field(max_length=60)
    surname: str = Field(default="", max_length=60)
    upn: str = Field(default="", max_length=13)
    class_slot: int | None = None
    year_group: str | None = Field(default=None, max_length=2)


# --- accounts and sign-in (issue 4) ---------------------------------------------------------


class Account(TableRow, table=True):
    """A person who signs in; support accounts belong to no establishment.

    Nothing secret is stored in the clear: the password as an argon2id hash, the security code
    and the authenticator (TOTP) secret as Fernet tokens under a key kept outside the database.
    """

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True, index=True)
    display_name: str = Field(default="", max_length=120)
    establishment_id: int | None = Field(
        default=None, foreign_key="establishment.id", ondelete="CASCADE", index=True
    )
    role: str = Field(max_length=10)
    password_hash: str = Field(max_length=255)
    password_is_temporary: bool = True
    temporary_expires_at: datetime | None = _utc()
    password_changed_at: datetime | None = _utc()
    security_code_encrypted: str | None = Field(default=None, sa_column=Column(Text))
    # The two digit positions asked for, kept until answered so that retrying cannot re-roll them.
    code_positions: str | None = Field(default=None, max_length=3)
    totp_secret_encrypted: str | None = Field(default=None, sa_column=Column(Text))
    totp_last_step: int | None = None  # a code once accepted is never accepted again
    disabled: bool = False
    is_demo: bool = False
    failed_sign_ins: int = 0  # consecutive password, security-code and authenticator failures
    next_attempt_at: datetime | None = _utc()
    locked_until: datetime | None = _utc()
    last_failure_at: datetime | None = _utc()
    last_failure_source: str | None = Field(default=None, max_length=80)
    last_success_at: datetime | None = _utc()
    last_success_source: str | None = Field(default=None, max_length=80)
    created_at: datetime | None = _utc()


class SignInThrottle(TableRow, table=True):
    """Failures against a username that has no account, counted exactly as an account's are.

    So that an unknown username is delayed and locked like a real one and its replies give away
    nothing about which usernames exist.
    """

    username: str = Field(primary_key=True, max_length=60)
    failed_sign_ins: int = 0
    next_attempt_at: datetime | None = _utc()
    locked_until: datetime | None = _utc()
    last_failure_at: datetime | None = _utc()
    last_failure_source: str | None = Field(default=None, max_length=80)


class LoginSession(TableRow, table=True):
    """One signed-in session of the app; ended_at is set when it ends, however it ends."""

    __table_args__ = (Index("ix_loginsession_account_ended", "account_id", "ended_at"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    source: str = Field(default="local", max_length=80)
    started_at: datetime | None = _utc(nullable=False)
    last_activity: datetime | None = _utc(nullable=False)  # the last key press
    last_heartbeat: datetime | None = _utc(nullable=False)  # the app was still running then
    ended_at: datetime | None = _utc()
    end_reason: str | None = Field(default=None, max_length=80)


class IssuedUpn(TableRow, table=True):
    """An in-house UPN handed out by the support team; never handed out again."""

    upn: str = Field(primary_key=True, max_length=13)
    establishment_id: int | None = Field(default=None, foreign_key="establishment.id")
    issued_at: datetime | None = _utc(nullable=False)
    issued_by: str = Field(max_length=60)
