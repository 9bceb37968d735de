"""Writes to an explainer's content: the explainer, its boxes, statistics, citations.

One user action makes one version. ``explainer_edit`` opens a ``ContentEdit``
on the explainer: it locks the explainer row (everything in an explainer is
locked through it) and checks the version the person saw (optimistic locking
for people; the lock for concurrent requests). The edit then applies any
number of changes, each changed row written with its own history. When the
edit closes it lets the reviews of changed statistics lapse, and bumps the
explainer's version once, records the last editor and applies the workflow's
rule for edits (an approved or published explainer goes back to draft), in
one explainer history row that carries the action's reason.

The ``<entity>_<verb>`` functions below are the actions that make one change;
restoring a version, making a finding a statistic and the admin's save of a
page with its inlines make several in one edit.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from explainers.digest import statistic_digest
from explainers.errors import InvalidTransition
from explainers.models import BackgroundBox, Explainer, Statistic, TransitionLog
from explainers.permissions import require_edit
from explainers.signals import lapsed_on_commit
from explainers.slugs import free_slug
from explainers.workflow import EDIT_RESETS_TO_DRAFT
from newsroom.actors import Actor
from newsroom.errors import StaleWrite, VersionRequired
from newsroom.services import (
    apply_changes,
    delete_with_history,
    history_skipped,
    save_with_history,
)
from sources.models import Citation, Source

EXPLAINER_FIELDS = (
    "title",
    "slug",
    "standfirst",
    "body",
    "conflict",
    "correction_note",
    "lead_image",
)
BOX_FIELDS = ("kind", "title", "body", "position")
STATISTIC_FIELDS = (
    "key",
    "claim",
    "display_text",
    "value",
    "unit",
    "as_of",
    "key_figure",
    "figure_kind",
    "review_interval_days",
)
CITATION_FIELDS = ("source", "locator", "quote")

Row = TypeVar("Row", bound=Model)

# How a row of each kind of content finds its explainer.
_EXPLAINER_ID = {
    BackgroundBox: "explainer_id",
    Statistic: "explainer_id",
    Citation: "statistic__explainer_id",
}


def explainer_id_of(model: type[Model], pk: int) -> int:
    """Returns the id of the explainer holding row ``pk`` of ``model``.

    The row is not locked: lock its explainer next, then read the row.
    """
    return model._default_manager.values_list(_EXPLAINER_ID[model], flat=True).get(
        pk=pk
    )


def lock_explainer(
    explainer_id: int,
    *,
    expected_version: int | None = None,
    version_required: bool = False,
) -> Explainer:
    """Returns the explainer row locked until the end of the transaction.

    Boxes, statistics, citations and waivers are locked through their
    explainer. With ``expected_version``, refuses (StaleWrite) before anything
    is checked or written if someone saved the explainer since the caller
    read it. A review decision or a transition applies to what the person
    read: with ``version_required`` it is refused (VersionRequired) without
    that version, before anything is read or written.
    """
    if version_required and expected_version is None:
        raise VersionRequired()
    explainer = Explainer.objects.select_for_update().get(pk=explainer_id)
    if expected_version is not None and expected_version != explainer.version:
        raise StaleWrite(expected=expected_version, current=explainer.version)
    return explainer


class ContentEdit:
    """The changes one user action makes to a locked explainer's content.

    Made by ``explainer_edit``. Each method applies one change and writes the
    changed row with its history; a change to nothing writes nothing. Rows
    are looked up inside this explainer only. ``reason`` is what the
    explainer's history will say the person did (set it once it is known);
    without one, the history lists the changes.
    """

    def __init__(self, explainer: Explainer, *, actor: Actor, reason: str = ""):
        self.explainer = explainer
        self.actor = actor
        self.reason = reason
        # What changed, in words, in the order it was done.
        self.changes: list[str] = []
        # Rows read in this edit, one instance each, so that a row changed
        # twice is saved from what the first change left.
        self._boxes: dict[int, BackgroundBox] = {}
        self._statistics: dict[int, Statistic] = {}
        self._read_all: set[type[Model]] = set()
        # Statistics whose content or citations changed: their review may
        # lapse, and a citation change is recorded on its statistic once.
        self._changed_statistics: dict[int, Statistic] = {}
        self._citation_notes: dict[int, list[str]] = {}

    def _row(self, rows: dict[int, Row], related_name: str, pk: int) -> Row:
        if pk not in rows:
            rows[pk] = getattr(self.explainer, related_name).get(pk=pk)
        return rows[pk]

    def _all(self, rows: dict[int, Row], queryset: QuerySet[Row]) -> dict[int, Row]:
        if queryset.model not in self._read_all:
            for row in queryset:
                rows.setdefault(row.pk, row)
            self._read_all.add(queryset.model)
        return rows

    def boxes(self) -> dict[int, BackgroundBox]:
        """Returns the explainer's boxes by id as the edit leaves them (one query)."""
        return self._all(self._boxes, self.explainer.boxes.all())

    def statistics(self) -> dict[int, Statistic]:
        """Returns the explainer's statistics by id, with their citations."""
        return self._all(
            self._statistics, self.explainer.statistics.prefetch_related("citations")
        )

    # --- the explainer --------------------------------------------------------------

    def explainer_update(self, data: dict[str, Any]) -> list[str]:
        """Applies ``data`` to the explainer's own fields; returns what changed."""
        explainer = self.explainer
        published_slug = explainer.slug
        changed = apply_changes(explainer, data, EXPLAINER_FIELDS)
        if "slug" in changed and explainer.first_published_at:
            # Readers, feeds, partners and search engines link to it.
            raise ValidationError(
                {
                    "slug": f"The address of a published explainer cannot change "
                    f"(it stays '{published_slug}')."
                }
            )
        authors = data.get("authors")
        if authors is not None and {a.pk for a in authors} != set(
            explainer.authors.values_list("pk", flat=True)
        ):
            # The history row written when the edit closes records the new
            # authors; setting them writes no row of its own.
            with history_skipped(explainer):
                explainer.authors.set(authors)
            changed.append("authors")
        if changed:
            self.changes.append(f"Edited {', '.join(changed)}")
        return changed

    # --- background boxes ---------------------------------------------------------

    def box_create(
        self, data: dict[str, Any], *, box: BackgroundBox | None = None
    ) -> BackgroundBox:
        """Adds a box; ``box`` is an unsaved instance to fill, if any."""
        box = box or BackgroundBox()
        box.explainer = self.explainer
        apply_changes(box, data, BOX_FIELDS)
        box.full_clean()
        save_with_history(box, actor=self.actor, reason="Created")
        self._boxes[box.pk] = box
        self.changes.append(f"Added box '{box.title}'")
        return box

    def box_update(self, box_id: int, data: dict[str, Any]) -> BackgroundBox:
        box = self._row(self._boxes, "boxes", box_id)
        changed = apply_changes(box, data, BOX_FIELDS)
        if changed:
            box.full_clean()
            save_with_history(
                box, actor=self.actor, reason=f"Edited {', '.join(changed)}"
            )
            self.changes.append(f"Edited box '{box.title}'")
        return box

    def box_delete(self, box_id: int) -> None:
        box = self._row(self._boxes, "boxes", box_id)
        delete_with_history(box, actor=self.actor, reason="Deleted")
        del self._boxes[box_id]
        self.changes.append(f"Deleted box '{box.title}'")

    # --- statistics ---------------------------------------------------------------

    def _statistic(self, statistic_id: int) -> Statistic:
        return self._row(self._statistics, "statistics", statistic_id)

    def statistic_create(
        self, data: dict[str, Any], *, statistic: Statistic | None = None
    ) -> Statistic:
        """Adds a statistic; ``statistic`` is an unsaved instance to fill, if any."""
        statistic = statistic or Statistic()
        statistic.explainer = self.explainer
        statistic.created_by = statistic.last_edited_by = self.actor
        apply_changes(statistic, data, STATISTIC_FIELDS)
        statistic.full_clean()
        save_with_history(statistic, actor=self.actor, reason="Created")
        self._statistics[statistic.pk] = statistic
        self.changes.append(f"Added statistic '{statistic.key}'")
        return statistic

    def statistic_update(self, statistic_id: int, data: dict[str, Any]) -> Statistic:
        statistic = self._statistic(statistic_id)
        changed = apply_changes(statistic, data, STATISTIC_FIELDS)
        if changed:
            statistic.last_edited_by = self.actor
            statistic.full_clean()
            save_with_history(
                statistic, actor=self.actor, reason=f"Edited {', '.join(changed)}"
            )
            self._changed_statistics[statistic.pk] = statistic
            self.changes.append(f"Edited statistic '{statistic.key}'")
        return statistic

    def statistic_delete(self, statistic_id: int) -> None:
        """Deletes a statistic and its citations."""
        statistic = self._statistic(statistic_id)
        for citation in statistic.citations.all():
            delete_with_history(citation, actor=self.actor, reason="Statistic deleted")
        delete_with_history(statistic, actor=self.actor, reason="Deleted")
        for pending in (
            self._statistics,
            self._changed_statistics,
            self._citation_notes,
        ):
            pending.pop(statistic_id, None)
        self.changes.append(f"Deleted statistic '{statistic.key}'")

    # --- citations: a change to one is a change to its statistic -----------------

    def _citation(self, citation_id: int) -> Citation:
        citation = Citation.objects.select_related("statistic", "source").get(
            pk=citation_id, statistic__explainer=self.explainer
        )
        citation.statistic = self._statistics.setdefault(
            citation.statistic_id, citation.statistic
        )
        return citation

    def _cited(self, statistic: Statistic, note: str) -> None:
        # Its citations as read with ``statistics()`` are no longer current.
        getattr(statistic, "_prefetched_objects_cache", {}).pop("citations", None)
        self._changed_statistics[statistic.pk] = statistic
        self._citation_notes.setdefault(statistic.pk, []).append(note)

    def citation_create(
        self,
        statistic_id: int,
        data: dict[str, Any],
        *,
        citation: Citation | None = None,
    ) -> Citation:
        """Cites a source for a statistic; ``citation`` is an unsaved instance."""
        statistic = self._statistic(statistic_id)
        citation = citation or Citation()
        citation.statistic = statistic
        apply_changes(citation, data, CITATION_FIELDS)
        citation.full_clean()
        save_with_history(citation, actor=self.actor, reason="Created")
        self._cited(statistic, f"Cited {citation.source}")
        self.changes.append(f"Cited a source for '{statistic.key}'")
        return citation

    def citation_update(self, citation_id: int, data: dict[str, Any]) -> Citation:
        citation = self._citation(citation_id)
        changed = apply_changes(citation, data, CITATION_FIELDS)
        if changed:
            citation.full_clean()
            save_with_history(
                citation, actor=self.actor, reason=f"Edited {', '.join(changed)}"
            )
            self._cited(citation.statistic, "Edited a citation")
            self.changes.append(f"Edited a citation of '{citation.statistic.key}'")
        return citation

    def citation_delete(self, citation_id: int) -> None:
        citation = self._citation(citation_id)
        delete_with_history(citation, actor=self.actor, reason="Deleted")
        self._cited(citation.statistic, f"Removed citation of {citation.source}")
        self.changes.append(f"Removed a citation of '{citation.statistic.key}'")

    # --- closing: one version ------------------------------------------------------

    def _close(self) -> None:
        """Records the edit as one version of the explainer, if anything changed."""
        if not self.changes:
            return
        for statistic_id, notes in self._citation_notes.items():
            statistic = self._changed_statistics[statistic_id]
            statistic.last_edited_by = self.actor
            save_with_history(statistic, actor=self.actor, reason="; ".join(notes))
        for statistic in self._changed_statistics.values():
            statistic_refresh_review(statistic, actor=self.actor)
        explainer = self.explainer
        explainer.version += 1
        explainer.last_edited_by = self.actor
        if explainer.state in EDIT_RESETS_TO_DRAFT:
            from_state = explainer.state
            explainer.state = Explainer.State.DRAFT
            explainer._workflow_change = True
            # What was scheduled to publish was the approved version.
            explainer.scheduled_publish_at = None
            TransitionLog.objects.create(
                explainer=explainer,
                transition="edit",
                from_state=from_state,
                to_state=Explainer.State.DRAFT,
                actor=self.actor,
                comment="Content changed; the new version needs review.",
            )
        explainer.full_clean()
        # Written last, so that the version rebuilt from this row's moment
        # (``explainers.versions``) holds every change of the edit.
        save_with_history(
            explainer,
            actor=self.actor,
            reason=self.reason or "; ".join(self.changes),
        )


