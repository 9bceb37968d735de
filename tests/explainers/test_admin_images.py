"""Editors choose a lead image and key figures on the explainer's admin page."""

import pytest

from explainers import demo_content
from explainers.models import Explainer, Statistic
from images.models import Image
from tests.admin_helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_newsroom, db):
    """The demo newsroom, loaded once for the module; each test's edits roll back."""


def _change_url(explainer):
    return f"/admin/explainers/explainer/{explainer.pk}/change/"


def test_editor_chooses_the_lead_image_and_a_key_figure(client, demo):
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    demo_map = Image.objects.get()  # uploaded by load_demo
    assert client.login(username="editor", password="demo-password-1")
    page = client.get(_change_url(explainer))
    data = form_data(page)
    data["lead_image"] = str(demo_map.pk)
    index = next(
        i
        for i in range(int(data["statistics-TOTAL_FORMS"]))
        if data[f"statistics-{i}-key"] == "kryvyi-rih-deaths"
    )
    data[f"statistics-{index}-key_figure"] = "1"

    response = client.post(_change_url(explainer), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    explainer.refresh_from_db()
    assert explainer.lead_image == demo_map
    statistic = Statistic.objects.get(explainer=explainer, key="kryvyi-rih-deaths")
    assert statistic.key_figure == 1
    assert "lead_image" in explainer.history.first().history_change_reason


def test_the_images_list_shows_each_token_and_whether_it_is_complete(client, demo):
    demo_map = Image.objects.get()
    assert client.login(username="editor", password="demo-password-1")

    page = client.get("/admin/images/image/").content.decode()

    assert f"[[image:{demo_map.pk}]]" in page
    assert "icon-yes.svg" in page  # ready to publish
