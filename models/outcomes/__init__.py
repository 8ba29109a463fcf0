"""Outcome spaces, batched utilities and a scenario's arrays.

The shared ground of the bargaining, forecasting and Monte Carlo families: an
:class:`OutcomeSpace` (option products, grids, point lists, boxes), the
salience-weighted utilities of every actor over it (:func:`utilities`,
streamed in bounded chunks by :func:`iter_utilities`), the acceptable sets
(:func:`acceptable`) and the one conversion from a scenario to arrays
(:func:`scenario_arrays`).
"""

from models.outcomes.space import (
    OutcomeSpace,
    ScenarioArrays,
    UtilityChunk,
    acceptable,
    iter_utilities,
    scenario_arrays,
    utilities,
)

__all__ = [
    "OutcomeSpace",
    "ScenarioArrays",
    "UtilityChunk",
    "acceptable",
    "iter_utilities",
    "scenario_arrays",
    "utilities",
]
