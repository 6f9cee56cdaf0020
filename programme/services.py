"""Writes in the core: cohorts, people and their roles, invitations and
enrolments. The coordinator's pages call these; none writes in the view."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.outbox import send_after_commit
from pbas_logbook import access as access_policy
from pbas_logbook.models import (
    AuditAction,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Invitation,
    User,
)
from records import audit


def invitation_issue(*, user: User, by: User | None) -> Invitation:
    """Create a fresh invitation for ``user`` and email its link after commit.

    Earlier unused invitations for the same person stop working: only the
    newest link sets a password.
    """
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        user=user,
        token_hash=token_hash,
        created_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = settings.SITE_URL + reverse("invitation_accept", args=[token])
    send_after_commit(
        to=user.email,
        template_prefix="emails/invitation",
        context={
            "person": user,
            "invited_by": by,
            "link": link,
            "expires_at": invitation.expires_at,
        },
        reader=user,
    )
    return invitation


@transaction.atomic
def person_invite(
    *,
    email: str,
    full_name: str,
    is_examiner: bool = False,
    is_coordinator: bool = False,
    is_researcher: bool = False,
    by: User,
) -> User:
    """Create an account without a password and send the invitation link."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        taken = ValidationError(
            gettext("An account with this email already exists."), code="duplicate"
        )
        raise ValidationError({"email": taken})
    user = User.objects.create_user(
        email,
        full_name=full_name.strip(),
        is_examiner=is_examiner,
        is_staff=is_coordinator,
        is_researcher=is_researcher,
    )
    invitation_issue(user=user, by=by)
    return user


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the first password; the link cannot be used again."""
    locked = access_policy.locked(Invitation.objects.select_related("user"), invitation.pk)
    if not locked.is_usable:
        raise ValidationError(gettext("This invitation link has already been used or has expired."))
    user = locked.user
    user.set_password(password)
    user.save(update_fields=["password"])
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    return user


def _check_mentor(*, candidate: User, mentor: User | None) -> None:
    if mentor is not None and mentor.pk == candidate.pk:
        raise ValidationError({"mentor": gettext("A candidate cannot be their own mentor.")})
    if mentor is not None and not mentor.is_active:
        raise ValidationError({"mentor": gettext("This person's account is not active.")})
    # The other half of the candidate rule (candidate_problem): someone
    # writing their own logbook does not read a peer's as mentor.
    if mentor is not None and (own := open_enrolment_of(mentor)) is not None:
        raise ValidationError(
            {
                "mentor": gettext(
                    "%(person)s is a candidate in %(cohort)s: a candidate does not mentor "
                    "anyone while their own logbook is open."
                )
                % {"person": mentor.full_name or mentor.email, "cohort": own.cohort.name}
            }
        )


# A candidate keeps one logbook at a time: their home page opens the latest
# enrolment, so a second one while the first is still open would hide the
# first logbook from them (and from its mentor's view of "current").
OPEN_ENROLMENT_STATUSES = (EnrolmentStatus.ACTIVE, EnrolmentStatus.SUBMITTED)


def open_enrolment_of(candidate: User) -> Enrolment | None:
    """The person's enrolment as a candidate that is in programme or submitted."""
    return (
        Enrolment.objects.filter(candidate=candidate, status__in=OPEN_ENROLMENT_STATUSES)
        .select_related("cohort")
        .first()
    )


def open_enrolment_problem(candidate: User) -> str | None:
    """Why ``candidate`` cannot be enrolled again yet, or None."""
    open_one = open_enrolment_of(candidate)
    if open_one is None:
        return None
    values = {"name": candidate.full_name, "cohort": open_one.cohort.name}
    if open_one.status == EnrolmentStatus.SUBMITTED:
        text = gettext(
            "%(name)s is already submitted for examination in %(cohort)s: a candidate keeps "
            "one logbook at a time, so a new enrolment waits until that one is accredited "
            "or withdrawn."
        )
    else:
        text = gettext(
            "%(name)s is already in programme in %(cohort)s: a candidate keeps one logbook "
            "at a time, so a new enrolment waits until that one is accredited or withdrawn."
        )
    return text % values


# Who may be enrolled as a candidate (issue 11, item 10). A candidate
# writes candidly for their mentor and examiner, and is judged on it; the
# staff roles read, judge or decide on other candidates' logbooks. One
# person holding both would read a cohort-mate's logbook (examiner,
# researcher, mentor) or record the decision on their own (coordinator), so
# a candidate holds none of them. The form says so (EnrolmentForm).
CANDIDATE_RULE = _(
    "A candidate holds no staff role: not a programme coordinator, examiner or "
    "researcher, and not mentoring anyone in the programme."
)


