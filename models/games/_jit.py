r"""Optional compiled kernels (Numba) for the inner loops that numpy cannot batch.

Two loops of the two-player solvers run faster compiled than vectorised:

* **Lemke-Howson** follows one path of complementary pivots; each pivot
  depends on the last, so the path cannot be vectorised and, on the small
  tableaux of typical games, a numpy implementation spends almost all of its
  time in per-call overhead. The kernel runs the same algorithm with the same
  lexicographic ratio test and tolerances: the same pivots, the same
  equilibrium and the same number of pivots (tested).
* **Support enumeration of small games** (up to 2,000 support pairs, so up to
  7 x 7): the batched numpy version's fixed overhead dominates there, so the
  kernel checks the pairs one by one, solving each pair's two indifference
  systems by Gaussian elimination with the same well-posedness test
  (Hadamard's bound), the same sign and best-response tests and the same
  tolerances: the same equilibria (tested). Larger games keep the batched,
  pruned numpy version, which is faster there.

The kernels are used when Numba is installed (the ``fast`` extra: ``pip
install "stances[fast]"``); otherwise :mod:`models.games.lemke_howson` and
:mod:`models.games.support_enumeration` use their numpy versions. Set the
environment variable ``STANCES_JIT=0`` to disable the compiled path. The
kernels are compiled together on the first call (about 10 seconds) and cached
on disk next to this module when the directory is writable, so later
processes load them in a fraction of a second; a Numba that cannot compile
them is reported by a warning and the numpy versions are used.

References
----------
.. [1] Lemke, C. E. & Howson, J. T. (1964). Equilibrium points of bimatrix
   games. Journal of the Society for Industrial and Applied Mathematics,
   12(2), 413-423.
.. [2] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In N. Nisan et al. (eds.), Algorithmic Game
   Theory, ch. 3. Cambridge University Press.
.. [3] Lam, S. K., Pitrou, A. & Seibert, S. (2015). Numba: a LLVM-based Python
   JIT compiler. Proceedings of the 2nd Workshop on the LLVM Compiler
   Infrastructure in HPC.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from models._jitflag import bind, compile_kernels, jit_allowed

__all__ = ["jit_enabled", "lemke_howson_kernel", "support_enumeration_kernel"]


def jit_enabled() -> bool:
    """Tell whether the compiled kernels are used: Numba importable, ``STANCES_JIT`` not ``0``.

    The kernels (Lemke-Howson, support enumeration of small games) come with
    the ``fast`` extra (``pip install "stances[fast]"``). Setting the
    environment variable ``STANCES_JIT`` to ``0`` (or ``false``, ``no``,
    ``off``) switches them off; the numpy versions give the same results.

    Returns
    -------
    bool

    Examples
    --------
    >>> isinstance(jit_enabled(), bool)
    True
    """
    return _enabled(os.environ.get("STANCES_JIT"))


@lru_cache(maxsize=8)
def _enabled(flag: str | None) -> bool:
    """Whether the JIT is on for this value of ``STANCES_JIT`` (cached per value)."""
    return jit_allowed(flag) and _kernels() is not None


def lemke_howson_kernel() -> Callable[..., Any] | None:
    """Return the compiled single-path Lemke-Howson kernel, or None when the JIT is off.

    The kernel's signature is ``(A, B, label, max_iter, eps, tie) -> (x, y,
    n_pivots, converged, regret)`` with the arguments and results of
    :func:`models.games.lemke_howson.lemke_howson` plus the pivot tolerance
    ``eps`` and the relative tie tolerance ``tie`` of the ratio test.

    Examples
    --------
    >>> kernel = lemke_howson_kernel()
    >>> kernel is None or callable(kernel)
    True
    """
    if not jit_enabled():
        return None
    kernels = _kernels()
    return None if kernels is None else kernels["lemke_howson"]


def support_enumeration_kernel() -> Callable[..., Any] | None:
    """Return the compiled support-enumeration kernel for small games, or None when the JIT is off.

    The kernel's signature is ``(A, B, tol, singular) -> (X, Y)``: payoffs
    scaled to ``[1, 2]``, the tolerance of
    :func:`models.games.support_enumeration.support_enumeration` and the
    well-posedness threshold of its linear systems; it checks every support
    pair in turn with the same tests and returns the same equilibria.

    Examples
    --------
    >>> kernel = support_enumeration_kernel()
    >>> kernel is None or callable(kernel)
    True
    """
    if not jit_enabled():
        return None
    kernels = _kernels()
    return None if kernels is None else kernels["support_enumeration"]


@lru_cache(maxsize=1)
def _kernels() -> dict[str, Callable[..., Any]] | None:
    """Compile the kernels (or load them from the disk cache); None without a working Numba."""
    return compile_kernels("the game kernels", __file__, _build)


def _build(numba: Any, cache: bool) -> dict[str, Callable[..., Any]]:
    """Compile every kernel with explicit signatures."""
    # Explicit signatures compile eagerly (or load the disk cache), so a
    # Numba that cannot compile the kernels is found here, not mid-solve.
    t = numba.types
    # Read-only C-contiguous payoffs (a NormalFormGame's are read-only);
    # writable arrays convert to this type on the call.
    mat = t.Array(t.float64, 2, "C", readonly=True)
    lh = _compile_lemke_howson(numba, mat, cache)
    gauss = numba.njit(
        t.float64(t.Array(t.float64, 2, "A"), t.float64[::1]), cache=cache, nogil=True
    )(_gauss)
    next_subset = numba.njit(t.boolean(t.int64[:], t.int64), cache=cache, nogil=True)(
        _next_subset
    )
    affine = numba.njit(
        t.boolean(
            t.Array(t.float64, 2, "A"), t.Array(t.float64, 2, "A"), t.float64[::1],
            t.float64,
        ),
        cache=cache, nogil=True,
    )(bind(_affine_solve, {"_gauss": gauss}))
    mixture = numba.njit(
        t.boolean(
            t.float64[::1], t.int64[:], t.Array(t.float64, 2, "A", readonly=True),
            t.float64, t.float64[::1],
        ),
        cache=cache, nogil=True,
    )(_mixture)
    pairs = t.Tuple((t.float64[:, :], t.float64[:, :]))
    support = numba.njit(
        pairs(mat, mat, t.float64, t.float64), cache=cache, nogil=True
    )(bind(
        _support_enumeration,
        {"_affine_solve": affine, "_next_subset": next_subset, "_mixture": mixture},
    ))
    return {"lemke_howson": lh, "support_enumeration": support}


def _compile_lemke_howson(numba: Any, mat: Any, cache: bool) -> Callable[..., Any]:
    """Compile the Lemke-Howson kernel and its helpers with explicit signatures."""
    t = numba.types
    tab = t.float64[:, ::1]
    vec = t.float64[::1]

    def jit(signature: Any, func: Callable[..., Any], **helpers: Any) -> Callable[..., Any]:
        bound = bind(func, helpers) if helpers else func
        compiled: Callable[..., Any] = numba.njit(signature, cache=cache, nogil=True)(bound)
        return compiled

    min_ratio_row = jit("i8(f8[:, :], i8, f8)", _min_ratio_row)
    tied_rows = jit("i8(f8[:, :], i8, f8, f8, i8[:])", _tied_rows)
    lex_filter = jit("i8(f8[:, :], i8, i8, f8, i8[:], i8)", _lex_filter)
    ratio_row = jit(
        "i8(f8[:, :], i8, i8, i8, f8, f8, i8[:])", _ratio_row,
        _min_ratio_row=min_ratio_row, _tied_rows=tied_rows, _lex_filter=lex_filter,
    )
    out = t.Tuple((t.float64[:], t.float64[:], t.int64, t.boolean, t.float64))
    return jit(
        out(mat, mat, t.int64, t.int64, t.float64, t.float64), _lemke_howson,
        _ratio_row=ratio_row,
        _fill_tableaux=jit(t.void(mat, mat, tab, tab), _fill_tableaux),
        _pivot=jit(t.void(tab, t.int64, t.int64, vec), _pivot),
        _read_basis=jit(t.void(tab, t.int64[::1], t.int64, t.int64, vec), _read_basis),
        _normalise=jit(t.float64(vec), _normalise),
        _regret=jit(t.float64(mat, mat, vec, vec), _regret),
    )


# The kernels below are plain Python over numpy arrays, written in the subset
# Numba compiles; they are only ever called compiled.
def _ratio_row(  # pragma: no cover - runs compiled
    T: np.ndarray, enter: int, lex_lo: int, lex_hi: int, eps: float, tie: float,
    cand: np.ndarray,
) -> int:
    """Row of the lexicographic minimum ratio test for entering column ``enter``.

    Rows with a pivot entry at most ``eps`` are skipped. Among the rows whose
    ratio ``rhs / col`` is within ``tie * (1 + |min|)`` of the minimum, ties are
    broken by the ratios of the columns ``lex_lo .. lex_hi - 1`` (the slack
    columns, i.e. the rows of the inverse basis), in order, with the same
    tolerance; the first remaining row wins. Returns -1 when no entry is positive.
    """
    r = _min_ratio_row(T, enter, eps)
    if r < 0:
        return -1
    best = T[r, T.shape[1] - 1] / T[r, enter]
    k = _tied_rows(T, enter, eps, best + tie * (1.0 + abs(best)), cand)
    if k == 1:
        return r
    for j in range(lex_lo, lex_hi):
        k = _lex_filter(T, enter, j, tie, cand, k)
        if k == 1:
            break
    return int(cand[0])


def _min_ratio_row(T: np.ndarray, enter: int, eps: float) -> int:  # pragma: no cover - compiled
    """First row with the smallest ratio ``rhs / col`` among entries above ``eps``; -1 if none."""
    rhs = T.shape[1] - 1
    best = np.inf
    r = -1
    for i in range(T.shape[0]):
        c = T[i, enter]
        if c > eps:
            v = T[i, rhs] / c
            if v < best:
                best = v
                r = i
    return r


def _tied_rows(  # pragma: no cover - runs compiled
    T: np.ndarray, enter: int, eps: float, limit: float, cand: np.ndarray
) -> int:
    """Write the rows whose ratio is at most ``limit`` into ``cand``; return their number."""
    rhs = T.shape[1] - 1
    k = 0
    for i in range(T.shape[0]):
        c = T[i, enter]
        if c > eps and T[i, rhs] / c <= limit:
            cand[k] = i
            k += 1
    return k


def _lex_filter(  # pragma: no cover - runs compiled
    T: np.ndarray, enter: int, j: int, tie: float, cand: np.ndarray, k: int
) -> int:
    """Keep the first ``k`` candidates whose column-``j`` ratio ties the least; return how many."""
    low = np.inf
    for t in range(k):
        i = cand[t]
        v = T[i, j] / T[i, enter]
        if v < low:
            low = v
    bound = low + tie * (1.0 + abs(low))
    kept = 0
    for t in range(k):
        i = cand[t]
        if T[i, j] / T[i, enter] <= bound:
            cand[kept] = i
            kept += 1
    return kept


def _lemke_howson(  # pragma: no cover - runs compiled
    A: np.ndarray, B: np.ndarray, label: int, max_iter: int, eps: float, tie: float
) -> tuple[np.ndarray, np.ndarray, int, bool, float]:
    """One Lemke-Howson path on the two tableaux; see :func:`lemke_howson_kernel`."""
    m, n = A.shape
    L = m + n
    tab_p = np.zeros((n, L + 1))
    tab_q = np.zeros((m, L + 1))
    _fill_tableaux(A, B, tab_p, tab_q)
    heads_p = np.arange(m, L)
    heads_q = np.arange(0, m)
    cand = np.empty(max(m, n), dtype=np.int64)
    prow = np.empty(L + 1)
    side = 0 if label < m else 1
    enter = label
    converged = False
    pivots = 0
    while pivots < max_iter:
        pivots += 1
        if side == 0:
            T = tab_p
            heads = heads_p
            r = _ratio_row(T, enter, m, L, eps, tie, cand)
        else:
            T = tab_q
            heads = heads_q
            r = _ratio_row(T, enter, 0, m, eps, tie, cand)
        if r < 0:
            break
        _pivot(T, r, enter, prow)
        leaving = heads[r]
        heads[r] = enter
        if leaving == label:
            converged = True
            break
        enter = leaving
        side = 1 - side
    x = np.zeros(m)
    _read_basis(tab_p, heads_p, 0, m, x)
    y = np.zeros(n)
    _read_basis(tab_q, heads_q, m, L, y)
    sx = _normalise(x)
    sy = _normalise(y)
    if not (sx > 0 and sy > 0):
        return x, y, pivots, converged, np.inf
    return x, y, pivots, converged, _regret(A, B, x, y)


def _fill_tableaux(  # pragma: no cover - runs compiled
    A: np.ndarray, B: np.ndarray, tab_p: np.ndarray, tab_q: np.ndarray
) -> None:
    """Write ``[B^T I 1]`` into ``tab_p`` and ``[I A 1]`` into ``tab_q``, payoffs onto [1, 2]."""
    m, n = A.shape
    L = m + n
    a_lo, a_hi, b_lo, b_hi = A.min(), A.max(), B.min(), B.max()
    a_span, b_span = a_hi - a_lo, b_hi - b_lo
    for i in range(n):
        for j in range(m):
            tab_p[i, j] = 1.0 + (B[j, i] - b_lo) / b_span if b_span > 0 else 1.0
        tab_p[i, m + i] = 1.0
        tab_p[i, L] = 1.0
    for i in range(m):
        tab_q[i, i] = 1.0
        for j in range(n):
            tab_q[i, m + j] = 1.0 + (A[i, j] - a_lo) / a_span if a_span > 0 else 1.0
        tab_q[i, L] = 1.0


def _pivot(  # pragma: no cover - runs compiled
    T: np.ndarray, r: int, enter: int, prow: np.ndarray
) -> None:
    """Pivot ``T`` in place on row ``r``, column ``enter`` (``prow`` is scratch space)."""
    width = T.shape[1]
    piv = T[r, enter]
    for j in range(width):
        prow[j] = T[r, j] / piv
    for i in range(T.shape[0]):
        if i == r:
            continue
        f = T[i, enter]
        if f != 0.0:
            for j in range(width):
                T[i, j] -= f * prow[j]
    for j in range(width):
        T[r, j] = prow[j]


def _read_basis(  # pragma: no cover - runs compiled
    tab: np.ndarray, heads: np.ndarray, lo: int, hi: int, out: np.ndarray
) -> None:
    """Write the basic values of the variables ``lo .. hi - 1`` (clipped at 0) into ``out``."""
    rhs = tab.shape[1] - 1
    for row in range(heads.size):
        var = heads[row]
        if lo <= var < hi:
            out[var - lo] = max(tab[row, rhs], 0.0)


def _normalise(p: np.ndarray) -> float:  # pragma: no cover - runs compiled
    """Divide ``p`` by its sum in place (NaN when the sum is not positive); return the sum."""
    total = p.sum()
    if total > 0:
        p /= total
    else:
        p[:] = np.nan
    return float(total)


def _regret(  # pragma: no cover - runs compiled
    A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray
) -> float:
    """Regret of ``(x, y)`` in the original payoffs: best reply minus the profile's payoff."""
    m, n = A.shape
    regret = 0.0
    value = 0.0
    best = -np.inf
    for i in range(m):
        u = 0.0
        for j in range(n):
            u += A[i, j] * y[j]
        value += x[i] * u
        best = max(best, u)
    regret = max(regret, best - value)
    value = 0.0
    best = -np.inf
    for j in range(n):
        u = 0.0
        for i in range(m):
            u += x[i] * B[i, j]
        value += y[j] * u
        best = max(best, u)
    return max(regret, best - value)


