"""Serializers of the explainers API.

Three kinds, never mixed:

- **public** serializers describe answers built only from a live
  ``PublishedRevision`` (its ``content`` and ``html``) and its corrections, so
  they cannot reach a draft field;
- **newsroom output** serializers describe the working copy for staff;
- **input** serializers validate a request body's shape and types; the view
  hands ``validated_data`` to a service, which writes.
"""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from rest_framework import serializers

from explainers.digest import review_is_current
from explainers.models import BackgroundBox, Conflict, Explainer, Statistic
from explainers.models.explainer import MAX_BODY_CHARS, MAX_BOX_CHARS
from images.models import Image
from newsroom.api.serializers import InputSerializer, ProblemSerializer
from sources.api.serializers import CitationSerializer

# --- public: live revisions only ------------------------------------------------


class PublicConflictSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


# A public list item is live, or (with updated_since) withdrawn.
PUBLIC_STATES = ["published", "archived"]


class PublicExplainerSummarySerializer(serializers.Serializer):
    """One explainer in the public list: a live one, or (only with
    ``updated_since``) one withdrawn since then, to be taken down."""

    id = serializers.IntegerField(
        help_text="Stable identifier: keep copies by it (a slug can change "
        "when a new revision is published)."
    )
    slug = serializers.CharField()
    title = serializers.CharField()
    standfirst = serializers.CharField()
    conflict = PublicConflictSerializer(allow_null=True)
    authors = serializers.ListField(child=serializers.CharField())
    revision = serializers.IntegerField(
        help_text="Number of the live revision (of the last one, when archived)."
    )
    state = serializers.ChoiceField(
        choices=PUBLIC_STATES,
        help_text="archived: withdrawn from the site; remove your copy.",
    )
    archived = serializers.BooleanField(help_text='True when state is "archived".')
    first_published_at = serializers.DateTimeField(
        help_text="When the explainer was first published."
    )
    published_at = serializers.DateTimeField(
        help_text="When the live (or last) revision was published."
    )
    updated_at = serializers.DateTimeField(
        help_text="When what the API answers last changed: the live revision's "
        "publication, or the withdrawal. Filter with updated_since."
    )
    url = serializers.URLField(
        help_text="The explainer's page on the public site (absolute)."
    )
    api_url = serializers.URLField(help_text="This explainer in the API (absolute).")


class PublicNoticeSerializer(serializers.Serializer):
    source_id = serializers.IntegerField()
    status = serializers.CharField()
    note = serializers.CharField()
    date = serializers.DateField(allow_null=True)


class PublicSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(
        allow_null=True, help_text="Footnote number on the page."
    )
    kind = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    authors = serializers.ListField(child=serializers.CharField())
    published_date = serializers.DateField(allow_null=True)
    url = serializers.CharField()
    doi = serializers.CharField()
    archive_url = serializers.CharField()
    archive_date = serializers.DateField(allow_null=True)
    link_status = serializers.CharField()
    accessed_date = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    reliability = serializers.CharField()
    notice = PublicNoticeSerializer(
        allow_null=True,
        required=False,
        help_text="Set when the source was retracted after publication.",
    )


class PublicCitationSerializer(serializers.Serializer):
    locator = serializers.CharField()
    quote = serializers.CharField()
    # A declared field leaves the class (DRF's metaclass collects it), so it
    # does not hide ``Field.source``; the stubs cannot tell.
    source = PublicSourceSerializer()  # type: ignore[assignment]


class PublicStatisticSerializer(serializers.Serializer):
    key = serializers.CharField()
    claim = serializers.CharField()
    display_text = serializers.CharField()
    value = serializers.CharField(
        allow_null=True, help_text="Decimal number as a string, or null."
    )
    unit = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    reviewed_by = serializers.CharField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    citations = PublicCitationSerializer(many=True)
    notices = PublicNoticeSerializer(
        many=True,
        required=False,
        help_text="Sources of this figure retracted since it was published; "
        "cleared when a correction is published.",
    )


class PublicBoxSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    position = serializers.IntegerField()
    body = serializers.CharField(
        help_text="Plain text as readers read it: figures as printed, no markup."
    )
    html = serializers.CharField(help_text="Rendered, sanitised HTML.")


class PublicCorrectionSerializer(serializers.Serializer):
    text = serializers.CharField()
    revision = serializers.IntegerField(
        help_text="The revision that made the correction."
    )
    published_at = serializers.DateTimeField(
        help_text="When that revision was published."
    )


class PublicRenditionSerializer(serializers.Serializer):
    url = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField(help_text="webp, jpeg or png.")


class PublicImageSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="The widest rendition, absolute.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField(help_text="Who made it.")
    licence = serializers.CharField()
    credit_url = serializers.CharField()
    renditions = PublicRenditionSerializer(many=True)


class PublicKeyFigureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The statistic's key in `statistics`.")
    display_text = serializers.CharField()
    claim = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    source_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids in `sources`."
    )


class PublicExplainerSerializer(PublicExplainerSummarySerializer):
    """A live explainer as published, with everything readers see."""

    body = serializers.CharField(
        help_text="The body as plain text, as readers read it: figures as "
        "printed, no markup, no footnote marks (never a raw token)."
    )
    html = serializers.CharField(
        help_text="Rendered, sanitised HTML of the body; [[stat:KEY]] tokens "
        "become figures with footnote marks linking to the sources list on "
        "`url`; every link is absolute."
    )
    reviewed_by = serializers.CharField(allow_null=True)
    boxes = PublicBoxSerializer(many=True)
    statistics = PublicStatisticSerializer(many=True)
    sources = PublicSourceSerializer(many=True)
    lead_image = PublicImageSerializer(
        allow_null=True, help_text="Shown under the headline, or null."
    )
    key_figures = PublicKeyFigureSerializer(
        many=True, help_text="The statistics of the Key figures panel, in order."
    )
    corrections = PublicCorrectionSerializer(many=True)


class PublicListFilterSerializer(serializers.Serializer):
    """Query parameters of the public list (others, like cache-busters, ignored)."""

    conflict = serializers.SlugField(
        required=False, help_text="Only explainers filed under this conflict slug."
    )
    updated_since = serializers.DateTimeField(
        required=False,
        help_text="ISO 8601 date-time, for incremental sync: only explainers "
        "published at or after it, and those withdrawn since then (state "
        '"archived"; not with q).',
    )
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Words searched in the published title, standfirst and body "
        "(empty: no filter).",
    )
    cursor = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Where the page starts: the cursor in the previous page's "
        "`next` link.",
    )
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class PublicExplainerPageSerializer(serializers.Serializer):
    """A page of the public list; follow ``next`` until it is null."""

    next = serializers.URLField(
        allow_null=True, help_text="The next page (absolute), or null at the end."
    )
    results = PublicExplainerSummarySerializer(many=True)


# --- newsroom output ----------------------------------------------------------------


class UsernameField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        super().__init__(**kwargs)


class BoxSerializer(serializers.ModelSerializer):
    class Meta:
        model = BackgroundBox
        fields = ["id", "explainer", "kind", "title", "body", "position"]
        read_only_fields = fields


