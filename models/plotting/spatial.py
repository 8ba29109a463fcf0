"""Figures of the spatial family: SMP paths and landscapes, the EUM, backtests, forecasts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from models._checks import check_int, param_error
from models.plotting._layout import place_labels
from models.plotting._style import actor_color, axes_or_new

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.spatial.backtest import BacktestResult
    from models.spatial.eum import EUMResult
    from models.spatial.forecast import ForecastResult
    from models.spatial.smp import SMPBatchResult, SMPResult

__all__ = [
    "plot_backtest",
    "plot_batch_outcomes",
    "plot_eum",
    "plot_forecasts",
    "plot_perspective",
    "plot_power_landscape",
    "plot_trajectories",
]


def _dim(dim: int, n_dims: int, func: str) -> int:
    dim = check_int(dim, "dim", func, low=0)
    if dim >= n_dims:
        raise param_error("dim", func, f"an int < {n_dims}", str(dim))
    return dim


def plot_trajectories(
    result: SMPResult, *, ax: Axes | None = None, dim: int = 0, **kwargs: Any
) -> Axes:
    """Plot each actor's position over the rounds of an SMP run, on one dimension.

    Parameters
    ----------
    result : SMPResult
        A run of :func:`models.spatial.smp`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    dim : int
        Dimension index.
    **kwargs
        Passed to ``Axes.plot`` for every line.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        ``dim`` out of range.

    Examples
    --------
    >>> from models.spatial import smp
    >>> r = smp([[10, 20], [60, 50], [90, 80]], [[0.5, 0.3]] * 3, [1, 2, 3])
    >>> ax = plot_trajectories(r, dim=0)
    >>> len(ax.get_lines())
    3
    """
    dim = _dim(dim, result.positions.shape[2], "plot_trajectories")
    ax = axes_or_new(ax, (7.0, 4.0))
    _draw_paths(ax, result.positions[:, :, dim], result.actor_names, kwargs)
    ax.set_xlabel("round")
    ax.set_ylabel(f"position on {result.dimension_names[dim]}")
    ax.set_ylim(*result.scale)
    ax.set_title("SMP positions" + ("" if result.converged else " (stopped at max_rounds)"))
    ax.legend(fontsize="small", ncol=2)
    return ax


def _draw_paths(
    ax: Axes, positions: np.ndarray[Any, Any], names: tuple[str, ...], kwargs: dict[str, Any]
) -> None:
    """Draw each actor's position (columns of ``positions``) over the states, in its colour."""
    states = np.arange(positions.shape[0])
    for i, name in enumerate(names):
        style: dict[str, Any] = {"marker": "o", "markersize": 3, "color": actor_color(name)}
        style |= kwargs
        ax.plot(states, positions[:, i], label=name, **style)


def plot_power_landscape(
    result: SMPResult,
    *,
    ax: Axes | None = None,
    dim: int = 0,
    state: int = 0,
    bandwidth: float | None = None,
    **kwargs: Any,
) -> Axes:
    """Plot effective power (capability x salience) along one dimension.

    Each actor is a stem at its position in ``state`` with height
    c_i s_ik; the curve is the Gaussian-smoothed total, a picture of where
    the weight on the dimension sits.

    Parameters
    ----------
    result : SMPResult
    ax : matplotlib Axes, optional
    dim : int
        Dimension index.
    state : int
        Which state's positions to use (0: the input; -1: the last).
    bandwidth : float, optional
        Smoothing width on the position scale; 5% of the scale when None.
    **kwargs
        Passed to ``Axes.plot`` for the curve.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        ``dim`` or ``state`` out of range, or a non-positive ``bandwidth``.

    Examples
    --------
    >>> from models.spatial import smp
    >>> r = smp([[10, 20], [60, 50], [90, 80]], [[0.5, 0.3]] * 3, [1, 2, 3])
    >>> plot_power_landscape(r, dim=1).get_ylabel()
    'effective power (capability x salience)'
    """
    dim, bandwidth = _landscape_args(result, dim, state, bandwidth)
    ax = axes_or_new(ax, (7.0, 4.0))
    lo, hi = result.scale
    x = result.positions[state, :, dim]
    power = result.capability * result.salience[:, dim]
    grid = np.linspace(lo, hi, 401)
    kernel = np.exp(-0.5 * ((grid[:, None] - x[None, :]) / bandwidth) ** 2)
    curve = kernel @ power
    peak = float(curve.max()) if curve.max() > 0 else 1.0
    ax.plot(grid, curve * float(power.max()) / peak, **({"color": "0.4"} | kwargs),
            label="smoothed total (rescaled)")
    for i, name in enumerate(result.actor_names):
        color = actor_color(name)
        ax.vlines(x[i], 0.0, power[i], color=color, linewidth=2)
        ax.plot([x[i]], [power[i]], "o", color=color, label=name)
    ax.set_xlim(lo, hi)
    ax.set_ylim(bottom=0.0)
    ax.set_xlabel(f"position on {result.dimension_names[dim]} (state {state})")
    ax.set_ylabel("effective power (capability x salience)")
    ax.legend(fontsize="small", ncol=2)
    return ax


