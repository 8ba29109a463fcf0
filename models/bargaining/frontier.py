r"""The Pareto frontier and the zone of possible agreement of a finite bargaining problem.

A bargaining problem over ``n_outcomes`` discrete outcomes and ``n_actors``
actors is a utility array :math:`U \in \mathbb{R}^{n \times m}` (row :math:`x`
holds :math:`u(x) = (u_1(x), \dots, u_m(x))`) and a disagreement point
:math:`d \in \mathbb{R}^m`, what each actor gets with no deal. This module
computes

* the **Pareto frontier**: outcomes :math:`x` such that no :math:`y` has
  :math:`u(y) \ge u(x)` with :math:`u_i(y) > u_i(x)` for some :math:`i`
  (the maxima of a set of vectors, by the divide and conquer of Kung, Luccio
  and Preparata 1975 after elimination rounds in the spirit of LESS, Godfrey
  et al. 2005);
* the **zone of possible agreement** :math:`Z = \{x : u(x) \ge d\}` (Raiffa
  1982), the outcomes every actor weakly prefers to no deal.

Comparisons are exact (no tolerance). The solutions of
:mod:`models.bargaining.axiomatic` are chosen within :math:`Z` and are
Pareto-optimal.

References
----------
.. [1] Kung, H. T., Luccio, F. and Preparata, F. P. (1975). On finding the
   maxima of a set of vectors. *Journal of the ACM* 22(4), 469–476.
.. [2] Godfrey, P., Shipley, R. and Gryz, J. (2005). Maximal vector computation
   in large data sets. *Proceedings of VLDB 2005*, 229–240.
.. [3] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
   University Press.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models.bargaining._inputs import (
    _TINY,
    BoolArray,
    FloatArray,
    IntArray,
    _check_d,
    _check_u,
)

__all__ = ["pareto_frontier", "zopa"]

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
    direct = _filter_direct(T, B)
    if direct is not None:
        return direct
    out = np.zeros(B.shape[1], dtype=bool)
    cand, T, Bc = _prune(T, B)
    if cand.size and T.shape[1]:
        out[cand] = _filter_pruned(T, Bc)
    return out


def _filter_direct(T: FloatArray, B: FloatArray) -> BoolArray | None:
    """Filter in the cases solved at once (empty sides, <= 2 rows, few pairs), else None."""
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
    return None


def _prune(T: FloatArray, B: FloatArray) -> tuple[IntArray, FloatArray, FloatArray]:
    """Columns of ``B`` inside ``T``'s bounding box and sum range, and the useful ``T``.

    Returns the candidate indices into ``B``, the columns of ``T`` that can
    dominate one of them, and the candidates ``B[:, cand]``.
    """
    sum_t = T.sum(axis=0)
    sum_b = B.sum(axis=0)
    maybe = _all_le(B, T.max(axis=1))
    maybe &= sum_b <= sum_t.max()
    cand = np.flatnonzero(maybe)
    Bc = B[:, cand]
    if cand.size == 0:
        return cand, T, Bc
    useful = _all_ge(T, Bc.min(axis=1))
    useful &= sum_t >= sum_b[cand].min()
    return cand, T[:, useful], Bc


def _filter_pruned(T: FloatArray, Bc: FloatArray) -> BoolArray:
    """Filter after pruning: brute force when small, else drop a row or split."""
    if min(T.shape[1], Bc.shape[1]) <= _SMALL or T.shape[1] * Bc.shape[1] <= _BRUTE:
        return _filter_brute(T, Bc)
    rows = T.min(axis=1) < Bc.max(axis=1)  # a row where every t >= every b can be dropped
    if not rows.all():
        return _filter(T[rows], Bc[rows])
    return _median_split(T, Bc)


def _median_split(T: FloatArray, Bc: FloatArray) -> BoolArray:
    """Split both sides on the median of the first row and filter the three parts."""
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
    return res


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
