"""Query counts of the logbook's pages: the same with 3 entries as with 30 (STYLE.md 19).

Every signed-in page pays the same fixed cost:
  1. the session            2. the user
  3-5. the navigation: is the user a candidate, a mentor; unread notifications
  6-8. the session's touch (SAVEPOINT, UPDATE django_session, RELEASE)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entries.models import Entry, Partnership
from entries.vocabulary import BrokerPosition, Phase
from tests.entries.helpers import form_data, write

FIXED = 8
# Home: the enrolment; the strip's (week, status, created_at) rows; the
# entries; their partnerships and their sections (two prefetches); "has
# headings?".
HOME = FIXED + 6
# Entry page: the entry through the access check; the entry again with its
# sections and partnerships (two prefetches); how many entries share its
# week; its edits after sharing.
DETAIL = FIXED + 6
# Editor: the entry through the access check; its sections (for the text
# areas, and again for their text); its partnerships (initial ticks); the
# candidate's partnerships (does the list exist? and its choices).
EDIT = FIXED + 6
# Autosave of an existing draft: the enrolment; the entry through the access
# check; its sections; SAVEPOINT; the entry locked FOR UPDATE; its sections;
# UPDATE entry; read back its version; UPDATE sections (one statement);
# its partnerships (read; removed or added only when they change); the two
# search-vector UPDATEs; RELEASE.
AUTOSAVE = FIXED + 13


def logbook(enrolment, size):
    """``size`` entries over the weeks so far, half shared, tagged, with
    two partnerships each; the newest is shared and edited after sharing."""
    partnerships = [
        Partnership.objects.create(
            enrolment=enrolment, name=f"Partnership {n}", position=BrokerPosition.EXTERNAL
        )
        for n in range(2)
    ]
    for i in range(size):
        write(
            enrolment,
            1 + i % 11,
            title=f"Entry {i}",
            aims="Aims *here*.",
            share=i % 2 == 0,
            partnerships=partnerships,
            phases=[Phase.SCOPING],
            tools=["SWOT analysis", f"tag {i}"],
        )
    shared = write(enrolment, 11, title="Shared then corrected", share=True)
    return shared


def count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


@pytest.fixture(params=[3, 30], ids=["3 entries", "30 entries"])
def size(request):
    return request.param


@pytest.fixture
def pages(headed, client_for, size):
    """The client, the target entries and the request for each page."""
    enrolment = headed.enrolment
    edited = logbook(enrolment, size)
    client = client_for(headed.candidate)
    client.post(
        reverse("entries:entry_edit", args=[edited.public_id]),
        form_data(11, title="Shared then corrected", sections=["Fixed a typo."], version=1),
    )
    draft = write(enrolment, 10, title="A draft to autosave")
    assert Entry.objects.get(pk=edited.pk).edited_after_sharing
    client.get(reverse("entries:home"))  # the session is warm, as in real use
    return {
        "home": lambda: client.get(reverse("entries:home")),
        "detail": lambda: client.get(reverse("entries:entry_detail", args=[edited.public_id])),
        "edit": lambda: client.get(reverse("entries:entry_edit", args=[edited.public_id])),
        "autosave": lambda: client.post(
            reverse("entries:entry_autosave"),
            form_data(10, title="A draft", sections=["More words."], entry=draft, version=1),
        ),
    }


@pytest.mark.django_db
class TestQueryCounts:
    def test_home(self, pages, django_assert_max_num_queries):
        with django_assert_max_num_queries(HOME):
            pages["home"]()

    def test_entry_detail(self, pages, django_assert_max_num_queries):
        with django_assert_max_num_queries(DETAIL):
            pages["detail"]()

    def test_entry_edit(self, pages, django_assert_max_num_queries):
        with django_assert_max_num_queries(EDIT):
            pages["edit"]()

    def test_autosave(self, pages, django_assert_max_num_queries):
        with django_assert_max_num_queries(AUTOSAVE):
            response = pages["autosave"]()
        assert "Saved " in response.content.decode()


@pytest.mark.django_db
def test_no_page_costs_more_queries_with_more_entries(headed, client_for):
    """The same pages, counted for a logbook of 3 entries and one of 30."""
    counts = {}
    for size, cast_enrolment, person in (
        (3, headed.enrolment, headed.candidate),
        (30, headed.enrolment2, headed.candidate2),
    ):
        target = logbook(cast_enrolment, size)
        client = client_for(person)
        client.get(reverse("entries:home"))
        counts[size] = {
            "home": count(lambda c=client: c.get(reverse("entries:home"))),
            "detail": count(
                lambda c=client, t=target: c.get(
                    reverse("entries:entry_detail", args=[t.public_id])
                )
            ),
            "edit": count(
                lambda c=client, t=target: c.get(reverse("entries:entry_edit", args=[t.public_id]))
            ),
            "autosave": count(
                lambda c=client, t=target: c.post(
                    reverse("entries:entry_autosave"),
                    form_data(11, sections=["New words."], entry=t, version=t.version),
                )
            ),
        }

    assert counts[3] == counts[30]
