from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """The top floor: demo and scale data, benchmarks. No app imports it."""

    name = "devtools"
    verbose_name = "Developer tools"
