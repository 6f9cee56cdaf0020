"""Assessing and deciding through the test client: the examiner's
assessment form, the mentor's report, the coordinator's pages (submissions,
examiners, criteria and settings, the final decision) and what the candidate
sees afterwards."""

import pytest
from django.urls import reverse

from examinations import assessing, marking, services
from examinations.models import (
    Assessment,
    AssessmentCriterion,
    Decision,
    ExaminerAssignment,
    MentorReport,
    Outcome,
    ProgrammeSetting,
    Submission,
)
from mentors.services import comment_post
from pbas_logbook.models import Notification, NotificationKind
from tests.examinations.conftest import TOTAL_FOR, decide, examine, logbook, marks_for, submit
from tests.examinations.pages import buttons, labelled_controls, links, messages_of

SUBMISSION_LIST = reverse("examinations:submission_list")
CRITERIA = reverse("examinations:criteria")
MENTOR_HOME = reverse("examinations:mentor_home")


def url(name, submission, *args):
    return reverse(f"examinations:{name}", args=[submission.public_id, *args])


def rubric_fields(total: int) -> dict[str, str]:
    """The marking sheet filled in (the newest submission's cohort sheet)
    for a weighted total of ``total`` (a multiple of 10 on the default sheet)."""
    submission = Submission.objects.order_by("-pk").first()
    return {f"mark_{key}": str(mark) for key, mark in marks_for(submission, total).items()}


def assessment_data(outcome=Outcome.ACCREDITED, total=None, feedback="Honest and *clear*.", **more):
    """What the assessment form posts: a mark per criterion for ``total``
    (by default one the outcome's band holds, so no reason is asked)."""
    total = TOTAL_FOR.get(outcome, 60) if total is None else total
    return {"outcome": outcome, "feedback": feedback, **rubric_fields(total), **more}


def report_data(body="Worked steadily; **analytical** by week 6.", total=70, **more):
    return {"body": body, **rubric_fields(total), **more}


def decision_data(outcome=Outcome.ACCREDITED, mark="75", feedback="Well done: *accredited*."):
    return {"outcome": outcome, "mark": mark, "feedback": feedback}


@pytest.fixture
def assigned(cast, submitted):
    """Cat's version 1, assigned to cast.examiner."""
    services.examiner_assign(submission=submitted, examiner=cast.examiner, by=cast.coordinator)
    return submitted


def write_report(cast, submission, body="The mentor's view of Cat's year."):
    return assessing.mentor_report_save(
        submission=submission,
        mentor=cast.mentor,
        body=body,
        criterion_marks=marks_for(submission, 70),
        criterion_notes={},
    )


# --- The examiner's assessment -----------------------------------------------------------


