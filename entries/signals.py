"""Signals the logbook sends, so outer apps (mentors) can react without the
logbook knowing them."""

from django.dispatch import Signal

# Sent after commit when an entry becomes shared. Arguments: entry.
entry_shared = Signal()
