"""The main job: every model on one scenario (:func:`analyze`), its report, the ``stances`` CLI.

And interactive what-ifs (:func:`explore`): sliders that re-run bargaining and forecasts.
"""

from typing import TYPE_CHECKING

from models._lazy import lazy_attributes

if TYPE_CHECKING:
    from models.analysis.analyze import (
        Analysis,
        analyze,
    )
    from models.analysis.explore import Explorer, Knob, explore
    from models.analysis.explore_results import MonteCarloComparison, WhatIfResult
    from models.analysis.report import (
        Report,
    )


_NAMES = {
    "Analysis": "models.analysis.analyze",
    "analyze": "models.analysis.analyze",
    "Report": "models.analysis.report",
    "Explorer": "models.analysis.explore",
    "Knob": "models.analysis.explore",
    "explore": "models.analysis.explore",
    "MonteCarloComparison": "models.analysis.explore_results",
    "WhatIfResult": "models.analysis.explore_results",
}
"""The module that defines each public name (imported on first use)."""

__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    _NAMES,
    (
        "cli",
        "explain",
        "explore_results",
        "explore_widget",
        "report",
        "report_sections",
        "summary",
        "titles",
    ),
)

__all__ = [
    "Analysis",
    "Explorer",
    "Knob",
    "MonteCarloComparison",
    "Report",
    "WhatIfResult",
    "analyze",
    "explore",
]
