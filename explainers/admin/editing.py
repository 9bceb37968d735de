"""Saving an admin page and its inlines as one edit of the explainer.

Django saves a page's form (``save_model``), then each inline formset
(``save_related``). Here both happen in ``save_related``, in one
``explainer_edit``: one click on Save is one version of the explainer with
one history row, whatever the page and its inlines changed.
"""

from collections.abc import Callable

from django.contrib import messages

from explainers.models import Explainer, Statistic
from explainers.services import content


def save_formset(
    formset,
    *,
    create: Callable,
    update: Callable,
    delete: Callable,
) -> None:
    """Saves an inline formset through ``create(form)``, ``update(form)`` and
    ``delete(instance)`` instead of ``formset.save()``; unchanged rows write
    nothing."""
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


class OneEditAdminMixin:
    """For a ``ModelAdmin`` of content inside an explainer, with inlines.

    Subclasses say which explainer the page edits (``edited_explainer_id``),
    how the page's form is written in the edit (``save_form_in``) and how
    each inline is (``save_formset_in``).
    """

    def edited_explainer_id(self, form) -> int:
        raise NotImplementedError

    def save_form_in(self, edit: content.ContentEdit, form, change: bool) -> None:
        raise NotImplementedError

    def save_formset_in(self, edit: content.ContentEdit, formset, obj) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        """Writes nothing yet: the form is written with the inlines."""

    def save_related(self, request, form, formsets, change):
        explainer_id = self.edited_explainer_id(form)
        before = _review_standing(explainer_id) if change else None
        with content.explainer_edit(
            explainer_id=explainer_id,
            actor=request.user,
            # The explainer's version when the page was opened.
            expected_version=form.cleaned_data.get("expected_version")
            if change
            else None,
        ) as edit:
            self.save_form_in(edit, form, change)
            for formset in formsets:
                self.save_formset_in(edit, formset, form.instance)
        form.instance.refresh_from_db()
        if before is not None:
            for message in _what_lapsed(before, _review_standing(explainer_id)):
                messages.warning(request, message)


def _review_standing(explainer_id: int) -> tuple[str, dict[int, str]]:
    """The explainer's state and its approved statistics (id: key)."""
    state = Explainer.objects.values_list("state", flat=True).get(pk=explainer_id)
    approved = Statistic.objects.filter(
        explainer_id=explainer_id, review_state=Statistic.ReviewState.APPROVED
    )
    return state, dict(approved.values_list("pk", "key"))


def _what_lapsed(before, after) -> list[str]:
    """Says what a save undid: approvals that lapsed, a return to draft."""
    (state_before, approved_before), (state_after, approved_after) = before, after
    said = []
    lapsed = [key for pk, key in approved_before.items() if pk not in approved_after]
    if lapsed:
        said.append(
            f"The approval of {', '.join(lapsed)} lapsed: the claim or its "
            "citations changed, so a reviewer must approve it again."
        )
    if state_before != state_after and state_after == Explainer.State.DRAFT:
        was = Explainer.State(state_before).label.lower()
        said.append(
            f"The explainer was {was} and is a draft again: submit it for review "
            "when it is ready."
            + (
                " Readers keep seeing the published version until then."
                if state_before == Explainer.State.PUBLISHED
                else ""
            )
        )
    return said
