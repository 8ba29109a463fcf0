r"""The risk-return trade-off: A's best offer when B's cost of war is private.

A and B dispute a good normalised to :math:`[0, 1]`; A wins a war with
probability :math:`p` and fighting costs A the share :math:`c_A` of the stakes.
When B's cost :math:`c_B` is private, distributed with CDF :math:`F`, and A
makes a take-it-or-leave-it offer :math:`x` (A's share), B goes to war iff
:math:`c_B < x - p`, and A maximises (Fearon 1995, "Private information and
incentives to misrepresent")

.. math::

    U_A(x) = \bigl(1 - F(x - p)\bigr)\, x + F(x - p)\,(p - c_A).

For :math:`c_B \sim U[\underline c, \bar c]` the first-order condition gives
the closed form

.. math::

    x^* = \min\Bigl\{1,\ \operatorname{clip}\bigl(p + \tfrac{\bar c - c_A}{2},\
    p + \underline c,\ p + \bar c\bigr)\Bigr\}, \qquad
    \Pr(\text{war}) = F(x^* - p),

so with :math:`\underline c = 0` war occurs with probability
:math:`(\bar c - c_A) / (2 \bar c)` whenever :math:`c_A < \bar c`
(:func:`risk_return`); :func:`optimal_offer` maximises :math:`U_A` numerically
for any :math:`F`.

References
----------
.. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
   Organization*, 49(3), 379-414.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from models._checks import check_int, check_real, param_error
from models._repr import compact_repr, frame_html
from models.war._common import _broadcast, _costs, _draw_index, _probabilities

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["RiskReturn", "optimal_offer", "risk_return"]


@dataclass(frozen=True, slots=True)
class RiskReturn:
    """A's optimal take-it-or-leave-it offer when B's cost of war is private.

    Attributes
    ----------
    p, cost_a : ndarray
        A's win probability and cost of war (broadcast shape ``()`` or ``(n_draws,)``).
    offer : ndarray
        The optimal offer :math:`x^*` (A's share).
    p_war : ndarray
        The probability that B rejects it and fights, :math:`F(x^* - p)`.
    utility : ndarray
        A's expected utility at the optimum, :math:`U_A(x^*)`.
    offers : ndarray of shape (n_grid,)
        A grid of offers over [0, 1].
    utility_curve : ndarray of shape (n_grid,) or (n_draws, n_grid)
        :math:`U_A` on that grid (for the figure).
    distribution : str
        ``"uniform"`` for the closed form, else ``"cdf"``.
    converged : bool
        Whether the numerical search met its tolerance (True for the closed form).
    num_iter, max_iter : int
        Refinement rounds used and allowed (0 for the closed form).
    """

    _repr_html_ = frame_html

    __repr__ = compact_repr

    p: NDArray[np.float64]
    cost_a: NDArray[np.float64]
    offer: NDArray[np.float64]
    p_war: NDArray[np.float64]
    utility: NDArray[np.float64]
    offers: NDArray[np.float64]
    utility_curve: NDArray[np.float64]
    distribution: str
    converged: bool
    num_iter: int
    max_iter: int

    def to_frame(self) -> pd.DataFrame:
        """Return one row per draw: ``draw, p, cost_a, offer, p_war, utility``.

        Returns
        -------
        pandas.DataFrame
        """
        columns = {
            "p": self.p, "cost_a": self.cost_a, "offer": self.offer,
            "p_war": self.p_war, "utility": self.utility,
        }
        frame = pd.DataFrame({k: np.ravel(v) for k, v in columns.items()})
        frame.insert(0, "draw", _draw_index(np.shape(self.offer)))
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw A's expected utility by offer; see :func:`models.plotting.plot_risk_return`."""
        from models.plotting.war import plot_risk_return

        return plot_risk_return(self, ax=ax, **kwargs)


def _expected_utility(
    x: NDArray[np.float64],
    p: NDArray[np.float64],
    cost_a: NDArray[np.float64],
    cdf: Callable[[NDArray[np.float64]], ArrayLike],
) -> NDArray[np.float64]:
    war = np.clip(np.asarray(cdf(x - p), dtype=np.float64), 0.0, 1.0)
    return np.asarray((1.0 - war) * x + war * (p - cost_a), dtype=np.float64)


def risk_return(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b_low: ArrayLike,
    cost_b_high: ArrayLike,
    *,
    n_grid: int = 101,
) -> RiskReturn:
    r"""Return A's optimal offer and the risk of war when B's cost is uniform.

    B's cost is :math:`c_B \sim U[\underline c, \bar c]`, known to B only.
    A's offer :math:`x` is accepted iff :math:`c_B \ge x - p`, and the
    optimal offer is

    .. math::

        x^* = \min\{1, \operatorname{clip}(p + (\bar c - c_A)/2,\
        p + \underline c,\ p + \bar c)\},

    rejected (war) with probability :math:`(x^* - p - \underline c) /
    (\bar c - \underline c)`, clipped to [0, 1]. With
    :math:`\underline c = \bar c` (no private information) the offer is
    :math:`\min(p + c_B, 1)` and war never happens.

    Parameters
    ----------
    p : float or array_like of shape (n_draws,)
        A's probability of winning, in [0, 1].
    cost_a : float or array_like of shape (n_draws,)
        A's cost of war, >= 0.
    cost_b_low, cost_b_high : float or array_like of shape (n_draws,)
        The support of B's cost, ``0 <= cost_b_low <= cost_b_high``.
    n_grid : int, default 101
        Points of the utility curve kept for the figure, >= 2.

    Returns
    -------
    RiskReturn

    Raises
    ------
    ValueError
        If ``p`` leaves [0, 1], a cost is negative, ``cost_b_low > cost_b_high``,
        shapes differ, or ``n_grid < 2``.

    Examples
    --------
    >>> r = risk_return(0.5, 0.1, 0.0, 0.3)
    >>> round(float(r.offer), 6), round(float(r.p_war), 6)
    (0.6, 0.333333)

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414, section "Private
       information and incentives to misrepresent".
    """
    func = "risk_return"
    n_grid = check_int(n_grid, "n_grid", func, low=2)
    p_arr = _probabilities(p, "p", func)
    ca = _costs(cost_a, "cost_a", func)
    lo = _costs(cost_b_low, "cost_b_low", func)
    hi = _costs(cost_b_high, "cost_b_high", func)
    p_arr, ca, lo, hi = _broadcast(func, p=p_arr, cost_a=ca, cost_b_low=lo, cost_b_high=hi)
    if np.any(lo > hi):
        i = np.flatnonzero(np.ravel(lo > hi))[0]
        raise param_error(
            "cost_b_high", func, "at least 'cost_b_low'",
            f"{np.ravel(hi)[i]:g} < {np.ravel(lo)[i]:g}",
        )
    spread = hi - lo
    interior = p_arr + (hi - ca) / 2.0
    offer = np.minimum(np.clip(interior, p_arr + lo, p_arr + hi), 1.0)
    safe = np.where(spread > 0, spread, 1.0)
    p_war = np.where(spread > 0, np.clip((offer - p_arr - lo) / safe, 0.0, 1.0), 0.0)
    utility = (1.0 - p_war) * offer + p_war * (p_arr - ca)

    offers = np.linspace(0.0, 1.0, n_grid)
    x = offers if p_arr.ndim == 0 else np.broadcast_to(offers, (*p_arr.shape, n_grid))

    def uniform_cdf(z: NDArray[np.float64]) -> NDArray[np.float64]:
        lo_, safe_ = np.expand_dims(lo, -1), np.expand_dims(safe, -1)
        inside = np.clip((z - lo_) / safe_, 0.0, 1.0)
        return np.where(np.expand_dims(spread, -1) > 0, inside, (z > lo_).astype(np.float64))

    curve = _expected_utility(x, np.expand_dims(p_arr, -1), np.expand_dims(ca, -1), uniform_cdf)
    return RiskReturn(
        p=p_arr, cost_a=ca, offer=np.asarray(offer), p_war=np.asarray(p_war),
        utility=np.asarray(utility), offers=offers, utility_curve=curve,
        distribution="uniform", converged=True, num_iter=0, max_iter=0,
    )


def optimal_offer(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b_cdf: Callable[[NDArray[np.float64]], ArrayLike],
    *,
    n_grid: int = 201,
    xtol: float = 1e-10,
    max_iter: int = 100,
) -> RiskReturn:
    r"""Return A's optimal offer for any distribution of B's private cost.

    Maximises :math:`U_A(x) = (1 - F(x - p))\,x + F(x - p)\,(p - c_A)` over
    :math:`x \in [0, 1]` by a grid search refined by successive zooms around
    the best point (each round shrinks the bracket to four grid steps) until
    the bracket is narrower than ``xtol``. For a unimodal :math:`U_A` the grid
    locates the global maximum; ties go to the smallest offer.

    Parameters
    ----------
    p : float or array_like of shape (n_draws,)
        A's probability of winning, in [0, 1].
    cost_a : float or array_like of shape (n_draws,)
        A's cost of war, >= 0.
    cost_b_cdf : callable
        The CDF :math:`F` of B's cost, applied elementwise to an ndarray of
        shape (n_grid,) or (n_draws, n_grid), e.g. ``scipy.stats.expon(scale=0.2).cdf``.
    n_grid : int, default 201
        Grid points per round, >= 5.
    xtol : float, default 1e-10
        Width of the final bracket on the offer, > 0.
    max_iter : int, default 100
        Maximum refinement rounds, >= 1.

    Returns
    -------
    RiskReturn
        With ``distribution="cdf"`` and the search's ``converged``, ``num_iter``
        and ``max_iter``.

    Raises
    ------
    ValueError
        If an argument is out of range or the CDF returns values of the wrong shape.
    TypeError
        If ``cost_b_cdf`` is not callable.

    Examples
    --------
    >>> def cdf(z):
    ...     return np.clip(z / 0.3, 0.0, 1.0)  # c_B ~ U[0, 0.3]
    >>> r = optimal_offer(0.5, 0.1, cdf)
    >>> round(float(r.offer), 6), bool(r.converged)
    (0.6, True)

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414.
    """
    func = "optimal_offer"
    if not callable(cost_b_cdf):
        raise TypeError(
            f"The 'cost_b_cdf' parameter of {func} must be a callable CDF. "
            f"Got {type(cost_b_cdf).__name__} instead."
        )
    n_grid = check_int(n_grid, "n_grid", func, low=5)
    xtol = check_real(xtol, "xtol", func, low=0, low_open=True)
    max_iter = check_int(max_iter, "max_iter", func, low=1)
    p_arr = _probabilities(p, "p", func)
    ca = _costs(cost_a, "cost_a", func)
    p_arr, ca = _broadcast(func, p=p_arr, cost_a=ca)
    shape = p_arr.shape
    pc, cc = p_arr.reshape(-1, 1), ca.reshape(-1, 1)

    def checked_cdf(z: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.asarray(cost_b_cdf(z), dtype=np.float64)
        if out.shape != z.shape:
            raise ValueError(
                f"The 'cost_b_cdf' parameter of {func} must return an array of the shape "
                f"of its input {z.shape}. Got shape {out.shape} instead."
            )
        return out

    def utility(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return _expected_utility(x, pc, cc, checked_cdf)

    steps = np.linspace(0.0, 1.0, n_grid)
    lower = np.zeros((pc.shape[0], 1))
    upper = np.ones((pc.shape[0], 1))
    best = np.zeros(pc.shape[0])
    converged = False
    num_iter = 0
    for num_iter in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        grid = lower + (upper - lower) * steps
        values = utility(grid)
        k = np.argmax(values, axis=1)
        best = grid[np.arange(grid.shape[0]), k]
        step = (upper[:, 0] - lower[:, 0]) / (n_grid - 1)
        if np.all(step * 2 < xtol):
            converged = True
            break
        lower = np.maximum(best - 2 * step, 0.0)[:, None]
        upper = np.minimum(best + 2 * step, 1.0)[:, None]
    offer = best.reshape(shape)
    war = np.clip(checked_cdf(offer - p_arr), 0.0, 1.0)
    u_star = (1.0 - war) * offer + war * (p_arr - ca)
    curve = utility(np.broadcast_to(steps, (pc.shape[0], n_grid)).copy())
    return RiskReturn(
        p=p_arr, cost_a=ca, offer=offer, p_war=war.reshape(shape), utility=u_star.reshape(shape),
        offers=steps, utility_curve=curve.reshape((*shape, n_grid)),
        distribution="cdf", converged=converged, num_iter=num_iter, max_iter=max_iter,
    )
