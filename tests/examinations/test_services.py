"""Examination services: submitting, the frozen copy (enforced by PostgreSQL),
the content hash, examiners, the mentor's report, assessments, the decision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import IntegrityError, InternalError

from entries.services import headings_apply_preset
from examinations import assessing, marking, release, services
from examinations.models import (
    Assessment,
    Decision,
    ExaminerAssignment,
    MentorReport,
    Outcome,
    Submission,
    SubmittedEntry,
    SubmittedSection,
)
from pbas_logbook.models import Enrolment, EnrolmentStatus, Notification, NotificationKind
from tests.examinations.conftest import (
    HEADINGS,
    decide,
    edit,
    examine,
    logbook,
    marks_for,
    submit,
    write,
    write_paper,
)

FROZEN_REFUSED = (IntegrityError, InternalError)


def frozen_rows(submission):
    """(entry, [sections]) pairs read back from the database."""
    entries = SubmittedEntry.objects.filter(submission=submission).prefetch_related("sections")
    return [(e, list(e.sections.all())) for e in entries]


def assess(submission, examiner, outcome=Outcome.ACCREDITED, total=70):
    """An assessment on the rubric (issue 12: the total is computed from the
    criterion marks, a multiple of 10 on the default sheet; an outcome
    outside the total's band carries a reason)."""
    scheme = submission.enrolment.cohort.marking_scheme
    agrees = outcome in Outcome.values and marking.suggested_outcome(scheme, total) == outcome
    return assessing.assessment_record(
        submission=submission,
        examiner=examiner,
        outcome=outcome,
        criterion_marks=marks_for(submission, total),
        outcome_reason="" if agrees else "Read against the bands.",
        feedback="Clear and **honest**.",
        criterion_notes={},
    )


# --- Submitting ------------------------------------------------------------------------


@pytest.mark.django_db
class TestSubmissionCreate:
    def test_copies_the_shared_entries_and_not_the_drafts(self, cast, submitted):
        copies = list(submitted.entries.all())

        assert [c.week for c in copies] == [1, 2, 3]
        assert "A private draft" not in [c.title for c in copies]
        assert submitted.weeks_covered == 3
        assert submitted.programme_weeks == 15

    def test_copies_sections_under_the_headings_they_were_written_under(self, cast):
        headings_apply_preset(enrolment=cast.enrolment, key="short")
        entry = write(
            cast.enrolment,
            1,
            title="Ground rules",
            aims="Agree *ground rules*.",
            bodies=["Slow start.", "", "The clinic offered a room.", "", "Phone, not email."],
            phases=["scoping"],
            tools=["Ground rules"],
        )
        # The headings change later; the entry keeps its own.
        headings_apply_preset(enrolment=cast.enrolment, key="rolfe")
        write_paper(cast.enrolment)

        submission = submit(cast.enrolment)

        copy = submission.entries.get()
        assert copy.source_public_id == entry.public_id
        assert copy.title == "Ground rules"
        assert copy.aims_html == "<p>Agree <em>ground rules</em>.</p>"
        assert copy.phases == ["scoping"]
        assert copy.tools == ["Ground rules"]
        assert [s.heading_title for s in copy.sections.all()] == HEADINGS
        assert [s.body for s in copy.sections.all()][2] == "The clinic offered a room."
        assert copy.sections.all()[0].body_html == "<p>Slow start.</p>"

    def test_copies_the_final_paper_and_the_cover_facts(self, cast, submitted):
        assert submitted.paper_title == "My journey"
        assert submitted.paper_body.startswith("## My journey")
        assert "<h2>My journey</h2>" in submitted.paper_html
        assert submitted.candidate_name == "Cat Candidate"
        assert submitted.cohort_name == "Spring intake"
        assert submitted.version == 1
        assert submitted.submitted_by == cast.candidate

    def test_marks_the_enrolment_submitted(self, cast, submitted):
        cast.enrolment.refresh_from_db()

        assert cast.enrolment.status == EnrolmentStatus.SUBMITTED

    def test_emails_the_candidate_a_receipt_and_tells_the_mentor(
        self, cast, mailoutbox, django_capture_on_commit_callbacks
    ):
        logbook(cast.enrolment, [1])

        with django_capture_on_commit_callbacks(execute=True):
            submission = submit(cast.enrolment)

        receipts = [m for m in mailoutbox if m.to == [cast.candidate.email]]
        assert len(receipts) == 1
        assert submission.content_hash in receipts[0].body
        assert Notification.objects.filter(
            recipient=cast.mentor, kind=NotificationKind.SUBMISSION
        ).exists()

    def test_the_same_confirmation_twice_makes_one_submission(self, cast, submitted):
        again = submit(cast.enrolment, version=1)

        assert again.pk == submitted.pk
        assert Submission.objects.filter(enrolment=cast.enrolment).count() == 1
        assert SubmittedEntry.objects.filter(submission=submitted).count() == 3

    def test_version_two_follows_resubmission_required(self, cast, submitted):
        decide(cast, submitted, Outcome.RESUBMIT)
        write(cast.enrolment, 4, title="Added for version 2")

        second = submit(cast.enrolment, version=2)

        assert second.version == 2
        assert [e.week for e in second.entries.all()] == [1, 2, 3, 4]
        assert [e.week for e in submitted.entries.all()] == [1, 2, 3]

    def test_refuses_a_logbook_with_no_shared_entries(self, cast):
        logbook(cast.enrolment, [], drafts=[1, 2])

        with pytest.raises(ValidationError) as refused:
            submit(cast.enrolment)

        assert "You have no shared entries" in " ".join(refused.value.messages)
        assert not Submission.objects.exists()

    def test_refuses_a_logbook_without_a_final_paper(self, cast):
        logbook(cast.enrolment, [1, 2], paper=False)

        with pytest.raises(ValidationError) as refused:
            submit(cast.enrolment)

        assert "Your final paper is missing" in " ".join(refused.value.messages)
        assert not Submission.objects.exists()

    def test_refuses_an_empty_final_paper(self, cast):
        logbook(cast.enrolment, [1], paper=False)
        write_paper(cast.enrolment, body="   ")

        with pytest.raises(ValidationError, match="final paper is missing"):
            submit(cast.enrolment)

    def test_refuses_a_new_version_while_one_awaits_a_decision(self, cast, submitted):
        with pytest.raises(ValidationError) as refused:
            submit(cast.enrolment, version=2)

        assert "Version 1 is already submitted and awaiting examination." in refused.value.messages
        assert Submission.objects.count() == 1

    def test_refuses_a_new_version_after_accreditation(self, cast, submitted):
        decide(cast, submitted, Outcome.ACCREDITED)

        with pytest.raises(ValidationError, match="has been decided"):
            submit(cast.enrolment, version=2)

    def test_refuses_an_out_of_date_confirmation_page(self, cast, submitted):
        decide(cast, submitted, Outcome.RESUBMIT)

        with pytest.raises(ValidationError, match="out of date"):
            submit(cast.enrolment, version=3)

    @pytest.mark.parametrize("who", ["mentor", "examiner", "coordinator", "candidate2"])
    def test_only_the_candidate_can_submit(self, cast, who):
        logbook(cast.enrolment, [1])

        with pytest.raises(PermissionDenied):
            services.submission_create(
                enrolment=cast.enrolment, by=getattr(cast, who), expected_version=1
            )

        assert not Submission.objects.exists()


# --- The frozen copy ---------------------------------------------------------------------


def refused_sql(sql, params=()):
    """Run ``sql`` in a savepoint; return the database's refusal."""
    with (
        pytest.raises(FROZEN_REFUSED) as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return refused.value


@pytest.mark.django_db
class TestFrozenInTheDatabase:
    def test_raw_sql_cannot_update_a_section(self, submitted):
        section = SubmittedSection.objects.filter(entry__submission=submitted).first()

        error = refused_sql("UPDATE examinations_submittedsection SET body = 'x'")

        assert "frozen" in str(error)
        assert SubmittedSection.objects.get(pk=section.pk).body == section.body

    def test_raw_sql_cannot_delete_an_entry(self, submitted):
        error = refused_sql("DELETE FROM examinations_submittedentry")

        assert "frozen" in str(error)
        assert SubmittedEntry.objects.filter(submission=submitted).count() == 3

    def test_raw_sql_cannot_update_the_submission(self, submitted):
        refused_sql("UPDATE examinations_submission SET paper_body = 'x'")

        assert Submission.objects.get(pk=submitted.pk).paper_body == submitted.paper_body

    def test_raw_sql_cannot_delete_a_section(self, submitted):
        refused_sql(
            "DELETE FROM examinations_submittedsection WHERE entry_id IN "
            "(SELECT id FROM examinations_submittedentry WHERE submission_id = %s)",
            [submitted.pk],
        )

        assert SubmittedSection.objects.filter(entry__submission=submitted).count() == 15

    def test_orm_save_is_refused(self, submitted):
        submitted.paper_body = "Rewritten with hindsight."
        with pytest.raises(FROZEN_REFUSED), transaction.atomic():
            submitted.save()

        assert Submission.objects.get(pk=submitted.pk).paper_body.startswith("## My journey")

    def test_orm_save_of_an_entry_is_refused(self, submitted):
        entry = submitted.entries.first()
        entry.title = "Better title"
        with pytest.raises(FROZEN_REFUSED), transaction.atomic():
            entry.save()

        assert SubmittedEntry.objects.get(pk=entry.pk).title == "Week 1 notes"

    def test_orm_delete_of_a_section_is_refused(self, submitted):
        section = SubmittedSection.objects.filter(entry__submission=submitted).first()
        with pytest.raises(FROZEN_REFUSED), transaction.atomic():
            section.delete()

        assert SubmittedSection.objects.filter(pk=section.pk).exists()

    def test_queryset_update_is_refused(self, submitted):
        with pytest.raises(FROZEN_REFUSED), transaction.atomic():
            SubmittedSection.objects.filter(entry__submission=submitted).update(body="x")

        assert not SubmittedSection.objects.filter(body="x").exists()

    def test_editing_the_live_entry_leaves_the_submission_unchanged(self, cast, submitted):
        live = cast.enrolment.entries.get(week=2)
        before = [(s.heading_title, s.body) for s in submitted.entries.get(week=2).sections.all()]

        edit(live, title="Rewritten", bodies=["Hindsight."] + [""] * 4)

        frozen = Submission.objects.get(pk=submitted.pk)
        copy = frozen.entries.get(week=2)
        assert copy.title == "Week 2 notes"
        assert [(s.heading_title, s.body) for s in copy.sections.all()] == before
        assert frozen.content_hash == submitted.content_hash
        assert services.content_hash(frozen, frozen_rows(frozen)) == submitted.content_hash
        live.refresh_from_db()
        assert live.title == "Rewritten"

    def test_the_candidate_keeps_writing_after_submitting(self, cast, submitted):
        write(cast.enrolment, 5, title="After submission")

        assert cast.enrolment.entries.filter(title="After submission").exists()
        assert submitted.entries.count() == 3


# --- Content hash ------------------------------------------------------------------------


@pytest.mark.django_db
class TestContentHash:
    def test_is_a_sha256_recomputable_from_the_rows(self, submitted):
        assert len(submitted.content_hash) == 64
        frozen = Submission.objects.get(pk=submitted.pk)

        assert services.content_hash(frozen, frozen_rows(frozen)) == submitted.content_hash

    def test_changes_when_one_word_of_a_section_differs(self, submitted):
        rows = frozen_rows(submitted)
        rows[1][1][0].body += "!"

        assert services.content_hash(submitted, rows) != submitted.content_hash

    def test_changes_when_the_paper_or_a_tag_differs(self, submitted):
        rows = frozen_rows(submitted)
        rows[0][0].tools = ["SWOT analysis"]
        assert services.content_hash(submitted, rows) != submitted.content_hash

        submitted.paper_body += " More."
        assert services.content_hash(submitted, frozen_rows(submitted)) != (
            Submission.objects.get(pk=submitted.pk).content_hash
        )

    def test_the_same_logbook_gives_the_same_hash(self, cast, submitted):
        """Cy writes exactly what Cat wrote, under a same-named cohort and name:
        the hash depends on content only, not on ids or dates."""
        cast.candidate2.full_name = cast.candidate.full_name
        cast.candidate2.save()
        logbook(cast.enrolment2, [1, 2, 3])

        other = submit(cast.enrolment2)

        assert other.content_hash == submitted.content_hash


# --- Examiners ---------------------------------------------------------------------------


@pytest.mark.django_db
class TestExaminerAssign:
    def test_assigns_and_notifies_the_examiner(self, cast, submitted):
        assignment = services.examiner_assign(
            submission=submitted, examiner=cast.examiner, by=cast.coordinator
        )

        assert assignment.assigned_by == cast.coordinator
        assert Submission.objects.visible_to(cast.examiner).get() == submitted
        assert Notification.objects.filter(recipient=cast.examiner).count() == 1

    def test_assigning_twice_keeps_one_assignment(self, cast, submitted):
        for _ in range(2):
            services.examiner_assign(
                submission=submitted, examiner=cast.examiner, by=cast.coordinator
            )

        assert ExaminerAssignment.objects.count() == 1
        assert Notification.objects.filter(recipient=cast.examiner).count() == 1

    def test_refuses_the_candidates_mentor_with_a_clear_message(self, cast, submitted):
        cast.mentor.is_examiner = True
        cast.mentor.save()

        with pytest.raises(ValidationError) as refused:
            services.examiner_assign(
                submission=submitted, examiner=cast.mentor, by=cast.coordinator
            )

        assert refused.value.message_dict["examiner"] == [services.MENTOR_CANNOT_EXAMINE]
        assert "mentor cannot examine" in services.MENTOR_CANNOT_EXAMINE
        assert not ExaminerAssignment.objects.exists()

    def test_refuses_someone_who_is_not_an_examiner(self, cast, submitted):
        with pytest.raises(ValidationError, match="not an active examiner"):
            services.examiner_assign(
                submission=submitted, examiner=cast.stranger, by=cast.coordinator
            )

    def test_refuses_a_deactivated_examiner(self, cast, submitted):
        cast.examiner.is_active = False
        cast.examiner.save()

        with pytest.raises(ValidationError, match="not an active examiner"):
            services.examiner_assign(
                submission=submitted, examiner=cast.examiner, by=cast.coordinator
            )

    def test_another_candidates_mentor_may_examine(self, cast, submitted):
        cast.mentor2.is_examiner = True
        cast.mentor2.save()

        services.examiner_assign(submission=submitted, examiner=cast.mentor2, by=cast.coordinator)

        assert submitted.assignments.get().examiner == cast.mentor2

    def test_unassign_revokes_access_at_once(self, cast, submitted):
        services.examiner_assign(submission=submitted, examiner=cast.examiner, by=cast.coordinator)

        services.examiner_unassign(submission=submitted, examiner=cast.examiner)

        assert not Submission.objects.visible_to(cast.examiner).exists()
        with pytest.raises(PermissionDenied):
            assess(submitted, cast.examiner)

    def test_unassign_is_refused_after_the_decision(self, cast, submitted):
        services.examiner_assign(submission=submitted, examiner=cast.examiner, by=cast.coordinator)
        decide(cast, submitted, Outcome.ACCREDITED)

        with pytest.raises(ValidationError):
            services.examiner_unassign(submission=submitted, examiner=cast.examiner)

        assert submitted.assignments.count() == 1


# --- Mentor's report ---------------------------------------------------------------------


@pytest.mark.django_db
class TestMentorReportSave:
    def save(self, submission, mentor, **extra):
        return assessing.mentor_report_save(
            submission=submission,
            mentor=mentor,
            body=extra.get("body", "Honest and *analytical*."),
            criterion_marks=marks_for(submission, extra.get("total", 70)),
            criterion_notes=extra.get("criterion_notes", {}),
        )

    def test_the_mentor_writes_and_rewrites_one_report(self, cast, submitted):
        criterion = marking.scheme_criteria(cast.enrolment.cohort.marking_scheme)[0]
        self.save(submitted, cast.mentor, criterion_notes={str(criterion.pk): "Clear."})
        report = self.save(submitted, cast.mentor, total=80)

        assert MentorReport.objects.count() == 1
        # issue 12: the proposed mark is computed from the proposed criterion marks.
        assert report.proposed_mark == 80
        assert report.criterion_marks == marks_for(submitted, 80)
        assert report.body_html == "<p>Honest and <em>analytical</em>.</p>"

    def test_a_typed_proposed_mark_is_ignored(self, cast, submitted):
        # issue 12: the sheet has criteria, so the total is theirs, not typed.
        report = assessing.mentor_report_save(
            submission=submitted,
            mentor=cast.mentor,
            body="Honest.",
            criterion_marks=marks_for(submitted, 60),
            proposed_mark=95,
            criterion_notes={},
        )

        assert report.proposed_mark == 60

    def test_another_mentor_is_refused(self, cast, submitted):
        with pytest.raises(PermissionDenied):
            self.save(submitted, cast.mentor2)

        assert not MentorReport.objects.exists()

    def test_is_refused_after_the_decision(self, cast, submitted):
        decide(cast, submitted, Outcome.ACCREDITED)

        with pytest.raises(ValidationError):
            self.save(submitted, cast.mentor)


# --- Assessments and the decision ------------------------------------------------------


@pytest.fixture
def examined(cast, submitted):
    """Cat's version 1, assigned to both examiners."""
    for examiner in (cast.examiner, cast.examiner2):
        services.examiner_assign(submission=submitted, examiner=examiner, by=cast.coordinator)
    return submitted


@pytest.mark.django_db
class TestAssessmentRecord:
    def test_each_examiner_records_their_own(self, cast, examined):
        assess(examined, cast.examiner, Outcome.ACCREDITED, 70)
        assess(examined, cast.examiner2, Outcome.DISTINCTION, 80)

        outcomes = dict(examined.assessments.values_list("examiner__email", "outcome"))
        assert outcomes == {
            cast.examiner.email: Outcome.ACCREDITED,
            cast.examiner2.email: Outcome.DISTINCTION,
        }

    def test_an_examiner_may_revise_before_the_decision(self, cast, examined):
        first = assess(examined, cast.examiner, Outcome.RESUBMIT, 40)
        second = assess(examined, cast.examiner, Outcome.ACCREDITED, 60)

        assert second.pk == first.pk
        assert Assessment.objects.get().outcome == Outcome.ACCREDITED
        assert second.mark == 60
        assert second.recorded_at == first.recorded_at
        assert second.feedback_html == "<p>Clear and <strong>honest</strong>.</p>"

    def test_an_unassigned_examiner_is_refused(self, cast, submitted):
        with pytest.raises(PermissionDenied):
            assess(submitted, cast.examiner)

        assert not Assessment.objects.exists()

    def test_the_mentor_is_refused(self, cast, examined):
        with pytest.raises(PermissionDenied):
            assess(examined, cast.mentor)

    @pytest.mark.parametrize("forged", ["passed", "", "ACCREDITED", "accredited "])
    def test_a_forged_outcome_is_refused(self, cast, examined, forged):
        with pytest.raises(ValidationError) as refused:
            assess(examined, cast.examiner, forged)

        assert "outcome" in refused.value.message_dict
        assert not Assessment.objects.exists()

    def test_nothing_changes_after_the_decision(self, cast, examined):
        assess(examined, cast.examiner, Outcome.ACCREDITED, 70)
        decide(cast, examined, Outcome.ACCREDITED)

        with pytest.raises(ValidationError, match="final decision is recorded"):
            assess(examined, cast.examiner, Outcome.NOT_ACCREDITED, 10)
        with pytest.raises(ValidationError):
            assess(examined, cast.examiner2, Outcome.NOT_ACCREDITED, 10)

        kept = {
            e: (o, m)
            for e, o, m in Assessment.objects.values_list("examiner__email", "outcome", "mark")
        }
        assert kept == {
            # issue 12: the decision waits for every assigned examiner, so
            # decide() had examiner2 assess (accredited, 60) first.
            cast.examiner.email: (Outcome.ACCREDITED, 70),
            cast.examiner2.email: (Outcome.ACCREDITED, 60),
        }

    def test_the_total_is_computed_and_a_typed_mark_ignored(self, cast, examined):
        # issue 12: the mark is the criteria's weighted total.
        assessment = assessing.assessment_record(
            submission=examined,
            examiner=cast.examiner,
            outcome=Outcome.ACCREDITED,
            criterion_marks=marks_for(examined, 60),
            mark=99,
            feedback="",
            criterion_notes={},
        )

        assert assessment.mark == 60
        assert assessment.criterion_marks == marks_for(examined, 60)

    def test_an_outcome_against_the_band_needs_a_reason(self, cast, examined):
        # issue 12: a total of 40 suggests resubmission; accredited needs a reason.
        record = {
            "submission": examined,
            "examiner": cast.examiner,
            "outcome": Outcome.ACCREDITED,
            "criterion_marks": marks_for(examined, 40),
            "feedback": "",
            "criterion_notes": {},
        }
        with pytest.raises(ValidationError) as refused:
            assessing.assessment_record(**record)
        assert "outcome_reason" in refused.value.message_dict
        assert not Assessment.objects.exists()

        kept = assessing.assessment_record(**record, outcome_reason="The analysis carries it.")

        assert kept.outcome_reason == "The analysis carries it."


def decision_notified():
    return set(
        Notification.objects.filter(kind=NotificationKind.DECISION).values_list(
            "recipient__email", flat=True
        )
    )


@pytest.mark.django_db
class TestDecisionRecord:
    def test_notifies_the_candidate_and_the_mentor_at_release(self, cast, examined):
        # issue 12: the decision tells no one; its release does.
        decide(cast, examined, Outcome.ACCREDITED, released=False)
        assert decision_notified() == set()

        release.release_set(decision=examined.decision, by=cast.coordinator)
        release.tell_due()

        assert decision_notified() == {cast.candidate.email, cast.mentor.email}

    @pytest.mark.parametrize(
        ("outcome", "status"),
        [
            (Outcome.ACCREDITED, EnrolmentStatus.ACCREDITED),
            (Outcome.DISTINCTION, EnrolmentStatus.ACCREDITED),
            (Outcome.RESUBMIT, EnrolmentStatus.ACTIVE),
            (Outcome.NOT_ACCREDITED, EnrolmentStatus.ACTIVE),
        ],
    )
    def test_sets_the_enrolment_status_at_release(self, cast, examined, outcome, status):
        # issue 12: the status stays "submitted" until the result is released.
        decide(cast, examined, outcome, released=False)
        assert Enrolment.objects.get(pk=cast.enrolment.pk).status == EnrolmentStatus.SUBMITTED

        release.release_set(decision=examined.decision, by=cast.coordinator)
        release.tell_due()

        assert Enrolment.objects.get(pk=cast.enrolment.pk).status == status

    @pytest.mark.parametrize("who", ["examiner", "mentor", "candidate"])
    def test_only_a_coordinator_decides(self, cast, examined, who):
        with pytest.raises(PermissionDenied):
            assessing.decision_record(
                submission=examined,
                by=getattr(cast, who),
                outcome=Outcome.ACCREDITED,
                mark=None,
                feedback="",
            )

    def test_a_forged_outcome_is_refused(self, cast, examined):
        examine(cast, examined, Outcome.ACCREDITED, examiner=cast.examiner)
        examine(cast, examined, Outcome.ACCREDITED, examiner=cast.examiner2)

        with pytest.raises(ValidationError) as refused:
            assessing.decision_record(
                submission=examined, by=cast.coordinator, outcome="top-marks", mark=60, feedback=""
            )

        assert "outcome" in refused.value.message_dict
        assert not Decision.objects.exists()

    def test_waits_for_every_assigned_examiner(self, cast, examined):
        # issue 12: refused until both assigned examiners have assessed.
        examine(cast, examined, Outcome.ACCREDITED, examiner=cast.examiner)

        with pytest.raises(ValidationError, match="Waiting for 1 more assessment"):
            assessing.decision_record(
                submission=examined,
                by=cast.coordinator,
                outcome=Outcome.ACCREDITED,
                mark=60,
                feedback="",
            )
        assert not Decision.objects.exists()

        examine(cast, examined, Outcome.ACCREDITED, examiner=cast.examiner2)
        decision = assessing.decision_record(
            submission=examined,
            by=cast.coordinator,
            outcome=Outcome.ACCREDITED,
            mark=60,
            feedback="",
        )

        assert decision.outcome == Outcome.ACCREDITED

    def test_disagreeing_assessments_need_a_mark_and_a_reason(self, cast, examined):
        # issue 12: moderation when the examiners' outcomes differ.
        examine(cast, examined, Outcome.ACCREDITED, examiner=cast.examiner)
        examine(cast, examined, Outcome.RESUBMIT, examiner=cast.examiner2)
        record = {
            "submission": examined,
            "by": cast.coordinator,
            "outcome": Outcome.RESUBMIT,
            "feedback": "",
        }

        with pytest.raises(ValidationError) as refused:
            assessing.decision_record(**record, mark=None)
        assert set(refused.value.message_dict) == {"mark", "moderation_reason"}

        decision = assessing.decision_record(**record, mark=45, moderation_reason="Agreed.")

        assert (decision.mark, decision.moderation_reason) == (45, "Agreed.")

    def test_is_recorded_once(self, cast, examined):
        decide(cast, examined, Outcome.ACCREDITED)

        with pytest.raises(ValidationError):
            decide(cast, examined, Outcome.NOT_ACCREDITED)

        assert examined.__class__.objects.get(pk=examined.pk).decision.outcome == (
            Outcome.ACCREDITED
        )
