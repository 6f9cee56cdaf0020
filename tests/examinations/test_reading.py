"""Reading a frozen submission through the test client: the examiner's
queue, the reading view (contents, paper first or last, one heading,
search, tags, "edited after sharing"), the PDF, the comparison of versions,
and who never gets in."""

import re

import pytest
from django.urls import reverse

from entries.models import Entry, Partnership
from examinations import assessing, services
from examinations.models import Outcome, ProgrammeSetting, Submission
from mentors.services import comment_post
from tests.examinations.conftest import (
    HEADINGS,
    decide,
    edit,
    logbook,
    marks_for,
    submit,
    write,
    write_paper,
)
from tests.examinations.pages import labelled_controls, links

EXAMINER_HOME = reverse("examinations:home")


def url(name, submission, *args):
    return reverse(f"examinations:{name}", args=[submission.public_id, *args])


def assign(cast, submission, examiner=None):
    services.examiner_assign(
        submission=submission, examiner=examiner or cast.examiner, by=cast.coordinator
    )
    return submission


def assess(submission, examiner, outcome=Outcome.ACCREDITED):
    # issue 12: marked on the cohort's rubric; the total (70) is computed.
    return assessing.assessment_record(
        submission=submission,
        examiner=examiner,
        outcome=outcome,
        criterion_marks=marks_for(submission, 70),
        feedback="Thoughtful.",
        criterion_notes={},
    )


@pytest.fixture
def assigned(cast, submitted):
    """Cat's version 1 (weeks 1-3 shared, week 4 a draft), assigned to cast.examiner."""
    return assign(cast, submitted)


def squash(response) -> str:
    return " ".join(response.content.decode().split())


# --- Examiner home -----------------------------------------------------------------------


@pytest.mark.django_db
class TestExaminerHome:
    def test_lists_assigned_submissions_waiting_first(self, cast, client_for):
        logbook(cast.enrolment, [1])
        logbook(cast.enrolment2, [1])
        older = assign(cast, submit(cast.enrolment))
        newer = assign(cast, submit(cast.enrolment2))
        assess(newer, cast.examiner)

        response = client_for(cast.examiner).get(EXAMINER_HOME)

        page = response.content.decode()
        assert response.status_code == 200
        assert page.index(url("reading", older)) < page.index(url("reading", newer))
        assert "Waiting" in page and "Recorded" in page

    def test_newest_first_among_the_waiting(self, cast, client_for):
        logbook(cast.enrolment, [1])
        logbook(cast.enrolment2, [1])
        first = assign(cast, submit(cast.enrolment))
        second = assign(cast, submit(cast.enrolment2))

        page = client_for(cast.examiner).get(EXAMINER_HOME).content.decode()

        assert page.index(url("reading", second)) < page.index(url("reading", first))

    def test_leaves_out_submissions_assigned_to_someone_else(self, cast, client_for, submitted):
        assign(cast, submitted, cast.examiner2)

        response = client_for(cast.examiner).get(EXAMINER_HOME)

        assert url("reading", submitted) not in response.content.decode()
        assert "No submissions are assigned to you" in response.content.decode()

    def test_the_navigation_says_submissions_to_examine(self, cast, client_for):
        response = client_for(cast.examiner).get(EXAMINER_HOME)

        assert links(response)["Submissions to examine"] == EXAMINER_HOME

    @pytest.mark.parametrize("who", ["candidate", "mentor", "coordinator", "stranger"])
    def test_people_who_do_not_examine_get_403(self, cast, client_for, who):
        assert client_for(getattr(cast, who)).get(EXAMINER_HOME).status_code == 403


# --- Reading view ------------------------------------------------------------------------


