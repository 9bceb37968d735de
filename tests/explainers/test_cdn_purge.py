"""CDN purges after publishing, correcting and unpublishing (issue 16, point 3).

Exactly the addresses that changed are purged (page, front page, conflict
page, feeds, sitemap, public API list and entry), by surrogate key (Fastly,
Cloudflare) or by URL (Varnish), after commit and through a job with retries;
answers carry the same keys. The CDN is a local fake that records requests.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from explainers import purge, views
from explainers.services import transitions
from fleet.fake_cdn import FakeCDN
from jobs.models import JobRun
from jobs.testing import run_queued
from newsroom import outage
from sources.services import source_mark_status
from tests.explainers.workflow_helpers import make_published
from tests.versions import seen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_caches():
    cache.clear()
    views.page_cache.clear()
    yield
    cache.clear()
    views.page_cache.clear()


@pytest.fixture
def fake_cdn(settings):
    with FakeCDN() as fake:
        settings.CDN_PURGE_URL = f"{fake.url}/service/SVC/purge"
        settings.CDN_PURGE_STYLE = "fastly"
        settings.CDN_PURGE_TOKEN = "cdn-token"
        settings.CDN_SITE_URL = "https://news.example"
        yield fake


def expected_keys(explainer) -> set[str]:
    slug, conflict = explainer.slug, explainer.conflict.slug
    return {
        f"explainer-{slug}",
        "home",
        f"conflict-{conflict}",
        "feeds",
        "sitemap",
        "sitemap-explainers",
        "api-explainers",
        f"api-explainer-{slug}",
    }


def publish(editor, reviewer, capture):
    with capture(execute=True):
        return make_published(editor, reviewer)


def unpublish(explainer, chief, capture):
    with capture(execute=True):
        transitions.explainer_unpublish(
            explainer_id=explainer.pk,
            actor=chief,
            comment="Withdrawn",
            expected_version=seen(explainer.pk),
        )


def test_publishing_purges_exactly_the_changed_keys_once(
    fake_cdn, editor, reviewer, django_capture_on_commit_callbacks
):
    explainer = publish(editor, reviewer, django_capture_on_commit_callbacks)
    assert fake_cdn.calls == [], "the CDN is told by the job, not the request"

    runs = run_queued()

    assert [run.status for run in runs] == ["succeeded"]
    [call] = fake_cdn.calls
    assert (call.method, call.path) == ("POST", "/service/SVC/purge")
    assert set(call.headers["Surrogate-Key"].split()) == expected_keys(explainer)
    assert call.headers["Fastly-Key"] == "cdn-token"


def test_unpublishing_purges_the_same_addresses(
    fake_cdn, editor, reviewer, chief, django_capture_on_commit_callbacks
):
    explainer = publish(editor, reviewer, django_capture_on_commit_callbacks)
    run_queued()
    unpublish(explainer, chief, django_capture_on_commit_callbacks)
    run_queued()
    assert len(fake_cdn.calls) == 2
    assert set(fake_cdn.calls[1].headers["Surrogate-Key"].split()) == expected_keys(
        explainer
    )


def test_cloudflare_style_purges_by_cache_tag(
    fake_cdn, settings, editor, reviewer, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_STYLE = "cloudflare"
    settings.CDN_PURGE_URL = f"{fake_cdn.url}/client/v4/zones/ZONE/purge_cache"
    explainer = publish(editor, reviewer, django_capture_on_commit_callbacks)
    run_queued()
    [call] = fake_cdn.calls
    assert (call.method, call.path) == ("POST", "/client/v4/zones/ZONE/purge_cache")
    assert call.headers["Authorization"] == "Bearer cdn-token"
    assert set(call.json()["tags"]) == expected_keys(explainer)


def test_varnish_style_purges_each_changed_url(
    fake_cdn, settings, editor, reviewer, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_STYLE = "varnish"
    settings.CDN_PURGE_URL = fake_cdn.url
    explainer = publish(editor, reviewer, django_capture_on_commit_callbacks)
    run_queued()
    slug, conflict = explainer.slug, explainer.conflict.slug
    assert {call.method for call in fake_cdn.calls} == {"PURGE"}
    assert {call.headers["Host"] for call in fake_cdn.calls} == {"news.example"}
    assert sorted(call.path for call in fake_cdn.calls) == sorted(
        [
            f"/explainers/{slug}/",
            "/",
            f"/?conflict={conflict}",
            "/feeds/explainers/",
            "/feeds/explainers.json",
            "/sitemap.xml",
            "/sitemap-explainers.xml",
            "/api/v1/explainers/",
            f"/api/v1/explainers/{slug}/",
        ]
    )


def test_a_failed_purge_is_retried_until_the_cdn_accepts_it(
    fake_cdn, editor, reviewer, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    fake_cdn.statuses = [503]
    publish(editor, reviewer, django_capture_on_commit_callbacks)
    first = run_queued()
    assert [run.status for run in first] == ["retrying"]
    retried = run_queued(until=timezone.now() + timedelta(hours=1))
    assert [run.status for run in retried] == ["succeeded"]
    assert len(fake_cdn.calls) == 2
    assert JobRun.objects.filter(task__endswith="purge_cdn").count() == 2


def test_a_source_notice_purges_the_live_explainers_citing_it(
    fake_cdn, editor, reviewer, django_capture_on_commit_callbacks
):
    explainer = publish(editor, reviewer, django_capture_on_commit_callbacks)
    run_queued()
    source_id = explainer.statistics.get().citations.get().source_id
    with django_capture_on_commit_callbacks(execute=True):
        source_mark_status(
            source_id=source_id,
            status="retracted",
            note="The publisher withdrew the report.",
            actor=reviewer,
        )
    run_queued()
    assert len(fake_cdn.calls) == 2
    assert set(fake_cdn.calls[1].headers["Surrogate-Key"].split()) == expected_keys(
        explainer
    )


def test_nothing_is_sent_without_a_cdn(
    settings, editor, reviewer, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_URL = ""
    publish(editor, reviewer, django_capture_on_commit_callbacks)
    assert not [r for r in run_queued() if r.task.endswith("purge_cdn")]


def test_answers_carry_the_keys_a_purge_names(editor, reviewer):
    explainer = make_published(editor, reviewer)
    slug, conflict = explainer.slug, explainer.conflict.slug
    client = Client()
    page = client.get(f"/explainers/{slug}/")
    assert page["Surrogate-Key"] == f"explainer-{slug}"
    assert page["Cache-Tag"] == f"explainer-{slug}"
    assert client.get("/")["Surrogate-Key"] == "home"
    assert client.get(f"/?conflict={conflict}")["Surrogate-Key"] == (
        f"conflict-{conflict}"
    )
    assert client.get("/api/v1/explainers/")["Surrogate-Key"] == "api-explainers"
    assert client.get(f"/api/v1/explainers/{slug}/")["Surrogate-Key"] == (
        f"api-explainer-{slug}"
    )
    assert client.get("/feeds/explainers/")["Surrogate-Key"] == "feeds"
    keys = purge.changed_by(slug, conflict).keys
    assert set(keys) == expected_keys(explainer)


def test_an_unpublished_page_is_not_brought_back_by_an_outage(
    editor, reviewer, chief, monkeypatch, django_capture_on_commit_callbacks
):
    explainer = make_published(editor, reviewer)
    reader = Client(raise_request_exception=False)
    url = f"/explainers/{explainer.slug}/"
    assert reader.get(url).status_code == 200  # kept for outages
    unpublish(explainer, chief, django_capture_on_commit_callbacks)
    assert reader.get(url).status_code == 410

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    monkeypatch.setattr(outage, "close_broken_connections", lambda: None)
    assert reader.get(url).status_code == 503


def test_the_sitemap_is_kept_until_the_next_publication(
    editor, reviewer, django_capture_on_commit_callbacks
):
    first = publish(editor, reviewer, django_capture_on_commit_callbacks)
    client = Client()
    assert first.slug in client.get("/sitemap-explainers.xml").content.decode()
    second = publish(editor, reviewer, django_capture_on_commit_callbacks)
    section = client.get("/sitemap-explainers.xml")
    assert section.status_code == 200
    assert second.slug in section.content.decode(), "not the copy kept before"
    assert section["Surrogate-Key"] == "sitemap-explainers"
    assert "max-age=600" in section["Cache-Control"]


def test_the_sitemap_is_served_from_the_shared_cache(
    editor, reviewer, django_assert_num_queries
):
    make_published(editor, reviewer)
    client = Client()
    fresh = client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        kept = client.get("/sitemap.xml")
    assert kept.content == fresh.content
