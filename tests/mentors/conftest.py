"""Helpers for the mentor-review tests: logbooks written through the same
services the app uses, and a small reader for the pages' labels and buttons."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from entries.models import Entry
from entries.services import EntryText, entry_save, headings_apply_preset
from mentors import services
from mentors.models import Comment

# The "short" preset, in order.
HEADINGS = ["Issues", "Thoughts", "Working well!", "Unexpected outcomes", "Lessons"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests check which password works, not how strongly it is hashed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def write(enrolment, week, *, share=True, title="", aims="", bodies=None, **tags) -> Entry:
    """An entry saved (and by default shared) through the logbook's service;
    the "short" headings are applied first when the logbook has none."""
    if not enrolment.headings.exists():
        headings_apply_preset(enrolment=enrolment, key="short")
    count = enrolment.headings.count()
    if bodies is None:
        bodies = [f"Week {week}: the partners met and talked."] + [""] * (count - 1)
    return entry_save(
        enrolment=enrolment,
        text=EntryText(week=week, title=title, aims=aims, bodies=list(bodies), **tags),
        share=share,
    )


def edit(entry, *, bodies) -> Entry:
    """The candidate saves new text into an existing entry (status kept)."""
    entry.refresh_from_db()
    return entry_save(
        enrolment=entry.enrolment,
        text=EntryText(week=entry.week, title=entry.title, aims=entry.aims, bodies=list(bodies)),
        entry=entry,
        version=entry.version,
    )


def comment(entry, author, body="What did you learn from this?", **kwargs) -> Comment:
    return services.comment_post(entry=entry, author=author, body=body, **kwargs)


def text(response) -> str:
    """The page's visible words, whitespace collapsed."""
    return " ".join(strip_tags(response.content.decode()).split())


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


class Page(HTMLParser):
    """Labels (for → text), form controls by id, button texts and every id."""

    def __init__(self, html: str):
        super().__init__()
        self.labels: dict[str, str] = {}
        self.controls: dict[str, tuple[str, dict]] = {}
        self.buttons: list[str] = []
        self.ids: Counter = Counter()
        self._label_for = None
        self._label_text: list[str] = []
        self._button_text: list[str] | None = None
        self.feed(html)

    @classmethod
    def of(cls, response) -> "Page":
        return cls(response.content.decode())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "label":
            self._label_for, self._label_text = attrs.get("for"), []
        elif tag in ("input", "textarea", "select") and attrs.get("id"):
            self.controls[attrs["id"]] = (tag, attrs)
        elif tag == "button":
            self._button_text = []

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            # Crispy marks required fields with a "*" after the label text.
            label = " ".join("".join(self._label_text).split()).rstrip("*").strip()
            self.labels[self._label_for] = label
            self._label_for = None
        elif tag == "button" and self._button_text is not None:
            self.buttons.append(" ".join("".join(self._button_text).split()))
            self._button_text = None

    def handle_data(self, data):
        if self._label_for:
            self._label_text.append(data)
        if self._button_text is not None:
            self._button_text.append(data)

    def controls_labelled(self, label: str) -> list[tuple[str, dict]]:
        """The controls a label points at (by its exact text)."""
        return [
            self.controls[i] for i, t in self.labels.items() if t == label and i in self.controls
        ]

    def duplicate_ids(self) -> list[str]:
        return sorted(i for i, n in self.ids.items() if n > 1)
