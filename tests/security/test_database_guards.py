"""Frozen means frozen, in PostgreSQL itself (issue 11, item 9).

Every guard is tried with raw SQL, as a console session or a bad script
would: the services refuse the same with a message, but these rules hold
for whatever bypasses them. ``pbas.maintenance`` (pbas_logbook/db_guards.py)
is the one switch that lifts the switchable guards; the app never sets it.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction

from examinations import assessing
from examinations.models import (
    Assessment,
    Decision,
    MentorReport,
    Outcome,
    ResultRelease,
    SubmissionPdf,
)
from pbas_logbook.db_guards import MAINTENANCE_SETTING, maintenance
from tests.examinations.conftest import decide, examine, logbook, marks_for, submit
from tests.layout import PRODUCT_APPS

ROOT = Path(__file__).resolve().parents[2]

KEPT_TABLES = [
    "examinations_submission",
    "examinations_submittedentry",
    "examinations_submittedsection",
    "examinations_submissionpdf",
    "examinations_mentorreport",
    "examinations_assessment",
    "examinations_decision",
    "examinations_finalpaper",
    "examinations_resultrelease",
    "entries_entry",
    "entries_entrysection",
    "mentors_comment",
    "pbas_logbook_auditevent",
    "pbas_logbook_textrevision",
    "research_consentevent",
]


def run(sql, params=None):
    """One statement in its own savepoint, so a refusal leaves the test's
    transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        settle_deferred_checks(cursor)
        cursor.execute(sql, params)
        return cursor.rowcount


