"""Writing on the explainer's page: make a number a statistic and cite it in place."""

import datetime
from decimal import Decimal

import pytest

from explainers.figures import format_value, read_figure, statistic_key
from explainers.models import Explainer, Statistic
from explainers.services import content
from tests.admin_helpers import form_data
from tests.factories import ExplainerFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("about $1.1 billion", "about-1-1-billion"),
        ("1.1", "1-1"),
        ("12,000 people", "12000-people"),
        ("45%", "45-percent"),
    ],
)
def test_keys_keep_decimals_apart(phrase, key):
    assert statistic_key(phrase) == key


@pytest.mark.parametrize(
    ("phrase", "sentence", "value", "unit", "as_of"),
    [
        (
            "about $1.1 billion",
            "Losses reached about $1.1 billion by March 2024.",
            Decimal(1100000000),
            "USD",
            datetime.date(2024, 3, 31),
        ),
        ("12,000 people", "Floods displaced 12,000 people.", 12000, "people", None),
        (
            "45%",
            "In 2023, 45% of farmland flooded.",
            45,
            "%",
            datetime.date(2023, 12, 31),
        ),
        ("€2bn", "Since 2014 the fund paid €2bn.", 2000000000, "EUR", None),
        ("two villages", "Water reached two villages.", 2, "villages", None),
    ],
)
def test_a_figure_is_read_from_its_phrase(phrase, sentence, value, unit, as_of):
    figure = read_figure(phrase, sentence)
    assert (figure.value, figure.unit, figure.as_of) == (Decimal(value), unit, as_of)


def test_values_read_without_trailing_zeros():
    assert format_value(Decimal("12000000.0000")) == "12,000,000"
    assert format_value(Decimal("1.5000")) == "1.5"
    assert format_value(None) == ""


def _change(explainer: Explainer) -> str:
    return f"/admin/explainers/explainer/{explainer.pk}/change/"


@pytest.fixture
def draft(editor):
    return ExplainerFactory.create(
        created_by=editor,
        last_edited_by=editor,
        body="The government puts the losses at about $1.1 billion.",
    )


def _fingerprint(client, explainer):
    page = client.get(_change(explainer))
    return next(
        item["problem"].location["fingerprint"]
        for item in page.context["workflow_problems"]
        if item["problem"].code == "uncited_number"
    )


def test_make_statistic_stays_on_the_explainer_with_value_and_unit(
    client, editor, draft
):
    client.force_login(editor)

    response = client.post(
        f"/admin/explainers/explainer/{draft.pk}/finding/",
        {
            "action": "make_statistic",
            "fingerprint": _fingerprint(client, draft),
            "expected_version": draft.version,
        },
    )

    statistic = Statistic.objects.get(explainer=draft)
    assert response["Location"] == f"{_change(draft)}#cite-{statistic.pk}"
    assert statistic.key == "about-1-1-billion"
    assert (statistic.value, statistic.unit) == (Decimal(1100000000), "USD")
    draft.refresh_from_db()
    assert "[[stat:about-1-1-billion]]" in draft.body
    page = client.get(response["Location"]).content.decode()
    assert "(1,100,000,000 USD)" in page
    assert f'id="cite-{statistic.pk}"' in page  # the cite form, in the checklist


def test_editor_cites_a_statistic_from_the_explainer_page(client, editor, draft):
    client.force_login(editor)
    statistic = content.statistic_create(
        explainer_id=draft.pk,
        actor=editor,
        data={"key": "losses", "claim": "Losses", "display_text": "$1.1 billion"},
    )
    draft.refresh_from_db()
    source = SourceFactory.create()
    prefix = f"cite-{statistic.pk}"

    response = client.post(
        f"/admin/explainers/explainer/{draft.pk}/cite/",
        {
            "statistic": statistic.pk,
            "expected_version": draft.version,
            f"{prefix}-source": source.pk,
            f"{prefix}-locator": "p. 2",
            f"{prefix}-quote": "Losses reached 1.1 billion dollars.",
        },
    )

    assert response.status_code == 302
    citation = statistic.citations.get()
    assert (citation.source, citation.locator) == (source, "p. 2")
    draft.refresh_from_db()
    assert draft.history.first().version == draft.version


def test_citing_without_a_quote_or_with_a_stale_version_changes_nothing(
    client, editor, draft
):
    client.force_login(editor)
    statistic = content.statistic_create(
        explainer_id=draft.pk,
        actor=editor,
        data={"key": "losses", "claim": "Losses", "display_text": "$1.1 billion"},
    )
    draft.refresh_from_db()
    source = SourceFactory.create()
    prefix = f"cite-{statistic.pk}"
    data = {
        "statistic": statistic.pk,
        "expected_version": draft.version,
        f"{prefix}-source": source.pk,
    }
    url = f"/admin/explainers/explainer/{draft.pk}/cite/"

    page = client.post(url, data, follow=True).content.decode()
    assert "was not cited" in page
    stale = {**data, f"{prefix}-quote": "A quote.", "expected_version": 1}
    client.post(url, stale)
    assert not statistic.citations.exists()


