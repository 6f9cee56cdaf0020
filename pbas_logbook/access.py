"""The access policy: who may read what. Every view fetches private objects here.

Rules (DESIGN.md "Access policy"):
- candidate: their own enrolments and logbook, drafts included;
- mentor: the enrolments they mentor, and only *shared* entries of them;
- examiner: frozen submissions assigned to them, never the live logbook;
- coordinator: people, cohorts, enrolments and progress figures, not entry text;
- anyone else: 404, the same answer as "does not exist".

Apps build their model-level ``visible_to(user)`` querysets from the
``*_q`` functions below, so each rule is written once. A view never calls
``Model.objects.get(pk=...)`` on private content; it calls a ``get_*_for``
helper that raises Http404 when the object is missing *or* not visible.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from pbas_logbook.models import Cohort, Enrolment, User

NOTHING = Q(pk__in=[])


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- Rule builders (prefix = the path from a model to its enrolment) ---------


def enrolment_owner_q(user, prefix: str = "") -> Q:
    """Rows whose enrolment belongs to ``user`` as the candidate."""
    if not _signed_in(user):
        return NOTHING
    return Q(**{f"{prefix}candidate": user})


def enrolment_mentor_q(user, prefix: str = "") -> Q:
    """Rows whose enrolment ``user`` currently mentors.

    Evaluated per query, never cached: when a coordinator replaces a mentor,
    the former mentor's very next request no longer matches.
    """
    if not _signed_in(user):
        return NOTHING
    return Q(**{f"{prefix}mentor": user})


# --- Enrolments -------------------------------------------------------------


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """Enrolments a person may see the *record* of (not the logbook text)."""
    qs = Enrolment.objects.select_related("candidate", "cohort", "mentor")
    if not _signed_in(user):
        return qs.none()
    if user.is_coordinator:
        return qs
    return qs.filter(enrolment_owner_q(user) | enrolment_mentor_q(user))


def get_enrolment_for(user, pk) -> Enrolment:
    try:
        return enrolments_visible_to(user).get(pk=pk)
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such enrolment.") from None


def mentee_enrolments(user) -> QuerySet[Enrolment]:
    """The enrolments ``user`` mentors (the mentor's own list)."""
    return Enrolment.objects.select_related("candidate", "cohort").filter(enrolment_mentor_q(user))


def own_enrolments(user) -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related("cohort", "mentor").filter(enrolment_owner_q(user))


# --- Coordinator-only records ----------------------------------------------


def require_coordinator(user) -> None:
    """Coordinator pages answer 403 to people who are signed in but not staff."""
    from django.core.exceptions import PermissionDenied

    if not (_signed_in(user) and user.is_coordinator):
        raise PermissionDenied("Only programme coordinators can open this page.")


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    if _signed_in(user) and user.is_coordinator:
        return Cohort.objects.all()
    return Cohort.objects.none()


def people_visible_to(user) -> QuerySet[User]:
    if _signed_in(user) and user.is_coordinator:
        return User.objects.all()
    return User.objects.none()


def get_or_404(queryset: QuerySet, **lookup):
    """``queryset.get(**lookup)`` that answers 404 for missing or malformed ids."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


def locked(queryset: QuerySet, pk):
    """The row ``pk`` locked for this transaction, or 404. A service locks
    what its view already read; a row deleted in between (emptied from the
    bin in another tab, an invitation withdrawn) is gone, not a server error."""
    return get_or_404(queryset.select_for_update(), pk=pk)
