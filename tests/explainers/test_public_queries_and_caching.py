"""An explainer page costs a fixed, small number of queries and caches well.

Issue 5, point 3: at most 2 SQL queries per view whatever the explainer's
size; ETag and Last-Modified with 304 answers; Cache-Control for shared
caches. (Speed itself is measured by bench/public_page.py, not here.)
"""

import pytest
from django.db import connection
from django.utils.http import http_date

from explainers import views
from explainers.selectors import live_explainer_page
from explainers.services import content, transitions
from tests.explainers.workflow_helpers import (
    approve_statistics_in_bulk,
    make_draft,
    make_published,
    reapprove_and_republish,
    reload,
)
from tests.factories import BackgroundBoxFactory, ConflictFactory, letters
from tests.versions import seen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_page_cache():
    views.page_cache.clear()
    yield
    views.page_cache.clear()


def make_large_published(editor, reviewer, *, boxes: int, statistics: int):
    """A published explainer with many boxes, each placing some statistics."""
    explainer = make_draft(editor, statistics=statistics, slug="large")
    for n in range(boxes - 1):
        key = f"figure-{n % statistics + 1}"
        BackgroundBoxFactory.create(
            explainer=explainer,
            title=f"Box {letters(n)}",
            body=f"Context for [[stat:{key}]].",
            position=n % 4,
        )
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    approve_statistics_in_bulk(explainer, reviewer)
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )
    transitions.explainer_publish(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )
    return reload(explainer)


def test_a_page_with_40_boxes_and_500_statistics_costs_at_most_two_queries(
    client, editor, reviewer, django_assert_max_num_queries, django_assert_num_queries
):
    explainer = make_large_published(editor, reviewer, boxes=40, statistics=500)
    url = f"/explainers/{explainer.slug}/"

    # First view of a revision: the status row, then the revision's content
    # and its correction log.
    with django_assert_num_queries(2):
        first = client.get(url)
    # Later views: the status row only; the revision's page is cached.
    with django_assert_num_queries(1):
        again = client.get(url)

    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    html = first.content.decode()
    assert html.count('<aside class="box') == 40
    assert html.count('<li id="source-') == 500


def test_a_small_page_costs_the_same_queries_as_a_large_one(
    client, editor, reviewer, django_assert_num_queries
):
    explainer = make_published(editor, reviewer, statistics=2)

    with django_assert_num_queries(2):
        client.get(f"/explainers/{explainer.slug}/")


def test_conditional_requests_get_304_from_the_status_row_alone(
    client, editor, reviewer, django_assert_num_queries
):
    explainer = make_published(editor, reviewer)
    url = f"/explainers/{explainer.slug}/"
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]

    with django_assert_num_queries(1):
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=etag)
    with django_assert_num_queries(1):
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag
    assert last_modified == http_date(explainer.live_revision.published_at.timestamp())


def test_pages_may_be_kept_by_shared_caches(client, editor, reviewer):
    explainer = make_published(editor, reviewer)

    response = client.get(f"/explainers/{explainer.slug}/")

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "public" in directives
    assert any(d.startswith("max-age=") for d in directives)
    assert any(d.startswith("s-maxage=") for d in directives)
    assert "Vary" not in response or "Cookie" not in response["Vary"]


def test_a_new_revision_changes_the_etag_and_the_page(client, editor, reviewer):
    explainer = make_published(editor, reviewer)
    url = f"/explainers/{explainer.slug}/"
    before = client.get(url)

    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "A better title"}
    )
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    reapprove_and_republish(explainer, editor=editor, reviewer=reviewer)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])

    # The draft changes nothing public; the new revision is served at once.
    assert unchanged.status_code == 304
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "A better title" in after.content.decode()


def test_unpublishing_takes_effect_despite_the_cached_page(
    client, editor, reviewer, chief
):
    explainer = make_published(editor, reviewer)
    url = f"/explainers/{explainer.slug}/"
    assert client.get(url).status_code == 200

    transitions.explainer_unpublish(
        explainer_id=explainer.pk, actor=chief, expected_version=seen(explainer.pk)
    )

    assert client.get(url).status_code == 410


@pytest.mark.parametrize("count", [2, 12])
def test_list_pages_cost_a_fixed_number_of_queries(
    client, editor, reviewer, django_assert_num_queries, count
):
    conflict = ConflictFactory.create(slug="sudan", name="Sudan")
    for n in range(count):
        make_published(
            editor,
            reviewer,
            slug=f"explainer-n{n}",
            conflict=conflict if n % 2 else None,
        )
    page = live_explainer_page(limit=1)

    with django_assert_num_queries(2):  # the explainers, the conflicts menu
        assert client.get("/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/?conflict=sudan").status_code == 200
    with django_assert_num_queries(2):  # a later page costs the same
        assert client.get(f"/?after={page.next_cursor}").status_code == 200
    # PostgreSQL sets the statement timeout for the search in its own
    # transaction (here a savepoint, its SET LOCAL and its release); SQLite
    # ranks in its full-text index, then reads those listings.
    client.get("/search/?q=war")  # whether SQLite has FTS5 is asked once
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 2):
        client.get("/search/?q=war")
    with django_assert_num_queries(1):
        client.get("/feeds/explainers/")
    # How many pages the explainers take, and the newest publication.
    with django_assert_num_queries(2):
        client.get("/sitemap.xml")
    with django_assert_num_queries(2):  # the count, then one page of rows
        client.get("/sitemap-explainers.xml")
