r"""Coalitional improvements from every state in :math:`O(n + \text{moves})` memory.

Coalition :math:`H` has a *coalitional improvement* from state :math:`s` when
some :math:`t \in R_H(s)`, a state reachable from :math:`s` by a legal sequence
of the members' unilateral moves (at least one move, none by the same member
twice in succession; :mod:`models.gmcr.reachability`), has :math:`P_i(t) >
P_i(s)` for every :math:`i \in H` (Inohara and Hipel 2008). Three steps, none
building the :math:`n \times n` reachability relation:

1. **Screening.** For each member :math:`i`, :math:`b_i(s) = \max_{t \in
   R_H(s)} P_i(t)` for every :math:`s` at once, by the fixed point of
   :func:`~models.gmcr.reachability.worst_reachable`; only the *candidates*
   with :math:`b_i(s) > P_i(s)` for every member can have an improvement.
2. **Thresholds** (few payoff levels, e.g. option prioritisation). Pick a free
   member :math:`h`; the candidates sharing the payoffs :math:`a =
   (P_i(s))_{i \ne h}` of the other members form one group, and for that group

   .. math:: g_a(s) = \max \{P_h(t) : t \in R_H(s),\ P_i(t) > a_i
             \ \forall i \ne h\}

   is again one worst-reachable fixed point (the value :math:`-P_h(t)` where
   :math:`t` clears every threshold, :math:`+\infty` elsewhere): :math:`s` has
   an improvement iff :math:`g_a(s) > P_h(s)`. The work is :math:`O(n \times
   \text{sweeps})` per group for members held as blocks
   (:mod:`models.gmcr.blocks`), :math:`O(\text{moves} \times \text{sweeps})`
   otherwise.
3. **Search** (many groups). Breadth-first search over (state, last mover)
   pairs from each candidate, so that no member moves twice in succession,
   stopping at the first state every member prefers; many candidates are
   searched together, the frontier held as index arrays and the visited pairs
   as one byte per (candidate, state, member), batches sized to ``max_bytes``.

Both the threshold and the search step give exactly the set defined above
(tests compare them with the :math:`n \times n` bit matrix of
:func:`~models.gmcr.reachability.coalition_reach`).

References
----------
Inohara, T., & Hipel, K. W. (2008). Coalition analysis in the graph model for
conflict resolution. *Systems Engineering*, 11(4), 343-359.

Fang, L., Hipel, K. W., & Kilgour, D. M. (1993). *Interactive Decision Making:
The Graph Model for Conflict Resolution*. New York: Wiley.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from models.gmcr.blocks import Blocks
from models.gmcr.reachability import Edges, worst_reachable

__all__ = ["coalition_improvements", "search_bytes"]

_MAX_GROUPS = 256  # threshold groups beyond which the search step is used


def search_bytes(n_states: int, n_members: int) -> int:
    """Bytes of working memory :func:`coalition_improvements` needs at least.

    The screening and threshold steps hold a few arrays of ``n_states``
    floats per member and per sweep (the reachable-value fixed point, and the
    prefix and suffix minima of blocks padded to at most four cells per
    state); the search holds at least one candidate's visited pairs.

    Parameters
    ----------
    n_states : int
    n_members : int

    Returns
    -------
    int

    Examples
    --------
    >>> search_bytes(2**20, 2)
    150994944
    """
    return 8 * n_states * (n_members + 16)


def coalition_improvements(
    moves: Sequence[Edges | None],
    payoffs: NDArray[np.float64],
    *,
    blocks: Sequence[Blocks | None] | None = None,
    max_bytes: int = 256 * 2**20,
    method: Literal["auto", "thresholds", "search"] = "auto",
) -> NDArray[np.bool_]:
    r"""Tell for each state whether the coalition has a coalitional improvement from it.

    Parameters
    ----------
    moves : sequence of (ndarray, ndarray) or None
        For each member, its moves (source, target, from 0, sources sorted);
        may be ``None`` for a member given in ``blocks``.
    payoffs : ndarray of shape (n_states, n_members)
        The members' payoffs.
    blocks : sequence of Blocks or None, optional
        The members' moves as :class:`~models.gmcr.blocks.Blocks` where they
        have that form; used in place of ``moves`` (the same answer).
    max_bytes : int
        Bound on the working memory beyond the moves; checked before any
        allocation.
    method : {'auto', 'thresholds', 'search'}
        Step 2 or step 3 of the module docstring for the candidates left by
        screening; ``'auto'`` takes the thresholds when there are at most 256
        groups. The answer does not depend on it.

    Returns
    -------
    ndarray of shape (n_states,), dtype bool

    Raises
    ------
    ValueError
        If ``max_bytes`` is below :func:`search_bytes` (the message names
        both sizes and the number of states), or a member has neither moves
        nor blocks.

    Examples
    --------
    Two members alternate along 0 -> 1 -> 2; only state 2 is better for both:

    >>> a = (np.array([0]), np.array([1]))
    >>> b = (np.array([1]), np.array([2]))
    >>> p = np.array([[0.0, 0.0], [0.0, 5.0], [1.0, 1.0]])
    >>> coalition_improvements([a, b], p).tolist()
    [True, False, False]
    >>> coalition_improvements([a, b], p, method="search").tolist()
    [True, False, False]
    """
    n, m = payoffs.shape
    need = search_bytes(n, m)
    if need > max_bytes:
        raise ValueError(
            f"Coalition analysis of {n:,} states and {m} members needs at least {need:,} "
            f"bytes ({need / 2**20:.1f} MiB) of working memory; max_bytes is {max_bytes:,}. "
            "Raise max_bytes."
        )
    shape = list(blocks) if blocks is not None else [None] * m
    empty: Edges = (np.empty(0, np.int32), np.empty(0, np.int32))
    edges: list[Edges] = []
    for k in range(m):
        given = moves[k]
        if shape[k] is None and given is None:
            raise ValueError(f"Coalition member {k} has neither moves nor blocks.")
        edges.append(empty if shape[k] is not None or given is None else given)

    def best(values: NDArray[np.float64]) -> NDArray[np.float64]:
        """``max over R_H(s)`` of ``values`` for every state (``-inf``: reaches nothing)."""
        out: NDArray[np.float64] = -worst_reachable(edges, -values, n, blocks=shape)
        return out

    cand = np.ones(n, dtype=bool)
    for i in range(m):
        cand &= best(payoffs[:, i]) > payoffs[:, i]
    has = np.zeros(n, dtype=bool)
    idx = np.flatnonzero(cand)
    if m == 1 or idx.size == 0:
        return cand
    levels = [np.unique(payoffs[idx, k]).size for k in range(m)]
    free = int(np.argmax(levels))
    rest = [k for k in range(m) if k != free]
    unique: Any = np.unique  # (the stubs have no overload for axis with return_inverse)
    keys, group = unique(payoffs[idx][:, rest], axis=0, return_inverse=True)
    group = np.asarray(group).ravel()
    if method == "thresholds" or (method == "auto" and keys.shape[0] <= _MAX_GROUPS):
        order = np.argsort(group, kind="stable")
        bounds = np.searchsorted(group[order], np.arange(keys.shape[0] + 1))
        for g in range(keys.shape[0]):
            sel = idx[order[bounds[g]:bounds[g + 1]]]
            clear = np.all(payoffs[:, rest] > keys[g], axis=1)
            top = best(np.where(clear, payoffs[:, free], -np.inf))
            has[sel] = top[sel] > payoffs[sel, free]
        return has
    graphs = [_csr(e, n) if b is None else b for e, b in zip(edges, shape, strict=True)]
    has[idx] = _search(graphs, payoffs, idx, max_bytes)
    return has


def _csr(edges: Edges, n: int) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
    """Row pointers and targets of moves whose sources are sorted."""
    src, dst = edges
    return np.searchsorted(src, np.arange(n + 1)).astype(np.int64), dst


def _neighbours(
    graph: Blocks | tuple[NDArray[np.int64], NDArray[np.int32]],
    states: NDArray[np.int64],
    n: int,
) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Every move from ``states``: (position in ``states``, target)."""
    if isinstance(graph, Blocks):
        width = graph.grid.shape[1]
        rows = graph.grid[graph.cell[states] // width]
        pos, col = np.nonzero((rows != n) & (rows != states[:, None]))
        return pos, rows[pos, col].astype(np.int64)
    indptr, indices = graph
    lo = indptr[states]
    count = indptr[states + 1] - lo
    pos = np.repeat(np.arange(states.size), count)
    offsets = np.arange(pos.size) - np.repeat(np.cumsum(count) - count, count)
    return pos, indices[offsets + np.repeat(lo, count)].astype(np.int64)


def _degree(graph: Blocks | tuple[NDArray[np.int64], NDArray[np.int32]]) -> int:
    """Largest number of moves from one state."""
    if isinstance(graph, Blocks):
        return int(graph.grid.shape[1])
    indptr = graph[0]
    return int(np.diff(indptr).max()) if indptr.size > 1 else 0


def _expand(
    graphs: Sequence[Blocks | tuple[NDArray[np.int64], NDArray[np.int32]]],
    visited: NDArray[np.bool_],
    f: NDArray[np.int64],
    t: NDArray[np.int64],
    k: NDArray[np.int64],
    n: int,
    m: int,
) -> list[NDArray[np.int64]]:
    """Return the unvisited nodes one move from nodes ``(f, t, k)``, by mover; mark them."""
    out = []
    for j, graph in enumerate(graphs):
        allowed = k != j  # no member moves twice in succession
        pos, u = _neighbours(graph, t[allowed], n)
        key = (f[allowed][pos] * n + u) * m + j
        key = np.unique(key[~visited[key]])
        visited[key] = True
        out.append(key)
    return out


def _search(
    graphs: Sequence[Blocks | tuple[NDArray[np.int64], NDArray[np.int32]]],
    payoffs: NDArray[np.float64],
    focal: NDArray[np.intp],
    max_bytes: int,
) -> NDArray[np.bool_]:
    """Breadth-first search over (state, last mover) from each focal state, in batches.

    A node ``(b, t, k)``, focal state ``b`` of the batch at state ``t`` with
    ``k`` the last mover, is the key ``(b * n + t) * m + k``. Per focal state
    the batch holds one visited byte and at most two frontier keys (8 bytes
    each) per node, and the frontier is expanded in chunks: about
    ``17 * n * m`` bytes per focal state, three quarters of ``max_bytes``.
    """
    n, m = payoffs.shape
    nodes = n * m
    per_batch = max(1, min(focal.size, (max_bytes * 3 // 4) // (17 * nodes)))
    # Expanded moves per chunk: about a quarter of max_bytes at ~32 bytes each.
    chunk = max(1, (max_bytes // 128) // max(1, max(_degree(g) for g in graphs)))
    found = np.zeros(focal.size, dtype=bool)
    for b0 in range(0, focal.size, per_batch):
        batch = focal[b0:b0 + per_batch].astype(np.int64)
        visited = np.zeros(batch.size * nodes, dtype=bool)
        done = np.zeros(batch.size, dtype=bool)
        mine = payoffs[batch]

        start = np.arange(batch.size, dtype=np.int64)
        front = np.concatenate(_expand(graphs, visited, start, batch,
                                       np.full(batch.size, m, dtype=np.int64), n, m))
        while front.size:
            parts: list[NDArray[np.int64]] = []
            for c0 in range(0, front.size, chunk):
                f, rem = np.divmod(front[c0:c0 + chunk], nodes)
                t, k = np.divmod(rem, m)
                better = np.all(payoffs[t] > mine[f], axis=1)
                done[f[better]] = True
                live = ~done[f]
                parts += _expand(graphs, visited, f[live], t[live], k[live], n, m)
            front = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        found[b0:b0 + batch.size] = done
    return found
