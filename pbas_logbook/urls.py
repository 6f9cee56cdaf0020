from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from pbas_logbook import account_views, coordinator_views, notification_views, views
from pbas_logbook.forms import OutboxPasswordResetForm

coordinator_patterns = (
    [
        path("cohorts/", coordinator_views.cohort_list, name="cohort_list"),
        path("cohorts/new/", coordinator_views.cohort_create, name="cohort_create"),
        path("cohorts/<int:pk>/", coordinator_views.cohort_detail, name="cohort_detail"),
        path("people/", coordinator_views.person_list, name="person_list"),
        path("people/invite/", coordinator_views.person_invite, name="person_invite"),
        path("people/<int:pk>/", coordinator_views.person_detail, name="person_detail"),
        path(
            "people/<int:pk>/reinvite/", coordinator_views.person_reinvite, name="person_reinvite"
        ),
        path("enrolments/new/", coordinator_views.enrolment_create, name="enrolment_create"),
        path("audit/", coordinator_views.audit_trail, name="audit_trail"),
        path(
            "enrolments/<int:pk>/mentor/",
            coordinator_views.enrolment_mentor,
            name="enrolment_mentor",
        ),
    ],
    "coordinator",
)

account_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=OutboxPasswordResetForm,
            email_template_name="emails/password_reset.txt",
            html_email_template_name="emails/password_reset.html",
            subject_template_name="emails/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("role/", views.role_switch, name="role_switch"),
    path("health/", views.health, name="health"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("session/status/", views.session_status, name="session_status"),
    path("session/signed-in/", views.session_signed_in, name="session_signed_in"),
    path("my-data/", account_views.my_data, name="my_data"),
    path("my-data/download.json", account_views.my_data_json, name="my_data_json"),
    path("my-data/close-account/", account_views.close_account, name="close_account"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "notifications/preferences/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
    path("accounts/", include(account_patterns)),
    path("coordinator/", include(coordinator_patterns)),
    path("logbook/", include("entries.urls")),
    path("mentees/", include("mentors.urls")),
    path("examine/", include("examinations.urls")),
    path("enquiry/", include("research.urls")),
    path("admin/", admin.site.urls),
]

# Django's bare "Bad Request (400)" replaced by the app's page.
handler400 = "pbas_logbook.bad_requests.bad_request"
