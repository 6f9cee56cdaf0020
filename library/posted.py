"""What a person's form posted, read the same way by every view: the
version their copy was loaded at, the data to bind a form to, and a form
handed to a service with the service's refusal shown on the form."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.shortcuts import render

T = TypeVar("T")

# A real version number is short; int() refuses thousands of digits.
VERSION_MAX_DIGITS = 9


def posted_version(data) -> int | None:
    """The version the writer's copy was loaded at; "keep my version" after a
    conflict sends the version they chose to overwrite instead.

    None when none was sent or it is not a plain version number ("abc", "²",
    "-1", " 1", "1e3", a thousand digits): the saving services answer None
    with a conflict, so a damaged or forged value overwrites nothing and the
    writer sees both texts with what to do, never an error page.
    """
    raw = str(data.get("keep_version") or data.get("version") or "")
    # isdigit() alone accepts "²", which int() refuses.
    if raw.isascii() and raw.isdigit() and len(raw) <= VERSION_MAX_DIGITS:
        return int(raw)
    return None


def posted(request):
    """The POST data for a form, or None on GET. (``request.POST or None``
    would leave an empty POST unbound: a 200 with no error instead of a 422.)"""
    return request.POST if request.method == "POST" else None


def show_refusal(form, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names when the form
    has that field, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_saved(form, record: Callable[..., T]) -> T | None:
    """Validate the bound ``form`` and, if it is valid, save what it holds
    with ``record(**form.cleaned_data)`` (a service function; bind who and
    what it is about with ``functools.partial``) and return what was saved.
    None when refused, with the reasons on the form: its own, or the
    service's ``ValidationError``."""
    if not form.is_valid():
        return None
    try:
        return record(**form.cleaned_data)
    except ValidationError as error:
        show_refusal(form, error)
        return None


def form_page(request, template: str, context: dict, *, refused: bool | None = None):
    """A page with a form on it: 422 when what was posted was refused (the
    reasons are on the page), 200 otherwise. ``refused`` defaults to whether
    ``context["form"]`` has errors."""
    if refused is None:
        refused = bool(context["form"].errors)
    return render(request, template, context, status=422 if refused else 200)
