r"""Vertex enumeration: the extreme equilibria of a two-player game.

With row payoffs :math:`A` and column payoffs :math:`B` (:math:`m \times n`)
mapped onto :math:`[1, 2]`, the best-response polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le \mathbf 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le \mathbf 1,\ y \ge 0\}.

A point of :math:`P` has label :math:`i` if :math:`x_i = 0` and label
:math:`m + j` if :math:`(B^\top x)_j = 1`; a point of :math:`Q` has label
:math:`i` if :math:`(A y)_i = 1` and label :math:`m + j` if :math:`y_j = 0`.
A vertex pair :math:`(x, y) \ne (0, 0)` that is *completely labelled*
(together they carry all :math:`m + n` labels) is, normalised to
:math:`(x / \mathbf 1^\top x,\ y / \mathbf 1^\top y)`, a Nash equilibrium,
and in a nondegenerate game every equilibrium arises so (von Stengel 2007,
Algorithm 3.5).

**Degenerate games.** A game is nondegenerate when no mixed strategy with
:math:`k` pure strategies in its support has more than :math:`k` pure best
responses. In a degenerate game the equilibria can form continua (convex
*maximal Nash subsets*); the completely labelled vertex pairs are then the
*extreme* equilibria, the vertices of those sets, and every equilibrium is
a convex combination of extreme equilibria in a common maximal Nash subset
(Avis, Rosenberg, Savani & von Stengel 2010).

The vertices of a polytope :math:`\{z \ge 0 : C z \le \mathbf 1\}` come from
an exact breadth-first search over the lexicographically feasible bases
(Avis & Fukuda 1992), which lists every vertex of a degenerate polytope too.
With Numba installed (the ``fast`` extra) the search runs compiled
(:mod:`models.games._vertex_jit`, the same points bit for bit); otherwise it
is batched in numpy one layer of pivots at a time, and polytopes of up to 12
dimensions and constraints go to Qhull first (facets of the polar polytope,
as in QuantEcon), which is faster there, unless a pure vertex
:math:`e_j / \max_i C_{ij}` already shows degeneracy (a tied column maximum,
as in most games with small integer payoffs). Qhull's vertices are used
unless one of them carries more labels than the dimension (a degenerate
vertex with a larger support, or facets Qhull merged for precision); only
then is the exact search run after it. Labels are stored as bitmasks, so
pairs are matched by integer operations.

References
----------
.. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In N. Nisan, T. Roughgarden, E. Tardos & V.
   Vazirani (Eds.), *Algorithmic Game Theory* (ch. 3). Cambridge University Press.
.. [2] Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010).
   Enumeration of Nash equilibria for two-player games. *Economic Theory*,
   42(1), 9-37.
.. [3] Avis, D., & Fukuda, K. (1992). A pivoting algorithm for convex hulls and
   vertex enumeration of arrangements and polyhedra. *Discrete & Computational
   Geometry*, 8(3), 295-313.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from models.games._tableau import PIVOT_EPS, TIE, lex_break, pivot_batch
from models.games._vertex_jit import vertex_search_kernel

__all__ = ["hull_vertices", "polytope_vertices", "vertex_enumeration"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

_HULL_MAX = 12
"""Largest dimension and number of constraints for which Qhull is tried (numpy path only)."""


_DIRECT_PAIRS = 1 << 16
"""Largest number of vertex pairs tested all at once instead of by sorted keys."""


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
    kernel = vertex_search_kernel()
    if kernel is not None:  # the same search compiled: the same points, bit for bit
        pts, n_found = kernel(np.ascontiguousarray(C, dtype=np.float64), max_vertices,
                              PIVOT_EPS, TIE)
        if n_found < 0:
            raise ValueError(_too_many(max_vertices))
        return np.asarray(pts, dtype=np.float64)
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
        eligible = col > PIVOT_EPS
        has = np.flatnonzero(eligible.any(axis=1))
        parent, enter, col, eligible = parent[has], enter[has], col[has], eligible[has]
        safe = np.where(eligible, col, 1.0)
        ratio = np.where(eligible, tab[:, :, -1][parent] / safe, np.inf)
        best = ratio.min(axis=1, keepdims=True)
        cand = eligible & (ratio <= best + TIE * (1.0 + np.abs(best)))
        row = np.asarray(np.argmax(cand, axis=1), dtype=np.intp)
        tied = np.flatnonzero(cand.sum(axis=1) > 1)
        if tied.size:
            binv = tab[parent[tied], :, d:n_var]
            row[tied] = lex_break(binv, safe[tied], cand[tied])
        leave = heads[parent, row]
        new_keys = keys[parent] ^ bits[enter] ^ bits[leave]
        uniq, first = np.unique(new_keys, return_index=True)
        at = np.searchsorted(seen, uniq)  # seen is sorted
        fresh = seen[np.minimum(at, seen.size - 1)] != uniq
        if not fresh.any():
            break
        pick = first[fresh]
        n_found += pick.size
        if n_found > max_vertices:
            raise ValueError(_too_many(max_vertices))
        keys = uniq[fresh]
        seen = np.insert(seen, at[fresh], keys)
        par, r, e = parent[pick], row[pick], enter[pick]
        k = np.arange(pick.size)
        tab = pivot_batch(tab[par], r, e)
        heads = heads[par]
        heads[k, r] = e
        # The entering variable's slot in the nonbasic list now holds the leaving one.
        slot = np.argmax(nonbasic[par] == e[:, None], axis=1)
        nonbasic = nonbasic[par]
        nonbasic[k, slot] = leave[pick]
        points.append(_basic_point(tab, heads, d))
    return np.concatenate(points)


def _too_many(max_vertices: int) -> str:
    """Return the error message for a polytope with more than ``max_vertices`` bases."""
    return (
        f"vertex_enumeration found more than max_vertices={max_vertices} bases of a "
        "best-response polytope; use lemke_howson for one equilibrium, or raise max_vertices."
    )


def _basic_point(tab: FloatArray, heads: IntArray, d: int) -> FloatArray:
    """Return the basic solutions' original coordinates (p, d) of a batch of tableaux."""
    p = tab.shape[0]
    z = np.zeros((p, d + 1))
    # Slack heads (>= d) write into a dump column d that is dropped.
    np.put_along_axis(z, np.minimum(heads, d), tab[:, :, -1], axis=1)
    return np.clip(z[:, :d], 0.0, None)


