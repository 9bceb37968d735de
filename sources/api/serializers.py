"""Serializers of the sources API: newsroom output and input, kept separate."""

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsroom.api.serializers import InputSerializer
from sources.models import Citation, Source


class CitationSerializer(serializers.ModelSerializer):
    source_title = serializers.CharField(source="source.__str__", read_only=True)

    class Meta:
        model = Citation
        fields = [
            "id",
            "statistic",
            "source",
            "source_title",
            "locator",
            "quote",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    authors = serializers.ListField(
        source="author_list", child=serializers.CharField(), read_only=True
    )
    created_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    status_changed_by: serializers.SlugRelatedField[User] = (
        serializers.SlugRelatedField(slug_field="username", read_only=True)
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "kind",
            "title",
            "publisher",
            "authors",
            "published_date",
            "url",
            "doi",
            "archive_url",
            "archive_date",
            "link_status",
            "accessed_date",
            "language",
            "reliability",
            "reliability_note",
            "status",
            "status_note",
            "status_changed_at",
            "status_changed_by",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SourceUseSerializer(serializers.Serializer):
    statistic = serializers.IntegerField(source="statistic_id")
    key = serializers.CharField(source="statistic__key")
    explainer = serializers.IntegerField(source="statistic__explainer_id")
    explainer_title = serializers.CharField(source="statistic__explainer__title")


class SourceDetailSerializer(SourceSerializer):
    used_by = serializers.SerializerMethodField(
        help_text="The statistics (and their explainers) citing this source."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "used_by"]
        read_only_fields = fields

    @extend_schema_field(SourceUseSerializer(many=True))
    def get_used_by(self, source: Source) -> list[dict]:
        uses = (
            source.citations.order_by("statistic_id")
            .values(
                "statistic_id",
                "statistic__key",
                "statistic__explainer_id",
                "statistic__explainer__title",
            )
            .distinct()
        )
        return list(SourceUseSerializer(uses, many=True).data)


class UsingStatisticSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    display_text = serializers.CharField()
    review_state = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    review_due = serializers.DateField(
        allow_null=True, help_text="Past this date the figure is stale."
    )
    explainer_id = serializers.IntegerField()
    explainer_title = serializers.CharField()


class UsingExplainerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    state = serializers.CharField()
    draft_cites = serializers.BooleanField(
        help_text="A statistic of its current version cites the source."
    )
    live_cites = serializers.BooleanField(
        help_text="The revision readers see cites the source."
    )


class UsingRevisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    explainer_id = serializers.IntegerField()
    explainer_title = serializers.CharField()
    live = serializers.BooleanField(help_text="The revision readers see now.")


class SourceUsesSerializer(serializers.Serializer):
    # A declared field leaves the class (DRF's metaclass collects it), so it
    # does not hide ``Field.source``; the stubs cannot tell.
    source = serializers.IntegerField()  # type: ignore[assignment]
    statistics = UsingStatisticSerializer(many=True)
    explainers = UsingExplainerSerializer(many=True)
    revisions = UsingRevisionSerializer(many=True)
    truncated = serializers.ListField(
        child=serializers.ChoiceField(["statistics", "explainers", "revisions"]),
        help_text="Lists cut at the limit (500 rows each).",
    )


class SourceStatusInputSerializer(InputSerializer):
    status = serializers.ChoiceField(choices=Source.Status.choices)
    note = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        default="",
        help_text="Required when corrected or retracted: what happened.",
    )


class CitationInputSerializer(InputSerializer):
    # A declared field leaves the class (DRF's metaclass collects it), so it
    # does not hide ``Field.source``; the stubs cannot tell.
    source = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Source.objects.all(), help_text="Id of a recorded source."
    )
    locator = serializers.CharField(
        max_length=200,
        allow_blank=True,
        default="",
        help_text="Page, section, paragraph or timestamp.",
    )
    quote = serializers.CharField(
        max_length=10_000,
        allow_blank=True,
        default="",
        help_text="The passage that supports the number.",
    )


class SourceInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=Source.Kind.choices)
    title = serializers.CharField(max_length=300)
    publisher = serializers.CharField(max_length=200, allow_blank=True, default="")
    authors = serializers.ListField(
        child=serializers.RegexField(r"^[^\r\n]+$", max_length=200),
        max_length=100,
        default=list,
        help_text="One name per item.",
    )
    published_date = serializers.DateField(allow_null=True, default=None)
    url = serializers.URLField(
        max_length=2000,
        allow_blank=True,
        default="",
        help_text="http or https only; web sources need accessed_date.",
    )
    doi = serializers.CharField(max_length=200, allow_blank=True, default="")
    archive_url = serializers.URLField(max_length=2000, allow_blank=True, default="")
    archive_date = serializers.DateField(allow_null=True, default=None)
    link_status = serializers.ChoiceField(
        choices=Source.LinkStatus.choices, default=Source.LinkStatus.LIVE
    )
    accessed_date = serializers.DateField(allow_null=True, default=None)
    language = serializers.CharField(max_length=35, default="en")
    reliability = serializers.ChoiceField(
        choices=Source.Reliability.choices, default=Source.Reliability.UNRATED
    )
    reliability_note = serializers.CharField(
        max_length=5000, allow_blank=True, default=""
    )

    def validate_authors(self, value: list[str]) -> str:
        # The model keeps one author per line.
        return "\n".join(name.strip() for name in value if name.strip())
