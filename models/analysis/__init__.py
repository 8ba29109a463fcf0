"""The main job: every model on one scenario (:func:`analyze`), its report, the ``stances`` CLI."""

from models.analysis.analyze import (
    Analysis,
    analyze,
)
from models.analysis.report import (
    Report,
)

__all__ = [
    "Analysis",
    "Report",
    "analyze",
]
