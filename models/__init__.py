"""stances models: bargaining, spatial forecasting, games, conflict graphs and Monte Carlo.

Two tiers. This package holds the scenario-level entry points and their
results: load a :class:`positions.Scenario`, then :func:`analyze` it whole, or
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

from models.analysis import Analysis, Report, analyze
from models.bargaining import BargainResult, bargain
from models.games import ThreatCredibility, jit_enabled, threat_credibility, threat_game
from models.gmcr import GraphModel
from models.outcomes import OutcomeSpace, ScenarioArrays, scenario_arrays
from models.plotting import plot_positions
from models.spatial import ForecastResult, forecast
from models.sweeps import SweepResult, SweepSpec, load_sweep_spec, open_sweep, sweep
from models.uncertainty import (
    MCEstimate,
    MonteCarloResult,
    MorrisScreening,
    PrimResult,
    SobolIndices,
    UncertainInputs,
    monte_carlo,
    morris_screening,
    prim,
    sobol_indices,
    uncertain,
)
from models.war import WarBargaining, war_bargaining

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "BargainResult",
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
    "analyze",
    "bargain",
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
