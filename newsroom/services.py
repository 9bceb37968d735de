"""Small pieces every app's services use: apply changes, save and delete with history.

django-simple-history records who made a change and why from attributes set
on the instance before it is saved; these helpers set them every time.
"""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db.models import Model

from newsroom.actors import Actor

_UNSET = object()


def apply_changes(
    instance: Model, data: Mapping[str, Any], fields: Iterable[str]
) -> list[str]:
    """Sets the listed fields present in ``data``; returns the names that changed."""
    changed = []
    for name in fields:
        # An unset relation raises an AttributeError subclass: treat as unset.
        if name in data and getattr(instance, name, _UNSET) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


def save_with_history(
    instance: Model, *, actor: Actor, reason: str, **kwargs: Any
) -> None:
    """Saves, recording ``actor`` and ``reason`` in django-simple-history."""
    _attribute(instance, actor=actor, reason=reason)
    instance.save(**kwargs)


def delete_with_history(instance: Model, *, actor: Actor, reason: str) -> None:
    """Deletes, recording ``actor`` and ``reason`` in django-simple-history."""
    _attribute(instance, actor=actor, reason=reason)
    instance.delete()


@contextmanager
def history_skipped(instance: Model) -> Iterator[None]:
    """Saves of ``instance`` (and changes of its many-to-many fields) inside
    write no history row: the row a later save writes records them."""
    setattr(instance, "skip_history_when_saving", True)  # noqa: B010
    try:
        yield
    finally:
        delattr(instance, "skip_history_when_saving")


def _attribute(instance: Model, *, actor: Actor, reason: str) -> None:
    # The attributes django-simple-history reads when it writes the history
    # row; they are not model fields, so the model's type does not know them.
    setattr(instance, "_history_user", actor)  # noqa: B010
    setattr(instance, "_change_reason", reason)  # noqa: B010
