"""The source's admin page: what cites it, and its editorial status.

The change page lists the statistics, explainers and published revisions
citing the source in a fixed number of queries; the status page marks it
through ``source_mark_status``: reviewers and chief editors may, editors may
not, and a retraction without a note is refused with the form's error.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from explainers.models import Statistic
from sources.models import Source
from tests.explainers.workflow_helpers import make_published_citing
from tests.factories import SourceFactory
from tests.second_factor import verified_login

pytestmark = pytest.mark.django_db


def change_url(source) -> str:
    return f"/admin/sources/source/{source.pk}/change/"


def status_url(source) -> str:
    return f"/admin/sources/source/{source.pk}/status/"


def test_the_change_page_lists_what_cites_the_source(client, editor, reviewer):
    source = SourceFactory.create()
    explainer = make_published_citing(source, editor, reviewer, slug="cited")
    client.force_login(editor)

    html = client.get(change_url(source)).content.decode()

    assert "more than 1,000 people</a> (approved) in" in html
    assert f"{explainer.title}</a>: published, live revision cites it" in html
    assert f"{explainer.title} revision 1" in html
    assert "Change status" in html


@pytest.mark.parametrize("persona", ["reviewer", "chief"])
def test_reviewers_and_chief_editors_retract_a_source_in_the_admin(
    persona, request, client, editor, reviewer
):
    source = SourceFactory.create()
    make_published_citing(source, editor, reviewer)
    verified_login(client, request.getfixturevalue(persona))

    assert client.get(status_url(source)).status_code == 200
    response = client.post(
        status_url(source), {"status": "retracted", "note": "Withdrawn."}
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(source)
    source.refresh_from_db()
    assert (source.status, source.status_note) == ("retracted", "Withdrawn.")
    assert not Statistic.objects.filter(review_state="approved").exists()


def test_editors_may_not_open_the_status_page(client, editor, reviewer):
    source = SourceFactory.create()
    make_published_citing(source, editor, reviewer)
    client.force_login(editor)

    assert client.get(status_url(source)).status_code == 403
    response = client.post(
        status_url(source), {"status": "retracted", "note": "Withdrawn."}
    )

    assert response.status_code == 403
    assert Source.objects.get(pk=source.pk).status == "current"


def test_a_retraction_without_a_note_shows_the_error_and_changes_nothing(
    client, reviewer
):
    source = SourceFactory.create()
    verified_login(client, reviewer)

    response = client.post(status_url(source), {"status": "retracted", "note": ""})

    assert response.status_code == 200
    assert "Say what its publisher corrected" in response.content.decode()
    assert Source.objects.get(pk=source.pk).status == "current"


def test_the_change_page_costs_the_same_queries_for_one_or_four_citers(
    client, editor, reviewer
):
    source = SourceFactory.create()
    client.force_login(editor)
    counts = []
    for letter in "abcd":
        make_published_citing(source, editor, reviewer, slug=f"cited-{letter}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(change_url(source)).status_code == 200
        counts.append(len(queries))
    # The uses are three queries whatever their number.
    assert counts[0] == counts[-1]
