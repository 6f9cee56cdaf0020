"""Signing in and out, passwords and invitations (under /accounts/), and the
person's own pages: home by role, role switch, session status, my data, and
the profile (name, email address, time zone, language)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from accounts import my_data, profile_views, views
from accounts.forms import OutboxPasswordResetForm

sign_in_patterns = [
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
    path("my-data/", my_data.my_data, name="my_data"),
    path("my-data/download.json", my_data.my_data_json, name="my_data_json"),
    path("my-data/close-account/", my_data.close_account, name="close_account"),
    path("profile/", profile_views.profile_page, name="profile"),
    path("profile/name/", profile_views.profile_name, name="profile_name"),
    path("profile/email/", profile_views.profile_email, name="profile_email"),
    path(
        "profile/email/confirm/<str:token>/",
        profile_views.profile_email_confirm,
        name="profile_email_confirm",
    ),
    path("profile/time-zone/", profile_views.profile_time_zone, name="profile_time_zone"),
    path("profile/language/", profile_views.profile_language, name="profile_language"),
    path("accounts/", include(sign_in_patterns)),
]
