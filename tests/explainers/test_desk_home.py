"""The desk at /admin/: each person's work, one click from each item.

Every section is a fixed number of queries, read at two sizes of archive.
"""

import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from explainers.desk import desk_for, written_by
from explainers.editors import explainer_writer_ids
from explainers.models import Explainer, Statistic
from explainers.services import content, review, transitions
from tests.explainers.workflow_helpers import (
    approve_statistics,
    make_approved,
    make_draft,
    make_in_review,
    make_published,
    reload,
)
from tests.second_factor import verified_login
from tests.versions import seen, seen_statistic

pytestmark = pytest.mark.django_db


def sections(user) -> dict:
    return {s.key: s for s in desk_for(user)}


def titles(section) -> list[str]:
    return [getattr(row, "title", None) or row.display_text for row in section.rows]


def request_changes(explainer, reviewer, comment="Cite the agency's own report."):
    transitions.explainer_request_changes(
        explainer_id=explainer.pk,
        actor=reviewer,
        comment=comment,
        expected_version=seen(explainer.pk),
    )


@pytest.fixture
def desk_home(client):
    def get(user):
        verified_login(client, user)
        response = client.get("/admin/")
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_an_editor_sees_their_own_work_and_not_the_review_queue(
    editor, other_editor, reviewer
):
    make_draft(editor, title="Grain corridor")
    make_draft(other_editor, title="Someone else's draft")
    sent_back = make_in_review(editor, title="Minsk talks")
    request_changes(sent_back, reviewer)
    make_approved(editor, reviewer, title="Sanctions")

    desk = sections(editor)

    assert titles(desk["drafts"]) == ["Grain corridor"]
    assert titles(desk["changes"]) == ["Minsk talks"]
    assert desk["changes"].rows[0].request_comment == "Cite the agency's own report."
    assert desk["changes"].rows[0].request_by == "reviewer"
    assert titles(desk["approved"]) == ["Sanctions"]
    assert "review" not in desk
    assert (desk["drafts"].count, desk["changes"].count) == (1, 1)


def test_the_reviewer_s_comment_is_on_the_editor_s_home_page(
    editor, reviewer, desk_home
):
    explainer = make_in_review(editor, title="Minsk talks")
    request_changes(explainer, reviewer, comment="Say who counted the strikes.")

    html = desk_home(editor)

    assert "Say who counted the strikes." in html
    assert f'href="/admin/explainers/explainer/{explainer.pk}/change/"' in html


def test_the_latest_request_is_the_one_shown(editor, reviewer):
    explainer = make_in_review(editor)
    request_changes(explainer, reviewer, comment="First round.")
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    request_changes(explainer, reviewer, comment="Second round.")

    [row] = sections(editor)["changes"].rows
    assert row.request_comment == "Second round."


def test_a_reviewer_sees_what_waits_oldest_first_with_its_age(editor, reviewer):
    newest = make_in_review(editor, title="Newest")
    oldest = make_in_review(editor, title="Oldest")
    # Made second, but submitted a day earlier.
    day_ago = timezone.now() - timedelta(days=1)
    oldest.transitions.filter(transition="submit").update(created_at=day_ago)
    Explainer.objects.filter(pk=oldest.pk).update(updated_at=day_ago)

    review = sections(reviewer)["review"]

    assert titles(review) == ["Oldest", "Newest"]
    assert review.rows[0].submitted_at < review.rows[1].submitted_at
    assert review.rows[0].pending_claims == 1
    assert review.rows[1].pk == newest.pk
    assert {"drafts", "changes"}.isdisjoint(sections(reviewer))


def test_the_age_reads_as_time_waited(editor, reviewer, desk_home):
    explainer = make_in_review(editor)
    explainer.transitions.filter(transition="submit").update(
        created_at=timezone.now() - timedelta(days=2, hours=3)
    )

    html = desk_home(reviewer)

    assert re.search(r"waiting <time[^>]*>2\xa0days, 3\xa0hours</time>", html)


