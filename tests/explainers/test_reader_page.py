"""The explainer page and the front page as readers meet them (issue 15,
point 3): key figures, what "How we checked this" may claim, empty sections,
share links, related explainers within the page's query budget, the front
page's lead and conflict groups."""

import re

import pytest

from explainers import views
from explainers.models import Explainer, LiveListing
from explainers.selectors import encode_cursor
from explainers.services import content
from tests.explainers.workflow_helpers import (
    make_draft,
    make_published,
    reapprove_and_republish,
    reload,
)
from tests.factories import ConflictFactory, ExplainerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_page_cache():
    views.page_cache.clear()
    yield
    views.page_cache.clear()


def page(client, explainer) -> str:
    response = client.get(f"/explainers/{explainer.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, css_class: str) -> str:
    found = re.search(rf'<(section|nav) class="{css_class}".*?</\1>', html, re.S)
    return found.group(0) if found else ""


def test_key_figures_show_display_text_as_of_date_and_sources(client, editor, reviewer):
    explainer = make_draft(editor, statistics=3)
    first, _, third = explainer.statistics.order_by("key")
    content.statistic_update(
        statistic_id=third.pk, actor=editor, data={"key_figure": 1}
    )
    content.statistic_update(
        statistic_id=first.pk, actor=editor, data={"key_figure": 2}
    )
    reapprove_and_republish(explainer, editor=editor, reviewer=reviewer)

    panel = section(page(client, explainer), "key-figures")

    assert panel.count("<li>") == 2
    assert panel.index(third.display_text) < panel.rindex(first.display_text)
    assert 'As of <time datetime="2025-01-01">1 January 2025</time>' in panel
    assert re.search(r'<a href="#source-\d+" aria-label="Source \d+">', panel)
    api = client.get(f"/api/v1/explainers/{explainer.slug}/").json()
    assert [f["key"] for f in api["key_figures"]] == [third.key, first.key]


def test_choosing_a_key_figure_lets_no_approval_lapse(editor, reviewer):
    explainer = make_published(editor, reviewer)
    statistic = explainer.statistics.get()

    content.statistic_update(
        statistic_id=statistic.pk, actor=editor, data={"key_figure": 1}
    )

    statistic.refresh_from_db()
    assert statistic.review_state == "approved"
    assert reload(explainer).state == "draft"  # a new version, to review


def test_without_key_figures_there_is_no_panel(client, editor, reviewer):
    assert 'class="key-figures"' not in page(client, make_published(editor, reviewer))


def test_how_we_checked_this_states_what_is_true_of_the_revision(
    client, editor, reviewer
):
    reviewer.first_name, reviewer.last_name = "Rui", "Reviewer"
    reviewer.save()
    explainer = make_published(editor, reviewer, statistics=3)

    checked = section(page(client, explainer), "checked")

    assert "The 3 figures in this explainer cite 3 recorded sources" in checked
    assert "approved by a reviewer who did not write it (Rui Reviewer)" in checked
    assert "<strong>Rui Reviewer</strong> approved this version" in checked
    published = reload(explainer).live_revision.published_at
    assert f"{published:%-d %B %Y}" in checked


def test_an_explainer_without_statistics_does_not_claim_checked_figures(
    client, editor, reviewer
):
    explainer = make_published(
        editor, reviewer, statistics=0, body="A short note without figures."
    )

    html = page(client, explainer)

    assert "This explainer contains no statistics." in section(html, "checked")
    assert "figures in this explainer" not in html
    # Nothing to list: no empty Sources or Corrections sections.
    assert 'id="sources"' not in html
    assert 'id="updates"' not in html


def test_corrections_appear_once_there_are_some(client, editor, reviewer):
    explainer = make_published(editor, reviewer)
    content.statistic_update(
        statistic_id=explainer.statistics.get().pk,
        actor=editor,
        data={"display_text": "more than two thousand people"},
    )
    reapprove_and_republish(
        explainer,
        editor=editor,
        reviewer=reviewer,
        correction="The figure was updated.",
    )

    updates = section(page(client, explainer), "updates")

    assert "The figure was updated." in updates
    assert "first published." in updates


def test_a_preview_never_says_how_it_was_checked(client, editor):
    explainer = make_draft(editor)
    client.force_login(editor)

    html = client.get(
        f"/admin/explainers/explainer/{explainer.pk}/preview/"
    ).content.decode()

    assert "How we checked this" not in html
    assert 'class="share"' not in html


def test_share_links_need_no_script(client, editor, reviewer):
    explainer = make_published(editor, reviewer, title="Why talks failed")

    html = page(client, explainer)
    share = section(html, "share")

    url = f"http%3A%2F%2Ftestserver%2Fexplainers%2F{explainer.slug}%2F"
    assert f'href="mailto:?subject=Why%20talks%20failed&amp;body={url}"' in share
    assert "https://bsky.app/intent/compose?text=" in share
    assert len(re.findall(r"<li><a href=", share)) == 6
    # The only script on the page is the JSON-LD data block.
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']


def test_related_explainers_are_the_newest_of_the_same_conflict(
    client, editor, reviewer, django_assert_num_queries
):
    sudan, yemen = ConflictFactory.create(), ConflictFactory.create()
    explainer = make_published(editor, reviewer, slug="here", conflict=sudan)
    for n, title in enumerate(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]):
        make_published(editor, reviewer, slug=f"s{n}", title=title, conflict=sudan)
    make_published(editor, reviewer, slug="elsewhere", title="Yemen", conflict=yemen)

    # The status row, then the revision with its related explainers.
    with django_assert_num_queries(2):
        html = page(client, explainer)

    related = section(html, "related")
    titles = re.findall(r'<a href="/explainers/s\d/">(\w+)</a>', related)
    assert titles == ["Echo", "Delta", "Charlie", "Bravo"]
    assert "Yemen" not in related and 'href="/explainers/here/"' not in related


