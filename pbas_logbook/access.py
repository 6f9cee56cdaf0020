"""The access policy: who may read what, in one API.

Rules (DESIGN.md "Access policy"):
- candidate: their own enrolments and logbook, drafts included;
- mentor: the enrolments they mentor, and only *shared* entries of them;
- examiner: frozen submissions assigned to them, never the live logbook;
- coordinator: people, cohorts, enrolments and progress figures, not entry text;
- researcher: the consenting corpus, masked, inside a research project;
- anyone else: 404, the same answer as "does not exist".

The API, the same in every app (``<app>/access.py`` beside its models):
- ``get_<thing>_for(user, id, *, as_=Role.X)``: one private object, or
  Http404 when it is missing *or* not visible. ``as_`` narrows to one of the
  person's roles (a mentor who is also a candidate asks ``as_=Role.MENTOR``);
  without it, any role that may see it.
- ``<things>_for(user, ...)``: the queryset of what the person may see.
- ``@role_required(Role.X, ...)``: a role's area. Signed in without the
  role: 403 before anything is fetched (so it says nothing about any
  object); anonymous people never get here (LoginRequiredMiddleware).

Models keep their ``visible_to(user)`` querysets, built from the ``*_q``
rule builders below so each rule is written once. Views never query a
model themselves (tests/security/test_access_api.py reads every view
module and fails on ``Model.objects``, ``visible_to`` or ``get_or_404``).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from pbas_logbook.models import (
    AuditEvent,
    Cohort,
    Enrolment,
    Invitation,
    Notification,
    Role,
    User,
)

NOTHING = Q(pk__in=[])


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- Roles ------------------------------------------------------------------

# Roles held by a flag on the account; candidate and mentor follow from
# enrolments (User.roles looks them up, once per request).
_FLAG = {
    Role.COORDINATOR: "is_staff",
    Role.EXAMINER: "is_examiner",
    Role.RESEARCHER: "is_researcher",
}
_AREA = {
    Role.CANDIDATE: "candidates",
    Role.MENTOR: "mentors",
    Role.EXAMINER: "examiners",
    Role.RESEARCHER: "researchers",
    Role.COORDINATOR: "programme coordinators",
}


def holds(user, role: Role) -> bool:
    """Whether ``user``, signed in and active, holds ``role`` now."""
    if not _signed_in(user):
        return False
    if role in _FLAG:
        return bool(getattr(user, _FLAG[role]))
    return role in user.roles


def require_role(user, *roles: Role) -> None:
    """403 unless ``user`` holds one of ``roles``: a role's area, not an object."""
    if not any(holds(user, role) for role in roles):
        names = " or ".join(_AREA[role] for role in roles)
        raise PermissionDenied(f"This page is for {names}.")


def role_required(*roles: Role):
    """``@role_required(Role.COORDINATOR)`` above a view: see require_role."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


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


def enrolments_for(user, *, as_: Role | None = None) -> QuerySet[Enrolment]:
    """Enrolment records ``user`` may see: as the candidate, their own; as a
    mentor, their mentees'; as a coordinator, all; without ``as_``, any of these."""
    if as_ == Role.CANDIDATE:
        return own_enrolments(user)
    if as_ == Role.MENTOR:
        return mentee_enrolments(user)
    if as_ == Role.COORDINATOR:
        return (
            enrolments_visible_to(user)
            if holds(user, Role.COORDINATOR)
            else Enrolment.objects.none()
        )
    return enrolments_visible_to(user)


def get_enrolment_for(user, pk, *, as_: Role | None = None) -> Enrolment:
    try:
        return enrolments_for(user, as_=as_).get(pk=pk)
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such enrolment.") from None


def get_logbooks_for(user) -> list[Enrolment]:
    """The candidate's enrolments, newest first; 404 for people with none."""
    enrolments = list(own_enrolments(user).order_by("-start_date", "-pk"))
    if not enrolments:
        raise Http404("You have no logbook.")
    return enrolments


def mentee_enrolments(user) -> QuerySet[Enrolment]:
    """The enrolments ``user`` mentors (the mentor's own list)."""
    return Enrolment.objects.select_related("candidate", "cohort").filter(enrolment_mentor_q(user))


def own_enrolments(user) -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related("cohort", "mentor").filter(enrolment_owner_q(user))


# --- Coordinator-only records ----------------------------------------------


def cohorts_for(user) -> QuerySet[Cohort]:
    if holds(user, Role.COORDINATOR):
        return Cohort.objects.all()
    return Cohort.objects.none()


def get_cohort_for(user, pk) -> Cohort:
    return get_or_404(cohorts_for(user), pk=pk)


def people_for(user) -> QuerySet[User]:
    """Accounts a coordinator manages (everyone's record, never their text)."""
    if holds(user, Role.COORDINATOR):
        return User.objects.all()
    return User.objects.none()


def get_person_for(user, pk) -> User:
    return get_or_404(people_for(user), pk=pk)


def audit_events_for(user) -> QuerySet[AuditEvent]:
    """The audit trail: coordinators read all of it (a person reads their own
    part through their data download, not here)."""
    if holds(user, Role.COORDINATOR):
        return AuditEvent.objects.all()
    return AuditEvent.objects.none()


# --- Each person's own ------------------------------------------------------


def notifications_for(user) -> QuerySet[Notification]:
    """The person's own notices (nobody reads another's)."""
    if not _signed_in(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("actor")


def get_notification_for(user, pk) -> Notification:
    return get_or_404(notifications_for(user), pk=pk)


def invitation_for_token(token) -> Invitation | None:
    """The invitation a link's token opens: whoever holds the link, signed
    in or not (the token is the credential). None for an unknown token."""
    return Invitation.objects.find(token)


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