def _landscape_args(
    result: SMPResult, dim: int, state: int, bandwidth: float | None
) -> tuple[int, float]:
    """Check ``dim`` and ``state``; the bandwidth, 5% of the scale by default."""
    func = "plot_power_landscape"
    dim = _dim(dim, result.positions.shape[2], func)
    t_n = result.positions.shape[0]
    if not isinstance(state, int | np.integer) or not -t_n <= int(state) < t_n:
        raise param_error("state", func, f"an int in [-{t_n}, {t_n - 1}]", repr(state))
    lo, hi = result.scale
    if bandwidth is None:
        bandwidth = 0.05 * (hi - lo)
    if not bandwidth > 0:
        raise param_error("bandwidth", func, "a positive number", repr(bandwidth))
    return dim, bandwidth


def plot_batch_outcomes(
    result: SMPBatchResult, *, ax: Axes | None = None, dim: int = 0, **kwargs: Any
) -> Axes:
    """Plot the spread of each actor's final position over a batch of SMP runs.

    Parameters
    ----------
    result : SMPBatchResult
        Runs of :func:`models.spatial.smp_batch`.
    ax : matplotlib Axes, optional
    dim : int
        Dimension index.
    **kwargs
        Passed to ``Axes.boxplot``.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        ``dim`` out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from models.spatial import smp_batch
    >>> pos = np.array([[[10, 20], [60, 50], [90, 80]]] * 3, dtype=float)
    >>> plot_batch_outcomes(smp_batch(pos, [[0.5, 0.3]] * 3, [1, 2, 3])).get_xlabel()
    'actor'
    """
    dim = _dim(dim, result.final_positions.shape[2], "plot_batch_outcomes")
    ax = axes_or_new(ax, (7.0, 4.0))
    data = [result.final_positions[:, i, dim] for i in range(len(result.actor_names))]
    box = ax.boxplot(data, patch_artist=True, **kwargs)
    ax.set_xticks(np.arange(1, len(data) + 1), list(result.actor_names))
    for patch, name in zip(box["boxes"], result.actor_names, strict=True):
        patch.set_facecolor(actor_color(name))
        patch.set_alpha(0.6)
    ax.set_xlabel("actor")
    ax.set_ylabel("final position")
    ax.set_ylim(*result.scale)
    ax.set_title(f"{result.final_positions.shape[0]} runs, {result.dimension_names[dim]}")
    return ax


def _index(value: int, n: int, name: str, func: str) -> int:
    value = check_int(value, name, func, low=0)
    if value >= n:
        raise param_error(name, func, f"an int < {n}", str(value))
    return value


def plot_eum(result: EUMResult, *, ax: Axes | None = None, dim: int = 0, **kwargs: Any) -> Axes:
    """Plot each actor's position over the states of an EUM run, with the forecasts.

    Parameters
    ----------
    result : EUMResult
        A run of :func:`models.spatial.eum`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    dim : int
        Dimension index.
    **kwargs
        Passed to ``Axes.plot`` for every actor's line.

    Returns
    -------
    matplotlib Axes
        One line per actor (in its :func:`~models.plotting.actor_color`), then the
        weighted mean (dashed) and weighted median (dotted).

    Raises
    ------
    ValueError
        ``dim`` out of range.

    Examples
    --------
    >>> from models.spatial import eum
    >>> r = eum([10, 40, 90], [0.9, 0.5, 0.7], [1, 2, 1], rounds=3)
    >>> ax = plot_eum(r)
    >>> len(ax.get_lines()) == 3 + 2
    True
    """
    dim = _index(dim, result.positions.shape[2], "dim", "plot_eum")
    ax = axes_or_new(ax, (7.0, 4.0))
    _draw_paths(ax, result.positions[:, :, dim], result.actor_names, kwargs)
    states = np.arange(result.positions.shape[0])
    ax.plot(states, result.weighted_mean[:, dim], color="0.2", linestyle="--", linewidth=2,
            label="weighted mean")
    ax.plot(states, result.weighted_median[:, dim], color="0.5", linestyle=":", linewidth=2,
            label="weighted median")
    ax.set_xlabel("state")
    ax.set_ylabel(f"position on {result.dimension_names[dim]}")
    ax.set_title("expected utility model" + ("" if result.converged else " (stopped at rounds)"))
    ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax


