"""The corpus scoring rule, corpus loading and the evaluation report."""

import json
from dataclasses import dataclass

import pytest

from explainers.detector_scoring import (
    context,
    format_report,
    load_corpus,
    parse_corpus,
    score,
)

TEXT = "Shelling on 5 May killed 12 people and injured 40 others in two towns."


def span(text: str, part: str, **extra) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part, **extra}


def item(text=TEXT, stats=("12 people", "40 others"), non_stats=(), id_="t-1"):
    return {
        "id": id_,
        "text": text,
        "statistics": [span(text, s) for s in stats],
        "non_statistics": [span(text, s, kind=k) for s, k in non_stats],
    }


def corpus(*items) -> list:
    return parse_corpus(json.dumps(i) for i in items)


@dataclass
class Det:
    start: int
    end: int


def at(part: str, text: str = TEXT, trim: int = 0) -> Det:
    start = text.index(part)
    return Det(start, start + len(part) - trim)


def fixed(*dets):
    return lambda _text: list(dets)


def test_detection_overlapping_a_gold_span_is_a_true_positive():
    result = score(corpus(item()), fixed(at("12 people"), at("40 others")))
    assert (result.tp, result.fp, result.fn) == (2, 0, 0)
    assert result.precision == result.recall == result.f1 == 1.0


def test_partial_overlap_is_enough_to_match():
    result = score(corpus(item()), fixed(at("killed 12"), at("40", trim=1)))
    assert (result.tp, result.fp, result.fn) == (2, 0, 0)


def test_touching_spans_do_not_overlap():
    # "Shelling on 5 May killed " ends exactly where "12 people" starts.
    result = score(corpus(item()), fixed(at("Shelling on 5 May killed ")))
    assert (result.tp, result.fp, result.fn) == (0, 1, 2)


def test_second_detection_on_an_already_matched_span_is_a_false_positive():
    result = score(corpus(item()), fixed(at("12"), at("people"), at("40 others")))
    assert (result.tp, result.fp, result.fn) == (2, 1, 0)
    assert result.false_alarms[0].text == "people"
    assert result.false_alarms[0].kind is None


def test_one_detection_spanning_two_gold_statistics_matches_only_the_first():
    result = score(corpus(item()), fixed(at("12 people and injured 40 others")))
    assert (result.tp, result.fp, result.fn) == (1, 0, 1)
    assert result.misses[0].span.text == "40 others"


def test_detection_is_matched_to_the_first_unmatched_gold_span():
    # The wide detection takes "12 people"; the next one can still take the rest.
    result = score(
        corpus(item()),
        fixed(at("killed 12 people and injured 40"), at("others")),
    )
    assert (result.tp, result.fp, result.fn) == (2, 0, 0)


def test_detections_are_processed_in_order_of_start():
    result = score(corpus(item()), fixed(at("40 others"), at("12 people")))
    assert (result.tp, result.fp, result.fn) == (2, 0, 0)


def test_false_alarm_on_a_non_statistic_reports_its_kind():
    data = item(non_stats=[("5 May", "date"), ("two towns", "reference")])
    result = score(corpus(data), fixed(at("5 May"), at("12 people"), at("two towns")))
    assert (result.tp, result.fp, result.fn) == (1, 2, 1)
    assert [fa.kind for fa in result.false_alarms] == ["date", "reference"]
    assert result.false_alarms_by_kind() == {"date": 1, "reference": 1}


def test_detections_in_an_item_without_statistics_are_false_positives():
    data = item(stats=(), non_stats=[("5 May", "date")])
    result = score(corpus(data), fixed(at("12 people")))
    assert (result.tp, result.fp, result.fn) == (0, 1, 0)
    assert result.precision == 0.0
    assert result.recall == 0.0  # no gold statistics at all


def test_figures_are_micro_averaged_over_the_file():
    first = item(id_="a")
    second = item(id_="b", stats=("12 people",))
    result = score(corpus(first, second), fixed(at("12 people")))
    # a: 1 TP, 1 FN; b: 1 TP.
    assert (result.tp, result.fp, result.fn) == (2, 0, 1)
    assert result.precision == 1.0
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(0.8)


def test_misses_and_false_alarms_name_the_item_and_mark_the_span():
    data = item(non_stats=[("5 May", "date")])
    result = score(corpus(data), fixed(at("5 May"), at("12 people")))
    assert result.misses[0].item_id == "t-1"
    assert "[[40 others]]" in result.misses[0].context
    assert "[[5 May]]" in result.false_alarms[0].context


def test_context_marks_the_span_and_elides_long_text():
    text = "x" * 100 + " killed 12 people " + "y" * 100
    start = text.index("12 people")
    marked = context(text, start, start + 9, width=8)
    assert marked == "… killed [[12 people]] yyyyyyy…"


def test_report_lists_figures_kinds_misses_and_false_alarms():
    data = item(non_stats=[("5 May", "date")])
    report = format_report(score(corpus(data), fixed(at("5 May"), at("12 people"))))
    assert "precision 0.500  recall 0.500  F1 0.500" in report
    assert "TP 1  FP 1  FN 1" in report
    assert "false alarms by kind: date 1" in report
    assert "t-1: …" in report or "t-1: Shelling" in report
    assert "[[40 others]]" in report


def test_load_corpus_reads_jsonl_and_skips_blank_lines(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(item()) + "\n\n", encoding="utf-8")
    items = load_corpus(path)
    assert [i.id for i in items] == ["t-1"]
    assert [s.text for s in items[0].statistics] == ["12 people", "40 others"]


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_corpus(tmp_path / "absent.jsonl")


def write_lines(tmp_path, *lines) -> str:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({"id": "x", "statistics": []}), "missing field 'text'"),
        (json.dumps({"id": "x", "text": "a"}), "missing field 'statistics'"),
        (
            json.dumps({"id": "x", "text": "12 dead", "statistics": [{"start": 0}]}),
            "missing field 'end'",
        ),
        (
            json.dumps(
                {
                    "id": "x",
                    "text": "12 dead",
                    "statistics": [{"start": 0, "end": 2, "text": "13"}],
                }
            ),
            "does not match",
        ),
        (
            json.dumps(
                {
                    "id": "x",
                    "text": "12 dead",
                    "statistics": [{"start": 0, "end": 99, "text": "12 dead"}],
                }
            ),
            "out of range",
        ),
        (
            json.dumps(
                {
                    "id": "x",
                    "text": "in 2014",
                    "statistics": [],
                    "non_statistics": [
                        {"start": 3, "end": 7, "text": "2014", "kind": "year"}
                    ],
                }
            ),
            "unknown non-statistic kind",
        ),
    ],
)
def test_malformed_line_raises_value_error_with_its_line_number(
    tmp_path, bad_line, message
):
    path = write_lines(tmp_path, json.dumps(item()), bad_line)
    with pytest.raises(ValueError, match=message) as excinfo:
        load_corpus(path)
    assert "line 2" in str(excinfo.value)


def test_file_that_is_not_utf8_raises_value_error(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b'{"id": "x", "text": "\xff"}\n')
    with pytest.raises(ValueError, match="UTF-8"):
        load_corpus(path)
