"""Accounts: signing in (by email, throttled), invitations, password reset
through the outbox, the session's limits and status, the role switch and the
navigation it drives, and a person's own data (download, close the account).
No models: the User lives in pbas_logbook.models."""
