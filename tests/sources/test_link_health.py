"""What link checks do to sources: history, status, retries before dead,
fingerprints, scheduling, archive copies, jobs and the admin."""

import datetime
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jobs import schedule
from jobs.models import JobRun
from jobs.runtime import JobTimeLimitExceeded, time_limit
from jobs.testing import run_queued
from sources import tasks
from sources.links import services
from sources.links.archive import ArchiveError
from sources.metadata import missing_source_metadata
from sources.models import LinkCheck, Source
from tests.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db

Outcome = LinkCheck.Outcome
Status = Source.LinkStatus


def cited_source(server, path="/live", **fields):
    source = SourceFactory.create(url=server.url(path), **fields)
    Source.objects.filter(pk=source.pk).update(link_check_due=timezone.now())
    source.refresh_from_db()
    return source


def check(source):
    services.link_checks_run([Source.objects.get(pk=source.pk)])
    source.refresh_from_db()
    return source.link_checks.first()


def test_a_check_is_recorded_with_what_it_found(link_settings):
    source = cited_source(link_settings, "/redirect")
    recorded = check(source)
    assert recorded.outcome == Outcome.REDIRECTED
    assert recorded.status_code == 200
    assert recorded.url == link_settings.url("/redirect")
    assert recorded.final_url == link_settings.url("/live")
    assert recorded.redirects == [
        {"url": link_settings.url("/redirect"), "status": 301}
    ]
    assert len(recorded.fingerprint) == 64
    assert recorded.attempt == 0
    assert source.link_status == Status.REDIRECTED
    assert source.link_checked_at == recorded.checked_at
    assert source.link_check_due == recorded.checked_at + datetime.timedelta(hours=24)


def test_a_link_is_dead_only_after_three_failed_checks_in_a_row(link_settings):
    source = cited_source(link_settings, "/dead")
    first = check(source)
    assert (first.outcome, first.attempt) == (Outcome.DEAD, 1)
    assert source.link_status == Status.LIVE
    # A failed check is retried sooner, backing off: one hour, then two.
    assert source.link_check_due == first.checked_at + datetime.timedelta(hours=1)
    second = check(source)
    assert second.attempt == 2 and source.link_status == Status.LIVE
    assert source.link_check_due == second.checked_at + datetime.timedelta(hours=2)
    third = check(source)
    assert third.attempt == 3
    assert source.link_status == Status.DEAD
    assert source.link_check_due == third.checked_at + datetime.timedelta(hours=24)


def test_a_link_that_answers_again_starts_counting_afresh(link_settings):
    source = cited_source(link_settings, "/flaky")
    link_settings.statuses["/flaky"] = 503
    check(source)
    check(source)
    del link_settings.statuses["/flaky"]
    link_settings.texts["/flaky"] = "Back again."
    assert check(source).outcome == Outcome.LIVE
    assert source.link_failures == 0
    link_settings.statuses["/flaky"] = 503
    check(source)
    check(source)
    assert source.link_status == Status.LIVE


def test_a_dead_link_that_comes_back_is_live_again(link_settings):
    source = cited_source(link_settings, "/back")
    link_settings.statuses["/back"] = 404
    for _ in range(3):
        check(source)
    assert source.link_status == Status.DEAD
    del link_settings.statuses["/back"]
    link_settings.texts["/back"] = "Restored."
    check(source)
    assert (source.link_status, source.link_failures) == (Status.LIVE, 0)


def test_timeouts_count_towards_dead_but_refusals_and_blocks_do_not(
    link_settings, settings
):
    slow = cited_source(link_settings, "/slow")
    link_settings.slow_seconds = 1
    assert check(slow).attempt == 1
    refusing = cited_source(link_settings, "/forbidden")
    for _ in range(3):
        assert check(refusing).attempt == 0
    assert refusing.link_status == Status.LIVE
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    blocked = cited_source(link_settings, "/dead")
    for _ in range(3):
        assert check(blocked).outcome == Outcome.BLOCKED
    assert (blocked.link_status, blocked.link_failures) == (Status.LIVE, 0)


def test_the_first_answer_records_the_fingerprint_and_a_later_change_shows(
    link_settings,
):
    source = cited_source(link_settings, "/changing")
    first = check(source)
    assert source.cited_fingerprint == first.fingerprint
    assert first.outcome == Outcome.LIVE
    link_settings.texts["/changing"] = "Figures revised downwards."
    assert check(source).outcome == Outcome.CHANGED
    assert source.link_status == Status.CHANGED
    assert source.cited_fingerprint == first.fingerprint


