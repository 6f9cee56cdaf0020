"""Small helpers shared by the logbook tests."""

from html.parser import HTMLParser

from entries.models import Entry
from entries.services import EntryText, entry_save

# The "short" preset, in order.
HEADINGS = ["Issues", "Thoughts", "Working well!", "Unexpected outcomes", "Lessons"]


def write(enrolment, week, *, title="", aims="", bodies=None, share=False, **tags) -> Entry:
    """An entry saved through the service; ``bodies`` defaults to one line
    under the first heading and nothing under the others."""
    count = enrolment.headings.count()
    if bodies is None:
        bodies = [f"Week {week}: the partners met and talked."] + [""] * (count - 1)
    return entry_save(
        enrolment=enrolment,
        text=EntryText(week=week, title=title, aims=aims, bodies=list(bodies), **tags),
        share=share,
    )


def form_data(week=3, *, title="", aims="", sections=None, entry=None, version=None, **extra):
    """What the entry editor posts. ``sections`` is a list of bodies, one per
    heading (missing ones are posted empty, as the browser does)."""
    sections = sections if sections is not None else ["The partners met."]
    data = {"week": str(week), "title": title, "aims": aims, "other_tools": ""}
    for index in range(len(HEADINGS)):
        data[f"section_{index}"] = sections[index] if index < len(sections) else ""
    if entry is not None:
        data["entry"] = str(entry.public_id)
    if version is not None:
        data["version"] = str(version)
    data.update(extra)
    return data


class _Labels(HTMLParser):
    """Collects <label for=...> texts and the controls they point at."""

    def __init__(self):
        super().__init__()
        self.labels: dict[str, str] = {}
        self.controls: dict[str, tuple[str, dict]] = {}
        self.buttons: list[str] = []
        self._label_for = None
        self._label_text: list[str] = []
        self._in_button = False
        self._button_text: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self._label_for, self._label_text = attrs.get("for"), []
        elif tag in ("input", "textarea", "select") and attrs.get("id"):
            self.controls[attrs["id"]] = (tag, attrs)
        elif tag == "button":
            self._in_button, self._button_text = True, []
        if tag == "span" and "visually-hidden" in (attrs.get("class") or ""):
            self._hidden_depth += 1

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None
        elif tag == "button" and self._in_button:
            self.buttons.append(" ".join("".join(self._button_text).split()))
            self._in_button = False
        elif tag == "span" and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data):
        if self._label_for:
            self._label_text.append(data)
        if self._in_button and not self._hidden_depth:
            self._button_text.append(data)


def labelled_controls(html: str) -> dict[str, tuple[str, dict]]:
    """{label text: (tag, attributes)} for every labelled form control."""
    parser = _Labels()
    parser.feed(html)
    return {
        text.rstrip("*").strip(): parser.controls[for_id]
        for for_id, text in parser.labels.items()
        if for_id in parser.controls
    }


def buttons(html: str) -> list[str]:
    """The visible text of every <button>."""
    parser = _Labels()
    parser.feed(html)
    return parser.buttons


def controls(html: str) -> dict[str, tuple[str, dict]]:
    """{id: (tag, attributes)} for every form control with an id."""
    parser = _Labels()
    parser.feed(html)
    return parser.controls
