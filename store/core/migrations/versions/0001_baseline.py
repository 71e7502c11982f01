"""The baseline: the schema of the last version before migrations, table for table.

Revision 0001, the first. It makes exactly what that version's create_all made (commit
d87a19c; tests/fixtures/pre-alembic.db is a database it made), so a database made before
migrations is at this revision once store.core.legacy_schema has brought it level. The tables
are written out here, not taken from the models: the models move on, this revision does not.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def baseline_metadata() -> sa.MetaData:
    """Every table, constraint and index of the baseline (the legacy upgrade makes the missing
    ones from here too)."""
    metadata = sa.MetaData()
    sa.Table(
        "auditentry",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=120), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_auditentry_at", "at"),
        sa.Index("ix_auditentry_establishment_id", "establishment_id"),
        sa.Index("ix_auditentry_pupil_id", "pupil_id"),
        sa.Index("ix_auditentry_target_id", "target", "id"),
    )
    sa.Table(
        "establishment",
        metadata,
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("custom_1_name", sa.String(length=40), nullable=False),
        sa.Column("custom_2_name", sa.String(length=40), nullable=False),
        sa.Column("custom_3_name", sa.String(length=40), nullable=False),
        sa.Column("custom_4_name", sa.String(length=40), nullable=False),
        sa.Column("custom_5_name", sa.String(length=40), nullable=False),
        sa.Column("custom_6_name", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_establishment_number", "number", unique=True),
    )
    sa.Table(
        "newsitem",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("show_from", sa.Date(), nullable=False),
        sa.Column("retire_on", sa.Date(), nullable=True),
        sa.Column("posted_by", sa.String(length=60), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("edited_by", sa.String(length=60), nullable=True),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_newsitem_show_from", "show_from"),
    )
    sa.Table(
        "signinthrottle",
        metadata,
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.Column("last_failure_source", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("username"),
    )
    sa.Table(
        "supportcontact",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=60), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    sa.Table(
        "account",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("password_is_temporary", sa.Boolean(), nullable=False),
        sa.Column("temporary_expires_at", sa.DateTime(), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(), nullable=True),
        sa.Column("security_code_encrypted", sa.Text(), nullable=True),
        sa.Column("code_positions", sa.String(length=3), nullable=True),
        sa.Column("totp_secret_encrypted", sa.Text(), nullable=True),
        sa.Column("totp_last_step", sa.Integer(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.Column("last_failure_source", sa.String(length=80), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_source", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_account_establishment_id", "establishment_id"),
        sa.Index("ix_account_username", "username", unique=True),
    )
    sa.Table(
        "assessmentperiod",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_assessmentperiod_academic_year", "academic_year"),
        sa.Index("ix_assessmentperiod_establishment_id", "establishment_id"),
    )
    sa.Table(
        "discussiondefaults",
        metadata,
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("establishment_id"),
    )
    sa.Table(
        "discussiontemplate",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("discussion_type", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_discussiontemplate_establishment", "establishment_id"),
    )
    sa.Table(
        "elgsection",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("submitted_by", sa.String(length=60), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("establishment_id", "academic_year"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
    )
    sa.Table(
        "gridviewpreference",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("year_group", sa.String(length=2), nullable=False),
        sa.Column("hidden_periods", sa.String(length=2000), nullable=False),
        sa.Column("show_elg", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("establishment_id", "username", "academic_year", "year_group"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
    )
    sa.Table(
        "issuedupn",
        metadata,
        sa.Column("upn", sa.String(length=13), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"]),
        sa.PrimaryKeyConstraint("upn"),
    )
    sa.Table(
        "pupil",
        metadata,
        sa.Column("surname", sa.String(length=60), nullable=False),
        sa.Column("forenames", sa.String(length=60), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("class_slot", sa.Integer(), nullable=True),
        sa.Column("year_override", sa.String(length=2), nullable=True),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("ethnicity", sa.String(length=4), nullable=False),
        sa.Column("sen", sa.String(length=1), nullable=True),
        sa.Column("sen_notes", sa.Text(), nullable=True),
        sa.Column("disadvantaged", sa.Boolean(), nullable=False),
        sa.Column("eal", sa.Boolean(), nullable=False),
        sa.Column("pupil_premium", sa.Boolean(), nullable=False),
        sa.Column("fsm", sa.Boolean(), nullable=False),
        sa.Column("custom_1", sa.Boolean(), nullable=False),
        sa.Column("custom_2", sa.Boolean(), nullable=False),
        sa.Column("custom_3", sa.Boolean(), nullable=False),
        sa.Column("custom_4", sa.Boolean(), nullable=False),
        sa.Column("custom_5", sa.Boolean(), nullable=False),
        sa.Column("custom_6", sa.Boolean(), nullable=False),
        sa.Column("include_in_data", sa.Boolean(), nullable=False),
        sa.Column("alternative_assessment", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("upn", sa.String(length=13), nullable=False),
        sa.Column("transferred_at", sa.DateTime(), nullable=True),
        sa.Column("transferred_to_id", sa.Integer(), nullable=True),
        sa.Column("transferred_upn", sa.String(length=13), nullable=True),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("upn"),
        sa.Index("ix_pupil_establishment_id", "establishment_id"),
        sa.Index("ix_pupil_establishment_surname", "establishment_id", "surname"),
    )
    sa.Table(
        "savedsearch",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("surname", sa.String(length=60), nullable=False),
        sa.Column("upn", sa.String(length=13), nullable=False),
        sa.Column("class_slot", sa.Integer(), nullable=True),
        sa.Column("year_group", sa.String(length=2), nullable=True),
        sa.UniqueConstraint("establishment_id", "username"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
    )
    sa.Table(
        "schoolclass",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.UniqueConstraint("establishment_id", "slot"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
    )
    sa.Table(
        "elgresult",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=3), nullable=False),
        sa.Column("outcome", sa.String(length=1), nullable=False),
        sa.UniqueConstraint("section_id", "pupil_id", "area_code"),
        sa.ForeignKeyConstraint(["section_id"], ["elgsection.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], ondelete="CASCADE"),
        sa.Index("ix_elgresult_section_id", "section_id"),
    )
    sa.Table(
        "intervention",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("assessment", sa.String(length=60), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_intervention_pupil_id", "pupil_id"),
    )
    sa.Table(
        "judgement",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=3), nullable=False),
        sa.Column("value", sa.String(length=1), nullable=True),
        sa.Column("gone_beyond", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.UniqueConstraint("pupil_id", "period_id", "area_code"),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["period_id"], ["assessmentperiod.id"], ondelete="CASCADE"),
        sa.Index("ix_judgement_period_id", "period_id"),
    )
    sa.Table(
        "loginsession",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_activity", sa.DateTime(), nullable=False),
        sa.Column("last_heartbeat", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_loginsession_account_ended", "account_id", "ended_at"),
    )
    sa.Table(
        "periodnote",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("pupil_id", "period_id"),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["period_id"], ["assessmentperiod.id"], ondelete="CASCADE"),
        sa.Index("ix_periodnote_period_id", "period_id"),
    )
    sa.Table(
        "periodyeargroup",
        metadata,
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("year_group", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(["period_id"], ["assessmentperiod.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("period_id", "year_group"),
    )
    sa.Table(
        "progressmeeting",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("class_slot", sa.Integer(), nullable=True),
        sa.Column("teacher", sa.String(length=120), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("period_name", sa.String(length=60), nullable=False),
        sa.Column("previous_period_name", sa.String(length=60), nullable=False),
        sa.Column("cohort_size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["establishment_id"], ["establishment.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["assessmentperiod.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_progressmeeting_establishment_year", "establishment_id", "academic_year"),
    )
    sa.Table(
        "meetingbarrier",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("barrier", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["progressmeeting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_meetingbarrier_meeting_id", "meeting_id"),
    )
    sa.Table(
        "meetingdiscussion",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["progressmeeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_meetingdiscussion_meeting_id", "meeting_id"),
    )
    sa.Table(
        "meetingfigure",
        metadata,
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=3), nullable=False),
        sa.Column("below", sa.Integer(), nullable=True),
        sa.Column("below_previous", sa.Integer(), nullable=True),
        sa.Column("on_track", sa.Integer(), nullable=True),
        sa.Column("on_track_previous", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["progressmeeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "area_code"),
    )
    sa.Table(
        "meetinggroup",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=3), nullable=True),
        sa.Column("group_name", sa.String(length=120), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["progressmeeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_meetinggroup_meeting_id", "meeting_id"),
    )
    sa.Table(
        "meetingtargeted",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=3), nullable=True),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["progressmeeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_meetingtargeted_meeting_id", "meeting_id"),
    )
    sa.Table(
        "meetingtargetedpupil",
        metadata,
        sa.Column("targeted_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["targeted_id"], ["meetingtargeted.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("targeted_id", "pupil_id"),
    )
    return metadata


def upgrade() -> None:
    baseline_metadata().create_all(op.get_bind())


def downgrade() -> None:
    baseline_metadata().drop_all(op.get_bind())