def test_an_editors_usurped_status_is_kept(link_settings):
    source = cited_source(
        link_settings,
        link_status=Status.USURPED,
        archive_url="https://web.archive.org/web/2025/x",
        archive_date=datetime.date(2025, 1, 1),
    )
    assert check(source).outcome == Outcome.LIVE
    assert source.link_status == Status.USURPED


def test_readers_and_approvals_see_a_redirected_or_changed_link_as_live(
    link_settings,
):
    source = cited_source(link_settings, "/redirect")
    before = source.as_record()
    check(source)
    assert source.link_status == Status.REDIRECTED
    assert source.as_record() == before
    assert missing_source_metadata(source) == []
    source.link_status = Status.DEAD
    assert source.as_record()["link_status"] == "dead"
    assert "an archived copy of its dead link" in missing_source_metadata(source)


def test_a_status_change_is_in_the_sources_history_and_bookkeeping_is_not(
    link_settings,
):
    source = cited_source(link_settings, "/redirect")
    rows = source.history.count()
    check(source)
    # The fingerprint and the new status: one history row.
    assert source.history.count() == rows + 1
    assert source.history.first().history_change_reason == "Link check: redirected"
    check(source)
    assert source.history.count() == rows + 1


def test_due_sources_are_claimed_once_oldest_first(link_settings):
    now = timezone.now()
    late = cited_source(link_settings)
    early = cited_source(link_settings)
    later = cited_source(link_settings)
    never = SourceFactory.create(url=link_settings.url("/live"))
    Source.objects.filter(pk=early.pk).update(
        link_check_due=now - datetime.timedelta(days=2)
    )
    Source.objects.filter(pk=late.pk).update(
        link_check_due=now - datetime.timedelta(days=1)
    )
    Source.objects.filter(pk=later.pk).update(
        link_check_due=now + datetime.timedelta(hours=1)
    )
    assert [s.pk for s in services.link_checks_claim_due(limit=1)] == [early.pk]
    assert [s.pk for s in services.link_checks_claim_due(limit=5)] == [late.pk]
    assert services.link_checks_claim_due(limit=5) == []
    assert Source.objects.get(pk=never.pk).link_check_due is None


def test_claiming_due_sources_is_a_few_queries_whatever_their_number(
    link_settings, django_assert_num_queries
):
    for _ in range(5):
        cited_source(link_settings)
    # A savepoint (the test's transaction) around one SELECT ... FOR UPDATE
    # of the due ids and one UPDATE; then one read of the rows.
    with django_assert_num_queries(5):
        assert len(services.link_checks_claim_due(limit=10)) == 5


def test_the_due_query_reads_the_due_index(link_settings):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A tiny table is cheaper to scan; ask what the plan would be at scale.
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = services.due_sources(timezone.now()).explain()
    assert "source_link_check_due" in plan


def test_the_periodic_job_checks_what_is_due(link_settings):
    due = cited_source(link_settings, "/dead")
    assert "sources.tasks.check_due_links" in schedule.PERIODIC
    tasks.check_due_links.enqueue()
    [run] = run_queued()
    assert run.status == JobRun.Status.SUCCEEDED
    assert due.link_checks.get().outcome == Outcome.DEAD


def test_the_periodic_job_does_nothing_when_checks_are_off(link_settings, settings):
    due = cited_source(link_settings)
    settings.LINK_CHECK_ENABLED = False
    tasks.check_due_links.enqueue()
    run_queued()
    assert not due.link_checks.exists()


# --- the first citation: a first check and an archive copy ---------------------


def test_the_first_citation_schedules_checks_and_archives_the_page(link_settings):
    source = SourceFactory.create(url=link_settings.url("/live"))
    CitationFactory.create(source=source)
    runs = run_queued()
    assert {r.task.rsplit(".", 1)[-1] for r in runs} == {
        "check_source_link",
        "archive_source",
    }
    assert {r.status for r in runs} == {JobRun.Status.SUCCEEDED}
    source.refresh_from_db()
    assert source.link_checks.get().outcome == Outcome.LIVE
    assert source.cited_fingerprint == source.link_checks.get().fingerprint
    assert source.archive_url == link_settings.url(f"/web/20261206120000/{source.url}")
    assert source.archive_date == datetime.date(2026, 12, 6)
    assert link_settings.archived == [source.url]
    assert source.link_check_due is not None
    assert source.link_check_due > timezone.now()


def test_a_second_citation_asks_for_nothing_more(link_settings):
    source = SourceFactory.create(url=link_settings.url("/live"))
    CitationFactory.create(source=source)
    run_queued()
    CitationFactory.create(source=source)
    assert run_queued() == []
    assert link_settings.archived == [source.url]


