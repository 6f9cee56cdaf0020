"""Released results (issue 12, item 3): recorded, then released now or at a
set time; the job tells the candidate and mentor once, without marks."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from examinations import release
from examinations.models import Decision, ResultRelease
from pbas_logbook.models import AuditAction, AuditEvent, Notification, NotificationKind
from tests.examinations.conftest import decide

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(days=2)


@pytest.fixture
def decision(cast, submitted):
    decide(cast, submitted, released=False)
    return Decision.objects.get(submission=submitted)


def decision_notices(person):
    return Notification.objects.filter(recipient=person, kind=NotificationKind.DECISION)


class TestReleaseSet:
    def test_now_is_out_at_once_and_told_once(
        self, cast, decision, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            made = release.release_set(decision=decision, by=cast.coordinator)
        assert made.is_released and release.is_released(decision)
        made.refresh_from_db()
        assert made.notified_at is not None
        assert decision_notices(cast.candidate).count() == 1
        assert decision_notices(cast.mentor).count() == 1
        assert release.tell_due() == 0  # never twice
        assert decision_notices(cast.candidate).count() == 1

    def test_the_notice_carries_no_outcome_or_mark(self, cast, decision):
        release.release_set(decision=decision, by=cast.coordinator)
        release.tell_due()
        (notice,) = decision_notices(cast.candidate)
        assert "released" in notice.message
        for secret in ("Resubmission", "resubmit", "50", decision.feedback):
            assert secret not in notice.message
        for email in mail.outbox:
            assert "Resubmission" not in email.body and "Decided." not in email.body

    def test_at_a_time_is_hidden_until_then_and_told_by_the_job(self, cast, decision):
        at = timezone.now() + LATER
        release.release_set(decision=decision, by=cast.coordinator, at=at)
        decision = Decision.objects.select_related("release").get(pk=decision.pk)
        assert not release.is_released(decision)
        assert release.tell_due() == 0
        assert release.tell_due(now=at + datetime.timedelta(minutes=1)) == 1
        assert decision_notices(cast.candidate).count() == 1

    def test_a_time_in_the_past_is_refused(self, cast, decision):
        with pytest.raises(ValidationError) as error:
            release.release_set(decision=decision, by=cast.coordinator, at=timezone.now() - LATER)
        assert error.value.message_dict == {"release_at": [release.PAST]}
        assert not ResultRelease.objects.exists()

    def test_a_planned_release_may_move_but_not_once_out(self, cast, decision):
        release.release_set(decision=decision, by=cast.coordinator, at=timezone.now() + LATER)
        moved = release.release_set(
            decision=decision, by=cast.coordinator, at=timezone.now() + 2 * LATER
        )
        assert moved.release_at > timezone.now() + LATER
        release.release_set(decision=decision, by=cast.coordinator)
        with pytest.raises(ValidationError, match="already released"):
            release.release_set(decision=decision, by=cast.coordinator, at=timezone.now() + LATER)

    def test_each_step_is_in_the_audit_trail(self, cast, decision):
        release.release_set(decision=decision, by=cast.coordinator, at=timezone.now() + LATER)
        release.release_set(decision=decision, by=cast.coordinator)
        details = list(
            AuditEvent.objects.filter(action=AuditAction.RELEASED)
            .order_by("created_at", "pk")
            .values_list("detail", flat=True)
        )
        assert len(details) == 2
        assert "to be released" in details[0] and "released now" in details[1]


class TestCohortRelease:
    def test_every_unreleased_result_of_the_cohort_together(self, cast, decision):
        at = timezone.now() + LATER
        assert release.cohort_release_set(cohort=cast.cohort, by=cast.coordinator, at=at) == 1
        assert ResultRelease.objects.get().release_at == at
        # Released ones are left alone.
        release.release_set(decision=decision, by=cast.coordinator)
        assert release.cohort_release_set(cohort=cast.cohort, by=cast.coordinator) == 0

    def test_the_page_action(self, cast, client_for, decision):
        page = client_for(cast.coordinator)
        url = reverse("examinations:cohort_release", args=[cast.cohort.pk])
        response = page.post(url, {"release-when": "at", "release-release_at": ""}, follow=True)
        assert "Choose the date and time of the release." in response.content.decode()
        assert not ResultRelease.objects.exists()
        response = page.post(url, {"release-when": "now"}, follow=True)
        assert "1 result(s) of Spring intake: released now" in response.content.decode()
        assert release.is_released(Decision.objects.get(pk=decision.pk))


class TestResultReleasePage:
    def url(self, submission):
        return reverse("examinations:result_release", args=[submission.public_id])

    def test_before_the_decision_says_so(self, cast, client_for, submitted):
        response = client_for(cast.coordinator).post(
            self.url(submitted), {"release-when": "now"}, follow=True
        )
        assert "Record the decision before releasing it." in response.content.decode()

    def test_a_past_time_is_refused_on_the_field(self, cast, client_for, submitted, decision):
        past = (timezone.localtime() - LATER).strftime("%Y-%m-%dT%H:%M")
        response = client_for(cast.coordinator).post(
            self.url(submitted), {"release-when": "at", "release-release_at": past}
        )
        assert response.status_code == 422
        assert release.PAST in response.content.decode()
        assert not ResultRelease.objects.exists()

    def test_a_set_time_is_saved(self, cast, client_for, submitted, decision):
        at = (timezone.localtime() + LATER).replace(second=0, microsecond=0)
        response = client_for(cast.coordinator).post(
            self.url(submitted),
            {"release-when": "at", "release-release_at": at.strftime("%Y-%m-%dT%H:%M")},
            follow=True,
        )
        assert "The result is to be released" in response.content.decode()
        assert ResultRelease.objects.get().release_at == at


def test_the_command_tells_what_is_due(cast, decision):
    ResultRelease.objects.create(
        decision=decision, release_at=timezone.now(), set_by=cast.coordinator
    )
    out = io.StringIO()
    call_command("release_results", stdout=out)
    assert out.getvalue().strip() == "Told 1 released result(s)."
    assert decision_notices(cast.candidate).count() == 1
