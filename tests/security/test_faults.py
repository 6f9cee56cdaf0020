"""Faults (issue 6, item 10): a lost database connection, a mail server
that refuses, and a request that fails half-way.

The autosave retry after a failed request (network or server error) is a
browser behaviour: tests/e2e/test_security_browser.py.
"""

import io
import re
import smtplib

import psycopg2
import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from entries.models import Entry, EntrySection, EntryStatus
from examinations.models import Submission, SubmittedEntry, SubmittedSection
from mentors.models import Comment
from pbas_logbook.models import AuditAction, AuditEvent, EnrolmentStatus, PendingEmail, TextRevision
from tests.factories import PASSWORD
from tests.security.conftest import marker, write

# --- (a) The database connection dies between two requests -------------------


def serve(handler, path, cookie=""):
    """One request through Django's WSGI handler, as gunicorn sends it: the
    request_started / request_finished signals manage the connection, which
    (CONN_MAX_AGE) outlives the request. The test client skips that part."""
    environ = RequestFactory().get(path).environ
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    status = []
    result = handler(environ, lambda s, headers, exc_info=None: status.append(s))
    body = b"".join(result)
    result.close()
    return int(status[0].split()[0]), body


def kill_the_apps_connection() -> int:
    """Terminate the backend behind Django's connection, as a restart would."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    other = psycopg2.connect(**params)
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0] is True
    other.close()
    return pid


@pytest.mark.django_db(transaction=True)
class TestTheConnectionDies:
    @pytest.fixture
    def handler(self):
        handler = WSGIHandler()
        yield handler
        connection.close()

    def test_the_next_request_succeeds(self, handler, cast):
        client = Client()
        client.force_login(cast.candidate, backend="accounts.backends.EmailBackend")
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        assert serve(handler, "/health/")[0] == 200
        assert serve(handler, "/logbook/", cookie)[0] == 200
        assert connection.connection is not None  # kept for the next request
        old_pid = kill_the_apps_connection()

        status, body = serve(handler, "/logbook/", cookie)

        assert status == 200, body[:500]
        assert b"My logbook" in body
        assert connection.connection.info.backend_pid != old_pid
        assert serve(handler, "/health/") == (200, b"ok")

    def test_without_health_checks_the_same_request_would_fail(self, handler, db, settings):
        """The control: the test above passes because of CONN_HEALTH_CHECKS."""
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
        connection.close()
        connection.settings_dict["CONN_HEALTH_CHECKS"] = False
        try:
            assert serve(handler, "/health/")[0] == 200
            kill_the_apps_connection()

            failed = serve(handler, "/health/")[0]
            recovered = serve(handler, "/health/")[0]
        finally:
            connection.close()
            connection.settings_dict["CONN_HEALTH_CHECKS"] = True

        assert failed == 500
        assert recovered == 200


# --- (b) The mail server refuses ------------------------------------------------


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers every message with an error."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(554, b"Transaction failed: relay refused")


REFUSING = "tests.security.test_faults.RefusingBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def logbook(cast):
    from entries.services import headings_apply_preset

    headings_apply_preset(enrolment=cast.enrolment, key="short")
    return cast


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


@pytest.mark.django_db
class TestTheMailServerRefuses:
    def test_sharing_succeeds_and_the_email_waits(
        self, logbook, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = REFUSING
        mark = marker("mail")
        entry = write(logbook.enrolment, 1, f"Private {mark}", share=False)

        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in(logbook.candidate).post(
                reverse("entries:entry_share", args=[entry.public_id]),
                {"version": entry.version},
            )

        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.status == EntryStatus.SHARED
        [pending] = PendingEmail.objects.all()
        assert pending.to == logbook.mentor.email
        assert pending.sent_at is None
        assert "554" in pending.last_error
        assert mark not in pending.text + pending.html + pending.subject

    def test_retry_emails_sends_it_once_the_server_works(
        self, logbook, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = REFUSING
        entry = write(logbook.enrolment, 1, "Shared", share=True)
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in(logbook.mentor).post(
                reverse("mentors:comment_create", args=[entry.public_id]),
                {"body": "What did the partners say?"},
            )
        assert response.status_code == 302
        assert Comment.objects.filter(entry=entry).count() == 1
        [pending] = PendingEmail.objects.all()
        assert pending.to == logbook.candidate.email

        out = io.StringIO()
        call_command("retry_emails", stdout=out)  # still refusing
        pending.refresh_from_db()
        assert (pending.attempts, pending.sent_at) == (2, None)
        assert "0 queued" in out.getvalue()

        settings.EMAIL_BACKEND = WORKING
        call_command("retry_emails", stdout=out)
        call_command("retry_emails", stdout=out)

        assert [m.to for m in mail.outbox] == [[logbook.candidate.email]]
        assert mail.outbox[0].subject == pending.subject
        pending.refresh_from_db()
        assert pending.sent_at is not None

    def test_an_invitation_survives_a_refusal_too(
        self, logbook, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = REFUSING
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in(logbook.coordinator).post(
                reverse("coordinator:person_invite"),
                {"email": "new@example.test", "full_name": "New Person"},
            )

        assert response.status_code == 302
        assert PendingEmail.objects.get().to == "new@example.test"

    def test_a_password_reset_waits_in_the_outbox_and_is_sent_later(self, logbook, settings):
        """Issue 11, item 11: Django's reset form only logged the failure."""
        settings.EMAIL_BACKEND = REFUSING
        url = reverse("password_reset")
        known = Client().post(url, {"email": logbook.candidate.email}, follow=True)
        unknown = Client().post(url, {"email": "made-up@example.test"}, follow=True)

        assert known.redirect_chain == unknown.redirect_chain
        assert known.content == unknown.content  # the same words either way
        [pending] = PendingEmail.objects.all()
        assert pending.to == logbook.candidate.email
        assert pending.subject == "Reset your PBAS Logbook password"
        assert "/accounts/reset/" in pending.text

        settings.EMAIL_BACKEND = WORKING
        call_command("retry_emails", stdout=io.StringIO())

        [sent] = mail.outbox
        assert sent.to == [logbook.candidate.email]
        link = re.search(r"http://[^/\s]+(/accounts/reset/\S+/)", sent.body).group(1)
        page = Client().get(link, follow=True)
        assert "Choose a new password" in page.content.decode()

    def test_a_message_stops_being_retried_after_ten_attempts(self, settings, db):
        settings.EMAIL_BACKEND = REFUSING
        PendingEmail.objects.create(to="a@example.test", subject="S", text="T", attempts=9)

        call_command("retry_emails", stdout=io.StringIO())
        call_command("retry_emails", stdout=io.StringIO())

        assert PendingEmail.objects.get().attempts == 10


