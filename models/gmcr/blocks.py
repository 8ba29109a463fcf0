r"""Moves held as complete digraphs on blocks of states (option form, reversible options).

In option form with reversible options, decision maker :math:`i` can move from
:math:`s` to every other state that differs from :math:`s` only in :math:`i`'s
own options: its moves :math:`A_i` are complete digraphs on the blocks of the
partition of :math:`S` by the other decision makers' options. Then

.. math:: \min_{t \in R_i(s)} x(t) = \min_{t \in B(s) \setminus \{s\}} x(t),

a minimum over the rest of :math:`s`'s block :math:`B(s)`, computed for every
state at once from prefix and suffix minima of the block in :math:`O(n)`
instead of :math:`O(\text{moves})`; the unilateral improvements
:math:`R_i^+(s) = \{t \in B(s) : P_i(t) > P_i(s)\}` are a prefix of the block
sorted by decreasing :math:`P_i` (Fang, Hipel and Kilgour 1993, ch. 2 and 3 for
option form and reachable lists).

References
----------
Fang, L., Hipel, K. W., & Kilgour, D. M. (1993). *Interactive Decision Making:
The Graph Model for Conflict Resolution*. New York: Wiley.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

__all__ = ["Blocks", "block_min", "improvement_blocks", "move_blocks"]


class Blocks(NamedTuple):
    r"""A decision maker's moves as complete digraphs on blocks of states.

    In option form with reversible options a decision maker can move from
    ``s`` to every other state that differs only in its own options: its
    moves are complete digraphs on blocks of states, and a minimum over
    :math:`R_i(s)` is a minimum over the rest of the block, :math:`O(n)` for
    every state at once instead of :math:`O(\text{moves})`. Its unilateral
    improvements are then the block's states it prefers, a prefix of the
    block sorted by its payoff.

    Attributes
    ----------
    grid : ndarray of shape (n_blocks, width)
        The states of each block (padded with ``n``); for improvements, in
        decreasing order of the mover's payoff.
    cell : ndarray of shape (n,)
        Each state's flat position in ``grid``.
    tie : ndarray of shape (n,) or None
        For improvements, the flat position of the first state of the block
        with the same payoff as each state; ``None`` for all moves.
    """

    grid: NDArray[np.int32]
    cell: NDArray[np.int32]
    tie: NDArray[np.int32] | None


def move_blocks(src: NDArray[np.int32], dst: NDArray[np.int32], n: int) -> Blocks | None:
    """Return the moves as :class:`Blocks` when they are complete digraphs on blocks, else None.

    Parameters
    ----------
    src, dst : ndarray of shape (n_moves,)
        The moves (from 0), sources sorted, no repeats or self-loops.
    n : int
        Number of states.

    Returns
    -------
    Blocks or None
        ``None`` also when padding the blocks to one width would cost more
        than four cells per state.

    Examples
    --------
    >>> b = move_blocks(np.array([0, 1, 2, 3]), np.array([1, 0, 3, 2]), 5)
    >>> b.grid.tolist()
    [[0, 1], [2, 3], [4, 5]]
    >>> move_blocks(np.array([0]), np.array([1]), 2) is None
    True
    """
    if src.size == 0:
        return None
    starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    rows = src[starts]
    label = np.arange(n, dtype=np.int32)
    label[rows] = np.minimum(rows, np.minimum.reduceat(dst, starts))
    step = 2**22
    for lo in range(0, src.size, step):  # in chunks: no temporary per move
        if not np.array_equal(label[src[lo:lo + step]], label[dst[lo:lo + step]]):
            return None
    degree = np.zeros(n, dtype=np.int64)
    degree[rows] = np.diff(np.r_[starts, src.size])
    _, block, size = np.unique(label, return_inverse=True, return_counts=True)
    if not np.array_equal(degree, size[block] - 1):
        return None
    width = int(size.max())
    if size.size * width > 4 * n:
        return None
    order = np.argsort(block, kind="stable")
    first = np.r_[0, np.cumsum(size)[:-1]]
    col = np.arange(n) - np.repeat(first, size)
    grid = np.full((size.size, width), n, dtype=np.int32)
    grid[block[order], col] = order
    cell = np.empty(n, dtype=np.int32)
    cell[order] = block[order] * width + col
    return Blocks(grid, cell, None)


def improvement_blocks(blocks: Blocks, payoff: NDArray[np.float64]) -> Blocks:
    """Return the unilateral improvements of a decision maker whose moves are ``blocks``.

    Parameters
    ----------
    blocks : Blocks
        From :func:`move_blocks`.
    payoff : ndarray of shape (n,)
        The mover's payoffs.

    Returns
    -------
    Blocks

    Examples
    --------
    >>> b = move_blocks(np.array([0, 0, 1, 1, 2, 2]), np.array([1, 2, 0, 2, 0, 1]), 3)
    >>> imp = improvement_blocks(b, np.array([1.0, 5.0, 1.0]))
    >>> imp.grid.tolist(), imp.tie.tolist()
    ([[1, 0, 2]], [1, 0, 1])
    """
    n = payoff.size
    padded = np.r_[payoff, -np.inf]
    order = np.argsort(-padded[blocks.grid], axis=1, kind="stable")
    grid = np.take_along_axis(blocks.grid, order, axis=1)
    ranks = padded[grid]
    width = grid.shape[1]
    cols = np.broadcast_to(np.arange(width), grid.shape)
    new = np.ones(grid.shape, dtype=bool)
    new[:, 1:] = ranks[:, 1:] != ranks[:, :-1]
    tie_col = np.maximum.accumulate(np.where(new, cols, 0), axis=1)
    flat = grid.ravel()
    real = flat < n
    cell = np.empty(n, dtype=np.int32)
    cell[flat[real]] = np.flatnonzero(real)
    rows = np.arange(grid.shape[0])[:, None] * width
    tie = np.empty(n, dtype=np.int32)
    tie[flat[real]] = (rows + tie_col).ravel()[real]
    return Blocks(grid, cell, tie)


def block_min(blocks: Blocks, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Minimum of ``x`` over each state's moves (or improvements) held as blocks.

    Parameters
    ----------
    blocks : Blocks
    x : ndarray of shape (n,)

    Returns
    -------
    ndarray of shape (n,)
        ``inf`` where a state has no move.

    Examples
    --------
    >>> b = move_blocks(np.array([0, 0, 1, 1, 2, 2]), np.array([1, 2, 0, 2, 0, 1]), 3)
    >>> block_min(b, np.array([3.0, 1.0, 2.0])).tolist()
    [1.0, 2.0, 1.0]
    """
    xs = np.r_[x, np.inf][blocks.grid]
    before = np.empty_like(xs)  # minimum over the cells before each cell
    before[:, 0] = np.inf
    np.minimum.accumulate(xs[:, :-1], axis=1, out=before[:, 1:])
    if blocks.tie is not None:
        out: NDArray[np.float64] = before.ravel()[blocks.tie]
        return out
    after = np.empty_like(xs)  # ... and after it
    after[:, -1] = np.inf
    np.minimum.accumulate(xs[:, :0:-1], axis=1, out=after[:, -2::-1])
    both: NDArray[np.float64] = np.minimum(before, after).ravel()[blocks.cell]
    return both
