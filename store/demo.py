"""The training establishment 99901 - TRAINING SCHOOL 1: a fictional school, the same every run.

`ensure_demo` creates it, or wipes and rebuilds its pupils, assessments and Early Learning Goals
for the academic year containing `today`. Every name, UPN and judgement comes from one seeded
random.Random, so two runs on the same day give the same school. Its two assessments are dated
on or before `today` (see `demo_periods`), so the headline and the Reports open on one of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from statistics import NormalDist
from typing import Any

from sqlalchemy import delete, func, insert, update
from sqlmodel import col, select

from store.assessments.periods import create_elg_section, create_period
from store.core.access import Actor, PermissionDenied, Role, may_reset_demo
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import (
    AssessmentPeriod,
    ElgResult,
    ElgSection,
    Establishment,
    Intervention,
    PeriodNote,
    Pupil,
)
from store.core.models import Judgement as JudgementRow
from store.core.words import plural
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import (
    AREA_CODES,
    EARLY_YEARS,
    ElgOutcome,
    GoneBeyond,
    Judgement,
    YearGroup,
)
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range, is_summer_born
from store.establishments.establishments import (
    DEMO_NUMBER,
    EstablishmentInfo,
    create_establishment,
    find_establishment_by_number,
)

DEMO_NAME = "TRAINING SCHOOL 1"
DEMO_LA = "999"  # no real local authority has this number, so demo UPNs never meet real ones
# What its returns name it by (LA number, DfE number, URN): believable numbers, so that a
# return made from it looks like one a school sends; its UPNs keep the LA number no one has.
DEMO_RETURN_IDENTITY = ("873", "2001", "100001")
_SEED = 99901
_N1, _N2, _R = YearGroup.NURSERY_1, YearGroup.NURSERY_2, YearGroup.RECEPTION
_SIZES = {_N1: 20, _N2: 26, _R: 30}
_CLASSES = {_N1: (4,), _N2: (3,), _R: (1, 2)}  # Reception is split between Class 1 and Class 2
# Share of Below in Autumn and in Spring: younger children are judged Below more often.
_BELOW = {_N1: (0.28, 0.24), _N2: (0.23, 0.2), _R: (0.19, 0.16)}
_EMERGING = 0.13  # share of Emerging among the completed End of Year goals
_LANGUAGE_AREAS = ("LAU", "SP", "WR", "C", "W")
_CELL_KEYS = ("pupil_id", "period_id", "area_code", "value", "gone_beyond", "note")

# Three lines per community: "main ethnicity codes, weight, chance of EAL: surnames"; boys; girls.
_COMMUNITIES = """
WBRI 34 0: Smith, Jones, Taylor, Brown, Wilson, Walker, Wright, Robinson, Hughes, Clarke, Holt
Oliver, Harry, George, Jack, Noah, Alfie, Theo, Arthur, Freddie, Leo, Archie, Oscar, Tommy
Olivia, Amelia, Isla, Ava, Lily, Freya, Poppy, Evie, Grace, Zoë, Ivy, Florence, Daisy
WIRI 5 0: O'Brien, O'Neill, Murphy, Kelly, McCarthy, Byrne, Doherty
Seán, Ciarán, Liam, Conor, Oisín, Darragh
Siobhán, Aoife, Niamh, Róisín, Saoirse, Orla
WOTH 6 0.8: Nowak, Wójcik, Mazur, Krawczyk, Zając, Kowalczyk, Lewandowski
Łukasz, Jakub, Antoni, Szymon, Filip, Mikołaj
Zuzanna, Zofia, Hanna, Julia, Małgorzata, Lena
WOTH 4 0.7: Silva, Santos, Ferreira, Popescu, Dubois, Moreau, Rossi
Tiago, Mateo, Andrei, Étienne, Luca, João
Chloé, Inês, Ana, Élodie, Maria, Ioana
WROM 1 0: Boswell, Lee, Price
Levi, Tyson
Shania, Tallulah
APKN 10 0.5: Khan, Hussain, Ahmed, Iqbal, Shah, Akhtar, Mahmood, Ali
Mohammed, Muhammad, Ibrahim, Zayn, Hamza, Yusuf, Musa
Aisha, Maryam, Zara, Hafsa, Inaya, Khadija, Eesha
ABAN 4 0.6: Miah, Uddin, Rahman, Islam, Chowdhury
Mohammed, Arham, Rayyan, Abdullah, Ayaan
Ayesha, Sumaiya, Inaaya, Tahmina, Safa
AIND 6 0.3: Patel, Singh, Sharma, Gill, Mistry, D'Souza, Bhatt
Arjun, Aarav, Dev, Jai, Rohan, Veer
Priya, Anaya, Diya, Asha, Simran, Navya
BAFR 6 0.4: Okafor, Adeyemi, Mensah, Osei, Adebayo, Abdi, Okonkwo
Olamide, Tobi, Kwame, Chidi, Samuel, David, Ayomide
Olamide, Adaeze, Chioma, Ama, Blessing, Favour, Hodan
BCRB 3 0: Campbell, Williams, Francis, Thomas, Henry
Jayden, Kai, Malachi, Tyrese
Aaliyah, Nia, Imani, Kayla
MWBC,MWBA,MWAS,MOTH 6 0.05: Smith-Okafor, Green, Bennett, Khan-Taylor, Morris, Edwards
Riley, Mason, Reuben, Elijah, Ezra
Mia, Ruby, Amara, Layla, Aria
AOTH 3 0.9: Nguyễn, Trần, Lê, Phạm
Minh, Bảo, Đức, Khang
Linh, Ngọc Anh, Mai, Thảo
CHNE 2 0.7: Wang, Chen, Li, Zhang
Ethan, Hao, Jun
Mei, Xin, Lucy
NOBT,REFU 2 0: Davies, Morgan, Price, Lord
Jacob, Max, Ethan
Sophie, Ella, Millie
"""

# Always on roll, so the grid shows the names that trip up careless software.
_FEATURED = (
    ("O'Brien", "Siobhán", "F", "WIRI", False),
    ("D'Souza", "Zoë", "F", "AIND", False),
    ("Nguyễn", "Minh Anh", "F", "AOTH", True),
    ("Nowak", "Łukasz", "M", "WOTH", True),
    ("Dubois", "Chloé", "F", "WOTH", True),
    ("Hussain", "Mohammed", "M", "APKN", True),
    ("Khan", "Aisha", "F", "APKN", False),
    ("Adeyemi", "Olamide", "M", "BAFR", False),
    ("Murphy", "Ciarán", "M", "WIRI", False),
)
_SEN_NOTES = (
    "Speech and language: SALT referral made.",
    "Social communication: awaiting assessment.",
    "Fine motor: OT programme in class.",
    "Emotional regulation: nurture group.",
)
_EHC_NOTE = "EHC plan: communication and interaction; 1:1 support each morning."
_CELL_NOTES = (
    ("SP", "Uses short sentences with adults; quieter with peers."),
    ("FMS", "Pincer grip developing; practising with tweezers."),
    ("N", "Subitises to 5 confidently."),
    ("BR", "Needs support to take turns in role play."),
    ("LAU", "Follows two-step instructions."),
    ("GMS", "Confident on the climbing frame."),
    ("CWM", "Loves junk modelling and explains what they are making."),
    ("PCC", "Shared photos of a family celebration with the class."),
)
_PERIOD_NOTES = (
    "Parents' evening: shared next steps for talk at home.",
    "Attendance low this half term; letter sent.",
    "Settled well after a tearful start.",
    "Early Years Pupil Premium: forest school sessions.",
)


@dataclass(frozen=True)
class _Child:
    id: int
    group: YearGroup
    surname: str
    forenames: str
    eal: bool
    ability: float  # hidden: above 0 is ahead of the cohort, below 0 behind


def _identities(rng: random.Random, count: int) -> list[tuple[str, str, str, str, bool]]:
    """(surname, forenames, gender, ethnicity, EAL) for `count` children, featured ones included."""
    lines = iter(line.strip() for line in _COMMUNITIES.strip().splitlines())
    communities = []
    for first, second, third in zip(lines, lines, lines, strict=True):
        head, family = first.split(":")
        lists = [[name.strip() for name in row.split(",")] for row in (family, second, third)]
        communities.append((head.split(), lists))
    weights = [int(head[1]) for head, _ in communities]
    people = list(_FEATURED)
    seen = {(person[0], person[1]) for person in people}
    while len(people) < count:
        (codes, _, eal), (surnames, boys, girls) = rng.choices(communities, weights)[0]
        gender = "MF"[len(people) % 2]
        names = boys if gender == "M" else girls
        forenames = rng.choice(names)
        if " " not in forenames and rng.random() < 0.2:  # a middle name
            forenames += " " + rng.choice([name for name in names if name != forenames])
        surname = rng.choice(surnames)
        if (surname, forenames) not in seen:
            seen.add((surname, forenames))
            ethnicity = rng.choice(codes.split(","))
            people.append((surname, forenames, gender, ethnicity, rng.random() < float(eal)))
    rng.shuffle(people)
    return people


def _pupils(rng: random.Random, establishment_id: int, year: int) -> list[tuple[Pupil, _Child]]:
    """The pupil rows to insert, each with what the judgements are drawn from (id still 0)."""
    people = iter(_identities(rng, sum(_SIZES.values())))
    inward = "ABDEFGHJLNPQRSTUWXYZ"
    out: list[tuple[Pupil, _Child]] = []
    ehc = rng.randrange(_SIZES[_R])
    for group in EARLY_YEARS:
        first, last = birth_date_range(group, year)
        excluded = rng.randrange(_SIZES[group])
        ranks = rng.sample(range(_SIZES[group]), _SIZES[group])  # abilities spread evenly
        for index in range(_SIZES[group]):
            surname, forenames, gender, ethnicity, eal = next(people)
            born = first + timedelta(days=rng.randrange((last - first).days + 1))
            sen = "E" if group is _R and index == ehc else None
            sen = sen or ("K" if rng.random() < 0.09 else None)
            fsm = rng.random() < 0.17
            disadvantaged = fsm or rng.random() < 0.05
            district = rng.choice(("PR1", "PR1", "PR2", "PR2", "PR4", "PR5", "PR7"))
            twelve = f"{DEMO_LA}9901{(first.year + 3) % 100:02d}{len(out) + 1:03d}"
            pupil = Pupil(
                establishment_id=establishment_id,
                upn=upn_check_letter(twelve) + twelve,
                surname=surname,
                forenames=forenames,
                date_of_birth=born,
                class_slot=_CLASSES[group][index % len(_CLASSES[group])],
                gender=gender,
                postcode=f"{district} {rng.randint(1, 9)}{rng.choice(inward)}{rng.choice(inward)}",
                ethnicity=ethnicity,
                sen=sen,
                sen_notes=rng.choice(_SEN_NOTES) if sen == "K" else _EHC_NOTE if sen else None,
                eal=eal,
                fsm=fsm,
                disadvantaged=disadvantaged,
                pupil_premium=fsm or (disadvantaged and rng.random() < 0.5),
                include_in_data=index != excluded,
            )
            ability = NormalDist().inv_cdf((ranks[index] + 0.5) / _SIZES[group])
            ability -= 0.5 * is_summer_born(born) + 0.3 * eal
            ability -= {"K": 1.0, "E": 2.5}.get(sen or "", 0.0)
            out.append((pupil, _Child(0, group, surname, forenames, eal, ability)))
    return out


def _lowest(levels: list[float], share: float) -> float:
    """The level below which `share` of `levels` lie, so each cohort gets its intended spread."""
    return sorted(levels)[int(len(levels) * share)]


def _cells(
    rng: random.Random, children: list[_Child], autumn: int, spring: int
) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    """Judgement rows (as _CELL_KEYS) and period notes: Autumn nearly full, Spring half done."""
    cells: list[list[Any]] = []
    late = next(c for c in children if c.group is _N1)  # joined after half term
    notes = [{"pupil_id": late.id, "period_id": autumn, "text": "Joined after this assessment."}]
    for group in EARLY_YEARS:
        drawn: dict[int, list[tuple[list[Any], float]]] = {autumn: [], spring: []}
        cohort = sorted((c for c in children if c.group is group), key=_alphabetical)
        done = len(cohort) // 2  # the clerk stopped part way along this row of the Spring grid
        for position, child in enumerate(cohort):
            spring_areas = 17 if position < done else 9 if position == done else 0
            for index, code in enumerate(AREA_CODES):
                noise = rng.gauss(0, 0.6) - 0.5 * (child.eal and code in _LANGUAGE_AREAS)
                progress = 0.7 * noise + rng.gauss(0, 0.3)
                for period, score in ((autumn, noise), (spring, progress)):
                    if not ((child is late) if period == autumn else index >= spring_areas):
                        row = [child.id, period, code, Judgement.ON_TRACK.value, None, None]
                        drawn[period].append((row, child.ability + score))
        for period, share in zip((autumn, spring), _BELOW[group], strict=True):
            below = _lowest([level for _, level in drawn[period]], share)
            beyond = _lowest([level for _, level in drawn[period]], 0.98)
            for row, level in drawn[period]:
                if level < below:
                    row[3] = Judgement.BELOW.value
                elif level > beyond and rng.random() < 0.6:
                    row[4] = rng.choice(list(GoneBeyond)).value
                cells.append(row)
    for code, text in _CELL_NOTES:
        rng.choice([row for row in cells if row[1] == autumn and row[2] == code])[5] = text
    for text in _PERIOD_NOTES:
        child = rng.choice([c for c in children if c is not late])
        notes.append(
            {"pupil_id": child.id, "period_id": rng.choice((autumn, spring)), "text": text}
        )
    unique = {(note["pupil_id"], note["period_id"]): note for note in reversed(notes)}
    return cells, list(unique.values())


def _elg(rng: random.Random, children: list[_Child], section: int) -> list[dict[str, Any]]:
    """Two thirds of Reception complete (mostly Expected), one Absent, the rest still blank."""
    cohort = sorted((c for c in children if c.group is _R), key=_alphabetical)
    complete = round(len(cohort) * 2 / 3)
    absent = rng.choice(cohort[complete:])
    drawn = [
        (c, code, c.ability + rng.gauss(0, 0.5)) for c in cohort[:complete] for code in AREA_CODES
    ]
    emerging = _lowest([level for _, _, level in drawn], _EMERGING)
    outcomes = [
        (c, code, ElgOutcome.EMERGING if level < emerging else ElgOutcome.EXPECTED)
        for c, code, level in drawn
    ]
    outcomes += [(absent, code, ElgOutcome.ABSENT) for code in AREA_CODES]
    return [
        {"section_id": section, "pupil_id": c.id, "area_code": code, "outcome": outcome.value}
        for c, code, outcome in outcomes
    ]


def _alphabetical(child: _Child) -> tuple[str, str, int]:
    return child.surname.casefold(), child.forenames.casefold(), child.id


def _allowed(db: Database, actor: Actor) -> EstablishmentInfo | None:
    """The demo establishment, if it exists, when `actor` may reset it (else PermissionDenied)."""
    info = find_establishment_by_number(db, DEMO_NUMBER)
    if not may_reset_demo(actor, None if info is None else info.id):
        raise PermissionDenied(
            "Only the training school's manager or the support team can reset the training school."
        )
    return info


def demo_reset_loses(db: Database, actor: Actor) -> str | None:
    """What resetting the training school would delete, in words; None while there is none.

    Raises:
        PermissionDenied: as ensure_demo.
    """
    info = _allowed(db, actor)
    if info is None:
        return None
    eid = info.id
    periods = select(col(AssessmentPeriod.id)).where(col(AssessmentPeriod.establishment_id) == eid)
    pupils = select(col(Pupil.id)).where(col(Pupil.establishment_id) == eid)
    sections = select(col(ElgSection.id)).where(col(ElgSection.establishment_id) == eid)
    with db.read() as session:

        def count(model: Any, *where: Any) -> int:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        judged, noted = session.execute(
            select(func.count(col(JudgementRow.value)), func.count(col(JudgementRow.note))).where(
                col(JudgementRow.period_id).in_(periods)
            )
        ).one()
        notes = int(noted) + count(PeriodNote, col(PeriodNote.period_id).in_(periods))
        children = count(Pupil, col(Pupil.establishment_id) == eid)
        support = count(Intervention, col(Intervention.pupil_id).in_(pupils))
        assessments = count(AssessmentPeriod, col(AssessmentPeriod.establishment_id) == eid)
        goals = count(ElgResult, col(ElgResult.section_id).in_(sections))
    return (
        f"its {plural(children, 'pupil')} with {plural(support, 'intervention')}, "
        f"{plural(assessments, 'assessment')} holding {plural(int(judged), 'judgement')} and "
        f"{plural(notes, 'note')}, and {plural(goals, 'End of Year goal')} entered"
    )


def _acting(db: Database, actor: Actor) -> tuple[EstablishmentInfo, Actor]:
    """The demo establishment (created if missing) and the actor scoped to it."""
    info = _allowed(db, actor)
    if info is None:
        info = create_establishment(db, actor, DEMO_NUMBER, DEMO_NAME)
    if actor.role is not Role.SUPPORT and actor.establishment_id is None:
        actor = replace(actor, establishment_id=info.id)  # the person at this terminal
    return EstablishmentInfo(info.id, DEMO_NUMBER, DEMO_NAME, *DEMO_RETURN_IDENTITY), actor


def _half_term(day: date) -> str:
    """The half term a day of the autumn or early spring falls in, as schools name periods."""
    return "Autumn 1" if day.month in (9, 10) else "Autumn 2" if day.month >= 11 else "Spring 1"


def demo_periods(today: date) -> list[tuple[str, date]]:
    """The demo's two assessments (name, day) for the academic year containing `today`, both
    dated on or before `today` (a school fills in no assessment ahead of its date).

    From 6 February: Autumn 1 (17 October) and Spring 1 (6 February). Earlier in the year the
    second is today, named by its half term, and the first is Autumn 1 once today is at least
    two weeks past it (from 1 November); before that the first is a "Baseline" halfway between
    1 September and today. So 23/11/2026 gives Autumn 1 17/10/2026 and Autumn 2 23/11/2026,
    and 02/09/2026 gives Baseline 01/09/2026 and Autumn 1 02/09/2026.
    """
    year = academic_year_of(today)
    autumn, spring = date(year, 10, 17), date(year + 1, 2, 6)
    if today >= spring:
        return [("Autumn 1", autumn), ("Spring 1", spring)]
    if today >= date(year, 11, 1):
        return [("Autumn 1", autumn), (_half_term(today), today)]
    start = date(year, 9, 1)
    return [("Baseline", start + (today - start) // 2), ("Autumn 1", today)]


def ensure_demo(db: Database, actor: Actor, today: date | None = None) -> EstablishmentInfo:
    """Create or rebuild 99901 - TRAINING SCHOOL 1 for the academic year containing `today`.

    Its old pupils, assessment periods and ELG sections are deleted first; other establishments
    are not touched.

    Raises:
        PermissionDenied: a school user, or a manager of another establishment, asks for it.
        InvalidInput: a demo UPN is already used by a pupil of another establishment.
    """
    info, actor = _acting(db, actor)
    today = today or date.today()
    year = academic_year_of(today)
    rng = random.Random(_SEED)
    with db.write() as session:
        eid = info.id
        la_number, dfe_number, urn = DEMO_RETURN_IDENTITY
        session.execute(
            update(Establishment)
            .where(col(Establishment.id) == eid)
            .values(name=DEMO_NAME, la_number=la_number, dfe_number=dfe_number, urn=urn)
        )
        # The foreign keys cascade to judgements, notes, ELG results and year groups.
        for model in (AssessmentPeriod, ElgSection, Pupil):
            session.execute(delete(model).where(col(model.establishment_id) == eid))
        made = _pupils(rng, eid, year)
        upns = [pupil.upn for pupil, _ in made]
        clash = session.scalar(select(Pupil.upn).where(col(Pupil.upn).in_(upns)).limit(1))
        if clash is not None:
            raise InvalidInput(f"The training school's UPN {clash} is already used elsewhere.")
        session.add_all(pupil for pupil, _ in made)
        session.flush()
        children = [replace(child, id=pupil.id or 0) for pupil, child in made]
    (first_name, first_day), (second_name, second_day) = demo_periods(today)
    autumn = create_period(
        db, actor, eid, first_name, first_day, EARLY_YEARS, framework=EYFS_IN_YEAR.id
    )
    spring = create_period(
        db, actor, eid, second_name, second_day, EARLY_YEARS, framework=EYFS_IN_YEAR.id
    )
    section = create_elg_section(db, actor, eid, year, date(year + 1, 6, 6))
    cells, notes = _cells(rng, children, autumn.id, spring.id)
    judgements = [dict(zip(_CELL_KEYS, row, strict=True)) for row in cells]
    outcomes = _elg(rng, children, section.id)
    with db.write() as session:
        session.execute(insert(JudgementRow), judgements)
        session.execute(insert(PeriodNote), notes)
        session.execute(insert(ElgResult), outcomes)
        summary = (
            f"{len(children):,} pupils, {len(cells):,} judgements, {len(outcomes):,} ELG outcomes"
        )
        record(
            session,
            actor,
            [AuditRecord("reset training school", eid, target=info.title, new_value=summary)],
        )
    return info
