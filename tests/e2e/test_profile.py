"""The profile in a browser (issue 13 items 1 and 2): the time zone this
browser reports is proposed and saved only when confirmed, the profile
opens from the name in the header, and an email change waits for the link
sent to the new address."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from pbas_logbook.models import User
from tests.e2e.conftest import (
    DESKTOP,
    MOBILE,
    check_accessibility,
    check_fits_width,
    field_label,
    login,
    screenshot,
    watch_for_problems,
)

CANDIDATE = "candidate@example.org"
NEW_ADDRESS = "camille.laurent@example.net"


@pytest.fixture
def auckland_page(new_context):
    """A browser whose clock says Pacific/Auckland, watched like ``page``."""
    page = new_context(timezone_id="Pacific/Auckland").new_page()
    problems = watch_for_problems(page)
    yield page
    assert not problems, "The browser saw problems:\n" + "\n".join(problems)


def status(page):
    return page.get_by_role("status")


def test_candidate_confirms_the_browser_zone_and_edits_the_profile(
    auckland_page, live_server, demo_data, mailoutbox
):
    page = auckland_page
    login(page, live_server, CANDIDATE)
    expect(page.get_by_role("heading", level=1)).to_have_text("My logbook")

    # The banner proposes this browser's zone; nothing is saved yet.
    banner = page.get_by_role("region", name="Your time zone")
    expect(banner).to_contain_text(
        "Your time zone looks like Pacific/Auckland (from this browser). Use it?"
    )
    assert User.objects.get(email=CANDIDATE).time_zone == ""
    check_accessibility(page)
    screenshot(page, "time-zone-banner")
    page.set_viewport_size(MOBILE)
    check_fits_width(page)
    screenshot(page, "time-zone-banner-mobile")
    page.set_viewport_size(DESKTOP)

    # "Not now" hides it for this tab's session, saving nothing.
    banner.get_by_role("button", name="Not now").click()
    expect(banner).to_be_hidden()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("My logbook")
    expect(banner).to_be_hidden()
    assert User.objects.get(email=CANDIDATE).time_zone == ""
    page.evaluate("() => window.sessionStorage.clear()")
    page.reload()
    expect(banner).to_be_visible()

    banner.get_by_role("button", name="Confirm").click()
    expect(status(page)).to_contain_text("Time zone saved: Pacific/Auckland.")
    expect(page.get_by_role("heading", level=1)).to_have_text("My logbook")
    expect(page.get_by_role("region", name="Your time zone")).to_have_count(0)
    assert User.objects.get(email=CANDIDATE).time_zone == "Pacific/Auckland"

    # The name in the header opens the profile.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Camille Laurent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.locator("#time-zone")).to_contain_text("Yours is Pacific/Auckland")
    expect(page.get_by_role("combobox", name=field_label("Time zone"))).to_have_value(
        "Pacific/Auckland"
    )
    check_accessibility(page)
    screenshot(page, "profile-desktop")
    page.set_viewport_size(MOBILE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    check_fits_width(page)
    screenshot(page, "profile-mobile")
    page.set_viewport_size(DESKTOP)

    # Picking another zone shows the time there before saving.
    page.get_by_role("combobox", name=field_label("Time zone")).select_option("America/Sao_Paulo")
    expect(page.locator("[data-time-zone-clock]")).to_contain_text("In America/Sao_Paulo it is now")

    page.get_by_role("combobox", name=field_label("Language")).select_option("es")
    page.get_by_role("button", name="Save language").click()
    # The very next page is in Spanish, its message too (whatever of the
    # catalogue is translated yet); then back to following the browser.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#language select")).to_have_value("es")
    assert User.objects.get(email=CANDIDATE).language == "es"
    page.locator("#language select").select_option("")
    page.locator("#language button[type=submit]").click()
    expect(status(page)).to_contain_text("Language saved: following your browser.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert User.objects.get(email=CANDIDATE).language == ""

    page.get_by_label(field_label("New email address")).fill(NEW_ADDRESS)
    page.get_by_label(field_label("Your password")).fill("pbas-demo")
    page.get_by_role("button", name="Send the confirmation link").click()
    expect(status(page)).to_contain_text(f"We sent a link to {NEW_ADDRESS}.")
    expect(page.locator("#email")).to_contain_text(
        f"Waiting for you to open the link we sent to {NEW_ADDRESS}"
    )
    assert User.objects.get(full_name="Camille Laurent").email == CANDIDATE

    (link_mail,) = [m for m in mailoutbox if m.to == [NEW_ADDRESS]]
    (notice,) = [m for m in mailoutbox if m.to == [CANDIDATE]]
    assert NEW_ADDRESS in notice.body
    link = re.search(r"https?://\S+/profile/email/confirm/\S+/", link_mail.body).group(0)
    page.goto(live_server.url + urlparse(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your new email address")
    check_accessibility(page)
    page.get_by_role("button", name="Change my address").click()
    expect(status(page)).to_contain_text(f"Your email address is now {NEW_ADDRESS}.")
    assert User.objects.get(full_name="Camille Laurent").email == NEW_ADDRESS

    # The link works once.
    page.goto(live_server.url + urlparse(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
