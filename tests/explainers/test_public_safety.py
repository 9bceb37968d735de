"""Nothing a writer types runs in a reader's browser; headers back that up.

Issue 5, point 4: XSS payloads placed in the body, boxes, statistic display
text and source fields, written through the services and published through
the workflow, reach no page, feed or search result as markup; every public
response carries a Content-Security-Policy without inline scripts,
X-Content-Type-Options and Referrer-Policy; production settings send HSTS.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest

from explainers import views
from explainers.findings import find_all
from explainers.services import content, findings, review, transitions
from sources import services as source_services
from tests.explainers.workflow_helpers import make_published, reload
from tests.factories import ConflictFactory
from tests.versions import seen, seen_statistic

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(document.domain)</script>",
    "<img src=x onerror=alert(document.domain)>",
    "<svg onload=alert(document.domain)>",
    '"><script>alert(document.domain)</script>',
    "'><img src=x onerror=alert(document.domain)>",
    "</script><script>alert(document.domain)</script>",
    "</title><script>alert(document.domain)</script>",
    '<a href="javascript:alert(document.domain)">click</a>',
    "[click](javascript:alert(document.domain))",
    "[click](JaVaScRiPt:alert(document.domain))",
    "[click](&#106;avascript:alert(document.domain))",
    "[click](data:text/html;base,PHNjcmlwdD4=)",
    "![pixel](data:image/svg+xml,<svg onload=alert(document.domain)>)",
    '<iframe src="data:text/html,<script>alert(document.domain)</script>">',
    "<details open ontoggle=alert(document.domain)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(document.domain)>",
    "<style>body{background:url(javascript:alert(document.domain))}</style>",
    '<a href="vbscript:msgbox">x</a> <form action="javascript:alert(document.domain)">',
    "{{ request }} {% debug %}",
]
ALL = " ".join(PAYLOADS)
# The site has none of these; a payload must not bring one.
FOREIGN_ELEMENTS = {"iframe", "svg", "math", "style", "img", "object", "embed"}
URL_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


@pytest.fixture(autouse=True)
def fresh_page_cache():
    views.page_cache.clear()
    yield
    views.page_cache.clear()


class Markup(HTMLParser):
    """Collects elements and attributes a browser would act on."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name))
            if name.lower() in {"href", "src", "action", "formaction", "srcset"}:
                self.urls.append(value or "")


def assert_harmless(html: str, where: str) -> None:
    """Fails if ``html`` holds a script, an event handler or a script URL."""
    json_ld = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    for block in json_ld:
        assert "<" not in block, f"{where}: markup inside JSON-LD"
    markup = Markup()
    markup.feed(html)
    assert all(s.get("type") == "application/ld+json" for s in markup.scripts), where
    assert len(markup.scripts) == len(json_ld), where
    assert not markup.handlers, f"{where}: {markup.handlers}"
    assert not [u for u in markup.urls if URL_SCHEMES.match(u)], where
    assert not markup.tags & FOREIGN_ELEMENTS, where
    stripped = html
    for block in json_ld:
        stripped = stripped.replace(block, "")
    assert stripped.lower().count("<script") == len(json_ld), where


