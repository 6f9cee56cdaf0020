"""Headings: presets, add, rename, reorder, remove; old entries keep theirs."""

import pytest
from django.urls import reverse

from entries.models import Heading
from entries.services import headings_apply_preset
from entries.vocabulary import HEADING_PRESETS
from tests.entries.helpers import HEADINGS, form_data, labelled_controls, write

HEADINGS_PAGE = reverse("entries:headings")
PRESET = reverse("entries:heading_preset")
ADD = reverse("entries:heading_add")


def titles(enrolment) -> list[str]:
    return list(enrolment.headings.values_list("title", flat=True))


def heading(enrolment, title) -> Heading:
    return enrolment.headings.get(title=title)


def section_titles(entry) -> list[str]:
    return list(entry.sections.values_list("heading_title", flat=True))


@pytest.mark.django_db
class TestHeadingsPage:
    def test_lists_the_headings_and_the_preset_sets(self, headed, client_for):
        response = client_for(headed.candidate).get(HEADINGS_PAGE)

        html = response.content.decode()
        assert response.status_code == 200
        for title in HEADINGS:
            assert f'value="{title}"' in html
        assert "Gibbs" in html
        assert "Use these headings" in html

    def test_a_new_logbook_says_there_are_no_headings_yet(self, cast, client_for):
        response = client_for(cast.candidate).get(HEADINGS_PAGE)

        assert "No headings yet" in response.content.decode()


@pytest.mark.django_db
class TestHeadingPreset:
    def test_a_preset_sets_the_headings_in_order(self, cast, client_for):
        response = client_for(cast.candidate).post(PRESET, {"preset": "short"})

        assert response.status_code == 302
        assert response.url == HEADINGS_PAGE
        assert titles(cast.enrolment) == HEADINGS
        assert heading(cast.enrolment, "Issues").prompt == "What got in the way?"

    def test_a_preset_replaces_the_current_headings(self, headed, client_for):
        client_for(headed.candidate).post(PRESET, {"preset": "gibbs"})

        assert titles(headed.enrolment)[0] == "Description"
        assert "Issues" not in titles(headed.enrolment)

    def test_a_preset_touches_only_the_candidates_own_logbook(self, headed, client_for):
        client_for(headed.candidate).post(PRESET, {"preset": "gibbs"})

        assert titles(headed.enrolment2) == HEADINGS

    def test_an_unknown_preset_is_a_clear_message_and_changes_nothing(self, headed, client_for):
        response = client_for(headed.candidate).post(PRESET, {"preset": "bogus"}, follow=True)

        assert "Choose one of the listed heading sets." in response.content.decode()
        assert titles(headed.enrolment) == HEADINGS

    def test_every_preset_applies(self, cast):
        for key, _, items in HEADING_PRESETS:
            headings_apply_preset(enrolment=cast.enrolment, key=key)
            assert titles(cast.enrolment) == [title for title, _ in items]

    def test_get_is_not_allowed(self, cast, client_for):
        assert client_for(cast.candidate).get(PRESET).status_code == 405


