"""stances models: bargaining, spatial forecasting, games, conflict graphs and Monte Carlo.

Two tiers. This package holds the scenario-level entry points and their
results: load a :class:`positions.Scenario`, then :func:`analyze` it whole, :func:`explore`
its what-ifs with sliders in Jupyter, or
:func:`bargain`, :func:`forecast`, :func:`war_bargaining`,
:meth:`GraphModel.from_scenario`, :func:`threat_game`, and the Monte
Carlo chain :func:`uncertain` -> :func:`monte_carlo` -> :func:`sobol_indices`
/ :func:`prim` -> :func:`sweep`. Each model family is a subpackage with its
own ``__all__``, reached as ``models.<family>.<name>``:

================================  ==================================================
:mod:`models.outcomes`            outcome spaces, utilities, a scenario's arrays
:mod:`models.bargaining`          Pareto frontier, ZOPA, Nash/KS/egalitarian/utilitarian, Rubinstein
:mod:`models.spatial`             weighted mean/median, Condorcet, KTAB's SMP, the EUM, backtests
:mod:`models.games`               normal-form equilibria, game trees, the threat game
:mod:`models.gmcr`                the Graph Model for Conflict Resolution
:mod:`models.war`                 Fearon's bargaining range, risk-return, war learning
:mod:`models.uncertainty`         uncertain inputs, samplers, Monte Carlo, Sobol, Morris, PRIM
:mod:`models.sweeps`              parameter sweeps: chunked, resumable, on Dask
:mod:`models.analysis`            the main job, its report and the ``stances`` CLI
:mod:`models.plotting`            every figure, ``plot_<thing>(result, *, ax=None)``
================================  ==================================================

Results are frozen objects with ``.to_frame()`` and ``.plot(ax=None)``.
"""

from typing import TYPE_CHECKING

from models._lazy import lazy_attributes

if TYPE_CHECKING:
    from models.analysis import Analysis, Explorer, Report, analyze, explore
    from models.bargaining import BargainResult
    from models.bargaining.bargain import bargain
    from models.games import ThreatCredibility, jit_enabled, threat_credibility, threat_game
    from models.gmcr import GraphModel
    from models.outcomes import OutcomeSpace, ScenarioArrays, scenario_arrays
    from models.plotting import plot_positions
    from models.spatial import ForecastResult
    from models.spatial.forecast import forecast
    from models.sweeps import SweepResult, SweepSpec, load_sweep_spec, open_sweep, sweep
    from models.uncertainty import (
        AgreementResult,
        MCEstimate,
        MonteCarloResult,
        MorrisScreening,
        PrimResult,
        SobolIndices,
        UncertainInputs,
        agreement,
        monte_carlo,
        morris_screening,
        prim,
        sobol_indices,
        uncertain,
    )
    from models.war import WarBargaining
    from models.war.war_bargaining import war_bargaining


__version__ = "0.1.0"

_NAMES = {
    "Analysis": "models.analysis",
    "Explorer": "models.analysis",
    "Report": "models.analysis",
    "analyze": "models.analysis",
    "explore": "models.analysis",
    "BargainResult": "models.bargaining",
    "bargain": "models.bargaining",
    "ThreatCredibility": "models.games",
    "jit_enabled": "models.games",
    "threat_credibility": "models.games",
    "threat_game": "models.games",
    "GraphModel": "models.gmcr",
    "OutcomeSpace": "models.outcomes",
    "ScenarioArrays": "models.outcomes",
    "scenario_arrays": "models.outcomes",
    "plot_positions": "models.plotting",
    "ForecastResult": "models.spatial",
    "forecast": "models.spatial",
    "SweepResult": "models.sweeps",
    "SweepSpec": "models.sweeps",
    "load_sweep_spec": "models.sweeps",
    "open_sweep": "models.sweeps",
    "sweep": "models.sweeps",
    "AgreementResult": "models.uncertainty",
    "agreement": "models.uncertainty",
    "MCEstimate": "models.uncertainty",
    "MonteCarloResult": "models.uncertainty",
    "MorrisScreening": "models.uncertainty",
    "PrimResult": "models.uncertainty",
    "SobolIndices": "models.uncertainty",
    "UncertainInputs": "models.uncertainty",
    "monte_carlo": "models.uncertainty",
    "morris_screening": "models.uncertainty",
    "prim": "models.uncertainty",
    "sobol_indices": "models.uncertainty",
    "uncertain": "models.uncertainty",
    "WarBargaining": "models.war",
    "war_bargaining": "models.war",
}
"""The module that defines each public name (imported on first use)."""

__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    _NAMES,
    (
        "analysis",
        "bargaining",
        "games",
        "gmcr",
        "outcomes",
        "plotting",
        "spatial",
        "sweeps",
        "uncertainty",
        "war",
    ),
)

__all__ = [
    "AgreementResult",
    "Analysis",
    "BargainResult",
    "Explorer",
    "ForecastResult",
    "GraphModel",
    "MCEstimate",
    "MonteCarloResult",
    "MorrisScreening",
    "OutcomeSpace",
    "PrimResult",
    "Report",
    "ScenarioArrays",
    "SobolIndices",
    "SweepResult",
    "SweepSpec",
    "ThreatCredibility",
    "UncertainInputs",
    "WarBargaining",
    "__version__",
    "agreement",
    "analyze",
    "bargain",
    "explore",
    "forecast",
    "jit_enabled",
    "load_sweep_spec",
    "monte_carlo",
    "morris_screening",
    "open_sweep",
    "plot_positions",
    "prim",
    "scenario_arrays",
    "sobol_indices",
    "sweep",
    "threat_credibility",
    "threat_game",
    "uncertain",
    "war_bargaining",
]
