"""``seed_demo``: a submitted logbook awaiting examiner@example.org and an
assessed one with feedback, while the main demo logbook stays live."""

from io import StringIO

import pytest
from django.core.management import call_command

from demo.people import DEMO_PASSWORD
from examinations import release
from examinations.compare import compare_submissions
from examinations.models import Assessment, Outcome, Submission
from examinations.pdf import submission_pdf_html
from examinations.services import content_hash
from pbas_logbook.models import EnrolmentStatus, User


def seed():
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    seed()


def submission_of(email) -> Submission:
    return Submission.objects.select_related("enrolment").get(enrolment__candidate__email=email)


@pytest.mark.django_db
class TestDemoExaminations:
    def test_priya_awaits_examiner(self, seeded):
        submission = submission_of("priya@example.org")

        assert [a.examiner.email for a in submission.assignments.all()] == ["examiner@example.org"]
        assert not submission.assessments.exists()
        assert not hasattr(submission, "decision")
        assert submission.mentor_report.mentor.email == "mentor2@example.org"
        assert submission.enrolment.status == EnrolmentStatus.SUBMITTED
        assert submission.entries.filter(edited_after_sharing=True).count() == 1
        assert submission in Submission.objects.visible_to(
            User.objects.get(email="examiner@example.org")
        )

    def test_tomas_is_assessed_and_accredited_with_feedback(self, seeded):
        submission = submission_of("tomas@example.org")

        assert set(submission.assessments.values_list("examiner__email", flat=True)) == {
            "examiner@example.org",
            "examiner2@example.org",
        }
        assert all(a.feedback_html and a.criterion_notes for a in Assessment.objects.all())
        assert submission.decision.outcome == Outcome.ACCREDITED
        assert "<p>Congratulations" in submission.decision.feedback_html
        # issue 12: marked on the rubric, and the result released (the
        # status follows the release).
        assert all(a.criterion_marks for a in Assessment.objects.all())
        assert release.is_released(submission.decision)
        assert submission.enrolment.status == EnrolmentStatus.ACCREDITED
        # He keeps writing: a draft after the programme, not in the submission.
        assert submission.enrolment.entries.count() == submission.entries.count() + 1

    def test_the_main_demo_logbook_is_not_submitted(self, seeded):
        assert not Submission.objects.filter(
            enrolment__candidate__email="candidate@example.org"
        ).exists()

    def test_the_new_candidates_sign_in_with_the_demo_password(self, seeded):
        for email in ("priya@example.org", "tomas@example.org"):
            assert User.objects.get(email=email).check_password(DEMO_PASSWORD)

    def test_hashes_match_the_rows_and_the_pdf_html_renders(self, seeded):
        for submission in Submission.objects.all():
            rows = [(e, list(e.sections.all())) for e in submission.entries.all()]
            assert content_hash(submission, rows) == submission.content_hash
            assert submission.candidate_name in submission_pdf_html(submission)

    def test_running_it_again_adds_nothing(self, seeded):
        counts = (Submission.objects.count(), Assessment.objects.count(), User.objects.count())

        seed()

        assert (
            Submission.objects.count(),
            Assessment.objects.count(),
            User.objects.count(),
        ) == counts
        # Other apps' demos add people too (researchers since 8d82baa): only
        # the examination rows are counted here.
        assert counts[:2] == (2, 2)

    def test_a_submission_compares_with_itself_as_unchanged(self, seeded):
        submission = submission_of("priya@example.org")

        comparison = compare_submissions(submission, submission)

        assert not comparison.has_changes
