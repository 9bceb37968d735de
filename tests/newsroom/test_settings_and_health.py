import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.utils import OperationalError

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deploy_check_without_warnings():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-production-secret-key-" + "x" * 40 + "-9f8e7d6c5b",
        "DJANGO_ALLOWED_HOSTS": "explainers.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {"PATH": os.environ["PATH"], "DJANGO_DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("newsroom.health.connection.cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert "no-cache" in response["Cache-Control"]
