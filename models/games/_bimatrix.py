r"""Two-player (bimatrix) equilibrium algorithms for :mod:`models.games`.

The row player has payoff matrix :math:`A` and the column player :math:`B`,
both of shape :math:`m \times n`. Every algorithm first maps each matrix by a
positive affine transformation onto :math:`[1, 2]`, which changes no best
response, so that the best-response polytopes (von Stengel 2007, eq. 3.18)

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}

are bounded. A point of :math:`P` has label :math:`i` if :math:`x_i = 0` and
label :math:`m + j` if :math:`(B^\top x)_j = 1`; a point of :math:`Q` has label
:math:`i` if :math:`(A y)_i = 1` and label :math:`m + j` if :math:`y_j = 0`.
A pair :math:`(x, y) \ne (0, 0)` that carries every label is, after
normalisation, a Nash equilibrium.

References
----------
.. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In N. Nisan, T. Roughgarden, E. Tardos & V.
   Vazirani (Eds.), *Algorithmic Game Theory* (ch. 3). Cambridge University Press.
.. [2] Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010).
   Enumeration of Nash equilibria for two-player games. *Economic Theory*,
   42(1), 9-37.
.. [3] Lemke, C. E., & Howson, J. T. (1964). Equilibrium points of bimatrix
   games. *Journal of the Society for Industrial and Applied Mathematics*,
   12(2), 413-423.
.. [4] Avis, D., & Fukuda, K. (1992). A pivoting algorithm for convex hulls and
   vertex enumeration of arrangements and polyhedra. *Discrete & Computational
   Geometry*, 8(3), 295-313.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from models.games._jit import lemke_howson_kernel, support_enumeration_kernel

__all__ = [
    "hull_vertices",
    "lemke_howson",
    "lemke_howson_paths",
    "normalise_payoffs",
    "normalise_with_range",
    "polytope_vertices",
    "support_enumeration",
    "support_pair_count",
    "vertex_enumeration",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

_PIVOT_EPS = 1e-11
"""Smallest pivot-column entry treated as positive (payoffs are scaled to [1, 2])."""
_TIE = 1e-9
"""Relative tolerance of the ratio tests' ties."""
_SINGULAR = 1e-10
"""Smallest ``|det| / prod(row norms)`` of a system treated as nonsingular."""
_PRUNE_ABOVE = 2_000
"""Support sizes with more pairs than this are pruned by dominance before solving."""
_CHUNK = 40_000
_HULL_MAX = 12
"""Largest dimension and number of constraints for which Qhull lists a polytope's vertices."""
"""Support pairs solved per batch (bounds the memory of support enumeration)."""


def normalise_payoffs(M: FloatArray) -> FloatArray:
    """Map a payoff matrix by a positive affine transformation onto ``[1, 2]``.

    A constant matrix becomes all ones.

    Examples
    --------
    >>> normalise_payoffs(np.array([[0.0, 4.0], [2.0, -4.0]]))
    array([[1.5 , 2.  ],
           [1.75, 1.  ]])
    """
    return normalise_with_range(M)[0]


def normalise_with_range(M: FloatArray) -> tuple[FloatArray, float]:
    """Return :func:`normalise_payoffs` of ``M`` and the range ``max - min`` it divided by.

    Examples
    --------
    >>> normalise_with_range(np.array([[0.0, 4.0]]))
    (array([[1., 2.]]), 4.0)
    """
    lo, hi = float(M.min()), float(M.max())
    if hi - lo <= 0.0:
        return np.ones_like(M, dtype=np.float64), 0.0
    return np.asarray(1.0 + (M - lo) / (hi - lo), dtype=np.float64), hi - lo


# --------------------------------------------------------------- support enumeration
def support_pair_count(m: int, n: int) -> int:
    """Return the number of equal-size support pairs, ``C(m + n, m) - 1``.

    Examples
    --------
    >>> support_pair_count(2, 2)
    5
    """
    return sum(math.comb(m, k) * math.comb(n, k) for k in range(1, min(m, n) + 1))


