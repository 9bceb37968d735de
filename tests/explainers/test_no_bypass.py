"""Nothing but the workflow services publishes an explainer or changes what is live.

DESIGN.md: "Nothing else can make an explainer published: not a form, not a
serializer, not QuerySet.update", and published revisions are immutable.
Every attempt below is refused (or ignored) and leaves the database as it was.
"""

import contextlib

import pytest
from django.db import transaction
from django.urls import reverse

from explainers.models import Explainer, ImmutableRecordError, PublishedRevision
from explainers.models.explainer import WorkflowBypassError
from explainers.services import transitions
from tests.explainers.workflow_helpers import (
    make_approved,
    make_draft,
    make_published,
    recorded,
    reload,
)
from tests.factories import ExplainerFactory
from tests.second_factor import verified_login
from tests.versions import seen

pytestmark = pytest.mark.django_db

State = Explainer.State


@pytest.fixture
def approved(editor, reviewer):
    return make_approved(editor, reviewer)


@pytest.fixture
def published(editor, reviewer):
    """A published explainer, plus a second revision of another one to point at."""
    explainer = make_published(editor, reviewer)
    make_published(editor, reviewer)
    return explainer


def other_revision(explainer) -> PublishedRevision:
    return PublishedRevision.objects.exclude(explainer=explainer).get()


def revisions_as_stored() -> list[tuple]:
    return list(
        PublishedRevision.objects.order_by("pk").values_list(
            "pk", "explainer_id", "number", "content", "html", "published_by_id"
        )
    )


# --- Model save --------------------------------------------------------------


def test_setting_state_and_saving_is_refused(approved):
    before = recorded(approved)
    approved.state = State.PUBLISHED

    with pytest.raises(WorkflowBypassError):
        approved.save()

    assert recorded(approved) == before


def test_pointing_at_another_live_revision_and_saving_is_refused(published):
    before = recorded(published)
    published.live_revision = other_revision(published)

    with pytest.raises(WorkflowBypassError):
        published.save()

    assert recorded(published) == before


def test_clearing_the_live_revision_and_saving_is_refused(published):
    before = recorded(published)
    published.live_revision = None
    published.state = State.DRAFT

    with pytest.raises(WorkflowBypassError):
        published.save()

    assert recorded(published) == before


def test_creating_an_explainer_as_published_is_refused(editor, published):
    with pytest.raises(WorkflowBypassError):
        Explainer.objects.create(
            title="Straight to print",
            slug="straight-to-print",
            state=State.PUBLISHED,
            live_revision=other_revision(published),
            created_by=editor,
        )

    assert not Explainer.objects.filter(slug="straight-to-print").exists()


def test_saving_a_stale_copy_cannot_take_a_published_explainer_offline(
    approved, reviewer
):
    stale = Explainer.objects.get(pk=approved.pk)
    transitions.explainer_publish(
        explainer_id=approved.pk, actor=reviewer, expected_version=seen(approved.pk)
    )
    before = recorded(approved)
    stale.standfirst = "Typo fixed in a tab opened before publication."

    # Refusing the save or leaving the workflow fields alone are both fine.
    with contextlib.suppress(WorkflowBypassError):
        stale.save()

    after = recorded(approved)
    assert (after.state, after.live_revision_id) == (
        before.state,
        before.live_revision_id,
    )


# --- QuerySet writes ---------------------------------------------------------


def test_queryset_update_of_state_is_refused(approved):
    before = recorded(approved)

    with pytest.raises(WorkflowBypassError):
        Explainer.objects.filter(pk=approved.pk).update(state=State.PUBLISHED)

    assert recorded(approved) == before


@pytest.mark.parametrize("field", ["live_revision", "live_revision_id"])
def test_queryset_update_of_live_revision_is_refused(field, published):
    before = recorded(published)
    revision = other_revision(published)
    value = revision.pk if field.endswith("_id") else revision

    with pytest.raises(WorkflowBypassError):
        Explainer.objects.filter(pk=published.pk).update(**{field: value})

    assert recorded(published) == before


def test_update_through_related_managers_is_refused(approved, editor):
    before = recorded(approved)

    with pytest.raises(WorkflowBypassError):
        approved.conflict.explainers.update(state=State.PUBLISHED)
    with pytest.raises(WorkflowBypassError):
        editor.explainers_authored.update(state=State.PUBLISHED)

    assert recorded(approved) == before


