"""N-player building blocks for :mod:`models.games`.

Payoff contractions, regret, pure equilibria and iterated elimination of
strictly dominated strategies.

Payoffs are stacked player first: an array of shape ``(n_players, m_1, ..., m_N)``
whose slice ``payoffs[i]`` is player ``i``'s payoff at every pure profile.

References
----------
.. [1] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics*, 54(2),
   286-295.
.. [2] Gilboa, I., Kalai, E., & Zemel, E. (1990). On the order of eliminating
   dominated strategies. *Operations Research Letters*, 9(2), 85-89.
.. [3] Fudenberg, D., & Tirole, J. (1991). *Game Theory*. MIT Press, sect. 2.1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

__all__ = [
    "contract_others",
    "deviation_payoffs",
    "iterated_dominance",
    "pairwise_payoffs",
    "pure_equilibrium_indices",
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


def pure_equilibrium_indices(
    payoffs: FloatArray, tol: float
) -> tuple[NDArray[np.intp], FloatArray]:
    """Return the pure profiles at which every player best responds, and their regrets.

    For each player the maximum over its own axis is compared with the whole
    payoff array at once, giving that player's gain from deviating at every
    pure profile; a profile is an equilibrium where the largest gain is at
    most ``tol``.

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)
    tol : float
        Largest regret accepted.

    Returns
    -------
    indices : ndarray of shape (n_equilibria, n_players)
        Strategy indices, in lexicographic order.
    regrets : ndarray of shape (n_equilibria,)

    Examples
    --------
    >>> pd_row = np.array([[2.0, 0.0], [3.0, 1.0]])
    >>> pure_equilibrium_indices(np.stack([pd_row, pd_row.T]), 0.0)
    (array([[1, 1]]), array([0.]))
    """
    worst = np.zeros(payoffs.shape[1:])
    for i in range(payoffs.shape[0]):
        u = payoffs[i]
        np.maximum(worst, u.max(axis=i, keepdims=True) - u, out=worst)
    idx = np.argwhere(worst <= tol)
    return idx, worst[tuple(idx.T)]


def _own_first(payoff: FloatArray, player: int, alive: Sequence[NDArray[np.intp]]) -> FloatArray:
    """Restrict ``payoff`` to the surviving strategies; own axis first, the rest flattened."""
    sub = payoff[np.ix_(*alive)]
    return np.moveaxis(sub, player, 0).reshape(len(alive[player]), -1)


def _pure_dominated(u: FloatArray, tol: float) -> NDArray[np.bool_]:
    """Rows of ``u`` (n_own, n_profiles) strictly dominated by another row, vectorised."""
    # better[t, s] is True when row t beats row s by more than tol at every column.
    better = np.all(u[:, None, :] > u[None, :, :] + tol, axis=2)
    return np.asarray(better.any(axis=0))


def _mixed_dominated(u: FloatArray, s: int, tol: float) -> bool:
    """Whether row ``s`` of ``u`` is strictly dominated by a mixture of the other rows (LP).

    Maximise ``eps`` subject to ``sum_t p_t u[t, c] >= u[s, c] + eps`` for every
    column ``c``, ``p`` in the simplex over the other rows; dominated iff
    ``eps > tol``.
    """
    others = np.delete(u, s, axis=0)
    k, n_cols = others.shape
    if k == 0:
        return False
    # Variables (p_1, ..., p_k, eps); minimise -eps.
    c = np.zeros(k + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-others.T, np.ones((n_cols, 1))])
    b_ub = -u[s]
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    spread = float(np.ptp(u)) + 1.0
    bounds = [(0.0, 1.0)] * k + [(-spread, spread)]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    return bool(res.status == 0 and -res.fun > tol)


def iterated_dominance(
    payoffs: FloatArray, *, mixed: bool, tol: float
) -> tuple[list[NDArray[np.intp]], list[NDArray[np.intp]], int]:
    """Delete strictly dominated strategies, round after round.

    In each round every player's strategies that are strictly dominated in the
    current reduced game are deleted at once, first by a vectorised pure
    comparison and then, if ``mixed``, by one linear program per remaining
    strategy. For strict dominance the surviving set does not depend on the
    order of deletion (Gilboa, Kalai & Zemel 1990).

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)
    mixed : bool
        Also delete strategies dominated only by a mixed strategy.
    tol : float
        Margin by which the dominating strategy must win at every profile.

    Returns
    -------
    surviving : list of ndarray of int
        The surviving strategy indices of each player.
    round_eliminated : list of ndarray of int of shape (m_i,)
        The round (1, 2, ...) in which each strategy was deleted, 0 for survivors.
    n_rounds : int
        The number of rounds that deleted something.

    Examples
    --------
    >>> A = np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    >>> alive, rounds, n = iterated_dominance(np.stack([A, -A]), mixed=True, tol=1e-9)
    >>> alive[0], rounds[0]
    (array([0, 1]), array([0, 0, 1]))
    """
    n_players = payoffs.shape[0]
    shape = payoffs.shape[1:]
    alive = [np.arange(m) for m in shape]
    rounds = [np.zeros(m, dtype=np.intp) for m in shape]
    n_rounds = 0
    while True:
        dropped: list[NDArray[np.bool_]] = []
        for i in range(n_players):
            u = _own_first(payoffs[i], i, alive)
            dominated = _pure_dominated(u, tol)
            if mixed and u.shape[0] > 2:
                for s in np.flatnonzero(~dominated):
                    dominated[s] = _mixed_dominated(u, int(s), tol)
            dropped.append(dominated)
        if not any(d.any() for d in dropped):
            return alive, rounds, n_rounds
        n_rounds += 1
        for i in range(n_players):
            rounds[i][alive[i][dropped[i]]] = n_rounds
            alive[i] = alive[i][~dropped[i]]
