r"""Shared pieces of the two-player algorithms: payoff scaling and batched pivoting.

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

Vertex enumeration and Lemke-Howson move between the bases of these
polytopes by pivoting a tableau. The leaving row is picked by the
lexicographic minimum ratio test: the ratio test of the right-hand side
perturbed to :math:`\mathbf 1 + (\varepsilon, \varepsilon^2, \ldots)`, which
is never tied, so degenerate polytopes neither cycle nor stall (Avis &
Fukuda 1992). The functions here pivot a batch of tableaux at once.

References
----------
.. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In N. Nisan, T. Roughgarden, E. Tardos & V.
   Vazirani (Eds.), *Algorithmic Game Theory* (ch. 3). Cambridge University Press.
.. [2] Avis, D., & Fukuda, K. (1992). A pivoting algorithm for convex hulls and
   vertex enumeration of arrangements and polyhedra. *Discrete & Computational
   Geometry*, 8(3), 295-313.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "PIVOT_EPS",
    "TIE",
    "lex_break",
    "lex_min_rows",
    "normalise_payoffs",
    "normalise_with_range",
    "pivot_batch",
    "scaled_pair",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

PIVOT_EPS = 1e-11
"""Smallest pivot-column entry treated as positive (payoffs are scaled to [1, 2])."""
TIE = 1e-9
"""Relative tolerance of the ratio tests' ties."""


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


def lex_min_rows(
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
    cand = eligible & (ratio <= best + TIE * (1.0 + np.abs(best)))
    row = np.asarray(np.argmax(cand, axis=1), dtype=np.intp)
    tied = np.flatnonzero(cand.sum(axis=1) > 1)
    if tied.size:
        row[tied] = lex_break(tab[tied][:, :, lex_cols], safe[tied], cand[tied])
    return row


def lex_break(binv: FloatArray, col: FloatArray, cand: BoolArray) -> IntArray:
    """Break ratio-test ties by the rows of the basis inverse ``binv`` (p, rows, rows)."""
    cand = cand.copy()
    for j in range(binv.shape[2]):
        ratio = np.where(cand, binv[:, :, j] / col, np.inf)
        best = ratio.min(axis=1, keepdims=True)
        cand &= ratio <= best + TIE * (1.0 + np.abs(best))
        if not np.any(cand.sum(axis=1) > 1):
            break
    return np.asarray(np.argmax(cand, axis=1), dtype=np.intp)


def pivot_batch(tab: FloatArray, row: IntArray, col: IntArray) -> FloatArray:
    """Pivot each tableau of a batch (p, rows, cols + 1) on ``(row[q], col[q])``; new arrays."""
    idx = np.arange(tab.shape[0])
    prow = tab[idx, row, :] / tab[idx, row, col][:, None]
    out = tab - tab[idx, :, col][:, :, None] * prow[:, None, :]
    out[idx, row, :] = prow
    return out


def scaled_pair(payoffs: FloatArray, func: str) -> tuple[FloatArray, FloatArray, float]:
    """Return a two-player game's matrices scaled onto [1, 2], and the tolerance divisor.

    Dividing a tolerance by the divisor (the smaller of the two payoff ranges)
    gives the loosest of the two scaled tolerances, so candidates are never
    lost before the final check in the original units.

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m, n)
    func : str
        The caller, named in the error.

    Returns
    -------
    A, B : ndarray of shape (m, n)
    divisor : float

    Raises
    ------
    ValueError
        If the game does not have two players.

    Examples
    --------
    >>> A, B, d = scaled_pair(np.array([[[0.0, 4.0]], [[0.0, 2.0]]]), "f")
    >>> A.tolist(), d
    ([[1.0, 2.0]], 2.0)
    """
    if payoffs.shape[0] != 2:
        raise ValueError(
            f"{func} needs a two-player game. Got {payoffs.shape[0]} players "
            "instead; use pure_equilibria or approximate_equilibrium."
        )
    (An, span_a), (Bn, span_b) = (normalise_with_range(M) for M in payoffs[:2])
    spans = [s for s in (span_a, span_b) if s > 0]
    return An, Bn, min(spans) if spans else 1.0
