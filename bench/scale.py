"""The volume generator behind ``manage.py seed_scale``.

It replaces the people and logbooks in the database with a generated
programme of N candidates: cohorts of about a hundred, a mentor for about
every twelve candidates (the first mentor has exactly fifteen mentees, for
the dashboard benchmark), an examiner for about every hundred, two
coordinators. Each candidate writes about fifteen weekly entries of five to
seven sections (200-1,500 characters of varied prose, ``bench.prose``),
tagged with phases, tools and partnerships, with comment threads from
their mentor and notices; a third of the candidates have submitted, so
their frozen copies, examiners, reports, assessments and decisions exist.

Columns come from the models (``Table``: every concrete field of
``Model._meta``, in the model's order), so a migration that adds a column
needs no change here: a column the generator does not fill gets the
field's default (None for a nullable one, "" for blank text). Only a new
NOT NULL column without a default must be given a value below.

How it stays fast: rows go in with PostgreSQL COPY, in batches of a
hundred candidates, from three worker processes (on two cores, one
generates text while the database takes another's rows). Ids are computed from the
candidate's number instead of being read back, so a batch never waits for
the database. Search vectors are computed by PostgreSQL from a staging
table, exactly as ``entries.services`` computes them. Rendered HTML is
produced with the text (plain paragraphs and lists, the same markup
``library.markdown`` gives them).

Safety: generated people have addresses at ``@seed-scale.invalid``. The
generator refuses to run while any other person exists, unless forced,
because it empties the people and logbook tables first (TRUNCATE, in a
maintenance session: pbas_logbook/db_guards.py; no row is ever updated or
deleted).
Each batch commits on its own; an interrupted run leaves only generated
people behind, so running the command again starts over cleanly.
"""

import datetime
import hashlib
import io
import json
import math
import multiprocessing
import random
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from types import SimpleNamespace

from django.db import connection, connections, models, transaction
from django.utils import timezone

from bench import prose as P
from entries.models import Entry, EntryEdit, EntrySection, Heading, Partnership
from entries.vocabulary import BrokerPosition, Phase
from examinations import schemes
from examinations.models import (
    Assessment,
    Decision,
    ExaminerAssignment,
    FinalPaper,
    MentorReport,
    Submission,
    SubmittedEntry,
    SubmittedSection,
)
from examinations.selectors import frozen_entry_fields
from mentors.models import Comment
from pbas_logbook.db_guards import maintenance
from pbas_logbook.models import AuditEvent, Cohort, Enrolment, Notification, User

DOMAIN = "seed-scale.invalid"
COHORT_SIZE = 100
MENTEES_PER_MENTOR = 12
BENCH_MENTEES = 15  # the first mentor's mentees: the dashboard benchmark
CANDIDATES_PER_EXAMINER = 100
MIN_CANDIDATES = BENCH_MENTEES + 5
# Id slots per candidate: computed ids let a worker write related rows
# without reading anything back (gaps are harmless).
ENTRY_SLOTS = 40
SECTION_SLOTS = 8
COMMENT_SLOTS = 16
HEADING_SLOTS = 8
PARTNERSHIP_SLOTS = 4

# Tables emptied before seeding (CASCADE reaches every table that points at
# people or enrolments, including other apps'). Programme settings and the
# assessment criteria are configuration and stay.
TRUNCATE = [
    "pbas_logbook_user",
    "pbas_logbook_cohort",
    "pbas_logbook_textrevision",
    "pbas_logbook_pendingemail",
    "django_session",
]

PARTNERSHIP_KINDS = ["river", "schools", "health", "jobs", "housing", "coast"]
HEADING_SETS = [
    (0.35, "practice"),
    (0.30, "short"),
    (0.20, "gibbs"),
    (0.15, "own"),
]
OWN_HEADINGS = [
    ("What happened", "The facts of the week, briefly."),
    ("Partners and people", "Who did what, and how did they respond?"),
    ("My role as broker", "Where did you act, where did you hold back?"),
    ("Tensions", "What pulled the partnership in different directions?"),
    ("What I learned", "About brokering, and about yourself."),
    ("Questions for my mentor", ""),
    ("Next week", "What will you try?"),
    ("Tools I used", ""),
]


class RealPeopleError(Exception):
    """The database holds people the generator did not create."""


def is_generated_email(email: str) -> bool:
    return email.endswith("@" + DOMAIN)


def real_people_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pbas_logbook_user WHERE email NOT LIKE %s", ["%@" + DOMAIN]
        )
        return cursor.fetchone()[0]


# --- The plan: who is who, computed from the candidate's number ----------------------------


