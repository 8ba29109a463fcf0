r"""Unilateral moves, legal sequences and coalition reachable lists of a graph model.

Decision maker :math:`i` controls the directed graph :math:`(S, A_i)` of its
*unilateral moves*; :math:`R_i(s) = \{t : (s, t) \in A_i\}` are the states it
reaches in one move and :math:`R_i^+(s) = \{t \in R_i(s) : P_i(t) > P_i(s)\}`
its *unilateral improvements*.

**Legal sequences.** For a coalition :math:`H \subseteq N`, :math:`R_H(s)` is
the set of states reachable from :math:`s` by a *legal sequence* of unilateral
moves by members of :math:`H`: a finite sequence of at least one move in which
no decision maker moves twice in succession (a decision maker's two moves in a
row are one move of the graph). :math:`R_H^+(s)` is the same with every move a
unilateral improvement for the member who makes it (Fang, Hipel and Kilgour
1993, ch. 3; Kilgour and Hipel 2005). A member may move again after another
has moved (``j, k, j`` is legal). The GMCR+ engine (Kinsara et al. 2015; its
open-source code) lets each member move at most once; with three or more
decision makers that can remove a sanction and so make fewer states GMR, SMR
or SEQ stable than here. On the Elmira conflict the two agree on every state,
decision maker and concept (tests).

Four computations over legal sequences; all but :func:`coalition_reach` (the
reference for tests and small models) need memory :math:`O(n \times |H| +
\text{moves})` only:

* :func:`worst_reachable`: :math:`\min_{t \in R_H(s)} v(t)` for every
  :math:`s` at once, the fixed point of

  .. math:: f_j(s) = \min_{t \in R_j(s)} \min\bigl(v(t),
            \min_{l \in H, l \ne j} f_l(t)\bigr),

  the value reachable by legal sequences whose first mover is :math:`j`; the
  work is :math:`O(\text{moves} \times \text{sweeps})`, or :math:`O(n \times
  \text{sweeps})` for a member whose moves are complete digraphs on blocks of
  states (:class:`Blocks`: option form with reversible options, where the
  minimum over :math:`R_j(s)` is a minimum over the rest of the block, and
  over :math:`R_j^+(s)` a prefix minimum of the block sorted by payoff;
  :mod:`models.gmcr.blocks`, whose names this module re-exports).
* :func:`coalition_reach`: the sets :math:`R_H(s)` themselves, as packed bit
  rows, by the same fixed point with union in place of minimum;
  :math:`n^2 / 8` bytes, so kept only as the reference that
  :func:`coalition_improvement` is tested against.
* :func:`coalition_improvement`: whether :math:`R_H(s)` holds a state every
  member strictly prefers to :math:`s`, for every :math:`s`, without the
  :math:`n \times n` matrix (a second reference now:
  :func:`~models.gmcr.coalitions.coalition_stability` uses
  :func:`models.gmcr.coalition_search.coalition_improvements`, whose time does
  not grow as :math:`n^2`): the sources are taken in blocks of :math:`b`
  (a multiple of 64), and for each block the set of block sources that reach
  each state is propagated forward by semi-naive evaluation of

  .. math:: L_j(t) = \bigcup_{(s', t) \in A_j} \Bigl(\{s'\} \cap B
            \;\cup \bigcup_{l \in H, l \ne j} L_l(s')\Bigr),

  the block sources from which a legal sequence whose last mover is :math:`j`
  ends at :math:`t`. Memory is :math:`O(n \, |H| \, b / 8)` bytes; each
  round touches only the moves whose source gained a bit in the round before.
* :func:`legal_bfs`: breadth-first search over pairs (state, last mover), so
  that no decision maker moves twice in succession, giving shortest legal
  paths from one state (the "coloured path" of Xu et al. 2010).

References
----------
Fang, L., Hipel, K. W., & Kilgour, D. M. (1993). *Interactive Decision Making:
The Graph Model for Conflict Resolution*. New York: Wiley.

Kilgour, D. M., & Hipel, K. W. (2005). The graph model for conflict resolution:
past, present, and future. *Group Decision and Negotiation*, 14(6), 441-460.

Kinsara, R. A., Petersons, O., Hipel, K. W., & Kilgour, D. M. (2015). Advanced
decision support for the graph model for conflict resolution. *Journal of
Decision Systems*, 24(2), 117-145.

Xu, H., Kilgour, D. M., Hipel, K. W., & Kemkes, G. (2010). Using matrices to
link conflict evolution and resolution in a graph model. *European Journal of
Operational Research*, 207(1), 318-329.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models.gmcr.blocks import Blocks, block_min, improvement_blocks, move_blocks

__all__ = [
    "Blocks",
    "Edges",
    "any_improvement",
    "block_min",
    "coalition_improvement",
    "coalition_reach",
    "improvement_blocks",
    "improving",
    "legal_bfs",
    "move_blocks",
    "path_to",
    "unilateral_moves",
    "worst_reachable",
]

Edges = tuple[NDArray[np.int32], NDArray[np.int32]]
"""One decision maker's moves as (source, target) arrays of 0-based states."""


