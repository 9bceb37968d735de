"""The publication gate: everything that stands between a draft and readers.

``problems(explainer)`` loads the explainer's content once (a fixed number of
queries whatever its size) and runs each check in ``CHECKS`` over it. A check
is a function from a ``GateContext`` to problems; adding a rule is adding one
function to the list.
"""

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from django.utils import timezone

from explainers.digest import review_is_current
from explainers.models import Explainer, Statistic
from explainers.selectors import GateContext, load_context
from explainers.tokens import IMAGE_TOKEN, STAT_TOKEN, malformed_tokens
from sources.metadata import missing_source_metadata
from sources.models import Source

ERROR = "error"
WARNING = "warning"

# Fields shown as plain text; only Markdown fields place statistics.
PLAIN_TEXT_FIELDS = frozenset(
    {
        "title",
        "standfirst",
        "box_title",
        "conflict",
        "correction_note",
        "image_alt",
        "image_caption",
        "image_credit",
    }
)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    fix: str
    severity: str = ERROR
    location: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _stat_location(statistic: Statistic) -> dict:
    return {"statistic": statistic.key, "statistic_id": statistic.pk}


def check_explainer_approved(ctx: GateContext) -> Iterator[Problem]:
    state = ctx.explainer.state
    if state not in {Explainer.State.APPROVED, Explainer.State.PUBLISHED}:
        yield Problem(
            code="explainer_unapproved",
            message=(
                "The explainer has not been approved by a reviewer "
                f"(it is {Explainer.State(state).label.lower()})."
            ),
            fix="Submit it for review; a reviewer other than its authors approves it.",
            location={"field": "state"},
        )


def check_statistics(ctx: GateContext) -> Iterator[Problem]:
    for statistic in ctx.statistics:
        citations = list(statistic.citations.all())
        label = f"Statistic '{statistic.key}' ({statistic.display_text})"
        if not citations:
            yield Problem(
                code="statistic_uncited",
                message=f"{label} has no citation.",
                fix="Add a citation to a recorded source, with a locator and the "
                "quoted passage.",
                location=_stat_location(statistic),
            )
        if statistic.review_state == Statistic.ReviewState.REJECTED:
            note = (
                f" Reviewer's note: {statistic.review_note}"
                if statistic.review_note
                else ""
            )
            yield Problem(
                code="statistic_rejected",
                message=f"{label} was rejected by a reviewer.{note}",
                fix="Correct the claim or its citations (it then returns to "
                "review), or remove it from the text.",
                location=_stat_location(statistic),
            )
        elif statistic.review_state == Statistic.ReviewState.APPROVED and (
            statistic.reviewed_by_id
            in {statistic.created_by_id, statistic.last_edited_by_id}
        ):
            # The services never allow this; the gate checks again in case a
            # row was written some other way.
            yield Problem(
                code="statistic_unapproved",
                message=f"{label} was approved by the person who wrote it.",
                fix="A reviewer other than its author approves it.",
                location=_stat_location(statistic),
            )
        elif statistic.review_state == Statistic.ReviewState.APPROVED and (
            not review_is_current(statistic, citations)
        ):
            yield Problem(
                code="statistic_unapproved",
                message=f"{label} changed after it was approved; the approval lapsed.",
                fix="A reviewer approves it again.",
                location=_stat_location(statistic),
            )
        elif statistic.review_state == Statistic.ReviewState.PENDING:
            yield Problem(
                code="statistic_unapproved",
                message=f"{label} is waiting for a reviewer's approval.",
                fix="A reviewer other than its author approves it.",
                location=_stat_location(statistic),
            )


def check_malformed_tokens(ctx: GateContext) -> Iterator[Problem]:
    for location, text in ctx.texts():
        for match in malformed_tokens(text):
            yield Problem(
                code="malformed_token",
                message=f"'{match.group(0)}' looks like a statistic token but is "
                "not one; readers would see it as it is.",
                fix="Write exactly [[stat:key]] with the statistic's key "
                "(lower-case letters, digits, '-' or '_'), or remove the brackets.",
                location={**location, "offset": match.start()},
            )


