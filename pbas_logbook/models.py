"""The core: people, cohorts and enrolments.

Roles are not stored as a list on the user; they follow from data (see
``User.roles``): a candidate has an enrolment, a mentor is the mentor of an
enrolment, an examiner carries the examiner flag (assignment to a submission
comes with the examinations app), a coordinator is staff.
"""

import datetime
import functools
import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from library.zones import zone_named


class Role(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    MENTOR = "mentor", _("Mentor")
    EXAMINER = "examiner", _("Examiner")
    RESEARCHER = "researcher", _("Researcher")
    COORDINATOR = "coordinator", _("Coordinator")


# The order in which a person's main role is chosen when they have several
# and have not picked one yet: their own logbook first.
ROLE_PRIORITY = [Role.CANDIDATE, Role.MENTOR, Role.EXAMINER, Role.COORDINATOR, Role.RESEARCHER]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # Email is the login and is case-insensitive.
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


# Files of the system's zone database that are not places (``localtime`` is
# this server's own setting, ``Factory`` a placeholder).
_NOT_TIME_ZONES = {"localtime", "Factory", "posixrules"}


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Every IANA time zone name a person may choose (read once per process)."""
    return frozenset(zoneinfo.available_timezones() - _NOT_TIME_ZONES)


def validate_time_zone(value: str) -> None:
    if value and value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone we know. Choose one from the list."),
            code="unknown_time_zone",
            params={"value": value},
        )


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email", max_length=254, unique=True)
    full_name = models.CharField("full name", max_length=150)
    is_active = models.BooleanField(default=True)
    # Staff are the programme coordinators. The Django admin is limited to
    # superusers (see pbas_logbook/admin.py), so staff alone does not open it.
    is_staff = models.BooleanField("coordinator", default=False)
    is_examiner = models.BooleanField("examiner", default=False)
    # Granted by a coordinator: reads consented, anonymised extracts only.
    is_researcher = models.BooleanField("researcher", default=False)
    preferred_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    # An IANA name such as "Pacific/Auckland"; blank until the person
    # chooses one (proposed from their browser, never set without asking).
    time_zone = models.CharField(
        "time zone", max_length=64, blank=True, validators=[validate_time_zone]
    )
    # One of settings.LANGUAGES; blank follows the browser.
    language = models.CharField("language", max_length=10, blank=True, choices=settings.LANGUAGES)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_coordinator(self) -> bool:
        return self.is_staff

    @property
    def roles(self) -> list[str]:
        """The roles this person holds, in priority order; cached per instance."""
        if not hasattr(self, "_roles_cache"):
            self.remember_relationships(
                is_candidate=self.enrolments.exists(),
                is_mentor=self.mentored_enrolments.exists(),
            )
        return self._roles_cache

    def remember_relationships(self, *, is_candidate: bool, is_mentor: bool) -> None:
        """Fill the roles cache from facts already looked up (the navigation
        asks for them together with the unread count, in one query)."""
        held = set()
        if is_candidate:
            held.add(Role.CANDIDATE)
        if is_mentor:
            held.add(Role.MENTOR)
        if self.is_examiner:
            held.add(Role.EXAMINER)
        if self.is_researcher:
            held.add(Role.RESEARCHER)
        if self.is_staff:
            held.add(Role.COORDINATOR)
        self._roles_cache = [role for role in ROLE_PRIORITY if role in held]

    @property
    def main_role(self) -> str | None:
        roles = self.roles
        if self.preferred_role in roles:
            return self.preferred_role
        return roles[0] if roles else None


class Cohort(models.Model):
    """An intake of candidates who start the programme together."""

    name = models.CharField(max_length=120, unique=True)
    start_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            # The forms keep a start within a few years of today (a CHECK
            # cannot read the date); the database refuses the absurd, such as
            # a year typed as 1900, from any path (issue 11, item 10).
            models.CheckConstraint(
                condition=models.Q(
                    start_date__gte=datetime.date(2000, 1, 1),
                    start_date__lte=datetime.date(2100, 12, 31),
                ),
                name="cohort_start_in_range",
            ),
        ]

    def __str__(self):
        return self.name


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("In programme")
    SUBMITTED = "submitted", _("Submitted for examination")
    ACCREDITED = "accredited", _("Accredited")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Enrolment(models.Model):
    """A candidate's place on the programme: the hub most permissions hang on."""

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentored_enrolments",
        null=True,
        blank=True,
    )
    start_date = models.DateField()
    length_weeks = models.PositiveSmallIntegerField("programme length (weeks)", default=15)
    status = models.CharField(
        max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "candidate__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "cohort"], name="enrolment_once_per_cohort"
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("candidate")),
                name="enrolment_mentor_is_not_candidate",
            ),
            models.CheckConstraint(
                condition=models.Q(length_weeks__gte=1, length_weeks__lte=104),
                name="enrolment_length_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    start_date__gte=datetime.date(2000, 1, 1),
                    start_date__lte=datetime.date(2100, 12, 31),
                ),
                name="enrolment_start_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"], name="enrolment_mentor_status"),
            models.Index(fields=["candidate", "-start_date"], name="enrolment_candidate_start"),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.cohort}"

    @property
    def end_date(self) -> datetime.date:
        return self.week_end(self.length_weeks)

    def week_number(self, day: datetime.date) -> int:
        """Programme week (1-based) containing ``day``; 0 or less is before the start."""
        return (day - self.start_date).days // 7 + 1

    def week_start(self, number: int) -> datetime.date:
        """The first day of programme week ``number``."""
        return self.start_date + datetime.timedelta(weeks=number - 1)

    def week_end(self, number: int) -> datetime.date:
        """The last day of programme week ``number`` (six days after its start)."""
        return self.week_start(number + 1) - datetime.timedelta(days=1)

    def week_label(self, number: int) -> str:
        """ "Week 3 · 14–20 Oct" (the month shown once when the week stays in it)."""
        start, end = self.week_start(number), self.week_end(number)
        if start.month == end.month:
            dates = f"{start.day}–{end.day} {dateformat.format(end, 'M')}"
        else:
            first, last = dateformat.format(start, "M"), dateformat.format(end, "M")
            dates = f"{start.day} {first}–{end.day} {last}"
        return gettext("Week %(number)s · %(dates)s") % {"number": number, "dates": dates}

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The candidate's own time zone, which their weeks follow whoever
        reads them (``TIME_ZONE`` until they choose one, or when the tz
        database no longer knows the one they chose). Reads ``candidate``:
        lists join it (``select_related``) so this costs no query."""
        return zone_named(self.candidate.time_zone) or timezone.get_default_timezone()

    def today(self, now: datetime.datetime | None = None) -> datetime.date:
        """The candidate's date at ``now`` (default: this moment)."""
        return timezone.localdate(now or timezone.now(), self.zone)

    def current_week(self, today: datetime.date | None = None) -> int:
        """The candidate's programme week on ``today`` (default: their own today)."""
        return self.week_number(today or self.today())


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def find(self, token: str):
        """The invitation for a raw token from a link, or None."""
        return self.select_related("user").filter(token_hash=_hash_token(token)).first()


