"""The programme coordinator's pages: cohorts, people, enrolments, mentors.

Every view here is for coordinators only (403 for anyone else signed in).
Coordinators see records and progress figures, never logbook text.
"""

import datetime
from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from library.posted import form_saved
from pbas_logbook import access
from pbas_logbook.access import role_required
from pbas_logbook.models import AuditAction, EnrolmentStatus, Role
from programme import services
from programme.forms import (
    CohortForm,
    EnrolmentForm,
    InviteForm,
    MentorForm,
    PersonRolesForm,
)


@require_GET
@role_required(Role.COORDINATOR)
def cohort_list(request):
    """Coordinators: every cohort with its enrolment counts (the coordinator's home)."""
    cohorts = access.cohorts_for(request.user).annotate(
        candidate_count=Count("enrolments"),
        active_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE)),
        without_mentor=Count("enrolments", filter=Q(enrolments__mentor__isnull=True)),
    )
    # Said again: PostgreSQL keeps no order through the GROUP BY, and the
    # newest intake belongs first.
    cohorts = cohorts.order_by("-start_date", "name")
    return render(request, "coordinators/cohort_list.html", {"cohorts": cohorts})


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def cohort_create(request):
    """Coordinators: open a new intake."""
    form = CohortForm(request.POST or None)
    if request.method == "POST" and (cohort := form_saved(form, services.cohort_create)):
        messages.success(request, _("Cohort “%(name)s” created.") % {"name": cohort.name})
        return redirect("coordinator:cohort_detail", pk=cohort.pk)
    return render(request, "coordinators/cohort_form.html", {"form": form})


@require_GET
@role_required(Role.COORDINATOR)
def cohort_detail(request, pk):
    """Coordinators: the enrolments of one cohort with their mentors."""
    cohort = access.get_cohort_for(request.user, pk)
    enrolments = (
        access.enrolments_for(request.user, as_=Role.COORDINATOR)
        .filter(cohort=cohort)
        .order_by("candidate__full_name")
    )
    return render(
        request, "coordinators/cohort_detail.html", {"cohort": cohort, "enrolments": enrolments}
    )


@require_GET
@role_required(Role.COORDINATOR)
def person_list(request):
    """Coordinators: everyone with an account and the roles they hold."""
    people = (
        access.people_for(request.user)
        .annotate(
            enrolment_count=Count("enrolments", distinct=True),
            mentee_count=Count("mentored_enrolments", distinct=True),
        )
        .order_by("full_name", "email")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return render(request, "coordinators/person_list.html", {"people": people, "query": query})


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def person_invite(request):
    """Coordinators: create an account and email its invitation link."""
    form = InviteForm(request.POST or None)
    invite = partial(services.person_invite, by=request.user)
    if request.method == "POST" and (person := form_saved(form, invite)):
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": person.email})
        return redirect("coordinator:person_detail", pk=person.pk)
    return render(request, "coordinators/person_invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def person_detail(request, pk):
    """Coordinators: one person's roles and enrolments; edit name and flags."""
    person = access.get_person_for(request.user, pk)
    form = PersonRolesForm(request.POST or None, instance=person)
    update = partial(services.person_update, person=person, by=request.user)
    if request.method == "POST" and form_saved(form, update):
        messages.success(request, _("Saved."))
        return redirect("coordinator:person_detail", pk=person.pk)
    records = access.enrolments_for(request.user, as_=Role.COORDINATOR)
    enrolments = records.filter(candidate=person)
    mentees = records.filter(mentor=person)
    pending = person.invitations.filter(used_at__isnull=True).first()
    return render(
        request,
        "coordinators/person_detail.html",
        {
            "person": person,
            "form": form,
            "enrolments": enrolments,
            "mentees": mentees,
            "pending_invitation": pending,
        },
    )


@require_POST
@role_required(Role.COORDINATOR)
def person_reinvite(request, pk):
    """Coordinators: send a fresh invitation link (the old one stops working)."""
    person = access.get_person_for(request.user, pk)
    services.invitation_issue(user=person, by=request.user)
    if person.has_usable_password():
        messages.success(
            request,
            _("A link to set a new password was sent to %(email)s.") % {"email": person.email},
        )
    else:
        messages.success(
            request, _("A new invitation was sent to %(email)s.") % {"email": person.email}
        )
    return redirect("coordinator:person_detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def enrolment_create(request):
    """Coordinators: enrol a candidate in a cohort, with a mentor."""
    initial = {}
    if (cohort_id := request.GET.get("cohort", "").strip()) and cohort_id.isdigit():
        initial["cohort"] = cohort_id
    form = EnrolmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and (enrolment := form_saved(form, services.enrolment_create)):
        messages.success(
            request,
            _("%(candidate)s is enrolled in %(cohort)s.")
            % {"candidate": enrolment.candidate, "cohort": enrolment.cohort},
        )
        return redirect("coordinator:cohort_detail", pk=enrolment.cohort_id)
    return render(request, "coordinators/enrolment_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def enrolment_mentor(request, pk):
    """Coordinators: assign or change the mentor of an enrolment."""
    enrolment = access.get_enrolment_for(request.user, pk, as_=Role.COORDINATOR)
    form = MentorForm(request.POST or None, initial={"mentor": enrolment.mentor})
    assign = partial(services.enrolment_assign_mentor, enrolment=enrolment, by=request.user)
    if request.method == "POST" and form_saved(form, assign):
        messages.success(
            request, _("Mentor of %(candidate)s updated.") % {"candidate": enrolment.candidate}
        )
        return redirect("coordinator:cohort_detail", pk=enrolment.cohort_id)
    return render(
        request, "coordinators/enrolment_mentor.html", {"form": form, "enrolment": enrolment}
    )


AUDIT_PAGE_SIZE = 50


@require_GET
@role_required(Role.COORDINATOR)
def audit_trail(request):
    """Coordinators: the append-only audit trail, filterable."""
    events = access.audit_events_for(request.user)
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        events = events.filter(action=action)
    person = request.GET.get("person", "").strip()[:100]
    if person:
        events = events.filter(Q(actor_name__icontains=person) | Q(subject_name__icontains=person))
    errors = []
    for key, lookup in (
        ("date_from", "created_at__date__gte"),
        ("date_to", "created_at__date__lte"),
    ):
        raw = request.GET.get(key, "").strip()
        if raw:
            try:
                events = events.filter(**{lookup: datetime.date.fromisoformat(raw)})
            except ValueError:
                errors.append(
                    _("“%(value)s” is not a date (use YYYY-MM-DD); the list below ignores it.")
                    % {"value": raw}
                )
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordinators/audit_trail.html",
        {
            "page": page,
            "actions": AuditAction.choices,
            "filters": {
                "action": action,
                "person": person,
                "date_from": request.GET.get("date_from", ""),
                "date_to": request.GET.get("date_to", ""),
            },
            "errors": errors,
        },
    )
