"""Sign-in by email, whatever letter case the person types."""

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """ModelBackend whose natural-key lookup is case-insensitive (see UserManager)."""


def axes_username(request, credentials):
    """Axes counts failures per email as typed, folded to lower case.

    Without folding, "Ana@x.org" and "ana@x.org" would each get five tries.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
