r"""War bargaining: Fearon's bargaining range, mutual optimism, risk and learning.

Two states, A and B, dispute a good normalised to :math:`[0, 1]`; a peaceful
split gives A the share :math:`x` and B the share :math:`1 - x`. War is a costly
lottery: A wins everything with probability :math:`p`, and fighting costs A and
B the shares :math:`c_A, c_B \ge 0` of the stakes. Risk-neutral states prefer
the split :math:`x` to war when (Fearon 1995, "When will there exist bargains
both sides prefer to war?")

.. math::

    x \ge p - c_A \quad (A), \qquad 1 - x \ge 1 - p - c_B \quad (B),

so the *bargaining range* is :math:`[p - c_A,\ p + c_B] \cap [0, 1]`, of width
:math:`c_A + c_B`, never empty when the costs are positive and always
containing :math:`p` (:func:`bargaining_range`).

**Mutual optimism.** When the sides disagree about the odds, A believing it
wins with :math:`p_A` and B believing A wins with :math:`p_B`, A accepts
:math:`x \ge p_A - c_A` and B accepts :math:`x \le p_B + c_B`; a split both
prefer to war exists iff (Blainey 1973; Fearon 1995, "Disagreements about
relative power"; Fey and Ramsay 2007)

.. math::

    p_A - p_B \le c_A + c_B

(:func:`mutual_optimism`). Putin's confidence that his forces take the four
regions by the end of 2025 against the IISS's scepticism is such a
disagreement.

**Risk-return trade-off.** When B's cost is private, distributed with CDF
:math:`F`, and A makes a take-it-or-leave-it offer :math:`x`, B goes to war
iff :math:`c_B < x - p`, and A maximises (Fearon 1995, "Private information
and incentives to misrepresent")

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

**Learning while fighting.** Battles are informative (Filson and Werner 2002;
Slantchev 2003; Smith and Stam 2004). Each month A wins the battle with the
true probability :math:`\theta`; each side holds a Beta prior
:math:`\mathrm{Beta}(\alpha_i, \beta_i)` on :math:`\theta`, and after
:math:`k_t` wins in :math:`t` months its conjugate Beta-Binomial posterior mean
is

.. math::

    p_{i,t} = \frac{\alpha_i + k_t}{\alpha_i + \beta_i + t}.

Each side's posterior mean stands for its estimate of A's chance of winning.
War weariness makes the cost each side attaches to fighting on grow with the
months fought, :math:`c_i(t) = \kappa_i\, t` for the monthly cost
:math:`\kappa_i`. A bargaining range opens in the first month with
:math:`p_{A,t} - p_{B,t} \le c_A(t) + c_B(t)`, the month mutual optimism ends
(:func:`simulate_war_learning`).

**The scenario.** :func:`war_bargaining` takes Russia as A and Ukraine as B,
Putin's belief that Russia takes the four regions by the end of 2025 as
:math:`p_A`, an analyst's (the IISS's Ben Barry by default) as :math:`p_B`,
and the war costs ``war_cost_RUS`` and ``war_cost_UKR`` as :math:`c_A, c_B`.

References
----------
.. [1] Blainey, G. (1973). *The Causes of War*. Free Press.
.. [2] Fearon, J. D. (1995). Rationalist explanations for war. *International
   Organization*, 49(3), 379-414.
.. [3] Fey, M., & Ramsay, K. W. (2007). Mutual optimism and war. *American
   Journal of Political Science*, 51(4), 738-754.
.. [4] Filson, D., & Werner, S. (2002). A bargaining model of war and peace.
   *American Journal of Political Science*, 46(4), 819-837.
.. [5] Slantchev, B. L. (2003). The principle of convergence in wartime
   negotiations. *American Political Science Review*, 97(4), 621-632.
.. [6] Smith, A., & Stam, A. C. (2004). Bargaining and the nature of war.
   *Journal of Conflict Resolution*, 48(6), 783-813.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, check_real, param_error
from models._random import child_rng, root_seed
from models._repr import compact_repr

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from positions import Scenario


__all__ = [
    "BargainingRange",
    "RiskReturn",
    "WarBargaining",
    "WarLearning",
    "bargaining_range",
    "mutual_optimism",
    "optimal_offer",
    "risk_return",
    "simulate_war_learning",
    "war_bargaining",
]

_BLOCK = 256
"""Draws per random stream in :func:`simulate_war_learning` (fixed: results do not
depend on ``chunk_size``)."""


# ---------------------------------------------------------------- argument checks
def _probabilities(value: ArrayLike, name: str, func: str) -> NDArray[np.float64]:
    arr = check_array(value, name, func, ndim=(0, 1))
    if arr.size and (np.any(arr < 0) or np.any(arr > 1)):
        bad = arr[(arr < 0) | (arr > 1)].flat[0]
        raise param_error(name, func, "a probability (or array of them) in [0, 1]", f"{bad:g}")
    return arr.astype(np.float64)


def _costs(value: ArrayLike, name: str, func: str) -> NDArray[np.float64]:
    return check_array(value, name, func, ndim=(0, 1), nonnegative=True).astype(np.float64)


def _broadcast(func: str, **arrays: NDArray[np.float64]) -> list[NDArray[np.float64]]:
    try:
        return [np.array(a) for a in np.broadcast_arrays(*arrays.values())]
    except ValueError:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in arrays.items())
        raise ValueError(
            f"The parameters of {func} must be scalars or arrays of one common length "
            f"(n_draws,). Got shapes {shapes} instead."
        ) from None


def _draw_index(shape: tuple[int, ...]) -> NDArray[np.int64]:
    return np.arange(int(np.prod(shape)) if shape else 1, dtype=np.int64)


# ----------------------------------------------------------- the bargaining range
@dataclass(frozen=True, slots=True)
class BargainingRange:
    r"""The splits both sides prefer to war, per draw.

    A's share :math:`x` is acceptable to A when :math:`x \ge p_A - c_A` and to
    B when :math:`x \le p_B + c_B`; with common beliefs :math:`p_A = p_B = p`.
    Every array has the broadcast shape of the inputs: ``()`` for scalars,
    ``(n_draws,)`` for a sample.

    Attributes
    ----------
    p_a, p_b : ndarray
        A's win probability as A sees it and as B sees it.
    cost_a, cost_b : ndarray
        The costs of war, as shares of the stakes.
    low, high : ndarray
        The range's ends, :math:`\max(p_A - c_A, 0)` and :math:`\min(p_B + c_B, 1)`.
        When the range is empty, ``low > high``.
    width : ndarray
        ``high - low`` where the range is non-empty, else 0.
    nonempty : ndarray of bool
        Whether some split beats war for both, :math:`p_A - p_B \le c_A + c_B`.
    """

    __repr__ = compact_repr

    p_a: NDArray[np.float64]
    p_b: NDArray[np.float64]
    cost_a: NDArray[np.float64]
    cost_b: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    width: NDArray[np.float64]
    nonempty: NDArray[np.bool_]

    @property
    def optimism(self) -> NDArray[np.float64]:
        """The disagreement :math:`p_A - p_B` (positive: jointly optimistic)."""
        return np.asarray(self.p_a - self.p_b, dtype=np.float64)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per draw: the beliefs, costs and the range.

        Returns
        -------
        pandas.DataFrame
            Columns ``draw, p_a, p_b, cost_a, cost_b, low, high, width, nonempty``.
        """
        columns = {
            "p_a": self.p_a, "p_b": self.p_b, "cost_a": self.cost_a, "cost_b": self.cost_b,
            "low": self.low, "high": self.high, "width": self.width, "nonempty": self.nonempty,
        }
        frame = pd.DataFrame({k: np.ravel(v) for k, v in columns.items()})
        frame.insert(0, "draw", _draw_index(np.shape(self.low)))
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw each draw's range; see :func:`models.plotting.plot_bargaining_range`."""
        from models.plotting.war import plot_bargaining_range

        return plot_bargaining_range(self, ax=ax, **kwargs)


