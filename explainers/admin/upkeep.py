"""Admin filters for keeping published explainers true: live explainers citing
a retracted source or a dead link, and figures past their review date."""

from django.contrib import admin
from django.utils import timezone

from explainers import upkeep


class FlaggedSourcesFilter(admin.SimpleListFilter):
    title = "live revision cites"
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return [
            ("flagged", "a retracted source or a dead link"),
            ("retracted", "a retracted source"),
            ("dead", "a dead link"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value not in {"flagged", "retracted", "dead"}:
            return queryset
        flagged = upkeep.live_citing_flagged_sources(
            None if value == "flagged" else value
        )
        return queryset.filter(pk__in=flagged.values("pk"))


class StaleFilter(admin.SimpleListFilter):
    title = "past its review date"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", "Stale"), ("no", "Not stale")]

    def queryset(self, request, queryset):
        stale = upkeep.stale_statistics(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=stale)
        if self.value() == "no":
            return queryset.exclude(pk__in=stale)
        return queryset
