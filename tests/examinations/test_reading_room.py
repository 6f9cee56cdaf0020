"""The examiner's reading room (issue 12 item 7): one week at a time with
Previous / Next, the reading position per examiner, private notes per
section (the coordinator sees them at moderation), the mentor's report
beside the week, and what each role sees and may not do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from examinations import assessing, reading_room, services
from examinations.models import ExaminerNote, Outcome, ReadingPosition, SubmittedSection
from tests.examinations.conftest import decide, examine, logbook, marks_for, submit
from tests.examinations.test_queries import READING_QUERIES, submitted_logbook


def url(name, submission, *args):
    return reverse(f"examinations:{name}", args=[submission.public_id, *args])


def squash(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def gappy(cast):
    """Cat's logbook with weeks 1, 2 and 5 shared (3 and 4 missing) and a
    paper, submitted and assigned to cast.examiner."""
    logbook(cast.enrolment, [1, 2, 5])
    submission = submit(cast.enrolment)
    services.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
    return submission


def section_in(submission, week) -> SubmittedSection:
    return (
        SubmittedSection.objects.filter(entry__submission=submission, entry__week=week)
        .exclude(body="")
        .first()
    )


def note_post(client, submission, key, body, **extra):
    return client.post(url("examiner_note", submission, key), {"body": body, **extra})


def report_written(cast, submission, body="A steady broker."):
    assessing.mentor_report_save(
        submission=submission,
        mentor=submission.enrolment.mentor,
        body=body,
        criterion_marks=marks_for(submission, 60),
        criterion_notes={},
    )


@pytest.mark.django_db
class TestWeekView:
    def test_one_week_with_previous_and_next_skipping_missing_weeks(self, cast, client_for, gappy):
        response = client_for(cast.examiner).get(url("reading", gappy), {"week": 2})
        page = squash(response)

        assert response.status_code == 200
        assert "Week 2: the partners met" in page
        assert "Week 1: the partners met" not in page
        assert 'rel="prev" href="?week=1"' in page
        # Weeks 3 and 4 have no entry: Next goes to week 5.
        assert 'rel="next" href="?week=5"' in page
        assert "Next: week 5" in page

    def test_the_paper_is_week_0_first_or_last(self, cast, client_for, gappy):
        client = client_for(cast.examiner)

        first = squash(client.get(url("reading", gappy), {"week": "paper"}))
        last = squash(client.get(url("reading", gappy), {"week": "5", "paper": "last"}))

        assert "What I learned as a broker." in first
        assert "Start of the logbook" in first
        assert 'rel="next" href="?week=1"' in first
        assert 'rel="next" href="?week=paper&amp;paper=last"' in last
        assert "Next: final paper" in last

    def test_the_contents_link_to_every_week_with_an_entry(self, cast, client_for, gappy):
        page = squash(client_for(cast.examiner).get(url("reading", gappy), {"week": 1}))

        for week in ("paper", "1", "2", "5"):
            assert f'href="?week={week}"' in page
        assert 'href="?week=3"' not in page
        assert "Whole logbook on one page" in page

    @pytest.mark.parametrize("week", ["3", "99", "abc", "-1", "1.5"])
    def test_a_week_without_an_entry_says_so_and_shows_everything(
        self, cast, client_for, gappy, week
    ):
        response = client_for(cast.examiner).get(url("reading", gappy), {"week": week})
        page = squash(response)

        assert response.status_code == 200
        assert "in this submission; the whole logbook is shown below." in page
        assert "Week 1: the partners met" in page and "Week 5: the partners met" in page

    @pytest.mark.parametrize("week", ["", "\x00"])
    def test_an_empty_week_is_the_whole_logbook(self, cast, client_for, gappy, week):
        response = client_for(cast.examiner).get(url("reading", gappy), {"week": week})
        page = squash(response)

        assert response.status_code == 200
        assert "in this submission" not in page
        assert "Week 1: the partners met" in page and "Week 5: the partners met" in page

    def test_the_candidate_and_mentor_read_weeks_without_notes_or_position(
        self, cast, client_for, gappy
    ):
        for person in (cast.candidate, cast.mentor):
            page = squash(client_for(person).get(url("reading", gappy), {"week": 1}))

            assert "Week 1: the partners met" in page
            assert "Your private note" not in page
            assert "data-position-url" not in page


@pytest.mark.django_db
class TestReadingPosition:
    def test_a_get_writes_no_position(self, cast, client_for, gappy):
        client_for(cast.examiner).get(url("reading", gappy), {"week": 5})

        assert not ReadingPosition.objects.exists()

    def test_the_examiner_posts_it_and_is_offered_to_continue(self, cast, client_for, gappy):
        client = client_for(cast.examiner)
        section = section_in(gappy, 5)

        answer = client.post(
            url("reading_position", gappy), {"week": 5, "anchor": f"section-{section.pk}"}
        )
        again = client.post(url("reading_position", gappy), {"week": 5, "anchor": ""})
        page = squash(client.get(url("reading", gappy)))

        assert answer.status_code == 204 and again.status_code == 204
        assert ReadingPosition.objects.get().week == 5  # one row, the last word
        assert "Continue where you left off: Week 5" in page
        assert 'href="?week=5"' in page

    def test_the_anchor_is_kept_for_the_link(self, cast, client_for, gappy):
        client = client_for(cast.examiner)
        client.post(url("reading_position", gappy), {"week": 0, "anchor": "final-paper"})

        page = squash(client.get(url("reading", gappy)))

        assert "Continue where you left off: the final paper" in page
        assert 'href="?week=paper#final-paper"' in page

    def test_each_examiner_has_their_own(self, cast, client_for, gappy):
        services.examiner_assign(submission=gappy, examiner=cast.examiner2, by=cast.coordinator)
        client_for(cast.examiner).post(url("reading_position", gappy), {"week": 2})

        page = squash(client_for(cast.examiner2).get(url("reading", gappy)))

        assert "Continue where you left off" not in page

    @pytest.mark.parametrize(
        "data",
        [{}, {"week": 3}, {"week": "x"}, {"week": 1, "anchor": "<script>"}, {"week": 1000}],
    )
    def test_a_place_not_in_the_submission_is_refused(self, cast, client_for, gappy, data):
        answer = client_for(cast.examiner).post(url("reading_position", gappy), data)

        assert answer.status_code == 400
        assert not ReadingPosition.objects.exists()

    def test_candidate_and_mentor_get_403_and_nothing_is_stored(self, cast, client_for, gappy):
        for person in (cast.candidate, cast.mentor):
            answer = client_for(person).post(url("reading_position", gappy), {"week": 1})
            assert answer.status_code == 403
        assert not ReadingPosition.objects.exists()

    def test_get_is_405(self, cast, client_for, gappy):
        assert client_for(cast.examiner).get(url("reading_position", gappy)).status_code == 405


@pytest.mark.django_db
class TestExaminerNotes:
    def test_save_edit_and_clear_a_note_on_a_section(self, cast, client_for, gappy):
        client = client_for(cast.examiner)
        section = section_in(gappy, 2)
        key = str(section.pk)

        saved = note_post(client, gappy, key, "Ask about the partners.")
        page = squash(client.get(saved["Location"]))
        note_post(client, gappy, key, "Ask about the second meeting.")
        cleared = note_post(client, gappy, key, "   ")

        assert saved.status_code == 302
        assert saved["Location"] == f"{url('reading', gappy)}?week=2#note-{key}"
        assert "Note saved." in page
        assert "Ask about the partners." in page
        assert "Only you can see this note (and the coordinator when moderating)." in page
        assert "Note cleared." in squash(client.get(cleared["Location"]))
        assert not ExaminerNote.objects.exists()

    def test_one_note_per_section_after_two_saves(self, cast, client_for, gappy):
        client = client_for(cast.examiner)
        key = str(section_in(gappy, 1).pk)

        note_post(client, gappy, key, "First.")
        note_post(client, gappy, key, "Second.")

        assert list(ExaminerNote.objects.values_list("body", flat=True)) == ["Second."]

    def test_a_note_on_the_paper(self, cast, client_for, gappy):
        client = client_for(cast.examiner)

        answer = note_post(client, gappy, "paper", "Strong ending.", paper="last")
        page = squash(client.get(url("reading", gappy), {"week": "paper"}))

        assert answer["Location"].endswith("?week=paper&paper=last#note-paper")
        assert ExaminerNote.objects.get().section is None
        assert "Strong ending." in page

    def test_over_the_limit_is_refused_on_the_field_with_the_text_kept(
        self, cast, client_for, gappy
    ):
        client = client_for(cast.examiner)
        key = str(section_in(gappy, 2).pk)
        long = "word " * 4_000 + "extra"  # 20,005 characters

        answer = note_post(client, gappy, key, long)
        page = squash(answer)

        assert answer.status_code == 422
        assert "This note is 20,005 characters long; the limit is 20,000." in page
        assert "word word word" in page  # what was typed is still in the box
        assert "Week 2: the partners met" in page  # on its week
        assert not ExaminerNote.objects.exists()

    def test_a_section_of_another_submission_is_404(self, cast, client_for, gappy):
        logbook(cast.enrolment2, [1])
        other = submit(cast.enrolment2)
        client = client_for(cast.examiner)

        for key in (str(section_in(other, 1).pk), "999999", "9" * 30, "nope"):
            assert note_post(client, gappy, key, "Mine?").status_code == 404
        assert not ExaminerNote.objects.exists()

    def test_candidate_and_mentor_get_403(self, cast, client_for, gappy):
        key = str(section_in(gappy, 1).pk)
        for person in (cast.candidate, cast.mentor):
            assert note_post(client_for(person), gappy, key, "Hi").status_code == 403
        assert not ExaminerNote.objects.exists()

    def test_only_their_examiner_and_the_coordinator_see_a_note(self, cast, client_for, gappy):
        services.examiner_assign(submission=gappy, examiner=cast.examiner2, by=cast.coordinator)
        key = str(section_in(gappy, 1).pk)
        note_post(client_for(cast.examiner), gappy, key, "Private thought 7Q.")

        for person in (cast.examiner2, cast.candidate, cast.mentor):
            for params in ({}, {"week": 1}):
                page = squash(client_for(person).get(url("reading", gappy), params))
                assert "Private thought 7Q." not in page
        manage_url = reverse("examinations:submission_manage", args=[gappy.public_id])
        # Not before moderation: one assessment in, nothing to moderate yet.
        examine(cast, gappy, Outcome.ACCREDITED, examiner=cast.examiner, total=70)
        manage = squash(client_for(cast.coordinator).get(manage_url))
        assert "Examiners' private notes" in manage
        assert "Private thought 7Q." not in manage
        assert "Shown here if the examiners' assessments need moderation." in manage
        # The second examiner disagrees: the coordinator moderates, notes in view.
        examine(cast, gappy, Outcome.RESUBMIT, examiner=cast.examiner2, total=40)
        manage = squash(client_for(cast.coordinator).get(manage_url))
        assert "Private thought 7Q." in manage
        assert "Week 1 · Issues" in manage

    def test_notes_stay_editable_after_the_decision(self, cast, client_for, gappy):
        decide(cast, gappy)
        key = str(section_in(gappy, 1).pk)

        answer = note_post(client_for(cast.examiner), gappy, key, "After the decision.")

        assert answer.status_code == 302
        assert ExaminerNote.objects.get().body == "After the decision."

    def test_notes_are_never_in_the_pdf_html(self, cast, client_for, gappy):
        from examinations import pdf

        key = str(section_in(gappy, 1).pk)
        note_post(client_for(cast.examiner), gappy, key, "Private thought 7Q.")

        assert "Private thought 7Q." not in pdf.submission_pdf_html(gappy)


@pytest.mark.django_db
class TestMentorReportBeside:
    def test_the_examiner_reads_it_beside_the_week(self, cast, client_for, gappy):
        report_written(cast, gappy, "A steady broker 4K.")

        page = squash(client_for(cast.examiner).get(url("reading", gappy), {"week": 1}))

        assert 'aria-label="The mentor\'s report"' in page
        assert "A steady broker 4K." in page
        assert "proposed mark 60/100" in page

    def test_not_yet_written_says_so(self, cast, client_for, gappy):
        page = squash(client_for(cast.examiner).get(url("reading", gappy), {"week": 1}))

        assert "The mentor's report has not been written yet." in page

    def test_the_candidate_sees_it_only_after_the_result(self, cast, client_for, gappy):
        report_written(cast, gappy, "A steady broker 4K.")
        client = client_for(cast.candidate)

        before = squash(client.get(url("reading", gappy), {"week": 1}))
        decide(cast, gappy)
        after = squash(client.get(url("reading", gappy), {"week": 1}))

        assert "A steady broker 4K." not in before
        assert "PDF with the mentor's report" not in before
        assert "A steady broker 4K." in after


# The week view, for an assigned examiner (as the whole view, see
# test_queries.READING_QUERIES): 1 session, 2 user, 3 the submission (with
# the decision and the mentor's report), 4 the audit check, 5 entries,
# 6 sections, 7 the programme setting, 8 the criteria (a report is written),
# 9 the examiner's desk (assessment, position and notes in one query),
# 10 the previous version, 11 the roles for the navigation, 12 the session
# save. None grows with the weeks or the notes.
def count_queries(client, path, data=None) -> int:
    assert client.get(path, data).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, data).status_code == 200
    return len(captured)


@pytest.mark.django_db
class TestWeekViewQueries:
    @pytest.mark.parametrize("week", ["1", "paper"])
    def test_the_same_for_5_and_25_weeks_with_notes(self, cast, client_for, week):
        small = submitted_logbook(cast, cast.enrolment, 5)
        large = submitted_logbook(cast, cast.enrolment2, 25)
        client = client_for(cast.examiner)
        for submission in (small, large):
            report_written(cast, submission)
            for section in SubmittedSection.objects.filter(entry__submission=submission):
                reading_room.note_save(
                    submission=submission, examiner=cast.examiner, section=section, body="N."
                )
            client.post(url("reading_position", submission), {"week": 1})

        at_5 = count_queries(client, url("reading", small), {"week": week})
        at_25 = count_queries(client, url("reading", large), {"week": week})

        assert at_5 == at_25
        assert at_25 <= READING_QUERIES

    def test_the_whole_view_with_a_position_stays_within_budget(self, cast, client_for):
        small = submitted_logbook(cast, cast.enrolment, 5)
        large = submitted_logbook(cast, cast.enrolment2, 25)
        client = client_for(cast.examiner)
        for submission in (small, large):
            client.post(url("reading_position", submission), {"week": 3})

        at_5 = count_queries(client, url("reading", small))
        at_25 = count_queries(client, url("reading", large))

        assert at_5 == at_25
        assert at_25 <= READING_QUERIES
