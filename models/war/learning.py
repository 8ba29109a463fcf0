r"""Learning while fighting: Beta-Binomial beliefs and the month a bargaining range opens.

Battles are informative (Filson and Werner 2002; Slantchev 2003; Smith and Stam
2004). Each month A wins the battle with the true probability :math:`\theta`;
each side holds a Beta prior :math:`\mathrm{Beta}(\alpha_i, \beta_i)` on
:math:`\theta`, and after :math:`k_t` wins in :math:`t` months its conjugate
Beta-Binomial posterior mean is

.. math::

    p_{i,t} = \frac{\alpha_i + k_t}{\alpha_i + \beta_i + t}.

Each side's posterior mean stands for its estimate of A's chance of winning.
War weariness makes the cost each side attaches to fighting on grow with the
months fought, :math:`c_i(t) = \kappa_i\, t` for the monthly cost
:math:`\kappa_i`. A bargaining range (Fearon 1995; see
:mod:`models.war.fearon`) opens in the first month with

.. math::

    p_{A,t} - p_{B,t} \le c_A(t) + c_B(t),

the month mutual optimism ends (:func:`simulate_war_learning`).

References
----------
.. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
   Organization*, 49(3), 379-414.
.. [2] Filson, D., & Werner, S. (2002). A bargaining model of war and peace.
   *American Journal of Political Science*, 46(4), 819-837.
.. [3] Slantchev, B. L. (2003). The principle of convergence in wartime
   negotiations. *American Political Science Review*, 97(4), 621-632.
.. [4] Smith, A., & Stam, A. C. (2004). Bargaining and the nature of war.
   *Journal of Conflict Resolution*, 48(6), 783-813.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, param_error
from models._random import child_rng, root_seed
from models._repr import compact_repr, frame_html
from models.war._common import _probabilities

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["WarLearning", "simulate_war_learning"]

_BLOCK = 256
"""Draws per random stream in :func:`simulate_war_learning` (fixed: results do not
depend on ``chunk_size``)."""


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

    _repr_html_ = frame_html

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
