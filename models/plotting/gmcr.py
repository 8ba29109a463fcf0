"""Plot of a graph model: states as nodes, unilateral moves as arrows, equilibria highlighted.

The layout is deterministic and needs nothing beyond matplotlib: the states
shown are placed on a circle in increasing state number, clockwise from the top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from models.gmcr.concepts import _resolve, _title
from models.plotting._style import actor_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.gmcr import (
        CoalitionStability,
        GraphModel,
        GraphStability,
        StatusQuoAnalysis,
    )

__all__ = ["plot_graph_model"]


_EQ_FILL = "#BDBDBD"  # grey: no actor colour is grey, so equilibria never blend with arrows


def _nearest_states(model: GraphModel, start: int) -> list[int]:
    """States (0-based) in order of the fewest unilateral moves from ``start``, then by number."""
    n = model.n_states
    dist = np.full(n, -1)
    dist[start] = 0
    frontier = np.zeros(n, dtype=bool)
    frontier[start] = True
    step = 0
    while frontier.any():
        step += 1
        nxt = np.zeros(n, dtype=bool)
        for pairs in model.moves:
            src, dst = pairs[:, 0] - 1, pairs[:, 1] - 1
            hit = dst[frontier[src]]
            hit = hit[dist[hit] < 0]
            dist[hit] = step
            nxt[hit] = True
        frontier = nxt
    key = np.where(dist < 0, n + 1, dist)
    return [int(s) for s in np.lexsort((np.arange(n), key))]


class _Highlights(NamedTuple):
    """What a result asks the plot to show on top of its model's graph."""

    model: GraphModel
    title: str
    equilibria: tuple[int, ...]
    paths: list[tuple[tuple[int, ...], tuple[str, ...]]]
    status_quo: int | None


def _highlights(result: Any, concept: str) -> _Highlights:
    """Read the model, title, equilibria, status-quo paths and status quo of a result.

    Dispatch is on the result's fields rather than its class, so that a result
    whose module was imported twice (e.g. by doctest collection) still plots.
    """
    paths: list[tuple[tuple[int, ...], tuple[str, ...]]] = []
    if hasattr(result, "moves") and hasattr(result, "payoffs"):
        model, title, equilibria = result, "Graph model", ()
    elif hasattr(result, "concepts"):
        model = result.model
        key = _resolve(concept, "plot_graph_model")
        equilibria = result.equilibria(key)
        title = f"Graph model: {_title(key)} equilibria"
    elif hasattr(result, "coalitions"):
        model, equilibria = result.model, result.equilibria()
        title = "Graph model: CNash equilibria"
    elif hasattr(result, "paths"):
        model, equilibria = result.model, result.equilibria
        paths = [(p, w) for p, w in zip(result.paths, result.movers, strict=True) if p]
        title = f"Status quo analysis ({result.concept}, {result.moves})"
    else:
        raise TypeError(
            "The 'result' parameter of plot_graph_model must be a GraphModel, GraphStability, "
            f"CoalitionStability or StatusQuoAnalysis. Got {type(result).__name__} instead."
        )
    status_quo: int | None = getattr(result, "status_quo", None) or model.status_quo
    return _Highlights(model, title, equilibria, paths, status_quo)


def _shown_states(marks: _Highlights, max_states: int) -> list[int]:
    """Choose the states to draw (0-based, sorted): all, or ``max_states`` by priority."""
    n = marks.model.n_states
    if n <= max_states:
        return list(range(n))
    status_quo = marks.status_quo
    order: list[int] = []
    if status_quo is not None:
        order.append(status_quo - 1)
    for path, _ in marks.paths:
        order += [s - 1 for s in path]
    order += [s - 1 for s in marks.equilibria]
    rest = _nearest_states(marks.model, status_quo - 1) if status_quo is not None else range(n)
    order += list(rest)
    shown: list[int] = []
    for s in order:
        if s not in shown:
            shown.append(s)
        if len(shown) == max_states:
            break
    return sorted(shown)


def _draw_moves(
    ax: Axes,
    marks: _Highlights,
    where: dict[int, int],
    xy: NDArray[np.float64],
    improvements_only: bool,
) -> None:
    """One arrow per unilateral move between shown states, in the mover's colour."""
    from matplotlib.patches import FancyArrowPatch

    model = marks.model
    path_moves = {
        (p[k] - 1, p[k + 1] - 1, w[k]) for p, w in marks.paths for k in range(len(p) - 1)
    }
    for i, dm in enumerate(model.decision_makers):
        color = actor_color(dm)
        for a, b in (model.moves[i] - 1).tolist():
            if a not in where or b not in where:
                continue
            up = model.payoffs[b, i] > model.payoffs[a, i]
            if improvements_only and not up:
                continue
            on_path = (a, b, dm) in path_moves
            ax.add_patch(
                FancyArrowPatch(
                    posA=(float(xy[where[a], 0]), float(xy[where[a], 1])),
                    posB=(float(xy[where[b], 0]), float(xy[where[b], 1])),
                    arrowstyle="-|>",
                    mutation_scale=11,
                    color=color,
                    lw=3.0 if on_path else (1.4 if up else 0.9),
                    linestyle="-" if up or on_path else "--",
                    alpha=1.0 if up or on_path else 0.55,
                    shrinkA=11,
                    shrinkB=11,
                    connectionstyle=f"arc3,rad={0.12 + 0.06 * i:.2f}",
                    zorder=1,
                )
            )


