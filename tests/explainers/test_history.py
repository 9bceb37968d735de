"""Every editorial change is in history with who, when, why and what."""

import pytest

from explainers.models import BackgroundBox, Explainer, Statistic
from explainers.services import content
from sources import services as source_services
from sources.models import Citation
from tests.factories import (
    BackgroundBoxFactory,
    CitationFactory,
    ExplainerFactory,
    SourceFactory,
    StatisticFactory,
)

pytestmark = pytest.mark.django_db


def test_editing_an_explainer_records_who_why_and_what_changed(editor):
    explainer = content.explainer_create(
        actor=editor, data={"title": "Old title", "slug": "a-slug", "body": "Body."}
    )
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "New title"}
    )
    latest, previous = explainer.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_change_reason == "Edited title"
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "title"] == [
        ("title", "Old title", "New title")
    ]


def test_an_unchanged_save_writes_no_history(editor):
    explainer = ExplainerFactory.create(created_by=editor, title="Same")
    before = explainer.history.count()
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "Same"}
    )
    assert explainer.history.count() == before


def test_deleting_a_box_keeps_it_in_history_with_who_deleted_it(editor):
    box = BackgroundBoxFactory.create(
        explainer=ExplainerFactory.create(created_by=editor)
    )
    content.box_delete(box_id=box.pk, actor=editor)
    assert not BackgroundBox.objects.filter(pk=box.pk).exists()
    deletion = BackgroundBox.history.filter(id=box.pk).latest("history_date")
    assert deletion.history_type == "-"
    assert deletion.history_user == editor
    assert deletion.title == box.title


def test_deleting_a_statistic_records_it_and_its_citations(editor):
    citation = CitationFactory.create(
        statistic=StatisticFactory.create(
            explainer=ExplainerFactory.create(created_by=editor)
        )
    )
    content.statistic_delete(statistic_id=citation.statistic_id, actor=editor)
    assert not Statistic.objects.exists()
    assert Statistic.history.filter(history_type="-", history_user=editor).exists()
    assert Citation.history.filter(history_type="-", history_user=editor).exists()


def test_source_edits_are_in_history(editor):
    source = SourceFactory.create(title="Before")
    source_services.source_update(
        source_id=source.pk, actor=editor, data={"title": "After"}
    )
    latest = source.history.first()
    assert latest.history_user == editor
    assert latest.title == "After"


def test_citation_edit_is_in_the_history_of_citation_statistic_and_explainer(editor):
    citation = CitationFactory.create(
        statistic=StatisticFactory.create(
            explainer=ExplainerFactory.create(created_by=editor)
        )
    )
    content.citation_update(
        citation_id=citation.pk, actor=editor, data={"locator": "p. 9"}
    )
    assert citation.history.first().locator == "p. 9"
    assert (
        citation.statistic.history.first().history_change_reason == "Edited a citation"
    )
    explainer = Explainer.objects.get(pk=citation.statistic.explainer_id)
    assert explainer.history.first().history_user == editor


def test_admin_history_page_shows_who_changed_what(client, editor):
    explainer = content.explainer_create(
        actor=editor, data={"title": "Minsk", "slug": "minsk", "body": "First."}
    )
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"body": "Second."}
    )
    client.force_login(editor)
    response = client.get(f"/admin/explainers/explainer/{explainer.pk}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "editor" in page
    assert "First." in page and "Second." in page
    assert "Edited body" in page
