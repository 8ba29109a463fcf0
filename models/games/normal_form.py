r"""Normal-form games: pure, mixed and approximate Nash equilibria, and dominance.

A finite game in normal (strategic) form has players :math:`i = 1, \ldots, N`,
each with pure strategies :math:`s_i \in \{1, \ldots, m_i\}` and a payoff
array :math:`u_i` of shape :math:`(m_1, \ldots, m_N)`. A mixed strategy
:math:`\sigma_i` is a probability vector over player :math:`i`'s strategies,
and the expected payoff of a profile :math:`\sigma = (\sigma_1, \ldots, \sigma_N)`
is multilinear,

.. math::

    u_i(\sigma) = \sum_{s} u_i(s) \prod_{k} \sigma_k(s_k).

The *regret* of a profile is the largest gain any one player can make by a
unilateral deviation,

.. math::

    \operatorname{regret}(\sigma) = \max_i \Bigl[\max_{s_i} u_i(s_i, \sigma_{-i})
    - u_i(\sigma)\Bigr] \ge 0,

and :math:`\sigma` is a Nash equilibrium iff its regret is zero (Nash 1951).
Every equilibrium this module returns has been checked to have regret at most
a tolerance ``tol``, by default :attr:`NormalFormGame.regret_tol`; candidates
that fail the check are dropped (enumeration) or raise (single-path methods).

**Pure equilibria** (any :math:`N`): a pure profile is an equilibrium iff each
:math:`u_i(s)` equals the maximum of :math:`u_i` along player :math:`i`'s own
axis; the check runs over the whole payoff array at once.

**Two players** (row payoffs :math:`A`, column payoffs :math:`B`, both
:math:`m \times n`): *support enumeration* solves the indifference equations
of every pair of equal-size supports, batched (von Stengel 2007, Algorithm
3.4; Roughgarden 2016); *vertex enumeration* lists the vertices of the
best-response polytopes

.. math::

    P = \{x \ge 0 : B^\top x \le \mathbf 1\}, \qquad
    Q = \{y \ge 0 : A y \le \mathbf 1\}

(payoffs made positive) and pairs those that carry every label
(von Stengel 2007, Algorithm 3.5; Avis, Rosenberg, Savani & von Stengel 2010);
*Lemke-Howson* follows one path of almost complementary basic solutions with
a lexicographic ratio test (Lemke & Howson 1964; von Stengel 2007, sect. 3.4).

**Degenerate games.** A game is nondegenerate when no mixed strategy with
:math:`k` pure strategies in its support has more than :math:`k` pure best
responses; then the equilibria are finite in number and every method above
finds what it promises. In a degenerate game the equilibria can form
continua (convex *maximal Nash subsets*). :meth:`NormalFormGame.vertex_enumeration`
then returns the *extreme* equilibria, the vertices of those sets, whose
convex combinations within a Nash subset are also equilibria (Avis et al.
2010); :meth:`NormalFormGame.support_enumeration` returns only the extreme
equilibria whose two supports have equal size and whose indifference
equations have a unique solution, so it may miss some.

**N players.** :meth:`NormalFormGame.approximate_equilibrium` traces the
principal branch of the logit quantal response equilibria
(McKelvey & Palfrey 1995) from the uniform profile at :math:`\lambda = 0`
towards a Nash equilibrium as :math:`\lambda \to \infty` (Turocy 2005),
polishing the endpoint by Newton's method on the indifference equations of
its support.

**Limits.** No solver runs unbounded: support enumeration refuses games
with more than ``max_pairs`` (default 3,000,000, a 12 x 12 game, about a
second) support pairs; vertex enumeration handles at most 64 strategies in
all and gives up after ``max_vertices`` (default 200,000) bases of one
polytope; Lemke-Howson stops after ``max_iter`` pivots and the logit homotopy
after ``max_iter`` path steps. The limits raise a ``ValueError`` naming a
method that suits larger games (or, for the iterative methods, report
``converged=False`` or raise, as documented on each method).

**Dominance.** Strategy :math:`s_i` is strictly dominated if some mixed
:math:`\sigma_i` with :math:`\sigma_i(s_i) = 0` earns strictly more against
every profile of the others; iterated elimination deletes such strategies
until none is left, and the result does not depend on the order of deletion
(Gilboa, Kalai & Zemel 1990). Dominance by a mixed strategy is decided by a
linear program.

References
----------
.. [1] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics*, 54(2),
   286-295.
.. [2] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In N. Nisan, T. Roughgarden, E. Tardos & V.
   Vazirani (Eds.), *Algorithmic Game Theory* (ch. 3). Cambridge University Press.
.. [3] Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010).
   Enumeration of Nash equilibria for two-player games. *Economic Theory*,
   42(1), 9-37.
.. [4] Lemke, C. E., & Howson, J. T. (1964). Equilibrium points of bimatrix
   games. *Journal of the Society for Industrial and Applied Mathematics*,
   12(2), 413-423.
.. [5] Roughgarden, T. (2016). *Twenty Lectures on Algorithmic Game Theory*.
   Cambridge University Press.
.. [6] McKelvey, R. D., & Palfrey, T. R. (1995). Quantal response equilibria
   for normal form games. *Games and Economic Behavior*, 10(1), 6-38.
.. [7] Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
   quantal response equilibrium correspondence. *Games and Economic Behavior*,
   51(2), 243-263.
.. [8] Gilboa, I., Kalai, E., & Zemel, E. (1990). On the order of eliminating
   dominated strategies. *Operations Research Letters*, 9(2), 85-89.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, check_real, param_error
from models.games._bimatrix import (
    lemke_howson,
    lemke_howson_paths,
    normalise_with_range,
    support_enumeration,
    support_pair_count,
    vertex_enumeration,
)
from models.games._common import (
    deviation_payoffs,
    iterated_dominance,
    pure_equilibrium_indices,
    regret_of,
)
from models.games._logit import logit_homotopy

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Equilibria", "Equilibrium", "IteratedDominance", "NormalFormGame"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
Profile = tuple[FloatArray, ...]

MAX_SUPPORT_PAIRS = 3_000_000
"""Default limit on the support pairs examined by support enumeration (12 x 12 has 2,704,155)."""
MAX_VERTICES = 200_000
"""Default limit on the bases of one best-response polytope explored by vertex enumeration."""
_PROB_ATOL = 1e-9


# --------------------------------------------------------------------------- results
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

    Examples
    --------
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

    game: NormalFormGame
    probabilities: tuple[FloatArray, ...]
    regrets: FloatArray
    method: str

    def __len__(self) -> int:
        return int(self.regrets.size)

    def __iter__(self) -> Iterator[Profile]:
        for k in range(len(self)):
            yield self[k]

    def __getitem__(self, k: int) -> Profile:
        """Return equilibrium ``k`` as a tuple of per-player probability arrays."""
        return tuple(p[k].copy() for p in self.probabilities)

    def __repr__(self) -> str:
        return f"Equilibria(n_equilibria={len(self)}, method={self.method!r})"

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
            ok &= np.isclose(p.max(axis=1), 1.0, rtol=0.0, atol=_PROB_ATOL)
        return ok

    def pure_indices(self) -> IntArray:
        """Strategy indices of the pure equilibria, ndarray of shape (n_pure, n_players).

        Examples
        --------
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
        return all(abs(float(p.max()) - 1.0) <= _PROB_ATOL for p in self.profile)

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
    >>> pd_row = [[2, 0], [3, 1]]
    >>> res = NormalFormGame((pd_row, np.transpose(pd_row))).eliminate_dominated()
    >>> res.surviving_labels
    (('s2',), ('s2',))
    """

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


# ------------------------------------------------------------------------------ game
def _read_payoffs(payoffs: Any, func: str) -> FloatArray:
    """Stack the accepted payoff forms into an array of shape (n_players, m_1, ..., m_N)."""
    shape_text = "(m_1, ..., m_N)"
    if isinstance(payoffs, list | tuple):
        n = len(payoffs)
        if n < 2:
            raise param_error(
                "payoffs", func, "a sequence of at least 2 payoff arrays, one per player",
                f"a sequence of length {n}",
            )
        arrays = []
        for i, p in enumerate(payoffs):
            arr = check_array(p, f"payoffs[{i}]", func, ndim=n, shape_text=shape_text)
            arrays.append(arr)
        shapes = {a.shape for a in arrays}
        if len(shapes) != 1:
            raise param_error(
                "payoffs", func, "a sequence of payoff arrays of one common shape",
                f"shapes {[a.shape for a in arrays]}",
            )
        stacked = np.stack(arrays)
    else:
        arr = check_array(payoffs, "payoffs", func, shape_text="(m_1, ..., m_N, N)")
        if arr.ndim < 3 or arr.shape[-1] != arr.ndim - 1:
            raise param_error(
                "payoffs", func,
                "a sequence of N arrays of shape (m_1, ..., m_N) or an ndarray of shape "
                "(m_1, ..., m_N, N) with N >= 2",
                f"an array of shape {arr.shape}",
            )
        stacked = np.moveaxis(arr, -1, 0)
    if 0 in stacked.shape:
        raise param_error(
            "payoffs", func, "non-empty: every player needs at least one strategy",
            f"shape {stacked.shape[1:]}",
        )
    out = np.ascontiguousarray(stacked, dtype=np.float64)
    out.setflags(write=False)
    return out


def _read_labels(value: Any, name: str, func: str, n: int, default: list[str]) -> tuple[str, ...]:
    if value is None:
        return tuple(default)
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise param_error(name, func, f"a sequence of {n} distinct strings", repr(value))
    labels = tuple(value)
    if len(labels) != n or not all(isinstance(s, str) for s in labels) or len(set(labels)) != n:
        raise param_error(name, func, f"a sequence of {n} distinct strings", repr(value))
    return labels


class NormalFormGame:
    """A finite game in normal form, with solvers for its Nash equilibria.

    Parameters
    ----------
    payoffs : sequence of array_like, or ndarray
        Either one payoff array per player, each of shape (m_1, ..., m_N) — for
        two players the bimatrix form ``(A, B)`` — or a single ndarray of shape
        (m_1, ..., m_N, N) whose last axis indexes the players. A list or tuple
        is always read as one array per player; pass an ndarray for the
        stacked form.
    players : sequence of str, optional
        Distinct player labels; default ``"P1", "P2", ...``.
    strategies : sequence of sequence of str, optional
        Distinct strategy labels of each player; default ``"s1", "s2", ...``.

    Raises
    ------
    ValueError
        If the payoff arrays have inconsistent shapes, contain NaN or infinite
        values, there are fewer than 2 players, or the labels do not match.
    TypeError
        If the payoffs are not numeric.

    Examples
    --------
    Battle of the sexes (Osborne 2004, ch. 2 and 4):

    >>> A = [[2, 0], [0, 1]]
    >>> B = [[1, 0], [0, 2]]
    >>> game = NormalFormGame((A, B), players=("Ann", "Bob"),
    ...                       strategies=(("Bach", "Stravinsky"), ("Bach", "Stravinsky")))
    >>> game.shape
    (2, 2)
    >>> [np.round(p, 4).tolist() for p in game.support_enumeration()[1]]
    [[0.6667, 0.3333], [0.3333, 0.6667]]
    >>> NormalFormGame(([[1, 2]], [[float("nan"), 0]]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'payoffs[1]' parameter ... Got an array containing NaN instead.
    """

    __slots__ = ("_payoffs", "_players", "_regret_tol", "_scaled", "_strategies")

    def __init__(
        self,
        payoffs: Sequence[ArrayLike] | NDArray[Any],
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
    ) -> None:
        func = "NormalFormGame"
        self._payoffs = _read_payoffs(payoffs, func)
        u = self._payoffs
        n = u.shape[0]
        spans = [float(np.ptp(u[i])) for i in range(n)]
        self._regret_tol = 1e-8 * max(spans) + 1e-12 * max(1.0, float(np.max(np.abs(u))))
        self._scaled: tuple[FloatArray, FloatArray, float] | None = None
        shape = self._payoffs.shape[1:]
        self._players = _read_labels(players, "players", func, n, [f"P{i + 1}" for i in range(n)])
        if strategies is None:
            self._strategies = tuple(tuple(f"s{k + 1}" for k in range(m)) for m in shape)
        else:
            if isinstance(strategies, str) or len(strategies) != n:
                raise param_error(
                    "strategies", func, f"a sequence of {n} sequences of strategy labels",
                    repr(strategies),
                )
            self._strategies = tuple(
                _read_labels(s, f"strategies[{i}]", func, m, [])
                for i, (s, m) in enumerate(zip(strategies, shape, strict=True))
            )

    # -------------------------------------------------------------- properties
    @property
    def payoffs(self) -> FloatArray:
        """Read-only payoffs, ndarray of shape (n_players, m_1, ..., m_N)."""
        return self._payoffs

    @property
    def n_players(self) -> int:
        """The number of players N."""
        return int(self._payoffs.shape[0])

    @property
    def shape(self) -> tuple[int, ...]:
        """The numbers of strategies (m_1, ..., m_N)."""
        return tuple(int(m) for m in self._payoffs.shape[1:])

    @property
    def players(self) -> tuple[str, ...]:
        """The player labels."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """The strategy labels of each player."""
        return self._strategies

    @property
    def regret_tol(self) -> float:
        """The default regret tolerance.

        ``1e-8`` times the largest payoff range of any player plus ``1e-12``
        times the largest absolute payoff (so that a constant game still
        tolerates rounding).
        """
        return self._regret_tol

    def __repr__(self) -> str:
        return f"NormalFormGame(players={self.players!r}, shape={self.shape!r})"

    # ----------------------------------------------------------------- helpers
    def _tol(self, tol: float | None, func: str) -> float:
        if tol is None:
            return self.regret_tol
        return check_real(tol, "tol", func, low=0.0)

    def _check_profile(self, profile: Any, func: str) -> Profile:
        must = (
            f"a sequence of {self.n_players} probability vectors of lengths {self.shape}"
        )
        if isinstance(profile, str) or not isinstance(profile, Sequence | np.ndarray):
            raise param_error("profile", func, must, repr(profile)[:60])
        if len(profile) != self.n_players:
            raise param_error("profile", func, must, f"a sequence of length {len(profile)}")
        out = []
        for i, (p, m) in enumerate(zip(profile, self.shape, strict=True)):
            arr = check_array(p, f"profile[{i}]", func, ndim=1, shape=(m,), shape_text=f"({m},)")
            if np.any(arr < -_PROB_ATOL) or abs(float(arr.sum()) - 1.0) > 1e-6:
                raise param_error(
                    f"profile[{i}]", func, "a probability vector (non-negative, summing to 1)",
                    f"{np.round(arr, 6).tolist()}",
                )
            out.append(np.clip(arr, 0.0, None) / np.clip(arr, 0.0, None).sum())
        return tuple(out)

    def _need_two(self, func: str) -> tuple[FloatArray, FloatArray, float]:
        """Check for two players; return both matrices scaled onto [1, 2] and the divisor.

        Dividing a tolerance by the divisor (the smaller of the two payoff
        ranges) gives the loosest of the two scaled tolerances, so candidates
        are never lost before the final check in the original units.
        """
        if self.n_players != 2:
            raise ValueError(
                f"NormalFormGame.{func} needs a two-player game. Got {self.n_players} players "
                "instead; use pure_equilibria or approximate_equilibrium."
            )
        if self._scaled is None:
            (An, span_a), (Bn, span_b) = (normalise_with_range(M) for M in self._payoffs[:2])
            spans = [s for s in (span_a, span_b) if s > 0]
            self._scaled = (An, Bn, min(spans) if spans else 1.0)
        return self._scaled

    def _equilibria(
        self, probs: Sequence[FloatArray], method: str, tol: float
    ) -> Equilibria:
        """Verify candidate profiles, drop failures and duplicates, sort canonically."""
        probs = [
            np.asarray(p, dtype=np.float64).reshape(-1, m)
            for p, m in zip(probs, self.shape, strict=True)
        ]
        finite = np.all(np.isfinite(np.concatenate(probs, axis=1)), axis=1)
        probs = [p[finite] for p in probs]
        regrets = self._regrets(probs)
        ok = regrets <= tol
        probs = [p[ok] for p in probs]
        regrets = regrets[ok]
        flat = np.concatenate(probs, axis=1)
        keep = _distinct(flat)
        flat, regrets = flat[keep], regrets[keep]
        probs = [p[keep] for p in probs]
        order = np.lexsort(-np.round(flat, 9).T[::-1]) if len(flat) else np.zeros(0, np.intp)
        return self._freeze([p[order] for p in probs], regrets[order], method)

    def _freeze(self, probs: Sequence[FloatArray], regrets: FloatArray, method: str) -> Equilibria:
        """Wrap verified, distinct, ordered equilibria in a read-only :class:`Equilibria`."""
        frozen = []
        for p in probs:
            q = np.ascontiguousarray(p, dtype=np.float64)
            q.setflags(write=False)
            frozen.append(q)
        reg = np.ascontiguousarray(regrets, dtype=np.float64)
        reg.setflags(write=False)
        return Equilibria(self, tuple(frozen), reg, method)

    def _regrets(self, probs: Sequence[FloatArray]) -> FloatArray:
        """Regret of a batch of profiles given as per-player arrays (n_profiles, m_i)."""
        n = probs[0].shape[0]
        if n == 0:
            return np.zeros(0)
        if self.n_players == 2:
            A, B = self._payoffs[0], self._payoffs[1]
            X, Y = probs
            row = Y @ A.T  # (n, m)
            col = X @ B  # (n, n_cols)
            gain_a = row.max(axis=1) - np.sum(X * row, axis=1)
            gain_b = col.max(axis=1) - np.sum(Y * col, axis=1)
            out: FloatArray = np.maximum(np.maximum(gain_a, gain_b), 0.0)
            return out
        return np.array(
            [float(regret_of(self._payoffs, [p[k] for p in probs]).max()) for k in range(n)]
        )

    # ------------------------------------------------------------ evaluation
    def expected_payoffs(self, profile: Sequence[ArrayLike]) -> FloatArray:
        """Return each player's expected payoff under a mixed profile.

        Parameters
        ----------
        profile : sequence of array_like of shape (m_i,)
            One probability vector per player.

        Returns
        -------
        ndarray of shape (n_players,)

        Raises
        ------
        ValueError
            If ``profile`` is not one probability vector per player.

        Examples
        --------
        >>> game = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
        >>> game.expected_payoffs(([1, 0], [0.5, 0.5]))
        array([1. , 0.5])
        """
        prof = self._check_profile(profile, "NormalFormGame.expected_payoffs")
        dev = deviation_payoffs(self._payoffs, prof)
        return np.array([float(d @ p) for d, p in zip(dev, prof, strict=True)])

    def deviation_payoffs(self, profile: Sequence[ArrayLike]) -> tuple[FloatArray, ...]:
        """Return each player's payoff from each pure strategy against the others' mixture.

        Parameters
        ----------
        profile : sequence of array_like of shape (m_i,)

        Returns
        -------
        tuple of ndarray of shape (m_i,)

        Raises
        ------
        ValueError
            If ``profile`` is not one probability vector per player.

        Examples
        --------
        >>> game = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
        >>> game.deviation_payoffs(([1, 0], [0.5, 0.5]))
        (array([1. , 0.5]), array([1., 0.]))
        """
        prof = self._check_profile(profile, "NormalFormGame.deviation_payoffs")
        return tuple(deviation_payoffs(self._payoffs, prof))

    def regret(self, profile: Sequence[ArrayLike]) -> float:
        """Return the largest gain any player can make by deviating unilaterally.

        Parameters
        ----------
        profile : sequence of array_like of shape (m_i,)
            One probability vector per player.

        Returns
        -------
        float
            Zero exactly at a Nash equilibrium.

        Raises
        ------
        ValueError
            If ``profile`` is not one probability vector per player.

        Examples
        --------
        >>> game = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
        >>> game.regret(([1, 0], [1, 0]))
        2.0
        >>> game.regret(([0.5, 0.5], [0.5, 0.5]))
        0.0
        """
        prof = self._check_profile(profile, "NormalFormGame.regret")
        return float(regret_of(self._payoffs, prof).max())

    def is_equilibrium(self, profile: Sequence[ArrayLike], tol: float | None = None) -> bool:
        """Return whether a profile's regret is at most ``tol``.

        Parameters
        ----------
        profile : sequence of array_like of shape (m_i,)
        tol : float, optional
            Regret tolerance; default :attr:`regret_tol`.

        Returns
        -------
        bool

        Raises
        ------
        ValueError
            If ``profile`` or ``tol`` is invalid.

        Examples
        --------
        >>> game = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
        >>> game.is_equilibrium(([0.5, 0.5], [0.5, 0.5]))
        True
        """
        limit = self._tol(tol, "NormalFormGame.is_equilibrium")
        prof = self._check_profile(profile, "NormalFormGame.is_equilibrium")
        return float(regret_of(self._payoffs, prof).max()) <= limit

    def restrict(self, strategies: Sequence[Sequence[int]]) -> NormalFormGame:
        """Return the game in which each player keeps only the given strategies.

        Parameters
        ----------
        strategies : sequence of sequence of int
            For each player, the indices of the strategies kept (in that order).

        Returns
        -------
        NormalFormGame

        Raises
        ------
        ValueError
            If an index is out of range, repeated, or a player keeps nothing.

        Examples
        --------
        >>> game = NormalFormGame(([[1, 2, 3], [4, 5, 6]], [[0, 0, 0], [1, 1, 1]]))
        >>> game.restrict([[1], [2, 0]]).payoffs[0]
        array([[6., 4.]])
        """
        func = "NormalFormGame.restrict"
        if isinstance(strategies, str) or len(strategies) != self.n_players:
            raise param_error(
                "strategies", func, f"a sequence of {self.n_players} index sequences",
                repr(strategies)[:60],
            )
        keep = []
        for i, (s, m) in enumerate(zip(strategies, self.shape, strict=True)):
            idx = np.asarray(s)
            if (
                idx.ndim != 1 or idx.size == 0 or idx.dtype.kind not in "iu"
                or idx.min() < 0 or idx.max() >= m or np.unique(idx).size != idx.size
            ):
                raise param_error(
                    f"strategies[{i}]", func,
                    f"a non-empty sequence of distinct ints in [0, {m})", repr(s)[:60],
                )
            keep.append(idx.astype(np.intp))
        sub = self._payoffs[np.ix_(np.arange(self.n_players), *keep)]
        return NormalFormGame(
            list(sub),
            players=self.players,
            strategies=[[self.strategies[i][k] for k in idx] for i, idx in enumerate(keep)],
        )

    # -------------------------------------------------------------- solvers
    def pure_equilibria(self, *, tol: float | None = None) -> Equilibria:
        """Return all pure-strategy Nash equilibria, for any number of players.

        For each player the maximum of its payoff along its own axis is
        compared with the whole payoff array at once; the equilibria are the
        profiles where every player attains the maximum (within ``tol``).

        Parameters
        ----------
        tol : float, optional
            Regret tolerance; default :attr:`regret_tol`.

        Returns
        -------
        Equilibria
            Possibly empty.

        Raises
        ------
        ValueError
            If ``tol`` is negative.

        Examples
        --------
        Prisoner's dilemma (Osborne 2004, ch. 2): both confess.

        >>> pd_row = [[2, 0], [3, 1]]
        >>> game = NormalFormGame((pd_row, np.transpose(pd_row)))
        >>> game.pure_equilibria().pure_indices()
        array([[1, 1]])
        """
        limit = self._tol(tol, "NormalFormGame.pure_equilibria")
        idx, regrets = pure_equilibrium_indices(np.asarray(self._payoffs), limit)
        # Distinct by construction and already in the canonical order.
        probs = [np.eye(m)[idx[:, i]] for i, m in enumerate(self.shape)]
        return self._freeze(probs, regrets, "pure")

    def support_enumeration(
        self, *, tol: float | None = None, max_pairs: int = MAX_SUPPORT_PAIRS
    ) -> Equilibria:
        r"""Return all equilibria of a two-player game by support enumeration.

        For each support size :math:`k` the indifference equations of all
        support pairs :math:`|I| = |J| = k` are solved at once on stacked
        matrices; pairs in which a support strategy is strictly dominated on
        the other support are skipped, and a pair yields an equilibrium when
        both mixtures are non-negative and no outside strategy does better
        (von Stengel 2007, Algorithm 3.4; Roughgarden 2016, lecture 20).

        In a nondegenerate game this finds every equilibrium. In a degenerate
        game it returns only extreme equilibria whose supports have equal size
        and whose equations have a unique solution; use
        :meth:`vertex_enumeration` for all extreme equilibria.

        Parameters
        ----------
        tol : float, optional
            Regret tolerance; default :attr:`regret_tol`.
        max_pairs : int, default 3_000_000
            Refuse games with more support pairs, :math:`\binom{m+n}{m} - 1`
            (a 12 x 12 game has 2,704,155 and takes about a second).

        Returns
        -------
        Equilibria

        Raises
        ------
        ValueError
            If the game does not have two players, or has more than
            ``max_pairs`` support pairs.

        Examples
        --------
        Matching pennies: the unique equilibrium is uniform.

        >>> game = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
        >>> game.support_enumeration()[0]
        (array([0.5, 0.5]), array([0.5, 0.5]))
        """
        func = "NormalFormGame.support_enumeration"
        An, Bn, scale = self._need_two("support_enumeration")
        limit = self._tol(tol, func)
        cap = check_int(max_pairs, "max_pairs", func, low=1)
        n_pairs = support_pair_count(*self.shape)
        if n_pairs > cap:
            raise ValueError(
                f"support_enumeration would examine {n_pairs} support pairs in this "
                f"{self.shape[0]} x {self.shape[1]} game, more than max_pairs={cap}; use "
                "vertex_enumeration for all equilibria or lemke_howson for one."
            )
        X, Y = support_enumeration(An, Bn, limit / scale)
        return self._equilibria([X, Y], "support enumeration", limit)

    def vertex_enumeration(
        self, *, tol: float | None = None, max_vertices: int = MAX_VERTICES
    ) -> Equilibria:
        """Return the extreme equilibria of a two-player game by vertex enumeration.

        The vertices of both best-response polytopes are listed, and the
        completely labelled vertex pairs are found by matching label bitmasks
        (von Stengel 2007, Algorithm 3.5; Avis et al. 2010). For polytopes of
        up to 12 dimensions and constraints the vertices come from Qhull
        (:class:`scipy.spatial.ConvexHull`, facets of the polar polytope, as in
        QuantEcon); when that polytope turns out degenerate (a vertex with more
        labels than its dimension), and for larger games, an exact
        breadth-first search over lexicographically feasible bases, batched one
        layer of pivots at a time, is used instead.

        In a nondegenerate game these are all the equilibria. In a degenerate
        game they are the extreme equilibria: every equilibrium is a convex
        combination of extreme equilibria lying in a common maximal Nash
        subset (Avis et al. 2010), so a continuum of equilibria is represented
        by its vertices.

        Parameters
        ----------
        tol : float, optional
            Regret tolerance; default :attr:`regret_tol`.
        max_vertices : int, default 200_000
            Give up when a polytope has more bases than this.

        Returns
        -------
        Equilibria

        Raises
        ------
        ValueError
            If the game does not have two players, has more than 64 strategies
            in all, or a polytope has more than ``max_vertices`` bases.

        Examples
        --------
        A degenerate game (Avis et al. 2010; the game (3.3) of von Stengel 2007
        with the column player made indifferent in the top row): the row
        player's first strategy is an equilibrium against every column mixture
        between (2/3, 1/3) and (1, 0), and these two are returned.

        >>> A = [[3, 3], [2, 5], [0, 6]]
        >>> B = [[3, 3], [2, 6], [3, 1]]
        >>> eq = NormalFormGame((A, B)).vertex_enumeration()
        >>> for prof in eq:
        ...     print([np.round(p, 4).tolist() for p in prof])
        [[1.0, 0.0, 0.0], [1.0, 0.0]]
        [[1.0, 0.0, 0.0], [0.6667, 0.3333]]
        [[0.0, 0.3333, 0.6667], [0.3333, 0.6667]]
        """
        func = "NormalFormGame.vertex_enumeration"
        An, Bn, scale = self._need_two("vertex_enumeration")
        limit = self._tol(tol, func)
        cap = check_int(max_vertices, "max_vertices", func, low=1)
        if sum(self.shape) > 64:
            raise ValueError(
                f"vertex_enumeration handles games with at most 64 strategies in all. Got "
                f"{self.shape[0]} x {self.shape[1]} instead; use lemke_howson for one equilibrium."
            )
        X, Y = vertex_enumeration(An, Bn, limit / scale, cap)
        return self._equilibria([X, Y], "vertex enumeration", limit)

    def lemke_howson(
        self, initial_label: int = 0, *, tol: float | None = None, max_iter: int = 10_000
    ) -> Equilibrium:
        """Return one equilibrium of a two-player game by the Lemke-Howson algorithm.

        Complementary pivoting on the two tableaux of the best-response
        polytopes, starting from the artificial equilibrium by dropping
        ``initial_label`` (Lemke & Howson 1964; von Stengel 2007, sect. 3.4).
        The leaving variable is chosen by the lexicographic minimum ratio test
        (a symbolic perturbation of the right-hand side), so the path is unique
        and finite even in degenerate games.

        Parameters
        ----------
        initial_label : int, default 0
            The dropped label: ``0 .. m-1`` are the row player's strategies,
            ``m .. m+n-1`` the column player's.
        tol : float, optional
            Regret tolerance; default :attr:`regret_tol`.
        max_iter : int, default 10_000
            Largest number of pivots.

        Returns
        -------
        Equilibrium
            With ``num_iter`` the number of pivots; always ``converged``.

        Raises
        ------
        ValueError
            If the game does not have two players or ``initial_label`` is out of range.
        RuntimeError
            If the path does not end within ``max_iter`` pivots, or ends at a
            point whose regret exceeds ``tol`` (numerical breakdown).

        Examples
        --------
        The game (3.3) of von Stengel (2007): dropping label 1 (the row
        player's second strategy) ends at the mixed equilibrium.

        >>> A = [[3, 3], [2, 5], [0, 6]]
        >>> B = [[3, 2], [2, 6], [3, 1]]
        >>> eq = NormalFormGame((A, B)).lemke_howson(1)
        >>> [np.round(p, 4).tolist() for p in eq.profile]
        [[0.0, 0.3333, 0.6667], [0.3333, 0.6667]]
        """
        func = "NormalFormGame.lemke_howson"
        if self.n_players != 2:
            self._need_two("lemke_howson")
        A, B = self._payoffs[0], self._payoffs[1]
        n_labels = A.shape[0] + A.shape[1]
        label = check_int(initial_label, "initial_label", func, low=0)
        if label >= n_labels:
            raise param_error(
                "initial_label", func, f"an int in [0, {n_labels})", repr(initial_label)
            )
        limit = self._tol(tol, func)
        cap = check_int(max_iter, "max_iter", func, low=1)
        x, y, pivots, done, regret = lemke_howson(A, B, label, cap)
        if not done:
            raise RuntimeError(
                f"lemke_howson did not reach an equilibrium within max_iter={cap} pivots "
                f"(initial label {label}); raise max_iter or use vertex_enumeration."
            )
        if not regret <= limit:
            raise RuntimeError(
                f"lemke_howson ended at a point with regret {regret:.3g} > tol={limit:.3g} "
                "(numerical breakdown); use vertex_enumeration or support_enumeration."
            )
        return Equilibrium(self, (x, y), regret, True, pivots, cap, "lemke-howson")

    def lemke_howson_all(
        self, *, tol: float | None = None, max_iter: int = 10_000
    ) -> Equilibria:
        """Run Lemke-Howson from every initial label and return the distinct equilibria.

        All ``m + n`` paths are followed together in stacked tableaux. The
        result is a subset of the equilibria (those reachable from the
        artificial equilibrium), each verified.

        Parameters
        ----------
        tol : float, optional
            Regret tolerance; default :attr:`regret_tol`.
        max_iter : int, default 10_000
            Largest number of pivots per path.

        Returns
        -------
        Equilibria

        Raises
        ------
        ValueError
            If the game does not have two players.
        RuntimeError
            If a path does not end within ``max_iter`` pivots or ends at a
            point whose regret exceeds ``tol``.

        Examples
        --------
        >>> A = [[3, 3], [2, 5], [0, 6]]
        >>> B = [[3, 2], [2, 6], [3, 1]]
        >>> len(NormalFormGame((A, B)).lemke_howson_all())
        2
        """
        func = "NormalFormGame.lemke_howson_all"
        An, Bn, _ = self._need_two("lemke_howson_all")
        limit = self._tol(tol, func)
        cap = check_int(max_iter, "max_iter", func, low=1)
        labels = np.arange(sum(self.shape))
        X, Y, _, done = lemke_howson_paths(An, Bn, labels, cap)
        if not done.all():
            raise RuntimeError(
                f"lemke_howson did not reach an equilibrium within max_iter={cap} pivots "
                f"(initial label {int(labels[~done][0])}); raise max_iter or use "
                "vertex_enumeration."
            )
        regrets = self._regrets([X, Y])
        bad = ~(regrets <= limit)
        if bad.any():
            raise RuntimeError(
                f"lemke_howson ended at a point with regret {float(regrets[bad][0]):.3g} > "
                f"tol={limit:.3g} (numerical breakdown); use vertex_enumeration or "
                "support_enumeration."
            )
        return self._equilibria([X, Y], "lemke-howson", limit)


    def approximate_equilibrium(
        self, *, tol: float | None = None, max_iter: int = 2_000
    ) -> Equilibrium:
        r"""Return an approximate Nash equilibrium of a game with any number of players.

        Traces the principal branch of logit quantal response equilibria from
        the uniform profile (precision 0) by a predictor-corrector homotopy in
        log-probabilities (McKelvey & Palfrey 1995; Turocy 2005), and
        repeatedly polishes the current point by Newton's method on the
        indifference equations of its apparent support. The method is
        deterministic. It stops when the regret is at most ``tol``.

        Each step costs a few evaluations of the payoff Jacobian, about
        :math:`N^2 \prod_i m_i` operations, so ``max_iter`` bounds the run
        time; games with a few thousand pure profiles take well under a second.

        Parameters
        ----------
        tol : float, optional
            Target regret; default :attr:`regret_tol`.
        max_iter : int, default 2_000
            Largest number of predictor-corrector steps.

        Returns
        -------
        Equilibrium
            The lowest-regret profile found, with ``regret``, ``converged``
            (``regret <= tol``), ``num_iter`` (steps) and ``max_iter``. When not
            converged it is only an approximation: check ``converged``.

        Raises
        ------
        ValueError
            If ``tol`` or ``max_iter`` is invalid.

        Examples
        --------
        A cyclic three-player game in the spirit of Jordan (1993): players 1 and
        2 want to match the next player, player 3 to mismatch player 1.

        >>> u = np.zeros((3, 2, 2, 2))
        >>> for a, b, c in np.ndindex(2, 2, 2):
        ...     u[:, a, b, c] = [a == b, b == c, a != c]
        >>> eq = NormalFormGame(list(u)).approximate_equilibrium()
        >>> eq.converged, [np.round(p, 6).tolist() for p in eq.profile]
        (True, [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])
        """
        func = "NormalFormGame.approximate_equilibrium"
        limit = self._tol(tol, func)
        cap = check_int(max_iter, "max_iter", func, low=1)
        trace = logit_homotopy(np.asarray(self._payoffs), limit, cap)
        prof = tuple(np.asarray(p, dtype=np.float64) for p in trace.profile)
        return Equilibrium(
            self, prof, trace.regret, trace.converged, trace.num_iter, cap, "logit homotopy"
        )

    def eliminate_dominated(
        self, *, mixed: bool = True, tol: float | None = None
    ) -> IteratedDominance:
        """Eliminate strictly dominated strategies, round after round.

        Each round deletes, for every player, the strategies strictly
        dominated in the current reduced game: by another pure strategy
        (a vectorised comparison) and, if ``mixed``, by a mixed strategy
        (one linear program per remaining strategy, :func:`scipy.optimize.linprog`).
        Strict dominance means beating by more than ``tol`` at every profile
        of the others.

        Parameters
        ----------
        mixed : bool, default True
            Also use dominance by mixed strategies.
        tol : float, optional
            Margin; default :attr:`regret_tol`.

        Returns
        -------
        IteratedDominance

        Raises
        ------
        ValueError
            If ``tol`` is negative.

        Examples
        --------
        The third row is dominated by mixing the first two, but by neither
        alone (Fudenberg & Tirole 1991, sect. 2.1).

        >>> A = [[3, 0], [0, 3], [1, 1]]
        >>> game = NormalFormGame((A, np.zeros((3, 2))))
        >>> game.eliminate_dominated(mixed=False).surviving[0]
        array([0, 1, 2])
        >>> game.eliminate_dominated().surviving[0]
        array([0, 1])
        """
        limit = self._tol(tol, "NormalFormGame.eliminate_dominated")
        alive, rounds, n_rounds = iterated_dominance(
            np.asarray(self._payoffs), mixed=bool(mixed), tol=limit
        )
        return IteratedDominance(self, tuple(alive), tuple(rounds), n_rounds, bool(mixed))

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the payoff table with the pure equilibria marked.

        See :func:`models.plotting.plot_payoff_table`.
        """
        from models.plotting.games import plot_payoff_table

        return plot_payoff_table(self, ax=ax, **kwargs)


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
