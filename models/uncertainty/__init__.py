"""Uncertainty: inputs, samplers, the Monte Carlo engine, sensitivity, scenario discovery.

SALib's shape: declare (:func:`uncertain`), sample (:func:`sample`), evaluate
(:func:`monte_carlo`, any array-in/array-out model) and analyse
(:func:`sobol_indices`, :func:`morris_screening`, :func:`prim`). The engine
runs design (:mod:`~models.uncertainty.samplers`, the :data:`SAMPLERS`
registry) -> evaluate (:func:`evaluate`) -> estimate
(:mod:`~models.uncertainty.estimates`) and knows no model family: each
family's ready-made models live in its own ``montecarlo`` module.

=========================================  ==========================================
:mod:`~models.uncertainty.distributions`   the quantile functions (:func:`ppf`)
:mod:`~models.uncertainty.paths`           scenario paths and where an input lands
:mod:`~models.uncertainty.inputs`          :func:`uncertain`, :class:`UncertainInputs`
:mod:`~models.uncertainty.coders`          :func:`with_codings`: a mixture over coders
:mod:`~models.uncertainty.agreement`       :func:`agreement`: Krippendorff's alpha, spread
:mod:`~models.uncertainty.batch`           :class:`ScenarioBatch`
:mod:`~models.uncertainty.samplers`        the designs and the :data:`SAMPLERS` registry
:mod:`~models.uncertainty.montecarlo`      :func:`sample`, :func:`evaluate`, :func:`monte_carlo`
:mod:`~models.uncertainty.estimates`       :class:`MCEstimate`, :class:`Convergence`, intervals
:mod:`~models.uncertainty.results`         :class:`MonteCarloResult`
:mod:`~models.uncertainty.sensitivity`     Sobol indices, Morris screening
:mod:`~models.uncertainty.discovery`       PRIM
=========================================  ==========================================
"""

from models.uncertainty.agreement import AgreementResult, agreement, krippendorff_alpha
from models.uncertainty.batch import ScenarioBatch
from models.uncertainty.coders import CODER_INPUT, CoderMixture, coder_share, with_codings
from models.uncertainty.discovery import (
    PrimResult,
    prim,
)
from models.uncertainty.distributions import ppf
from models.uncertainty.estimates import (
    Convergence,
    MCEstimate,
    mean_estimate,
    probability_estimate,
    quantile_estimate,
    running_estimate,
    wilson_interval,
)
from models.uncertainty.inputs import (
    UncertainInput,
    UncertainInputs,
    uncertain,
)
from models.uncertainty.montecarlo import (
    evaluate,
    monte_carlo,
    sample,
)
from models.uncertainty.paths import InputTarget
from models.uncertainty.results import MonteCarloResult
from models.uncertainty.samplers import (
    SAMPLERS,
    Design,
    SamplerSpec,
    design,
)
from models.uncertainty.sensitivity import (
    MorrisScreening,
    SobolIndices,
    morris_screening,
    sobol_indices,
)

__all__ = [
    "CODER_INPUT",
    "SAMPLERS",
    "AgreementResult",
    "CoderMixture",
    "Convergence",
    "Design",
    "InputTarget",
    "MCEstimate",
    "MonteCarloResult",
    "MorrisScreening",
    "PrimResult",
    "SamplerSpec",
    "ScenarioBatch",
    "SobolIndices",
    "UncertainInput",
    "UncertainInputs",
    "agreement",
    "coder_share",
    "design",
    "evaluate",
    "krippendorff_alpha",
    "mean_estimate",
    "monte_carlo",
    "morris_screening",
    "ppf",
    "prim",
    "probability_estimate",
    "quantile_estimate",
    "running_estimate",
    "sample",
    "sobol_indices",
    "uncertain",
    "wilson_interval",
    "with_codings",
]