@dataclass(frozen=True)
class Plan:
    candidates: int
    seed: int
    today: datetime.date

    @property
    def cohorts(self) -> int:
        # At least two: a current one and one that has finished (submissions).
        return max(2, math.ceil(self.candidates / COHORT_SIZE))

    @property
    def mentors(self) -> int:
        return max(2, round(self.candidates / MENTEES_PER_MENTOR))

    @property
    def examiners(self) -> int:
        return max(3, self.candidates // CANDIDATES_PER_EXAMINER)

    # User ids: coordinators, examiners, mentors, then candidates.
    def coordinator_id(self, k: int) -> int:
        return 1 + k

    def examiner_id(self, k: int) -> int:
        return 3 + k

    def mentor_id(self, k: int) -> int:
        return 3 + self.examiners + k

    def candidate_id(self, i: int) -> int:
        return 3 + self.examiners + self.mentors + i

    def mentor_of(self, i: int) -> int:
        """Mentor number of candidate i: the first fifteen share mentor 0."""
        if i < BENCH_MENTEES:
            return 0
        return 1 + (i - BENCH_MENTEES) % (self.mentors - 1)

    def cohort_of(self, i: int) -> int:
        return i % self.cohorts

    def cohort_start(self, c: int) -> datetime.date:
        """Cohort 0 started five weeks ago; the oldest about three years ago."""
        weeks_ago = 5 + int(c * 150 / max(1, self.cohorts))
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        return monday - datetime.timedelta(weeks=weeks_ago)

    def length_of(self, i: int) -> int:
        # One in ten programmes runs twenty weeks (the reading-view benchmark).
        return 20 if i % 10 == 3 else 15


def _aware(day: datetime.date, hour: int = 18, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)


# --- COPY helpers ---------------------------------------------------------------------------

NL, ESCAPED_NL = "\n", "\\n"


def _text(value: str) -> str:
    # Four passes of str.replace (C speed) beat one str.translate with a dict.
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def _array(values) -> str:
    items = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return _text("{" + ",".join(items) + "}")


def _field(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, (list, tuple)):
        return _array(value)
    if isinstance(value, dict):
        return _text(json.dumps(value, ensure_ascii=False))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value)


def _default(field) -> str:
    """The COPY text of what a save would store in ``field`` when the
    generator gives no value: its default, or now for auto_now(_add)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return _field(timezone.now())
    if field.has_db_default():
        if not isinstance(field.db_default, models.Value):
            raise ValueError(f"{field}: give a value (its database default is an expression)")
        value = field.db_default.value
    else:
        value = field.get_default()
    if isinstance(field, models.JSONField):
        return "\\N" if value is None else _text(json.dumps(value, ensure_ascii=False))
    return _field(value)


def _per_row(field) -> bool:
    """A default that differs row by row (uuid4, timezone.now, dict)."""
    return (
        getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or (field.has_default() and callable(field.default))
    )


class Table:
    """A model's table as COPY fills it: every concrete column, in the
    model's order, read from ``_meta``. Rows name their values by field
    attname (``enrolment_id``); the columns they leave out get the field's
    default. ``ids``: the generator chooses the primary keys (else the
    sequence does, and the ``id`` column is left out)."""

    def __init__(self, model, *, ids=False, into: str | None = None, skip=()):
        meta = model._meta
        self.db_table = meta.db_table
        self.name = into or meta.db_table  # a staging table LIKE the model's
        self.ids = ids
        self.fields = [
            f
            for f in meta.concrete_fields
            if f.attname not in skip
            and not getattr(f, "generated", False)
            and (ids or not f.primary_key)
        ]
        self.columns = [f.column for f in self.fields]
        self._layouts: dict[tuple[str, ...], tuple] = {}

    def _layout(self, keys: tuple[str, ...]) -> tuple[Callable, tuple[str, ...], tuple]:
        """For rows giving ``keys`` (in that order): a getter that puts their
        texts, then the constant defaults, then the per-row defaults, in
        column order; the constant defaults' texts; the per-row fields."""
        layout = self._layouts.get(keys)
        if layout is None:
            unknown = set(keys) - {f.attname for f in self.fields}
            if unknown:
                raise ValueError(f"{self.name} has no column {', '.join(sorted(unknown))}")
            given = {key: n for n, key in enumerate(keys)}
            constant = [f for f in self.fields if f.attname not in given and not _per_row(f)]
            per_row = [f for f in self.fields if f.attname not in given and _per_row(f)]
            slots = {
                **{f.attname: len(keys) + n for n, f in enumerate(constant)},
                **{f.attname: len(keys) + len(constant) + n for n, f in enumerate(per_row)},
                **given,
            }
            order = [slots[f.attname] for f in self.fields]
            getter = itemgetter(*order) if len(order) > 1 else lambda texts: (texts[order[0]],)
            layout = (getter, tuple(_default(f) for f in constant), tuple(per_row))
            self._layouts[keys] = layout
        return layout

    def line(self, values: dict) -> str:
        """One row in COPY text format; ``values`` by attname, any order."""
        getter, constants, per_row = self._layout(tuple(values))
        texts = [*map(_field, values.values()), *constants, *map(_default, per_row)]
        return "\t".join(getter(texts)) + "\n"

    def template(self, keys: tuple[str, ...]) -> str:
        """A ``str.format`` template of one row giving ``keys`` ({0}, {1}...:
        texts already in COPY format), the other columns' defaults filled in."""
        getter, constants, per_row = self._layout(keys)
        if per_row:
            raise ValueError(f"{self.name}: give {', '.join(f.attname for f in per_row)}")
        escaped = (c.replace("{", "{{").replace("}", "}}") for c in constants)
        return "\t".join(getter([*(f"{{{n}}}" for n in range(len(keys))), *escaped])) + "\n"


