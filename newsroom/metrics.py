"""Prometheus metrics for operators at ``/metrics``.

- ``newsroom_request_seconds``: request latency by view (URL name), method
  and status class;
- ``newsroom_job_queue_depth``: jobs waiting on the queue (database or Redis);
- ``newsroom_link_checks``: link-check outcomes of the last day.

The endpoint answers only a bearer ``METRICS_TOKEN`` or a client address in
``METRICS_ALLOWED_IPS`` (loopback by default). Under gunicorn with several
workers, set ``PROMETHEUS_MULTIPROC_DIR`` so a scrape sees every worker's
counts (prometheus-client's multiprocess mode).
"""

import hmac
import os
import time
from datetime import timedelta
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

REQUEST_SECONDS = Histogram(
    "newsroom_request_seconds",
    "Time to answer a request, by view.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


@lru_cache(maxsize=4096)
def view_name(path: str) -> str:
    # Pages served by explainers.middleware skip URL resolution; resolve here
    # (once per path) so they are counted under their view's name.
    try:
        match = resolve(path)
    except Resolver404:
        return "not-found"
    return match.view_name or match._func_path


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        name = match.view_name if match else view_name(request.path_info)
        REQUEST_SECONDS.labels(
            view=name, method=request.method, status=f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        return response


def queue_depth() -> int | None:
    """Returns the number of jobs waiting to run, or None when unknown."""
    if getattr(settings, "JOB_QUEUE", "database") == "redis":
        from django_rq import get_queue

        return sum(get_queue(name).count for name in settings.RQ_QUEUES)
    try:
        results = apps.get_model("django_tasks_database", "DBTaskResult")
    except LookupError:
        return None
    return results.objects.filter(status="READY").count()


def link_check_outcomes() -> dict[str, int]:
    try:
        checks = apps.get_model("sources", "LinkCheck")
    except LookupError:
        return {}
    since = timezone.now() - timedelta(days=1)
    rows = (
        checks.objects.filter(checked_at__gte=since)
        .values("outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["outcome"]: row["n"] for row in rows}


class DatabaseCollector(Collector):
    """Reads the queue and the link checks when scraped, not on every request."""

    def collect(self):
        depth = GaugeMetricFamily(
            "newsroom_job_queue_depth", "Jobs waiting on the queue."
        )
        depth.add_metric([], queue_depth() or 0)
        yield depth
        outcomes = GaugeMetricFamily(
            "newsroom_link_checks",
            "Link checks of the last day, by outcome.",
            labels=["outcome"],
        )
        for outcome, count in link_check_outcomes().items():
            outcomes.add_metric([outcome], count)
        yield outcomes


def allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    return request.META.get("REMOTE_ADDR") in getattr(
        settings, "METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"]
    )


@never_cache
def metrics(request):
    if not allowed(request):
        return HttpResponseForbidden("Metrics are for operators.")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    output = generate_latest(registry)
    # The database figures are read once per scrape, by the process scraped.
    output += generate_latest(_database_registry)
    return HttpResponse(output, content_type=CONTENT_TYPE_LATEST)


_database_registry = CollectorRegistry()
_database_registry.register(DatabaseCollector())
