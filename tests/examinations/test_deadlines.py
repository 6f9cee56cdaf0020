"""Examiners' due dates (issue 12 item 4): set on assigning, moved by the
coordinator, shown to the examiner, reminded once before and once after,
and the coordinator's overdue list."""

import datetime
import threading
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from examinations import deadlines, services
from examinations.forms import AssignExaminerForm
from examinations.models import ExaminerAssignment, Outcome
from pbas_logbook.models import AuditAction, AuditEvent, Notification, NotificationKind
from tests.examinations.conftest import decide, examine, logbook, submit
from tests.factories import EnrolmentFactory, UserFactory

DAY = datetime.timedelta(days=1)


def local_text(at: datetime.datetime) -> str:
    """What a datetime-local input posts for ``at``."""
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def manage(submission):
    return reverse("examinations:submission_manage", args=[submission.public_id])


def due_url(submission, examiner):
    return reverse("examinations:due_date_set", args=[submission.public_id, examiner.pk])


def backdate(assignment, *, assigned_days_ago=30, due_in_days=-2):
    """Move an assignment into the past (the database wants due after assigned)."""
    now = timezone.now()
    ExaminerAssignment.objects.filter(pk=assignment.pk).update(
        assigned_at=now - assigned_days_ago * DAY, due_at=now + due_in_days * DAY
    )
    assignment.refresh_from_db()
    return assignment


def reminders(examiner):
    return Notification.objects.filter(recipient=examiner, kind=NotificationKind.REMINDER)


@pytest.mark.django_db
class TestAssignWithADueDate:
    def test_the_form_offers_three_weeks_ahead_at_five_in_the_programmes_zone(
        self, cast, client_for, submitted
    ):
        html = client_for(cast.coordinator).get(manage(submitted)).content.decode()

        expected = local_text(deadlines.default_due())
        assert f'value="{expected}"' in html and expected.endswith("T17:00")
        assert "Assessment due (Europe/London time)" in html

    def test_assigning_records_the_due_date_audits_and_tells_the_examiner(
        self, cast, client_for, submitted
    ):
        due = timezone.localtime() + 10 * DAY
        response = client_for(cast.coordinator).post(
            manage(submitted), {"examiner": cast.examiner.pk, "due_at": local_text(due)}
        )

        assert response.status_code == 302
        assignment = ExaminerAssignment.objects.get(submission=submitted)
        assert local_text(assignment.due_at) == local_text(due)
        audit = AuditEvent.objects.get(action=AuditAction.EXAMINER_ASSIGNED)
        assert "due" in audit.detail and "Europe/London" in audit.detail
        notice = Notification.objects.get(recipient=cast.examiner)
        assert "due" in notice.message and cast.candidate.full_name not in notice.message

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("yesterday", "Enter a date and time, e.g. 2027-01-15 17:00."),
            ("2027-13-45T25:00", "Enter a date and time"),
            ("", "Choose the date and time the assessment is due."),
            ("past", "The due date must be later than now"),
            ("far", "at most a year ahead"),
        ],
    )
    def test_a_bad_due_date_is_refused_on_the_field_and_nothing_recorded(
        self, cast, client_for, submitted, text, words
    ):
        if text == "past":
            text = local_text(timezone.now() - DAY)
        elif text == "far":
            text = local_text(timezone.now() + 400 * DAY)
        response = client_for(cast.coordinator).post(
            manage(submitted), {"examiner": cast.examiner.pk, "due_at": text}
        )

        assert response.status_code == 422
        assert words in response.content.decode()
        assert not ExaminerAssignment.objects.exists()
        assert not AuditEvent.objects.filter(action=AuditAction.EXAMINER_ASSIGNED).exists()
        assert not Notification.objects.filter(recipient=cast.examiner).exists()

    def test_the_service_refuses_a_due_date_before_now(self, cast, submitted):
        with pytest.raises(Exception) as refused:
            services.examiner_assign(
                submission=submitted,
                examiner=cast.examiner,
                by=cast.coordinator,
                due_at=timezone.now() - DAY,
            )

        assert "due_at" in refused.value.message_dict
        assert not ExaminerAssignment.objects.exists()

    def test_in_a_persons_own_zone_the_form_names_it_and_the_default_stays_17_in_london(self):
        with timezone.override("America/New_York"):
            form = AssignExaminerForm()
            due = deadlines.default_due()

        assert form.fields["due_at"].label == "Assessment due (America/New_York time)"
        assert timezone.localtime(due, zoneinfo.ZoneInfo("Europe/London")).hour == 17

    def test_without_a_due_date_the_service_gives_the_default(self, cast, submitted):
        assignment = services.examiner_assign(
            submission=submitted, examiner=cast.examiner, by=cast.coordinator
        )

        assert timezone.localtime(assignment.due_at).hour == 17


