"""The project's URLs: each app's pages under its own prefix."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog, set_language

urlpatterns = [
    path("", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("coordinator/", include("programme.urls")),
    path("logbook/", include("entries.urls")),
    # Mentees and the review conversation: mentors.urls names both prefixes.
    path("", include("mentors.urls")),
    path("examine/", include("examinations.urls")),
    # The enquiry and research consent: research.urls names both prefixes.
    path("", include("research.urls")),
    path("admin/", admin.site.urls),
    # The sign-in page's language switcher (a POST that sets the language
    # cookie) and the scripts' messages in the reader's language: both are
    # needed before anyone has signed in.
    path("i18n/setlang/", login_not_required(require_POST(set_language)), name="set_language"),
    path(
        "i18n/messages.js",
        login_not_required(JavaScriptCatalog.as_view()),
        name="javascript_catalog",
    ),
]

# Django's bare "Bad Request (400)" replaced by the app's page.
handler400 = "pbas_logbook.bad_requests.bad_request"
