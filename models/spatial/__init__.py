"""Spatial forecasting: static forecasts, KTAB's Spatial Model of Politics, the EUM, backtests.

Per-issue forecasts over actors' positions, saliences and capabilities: the
weighted mean and median and the Condorcet winner (:mod:`~models.spatial.static`),
KTAB's SMP (:func:`smp`), Bueno de Mesquita's expected utility model
(:func:`eum`), the scenario-level :func:`forecast`, a DEU-style
:func:`backtest`, KTAB's input readers, and their Monte Carlo models.
"""

from models.spatial.backtest import (
    BacktestIssue,
    BacktestResult,
    backtest,
    eum_method,
)
from models.spatial.eum import (
    OFFER_TYPES,
    EUMResult,
    EUMSettings,
    eum,
)
from models.spatial.forecast import (
    FORECAST_METHODS,
    ForecastResult,
    forecast,
)
from models.spatial.ktab_io import (
    KTABScenario,
    read_ktab_csv,
    read_ktab_xml,
)
from models.spatial.montecarlo import (
    ForecastModel,
    SMPModel,
)
from models.spatial.smp import (
    SMPBatchResult,
    SMPResult,
    smp,
    smp_batch,
)
from models.spatial.smp_params import (
    SMPParams,
)
from models.spatial.static import (
    condorcet_winner,
    weighted_mean,
    weighted_median,
)

__all__ = [
    "FORECAST_METHODS",
    "OFFER_TYPES",
    "BacktestIssue",
    "BacktestResult",
    "EUMResult",
    "EUMSettings",
    "ForecastModel",
    "ForecastResult",
    "KTABScenario",
    "SMPBatchResult",
    "SMPModel",
    "SMPParams",
    "SMPResult",
    "backtest",
    "condorcet_winner",
    "eum",
    "eum_method",
    "forecast",
    "read_ktab_csv",
    "read_ktab_xml",
    "smp",
    "smp_batch",
    "weighted_mean",
    "weighted_median",
]
