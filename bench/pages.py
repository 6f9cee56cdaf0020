"""The key pages the benchmark measures, and who requests them.

Subjects are chosen from the generated data by what they are (a candidate
about fifteen weeks in with a draft and an entry edited after sharing, the
mentor with fifteen mentees, a twenty-week submission and its examiner, a
cohort of about a hundred), never by id, so any seeded size works.
"""

import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse

from bench.scale import DOMAIN
from pbas_logbook.db_guards import maintenance

VERSION_FIELD = re.compile(r'id="id_version" value="(\d+)"')


@dataclass
class Page:
    key: str
    label: str
    user: object
    path: str
    budget_ms: float | None  # p95 server time, None: no time budget
    method: str = "GET"
    # For POST: a function of the request number returning the form data,
    # and one that learns from the response (the autosave's new version).
    form: object = None
    learn: object = None
    # Alternative query strings, used in turn (the search page).
    variants: list[str] = field(default_factory=list)
    # Run before each measured request, untimed (the PDF's first render
    # drops the stored copy). Such a page has no throughput figure: the
    # load generator cannot run it between requests.
    before: object = None
    # At most this many timed requests (a first render takes seconds).
    max_requests: int | None = None

    def url(self, n: int) -> str:
        if not self.variants:
            return self.path
        return self.path + self.variants[n % len(self.variants)]


class Autosave:
    """The editor's background save of one draft: every request changes the
    text (so it is a real save, with its history row) and carries the
    version the previous answer reported, as the browser does."""

    def __init__(self, entry):
        from entries.forms import entry_initial, headings_signature

        entry.refresh_from_db()  # the version as it is now, not when it was looked up
        initial = entry_initial(entry)
        sections = list(entry.sections.all())
        self.entry = entry
        self.version = entry.version
        self.base = {
            "entry": str(entry.public_id),
            "week": str(initial["week"]),
            "title": initial["title"],
            "aims": initial["aims"],
            "partnerships": [str(p.pk) for p in initial["partnerships"]],
            "phases": list(initial["phases"]),
            "tools": list(initial["tools"]),
            "other_tools": initial["other_tools"],
            "headings": headings_signature([(s.heading_title, "") for s in sections]),
        }
        self.bodies = [s.body for s in sections]

    def form(self, n: int) -> dict:
        data = dict(self.base, version=str(self.version))
        for index, body in enumerate(self.bodies):
            data[f"section_{index}"] = body
        # The writer keeps typing in the last section.
        data[f"section_{len(self.bodies) - 1}"] += f" Still writing ({n})."
        return data

    def learn(self, status: int, text: str) -> None:
        match = VERSION_FIELD.search(text)
        if status == 200 and match:
            self.version = int(match.group(1))


@dataclass
class Subjects:
    candidate: object
    enrolment: object
    entry: object
    draft: object
    mentor: object
    mentee: object
    examiner: object
    submission: object
    coordinator: object
    cohort: object
    search_terms: list[str]
    writers: list  # (candidate, draft) pairs for concurrent autosaves


