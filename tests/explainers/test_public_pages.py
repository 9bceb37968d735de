"""The public site serves live published revisions, and nothing else.

DESIGN.md, "Public site" and issue 5: the front page, explainer pages with
footnoted sources, search, the Atom feed and the sitemap read the live
revision; drafts (including the draft of a published explainer being
redrafted) never appear; an archived explainer answers 410.
"""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from explainers import demo, demo_content, views
from explainers.models import Conflict, Explainer
from explainers.services import content, transitions
from tests.explainers.workflow_helpers import (
    make_draft,
    make_published,
    reapprove_and_republish,
    reload,
)
from tests.factories import ConflictFactory
from tests.versions import seen

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DRAFT_WORDS = "Zanzibarian-draft-wording"


@pytest.fixture(autouse=True)
def fresh_page_cache():
    views.page_cache.clear()
    yield
    views.page_cache.clear()


@pytest.fixture
def minerals(editor, reviewer):
    """The demo's published explainer, built and published through the services."""
    conflict = Conflict.objects.create(**demo_content.CONFLICT)
    explainer = demo.build_explainer(
        demo_content.MINERALS, editor=editor, conflict=conflict
    )
    demo.review_and_publish(explainer, editor=editor, reviewer=reviewer)
    return reload(explainer)


def page_url(explainer) -> str:
    return f"/explainers/{explainer.slug}/"


class Outline(HTMLParser):
    """Collects landmarks, headings and ids of a page."""

    LANDMARKS = {"header", "nav", "main", "footer", "aside"}

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.hrefs.append(attributes["href"])


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def redraft(explainer, editor):
    """Edits a published explainer: its live revision stays public."""
    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={
            "title": f"{DRAFT_WORDS} title",
            "standfirst": f"{DRAFT_WORDS} standfirst",
            "body": f"{DRAFT_WORDS} body.",
        },
    )
    box = explainer.boxes.first()
    content.box_update(
        box_id=box.pk, actor=editor, data={"title": f"{DRAFT_WORDS} box"}
    )
    return reload(explainer)


# --- The explainer page ------------------------------------------------------


def test_explainer_page_shows_the_live_revision_with_footnoted_sources(
    client, minerals
):
    response = client.get(page_url(minerals))

    assert response.status_code == 200
    html = response.content.decode()
    title = "Why the US–Ukraine minerals deal stalled"
    assert f'<h1 id="explainer-title">{title}</h1>' in html
    assert "Washington wants repayment for past aid" in html
    assert "Published <time datetime=" in html
    # The statistic reads as printed, with a mark linking to its source entry.
    assert (
        '<span class="stat" data-stat="killed-by-2020">more than 13,000 people</span>'
        '<sup class="fn"><a href="#source-1" id="ref-killed-by-2020-1"'
    ) in html
    # Each source entry has the anchor the mark points at, and a link back.
    assert '<li id="source-1" value="1">' in html
    assert 'href="#ref-killed-by-2020-1"' in html
    assert 'href="#ref-refugees-abroad-2"' in html
    assert "Office of the UN High Commissioner for Human Rights (OHCHR)" in html
    assert "https://www.ohchr.org/Documents/Countries/UA/29thReportUkraine_EN.pdf" in (
        html
    )
    assert 'Accessed: <time datetime="2026-11-01">1 November 2026</time>' in html
    assert "<strong>reviewer</strong> approved this version for publication" in html
    # A first publication without corrections has no log of its own.
    assert 'id="updates"' not in html


def test_every_footnote_mark_has_a_source_entry_and_every_back_link_a_mark(
    client, minerals
):
    page = outline(client.get(page_url(minerals)).content.decode())

    ids = set(page.ids)
    internal = [href[1:] for href in page.hrefs if href.startswith("#")]
    assert any(target.startswith("source-") for target in internal)
    assert any(target.startswith("ref-") for target in internal)
    assert set(internal) <= ids, "every in-page link leads to an element"


