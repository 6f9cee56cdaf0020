"""The coordinator's progress dashboard of a cohort, and its CSV.

For coordinators only (403 for anyone else signed in): figures per
enrolment, never the text of an entry or a comment (programme/progress.py).
"""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from pbas_logbook import access
from pbas_logbook.access import role_required
from pbas_logbook.models import Role
from programme import progress

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
    programme/progress.py), the navigation's roles, the session's save.
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


# A cell a spreadsheet would read as a formula (OWASP "CSV injection"):
# these first characters make it one, so the cell is kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    header = [label for _key, label in COLUMNS]
    header[6] = "Review rate (%)"
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in csv_cells(row)])
    return response