def _label_keys(labels: BoolArray) -> NDArray[np.uint64]:
    """Return the bitmask (uint64) of each row of a boolean label matrix (n, n_labels <= 64)."""
    packed = np.packbits(labels, axis=1, bitorder="little")  # label 8b + k is bit k of byte b
    words = np.zeros((labels.shape[0], 8), dtype=np.uint8)
    words[:, : packed.shape[1]] = packed
    keys: NDArray[np.uint64] = words.view("<u8")[:, 0].astype(np.uint64)
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

    The exact lexicographic search :func:`polytope_vertices` lists them; it
    is compiled when Numba is available. Without Numba, Qhull
    (:func:`hull_vertices`) is faster for polytopes of at most 12 dimensions
    and 12 constraints and is tried first there unless a tied column maximum
    shows the polytope degenerate up front (:func:`_surely_degenerate`); its
    answer is kept unless a vertex it returns does not carry exactly ``d``
    labels (a degenerate polytope, or facets Qhull merged for precision).
    """
    from scipy.spatial import QhullError

    c, d = C.shape
    if (
        vertex_search_kernel() is None
        and 2 <= d <= _HULL_MAX
        and c <= _HULL_MAX
        and not _surely_degenerate(C, tol)
    ):
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


def _surely_degenerate(C: FloatArray, tol: float) -> bool:
    """Whether a pure vertex ``e_j / max_i C[i, j]`` of ``{z >= 0 : C z <= 1}`` has extra labels.

    The vertex on axis ``j`` carries the ``d - 1`` labels of its zero
    coordinates and one label per row attaining the column's maximum (to the
    label tolerance ``tol``), so a tied maximum makes the polytope degenerate.
    """
    top = C.max(axis=0)
    return bool(np.any(np.count_nonzero(C >= top * (1.0 - tol), axis=0) > 1))


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
    equilibria, the vertices of the maximal Nash subsets). With at most
    ``2**16`` vertex pairs, every pair is checked so at once.

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
    >>> from models.games._tableau import normalise_payoffs
    >>> A = normalise_payoffs(np.array([[1.0, -1.0], [-1.0, 1.0]]))
    >>> vertex_enumeration(A, 3.0 - A, 1e-9, 1000)
    (array([[0.5, 0.5]]), array([[0.5, 0.5]]))
    """
    m, n = A.shape
    full = np.uint64((1 << (m + n)) - 1) if m + n < 64 else np.uint64(np.iinfo(np.uint64).max)
    xs, lab_x, kx = _vertices_with_labels(B.T, tol, max_vertices, zero_first=True)
    ys, lab_y, ky = _vertices_with_labels(A, tol, max_vertices, zero_first=False)
    if kx.size * ky.size <= _DIRECT_PAIRS:  # few vertices: test every pair at once
        px, py = np.nonzero((kx[:, None] | ky[None, :]) == full)
        X, Y = xs[px], ys[py]
        return X / X.sum(axis=1, keepdims=True), Y / Y.sum(axis=1, keepdims=True)
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