@pytest.mark.django_db
class TestAssess:
    def test_the_form_has_an_outcome_field_and_a_record_button(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("assess", assigned))

        controls = labelled_controls(response)
        assert response.status_code == 200
        assert controls["Outcome"][0] == "select"
        # The total is computed from the criteria, never typed (issue 12).
        assert "Mark (out of 100)" not in controls
        assert controls["Narrative: mark out of 10"][0] == "input"
        assert controls["Written feedback"][0] == "textarea"
        assert "Record assessment" in buttons(response)

    def test_lists_the_four_outcomes(self, cast, client_for, assigned):
        page = client_for(cast.examiner).get(url("assess", assigned)).content.decode()

        for label in Outcome.labels:
            assert f">{label}</option>" in page

    def test_offers_a_mark_and_a_comment_for_each_criterion(self, cast, client_for, assigned):
        controls = labelled_controls(client_for(cast.examiner).get(url("assess", assigned)))

        for criterion in marking.scheme_criteria(cast.cohort.marking_scheme):
            assert f"{criterion.name}: mark out of {criterion.max_mark}" in controls
            assert f"Comment on {criterion.name}" in controls

    def test_records_the_assessment_and_returns_to_the_logbook(self, cast, client_for, assigned):
        narrative = cast.cohort.marking_scheme.criteria.get(name="Narrative")

        response = client_for(cast.examiner).post(
            url("assess", assigned),
            assessment_data(**{f"criterion_{narrative.pk}": "Coherent across the weeks."}),
            follow=True,
        )

        assessment = Assessment.objects.get()
        assert (assessment.examiner, assessment.outcome, assessment.mark) == (
            cast.examiner,
            Outcome.ACCREDITED,
            60,
        )
        assert assessment.feedback_html == "<p>Honest and <em>clear</em>.</p>"
        assert assessment.criterion_notes == {str(narrative.pk): "Coherent across the weeks."}
        assert response.redirect_chain[-1][0] == url("reading", assigned)
        assert "Assessment recorded." in messages_of(response)
        assert links(response)["Update your assessment"] == url("assess", assigned)

    def test_updates_the_same_assessment(self, cast, client_for, assigned):
        client = client_for(cast.examiner)
        client.post(url("assess", assigned), assessment_data(Outcome.RESUBMIT, 40))

        form = client.get(url("assess", assigned))
        client.post(url("assess", assigned), assessment_data(Outcome.DISTINCTION, 90))

        assert 'value="4"' in form.content.decode()  # each criterion's mark, kept
        assert list(Assessment.objects.values_list("outcome", "mark")) == [
            (Outcome.DISTINCTION, 90)
        ]

    @pytest.mark.parametrize("forged", ["passed", "ACCREDITED", "accredited ", "<b>x</b>"])
    def test_a_forged_outcome_is_refused_with_a_clear_error(
        self, cast, client_for, assigned, forged
    ):
        response = client_for(cast.examiner).post(url("assess", assigned), assessment_data(forged))

        assert response.status_code == 422
        assert "Choose one of the listed outcomes." in response.content.decode()
        assert not Assessment.objects.exists()

    @pytest.mark.parametrize(
        ("mark", "message"),
        [
            ("11", "Narrative is marked from 0 to 10."),
            ("-1", "Narrative is marked from 0 to 10."),
            ("seven", "Enter a whole number from 0 to 10."),
            ("", "Give Narrative a mark."),
        ],
    )
    def test_a_mark_outside_a_criterion_s_range_is_refused_on_its_field(
        self, cast, client_for, assigned, mark, message
    ):
        narrative = cast.cohort.marking_scheme.criteria.get(name="Narrative")
        data = assessment_data(**{f"mark_{narrative.pk}": mark})

        response = client_for(cast.examiner).post(url("assess", assigned), data)

        assert response.status_code == 422
        assert message in response.content.decode()
        assert "Honest and *clear*." in response.content.decode()  # nothing typed is lost
        assert not Assessment.objects.exists()

    def test_an_outcome_the_total_contradicts_asks_why_on_the_page(
        self, cast, client_for, assigned
    ):
        client = client_for(cast.examiner)
        data = assessment_data(Outcome.ACCREDITED, 10)

        refused = client.post(url("assess", assigned), data)
        kept = client.post(
            url("assess", assigned), {**data, "outcome_reason": "Agreed leave in weeks 5-12."}
        )

        assert refused.status_code == 422
        assert "A total of 10 suggests “Not accredited”." in refused.content.decode()
        assert kept.status_code == 302
        assert Assessment.objects.get().outcome_reason == "Agreed leave in weeks 5-12."

    def test_after_the_decision_the_form_is_gone(self, cast, client_for, assigned):
        decide(cast, assigned, Outcome.ACCREDITED)

        response = client_for(cast.examiner).get(url("assess", assigned))

        assert "assessments are locked" in response.content.decode()
        assert "Record assessment" not in buttons(response)

    def test_after_the_decision_a_post_changes_nothing(self, cast, client_for, assigned):
        client = client_for(cast.examiner)
        client.post(url("assess", assigned), assessment_data(Outcome.ACCREDITED, 70))
        decide(cast, assigned, Outcome.ACCREDITED)

        response = client.post(
            url("assess", assigned), assessment_data(Outcome.NOT_ACCREDITED, 10), follow=True
        )

        assert "The final decision is recorded: assessments are locked." in messages_of(response)
        assert list(Assessment.objects.values_list("outcome", "mark")) == [(Outcome.ACCREDITED, 70)]

    def test_a_second_examiner_records_their_own(self, cast, client_for, assigned):
        services.examiner_assign(submission=assigned, examiner=cast.examiner2, by=cast.coordinator)
        client_for(cast.examiner).post(url("assess", assigned), assessment_data())

        client_for(cast.examiner2).post(url("assess", assigned), assessment_data(Outcome.RESUBMIT))

        assert Assessment.objects.count() == 2

    @pytest.mark.parametrize("who", ["candidate", "mentor"])
    def test_the_candidate_and_mentor_get_403(self, cast, client_for, assigned, who):
        client = client_for(getattr(cast, who))

        assert client.get(url("assess", assigned)).status_code == 403
        assert client.post(url("assess", assigned), assessment_data()).status_code == 403
        assert not Assessment.objects.exists()

    def test_an_unassigned_examiner_gets_404(self, cast, client_for, assigned):
        response = client_for(cast.examiner2).post(url("assess", assigned), assessment_data())

        assert response.status_code == 404
        assert not Assessment.objects.exists()


