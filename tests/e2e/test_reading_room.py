"""The examiner's reading room in a real browser (issue 12 item 7).

elif (examiner@example.org) reads Camille's submission one week at a time:
Previous / Next, a private note on a section, the mentor's report beside the
week, and on coming back "Continue where you left off" (the position posted
by static/js/reading.js, never by a GET). Also at phone width (390 px).
Screenshots: test-artifacts/screenshots/reading-room-*.png.
"""

import re
import time

from playwright.sync_api import expect

from examinations import assessing, services
from examinations.models import ExaminerNote, ReadingPosition
from pbas_logbook.models import Enrolment, User
from tests.e2e.conftest import MOBILE, check_accessibility, check_fits_width, login, screenshot
from tests.examinations.conftest import marks_for

CANDIDATE = "candidate@example.org"
EXAMINER = "examiner@example.org"
COORDINATOR = "coordinator@example.org"
REPORT = "Camille listens before she proposes; her notes show it."


def examined_submission():
    """Camille's paper and version 1, assigned to the examiner, with the
    mentor's report written (through the services)."""
    enrolment = Enrolment.objects.get(candidate__email=CANDIDATE)
    services.paper_save(
        enrolment=enrolment,
        title="From convenor to broker",
        body="## Where I started",
        version=None,
    )
    submission = services.submission_create(
        enrolment=enrolment, by=enrolment.candidate, expected_version=1
    )
    services.examiner_assign(
        submission=submission,
        examiner=User.objects.get(email=EXAMINER),
        by=User.objects.get(email=COORDINATOR),
    )
    assessing.mentor_report_save(
        submission=submission,
        mentor=enrolment.mentor,
        body=REPORT,
        criterion_marks=marks_for(submission, 60),
        criterion_notes={},
    )
    return submission


def wait_for(condition, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


class TestReadingRoom:
    def test_reads_week_by_week_keeps_a_note_and_continues(self, page, live_server, demo_data):
        submission = examined_submission()
        weeks = sorted(set(submission.entries.values_list("week", flat=True)))
        login(page, live_server, EXAMINER)
        page.goto(f"{live_server.url}/examine/submissions/{submission.public_id}/")

        page.get_by_role("link", name="Read week by week").click()
        expect(
            page.get_by_role("heading", level=2, name=re.compile("^Final paper"))
        ).to_be_visible()
        page.get_by_role("link", name=f"Next: week {weeks[0]}").first.click()
        expect(page).to_have_url(re.compile(rf"\?week={weeks[0]}$"))
        page.get_by_role("link", name=f"Next: week {weeks[1]}").first.click()
        expect(page).to_have_url(re.compile(rf"\?week={weeks[1]}$"))
        assert wait_for(lambda: ReadingPosition.objects.filter(week=weeks[1]).exists())

        panel = page.get_by_role("complementary", name="The mentor's report")
        expect(panel).to_contain_text(REPORT)

        # A private note on the first section of this week.
        note = page.locator(".examiner-note").first
        note.locator("summary").click()
        note.get_by_role("textbox").fill("Ask how the second partner was brought back in.")
        note.get_by_role("button", name="Save note").click()
        # Saved without leaving the page (reading.js), said once the server answered.
        expect(note.locator("[data-note-status]")).to_have_text("Note saved.")
        expect(note.locator("summary")).to_contain_text("saved just now")
        expect(note).to_contain_text(
            "Only you can see this note (and the coordinator when moderating)."
        )
        assert ExaminerNote.objects.get().body == "Ask how the second partner was brought back in."
        # After a reload the note is there, with when it was saved (too long a
        # note is refused on the field: tests/examinations/test_reading_room.py).
        page.reload()
        first = page.locator(".examiner-note").first
        expect(first.locator("summary")).to_contain_text(re.compile(r"saved\s+\d+ \w+ \d{4}"))
        expect(first.get_by_role("textbox")).to_have_value(
            "Ask how the second partner was brought back in."
        )
        check_accessibility(page)
        screenshot(page, "reading-room-week-desktop")

        # Back to the whole logbook: offered to continue where they stopped.
        page.get_by_role("link", name="Whole logbook on one page").click()
        link = page.get_by_role("link", name=f"Continue where you left off: Week {weeks[1]}")
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(re.compile(rf"\?week={weeks[1]}(#.*)?$"))

        # Phone width: Previous / Next visible, nothing scrolls sideways.
        page.set_viewport_size(MOBILE)
        page.reload()
        expect(page.get_by_role("link", name=f"Previous: week {weeks[0]}").first).to_be_visible()
        expect(page.get_by_role("link", name=f"Next: week {weeks[2]}").first).to_be_visible()
        check_fits_width(page)
        check_accessibility(page)
        screenshot(page, "reading-room-week-phone")

        # Keyboard: Next is a link in the tab order, followed with Enter.
        page.get_by_role("link", name=f"Next: week {weeks[2]}").first.focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(rf"\?week={weeks[2]}$"))