USER = Table(User, ids=True)
COHORT = Table(Cohort, ids=True)
ENROLMENT = Table(Enrolment, ids=True)
HEADING = Table(Heading, ids=True)
PARTNERSHIP = Table(Partnership, ids=True)
# Entries and sections go through staging tables: PostgreSQL computes their
# search vectors on the way into the real ones (STAGING_SQL below).
ENTRY = Table(Entry, ids=True, into="stage_entry", skip={"search_vector"})
ENTRY_PARTNERSHIP = Table(Entry.partnerships.through)
ENTRY_EDIT = Table(EntryEdit)
SECTION = Table(EntrySection, ids=True, into="stage_section", skip={"search_vector"})
COMMENT = Table(Comment, ids=True)
NOTIFICATION = Table(Notification)
FINAL_PAPER = Table(FinalPaper, ids=True)
SUBMISSION = Table(Submission, ids=True)
SUBMITTED_ENTRY = Table(SubmittedEntry, ids=True)
SUBMITTED_SECTION = Table(SubmittedSection, ids=True)
EXAMINER_ASSIGNMENT = Table(ExaminerAssignment)
MENTOR_REPORT = Table(MentorReport)
ASSESSMENT = Table(Assessment)
DECISION = Table(Decision)
AUDIT_EVENT = Table(AuditEvent)
# Sections are the biggest table: their rows are formatted directly.
SECTION_KEYS = (
    "id",
    "position",
    "heading_title",
    "heading_prompt",
    "body",
    "body_html",
    "entry_id",
)


class Batch:
    """Rows for several tables, written with one COPY per table."""

    def __init__(self):
        self.buffers: dict[Table, io.StringIO] = {}

    def _buffer(self, table: Table) -> io.StringIO:
        buffer = self.buffers.get(table)
        if buffer is None:
            buffer = self.buffers[table] = io.StringIO()
        return buffer

    def add(self, table: Table, /, **values) -> None:
        """One row, its values named by field (``enrolment_id=...``)."""
        self._buffer(table).write(table.line(values))

    def add_line(self, table: Table, line: str) -> None:
        """A row already in COPY text format (the fast path for the big tables)."""
        self._buffer(table).write(line)

    @property
    def counts(self) -> dict[str, int]:
        # One line per row: line breaks inside values are escaped.
        return {table.name: b.getvalue().count("\n") for table, b in self.buffers.items()}

    def copy(self, cursor, table: Table) -> None:
        if table not in self.buffers:
            return
        buffer = self.buffers[table]
        buffer.seek(0)
        cursor.copy_expert(f"COPY {table.name} ({', '.join(table.columns)}) FROM STDIN", buffer)


# --- Wiping and people ------------------------------------------------------------------------


def wipe() -> None:
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            # Inside a longer transaction (a test seeding twice) the deferred
            # foreign-key checks of earlier rows must run before TRUNCATE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The database refuses TRUNCATE of kept records (entries, submissions,
        # the audit trail) outside maintenance: emptying it for generated
        # people is maintenance (pbas_logbook/db_guards.py).
        with transaction.atomic(), maintenance(cursor):
            cursor.execute(f"TRUNCATE {', '.join(TRUNCATE)} RESTART IDENTITY CASCADE")


def _unusable_password() -> str:
    # Django's format for "no password" (make_password(None)): nobody can
    # sign in as a generated person; the benchmark makes sessions directly.
    return "!" + secrets.token_urlsafe(30)