@contextmanager
def explainer_edit(
    *,
    explainer_id: int,
    actor: Actor,
    expected_version: int | None = None,
    reason: str = "",
) -> Iterator[ContentEdit]:
    """Opens one user action's changes to an explainer: one version, one reason.

    ``reason`` is what the explainer's history says the person did; without
    one it lists the changes. Everything is written in one transaction, so a
    refused change leaves nothing of the action behind.
    """
    require_edit(actor)
    with transaction.atomic():
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        edit = ContentEdit(explainer, actor=actor, reason=reason)
        yield edit
        edit._close()


def statistic_refresh_review(
    statistic: Statistic, *, actor: Actor, as_editor: bool = False
) -> bool:
    """Sends a reviewed statistic back to pending if its content changed.

    Returns True when the review lapsed. The gate compares digests too, so an
    approval can never cover content it did not see; this makes the lapse
    visible in the admin and in history. ``as_editor`` records ``actor`` as
    the statistic's last editor (a change made elsewhere, such as to its
    source), so that they cannot review it again themselves.
    """
    if statistic.review_state == Statistic.ReviewState.PENDING:
        return False
    citations = list(statistic.citations.select_related("source"))
    if statistic.reviewed_digest == statistic_digest(statistic, citations):
        return False
    previous = statistic.get_review_state_display().lower()
    statistic.review_state = Statistic.ReviewState.PENDING
    statistic.reviewed_at = None
    statistic.reviewed_by = None
    statistic.review_note = ""
    statistic.reviewed_digest = ""
    statistic.lapsed_at = timezone.now()
    if as_editor:
        statistic.last_edited_by = actor
    reason = f"Review lapsed: content changed after it was {previous}"
    save_with_history(statistic, actor=actor, reason=reason)
    lapsed_on_commit(
        Statistic,
        statistic_ids=[statistic.pk],
        explainer_ids=[statistic.explainer_id],
        reason=reason,
        actor_id=actor.pk,
    )
    return True


