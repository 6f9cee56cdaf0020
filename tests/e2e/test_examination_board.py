"""The whole examination board in a real browser (issue 12, "Done when").

The demo's earlier cohort needs two examiners per submission. Priya Nair's
version 1 is assigned to Elif Demir, with Meera Krishnan's mentor's report
written. The coordinator assigns Ewan Fraser as the second examiner; the
two mark on the cohort's rubric and disagree (Accredited 70, Resubmission
required 44); neither sees the other's marks before recording their own.
The coordinator is refused a decision until both are in, reads the two
assessments side by side, is asked for an agreed mark and a reason, then
releases the cohort's results together at a set time. Until that time
Priya sees "With the examiners" and nothing else; after it (the clock is
moved by putting the release time in the past, and the release job run as
cron would), she reads the outcome and gets a notice with no mark in it.
The progress dashboard and both CSV downloads are checked against the
database, with figures computed here independently of examinations.progress.
"""

import csv
import datetime
import io
import pathlib
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from entries.models import Entry, EntryStatus
from examinations import marking
from examinations.models import Assessment, Decision, Outcome, ResultRelease, Submission
from mentors import services as mentor_services
from mentors.models import Comment
from pbas_logbook.models import Enrolment, EnrolmentStatus, User
from tests.e2e.conftest import check_accessibility, field_label, screenshot
from tests.e2e.test_examination_journey import h1, nav, sign_in_as, status

COORDINATOR = "coordinator@example.org"
CANDIDATE = "priya@example.org"
CANDIDATE_NAME = "Priya Nair"
FIRST = "examiner@example.org"
FIRST_NAME = "Elif Demir"
SECOND = "examiner2@example.org"
SECOND_NAME = "Ewan Fraser"
FIRST_FEEDBACK = "Elif's view: the narrative carries the partnership's turning points well."
SECOND_FEEDBACK = "Ewan's view: the reflection stays descriptive; too little on power."
# The programme's sheet: four criteria weighted 20, 20, 30, 30, marks out of 10.
FIRST_MARKS = [7, 7, 7, 7]  # 70: Accredited
SECOND_MARKS = [5, 5, 4, 4]  # 10 + 10 + 12 + 12 = 44: Resubmission required
AGREED = 58
REASON = "Agreed after reading both: the reflection is thin in weeks 4–6 but sufficient overall."


def priya():
    return Enrolment.objects.select_related("cohort").get(candidate__email=CANDIDATE)


def rubric(page, enrolment, marks, comments=None):
    criteria = marking.scheme_criteria(enrolment.cohort.marking_scheme)
    assert len(criteria) == len(marks)
    for criterion, mark in zip(criteria, marks, strict=True):
        page.get_by_label(field_label(f"{criterion.name}: mark out of {criterion.max_mark}")).fill(
            str(mark)
        )


def open_manage_page(page):
    nav(page).get_by_role("link", name="Submissions", exact=True).click()
    page.get_by_role("link", name=CANDIDATE_NAME).click()
    expect(h1(page)).to_have_text(f"{CANDIDATE_NAME} · version 1")


def open_cohort_page(page, cohort):
    nav(page).get_by_role("link", name="Cohorts").click()
    page.get_by_role("link", name=cohort.name, exact=True).click()
    expect(h1(page)).to_contain_text(cohort.name)


def assess(page, enrolment, outcome, marks, feedback):
    nav(page).get_by_role("link", name="Submissions to examine").click()
    page.get_by_role("row").filter(has=page.get_by_role("link", name=CANDIDATE_NAME)).get_by_role(
        "link", name=CANDIDATE_NAME
    ).click()
    page.get_by_role("link", name="Record assessment").click()
    expect(h1(page)).to_have_text("Your assessment")
    page.get_by_label(field_label("Outcome")).select_option(label=outcome)
    rubric(page, enrolment, marks)
    page.get_by_label(field_label("Written feedback")).fill(feedback)


def downloaded(download_info) -> str:
    return pathlib.Path(download_info.value.path()).read_text(encoding="utf-8-sig")


