"""Every write about accounts: the access record, tokens, sessions, unlocks.

The admin, the API, the commands and the signal receivers call these; none
writes an ``AccessEvent`` or an ``APIToken`` itself.
"""

import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessEvent, APIToken, token_digest
from newsroom.actors import Actor, Visitor
from newsroom.second_factor import second_factor_verified

Kind = AccessEvent.Kind

# The session of the request being answered (set by the middleware): ending
# "the user's other sessions" keeps the one that asked for it.
current_session_key: ContextVar[str | None] = ContextVar(
    "current_session_key", default=None
)
# Who sent that request: the actor of role and password changes made in the
# admin (read lazily: most requests never need it).
current_actor: ContextVar[Visitor | None] = ContextVar("current_actor", default=None)


def request_user() -> User | None:
    """The signed-in user of the request being answered, if any."""
    user = current_actor.get()
    return user if user is not None and user.is_authenticated else None


RECOVERY_CODES = 10


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the login limits see it (proxies as configured)."""
    if request is None:
        return None
    return get_client_ip_address(request) or None


def record(
    kind: str,
    *,
    user: Visitor | None = None,
    username: str = "",
    actor: Actor | None = None,
    request: HttpRequest | None = None,
    detail: str = "",
) -> AccessEvent:
    """Writes one access event."""
    account = user if isinstance(user, User) else None
    return AccessEvent.objects.create(
        kind=kind,
        user=account,
        username=(account.get_username() if account else username)[:150],
        actor=actor,
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:255] if request else ""),
        detail=detail,
    )


# Second factor ---------------------------------------------------------------


def role_needs_second_factor(user: Visitor) -> bool:
    """Reviewers, chief editors and superusers decide, so they must use one."""
    if isinstance(user, AnonymousUser) or not user.is_active:
        return False
    return (
        user.is_superuser
        or user.has_perm("explainers.review_statistic")
        or user.has_perm("explainers.publish_explainer")
    )


def needs_second_factor(user: Visitor) -> bool:
    """By role, or because they set one up (an editor who opted in)."""
    return role_needs_second_factor(user) or (
        isinstance(user, User) and has_second_factor(user)
    )


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_start(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user, kept until
    confirmed so that a reload shows the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    return device


@dataclass(frozen=True)
class SetUp:
    device: TOTPDevice
    recovery_codes: list[str]


def totp_device_confirm(
    *, user: User, token: str, request: HttpRequest | None = None
) -> SetUp | None:
    """Confirms the authenticator when ``token`` is its current code; returns
    it with fresh recovery codes (shown once), or None for a wrong code."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .first()
        )
        if device is None or not device.verify_token(token.strip()):
            return None
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_replace(user)
        record(Kind.SECOND_FACTOR_SET_UP, user=user, request=request)
    return SetUp(device=device, recovery_codes=codes)


def recovery_codes_replace(user: User) -> list[str]:
    """New one-time recovery codes for ``user``; the old ones stop working."""
    static, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=code) for code in codes]
    )
    return codes


def second_factor_reset(
    *, user: User, actor: Actor, request: HttpRequest | None = None
) -> None:
    """A chief editor's reset for someone who lost their phone: their
    authenticator and recovery codes go, so does every session and token; the
    next sign-in sets a new one up."""
    _require_unlocker(actor)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(Kind.SECOND_FACTOR_RESET, user=user, actor=actor, request=request)
        access_end(user=user, actor=actor, reason="second factor reset")


# Login limits -----------------------------------------------------------------


def _require_unlocker(actor: Actor) -> None:
    if not (actor.is_active and actor.has_perm("accounts.unlock_account")):
        raise PermissionDenied("Only chief editors can unlock accounts.")


def account_unlock(
    *,
    actor: Actor,
    username: str = "",
    ip_address: str = "",
    request: HttpRequest | None = None,
) -> int:
    """Lifts the login limits on an account name and/or a client address
    before the cool-down ends; returns how many lock records were cleared."""
    _require_unlocker(actor)
    username, ip_address = username.strip(), ip_address.strip()
    if not (username or ip_address):
        raise ValidationError("Name an account or a client address to unlock.")
    cleared = 0
    if username:
        cleared += axes_reset(username=username)
    if ip_address:
        cleared += axes_reset(ip=ip_address)
    target = User.objects.filter(username=username).first() if username else None
    record(
        Kind.UNLOCKED,
        user=target,
        username=username,
        actor=actor,
        request=request,
        detail=f"address {ip_address}" if ip_address else "",
    )
    return cleared


# Sessions and tokens ------------------------------------------------------------


