"""The entry editor: new entries, drafts, bad input, tags."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entries.models import SECTION_MAX_CHARS, Entry, EntryStatus, Partnership
from entries.vocabulary import BrokerPosition, Phase
from tests.entries.helpers import (
    HEADINGS,
    buttons,
    controls,
    form_data,
    labelled_controls,
    write,
)

NEW = reverse("entries:entry_new")
NEW_SHARE = reverse("entries:entry_new_share")
HOME = reverse("entries:home")


def partnership(enrolment, name="River catchment compact") -> Partnership:
    return Partnership.objects.create(
        enrolment=enrolment, name=name, position=BrokerPosition.EXTERNAL
    )


@pytest.mark.django_db
class TestNewEntryForm:
    def test_has_the_stable_labels_and_buttons(self, headed, client_for):
        response = client_for(headed.candidate).get(NEW)

        html = response.content.decode()
        labels = labelled_controls(html)
        assert response.status_code == 200
        assert labels["Week of"][0] == "select"
        assert labels["Aims and strategies for this week"][0] == "textarea"
        for title in HEADINGS:
            assert labels[title][0] == "textarea", title
        assert "Save draft" in buttons(html)
        assert "Share with mentor" in buttons(html)

    def test_each_heading_has_exactly_one_text_area(self, headed, client_for):
        html = client_for(headed.candidate).get(NEW).content.decode()

        sections = [
            label
            for label, (tag, attrs) in labelled_controls(html).items()
            if attrs.get("name", "").startswith("section_")
        ]
        assert sections == HEADINGS

    def test_the_prompts_show_as_help(self, headed, client_for):
        html = client_for(headed.candidate).get(NEW).content.decode()

        assert "What got in the way?" in html
        assert "What will you carry forward?" in html

    def test_weeks_are_labelled_with_their_dates_and_this_week_is_chosen(self, headed, client_for):
        html = client_for(headed.candidate).get(NEW).content.decode()

        current = headed.enrolment.current_week()
        assert f'<option value="{current}" selected>Week {current} · ' in html
        assert '<option value="1">Week 1 · ' in html
        assert '<option value="0"' not in html

    def test_without_headings_the_candidate_is_sent_to_choose_them(self, cast, client_for):
        response = client_for(cast.candidate).get(NEW)

        assert response.status_code == 302
        assert response.url == reverse("entries:headings")


@pytest.mark.django_db
class TestEntryNewSave:
    def test_saving_creates_a_private_draft_with_one_section_per_heading(self, headed, client_for):
        response = client_for(headed.candidate).post(
            NEW,
            form_data(
                3,
                title="First meeting",
                aims="Get the **partners** to agree ground rules.",
                sections=["Travel delays.", "", "The *agenda* worked."],
            ),
        )

        entry = Entry.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("entries:entry_detail", args=[entry.public_id])
        assert entry.enrolment == headed.enrolment
        assert (entry.week, entry.title, entry.status) == (3, "First meeting", EntryStatus.DRAFT)
        assert entry.version == 1
        sections = list(entry.sections.all())
        assert [s.heading_title for s in sections] == HEADINGS
        assert [s.position for s in sections] == [0, 1, 2, 3, 4]
        assert [s.body for s in sections] == ["Travel delays.", "", "The *agenda* worked.", "", ""]
        assert sections[0].heading_prompt == "What got in the way?"

    def test_the_html_is_rendered_and_stored_on_save(self, headed, client_for):
        client_for(headed.candidate).post(
            NEW, form_data(3, aims="Agree **ground rules**.", sections=["", "", "The *agenda*."])
        )

        entry = Entry.objects.get()
        assert entry.aims_html == "<p>Agree <strong>ground rules</strong>.</p>"
        assert entry.sections.get(position=2).body_html == "<p>The <em>agenda</em>.</p>"
        assert entry.sections.get(position=0).body_html == ""

    def test_the_search_vectors_are_filled(self, headed, client_for):
        client_for(headed.candidate).post(
            NEW, form_data(3, title="Negotiation", sections=["Budgets were contested."])
        )

        entry = Entry.objects.get()
        section = entry.sections.get(position=0)
        assert "negoti" in entry.search_vector
        assert "budget" in section.search_vector
        assert "contest" in section.search_vector

    def test_the_draft_saved_message_says_only_they_can_see_it(self, headed, client_for):
        response = client_for(headed.candidate).post(NEW, form_data(3), follow=True)

        assert "Draft saved. Only you can see it." in response.content.decode()

    def test_share_with_mentor_creates_a_shared_entry(self, headed, client_for):
        response = client_for(headed.candidate).post(NEW_SHARE, form_data(3), follow=True)

        entry = Entry.objects.get()
        assert entry.status == EntryStatus.SHARED
        assert entry.first_shared_text is not None
        assert "Shared with your mentor." in response.content.decode()

    def test_a_title_alone_is_enough(self, headed, client_for):
        client_for(headed.candidate).post(NEW, form_data(3, title="Placeholder", sections=[]))

        assert Entry.objects.get().title == "Placeholder"

    def test_a_second_entry_in_the_same_week_is_allowed_and_shown_as_such(self, headed, client_for):
        client = client_for(headed.candidate)
        client.post(NEW, form_data(3, title="Morning"))
        client.post(NEW, form_data(3, title="Evening"))

        html = client.get(HOME).content.decode()

        assert Entry.objects.filter(week=3).count() == 2
        assert html.count("another entry this week") == 2
        evening = Entry.objects.get(title="Evening")
        detail = client.get(reverse("entries:entry_detail", args=[evening.public_id]))
        assert "one of 2 entries this week" in detail.content.decode()

    def test_suggested_tools_and_free_tags_are_stored(self, headed, client_for):
        client_for(headed.candidate).post(
            NEW,
            form_data(
                3,
                tools=["SWOT analysis", "Ground rules"],
                other_tools=" story circles, , power map ,story circles",
            ),
        )

        entry = Entry.objects.get()
        assert entry.tools == ["SWOT analysis", "Ground rules", "story circles", "power map"]

    def test_free_tags_show_again_in_the_editor(self, headed, client_for):
        client = client_for(headed.candidate)
        client.post(NEW, form_data(3, tools=["SWOT analysis"], other_tools="power map"))
        entry = Entry.objects.get()

        html = client.get(reverse("entries:entry_edit", args=[entry.public_id])).content.decode()

        assert 'value="power map"' in html
        assert 'value="SWOT analysis" checked' in html or (
            "checked" in html.split('value="SWOT analysis"')[1][:40]
        )

    def test_phases_and_own_partnerships_are_stored(self, headed, client_for):
        own = partnership(headed.enrolment)

        client_for(headed.candidate).post(
            NEW,
            form_data(3, phases=[Phase.SCOPING, Phase.REVIEWING], partnerships=[own.pk]),
        )

        entry = Entry.objects.get()
        assert entry.phases == [Phase.SCOPING, Phase.REVIEWING]
        assert list(entry.partnerships.all()) == [own]


@pytest.mark.django_db
class TestEntryNewBadInput:
    def assert_refused(self, response, message):
        html = response.content.decode()
        assert response.status_code == 422
        assert message in html
        assert not Entry.objects.exists()

    def test_an_entry_with_no_text_at_all_is_refused(self, headed, client_for):
        response = client_for(headed.candidate).post(
            NEW, form_data(3, sections=["", "   ", "\n"], aims="  ")
        )

        self.assert_refused(response, "an entry with no text cannot be saved")

    def test_tags_alone_are_not_text(self, headed, client_for):
        response = client_for(headed.candidate).post(
            NEW, form_data(3, sections=[], phases=[Phase.SCOPING], other_tools="busy")
        )

        self.assert_refused(response, "an entry with no text cannot be saved")

    def test_a_section_over_50000_characters_is_refused_and_kept_on_the_page(
        self, headed, client_for
    ):
        long = "word " * (SECTION_MAX_CHARS // 5) + "END-OF-LONG-TEXT"

        response = client_for(headed.candidate).post(NEW, form_data(3, sections=["short", long]))

        self.assert_refused(response, "characters long; the limit is 50,000")
        html = response.content.decode()
        assert long.strip() in html
        assert "short" in html

    def test_aims_over_50000_characters_are_refused(self, headed, client_for):
        response = client_for(headed.candidate).post(
            NEW, form_data(3, aims="x" * (SECTION_MAX_CHARS + 1))
        )

        assert response.status_code == 422
        assert not Entry.objects.exists()

    def test_exactly_50000_characters_are_fine(self, headed, client_for):
        response = client_for(headed.candidate).post(
            NEW, form_data(3, sections=["x" * SECTION_MAX_CHARS])
        )

        assert response.status_code == 302
        assert len(Entry.objects.get().sections.get(position=0).body) == SECTION_MAX_CHARS

    @pytest.mark.parametrize("week", ["0", "-1", "abc", "99", "2.5"])
    def test_a_week_outside_the_programme_so_far_is_a_clear_message(self, headed, client_for, week):
        response = client_for(headed.candidate).post(NEW, form_data(week, aims="Plans."))

        self.assert_refused(response, "Choose a week of your programme")

    def test_the_text_is_kept_when_the_week_is_refused(self, headed, client_for):
        response = client_for(headed.candidate).post(
            NEW, form_data("0", aims="My careful plans.", sections=["Deep thoughts."])
        )

        html = response.content.decode()
        assert "My careful plans." in html
        assert "Deep thoughts." in html

    @pytest.mark.parametrize("phase", ["hacking", "SCOPING", "<script>"])
    def test_a_forged_phase_is_a_clear_message(self, headed, client_for, phase):
        response = client_for(headed.candidate).post(NEW, form_data(3, phases=[phase]))

        self.assert_refused(response, "Choose phases from the list.")

    def test_another_candidates_partnership_is_a_clear_message(self, headed, client_for):
        theirs = partnership(headed.enrolment2)

        response = client_for(headed.candidate).post(NEW, form_data(3, partnerships=[theirs.pk]))

        self.assert_refused(response, "Choose from your own partnerships")
        assert not theirs.entries.exists()

    @pytest.mark.parametrize("forged", ["999999", "abc", "-1", "1.5"])
    def test_an_unknown_partnership_id_is_a_clear_message(self, headed, client_for, forged):
        partnership(headed.enrolment)

        response = client_for(headed.candidate).post(NEW, form_data(3, partnerships=[forged]))

        self.assert_refused(response, "Choose from your own partnerships")

    def test_too_many_free_tags_is_a_clear_message(self, headed, client_for):
        tags = ", ".join(f"tag{i}" for i in range(21))

        response = client_for(headed.candidate).post(NEW, form_data(3, other_tools=tags))

        self.assert_refused(response, "Use at most 20 of your own tags.")

    def test_a_forged_suggested_tool_is_a_clear_message(self, headed, client_for):
        response = client_for(headed.candidate).post(NEW, form_data(3, tools=["Hypnosis"]))

        self.assert_refused(response, "Choose tools from the list")


@pytest.mark.django_db
class TestHeadingsChangedInAnotherTab:
    """The editor maps text areas to headings by position; if the headings
    change after the page was drawn, a save must not file text under the
    wrong heading or drop the text of a removed one."""

    def drawn_with(self, client):
        """The hidden headings field of a freshly drawn editor."""
        html = client.get(NEW).content.decode()
        by_name = {attrs.get("name"): attrs for _, attrs in controls(html).values()}
        return by_name["headings"]["value"]

    def test_a_heading_removed_after_the_page_was_drawn_is_refused_and_nothing_lost(
        self, headed, client_for
    ):
        client = client_for(headed.candidate)
        drawn = self.drawn_with(client)
        headed.enrolment.headings.get(title="Thoughts").delete()

        response = client.post(
            NEW, form_data(3, sections=["i", "t", "w", "u", "l"], headings=drawn)
        )

        html = response.content.decode()
        assert response.status_code == 422
        assert "Your headings changed in another window" in html
        assert not Entry.objects.exists()
        labels = labelled_controls(html)
        assert [label for label in labels if label in HEADINGS] == HEADINGS
        assert ">\nt</textarea>" in html

    def test_headings_reordered_after_the_page_was_drawn_are_refused(self, headed, client_for):
        client = client_for(headed.candidate)
        drawn = self.drawn_with(client)
        headed.enrolment.headings.filter(title="Issues").update(position=99)

        response = client.post(NEW, form_data(3, sections=["i", "t"], headings=drawn))

        assert response.status_code == 422
        assert not Entry.objects.exists()

    def test_autosave_is_refused_too(self, headed, client_for):
        client = client_for(headed.candidate)
        drawn = self.drawn_with(client)
        headed.enrolment.headings.get(title="Thoughts").delete()

        response = client.post(
            reverse("entries:entry_autosave"), form_data(3, sections=["i", "t"], headings=drawn)
        )

        assert response.status_code == 422
        assert "Your headings changed in another window" in response.content.decode()
        assert not Entry.objects.exists()

    def test_unchanged_headings_save_as_usual(self, headed, client_for):
        client = client_for(headed.candidate)
        drawn = self.drawn_with(client)

        response = client.post(NEW, form_data(3, headings=drawn))

        assert response.status_code == 302
        assert Entry.objects.exists()

    def test_a_heading_added_at_the_end_is_refused_rather_than_guessed(self, headed, client_for):
        client = client_for(headed.candidate)
        drawn = self.drawn_with(client)
        headed.enrolment.headings.create(title="Next steps", position=9)

        response = client.post(NEW, form_data(3, headings=drawn))

        assert response.status_code == 422
        assert not Entry.objects.exists()


@pytest.mark.django_db
class TestEntryEditSave:
    def test_saving_an_edit_keeps_it_a_draft_and_bumps_the_version(self, headed, client_for):
        entry = write(headed.enrolment, 3)

        response = client_for(headed.candidate).post(
            reverse("entries:entry_edit", args=[entry.public_id]),
            form_data(3, sections=["Rewritten."], version=entry.version),
        )

        entry.refresh_from_db()
        assert response.status_code == 302
        assert entry.status == EntryStatus.DRAFT
        assert entry.version == 2
        assert entry.sections.get(position=0).body == "Rewritten."
        assert entry.sections.get(position=0).body_html == "<p>Rewritten.</p>"

    def test_the_editor_shows_the_saved_text(self, headed, client_for):
        entry = write(headed.enrolment, 3, aims="Plan A.", bodies=["One", "Two", "", "", ""])

        html = (
            client_for(headed.candidate)
            .get(reverse("entries:entry_edit", args=[entry.public_id]))
            .content.decode()
        )

        assert "Plan A." in html
        assert ">\nOne</textarea>" in html
        assert ">\nTwo</textarea>" in html
        assert f'name="version" value="{entry.version}"' in html

    def test_the_save_bar_dates_a_save_from_an_earlier_day(self, headed, client_for):
        entry = write(headed.enrolment, 3)
        url = reverse("entries:entry_edit", args=[entry.public_id])
        client = client_for(headed.candidate)
        today = timezone.localtime(entry.updated_at)

        assert f"Saved {today:%H:%M}</span>" in client.get(url).content.decode()

        earlier = today - datetime.timedelta(days=20)
        Entry.objects.filter(pk=entry.pk).update(updated_at=earlier)
        html = client.get(url).content.decode()
        assert f"Last saved {earlier.day} {earlier:%b %Y, %H:%M}</span>" in html

    def test_clearing_all_text_of_a_saved_entry_is_refused(self, headed, client_for):
        entry = write(headed.enrolment, 3)

        response = client_for(headed.candidate).post(
            reverse("entries:entry_edit", args=[entry.public_id]),
            form_data(3, sections=[], version=entry.version),
        )

        assert response.status_code == 422
        assert entry.sections.get(position=0).body.startswith("Week 3")

    def test_another_candidates_entry_is_404(self, headed, client_for):
        theirs = write(headed.enrolment2, 3)

        client = client_for(headed.candidate)
        url = reverse("entries:entry_edit", args=[theirs.public_id])

        assert client.get(url).status_code == 404
        assert client.post(url, form_data(3, version=1)).status_code == 404
        assert theirs.sections.get(position=0).body.startswith("Week 3")
