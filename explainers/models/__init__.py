"""Explainers and everything published with them."""

from .audit import TransitionLog
from .conflict import Conflict
from .explainer import BackgroundBox, Explainer
from .listing import LiveListing, Withdrawal
from .revision import (
    Correction,
    ImmutableRecordError,
    PublishedRevision,
    RevisionSource,
)
from .statistic import Statistic
from .waiver import Waiver

__all__ = [
    "BackgroundBox",
    "Conflict",
    "Correction",
    "Explainer",
    "ImmutableRecordError",
    "LiveListing",
    "PublishedRevision",
    "RevisionSource",
    "Statistic",
    "TransitionLog",
    "Waiver",
    "Withdrawal",
]
