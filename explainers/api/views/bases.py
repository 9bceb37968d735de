"""Bases of the newsroom API's views of what is inside an explainer.

Boxes, statistics and citations each have a list view (GET the rows, POST a
new one) and a detail view (GET, PATCH, PUT or DELETE one row): subclasses
of ``NestedListView`` and ``NestedDetailView`` that name their serializers,
how their rows are found and which service writes them. Transitions and
review decisions are subclasses of ``DecisionView``: one POST taken on the
version the person read. Every answer carries the explainer's version as its
ETag. A request is checked in one order: the object is found (404), the
writer's role (403), If-Match (412), the body's shape (400); then the service
decides (a decision without If-Match: 428).

``nested_schema`` and ``decision_schema`` document a subclass's operations in
the OpenAPI schema from its serializers and a summary for each. The classes
are described in comments: drf-spectacular would show a class docstring as
the description of each of its operations.
"""

from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from explainers.api.views.lookups import current_version, with_version
from explainers.models import Explainer
from explainers.permissions import require_edit
from newsroom.actors import Actor, request_actor
from newsroom.api.created import LOCATION, location
from newsroom.api.etags import version_etag
from newsroom.api.serializers import validated
from newsroom.api.views import (
    DECISION_ERRORS,
    IF_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    NewsroomAPIView,
    check_if_match,
    error_responses,
)
from sources.models import Citation


class ExplainerContentView(NewsroomAPIView):
    serializer_class: type[BaseSerializer]  # of the answer
    input_serializer_class: type[BaseSerializer]

    def explainer_of(self, obj: Model) -> Explainer:
        """Returns the explainer ``obj`` is, or is in (read with ``obj``)."""
        if isinstance(obj, Explainer):
            return obj
        if isinstance(obj, Citation):
            return obj.statistic.explainer
        explainer: Explainer = getattr(obj, "explainer")  # noqa: B009 (a box, a statistic)
        return explainer


class NestedView(ExplainerContentView):
    def check_write(self, request: Request, obj: Model) -> int | None:
        """Refuses a writer without the role, or with a stale If-Match.

        Returns the version named in If-Match; the service checks it again
        under the explainer's lock.
        """
        require_edit(request.user)
        return check_if_match(request, self.explainer_of(obj).version)

    def answer(self, data: Any, obj: Model) -> Response:
        """Answers a read of ``obj`` with its explainer's version as ETag."""
        return Response(
            data, headers={"ETag": version_etag(self.explainer_of(obj).version)}
        )

    def written(
        self, row: Model, explainer_id: int, *, status_code: int = status.HTTP_200_OK
    ) -> Response:
        """Answers with the row as written and the explainer's new version."""
        return with_version(
            self.serializer_class(row).data, explainer_id, status_code=status_code
        )


class NestedListView(NestedView):
    # The new row's URL (its ``Location``): the URL name, and the keyword
    # naming the row besides the parent's in ``self.kwargs``.
    detail_url_name: str
    detail_url_kwarg: str

    def get_parent(self) -> Model:
        """Returns what the rows belong to (an explainer or a statistic), as
        the URL names it (``self.kwargs``), or 404."""
        raise NotImplementedError

    def get_rows(self, parent: Any, /) -> QuerySet[Any]:
        raise NotImplementedError

    def create(
        self,
        parent: Any,
        /,
        *,
        actor: Actor,
        data: dict[str, Any],
        expected_version: int | None,
    ) -> Model:
        raise NotImplementedError

    def get(self, request: Request, **kwargs: Any) -> Response:
        parent = self.get_parent()
        rows = self.get_rows(parent)
        return self.answer(self.serializer_class(rows, many=True).data, parent)

    def post(self, request: Request, **kwargs: Any) -> Response:
        parent = self.get_parent()
        expected = self.check_write(request, parent)
        data = validated(self.input_serializer_class, request.data)
        row = self.create(
            parent, actor=request_actor(request), data=data, expected_version=expected
        )
        response = self.written(
            row, kwargs["explainer_id"], status_code=status.HTTP_201_CREATED
        )
        response["Location"] = location(
            request,
            self.detail_url_name,
            **{**self.kwargs, self.detail_url_kwarg: row.pk},
        )
        return response


