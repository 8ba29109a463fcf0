"""Figures of the games family: payoff tables, game trees, threat credibility."""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, cast

import numpy as np

from models.plotting._style import actor_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.games.normal_form import NormalFormGame
    from models.games.results import Equilibria, Equilibrium, IteratedDominance
    from models.games.threat import ThreatCredibility
    from models.games.trees import GameTree, SubgamePerfectEquilibrium

__all__ = ["plot_game_tree", "plot_payoff_table", "plot_threat_credibility"]


MAX_CELLS = 400
"""Largest table drawn (rows x columns)."""
_MARK_COLOR = "#000000"
_MARK_FILL = "#F0E442"
_DELETED = "#BBBBBB"


def _fmt(value: float) -> str:
    return f"{value:.3g}"


def plot_payoff_table(
    game_or_result: NormalFormGame | Equilibria | Equilibrium | IteratedDominance,
    *,
    ax: Axes | None = None,
    fontsize: float = 9.0,
    mark_pure: bool = True,
) -> Axes:
    """Draw a game's payoff table and mark its pure equilibria.

    Rows are the first player's strategies; columns are the second player's
    (for three or more players, every combination of the other players'
    strategies, labelled ``a/b/...``). Each cell lists the payoffs in player
    order, each in that player's colour (:func:`~models.plotting.actor_color`).

    What is marked depends on the argument:

    * a game: its pure equilibria (computed from the payoffs, which is a
      reading of the table, not a model run);
    * an :class:`~models.games.Equilibria` or :class:`~models.games.Equilibrium`:
      the pure equilibria among them, and for mixed ones the probabilities
      in the margins (of the first mixed equilibrium, if several);
    * an :class:`~models.games.IteratedDominance`: the deleted strategies are
      shaded and labelled with their round.

    Parameters
    ----------
    game_or_result : NormalFormGame, Equilibria, Equilibrium or IteratedDominance
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created when None.
    fontsize : float, default 9
        Size of the payoff text.
    mark_pure : bool, default True
        Outline and fill the cells of pure equilibria.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If the argument is none of the accepted types.
    ValueError
        If the table has more than 400 cells.

    Examples
    --------
    >>> from models.games import NormalFormGame
    >>> game = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    >>> ax = plot_payoff_table(game.support_enumeration())
    >>> len(ax.patches)  # 4 cells, 2 pure equilibria marked
    6
    """
    import matplotlib.pyplot as plt

    game, pure, mixed, dominance = _table_marks(game_or_result)
    shape = game.shape
    n_rows = shape[0]
    col_profiles = list(itertools.product(*(range(m) for m in shape[1:])))
    n_cols = len(col_profiles)
    if n_rows * n_cols > MAX_CELLS:
        raise ValueError(
            f"plot_payoff_table draws at most {MAX_CELLS} cells. Got a table of "
            f"{n_rows} x {n_cols} instead."
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 + 1.1 * n_cols, 0.9 + 0.6 * n_rows))
    colors = [actor_color(p) for p in game.players]
    _draw_cells(ax, game, col_profiles, colors, fontsize)
    if mark_pure:
        _mark_pure(ax, pure, col_profiles)
    row_labels = list(game.strategies[0])
    col_labels = [
        "/".join(game.strategies[k + 1][s] for k, s in enumerate(rest)) for rest in col_profiles
    ]
    if dominance is not None:
        _shade_dominated(ax, dominance, col_profiles, row_labels, col_labels)
    if mixed is not None:
        row_labels = [f"{lab} ({mixed[0][r]:.2f})" for r, lab in enumerate(row_labels)]
        col_labels = [
            lab + "\n(" + "/".join(f"{mixed[k + 1][s]:.2f}" for k, s in enumerate(rest)) + ")"
            for lab, rest in zip(col_labels, col_profiles, strict=True)
        ]
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_xticks(np.arange(n_cols) + 0.5)
    ax.set_xticklabels(col_labels, rotation=0 if n_cols <= 4 else 45, fontsize=fontsize)
    ax.set_yticks(np.arange(n_rows) + 0.5)
    ax.set_yticklabels(row_labels, fontsize=fontsize)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(" / ".join(game.players[1:]), color=colors[1] if game.n_players == 2 else "black")
    ax.set_ylabel(game.players[0], color=colors[0])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


