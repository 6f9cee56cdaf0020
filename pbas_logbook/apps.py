from django.apps import AppConfig


class PbasLogbookConfig(AppConfig):
    name = "pbas_logbook"
    verbose_name = "PBAS Logbook"

    def ready(self):
        from pbas_logbook import signals  # noqa: F401 (connects the handlers)
