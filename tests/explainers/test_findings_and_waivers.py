"""Every number in readers' text is a cited statistic or a signed waiver."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from explainers import gate
from explainers.findings import Field, find_in
from explainers.models import Explainer, Statistic, Waiver
from explainers.services import content
from explainers.services.findings import (
    FindingGone,
    PlainTextField,
    finding_waive,
    statistic_create_from_finding,
)
from tests.explainers.workflow_helpers import reload
from tests.factories import (
    BackgroundBoxFactory,
    CitationFactory,
    ExplainerFactory,
    StatisticFactory,
)
from tests.versions import seen

pytestmark = pytest.mark.django_db

BODY = (
    "The talks began in 1994. Since then shelling has displaced 40,000 people "
    "from the valley.\n\nThe [[stat:cited]] figure is already a statistic."
)


def _uncited(explainer):
    return [p for p in gate.problems(explainer) if p.code == "uncited_number"]


def test_numbers_in_placed_statistics_and_dates_are_not_findings():
    phrases = [f.phrase for f in find_in(Field("body", BODY))]
    assert phrases == ["40,000 people"]


def test_findings_are_reported_in_title_standfirst_body_and_boxes(editor):
    explainer = ExplainerFactory.create(
        created_by=editor,
        title="Why 3 million people fled",
        standfirst="A war that left two million people hungry.",
        body=BODY,
    )
    box = BackgroundBoxFactory.create(explainer=explainer, body="Aid reached 12 towns.")
    problems = _uncited(explainer)
    where = {(p.location["field"], p.location["phrase"]) for p in problems}
    assert where == {
        ("title", "3 million people"),
        ("standfirst", "two million people"),
        ("body", "40,000 people"),
        ("box_body", "12 towns"),
    }
    box_problem = next(p for p in problems if p.location["field"] == "box_body")
    assert box_problem.location["box"] == box.pk
    body_problem = next(p for p in problems if p.location["field"] == "body")
    assert BODY[body_problem.location["offset"] :].startswith("40,000 people")
    assert "displaced 40,000 people" in body_problem.location["sentence"]


def test_waiver_silences_exactly_its_finding_until_the_sentence_changes(
    editor, reviewer
):
    explainer = ExplainerFactory.create(
        created_by=editor,
        body="Shelling displaced 40,000 people. Officials counted 12 towns hit.",
    )
    displaced = next(p for p in _uncited(explainer) if "40,000" in p.location["phrase"])
    finding_waive(
        explainer_id=explainer.pk,
        actor=reviewer,
        fingerprint=displaced.location["fingerprint"],
        reason="Quoted from the headline of a cited report",
        expected_version=seen(explainer.pk),
    )
    assert [p.location["phrase"] for p in _uncited(explainer)] == ["12 towns"]

    # Editing another sentence keeps the waiver; editing its own brings it back.
    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={
            "body": "Shelling displaced 40,000 people. Officials counted 13 towns hit."
        },
    )
    assert [p.location["phrase"] for p in _uncited(explainer)] == ["13 towns"]
    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={
            "body": "Shelling displaced 40,000 people overnight. "
            "Officials counted 13 towns hit."
        },
    )
    assert {p.location["phrase"] for p in _uncited(explainer)} == {
        "40,000 people",
        "13 towns",
    }


def test_waiver_is_signed_in_history(editor, reviewer):
    explainer = ExplainerFactory.create(created_by=editor, body="Floods hit 12 towns.")
    problem = _uncited(explainer)[0]
    waiver = finding_waive(
        explainer_id=explainer.pk,
        actor=reviewer,
        fingerprint=problem.location["fingerprint"],
        reason="Figure of speech",
        expected_version=seen(explainer.pk),
    )
    record = waiver.history.first()
    assert record.history_user == reviewer
    assert record.history_change_reason == "Waived: Figure of speech"
    assert waiver.phrase == "12 towns"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("reviewer", True), ("chief", True), ("editor", False), ("outsider", False)],
)
def test_only_reviewers_waive(role, allowed, request, editor):
    user = request.getfixturevalue(role)
    explainer = ExplainerFactory.create(created_by=editor, body="Floods hit 12 towns.")
    fingerprint = _uncited(explainer)[0].location["fingerprint"]
    if allowed:
        finding_waive(
            explainer_id=explainer.pk,
            actor=user,
            fingerprint=fingerprint,
            reason="A name",
            expected_version=seen(explainer.pk),
        )
        assert Waiver.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied, match="Only reviewers can waive"):
            finding_waive(
                explainer_id=explainer.pk,
                actor=user,
                fingerprint=fingerprint,
                reason="A name",
                expected_version=seen(explainer.pk),
            )
        assert not Waiver.objects.exists()


def test_waiver_needs_a_reason_and_a_current_finding(editor, reviewer):
    explainer = ExplainerFactory.create(created_by=editor, body="Floods hit 12 towns.")
    fingerprint = _uncited(explainer)[0].location["fingerprint"]
    with pytest.raises(ValidationError):
        finding_waive(
            explainer_id=explainer.pk,
            actor=reviewer,
            fingerprint=fingerprint,
            reason=" ",
            expected_version=seen(explainer.pk),
        )
    with pytest.raises(FindingGone):
        finding_waive(
            explainer_id=explainer.pk,
            actor=reviewer,
            fingerprint="0" * 32,
            reason="x",
            expected_version=seen(explainer.pk),
        )
    assert not Waiver.objects.exists()


def test_make_statistic_creates_it_and_places_its_token_in_one_step(editor):
    explainer = ExplainerFactory.create(
        created_by=editor, body="Shelling displaced 40,000 people from the valley."
    )
    problem = _uncited(explainer)[0]

    statistic = statistic_create_from_finding(
        explainer_id=explainer.pk,
        actor=editor,
        fingerprint=problem.location["fingerprint"],
    )

    assert statistic.display_text == "40,000 people"
    assert statistic.key == "40000-people"
    assert "displaced 40,000 people" in statistic.claim
    explainer.refresh_from_db()
    assert explainer.body == "Shelling displaced [[stat:40000-people]] from the valley."
    codes = {p.code for p in gate.problems(explainer)}
    assert "uncited_number" not in codes
    assert {"statistic_uncited", "statistic_unapproved"} <= codes


def test_make_statistic_in_a_box_rewrites_the_box(editor):
    explainer = ExplainerFactory.create(created_by=editor, body="")
    box = BackgroundBoxFactory.create(explainer=explainer, body="Aid reached 12 towns.")
    problem = _uncited(explainer)[0]
    statistic_create_from_finding(
        explainer_id=explainer.pk,
        actor=editor,
        fingerprint=problem.location["fingerprint"],
    )
    box.refresh_from_db()
    assert box.body == "Aid reached [[stat:12-towns]]."


def test_make_statistic_is_for_editors(editor, reviewer):
    explainer = ExplainerFactory.create(created_by=editor, body="Floods hit 12 towns.")
    fingerprint = _uncited(explainer)[0].location["fingerprint"]
    with pytest.raises(PermissionDenied):
        statistic_create_from_finding(
            explainer_id=explainer.pk, actor=reviewer, fingerprint=fingerprint
        )
    assert not Statistic.objects.exists()
    assert Explainer.objects.get(pk=explainer.pk).body == "Floods hit 12 towns."


def test_gate_query_count_stays_flat_with_findings(django_assert_num_queries, editor):
    small = ExplainerFactory.create(created_by=editor, body="Floods hit 12 towns. " * 5)
    large = ExplainerFactory.create(
        created_by=editor, body="Floods hit 12 towns. " * 500
    )
    for explainer, size in ((small, 5), (large, 200)):
        BackgroundBoxFactory.create_batch(
            size, explainer=explainer, body="About 40 villages."
        )
        for statistic in StatisticFactory.create_batch(size, explainer=explainer):
            CitationFactory.create(statistic=statistic)
    # One query per loaded relation (explainer, authors, boxes, waivers,
    # statistics, citations with sources): findings cost no query.
    with django_assert_num_queries(6):
        gate.problems(small)
    with django_assert_num_queries(6):
        gate.problems(large)


def test_an_author_cannot_waive_numbers_in_their_own_explainer(chief, reviewer):
    explainer = ExplainerFactory.create(
        created_by=chief, body="Over 1,000 airstrikes hit."
    )
    fingerprint = next(find_in(Field("body", explainer.body))).fingerprint
    with pytest.raises(PermissionDenied, match="four eyes"):
        finding_waive(
            explainer_id=explainer.pk,
            actor=chief,
            fingerprint=fingerprint,
            reason="Mine",
            expected_version=seen(explainer.pk),
        )
    finding_waive(
        explainer_id=explainer.pk,
        actor=reviewer,
        fingerprint=fingerprint,
        reason="Quoted headline",
        expected_version=seen(explainer.pk),
    )
    assert "uncited_number" not in {p.code for p in gate.problems(explainer)}


def test_make_statistic_is_refused_in_the_title_and_tokens_there_are_errors(editor):
    explainer = ExplainerFactory.create(
        created_by=editor, title="Why 40,000 troops massed"
    )
    title_finding = next(find_in(Field("title", explainer.title)))
    with pytest.raises(PlainTextField):
        statistic_create_from_finding(
            explainer_id=explainer.pk,
            actor=editor,
            fingerprint=title_finding.fingerprint,
        )
    assert reload(explainer).title == "Why 40,000 troops massed"

    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={"title": "Why [[stat:troops]] massed"},
    )
    assert "token_in_plain_text" in {p.code for p in gate.problems(explainer)}
