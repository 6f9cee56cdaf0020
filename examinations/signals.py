"""Signals the examination sends, so outer apps (research) can react
without the examination knowing them."""

from django.dispatch import Signal

# Sent inside the submitting transaction when a candidate submits a new
# version (a receiver's writes commit or roll back with the submission).
# Arguments: submission.
submission_made = Signal()
