from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Every app's ``tasks`` module defines and schedules its jobs; importing
        # them here means a worker knows every periodic job at start-up.
        autodiscover_modules("tasks")
