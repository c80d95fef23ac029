from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The floor of the house: helpers every app may use. It imports no other app of the project."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.urls import register_converter

        from core.converters import IdConverter

        # Before any URLconf is loaded: every route writes its ids as <id:...>.
        register_converter(IdConverter, "id")
