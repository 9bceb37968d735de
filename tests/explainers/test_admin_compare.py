"""Compare answers "what changed since readers saw it", field by field, by save."""

import pytest

from explainers import demo_content
from explainers.models import Explainer
from explainers.services import content
from explainers.versions import default_baseline

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(demo_newsroom, db):
    """The published demo explainer (the demo is loaded once for the module)."""
    return Explainer.objects.get(slug=demo_content.MINERALS["slug"])


def _url(explainer):
    return f"/admin/explainers/explainer/{explainer.pk}/versions/"


def test_compare_opens_on_what_changed_since_the_live_revision(client, published):
    editor = published.created_by
    statistic = published.statistics.get(key="killed-by-2020")
    citation = statistic.citations.first()
    old_locator = citation.locator
    content.citation_update(
        citation_id=citation.pk,
        actor=editor,
        data={
            "quote": "Over thirteen thousand people were killed, the UN says.",
            "locator": "Page nine",
        },
    )
    content.statistic_update(
        statistic_id=statistic.pk,
        actor=editor,
        data={"display_text": "more than 14,000 people"},
    )
    client.login(username="editor", password="demo-password-1")

    page = client.get(_url(published)).content.decode()

    assert "What changed since the live revision" in page
    assert "No difference" not in page
    assert "2 saves in between" in page
    # The quoted passage, old and new, not "citations: 1 → 1".
    assert "<del>" in page and "thirteen" in page
    assert f"<td><del>{old_locator or '—'}</del></td><td><ins>Page nine</ins></td>" in (
        page
    )
    assert "citations: 1 → 1" not in page
    assert "<ins>14,000" in page  # the display text, as a word diff


def test_a_never_published_explainer_compares_since_the_last_review(editor, reviewer):
    from explainers.services import transitions
    from tests.factories import ExplainerFactory
    from tests.versions import seen

    explainer = ExplainerFactory.create(created_by=editor, last_edited_by=editor)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    transitions.explainer_request_changes(
        explainer_id=explainer.pk,
        actor=reviewer,
        comment="Say who counted.",
        expected_version=seen(explainer.pk),
    )
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"standfirst": "Who counted."}
    )

    history_id, why = default_baseline(explainer)

    assert why.startswith("since the last review (Request changes by reviewer")
    record = explainer.history.get(history_id=history_id)
    assert record.state == Explainer.State.CHANGES_REQUESTED


def test_versions_are_listed_one_row_per_save(client, published):
    client.login(username="editor", password="demo-password-1")
    page = client.get(_url(published))
    saves = page.context["saves"]
    versions = [save.record.version for save in saves]
    assert len(versions) == len(set(versions))  # never two rows of one version
    assert any(save.steps for save in saves)  # workflow steps sit under their save
