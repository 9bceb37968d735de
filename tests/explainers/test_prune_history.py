"""Pruning history keeps every version readable and the four-eyes record."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from explainers.editors import explainer_writer_ids
from explainers.models import Explainer
from explainers.services import content
from tests.explainers.workflow_helpers import make_published, reapprove_and_republish

pytestmark = pytest.mark.django_db

TOMORROW = (timezone.now() + datetime.timedelta(days=1)).date().isoformat()


def _run(*args) -> str:
    out = StringIO()
    call_command("prune_history", *args, stdout=out)
    return out.getvalue()


def _versions(explainer) -> list[int]:
    return sorted(set(explainer.history.values_list("version", flat=True)))


def _published_twice(editor, reviewer):
    explainer = make_published(editor, reviewer)
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"standfirst": "Sharper."}
    )
    reapprove_and_republish(explainer, editor=editor, reviewer=reviewer)
    return Explainer.objects.get(pk=explainer.pk)


def test_a_dry_run_counts_and_removes_nothing(editor, reviewer):
    explainer = _published_twice(editor, reviewer)
    before = explainer.history.count()
    out = _run("--before", TOMORROW)
    assert "repeat a version" in out and "Dry run" in out
    assert explainer.history.count() == before


def test_pruning_keeps_every_version_and_who_wrote_it(editor, reviewer, tmp_path):
    explainer = _published_twice(editor, reviewer)
    versions, writers = _versions(explainer), explainer_writer_ids(explainer)
    rows_before = explainer.history.count()
    archive = tmp_path / "pruned.jsonl"

    out = _run("--before", TOMORROW, "--apply", "--archive", str(archive))

    removed = rows_before - explainer.history.count()
    assert removed > 0 and f"Removed {removed}" in out
    assert _versions(explainer) == versions
    assert explainer_writer_ids(explainer) == writers
    archived = [json.loads(line) for line in archive.read_text().splitlines()]
    assert len(archived) == removed
    # Each kept row is the first of its version.
    firsts: dict[int, int] = {}
    for version, history_id in explainer.history.order_by("history_id").values_list(
        "version", "history_id"
    ):
        firsts.setdefault(version, history_id)
    assert set(explainer.history.values_list("history_id", flat=True)) == set(
        firsts.values()
    ) | set(
        explainer.history.filter(
            history_date__gt=explainer.transitions.filter(transition="publish")
            .order_by("-created_at")
            .values_list("created_at", flat=True)[0]
        ).values_list("history_id", flat=True)
    )


def test_rows_after_the_date_are_kept(editor, reviewer):
    explainer = _published_twice(editor, reviewer)
    rows = explainer.history.count()
    _run("--before", "2000-01-01", "--apply")
    assert explainer.history.count() == rows


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--before must be a date"):
        _run("--before", "last week")
