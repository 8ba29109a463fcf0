r"""Rubinstein's alternating-offers bargaining game, with a finite horizon and outside options.

Two players split a pie :math:`\pi`. Player 1 proposes in rounds 1, 3, 5, …,
player 2 in rounds 2, 4, …; the responder accepts or rejects, and a payoff
received in round :math:`t` is worth :math:`\delta_i^{t-1}` of it to player
:math:`i`. With an infinite horizon the unique subgame-perfect equilibrium
(Rubinstein 1982) gives the first mover

.. math:: x^* = \frac{1 - \delta_2}{1 - \delta_1 \delta_2}\,\pi

at once. With outside options :math:`(b_1, b_2)` that a responder may take
instead of waiting (Binmore, Rubinstein and Wolinsky 1986), the proposers'
shares :math:`(x, y)` solve :math:`x = \pi - \max(b_2, \delta_2 y)`,
:math:`y = \pi - \max(b_1, \delta_1 x)`; with a horizon of :math:`T` rounds
the game is solved by backward induction.

References
----------
.. [1] Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
   *Econometrica* 50(1), 97–109.
.. [2] Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash
   bargaining solution in economic modelling. *RAND Journal of Economics*
   17(2), 176–188.
.. [3] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*.
   Academic Press, chapter 3 (Section 3.12 on outside options).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models._checks import check_array, check_int, check_real, param_error
from models.bargaining.results import RubinsteinResult

__all__ = ["rubinstein"]


def _stationary(
    d1: float, d2: float, b1: float, b2: float, pie: float
) -> tuple[float, float]:
    """Solve ``x = pie - max(b2, d2 y)``, ``y = pie - max(b1, d1 x)`` (proposer shares)."""
    slack = 1e-12 * pie
    den = 1.0 - d1 * d2
    cases = (
        (pie * (1 - d2) / den, pie * (1 - d1) / den),  # no option binds
        (pie - b2, pie - d1 * (pie - b2)),  # player 2's option binds
        (pie - d2 * (pie - b1), pie - b1),  # player 1's option binds
        (pie - b2, pie - b1),  # both bind
    )
    for binds, (x, y) in zip(((False, False), (False, True), (True, False), (True, True)), cases,
                             strict=True):
        ok1 = (b1 >= d1 * x - slack) if binds[0] else (d1 * x >= b1 - slack)
        ok2 = (b2 >= d2 * y - slack) if binds[1] else (d2 * y >= b2 - slack)
        if ok1 and ok2:
            return x, y
    # Unreachable for valid inputs (the map is a contraction); iterate as a safeguard.
    x, y = pie, pie
    for _ in range(10_000):
        x, y = pie - max(b2, d2 * y), pie - max(b1, d1 * x)
    return x, y


def rubinstein(
    delta1: float,
    delta2: float,
    *,
    horizon: int | None = None,
    outside_options: tuple[float, float] | ArrayLike = (0.0, 0.0),
    pie: float = 1.0,
) -> RubinsteinResult:
    r"""Compute the subgame-perfect split of Rubinstein's (1982) alternating-offers game.

    Player 1 proposes in rounds 1, 3, 5, …, player 2 in rounds 2, 4, …; a
    payoff received in round :math:`t` is worth :math:`\delta_i^{t-1}` of it to
    player :math:`i`. With an infinite horizon the unique subgame-perfect
    equilibrium gives the first mover

    .. math:: x^* = \frac{1 - \delta_2}{1 - \delta_1 \delta_2}\,\pi

    at once; as :math:`\delta_1 = \delta_2 \to 1` this tends to the Nash split
    :math:`\pi/2`. With ``horizon`` :math:`T` rounds the game is solved by
    backward induction: the proposer of round :math:`T` keeps
    :math:`\pi - b_r` (the responder :math:`r` would get its outside option
    :math:`b_r` from breakdown) and the proposer of round :math:`t < T` keeps
    :math:`\pi - \max(b_r, \delta_r v_{t+1})`, where :math:`v_{t+1}` is the
    responder's own share as proposer in round :math:`t+1`.

    *Outside options* (Binmore, Rubinstein and Wolinsky 1986; Osborne and
    Rubinstein 1990, Section 3.12): a player who rejects an offer may opt out,
    and then both players receive their outside options :math:`(b_1, b_2)`
    in that round. The stationary equilibrium solves
    :math:`x = \pi - \max(b_2, \delta_2 y)`,
    :math:`y = \pi - \max(b_1, \delta_1 x)`: an outside option changes the
    split only when it binds, i.e. exceeds what the player gets as a responder
    without it (:math:`b_2 > \delta_2 y`), in which case that player gets
    exactly :math:`b_2` as a responder. If :math:`b_1 + b_2 > \pi` no
    agreement can give both their options: the first responder opts out at
    once and the players receive :math:`(b_1, b_2)`.

    Parameters
    ----------
    delta1, delta2 : float
        Discount factors of players 1 and 2, in [0, 1) for an infinite horizon
        and in [0, 1] for a finite one.
    horizon : int, optional
        Number of rounds (>= 1); None for the infinite game.
    outside_options : array_like of shape (2,), default (0, 0)
        Non-negative outside options :math:`(b_1, b_2)`, each at most ``pie``.
    pie : float, default 1
        Size of the pie, > 0.

    Returns
    -------
    RubinsteinResult

    Raises
    ------
    ValueError
        If a discount factor, the horizon, an outside option or the pie is out
        of range.

    References
    ----------
    .. [1] Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
       *Econometrica* 50(1), 97–109.
    .. [2] Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash
       bargaining solution in economic modelling. *RAND Journal of Economics*
       17(2), 176–188.
    .. [3] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*,
       chapter 3. Academic Press.

    Examples
    --------
    >>> res = rubinstein(0.9, 0.8)
    >>> round(res.first_mover_share, 6), round(res.second_mover_share, 6)
    (0.714286, 0.285714)
    >>> round(rubinstein(0.9, 0.9, horizon=2).first_mover_share, 6)
    0.1
    >>> res = rubinstein(0.9, 0.9, outside_options=(0.0, 0.6))
    >>> round(res.first_mover_share, 6), res.binding
    (0.4, (False, True))
    """
    func = "rubinstein"
    if horizon is None:
        d1 = check_real(delta1, "delta1", func, low=0.0, high=1.0, high_open=True)
        d2 = check_real(delta2, "delta2", func, low=0.0, high=1.0, high_open=True)
    else:
        horizon = check_int(horizon, "horizon", func, low=1)
        d1 = check_real(delta1, "delta1", func, low=0.0, high=1.0)
        d2 = check_real(delta2, "delta2", func, low=0.0, high=1.0)
    size = check_real(pie, "pie", func, low=0.0, low_open=True)
    options = check_array(
        outside_options, "outside_options", func, ndim=1, shape=(2,), nonnegative=True,
        shape_text="(2,)",
    )
    b1, b2 = float(options[0]), float(options[1])
    if max(b1, b2) > size:
        raise param_error(
            "outside_options", func, f"two non-negative numbers each at most pie = {size:g}",
            f"({b1:g}, {b2:g})",
        )
    common = {
        "delta1": d1, "delta2": d2, "horizon": horizon, "outside_options": (b1, b2), "pie": size,
    }
    if b1 + b2 > size:
        return RubinsteinResult(
            first_mover_share=b1, second_mover_share=b2, immediate=False,
            binding=(True, True), **common,  # type: ignore[arg-type]
        )
    if horizon is None:
        x, y = _stationary(d1, d2, b1, b2, size)
        slack = 1e-12 * size
        binding = (b1 > d1 * x + slack, b2 > d2 * y + slack)
        first = x
    else:
        deltas, opts = (d1, d2), (b1, b2)
        shares = np.empty(horizon + 1)  # shares[t]: proposer's share in round t (1-based)
        last_responder = 1 if horizon % 2 == 1 else 0  # players indexed 0 and 1
        shares[horizon] = size - opts[last_responder]
        for t in range(horizon - 1, 0, -1):
            r = 1 if t % 2 == 1 else 0
            shares[t] = size - max(opts[r], deltas[r] * shares[t + 1])
        first = float(shares[1])

        def binds(player: int) -> bool:
            t = 1 if player == 1 else 2  # the round in which the player first responds
            if t > horizon:
                return False
            later = deltas[player] * shares[t + 1] if t < horizon else 0.0
            return opts[player] > later + 1e-12 * size

        binding = (binds(0), binds(1))
    return RubinsteinResult(
        first_mover_share=float(first),
        second_mover_share=float(size - first),
        immediate=True,
        binding=(bool(binding[0]), bool(binding[1])),
        **common,  # type: ignore[arg-type]
    )