@pytest.mark.django_db
class TestMoveADueDate:
    @pytest.fixture
    def assigned(self, cast, submitted):
        services.examiner_assign(submission=submitted, examiner=cast.examiner, by=cast.coordinator)
        return submitted

    def test_moving_it_audits_tells_the_examiner_and_resets_the_reminders(
        self, cast, client_for, assigned
    ):
        ExaminerAssignment.objects.update(reminded_before_at=timezone.now())
        new = timezone.now() + 40 * DAY
        response = client_for(cast.coordinator).post(
            due_url(assigned, cast.examiner), {"due_at": local_text(new)}
        )

        assert response.status_code == 302
        assignment = ExaminerAssignment.objects.get()
        assert local_text(assignment.due_at) == local_text(new)
        assert assignment.reminded_before_at is None and assignment.reminded_overdue_at is None
        audit = AuditEvent.objects.get(action=AuditAction.DUE_DATE_SET)
        assert "was" in audit.detail and cast.examiner.full_name in audit.detail
        assert Notification.objects.filter(
            recipient=cast.examiner, message__contains="is now due"
        ).exists()

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("soon-ish", "Enter a date and time"),
            ("past", "The due date must be later than now"),
            ("", "Choose the date and time the assessment is due."),
        ],
    )
    def test_a_bad_new_date_is_refused_on_its_row_and_nothing_changes(
        self, cast, client_for, assigned, text, words
    ):
        before = ExaminerAssignment.objects.get().due_at
        if text == "past":
            text = local_text(timezone.now() - 3 * DAY)
        response = client_for(cast.coordinator).post(
            due_url(assigned, cast.examiner), {"due_at": text}
        )

        assert response.status_code == 422
        html = response.content.decode()
        assert words in html and "is-invalid" in html
        assert ExaminerAssignment.objects.get().due_at == before
        assert not AuditEvent.objects.filter(action=AuditAction.DUE_DATE_SET).exists()

    def test_a_date_before_the_assignment_is_refused(self, cast, assigned):
        assignment = ExaminerAssignment.objects.get()
        ExaminerAssignment.objects.filter(pk=assignment.pk).update(
            assigned_at=timezone.now() + 5 * DAY, due_at=timezone.now() + 10 * DAY
        )

        with pytest.raises(Exception) as refused:
            services.due_date_set(
                submission=assigned,
                examiner=cast.examiner,
                due_at=timezone.now() + 2 * DAY,
                by=cast.coordinator,
            )

        assert "later than the assignment" in str(refused.value)

    def test_after_the_decision_the_due_date_cannot_move(self, cast, client_for, assigned):
        decide(cast, assigned, Outcome.ACCREDITED)

        response = client_for(cast.coordinator).post(
            due_url(assigned, cast.examiner), {"due_at": local_text(timezone.now() + 9 * DAY)}
        )

        assert response.status_code == 422
        assert "due dates can no longer be changed" in response.content.decode()

    @pytest.mark.parametrize("who", ["candidate", "mentor", "examiner", "stranger"])
    def test_only_coordinators_move_due_dates(self, cast, client_for, assigned, who):
        response = client_for(getattr(cast, who)).post(
            due_url(assigned, cast.examiner), {"due_at": local_text(timezone.now() + 9 * DAY)}
        )

        assert response.status_code == 403

    def test_an_examiner_not_assigned_is_a_404(self, cast, client_for, assigned):
        response = client_for(cast.coordinator).post(
            due_url(assigned, cast.examiner2), {"due_at": local_text(timezone.now() + 9 * DAY)}
        )

        assert response.status_code == 404