def sessions_end(*, user: User, keep: str | None = None) -> int:
    """Deletes ``user``'s live sessions but ``keep``; returns how many.

    Live sessions are few (they end after DJANGO_SESSION_IDLE_HOURS idle), so
    reading them is cheap; every session is in the database (the ``db`` or,
    on a fleet, ``cached_db`` engine).
    """
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        data = session.get_decoded()
        if str(data.get(SESSION_KEY)) == str(user.pk):
            ended.append(session.session_key)
    # Through the session engine: with cached_db (a fleet on Redis) a row
    # deleted alone would live on in the cache.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in ended:
        store(session_key=key).delete()
    return len(ended)


def access_end(*, user: User, actor: Actor | None, reason: str) -> None:
    """Ends ``user``'s other sessions and revokes their API tokens."""
    sessions = sessions_end(user=user, keep=current_session_key.get())
    tokens = tokens_revoke_all(user=user, actor=actor, reason=reason)
    if sessions or tokens:
        record(
            Kind.SESSIONS_ENDED,
            user=user,
            actor=actor,
            detail=f"{reason}: {sessions} session(s) ended, {tokens} token(s) revoked",
        )


def token_lifetime_days() -> int:
    return int(settings.API_TOKEN_DAYS)


@dataclass(frozen=True)
class Issued:
    token: APIToken
    key: str  # shown once; only its digest is stored


def token_issue(
    *,
    user: User,
    name: str,
    read_only: bool = False,
    days: int | None = None,
    issued_by: Visitor | None = None,
    from_shell: bool = False,
    request: HttpRequest | None = None,
) -> Issued:
    """Issues a token for ``user``; returns it with its key, shown only now.

    A token takes review decisions only when issued from a session verified
    with the second factor (``issued_by`` is that session's user) or from the
    operator's shell (``from_shell``); a read-only token never does.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Say what the token is for."})
    longest = token_lifetime_days()
    days = longest if days is None else days
    if not 1 <= days <= longest:
        raise ValidationError({"days": f"A token lasts between 1 and {longest} days."})
    if issued_by is not None and issued_by.pk != user.pk:
        raise PermissionDenied("Tokens are issued to their owner only.")
    verified = from_shell or (
        issued_by is not None and second_factor_verified(issued_by)
    )
    key = "nr_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = APIToken.objects.create(
            user=user,
            name=name[:100],
            digest=token_digest(key),
            prefix=key[3:11],
            read_only=read_only,
            can_decide=verified and not read_only,
            expires_at=timezone.now() + timedelta(days=days),
            created_by=user if isinstance(issued_by, User) else None,
        )
        how = "from the shell" if from_shell else "from a session"
        scope = (
            "read-only"
            if read_only
            else ("takes decisions" if token.can_decide else "no decisions")
        )
        record(
            Kind.TOKEN_CREATED,
            user=user,
            request=request,
            detail=f"{token.name} ({token.prefix}…), {how}, {scope}, {days} days",
        )
    return Issued(token=token, key=key)


def can_manage_tokens_of_others(actor: Visitor) -> bool:
    return bool(actor.is_active and actor.has_perm("accounts.revoke_any_token"))


def token_revoke(
    *, token_id: int, actor: Actor, request: HttpRequest | None = None
) -> APIToken:
    """Revokes a token: its owner's or, for a chief editor, anyone's."""
    with transaction.atomic():
        token = APIToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None or not (
            token.user_id == actor.pk or can_manage_tokens_of_others(actor)
        ):
            # Someone else's token is as unknown as a missing one.
            raise APIToken.DoesNotExist("No such token.")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = actor
            token.save(update_fields=["revoked_at", "revoked_by"])
            record(
                Kind.TOKEN_REVOKED,
                user=token.user,
                actor=actor,
                request=request,
                detail=f"{token.name} ({token.prefix}…)",
            )
    return token


def tokens_revoke_all(*, user: User, actor: Actor | None, reason: str) -> int:
    """Revokes every active token of ``user``; returns how many."""
    now = timezone.now()
    tokens = list(APIToken.objects.active().filter(user=user))
    for token in tokens:
        token.revoked_at = now
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        record(
            Kind.TOKEN_REVOKED,
            user=user,
            actor=actor,
            detail=f"{token.name} ({token.prefix}…): {reason}",
        )
    return len(tokens)


def token_authenticate(key: str) -> APIToken | None:
    """The active token with this key, with its user, or None."""
    return (
        APIToken.objects.active()
        .select_related("user")
        .filter(digest=token_digest(key))
        .first()
    )
