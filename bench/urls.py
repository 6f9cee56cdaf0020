"""The project's URLs plus the benchmark's reference page (``bench.settings``)."""

from django.urls import path

from bench import views
from pbas_logbook import urls as project

urlpatterns = [
    *project.urlpatterns,
    path("bench/trivial/", views.trivial, name="bench_trivial"),
]
handler400 = project.handler400
