"""One kind of long text box for every form: counted the same in the browser
and on the server, never cut short.

A browser's ``maxlength`` cuts a long paste silently, and counts a line break
as one character while the posted form carries it as two ("\\r\\n"), so a
text the box accepted could then be refused by the server. A ``TextBox``:

- normalises line endings to "\\n" before counting or storing, exactly as
  ``static/js/textlimits.js`` counts;
- draws its limit as ``data-max-chars`` (no ``maxlength``), so the script can
  show a counter near the limit and refuse an over-long paste with a message
  instead of cutting it;
- answers a text over the limit with an error on the field that says how
  long it is, keeping the text in the box.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TextBox(forms.CharField):
    """A multi-line text field with a limit people can see coming."""

    widget = forms.Textarea

    def __init__(
        self, *, max_length: int, what: str = gettext_lazy("This text"), rows: int = 4, **kwargs
    ):

        attrs = kwargs.pop("attrs", {})
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows, **attrs}))
        error_messages = kwargs.pop("error_messages", {})
        error_messages.setdefault(
            "max_length",
            format_lazy(
                gettext_lazy(
                    "{what} is %(show_value)s characters long; the limit is {limit}. "
                    "Shorten it (or split it); nothing is lost, your text is still here."
                ),
                what=what,
                limit=f"{max_length:,}",
            ),
        )
        super().__init__(max_length=max_length, error_messages=error_messages, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value

    def run_validators(self, value):
        # "%(show_value)s" with thousands separators reads better than 204000.
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            for item in error.error_list:
                if item.code == "max_length" and item.params:
                    item.params = {**item.params, "show_value": f"{len(value):,}"}
            raise

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["data-max-chars"] = str(self.max_length)
        return attrs