def load_people(plan: Plan) -> None:
    rng = random.Random(plan.seed)
    batch = Batch()
    joined = _aware(plan.cohort_start(plan.cohorts - 1) - datetime.timedelta(weeks=4))

    def person(pk, email, *, staff=False, examiner=False):
        batch.add(
            USER,
            id=pk,
            password=_unusable_password(),
            is_superuser=False,
            email=email,
            full_name=P.person_name(rng),
            is_active=True,
            is_staff=staff,
            is_examiner=examiner,
            is_researcher=False,
            preferred_role="",
            date_joined=joined,
        )

    for k in range(2):
        person(plan.coordinator_id(k), f"coordinator{k + 1}@{DOMAIN}", staff=True)
    for k in range(plan.examiners):
        person(plan.examiner_id(k), f"examiner{k + 1:04d}@{DOMAIN}", examiner=True)
    for k in range(plan.mentors):
        person(plan.mentor_id(k), f"mentor{k + 1:05d}@{DOMAIN}")
    for i in range(plan.candidates):
        person(plan.candidate_id(i), f"candidate{i + 1:06d}@{DOMAIN}")
    for c in range(plan.cohorts):
        start = plan.cohort_start(c)
        batch.add(
            COHORT,
            id=c + 1,
            name=f"Cohort {c + 1:04d} · {start:%d %b %Y}",
            start_date=start,
            created_at=_aware(start, 9),
        )
    with connection.cursor() as cursor:
        batch.copy(cursor, USER)
        batch.copy(cursor, COHORT)
    # COPY sends no post_save: each cohort's marking scheme is made as the
    # app makes it (examinations.receivers), a copy of the programme's sheet.
    for cohort in Cohort.objects.all():
        schemes.scheme_create(cohort)


# --- One candidate's logbook ------------------------------------------------------------------


def _headings(rng: random.Random):
    from entries.vocabulary import HEADING_PRESETS

    # Preset titles are lazily translated (issue 13): a candidate's headings
    # are stored as text in the language they chose them in, English here.
    presets = {
        key: [(str(title), str(prompt)) for title, prompt in items]
        for key, _, items in HEADING_PRESETS
    }
    roll, total = rng.random(), 0.0
    key = HEADING_SETS[-1][1]
    for share, choice in HEADING_SETS:
        total += share
        if roll <= total:
            key = choice
            break
    if key == "own":
        return rng.sample(OWN_HEADINGS, rng.randint(5, 7))
    return list(presets[key])


def _snapshot(title, aims, sections) -> dict:
    return {"title": title, "aims": aims, "sections": [[h, b] for h, _, b, _ in sections]}


