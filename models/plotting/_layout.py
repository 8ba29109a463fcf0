"""Text layout of figures: find colliding labels, and place labels next to their markers.

:func:`text_collisions` renders a figure and reports every pair of drawn,
non-empty texts (titles, axis and tick labels, legend entries, annotations)
whose bounding boxes overlap, and every text that reaches outside the figure.
:func:`place_labels` writes short labels beside their points, choosing for each
the first of a ring of candidate offsets whose box overlaps no label placed
before it, no other marker and no other text already on the axes, so that a
label always sits next to its own marker.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation, Text
    from matplotlib.transforms import Bbox

__all__ = [
    "TextCollision",
    "declutter_ticks",
    "drawn_texts",
    "laid_out",
    "place_labels",
    "text_collisions",
]


def laid_out(ax: Axes) -> RendererBase:
    """Lay out the figure of ``ax`` (its layout engine runs) and return its renderer.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> laid_out(ax) is fig.canvas.get_renderer()
    True
    """
    fig = ax.get_figure(root=True)
    if fig is None:
        raise ValueError("The 'ax' parameter of laid_out must be axes on a figure.")
    fig.draw_without_rendering()
    return fig.canvas.get_renderer()  # type: ignore[attr-defined,no-any-return]


class TextCollision(NamedTuple):
    """Two texts whose boxes overlap, or one text (``other`` empty) outside the figure."""

    text: str
    other: str
    overlap_px: tuple[float, float]
    """Width and height of the overlap in pixels (for a text outside the figure:
    how far it reaches beyond the figure's edge, horizontally and vertically)."""

    def __str__(self) -> str:
        w, h = self.overlap_px
        if not self.other:
            return f"{self.text!r} reaches {w:.0f} x {h:.0f} px outside the figure"
        return f"{self.text!r} overlaps {self.other!r} by {w:.0f} x {h:.0f} px"


def _tick_labels(fig: Figure) -> tuple[list[Text], set[int]]:
    """Return the tick labels matplotlib draws, and the ids of every tick label."""
    drawn: list[Text] = []
    every: set[int] = set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():  # x, y (and z)
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            every.update(id(t) for tick in ticks for t in (tick.label1, tick.label2))
            if not axis.get_visible() or not ax.axison:
                continue
            for tick in axis._update_ticks():  # type: ignore[attr-defined]
                drawn += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    return drawn, every


def _is_drawn(text: Text, renderer: RendererBase, hidden: set[int]) -> bool:
    """Tell whether ``text`` is drawn: visible, non-empty, in a visible parent, on screen.

    ``hidden`` holds the ids of texts of hidden legends.
    """
    from matplotlib.text import Annotation

    if not text.get_visible() or not text.get_text().strip():
        return False
    parent = text.axes
    if parent is not None and not parent.get_visible():
        return False
    if isinstance(text, Annotation) and not text._check_xy(renderer):  # type: ignore[attr-defined]
        return False
    return id(text) not in hidden


def drawn_texts(fig: Figure) -> list[tuple[Text, Bbox]]:
    """Return every text the figure draws, with its box in display pixels.

    The figure is laid out first (``draw_without_rendering``). Tick labels count only
    where matplotlib draws a tick; texts hidden, empty, or annotations whose point is
    outside the axes do not count. A text clipped to its axes counts with its box cut
    to the axes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    list of (matplotlib.text.Text, matplotlib.transforms.Bbox)

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("T")
    >>> "T" in [t.get_text() for t, _ in drawn_texts(fig)]
    True
    """
    from matplotlib.legend import Legend
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    hidden = {id(t) for legend in fig.findobj(Legend) if not legend.get_visible()
              for t in [*legend.get_texts(), legend.get_title()]}
    ticks, tick_ids = _tick_labels(fig)
    others = [t for t in fig.findobj(Text) if id(t) not in tick_ids]
    out: list[tuple[Text, Bbox]] = []
    for text in ticks + others:
        if not _is_drawn(text, renderer, hidden):
            continue
        box = text.get_window_extent(renderer)
        clip = text.get_clip_box()
        if text.get_clip_on() and text.axes is not None and clip is not None:
            clipped = Bbox.intersection(box, clip)
            if clipped is None:
                continue
            box = clipped
        out.append((text, box))
    return out


def text_collisions(fig: Figure, *, tolerance: float = 2.0) -> list[TextCollision]:
    """Find texts whose bounding boxes overlap, and texts that reach outside the figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, as it would be saved (its layout engine runs first).
    tolerance : float, default 2.0
        Pixels of overlap (each way) or of overreach forgiven, at the figure's dpi.

    Returns
    -------
    list of TextCollision
        Empty when every drawn text has room of its own.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 2))
    >>> _ = ax.text(0.5, 0.5, "one"); _ = ax.text(0.5, 0.5, "two")
    >>> [str(c) for c in text_collisions(fig)]  # doctest: +ELLIPSIS
    ["'one' overlaps 'two' by ..."]
    >>> plt.close(fig)
    """
    items = drawn_texts(fig)
    if not items:
        return []
    boxes = np.array([[b.x0, b.y0, b.x1, b.y1] for _, b in items], dtype=float)
    names = [t.get_text() for t, _ in items]
    found: list[TextCollision] = []
    width, height = fig.bbox.width, fig.bbox.height
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        out_x = max(0.0, -x0, x1 - width)
        out_y = max(0.0, -y0, y1 - height)
        if out_x > tolerance or out_y > tolerance:
            found.append(TextCollision(names[k], "", (out_x, out_y)))
    w = np.minimum(boxes[:, None, 2], boxes[None, :, 2]) - np.maximum(boxes[:, None, 0],
                                                                     boxes[None, :, 0])
    h = np.minimum(boxes[:, None, 3], boxes[None, :, 3]) - np.maximum(boxes[:, None, 1],
                                                                     boxes[None, :, 1])
    hit = (w > tolerance) & (h > tolerance)
    for a, b in zip(*np.nonzero(np.triu(hit, 1)), strict=True):
        found.append(TextCollision(names[a], names[b], (float(w[a, b]), float(h[a, b]))))
    return found


_RING = (
    (6, 4), (6, -12), (-6, 4), (-6, -12), (0, 9), (0, -17), (11, -4), (-11, -4),
    (12, 10), (12, -20), (-12, 10), (-12, -20), (0, 18), (0, -26), (20, -4), (-20, -4),
)
"""Candidate offsets (points) of a label from its marker, nearest first: corners, then
above, below and sides, then a second ring further out."""


def place_labels(
    ax: Axes,
    xy: Sequence[tuple[float, float]] | np.ndarray[Any, Any],
    labels: Sequence[str],
    *,
    marker_px: float = 7.0,
    offsets: Sequence[tuple[float, float]] = _RING,
    drop_overlapping: bool = False,
    avoid: Sequence[tuple[float, float]] | np.ndarray[Any, Any] | None = None,
    **text_kw: Any,
) -> list[Annotation]:
    """Write each label beside its point, clear of other labels, markers and texts.

    Each label is an annotation anchored at its own point. Labels are placed in
    order; each takes the first offset of ``offsets`` (in points) at which its box
    overlaps no label placed before it, no other point's marker (a square of
    ``2 * marker_px`` pixels), no text already on the axes and no legend, lies
    inside the axes and is clearly nearer its own point than any other; when none
    is free, the one with the least overlap (or, with ``drop_overlapping``, no
    label at all). Empty labels are skipped.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    xy : sequence of (x, y)
        The points, in data coordinates.
    labels : sequence of str
        One label per point.
    marker_px : float, default 7.0
        Half the size of a marker, in pixels.
    offsets : sequence of (dx, dy)
        Candidate offsets in points, tried in order.
    drop_overlapping : bool, default False
        Leave out a label that has no free place instead of overlapping.
    avoid : sequence of (x, y), optional
        More points (data coordinates) whose markers the labels should not cover,
        such as the points of a line drawn under them.
    **text_kw
        Passed to :meth:`matplotlib.axes.Axes.annotate` (e.g. ``fontsize``).

    Returns
    -------
    list of matplotlib.text.Annotation

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 3), layout="constrained")
    >>> _ = ax.scatter([0.5, 0.52], [0.5, 0.5])
    >>> notes = place_labels(ax, [(0.5, 0.5), (0.52, 0.5)], ["N", "U"])
    >>> text_collisions(fig)
    []
    >>> plt.close(fig)
    """
    fig = ax.figure
    renderer = laid_out(ax)
    points = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(labels) != len(points):
        raise ValueError(
            "The 'labels' parameter of place_labels must have one label per point. "
            f"Got {len(labels)} labels for {len(points)} points instead."
        )
    screen = ax.transData.transform(points)
    extra = np.asarray(avoid if avoid is not None else np.zeros((0, 2)), dtype=float)
    extra_screen = ax.transData.transform(extra.reshape(-1, 2)) if extra.size else extra
    taken = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip()]
    legend = ax.get_legend()
    if legend is not None:
        taken.append(legend.get_window_extent(renderer))
    frame = ax.get_window_extent(renderer)
    scale = fig.dpi / 72.0
    notes: list[Annotation] = []
    for k, label in enumerate(labels):
        if not label:
            continue
        best: tuple[float, Annotation | None] = (np.inf, None)
        for dx, dy in offsets:
            note = ax.annotate(
                label, tuple(points[k]), xytext=(dx, dy), textcoords="offset points",
                ha="left" if dx > 0 else ("right" if dx < 0 else "center"), **text_kw,
            )
            box = note.get_window_extent(renderer)
            cost = sum(_overlap(box, t) for t in taken)
            others = np.delete(screen, k, axis=0)
            for ox, oy in others:
                cost += _overlap_xy(box, ox, oy, marker_px)
            for ox, oy in extra_screen.reshape(-1, 2):
                cost += 0.25 * _overlap_xy(box, ox, oy, 3.0)
            cost += _outside(box, frame)
            # a label nearer another marker than its own would be read as that marker's
            centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
            own = float(np.hypot(*(centre - screen[k])))
            if others.size and float(np.min(np.hypot(*(others - centre).T))) < 1.4 * own:
                cost += 1.0 + 0.01 * own * scale
            if cost < best[0]:
                if best[1] is not None:
                    best[1].remove()
                best = (cost, note)
            else:
                note.remove()
            if cost == 0:
                break
        placed = best[1]
        if placed is not None and drop_overlapping and best[0] > 0:
            placed.remove()
            placed = None
        if placed is not None:
            taken.append(placed.get_window_extent(renderer))
            notes.append(placed)
    return notes


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return float(w * h) if w > 0 and h > 0 else 0.0


