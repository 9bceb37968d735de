"""Shared set-up for the accounts tests: codes computed from a device's secret."""

import pytest
from axes.models import AccessAttempt
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice) -> str:
    """The six digits an authenticator app shows now for ``device``."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, username: str, password: str, *, address: str = "10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.fixture(autouse=True)
def no_locks(db):
    # Lock records are rows (django-axes' database handler): each test
    # starts unlocked, whatever the last one did.
    AccessAttempt.objects.all().delete()
