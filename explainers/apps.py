from django.apps import AppConfig


class ExplainersConfig(AppConfig):
    name = "explainers"
    verbose_name = "Explainers"

    def ready(self):
        from explainers.citing import StatisticsCiteSources
        from sources import citing

        citing.install(StatisticsCiteSources())