class CandidateWriter:
    """Adds one candidate's rows to a batch (deterministic per candidate)."""

    def __init__(self, plan: Plan, prose: P.Prose, now: datetime.datetime):
        self.plan = plan
        self.prose = prose
        self.now = now
        self.section_row = SECTION.template(SECTION_KEYS)

    def write(self, batch: Batch, i: int) -> None:
        plan, prose, now = self.plan, self.prose, self.now
        rng = random.Random(plan.seed * 1_000_003 + i)
        prose.rng.seed(plan.seed * 7_919 + i)
        enrolment_id = i + 1
        candidate_id = plan.candidate_id(i)
        mentor_id = plan.mentor_id(plan.mentor_of(i))
        cohort = plan.cohort_of(i)
        start = plan.cohort_start(cohort)
        length = plan.length_of(i)
        end = start + datetime.timedelta(weeks=length, days=-1)
        current_week = (plan.today - start).days // 7 + 1
        ended = plan.today > end
        # About a third of all candidates have submitted: every twenty-week
        # programme that has ended (the reading-view benchmark needs them),
        # and three in ten of the others that have.
        submits = ended and (length == 20 or rng.random() < 0.3)
        accredited = submits and rng.random() < 0.7
        withdrawn = ended and not submits and rng.random() < 0.05
        status = (
            "accredited"
            if accredited
            else "submitted"
            if submits
            else "withdrawn"
            if withdrawn
            else "active"
        )
        batch.add(
            ENROLMENT,
            id=enrolment_id,
            start_date=start,
            length_weeks=length,
            status=status,
            created_at=_aware(start - datetime.timedelta(days=7), 10),
            candidate_id=candidate_id,
            cohort_id=cohort + 1,
            mentor_id=mentor_id,
        )

        headings = _headings(rng)
        for position, (title, prompt) in enumerate(headings):
            batch.add(
                HEADING,
                id=i * HEADING_SLOTS + position + 1,
                position=position,
                title=title,
                prompt=prompt,
                enrolment_id=enrolment_id,
            )
        own_rng_names = []
        partnership_ids = []
        for k in range(rng.randint(1, 3)):
            town = P.town_name(rng)
            name = f"{town} {rng.choice(PARTNERSHIP_KINDS)} partnership"
            own_rng_names.append(name)
            pk = i * PARTNERSHIP_SLOTS + k + 1
            partnership_ids.append(pk)
            batch.add(
                PARTNERSHIP,
                id=pk,
                name=name,
                sector_mix=", ".join(rng.sample(P.SECTORS, 3)),
                position=rng.choice(BrokerPosition.values),
                created_at=_aware(start, 11),
                enrolment_id=enrolment_id,
            )
        world = prose.candidate_world(own_rng_names)

        # Which weeks get entries: nearly every week so far, sometimes two,
        # sometimes a few after the programme ends.
        last_week = min(current_week, length)
        weeks = []
        for week in range(1, last_week + 1):
            if week == current_week and rng.random() < 0.5:
                continue
            if rng.random() < 0.94:
                weeks.append(week)
                if rng.random() < 0.06:
                    weeks.append(week)
        if ended and rng.random() < 0.1:
            weeks += [length + k for k in range(1, rng.randint(2, 4))]
        weeks = weeks[: ENTRY_SLOTS - 1]

        shared_entries = []
        notices = 0
        for j, week in enumerate(weeks):
            entry_id = i * ENTRY_SLOTS + j + 1
            week_end = start + datetime.timedelta(weeks=week, days=-1)
            late = rng.random() < 0.12
            delay = rng.randint(8, 30) if late else rng.randint(-2, 3)
            created = min(
                _aware(week_end + datetime.timedelta(days=delay), rng.randint(7, 22)),
                now - datetime.timedelta(hours=rng.randint(1, 48)),
            )
            recent = week >= current_week - 1
            draft = (not submits) and (
                rng.random() < (0.5 if recent else 0.03) or week > length + 1
            )
            title = prose.sentence(P.TITLE_TEMPLATES, world) if rng.random() < 0.85 else ""
            aims, aims_html = prose.short(P.AIMS_TEMPLATES, world)
            sections = []
            for heading, prompt in headings:
                if rng.random() < 0.04:
                    body, body_html = "", ""
                else:
                    body, body_html = prose.section(world)
                sections.append((heading, prompt, body, body_html))
            phases = rng.sample(Phase.values, rng.randint(1, 2))
            tools = rng.sample(P.TOOLS, rng.randint(0, 3))
            if rng.random() < 0.15:
                tools.append(rng.choice(P.OWN_TAGS))
            version = 1 + min(4, int(rng.expovariate(1.0)))
            snapshot = None
            shared_at = first_shared_at = reviewed_at = None
            edited = substantive = False
            if not draft:
                shared_at = first_shared_at = min(created + datetime.timedelta(hours=2), now)
                snapshot = _snapshot(title, aims, sections)
                if rng.random() < 0.1:
                    edited, substantive = True, rng.random() < 0.3
                    batch.add(
                        ENTRY_EDIT,
                        edited_at=min(shared_at + datetime.timedelta(days=1), now),
                        chars_changed=rng.randint(60, 400) if substantive else rng.randint(1, 40),
                        kind="substantive" if substantive else "correction",
                        entry_id=entry_id,
                    )
                if not recent and rng.random() < 0.85:
                    reviewed_at = min(shared_at + datetime.timedelta(days=rng.randint(1, 6)), now)
            comments = []
            if not draft and rng.random() < 0.4:
                comments = self._threads(
                    batch, rng, entry_id, sections, shared_at, candidate_id, mentor_id, world
                )
            mentor_comments = [c for c in comments if c[1] == mentor_id]
            first_comment_at = min((c[0] for c in mentor_comments), default=None)
            unread = 0
            if mentor_comments and recent:
                unread = rng.randint(0, len(mentor_comments))
                notices += unread
            # The columns a submission freezes, kept (for a shared entry) for
            # _submission, which copies them as the real submission does.
            entry = SimpleNamespace(
                id=entry_id,
                public_id=uuid.uuid4(),
                week=week,
                title=title,
                aims=aims,
                aims_html=aims_html,
                phases=phases,
                tools=tools,
                created_at=created,
                first_shared_at=first_shared_at,
                edited_after_sharing=edited,
                first_shared_text=snapshot,
            )
            batch.add(
                ENTRY,
                **vars(entry),
                status="draft" if draft else "shared",
                version=version,
                updated_at=max(created, shared_at or created),
                shared_at=shared_at,
                substantive_edit_after_sharing=substantive,
                first_mentor_comment_at=first_comment_at,
                reviewed_at=reviewed_at,
                enrolment_id=enrolment_id,
                comment_count=len(comments),
                text_at_mentor_comment=snapshot if first_comment_at else None,
                unread_by_candidate=unread,
            )
            for position, (heading, prompt, body, body_html) in enumerate(sections):
                # Generated prose holds no tab, backslash or carriage return:
                # only its line breaks need escaping for COPY.
                batch.add_line(
                    SECTION,
                    self.section_row.format(
                        entry_id * SECTION_SLOTS + position,
                        position,
                        heading,
                        prompt,
                        body.replace(NL, ESCAPED_NL),
                        body_html.replace(NL, ESCAPED_NL),
                        entry_id,
                    ),
                )
            tagged = rng.sample(
                range(len(partnership_ids)), rng.randint(0, min(2, len(partnership_ids)))
            )
            for k in tagged:
                batch.add(ENTRY_PARTNERSHIP, entry_id=entry_id, partnership_id=partnership_ids[k])
            if not draft:
                entry.sections = sections
                entry.partnerships = sorted(own_rng_names[k] for k in tagged)
                shared_entries.append(entry)
        self._notices(batch, rng, i, candidate_id, mentor_id, notices, shared_entries)
        if submits and shared_entries:
            self._submission(
                batch, rng, i, status, start, end, length, candidate_id, mentor_id, world,
                shared_entries, own_rng_names,
            )  # fmt: skip

    def _threads(self, batch, rng, entry_id, sections, shared_at, candidate_id, mentor_id, world):
        """Mentor threads (some on one section) with the candidate's replies."""
        written = []
        slot = 0
        for _ in range(rng.randint(1, 3)):
            if slot >= COMMENT_SLOTS - 3:
                break
            section_position = rng.randrange(len(sections)) if rng.random() < 0.5 else None
            section_id = (
                entry_id * SECTION_SLOTS + section_position
                if section_position is not None
                else None
            )
            at = min(shared_at + datetime.timedelta(days=rng.randint(1, 5)), self.now)
            root_id = entry_id * COMMENT_SLOTS + slot
            resolved = rng.random() < 0.5
            messages = [(mentor_id, P.COMMENT_TEMPLATES)]
            for k in range(rng.randint(0, 2)):
                messages.append(
                    (candidate_id, P.REPLY_TEMPLATES)
                    if k % 2 == 0
                    else (mentor_id, P.COMMENT_TEMPLATES)
                )
            for k, (author, templates) in enumerate(messages):
                body, body_html = self.prose.short(templates, world)
                pk = entry_id * COMMENT_SLOTS + slot
                slot += 1
                at = min(at + datetime.timedelta(hours=rng.randint(2, 60)), self.now)
                batch.add(
                    COMMENT,
                    id=pk,
                    public_id=uuid.uuid4(),
                    body=body,
                    body_html=body_html,
                    created_at=at,
                    resolved_at=at if resolved and k == 0 else None,
                    author_id=author,
                    entry_id=entry_id,
                    parent_id=None if k == 0 else root_id,
                    resolved_by_id=mentor_id if resolved and k == 0 else None,
                    section_id=section_id,
                )
                written.append((at, author))
        return written

    def _notices(self, batch, rng, i, candidate_id, mentor_id, unread, shared_entries):
        recent = shared_entries[-6:]
        for k, entry in enumerate(recent):
            at = min(entry.first_shared_at + datetime.timedelta(days=2), self.now)
            url = f"/conversations/{entry.public_id}/"
            is_unread = k >= len(recent) - unread
            batch.add(
                NOTIFICATION,
                kind="comment",
                message=f"Your mentor commented on week {entry.week}.",
                url=url,
                created_at=at,
                read_at=None if is_unread else at + datetime.timedelta(hours=5),
                actor_id=mentor_id,
                recipient_id=candidate_id,
            )
            batch.add(
                NOTIFICATION,
                kind="entry_shared",
                message=f"Your mentee shared week {entry.week}.",
                url=url,
                created_at=entry.first_shared_at,
                read_at=None if k == len(recent) - 1 else at,
                actor_id=candidate_id,
                recipient_id=mentor_id,
            )

    def _submission(
        self, batch, rng, i, status, start, end, length, candidate_id, mentor_id, world,
        shared_entries, partnership_names,
    ):  # fmt: skip
        from examinations.services import content_hash

        plan = self.plan
        submission_id = i + 1
        submitted_at = min(_aware(end + datetime.timedelta(days=rng.randint(3, 20)), 11), self.now)
        paper_title = "My brokering journey"
        paper_body, paper_html = self.prose.paper(world, length)
        batch.add(
            FINAL_PAPER,
            id=i + 1,
            title=paper_title,
            body=paper_body,
            body_html=paper_html,
            version=rng.randint(2, 9),
            updated_at=submitted_at,
            enrolment_id=i + 1,
        )
        shared_entries.sort(key=lambda e: (e.week, e.created_at))
        frozen = []
        for entry in shared_entries:
            copy = SimpleNamespace(**frozen_entry_fields(entry), partnerships=entry.partnerships)
            frozen.append(
                (
                    copy,
                    [SimpleNamespace(heading_title=h, body=b) for h, _, b, _ in entry.sections],
                )
            )
        # What content_hash reads of the submission: some of its own columns.
        header = SimpleNamespace(
            candidate_name=f"candidate{i + 1:06d}",
            cohort_name=f"Cohort {plan.cohort_of(i) + 1:04d} · {start:%d %b %Y}",
            version=1,
            paper_title=paper_title,
            paper_body=paper_body,
        )
        weeks_covered = len({e.week for e in shared_entries if e.week <= length})
        batch.add(
            SUBMISSION,
            id=submission_id,
            public_id=uuid.uuid4(),
            **vars(header),
            submitted_at=submitted_at,
            programme_weeks=length,
            weeks_covered=weeks_covered,
            paper_html=paper_html,
            content_hash=content_hash(header, frozen),
            enrolment_id=i + 1,
            submitted_by_id=candidate_id,
        )
        for position, (entry, (copy, _)) in enumerate(zip(shared_entries, frozen, strict=True)):
            batch.add(
                SUBMITTED_ENTRY,
                id=entry.id,
                position=position,
                submission_id=submission_id,
                **vars(copy),
            )
            for s_position, (heading, _, body, body_html) in enumerate(entry.sections):
                batch.add(
                    SUBMITTED_SECTION,
                    id=entry.id * SECTION_SLOTS + s_position,
                    position=s_position,
                    heading_title=heading,
                    body=body,
                    body_html=body_html,
                    entry_id=entry.id,
                )
        coordinator = plan.coordinator_id(0)
        examiners = rng.sample(range(plan.examiners), 2 if rng.random() < 0.3 else 1)
        assigned_at = submitted_at + datetime.timedelta(days=2)
        for k in examiners:
            batch.add(
                EXAMINER_ASSIGNMENT,
                assigned_at=min(assigned_at, self.now),
                assigned_by_id=coordinator,
                examiner_id=plan.examiner_id(k),
                submission_id=submission_id,
            )
        report, report_html = self.prose.short(P.COMMENT_TEMPLATES, world)
        batch.add(
            MENTOR_REPORT,
            body=report,
            body_html=report_html,
            proposed_mark=rng.randint(55, 90),
            criterion_notes={},
            updated_at=submitted_at,
            mentor_id=mentor_id,
            submission_id=submission_id,
        )
        if status == "accredited":
            decided_at = min(submitted_at + datetime.timedelta(days=30), self.now)
            mark = rng.randint(60, 92)
            for k in examiners:
                feedback, feedback_html = self.prose.short(P.COMMENT_TEMPLATES, world)
                batch.add(
                    ASSESSMENT,
                    outcome="accredited",
                    mark=mark,
                    feedback=feedback,
                    feedback_html=feedback_html,
                    criterion_notes={},
                    recorded_at=decided_at,
                    updated_at=decided_at,
                    examiner_id=plan.examiner_id(k),
                    submission_id=submission_id,
                )
            batch.add(
                DECISION,
                outcome="accredited",
                mark=mark,
                feedback="",
                feedback_html="",
                decided_at=decided_at,
                decided_by_id=coordinator,
                submission_id=submission_id,
            )
        name = header.candidate_name
        batch.add(
            AUDIT_EVENT,
            created_at=submitted_at,
            actor_name=name,
            actor_role="candidate",
            action="submitted",
            subject_name=name,
            detail="version 1",
            actor_id=candidate_id,
            subject_id=candidate_id,
        )
        for k in examiners:
            batch.add(
                AUDIT_EVENT,
                created_at=min(assigned_at + datetime.timedelta(days=1), self.now),
                actor_name=f"examiner{k + 1:04d}",
                actor_role="examiner",
                action="read_submission",
                subject_name=name,
                detail="",
                actor_id=plan.examiner_id(k),
                subject_id=candidate_id,
            )


