"""One user action makes one version of an explainer.

Restoring an earlier version, making a finding a statistic and saving an
admin page with its inlines each change several rows; each is one edit: the
explainer's version goes up once and its history gains one row, which says
what the person did.
"""

import pytest
from django.core.management import call_command

from explainers import demo_content
from explainers.findings import find_all
from explainers.models import BackgroundBox, Explainer, Statistic
from explainers.services import content
from explainers.services.findings import statistic_create_from_finding
from explainers.services.restore import explainer_restore
from newsroom.errors import StaleWrite
from tests.admin_helpers import form_data
from tests.factories import (
    BackgroundBoxFactory,
    CitationFactory,
    ExplainerFactory,
    SourceFactory,
    StatisticFactory,
)

pytestmark = pytest.mark.django_db


def _state(explainer_id: int) -> tuple[int, int]:
    """The explainer's version and its number of history rows."""
    explainer = Explainer.objects.get(pk=explainer_id)
    return explainer.version, explainer.history.count()


def _latest(explainer_id: int):
    return (
        Explainer.objects.get(pk=explainer_id)
        .history.order_by("-history_date", "-history_id")
        .first()
    )


def _explainer_with_content(editor, *, size: int) -> tuple[Explainer, int]:
    """An explainer with ``size`` boxes and cited statistics, and the history
    row of the version that holds them all."""
    explainer = ExplainerFactory.create(created_by=editor, title="Before")
    BackgroundBoxFactory.create_batch(size, explainer=explainer, body="History.")
    for statistic in StatisticFactory.create_batch(size, explainer=explainer):
        CitationFactory.create(statistic=statistic, source=SourceFactory.create())
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "As it was"}
    )
    return explainer, _latest(explainer.pk).history_id


# --- restore ------------------------------------------------------------------------


def test_restoring_a_version_makes_one_version_with_one_history_row(editor):
    explainer, original = _explainer_with_content(editor, size=2)
    box = explainer.boxes.first()
    statistic = explainer.statistics.first()
    citation = statistic.citations.get()
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "A worse title"}
    )
    content.box_update(box_id=box.pk, actor=editor, data={"body": "Rewritten."})
    content.box_create(
        explainer_id=explainer.pk, actor=editor, data={"title": "New", "body": "New."}
    )
    content.citation_delete(citation_id=citation.pk, actor=editor)
    version, rows = _state(explainer.pk)

    notes = explainer_restore(
        explainer_id=explainer.pk, actor=editor, history_id=original
    )

    assert notes == []
    assert _state(explainer.pk) == (version + 1, rows + 1)
    latest = _latest(explainer.pk)
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Restored version ")
    explainer.refresh_from_db()
    assert explainer.title == "As it was"
    assert set(explainer.boxes.values_list("body", flat=True)) == {"History."}
    assert list(statistic.citations.values_list("source_id", "locator")) == [
        (citation.source_id, citation.locator)
    ]


@pytest.mark.parametrize("size", [2, 10])
def test_restore_costs_the_same_queries_whatever_the_unchanged_content(
    editor, size, django_assert_num_queries
):
    explainer, original = _explainer_with_content(editor, size=size)
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "A worse title"}
    )
    # Savepoint, lock; the version rebuilt from history (record, boxes,
    # statistics, citations); the conflict, twice (the version's, and the
    # explainer's to compare); the current boxes, statistics, their
    # citations and the sources to cite; the explainer's checks (conflict,
    # two users, unique slug, constraint in a savepoint) and its one save
    # with history and authors; release. Unchanged rows cost nothing.
    with django_assert_num_queries(24):
        explainer_restore(explainer_id=explainer.pk, actor=editor, history_id=original)
    assert Explainer.objects.get(pk=explainer.pk).title == "As it was"


def test_a_restore_on_a_stale_page_is_refused_and_changes_nothing(editor):
    explainer, original = _explainer_with_content(editor, size=1)
    seen = Explainer.objects.get(pk=explainer.pk).version
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "Someone else's"}
    )
    before = _state(explainer.pk)

    with pytest.raises(StaleWrite):
        explainer_restore(
            explainer_id=explainer.pk,
            actor=editor,
            history_id=original,
            expected_version=seen,
        )

    assert _state(explainer.pk) == before
    assert Explainer.objects.get(pk=explainer.pk).title == "Someone else's"


# --- make a finding a statistic -------------------------------------------------------


def _finding(explainer):
    return find_all(explainer, list(explainer.boxes.all()))[0]


def test_making_a_finding_a_statistic_makes_one_version(
    editor, django_assert_num_queries
):
    explainer = ExplainerFactory.create(created_by=editor, body="Floods hit 12 towns.")
    version, rows = _state(explainer.pk)
    fingerprint = _finding(explainer).fingerprint

    # The editor's permissions (user, groups); savepoint, lock, boxes (read
    # once for the findings and the edit) and conflict, keys taken; the
    # statistic's checks (three relations, unique key, constraint in a
    # savepoint), insert and history; the explainer's checks (conflict, two
    # users, unique slug, constraint in a savepoint), its one save with
    # history and authors; release.
    with django_assert_num_queries(28):
        statistic = statistic_create_from_finding(
            explainer_id=explainer.pk,
            actor=editor,
            fingerprint=fingerprint,
            expected_version=version,
        )

    assert _state(explainer.pk) == (version + 1, rows + 1)
    assert _latest(explainer.pk).history_change_reason == (
        f"Made '12 towns' statistic '{statistic.key}'"
    )
    explainer.refresh_from_db()
    assert explainer.body == f"Floods hit [[stat:{statistic.key}]]."
    assert statistic.history.count() == 1


