"""A programme on every continent, in a browser (issue 13 item 2): a
candidate in Pacific/Auckland writes at the start of a new week of theirs,
while it is still the day before in London and Los Angeles, and the entry
lands in their week, for them and for their mentor in America/Los_Angeles,
whose review page names when it was written on the writer's clock.

The browsers' clocks are set with Playwright's ``timezone_id``; the server
runs on the real clock, so the programme's start is set from today's date
in Auckland: today there is the first day of week 3. For 21 hours of every
day Los Angeles's date is a day behind Auckland's, so a calendar read in
Los Angeles or London would put the entry in week 2; in the other three
(08:00–11:00 UTC) all three dates agree and the journey still checks week,
names and zones. The edge itself, at fixed instants, is in
tests/entries/test_candidate_zone.py.
"""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from entries.models import Entry
from pbas_logbook.models import Enrolment, User
from tests.e2e.conftest import (
    MOBILE,
    check_accessibility,
    check_fits_width,
    field_label,
    login,
    screenshot,
    watch_for_problems,
)

AUCKLAND = "Pacific/Auckland"
LOS_ANGELES = "America/Los_Angeles"
CANDIDATE = "candidate2@example.org"  # Kwame, the short headings
MENTOR = "mentor@example.org"  # Mateo


@pytest.fixture
def browser_in(new_context):
    """A page whose browser clock is in ``zone``, watched like ``page``."""
    watched = []

    def open_in(zone):
        page = new_context(timezone_id=zone).new_page()
        watched.append(watch_for_problems(page))
        return page

    yield open_in
    problems = [problem for found in watched for problem in found]
    assert not problems, "The browser saw problems:\n" + "\n".join(problems)


def test_an_auckland_entry_lands_in_auckland_week_for_a_mentor_in_los_angeles(
    browser_in, live_server, demo_data
):
    kwame = User.objects.get(email=CANDIDATE)
    mateo = User.objects.get(email=MENTOR)
    User.objects.filter(pk=kwame.pk).update(time_zone=AUCKLAND)
    User.objects.filter(pk=mateo.pk).update(time_zone=LOS_ANGELES)
    auckland_today = timezone.localdate(timezone.now(), zoneinfo.ZoneInfo(AUCKLAND))
    los_angeles_today = timezone.localdate(timezone.now(), zoneinfo.ZoneInfo(LOS_ANGELES))
    enrolment = Enrolment.objects.get(candidate=kwame)
    enrolment.start_date = auckland_today - datetime.timedelta(weeks=2)
    enrolment.save(update_fields=["start_date"])
    Entry.all_objects.filter(enrolment=enrolment, week__gte=2).delete()
    enrolment = Enrolment.objects.select_related("candidate").get(pk=enrolment.pk)
    assert enrolment.current_week() == 3
    # What London's calendar or the mentor's would say: week 2 when behind.
    mentor_week = enrolment.week_number(los_angeles_today)
    assert mentor_week in (2, 3)

    # The candidate, in Auckland, starts a new entry: this week is week 3.
    page = browser_in(AUCKLAND)
    login(page, live_server, CANDIDATE)
    page.get_by_role("link", name="New entry").first.click()
    week_select = page.get_by_label(field_label("Week of"))
    expect(week_select.locator("option:checked")).to_have_text(enrolment.week_label(3))
    page.get_by_label(field_label("Title (optional)")).fill("Monday with the water board")
    page.get_by_label("Issues", exact=True).fill("The board met before the partners did.")
    page.get_by_role("button", name="Share with mentor").click()
    expect(page.get_by_role("status")).to_contain_text("Shared with your mentor.")
    entry = Entry.objects.get(enrolment=enrolment, title="Monday with the water board")
    assert entry.week == 3
    written = timezone.localtime(entry.created_at, zoneinfo.ZoneInfo(AUCKLAND))

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My logbook", exact=True
    ).click()
    expect(page.get_by_role("link", name="Week 3: Monday with the water board")).to_have_count(1)
    cell = page.locator(".week-strip .week-cell").nth(2)
    expect(cell).to_contain_text("shared with mentor")
    screenshot(page, "zones-auckland-logbook")

    # The mentor, in Los Angeles, sees it in week 3 too, and when it was
    # written on the candidate's clock.
    mentor = browser_in(LOS_ANGELES)
    login(mentor, live_server, MENTOR)
    mentor.goto(f"{live_server.url}/mentees/{enrolment.pk}/")
    link = mentor.get_by_role("link", name=re.compile(r"Monday with the water board"))
    expect(link).to_have_count(1)
    expect(mentor.locator(".entry-row", has=link)).to_contain_text("Week 3")
    link.click()
    expect(mentor.get_by_role("heading", level=1)).to_contain_text("Monday with the water board")
    expect(mentor.locator("main")).to_contain_text(f"{written:%a} {written:%H:%M} in Auckland")
    check_accessibility(mentor)
    screenshot(mentor, "zones-los-angeles-review")
    mentor.set_viewport_size(MOBILE)
    check_fits_width(mentor)
    screenshot(mentor, "zones-los-angeles-review-mobile")
