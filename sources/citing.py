"""The one way the sources app reaches the content that cites its sources.

Sources come first: ``sources`` imports nothing of the apps whose content
cites sources (``explainers``), and an import contract in ``pyproject.toml``
(run by ``make lint``) keeps it so. A change to a source still matters to
that content: what cites the source must be reviewed again, and a source
that published content cites must be kept. The citing app installs a
``CitingContent`` at start-up (``ExplainersConfig.ready``), and the source
services, admin and API ask it through the functions below.
"""

from dataclasses import dataclass, field
from typing import Protocol

from newsroom.actors import Actor
from sources.models import Source


class CitingContent(Protocol):
    def source_changed(self, source: Source, *, actor: Actor) -> None:
        """Called in the transaction that changed ``source``, its row locked."""

    def deletion_refusal(self, source: Source) -> str | None:
        """Returns why ``source`` must be kept, or None when it may go."""

    def source_status_changed(
        self, source: Source, *, previous: str, actor: Actor
    ) -> None:
        """Called in the transaction that marked ``source`` (its row locked)
        corrected, retracted or current again; ``previous`` was its status."""

    def uses(self, source: Source, *, limit: int) -> "SourceUses":
        """Returns what cites ``source``, at most ``limit`` rows of each kind."""


@dataclass
class SourceUses:
    """What cites a source: rows of plain values, newest content first.

    ``truncated`` names the kinds that had more than the limit asked for.
    """

    statistics: list[dict] = field(default_factory=list)
    explainers: list[dict] = field(default_factory=list)
    revisions: list[dict] = field(default_factory=list)
    truncated: list[str] = field(default_factory=list)


_installed: dict[type, CitingContent] = {}


def install(citing: CitingContent) -> None:
    """Makes the source services tell ``citing`` about sources (once per kind)."""
    _installed[type(citing)] = citing


def source_changed(source: Source, *, actor: Actor) -> None:
    for citing in _installed.values():
        citing.source_changed(source, actor=actor)


def deletion_refusal(source: Source) -> str | None:
    for citing in _installed.values():
        refusal = citing.deletion_refusal(source)
        if refusal:
            return refusal
    return None


def source_status_changed(source: Source, *, previous: str, actor: Actor) -> None:
    for citing in _installed.values():
        citing.source_status_changed(source, previous=previous, actor=actor)


def uses(source: Source, *, limit: int) -> SourceUses:
    found = SourceUses()
    for citing in _installed.values():
        more = citing.uses(source, limit=limit)
        found.statistics += more.statistics
        found.explainers += more.explainers
        found.revisions += more.revisions
        found.truncated += more.truncated
    return found
