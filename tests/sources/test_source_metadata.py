"""What a cited source's record must hold (the gate's ``source_incomplete``)."""

from sources.metadata import missing_source_metadata
from sources.models import Source


def test_web_source_without_accessed_date_lacks_metadata():
    """The database refuses such a row, so the rule is checked on an instance."""
    source = Source(
        kind=Source.Kind.NGO,
        title="Field report",
        publisher="An NGO",
        url="https://example.org/field-report",
        accessed_date=None,
    )

    assert missing_source_metadata(source) == ["the date it was accessed"]
