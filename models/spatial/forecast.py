r"""Forecasts of where each issue settles, static and dynamic, side by side.

For each issue :math:`k` with actor positions :math:`x_{ik}`, saliences
:math:`s_{ik}` and capabilities :math:`c_i`, the static forecasts are

* the compromise model (weighted mean) :math:`\sum_i c_i s_{ik} x_{ik} / \sum_i c_i s_{ik}`,
* the weighted median (Black 1948), where cumulative weight :math:`c_i s_{ik}` reaches half,
* the pairwise (weighted-majority) Condorcet winner among the actors' positions, when one exists;

and the dynamic forecasts run a bargaining model round by round:

* ``smp``: KTAB's Spatial Model of Politics over all issues at once (issues are its
  dimensions; each actor's saliences are rescaled to sum to 1, KTAB's convention of
  shares of attention, when the scenario's are independent); the forecast on each
  issue is the final position of the actor with the highest probability of winning
  in the last state (KTAB's most likely outcome);
* ``eum``: Bueno de Mesquita's expected utility model, issue by issue, as specified by
  Scholz, Calbert and Smith (2011); the forecast is the weighted median of the final round.

Positions are mapped onto 0-100 for the dynamic models (the scale KTAB uses) and
mapped back to each issue's own scale. Actors without a position on an issue take no
part in that issue's forecasts (salience 0).

References
----------
Black, D. (1948). On the rationale of group decision-making. *Journal of Political
Economy* 56(1), 23-34.

Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In
Bueno de Mesquita and Stokman (eds.), *European Community Decision Making*. Yale UP.

Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno De Mesquita's
group decision model. *Journal of Theoretical Politics* 23(4), 510-531.

Wise, B., Efird, B. et al. (2015). *KTAB: KAPSARC Toolkit for Behavioral Analysis*.
KAPSARC; and Abdollahian, M., Baranick, M., Efird, B. and Kugler, J. (2006). *Senturion:
a predictive political simulation model*. NDU Center for Technology and National
Security Policy.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from models._checks import param_error
from models.outcomes.arrays import ScenarioArrays, scenario_arrays
from models.spatial.eum import EUMResult, eum
from models.spatial.smp import SMPResult, smp
from models.spatial.smp_params import SMPParams
from models.spatial.static import condorcet_winner, weighted_mean, weighted_median

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from positions import Scenario

__all__ = ["FORECAST_METHODS", "ForecastResult", "forecast"]

Method = Literal["mean", "median", "condorcet", "smp", "eum"]
FORECAST_METHODS: tuple[Method, ...] = ("mean", "median", "condorcet", "smp", "eum")
"""The forecasting methods :func:`forecast` knows, in the order it reports them."""

_LABELS = {
    "mean": "weighted mean (compromise)",
    "median": "weighted median",
    "condorcet": "Condorcet winner",
    "smp": "KTAB SMP",
    "eum": "expected utility model",
}


@dataclass(frozen=True, slots=True)
class ForecastResult:
    """Forecasts of every issue by every method.

    Attributes
    ----------
    issue_ids : tuple of str
    methods : tuple of str
    values : ndarray of shape (n_methods, n_issues)
        Each method's forecast on each issue's own scale; NaN where a method
        gives none (no Condorcet winner, or no actor with a position).
    arrays : ScenarioArrays
        The inputs (ideal points, saliences, capabilities, scales, status quo).
    option_labels : tuple of tuple of str
        For each method and issue, the label of the issue option nearest the
        forecast ("" where the issue has no options or the forecast is NaN).
    smp_result : SMPResult or None
        The full SMP run (positions on 0-100), when ``smp`` was asked for.
    eum_results : dict of str to EUMResult
        The EUM run of each issue (positions on 0-100), when ``eum`` was asked for.
        ``eum_results[issue].to_frame("offers")`` lists every challenge round by
        round with the receiver's expected utilities, which explain each move.
    """

    issue_ids: tuple[str, ...]
    methods: tuple[str, ...]
    values: NDArray[np.float64]
    arrays: ScenarioArrays
    option_labels: tuple[tuple[str, ...], ...]
    smp_result: SMPResult | None = None
    eum_results: dict[str, EUMResult] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per method x issue.

        Returns
        -------
        pandas.DataFrame
            Columns ``method, issue, forecast, fraction, option, status_quo``;
            ``fraction`` places the forecast on [0, 1] along the issue's scale.
        """
        import pandas as pd

        a = self.arrays
        rows = []
        for m, method in enumerate(self.methods):
            for k, issue in enumerate(self.issue_ids):
                value = float(self.values[m, k])
                span = a.scale_high[k] - a.scale_low[k]
                rows.append(
                    {
                        "method": method,
                        "issue": issue,
                        "forecast": value,
                        "fraction": (value - a.scale_low[k]) / span,
                        "option": self.option_labels[m][k],
                        "status_quo": float(a.status_quo[k]),
                    }
                )
        return pd.DataFrame(rows)

    def table(self) -> pd.DataFrame:
        """Return the forecasts as a wide table: issues as rows, methods as columns.

        Returns
        -------
        pandas.DataFrame
        """
        df = self.to_frame()
        return df.pivot(index="issue", columns="method", values="forecast").loc[
            list(self.issue_ids), list(self.methods)
        ]

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Plot every method's forecast on every issue (see :func:`plot_forecasts`).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from models.plotting.spatial import plot_forecasts

        return plot_forecasts(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        with np.printoptions(precision=1, suppress=True):
            lines = [f"ForecastResult({len(self.issue_ids)} issues x {len(self.methods)} methods)"]
            width = max(len(i) for i in self.issue_ids)
            lines.append(" " * (width + 2) + "".join(f"{m:>11s}" for m in self.methods))
            for k, issue in enumerate(self.issue_ids):
                cells = "".join(f"{v:11.1f}" for v in self.values[:, k])
                lines.append(f"  {issue:<{width}s}{cells}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        title = f"<p><b>Forecasts</b>: {', '.join(_LABELS[m] for m in self.methods)}</p>"
        return title + self.table().to_html(float_format=lambda x: f"{x:.1f}", na_rep="—").replace(
            "<table", '<table title="' + html.escape("forecast per issue") + '"', 1
        )


def _nearest_labels(
    scenario: Scenario, issue_ids: Sequence[str], values: NDArray[np.float64]
) -> tuple[str, ...]:
    labels = []
    for k, issue_id in enumerate(issue_ids):
        options = scenario.issue(issue_id).options
        value = values[k]
        if not options or not np.isfinite(value):
            labels.append("")
            continue
        nearest = min(options, key=lambda o: abs(o.value - value))
        labels.append(nearest.label)
    return tuple(labels)


def forecast(
    scenario: Scenario,
    method: Method | Sequence[Method] = FORECAST_METHODS,
    *,
    issues: Sequence[str] | None = None,
    smp_params: SMPParams | None = None,
    smp_rounds: int = 100,
    eum_rounds: int = 10,
    eum_options: dict[str, Any] | None = None,
    rng: np.random.Generator | int | None = None,
) -> ForecastResult:
    """Forecast every issue of a scenario with static and dynamic methods, side by side.

    Parameters
    ----------
    scenario : positions.Scenario
    method : str or sequence of str
        Any of ``"mean"``, ``"median"``, ``"condorcet"``, ``"smp"``, ``"eum"``
        (default all, in that order).
    issues : sequence of str, optional
        Issue ids to forecast (default all).
    smp_params : SMPParams, optional
        KTAB model switches (default: KTAB's defaults).
    smp_rounds, eum_rounds : int
        Round limits of the dynamic models.
    eum_options : dict, optional
        Keyword switches passed to :func:`models.spatial.eum`.
    rng : numpy.random.Generator, int or None
        Seed for stochastic SMP state transitions (unused when deterministic).

    Returns
    -------
    ForecastResult

    Raises
    ------
    ValueError
        For an unknown method or issue id.

    Notes
    -----
    The EUM takes the parties with a position and a positive salience on the
    issue, their capabilities and their saliences as given (saliences are the
    probabilities that an actor resists a challenge, so they are not rescaled);
    the scenario's status quo is not an input of the EUM, whose "status quo" is
    the rival keeping its position. Its forecast is the weighted median after
    the last round (Scholz et al. 2011, Table 2).

    With few actors the EUM can end at an end of the scale where the static
    forecasts are moderate. This is the model, not the conversion: see the
    Notes of :func:`models.spatial.eum`. On the built-in scenario's territory issue
    (Russia 100, USA 80, Europe 50, Ukraine 0) the USA is the weighted-median
    actor and has the lowest salience (0.35 against Russia's 0.95). In round 0
    it would win a vote against Russia (P = 0.576), but because a salience is
    the probability of resisting, it expects Russia to gain more from
    challenging it (0.232) than it gains from challenging Russia (0.079): a
    conflict it loses, so it moves all the way from 80 to 100, and Russia and
    the USA then hold more than half the weight. The USA, again the median
    actor and less salient than the rival it gives way to, also loses
    conflicts on ``sanctions`` and ``us_support`` (to Europe, moving to 100)
    and on ``zelensky`` (to Russia, twice: all move at once, so it first moves
    to 0 as Russia leaves 0 for 100). On ``nato``, ``foreign_forces``,
    ``guarantees`` and ``normalisation`` the EUM ends at the static median,
    itself at 0 or 100; on ``ceasefire`` Europe and Ukraine compromise towards
    the USA and Russia loses a conflict to Europe, which takes the median from
    90 to 93.8. With
    ``eum_options={"conflict": "stay"}`` every issue's EUM forecast equals the
    static weighted median. The round-by-round record is in
    ``eum_results[issue]`` (see the last example).

    Examples
    --------
    >>> import positions
    >>> result = forecast(positions.load("ukraine-ceasefire-2025-05"), ["mean", "median"])
    >>> result.values.shape
    (2, 9)
    >>> bool((result.values >= 0).all() and (result.values <= 100).all())
    True

    Why the EUM puts the territorial issue at 100: the offers the actors accepted
    in round 0, each with the receiver's probability of prevailing and its
    perspective (``eu_challenge`` = its gain from challenging the proposer,
    ``eu_rival`` = the proposer's gain from challenging it):

    >>> scenario = positions.load("ukraine-ceasefire-2025-05")
    >>> run = forecast(scenario, "eum", issues=["territory"]).eum_results["territory"]
    >>> off = run.to_frame("offers")
    >>> cols = ["receiver", "proposer", "type", "position", "probability", "eu_challenge",
    ...         "eu_rival"]
    >>> print(off[(off["round"] == 0) & off["accepted"]][cols].round(3).to_string())
      receiver proposer        type  position  probability  eu_challenge  eu_rival
    0      USA      RUS    conflict   100.000        0.576         0.079     0.232
    2      EUR      RUS  compromise    63.458        0.451        -0.090     0.335
    4      UKR      USA    conflict    80.000        0.217         0.871     1.041
    >>> run.weighted_median[:3, 0].tolist()
    [80.0, 100.0, 100.0]
    """
    methods = _check_methods(method)
    _check_issues(scenario, issues)
    arrays = scenario_arrays(scenario, issues=issues)
    issue_ids = arrays.issue_ids
    weight_ok = arrays.has_position & (arrays.saliences > 0)
    values = np.full((len(methods), len(issue_ids)), np.nan)
    smp_result: SMPResult | None = None
    eum_results: dict[str, EUMResult] = {}
    for m, name in enumerate(methods):
        if name in _STATIC:
            values[m] = _static_forecast(_STATIC[name], arrays, weight_ok)
        elif name == "smp":
            smp_result = _smp_run(arrays, weight_ok, smp_params, smp_rounds, rng)
            final = smp_result.positions[-1]
            winner = int(np.argmax(smp_result.win_prob[-1]))
            values[m] = arrays.scale_low + final[winner] / 100.0 * (
                arrays.scale_high - arrays.scale_low
            )
        else:
            eum_results = _eum_runs(arrays, weight_ok, eum_rounds, eum_options or {})
            values[m] = _eum_forecast(arrays, eum_results)
    labels = tuple(_nearest_labels(scenario, issue_ids, values[m]) for m in range(len(methods)))
    return ForecastResult(
        issue_ids=issue_ids,
        methods=methods,
        values=values,
        arrays=arrays,
        option_labels=labels,
        smp_result=smp_result,
        eum_results=eum_results,
    )


def _check_methods(method: Method | Sequence[Method]) -> tuple[Method, ...]:
    methods = (method,) if isinstance(method, str) else tuple(method)
    unknown = [m for m in methods if m not in FORECAST_METHODS]
    if unknown or not methods:
        raise param_error(
            "method", "forecast", f"one or more of {list(FORECAST_METHODS)}", repr(method)
        )
    return methods


def _check_issues(scenario: Scenario, issues: Sequence[str] | None) -> None:
    if issues is not None:
        known = {i.id for i in scenario.issues}
        missing = [i for i in issues if i not in known]
        if missing:
            raise param_error("issues", "forecast", "ids of the scenario's issues", repr(missing))


def _condorcet(
    x: NDArray[np.float64], s: NDArray[np.float64], c: NDArray[np.float64]
) -> float:
    winner = condorcet_winner(x, s, c)
    return np.nan if winner is None else float(winner)


_STATIC: dict[str, Callable[[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]],
                            Any]] = {
    "mean": weighted_mean,
    "median": weighted_median,
    "condorcet": _condorcet,
}
"""The static forecasts: method name -> function of (positions, saliences, capabilities)."""


def _static_forecast(
    func: Callable[[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]], Any],
    arrays: ScenarioArrays,
    weight_ok: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """One static forecast per issue, from the actors with a position and a positive salience."""
    out = np.full(len(arrays.issue_ids), np.nan)
    for k in range(out.size):
        mask = weight_ok[:, k]
        if mask.any():
            out[k] = float(func(arrays.ideals[mask, k], arrays.saliences[mask, k],
                                arrays.capabilities[mask]))
    return out


def _to100(arrays: ScenarioArrays) -> NDArray[np.float64]:
    """Map the ideal points onto 0-100, the scale of the dynamic models."""
    low, high = arrays.scale_low, arrays.scale_high
    out: NDArray[np.float64] = (arrays.ideals - low) / (high - low) * 100.0
    return out


def _smp_run(
    arrays: ScenarioArrays,
    weight_ok: NDArray[np.bool_],
    params: SMPParams | None,
    rounds: int,
    rng: np.random.Generator | int | None,
) -> SMPResult:
    """KTAB's SMP over all issues at once, with saliences rescaled to shares of attention."""
    # KTAB's saliences are an actor's shares of attention across the
    # dimensions (rows sum to at most 1): rescale independent saliences.
    sal = np.where(weight_ok, arrays.saliences, 0.0)
    totals = sal.sum(axis=1, keepdims=True)
    sal = np.divide(sal, totals, out=np.zeros_like(sal), where=totals > 0)
    return smp(
        _to100(arrays),
        sal,
        arrays.capabilities,
        params=params,
        max_rounds=rounds,
        rng=rng,
        actor_names=arrays.actor_ids,
        dimension_names=arrays.issue_ids,
    )


def _eum_runs(
    arrays: ScenarioArrays,
    weight_ok: NDArray[np.bool_],
    rounds: int,
    options: dict[str, Any],
) -> dict[str, EUMResult]:
    """Run the EUM on every issue with two or more actors with a position and salience."""
    to100 = _to100(arrays)
    runs = {}
    for k, issue in enumerate(arrays.issue_ids):
        mask = weight_ok[:, k]
        if mask.sum() < 2:
            continue
        runs[issue] = eum(
            to100[mask, k],
            arrays.saliences[mask, k],
            arrays.capabilities[mask],
            rounds=rounds,
            actor_names=[a for a, ok in zip(arrays.actor_ids, mask, strict=True) if ok],
            dimension_names=[issue],
            **options,
        )
    return runs


def _eum_forecast(
    arrays: ScenarioArrays, runs: dict[str, EUMResult]
) -> NDArray[np.float64]:
    """Each issue's EUM forecast, the last weighted median, on the issue's scale (NaN: no run)."""
    low, high = arrays.scale_low, arrays.scale_high
    out = np.full(len(arrays.issue_ids), np.nan)
    for k, issue in enumerate(arrays.issue_ids):
        if issue in runs:
            final = float(np.ravel(runs[issue].weighted_median[-1])[0])
            out[k] = low[k] + final / 100.0 * (high[k] - low[k])
    return out
