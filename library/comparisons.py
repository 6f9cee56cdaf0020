"""“Nothing to compare” is one answer on every comparison page (the first
version submitted, an entry never shared or never edited since, no comment
yet): back to the page the comparison belongs to, which says why. One
function gives it, so no page answers with an empty comparison instead."""

from django.contrib import messages
from django.shortcuts import redirect


def nothing_to_compare(request, why: str, to, *args, **kwargs):
    """A redirect to ``to`` (anything ``redirect`` takes, with its arguments)
    where ``why`` is shown: what is missing, in the reader's words."""
    messages.info(request, why)
    return redirect(to, *args, **kwargs)
