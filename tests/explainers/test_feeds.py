"""The Atom feed and the JSON Feed: the newest live explainers in full, with
authors and dates, every link absolute, read in one query."""

import json
import xml.etree.ElementTree as ET

import pytest

from explainers.models import LiveListing
from explainers.page import SITE_NAME
from explainers.syndication import absolute_links
from tests.explainers.workflow_helpers import make_draft, make_published

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_URL = "/feeds/explainers/"
JSON_URL = "/feeds/explainers.json"


@pytest.fixture
def published(editor, reviewer):
    return make_published(
        editor,
        reviewer,
        slug="why-the-deal-stalled",
        title="Why the deal stalled",
        standfirst="Talks <stalled> & resumed.",
    )


def atom_entries(client) -> list[ET.Element]:
    response = client.get(ATOM_URL)
    assert response.status_code == 200
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_atom_entries_carry_authors_dates_and_the_full_text(client, published):
    [entry] = atom_entries(client)
    page = "http://testserver/explainers/why-the-deal-stalled/"

    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == [
        published.authors.get().username
    ]
    assert entry.findtext(f"{ATOM}updated")
    assert entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}summary") == "Talks &lt;stalled&gt; &amp; resumed."
    content = entry.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    text = content.text or ""
    statistic = published.statistics.get()
    # The figure as printed, its footnote mark pointing at our page's list.
    assert statistic.display_text in text
    assert f'href="{page}#source-1"' in text
    assert "[[stat:" not in text
    # The box and the sources come with the body.
    assert "<h2>Background</h2>" in text
    assert statistic.citations.get().source.title in text


def test_an_entry_without_a_named_author_is_signed_by_the_newsroom(client, published):
    LiveListing.objects.filter(pk=published.pk).update(authors=[])
    [entry] = atom_entries(client)
    assert entry.find(f"{ATOM}author/{ATOM}name").text == SITE_NAME

    [item] = client.get(JSON_URL).json()["items"]
    assert item["authors"] == [{"name": SITE_NAME}]


def test_json_feed_has_the_same_entries(client, published, editor):
    make_draft(editor, title="A draft nobody may read")
    response = client.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json"
    assert "public" in response["Cache-Control"]
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "http://testserver/feeds/explainers.json"
    [item] = feed["items"]
    assert item["url"] == "http://testserver/explainers/why-the-deal-stalled/"
    assert item["id"] == item["url"]
    assert item["title"] == "Why the deal stalled"
    assert item["summary"] == "Talks <stalled> & resumed."
    assert published.statistics.get().display_text in item["content_html"]
    assert item["authors"] == [{"name": published.authors.get().username}]
    assert item["date_published"] <= item["date_modified"]


def test_pages_link_both_feeds(client, published):
    html = client.get("/").content.decode()
    assert 'type="application/atom+xml"' in html
    assert f'type="application/feed+json" title="{SITE_NAME}" href="{JSON_URL}"' in (
        html
    )


@pytest.mark.parametrize("size", [1, 4])
def test_feeds_read_one_query_whatever_their_length(
    client, editor, reviewer, size, django_assert_num_queries
):
    for n in range(size):
        make_published(editor, reviewer, slug=f"piece-{'abcd'[n]}")
    # The listings joined to their revisions' content and HTML.
    with django_assert_num_queries(1):
        assert len(atom_entries(client)) == size
    with django_assert_num_queries(1):
        assert len(client.get(JSON_URL).json()["items"]) == size


def test_absolute_links_keep_absolute_urls_and_resolve_the_rest():
    html = (
        '<a href="#source-2">2</a> <a href="/explainers/other/">x</a> '
        '<a href="https://example.org/a">y</a> <a href="//cdn.example.org/b">z</a> '
        '<img src="/media/a.webp" '
        'srcset="/media/a-400.webp 400w, /media/a-800.webp 800w">'
    )
    result = absolute_links(
        html, origin="https://news.example", page_url="https://news.example/e/x/"
    )
    assert 'href="https://news.example/e/x/#source-2"' in result
    assert 'href="https://news.example/explainers/other/"' in result
    assert 'href="https://example.org/a"' in result
    assert 'href="//cdn.example.org/b"' in result
    assert 'src="https://news.example/media/a.webp"' in result
    assert (
        'srcset="https://news.example/media/a-400.webp 400w, '
        'https://news.example/media/a-800.webp 800w"'
    ) in result
