"""The enquiry: consented, anonymised research on submitted logbooks (issue 8).

Consent
    ``ResearchConsent`` is the current choice for one logbook (enrolment);
    ``ConsentEvent`` is the append-only history of every change (a
    PostgreSQL trigger refuses UPDATE and DELETE on it).

The corpus
    ``Extract`` is one section of the *latest* frozen submission of a
    consenting logbook, with its text already masked (names, email,
    partnerships, the candidate's own words) so that full-text search, its
    ranking and its snippets only ever see masked words. It is a derived
    index, rebuilt from the frozen rows by ``research.services`` whenever
    consent, the words to mask or the latest submission change; pages
    re-mask the frozen text again when they show it. Withdrawing consent
    deletes the candidate's extracts in the same transaction.

Projects
    A ``Project`` has a codebook of ``Theme`` rows, one ``Pseudonym`` per
    logbook ("Broker 17", numbered in random order, stable within the
    project and unrelated across projects), one ``Coding`` per researcher
    and extract, and an ``ExportLog`` of every download.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from entries.models import PhaseLabels
from entries.vocabulary import BrokerPosition, Phase
from examinations.models import Submission, SubmittedEntry, SubmittedSection
from pbas_logbook.models import Enrolment

MASK_WORDS_MAX = 100
MASK_WORD_MAX_CHARS = 100


# --- Consent ------------------------------------------------------------------------


class ResearchConsent(models.Model):
    """A candidate's current research choice for one logbook, and the words
    they want masked in it. No row, or ``given`` False: not in the enquiry."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="research_consent"
    )
    given = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)
    mask_words = ArrayField(
        models.CharField(max_length=MASK_WORD_MAX_CHARS), default=list, blank=True
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["enrolment"], condition=models.Q(given=True), name="consent_given"
            ),
        ]

    def __str__(self):
        return f"Research consent {'given' if self.given else 'not given'} ({self.enrolment_id})"


class ConsentVia(models.TextChoices):
    SUBMISSION = "submission", "On the submission page"
    SETTINGS = "settings", "On the research consent page"
    DEMO = "demo", "Demo data"
    ACCOUNT_CLOSED = "account_closed", "When the account was closed"


class ConsentEvent(models.Model):
    """One change of a research choice. Append-only (migration trigger)."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="research_consent_events"
    )
    given = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    via = models.CharField(max_length=20, choices=ConsentVia.choices)
    statement_version = models.CharField(max_length=20)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["enrolment", "-at"], name="consent_event_history")]

    def __str__(self):
        return f"{'Gave' if self.given else 'Withdrew'} consent at {self.at:%Y-%m-%d %H:%M}"


# --- The corpus (derived index) -----------------------------------------------------


class IndexedLogbook(models.Model):
    """Which submission the extracts of a consenting logbook were built from.
    A newer submission, or none at all, tells the next research page to
    rebuild (see ``services.extracts_sync``)."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="research_index"
    )
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Indexed submission {self.submission_id}"


class Extract(PhaseLabels, models.Model):
    """One section of the latest submission of a consenting logbook, masked.

    ``token`` is the only id researchers see in URLs; it survives rebuilds
    (rows are upserted by section) but not a withdrawal of consent.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    section = models.OneToOneField(
        SubmittedSection, on_delete=models.PROTECT, related_name="research_extract"
    )
    entry = models.ForeignKey(SubmittedEntry, on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    week = models.PositiveSmallIntegerField()
    cohort_year = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    text = models.TextField()
    phases = ArrayField(models.CharField(max_length=20, choices=Phase.choices), default=list)
    tools = ArrayField(models.CharField(max_length=120), default=list)
    positions = ArrayField(
        models.CharField(max_length=10, choices=BrokerPosition.choices), default=list
    )
    search_vector = SearchVectorField(null=True)
    heading_vector = SearchVectorField(null=True)

    class Meta:
        ordering = ["-cohort_year", "week", "position", "pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="extract_search"),
            GinIndex(fields=["heading_vector"], name="extract_heading"),
            GinIndex(fields=["phases"], name="extract_phases"),
            GinIndex(fields=["tools"], name="extract_tools"),
            GinIndex(fields=["positions"], name="extract_positions"),
            models.Index(fields=["cohort_year", "week"], name="extract_cohort_week"),
            models.Index(fields=["enrolment"], name="extract_enrolment"),
            models.Index(fields=["entry", "position"], name="extract_entry"),
            models.Index(Lower("heading"), name="extract_heading_lower"),
        ]

    def __str__(self):
        return f"Week {self.week} · {self.heading}"

    @property
    def position_labels(self) -> list[str]:
        return [position_label(p) for p in self.positions]


def position_label(value: str) -> str:
    """ "Internal" / "External": the vocabulary's label without its gloss."""
    if value in BrokerPosition.values:
        return BrokerPosition(value).label.split(" (")[0]
    return value


# --- Projects ----------------------------------------------------------------------


class Project(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    question = models.TextField("research question", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Theme(models.Model):
    """A code in a project's codebook."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    group = models.CharField(max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint("project", Lower("name"), name="theme_name_once_per_project"),
        ]

    def __str__(self):
        return self.name


class Pseudonym(models.Model):
    """How one logbook is named within one project: "Broker <number>"."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pseudonyms")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "enrolment"], name="pseudonym_once_per_project"
            ),
            models.UniqueConstraint(
                fields=["project", "number"], name="pseudonym_number_once_per_project"
            ),
        ]

    def __str__(self):
        return pseudonym_label(self.number)


def pseudonym_label(number: int | None) -> str:
    return f"Broker {number}" if number else "Broker (unnamed)"


class Coding(models.Model):
    """One researcher's themes and memo for one extract of a project.

    It points at the frozen section, not the Extract row, so it survives
    index rebuilds; pages and exports only show it while the section is
    in the consented corpus.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="codings")
    section = models.ForeignKey(SubmittedSection, on_delete=models.PROTECT, related_name="+")
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="research_codings"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="codings")
    memo = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "section", "researcher"], name="coding_once_per_researcher"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "researcher", "-updated_at"], name="coding_by_coder"),
            models.Index(fields=["project", "section"], name="coding_by_section"),
        ]

    def __str__(self):
        return f"Coding of section {self.section_id} by {self.researcher_id}"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV of coded extracts"
    JSON = "json", "JSON of coded extracts"
    SUMMARY_CSV = "summary_csv", "CSV of the per-theme summary"


class ExportLog(models.Model):
    """Every download of research data: who, when, what and with which filter."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="exports")
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    format = models.CharField(max_length=20, choices=ExportFormat.choices)
    filters = models.JSONField(default=dict)
    row_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["project", "-at"], name="export_log_project")]

    def __str__(self):
        return f"{self.get_format_display()} at {self.at:%Y-%m-%d %H:%M}"
