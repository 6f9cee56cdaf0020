"""Who may reach a logbook's entries, headings and partnerships (the access
API of pbas_logbook/access.py, for this app's models).

A candidate reaches their current logbook: its entries in any status (the
bin included, through ``deleted_entries_for``), its headings and
partnerships. A mentor reaches the *shared* entries of the candidates they
mentor now. Everyone else gets 404.
"""

import uuid

from django.db.models import Prefetch
from django.http import Http404

from entries.models import Entry, EntrySection, Heading, Partnership
from pbas_logbook.access import enrolment_mentor_q, get_or_404, own_enrolments
from pbas_logbook.models import Enrolment, Role

_ENROLMENT = ("enrolment", "enrolment__cohort", "enrolment__candidate", "enrolment__mentor")


def logbook_for(user) -> Enrolment | None:
    """The candidate's current logbook (their latest enrolment), or None.
    The candidate comes joined: their weeks follow their zone (``Enrolment.zone``)."""
    return own_enrolments(user).select_related("candidate").order_by("-start_date", "-pk").first()


def get_logbook_for(user) -> Enrolment:
    """The candidate's current logbook, or 404 for people without one."""
    enrolment = logbook_for(user)
    if enrolment is None:
        raise Http404("You have no logbook.")
    return enrolment


def entries_for(user, *, as_: Role | None = None, enrolment: Enrolment | None = None):
    """Live entries ``user`` may read: as the candidate, their own in any
    status; as a mentor, shared entries of their current mentees; without
    ``as_``, both. ``enrolment`` narrows to one logbook."""
    if as_ == Role.CANDIDATE:
        qs = Entry.objects.owned_by(user)
    elif as_ == Role.MENTOR:
        qs = Entry.objects.filter(enrolment_mentor_q(user, "enrolment__")).shared()
    elif as_ is None:
        qs = Entry.objects.visible_to(user)
    else:
        qs = Entry.objects.none()
    if enrolment is not None:
        qs = qs.filter(enrolment=enrolment)
    return qs


def deleted_entries_for(user, enrolment: Enrolment | None = None):
    """The candidate's entries in the bin (only ever their own)."""
    qs = Entry.all_objects.owned_by(user).deleted()
    if enrolment is not None:
        qs = qs.filter(enrolment=enrolment)
    return qs


def _entry_id(public_id) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        # A forged id in a POST field (the URL converter checks its own).
        raise Http404("Not found.") from None


def get_entry_for(
    user, public_id, *, as_: Role | None = None, shared: bool = False, with_sections: bool = False
) -> Entry:
    """One entry ``user`` may read (see entries_for), with its enrolment and
    people joined in. ``shared``: only a shared entry (the conversation lives
    on shared entries, whoever opens it). ``with_sections``: its sections in
    order and its partnerships come too (two more queries), for a page that
    shows the whole entry."""
    qs = entries_for(user, as_=as_)
    if shared:
        qs = qs.shared()
    if with_sections:
        qs = qs.prefetch_related(
            Prefetch("sections", queryset=EntrySection.objects.order_by("position")),
            "partnerships",
        )
    return get_or_404(qs.select_related(*_ENROLMENT), public_id=_entry_id(public_id))


def get_deleted_entry_for(user, public_id) -> Entry:
    """One of the candidate's entries in the bin."""
    return get_or_404(
        deleted_entries_for(user).select_related(*_ENROLMENT), public_id=_entry_id(public_id)
    )


def get_heading_for(user, pk) -> Heading:
    """A heading of the candidate's current logbook."""
    enrolment = get_logbook_for(user)
    return get_or_404(enrolment.headings.select_related("enrolment"), pk=pk)


def get_partnership_for(user, pk) -> Partnership:
    """A partnership of the candidate's current logbook."""
    enrolment = get_logbook_for(user)
    return get_or_404(enrolment.partnerships.select_related("enrolment"), pk=pk)
