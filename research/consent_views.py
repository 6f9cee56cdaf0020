"""The candidate's research consent: their own pages only.

A candidate sees and changes the choice for their own logbooks (404 for
anyone else's, and for people with no logbook). The choice can be made on
the submission page (a small form posting here) and changed here at any
time after.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from examinations.models import Submission, SubmittedEntry, SubmittedSection
from pbas_logbook import access
from research import presenting, selectors, services
from research.forms import ConsentForm, MaskWordsForm
from research.models import ConsentEvent, ConsentVia, ResearchConsent

EVENTS_SHOWN = 20


def _own_enrolments_or_404(user):
    enrolments = list(access.own_enrolments(user).order_by("-start_date", "-pk"))
    if not enrolments:
        from django.http import Http404

        raise Http404("You have no logbook.")
    return enrolments


def _own_enrolment(user, enrolment_id):
    return access.get_or_404(access.own_enrolments(user), pk=enrolment_id)


def _next_url(request, default: str) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


@require_GET
def consent(request):
    """Candidates: what research use means, their choice for each logbook,
    the words they want masked, and the history of their choices."""
    return _consent_page(request)


def _consent_page(request, *, words_form=None):
    """The consent page; ``words_form``, bound with an error, replaces that
    logbook's words form so the list typed is shown again, not lost."""
    enrolments = _own_enrolments_or_404(request.user)
    ids = [e.pk for e in enrolments]
    consents = {c.enrolment_id: c for c in ResearchConsent.objects.filter(enrolment_id__in=ids)}
    latest = {}
    for submission in Submission.objects.filter(enrolment_id__in=ids).order_by("version"):
        latest[submission.enrolment_id] = submission
    events = list(ConsentEvent.objects.filter(enrolment_id__in=ids)[: EVENTS_SHOWN * len(ids)])
    logbooks = []
    for enrolment in enrolments:
        choice = consents.get(enrolment.pk)
        logbooks.append(
            {
                "enrolment": enrolment,
                "consent": choice,
                "given": bool(choice and choice.given),
                "submission": latest.get(enrolment.pk),
                "events": [e for e in events if e.enrolment_id == enrolment.pk][:EVENTS_SHOWN],
                "words_form": (
                    words_form
                    if words_form is not None and words_form.prefix == f"logbook-{enrolment.pk}"
                    else MaskWordsForm(
                        initial={"words": "\n".join(choice.mask_words) if choice else ""},
                        prefix=f"logbook-{enrolment.pk}",
                    )
                ),
            }
        )
    return render(request, "research/consent.html", {"logbooks": logbooks})


@require_POST
def consent_update(request, enrolment_id):
    """Candidates: give or withdraw consent for one of their own logbooks."""
    enrolment = _own_enrolment(request.user, enrolment_id)
    form = ConsentForm(request.POST)
    back = _next_url(request, reverse("research:consent"))
    if not form.is_valid():
        messages.error(request, "Choose yes or no; nothing was changed.")
        return redirect(back)
    via = ConsentVia.SUBMISSION if request.POST.get("via") == "submission" else ConsentVia.SETTINGS
    given = form.cleaned_data["given"]
    services.consent_set(enrolment=enrolment, given=given, by=request.user, via=via)
    if given:
        messages.success(
            request,
            "Thank you. Researchers may now read anonymised extracts of your submitted logbook. "
            "You can withdraw at any time from the research consent page.",
        )
    else:
        messages.success(
            request,
            "Your logbook is not part of the research enquiry. "
            "If it was, it has been removed from every research search, page and export.",
        )
    return redirect(back)


@require_POST
def mask_words_update(request, enrolment_id):
    """Candidates: the words they want masked in research extracts."""
    enrolment = _own_enrolment(request.user, enrolment_id)
    form = MaskWordsForm(request.POST, prefix=f"logbook-{enrolment.pk}")
    if not form.is_valid():
        # Shown again as typed, with the reason on the field.
        messages.error(request, "Your words to mask were not saved; see the message below.")
        return _consent_page(request, words_form=form)
    words = form.cleaned_data["words"]
    services.mask_words_set(enrolment=enrolment, words=words, by=request.user)
    messages.success(
        request,
        f"Saved: {len(words)} word{'s' if len(words) != 1 else ''} or phrase"
        f"{'s' if len(words) != 1 else ''} of your own will be masked.",
    )
    return redirect(f"{reverse('research:consent')}#words-{enrolment.pk}")


@require_GET
def consent_preview(request, enrolment_id):
    """Candidates: their latest submission as researchers would read it."""
    enrolment = _own_enrolment(request.user, enrolment_id)
    submission = Submission.objects.filter(enrolment=enrolment).order_by("-version").first()
    entries = []
    if submission is not None:
        masker = selectors.logbook_facts([enrolment.pk])[enrolment.pk].masker
        sections = SubmittedSection.objects.filter(entry__submission=submission).exclude(body="")
        by_entry = {}
        for section in sections.order_by("entry__position", "position"):
            by_entry.setdefault(section.entry_id, []).append(
                {
                    "heading": masker.mask(section.heading_title),
                    "html": presenting.masked_html(section.body, masker),
                }
            )
        for entry in SubmittedEntry.objects.filter(submission=submission).order_by("position"):
            entries.append(
                {
                    "week": entry.week,
                    "title": masker.mask(entry.title),
                    "sections": by_entry.get(entry.pk, []),
                }
            )
    choice = ResearchConsent.objects.filter(enrolment=enrolment).first()
    return render(
        request,
        "research/consent_preview.html",
        {
            "enrolment": enrolment,
            "submission": submission,
            "entries": entries,
            "given": bool(choice and choice.given),
        },
    )
