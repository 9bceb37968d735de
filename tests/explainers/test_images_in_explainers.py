"""Images in explainers: placed by token, checked by the gate, frozen into the
published revision, shown with responsive markup (issue 15, point 1)."""

import json
import re

import pytest

from explainers import gate, views
from explainers.findings import find_all
from explainers.pictures import images_shown
from explainers.services import content
from images import services as image_services
from tests.explainers.workflow_helpers import (
    make_approved,
    make_draft,
    make_published,
    reload,
)
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_page_cache():
    views.page_cache.clear()
    yield
    views.page_cache.clear()


def codes(explainer) -> list[str]:
    return [p.code for p in gate.problems(explainer)]


def with_image(body: str, image) -> str:
    return f"{body}\n\n[[image:{image.pk}]]\n\nAfter the map."


def test_an_image_without_alt_text_caption_or_credit_blocks_publishing(editor):
    bare = ImageFactory.create(alt_text="", caption="", credit="", licence="")
    explainer = make_draft(editor)
    explainer.body = with_image(explainer.body, bare)
    explainer.save()

    found = [p for p in gate.problems(explainer) if p.code == "image_incomplete"]

    assert len(found) == 1
    assert "alt text, a caption, a credit, a licence" in found[0].message
    assert found[0].location == {"field": "image", "image": bare.pk}


def test_a_lead_image_without_credit_blocks_publishing(editor):
    uncredited = ImageFactory.create(credit="")
    explainer = make_draft(editor, lead_image=uncredited)

    [problem] = [p for p in gate.problems(explainer) if p.code == "image_incomplete"]

    assert problem.message == "The lead image lacks a credit."
    assert problem.location["field"] == "lead_image"


def test_a_complete_image_passes(editor):
    explainer = make_draft(editor, lead_image=ImageFactory.create())
    explainer.body = with_image(explainer.body, ImageFactory.create())
    explainer.save()

    assert not {"image_incomplete", "unknown_image", "image_misplaced"} & set(
        codes(explainer)
    )


def test_an_unknown_or_misplaced_image_token_is_reported(editor):
    image = ImageFactory.create()
    explainer = make_draft(editor)
    misplaced = f"See the map [[image:{image.pk}]] here."
    explainer.body = f"{explainer.body}\n\n[[image:999999]]\n\n{misplaced}"
    explainer.save()

    found = codes(explainer)

    assert "unknown_image" in found
    assert "image_misplaced" in found


def test_numbers_in_alt_text_and_captions_are_read_like_the_text(editor):
    image = ImageFactory.create(
        alt_text="A map marking the front line",
        caption="The strikes killed 40 people in the town",
    )
    explainer = make_draft(editor, lead_image=image)

    findings = find_all(explainer, [], images_shown(explainer, []))
    problems = [p for p in gate.problems(explainer) if p.code == "uncited_number"]

    assert [(f.field.name, f.phrase) for f in findings] == [
        ("image_caption", "40 people")
    ]
    assert problems[0].location["image"] == image.pk
    assert problems[0].location["field"] == "image_caption"


def test_the_gate_reads_images_in_a_fixed_number_of_queries(
    editor, django_assert_num_queries
):
    one = make_draft(editor, slug="one")
    one.body = with_image(one.body, ImageFactory.create())
    one.save()
    many = make_draft(editor, slug="many", lead_image=ImageFactory.create())
    many.body = "\n\n".join(
        [many.body, *(f"[[image:{ImageFactory.create().pk}]]" for _ in range(8))]
    )
    many.save()

    # The six reads of load_context, and one for the placed images.
    with django_assert_num_queries(7):
        gate.problems(one.pk)
    with django_assert_num_queries(7):
        gate.problems(many.pk)


def test_a_published_page_shows_responsive_images_within_two_queries(
    client, editor, reviewer, django_assert_num_queries
):
    lead = ImageFactory.create(alt_text="The border crossing at dawn")
    placed = ImageFactory.create(alt_text="A map of the front line")
    explainer = make_published(
        editor,
        reviewer,
        lead_image=lead,
        body=with_image("The war has displaced [[stat:figure-1]].", placed),
    )

    with django_assert_num_queries(2):
        html = client.get(f"/explainers/{explainer.slug}/").content.decode()

    figures = re.findall(r"<figure.*?</figure>", html, re.S)
    assert len(figures) == 2
    lead_html, placed_html = figures
    assert 'alt="The border crossing at dawn"' in lead_html
    assert 'fetchpriority="high"' in lead_html and "lazy" not in lead_html
    assert 'loading="lazy"' in placed_html
    for figure in figures:
        assert 'width="1200"' in figure and 'height="750"' in figure
        assert re.search(r'srcset="[^"]*480w, [^"]*800w, [^"]*1200w"', figure)
        assert 'type="image/webp"' in figure
        assert 'sizes="' in figure
        assert "Graphics desk" in figure and "Made by the newsroom" in figure
    assert "Where the front line ran in the spring" in placed_html


def test_the_lead_image_is_in_opengraph_json_ld_and_the_public_api(
    client, editor, reviewer
):
    lead = ImageFactory.create()
    explainer = make_published(editor, reviewer, lead_image=lead)

    html = client.get(f"/explainers/{explainer.slug}/").content.decode()
    api = client.get(f"/api/v1/explainers/{explainer.slug}/").json()

    og = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    assert og and og.group(1).startswith("http://testserver/media/images/")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    ld = json.loads(re.search(r"ld\+json\">(.*?)</script>", html, re.S).group(1))
    assert ld["image"]["url"] == og.group(1)
    assert ld["image"]["creditText"] == "Graphics desk"
    assert api["lead_image"]["alt"] == lead.alt_text
    assert api["lead_image"]["url"] == og.group(1)


def test_the_published_image_does_not_change_with_the_image_record(
    client, editor, reviewer
):
    lead = ImageFactory.create(caption="As first published")
    explainer = make_published(editor, reviewer, lead_image=lead)
    lead.caption = "Changed later"
    lead.save()

    html = client.get(f"/explainers/{explainer.slug}/").content.decode()

    assert "As first published" in html
    assert "Changed later" not in html


def test_choosing_a_lead_image_is_an_edit_of_the_explainer(editor, reviewer):
    explainer = make_published(editor, reviewer)
    image = ImageFactory.create()

    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"lead_image": image}
    )

    explainer = reload(explainer)
    assert explainer.lead_image == image
    assert explainer.state == "draft"
    assert explainer.history.first().history_change_reason == "Edited lead_image"


def test_an_image_changed_after_approval_needs_a_new_approval(editor, reviewer):
    lead = ImageFactory.create()
    explainer = make_approved(editor, reviewer, lead_image=lead)
    assert not gate.blocking(gate.problems(explainer))

    image_services.image_update(
        actor=editor, image_id=lead.pk, data={"caption": "A different caption"}
    )

    [problem] = gate.blocking(gate.problems(explainer))
    assert problem.code == "image_changed"
    assert problem.location == {"field": "lead_image", "image": lead.pk}
