from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from explainers.importer import box_kind, parse
from explainers.models import Explainer

pytestmark = pytest.mark.django_db

SEED = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "seed"
    / "ukraine-minerals-report.txt"
)

PLAIN = """Why the grain corridor closed
Ships carried grain out of Black Sea ports for a year.
Background to the deal
The corridor opened under a UN-brokered arrangement after months of blockade.
What comes next
Insurers want guarantees before ships return.
"""


def _import(path, *args):
    out = StringIO()
    call_command("import_explainer", str(path), *args, stdout=out)
    return out.getvalue()


def test_plain_text_becomes_a_draft_with_title_body_sections_and_boxes(
    tmp_path, editor
):
    source = tmp_path / "grain.txt"
    source.write_text(PLAIN)
    out = _import(source)
    explainer = Explainer.objects.get()
    assert explainer.title == "Why the grain corridor closed"
    assert explainer.state == Explainer.State.DRAFT
    assert explainer.created_by == editor
    assert "## What comes next" in explainer.body
    assert "Ships carried grain" in explainer.body
    box = explainer.boxes.get()
    assert (box.title, box.kind) == ("Background to the deal", "context")
    assert "UN-brokered" in box.body
    assert "Imported 'Why the grain corridor closed'" in out


def test_markdown_headings_and_paragraphs_are_kept(tmp_path, editor):
    source = tmp_path / "x.md"
    source.write_text(
        "# The siege, explained\n\nFirst paragraph\nwraps here.\n\n"
        "## Timeline\n\n- 2023: the siege begins\n- 2024: talks\n\n"
        "## Aid\n\nConvoys wait at the border.\n"
    )
    _import(source)
    explainer = Explainer.objects.get()
    assert explainer.title == "The siege, explained"
    assert "First paragraph\nwraps here." in explainer.body
    assert "## Aid" in explainer.body
    assert explainer.boxes.get().kind == "timeline"


@pytest.mark.skipif(not SEED.exists(), reason="shared seed report not present")
def test_seed_report_import_lists_its_numbers_and_no_year(editor):
    out = _import(SEED, "--author", "editor")
    for phrase in [
        "18 deaths",
        "over 1,000 airstrikes",
        "over 13,000 people",
        "two villages",
    ]:
        assert repr(phrase) in out
    assert "'millions" in out
    for year in ["1991", "1994", "2014"]:
        assert f"'{year}'" not in out
        assert f"'since {year}'" not in out


def test_title_option_and_author_option(tmp_path, editor, other_editor):
    source = tmp_path / "a.txt"
    source.write_text("Some first line\nBody line.\n")
    _import(source, "--title", "Given title", "--author", "editor2")
    explainer = Explainer.objects.get()
    assert explainer.title == "Given title"
    assert explainer.created_by == other_editor
    assert explainer.body.startswith("Some first line")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Caf\u00e9 d\u00e9j\u00e0".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    tmp_path, editor, content, message
):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        _import(source)
    assert not Explainer.objects.exists()


def test_missing_file_and_unknown_author_are_refused(tmp_path, editor):
    with pytest.raises(CommandError, match="No such file"):
        _import(tmp_path / "nope.txt")
    source = tmp_path / "a.txt"
    source.write_text("Title\nBody.\n")
    with pytest.raises(CommandError, match="No active user 'ghost'"):
        _import(source, "--author", "ghost")
    assert not Explainer.objects.exists()


def test_import_as_a_reviewer_is_refused(tmp_path, reviewer):
    source = tmp_path / "a.txt"
    source.write_text("Title\nBody.\n")
    with pytest.raises(CommandError, match="cannot create explainers"):
        _import(source, "--author", "reviewer")
    assert not Explainer.objects.exists()


def test_slugs_stay_unique_across_imports(tmp_path, editor):
    source = tmp_path / "a.txt"
    source.write_text("Same title\nBody.\n")
    _import(source)
    _import(source)
    assert sorted(Explainer.objects.values_list("slug", flat=True)) == [
        "same-title",
        "same-title-2",
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("A short history of the dispute", "history"),
        ("Key questions", "key_questions"),
        ("Who is who in the talks", "who_is_who"),
        ("Timeline", "timeline"),
        ("The background", "context"),
        ("Aerial attacks continue", None),
    ],
)
def test_background_headings_map_to_box_kinds(heading, kind):
    assert box_kind(heading) == kind


def test_long_first_line_splits_into_title_and_standfirst():
    draft = parse("Talks resume in Geneva. Both sides sent negotiators.\nBody.\n")
    assert draft.title == "Talks resume in Geneva"
    assert draft.standfirst == "Both sides sent negotiators."


@pytest.mark.skipif(not SEED.exists(), reason="shared seed report not present")
def test_the_imported_seed_is_refused_by_the_gate_for_each_uncited_number(editor):
    _import(SEED, "--author", "editor")
    slug = Explainer.objects.get().slug
    out = StringIO()
    with pytest.raises(CommandError, match="cannot be published"):
        call_command("check_explainer", slug, stdout=out)
    uncited = [line for line in out.getvalue().splitlines() if "uncited_number" in line]
    for phrase in ["18 deaths", "over 1,000 airstrikes", "over 13,000 people"]:
        assert any(phrase in line for line in uncited), phrase
    assert len(uncited) == 5
