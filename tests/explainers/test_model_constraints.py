import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from explainers.models import BackgroundBox, Explainer, Statistic
from explainers.models.explainer import MAX_BODY_CHARS
from explainers.services import content
from tests.factories import BackgroundBoxFactory, ExplainerFactory, StatisticFactory

pytestmark = pytest.mark.django_db


def test_slug_is_unique():
    ExplainerFactory.create(slug="minsk-agreements")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExplainerFactory.create(slug="minsk-agreements")
    assert Explainer.objects.filter(slug="minsk-agreements").count() == 1


def test_statistic_key_is_unique_within_its_explainer_only():
    first = StatisticFactory.create(key="killed")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatisticFactory.create(explainer=first.explainer, key="killed")
    assert Statistic.objects.filter(key="killed").count() == 1

    StatisticFactory.create(key="killed")  # another explainer may use the same key
    assert Statistic.objects.filter(key="killed").count() == 2


def test_statistic_key_must_be_token_friendly(editor):
    explainer = ExplainerFactory.create(created_by=editor)
    with pytest.raises(ValidationError) as excinfo:
        content.statistic_create(
            explainer_id=explainer.pk,
            actor=editor,
            data={"key": "Killed Since 2014!", "claim": "c", "display_text": "d"},
        )
    assert "key" in excinfo.value.message_dict
    assert not Statistic.objects.exists()


def test_boxes_come_in_position_order():
    explainer = ExplainerFactory.create()
    BackgroundBoxFactory.create(explainer=explainer, title="third", position=3)
    BackgroundBoxFactory.create(explainer=explainer, title="first", position=1)
    BackgroundBoxFactory.create(explainer=explainer, title="second", position=2)
    assert [b.title for b in explainer.boxes.all()] == ["first", "second", "third"]


def test_negative_box_position_is_refused_by_the_database():
    explainer = ExplainerFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        BackgroundBox.objects.create(
            explainer=explainer, title="t", body="b", position=-1
        )
    assert not BackgroundBox.objects.exists()


def test_oversize_body_is_refused_with_a_clear_error_and_nothing_saved(editor):
    explainer = ExplainerFactory.create(created_by=editor, body="Short.")
    with pytest.raises(ValidationError) as excinfo:
        content.explainer_update(
            explainer_id=explainer.pk,
            actor=editor,
            data={"body": "x" * (MAX_BODY_CHARS + 1)},
        )
    assert "body" in excinfo.value.message_dict
    explainer.refresh_from_db()
    assert explainer.body == "Short."
    assert explainer.version == 1


def test_published_state_needs_a_live_revision_in_the_database():
    explainer = ExplainerFactory.create()
    # Raw SQL dodges the model and its queryset; the check constraint still holds.
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE {Explainer._meta.db_table} SET state = %s WHERE id = %s",
            ["published", explainer.pk],
        )
    explainer.refresh_from_db()
    assert explainer.state == Explainer.State.DRAFT
