"""Forecasts of each issue by each method, on one chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.spatial.forecast import ForecastResult

__all__ = ["plot_forecasts"]

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
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 0.5 * len(result.issue_ids) + 1.5), layout="constrained")
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
