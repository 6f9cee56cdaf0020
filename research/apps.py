from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Enquiry (research on consented submissions)"

    def ready(self):
        from django.contrib.auth import get_user_model

        from research import receivers, selectors  # noqa: F401 (receivers connect on import)

        # Masking hides every person the app knows: a new or renamed
        # account must be masked from the next research page on.
        user = get_user_model()
        post_save.connect(selectors.people_forget, sender=user, dispatch_uid="research_people")
        post_delete.connect(selectors.people_forget, sender=user, dispatch_uid="research_people_d")
