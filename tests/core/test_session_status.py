"""What a long-open page needs to recover a session (issue 11, item 5):
who is signed in now with a token that works, a 401 (not the login page)
for a background request after signing out, and the page that tells the
other tabs the person is back."""

import pytest
from django.test import Client
from django.urls import reverse

STATUS = reverse("session_status")
AUTOSAVE = reverse("entries:entry_autosave")


@pytest.mark.django_db
class TestSessionStatus:
    def test_signed_in_it_names_the_user_and_gives_a_token_that_works(self, cast):
        client = Client(enforce_csrf_checks=True)
        client.force_login(cast.candidate)

        answer = client.get(STATUS).json()
        keepalive = client.post(
            reverse("session_keepalive"), {"csrfmiddlewaretoken": answer["csrf"]}
        )

        assert answer["user"] == cast.candidate.pk
        assert keepalive.status_code == 204

    def test_a_token_from_before_signing_in_again_is_refused_and_the_new_one_works(self, cast):
        """The editor's situation: its token predates a new sign-in."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(cast.candidate)
        stale = client.get(STATUS).json()["csrf"]
        client.logout()
        client.force_login(cast.candidate)
        client.cookies.pop("csrftoken", None)  # login() rotates it
        fresh = client.get(STATUS).json()["csrf"]

        refused = client.post(reverse("session_keepalive"), {"csrfmiddlewaretoken": stale})
        accepted = client.post(reverse("session_keepalive"), {"csrfmiddlewaretoken": fresh})

        assert refused.status_code == 403
        assert accepted.status_code == 204

    def test_signed_out_it_says_nobody(self, db):
        assert Client().get(STATUS).json()["user"] is None

    def test_it_is_never_cached(self, cast, client_for):
        response = client_for(cast.candidate).get(STATUS)

        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
class TestSignedOutBackgroundRequests:
    def test_an_htmx_autosave_after_signing_out_gets_401_not_the_login_page(self, db):
        response = Client().post(AUTOSAVE, {"week": "1"}, HTTP_HX_REQUEST="true")

        assert response.status_code == 401
        assert "signed out" in response.content.decode()

    def test_a_plain_request_is_still_sent_to_sign_in(self, db):
        response = Client().get(reverse("entries:home"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
class TestSignedInAgainPage:
    def test_it_tells_the_person_to_go_back_to_their_tab(self, cast, client_for):
        html = client_for(cast.candidate).get(reverse("session_signed_in")).content.decode()

        assert "You are signed in again" in html
        assert 'id="signed-in-again"' in html

    def test_every_page_says_how_to_sign_in_again_into_that_page(self, cast, client_for):
        html = client_for(cast.candidate).get(reverse("entries:home")).content.decode()

        assert (
            f'data-sign-in-again-url="{reverse("login")}?next={reverse("session_signed_in")}"'
            in html
        )
        assert f'data-user="{cast.candidate.pk}"' in html
