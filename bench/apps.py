from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only by ``bench.settings``: ``manage.py seed_scale`` and the
    reference page. No models."""

    name = "bench"
    label = "bench"
    verbose_name = "Benchmark"
