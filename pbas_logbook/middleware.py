"""Project middleware."""

import time

from django.conf import settings
from django.contrib.auth import logout


def private_pages_not_cached(get_response):
    """Keep signed-in pages out of shared and browser caches.

    Pages carry candid logbook text; a proxy or the back button after logout
    must not show them. Static files (served by WhiteNoise before this runs)
    are unaffected.
    """

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response

    return middleware


SIGNED_IN_AT = "signed_in_at"


def session_limits(get_response):
    """End a session 12 hours after sign-in, whatever the activity.

    The 30-minute idle limit is the session cookie's age, renewed on every
    request (SESSION_SAVE_EVERY_REQUEST). The absolute limit needs the
    sign-in time, which a signal handler stores in the session at login.
    """

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = time.time()
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return get_response(request)

    return middleware


# Features no page of the app uses, switched off for it and anything it
# embeds; a script that slipped in could not reach the camera or location.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "usb",
        "screen-wake-lock", "serial", "xr-spatial-tracking", "browsing-topics",
    )
)  # fmt: skip


def permissions_policy(get_response):
    """Send ``Permissions-Policy`` on every answer (Django has no setting)."""

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware
