"""Bargaining: Pareto frontiers, the ZOPA, axiomatic solutions, Rubinstein, and ``bargain``.

Algorithms take a utility array of shape (n_outcomes, n_actors) (or a batch
with a leading sample axis); :func:`bargain` builds that array from a
scenario and reports every solution with its outcome and the red lines that
empty the zone of possible agreement.
"""

from models.bargaining.bargain import (
    BargainResult,
    IssueForecast,
    SolutionOutcome,
    bargain,
)
from models.bargaining.montecarlo import (
    BargainingModel,
)
from models.bargaining.solutions import (
    ContinuousSolution,
    RubinsteinResult,
    Solution,
    egalitarian,
    egalitarian_batch,
    egalitarian_continuous,
    kalai_smorodinsky,
    kalai_smorodinsky_batch,
    kalai_smorodinsky_continuous,
    nash_bargaining,
    nash_bargaining_batch,
    nash_bargaining_continuous,
    pareto_frontier,
    rubinstein,
    utilitarian,
    utilitarian_batch,
    utilitarian_continuous,
    zopa,
)

__all__ = [
    "BargainResult",
    "BargainingModel",
    "ContinuousSolution",
    "IssueForecast",
    "RubinsteinResult",
    "Solution",
    "SolutionOutcome",
    "bargain",
    "egalitarian",
    "egalitarian_batch",
    "egalitarian_continuous",
    "kalai_smorodinsky",
    "kalai_smorodinsky_batch",
    "kalai_smorodinsky_continuous",
    "nash_bargaining",
    "nash_bargaining_batch",
    "nash_bargaining_continuous",
    "pareto_frontier",
    "rubinstein",
    "utilitarian",
    "utilitarian_batch",
    "utilitarian_continuous",
    "zopa",
]
