r"""N-player building blocks for :mod:`models.games`: payoff contractions and regret.

The expected payoff of a mixed profile :math:`\sigma` is multilinear,
:math:`u_i(\sigma) = \sum_s u_i(s) \prod_k \sigma_k(s_k)`; contracting
player :math:`i`'s payoff array with the others' mixtures gives its payoff
from each pure strategy, and the regret of :math:`\sigma` is the largest
gain from a unilateral deviation (Nash 1951).

Payoffs are stacked player first: an array of shape ``(n_players, m_1, ..., m_N)``
whose slice ``payoffs[i]`` is player ``i``'s payoff at every pure profile.

References
----------
.. [1] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics*, 54(2),
   286-295.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "contract_others",
    "deviation_payoffs",
    "pairwise_payoffs",
    "regret_batch",
    "regret_of",
]

FloatArray = NDArray[np.float64]
Profile = tuple[FloatArray, ...]


def contract_others(
    payoff: FloatArray, profile: Sequence[FloatArray], keep: Sequence[int]
) -> FloatArray:
    """Contract one player's payoff array with the mixed strategies of the others.

    Parameters
    ----------
    payoff : ndarray of shape (m_1, ..., m_N)
        One player's payoffs.
    profile : sequence of ndarray of shape (m_k,)
        A mixed strategy per player.
    keep : sequence of int
        Axes left uncontracted.

    Returns
    -------
    ndarray
        The expected payoff as a function of the kept players' pure strategies,
        with the kept axes in increasing order.

    Examples
    --------
    >>> u = np.arange(8.0).reshape(2, 2, 2)
    >>> half = np.array([0.5, 0.5])
    >>> contract_others(u, (half, half, half), keep=[0])
    array([1.5, 5.5])
    """
    out = payoff
    kept = set(keep)
    # Contract from the last axis down so that the earlier axis numbers stay valid.
    for axis in range(payoff.ndim - 1, -1, -1):
        if axis in kept:
            continue
        if axis == out.ndim - 1:
            out = out @ profile[axis]
        else:
            out = np.moveaxis(out, axis, -1) @ profile[axis]
    return np.asarray(out, dtype=np.float64)


def deviation_payoffs(payoffs: FloatArray, profile: Sequence[FloatArray]) -> list[FloatArray]:
    """Return each player's payoff from each pure strategy against the others' mixture.

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)
    profile : sequence of ndarray of shape (m_i,)

    Returns
    -------
    list of ndarray of shape (m_i,)

    Examples
    --------
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> deviation_payoffs(np.stack([A, -A]), (np.array([1.0, 0.0]), np.array([0.5, 0.5])))
    [array([0., 0.]), array([-1.,  1.])]
    """
    return [contract_others(payoffs[i], profile, keep=[i]) for i in range(payoffs.shape[0])]


def regret_of(payoffs: FloatArray, profile: Sequence[FloatArray]) -> FloatArray:
    """Return each player's largest gain from a unilateral deviation.

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)
    profile : sequence of ndarray of shape (m_i,)

    Returns
    -------
    ndarray of shape (n_players,)
        ``max_s u_i(s, sigma_-i) - u_i(sigma)``, never below 0 up to rounding.

    Examples
    --------
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> regret_of(np.stack([A, -A]), (np.array([1.0, 0.0]), np.array([0.5, 0.5])))
    array([0., 1.])
    """
    gains = []
    for i, u in enumerate(deviation_payoffs(payoffs, profile)):
        gains.append(float(u.max() - u @ profile[i]))
    return np.maximum(np.asarray(gains, dtype=np.float64), 0.0)


def pairwise_payoffs(payoffs: FloatArray, profile: Sequence[FloatArray]) -> list[list[FloatArray]]:
    """Return ``U[i][j][s, t] = u_i(s, t, sigma_-ij)`` for every ordered pair ``i != j``.

    The diagonal entries ``U[i][i]`` hold the deviation payoffs of player ``i``
    (shape ``(m_i,)``). These are the blocks of the Jacobian of the expected
    payoffs with respect to the mixed strategies.

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)
    profile : sequence of ndarray of shape (m_i,)

    Returns
    -------
    list of list of ndarray

    Examples
    --------
    >>> A = np.array([[2.0, 0.0], [0.0, 1.0]])
    >>> U = pairwise_payoffs(np.stack([A, A.T]), (np.array([1.0, 0.0]), np.array([0.5, 0.5])))
    >>> U[0][1]
    array([[2., 0.],
           [0., 1.]])
    """
    n = payoffs.shape[0]
    out: list[list[FloatArray]] = []
    for i in range(n):
        row: list[FloatArray] = [np.empty(0)] * n
        for j in range(n):
            if i != j:
                block = contract_others(payoffs[i], profile, keep=sorted((i, j)))
                row[j] = block if i < j else block.T
        other = 1 if i == 0 else 0
        row[i] = row[other] @ profile[other]
        out.append(row)
    return out


def regret_batch(payoffs: FloatArray, probs: Sequence[FloatArray]) -> FloatArray:
    """Return the regret of a batch of profiles given as per-player arrays.

    Two-player games take two matrix products; larger games go profile by
    profile through :func:`regret_of`.

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)
    probs : sequence of ndarray of shape (n_profiles, m_i)
        Each player's mixed strategy in every profile.

    Returns
    -------
    ndarray of shape (n_profiles,)
        The largest gain any player makes by a unilateral deviation.

    Examples
    --------
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> regret_batch(np.stack([A, -A]), [np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]])])
    array([1.])
    """
    n = probs[0].shape[0]
    if n == 0:
        return np.zeros(0)
    if payoffs.shape[0] == 2:
        A, B = payoffs[0], payoffs[1]
        X, Y = probs
        row = Y @ A.T  # (n, m)
        col = X @ B  # (n, n_cols)
        gain_a = row.max(axis=1) - np.sum(X * row, axis=1)
        gain_b = col.max(axis=1) - np.sum(Y * col, axis=1)
        out: FloatArray = np.maximum(np.maximum(gain_a, gain_b), 0.0)
        return out
    return np.array(
        [float(regret_of(payoffs, [p[k] for p in probs]).max()) for k in range(n)]
    )