# Staging tables: the search vectors are computed by PostgreSQL on the way
# into the real tables, with the configuration and weights entries.services
# uses (title A, aims B, tools C; section body A, heading B).
STAGING_SQL = f"""
CREATE TEMP TABLE IF NOT EXISTS {ENTRY.name}
    (LIKE {ENTRY.db_table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS {SECTION.name}
    (LIKE {SECTION.db_table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
"""
ENTRY_COLUMNS_SQL = ", ".join(ENTRY.columns)
SECTION_COLUMNS_SQL = ", ".join(SECTION.columns)
# Built from the models' column names, never from input.
MOVE_ENTRIES_SQL = f"""
INSERT INTO entries_entry ({ENTRY_COLUMNS_SQL}, search_vector)
SELECT {ENTRY_COLUMNS_SQL},
    setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(aims, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, array_to_string(tools, ' ')), 'C')
FROM stage_entry
"""  # noqa: S608
MOVE_SECTIONS_SQL = f"""
INSERT INTO entries_entrysection ({SECTION_COLUMNS_SQL}, search_vector)
SELECT {SECTION_COLUMNS_SQL},
    setweight(to_tsvector('english'::regconfig, COALESCE(heading_title, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'A')
FROM stage_section
"""  # noqa: S608
# Parents before children, so foreign keys hold at every step.
COPY_ORDER = [
    ENROLMENT,
    HEADING,
    PARTNERSHIP,
    (ENTRY, MOVE_ENTRIES_SQL),
    ENTRY_PARTNERSHIP,
    ENTRY_EDIT,
    (SECTION, MOVE_SECTIONS_SQL),
    COMMENT,
    NOTIFICATION,
    FINAL_PAPER,
    SUBMISSION,
    SUBMITTED_ENTRY,
    SUBMITTED_SECTION,
    EXAMINER_ASSIGNMENT,
    MENTOR_REPORT,
    ASSESSMENT,
    DECISION,
    AUDIT_EVENT,
]
# Tables whose ids the generator chooses: their sequences are moved past
# the largest id afterwards.
EXPLICIT_ID_TABLES = [t.db_table for t in (USER, COHORT, *COPY_ORDER) if getattr(t, "ids", False)]


