"""Hostile values to every URL, for every role that may open it (issue 11, items 7 and 12).

A scanner's 7,100 requests found 78 server errors; this walk sends the same
kinds of values and fails on any 5xx. For each named URL in
tests/access_matrix.py, as each role whose GET answer is a page:

- GET with hostile values in every query parameter the project reads and
  every field of the page's GET forms (NUL bytes, 100 KB strings, malformed
  and other people's ids, unknown choices, wrong types, ``next`` values);
- every POST form on the page (``action`` or ``hx-post``) sent to its
  target with its own values and one field made hostile at a time, then
  every field hostile at once, then empty, over-large (3 MB, 12 MB) and
  malformed (a broken multipart body, too many fields);
- POST-only URLs also get the POST fields the project reads by name.

Every POST runs in a savepoint that is rolled back, so one request (a
deletion, a sign-out) does not change what the next one meets. An answer of
400 or 413 must be our page (the layout and a message), never Django's bare
"Bad Request (400)".
"""

import re
import uuid
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from tests.access_matrix import ACCESS_MATRIX, ROLES
from tests.core.test_urls_covered import URLS, build_url, requestable

LONG = "x" * 100_000
HOSTILE = {
    "nul": "a\x00b",
    "long": LONG,
    "negative": "-1",
    "huge": "9" * 30,
    "word": "zzz-not-a-choice",
    "float": "1.5e309",
    "uuid": str(uuid.uuid4()),
    "bad-uuid": "00000000-0000-0000-0000-00000000000g",
    "next-name": "env",
    "next-offsite": "//evil.example/steal",
    "next-scheme": "javascript:alert(1)",
    "date": "2026-02-31",
    "markup": "<script>alert(1)</script>",
}
# Query parameters and POST fields the project reads by name (grep for
# request.GET / request.POST); pages' forms add their own fields.
QUERY_NAMES = [
    "action", "cohort", "date_from", "date_to", "field", "heading", "page", "paper",
    "person", "posted", "q", "tool", "week", "status", "next", "sort", "tag", "phase",
]  # fmt: skip
POST_NAMES = [
    "body", "direction", "entry", "keep_version", "new_entry", "next", "preset", "role",
    "version", "via", "given", "words", "title", "week", "position",
]  # fmt: skip

OUR_PAGE = "· PBAS Logbook</title>"


