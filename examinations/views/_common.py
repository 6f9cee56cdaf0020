"""Helpers the examination views share (one copy each)."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect

from library.posted import form_page, form_saved


def _joined(submission, relation: str):
    """A one-to-one row fetched with the submission (select_related), or None."""
    try:
        return getattr(submission, relation)
    except ObjectDoesNotExist:
        return None


def _notes_form_page(request, template: str, page: dict, record, saved: str):
    """The examiner's assessment and the mentor's report (a text, a mark and
    notes per criterion) on ``page["form"]``: ``record`` (its service, with
    who and what it is about) saves what was written and the writer goes back
    to the reading view with ``saved``; a refusal shows on the form."""
    form, submission = page["form"], page["submission"]
    if request.method == "POST" and form_saved(form, record):
        messages.success(request, saved)
        return redirect("examinations:reading", public_id=submission.public_id)
    return form_page(request, template, page)
