"""Stored notification links follow the pages that moved (December 2026).

The review conversation moved from /mentees/entries/ to /conversations/ and
research consent from /enquiry/consent/ to /research-consent/. Old links
still redirect (library.moved), but a notice is marked read by its page's
path (notifications.notices.mark_read_for_page), so a stored old path would stay
unread for ever on the new page.
"""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr

MOVES = [
    ("/mentees/entries/", "/conversations/"),
    ("/mentees/comments/", "/conversations/comments/"),
    ("/enquiry/consent/", "/research-consent/"),
]


def _rewrite(apps, moves):
    Notification = apps.get_model("pbas_logbook", "Notification")
    for old, new in moves:
        Notification.objects.filter(url__startswith=old).update(
            url=Concat(Value(new), Substr(F("url"), len(old) + 1, Length(F("url"))))
        )


def forwards(apps, schema_editor):
    _rewrite(apps, MOVES)


def backwards(apps, schema_editor):
    _rewrite(apps, [(new, old) for old, new in reversed(MOVES)])


class Migration(migrations.Migration):
    dependencies = [("pbas_logbook", "0010_refuse_truncate")]

    operations = [migrations.RunPython(forwards, backwards)]
