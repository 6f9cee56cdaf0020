"""Headers and sessions (issue 6, item 5).

Covered elsewhere, not repeated here:
- login throttling (django-axes: 5 failures lock the email + IP pair for
  15 minutes, any letter case, reset on success):
  tests/core/test_sign_in.py::TestThrottling;
- the same message for an unknown email and a wrong password, and the same
  page and no mail for an unknown email on password reset:
  tests/core/test_sign_in.py;
- ``manage.py check --deploy --fail-level WARNING`` under production
  settings: tests/core/test_settings.py::TestProductionSettings (run by
  ``make test``, so in CI).
"""

import datetime
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pbas_logbook.middleware import SIGNED_IN_AT
from pbas_logbook.models import Invitation
from tests.factories import PASSWORD
from tests.security.crawl import crawl, pdf_as_html

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


def policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


# --- Headers ----------------------------------------------------------------


def check_security_headers(response, url) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy")
    if not csp:
        return [f"{url}: no Content-Security-Policy"]
    d = policy(csp)
    script = d.get("script-src", d.get("default-src", []))
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        if bad in script:
            problems.append(f"{url}: script-src allows {bad}")
    if "'unsafe-inline'" in d.get("style-src", []):
        problems.append(f"{url}: style-src allows 'unsafe-inline'")
    for directive in ("frame-ancestors", "object-src", "base-uri"):
        if d.get(directive) != ["'none'"]:
            problems.append(f"{url}: {directive} is {d.get(directive)}, not 'none'")
    if d.get("form-action") != ["'self'"]:
        problems.append(f"{url}: form-action is {d.get('form-action')}")
    expected = {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{url}: {header} is {response.get(header)!r}")
    return problems


@pytest.mark.django_db
class TestSecurityHeaders:
    def test_every_page_every_role_reaches_carries_them(self, planted, monkeypatch):
        pdf_as_html(monkeypatch)
        problems, pages = [], 0
        for user in (
            None,
            planted.cast.candidate,
            planted.cast.mentor,
            planted.cast.examiner,
            planted.cast.coordinator,
        ):
            client = signed_in(user) if user else Client()
            for visit in crawl(client, ["/", "/no-such-page/"]):
                if visit.is_html:
                    pages += 1
                    problems += check_security_headers(_Headers(visit.headers), visit.url)

        assert pages > 40
        assert not problems, "\n".join(problems)

    def test_error_pages_carry_them(self, cast):
        client = signed_in(cast.candidate)
        for url, status in (("/no-such-page/", 404), (reverse("coordinator:audit_trail"), 403)):
            response = client.get(url)
            assert response.status_code == status
            assert not check_security_headers(response, url)

    def test_the_policy_is_enforced_not_only_reported(self, client, db):
        response = client.get(LOGIN)

        assert "Content-Security-Policy" in response
        assert "Content-Security-Policy-Report-Only" not in response


class _Headers(dict):
    def get(self, key, default=None):
        for name, value in self.items():
            if name.lower() == key.lower():
                return value
        return default


def production_env() -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "pbas_logbook.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "testserver",
        # No query is made; any PostgreSQL address will do.
        "DATABASE_URL": "postgres://pbas:secret@db.example.org:5432/pbas",
    }