def _gauss(M: np.ndarray, rhs: np.ndarray) -> float:  # pragma: no cover - runs compiled
    """Solve ``M x = rhs`` in place (``rhs`` becomes ``x``; ``M`` is overwritten).

    Gaussian elimination with partial pivoting, for the small systems of
    support enumeration (no allocation, no LAPACK call). Returns the smallest
    absolute pivot (the well-posedness measure of ``_well_posed`` in
    ``support_enumeration.py``); a zero pivot returns 0.0 and leaves ``rhs``
    unusable.
    """
    k = M.shape[0]
    smallest = np.inf
    for c in range(k):
        p = c
        best = abs(M[c, c])
        for r in range(c + 1, k):
            if abs(M[r, c]) > best:
                best = abs(M[r, c])
                p = r
        if best == 0.0:
            return 0.0
        if p != c:
            for j in range(k):
                M[c, j], M[p, j] = M[p, j], M[c, j]
            rhs[c], rhs[p] = rhs[p], rhs[c]
        smallest = min(smallest, best)
        for r in range(c + 1, k):
            f = M[r, c] / M[c, c]
            if f != 0.0:
                for j in range(c, k):
                    M[r, j] -= f * M[c, j]
                rhs[r] -= f * rhs[c]
    for c in range(k - 1, -1, -1):
        acc = rhs[c]
        for j in range(c + 1, k):
            acc -= M[c, j] * rhs[j]
        rhs[c] = acc / M[c, c]
    return smallest