def unilateral_moves(
    moves: Sequence[NDArray[np.int32]],
    payoffs: NDArray[np.float64],
    *,
    improvements: bool = False,
) -> list[Edges]:
    """Return each decision maker's unilateral moves (or improvements), 0-based.

    Parameters
    ----------
    moves : sequence of ndarray of shape (n_moves, 2)
        For each decision maker, its moves as (from, to) state numbers counted
        from 1 (int32) (:attr:`GraphModel.moves <models.gmcr.GraphModel.moves>`).
    payoffs : ndarray of shape (n_states, n_decision_makers)
    improvements : bool
        Keep only the moves to a state the mover strictly prefers.

    Returns
    -------
    list of (ndarray, ndarray)
        For each decision maker, the sources and targets (from 0), in the
        order of ``moves``.

    Examples
    --------
    >>> src, dst = unilateral_moves([np.array([[1, 2], [2, 1]])], np.array([[0.0], [1.0]]),
    ...                             improvements=True)[0]
    >>> src.tolist(), dst.tolist()
    ([0], [1])
    """
    out: list[Edges] = []
    step = 2**22
    for i, pairs in enumerate(moves):
        if improvements:  # filter first, in chunks: no 0-based copy of every move
            up = np.empty(len(pairs), dtype=bool)
            padded = np.r_[np.inf, payoffs[:, i]]  # index by the 1-based state
            for lo in range(0, len(pairs), step):
                chunk = pairs[lo:lo + step]
                np.greater(padded[chunk[:, 1]], padded[chunk[:, 0]], out=up[lo:lo + step])
            src = pairs[up, 0].astype(np.int32, copy=False)  # a fresh array already
            dst = pairs[up, 1].astype(np.int32, copy=False)
        else:
            src = pairs[:, 0].astype(np.int32)
            dst = pairs[:, 1].astype(np.int32)
        src -= 1
        dst -= 1
        out.append((src, dst))
    return out


def improving(
    src: NDArray[np.int32], dst: NDArray[np.int32], payoff: NDArray[np.float64]
) -> Edges:
    """Keep the moves to a state the mover strictly prefers (compared in chunks).

    Parameters
    ----------
    src, dst : ndarray of shape (n_moves,)
        One decision maker's moves (from 0).
    payoff : ndarray of shape (n_states,)
        Its payoffs.

    Returns
    -------
    (ndarray, ndarray)

    Examples
    --------
    >>> src, dst = improving(np.array([0, 1]), np.array([1, 0]), np.array([0.0, 1.0]))
    >>> src.tolist(), dst.tolist()
    ([0], [1])
    """
    up = np.empty(src.size, dtype=bool)
    step = 2**22
    for lo in range(0, src.size, step):
        hi = min(src.size, lo + step)
        np.greater(payoff[dst[lo:hi]], payoff[src[lo:hi]], out=up[lo:hi])
    return src[up], dst[up]


