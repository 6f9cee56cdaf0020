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
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy

# The limit message as whole sentences, one for each box a form names with
# ``what=`` (a translator can then agree the words with the subject); the key
# is the English subject. A subject not listed here uses GENERIC_TOO_LONG.
TOO_LONG = {
    "This text": gettext_lazy(
        "This text is %(show_value)s characters long; the limit is %(limit)s. "
        "Shorten it (or split it); nothing is lost, your text is still here."
    ),
    "The aims": gettext_lazy(
        "The aims is %(show_value)s characters long; the limit is %(limit)s. "
        "Shorten it (or split it); nothing is lost, your text is still here."
    ),
    "The memo": gettext_lazy(
        "The memo is %(show_value)s characters long; the limit is %(limit)s. "
        "Shorten it (or split it); nothing is lost, your text is still here."
    ),
    "This note": gettext_lazy(
        "This note is %(show_value)s characters long; the limit is %(limit)s. "
        "Shorten it (or split it); nothing is lost, your text is still here."
    ),
    "The reason": gettext_lazy(
        "The reason is %(show_value)s characters long; the limit is %(limit)s. "
        "Shorten it (or split it); nothing is lost, your text is still here."
    ),
    "This comment": gettext_lazy(
        "This comment is %(show_value)s characters long; the limit is %(limit)s. "
        "Shorten it (or split it); nothing is lost, your text is still here."
    ),
    "The feedback": gettext_lazy(
        "The feedback is %(show_value)s characters long; the limit is %(limit)s. "
        "Shorten it (or split it); nothing is lost, your text is still here."
    ),
    "The report": gettext_lazy(
        "The report is %(show_value)s characters long; the limit is %(limit)s. "
        "Shorten it (or split it); nothing is lost, your text is still here."
    ),
}
# Any other subject, named by %(what)s.
GENERIC_TOO_LONG = gettext_lazy(
    "%(what)s is %(show_value)s characters long; the limit is %(limit)s. "
    "Shorten it (or split it); nothing is lost, your text is still here."
)


def too_long_message(what) -> str:
    """The whole sentence for ``what`` (English, lazy or already translated)
    in the active language."""
    text = str(what)
    for subject, message in TOO_LONG.items():
        if text == subject or text == gettext(subject):
            return str(message)
    return str(GENERIC_TOO_LONG)


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
        # Our own sentence unless the form gave one; chosen when the error is
        # raised, in the language of that request (see run_validators).
        self.what = what
        self.own_too_long = "max_length" not in error_messages
        error_messages.setdefault("max_length", GENERIC_TOO_LONG)
        super().__init__(max_length=max_length, error_messages=error_messages, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value

    def run_validators(self, value):
        # "%(show_value)s" with thousands separators reads better than 204000
        # (the separator of the active language: "204,000", "204 000").
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            for item in error.error_list:
                if item.code == "max_length" and item.params:
                    item.params = {
                        **item.params,
                        "show_value": number_format(len(value), force_grouping=True),
                        "limit": number_format(self.max_length, force_grouping=True),
                        "what": str(self.what),
                    }
                    if self.own_too_long:
                        item.message = too_long_message(self.what)
            raise

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["data-max-chars"] = str(self.max_length)
        return attrs