def _draw_states(
    ax: Axes, marks: _Highlights, shown: list[int], xy: NDArray[np.float64], style: dict[str, Any]
) -> None:
    """Draw the states: numbered circles, equilibria grey and bold, the status quo a square."""
    status_quo = marks.status_quo
    eq0 = {s - 1 for s in marks.equilibria}
    face = [_EQ_FILL if s in eq0 else "white" for s in shown]
    edge = ["black" if s in eq0 else "0.35" for s in shown]
    width = [2.6 if s in eq0 else 1.0 for s in shown]
    normal = [k for k, s in enumerate(shown) if status_quo is None or s != status_quo - 1]
    ax.scatter(xy[normal, 0], xy[normal, 1], c=[face[k] for k in normal],
               edgecolors=[edge[k] for k in normal], linewidths=[width[k] for k in normal],
               marker="o", **style)
    if status_quo is not None and status_quo - 1 in shown:
        k = shown.index(status_quo - 1)
        ax.scatter(xy[[k], 0], xy[[k], 1], c=[face[k]], edgecolors=[edge[k]],
                   linewidths=[max(width[k], 1.8)], marker="s", **style)
    size = 8 if marks.model.n_states < 1000 else 6.5
    for k, s in enumerate(shown):
        ax.text(xy[k, 0], xy[k, 1], str(s + 1), ha="center", va="center", fontsize=size,
                fontweight="bold" if s in eq0 else "normal", zorder=3)


def _legend(ax: Axes, marks: _Highlights) -> None:
    """One line per decision maker, then the equilibrium and status-quo markers."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=actor_color(dm), lw=1.6, label=dm)
        for dm in marks.model.decision_makers
    ]
    if marks.equilibria:
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor=_EQ_FILL,
                              markeredgecolor="black", markersize=10, label="equilibrium"))
    if marks.status_quo is not None:
        handles.append(Line2D([], [], marker="s", ls="", markerfacecolor="white",
                              markeredgecolor="0.2", markersize=9, label="status quo"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize=8)


def plot_graph_model(
    result: GraphModel | GraphStability | CoalitionStability | StatusQuoAnalysis,
    *,
    ax: Axes | None = None,
    concept: str = "R",
    max_states: int = 30,
    improvements_only: bool = False,
    **kwargs: Any,
) -> Axes:
    """Draw the state graph of a graph model, with its equilibria and paths.

    States are numbered circles on a ring (in increasing state number,
    clockwise from the top); each unilateral move is an arrow in the colour of
    the decision maker who makes it (:func:`models.plotting.actor_color`), solid
    for a unilateral improvement and dashed otherwise. Equilibria are filled in
    grey with a thick outline and a bold number, the status quo is a square, and the moves of
    status-quo paths are drawn thick.

    **Which states are shown.** All of them when there are at most
    ``max_states``. Otherwise the first ``max_states`` of this priority list:
    the status quo; the states on the status-quo paths (for a
    :class:`~models.gmcr.StatusQuoAnalysis`); the equilibria, by number; then the
    other states by the fewest unilateral moves from the status quo (states it
    cannot reach last), ties by number, or simply by number when the model has
    no status quo. Only moves between shown states are drawn.

    Parameters
    ----------
    result : GraphModel, GraphStability, CoalitionStability or StatusQuoAnalysis
        A model (nothing highlighted) or an analysis of one.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created when omitted.
    concept : str, default 'R'
        The concept (:data:`models.gmcr.CONCEPTS`, by name or alias) whose
        equilibria to highlight for a :class:`~models.gmcr.GraphStability` (the
        other results carry their own).
    max_states : int
        Most states to draw (default 30).
    improvements_only : bool
        Draw only moves that are unilateral improvements.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the nodes.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from models import GraphModel
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]}, status_quo=1)
    >>> ax = plot_graph_model(m.stability(), concept="GMR")
    >>> sorted(t.get_text() for t in ax.texts)
    ['1', '2', '3', '4']
    >>> len(ax.patches)  # one arrow per unilateral move
    8
    """
    import matplotlib.pyplot as plt

    marks = _highlights(result, concept)
    if isinstance(max_states, bool) or not isinstance(max_states, int) or max_states < 1:
        raise ValueError(
            "The 'max_states' parameter of plot_graph_model must be an int >= 1. "
            f"Got {max_states!r} instead."
        )
    shown = _shown_states(marks, max_states)
    where = {s: k for k, s in enumerate(shown)}
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(shown)) / max(len(shown), 1)
    xy = np.column_stack([np.cos(angle), np.sin(angle)])
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 6.5))
    _draw_moves(ax, marks, where, xy, improvements_only)
    _draw_states(ax, marks, shown, xy, {"s": 420, "zorder": 2} | kwargs)
    _legend(ax, marks)
    n = marks.model.n_states
    shown_note = "" if len(shown) == n else f" ({len(shown)} of {n} states)"
    ax.set_title(marks.title + shown_note)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
