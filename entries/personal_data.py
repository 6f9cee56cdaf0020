"""The logbook's part of a person's data (see accounts/personal_data.py)."""

from django.db.models import Q

from accounts.personal_data import ClosureItem
from entries.models import Entry, Heading, Partnership
from pbas_logbook.models import TextRevision


def _entries(user):
    return Entry.all_objects.filter(enrolment__candidate=user)


def export(user) -> dict:
    entries = _entries(user).prefetch_related("sections", "partnerships").order_by("week")
    return {
        "logbook": [
            {
                "week": e.week,
                "title": e.title,
                "status": e.status,
                "deleted": e.deleted_at is not None,
                "written_at": e.created_at.isoformat(),
                "aims": e.aims,
                "sections": [
                    {"heading": s.heading_title, "text": s.body} for s in e.sections.all()
                ],
                "phases": e.phases,
                "tools": e.tools,
                "partnerships": [p.name for p in e.partnerships.all()],
                "first_shared_text": e.first_shared_text,
            }
            for e in entries
        ],
        "headings": list(
            Heading.objects.filter(enrolment__candidate=user).values("title", "prompt")
        ),
        "partnerships": list(
            Partnership.objects.filter(enrolment__candidate=user).values(
                "name", "sector_mix", "position"
            )
        ),
    }


def closure(user) -> list:
    entries = _entries(user)
    return [
        ClosureItem(
            "Live logbook entries (shared)", entries.filter(status="shared").count(), False
        ),
        ClosureItem("Draft entries", entries.filter(status="draft").count(), False),
        ClosureItem(
            "Headings and partnerships",
            Heading.objects.filter(enrolment__candidate=user).count()
            + Partnership.objects.filter(enrolment__candidate=user).count(),
            False,
        ),
    ]


def close(user) -> None:
    entry_ids = list(_entries(user).values_list("pk", flat=True))
    # Deleting entries cascades to sections and to comments on them.
    _entries(user).delete()
    Heading.objects.filter(enrolment__candidate=user).delete()
    Partnership.objects.filter(enrolment__candidate=user).delete()
    TextRevision.objects.filter(
        Q(table_name="entries_entry", row_id__in=entry_ids) | Q(old_row__entry_id__in=entry_ids)
    ).delete()
