"""A source change reaches every claim citing it in sets, not row by row.

Changing what readers see of a source lapses the approval of every statistic
citing it with one update and one bulk history insert, so its cost does not
grow in queries with the number of claims; deleting a source asks one index
whether any published revision cites it, never reading revisions.
"""

import pytest

from explainers.models import Statistic
from explainers.services import content
from sources import services
from sources.services import SourceInUse
from tests.explainers.workflow_helpers import make_published
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _cite_everywhere(source, editor, reviewer, explainers: int):
    for n in range(explainers):
        explainer = make_published(editor, reviewer, slug=f"cites-{'abcdef'[n]}")
        statistic = explainer.statistics.get()
        statistic.citations.update(source=source)
        # Re-approve against the new source, as a reviewer would have.
        from explainers.digest import statistic_digest

        Statistic.objects.filter(pk=statistic.pk).update(
            reviewed_digest=statistic_digest(
                statistic, list(statistic.citations.select_related("source"))
            )
        )


@pytest.mark.parametrize("explainers", [1, 5])
def test_a_source_change_lapses_every_citing_approval_in_fixed_queries(
    editor, reviewer, explainers, django_assert_num_queries
):
    source = SourceFactory.create(title="Agency report")
    _cite_everywhere(source, editor, reviewer, explainers)
    assert Statistic.objects.filter(review_state="approved").count() == explainers

    # In a savepoint: lock the source, its five constraint checks (each in a
    # savepoint: 15), save it and its history, find the reviewed statistics
    # citing it, probe one digest (the statistic, its citations), one UPDATE,
    # one read of the lapsed rows and one bulk insert of their history.
    with django_assert_num_queries(26):
        services.source_update(
            source_id=source.pk, actor=editor, data={"title": "Agency report, revised"}
        )

    assert not Statistic.objects.filter(review_state="approved").exists()
    for statistic in Statistic.objects.all():
        latest = statistic.history.first()
        assert latest.history_user == editor
        assert "Review lapsed" in latest.history_change_reason
        assert statistic.last_edited_by == editor


def test_a_change_readers_do_not_see_keeps_the_approvals(editor, reviewer):
    source = SourceFactory.create(title="Agency report")
    _cite_everywhere(source, editor, reviewer, 2)
    services.source_update(
        source_id=source.pk, actor=editor, data={"reliability_note": "Checked."}
    )
    assert Statistic.objects.filter(review_state="approved").count() == 2


@pytest.mark.parametrize("explainers", [1, 5])
def test_deleting_an_uncited_source_reads_no_revision(
    chief, editor, reviewer, explainers, django_assert_num_queries
):
    for n in range(explainers):
        make_published(editor, reviewer, slug=f"other-{'abcdef'[n]}")
    unused = SourceFactory.create(title="Never cited")
    # The role (two permission reads), then in a savepoint: lock, any
    # citation, any published revision citing it, and the delete (Django's
    # collector looks at both relations again, deletes its link checks, the
    # row, its history row).
    with django_assert_num_queries(12):
        services.source_delete(source_id=unused.pk, actor=chief)


def test_a_source_a_published_revision_cites_is_kept_after_the_draft_drops_it(
    chief, editor, reviewer
):
    explainer = make_published(editor, reviewer)
    citation = explainer.statistics.get().citations.get()
    content.citation_delete(citation_id=citation.pk, actor=editor)
    assert not citation.source.citations.exists()

    with pytest.raises(SourceInUse, match="published explainer"):
        services.source_delete(source_id=citation.source_id, actor=chief)