def expected_progress(enrolment) -> dict:
    """Priya's figures as the page defines them, counted here in Python."""
    today = timezone.localdate()
    last_week = min(enrolment.current_week(today), enrolment.length_weeks)
    entries = [
        e
        for e in Entry.objects.filter(enrolment=enrolment, deleted_at__isnull=True)
        if 1 <= e.week <= last_week
    ]
    written = {e.week for e in entries}
    shared = {e.week for e in entries if e.status == EntryStatus.SHARED}
    ended = [w for w in range(1, last_week + 1) if enrolment.week_end(w) < today]
    shared_entries = [e for e in entries if e.status == EntryStatus.SHARED]
    commented = set(
        Comment.objects.filter(entry__in=shared_entries, author_id=enrolment.mentor_id).values_list(
            "entry_id", flat=True
        )
    )
    reviewed = [e for e in shared_entries if e.reviewed_at or e.pk in commented]
    rate = round(100 * len(reviewed) / len(shared_entries)) if shared_entries else None
    return {
        "written": len(written),
        "shared": len(shared),
        "missing": len([w for w in ended if w not in written]),
        "rate": rate,
    }


class TestExaminationBoard:
    def test_two_examiners_disagree_the_coordinator_moderates_and_releases_at_a_time(
        self, page, live_server, demo_data
    ):
        enrolment = priya()
        submission = Submission.objects.get(enrolment=enrolment)
        assert enrolment.cohort.marking_scheme.examiners_required == 2
        assert list(submission.assignments.values_list("examiner__email", flat=True)) == [FIRST]
        # The demo's earlier cohort has no reviews; two make the review rate a real figure.
        shared = Entry.objects.filter(enrolment=enrolment, status=EntryStatus.SHARED)
        for entry in shared.order_by("week")[:2]:
            mentor_services.entry_mark_reviewed(entry=entry, by=enrolment.mentor)
        mentor_services.comment_post(
            entry=shared.order_by("week")[2],
            author=enrolment.mentor,
            body="What did the fisheries department want from this?",
        )

        # --- The coordinator: no decision yet; a second examiner. ----------
        sign_in_as(page, live_server, COORDINATOR)
        open_manage_page(page)
        expect(page.get_by_text("0 of 2 assessments in.")).to_be_visible()
        expect(
            page.get_by_text("The decision is recorded once all 2 assessments are in.")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Record decision")).to_have_count(0)
        # Posting a decision anyway (a stale tab, a forged form) records nothing.
        refused = page.request.post(
            f"{live_server.url}/examine/manage/{submission.public_id}/decision/",
            form={
                "csrfmiddlewaretoken": page.locator(
                    "input[name=csrfmiddlewaretoken]"
                ).first.input_value(),
                "outcome": Outcome.ACCREDITED,
                "mark": "70",
            },
        )
        assert refused.status in (200, 422), refused.status
        assert "assessments are in" in refused.text()
        assert not Decision.objects.filter(submission=submission).exists()

        page.get_by_label(field_label("Examiner")).select_option(label=SECOND_NAME)
        page.get_by_role("button", name="Assign examiner").click()
        expect(status(page)).to_contain_text(f"{SECOND_NAME} is assigned, due ")

        # --- Elif marks first: Accredited, 70. -----------------------------
        sign_in_as(page, live_server, FIRST)
        assess(page, enrolment, "Accredited", FIRST_MARKS, FIRST_FEEDBACK)
        page.get_by_role("button", name="Record assessment").click()
        expect(status(page)).to_contain_text("Assessment recorded.")

        # --- Ewan marks second, without seeing Elif's marks. ---------------
        sign_in_as(page, live_server, SECOND)
        assess(page, enrolment, "Resubmission required", SECOND_MARKS, SECOND_FEEDBACK)
        expect(page.get_by_text("1 of 2 assessments in.", exact=False)).to_be_visible()
        expect(page.get_by_text(FIRST_FEEDBACK)).to_have_count(0)
        expect(page.get_by_text(FIRST_NAME)).to_have_count(0)
        check_accessibility(page)
        screenshot(page, "board-second-examiner")
        page.get_by_role("button", name="Record assessment").click()
        expect(status(page)).to_contain_text("Assessment recorded.")
        marks = dict(
            Assessment.objects.filter(submission=submission).values_list("examiner__email", "mark")
        )
        assert marks == {FIRST: 70, SECOND: 44}

        # --- The coordinator moderates: side by side, agreed mark, reason. --
        sign_in_as(page, live_server, COORDINATOR)
        open_manage_page(page)
        expect(page.get_by_text("All 2 assessments are in.")).to_be_visible()
        flag = page.locator("[data-moderation]")
        expect(flag).to_contain_text("To moderate.")
        side_by_side = page.get_by_role("table", name="Marks and comments per criterion")
        for name in (FIRST_NAME, SECOND_NAME):
            expect(side_by_side.get_by_role("columnheader", name=name)).to_be_visible()
        total = side_by_side.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name="Total", exact=True)
        )
        expect(total).to_contain_text("70/100")
        expect(total).to_contain_text("44/100")
        expect(page.get_by_text(FIRST_FEEDBACK)).to_be_visible()
        expect(page.get_by_text(SECOND_FEEDBACK)).to_be_visible()
        check_accessibility(page)
        screenshot(page, "board-moderation")

        page.get_by_label(field_label("Final outcome")).select_option(label="Accredited")
        page.get_by_role("button", name="Record decision").click()
        # Moderated: the agreed mark and the reason are asked for, on their fields.
        expect(page.locator("#id_mark").locator("..")).to_contain_text("agreed mark")
        assert not Decision.objects.filter(submission=submission).exists()
        page.get_by_label(field_label("Final outcome")).select_option(label="Accredited")
        page.get_by_label(field_label("Final mark (out of 100)")).fill(str(AGREED))
        page.get_by_label(field_label("Why this agreed mark and outcome")).fill(REASON)
        page.get_by_label(field_label("Feedback to the candidate")).fill(
            "Accredited, Priya: keep pushing your *so what?* on power between partners."
        )
        page.get_by_role("button", name="Record decision").click()
        expect(status(page)).to_contain_text("Decision recorded")
        expect(page.get_by_text(f"Moderated: {REASON}")).to_be_visible()
        decision = Decision.objects.get(submission=submission)
        assert (decision.outcome, decision.mark, decision.moderation_reason) == (
            Outcome.ACCREDITED,
            AGREED,
            REASON,
        )

        # --- ...and releases the cohort's results together, tomorrow 09:00. --
        open_cohort_page(page, enrolment.cohort)
        release_at = timezone.localtime() + datetime.timedelta(days=1)
        release_at = release_at.replace(hour=9, minute=0, second=0, microsecond=0)
        together = page.get_by_role("region", name="Release the cohort's results together")
        together.get_by_role("radio", name="At a date and time").check()
        when = release_at.strftime("%Y-%m-%dT%H:%M")
        together.get_by_role("textbox", name="Date and time").fill(when)
        together.get_by_role("button", name="Release results").click()
        expect(status(page)).to_contain_text("release")
        release = ResultRelease.objects.get(decision=decision)
        assert release.release_at == release_at
        assert release.notified_at is None
        mail.outbox.clear()

        # --- Before the time, Priya sees nothing of it. ---------------------
        sign_in_as(page, live_server, CANDIDATE)
        nav(page).get_by_role("link", name="Examination").click()
        version = page.locator(".list-group-item", has_text="Version 1")
        expect(version).to_contain_text("With the examiners")
        expect(page.get_by_role("link", name="Outcome and feedback")).to_have_count(0)
        page.goto(f"{live_server.url}/examine/submissions/{submission.public_id}/result/")
        expect(h1(page)).to_have_text("Awaiting the decision")
        for secret in (FIRST_FEEDBACK, SECOND_FEEDBACK, REASON, "Accredited", f"{AGREED}/100"):
            expect(page.get_by_text(secret)).to_have_count(0)
        assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.SUBMITTED

        # --- The time comes (moved, not waited for); cron runs the job. ----
        ResultRelease.objects.filter(pk=release.pk).update(
            release_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        call_command("release_results")
        assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACCREDITED
        (notice,) = [m for m in mail.outbox if m.to == [CANDIDATE]]
        told = "\n".join([notice.subject, notice.body, *[c for c, _ in notice.alternatives]])
        for secret in (str(AGREED), "Accredited", FIRST_FEEDBACK, REASON):
            assert secret not in told, secret

        page.reload()
        expect(h1(page)).to_have_text("Outcome: Accredited")
        expect(page.get_by_text(f"final mark {AGREED}/100")).to_be_visible()
        # The examiners' outcomes and the moderation's reasons stay with the board.
        expect(page.get_by_text(REASON)).to_have_count(0)
        check_accessibility(page)
        screenshot(page, "board-candidate-result")

        # --- The dashboard and the CSVs, against the data. ------------------
        sign_in_as(page, live_server, COORDINATOR)
        open_cohort_page(page, enrolment.cohort)
        page.get_by_role("link", name="Progress of each candidate").click()
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=CANDIDATE_NAME))
        expect(row).to_have_count(1)
        want = expected_progress(enrolment)
        cells = row.get_by_role("cell").all_inner_texts()
        assert str(want["written"]) in cells[1], cells
        assert cells[2].startswith(str(want["shared"])), cells
        assert cells[4].startswith(str(want["missing"])), cells
        assert want["rate"] == round(100 * 3 / want["shared"]), want
        assert cells[5].startswith(f"{want['rate']}%"), cells
        expect(row).to_contain_text("Version 1: Accredited")
        screenshot(page, "board-progress")

        with page.expect_download() as progress_csv:
            page.get_by_role("link", name=re.compile("CSV")).first.click()
        rows = list(csv.DictReader(io.StringIO(downloaded(progress_csv))))
        (mine,) = [r for r in rows if r["Candidate"] == CANDIDATE_NAME]
        assert int(mine["Weeks written"]) == want["written"]
        assert int(mine["Weeks shared"]) == want["shared"]
        assert int(mine["Missing"]) == want["missing"]
        assert int(mine["Review rate (%)"]) == want["rate"]
        assert mine["Submission"] == "Version 1: Accredited"
        assert len(rows) == Enrolment.objects.filter(cohort=enrolment.cohort).count()

        open_cohort_page(page, enrolment.cohort)
        with page.expect_download() as marks_csv:
            page.get_by_role("link", name="Marks (CSV)").click()
        raw = downloaded(marks_csv)
        lines = list(csv.DictReader(io.StringIO(raw)))
        priya_lines = {r["Examiner"]: r for r in lines if r["Candidate"] == CANDIDATE_NAME}
        assert set(priya_lines) == {FIRST_NAME, SECOND_NAME}
        criteria = marking.scheme_criteria(enrolment.cohort.marking_scheme)
        for name, given, total, outcome in (
            (FIRST_NAME, FIRST_MARKS, "70", "Accredited"),
            (SECOND_NAME, SECOND_MARKS, "44", "Resubmission required"),
        ):
            line = priya_lines[name]
            assert [line[f"{c.name} (/{c.max_mark})"] for c in criteria] == [str(m) for m in given]
            assert (line["Examiner's total"], line["Examiner's outcome"]) == (total, outcome)
            assert (line["Agreed mark"], line["Decision"], line["Moderated"]) == (
                str(AGREED),
                "Accredited",
                "yes",
            )
            assert line["Released"] == timezone.localtime(
                ResultRelease.objects.get(pk=release.pk).release_at
            ).strftime("%Y-%m-%d %H:%M")
        report = submission.mentor_report
        assert {r["Mentor's proposed total"] for r in priya_lines.values()} == {
            str(report.proposed_mark)
        }
        # No words anyone wrote leave in the marks.
        for text in (FIRST_FEEDBACK, SECOND_FEEDBACK, REASON):
            assert text not in raw
        assert User.objects.filter(email=SECOND, is_examiner=True).exists()