def find_subjects(writers: int = 8) -> Subjects:
    from entries.models import Entry, EntryStatus
    from examinations.models import Submission
    from pbas_logbook.models import Enrolment, EnrolmentStatus, User

    generated = Q(candidate__email__endswith="@" + DOMAIN)
    # About fifteen weeks written, a draft in progress; one entry edited
    # after sharing if any candidate has one (the entry page shows its edits).
    candidates = (
        Enrolment.objects.filter(generated, length_weeks=15, status=EnrolmentStatus.ACTIVE)
        .annotate(
            written=Count("entries"),
            drafts=Count("entries", filter=Q(entries__status=EntryStatus.DRAFT)),
            edited=Count("entries", filter=Q(entries__edited_after_sharing=True)),
        )
        .filter(drafts__gte=1, written__gte=2, written__lte=17)
        .select_related("candidate", "cohort")
        .order_by("-written", "pk")
    )
    enrolment = candidates.filter(edited__gte=1).first() or candidates.first()
    if enrolment is None:
        raise LookupError("No generated candidate fits; seed with seed_scale first.")
    entries = Entry.objects.filter(enrolment=enrolment)
    entry = entries.shared().order_by("-edited_after_sharing", "-week").first()
    # Tagged with partnerships if possible: the autosave then validates them too.
    draft = (
        entries.filter(status=EntryStatus.DRAFT)
        .annotate(tags=Count("partnerships"))
        .order_by("-tags", "-week")
        .first()
    )
    mentor = User.objects.get(email=f"mentor00001@{DOMAIN}")
    mentee = (
        Enrolment.objects.filter(mentor=mentor)
        .annotate(shared=Count("entries", filter=Q(entries__status=EntryStatus.SHARED)))
        .order_by("-shared", "pk")
        .first()
    )
    submission = (
        Submission.objects.filter(programme_weeks=20, assignments__isnull=False)
        .annotate(frozen=Count("entries", distinct=True))
        .filter(frozen__gte=20)
        .order_by("frozen", "pk")
        .first()
    )
    if submission is None:
        raise LookupError("No twenty-week submission; seed more candidates (at least 100).")
    examiner = submission.assignments.select_related("examiner").first().examiner
    coordinator = User.objects.get(email=f"coordinator1@{DOMAIN}")
    # A partnership's town: a proper noun, as selective as a real one.
    town = enrolment.partnerships.values_list("name", flat=True).first().split()[0]
    drafts = (
        Entry.objects.filter(
            status=EntryStatus.DRAFT, enrolment__in=Enrolment.objects.filter(generated)
        )
        .exclude(enrolment=enrolment)
        .select_related("enrolment__candidate")
        .order_by("enrolment_id", "-week")
        .distinct("enrolment_id")[: writers - 1]
    )
    return Subjects(
        candidate=enrolment.candidate,
        enrolment=enrolment,
        entry=entry,
        draft=draft,
        mentor=mentor,
        mentee=mentee,
        examiner=examiner,
        submission=submission,
        coordinator=coordinator,
        cohort=enrolment.cohort,
        search_terms=["ground rules", "budget", "trust donor", town],
        writers=[(enrolment.candidate, draft)] + [(d.enrolment.candidate, d) for d in drafts],
    )


def trivial_page(subjects: Subjects) -> Page:
    """The reference: signed in, a tiny template, no app table (bench.settings only)."""
    return Page("trivial", "Trivial signed-in page", subjects.candidate, "/bench/trivial/", None)


def key_pages(subjects: Subjects) -> list[Page]:
    from urllib.parse import urlencode

    s = subjects
    autosave = Autosave(s.draft)
    return [
        Page("candidate_home", "Candidate home", s.candidate, reverse("entries:home"), 40),
        Page(
            "entry_page",
            "Entry page",
            s.candidate,
            reverse("entries:entry_detail", args=[s.entry.public_id]),
            40,
        ),
        Page(
            "autosave",
            "Entry autosave (POST)",
            s.candidate,
            reverse("entries:entry_autosave"),
            20,
            method="POST",
            form=autosave.form,
            learn=autosave.learn,
        ),
        Page(
            "search",
            "Own-logbook search",
            s.candidate,
            reverse("entries:search"),
            60,
            variants=["?" + urlencode({"q": term}) for term in s.search_terms],
        ),
        Page(
            "mentor_dashboard", "Mentor dashboard (15)", s.mentor, reverse("mentors:dashboard"), 40
        ),
        Page(
            "mentee_logbook",
            "Mentee logbook",
            s.mentor,
            reverse("mentors:mentee_logbook", args=[s.mentee.pk]),
            40,
        ),
        Page(
            "reading_view",
            "Reading view (20 weeks)",
            s.examiner,
            reverse("examinations:reading", args=[s.submission.public_id]),
            120,
        ),
        Page(
            "submission_pdf",
            "Submission PDF (20 weeks)",
            s.examiner,
            reverse("examinations:pdf", args=[s.submission.public_id]),
            3000,
        ),
        Page(
            "submission_pdf_first",
            "Submission PDF, first render",
            s.examiner,
            reverse("examinations:pdf", args=[s.submission.public_id]),
            3000,
            before=lambda: _drop_stored_pdfs(s.submission),
            max_requests=10,
        ),
        Page(
            "cohort_page",
            "Coordinator cohort page",
            s.coordinator,
            reverse("coordinator:cohort_detail", args=[s.cohort.pk]),
            None,
        ),
    ]


def _drop_stored_pdfs(submission) -> None:
    """The next download lays the PDF out again, as the first one does."""
    from examinations.models import SubmissionPdf

    # The database keeps stored PDFs unless superseded; a benchmark is
    # maintenance (pbas_logbook/db_guards.py).
    with transaction.atomic(), connection.cursor() as cursor, maintenance(cursor):
        SubmissionPdf.objects.filter(submission=submission).delete()