@pytest.mark.django_db
class TestReading:
    def test_the_assigned_examiner_reads_the_submission(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("reading", assigned))

        page = response.content.decode()
        assert response.status_code == 200
        assert "Cat Candidate's logbook" in page
        assert "Week 2: the partners met and talked." in page
        assert "<h2>My journey</h2>" in page

    def test_has_a_table_of_contents_by_week(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("reading", assigned))

        contents = re.search(
            r'<nav aria-label="Table of contents".*?</nav>', response.content.decode(), re.S
        ).group(0)
        assert re.findall(r'href="(#[^"]+)">([^<]+)</a>', contents) == [
            ("#final-paper", "Final paper"),
            ("#entry-0", "Week 1: Week 1 notes"),
            ("#entry-1", "Week 2: Week 2 notes"),
            ("#entry-2", "Week 3: Week 3 notes"),
        ]

    def test_never_shows_a_draft(self, cast, client_for, assigned):
        page = client_for(cast.examiner).get(url("reading", assigned)).content.decode()

        assert "A private draft" not in page
        assert "Week 4" not in page

    def test_puts_the_paper_first_by_default(self, cast, client_for, assigned):
        page = client_for(cast.examiner).get(url("reading", assigned)).content.decode()

        assert page.index('id="final-paper"') < page.index('id="entry-0"')

    def test_puts_the_paper_last_when_asked(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("reading", assigned), {"paper": "last"})

        page = response.content.decode()
        assert page.index('id="entry-2"') < page.index('id="final-paper"')
        assert links(response)["Download PDF"] == url("pdf", assigned) + "?paper=last"

    def test_reads_one_heading_across_all_weeks(self, cast, client_for):
        logbook(cast.enrolment, [], paper=False)
        for week in (1, 2):
            write(
                cast.enrolment,
                week,
                bodies=[f"Issue of week {week}.", f"A thought in week {week}.", "", "", ""],
            )
        write_paper(cast.enrolment)
        submission = assign(cast, submit(cast.enrolment))

        response = client_for(cast.examiner).get(
            url("reading", submission), {"heading": "Thoughts"}
        )

        page = response.content.decode()
        assert "“Thoughts” across all weeks" in page
        assert "A thought in week 1." in page and "A thought in week 2." in page
        assert "Issue of week 1." not in page
        assert "<option selected>Thoughts</option>" in page

    def test_the_heading_choice_lists_the_headings_as_written(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("reading", assigned))

        control = labelled_controls(response)["Read one heading across all weeks"]
        assert control[0] == "select"
        options = re.findall(r"<option>([^<]+)</option>", response.content.decode())
        # In the logbook's order, not A to Z.
        assert options == HEADINGS

    def test_searches_within_the_submission_with_highlighted_snippets(self, cast, client_for):
        logbook(cast.enrolment, [], paper=False)
        write(cast.enrolment, 1, bodies=["The clinic offered a room.", "", "", "", ""])
        write(cast.enrolment, 2, bodies=["Nothing about it here.", "", "", "", ""])
        write_paper(cast.enrolment)
        submission = assign(cast, submit(cast.enrolment))

        response = client_for(cast.examiner).get(url("reading", submission), {"q": "clinic"})

        page = response.content.decode()
        assert "1 section match “clinic”" in page
        assert "<mark>clinic</mark> offered a room" in page
        assert "Nothing about it here." not in page

    def test_search_snippets_never_carry_candidate_html(self, cast, client_for):
        logbook(cast.enrolment, [], paper=False)
        write(
            cast.enrolment,
            1,
            bodies=[
                "<script>alert('x')</script> the clinic <img src=x onerror=alert(1)>",
                "",
                "",
                "",
                "",
            ],
        )
        write_paper(cast.enrolment)
        submission = assign(cast, submit(cast.enrolment))

        response = client_for(cast.examiner).get(url("reading", submission), {"q": "clinic"})

        page = response.content.decode()
        assert "<mark>clinic</mark>" in page
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;img src=x onerror=alert" in page

    def test_the_search_words_are_escaped(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(
            url("reading", assigned), {"q": '"><script>alert(1)</script>'}
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in page
        assert "No section matches." in page

    def test_shows_the_candidates_tags(self, cast, client_for):
        logbook(cast.enrolment, [], paper=False)
        partnership = Partnership.objects.create(
            enrolment=cast.enrolment, name="River Valley Water Partnership", position="external"
        )
        write(
            cast.enrolment,
            1,
            phases=["scoping"],
            tools=["Ground rules", "SWOT analysis"],
            partnerships=[partnership],
        )
        write_paper(cast.enrolment)
        submission = assign(cast, submit(cast.enrolment))

        page = client_for(cast.examiner).get(url("reading", submission)).content.decode()

        assert '<span class="tag tag-partnership">River Valley Water Partnership</span>' in page
        assert '<span class="tag tag-phase">Scoping &amp; building</span>' in page
        assert '<span class="tag">Ground rules</span>' in page
        assert '<span class="tag">SWOT analysis</span>' in page

    def test_marks_an_entry_edited_after_sharing_with_a_link_to_its_changes(self, cast, client_for):
        entries = logbook(cast.enrolment, [1, 2])
        edit(entries[1], bodies=["Week 2: the partners met and argued."] + [""] * 4)
        submission = assign(cast, submit(cast.enrolment))

        response = client_for(cast.examiner).get(url("reading", submission))

        found = links(response)
        assert found["Edited after sharing · see changes"] == url("entry_changes", submission, 1)
        assert response.content.decode().count("Edited after sharing") == 1

    def test_mentor_comments_are_hidden_from_examiners_by_default(self, cast, client_for):
        entries = logbook(cast.enrolment, [1])
        comment_post(entry=entries[0], author=cast.mentor, body="Why did the NGO hesitate?")
        submission = assign(cast, submit(cast.enrolment))

        page = client_for(cast.examiner).get(url("reading", submission)).content.decode()

        assert "Why did the NGO hesitate?" not in page
        assert "Mentor conversation" not in page

    def test_mentor_comments_are_shown_when_the_programme_says_so(self, cast, client_for):
        entries = logbook(cast.enrolment, [1])
        comment_post(entry=entries[0], author=cast.mentor, body="Why did the NGO hesitate?")
        submission = assign(cast, submit(cast.enrolment))
        ProgrammeSetting.objects.update_or_create(
            pk=1, defaults={"examiners_see_mentor_comments": True}
        )

        page = client_for(cast.examiner).get(url("reading", submission)).content.decode()

        assert "Mentor conversation (1)" in page
        assert "Why did the NGO hesitate?" in page

    def test_mentor_comments_written_after_submitting_are_not_shown(self, cast, client_for):
        entries = logbook(cast.enrolment, [1])
        comment_post(entry=entries[0], author=cast.mentor, body="Before submitting.")
        submission = assign(cast, submit(cast.enrolment))
        comment_post(entry=entries[0], author=cast.mentor, body="About the live entry, later.")
        ProgrammeSetting.objects.update_or_create(
            pk=1, defaults={"examiners_see_mentor_comments": True}
        )

        page = client_for(cast.examiner).get(url("reading", submission)).content.decode()

        assert "Before submitting." in page
        assert "About the live entry, later." not in page

    def test_the_candidate_reads_it_read_only(self, cast, client_for, submitted):
        response = client_for(cast.candidate).get(url("reading", submitted))

        page = squash(response)
        assert response.status_code == 200
        assert "read-only" in page
        assert "Record assessment" not in page
        assert url("assess", submitted) not in page

    def test_the_mentor_reads_it_and_is_offered_the_report(self, cast, client_for, submitted):
        response = client_for(cast.mentor).get(url("reading", submitted))

        assert response.status_code == 200
        assert links(response)["Write your mentor's report"] == url("mentor_report", submitted)
        assert url("assess", submitted) not in response.content.decode()

    def test_the_examiner_is_offered_the_assessment(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("reading", assigned))

        assert links(response)["Record assessment"] == url("assess", assigned)
        assert "Write your mentor's report" not in response.content.decode()


# --- Who never gets in -------------------------------------------------------------------


@pytest.mark.django_db
class TestExaminerBoundaries:
    @pytest.mark.parametrize("name", ["reading", "pdf", "result", "assess", "compare"])
    def test_the_examiner_of_another_submission_gets_404(self, cast, client_for, name):
        logbook(cast.enrolment, [1])
        logbook(cast.enrolment2, [1])
        mine = assign(cast, submit(cast.enrolment))
        other = assign(cast, submit(cast.enrolment2), cast.examiner2)

        client = client_for(cast.examiner)

        assert client.get(url("reading", mine)).status_code == 200
        assert client.get(url(name, other)).status_code == 404

    def test_the_examiner_of_another_submission_cannot_open_its_entry_changes(
        self, cast, client_for
    ):
        entries = logbook(cast.enrolment, [1])
        edit(entries[0], title="Edited")
        other = assign(cast, submit(cast.enrolment), cast.examiner2)

        response = client_for(cast.examiner).get(url("entry_changes", other, 0))

        assert response.status_code == 404

    @pytest.mark.parametrize("view", ["entries:entry_detail", "entries:entry_edit"])
    def test_the_examiner_never_reaches_the_live_entry(self, cast, client_for, assigned, view):
        live = Entry.objects.get(enrolment=cast.enrolment, week=1)

        response = client_for(cast.examiner).get(reverse(view, args=[live.public_id]))

        assert response.status_code == 404

    def test_the_examiner_never_reaches_a_draft(self, cast, client_for, assigned):
        draft = Entry.objects.get(enrolment=cast.enrolment, week=4)
        client = client_for(cast.examiner)

        assert client.get(reverse("entries:entry_detail", args=[draft.public_id])).status_code == (
            404
        )
        assert client.get(reverse("mentors:entry_review", args=[draft.public_id])).status_code in (
            403,
            404,
        )

    def test_the_examiner_never_reaches_the_mentors_view_of_the_logbook(
        self, cast, client_for, assigned
    ):
        live = Entry.objects.get(enrolment=cast.enrolment, week=1)
        client = client_for(cast.examiner)

        assert client.get(reverse("mentors:entry_review", args=[live.public_id])).status_code in (
            403,
            404,
        )
        assert client.get(
            reverse("mentors:mentee_logbook", args=[cast.enrolment.pk])
        ).status_code in (403, 404)

    @pytest.mark.parametrize("who", ["coordinator", "stranger", "candidate2", "mentor2"])
    def test_people_with_no_relation_get_404(self, cast, client_for, assigned, who):
        response = client_for(getattr(cast, who)).get(url("reading", assigned))

        assert response.status_code == 404


# --- Entry changes -----------------------------------------------------------------------


@pytest.mark.django_db
class TestEntryChanges:
    def test_shows_the_diff_against_the_first_shared_text(self, cast, client_for):
        entries = logbook(cast.enrolment, [1])
        edit(entries[0], bodies=["Week 1: the partners met and argued."] + [""] * 4)
        submission = assign(cast, submit(cast.enrolment))

        response = client_for(cast.examiner).get(url("entry_changes", submission, 0))

        page = response.content.decode()
        assert response.status_code == 200
        assert "<del>talked.</del><ins>argued.</ins>" in page
        assert "Week 1: edited after sharing" in page

    def test_a_position_not_in_the_submission_is_404(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("entry_changes", assigned, 99))

        assert response.status_code == 404


# --- PDF ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestSubmissionPdf:
    def test_the_reading_view_links_to_download_pdf(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("reading", assigned))

        assert links(response)["Download PDF"] == url("pdf", assigned)

    def test_downloads_a_pdf(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("pdf", assigned))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment;")
        assert "-v1-" in response["Content-Disposition"]

    def test_the_candidate_downloads_theirs_too(self, cast, client_for, submitted):
        response = client_for(cast.candidate).get(url("pdf", submitted))

        assert response.content.startswith(b"%PDF")


# --- Comparing versions ------------------------------------------------------------------


@pytest.fixture
def resubmitted(cast, submitted):
    """Version 1 decided "resubmission required"; week 2 rewritten, week 5
    added and the paper extended; version 2 submitted and assigned."""
    # Examined by the second examiner: version 2 goes to cast.examiner alone.
    decide(cast, submitted, Outcome.RESUBMIT, examiner=cast.examiner2)
    week2 = Entry.objects.get(enrolment=cast.enrolment, week=2)
    edit(week2, bodies=["Week 2: the partners met and disagreed."] + [""] * 4)
    write(cast.enrolment, 5, title="Added for version 2")
    write_paper(cast.enrolment, body="## My journey\n\nWhat I learned as a broker, and more.")
    return assign(cast, submit(cast.enrolment, version=2))


@pytest.mark.django_db
class TestCompare:
    def test_the_reading_view_offers_the_comparison(self, cast, client_for, resubmitted):
        response = client_for(cast.examiner).get(url("reading", resubmitted))

        assert links(response)["Compare with version 1"] == url("compare", resubmitted)

    def test_shows_what_changed_per_entry_and_section(self, cast, client_for, resubmitted):
        response = client_for(cast.examiner).get(url("compare", resubmitted))

        page = response.content.decode()
        assert response.status_code == 200
        assert "What changed since version 1" in page
        assert "<del>talked.</del><ins>disagreed.</ins>" in page
        assert re.search(
            r"Week 2: Week 2 notes\s*<span class=\"badge text-bg-warning\">changed", page
        )
        assert re.search(
            r"Week 5: Added for version 2\s*<span class=\"badge text-bg-success\">added", page
        )
        assert '<h3 class="h6">Issues</h3>' in page
        assert 'Final paper <span class="badge text-bg-warning">changed</span>' in page
        assert "<del>broker.</del><ins>broker, and more.</ins>" in page

    def test_version_1_has_nothing_to_compare_with(self, cast, client_for, submitted):
        # Was a 404; "nothing to compare" now has one answer everywhere: back
        # to the submission, which says so.
        response = client_for(cast.candidate).get(url("compare", submitted), follow=True)

        assert response.redirect_chain[-1][0] == url("reading", submitted)
        assert "This is the first version submitted: nothing to compare." in (
            response.content.decode()
        )

    def test_the_examiner_of_version_2_reads_version_1_beside_it(
        self, cast, client_for, resubmitted
    ):
        # Version 1 is not assigned to the examiner; the comparison still shows
        # its text, as the issue asks ("sees version 2 beside version 1").
        assert not Submission.objects.assigned_to(cast.examiner).filter(version=1).exists()

        response = client_for(cast.examiner).get(url("compare", resubmitted))

        assert "talked." in response.content.decode()


@pytest.mark.django_db
class TestReadingOddInput:
    @pytest.mark.parametrize("param", ["q", "heading"])
    def test_a_nul_character_is_ignored_not_an_error(self, cast, client_for, assigned, param):
        response = client_for(cast.examiner).get(url("reading", assigned), {param: "part\x00ners"})

        assert response.status_code == 200

    def test_a_very_long_search_is_cut_not_refused(self, cast, client_for, assigned):
        response = client_for(cast.examiner).get(url("reading", assigned), {"q": "partners " * 500})

        assert response.status_code == 200
