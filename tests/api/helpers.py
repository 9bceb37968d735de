"""What the API tests compare: the whole editorial state, before and after."""

from dataclasses import dataclass

from explainers.models import (
    BackgroundBox,
    Correction,
    Explainer,
    PublishedRevision,
    Statistic,
    TransitionLog,
)
from sources.models import Citation, Source


@dataclass(frozen=True)
class World:
    """Everything a refused request must leave exactly as it was."""

    explainers: tuple
    boxes: tuple
    statistics: tuple
    citations: tuple
    sources: tuple
    transition_logs: int
    revisions: int
    corrections: int
    history_rows: int


def world() -> World:
    return World(
        explainers=tuple(
            Explainer.objects.order_by("pk").values_list(
                "pk", "title", "slug", "body", "state", "version", "live_revision_id"
            )
        ),
        boxes=tuple(
            BackgroundBox.objects.order_by("pk").values_list(
                "pk", "title", "body", "position"
            )
        ),
        statistics=tuple(
            Statistic.objects.order_by("pk").values_list(
                "pk", "key", "claim", "display_text", "value", "review_state"
            )
        ),
        citations=tuple(
            Citation.objects.order_by("pk").values_list("pk", "source", "locator")
        ),
        sources=tuple(Source.objects.order_by("pk").values_list("pk", "title", "url")),
        transition_logs=TransitionLog.objects.count(),
        revisions=PublishedRevision.objects.count(),
        corrections=Correction.objects.count(),
        history_rows=sum(
            model.history.count()
            for model in (Explainer, BackgroundBox, Statistic, Citation, Source)
        ),
    )


def assert_error(response, status: int, code: str, message: str | None = None):
    """The answer is the API's one error shape with this status and code."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"code", "message", "errors"}, body
    assert body["code"] == code, body
    assert isinstance(body["errors"], dict)
    if message is not None:
        assert body["message"] == message, body
    return body
