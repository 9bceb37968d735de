"""The publication gate: problems(explainer) names every blocker, where and how to fix.

DESIGN.md, "Publication gate". Set-up writes rows with the factories (and
``QuerySet.update`` where a state can only be forced); the gate only reads.
"""

import pytest
from django.utils import timezone

from explainers import gate
from explainers.digest import statistic_digest
from explainers.models import Statistic
from explainers.services import review
from sources.models import Citation, Source
from tests.explainers.workflow_helpers import (
    approve_statistics,
    make_approved,
    make_draft,
)
from tests.factories import (
    BackgroundBoxFactory,
    CitationFactory,
    ExplainerFactory,
    SourceFactory,
    StatisticFactory,
)
from tests.versions import seen_statistic

pytestmark = pytest.mark.django_db


def found(explainer, code):
    return [p for p in gate.problems(explainer) if p.code == code]


def assert_located_and_fixable(problem):
    assert problem.severity == gate.ERROR
    assert problem.message
    assert problem.fix
    assert problem.location


def test_approved_fully_sourced_explainer_has_no_blocking_problems(editor, reviewer):
    explainer = make_approved(editor, reviewer, statistics=3)

    assert gate.blocking(gate.problems(explainer)) == []


def test_draft_explainer_is_reported_unapproved(editor, reviewer):
    explainer = make_draft(editor)
    approve_statistics(explainer, reviewer)

    problems = gate.problems(explainer)

    assert [p.code for p in gate.blocking(problems)] == ["explainer_unapproved"]
    assert_located_and_fixable(problems[0])
    assert problems[0].location == {"field": "state"}


def test_uncited_statistic_is_reported_with_its_location(editor):
    explainer = make_draft(editor, statistics=0, body="Over [[stat:uncited]].")
    statistic = StatisticFactory.create(explainer=explainer, key="uncited")

    [problem] = found(explainer, "statistic_uncited")

    assert_located_and_fixable(problem)
    assert problem.location == {"statistic": "uncited", "statistic_id": statistic.pk}


def test_pending_statistic_is_reported_unapproved(editor):
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()

    [problem] = found(explainer, "statistic_unapproved")

    assert_located_and_fixable(problem)
    assert problem.location["statistic_id"] == statistic.pk


def test_forced_approval_with_a_stale_digest_is_reported_unapproved(editor, reviewer):
    """The gate checks the digest itself, not only the review_state flag."""
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()
    review.statistic_approve(
        statistic_id=statistic.pk,
        actor=reviewer,
        expected_version=seen_statistic(statistic.pk),
    )
    assert found(explainer, "statistic_unapproved") == []
    # Content changed behind the services' back: the stored digest is stale.
    Statistic.objects.filter(pk=statistic.pk).update(
        display_text="more than 5,000 people"
    )

    [problem] = found(explainer, "statistic_unapproved")

    assert Statistic.objects.get(pk=statistic.pk).review_state == "approved"
    assert "lapsed" in problem.message
    assert_located_and_fixable(problem)
    assert problem.location["statistic_id"] == statistic.pk


def test_forced_approval_without_any_review_is_reported_unapproved(editor):
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()
    Statistic.objects.filter(pk=statistic.pk).update(
        review_state="approved", reviewed_at=timezone.now(), reviewed_digest="0" * 64
    )

    [problem] = found(explainer, "statistic_unapproved")

    assert problem.location["statistic_id"] == statistic.pk


def test_citation_changed_behind_the_services_back_lapses_the_approval(
    editor, reviewer
):
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()
    review.statistic_approve(
        statistic_id=statistic.pk,
        actor=reviewer,
        expected_version=seen_statistic(statistic.pk),
    )
    Citation.objects.filter(statistic=statistic).update(locator="p. 99")

    assert [
        p.location["statistic_id"] for p in found(explainer, "statistic_unapproved")
    ] == [statistic.pk]


def test_rejected_statistic_is_reported_with_the_reviewers_note(editor, reviewer):
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()
    review.statistic_reject(
        statistic_id=statistic.pk,
        actor=reviewer,
        note="The report says 900.",
        expected_version=seen_statistic(statistic.pk),
    )

    [problem] = found(explainer, "statistic_rejected")

    assert_located_and_fixable(problem)
    assert "The report says 900." in problem.message
    assert problem.location["statistic_id"] == statistic.pk
    assert found(explainer, "statistic_unapproved") == []


def test_unknown_statistic_in_the_body_is_reported_with_field_and_offset(editor):
    body = "Intro text. [[stat:nowhere]] and more."
    explainer = make_draft(editor, statistics=0, body=body)

    [problem] = found(explainer, "unknown_statistic")

    assert_located_and_fixable(problem)
    assert problem.location == {"field": "body", "offset": body.index("[[stat:")}
    assert "nowhere" in problem.message


def test_unknown_statistic_in_a_box_names_the_box(editor):
    explainer = make_draft(editor, statistics=0, body="No figures here.")
    box_body = "Since then, [[stat:ghost]] fled."
    box = BackgroundBoxFactory.create(explainer=explainer, body=box_body)

    [problem] = found(explainer, "unknown_statistic")

    assert problem.location == {
        "field": "box_body",
        "box": box.pk,
        "offset": box_body.index("[[stat:"),
    }