def test_a_reviewer_is_not_offered_what_they_wrote_or_edited(editor, chief, reviewer):
    authored = make_in_review(chief, title="Chief's own")
    edited = make_draft(editor, title="Edited by the chief")
    content.explainer_update(
        explainer_id=edited.pk, actor=chief, data={"standfirst": "Tighter."}
    )
    content.explainer_update(
        explainer_id=edited.pk, actor=editor, data={"standfirst": "Tighter still."}
    )
    transitions.explainer_submit(
        explainer_id=edited.pk, actor=editor, expected_version=seen(edited.pk)
    )
    make_in_review(editor, title="Untouched")

    assert titles(sections(chief)["review"]) == ["Untouched"]
    assert sorted(titles(sections(reviewer)["review"])) == [
        "Chief's own",
        "Edited by the chief",
        "Untouched",
    ]
    assert authored.pk not in [r.pk for r in sections(chief)["review"].rows]


def test_a_reviewer_who_only_requested_changes_still_sees_the_resubmission(
    editor, reviewer
):
    explainer = make_in_review(editor, title="Back again")
    request_changes(explainer, reviewer)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )

    assert titles(sections(reviewer)["review"]) == ["Back again"]


def test_the_desk_s_four_eyes_agrees_with_the_workflow_s(
    editor, other_editor, chief, reviewer
):
    """``written_by`` is the SQL twin of ``explainer_writer_ids``."""
    cases = [make_draft(editor), make_in_review(chief), make_published(editor, chief)]
    content.explainer_update(
        explainer_id=cases[0].pk, actor=chief, data={"title": "Changed by the chief"}
    )
    content.explainer_update(
        explainer_id=cases[2].pk, actor=other_editor, data={"title": "A redraft"}
    )
    request_changes(make_in_review(other_editor), chief)
    for user in (editor, other_editor, chief, reviewer):
        by_sql = set(
            Explainer.objects.filter(written_by(user)).values_list("pk", flat=True)
        )
        by_history = {
            e.pk for e in Explainer.objects.all() if user.pk in explainer_writer_ids(e)
        }
        assert by_sql == by_history, user


def test_staff_without_a_role_see_only_what_is_public(
    editor, reviewer, outsider, desk_home
):
    make_draft(editor, title="Not for outsiders")
    make_published(editor, reviewer, title="Out in the open")

    assert list(sections(outsider)) == ["published"]
    html = desk_home(outsider)
    assert "Out in the open" in html and "Not for outsiders" not in html


def test_lapsed_figures_reach_the_authors_and_the_reviewers(
    editor, other_editor, reviewer
):
    explainer = make_draft(editor, title="Casualty counts")
    approve_statistics(explainer, reviewer)
    statistic = explainer.statistics.get()
    content.statistic_update(
        statistic_id=statistic.pk, actor=editor, data={"display_text": "over 900"}
    )
    never_reviewed = make_draft(editor, title="Fresh")

    for user in (editor, reviewer):
        lapsed = sections(user)["lapsed"]
        assert [row.pk for row in lapsed.rows] == [statistic.pk], user
    assert sections(other_editor)["lapsed"].count == 0
    assert never_reviewed.statistics.get().lapsed_at is None


def test_lapses_from_before_the_column_are_filled_from_history(editor, reviewer):
    from django.apps import apps

    backfill = import_module(
        "explainers.migrations.0016_statistic_lapsed_at_backfill"
    ).backfill
    explainer = make_draft(editor, statistics=3)
    lapsed, approved, fresh = explainer.statistics.order_by("pk")
    approve_statistics(explainer, reviewer)
    content.statistic_update(
        statistic_id=lapsed.pk, actor=editor, data={"display_text": "over 900"}
    )
    content.statistic_update(
        statistic_id=fresh.pk, actor=editor, data={"display_text": "about 800"}
    )
    review.statistic_approve(
        statistic_id=fresh.pk, actor=reviewer, expected_version=seen_statistic(fresh.pk)
    )
    when = lapsed.history.filter(
        history_change_reason__startswith="Review lapsed"
    ).values_list("history_date", flat=True)[0]
    Statistic.objects.update(lapsed_at=None)  # as before migration 0010

    backfill(apps, None)

    assert Statistic.objects.get(pk=lapsed.pk).lapsed_at == when
    assert Statistic.objects.get(pk=approved.pk).lapsed_at is None
    assert Statistic.objects.get(pk=fresh.pk).lapsed_at is None  # approved again


def test_approved_work_waits_for_the_publishers(editor, other_editor, reviewer, chief):
    make_approved(other_editor, reviewer, title="Ready")

    assert titles(sections(chief)["approved"]) == ["Ready"]
    assert titles(sections(reviewer)["approved"]) == ["Ready"]
    assert sections(editor)["approved"].count == 0


