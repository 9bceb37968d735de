from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self) -> None:
        # A source's first citation schedules its link checks and archive copy.
        from sources.links import signals  # noqa: F401