# --- The mentor's report -----------------------------------------------------------------


@pytest.mark.django_db
class TestMentorHome:
    def test_lists_the_mentees_submissions(self, cast, client_for, submitted):
        response = client_for(cast.mentor).get(MENTOR_HOME)

        page = response.content.decode()
        assert response.status_code == 200
        assert "Cat Candidate" in page
        assert url("mentor_report", submitted) in page

    def test_shows_a_written_report_and_its_mark(self, cast, client_for, submitted):
        write_report(cast, submitted)

        page = client_for(cast.mentor).get(MENTOR_HOME).content.decode()

        assert "Written · 70/100" in page

    def test_another_mentor_sees_nothing_of_it(self, cast, client_for, submitted):
        page = client_for(cast.mentor2).get(MENTOR_HOME).content.decode()

        assert "Cat Candidate" not in page
        assert str(submitted.public_id) not in page


@pytest.mark.django_db
class TestMentorReport:
    def test_saves_the_report_and_returns_to_the_logbook(self, cast, client_for, submitted):
        response = client_for(cast.mentor).post(
            url("mentor_report", submitted), report_data(), follow=True
        )

        report = MentorReport.objects.get()
        assert (report.mentor, report.proposed_mark) == (cast.mentor, 70)
        assert report.body_html == "<p>Worked steadily; <strong>analytical</strong> by week 6.</p>"
        assert response.redirect_chain[-1][0] == url("reading", submitted)
        assert "Your report is saved; the examiners can read it." in messages_of(response)

    def test_is_shown_on_the_examiners_reading_view(self, cast, client_for, assigned):
        client_for(cast.mentor).post(url("mentor_report", assigned), report_data())

        page = client_for(cast.examiner).get(url("reading", assigned)).content.decode()

        assert "Mentor's report · proposed mark 70/100" in page
        assert "<strong>analytical</strong>" in page

    def test_is_not_shown_to_the_candidate_before_the_decision(self, cast, client_for, assigned):
        write_report(cast, assigned, body="Only for the examiner, for now.")
        client = client_for(cast.candidate)

        reading = client.get(url("reading", assigned)).content.decode()
        result = client.get(url("result", assigned)).content.decode()

        assert "Only for the examiner, for now." not in reading
        assert "Only for the examiner, for now." not in result
        assert "Awaiting the decision" in result

    def test_is_shown_to_the_candidate_after_the_decision(self, cast, client_for, assigned):
        write_report(cast, assigned, body="Shown once decided.")
        decide(cast, assigned, Outcome.ACCREDITED)
        client = client_for(cast.candidate)

        assert "Shown once decided." in client.get(url("result", assigned)).content.decode()
        assert "Shown once decided." in client.get(url("reading", assigned)).content.decode()

    def test_a_proposed_mark_out_of_range_is_refused(self, cast, client_for, submitted):
        narrative = cast.cohort.marking_scheme.criteria.get(name="Narrative")
        response = client_for(cast.mentor).post(
            url("mentor_report", submitted), report_data(**{f"mark_{narrative.pk}": "12"})
        )

        assert response.status_code == 422
        assert "Narrative is marked from 0 to 10." in response.content.decode()
        assert not MentorReport.objects.exists()

    def test_cannot_be_changed_after_the_decision(self, cast, client_for, submitted):
        write_report(cast, submitted, body="Before the decision.")
        decide(cast, submitted, Outcome.ACCREDITED)

        response = client_for(cast.mentor).post(
            url("mentor_report", submitted), report_data(body="Rewritten afterwards.")
        )

        assert response.status_code == 422
        assert "can no longer be changed" in response.content.decode()
        assert MentorReport.objects.get().body == "Before the decision."

    def test_another_mentor_gets_404(self, cast, client_for, submitted):
        client = client_for(cast.mentor2)

        assert client.get(url("mentor_report", submitted)).status_code == 404
        assert client.post(url("mentor_report", submitted), report_data()).status_code == 404
        assert not MentorReport.objects.exists()

    @pytest.mark.parametrize("who", ["candidate", "examiner"])
    def test_the_candidate_and_examiner_get_403(self, cast, client_for, assigned, who):
        response = client_for(getattr(cast, who)).post(
            url("mentor_report", assigned), report_data()
        )

        assert response.status_code == 403
        assert not MentorReport.objects.exists()


