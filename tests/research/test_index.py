"""The extract index: the latest submission only, rebuilt when it changes,
with an index behind every filter."""

import pytest
from django.db import connection
from django.urls import reverse

from examinations.models import Outcome
from research import selectors
from research.models import Extract, IndexedLogbook
from tests.examinations.conftest import decide
from tests.research.conftest import consent, submit


@pytest.mark.django_db
class TestLatestSubmissionOnly:
    def test_a_resubmission_replaces_the_extracts_on_the_next_page(self, cast, client_for):
        first = submit(cast.enrolment)
        consent(cast.enrolment)
        decide(cast, first, Outcome.RESUBMIT)
        second = submit(
            cast.enrolment,
            [{"week": 9, "bodies": ["A new week after feedback.", "", ""], "phases": []}],
        )

        client_for(cast.researcher).get(reverse("research:home"))

        assert IndexedLogbook.objects.get(enrolment=cast.enrolment).submission == second
        texts = list(Extract.objects.values_list("text", flat=True))
        assert "A new week after feedback." in texts
        assert all(e.entry.submission_id == second.pk for e in Extract.objects.all())

    def test_an_up_to_date_index_costs_one_query(self, corpus, django_assert_num_queries):
        from research import services

        with django_assert_num_queries(1):
            services.extracts_sync()


@pytest.mark.django_db
class TestIndexes:
    """With sequential scans off, PostgreSQL answers each filter from an index."""

    @pytest.mark.parametrize(
        ("filters", "index"),
        [
            ({"q": "council"}, "extract_search"),
            ({"heading": "lessons"}, "extract_heading"),
            ({"phase": "scoping"}, "extract_phases"),
            ({"tool": "Ground rules"}, "extract_tools"),
            ({"position": "internal"}, "extract_positions"),
            ({"cohort": 2019}, "extract_cohort_week"),
        ],
    )
    def test_filter_uses_an_index(self, corpus, filters, index):
        queryset = selectors.search_extracts(Extract.objects.all(), ranked=False, **filters)
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())

        assert index in plan, plan