def test_a_new_explainer_in_the_conflict_refreshes_the_page(client, editor, reviewer):
    sudan = ConflictFactory.create()
    explainer = make_published(editor, reviewer, slug="here", conflict=sudan)
    url = f"/explainers/{explainer.slug}/"
    first = client.get(url)
    assert 'class="related"' not in first.content.decode()

    make_published(editor, reviewer, slug="newer", title="Newer", conflict=sudan)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert '<a href="/explainers/newer/">Newer</a>' in again.content.decode()


def test_the_front_page_leads_with_the_newest_then_groups_by_conflict(
    client, editor, reviewer
):
    sudan = ConflictFactory.create(name="War in Sudan", slug="sudan")
    yemen = ConflictFactory.create(name="Yemen", slug="yemen")
    make_published(editor, reviewer, title="Khartoum", slug="khartoum", conflict=sudan)
    make_published(editor, reviewer, title="Hodeidah", slug="hodeidah", conflict=yemen)
    make_published(editor, reviewer, title="Darfur", slug="darfur", conflict=sudan)
    make_published(editor, reviewer, title="Omdurman", slug="omdurman", conflict=sudan)

    html = client.get("/").content.decode()

    lead = re.search(r'<article class="lead-story.*?</article>', html, re.S).group(0)
    assert "Omdurman" in lead
    groups = re.findall(r'<section class="conflict-group".*?</section>', html, re.S)
    assert ">War in Sudan</a></h2>" in groups[0]
    assert groups[0].index("Darfur") < groups[0].index("Khartoum")
    assert ">Yemen</a></h2>" in groups[1]


def test_later_pages_keep_the_newest_first_order_without_a_lead(
    client, editor, reviewer
):
    for n, title in enumerate(["Alpha", "Bravo", "Charlie"]):
        make_published(editor, reviewer, slug=f"p{n}", title=title)
    bravo = LiveListing.objects.get(slug="p1")
    after = encode_cursor(
        {"published_at": bravo.published_at, "explainer_id": bravo.explainer_id}
    )

    later = client.get("/", {"after": after}).content.decode()

    assert "Alpha" in later and "Bravo" not in later
    assert "lead-story" not in later


def test_phones_get_a_search_link_in_a_one_line_header(client):
    html = client.get("/").content.decode()

    assert '<li class="nav-search"><a href="/search/">Search</a></li>' in html


def test_an_unpublished_explainer_is_no_related_link(client, editor, reviewer):
    sudan = ConflictFactory.create()
    explainer = make_published(editor, reviewer, slug="here", conflict=sudan)
    other = ExplainerFactory.create(
        slug="draft-only", conflict=sudan, created_by=UserFactory.create()
    )

    assert other.state == Explainer.State.DRAFT
    assert "draft-only" not in section(page(client, explainer), "related")