# --- Coordinator: submissions and examiners ----------------------------------------------


@pytest.mark.django_db
class TestSubmissionList:
    def test_lists_every_submission_with_its_examiners(self, cast, client_for, assigned):
        logbook(cast.enrolment2, [1])
        other = submit(cast.enrolment2)

        response = client_for(cast.coordinator).get(SUBMISSION_LIST)

        page = response.content.decode()
        assert response.status_code == 200
        assert url("submission_manage", assigned) in page
        assert url("submission_manage", other) in page
        assert "None assigned" in page
        assert cast.examiner.full_name in page

    def test_never_shows_logbook_text(self, cast, client_for, assigned):
        page = client_for(cast.coordinator).get(SUBMISSION_LIST).content.decode()

        assert "the partners met and talked" not in page

    @pytest.mark.parametrize("who", ["candidate", "mentor", "examiner"])
    def test_others_get_403(self, cast, client_for, who):
        assert client_for(getattr(cast, who)).get(SUBMISSION_LIST).status_code == 403


@pytest.mark.django_db
class TestSubmissionManage:
    def test_assigns_an_examiner(self, cast, client_for, submitted):
        response = client_for(cast.coordinator).post(
            url("submission_manage", submitted), {"examiner": cast.examiner.pk}, follow=True
        )

        assert ExaminerAssignment.objects.get().examiner == cast.examiner
        # The message names the due date too (issue 12 item 4).
        assert messages_of(response)[0].startswith(f"{cast.examiner.full_name} is assigned, due ")
        assert Notification.objects.filter(recipient=cast.examiner).exists()

    def test_refuses_the_candidates_mentor_with_a_clear_message(self, cast, client_for, submitted):
        cast.mentor.is_examiner = True
        cast.mentor.save()

        response = client_for(cast.coordinator).post(
            url("submission_manage", submitted), {"examiner": cast.mentor.pk}
        )

        assert response.status_code == 422
        assert (
            "The candidate&#x27;s mentor cannot examine their logbook. Choose another examiner."
            in response.content.decode()
        )
        assert not ExaminerAssignment.objects.exists()

    def test_refuses_someone_who_is_not_an_examiner(self, cast, client_for, submitted):
        response = client_for(cast.coordinator).post(
            url("submission_manage", submitted), {"examiner": cast.stranger.pk}
        )

        assert response.status_code == 422
        assert "Choose an examiner from the list." in response.content.decode()
        assert not ExaminerAssignment.objects.exists()

    def test_refuses_a_new_examiner_after_the_decision(self, cast, client_for, assigned):
        decide(cast, assigned, Outcome.ACCREDITED)

        response = client_for(cast.coordinator).post(
            url("submission_manage", assigned), {"examiner": cast.examiner2.pk}
        )

        assert response.status_code == 422
        assert "examiners can no longer be changed" in response.content.decode()
        assert list(ExaminerAssignment.objects.values_list("examiner", flat=True)) == [
            cast.examiner.pk
        ]
        assert client_for(cast.examiner2).get(url("reading", assigned)).status_code == 404

    def test_the_page_shows_the_record_not_the_text(self, cast, client_for, assigned):
        response = client_for(cast.coordinator).get(url("submission_manage", assigned))

        page = response.content.decode()
        assert "3 of 15 weeks covered" in page
        assert "Remove" in buttons(response)
        assert "the partners met and talked" not in page
        assert "What I learned as a broker" not in page

    def test_a_coordinator_cannot_read_the_submission(self, cast, client_for, assigned):
        response = client_for(cast.coordinator).get(url("reading", assigned))

        assert response.status_code == 404


