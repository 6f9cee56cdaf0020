"""What the logbook does when the core tells it something changed."""

from django.dispatch import receiver

from accounts.profile import language_changed
from entries.search_language import reindex_logbooks_of


@receiver(language_changed)
def search_in_the_new_language(sender, user, **kwargs):
    """A logbook is searched in its writer's language (issue 13 item 4)."""
    reindex_logbooks_of(user)
