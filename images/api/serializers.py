"""Serializers of the images API: output, and input that only validates."""

from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from rest_framework import serializers

from images import processing
from images.models import Image
from newsroom.api.serializers import InputSerializer


class RenditionSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField(help_text="webp, jpeg or png.")

    def get_url(self, rendition: dict) -> str:
        return self.context["request"].build_absolute_uri(
            default_storage.url(rendition["name"])
        )


class ImageSerializer(serializers.ModelSerializer):
    token = serializers.CharField(
        read_only=True, help_text="Type it on a line of its own to place the image."
    )
    url = serializers.SerializerMethodField(help_text="The stored original.")
    renditions = RenditionSerializer(many=True, read_only=True)
    uploaded_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    missing = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="What the gate needs before an explainer may show it.",
    )

    class Meta:
        model = Image
        fields = [
            "id",
            "token",
            "url",
            "width",
            "height",
            "alt_text",
            "caption",
            "credit",
            "licence",
            "credit_url",
            "missing",
            "renditions",
            "uploaded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_url(self, image: Image) -> str:
        return self.context["request"].build_absolute_uri(
            default_storage.url(image.file.name)
        )


class ImageTextInputSerializer(InputSerializer):
    alt_text = serializers.CharField(max_length=300, allow_blank=True, default="")
    caption = serializers.CharField(max_length=1000, allow_blank=True, default="")
    credit = serializers.CharField(max_length=200, allow_blank=True, default="")
    licence = serializers.ChoiceField(
        choices=Image.Licence.choices, allow_blank=True, default=""
    )
    credit_url = serializers.URLField(allow_blank=True, default="")


class ImageUploadInputSerializer(ImageTextInputSerializer):
    file = serializers.FileField(
        help_text=f"JPEG, PNG or WebP, at most {processing.MAX_BYTES // 1_048_576} "
        f"MB and {processing.MAX_PIXELS // 1_000_000} million pixels."
    )
