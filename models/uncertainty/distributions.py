r"""Distributions: the quantile function :math:`F^{-1}` of every uncertainty specification.

Every judged number of a :class:`positions.Scenario` is an
:class:`positions.Estimate` whose ``uncertainty`` is a distribution
*specification* (:mod:`positions.uncertainty`). This module turns a
specification into numbers by inversion: an input with marginal CDF :math:`F`
is drawn from a uniform :math:`u \in [0, 1)` as

.. math::

    x = F^{-1}(u) = \inf\{x : F(x) \ge u\},

so any sampler of the unit hypercube (:mod:`models.uncertainty.samplers`)
drives every family: uniform, triangular, truncated normal, beta, log-normal
(from :mod:`scipy.stats` or their closed forms), discrete and categorical
(the generalised inverse of a step CDF; a categorical input is coded by its
category's index), empirical (resampling of the sorted observations, each
with mass :math:`1/m`) and fixed (a constant) (Devroye 1986, ch. II.2).
Uniforms are kept within :math:`[2^{-53}, 1 - 2^{-53}]` so that unbounded
families stay finite.

References
----------
.. [1] Devroye, L. (1986). *Non-Uniform Random Variate Generation*.
   Springer, ch. II.2 (the inversion method).
.. [2] Virtanen, P. et al. (2020). SciPy 1.0: fundamental algorithms for
   scientific computing in Python. *Nature Methods*, 17, 261-272
   (``scipy.stats`` quantile functions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from models._checks import check_array, param_error
from positions import (
    Beta,
    Categorical,
    Discrete,
    Empirical,
    Fixed,
    LogNormal,
    Triangular,
    TruncNormal,
    Uniform,
)

if TYPE_CHECKING:
    from positions import Distribution

__all__ = ["ppf"]

_EPS = 2.0**-53
"""Uniforms are kept in [_EPS, 1 - _EPS] so that unbounded families stay finite."""

_DISTS = (Uniform, Triangular, TruncNormal, Beta, LogNormal, Discrete, Categorical, Empirical,
          Fixed)


def _check_dist(distribution: Any, func: str) -> None:
    if not isinstance(distribution, _DISTS):
        raise TypeError(
            f"The 'distribution' parameter of {func} must be a distribution of "
            f"positions.uncertainty (Uniform, Triangular, ...). Got {distribution!r:.60} instead."
        )


def _step_ppf(cum: NDArray[np.float64], u: NDArray[np.float64]) -> NDArray[np.intp]:
    """Index of the first atom whose cumulative mass reaches ``u`` (generalised inverse)."""
    idx = np.searchsorted(cum, u, side="left")
    return np.minimum(idx, cum.size - 1).astype(np.intp)


def _scaled(weights: ArrayLike) -> NDArray[np.float64]:
    """Weights divided by their largest, so that summing them cannot overflow (1e308 + 1e308)."""
    w = np.asarray(weights, dtype=float)
    top = w.max() if w.size else 0.0
    return w / top if np.isfinite(top) and top > 0 else w


def _cumulative(weights: tuple[float, ...] | None, n: int) -> NDArray[np.float64]:
    w = np.ones(n) if weights is None else _scaled(weights)
    cum = np.asarray(np.cumsum(w) / w.sum(), dtype=float)
    cum[-1] = 1.0
    return cum


def ppf(
    distribution: Distribution, u: ArrayLike, *, value: float | None = None
) -> NDArray[np.float64]:
    r"""Return the quantiles :math:`F^{-1}(u)` of a distribution specification.

    This is the inverse-CDF (inversion) transform that turns uniforms from any
    sampler of the unit hypercube into draws of the distribution.

    Parameters
    ----------
    distribution : positions.Distribution
        ``Uniform``, ``Triangular``, ``TruncNormal``, ``Beta``, ``LogNormal``,
        ``Discrete``, ``Categorical``, ``Empirical`` or ``Fixed``.
    u : array_like
        Probabilities in [0, 1]; they are kept within
        :math:`[2^{-53}, 1 - 2^{-53}]` so that unbounded families stay finite.
    value : float, optional
        The point of a ``Fixed`` distribution that gives none (the estimate's
        value).

    Returns
    -------
    ndarray of float, the shape of ``u``
        The quantiles. For ``Categorical``, the index of the category (0, 1,
        ...); for ``Empirical``, an observation (the sorted observations each
        carry mass :math:`1/m`); for ``Discrete``, a value (sorted, with its
        weight).

    Raises
    ------
    TypeError
        If ``distribution`` is not a distribution specification.
    ValueError
        If ``u`` is not a finite array within [0, 1], or a ``Fixed``
        distribution has no value and none is given.

    References
    ----------
    .. [1] Devroye, L. (1986). *Non-Uniform Random Variate Generation*.
       Springer, ch. II.2.
    .. [2] Virtanen, P. et al. (2020). SciPy 1.0: fundamental algorithms for
       scientific computing in Python. *Nature Methods*, 17, 261-272
       (``scipy.stats`` quantile functions).

    Examples
    --------
    >>> from positions import Triangular, Discrete
    >>> ppf(Triangular(low=0, mode=0, high=1), [0.0, 0.75]).round(3).tolist()
    [0.0, 0.5]
    >>> ppf(Discrete(values=(0, 50, 100), weights=(0.2, 0.5, 0.3)), [0.1, 0.5, 0.95]).tolist()
    [0.0, 50.0, 100.0]
    """
    func = "ppf"
    _check_dist(distribution, func)
    arr = check_array(u, "u", func)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        raise param_error("u", func, "an array of probabilities in [0, 1]",
                          f"a value of {float(arr.min() if arr.min() < 0 else arr.max()):g}")
    return _ppf(distribution, arr, value, func)


def _ppf(
    dist: Any, u: NDArray[np.float64], value: float | None, func: str
) -> NDArray[np.float64]:
    """:func:`ppf` without the argument checks (``u`` is a float array within [0, 1])."""
    return _ppf_inner(dist, np.clip(u, _EPS, 1.0 - _EPS), value, func)


def _ppf_inner(
    dist: Any, u: NDArray[np.float64], value: float | None, func: str
) -> NDArray[np.float64]:
    """:func:`ppf` of uniforms already within :math:`[2^{-53}, 1 - 2^{-53}]`."""
    if isinstance(dist, Uniform):
        return np.asarray(dist.low + u * (dist.high - dist.low), dtype=float)
    if isinstance(dist, Triangular):
        # the closed form of scipy.stats.triang.ppf, about ten times faster
        low, mode, high = dist.low, dist.mode, dist.high
        width = high - low
        c = (mode - low) / width
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1.0 - u) * width * (high - mode))
        return np.asarray(np.where(u < c, left, right), dtype=float)
    if isinstance(dist, TruncNormal):
        a = -np.inf if dist.low is None else (dist.low - dist.mean) / dist.sd
        b = np.inf if dist.high is None else (dist.high - dist.mean) / dist.sd
        out = stats.truncnorm.ppf(u, a, b, loc=dist.mean, scale=dist.sd)
        low, high = dist.support()
        return np.asarray(np.clip(out, low, high), dtype=float)
    if isinstance(dist, Beta):
        out = stats.beta.ppf(u, dist.alpha, dist.beta, loc=dist.low, scale=dist.high - dist.low)
        return np.asarray(out, dtype=float)
    if isinstance(dist, LogNormal):
        # scipy.stats.lognorm(s=sigma, scale=median).ppf in closed form
        return np.asarray(dist.median * np.exp(dist.sigma * special.ndtri(u)), dtype=float)
    if isinstance(dist, Discrete):
        order = np.argsort(dist.values, kind="stable")
        values = np.asarray(dist.values, dtype=float)[order]
        weights = None if dist.weights is None else tuple(np.asarray(dist.weights)[order])
        return values[_step_ppf(_cumulative(weights, values.size), u)]
    if isinstance(dist, Categorical):
        cum = _cumulative(dist.weights, len(dist.categories))
        return _step_ppf(cum, u).astype(float)
    if isinstance(dist, Empirical):
        samples = np.sort(np.asarray(dist.samples, dtype=float))
        idx = np.minimum((u * samples.size).astype(np.intp), samples.size - 1)
        return samples[idx]
    point = dist.value if dist.value is not None else value
    if point is None:
        raise ValueError(
            f"The 'value' parameter of {func} must be given for a Fixed distribution "
            "without a value. Got None instead."
        )
    return np.full(u.shape, float(point))


def _support(dist: Any, value: float) -> tuple[float, float]:
    if isinstance(dist, Categorical):
        return (0.0, float(len(dist.categories) - 1))
    if isinstance(dist, Fixed):
        point = value if dist.value is None else dist.value
        return (float(point), float(point))
    low, high = dist.support()
    return (float(low), float(high))


def _median(dist: Any) -> float:
    if isinstance(dist, Categorical):
        weights = np.ones(len(dist.categories)) if dist.weights is None else np.asarray(
            dist.weights)
        return float(np.argmax(weights))
    if isinstance(dist, Fixed):
        if dist.value is None:
            raise ValueError("a Fixed distribution for a free name needs a value")
        return float(dist.value)
    return float(_ppf(dist, np.array([0.5]), None, "uncertain")[0])


def _atom_masses(dist: Any) -> NDArray[np.float64] | None:
    """Return the masses of a discrete input's atoms in :func:`ppf`'s order, else None.

    ``Discrete`` values are sorted (with their weights), ``Categorical``
    categories keep their order, ``Empirical`` observations weigh :math:`1/m`
    each (unnormalised: ones).
    """
    if isinstance(dist, Empirical):
        return np.ones(len(dist.samples))
    if isinstance(dist, Discrete):
        order = np.argsort(dist.values, kind="stable")
        return np.ones(len(dist.values)) if dist.weights is None else _scaled(
            dist.weights)[order]
    if isinstance(dist, Categorical):
        return np.ones(len(dist.categories)) if dist.weights is None else _scaled(
            dist.weights)
    return None