def check_tokens(ctx: GateContext) -> Iterator[Problem]:
    known = ctx.statistics_by_key
    placed: set[str] = set()
    for location, text in ctx.texts():
        for match in STAT_TOKEN.finditer(text):
            key = match.group(1)
            if location["field"] in PLAIN_TEXT_FIELDS:
                # Titles and standfirsts are shown as text: a token there
                # would reach readers as "[[stat:...]]".
                yield Problem(
                    code="token_in_plain_text",
                    message=f"[[stat:{key}]] is in the {location['field']}, which "
                    "is shown as plain text and cannot hold a footnoted figure.",
                    fix="Write the figure out there without a token, and place "
                    "the statistic in the body.",
                    location={**location, "offset": match.start()},
                )
                continue
            placed.add(key)
            if key not in known:
                yield Problem(
                    code="unknown_statistic",
                    message=f"The text places [[stat:{key}]] but this explainer "
                    f"has no statistic '{key}'.",
                    fix="Correct the key or create the statistic.",
                    location={**location, "offset": match.start()},
                )
    for statistic in ctx.statistics:
        if statistic.key not in placed:
            yield Problem(
                code="statistic_unused",
                severity=WARNING,
                message=f"Statistic '{statistic.key}' is not placed in the text.",
                fix=f"Place it with [[stat:{statistic.key}]] or delete it.",
                location=_stat_location(statistic),
            )


def published_form(statistic: Statistic) -> dict:
    """The fields of a statistic that readers see, as a revision stores them."""
    return {
        "claim": statistic.claim,
        "display_text": statistic.display_text,
        "value": None if statistic.value is None else str(statistic.value),
        "unit": statistic.unit,
        "as_of": statistic.as_of.isoformat() if statistic.as_of else None,
    }


def changed_published_statistics(ctx: GateContext) -> list[str]:
    """Keys of live statistics that this version changes or removes."""
    live = ctx.explainer.live_revision
    if live is None:
        return []
    current = {s.key: published_form(s) for s in ctx.statistics}
    changed = []
    for old in live.content["statistics"]:
        new = current.get(old["key"])
        if new is None or any(old[name] != value for name, value in new.items()):
            changed.append(old["key"])
    return changed


def check_correction(ctx: GateContext) -> Iterator[Problem]:
    """A correction note goes with a version that changes what readers saw."""
    note = ctx.explainer.correction_note.strip()
    location = {"field": "correction_note"}
    if ctx.explainer.live_revision is None:
        if note:
            yield Problem(
                code="correction_without_publication",
                message="The explainer has a correction note but no published "
                "version for it to correct.",
                fix="Clear the correction note: a first publication has none.",
                location=location,
            )
        return
    changed = changed_published_statistics(ctx)
    if changed and not note:
        yield Problem(
            code="correction_missing",
            message="This version changes published statistics "
            f"({', '.join(changed)}); readers need a correction note.",
            fix="Write the correction note in the explainer; it is reviewed with "
            "this version and published with it.",
            location=location,
        )


def check_uncited_numbers(ctx: GateContext) -> Iterator[Problem]:
    for finding in ctx.unwaived_findings():
        yield Problem(
            code="uncited_number",
            message=f"'{finding.phrase}' looks like a statistic but is neither a "
            f"cited statistic nor waived: “{finding.sentence}”",
            fix="Make it a statistic and cite its source, or (reviewers) waive it "
            "with a reason if it is not a statistic.",
            location=finding.location,
        )


def check_sources(ctx: GateContext) -> Iterator[Problem]:
    reported: set[int] = set()
    for statistic in ctx.statistics:
        for citation in statistic.citations.all():
            source = citation.source
            if source.pk in reported:
                continue
            reported.add(source.pk)
            missing = missing_source_metadata(source)
            if missing:
                yield Problem(
                    code="source_incomplete",
                    message=f"Source '{source}' lacks {', '.join(missing)}.",
                    fix="Complete the source's record.",
                    location={"source": source.pk, **_stat_location(statistic)},
                )


