"""The frozen form of an explainer at publication: content tree and HTML."""

from typing import Any

from explainers.gate import published_form
from explainers.rendering import render_texts
from explainers.selectors import GateContext
from images.records import image_record


def _user_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def source_tree(source) -> dict:
    return source.as_record()


def build_snapshot(ctx: GateContext, *, reviewed_by=None) -> tuple[dict, dict]:
    """Returns (content, html) for a published revision of ``ctx.explainer``."""
    explainer = ctx.explainer
    statistics: dict[str, dict[str, Any]] = {}
    sources: dict[int, dict[str, Any]] = {}
    for statistic in ctx.statistics:
        citations = []
        for citation in statistic.citations.all():
            sources.setdefault(citation.source_id, source_tree(citation.source))
            citations.append(
                {
                    "source_id": citation.source_id,
                    "locator": citation.locator,
                    "quote": citation.quote,
                }
            )
        statistics[statistic.key] = {
            "key": statistic.key,
            **published_form(statistic),
            "reviewed_by": _user_name(statistic.reviewed_by),
            "reviewed_at": statistic.reviewed_at.isoformat()
            if statistic.reviewed_at
            else None,
            "key_figure": statistic.key_figure,
            "citations": citations,
        }

    images = {image.pk: image_record(image) for image in ctx.images}
    texts = [explainer.body, *(box.body for box in ctx.boxes)]
    rendered, numbering = render_texts(texts, statistics, images)
    # Sources cited by statistics that are not placed in the text still appear,
    # after the ones readers meet inline.
    for source_id in sources:
        numbering.number(source_id)
    for source_id, number in numbering.numbers.items():
        sources[source_id]["number"] = number

    content = {
        "explainer": {
            "id": explainer.pk,
            "title": explainer.title,
            "slug": explainer.slug,
            "standfirst": explainer.standfirst,
            "body": explainer.body,
            "conflict": (
                {"name": explainer.conflict.name, "slug": explainer.conflict.slug}
                if explainer.conflict
                else None
            ),
            "authors": [_user_name(a) for a in explainer.authors.all()],
            "version": explainer.version,
            "lead_image": images.get(explainer.lead_image_id or 0),
        },
        "boxes": [
            {
                "id": box.pk,
                "kind": box.kind,
                "title": box.title,
                "body": box.body,
                "position": box.position,
            }
            for box in ctx.boxes
        ],
        "statistics": list(statistics.values()),
        "images": list(images.values()),
        "sources": sorted(sources.values(), key=lambda s: s["number"]),
        "reviewed_by": _user_name(reviewed_by),
    }
    html = {
        "body": rendered[0],
        "boxes": [
            {"id": box.pk, "kind": box.kind, "title": box.title, "html": box_html}
            for box, box_html in zip(ctx.boxes, rendered[1:], strict=True)
        ],
    }
    return content, html


def search_text(content: dict) -> str:
    """Returns the text readers can read in ``content``, case-folded for search."""
    explainer = content["explainer"]
    parts = [explainer["title"], explainer["standfirst"], explainer["body"]]
    for box in content["boxes"]:
        parts += [box["title"], box["body"]]
    for statistic in content["statistics"]:
        parts += [statistic["display_text"], statistic["claim"]]
    return "\n".join(parts).casefold()
