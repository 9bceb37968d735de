"""Lists and search read the live listing, kept in step with publication.

The listing row of an explainer is written with the publication that makes a
revision live and removed with the unpublication; home and conflict pages
page through it by cursor; search is rate-limited per client and, on
PostgreSQL, ranked by weight, highlighted and stopped at a timeout.
"""

import pytest
from django.db import connection

from explainers import search
from explainers.models import LiveListing, Withdrawal
from explainers.services import content, transitions
from tests.explainers.workflow_helpers import make_published, reapprove_and_republish
from tests.factories import ConflictFactory
from tests.versions import seen

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Full-text search needs PostgreSQL."
)


def test_publishing_writes_the_listing_from_the_revision(editor, reviewer):
    conflict = ConflictFactory.create(name="Sudan war", slug="sudan")
    explainer = make_published(
        editor, reviewer, title="Why Khartoum fell", conflict=conflict
    )
    listing = LiveListing.objects.get(pk=explainer.pk)
    assert listing.revision_id == explainer.live_revision_id
    assert (listing.title, listing.slug) == ("Why Khartoum fell", explainer.slug)
    assert (listing.conflict_name, listing.conflict_slug) == ("Sudan war", "sudan")
    assert listing.published_at == explainer.live_revision.published_at


def test_a_draft_edit_leaves_the_listing_and_a_republication_replaces_it(
    editor, reviewer
):
    explainer = make_published(editor, reviewer, title="First title")
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "Second title"}
    )
    assert LiveListing.objects.get(pk=explainer.pk).title == "First title"

    revision = reapprove_and_republish(explainer, editor=editor, reviewer=reviewer)

    listing = LiveListing.objects.get(pk=explainer.pk)
    assert (listing.title, listing.revision_id) == ("Second title", revision.pk)
    assert LiveListing.objects.count() == 1


def test_unpublishing_removes_the_listing(editor, reviewer, chief):
    explainer = make_published(editor, reviewer)
    transitions.explainer_unpublish(
        explainer_id=explainer.pk, actor=chief, expected_version=seen(explainer.pk)
    )
    assert not LiveListing.objects.exists()


def test_the_home_page_pages_by_cursor_newest_first(client, editor, reviewer, settings):
    for n in range(3):
        make_published(editor, reviewer, slug=f"piece-{'abc'[n]}")
    from explainers import selectors

    page = selectors.live_explainer_page(limit=2)
    assert [i["published_slug"] for i in page.items] == ["piece-c", "piece-b"]
    rest = selectors.live_explainer_page(limit=2, cursor=page.next_cursor)
    assert [i["published_slug"] for i in rest.items] == ["piece-a"]
    assert rest.next_cursor is None

    html = client.get("/").content.decode()
    assert "piece-c" in html  # 3 fit on the first page of 50: no next link
    assert 'rel="next"' not in html


def test_a_cursor_that_is_not_ours_is_not_found(client, editor, reviewer):
    make_published(editor, reviewer)
    assert client.get("/?after=not-a-cursor").status_code == 404


def test_search_is_rate_limited_per_client(client, editor, reviewer, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "search": "2/minute",
        },
    }
    make_published(editor, reviewer)
    assert client.get("/search/?q=war").status_code == 200
    assert client.get("/api/v1/explainers/?q=war").status_code == 200
    refused = client.get("/search/?q=war")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many searches" in refused.content.decode()
    assert client.get("/api/v1/explainers/?q=war").status_code == 429
    # Reading pages is not searching.
    assert client.get("/").status_code == 200
    cache.clear()


def test_a_search_stopped_at_the_timeout_says_so(client, editor, reviewer, monkeypatch):
    make_published(editor, reviewer)

    def too_slow(query, **kwargs):
        raise search.SearchTooSlow

    monkeypatch.setattr(search, "search_live_explainers", too_slow)
    response = client.get("/search/?q=war")
    assert response.status_code == 503
    assert "took too long" in response.content.decode()


@postgres_only
def test_postgresql_stops_a_slow_query_at_the_timeout():
    with (
        pytest.raises(search.SearchTooSlow),
        search.statement_timeout(50),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT pg_sleep(1)")


@postgres_only
def test_postgresql_ranks_title_above_body_and_highlights(editor, reviewer):
    make_published(
        editor,
        reviewer,
        slug="in-body",
        title="Grain corridor",
        body="Talks on lithium went on.",
    )
    make_published(
        editor,
        reviewer,
        slug="in-title",
        title="Lithium and the deal",
        standfirst="Why lithium matters.",
    )
    found = search.search_live_explainers("lithium")
    assert [r["published_slug"] for r in found] == ["in-title", "in-body"]
    assert "<mark>lithium</mark>" in str(found[0]["published_standfirst"])
    assert search.search_live_explainers("<script>") == []


def test_the_highlight_escapes_the_standfirst():
    marked = search._highlighted(f"<b>{search._MATCH_START}war{search._MATCH_END}</b>")
    assert marked == "&lt;b&gt;<mark>war</mark>&lt;/b&gt;"


sqlite_full_text = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's FTS5 index of the listing."
)


@sqlite_full_text
def test_sqlite_search_matches_word_forms_and_ranks_titles_first(editor, reviewer):
    make_published(
        editor, reviewer, slug="in-body", title="Grain corridor", body="Refugees fled."
    )
    make_published(
        editor,
        reviewer,
        slug="in-title",
        title="The refugee count",
        standfirst="Where <the> refugees went.",
    )
    found = search.search_live_explainers("refugee")
    assert [r["published_slug"] for r in found] == ["in-title", "in-body"]
    # The plural matches the singular, marked in the escaped standfirst.
    assert str(found[0]["published_standfirst"]) == (
        "Where &lt;the&gt; <mark>refugees</mark> went."
    )
    assert [r["published_slug"] for r in search.search_live_explainers("fled")] == [
        "in-body"
    ]
    assert len(search.search_live_explainers("refugees")) == 2


@sqlite_full_text
def test_sqlite_search_takes_words_not_query_syntax(editor, reviewer):
    make_published(editor, reviewer, slug="plain", title="Ceasefire talks")
    for query in ['"', "ceasefire OR", "NEAR(", "talks*", "-"]:
        search.search_live_explainers(query)  # no syntax error reaches readers
    assert search.search_live_explainers("ceasefire talks")[0]["published_slug"] == (
        "plain"
    )


def test_unpublishing_takes_an_explainer_out_of_search(editor, reviewer, chief):
    explainer = make_published(editor, reviewer, title="Sanctions explained")
    assert search.search_live_explainers("sanctions")
    transitions.explainer_unpublish(
        explainer_id=explainer.pk, actor=chief, expected_version=seen(explainer.pk)
    )
    assert search.search_live_explainers("sanctions") == []


def test_unpublishing_leaves_a_withdrawal_and_republishing_clears_it(
    editor, reviewer, chief
):
    explainer = make_published(editor, reviewer, title="Sanctions explained")
    transitions.explainer_unpublish(
        explainer_id=explainer.pk, actor=chief, expected_version=seen(explainer.pk)
    )
    withdrawal = Withdrawal.objects.get(pk=explainer.pk)
    assert (withdrawal.slug, withdrawal.title) == (explainer.slug, explainer.title)
    assert withdrawal.withdrawn_at >= withdrawal.published_at

    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "Sanctions again"}
    )
    reapprove_and_republish(explainer, editor=editor, reviewer=reviewer)
    assert not Withdrawal.objects.exists()
    assert LiveListing.objects.get().title == "Sanctions again"