@pytest.mark.django_db
class TestHeadingAdd:
    def test_a_heading_is_added_at_the_end_with_its_prompt(self, headed, client_for):
        response = client_for(headed.candidate).post(
            ADD, {"title": "  Next steps ", "prompt": "What now?"}
        )

        assert response.status_code == 302
        assert titles(headed.enrolment) == [*HEADINGS, "Next steps"]
        assert heading(headed.enrolment, "Next steps").prompt == "What now?"

    def test_the_first_heading_of_an_empty_logbook(self, cast, client_for):
        client_for(cast.candidate).post(ADD, {"title": "What?", "prompt": ""})

        assert titles(cast.enrolment) == ["What?"]

    @pytest.mark.parametrize("title", ["Lessons", "lessons", "LESSONS", "  Lessons  "])
    def test_a_duplicate_title_in_any_case_is_a_clear_error(self, headed, client_for, title):
        response = client_for(headed.candidate).post(ADD, {"title": title, "prompt": ""})

        assert response.status_code == 422
        assert "You already have a heading with this title." in response.content.decode()
        assert titles(headed.enrolment) == HEADINGS

    def test_a_title_that_only_lowercases_to_a_duplicate_is_a_clear_error(self, headed, client_for):
        # KELVIN SIGN lowercases to "k", as the database's unique index
        # compares titles, though it does not uppercase to "K".
        client_for(headed.candidate).post(ADD, {"title": "Key moments"})

        response = client_for(headed.candidate).post(ADD, {"title": "\u212aey moments"})

        assert response.status_code == 422
        assert "You already have a heading with this title." in response.content.decode()

    def test_the_same_title_as_another_candidates_heading_is_fine(self, headed, client_for):
        client_for(headed.candidate).post(ADD, {"title": "Next steps"})

        response = client_for(headed.candidate2).post(ADD, {"title": "Next steps"})

        assert response.status_code == 302
        assert titles(headed.enrolment2)[-1] == "Next steps"

    def test_an_empty_title_is_a_clear_error(self, headed, client_for):
        response = client_for(headed.candidate).post(ADD, {"title": "   "})

        assert response.status_code == 422
        assert "A heading needs a title." in response.content.decode()
        assert titles(headed.enrolment) == HEADINGS

    def test_get_is_not_allowed(self, cast, client_for):
        assert client_for(cast.candidate).get(ADD).status_code == 405


@pytest.mark.django_db
class TestHeadingUpdate:
    def test_a_heading_is_renamed_and_its_prompt_changed(self, headed, client_for):
        issues = heading(headed.enrolment, "Issues")

        response = client_for(headed.candidate).post(
            reverse("entries:heading_update", args=[issues.pk]),
            {"title": "Obstacles", "prompt": "What blocked you?"},
        )

        assert response.status_code == 302
        issues.refresh_from_db()
        assert (issues.title, issues.prompt) == ("Obstacles", "What blocked you?")
        assert titles(headed.enrolment)[0] == "Obstacles"

    def test_changing_only_the_case_of_its_own_title_is_fine(self, headed, client_for):
        issues = heading(headed.enrolment, "Issues")

        client_for(headed.candidate).post(
            reverse("entries:heading_update", args=[issues.pk]), {"title": "ISSUES"}
        )

        issues.refresh_from_db()
        assert issues.title == "ISSUES"

    def test_renaming_to_another_headings_title_is_a_clear_error(self, headed, client_for):
        issues = heading(headed.enrolment, "Issues")

        response = client_for(headed.candidate).post(
            reverse("entries:heading_update", args=[issues.pk]),
            {"title": "thoughts", "prompt": ""},
            follow=True,
        )

        assert "You already have a heading with this title." in response.content.decode()
        assert titles(headed.enrolment) == HEADINGS

    def test_renaming_to_a_title_that_only_lowercases_to_another_is_a_clear_error(
        self, headed, client_for
    ):
        headed.enrolment.headings.create(title="Key moments", position=9)
        issues = heading(headed.enrolment, "Issues")

        response = client_for(headed.candidate).post(
            reverse("entries:heading_update", args=[issues.pk]),
            {"title": "\u212aey moments"},
            follow=True,
        )

        assert "You already have a heading with this title." in response.content.decode()

    def test_an_empty_title_is_a_clear_error_and_keeps_the_prompt_typed(self, headed, client_for):
        issues = heading(headed.enrolment, "Issues")
        prompt_before = issues.prompt

        response = client_for(headed.candidate).post(
            reverse("entries:heading_update", args=[issues.pk]),
            {"title": "   ", "prompt": "What got in the way this week?"},
        )

        assert response.status_code == 422
        page = response.content.decode()
        assert (
            f'<div class="invalid-feedback" id="h-title-error-{issues.pk}">'
            "A heading needs a title.</div>" in page
        )
        assert 'value="What got in the way this week?"' in page
        assert "120 characters" not in page
        assert titles(headed.enrolment) == HEADINGS
        issues.refresh_from_db()
        assert issues.prompt == prompt_before
        # Still on the Headings tab of the logbook's navigation.
        assert 'active" aria-current="page" href="/logbook/headings/">Headings' in page

    def test_a_title_too_long_is_shown_again_with_the_reason(self, headed, client_for):
        issues = heading(headed.enrolment, "Issues")
        long_title = "Obstacles " * 13  # 130 characters

        response = client_for(headed.candidate).post(
            reverse("entries:heading_update", args=[issues.pk]), {"title": long_title}
        )

        assert response.status_code == 422
        page = response.content.decode()
        assert "at most 120 characters" in page
        assert f'value="{long_title.strip()}"' in page or f'value="{long_title}"' in page
        assert titles(headed.enrolment) == HEADINGS

    def test_another_candidates_heading_is_404(self, headed, client_for):
        theirs = heading(headed.enrolment2, "Issues")

        response = client_for(headed.candidate).post(
            reverse("entries:heading_update", args=[theirs.pk]), {"title": "Mine now"}
        )

        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.title == "Issues"

    def test_get_is_not_allowed(self, headed, client_for):
        issues = heading(headed.enrolment, "Issues")
        url = reverse("entries:heading_update", args=[issues.pk])

        assert client_for(headed.candidate).get(url).status_code == 405


