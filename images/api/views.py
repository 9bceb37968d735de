"""Views of the images API: upload (multipart), list, read, edit the words.

Thin like the other newsroom views: validate the shape, call
``images.services``, which checks the picture and writes.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from images import processing, services
from images.api.serializers import (
    ImageSerializer,
    ImageTextInputSerializer,
    ImageUploadInputSerializer,
)
from images.models import Image
from newsroom.api.created import LOCATION, location
from newsroom.api.errors import PayloadTooLarge, too_large_message
from newsroom.api.pagination import StandardPagination
from newsroom.api.parsers import LimitedJSONParser
from newsroom.api.serializers import validated
from newsroom.api.views import READ_ERRORS, NewsroomAPIView, error_responses

TAG = ["newsroom: images"]
WRITE_ERRORS = (400, 401, 403, 404, 413, 429)
# The picture and a few form fields.
MAX_UPLOAD_BODY = processing.MAX_BYTES + 64 * 1024


def get_image(image_id: int) -> Image:
    image = Image.objects.select_related("uploaded_by").filter(pk=image_id).first()
    if image is None:
        raise NotFound("No image with this id.")
    return image


class ImageListView(NewsroomAPIView):
    view_permission = "images.view_image"
    view_permission_label = "images"
    pagination_class = StandardPagination
    parser_classes = (MultiPartParser,)

    @extend_schema(
        operation_id="newsroom_images_list",
        summary="Uploaded images, newest first",
        tags=TAG,
        responses={200: ImageSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request):
        images = Image.objects.select_related("uploaded_by").order_by("-id")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(images, request, view=self)
        return paginator.get_paginated_response(
            ImageSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        operation_id="newsroom_images_create",
        summary="Upload an image (multipart/form-data)",
        tags=TAG,
        request={"multipart/form-data": ImageUploadInputSerializer},
        responses={201: ImageSerializer, **error_responses(*WRITE_ERRORS)},
        parameters=[LOCATION],
    )
    def post(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_UPLOAD_BODY:
            # Refused before the body is read.
            raise PayloadTooLarge(too_large_message(MAX_UPLOAD_BODY))
        # A form's fields, one value each; an empty body parses as a plain
        # dict, which then fails validation for its missing file.
        body = request.data
        fields = body.dict() if hasattr(body, "dict") else dict(body)
        data = validated(ImageUploadInputSerializer, fields)
        upload = data.pop("file")
        image = services.image_create(actor=request.user, upload=upload, data=data)
        return Response(
            ImageSerializer(image, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": location(request, "newsroom-image", image_id=image.pk)
            },
        )


class ImageDetailView(NewsroomAPIView):
    view_permission = "images.view_image"
    view_permission_label = "images"
    parser_classes = (LimitedJSONParser,)

    @extend_schema(
        operation_id="newsroom_images_retrieve",
        summary="One image",
        tags=TAG,
        responses={200: ImageSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, image_id):
        image = get_image(image_id)
        return Response(ImageSerializer(image, context={"request": request}).data)

    @extend_schema(
        operation_id="newsroom_images_partial_update",
        summary="Change an image's alt text, caption or credit",
        tags=TAG,
        request=ImageTextInputSerializer(partial=True),
        responses={200: ImageSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, image_id):
        get_image(image_id)
        data = validated(ImageTextInputSerializer, request.data, partial=True)
        image = services.image_update(actor=request.user, image_id=image_id, data=data)
        return Response(ImageSerializer(image, context={"request": request}).data)
