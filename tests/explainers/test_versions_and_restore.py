"""Comparing versions of an explainer and restoring one as a new draft."""

import pytest
from django.core.exceptions import PermissionDenied

from explainers import demo_content
from explainers.models import Explainer
from explainers.services import content
from explainers.services.restore import explainer_restore
from explainers.versions import compare, version_at
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(demo_newsroom, db):
    """The published demo explainer (the demo is loaded once for the module)."""
    return Explainer.objects.get(slug=demo_content.MINERALS["slug"])


def _latest_id(explainer):
    return explainer.history.order_by("-history_date", "-history_id").first().history_id


def test_compare_shows_text_box_and_statistic_changes(published, editor):
    before = _latest_id(published)
    editor_user = published.created_by
    content.explainer_update(
        explainer_id=published.pk,
        actor=editor_user,
        data={"body": published.body.replace("weeks", "months")},
    )
    box = published.boxes.first()
    content.box_delete(box_id=box.pk, actor=editor_user)
    stat = published.statistics.get(key="refugees-abroad")
    content.statistic_update(
        statistic_id=stat.pk, actor=editor_user, data={"display_text": "over 6 million"}
    )
    published.refresh_from_db()

    diff = compare(
        version_at(published, before), version_at(published, _latest_id(published))
    )

    body = next(f for f in diff["fields"] if f["name"] == "body")
    assert "<del>weeks</del>" in body["diff"] and "<ins>months</ins>" in body["diff"]
    assert [(b["title"], b["status"]) for b in diff["boxes"]] == [
        (box.title, "removed")
    ]
    changed = next(s for s in diff["statistics"] if s["key"] == "refugees-abroad")
    assert changed["status"] == "changed"
    assert any(
        c["name"] == "display text" and c["new"] == "over 6 million"
        for c in changed["changes"]
    )


def test_diff_escapes_markup():
    from explainers.versions import text_diff

    assert "<script>" not in text_diff("a", "<script>alert(1)</script>")


def test_restore_brings_back_text_boxes_and_citations_as_a_draft(published):
    editor_user = published.created_by
    original_id = _latest_id(published)
    live = published.live_revision
    box = published.boxes.first()
    stat = published.statistics.get(key="killed-by-2020")
    content.explainer_update(
        explainer_id=published.pk, actor=editor_user, data={"title": "A worse title"}
    )
    content.box_delete(box_id=box.pk, actor=editor_user)
    citation = stat.citations.get()
    content.citation_delete(citation_id=citation.pk, actor=editor_user)
    content.citation_create(
        statistic_id=stat.pk,
        actor=editor_user,
        data={"source": SourceFactory.create(), "locator": "p. 1"},
    )

    notes = explainer_restore(
        explainer_id=published.pk, actor=editor_user, history_id=original_id
    )

    assert notes == []
    published.refresh_from_db()
    assert published.title == demo_content.MINERALS["title"]
    assert published.state == Explainer.State.DRAFT
    assert published.live_revision == live  # readers still see the published text
    assert box.title in set(published.boxes.values_list("title", flat=True))
    assert list(stat.citations.values_list("source_id", "locator")) == [
        (citation.source_id, citation.locator)
    ]


def test_restore_is_for_editors(published, reviewer):
    with pytest.raises(PermissionDenied):
        explainer_restore(
            explainer_id=published.pk, actor=reviewer, history_id=_latest_id(published)
        )


def test_versions_page_compares_and_offers_restore(client, published):
    client.login(username="editor", password="demo-password-1")
    records = list(published.history.order_by("-history_date", "-history_id"))
    url = f"/admin/explainers/explainer/{published.pk}/versions/"
    page = client.get(
        url, {"from": records[-1].history_id, "to": records[0].history_id}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Changes from" in text
    assert "Restore as draft" in text

    response = client.post(
        f"/admin/explainers/explainer/{published.pk}/restore/",
        {"history_id": records[1].history_id},
        follow=True,
    )
    assert "restored as a draft" in response.content.decode()
