r"""Backtests of group-decision forecasts against real outcomes, in the style of the DEU project.

Each issue :math:`k` has actors' positions :math:`x_{ik}`, saliences
:math:`s_{ik}`, capabilities :math:`c_{ik}` and a real outcome :math:`o_k`. A
method maps :math:`(x, s, c)` to a forecast :math:`\hat o_k`; its error on the
issue is :math:`e_k = |\hat o_k - o_k|` and its score the mean absolute error
:math:`\mathrm{MAE} = \frac1K \sum_k e_k`. Every method is compared with the
baseline of Thomson et al. (2006), the capability x salience weighted mean
:math:`\bar x_k = \sum_i c_{ik} s_{ik} x_{ik} / \sum_i c_{ik} s_{ik}` (their
"compromise model"), which the more elaborate bargaining models of that study
did not beat on EU legislative decisions.

References
----------
.. [1] Thomson, R., Stokman, F. N., Achen, C. H. and König, T. (eds.) (2006).
   The European Union Decides (DEU: Decision-making in the European Union).
   Cambridge University Press; see ch. 1 (data) and Achen, ch. 10, "Evaluating
   political decision-making models" (the mean absolute error comparison and
   the weighted-mean "compromise model").
.. [2] Bueno de Mesquita, B. (1994). "Political forecasting: an expected utility
   method." In Stokman and Bueno de Mesquita (eds.), European Community Decision
   Making, Yale University Press, ch. 4.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_real, param_error
from models._repr import compact_repr, frame_html

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["BacktestIssue", "BacktestResult", "Method", "backtest", "eum_method"]

Method = Callable[[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]], float]
"""A forecasting method: (positions, salience, capability) of one issue -> forecast."""


@dataclass(frozen=True, slots=True)
class BacktestIssue:
    """One decision with its actors and its real outcome.

    Attributes
    ----------
    positions : array_like of shape (n_actors,)
    salience : array_like of shape (n_actors,)
        Any non-negative scale (the methods decide how to read it).
    capability : array_like of shape (n_actors,)
    outcome : float
        The decision actually taken, on the positions' scale.
    name : str
        A label (default: the issue's index).

    Examples
    --------
    >>> BacktestIssue([0, 20, 100], [0.6, 0.3, 0.1], [1, 1, 1], outcome=10, name="A").name
    'A'
    """

    __repr__ = compact_repr

    positions: ArrayLike
    salience: ArrayLike
    capability: ArrayLike
    outcome: float
    name: str = ""


@dataclass(frozen=True, slots=True)
class BacktestResult:
    """Forecast errors of several methods on a set of issues.

    Attributes
    ----------
    method_names : tuple of str
    issue_names : tuple of str
    outcomes : ndarray of shape (n_issues,)
    forecasts : ndarray of shape (n_issues, n_methods)
    errors : ndarray of shape (n_issues, n_methods)
        Absolute errors ``|forecast - outcome|``.
    mae : ndarray of shape (n_methods,)
        Mean absolute error of each method.
    baseline_forecasts, baseline_errors : ndarray of shape (n_issues,)
        The capability x salience weighted mean and its absolute errors.
    baseline_mae : float
    mae_difference : ndarray of shape (n_methods,)
        ``mae - baseline_mae`` (negative: the method beats the baseline).
    win_rate : ndarray of shape (n_methods,)
        Share of issues on which the method's error is strictly below the baseline's.

    Examples
    --------
    >>> issue = BacktestIssue([0, 20, 100], [0.6, 0.3, 0.1], [1, 1, 1], outcome=10)
    >>> r = backtest([issue], {"fifty": lambda x, s, c: 50.0})
    >>> r.errors.tolist(), round(float(r.baseline_errors[0]), 6)
    ([[40.0]], 6.0)
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    method_names: tuple[str, ...]
    issue_names: tuple[str, ...]
    outcomes: NDArray[np.float64]
    forecasts: NDArray[np.float64]
    errors: NDArray[np.float64]
    mae: NDArray[np.float64]
    baseline_forecasts: NDArray[np.float64]
    baseline_errors: NDArray[np.float64]
    baseline_mae: float
    mae_difference: NDArray[np.float64]
    win_rate: NDArray[np.float64]

    def to_frame(self, kind: Literal["summary", "issues"] = "summary") -> pd.DataFrame:
        """Return a tidy table of the backtest.

        Parameters
        ----------
        kind : {"summary", "issues"}
            "summary": one row per method (mae, baseline_mae, mae_difference,
            win_rate); "issues": one row per issue and method (outcome,
            forecast, error, baseline_forecast, baseline_error).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        ValueError
            An unknown ``kind``.

        Examples
        --------
        >>> issue = BacktestIssue([0, 20, 100], [0.6, 0.3, 0.1], [1, 1, 1], outcome=10)
        >>> r = backtest([issue], {"fifty": lambda x, s, c: 50.0})
        >>> r.to_frame()[["method", "mae", "baseline_mae"]].round(6).to_dict("records")
        [{'method': 'fifty', 'mae': 40.0, 'baseline_mae': 6.0}]
        """
        import pandas as pd

        if kind == "summary":
            return pd.DataFrame({
                "method": list(self.method_names),
                "mae": self.mae,
                "baseline_mae": np.full(len(self.method_names), self.baseline_mae),
                "mae_difference": self.mae_difference,
                "win_rate": self.win_rate,
            })
        if kind == "issues":
            n_issues, n_methods = self.forecasts.shape
            k, m = np.indices((n_issues, n_methods)).reshape(2, -1)
            return pd.DataFrame({
                "issue": np.array(self.issue_names, dtype=object)[k],
                "method": np.array(self.method_names, dtype=object)[m],
                "outcome": self.outcomes[k],
                "forecast": self.forecasts.reshape(-1),
                "error": self.errors.reshape(-1),
                "baseline_forecast": self.baseline_forecasts[k],
                "baseline_error": self.baseline_errors[k],
            })
        raise param_error("kind", "BacktestResult.to_frame", "one of 'summary', 'issues'",
                          repr(kind))

    def plot(self, ax: Axes | None = None) -> Axes:
        """Bar chart of the methods' errors (:func:`~models.plotting.plot_backtest`).

        Parameters
        ----------
        ax : matplotlib Axes, optional

        Returns
        -------
        matplotlib Axes

        Examples
        --------
        >>> issue = BacktestIssue([0, 20, 100], [0.6, 0.3, 0.1], [1, 1, 1], outcome=10)
        >>> backtest([issue], {"fifty": lambda x, s, c: 50.0}).plot().get_title()
        'backtest'
        """
        from models.plotting.spatial import plot_backtest

        return plot_backtest(self, ax=ax)


def _weighted_mean_method(x: NDArray[np.float64], s: NDArray[np.float64],
                          c: NDArray[np.float64]) -> float:
    from models.spatial.static import weighted_mean

    return float(weighted_mean(x, s, c))


def _weighted_median_method(x: NDArray[np.float64], s: NDArray[np.float64],
                            c: NDArray[np.float64]) -> float:
    from models.spatial.static import weighted_median

    return float(weighted_median(x, s, c))


def eum_method(statistic: Literal["median", "mean"] = "median", **eum_kwargs: Any) -> Method:
    """Make a backtest method that forecasts with :func:`models.spatial.eum`.

    The forecast is the capability x salience weighted median (BDM's "median
    voter position", the default) or mean of the positions after the last
    round. Unless ``scale`` is given the issue's scale is taken as the span of
    its positions; an issue whose actors all stand at one position is
    forecast at that position without running the model.

    Parameters
    ----------
    statistic : {"median", "mean"}
    **eum_kwargs
        Passed to :func:`models.spatial.eum` (rounds, switches, scale, ...).

    Returns
    -------
    callable
        ``method(positions, salience, capability) -> float``.

    Raises
    ------
    ValueError
        An unknown ``statistic``.

    References
    ----------
    .. [1] Bueno de Mesquita (1994), "Political forecasting: an expected utility
       method", ch. 4 of European Community Decision Making: the forecast is
       the median voter position once the rounds have run.

    Examples
    --------
    >>> m = eum_method(rounds=3)
    >>> m([10.0, 40.0, 90.0], [0.9, 0.5, 0.7], [1.0, 2.0, 1.0])
    40.0
    """
    if statistic not in ("median", "mean"):
        raise param_error("statistic", "eum_method", "one of 'median', 'mean'", repr(statistic))

    def method(x: NDArray[np.float64], s: NDArray[np.float64], c: NDArray[np.float64]) -> float:
        from models.spatial.eum import eum

        x = np.asarray(x, dtype=float)
        low, high = float(np.min(x)), float(np.max(x))
        if high == low:
            return low
        kwargs = {"scale": (low, high)} | eum_kwargs
        result = eum(x, s, c, **kwargs)
        final = result.weighted_median if statistic == "median" else result.weighted_mean
        return float(final[-1, 0])

    return method


def backtest(
    issues: Sequence[BacktestIssue],
    methods: Mapping[str, Method] | None = None,
) -> BacktestResult:
    """Score forecasting methods on issues with known outcomes, against the weighted mean.

    Parameters
    ----------
    issues : sequence of BacktestIssue
        At least one issue; each with matching 1-D positions, saliences and
        capabilities (non-negative, capability x salience not all zero) and a
        finite outcome.
    methods : mapping of str to callable, optional
        Name -> ``method(positions, salience, capability) -> float``, called
        with float arrays. Default: the capability x salience weighted mean
        and median (:func:`models.spatial.weighted_mean`, :func:`models.spatial.weighted_median`)
        and the expected utility model (:func:`eum_method`).

    Returns
    -------
    BacktestResult

    Raises
    ------
    ValueError
        No issues or methods, bad issue data (the message names the issue and
        field), or a method that returns a non-finite forecast.

    References
    ----------
    .. [1] Thomson, Stokman, Achen and König (eds.) (2006), The European Union
       Decides, Cambridge University Press (Achen, ch. 10).

    Examples
    --------
    >>> issues = [BacktestIssue([0, 20, 100], [0.6, 0.3, 0.1], [1, 1, 1], outcome=10),
    ...           BacktestIssue([10, 50, 90], [1, 1, 1], [1, 1, 1], outcome=60)]
    >>> r = backtest(issues, {"fifty": lambda x, s, c: 50.0})
    >>> round(r.baseline_mae, 6), r.mae.tolist()
    (8.0, [25.0])
    """
    func = "backtest"
    issues = list(issues)
    if not issues:
        raise param_error("issues", func, "a non-empty sequence of BacktestIssue", "no issues")
    if methods is None:
        methods = {
            "weighted_mean": _weighted_mean_method,
            "weighted_median": _weighted_median_method,
            "eum": eum_method(),
        }
    if not methods:
        raise param_error("methods", func, "a non-empty mapping of name to callable", "{}")
    names = tuple(str(k) for k in methods)
    data = [_check_issue(issue, k, func) for k, issue in enumerate(issues)]
    outcomes = np.array([d[3] for d in data])
    forecasts = np.empty((len(data), len(names)))
    for k, (x, s, c, _) in enumerate(data):
        for m, name in enumerate(names):
            value = float(methods[name](x.copy(), s.copy(), c.copy()))
            if not np.isfinite(value):
                raise param_error("methods", func, "callables that return finite forecasts",
                                  f"{value} from {name!r} on issue {k}")
            forecasts[k, m] = value
    baseline = np.array([_weighted_mean_method(x, s, c) for x, s, c, _ in data])
    errors = np.abs(forecasts - outcomes[:, None])
    base_err = np.abs(baseline - outcomes)
    mae = errors.mean(axis=0)
    base_mae = float(base_err.mean())
    return BacktestResult(
        method_names=names,
        issue_names=tuple(issue.name or str(k) for k, issue in enumerate(issues)),
        outcomes=outcomes,
        forecasts=forecasts,
        errors=errors,
        mae=mae,
        baseline_forecasts=baseline,
        baseline_errors=base_err,
        baseline_mae=base_mae,
        mae_difference=mae - base_mae,
        win_rate=(errors < base_err[:, None]).mean(axis=0),
    )


def _check_issue(
    issue: Any, k: int, func: str
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    if not isinstance(issue, BacktestIssue):
        raise param_error(f"issues[{k}]", func, "a BacktestIssue", type(issue).__name__)
    x = check_array(issue.positions, f"issues[{k}].positions", func, ndim=1,
                    shape_text="(n_actors,)")
    n = x.shape[0]
    if n < 1:
        raise param_error(f"issues[{k}].positions", func, "an array with at least 1 actor",
                          "an empty array")
    s = check_array(issue.salience, f"issues[{k}].salience", func, ndim=1, shape=(n,),
                    nonnegative=True, shape_text="(n_actors,)")
    c = check_array(issue.capability, f"issues[{k}].capability", func, ndim=1, shape=(n,),
                    nonnegative=True, shape_text="(n_actors,)")
    if not (c * s).any():
        raise param_error(f"issues[{k}].capability", func,
                          "positive for at least one actor with positive salience",
                          "capability x salience all zero")
    outcome = check_real(issue.outcome, f"issues[{k}].outcome", func)
    return x, s, c, outcome
