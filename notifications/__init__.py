"""Notices behind the bell, their emails (at once or a daily digest) and
the outbox that retries an email the mail server refused. No models:
Notification, NotificationPreference and PendingEmail live in
pbas_logbook.models."""
