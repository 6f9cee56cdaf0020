from django.apps import AppConfig


class ExaminationsConfig(AppConfig):
    name = "examinations"
