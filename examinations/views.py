"""The examiner's pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    """Examiners: the submissions assigned to them, waiting first. Others: 403."""
    if not request.user.is_examiner:
        raise PermissionDenied("Only examiners can open this page.")
    return render(request, "examinations/home.html", {"submissions": []})
