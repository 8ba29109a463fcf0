r"""The Lemke-Howson algorithm: one equilibrium of a two-player game by complementary pivoting.

With row payoffs :math:`A` and column payoffs :math:`B` (:math:`m \times n`)
mapped onto :math:`[1, 2]`, the best-response polytopes in equality form are

.. math::

    B^\top x + s = \mathbf 1, \qquad A y + r = \mathbf 1, \qquad
    x, s, r, y \ge 0,

with label :math:`i` on :math:`x_i` and :math:`r_i` (:math:`i < m`) and label
:math:`m + j` on :math:`s_j` and :math:`y_j`. A basic solution pair is
*complementary* when every label has a zero variable in one of the two
tableaux; the complementary pairs other than the artificial one
:math:`(x, y) = (0, 0)` are the equilibria (after normalisation). Dropping
a label :math:`k` from the artificial pair and pivoting in, alternately in
the two tableaux, the complement of the variable that just left follows a
path of almost complementary solutions (every label but :math:`k`) that ends
at an equilibrium (Lemke & Howson 1964; von Stengel 2007, sect. 3.4).

The leaving variable is chosen by the lexicographic minimum ratio test
(:mod:`models.games._tableau`), so the path is unique and finite even in
degenerate games. :func:`lemke_howson` follows one path with an in-place
rank-one update per pivot; :func:`lemke_howson_paths` follows several, one
per dropped label, in stacked arrays. When Numba is installed both run the
compiled single-path kernel of :mod:`models.games._jit` instead, which takes
the same pivots.

References
----------
.. [1] Lemke, C. E., & Howson, J. T. (1964). Equilibrium points of bimatrix
   games. *Journal of the Society for Industrial and Applied Mathematics*,
   12(2), 413-423.
.. [2] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In N. Nisan, T. Roughgarden, E. Tardos & V.
   Vazirani (Eds.), *Algorithmic Game Theory* (ch. 3). Cambridge University Press.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from models.games._jit import lemke_howson_kernel
from models.games._tableau import PIVOT_EPS, TIE, lex_min_rows, normalise_payoffs, pivot_batch

__all__ = ["lemke_howson", "lemke_howson_paths"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]


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
        runs = [kernel(A, B, int(lab), int(max_iter), PIVOT_EPS, TIE) for lab in labels]
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
            row = lex_min_rows(tab[sel], col, lex, col > PIVOT_EPS)
            leaving[sel] = heads[sel, row]
            tab[sel] = pivot_batch(tab[sel], row, enter[sel])
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
        x, y, pivots, converged, regret = kernel(A, B, int(label), int(max_iter), PIVOT_EPS, TIE)
        return x, y, int(pivots), bool(converged), float(regret)
    m, n = A.shape
    tabs = _tableaux(A, B)
    heads = (list(range(m, m + n)), list(range(m)))
    lex = (range(m, m + n), range(m))
    side = 0 if label < m else 1
    enter = label
    converged = False
    pivots = 0
    while pivots < max_iter:
        pivots += 1
        T = tabs[side]
        col = T[:, enter].copy()
        r = _leaving_row(T, col, lex[side])
        if r < 0:
            break
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
    return _outcome(A, B, tabs, heads, pivots, converged)


def _tableaux(A: FloatArray, B: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Return the slack tableaux ``[B^T I 1]`` (n, L + 1) and ``[I A 1]`` (m, L + 1), scaled."""
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
    return tab_p, tab_q


def _leaving_row(T: FloatArray, col: FloatArray, lex: range) -> int:
    """Lexicographic minimum ratio test of one tableau; -1 when no entry of ``col`` is positive.

    Among the rows within the tie tolerance of the smallest ratio
    ``rhs / col``, the ratios of the columns ``lex`` (the basis inverse)
    decide, in order; the first remaining row wins.
    """
    skip = col <= PIVOT_EPS
    if skip.all():
        return -1
    ratio = T[:, -1] / np.where(skip, 1.0, col)
    ratio[skip] = np.inf
    r = int(ratio.argmin())
    best = float(ratio[r])
    limit = best + TIE * (1.0 + abs(best))
    if np.count_nonzero(ratio <= limit) > 1:
        cand = np.flatnonzero(ratio <= limit)
        for j in lex:
            vals = T[cand, j] / col[cand]
            low = vals.min()
            cand = cand[vals <= low + TIE * (1.0 + abs(low))]
            if cand.size == 1:
                break
        r = int(cand[0])
    return r


def _outcome(
    A: FloatArray,
    B: FloatArray,
    tabs: tuple[FloatArray, FloatArray],
    heads: tuple[list[int], list[int]],
    pivots: int,
    converged: bool,
) -> tuple[FloatArray, FloatArray, int, bool, float]:
    """Read the mixtures off the final bases, normalise them and measure their regret."""
    m, n = A.shape
    x = np.zeros(m)
    for row, var in enumerate(heads[0]):
        if var < m:
            x[var] = max(tabs[0][row, -1], 0.0)
    y = np.zeros(n)
    for row, var in enumerate(heads[1]):
        if var >= m:
            y[var - m] = max(tabs[1][row, -1], 0.0)
    sx, sy = x.sum(), y.sum()
    if not (sx > 0 and sy > 0):
        nan = np.full(m, np.nan), np.full(n, np.nan)
        return nan[0], nan[1], pivots, converged, math.inf
    x, y = x / sx, y / sy
    u_row, u_col = A @ y, x @ B
    regret = max(float(u_row.max() - x @ u_row), float(u_col.max() - u_col @ y), 0.0)
    return x, y, pivots, converged, regret
