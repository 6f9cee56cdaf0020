"""The coordinator's progress dashboard of a cohort, and its CSV.

For coordinators only (403 for anyone else signed in): figures per
enrolment, never the text of an entry or a comment (examinations/progress.py).
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from examinations import progress
from library.spreadsheets import csv_download
from pbas_logbook import access
from pbas_logbook.access import role_required
from pbas_logbook.models import Role

# The table's columns: (sort key, header). The CSV uses the same order.
COLUMNS = [
    ("name", "Candidate"),
    ("mentor", "Mentor"),
    ("written", "Weeks written"),
    ("shared", "Weeks shared"),
    ("late", "Late"),
    ("missing", "Missing"),
    ("review_rate", "Review rate"),
    ("review_days", "Days to review (median)"),
    ("last_activity", "Last activity"),
    ("submission", "Submission"),
    ("examination", "Examination"),
]


def _rows(request, pk):
    cohort = access.get_cohort_for(request.user, pk)
    enrolments = access.enrolments_for(request.user, as_=Role.COORDINATOR).filter(cohort=cohort)
    sort = progress.Sort.parse(request.GET.get("sort"))
    return cohort, sort, progress.cohort_progress(enrolments, sort=sort)


@require_GET
@role_required(Role.COORDINATOR)
def cohort_progress(request, pk):
    """Coordinators: each enrolment's progress figures, sortable by column.

    Queries, however many candidates: the session, the signed-in user, the
    cohort, the enrolments with every figure (one statement,
    examinations/progress.py), the navigation's roles, the session's save.
    """
    cohort, sort, rows = _rows(request, pk)
    headers = [
        {
            "key": key,
            "label": label,
            "aria_sort": sort.direction if key == sort.key else "",
            "link": sort.toggled(key).param,
        }
        for key, label in COLUMNS
    ]
    return render(
        request,
        "coordinators/progress.html",
        {
            "cohort": cohort,
            "rows": rows,
            "headers": headers,
            "sort": sort,
            "late_after_days": progress.late_after_days(),
        },
    )


def csv_cells(row: progress.ProgressRow) -> list:
    """One CSV line: the table's columns, dates as YYYY-MM-DD, no text."""
    day = row.last_activity_day
    return [
        row.candidate_name,
        row.mentor_name,
        row.weeks_written,
        row.weeks_shared,
        row.weeks_late,
        row.weeks_missing,
        "" if row.review_rate is None else row.review_rate,
        "" if row.review_days is None else row.review_days,
        day.isoformat() if day else "",
        row.submission,
        row.examination,
    ]


@require_GET
@role_required(Role.COORDINATOR)
def cohort_progress_csv(request, pk):
    """Coordinators: the progress rows as a CSV download (same sort, same
    figures, no text). Queries as cohort_progress."""
    cohort, _sort, rows = _rows(request, pk)
    today = timezone.localdate()
    filename = f"{slugify(cohort.name) or 'cohort'}-progress-{today:%Y-%m-%d}.csv"
    header = [label for _key, label in COLUMNS]
    header[6] = "Review rate (%)"
    return csv_download([header, *(csv_cells(row) for row in rows)], filename)
