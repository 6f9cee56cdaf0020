"""The candidate's logbook: headings, partnerships, entries and their sections.

An entry keeps the headings it was written under: each EntrySection copies
the heading's title (and prompt) when the entry is first written, so
renaming, reordering or removing a heading later never alters an old entry.
"""

import datetime
import uuid

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entries.vocabulary import BrokerPosition, Phase
from pbas_logbook.access import enrolment_mentor_q, enrolment_owner_q
from pbas_logbook.models import Enrolment

SECTION_MAX_CHARS = 50_000
# Up to this many changed characters after sharing counts as a correction
# (typos, grammar), above it as a substantive change.
CORRECTION_MAX_CHARS = 40
# A week's entry first written more than this many days after the week
# ended is "late" (the details fade; mentors nudge).
LATE_AFTER_DAYS = 7
# Deleted entries can be restored for this long.
RESTORE_DAYS = 30


def phase_labels(values) -> list[str]:
    """The labels of these phases, in their order. A value not in the list
    (none can be saved today) is shown as stored, not hidden."""
    labels = dict(Phase.choices)
    return [str(labels.get(value, value)) for value in values]


class PhaseLabels:
    """For a row with ``phases``: a live entry, a frozen one, a research extract."""

    @property
    def phase_labels(self) -> list[str]:
        return phase_labels(self.phases)


class EntryText(PhaseLabels):
    """What a live entry (Entry) and a frozen one (SubmittedEntry) share:
    ``title``, ``aims``, ``phases`` and ``sections`` with ``heading_title``
    and ``body``."""

    def text_snapshot(self, sections=None) -> dict:
        """The entry's text as {"title", "aims", "sections": [[heading, body], ...]},
        the form diffs and the hindsight record compare (entries.diffing);
        ``sections`` when already loaded, in order."""
        sections = self.sections.all() if sections is None else sections
        return {
            "title": self.title,
            "aims": self.aims,
            "sections": [[s.heading_title, s.body] for s in sections],
        }


class Heading(models.Model):
    """One of the candidate's current headings, in order."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="headings")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    prompt = models.CharField("guidance prompt", max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                "enrolment", Lower("title"), name="heading_title_unique_per_logbook"
            ),
        ]

    def __str__(self):
        return self.title


class Partnership(models.Model):
    """A partnership the candidate is brokering, to tag entries with."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="partnerships")
    name = models.CharField(max_length=150)
    sector_mix = models.CharField(
        max_length=200, blank=True, help_text=_("For example: business, local government, NGOs.")
    )
    position = models.CharField(
        _("your position as broker"), max_length=10, choices=BrokerPosition.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "enrolment", Lower("name"), name="partnership_name_unique_per_logbook"
            ),
        ]

    def __str__(self):
        return self.name


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SHARED = "shared", _("Shared with mentor")


class EntryQuerySet(models.QuerySet):
    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def visible_to(self, user):
        """The access rule for entries (see pbas_logbook/access.py):
        the candidate sees their own, drafts included; the current mentor
        sees shared entries only; nobody else sees any."""
        return self.filter(
            enrolment_owner_q(user, "enrolment__")
            | (enrolment_mentor_q(user, "enrolment__") & models.Q(status=EntryStatus.SHARED))
        )

    def owned_by(self, user):
        """Entries the candidate may change: their own only."""
        return self.filter(enrolment_owner_q(user, "enrolment__"))

    def shared(self):
        return self.filter(status=EntryStatus.SHARED)


