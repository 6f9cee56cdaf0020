"""Hindsight honesty for the examiner (issue 11, item 8): from the reading
view of a frozen submission, an entry edited after its first share opens
every change from the text as first shared up to the submitted copy, edit by
edit, never the draft before sharing nor what was saved after submitting.

Each save runs in its own transaction (as requests do), so the live entry's
kept versions can be told apart.
"""

import datetime

import pytest
from django.urls import reverse

from entries import services as entry_services
from entries.models import Entry
from entries.services import EntryText, entry_save, headings_apply_preset
from examinations import services
from tests.examinations.conftest import edit, submit, write, write_paper
from tests.examinations.pages import links

# The word diff interleaves old and new words, so the draft is looked for
# by words of its own (DRAFT_WORDS), not as a phrase.
DRAFT = "Private draft: I nearly walked out of the meeting."
DRAFT_WORDS = ["nearly", "walked", "Scratchpad"]
SHARED = "The partners met and agreed the ground rules."
BLANK = [""] * 4

pytestmark = pytest.mark.django_db(transaction=True)


def changes_url(submission, position=0) -> str:
    return reverse("examinations:entry_changes", args=[submission.public_id, position])


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture(autouse=True)
def every_save_an_edit(monkeypatch):
    """No coalescing: each save after sharing is its own edit on the page."""
    monkeypatch.setattr(entry_services, "EDIT_COALESCE", datetime.timedelta(0))


@pytest.fixture
def submitted(cast):
    """Week 1 drafted privately, shared with other text, edited twice, then
    submitted; assigned to cast.examiner."""
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    draft = write(cast.enrolment, 1, share=False, title="Scratchpad", bodies=[DRAFT, *BLANK])
    entry = entry_save(
        enrolment=cast.enrolment,
        text=EntryText(week=1, title="Ground rules", bodies=[SHARED, *BLANK]),
        entry=draft,
        version=draft.version,
        share=True,
    )
    edit(entry, bodies=[SHARED + " First afterthought.", *BLANK])
    edit(entry, bodies=[SHARED + " Second afterthought.", *BLANK])
    write_paper(cast.enrolment)
    submission = submit(cast.enrolment)
    services.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
    return submission


class TestWhatTheExaminerReads:
    def test_the_reading_view_links_the_badge_to_the_changes(self, cast, client_for, submitted):
        response = client_for(cast.examiner).get(
            reverse("examinations:reading", args=[submitted.public_id])
        )

        assert links(response)["Edited after sharing · see changes"] == changes_url(submitted)

    def test_each_edit_up_to_the_frozen_copy_is_listed(self, cast, client_for, submitted):
        response = client_for(cast.examiner).get(changes_url(submitted))

        page = response.content.decode()
        assert response.status_code == 200
        assert "2 edits between the first share and the submitted copy" in page_text(response)
        assert "<ins> First afterthought.</ins>" in page
        assert "<del>First</del><ins>Second</ins> afterthought." in page

    def test_the_draft_before_sharing_is_never_shown(self, cast, client_for, submitted):
        page = client_for(cast.examiner).get(changes_url(submitted)).content.decode()

        assert not [word for word in DRAFT_WORDS if word in page]

    def test_saves_after_submitting_are_not_shown(self, cast, client_for, submitted):
        live = Entry.objects.get(enrolment=cast.enrolment, week=1)
        edit(live, bodies=[SHARED + " Written after submitting.", *BLANK])

        response = client_for(cast.examiner).get(changes_url(submitted))

        assert "Written after submitting" not in response.content.decode()
        assert "2 edits between the first share and the submitted copy" in page_text(response)

    def test_with_the_live_entry_gone_the_whole_change_is_still_shown(
        self, cast, client_for, submitted
    ):
        Entry.all_objects.filter(enrolment=cast.enrolment, week=1).delete()

        response = client_for(cast.examiner).get(changes_url(submitted))

        words = page_text(response)
        assert "1 edit between the first share and the submitted copy" in words
        assert "The individual saves of this entry were not kept" in words
        assert "Second afterthought." in words
        assert not [word for word in DRAFT_WORDS if word in words]


class TestWhoMayOpen:
    @pytest.mark.parametrize("person", ["examiner", "candidate", "mentor"])
    def test_the_submissions_readers_see_the_edits(self, cast, client_for, submitted, person):
        response = client_for(getattr(cast, person)).get(changes_url(submitted))

        assert response.status_code == 200
        assert "Second afterthought." in response.content.decode()

    @pytest.mark.parametrize(
        "person", ["examiner2", "coordinator", "candidate2", "mentor2", "stranger", "researcher"]
    )
    def test_everyone_else_gets_404(self, cast, client_for, submitted, person):
        response = client_for(getattr(cast, person)).get(changes_url(submitted))

        assert response.status_code == 404

    def test_anonymous_is_sent_to_sign_in(self, client, submitted):
        response = client.get(changes_url(submitted))

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_the_page_reads_in_the_same_queries_for_one_edit_or_thirty(cast, client_for):
    """On top of the navigation's baseline, 6 queries: the submission through
    the access check (with its people), the frozen entry, its sections, the
    live entry it was copied from, its sections and its kept versions. None
    per edit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headings_apply_preset(enrolment=cast.enrolment, key="short")
    small = write(cast.enrolment, 1, bodies=[SHARED, *BLANK])
    edit(small, bodies=[SHARED + " 1.", *BLANK])
    large = write(cast.enrolment, 2, bodies=[SHARED, *BLANK])
    for n in range(30):
        edit(large, bodies=[SHARED + f" {n}.", f"note {n}", "", "", ""])
    write_paper(cast.enrolment)
    submission = submit(cast.enrolment)
    services.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
    client = client_for(cast.examiner)
    positions = {e.week: e.position for e in submission.entries.all()}

    baseline_counted = CaptureQueriesContext(connection)
    with baseline_counted:
        client.get(reverse("password_change_done"))
    counts = []
    for week, edits in [(1, 1), (2, 30)]:
        with CaptureQueriesContext(connection) as context:
            response = client.get(changes_url(submission, positions[week]))
        assert f"{edits} edit{'s' if edits > 1 else ''} between" in page_text(response)
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] == len(baseline_counted.captured_queries) + 6
