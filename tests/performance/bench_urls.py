"""The project's URLs plus the benchmark's reference page, as with BENCH=1."""

from django.urls import path

from pbas_logbook import views
from pbas_logbook.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("bench/trivial/", views.bench_trivial, name="bench_trivial"),
]