def test_number_outside_a_statistic_is_reported_with_its_phrase_and_offset(editor):
    body = "The war began in 2014. Since then, more than 13,000 people were killed."
    explainer = make_draft(editor, statistics=0, body=body)

    problems = found(explainer, "uncited_number")

    assert problems, "the detector found no number in the body"
    problem = problems[0]
    assert_located_and_fixable(problem)
    assert problem.location["field"] == "body"
    phrase = problem.location["phrase"]
    assert "13,000" in phrase
    assert body[problem.location["offset"] :].startswith(phrase)
    # A year is not a statistic.
    assert not [p for p in problems if "2014" in p.location["phrase"]]


def _cite(explainer_editor, **source_fields):
    explainer = make_draft(explainer_editor, statistics=0, body="[[stat:cited]]")
    statistic = StatisticFactory.create(explainer=explainer, key="cited")
    source = SourceFactory.create(**source_fields)
    CitationFactory.create(statistic=statistic, source=source)
    return explainer, statistic, source


@pytest.mark.parametrize(
    ("source_fields", "lacks"),
    [
        ({"publisher": ""}, "a publisher or producer"),
        (
            {"kind": Source.Kind.GOVERNMENT_DATA, "url": "", "accessed_date": None},
            "a URL or DOI",
        ),
        ({"link_status": Source.LinkStatus.DEAD}, "an archived copy of its dead link"),
    ],
    ids=["no-publisher", "no-url-or-doi", "dead-link-without-archive"],
)
def test_incomplete_cited_source_is_reported(source_fields, lacks, editor):
    explainer, statistic, source = _cite(editor, **source_fields)

    [problem] = found(explainer, "source_incomplete")

    assert_located_and_fixable(problem)
    assert lacks in problem.message
    assert problem.location == {
        "source": source.pk,
        "statistic": "cited",
        "statistic_id": statistic.pk,
    }


def test_court_record_without_url_is_complete(editor):
    explainer, _, _ = _cite(
        editor, kind=Source.Kind.COURT_RECORD, url="", accessed_date=None
    )

    assert found(explainer, "source_incomplete") == []


def test_source_cited_twice_is_reported_once(editor):
    explainer, _, source = _cite(editor, publisher="")
    other = StatisticFactory.create(explainer=explainer, key="other")
    CitationFactory.create(statistic=other, source=source)

    assert len(found(explainer, "source_incomplete")) == 1


def test_every_problem_is_reported_not_only_the_first(editor):
    explainer = make_draft(editor, statistics=0, body="[[stat:a]] [[stat:missing]]")
    StatisticFactory.create(explainer=explainer, key="a")

    codes = {p.code for p in gate.blocking(gate.problems(explainer))}

    assert codes == {
        "explainer_unapproved",
        "statistic_uncited",
        "statistic_unapproved",
        "unknown_statistic",
    }


# --- Query count -------------------------------------------------------------

# load_context reads: the explainer with its conflict, then one prefetch each
# for authors, boxes, waivers, statistics (with reviewer) and citations (with
# their sources). The checks work on what was loaded, so the count does not
# depend on how many statistics, citations or boxes there are.
GATE_QUERIES = 6


def explainer_with_statistics(editor, reviewer, count):
    explainer = ExplainerFactory.create(
        created_by=editor,
        body=" ".join(f"[[stat:s-{n}]]" for n in range(count)),
    )
    for position in range(3):
        BackgroundBoxFactory.create(explainer=explainer, position=position)
    statistics = Statistic.objects.bulk_create(
        StatisticFactory.build(explainer=explainer, key=f"s-{n}") for n in range(count)
    )
    sources = [SourceFactory.create() for _ in range(4)]
    Citation.objects.bulk_create(
        CitationFactory.build(statistic=statistic, source=sources[(n + i) % 4])
        for n, statistic in enumerate(statistics)
        for i in range(2)
    )
    # Mark each statistic approved with the digest of what it cites, so the
    # gate runs its full digest comparison for every one of them.
    now = timezone.now()
    for statistic in Statistic.objects.filter(explainer=explainer).prefetch_related(
        "citations__source"
    ):
        statistic.review_state = Statistic.ReviewState.APPROVED
        statistic.reviewed_by = reviewer
        statistic.reviewed_at = now
        statistic.reviewed_digest = statistic_digest(
            statistic, statistic.citations.all()
        )
        statistic.save()
    return explainer


def test_gate_query_count_does_not_grow_with_statistics(
    editor, reviewer, django_assert_num_queries
):
    small = explainer_with_statistics(editor, reviewer, 5)
    large = explainer_with_statistics(editor, reviewer, 500)

    with django_assert_num_queries(GATE_QUERIES):
        small_problems = gate.problems(small)
    with django_assert_num_queries(GATE_QUERIES):
        large_problems = gate.problems(large)

    # Both were fully evaluated: only the draft state blocks either of them.
    assert {p.code for p in gate.blocking(small_problems)} == {"explainer_unapproved"}
    assert {p.code for p in gate.blocking(large_problems)} == {"explainer_unapproved"}
