"""The coordinator's page for a cohort's marking scheme (issue 12, item 1):
editable until the cohort's first mark, every bad input refused on its field
with nothing saved."""

import pytest
from django.urls import reverse

from examinations import marking, schemes
from examinations.models import Assessment, MarkingScheme, Outcome
from pbas_logbook.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def page_url(cast):
    return reverse("examinations:marking_scheme", args=[cast.cohort.pk])


def scheme_data(scheme, *, weights=None, bands=None, **scheme_fields):
    """What the page posts: the scheme's fields and every criterion."""
    criteria = marking.scheme_criteria(scheme)
    weights = weights or [c.weight for c in criteria]
    data = {
        "scheme-examiners_required": str(scheme.examiners_required),
        "scheme-moderation_threshold": str(scheme.moderation_threshold),
        "scheme-distinction_from": str(scheme.distinction_from),
        "scheme-accredited_from": str(scheme.accredited_from),
        "scheme-resubmit_from": str(scheme.resubmit_from),
        "criteria-TOTAL_FORMS": str(len(criteria) + 1),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        f"criteria-{len(criteria)}-position": "0",
        f"criteria-{len(criteria)}-max_mark": "10",
    }
    data.update({f"scheme-{k}": str(v) for k, v in scheme_fields.items()})
    for i, (c, weight) in enumerate(zip(criteria, weights, strict=True)):
        data.update(
            {
                f"criteria-{i}-id": str(c.pk),
                f"criteria-{i}-name": c.name,
                f"criteria-{i}-description": c.description,
                f"criteria-{i}-weight": str(weight),
                f"criteria-{i}-max_mark": str(c.max_mark),
                f"criteria-{i}-bands": (bands or {}).get(i, c.bands),
                f"criteria-{i}-position": str(c.position),
            }
        )
    return data


def test_the_page_shows_the_cohort_s_copy_of_the_sheet(cast, client_for):
    html = client_for(cast.coordinator).get(page_url(cast)).content.decode()
    assert "Marking scheme" in html and cast.cohort.name in html
    for criterion in marking.scheme_criteria(cast.cohort.marking_scheme):
        assert criterion.name in html


def test_double_marking_and_bands_are_saved_and_audited(cast, client_for):
    scheme = cast.cohort.marking_scheme
    data = scheme_data(
        scheme,
        bands={0: "0: Describes only\n6: Analyses"},
        examiners_required=2,
        moderation_threshold=8,
    )
    response = client_for(cast.coordinator).post(page_url(cast), data, follow=True)
    assert "The marking scheme of Spring intake is saved." in response.content.decode()
    scheme = MarkingScheme.objects.get(pk=scheme.pk)
    assert (scheme.examiners_required, scheme.moderation_threshold) == (2, 8)
    assert marking.scheme_criteria(scheme)[0].bands == "0: Describes only\n6: Analyses"
    assert AuditEvent.objects.filter(action=AuditAction.MARKING_SCHEME_CHANGED).count() == 1
    # The other criteria, and the programme's sheet, are untouched.
    assert all(not c.bands for c in marking.scheme_criteria(scheme)[1:])
    assert all(not c.bands for c in schemes.programme_sheet())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weights": [30, 20, 30, 30]}, "The weights add up to 110%; they must add up to 100%."),
        ({"bands": {0: "Describes only"}}, "Line 1: start with the lowest mark"),
        ({"bands": {0: "0: a\n12: b"}}, "Line 2: 12 is above the criterion"),
        ({"accredited_from": 80}, "The bands go up"),
        ({"examiners_required": 3}, "Select a valid choice"),
        ({"moderation_threshold": 101}, "less than or equal to 100"),
    ],
)
def test_bad_input_is_refused_on_the_page_and_nothing_saved(cast, client_for, change, message):
    scheme = cast.cohort.marking_scheme
    before = [(c.weight, c.bands) for c in marking.scheme_criteria(scheme)]
    response = client_for(cast.coordinator).post(page_url(cast), scheme_data(scheme, **change))
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html.replace("&#x27;", "'")
    assert [(c.weight, c.bands) for c in marking.scheme_criteria(scheme)] == before
    assert MarkingScheme.objects.get(pk=scheme.pk).accredited_from == 50


def test_weights_not_adding_up_are_said_with_another_fields_error(cast, client_for):
    """Both at once: a coordinator fixing a band is not told about the
    weights only on the next try."""
    scheme = cast.cohort.marking_scheme
    data = scheme_data(scheme, weights=[30, 20, 30, 30], bands={0: "Describes only"})
    html = client_for(cast.coordinator).post(page_url(cast), data).content.decode()
    assert "Line 1: start with the lowest mark" in html
    assert "The weights add up to 110%; they must add up to 100%." in html
    # Adding up, the band's error stands alone.
    data = scheme_data(scheme, bands={0: "Describes only"})
    html = client_for(cast.coordinator).post(page_url(cast), data).content.decode()
    assert "Line 1: start with the lowest mark" in html
    assert "The weights add up" not in html


def test_frozen_once_a_mark_is_recorded(cast, client_for, submitted):
    Assessment.objects.create(
        submission=submitted,
        examiner=cast.examiner,
        outcome=Outcome.ACCREDITED,
        mark=60,
        feedback="Good.",
        feedback_html="<p>Good.</p>",
    )
    page = client_for(cast.coordinator)
    html = page.get(page_url(cast)).content.decode()
    assert "its scheme is frozen" in html
    assert "Save the marking scheme" not in html
    data = scheme_data(cast.cohort.marking_scheme, examiners_required=2)
    response = page.post(page_url(cast), data, follow=True)
    assert "Marking has started in this cohort" in response.content.decode()
    assert MarkingScheme.objects.get(cohort=cast.cohort).examiners_required == 1


def test_the_page_s_queries_do_not_grow_with_criteria(
    cast, client_for, django_assert_max_num_queries
):
    page = client_for(cast.coordinator)
    page.get(page_url(cast))
    with django_assert_max_num_queries(14):
        page.get(page_url(cast))