def statistics_source_changed(*, source: Source, actor: Actor) -> int:
    """Lets the reviews of the statistics citing ``source`` lapse after it changed.

    Set-based, for a source that thousands of statistics cite: one UPDATE
    sends every reviewed statistic citing it back to pending (its digest
    covers the source, so the approval no longer holds) and one bulk insert
    writes a history row per statistic with the reason (``reviews_lapse``).
    The source's editor is each statistic's last editor, and history names
    them, so they cannot approve it again. Returns how many reviews lapsed.
    """
    reviewed = _citing(source).exclude(review_state=Statistic.ReviewState.PENDING)
    rows = list(reviewed.order_by("pk").values_list("pk", "explainer_id"))
    if not rows:
        return 0
    # The digests cover what readers see of the source: when one still
    # matches, the change was elsewhere (a note) and every approval holds.
    probe = Statistic.objects.get(pk=rows[0][0])
    if probe.reviewed_digest == statistic_digest(
        probe, list(probe.citations.select_related("source"))
    ):
        return 0
    return reviews_lapse(
        rows, actor=actor, reason=f"Its source '{source}' changed", as_editor=True
    )


def statistics_source_marked(*, source: Source, actor: Actor) -> int:
    """Lets the approvals of the claims citing ``source`` lapse after its
    publisher corrected or retracted it (``sources.services.source_mark_status``).

    Set-based like ``statistics_source_changed``. Only approvals lapse: a
    rejected claim was never relied on. The person who marked the source
    changed no claim, so they stay free to review the claims again. Returns
    how many approvals lapsed.
    """
    approved = _citing(source).filter(review_state=Statistic.ReviewState.APPROVED)
    rows = list(approved.order_by("pk").values_list("pk", "explainer_id"))
    status = source.get_status_display().lower()
    return reviews_lapse(
        rows,
        actor=actor,
        reason=f"Its source '{source}' was marked {status}: {source.status_note}",
        as_editor=False,
    )