def plot_perspective(
    result: EUMResult,
    actor: str | int,
    *,
    ax: Axes | None = None,
    round: int = 0,
    dim: int = 0,
    **kwargs: Any,
) -> Axes:
    """Draw Bueno de Mesquita's perspective plane of one actor.

    Each rival j is a point (E^i(U_ij), E^i(U_ji)): horizontally, actor i's
    expected utility of challenging j; vertically, i's estimate of j's
    expected utility of challenging i. The axes and the diagonals split the
    plane into the regions of Scholz et al. (2011, fig. 6): conflict (both
    gain), compromise and capitulation (one gains more than the other loses,
    or less), and stalemate (both lose).

    Parameters
    ----------
    result : EUMResult
        A run of :func:`models.spatial.eum`.
    actor : str or int
        The actor whose perspective is drawn (name or index).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    round : int
        Which round's expected utilities (0: the first round, from the initial
        positions).
    dim : int
        Dimension index.
    **kwargs
        Passed to ``Axes.scatter``.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        Unknown actor, ``round`` or ``dim`` out of range.

    References
    ----------
    .. [1] Scholz, Calbert and Smith (2011), "Unravelling Bueno De Mesquita's
       group decision model", ICAART 2011, fig. 6.
    .. [2] Bueno de Mesquita (1994), "Political forecasting: an expected utility
       method", figs. 4.2-4.4 (the "view from" plots).

    Examples
    --------
    >>> from models.spatial import eum
    >>> r = eum([10, 40, 90], [0.9, 0.5, 0.7], [1, 2, 1], actor_names=["A", "B", "C"])
    >>> ax = plot_perspective(r, "B")
    >>> sorted(t.get_text() for t in ax.texts if t.get_text() in ("A", "C"))
    ['A', 'C']
    """
    func = "plot_perspective"
    names = result.actor_names
    i = _actor_index(names, actor, func)
    t = _index(round, result.num_iter, "round", func)
    dim = _index(dim, result.positions.shape[2], "dim", func)
    ax = axes_or_new(ax, (6.0, 6.0))
    others = [j for j in range(len(names)) if j != i]
    xs = result.eu_challenge[t, i, others, dim]
    ys = result.eu_rival[t, i, others, dim]
    lim = max(1.0, 1.15 * float(np.max(np.abs(np.concatenate([xs, ys])))))
    _draw_perspective_regions(ax, lim)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel(f"{names[i]}'s expected utility of challenging j")
    ax.set_ylabel(f"j's expected utility of challenging {names[i]}, as {names[i]} sees it")
    ax.set_title(f"perspective of {names[i]}, round {t}")
    _draw_rivals(ax, xs, ys, [names[j] for j in others], kwargs)
    return ax


def _actor_index(names: tuple[str, ...], actor: str | int, func: str) -> int:
    """Return the index of ``actor``, given by name or index."""
    if isinstance(actor, str):
        if actor not in names:
            raise param_error("actor", func, "one of the result's actor_names", repr(actor))
        return names.index(actor)
    return _index(actor, len(names), "actor", func)


def _draw_perspective_regions(ax: Axes, lim: float) -> None:
    """Draw the axes and diagonals of the perspective plane and name its regions (fig. 6)."""
    line: dict[str, Any] = {"color": "0.6", "linewidth": 0.8}
    ax.axhline(0.0, **line)
    ax.axvline(0.0, **line)
    ax.plot([-lim, lim], [-lim, lim], linestyle="--", **line)
    ax.plot([-lim, lim], [lim, -lim], linestyle="--", **line)
    h = 0.72 * lim
    label: dict[str, Any] = {"ha": "center", "va": "center", "fontsize": "small", "color": "0.45"}
    for x, y, text in (
        (h, 0.45 * h, "conflict\n(i gains)"),
        (0.45 * h, h, "conflict\n(j gains)"),
        (-0.45 * h, h, "compromise\n(i concedes)"),
        (-h, 0.45 * h, "capitulation\n(i gives in)"),
        (h, -0.45 * h, "compromise\n(j concedes)"),
        (0.45 * h, -h, "capitulation\n(j gives in)"),
        (-0.6 * h, -0.6 * h, "stalemate"),
    ):
        ax.text(x, y, text, **label)


def _draw_rivals(
    ax: Axes,
    xs: np.ndarray[Any, Any],
    ys: np.ndarray[Any, Any],
    rivals: list[str],
    kwargs: dict[str, Any],
) -> None:
    """Draw each rival as a point in its colour; rivals at one point share one label."""
    style: dict[str, Any] = {"s": 30, "zorder": 3}
    style |= kwargs
    ax.scatter(xs, ys, c=[actor_color(name) for name in rivals], **style)
    groups: dict[tuple[float, float], list[str]] = {}
    for name, px, py in zip(rivals, xs, ys, strict=True):
        groups.setdefault((float(np.round(px, 9)), float(np.round(py, 9))), []).append(name)
    # each tag beside its own point, clear of the region names and the other tags
    place_labels(ax, list(groups), [", ".join(m) for m in groups.values()],
                 fontsize="small", marker_px=4.0)