class Invitation(models.Model):
    """A one-time link, sent by a coordinator, to set a password.

    Only a hash of the token is stored: a database dump does not hand out
    working invitation links.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.user_id} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        # A deactivated account must not be revived by an old link.
        return self.used_at is None and not self.is_expired and self.user.is_active


class EmailChangeQuerySet(models.QuerySet):
    def find(self, token: str):
        """The change a raw token from a link asks for, or None."""
        return self.select_related("user").filter(token_hash=_hash_token(token)).first()


class EmailChange(models.Model):
    """A new email address waiting for its owner to open the link sent to it.

    Like an invitation, only a hash of the token is stored. A person has at
    most one change pending: asking again replaces it (the older link then
    says it has expired). Used rows are kept until the account is closed.
    """

    VALID_FOR = datetime.timedelta(hours=24)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_changes"
    )
    new_email = models.EmailField("new email", max_length=254)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = EmailChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(used_at__isnull=True),
                name="email_change_one_pending",
            ),
        ]

    def __str__(self):
        return f"Email change for {self.user_id} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + self.VALID_FOR

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and timezone.now() < self.expires_at and self.user.is_active


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Once a day (digest)")
    NONE = "none", _("Never (in the app only)")


class NotificationPreference(models.Model):
    """How a person wants to be emailed about notifications (default: immediately)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_frequency = models.CharField(
        _("Email me about new activity"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )

    def __str__(self):
        return f"{self.user}: {self.email_frequency}"


class NotificationKind(models.TextChoices):
    ENTRY_SHARED = "entry_shared", _("Entry shared")
    COMMENT = "comment", _("New comment")
    REPLY = "reply", _("New reply")
    REVIEWED = "reviewed", _("Entry reviewed")
    REMINDER = "reminder", _("Reminder")
    SUBMISSION = "submission", _("Submission")
    DECISION = "decision", _("Examination decision")


class Notification(models.Model):
    """An in-app notice. Its text never quotes logbook content: it names who
    did what and links to the page, because notices are also emailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(
                fields=["created_at"],
                name="notification_digest_pending",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.message


class AuditAction(models.TextChoices):
    READ_LOGBOOK = "read_logbook", _("Read the logbook")
    READ_SUBMISSION = "read_submission", _("Read the submitted logbook")
    DOWNLOADED_PDF = "downloaded_pdf", _("Downloaded the submission PDF")
    EXPORTED = "exported", _("Exported data")
    SUBMITTED = "submitted", _("Submitted for examination")
    EXAMINER_ASSIGNED = "examiner_assigned", _("Assigned an examiner")
    EXAMINER_UNASSIGNED = "examiner_unassigned", _("Removed an examiner")
    DUE_DATE_SET = "due_date_set", _("Set an examiner's due date")
    ASSESSED = "assessed", _("Recorded an assessment")
    DECIDED = "decided", _("Recorded the final decision")
    MODERATED = "moderated", _("Moderated the examiners' marks")
    RELEASED = "released", _("Set the release of a result")
    RESULT_OUT = "result_out", _("Released the result")
    MARKING_SCHEME_CHANGED = "marking_scheme_changed", _("Changed a marking scheme")
    MENTOR_CHANGED = "mentor_changed", _("Changed the mentor")
    ROLES_CHANGED = "roles_changed", _("Changed roles")
    CONSENT_CHANGED = "consent_changed", _("Changed research consent")
    ENTRY_RESTORED = "entry_restored", _("Restored an entry")
    ACCOUNT_CLOSED = "account_closed", _("Closed the account")
    EMAIL_CHANGED = "email_changed", _("Changed the email address")


class AuditEvent(models.Model):
    """Who did what to whose logbook, and when. Append-only: a trigger
    (migration 0005) rejects UPDATE and DELETE. Never holds logbook text.
    People are deactivated, never deleted, so the foreign keys PROTECT."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    # Whose logbook or account it concerns, when it concerns one.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    subject_name = models.CharField(max_length=150, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["subject", "-created_at"], name="audit_subject"),
            models.Index(fields=["actor", "action", "subject", "-created_at"], name="audit_dedupe"),
            models.Index(fields=["action", "-created_at"], name="audit_action"),
        ]

    def __str__(self):
        return f"{self.actor_name} {self.action} {self.subject_name}"


class TextRevision(models.Model):
    """An earlier version of a row that holds someone's writing.

    Rows are written by PostgreSQL triggers (``pbas_keep_history``), not by
    Python: every UPDATE that changes the text and every DELETE of an entry,
    section, final paper or comment stores the old row here, so bulk
    updates, raw SQL and admin edits are captured too. All rows written in
    one transaction share ``changed_at`` (PostgreSQL's now()), which groups
    the sections of one save into one version.
    """

    table_name = models.CharField(max_length=63)
    row_id = models.BigIntegerField()
    operation = models.CharField(max_length=6)
    old_row = models.JSONField()
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["table_name", "row_id", "-changed_at"], name="revision_row"),
        ]

    def __str__(self):
        return f"{self.operation} {self.table_name}#{self.row_id} at {self.changed_at}"


class PendingEmail(models.Model):
    """An email the mail server refused; ``manage.py retry_emails`` sends it again.

    Stored already rendered, so a retry sends exactly what failed.
    """

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=1)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="pending_email_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"
