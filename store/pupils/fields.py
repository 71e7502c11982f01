"""Checking a pupil's fields as typed in the record form or read from an upload file.

Each check says which field is wrong and why, in words a school clerk can act on. The same
checks serve the form, the CSV import and multi-edit, so a pupil can never be valid one way and
not another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import date

from store.core.typed_text import clean_typed
from store.curriculum.dates import academic_year_of, parse_uk_date
from store.curriculum.eyfs import CLASS_SLOTS, YearGroup
from store.curriculum.upn import normalise_upn, upn_problem
from store.pupils.ethnicity import ethnicity_problem

MAX_NAME = 60
MAX_NOTES = 2000
OLDEST_AGE = 12  # Year 6 children are 10-11: older than this is a typing mistake
YOUNGEST_MONTHS = 3  # private nurseries take babies, but not before they are born

SEN_LABELS = {None: "None", "K": "SEN support (K)", "E": "EHC plan (E)"}
GENDER_LABELS = {"M": "Male", "F": "Female"}
FLAG_FIELDS = (
    "disadvantaged",
    "eal",
    "pupil_premium",
    "fsm",
    "custom_1",
    "custom_2",
    "custom_3",
    "custom_4",
    "custom_5",
    "custom_6",
    "include_in_data",
    "alternative_assessment",
)

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_YES = {"Y", "YES", "TRUE", "1", "X"}
_NO = {"N", "NO", "FALSE", "0", ""}


@dataclass(frozen=True)
class FieldProblem:
    """One refusal: the field (as named in the form) and why."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass
class PupilForm:
    """A pupil as typed: text where people type, booleans for the yes/no flags."""

    upn: str = ""
    surname: str = ""
    forenames: str = ""
    date_of_birth: str = ""
    class_slot: str = ""
    year_override: str = ""
    gender: str = ""
    postcode: str = ""
    ethnicity: str = ""
    sen: str = ""
    sen_notes: str = ""
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


