"""Access records and API tokens."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessEvent(models.Model):
    """One sign-in, failure, lockout, second-factor change, token or role change.

    Written only by ``accounts.services.record`` (from signals and services);
    the admin shows it and nobody changes or deletes it.
    """

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        UNLOCKED = "unlocked", "Unlocked"
        SECOND_FACTOR_VERIFIED = "second_factor_verified", "Second factor verified"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Second factor failed"
        SECOND_FACTOR_SET_UP = "second_factor_set_up", "Second factor set up"
        SECOND_FACTOR_RESET = "second_factor_reset", "Second factor reset"
        TOKEN_CREATED = "token_created", "API token created"
        TOKEN_REVOKED = "token_revoked", "API token revoked"
        ROLE_ADDED = "role_added", "Role added"
        ROLE_REMOVED = "role_removed", "Role removed"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        SESSIONS_ENDED = "sessions_ended", "Sessions ended"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    # The account concerned; the name as typed when no account matched (a
    # failed sign-in for a name that does not exist is recorded all the same).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_events",
    )
    username = models.CharField(max_length=150, blank=True, db_index=True)
    # Who did it when it was someone else (a chief editor revoking a token).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        permissions = [
            ("unlock_account", "Can unlock accounts and reset second factors"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} at {self.at:%Y-%m-%d %H:%M}"


def token_digest(key: str) -> str:
    """The stored form of a key: SHA-256 of 256 random bits needs no salt or
    slow hash (nothing to guess), and a lookup by digest reveals nothing."""
    return hashlib.sha256(key.encode()).hexdigest()


class APITokenQuerySet(models.QuerySet["APIToken"]):
    def active(self) -> "APITokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class APIToken(models.Model):
    """A newsroom API key, stored only as its digest; it expires and can be
    revoked. Issued by ``accounts.services.token_issue``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, shown to tell tokens apart.
    prefix = models.CharField(max_length=8, editable=False)
    read_only = models.BooleanField(
        default=False, help_text="Refused on anything but GET, HEAD and OPTIONS."
    )
    # Issued from a session verified with the second factor, or from the
    # shell: only then does the token take the holder's review decisions.
    can_decide = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = APITokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"
        default_permissions = ("view",)
        permissions = [("revoke_any_token", "Can revoke anyone's API tokens")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"
