"""Languages in a browser (issue 13 item 3 and its 'Done when'): a
candidate switches to Spanish on their profile, and every page of their
journey, the emails sent to them and their logbook's PDF are in Spanish; a
visitor's browser asking for French gets the sign-in page in French and can
switch it; an Arabic page is laid out right to left.

"In Spanish" is checked against the catalogue itself: no text on the page
(text nodes, and the labels a screen reader speaks) may be one of the
catalogue's English messages that has a Spanish translation. The
candidate's own writing (the demo logbook is in English) is never one of
them: her headings and entries are her own words.
"""

import re
import zlib

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from entries.models import Entry, EntryStatus
from mentors.services import comment_post
from pbas_logbook.models import User
from tests.e2e.conftest import (
    MOBILE,
    check_accessibility,
    check_fits_width,
    login,
    screenshot,
)

# Not run yet, and reported as skipped: the journey needs every page of it
# marked (the logbook home, search and headings pages are not: see
# tests/i18n/test_template_text.NOT_YET_MARKED) and complete catalogues
# (tests/i18n/test_catalogues.BEING_TRANSLATED); the French sign-in test
# also needs its browser context made without pytest-playwright's own
# ``locale`` argument. Remove this mark when both lists are empty.
pytestmark = pytest.mark.skip(reason="issue 13: pages not all marked, catalogues incomplete")

CANDIDATE = "candidate@example.org"  # Camille: her own headings, ten weeks written

