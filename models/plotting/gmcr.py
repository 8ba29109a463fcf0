"""Plot of a graph model: its equilibria in options, or its states and unilateral moves.

The default view lists the status quo and the equilibria as boxes, each labelled by
the options that differ from the status quo, in a grid (reached equilibria first);
the full view places the states shown on a circle in increasing state number,
clockwise from the top, with one arrow per unilateral move. Both layouts are
deterministic and need nothing beyond matplotlib.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from models.gmcr.concepts import _resolve, _title
from models.plotting._layout import laid_out
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


_MIN_FONT = 5.0
"""Smallest font (points) of the equilibrium view's boxes: fewer boxes are shown instead."""
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


def _option_label(model: GraphModel, k: int) -> str:
    """Short label of option ``k``: its owner, then its id without the owner's prefix."""
    owner, option = model.option_owners[k], model.options[k]
    for sep in ("_", "-", ".", ":"):
        if option.startswith(owner + sep) and len(option) > len(owner) + 1:
            option = option[len(owner) + 1:]
            break
    # no-break spaces: a wrapped line breaks between options, never inside one
    return f"{owner}: {option.replace('_', chr(0xA0)).replace(' ', chr(0xA0))}"


def _changes(model: GraphModel, state: int, reference: int | None) -> list[str]:
    """List the options that differ between ``state`` and ``reference`` (1-based)."""
    if not model.options or reference is None:
        return []
    now, before = model.states[state - 1], model.states[reference - 1]
    return [
        _option_label(model, k) + ("\u00a0\u2713" if now[k] else "\u00a0\u2717")
        for k in np.flatnonzero(now != before).tolist()
    ]


def _by_owner(items: list[str], width: int = 30) -> list[str]:
    """Join option changes of one owner on one line ("USA: a \u2713, b \u2717"), wrapped."""
    import textwrap

    groups: dict[str, list[str]] = {}
    for item in items:
        owner, _, rest = item.partition(": ")
        groups.setdefault(owner, []).append(rest)
    lines: list[str] = []
    for owner, rests in groups.items():
        lines += textwrap.wrap(f"{owner}: " + ", ".join(rests), width, subsequent_indent="   ",
                               break_long_words=False, break_on_hyphens=False)
    return lines


def _equilibrium_order(marks: _Highlights, max_states: int) -> tuple[list[int], dict[int, str]]:
    """Order the equilibria to draw (1-based), reached ones first; say how each is reached."""
    reached: dict[int, str] = {}
    steps: dict[int, int] = {}
    for path, movers in marks.paths:
        if path:
            reached[path[-1]] = ", then ".join(movers) if movers else "(already there)"
            steps[path[-1]] = len(path) - 1
    model, sq = marks.model, marks.status_quo

    def key(s: int) -> tuple[int, int, int]:
        n_changes = int(np.sum(model.states[s - 1] != model.states[sq - 1])) if (
            sq is not None and model.options) else 0
        return (steps.get(s, 10**9), n_changes, s)

    chosen = sorted((s for s in marks.equilibria if s != sq), key=key)
    return chosen[: max(max_states - (sq is not None), 1)], reached


def _fit_texts(ax: Axes, texts: list[Any], cell: tuple[float, float]) -> None:
    """Shrink the fonts of ``texts`` until each box fits its grid cell (in pixels)."""
    for _ in range(4):
        renderer = laid_out(ax)
        boxes = [t.get_bbox_patch().get_window_extent(renderer) if t.get_bbox_patch()
                 else t.get_window_extent(renderer) for t in texts]
        ratio = min([1.0] + [min(0.92 * cell[0] / max(b.width, 1e-9),
                                 0.9 * cell[1] / max(b.height, 1e-9)) for b in boxes])
        if ratio >= 0.999:
            return
        for t in texts:
            t.set_fontsize(max(float(t.get_fontsize()) * ratio, 4.0))


