"""In a real browser: researcher@example.org finds extracts about difficult
partners, codes one, sees the chart change and downloads a CSV with no real
names in it; a candidate withdraws and the extract is gone. Pages are checked
with axe-core and photographed into test-artifacts/screenshots/research-*.png.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pbas_logbook.models import Enrolment
from tests.e2e.conftest import (
    BROWSER_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    MOBILE,
    check_accessibility,
    check_fits_width,
    field_label,
    login,
    screenshot,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed; browser tests skipped"),
]
PROJECT = "Conflict, power and difficult partners"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", force=True, stdout=io.StringIO())


@pytest.fixture
def browser_page(page):
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    yield page
    assert not problems, problems


def candidate_secrets():
    found = set()
    for enrolment in Enrolment.objects.select_related("candidate"):
        found.update([enrolment.candidate.full_name, enrolment.candidate.email])
    return found


def test_find_code_chart_and_export(demo, live_server, browser_page, tmp_path):
    page = browser_page
    login(page, live_server, "researcher@example.org")
    expect(page.get_by_role("heading", name="Enquiry", level=1)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "research-home")

    page.get_by_role("link", name=PROJECT).click()
    check_accessibility(page)
    screenshot(page, "research-project")
    page.get_by_role("link", name="Search extracts").click()
    page.get_by_label(field_label("Search extracts")).fill("managing difficult partners")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".result-link").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "research-search")

    page.locator(".result-link").first.click()
    expect(page.get_by_text("The extract you are coding")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Going through the motions").check()
    page.get_by_label(field_label("Memo")).fill("Coded in the browser journey.")
    page.get_by_role("button", name="Save coding").click()
    expect(page.get_by_text("Coding saved.")).to_be_visible()
    screenshot(page, "research-extract")

    page.get_by_role("link", name="Overview and charts").click()
    chart = page.get_by_role("img", name=re.compile("Extracts coded with each theme"))
    expect(chart).to_contain_text("Going through the motions")
    title = page.locator("#chart-themes-title").text_content()
    assert "Going through the motions 1" in title

    page.get_by_role("link", name="Agreement").click()
    expect(page.get_by_role("heading", name="Per theme")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "research-agreement")

    page.get_by_role("link", name="Export", exact=True).click()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert "Coded in the browser journey." in text and "Broker " in text
    for secret in candidate_secrets():
        assert secret.lower() not in text.lower(), secret
    page.reload()
    expect(page.locator(".export-log")).to_contain_text("CSV of coded extracts")
    screenshot(page, "research-export")


def test_pages_fit_a_phone(demo, live_server, browser_page):
    page = browser_page
    page.set_viewport_size(MOBILE)
    login(page, live_server, "researcher@example.org")
    # Each page is measured once it has arrived: measuring while a click's
    # navigation is under way reads a document that is not there yet.
    page.get_by_role("link", name=PROJECT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)
    check_fits_width(page)
    page.get_by_role("link", name="Search extracts").click()
    page.get_by_label(field_label("Search extracts")).fill("trust")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]q=trust"))
    check_fits_width(page)
    page.locator(".result-link").first.click()
    expect(page).to_have_url(re.compile(r"#extract$"))
    expect(page.locator("#extract")).to_be_visible()
    check_fits_width(page)


def test_a_candidate_withdraws_and_the_extracts_are_gone(demo, live_server, browser_page, browser):
    page = browser_page
    login(page, live_server, "tomas@example.org")
    page.goto(f"{live_server.url}/examine/my/")
    page.get_by_role("link", name="Research consent").last.click()
    check_accessibility(page)
    screenshot(page, "research-consent")
    page.get_by_role("button", name="Withdraw my consent").click()
    expect(page.get_by_text("Your logbook is not part of the research enquiry.")).to_be_visible()

    researcher = browser.new_context().new_page()
    login(researcher, live_server, "researcher@example.org")
    researcher.get_by_role("link", name=PROJECT).click()
    researcher.get_by_role("link", name="Search extracts").click()
    researcher.get_by_label(field_label("Search extracts")).fill("supermarkets")
    researcher.get_by_role("button", name="Search", exact=True).click()
    expect(researcher.get_by_role("heading", name=re.compile("^0 extracts"))).to_be_visible()
