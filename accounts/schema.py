"""The API token in the OpenAPI schema: ``Authorization: Token <key>``."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class APITokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.APITokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'An API token with the prefix "Token", e.g. "Token nr_…". Tokens '
                "expire; read-only tokens are refused on writes; only tokens "
                "issued from a session verified with the second factor (or from "
                "the shell) take review decisions."
            ),
        }
