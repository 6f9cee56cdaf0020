"""The researcher's pages. Every page answers 404 to anyone who is not a researcher."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET


def researcher_or_404(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_researcher):
        raise Http404("No such page.")


@require_GET
def home(request):
    """Researchers: the enquiry's home."""
    researcher_or_404(request.user)
    return render(request, "research/home.html", {})
