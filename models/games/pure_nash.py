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
array, gives every profile's gain for player :math:`i` at once, so the regrets
of all pure profiles of a two-player or an :math:`N`-player game come from
:math:`N` array reductions (:func:`pure_regrets`); one comparison with the
regret tolerance then gives the equilibria (regret zero) and the near-misses
together.

References
----------
.. [1] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics*, 54(2),
   286-295.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = ["near_miss_note", "pure_equilibrium_indices", "pure_profiles", "pure_regrets"]

FloatArray = NDArray[np.float64]


_SHORT_RUN = 16
"""Below this many contiguous elements per inner loop, a maximum over a trailing axis is
taken on a copy with that axis moved to the front (numpy's reduction then runs over
long rows instead of many short ones; the maximum is the same either way)."""


def pure_regrets(payoffs: FloatArray) -> FloatArray:
    r"""Return the regret of every pure profile.

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)

    Returns
    -------
    ndarray of shape (m_1, ..., m_N)
        :math:`\max_i [\max_{t_i} u_i(t_i, s_{-i}) - u_i(s)]` at each profile
        :math:`s`; zero exactly at the pure equilibria. Each entry is one
        floating-point difference of two given payoffs.

    Examples
    --------
    >>> pd_row = np.array([[2.0, 0.0], [3.0, 1.0]])
    >>> pure_regrets(np.stack([pd_row, pd_row.T]))
    array([[1., 1.],
           [1., 0.]])
    """
    worst: FloatArray = np.subtract(_own_max(payoffs[0], 0), payoffs[0])
    for i in range(1, payoffs.shape[0]):
        u = payoffs[i]
        np.maximum(worst, np.subtract(_own_max(u, i), u), out=worst)
    return worst


def _own_max(u: FloatArray, axis: int) -> FloatArray:
    """``u.max(axis=axis, keepdims=True)``, taken where numpy's reduction is fast."""
    m = u.shape[axis]
    inner = math.prod(u.shape[axis + 1 :])
    if axis == 0 or (inner if inner > 1 else m) >= _SHORT_RUN:
        return np.asarray(u.max(axis=axis, keepdims=True))
    front = u.reshape(-1, m, inner).transpose(1, 0, 2).copy()  # (m, before, after)
    best: FloatArray = front.max(axis=0).reshape((*u.shape[:axis], 1, *u.shape[axis + 1 :]))
    return best


def pure_equilibrium_indices(
    payoffs: FloatArray, tol: float
) -> tuple[NDArray[np.intp], FloatArray]:
    """Return the pure profiles whose regret is at most ``tol``, and their regrets.

    For each player the maximum over its own axis is compared with the whole
    payoff array at once, giving that player's gain from deviating at every
    pure profile (:func:`pure_regrets`); a profile is kept where the largest
    gain is at most ``tol`` (``tol=0``: the pure equilibria).

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)
    tol : float
        Largest regret accepted.

    Returns
    -------
    indices : ndarray of shape (n_profiles, n_players)
        Strategy indices, in lexicographic order.
    regrets : ndarray of shape (n_profiles,)

    Examples
    --------
    >>> pd_row = np.array([[2.0, 0.0], [3.0, 1.0]])
    >>> pure_equilibrium_indices(np.stack([pd_row, pd_row.T]), 0.0)
    (array([[1, 1]]), array([0.]))
    """
    worst = pure_regrets(payoffs)
    flat = np.flatnonzero(worst <= tol)  # C order: lexicographic
    idx = np.empty((flat.size, worst.ndim), dtype=np.intp)
    for i, col in enumerate(np.unravel_index(flat, worst.shape)):
        idx[:, i] = col
    return idx, worst.reshape(-1)[flat]


def pure_profiles(indices: NDArray[np.intp], shape: tuple[int, ...]) -> list[FloatArray]:
    """Return pure profiles as one probability matrix per player.

    Parameters
    ----------
    indices : ndarray of shape (n_profiles, n_players)
        Strategy indices.
    shape : tuple of int
        The numbers of strategies (m_1, ..., m_N).

    Returns
    -------
    list of ndarray of shape (n_profiles, m_i)
        Row ``k`` of entry ``i`` is 1 at ``indices[k, i]`` and 0 elsewhere.

    Examples
    --------
    >>> pure_profiles(np.array([[1, 0]]), (2, 3))
    [array([[0., 1.]]), array([[1., 0., 0.]])]
    """
    width = max(shape)
    onehot = (indices.T[:, :, None] == np.arange(width)).astype(np.float64)
    return [onehot[i, :, :m] for i, m in enumerate(shape)]


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
