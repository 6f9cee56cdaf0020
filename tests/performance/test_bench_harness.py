"""The benchmark harness (bench/): its refusals, its reference page, its report."""

import pytest
from django.conf import settings
from django.core.management import get_commands
from django.urls import NoReverseMatch, reverse

from bench import measure, pages, run
from tests.performance.conftest import seed


def test_refuses_to_run_with_debug_on(monkeypatch, capsys):
    monkeypatch.setenv("DEBUG", "1")

    assert run.main(["--no-load"]) == 2
    assert "Refusing to benchmark with DEBUG on" in capsys.readouterr().err


def test_debug_is_on_unless_said_otherwise(monkeypatch, capsys):
    monkeypatch.delenv("DEBUG", raising=False)

    assert run.main(["--no-load"]) == 2


def test_the_reference_page_exists_only_for_the_benchmark():
    with pytest.raises(NoReverseMatch):
        reverse("bench_trivial")


def test_the_product_does_not_install_the_benchmark():
    assert "bench" not in settings.INSTALLED_APPS
    assert "seed_scale" not in get_commands()


def test_bench_settings_install_it_and_route_its_page(bench_installed):
    assert get_commands()["seed_scale"] == "bench"
    assert reverse("bench_trivial") == "/bench/trivial/"
    assert reverse("entries:home") == "/logbook/"


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_installed")
class TestTrivialPage:
    def test_anonymous_people_are_sent_to_sign_in(self, client):
        response = client.get("/bench/trivial/")

        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")

    def test_signed_in_it_reads_only_the_session_and_the_user(
        self, cast, client_for, django_assert_num_queries
    ):
        client = client_for(cast.candidate)
        client.get("/bench/trivial/")

        # The session; the user; the session's touch (one UPDATE).
        with django_assert_num_queries(3):
            response = client.get("/bench/trivial/")

        assert response.status_code == 200
        assert "Signed in as" in response.content.decode()

    def test_post_is_not_allowed(self, cast, client_for):
        assert client_for(cast.candidate).post("/bench/trivial/").status_code == 405


@pytest.mark.django_db
def test_measure_reports_queries_and_server_times():
    seed(20)
    page = next(p for p in pages.key_pages(pages.find_subjects()) if p.key == "mentor_dashboard")

    times = measure.measure(page, requests=5)

    assert times.queries == len(times.statements) == 7
    assert 0 < times.p50_ms <= times.p95_ms


@pytest.mark.django_db
def test_autosave_carries_the_version_each_answer_reports():
    seed(20)
    subjects = pages.find_subjects()
    autosave = next(p for p in pages.key_pages(subjects) if p.key == "autosave")
    client = measure.client_for(subjects.candidate)

    for n in range(3):
        measure._request(client, autosave, n)  # raises on anything but 200

    subjects.draft.refresh_from_db()
    assert subjects.draft.sections.last().body.endswith("Still writing (2).")


def test_the_table_names_each_missed_budget():
    report = {
        "trivial": {"label": "Trivial signed-in page", "queries": 3, "p50_ms": 2.0,
                    "p95_ms": 3.0, "rps": 400.0},
        "pages": {
            "home": {"label": "Candidate home", "queries": 10, "p50_ms": 20.0, "p95_ms": 30.0,
                     "budget_p95_ms": 40, "rps": 200.0, "ratio": 0.5},
            "pdf": {"label": "Submission PDF", "queries": 13, "p50_ms": 2000.0,
                    "p95_ms": 3500.0, "budget_p95_ms": 3000, "rps": 2.0, "ratio": 0.005},
        },
    }  # fmt: skip

    table = run.table(report)

    assert "| Candidate home | 10 | 20.0 | 30.0 | 40 | 200.0 | 50% | met |" in table
    assert "queries 13 > 12; p95 3500.0 > 3000 ms; throughput 0% < 35%" in table
