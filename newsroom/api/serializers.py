"""Serializer building blocks shared by the apps' APIs."""

from collections.abc import Mapping

from rest_framework import serializers


class InputSerializer(serializers.Serializer):
    """Validates a request body's shape; a field it does not declare is refused.

    Input serializers only validate: the view passes ``validated_data`` to a
    service, which is the one place that writes.
    """

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field."] for name in unknown}
                )
        return super().to_internal_value(data)


def validated(serializer_class, data, *, partial: bool = False, **kwargs) -> dict:
    serializer = serializer_class(data=data, partial=partial, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ProblemSerializer(serializers.Serializer):
    """One problem of the publication gate (``explainers.gate.Problem``)."""

    code = serializers.CharField()
    message = serializers.CharField()
    fix = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    location = serializers.DictField(
        help_text="Where the problem is: field, box, statistic, offset, source."
    )


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error answer."""

    code = serializers.CharField(
        help_text="Stable machine-readable code, e.g. invalid, parse_error, "
        "permission_denied, invalid_transition, publication_blocked, stale_write."
    )
    message = serializers.CharField(help_text="What went wrong, for a person.")
    # Declared fields leave the class (DRF's metaclass collects them), so
    # this does not hide ``Serializer.errors``; the stubs cannot tell.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name → messages (non_field_errors for the whole body).",
    )
    problems = ProblemSerializer(
        many=True,
        required=False,
        help_text="Only on a publish refused by the publication gate (409).",
    )
