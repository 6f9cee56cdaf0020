"""A resubmission (issue 12 item 5): version 2 may keep version 1's
examiners (the coordinator confirms, with a due date), the mentor's report
starts from a copy of the last one, and everyone gets the v1→v2 comparison."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from examinations import assessing, services
from examinations.models import ExaminerAssignment, MentorReport, Outcome
from pbas_logbook.models import AuditAction, AuditEvent, Enrolment, Notification
from tests.examinations.conftest import decide, logbook, marks_for, submit

DAY = datetime.timedelta(days=1)


def local_text(at):
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def keep_url(submission):
    return reverse("examinations:examiners_keep", args=[submission.public_id])


def manage(submission):
    return reverse("examinations:submission_manage", args=[submission.public_id])


def compare(submission):
    return reverse("examinations:compare", args=[submission.public_id])


@pytest.fixture
def versions(cast):
    """Version 1 examined by both examiners, with the mentor's report, and
    decided "resubmit" (released); version 2 submitted, nobody assigned."""
    logbook(cast.enrolment, [1, 2])
    first = submit(cast.enrolment)
    for examiner in (cast.examiner, cast.examiner2):
        services.examiner_assign(submission=first, examiner=examiner, by=cast.coordinator)
    marks = marks_for(first, 60)
    assessing.mentor_report_save(
        submission=first,
        mentor=cast.mentor,
        body="Cat grew into the broker's role.",
        criterion_marks=marks,
        criterion_notes={next(iter(marks)): "Strong on partnerships."},
    )
    decide(cast, first, Outcome.RESUBMIT)
    second = submit(cast.enrolment, version=2)
    return first, second


def words(response) -> str:
    """The page's text with its runs of whitespace made one space."""
    return " ".join(response.content.decode().split())


def keep(client, submission, due=None):
    due = due or timezone.now() + 14 * DAY
    return client.post(keep_url(submission), {"keep-due_at": local_text(due)}, follow=True)


@pytest.mark.django_db
class TestKeepTheExaminers:
    def test_version_2_offers_to_keep_version_1s_examiners(self, cast, client_for, versions):
        _, second = versions

        html = words(client_for(cast.coordinator).get(manage(second)))

        names = sorted([cast.examiner.full_name, cast.examiner2.full_name])
        assert f"Keep version 1's examiners: {names[0]}, {names[1]}." in html
        assert keep_url(second) in html and "Keep 2 examiners" in html

    def test_version_1_offers_nothing(self, cast, client_for, versions):
        first, _ = versions
        logbook_less = client_for(cast.coordinator).get(manage(first)).content.decode()

        assert "Keep version" not in logbook_less

    def test_confirming_assigns_each_audited_and_told_with_the_comparison(
        self, cast, client_for, versions
    ):
        _, second = versions
        Notification.objects.all().delete()
        due = timezone.now() + 14 * DAY

        response = keep(client_for(cast.coordinator), second, due)

        assert response.status_code == 200
        assigned = ExaminerAssignment.objects.filter(submission=second)
        assert {a.examiner for a in assigned} == {cast.examiner, cast.examiner2}
        assert all(local_text(a.due_at) == local_text(due) for a in assigned)
        audits = AuditEvent.objects.filter(
            action=AuditAction.EXAMINER_ASSIGNED, detail__contains="version 2"
        )
        assert audits.count() == 2
        for examiner in (cast.examiner, cast.examiner2):
            notice = Notification.objects.get(recipient=examiner)
            assert "version 2 — compare with version 1" in notice.message
            assert notice.url == compare(second)
        assert "Kept for version 2:" in response.content.decode()
        assert "Keep version 1" not in response.content.decode()

    def test_examiners_who_can_no_longer_examine_are_skipped_and_named(
        self, cast, client_for, versions
    ):
        _, second = versions
        cast.examiner2.is_active = False
        cast.examiner2.save()

        page = client_for(cast.coordinator).get(manage(second)).content.decode()
        response = keep(client_for(cast.coordinator), second)

        assert f"{cast.examiner2.full_name} cannot be kept: no longer an active examiner." in page
        html = response.content.decode()
        assert f"{cast.examiner2.full_name} was not kept: no longer an active examiner." in html
        assert [a.examiner for a in ExaminerAssignment.objects.filter(submission=second)] == [
            cast.examiner
        ]

    def test_an_examiner_now_the_mentor_is_skipped(self, cast, client_for, versions):
        _, second = versions
        Enrolment.objects.filter(pk=cast.enrolment.pk).update(mentor=cast.examiner2)

        response = keep(client_for(cast.coordinator), second)

        assert (
            escape(f"{cast.examiner2.full_name} was not kept: now the candidate's mentor.")
            in response.content.decode()
        )
        assert not ExaminerAssignment.objects.filter(
            submission=second, examiner=cast.examiner2
        ).exists()

    @pytest.mark.parametrize("text", ["", "next week", "past"])
    def test_a_bad_due_date_keeps_nobody(self, cast, client_for, versions, text):
        _, second = versions
        if text == "past":
            text = local_text(timezone.now() - DAY)

        response = client_for(cast.coordinator).post(keep_url(second), {"keep-due_at": text})

        assert response.status_code == 422
        assert "is-invalid" in response.content.decode()
        assert not ExaminerAssignment.objects.filter(submission=second).exists()

    @pytest.mark.parametrize("who", ["candidate", "mentor", "examiner", "stranger"])
    def test_only_coordinators_keep_examiners(self, cast, client_for, versions, who):
        _, second = versions

        response = client_for(getattr(cast, who)).post(
            keep_url(second), {"keep-due_at": local_text(timezone.now() + 9 * DAY)}
        )

        assert response.status_code == 403
        assert not ExaminerAssignment.objects.filter(submission=second).exists()

    def test_get_is_not_allowed(self, cast, client_for, versions):
        _, second = versions

        assert client_for(cast.coordinator).get(keep_url(second)).status_code == 405


