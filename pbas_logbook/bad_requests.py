"""Requests the app cannot read get the app's page with a clear message.

Django answers an over-large body, too many fields, a broken multipart body
or a failed CSRF check with a bare page ("Bad Request (400)", "CSRF
verification failed"), which tells a person neither what happened nor that
their text is still in the page they came from. These views replace them
(``handler400`` and ``CSRF_FAILURE_VIEW``); htmx requests (the editor's
autosave) get the same words as plain text and a status the editor shows.
``unreadable_requests`` answers them before Django would, so the page is
the same with ``DEBUG`` on; it also deals with a NUL byte in an address
before a view hands it to PostgreSQL, which cannot store one.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError, TooManyFilesSent
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOTHING_SAVED = gettext_lazy(
    "Nothing was saved, and what you wrote is still in the page you came from."
)


def _megabytes(size: int) -> str:
    return _("%(size)s MB") % {"size": f"{size / 1_000_000:.0f}"}


def _back_link(request) -> str:
    """The page the request came from, when it is ours."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _answer(request, *, status: int, title: str, message: str, advice: str):
    if request.headers.get("HX-Request"):
        return HttpResponse(f"{message} {advice}", status=status, content_type="text/plain")
    return render(
        request,
        "400.html",
        {"title": title, "message": message, "advice": advice, "back": _back_link(request)},
        status=status,
    )


def bad_request(request, exception=None):
    """``handler400``: what Django could not read, said plainly."""
    if isinstance(exception, RequestDataTooBig):
        limit = _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return _answer(
            request,
            status=413,
            title=_("Too much to send at once"),
            message=_("What you sent is larger than the %(limit)s one form may send.")
            % {"limit": limit},
            advice=_("%(nothing_saved)s Go back, shorten the longest text and send it again.")
            % {"nothing_saved": NOTHING_SAVED},
        )
    if isinstance(exception, TooManyFieldsSent):
        return _answer(
            request,
            status=400,
            title=_("The form could not be read"),
            message=_("What you sent has more fields than any form here has."),
            advice=_("%(nothing_saved)s Go back, reload the page and send it again.")
            % {"nothing_saved": NOTHING_SAVED},
        )
    return _answer(
        request,
        status=400,
        title=_("The request could not be read"),
        message=_("Your browser sent something the app could not read."),
        advice=_("%(nothing_saved)s Go back, reload the page and try again.")
        % {"nothing_saved": NOTHING_SAVED},
    )


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form opened before a sign-in, sign-out or a
    long pause. The editor and every form refresh their token before this
    can happen (static/js/session.js); this is for what slips past."""
    signed_in = request.user.is_authenticated
    advice = (
        _("Go back, reload the page (copy your text first if it is long) and send it again.")
        if signed_in
        else _("Sign in, then go back to the page and send it again.")
    )
    return _answer(
        request,
        status=403,
        title=_("This page was out of date"),
        message=_(
            "The form was opened before you signed in or out (perhaps in another tab), "
            "so it was not accepted."
        ),
        # Translators: the first sentence says nothing was saved, the second what to do.
        advice=_("%(nothing_saved)s %(advice)s")
        % {"nothing_saved": NOTHING_SAVED, "advice": advice},
    )


UNREADABLE_BODY = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, MultiPartParserError)


def unreadable_requests(get_response):
    """Requests no view can read, answered here, the same with DEBUG on or off.

    - A body over the size or field limits, or broken multipart: read here,
      before the CSRF check would read it, and answered with the page above.
      (Left to Django, ``DEBUG`` on, as ``make run`` has it, shows its
      technical page instead of ours.)
    - A NUL byte is never meaningful and PostgreSQL cannot compare or store
      one: dropped from query values (a search pasted with one still
      searches) and refused in the path. Posted fields are checked by each
      form: Django's fields reject NUL with a message.
    """

    def middleware(request):
        if "\x00" in request.path:
            return _answer(
                request,
                status=400,
                title=_("The address could not be read"),
                message=_("The address of this page contains a character that cannot be used."),
                advice=_("Check the address, or go back and follow the link again."),
            )
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:  # a string test: most requests parse no query
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsed once here; views reuse it
            except UNREADABLE_BODY as exception:
                return bad_request(request, exception)
        return get_response(request)

    return middleware
