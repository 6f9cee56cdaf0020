"""Forms for comments. Forms only validate; services write."""

import uuid

from django import forms

from library.textbox import TextBox
from mentors.models import COMMENT_MAX_CHARS

TOO_LONG = (
    f"A comment can be at most {COMMENT_MAX_CHARS:,} characters (this one has %(show_value)s). "
    "Shorten it or split it into two comments."
)


def comment_body(*, label: str, rows: int, empty: str, **kwargs) -> TextBox:
    """A comment's text box: the same limit and the same advice when it is too
    long, whether the comment is being written or edited; ``empty`` is what to
    say when nothing was written."""
    return TextBox(
        label=label,
        max_length=COMMENT_MAX_CHARS,
        rows=rows,
        error_messages={"required": empty, "max_length": TOO_LONG},
        **kwargs,
    )


class CommentForm(forms.Form):
    body = comment_body(
        label="Add a comment",
        rows=4,
        empty="Write something before posting: the comment is empty.",
        help_text="Markdown works: **bold**, *italic*, lists, links.",
    )
    # Rendered fresh with each form: a double click sends the same token twice.
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    section = forms.IntegerField(widget=forms.HiddenInput, required=False)
    parent = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, label=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("form_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        if label:
            self.fields["body"].label = label

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write something before posting: the comment is empty.")
        return body


class CommentEditForm(forms.Form):
    body = comment_body(label="Edit your comment", rows=5, empty="A comment cannot be empty.")