def _range(
    p_a: NDArray[np.float64],
    p_b: NDArray[np.float64],
    cost_a: NDArray[np.float64],
    cost_b: NDArray[np.float64],
) -> BargainingRange:
    low = np.maximum(p_a - cost_a, 0.0)
    high = np.minimum(p_b + cost_b, 1.0)
    nonempty = np.asarray(p_a - p_b <= cost_a + cost_b)
    width = np.where(nonempty, np.maximum(high - low, 0.0), 0.0)
    return BargainingRange(
        p_a=p_a, p_b=p_b, cost_a=cost_a, cost_b=cost_b, low=low, high=high,
        width=np.asarray(width, dtype=np.float64), nonempty=nonempty,
    )


def bargaining_range(p: ArrayLike, cost_a: ArrayLike, cost_b: ArrayLike) -> BargainingRange:
    r"""Return Fearon's bargaining range :math:`[p - c_A, p + c_B] \cap [0, 1]`.

    Parameters
    ----------
    p : float or array_like of shape (n_draws,)
        A's probability of winning a war, in [0, 1].
    cost_a, cost_b : float or array_like of shape (n_draws,)
        The costs of war to A and B as shares of the stakes, >= 0.

    Returns
    -------
    BargainingRange
        Arrays of the broadcast shape: ``()`` for scalars, ``(n_draws,)``.

    Raises
    ------
    ValueError
        If ``p`` leaves [0, 1], a cost is negative or not finite, an argument
        has more than one dimension, or the lengths differ.

    Examples
    --------
    >>> r = bargaining_range(0.6, 0.1, 0.15)
    >>> float(r.low), float(r.high), float(r.width), bool(r.nonempty)
    (0.5, 0.75, 0.25, True)
    >>> bargaining_range([0.05, 0.95], 0.1, 0.1).low.tolist()
    [0.0, 0.85]

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414.
    """
    func = "bargaining_range"
    p_arr = _probabilities(p, "p", func)
    ca = _costs(cost_a, "cost_a", func)
    cb = _costs(cost_b, "cost_b", func)
    p_arr, ca, cb = _broadcast(func, p=p_arr, cost_a=ca, cost_b=cb)
    return _range(p_arr, p_arr.copy(), ca, cb)


