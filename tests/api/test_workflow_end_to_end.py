"""The whole workflow end to end through the API (issue 6's done criterion).

An editor (token) drafts an explainer with a statistic and a citation; a
reviewer approves the statistic and the explainer and publishes; an anonymous
client reads it. The same steps out of order are refused with the documented
codes, and change nothing.
"""

from tests.api.helpers import assert_error, world
from tests.factories import SourceFactory

NEWSROOM = "/api/v1/newsroom/"


def test_editor_drafts_reviewer_publishes_public_reads(as_editor, as_reviewer, anon):
    source = SourceFactory.create(title="Civilian casualties report")

    draft = as_editor.post(
        NEWSROOM + "explainers/",
        {
            "title": "Why the minerals deal stalled",
            "slug": "minerals-deal",
            "standfirst": "Talks over Ukraine's resources, explained.",
            "body": "The war has killed [[stat:killed]] since 2014.",
        },
        format="json",
    )
    assert draft.status_code == 201, draft.content
    e = NEWSROOM + f"explainers/{draft.json()['id']}/"

    statistic = as_editor.post(
        e + "statistics/",
        {
            "key": "killed",
            "claim": "People killed in the conflict in eastern Ukraine since 2014.",
            "display_text": "more than 13,000 people",
            "value": "13000",
            "unit": "people",
            "as_of": "2021-12-31",
        },
        format="json",
        HTTP_IF_MATCH=draft["ETag"],
    )
    assert statistic.status_code == 201, statistic.content
    s = e + f"statistics/{statistic.json()['id']}/"

    # Out of order: nothing can be approved or published before its time.
    before = world()
    assert_error(
        as_reviewer.post(s + "approve/", {}, format="json"), 409, "invalid_transition"
    )
    assert_error(
        as_reviewer.post(e + "approve/", {}, format="json"), 409, "invalid_transition"
    )
    blocked = assert_error(
        as_reviewer.post(e + "publish/", {}, format="json"), 409, "publication_blocked"
    )
    assert {p["code"] for p in blocked["problems"]} == {
        "explainer_unapproved",
        "statistic_uncited",
        "statistic_unapproved",
    }
    assert_error(
        as_editor.post(e + "publish/", {}, format="json"), 403, "permission_denied"
    )
    assert_error(anon.get("/api/v1/explainers/minerals-deal/"), 404, "not_found")
    assert world() == before

    citation = as_editor.post(
        s + "citations/",
        {"source": source.pk, "locator": "p. 4", "quote": "over 13,000 killed"},
        format="json",
        HTTP_IF_MATCH=statistic["ETag"],
    )
    assert citation.status_code == 201, citation.content

    assert as_editor.post(e + "submit/", {}, format="json").status_code == 200
    # The explainer is in review but its statistic is not approved yet.
    assert_error(
        as_reviewer.post(e + "publish/", {}, format="json"), 409, "publication_blocked"
    )

    approved = as_reviewer.post(
        s + "approve/", {"note": "Matches p. 4."}, format="json"
    )
    assert approved.json()["review_state"] == "approved"
    assert (
        as_reviewer.post(e + "approve/", {}, format="json").json()["state"]
        == "approved"
    )
    checks = as_reviewer.get(e + "checks/").json()
    assert checks["publishable"] is True

    published = as_reviewer.post(e + "publish/", {}, format="json")
    assert published.status_code == 200, published.content
    assert published.json()["state"] == "published"
    assert published.json()["live_revision"] == 1

    public = anon.get("/api/v1/explainers/minerals-deal/")
    assert public.status_code == 200
    body = public.json()
    assert body["title"] == "Why the minerals deal stalled"
    [stat] = body["statistics"]
    assert stat["display_text"] == "more than 13,000 people"
    assert stat["citations"][0]["source"]["title"] == "Civilian casualties report"
    assert "more than 13,000 people" in body["html"]
    assert [i["slug"] for i in anon.get("/api/v1/explainers/").json()["results"]] == [
        "minerals-deal"
    ]

    # Publishing twice is not possible; the reviewer cannot unpublish.
    assert_error(
        as_reviewer.post(e + "publish/", {}, format="json"), 409, "invalid_transition"
    )
    assert_error(
        as_reviewer.post(e + "unpublish/", {}, format="json"), 403, "permission_denied"
    )