def _citing(source: Source) -> QuerySet[Statistic]:
    return Statistic.objects.filter(
        pk__in=Citation.objects.filter(source=source).values("statistic_id")
    )


def reviews_lapse(
    rows: list[tuple[int, int]], *, actor: Actor, reason: str, as_editor: bool
) -> int:
    """Sends the reviews of statistics ``rows`` ((id, explainer id) pairs) back
    to pending, with ``reason``: one UPDATE, one bulk insert of a history row
    per statistic, and ``approvals_lapsed`` after commit.

    No explainer row is locked: the statistic rows are, by the UPDATE, for the
    moment the transaction takes, so a concurrent review waits and then sees
    the change; the gate compares digests anyway. With ``as_editor`` the actor
    becomes each statistic's last editor, so they cannot approve it again.
    Returns how many reviews lapsed.
    """
    ids = [pk for pk, _ in rows]
    if not ids:
        return 0
    lapsed = Statistic.objects.filter(pk__in=ids)
    editor = {"last_edited_by": actor} if as_editor else {}
    lapsed.update(
        review_state=Statistic.ReviewState.PENDING,
        reviewed_at=None,
        reviewed_by=None,
        review_note="",
        reviewed_digest="",
        lapsed_at=timezone.now(),
        **editor,
    )
    Statistic.history.bulk_history_create(
        lapsed.order_by("pk"),
        update=True,
        default_user=actor,
        default_change_reason=f"Review lapsed: {reason[:1].lower()}{reason[1:]}",
        batch_size=1000,
    )
    lapsed_on_commit(
        Statistic,
        statistic_ids=ids,
        explainer_ids=[explainer_id for _, explainer_id in rows],
        reason=reason,
        actor_id=actor.pk,
    )
    return len(ids)


