"""Anonymous requests are refused by default (STYLE.md 5), and a page's
background request is refused in a way its script can tell.

Django's LoginRequiredMiddleware redirects to the login page. For an htmx
request (an autosave, a preview) that redirect is followed inside the page
and the login page's HTML arrives as if it were the answer; the entry
editor could not tell it from a save. Those requests get a plain 401
instead, which static/js/editor.js reads as "signed out".
"""

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse
from django.utils.translation import gettext as _


class LoginRequired(LoginRequiredMiddleware):
    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(
                _("You have been signed out. Sign in again to continue."),
                status=401,
                content_type="text/plain; charset=utf-8",
            )
        return super().handle_no_permission(request, view_func)
