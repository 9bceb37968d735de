"""Loads the demo newsroom through the same services the admin and API use."""

import datetime
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from explainers import demo_content
from explainers.demo_map import draw_map
from explainers.models import Conflict, Explainer
from explainers.services import content, review, transitions
from images import services as image_services
from images.models import Image
from newsroom.actors import Actor
from newsroom.roles import CHIEF_EDITORS, EDITORS, REVIEWERS, setup_roles
from newsroom.second_factor import vouch
from sources import services as source_services
from sources.models import Source

DEMO_USERS = {
    "editor": ("Edith", "Editor", EDITORS),
    "reviewer": ("Rui", "Reviewer", REVIEWERS),
    "chief": ("Chiara", "Chief", CHIEF_EDITORS),
}


def ensure_user(username: str, password: str | None) -> tuple[Actor, str]:
    """Creates or updates a demo user; returns (user, what happened)."""
    first, last, group_name = DEMO_USERS[username]
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "is_staff": True},
    )
    outcome = "created" if created else "unchanged"
    if created:
        password = password or secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        outcome = f"created, password: {password}"
    elif password and not user.check_password(password):
        user.set_password(password)
        user.save()
        outcome = f"password set to: {password}"
    group = Group.objects.get(name=group_name)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
    return user, outcome


def _source(key: str, actor: Actor) -> Source:
    data = dict(demo_content.SOURCES[key])
    existing = Source.objects.filter(
        title=data["title"], publisher=data["publisher"]
    ).first()
    return existing or source_services.source_create(actor=actor, data=data)


def _demo_map(credit: dict[str, str], editor: Actor) -> Image:
    """The demo's schematic map, drawn now and uploaded like any picture."""
    return image_services.image_create(actor=editor, upload=draw_map(), data=credit)


def _statistic_data(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": spec["key"],
        "claim": spec["claim"],
        "display_text": spec["display_text"],
        "value": Decimal(spec["value"]) if spec["value"] else None,
        "unit": spec["unit"],
        "key_figure": spec.get("key_figure"),
        "as_of": datetime.date.fromisoformat(spec["as_of"]) if spec["as_of"] else None,
        "figure_kind": spec.get("figure_kind", "other"),
        "review_interval_days": spec.get("review_interval_days"),
    }


def build_explainer(
    spec: dict[str, Any], *, editor: Actor, conflict: Conflict
) -> Explainer:
    explainer = content.explainer_create(
        actor=editor,
        data={
            "title": spec["title"],
            "slug": spec["slug"],
            "standfirst": spec["standfirst"],
            # Stored as a form would store it, so an unchanged admin save is a no-op.
            "body": spec["body"].strip(),
            "conflict": conflict,
            "authors": [editor],
            "lead_image": _demo_map(spec["lead_image"], editor)
            if spec.get("lead_image")
            else None,
        },
    )
    # Written as an editor drafting in the admin would: one save, one version.
    with content.explainer_edit(explainer_id=explainer.pk, actor=editor) as edit:
        for box in spec["boxes"]:
            edit.box_create({**box, "body": box["body"].strip()})
        for stat in spec["statistics"]:
            statistic = edit.statistic_create(_statistic_data(stat))
            for citation in stat["citations"]:
                edit.citation_create(
                    statistic.pk,
                    {
                        "source": _source(citation["source"], editor),
                        "locator": citation["locator"],
                        "quote": citation.get("quote", ""),
                    },
                )
    explainer.refresh_from_db()
    return explainer


def review_and_publish(explainer: Explainer, *, editor: Actor, reviewer: Actor) -> None:
    """Takes an explainer through the whole workflow, as people would.

    Transitions and reviews do not change the content, so every decision is
    taken on the version the editor left.
    """
    seen = explainer.version
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen
    )
    for statistic in explainer.statistics.all():
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=reviewer,
            note="Checked against the cited document.",
            expected_version=seen,
        )
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen
    )
    transitions.explainer_publish(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen
    )


@transaction.atomic
def load_demo(
    *, password: str | None = None, log: Callable[[str], object] = print
) -> None:
    setup_roles()
    users = {}
    for username in DEMO_USERS:
        users[username], outcome = ensure_user(username, password)
        log(f"user {username} ({DEMO_USERS[username][2]}): {outcome}")
    editor = users["editor"]
    conflict, _ = Conflict.objects.get_or_create(
        slug=demo_content.CONFLICT["slug"], defaults=demo_content.CONFLICT
    )
    for key in demo_content.SOURCES:
        _source(key, editor)
    for spec, publish in ((demo_content.MINERALS, True), (demo_content.AERIAL, False)):
        if Explainer.objects.filter(slug=spec["slug"]).exists():
            log(f"explainer {spec['slug']}: already present, unchanged")
            continue
        explainer = build_explainer(spec, editor=editor, conflict=conflict)
        if publish:
            # load_demo runs from the operator's shell, which is trusted.
            reviewer = vouch(users["reviewer"], by="load_demo command")
            review_and_publish(explainer, editor=editor, reviewer=reviewer)
            log(f"explainer {spec['slug']}: created, reviewed and published")
        else:
            log(f"explainer {spec['slug']}: created as a draft (the gate refuses it)")