class LiveEntryManager(models.Manager.from_queryset(EntryQuerySet)):
    """The default manager: entries not in the bin. Related managers
    (``enrolment.entries``) use it too, so no page can forget the rule."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Entry(EntryText, models.Model):
    """A weekly reflective entry."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="entries")
    week = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True)
    aims = models.TextField("Aims and strategies for this week", blank=True)
    aims_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    # Optimistic locking: every save increments it; a save carrying an older
    # number is a conflict, never a silent overwrite.
    version = models.PositiveIntegerField(default=1)
    partnerships = models.ManyToManyField(Partnership, blank=True, related_name="entries")
    phases = ArrayField(models.CharField(max_length=20, choices=Phase.choices), default=list)
    tools = ArrayField(models.CharField(max_length=80), default=list)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    shared_at = models.DateTimeField(null=True, blank=True)
    first_shared_at = models.DateTimeField(null=True, blank=True)
    # The text exactly as first shared: {"title", "aims", "sections": [[heading, body], ...]}.
    first_shared_text = models.JSONField(null=True, blank=True, editable=False)
    edited_after_sharing = models.BooleanField(default=False)
    substantive_edit_after_sharing = models.BooleanField(default=False)
    # Set by the mentors app when the mentor first comments: from then on the
    # entry cannot be un-shared.
    first_mentor_comment_at = models.DateTimeField(null=True, blank=True)
    # The text when the mentor first commented, so later edits can be shown
    # to the mentor as "edited after your comment" with what changed.
    text_at_mentor_comment = models.JSONField(null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Counters kept by the mentors app, so the candidate's list can show
    # "2 new comments" without the logbook knowing about comments.
    comment_count = models.PositiveIntegerField(default=0)
    unread_by_candidate = models.PositiveIntegerField(default=0)
    search_vector = SearchVectorField(null=True, editable=False)

    # Deleting is a soft delete: the entry disappears everywhere at once and
    # can be restored for RESTORE_DAYS, then ``purge_deleted_entries`` removes it.
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LiveEntryManager()
    all_objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-week", "-created_at"]
        base_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["enrolment", "-week", "-created_at"], name="entry_logbook_order"),
            models.Index(fields=["enrolment", "status", "-week"], name="entry_logbook_status"),
            GinIndex(fields=["phases"], name="entry_phases_gin"),
            GinIndex(fields=["tools"], name="entry_tools_gin"),
            GinIndex(fields=["search_vector"], name="entry_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(week__gte=1), name="entry_week_positive"),
        ]

    def __str__(self):
        return self.title or _("Week %(week)s") % {"week": self.week}

    # --- Dates ---------------------------------------------------------------

    @property
    def week_start(self) -> datetime.date:
        return self.enrolment.week_start(self.week)

    @property
    def week_end(self) -> datetime.date:
        return self.enrolment.week_end(self.week)

    @property
    def days_after_week(self) -> int:
        """Days between the end of the entry's week and when it was first
        written, both on the candidate's calendar (``Enrolment.zone``),
        whoever reads it."""
        return (self.enrolment.today(self.created_at) - self.week_end).days

    @property
    def is_late(self) -> bool:
        return self.days_after_week > LATE_AFTER_DAYS

    # --- Rules ---------------------------------------------------------------

    @property
    def is_shared(self) -> bool:
        return self.status == EntryStatus.SHARED

    def can_delete(self) -> bool:
        """An entry the mentor has commented on is part of a conversation
        (and of the hindsight record): it stays, like its sharing does."""
        return self.first_mentor_comment_at is None

    def can_unshare(self) -> bool:
        """Sharing can be undone until the mentor has commented."""
        return self.is_shared and self.first_mentor_comment_at is None


class EntrySection(models.Model):
    """The text under one heading of one entry; the heading is copied in."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading_title = models.CharField(max_length=120)
    heading_prompt = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="section_position_unique"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="section_search_gin"),
            models.Index(Lower("heading_title"), "entry", name="section_heading_lower"),
        ]

    def __str__(self):
        return self.heading_title


class EntryEdit(models.Model):
    """A save of an entry after it was first shared: the hindsight record."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Small correction")
        SUBSTANTIVE = "substantive", _("Substantive change")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="edits")
    edited_at = models.DateTimeField(default=timezone.now)
    chars_changed = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["edited_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.chars_changed} characters)"
