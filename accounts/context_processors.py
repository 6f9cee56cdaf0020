"""Template context shared by every page: the person's roles for the navigation.

Worked out lazily, the first time a template asks, and in one query (is
this person a candidate? a mentor? how many unread notices?). Fragments
answered to htmx (the autosave status, previews) never show the navigation
and so never pay for it.
"""

from django.conf import settings
from django.db import connection
from django.utils.functional import SimpleLazyObject, cached_property

from pbas_logbook.models import Enrolment, Notification, Role

_ENROLMENT = Enrolment._meta.db_table
_NOTIFICATION = Notification._meta.db_table
# Is the person a candidate? A mentor? How many notices have they not read?
# (The partial index notification_unread answers the count.)
NAVIGATION_SQL = f"""
SELECT EXISTS (SELECT 1 FROM {_ENROLMENT} WHERE candidate_id = %(user)s),
       EXISTS (SELECT 1 FROM {_ENROLMENT} WHERE mentor_id = %(user)s),
       (SELECT count(*) FROM {_NOTIFICATION} WHERE recipient_id = %(user)s AND read_at IS NULL)
"""  # noqa: S608 (table names from the models; the user id is a parameter)


class _Navigation:
    def __init__(self, request):
        self.request = request

    @cached_property
    def facts(self) -> dict:
        user = self.request.user
        # Plain SQL: this runs on every page, and compiling the same three
        # subqueries through the ORM each time cost more than running them.
        with connection.cursor() as cursor:
            cursor.execute(NAVIGATION_SQL, {"user": user.pk})
            row = cursor.fetchone()
        is_candidate, is_mentor, unread_count = row
        if not hasattr(user, "_roles_cache"):
            user.remember_relationships(is_candidate=is_candidate, is_mentor=is_mentor)
        held = user.roles
        active = self.request.session.get("active_role")
        if active not in held:
            active = user.main_role
        return {
            "unread_notifications": unread_count,
            "held_roles": [(value, Role(value).label) for value in held],
            "active_role": active,
            "active_role_label": Role(active).label if active else "",
        }

    def lazy(self, name):
        return SimpleLazyObject(lambda: self.facts[name])


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    navigation = _Navigation(request)
    return {
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "unread_notifications": navigation.lazy("unread_notifications"),
        "held_roles": navigation.lazy("held_roles"),
        "active_role": navigation.lazy("active_role"),
        "active_role_label": navigation.lazy("active_role_label"),
    }
