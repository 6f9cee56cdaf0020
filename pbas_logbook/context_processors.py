"""Template context shared by every page: the person's roles for the navigation."""

from pbas_logbook.models import Role


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    held = user.roles
    active = request.session.get("active_role")
    if active not in held:
        active = user.main_role
    from django.conf import settings

    from pbas_logbook.notifications import unread_count

    return {
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "unread_notifications": unread_count(user),
        "held_roles": [(value, Role(value).label) for value in held],
        "active_role": active,
        "active_role_label": Role(active).label if active else "",
    }
