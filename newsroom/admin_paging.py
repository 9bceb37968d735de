"""Admin changelists that stay fast on tables of millions of rows.

Django's changelist counts every row it pages through. On PostgreSQL an
unfiltered count of millions of rows reads them all; the planner's estimate
(``pg_class.reltuples``, kept by autovacuum) is what a person paging a list
needs. A filtered or searched list is counted up to ``COUNT_CAP`` rows: a
search that matches more shows its first pages, and a person narrows it.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet

COUNT_CAP = 2000


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return super().count
        if not queryset.query.where:
            connection = connections[queryset.db]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class "
                        "WHERE oid = %s::regclass",
                        [queryset.model._meta.db_table],
                    )
                    row = cursor.fetchone()
                if row and row[0] > 10_000:
                    return int(row[0])
        # COUNT over a LIMIT subquery: stops at the cap.
        return queryset[:COUNT_CAP].count()