@pytest.mark.django_db
class TestExaminerUnassign:
    def test_removes_the_examiner_whose_next_request_is_a_404(self, cast, client_for, assigned):
        examiner = client_for(cast.examiner)
        assert examiner.get(url("reading", assigned)).status_code == 200

        response = client_for(cast.coordinator).post(
            url("examiner_unassign", assigned, cast.examiner.pk), follow=True
        )

        assert f"{cast.examiner.full_name} is no longer assigned." in messages_of(response)
        assert not ExaminerAssignment.objects.exists()
        examiner = client_for(cast.examiner)
        assert examiner.get(url("reading", assigned)).status_code == 404
        assert examiner.get(url("pdf", assigned)).status_code == 404

    def test_is_refused_after_the_decision(self, cast, client_for, assigned):
        decide(cast, assigned, Outcome.ACCREDITED)

        response = client_for(cast.coordinator).post(
            url("examiner_unassign", assigned, cast.examiner.pk), follow=True
        )

        assert any("examiners can no longer be changed" in m for m in messages_of(response))
        assert ExaminerAssignment.objects.count() == 1

    def test_an_examiner_not_assigned_is_404(self, cast, client_for, assigned):
        response = client_for(cast.coordinator).post(
            url("examiner_unassign", assigned, cast.examiner2.pk)
        )

        assert response.status_code == 404

    def test_get_is_not_allowed(self, cast, client_for, assigned):
        response = client_for(cast.coordinator).get(
            url("examiner_unassign", assigned, cast.examiner.pk)
        )

        assert response.status_code == 405
        assert ExaminerAssignment.objects.count() == 1


# --- Coordinator: criteria and the programme setting --------------------------------------


