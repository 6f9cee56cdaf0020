"""Sign-in: login, throttling, logout, password change and password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, EnrolmentFactory, UserFactory

LOGIN_URL = "/accounts/login/"
NO_MATCH = "That email and password do not match an account."
LOCKED = "too many unsuccessful sign-in attempts"
# A core page with nothing but the navigation on it, so these tests do not
# depend on the state of other apps' pages.
NAV_PAGE = "/accounts/password-change/done/"


def log_in(client, email, password, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password}, **extra)


def label_texts(html: str) -> dict[str, str]:
    """``{field id: visible label text}`` for every <label for=...> on a page."""
    labels = re.findall(r'<label[^>]*for="([^"]+)"[^>]*>(.*?)</label>', html, re.S)
    return {field: re.sub(r"<[^>]+>|\*", "", text).strip() for field, text in labels}


def main_text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
class TestLoginPage:
    def test_has_email_and_password_fields_and_a_log_in_button(self, client):
        response = client.get(LOGIN_URL)

        assert response.status_code == 200
        html = main_text(response)
        labels = label_texts(html)
        assert labels["id_username"] == "Email"
        assert labels["id_password"] == "Password"
        assert re.search(r'<button type="submit"[^>]*>\s*Log in\s*</button>', html)
        assert "<title>Log in · PBAS Logbook</title>" in html

    def test_signed_in_person_is_sent_home(self, cast, client_for):
        response = client_for(cast.candidate).get(LOGIN_URL)

        assert response.status_code == 302


@pytest.mark.django_db
class TestLogin:
    @pytest.mark.parametrize(
        ("person", "home"),
        [
            ("candidate", "/logbook/"),
            ("mentor", "/mentees/"),
            ("examiner", "/examine/"),
            ("coordinator", "/coordinator/cohorts/"),
        ],
    )
    def test_lands_on_the_home_of_the_main_role(self, cast, client, person, home):
        response = log_in(client, getattr(cast, person).email, PASSWORD, follow=True)

        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == home
        assert response.wsgi_request.user == getattr(cast, person)

    def test_email_is_not_case_sensitive(self, cast, client):
        response = log_in(client, "CANDIDATE@Example.TEST", PASSWORD, follow=True)

        assert response.redirect_chain[-1][0] == "/logbook/"
        assert response.wsgi_request.user == cast.candidate

    def test_surrounding_spaces_in_the_email_are_ignored(self, cast, client):
        response = log_in(client, "  candidate@example.test ", PASSWORD)

        assert response.status_code == 302

    def test_honours_a_safe_next_address(self, cast, client):
        response = client.post(
            LOGIN_URL,
            {
                "username": cast.coordinator.email,
                "password": PASSWORD,
                "next": "/coordinator/people/",
            },
        )

        assert response["Location"] == "/coordinator/people/"

    def test_ignores_a_next_address_on_another_site(self, cast, client):
        response = client.post(
            LOGIN_URL,
            {"username": cast.candidate.email, "password": PASSWORD, "next": "https://evil.test/"},
        )

        assert response["Location"] == "/"

    def test_wrong_password_shows_a_clear_message(self, cast, client):
        response = log_in(client, cast.candidate.email, "not-the-password")

        assert response.status_code == 200
        assert NO_MATCH in main_text(response)
        assert not response.wsgi_request.user.is_authenticated

    def test_unknown_email_shows_the_same_message_as_a_wrong_password(self, cast, client):
        wrong_password = log_in(client, cast.candidate.email, "not-the-password")
        unknown_email = log_in(client, "nobody@example.test", "not-the-password")

        assert unknown_email.status_code == wrong_password.status_code == 200
        assert NO_MATCH in main_text(unknown_email)
        assert wrong_password.context["form"].errors == unknown_email.context["form"].errors

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"username": "", "password": ""},
            {"username": "not an email", "password": "x"},
            {"username": "a@b.test" * 100, "password": "x"},
            {"username": "\x00@example.test", "password": "x"},
        ],
    )
    def test_malformed_input_is_a_form_error_never_a_server_error(self, cast, client, data):
        response = client.post(LOGIN_URL, data)

        assert response.status_code == 200
        assert response.context["form"].errors

    def test_invited_person_without_a_password_cannot_log_in(self, db, client):
        from pbas_logbook.models import User

        User.objects.create_user("invited@example.test", full_name="In Vited")

        response = log_in(client, "invited@example.test", "")

        assert response.status_code == 200
        assert not response.wsgi_request.user.is_authenticated

    def test_deactivated_account_cannot_log_in(self, db, client):
        UserFactory(email="gone@example.test", is_active=False)

        response = log_in(client, "gone@example.test", PASSWORD)

        assert response.status_code == 200
        assert not response.wsgi_request.user.is_authenticated

    def test_a_fresh_login_starts_in_the_main_role(self, cast, client):
        EnrolmentFactory(mentor=cast.candidate)  # candidate is also a mentor now
        session = client.session
        session["active_role"] = "mentor"
        session.save()

        response = log_in(client, cast.candidate.email, PASSWORD, follow=True)

        assert response.redirect_chain[-1][0] == "/logbook/"


@pytest.mark.django_db
class TestLoginThrottling:
    """django-axes: five failures for one email from one address lock that pair."""

    def fail(self, client, email, times, **extra):
        return [log_in(client, email, "wrong-password", **extra) for _ in range(times)]

    def test_four_failures_do_not_lock(self, cast, client):
        self.fail(client, cast.candidate.email, 4)

        response = log_in(client, cast.candidate.email, PASSWORD)

        assert response.status_code == 302

    def test_the_fifth_failure_shows_the_lockout_page(self, cast, client):
        *_, fifth = self.fail(client, cast.candidate.email, 5)

        assert fifth.status_code == 429
        assert LOCKED in main_text(fifth)
        assert "Too many attempts" in main_text(fifth)

    def test_the_right_password_is_refused_while_locked(self, cast, client):
        self.fail(client, cast.candidate.email, 5)

        response = log_in(client, cast.candidate.email, PASSWORD)

        assert response.status_code == 429
        assert LOCKED in main_text(response)
        assert not response.wsgi_request.user.is_authenticated

    def test_failures_count_whatever_the_letter_case(self, cast, client):
        for email in ["candidate@example.test", "CANDIDATE@example.test", "Candidate@Example.test"]:
            log_in(client, email, "wrong-password")
        self.fail(client, "candidate@EXAMPLE.TEST", 2)

        response = log_in(client, cast.candidate.email, PASSWORD)

        assert response.status_code == 429

    def test_another_email_from_the_same_address_is_not_locked(self, cast, client):
        self.fail(client, cast.candidate.email, 5)

        response = log_in(client, cast.mentor.email, PASSWORD)

        assert response.status_code == 302

    def test_the_same_email_from_another_address_is_not_locked(self, cast, client):
        self.fail(client, cast.candidate.email, 5, REMOTE_ADDR="10.0.0.1")

        response = log_in(client, cast.candidate.email, PASSWORD, REMOTE_ADDR="10.0.0.2")

        assert response.status_code == 302

    def test_a_successful_login_resets_the_count(self, cast, client):
        self.fail(client, cast.candidate.email, 4)
        assert log_in(client, cast.candidate.email, PASSWORD).status_code == 302
        client.post(reverse("logout"))

        self.fail(client, cast.candidate.email, 4)
        response = log_in(client, cast.candidate.email, PASSWORD)

        assert response.status_code == 302

    def test_the_lock_lifts_when_reset(self, cast, client):
        from axes.utils import reset

        self.fail(client, cast.candidate.email, 5)

        reset(username=cast.candidate.email)

        assert log_in(client, cast.candidate.email, PASSWORD).status_code == 302


@pytest.mark.django_db
class TestLogout:
    def test_navigation_has_a_log_out_control(self, cast, client_for):
        html = main_text(client_for(cast.candidate).get(NAV_PAGE))

        assert re.search(
            r'<form method="post" action="/accounts/logout/"[^>]*>.*?Log out\s*</button>',
            html,
            re.S,
        )

    def test_get_is_refused(self, cast, client_for):
        client = client_for(cast.candidate)

        response = client.get("/accounts/logout/")

        assert response.status_code == 405
        assert client.get(NAV_PAGE).status_code == 200  # still signed in

    def test_post_signs_out_and_returns_to_the_login_page(self, cast, client_for):
        client = client_for(cast.candidate)

        response = client.post("/accounts/logout/")

        assert response.status_code == 302
        assert response["Location"] == LOGIN_URL
        assert client.get(NAV_PAGE)["Location"].startswith(LOGIN_URL)

    def test_signed_in_pages_are_not_cached(self, cast, client_for):
        response = client_for(cast.candidate).get(NAV_PAGE)

        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
class TestPasswordChange:
    url = "/accounts/password-change/"

    def test_anonymous_is_sent_to_log_in(self, client):
        response = client.get(self.url)

        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN_URL}?next={self.url}"

    def test_nav_links_to_it(self, cast, client_for):
        assert self.url in main_text(client_for(cast.candidate).get(NAV_PAGE))

    def test_changes_the_password(self, cast, client_for):
        client = client_for(cast.candidate)

        response = client.post(
            self.url,
            {
                "old_password": PASSWORD,
                "new_password1": "a-brand-new-secret-77",
                "new_password2": "a-brand-new-secret-77",
            },
        )

        assert response.status_code == 302
        assert response["Location"] == "/accounts/password-change/done/"
        assert client.get(response["Location"]).status_code == 200
        cast.candidate.refresh_from_db()
        assert cast.candidate.check_password("a-brand-new-secret-77")
        assert client.get(NAV_PAGE).status_code == 200  # still signed in here

    def test_wrong_old_password_is_a_form_error(self, cast, client_for):
        response = client_for(cast.candidate).post(
            self.url,
            {
                "old_password": "wrong",
                "new_password1": "a-brand-new-secret-77",
                "new_password2": "a-brand-new-secret-77",
            },
        )

        assert response.status_code == 200
        assert "old_password" in response.context["form"].errors
        cast.candidate.refresh_from_db()
        assert cast.candidate.check_password(PASSWORD)


def reset_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
class TestPasswordReset:
    url = "/accounts/password-reset/"

    def test_known_email_gets_a_link(self, cast, client):
        response = client.post(self.url, {"email": cast.candidate.email}, follow=True)

        assert response.redirect_chain[-1][0] == "/accounts/password-reset/sent/"
        assert "Check your email" in main_text(response)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [cast.candidate.email]
        assert mail.outbox[0].subject == "Reset your PBAS Logbook password"

    def test_known_email_in_other_letter_case_gets_a_link(self, cast, client):
        client.post(self.url, {"email": "Candidate@EXAMPLE.test"})

        assert [m.to for m in mail.outbox] == [[cast.candidate.email]]

    def test_unknown_email_sees_the_same_page_and_no_mail_is_sent(self, cast, client):
        known = client.post(self.url, {"email": cast.candidate.email}, follow=True)
        mail.outbox.clear()

        unknown = client.post(self.url, {"email": "nobody@example.test"}, follow=True)

        assert unknown.redirect_chain == known.redirect_chain
        assert main_text(unknown) == main_text(known)
        assert mail.outbox == []

    def test_the_emailed_link_sets_a_new_password(self, cast, client):
        client.post(self.url, {"email": cast.candidate.email})
        link = reset_link(mail.outbox[0])

        form_page = client.get(link, follow=True)
        assert "Choose a new password" in main_text(form_page)
        set_password_url = form_page.redirect_chain[-1][0]
        done = client.post(
            set_password_url,
            {"new_password1": "reset-and-renewed-55", "new_password2": "reset-and-renewed-55"},
            follow=True,
        )

        assert done.redirect_chain[-1][0] == "/accounts/reset/done/"
        assert "Your password is set" in main_text(done)
        assert log_in(client, cast.candidate.email, "reset-and-renewed-55").status_code == 302

    def test_a_used_link_no_longer_works(self, cast, client):
        client.post(self.url, {"email": cast.candidate.email})
        link = reset_link(mail.outbox[0])
        set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
        client.post(
            set_password_url,
            {"new_password1": "reset-and-renewed-55", "new_password2": "reset-and-renewed-55"},
        )

        again = client.get(link, follow=True)

        assert again.status_code == 200
        assert "This link no longer works" in main_text(again)

    def test_a_forged_link_shows_a_clear_page(self, db, client):
        response = client.get("/accounts/reset/MQ/not-a-token/", follow=True)

        assert response.status_code == 200
        assert "This link no longer works" in main_text(response)
