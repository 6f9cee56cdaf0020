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

How it stays fast: rows go in with PostgreSQL COPY, in batches of a
hundred candidates, from three worker processes (on two cores, one
generates text while the database takes another's rows). Ids are computed from the
candidate's number instead of being read back, so a batch never waits for
the database. Search vectors are computed by PostgreSQL from a staging
table, exactly as ``entries.services`` computes them. Rendered HTML is
produced with the text (plain paragraphs and lists, the same markup
``pbas_logbook.markdown`` gives them).

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
from types import SimpleNamespace

from django.db import connection, connections, transaction
from django.utils import timezone

from bench import prose as P
from pbas_logbook.db_guards import maintenance

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
# Tables whose ids the generator chooses: their sequences are moved past
# the largest id afterwards.
EXPLICIT_ID_TABLES = [
    "pbas_logbook_user",
    "pbas_logbook_cohort",
    "pbas_logbook_enrolment",
    "entries_heading",
    "entries_partnership",
    "entries_entry",
    "entries_entrysection",
    "mentors_comment",
    "examinations_finalpaper",
    "examinations_submission",
    "examinations_submittedentry",
    "examinations_submittedsection",
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


class Batch:
    """Rows for several tables, written with one COPY per table."""

    def __init__(self):
        self.tables: dict[str, tuple[list[str], io.StringIO]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: str, columns: list[str], row) -> None:
        if table not in self.tables:
            self.tables[table] = (columns, io.StringIO())
            self.counts[table] = 0
        buffer = self.tables[table][1]
        buffer.write("\t".join(map(_field, row)))
        buffer.write("\n")
        self.counts[table] += 1

    def add_line(self, table: str, columns: list[str], line: str) -> None:
        """A row already in COPY text format (the fast path for the big tables)."""
        if table not in self.tables:
            self.tables[table] = (columns, io.StringIO())
            self.counts[table] = 0
        self.tables[table][1].write(line)
        self.counts[table] += 1

    def copy(self, cursor, table: str, into: str | None = None) -> None:
        if table not in self.tables:
            return
        columns, buffer = self.tables[table]
        buffer.seek(0)
        cursor.copy_expert(f"COPY {into or table} ({', '.join(columns)}) FROM STDIN", buffer)


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
    columns = [
        "id",
        "password",
        "is_superuser",
        "email",
        "full_name",
        "is_active",
        "is_staff",
        "is_examiner",
        "is_researcher",
        "preferred_role",
        "date_joined",
    ]
    joined = _aware(plan.cohort_start(plan.cohorts - 1) - datetime.timedelta(weeks=4))

    def person(pk, email, *, staff=False, examiner=False):
        batch.add(
            "pbas_logbook_user",
            columns,
            (
                pk,
                _unusable_password(),
                False,
                email,
                P.person_name(rng),
                True,
                staff,
                examiner,
                False,
                "",
                joined,
            ),
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
            "pbas_logbook_cohort",
            ["id", "name", "start_date", "created_at"],
            (c + 1, f"Cohort {c + 1:04d} · {start:%d %b %Y}", start, _aware(start, 9)),
        )
    with connection.cursor() as cursor:
        batch.copy(cursor, "pbas_logbook_user")
        batch.copy(cursor, "pbas_logbook_cohort")


# --- One candidate's logbook ------------------------------------------------------------------


def _headings(rng: random.Random):
    from entries.vocabulary import HEADING_PRESETS

    presets = {key: items for key, _, items in HEADING_PRESETS}
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

    ENTRY_COLUMNS = [
        "id",
        "public_id",
        "week",
        "title",
        "aims",
        "aims_html",
        "status",
        "version",
        "phases",
        "tools",
        "created_at",
        "updated_at",
        "shared_at",
        "first_shared_at",
        "first_shared_text",
        "edited_after_sharing",
        "substantive_edit_after_sharing",
        "first_mentor_comment_at",
        "reviewed_at",
        "enrolment_id",
        "comment_count",
        "text_at_mentor_comment",
        "unread_by_candidate",
    ]
    SECTION_COLUMNS = [
        "id",
        "position",
        "heading_title",
        "heading_prompt",
        "body",
        "body_html",
        "entry_id",
    ]
    COMMENT_COLUMNS = [
        "id",
        "public_id",
        "body",
        "body_html",
        "created_at",
        "resolved_at",
        "author_id",
        "entry_id",
        "parent_id",
        "resolved_by_id",
        "section_id",
    ]

    def __init__(self, plan: Plan, prose: P.Prose, now: datetime.datetime):
        self.plan = plan
        self.prose = prose
        self.now = now

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
            "pbas_logbook_enrolment",
            [
                "id",
                "start_date",
                "length_weeks",
                "status",
                "created_at",
                "candidate_id",
                "cohort_id",
                "mentor_id",
            ],
            (
                enrolment_id,
                start,
                length,
                status,
                _aware(start - datetime.timedelta(days=7), 10),
                candidate_id,
                cohort + 1,
                mentor_id,
            ),
        )

        headings = _headings(rng)
        for position, (title, prompt) in enumerate(headings):
            batch.add(
                "entries_heading",
                ["id", "position", "title", "prompt", "enrolment_id"],
                (i * HEADING_SLOTS + position + 1, position, title, prompt, enrolment_id),
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
                "entries_partnership",
                ["id", "name", "sector_mix", "position", "created_at", "enrolment_id"],
                (
                    pk,
                    name,
                    ", ".join(rng.sample(P.SECTORS, 3)),
                    rng.choice(["internal", "external"]),
                    _aware(start, 11),
                    enrolment_id,
                ),
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
            phases = rng.sample(
                ["scoping", "managing", "reviewing", "sustaining"], rng.randint(1, 2)
            )
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
                        "entries_entryedit",
                        ["edited_at", "chars_changed", "kind", "entry_id"],
                        (
                            min(shared_at + datetime.timedelta(days=1), now),
                            rng.randint(60, 400) if substantive else rng.randint(1, 40),
                            "substantive" if substantive else "correction",
                            entry_id,
                        ),
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
            entry_public = uuid.uuid4()
            batch.add(
                "stage_entry",
                self.ENTRY_COLUMNS,
                (
                    entry_id,
                    entry_public,
                    week,
                    title,
                    aims,
                    aims_html,
                    "draft" if draft else "shared",
                    version,
                    phases,
                    tools,
                    created,
                    max(created, shared_at or created),
                    shared_at,
                    first_shared_at,
                    snapshot,
                    edited,
                    substantive,
                    first_comment_at,
                    reviewed_at,
                    enrolment_id,
                    len(comments),
                    snapshot if first_comment_at else None,
                    unread,
                ),
            )
            for position, (heading, prompt, body, body_html) in enumerate(sections):
                # Generated prose holds no tab, backslash or carriage return:
                # only its line breaks need escaping for COPY.
                batch.add_line(
                    "stage_section",
                    self.SECTION_COLUMNS,
                    f"{entry_id * SECTION_SLOTS + position}\t{position}\t{heading}\t{prompt}\t"
                    f"{body.replace(NL, ESCAPED_NL)}\t{body_html.replace(NL, ESCAPED_NL)}"
                    f"\t{entry_id}\n",
                )
            tagged = rng.sample(
                range(len(partnership_ids)), rng.randint(0, min(2, len(partnership_ids)))
            )
            for k in tagged:
                batch.add(
                    "entries_entry_partnerships",
                    ["entry_id", "partnership_id"],
                    (entry_id, partnership_ids[k]),
                )
            if not draft:
                shared_entries.append(
                    SimpleNamespace(
                        id=entry_id,
                        public_id=entry_public,
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
                        sections=sections,
                        partnerships=sorted(own_rng_names[k] for k in tagged),
                    )
                )
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
                    "mentors_comment",
                    self.COMMENT_COLUMNS,
                    (
                        pk,
                        uuid.uuid4(),
                        body,
                        body_html,
                        at,
                        at if resolved and k == 0 else None,
                        author,
                        entry_id,
                        None if k == 0 else root_id,
                        mentor_id if resolved and k == 0 else None,
                        section_id,
                    ),
                )
                written.append((at, author))
        return written

    def _notices(self, batch, rng, i, candidate_id, mentor_id, unread, shared_entries):
        columns = ["kind", "message", "url", "created_at", "read_at", "actor_id", "recipient_id"]
        recent = shared_entries[-6:]
        for k, entry in enumerate(recent):
            at = min(entry.first_shared_at + datetime.timedelta(days=2), self.now)
            url = f"/mentees/entries/{entry.public_id}/"
            is_unread = k >= len(recent) - unread
            batch.add(
                "pbas_logbook_notification",
                columns,
                (
                    "comment",
                    f"Your mentor commented on week {entry.week}.",
                    url,
                    at,
                    None if is_unread else at + datetime.timedelta(hours=5),
                    mentor_id,
                    candidate_id,
                ),
            )
            batch.add(
                "pbas_logbook_notification",
                columns,
                (
                    "entry_shared",
                    f"Your mentee shared week {entry.week}.",
                    url,
                    entry.first_shared_at,
                    None if k == len(recent) - 1 else at,
                    candidate_id,
                    mentor_id,
                ),
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
            "examinations_finalpaper",
            ["id", "title", "body", "body_html", "version", "updated_at", "enrolment_id"],
            (i + 1, paper_title, paper_body, paper_html, rng.randint(2, 9), submitted_at, i + 1),
        )
        shared_entries.sort(key=lambda e: (e.week, e.created_at))
        frozen = []
        for entry in shared_entries:
            copy = SimpleNamespace(
                week=entry.week,
                title=entry.title,
                aims=entry.aims,
                phases=entry.phases,
                tools=entry.tools,
                partnerships=entry.partnerships,
            )
            frozen.append(
                (
                    copy,
                    [SimpleNamespace(heading_title=h, body=b) for h, _, b, _ in entry.sections],
                )
            )
        cohort_name = f"Cohort {plan.cohort_of(i) + 1:04d} · {start:%d %b %Y}"
        header = SimpleNamespace(
            candidate_name=f"candidate{i + 1:06d}",
            cohort_name=cohort_name,
            version=1,
            paper_title=paper_title,
            paper_body=paper_body,
        )
        weeks_covered = len({e.week for e in shared_entries if e.week <= length})
        batch.add(
            "examinations_submission",
            [
                "id",
                "public_id",
                "version",
                "submitted_at",
                "candidate_name",
                "cohort_name",
                "programme_weeks",
                "weeks_covered",
                "paper_title",
                "paper_body",
                "paper_html",
                "content_hash",
                "enrolment_id",
                "submitted_by_id",
            ],
            (
                submission_id,
                uuid.uuid4(),
                1,
                submitted_at,
                header.candidate_name,
                cohort_name,
                length,
                weeks_covered,
                paper_title,
                paper_body,
                paper_html,
                content_hash(header, frozen),
                i + 1,
                candidate_id,
            ),
        )
        for position, (entry, (copy, _)) in enumerate(zip(shared_entries, frozen, strict=True)):
            batch.add(
                "examinations_submittedentry",
                [
                    "id",
                    "position",
                    "source_public_id",
                    "week",
                    "title",
                    "aims",
                    "aims_html",
                    "phases",
                    "tools",
                    "partnerships",
                    "written_at",
                    "first_shared_at",
                    "edited_after_sharing",
                    "first_shared_text",
                    "submission_id",
                ],
                (
                    entry.id,
                    position,
                    entry.public_id,
                    entry.week,
                    entry.title,
                    entry.aims,
                    entry.aims_html,
                    entry.phases,
                    entry.tools,
                    copy.partnerships,
                    entry.created_at,
                    entry.first_shared_at,
                    entry.edited_after_sharing,
                    entry.first_shared_text,
                    submission_id,
                ),
            )
            for s_position, (heading, _, body, body_html) in enumerate(entry.sections):
                batch.add(
                    "examinations_submittedsection",
                    ["id", "position", "heading_title", "body", "body_html", "entry_id"],
                    (
                        entry.id * SECTION_SLOTS + s_position,
                        s_position,
                        heading,
                        body,
                        body_html,
                        entry.id,
                    ),
                )
        coordinator = plan.coordinator_id(0)
        examiners = rng.sample(range(plan.examiners), 2 if rng.random() < 0.3 else 1)
        assigned_at = submitted_at + datetime.timedelta(days=2)
        for k in examiners:
            batch.add(
                "examinations_examinerassignment",
                ["assigned_at", "assigned_by_id", "examiner_id", "submission_id"],
                (min(assigned_at, self.now), coordinator, plan.examiner_id(k), submission_id),
            )
        report, report_html = self.prose.short(P.COMMENT_TEMPLATES, world)
        batch.add(
            "examinations_mentorreport",
            [
                "body",
                "body_html",
                "proposed_mark",
                "criterion_notes",
                "updated_at",
                "mentor_id",
                "submission_id",
            ],
            (report, report_html, rng.randint(55, 90), {}, submitted_at, mentor_id, submission_id),
        )
        if status == "accredited":
            decided_at = min(submitted_at + datetime.timedelta(days=30), self.now)
            mark = rng.randint(60, 92)
            for k in examiners:
                feedback, feedback_html = self.prose.short(P.COMMENT_TEMPLATES, world)
                batch.add(
                    "examinations_assessment",
                    [
                        "outcome",
                        "mark",
                        "feedback",
                        "feedback_html",
                        "criterion_notes",
                        "recorded_at",
                        "updated_at",
                        "examiner_id",
                        "submission_id",
                    ],
                    (
                        "accredited",
                        mark,
                        feedback,
                        feedback_html,
                        {},
                        decided_at,
                        decided_at,
                        plan.examiner_id(k),
                        submission_id,
                    ),
                )
            batch.add(
                "examinations_decision",
                [
                    "outcome",
                    "mark",
                    "feedback",
                    "feedback_html",
                    "decided_at",
                    "decided_by_id",
                    "submission_id",
                ],
                ("accredited", mark, "", "", decided_at, coordinator, submission_id),
            )
        audit_columns = [
            "created_at",
            "actor_name",
            "actor_role",
            "action",
            "subject_name",
            "detail",
            "actor_id",
            "subject_id",
        ]
        name = header.candidate_name
        batch.add(
            "pbas_logbook_auditevent",
            audit_columns,
            (
                submitted_at,
                name,
                "candidate",
                "submitted",
                name,
                "version 1",
                candidate_id,
                candidate_id,
            ),
        )
        for k in examiners:
            batch.add(
                "pbas_logbook_auditevent",
                audit_columns,
                (
                    min(assigned_at + datetime.timedelta(days=1), self.now),
                    f"examiner{k + 1:04d}",
                    "examiner",
                    "read_submission",
                    name,
                    "",
                    plan.examiner_id(k),
                    candidate_id,
                ),
            )


# Staging tables: the search vectors are computed by PostgreSQL on the way
# into the real tables, with the configuration and weights entries.services
# uses (title A, aims B, tools C; section body A, heading B).
STAGING_SQL = """
CREATE TEMP TABLE IF NOT EXISTS stage_entry
    (LIKE entries_entry INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_section
    (LIKE entries_entrysection INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
"""
ENTRY_COLUMNS_SQL = ", ".join(CandidateWriter.ENTRY_COLUMNS)
SECTION_COLUMNS_SQL = ", ".join(CandidateWriter.SECTION_COLUMNS)
# Built from the column lists above, never from input.
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
    "pbas_logbook_enrolment",
    "entries_heading",
    "entries_partnership",
    ("stage_entry", MOVE_ENTRIES_SQL),
    "entries_entry_partnerships",
    "entries_entryedit",
    ("stage_section", MOVE_SECTIONS_SQL),
    "mentors_comment",
    "pbas_logbook_notification",
    "examinations_finalpaper",
    "examinations_submission",
    "examinations_submittedentry",
    "examinations_submittedsection",
    "examinations_examinerassignment",
    "examinations_mentorreport",
    "examinations_assessment",
    "examinations_decision",
    "pbas_logbook_auditevent",
]


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
                cursor.execute(f"TRUNCATE {table}")
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
            # The table names are the constants above, never input.
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
