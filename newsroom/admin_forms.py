"""Admin plumbing that routes every save through the service functions."""

from collections.abc import Callable


class ReadOnlyAdminMixin:
    """For records the admin shows but never writes: no add, change or delete.

    Used for audit records written by the workflow, and for rows edited only
    inline on their parent (boxes, citations), whose own pages show history.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def save_formset_with_services(
    formset,
    *,
    create: Callable,
    update: Callable,
    delete: Callable,
) -> None:
    """Saves an inline formset by calling services instead of ``formset.save()``.

    ``create(form)``, ``update(form)`` and ``delete(instance)`` are called for
    the new, changed and deleted rows; unchanged rows write nothing.
    """
    formset.save(commit=False)  # Fills deleted_objects; writes nothing.
    for instance in formset.deleted_objects:
        delete(instance)
    deleted = {id(obj) for obj in formset.deleted_objects}
    for form in formset.forms:
        if id(form.instance) in deleted or not form.has_changed():
            continue
        if not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        if form.instance._state.adding:
            create(form)
        else:
            update(form)
