from django.http import HttpResponse
from django.template import loader
from django.views.decorators.http import require_GET


@require_GET
def trivial(request):
    """Anyone signed in, and only under ``bench.settings``: the benchmark's
    reference page.

    It pays what every signed-in page pays (the middleware, the session and
    the user, the session's touch) and renders a tiny template without the
    request, so no context processor runs and no app table is read.
    """
    template = loader.get_template("bench/trivial.html")
    return HttpResponse(template.render({"name": request.user.get_short_name()}))