def test_citing_asks_for_nothing_when_checks_are_off(link_settings, settings):
    settings.LINK_CHECK_ENABLED = False
    source = SourceFactory.create(url=link_settings.url("/live"))
    CitationFactory.create(source=source)
    assert run_queued() == []
    assert Source.objects.get(pk=source.pk).link_check_due is None


def test_a_source_with_an_archive_copy_keeps_it(link_settings):
    source = SourceFactory.create(
        url=link_settings.url("/live"),
        archive_url="https://archive.example.org/kept",
        archive_date=datetime.date(2025, 5, 5),
    )
    services.source_archive(source_id=source.pk)
    assert Source.objects.get(pk=source.pk).archive_url.endswith("/kept")
    assert link_settings.archived == []


def test_a_failed_archive_request_is_retried_by_its_job(link_settings):
    link_settings.archive_fails = True
    source = SourceFactory.create(url=link_settings.url("/live"))
    with pytest.raises(ArchiveError, match=r"The archive refused .*: Nope[.]$"):
        services.source_archive(source_id=source.pk)
    tasks.archive_source.enqueue(source.pk)
    [run] = run_queued()
    assert run.status == JobRun.Status.RETRYING
    assert Source.objects.get(pk=source.pk).archive_url == ""


def test_the_archive_service_gets_the_configured_credentials(link_settings, settings):
    settings.ARCHIVE_SECRET_KEY = "wrong"
    source = SourceFactory.create(url=link_settings.url("/live"))
    with pytest.raises(ArchiveError, match="HTTP 401"):
        services.source_archive(source_id=source.pk)


def test_without_archive_credentials_nothing_is_requested(link_settings, settings):
    settings.ARCHIVE_ACCESS_KEY = ""
    source = SourceFactory.create(url=link_settings.url("/live"))
    assert services.source_archive(source_id=source.pk).archive_url == ""
    assert link_settings.requests == []


# --- the admin ---------------------------------------------------------------


def test_an_editor_checks_links_now_from_the_admin(link_settings, client, editor):
    source = cited_source(link_settings, "/dead")
    client.force_login(editor)
    response = client.post(
        reverse("admin:sources_source_changelist"),
        {"action": "check_links_now", "_selected_action": [source.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Checked 1 link(s): 1 dead." in response.content.decode()
    assert source.link_checks.count() == 1


def test_checking_now_is_refused_to_a_user_who_cannot_edit_sources(
    link_settings, outsider
):
    source = cited_source(link_settings)
    with pytest.raises(PermissionDenied, match="cannot edit sources"):
        services.link_checks_now(actor=outsider, source_ids=[source.pk])
    assert not source.link_checks.exists()
    assert link_settings.requests == []


def test_the_source_page_shows_its_check_history(link_settings, client, editor):
    source = cited_source(link_settings, "/redirect")
    check(source)
    client.force_login(editor)
    page = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    text = page.content.decode()
    assert "Link checks" in text
    assert "Redirected" in text
    assert link_settings.url("/redirect") + " → " + link_settings.url("/live") in text


def test_a_run_out_of_time_leaves_the_checks_not_started_for_the_next(
    link_settings,
):
    # Each answer takes a moment, so checks are still queued when the first
    # one ends (however fast this machine is).
    link_settings.hold_seconds = 0.2
    sources = [cited_source(link_settings, f"/live/{n}") for n in range(4)]
    Source.objects.update(link_check_due=timezone.now() + datetime.timedelta(hours=1))
    summary = services.link_checks_run(
        [Source.objects.get(pk=s.pk) for s in sources], workers=1, seconds=0
    )
    assert summary.skipped >= 2
    assert summary.checked + summary.skipped == 4
    unchecked = Source.objects.filter(link_checks__isnull=True)
    assert unchecked.count() == summary.skipped
    now = timezone.now()
    assert all(s.link_check_due and s.link_check_due <= now for s in unchecked)


def test_a_run_stopped_by_its_time_limit_drops_the_queued_checks(link_settings):
    link_settings.hold_seconds = 0.2
    sources = [cited_source(link_settings, f"/live/{n}") for n in range(6)]
    with pytest.raises(JobTimeLimitExceeded), time_limit(0.3):
        services.link_checks_run(sources, workers=1)
    # The one thread had a check or two under way; the queued ones were
    # dropped instead of run after the limit.
    time.sleep(1)
    assert len({r["path"] for r in link_settings.requests}) <= 2
