"""Signing in and out with every demo account, in a real browser.

Each page a journey visits is checked with axe-core and photographed into
test-artifacts/screenshots/.
"""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DESKTOP,
    MOBILE,
    TABLET,
    check_accessibility,
    check_fits_width,
    field_label,
    login,
    screenshot,
)

# Each demo account and the heading of the home page of its main role.
DEMO_HOMES = [
    ("coordinator@example.org", "Cohorts"),
    ("researcher@example.org", "Enquiry"),
    ("mentor@example.org", "My mentees"),
    ("mentor2@example.org", "My mentees"),
    ("examiner@example.org", "Submissions to examine"),
    ("examiner2@example.org", "Submissions to examine"),
    ("candidate@example.org", "My logbook"),
    ("candidate2@example.org", "My logbook"),
    ("candidate3@example.org", "My logbook"),
    # An earlier cohort's candidates: one submitted, one assessed and accredited.
    ("priya@example.org", "My logbook"),
    ("tomas@example.org", "My logbook"),
]
WRONG_LOGIN = "That email and password do not match an account"


def account_name(email):
    return email.split("@")[0]


def expect_login_page(page, live_server):
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")


def nav(page):
    return page.get_by_role("navigation", name="Main")


class TestLoginPage:
    def test_login_page_is_accessible_on_desktop_and_mobile(self, page, live_server, demo_data):
        page.goto(f"{live_server.url}/accounts/login/")
        expect_login_page(page, live_server)
        expect(page).to_have_title("Log in · PBAS Logbook")
        expect(page.get_by_label(field_label("Email"))).to_be_focused()
        check_accessibility(page)
        screenshot(page, "login-desktop")

        page.set_viewport_size(MOBILE)
        check_fits_width(page)
        check_accessibility(page)
        screenshot(page, "login-mobile")

    def test_anonymous_visitor_is_sent_to_the_login_page(self, page, live_server, demo_data):
        page.goto(f"{live_server.url}/")
        expect_login_page(page, live_server)


class TestSignIn:
    @pytest.mark.parametrize(("email", "heading"), DEMO_HOMES, ids=account_name)
    def test_demo_account_lands_on_its_home_page_and_logs_out(
        self, page, live_server, demo_data, email, heading
    ):
        login(page, live_server, email)

        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page).to_have_title(f"{heading} · PBAS Logbook")
        # The navigation names the home page too, marked as the current one.
        home_link = nav(page).get_by_role("link", name=heading, exact=True)
        expect(home_link).to_have_attribute("aria-current", "page")
        log_out = nav(page).get_by_role("button", name="Log out")
        expect(log_out).to_be_visible()
        check_accessibility(page)
        screenshot(page, f"home-{account_name(email)}-desktop")
        for narrower in (TABLET, MOBILE):
            page.set_viewport_size(narrower)
            check_fits_width(page)
        page.set_viewport_size(DESKTOP)

        log_out.click()
        expect_login_page(page, live_server)
        # The session is gone: the home page asks for a login again.
        page.goto(f"{live_server.url}/")
        expect_login_page(page, live_server)

    def test_wide_tables_scroll_inside_their_box_on_a_phone(self, page, live_server, demo_data):
        """The cohort page's table is wider than a phone: it scrolls in its own
        box, and hidden table text must not widen the page (it did)."""
        page.set_viewport_size(MOBILE)
        login(page, live_server, "coordinator@example.org")
        page.get_by_role("link", name="Demo cohort", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Demo cohort")
        check_fits_width(page)
        screenshot(page, "coordinator-cohort-mobile")

    def test_home_page_works_at_mobile_width(self, page, live_server, demo_data):
        page.set_viewport_size(MOBILE)
        login(page, live_server, "candidate@example.org")
        expect(page.get_by_role("heading", level=1)).to_have_text("My logbook")

        # The navigation folds behind a toggle; "Log out" is one tap away.
        log_out = nav(page).get_by_role("button", name="Log out")
        expect(log_out).to_be_hidden()
        check_fits_width(page)
        check_accessibility(page)
        screenshot(page, "home-candidate-mobile")
        nav(page).get_by_role("button", name="Show navigation").click()
        expect(log_out).to_be_visible()
        check_accessibility(page)
        screenshot(page, "home-candidate-mobile-menu")

        log_out.click()
        expect_login_page(page, live_server)


class TestWrongCredentials:
    def test_wrong_password_shows_a_clear_message(self, page, live_server, demo_data):
        response = login(page, live_server, "candidate@example.org", password="not-the-password")

        assert response.status == 200
        expect_login_page(page, live_server)
        expect(page.get_by_text(WRONG_LOGIN)).to_be_visible()
        # The email stays filled in; only the password has to be typed again.
        expect(page.get_by_label(field_label("Email"))).to_have_value("candidate@example.org")
        check_accessibility(page)
        screenshot(page, "login-wrong-password")

    def test_unknown_email_gets_the_same_message(self, page, live_server, demo_data):
        response = login(page, live_server, "nobody@example.org", password="pbas-demo")

        assert response.status == 200
        expect(page.get_by_text(WRONG_LOGIN)).to_be_visible()


class TestCoordinatorInvitesAPerson:
    def test_coordinator_invites_a_person_who_then_sets_a_password(
        self, page, live_server, demo_data, mailoutbox
    ):
        login(page, live_server, "coordinator@example.org")
        expect(page.get_by_role("heading", level=1)).to_have_text("Cohorts")

        nav(page).get_by_role("link", name="People").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("People")
        expect(nav(page).get_by_role("link", name="People")).to_have_attribute(
            "aria-current", "page"
        )
        expect(page.get_by_role("link", name="Camille Laurent")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "coordinator-people")

        page.get_by_role("link", name="Invite a person").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Invite a person")
        check_accessibility(page)
        screenshot(page, "coordinator-invite")

        page.get_by_label(field_label("Full name")).fill("Nadia Rahman")
        page.get_by_label(field_label("Email")).fill("Nadia.Rahman@Example.org")
        page.get_by_role("button", name="Send invitation").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Nadia Rahman")
        expect(page.get_by_role("status")).to_contain_text(
            "Invitation sent to nadia.rahman@example.org"
        )
        check_accessibility(page)
        screenshot(page, "coordinator-invited")

        # The invitation email carries a link to choose a password.
        (invitation,) = [m for m in mailoutbox if m.to == ["nadia.rahman@example.org"]]
        link = re.search(r"https?://\S+/accounts/invitation/\S+/", invitation.body).group(0)
        nav(page).get_by_role("button", name="Log out").click()
        expect_login_page(page, live_server)

        page.goto(live_server.url + urlparse(link).path)
        expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Nadia Rahman")
        check_accessibility(page)
        screenshot(page, "invitation-accept")
        page.get_by_label(field_label("New password")).fill("brokering-journey-2025")
        page.get_by_label(field_label("New password confirmation")).fill("brokering-journey-2025")
        page.get_by_role("button", name="Set password and sign in").click()

        # Signed in; no role yet until a coordinator enrols or assigns her.
        expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Nadia")
        expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()
        check_accessibility(page)

        # The link works once.
        nav(page).get_by_role("button", name="Log out").click()
        response = page.goto(live_server.url + urlparse(link).path)
        assert response.status == 410
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "This invitation link is not valid"
        )
        check_accessibility(page)
