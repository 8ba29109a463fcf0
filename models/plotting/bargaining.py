"""Figures of the bargaining family: solutions, Rubinstein, the bargaining space."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from models._checks import param_error
from models.bargaining.registry import SOLUTIONS
from models.plotting._layout import place_labels
from models.plotting._style import actor_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.bargaining.bargain import BargainResult
    from models.bargaining.results import ContinuousSolution, RubinsteinResult, Solution

__all__ = ["plot_bargaining_space", "plot_rubinstein", "plot_solution"]


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
    >>> from models.bargaining import solve
    >>> ax = plot_solution(solve([[1, 4], [2, 3]], [0, 0]), actors=["union", "city"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['union', 'city']
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
    spec = SOLUTIONS.get(result.name)
    ax.set_title(result.name.replace("_", " ") if spec is None else spec.title)
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
    ax.set_ylim(-0.5, 1.4)  # room above the bar for the legend, inside the axes
    ax.legend(loc="upper center", ncol=2, frameon=False)
    return ax


_ZOPA_COLOR = "#009E73"


def _pair(result: BargainResult, actors: Sequence[str] | None) -> tuple[str, str]:
    func = "plot_bargaining_space"
    if result.n_actors < 2:
        raise param_error("result", func, "a result with at least two parties",
                          f"{result.n_actors} party")
    if actors is None:
        return result.actor_ids[0], result.actor_ids[1]
    pair = tuple(actors)
    if len(pair) != 2 or pair[0] == pair[1] or any(a not in result.actor_ids for a in pair):
        raise param_error(
            "actors", func, f"two distinct parties of the result ({', '.join(result.actor_ids)})",
            repr(actors),
        )
    return str(pair[0]), str(pair[1])


def _near_groups(ax: Axes, xy: np.ndarray[Any, Any], px: float = 9.0) -> list[list[int]]:
    """Group points whose markers nearly coincide on screen (within ``px`` pixels)."""
    screen = ax.transData.transform(xy) if len(xy) else xy
    groups: list[list[int]] = []
    for k in range(len(xy)):
        for g in groups:
            if float(np.hypot(*(screen[g[0]] - screen[k]))) < px:
                g.append(k)
                break
        else:
            groups.append([k])
    return groups


def _projection_frontier(points: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Return the Pareto frontier of 2-D points, sorted by the first coordinate."""
    from models.bargaining.frontier import pareto_frontier

    unique = np.unique(np.round(points, 12), axis=0)
    front = unique[np.asarray(pareto_frontier(unique), dtype=np.intp)]
    return front[np.argsort(front[:, 0], kind="stable")]


