"""Autosave (htmx): nothing typed is lost, and a stale tab never overwrites."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from entries.models import Entry
from tests.entries.helpers import form_data, write

AUTOSAVE = reverse("entries:entry_autosave")


def both_versions(fragment: str) -> list[tuple[str, str, str]]:
    """(part, saved text, writer's text) for every part the conflict diff
    shows: the saved text is the diff without its insertions, the writer's
    without its deletions."""
    parts = re.findall(
        r'<strong>(.*?)</strong><div class="diff-text">(.*?)</div>', fragment, re.DOTALL
    )

    def text(diff, drop):
        diff = re.sub(rf"<{drop}>.*?</{drop}>", "", diff, flags=re.DOTALL)
        return html_lib.unescape(re.sub(r"</?(ins|del)>", "", diff))

    return [
        (html_lib.unescape(label), text(diff, "ins"), text(diff, "del")) for label, diff in parts
    ]


def body(entry, position=0) -> str:
    return entry.sections.get(position=position).body


@pytest.mark.django_db
class TestAutosaveNewEntry:
    def test_the_first_autosave_creates_a_draft_and_gives_its_address(self, headed, client_for):
        response = client_for(headed.candidate).post(
            AUTOSAVE, form_data(3, sections=["Half a thought"], entry=None)
        )

        entry = Entry.objects.get()
        html = response.content.decode()
        assert response.status_code == 200
        assert body(entry) == "Half a thought"
        assert entry.status == "draft"
        assert response["HX-Replace-Url"] == reverse("entries:entry_edit", args=[entry.public_id])
        assert f'name="entry" id="entry-id" value="{entry.public_id}"' in html
        assert f'name="version" id="id_version" value="{entry.version}"' in html
        assert "Saved " in html

    def test_the_new_entrys_buttons_now_save_that_entry(self, headed, client_for):
        response = client_for(headed.candidate).post(AUTOSAVE, form_data(3))

        entry = Entry.objects.get()
        html = response.content.decode()
        assert reverse("entries:entry_edit", args=[entry.public_id]) in html
        assert reverse("entries:entry_share", args=[entry.public_id]) in html

    def test_an_empty_new_form_creates_nothing(self, headed, client_for):
        response = client_for(headed.candidate).post(AUTOSAVE, form_data(3, sections=[]))

        assert response.status_code == 200
        assert "Start writing" in response.content.decode()
        assert "HX-Replace-Url" not in response
        assert not Entry.objects.exists()

    def test_an_empty_entry_field_means_a_new_entry(self, headed, client_for):
        client_for(headed.candidate).post(AUTOSAVE, {**form_data(3), "entry": ""})

        assert Entry.objects.count() == 1

    def test_invalid_input_is_a_clear_failure_and_creates_nothing(self, headed, client_for):
        response = client_for(headed.candidate).post(AUTOSAVE, form_data("0", aims="Plans"))

        html = response.content.decode()
        assert response.status_code == 422
        assert "Not saved:" in html
        assert "Choose a week of your programme" in html
        assert "Your text is still here." in html
        assert not Entry.objects.exists()

    def test_a_section_over_the_limit_is_a_clear_failure(self, headed, client_for):
        response = client_for(headed.candidate).post(
            AUTOSAVE, form_data(3, sections=["x" * 50_001])
        )

        html = response.content.decode()
        assert response.status_code == 422
        assert "This section is 50,001 characters long; the limit is 50,000" in html
        # The field's own message already says the text is safe: said once.
        assert html.lower().count("your text is still here") == 1
        assert not Entry.objects.exists()

    def test_a_candidate_without_a_logbook_gets_404(self, cast, client_for):
        response = client_for(cast.stranger).post(AUTOSAVE, form_data(3))

        assert response.status_code == 404
        assert not Entry.objects.exists()

    def test_anonymous_is_sent_to_sign_in(self, headed, client):
        response = client.post(AUTOSAVE, form_data(3))

        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
        assert not Entry.objects.exists()

    def test_get_is_not_allowed(self, headed, client_for):
        assert client_for(headed.candidate).get(AUTOSAVE).status_code == 405


@pytest.mark.django_db
class TestAutosaveExistingEntry:
    @pytest.fixture
    def entry(self, headed):
        return write(headed.enrolment, 3, bodies=["Saved text", "", "", "", ""])

    def test_a_save_with_the_current_version_saves_and_bumps_it(self, headed, entry, client_for):
        response = client_for(headed.candidate).post(
            AUTOSAVE, form_data(3, sections=["Newer text"], entry=entry, version=1)
        )

        entry.refresh_from_db()
        assert response.status_code == 200
        assert "HX-Replace-Url" not in response
        assert entry.version == 2
        assert body(entry) == "Newer text"
        assert entry.sections.get(position=0).body_html == "<p>Newer text</p>"
        assert 'name="version" id="id_version" value="2"' in response.content.decode()
        assert Entry.objects.count() == 1

    def test_successive_saves_carry_the_version_on(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        for version in (1, 2, 3):
            response = client.post(
                AUTOSAVE, form_data(3, sections=[f"v{version}"], entry=entry, version=version)
            )
            assert response.status_code == 200

        entry.refresh_from_db()
        assert (entry.version, body(entry)) == (4, "v3")

    def test_a_stale_version_is_a_conflict_showing_both_versions(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        # Another tab saved first.
        client.post(AUTOSAVE, form_data(3, sections=["From tab two"], entry=entry, version=1))

        response = client.post(
            AUTOSAVE, form_data(3, sections=["From tab one"], entry=entry, version=1)
        )

        html = response.content.decode()
        entry.refresh_from_db()
        assert response.status_code == 409
        assert "changed in another tab or window" in html
        assert "Nothing was overwritten." in html
        assert both_versions(html) == [("Issues", "From tab two", "From tab one")]
        assert body(entry) == "From tab two"
        assert entry.version == 2

    def test_a_conflict_shows_every_part_that_differs_in_full(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        client.post(
            AUTOSAVE,
            form_data(
                3,
                aims="Meet the donor.",
                sections=["Budget talks stalled <again>."],
                entry=entry,
                version=1,
            ),
        )

        html = client.post(
            AUTOSAVE,
            form_data(
                3, sections=["Partners agreed & signed.", "", "Fresh hope"], entry=entry, version=1
            ),
        ).content.decode()

        assert both_versions(html) == [
            ("Aims and strategies for this week", "Meet the donor.", ""),
            ("Issues", "Budget talks stalled <again>.", "Partners agreed & signed."),
            ("Working well!", "", "Fresh hope"),
        ]

    def test_the_conflict_offers_to_keep_the_writers_version(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        client.post(AUTOSAVE, form_data(3, sections=["From tab two"], entry=entry, version=1))

        html = client.post(
            AUTOSAVE, form_data(3, sections=["From tab one"], entry=entry, version=1)
        ).content.decode()

        assert 'name="keep_version" value="2"' in html
        assert "Keep my version" in html
        assert "Use the saved version" in html

    def test_keep_version_with_the_current_version_saves_the_writers_text(
        self, headed, entry, client_for
    ):
        client = client_for(headed.candidate)
        client.post(AUTOSAVE, form_data(3, sections=["From tab two"], entry=entry, version=1))

        response = client.post(
            reverse("entries:entry_edit", args=[entry.public_id]),
            form_data(3, sections=["From tab one"], version=1, keep_version=2),
        )

        entry.refresh_from_db()
        assert response.status_code == 302
        assert body(entry) == "From tab one"
        assert entry.version == 3

    def test_keep_version_through_autosave_also_saves(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        client.post(AUTOSAVE, form_data(3, sections=["From tab two"], entry=entry, version=1))

        response = client.post(
            AUTOSAVE,
            form_data(3, sections=["From tab one"], entry=entry, version=1, keep_version=2),
        )

        assert response.status_code == 200
        assert body(entry) == "From tab one"

    def test_keep_version_with_an_old_version_is_another_conflict(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        client.post(AUTOSAVE, form_data(3, sections=["Two"], entry=entry, version=1))
        client.post(AUTOSAVE, form_data(3, sections=["Three"], entry=entry, version=2))

        response = client.post(
            AUTOSAVE, form_data(3, sections=["One"], entry=entry, version=1, keep_version=2)
        )

        assert response.status_code == 409
        assert body(entry) == "Three"

    def test_a_conflict_in_the_full_editor_shows_both_versions_too(self, headed, entry, client_for):
        client = client_for(headed.candidate)
        client.post(AUTOSAVE, form_data(3, sections=["From tab two"], entry=entry, version=1))

        response = client.post(
            reverse("entries:entry_edit", args=[entry.public_id]),
            form_data(3, sections=["From tab one"], version=1),
        )

        html = response.content.decode()
        assert response.status_code == 409
        assert "Nothing was overwritten." in html
        assert ">\nFrom tab one</textarea>" in html
        assert "<del>two</del>" in html
        assert "<ins>one</ins>" in html
        assert body(entry) == "From tab two"

    @pytest.mark.parametrize(
        "version",
        ["", "abc", "-1", "0", "1.0", "99999999999999999999999", "9" * 5000, "²", " 1", "1e3"],
    )
    def test_a_tampered_version_is_a_conflict_and_overwrites_nothing(
        self, headed, entry, client_for, version
    ):
        client = client_for(headed.candidate)
        client.post(AUTOSAVE, form_data(3, sections=["Newest"], entry=entry, version=1))

        response = client.post(
            AUTOSAVE, form_data(3, sections=["Stale"], entry=entry, version=version)
        )

        assert response.status_code == 409
        assert body(entry) == "Newest"

    @pytest.mark.parametrize("version", ["abc", "99999999999999999999999", "²"])
    def test_a_tampered_keep_version_is_a_conflict_too(self, headed, entry, client_for, version):
        response = client_for(headed.candidate).post(
            AUTOSAVE, form_data(3, sections=["Stale"], entry=entry, version=1, keep_version=version)
        )

        assert response.status_code == 409
        assert body(entry) == "Saved text"

    def test_another_candidates_entry_is_404(self, headed, client_for):
        theirs = write(headed.enrolment2, 3, bodies=["Their text", "", "", "", ""])

        response = client_for(headed.candidate).post(
            AUTOSAVE, form_data(3, sections=["Mine"], entry=theirs, version=1)
        )

        assert response.status_code == 404
        assert body(theirs) == "Their text"
        assert not headed.enrolment.entries.exists()

    @pytest.mark.parametrize("forged", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "1"])
    def test_a_malformed_or_unknown_entry_id_is_404(self, headed, client_for, forged):
        response = client_for(headed.candidate).post(AUTOSAVE, {**form_data(3), "entry": forged})

        assert response.status_code == 404
        assert not Entry.objects.exists()

    def test_the_mentor_cannot_autosave_a_shared_entry(self, headed, client_for):
        shared = write(headed.enrolment, 3, share=True, bodies=["Shared", "", "", "", ""])

        response = client_for(headed.mentor).post(
            AUTOSAVE, form_data(3, sections=["Mentor's words"], entry=shared, version=1)
        )

        assert response.status_code == 404
        assert body(shared) == "Shared"

    def test_emptying_a_saved_entry_is_refused_and_keeps_the_text(self, headed, entry, client_for):
        response = client_for(headed.candidate).post(
            AUTOSAVE, form_data(3, sections=[], entry=entry, version=1)
        )

        assert response.status_code == 422
        assert "Not saved:" in response.content.decode()
        assert body(entry) == "Saved text"