@pytest.mark.django_db
class TestHeadingMove:
    def move(self, client, enrolment, title, direction):
        url = reverse("entries:heading_move", args=[heading(enrolment, title).pk])
        return client.post(url, {"direction": direction})

    def test_a_heading_moves_down(self, headed, client_for):
        response = self.move(client_for(headed.candidate), headed.enrolment, "Issues", "down")

        assert response.status_code == 302
        assert titles(headed.enrolment)[:2] == ["Thoughts", "Issues"]

    def test_a_heading_moves_up(self, headed, client_for):
        self.move(client_for(headed.candidate), headed.enrolment, "Lessons", "up")

        assert titles(headed.enrolment)[-2:] == ["Lessons", "Unexpected outcomes"]

    def test_the_first_cannot_move_up_nor_the_last_down(self, headed, client_for):
        client = client_for(headed.candidate)

        self.move(client, headed.enrolment, "Issues", "up")
        self.move(client, headed.enrolment, "Lessons", "down")

        assert titles(headed.enrolment) == HEADINGS

    def test_an_unknown_direction_changes_nothing(self, headed, client_for):
        self.move(client_for(headed.candidate), headed.enrolment, "Thoughts", "sideways")

        assert titles(headed.enrolment) == HEADINGS

    def test_moves_after_adding_and_removing_keep_a_clean_order(self, headed, client_for):
        client = client_for(headed.candidate)
        client.post(ADD, {"title": "Next steps"})
        client.post(
            reverse("entries:heading_delete", args=[heading(headed.enrolment, "Thoughts").pk])
        )

        self.move(client, headed.enrolment, "Next steps", "up")
        self.move(client, headed.enrolment, "Next steps", "up")

        assert titles(headed.enrolment) == [
            "Issues",
            "Working well!",
            "Next steps",
            "Unexpected outcomes",
            "Lessons",
        ]

    def test_another_candidates_heading_is_404(self, headed, client_for):
        response = self.move(client_for(headed.candidate), headed.enrolment2, "Issues", "down")

        assert response.status_code == 404
        assert titles(headed.enrolment2) == HEADINGS

    def test_get_is_not_allowed(self, headed, client_for):
        url = reverse("entries:heading_move", args=[heading(headed.enrolment, "Issues").pk])

        assert client_for(headed.candidate).get(url).status_code == 405