@pytest.fixture
def hostile(editor, reviewer):
    """An explainer whose every reader-facing text carries the payloads.

    It is written through the services and published through the workflow.
    """
    explainer = content.explainer_create(
        actor=editor,
        data={
            "title": f"Hostile {PAYLOADS[0]}",
            "slug": "hostile",
            "standfirst": f"Standfirst {PAYLOADS[1]} {PAYLOADS[6]}",
            "body": f"Intro [[stat:payload]].\n\n## Section\n\n{ALL}\n\n{ALL}",
            "conflict": ConflictFactory.create(name=f"War {PAYLOADS[2]}", slug="war"),
        },
    )
    content.box_create(
        explainer_id=explainer.pk,
        actor=editor,
        data={
            "kind": "history",
            "title": f"Box {PAYLOADS[3]}",
            "body": f"{ALL} [[stat:payload]]",
            "position": 1,
        },
    )
    statistic = content.statistic_create(
        explainer_id=explainer.pk,
        actor=editor,
        data={
            "key": "payload",
            "claim": f"Claim {ALL}"[:1000],
            "display_text": f"people {PAYLOADS[1]}"[:200],
            "value": None,
            "unit": "",
            "as_of": None,
        },
    )
    source = source_services.source_create(
        actor=editor,
        data={
            "kind": "ngo",
            "title": f"Report {PAYLOADS[0]}",
            "publisher": f"Publisher {PAYLOADS[1]}",
            "authors": f"{PAYLOADS[3]}\n{PAYLOADS[4]}",
            "url": 'https://example.org/report?a="><script>alert(document.domain)</script>',
            "archive_url": "https://archive.example.org/x?'onmouseover='alert(1)",
            "archive_date": datetime.date(2026, 1, 2),
            "published_date": datetime.date(2025, 12, 1),
            "accessed_date": datetime.date(2026, 1, 2),
            "language": "en",
        },
    )
    content.citation_create(
        statistic_id=statistic.pk,
        actor=editor,
        data={
            "source": source,
            "locator": f"p. {PAYLOADS[2]}"[:200],
            "quote": ALL,
        },
    )
    explainer = reload(explainer)
    for finding in find_all(explainer, list(explainer.boxes.all())):
        findings.finding_waive(
            explainer_id=explainer.pk,
            actor=reviewer,
            fingerprint=finding.fingerprint,
            reason="Part of a test payload, not a statistic.",
            expected_version=seen(explainer.pk),
        )
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    review.statistic_approve(
        statistic_id=statistic.pk,
        actor=reviewer,
        expected_version=seen_statistic(statistic.pk),
    )
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )
    transitions.explainer_publish(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )
    return reload(explainer)


def test_payloads_in_every_field_reach_no_public_page_as_markup(client, hostile):
    for url in (
        "/explainers/hostile/",
        "/",
        "/?conflict=war",
        "/search/?q=Hostile",
        f"/search/?q={PAYLOADS[0]}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_harmless(response.content.decode(), url)


def test_payloads_are_shown_as_text(client, hostile):
    html = client.get("/explainers/hostile/").content.decode()

    # Titles, display text and source fields are escaped, not dropped.
    assert "Hostile &lt;script&gt;alert(document.domain)&lt;/script&gt;" in html
    assert "people &lt;img src=x onerror=alert(document.domain)&gt;" in html
    assert "Publisher &lt;img src=x onerror=alert(document.domain)&gt;" in html
    assert "{{ request }}" in html
    # A quote in a source URL cannot close its attribute.
    assert 'href="https://example.org/report?a=&quot;&gt;&lt;script&gt;' in html


def test_feed_and_sitemap_escape_payloads(client, hostile):
    for url in ("/feeds/explainers/", "/sitemap.xml"):
        body = client.get(url).content.decode()
        assert "<script" not in body.lower(), url
        assert "<img" not in body.lower(), url


# --- Headers ---------------------------------------------------------------------


def test_public_pages_send_a_policy_that_allows_no_script(client, editor, reviewer):
    explainer = make_published(editor, reviewer)

    for url in ("/", f"/explainers/{explainer.slug}/", "/search/?q=x", "/missing/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy, url
        assert "script-src" not in policy, url  # falls back to 'none'
        assert "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url


def test_the_admin_runs_only_its_own_script_files(client):
    response = client.get("/admin/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "script-src 'self' 'unsafe-inline'" not in policy


def test_production_settings_send_hsts_over_https(client, settings, editor, reviewer):
    # The suite runs with DJANGO_DEBUG=false: these are production settings.
    assert settings.DEBUG is False
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    explainer = make_published(editor, reviewer)

    response = client.get(f"/explainers/{explainer.slug}/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_feed_summaries_carry_the_standfirst_as_text(editor, reviewer, client):
    make_published(editor, reviewer, standfirst='<img src=x onerror="alert(1)">')
    feed = client.get("/feeds/explainers/").content.decode()
    # Atom's summary is HTML carried as text: the standfirst must arrive
    # escaped twice in the XML, so a reader shows it as text, never as markup.
    assert "&amp;lt;img" in feed
    assert "&lt;img src" not in feed.replace("&amp;lt;img src", "")
