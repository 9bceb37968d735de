"""``manage.py check_sources``: due checks (or all, or one) now, a summary, exit 0."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sources.models import LinkCheck, Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("check_sources", *args, stdout=out)
    return out.getvalue()


def source_at(server, path, *, due=True, **fields):
    source = SourceFactory.create(url=server.url(path), **fields)
    if due:
        Source.objects.filter(pk=source.pk).update(
            link_check_due=timezone.now() - datetime.timedelta(minutes=1)
        )
    return source


def test_due_checks_run_and_the_summary_counts_outcomes(link_settings):
    source_at(link_settings, "/live")
    source_at(link_settings, "/redirect")
    source_at(link_settings, "/dead")
    source_at(link_settings, "/live", due=False)
    output = run()
    assert "Checked 3 link(s)." in output
    assert "Live                 1" in output
    assert "Redirected           1" in output
    assert "Dead                 1" in output
    assert LinkCheck.objects.count() == 3


def test_dead_links_are_listed_and_the_command_still_succeeds(link_settings, settings):
    settings.LINK_CHECK_DEAD_AFTER = 1
    dead = source_at(link_settings, "/gone")
    archived = source_at(
        link_settings,
        "/dead",
        archive_url="https://web.archive.org/web/2025/x",
        archive_date=datetime.date(2025, 1, 1),
    )
    output = run()  # call_command raises on a non-zero exit: it did not
    assert "Dead links (2):" in output
    assert f"#{dead.pk} {dead.url} (no archive copy)" in output
    assert f"#{archived.pk} {archived.url} (archived: {archived.archive_url})" in output


def test_all_checks_every_source_with_a_url_due_or_not(link_settings):
    source_at(link_settings, "/live", due=False)
    source_at(link_settings, "/live", due=False)
    SourceFactory.create(url="", accessed_date=None, kind=Source.Kind.COURT_RECORD)
    assert "Checked 2 link(s)." in run("--all")


def test_one_source_is_checked_by_its_id(link_settings):
    one = source_at(link_settings, "/redirect", due=False)
    source_at(link_settings, "/live")
    output = run("--source", str(one.pk))
    assert "Checked 1 link(s)." in output
    assert list(LinkCheck.objects.values_list("source_id", flat=True)) == [one.pk]


def test_an_unknown_source_id_is_a_clear_error(link_settings):
    with pytest.raises(CommandError, match="No source with ID 999999"):
        run("--source", "999999")
    assert not LinkCheck.objects.exists()


def test_a_source_without_a_url_is_a_clear_error(link_settings):
    offline = SourceFactory.create(
        url="", accessed_date=None, kind=Source.Kind.COURT_RECORD
    )
    with pytest.raises(CommandError, match="has no URL to check"):
        run("--source", str(offline.pk))


def test_nothing_due_says_so(link_settings):
    assert "Checked 0 link(s)." in run()
