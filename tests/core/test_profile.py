"""The profile page (issue 13 item 1, and the time zone of item 2): each
section saves on its own, bad input is refused on its field, and an email
change waits for the link sent to the new address."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts import personal_data
from pbas_logbook.models import AuditAction, AuditEvent, EmailChange, User
from tests.factories import PASSWORD

PROFILE = "/profile/"
EXPIRED = "This link has expired"


@pytest.fixture
def candidate(cast, client_for):
    return client_for(cast.candidate)


@pytest.fixture
def ask_change(candidate, django_capture_on_commit_callbacks):
    """``ask_change(address)``: the candidate asks to move to ``address``."""

    def ask(address, password=PASSWORD):
        with django_capture_on_commit_callbacks(execute=True):
            return candidate.post("/profile/email/", {"new_email": address, "password": password})

    return ask


def confirm_path(message) -> str:
    match = re.search(r"http://127\.0\.0\.1:8000(/profile/email/confirm/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def errors_of(response) -> str:
    """The errors shown under the fields (crispy's invalid-feedback blocks)."""
    blocks = re.findall(r'class="invalid-feedback">(.*?)</div>', response.content.decode(), re.S)
    return " ".join(re.findall(r"<strong>(.*?)</strong>", " ".join(blocks)))


@pytest.mark.django_db
class TestThePage:
    def test_every_role_opens_their_own_profile(self, cast, client_for):
        for person in (cast.candidate, cast.mentor, cast.examiner, cast.coordinator):
            response = client_for(person).get(PROFILE)

            assert response.status_code == 200
            page = response.content.decode()
            assert f'value="{person.full_name}"' in page
            assert person.email in page
            assert 'href="/accounts/password-change/"' in page
            assert 'href="/notifications/"' in page

    def test_the_name_in_the_header_leads_to_the_profile(self, cast, candidate):
        page = candidate.get("/logbook/", follow=True).content.decode()

        assert re.search(r'href="/profile/"\s+title="Your profile">Cat Candidate</a>', page)

    def test_the_page_answers_in_a_few_queries(self, cast, candidate):
        candidate.get(PROFILE)  # the session warmed up
        with CaptureQueriesContext(connection) as context:
            assert candidate.get(PROFILE).status_code == 200
        # session, user, the pending email change, the notification
        # preference, the navigation (one query), the session's save.
        assert len(context.captured_queries) == 6, [q["sql"] for q in context.captured_queries]


@pytest.mark.django_db
class TestName:
    def test_saves_the_name(self, cast, candidate):
        response = candidate.post("/profile/name/", {"full_name": "  Catalina Candidate "})

        assert response.status_code == 302
        cast.candidate.refresh_from_db()
        assert cast.candidate.full_name == "Catalina Candidate"
        assert "Name saved." in candidate.get(response["Location"]).content.decode()

    def test_an_empty_name_is_refused_on_the_field(self, cast, candidate):
        response = candidate.post("/profile/name/", {"full_name": "   "})

        assert response.status_code == 422
        assert "Enter your name." in errors_of(response)
        cast.candidate.refresh_from_db()
        assert cast.candidate.full_name == "Cat Candidate"


@pytest.mark.django_db
class TestTimeZone:
    def test_saves_the_zone_and_shows_the_time_there(self, cast, candidate):
        response = candidate.post("/profile/time-zone/", {"time_zone": "Pacific/Auckland"})

        assert response["Location"] == "/profile/#time-zone"
        cast.candidate.refresh_from_db()
        assert cast.candidate.time_zone == "Pacific/Auckland"
        page = candidate.get(PROFILE).content.decode()
        assert "Time zone saved: Pacific/Auckland." in page
        assert "Yours is <strong>Pacific/Auckland</strong>" in page
        now = timezone.now()
        there = [
            (now - datetime.timedelta(minutes=m)).astimezone(ZoneInfo("Pacific/Auckland"))
            for m in (0, 1)
        ]
        assert any(f"<strong>{t:%H:%M}</strong> there now" in page for t in there)

    def test_the_select_groups_zones_by_region(self, candidate):
        page = candidate.get(PROFILE).content.decode()

        assert '<optgroup label="Pacific">' in page
        assert '<option value="Pacific/Auckland">Auckland</option>' in page
        assert '<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires' in page

    def test_an_unknown_zone_posted_by_hand_is_refused_on_the_field(self, cast, candidate):
        response = candidate.post("/profile/time-zone/", {"time_zone": "Mars/Olympus_Mons"})

        assert response.status_code == 422
        assert "is not a time zone we know" in errors_of(response)
        cast.candidate.refresh_from_db()
        assert cast.candidate.time_zone == ""

    def test_the_banner_confirm_goes_back_to_the_page_it_was_on(self, cast, candidate):
        response = candidate.post(
            "/profile/time-zone/", {"time_zone": "Asia/Kolkata", "next": "/logbook/?week=2"}
        )

        assert response["Location"] == "/logbook/?week=2"
        cast.candidate.refresh_from_db()
        assert cast.candidate.time_zone == "Asia/Kolkata"

    def test_a_next_to_another_site_is_not_followed(self, candidate):
        response = candidate.post(
            "/profile/time-zone/", {"time_zone": "UTC", "next": "//evil.example/"}
        )

        assert response["Location"] == "/profile/#time-zone"

    def test_the_banner_shows_only_until_a_zone_is_chosen(self, cast, candidate):
        assert "data-time-zone-banner" in candidate.get(PROFILE).content.decode()

        candidate.post("/profile/time-zone/", {"time_zone": "Europe/Lisbon"})

        assert "data-time-zone-banner" not in candidate.get(PROFILE).content.decode()

    def test_no_banner_signed_out_or_on_an_error_page(self, client, candidate):
        assert "data-time-zone-banner" not in candidate.get("/no-such-page/").content.decode()
        candidate.logout()
        assert "data-time-zone-banner" not in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
class TestLanguage:
    def test_saves_the_language_and_sets_the_cookie(self, cast, candidate):
        response = candidate.post("/profile/language/", {"language": "pt"})

        assert response["Location"] == "/profile/#language"
        assert response.cookies["django_language"].value == "pt"
        cast.candidate.refresh_from_db()
        assert cast.candidate.language == "pt"
        page = candidate.get(PROFILE).content.decode()
        # The message is in the language just chosen, like the page.
        with translation.override("pt"):
            saved = gettext("Language saved: %(name)s.") % {"name": "Português"}
        assert saved != "Language saved: Português."
        assert saved in page
        assert '<option value="pt" selected>Português</option>' in page

    def test_blank_follows_the_browser(self, cast, candidate):
        candidate.post("/profile/language/", {"language": "ar"})

        response = candidate.post("/profile/language/", {"language": ""})

        cast.candidate.refresh_from_db()
        assert cast.candidate.language == ""
        assert response.cookies["django_language"].value == ""
        assert "following your browser" in candidate.get(PROFILE).content.decode()

    def test_an_unknown_language_posted_by_hand_is_refused_on_the_field(self, cast, candidate):
        response = candidate.post("/profile/language/", {"language": "xx"})

        assert response.status_code == 422
        assert "Choose one of the listed languages." in errors_of(response)
        cast.candidate.refresh_from_db()
        assert cast.candidate.language == ""


@pytest.mark.django_db
class TestEmailChange:
    def test_sends_the_link_to_the_new_address_and_tells_the_old(self, cast, ask_change):
        response = ask_change("cat.new@example.test")

        assert response.status_code == 302
        link, notice = mail.outbox
        assert link.to == ["cat.new@example.test"]
        assert link.subject == "Confirm your new PBAS Logbook email address"
        assert confirm_path(link) in link.alternatives[0][0]
        assert notice.to == ["candidate@example.test"]
        assert "cat.new@example.test" in notice.body
        assert "/profile/email/confirm/" not in notice.body  # the old address cannot confirm
        assert "http://127.0.0.1:8000/accounts/password-change/" in notice.body
        # Nothing changes until the link is opened.
        cast.candidate.refresh_from_db()
        assert cast.candidate.email == "candidate@example.test"
        (change,) = EmailChange.objects.all()
        assert confirm_path(link).split("/")[-2] not in change.token_hash  # only a hash kept

    def test_the_link_asks_then_changes_the_address_and_audits_it(
        self, cast, candidate, ask_change
    ):
        ask_change("cat.new@example.test")
        path = confirm_path(mail.outbox[0])

        page = candidate.get(path)
        assert page.status_code == 200
        assert "cat.new@example.test" in page.content.decode()
        cast.candidate.refresh_from_db()
        assert cast.candidate.email == "candidate@example.test"  # a GET changes nothing

        response = candidate.post(path)

        assert response["Location"] == "/profile/"
        cast.candidate.refresh_from_db()
        assert cast.candidate.email == "cat.new@example.test"
        assert "Your email address is now cat.new@example.test." in (
            candidate.get(PROFILE).content.decode()
        )
        (line,) = AuditEvent.objects.filter(action=AuditAction.EMAIL_CHANGED)
        assert line.actor == cast.candidate and line.subject == cast.candidate
        assert line.detail == "from candidate@example.test to cat.new@example.test"

    def test_the_link_used_twice_has_expired(self, candidate, ask_change):
        ask_change("cat.new@example.test")
        path = confirm_path(mail.outbox[0])
        candidate.post(path)

        again = candidate.get(path)
        posted_again = candidate.post(path)

        assert again.status_code == posted_again.status_code == 410
        assert EXPIRED in again.content.decode()

    def test_the_link_after_24_hours_has_expired(self, cast, candidate, ask_change):
        ask_change("cat.new@example.test")
        path = confirm_path(mail.outbox[0])
        EmailChange.objects.update(
            created_at=timezone.now() - datetime.timedelta(hours=24, seconds=1)
        )

        response = candidate.post(path)

        assert response.status_code == 410
        assert EXPIRED in response.content.decode()
        cast.candidate.refresh_from_db()
        assert cast.candidate.email == "candidate@example.test"

    def test_a_new_request_replaces_the_old_link(self, cast, candidate, ask_change):
        ask_change("first@example.test")
        first = confirm_path(mail.outbox[0])
        ask_change("second@example.test")

        assert EmailChange.objects.filter(user=cast.candidate).count() == 1
        assert candidate.get(first).status_code == 410

    def test_an_unknown_link_has_expired(self, candidate):
        response = candidate.get("/profile/email/confirm/not-a-token/")

        assert response.status_code == 410
        assert EXPIRED in response.content.decode()

    def test_another_signed_in_person_is_refused(self, cast, ask_change):
        ask_change("cat.new@example.test")
        path = confirm_path(mail.outbox[0])
        other = Client()
        other.force_login(cast.candidate2, backend="accounts.backends.EmailBackend")

        response = other.get(path)
        posted = other.post(path)

        assert response.status_code == posted.status_code == 403
        page = response.content.decode()
        assert "This link is for another account" in page
        assert "cat.new@example.test" not in page and "Cat Candidate" not in page
        cast.candidate.refresh_from_db()
        assert cast.candidate.email == "candidate@example.test"

    def test_signed_out_the_link_asks_to_sign_in_first(self, client, ask_change):
        ask_change("cat.new@example.test")
        path = confirm_path(mail.outbox[0])
        client.logout()

        response = client.get(path)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    def test_an_address_in_use_says_so_without_naming_the_owner(self, cast, ask_change):
        response = ask_change("CANDIDATE2@example.test")

        assert response.status_code == 422
        page = response.content.decode()
        assert "This address is already in use by another account." in errors_of(response)
        assert "Cy Candidate" not in page
        assert 'value="CANDIDATE2@example.test"' in page  # what was typed is kept
        assert mail.outbox == []

    def test_an_address_taken_before_the_link_is_opened_is_refused(
        self, cast, candidate, ask_change
    ):
        ask_change("cat.new@example.test")
        path = confirm_path(mail.outbox[0])
        User.objects.filter(pk=cast.stranger.pk).update(email="cat.new@example.test")

        response = candidate.post(path, follow=True)

        assert "already in use by another account" in response.content.decode()
        cast.candidate.refresh_from_db()
        assert cast.candidate.email == "candidate@example.test"

    def test_a_wrong_password_is_refused_on_the_field(self, cast, ask_change):
        response = ask_change("cat.new@example.test", password="not-it")

        assert response.status_code == 422
        assert "That is not your password." in errors_of(response)
        assert 'value="cat.new@example.test"' in response.content.decode()
        assert not EmailChange.objects.exists()

    def test_the_same_address_is_refused(self, ask_change):
        response = ask_change("Candidate@example.test")

        assert "That is already your email address." in errors_of(response)


@pytest.mark.django_db
class TestPersonalData:
    def test_the_export_holds_time_zone_and_language(self, cast):
        cast.candidate.time_zone, cast.candidate.language = "Africa/Nairobi", "fr"
        cast.candidate.save()

        account = personal_data.export(cast.candidate)["account"]

        assert account["time_zone"] == "Africa/Nairobi"
        assert account["language"] == "fr"

    def test_closing_the_account_clears_pending_changes(self, cast, ask_change):
        ask_change("cat.new@example.test")

        personal_data.close_account(cast.candidate)

        assert not EmailChange.objects.exists()
