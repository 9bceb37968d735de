"""Whether a second factor stands behind a decision-maker's request.

Review decisions (claim approvals, transitions a reviewer or chief editor
takes, waivers) are taken only by someone whose second factor was checked:

- a person in a browser: django-otp's middleware marks the request's user,
  whose ``is_verified()`` is true once the session was verified with an
  authenticator app or a recovery code (``accounts``);
- a newsroom tool: the API token authentication vouches for the user when the
  token was issued from such a session, or from the operator's shell;
- a management command or a background job: the code that runs it vouches
  for the user it acts as (``vouch``), because whoever can run it already has
  the server (a command) or decided earlier from a verified session (a
  scheduled job).

Anything else, including a user row read from the database, is not verified:
the marker is an object only ``vouch`` makes, never a missing attribute.
"""

from dataclasses import dataclass

from django.conf import settings

from newsroom.actors import Actor, Visitor

_ATTRIBUTE = "_newsroom_second_factor_vouch"

REFUSAL = (
    "This decision needs a second factor. Sign out, sign in again and confirm "
    "with the code from your authenticator app or a recovery code (the first "
    "time, the admin asks you to set one up); newsroom tools need an API token "
    "issued from such a session."
)


@dataclass(frozen=True)
class Vouch:
    """Who vouches for a user acting without an interactive second factor."""

    by: str


def vouch(user: Actor, *, by: str) -> Actor:
    """Returns ``user`` marked as acting with a second factor's authority.

    Only code that is itself trusted calls this: management commands (the
    operator's shell), background jobs acting for the person who scheduled
    them, and the token authentication for tokens issued from a verified
    session. ``by`` says which, for whoever reads the code or a debugger.
    """
    setattr(user, _ATTRIBUTE, Vouch(by=by))
    return user


def vouched_by(user: Visitor) -> str | None:
    """Returns who vouched for ``user`` (``vouch``), or None."""
    marker = getattr(user, _ATTRIBUTE, None)
    return marker.by if isinstance(marker, Vouch) else None


def demo_skips_second_factor() -> bool:
    """The demo setting, honoured only while debugging (never in production)."""
    return bool(settings.DEMO_SKIP_SECOND_FACTOR and settings.DEBUG)


def second_factor_verified(user: Visitor) -> bool:
    """True when a second factor stands behind ``user``'s request or call."""
    if demo_skips_second_factor() or vouched_by(user) is not None:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified() is True)
