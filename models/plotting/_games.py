"""Figures of normal-form games (:mod:`models.games`): the payoff table."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, cast

import numpy as np

from models.plotting._style import actor_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.games.normal_form import Equilibria, Equilibrium, IteratedDominance, NormalFormGame

__all__ = ["plot_payoff_table"]

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

    # Dispatch on the attributes rather than the classes, so that a reloaded
    # models.games module (as doctest collection may do) is still recognised.
    pure: list[tuple[int, ...]] = []
    mixed: tuple[np.ndarray, ...] | None = None
    dominance: IteratedDominance | None = None
    obj = game_or_result
    if hasattr(obj, "pure_equilibria"):
        game = cast("NormalFormGame", obj)
        pure = [tuple(int(v) for v in r) for r in game.pure_equilibria().pure_indices()]
    elif hasattr(obj, "probabilities"):
        eqs = cast("Equilibria", obj)
        game = eqs.game
        pure = [tuple(int(v) for v in r) for r in eqs.pure_indices()]
        not_pure = np.flatnonzero(~eqs.is_pure)
        if not_pure.size:
            mixed = eqs[int(not_pure[0])]
    elif hasattr(obj, "profile"):
        one = cast("Equilibrium", obj)
        game = one.game
        if one.is_pure:
            pure = [tuple(int(np.argmax(p)) for p in one.profile)]
        else:
            mixed = one.profile
    elif hasattr(obj, "round_eliminated"):
        dominance = obj
        game = dominance.game
    else:
        raise TypeError(
            "plot_payoff_table needs a NormalFormGame, Equilibria, Equilibrium or "
            f"IteratedDominance. Got {type(obj).__name__} instead."
        )

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
    payoffs = game.payoffs
    n_players = game.n_players
    from matplotlib.patches import Rectangle

    for r in range(n_rows):
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
    if mark_pure:
        for prof in pure:
            c = col_profiles.index(tuple(prof[1:]))
            ax.add_patch(
                Rectangle(
                    (c, prof[0]), 1, 1, facecolor=_MARK_FILL, alpha=0.35,
                    edgecolor=_MARK_COLOR, linewidth=2.0,
                )
            )
    row_labels = list(game.strategies[0])
    col_labels = [
        "/".join(game.strategies[k + 1][s] for k, s in enumerate(rest)) for rest in col_profiles
    ]
    if dominance is not None:
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
    ax.set_xlabel(" / ".join(game.players[1:]), color=colors[1] if n_players == 2 else "black")
    ax.set_ylabel(game.players[0], color=colors[0])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax
