import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from sources.models import Citation, Source
from tests.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x", "file:///etc"],
)
def test_non_web_urls_are_refused_by_validation_and_by_the_database(url):
    source = SourceFactory.build(url=url)
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    assert "url" in excinfo.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(
            kind=Source.Kind.NGO,
            title="Report",
            publisher="An NGO",
            url=url,
            accessed_date=datetime.date(2026, 1, 1),
        )
    assert not Source.objects.exists()


def test_archive_url_is_http_only_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory.create(
            archive_url="javascript:alert(1)", archive_date=datetime.date.today()
        )
    assert not Source.objects.exists()


def test_web_source_without_accessed_date_is_refused():
    source = SourceFactory.build(accessed_date=None)
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    assert "accessed_date" in excinfo.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory.create(accessed_date=None)
    assert not Source.objects.exists()


def test_offline_source_needs_no_accessed_date():
    source = SourceFactory.create(
        url="", accessed_date=None, kind=Source.Kind.COURT_RECORD
    )
    source.full_clean()
    assert Source.objects.filter(pk=source.pk).exists()


def test_dead_link_needs_an_archived_copy():
    source = SourceFactory.build(link_status=Source.LinkStatus.DEAD)
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    assert "archive_url" in excinfo.value.message_dict


def test_doi_must_look_like_a_doi():
    source = SourceFactory.build(doi="https://doi.org/10.1000/xyz")
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    assert "doi" in excinfo.value.message_dict
    SourceFactory.build(doi="10.1000/xyz123").full_clean()


def test_deleting_a_cited_source_is_refused_and_keeps_everything():
    citation = CitationFactory.create()
    with pytest.raises(ProtectedError), transaction.atomic():
        citation.source.delete()
    assert Source.objects.filter(pk=citation.source_id).exists()
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_the_same_source_and_locator_cannot_be_cited_twice_for_one_statistic():
    citation = CitationFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(
            statistic=citation.statistic, source=citation.source, locator="p. 4"
        )
    assert Citation.objects.count() == 1
