"""The one way the sources app reaches the content that cites its sources.

Sources come first: ``sources`` imports nothing of the apps whose content
cites sources (``explainers``), and an import contract in ``pyproject.toml``
(run by ``make lint``) keeps it so. A change to a source still matters to
that content: what cites the source must be reviewed again, and a source
that published content cites must be kept. The citing app installs a
``CitingContent`` at start-up (``ExplainersConfig.ready``), and the source
services ask it through the two functions below.
"""

from typing import Protocol

from newsroom.actors import Actor
from sources.models import Source


class CitingContent(Protocol):
    def source_changed(self, source: Source, *, actor: Actor) -> None:
        """Called in the transaction that changed ``source``, its row locked."""

    def deletion_refusal(self, source: Source) -> str | None:
        """Returns why ``source`` must be kept, or None when it may go."""


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
