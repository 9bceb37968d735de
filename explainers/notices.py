"""What readers are told about a source retracted after publication.

A live page is served from its frozen revision in two queries and cached by
revision, so the notice travels on the explainer's listing row, which the
page's status query already reads. Marking a source writes its notice into
(or takes it off) the listing rows of every live revision citing it, in one
batched UPDATE; the page's and the public API's ETags and the page cache key
cover the notices, so cached copies are replaced at once (shared caches
within their max-age). A new publication clears the notices: the gate
refuses a retracted source, so the new revision is the correction.
"""

from explainers.models import LiveListing
from sources.models import Source


def source_notice(source: Source) -> dict | None:
    """The notice readers see about ``source``, or None when it is not retracted."""
    if source.status != Source.Status.RETRACTED:
        return None
    when = source.status_changed_at
    return {
        "status": source.status,
        "note": source.status_note,
        "date": when.date().isoformat() if when else None,
    }


def listings_source_marked(source: Source) -> int:
    """Writes or clears ``source``'s notice on the live listings citing it.

    Two queries whatever the number of live explainers: the listing rows
    whose live revision cites the source (an index probe of the revisions'
    cited sources), and one batched UPDATE. Returns how many rows changed.
    """
    key, notice = str(source.pk), source_notice(source)
    # Locked, so that two sources marked at once both keep their notice.
    listings = (
        LiveListing.objects.filter(revision__cited_sources__source=source)
        .select_for_update(of=("self",))
        .only("pk", "source_notices")
    )
    changed = []
    for listing in listings:
        notices = dict(listing.source_notices or {})
        if notice is None:
            notices.pop(key, None)
        else:
            notices[key] = notice
        if notices != listing.source_notices:
            listing.source_notices = notices
            changed.append(listing)
    LiveListing.objects.bulk_update(changed, ["source_notices"], batch_size=500)
    return len(changed)


def figure_notices(statistics: list[dict], notices: dict) -> dict[str, list[dict]]:
    """Returns, by statistic key, the notices of the sources each one cites.

    ``statistics`` are a revision's frozen statistics, ``notices`` a listing's
    ``source_notices``; each notice carries the cited ``source_id``.
    """
    found: dict[str, list[dict]] = {}
    for statistic in statistics:
        for citation in statistic.get("citations", []):
            notice = notices.get(str(citation.get("source_id")))
            if notice:
                found.setdefault(statistic["key"], []).append(
                    {"source_id": citation["source_id"], **notice}
                )
    return found
