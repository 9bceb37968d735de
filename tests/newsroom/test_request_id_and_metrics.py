"""Operators' view of a fleet (issue 16, point 4): request ids in answers and
JSON logs, and Prometheus metrics for operators only."""

import json
import logging

import pytest
from django.test import Client

from newsroom import request_id
from newsroom.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_every_answer_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) >= 16
    assert first != second


def test_a_request_id_from_the_proxy_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    assert response["X-Request-ID"] == "nginx-0123456789abcdef"


def test_an_unfit_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith a newline")
    assert response["X-Request-ID"] != "bad id\nwith a newline"
    assert "\n" not in response["X-Request-ID"]


def test_log_lines_are_json_with_the_request_id():
    record = logging.makeLogRecord(
        {
            "name": "newsroom.test",
            "levelname": "WARNING",
            "msg": "disk %s",
            "args": ("full",),
        }
    )
    token = request_id.current.set("abc123abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.current.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "disk full"
    assert line["level"] == "WARNING"
    assert line["logger"] == "newsroom.test"
    assert line["request_id"] == "abc123abc123"
    assert "time" in line


def test_metrics_count_requests_by_view(client):
    client.get("/healthz")
    client.get("/explainers/no-such-page/")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        'newsroom_request_seconds_count{method="GET",status="2xx",view="healthz"}'
        in text
    )
    assert 'view="explainers:detail"' in text
    assert "newsroom_job_queue_depth" in text
    assert "newsroom_link_checks" in text


def test_metrics_are_refused_to_other_addresses():
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics")
    assert response.status_code == 403


def test_metrics_answer_the_operators_token(settings):
    settings.METRICS_TOKEN = "operators-secret"
    outside = Client(REMOTE_ADDR="203.0.113.9")
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    allowed = outside.get("/metrics", HTTP_AUTHORIZATION="Bearer operators-secret")
    assert allowed.status_code == 200
