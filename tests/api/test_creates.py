"""Creates in the newsroom API: 201 with the new resource's Location, and a
slug made from the title when none is given."""

import pytest

from explainers.models import Explainer
from tests.api.helpers import assert_error, world
from tests.explainers.workflow_helpers import make_draft
from tests.factories import SourceFactory
from tests.versions import seen

BASE = "/api/v1/newsroom/explainers/"


def create(client, data):
    return client.post(BASE, data, format="json")


class TestLocation:
    def test_a_new_explainer_is_found_at_its_location(self, as_editor):
        response = create(as_editor, {"title": "Minsk, explained", "slug": "minsk"})
        assert response.status_code == 201
        explainer = Explainer.objects.get(slug="minsk")
        location = f"http://testserver{BASE}{explainer.pk}/"
        assert response["Location"] == location
        assert as_editor.get(location).json()["slug"] == "minsk"

    def test_boxes_statistics_and_citations_answer_with_theirs(self, as_editor, editor):
        draft = make_draft(editor)
        explainer_url = f"{BASE}{draft.pk}/"
        box = as_editor.post(
            explainer_url + "boxes/",
            {"title": "Who is who", "body": "People."},
            format="json",
            HTTP_IF_MATCH=f'"{seen(draft.pk)}"',
        )
        assert box.status_code == 201
        assert box["Location"] == (
            f"http://testserver{explainer_url}boxes/{box.json()['id']}/"
        )
        statistic = as_editor.post(
            explainer_url + "statistics/",
            {"key": "dead", "claim": "Deaths", "display_text": "over 13,000 people"},
            format="json",
        )
        assert statistic.status_code == 201
        statistic_url = f"{explainer_url}statistics/{statistic.json()['id']}/"
        assert statistic["Location"] == f"http://testserver{statistic_url}"
        citation = as_editor.post(
            statistic_url + "citations/",
            {"source": SourceFactory.create().pk, "locator": "p. 2"},
            format="json",
        )
        assert citation.status_code == 201
        assert citation["Location"] == (
            f"http://testserver{statistic_url}citations/{citation.json()['id']}/"
        )
        assert as_editor.get(citation["Location"]).status_code == 200

    def test_a_new_source_answers_with_its_location(self, as_editor):
        response = as_editor.post(
            "/api/v1/newsroom/sources/",
            {
                "kind": "ngo",
                "title": "Report",
                "url": "https://example.org/report",
                "accessed_date": "2026-01-01",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        source_id = response.json()["id"]
        assert response["Location"] == (
            f"http://testserver/api/v1/newsroom/sources/{source_id}/"
        )


class TestSlugs:
    def test_a_slug_is_made_from_the_title_when_none_is_given(self, as_editor):
        response = create(as_editor, {"title": "Why the Minerals Deal Stalled"})
        assert response.status_code == 201
        assert response.json()["slug"] == "why-the-minerals-deal-stalled"

    def test_a_made_slug_is_unique(self, as_editor):
        slugs = [
            create(as_editor, {"title": "Grain corridor", "slug": ""}).json()["slug"]
            for _ in range(3)
        ]
        assert slugs == ["grain-corridor", "grain-corridor-2", "grain-corridor-3"]

    def test_a_title_without_latin_letters_still_gets_a_slug(self, as_editor):
        assert create(as_editor, {"title": "Війна"}).json()["slug"] == "explainer"

    def test_a_given_slug_is_kept_and_a_taken_one_refused(self, as_editor, editor):
        make_draft(editor, slug="taken")
        before = world()
        body = assert_error(
            create(as_editor, {"title": "Another", "slug": "taken"}), 400, "invalid"
        )
        assert list(body["errors"]) == ["slug"]
        assert world() == before

    @pytest.mark.parametrize("method", ["put"])
    def test_replacing_an_explainer_still_names_its_slug(
        self, as_editor, editor, method
    ):
        draft = make_draft(editor)
        response = getattr(as_editor, method)(
            f"{BASE}{draft.pk}/", {"title": "New title"}, format="json"
        )
        body = assert_error(response, 400, "invalid")
        assert list(body["errors"]) == ["slug"]
