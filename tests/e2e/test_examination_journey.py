"""Submitting a logbook and examining it, in a real browser (issue 5).

candidate@example.org (Camille Laurent) writes her final paper and submits;
coordinator@example.org assigns examiner@example.org (and is refused the
candidate's own mentor); mentor@example.org writes the mentor's report;
the examiner reads, downloads the PDF and records an assessment on the
cohort's marking sheet (issue 12: a mark per criterion, the total
computed); the coordinator records the decision and releases it; the
candidate reads the outcome, then edits a live entry and finds the
submitted copy unchanged.

The demo gives Camille eight shared entries, two drafts and no final paper.
Each page a journey visits is checked with axe-core and photographed into
test-artifacts/screenshots/ (names starting "exam-").
"""

import re

from playwright.sync_api import expect

from entries.models import Entry, EntryStatus
from examinations import assessing, marking, services
from examinations.models import (
    Assessment,
    Decision,
    FinalPaper,
    Outcome,
    Submission,
)
from mentors.models import Comment
from pbas_logbook.models import Enrolment, EnrolmentStatus, User
from tests.e2e.conftest import (
    MOBILE,
    check_accessibility,
    check_fits_width,
    field_label,
    login,
    screenshot,
)
from tests.examinations.conftest import marks_for

CANDIDATE = "candidate@example.org"
CANDIDATE_NAME = "Camille Laurent"
MENTOR = "mentor@example.org"
MENTOR_NAME = "Mateo Alvarez"
COORDINATOR = "coordinator@example.org"
EXAMINER = "examiner@example.org"
EXAMINER_NAME = "Elif Demir"
OTHER_EXAMINER = "examiner2@example.org"

PAPER_TITLE = "From convenor to broker"
PAPER_BODY = (
    "## Where I started\n\n"
    "I came to the river clean-up alliance as the person who booked the rooms.\n\n"
    "## What changed\n\n"
    "Mapping interests before positions taught me to listen for what each partner needs."
)
MENTOR_CANNOT_EXAMINE = "The candidate's mentor cannot examine their logbook."
EDITED_WEEK = 4
EDITED_HEADING = "Learning from what I am doing"
EDITED_TEXT = "Rewritten after the examination: the budget fight was really about trust."


def nav(page):
    return page.get_by_role("navigation", name="Main")


def h1(page):
    return page.get_by_role("heading", level=1)


def status(page):
    return page.get_by_role("status").filter(has=page.locator(".alert"))


def sign_in_as(page, live_server, email):
    """Log out whoever is signed in (through the page), then log in as ``email``."""
    log_out = nav(page).get_by_role("button", name="Log out")
    if log_out.count():
        log_out.click()
        expect(h1(page)).to_have_text("Log in")
    login(page, live_server, email)


def described(page, term):
    """The <dd> after the <dt> reading ``term`` (receipts and summaries are lists)."""
    return (
        page.locator("dt")
        .filter(has_text=re.compile(rf"^{re.escape(term)}$"))
        .locator("xpath=following-sibling::dd[1]")
    )


def camille():
    return Enrolment.objects.get(candidate__email=CANDIDATE)


def submit_in_the_background(enrolment):
    """A final paper and version 1, written through the services (short tests)."""
    services.paper_save(enrolment=enrolment, title=PAPER_TITLE, body=PAPER_BODY, version=None)
    return services.submission_create(
        enrolment=enrolment, by=enrolment.candidate, expected_version=1
    )


def fill_rubric(page, enrolment, marks):
    """Each criterion of the cohort's sheet given its mark, in order (issue 12)."""
    criteria = marking.scheme_criteria(enrolment.cohort.marking_scheme)
    assert len(criteria) == len(marks)
    for criterion, mark in zip(criteria, marks, strict=True):
        label = f"{criterion.name}: mark out of {criterion.max_mark}"
        page.get_by_label(field_label(label)).fill(str(mark))


def frozen_hash(submission):
    """The content hash recomputed from the frozen rows as they are now."""
    entries = [(e, list(e.sections.order_by("position"))) for e in submission.entries.all()]
    return services.content_hash(submission, entries)