def test_making_a_statistic_from_a_finding_in_a_box_makes_one_version(editor):
    explainer = ExplainerFactory.create(created_by=editor, body="No figures here.")
    box = BackgroundBoxFactory.create(explainer=explainer, body="Aid reached 12 towns.")
    version, rows = _state(explainer.pk)

    statistic = statistic_create_from_finding(
        explainer_id=explainer.pk,
        actor=editor,
        fingerprint=_finding(explainer).fingerprint,
        expected_version=version,
    )

    assert _state(explainer.pk) == (version + 1, rows + 1)
    box.refresh_from_db()
    assert box.body == f"Aid reached [[stat:{statistic.key}]]."


def test_make_statistic_takes_the_version_seen_and_refuses_a_stale_one(editor):
    explainer = ExplainerFactory.create(created_by=editor, body="Floods hit 12 towns.")
    fingerprint = _finding(explainer).fingerprint
    seen = Explainer.objects.get(pk=explainer.pk).version
    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={"standfirst": "Changed after the page was opened."},
    )
    before = _state(explainer.pk)

    with pytest.raises(StaleWrite):
        statistic_create_from_finding(
            explainer_id=explainer.pk,
            actor=editor,
            fingerprint=fingerprint,
            expected_version=seen,
        )

    assert _state(explainer.pk) == before
    assert not Statistic.objects.filter(explainer=explainer).exists()
    assert Explainer.objects.get(pk=explainer.pk).body == "Floods hit 12 towns."


# --- the admin's save of a page with inlines ------------------------------------------


@pytest.fixture
def demo(db):
    call_command("load_demo", password="demo-password-1")
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    assert explainer.created_by is not None
    content.box_create(
        explainer_id=explainer.pk,
        actor=explainer.created_by,
        data={"title": "Who is who", "body": "The air force and its targets."},
    )
    return explainer


def _index(data: dict, prefix: str, field: str, value) -> int:
    return next(
        i
        for i in range(int(data[f"{prefix}-TOTAL_FORMS"]))
        if data[f"{prefix}-{i}-{field}"] == value
    )


def test_saving_the_explainer_page_with_inlines_makes_one_version(client, demo):
    url = f"/admin/explainers/explainer/{demo.pk}/change/"
    client.login(username="editor", password="demo-password-1")
    data = form_data(client.get(url))
    box = demo.boxes.order_by("position", "id").first()
    data["standfirst"] = "Strikes on cities far from the front continue."
    data[f"boxes-{_index(data, 'boxes', 'id', box.pk)}-body"] = "A shorter history."
    stat = _index(data, "statistics", "key", "kryvyi-rih-deaths")
    data[f"statistics-{stat}-display_text"] = "at least 18 people"
    version, rows = _state(demo.pk)

    response = client.post(url, data)

    assert response.status_code == 302
    assert _state(demo.pk) == (version + 1, rows + 1)
    assert _latest(demo.pk).history_change_reason == (
        "Edited standfirst; "
        f"Edited box '{box.title}'; "
        "Edited statistic 'kryvyi-rih-deaths'"
    )
    assert BackgroundBox.objects.get(pk=box.pk).body == "A shorter history."
    statistic = Statistic.objects.get(explainer=demo, key="kryvyi-rih-deaths")
    assert statistic.display_text == "at least 18 people"


def test_changing_authors_in_the_admin_writes_one_history_row(client, demo, chief):
    url = f"/admin/explainers/explainer/{demo.pk}/change/"
    client.login(username="editor", password="demo-password-1")
    data = form_data(client.get(url))
    data["authors"] = [*data["authors"], str(chief.pk)]
    version, rows = _state(demo.pk)

    assert client.post(url, data).status_code == 302

    assert _state(demo.pk) == (version + 1, rows + 1)
    latest = _latest(demo.pk)
    assert latest.history_change_reason == "Edited authors"
    assert chief.pk in {row.user_id for row in latest.authors.all()}


def test_saving_the_statistic_page_with_citations_makes_one_version(client, demo):
    statistic = Statistic.objects.get(explainer=demo, key="kryvyi-rih-deaths")
    citation = statistic.citations.first()
    url = f"/admin/explainers/statistic/{statistic.pk}/change/"
    client.login(username="editor", password="demo-password-1")
    data = form_data(client.get(url))
    data["claim"] = "People killed by the strike on the city, as counted locally."
    index = _index(data, "citations", "id", citation.pk)
    data[f"citations-{index}-locator"] = "para. 2"
    version, rows = _state(demo.pk)

    response = client.post(url, data)

    assert response.status_code == 302
    assert _state(demo.pk) == (version + 1, rows + 1)
    assert _latest(demo.pk).history_change_reason == (
        "Edited statistic 'kryvyi-rih-deaths'; Edited a citation of 'kryvyi-rih-deaths'"
    )
    citation.refresh_from_db()
    assert citation.locator == "para. 2"
    reasons = list(
        statistic.history.order_by("-history_date", "-history_id").values_list(
            "history_change_reason", flat=True
        )[:2]
    )
    assert reasons == ["Edited a citation", "Edited claim"]