def _solve_ones(blocks: FloatArray, rhs: FloatArray) -> tuple[FloatArray, BoolArray]:
    r"""Solve ``M z = r`` for a batch of square blocks (P, K, K); return ``z`` and a mask.

    ``r`` (P, K) is 1 on a block's own rows and 0 on identity padding. With
    payoffs in ``[1, 2]`` an equilibrium's value :math:`v` is at least 1, so
    the indifference system :math:`M y = v \mathbf 1`, :math:`\mathbf 1^\top y = 1`
    is equivalent to :math:`M z = \mathbf 1` with :math:`y = z / \mathbf 1^\top z`,
    :math:`v = 1 / \mathbf 1^\top z`. Singular blocks fall back to the bordered
    system, whose solution is kept only when its value is positive.
    """
    p, k, _ = blocks.shape
    try:
        solved = np.asarray(np.linalg.solve(blocks, rhs[:, :, None])[:, :, 0], dtype=np.float64)
        return solved, np.ones(p, dtype=bool)
    except np.linalg.LinAlgError:
        pass
    ok = _well_posed(blocks)
    z = np.full((p, k), np.nan)
    if ok.any():
        z[ok] = np.linalg.solve(blocks[ok], rhs[ok][:, :, None])[:, :, 0]
    bad = np.flatnonzero(~ok)
    if bad.size:
        bordered = np.zeros((bad.size, k + 1, k + 1))
        bordered[:, :k, :k] = blocks[bad]
        bordered[:, :k, k] = -rhs[bad]
        bordered[:, k, :k] = rhs[bad]
        fine = _well_posed(bordered)
        unit = np.zeros((bad.size, k + 1, 1))
        unit[:, k, 0] = 1.0
        if fine.any():
            sol = np.linalg.solve(bordered[fine], unit[fine])[:, :, 0]
            positive = sol[:, k] > 0
            idx = bad[np.flatnonzero(fine)[positive]]
            z[idx] = sol[positive, :k] / sol[positive, k : k + 1]
            ok[idx] = True
    return z, ok


def _well_posed(mats: FloatArray) -> BoolArray:
    """Matrices of a batch that are safely nonsingular.

    Hadamard's inequality bounds ``|det|`` by the product of the row norms, so
    their ratio is a scale-free measure of how close a matrix is to singular.
    """
    det = np.abs(np.linalg.det(mats))
    bound = np.prod(np.linalg.norm(mats, axis=2), axis=1)
    return np.asarray(det > _SINGULAR * bound)


