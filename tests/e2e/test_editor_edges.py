"""The entry editor at the edges (issue 11, items 4, 5 and 6), in chromium:

- a double click on "Share with mentor" on a new entry makes one shared
  entry and one email to the mentor;
- signed out and in again in another tab: the editing tab's next autosave is
  refused (its CSRF token is stale), the page takes a fresh token and saves,
  and "Save draft" then works, never a CSRF failure page;
- signed out in another tab: the page says "Not saved", offers "Sign in
  again" in a new tab, and saves the kept text once that tab is signed in;
- a 204,000-character paste is refused with a message and nothing typed is
  lost; text with many line breaks is counted as the server counts it.

Screenshots (test-artifacts/screenshots/editor-*.png) were looked at.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from entries.models import SECTION_MAX_CHARS, Entry, EntryStatus
from entries.services import EntryText, entry_save, headings_apply_preset
from pbas_logbook.models import Enrolment
from tests.e2e.conftest import field_label, login, screenshot, watch_for_problems

SOFIA = "candidate3@example.org"
SAVED = re.compile(r"^\s*Saved \d{2}:\d{2}\s*$")
AUTOSAVE_TIMEOUT = 15_000
AUTOSAVE = "/logbook/entries/autosave/"


@pytest.fixture
def sofia(demo_data):
    enrolment = Enrolment.objects.get(candidate__email=SOFIA)
    headings_apply_preset(enrolment=enrolment, key="rolfe")
    return enrolment


@pytest.fixture
def draft(sofia):
    return entry_save(
        enrolment=sofia,
        text=EntryText(week=1, title="Mapping", bodies=["First words.", "", ""]),
    )


@pytest.fixture
def tab(context):
    """A tab watched like the ``page`` fixture, except for the autosave
    refusals these journeys provoke on purpose (a stale CSRF token)."""
    tab = context.new_page()
    problems = watch_for_problems(tab, allowed=[(401, AUTOSAVE), (403, AUTOSAVE)])
    yield tab
    assert not problems, "The browser saw problems:\n" + "\n".join(problems)


def section_text(entry, position=0):
    return Entry.objects.get(pk=entry.pk).sections.get(position=position).body


def status(page):
    return page.locator("#save-status")


class TestDoubleClickOnShare:
    def test_a_new_entry_double_clicked_to_share_is_one_entry_and_one_email(
        self, page, live_server, sofia
    ):
        login(page, live_server, SOFIA)
        page.goto(f"{live_server.url}/logbook/entries/new/")
        page.get_by_label("What?", exact=True).fill("The water board said yes.")
        mail.outbox.clear()

        page.get_by_role("button", name="Share with mentor").dblclick()

        expect(page.get_by_role("status")).to_contain_text("Shared with your mentor.")
        entries = Entry.objects.filter(enrolment=sofia)
        assert entries.count() == 1
        assert entries.get().status == EntryStatus.SHARED
        mentor_email = sofia.mentor.email
        assert len([m for m in mail.outbox if mentor_email in m.to]) <= 1
        screenshot(page, "editor-shared-once")


class TestSessionReplacedInAnotherTab:
    def test_signed_in_again_elsewhere_the_editor_saves_with_a_fresh_token(
        self, tab, context, live_server, draft
    ):
        page = tab
        login(page, live_server, SOFIA)
        page.goto(f"{live_server.url}/logbook/entries/{draft.public_id}/edit/")
        page.get_by_label("What?", exact=True).fill("Before the other tab.")
        expect(status(page)).to_have_text(SAVED, timeout=AUTOSAVE_TIMEOUT)

        # Another tab signs out and in again: the session and CSRF token change.
        other = context.new_page()
        other.goto(f"{live_server.url}/")
        other.get_by_role("button", name="Log out").click()
        login(other, live_server, SOFIA)
        other.close()

        page.get_by_label("What?", exact=True).fill("After the other tab signed in again.")
        expect(status(page)).to_have_text(SAVED, timeout=AUTOSAVE_TIMEOUT)
        assert section_text(draft) == "After the other tab signed in again."

        # Save draft right after another re-login, with no autosave between.
        other = context.new_page()
        other.goto(f"{live_server.url}/")
        other.get_by_role("button", name="Log out").click()
        login(other, live_server, SOFIA)
        other.close()
        page.get_by_label("So what?", exact=True).fill("Typed and saved at once.")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status")).to_contain_text("Draft saved.")
        expect(page.locator("body")).not_to_contain_text("CSRF")
        assert section_text(draft, 1) == "Typed and saved at once."

    def test_signed_out_elsewhere_it_says_not_saved_and_saves_after_signing_in(
        self, tab, context, live_server, draft
    ):
        page = tab
        login(page, live_server, SOFIA)
        page.goto(f"{live_server.url}/logbook/entries/{draft.public_id}/edit/")
        other = context.new_page()
        other.goto(f"{live_server.url}/")
        other.get_by_role("button", name="Log out").click()
        expect(other.get_by_role("heading", level=1)).to_have_text("Log in")
        other.close()

        page.get_by_label("What?", exact=True).fill("Written while signed out.")
        expect(status(page)).to_contain_text(
            "Not saved: you have been signed out.", timeout=AUTOSAVE_TIMEOUT
        )
        expect(status(page)).not_to_contain_text("Saved ")
        screenshot(page, "editor-signed-out")
        assert section_text(draft) == "First words."

        with context.expect_page() as opened:
            status(page).get_by_role("link", name="Sign in again (new tab)").click()
        sign_in = opened.value
        sign_in.get_by_label(field_label("Email")).fill(SOFIA)
        sign_in.get_by_label(field_label("Password")).fill("pbas-demo")
        sign_in.get_by_role("button", name="Log in", exact=True).click()
        expect(sign_in.get_by_role("heading", level=1)).to_have_text("You are signed in again")
        screenshot(sign_in, "editor-signed-in-again")
        sign_in.close()
        page.bring_to_front()

        expect(status(page)).to_have_text(SAVED, timeout=AUTOSAVE_TIMEOUT)
        assert section_text(draft) == "Written while signed out."


class TestLongText:
    def test_an_over_long_paste_is_refused_with_a_message_and_nothing_is_lost(
        self, page, context, live_server, draft
    ):
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        login(page, live_server, SOFIA)
        page.goto(f"{live_server.url}/logbook/entries/{draft.public_id}/edit/")
        box = page.get_by_label("What?", exact=True)
        box.fill("Typed by hand.")
        expect(status(page)).to_have_text(SAVED, timeout=AUTOSAVE_TIMEOUT)

        page.evaluate("text => navigator.clipboard.writeText(text)", "x" * 204_000)
        box.focus()
        page.keyboard.press("End")
        page.keyboard.press("Control+V")

        expect(page.get_by_role("alert")).to_contain_text("Not pasted: that text is 204,000")
        expect(box).to_have_value("Typed by hand.")
        screenshot(page, "editor-paste-refused")
        assert section_text(draft) == "Typed by hand."

    def test_line_breaks_count_once_and_a_counter_shows_near_the_limit(
        self, page, live_server, draft
    ):
        login(page, live_server, SOFIA)
        page.goto(f"{live_server.url}/logbook/entries/{draft.public_id}/edit/")
        # 999 lines of 49 letters and a line break, then 50 letters: exactly
        # the limit (posted, each line break is two characters: "\r\n").
        text = ("y" * 49 + "\n") * (SECTION_MAX_CHARS // 50 - 1) + "y" * 50
        box = page.get_by_label("What?", exact=True)
        box.fill(text)

        expect(page.locator("#id_section_0-limit")).to_have_text("50,000 of 50,000 characters")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status")).to_contain_text("Draft saved.")
        assert section_text(draft) == text

        page.goto(f"{live_server.url}/logbook/entries/{draft.public_id}/edit/")
        box = page.get_by_label("What?", exact=True)
        box.press("End")
        box.press_sequentially("zz")
        expect(page.locator("#id_section_0-limit")).to_contain_text("2 too many")
        screenshot(page, "editor-over-limit")