@pytest.mark.django_db
class TestTheExaminerSeesTheDueDate:
    def test_on_the_home_list_and_the_assess_page(self, cast, client_for, submitted):
        assignment = services.examiner_assign(
            submission=submitted,
            examiner=cast.examiner,
            by=cast.coordinator,
            due_at=timezone.now() + 5 * DAY,
        )
        client = client_for(cast.examiner)

        home = client.get(reverse("examinations:home")).content.decode()
        assess = client.get(reverse("examinations:assess", args=[submitted.public_id]))

        assert "Due in 5 days" in home
        assert "due in 5 days" in assess.content.decode()
        assert deadlines.when(assignment.due_at) in assess.content.decode()

    def test_overdue_shows_by_how_many_days(self, cast, client_for, submitted):
        backdate(
            services.examiner_assign(
                submission=submitted, examiner=cast.examiner, by=cast.coordinator
            ),
            due_in_days=-3,
        )

        home = client_for(cast.examiner).get(reverse("examinations:home")).content.decode()

        assert "Overdue by 3 days" in home

    def test_a_recorded_assessment_is_no_longer_due(self, cast, client_for, submitted):
        examine(cast, submitted, Outcome.ACCREDITED)

        home = client_for(cast.examiner).get(reverse("examinations:home")).content.decode()

        assert "Due in" not in home and "Overdue" not in home


@pytest.mark.django_db
class TestReminders:
    @pytest.fixture
    def assignment(self, cast, submitted):
        return services.examiner_assign(
            submission=submitted,
            examiner=cast.examiner,
            by=cast.coordinator,
            due_at=timezone.now() + 10 * DAY,
        )

    def test_none_while_the_due_date_is_far(self, cast, assignment):
        report = deadlines.send_reminders()

        assert (report.before, report.overdue) == (0, 0)
        assert not reminders(cast.examiner).exists()

    def test_once_before_and_once_after_each_sent_once(
        self, cast, assignment, mailoutbox, settings, django_capture_on_commit_callbacks
    ):
        settings.EXAMINER_REMINDER_DAYS_BEFORE = 3
        mailoutbox.clear()
        at = assignment.due_at - 2 * DAY

        with django_capture_on_commit_callbacks(execute=True):
            first = deadlines.send_reminders(now=at)
            again = deadlines.send_reminders(now=at + datetime.timedelta(hours=1))
            late = deadlines.send_reminders(now=assignment.due_at + DAY)
            later = deadlines.send_reminders(now=assignment.due_at + 2 * DAY)

        assert (first.before, again.before, late.overdue, later.overdue) == (1, 0, 1, 0)
        messages = list(reminders(cast.examiner).values_list("message", flat=True))
        assert len(messages) == 2
        assert any(m.startswith("Reminder:") for m in messages)
        assert any(m.startswith("Overdue:") for m in messages)
        assert len(mailoutbox) == 2
        for email in mailoutbox:
            assert "Week 1" not in email.body and cast.candidate.full_name not in email.body

    def test_not_after_the_assessment(self, cast, assignment, submitted):
        examine(cast, submitted, Outcome.ACCREDITED)

        report = deadlines.send_reminders(now=assignment.due_at + DAY)

        assert (report.before, report.overdue) == (0, 0)

    def test_not_after_the_decision(self, cast, submitted):
        # A decision waits for every assigned examiner, so a decided
        # submission's assignments are all assessed; none is reminded.
        services.examiner_assign(submission=submitted, examiner=cast.examiner, by=cast.coordinator)
        decide(cast, submitted, Outcome.ACCREDITED)

        report = deadlines.send_reminders(now=timezone.now() + 60 * DAY)

        assert (report.before, report.overdue) == (0, 0)

    def test_moving_the_date_sends_its_reminders_again(self, cast, assignment, submitted):
        deadlines.send_reminders(now=assignment.due_at - DAY)
        new = timezone.now() + 20 * DAY
        services.due_date_set(
            submission=submitted, examiner=cast.examiner, due_at=new, by=cast.coordinator
        )

        report = deadlines.send_reminders(now=new - DAY)

        assert report.before == 1

    def test_the_command_reports_what_it_sent(self, cast, submitted, capsys):
        backdate(
            services.examiner_assign(
                submission=submitted, examiner=cast.examiner, by=cast.coordinator
            )
        )

        call_command("remind_examiners")
        call_command("remind_examiners")

        out = capsys.readouterr().out
        assert "and 1 overdue" in out and "and 0 overdue" in out
        assert reminders(cast.examiner).count() == 1


@pytest.mark.django_db(transaction=True)
class TestTwoRunsAtOnce:
    def test_send_each_reminder_once(self, cast, settings):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        logbook(cast.enrolment, [1])
        submission = submit(cast.enrolment)
        for examiner in (cast.examiner, cast.examiner2):
            backdate(
                services.examiner_assign(
                    submission=submission, examiner=examiner, by=cast.coordinator
                )
            )
        barrier = threading.Barrier(2)
        reports = [None, None]

        def run(index):
            barrier.wait()
            try:
                reports[index] = deadlines.send_reminders()
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

        assert sum(r.overdue for r in reports) == 2
        assert reminders(cast.examiner).count() == 1
        assert reminders(cast.examiner2).count() == 1


