"""Each role has exactly the permissions its work needs, no more."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from explainers.models import Explainer
from explainers.services import content
from newsroom.roles import CHIEF_EDITORS, EDITORS, REVIEWERS, ROLE_PERMISSIONS
from sources import services as source_services
from sources.models import Source
from tests.factories import ExplainerFactory, SourceFactory
from tests.second_factor import verified_login

pytestmark = pytest.mark.django_db

PERMISSION_TABLE = [
    # permission, editor, reviewer, chief, outsider
    ("explainers.add_explainer", True, False, True, False),
    ("explainers.change_explainer", True, False, True, False),
    ("explainers.delete_explainer", False, False, True, False),
    ("explainers.change_statistic", True, False, True, False),
    ("explainers.review_statistic", False, True, True, False),
    ("explainers.review_explainer", False, True, True, False),
    ("explainers.publish_explainer", False, True, True, False),
    ("explainers.unpublish_explainer", False, False, True, False),
    ("explainers.waive_finding", False, True, True, False),
    ("explainers.view_explainer", True, True, True, False),
    ("sources.add_source", True, False, True, False),
    ("sources.change_source", True, False, True, False),
    ("sources.delete_source", False, False, True, False),
    ("sources.add_citation", True, False, True, False),
]


@pytest.mark.parametrize(
    ("permission", "for_editor", "for_reviewer", "for_chief", "for_outsider"),
    PERMISSION_TABLE,
)
def test_role_permissions(
    permission,
    for_editor,
    for_reviewer,
    for_chief,
    for_outsider,
    editor,
    reviewer,
    chief,
    outsider,
):
    assert editor.has_perm(permission) is for_editor
    assert reviewer.has_perm(permission) is for_reviewer
    assert chief.has_perm(permission) is for_chief
    assert outsider.has_perm(permission) is for_outsider


def test_setup_roles_is_idempotent_and_repairs_drift(capsys):
    call_command("setup_roles")
    editors = Group.objects.get(name=EDITORS)
    before = set(editors.permissions.values_list("codename", flat=True))
    editors.permissions.clear()  # someone fiddled in the admin
    call_command("setup_roles")
    call_command("setup_roles")
    assert set(editors.permissions.values_list("codename", flat=True)) == before
    assert (
        Group.objects.filter(name__in=[EDITORS, REVIEWERS, CHIEF_EDITORS]).count() == 3
    )
    assert "up to date" in capsys.readouterr().out


def test_chief_editors_have_every_editor_and_reviewer_permission():
    chief = set(ROLE_PERMISSIONS[CHIEF_EDITORS])
    assert set(ROLE_PERMISSIONS[EDITORS]) <= chief
    assert set(ROLE_PERMISSIONS[REVIEWERS]) <= chief


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("editor", True), ("chief", True), ("reviewer", False), ("outsider", False)],
)
def test_creating_an_explainer(role, allowed, request):
    user = request.getfixturevalue(role)
    data = {"title": "Sudan", "slug": "sudan", "body": "Text."}
    if allowed:
        explainer = content.explainer_create(actor=user, data=data)
        assert list(explainer.authors.all()) == [user]
    else:
        with pytest.raises(PermissionDenied, match="cannot create explainers"):
            content.explainer_create(actor=user, data=data)
        assert not Explainer.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor", True), ("reviewer", False), ("outsider", False)]
)
def test_editing_an_explainer(role, allowed, request, editor):
    user = request.getfixturevalue(role)
    explainer = ExplainerFactory.create(created_by=editor, title="Before")
    if allowed:
        content.explainer_update(
            explainer_id=explainer.pk, actor=user, data={"title": "After"}
        )
    else:
        with pytest.raises(PermissionDenied):
            content.explainer_update(
                explainer_id=explainer.pk, actor=user, data={"title": "After"}
            )
    explainer.refresh_from_db()
    assert explainer.title == ("After" if allowed else "Before")


@pytest.mark.parametrize(
    ("role", "allowed"), [("chief", True), ("editor", False), ("reviewer", False)]
)
def test_deleting_an_uncited_source(role, allowed, request):
    user = request.getfixturevalue(role)
    source = SourceFactory.create()
    if allowed:
        source_services.source_delete(source_id=source.pk, actor=user)
    else:
        with pytest.raises(PermissionDenied):
            source_services.source_delete(source_id=source.pk, actor=user)
    assert Source.objects.filter(pk=source.pk).exists() is not allowed


def test_admin_is_open_to_each_role_and_closed_to_outsiders(client, editor, outsider):
    client.force_login(editor)
    assert client.get("/admin/explainers/explainer/").status_code == 200
    client.force_login(outsider)
    assert client.get("/admin/explainers/explainer/").status_code == 403


@pytest.mark.parametrize(
    "model", ["sources/citation", "explainers/backgroundbox", "explainers/waiver"]
)
def test_rows_edited_elsewhere_are_read_only_in_their_own_admin(client, chief, model):
    verified_login(client, chief)
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/add/").status_code == 403