def worst_reachable(
    edges: Sequence[Edges],
    values: NDArray[np.float64],
    n: int,
    *,
    blocks: Sequence[Blocks | None] | None = None,
) -> NDArray[np.float64]:
    r"""Minimum of ``values`` over the states each state reaches by legal sequences.

    Parameters
    ----------
    edges : sequence of (ndarray, ndarray)
        The moves (source, target, from 0, sources sorted) of each coalition
        member.
    values : ndarray of shape (n,)
        The value :math:`v(t)` of each state.
    n : int
        Number of states.
    blocks : sequence of Blocks or None, optional
        The same moves as :class:`Blocks` where they have that form
        (:func:`move_blocks`), used in place of ``edges``: :math:`O(n)` per
        sweep instead of :math:`O(\text{moves})`, the same answer.

    Returns
    -------
    ndarray of shape (n,)
        :math:`\min_{t \in R_H(s)} v(t)` for each state ``s``; ``inf`` where
        a state reaches nothing.

    Examples
    --------
    Two members alternate along 0 -> 1 -> 2 (one may not move twice in a row):

    >>> a = (np.array([0]), np.array([1]))
    >>> b = (np.array([1]), np.array([2]))
    >>> worst_reachable([a, b], np.array([5.0, 4.0, 1.0]), 3).tolist()
    [1.0, 1.0, inf]
    >>> worst_reachable([a, a], np.array([5.0, 4.0, 1.0]), 3).tolist()
    [4.0, inf, inf]
    """
    m = len(edges)
    if m == 0:
        return np.full(n, np.inf)
    shape = [None if blocks is None else blocks[j] for j in range(m)]
    groups: dict[int, tuple[NDArray[np.intp], NDArray[np.int32]]] = {}

    def neighbour_min(j: int, x: NDArray[np.float64]) -> NDArray[np.float64]:
        found = shape[j]
        if found is not None:
            return block_min(found, x)
        out = np.full(n, np.inf)
        src, dst = edges[j]
        if src.size:
            if j not in groups:
                starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
                groups[j] = (starts, src[starts])
            starts, rows = groups[j]
            out[rows] = np.minimum.reduceat(x[dst], starts)
        return out

    first = np.full((m, n), np.inf)  # first[j, s]: min over sequences starting with j
    while True:
        changed = False
        for j in range(m):
            x = values
            for k in range(m):
                if k != j:
                    x = np.minimum(x, first[k])
            new = neighbour_min(j, x)
            if not np.array_equal(new, first[j]):
                first[j] = new
                changed = True
        if not changed or m == 1:
            out: NDArray[np.float64] = first.min(axis=0)
            return out


