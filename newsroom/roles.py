"""The newsroom's roles as Django groups with exactly the permissions each needs.

Editors write; reviewers check claims, approve and publish; chief editors do
both and may take explainers down. ``setup_roles`` makes the groups match this
table, so running it again after a change of the table is the upgrade path.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Editors"
REVIEWERS = "Reviewers"
CHIEF_EDITORS = "Chief editors"

_CONTENT = ["explainer", "backgroundbox", "statistic"]
# Everyone on the desk can see what background work ran and why it failed.
_JOBS = ["jobs.view_jobrun", "jobs.view_schedule"]

_EDITOR = [
    *(
        f"explainers.{action}_{m}"
        for m in _CONTENT
        for action in ("add", "change", "view")
    ),
    "explainers.delete_backgroundbox",
    "explainers.delete_statistic",
    "explainers.view_conflict",
    "explainers.add_conflict",
    "explainers.change_conflict",
    "explainers.view_waiver",
    "explainers.view_transitionlog",
    "explainers.view_publishedrevision",
    "explainers.view_correction",
    "sources.add_source",
    "sources.change_source",
    "sources.view_source",
    "sources.add_citation",
    "sources.change_citation",
    "sources.delete_citation",
    "sources.view_citation",
    "images.add_image",
    "images.change_image",
    "images.view_image",
    *_JOBS,
]

_REVIEWER = [
    *(f"explainers.view_{m}" for m in _CONTENT),
    "explainers.view_conflict",
    "explainers.view_waiver",
    "explainers.view_transitionlog",
    "explainers.view_publishedrevision",
    "explainers.view_correction",
    "sources.view_source",
    "sources.view_citation",
    "images.view_image",
    "explainers.review_statistic",
    "explainers.review_explainer",
    "explainers.publish_explainer",
    "explainers.waive_finding",
    # A source's publisher corrected or retracted it: a reviewer's judgement.
    "sources.mark_source_status",
    *_JOBS,
]

_CHIEF_ONLY = [
    "explainers.unpublish_explainer",
    "explainers.delete_explainer",
    "explainers.delete_conflict",
    "sources.delete_source",
    # Access (accounts): read the audit log and every API token, revoke any
    # token, unlock accounts and reset a lost second factor.
    "accounts.view_accessevent",
    "accounts.view_apitoken",
    "accounts.revoke_any_token",
    "accounts.unlock_account",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: _EDITOR,
    REVIEWERS: _REVIEWER,
    CHIEF_EDITORS: sorted(set(_EDITOR + _REVIEWER + _CHIEF_ONLY)),
}


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {(app, codename) for app, codename in (n.split(".", 1) for n in names)}
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _, codename in wanted]
        )
    }
    missing = wanted - found.keys()
    if missing:
        raise LookupError(
            "Unknown permissions (run migrate first?): "
            + ", ".join(sorted(".".join(m) for m in missing))
        )
    return [found[w] for w in sorted(wanted)]


@transaction.atomic
def setup_roles() -> dict[str, tuple[Group, bool]]:
    """Creates or updates the role groups; returns {name: (group, created)}."""
    result = {}
    for name, permission_names in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(permission_names))
        result[name] = (group, created)
    return result
