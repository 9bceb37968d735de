"""Signed-in test clients whose session passed the second factor.

Reviewers and chief editors must confirm each sign-in with a second factor
(``accounts``); tests that are about something else sign them in the way the
verify step leaves a session: a confirmed authenticator and its id in the
session, which django-otp's middleware reads.
"""

from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user: User) -> TOTPDevice:
    """``user``'s confirmed authenticator, made when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True
        )
    return device


def verify(client: Client, user: User) -> None:
    """Marks the session ``user`` signed in on ``client`` as verified."""
    device = authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def verified_login(client: Client, user: User) -> None:
    """Signs ``user`` in on ``client`` with a verified second factor."""
    client.force_login(user)
    verify(client, user)
