"""The candidate's logbook, tried as a new user would (issue 3), in a real
browser: Debian's chromium against the live server, with the demo data.

- Sofia (candidate3, a fresh logbook) picks her headings, renames one and
  adds one, writes an entry that saves itself while she types, finds it
  again after a reload, shares it and sees it on her timeline.
- She searches her logbook (the match is highlighted) and reads one heading
  across her weeks.
- She downloads her logbook as PDF and as Markdown.
- The same entry open in two tabs: the stale tab is shown both versions and
  chooses; the text it replaced stays in the history.
- Leaving the editor with unsaved text asks first.

Each page is checked with axe-core and photographed into
test-artifacts/screenshots/ (names start with ``logbook-``).
"""

import re

import pytest
from playwright.sync_api import expect

from entries.history import entry_versions
from entries.models import Entry, EntryStatus
from entries.services import EntryText, entry_save, headings_apply_preset
from pbas_logbook.models import Enrolment
from tests.e2e.conftest import (
    BROWSER_TIMEOUT_MS,
    check_accessibility,
    check_fits_width,
    field_label,
    login,
    screenshot,
)

SOFIA = "candidate3@example.org"  # the demo candidate with an empty logbook
SAVED = re.compile(r"^\s*Saved \d{2}:\d{2}\s*$")
# htmx saves three seconds after typing stops; a slow machine gets headroom.
AUTOSAVE_TIMEOUT = 15_000
UNIQUE_WORD = "kaleidoscope"


def nav(page):
    return page.get_by_role("navigation", name="Main")


def logbook_nav(page):
    return page.get_by_role("navigation", name="Logbook")


def h1(page):
    return page.get_by_role("heading", level=1)


def sofias_enrolment():
    return Enrolment.objects.get(candidate__email=SOFIA)


@pytest.fixture
def written(demo_data):
    """Sofia's logbook with the What? / So what? / Now what? headings and two
    shared entries (weeks 2 and 3), the second with a word used nowhere else."""
    enrolment = sofias_enrolment()
    headings_apply_preset(enrolment=enrolment, key="rolfe")
    entries = [
        entry_save(
            enrolment=enrolment,
            text=EntryText(
                week=2,
                title="First call with the water board",
                aims="Hear what the water board wants from the partnership.",
                bodies=[
                    "A call with the water board and two villages.",
                    "The board listens when the villages speak first.",
                    "Ask the villages to open the next meeting.",
                ],
            ),
            share=True,
        ),
        entry_save(
            enrolment=enrolment,
            text=EntryText(
                week=3,
                title="Mapping the interests",
                aims="Map what each partner needs.",
                bodies=[
                    "We drew the partners' interests on one wall.",
                    f"Seen together, the interests form a {UNIQUE_WORD}: "
                    "each turn of the conversation shows another pattern.",
                    "Share the map before the next meeting.",
                ],
            ),
            share=True,
        ),
    ]
    return enrolment, entries


def saved_text(entry):
    entry = Entry.objects.get(pk=entry.pk)
    return entry.aims, [s.body for s in entry.sections.order_by("position")]