# --- (c) A request fails half-way --------------------------------------------------


class Boom(Exception):
    pass


def boom(*args, **kwargs):
    raise Boom("the server failed half-way")


def rows(enrolment):
    return (
        Entry.all_objects.filter(enrolment=enrolment).count(),
        EntrySection.objects.filter(entry__enrolment=enrolment).count(),
        TextRevision.objects.count(),
    )


@pytest.mark.django_db
class TestAFailureHalfWayLeavesNothingHalfWritten:
    def test_a_new_entry(self, logbook, monkeypatch):
        # The entry row is written first, then its sections: fail there.
        monkeypatch.setattr(EntrySection.objects, "bulk_create", boom)
        client = signed_in(logbook.candidate, raise_request_exception=False)

        response = client.post(
            reverse("entries:entry_new"),
            {"week": "1", "title": "Half", "section_0": "Words", "other_tools": ""},
        )

        assert response.status_code == 500
        assert rows(logbook.enrolment) == (0, 0, 0)

    def test_an_edit(self, logbook, monkeypatch):
        entry = write(logbook.enrolment, 1, "Before", share=False, title="Before")
        before = rows(logbook.enrolment)
        monkeypatch.setattr(EntrySection.objects, "bulk_update", boom)
        client = signed_in(logbook.candidate, raise_request_exception=False)

        response = client.post(
            reverse("entries:entry_edit", args=[entry.public_id]),
            {
                "week": "1",
                "title": "After",
                "section_0": "After",
                "version": entry.version,
                "other_tools": "",
            },
        )

        assert response.status_code == 500
        fresh = Entry.objects.get(pk=entry.pk)
        assert (fresh.title, fresh.version) == ("Before", entry.version)
        assert fresh.sections.first().body == "Before under heading 0"
        assert rows(logbook.enrolment) == before

    def test_a_comment(self, logbook, monkeypatch):
        entry = write(logbook.enrolment, 1, "Shared", share=True)
        monkeypatch.setattr("mentors.services.notify", boom)

        response = signed_in(logbook.mentor, raise_request_exception=False).post(
            reverse("mentors:comment_create", args=[entry.public_id]), {"body": "Half a comment"}
        )

        assert response.status_code == 500
        assert not Comment.objects.exists()
        entry.refresh_from_db()
        assert (entry.comment_count, entry.first_mentor_comment_at) == (0, None)

    def test_a_submission(self, logbook, monkeypatch):
        from examinations import services as exam

        write(logbook.enrolment, 1, "Shared", share=True)
        exam.paper_save(enrolment=logbook.enrolment, title="P", body="Paper.", version=None)
        # notify() comes after the frozen rows, the status change and the audit line.
        monkeypatch.setattr("examinations.services.notify", boom)

        response = signed_in(logbook.candidate, raise_request_exception=False).post(
            reverse("examinations:submit_confirm"), {"expected_version": 1}
        )

        assert response.status_code == 500
        assert not Submission.objects.exists()
        assert not SubmittedEntry.objects.exists()
        assert not SubmittedSection.objects.exists()
        logbook.enrolment.refresh_from_db()
        assert logbook.enrolment.status == EnrolmentStatus.ACTIVE
        assert not AuditEvent.objects.filter(action=AuditAction.SUBMITTED).exists()

    def test_closing_an_account(self, logbook, monkeypatch):
        write(logbook.enrolment, 1, "Mine", share=False)
        # The logbook's part runs first; the examination part then fails.
        monkeypatch.setattr("examinations.personal_data.close", boom)

        response = signed_in(logbook.candidate, raise_request_exception=False).post(
            reverse("close_account"), {"password": PASSWORD, "confirm": "close my account"}
        )

        assert response.status_code == 500
        assert Entry.objects.filter(enrolment=logbook.enrolment).count() == 1
        logbook.candidate.refresh_from_db()
        assert logbook.candidate.is_active