class TestExaminationJourney:
    def test_candidate_submits_and_is_examined_through_to_the_outcome(
        self, page, live_server, demo_data
    ):
        enrolment = camille()
        week4 = Entry.objects.get(enrolment=enrolment, week=EDITED_WEEK)
        original_text = week4.sections.get(heading_title=EDITED_HEADING).body
        open_threads = Comment.objects.filter(
            entry__enrolment=enrolment, parent__isnull=True, resolved_at__isnull=True
        ).count()
        assert not FinalPaper.objects.filter(enrolment=enrolment).exists()

        # --- 1. The candidate writes her final paper and submits. ----------
        login(page, live_server, CANDIDATE)
        nav(page).get_by_role("link", name="Examination").click()
        expect(h1(page)).to_have_text("Examination")
        page.get_by_role("link", name="Write the final paper").click()
        expect(h1(page)).to_have_text("Final paper")
        page.get_by_label(field_label("Title")).fill(PAPER_TITLE)
        page.get_by_label(field_label("Final paper: my brokering journey")).fill(PAPER_BODY)
        # The editor saves by itself a few seconds after typing stops.
        expect(page.locator("#save-status")).to_contain_text("Saved", timeout=15_000)
        page.get_by_role("button", name="Save paper").click()
        expect(status(page)).to_contain_text("Final paper saved.")
        expect(page.get_by_text(PAPER_TITLE, exact=True)).to_be_visible()

        page.get_by_role("link", name="Submit for examination").click()
        expect(h1(page)).to_have_text("Submit for examination")
        expect(described(page, "Weeks covered")).to_have_text("8 of 15 programme weeks")
        expect(described(page, "Shared entries")).to_have_text("8 will be submitted")
        expect(described(page, "Draft entries")).to_contain_text("2 — drafts are never submitted")
        expect(described(page, "Final paper")).to_contain_text(f"Present: “{PAPER_TITLE}”")
        expect(described(page, "Open comment threads")).to_contain_text(str(open_threads))
        expect(described(page, "Version")).to_have_text("1")
        check_accessibility(page)
        screenshot(page, "exam-submit")

        # The same confirmation page, open in a second tab since before submitting.
        second_tab = page.context.new_page()
        second_tab.goto(page.url)
        expect(second_tab.get_by_role("button", name="Confirm submission")).to_be_visible()

        # A double click on the confirmation makes one submission, not two.
        page.get_by_role("button", name="Confirm submission").dblclick()
        expect(h1(page)).to_have_text("Submission received")
        receipt_url = page.url
        # Confirming again from the stale tab (a request the server surely
        # receives, unlike a double click's) leads to the same receipt.
        second_tab.get_by_role("button", name="Confirm submission").click()
        expect(second_tab.get_by_role("heading", level=1)).to_have_text("Submission received")
        assert second_tab.url == receipt_url
        second_tab.close()
        (submission,) = Submission.objects.filter(enrolment=enrolment)
        assert submission.version == 1
        expect(page).to_have_url(
            re.compile(rf"/examine/submissions/{submission.public_id}/receipt/$")
        )
        expect(described(page, "Version")).to_have_text("1")
        expect(described(page, "Candidate")).to_have_text(CANDIDATE_NAME)
        assert re.fullmatch(r"[0-9a-f]{64}", submission.content_hash)
        expect(described(page, "Content hash")).to_have_text(submission.content_hash)
        check_accessibility(page)
        screenshot(page, "exam-receipt")
        frozen = submission.entries.get(week=EDITED_WEEK).sections.get(heading_title=EDITED_HEADING)
        assert frozen.body == original_text

        # --- 2. The coordinator assigns an examiner, never the mentor. -----
        # The mentor is an examiner too, so only the mentor rule can refuse him.
        User.objects.filter(email=MENTOR).update(is_examiner=True)
        sign_in_as(page, live_server, COORDINATOR)
        nav(page).get_by_role("link", name="Submissions", exact=True).click()
        expect(h1(page)).to_have_text("Submissions")
        page.get_by_role("link", name=CANDIDATE_NAME).click()
        expect(h1(page)).to_have_text(f"{CANDIDATE_NAME} · version 1")
        expect(page.get_by_text("No examiner assigned yet.")).to_be_visible()

        examiner_field = page.get_by_label(field_label("Examiner"))
        examiner_field.select_option(label=MENTOR_NAME)
        with page.expect_response(re.compile(r"/examine/manage/")) as refused:
            page.get_by_role("button", name="Assign examiner").click()
        assert refused.value.status == 422
        expect(page.get_by_text(MENTOR_CANNOT_EXAMINE)).to_be_visible()
        expect(page.get_by_text("No examiner assigned yet.")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "exam-coordinator-mentor-refused")
        assert not submission.assignments.exists()

        page.get_by_label(field_label("Examiner")).select_option(label=EXAMINER_NAME)
        page.get_by_role("button", name="Assign examiner").click()
        expect(status(page)).to_contain_text(f"{EXAMINER_NAME} is assigned, due ")
        expect(page.get_by_role("button", name=f"Remove {EXAMINER_NAME}")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "exam-coordinator-assigned")
        assert list(submission.assignments.values_list("examiner__email", flat=True)) == [EXAMINER]

        # --- The mentor writes the report for the examiner. ----------------
        sign_in_as(page, live_server, MENTOR)
        nav(page).get_by_role("link", name="Examinations").click()
        expect(h1(page)).to_have_text("Examinations of my mentees")
        page.get_by_role("link", name=f"Write report for {CANDIDATE_NAME}").click()
        expect(h1(page)).to_have_text("Mentor's report")
        page.get_by_label(field_label("Report for the examiner")).fill(
            "Camille learned to **listen before proposing**; her week 4 entry shows it."
        )
        # issue 12: a proposed mark per criterion; the total (70) is computed.
        fill_rubric(page, enrolment, [7, 7, 7, 7])
        check_accessibility(page)
        page.get_by_role("button", name="Save report").click()
        expect(status(page)).to_contain_text("Your report is saved")

        # --- 3. The examiner reads, downloads and assesses. ----------------
        sign_in_as(page, live_server, EXAMINER)
        nav(page).get_by_role("link", name="Submissions to examine").click()
        expect(h1(page)).to_have_text("Submissions to examine")
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=CANDIDATE_NAME))
        expect(row).to_contain_text("Waiting")
        check_accessibility(page)
        screenshot(page, "exam-examiner-home")

        row.get_by_role("link", name=CANDIDATE_NAME).click()
        expect(h1(page)).to_have_text(f"{CANDIDATE_NAME}'s logbook")
        contents = page.get_by_role("navigation", name="Table of contents")
        expect(contents.get_by_role("listitem")).to_have_count(9)  # the paper and 8 weeks
        expect(contents.get_by_role("link").first).to_have_text("Final paper")
        expect(
            contents.get_by_role("link", name="Week 4: Interests, not positions")
        ).to_be_visible()
        expect(contents.get_by_role("link", name=re.compile(r"^Week (9|10)\b"))).to_have_count(0)
        expect(page.get_by_role("heading", name=f"Final paper: {PAPER_TITLE}")).to_be_visible()
        expect(page.get_by_text("Mapping interests before positions taught me")).to_be_visible()
        expect(page.locator(".mentor-report")).to_contain_text("listen before proposing")
        # The paper's own "##" headings read below its title, not above it.
        title_size, *inner_sizes = page.evaluate(
            """() => [...document.querySelectorAll('#final-paper h2')]
                .map(h => parseFloat(getComputedStyle(h).fontSize))"""
        )
        assert len(inner_sizes) == 2 and max(inner_sizes) < title_size, inner_sizes
        check_accessibility(page)
        screenshot(page, "exam-reading")

        page.get_by_label("Read one heading across all weeks").select_option("Lessons")
        page.get_by_role("button", name="Show").click()
        expect(
            page.get_by_role("heading", level=2, name="“Lessons” across all weeks")
        ).to_be_visible()
        weeks_shown = page.get_by_role("heading", level=3, name=re.compile(r"^Week \d+ ·"))
        expect(weeks_shown.first).to_contain_text("Week 1 ·")
        expect(page.get_by_text("Map interests before positions.")).to_be_visible()
        expect(
            page.get_by_role("heading", level=3, name=re.compile(r"^Week (9|10) ·"))
        ).to_have_count(0)
        check_accessibility(page)
        screenshot(page, "exam-reading-one-heading")

        search = page.get_by_role("search")
        search.get_by_label("Search this submission").fill("rotating chair")
        search.get_by_role("button", name="Search").click()
        expect(
            page.get_by_role("heading", level=2, name=re.compile(r"match “rotating chair”"))
        ).to_be_visible()
        expect(page.get_by_role("link", name=re.compile(r"^Week 8 · ")).first).to_be_visible()
        expect(page.locator("mark").first).to_be_visible()
        check_accessibility(page)
        screenshot(page, "exam-reading-search")

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download PDF").click()
        download = download_info.value
        assert re.fullmatch(
            r"pbas-submission-v1-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename
        )
        with open(download.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"

        page.get_by_role("link", name="Record assessment").click()
        expect(h1(page)).to_have_text("Your assessment")
        check_accessibility(page)
        page.get_by_label(field_label("Outcome")).select_option(label="Accredited")
        # issue 12: marks per criterion (weights 20, 20, 30, 30): a total of 72.
        expect(page.get_by_label(field_label("Mark (out of 100)"))).to_have_count(0)
        fill_rubric(page, enrolment, [6, 6, 8, 8])
        page.get_by_label(field_label("Written feedback")).fill(
            "A thoughtful logbook. **Strength:** honest about your own habits."
        )
        screenshot(page, "exam-assess")
        page.get_by_role("button", name="Record assessment").click()
        expect(status(page)).to_contain_text("Assessment recorded.")
        expect(page.get_by_role("link", name="Update your assessment")).to_be_visible()
        assessment = Assessment.objects.get(submission=submission)
        assert (assessment.examiner.email, assessment.outcome, assessment.mark) == (
            EXAMINER,
            Outcome.ACCREDITED,
            72,
        )
        nav(page).get_by_role("link", name="Submissions to examine").click()
        expect(
            page.get_by_role("row").filter(has=page.get_by_role("link", name=CANDIDATE_NAME))
        ).to_contain_text("Recorded")

        # --- The coordinator records the final decision. -------------------
        sign_in_as(page, live_server, COORDINATOR)
        nav(page).get_by_role("link", name="Submissions", exact=True).click()
        page.get_by_role("link", name=CANDIDATE_NAME).click()
        # issue 12: the assessments and the mentor's proposal side by side.
        side_by_side = page.get_by_role("table", name="Marks and comments per criterion")
        expect(side_by_side.get_by_role("columnheader", name=EXAMINER_NAME)).to_be_visible()
        expect(side_by_side.get_by_role("columnheader", name="Mentor proposes")).to_be_visible()
        total_header = page.get_by_role("rowheader", name="Total", exact=True)
        total = side_by_side.get_by_role("row").filter(has=total_header)
        expect(total).to_contain_text("70/100")
        expect(total).to_contain_text("72/100")
        expect(side_by_side).to_contain_text("Accredited")
        page.get_by_label(field_label("Final outcome")).select_option(label="Accredited")
        page.get_by_label(field_label("Final mark (out of 100)")).fill("71")
        page.get_by_label(field_label("Feedback to the candidate")).fill(
            "Congratulations, Camille: you are accredited as a partnership broker."
        )
        page.get_by_role("button", name="Record decision").click()
        expect(status(page)).to_contain_text("Decision recorded")
        check_accessibility(page)
        screenshot(page, "exam-coordinator-decided")
        assert Decision.objects.get(submission=submission).outcome == Outcome.ACCREDITED
        # issue 12: the decision is not yet the result: it is released.
        assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.SUBMITTED
        page.get_by_role("button", name="Release").click()
        expect(status(page)).to_contain_text("released now")
        expect(page.get_by_text(re.compile(r"^Released \d"))).to_be_visible()
        assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACCREDITED

        # --- 4. The candidate sees the outcome. ----------------------------
        sign_in_as(page, live_server, CANDIDATE)
        nav(page).get_by_role("link", name="Examination").click()
        expect(page.locator(".list-group-item", has_text="Version 1")).to_contain_text("Accredited")
        page.get_by_role("link", name="Outcome and feedback").click()
        expect(h1(page)).to_have_text("Outcome: Accredited")
        expect(page.get_by_text("final mark 71/100")).to_be_visible()
        expect(page.get_by_text("you are accredited as a partnership broker")).to_be_visible()
        expect(page.get_by_text("honest about your own habits")).to_be_visible()
        expect(page.get_by_text("listen before proposing")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "exam-result")

        # --- ...then edits a live shared entry; the submission stays put. --
        nav(page).get_by_role("link", name="My logbook").click()
        page.get_by_role("link", name="Week 4: Interests, not positions").first.click()
        page.get_by_role("link", name="Edit", exact=True).click()
        expect(h1(page)).to_have_text("Edit entry")
        section = page.get_by_label(field_label(EDITED_HEADING))
        expect(section).to_have_value(original_text)
        section.fill(EDITED_TEXT)
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text(EDITED_TEXT)).to_be_visible()
        live = Entry.objects.get(pk=week4.pk)
        assert live.sections.get(heading_title=EDITED_HEADING).body == EDITED_TEXT
        assert live.status == EntryStatus.SHARED

        nav(page).get_by_role("link", name="Examination").click()
        page.get_by_role("link", name="Read what you submitted").click()
        expect(h1(page)).to_have_text(f"{CANDIDATE_NAME}'s logbook")
        week4_copy = page.locator("article.submitted-entry").filter(
            has=page.get_by_role("heading", name="Interests, not positions")
        )
        # The reading view renders Markdown: compare the words, not the asterisks.
        expect(week4_copy).to_contain_text(original_text.replace("*", ""))
        expect(week4_copy).not_to_contain_text(EDITED_TEXT)
        expect(page.get_by_text(EDITED_TEXT)).to_have_count(0)
        check_accessibility(page)
        screenshot(page, "exam-reading-after-edit")

        submission.refresh_from_db()
        assert frozen_hash(submission) == submission.content_hash
        frozen.refresh_from_db()
        assert frozen.body == original_text
        assert Submission.objects.filter(enrolment=enrolment).count() == 1