def check_images(ctx: GateContext) -> Iterator[Problem]:
    """Each image token names an image and stands on a line of its own; each
    image shown has what readers need to read it fairly."""
    shown = {image.pk for image in ctx.images}
    for location, text in ctx.texts():
        for match in IMAGE_TOKEN.finditer(text):
            at = {**location, "offset": match.start()}
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            line = text[line_start : None if line_end < 0 else line_end]
            if location["field"] in PLAIN_TEXT_FIELDS or line.strip() != match[0]:
                yield Problem(
                    code="image_misplaced",
                    message=f"{match[0]} must stand on a line of its own in the "
                    "body or a box; elsewhere readers would see it as it is.",
                    fix="Move the token to a line of its own in the body or a box.",
                    location=at,
                )
            elif int(match[1]) not in shown:
                yield Problem(
                    code="unknown_image",
                    message=f"The text places {match[0]} but there is no image "
                    f"number {match[1]}.",
                    fix="Correct the number (the Images page shows each image's "
                    "token) or upload the image.",
                    location=at,
                )
    explainer = ctx.explainer
    for image in ctx.images:
        is_lead = image.pk == explainer.lead_image_id
        name = "The lead image" if is_lead else f"Image {image.pk}"
        where = {"field": "lead_image" if is_lead else "image", "image": image.pk}
        missing = image.missing()
        if missing:
            yield Problem(
                code="image_incomplete",
                message=f"{name} lacks {', '.join(missing)}.",
                fix="Complete the image's record: alt text describing it, a "
                "caption, who made it and under what licence.",
                location=where,
            )
        # Approving is the explainer's last save: an image's words changed
        # since then were read by no reviewer.
        if (
            explainer.state == Explainer.State.APPROVED
            and image.updated_at > explainer.updated_at
        ):
            yield Problem(
                code="image_changed",
                message=f"{name} was changed after the explainer was approved; "
                "readers would see words no reviewer approved.",
                fix="Send the explainer back for review (a reviewer requests "
                "changes, or an edit returns it to draft) and approve it again.",
                location=where,
            )


def check_retracted_sources(ctx: GateContext) -> Iterator[Problem]:
    for statistic in ctx.statistics:
        for citation in statistic.citations.all():
            source = citation.source
            if source.status == Source.Status.RETRACTED:
                yield Problem(
                    code="source_retracted",
                    message=f"Statistic '{statistic.key}' cites '{source}', which "
                    f"its publisher retracted: {source.status_note}",
                    fix="Cite another source for the figure (and have it approved "
                    "again), or take the figure out.",
                    location={"source": source.pk, **_stat_location(statistic)},
                )


def check_stale_statistics(ctx: GateContext) -> Iterator[Problem]:
    today = timezone.localdate()
    for statistic in ctx.statistics:
        if statistic.is_stale(today):
            assert statistic.as_of is not None  # a review date comes from it
            yield Problem(
                code="statistic_stale",
                severity=WARNING,
                message=f"Statistic '{statistic.key}' ({statistic.display_text}) is "
                f"as of {statistic.as_of:%-d %B %Y}; a figure of this kind needs "
                f"fresh eyes after {statistic.review_interval} days.",
                fix="Check its source for a newer figure and update the figure "
                "and its as-of date, or set a longer review interval if it holds.",
                location=_stat_location(statistic),
            )


Check = Callable[[GateContext], Iterator[Problem]]

CHECKS: list[Check] = [
    check_explainer_approved,
    check_statistics,
    check_malformed_tokens,
    check_tokens,
    check_correction,
    check_uncited_numbers,
    check_sources,
    check_retracted_sources,
    check_stale_statistics,
    check_images,
]


def problems(explainer_or_pk, *, context: GateContext | None = None) -> list[Problem]:
    """Returns every problem that stands between the explainer and readers."""
    ctx = context or load_context(explainer_or_pk)
    return [problem for check in CHECKS for problem in check(ctx)]


def blocking(found: list[Problem]) -> list[Problem]:
    return [p for p in found if p.severity == ERROR]
