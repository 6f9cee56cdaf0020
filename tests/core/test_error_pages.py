"""Our own 403, 404 and 500 pages, and the health probe."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
class TestErrorPages:
    def test_404_is_our_page_with_the_navigation(self, cast, client_for):
        response = client_for(cast.candidate).get("/no-such-page/")

        html = response.content.decode()
        assert response.status_code == 404
        assert "<title>Page not found · PBAS Logbook</title>" in html
        assert "Log out" in html

    def test_anonymous_gets_the_same_404_without_the_navigation(self, db, client):
        # An unknown path never reaches LoginRequiredMiddleware's view check;
        # the answer names nothing that exists, so it is safe to show.
        response = client.get("/no-such-page/")

        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
        assert "Log out" not in response.content.decode()

    def test_403_is_our_page(self, cast, client_for):
        response = client_for(cast.candidate).get("/coordinator/cohorts/")

        assert response.status_code == 403
        assert "<title>Not allowed · PBAS Logbook</title>" in response.content.decode()

    def test_500_is_our_page_and_needs_no_database_or_context(self):
        response = server_error(RequestFactory().get("/"))

        html = response.content.decode()
        assert response.status_code == 500
        assert "Something went wrong on our side" in html
        assert "<title>" in html


@pytest.mark.django_db
class TestHealth:
    def test_answers_ok_to_anyone(self, client):
        response = client.get("/health/")

        assert response.status_code == 200
        assert response.content == b"ok"
        assert response["Content-Type"] == "text/plain"

    def test_only_get(self, client):
        assert client.post("/health/").status_code == 405
