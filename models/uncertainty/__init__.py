"""Uncertainty: inputs, samplers, the Monte Carlo engine, sensitivity, scenario discovery.

SALib's shape: declare (:func:`uncertain`), sample (:func:`sample`), evaluate
(:func:`monte_carlo`, any array-in/array-out model) and analyse
(:func:`sobol_indices`, :func:`morris_screening`, :func:`prim`).
"""

from models.uncertainty.discovery import (
    PrimResult,
    prim,
)
from models.uncertainty.inputs import (
    ScenarioBatch,
    UncertainInput,
    UncertainInputs,
    ppf,
    uncertain,
)
from models.uncertainty.montecarlo import (
    SAMPLERS,
    Convergence,
    MCEstimate,
    MonteCarloResult,
    monte_carlo,
    sample,
)
from models.uncertainty.sensitivity import (
    MorrisScreening,
    SobolIndices,
    morris_screening,
    sobol_indices,
)

__all__ = [
    "SAMPLERS",
    "Convergence",
    "MCEstimate",
    "MonteCarloResult",
    "MorrisScreening",
    "PrimResult",
    "ScenarioBatch",
    "SobolIndices",
    "UncertainInput",
    "UncertainInputs",
    "monte_carlo",
    "morris_screening",
    "ppf",
    "prim",
    "sample",
    "sobol_indices",
    "uncertain",
]