def plot_backtest(result: BacktestResult, *, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Bar chart of each method's mean absolute error against the weighted-mean baseline.

    Parameters
    ----------
    result : BacktestResult
        A run of :func:`models.spatial.backtest`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib Axes
        One bar per method; a dashed line marks the baseline's error.

    Examples
    --------
    >>> from models.spatial import BacktestIssue, backtest
    >>> issue = BacktestIssue([0, 20, 100], [0.6, 0.3, 0.1], [1, 1, 1], outcome=10)
    >>> ax = plot_backtest(backtest([issue], {"fifty": lambda x, s, c: 50.0}))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['fifty']
    """
    ax = axes_or_new(ax, (7.0, 1.2 + 0.5 * len(result.method_names)))
    rows = np.arange(len(result.method_names))
    style: dict[str, Any] = {"color": "#56B4E9"}
    style |= kwargs
    ax.barh(rows, result.mae, **style)
    ax.axvline(result.baseline_mae, color="0.2", linestyle="--",
               label=f"weighted-mean baseline ({result.baseline_mae:.3g})")
    for row, value in zip(rows, result.mae, strict=True):
        ax.annotate(f"{value:.3g}", (float(value), float(row)), textcoords="offset points",
                    xytext=(3, 0), va="center", fontsize="small")
    ax.set_yticks(rows, list(result.method_names))
    ax.invert_yaxis()
    ax.set_xlabel(f"mean absolute error over {len(result.issue_names)} issue(s)")
    ax.set_title("backtest")
    ax.legend(fontsize="small", loc="lower right")
    return ax


_MARKERS = {"mean": "o", "median": "s", "condorcet": "D", "smp": "^", "eum": "v"}
_COLOURS = {
    "mean": "#0072B2",
    "median": "#009E73",
    "condorcet": "#CC79A7",
    "smp": "#D55E00",
    "eum": "#E69F00",
}


def plot_forecasts(result: ForecastResult, *, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Plot every method's forecast of every issue, with the actors' ideal points behind.

    Issues are rows; positions are fractions of each issue's scale. Grey ticks
    mark the parties' ideal points, the black bar the status quo, and a marker
    per method its forecast.

    Parameters
    ----------
    result : ForecastResult
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created only when none is given.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the forecasts.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import positions
    >>> from models import forecast
    >>> ax = forecast(positions.load("ukraine-ceasefire-2025-05"), ["mean", "median"]).plot()
    >>> ax.get_xlabel()
    'forecast on the issue scale (0 = low anchor, 1 = high anchor)'
    """
    n = len(result.issue_ids)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 0.5 * n + 1.5), layout="constrained")
    _draw_issue_rows(ax, result)
    _draw_method_forecasts(ax, result, kwargs)
    ax.set_yticks(range(n))
    ax.set_yticklabels(list(reversed(result.issue_ids)))
    ax.set_xlim(-0.05, 1.05)
    ax.set_xlabel("forecast on the issue scale (0 = low anchor, 1 = high anchor)")
    ax.set_title("Forecasts by method (grey: parties' ideal points; black: status quo)", fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(
        title="method",
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
    )
    return ax


def _draw_issue_rows(ax: Axes, result: ForecastResult) -> None:
    """Draw each issue's row: the ideal points (grey ticks) and the status quo (black bar)."""
    a = result.arrays
    span = a.scale_high - a.scale_low
    n = len(result.issue_ids)
    for k in range(n):
        y = n - 1 - k
        ideals = (a.ideals[a.has_position[:, k], k] - a.scale_low[k]) / span[k]
        ax.scatter(ideals, np.full(ideals.shape, y), marker="|", s=120, color="0.6", zorder=1)
        ax.plot(
            [(a.status_quo[k] - a.scale_low[k]) / span[k]] * 2,
            [y - 0.35, y + 0.35],
            color="black",
            lw=2,
            zorder=1,
        )


def _draw_method_forecasts(ax: Axes, result: ForecastResult, kwargs: dict[str, Any]) -> None:
    """Draw one marker per method and issue, the methods side by side within a row."""
    a = result.arrays
    span = a.scale_high - a.scale_low
    n = len(result.issue_ids)
    for m, method in enumerate(result.methods):
        frac = (result.values[m] - a.scale_low) / span
        offset = 0.12 * (m - (len(result.methods) - 1) / 2)
        ys = np.arange(n)[::-1] + offset
        ax.scatter(
            frac,
            ys,
            marker=_MARKERS.get(method, "o"),
            color=_COLOURS.get(method, "0.3"),
            s=45,
            zorder=3,
            label=method,
            edgecolor="white",
            linewidth=0.6,
            **kwargs,
        )
