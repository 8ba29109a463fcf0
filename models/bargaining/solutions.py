r"""Bargaining solutions, alternating offers and static spatial forecasts.

A bargaining problem over ``n_outcomes`` discrete outcomes and ``n_actors``
actors is a utility array :math:`U \in \mathbb{R}^{n \times m}` (row :math:`x`
holds :math:`u(x) = (u_1(x), \dots, u_m(x))`) and a disagreement point
:math:`d \in \mathbb{R}^m`, what each actor gets with no deal. The functions
here compute

* the **Pareto frontier**: outcomes :math:`x` such that no :math:`y` has
  :math:`u(y) \ge u(x)` with :math:`u_i(y) > u_i(x)` for some :math:`i`;
* the **zone of possible agreement** :math:`Z = \{x : u(x) \ge d\}`;
* the (generalised) **Nash bargaining solution** (Nash 1950; Kalai 1977a)
  :math:`\arg\max_{x \in Z,\ u(x) > d} \sum_i w_i \log(u_i(x) - d_i)`;
* the **Kalai–Smorodinsky solution** (Kalai and Smorodinsky 1975)
  :math:`\arg\max_{x \in Z} \min_i (u_i(x) - d_i) / (a_i - d_i)` with the
  ideal point :math:`a_i = \max_{x \in Z} u_i(x)`;
* the **egalitarian solution** (Kalai 1977b)
  :math:`\arg\max_{x \in Z} \min_i (u_i(x) - d_i)`, leximin refined;
* the **utilitarian solution** :math:`\arg\max_x \sum_i u_i(x)`;

exactly on discrete outcome sets, in batches of Monte Carlo draws, and by
optimisation on continuous outcome spaces. It also gives Rubinstein's (1982)
alternating-offers split, with a finite horizon and with outside options
(Binmore, Rubinstein and Wolinsky 1986), and the static forecasts of spatial
bargaining on one issue dimension: the capability-and-salience weighted mean
:math:`\sum_i c_i s_i x_i / \sum_i c_i s_i`, the weighted median (Black 1948)
and the pairwise Condorcet winner.

Ties are broken deterministically by the utilities alone, never by an
outcome's position, so reordering the outcomes returns the same utilities and
reordering the actors permutes them (see :class:`Solution`).

References
----------
.. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
.. [2] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
   bargaining problem. *Econometrica* 43(3), 513–518.
.. [3] Kalai, E. (1977a). Nonsymmetric Nash solutions and replications of
   2-person bargaining. *International Journal of Game Theory* 6(3), 129–133.
.. [4] Kalai, E. (1977b). Proportional solutions to bargaining situations:
   interpersonal utility comparisons. *Econometrica* 45(7), 1623–1630.
.. [5] Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
   *Econometrica* 50(1), 97–109.
.. [6] Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash
   bargaining solution in economic modelling. *RAND Journal of Economics*
   17(2), 176–188.
.. [7] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*.
   Academic Press. Chapters 2 (axiomatic solutions) and 3 (alternating offers,
   Section 3.12 on outside options).
.. [8] Kung, H. T., Luccio, F. and Preparata, F. P. (1975). On finding the
   maxima of a set of vectors. *Journal of the ACM* 22(4), 469–476.
.. [9] Godfrey, P., Shipley, R. and Gryz, J. (2005). Maximal vector computation
   in large data sets. *Proceedings of VLDB 2005*, 229–240.
.. [10] Black, D. (1948). On the rationale of group decision-making.
   *Journal of Political Economy* 56(1), 23–34.
.. [11] Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling
   Bueno De Mesquita's group decision model. *Journal of Theoretical Politics*
   23(4), 510–531.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from models._checks import check_array, check_int, check_real, param_error

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "ContinuousSolution",
    "RubinsteinResult",
    "Solution",
    "UtilityFunction",
    "egalitarian",
    "egalitarian_batch",
    "egalitarian_continuous",
    "kalai_smorodinsky",
    "kalai_smorodinsky_batch",
    "kalai_smorodinsky_continuous",
    "nash_bargaining",
    "nash_bargaining_batch",
    "nash_bargaining_continuous",
    "pareto_frontier",
    "rubinstein",
    "utilitarian",
    "utilitarian_batch",
    "utilitarian_continuous",
    "zopa",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]
_Kind = Literal["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"]

_EPS = float(np.finfo(np.float64).eps)
_TINY = float(np.nextafter(0.0, 1.0))  # smallest positive double: log(_TINY) is finite
_LOG_RANGE = 745.0  # |log x| <= 745 for every positive double
_CHUNK_ELEMENTS = 1 << 18  # utilities handled at once by the batched solvers

_NAMES: dict[str, str] = {
    "nash": "nash_bargaining",
    "kalai_smorodinsky": "kalai_smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
}


def _readonly(arr: NDArray[Any]) -> NDArray[Any]:
    arr.setflags(write=False)
    return arr


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Solution:
    """A bargaining solution on a discrete set of outcomes.

    Attributes
    ----------
    name : str
        The solution concept ("nash_bargaining", "kalai_smorodinsky",
        "egalitarian" or "utilitarian").
    index : int
        The chosen outcome (a row of ``U``).
    utilities : ndarray of shape (n_actors,)
        ``U[index]``.
    ties : ndarray of shape (n_ties,)
        Every outcome that attains the optimal value of the solution's
        objective before tie-breaking, sorted; ``index`` is one of them.
    disagreement : ndarray of shape (n_actors,) or None
        The disagreement point the solution was computed for (None for the
        utilitarian solution, which ignores it).

    Notes
    -----
    Tie-breaking uses the utilities only: among tied outcomes the solution
    prefers, in turn, the larger objective refinement of its concept (see each
    function), the larger utilitarian sum, the leximin-larger vector of gains,
    the lexicographically larger utility vector in actor order and finally the
    lower index (exact duplicates). Reordering the outcomes therefore returns
    the same utilities, and reordering the actors permutes them, except when
    two tied outcomes differ only by which actor gets which gain (then no
    order-free rule exists and the actor order decides).

    Examples
    --------
    >>> sol = nash_bargaining([[1.0, 4.0], [2.0, 3.0], [4.0, 1.0]], [0.0, 0.0])
    >>> sol.index, sol.utilities.tolist(), sol.ties.tolist()
    (1, [2.0, 3.0], [1])
    >>> sol.to_frame()["utility"].tolist()
    [2.0, 3.0]
    """

    name: str
    index: int
    utilities: FloatArray
    ties: IntArray
    disagreement: FloatArray | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return the solution in long form, one row per actor.

        Returns
        -------
        pandas.DataFrame
            Columns ``solution``, ``index``, ``actor``, ``utility`` and
            ``disagreement`` (NaN when there is none).

        Examples
        --------
        >>> utilitarian([[1.0, 2.0], [3.0, 1.0]]).to_frame().shape
        (2, 5)
        """
        n_actors = self.utilities.shape[0]
        d = (
            np.full(n_actors, np.nan)
            if self.disagreement is None
            else np.asarray(self.disagreement, dtype=float)
        )
        return pd.DataFrame(
            {
                "solution": [self.name] * n_actors,
                "index": [self.index] * n_actors,
                "actor": np.arange(n_actors),
                "utility": np.asarray(self.utilities, dtype=float),
                "disagreement": d,
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw each actor's utility at the solution (see :func:`models.plotting.plot_solution`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is made when None.
        **kwargs
            Passed on to :func:`models.plotting.plot_solution`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from models.plotting.bargaining import plot_solution

        return plot_solution(self, ax=ax, **kwargs)


@dataclass(frozen=True, slots=True, eq=False)
class ContinuousSolution:
    """A bargaining solution on a continuous outcome space, found by optimisation.

    Attributes
    ----------
    name : str
        The solution concept.
    x : ndarray of shape (n_dims,)
        The chosen point of the outcome space.
    utilities : ndarray of shape (n_actors,)
        The utilities at ``x``.
    converged : bool
        Whether the local optimiser that produced ``x`` reported success and
        ``x`` satisfies the individual-rationality constraints to ``tol``.
    num_iter : int
        Iterations of that local run.
    max_iter : int
        The iteration limit of each local run.
    tol : float
        The requested accuracy (SLSQP's ``ftol``, and the tolerance of the
        constraints).
    disagreement : ndarray of shape (n_actors,) or None
        The disagreement point (None for the utilitarian solution).

    Examples
    --------
    >>> sol = egalitarian_continuous(
    ...     lambda x: np.column_stack([2 * x[:, 0], 1 - x[:, 0]]), [[0.0, 1.0]], [0.0, 0.0], rng=0
    ... )
    >>> round(float(sol.x[0]), 4), sol.converged
    (0.3333, True)
    """

    name: str
    x: FloatArray
    utilities: FloatArray
    converged: bool
    num_iter: int
    max_iter: int
    tol: float
    disagreement: FloatArray | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return the solution in long form, one row per actor.

        Returns
        -------
        pandas.DataFrame
            Columns ``solution``, ``actor``, ``utility``, ``disagreement`` and
            ``converged``.

        Examples
        --------
        >>> sol = utilitarian_continuous(
        ...     lambda x: np.column_stack([x[:, 0], 1 - x[:, 0] ** 2]), [[0.0, 1.0]], rng=0
        ... )
        >>> sol.to_frame().columns.tolist()
        ['solution', 'actor', 'utility', 'disagreement', 'converged']
        """
        n_actors = self.utilities.shape[0]
        d = (
            np.full(n_actors, np.nan)
            if self.disagreement is None
            else np.asarray(self.disagreement, dtype=float)
        )
        return pd.DataFrame(
            {
                "solution": [self.name] * n_actors,
                "actor": np.arange(n_actors),
                "utility": np.asarray(self.utilities, dtype=float),
                "disagreement": d,
                "converged": [self.converged] * n_actors,
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw each actor's utility at the solution (see :func:`models.plotting.plot_solution`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is made when None.
        **kwargs
            Passed on to :func:`models.plotting.plot_solution`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from models.plotting.bargaining import plot_solution

        return plot_solution(self, ax=ax, **kwargs)


@dataclass(frozen=True, slots=True, eq=False)
class RubinsteinResult:
    """The subgame-perfect outcome of Rubinstein's alternating-offers game.

    Attributes
    ----------
    first_mover_share, second_mover_share : float
        What the player who proposes first (player 1) and the other player get.
        With agreement they sum to ``pie``; without (when the outside options
        sum to more than the pie) they are the outside options.
    immediate : bool
        Whether the first offer is accepted. False only when the outside options
        exceed the pie, in which case the first responder opts out at once.
    delta1, delta2 : float
        The discount factors of players 1 and 2.
    horizon : int or None
        The number of rounds (None: infinite).
    outside_options : tuple of float
        ``(b1, b2)``.
    pie : float
        The size of the pie.
    binding : tuple of bool
        Whether each player's outside option binds: when that player responds,
        the offer it must be given equals its outside option rather than its
        discounted value of proposing next.

    Examples
    --------
    >>> res = rubinstein(0.9, 0.9)
    >>> round(res.first_mover_share, 6), res.immediate
    (0.526316, True)
    """

    first_mover_share: float
    second_mover_share: float
    immediate: bool
    delta1: float
    delta2: float
    horizon: int | None
    outside_options: tuple[float, float]
    pie: float
    binding: tuple[bool, bool]

    def to_frame(self) -> pd.DataFrame:
        """Return the split in long form, one row per player.

        Returns
        -------
        pandas.DataFrame
            Columns ``player`` (1 proposes first), ``share``, ``delta``,
            ``outside_option``, ``binding`` and ``immediate``.

        Examples
        --------
        >>> rubinstein(0.5, 0.5).to_frame()["share"].round(4).tolist()
        [0.6667, 0.3333]
        """
        return pd.DataFrame(
            {
                "player": [1, 2],
                "share": [self.first_mover_share, self.second_mover_share],
                "delta": [self.delta1, self.delta2],
                "outside_option": list(self.outside_options),
                "binding": list(self.binding),
                "immediate": [self.immediate, self.immediate],
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the split of the pie (see :func:`models.plotting.plot_rubinstein`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is made when None.
        **kwargs
            Passed on to :func:`models.plotting.plot_rubinstein`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from models.plotting.bargaining import plot_rubinstein

        return plot_rubinstein(self, ax=ax, **kwargs)


# ---------------------------------------------------------------------------
# Argument checks
# ---------------------------------------------------------------------------


def _check_u(U: ArrayLike, func: str, *, batched: bool = False) -> FloatArray:
    text = "(n_samples, n_outcomes, n_actors)" if batched else "(n_outcomes, n_actors)"
    arr = check_array(U, "U", func, ndim=3 if batched else 2, shape_text=text)
    if 0 in arr.shape:
        raise param_error(
            "U", func, f"a non-empty array of shape {text}", f"an array of shape {arr.shape}"
        )
    return np.ascontiguousarray(arr, dtype=np.float64)


def _check_d(d: ArrayLike, U: FloatArray, func: str, *, batched: bool = False) -> FloatArray:
    n_actors = U.shape[-1]
    if batched:
        text = f"(n_samples, n_actors) = ({U.shape[0]}, {n_actors})"
        arr = check_array(d, "d", func, ndim=2, shape=(U.shape[0], n_actors), shape_text=text)
    else:
        text = f"(n_actors,) = ({n_actors},)"
        arr = check_array(d, "d", func, ndim=1, shape=(n_actors,), shape_text=text)
    return np.ascontiguousarray(arr, dtype=np.float64)


def _check_weights(
    weights: ArrayLike | None, n_actors: int, func: str, n_samples: int | None = None
) -> FloatArray:
    if weights is None:
        shape = (n_actors,) if n_samples is None else (n_samples, n_actors)
        return np.ones(shape)
    if n_samples is None:
        text = f"(n_actors,) = ({n_actors},)"
        arr = check_array(
            weights, "weights", func, ndim=1, shape=(n_actors,), nonnegative=True, shape_text=text
        )
    else:
        text = f"(n_actors,) = ({n_actors},) or (n_samples, n_actors) = ({n_samples}, {n_actors})"
        arr = check_array(
            weights, "weights", func, ndim=(1, 2), shape=(n_actors,), nonnegative=True,
            shape_text=text,
        )
        if arr.ndim == 2 and arr.shape[0] != n_samples:
            raise param_error("weights", func, f"an array of shape {text}", f"shape {arr.shape}")
        arr = np.broadcast_to(arr, (n_samples, n_actors))
    if np.any(arr.sum(axis=-1) <= 0):
        raise param_error(
            "weights", func, "non-negative bargaining powers with a positive sum",
            "weights summing to 0",
        )
    return np.ascontiguousarray(arr, dtype=np.float64)


def _check_chunk(chunk_size: int | None, func: str, n_outcomes: int, n_actors: int) -> int:
    if chunk_size is None:
        return max(1, _CHUNK_ELEMENTS // (n_outcomes * n_actors))
    return check_int(chunk_size, "chunk_size", func, low=1)


def _no_zopa(func: str, d: FloatArray) -> ValueError:
    text = np.array2string(np.asarray(d), precision=6, separator=", ", threshold=8)
    return param_error(
        "d", func,
        "a disagreement point that some outcome weakly improves on for every actor "
        "(a non-empty zone of possible agreement)",
        f"d = {text}, above every outcome",
    )


# ---------------------------------------------------------------------------
# Pareto frontier and zone of possible agreement
# ---------------------------------------------------------------------------

_BASE = 64  # block size of the brute-force leaves of the divide and conquer
_BRUTE = 1 << 16  # a dominance filter with |T| * |B| <= _BRUTE pairs is brute-forced
_SMALL = 32  # ... and so is one with either side this small
_PAIRS = 1 << 16  # pairs compared at once by the brute-force filter
_PREFILTER = 4096  # elimination rounds run while more points than this survive
_TOP = 256  # points (largest utility sums) whose frontier gives the pivots
_PIVOTS = 64  # pivots used per elimination round


def _all_le(X: FloatArray, v: FloatArray) -> BoolArray:
    """Columns of ``X`` (shape (d, n)) that are <= ``v`` in every row."""
    out: BoolArray = X[0] <= v[0]
    for j in range(1, X.shape[0]):
        out &= X[j] <= v[j]
    return out


def _all_ge(X: FloatArray, v: FloatArray) -> BoolArray:
    out: BoolArray = X[0] >= v[0]
    for j in range(1, X.shape[0]):
        out &= X[j] >= v[j]
    return out


def _filter_brute(T: FloatArray, B: FloatArray) -> BoolArray:
    """Which columns of ``B`` are weakly dominated by some column of ``T`` (both (d, ·))."""
    n_dims, n_t = T.shape
    n_b = B.shape[1]
    out = np.empty(n_b, dtype=bool)
    step = max(1, _PAIRS // max(n_t, 1))
    for start in range(0, n_b, step):
        stop = min(n_b, start + step)
        ge = T[0][None, :] >= B[0, start:stop, None]
        for j in range(1, n_dims):
            ge &= T[j][None, :] >= B[j, start:stop, None]
        out[start:stop] = ge.any(axis=1)
    return out


def _filter_2d(T: FloatArray, B: FloatArray) -> BoolArray:
    """Two-dimensional filter: sort ``T`` by its first row, take suffix maxima of its second."""
    order = np.argsort(T[0])
    tx = T[0][order]
    suffix_max = np.maximum.accumulate(T[1][order][::-1])[::-1]
    pos = np.searchsorted(tx, B[0], side="left")
    out = np.zeros(B.shape[1], dtype=bool)
    ok = np.flatnonzero(pos < tx.size)
    out[ok] = suffix_max[pos[ok]] >= B[1, ok]
    return out


def _filter(T: FloatArray, B: FloatArray) -> BoolArray:
    """Kung et al.'s filter: columns of ``B`` weakly dominated by a column of ``T``.

    Splits on the median of the first row; the cross term (large-first-row
    ``T`` against small-first-row ``B``) loses that row. Bounding boxes and
    coordinate sums prune each call.
    """
    n_dims, n_t = T.shape
    n_b = B.shape[1]
    if n_t == 0 or n_b == 0:
        return np.zeros(n_b, dtype=bool)
    if n_dims == 0:
        return np.ones(n_b, dtype=bool)
    if n_dims == 1:
        return np.asarray(B[0] <= T[0].max(), dtype=bool)
    if n_dims == 2:
        return _filter_2d(T, B)
    if n_t * n_b <= _BRUTE:
        return _filter_brute(T, B)
    out = np.zeros(n_b, dtype=bool)
    sum_t = T.sum(axis=0)
    sum_b = B.sum(axis=0)
    maybe = _all_le(B, T.max(axis=1))
    maybe &= sum_b <= sum_t.max()
    cand = np.flatnonzero(maybe)
    if cand.size == 0:
        return out
    Bc = B[:, cand]
    useful = _all_ge(T, Bc.min(axis=1))
    useful &= sum_t >= sum_b[cand].min()
    T = T[:, useful]
    if T.shape[1] == 0:
        return out
    if min(T.shape[1], Bc.shape[1]) <= _SMALL or T.shape[1] * Bc.shape[1] <= _BRUTE:
        out[cand] = _filter_brute(T, Bc)
        return out
    rows = T.min(axis=1) < Bc.max(axis=1)  # a row where every t >= every b can be dropped
    if not rows.all():
        out[cand] = _filter(T[rows], Bc[rows])
        return out
    both = np.concatenate((T[0], Bc[0]))
    median = np.partition(both, both.size // 2)[both.size // 2]
    t_high = T[0] >= median
    b_high = Bc[0] >= median
    if t_high.all() and b_high.all():
        t_high = T[0] > median
        b_high = Bc[0] > median
    res = np.zeros(Bc.shape[1], dtype=bool)
    T_high = T[:, t_high]
    high = np.flatnonzero(b_high)
    if high.size:
        res[high] = _filter(T_high, Bc[:, high])
    low = np.flatnonzero(~b_high)
    if low.size:
        beaten = _filter(T_high[1:], Bc[1:, low])
        res[low[beaten]] = True
        rest = low[~beaten]
        if rest.size:
            res[rest] = _filter(T[:, ~t_high], Bc[:, rest])
    out[cand] = res
    return out


def _leaves(P: FloatArray) -> BoolArray:
    """Brute-force frontier of each block of ``_BASE`` consecutive columns, all blocks at once."""
    n_dims, n = P.shape
    keep = np.empty(n, dtype=bool)
    n_full = (n // _BASE) * _BASE
    per_chunk = max(1, (1 << 22) // (_BASE * _BASE)) * _BASE
    for start in range(0, n_full, per_chunk):
        stop = min(n_full, start + per_chunk)
        X = P[:, start:stop].reshape(n_dims, -1, _BASE)
        ge = X[0][:, None, :] >= X[0][:, :, None]
        for j in range(1, n_dims):
            ge &= X[j][:, None, :] >= X[j][:, :, None]
        keep[start:stop] = (ge.sum(axis=2) == 1).ravel()
    if n_full < n:
        X = P[:, n_full:]
        ge = X[0][None, :] >= X[0][:, None]
        for j in range(1, n_dims):
            ge &= X[j][None, :] >= X[j][:, None]
        keep[n_full:] = ge.sum(axis=1) == 1
    return keep


def _front_sorted(P: FloatArray) -> BoolArray:
    """Frontier of distinct points ``P`` (shape (d, n)) sorted lexicographically descending.

    Bottom-up Kung–Luccio–Preparata: a point can only be dominated by points
    before it, so each merge filters the lower block's survivors by the upper
    block's survivors on the remaining d - 1 coordinates.
    """
    n = P.shape[1]
    keep = _leaves(P)
    size = _BASE
    while size < n:
        for start in range(0, n, 2 * size):
            mid = start + size
            if mid >= n:
                break
            stop = min(n, start + 2 * size)
            upper = start + np.flatnonzero(keep[start:mid])
            lower = mid + np.flatnonzero(keep[mid:stop])
            if upper.size and lower.size:
                beaten = _filter(P[1:, upper], P[1:, lower])
                keep[lower[beaten]] = False
        size *= 2
    return keep


def _front_mask(X: FloatArray) -> BoolArray:
    """Non-dominated columns of ``X`` (shape (d, n), d >= 2); exact duplicates all kept."""
    n_dims, n = X.shape
    order = np.lexsort(X[::-1])
    S = X[:, order]
    first = np.empty(n, dtype=bool)
    first[0] = True
    if n > 1:
        differ = S[0, 1:] != S[0, :-1]
        for j in range(1, n_dims):
            differ |= S[j, 1:] != S[j, :-1]
        first[1:] = differ
    group = np.cumsum(first) - 1
    distinct = np.ascontiguousarray(S[:, first][:, ::-1])
    keep_distinct = _front_sorted(distinct)[::-1]
    mask = np.empty(n, dtype=bool)
    mask[order] = keep_distinct[group]
    return mask


def _strictly_dominated(X: FloatArray, t: FloatArray) -> BoolArray:
    below = _all_le(X, t)
    hits = np.flatnonzero(below & (X[0] == t[0]))  # the candidates for equality with t
    if hits.size:
        equal = X[0, hits] == t[0]
        for j in range(1, X.shape[0]):
            equal &= X[j, hits] == t[j]
        below[hits[equal]] = False
    return below


def _eliminate(X: FloatArray, pivots: FloatArray) -> IntArray:
    """Columns of ``X`` not strictly dominated by any pivot column (indices into ``X``)."""
    idx = np.arange(X.shape[1])
    cur = X
    keep = np.ones(idx.size, dtype=bool)
    for i in range(pivots.shape[1]):
        keep &= ~_strictly_dominated(cur, pivots[:, i])
        if np.count_nonzero(keep) < 0.6 * keep.size:
            idx = idx[keep]
            cur = cur[:, keep]
            keep = np.ones(idx.size, dtype=bool)
    return idx[keep]


def _pareto_2d(x: FloatArray, y: FloatArray) -> IntArray:
    n = x.size
    alive = np.arange(n)
    lo, hi = float(x.min()), float(x.max())
    if n > _PREFILTER and hi > lo:
        # Exact prefilter: bins along x are monotone in x, so a point whose y is
        # at most the largest y in a strictly higher bin is strictly dominated.
        n_bins = 1024
        bins = ((x - lo) * (n_bins / (hi - lo))).astype(np.intp)
        np.minimum(bins, n_bins - 1, out=bins)
        bin_max = np.full(n_bins + 1, -np.inf)
        np.maximum.at(bin_max, bins, y)
        above = np.maximum.accumulate(bin_max[::-1])[::-1]
        alive = np.flatnonzero(y > above[bins + 1])
    xs, ys = x[alive], y[alive]
    order = np.lexsort((-ys, -xs))
    xo, yo = xs[order], ys[order]
    first = np.empty(xo.size, dtype=bool)
    first[0] = True
    first[1:] = xo[1:] != xo[:-1]
    group = np.cumsum(first) - 1
    group_max = yo[first]
    before = np.empty_like(group_max)
    before[0] = -np.inf
    before[1:] = np.maximum.accumulate(group_max)[:-1]
    keep = (yo == group_max[group]) & (yo > before[group])
    return np.sort(alive[order[keep]])


def _pareto_nd(U: FloatArray) -> IntArray:
    n, n_actors = U.shape
    alive = np.arange(n)
    X = U.T  # (n_actors, n) view; gathers below make contiguous copies
    sums = U @ np.ones(n_actors)
    while alive.size > _PREFILTER:
        local_sums = sums[alive]
        top = alive[np.argpartition(local_sums, alive.size - _TOP)[alive.size - _TOP :]]
        F = np.ascontiguousarray(U[top].T)
        F = F[:, _front_mask(F)]
        # Largest dominated box first (log volume above the pivots' minimum).
        volume = np.log(np.maximum(F - F.min(axis=1, keepdims=True), _TINY)).sum(axis=0)
        F = F[:, np.argsort(-volume, kind="stable")[:_PIVOTS]]
        sample = alive[:: max(1, alive.size // 512)]
        if _eliminate(np.ascontiguousarray(U[sample].T), F).size > 0.5 * sample.size:
            break
        cur = X if alive.size == n else np.ascontiguousarray(U[alive].T)
        alive = alive[_eliminate(cur, F)]
    mask = _front_mask(np.ascontiguousarray(U[alive].T))
    return np.sort(alive[mask])


def pareto_frontier(U: ArrayLike) -> IntArray:
    r"""Return the indices of the Pareto-optimal (non-dominated) outcomes.

    Outcome :math:`x` is dominated when another outcome :math:`y` has
    :math:`u_i(y) \ge u_i(x)` for every actor and :math:`u_i(y) > u_i(x)` for
    at least one. Comparisons are exact (no tolerance); exact duplicates of a
    non-dominated outcome are all kept.

    Parameters
    ----------
    U : array_like of shape (n_outcomes, n_actors)
        Utility of each outcome for each actor.

    Returns
    -------
    ndarray of shape (n_frontier,) and dtype intp
        Sorted indices of the non-dominated outcomes.

    Raises
    ------
    ValueError
        If ``U`` is not a non-empty finite 2-D array.

    Notes
    -----
    *One actor*: the maximisers, :math:`O(n)`.

    *Two actors*: an exact :math:`O(n)` prefilter (bin the outcomes on the
    first utility; an outcome whose second utility is at most the largest one
    in a strictly higher bin is dominated) followed by a sort-and-sweep on the
    :math:`m` survivors: sort by :math:`(-u_1, -u_2)` and keep an outcome when
    its :math:`u_2` is the largest of its :math:`u_1` group and exceeds every
    :math:`u_2` before it, :math:`O(m \log m)` and :math:`O(n \log n)` at worst.

    *Three or more actors*: while more than 4096 outcomes remain, an
    elimination round in the spirit of LESS (Godfrey et al. 2005) takes the
    exact frontier of the 256 outcomes with the largest utility sums (an
    outcome that dominates one of them has a larger sum, so they are truly
    Pareto-optimal) and removes, in vectorised passes, every outcome strictly
    dominated by up to 64 of them; rounds stop when they remove less than
    half of a sample. The survivors are deduplicated, sorted
    lexicographically and solved by the divide and conquer of Kung, Luccio and
    Preparata (1975), bottom-up: brute-force blocks of 64 (all blocks in one
    vectorised pass), then merges in which the lower block's survivors are
    filtered by the upper block's on the remaining coordinates with Kung's
    recursive median-split filter (pruned by bounding boxes and coordinate
    sums, brute-forced in small cases, by sort and binary search in two
    dimensions). The worst case is :math:`O(n \log^{k-1} n)` for
    :math:`k \ge 3` actors, one logarithm above Kung et al.'s bound because
    the two-dimensional filter sorts rather than reusing a presorted order;
    the elimination rounds cost :math:`O(n k)` each and make uniform random
    utilities nearly linear.

    References
    ----------
    .. [1] Kung, H. T., Luccio, F. and Preparata, F. P. (1975). On finding the
       maxima of a set of vectors. *Journal of the ACM* 22(4), 469–476.
    .. [2] Godfrey, P., Shipley, R. and Gryz, J. (2005). Maximal vector
       computation in large data sets. *Proceedings of VLDB 2005*, 229–240.

    Examples
    --------
    >>> pareto_frontier([[1, 2], [2, 1], [1, 1], [2, 1]]).tolist()
    [0, 1, 3]
    >>> pareto_frontier([[3, 1, 1], [1, 3, 1], [1, 1, 3], [1, 1, 1]]).tolist()
    [0, 1, 2]
    """
    A = _check_u(U, "pareto_frontier")
    n_actors = A.shape[1]
    if n_actors == 1:
        return np.flatnonzero(A[:, 0] == A[:, 0].max())
    if n_actors == 2:
        return _pareto_2d(A[:, 0], A[:, 1])
    return _pareto_nd(A)


def zopa(U: ArrayLike, d: ArrayLike) -> IntArray:
    r"""Return the indices of the outcomes in the zone of possible agreement.

    The zone of possible agreement is :math:`\{x : u_i(x) \ge d_i \ \forall i\}`,
    the outcomes every actor weakly prefers to no deal. An empty zone is a valid
    answer (an empty array), not an error.

    Parameters
    ----------
    U : array_like of shape (n_outcomes, n_actors)
        Utility of each outcome for each actor.
    d : array_like of shape (n_actors,)
        Disagreement payoffs.

    Returns
    -------
    ndarray of shape (n_zopa,) and dtype intp
        Sorted indices; possibly empty.

    Raises
    ------
    ValueError
        If ``U`` or ``d`` has the wrong shape or non-finite values.

    Examples
    --------
    >>> zopa([[1, 5], [3, 3], [5, 1]], [2, 2]).tolist()
    [1]
    >>> zopa([[1, 5], [5, 1]], [4, 4]).size
    0
    """
    A = _check_u(U, "zopa")
    dd = _check_d(d, A, "zopa")
    return np.flatnonzero(_all_ge(A.T, dd))


# ---------------------------------------------------------------------------
# Discrete solutions (single problems and batches share one vectorised engine)
# ---------------------------------------------------------------------------


def _min_last(A: FloatArray) -> FloatArray:
    """Minimum over the last axis, as a few whole-array passes (fast for few actors)."""
    out = A[..., 0].copy()
    for j in range(1, A.shape[-1]):
        np.minimum(out, A[..., j], out=out)
    return out


def _sorted_sum(A: FloatArray) -> FloatArray:
    """Row sums of sorted rows: the same floating-point result for any order of the columns."""
    out: FloatArray = np.sort(A, axis=-1).sum(axis=-1)
    return out


def _ks_scale(U: FloatArray, D: FloatArray, in_zopa: BoolArray) -> FloatArray:
    """Ideal gains ``a - d`` over the zone of possible agreement; 0 where an actor cannot gain."""
    with np.errstate(invalid="ignore"):
        ideal = np.where(in_zopa[..., None], U, -np.inf).max(axis=-2)
        span = ideal - D
    return np.where(span > 0, span, 0.0)


def _ks_ratios(G: FloatArray, scale: FloatArray) -> FloatArray:
    """Gains as shares of the ideal gains; 1 for an actor that cannot gain."""
    ratio = G / np.where(scale > 0, scale, 1.0)
    np.copyto(ratio, 1.0, where=np.broadcast_to(scale <= 0, ratio.shape))
    return ratio


def _exact_keys(
    kind: _Kind, u: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray
) -> tuple[list[FloatArray], int]:
    """Order-free ranking keys of candidate rows (larger is better), and how many are primary.

    After each concept's own keys come the utilitarian sum, the leximin gains and the
    utilities in actor order; the caller adds the outcome index last.
    """
    g = u - d
    if kind == "utilitarian":
        return [_sorted_sum(u), *np.sort(u, axis=1).T, *u.T], 1
    if kind == "egalitarian":
        return [*np.sort(g, axis=1).T, _sorted_sum(u), *u.T], 1
    tail = [_sorted_sum(u), *np.sort(g, axis=1).T, *u.T]
    if kind == "kalai_smorodinsky":
        return [*np.sort(_ks_ratios(g, scale), axis=1).T, *tail], 1
    pos = g > 0
    terms = np.where(pos, w * np.log(np.where(pos, g, 1.0)), 0.0)
    return [pos.sum(axis=1).astype(float), _sorted_sum(terms), *tail], 2


def _solve_chunk(
    kind: _Kind,
    U: FloatArray,
    D: FloatArray,
    W: FloatArray,
    shared_weights: bool,
    want_ties: bool,
    buf: FloatArray,
) -> tuple[IntArray, list[IntArray]]:
    n_s, _, k = U.shape
    chosen = np.full(n_s, -1, dtype=np.intp)
    scale = np.ones((n_s, k))
    weak = np.zeros(n_s, dtype=bool)
    tol = np.zeros(n_s)
    if kind == "utilitarian":
        fast = U @ np.ones(k)
        tol = 4.0 * (k + 1) * k * _EPS * np.abs(U).max(axis=(1, 2))
        valid: BoolArray = np.ones(n_s, dtype=bool)
    elif kind == "nash":
        G = np.subtract(U, D[:, None, :], out=buf)
        strict = _min_last(G) > 0
        np.maximum(G, _TINY, out=G)  # not 0: log(0) takes a slow path
        np.log(G, out=G)
        fast = G @ W[0] if shared_weights else np.matmul(G, W[:, :, None])[..., 0]
        np.copyto(fast, -np.inf, where=~strict)
        tol = 4.0 * (k + 2) * _EPS * _LOG_RANGE * W.sum(axis=1)
        valid = fast.max(axis=1) > -np.inf
        if not valid.all():
            # No strict improvement: is there a weak one (the zone of possible agreement)?
            q = np.flatnonzero(~valid)
            weak[q] = (_min_last(U[q] - D[q][:, None, :]) >= 0).any(axis=1)
            valid |= weak
    else:
        G = np.subtract(U, D[:, None, :], out=buf)
        gmin = _min_last(G)
        in_zopa = gmin >= 0
        valid = np.asarray(in_zopa.any(axis=1), dtype=bool)
        if kind == "egalitarian":
            fast = np.where(in_zopa, gmin, -np.inf)
        else:
            scale = _ks_scale(U, D, in_zopa)
            fast = np.where(in_zopa, _min_last(_ks_ratios(G, scale[:, None, :])), -np.inf)
    best = fast.max(axis=1)
    cand = fast >= (best - tol)[:, None]
    cand &= fast > -np.inf
    if weak.any():
        # No outcome gives everyone a strict gain: rank the zone of possible agreement by
        # (number of actors who gain, weighted log-product of their gains).
        q = np.flatnonzero(weak)
        Gq = U[q] - D[q][:, None, :]
        pos = Gq > 0
        count = np.where(_min_last(Gq) >= 0, pos.sum(axis=2), -1)
        top = count == count.max(axis=1, keepdims=True)
        f2 = (np.log(np.where(pos, Gq, 1.0)) * W[q][:, None, :]).sum(axis=2)
        f2 = np.where(top, f2, -np.inf)
        cand[q] = f2 >= (f2.max(axis=1) - tol[q])[:, None]
    n_cand = cand.sum(axis=1)
    simple = valid & ~weak & (n_cand == 1)
    chosen[simple] = fast[simple].argmax(axis=1)
    ties: list[IntArray] = []
    if want_ties:
        ties = [np.array([c], dtype=np.intp) if c >= 0 else np.empty(0, np.intp) for c in chosen]
    hard = np.flatnonzero(valid & ~simple)
    if hard.size == 0:
        return chosen, ties
    local, outcome = np.nonzero(cand[hard])
    sample = hard[local]
    keys, n_primary = _exact_keys(kind, U[sample, outcome], D[sample], W[sample], scale[sample])
    order = np.lexsort((-outcome, *keys[::-1], sample))
    sample_sorted = sample[order]
    last = np.flatnonzero(np.append(sample_sorted[1:] != sample_sorted[:-1], True))
    winners = order[last]
    chosen[sample[winners]] = outcome[winners]
    if want_ties:
        same = np.ones(sample.size, dtype=bool)
        winner_of = np.empty(n_s, dtype=np.intp)
        winner_of[sample[winners]] = winners
        ref = winner_of[sample]
        for key in keys[:n_primary]:
            same &= key == key[ref]
        for s in np.unique(sample):
            ties[s] = np.sort(outcome[(sample == s) & same])
    return chosen, ties


def _solve(
    kind: _Kind,
    U: FloatArray,
    D: FloatArray,
    W: FloatArray,
    chunk_size: int,
    want_ties: bool = False,
) -> tuple[IntArray, list[IntArray]]:
    n_s = U.shape[0]
    shared = bool(W.shape[0] <= 1 or np.all(W == W[0]))
    chosen = np.empty(n_s, dtype=np.intp)
    ties: list[IntArray] = []
    buf = np.empty((min(chunk_size, n_s), *U.shape[1:]))
    for start in range(0, n_s, chunk_size):
        stop = min(n_s, start + chunk_size)
        c, t = _solve_chunk(
            kind, U[start:stop], D[start:stop], W[start:stop], shared, want_ties,
            buf[: stop - start],
        )
        chosen[start:stop] = c
        ties.extend(t)
    return chosen, ties


def _single(kind: _Kind, U: ArrayLike, d: ArrayLike | None, weights: ArrayLike | None) -> Solution:
    func = _NAMES[kind]
    A = _check_u(U, func)
    n_actors = A.shape[1]
    dd = np.zeros(n_actors) if d is None else _check_d(d, A, func)
    w = _check_weights(weights, n_actors, func)
    chosen, ties = _solve(kind, A[None], dd[None], w[None], 1, want_ties=True)
    if chosen[0] < 0:
        raise _no_zopa(func, dd)
    index = int(chosen[0])
    return Solution(
        name=func,
        index=index,
        utilities=_readonly(A[index].copy()),
        ties=_readonly(ties[0]),
        disagreement=None if d is None else _readonly(dd.copy()),
    )


def _batch(
    kind: _Kind,
    U: ArrayLike,
    d: ArrayLike | None,
    weights: ArrayLike | None,
    chunk_size: int | None,
) -> IntArray:
    func = _NAMES[kind] + "_batch"
    A = _check_u(U, func, batched=True)
    n_s, n, n_actors = A.shape
    D = np.zeros((n_s, n_actors)) if d is None else _check_d(d, A, func, batched=True)
    W = _check_weights(weights, n_actors, func, n_samples=n_s)
    chunk = _check_chunk(chunk_size, func, n, n_actors)
    chosen, _ = _solve(kind, A, D, W, chunk)
    return chosen


def nash_bargaining(U: ArrayLike, d: ArrayLike, weights: ArrayLike | None = None) -> Solution:
    r"""Compute the (generalised) Nash bargaining solution on a discrete set of outcomes.

    Maximises the weighted Nash product
    :math:`\sum_i w_i \log(u_i(x) - d_i)` over the outcomes that give every
    actor a strict gain, :math:`u(x) > d`. Equal weights give Nash's (1950)
    symmetric solution; unequal ones (bargaining powers, e.g. from
    capabilities) the asymmetric solution of Kalai (1977a).

    Parameters
    ----------
    U : array_like of shape (n_outcomes, n_actors)
        Utility of each outcome for each actor.
    d : array_like of shape (n_actors,)
        Disagreement payoffs.
    weights : array_like of shape (n_actors,), optional
        Non-negative bargaining powers with a positive sum (only their ratios
        matter). Default: all equal.

    Returns
    -------
    Solution
        ``name="nash_bargaining"``. ``ties`` holds the outcomes with the same
        (number of gaining actors, weighted log-product).

    Raises
    ------
    ValueError
        If the shapes are wrong, a value is NaN or infinite, a weight is
        negative or all are zero, or no outcome weakly improves on ``d`` for
        every actor (the disagreement point lies above every outcome).

    Notes
    -----
    *Only weak improvements.* When the zone of possible agreement is non-empty
    but no outcome improves strictly on ``d`` for every actor, the Nash product
    is zero on the whole zone. The solution is then the outcome of the zone
    that first maximises the number of actors with a strict gain and then the
    weighted log-product of those actors' gains. This coincides with the usual
    definition whenever a strict improvement exists, and keeps the solution
    Pareto-optimal, symmetric, invariant to positive affine rescaling of each
    actor's utility (with ``d`` rescaled alike) and independent of irrelevant
    alternatives.

    *Ties.* The objective is computed with a rounding allowance of a few
    units in the last place (outcomes within it are compared exactly by the
    sum of their sorted terms); ties are broken by the larger utilitarian sum,
    then as described in :class:`Solution`. Because a dominating outcome has a
    weakly larger product and a strictly larger sum, the solution is always
    Pareto-optimal, even with zero weights.

    References
    ----------
    .. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
    .. [2] Kalai, E. (1977). Nonsymmetric Nash solutions and replications of
       2-person bargaining. *International Journal of Game Theory* 6(3), 129–133.
    .. [3] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*,
       chapter 2. Academic Press.

    Examples
    --------
    Split 10 units between two risk-neutral actors:

    >>> shares = np.arange(11.0)
    >>> U = np.column_stack([shares, 10 - shares])
    >>> nash_bargaining(U, [0, 0]).utilities.tolist()
    [5.0, 5.0]
    >>> nash_bargaining(U, [0, 0], weights=[3, 2]).utilities.tolist()
    [6.0, 4.0]
    """
    return _single("nash", U, d, weights)


def kalai_smorodinsky(U: ArrayLike, d: ArrayLike) -> Solution:
    r"""Compute the Kalai–Smorodinsky solution on a discrete set of outcomes.

    With the ideal point :math:`a_i = \max_{x \in Z} u_i(x)` over the zone of
    possible agreement :math:`Z`, chooses the outcome of :math:`Z` that
    maximises :math:`\min_i (u_i(x) - d_i) / (a_i - d_i)`, the smallest share
    of its possible gain that any actor receives. On a continuous comprehensive
    set this is the Pareto-optimal point on the segment from :math:`d` to
    :math:`a` (the KS ray); on a discrete set it is the outcome that reaches
    furthest along that ray in the max-min sense, i.e. the Pareto-optimal
    outcome closest to the ray.

    Parameters
    ----------
    U : array_like of shape (n_outcomes, n_actors)
        Utility of each outcome for each actor.
    d : array_like of shape (n_actors,)
        Disagreement payoffs.

    Returns
    -------
    Solution
        ``name="kalai_smorodinsky"``; ``ties`` holds the outcomes with the same
        smallest normalised gain.

    Raises
    ------
    ValueError
        If the shapes are wrong, a value is NaN or infinite, or no outcome
        weakly improves on ``d`` for every actor.

    Notes
    -----
    Ties in the smallest normalised gain are broken lexicographically on the
    sorted vector of normalised gains (the leximin refinement, which makes the
    choice Pareto-optimal), then as described in :class:`Solution`. An actor
    with no possible gain (:math:`a_i = d_i`) gets normalised gain 1 at every
    outcome of :math:`Z`, so it never constrains the others.

    References
    ----------
    .. [1] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
       bargaining problem. *Econometrica* 43(3), 513–518.

    Examples
    --------
    >>> U = [[0, 10], [4, 6], [6, 3], [8, 0]]
    >>> kalai_smorodinsky(U, [0, 0]).utilities.tolist()
    [4.0, 6.0]
    """
    return _single("kalai_smorodinsky", U, d, None)


def egalitarian(U: ArrayLike, d: ArrayLike) -> Solution:
    r"""Compute the egalitarian (Kalai 1977b) solution on a discrete set of outcomes.

    Maximises the smallest gain :math:`\min_i (u_i(x) - d_i)` over the zone of
    possible agreement, refined by leximin: among outcomes with the same
    smallest gain, the larger second-smallest gain, and so on.

    Parameters
    ----------
    U : array_like of shape (n_outcomes, n_actors)
        Utility of each outcome for each actor.
    d : array_like of shape (n_actors,)
        Disagreement payoffs.

    Returns
    -------
    Solution
        ``name="egalitarian"``; ``ties`` holds the outcomes with the same
        smallest gain.

    Raises
    ------
    ValueError
        If the shapes are wrong, a value is NaN or infinite, or no outcome
        weakly improves on ``d`` for every actor.

    References
    ----------
    .. [1] Kalai, E. (1977). Proportional solutions to bargaining situations:
       interpersonal utility comparisons. *Econometrica* 45(7), 1623–1630.

    Examples
    --------
    >>> egalitarian([[0, 10], [4, 6], [6, 3], [8, 0]], [1, 0]).utilities.tolist()
    [4.0, 6.0]
    """
    return _single("egalitarian", U, d, None)


def utilitarian(U: ArrayLike) -> Solution:
    r"""Compute the utilitarian solution: the outcome with the largest sum of utilities.

    Parameters
    ----------
    U : array_like of shape (n_outcomes, n_actors)
        Utility of each outcome for each actor.

    Returns
    -------
    Solution
        ``name="utilitarian"``, ``disagreement=None``; ``ties`` holds the
        outcomes with the same sum.

    Raises
    ------
    ValueError
        If ``U`` is not a non-empty finite 2-D array.

    Notes
    -----
    Sums are compared with a rounding allowance of a few units in the last
    place and then exactly on sorted rows; ties go to the leximin-larger
    utility vector, then as described in :class:`Solution`.

    Examples
    --------
    >>> utilitarian([[1, 5], [3, 3], [5, 2]]).utilities.tolist()
    [5.0, 2.0]
    >>> utilitarian([[1, 5], [3, 3], [5, 1]]).utilities.tolist()
    [3.0, 3.0]
    """
    return _single("utilitarian", U, None, None)


def nash_bargaining_batch(
    U: ArrayLike,
    d: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    chunk_size: int | None = None,
) -> IntArray:
    """Nash bargaining solutions of many problems at once (Monte Carlo draws).

    Each sample ``s`` is solved exactly as ``nash_bargaining(U[s], d[s],
    weights[s]).index``, vectorised over chunks of samples.

    Parameters
    ----------
    U : array_like of shape (n_samples, n_outcomes, n_actors)
        Utilities per draw.
    d : array_like of shape (n_samples, n_actors)
        Disagreement payoffs per draw.
    weights : array_like of shape (n_actors,) or (n_samples, n_actors), optional
        Bargaining powers, shared or per draw. Default: all equal.
    chunk_size : int, optional
        Samples solved together; bounds the working memory to a few arrays of
        ``chunk_size * n_outcomes * n_actors`` floats. Default: about 2.6e5
        utilities per chunk. The result does not depend on it.

    Returns
    -------
    ndarray of shape (n_samples,) and dtype intp
        The chosen outcome per draw; -1 where the draw's zone of possible
        agreement is empty (where :func:`nash_bargaining` raises).

    Raises
    ------
    ValueError
        If a shape is wrong, a value is NaN or infinite, a weight is negative
        or a row of weights sums to zero, or ``chunk_size`` is not an int >= 1.

    Examples
    --------
    >>> U = np.array([[[1.0, 4.0], [2.0, 3.0]], [[1.0, 4.0], [2.0, 3.0]]])
    >>> nash_bargaining_batch(U, [[0, 0], [0, 3.5]]).tolist()
    [1, 0]
    >>> nash_bargaining_batch(U, [[0, 0], [3, 3]]).tolist()
    [1, -1]
    """
    return _batch("nash", U, d, weights, chunk_size)


def kalai_smorodinsky_batch(
    U: ArrayLike, d: ArrayLike, *, chunk_size: int | None = None
) -> IntArray:
    """Kalai–Smorodinsky solutions of many problems at once.

    Each sample is solved exactly as :func:`kalai_smorodinsky`.

    Parameters
    ----------
    U : array_like of shape (n_samples, n_outcomes, n_actors)
        Utilities per draw.
    d : array_like of shape (n_samples, n_actors)
        Disagreement payoffs per draw.
    chunk_size : int, optional
        Samples solved together (see :func:`nash_bargaining_batch`).

    Returns
    -------
    ndarray of shape (n_samples,) and dtype intp
        The chosen outcome per draw; -1 where the zone of possible agreement is empty.

    Raises
    ------
    ValueError
        If a shape is wrong, a value is NaN or infinite, or ``chunk_size`` is
        not an int >= 1.

    Examples
    --------
    >>> U = np.array([[[0, 10], [4, 6], [6, 3], [8, 0]]] * 2)
    >>> kalai_smorodinsky_batch(U, [[0, 0], [7, 0]]).tolist()
    [1, 3]
    """
    return _batch("kalai_smorodinsky", U, d, None, chunk_size)


def egalitarian_batch(U: ArrayLike, d: ArrayLike, *, chunk_size: int | None = None) -> IntArray:
    """Egalitarian solutions of many problems at once.

    Each sample is solved exactly as :func:`egalitarian`.

    Parameters
    ----------
    U : array_like of shape (n_samples, n_outcomes, n_actors)
        Utilities per draw.
    d : array_like of shape (n_samples, n_actors)
        Disagreement payoffs per draw.
    chunk_size : int, optional
        Samples solved together (see :func:`nash_bargaining_batch`).

    Returns
    -------
    ndarray of shape (n_samples,) and dtype intp
        The chosen outcome per draw; -1 where the zone of possible agreement is empty.

    Raises
    ------
    ValueError
        If a shape is wrong, a value is NaN or infinite, or ``chunk_size`` is
        not an int >= 1.

    Examples
    --------
    >>> U = np.array([[[0, 10], [4, 6], [6, 3], [8, 0]]] * 2)
    >>> egalitarian_batch(U, [[0, 0], [3, 0]]).tolist()
    [1, 2]
    """
    return _batch("egalitarian", U, d, None, chunk_size)


def utilitarian_batch(U: ArrayLike, *, chunk_size: int | None = None) -> IntArray:
    """Utilitarian solutions of many problems at once.

    Each sample is solved exactly as :func:`utilitarian`.

    Parameters
    ----------
    U : array_like of shape (n_samples, n_outcomes, n_actors)
        Utilities per draw.
    chunk_size : int, optional
        Samples solved together (see :func:`nash_bargaining_batch`).

    Returns
    -------
    ndarray of shape (n_samples,) and dtype intp
        The chosen outcome per draw.

    Raises
    ------
    ValueError
        If the shape is wrong, a value is NaN or infinite, or ``chunk_size`` is
        not an int >= 1.

    Examples
    --------
    >>> utilitarian_batch([[[1, 5], [3, 3], [5, 2]], [[1, 7], [3, 3], [5, 2]]]).tolist()
    [2, 0]
    """
    return _batch("utilitarian", U, None, None, chunk_size)


# ---------------------------------------------------------------------------
# Continuous outcome spaces
# ---------------------------------------------------------------------------

UtilityFunction = Callable[[FloatArray], ArrayLike]
"""Maps points of shape (n_points, n_dims) to utilities of shape (n_points, n_actors)."""


class _Evaluator:
    """Vectorised utility calls with checks, and cached forward-difference Jacobians."""

    def __init__(
        self, utility: UtilityFunction, low: FloatArray, high: FloatArray, func: str
    ) -> None:
        self.utility = utility
        self.low = low
        self.high = high
        self.func = func
        self.n_actors = -1
        self._x: FloatArray | None = None
        self._u = np.empty(0)
        self._jac = np.empty((0, 0))

    def values(self, X: FloatArray) -> FloatArray:
        try:
            out = np.asarray(self.utility(X), dtype=float)
        except (TypeError, ValueError) as exc:
            raise param_error(
                "utility", self.func,
                "a function of points of shape (n_points, n_dims) returning utilities",
                f"a function that raised {type(exc).__name__}: {exc}",
            ) from exc
        n_actors = out.shape[1] if out.ndim == 2 else -1
        if self.n_actors < 0 and n_actors > 0:
            self.n_actors = n_actors
        if out.shape != (X.shape[0], self.n_actors) or not np.all(np.isfinite(out)):
            got = f"shape {out.shape}" if np.all(np.isfinite(out)) else "non-finite utilities"
            raise param_error(
                "utility", self.func,
                "a function returning finite utilities of shape (n_points, n_actors) "
                "for points of shape (n_points, n_dims)",
                got,
            )
        return out

    def at(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Utilities (n_actors,) and Jacobian (n_actors, n_dims) at ``x``."""
        if self._x is not None and np.array_equal(x, self._x):
            return self._u, self._jac
        step = np.sqrt(_EPS) * np.maximum(1.0, np.abs(x))
        step = np.where(x + step > self.high, -step, step)
        points = np.vstack([x, x + np.diag(step)])
        vals = self.values(points)
        self._x = x.copy()
        self._u = vals[0]
        self._jac = ((vals[1:] - vals[0]) / step[:, None]).T
        return self._u, self._jac


def _objective(
    kind: str, U: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray
) -> FloatArray:
    """Objective of each row of ``U`` (larger is better); -inf outside the feasible set."""
    if kind == "utilitarian":
        total: FloatArray = U.sum(axis=1)
        return total
    g = U - d
    gmin = g.min(axis=1)
    if kind == "nash":
        value = (np.log(np.maximum(g, _TINY)) * w).sum(axis=1)
        return np.where(gmin > 0, value, -np.inf)
    if kind == "kalai_smorodinsky":
        return np.where(gmin >= 0, _ks_ratios(g, scale).min(axis=1), -np.inf)
    if kind == "egalitarian":
        return np.where(gmin >= 0, gmin, -np.inf)
    # "ideal<i>": actor i's utility over the zone of possible agreement
    return np.where(gmin >= 0, U[:, int(kind[5:])], -np.inf)


def _local(
    kind: str,
    ev: _Evaluator,
    x0: FloatArray,
    d: FloatArray,
    w: FloatArray,
    scale: FloatArray,
    tol: float,
    max_iter: int,
) -> tuple[FloatArray, bool, int]:
    """One SLSQP run from ``x0``; epigraph form for the max-min objectives."""
    n_dims = x0.size
    low, high = ev.low, ev.high
    epigraph = kind in ("kalai_smorodinsky", "egalitarian")
    gains = scale > 0

    def point(z: FloatArray) -> FloatArray:
        return np.clip(z[:n_dims], low, high)

    def fun(z: FloatArray) -> float:
        if epigraph:
            return float(-z[-1])
        u, _ = ev.at(point(z))
        if kind == "nash":
            return float(-(w * np.log(np.maximum(u - d, _TINY))).sum())
        if kind == "utilitarian":
            return float(-u.sum())
        return float(-u[int(kind[5:])])

    def grad(z: FloatArray) -> FloatArray:
        out = np.zeros(z.size)
        if epigraph:
            out[-1] = -1.0
            return out
        u, jac = ev.at(point(z))
        if kind == "nash":
            out[:] = -(w / np.maximum(u - d, _TINY)) @ jac
        elif kind == "utilitarian":
            out[:] = -jac.sum(axis=0)
        else:
            out[:] = -jac[int(kind[5:])]
        return out

    def cons(z: FloatArray) -> FloatArray:
        u, _ = ev.at(point(z))
        g = u - d
        if kind == "egalitarian":
            return np.asarray(g - z[-1], dtype=float)
        if kind == "kalai_smorodinsky":
            return np.concatenate([g[gains] / scale[gains] - z[-1], g])
        return g

    def cons_jac(z: FloatArray) -> FloatArray:
        _, jac = ev.at(point(z))
        if kind == "egalitarian":
            return np.hstack([jac, -np.ones((jac.shape[0], 1))])
        if kind == "kalai_smorodinsky":
            top = np.hstack([jac[gains] / scale[gains][:, None], -np.ones((int(gains.sum()), 1))])
            return np.vstack([top, np.hstack([jac, np.zeros((jac.shape[0], 1))])])
        return jac

    bounds = list(zip(low.tolist(), high.tolist(), strict=True))
    z0 = x0.copy()
    if epigraph:
        u0 = ev.values(x0[None])
        start = _objective(kind, u0, d, w, scale)[0]
        if not np.isfinite(start):
            start = float((u0[0] - d).min())
        z0 = np.append(x0, start)
        bounds.append((-np.inf, np.inf))
    constraints = [] if kind == "utilitarian" else [{"type": "ineq", "fun": cons, "jac": cons_jac}]
    res = optimize.minimize(
        fun, z0, jac=grad, method="SLSQP", bounds=bounds, constraints=constraints,
        options={"maxiter": max_iter, "ftol": tol},
    )
    return point(np.asarray(res.x, dtype=float)), bool(res.success), int(res.nit)


def _best_run(
    kind: str,
    ev: _Evaluator,
    starts: FloatArray,
    d: FloatArray,
    w: FloatArray,
    scale: FloatArray,
    tol: float,
    max_iter: int,
) -> tuple[FloatArray, FloatArray, bool, int]:
    """Run SLSQP from each start; keep the feasible result with the best objective."""
    slack = tol * (1.0 + float(np.abs(d).max(initial=0.0)))
    best: tuple[float, FloatArray, FloatArray, bool, int] | None = None
    for x0 in starts:
        x, success, nit = _local(kind, ev, x0, d, w, scale, tol, max_iter)
        u = ev.values(x[None])[0]
        feasible = kind == "utilitarian" or float((u - d).min()) >= -slack
        if kind == "utilitarian":
            score = float(u.sum())
        elif feasible:  # score on clipped gains: a tolerated violation is not infeasible
            score = float(_objective(kind, np.maximum(u, d)[None], d, w, scale)[0])
        else:
            score = -np.inf
        if best is None or score > best[0]:
            best = (score, x, u, success and feasible, nit)
    assert best is not None
    return best[1], best[2], best[3], best[4]


def _continuous(
    kind: _Kind,
    utility: UtilityFunction,
    bounds: ArrayLike,
    d: ArrayLike | None,
    weights: ArrayLike | None,
    tol: float,
    max_iter: int,
    n_starts: int,
    n_samples: int,
    rng: np.random.Generator | int | None,
) -> ContinuousSolution:
    rng = np.random.default_rng(rng)
    func = _NAMES[kind] + "_continuous"
    if not callable(utility):
        raise TypeError(
            f"The 'utility' parameter of {func} must be a callable. Got {utility!r} instead."
        )
    box = check_array(bounds, "bounds", func, ndim=2, shape=(None, 2), shape_text="(n_dims, 2)")
    if box.shape[0] == 0 or np.any(box[:, 0] > box[:, 1]):
        raise param_error(
            "bounds", func, "a non-empty array of shape (n_dims, 2) with low <= high in each row",
            np.array2string(box, separator=", ", threshold=8),
        )
    tol = check_real(tol, "tol", func, low=0.0, low_open=True)
    max_iter = check_int(max_iter, "max_iter", func, low=1)
    n_starts = check_int(n_starts, "n_starts", func, low=1)
    n_samples = check_int(n_samples, "n_samples", func, low=1)
    low, high = box[:, 0].copy(), box[:, 1].copy()
    n_dims = low.size
    ev = _Evaluator(utility, low, high, func)
    parts = [(low + high)[None] / 2, low + (high - low) * rng.random((n_samples, n_dims))]
    if n_dims <= 10:
        corners = np.array(np.meshgrid(*[[0.0, 1.0]] * n_dims, indexing="ij")).reshape(n_dims, -1)
        parts.append(low + (high - low) * corners.T)
    X = np.vstack(parts)
    U = ev.values(X)
    n_actors = U.shape[1]
    if kind == "utilitarian" or d is None:
        dd = np.zeros(n_actors)
    else:
        dd = check_array(
            d, "d", func, ndim=1, shape=(n_actors,), shape_text=f"(n_actors,) = ({n_actors},)"
        ).astype(float)
    w = _check_weights(weights, n_actors, func)
    scale = np.ones(n_actors)
    gmin = (U - dd).min(axis=1)
    if kind != "utilitarian" and not np.any(gmin >= 0):
        # No sample is individually rational: look for one before giving up.
        starts = X[np.argsort(-gmin, kind="stable")[:n_starts]]
        x, u, _, _ = _best_run("egalitarian", ev, starts, dd, w, scale, tol, max_iter)
        if float((u - dd).min()) < 0:
            raise _no_zopa(func, dd)
        X, U = np.vstack([X, x]), np.vstack([U, u])
    if kind == "kalai_smorodinsky":
        ideal = np.empty(n_actors)
        for i in range(n_actors):
            score = _objective(f"ideal{i}", U, dd, w, scale)
            starts = X[np.argsort(-score, kind="stable")[:n_starts]]
            _, u, _, _ = _best_run(f"ideal{i}", ev, starts, dd, w, scale, tol, max_iter)
            ideal[i] = max(float(u[i]), float(score.max()))
        span = ideal - dd
        scale = np.where(span > tol * (1.0 + np.abs(dd)), span, 0.0)
    score = _objective(kind, U, dd, w, scale)
    if kind == "nash" and not np.any(np.isfinite(score)):
        score = _objective("egalitarian", U, dd, w, scale)
    starts = X[np.argsort(-score, kind="stable")[:n_starts]]
    x, u, converged, nit = _best_run(kind, ev, starts, dd, w, scale, tol, max_iter)
    return ContinuousSolution(
        name=_NAMES[kind],
        x=_readonly(x),
        utilities=_readonly(u.copy()),
        converged=converged,
        num_iter=nit,
        max_iter=max_iter,
        tol=tol,
        disagreement=None if kind == "utilitarian" else _readonly(dd),
    )


_CONTINUOUS_PARAMS = """
    Parameters
    ----------
    utility : callable
        Maps points ``x`` of shape (n_points, n_dims) to utilities of shape
        (n_points, n_actors); it is called on many points at once, so it should
        be vectorised. Differentiable utilities give the stated accuracy;
        kinks (e.g. linear spatial losses) may stop the optimiser early, which
        ``converged`` then reports.
    bounds : array_like of shape (n_dims, 2)
        Lower and upper bound of each dimension of the outcome space (a box)."""

_CONTINUOUS_OPTIONS = """
    tol : float, default 1e-8
        Requested accuracy: SLSQP's ``ftol`` and the tolerance on the
        individual-rationality constraints.
    max_iter : int, default 200
        Iteration limit of each local SLSQP run.
    n_starts : int, default 4
        Local runs, started from the best of the sampled points (multistart).
    n_samples : int, default 1024
        Random points (plus the centre and, up to 10 dimensions, the corners of
        the box) scored to choose the starts.
    rng : numpy.random.Generator or int or None
        Randomness of the sampled points."""


def nash_bargaining_continuous(
    utility: UtilityFunction,
    bounds: ArrayLike,
    d: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    tol: float = 1e-8,
    max_iter: int = 200,
    n_starts: int = 4,
    n_samples: int = 1024,
    rng: np.random.Generator | int | None = None,
) -> ContinuousSolution:
    r"""Compute the (generalised) Nash bargaining solution on a continuous outcome space.

    Maximises :math:`\sum_i w_i \log(u_i(x) - d_i)` over the box subject to
    :math:`u(x) \ge d`, by SLSQP with forward-difference derivatives from the
    best of many sampled points.
    {params}
    d : array_like of shape (n_actors,)
        Disagreement payoffs.
    weights : array_like of shape (n_actors,), optional
        Non-negative bargaining powers with a positive sum. Default: equal.
    {options}

    Returns
    -------
    ContinuousSolution
        ``x``, ``utilities``, ``converged``, ``num_iter``, ``max_iter``, ``tol``.

    Raises
    ------
    ValueError
        For bad bounds, shapes, weights or options, a utility function that
        returns the wrong shape or non-finite values, or when no point of the
        box weakly improves on ``d`` for every actor.
    TypeError
        If ``utility`` is not callable.

    References
    ----------
    .. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
    .. [2] Kraft, D. (1988). A software package for sequential quadratic
       programming. DFVLR-FB 88-28 (the SLSQP algorithm).

    Examples
    --------
    Dividing a dollar when player 2's utility is :math:`\sqrt{{1 - x}}`: the
    solution gives player 1 the share :math:`2/3` (Osborne and Rubinstein
    1990, ch. 2).

    >>> sol = nash_bargaining_continuous(
    ...     lambda x: np.column_stack([x[:, 0], np.sqrt(1 - x[:, 0])]), [[0, 1]], [0, 0], rng=0
    ... )
    >>> round(float(sol.x[0]), 4), sol.converged
    (0.6667, True)
    """
    return _continuous(
        "nash", utility, bounds, d, weights, tol, max_iter, n_starts, n_samples, rng
    )


def kalai_smorodinsky_continuous(
    utility: UtilityFunction,
    bounds: ArrayLike,
    d: ArrayLike,
    *,
    tol: float = 1e-8,
    max_iter: int = 200,
    n_starts: int = 4,
    n_samples: int = 1024,
    rng: np.random.Generator | int | None = None,
) -> ContinuousSolution:
    r"""Compute the Kalai–Smorodinsky solution on a continuous outcome space.

    Computes each actor's ideal utility :math:`a_i = \max u_i(x)` subject to
    :math:`u(x) \ge d`, then maximises :math:`t` subject to
    :math:`(u_i(x) - d_i)/(a_i - d_i) \ge t` and :math:`u(x) \ge d` (SLSQP,
    multistart), which on a comprehensive convex problem is the
    Pareto-optimal point on the segment from :math:`d` to :math:`a`.
    {params}
    d : array_like of shape (n_actors,)
        Disagreement payoffs.
    {options}

    Returns
    -------
    ContinuousSolution

    Raises
    ------
    ValueError
        For bad bounds, shapes or options, a utility function that returns the
        wrong shape or non-finite values, or when no point of the box weakly
        improves on ``d`` for every actor.
    TypeError
        If ``utility`` is not callable.

    References
    ----------
    .. [1] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
       bargaining problem. *Econometrica* 43(3), 513–518.

    Examples
    --------
    With utilities :math:`x` and :math:`\sqrt{{1 - x}}` the ideal point is
    :math:`(1, 1)` and the solution solves :math:`x = \sqrt{{1 - x}}`, the
    golden ratio conjugate :math:`(\sqrt 5 - 1)/2`:

    >>> sol = kalai_smorodinsky_continuous(
    ...     lambda x: np.column_stack([x[:, 0], np.sqrt(1 - x[:, 0])]), [[0, 1]], [0, 0], rng=0
    ... )
    >>> round(float(sol.x[0]), 4)
    0.618
    """
    return _continuous(
        "kalai_smorodinsky", utility, bounds, d, None, tol, max_iter, n_starts, n_samples, rng
    )


def egalitarian_continuous(
    utility: UtilityFunction,
    bounds: ArrayLike,
    d: ArrayLike,
    *,
    tol: float = 1e-8,
    max_iter: int = 200,
    n_starts: int = 4,
    n_samples: int = 1024,
    rng: np.random.Generator | int | None = None,
) -> ContinuousSolution:
    r"""Compute the egalitarian solution on a continuous outcome space.

    Maximises :math:`t` subject to :math:`u_i(x) - d_i \ge t` for every actor
    (SLSQP, multistart).
    {params}
    d : array_like of shape (n_actors,)
        Disagreement payoffs.
    {options}

    Returns
    -------
    ContinuousSolution

    Raises
    ------
    ValueError
        For bad bounds, shapes or options, a utility function that returns the
        wrong shape or non-finite values, or when no point of the box weakly
        improves on ``d`` for every actor.
    TypeError
        If ``utility`` is not callable.

    References
    ----------
    .. [1] Kalai, E. (1977). Proportional solutions to bargaining situations:
       interpersonal utility comparisons. *Econometrica* 45(7), 1623–1630.

    Examples
    --------
    >>> sol = egalitarian_continuous(
    ...     lambda x: np.column_stack([2 * x[:, 0], 1 - x[:, 0]]), [[0, 1]], [0, 0], rng=0
    ... )
    >>> round(float(sol.x[0]), 4)
    0.3333
    """
    return _continuous(
        "egalitarian", utility, bounds, d, None, tol, max_iter, n_starts, n_samples, rng
    )


def utilitarian_continuous(
    utility: UtilityFunction,
    bounds: ArrayLike,
    *,
    tol: float = 1e-8,
    max_iter: int = 200,
    n_starts: int = 4,
    n_samples: int = 1024,
    rng: np.random.Generator | int | None = None,
) -> ContinuousSolution:
    r"""Compute the utilitarian solution on a continuous outcome space.

    Maximises :math:`\sum_i u_i(x)` over the box (SLSQP, multistart).
    {params}
    {options}

    Returns
    -------
    ContinuousSolution
        ``disagreement`` is None.

    Raises
    ------
    ValueError
        For bad bounds or options, or a utility function that returns the wrong
        shape or non-finite values.
    TypeError
        If ``utility`` is not callable.

    Examples
    --------
    With utilities :math:`x` and :math:`\sqrt{{1 - x}}` the sum peaks at
    :math:`x = 3/4`:

    >>> sol = utilitarian_continuous(
    ...     lambda x: np.column_stack([x[:, 0], np.sqrt(1 - x[:, 0])]), [[0, 1]], rng=0
    ... )
    >>> round(float(sol.x[0]), 4)
    0.75
    """
    return _continuous(
        "utilitarian", utility, bounds, None, None, tol, max_iter, n_starts, n_samples, rng
    )


for _f in (
    nash_bargaining_continuous,
    kalai_smorodinsky_continuous,
    egalitarian_continuous,
    utilitarian_continuous,
):
    _f.__doc__ = (_f.__doc__ or "").format(
        params=_CONTINUOUS_PARAMS.rstrip(), options=_CONTINUOUS_OPTIONS.strip("\n")
    )


# ---------------------------------------------------------------------------
# Rubinstein alternating offers
# ---------------------------------------------------------------------------


def _stationary(
    d1: float, d2: float, b1: float, b2: float, pie: float
) -> tuple[float, float]:
    """Solve ``x = pie - max(b2, d2 y)``, ``y = pie - max(b1, d1 x)`` (proposer shares)."""
    slack = 1e-12 * pie
    den = 1.0 - d1 * d2
    cases = (
        (pie * (1 - d2) / den, pie * (1 - d1) / den),  # no option binds
        (pie - b2, pie - d1 * (pie - b2)),  # player 2's option binds
        (pie - d2 * (pie - b1), pie - b1),  # player 1's option binds
        (pie - b2, pie - b1),  # both bind
    )
    for binds, (x, y) in zip(((False, False), (False, True), (True, False), (True, True)), cases,
                             strict=True):
        ok1 = (b1 >= d1 * x - slack) if binds[0] else (d1 * x >= b1 - slack)
        ok2 = (b2 >= d2 * y - slack) if binds[1] else (d2 * y >= b2 - slack)
        if ok1 and ok2:
            return x, y
    # Unreachable for valid inputs (the map is a contraction); iterate as a safeguard.
    x, y = pie, pie
    for _ in range(10_000):
        x, y = pie - max(b2, d2 * y), pie - max(b1, d1 * x)
    return x, y


def rubinstein(
    delta1: float,
    delta2: float,
    *,
    horizon: int | None = None,
    outside_options: tuple[float, float] | ArrayLike = (0.0, 0.0),
    pie: float = 1.0,
) -> RubinsteinResult:
    r"""Compute the subgame-perfect split of Rubinstein's (1982) alternating-offers game.

    Player 1 proposes in rounds 1, 3, 5, …, player 2 in rounds 2, 4, …; a
    payoff received in round :math:`t` is worth :math:`\delta_i^{t-1}` of it to
    player :math:`i`. With an infinite horizon the unique subgame-perfect
    equilibrium gives the first mover

    .. math:: x^* = \frac{1 - \delta_2}{1 - \delta_1 \delta_2}\,\pi

    at once; as :math:`\delta_1 = \delta_2 \to 1` this tends to the Nash split
    :math:`\pi/2`. With ``horizon`` :math:`T` rounds the game is solved by
    backward induction: the proposer of round :math:`T` keeps
    :math:`\pi - b_r` (the responder :math:`r` would get its outside option
    :math:`b_r` from breakdown) and the proposer of round :math:`t < T` keeps
    :math:`\pi - \max(b_r, \delta_r v_{t+1})`, where :math:`v_{t+1}` is the
    responder's own share as proposer in round :math:`t+1`.

    *Outside options* (Binmore, Rubinstein and Wolinsky 1986; Osborne and
    Rubinstein 1990, Section 3.12): a player who rejects an offer may opt out,
    and then both players receive their outside options :math:`(b_1, b_2)`
    in that round. The stationary equilibrium solves
    :math:`x = \pi - \max(b_2, \delta_2 y)`,
    :math:`y = \pi - \max(b_1, \delta_1 x)`: an outside option changes the
    split only when it binds, i.e. exceeds what the player gets as a responder
    without it (:math:`b_2 > \delta_2 y`), in which case that player gets
    exactly :math:`b_2` as a responder. If :math:`b_1 + b_2 > \pi` no
    agreement can give both their options: the first responder opts out at
    once and the players receive :math:`(b_1, b_2)`.

    Parameters
    ----------
    delta1, delta2 : float
        Discount factors of players 1 and 2, in [0, 1) for an infinite horizon
        and in [0, 1] for a finite one.
    horizon : int, optional
        Number of rounds (>= 1); None for the infinite game.
    outside_options : array_like of shape (2,), default (0, 0)
        Non-negative outside options :math:`(b_1, b_2)`, each at most ``pie``.
    pie : float, default 1
        Size of the pie, > 0.

    Returns
    -------
    RubinsteinResult

    Raises
    ------
    ValueError
        If a discount factor, the horizon, an outside option or the pie is out
        of range.

    References
    ----------
    .. [1] Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
       *Econometrica* 50(1), 97–109.
    .. [2] Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash
       bargaining solution in economic modelling. *RAND Journal of Economics*
       17(2), 176–188.
    .. [3] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*,
       chapter 3. Academic Press.

    Examples
    --------
    >>> res = rubinstein(0.9, 0.8)
    >>> round(res.first_mover_share, 6), round(res.second_mover_share, 6)
    (0.714286, 0.285714)
    >>> round(rubinstein(0.9, 0.9, horizon=2).first_mover_share, 6)
    0.1
    >>> res = rubinstein(0.9, 0.9, outside_options=(0.0, 0.6))
    >>> round(res.first_mover_share, 6), res.binding
    (0.4, (False, True))
    """
    func = "rubinstein"
    if horizon is None:
        d1 = check_real(delta1, "delta1", func, low=0.0, high=1.0, high_open=True)
        d2 = check_real(delta2, "delta2", func, low=0.0, high=1.0, high_open=True)
    else:
        horizon = check_int(horizon, "horizon", func, low=1)
        d1 = check_real(delta1, "delta1", func, low=0.0, high=1.0)
        d2 = check_real(delta2, "delta2", func, low=0.0, high=1.0)
    size = check_real(pie, "pie", func, low=0.0, low_open=True)
    options = check_array(
        outside_options, "outside_options", func, ndim=1, shape=(2,), nonnegative=True,
        shape_text="(2,)",
    )
    b1, b2 = float(options[0]), float(options[1])
    if max(b1, b2) > size:
        raise param_error(
            "outside_options", func, f"two non-negative numbers each at most pie = {size:g}",
            f"({b1:g}, {b2:g})",
        )
    common = {
        "delta1": d1, "delta2": d2, "horizon": horizon, "outside_options": (b1, b2), "pie": size,
    }
    if b1 + b2 > size:
        return RubinsteinResult(
            first_mover_share=b1, second_mover_share=b2, immediate=False,
            binding=(True, True), **common,  # type: ignore[arg-type]
        )
    if horizon is None:
        x, y = _stationary(d1, d2, b1, b2, size)
        slack = 1e-12 * size
        binding = (b1 > d1 * x + slack, b2 > d2 * y + slack)
        first = x
    else:
        deltas, opts = (d1, d2), (b1, b2)
        shares = np.empty(horizon + 1)  # shares[t]: proposer's share in round t (1-based)
        last_responder = 1 if horizon % 2 == 1 else 0  # players indexed 0 and 1
        shares[horizon] = size - opts[last_responder]
        for t in range(horizon - 1, 0, -1):
            r = 1 if t % 2 == 1 else 0
            shares[t] = size - max(opts[r], deltas[r] * shares[t + 1])
        first = float(shares[1])

        def binds(player: int) -> bool:
            t = 1 if player == 1 else 2  # the round in which the player first responds
            if t > horizon:
                return False
            later = deltas[player] * shares[t + 1] if t < horizon else 0.0
            return opts[player] > later + 1e-12 * size

        binding = (binds(0), binds(1))
    return RubinsteinResult(
        first_mover_share=float(first),
        second_mover_share=float(size - first),
        immediate=True,
        binding=(bool(binding[0]), bool(binding[1])),
        **common,  # type: ignore[arg-type]
    )
