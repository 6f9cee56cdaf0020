from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "entries"

    def ready(self):
        from entries import receivers  # noqa: F401 (connects the signal receivers)
