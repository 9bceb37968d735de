"""The gate reads what readers read, by every route the issue tracker found.

Each route is tried in each reader-visible field where it applies: digits of
other scripts and with invisible characters, Markdown that renders as prose,
visible attributes, number words in capitals, capitalised words before a
number, headings, correction notes. Text readers never see (a link address,
an unused reference definition) makes no finding.
"""

import pytest

from explainers import gate
from explainers.findings import Field, find_in
from explainers.reader_text import html_plain_text, markdown_reader_text
from explainers.services.findings import statistic_create_from_finding
from tests.factories import BackgroundBoxFactory, ExplainerFactory
from tests.versions import seen

pytestmark = pytest.mark.django_db

SCRIPTS = {
    "arabic-indic": "٣٠٠",
    "persian": "۳۰۰",
    "devanagari": "३००",
    "full-width": "３００",
    "mathematical bold": "𝟑𝟎𝟎",
    "superscript": "³⁰⁰",
    "zero-width space": "3\u200b00",
    "soft hyphen": "3\u00ad00",
}


def phrases(name: str, text: str) -> list[str]:
    return [f.phrase for f in find_in(Field(name, text))]


@pytest.mark.parametrize("script", list(SCRIPTS))
@pytest.mark.parametrize(
    "field", ["title", "standfirst", "body", "box_title", "box_body"]
)
def test_digits_of_any_script_are_read_as_their_value(field, script):
    found = phrases(field, f"Shelling killed {SCRIPTS[script]} civilians.")
    assert found == ["300 civilians"]


@pytest.mark.parametrize(
    "markdown",
    [
        "[Note]: more than 5,000 civilians were killed.",
        "[^1]: more than 5,000 civilians were killed.",
        "## 5,000 civilians killed in the siege",
        "> more than 5,000 civilians were killed.",
        "- more than 5,000 civilians were killed.",
        "`more than 5,000 civilians`",
        "| Toll |\n| --- |\n| more than 5,000 civilians |",
        "Killed: more than &#53;,000 civilians.",
    ],
)
def test_markdown_that_renders_as_prose_is_read_as_prose(markdown):
    assert any("5,000" in p for p in phrases("body", markdown))


def test_link_titles_are_read_where_readers_see_them():
    inline = '[the report](https://example.org "5,000 civilians killed")'
    assert phrases("body", inline) == ["5,000 civilians"]
    used = '[ref]: https://example.org "5,000 civilians killed"\n\nSee [it][ref].'
    assert phrases("body", used) == ["5,000 civilians"]


def test_text_readers_never_see_makes_no_finding():
    unused = '[ref]: https://example.org/5000-dead "5,000 civilians killed"'
    assert phrases("body", unused) == []
    assert phrases("body", "[the report](https://example.org/2024/500-dead)") == []


@pytest.mark.parametrize(
    ("field", "text", "phrase"),
    [
        ("title", "THREE HUNDRED KILLED IN SHELLING", "THREE HUNDRED"),
        ("title", "Strike Kills Three Hundred In Odesa", "Three Hundred"),
        ("body", "In Kharkiv 700 civilians died.", "700 civilians"),
        ("body", "Reportedly 800 fighters were killed.", "800 fighters"),
        ("body", "## 700 killed as strikes hit Kherson", "700"),
        ("correction_note", "We wrote 14 hospitals; it was 40.", "14 hospitals"),
    ],
)
def test_unusual_phrasing_is_found(field, text, phrase):
    assert any(found.startswith(phrase) for found in phrases(field, text))


def test_findings_map_back_to_the_source_for_highlighting():
    source = "Intro.\n\n*Shelling* killed ٣٠٠ civilians, [[stat:x]] fled."
    (finding,) = find_in(Field("body", source))
    assert source[finding.start : finding.end] == "٣٠٠ civilians"
    assert finding.verbatim


def test_a_figure_written_through_an_entity_is_found_but_not_replaceable():
    (finding,) = find_in(Field("body", "Killed: &#53;00 civilians."))
    assert finding.phrase == "500 civilians"
    assert not finding.verbatim


def test_make_statistic_replaces_a_figure_in_another_script(editor):
    explainer = ExplainerFactory.create(
        created_by=editor, body="Shelling killed ٣٠٠ civilians in the town."
    )
    (problem,) = [p for p in gate.problems(explainer) if p.code == "uncited_number"]
    statistic = statistic_create_from_finding(
        explainer_id=explainer.pk,
        actor=editor,
        fingerprint=problem.location["fingerprint"],
        expected_version=seen(explainer.pk),
    )
    explainer.refresh_from_db()
    assert statistic.display_text == "٣٠٠ civilians"
    assert explainer.body == (f"Shelling killed [[stat:{statistic.key}]] in the town.")


def test_every_box_field_is_read(editor):
    explainer = ExplainerFactory.create(created_by=editor, body="")
    BackgroundBoxFactory.create(explainer=explainer, title="٤٠ villages", body="Ok.")
    found = [p.location for p in gate.problems(explainer) if p.code == "uncited_number"]
    assert [(f["field"], f["phrase"]) for f in found] == [("box_title", "40 villages")]


def test_reader_text_keeps_the_blocks_apart():
    reader = markdown_reader_text("## Toll\n\nFirst 12.\n\n- Second 13")
    assert reader.text == "Toll\n\nFirst 12.\n\nSecond 13"


def test_plain_text_of_published_html_has_figures_and_no_footnote_marks():
    html = (
        '<p>The war killed <span class="stat" data-stat="k">13,000 people</span>'
        '<sup class="fn"><a href="#source-1" aria-label="Source 1">1</a></sup>.</p>'
    )
    assert html_plain_text(html) == "The war killed 13,000 people."


def test_a_figure_inside_a_markdown_link_is_still_a_finding():
    text = "About [12,000 civilians](https://example.org/report/2024/7) were killed."
    assert [f.phrase for f in find_in(Field("body", text))] == [
        "About 12,000 civilians"
    ]


def test_numbers_in_addresses_are_not_findings():
    text = (
        "See https://example.org/2024/300 and [the report][1].\n\n[1]: https://x.org/9"
    )
    assert list(find_in(Field("body", text))) == []
