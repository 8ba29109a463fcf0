"""The position map: every party's ideal point and acceptable range on every issue."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from models.plotting._layout import laid_out, place_labels
from models.plotting._style import actor_color, axes_or_new, known_actor, use_actor_colors

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from positions import Issue, Scenario

__all__ = ["plot_positions"]

_COUNT_OFFSETS = ((7, -3), (-7, -3), (7, 3), (7, -9), (13, -3))


def _fit(label: str, width: int, lines: int) -> str:
    """Wrap an anchor label to ``lines`` lines of ``width`` characters, with "..." if cut."""
    import textwrap

    wrapped = textwrap.wrap(label, max(width, 8), break_on_hyphens=False)
    if len(wrapped) <= max(lines, 1):
        return "\n".join(wrapped)
    kept = wrapped[: max(lines, 1)]
    kept[-1] = kept[-1][: max(width, 8) - 1].rstrip() + "\u2026"
    return "\n".join(kept)


def plot_positions(
    scenario: Scenario,
    *,
    ax: Axes | None = None,
    issues: Sequence[str] | None = None,
    actors: Sequence[str] | None = None,
    annotate: bool = True,
    **kwargs: Any,
) -> Axes:
    """Plot the position map of a scenario.

    Issues are rows; along each row, every party's acceptable range is a line
    and its ideal point a marker whose area grows with salience x capability.
    Positions are shown as fractions of each issue's scale (0 = its low
    anchor, 1 = its high anchor), the status quo as a black bar, and the number
    of quotes behind each position is written beside its marker (left out where
    it would overlap another; the positions table has every count).

    Under each row, the labels of the scale's two end anchors, each in just under
    half the row's width and wrapped onto as many lines as fit before the next
    row (two on the default figure, 0.8 inch per issue); a label longer than that
    ends in an ellipsis, and on axes too small for one line the anchors are left
    out. Nothing is clipped: the full labels are the scenario's
    ``issue.scale.anchors``.

    Parameters
    ----------
    scenario : positions.Scenario
        The scenario to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created only when none is given.
    issues, actors : sequence of str, optional
        Subsets (and order) of issue and actor ids; default all, in scenario order.
    annotate : bool
        Write the evidence count beside each marker and the anchor labels at the ends.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the ideal points.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import positions
    >>> from models.plotting import plot_positions
    >>> ax = plot_positions(positions.load("ukraine-ceasefire-2025-05"))
    >>> ax.get_xlabel()
    'position on the issue scale (0 = low anchor, 1 = high anchor)'
    """
    height = 0.8 * len(issues or scenario.issues) + 1.6  # room for two lines of anchors
    ax = axes_or_new(ax, (9, height), layout="constrained")
    issue_ids = list(issues) if issues is not None else [i.id for i in scenario.issues]
    actor_ids = list(actors) if actors is not None else [a.id for a in scenario.parties]
    unknown = [i for i in issue_ids if i not in {x.id for x in scenario.issues}]
    unknown += [a for a in actor_ids if a not in {x.id for x in scenario.actors}]
    if unknown:
        raise ValueError(
            f"The 'issues'/'actors' parameters of plot_positions name unknown ids: {unknown}."
        )
    if not all(known_actor(a.id) for a in scenario.actors):
        use_actor_colors(a.id for a in scenario.actors)  # distinct colours for this case
    capability = {
        a.id: (a.capability.value if a.capability is not None else 0.0) for a in scenario.actors
    }
    cap_max = max([capability[a] for a in actor_ids] + [1e-12])
    n_act = max(len(actor_ids), 1)
    spread = 0.32 if n_act <= 4 else 0.5
    offsets = {a: spread * (k - (n_act - 1) / 2) / max(n_act - 1, 1)
               for k, a in enumerate(actor_ids)}
    labelled: set[str] = set()
    counts: list[tuple[tuple[float, float], str, str]] = []
    for row, issue_id in enumerate(issue_ids):
        issue = scenario.issue(issue_id)
        low, span = issue.scale.low, issue.scale.high - issue.scale.low
        y0 = len(issue_ids) - 1 - row
        ax.plot(
            [(issue.status_quo.value - low) / span] * 2,
            [y0 - 0.4, y0 + 0.4],
            color="black",
            lw=2.5,
            solid_capstyle="butt",
            zorder=1,
        )
        for actor_id in actor_ids:
            try:
                pos = scenario.position(actor_id, issue_id)
            except KeyError:
                continue
            y = y0 + offsets[actor_id]
            colour = actor_color(actor_id)
            acc = pos.acceptable
            a_lo = acc.low.value if acc is not None and acc.low is not None else issue.scale.low
            a_hi = acc.high.value if acc is not None and acc.high is not None else issue.scale.high
            ax.plot(
                [(a_lo - low) / span, (a_hi - low) / span],
                [y, y],
                color=colour,
                lw=2,
                alpha=0.55,
                zorder=2,
            )
            weight = pos.salience.value * capability[actor_id] / cap_max
            ax.scatter(
                [(pos.ideal.value - low) / span],
                [y],
                s=30 + 250 * weight,
                color=colour,
                edgecolor="white",
                linewidth=0.8,
                zorder=3,
                label=None if actor_id in labelled else actor_id,
                **kwargs,
            )
            labelled.add(actor_id)
            if annotate:
                counts.append((((pos.ideal.value - low) / span, y),
                               str(scenario.corroboration(pos).n_quotes), colour))
    ax.set_yticks(range(len(issue_ids)))
    ax.set_yticklabels([scenario.issue(i).label for i in reversed(issue_ids)])
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.7, len(issue_ids) - 0.3)
    ax.set_xlabel("position on the issue scale (0 = low anchor, 1 = high anchor)")
    fig = ax.figure
    laid_out(ax)
    chars = ax.get_window_extent().width / (9 * 0.55 * fig.dpi / 72)
    ax.set_title(
        textwrap.fill(
            f"{scenario.title}: ideal points (size: salience x capability), "
            "acceptable ranges, status quo (black)"
            + ("; numbers: quotes behind each position" if annotate else ""),
            max(int(chars), 30),
        ),
        fontsize=9,
    )
    ax.grid(axis="x", alpha=0.3)
    if labelled:  # a scenario without positions has no actor to list
        ax.legend(
            title="actor",
            fontsize=8,
            title_fontsize=8,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
        )
    if annotate:
        for (xy, text, colour) in counts:
            place_labels(ax, [xy], [text], offsets=_COUNT_OFFSETS, drop_overlapping=True,
                         fontsize=7, color=colour, marker_px=3.0)
        for row, issue_id in enumerate(issue_ids):
            issue = scenario.issue(issue_id)
            if issue.scale.anchors:
                _anchor_labels(ax, issue, len(issue_ids) - 1 - row, len(issue_ids))
    return ax


def _anchor_labels(ax: Axes, issue: Issue, y0: float, n_rows: int) -> None:
    """Write an issue's low and high anchor labels under the ends of its row.

    Each end gets just under half the row's width and as many lines as fit between
    the row's markers and the next row (wrapped, an ellipsis when cut: the full text
    is in the scenario's scale anchors).
    """
    fig = ax.figure
    frame = ax.get_window_extent()
    size = 6.5
    char_px = size * 0.55 * fig.dpi / 72
    line_px = size * 1.25 * fig.dpi / 72
    row_px = frame.height / (n_rows + 0.4)
    lines = int((0.36 * row_px) // line_px)  # between this row's markers and the next's
    if lines < 1:
        return
    width = int(0.46 * frame.width / char_px)
    first, last = issue.scale.anchors[0], issue.scale.anchors[-1]
    style: dict[str, Any] = {"fontsize": size, "va": "top", "color": "0.35",
                             "linespacing": 1.0}
    ax.text(-0.02, y0 - 0.33, _fit(first.label, width, lines), ha="left", **style)
    if last is not first:
        ax.text(1.02, y0 - 0.33, _fit(last.label, width, lines), ha="right", **style)
