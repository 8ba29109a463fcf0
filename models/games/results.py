"""The results of the normal-form solvers: equilibria, one equilibrium, iterated dominance.

Every result is a frozen object holding the game it came from, with
``.to_frame()`` and ``.plot(ax=None)``. The enumeration methods of
:class:`~models.games.NormalFormGame` pass their candidate profiles through
:func:`verified_equilibria`, which keeps those whose regret is at most the
tolerance, drops duplicates and lists the rest in a canonical order, so two
methods that find the same set list it the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from models._repr import compact_repr, frame_html
from models.games._common import regret_batch

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.games.normal_form import NormalFormGame

__all__ = [
    "Equilibria",
    "Equilibrium",
    "IteratedDominance",
    "frozen_equilibria",
    "verified_equilibria",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
Profile = tuple[FloatArray, ...]

PROB_ATOL = 1e-9
"""Tolerance on probabilities (a strategy played with probability 1 - PROB_ATOL is pure)."""


@dataclass(frozen=True, slots=True, eq=False)
class Equilibria:
    """A set of Nash equilibria of a :class:`NormalFormGame`.

    Iterating gives the profiles, each a tuple of per-player probability
    arrays; ``len`` gives their number. Equilibria are listed in a canonical
    order (lexicographically decreasing probabilities), so two methods that
    find the same set list it the same way.

    Attributes
    ----------
    game : NormalFormGame
        The game solved.
    probabilities : tuple of ndarray of shape (n_equilibria, m_i)
        Player ``i``'s mixed strategy in each equilibrium.
    regrets : ndarray of shape (n_equilibria,)
        The regret of each equilibrium (all at most the tolerance used).
    method : str
        The algorithm that found them.
    note : str
        What a reader should know about the result, e.g. near-equilibria left
        out by an exact comparison ("" when there is nothing to say).

    Examples
    --------
    >>> from models.games import NormalFormGame
    >>> game = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    >>> eq = game.support_enumeration()
    >>> len(eq), eq.is_pure.tolist()
    (3, [True, False, True])
    >>> eq.to_frame().head(4)
       equilibrium player strategy  probability
    0            0     P1       s1          1.0
    1            0     P1       s2          0.0
    2            0     P2       s1          1.0
    3            0     P2       s2          0.0
    """

    _repr_html_ = frame_html

    game: NormalFormGame
    probabilities: tuple[FloatArray, ...]
    regrets: FloatArray
    method: str
    note: str = ""

    def __len__(self) -> int:
        return int(self.regrets.size)

    def __iter__(self) -> Iterator[Profile]:
        for k in range(len(self)):
            yield self[k]

    def __getitem__(self, k: int) -> Profile:
        """Return equilibrium ``k`` as a tuple of per-player probability arrays."""
        return tuple(p[k].copy() for p in self.probabilities)

    def __repr__(self) -> str:
        note = f", note={self.note!r}" if self.note else ""
        return f"Equilibria(n_equilibria={len(self)}, method={self.method!r}{note})"

    @property
    def n_equilibria(self) -> int:
        """The number of equilibria."""
        return len(self)

    @property
    def profiles(self) -> list[Profile]:
        """The equilibria as a list of profiles."""
        return list(self)

    @property
    def payoffs(self) -> FloatArray:
        """Expected payoffs, ndarray of shape (n_equilibria, n_players)."""
        out = np.zeros((len(self), self.game.n_players))
        for k, prof in enumerate(self):
            out[k] = self.game.expected_payoffs(prof)
        return out

    @property
    def is_pure(self) -> NDArray[np.bool_]:
        """Whether each equilibrium is in pure strategies, ndarray of shape (n_equilibria,)."""
        ok = np.ones(len(self), dtype=bool)
        for p in self.probabilities:
            ok &= np.abs(p.max(axis=1) - 1.0) <= PROB_ATOL
        return ok

    def pure_indices(self) -> IntArray:
        """Strategy indices of the pure equilibria, ndarray of shape (n_pure, n_players).

        Examples
        --------
        >>> from models.games import NormalFormGame
        >>> pd_row = [[2, 0], [3, 1]]
        >>> NormalFormGame((pd_row, np.transpose(pd_row))).pure_equilibria().pure_indices()
        array([[1, 1]])
        """
        pure = self.is_pure
        cols = [np.argmax(p[pure], axis=1) for p in self.probabilities]
        return np.stack(cols, axis=1).astype(np.intp) if cols else np.empty((0, 0), np.intp)

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium x player x strategy with its probability.

        Returns
        -------
        pandas.DataFrame
            Columns ``equilibrium``, ``player``, ``strategy``, ``probability``.
        """
        g = self.game
        eq_col, pl_col, st_col, pr_col = [], [], [], []
        n = len(self)
        for i, p in enumerate(self.probabilities):
            m = p.shape[1]
            eq_col.append(np.repeat(np.arange(n), m))
            pl_col.append(np.full(n * m, g.players[i], dtype=object))
            st_col.append(np.tile(np.asarray(g.strategies[i], dtype=object), n))
            pr_col.append(p.reshape(-1))
        frame = pd.DataFrame(
            {
                "equilibrium": np.concatenate(eq_col),
                "player": np.concatenate(pl_col),
                "strategy": np.concatenate(st_col),
                "probability": np.concatenate(pr_col),
            }
        )
        order = np.argsort(frame["equilibrium"].to_numpy(), kind="stable")
        return frame.iloc[order].reset_index(drop=True)

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the payoff table with these equilibria marked.

        See :func:`models.plotting.plot_payoff_table`.
        """
        from models.plotting.games import plot_payoff_table

        return plot_payoff_table(self, ax=ax, **kwargs)


@dataclass(frozen=True, slots=True, eq=False)
class Equilibrium:
    """One (possibly approximate) equilibrium found by an iterative method.

    Attributes
    ----------
    game : NormalFormGame
        The game solved.
    profile : tuple of ndarray of shape (m_i,)
        One mixed strategy per player.
    regret : float
        The profile's regret (largest gain from a unilateral deviation).
    converged : bool
        Whether ``regret`` is at most the tolerance used.
    num_iter : int
        Pivots (Lemke-Howson) or path steps (logit homotopy) taken.
    max_iter : int
        The limit on ``num_iter``.
    method : str
        The algorithm used.

    Examples
    --------
    >>> from models.games import NormalFormGame
    >>> game = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    >>> eq = game.lemke_howson()
    >>> eq.profile, eq.converged
    ((array([0.5, 0.5]), array([0.5, 0.5])), True)
    """

    game: NormalFormGame
    profile: Profile
    regret: float
    converged: bool
    num_iter: int
    max_iter: int
    method: str

    def __repr__(self) -> str:
        probs = ", ".join(np.array2string(p, precision=4) for p in self.profile)
        return (
            f"Equilibrium(profile=({probs}), regret={self.regret:.3g}, "
            f"converged={self.converged}, num_iter={self.num_iter}, method={self.method!r})"
        )

    @property
    def payoffs(self) -> FloatArray:
        """Expected payoffs, ndarray of shape (n_players,)."""
        return self.game.expected_payoffs(self.profile)

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one strategy with probability one."""
        return all(abs(float(p.max()) - 1.0) <= PROB_ATOL for p in self.profile)

    def to_frame(self) -> pd.DataFrame:
        """One row per player x strategy with its probability.

        Returns
        -------
        pandas.DataFrame
            Columns ``player``, ``strategy``, ``probability``.
        """
        g = self.game
        return pd.DataFrame(
            {
                "player": [g.players[i] for i, p in enumerate(self.profile) for _ in p],
                "strategy": [s for i in range(g.n_players) for s in g.strategies[i]],
                "probability": np.concatenate(self.profile),
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the payoff table with this equilibrium marked.

        See :func:`models.plotting.plot_payoff_table`.
        """
        from models.plotting.games import plot_payoff_table

        return plot_payoff_table(self, ax=ax, **kwargs)


@dataclass(frozen=True, slots=True, eq=False)
class IteratedDominance:
    """Result of iterated elimination of strictly dominated strategies.

    Attributes
    ----------
    game : NormalFormGame
        The original game.
    surviving : tuple of ndarray of int
        Indices of each player's surviving strategies.
    round_eliminated : tuple of ndarray of int of shape (m_i,)
        The round (1, 2, ...) in which each strategy was deleted; 0 for survivors.
    n_rounds : int
        The number of rounds that deleted something.
    mixed : bool
        Whether dominance by mixed strategies was used.

    Examples
    --------
    >>> from models.games import NormalFormGame
    >>> pd_row = [[2, 0], [3, 1]]
    >>> res = NormalFormGame((pd_row, np.transpose(pd_row))).eliminate_dominated()
    >>> res.surviving_labels
    (('s2',), ('s2',))
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    game: NormalFormGame
    surviving: tuple[IntArray, ...]
    round_eliminated: tuple[IntArray, ...]
    n_rounds: int
    mixed: bool

    @property
    def surviving_labels(self) -> tuple[tuple[str, ...], ...]:
        """The labels of each player's surviving strategies."""
        return tuple(
            tuple(self.game.strategies[i][k] for k in s) for i, s in enumerate(self.surviving)
        )

    @property
    def reduced_game(self) -> NormalFormGame:
        """The game restricted to the surviving strategies."""
        return self.game.restrict([s.tolist() for s in self.surviving])

    def to_frame(self) -> pd.DataFrame:
        """One row per player x strategy: whether it survives and when it was deleted.

        Returns
        -------
        pandas.DataFrame
            Columns ``player``, ``strategy``, ``survives``, ``round_eliminated``.
        """
        g = self.game
        rows = [
            (g.players[i], g.strategies[i][k], bool(r[k] == 0), int(r[k]))
            for i, r in enumerate(self.round_eliminated)
            for k in range(r.size)
        ]
        return pd.DataFrame(rows, columns=["player", "strategy", "survives", "round_eliminated"])

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the payoff table with the deleted strategies shaded.

        See :func:`models.plotting.plot_payoff_table`.
        """
        from models.plotting.games import plot_payoff_table

        return plot_payoff_table(self, ax=ax, **kwargs)


def frozen_equilibria(
    game: NormalFormGame, probs: Sequence[FloatArray], regrets: FloatArray, method: str,
    note: str = "",
) -> Equilibria:
    """Wrap verified, distinct, ordered equilibria in a read-only :class:`Equilibria`."""
    frozen = []
    for p in probs:
        q = np.ascontiguousarray(p, dtype=np.float64)
        q.setflags(write=False)
        frozen.append(q)
    reg = np.ascontiguousarray(regrets, dtype=np.float64)
    reg.setflags(write=False)
    return Equilibria(game, tuple(frozen), reg, method, note)


def verified_equilibria(
    game: NormalFormGame, probs: Sequence[FloatArray], method: str, tol: float
) -> Equilibria:
    """Verify candidate profiles, drop failures and duplicates, sort canonically.

    Parameters
    ----------
    game : NormalFormGame
    probs : sequence of ndarray of shape (n_candidates, m_i)
        Each player's mixed strategy in every candidate.
    method : str
        The algorithm that produced them.
    tol : float
        Largest regret kept, in the game's payoff units.

    Returns
    -------
    Equilibria
        Finite candidates with regret at most ``tol``, distinct to ``1e-7``,
        in lexicographically decreasing order of their probabilities.
    """
    probs = [
        np.asarray(p, dtype=np.float64).reshape(-1, m)
        for p, m in zip(probs, game.shape, strict=True)
    ]
    finite = np.all(np.isfinite(np.concatenate(probs, axis=1)), axis=1)
    probs = [p[finite] for p in probs]
    regrets = regret_batch(game.payoffs, probs)
    ok = regrets <= tol
    probs = [p[ok] for p in probs]
    regrets = regrets[ok]
    flat = np.concatenate(probs, axis=1)
    keep = _distinct(flat)
    flat, regrets = flat[keep], regrets[keep]
    probs = [p[keep] for p in probs]
    order = np.lexsort(-np.round(flat, 9).T[::-1]) if len(flat) else np.zeros(0, np.intp)
    return frozen_equilibria(game, [p[order] for p in probs], regrets[order], method)


def _distinct(flat: FloatArray, atol: float = 1e-7) -> IntArray:
    """Return the index of the first row of each group equal within ``atol`` (max-norm)."""
    n = flat.shape[0]
    if n <= 1:
        return np.arange(n)
    if n > 4000:
        _, first = np.unique(np.round(flat, 7), axis=0, return_index=True)
        return np.sort(first)
    if n * n * flat.shape[1] <= 1_000_000:  # one broadcast; else column by column
        close = np.all(np.abs(flat[:, None, :] - flat[None, :, :]) <= atol, axis=2)
    else:
        close = np.ones((n, n), dtype=bool)
        for col in flat.T:
            close &= np.abs(col[:, None] - col[None, :]) <= atol
    order = np.arange(n)
    dup = (close & (order[:, None] > order[None, :])).any(axis=1)  # equal to an earlier row
    return np.flatnonzero(~dup)
