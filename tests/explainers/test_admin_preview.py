"""Staff preview a draft through the public template; the public never does."""

import pytest

from explainers import demo_content
from explainers.models import Explainer
from explainers.services import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def redrafted(demo_newsroom, db):
    """The published demo explainer with an unpublished edit in its draft."""
    explainer = Explainer.objects.get(slug=demo_content.MINERALS["slug"])
    assert explainer.created_by is not None
    content.explainer_update(
        explainer_id=explainer.pk,
        actor=explainer.created_by,
        data={"body": explainer.body + "\n\nShelling displaced 40,000 people."},
    )
    return explainer


def _preview_url(explainer):
    return f"/admin/explainers/explainer/{explainer.pk}/preview/"


def test_editor_previews_the_draft_with_findings_marked(client, redrafted):
    client.login(username="editor", password="demo-password-1")
    response = client.get(_preview_url(redrafted))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview of the draft" in page
    assert '<mark class="finding">40,000 people</mark>' in page
    assert "more than 13,000 people" in page  # placed statistics render as usual
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_public_page_still_shows_the_live_revision(client, redrafted):
    page = client.get(f"/explainers/{redrafted.slug}/").content.decode()
    assert "40,000 people" not in page
    assert "Preview of the draft" not in page


@pytest.mark.parametrize(("login", "status"), [(None, 302), ("outsider", 403)])
def test_preview_is_for_newsroom_staff_only(client, redrafted, login, status, outsider):
    if login:
        client.force_login(outsider)
    response = client.get(_preview_url(redrafted))
    assert response.status_code == status
    assert "40,000 people" not in response.content.decode()
