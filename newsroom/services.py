"""Small pieces every app's services use: apply changes, save and delete with history.

django-simple-history records who made a change and why from attributes set
on the instance before it is saved; these helpers set them every time.
"""

from typing import Any

_UNSET = object()


def apply_changes(instance, data: dict[str, Any], fields) -> list[str]:
    """Sets the listed fields present in ``data``; returns the names that changed."""
    changed = []
    for name in fields:
        # An unset relation raises an AttributeError subclass: treat as unset.
        if name in data and getattr(instance, name, _UNSET) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


def save_with_history(instance, *, actor, reason: str, **kwargs) -> None:
    """Saves, recording ``actor`` and ``reason`` in django-simple-history."""
    instance._history_user = actor
    instance._change_reason = reason
    instance.save(**kwargs)


def delete_with_history(instance, *, actor, reason: str) -> None:
    """Deletes, recording ``actor`` and ``reason`` in django-simple-history."""
    instance._history_user = actor
    instance._change_reason = reason
    instance.delete()