def test_boxes_are_asides_placed_after_the_section_the_editor_chose(client, minerals):
    html = client.get(page_url(minerals)).content.decode()

    history = html.index("Negotiations since 1991")
    questions = html.index("Questions still open")
    # Position 1 follows the opening section, position 2 the second one.
    assert (
        html.index("restart the talks")
        < history
        < html.index("<h2>What each side wants</h2>")
    )
    assert (
        html.index("<h2>What each side wants</h2>")
        < questions
        < html.index("<h2>Why security matters to Kyiv</h2>")
    )
    assert html.count('<aside class="box') == 2
    assert '<p class="box-kind">History</p>' in html


def test_explainer_page_has_landmarks_one_h1_and_no_skipped_heading_levels(
    client, minerals
):
    page = outline(client.get(page_url(minerals)).content.decode())

    for landmark in ("header", "nav", "main", "footer", "aside"):
        assert landmark in page.tags
    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1
    assert "main" in page.ids
    assert "#main" in page.hrefs, "skip link"


def test_explainer_page_has_canonical_opengraph_and_news_article_json_ld(
    client, minerals
):
    html = client.get(page_url(minerals)).content.decode()
    url = f"http://testserver{page_url(minerals)}"

    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Why the US–Ukraine minerals deal stalled"
    assert data["datePublished"] and data["dateModified"]
    assert [c["name"] for c in data["citation"]] == [
        demo_content.SOURCES["ohchr-29"]["title"],
        demo_content.SOURCES["unhcr-portal"]["title"],
    ]


def test_unknown_slugs_and_drafts_answer_a_friendly_404(client, editor):
    draft = make_draft(editor)

    for url in ("/explainers/no-such-thing/", page_url(draft)):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_archived_explainer_answers_410_with_a_short_notice(client, minerals, chief):
    transitions.explainer_unpublish(
        explainer_id=minerals.pk,
        actor=chief,
        comment="Superseded.",
        expected_version=seen(minerals.pk),
    )

    response = client.get(page_url(minerals))

    assert response.status_code == 410
    assert "This explainer has been withdrawn" in response.content.decode()
    assert minerals.title not in response.content.decode()


def test_error_500_page_is_friendly():
    request = RequestFactory().get("/")
    response = views.server_error(request)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_republished_explainer_shows_its_correction_and_update(
    client, editor, reviewer, minerals
):
    statistic = minerals.statistics.get(key="killed-by-2020")
    content.statistic_update(
        statistic_id=statistic.pk,
        actor=editor,
        data={"display_text": "about 13,100 people"},
    )
    reapprove_and_republish(
        minerals,
        editor=editor,
        reviewer=reviewer,
        correction="The death toll now uses the report's upper figure.",
    )

    html = client.get(page_url(minerals)).content.decode()

    assert "about 13,100 people" in html
    assert "more than 13,000 people" not in html
    assert "Correction:</strong> The death toll now uses" in html
    assert "updated (version 2)" in html
    assert "Updated <time" in html
    assert 'href="#updates"' in html


# --- Drafts never leak ---------------------------------------------------------


