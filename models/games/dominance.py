r"""Iterated elimination of strictly dominated strategies (IESDS).

Player :math:`i`'s strategy :math:`s_i` is *strictly dominated* if some mixed
strategy :math:`\sigma_i` with :math:`\sigma_i(s_i) = 0` earns strictly more
against every profile of the others,

.. math::

    \sum_{t_i} \sigma_i(t_i)\, u_i(t_i, s_{-i}) > u_i(s_i, s_{-i})
    \quad \text{for every } s_{-i}.

No strictly dominated strategy is played in any Nash equilibrium, so deleting
them, and then those that become dominated in the reduced game, round after
round, loses no equilibrium; for strict dominance the surviving game does not
depend on the order of deletion (Gilboa, Kalai & Zemel 1990). Dominance by a
pure strategy is a vectorised comparison; dominance by a mixed strategy is
decided by a linear program, maximise :math:`\varepsilon` subject to
:math:`\sum_t p_t\, u_i(t, s_{-i}) \ge u_i(s_i, s_{-i}) + \varepsilon` for
every :math:`s_{-i}`, :math:`p` in the simplex (Fudenberg & Tirole 1991,
sect. 2.1).

Payoffs are stacked player first: an array of shape ``(n_players, m_1, ..., m_N)``.

References
----------
.. [1] Gilboa, I., Kalai, E., & Zemel, E. (1990). On the order of eliminating
   dominated strategies. *Operations Research Letters*, 9(2), 85-89.
.. [2] Fudenberg, D., & Tirole, J. (1991). *Game Theory*. MIT Press, sect. 2.1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

__all__ = ["iterated_dominance"]

FloatArray = NDArray[np.float64]


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
