"""Pages that moved: the old path answers with the new one, for good.

A 308 (not a 301) keeps the method and the body, so a comment typed in a tab
opened before the move and posted to the old path still arrives; the view
at the new path then applies its own access rules, so the old path reveals
nothing the new one would not.
"""

from urllib.parse import quote

from django.http import HttpResponsePermanentRedirect
from django.views.decorators.http import require_http_methods


def moved_to(new_prefix: str):
    """A view sending ``<old prefix><rest>?query`` to ``new_prefix<rest>?query``."""

    # The methods the moved pages took: reading them, and posting their forms.
    @require_http_methods(["GET", "HEAD", "POST"])
    def moved(request, rest: str):
        location = new_prefix + quote(rest)
        query = request.META.get("QUERY_STRING", "")
        if query:
            location += "?" + query
        return HttpResponsePermanentRedirect(location, preserve_request=True)

    return moved