# --- actions that make one change ---------------------------------------------------


def explainer_create(
    *, actor: Actor, data: dict[str, Any], explainer: Explainer | None = None
) -> Explainer:
    """Saves a new draft; ``explainer`` is an unsaved instance to fill, if any."""
    if not (actor.is_active and actor.has_perm("explainers.add_explainer")):
        raise PermissionDenied("Your role cannot create explainers.")
    explainer = explainer or Explainer()
    explainer.created_by = explainer.last_edited_by = actor
    if not data.get("slug"):
        data = {**data, "slug": free_slug(data.get("title", ""))}
    apply_changes(explainer, data, EXPLAINER_FIELDS)
    explainer.full_clean()
    with transaction.atomic():
        save_with_history(explainer, actor=actor, reason="Created")
        explainer.authors.set(data.get("authors") or [actor])
    return explainer


def explainer_update(
    *,
    explainer_id: int,
    actor: Actor,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Explainer:
    """Applies ``data`` to the explainer; a no-op change writes nothing."""
    with explainer_edit(
        explainer_id=explainer_id, actor=actor, expected_version=expected_version
    ) as edit:
        edit.explainer_update(data)
    return edit.explainer


def box_create(
    *,
    explainer_id: int,
    actor: Actor,
    data: dict[str, Any],
    expected_version: int | None = None,
    box: BackgroundBox | None = None,
) -> BackgroundBox:
    with explainer_edit(
        explainer_id=explainer_id, actor=actor, expected_version=expected_version
    ) as edit:
        return edit.box_create(data, box=box)


def box_update(
    *,
    box_id: int,
    actor: Actor,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> BackgroundBox:
    with explainer_edit(
        explainer_id=explainer_id_of(BackgroundBox, box_id),
        actor=actor,
        expected_version=expected_version,
    ) as edit:
        return edit.box_update(box_id, data)


def box_delete(
    *, box_id: int, actor: Actor, expected_version: int | None = None
) -> None:
    with explainer_edit(
        explainer_id=explainer_id_of(BackgroundBox, box_id),
        actor=actor,
        expected_version=expected_version,
    ) as edit:
        edit.box_delete(box_id)


def statistic_create(
    *,
    explainer_id: int,
    actor: Actor,
    data: dict[str, Any],
    expected_version: int | None = None,
    statistic: Statistic | None = None,
) -> Statistic:
    with explainer_edit(
        explainer_id=explainer_id, actor=actor, expected_version=expected_version
    ) as edit:
        return edit.statistic_create(data, statistic=statistic)


def statistic_update(
    *,
    statistic_id: int,
    actor: Actor,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Statistic:
    with explainer_edit(
        explainer_id=explainer_id_of(Statistic, statistic_id),
        actor=actor,
        expected_version=expected_version,
    ) as edit:
        return edit.statistic_update(statistic_id, data)


def statistic_delete(
    *, statistic_id: int, actor: Actor, expected_version: int | None = None
) -> None:
    with explainer_edit(
        explainer_id=explainer_id_of(Statistic, statistic_id),
        actor=actor,
        expected_version=expected_version,
    ) as edit:
        edit.statistic_delete(statistic_id)


def citation_create(
    *,
    statistic_id: int,
    actor: Actor,
    data: dict[str, Any],
    expected_version: int | None = None,
    citation: Citation | None = None,
) -> Citation:
    """Cites a source for a statistic (its review lapses)."""
    with explainer_edit(
        explainer_id=explainer_id_of(Statistic, statistic_id),
        actor=actor,
        expected_version=expected_version,
    ) as edit:
        return edit.citation_create(statistic_id, data, citation=citation)


def citation_update(
    *,
    citation_id: int,
    actor: Actor,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Citation:
    with explainer_edit(
        explainer_id=explainer_id_of(Citation, citation_id),
        actor=actor,
        expected_version=expected_version,
    ) as edit:
        return edit.citation_update(citation_id, data)


def citation_delete(
    *, citation_id: int, actor: Actor, expected_version: int | None = None
) -> None:
    with explainer_edit(
        explainer_id=explainer_id_of(Citation, citation_id),
        actor=actor,
        expected_version=expected_version,
    ) as edit:
        edit.citation_delete(citation_id)


def explainer_delete(
    *, explainer_id: int, actor: Actor, expected_version: int | None = None
) -> None:
    """Deletes an explainer that was never published (chief editors only).

    A published or archived explainer keeps its revisions as the record of
    what readers saw: unpublish it instead.
    """
    if not (actor.is_active and actor.has_perm("explainers.delete_explainer")):
        raise PermissionDenied("Your role cannot delete explainers.")
    with transaction.atomic():
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        if explainer.revisions.exists():
            raise InvalidTransition(
                "This explainer has been published; unpublish it instead of "
                "deleting it, so the record of what readers saw is kept."
            )
        for box in explainer.boxes.all():
            delete_with_history(box, actor=actor, reason="Explainer deleted")
        for statistic in explainer.statistics.all():
            for citation in statistic.citations.all():
                delete_with_history(citation, actor=actor, reason="Explainer deleted")
            delete_with_history(statistic, actor=actor, reason="Explainer deleted")
        delete_with_history(explainer, actor=actor, reason="Deleted")
