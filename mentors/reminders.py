"""Daily nudges: candidates with no entry for the past week, mentors with
shared entries waiting more than 7 days for review.

The job runs every hour; each person is nudged in their own morning
(library.mornings), once per day of their own calendar, worded in their
language (notifications.notices.notify with a message function).

The ReminderLog row is written in the same transaction as the notice, and
its unique (recipient, kind, day) constraint is what makes a second run on
the same day send nothing twice.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.models import Entry, EntryStatus
from library.mornings import morning_day
from mentors.models import ReminderKind, ReminderLog
from notifications.notices import notify
from pbas_logbook.models import Enrolment, EnrolmentStatus, NotificationKind, User

UNREVIEWED_AFTER = datetime.timedelta(days=7)


@dataclass
class ReminderReport:
    candidates: int = 0
    mentors: int = 0


def _send_once(*, recipient, kind, day, message, url) -> bool:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(recipient=recipient, kind=kind, sent_on=day)
            notify(recipient=recipient, kind=NotificationKind.REMINDER, message=message, url=url)
    except IntegrityError:
        return False  # already reminded today
    return True


def candidates_to_remind(
    today: datetime.date | None = None, *, now: datetime.datetime | None = None
):
    """Active enrolments in weeks 2..length with no entry for last week:
    the candidate's last week, on their own calendar at ``now``
    (``Enrolment.today``), unless ``today`` fixes one day for everyone."""
    enrolments = Enrolment.objects.filter(
        status=EnrolmentStatus.ACTIVE, candidate__is_active=True
    ).select_related("candidate")
    due = []
    for enrolment in enrolments:
        last_week = enrolment.week_number(today or enrolment.today(now)) - 1
        if 1 <= last_week <= enrolment.length_weeks:
            due.append((enrolment, last_week))
    if not due:
        return []
    written = set(
        Entry.objects.filter(enrolment__in=[e for e, _week in due]).values_list(
            "enrolment_id", "week"
        )
    )
    return [(e, week) for e, week in due if (e.pk, week) not in written]


def send_reminders(*, now=None) -> ReminderReport:
    now = now or timezone.now()
    report = ReminderReport()
    for enrolment, week in candidates_to_remind(now=now):
        day = morning_day(enrolment.candidate, now)
        if day is None:
            continue  # not yet (or no longer) morning where they are
        if _send_once(
            recipient=enrolment.candidate,
            kind=ReminderKind.CANDIDATE_NO_ENTRY,
            day=day,
            message=lambda week=week: (
                _("Reminder: there is no logbook entry for week %(week)s yet") % {"week": week}
            ),
            url=reverse("entries:entry_new"),
        ):
            report.candidates += 1

    waiting = (
        Entry.objects.filter(
            status=EntryStatus.SHARED,
            reviewed_at__isnull=True,
            shared_at__lt=now - UNREVIEWED_AFTER,
            enrolment__mentor__isnull=False,
            enrolment__mentor__is_active=True,
            enrolment__status=EnrolmentStatus.ACTIVE,
        )
        .values_list("enrolment__mentor", flat=True)
        .distinct()
    )
    for mentor in User.objects.filter(pk__in=list(waiting)):
        day = morning_day(mentor, now)
        if day is None:
            continue
        if _send_once(
            recipient=mentor,
            kind=ReminderKind.MENTOR_UNREVIEWED,
            day=day,
            message=lambda: _(
                "Reminder: shared entries have waited more than 7 days for your review"
            ),
            url=reverse("mentors:dashboard"),
        ):
            report.mentors += 1
    return report
