"""manage.py send_reminders: nudges for candidates and mentors, never twice a day."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from entries.models import Entry
from mentors.models import ReminderKind, ReminderLog
from pbas_logbook.models import (
    EmailFrequency,
    EnrolmentStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tests.mentors.conftest import write

pytestmark = pytest.mark.django_db

LAST_WEEK = 10  # the cast's enrolments started 10 weeks ago: this is week 11


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the command as cron would, emails sent once its transactions commit."""

    def run_command():
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out)
        return out.getvalue()

    return run_command


def reminded(user, kind) -> bool:
    return ReminderLog.objects.filter(recipient=user, kind=kind).exists()


def backdate_sharing(entry, days):
    Entry.objects.filter(pk=entry.pk).update(
        shared_at=timezone.now() - datetime.timedelta(days=days)
    )


class TestCandidateReminders:
    def test_a_candidate_without_an_entry_for_last_week_is_nudged(self, cast, run):
        write(cast.enrolment, LAST_WEEK - 1)
        write(cast.enrolment2, LAST_WEEK, share=False)  # a draft counts as written

        output = run()

        assert reminded(cast.candidate, ReminderKind.CANDIDATE_NO_ENTRY)
        assert not reminded(cast.candidate2, ReminderKind.CANDIDATE_NO_ENTRY)
        notice = Notification.objects.get(recipient=cast.candidate)
        assert notice.kind == NotificationKind.REMINDER
        assert notice.message == f"Reminder: there is no logbook entry for week {LAST_WEEK} yet"
        assert notice.url == reverse("entries:entry_new")
        (email,) = [m for m in mail.outbox if m.to == [cast.candidate.email]]
        assert "entries/new/" in email.body
        assert not [m for m in mail.outbox if m.to == [cast.candidate2.email]]
        assert "Reminders sent: 1 candidate(s), 0 mentor(s)." in output

    @pytest.mark.parametrize(
        "change",
        [
            {"status": EnrolmentStatus.WITHDRAWN},
            {"start_date": timezone.localdate()},  # in their first week
            {"start_date": timezone.localdate() - datetime.timedelta(weeks=30)},  # finished
        ],
    )
    def test_candidates_outside_the_programme_weeks_are_left_alone(self, cast, run, change):
        for field, value in change.items():
            setattr(cast.enrolment, field, value)
        cast.enrolment.save()
        write(cast.enrolment2, LAST_WEEK)

        run()

        assert not ReminderLog.objects.exists()

    def test_a_deactivated_candidate_is_left_alone(self, cast, run):
        cast.candidate.is_active = False
        cast.candidate.save()
        write(cast.enrolment2, LAST_WEEK)

        run()

        assert not ReminderLog.objects.exists()
        assert mail.outbox == []


class TestMentorReminders:
    def test_a_mentor_with_an_entry_unreviewed_for_over_7_days_is_nudged(self, cast, run):
        waiting = write(cast.enrolment, LAST_WEEK)
        backdate_sharing(waiting, 8)
        reviewed = write(cast.enrolment2, LAST_WEEK)
        backdate_sharing(reviewed, 8)
        Entry.objects.filter(pk=reviewed.pk).update(reviewed_at=timezone.now())

        output = run()

        assert reminded(cast.mentor, ReminderKind.MENTOR_UNREVIEWED)
        assert not reminded(cast.mentor2, ReminderKind.MENTOR_UNREVIEWED)
        notice = Notification.objects.get(recipient=cast.mentor)
        assert notice.url == reverse("mentors:dashboard")
        (email,) = [m for m in mail.outbox if m.to == [cast.mentor.email]]
        assert "/mentees/" in email.body
        assert not [m for m in mail.outbox if m.to == [cast.mentor2.email]]
        assert "0 candidate(s), 1 mentor(s)" in output

    def test_an_entry_shared_six_days_ago_can_still_wait(self, cast, run):
        recent = write(cast.enrolment, LAST_WEEK)
        backdate_sharing(recent, 6)
        write(cast.enrolment2, LAST_WEEK)

        run()

        assert not reminded(cast.mentor, ReminderKind.MENTOR_UNREVIEWED)

    def test_a_draft_does_not_count_as_waiting(self, cast, run):
        draft = write(cast.enrolment, LAST_WEEK, share=False)
        Entry.objects.filter(pk=draft.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=20)
        )

        run()

        assert not reminded(cast.mentor, ReminderKind.MENTOR_UNREVIEWED)


class TestNothingTwice:
    def test_running_twice_the_same_day_sends_nothing_twice(self, cast, run):
        backdate_sharing(write(cast.enrolment, LAST_WEEK - 1), 10)  # both nudges due
        write(cast.enrolment2, LAST_WEEK)  # nothing due for the second pair

        run()
        first = (len(mail.outbox), ReminderLog.objects.count(), Notification.objects.count())
        output = run()

        assert first == (2, 2, 2)
        assert len(mail.outbox) == 2
        assert ReminderLog.objects.count() == 2
        assert Notification.objects.count() == 2
        assert "Reminders sent: 0 candidate(s), 0 mentor(s)." in output

    def test_the_next_day_nudges_again(self, cast, run):
        write(cast.enrolment2, LAST_WEEK)
        run()
        ReminderLog.objects.update(sent_on=timezone.localdate() - datetime.timedelta(days=1))

        run()

        assert ReminderLog.objects.filter(recipient=cast.candidate).count() == 2

    def test_a_digest_reader_gets_the_reminder_in_one_digest(self, cast, run):
        NotificationPreference.objects.create(
            user=cast.candidate, email_frequency=EmailFrequency.DAILY
        )
        write(cast.enrolment2, LAST_WEEK)

        first = run()
        second = run()

        (digest,) = mail.outbox
        assert digest.to == [cast.candidate.email]
        assert "no logbook entry for week 10" in digest.body
        assert "Digests sent: 1." in first
        assert "Digests sent: 0." in second
