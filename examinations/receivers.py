"""What the examination does when the programme changes, without the
programme knowing the examination (the programme is an inner room)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from examinations import schemes
from pbas_logbook.models import Cohort


@receiver(post_save, sender=Cohort, dispatch_uid="examinations.scheme_for_new_cohort")
def scheme_for_new_cohort(sender, instance, created, raw=False, **kwargs):
    """A new cohort is marked on a copy of the programme's sheet, which its
    coordinator may then change until marking starts."""
    if created and not raw:
        schemes.scheme_create(instance)