def support_enumeration(
    A: FloatArray, B: FloatArray, tol: float
) -> tuple[FloatArray, FloatArray]:
    r"""Enumerate the equilibria whose two supports have equal size.

    For every size :math:`k` all pairs of supports :math:`I \subseteq [m]`,
    :math:`J \subseteq [n]` with :math:`|I| = |J| = k` are handled in batches:
    the indifference systems :math:`A_{IJ} y_J = v \mathbf 1`,
    :math:`\mathbf 1^\top y_J = 1` of all pairs are solved at once with
    :func:`numpy.linalg.solve` on stacked matrices, pairs whose :math:`y` is
    negative or leaves a row outside :math:`I` strictly better are discarded,
    and the column player's systems are solved for the survivors only
    (von Stengel 2007, Algorithm 3.4).

    Parameters
    ----------
    A, B : ndarray of shape (m, n)
        Payoff matrices, already scaled to ``[1, 2]``.
    tol : float
        Tolerance on negativity and on best-response gaps (scaled units).

    Returns
    -------
    X : ndarray of shape (n_found, m)
    Y : ndarray of shape (n_found, n)

    Examples
    --------
    >>> A = normalise_payoffs(np.array([[1.0, -1.0], [-1.0, 1.0]]))
    >>> X, Y = support_enumeration(A, 3.0 - A, 1e-9)
    >>> X, Y
    (array([[0.5, 0.5]]), array([[0.5, 0.5]]))
    """
    m, n = A.shape
    if support_pair_count(m, n) <= _PRUNE_ABOVE:
        kernel = support_enumeration_kernel()
        if kernel is not None:  # compiled: pair by pair beats the batch's overhead here
            X, Y = kernel(
                np.ascontiguousarray(A, dtype=np.float64),
                np.ascontiguousarray(B, dtype=np.float64), float(tol), _SINGULAR,
            )
            return np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        # Small game: every support size in one batch, padded with identities.
        sr, sc = _all_pairs(m, n)
        return _support_batch(A, B, sr, sc, tol)
    xs: list[FloatArray] = [np.empty((0, m))]
    ys: list[FloatArray] = [np.empty((0, n))]
    for k in range(1, min(m, n) + 1):
        rows, cols = _subsets(m, k), _subsets(n, k)
        if len(rows) * len(cols) <= _PRUNE_ABOVE:
            pairs = np.arange(len(rows) * len(cols))
        else:
            # A row strictly dominated on the columns J is no best response to
            # any y supported on J, and likewise for columns: skip such pairs.
            bad = _members(rows, m) @ _dominated_within(A, cols, tol).T > 0
            bad |= _dominated_within(B.T, rows, tol) @ _members(cols, n).T > 0
            pairs = np.flatnonzero(~bad)
        for start in range(0, pairs.size, _CHUNK):
            pair = pairs[start : start + _CHUNK]
            x, y = _support_batch(A, B, rows[pair // len(cols)], cols[pair % len(cols)], tol)
            xs.append(x)
            ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


@lru_cache(maxsize=256)
def _subsets(size: int, k: int) -> IntArray:
    """Return the ``k``-subsets of ``range(size)`` in lexicographic order (read-only array)."""
    out = np.asarray(list(combinations(range(size), k)), dtype=np.intp).reshape(-1, k)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=64)
def _all_pairs(m: int, n: int) -> tuple[IntArray, IntArray]:
    """Return every equal-size support pair, padded with -1 to ``min(m, n)`` columns."""
    top = min(m, n)
    rows, cols = [], []
    for k in range(1, top + 1):
        r, c = _subsets(m, k), _subsets(n, k)
        pad = np.full((len(r) * len(c), top - k), -1, dtype=np.intp)
        rows.append(np.hstack([np.repeat(r, len(c), axis=0), pad]))
        cols.append(np.hstack([np.tile(c, (len(r), 1)), pad]))
    sr, sc = np.concatenate(rows), np.concatenate(cols)
    sr.setflags(write=False)
    sc.setflags(write=False)
    return sr, sc


def _members(subsets: IntArray, size: int) -> FloatArray:
    """Return the indicator matrix (n_subsets, size) of index subsets (n_subsets, k)."""
    out = np.zeros((subsets.shape[0], size))
    np.put_along_axis(out, subsets, 1.0, axis=1)
    return out


def _dominated_within(M: FloatArray, cols: IntArray, tol: float) -> FloatArray:
    """Return ``out[s, i] = 1`` if row ``i`` of ``M`` is strictly beaten on ``cols[s]``."""
    sub = np.moveaxis(M[:, cols], 1, 0)  # (n_subsets, rows, k)
    beaten = np.all(sub[:, :, None, :] > sub[:, None, :, :] + tol, axis=3).any(axis=1)
    return np.asarray(beaten, dtype=np.float64)


def _blocks(M: FloatArray, sr: IntArray, sc: IntArray) -> FloatArray:
    """Gather the blocks ``M[sr[p]][:, sc[p]]`` (P, K, K); padding (index -1) becomes identity."""
    blk = M[np.maximum(sr, 0)[:, :, None], np.maximum(sc, 0)[:, None, :]]
    valid = sr >= 0
    if valid.all():
        return np.asarray(blk, dtype=np.float64)
    k = sr.shape[1]
    inside = valid[:, :, None] & valid[:, None, :]
    return np.asarray(np.where(inside, blk, np.eye(k)), dtype=np.float64)


def _scatter(values: FloatArray, idx: IntArray, size: int) -> FloatArray:
    """Place ``values`` (P, K) at columns ``idx`` (-1 = padding) of a zero array (P, size)."""
    out = np.zeros((values.shape[0], size + 1))
    np.put_along_axis(out, np.where(idx >= 0, idx, size), values, axis=1)
    return out[:, :size]


def _support_batch(
    A: FloatArray, B: FloatArray, sr: IntArray, sc: IntArray, tol: float
) -> tuple[FloatArray, FloatArray]:
    """Check a batch of support pairs: row support ``sr[p]``, column support ``sc[p]``.

    Supports are index arrays of one width K; a pair of size ``k < K`` is padded
    with -1, and its systems with identity rows, so all sizes share one solve.
    """
    m, n = A.shape
    empty = (np.empty((0, m)), np.empty((0, n)))
    rhs = (sr >= 0).astype(np.float64)
    # Column player's mixture y on sc making the rows in sr indifferent.
    z, ok = _solve_ones(_blocks(A, sr, sc), rhs)
    total = z.sum(axis=1)
    ok &= total > 0
    keep = np.flatnonzero(ok)
    y_j = z[keep] / total[keep, None]
    sel = np.all(y_j >= -tol, axis=1)
    keep, y_j = keep[sel], y_j[sel]
    if keep.size == 0:
        return empty
    Y = _scatter(np.clip(y_j, 0.0, None), sc[keep], n)
    # No row may do better than the value v = 1 / sum(z) against y.
    sel = np.all(Y @ A.T <= 1.0 / total[keep, None] + tol, axis=1)
    keep, Y = keep[sel], Y[sel]
    if keep.size == 0:
        return empty
    sr, sc, rhs = sr[keep], sc[keep], rhs[keep]
    # Row player's mixture x on sr making the columns in sc indifferent.
    w, ok = _solve_ones(np.swapaxes(_blocks(B, sr, sc), 1, 2), rhs)
    total = w.sum(axis=1)
    ok &= total > 0
    x_i = np.where(ok[:, None], w, -1.0) / np.where(ok, total, 1.0)[:, None]
    ok &= np.all(x_i >= -tol, axis=1)
    X = _scatter(np.clip(x_i, 0.0, None), sr, m)
    ok &= np.all(X @ B <= 1.0 / np.where(ok, total, 1.0)[:, None] + tol, axis=1)
    # Keep only pairs whose two systems are safely nonsingular: a (numerically)
    # singular system has a continuum of solutions, of which LAPACK returns an
    # arbitrary point that need not be an extreme equilibrium.
    found = np.flatnonzero(ok)
    if found.size:
        a_blk = _blocks(A, sr[found], sc[found])
        b_blk = _blocks(B, sr[found], sc[found])
        ok[found] = _well_posed(a_blk) & _well_posed(b_blk)
    X, Y = X[ok], Y[ok]
    return X / X.sum(axis=1, keepdims=True), Y / Y.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------- vertex enumeration
def _lex_min_rows(
    tab: FloatArray, col: FloatArray, lex_cols: slice, eligible: BoolArray
) -> IntArray:
    """Lexicographic minimum ratio test for a batch of tableaux.

    ``tab`` has shape (p, rows, cols + 1) with the right-hand side last, ``col``
    (p, rows) is the entering column and ``eligible`` (p, rows) marks the rows
    with a positive entry. The ratios ``rhs / col`` are compared first; ties are
    broken by the columns ``lex_cols`` (the current basis inverse), which is
    the ratio test of the lexicographically perturbed right-hand side
    ``1 + (eps, eps^2, ...)`` and is never tied (Avis & Fukuda 1992).
    Returns the leaving row of each tableau.
    """
    safe = np.where(eligible, col, 1.0)
    ratio = np.where(eligible, tab[:, :, -1] / safe, np.inf)
    best = ratio.min(axis=1, keepdims=True)
    cand = eligible & (ratio <= best + _TIE * (1.0 + np.abs(best)))
    row = np.asarray(np.argmax(cand, axis=1), dtype=np.intp)
    tied = np.flatnonzero(cand.sum(axis=1) > 1)
    if tied.size:
        row[tied] = _lex_break(tab[tied][:, :, lex_cols], safe[tied], cand[tied])
    return row


def _lex_break(binv: FloatArray, col: FloatArray, cand: BoolArray) -> IntArray:
    """Break ratio-test ties by the rows of the basis inverse ``binv`` (p, rows, rows)."""
    cand = cand.copy()
    for j in range(binv.shape[2]):
        ratio = np.where(cand, binv[:, :, j] / col, np.inf)
        best = ratio.min(axis=1, keepdims=True)
        cand &= ratio <= best + _TIE * (1.0 + np.abs(best))
        if not np.any(cand.sum(axis=1) > 1):
            break
    return np.asarray(np.argmax(cand, axis=1), dtype=np.intp)


def _pivot(tab: FloatArray, row: IntArray, col: IntArray) -> FloatArray:
    """Pivot each tableau of a batch (p, rows, cols + 1) on ``(row[q], col[q])``; new arrays."""
    idx = np.arange(tab.shape[0])
    prow = tab[idx, row, :] / tab[idx, row, col][:, None]
    out = tab - tab[idx, :, col][:, :, None] * prow[:, None, :]
    out[idx, row, :] = prow
    return out


def polytope_vertices(C: FloatArray, max_vertices: int) -> FloatArray:
    r"""List the basic feasible solutions of :math:`\{z \ge 0 : C z \le 1\}` for positive ``C``.

    A breadth-first search over the feasible bases of the lexicographically
    perturbed polytope, one layer of pivots at a time for the whole frontier:
    every frontier basis pivots in each of its nonbasic variables at once, the
    lexicographic ratio test picks the leaving variable, and a new basis (a
    bitmask key) is kept once. The perturbed polytope is simple and its graph
    connected, and every vertex of the original polytope has a
    lexicographically feasible basis (the lexicographic simplex method ends at
    one for any objective), so every vertex appears; a degenerate vertex
    appears once per such basis (Avis & Fukuda 1992).

    Parameters
    ----------
    C : ndarray of shape (c, d)
        Positive constraint matrix, with ``c + d <= 64``.
    max_vertices : int
        Largest number of bases explored before giving up.

    Returns
    -------
    ndarray of shape (n_bases, d)
        The basic solutions, the origin first; degenerate vertices repeat.

    Raises
    ------
    ValueError
        If more than ``max_vertices`` bases are found.

    Examples
    --------
    >>> polytope_vertices(np.array([[1.0, 2.0]]), 100)
    array([[0. , 0. ],
           [1. , 0. ],
           [0. , 0.5]])
    """
    c, d = C.shape
    n_var = d + c
    bits = np.left_shift(np.uint64(1), np.arange(n_var, dtype=np.uint64))
    tab = np.zeros((1, c, n_var + 1))
    tab[0, :, :d] = C
    tab[0, :, d:n_var] = np.eye(c)
    tab[0, :, -1] = 1.0
    heads = np.arange(d, n_var, dtype=np.intp)[None, :]
    nonbasic = np.arange(d, dtype=np.intp)[None, :]
    keys = np.array([np.bitwise_or.reduce(bits[d:])], dtype=np.uint64)
    seen = keys.copy()
    points = [np.zeros((1, d))]
    n_found = 1
    while tab.shape[0]:
        f = tab.shape[0]
        parent = np.repeat(np.arange(f), d)
        enter = nonbasic.reshape(-1)
        col = tab[parent, :, enter]
        eligible = col > _PIVOT_EPS
        has = np.flatnonzero(eligible.any(axis=1))
        parent, enter, col, eligible = parent[has], enter[has], col[has], eligible[has]
        safe = np.where(eligible, col, 1.0)
        ratio = np.where(eligible, tab[parent, :, -1] / safe, np.inf)
        best = ratio.min(axis=1, keepdims=True)
        cand = eligible & (ratio <= best + _TIE * (1.0 + np.abs(best)))
        row = np.asarray(np.argmax(cand, axis=1), dtype=np.intp)
        tied = np.flatnonzero(cand.sum(axis=1) > 1)
        if tied.size:
            binv = tab[parent[tied]][:, :, d:n_var]
            row[tied] = _lex_break(binv, safe[tied], cand[tied])
        leave = heads[parent, row]
        new_keys = keys[parent] ^ bits[enter] ^ bits[leave]
        uniq, first = np.unique(new_keys, return_index=True)
        fresh = ~np.isin(uniq, seen, assume_unique=True)
        if not fresh.any():
            break
        pick = first[fresh]
        n_found += pick.size
        if n_found > max_vertices:
            raise ValueError(
                f"vertex_enumeration found more than max_vertices={max_vertices} bases of a "
                "best-response polytope; use lemke_howson for one equilibrium, or raise "
                "max_vertices."
            )
        keys = uniq[fresh]
        seen = np.union1d(seen, keys)
        par, r, e = parent[pick], row[pick], enter[pick]
        k = np.arange(pick.size)
        tab = _pivot(tab[par], r, e)
        heads = heads[par]
        heads[k, r] = e
        # The entering variable's slot in the nonbasic list now holds the leaving one.
        slot = np.argmax(nonbasic[par] == e[:, None], axis=1)
        nonbasic = nonbasic[par]
        nonbasic[k, slot] = leave[pick]
        points.append(_basic_point(tab, heads, d))
    return np.concatenate(points)


def _basic_point(tab: FloatArray, heads: IntArray, d: int) -> FloatArray:
    """Return the basic solutions' original coordinates (p, d) of a batch of tableaux."""
    p = tab.shape[0]
    z = np.zeros((p, d + 1))
    # Slack heads (>= d) write into a dump column d that is dropped.
    np.put_along_axis(z, np.minimum(heads, d), tab[:, :, -1], axis=1)
    return np.clip(z[:, :d], 0.0, None)


def _label_keys(labels: BoolArray) -> NDArray[np.uint64]:
    """Return the bitmask (uint64) of each row of a boolean label matrix (n, n_labels <= 64)."""
    bits = np.left_shift(np.uint64(1), np.arange(labels.shape[1], dtype=np.uint64))
    keys: NDArray[np.uint64] = np.bitwise_or.reduce(np.where(labels, bits, np.uint64(0)), axis=1)
    return keys


def _labelled_vertices(
    points: FloatArray, zero: BoolArray, tight: BoolArray, zero_first: bool
) -> tuple[FloatArray, BoolArray, NDArray[np.uint64]]:
    """Drop the origin and repeated vertices; return points, label matrix and label keys.

    A vertex is the only point of the polytope with its set of tight
    constraints, so equal label sets mean equal vertices.
    """
    labels = np.hstack([zero, tight] if zero_first else [tight, zero])
    keys = _label_keys(labels)
    nonzero = ~zero.all(axis=1)
    keys, first = np.unique(keys[nonzero], return_index=True)
    idx = np.flatnonzero(nonzero)[first]
    return points[idx], labels[idx], keys


def hull_vertices(C: FloatArray) -> FloatArray:
    r"""List the vertices of :math:`\{z \ge 0 : C z \le 1\}` by facet enumeration of its polar.

    With an interior point :math:`z_0` the polytope is
    :math:`\{w : g_k^\top w \le h_k\}` in :math:`w = z - z_0` with all
    :math:`h_k > 0`, and its vertices are the facets of the convex hull of the
    points :math:`g_k / h_k` (polarity), computed by Qhull through
    :class:`scipy.spatial.ConvexHull`: a facet :math:`a^\top p + b = 0` gives the
    vertex :math:`w = -a / b`. This is the approach of QuantEcon's
    ``vertex_enumeration``; Qhull triangulates non-simplicial facets, so a
    degenerate vertex may repeat.

    Parameters
    ----------
    C : ndarray of shape (c, d)
        Positive constraint matrix, ``d >= 2``.

    Returns
    -------
    ndarray of shape (n_facets, d)

    Examples
    --------
    >>> v = np.round(hull_vertices(np.array([[1.0, 2.0], [2.0, 1.0]])), 6) + 0.0
    >>> v[np.lexsort(v.T[::-1])]
    array([[0.      , 0.      ],
           [0.      , 0.5     ],
           [0.333333, 0.333333],
           [0.5     , 0.      ]])
    """
    from scipy.spatial import ConvexHull

    d = C.shape[1]
    z0 = 0.5 / float(C.sum(axis=1).max())
    g = np.vstack([C, -np.eye(d)])
    h = np.concatenate([1.0 - C.sum(axis=1) * z0, np.full(d, z0)])
    eq = ConvexHull(g / h[:, None]).equations
    return np.asarray(-eq[:, :-1] / eq[:, -1:] + z0, dtype=np.float64)


def _vertices_with_labels(
    C: FloatArray, tol: float, max_vertices: int, zero_first: bool
) -> tuple[FloatArray, BoolArray, NDArray[np.uint64]]:
    """Vertices of ``{z >= 0 : C z <= 1}`` (origin excluded) with their labels and keys.

    Qhull (:func:`hull_vertices`) is the fast path for polytopes of at most
    12 dimensions and 12 constraints. If any vertex it returns does not carry
    exactly ``d`` labels (a degenerate polytope, or facets Qhull merged for
    precision), the exact lexicographic search :func:`polytope_vertices` is
    used instead, as it is for larger polytopes.
    """
    from scipy.spatial import QhullError

    c, d = C.shape
    if 2 <= d <= _HULL_MAX and c <= _HULL_MAX:
        try:
            pts = np.clip(hull_vertices(C), 0.0, None)
        except QhullError:  # a precision failure: use the exact search
            pts = None
        if pts is not None:
            out = _labelled_vertices(pts, pts <= tol, pts @ C.T >= 1.0 - tol, zero_first)
            if np.all(out[1].sum(axis=1) == d):
                return out
    pts = polytope_vertices(C, max_vertices)
    return _labelled_vertices(pts, pts <= tol, pts @ C.T >= 1.0 - tol, zero_first)


def vertex_enumeration(
    A: FloatArray, B: FloatArray, tol: float, max_vertices: int
) -> tuple[FloatArray, FloatArray]:
    r"""Enumerate the extreme equilibria: completely labelled vertex pairs of P x Q.

    The vertices of :math:`P` and :math:`Q` are listed by
    :func:`polytope_vertices`, their labels read off the original constraints
    with tolerance ``tol`` and stored as bitmasks. A vertex with exactly
    :math:`m` (in :math:`P`) or :math:`n` (in :math:`Q`) labels can only pair
    with a vertex carrying exactly the complementary labels, found by one
    sorted intersection of keys; vertices with more labels (degenerate ones)
    are paired by a direct check of the union of labels against every vertex
    of the other polytope (von Stengel 2007, Algorithm 3.5; Avis et al. 2010,
    who show that in a degenerate game these pairs are exactly the extreme
    equilibria, the vertices of the maximal Nash subsets).

    Parameters
    ----------
    A, B : ndarray of shape (m, n)
        Payoff matrices, already scaled to ``[1, 2]``, with ``m + n <= 64``.
    tol : float
        Tolerance on the labels (scaled units).
    max_vertices : int
        Limit passed to :func:`polytope_vertices`.

    Returns
    -------
    X : ndarray of shape (n_found, m)
    Y : ndarray of shape (n_found, n)

    Examples
    --------
    >>> A = normalise_payoffs(np.array([[1.0, -1.0], [-1.0, 1.0]]))
    >>> vertex_enumeration(A, 3.0 - A, 1e-9, 1000)
    (array([[0.5, 0.5]]), array([[0.5, 0.5]]))
    """
    m, n = A.shape
    full = np.uint64((1 << (m + n)) - 1) if m + n < 64 else np.uint64(np.iinfo(np.uint64).max)
    xs, lab_x, kx = _vertices_with_labels(B.T, tol, max_vertices, zero_first=True)
    ys, lab_y, ky = _vertices_with_labels(A, tol, max_vertices, zero_first=False)
    simple_x = lab_x.sum(axis=1) == m
    simple_y = lab_y.sum(axis=1) == n
    # Simple pairs: the key of y is the complement of the key of x.
    ix = np.flatnonzero(simple_x)
    iy = np.flatnonzero(simple_y)
    _, ax, ay = np.intersect1d(kx[ix] ^ full, ky[iy], assume_unique=True, return_indices=True)
    pairs_x = [ix[ax]]
    pairs_y = [iy[ay]]
    # Pairs with a degenerate vertex on either side.
    for deg_first in (True, False):
        if deg_first:
            rows, others = np.flatnonzero(~simple_x), np.arange(ky.size)
            k_rows, k_others = kx[rows], ky
        else:
            rows, others = np.flatnonzero(~simple_y), np.flatnonzero(simple_x)
            k_rows, k_others = ky[rows], kx[others]
        if rows.size == 0 or others.size == 0:
            continue
        step = max(1, 4_000_000 // others.size)
        for start in range(0, rows.size, step):
            union = k_rows[start : start + step, None] | k_others[None, :]
            hit_r, hit_o = np.nonzero(union == full)
            if deg_first:
                pairs_x.append(rows[start + hit_r])
                pairs_y.append(others[hit_o])
            else:
                pairs_x.append(others[hit_o])
                pairs_y.append(rows[start + hit_r])
    px, py = np.concatenate(pairs_x), np.concatenate(pairs_y)
    X, Y = xs[px], ys[py]
    return X / X.sum(axis=1, keepdims=True), Y / Y.sum(axis=1, keepdims=True)


# ------------------------------------------------------------------------ Lemke-Howson
def lemke_howson_paths(
    A: FloatArray, B: FloatArray, labels: IntArray, max_iter: int
) -> tuple[FloatArray, FloatArray, IntArray, BoolArray]:
    r"""Follow Lemke-Howson paths from the artificial equilibrium, one per label, in a batch.

    Two tableaux per path, ordered by label: the row player's
    :math:`B^\top x + s = 1` (columns :math:`x_0, \ldots, x_{m-1}, s_0, \ldots,
    s_{n-1}`) and the column player's :math:`A y + r = 1` (columns
    :math:`r_0, \ldots, r_{m-1}, y_0, \ldots, y_{n-1}`). Starting from the
    slack bases, the variable with the dropped label enters; each pivot's
    leaving variable has a label that is now duplicate, and its complement
    enters the other tableau next, until the dropped label leaves
    (complementary pivoting, Lemke & Howson 1964; von Stengel 2007, sect. 3.4).
    The leaving variable is chosen by the lexicographic minimum ratio test, so
    degenerate games neither cycle nor stall. All paths advance together, one
    pivot per step, in stacked arrays. When Numba is installed the compiled
    single-path kernel of :func:`lemke_howson` runs once per label instead
    (faster than the batch; the same pivots).

    Parameters
    ----------
    A, B : ndarray of shape (m, n)
        Payoff matrices, already scaled to ``[1, 2]``.
    labels : ndarray of int of shape (n_paths,)
        Dropped labels, each in ``[0, m + n)``.
    max_iter : int
        Largest number of pivots per path.

    Returns
    -------
    X : ndarray of shape (n_paths, m)
    Y : ndarray of shape (n_paths, n)
    n_pivots : ndarray of int of shape (n_paths,)
    converged : ndarray of bool of shape (n_paths,)

    Examples
    --------
    >>> A = normalise_payoffs(np.array([[1.0, -1.0], [-1.0, 1.0]]))
    >>> X, Y, k, ok = lemke_howson_paths(A, 3.0 - A, np.array([0]), 100)
    >>> X, Y, k, ok
    (array([[0.5, 0.5]]), array([[0.5, 0.5]]), array([4]), array([ True]))
    """
    m, n = A.shape
    kernel = lemke_howson_kernel()
    if kernel is not None:  # compiled: one fast path after another beats the batch
        A = np.ascontiguousarray(A, dtype=np.float64)
        B = np.ascontiguousarray(B, dtype=np.float64)
        runs = [kernel(A, B, int(lab), int(max_iter), _PIVOT_EPS, _TIE) for lab in labels]
        return (
            np.array([r[0] for r in runs]).reshape(len(runs), m),
            np.array([r[1] for r in runs]).reshape(len(runs), n),
            np.array([r[2] for r in runs], dtype=np.intp),
            np.array([r[3] for r in runs], dtype=bool),
        )
    L = m + n
    k = labels.size
    tab_p = np.zeros((k, n, L + 1))
    tab_p[:, :, :m] = B.T
    tab_p[:, :, m:L] = np.eye(n)
    tab_p[:, :, -1] = 1.0
    tab_q = np.zeros((k, m, L + 1))
    tab_q[:, :, :m] = np.eye(m)
    tab_q[:, :, m:L] = A
    tab_q[:, :, -1] = 1.0
    heads_p = np.tile(np.arange(m, L, dtype=np.intp), (k, 1))
    heads_q = np.tile(np.arange(m, dtype=np.intp), (k, 1))
    enter = labels.astype(np.intp).copy()
    in_p = enter < m  # which tableau the entering variable belongs to
    active = np.ones(k, dtype=bool)
    n_pivots = np.zeros(k, dtype=np.intp)
    for _ in range(max_iter):
        if not active.any():
            break
        leaving = np.full(k, -1, dtype=np.intp)
        for use_p in (True, False):
            sel = np.flatnonzero(active & (in_p == use_p))
            if sel.size == 0:
                continue
            tab = tab_p if use_p else tab_q
            heads = heads_p if use_p else heads_q
            lex = slice(m, L) if use_p else slice(0, m)
            col = tab[sel, :, enter[sel]]
            row = _lex_min_rows(tab[sel], col, lex, col > _PIVOT_EPS)
            leaving[sel] = heads[sel, row]
            tab[sel] = _pivot(tab[sel], row, enter[sel])
            heads[sel, row] = enter[sel]
        n_pivots[active] += 1
        done = active & (leaving == labels)
        active &= ~done
        enter = np.where(active, leaving, enter)
        in_p = np.where(active, ~in_p, in_p)
    X = np.zeros((k, m + 1))
    np.put_along_axis(X, np.minimum(heads_p, m), tab_p[:, :, -1], axis=1)
    Y = np.zeros((k, n + 1))
    np.put_along_axis(Y, np.where(heads_q >= m, heads_q - m, n), tab_q[:, :, -1], axis=1)
    X, Y = np.clip(X[:, :m], 0.0, None), np.clip(Y[:, :n], 0.0, None)
    sx, sy = X.sum(axis=1, keepdims=True), Y.sum(axis=1, keepdims=True)
    X = np.divide(X, sx, out=np.full_like(X, np.nan), where=sx > 0)
    Y = np.divide(Y, sy, out=np.full_like(Y, np.nan), where=sy > 0)
    return X, Y, n_pivots, ~active


def lemke_howson(
    A: FloatArray, B: FloatArray, label: int, max_iter: int
) -> tuple[FloatArray, FloatArray, int, bool, float]:
    """Follow one Lemke-Howson path; the single-path version of :func:`lemke_howson_paths`.

    The same tableaux, complementary pivoting and lexicographic ratio test, on
    two plain 2-D arrays with as few array operations per pivot as possible
    (an in-place rank-one update), for the common call that wants one
    equilibrium. When Numba is installed the identical algorithm runs
    compiled (:mod:`models.games._jit`); both give the same pivots.

    Parameters
    ----------
    A, B : ndarray of shape (m, n)
        Payoff matrices in their own units; each is mapped onto ``[1, 2]`` by
        :func:`normalise_payoffs` before pivoting.
    label : int
        The dropped label, in ``[0, m + n)``.
    max_iter : int
        Largest number of pivots.

    Returns
    -------
    x : ndarray of shape (m,)
    y : ndarray of shape (n,)
    n_pivots : int
    converged : bool
    regret : float
        The largest gain from a unilateral deviation from ``(x, y)`` in the
        original payoffs (``inf`` if the path broke down).

    Examples
    --------
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> x, y, n_pivots, converged, regret = lemke_howson(A, -A, 0, 100)
    >>> x, y, n_pivots, converged, regret < 1e-12
    (array([0.5, 0.5]), array([0.5, 0.5]), 4, True, True)
    """
    A = np.ascontiguousarray(A, dtype=np.float64)
    B = np.ascontiguousarray(B, dtype=np.float64)
    kernel = lemke_howson_kernel()
    if kernel is not None:
        x, y, pivots, converged, regret = kernel(A, B, int(label), int(max_iter), _PIVOT_EPS, _TIE)
        return x, y, int(pivots), bool(converged), float(regret)
    m, n = A.shape
    L = m + n
    tab_p = np.empty((n, L + 1))
    tab_p[:, :m] = normalise_payoffs(B).T
    tab_p[:, m:L] = np.eye(n)
    tab_p[:, L] = 1.0
    tab_q = np.empty((m, L + 1))
    tab_q[:, :m] = np.eye(m)
    tab_q[:, m:L] = normalise_payoffs(A)
    tab_q[:, L] = 1.0
    tabs = (tab_p, tab_q)
    heads = (list(range(m, L)), list(range(m)))
    lex = (range(m, L), range(m))
    side = 0 if label < m else 1
    enter = label
    converged = False
    pivots = 0
    while pivots < max_iter:
        pivots += 1
        T = tabs[side]
        col = T[:, enter].copy()
        skip = col <= _PIVOT_EPS
        if skip.all():
            break
        ratio = T[:, L] / np.where(skip, 1.0, col)
        ratio[skip] = np.inf
        r = int(ratio.argmin())
        best = float(ratio[r])
        limit = best + _TIE * (1.0 + abs(best))
        if np.count_nonzero(ratio <= limit) > 1:
            cand = np.flatnonzero(ratio <= limit)
            for j in lex[side]:
                vals = T[cand, j] / col[cand]
                low = vals.min()
                cand = cand[vals <= low + _TIE * (1.0 + abs(low))]
                if cand.size == 1:
                    break
            r = int(cand[0])
        leaving = heads[side][r]
        prow = T[r] / col[r]
        T -= np.outer(col, prow)
        T[r] = prow
        heads[side][r] = enter
        if leaving == label:
            converged = True
            break
        enter = leaving
        side = 1 - side
    x = np.zeros(m)
    for row, var in enumerate(heads[0]):
        if var < m:
            x[var] = max(tab_p[row, L], 0.0)
    y = np.zeros(n)
    for row, var in enumerate(heads[1]):
        if var >= m:
            y[var - m] = max(tab_q[row, L], 0.0)
    sx, sy = x.sum(), y.sum()
    if not (sx > 0 and sy > 0):
        nan = np.full(m, np.nan), np.full(n, np.nan)
        return nan[0], nan[1], pivots, converged, math.inf
    x, y = x / sx, y / sy
    u_row, u_col = A @ y, x @ B
    regret = max(float(u_row.max() - x @ u_row), float(u_col.max() - u_col @ y), 0.0)
    return x, y, pivots, converged, regret
