import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from explainers import demo_content, gate
from explainers.models import Explainer

pytestmark = pytest.mark.django_db

EDITORIAL_MODELS = [
    "explainers.Explainer",
    "explainers.BackgroundBox",
    "explainers.Statistic",
    "explainers.PublishedRevision",
    "explainers.TransitionLog",
    "sources.Source",
    "sources.Citation",
    "auth.User",
    "auth.Group",
]


def _counts():
    counts = {}
    for label in EDITORIAL_MODELS:
        model = apps.get_model(label)
        counts[label] = model.objects.count()
        if hasattr(model, "history"):
            counts[f"{label} history"] = model.history.count()
    return counts


def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo", password="demo-password-1")
    first = _counts()
    call_command("load_demo", password="demo-password-1")
    assert _counts() == first
    assert "already present, unchanged" in capsys.readouterr().out


def test_demo_users_can_log_in_with_the_given_password(client):
    call_command("load_demo", password="demo-password-1")
    for username in ("editor", "reviewer", "chief"):
        assert client.login(username=username, password="demo-password-1")


def test_without_password_new_users_get_a_printed_one_and_old_ones_keep_theirs(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("user editor"))
    generated = line.rsplit("password: ", 1)[1]
    assert get_user_model().objects.get(username="editor").check_password(generated)

    call_command("load_demo")
    assert get_user_model().objects.get(username="editor").check_password(generated)


def test_demo_has_one_published_explainer_and_one_the_gate_refuses():
    call_command("load_demo", password="demo-password-1")
    published = Explainer.objects.get(slug=demo_content.MINERALS["slug"])
    assert published.state == Explainer.State.PUBLISHED
    assert published.live_revision is not None
    assert published.boxes.count() == 2
    assert gate.blocking(gate.problems(published)) == []

    blocked = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    codes = {p.code for p in gate.blocking(gate.problems(blocked))}
    assert "statistic_uncited" in codes


def test_load_demo_refuses_an_unmigrated_database(django_db_blocker, monkeypatch):
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        lambda self, targets: [("pending", False)],
    )
    with pytest.raises(CommandError, match=r"run `manage\.py migrate` first"):
        call_command("load_demo")
