from django.apps import AppConfig


class PbasLogbookConfig(AppConfig):
    name = "pbas_logbook"
    verbose_name = "PBAS Logbook"