class StatisticSerializer(serializers.ModelSerializer):
    created_by = UsernameField(read_only=True)
    last_edited_by = UsernameField(read_only=True)
    reviewed_by = UsernameField(read_only=True)
    review_current = serializers.SerializerMethodField(
        help_text="True when an approval or rejection still matches the content."
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Statistic
        fields = [
            "id",
            "explainer",
            "key",
            "claim",
            "display_text",
            "value",
            "unit",
            "as_of",
            "key_figure",
            "figure_kind",
            "review_interval_days",
            "review_due",
            "review_state",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "review_current",
            "citations",
            "created_by",
            "last_edited_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_review_current(self, statistic: Statistic) -> bool:
        if statistic.review_state == Statistic.ReviewState.PENDING:
            return False
        return review_is_current(statistic, list(statistic.citations.all()))


class ExplainerSummarySerializer(serializers.ModelSerializer):
    conflict: serializers.SlugRelatedField[Conflict] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    authors = UsernameField(many=True, read_only=True)
    created_by = UsernameField(read_only=True)
    last_edited_by = UsernameField(read_only=True)
    live_revision = serializers.IntegerField(
        source="live_revision_number",
        read_only=True,
        allow_null=True,
        help_text="Number of the revision readers see, or null.",
    )

    class Meta:
        model = Explainer
        fields = [
            "id",
            "title",
            "slug",
            "standfirst",
            "conflict",
            "authors",
            "state",
            "version",
            "live_revision",
            "created_by",
            "last_edited_by",
            "created_at",
            "updated_at",
            "first_published_at",
        ]
        read_only_fields = fields


class ExplainerSerializer(ExplainerSummarySerializer):
    """The working copy with its boxes and statistics (and their citations)."""

    boxes = BoxSerializer(many=True, read_only=True)
    statistics = StatisticSerializer(many=True, read_only=True)
    scheduled_by = UsernameField(read_only=True)

    class Meta(ExplainerSummarySerializer.Meta):
        fields = [
            *ExplainerSummarySerializer.Meta.fields,
            "body",
            "correction_note",
            "lead_image",
            "boxes",
            "statistics",
            "scheduled_publish_at",
            "scheduled_archive_at",
            "scheduled_by",
        ]
        read_only_fields = fields


class ChecksSerializer(serializers.Serializer):
    publishable = serializers.BooleanField(
        help_text="True when no problem of severity error remains."
    )
    problems = ProblemSerializer(many=True)


class HistoryRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True)
    type = serializers.ChoiceField(
        choices=["created", "changed", "deleted"],
    )
    reason = serializers.CharField(allow_null=True)
    changed_fields = serializers.ListField(child=serializers.CharField())
    state = serializers.CharField()
    version = serializers.IntegerField()


class TransitionLogSerializer(serializers.Serializer):
    transition = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField(
        allow_null=True, source="actor.username", default=None
    )
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class HistorySerializer(serializers.Serializer):
    records = HistoryRecordSerializer(
        many=True, help_text="Every saved version of the explainer, newest first."
    )
    transitions = TransitionLogSerializer(
        many=True, help_text="The workflow audit trail, newest first."
    )


# --- input -------------------------------------------------------------------


def _active_users():
    return get_user_model().objects.filter(is_active=True)


class ExplainerInputSerializer(InputSerializer):
    title = serializers.CharField(max_length=200)
    slug = serializers.SlugField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Made from the title when omitted or empty (unique: "
        "title-words, title-words-2, ...).",
    )
    standfirst = serializers.CharField(max_length=600, allow_blank=True, default="")
    body = serializers.CharField(
        max_length=MAX_BODY_CHARS, allow_blank=True, default=""
    )
    conflict = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Conflict.objects.all(),
        allow_null=True,
        default=None,
        help_text="Slug of the conflict or topic.",
    )
    correction_note = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        default="",
        help_text="For readers, published with the next revision when it "
        "corrects a published figure; reviewed with the version.",
    )
    authors = UsernameField(
        many=True,
        queryset=_active_users(),
        required=False,
        help_text="Usernames; on create, defaults to the writer.",
    )
    lead_image = serializers.PrimaryKeyRelatedField(
        queryset=Image.objects.all(),
        allow_null=True,
        default=None,
        help_text="Id of an uploaded image (/api/v1/newsroom/images/), shown "
        "under the headline, or null.",
    )


