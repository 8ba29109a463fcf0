r"""Normal-form games: a thin facade over one module per equilibrium algorithm.

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
Every equilibrium :class:`NormalFormGame` returns has been checked to have
regret at most a tolerance ``tol``, by default :attr:`NormalFormGame.regret_tol`;
candidates that fail the check are dropped (enumeration) or raise
(single-path methods). Each method reads and checks its arguments, calls one
algorithm on arrays and wraps what it returns in a result of
:mod:`models.games.results`:

====================================  ===============================================  ============
method                                algorithm (module)                               players
====================================  ===============================================  ============
``pure_equilibria``                   pure profiles (:mod:`~models.games.pure_nash`)    any
``support_enumeration``               :mod:`~models.games.support_enumeration`           2
``vertex_enumeration``                :mod:`~models.games.vertex_enumeration`            2
``lemke_howson``, ``..._all``         :mod:`~models.games.lemke_howson`                  2
``approximate_equilibrium``           logit QRE homotopy (:mod:`~models.games.logit`)   any
``eliminate_dominated``               IESDS (:mod:`~models.games.dominance`)            any
====================================  ===============================================  ============

**Degenerate games.** A game is nondegenerate when no mixed strategy with
:math:`k` pure strategies in its support has more than :math:`k` pure best
responses; then the equilibria are finite in number and every method finds
what it promises. In a degenerate game the equilibria can form continua;
:meth:`NormalFormGame.vertex_enumeration` returns their vertices, the
extreme equilibria (Avis et al. 2010), and
:meth:`NormalFormGame.support_enumeration` only those extreme equilibria
whose two supports have equal size and whose indifference equations have a
unique solution.

**Limits.** No solver runs unbounded: support enumeration refuses games
with more than ``max_pairs`` (default 3,000,000, a 12 x 12 game, about a
second) support pairs; vertex enumeration handles at most 64 strategies in
all and gives up after ``max_vertices`` (default 200,000) bases of one
polytope; Lemke-Howson stops after ``max_iter`` pivots and the logit homotopy
after ``max_iter`` path steps. The limits raise a ``ValueError`` naming a
method that suits larger games (or, for the iterative methods, report
``converged=False`` or raise, as documented on each method).

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

Each algorithm's module cites its own sources (Lemke and Howson 1964;
McKelvey and Palfrey 1995; Turocy 2005; Gilboa, Kalai and Zemel 1990; ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_int, check_real, param_error
from models.games._common import deviation_payoffs, regret_batch, regret_of
from models.games._inputs import (
    read_labels,
    read_payoffs,
    read_profile,
    read_strategy_labels,
    read_subsets,
)
from models.games._tableau import scaled_pair
from models.games.dominance import iterated_dominance
from models.games.lemke_howson import lemke_howson, lemke_howson_paths
from models.games.logit import logit_homotopy
from models.games.pure_nash import near_miss_note, pure_equilibrium_indices, pure_profiles
from models.games.results import (
    PROB_ATOL,
    Equilibria,
    Equilibrium,
    IteratedDominance,
    frozen_equilibria,
    verified_equilibria,
)
from models.games.support_enumeration import support_enumeration, support_pair_count
from models.games.vertex_enumeration import vertex_enumeration

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Equilibria", "Equilibrium", "IteratedDominance", "NormalFormGame"]

FloatArray = NDArray[np.float64]
Profile = tuple[FloatArray, ...]

MAX_SUPPORT_PAIRS = 3_000_000
"""Default limit on the support pairs examined by support enumeration (12 x 12 has 2,704,155)."""
MAX_VERTICES = 200_000
"""Default limit on the bases of one best-response polytope explored by vertex enumeration."""


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
        self._payoffs = read_payoffs(payoffs, func)
        u = self._payoffs
        n = u.shape[0]
        spans = [float(np.ptp(u[i])) for i in range(n)]
        self._regret_tol = 1e-8 * max(spans) + 1e-12 * max(1.0, float(np.max(np.abs(u))))
        self._scaled: tuple[FloatArray, FloatArray, float] | None = None
        self._players = read_labels(players, "players", func, n, [f"P{i + 1}" for i in range(n)])
        self._strategies = read_strategy_labels(strategies, func, self._payoffs.shape[1:])

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
        return read_profile(profile, func, self.shape, PROB_ATOL)

    def _need_two(self, func: str) -> tuple[FloatArray, FloatArray, float]:
        """Check for two players; return both matrices scaled onto [1, 2] and the divisor."""
        if self._scaled is None:
            self._scaled = scaled_pair(self._payoffs, f"NormalFormGame.{func}")
        return self._scaled

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
        keep = read_subsets(strategies, self.shape, "NormalFormGame.restrict")
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
        profiles where every player attains the maximum.

        **Exact by default** (``tol=0``; see :mod:`~models.games.pure_nash`):
        profiles that miss by at most :attr:`regret_tol` are named in the
        result's ``note``; pass ``tol=`` to accept them.

        Parameters
        ----------
        tol : float, optional
            Regret tolerance, >= 0; default 0 (exact comparison).

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

        With a temptation of 1e-8 cooperation is still dominated; the
        near-tie is noted, and accepted only when asked:

        >>> tiny = [[1.0, 0.0], [1.0 + 1e-8, 1e-8]]
        >>> eq = NormalFormGame((tiny, np.transpose(tiny))).pure_equilibria()
        >>> eq.pure_indices().tolist()
        [[1, 1]]
        >>> print(eq.note)  # doctest: +NORMALIZE_WHITESPACE
        3 pure profiles miss by at most 1e-08 (within regret_tol): (0, 0) regret 1e-08;
        (0, 1) regret 1e-08; (1, 0) regret 1e-08; pass tol= to accept them
        """
        limit = 0.0 if tol is None else self._tol(tol, "NormalFormGame.pure_equilibria")
        # One pass finds the equilibria and, by default, the near-misses to report.
        idx, regrets = pure_equilibrium_indices(
            self._payoffs, self.regret_tol if tol is None else limit
        )
        note = ""
        if tol is None:
            missed = regrets > 0.0
            if missed.any():
                note = near_miss_note(idx[missed], regrets[missed])
                idx, regrets = idx[~missed], regrets[~missed]
        # Distinct by construction and already in the canonical order.
        return frozen_equilibria(self, pure_profiles(idx, self.shape), regrets, "pure", note)

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
        return verified_equilibria(self, [X, Y], "support enumeration", limit)

    def vertex_enumeration(
        self, *, tol: float | None = None, max_vertices: int = MAX_VERTICES
    ) -> Equilibria:
        """Return the extreme equilibria of a two-player game by vertex enumeration.

        The vertices of both best-response polytopes are listed, and the
        completely labelled vertex pairs are found by matching label bitmasks
        (von Stengel 2007, Algorithm 3.5; Avis et al. 2010). The vertices come
        from an exact breadth-first search over lexicographically feasible
        bases, compiled with the ``fast`` extra (Numba); without it, polytopes
        of up to 12 dimensions and constraints that show no degeneracy up front
        (a tied column maximum) go to Qhull (:class:`scipy.spatial.ConvexHull`,
        as in QuantEcon) first, and the search, batched in numpy one layer of
        pivots at a time, runs only if Qhull's polytope turns out degenerate.

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
        return verified_equilibria(self, [X, Y], "vertex enumeration", limit)

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
        regrets = regret_batch(self._payoffs, [X, Y])
        bad = ~(regrets <= limit)
        if bad.any():
            raise RuntimeError(
                f"lemke_howson ended at a point with regret {float(regrets[bad][0]):.3g} > "
                f"tol={limit:.3g} (numerical breakdown); use vertex_enumeration or "
                "support_enumeration."
            )
        return verified_equilibria(self, [X, Y], "lemke-howson", limit)


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