def test_scheduled_and_recently_published(editor, reviewer, chief):
    published = make_published(editor, reviewer, title="Out this week")
    later = make_approved(editor, reviewer, title="Out tomorrow")
    Explainer.objects.filter(pk=later.pk).update(
        scheduled_publish_at=timezone.now() + timedelta(days=1)
    )
    Explainer.objects.filter(pk=published.pk).update(
        scheduled_archive_at=timezone.now() + timedelta(days=9)
    )

    desk = sections(chief)

    assert titles(desk["scheduled"]) == ["Out tomorrow", "Out this week"]
    assert [row.title for row in desk["published"].rows] == ["Out this week"]
    assert titles(sections(editor)["scheduled"]) == ["Out tomorrow", "Out this week"]


def test_counts_link_to_each_section_and_the_app_list_stays(editor, desk_home):
    make_draft(editor, title="Grain corridor")

    html = desk_home(editor)

    assert (
        '<a href="#desk-drafts" class="desk-busy"><span class="desk-count">1</span>'
        " My drafts</a>" in html
    )
    assert 'id="desk-records"' in html
    assert 'href="/admin/sources/source/"' in html  # the app list, below
    assert 'href="/admin/explainers/explainer/add/"' in html


def test_a_long_section_shows_its_first_rows_and_links_to_the_rest(editor):
    for n in "abcdefghij":
        make_draft(editor, title=f"Draft {n}", slug=f"draft-{n}")

    drafts = sections(editor)["drafts"]

    assert drafts.count == 10 and len(drafts.rows) == 8
    assert drafts.more_url.startswith("/admin/explainers/explainer/?")


def _busy_newsroom(editor, other_editor, reviewer, chief, size: int) -> None:
    for n in range(size):
        letter = "abcdefghijklmnop"[n]
        make_draft(editor, slug=f"d-{letter}")
        sent_back = make_in_review(editor, slug=f"c-{letter}")
        request_changes(sent_back, reviewer)
        make_in_review(other_editor, slug=f"r-{letter}")
        make_approved(editor, reviewer, slug=f"a-{letter}")
        published = make_published(editor, reviewer, slug=f"p-{letter}")
        Explainer.objects.filter(pk=published.pk).update(
            scheduled_archive_at=timezone.now() + timedelta(days=3)
        )
        approved_draft = make_draft(editor, slug=f"l-{letter}")
        approve_statistics(approved_draft, reviewer)
        content.statistic_update(
            statistic_id=approved_draft.statistics.get().pk,
            actor=editor,
            data={"display_text": "over 900"},
        )
        assert reload(published).state == Explainer.State.PUBLISHED


# What any admin page costs (session, user, second factor, permissions for
# the menu, the unread count, the session's own save) is read from a page
# without the desk, so that this pins the desk alone. An editor: their own
# explainers (ids, then states), the rows shown of their sections (changes
# requested, drafts, approved, scheduled) at once, then first rows and count
# of lapsed figures and of recently published. A chief also reviews and
# publishes: first rows and count of waiting for review, everyone's approved
# and scheduled; they have no explainers of their own here, so after the ids
# there is nothing to read of them (a person's own costs at most three).
DESK_QUERIES = {"editor": 2 + 1 + 2 * 2, "chief": 1 + 2 * 5}


@pytest.mark.parametrize("size", [1, 9])
def test_the_desk_costs_the_same_queries_whatever_the_size(
    size, client, editor, other_editor, reviewer, chief, django_assert_num_queries
):
    _busy_newsroom(editor, other_editor, reviewer, chief, size)
    for user in (editor, chief):
        verified_login(client, user)
        client.get("/admin/")  # content types and the like cached once
        with CaptureQueriesContext(connection) as signed_in:
            client.get("/admin/password_change/")
        desk = DESK_QUERIES[user.username]
        with django_assert_num_queries(len(signed_in) + desk):
            response = client.get("/admin/")
        assert response.status_code == 200
        assert response.content.decode().count('class="desk-rows"') >= 5, user


def test_waiting_for_review_opens_the_review_page(client, editor, reviewer):
    from tests.explainers.workflow_helpers import make_in_review
    from tests.second_factor import verified_login

    explainer = make_in_review(editor)
    verified_login(client, reviewer)
    page = client.get("/admin/").content.decode()
    assert f"/admin/explainers/explainer/{explainer.pk}/review/" in page