def _choose_grid(
    contents: list[list[str]], frame: tuple[float, float], min_rows: int, dpi: float
) -> tuple[int, int, int, float]:
    """Pick the wrap width and grid (rows, columns) that let the boxes' font be largest.

    ``contents`` holds each box's option changes (unwrapped items); ``frame`` is
    the axes' size in pixels; one extra column holds the status quo. Returns the
    width, rows, columns and the largest font (points, estimated) that fits.
    """
    n = len(contents)
    if n == 0:
        return 30, 1, 0, 1.0
    pt = dpi / 72.0
    best = (-1.0, 30, 1, n)
    for width in (36, 28, 22, 16):  # wider first: fewer lines when the font is the same
        wrapped = [_by_owner(items, width) for items in contents]
        chars = max([width // 2] + [len(x) for w in wrapped for x in w])
        lines = max(len(w) for w in wrapped) + 2  # + header and padding
        for n_cols in range(1, min(n, 8) + 1):
            n_rows = max(math.ceil(n / n_cols), min(min_rows, n))
            if math.ceil(n / n_rows) < n_cols:
                continue
            cell_w, cell_h = frame[0] / (n_cols + 1), frame[1] / n_rows
            # the font (points) at which the widest and tallest box fill 90% of a cell
            scale = min(0.9 * cell_w / (chars * 0.62 * pt), 0.9 * cell_h / (lines * 1.35 * pt),
                        8.0)  # the boxes' font is 8 points at most
            if scale > best[0] + 1e-9:
                best = (scale, width, n_rows, n_cols)
    return best[1], best[2], best[3], best[0]


def _equilibrium_view(ax: Axes, marks: _Highlights, max_states: int) -> Axes:
    """Draw the status quo and the equilibria as boxes of option changes (the default view)."""
    model, sq = marks.model, marks.status_quo
    eqs, reached = _equilibrium_order(marks, max_states)
    common: list[str] = []
    if sq is not None and model.options and len(eqs) > 1:
        sets = [set(_changes(model, s, sq)) for s in eqs]
        common = [c for c in _changes(model, eqs[0], sq) if all(c in x for x in sets)]
    n_reached = sum(s in reached for s in eqs)
    _set_title(ax, marks, eqs, n_reached, common, reached)
    ax.set_axis_off()
    contents = [[c for c in _changes(model, s, sq) if c not in common] for s in eqs]
    fig = ax.figure
    laid_out(ax)
    frame = ax.get_window_extent()
    while True:  # fewer boxes until their font is at least 5 points (the title says so)
        width, n_rows, n_cols, scale = _choose_grid(contents, (frame.width, frame.height),
                                                    min(n_reached, 8), fig.dpi)
        if scale >= _MIN_FONT or len(eqs) <= 1:
            break
        eqs, contents = eqs[:-1], contents[:-1]
        n_reached = sum(s in reached for s in eqs)
    _set_title(ax, marks, eqs, n_reached, common, reached)
    laid_out(ax)
    frame = ax.get_window_extent()
    width, n_rows, n_cols, _ = _choose_grid(contents, (frame.width, frame.height),
                                            min(n_reached, 8), fig.dpi)
    n_rows = max(n_rows, 1)
    ax.set_xlim(0, n_cols + 1)
    ax.set_ylim(-n_rows, 0)
    box = {"boxstyle": "round,pad=0.4", "facecolor": "white", "linewidth": 1.0}
    texts: list[Any] = []
    sq_text = None
    if sq is not None:
        label = f"status quo\nstate {sq}" + (" (an equilibrium)" if sq in marks.equilibria
                                               else "")
        if model.options:
            taken = _by_owner([_option_label(model, k)
                               for k in np.flatnonzero(model.states[sq - 1]).tolist()], width)
            label += "\n" + ("\n".join(taken) if taken else "(no option taken)")
        sq_text = ax.text(0.5, -n_rows / 2, label, ha="center", va="center", fontsize=8,
                          bbox=box | {"boxstyle": "square,pad=0.4", "edgecolor": "black",
                                      "linewidth": 1.8, "facecolor": "#F2F2F2"}, zorder=3)
        texts.append(sq_text)
    eq_texts = {}
    for k, s in enumerate(eqs):
        col, row = divmod(k, n_rows)
        lines = _by_owner(contents[k], width)
        head = f"state {s}" + (f": {reached[s]}" if s in reached else "")
        if model.options and sq is not None and not lines:
            lines = ["(no other change)"]
        edge = "black" if s in reached else "0.45"
        t = ax.text(col + 1.5, -row - 0.5, "\n".join([head, *lines]), ha="center", va="center",
                    fontsize=8, bbox=box | {"edgecolor": edge,
                                            "linewidth": 2.2 if s in reached else 1.0},
                    zorder=3)
        texts.append(t)
        eq_texts[s] = t
    _fit_texts(ax, texts, _cell_px(ax, n_cols + 1, n_rows))
    if sq_text is not None:
        for s, t in eq_texts.items():
            how = _edge_color(marks, s)
            if how is None:
                continue
            ax.annotate("", xy=(0.0, 0.5), xycoords=t, xytext=(1.0, 0.5), textcoords=sq_text,
                        arrowprops={"arrowstyle": "-|>", "color": how, "lw": 1.6,
                                    "shrinkA": 2, "shrinkB": 2, "mutation_scale": 10},
                        zorder=1)
    return ax


def _set_title(
    ax: Axes, marks: _Highlights, eqs: list[int], n_reached: int, common: list[str],
    reached: dict[int, str],
) -> None:
    """Title of the equilibrium view: what, how many of how many, and how to read a box."""
    import textwrap

    model, sq = marks.model, marks.status_quo
    n_all = len(marks.equilibria)
    n_shown = len(eqs) + (sq in marks.equilibria)
    noun = "" if marks.title.endswith("equilibria") else (
        " equilibrium" if n_all == 1 else " equilibria")
    title = f"{marks.title}: {n_all:,}{noun} of {model.n_states:,} states"
    if n_shown < n_all:
        title += f" ({n_shown} shown)"
    notes = []
    if model.options and sq is not None:
        notes.append("Each box: the options that differ from the status quo "
                     "(\u2713 taken, \u2717 withdrawn).")
        if common:
            notes.append("In every equilibrium shown also: " + "; ".join(common) + ".")
    if reached:
        notes.append(f"Thick boxes and arrows: the {n_reached} reached from the status quo "
                     "by unilateral improvements (who moves, in order).")
    if notes:
        fig = ax.figure
        laid_out(ax)
        chars = ax.get_window_extent().width / (9 * 0.56 * fig.dpi / 72)
        title += "\n" + textwrap.fill(" ".join(notes), max(int(chars), 30))
    ax.set_title(title, fontsize=9)
def _cell_px(ax: Axes, n_cols: int, n_rows: int) -> tuple[float, float]:
    """Width and height in pixels of one grid cell of the equilibrium view."""
    laid_out(ax)
    frame = ax.get_window_extent()
    return frame.width / max(n_cols, 1), frame.height / max(n_rows, 1)


def _edge_color(marks: _Highlights, state: int) -> str | None:
    """Return the colour of the arrow into an equilibrium (its last mover's), or None."""
    for path, movers in marks.paths:
        if path and path[-1] == state and movers:
            return actor_color(movers[-1])
    if marks.status_quo is None:
        return None
    sq0, s0 = marks.status_quo - 1, state - 1
    for i, dm in enumerate(marks.model.decision_makers):
        pairs = marks.model.moves[i] - 1
        direct = np.any((pairs[:, 0] == sq0) & (pairs[:, 1] == s0))
        if direct and marks.model.payoffs[s0, i] > marks.model.payoffs[sq0, i]:
            return actor_color(dm)
    return None


def plot_graph_model(
    result: GraphModel | GraphStability | CoalitionStability | StatusQuoAnalysis,
    *,
    ax: Axes | None = None,
    concept: str = "R",
    max_states: int = 30,
    improvements_only: bool = False,
    full: bool = False,
    **kwargs: Any,
) -> Axes:
    """Draw a graph model: its equilibria in options (default), or its state graph.

    **Default: the equilibria.** For an analysis (:class:`~models.gmcr.GraphStability`,
    :class:`~models.gmcr.CoalitionStability`, :class:`~models.gmcr.StatusQuoAnalysis`)
    the figure shows the status quo (a grey square box listing the options taken in
    it) and each equilibrium as a box labelled by its state number and the options
    that differ from the status quo ("USA: sanctions \u2713" taken, "UKR: ceasefire
    \u2717" withdrawn); changes shared by every equilibrium shown are said once, under
    the title, instead of in every box. Non-equilibrium states are not drawn. An arrow
    joins the status quo to each equilibrium it reaches: by a path of unilateral
    improvements for a :class:`~models.gmcr.StatusQuoAnalysis` (the box says who moves,
    in order, and the arrow takes the last mover's colour), or by one unilateral
    improvement otherwise. At most ``max_states`` boxes are drawn, and no more than
    fit the axes with a font of at least 5 points: reached equilibria first (fewest
    moves), then by fewest changes from the status quo, then by number; the title
    says how many of how many.

    **full=True: the state graph.** States are numbered circles on a ring (in
    increasing state number, clockwise from the top); each unilateral move is an arrow
    in the colour of the decision maker who makes it (:func:`models.plotting.actor_color`),
    solid for a unilateral improvement and dashed otherwise. Equilibria are filled in
    grey with a thick outline and a bold number, the status quo is a square, and the
    moves of status-quo paths are drawn thick. All states are shown when there are at
    most ``max_states``; otherwise the first ``max_states`` of this priority list: the
    status quo; the states on the status-quo paths; the equilibria, by number; then
    the other states by the fewest unilateral moves from the status quo (states it
    cannot reach last), ties by number, or simply by number when the model has no
    status quo. Only moves between shown states are drawn. A bare
    :class:`~models.gmcr.GraphModel` (nothing to highlight) is always drawn this way.

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
        Most states (or boxes) to draw (default 30).
    improvements_only : bool
        Full graph only: draw only moves that are unilateral improvements.
    full : bool, default False
        Draw the state graph instead of the equilibria.
    **kwargs
        Full graph only: passed to :meth:`matplotlib.axes.Axes.scatter` for the nodes.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``max_states`` is not an int >= 1.
    TypeError
        If ``result`` is not a graph model or one of its analyses.

    Examples
    --------
    >>> from models import GraphModel
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]}, status_quo=1)
    >>> ax = plot_graph_model(m.stability(), concept="GMR", full=True)
    >>> sorted(t.get_text() for t in ax.texts)
    ['1', '2', '3', '4']
    >>> len(ax.patches)  # one arrow per unilateral move
    8
    >>> ax = plot_graph_model(m.stability(), concept="R")  # the equilibria only
    >>> ax.get_title()
    'Graph model: Nash equilibria: 1 of 4 states'
    >>> [t.get_text().splitlines()[0] for t in ax.texts]
    ['status quo', 'state 4']
    """
    import matplotlib.pyplot as plt

    marks = _highlights(result, concept)
    if isinstance(max_states, bool) or not isinstance(max_states, int) or max_states < 1:
        raise ValueError(
            "The 'max_states' parameter of plot_graph_model must be an int >= 1. "
            f"Got {max_states!r} instead."
        )
    is_model = hasattr(result, "moves") and hasattr(result, "payoffs")
    if not full and not is_model:
        if ax is None:
            n_boxes = min(len(marks.equilibria), max_states)
            _, ax = plt.subplots(figsize=(8.0, min(3.0 + 0.45 * n_boxes, 11.0)),
                                 layout="constrained")
        return _equilibrium_view(ax, marks, max_states)
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
    title = marks.title
    if len(shown) < n:
        eq_shown = len(set(marks.equilibria) & {s + 1 for s in shown})
        title += f"\n{len(shown)} of {n:,} states shown"
        if marks.equilibria:
            title += (f", {eq_shown} of them equilibria (grey) of "
                      f"{len(marks.equilibria):,} in all")
    ax.set_title(title)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
