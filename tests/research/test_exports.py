"""Exports: coded extracts as CSV and JSON (pseudonyms only), the per-theme
summary, and a log of every export."""

import csv
import io
import re

import pytest
from django.urls import reverse

from research import services
from research.models import ExportFormat, ExportLog
from tests.research.conftest import consenting_logbook, extract_of, queries_for


@pytest.fixture
def coded(corpus, project):
    power = project.themes.get(name="Power and fairness")
    conflict = project.themes.get(name="Conflict and difficult partners")
    services.coding_save(
        project=project,
        extract=extract_of(corpus.enrolment, 2, "What?"),
        researcher=corpus.researcher,
        themes=[conflict, power],
        memo='=HYPERLINK("x") walk-out',
    )
    services.coding_save(
        project=project,
        extract=extract_of(corpus.enrolment, 5, "So what?"),
        researcher=corpus.researcher,
        themes=[power],
        memo="",
    )
    return corpus


def url(name, project):
    return reverse(f"research:{name}", args=[project.public_id])


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
class TestExportPage:
    def test_has_the_export_csv_button_and_the_summary(self, coded, project, client_for):
        page = client_for(coded.researcher).get(url("export", project)).content.decode()

        assert re.search(r"<button[^>]*>Export CSV</button>", page)
        assert "Per-theme summary" in page
        assert re.search(r"Power and fairness</th><td class=\"text-end\">2</td>", page)

    def test_query_count_does_not_grow(self, coded, project, client_for):
        client = client_for(coded.researcher)
        client.get(url("export", project))
        small = queries_for(client, url("export", project))
        power = project.themes.get(name="Power and fairness")
        for i in range(6):
            enrolment = consenting_logbook(f"Export Logbook{i}")
            extract = extract_of(enrolment, 2, "What?")
            services.coding_save(
                project=project,
                extract=extract,
                researcher=coded.researcher,
                themes=[power],
                memo="",
            )
        client.get(url("export", project))

        assert queries_for(client, url("export", project)) == small


@pytest.mark.django_db
class TestDownloads:
    def test_csv_of_coded_extracts(self, coded, project, client_for):
        response = client_for(coded.researcher).post(url("export_csv", project))

        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        found = rows(response)
        assert len(found) == 2
        first = next(r for r in found if r["week"] == "2")
        assert re.fullmatch(r"Broker \d+", first["pseudonym"])
        assert re.fullmatch(r"X[0-9A-F]{10}", first["extract"])
        assert first["heading"] == "What?"
        assert first["themes"] == "Conflict and difficult partners; Power and fairness"
        assert first["broker_position"] == "External"
        assert first["phases"] == "Scoping & building"
        assert first["text"] == "The council walked out of the meeting over the budget."
        assert first["memo"].startswith("'=HYPERLINK")  # formulas defused

    def test_json_groups_codings_by_extract_with_the_summary(self, coded, project, client_for):
        data = client_for(coded.researcher).post(url("export_json", project)).json()

        assert data["project"]["title"] == project.title
        assert len(data["extracts"]) == 2
        assert {len(e["codings"]) for e in data["extracts"]} == {1}
        power = next(t for t in data["themes"] if t["name"] == "Power and fairness")
        assert power["extracts"] == 2 and power["extracts_by_phase"]["reviewing"] == 1

    def test_summary_csv(self, coded, project, client_for):
        found = rows(client_for(coded.researcher).post(url("export_summary_csv", project)))

        power = next(r for r in found if r["theme"] == "Power and fairness")
        assert (power["extracts"], power["codings"], power["researchers"]) == ("2", "2", "1")
        assert len(found) == project.themes.count()

    def test_filters_apply_and_are_logged_in_words(self, coded, project, client_for):
        conflict = project.themes.get(name="Conflict and difficult partners")

        response = client_for(coded.researcher).post(
            url("export_csv", project), {"theme": conflict.pk, "phase": "scoping"}
        )

        assert len(rows(response)) == 1
        log = ExportLog.objects.get()
        assert log.researcher == coded.researcher and log.format == ExportFormat.CSV
        assert log.filters == {
            "Phase": "Scoping & building",
            "Theme": "Conflict and difficult partners",
        }
        assert log.row_count == 1 and log.at is not None

    def test_every_export_is_logged_and_listed(self, coded, project, client_for):
        client = client_for(coded.researcher)
        for name in ("export_csv", "export_json", "export_summary_csv"):
            client.post(url(name, project))

        page = client.get(url("export", project)).content.decode()

        assert ExportLog.objects.count() == 3
        assert page.count(coded.researcher.full_name) >= 3
        assert "JSON of coded extracts" in page

    def test_a_forged_filter_exports_nothing(self, coded, project, client_for):
        response = client_for(coded.researcher).post(url("export_csv", project), {"theme": "99999"})

        assert response.status_code == 302
        assert not ExportLog.objects.exists()

    def test_no_names_or_partnerships_in_any_export(self, coded, project, client_for):
        client = client_for(coded.researcher)
        for name in ("export_csv", "export_json", "export_summary_csv"):
            body = client.post(url(name, project)).content.decode()
            for secret in (
                "Cat Candidate",
                "Cat",
                "candidate@example.test",
                "River Alliance",
                "Tidewater",
                "Mo Mentor",
            ):
                assert secret not in body, (name, secret)


@pytest.mark.django_db
def test_extract_codes_differ_between_projects(coded, project, client_for):
    other = services.project_create(title="Second", question="", by=coded.researcher)
    extract = extract_of(coded.enrolment, 2, "What?")
    services.coding_save(
        project=other, extract=extract, researcher=coded.researcher, themes=[], memo="m"
    )
    client = client_for(coded.researcher)

    first = {r["extract"] for r in rows(client.post(url("export_csv", project)))}
    second = {r["extract"] for r in rows(client.post(url("export_csv", other)))}

    assert first.isdisjoint(second)
