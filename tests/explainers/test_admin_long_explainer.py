"""A long explainer's change page lists its statistics instead of editing all
in place (fifty editable statistics would take it past its time budget)."""

import pytest

from explainers.admin.explainer import STATISTICS_EDITED_INLINE
from explainers.models import Explainer
from tests.admin_helpers import form_data
from tests.explainers.workflow_helpers import make_draft

pytestmark = pytest.mark.django_db


def _url(explainer: Explainer, query: str = "") -> str:
    return f"/admin/explainers/explainer/{explainer.pk}/change/{query}"


def test_a_long_explainer_lists_its_statistics_and_still_saves(client, editor):
    explainer = make_draft(editor, statistics=STATISTICS_EDITED_INLINE + 1)
    client.force_login(editor)

    page = client.get(_url(explainer))
    text = page.content.decode()
    assert "open one to edit it" in text
    assert 'name="statistics-0-display_text"' not in text
    assert text.count("/admin/explainers/statistic/") >= STATISTICS_EDITED_INLINE

    data = form_data(page)
    data["standfirst"] = "A longer standfirst for a long explainer."
    saved = client.post(_url(explainer), data)
    assert saved.status_code == 302
    explainer.refresh_from_db()
    assert explainer.standfirst == "A longer standfirst for a long explainer."
    assert explainer.statistics.count() == STATISTICS_EDITED_INLINE + 1

    every = client.get(_url(explainer, "?edit_statistics=all")).content.decode()
    assert 'name="statistics-0-display_text"' in every


def test_a_short_explainer_edits_its_statistics_in_place(client, editor):
    explainer = make_draft(editor, statistics=STATISTICS_EDITED_INLINE)
    client.force_login(editor)
    text = client.get(_url(explainer)).content.decode()
    assert 'name="statistics-0-display_text"' in text
