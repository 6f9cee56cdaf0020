"""Review's part of a person's data (see accounts/personal_data.py)."""

from accounts.personal_data import ClosureItem
from mentors.models import Comment


def export(user) -> dict:
    return {
        "comments_written": [
            {
                "at": c.created_at.isoformat(),
                "on_week": c.entry.week,
                "text": c.body,
            }
            for c in Comment.objects.filter(author=user).select_related("entry")
        ]
    }


def closure(user) -> list:
    on_others = Comment.objects.filter(author=user).exclude(entry__enrolment__candidate=user)
    return [
        ClosureItem(
            "Your comments on other people's entries",
            on_others.count(),
            True,
            "they belong to that person's logbook conversation",
        )
    ]


def close(user) -> None:
    """Comments on the person's own entries go with the entries; others stay."""
