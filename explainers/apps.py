from django.apps import AppConfig


class ExplainersConfig(AppConfig):
    name = "explainers"
    verbose_name = "Explainers"

    def ready(self):
        # CDN purges and outage copies follow publications (explainers/purge.py).
        from explainers import purge  # noqa: F401
        from explainers.citing import StatisticsCiteSources
        from sources import citing

        citing.install(StatisticsCiteSources())