def mutual_optimism(
    p_a: ArrayLike, p_b: ArrayLike, cost_a: ArrayLike, cost_b: ArrayLike
) -> BargainingRange:
    r"""Return the bargaining range when the sides disagree about the odds.

    A believes it wins with ``p_a``; B believes A wins with ``p_b``. A split
    both prefer to war exists iff :math:`p_A - p_B \le c_A + c_B`: joint
    optimism larger than the total cost of war leaves no bargain.

    Parameters
    ----------
    p_a : float or array_like of shape (n_draws,)
        A's own estimate of its chance of winning, in [0, 1].
    p_b : float or array_like of shape (n_draws,)
        B's estimate of A's chance of winning, in [0, 1].
    cost_a, cost_b : float or array_like of shape (n_draws,)
        The costs of war as shares of the stakes, >= 0.

    Returns
    -------
    BargainingRange
        ``low = max(p_a - cost_a, 0)``, ``high = min(p_b + cost_b, 1)``;
        ``nonempty`` is the condition above (at equality the range is a point).

    Raises
    ------
    ValueError
        If a probability leaves [0, 1], a cost is negative, or shapes differ.

    Examples
    --------
    >>> r = mutual_optimism(0.8, 0.3, 0.1, 0.2)
    >>> bool(r.nonempty), round(float(r.optimism), 2)
    (False, 0.5)
    >>> bool(mutual_optimism(0.75, 0.25, 0.25, 0.25).nonempty)  # at the boundary
    True

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414.
    .. [2] Fey, M., & Ramsay, K. W. (2007). Mutual optimism and war. *American
       Journal of Political Science*, 51(4), 738-754.
    .. [3] Blainey, G. (1973). *The Causes of War*. Free Press.
    """
    func = "mutual_optimism"
    pa = _probabilities(p_a, "p_a", func)
    pb = _probabilities(p_b, "p_b", func)
    ca = _costs(cost_a, "cost_a", func)
    cb = _costs(cost_b, "cost_b", func)
    pa, pb, ca, cb = _broadcast(func, p_a=pa, p_b=pb, cost_a=ca, cost_b=cb)
    return _range(pa, pb, ca, cb)