def _table_marks(
    obj: object,
) -> tuple[NormalFormGame, list[tuple[int, ...]], tuple[np.ndarray, ...] | None,
           IteratedDominance | None]:
    """Return the game, its pure equilibria to mark, a mixed profile and a dominance result.

    Dispatch on the attributes rather than the classes, so that a reloaded
    models.games module (as doctest collection may do) is still recognised.
    """
    if hasattr(obj, "pure_equilibria"):
        game = cast("NormalFormGame", obj)
        pure = [tuple(int(v) for v in r) for r in game.pure_equilibria().pure_indices()]
        return game, pure, None, None
    if hasattr(obj, "probabilities"):
        eqs = cast("Equilibria", obj)
        pure = [tuple(int(v) for v in r) for r in eqs.pure_indices()]
        not_pure = np.flatnonzero(~eqs.is_pure)
        return eqs.game, pure, eqs[int(not_pure[0])] if not_pure.size else None, None
    if hasattr(obj, "profile"):
        one = cast("Equilibrium", obj)
        if one.is_pure:
            return one.game, [tuple(int(np.argmax(p)) for p in one.profile)], None, None
        return one.game, [], one.profile, None
    if hasattr(obj, "round_eliminated"):
        dominance = cast("IteratedDominance", obj)
        return dominance.game, [], None, dominance
    raise TypeError(
        "plot_payoff_table needs a NormalFormGame, Equilibria, Equilibrium or "
        f"IteratedDominance. Got {type(obj).__name__} instead."
    )


def _draw_cells(
    ax: Axes, game: NormalFormGame, col_profiles: list[tuple[int, ...]], colors: list[str],
    fontsize: float,
) -> None:
    """Draw one framed cell per row x column profile, each player's payoff in its colour."""
    from matplotlib.patches import Rectangle

    payoffs = game.payoffs
    n_players = game.n_players
    for r in range(game.shape[0]):
        for c, rest in enumerate(col_profiles):
            ax.add_patch(
                Rectangle((c, r), 1, 1, facecolor="white", edgecolor=_DELETED, linewidth=0.8)
            )
            cell = (r, *rest)
            for k in range(n_players):
                ax.text(
                    c + (k + 0.5) / n_players, r + 0.5, _fmt(float(payoffs[(k, *cell)])),
                    ha="center", va="center", fontsize=fontsize, color=colors[k],
                )


def _mark_pure(
    ax: Axes, pure: list[tuple[int, ...]], col_profiles: list[tuple[int, ...]]
) -> None:
    """Outline and fill the cells of the pure equilibria."""
    from matplotlib.patches import Rectangle

    for prof in pure:
        c = col_profiles.index(tuple(prof[1:]))
        ax.add_patch(
            Rectangle(
                (c, prof[0]), 1, 1, facecolor=_MARK_FILL, alpha=0.35,
                edgecolor=_MARK_COLOR, linewidth=2.0,
            )
        )


def _shade_dominated(
    ax: Axes, dominance: IteratedDominance, col_profiles: list[tuple[int, ...]],
    row_labels: list[str], col_labels: list[str],
) -> None:
    """Shade the deleted rows and columns; add their round to the labels (in place)."""
    from matplotlib.patches import Rectangle

    n_rows, n_cols = len(row_labels), len(col_profiles)
    for r in np.flatnonzero(dominance.round_eliminated[0]).tolist():
        ax.add_patch(Rectangle((0, r), n_cols, 1, facecolor=_DELETED, alpha=0.5, linewidth=0))
        row_labels[r] += f"\n(round {int(dominance.round_eliminated[0][r])})"
    for c, rest in enumerate(col_profiles):
        gone = [int(dominance.round_eliminated[k + 1][s]) for k, s in enumerate(rest)]
        if any(gone):
            ax.add_patch(
                Rectangle((c, 0), 1, n_rows, facecolor=_DELETED, alpha=0.5, linewidth=0)
            )
            col_labels[c] += f"\n(round {max(gone)})"


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
    """Draw where a threat is credible and where it deters.

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
    ...     audience_cost=[0.1, 0.3], threat_cost_threatener=0.2, threat_cost_target=0.3,
    ...     war_gain_target=0.1))
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
    title = result.labels.get("title")
    question = "Is the threat credible? (backward induction)"
    ax.set_title(f"{title}\n{question}" if title else question, fontsize="medium")
    return ax
