r"""Pure Nash equilibria of a game with any number of players.

Player :math:`i` has payoff array :math:`u_i` of shape
:math:`(m_1, \ldots, m_N)`. A pure profile :math:`s = (s_1, \ldots, s_N)` is
a Nash equilibrium iff no player gains by a unilateral deviation (Nash
1951),

.. math::

    u_i(s) = \max_{t_i} u_i(t_i, s_{-i}) \quad \text{for every } i,

that is, iff its regret
:math:`\max_i [\max_{t_i} u_i(t_i, s_{-i}) - u_i(s)]` is zero. A pure
profile's regret is a difference of two given payoffs, which floating point
computes without turning a positive gain into zero, so the comparison is exact
by default: a profile some player can improve on, by however little, is no
equilibrium (the mixed-strategy methods need a tolerance because they solve
linear systems). Profiles that miss by at most the game's regret tolerance are
reported (:func:`near_miss_note`), so near-ties from rounded payoffs are seen. The maximum
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

__all__ = ["near_miss_note", "pure_equilibrium_indices"]

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


def near_miss_note(indices: NDArray[np.intp], regrets: FloatArray) -> str:
    """Describe the pure profiles that miss being equilibria by a small regret.

    Parameters
    ----------
    indices : ndarray of shape (n_profiles, n_players)
    regrets : ndarray of shape (n_profiles,)
        Their regrets, all positive.

    Returns
    -------
    str
        The count, the largest regret and the first three profiles.

    Examples
    --------
    >>> note = near_miss_note(np.array([[0, 1]]), np.array([1e-9]))
    >>> print(note)  # doctest: +NORMALIZE_WHITESPACE
    1 pure profile misses by at most 1e-09 (within regret_tol): (0, 1) regret 1e-09;
    pass tol= to accept it
    """
    k = len(regrets)
    shown = "; ".join(
        f"{tuple(int(v) for v in row)} regret {r:.2g}"
        for row, r in zip(indices[:3], regrets[:3], strict=True)
    )
    more = f"; and {k - 3} more" if k > 3 else ""
    noun = "profile misses" if k == 1 else "profiles miss"
    it = "it" if k == 1 else "them"
    return (f"{k} pure {noun} by at most {float(regrets.max()):.2g} (within regret_tol): "
            f"{shown}{more}; pass tol= to accept {it}")
