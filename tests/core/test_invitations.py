"""Invitations: a coordinator creates an account, the person sets a password."""

import datetime
import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from pbas_logbook.models import Invitation, User

INVITE_URL = "/coordinator/people/invite/"
NOT_VALID = "This invitation link is not valid"
NEW_PASSWORD = "my-first-brokering-secret-9"


def invitation_path(message) -> str:
    match = re.search(r"http://127\.0\.0\.1:8000(/accounts/invitation/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def invite(cast, client_for, django_capture_on_commit_callbacks):
    """``invite(email, **fields)``: the coordinator invites someone; returns the response."""

    def send(email, full_name="Nia Newcomer", **fields):
        client = client_for(cast.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(INVITE_URL, {"full_name": full_name, "email": email, **fields})

    return send


def accept(client, path, password=NEW_PASSWORD):
    return client.post(path, {"new_password1": password, "new_password2": password})


@pytest.mark.django_db
class TestInvitingAPerson:
    def test_creates_an_account_without_a_usable_password(self, invite):
        response = invite("nia@example.test")

        person = User.objects.get(email="nia@example.test")
        assert response.status_code == 302
        assert response["Location"] == f"/coordinator/people/{person.pk}/"
        assert person.full_name == "Nia Newcomer"
        assert not person.has_usable_password()
        assert not person.is_staff and not person.is_examiner

    def test_sends_one_email_with_a_link_to_set_a_password(self, invite):
        invite("nia@example.test")

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["nia@example.test"]
        assert message.subject == "You are invited to PBAS Logbook"
        path = invitation_path(message)
        assert path in message.alternatives[0][0]  # the HTML part has the same link

    def test_no_email_leaves_before_the_account_is_saved(
        self, cast, client_for, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client_for(cast.coordinator).post(
                INVITE_URL, {"full_name": "Nia Newcomer", "email": "nia@example.test"}
            )

        assert mail.outbox == []
        assert len(callbacks) == 1

    def test_email_is_stored_in_lower_case(self, invite):
        invite("Nia.Newcomer@Example.TEST")

        assert User.objects.filter(email="nia.newcomer@example.test").exists()
        assert mail.outbox[0].to == ["nia.newcomer@example.test"]

    def test_can_make_the_person_an_examiner_or_coordinator(self, invite):
        invite("ex@example.test", is_examiner="on")
        invite("co@example.test", is_coordinator="on")

        assert User.objects.get(email="ex@example.test").is_examiner
        assert User.objects.get(email="co@example.test").is_staff

    def test_stores_only_a_hash_of_the_token(self, invite):
        invite("nia@example.test")

        token = invitation_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
        invitation = Invitation.objects.get()
        assert token not in invitation.token_hash
        assert Invitation.objects.find(token) == invitation

    def test_an_email_that_exists_in_another_letter_case_is_a_form_error(self, cast, invite):
        response = invite("CANDIDATE@Example.Test")

        assert response.status_code == 200
        assert "An account with this email already exists" in response.content.decode()
        assert response.context["form"].errors["email"]
        assert User.objects.filter(email__iexact="candidate@example.test").count() == 1
        assert mail.outbox == []

    def test_a_failing_mail_server_does_not_undo_the_invitation(self, invite, monkeypatch, caplog):
        def refuse(*args, **kwargs):
            raise ConnectionRefusedError("mail server down")

        monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)

        response = invite("nia@example.test")

        assert response.status_code == 302
        assert User.objects.filter(email="nia@example.test").exists()
        assert "Could not send emails/invitation email" in caplog.text

    @pytest.mark.parametrize(
        "data",
        [
            {"full_name": "", "email": "x@example.test"},
            {"full_name": "No Email", "email": ""},
            {"full_name": "Bad Email", "email": "not-an-email"},
        ],
    )
    def test_incomplete_form_is_a_form_error(self, cast, client_for, data):
        response = client_for(cast.coordinator).post(INVITE_URL, data)

        assert response.status_code == 200
        assert response.context["form"].errors
        assert mail.outbox == []


@pytest.mark.django_db
class TestAcceptingAnInvitation:
    @pytest.fixture
    def link(self, invite):
        invite("nia@example.test")
        return invitation_path(mail.outbox[0])

    def test_link_shows_a_set_password_form(self, client, link):
        response = client.get(link)

        html = response.content.decode()
        assert response.status_code == 200
        assert "Welcome, Nia Newcomer" in html
        assert 'name="new_password1"' in html
        assert 'name="new_password2"' in html

    def test_setting_a_password_signs_the_person_in(self, client, link):
        response = accept(client, link)

        assert response.status_code == 302
        assert response["Location"] == "/"
        person = User.objects.get(email="nia@example.test")
        assert response.wsgi_request.user == person
        assert person.check_password(NEW_PASSWORD)
        welcome = client.get("/")
        assert welcome.status_code == 200
        assert "Your password is set and you are signed in" in welcome.content.decode()

    def test_the_new_password_logs_in_later(self, client, link):
        accept(client, link)
        client.post("/accounts/logout/")

        response = client.post(
            "/accounts/login/", {"username": "nia@example.test", "password": NEW_PASSWORD}
        )

        assert response.status_code == 302

    def test_mismatched_passwords_are_a_form_error(self, client, link):
        response = client.post(
            link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["new_password2"]
        assert not User.objects.get(email="nia@example.test").has_usable_password()

    def test_a_weak_password_is_a_form_error(self, client, link):
        response = accept(client, link, password="password")

        assert response.status_code == 200
        assert response.context["form"].errors["new_password2"]

    def test_a_used_link_shows_the_not_valid_page(self, client, link):
        accept(client, link)
        client.post("/accounts/logout/")

        for response in (client.get(link), accept(client, link, "another-secret-xyz-1")):
            assert response.status_code == 410
            assert NOT_VALID in response.content.decode()
        assert User.objects.get(email="nia@example.test").check_password(NEW_PASSWORD)

    def test_an_expired_link_shows_the_not_valid_page(self, client, link):
        Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

        for response in (client.get(link), accept(client, link)):
            assert response.status_code == 410
            assert NOT_VALID in response.content.decode()
        assert not User.objects.get(email="nia@example.test").has_usable_password()

    def test_an_unknown_link_shows_the_not_valid_page(self, db, client):
        response = client.get("/accounts/invitation/made-up-token/")

        assert response.status_code == 410
        assert NOT_VALID in response.content.decode()

    def test_a_deactivated_account_cannot_use_its_link(self, client, link):
        User.objects.filter(email="nia@example.test").update(is_active=False)

        for response in (client.get(link), accept(client, link)):
            assert response.status_code == 410
        assert not User.objects.get(email="nia@example.test").has_usable_password()

    def test_a_new_invitation_makes_the_old_link_stop_working(
        self, cast, client, client_for, link, django_capture_on_commit_callbacks
    ):
        person = User.objects.get(email="nia@example.test")
        coordinator = client_for(cast.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator.post(f"/coordinator/people/{person.pk}/reinvite/")
        coordinator.post("/accounts/logout/")

        assert response.status_code == 302
        assert len(mail.outbox) == 2
        new_link = invitation_path(mail.outbox[1])
        assert new_link != link
        assert client.get(link).status_code == 410
        assert client.get(new_link).status_code == 200
        assert accept(client, new_link).status_code == 302


@pytest.mark.django_db
class TestOneAccountPerEmail:
    def test_the_model_stores_emails_in_lower_case(self, db):
        person = User.objects.create_user("Mixed.Case@Example.TEST", full_name="Mixed Case")

        person.refresh_from_db()
        assert person.email == "mixed.case@example.test"

    def test_a_second_account_in_another_letter_case_is_refused(self, cast):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create_user("CANDIDATE@EXAMPLE.TEST", full_name="Copy Cat")

    def test_the_database_refuses_it_even_when_save_is_bypassed(self, cast):
        # QuerySet.update() skips User.save(); the Lower(email) constraint holds.
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=cast.stranger.pk).update(email="Candidate@Example.Test")


@pytest.mark.django_db
def test_password_reset_does_not_stand_in_for_a_lost_invitation(invite, client):
    """Django sends no reset link to an account without a usable password, so
    the not-valid page sends people who never set one to their coordinator."""
    invite("nia@example.test")
    mail.outbox.clear()

    client.post("/accounts/password-reset/", {"email": "nia@example.test"})
    page = client.get("/accounts/invitation/made-up-token/").content.decode()

    assert mail.outbox == []
    assert "ask your programme coordinator to send you a new invitation" in page