def write_batch(plan: Plan, first: int, last: int, prose: P.Prose, now) -> dict[str, int]:
    """Generate and COPY candidates first..last-1 in one transaction."""
    batch = Batch()
    writer = CandidateWriter(plan, prose, now)
    for i in range(first, last):
        writer.write(batch, i)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(STAGING_SQL)
        for step in COPY_ORDER:
            if isinstance(step, tuple):
                table, move = step
                batch.copy(cursor, table)
                cursor.execute(move)
                # Emptied now, not only at commit: a test runs every batch
                # in one transaction.
                cursor.execute(f"TRUNCATE {table.name}")
            else:
                batch.copy(cursor, step)
    return batch.counts


# --- Workers ------------------------------------------------------------------------------------

_worker: dict = {}


def _worker_start(plan: Plan, now) -> None:
    # Each worker opens its own connection (the parent closed its own
    # before forking, so nothing is shared).
    _worker["plan"] = plan
    _worker["now"] = now
    _worker["prose"] = P.Prose(seed=plan.seed)


def _worker_batch(bounds: tuple[int, int]) -> tuple[int, dict[str, int]]:
    first, last = bounds
    counts = write_batch(_worker["plan"], first, last, _worker["prose"], _worker["now"])
    return last - first, counts


def finish(out: Callable[[str], None]) -> None:
    """Move id sequences past the generated ids, then refresh the statistics
    (and visibility maps, so the first reads are not also the first writes)."""
    with connection.cursor() as cursor:
        for table in EXPLICIT_ID_TABLES:
            # The table names are the models', never input.
            largest = f"SELECT COALESCE(max(id), 0) + 1 FROM {table}"  # noqa: S608
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({largest}), false)", [table]
            )
    # VACUUM cannot run inside a transaction (a test's); ANALYZE can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    out(f"{command} (statistics for the planner)...")
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(command)
    out(f"  done in {time.monotonic() - started:.0f}s")


