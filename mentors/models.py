"""Mentor review: comment threads on entries and on single sections, and the
record of reminders sent (so a reminder never goes out twice in a day)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from entries.models import Entry, EntrySection, EntryStatus
from pbas_logbook.access import enrolment_mentor_q, enrolment_owner_q

COMMENT_MAX_CHARS = 20_000


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Comments live on shared entries only; the candidate and their
        current mentor read them, nobody else does. An entry in the bin takes
        its comments with it (a join does not apply Entry's live manager)."""
        return self.filter(entry__status=EntryStatus.SHARED, entry__deleted_at__isnull=True).filter(
            enrolment_owner_q(user, "entry__enrolment__")
            | enrolment_mentor_q(user, "entry__enrolment__")
        )


class Comment(models.Model):
    """A comment on an entry (section empty) or on one heading's section.

    A thread is a root comment (parent empty) and its replies; resolving
    applies to the thread and is stored on the root.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        EntrySection, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(max_length=COMMENT_MAX_CHARS)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A token rendered into each comment form: a double click or a resent
    # form carries the same token and creates one comment, not two.
    form_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "form_token"], name="comment_once_per_form_token"
            ),
        ]
        indexes = [
            models.Index(fields=["entry", "created_at"], name="comment_entry_order"),
        ]

    def __str__(self):
        return f"Comment by {self.author_id} on entry {self.entry_id}"

    @property
    def is_thread(self) -> bool:
        return self.parent_id is None


class ReminderKind(models.TextChoices):
    CANDIDATE_NO_ENTRY = "candidate_no_entry", "No entry for the past week"
    MENTOR_UNREVIEWED = "mentor_unreviewed", "Shared entries waiting for review"


class ReminderLog(models.Model):
    """One row per reminder sent: the unique constraint is the no-duplicate rule."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "sent_on"], name="reminder_once_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.kind} to {self.recipient_id} on {self.sent_on}"
