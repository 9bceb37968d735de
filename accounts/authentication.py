"""API token authentication: ``Authorization: Token <key>``.

The key is looked up by its digest among active tokens (not expired, not
revoked). A read-only token authenticates only safe methods; a token issued
from a session verified with the second factor, or from the shell, vouches
for its user's decisions (``newsroom.second_factor``); any other token's
decisions are refused by the permission rules.
"""

from typing import Any

from django.contrib.auth.models import User
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from accounts.models import APIToken
from accounts.services import token_authenticate
from newsroom.second_factor import vouch

READ_ONLY_REFUSAL = (
    "This API token is read-only; writes and decisions need a token issued "
    "without the read-only option."
)


class APITokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, APIToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid token header: Token <key>, one space, no spaces in the key."
            )
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        token = token_authenticate(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(READ_ONLY_REFUSAL)
        user = token.user
        if token.can_decide:
            vouch(user, by=f"API token {token.prefix}")
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def token_of(request: Any) -> APIToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, APIToken) else None
