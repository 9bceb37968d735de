"""Access events from Django's, axes' and the group relation's signals.

Sign-ins, failures and lockouts come from the authentication signals; role
changes from the user–group relation, whichever side changed it; a changed
password from the user row. Losing a role or changing the password ends the
person's other sessions and revokes their API tokens.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.models import Group, User
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from accounts import services
from accounts.middleware import SESSION_REQUIRES
from accounts.models import AccessEvent

Kind = AccessEvent.Kind


@receiver(user_logged_in, dispatch_uid="accounts_signed_in")
def signed_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    services.record(Kind.SIGN_IN, user=user, request=request)
    if request is not None and services.has_second_factor(user):
        request.session[SESSION_REQUIRES] = True


@receiver(user_login_failed, dispatch_uid="accounts_sign_in_failed")
def sign_in_failed(
    sender: Any, credentials: dict, request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")
    services.record(
        Kind.SIGN_IN_FAILED,
        user=User.objects.filter(username=username).first(),
        username=username,
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def locked_out(
    sender: Any, request: Any, username: str | None, ip_address: str | None, **kw: Any
) -> None:
    services.record(
        Kind.LOCKED_OUT,
        user=User.objects.filter(username=username or "").first(),
        username=username or "",
        request=request,
    )


def _role_changed(user: User, group_names: list[str], *, added: bool) -> None:
    actor = services.request_user()
    for name in group_names:
        services.record(
            Kind.ROLE_ADDED if added else Kind.ROLE_REMOVED,
            user=user,
            actor=actor,
            detail=name,
        )
    if not added and group_names:
        services.access_end(user=user, actor=actor, reason="role removed")


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_roles")
def roles_changed(
    sender: Any,
    instance: User | Group,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action == "pre_clear":
        # The relation is empty by post_clear: remember what goes.
        if reverse:
            instance._accounts_cleared = list(instance.user_set.all())  # type: ignore[union-attr]
        else:
            instance._accounts_cleared = list(instance.groups.all())  # type: ignore[union-attr]
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    added = action == "post_add"
    if action == "post_clear":
        cleared = getattr(instance, "_accounts_cleared", [])
        pairs = (
            [(user, [instance.name]) for user in cleared]  # type: ignore[union-attr]
            if reverse
            else [(instance, [group.name for group in cleared])]
        )
    elif reverse:
        assert isinstance(instance, Group)
        pairs = [
            (user, [instance.name]) for user in User.objects.filter(pk__in=pk_set or ())
        ]
    else:
        names = list(
            Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True)
        )
        pairs = [(instance, names)]
    for user, names in pairs:
        assert isinstance(user, User)
        _role_changed(user, names, added=added)


@receiver(pre_save, sender=User, dispatch_uid="accounts_password_before")
def password_before(
    sender: Any, instance: User, update_fields: Any = None, **kw: Any
) -> None:
    if instance.pk is None or (
        update_fields is not None and "password" not in update_fields
    ):
        instance._accounts_password_before = None  # type: ignore[attr-defined]
        return
    instance._accounts_password_before = (  # type: ignore[attr-defined]
        User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    )


@receiver(post_save, sender=User, dispatch_uid="accounts_password_changed")
def password_changed(sender: Any, instance: User, created: bool, **kw: Any) -> None:
    before = getattr(instance, "_accounts_password_before", None)
    instance._accounts_password_before = None  # type: ignore[attr-defined]
    if created or before is None or before == instance.password:
        return
    actor = services.request_user()
    services.record(Kind.PASSWORD_CHANGED, user=instance, actor=actor)
    services.access_end(user=instance, actor=actor, reason="password changed")
