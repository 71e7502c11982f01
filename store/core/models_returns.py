"""The tables of Key Stage 1's returns: the phonics check's pass mark by year, the sequence of an
establishment's CTF file names, and how each subject's result is coded in a CTF."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field

from store.core.models import UtcDateTime
from store.core.table_row import TableRow
from store.curriculum.framework import FRAMEWORK_ID_LENGTH, SUBJECT_CODE_LENGTH


class PhonicsThreshold(TableRow, table=True):
    """The phonics screening check's pass mark for one academic year, as support set it (the
    DfE publishes it each June; a year with no row takes the usual 32)."""

    academic_year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    mark: int = Field(ge=0, le=40)
    set_by: str = Field(max_length=60)
    set_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class ReturnSequence(TableRow, table=True):
    """The last sequence number (the xxx of nnnDDDD_CTF_nnnLLLL_xxx.xml) an establishment's
    CTF files took: the next file takes the one after, so no name is used twice."""

    establishment_id: int = Field(
        foreign_key="establishment.id",
        primary_key=True,
        ondelete="CASCADE",
        sa_column_kwargs={"autoincrement": False},
    )
    last: int = Field(default=0, ge=0, le=999)


class CtfComponent(TableRow, table=True):
    """How one subject's result is coded in a CTF's StageAssessment, as support set it: a row
    here takes the place of the program's own table (exports: confirm against the DfE's
    assessment component files)."""

    framework: str = Field(primary_key=True, max_length=FRAMEWORK_ID_LENGTH)
    subject: str = Field(primary_key=True, max_length=SUBJECT_CODE_LENGTH)
    stage: str = Field(max_length=10)
    ctf_subject: str = Field(max_length=10)
    method: str = Field(max_length=10)
    component: str = Field(max_length=20)
    result_qualifier: str = Field(max_length=10)
    set_by: str = Field(max_length=60)
    set_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