class TestBeforeSubmitting:
    def test_submit_page_says_the_final_paper_is_missing(self, page, live_server, demo_data):
        login(page, live_server, CANDIDATE)
        nav(page).get_by_role("link", name="Examination").click()
        page.get_by_role("link", name="Submit for examination").click()

        expect(h1(page)).to_have_text("Submit for examination")
        expect(described(page, "Final paper")).to_contain_text("Missing")
        expect(page.get_by_role("alert")).to_contain_text(
            "Your final paper is missing. Write it before submitting."
        )
        expect(page.get_by_role("button", name="Confirm submission")).to_have_count(0)
        check_accessibility(page)
        screenshot(page, "exam-submit-without-paper")
        assert not Submission.objects.filter(enrolment=camille()).exists()


class TestWhileTheExaminationRuns:
    def test_examiner_not_assigned_neither_sees_nor_opens_the_submission(
        self, page, live_server, demo_data
    ):
        submission = submit_in_the_background(camille())
        services.examiner_assign(
            submission=submission,
            examiner=User.objects.get(email=EXAMINER),
            by=User.objects.get(email=COORDINATOR),
        )

        login(page, live_server, OTHER_EXAMINER)
        expect(h1(page)).to_have_text("Submissions to examine")
        expect(page.get_by_role("link", name=CANDIDATE_NAME)).to_have_count(0)
        for path in ("", "pdf/", "assess/"):
            response = page.goto(
                f"{live_server.url}/examine/submissions/{submission.public_id}/{path}"
            )
            assert response.status == 404, path

    def test_candidate_waits_for_the_release_to_read_assessments(
        self, page, live_server, demo_data
    ):
        enrolment = camille()
        submission = submit_in_the_background(enrolment)
        examiner = User.objects.get(email=EXAMINER)
        services.examiner_assign(
            submission=submission, examiner=examiner, by=User.objects.get(email=COORDINATOR)
        )
        assessing.mentor_report_save(
            submission=submission,
            mentor=enrolment.mentor,
            body="A private view for the examiner until the decision.",
            criterion_marks=marks_for(submission, 60),
            criterion_notes={},
        )
        assessing.assessment_record(
            submission=submission,
            examiner=examiner,
            outcome=Outcome.RESUBMIT,
            criterion_marks=marks_for(submission, 40),
            feedback="Not yet visible to the candidate.",
            criterion_notes={},
        )
        # issue 12: even the recorded decision stays unseen until released.
        assessing.decision_record(
            submission=submission,
            by=User.objects.get(email=COORDINATOR),
            outcome=Outcome.RESUBMIT,
            mark=40,
            feedback="Decided, not yet released.",
        )
        assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.SUBMITTED

        login(page, live_server, CANDIDATE)
        nav(page).get_by_role("link", name="Examination").click()
        # issue 12: the badge reads "With the examiners" (was "Awaiting examination").
        expect(page.locator(".list-group-item", has_text="Version 1")).to_contain_text(
            "With the examiners"
        )
        expect(page.get_by_role("link", name="Outcome and feedback")).to_have_count(0)

        page.goto(f"{live_server.url}/examine/submissions/{submission.public_id}/result/")
        expect(h1(page)).to_have_text("Awaiting the decision")
        expect(page.get_by_text("Not yet visible to the candidate.")).to_have_count(0)
        expect(page.get_by_text("Decided, not yet released.")).to_have_count(0)

        page.get_by_role("link", name="Read the submission").click()
        expect(h1(page)).to_have_text(f"{CANDIDATE_NAME}'s logbook")
        expect(page.get_by_text("A private view for the examiner")).to_have_count(0)
        expect(page.get_by_role("link", name="Record assessment")).to_have_count(0)
        # The reading view works on a phone too.
        page.set_viewport_size(MOBILE)
        check_fits_width(page)
        check_accessibility(page)
        screenshot(page, "exam-reading-candidate-mobile")