@dataclass(frozen=True)
class PupilValues:
    """A pupil's fields, checked and in the form the database keeps them."""

    upn: str
    surname: str
    forenames: str
    date_of_birth: date
    class_slot: int | None = None
    year_override: str | None = None
    gender: str = "F"
    postcode: str = ""
    ethnicity: str = "REFU"
    sen: str | None = None
    sen_notes: str | None = None
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
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def as_columns(self) -> dict[str, object]:
        """The database columns and their values."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}


FIELD_LABELS = {
    "upn": "UPN",
    "surname": "Surname",
    "forenames": "Forenames",
    "date_of_birth": "Date of birth",
    "class_slot": "Class",
    "year_override": "Year override",
    "gender": "Gender",
    "postcode": "Postcode",
    "ethnicity": "Ethnicity",
    "sen": "SEN",
    "sen_notes": "SEN notes",
    "disadvantaged": "Disadvantaged",
    "eal": "EAL",
    "pupil_premium": "Pupil Premium",
    "fsm": "FSM",
    "include_in_data": "Include in Data",
    "alternative_assessment": "Alternative assessment",
}


def clean_text(text: str) -> str:
    """A name as a person meant it: NFC, no control or format characters, single spaces."""
    text = clean_typed(text)
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """For matching: case- and accent-insensitive ("Zoë" and "ZOE" fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_postcode(text: str) -> str:
    return " ".join(text.upper().split())


def postcode_problem(text: str) -> str | None:
    cleaned = normalise_postcode(text)
    if not cleaned:
        return "Postcode is required; if the child's is not known, use the school's own."
    if not _POSTCODE.match(cleaned):
        return f"{cleaned!r} is not the shape of a UK postcode (e.g. PR1 2AB)."
    return None


def format_postcode(text: str) -> str:
    """ "pr12ab" -> "PR1 2AB" (call only on a postcode that passed the check)."""
    match = _POSTCODE.match(normalise_postcode(text))
    assert match is not None
    return f"{match.group(1)} {match.group(2)}"


def parse_yes_no(text: str) -> bool | None:
    """Y/N/blank as upload files write them; None when it is neither."""
    cleaned = text.strip().upper()
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    return None


def parse_gender(text: str) -> str | None:
    cleaned = text.strip().upper()
    return {"M": "M", "MALE": "M", "BOY": "M", "F": "F", "FEMALE": "F", "GIRL": "F"}.get(cleaned)


def parse_sen(text: str) -> tuple[bool, str | None]:
    """(understood, code): blank or N is no SEN; K/SEN_K is support; E/SEN_E is an EHC plan.

    S (a statement, in older census files) became the EHC plan, so it reads as E.
    """
    cleaned = text.strip().upper().replace(" ", "_")
    if cleaned in ("", "N", "NONE", "NO"):
        return True, None
    if cleaned in ("K", "SEN_K", "SEN_SUPPORT", "SUPPORT"):
        return True, "K"
    if cleaned in ("E", "SEN_E", "EHC", "EHCP", "EHC_PLAN", "S", "SEN_S", "STATEMENT"):
        return True, "E"
    return False, None


def date_of_birth_problem(born: date, today: date) -> str | None:
    """Whether a date of birth makes sense for a nursery or primary pupil on `today`."""
    if born > today:
        return f"{born:%d/%m/%Y} is in the future."
    oldest = date(academic_year_of(today) - OLDEST_AGE, 9, 1)
    if born < oldest:
        return (
            f"{born:%d/%m/%Y} makes the child older than a primary pupil; check the year "
            "(dates are day/month/year)."
        )
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    if months < YOUNGEST_MONTHS:
        return (
            f"{born:%d/%m/%Y} makes the child under {YOUNGEST_MONTHS} months old; check the year."
        )
    return None


def validate_pupil(form: PupilForm, today: date) -> PupilValues | list[FieldProblem]:
    """Check every field; return the values, or every problem (never just the first).

    Every text is first cleaned of control characters (store.core.typed_text), whether typed in the
    form or read from an upload file's cells.
    """
    form = typed_form(form)
    problems: list[FieldProblem] = []

    def refuse(name: str, message: str) -> None:
        problems.append(FieldProblem(FIELD_LABELS.get(name, name), message))

    upn = normalise_upn(form.upn)
    if not upn:
        refuse("upn", "UPN is required (13 characters, e.g. A123456789012).")
    elif problem := upn_problem(upn):
        refuse("upn", problem)
    names: dict[str, str] = {}
    for name in ("surname", "forenames"):
        value = clean_text(getattr(form, name))
        if not value:
            refuse(name, f"{FIELD_LABELS[name]} is required.")
        elif len(value) > MAX_NAME:
            refuse(name, f"At most {MAX_NAME} characters ({len(value)} given).")
        elif not any(ch.isalpha() for ch in value):
            refuse(name, f"{value!r} has no letters in it.")
        names[name] = value
    born: date | None = None
    try:
        born = parse_uk_date(form.date_of_birth)
    except ValueError as error:
        refuse("date_of_birth", str(error))
    else:
        if problem := date_of_birth_problem(born, today):
            refuse("date_of_birth", problem)
    class_slot: int | None = None
    if form.class_slot.strip():
        try:
            class_slot = int(form.class_slot)
        except ValueError:
            refuse("class_slot", f"Choose a class from 1 to {CLASS_SLOTS}.")
        else:
            if not 1 <= class_slot <= CLASS_SLOTS:
                refuse("class_slot", f"Choose a class from 1 to {CLASS_SLOTS}.")
    override: str | None = form.year_override.strip().upper() or None
    if override is not None and override not in {g.value for g in YearGroup}:
        refuse("year_override", "Choose Nursery 1, Nursery 2, Reception, Year 1 or Year 2.")
    gender = parse_gender(form.gender)
    if gender is None:
        refuse("gender", "Gender is M (male) or F (female).")
    if problem := postcode_problem(form.postcode):
        refuse("postcode", problem)
    ethnicity = form.ethnicity.strip().upper()
    if problem := ethnicity_problem(ethnicity):
        refuse("ethnicity", problem)
    understood, sen = parse_sen(form.sen)
    if not understood:
        refuse(
            "sen",
            f"{form.sen.strip()!r} is not an SEN code: use blank, K (support) or E (EHC plan).",
        )
    notes = form.sen_notes.strip() or None
    if notes is not None and len(notes) > MAX_NOTES:
        refuse("sen_notes", f"At most {MAX_NOTES} characters ({len(notes)} given).")
    if problems:
        return problems
    assert born is not None and gender is not None
    flags = {name: bool(getattr(form, name)) for name in FLAG_FIELDS}
    return PupilValues(
        upn=upn,
        surname=names["surname"],
        forenames=names["forenames"],
        date_of_birth=born,
        class_slot=class_slot,
        year_override=override,
        gender=gender,
        postcode=format_postcode(form.postcode),
        ethnicity=ethnicity,
        sen=sen,
        sen_notes=notes,
        **flags,  # type: ignore[arg-type]
    )


def typed_form(form: PupilForm) -> PupilForm:
    """The form with control characters dropped from every text (all one-line fields)."""
    texts = {
        f.name: clean_typed(value)
        for f in fields(form)
        if isinstance(value := getattr(form, f.name), str)
    }
    return replace(form, **texts)  # type: ignore[arg-type]


def form_from_values(values: PupilValues) -> PupilForm:
    """The form as it shows a stored pupil."""
    flags = {name: getattr(values, name) for name in FLAG_FIELDS}
    return PupilForm(
        upn=values.upn,
        surname=values.surname,
        forenames=values.forenames,
        date_of_birth=values.date_of_birth.strftime("%d/%m/%Y"),
        class_slot=str(values.class_slot or ""),
        year_override=values.year_override or "",
        gender=values.gender,
        postcode=values.postcode,
        ethnicity=values.ethnicity,
        sen=values.sen or "",
        sen_notes=values.sen_notes or "",
        **flags,
    )