def _affine_solve(  # pragma: no cover - runs compiled
    M: np.ndarray, D: np.ndarray, z: np.ndarray, singular: float
) -> bool:
    """Solve the indifference system of block ``M`` shift- and scale-free; see numpy's version.

    ``D`` (k, k) is work space: its first row is all ones and row ``a`` is
    ``M[a] - M[0]``, every row scaled to unit length; ``D y = e_1 / |row 1|``
    gives the mixture ``y``, the value is ``v = M[0] . y`` and ``z = y / v`` is
    written to ``z``. Returns False (``z`` unusable) when a pivot of the
    elimination is at most ``singular``.
    """
    k = M.shape[0]
    for b in range(k):
        D[0, b] = 1.0
    for a in range(1, k):
        for b in range(k):
            D[a, b] = M[a, b] - M[0, b]
    for a in range(k):
        norm = 0.0
        for b in range(k):
            norm += D[a, b] * D[a, b]
        norm = np.sqrt(norm)
        if norm > 0.0:
            for b in range(k):
                D[a, b] /= norm
        z[a] = 0.0
    z[0] = 1.0 / np.sqrt(float(k))
    if not _gauss(D, z) > singular:
        return False
    value = 0.0
    for b in range(k):
        value += M[0, b] * z[b]
    if not value > 0.0:  # always positive for a mixture; otherwise no equilibrium anyway
        return False
    for b in range(k):
        z[b] /= value
    return True