class TestWritingTheFirstEntry:
    def test_new_candidate_picks_headings_writes_autosaves_and_shares(
        self, page, live_server, demo_data
    ):
        enrolment = sofias_enrolment()
        week = enrolment.current_week() - 1
        login(page, live_server, SOFIA)
        nav(page).get_by_role("link", name="My logbook", exact=True).click()
        expect(h1(page)).to_have_text("My logbook")
        expect(page.get_by_text("No entries yet.")).to_be_visible()

        # Headings first: a starting set, one renamed, one added.
        logbook_nav(page).get_by_role("link", name="Headings", exact=True).click()
        expect(h1(page)).to_have_text("Headings")
        expect(page.get_by_text("No headings yet.")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "logbook-headings-empty")

        # The button names its set (visually hidden text after "Use these headings").
        page.get_by_role(
            "button", name=re.compile(r"^Use these headings\s*: What\? \/ So what\? \/ Now what\?$")
        ).click()
        expect(page.get_by_role("status")).to_contain_text("Headings set.")
        expect(page.get_by_label("Heading 1", exact=True)).to_have_value("What?")
        expect(page.get_by_label("Heading 3", exact=True)).to_have_value("Now what?")

        page.get_by_label("Heading 3", exact=True).fill("Next steps")
        page.get_by_role("button", name="Save Now what?", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Heading saved.")
        expect(page.get_by_label("Heading 3", exact=True)).to_have_value("Next steps")

        page.get_by_label(field_label("Heading")).fill("Partner voices")
        page.get_by_label(field_label("Guidance prompt (optional)")).fill(
            "What did the partners say, in their words?"
        )
        page.get_by_role("button", name="Add heading").click()
        expect(page.get_by_role("status")).to_contain_text("Heading “Partner voices” added.")
        expect(page.get_by_label("Heading 4", exact=True)).to_have_value("Partner voices")
        check_accessibility(page)
        screenshot(page, "logbook-headings")
        assert list(enrolment.headings.values_list("title", flat=True)) == [
            "What?",
            "So what?",
            "Next steps",
            "Partner voices",
        ]

        # A new entry: one text area per heading, labelled with its title.
        nav(page).get_by_role("link", name="My logbook", exact=True).click()
        page.get_by_role("link", name="New entry").first.click()
        expect(h1(page)).to_have_text("New entry")
        for title in ("What?", "So what?", "Next steps", "Partner voices"):
            expect(page.get_by_label(title, exact=True)).to_be_editable()
        expect(page.get_by_role("button", name="Save draft")).to_be_visible()
        expect(page.get_by_role("button", name="Share with mentor")).to_be_visible()
        check_accessibility(page)

        page.get_by_label(field_label("Week of")).select_option(label=enrolment.week_label(week))
        page.get_by_label(field_label("Title (optional)")).fill("A first meeting of partners")
        page.get_by_label(field_label("Aims and strategies for this week")).fill(
            "Bring the health and housing teams to one table."
        )
        page.get_by_label("So what?", exact=True).press_sequentially(
            "Both teams want the same families to be heard."
        )

        # No button pressed: the entry saves itself once typing stops.
        status = page.locator("#save-status")
        expect(status).to_have_text(SAVED, timeout=AUTOSAVE_TIMEOUT)
        expect(page).to_have_url(re.compile(r"/logbook/entries/[0-9a-f-]{36}/edit/$"))
        entry = Entry.objects.get(enrolment=enrolment)
        assert entry.status == EntryStatus.DRAFT
        assert entry.week == week
        assert saved_text(entry) == (
            "Bring the health and housing teams to one table.",
            ["", "Both teams want the same families to be heard.", "", ""],
        )
        # Photographed only now: a screenshot leaves empty style attributes on
        # the fields (Playwright hides the caret), which htmx would copy back
        # on its next swap, against the Content Security Policy. The reload
        # below draws a clean page.
        screenshot(page, "logbook-entry-autosaved")

        # The text comes back from the server after a reload.
        page.reload()
        expect(h1(page)).to_have_text("Edit entry")
        expect(page.get_by_label("So what?", exact=True)).to_have_value(
            "Both teams want the same families to be heard."
        )
        expect(page.get_by_label(field_label("Aims and strategies for this week"))).to_have_value(
            "Bring the health and housing teams to one table."
        )
        expect(page.locator("#restore-banner")).to_be_hidden()
        check_accessibility(page)

        page.get_by_label("Next steps", exact=True).fill("Send both teams the notes by Friday.")
        page.get_by_role("button", name="Share with mentor").click()
        expect(page.get_by_role("status")).to_contain_text("Shared with your mentor.")
        expect(h1(page)).to_have_text("A first meeting of partners")
        expect(page.get_by_text(re.compile(r"^Shared with mentor \d"))).to_be_visible()
        expect(page.get_by_text("Send both teams the notes by Friday.")).to_be_visible()
        entry.refresh_from_db()
        assert entry.status == EntryStatus.SHARED

        # The timeline: the entry in the list and its week in the strip.
        nav(page).get_by_role("link", name="My logbook", exact=True).click()
        expect(h1(page)).to_have_text("My logbook")
        row = page.locator(".entry-row").filter(
            has=page.get_by_role("link", name=f"Week {week}: A first meeting of partners")
        )
        expect(row).to_have_count(1)
        expect(row.locator(".badge")).to_contain_text(["Shared"])
        expect(row).to_contain_text("Both teams want the same families to be heard.")
        cell = page.locator(".week-strip .week-cell").nth(week - 1)
        expect(cell).to_contain_text(f"Week {week} (")
        expect(cell).to_contain_text("shared with mentor")
        expect(cell).to_have_class(re.compile(r"\bweek-shared\b"))
        expect(page.get_by_role("heading", name=re.compile(r"^Progress: 1 of"))).to_be_visible()
        check_accessibility(page)
        check_fits_width(page)
        screenshot(page, "logbook-home")


class TestLookingBack:
    def test_search_highlights_the_word_and_a_heading_reads_across_weeks(
        self, page, live_server, written
    ):
        login(page, live_server, SOFIA)
        expect(h1(page)).to_have_text("My logbook")
        logbook_nav(page).get_by_role("link", name="Search", exact=True).click()
        expect(h1(page)).to_have_text("Search my logbook")

        search = page.get_by_label(field_label("Search my logbook"))
        search.fill(UNIQUE_WORD)
        search.press("Enter")
        results = page.get_by_role("region", name=re.compile("matching"))
        expect(results.get_by_role("heading", level=2)).to_have_text(
            f"1 section matching “{UNIQUE_WORD}”"
        )
        result = results.locator(".result")
        expect(result).to_have_count(1)
        expect(result.locator(".result-heading")).to_have_text("So what?")
        expect(result.locator(".result-snippet mark")).to_have_text([UNIQUE_WORD])
        check_accessibility(page)
        screenshot(page, "logbook-search-results")

        result.get_by_role(
            "link", name=re.compile(r"^Week 3 · .* — Mapping the interests$")
        ).click()
        expect(h1(page)).to_have_text("Mapping the interests")
        expect(page).to_have_url(re.compile(r"#section-1$"))
        expect(page.locator("#section-1")).to_contain_text(UNIQUE_WORD)

        # One heading through all the weeks, oldest first.
        nav(page).get_by_role("link", name="My logbook", exact=True).click()
        logbook_nav(page).get_by_role("link", name="Read a heading across weeks").click()
        page.get_by_label("Heading", exact=True).select_option("So what?")
        page.get_by_role("button", name="Read", exact=True).click()
        expect(h1(page)).to_have_text("So what?")
        articles = page.locator("article.heading-across-item")
        expect(articles.get_by_role("heading", level=2)).to_have_text(
            [
                re.compile(r"^Week 2 · .* — First call with the water board$"),
                re.compile(r"^Week 3 · .* — Mapping the interests$"),
            ]
        )
        expect(articles.nth(0)).to_contain_text("The board listens when the villages speak first.")
        expect(articles.nth(1)).to_contain_text(UNIQUE_WORD)
        expect(page.locator("main")).not_to_contain_text("We drew the partners' interests")
        check_accessibility(page)
        screenshot(page, "logbook-heading-across")


class TestDownloadingTheLogbook:
    def test_pdf_and_markdown_downloads(self, page, live_server, written):
        login(page, live_server, SOFIA)
        logbook_nav(page).get_by_role("link", name="Export", exact=True).click()
        expect(h1(page)).to_have_text("Export my logbook")
        expect(page.get_by_text("Download all 2 entries")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "logbook-export")

        with page.expect_download() as pdf_download:
            page.get_by_role("link", name="PDF (logbook.pdf)").click()
        pdf = pdf_download.value
        assert pdf.failure() is None
        assert pdf.suggested_filename.endswith(".pdf")
        pdf_bytes = open(pdf.path(), "rb").read()  # noqa: PTH123, SIM115 (Playwright's temp file)
        assert pdf_bytes.startswith(b"%PDF-")
        assert pdf_bytes.rstrip().endswith(b"%%EOF")
        # A cover, a contents page and two entries: far more than an empty PDF.
        assert len(pdf_bytes) > 10_000, len(pdf_bytes)

        with page.expect_download() as md_download:
            page.get_by_role("link", name="Markdown, one file (logbook.md)").click()
        markdown = md_download.value
        assert markdown.suggested_filename.endswith(".md")
        text = open(markdown.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
        assert "Sofia Haddad" in text
        for expected in (
            "First call with the water board",
            "Mapping the interests",
            "So what?",
            "Now what?",
            UNIQUE_WORD,
        ):
            assert expected in text
        assert text.index("First call with the water board") < text.index("Mapping the interests")


def watch(tab, allowed):
    """Record a tab's script errors, console errors and failed requests, like
    the ``page`` fixture, except the answers in ``allowed`` ((status, path))."""
    problems = []
    tab.set_default_timeout(BROWSER_TIMEOUT_MS)
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error: {message.text}")

    def response(answer):
        if answer.status >= 400 and not any(
            answer.status == status and answer.url.endswith(path) for status, path in allowed
        ):
            problems.append(f"HTTP {answer.status} for {answer.url}")

    tab.on("console", console)
    tab.on("response", response)
    return problems


class TestTwoTabs:
    def test_stale_tab_is_shown_both_versions_and_chooses(
        self, page, context, live_server, written
    ):
        _, (_, entry) = written
        edit_url = f"{live_server.url}/logbook/entries/{entry.public_id}/edit/"
        login(page, live_server, SOFIA)
        page.goto(edit_url)
        # The second tab expects one 409: the autosave refusing its stale copy.
        other = context.new_page()
        other_problems = watch(other, allowed=[(409, "/logbook/entries/autosave/")])
        other.goto(edit_url)
        expect(other.get_by_label("What?", exact=True)).to_have_value(
            "We drew the partners' interests on one wall."
        )

        page.get_by_label("What?", exact=True).fill("Laptop: we drew the interests together.")
        expect(page.locator("#save-status .save-ok")).to_have_text(SAVED, timeout=AUTOSAVE_TIMEOUT)
        assert saved_text(entry)[1][0] == "Laptop: we drew the interests together."

        other.get_by_label("Now what?", exact=True).fill("Phone: send the map on Monday.")
        panel = other.locator("#save-status .conflict-panel")
        expect(panel).to_be_visible(timeout=AUTOSAVE_TIMEOUT)
        expect(panel).to_contain_text("This entry was changed in another tab or window")
        expect(panel).to_contain_text("Nothing was overwritten.")
        # Both versions side by side: the saved one struck through, this tab's underlined.
        expect(panel.locator("del").filter(has_text="Laptop:")).to_be_visible()
        expect(panel.locator("ins").filter(has_text="Phone: send")).to_be_visible()
        expect(panel.locator("ins").filter(has_text="Monday.")).to_be_visible()
        expect(panel.get_by_role("button", name="Keep my version")).to_be_visible()
        expect(panel.get_by_role("link", name="Use the saved version")).to_be_visible()
        # The refused text is still in this tab, and the server's copy is untouched.
        expect(other.get_by_label("Now what?", exact=True)).to_have_value(
            "Phone: send the map on Monday."
        )
        assert saved_text(entry)[1] == [
            "Laptop: we drew the interests together.",
            entry.sections.get(position=1).body,
            "Share the map before the next meeting.",
        ]
        check_accessibility(other)
        screenshot(other, "logbook-entry-conflict")

        panel.get_by_role("button", name="Keep my version").click()
        # The entry was shared, and stays so: the mentor reads the kept text.
        expect(other.get_by_role("status")).to_contain_text("Changes saved. Your mentor sees them")
        expect(other.locator("main")).to_contain_text("Phone: send the map on Monday.")
        assert saved_text(entry)[1][2] == "Phone: send the map on Monday."

        # The laptop's text it replaced is kept in the entry's history.
        other.get_by_role("link", name="History").click()
        expect(h1(other)).to_have_text("Earlier versions")
        # Shown as what that version had and the current text has not.
        replaced = other.locator("section.card").filter(has_text="Version 2 ·")
        expect(replaced.locator("del")).to_contain_text(["Laptop: we", "together."])
        versions = entry_versions(Entry.objects.get(pk=entry.pk))
        assert ("What?", "Laptop: we drew the interests together.") in versions[1].sections
        assert other_problems == []


class TestLeavingTheEditor:
    def test_leaving_with_unsaved_text_asks_first(self, page, live_server, written):
        dialogs = []

        def answer(dialog):
            dialogs.append(dialog.type)
            dialog.dismiss()  # "Stay on this page"

        page.on("dialog", answer)
        login(page, live_server, SOFIA)
        page.get_by_role("link", name="New entry").click()
        expect(h1(page)).to_have_text("New entry")

        # Real key presses (Chromium asks before leaving only after the
        # person has interacted with the page), then away before the
        # autosave's three seconds are up.
        page.get_by_label("What?", exact=True).click()
        page.keyboard.type("A thought I have not saved yet.")
        nav(page).get_by_role("link", name="My logbook", exact=True).click()

        expect(page.get_by_label("What?", exact=True)).to_have_value(
            "A thought I have not saved yet."
        )
        assert dialogs == ["beforeunload"]
        expect(h1(page)).to_have_text("New entry")

        # Once the text is saved, leaving asks nothing.
        expect(page.locator("#save-status")).to_have_text(SAVED, timeout=AUTOSAVE_TIMEOUT)
        nav(page).get_by_role("link", name="My logbook", exact=True).click()
        expect(h1(page)).to_have_text("My logbook")
        assert dialogs == ["beforeunload"]
        expect(page.get_by_role("link", name=re.compile(r"^Week \d+$"))).to_have_count(1)