def settle_deferred_checks(cursor):
    """PostgreSQL refuses TRUNCATE of a table with foreign-key checks still
    deferred in this transaction (the fixtures' rows): run them first, so
    what answers is the guard."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def refused(sql, params=None):
    with pytest.raises(IntegrityError) as caught:
        run(sql, params)
    return str(caught.value)


@pytest.fixture
def submitted(cast):
    logbook(cast.enrolment, [1, 2])
    return submit(cast.enrolment)


@pytest.fixture
def reported(cast, submitted):
    assessing.mentor_report_save(
        submission=submitted,
        mentor=cast.mentor,
        body="Thoughtful throughout.",
        criterion_marks=marks_for(submitted, 70),
        criterion_notes={},
    )
    examine(cast, submitted, Outcome.ACCREDITED)
    return submitted


@pytest.fixture
def decided(cast, reported):
    decide(cast, reported, Outcome.ACCREDITED)
    return reported


# --- TRUNCATE -------------------------------------------------------------------------


@pytest.mark.django_db
class TestTruncate:
    @pytest.mark.parametrize("table", KEPT_TABLES)
    def test_is_refused_on_every_kept_table(self, table):
        message = refused(f"TRUNCATE {table} CASCADE")

        assert "TRUNCATE is refused outside maintenance" in message

    def test_a_cascade_from_the_people_table_is_refused(self, decided):
        refused("TRUNCATE pbas_logbook_user CASCADE")

        assert Decision.objects.filter(submission=decided).exists()

    def test_maintenance_allows_it_and_the_guard_is_back_after(self, decided):
        with transaction.atomic(), connection.cursor() as cursor:
            settle_deferred_checks(cursor)
            with maintenance(cursor):
                cursor.execute("TRUNCATE examinations_submission CASCADE")
            assert not Decision.objects.exists()
            with pytest.raises(IntegrityError), transaction.atomic():
                cursor.execute("TRUNCATE entries_entry CASCADE")

    @pytest.mark.django_db(transaction=True)  # a real transaction, not a savepoint
    def test_the_switch_ends_with_the_transaction(self):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [MAINTENANCE_SETTING])
        refused("TRUNCATE entries_entry CASCADE")

    def test_the_switch_needs_a_transaction(self):
        # In autocommit set_config(..., true) would last one statement only.
        autocommit = SimpleNamespace(db=SimpleNamespace(in_atomic_block=False))

        with pytest.raises(RuntimeError, match="needs a transaction"), maintenance(autocommit):
            pass


# --- The decision, the assessments and the mentor's report ------------------------------


@pytest.mark.django_db
class TestReleasedResults:
    def test_a_decision_cannot_be_changed_or_removed(self, decided):
        refused("UPDATE examinations_decision SET outcome = 'resubmit'")
        refused("DELETE FROM examinations_decision")

        assert Decision.objects.get(submission=decided).outcome == Outcome.ACCREDITED

    @pytest.mark.parametrize("table", ["examinations_assessment", "examinations_mentorreport"])
    def test_after_the_decision_nothing_changes(self, decided, table):
        column = "feedback" if table == "examinations_assessment" else "body"
        message = refused(f"UPDATE {table} SET {column} = 'rewritten'")
        refused(f"DELETE FROM {table}")

        assert "the final decision on this submission is recorded" in message

    def test_after_the_decision_no_assessment_is_added(self, cast, decided):
        refused(
            "INSERT INTO examinations_assessment (submission_id, examiner_id, outcome, mark,"
            " feedback, feedback_html, criterion_notes, criterion_marks, outcome_reason,"
            " recorded_at, updated_at)"
            " VALUES (%s, %s, 'resubmit', 10, 'late', '', '{}', '{}', '', now(), now())",
            [decided.pk, cast.examiner2.pk],
        )

        assert Assessment.objects.filter(submission=decided).count() == 1

    def test_an_assessment_cannot_be_moved_onto_a_decided_submission(self, cast, decided):
        # An UPDATE is checked for where the row goes as well as where it was.
        logbook(cast.enrolment2, [1])
        undecided = submit(cast.enrolment2)
        examine(cast, undecided, Outcome.ACCREDITED, examiner=cast.examiner2)
        moved = Assessment.objects.get(submission=undecided)

        message = refused(
            "UPDATE examinations_assessment SET submission_id = %s WHERE id = %s",
            [decided.pk, moved.pk],
        )
        assert "the final decision on this submission is recorded" in message

    def test_before_the_decision_the_examiner_and_mentor_may_revise(self, reported):
        assert run("UPDATE examinations_assessment SET feedback = 'revised'") == 1
        assert run("UPDATE examinations_mentorreport SET body = 'revised'") == 1

    def test_maintenance_lifts_the_release_guards(self, decided):
        with transaction.atomic(), connection.cursor() as cursor, maintenance(cursor):
            cursor.execute("UPDATE examinations_mentorreport SET body = 'corrected'")
            cursor.execute("UPDATE examinations_decision SET feedback = 'corrected'")

        assert MentorReport.objects.get(submission=decided).body == "corrected"

    def test_maintenance_never_lifts_the_frozen_copy(self, decided):
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            maintenance(cursor),
            pytest.raises(IntegrityError),
            transaction.atomic(),
        ):
            cursor.execute("UPDATE examinations_submittedsection SET body = 'rewritten'")

    def test_the_services_still_answer_with_a_message(self, cast, decided):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="final decision is recorded"):
            assessing.mentor_report_save(
                submission=decided,
                mentor=cast.mentor,
                body="Changed my mind.",
                criterion_marks=marks_for(decided, 40),
                criterion_notes={},
            )


# --- Stored PDFs -----------------------------------------------------------------------------


@pytest.mark.django_db
class TestStoredPdfs:
    @pytest.fixture
    def stored(self, submitted):
        return SubmissionPdf.objects.create(
            submission=submitted, paper_first=True, layout="layout-a", content=b"%PDF-a"
        )

    def test_a_stored_pdf_is_never_rewritten(self, stored):
        message = refused("UPDATE examinations_submissionpdf SET content = 'forged'")

        assert "kept as laid out" in message
        stored.refresh_from_db()
        assert bytes(stored.content) == b"%PDF-a"

    def test_the_only_copy_cannot_be_deleted(self, stored):
        refused("DELETE FROM examinations_submissionpdf")

    def test_a_copy_superseded_by_a_newer_layout_may_go(self, submitted, stored):
        SubmissionPdf.objects.create(
            submission=submitted, paper_first=True, layout="layout-b", content=b"%PDF-b"
        )

        assert run("DELETE FROM examinations_submissionpdf WHERE layout = 'layout-a'") == 1
        # ...but not the other order's only copy, nor the one that remains.
        refused("DELETE FROM examinations_submissionpdf")


# --- Who may set the switch ------------------------------------------------------------------


def test_the_app_never_sets_the_maintenance_switch():
    allowed = {ROOT / "pbas_logbook" / "db_guards.py"}
    pattern = re.compile(r"pbas\.maintenance|MAINTENANCE_SETTING|db_guards import maintenance")
    offenders = [
        str(path.relative_to(ROOT))
        for app in (*PRODUCT_APPS, "templates")
        for path in (ROOT / app).rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".html", ".sql")
        and path not in allowed
        and pattern.search(path.read_text(errors="replace"))
    ]

    assert offenders == []


# --- A released result (issue 12) --------------------------------------------------------


@pytest.mark.django_db
class TestReleasedStaysReleased:
    @pytest.fixture
    def released(self, decided):
        # decide() releases at once (tests/examinations/conftest.py).
        return ResultRelease.objects.get(decision__submission=decided)

    def test_once_out_it_cannot_move_or_go(self, released):
        message = refused("UPDATE examinations_resultrelease SET release_at = now() + '1 day'")
        refused("DELETE FROM examinations_resultrelease")

        assert "the result is released" in message

    def test_recording_that_they_were_told_is_allowed(self, released):
        assert run("UPDATE examinations_resultrelease SET notified_at = now()") == 1

    def test_a_release_still_to_come_may_move(self, released):
        with transaction.atomic(), connection.cursor() as cursor, maintenance(cursor):
            cursor.execute("UPDATE examinations_resultrelease SET release_at = now() + '1 day'")
        assert run("UPDATE examinations_resultrelease SET release_at = now() + '2 days'") == 1
        assert run("DELETE FROM examinations_resultrelease") == 1
