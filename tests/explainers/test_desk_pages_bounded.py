"""Desk pages cost a fixed number of queries whatever the archive's size.

Each page is read at two sizes; the count must not move. The numbers are the
admin's own (session, user, permissions, the changelist's count and rows).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from explainers.services import content
from tests.explainers.workflow_helpers import make_draft, make_published
from tests.second_factor import verified_login

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/explainers/explainer/",
    "/admin/explainers/explainer/?q=stall",
    "/admin/explainers/statistic/",
    "/admin/explainers/statistic/?q=figure",
    "/admin/explainers/explainer/review-queue/",
]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def _archive(editor, reviewer, size: int) -> None:
    for n in range(size):
        make_published(
            editor, reviewer, slug=f"stalled-{'abcdefghij'[n]}", statistics=3
        )
        make_draft(editor, slug=f"draft-{'abcdefghij'[n]}", statistics=2)


def test_desk_pages_do_not_grow_with_the_archive(client, chief, editor, reviewer):
    verified_login(client, chief)
    _archive(editor, reviewer, 2)
    for url in PAGES:
        client.get(url)  # content types are cached after the first page
    small = {url: _queries(client, url) for url in PAGES}
    _archive_more = [  # eight more of each
        make_published(editor, reviewer, slug=f"more-{n}x", statistics=3)
        for n in "abcdefgh"
    ]
    assert len(_archive_more) == 8
    large = {url: _queries(client, url) for url in PAGES}
    assert large == small


def test_the_history_page_does_not_grow_with_its_records(
    client, chief, editor, reviewer
):
    verified_login(client, chief)
    explainer = make_published(editor, reviewer, statistics=2)
    url = f"/admin/explainers/explainer/{explainer.pk}/history/"
    client.get(url)  # content types are cached after the first page
    few = _queries(client, url)
    for n in range(6):
        content.explainer_update(
            explainer_id=explainer.pk,
            actor=editor,
            data={"standfirst": f"Dek, take {'abcdef'[n]}."},
        )
    assert _queries(client, url) == few


def test_a_searched_list_counts_up_to_the_cap(editor, monkeypatch):
    from explainers.models import Statistic
    from newsroom import admin_paging

    make_draft(editor, slug="five", statistics=5)
    monkeypatch.setattr(admin_paging, "COUNT_CAP", 3)
    matching = Statistic.objects.filter(key__startswith="figure")
    assert admin_paging.EstimatedCountPaginator(matching, 2).count == 3
    monkeypatch.setattr(admin_paging, "COUNT_CAP", 100)
    assert admin_paging.EstimatedCountPaginator(matching, 2).count == 5