def production_request(code: str) -> subprocess.CompletedProcess:
    program = "import django; django.setup(); from django.test import Client; c = Client(); " + code
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=PROJECT_ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def collected_static():
    """With DEBUG off, pages name their assets through WhiteNoise's manifest,
    which only exists after collectstatic, as in a real deployment; a clean
    clone has none yet."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_ROOT,
        env=production_env(),
        capture_output=True,
        timeout=300,
        check=True,
    )


@pytest.mark.usefixtures("collected_static")
class TestProductionHeaders:
    def test_https_pages_carry_hsts_and_the_same_policy(self):
        result = production_request(
            "r = c.get('/accounts/login/', secure=True); "
            "print(r.status_code); print(r.get('Strict-Transport-Security')); "
            "print(r.get('Content-Security-Policy')); print(r.get('X-Frame-Options'))"
        )

        assert result.returncode == 0, result.stderr
        status, hsts, csp, frames = result.stdout.strip().split("\n")
        assert status == "200"
        assert hsts == "max-age=31536000; includeSubDomains; preload"
        assert policy(csp)["frame-ancestors"] == ["'none'"]
        assert frames == "DENY"

    def test_plain_http_is_sent_to_https_and_cookies_are_secure(self):
        result = production_request(
            "r = c.get('/accounts/login/'); print(r.status_code, r['Location']); "
            "r = c.get('/accounts/login/', headers={'X-Forwarded-Proto': 'https'}); "
            "print(r.status_code, r.cookies['csrftoken']['secure'])"
        )

        assert result.returncode == 0, result.stderr
        assert result.stdout.split("\n")[:2] == [
            "301 https://testserver/accounts/login/",
            "200 True",
        ]


@pytest.mark.django_db
class TestPrivatePagesAreNotCached:
    def test_every_signed_in_answer_is_private_and_not_stored(self, planted, monkeypatch):
        pdf_as_html(monkeypatch)
        c = planted.cast
        sid = planted.submission.public_id
        downloads = {
            c.candidate: [
                reverse("entries:export_markdown"),
                reverse("entries:export_zip"),
                reverse("entries:export_pdf"),
                reverse("my_data_json"),
                reverse("examinations:pdf", args=[sid]),
                reverse("entries:preview"),
            ],
            c.mentor: [reverse("examinations:pdf", args=[sid])],
            c.examiner: [reverse("examinations:pdf", args=[sid])],
            c.coordinator: [],
        }
        problems, seen = [], 0
        for user, extra in downloads.items():
            client = signed_in(user)
            for visit in crawl(client, ["/", *extra]):
                seen += 1
                cache = _Headers(visit.headers).get("Cache-Control", "")
                if "no-store" not in cache or "private" not in cache:
                    problems.append(f"{user.email} {visit.url} ({visit.status}): {cache!r}")

        assert seen > 60
        assert not problems, "\n".join(problems)

    def test_autosave_answers_are_not_cached(self, planted):
        client = signed_in(planted.cast.candidate)
        response = client.post(
            reverse("entries:entry_autosave"),
            {"entry": str(planted.draft.public_id), "week": "2", "section_0": "x"},
        )

        assert response["Cache-Control"] == "private, no-store"


# --- Sessions -----------------------------------------------------------------


@pytest.mark.django_db
class TestSessionLimits:
    def test_the_settings_say_30_minutes_idle_and_12_hours_at_most(self):
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST is True
        assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False
        assert settings.SESSION_COOKIE_HTTPONLY is True

    def test_every_request_restarts_the_idle_clock(self, cast):
        client = signed_in(cast.candidate)
        key = client.session.session_key
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() + datetime.timedelta(minutes=1)
        )

        response = client.get(reverse("entries:home"))

        assert response.status_code == 200
        assert response.cookies["sessionid"]["max-age"] == 1800
        expires = Session.objects.get(session_key=key).expire_date
        assert expires > timezone.now() + datetime.timedelta(minutes=29)

    def test_after_30_idle_minutes_the_next_request_must_sign_in(self, cast):
        client = signed_in(cast.candidate)
        Session.objects.filter(session_key=client.session.session_key).update(
            expire_date=timezone.now() - datetime.timedelta(seconds=1)
        )

        response = client.get(reverse("entries:home"))

        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN + "?next=")

    def test_signing_in_records_the_time(self, cast, client):
        before = time.time()

        client.post(LOGIN, {"username": cast.candidate.email, "password": PASSWORD})

        assert before <= client.session[SIGNED_IN_AT] <= time.time()

    @pytest.mark.parametrize(
        ("hours_ago", "signed_in_still"), [(11.9, True), (12.01, False), (30, False)]
    )
    def test_twelve_hours_after_sign_in_the_session_ends(self, cast, hours_ago, signed_in_still):
        client = signed_in(cast.candidate)
        session = client.session
        session[SIGNED_IN_AT] = time.time() - hours_ago * 3600
        session.save()

        response = client.get(reverse("entries:home"))

        if signed_in_still:
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(LOGIN + "?next=")
            # Logged out for good: the session is gone, not only this answer.
            assert client.get(reverse("entries:home")).status_code == 302

    def test_activity_does_not_extend_the_absolute_limit(self, cast):
        client = signed_in(cast.candidate)
        session = client.session
        session[SIGNED_IN_AT] = time.time() - 11.99 * 3600
        session.save()
        for _ in range(3):
            assert client.get(reverse("entries:home")).status_code == 200

        session = client.session
        session[SIGNED_IN_AT] -= 60
        session.save()

        assert client.get(reverse("entries:home")).status_code == 302

    def test_stay_signed_in_answers_204_and_renews_the_cookie(self, cast):
        client = signed_in(cast.candidate)

        response = client.post(reverse("session_keepalive"))

        assert response.status_code == 204
        assert response.cookies["sessionid"]["max-age"] == 1800

    def test_autosave_after_expiry_is_sent_to_sign_in_and_saves_nothing(self, planted):
        client = signed_in(planted.cast.candidate)
        Session.objects.all().delete()

        response = client.post(
            reverse("entries:entry_autosave"),
            {
                "entry": str(planted.draft.public_id),
                "version": str(planted.draft.version),
                "week": "2",
                "section_0": "Typed after the session ended",
            },
        )

        assert response.status_code == 302
        assert response["Location"] == LOGIN + "?next=" + reverse("entries:entry_autosave")
        planted.draft.refresh_from_db()
        assert "Typed after" not in planted.draft.sections.first().body


# --- No user enumeration --------------------------------------------------------

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def body(response) -> str:
    return CSRF.sub(r"\1-\2", response.content.decode())


@pytest.mark.django_db
class TestNoUserEnumeration:
    def test_a_closed_account_gets_the_same_answer_as_a_wrong_password(self, cast):
        cast.stranger.is_active = False
        cast.stranger.save()
        wrong = Client().post(LOGIN, {"username": cast.candidate.email, "password": "nope"})
        closed = Client().post(LOGIN, {"username": cast.stranger.email, "password": PASSWORD})

        assert closed.status_code == wrong.status_code == 200
        assert body(closed).replace(cast.stranger.email, "@") == body(wrong).replace(
            cast.candidate.email, "@"
        )

    def test_the_lockout_looks_the_same_for_a_known_and_an_unknown_email(self, cast):
        pages = []
        for email in (cast.candidate.email, "nobody@example.test"):
            client = Client()
            for _ in range(5):
                response = client.post(LOGIN, {"username": email, "password": "nope"})
            pages.append((response.status_code, body(response).replace(email, "@")))

        assert pages[0] == pages[1]
        assert pages[0][0] == 429

    def test_every_unusable_invitation_link_shows_the_same_page(self, cast):
        def link(**changes):
            token, token_hash = Invitation.new_token()
            values = {"expires_at": timezone.now() + datetime.timedelta(days=1), **changes}
            Invitation.objects.create(user=cast.stranger, token_hash=token_hash, **values)
            return reverse("invitation_accept", args=[token])

        used = link(used_at=timezone.now())
        expired = link(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        unknown = reverse("invitation_accept", args=[secrets.token_urlsafe(32)])
        pages = {
            name: Client().get(url)
            for name, url in (("used", used), ("expired", expired), ("unknown", unknown))
        }
        cast.stranger.is_active = False
        cast.stranger.save()
        pages["deactivated"] = Client().get(link())

        answers = {name: (r.status_code, body(r)) for name, r in pages.items()}
        assert len(set(answers.values())) == 1, answers.keys()
        assert answers["unknown"][0] == 410