def overdue_rows(cast, count):
    """``count`` candidates, each submitted and assigned to cast.examiner
    with the assessment two days overdue."""
    for _ in range(count):
        enrolment = EnrolmentFactory(cohort=cast.cohort, mentor=cast.mentor)
        logbook(enrolment, [1])
        submission = submit(enrolment)
        backdate(
            services.examiner_assign(
                submission=submission, examiner=cast.examiner, by=cast.coordinator
            )
        )


def count_queries(client, path) -> int:
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# The overdue list: 1 session, 2 user, 3 the roles for the navigation,
# 4 the overdue assignments (with examiner and submission), 5 the session save.
OVERDUE_QUERIES = 5
# The manage page changes no count with its due dates (they are on the rows read).


@pytest.mark.django_db
class TestOverdueList:
    URL = reverse("examinations:overdue")

    def test_lists_the_overdue_without_an_assessment(self, cast, client_for, submitted):
        backdate(
            services.examiner_assign(
                submission=submitted, examiner=cast.examiner, by=cast.coordinator
            ),
            due_in_days=-4,
        )
        other = UserFactory(full_name="Ola Ontime", is_examiner=True)
        services.examiner_assign(submission=submitted, examiner=other, by=cast.coordinator)

        html = client_for(cast.coordinator).get(self.URL).content.decode()

        assert cast.candidate.full_name in html and cast.cohort.name in html
        assert cast.examiner.full_name in html and "4 days" in html
        assert "Ola Ontime" not in html
        assert manage(submitted) in html

    def test_an_assessment_takes_it_off(self, cast, client_for, submitted):
        backdate(
            services.examiner_assign(
                submission=submitted, examiner=cast.examiner, by=cast.coordinator
            )
        )
        examine(cast, submitted, Outcome.ACCREDITED)

        html = client_for(cast.coordinator).get(self.URL).content.decode()

        assert "No assessment is overdue." in html

    def test_linked_from_the_submission_list_which_shows_due_per_examiner(
        self, cast, client_for, submitted
    ):
        backdate(
            services.examiner_assign(
                submission=submitted, examiner=cast.examiner, by=cast.coordinator
            )
        )

        html = client_for(cast.coordinator).get(reverse("examinations:submission_list"))

        assert self.URL in html.content.decode()
        assert "Overdue by 2 days" in html.content.decode()

    @pytest.mark.parametrize("who", ["candidate", "mentor", "examiner", "stranger"])
    def test_only_coordinators_see_it(self, cast, client_for, who):
        assert client_for(getattr(cast, who)).get(self.URL).status_code == 403

    def test_the_same_queries_for_3_and_30_rows(self, cast, client_for):
        client = client_for(cast.coordinator)
        overdue_rows(cast, 3)
        at_3 = count_queries(client, self.URL)
        overdue_rows(cast, 27)
        at_30 = count_queries(client, self.URL)

        assert at_3 == at_30 <= OVERDUE_QUERIES


@pytest.mark.django_db
class TestManagePageQueries:
    def test_the_same_with_1_and_2_due_examiners(self, cast, client_for, submitted):
        client = client_for(cast.coordinator)
        services.examiner_assign(submission=submitted, examiner=cast.examiner, by=cast.coordinator)
        one = count_queries(client, manage(submitted))
        services.examiner_assign(submission=submitted, examiner=cast.examiner2, by=cast.coordinator)
        two = count_queries(client, manage(submitted))

        assert one == two


@pytest.mark.django_db
class TestThirdExaminerWhoIsTheMentor:
    def test_refused_on_the_field_on_a_moderated_submission(self, cast, client_for, submitted):
        mentor = cast.mentor
        mentor.is_examiner = True
        mentor.save()
        # Two examiners 40 marks apart: the decision needs moderation.
        examine(cast, submitted, Outcome.DISTINCTION, examiner=cast.examiner, total=80)
        examine(cast, submitted, Outcome.NOT_ACCREDITED, examiner=cast.examiner2, total=20)

        response = client_for(cast.coordinator).post(
            manage(submitted),
            {"examiner": mentor.pk, "due_at": local_text(timezone.now() + 9 * DAY)},
        )

        assert response.status_code == 422
        assert escape(services.MENTOR_CANNOT_EXAMINE) in response.content.decode()
        assert submitted.assignments.count() == 2
