from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "mentors"

    def ready(self):
        from mentors import receivers  # noqa: F401 (connects the signal receivers)
