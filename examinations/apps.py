from django.apps import AppConfig


class ExaminationsConfig(AppConfig):
    name = "examinations"

    def ready(self):
        from examinations import (
            links,  # noqa: F401 (says which notice links no longer open)
            receivers,  # noqa: F401 (a new cohort gets its marking scheme)
        )
