"""The newsroom API's tokens: list, issue (from a signed-in session), revoke.

``/api/v1/newsroom/tokens/``: everyone sees their own tokens, chief editors
everyone's (``?user=<username>``); a token is issued from the admin's
session only, never with another token, so a stolen token cannot mint
longer-lived ones; its owner or a chief editor revokes it.
"""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import services
from accounts.authentication import token_of
from accounts.models import APIToken
from newsroom.actors import request_actor
from newsroom.api import converters  # noqa: F401  (registers <object_id:...>)
from newsroom.api.pagination import StandardPagination
from newsroom.api.serializers import InputSerializer, validated
from newsroom.api.views import NewsroomAPIView, error_responses

TAGS = ["newsroom: tokens"]


class TokenSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = APIToken
        fields = [
            "id",
            "name",
            "user",
            "prefix",
            "read_only",
            "can_decide",
            "status",
            "created_at",
            "expires_at",
            "revoked_at",
        ]
        read_only_fields = fields


class IssuedSerializer(TokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text="Shown only in this answer; only a digest is kept."
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class TokenInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=100)
    # A field named like a Field attribute, which the stubs type as bool.
    # A field named like a Field attribute, which the stubs type as bool.
    read_only = serializers.BooleanField(default=False)  # type: ignore[assignment]  # type: ignore[assignment]
    days = serializers.IntegerField(required=False, min_value=1, max_value=10_000)


class TokenBase(NewsroomAPIView):
    # Every staff account may manage its own tokens.
    view_permission = "accounts.view_own_tokens"
    view_permission_label = "tokens"

    def check_permissions(self, request: Request) -> None:
        user = request.user
        if not (user and user.is_authenticated):
            self.permission_denied(request)
        if not (user.is_active and user.is_staff):
            raise PermissionDenied("The newsroom API is for newsroom staff accounts.")


class TokenListView(TokenBase):
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="newsroom_tokens_list",
        summary="API tokens: yours, or everyone's for a chief editor",
        tags=TAGS,
        parameters=[OpenApiParameter("user", str, description="Owner's username.")],
        responses={200: TokenSerializer(many=True), **error_responses(401, 403, 429)},
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        tokens = APIToken.objects.select_related("user").order_by("-created_at", "-pk")
        if not services.can_manage_tokens_of_others(actor):
            tokens = tokens.filter(user=actor)
        if request.query_params.get("user"):
            tokens = tokens.filter(user__username=request.query_params["user"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(tokens, request, view=self)
        return paginator.get_paginated_response(TokenSerializer(page, many=True).data)

    @extend_schema(
        operation_id="newsroom_tokens_create",
        summary="Issue yourself a token (from a signed-in session)",
        tags=TAGS,
        request=TokenInputSerializer,
        responses={201: IssuedSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        if token_of(request) is not None:
            raise PermissionDenied(
                "Tokens are issued from a signed-in session (the admin), not "
                "with another token."
            )
        data = validated(TokenInputSerializer, request.data)
        actor = request_actor(request)
        issued = services.token_issue(
            user=actor,
            issued_by=actor,
            request=request._request,
            **data,
        )
        body = {**TokenSerializer(issued.token).data, "key": issued.key}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenDetailView(TokenBase):
    @extend_schema(
        operation_id="newsroom_tokens_revoke",
        summary="Revoke a token (yours, or anyone's for a chief editor)",
        tags=TAGS,
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, token_id: int) -> Response:
        try:
            services.token_revoke(
                token_id=token_id,
                actor=request_actor(request),
                request=request._request,
            )
        except APIToken.DoesNotExist:
            raise NotFound("No such token.") from None
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("", TokenListView.as_view(), name="newsroom-token-list"),
    path("<object_id:token_id>/", TokenDetailView.as_view(), name="newsroom-token"),
]