def candidate_problem(person: User) -> str | None:
    """Why ``person`` cannot be enrolled as a candidate, or None."""
    name = person.full_name or person.email
    if not person.is_active:
        return gettext("%(name)s's account is not active.") % {"name": name}
    roles = [
        label
        for held, label in (
            (person.is_staff or person.is_superuser, gettext("a programme coordinator")),
            (person.is_examiner, gettext("an examiner")),
            (person.is_researcher, gettext("a researcher")),
        )
        if held
    ]
    if roles:
        held_roles = roles[0]
        for role in roles[1:]:
            held_roles = gettext("%(first)s and %(second)s") % {"first": held_roles, "second": role}
        return gettext(
            "%(name)s is %(roles)s: a candidate holds no staff role, because those "
            "roles read or decide on candidates' logbooks. Remove the role on their page first "
            "if they are to become a candidate."
        ) % {"name": name, "roles": held_roles}
    if Enrolment.objects.filter(mentor=person, status__in=OPEN_ENROLMENT_STATUSES).exists():
        return gettext(
            "%(name)s mentors a candidate in the programme: a mentor is not enrolled as a "
            "candidate while their mentees' logbooks are open."
        ) % {"name": name}
    return None


@transaction.atomic
def enrolment_create(
    *,
    candidate: User,
    cohort,
    mentor: User | None,
    start_date: datetime.date,
    length_weeks: int = 15,
) -> Enrolment:
    _check_mentor(candidate=candidate, mentor=mentor)
    if problem := candidate_problem(candidate):
        raise ValidationError({"candidate": problem})
    if Enrolment.objects.filter(candidate=candidate, cohort=cohort).exists():
        raise ValidationError(
            {"candidate": gettext("This person is already enrolled in this cohort.")}
        )
    if problem := open_enrolment_problem(candidate):
        raise ValidationError({"candidate": problem})
    return Enrolment.objects.create(
        candidate=candidate,
        cohort=cohort,
        mentor=mentor,
        start_date=start_date,
        length_weeks=length_weeks,
    )


@transaction.atomic
def enrolment_assign_mentor(*, enrolment: Enrolment, mentor: User | None, by: User) -> Enrolment:
    """Assign or replace the mentor. The former mentor loses access at once,
    because every access rule reads ``enrolment.mentor`` on each request."""
    _check_mentor(candidate=enrolment.candidate, mentor=mentor)
    before = enrolment.mentor
    enrolment.mentor = mentor
    enrolment.save(update_fields=["mentor"])
    if before != mentor:
        audit.record(
            actor=by,
            action=AuditAction.MENTOR_CHANGED,
            subject=enrolment.candidate,
            detail=f"{before or 'none'} → {mentor or 'none'}",
            role="coordinator",
        )
    return enrolment


# --- Cohorts and people -------------------------------------------------------------


def cohort_create(*, name: str, start_date: datetime.date) -> Cohort:
    """Open a new intake; a name taken meanwhile (a second tab) is refused."""
    try:
        with transaction.atomic():
            return Cohort.objects.create(name=name, start_date=start_date)
    except IntegrityError:
        raise ValidationError(
            {"name": gettext("A cohort with this name already exists.")}
        ) from None


# The flags that grant access; a change to any of them is audited.
ROLE_FIELDS = ("is_examiner", "is_staff", "is_researcher", "is_active")


@transaction.atomic
def person_update(
    *,
    person: User,
    by: User,
    full_name: str,
    is_examiner: bool,
    is_staff: bool,
    is_researcher: bool,
    is_active: bool,
) -> User:
    """A coordinator edits someone's name and roles. Coordinators cannot
    remove their own coordinator role or close their own account (that
    could leave the programme with no coordinator). Role changes go into
    the audit trail, compared with the row as stored, not as the form saw it.
    """
    if person.pk == by.pk and not is_staff:
        raise ValidationError({"is_staff": gettext("You cannot remove your own coordinator role.")})
    if person.pk == by.pk and not is_active:
        raise ValidationError({"is_active": gettext("You cannot deactivate your own account.")})
    stored = access_policy.locked(User.objects, person.pk)
    wanted = {
        "is_examiner": is_examiner,
        "is_staff": is_staff,
        "is_researcher": is_researcher,
        "is_active": is_active,
    }
    changed = [f for f in ROLE_FIELDS if getattr(stored, f) != wanted[f]]
    stored.full_name = full_name
    for field, value in wanted.items():
        setattr(stored, field, value)
    stored.save(update_fields=["full_name", *ROLE_FIELDS])
    if changed:
        audit.record(
            actor=by,
            action=AuditAction.ROLES_CHANGED,
            subject=stored,
            detail=", ".join(f"{f[3:]}={wanted[f]}" for f in changed),
            role="coordinator",
        )
    return stored


def preferred_role_set(user: User, role: str) -> None:
    """The role a person switched to: their home from the next sign-in on."""
    user.preferred_role = role
    user.save(update_fields=["preferred_role"])
