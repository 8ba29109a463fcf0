"""Figures of sequential games (:mod:`models.games.trees`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from models.plotting._style import actor_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.games.trees import GameTree, SubgamePerfectEquilibrium, ThreatCredibility

__all__ = ["plot_game_tree", "plot_threat_credibility"]

_PATH_COLOR = "#000000"
_OFF_COLOR = "#BBBBBB"


def _layout(tree: GameTree) -> dict[str, tuple[float, float]]:
    """Leaves at consecutive x in pre-order, parents centred above their children."""
    from models.games.trees import TerminalNode

    x: dict[str, float] = {}
    leaf = 0
    for node_id in tree.node_ids:
        if isinstance(tree.nodes[node_id], TerminalNode):
            x[node_id] = float(leaf)
            leaf += 1
    for node_id in reversed(tree.node_ids):
        if node_id not in x:
            x[node_id] = float(np.mean([x[c] for c in tree.children(node_id)]))
    return {n: (x[n], -float(tree.depth(n))) for n in tree.node_ids}


def _fmt(value: float) -> str:
    return f"{value:.3g}"


def plot_game_tree(
    result: GameTree | SubgamePerfectEquilibrium,
    *,
    ax: Axes | None = None,
    show_values: bool = True,
    fontsize: float = 8.0,
) -> Axes:
    """Draw a game tree, and a subgame-perfect equilibrium on it when given one.

    Decision nodes are discs in the mover's colour, chance nodes grey squares,
    terminal nodes list the payoffs top to bottom in the order of
    ``tree.players``. With an equilibrium, the chosen action at every
    decision node is drawn solid, the
    others dashed and light, the equilibrium path thick, and (with
    ``show_values``) each decision and chance node shows its backward-induction
    value.

    Parameters
    ----------
    result : GameTree or SubgamePerfectEquilibrium
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.
    show_values : bool, default True
        Annotate nodes with their equilibrium values.
    fontsize : float, default 8
        Size of the labels.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from models.games import DecisionNode, GameTree, TerminalNode, backward_induction
    >>> tree = GameTree(("A", "B"), {
    ...     "r": DecisionNode("A", {"l": "x", "r": "y"}),
    ...     "x": TerminalNode({"A": 1, "B": 0}),
    ...     "y": TerminalNode({"A": 0, "B": 1})}, root="r")
    >>> ax = plot_game_tree(backward_induction(tree))
    >>> ax.get_title()
    'Subgame-perfect equilibrium (payoffs: A, B)'
    """
    from models.games.trees import ChanceNode, DecisionNode, GameTree, TerminalNode

    if isinstance(result, GameTree):
        tree, spe = result, None
    else:
        tree, spe = result.tree, result
    if ax is None:
        import matplotlib.pyplot as plt

        n_leaves = len(tree.terminal_nodes)
        depth = max(tree.depth(n) for n in tree.node_ids)
        _, ax = plt.subplots(figsize=(max(4.0, 1.5 * n_leaves), max(3.0, 1.4 * (depth + 1))))
    pos = _layout(tree)
    index = {n: k for k, n in enumerate(tree.node_ids)}

    for node_id in tree.node_ids:
        node = tree.nodes[node_id]
        if isinstance(node, TerminalNode):
            continue
        x0, y0 = pos[node_id]
        for action, child in node.actions.items():
            x1, y1 = pos[child]
            chosen = spe is None or isinstance(node, ChanceNode) or spe.strategy[node_id] == action
            on_path = spe is not None and spe.reach[index[child]] > 0
            ax.plot(
                [x0, x1], [y0, y1],
                color=_PATH_COLOR if chosen else _OFF_COLOR,
                lw=3.0 if on_path else 1.2,
                ls="-" if chosen else "--",
                zorder=1,
            )
            label = action
            if isinstance(node, ChanceNode):
                label = f"{action} ({_fmt(float(node.probabilities[action]))})"
            side = "center" if math.isclose(x1, x0) else ("right" if x1 < x0 else "left")
            ax.annotate(
                label, (x0 + 0.45 * (x1 - x0), y0 + 0.45 * (y1 - y0)), fontsize=fontsize,
                xytext=({"right": -4, "left": 4, "center": 0}[side], 0),
                textcoords="offset points", ha=side, va="center", zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )

    for node_id in tree.node_ids:
        node = tree.nodes[node_id]
        x, y = pos[node_id]
        if isinstance(node, DecisionNode):
            ax.scatter([x], [y], s=160, color=actor_color(node.player), zorder=2,
                       edgecolors="black")
            ax.annotate(node.player, (x, y), xytext=(0, 9), textcoords="offset points",
                        ha="center", va="bottom", fontsize=fontsize, weight="bold")
        elif isinstance(node, ChanceNode):
            ax.scatter([x], [y], s=140, marker="s", color="#999999", zorder=2,
                       edgecolors="black")
            ax.annotate("chance", (x, y), xytext=(0, 9), textcoords="offset points",
                        ha="center", va="bottom", fontsize=fontsize)
        else:
            ax.scatter([x], [y], s=20, color="black", zorder=2)
            text = "\n".join(_fmt(float(node.payoffs[p])) for p in tree.players)
            ax.annotate(text, (x, y), xytext=(0, -6), textcoords="offset points",
                        ha="center", va="top", fontsize=fontsize)
        if spe is not None and show_values and not isinstance(node, TerminalNode):
            values = "(" + ", ".join(_fmt(v) for v in spe.values[index[node_id]]) + ")"
            ax.annotate(values, (x, y), xytext=(10, -2), textcoords="offset points",
                        ha="left", va="top", fontsize=fontsize * 0.9, color="#555555")

    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.25 - 0.2 * len(tree.players), max(ys) + 0.5)
    ax.set_axis_off()
    players = ", ".join(tree.players)
    title = "Subgame-perfect equilibrium" if spe is not None else "Game tree"
    ax.set_title(f"{title} (payoffs: {players})")
    return ax


def plot_threat_credibility(
    result: ThreatCredibility,
    *,
    ax: Axes | None = None,
    x: str | None = None,
    y: str | None = None,
) -> Axes:
    """Draw where the US threat is credible and where it deters.

    On a two-dimensional grid (every parameter array of one shape
    ``(n_y, n_x)``, e.g. from :func:`numpy.meshgrid`) the regions are filled
    over the two parameters that vary, ``x`` and ``y`` (found automatically
    when not given). Otherwise the shares of draws in each region are drawn as
    bars.

    Parameters
    ----------
    result : ThreatCredibility
    ax : matplotlib Axes, optional
    x, y : str, optional
        Names of the parameters on the axes (keys of ``result.parameters``).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is not a parameter of the result.

    Examples
    --------
    >>> from models import threat_credibility
    >>> ax = plot_threat_credibility(threat_credibility(
    ...     audience_cost_usa=[0.1, 0.3], sanctions_cost_usa=0.2, sanctions_cost_rus=0.3,
    ...     war_gain_rus=0.1, discount_usa=1.0, discount_rus=1.0, ceasefire_value_usa=1.0))
    >>> ax.get_ylabel()
    'share of draws'
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    regions = result.region
    labels = result.REGIONS
    colors = ("#BBBBBB", "#E69F00", "#009E73", "#56B4E9")
    for name in (x, y):
        if name is not None and name not in result.parameters:
            raise ValueError(
                f"The axis parameter of plot_threat_credibility must be one of "
                f"{sorted(result.parameters)}. Got {name!r} instead."
            )
    varying = [
        k for k, v in result.parameters.items()
        if v.ndim == 2 and np.ptp(v, axis=1).max() + np.ptp(v, axis=0).max() > 0
    ]
    if regions.ndim == 2 and (x or y or len(varying) >= 2):
        x_name = x or next(k for k in varying if np.ptp(result.parameters[k], axis=1).max() > 0)
        y_name = y or next(
            k for k in varying if k != x_name and np.ptp(result.parameters[k], axis=0).max() > 0
        )
        from matplotlib.colors import ListedColormap

        ax.pcolormesh(result.parameters[x_name], result.parameters[y_name], regions,
                      cmap=ListedColormap(colors), vmin=-0.5, vmax=len(labels) - 0.5,
                      shading="nearest")
        ax.set_xlabel(x_name)
        ax.set_ylabel(y_name)
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=c, label=lab) for c, lab in zip(colors, labels,
                                                                         strict=True)],
                  loc="best", fontsize="small")
    else:
        shares = np.bincount(np.ravel(regions), minlength=len(labels)) / max(regions.size, 1)
        ax.bar(range(len(labels)), shares, color=colors)
        ax.set_xticks(range(len(labels)), labels, rotation=15, fontsize="small")
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of draws")
    ax.set_title("Is the US sanctions threat credible? (backward induction)")
    return ax
