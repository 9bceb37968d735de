"""Newsroom writes: through the services, optimistic locking, one error shape."""

import pytest
from django.test import override_settings

from explainers.models import BackgroundBox, Explainer, Statistic
from sources.models import Citation, Source
from tests.api.helpers import assert_error, world
from tests.explainers.workflow_helpers import make_draft, make_in_review

BASE = "/api/v1/newsroom/explainers/"


def url(explainer, tail: str = "") -> str:
    return f"{BASE}{explainer.pk}/{tail}"


@pytest.fixture
def draft(editor):
    return make_draft(editor)


class TestExplainers:
    def test_create_makes_a_draft_by_the_writer(self, as_editor, editor):
        response = as_editor.post(
            BASE,
            {"title": "Minsk, explained", "slug": "minsk", "body": "Text."},
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["state"] == "draft"
        assert body["authors"] == ["editor"]
        assert response["ETag"] == '"1"'
        explainer = Explainer.objects.get(slug="minsk")
        assert explainer.created_by == editor
        assert explainer.history.first().history_change_reason == "Created"

    def test_workflow_fields_cannot_be_written(self, as_editor, draft):
        before = world()
        response = as_editor.patch(
            url(draft), {"state": "published", "version": 1}, format="json"
        )
        body = assert_error(response, 400, "invalid")
        assert body["errors"] == {"state": ["Unknown field."]}
        assert world() == before

    def test_patch_bumps_the_version_and_sends_the_new_etag(self, as_editor, draft):
        response = as_editor.patch(
            url(draft), {"title": "New title"}, format="json", HTTP_IF_MATCH='"1"'
        )
        assert response.status_code == 200
        assert response.json()["version"] == 2
        assert response["ETag"] == '"2"'

    def test_put_replaces_the_editable_fields(self, as_editor, draft):
        response = as_editor.put(
            url(draft), {"title": "Only a title", "slug": "only"}, format="json"
        )
        assert response.status_code == 200
        draft.refresh_from_db()
        assert (draft.title, draft.slug, draft.body, draft.conflict) == (
            "Only a title",
            "only",
            "",
            None,
        )

    def test_service_validation_errors_are_field_errors(self, as_editor, draft, editor):
        other = make_draft(editor, slug="taken")
        before = world()
        response = as_editor.patch(url(draft), {"slug": other.slug}, format="json")
        body = assert_error(response, 400, "invalid")
        assert list(body["errors"]) == ["slug"]
        assert world() == before

    def test_checks_list_the_gates_problems(self, as_editor, draft):
        response = as_editor.get(url(draft, "checks/"))
        assert response.status_code == 200
        body = response.json()
        assert body["publishable"] is False
        codes = {p["code"] for p in body["problems"]}
        assert codes == {"explainer_unapproved", "statistic_unapproved"}
        assert {"code", "message", "fix", "severity", "location"} == set(
            body["problems"][0]
        )

    def test_history_shows_who_when_why_and_what_changed(self, as_editor, draft):
        as_editor.patch(url(draft), {"title": "Renamed"}, format="json")
        as_editor.post(url(draft, "submit/"), {"comment": "Ready."}, format="json")
        body = as_editor.get(url(draft, "history/")).json()
        submitted, renamed = body["records"][:2]
        assert submitted["reason"] == "Submit for review: Ready."
        assert submitted["changed_fields"] == ["state"]
        assert renamed["user"] == "editor"
        assert renamed["reason"] == "Edited title"
        assert set(renamed["changed_fields"]) == {"title", "version"}
        [log] = body["transitions"]
        assert (log["transition"], log["actor"], log["comment"]) == (
            "submit",
            "editor",
            "Ready.",
        )


class TestOptimisticLocking:
    """A write based on an old version answers 412 and changes nothing."""

    @pytest.fixture
    def stale(self, draft, editor):
        from explainers.services import content

        content.explainer_update(
            explainer_id=draft.pk, actor=editor, data={"title": "Someone else"}
        )
        return draft  # now at version 2; the client still holds "1"

    def _writes(self, explainer):
        box = explainer.boxes.get()
        statistic = explainer.statistics.get()
        citation = statistic.citations.get()
        source = Source.objects.exclude(citations=citation).first() or citation.source
        stat = url(explainer, f"statistics/{statistic.pk}/")
        return [
            ("patch", url(explainer), {"title": "Mine"}),
            ("put", url(explainer), {"title": "Mine", "slug": "mine"}),
            ("post", url(explainer, "boxes/"), {"title": "B", "body": "b"}),
            ("patch", url(explainer, f"boxes/{box.pk}/"), {"title": "B2"}),
            ("patch", url(explainer, f"boxes/{box.pk}/"), {}),  # even a no-op
            ("delete", url(explainer, f"boxes/{box.pk}/"), None),
            (
                "post",
                url(explainer, "statistics/"),
                {"key": "k", "claim": "c", "display_text": "1"},
            ),
            ("patch", stat, {"claim": "Changed"}),
            ("delete", stat, None),
            ("post", stat + "citations/", {"source": source.pk}),
            ("patch", f"{stat}citations/{citation.pk}/", {"locator": "p. 1"}),
            ("delete", f"{stat}citations/{citation.pk}/", None),
        ]

    def test_stale_if_match_is_refused_everywhere(self, as_editor, stale):
        for method, path, body in self._writes(stale):
            before = world()
            response = getattr(as_editor, method)(
                path, body, format="json", HTTP_IF_MATCH='"1"'
            )
            assert_error(response, 412, "stale_write")
            assert response["ETag"] == '"2"', (method, path)
            assert world() == before, (method, path)

    def test_stale_version_field_is_refused(self, as_editor, stale):
        before = world()
        response = as_editor.patch(
            url(stale), {"title": "Mine", "version": 1}, format="json"
        )
        body = assert_error(response, 412, "stale_write")
        assert "version 1" in body["message"]
        assert world() == before

    def test_current_version_is_accepted(self, as_editor, stale):
        response = as_editor.patch(
            url(stale), {"title": "Mine", "version": 2}, format="json"
        )
        assert response.status_code == 200
        response = as_editor.post(
            url(stale, "boxes/"),
            {"title": "B", "body": "b"},
            format="json",
            HTTP_IF_MATCH=response["ETag"],
        )
        assert response.status_code == 201
        assert response["ETag"] == '"4"'

    def test_a_malformed_if_match_cannot_match(self, as_editor, draft):
        before = world()
        response = as_editor.patch(
            url(draft), {"title": "x"}, format="json", HTTP_IF_MATCH="version one"
        )
        assert_error(response, 412, "stale_write")
        assert world() == before

    def test_if_match_star_matches_any_version(self, as_editor, stale):
        response = as_editor.patch(
            url(stale), {"title": "x"}, format="json", HTTP_IF_MATCH="*"
        )
        assert response.status_code == 200


class TestBadInput:
    """Bad input gets the one error shape and changes nothing."""

    def test_malformed_json(self, as_editor, draft):
        before = world()
        response = as_editor.patch(
            url(draft), b'{"title": ', content_type="application/json"
        )
        body = assert_error(response, 400, "parse_error")
        assert body["message"].startswith("JSON parse error")
        assert world() == before

    @pytest.mark.parametrize(
        "payload",
        [b"NaN", b'{"value": Infinity}', b"[" * 100_000 + b"]" * 100_000],
        ids=["nan", "infinity", "deeply-nested"],
    )
    def test_json_that_python_would_accept_but_json_does_not(
        self, as_editor, draft, payload
    ):
        before = world()
        response = as_editor.post(
            url(draft, "statistics/"), payload, content_type="application/json"
        )
        assert_error(response, 400, "parse_error")
        assert world() == before

    def test_wrong_types_are_field_errors(self, as_editor, draft):
        before = world()
        response = as_editor.post(
            url(draft, "statistics/"),
            {"key": ["a"], "claim": 5, "display_text": "x", "value": "lots"},
            format="json",
        )
        body = assert_error(response, 400, "invalid")
        assert set(body["errors"]) == {"key", "value"}
        assert world() == before

    def test_a_body_that_is_not_an_object(self, as_editor, draft):
        response = as_editor.post(url(draft, "boxes/"), [1, 2], format="json")
        body = assert_error(response, 400, "invalid")
        assert "non_field_errors" in body["errors"]

    def test_unknown_fields_are_refused(self, as_editor, draft):
        before = world()
        response = as_editor.post(
            url(draft, "boxes/"),
            {"title": "B", "body": "b", "colour": "red"},
            format="json",
        )
        body = assert_error(response, 400, "invalid")
        assert body["errors"] == {"colour": ["Unknown field."]}
        assert world() == before

    def test_other_media_types_are_refused(self, as_editor, draft):
        response = as_editor.post(
            url(draft, "boxes/"), "title=B&body=b", content_type="text/plain"
        )
        assert_error(response, 415, "unsupported_media_type")

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
    def test_an_oversize_body_is_refused_with_413(self, as_editor, draft):
        before = world()
        response = as_editor.patch(url(draft), {"body": "x" * 2048}, format="json")
        body = assert_error(response, 413, "payload_too_large")
        assert "larger than 1 KiB" in body["message"]
        assert world() == before

    def test_the_real_limit_is_2_mib(self, as_editor, draft):
        before = world()
        response = as_editor.patch(
            url(draft), {"body": "x" * (2 * 1024 * 1024 + 1)}, format="json"
        )
        assert_error(response, 413, "payload_too_large")
        assert world() == before

    def test_a_body_longer_than_the_model_allows_is_a_field_error(
        self, as_editor, draft
    ):
        response = as_editor.patch(url(draft), {"body": "x" * 100_001}, format="json")
        body = assert_error(response, 400, "invalid")
        assert list(body["errors"]) == ["body"]

    def test_non_http_source_urls_are_refused(self, as_editor):
        before = world()
        response = as_editor.post(
            "/api/v1/newsroom/sources/",
            {
                "kind": "ngo",
                "title": "Report",
                "url": "ftp://example.org/report",
                "accessed_date": "2026-01-01",
            },
            format="json",
        )
        body = assert_error(response, 400, "invalid")
        assert list(body["errors"]) == ["url"]
        assert world() == before

    def test_unknown_api_paths_answer_in_the_error_shape(self, anon):
        assert_error(anon.get("/api/v1/nothing-here/"), 404, "not_found")

    def test_a_child_of_another_explainer_is_not_found(self, as_editor, draft, editor):
        other = make_draft(editor)
        box = other.boxes.get()
        response = as_editor.patch(
            url(draft, f"boxes/{box.pk}/"), {"title": "x"}, format="json"
        )
        assert_error(response, 404, "not_found")


class TestWorkflowRefusals:
    def test_request_changes_needs_a_comment(self, as_reviewer, editor):
        explainer = make_in_review(editor)
        before = world()
        response = as_reviewer.post(
            url(explainer, "request-changes/"), {"comment": "  "}, format="json"
        )
        body = assert_error(response, 400, "invalid")
        assert list(body["errors"]) == ["comment"]
        assert world() == before

    def test_an_illegal_transition_answers_409(self, as_reviewer, draft):
        before = world()
        response = as_reviewer.post(url(draft, "approve/"), {}, format="json")
        assert_error(
            response,
            409,
            "invalid_transition",
            "Cannot approve: the explainer is draft.",
        )
        assert world() == before

    def test_a_blocked_publish_answers_409_with_the_problems(self, as_reviewer, draft):
        before = world()
        response = as_reviewer.post(url(draft, "publish/"), {}, format="json")
        body = assert_error(response, 409, "publication_blocked")
        assert {p["code"] for p in body["problems"]} == {
            "explainer_unapproved",
            "statistic_unapproved",
        }
        assert world() == before

    def test_rejecting_a_statistic_needs_a_note(self, as_reviewer, draft):
        statistic = draft.statistics.get()
        response = as_reviewer.post(
            url(draft, f"statistics/{statistic.pk}/reject/"), {}, format="json"
        )
        body = assert_error(response, 400, "invalid")
        assert list(body["errors"]) == ["note"]

    def test_a_statistic_without_citation_cannot_be_approved(
        self, as_reviewer, as_editor, draft
    ):
        created = as_editor.post(
            url(draft, "statistics/"),
            {"key": "bare", "claim": "Counted.", "display_text": "3 towns"},
            format="json",
        ).json()
        response = as_reviewer.post(
            url(draft, f"statistics/{created['id']}/approve/"), {}, format="json"
        )
        assert_error(response, 409, "invalid_transition")
        assert Statistic.objects.get(pk=created["id"]).review_state == "pending"

    def test_a_cited_source_cannot_be_deleted(self, as_chief, draft):
        source = draft.statistics.get().citations.get().source
        response = as_chief.delete(f"/api/v1/newsroom/sources/{source.pk}/")
        assert_error(response, 409, "source_in_use")
        assert Source.objects.filter(pk=source.pk).exists()


class TestReads:
    def test_source_detail_shows_where_it_is_used(self, as_editor, draft):
        citation = Citation.objects.get(statistic__explainer=draft)
        body = as_editor.get(f"/api/v1/newsroom/sources/{citation.source_id}/").json()
        assert body["used_by"] == [
            {
                "statistic": citation.statistic_id,
                "key": "figure-1",
                "explainer": draft.pk,
                "explainer_title": draft.title,
            }
        ]

    @pytest.mark.parametrize("size", [1, 8])
    def test_explainer_detail_costs_constant_queries(
        self, as_editor, editor, size, django_assert_num_queries
    ):
        explainer = make_draft(editor, statistics=size)
        for n in range(size):
            BackgroundBox.objects.create(explainer=explainer, title=f"B{n}", body="b")
        # Token and user, then the explainer with conflict and editors, its
        # authors, boxes, statistics, and their citations with sources.
        with django_assert_num_queries(8):
            response = as_editor.get(url(explainer))
        assert len(response.json()["statistics"]) == size

    @pytest.mark.parametrize("size", [1, 8])
    def test_explainer_list_costs_constant_queries(
        self, as_editor, editor, size, django_assert_num_queries
    ):
        for _ in range(size):
            make_draft(editor)
        # Token and user, permissions (groups), count, page, authors.
        with django_assert_num_queries(6):
            response = as_editor.get(BASE)
        assert response.json()["count"] == size
