"""What a reviewer approved, reduced to one digest.

A statistic's review is bound to its key, claim, display text, value, unit,
as-of date and citations (locator, quoted passage and every field of the
source that readers see). Any change to these gives
another digest, and the review lapses.
"""

import hashlib
import json


def statistic_digest(statistic, citations) -> str:
    """Returns the digest of ``statistic`` as cited by ``citations``.

    ``citations`` is passed in (usually prefetched) so that digesting many
    statistics costs no query per statistic.
    """
    payload = {
        "key": statistic.key,
        "claim": statistic.claim,
        "display_text": statistic.display_text,
        "value": None
        if statistic.value is None
        else format(statistic.value.normalize(), "f"),
        "unit": statistic.unit,
        "as_of": statistic.as_of.isoformat() if statistic.as_of else None,
        # Sorted by their JSON so the order of citations does not matter.
        "citations": sorted(
            json.dumps([c.locator, c.quote, c.source.as_record()], sort_keys=True)
            for c in citations
        ),
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def review_is_current(statistic, citations) -> bool:
    """True when the statistic's review still matches its content."""
    return bool(statistic.reviewed_digest) and statistic.reviewed_digest == (
        statistic_digest(statistic, citations)
    )
