r"""Support enumeration: every equilibrium of a two-player game with equal-size supports.

Row payoffs :math:`A` and column payoffs :math:`B` are :math:`m \times n`.
A pair of mixed strategies :math:`(x, y)` with supports :math:`I \subseteq [m]`,
:math:`J \subseteq [n]` is a Nash equilibrium iff every strategy in a
support is a best response: there are values :math:`u, v` with

.. math::

    \sum_{j \in J} a_{ij}\, y_j = v \ (i \in I), \qquad
    \sum_{i \in I} b_{ij}\, x_i = u \ (j \in J), \qquad
    \mathbf 1^\top x = \mathbf 1^\top y = 1,

    x, y \ge 0, \qquad (A y)_i \le v \ (i \notin I), \qquad
    (B^\top x)_j \le u \ (j \notin J).

In a nondegenerate game every equilibrium has :math:`|I| = |J|` and these
indifference systems have unique solutions, so solving them for all
:math:`\binom{m+n}{m} - 1` pairs of equal-size supports and keeping the
solutions that pass the inequalities finds every equilibrium (von Stengel
2007, Algorithm 3.4; Roughgarden 2016, lecture 20). The pairs of one support
size are solved together on stacked matrices; large games skip the pairs in
which a support strategy is strictly dominated on the other support. In a
degenerate game only the extreme equilibria with equal-size supports and
uniquely solvable systems are found; :mod:`models.games.vertex_enumeration`
finds all extreme equilibria.

Small games (up to 2,000 pairs) run pair by pair in a compiled kernel when
Numba is installed (:mod:`models.games._jit`); it applies the same tests and
returns the same equilibria.

References
----------
.. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In N. Nisan, T. Roughgarden, E. Tardos & V.
   Vazirani (Eds.), *Algorithmic Game Theory* (ch. 3). Cambridge University Press.
.. [2] Roughgarden, T. (2016). *Twenty Lectures on Algorithmic Game Theory*.
   Cambridge University Press.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from models.games._jit import support_enumeration_kernel

__all__ = ["support_enumeration", "support_pair_count"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

_SINGULAR = 1e-9
"""Smallest pivot (in absolute value) of Gaussian elimination with partial pivoting on the
row-scaled indifference system ``D`` (:func:`_solve_affine`) for it to count as nonsingular:
a numerically singular system has a continuum of solutions, of which a solver returns an
arbitrary point that need not be an extreme equilibrium. Exactly singular systems of up to
12 x 12 leave a pivot of at most about 3e-12 after rounding (20,000 random rank-deficient
systems); isolated equilibria of ill-conditioned games keep pivots far above 1e-9 (von
Stengel's 75-equilibrium game: 1.4e-5, with condition numbers up to 4e6). The earlier test,
``|det D|`` over Hadamard's bound, shrinks like a product of ``k`` pivots and so rejected
well-posed systems of large supports (issue 14, item 1)."""
_PRUNE_ABOVE = 2_000
"""Support sizes with more pairs than this are pruned by dominance before solving."""
_CHUNK = 40_000
"""Support pairs solved per batch (bounds the memory of support enumeration)."""


def support_pair_count(m: int, n: int) -> int:
    """Return the number of equal-size support pairs, ``C(m + n, m) - 1``.

    Examples
    --------
    >>> support_pair_count(2, 2)
    5
    """
    return sum(math.comb(m, k) * math.comb(n, k) for k in range(1, min(m, n) + 1))


def _solve_affine(blocks: FloatArray, valid: BoolArray) -> tuple[FloatArray, BoolArray]:
    r"""Solve the indifference systems of a batch of blocks; return ``z`` and a well-posed mask.

    For a block :math:`M` (rows: the strategies made indifferent; columns: the
    mixing strategies) the conditions :math:`M y = v \mathbf 1`,
    :math:`\mathbf 1^\top y = 1` become, once the first row is subtracted from
    the others, the square system

    .. math::

        D y = e_1, \qquad D = \begin{pmatrix} \mathbf 1^\top \\
        M_{2\cdot} - M_{1\cdot} \\ \vdots \end{pmatrix},

    which is unchanged when a constant is added to the payoffs or they are
    rescaled, and is nonsingular exactly when the bordered system in
    :math:`(y, v)` is (expand its determinant along the :math:`v` column).
    The rows of :math:`D` are scaled to unit length, and a block is *well
    posed* when every pivot of Gaussian elimination with partial pivoting on
    the scaled :math:`D` exceeds ``_SINGULAR`` (:func:`_well_posed`): a test
    free of the payoffs' scale and shift, so extreme payoffs that make
    :math:`M` itself nearly rank one keep their isolated equilibria, and free
    of the support size (unlike the determinant, a product of ``k`` pivots). ``valid`` (P, K)
    marks a block's own rows and columns; padding is identity. Returns
    ``z = y / v`` (so ``1 / sum z`` is the value :math:`v`, at least 1 for
    payoffs in ``[1, 2]``) and a mask of the blocks solved. The batch is
    solved at once; only if a system in it is exactly singular are the
    well-posed ones picked out first. The well-posedness of the (few) pairs
    that pass every equilibrium check is tested at the end of
    :func:`_support_batch`.
    """
    D, rhs = _affine(blocks, valid)
    p, k, _ = blocks.shape
    try:  # the common case: no exactly singular system in the batch
        y = np.linalg.solve(D, rhs[:, :, None])[:, :, 0]
        ok = np.ones(p, dtype=bool)
    except np.linalg.LinAlgError:
        ok = _well_posed(D)
        y = np.zeros((p, k))
        if ok.any():
            y[ok] = np.linalg.solve(D[ok], rhs[ok][:, :, None])[:, :, 0]
    value = np.einsum("pj,pj->p", blocks[:, 0, :], y)
    ok &= value > 0  # always so for a mixture y >= 0; otherwise no equilibrium anyway
    z = np.zeros((p, k))
    z[ok] = y[ok] / value[ok, None]
    return z, ok


def _affine(blocks: FloatArray, valid: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Return the row-scaled systems ``D`` (P, K, K) of :func:`_solve_affine`, right sides."""
    p, k, _ = blocks.shape
    D = blocks - blocks[:, :1, :]
    D[:, 0, :] = valid
    if not valid.all():
        D = np.where(valid[:, :, None], D, np.eye(k)[None, :, :])
    norms = np.sqrt(np.einsum("pkj,pkj->pk", D, D))
    norms[norms == 0.0] = 1.0  # a zero row stays zero: the determinant is 0
    inverse = 1.0 / norms
    rhs = np.zeros((p, k))
    rhs[:, 0] = inverse[:, 0]
    D *= inverse[:, :, None]
    return D, rhs


def _min_pivot(D: FloatArray) -> FloatArray:
    """Return the smallest absolute pivot of partial-pivoting elimination on each ``D`` (P, K, K).

    The same elimination as the compiled kernel's ``_gauss`` (``models/games/_jit.py``),
    vectorised over the batch: one step per column, at most ``K`` numpy operations.
    """
    U = np.array(D, dtype=float, copy=True)
    p, k, _ = U.shape
    smallest = np.full(p, np.inf)
    batch = np.arange(p)
    for c in range(k):
        pivot_row = c + np.argmax(np.abs(U[:, c:, c]), axis=1)
        swapped = U[batch, pivot_row].copy()
        U[batch, pivot_row] = U[:, c]
        U[:, c] = swapped
        pivot = U[:, c, c]
        smallest = np.minimum(smallest, np.abs(pivot))
        factor = U[:, c + 1:, c] / np.where(pivot == 0.0, 1.0, pivot)[:, None]
        U[:, c + 1:, c:] -= factor[:, :, None] * U[:, None, c, c:]
    return smallest


def _well_posed(D: FloatArray) -> BoolArray:
    """Mark the row-scaled systems whose every elimination pivot exceeds ``_SINGULAR``."""
    return np.asarray(_min_pivot(D) > _SINGULAR)


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
    >>> from models.games._tableau import normalise_payoffs
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
    # Games with repeated payoffs (integer, constant, copied strategies) are where
    # whole subsets of systems are singular; generic games skip the rank filter,
    # which only ever removes pairs that would fail anyway.
    repeats = np.unique(A).size < A.size or np.unique(B).size < B.size
    xs: list[FloatArray] = [np.empty((0, m))]
    ys: list[FloatArray] = [np.empty((0, n))]
    for k in range(1, min(m, n) + 1):
        rows, cols = _subsets(m, k), _subsets(n, k)
        if repeats:
            # A system over J can only be well posed if the rows of A restricted
            # to J span k - 1 directions (and likewise B's columns restricted to
            # I): drop the subsets that cannot, in degenerate games most of them.
            rows, cols = rows[_spans(B.T, rows, k)], cols[_spans(A, cols, k)]
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


def _spans(M: FloatArray, subsets: IntArray, k: int) -> BoolArray:
    r"""Mark the column subsets ``J`` on which the rows of ``M`` span ``k - 1`` directions.

    Every indifference system over ``J`` (:func:`_solve_affine`) has rows
    :math:`M_{i,J} - M_{i_0,J}`, all in the span of
    :math:`\{M_{i,J} - M_{0,J}\}_i`; if that span has dimension below
    :math:`k - 1`, no support of the other player makes the system over ``J``
    nonsingular. The rank is numpy's (singular values above
    ``max(shape) * eps`` times the largest), stricter than the determinant test.
    """
    if k == 1 or subsets.shape[0] == 0:
        return np.ones(subsets.shape[0], dtype=bool)
    diffs = np.moveaxis(M[:, subsets] - M[:1, subsets], 1, 0)  # (n_subsets, rows, k)
    return np.asarray(np.linalg.matrix_rank(diffs) >= k - 1)


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
    valid = sr >= 0
    # Column player's mixture y on sc making the rows in sr indifferent.
    z, ok = _solve_affine(_blocks(A, sr, sc), valid)
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
    sr, sc, valid = sr[keep], sc[keep], valid[keep]
    # Row player's mixture x on sr making the columns in sc indifferent.
    w, ok = _solve_affine(np.swapaxes(_blocks(B, sr, sc), 1, 2), valid)
    total = w.sum(axis=1)
    ok &= total > 0
    x_i = np.where(ok[:, None], w, -1.0) / np.where(ok, total, 1.0)[:, None]
    ok &= np.all(x_i >= -tol, axis=1)
    X = _scatter(np.clip(x_i, 0.0, None), sr, m)
    ok &= np.all(X @ B <= 1.0 / np.where(ok, total, 1.0)[:, None] + tol, axis=1)
    # Keep only pairs whose two systems are well posed: a numerically singular
    # system has a continuum of solutions, of which a solver returns an
    # arbitrary point that need not be an extreme equilibrium.
    found = np.flatnonzero(ok)
    if found.size:
        a_sys, _ = _affine(_blocks(A, sr[found], sc[found]), valid[found])
        b_sys, _ = _affine(np.swapaxes(_blocks(B, sr[found], sc[found]), 1, 2), valid[found])
        ok[found] = _well_posed(a_sys) & _well_posed(b_sys)
    X, Y = X[ok], Y[ok]
    return X / X.sum(axis=1, keepdims=True), Y / Y.sum(axis=1, keepdims=True)

