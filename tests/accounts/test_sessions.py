"""Idle sessions end: the age is hours (DJANGO_SESSION_IDLE_HOURS) and every
request pushes the end back, so only a session left alone expires."""

import os
import subprocess
import sys
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def test_sessions_last_hours_and_each_request_renews_them(client, editor):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    client.force_login(editor)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + timedelta(hours=1)
    )
    assert client.get("/admin/").status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert renewed > timezone.now() + timedelta(hours=7, minutes=59)


def test_an_idle_session_has_ended(client, editor):
    client.force_login(editor)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_idle_time_is_configured_in_hours():
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    env = {**os.environ, "DJANGO_SESSION_IDLE_HOURS": "1.5"}
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "5400"
