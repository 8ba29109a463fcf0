"""Outcome spaces, batched utilities and a scenario's arrays.

The shared ground of the bargaining, forecasting and Monte Carlo families: an
:class:`OutcomeSpace` (option products, grids, point lists, boxes;
:mod:`models.outcomes.space`), the salience-weighted utilities of every actor
over it (:func:`utilities`, streamed in bounded chunks by
:func:`iter_utilities`) and the acceptable sets (:func:`acceptable`), both in
:mod:`models.outcomes.utilities`, and the one conversion from a scenario to
arrays (:func:`scenario_arrays`, :mod:`models.outcomes.arrays`).
"""

from models.outcomes.arrays import ScenarioArrays, scenario_arrays
from models.outcomes.space import OutcomeSpace
from models.outcomes.utilities import UtilityChunk, acceptable, iter_utilities, utilities

__all__ = [
    "OutcomeSpace",
    "ScenarioArrays",
    "UtilityChunk",
    "acceptable",
    "iter_utilities",
    "scenario_arrays",
    "utilities",
]
