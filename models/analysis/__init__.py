"""The main job: every model on one scenario (:func:`analyze`), its report, the ``stances`` CLI."""

from typing import TYPE_CHECKING

from models._lazy import lazy_attributes

if TYPE_CHECKING:
    from models.analysis.analyze import (
        Analysis,
        analyze,
    )
    from models.analysis.report import (
        Report,
    )


_NAMES = {
    "Analysis": "models.analysis.analyze",
    "analyze": "models.analysis.analyze",
    "Report": "models.analysis.report",
}
"""The module that defines each public name (imported on first use)."""

__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    _NAMES,
    (
        "cli",
        "explain",
        "report",
        "report_sections",
        "summary",
        "titles",
    ),
)

__all__ = [
    "Analysis",
    "Report",
    "analyze",
]