@pytest.mark.django_db
class TestHeadingDelete:
    def test_a_heading_is_removed(self, headed, client_for):
        url = reverse("entries:heading_delete", args=[heading(headed.enrolment, "Thoughts").pk])

        response = client_for(headed.candidate).post(url, follow=True)

        assert "Thoughts" not in titles(headed.enrolment)
        assert "removed from new entries" in response.content.decode()

    def test_another_candidates_heading_is_404(self, headed, client_for):
        url = reverse("entries:heading_delete", args=[heading(headed.enrolment2, "Thoughts").pk])

        assert client_for(headed.candidate).post(url).status_code == 404
        assert titles(headed.enrolment2) == HEADINGS

    def test_a_missing_heading_is_404(self, headed, client_for):
        url = reverse("entries:heading_delete", args=[999999])

        assert client_for(headed.candidate).post(url).status_code == 404

    def test_get_is_not_allowed(self, headed, client_for):
        url = reverse("entries:heading_delete", args=[heading(headed.enrolment, "Issues").pk])

        assert client_for(headed.candidate).get(url).status_code == 405
        assert titles(headed.enrolment) == HEADINGS


@pytest.mark.django_db
class TestOldEntriesKeepTheirHeadings:
    """An entry keeps the headings (titles and order) it was written under."""

    @pytest.fixture
    def entry(self, headed):
        return write(headed.enrolment, 2, bodies=["a", "b", "c", "d", "e"])

    def test_renaming_moving_adding_and_removing_leave_the_entry_alone(
        self, headed, entry, client_for
    ):
        client = client_for(headed.candidate)
        enrolment = headed.enrolment
        client.post(
            reverse("entries:heading_update", args=[heading(enrolment, "Issues").pk]),
            {"title": "Obstacles"},
        )
        client.post(
            reverse("entries:heading_move", args=[heading(enrolment, "Lessons").pk]),
            {"direction": "up"},
        )
        client.post(reverse("entries:heading_delete", args=[heading(enrolment, "Thoughts").pk]))
        client.post(ADD, {"title": "Next steps"})

        assert section_titles(entry) == HEADINGS
        assert list(entry.sections.values_list("body", flat=True)) == ["a", "b", "c", "d", "e"]

    def test_a_new_preset_leaves_the_entry_alone(self, headed, entry, client_for):
        client_for(headed.candidate).post(PRESET, {"preset": "gibbs"})

        assert section_titles(entry) == HEADINGS

    def test_the_old_entry_is_edited_under_its_own_headings(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        client.post(PRESET, {"preset": "gibbs"})

        response = client.get(reverse("entries:entry_edit", args=[entry.public_id]))

        labels = labelled_controls(response.content.decode())
        for title in HEADINGS:
            assert title in labels
        assert "Description" not in labels

    def test_the_old_entry_reads_under_its_own_headings(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        client.post(
            reverse("entries:heading_update", args=[heading(headed.enrolment, "Issues").pk]),
            {"title": "Obstacles"},
        )

        html = client.get(reverse("entries:entry_detail", args=[entry.public_id])).content.decode()

        assert "Issues" in html
        assert "Obstacles" not in html

    def test_saving_the_old_entry_after_the_headings_changed_keeps_its_headings(
        self, headed, entry, client_for
    ):
        client = client_for(headed.candidate)
        client.post(
            reverse("entries:heading_delete", args=[heading(headed.enrolment, "Thoughts").pk])
        )

        response = client.post(
            reverse("entries:entry_edit", args=[entry.public_id]),
            form_data(2, sections=["A", "B", "C", "D", "E"], version=entry.version),
        )

        assert response.status_code == 302
        assert section_titles(entry) == HEADINGS
        assert list(entry.sections.values_list("body", flat=True)) == ["A", "B", "C", "D", "E"]

    def test_a_new_entry_is_written_under_the_new_headings(self, headed, entry, client_for):
        client_for(headed.candidate).post(PRESET, {"preset": "gibbs"})

        new = write(headed.enrolment, 3)

        assert section_titles(new)[0] == "Description"
        assert section_titles(entry) == HEADINGS
