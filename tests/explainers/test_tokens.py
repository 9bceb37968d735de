"""Statistic tokens: exactly ``[[stat:key]]``, or nothing token-like at all.

DESIGN.md: "Bad input gets a clear error and changes nothing: invalid Markdown
tokens ..." and the gate's ``malformed_token``: "text holds something
token-like that is not exactly ``[[stat:key]]`` with a valid key". Saving
refuses such text on every path (services, API, importer); the gate reports
it for text stored before the rule.
"""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from explainers import gate
from explainers.models import BackgroundBox, Explainer
from explainers.services import content
from tests.api.conftest import token_client
from tests.api.helpers import assert_error, world
from tests.explainers.workflow_helpers import make_draft, recorded, reload
from tests.factories import BackgroundBoxFactory, ExplainerFactory

pytestmark = pytest.mark.django_db

MALFORMED = [
    "[[stat:]]",
    "[[stat:Bad Key]]",
    "[[STAT:key]]",
    "[[ stat:key ]]",
    "[[stat:key]",
    "[stat:key]",
    "[[stat:key with space]]",
    "[[stat:UPPER]]",
]
VALID = "[[stat:killed-2024]]"
NOT_A_TOKEN = "is not a statistic token"


def sentence(token: str) -> str:
    return f"The fighting displaced {token} people."


def assert_quotes(message: str, token: str) -> None:
    """The message names the bad text as the editor wrote it."""
    assert f"'{token}" in message, message
    assert NOT_A_TOKEN in message, message


def box_state(box) -> tuple:
    row = BackgroundBox.objects.get(pk=box.pk)
    return (row.title, row.body, row.history.count())


# --- Services ----------------------------------------------------------------


@pytest.mark.parametrize("token", MALFORMED)
def test_a_malformed_token_in_the_body_is_refused_on_save(token, editor):
    explainer = make_draft(editor)
    before = (reload(explainer).body, recorded(explainer))

    with pytest.raises(ValidationError) as refused:
        content.explainer_update(
            explainer_id=explainer.pk, actor=editor, data={"body": sentence(token)}
        )

    assert list(refused.value.message_dict) == ["body"]
    assert_quotes(refused.value.message_dict["body"][0], token)
    assert (reload(explainer).body, recorded(explainer)) == before


@pytest.mark.parametrize("field", ["title", "standfirst", "correction_note"])
@pytest.mark.parametrize("token", ["[[stat:Bad Key]]", "[stat:key]"])
def test_a_malformed_token_in_other_reader_fields_is_refused(token, field, editor):
    explainer = make_draft(editor)
    before = (getattr(reload(explainer), field), recorded(explainer))

    with pytest.raises(ValidationError) as refused:
        content.explainer_update(
            explainer_id=explainer.pk, actor=editor, data={field: f"Why {token} fled"}
        )

    assert field in refused.value.message_dict
    assert_quotes(refused.value.message_dict[field][0], token)
    assert (getattr(reload(explainer), field), recorded(explainer)) == before


@pytest.mark.parametrize("field", ["title", "body"])
@pytest.mark.parametrize("token", MALFORMED)
def test_a_malformed_token_in_a_new_box_is_refused(token, field, editor):
    explainer = make_draft(editor)
    data = {"kind": "history", "title": "Earlier", "body": "Long ago."}
    data[field] = f"Before {token} the war"
    before = (reload(explainer).boxes.count(), recorded(explainer))

    with pytest.raises(ValidationError) as refused:
        content.box_create(explainer_id=explainer.pk, actor=editor, data=data)

    assert_quotes(refused.value.message_dict[field][0], token)
    assert (reload(explainer).boxes.count(), recorded(explainer)) == before


@pytest.mark.parametrize("field", ["title", "body"])
def test_a_malformed_token_in_an_edited_box_is_refused(field, editor):
    explainer = make_draft(editor)
    box = explainer.boxes.get()
    before = (box_state(box), recorded(explainer))

    with pytest.raises(ValidationError) as refused:
        content.box_update(
            box_id=box.pk, actor=editor, data={field: "Who is [[STAT:who]] here"}
        )

    assert_quotes(refused.value.message_dict[field][0], "[[STAT:who]]")
    assert (box_state(box), recorded(explainer)) == before


def test_every_bad_token_of_a_text_is_quoted(editor):
    explainer = make_draft(editor)
    text = "Fled: [[stat:A]], [stat:b] and [[ stat:c ]]."

    with pytest.raises(ValidationError) as refused:
        content.explainer_update(
            explainer_id=explainer.pk, actor=editor, data={"body": text}
        )

    message = refused.value.message_dict["body"][0]
    for token in ("[[stat:A]]", "[stat:b]", "[[ stat:c ]]"):
        assert f"'{token}'" in message
    assert "are not a statistic token" in message


def test_the_message_quotes_an_unclosed_token_without_the_space_after_it(editor):
    explainer = make_draft(editor)

    with pytest.raises(ValidationError) as refused:
        content.explainer_update(
            explainer_id=explainer.pk,
            actor=editor,
            data={"body": sentence("[[stat:key]")},
        )

    assert "'[[stat:key]' is not" in refused.value.message_dict["body"][0]


