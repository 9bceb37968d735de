"""Uploading and crediting images in the admin, through images.services."""

from django import forms
from django.contrib import admin
from django.core.files.storage import default_storage
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from images import processing, services
from images.models import Image
from newsroom.validators import http_url_validator


class ImageForm(forms.ModelForm):
    credit_url = forms.URLField(
        label="Credit link",
        required=False,
        assume_scheme="https",
        validators=[http_url_validator],
        help_text=Image._meta.get_field("credit_url").help_text,
    )
    upload = forms.FileField(
        required=False,
        help_text=f"JPEG, PNG or WebP, at most {processing.MAX_BYTES // 1_048_576} "
        f"MB and {processing.MAX_PIXELS // 1_000_000} million pixels, at least "
        f"{processing.MIN_WIDTH} pixels wide. Location and camera data are "
        "removed.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )

    class Meta:
        model = Image
        fields = ["alt_text", "caption", "credit", "licence", "credit_url"]
        widgets = {
            "alt_text": forms.Textarea(attrs={"rows": 2}),
            "caption": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if self.instance.pk is None and not upload:
            raise forms.ValidationError("Choose a picture to upload.")
        if upload:
            # The same checks the service makes, before anything is written.
            processing.open_upload(services._read(upload))
        return upload


@admin.register(Image)
class ImageAdmin(SimpleHistoryAdmin):
    form = ImageForm
    list_display = ["thumbnail", "token", "alt_text", "credit", "complete"]
    list_display_links = ["thumbnail", "token"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "token", "size", "uploaded_by", "created_at"]

    def get_fields(self, request, obj=None):
        text = ["alt_text", "caption", "credit", "licence", "credit_url"]
        if obj is None:
            return ["upload", *text]
        return ["preview", "token", "size", *text, "uploaded_by", "created_at"]

    def has_delete_permission(self, request, obj=None):
        # Published revisions keep pointing to an image's files: like a
        # source, an image stays once uploaded.
        return False

    @admin.display(description="")
    def thumbnail(self, obj):
        smallest = min(obj.renditions, key=lambda r: r["width"], default=None)
        name = smallest["name"] if smallest else obj.file.name
        return format_html(
            '<img src="{}" alt="" width="120" style="height:auto">',
            default_storage.url(name),
        )

    @admin.display(description="Picture")
    def preview(self, obj):
        return self.thumbnail(obj)

    @admin.display(description="Place it in a body or box with")
    def token(self, obj):
        return format_html("<code>{}</code>", obj.token) if obj.pk else "—"

    @admin.display(description="Size")
    def size(self, obj):
        return f"{obj.width} × {obj.height} pixels, {len(obj.renditions)} renditions"

    @admin.display(description="Ready to publish", boolean=True)
    def complete(self, obj):
        return not obj.missing()

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.TEXT_FIELDS}
        if change:
            saved = services.image_update(
                actor=request.user, image_id=obj.pk, data=data
            )
        else:
            saved = services.image_create(
                actor=request.user, upload=form.cleaned_data["upload"], data=data
            )
        # The admin's messages and redirect read the saved row.
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)
