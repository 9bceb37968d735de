"""The front page's shape, from one page of listing rows: pure.

The newest explainer leads the first page; the rest are grouped by conflict,
each group in the order of its newest explainer, so the page keeps the
listing's newest-first order (and its keyset pagination) while a reader
scans by conflict.
"""


def front_page(items: list[dict], *, lead: bool) -> dict:
    """Returns ``{"lead": item or None, "groups": [{"name", "slug", "items"}]}``."""
    lead_item = items[0] if lead and items else None
    groups: dict[str, dict] = {}
    for item in items[1:] if lead_item else items:
        slug = item["conflict_slug"] or ""
        group = groups.setdefault(
            slug,
            {"name": item["conflict_name"] or "Other explainers", "slug": slug},
        )
        group.setdefault("items", []).append(item)
    return {"lead": lead_item, "groups": list(groups.values())}