def seed(
    candidates: int,
    *,
    force: bool = False,
    workers: int = 3,
    batch_size: int = 100,
    seed_value: int = 7,
    out: Callable[[str], None] = print,
) -> dict[str, int]:
    """Replace the people and logbooks with a generated programme; returns row counts."""
    if candidates < MIN_CANDIDATES:
        raise ValueError(f"Generate at least {MIN_CANDIDATES} candidates.")
    real = real_people_count()
    if real and not force:
        raise RealPeopleError(
            f"This database holds {real} people the generator did not create. "
            "seed_scale empties the people and logbook tables first; use --force "
            "only on a database you mean to throw away."
        )
    started = time.monotonic()
    now = timezone.now()
    plan = Plan(candidates=candidates, seed=seed_value, today=timezone.localdate())
    out(
        f"Seeding {candidates:,} candidates, {plan.mentors:,} mentors, {plan.examiners:,} "
        f"examiners in {plan.cohorts:,} cohorts with {workers} worker(s)..."
    )
    with transaction.atomic():
        wipe()
        load_people(plan)

    totals: dict[str, int] = {}
    bounds = [(s, min(s + batch_size, candidates)) for s in range(0, candidates, batch_size)]
    done = 0

    def progress(count: int, counts: dict[str, int]) -> None:
        nonlocal done
        done += count
        for table, n in counts.items():
            totals[table] = totals.get(table, 0) + n
        elapsed = time.monotonic() - started
        left = elapsed / done * (candidates - done)
        out(
            f"  {done:>7,}/{candidates:,} candidates · "
            f"{totals.get('stage_entry', 0):>9,} entries · "
            f"{totals.get('stage_section', 0):>10,} sections · "
            f"{elapsed:5.0f}s elapsed, about {left:4.0f}s to go"
        )

    if workers == 1:
        # In this process and connection (tests run here, inside their transaction).
        prose = P.Prose(seed=plan.seed)
        for first, last in bounds:
            progress(last - first, write_batch(plan, first, last, prose, now))
    else:
        connections.close_all()  # the workers must not share this connection
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_worker_start, initargs=(plan, now)) as pool:
            try:
                for count, counts in pool.imap_unordered(_worker_batch, bounds):
                    progress(count, counts)
            except KeyboardInterrupt:
                pool.terminate()
                out("Interrupted. Run seed_scale again: it starts over from an empty logbook.")
                raise
    finish(out)
    out(f"Seeded {candidates:,} candidates in {time.monotonic() - started:.0f}s.")
    totals["entries_entry"] = totals.pop("stage_entry", 0)
    totals["entries_entrysection"] = totals.pop("stage_section", 0)
    return totals


def content_digest() -> str:
    """A short fingerprint of the generated logbooks (same seed, same text)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT md5(string_agg(body, '' ORDER BY id)) FROM entries_entrysection")
        return hashlib.sha256(str(cursor.fetchone()[0]).encode()).hexdigest()[:12]
