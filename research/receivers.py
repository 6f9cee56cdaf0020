"""Reactions to events elsewhere that change the research corpus, so the
research pages only read (nothing is brought up to date on a GET)."""

from django.dispatch import receiver

from examinations.signals import submission_made
from research import services


@receiver(submission_made)
def index_new_submission(sender, submission, **kwargs):
    """A consenting candidate's new version replaces their extracts now."""
    services.corpus_changed(enrolment_ids=[submission.enrolment_id])
