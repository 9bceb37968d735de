"""Editors work in the admin; every save goes through the services."""

import pytest
from django.contrib.auth.models import User

from explainers import demo_content
from explainers.models import Explainer, Statistic
from tests.admin_helpers import form_data
from tests.second_factor import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_newsroom, db):
    """The demo newsroom, loaded once for the module; each test's edits roll back."""


def _change_url(explainer):
    return f"/admin/explainers/explainer/{explainer.pk}/change/"


def test_editor_edits_the_demo_explainer_and_history_shows_the_edit(client, demo):
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    version_before = explainer.version
    assert client.login(username="editor", password="demo-password-1")
    page = client.get(_change_url(explainer))
    assert page.status_code == 200
    data = form_data(page)
    data["standfirst"] = "Strikes on cities far from the front continue."

    response = client.post(_change_url(explainer), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    explainer.refresh_from_db()
    assert explainer.standfirst == "Strikes on cities far from the front continue."
    assert explainer.version == version_before + 1
    history = client.get(f"/admin/explainers/explainer/{explainer.pk}/history/")
    text = history.content.decode()
    assert "Edited standfirst" in text
    assert "Strikes on cities far from the front continue." in text


def test_statistic_edited_inline_goes_through_the_service(client, demo):
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    client.login(username="editor", password="demo-password-1")
    data = form_data(client.get(_change_url(explainer)))
    index = next(
        i
        for i in range(int(data["statistics-TOTAL_FORMS"]))
        if data[f"statistics-{i}-key"] == "kryvyi-rih-deaths"
    )
    data[f"statistics-{index}-display_text"] = "at least 18 people"

    response = client.post(_change_url(explainer), data)

    assert response.status_code == 302
    statistic = Statistic.objects.get(explainer=explainer, key="kryvyi-rih-deaths")
    assert statistic.display_text == "at least 18 people"
    assert statistic.last_edited_by.username == "editor"
    assert statistic.history.first().history_user.username == "editor"


def test_a_stale_admin_form_is_refused_and_nothing_is_lost(client, demo):
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    client.login(username="editor", password="demo-password-1")
    stale = form_data(client.get(_change_url(explainer)))
    fresh = dict(stale, title="Someone else's title")
    assert client.post(_change_url(explainer), fresh).status_code == 302

    stale["title"] = "My title"
    response = client.post(_change_url(explainer), stale)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this explainer" in page
    assert "editor changed: title." in page
    assert 'value="My title"' in page  # the refused text is still in the form
    explainer.refresh_from_db()
    assert explainer.title == "Someone else's title"


def test_reviewer_sees_the_explainer_read_only(client, demo):
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    client.login(username="reviewer", password="demo-password-1")
    verify(client, User.objects.get(username="reviewer"))
    page = client.get(_change_url(explainer))
    assert page.status_code == 200
    data = form_data(page) if page.context.get("adminform") else {}
    data["title"] = "Reviewer rewrite"
    response = client.post(_change_url(explainer), data)
    assert response.status_code == 403
    explainer.refresh_from_db()
    assert explainer.title == demo_content.AERIAL["title"]


def test_sources_are_searchable_for_autocomplete(client, demo):
    client.login(username="editor", password="demo-password-1")
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "OHCHR",
            "app_label": "sources",
            "model_name": "citation",
            "field_name": "source",
        },
    )
    assert response.status_code == 200
    assert any("OHCHR" in r["text"] for r in response.json()["results"])


def test_a_stale_statistic_form_is_refused_and_keeps_the_typed_text(client, demo):
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    statistic = Statistic.objects.get(explainer=explainer, key="kryvyi-rih-deaths")
    client.login(username="editor", password="demo-password-1")
    url = f"/admin/explainers/statistic/{statistic.pk}/change/"
    stale = form_data(client.get(url))
    fresh = dict(stale, claim="Someone else's sharper claim.")
    assert client.post(url, fresh).status_code == 302

    stale["display_text"] = "at least 19 people"
    response = client.post(url, stale)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this explainer" in page
    assert 'value="at least 19 people"' in page
    statistic.refresh_from_db()
    assert statistic.display_text == "18 people"
    assert statistic.claim == "Someone else's sharper claim."


def test_admin_shows_a_published_slug_read_only(client, demo):
    published = Explainer.objects.get(live_revision__isnull=False)
    client.login(username="editor", password="demo-password-1")
    page = client.get(f"/admin/explainers/explainer/{published.pk}/change/")
    assert 'name="slug"' not in page.content.decode()
