"""Every URL of the project has an access row, and answers as that row says.

The rows live in tests/access_matrix.py (its docstring says how to add one).
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import ACCESS_MATRIX, LOGIN, ROLES, Row

SKIPPED_NAMESPACES = {"admin"}  # the Django admin guards itself (superusers only)


def walk(resolver=None, namespace="", takes_args=False):
    """Yield ``(name or None, route, takes_args)`` for every URL pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        has_args = takes_args or pattern.pattern.regex.groups > 0
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from walk(pattern, inner, has_args)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, str(pattern.pattern), has_args


URLS = {name: takes_args for name, _, takes_args in walk() if name}


def test_every_url_pattern_has_a_name():
    unnamed = [route for name, route, _ in walk() if not name]

    assert not unnamed, f"Give these URL patterns a name (STYLE.md 10): {unnamed}"


def test_every_named_url_has_an_access_row():
    missing = sorted(set(URLS) - set(ACCESS_MATRIX))

    assert not missing, (
        f"No row in tests/access_matrix.py ACCESS_MATRIX for: {', '.join(missing)}. "
        "Add one per URL (see the module docstring) saying what each role gets."
    )


def test_every_access_row_names_an_existing_url():
    stale = sorted(set(ACCESS_MATRIX) - set(URLS))

    assert not stale, f"Rows in tests/access_matrix.py for URLs that no longer exist: {stale}"


def test_every_row_is_requested_or_says_where_it_is_tested():
    untested = [
        name
        for name, row in ACCESS_MATRIX.items()
        if URLS.get(name) and row.args is None and not row.note
    ]

    assert not untested, (
        f"These URLs take parameters but their rows have neither args= nor a note= "
        f"naming the test that covers their access: {untested}"
    )


def requestable() -> list[str]:
    return sorted(
        name
        for name, row in ACCESS_MATRIX.items()
        if name in URLS and (not URLS[name] or row.args is not None)
    )


def build_url(name: str, row: Row, cast) -> str:
    if row.args is None:
        return reverse(name)
    built = row.args(cast)
    if isinstance(built, dict):
        return reverse(name, kwargs=built)
    return reverse(name, args=built)


def outcome(response, url: str, expected, cast) -> str | None:
    """None when ``response`` is the expected answer, else what went wrong."""
    location = response.get("Location", "")
    if expected == LOGIN:
        if response.status_code == 302 and location.startswith("/accounts/login/?next="):
            return None
    elif isinstance(expected, str):
        if response.status_code == 302 and location == expected.format(cast=cast):
            return None
    elif response.status_code == expected:
        return None
    got = f"{response.status_code} {location}".strip()
    return f"expected {expected}, got {got}"


def check(method: str, url: str, answers: dict, cast) -> list[str]:
    problems = []
    for role, person in ROLES.items():
        client = Client()
        if person is not None:
            client.force_login(getattr(cast, person), backend="accounts.backends.EmailBackend")
        response = getattr(client, method)(url)
        problem = outcome(response, url, answers[role], cast)
        if problem:
            problems.append(f"{method.upper()} {url} as {role}: {problem}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("name", requestable())
def test_each_role_gets_the_expected_answer(cast, name):
    row = ACCESS_MATRIX[name]
    url = build_url(name, row, cast)

    problems = check("get", url, row.get, cast)
    if row.post is not None:
        problems += check("post", url, row.post, cast)

    assert not problems, "\n".join(problems)
