"""The project's URLs: each app's pages under its own prefix."""

from django.contrib import admin
from django.urls import include, path

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
]

# Django's bare "Bad Request (400)" replaced by the app's page.
handler400 = "pbas_logbook.bad_requests.bad_request"
