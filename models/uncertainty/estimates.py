r"""Monte Carlo estimates: means, probabilities and quantiles with their intervals.

For an output :math:`Y = g(X)` evaluated on :math:`N` independent draws
:math:`x^{(1)}, \dots, x^{(N)}`, the mean is estimated with its standard error
and normal interval

.. math::

    \hat\mu_N = \frac1N \sum_{r=1}^N g(x^{(r)}), \qquad
    \widehat{\mathrm{se}} = \frac{s_N}{\sqrt N}, \qquad
    \hat\mu_N \pm z_{1-\alpha/2}\, \widehat{\mathrm{se}},

(the central limit theorem; Robert and Casella 2004, ch. 3), and for an
event, the proportion :math:`\hat p` with the Wilson (1927) score interval

.. math::

    \frac{\hat p + \frac{z^2}{2N} \pm z \sqrt{\frac{\hat p (1 - \hat p)}{N}
    + \frac{z^2}{4N^2}}}{1 + \frac{z^2}{N}},

which keeps its coverage near the nominal level even for :math:`\hat p`
near 0 or 1, unlike the normal (Wald) interval (Brown, Cai and DasGupta
2001). A quantile :math:`\xi_q` gets the distribution-free interval between
the order statistics :math:`x_{(l)}` and :math:`x_{(u)}` of ranks
:math:`l = F^{-1}_{B}(\alpha/2)` and :math:`u = F^{-1}_{B}(1 - \alpha/2) + 1`
of the binomial :math:`B(N, q)` (Conover 1999, sec. 3.2). These standard
errors assume independent draws (``sampler='random'``); Latin hypercube
sampling never has a larger asymptotic variance (Stein 1987) and quasi-Monte
Carlo usually a much smaller one, so for them the reported errors are
conservative guides, not exact.

The running estimate over the first :math:`n` draws (:func:`running_estimate`)
shows whether :math:`N` was enough: with :math:`h` the final half-width, a
half-width of :math:`\mathrm{tol}` needs about :math:`N (h / \mathrm{tol})^2`
draws.

References
----------
.. [1] Robert, C. P. and Casella, G. (2004). *Monte Carlo Statistical
   Methods*, 2nd ed. Springer.
.. [2] Wilson, E. B. (1927). Probable inference, the law of succession, and
   statistical inference. *JASA*, 22(158), 209-212.
.. [3] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval
   estimation for a binomial proportion. *Statistical Science*, 16(2), 101-133.
.. [4] Conover, W. J. (1999). *Practical Nonparametric Statistics*, 3rd ed.
   Wiley.
.. [5] Stein, M. (1987). Large sample properties of simulations using Latin
   hypercube sampling. *Technometrics*, 29(2), 143-151.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from models._checks import check_int, check_real, param_error
from models._repr import compact_repr, frame_html

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "Convergence",
    "MCEstimate",
    "mean_estimate",
    "probability_estimate",
    "quantile_estimate",
    "running_estimate",
    "wilson_interval",
]


def _z(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2))


def _wilson(k: NDArray[Any], n: NDArray[Any], z: float) -> tuple[NDArray[Any], NDArray[Any]]:
    n = np.asarray(n, dtype=float)
    p = np.asarray(k, dtype=float) / np.where(n > 0, n, 1.0)
    denom = 1.0 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def _level(level: Any, func: str) -> float:
    return check_real(level, "level", func, low=0, high=1, low_open=True, high_open=True)


@dataclass(frozen=True, slots=True)
class MCEstimate:
    """A Monte Carlo estimate with its standard error and confidence interval.

    Attributes
    ----------
    name : str
        The output or event.
    statistic : {'mean', 'probability', 'quantile'}
    estimate : float
    se : float
        The Monte Carlo standard error (NaN for a quantile).
    ci_low, ci_high : float
        The confidence interval.
    level : float
        Its confidence level.
    n : int
        Draws used (finite values of the output).
    method : str
        ``'normal'`` (CLT), ``'wilson'`` (score interval) or ``'order statistics'``.
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    name: str
    statistic: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    n: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the estimate as a one-row table.

        Returns
        -------
        pandas.DataFrame
            Columns ``name, statistic, estimate, se, ci_low, ci_high, level, n, method``.
        """
        import pandas as pd

        return pd.DataFrame([{f: getattr(self, f) for f in self.__slots__}])

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the estimate with its interval; see :func:`models.plotting.plot_mc_estimate`."""
        from models.plotting.uncertainty import plot_mc_estimate

        return plot_mc_estimate(self, ax=ax, **kwargs)