@pytest.mark.django_db
class TestTheMentorsReportStartsFromACopy:
    def url(self, submission):
        return reverse("examinations:mentor_report", args=[submission.public_id])

    def test_the_form_starts_from_version_1s_report_and_saves_nothing(
        self, cast, client_for, versions
    ):
        _, second = versions

        html = words(client_for(cast.mentor).get(self.url(second)))

        assert "Started from your report on version 1 — edit before saving" in html
        assert escape("Cat grew into the broker's role.") in html
        assert "Strong on partnerships." in html
        assert compare(second) in html
        assert not MentorReport.objects.filter(submission=second).exists()

    def test_once_saved_the_form_shows_the_new_report(self, cast, client_for, versions):
        _, second = versions
        assessing.mentor_report_save(
            submission=second,
            mentor=cast.mentor,
            body="Version 2 is clearer.",
            criterion_marks=marks_for(second, 70),
            criterion_notes={},
        )

        html = client_for(cast.mentor).get(self.url(second)).content.decode()

        assert "Version 2 is clearer." in html and "Started from" not in html

    def test_a_new_mentor_starts_from_nothing(self, cast, client_for, versions):
        _, second = versions
        Enrolment.objects.filter(pk=cast.enrolment.pk).update(mentor=cast.mentor2)

        html = client_for(cast.mentor2).get(self.url(second)).content.decode()

        assert "Started from" not in html
        assert "Cat grew into" not in html


@pytest.mark.django_db
class TestTheComparisonIsLinked:
    def test_on_the_candidates_home_and_receipt(self, cast, client_for, versions):
        first, second = versions
        client = client_for(cast.candidate)

        home = client.get(reverse("examinations:candidate_home")).content.decode()
        receipt = client.get(reverse("examinations:receipt", args=[second.public_id]))
        first_receipt = client.get(reverse("examinations:receipt", args=[first.public_id]))

        assert compare(second) in home and "Compare with version 1" in home
        assert compare(second) in receipt.content.decode()
        assert "Compare with version" not in first_receipt.content.decode()

    def test_a_first_version_notice_links_to_the_reading_page(self, cast, versions):
        first, _ = versions
        notice = Notification.objects.filter(
            recipient=cast.examiner, message__contains="asked to examine"
        ).first()

        assert notice.url == reverse("examinations:reading", args=[first.public_id])
        assert "compare" not in notice.message
