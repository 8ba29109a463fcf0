r"""Fearon's bargaining range and the mutual-optimism condition.

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

References
----------
.. [1] Blainey, G. (1973). *The Causes of War*. Free Press.
.. [2] Fearon, J. D. (1995). Rationalist explanations for war. *International
   Organization*, 49(3), 379-414.
.. [3] Fey, M., & Ramsay, K. W. (2007). Mutual optimism and war. *American
   Journal of Political Science*, 51(4), 738-754.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from models._repr import compact_repr, frame_html
from models.war._common import _broadcast, _costs, _draw_index, _probabilities

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["BargainingRange", "bargaining_range", "mutual_optimism"]


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

    _repr_html_ = frame_html

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