def plot_bargaining_space(
    result: BargainResult,
    *,
    ax: Axes | None = None,
    actors: Sequence[str] | None = None,
    **kwargs: Any,
) -> Axes:
    """Plot the utility space of two parties: outcomes, frontier, ZOPA, ``d`` and solutions.

    Every outcome is a faint point (its utilities to the two parties); the
    outcomes acceptable to all parties are darker, the ZOPA's are green. The
    staircase joins the Pareto frontier of the projection (of the acceptable
    outcomes, or of all outcomes when red lines exclude every one). The
    disagreement point ``d`` and each defined solution are marked and tagged
    with the marker, colour and short label of its entry in
    :data:`models.bargaining.SOLUTIONS` (N: Nash, KS: Kalai-Smorodinsky, ...;
    full names in the legend); solutions at the same point share one tag
    ("N = KS"; "N \u2248 E" when their markers nearly coincide, drawn in decreasing
    size so that none is hidden), and each tag is an annotation anchored at its own marker, placed
    where it overlaps no other tag, marker or text and lies nearer its own marker
    than any other (:func:`~models.plotting.place_labels`). The axis labels take
    the parties' colours. With more than
    two parties, a solution lies on the frontier of all parties' utilities, not
    necessarily on that of the two shown.

    Parameters
    ----------
    result : BargainResult
    ax : matplotlib Axes, optional
        Where to draw (a new figure when None).
    actors : pair of str, optional
        The parties on the x and y axes (default: the result's first two
        parties, in the scenario's order).
    **kwargs
        Passed to the scatter of all outcomes (e.g. ``s``, ``alpha``).

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If ``actors`` is not two distinct parties of the result.

    Examples
    --------
    >>> import positions, models
    >>> result = models.bargain(positions.load("ukraine-ceasefire-2025-05"))
    >>> ax = plot_bargaining_space(result, actors=("RUS", "UKR"))
    >>> ax.get_xlabel()
    'Utility of RUS'
    """
    a, b = _pair(result, actors)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.5, 5.5))
    i, j = result.actor_ids.index(a), result.actor_ids.index(b)
    U2 = result.U[:, [i, j]]
    every = np.unique(np.round(U2, 12), axis=0)
    style: dict[str, Any] = {
        "s": 8, "color": "#BBBBBB", "alpha": 0.35, "linewidths": 0, "rasterized": True
    }
    style.update(kwargs)
    ax.scatter(every[:, 0], every[:, 1], label="outcomes", **style)
    if result.feasible.size:
        feasible = np.unique(np.round(U2[result.feasible], 12), axis=0)
        ax.scatter(feasible[:, 0], feasible[:, 1], s=10, color="#666666", alpha=0.6,
                   linewidths=0, label="within every red line")
        front = _projection_frontier(U2[result.feasible])
        front_label = "Pareto frontier"
    else:
        front = _projection_frontier(U2)
        front_label = "Pareto frontier (ignoring red lines)"
    # a discrete frontier: its points, joined by the staircase that bounds what they dominate
    ax.plot(front[:, 0], front[:, 1], "o-", color="#333333", lw=0.9, ms=3,
            drawstyle="steps-pre", label=front_label)
    if result.zopa.size:
        zone = np.unique(np.round(U2[result.zopa], 12), axis=0)
        ax.scatter(zone[:, 0], zone[:, 1], s=18, color=_ZOPA_COLOR, alpha=0.8, linewidths=0,
                   label="ZOPA")
    d = result.d[[i, j]]
    ax.scatter([d[0]], [d[1]], marker="X", s=90, color="#000000", zorder=5,
               label="disagreement point")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    defined = [s for s in result.solutions.values() if s is not None]
    xy = np.array([[s.utilities[i], s.utilities[j]] for s in defined], dtype=float).reshape(-1, 2)
    groups = _near_groups(ax, xy)
    tags: list[tuple[tuple[float, float], str]] = [((float(d[0]), float(d[1])), "d")]
    sizes = {k: 110.0 * 0.55**n for members in groups for n, k in enumerate(members)}
    for k, sol in enumerate(defined):  # near-coincident markers shrink in turn: none hidden
        spec = SOLUTIONS.get(sol.name)
        ax.scatter([xy[k, 0]], [xy[k, 1]], marker="o" if spec is None else spec.marker,
                   s=sizes[k], zorder=6 + 0.01 * k, edgecolors="white", label=sol.title,
                   color="#000000" if spec is None else spec.color)
    for members in groups:
        # one tag per group, "N = KS" at one outcome, "N ~ E" a pixel or two apart
        names = [defined[k].title if SOLUTIONS.get(defined[k].name) is None
                 else SOLUTIONS[defined[k].name].label for k in members]
        same = np.allclose(xy[members], xy[members[0]], atol=1e-9)
        tags.append(((float(xy[members[0], 0]), float(xy[members[0], 1])),
                     (" = " if same else " \u2248 ").join(names)))
    halo = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none",
            "alpha": 0.75}
    place_labels(ax, [t[0] for t in tags], [t[1] for t in tags], fontsize=8,
                 fontweight="bold", zorder=7, marker_px=8.0, avoid=front, bbox=halo)
    ax.set_xlabel(f"Utility of {a}", color=actor_color(a))
    ax.set_ylabel(f"Utility of {b}", color=actor_color(b))
    title = f"Bargaining space: {a} and {b}"
    if result.zopa.size == 0:
        title += " (empty ZOPA)"
    ax.set_title(title)
    ax.legend(loc="lower left", fontsize=7, framealpha=0.8)
    return ax