class ExplainerUpdateInputSerializer(ExplainerInputSerializer):
    slug = serializers.SlugField(max_length=200)
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        write_only=True,
        help_text="The version the change is based on (like If-Match); a "
        "different current version answers 412.",
    )


class BoxInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(
        choices=BackgroundBox.Kind.choices, default=BackgroundBox.Kind.CONTEXT
    )
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=MAX_BOX_CHARS)
    position = serializers.IntegerField(min_value=0, max_value=32767, default=0)


class StatisticInputSerializer(InputSerializer):
    key = serializers.CharField(max_length=64)
    claim = serializers.CharField(max_length=1000)
    display_text = serializers.CharField(max_length=200)
    value = serializers.DecimalField(
        max_digits=20, decimal_places=4, allow_null=True, default=None
    )
    unit = serializers.CharField(max_length=50, allow_blank=True, default="")
    as_of = serializers.DateField(allow_null=True, default=None)
    key_figure = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        allow_null=True,
        default=None,
        help_text="Position in the page's Key figures panel (1 first), or null.",
    )
    figure_kind = serializers.ChoiceField(
        choices=Statistic.FigureKind.choices,
        default=Statistic.FigureKind.OTHER,
        help_text="Sets the default review interval after the as-of date.",
    )
    review_interval_days = serializers.IntegerField(
        min_value=1,
        max_value=36500,
        allow_null=True,
        default=None,
        help_text="Overrides the default interval of its kind.",
    )


class CommentInputSerializer(InputSerializer):
    comment = serializers.CharField(
        max_length=5000, allow_blank=True, required=False, default=""
    )


class RequestChangesInputSerializer(InputSerializer):
    comment = serializers.CharField(
        max_length=5000, help_text="What needs to change (required)."
    )


class ScheduleInputSerializer(InputSerializer):
    action = serializers.ChoiceField(
        choices=["publish", "unpublish"],
        help_text="publish (reviewer: an approved explainer) or unpublish (chief).",
    )
    at = serializers.DateTimeField(
        help_text="When, with its time zone (ISO 8601), e.g. 2027-01-05T06:00:00Z."
    )


class UnscheduleInputSerializer(InputSerializer):
    action = serializers.ChoiceField(choices=["publish", "unpublish"])


class PublishInputSerializer(CommentInputSerializer):
    def to_internal_value(self, data):
        if isinstance(data, Mapping) and "correction" in data:
            # Publishing adds no public text that no reviewer has read.
            raise serializers.ValidationError(
                {
                    "correction": "Publishing takes no correction text. Write the "
                    "note in the explainer's correction_note, where it is "
                    "reviewed with the version, then publish."
                }
            )
        return super().to_internal_value(data)


class ReviewNoteInputSerializer(InputSerializer):
    note = serializers.CharField(
        max_length=5000, allow_blank=True, required=False, default=""
    )


class RejectInputSerializer(InputSerializer):
    note = serializers.CharField(max_length=5000, help_text="Why it is rejected.")


class FindingSerializer(serializers.Serializer):
    """A number-bearing phrase the detector found outside statistic tokens."""

    fingerprint = serializers.CharField()
    field = serializers.CharField(
        help_text="title, standfirst, body, box_title, box_body"
    )
    box = serializers.IntegerField(allow_null=True)
    offset = serializers.IntegerField()
    phrase = serializers.CharField()
    sentence = serializers.CharField()
    waived = serializers.BooleanField()


class WaiveInputSerializer(InputSerializer):
    reason = serializers.CharField(
        max_length=2000, help_text="Why this number is not a statistic (required)."
    )


class MakeStatisticInputSerializer(InputSerializer):
    key = serializers.CharField(
        max_length=64,
        allow_blank=True,
        required=False,
        default="",
        help_text="Defaults to one made from the phrase.",
    )
    claim = serializers.CharField(
        max_length=1000,
        allow_blank=True,
        required=False,
        default="",
        help_text="Defaults to the sentence the phrase is in.",
    )
