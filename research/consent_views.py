"""The candidate's research consent: their own pages only.

A candidate sees and changes the choice for their own logbooks (404 for
anyone else's, and for people with no logbook). The choice can be made on
the submission page (a small form posting here) and changed here at any
time after.
"""

from collections import Counter

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from library.redirects import same_site_path
from pbas_logbook import access
from pbas_logbook.models import Role
from research import presenting, reading, selectors, services
from research.forms import ConsentForm, MaskWordsForm
from research.models import ConsentVia

EVENTS_SHOWN = 20


@require_GET
def consent(request):
    """Candidates: what research use means, their choice for each logbook,
    the words they want masked, and the history of their choices."""
    return _consent_page(request)


def _consent_page(request, *, words_form=None):
    """The consent page; ``words_form``, bound with an error, replaces that
    logbook's words form so the list typed is shown again, not lost."""
    enrolments = access.get_logbooks_for(request.user)
    ids = [e.pk for e in enrolments]
    consents, latest, events = reading.consent_facts(ids, events_each=EVENTS_SHOWN)
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
    enrolment = access.get_enrolment_for(request.user, enrolment_id, as_=Role.CANDIDATE)
    form = ConsentForm(request.POST)
    back = same_site_path(request.POST.get("next"), reverse("research:consent"))
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
    enrolment = access.get_enrolment_for(request.user, enrolment_id, as_=Role.CANDIDATE)
    form = MaskWordsForm(request.POST, prefix=f"logbook-{enrolment.pk}")
    preview = reverse("research:consent_preview", args=[enrolment.pk])
    from_preview = request.POST.get("next") == preview
    if not form.is_valid():
        # Shown again as typed, with the reason on the field.
        messages.error(request, "Your words to mask were not saved; see the message below.")
        if from_preview:
            return _preview_page(request, enrolment, words_form=form)
        return _consent_page(request, words_form=form)
    words = form.cleaned_data["words"]
    services.mask_words_set(enrolment=enrolment, words=words, by=request.user)
    messages.success(
        request,
        f"Saved: {len(words)} word{'s' if len(words) != 1 else ''} or phrase"
        f"{'s' if len(words) != 1 else ''} of your own will be masked.",
    )
    if from_preview:
        return redirect(f"{preview}#words")
    return redirect(f"{reverse('research:consent')}#words-{enrolment.pk}")


MASK_LABEL_WORDS = {
    "name": ("name", "names"),
    "email": ("email address", "email addresses"),
    "phone": ("phone number", "phone numbers"),
    "url": ("web address", "web addresses"),
    "organisation": ("organisation", "organisations"),
    "partnership": ("partnership name", "partnership names"),
    "masked": ("word of your own", "words of your own"),
}


@require_GET
def consent_preview(request, enrolment_id):
    """Candidates: their logbook exactly as researchers read it (or would,
    before they agree or submit), beside their words to mask."""
    enrolment = access.get_enrolment_for(request.user, enrolment_id, as_=Role.CANDIDATE)
    return _preview_page(request, enrolment)


def _preview_page(request, enrolment, *, words_form=None, status=200):
    """Entries go through ``presenting.anonymised_entry`` and the template
    the researchers' extract page uses, so the preview cannot drift from it."""
    submission, frozen = selectors.preview_entries(enrolment)
    facts = selectors.logbook_facts([enrolment.pk])[enrolment.pk]
    entries = [presenting.anonymised_entry(entry, sections, facts) for entry, sections in frozen]
    masked = Counter()
    for entry in entries:
        masked.update(entry.masked)
    choice = reading.consent_of(enrolment)
    if words_form is None:
        words_form = MaskWordsForm(
            initial={"words": "\n".join(choice.mask_words) if choice else ""},
            prefix=f"logbook-{enrolment.pk}",
        )
    return render(
        request,
        "research/consent_preview.html",
        {
            "enrolment": enrolment,
            "submission": submission,
            "entries": entries,
            "cohort_year": enrolment.cohort.start_date.year,
            "given": bool(choice and choice.given),
            "words_form": words_form,
            "masked": [
                (n, MASK_LABEL_WORDS[label][n != 1])
                for label, n in sorted(masked.items(), key=lambda item: -item[1])
            ],
        },
        status=status,
    )
