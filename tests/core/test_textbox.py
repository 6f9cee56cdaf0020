"""Long text boxes count as the browser counts and never cut (issue 11, item 6)."""

import pytest
from django import forms

from entries.forms import EntryForm
from entries.models import SECTION_MAX_CHARS
from library.textbox import TextBox
from mentors.forms import CommentForm


class Note(forms.Form):
    text = TextBox(max_length=10, what="The note", required=False)


class TestTextBox:
    def test_posted_line_breaks_count_once(self):
        form = Note({"text": "abcd\r\nefgh\r\n"})  # 10 as typed, 12 as posted

        assert form.is_valid(), form.errors
        assert form.cleaned_data["text"] == "abcd\nefgh"

    def test_a_text_over_the_limit_is_refused_with_its_length_and_kept(self):
        form = Note({"text": "x" * 12_345})

        assert not form.is_valid()
        assert form.errors["text"] == [
            "The note is 12,345 characters long; the limit is 10. Shorten it (or split it); "
            "nothing is lost, your text is still here."
        ]
        assert form["text"].value() == "x" * 12_345

    def test_the_box_shows_its_limit_to_the_script_but_never_cuts_a_paste(self):
        html = str(Note()["text"])

        assert 'data-max-chars="10"' in html
        assert "maxlength" not in html


@pytest.mark.django_db
class TestEveryLongBox:
    def test_entry_sections_and_aims_use_it(self, cast):
        from entries.services import headings_apply_preset

        headings_apply_preset(enrolment=cast.enrolment, key="short")
        form = EntryForm(
            enrolment=cast.enrolment,
            section_titles=[(h.title, h.prompt) for h in cast.enrolment.headings.all()],
        )
        html = str(form["aims"]) + str(form["section_0"])

        assert html.count(f'data-max-chars="{SECTION_MAX_CHARS}"') == 2
        assert "maxlength" not in html

    def test_comments_use_it(self):
        assert "maxlength" not in str(CommentForm()["body"])
