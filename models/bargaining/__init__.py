"""Bargaining: Pareto frontiers, the ZOPA, the registry of solutions, Rubinstein, ``bargain``.

Algorithms take a utility array of shape (n_outcomes, n_actors) (or a batch
with a leading sample axis); :func:`bargain` builds that array from a
scenario and reports every solution with its outcome and the red lines that
empty the zone of possible agreement. The solutions are those of the registry
:data:`SOLUTIONS`; each is computed by one entry point per mode, named by
``solution=``: :func:`solve` (one finite problem), :func:`solve_batch` (many
problems, e.g. Monte Carlo draws) and :func:`solve_continuous` (a box of
outcomes).

=====================================  =============================================
:mod:`models.bargaining.frontier`      :func:`pareto_frontier`, :func:`zopa`
:mod:`models.bargaining.axiomatic`     the solutions' objectives and tie rules
:mod:`models.bargaining.registry`      :data:`SOLUTIONS`: one :class:`SolutionSpec` per name
:mod:`models.bargaining.finite`        :func:`solve`, :func:`solve_batch`
:mod:`models.bargaining.continuous`    :func:`solve_continuous`
:mod:`models.bargaining.rubinstein`    :func:`rubinstein`
:mod:`models.bargaining.bargain`       :func:`bargain` and :class:`BargainResult`
:mod:`models.bargaining.montecarlo`    :class:`BargainingModel`
=====================================  =============================================
"""

from models.bargaining.bargain import (
    BargainResult,
    IssueForecast,
    SolutionOutcome,
    bargain,
)
from models.bargaining.continuous import solve_continuous
from models.bargaining.finite import solve, solve_batch
from models.bargaining.frontier import pareto_frontier, zopa
from models.bargaining.montecarlo import BargainingModel
from models.bargaining.registry import SOLUTIONS
from models.bargaining.results import ContinuousSolution, RubinsteinResult, Solution
from models.bargaining.rubinstein import rubinstein
from models.bargaining.spec import SolutionSpec

__all__ = [
    "SOLUTIONS",
    "BargainResult",
    "BargainingModel",
    "ContinuousSolution",
    "IssueForecast",
    "RubinsteinResult",
    "Solution",
    "SolutionOutcome",
    "SolutionSpec",
    "bargain",
    "pareto_frontier",
    "rubinstein",
    "solve",
    "solve_batch",
    "solve_continuous",
    "zopa",
]
