from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The floor of the house: helpers every app may use. It imports no other app of the project."""

    name = "core"
    verbose_name = "Core"