# Every text node and spoken label of the page, whitespace collapsed.
PAGE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('script, style, template')) continue;
    texts.push(node.textContent);
  }
  const spoken = '[aria-label], [placeholder], [title], input[type=submit]';
  for (const el of document.querySelectorAll(spoken)) {
    for (const name of ['aria-label', 'placeholder', 'title', 'value']) {
      const said = name !== 'value' || el.type === 'submit';
      if (el.hasAttribute(name) && said) texts.push(el.getAttribute(name));
    }
  }
  texts.push(document.title);
  return texts.map((t) => t.replace(/\\s+/g, ' ').trim()).filter((t) => t);
}"""


def english_messages(code: str) -> set[str]:
    """The catalogue's English messages whose ``code`` translation differs,
    long enough to mean something and with no placeholder."""
    found = set()
    for domain in ("django", "djangojs"):
        path = settings.BASE_DIR / "locale" / code / "LC_MESSAGES" / f"{domain}.po"
        for entry in polib.pofile(str(path)).translated_entries():
            text = " ".join(entry.msgid.split())
            if entry.msgid_plural or "%" in text or "<" in text or len(text) < 4:
                continue
            if entry.msgstr.strip() != entry.msgid.strip():
                found.add(text)
    return found


def english_left(page, english: set[str]) -> list[str]:
    return sorted({text for text in page.evaluate(PAGE_TEXTS) if text in english})


def check_in(page, code: str, english: set[str], name: str):
    expect(page.locator("html")).to_have_attribute("lang", code)
    left = english_left(page, english)
    assert not left, f"{page.url} still shows English: {left}"
    screenshot(page, name)


def pdf_language(content: bytes) -> str:
    """The document language WeasyPrint wrote from <html lang> (/Lang)."""
    for stream in [content, *_inflated_streams(content)]:
        match = re.search(rb"/Lang\s*\(([^)]*)\)", stream)
        if match:
            return match.group(1).decode()
    return ""


def _inflated_streams(content: bytes):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue


@pytest.fixture
def spanish():
    return english_messages("es")


def test_a_candidate_reads_their_whole_journey_in_spanish(page, live_server, demo_data, spanish):
    camille = User.objects.get(email=CANDIDATE)
    login(page, live_server, CANDIDATE)
    page.goto(f"{live_server.url}/profile/")
    page.locator("#id_language").select_option("es")
    page.locator("#id_language").locator("xpath=ancestor::form").locator(
        "button[type=submit]"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert User.objects.get(pk=camille.pk).language == "es"
    check_in(page, "es", spanish, "es-profile")

    entry = Entry.objects.filter(enrolment__candidate=camille, status=EntryStatus.SHARED).first()
    pages = [
        ("/logbook/", "es-logbook-home"),
        ("/logbook/entries/new/", "es-entry-new"),
        (f"/logbook/entries/{entry.public_id}/", "es-entry"),
        (f"/logbook/entries/{entry.public_id}/edit/", "es-entry-edit"),
        (f"/logbook/entries/{entry.public_id}/history/", "es-entry-history"),
        ("/logbook/headings/", "es-headings"),
        ("/logbook/partnerships/", "es-partnerships"),
        ("/logbook/search/?q=partners", "es-search"),
        ("/logbook/bin/", "es-bin"),
        ("/logbook/export/", "es-export"),
        ("/notifications/", "es-notifications"),
        ("/my-data/", "es-my-data"),
        ("/examine/", "es-examination"),
        ("/accounts/password_change/", "es-password"),
    ]
    for path, name in pages:
        page.goto(f"{live_server.url}{path}")
        check_in(page, "es", spanish, name)

    # The editor's own messages come from the scripts' catalogue.
    page.goto(f"{live_server.url}/logbook/entries/{entry.public_id}/edit/")
    page.locator("textarea").first.press_sequentially(" Y una frase más.")
    with translation.override("es"):
        saved = gettext("Saved")
    expect(page.locator("#save-status")).to_contain_text(saved)
    check_in(page, "es", spanish, "es-entry-autosaved")
    check_accessibility(page)
    page.set_viewport_size(MOBILE)
    check_fits_width(page)
    screenshot(page, "es-entry-autosaved-mobile")

    # An email from the mentor's comment, sent by the mentor's request, is
    # in the candidate's language.
    mail.outbox.clear()
    comment_post(entry=entry, author=entry.enrolment.mentor, body="What did the partners say?")
    assert mail.outbox, "no email was sent"
    message = mail.outbox[-1]
    assert message.to == [CANDIDATE]
    english_lines = [line for line in message.body.splitlines() if line.strip() in spanish]
    assert not english_lines, f"the email still has English lines: {english_lines}"
    assert " ".join(message.subject.split()) not in spanish

    # The logbook's PDF is laid out in Spanish.
    with page.expect_download() as download:
        page.goto(f"{live_server.url}/logbook/export/")
        page.locator("a[href$='/logbook/export/logbook.pdf']").first.click()
    with open(download.value.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF")
    assert pdf_language(content).lower().startswith("es")


def test_the_sign_in_page_follows_the_browser_and_its_switcher(new_context, live_server, db):
    page = new_context(locale="fr-FR").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    check_in(page, "fr", english_messages("fr"), "fr-sign-in")
    page.locator("select[name=language]").select_option("pt")
    page.locator("select[name=language]").locator("xpath=ancestor::form").locator(
        "button[type=submit]"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    check_in(page, "pt", english_messages("pt"), "pt-sign-in")
    page.set_viewport_size(MOBILE)
    check_fits_width(page)
    screenshot(page, "pt-sign-in-mobile")


def test_an_arabic_page_reads_right_to_left(page, live_server, demo_data):
    User.objects.filter(email=CANDIDATE).update(language="ar")
    login(page, live_server, CANDIDATE)
    page.goto(f"{live_server.url}/logbook/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.locator("link[href*='bootstrap.rtl.min.css']").count() == 1
    check_in(page, "ar", english_messages("ar"), "ar-logbook-home")
    # Mirrored: the brand sits at the right of the bar, the first column of
    # the page's grid on the right.
    width = page.viewport_size["width"]
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > width / 2, brand
    check_accessibility(page)
    page.goto(f"{live_server.url}/logbook/entries/new/")
    check_in(page, "ar", english_messages("ar"), "ar-entry-new")
    page.set_viewport_size(MOBILE)
    check_fits_width(page)
    screenshot(page, "ar-entry-new-mobile")
