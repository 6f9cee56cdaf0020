"""Project middleware."""


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
