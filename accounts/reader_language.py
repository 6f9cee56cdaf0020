"""Each reader's own language (issue 13 item 3): a signed-in person reads
every page in the language they chose on their profile (``User.language``),
whatever their browser asks for; a blank choice means "follow the browser".

Django's LocaleMiddleware has already chosen from the language cookie (set
by the sign-in page's switcher and by the profile) or Accept-Language; this
runs after authentication, which LocaleMiddleware cannot, and overrides it.
The language stays active until the response is finished so that
LocaleMiddleware names it in ``Content-Language``; the next request starts
from LocaleMiddleware again.
"""

import copy

from django.conf import settings
from django.utils import translation

_SHIPPED = {code for code, _name in settings.LANGUAGES}


def reader_language(get_response):
    def middleware(request):
        user = getattr(request, "user", None)
        chosen = user.language if user is not None and user.is_authenticated else ""
        if chosen in _SHIPPED:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return get_response(request)

    return middleware


def browser_language(request):
    """The language the browser asks for (Accept-Language), as if no choice
    were kept in the language cookie: what the next page is read in once a
    person chooses "Follow my browser"."""
    bare = copy.copy(request)
    bare.COOKIES = {
        name: value
        for name, value in request.COOKIES.items()
        if name != settings.LANGUAGE_COOKIE_NAME
    }
    return translation.get_language_from_request(bare)