def _overlap_xy(a: Bbox, x: float, y: float, r: float) -> float:
    w = min(a.x1, x + r) - max(a.x0, x - r)
    h = min(a.y1, y + r) - max(a.y0, y - r)
    return float(w * h) if w > 0 and h > 0 else 0.0


def _outside(a: Bbox, frame: Bbox) -> float:
    inside = _overlap(a, frame)
    return float(a.width * a.height - inside) * 2.0


def declutter_ticks(ax: Axes, which: str = "x", *, gap_px: float = 3.0) -> int:
    """Keep an axis's tick labels apart: rotate the x labels, then label every k-th tick.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    which : {'x', 'y'}
        The axis.
    gap_px : float
        Least room between two labels, in pixels.

    Returns
    -------
    int
        ``k``: every k-th tick keeps its label (1 when all fit).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 2), layout="constrained")
    >>> _ = ax.set_xticks(range(12), [f"{v:.4f}" for v in range(12)])
    >>> declutter_ticks(ax) > 1 and text_collisions(fig) == []
    True
    >>> plt.close(fig)
    """
    axis = ax.xaxis if which == "x" else ax.yaxis
    locs = list(axis.get_ticklocs())
    laid_out(ax)
    labels = [t.get_text() for t in axis.get_ticklabels()]
    step, rotated = 1, False
    for _ in range(len(labels) + 1):
        renderer = laid_out(ax)
        boxes = [t.get_window_extent(renderer) for t in axis.get_ticklabels()
                 if t.get_visible() and t.get_text()]
        crowded = any(
            (min(a.x1, b.x1) - max(a.x0, b.x0) > -gap_px)
            and (min(a.y1, b.y1) - max(a.y0, b.y0) > -gap_px)
            for a, b in itertools.pairwise(boxes)
        )
        if not crowded:
            return step
        if which == "x" and not rotated:
            rotated = True
            ax.tick_params(axis="x", labelrotation=45)
            for t in axis.get_ticklabels():
                t.set_horizontalalignment("right")
                t.set_rotation_mode("anchor")
            continue
        step += 1
        axis.set_ticks(locs, [lab if k % step == 0 else "" for k, lab in enumerate(labels)])
    return step
