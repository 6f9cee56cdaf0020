"""What the app cannot read gets the app's page and a message (issue 11, items 7 and 12).

Each test here was a server error or Django's bare page before the shared
fix it names; tests/security/test_hostile_requests.py walks every URL for
the same classes of fault.
"""

import pytest
from django.conf import settings
from django.http import Http404
from django.test import Client
from django.urls import reverse

from entries.models import Entry
from entries.services import EntryText, entry_save, headings_apply_preset
from mentors.services import comment_post
from tests.entries.helpers import form_data

OUR_PAGE = "· PBAS Logbook</title>"
CONSENT = reverse("research:consent")


@pytest.fixture
def writer(cast, client_for):
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    return client_for(cast.candidate)


# --- pbas_logbook.bad_requests.unreadable_requests -----------------------------


def test_a_nul_byte_in_a_query_is_dropped_not_a_server_error(writer):
    # Was a 500: PostgreSQL refuses to compare a string holding NUL.
    for address in (
        "/logbook/headings/read/?heading=a%00b",
        "/logbook/?tag=%00",
        "/logbook/?a%00b=1",
    ):
        assert writer.get(address).status_code == 200, address


def test_the_query_is_read_without_the_nul(writer, rf):
    from pbas_logbook.bad_requests import unreadable_requests

    seen = {}
    unreadable_requests(lambda request: seen.update(request.GET.lists()))(rf.get("/?q=part%00ners"))

    assert seen == {"q": ["partners"]}


def test_a_nul_byte_in_the_path_is_our_400_page(writer):
    response = writer.get("/logbook/entries/a%00b/")

    page = response.content.decode()
    assert response.status_code == 400
    assert OUR_PAGE in page
    assert "contains a character that cannot be used" in page


def test_an_htmx_request_with_a_nul_byte_gets_plain_words(writer):
    response = writer.get("/logbook/%00/", headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "cannot be used" in response.content.decode()


# --- handler400: sizes and shapes Django refuses -----------------------------


def test_a_body_over_the_upload_limit_is_our_413_page(writer):
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = writer.post(reverse("entries:entry_new"), form_data(3, sections=["y" * size]))

    page = response.content.decode()
    assert response.status_code == 413
    assert OUR_PAGE in page
    assert "larger than the 8 MB one form may send" in page
    assert "still in the page you came from" in page
    assert not Entry.objects.exists()


def test_with_debug_on_as_make_run_has_it_the_page_is_the_same(writer, settings):
    # Left to Django, DEBUG shows its technical page for a 400.
    settings.DEBUG = True
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = writer.post(reverse("entries:entry_new"), form_data(3, sections=["y" * size]))

    assert response.status_code == 413
    assert OUR_PAGE in response.content.decode()


def test_an_oversized_autosave_gets_a_413_the_editor_explains(writer):
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = writer.post(
        reverse("entries:entry_autosave"),
        form_data(3, sections=["y" * size]),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")


def test_three_megabytes_in_one_section_is_a_message_beside_it(writer):
    # Under the upload limit: the form reads it and says which box is too long.
    response = writer.post(reverse("entries:entry_new"), form_data(3, sections=["y" * 3_000_000]))

    page = response.content.decode()
    assert response.status_code == 422
    assert OUR_PAGE in page
    assert "This section is 3,000,000 characters long; the limit is 50,000" in page
    assert not Entry.objects.exists()


def test_too_many_fields_is_our_400_page(writer):
    body = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = writer.post(
        reverse("entries:entry_new"), body, content_type="application/x-www-form-urlencoded"
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert OUR_PAGE in page
    assert "more fields than any form here has" in page


# --- CSRF_FAILURE_VIEW --------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_form_is_our_403_page_and_says_the_text_is_safe(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.candidate, backend="accounts.backends.EmailBackend")
    headings_apply_preset(enrolment=cast.enrolment, key="short")

    response = client.post(reverse("entries:entry_new"), form_data(3))

    page = response.content.decode()
    assert response.status_code == 403
    assert OUR_PAGE in page
    assert "This page was out of date" in page
    assert "Go back, reload the page" in page
    assert "CSRF verification failed" not in page
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_a_stale_sign_in_form_says_sign_in():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a@example.test", "password": "x"})

    assert response.status_code == 403
    assert "Sign in, then go back" in response.content.decode()


# --- library.redirects.same_site_path -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_value, lands_on",
    [
        ("env", CONSENT),  # was a 500: redirect() took it for a URL name
        ("//evil.example/x", CONSENT),
        ("javascript:alert(1)", CONSENT),
        ("https://evil.example/", CONSENT),
        ("/logbook/?week=3", "/logbook/?week=3"),
    ],
)
def test_consent_goes_back_only_to_a_page_of_this_site(cast, client_for, next_value, lands_on):
    response = client_for(cast.candidate).post(
        reverse("research:consent_update", args=[cast.enrolment.pk]),
        {"given": "no", "next": next_value},
    )

    assert response.status_code == 302
    assert response["Location"] == lands_on


# --- pbas_logbook.access.locked: a row gone between the view and the service ----


def test_an_entry_emptied_from_the_bin_meanwhile_is_not_found(cast):
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    entry = entry_save(
        enrolment=cast.enrolment,
        text=EntryText(week=1, title="T", bodies=["a", "", "", "", ""]),
        share=True,
    )
    stale = Entry.objects.get(pk=entry.pk)
    Entry.objects.filter(pk=entry.pk).delete()

    with pytest.raises(Http404):
        entry_save(
            enrolment=cast.enrolment,
            entry=stale,
            text=EntryText(week=1, title="T", bodies=["b", "", "", "", ""]),
            version=stale.version,
        )
    with pytest.raises(Http404):
        comment_post(entry=stale, author=cast.mentor, body="Why?")


# --- pbas_logbook.middleware.permissions_policy ---------------------------------


@pytest.mark.django_db
def test_every_page_refuses_camera_microphone_and_location(client):
    policy = client.get(reverse("login"))["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