# ---------------------------------------------------------- risk-return trade-off
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


# ------------------------------------------------------------ learning by fighting
@dataclass(frozen=True, slots=True)
class WarLearning:
    r"""Simulated Beta-Binomial learning from battles and the opening of a bargaining range.

    Month 0 is the start (the priors, no costs yet); month :math:`t \ge 1` is
    after the :math:`t`-th monthly battle.

    Attributes
    ----------
    months : ndarray of shape (n_months + 1,)
        ``0, 1, ..., n_months``.
    battles : ndarray of bool, shape (n_draws, n_months)
        Whether A won each month's battle.
    belief_a, belief_b : ndarray of shape (n_draws, n_months + 1)
        Each side's posterior mean of A's win probability.
    cost_a, cost_b : ndarray of shape (n_draws, n_months + 1)
        The costs of fighting on, :math:`\kappa_i t`.
    low, high : ndarray of shape (n_draws, n_months + 1)
        The range's ends, :math:`\max(p_{A,t} - c_A(t), 0)` and
        :math:`\min(p_{B,t} + c_B(t), 1)`.
    opening_month : ndarray of int, shape (n_draws,)
        The first month with a non-empty range; for censored draws,
        ``n_months`` (the censoring time, as in survival analysis).
    censored : ndarray of bool, shape (n_draws,)
        True where no range opened within ``n_months``.
    survival : ndarray of shape (n_months + 1,)
        The share of draws with no range yet by each month (the Kaplan-Meier
        curve, as censoring happens only at the horizon).
    true_p : ndarray of shape (n_draws,)
        The true monthly win probability of A in each draw.
    actors : tuple of str
        The names of sides A and B (for tables and colours).
    seed : int
        The root seed: ``rng=seed`` reproduces the draws.
    """

    __repr__ = compact_repr

    months: NDArray[np.int64]
    battles: NDArray[np.bool_]
    belief_a: NDArray[np.float64]
    belief_b: NDArray[np.float64]
    cost_a: NDArray[np.float64]
    cost_b: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    opening_month: NDArray[np.int64]
    censored: NDArray[np.bool_]
    survival: NDArray[np.float64]
    true_p: NDArray[np.float64]
    actors: tuple[str, str]
    seed: int

    @property
    def n_draws(self) -> int:
        """The number of simulated wars."""
        return int(self.battles.shape[0])

    @property
    def n_months(self) -> int:
        """The horizon in months."""
        return int(self.battles.shape[1])

    @property
    def open(self) -> NDArray[np.bool_]:
        """Whether the range is non-empty, ndarray of bool of shape (n_draws, n_months + 1)."""
        return np.asarray(
            self.belief_a - self.belief_b <= self.cost_a + self.cost_b, dtype=np.bool_
        )

    def to_frame(self) -> pd.DataFrame:
        """Return one row per draw and month.

        Returns
        -------
        pandas.DataFrame
            Columns ``draw, month, belief_a, belief_b, low, high, open, opened``
            (``opened``: a range has opened by this month).
        """
        n, m = self.belief_a.shape
        opened = (self.months[None, :] >= self.opening_month[:, None]) & ~self.censored[:, None]
        return pd.DataFrame({
            "draw": np.repeat(np.arange(n), m),
            "month": np.tile(self.months, n),
            "belief_a": self.belief_a.ravel(),
            "belief_b": self.belief_b.ravel(),
            "low": self.low.ravel(),
            "high": self.high.ravel(),
            "open": self.open.ravel(),
            "opened": opened.ravel(),
        })

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the range over time; see :func:`models.plotting.plot_war_learning`."""
        from models.plotting.war import plot_war_learning

        return plot_war_learning(self, ax=ax, **kwargs)


def _per_draw(
    value: ArrayLike, name: str, func: str, n_draws: int, **kw: Any
) -> NDArray[np.float64]:
    arr = check_array(value, name, func, ndim=(0, 1), **kw).astype(np.float64)
    if arr.ndim == 1 and arr.shape[0] != n_draws:
        raise param_error(
            name, func, f"a scalar or an array of shape (n_draws,) = ({n_draws},)",
            f"an array of shape {arr.shape}",
        )
    return np.broadcast_to(arr, (n_draws,))


def _prior(value: ArrayLike, name: str, func: str, n_draws: int) -> NDArray[np.float64]:
    arr = check_array(value, name, func, ndim=(1, 2), shape=(2,),
                      shape_text="(2,) or (n_draws, 2)").astype(np.float64)
    if np.any(arr <= 0):
        raise param_error(name, func, "Beta shapes (alpha, beta) > 0", f"{np.min(arr):g}")
    if arr.ndim == 2 and arr.shape[0] != n_draws:
        raise param_error(
            name, func, f"an array of shape (2,) or (n_draws, 2) = ({n_draws}, 2)",
            f"an array of shape {arr.shape}",
        )
    return np.broadcast_to(arr, (n_draws, 2))


def simulate_war_learning(
    prior_a: ArrayLike,
    prior_b: ArrayLike,
    true_p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    n_months: int,
    *,
    n_draws: int = 1000,
    rng: np.random.Generator | int | None = None,
    chunk_size: int | None = None,
    actors: tuple[str, str] = ("A", "B"),
) -> WarLearning:
    r"""Simulate learning from monthly battles until a bargaining range opens.

    In each draw A wins each month's battle with probability ``true_p``; both
    sides see the outcomes and update their Beta priors on A's win
    probability (conjugate Beta-Binomial updating), while the cost each
    attaches to fighting on grows by ``cost_a`` and ``cost_b`` a month. The
    range opens in the first month :math:`t` with
    :math:`p_{A,t} - p_{B,t} \le (\kappa_A + \kappa_B)\,t`.

    Parameters
    ----------
    prior_a, prior_b : array_like of shape (2,) or (n_draws, 2)
        Each side's Beta prior ``(alpha, beta)`` on A's monthly win
        probability (e.g. a confident Kremlin and sceptical Western analysts).
    true_p : float or array_like of shape (n_draws,)
        The true monthly win probability of A, in [0, 1].
    cost_a, cost_b : float or array_like of shape (n_draws,)
        Each side's cost of war per month of fighting, as a share of the stakes, >= 0.
    n_months : int
        The horizon, >= 1.
    n_draws : int, default 1000
        The number of simulated wars, >= 1.
    rng : numpy.random.Generator, int or None
        The source of randomness. Draws come in fixed blocks of 256, block
        ``j`` from ``SeedSequence(seed, spawn_key=(j,))``, so the numbers do
        not depend on ``chunk_size``.
    chunk_size : int, optional
        Draws simulated at once (memory only; the results are identical), >= 1.
    actors : tuple of str, default ("A", "B")
        Names of the two sides.

    Returns
    -------
    WarLearning

    Raises
    ------
    ValueError
        If a prior shape is not positive, ``true_p`` leaves [0, 1], a cost is
        negative, a per-draw array does not have ``n_draws`` rows, or a count
        is below 1.

    Examples
    --------
    >>> sim = simulate_war_learning((8, 2), (3, 7), 0.4, 0.01, 0.01, 24,
    ...                             n_draws=500, rng=0)
    >>> sim.belief_a.shape
    (500, 25)
    >>> bool(sim.survival[0]), bool(sim.survival[-1] < 0.5)
    (True, True)

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414.
    .. [2] Slantchev, B. L. (2003). The principle of convergence in wartime
       negotiations. *American Political Science Review*, 97(4), 621-632.
    .. [3] Filson, D., & Werner, S. (2002). A bargaining model of war and
       peace. *American Journal of Political Science*, 46(4), 819-837.
    .. [4] Smith, A., & Stam, A. C. (2004). Bargaining and the nature of war.
       *Journal of Conflict Resolution*, 48(6), 783-813.
    """
    func = "simulate_war_learning"
    seed = root_seed(rng)
    n_months = check_int(n_months, "n_months", func, low=1)
    n_draws = check_int(n_draws, "n_draws", func, low=1)
    chunk = n_draws if chunk_size is None else check_int(chunk_size, "chunk_size", func, low=1)
    if (
        not isinstance(actors, tuple) or len(actors) != 2
        or not all(isinstance(a, str) for a in actors)
    ):
        raise param_error("actors", func, "a tuple of two str", repr(actors))
    pri_a = _prior(prior_a, "prior_a", func, n_draws)
    pri_b = _prior(prior_b, "prior_b", func, n_draws)
    theta = _per_draw(_probabilities(true_p, "true_p", func), "true_p", func, n_draws)
    kappa_a = _per_draw(cost_a, "cost_a", func, n_draws, nonnegative=True)
    kappa_b = _per_draw(cost_b, "cost_b", func, n_draws, nonnegative=True)

    battles = np.empty((n_draws, n_months), dtype=np.bool_)
    for start in range(0, n_draws, chunk):
        stop = min(start + chunk, n_draws)
        first, last = start // _BLOCK, (stop - 1) // _BLOCK
        # Months along the first axis, so extending the horizon keeps earlier months.
        uniforms = np.concatenate([
            child_rng(seed, j)
            .random((n_months, _BLOCK)).T
            for j in range(first, last + 1)
        ])
        offset = first * _BLOCK
        battles[start:stop] = uniforms[start - offset : stop - offset] < theta[start:stop, None]

    months = np.arange(n_months + 1, dtype=np.int64)
    wins = np.concatenate([np.zeros((n_draws, 1)), np.cumsum(battles, axis=1)], axis=1)
    belief_a = (pri_a[:, :1] + wins) / (pri_a.sum(axis=1, keepdims=True) + months)
    belief_b = (pri_b[:, :1] + wins) / (pri_b.sum(axis=1, keepdims=True) + months)
    c_a = kappa_a[:, None] * months
    c_b = kappa_b[:, None] * months
    is_open = belief_a - belief_b <= c_a + c_b
    opened = is_open.any(axis=1)
    opening = np.where(opened, np.argmax(is_open, axis=1), n_months).astype(np.int64)
    not_yet = months[None, :] < np.where(opened, opening, n_months + 1)[:, None]
    return WarLearning(
        months=months,
        battles=battles,
        belief_a=belief_a,
        belief_b=belief_b,
        cost_a=c_a,
        cost_b=c_b,
        low=np.maximum(belief_a - c_a, 0.0),
        high=np.minimum(belief_b + c_b, 1.0),
        opening_month=opening,
        censored=~opened,
        survival=not_yet.mean(axis=0),
        true_p=np.array(theta),
        actors=actors,
        seed=seed,
    )


# ------------------------------------------------------------------- the facade
_PROPOSITION = "four_regions_2025"


@dataclass(frozen=True, slots=True)
class WarBargaining:
    """Fearon's range, the mutual-optimism verdict and learning, for a scenario.

    Attributes
    ----------
    side_a, side_b : str
        The actors of sides A (whose share is :math:`x`) and B.
    holder_a, holder_b : str
        Whose beliefs stand for A's and B's view of A's chances.
    static : BargainingRange
        The range with the common win probability ``p`` (scalar arrays).
    optimism : BargainingRange
        The range with A's belief ``p_a`` and B's ``p_b``.
    learning : WarLearning or None
        The learning simulation, when asked for.
    sources : mapping of str to str
        Where each input came from (a belief or parameter id, or "argument").
    """

    __repr__ = compact_repr

    side_a: str
    side_b: str
    holder_a: str
    holder_b: str
    static: BargainingRange
    optimism: BargainingRange
    learning: WarLearning | None
    sources: Mapping[str, str]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per analysis (``static``, ``mutual_optimism``).

        Returns
        -------
        pandas.DataFrame
            Columns ``analysis, p_a, p_b, cost_a, cost_b, low, high, width,
            nonempty`` and, with learning, ``median_opening_month`` and
            ``share_censored`` on the mutual-optimism row.
        """
        frame = pd.concat(
            [self.static.to_frame(), self.optimism.to_frame()], ignore_index=True
        ).drop(columns="draw")
        frame.insert(0, "analysis", ["static", "mutual_optimism"])
        if self.learning is not None:
            opened = self.learning.opening_month[~self.learning.censored]
            median = float(np.median(opened)) if opened.size else float("nan")
            frame["median_opening_month"] = [float("nan"), median]
            frame["share_censored"] = [float("nan"), float(self.learning.censored.mean())]
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw both ranges; see :func:`models.plotting.plot_war_bargaining`."""
        from models.plotting.war import plot_war_bargaining

        return plot_war_bargaining(self, ax=ax, **kwargs)


def _belief(scenario: Scenario, holder: str, proposition: str, func: str) -> Any:
    for belief in scenario.beliefs_about(proposition):
        if belief.holder == holder:
            return belief
    holders = sorted(b.holder for b in scenario.beliefs_about(proposition))
    raise param_error(
        "holder", func, f"one of the holders of beliefs about {proposition!r} {holders}",
        repr(holder),
    )


def _beta_prior(belief: Any, prior_strength: float) -> tuple[float, float]:
    dist = belief.probability.uncertainty
    if dist.dist == "beta" and dist.low == 0.0 and dist.high == 1.0:
        return float(dist.alpha), float(dist.beta)
    mean = min(max(float(belief.probability.value), 1e-6), 1 - 1e-6)
    return mean * prior_strength, (1.0 - mean) * prior_strength


def war_bargaining(
    scenario: Scenario,
    *,
    analyst: str = "BARRY",
    side_a: str = "RUS",
    side_b: str = "UKR",
    proposition: str = _PROPOSITION,
    cut_support: bool = False,
    learning: bool = True,
    n_months: int = 24,
    n_draws: int = 2000,
    true_p: ArrayLike | None = None,
    prior_strength: float = 10.0,
    rng: np.random.Generator | int | None = None,
) -> WarBargaining:
    """Apply Fearon's model, mutual optimism and learning to a scenario.

    The mapping from the scenario:

    * side A is ``side_a`` (Russia), whose share of the stakes is :math:`x`;
      side B is ``side_b`` (Ukraine, with its Western backers);
    * :math:`p_A` is ``side_a``'s own belief about ``proposition`` (Putin's
      confidence that Russia takes the four regions by the end of 2025) and
      :math:`p_B` the belief of ``analyst`` (by default the IISS's Ben Barry;
      ``"RU_MOD"`` gives the sceptical Russian defence ministry source), the
      Western view of Russia's chances;
    * the common :math:`p` of the static range is the parameter
      ``p_russia_prevails`` (the analyst's pooled estimate) when the scenario
      has it, else :math:`p_B`;
    * :math:`c_A, c_B` are the parameters ``war_cost_<side_a>`` and
      ``war_cost_<side_b>``;
    * with ``cut_support``, the parameter ``arms_cutoff_effect`` (a US arms
      and intelligence cut-off) is added to every win probability and to the
      true monthly win rate, clipped to 1; the priors of the learning
      simulation stay the sides' present beliefs, which learn of it in battle;
    * learning: each side's Beta prior is the Beta uncertainty of its belief
      (else mean :math:`p` with ``prior_strength`` pseudo-battles), the
      monthly costs are the war costs spread over the parameter
      ``months_to_year_end`` (7 when absent), and the true monthly win rate is
      ``true_p`` (default: the static :math:`p`).

    Parameters
    ----------
    scenario : Scenario
    analyst : str, default "BARRY"
        The belief holder whose view stands for side B's.
    side_a, side_b : str, default "RUS", "UKR"
        The two sides; their beliefs and war costs are read from the scenario.
    proposition : str, default "four_regions_2025"
        The proposition whose beliefs give the win probabilities.
    cut_support : bool, default False
        Add ``arms_cutoff_effect`` to A's win probabilities.
    learning : bool, default True
        Run :func:`simulate_war_learning`.
    n_months, n_draws : int, default 24, 2000
        Horizon and number of draws of the simulation, >= 1.
    true_p : float or array_like of shape (n_draws,), optional
        The true monthly win rate of A.
    prior_strength : float, default 10
        Pseudo-battles of a prior whose belief is not a Beta on [0, 1], > 0.
    rng : numpy.random.Generator, int or None
        Randomness of the simulation.

    Returns
    -------
    WarBargaining

    Raises
    ------
    ValueError
        If a holder has no belief about ``proposition``, the scenario lacks a
        war cost, or an argument is out of range.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> res = war_bargaining(s, learning=False)
    >>> bool(res.static.nonempty), bool(res.optimism.nonempty)
    (True, False)

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414.
    .. [2] Fey, M., & Ramsay, K. W. (2007). Mutual optimism and war. *American
       Journal of Political Science*, 51(4), 738-754.
    .. [3] Smith, A., & Stam, A. C. (2004). Bargaining and the nature of war.
       *Journal of Conflict Resolution*, 48(6), 783-813.
    """
    func = "war_bargaining"
    n_months = check_int(n_months, "n_months", func, low=1)
    n_draws = check_int(n_draws, "n_draws", func, low=1)
    prior_strength = check_real(prior_strength, "prior_strength", func, low=0, low_open=True)
    params = {p.id: p for p in scenario.parameters}
    belief_a = _belief(scenario, side_a, proposition, func)
    belief_b = _belief(scenario, analyst, proposition, func)
    sources = {"p_a": belief_a.id, "p_b": belief_b.id}
    costs = []
    for side, name in ((side_a, "cost_a"), (side_b, "cost_b")):
        pid = f"war_cost_{side}"
        if pid not in params:
            raise param_error(f"side_{name[-1]}", func, f"an actor with a parameter {pid!r}",
                              repr(side))
        costs.append(float(params[pid].value.value))
        sources[name] = pid
    cost_a, cost_b = costs
    p_a = float(belief_a.probability.value)
    p_b = float(belief_b.probability.value)
    if "p_russia_prevails" in params and side_a == "RUS":
        p = float(params["p_russia_prevails"].value.value)
        sources["p"] = "p_russia_prevails"
    else:
        p, sources["p"] = p_b, belief_b.id
    effect = 0.0
    if cut_support:
        if "arms_cutoff_effect" not in params:
            raise ValueError(
                f"The scenario given to {func} has no parameter 'arms_cutoff_effect' "
                f"for cut_support=True."
            )
        effect = float(params["arms_cutoff_effect"].value.value)
        sources["effect"] = "arms_cutoff_effect"
    p, p_a, p_b = (min(q + effect, 1.0) for q in (p, p_a, p_b))
    static = bargaining_range(p, cost_a, cost_b)
    optimism = mutual_optimism(p_a, p_b, cost_a, cost_b)

    result_learning = None
    if learning:
        months = float(params["months_to_year_end"].value.value) if (
            "months_to_year_end" in params) else 7.0
        sources["months"] = "months_to_year_end" if "months_to_year_end" in params else "default"
        if true_p is None:
            theta: ArrayLike = p
        else:
            theta = np.minimum(_probabilities(true_p, "true_p", func) + effect, 1.0)
            sources["true_p"] = "argument"
        result_learning = simulate_war_learning(
            _beta_prior(belief_a, prior_strength), _beta_prior(belief_b, prior_strength),
            theta, cost_a / months, cost_b / months, n_months,
            n_draws=n_draws, rng=rng, actors=(side_a, side_b),
        )
    return WarBargaining(
        side_a=side_a, side_b=side_b, holder_a=side_a, holder_b=analyst,
        static=static, optimism=optimism, learning=result_learning,
        sources=MappingProxyType(sources),
    )
