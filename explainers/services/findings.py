"""Acting on detected numbers: waive one, or turn it into a statistic."""

from django.core.exceptions import ValidationError
from django.db import transaction

from explainers.figures import read_figure, statistic_key
from explainers.findings import Finding, find_all
from explainers.gate import PLAIN_TEXT_FIELDS
from explainers.models import BackgroundBox, Explainer, Statistic, Waiver
from explainers.permissions import require_waive
from explainers.pictures import images_shown
from explainers.services import content
from newsroom.actors import Actor
from newsroom.errors import WorkflowError
from newsroom.services import save_with_history


class FindingGone(WorkflowError):
    code = "finding_gone"

    def __init__(self) -> None:
        super().__init__(
            "This number is no longer in the text as it was (the sentence changed "
            "or it became a statistic). Reload the checklist."
        )


class PlainTextField(WorkflowError):
    code = "plain_text_field"

    def __init__(self) -> None:
        super().__init__(
            "A figure in the title, standfirst or a box title cannot carry a "
            "footnote. Cite it in the body instead: rewrite the line without the "
            "number, or ask a reviewer to waive it if it is not a statistic."
        )


def _current_finding(
    explainer: Explainer,
    fingerprint: str,
    boxes: list[BackgroundBox] | None = None,
) -> Finding:
    boxes = list(explainer.boxes.all()) if boxes is None else boxes
    for finding in find_all(explainer, boxes, images_shown(explainer, boxes)):
        if finding.fingerprint == fingerprint:
            return finding
    raise FindingGone()


def finding_waive(
    *,
    explainer_id: int,
    actor: Actor,
    fingerprint: str,
    reason: str,
    expected_version: int | None,
) -> Waiver:
    """Records a reviewer's decision that a finding is not a statistic.

    Like every decision it names the version the reviewer read.
    """
    require_waive(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this number is not a statistic."})
    with transaction.atomic():
        explainer = content.lock_explainer(
            explainer_id, expected_version=expected_version, version_required=True
        )
        require_waive(actor, explainer)
        finding = _current_finding(explainer, fingerprint)
        existing = Waiver.objects.filter(
            explainer=explainer, fingerprint=fingerprint
        ).first()
        if existing:
            return existing
        waiver = Waiver(
            explainer=explainer,
            fingerprint=fingerprint,
            field=finding.field.key,
            phrase=finding.phrase[:200],
            sentence=finding.sentence,
            reason=reason,
            waived_by=actor,
        )
        waiver.full_clean()
        save_with_history(waiver, actor=actor, reason=f"Waived: {reason}")
    return waiver


def _unique_key(explainer: Explainer, phrase: str) -> str:
    base = statistic_key(phrase)
    taken = set(
        Statistic.objects.filter(explainer=explainer, key__startswith=base).values_list(
            "key", flat=True
        )
    )
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def statistic_create_from_finding(
    *,
    explainer_id: int,
    actor: Actor,
    fingerprint: str,
    key: str = "",
    claim: str = "",
    citation: dict | None = None,
    expected_version: int | None = None,
) -> Statistic:
    """Makes a finding a statistic and puts its token in the text: one version.

    The key, display text, value, unit and as-of date come from the phrase
    and its sentence (``explainers.figures``); the claim starts as the
    sentence, for the editor to sharpen. With ``citation`` (source, locator,
    quote) it is cited in the same edit; it still needs a reviewer's approval.
    ``expected_version`` is the version the editor saw the finding in.
    """
    with content.explainer_edit(
        explainer_id=explainer_id, actor=actor, expected_version=expected_version
    ) as edit:
        boxes = list(edit.boxes().values())
        finding = _current_finding(edit.explainer, fingerprint, boxes)
        if finding.field.name in PLAIN_TEXT_FIELDS:
            raise PlainTextField()
        if not finding.verbatim:
            raise WorkflowError(
                "This number reaches readers through markup (a link, an entity "
                "or an escape inside it), so it cannot be replaced as typed. "
                "Rewrite it as plain text, then make it a statistic."
            )
        key = key.strip() or _unique_key(edit.explainer, finding.phrase)
        field = finding.field
        # As the editor wrote it (digits of any script kept).
        display_text = " ".join(field.text[finding.start : finding.end].split())
        figure = read_figure(display_text, finding.sentence)
        statistic = edit.statistic_create(
            {
                "key": key,
                "display_text": display_text[:200],
                "claim": (claim.strip() or finding.sentence)[:1000],
                "value": figure.value,
                "unit": figure.unit,
                "as_of": figure.as_of,
            }
        )
        if citation:
            edit.citation_create(statistic.pk, citation)
        replaced = (
            f"{field.text[: finding.start]}[[stat:{key}]]{field.text[finding.end :]}"
        )
        attribute = {"box_title": "title", "box_body": "body"}.get(
            field.name, field.name
        )
        if field.box_id:
            edit.box_update(field.box_id, {attribute: replaced})
        else:
            edit.explainer_update({attribute: replaced})
        edit.reason = f"Made '{display_text}' statistic '{key}'"
    return statistic