def _mixture(  # pragma: no cover - runs compiled
    sol: np.ndarray, support: np.ndarray, P: np.ndarray, tol: float, out: np.ndarray
) -> bool:
    """Turn a solution of ``M z = 1`` into a mixture and check it is an equilibrium strategy.

    ``z / sum z`` must be non-negative (to ``tol``); it is written, clipped at
    zero, into ``out`` at the indices ``support``. The opponent's payoffs
    ``P`` (one row per opponent strategy, one column per entry of ``out``)
    against it may not exceed the value ``1 / sum z`` by more than ``tol``.
    """
    total = sol.sum()
    if not total > 0:
        return False
    k = support.size
    for b in range(k):
        if sol[b] / total < -tol:
            return False
    for b in range(k):
        out[support[b]] = max(sol[b] / total, 0.0)
    value = 1.0 / total
    for i in range(P.shape[0]):
        u = 0.0
        for b in range(k):
            u += P[i, support[b]] * out[support[b]]
        if u > value + tol:
            return False
    return True


def _next_subset(idx: np.ndarray, size: int) -> bool:  # pragma: no cover - runs compiled
    """Advance ``idx`` to the next k-subset of ``range(size)`` in lexicographic order."""
    k = idx.size
    i = k - 1
    while i >= 0 and idx[i] == size - k + i:
        i -= 1
    if i < 0:
        return False
    idx[i] += 1
    for j in range(i + 1, k):
        idx[j] = idx[j - 1] + 1
    return True


