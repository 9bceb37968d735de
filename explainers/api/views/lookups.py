"""Finding newsroom objects under their explainer, and answering with its version."""

from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from explainers.api import selectors
from explainers.api.serializers import (
    ExplainerSerializer,
    StatisticSerializer,
)
from explainers.models import BackgroundBox, Explainer, Statistic
from newsroom.api.etags import version_etag
from sources.models import Citation

# --- newsroom: lookups ---------------------------------------------------------------


def get_explainer(explainer_id: int, queryset=None) -> Explainer:
    queryset = queryset if queryset is not None else Explainer.objects.all()
    try:
        return queryset.get(pk=explainer_id)
    except Explainer.DoesNotExist:
        raise NotFound("No explainer with this id.") from None


def get_box(explainer_id: int, box_id: int) -> BackgroundBox:
    box = (
        BackgroundBox.objects.select_related("explainer")
        .filter(explainer_id=explainer_id, pk=box_id)
        .first()
    )
    if box is None:
        raise NotFound("This explainer has no box with this id.")
    return box


def get_statistic(explainer_id: int, statistic_id: int, queryset=None) -> Statistic:
    queryset = queryset if queryset is not None else Statistic.objects.all()
    statistic = (
        queryset.select_related("explainer")
        .filter(explainer_id=explainer_id, pk=statistic_id)
        .first()
    )
    if statistic is None:
        raise NotFound("This explainer has no statistic with this id.")
    return statistic


def get_citation(explainer_id: int, statistic_id: int, citation_id: int) -> Citation:
    citation = (
        Citation.objects.select_related("source", "statistic__explainer")
        .filter(
            pk=citation_id,
            statistic_id=statistic_id,
            statistic__explainer_id=explainer_id,
        )
        .first()
    )
    if citation is None:
        raise NotFound("This statistic has no citation with this id.")
    return citation


def current_version(explainer_id: int) -> int:
    return Explainer.objects.values_list("version", flat=True).get(pk=explainer_id)


def with_version(data, explainer_id: int, *, status_code=status.HTTP_200_OK):
    """An answer about part of an explainer, carrying the explainer's ETag."""
    return Response(
        data,
        status=status_code,
        headers={"ETag": version_etag(current_version(explainer_id))},
    )


def explainer_response(explainer_id: int, *, status_code=status.HTTP_200_OK):
    explainer = get_explainer(explainer_id, selectors.newsroom_explainer_detail())
    return Response(
        ExplainerSerializer(explainer).data,
        status=status_code,
        headers={"ETag": version_etag(explainer.version)},
    )


def statistic_response(explainer_id, statistic_id, *, status_code=status.HTTP_200_OK):
    statistic = get_statistic(
        explainer_id, statistic_id, selectors.statistics_with_citations()
    )
    return Response(
        StatisticSerializer(statistic).data,
        status=status_code,
        headers={"ETag": version_etag(statistic.explainer.version)},
    )
