r"""Pure Nash equilibria of a game with any number of players.

Player :math:`i` has payoff array :math:`u_i` of shape
:math:`(m_1, \ldots, m_N)`. A pure profile :math:`s = (s_1, \ldots, s_N)` is
a Nash equilibrium iff no player gains by a unilateral deviation (Nash
1951),

.. math::

    u_i(s) = \max_{t_i} u_i(t_i, s_{-i}) \quad \text{for every } i,

that is, iff its regret
:math:`\max_i [\max_{t_i} u_i(t_i, s_{-i}) - u_i(s)]` is zero. The maximum
of :math:`u_i` along player :math:`i`'s own axis, broadcast back over the
array, gives every profile's gain for player :math:`i` at once, so all pure
equilibria of a two-player or an :math:`N`-player game come from
:math:`N` array reductions and one comparison.

References
----------
.. [1] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics*, 54(2),
   286-295.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["pure_equilibrium_indices"]

FloatArray = NDArray[np.float64]


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

