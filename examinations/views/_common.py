"""Helpers the examination views share (one copy each)."""

from django.core.exceptions import ObjectDoesNotExist

from examinations.models import Decision


def _decision(submission):
    return Decision.objects.filter(submission=submission).first()


def _posted(request):
    """The POST data for a form, or None on GET. (``request.POST or None``
    would leave an empty POST unbound: a 200 with no error instead of a 422.)"""
    return request.POST if request.method == "POST" else None


def _joined(submission, relation: str):
    """A one-to-one row fetched with the submission (select_related), or None."""
    try:
        return getattr(submission, relation)
    except ObjectDoesNotExist:
        return None


def _role(user, submission) -> str:
    if user.pk == submission.enrolment.candidate_id:
        return "candidate"
    if user.pk == submission.enrolment.mentor_id:
        return "mentor"
    return "examiner"
