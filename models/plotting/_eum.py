"""Figures of the expected utility model: positions over rounds, perspective planes, backtests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from models._checks import check_int, param_error
from models.plotting._style import actor_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.spatial.backtest import BacktestResult
    from models.spatial.eum import EUMResult

__all__ = ["plot_backtest", "plot_eum", "plot_perspective"]


def _axes(ax: Axes | None, size: tuple[float, float] = (7.0, 4.0)) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
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
    ax = _axes(ax)
    states = np.arange(result.positions.shape[0])
    for i, name in enumerate(result.actor_names):
        style: dict[str, Any] = {"marker": "o", "markersize": 3, "color": actor_color(name)}
        style |= kwargs
        ax.plot(states, result.positions[:, i, dim], label=name, **style)
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
    if isinstance(actor, str):
        if actor not in names:
            raise param_error("actor", func, "one of the result's actor_names", repr(actor))
        i = names.index(actor)
    else:
        i = _index(actor, len(names), "actor", func)
    t = _index(round, result.num_iter, "round", func)
    dim = _index(dim, result.positions.shape[2], "dim", func)
    ax = _axes(ax, (6.0, 6.0))
    others = [j for j in range(len(names)) if j != i]
    xs = result.eu_challenge[t, i, others, dim]
    ys = result.eu_rival[t, i, others, dim]
    lim = max(1.0, 1.15 * float(np.max(np.abs(np.concatenate([xs, ys])))))
    line: dict[str, Any] = {"color": "0.6", "linewidth": 0.8}
    ax.axhline(0.0, **line)
    ax.axvline(0.0, **line)
    ax.plot([-lim, lim], [-lim, lim], linestyle="--", **line)
    ax.plot([-lim, lim], [lim, -lim], linestyle="--", **line)
    h = 0.72 * lim
    label: dict[str, Any] = {"ha": "center", "va": "center", "fontsize": "small", "color": "0.45"}
    ax.text(h, 0.45 * h, "conflict\n(i gains)", **label)
    ax.text(0.45 * h, h, "conflict\n(j gains)", **label)
    ax.text(-0.45 * h, h, "compromise\n(i concedes)", **label)
    ax.text(-h, 0.45 * h, "capitulation\n(i gives in)", **label)
    ax.text(h, -0.45 * h, "compromise\n(j concedes)", **label)
    ax.text(0.45 * h, -h, "capitulation\n(j gives in)", **label)
    ax.text(-0.6 * h, -0.6 * h, "stalemate", **label)
    style: dict[str, Any] = {"s": 30, "zorder": 3}
    style |= kwargs
    ax.scatter(xs, ys, c=[actor_color(names[j]) for j in others], **style)
    groups: dict[tuple[float, float], list[str]] = {}  # rivals at one point share a label
    for j, px, py in zip(others, xs, ys, strict=True):
        groups.setdefault((float(np.round(px, 9)), float(np.round(py, 9))), []).append(names[j])
    for (px, py), members in groups.items():
        ax.annotate(", ".join(members), (px, py), textcoords="offset points",
                    xytext=(3, 3), fontsize="small", rotation=35, rotation_mode="anchor")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel(f"{names[i]}'s expected utility of challenging j")
    ax.set_ylabel(f"j's expected utility of challenging {names[i]}, as {names[i]} sees it")
    ax.set_title(f"perspective of {names[i]}, round {t}")
    return ax


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
    ax = _axes(ax, (7.0, 1.2 + 0.5 * len(result.method_names)))
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
