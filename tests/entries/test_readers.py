"""The candidate's "Who has read my logbook" (issue 11, item 1): until the
decision is recorded and released (issue 12) it says only that the
submission is with the examiners; afterwards the examination appears as the result page shows it,
an examiner never named and an outcome only as decided."""

import pytest
from django.urls import reverse

from examinations import assessing, release
from examinations import services as exam
from examinations.models import Outcome
from records import audit
from tests.examinations.conftest import TOTAL_FOR, logbook, marks_for, submit, write
from tests.factories import UserFactory

EXAMINER_NAME = "Elif Demirkanli"


def assess(submission, examiner, outcome, feedback):
    """issue 12: marked on the rubric, for a total in the outcome's band."""
    return assessing.assessment_record(
        submission=submission,
        examiner=examiner,
        outcome=outcome,
        criterion_marks=marks_for(submission, TOTAL_FOR[outcome]),
        feedback=feedback,
        criterion_notes={},
    )


@pytest.fixture
def examiner(db):
    return UserFactory(full_name=EXAMINER_NAME, is_examiner=True)


@pytest.fixture
def examined(cast, examiner, client_for):
    """Cat's logbook submitted, assigned, read, downloaded and assessed
    "Not accredited" by a named examiner; no decision yet."""
    logbook(cast.enrolment, [1, 2])
    submission = submit(cast.enrolment)
    exam.examiner_assign(submission=submission, examiner=examiner, by=cast.coordinator)
    reader = client_for(examiner)
    assert (
        reader.get(reverse("examinations:reading", args=[submission.public_id])).status_code == 200
    )
    assert reader.get(reverse("examinations:pdf", args=[submission.public_id])).status_code == 200
    assess(submission, examiner, Outcome.NOT_ACCREDITED, "Thin reflection.")
    return submission


def readers_page(client_for, candidate) -> str:
    response = client_for(candidate).get(reverse("entries:readers"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    from tests.security.crawl import pdf_as_html

    pdf_as_html(monkeypatch)


@pytest.mark.django_db
class TestBeforeTheDecision:
    def test_the_page_names_no_examiner_and_no_outcome(self, cast, examined, client_for):
        page = readers_page(client_for, cast.candidate)

        assert EXAMINER_NAME not in page
        assert "Not accredited" not in page
        assert "recorded an assessment" not in page
        assert "read the submitted logbook" not in page
        assert "Downloaded" not in page and "downloaded" not in page

    def test_it_says_only_that_the_submission_is_with_the_examiners(
        self, cast, examined, client_for
    ):
        client_for(cast.mentor).get(reverse("mentors:mentee_logbook", args=[cast.enrolment.pk]))

        lines = audit.lines_for_subject(cast.candidate)

        # The mentor's read is theirs to see; four examination lines are one.
        assert [(line.who, line.what) for line in lines] == [
            (cast.mentor.full_name, "Read the logbook"),
            ("", audit.WITH_THE_EXAMINERS),
        ]
        assert audit.WITH_THE_EXAMINERS in readers_page(client_for, cast.candidate)

    def test_the_mentor_and_coordinator_lines_stay_as_they_were(self, cast, examined, client_for):
        client_for(cast.mentor).get(reverse("mentors:mentee_logbook", args=[cast.enrolment.pk]))

        page = readers_page(client_for, cast.candidate)

        assert f"<strong>{cast.mentor.full_name}</strong> (mentor): read the logbook" in page


@pytest.mark.django_db
class TestAfterTheDecision:
    def decide(self, cast, submission, outcome=Outcome.NOT_ACCREDITED, *, released=True):
        # issue 12: the candidate sees the result once it is released.
        decision = assessing.decision_record(
            submission=submission, by=cast.coordinator, outcome=outcome, mark=40, feedback="Sorry."
        )
        if released:
            release.release_set(decision=decision, by=cast.coordinator)
            release.tell_due()  # the result takes effect (on commit in the app)

    def test_the_examination_is_listed_without_the_examiners_name(self, cast, examined, client_for):
        self.decide(cast, examined)

        page = readers_page(client_for, cast.candidate)

        assert EXAMINER_NAME not in page
        assert "<strong>An examiner</strong>: recorded an assessment" in page
        assert "<strong>An examiner</strong>: read the submitted logbook" in page
        assert "<strong>An examiner</strong>: downloaded the submission pdf" in page
        # The assignment line is the coordinator's, with the name taken out.
        assert 'assigned an examiner <small class="text-body-secondary">· version 1</small>' in (
            page
        )
        # The decision is the result: its outcome is shown, as on the result page.
        assert "recorded the final decision" in page
        assert "version 1: Not accredited" in page
        assert audit.WITH_THE_EXAMINERS not in page

    def test_an_outcome_the_examiner_changed_before_the_decision_is_not_shown(
        self, cast, examined, examiner, client_for
    ):
        assess(examined, examiner, Outcome.ACCREDITED, "On a second reading, clear.")
        self.decide(cast, examined, Outcome.ACCREDITED)

        page = readers_page(client_for, cast.candidate)

        assert "Not accredited" not in page
        assert "version 1: Accredited" in page  # the decision

    def test_a_second_submission_is_sealed_while_the_first_stays_released(
        self, cast, examined, examiner, client_for
    ):
        self.decide(cast, examined, Outcome.RESUBMIT)
        write(cast.enrolment, 3)
        second = submit(cast.enrolment, version=2)
        exam.examiner_assign(submission=second, examiner=examiner, by=cast.coordinator)
        assess(second, examiner, Outcome.DISTINCTION, "Much better.")

        page = readers_page(client_for, cast.candidate)

        assert "version 2" not in page
        assert "distinction" not in page.lower()
        assert audit.WITH_THE_EXAMINERS in page
        assert "version 1: Resubmission required" in page
        assert EXAMINER_NAME not in page


@pytest.mark.django_db
class TestDecidedButNotReleased:
    # issue 12: a recorded decision stays unseen by the candidate until its
    # release, so the examination lines stay one sealed line until then.
    def test_the_page_still_says_only_with_the_examiners(self, cast, examined, client_for):
        TestAfterTheDecision().decide(cast, examined, released=False)

        page = readers_page(client_for, cast.candidate)

        assert audit.WITH_THE_EXAMINERS in page
        assert "Not accredited" not in page
        assert "recorded the final decision" not in page
        assert "recorded an assessment" not in page

    def test_moderation_never_tells_what_each_examiner_concluded(self, cast, examined, client_for):
        # issue 12: disagreeing examiners are moderated; the candidate reads
        # the result, not the examiners' own outcomes.
        other = UserFactory(full_name="Oskar Second", is_examiner=True)
        exam.examiner_assign(submission=examined, examiner=other, by=cast.coordinator)
        assess(examined, other, Outcome.ACCREDITED, "Fine.")
        decision = assessing.decision_record(
            submission=examined,
            by=cast.coordinator,
            outcome=Outcome.RESUBMIT,
            mark=40,
            feedback="Resubmit.",
            moderation_reason="Agreed between us.",
        )
        before = readers_page(client_for, cast.candidate)
        release.release_set(decision=decision, by=cast.coordinator)
        release.tell_due()
        after = readers_page(client_for, cast.candidate)

        for page in (before, after):
            assert "Accredited and Not accredited" not in page
            assert "The totals differ" not in page
