"""View decorators that read like a checklist above each view."""

from functools import wraps

from pbas_logbook.access import require_coordinator


def coordinator_required(view):
    """Signed-in non-coordinators get 403 (anonymous users never get here:
    LoginRequiredMiddleware sends them to the login page first)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_coordinator(request.user)
        return view(request, *args, **kwargs)

    return wrapper