@pytest.mark.parametrize("field", ["title", "body"])
def test_a_valid_token_is_accepted(field, editor):
    explainer = make_draft(editor)
    text = sentence(VALID)

    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={field: text}
    )
    content.box_update(
        box_id=explainer.boxes.get().pk, actor=editor, data={field: text}
    )

    assert getattr(reload(explainer), field) == text
    assert getattr(explainer.boxes.get(), field) == text
    assert "malformed_token" not in {p.code for p in gate.problems(explainer)}


# --- Newsroom API ------------------------------------------------------------


@pytest.mark.parametrize("token", MALFORMED)
@pytest.mark.parametrize("field", ["title", "body"])
def test_the_api_refuses_a_malformed_token_with_the_field_named(field, token, editor):
    explainer = make_draft(editor)
    before = world()

    response = token_client(editor).patch(
        f"/api/v1/newsroom/explainers/{explainer.pk}/",
        {field: sentence(token)},
        format="json",
    )

    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == [field], body
    assert_quotes(body["errors"][field][0], token)
    assert world() == before


@pytest.mark.parametrize("field", ["title", "body"])
def test_the_api_refuses_a_malformed_token_in_a_box(field, editor):
    explainer = make_draft(editor)
    data = {"kind": "history", "title": "Earlier", "body": "Long ago."}
    data[field] = "Before [[stat:Bad Key]] the war"
    before = world()

    response = token_client(editor).post(
        f"/api/v1/newsroom/explainers/{explainer.pk}/boxes/", data, format="json"
    )

    body = assert_error(response, 400, "invalid")
    assert field in body["errors"], body
    assert_quotes(body["errors"][field][0], "[[stat:Bad Key]]")
    assert world() == before


def test_the_api_accepts_a_valid_token(editor):
    explainer = make_draft(editor)

    response = token_client(editor).patch(
        f"/api/v1/newsroom/explainers/{explainer.pk}/",
        {"body": sentence(VALID)},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert reload(explainer).body == sentence(VALID)


# --- import_explainer --------------------------------------------------------


def _import(tmp_path, text: str) -> str:
    source = tmp_path / "copy.md"
    source.write_text(text)
    out = StringIO()
    call_command("import_explainer", str(source), "--author", "editor", stdout=out)
    return out.getvalue()


def _nothing_written():
    assert not Explainer.objects.exists()
    assert not Explainer.history.exists()
    assert not BackgroundBox.objects.exists()
    assert not BackgroundBox.history.exists()


@pytest.mark.parametrize("token", MALFORMED)
def test_import_refuses_a_malformed_token_and_writes_nothing(token, tmp_path, editor):
    with pytest.raises(CommandError) as refused:
        _import(tmp_path, f"# The siege\n\n{sentence(token)}\n")

    assert str(refused.value).startswith("Nothing imported: ")
    assert_quotes(str(refused.value), token)
    _nothing_written()


def test_import_refuses_a_malformed_token_in_a_box_title(tmp_path, editor):
    text = (
        "# The siege\n\nConvoys wait at the border.\n\n"
        "## Background [[stat:Bad Key]]\n\nThe siege began in winter.\n"
    )
    with pytest.raises(CommandError) as refused:
        _import(tmp_path, text)

    assert_quotes(str(refused.value), "[[stat:Bad Key]]")
    _nothing_written()


def test_import_accepts_a_valid_token(tmp_path, editor):
    out = _import(tmp_path, f"# The siege\n\n{sentence(VALID)}\n")

    assert "Imported 'The siege'" in out
    assert VALID in Explainer.objects.get().body


# --- The gate, for text stored before the rule ---------------------------------


def _malformed(explainer) -> list[dict]:
    return [p.location for p in gate.problems(explainer) if p.code == "malformed_token"]


@pytest.mark.parametrize("token", MALFORMED)
@pytest.mark.parametrize("field", ["title", "standfirst", "body", "correction_note"])
def test_the_gate_reports_a_stored_malformed_token_with_its_field(field, token, editor):
    explainer = ExplainerFactory.create(created_by=editor)
    Explainer.objects.filter(pk=explainer.pk).update(**{field: sentence(token)})

    found = [p for p in gate.problems(explainer) if p.code == "malformed_token"]

    assert [p.location["field"] for p in found] == [field]
    assert found[0].severity == gate.ERROR
    assert f"'{token}" in found[0].message
    assert "[[stat:key]]" in found[0].fix


@pytest.mark.parametrize("field", ["title", "body"])
def test_the_gate_reports_a_stored_malformed_token_in_a_box(field, editor):
    explainer = ExplainerFactory.create(created_by=editor)
    box = BackgroundBoxFactory.create(explainer=explainer)
    BackgroundBox.objects.filter(pk=box.pk).update(**{field: "Was [stat:key] right"})

    assert _malformed(explainer) == [
        {"field": f"box_{field}", "box": box.pk, "offset": 4}
    ]


def test_the_gate_reports_no_malformed_token_for_a_valid_one(editor):
    explainer = ExplainerFactory.create(created_by=editor)
    Explainer.objects.filter(pk=explainer.pk).update(body=sentence(VALID))

    assert _malformed(explainer) == []


def test_a_stored_malformed_token_blocks_publishing(editor):
    explainer = make_draft(editor)
    Explainer.objects.filter(pk=explainer.pk).update(
        body=reload(explainer).body + " Also [[stat:Figure-1]]."
    )

    assert any(
        p.code == "malformed_token" for p in gate.blocking(gate.problems(explainer))
    )