@pytest.mark.parametrize("field", ["state", "live_revision"])
def test_bulk_update_of_workflow_fields_is_refused(field, approved, published):
    before = recorded(approved)
    approved.state = State.PUBLISHED
    approved.live_revision = published.live_revision

    with pytest.raises(WorkflowBypassError):
        Explainer.objects.bulk_update([approved], [field, "title"])

    assert recorded(approved) == before


def test_bulk_create_of_a_published_explainer_is_refused(editor, published):
    count = Explainer.objects.count()
    smuggled = ExplainerFactory.build(created_by=editor, conflict=published.conflict)
    smuggled.state = State.PUBLISHED

    with pytest.raises(WorkflowBypassError):
        Explainer.objects.bulk_create([smuggled])

    assert Explainer.objects.count() == count


def test_bulk_create_with_a_live_revision_is_refused(editor, published):
    count = Explainer.objects.count()
    smuggled = ExplainerFactory.build(created_by=editor, conflict=published.conflict)
    smuggled.live_revision = other_revision(published)

    with pytest.raises(WorkflowBypassError):
        Explainer.objects.bulk_create([smuggled])

    assert Explainer.objects.count() == count


# --- Published revisions are immutable ---------------------------------------


def test_saving_an_existing_revision_is_refused(published):
    stored = revisions_as_stored()
    revision = published.live_revision
    revision.html = {"body": "<p>Rewritten history.</p>", "boxes": []}

    with pytest.raises(ImmutableRecordError):
        revision.save()

    assert revisions_as_stored() == stored


def test_deleting_a_revision_is_refused(published):
    stored = revisions_as_stored()

    with pytest.raises(ImmutableRecordError):
        published.live_revision.delete()

    assert revisions_as_stored() == stored
    assert reload(published).live_revision_id is not None


@pytest.mark.parametrize(
    "write",
    [
        lambda qs: qs.update(html={}),
        lambda qs: qs.delete(),
        lambda qs: PublishedRevision.objects.bulk_update(
            [PublishedRevision(pk=r.pk, html={}) for r in qs], ["html"]
        ),
    ],
    ids=["update", "delete", "bulk_update"],
)
def test_queryset_writes_to_revisions_are_refused(write, published):
    stored = revisions_as_stored()

    # bulk_update runs in its own atomic block; a savepoint keeps the test's
    # transaction usable after the refusal.
    with pytest.raises(ImmutableRecordError), transaction.atomic():
        write(PublishedRevision.objects.filter(explainer=published))

    assert revisions_as_stored() == stored


def test_revision_writes_through_the_explainer_are_refused(published):
    stored = revisions_as_stored()

    with pytest.raises(ImmutableRecordError):
        published.revisions.all().delete()
    with pytest.raises(ImmutableRecordError):
        published.revisions.update(number=7)

    assert revisions_as_stored() == stored


# --- The admin form ----------------------------------------------------------


def admin_form_data(client, explainer) -> dict:
    """The change form's own fields and inline formsets, as a browser posts them."""
    response = client.get(
        reverse("admin:explainers_explainer_change", args=[explainer.pk])
    )
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None:
                value = ""
            elif isinstance(value, list | tuple):
                value = [str(v) for v in value]
            data[bound.html_name] = value
    data["_save"] = "Save"
    return data


def post_change_form(client, explainer, data):
    return client.post(
        reverse("admin:explainers_explainer_change", args=[explainer.pk]), data
    )


def test_admin_form_ignores_a_posted_state(client, chief, approved):
    verified_login(client, chief)
    data = admin_form_data(client, approved)
    before = recorded(approved)
    data.update(state=State.PUBLISHED, live_revision="", version="99")

    response = post_change_form(client, approved, data)

    assert response.status_code == 302
    assert recorded(approved) == before


def test_admin_form_saves_the_text_but_not_a_posted_state(
    client, chief, editor, published
):
    draft = make_draft(editor)
    verified_login(client, chief)
    data = admin_form_data(client, draft)
    data.update(
        title="Renamed in the admin",
        state=State.PUBLISHED,
        live_revision=str(published.live_revision_id),
    )

    response = post_change_form(client, draft, data)

    assert response.status_code == 302
    draft = reload(draft)
    # The form was accepted: the title changed, the workflow fields did not.
    assert draft.title == "Renamed in the admin"
    assert draft.state == State.DRAFT
    assert draft.live_revision_id is None