def _spread(src: NDArray[np.int32], dst: NDArray[np.int32], rows: NDArray[np.uint64]) -> Any:
    """Packed bit rows ``out[k] = OR of rows[t] over the moves (k, t)``; ``src`` sorted."""
    out = np.zeros_like(rows)
    if src.size == 0:
        return out
    starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    ends = np.r_[starts[1:], src.size]
    chunk = max(1, 2**22 // rows.shape[1])  # about 32 MB of gathered rows at a time
    g = 0
    while g < starts.size:
        h = int(np.searchsorted(ends, starts[g] + chunk, side="right"))
        h = max(h, g + 1)
        e0, e1 = int(starts[g]), int(ends[h - 1])
        gathered = rows[dst[e0:e1]]
        out[src[starts[g:h]]] = np.bitwise_or.reduceat(gathered, starts[g:h] - e0, axis=0)
        g = h
    return out


def coalition_reach(
    edges: Sequence[Edges], n: int, *, max_bytes: int = 2**32
) -> NDArray[np.uint64]:
    r"""Return the coalition's reachable lists :math:`R_H(s)` as a packed bit matrix.

    Parameters
    ----------
    edges : sequence of (ndarray, ndarray)
        The moves (source, target, from 0, sources sorted) of each member.
    n : int
        Number of states.
    max_bytes : int, default 4 GiB
        Bound on the bit matrices held at once (one per member and three
        more, :math:`n^2 / 8` bytes each).

    Returns
    -------
    ndarray of shape (n, ceil(n / 64)), dtype uint64
        Bit ``t`` of row ``s`` (little-endian 64-bit words) is set when a legal
        sequence leads from ``s`` to ``t``. ``first[j]`` holds the states
        reachable by legal sequences whose first mover is ``j``, the fixed point
        of ``first[j](s) = OR over moves (s, t) of j of ({t} | first[l](t), l != j)``.

    Raises
    ------
    ValueError
        If the matrices would exceed ``max_bytes`` (checked before allocating;
        the message names the size).

    Examples
    --------
    >>> a = (np.array([0]), np.array([1]))
    >>> b = (np.array([1]), np.array([2]))
    >>> coalition_reach([a, b], 3)[:, 0].tolist()
    [6, 4, 0]
    """
    words = (n + 63) // 64
    need = n * words * 8 * (len(edges) + 3)
    if need > max_bytes:
        raise ValueError(
            f"The reachability matrices of {n:,} states and {len(edges)} members need "
            f"{need:,} bytes ({need / 2**30:.1f} GiB); max_bytes is {max_bytes:,}. Use "
            "models.gmcr.coalition_search.coalition_improvements, which needs no such matrix."
        )
    diag = np.zeros((n, words), dtype=np.uint64)
    idx = np.arange(n)
    diag[idx, idx // 64] = np.left_shift(np.uint64(1), (idx % 64).astype(np.uint64))
    first = [_spread(src, dst, diag) for src, dst in edges]
    if len(first) > 1:
        while True:
            changed = False
            for j, (src, dst) in enumerate(edges):
                rest = diag.copy()
                for k, other in enumerate(first):
                    if k != j:
                        rest |= other
                new = _spread(src, dst, rest)
                if not np.array_equal(new, first[j]):
                    first[j] = new
                    changed = True
            if not changed:
                break
    out = np.zeros((n, words), dtype=np.uint64)
    for other in first:
        out |= other
    return out


def any_improvement(
    reach: NDArray[np.uint64], payoffs: NDArray[np.float64], block: int = 512
) -> NDArray[np.bool_]:
    """Tell for each state ``s`` whether a reachable ``t`` is better in every payoff column.

    Parameters
    ----------
    reach : ndarray of shape (n, ceil(n / 64)), dtype uint64
        Reachable lists from :func:`coalition_reach`.
    payoffs : ndarray of shape (n, n_members)
        The members' payoffs.
    block : int
        Rows unpacked at a time.

    Returns
    -------
    ndarray of shape (n,), dtype bool

    Examples
    --------
    >>> reach = np.array([[2], [0]], dtype=np.uint64)  # state 0 reaches state 1
    >>> any_improvement(reach, np.array([[0.0, 0.0], [1.0, 1.0]])).tolist()
    [True, False]
    """
    n = payoffs.shape[0]
    has = np.zeros(n, dtype=bool)
    as_bytes = reach.astype("<u8", copy=False).view(np.uint8)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        bits = np.unpackbits(as_bytes[lo:hi], axis=1, bitorder="little")[:, :n].astype(bool)
        for k in range(payoffs.shape[1]):
            bits &= payoffs[None, :, k] > payoffs[lo:hi, None, k]
        has[lo:hi] = bits.any(axis=1)
    return has


def _block_bytes(n: int, n_members: int) -> int:
    """Bytes per 64-source word of one block of :func:`coalition_improvement`."""
    return (2 * n_members + 9) * n * 8


def coalition_improvement(
    edges: Sequence[Edges],
    payoffs: NDArray[np.float64],
    *,
    max_bytes: int = 256 * 2**20,
    blocks: Sequence[Blocks | None] | None = None,
) -> NDArray[np.bool_]:
    r"""Tell for each state whether the coalition has a coalitional improvement from it.

    State :math:`s` has one when some :math:`t \in R_H(s)` (legal sequences of
    the members' moves, none moving twice in succession) has
    :math:`P_i(t) > P_i(s)` for every member :math:`i`. The answer equals
    ``any_improvement(coalition_reach(edges, n), payoffs)`` but the
    :math:`n \times n` reachability matrix is never built: sources are taken
    in blocks sized to ``max_bytes`` (module docstring).

    Parameters
    ----------
    edges : sequence of (ndarray, ndarray)
        The moves (source, target, from 0) of each member.
    payoffs : ndarray of shape (n, n_members)
        The members' payoffs.
    max_bytes : int
        Upper bound on the working memory of one block, beyond the moves
        themselves.
    blocks : sequence of Blocks or None, optional
        The members' moves as :class:`Blocks` where they have that form
        (:func:`move_blocks`), used in place of ``edges``: bits are pushed
        within each block by prefix and suffix ORs, :math:`O(n)` words per
        round instead of :math:`O(\text{moves})`; the same answer.

    Returns
    -------
    ndarray of shape (n,), dtype bool

    Raises
    ------
    ValueError
        If even a block of 64 sources needs more than ``max_bytes``; the
        message names both sizes.

    Examples
    --------
    Two members alternate along 0 -> 1 -> 2; only state 2 is better for both:

    >>> a = (np.array([0]), np.array([1]))
    >>> b = (np.array([1]), np.array([2]))
    >>> p = np.array([[0.0, 0.0], [0.0, 5.0], [1.0, 1.0]])
    >>> coalition_improvement([a, b], p).tolist()
    [True, False, False]
    """
    n, m = payoffs.shape
    per_word = _block_bytes(n, m)
    if per_word > max_bytes:
        raise ValueError(
            f"Coalition analysis of {n} states and {m} members needs at least "
            f"{per_word:,} bytes ({per_word / 2**20:.1f} MiB) of working memory for a block "
            f"of 64 source states; max_bytes is {max_bytes:,}. Raise max_bytes."
        )
    total_words = (n + 63) // 64
    w = int(min(total_words, max_bytes // per_word))
    # Moves sorted by target, so that pushing bits forward is a grouped OR.
    rev: list[Edges | Blocks] = []
    for j, (src, dst) in enumerate(edges):
        shape = None if blocks is None else blocks[j]
        if shape is not None:
            rev.append(shape)
            continue
        order = np.argsort(dst, kind="stable")
        rev.append((dst[order], src[order]))
    has = np.zeros(n, dtype=bool)
    for word0 in range(0, total_words, w):
        words = min(w, total_words - word0)
        lo = word0 * 64
        hi = min(n, lo + words * 64)
        has[lo:hi] = _block_improvement(rev, payoffs, lo, hi, words, max_bytes)
    return has


def _push(rev: Edges | Blocks, inp: NDArray[np.uint64]) -> Any:
    """``out[t] = OR of inp[s] over the moves (s, t)``, skipping moves from empty rows."""
    if isinstance(rev, Blocks):
        return _block_or(rev, inp)
    tgt, src = rev
    nonempty: NDArray[np.bool_] = np.asarray(inp.any(axis=1))
    live = nonempty[src]
    if not live.any():
        return None
    return _spread(tgt[live], src[live], inp)


def _block_or(blocks: Blocks, inp: NDArray[np.uint64]) -> Any:
    """``out[t] = OR of inp[s]`` over the other states ``s`` of ``t``'s block.

    Only the blocks holding a non-empty row are touched; ``None`` if none does.
    """
    n, words = inp.shape
    padded = np.concatenate([inp, np.zeros((1, words), dtype=np.uint64)])
    nonempty: NDArray[np.bool_] = np.asarray(padded.any(axis=1))
    live = np.flatnonzero(nonempty[blocks.grid].any(axis=1))
    if live.size == 0:
        return None
    cells = blocks.grid[live]
    xs = padded[cells]
    before = np.zeros_like(xs)  # OR over the cells before each cell
    np.bitwise_or.accumulate(xs[:, :-1], axis=1, out=before[:, 1:])
    after = np.zeros_like(xs)
    np.bitwise_or.accumulate(xs[:, :0:-1], axis=1, out=after[:, -2::-1])
    before |= after
    out = np.zeros((n + 1, words), dtype=np.uint64)
    out[cells] = before
    return out[:n]


def _block_improvement(
    rev: Sequence[Edges | Blocks],
    payoffs: NDArray[np.float64],
    lo: int,
    hi: int,
    words: int,
    max_bytes: int,
) -> NDArray[np.bool_]:
    """Coalitional improvements of the sources ``lo:hi`` (one block of ``words`` words)."""
    n, m = payoffs.shape
    k = np.arange(hi - lo)
    seed = np.zeros((n, words), dtype=np.uint64)
    seed[lo + k, k // 64] = np.left_shift(np.uint64(1), (k % 64).astype(np.uint64))
    last = [np.zeros((n, words), dtype=np.uint64) for _ in rev]
    delta: list[Any] = [None] * m
    inputs: list[Any] = [seed] * m
    while True:
        for j, r in enumerate(rev):
            out = None if inputs[j] is None else _push(r, inputs[j])
            if out is not None:
                out &= ~last[j]
                if not out.any():
                    out = None
                else:
                    last[j] |= out
            delta[j] = out
        if all(d is None for d in delta):
            break
        for j in range(m):
            rest = [d for k, d in enumerate(delta) if k != j and d is not None]
            if not rest:
                inputs[j] = None
                continue
            acc = rest[0].copy()
            for d in rest[1:]:
                acc |= d
            inputs[j] = acc
    del seed, delta, inputs
    reach = last[0]
    for other in last[1:]:
        reach |= other
    del last
    # For each block source: is some reached state strictly better for every member?
    width = words * 64
    mine = np.full((width, m), np.inf)
    mine[: hi - lo] = payoffs[lo:hi]
    hit = np.zeros(words, dtype=np.uint64)
    rows = max(1, min(n, max_bytes // (4 * width)))
    for t0 in range(0, n, rows):
        t1 = min(n, t0 + rows)
        block = reach[t0:t1]
        live = np.flatnonzero(block.any(axis=1))
        if live.size == 0:
            continue
        better = payoffs[t0 + live, 0][:, None] > mine[None, :, 0]
        for c in range(1, m):
            better &= payoffs[t0 + live, c][:, None] > mine[None, :, c]
        packed = np.packbits(better, axis=1, bitorder="little").view("<u8")
        hit |= np.bitwise_or.reduce(block[live] & packed, axis=0)
    bits = np.unpackbits(hit.astype("<u8").view(np.uint8), bitorder="little")
    return bits[: hi - lo].astype(bool)


def legal_bfs(
    edges: Sequence[Edges], n: int, source: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Breadth-first search over (state, last mover) from ``source`` (0-based).

    Parameters
    ----------
    edges : sequence of (ndarray, ndarray)
        The moves (source, target, from 0) of each decision maker that may move.
    n : int
        Number of states.
    source : int
        Start state, from 0.

    Returns
    -------
    dist : ndarray of shape (n, m)
        Steps to reach each state with mover ``j`` last (-1 if never).
    parent, parent_mover : ndarray of shape (n, m)
        The state and last mover before each (state, mover) node (``m`` stands
        for "nobody has moved yet").

    Examples
    --------
    >>> a = (np.array([0]), np.array([1]))
    >>> b = (np.array([1]), np.array([2]))
    >>> legal_bfs([a, b], 3, 0)[0].tolist()
    [[-1, -1], [1, -1], [-1, 2]]
    """
    m = len(edges)
    dist = np.full((n, m), -1, dtype=np.int64)
    parent = np.full((n, m), -1, dtype=np.int64)
    parent_mover = np.full((n, m), -1, dtype=np.int64)
    frontier = np.zeros((n, m + 1), dtype=bool)
    frontier[source, m] = True
    step = 0
    while frontier.any():
        step += 1
        nxt = np.zeros((n, m + 1), dtype=bool)
        for j, (src, dst) in enumerate(edges):
            allowed = np.delete(frontier, j, axis=1)
            active: NDArray[np.bool_] = np.asarray(allowed.any(axis=1))
            keep = active[src]
            s, t = src[keep], dst[keep]
            fresh = dist[t, j] < 0
            s, t = s[fresh], t[fresh]
            if t.size == 0:
                continue
            t, first = np.unique(t, return_index=True)
            s = s[first]
            cols = np.flatnonzero(np.arange(m + 1) != j)
            prev = cols[np.argmax(allowed[s], axis=1)]
            dist[t, j] = step
            parent[t, j] = s
            parent_mover[t, j] = prev
            nxt[t, j] = True
        frontier = nxt
    return dist, parent, parent_mover


def path_to(
    target: int,
    dist: NDArray[np.int64],
    parent: NDArray[np.int64],
    parent_mover: NDArray[np.int64],
    source: int,
) -> tuple[list[int], list[int]] | None:
    """Return a shortest legal path from the search's source to ``target``.

    Parameters
    ----------
    target : int
        End state, from 0.
    dist, parent, parent_mover : ndarray of shape (n, m)
        The output of :func:`legal_bfs`.
    source : int
        The search's start state, from 0.

    Returns
    -------
    (list of int, list of int) or None
        The states of the path and who makes each move (both from 0), or
        ``None`` when ``target`` is unreachable. Among the last movers that
        reach ``target`` soonest the first is taken, so the path is the same
        every run.

    Examples
    --------
    >>> a = (np.array([0]), np.array([1]))
    >>> b = (np.array([1]), np.array([2]))
    >>> path_to(2, *legal_bfs([a, b], 3, 0), 0)
    ([0, 1, 2], [0, 1])
    """
    if target == source:
        return [source], []
    row = dist[target]
    if not (row >= 0).any():
        return None
    j = int(np.flatnonzero(row == row[row >= 0].min())[0])
    states, movers = [target], [j]
    s = target
    m = dist.shape[1]
    while True:
        prev_s, prev_j = int(parent[s, j]), int(parent_mover[s, j])
        states.append(prev_s)
        if prev_j == m:
            break
        movers.append(prev_j)
        s, j = prev_s, prev_j
    return states[::-1], movers[::-1]