class Forms(HTMLParser):
    """Every form on a page: method, target and fields with their values."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            target = attrs.get("action") or ""
            if attrs.get("hx-post"):
                method, target = "post", attrs["hx-post"]
            self._form = {"method": method, "action": target, "fields": {}}
            self.forms.append(self._form)
        elif tag in ("button", "input") and attrs.get("hx-post") and self._form is None:
            self.forms.append({"method": "post", "action": attrs["hx-post"], "fields": {}})
        if self._form is None or not attrs.get("name"):
            return
        fields = self._form["fields"]
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                fields.setdefault(name, "")
            elif kind not in ("submit", "button", "file"):
                fields[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ""
        elif tag == "select":
            self._select = name
            fields[name] = ""
        elif tag == "option" and self._select and not fields.get(self._select):
            fields[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def same_site_target(action: str, page_path: str) -> str | None:
    """The path a form posts to, if it is one of ours (not /admin/)."""
    parts = urlsplit(action or page_path)
    if parts.netloc or parts.scheme:
        return None
    path = parts.path or page_path
    if not path.startswith("/") or path.startswith("/admin/"):
        return None
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


def variants(fields: dict) -> list[tuple[str, dict]]:
    """The form as the page filled it, one hostile field at a time, then all at once."""
    out = [("as filled", dict(fields))]
    for name in fields:
        if name == "csrfmiddlewaretoken":
            continue
        for label in ("nul", "long", "negative", "word", "bad-uuid"):
            out.append((f"{name}={label}", {**fields, name: HOSTILE[label]}))
    for label, value in HOSTILE.items():
        out.append((f"all={label}", dict.fromkeys(fields, value)))
    return out


class Walk:
    def __init__(self, client: Client, who: str):
        self.client, self.who, self.problems, self.requests = client, who, [], 0

    def send(self, method: str, path: str, data=None, what: str = "", **extra):
        self.requests += 1
        try:
            with transaction.atomic():
                if method == "raw":  # a body as given: malformed on purpose
                    body, content_type = data
                    response = self.client.generic(
                        "POST", path, body, content_type=content_type, **extra
                    )
                else:
                    response = getattr(self.client, method)(path, data, **extra)
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 (a 500: report it with the others)
            self.problems.append(f"{self.who} {method.upper()} {path} [{what}]: {error!r:.300}")
            return None
        if response.status_code >= 500:
            self.problems.append(
                f"{self.who} {method.upper()} {path} [{what}]: {response.status_code}"
            )
        elif response.status_code in (400, 413) and "text/html" in response.get("Content-Type", ""):
            html = response.content.decode(errors="replace")
            if OUR_PAGE not in html:
                self.problems.append(
                    f"{self.who} {method.upper()} {path} [{what}]: a bare {response.status_code}"
                )
        return response

    def hostile_query(self, path: str, names):
        for label, value in HOSTILE.items():
            self.send("get", path, dict.fromkeys(names, value), f"query all={label}")
        for name in names:
            for label in ("nul", "long", "word"):
                self.send("get", path, {name: HOSTILE[label]}, f"query {name}={label}")

    def hostile_post(self, path: str, fields: dict, htmx: bool):
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        for what, data in variants(fields):
            self.send("post", path, data, what, **extra)
        self.send("post", path, {}, "empty", **extra)
        self.send("post", path, {**fields, "extra": ["a", "b", "c"]}, "repeated", **extra)
        self.oversized_and_malformed(path, fields, extra)

    def oversized_and_malformed(self, path, fields, extra):
        big = next((n for n in fields if n not in ("csrfmiddlewaretoken",)), "body")
        for size in (3_000_000, 12_000_000):
            self.send("post", path, {**fields, big: "y" * size}, f"{big}={size:,} chars", **extra)
        broken = (b"--nope\r\nnot really multipart", "multipart/form-data; boundary=elsewhere")
        self.send("raw", path, broken, "broken multipart", **extra)
        many = "&".join(f"f{i}=1" for i in range(1_500))
        self.send("raw", path, (many, "application/x-www-form-urlencoded"), "1,500 fields", **extra)


def walk_role(cast, name: str, role: str, path: str) -> Walk:
    row = ACCESS_MATRIX[name]
    client = Client()
    person = ROLES[role]
    if person is not None:
        client.force_login(getattr(cast, person), backend="accounts.backends.EmailBackend")
    walk = Walk(client, role)

    if row.get[role] == 200:
        page = client.get(path)
        html = page.content.decode(errors="replace") if page.status_code == 200 else ""
        found = forms_of(html)
        get_names = set(QUERY_NAMES)
        for form in found:
            if form["method"] == "get" and same_site_target(form["action"], path) == path:
                get_names |= set(form["fields"])
        walk.hostile_query(path, sorted(get_names))
        for form in found:
            target = form["method"] == "post" and same_site_target(form["action"], path)
            if target:
                htmx = bool(re.search(r"autosave|/hx/", target))
                walk.hostile_post(target, form["fields"], htmx)
    if row.post is not None and row.post[role] not in (405, 403, 404, "login"):
        walk.hostile_post(path, dict.fromkeys(POST_NAMES, "1"), htmx=False)
    return walk


def reachable_roles(name: str) -> list[str]:
    row = ACCESS_MATRIX[name]
    roles = [r for r in ROLES if row.get[r] == 200]
    if row.post is not None:
        roles += [
            r for r in ROLES if row.post[r] not in (405, 403, 404, "login") and r not in roles
        ]
    return roles


WALKED = [name for name in requestable() if reachable_roles(name)]


def test_the_walk_covers_most_urls():
    # URLs nobody reaches with a page (redirect-only, downloads by token)
    # are covered by the access matrix; the walk must still reach most.
    assert len(WALKED) >= 0.6 * len([n for n in URLS if n in ACCESS_MATRIX]), WALKED


@pytest.mark.django_db
@pytest.mark.parametrize("name", WALKED)
def test_no_hostile_value_gives_a_server_error(cast, name):
    problems, sent = [], 0
    # Built once: building the URL creates its objects (a second submission
    # cannot be made twice), and every role walks the same page.
    path = build_url(name, ACCESS_MATRIX[name], cast)
    for role in reachable_roles(name):
        walk = walk_role(cast, name, role, path)
        problems += walk.problems
        sent += walk.requests
    assert sent > 0
    # One line per fault: the same error for many values is one fault.
    faults = {}
    for problem in problems:
        faults.setdefault(re.sub(r" \[[^]]*\]", "", problem, count=1), problem)
    assert not problems, f"{len(problems)} of {sent} requests failed:\n" + "\n".join(
        list(faults.values())[:40]
    )