def wilson_interval(
    k: ArrayLike, n: ArrayLike, *, level: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the Wilson score interval of ``k`` successes in ``n`` trials.

    Parameters
    ----------
    k, n : array_like
        Successes and trials (broadcast together).
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    low, high : ndarray
        The interval's ends, within [0, 1].

    Raises
    ------
    ValueError
        If ``level`` is not in (0, 1).

    References
    ----------
    .. [1] Wilson, E. B. (1927). *JASA*, 22(158), 209-212.

    Examples
    --------
    >>> low, high = wilson_interval(0, 20)
    >>> float(low), round(float(high), 3)
    (0.0, 0.161)
    """
    level = _level(level, "wilson_interval")
    low, high = _wilson(np.asarray(k), np.asarray(n), _z(level))
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def probability_estimate(
    name: str, event: ArrayLike, *, level: float = 0.95,
    method: Literal["wilson", "normal"] = "wilson",
) -> MCEstimate:
    """Estimate a probability from a boolean sample, with a Wilson (or normal) interval.

    Parameters
    ----------
    name : str
        The event's name.
    event : array_like of bool, shape (n_draws,)
        Whether the event occurs in each draw.
    level : float
        Confidence level in (0, 1).
    method : {'wilson', 'normal'}
        The Wilson score interval (default) or the normal (Wald) one.

    Returns
    -------
    MCEstimate

    Raises
    ------
    ValueError
        If ``level`` or ``method`` is invalid.

    References
    ----------
    .. [1] Wilson, E. B. (1927). *JASA*, 22(158), 209-212.
    .. [2] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). *Statistical
       Science*, 16(2), 101-133.

    Examples
    --------
    >>> est = probability_estimate("heads", [True, False, True, True])
    >>> est.estimate, est.method
    (0.75, 'wilson')
    """
    func = "probability_estimate"
    level = _level(level, func)
    if method not in ("wilson", "normal"):
        raise param_error("method", func, "one of 'wilson', 'normal'", repr(method))
    return _proportion(name, np.asarray(event), level, method)


def _proportion(name: str, event: NDArray[Any], level: float, method: str) -> MCEstimate:
    n = int(event.size)
    k = int(np.count_nonzero(event))
    p = k / n if n else math.nan
    se = math.sqrt(p * (1 - p) / n) if n else math.nan
    z = _z(level)
    if method == "wilson":
        lo, hi = _wilson(np.array(k), np.array(n), z)
        low, high = min(float(lo), p), max(float(hi), p)
    else:
        low, high = max(0.0, p - z * se), min(1.0, p + z * se)
    return MCEstimate(name, "probability", p, se, low, high, level, n, method)


def mean_estimate(name: str, x: ArrayLike, *, level: float = 0.95) -> MCEstimate:
    """Estimate a mean (over the finite values) with its CLT interval.

    A boolean sample gives the probability with its Wilson interval
    (:func:`probability_estimate`).

    Parameters
    ----------
    name : str
        The output's name.
    x : array_like of shape (n_draws,)
        The output in each draw.
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    MCEstimate

    Raises
    ------
    ValueError
        If ``level`` is not in (0, 1).

    Examples
    --------
    >>> est = mean_estimate("y", [1.0, 2.0, 3.0, float("nan")])
    >>> est.estimate, est.n, round(est.se, 3)
    (2.0, 3, 0.577)
    """
    level = _level(level, "mean_estimate")
    return _mean(name, np.asarray(x), level)


def _mean(name: str, x: NDArray[Any], level: float) -> MCEstimate:
    if x.dtype == bool:
        return _proportion(name, x, level, "wilson")
    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    mean = float(x.mean()) if n else math.nan
    se = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
    z = _z(level)
    return MCEstimate(name, "mean", mean, se, mean - z * se, mean + z * se, level, n, "normal")


def quantile_estimate(name: str, x: ArrayLike, q: float, *, level: float = 0.95) -> MCEstimate:
    r"""Estimate a quantile (over the finite values) with a distribution-free interval.

    The interval runs between the order statistics of ranks
    :math:`l = F^{-1}_{B}(\alpha/2)` and :math:`u = F^{-1}_{B}(1 - \alpha/2) + 1`
    of the binomial :math:`B(n, q)` (Conover 1999, sec. 3.2).

    Parameters
    ----------
    name : str
        The output's name.
    x : array_like of shape (n_draws,)
        The output in each draw.
    q : float
        In [0, 1].
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    MCEstimate

    Raises
    ------
    ValueError
        If ``q`` or ``level`` is out of range.

    References
    ----------
    .. [1] Conover, W. J. (1999). *Practical Nonparametric Statistics*, 3rd
       ed. Wiley, sec. 3.2.

    Examples
    --------
    >>> est = quantile_estimate("y", range(101), 0.5)
    >>> est.estimate, est.ci_low < 50 < est.ci_high
    (50.0, True)
    """
    func = "quantile_estimate"
    level = _level(level, func)
    q = check_real(q, "q", func, low=0, high=1)
    return _quantile(name, np.asarray(x), q, level)


def _quantile(name: str, x: NDArray[Any], q: float, level: float) -> MCEstimate:
    x = np.asarray(x, dtype=float)
    x = np.sort(x[np.isfinite(x)])
    n = int(x.size)
    if n == 0:
        return MCEstimate(name, "quantile", math.nan, math.nan, math.nan, math.nan,
                          level, 0, "order statistics")
    alpha = 1 - level
    lo = int(stats.binom.ppf(alpha / 2, n, q))
    hi = int(stats.binom.ppf(1 - alpha / 2, n, q)) + 1
    low = float(x[min(max(lo, 1), n) - 1])
    high = float(x[min(max(hi, 1), n) - 1])
    return MCEstimate(name, "quantile", float(np.quantile(x, q)), math.nan, low, high,
                      level, n, "order statistics")


@dataclass(frozen=True, slots=True)
class Convergence:
    r"""The running estimate of a Monte Carlo output against the number of draws.

    Attributes
    ----------
    name : str
    statistic : {'mean', 'probability'}
    n : ndarray of int, shape (n_points,)
        The numbers of draws at which the estimate is taken (increasing).
    estimate, se, ci_low, ci_high : ndarray of shape (n_points,)
        The estimate over the first ``n`` draws, its standard error and interval.
    level : float
    tol : float
        The half-width of the interval asked for.
    converged : bool
        Whether the final interval's half-width is at most ``tol``.
    n_needed : float
        The draws the final standard error suggests for a half-width of
        ``tol``, :math:`n (h / \mathrm{tol})^2` (:math:`h` the final half-width).
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    name: str
    statistic: str
    n: NDArray[np.int64]
    estimate: NDArray[np.float64]
    se: NDArray[np.float64]
    ci_low: NDArray[np.float64]
    ci_high: NDArray[np.float64]
    level: float
    tol: float
    converged: bool
    n_needed: float

    def to_frame(self) -> pd.DataFrame:
        """Return one row per checkpoint.

        Returns
        -------
        pandas.DataFrame
            Columns ``n, estimate, se, ci_low, ci_high``.
        """
        import pandas as pd

        return pd.DataFrame({"n": self.n, "estimate": self.estimate, "se": self.se,
                             "ci_low": self.ci_low, "ci_high": self.ci_high})

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the running estimate and its band; see :func:`models.plotting.plot_convergence`."""
        from models.plotting.uncertainty import plot_convergence

        return plot_convergence(self, ax=ax, **kwargs)


def running_estimate(
    name: str, x: ArrayLike, *, level: float = 0.95, tol: float = 0.01, n_points: int = 50,
) -> Convergence:
    """Return the running estimate of a sample and its error against the number of draws.

    The mean of a numeric sample (over the first ``n`` draws, finite values
    only) with its normal interval, or the probability of a boolean one with
    its Wilson interval, at ``n_points`` geometrically spaced numbers of
    draws.

    Parameters
    ----------
    name : str
        The output's name.
    x : array_like of shape (n_draws,)
        The output (numbers or booleans) in draw order.
    level : float
        Confidence level in (0, 1).
    tol : float
        The interval half-width wanted (> 0): ``converged`` tells whether
        the final one is at most this.
    n_points : int
        Checkpoints (>= 2).

    Returns
    -------
    Convergence

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> conv = running_estimate("heads", np.arange(1000) % 2 == 0, n_points=5)
    >>> conv.n.tolist(), conv.statistic, conv.converged
    ([10, 31, 100, 316, 1000], 'probability', False)
    """
    func = "running_estimate"
    level = _level(level, func)
    tol = check_real(tol, "tol", func, low=0, low_open=True)
    n_points = check_int(n_points, "n_points", func, low=2)
    return _running(name, np.asarray(x), level, tol, n_points)


def _running(name: str, x: NDArray[Any], level: float, tol: float,
             n_points: int) -> Convergence:
    z = _z(level)
    n_total = int(x.shape[0])
    checkpoints = np.unique(np.geomspace(min(10, n_total), n_total, n_points).astype(
        np.int64))
    if x.dtype == bool:
        statistic = "probability"
        k = np.cumsum(x)[checkpoints - 1].astype(float)
        n = checkpoints.astype(float)
        est = k / n
        se = np.sqrt(est * (1 - est) / n)
        low, high = _wilson(k, n, z)
    else:
        statistic = "mean"
        est, se = _running_mean(np.asarray(x, dtype=float), checkpoints)
        low, high = est - z * se, est + z * se
    half = float((high[-1] - low[-1]) / 2)
    needed = float(checkpoints[-1] * (half / tol) ** 2) if np.isfinite(half) else math.nan
    return Convergence(
        name=name, statistic=statistic, n=checkpoints, estimate=np.asarray(est, dtype=float),
        se=np.asarray(se, dtype=float), ci_low=np.asarray(low, dtype=float),
        ci_high=np.asarray(high, dtype=float), level=level, tol=tol,
        converged=bool(half <= tol), n_needed=needed,
    )


def _running_mean(
    x: NDArray[np.float64], checkpoints: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the mean and its standard error over the finite values of each prefix."""
    finite = np.isfinite(x)
    shift = float(x[finite][0]) if finite.any() else 0.0
    y = np.where(finite, x - shift, 0.0)
    count = np.cumsum(finite)[checkpoints - 1].astype(float)
    s1 = np.cumsum(y)[checkpoints - 1]
    s2 = np.cumsum(y * y)[checkpoints - 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s1 / count
        var = np.maximum(s2 - count * mean**2, 0.0) / (count - 1)
        se = np.sqrt(var / count)
    return np.asarray(mean + shift, dtype=float), np.asarray(se, dtype=float)
