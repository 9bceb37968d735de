"""Scoring of the statistic detector against an annotated JSONL corpus.

Implements the scoring rule of the statistics corpus README:

- Each item's detections are processed in order of ``start``. A detection is a
  true positive if it overlaps a gold statistic span that no earlier detection
  has matched; it is matched to the first such span, and each gold span is
  matched at most once.
- Every other detection is a false positive, including detections that overlap
  a ``non_statistics`` span (reported by ``kind``), detections that overlap only
  gold spans already matched, and detections in items without statistics.
- Precision = TP / detections, recall = TP / gold statistic spans, both
  micro-averaged over the file.

Two spans overlap when ``a.start < b.end and b.start < a.end``.

Pure functions, no Django: the ``detector_eval`` management command is a thin
wrapper around :func:`load_corpus`, :func:`score` and :func:`format_report`.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn, Protocol

NON_STATISTIC_KINDS = frozenset(
    {"date", "identifier", "reference", "age", "duration", "ordinal_rank"}
)
CONTEXT_CHARS = 40


class SpanLike(Protocol):
    # Read-only, so that frozen dataclasses are spans too.
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str
    kind: str = ""  # non-statistic kind; empty for statistics


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str
    statistics: tuple[Span, ...]
    non_statistics: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold statistic that no detection matched."""

    item_id: str
    span: Span
    context: str


@dataclass(frozen=True, slots=True)
class FalseAlarm:
    """A detection that matched no unmatched gold statistic."""

    item_id: str
    start: int
    end: int
    text: str
    context: str
    kind: str | None  # kind of the overlapped non_statistics span, if any


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)

    @property
    def detections(self) -> int:
        return self.tp + self.fp

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / self.detections if self.detections else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def false_alarms_by_kind(self) -> Counter:
        """Counts of false alarms per overlapped non-statistic kind.

        False alarms overlapping no annotated span are counted under "none".
        """
        return Counter(fa.kind or "none" for fa in self.false_alarms)


def overlaps(a: SpanLike, b: SpanLike) -> bool:
    return a.start < b.end and b.start < a.end


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """``text`` around ``[start, end)`` with the span marked: ``…a [[b]] c…``."""
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return " ".join(f"{before}[[{text[start:end]}]]{after}".split())


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _malformed(where: str, problem: str) -> NoReturn:
    raise ValueError(f"{where}: {problem}")


def _parse_span(raw, text: str, where: str, *, with_kind: bool) -> Span:
    if not isinstance(raw, dict):
        _malformed(where, "span must be an object")
    for key in ("start", "end", "text"):
        if key not in raw:
            raise ValueError(f"{where}: span is missing field {key!r}")
    start, end, span_text = raw["start"], raw["end"], raw["text"]
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        _malformed(where, "span offsets must be integers")
    if not 0 <= start < end <= len(text):
        raise ValueError(f"{where}: span offsets {start}-{end} are out of range")
    if text[start:end] != span_text:
        raise ValueError(
            f"{where}: span text {span_text!r} does not match "
            f"text[{start}:{end}] = {text[start:end]!r}"
        )
    kind = ""
    if with_kind:
        kind = raw.get("kind", "")
        if kind not in NON_STATISTIC_KINDS:
            raise ValueError(f"{where}: unknown non-statistic kind {kind!r}")
    return Span(start, end, span_text, kind)


def parse_item(line: str, lineno: int) -> Item:
    """One JSONL line as an :class:`Item`; ``ValueError`` names the line."""
    where = f"line {lineno}"
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: invalid JSON ({exc.msg})") from exc
    if not isinstance(raw, dict):
        _malformed(where, "expected a JSON object")
    for key in ("id", "text", "statistics"):
        if key not in raw:
            raise ValueError(f"{where}: missing field {key!r}")
    if not isinstance(raw["text"], str):
        _malformed(where, "field 'text' must be a string")
    for key in ("statistics", "non_statistics"):
        if not isinstance(raw.get(key, []), list):
            _malformed(where, f"field {key!r} must be a list")
    text = raw["text"]
    where = f"{where} (id {raw['id']})"
    stats = tuple(
        _parse_span(s, text, f"{where} statistics[{i}]", with_kind=False)
        for i, s in enumerate(raw["statistics"])
    )
    non_stats = tuple(
        _parse_span(s, text, f"{where} non_statistics[{i}]", with_kind=True)
        for i, s in enumerate(raw.get("non_statistics", []))
    )
    return Item(str(raw["id"]), text, stats, non_stats)


def parse_corpus(lines: Iterable[str]) -> list[Item]:
    """Items of a JSONL corpus given as lines; blank lines are skipped."""
    return [
        parse_item(line, lineno)
        for lineno, line in enumerate(lines, start=1)
        if line.strip()
    ]


def load_corpus(path: str | Path) -> list[Item]:
    """Read and validate a JSONL corpus file.

    Raises ``FileNotFoundError`` (or another ``OSError``) when the file can't be
    read and ``ValueError`` with the line number when a line is malformed.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            return parse_corpus(fh)
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason})") from exc


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


def score_item(item: Item, detections: Sequence[SpanLike], result: Score) -> None:
    """Add one item's TP, FP and FN to ``result``."""
    matched = [False] * len(item.statistics)
    for det in sorted(detections, key=lambda d: (d.start, d.end)):
        for i, gold in enumerate(item.statistics):
            if not matched[i] and overlaps(det, gold):
                matched[i] = True
                result.tp += 1
                break
        else:
            result.fp += 1
            kind = next(
                (ns.kind for ns in item.non_statistics if overlaps(det, ns)), None
            )
            result.false_alarms.append(
                FalseAlarm(
                    item.id,
                    det.start,
                    det.end,
                    item.text[det.start : det.end],
                    context(item.text, det.start, det.end),
                    kind,
                )
            )
    for gold, hit in zip(item.statistics, matched, strict=True):
        if not hit:
            result.fn += 1
            result.misses.append(
                Miss(item.id, gold, context(item.text, gold.start, gold.end))
            )


def score(items: Iterable[Item], detect: Callable[[str], Sequence[SpanLike]]) -> Score:
    """Run ``detect`` on every item and score it (micro-averaged)."""
    result = Score()
    for item in items:
        score_item(item, detect(item.text), result)
    return result


def format_report(result: Score) -> str:
    """Human-readable report: figures, false alarms by kind, each error."""
    lines = [
        (
            f"precision {result.precision:.3f}  recall {result.recall:.3f}  "
            f"F1 {result.f1:.3f}"
        ),
        (
            f"TP {result.tp}  FP {result.fp}  FN {result.fn}  "
            f"(detections {result.detections}, gold statistics {result.gold})"
        ),
    ]
    by_kind = result.false_alarms_by_kind()
    if by_kind:
        lines.append(
            "false alarms by kind: "
            + ", ".join(f"{kind} {count}" for kind, count in sorted(by_kind.items()))
        )
    lines.append(f"misses ({len(result.misses)}):")
    lines += [f"  {m.item_id}: {m.context}" for m in result.misses]
    lines.append(f"false alarms ({len(result.false_alarms)}):")
    lines += [
        f"  {fa.item_id} [{fa.kind or 'none'}]: {fa.context}"
        for fa in result.false_alarms
    ]
    return "\n".join(lines)
