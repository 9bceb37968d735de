"""What a cited source's record must hold: the metadata readers need to find it."""

from sources.models import Source

# Kinds of record that are often found without a web address or DOI.
OFFLINE_KINDS = frozenset({Source.Kind.COURT_RECORD, Source.Kind.OTHER})


def missing_source_metadata(source: Source) -> list[str]:
    """Returns the required metadata a cited source lacks, in plain words."""
    missing = []
    if not source.title.strip():
        missing.append("a title")
    if not source.publisher.strip():
        missing.append("a publisher or producer")
    if not (source.url or source.doi) and source.kind not in OFFLINE_KINDS:
        missing.append("a URL or DOI")
    if source.url and not source.accessed_date:
        missing.append("the date it was accessed")
    if source.link_is_broken and not source.archive_url:
        missing.append("an archived copy of its dead link")
    return missing