def test_a_reviewer_cannot_cite(client, editor, reviewer, draft):
    from tests.second_factor import verified_login

    statistic = content.statistic_create(
        explainer_id=draft.pk,
        actor=editor,
        data={"key": "losses", "claim": "Losses", "display_text": "$1.1 billion"},
    )
    draft.refresh_from_db()
    verified_login(client, reviewer)
    prefix = f"cite-{statistic.pk}"
    client.post(
        f"/admin/explainers/explainer/{draft.pk}/cite/",
        {
            "statistic": statistic.pk,
            "expected_version": draft.version,
            f"{prefix}-source": SourceFactory.create().pk,
            f"{prefix}-quote": "A quote.",
        },
    )
    assert not statistic.citations.exists()


def test_preview_renders_the_body_with_the_public_pages_code(client, editor, draft):
    statistic = content.statistic_create(
        explainer_id=draft.pk,
        actor=editor,
        data={"key": "losses", "claim": "Losses", "display_text": "$1.1 billion"},
    )
    client.force_login(editor)

    response = client.post(
        f"/admin/explainers/explainer/{draft.pk}/render/",
        {"text": "## Costs\n\nLosses reached [[stat:losses]].<script>x()</script>"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2" in html and "$1.1 billion" in html
    assert "<script" not in html
    assert statistic.display_text in html
    draft.refresh_from_db()
    assert "[[stat:losses]]" not in draft.body  # nothing saved


def test_preview_refuses_oversize_text_and_non_editors(client, editor, outsider, draft):
    client.force_login(editor)
    url = f"/admin/explainers/explainer/{draft.pk}/render/"
    assert client.post(url, {"text": "x" * 100_001}).status_code == 400
    client.force_login(outsider)
    assert client.post(url, {"text": "Hello"}).status_code == 403


def test_change_page_loads_the_writing_tools_from_this_site(client, editor, draft):
    client.force_login(editor)
    response = client.get(_change(draft))
    page = response.content.decode()
    assert "explainers/admin/writing.js" in page
    assert f'data-render-url="/admin/explainers/explainer/{draft.pk}/render/"' in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in page  # no inline script


def test_view_on_site_opens_the_staff_preview_for_a_draft(client, editor, draft):
    client.force_login(editor)
    page = client.get(_change(draft)).content.decode()
    assert f'href="/admin/explainers/explainer/{draft.pk}/preview/"' in page
    assert "View on site" in page


def test_statistic_values_read_without_trailing_zeros_and_take_separators(
    client, editor, draft
):
    content.statistic_create(
        explainer_id=draft.pk,
        actor=editor,
        data={
            "key": "losses",
            "claim": "Losses",
            "display_text": "12 million",
            "value": Decimal(12000000),
        },
    )
    client.force_login(editor)
    response = client.get(_change(draft))
    page = response.content.decode()
    assert 'value="12,000,000"' in page
    assert "12000000.0000" not in page
    data = form_data(response)
    data["statistics-0-value"] = "13,500,000.5"
    assert client.post(_change(draft), data).status_code == 302
    assert Statistic.objects.get(key="losses").value == Decimal("13500000.5")


def test_make_statistic_and_cite_its_source_in_one_step(client, editor, draft):
    client.force_login(editor)
    fingerprint = _fingerprint(client, draft)
    prefix = f"make-{fingerprint[:16]}"
    source = SourceFactory.create()

    response = client.post(
        f"/admin/explainers/explainer/{draft.pk}/finding/",
        {
            "action": "make_statistic",
            "fingerprint": fingerprint,
            "expected_version": draft.version,
            "cite_prefix": prefix,
            f"{prefix}-source": source.pk,
            f"{prefix}-locator": "p. 3",
            f"{prefix}-quote": "Losses reached about 1.1 billion dollars.",
        },
    )

    assert response.status_code == 302
    statistic = Statistic.objects.get(explainer=draft)
    assert statistic.citations.get().source == source
    draft.refresh_from_db()
    assert draft.version == 2  # one action, one version
    page = client.get(_change(draft)).content.decode()
    assert "statistic_uncited" not in page


def test_saving_a_statistic_returns_to_its_explainer(client, editor, draft):
    statistic = content.statistic_create(
        explainer_id=draft.pk,
        actor=editor,
        data={"key": "losses", "claim": "Losses", "display_text": "$1.1 billion"},
    )
    client.force_login(editor)
    url = f"/admin/explainers/statistic/{statistic.pk}/change/"
    data = form_data(client.get(url))
    data["claim"] = "Losses to farms"
    data["_save"] = "Save"

    response = client.post(url, data)

    assert response["Location"] == _change(draft)
