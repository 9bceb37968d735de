"""The public API: live revisions only, anonymous, read-only, cached, throttled."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from explainers.services import transitions
from tests.api.helpers import assert_error
from tests.explainers.workflow_helpers import make_draft, make_published
from tests.factories import ConflictFactory
from tests.versions import seen

LIST = "/api/v1/explainers/"


def detail(explainer) -> str:
    return f"/api/v1/explainers/{explainer.slug}/"


@pytest.fixture
def published(editor, reviewer):
    return make_published(editor, reviewer, title="Why the deal stalled")


class TestList:
    def test_lists_live_explainers_only(self, anon, published, editor):
        make_draft(editor, title="Unpublished draft")
        response = anon.get(LIST)
        assert response.status_code == 200
        body = response.json()
        assert body["next"] is None
        [item] = body["results"]
        assert item["slug"] == published.slug
        assert item["title"] == "Why the deal stalled"
        assert item["revision"] == 1
        assert item["id"] == published.pk
        assert (item["state"], item["archived"]) == ("published", False)
        # Absolute, so a partner can link and fetch from anywhere.
        assert item["url"] == f"http://testserver/explainers/{published.slug}/"
        assert item["api_url"] == f"http://testserver{detail(published)}"
        assert item["first_published_at"] <= item["published_at"]
        assert item["updated_at"] == item["published_at"]

    def test_empty_parameters_filter_nothing(self, anon, published):
        body = anon.get(LIST, {"q": "", "conflict": "", "updated_since": " "}).json()
        assert [i["slug"] for i in body["results"]] == [published.slug]

    def test_is_paged_by_cursor_newest_first(self, anon, editor, reviewer):
        for n in range(3):
            make_published(editor, reviewer, slug=f"piece-{n}")
        body = anon.get(LIST, {"page_size": 2}).json()
        assert [i["slug"] for i in body["results"]] == ["piece-2", "piece-1"]
        assert body["next"].startswith("http://testserver/api/v1/explainers/?")
        second = anon.get(body["next"]).json()
        assert [i["slug"] for i in second["results"]] == ["piece-0"]
        assert second["next"] is None

    def test_a_cursor_that_is_not_ours_is_a_field_error(self, anon, published):
        body = assert_error(anon.get(LIST, {"cursor": "bm9wZQ"}), 400, "invalid")
        assert list(body["errors"]) == ["cursor"]

    def test_filters_by_conflict_slug(self, anon, editor, reviewer):
        ukraine = ConflictFactory.create(slug="ukraine", name="Ukraine")
        make_published(editor, reviewer, slug="in-ukraine", conflict=ukraine)
        make_published(editor, reviewer, slug="elsewhere")
        body = anon.get(LIST, {"conflict": "ukraine"}).json()
        assert [i["slug"] for i in body["results"]] == ["in-ukraine"]
        assert body["results"][0]["conflict"] == {"name": "Ukraine", "slug": "ukraine"}

    def test_filters_by_updated_since(self, anon, published):
        past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
        future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
        assert len(anon.get(LIST, {"updated_since": past}).json()["results"]) == 1
        assert anon.get(LIST, {"updated_since": future}).json()["results"] == []

    def test_a_bad_updated_since_is_a_field_error(self, anon, published):
        response = anon.get(LIST, {"updated_since": "last tuesday"})
        body = assert_error(response, 400, "invalid")
        assert list(body["errors"]) == ["updated_since"]

    def test_searches_the_published_text(self, anon, editor, reviewer):
        make_published(editor, reviewer, slug="minerals", body="Lithium talks.")
        make_published(editor, reviewer, slug="other", body="Grain corridor.")
        body = anon.get(LIST, {"q": "lithium"}).json()
        assert [i["slug"] for i in body["results"]] == ["minerals"]

    def test_archived_explainers_leave_the_list(self, anon, published, chief):
        transitions.explainer_unpublish(
            explainer_id=published.pk, actor=chief, expected_version=seen(published.pk)
        )
        assert anon.get(LIST).json()["results"] == []


class TestIncrementalSync:
    """``updated_since`` answers what changed: new revisions and withdrawals."""

    def test_withdrawn_explainers_come_back_as_archived_to_take_down(
        self, anon, published, chief
    ):
        since = timezone.now().isoformat()
        transitions.explainer_unpublish(
            explainer_id=published.pk, actor=chief, expected_version=seen(published.pk)
        )
        [item] = anon.get(LIST, {"updated_since": since}).json()["results"]
        assert (item["id"], item["slug"]) == (published.pk, published.slug)
        assert (item["state"], item["archived"]) == ("archived", True)
        assert item["title"] == "Why the deal stalled"
        assert item["updated_at"] > item["published_at"]
        assert anon.get(item["api_url"]).status_code == 410
        # Only a sync asks for withdrawals: the plain list and a search show
        # live explainers, and an older withdrawal is not news.
        assert anon.get(LIST).json()["results"] == []
        assert anon.get(LIST, {"updated_since": since, "q": "deal"}).json() == {
            "next": None,
            "results": [],
        }
        later = (timezone.now() + datetime.timedelta(seconds=1)).isoformat()
        assert anon.get(LIST, {"updated_since": later}).json()["results"] == []

    def test_pages_run_through_both_kinds_newest_first(
        self, anon, editor, reviewer, chief
    ):
        since = timezone.now().isoformat()
        first = make_published(editor, reviewer, slug="piece-a")
        make_published(editor, reviewer, slug="piece-b")
        transitions.explainer_unpublish(
            explainer_id=first.pk, actor=chief, expected_version=seen(first.pk)
        )
        make_published(editor, reviewer, slug="piece-c")
        seen_items = []
        url = f"{LIST}?updated_since={since.replace('+', '%2B')}&page_size=1"
        while url:
            body = anon.get(url).json()
            seen_items += [(i["slug"], i["state"]) for i in body["results"]]
            url = body["next"]
        assert seen_items == [
            ("piece-c", "published"),
            ("piece-a", "archived"),
            ("piece-b", "published"),
        ]


class TestDetail:
    def test_serves_the_live_revision_with_everything_readers_see(
        self, anon, published
    ):
        response = anon.get(detail(published))
        assert response.status_code == 200
        body = response.json()
        assert body["revision"] == 1
        assert body["title"] == "Why the deal stalled"
        # Partners read what readers read: figures resolved, never a token,
        # no footnote marks in the plain text.
        assert body["body"] == "The war has displaced more than 1,000 people."
        assert "more than 1,000 people" in body["html"]
        [box] = body["boxes"]
        assert box["title"] == "Background"
        assert box["body"] == "History."
        assert box["html"] == "<p>History.</p>\n"
        [statistic] = body["statistics"]
        assert statistic["key"] == "figure-1"
        assert statistic["reviewed_by"] == "reviewer"
        [citation] = statistic["citations"]
        assert citation["locator"] == "p. 4"
        assert citation["source"]["publisher"].startswith("UN Office")
        assert citation["source"]["number"] == 1
        assert body["corrections"] == []
        assert statistic["as_of"] == str(published.statistics.get().as_of)
        # No raw token anywhere in the answer.
        assert "[[stat:" not in response.content.decode()

    def test_links_are_absolute_and_dates_say_first_and_last_publication(
        self, anon, published
    ):
        body = anon.get(detail(published)).json()
        page = f"http://testserver/explainers/{published.slug}/"
        assert (body["url"], body["api_url"]) == (
            page,
            f"http://testserver{detail(published)}",
        )
        # The footnote mark points at the sources list on our page.
        assert f'href="{page}#source-1"' in body["html"]
        assert body["first_published_at"] <= body["published_at"]
        assert body["updated_at"] == body["published_at"]
        assert (body["state"], body["archived"]) == ("published", False)

    def test_lists_corrections_of_republished_revisions(
        self, anon, published, editor, reviewer
    ):
        from explainers.services import content
        from tests.explainers.workflow_helpers import reapprove_and_republish

        statistic = published.statistics.get()
        content.statistic_update(
            statistic_id=statistic.pk,
            actor=editor,
            data={"display_text": "more than 1,200 people"},
        )
        reapprove_and_republish(
            published,
            editor=editor,
            reviewer=reviewer,
            correction="An earlier version understated the number displaced.",
        )
        body = anon.get(detail(published)).json()
        assert body["revision"] == 2
        # First published with revision 1; updated by revision 2.
        assert body["first_published_at"] < body["updated_at"]
        assert body["corrections"] == [
            {
                "text": "An earlier version understated the number displaced.",
                "revision": 2,
                "published_at": body["published_at"],
            }
        ]

    def test_drafts_and_unknown_slugs_are_not_found(self, anon, editor):
        draft = make_draft(editor)
        for path in (detail(draft), "/api/v1/explainers/no-such-thing/"):
            assert_error(anon.get(path), 404, "not_found")

    def test_archived_explainers_are_gone(self, anon, published, chief):
        transitions.explainer_unpublish(
            explainer_id=published.pk, actor=chief, expected_version=seen(published.pk)
        )
        assert_error(
            anon.get(detail(published)),
            410,
            "gone",
            "This explainer has been withdrawn.",
        )

    def test_answers_304_to_a_current_etag(self, anon, published):
        response = anon.get(detail(published))
        etag = response["ETag"]
        assert response["Cache-Control"] == "public, max-age=60"
        again = anon.get(detail(published), HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again["ETag"] == etag
        assert not again.content
        other = anon.get(detail(published), HTTP_IF_NONE_MATCH='"something-else"')
        assert other.status_code == 200

    def test_list_answers_304_until_the_list_changes(
        self, anon, published, editor, reviewer
    ):
        etag = anon.get(LIST)["ETag"]
        assert anon.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
        make_published(editor, reviewer, slug="another")
        assert anon.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_a_new_revision_changes_the_etag(self, anon, published, editor, reviewer):
        from explainers.services import content
        from tests.explainers.workflow_helpers import reapprove_and_republish

        etag = anon.get(detail(published))["ETag"]
        content.explainer_update(
            explainer_id=published.pk, actor=editor, data={"standfirst": "New dek."}
        )
        reapprove_and_republish(published, editor=editor, reviewer=reviewer)
        response = anon.get(detail(published), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response.json()["standfirst"] == "New dek."


class TestNoDraftData:
    """What is edited after publication stays out until it is published."""

    def test_edits_statistics_and_boxes_added_after_publication_stay_private(
        self, anon, published, as_editor
    ):
        base = f"/api/v1/newsroom/explainers/{published.pk}/"
        assert (
            as_editor.patch(
                base,
                {"title": "DRAFT TITLE", "body": "DRAFT BODY [[stat:secret]]"},
                format="json",
            ).status_code
            == 200
        )
        assert (
            as_editor.post(
                base + "statistics/",
                {"key": "secret", "claim": "Unchecked", "display_text": "999 DRAFT"},
                format="json",
            ).status_code
            == 201
        )
        assert (
            as_editor.post(
                base + "boxes/",
                {"title": "DRAFT BOX", "body": "DRAFT BOX BODY"},
                format="json",
            ).status_code
            == 201
        )
        statistic = published.statistics.get(key="figure-1")
        assert (
            as_editor.patch(
                f"{base}statistics/{statistic.pk}/",
                {"display_text": "DRAFT NUMBER"},
                format="json",
            ).status_code
            == 200
        )

        answers = [
            anon.get(detail(published)),
            anon.get(LIST),
            anon.get(LIST, {"q": "DRAFT"}),
        ]
        for response in answers:
            assert response.status_code == 200
            assert b"DRAFT" not in response.content
            assert b"secret" not in response.content
        body = answers[0].json()
        assert [s["key"] for s in body["statistics"]] == ["figure-1"]
        assert [b["title"] for b in body["boxes"]] == ["Background"]
        assert answers[2].json()["results"] == []


class TestMethods:
    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
    def test_the_public_api_is_read_only(self, anon, published, method):
        for path in (LIST, detail(published)):
            response = getattr(anon, method)(path, {}, format="json")
            assert_error(response, 405, "method_not_allowed")

    def test_credentials_are_not_needed_and_not_checked(self, published):
        from rest_framework.test import APIClient

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token nonsense")
        assert client.get(detail(published)).status_code == 200


class TestThrottle:
    def test_anonymous_readers_are_throttled(self, anon, published, settings):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "2/minute"},
        }
        assert anon.get(LIST).status_code == 200
        assert anon.get(detail(published)).status_code == 200
        response = anon.get(LIST)
        assert_error(response, 429, "throttled")
        assert int(response["Retry-After"]) > 0


class TestQueryCounts:
    """Public answers cost the same number of queries whatever their size."""

    @pytest.mark.parametrize("size", [1, 6])
    def test_list(self, anon, editor, reviewer, size, django_assert_num_queries):
        for n in range(size):
            make_published(editor, reviewer, slug=f"piece-{n}", statistics=size)
        # One indexed query on the listing: no count, no revision JSON.
        with django_assert_num_queries(1):
            response = anon.get(LIST)
        assert len(response.json()["results"]) == size
        # A later page and a search cost the same.
        with django_assert_num_queries(1):
            later = anon.get(LIST, {"page_size": 1})
        with django_assert_num_queries(1):
            anon.get(later.json()["next"] or LIST)
        # PostgreSQL runs a search under a statement timeout in its own
        # transaction (here a savepoint, its SET LOCAL and its release).
        anon.get(LIST, {"q": "war"})  # whether SQLite has FTS5 is asked once
        with django_assert_num_queries(4 if connection.vendor == "postgresql" else 1):
            anon.get(LIST, {"q": "war"})
        # A sync reads the listing and the withdrawals, each one range scan.
        since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
        with django_assert_num_queries(2):
            synced = anon.get(LIST, {"updated_since": since})
        assert len(synced.json()["results"]) == size

    @pytest.mark.parametrize("size", [1, 12])
    def test_detail(self, anon, editor, reviewer, size, django_assert_num_queries):
        explainer = make_published(editor, reviewer, statistics=size)
        # Is the slug live (and which revision), then the revision and its
        # corrections: the same two queries as the public page.
        with django_assert_num_queries(2):
            response = anon.get(detail(explainer))
        assert len(response.json()["statistics"]) == size
        # A conditional GET stops after the first.
        with django_assert_num_queries(1):
            assert (
                anon.get(
                    detail(explainer), HTTP_IF_NONE_MATCH=response["ETag"]
                ).status_code
                == 304
            )