def _support_enumeration(  # pragma: no cover - runs compiled
    A: np.ndarray, B: np.ndarray, tol: float, singular: float
) -> tuple[np.ndarray, np.ndarray]:
    """Check every equal-size support pair in turn; see :func:`support_enumeration_kernel`.

    For supports I (rows) and J (columns) of size k, the column player's
    mixture solves ``A[I, J] z = 1`` (``y = z / sum z``, value ``1 / sum z``)
    and the row player's ``B[I, J]^T w = 1``, each solved in its shift- and
    scale-free form (:func:`_affine_solve`, as in the numpy version); the pair
    is an equilibrium when both systems are well posed, both mixtures are
    non-negative (to ``tol``) and no pure strategy outside the supports does
    better (to ``tol``).
    """
    m, n = A.shape
    cap = 16
    X = np.empty((cap, m))
    Y = np.empty((cap, n))
    found = 0
    top = min(m, n)
    MA = np.empty((top, top))
    MB = np.empty((top, top))
    MD = np.empty((top, top))
    z_all = np.empty(top)
    w_all = np.empty(top)
    for k in range(1, top + 1):
        work_a = MA[:k, :k]
        work_b = MB[:k, :k]
        work_d = MD[:k, :k]
        z = z_all[:k]
        w = w_all[:k]
        rows = np.arange(k)
        more_rows = True
        while more_rows:
            cols = np.arange(k)
            more_cols = True
            while more_cols:
                # A's block and B's block transposed (one row per strategy to
                # make indifferent, one column per mixing strategy).
                for a in range(k):
                    for b in range(k):
                        work_a[a, b] = A[rows[a], cols[b]]
                        work_b[b, a] = B[rows[a], cols[b]]
                ok = _affine_solve(work_a, work_d, z, singular)
                if ok:  # the column player's mixture y on cols; A's rows may not beat it
                    y = np.zeros(n)
                    ok = _mixture(z, cols, A, tol, y)
                if ok:  # the row player's mixture x on rows; B's columns may not beat it
                    ok = _affine_solve(work_b, work_d, w, singular)
                    x = np.zeros(m)
                    if ok:
                        ok = _mixture(w, rows, B.T, tol, x)
                    if ok:
                        if found == cap:
                            cap *= 2
                            X2 = np.empty((cap, m))
                            Y2 = np.empty((cap, n))
                            X2[:found] = X[:found]
                            Y2[:found] = Y[:found]
                            X, Y = X2, Y2
                        X[found] = x / x.sum()
                        Y[found] = y / y.sum()
                        found += 1
                more_cols = _next_subset(cols, n)
            more_rows = _next_subset(rows, m)
    return X[:found].copy(), Y[:found].copy()
