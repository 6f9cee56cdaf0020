"""The access matrix, every HTTP method (issue 6, item 1).

tests/core/test_urls_covered.py asks every URL with GET (and with POST for
POST-only views) as every role. This module adds the methods it leaves out:

- every view declares the methods it accepts (STYLE.md 7), read here from
  its decorators, so nothing answers to a method by accident;
- a view that takes GET *and* POST is also posted to, empty, as every role:
  whoever is refused on GET is refused the same way on POST, and whoever may
  open the page gets a handled answer (a form error, a redirect), never a
  405, 403, 404 or server error;
- a method a view does not accept (PUT, and POST on a GET-only view) is
  a 405, or the same refusal the role gets on GET; it never does anything
  (2xx) and never fails (5xx).

And an object a person has no relation to answers exactly like one that
does not exist: same status, same templates, same page, byte for byte
(CSRF tokens aside), for entries, comments and submissions.
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.access_matrix import ACCESS_MATRIX, LOGIN, ROLES
from tests.core.test_urls_covered import build_url, outcome, requestable

DENIALS = (LOGIN, 403, 404)
# 308: a moved page (library.moved) sends the post on to its new path.
HANDLED = {200, 302, 308, 409, 410, 422}


def callbacks() -> dict[str, object]:
    """{URL name: view callable} for every named URL (the admin aside)."""
    found = {}

    def visit(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace == "admin":
                    continue
                inner = ":".join(p for p in (namespace, pattern.namespace) if p)
                visit(pattern, inner)
            elif pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[name] = pattern.callback

    visit(get_resolver())
    return found


def accepted_methods(view) -> set[str] | None:
    """The methods a view accepts, from require_http_methods (and its
    require_GET / require_POST shorthands) anywhere in its decorator stack,
    or from a class-based view's handlers. None: no restriction found."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        names = {m for m in view_class.http_method_names if hasattr(view_class, m)}
        if "get" in names:
            names.add("head")
        return {m.upper() for m in names} - {"OPTIONS"}
    func = view
    while func is not None:
        code = getattr(func, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        func = getattr(func, "__wrapped__", None)
    return None


VIEWS = callbacks()


def signed_in(cast, role) -> Client:
    client = Client()
    person = ROLES[role]
    if person is not None:
        client.force_login(getattr(cast, person), backend="accounts.backends.EmailBackend")
    return client


def test_every_view_says_which_methods_it_accepts():
    unrestricted = sorted(name for name, view in VIEWS.items() if accepted_methods(view) is None)

    assert not unrestricted, (
        "These views answer any HTTP method; decorate them with require_GET, "
        f"require_POST or require_http_methods: {unrestricted}"
    )


def test_the_method_reader_reads_the_decorators():
    assert accepted_methods(VIEWS["entries:entry_edit"]) == {"GET", "POST"}
    assert accepted_methods(VIEWS["entries:entry_share"]) == {"POST"}
    assert accepted_methods(VIEWS["coordinator:audit_trail"]) == {"GET"}
    assert accepted_methods(VIEWS["logout"]) == {"POST"}


def _rows(kind):
    rows = []
    for name in requestable():
        methods = accepted_methods(VIEWS[name]) or set()
        if kind == "post" and {"GET", "POST"} <= methods and ACCESS_MATRIX[name].post is None:
            rows.append(name)
        if kind == "refused":
            rows.append(name)
    return rows


def refused_methods(name) -> list[str]:
    """PUT stands for every method outside HTML forms (require_http_methods
    treats PUT, PATCH and DELETE alike); POST is tried on GET-only views.
    Django's own form views accept PUT as a POST without a body (the form
    then fails to validate), so for them PUT is not a refused method."""
    methods = accepted_methods(VIEWS[name]) or set()
    return [m for m in ("PUT", "POST") if m not in methods]


@pytest.mark.django_db
@pytest.mark.parametrize("name", _rows("post"))
def test_an_empty_post_to_a_get_and_post_view(cast, name):
    row = ACCESS_MATRIX[name]
    url = build_url(name, row, cast)
    problems = []
    for role in ROLES:
        response = signed_in(cast, role).post(url)
        expected = row.get[role]
        if expected in DENIALS:
            problem = outcome(response, url, expected, cast)
        elif response.status_code not in HANDLED:
            problem = f"expected a handled answer {sorted(HANDLED)}, got {response.status_code}"
        else:
            problem = None
        if problem:
            problems.append(f"POST {url} as {role}: {problem}")

    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("name", _rows("refused"))
def test_a_method_the_view_does_not_accept_is_refused(cast, name):
    row = ACCESS_MATRIX[name]
    url = build_url(name, row, cast)
    problems = []
    clients = {role: signed_in(cast, role) for role in ROLES}
    for method in refused_methods(name):
        for role, client in clients.items():
            response = getattr(client, method.lower())(url)
            got = response.status_code
            if got == 405:
                continue
            expected = row.get[role] if method != "POST" or row.post is None else row.post[role]
            same_refusal = expected != 200 and outcome(response, url, expected, cast) is None
            if not same_refusal or 200 <= got < 300 or got >= 500:
                problems.append(
                    f"{method} {url} as {role}: got {got} {response.get('Location', '')}"
                )

    assert not problems, "\n".join(problems)


# --- Unrelated answers like nonexistent ----------------------------------------

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def page(response) -> tuple[int, list[str], str]:
    body = CSRF.sub(r"\1-\2", response.content.decode())
    return response.status_code, [t.name for t in response.templates], body


def same_as_missing(client, url_name, real_id, method="get", **kwargs):
    """The answers for the real object and for a made-up id of the same shape."""
    missing_id = uuid.uuid4() if isinstance(real_id, uuid.UUID) else 987654321
    args = kwargs.pop("extra_args", [])
    real = getattr(client, method)(reverse(url_name, args=[real_id, *args]))
    missing = getattr(client, method)(reverse(url_name, args=[missing_id, *args]))
    return page(real), page(missing)


ENTRY_PAGES_FOR_OTHERS = [
    ("candidate2", "entries:entry_detail", "get"),
    ("candidate2", "entries:entry_edit", "get"),
    ("candidate2", "entries:entry_history", "get"),
    ("candidate2", "entries:entry_edit", "post"),
    ("candidate2", "entries:entry_share", "post"),
    ("candidate2", "entries:entry_delete", "post"),
    ("mentor", "entries:entry_detail", "get"),
    ("mentor2", "mentors:entry_review", "get"),
    ("mentor2", "mentors:comment_create", "post"),
    ("examiner", "mentors:entry_review", "get"),
    ("coordinator", "mentors:entry_review", "get"),
]


@pytest.mark.django_db
class TestUnrelatedIsLikeMissing:
    @pytest.mark.parametrize(("role", "url_name", "method"), ENTRY_PAGES_FOR_OTHERS)
    def test_someone_elses_entry(self, planted, role, url_name, method):
        client = signed_in(planted.cast, role)

        real, missing = same_as_missing(client, url_name, planted.shared.public_id, method)

        assert real[0] == 404
        assert real == missing

    @pytest.mark.parametrize("entry", ["draft", "binned"])
    def test_the_mentor_and_a_draft_or_a_binned_entry(self, planted, entry):
        client = signed_in(planted.cast, "mentor")

        real, missing = same_as_missing(
            client, "mentors:entry_review", getattr(planted, entry).public_id
        )

        assert real[0] == 404
        assert real == missing

    @pytest.mark.parametrize(
        ("role", "url_name", "method"),
        [
            ("mentor2", "mentors:comment_edit", "get"),
            ("candidate2", "mentors:comment_edit", "get"),
            ("mentor2", "mentors:thread_resolve", "post"),
            ("examiner", "mentors:thread_reopen", "post"),
        ],
    )
    def test_someone_elses_comment(self, planted, role, url_name, method):
        client = signed_in(planted.cast, role)

        real, missing = same_as_missing(client, url_name, planted.reply.public_id, method)

        assert real[0] == 404
        assert real == missing

    @pytest.mark.parametrize(
        ("role", "url_name", "method"),
        [
            ("examiner2", "examinations:reading", "get"),
            ("examiner2", "examinations:pdf", "get"),
            ("examiner2", "examinations:assess", "get"),
            ("examiner2", "examinations:assess", "post"),
            ("mentor2", "examinations:mentor_report", "get"),
            ("candidate2", "examinations:result", "get"),
            ("coordinator", "examinations:reading", "get"),
        ],
    )
    def test_someone_elses_submission(self, planted, role, url_name, method):
        client = signed_in(planted.cast, role)

        real, missing = same_as_missing(client, url_name, planted.submission.public_id, method)

        assert real[0] == 404
        assert real == missing

    def test_a_frozen_entry_of_someone_elses_submission(self, planted):
        client = signed_in(planted.cast, "examiner2")

        real, missing = same_as_missing(
            client,
            "examinations:entry_changes",
            planted.submission.public_id,
            extra_args=[0],
        )

        assert real[0] == 404
        assert real == missing
