r"""Optional compiled kernel (Numba) for the exact vertex search of vertex enumeration.

:func:`models.games.vertex_enumeration.polytope_vertices` lists the feasible
bases of the lexicographically perturbed polytope
:math:`\{z \ge 0 : C z \le \mathbf 1\}` breadth first, one layer of pivots at
a time (Avis & Fukuda 1992). Its numpy version batches each layer, but a layer
of a 10 x 10 game has only tens to hundreds of bases, so most of its time is
per-call overhead. This kernel runs the same search with the same operations
in the same order:

* every basis of a layer, in order, tries each of its nonbasic variables in
  the order of its nonbasic list; the leaving row comes from the same
  minimum-ratio test with the same relative tie tolerance, ties broken by the
  rows of the basis inverse column by column (the lexicographic rule), the
  first remaining row winning;
* the new bases of the layer are the distinct bitmask keys not seen before,
  in increasing key order, each pivoted from its first generating
  (basis, variable) pair, exactly as :func:`numpy.unique` with
  ``return_index`` orders them;
* each pivot divides the pivot row by the pivot and subtracts its multiples
  elementwise, as :func:`models.games._tableau.pivot_batch` does.

Compiled without fast-math, Numba keeps every IEEE operation as written (no
fused multiply-add, no reassociation), so the kernel returns the same bases in
the same order with the same coordinates, bit for bit (tested against the
numpy version). Keys already seen are kept in an open-addressing hash table.

The kernel is used when Numba is installed (the ``fast`` extra) and the
environment variable ``STANCES_JIT`` is not ``0``. It is compiled on the first
call (a few seconds) and cached on disk next to this module when the directory
is writable; a Numba that cannot compile it is reported by a warning and the
numpy version is used.

References
----------
.. [1] Avis, D., & Fukuda, K. (1992). A pivoting algorithm for convex hulls and
   vertex enumeration of arrangements and polyhedra. *Discrete & Computational
   Geometry*, 8(3), 295-313.
.. [2] Lam, S. K., Pitrou, A. & Seibert, S. (2015). Numba: a LLVM-based Python
   JIT compiler. Proceedings of the 2nd Workshop on the LLVM Compiler
   Infrastructure in HPC.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from models._jitflag import compile_kernels, jit_allowed

__all__ = ["vertex_search_kernel"]


def vertex_search_kernel() -> Callable[..., Any] | None:
    """Return the compiled breadth-first vertex search, or None to use numpy.

    The kernel's signature is ``(C, max_bases, eps, tie) -> (points,
    n_found)``: the positive constraint matrix ``C`` (c, d) with ``c + d <=
    64``, the largest number of bases to explore, the pivot tolerance and the
    relative tie tolerance of the ratio test. ``points`` (n_found, d) are the
    basic solutions in the order of
    :func:`models.games.vertex_enumeration.polytope_vertices`; ``n_found`` is
    ``-1`` when more than ``max_bases`` bases were found (``points`` is then
    unusable).

    Returns
    -------
    callable or None
        None when Numba is missing, ``STANCES_JIT`` is ``0`` (or ``false``,
        ``no``, ``off``) or the kernel does not compile.

    Examples
    --------
    >>> kernel = vertex_search_kernel()
    >>> kernel is None or callable(kernel)
    True
    """
    if not jit_allowed(os.environ.get("STANCES_JIT")):
        return None
    return _compiled()


@lru_cache(maxsize=1)
def _compiled() -> Callable[..., Any] | None:
    """Compile the kernel (or load it from the disk cache); None without a working Numba."""
    return compile_kernels("the vertex-search kernel", __file__, _build)


def _build(numba: Any, cache: bool) -> Callable[..., Any]:
    """Compile :func:`_search` with an explicit signature."""
    t = numba.types
    mat = t.Array(t.float64, 2, "C", readonly=True)
    out = t.Tuple((t.float64[:, ::1], t.int64))
    kernel: Callable[..., Any] = numba.njit(
        out(mat, t.int64, t.float64, t.float64), cache=cache, nogil=True
    )(_search)
    return kernel


# The function below is plain Python over numpy arrays, written in the subset
# Numba compiles; it is only ever called compiled.
def _search(  # pragma: no cover - runs compiled
    C: np.ndarray, max_bases: int, eps: float, tie: float
) -> tuple[np.ndarray, int]:
    """Breadth-first search over the lexicographically feasible bases; see the module."""
    c, d = C.shape
    n_var = d + c
    width = n_var + 1
    bits = np.empty(n_var, dtype=np.uint64)
    for v in range(n_var):
        bits[v] = np.uint64(1) << np.uint64(v)
    # The first layer: the slack basis at the origin.
    tabs = np.zeros((1, c, width))
    heads = np.empty((1, c), dtype=np.int64)
    nonbasic = np.empty((1, d), dtype=np.int64)
    keys = np.empty(1, dtype=np.uint64)
    key0 = np.uint64(0)
    for i in range(c):
        for j in range(d):
            tabs[0, i, j] = C[i, j]
        tabs[0, i, d + i] = 1.0
        tabs[0, i, n_var] = 1.0
        heads[0, i] = d + i
        key0 |= bits[d + i]
    for j in range(d):
        nonbasic[0, j] = j
    keys[0] = key0
    # Keys seen so far: open addressing, 0 marks an empty slot (a key is never 0).
    # Fibonacci hashing: the top log2(size) bits of key * 2^64 / golden ratio.
    size = 1024  # doubled whenever it would be more than half full
    shift = np.uint64(54)
    table = np.zeros(size, dtype=np.uint64)
    mask = np.uint64(size - 1)
    golden = np.uint64(0x9E3779B97F4A7C15)
    slot = (key0 * golden) >> shift
    table[slot] = key0
    n_seen = 1
    points = np.zeros((64, d))
    n_found = 1
    col = np.empty(c)
    ratio = np.empty(c)
    ok = np.empty(c, dtype=np.bool_)
    while tabs.shape[0] > 0:
        f = tabs.shape[0]
        c_key = np.empty(f * d, dtype=np.uint64)
        c_par = np.empty(f * d, dtype=np.int64)
        c_row = np.empty(f * d, dtype=np.int64)
        c_enter = np.empty(f * d, dtype=np.int64)
        c_leave = np.empty(f * d, dtype=np.int64)
        n_cand = 0
        for p in range(f):
            T = tabs[p]
            for s in range(d):
                e = nonbasic[p, s]
                any_ok = False
                for i in range(c):
                    col[i] = T[i, e]
                    ok[i] = col[i] > eps
                    any_ok = any_ok or ok[i]
                if not any_ok:
                    continue
                best = np.inf
                for i in range(c):
                    if ok[i]:
                        ratio[i] = T[i, n_var] / col[i]
                        if ratio[i] < best:
                            best = ratio[i]
                limit = best + tie * (1.0 + abs(best))
                n_tied = 0
                row = -1
                for i in range(c):
                    if ok[i] and ratio[i] <= limit:
                        if row < 0:
                            row = i
                        n_tied += 1
                    else:
                        ok[i] = False
                if n_tied > 1:  # the lexicographic rule: the rows of the basis inverse
                    for j in range(d, n_var):
                        low = np.inf
                        for i in range(c):
                            if ok[i]:
                                ratio[i] = T[i, j] / col[i]
                                if ratio[i] < low:
                                    low = ratio[i]
                        limit = low + tie * (1.0 + abs(low))
                        n_tied = 0
                        row = -1
                        for i in range(c):
                            if ok[i] and ratio[i] <= limit:
                                if row < 0:
                                    row = i
                                n_tied += 1
                            else:
                                ok[i] = False
                        if n_tied <= 1:
                            break
                leave = heads[p, row]
                c_key[n_cand] = keys[p] ^ bits[e] ^ bits[leave]
                c_par[n_cand] = p
                c_row[n_cand] = row
                c_enter[n_cand] = e
                c_leave[n_cand] = leave
                n_cand += 1
        # Distinct new keys in increasing order, each from its first candidate.
        order = np.argsort(c_key[:n_cand], kind="mergesort")
        pick = np.empty(n_cand, dtype=np.int64)
        n_new = 0
        for t in range(n_cand):
            q = order[t]
            key = c_key[q]
            if t > 0 and c_key[order[t - 1]] == key:
                continue
            slot = (key * golden) >> shift
            fresh = True
            while table[slot] != 0:
                if table[slot] == key:
                    fresh = False
                    break
                slot = (slot + np.uint64(1)) & mask
            if fresh:
                pick[n_new] = q
                n_new += 1
        if n_new == 0:
            break
        n_found += n_new
        if n_found > max_bases:
            return np.zeros((0, d)), -1
        if 2 * (n_seen + n_new) > size:  # grow the table, rehashing every key
            old = table
            while 2 * (n_seen + n_new) > size:
                size *= 2
                shift -= np.uint64(1)
            table = np.zeros(size, dtype=np.uint64)
            mask = np.uint64(size - 1)
            for key in old:
                if key != 0:
                    slot = (key * golden) >> shift
                    while table[slot] != 0:
                        slot = (slot + np.uint64(1)) & mask
                    table[slot] = key
        if n_found > points.shape[0]:
            grown = np.zeros((max(2 * points.shape[0], n_found), d))
            grown[: n_found - n_new] = points[: n_found - n_new]
            points = grown
        new_tabs = np.empty((n_new, c, width))
        new_heads = np.empty((n_new, c), dtype=np.int64)
        new_nonbasic = np.empty((n_new, d), dtype=np.int64)
        new_keys = np.empty(n_new, dtype=np.uint64)
        prow = np.empty(width)
        for k in range(n_new):
            q = pick[k]
            key = c_key[q]
            slot = (key * golden) >> shift
            while table[slot] != 0:
                slot = (slot + np.uint64(1)) & mask
            table[slot] = key
            n_seen += 1
            new_keys[k] = key
            p, r, e, leave = c_par[q], c_row[q], c_enter[q], c_leave[q]
            T = tabs[p]
            U = new_tabs[k]
            piv = T[r, e]
            for j in range(width):
                prow[j] = T[r, j] / piv
            for i in range(c):
                f_i = T[i, e]
                for j in range(width):
                    U[i, j] = T[i, j] - f_i * prow[j]
            for j in range(width):
                U[r, j] = prow[j]
            for i in range(c):
                new_heads[k, i] = heads[p, i]
            new_heads[k, r] = e
            for s in range(d):
                v = nonbasic[p, s]
                new_nonbasic[k, s] = leave if v == e else v
            row_out = n_found - n_new + k
            for i in range(c):
                h = new_heads[k, i]
                if h < d:
                    v = U[i, n_var]
                    points[row_out, h] = v if v > 0.0 else 0.0
        tabs, heads, nonbasic, keys = new_tabs, new_heads, new_nonbasic, new_keys
    return points[:n_found].copy(), n_found