def test_a_redrafted_explainer_keeps_showing_its_live_revision_everywhere(
    client, editor, minerals
):
    redrafted = redraft(minerals, editor)
    assert redrafted.state == Explainer.State.DRAFT
    assert redrafted.title.startswith(DRAFT_WORDS)

    urls = [
        page_url(minerals),
        "/",
        "/?conflict=russia-ukraine",
        "/search/?q=minerals",
        "/feeds/explainers/",
        "/sitemap.xml",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert DRAFT_WORDS not in response.content.decode(), url
    searched = client.get(f"/search/?q={DRAFT_WORDS}").content.decode()
    assert f"No published explainer matches “{DRAFT_WORDS}”" in searched
    page = client.get(page_url(minerals)).content.decode()
    assert "Why the US–Ukraine minerals deal stalled" in page
    assert "Negotiations since 1991" in page


def test_drafts_appear_in_no_list_feed_sitemap_or_search(client, editor, minerals):
    make_draft(editor, title=f"{DRAFT_WORDS} never published", slug="secret-draft")

    for url in ("/", "/search/?q=published", "/feeds/explainers/", "/sitemap.xml"):
        body = client.get(url).content.decode()
        assert DRAFT_WORDS not in body, url
        assert "secret-draft" not in body, url


def test_the_address_of_a_published_explainer_stays_public(client, editor, minerals):
    """A published slug cannot be renamed, so no draft address ever appears."""
    with pytest.raises(ValidationError):
        content.explainer_update(
            explainer_id=minerals.pk, actor=editor, data={"slug": "renamed-in-draft"}
        )

    assert client.get("/explainers/renamed-in-draft/").status_code == 404
    assert client.get(f"/explainers/{minerals.slug}/").status_code == 200


# --- Lists, search, feed, sitemap ------------------------------------------------


def test_front_page_lists_live_explainers_newest_first(client, editor, reviewer):
    older = make_published(editor, reviewer, title="Older explainer", slug="older")
    newer = make_published(editor, reviewer, title="Newer explainer", slug="newer")

    html = client.get("/").content.decode()

    assert html.index(newer.title) < html.index(older.title)
    assert '<a href="/explainers/newer/">Newer explainer</a>' in html


def test_front_page_filters_by_conflict(client, editor, reviewer):
    sudan = ConflictFactory.create(name="War in Sudan", slug="sudan")
    yemen = ConflictFactory.create(name="Yemen", slug="yemen")
    make_published(editor, reviewer, title="Khartoum", slug="khartoum", conflict=sudan)
    make_published(editor, reviewer, title="Hodeidah", slug="hodeidah", conflict=yemen)

    html = client.get("/?conflict=sudan").content.decode()

    assert "Khartoum" in html
    assert "Hodeidah" not in html
    assert 'aria-current="page">War in Sudan</a>' in html
    assert client.get("/?conflict=atlantis").status_code == 404


def test_search_finds_published_text_and_ranks_title_matches_first(
    client, editor, reviewer, minerals
):
    make_published(
        editor,
        reviewer,
        title="Budapest and after",
        slug="budapest",
        body="Why the memorandum matters.",
    )

    html = client.get("/search/?q=Budapest").content.decode()

    assert "2 results for “Budapest”" in html
    # The box of the minerals explainer mentions the Budapest Memorandum.
    assert "Why the US–Ukraine minerals deal stalled" in html
    empty = client.get("/search/?q=").content.decode()
    assert "search-count" not in empty


@pytest.mark.postgres
def test_search_ranks_title_matches_above_body_matches_on_postgresql(
    client, editor, reviewer, minerals
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Full-text ranking needs PostgreSQL.")
    make_published(
        editor,
        reviewer,
        title="Budapest and after",
        slug="budapest",
        body="Why the memorandum matters.",
    )

    html = client.get("/search/?q=budapest+memorandum").content.decode()

    assert html.index("Budapest and after") < html.index(
        "Why the US–Ukraine minerals deal stalled"
    )


def test_search_without_matches_says_so(client, minerals):
    html = client.get("/search/?q=zeppelin").content.decode()

    assert "No published explainer matches “zeppelin”" in html


def test_atom_feed_lists_live_explainers(client, minerals):
    response = client.get("/feeds/explainers/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [minerals.title]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{page_url(minerals)}"


def test_sitemap_lists_the_front_page_and_live_explainers(client, editor, minerals):
    make_draft(editor, slug="secret-draft")

    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")]
    assert sections == [
        "http://testserver/sitemap-home.xml",
        "http://testserver/sitemap-explainers.xml",
    ]

    urls = [
        u.findtext(f"{SITEMAP}loc")
        for section in sections
        for u in ET.fromstring(client.get(section).content).findall(f"{SITEMAP}url")
    ]
    assert urls == ["http://testserver/", f"http://testserver{page_url(minerals)}"]


def test_plain_search_matches_readers_text_not_json_keys_and_any_case(
    client, editor, reviewer
):
    make_published(editor, reviewer, title="Ödessa’s port reopens", slug="odessa-port")
    assert "odessa-port" in client.get("/search/?q=ödessa").content.decode()
    assert "odessa-port" in client.get("/search/?q=ÖDESSA").content.decode()
    # "title" and "display_text" are keys of the stored content, not its text.
    assert "odessa-port" not in client.get("/search/?q=display_text").content.decode()