def criteria_data(weights=None, *, see_comments=False):
    """What the criteria page posts: every existing criterion (weights
    changed as given) and an empty extra row."""
    criteria = list(AssessmentCriterion.objects.filter(scheme__isnull=True))
    weights = weights or [c.weight for c in criteria]
    data = {
        "form-TOTAL_FORMS": str(len(criteria) + 1),
        "form-INITIAL_FORMS": str(len(criteria)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, (criterion, weight) in enumerate(zip(criteria, weights, strict=True)):
        data.update(
            {
                f"form-{index}-id": str(criterion.pk),
                f"form-{index}-name": criterion.name,
                f"form-{index}-description": criterion.description,
                f"form-{index}-weight": str(weight),
                f"form-{index}-max_mark": str(criterion.max_mark),
                f"form-{index}-bands": criterion.bands,
                f"form-{index}-position": str(criterion.position),
            }
        )
    # The empty extra row as the browser posts it (its order field shows 0,
    # its "marked out of" the default 10).
    data[f"form-{len(criteria)}-position"] = "0"
    data[f"form-{len(criteria)}-max_mark"] = "10"
    if see_comments:
        data["setting-examiners_see_mentor_comments"] = "on"
    return data


@pytest.mark.django_db
class TestCriteria:
    def test_lists_the_seeded_criteria_adding_up_to_100(self, cast, client_for):
        response = client_for(cast.coordinator).get(CRITERIA)

        page = response.content.decode()
        assert response.status_code == 200
        for name in ("Narrative", "Weekly aims and strategies", "Personal reflection and learning"):
            assert f'value="{name}"' in page
        assert (
            sum(
                AssessmentCriterion.objects.filter(scheme__isnull=True).values_list(
                    "weight", flat=True
                )
            )
            == 100
        )

    def test_saves_new_weights_that_add_up_to_100(self, cast, client_for):
        response = client_for(cast.coordinator).post(
            CRITERIA, criteria_data([25, 15, 30, 30]), follow=True
        )

        assert "Criteria and settings saved." in messages_of(response)
        assert list(
            AssessmentCriterion.objects.filter(scheme__isnull=True).values_list("weight", flat=True)
        ) == [
            25,
            15,
            30,
            30,
        ]

    def test_refuses_weights_that_do_not_add_up_to_100(self, cast, client_for):
        response = client_for(cast.coordinator).post(CRITERIA, criteria_data([20, 20, 30, 20]))

        assert response.status_code == 422
        assert "The weights add up to 90%; they must add up to 100%." in messages_of(response)
        assert list(
            AssessmentCriterion.objects.filter(scheme__isnull=True).values_list("weight", flat=True)
        ) == [
            20,
            20,
            30,
            30,
        ]

    def test_a_weight_over_100_is_refused(self, cast, client_for):
        response = client_for(cast.coordinator).post(CRITERIA, criteria_data([120, 0, 0, 0]))

        assert response.status_code == 422
        assert (
            AssessmentCriterion.objects.filter(scheme__isnull=True).get(name="Narrative").weight
            == 20
        )

    def test_the_setting_shows_mentor_comments_to_examiners(self, cast, client_for):
        entries = logbook(cast.enrolment, [1])
        comment_post(entry=entries[0], author=cast.mentor, body="What did you try next?")
        submission = submit(cast.enrolment)
        services.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
        reading = url("reading", submission)
        assert "What did you try next?" not in (
            client_for(cast.examiner).get(reading).content.decode()
        )

        client_for(cast.coordinator).post(CRITERIA, criteria_data(see_comments=True))

        assert ProgrammeSetting.current().examiners_see_mentor_comments
        assert "What did you try next?" in client_for(cast.examiner).get(reading).content.decode()

        client_for(cast.coordinator).post(CRITERIA, criteria_data(see_comments=False))

        assert "What did you try next?" not in (
            client_for(cast.examiner).get(reading).content.decode()
        )

    @pytest.mark.parametrize("who", ["candidate", "mentor", "examiner"])
    def test_others_get_403(self, cast, client_for, who):
        assert client_for(getattr(cast, who)).post(CRITERIA, criteria_data()).status_code == 403


# --- Coordinator: the final decision -----------------------------------------------------


@pytest.mark.django_db
class TestDecisionBeforeAnyAssessment:
    def test_is_refused_and_the_page_says_why(self, cast, client_for, assigned):
        client = client_for(cast.coordinator)

        page = client.get(url("submission_manage", assigned)).content.decode()
        response = client.post(url("decision_record", assigned), decision_data())

        assert "The decision is recorded once the examiner&#x27;s assessment is in." in page or (
            "The decision is recorded once the examiner's" in page
        )
        assert "Record decision" not in page
        assert response.status_code == 422
        assert "Waiting for 1 more assessment(s) of 1" in response.content.decode()
        assert not Decision.objects.exists()
        assert not Notification.objects.filter(kind=NotificationKind.DECISION).exists()


@pytest.mark.django_db
class TestDecisionRecord:
    @pytest.fixture(autouse=True)
    def assessed(self, cast, assigned):
        examine(cast, assigned, Outcome.ACCREDITED)

    def test_records_the_decision_and_tells_nobody_until_it_is_released(
        self, cast, client_for, assigned, django_capture_on_commit_callbacks
    ):
        coordinator = client_for(cast.coordinator)
        response = coordinator.post(url("decision_record", assigned), decision_data(), follow=True)

        decision = Decision.objects.get()
        assert (decision.outcome, decision.mark, decision.decided_by) == (
            Outcome.ACCREDITED,
            75,
            cast.coordinator,
        )
        assert "Decision recorded. Release it when the candidate may see it." in (
            messages_of(response)
        )
        decisions = Notification.objects.filter(kind=NotificationKind.DECISION)
        assert not decisions.exists()
        # Issue 12: the result reaches the candidate only when released.
        with django_capture_on_commit_callbacks(execute=True):
            coordinator.post(url("result_release", assigned), {"release-when": "now"})
        notified = set(decisions.values_list("recipient", flat=True))
        assert notified == {cast.candidate.pk, cast.mentor.pk}

    @pytest.mark.parametrize("forged", ["top-marks", "ACCREDITED", ""])
    def test_a_forged_outcome_is_refused_with_a_clear_error(
        self, cast, client_for, assigned, forged
    ):
        response = client_for(cast.coordinator).post(
            url("decision_record", assigned), decision_data(forged)
        )

        assert response.status_code == 422
        page = response.content.decode()
        assert "Choose one of the listed outcomes." in page or "This field is required." in page
        assert not Decision.objects.exists()
        assert not Notification.objects.filter(kind=NotificationKind.DECISION).exists()

    def test_is_recorded_once(self, cast, client_for, assigned):
        client = client_for(cast.coordinator)
        client.post(url("decision_record", assigned), decision_data(Outcome.ACCREDITED))

        response = client.post(
            url("decision_record", assigned), decision_data(Outcome.NOT_ACCREDITED)
        )

        assert response.status_code == 422
        assert "can no longer be changed" in response.content.decode()
        assert Decision.objects.get().outcome == Outcome.ACCREDITED

    def test_get_is_not_allowed(self, cast, client_for, assigned):
        response = client_for(cast.coordinator).get(url("decision_record", assigned))

        assert response.status_code == 405

    @pytest.mark.parametrize("who", ["examiner", "mentor", "candidate"])
    def test_only_a_coordinator_decides(self, cast, client_for, assigned, who):
        response = client_for(getattr(cast, who)).post(
            url("decision_record", assigned), decision_data()
        )

        assert response.status_code == 403
        assert not Decision.objects.exists()


# --- After the decision ------------------------------------------------------------------


@pytest.mark.django_db
class TestResult:
    def test_the_candidate_sees_the_outcome_and_feedback(self, cast, client_for, assigned):
        client_for(cast.examiner).post(
            url("assess", assigned), assessment_data(feedback="The examiner's **view**.")
        )
        coordinator = client_for(cast.coordinator)
        coordinator.post(url("decision_record", assigned), decision_data())
        candidate = client_for(cast.candidate)
        before = candidate.get(url("result", assigned)).content.decode()
        client_for(cast.coordinator).post(url("result_release", assigned), {"release-when": "now"})

        response = client_for(cast.candidate).get(url("result", assigned))

        assert "Outcome:" not in before and "is with the examiners" in before
        page = response.content.decode()
        assert "Outcome: Accredited" in page
        assert "final mark 75/100" in page
        assert "Well done: <em>accredited</em>." in page
        assert "The examiner&#x27;s <strong>view</strong>." in page or (
            "The examiner's <strong>view</strong>." in page
        )

    def test_the_mentor_sees_it_too(self, cast, client_for, assigned):
        decide(cast, assigned, Outcome.ACCREDITED)

        response = client_for(cast.mentor).get(url("result", assigned))

        assert "Outcome: Accredited" in response.content.decode()

    def test_resubmission_required_offers_to_submit_again(self, cast, client_for, assigned):
        decide(cast, assigned, Outcome.RESUBMIT)

        response = client_for(cast.candidate).get(url("result", assigned))

        assert "Outcome: Resubmission required" in response.content.decode()
        assert links(response)["Submit for examination again"] == reverse("examinations:submit")

    def test_another_candidate_gets_404(self, cast, client_for, assigned):
        decide(cast, assigned, Outcome.ACCREDITED)

        assert client_for(cast.candidate2).get(url("result", assigned)).status_code == 404

    def test_the_notification_leads_to_the_result(self, cast, client_for, assigned):
        decide(cast, assigned, Outcome.ACCREDITED)

        notice = Notification.objects.get(recipient=cast.candidate, kind=NotificationKind.DECISION)

        assert notice.url == url("result", assigned)


# --- Empty and odd posts -----------------------------------------------------------------


@pytest.mark.django_db
class TestEmptyPosts:
    """An empty POST is a refused form (422, with what is missing), never a
    silent 200 that looks like a fresh page."""

    def test_to_the_assessment(self, cast, client_for, assigned):
        response = client_for(cast.examiner).post(url("assess", assigned), {})

        assert response.status_code == 422
        assert "This field is required." in response.content.decode()
        assert not Assessment.objects.exists()

    def test_to_the_mentors_report(self, cast, client_for, submitted):
        response = client_for(cast.mentor).post(url("mentor_report", submitted), {})

        assert response.status_code == 422
        assert not MentorReport.objects.exists()

    def test_to_the_examiner_assignment(self, cast, client_for, submitted):
        response = client_for(cast.coordinator).post(url("submission_manage", submitted), {})

        assert response.status_code == 422
        assert "This field is required." in response.content.decode()

    def test_to_the_criteria(self, cast, client_for):
        response = client_for(cast.coordinator).post(CRITERIA, {})

        assert response.status_code == 422
        assert (
            sum(
                AssessmentCriterion.objects.filter(scheme__isnull=True).values_list(
                    "weight", flat=True
                )
            )
            == 100
        )
