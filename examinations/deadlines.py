"""Examiners' due dates (issue 12 item 4): the rules for a due date, how
each is shown ("due in 3 days", "overdue by 2 days"), which assignments are
overdue, and the two reminders the ``remind_examiners`` job sends.

An assignment is *pending* while its examiner has recorded no assessment
and the submission has no decision: only pending assignments are reminded
or listed as overdue. Each reminder is sent once: the row is locked (rows
another run holds are skipped) and its ``reminded_*`` stamp written in the
transaction that records the notice, so two runs at once send it once.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from examinations.models import Assessment, Decision, ExaminerAssignment
from library.mornings import morning_day
from notifications.notices import notify
from pbas_logbook.models import NotificationKind, User

DEFAULT_DUE_DAYS = 21
DUE_HOUR = 17
LATEST_DUE = datetime.timedelta(days=366)


def zone_name() -> str:
    """The zone dates are shown and typed in: the request's, which is
    settings.TIME_ZONE unless a person's own zone is activated."""
    return timezone.get_current_timezone_name()


def default_due(now: datetime.datetime | None = None) -> datetime.datetime:
    """Three weeks ahead at 17:00 in the programme's zone (settings.TIME_ZONE)."""
    programme = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    local = timezone.localtime(now or timezone.now(), programme)
    day = local.date() + datetime.timedelta(days=DEFAULT_DUE_DAYS)
    return datetime.datetime.combine(day, datetime.time(DUE_HOUR), tzinfo=programme)


def when(at: datetime.datetime) -> str:
    """``25 Dec 2026, 17:00 Europe/London``: the zone always named, the
    month in the reader's language."""
    return f"{dateformat.format(timezone.localtime(at), 'j M Y, H:i')} {zone_name()}"


def due_problem(due_at, *, assigned_at=None, now=None) -> str | None:
    """Why ``due_at`` cannot be an assignment's due date, or None. It falls
    after now and after the assignment (the database checks the latter
    too), and within a year."""
    now = now or timezone.now()
    after = max(now, assigned_at) if assigned_at else now
    if due_at is None:
        return _("Choose the date and time the assessment is due.")
    if due_at <= after:
        if assigned_at and assigned_at > now:
            message = _(
                "The due date must be later than the assignment (%(when)s). "
                "Choose a date and time in the future."
            )
        else:
            message = _(
                "The due date must be later than now (%(when)s). "
                "Choose a date and time in the future."
            )
        return message % {"when": when(after)}
    if due_at > now + LATEST_DUE:
        return _("The due date can be at most a year ahead.")
    return None


@dataclass(frozen=True)
class Due:
    """An assignment's due date as shown: when, and how far off."""

    at: datetime.datetime
    overdue: bool
    days: int

    @property
    def label(self) -> str:
        if self.overdue:
            if self.days == 0:
                return _("overdue by less than a day")
            return ngettext("overdue by %(days)s day", "overdue by %(days)s days", self.days) % {
                "days": self.days
            }
        if self.days == 0:
            return _("due today")
        if self.days == 1:
            return _("due tomorrow")
        return ngettext("due in %(days)s day", "due in %(days)s days", self.days) % {
            "days": self.days
        }

    @property
    def when(self) -> str:
        return when(self.at)


def due_of(due_at, now=None) -> Due | None:
    if due_at is None:
        return None
    now = now or timezone.now()
    if due_at <= now:
        return Due(at=due_at, overdue=True, days=(now - due_at).days)
    days = (timezone.localdate(due_at) - timezone.localdate(now)).days
    return Due(at=due_at, overdue=False, days=days)


def with_due(rows, *, pending=lambda row: True, now=None) -> list:
    """``rows`` (assignments, or submissions annotated with ``due_at``),
    each given ``.due`` (None when no due date, or when ``pending(row)`` is
    false: an assessment recorded is no longer due)."""
    now = now or timezone.now()
    rows = list(rows)
    for row in rows:
        row.pending = pending(row)
        row.due = due_of(row.due_at, now) if row.pending else None
    return rows


def assignments_with_due(assignments, assessments, decision, now=None) -> list:
    """One submission's assignments, each with ``.due`` while it waits for
    its examiner (``assessments`` the submission's, already read)."""
    assessed = {a.examiner_id for a in assessments}
    return with_due(
        assignments,
        pending=lambda a: decision is None and a.examiner_id not in assessed,
        now=now,
    )


