"""The demo enquiry, and the privacy promise checked end to end: no page or
export a researcher can reach names a seeded candidate (or their mentor),
their email address or their partnerships."""

import html
import re
from collections import deque
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.research import PROJECT_TITLE
from entries.models import Partnership
from pbas_logbook.models import Enrolment, User
from research.models import Coding, Project, ResearchConsent

MAX_PAGES = 250
SEARCHES = ["difficult partners", "conflict", "walk-out", "trust", "donor", "partnership"]


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def secrets() -> set[str]:
    """Every seeded candidate's and mentor's name (and its parts), email,
    and every partnership name."""
    found = set()
    for enrolment in Enrolment.objects.select_related("candidate", "mentor"):
        for person in (enrolment.candidate, enrolment.mentor):
            if person is None:
                continue
            found.add(person.email)
            found.add(person.full_name)
            found.update(part for part in person.full_name.split() if len(part) > 2)
    found.update(Partnership.objects.values_list("name", flat=True))
    return found


def crawl(client, start_urls):
    """Every research page reachable from ``start_urls`` (GET links only)."""
    seen, queue, pages = set(), deque(start_urls), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        pages[url] = body
        for link in re.findall(r'href="(/enquiry/[^"#]*)', body):
            link = html.unescape(link)
            if "/consent/" not in link and link not in seen:
                queue.append(link)
    return pages


def main_part(page: str) -> str:
    """The page without the navigation (which names the signed-in researcher)."""
    return page.split("<main", 1)[1]


@pytest.mark.django_db
class TestDemoEnquiry:
    def test_seeds_a_researcher_consents_and_a_coded_project(self, seeded):
        researcher = User.objects.get(email="researcher@example.org")
        project = Project.objects.get(title=PROJECT_TITLE)

        assert researcher.is_researcher and researcher.check_password("pbas-demo")
        assert ResearchConsent.objects.filter(given=True).count() == 2
        coders = set(
            Coding.objects.filter(project=project).values_list("researcher__email", flat=True)
        )
        assert coders == {"researcher@example.org", "researcher2@example.org"}

    def test_running_it_again_changes_nothing(self, seeded):
        before = (Coding.objects.count(), Project.objects.count(), ResearchConsent.objects.count())

        call_command("seed_demo", stdout=StringIO())

        assert (
            Coding.objects.count(),
            Project.objects.count(),
            ResearchConsent.objects.count(),
        ) == before

    def test_no_page_or_export_names_a_candidate(self, seeded, client):
        client.force_login(
            User.objects.get(email="researcher@example.org"),
            backend="accounts.backends.EmailBackend",
        )
        project = Project.objects.get(title=PROJECT_TITLE)
        search = reverse("research:search", args=[project.public_id])
        starts = [reverse("research:home")] + [f"{search}?q={q}" for q in SEARCHES]
        pages = crawl(client, starts)
        exports = [
            client.post(reverse(f"research:{name}", args=[project.public_id])).content.decode()
            for name in ("export_csv", "export_json", "export_summary_csv")
        ]
        hidden = secrets()

        assert len(pages) > 30  # the crawl reached extracts, not only the menus
        assert any("/extracts/" in url for url in pages)
        leaks = [
            (url, secret)
            for url, body in pages.items()
            for secret in hidden
            if secret.lower() in main_part(body).lower()
        ]
        leaks += [
            (f"export {i}", s)
            for i, body in enumerate(exports)
            for s in hidden
            if s.lower() in body.lower()
        ]
        assert not leaks
        assert "Broker" in exports[0]

    def test_searching_a_candidates_name_finds_nothing(self, seeded, client):
        client.force_login(
            User.objects.get(email="researcher@example.org"),
            backend="accounts.backends.EmailBackend",
        )
        project = Project.objects.get(title=PROJECT_TITLE)
        search = reverse("research:search", args=[project.public_id])

        for secret in secrets():
            response = client.get(search, {"q": secret})
            # Never as a whole; a partnership's ordinary words ("partnership")
            # may still match other extracts when no extract holds them all.
            assert response.context["any_word"] or not response.context["page"].paginator.count, (
                secret
            )
