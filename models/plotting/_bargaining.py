"""Figures of the bargaining solutions: utilities at a solution, and a Rubinstein split."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from models.plotting._style import actor_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.bargaining.solutions import ContinuousSolution, RubinsteinResult, Solution

__all__ = ["plot_rubinstein", "plot_solution"]


def _labels(actors: Sequence[str] | None, n: int, what: str) -> list[str]:
    if actors is None:
        return [str(i) for i in range(n)]
    labels = [str(a) for a in actors]
    if len(labels) != n:
        raise ValueError(
            f"The 'actors' parameter of {what} must name {n} actors. Got {len(labels)} instead."
        )
    return labels


def plot_solution(
    result: Solution | ContinuousSolution,
    *,
    ax: Axes | None = None,
    actors: Sequence[str] | None = None,
    **kwargs: Any,
) -> Axes:
    """Bar chart of each actor's utility at a bargaining solution.

    The disagreement payoff, when the solution has one, is marked by a black
    tick on each bar. Each actor keeps its colour (:func:`actor_color`).

    Parameters
    ----------
    result : Solution or ContinuousSolution
        The solution to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    actors : sequence of str, optional
        Actor ids, in the order of the utility columns (default "0", "1", ...).
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.bar`.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``actors`` does not name every actor.

    Examples
    --------
    >>> from models.bargaining import nash_bargaining
    >>> ax = plot_solution(nash_bargaining([[1, 4], [2, 3]], [0, 0]), actors=["USA", "RUS"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['USA', 'RUS']
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    u = np.asarray(result.utilities, dtype=float)
    labels = _labels(actors, u.size, "plot_solution")
    pos = np.arange(u.size)
    ax.bar(pos, u, color=[actor_color(a) for a in labels], **kwargs)
    if result.disagreement is not None:
        ax.scatter(
            pos, np.asarray(result.disagreement, dtype=float), marker="_", s=600,
            color="black", zorder=3, label="disagreement",
        )
        ax.legend(loc="best")
    ax.set_xticks(pos, labels)
    ax.set_xlabel("actor")
    ax.set_ylabel("utility")
    ax.set_title(result.name.replace("_", " "))
    return ax


def plot_rubinstein(
    result: RubinsteinResult,
    *,
    ax: Axes | None = None,
    players: Sequence[str] = ("1", "2"),
    **kwargs: Any,
) -> Axes:
    """Horizontal bar splitting the pie between the first and the second mover.

    Dashed lines mark the outside options measured from each end of the pie.

    Parameters
    ----------
    result : RubinsteinResult
        The split to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    players : sequence of two str, default ("1", "2")
        Ids of the first and second mover (they choose the colours).
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``players`` does not name two players.

    Examples
    --------
    >>> from models.bargaining import rubinstein
    >>> ax = plot_rubinstein(rubinstein(0.9, 0.9))
    >>> len(ax.patches)
    2
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 1.8))
    labels = _labels(players, 2, "plot_rubinstein")
    first, second = result.first_mover_share, result.second_mover_share
    ax.barh([0], [first], color=actor_color(labels[0]), label=f"{labels[0]} (first mover)",
            **kwargs)
    ax.barh([0], [second], left=[first], color=actor_color(labels[1]),
            label=f"{labels[1]} (second mover)", **kwargs)
    b1, b2 = result.outside_options
    if b1 > 0:
        ax.axvline(b1, color="black", linestyle="--", linewidth=1)
    if b2 > 0:
        ax.axvline(result.pie - b2, color="black", linestyle="--", linewidth=1)
    ax.set_xlim(0, max(result.pie, first + second))
    ax.set_yticks([])
    ax.set_xlabel("share of the pie")
    state = "immediate agreement" if result.immediate else "no agreement (opt-out)"
    ax.set_title(f"Rubinstein split: {state}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=2, frameon=False)
    return ax
