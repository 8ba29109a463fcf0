"""The position map: every party's ideal point and acceptable range on every issue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from models.plotting._style import actor_color, axes_or_new, known_actor, use_actor_colors

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from positions import Issue, Scenario

__all__ = ["plot_positions"]


def _short(label: str, limit: int = 42) -> str:
    """Shorten an anchor label so the two ends of a row do not overlap."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "\u2026"


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
    of quotes behind each position is written beside its marker.

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
    height = 0.55 * len(issues or scenario.issues) + 1.5
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
    offsets = {a: 0.32 * (k - (n_act - 1) / 2) / max(n_act - 1, 1) for k, a in enumerate(actor_ids)}
    labelled: set[str] = set()
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
                n = scenario.corroboration(pos).n_quotes
                ax.annotate(
                    str(n),
                    ((pos.ideal.value - low) / span, y),
                    xytext=(7, -3),
                    textcoords="offset points",
                    fontsize=7,
                    color=colour,
                )
        if annotate and issue.scale.anchors:
            _anchor_labels(ax, issue, y0)
    ax.set_yticks(range(len(issue_ids)))
    ax.set_yticklabels([scenario.issue(i).label for i in reversed(issue_ids)])
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.7, len(issue_ids) - 0.3)
    ax.set_xlabel("position on the issue scale (0 = low anchor, 1 = high anchor)")
    ax.set_title(
        f"{scenario.title}: ideal points (size: salience x capability), "
        "acceptable ranges, status quo (black)",
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
    return ax


def _anchor_labels(ax: Axes, issue: Issue, y0: float) -> None:
    """Write an issue's low and high anchor labels under the ends of its row."""
    first, last = issue.scale.anchors[0], issue.scale.anchors[-1]
    ax.text(
        -0.02,
        y0 - 0.42,
        _short(first.label),
        fontsize=6.5,
        ha="left",
        va="top",
        color="0.35",
    )
    if last is not first:
        ax.text(
            1.02,
            y0 - 0.42,
            _short(last.label),
            fontsize=6.5,
            ha="right",
            va="top",
            color="0.35",
        )