def submissions_with_due(submissions, now=None) -> list:
    """Submissions (their assignments, assessments and decision prefetched),
    each with ``.examiners``: its assignments with ``.due``. No query more."""
    now = now or timezone.now()
    submissions = list(submissions)
    for s in submissions:
        decision = getattr(s, "decision", None)
        s.examiners = assignments_with_due(s.assignments.all(), s.assessments.all(), decision, now)
    return submissions


def pending(assignments: QuerySet) -> QuerySet:
    """Assignments still waiting for their examiner's assessment, on a
    submission with no decision."""
    assessed = Assessment.objects.filter(
        submission=OuterRef("submission_id"), examiner=OuterRef("examiner_id")
    )
    decided = Decision.objects.filter(submission=OuterRef("submission_id"))
    return assignments.filter(~Exists(assessed), ~Exists(decided))


def overdue_assignments(now=None) -> QuerySet:
    """Pending assignments past their due date, the longest overdue first:
    one query with the examiner and the submission."""
    now = now or timezone.now()
    return (
        pending(ExaminerAssignment.objects.filter(due_at__lte=now))
        .select_related("examiner", "submission")
        .order_by("due_at", "pk")
    )


def queue_with_due(queue: QuerySet, examiner: User) -> QuerySet:
    """An examiner's submissions with their own assignment's ``due_at``."""
    mine = ExaminerAssignment.objects.filter(submission=OuterRef("pk"), examiner=examiner)
    return queue.annotate(due_at=Subquery(mine.values("due_at")[:1]))


def due_for(submission, examiner: User):
    """The due date of ``examiner``'s assignment to ``submission``, or None."""
    return (
        ExaminerAssignment.objects.filter(submission=submission, examiner=examiner)
        .values_list("due_at", flat=True)
        .first()
    )


# --- Reminders -----------------------------------------------------------------------


def days_before() -> int:
    return settings.EXAMINER_REMINDER_DAYS_BEFORE


def to_remind_before(now) -> QuerySet:
    """Pending, due within the next ``EXAMINER_REMINDER_DAYS_BEFORE`` days,
    not yet reminded."""
    window = now + datetime.timedelta(days=days_before())
    return pending(
        ExaminerAssignment.objects.filter(
            due_at__gt=now,
            due_at__lte=window,
            reminded_before_at__isnull=True,
            examiner__is_active=True,
        )
    )


def to_remind_overdue(now) -> QuerySet:
    """Pending, past due, not yet reminded that it is overdue."""
    return pending(
        ExaminerAssignment.objects.filter(
            due_at__lte=now, reminded_overdue_at__isnull=True, examiner__is_active=True
        )
    )


@dataclass
class ReminderReport:
    before: int = 0
    overdue: int = 0


def _send(selection: QuerySet, stamp: str, message, now) -> int:
    """Remind each examiner of ``selection`` whose morning it is (their own
    clock, library.mornings), worded in their language and zone; the others
    wait for a later run in their morning."""
    with transaction.atomic():
        rows = [
            row
            for row in selection.select_for_update(skip_locked=True, of=("self",)).select_related(
                "examiner", "submission"
            )
            if morning_day(row.examiner, now) is not None
        ]
        for row in rows:
            notify(
                recipient=row.examiner,
                kind=NotificationKind.REMINDER,
                message=lambda row=row: message(row),
                url=reverse("examinations:assess", args=[row.submission.public_id]),
            )
        # The stamp only where still empty: a row is reminded once.
        ExaminerAssignment.objects.filter(
            pk__in=[row.pk for row in rows], **{f"{stamp}__isnull": True}
        ).update(**{stamp: now})
    return len(rows)


def _what(row) -> dict:
    # Names no candidate and quotes nothing: the notice is also emailed.
    return {
        "cohort": row.submission.cohort_name,
        "version": row.submission.version,
        "when": when(row.due_at),
    }


def send_reminders(*, now=None) -> ReminderReport:
    """Remind each examiner once before the due date and once after it."""
    now = now or timezone.now()
    report = ReminderReport()
    report.overdue = _send(
        to_remind_overdue(now),
        "reminded_overdue_at",
        lambda row: (
            _(
                "Overdue: your assessment of a logbook (%(cohort)s, version %(version)s) "
                "was due %(when)s"
            )
            % _what(row)
        ),
        now,
    )
    report.before = _send(
        to_remind_before(now),
        "reminded_before_at",
        lambda row: (
            _(
                "Reminder: your assessment of a logbook (%(cohort)s, version %(version)s) "
                "is due %(when)s"
            )
            % _what(row)
        ),
        now,
    )
    return report