class NestedDetailView(NestedView):
    def get_row(self) -> Model:
        """Returns the row the URL names (``self.kwargs``) inside its explainer
        (and statistic), or 404."""
        raise NotImplementedError

    def update(
        self,
        row: Any,
        /,
        *,
        actor: Actor,
        data: dict[str, Any],
        expected_version: int | None,
    ) -> Model:
        raise NotImplementedError

    def destroy(
        self, row: Any, /, *, actor: Actor, expected_version: int | None
    ) -> None:
        raise NotImplementedError

    def get(self, request: Request, **kwargs: Any) -> Response:
        row = self.get_row()
        return self.answer(self.serializer_class(row).data, row)

    def _update(
        self, request: Request, kwargs: dict[str, Any], *, partial: bool
    ) -> Response:
        row = self.get_row()
        expected = self.check_write(request, row)
        data = validated(self.input_serializer_class, request.data, partial=partial)
        row = self.update(
            row, actor=request_actor(request), data=data, expected_version=expected
        )
        return self.written(row, kwargs["explainer_id"])

    def patch(self, request: Request, **kwargs: Any) -> Response:
        return self._update(request, kwargs, partial=True)

    def put(self, request: Request, **kwargs: Any) -> Response:
        return self._update(request, kwargs, partial=False)

    def delete(self, request: Request, **kwargs: Any) -> Response:
        row = self.get_row()
        expected = self.check_write(request, row)
        self.destroy(row, actor=request_actor(request), expected_version=expected)
        return Response(
            status=status.HTTP_204_NO_CONTENT,
            headers={"ETag": version_etag(current_version(kwargs["explainer_id"]))},
        )


# The HTTP method of each action, and whether it is a read.
_ACTIONS = {
    "list": ("get", True),
    "create": ("post", False),
    "retrieve": ("get", True),
    "partial_update": ("patch", False),
    "update": ("put", False),
    "destroy": ("delete", False),
}


def _operation(view, kind: str, action: str, summary: str, tags: list[str]):
    output, given = view.serializer_class, view.input_serializer_class
    method, is_read = _ACTIONS[action]
    success = {
        "list": (200, output(many=True)),
        "create": (201, output),
        "destroy": (204, None),
    }.get(action, (200, output))
    options: dict[str, Any] = {} if is_read else {"parameters": [IF_MATCH]}
    if action == "create":
        options["parameters"].append(LOCATION)
    if action in {"create", "update"}:
        options["request"] = given
    elif action == "partial_update":
        options["request"] = given(partial=True)
    return method, extend_schema(
        operation_id=f"newsroom_{kind}_{action}",
        summary=summary,
        tags=tags,
        responses={
            success[0]: success[1],
            **error_responses(*(READ_ERRORS if is_read else WRITE_ERRORS)),
        },
        **options,
    )


def nested_schema(kind: str, *, tags: list[str], **summaries: str):
    """Documents a nested view's operations: ``summaries`` maps each action
    (list, create, retrieve, partial_update, update, destroy) to its summary."""

    def decorate(view):
        operations = dict(
            _operation(view, kind, action, summary, tags)
            for action, summary in summaries.items()
        )
        return extend_schema_view(**operations)(view)

    return decorate


# POST: a transition or a review decision, on the version the person read.
class DecisionView(ExplainerContentView):
    def get_subject(self) -> Model:
        """Returns what the decision is about, as the URL names it
        (``self.kwargs``), or 404."""
        raise NotImplementedError

    def decide(
        self,
        subject: Any,
        /,
        *,
        actor: Actor,
        expected_version: int | None,
        **data: Any,
    ) -> None:
        raise NotImplementedError

    def decided(self, subject: Any, /) -> Response:
        """Answers with the subject as the decision left it."""
        raise NotImplementedError

    def post(self, request: Request, **kwargs: Any) -> Response:
        subject = self.get_subject()
        # If-Match binds the decision to the version the person read.
        expected = check_if_match(request, self.explainer_of(subject).version)
        data = validated(self.input_serializer_class, request.data)
        self.decide(
            subject, actor=request_actor(request), expected_version=expected, **data
        )
        return self.decided(subject)


def decision_schema(operation_id: str, summary: str, *, tags: list[str]):
    """Documents a ``DecisionView``'s POST."""

    def decorate(view):
        return extend_schema_view(
            post=extend_schema(
                operation_id=operation_id,
                summary=summary,
                tags=tags,
                parameters=[IF_MATCH],
                request=view.input_serializer_class,
                responses={
                    200: view.serializer_class,
                    **error_responses(*DECISION_ERRORS),
                },
            )
        )(view)

    return decorate
