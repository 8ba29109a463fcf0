r"""Typed specifications of uncertainty for judged numbers.

A coded number in a scenario (a salience, an ideal point, a capability, a
subjective probability) is an :class:`Estimate`: a point value, the
distribution of values the analyst considers plausible, and the rationale for
both. The distributions here are *specifications* only (data that can be
validated, saved and read back); drawing samples from them is numerics and
lives in :mod:`models`.

Each distribution is identified by its ``dist`` tag, so in YAML::

    salience:
      value: 0.9
      uncertainty: {dist: triangular, low: 0.8, mode: 0.9, high: 1.0}
      rationale: Territory is the core of the Kremlin's demands.

The supported families and their parameters:

================  ==================================================================
``uniform``       :math:`U(\\mathrm{low}, \\mathrm{high})`
``triangular``    triangular on [low, high] with mode ``mode``
``truncnormal``   :math:`N(\\mathrm{mean}, \\mathrm{sd}^2)` truncated to [low, high]
``beta``          :math:`\\mathrm{low} + (\\mathrm{high}-\\mathrm{low})\\,B(\\alpha, \\beta)`
``lognormal``     :math:`\\exp(N(\\log \\mathrm{median}, \\sigma^2))`
``discrete``      the listed numbers with the given weights
``categorical``   the listed labels with the given weights (non-numeric inputs)
``empirical``     resampling of the listed observations
``fixed``         a point mass (the analyst's explicit statement of no uncertainty)
================  ==================================================================
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from positions._base import Number, StrictModel, Text

__all__ = [
    "Beta",
    "Categorical",
    "Discrete",
    "Distribution",
    "Empirical",
    "Fixed",
    "LogNormal",
    "Triangular",
    "TruncNormal",
    "Uniform",
]

_TOL = 1e-9


class _Dist(StrictModel):
    """Common interface of the distribution specifications."""

    @model_serializer(mode="wrap")
    def _keep_tag(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # The tag is what tells the distributions apart: keep it even when
        # defaults are left out of a dump.
        data = handler(self)
        return {"dist": getattr(self, "dist"), **data}  # noqa: B009

    def support(self) -> tuple[float, float]:
        """Return the smallest closed interval that holds every possible value.

        Returns
        -------
        tuple of float
            ``(low, high)``; either end may be infinite.
        """
        raise TypeError(f"{type(self).__name__} has no numeric support")

    def contains(self, value: float) -> bool:
        """Tell whether ``value`` is a possible value of the distribution.

        Parameters
        ----------
        value : float
            The number to test.

        Returns
        -------
        bool
            True when ``value`` lies in :meth:`support` (with a tolerance of 1e-9).
        """
        low, high = self.support()
        return low - _TOL <= value <= high + _TOL


def _weights_ok(weights: tuple[float, ...] | None, n: int, what: str) -> None:
    if weights is None:
        return
    if len(weights) != n:
        raise ValueError(f"weights has {len(weights)} entries but {what} has {n}")
    if any(w < 0 for w in weights):
        raise ValueError(f"weights must be >= 0, got {list(weights)}")
    if sum(weights) <= 0:
        raise ValueError("weights must not all be zero")


class Uniform(_Dist):
    """Uniform distribution on ``[low, high]``.

    Examples
    --------
    >>> Uniform(low=0.2, high=0.6).support()
    (0.2, 0.6)
    """

    dist: Literal["uniform"] = "uniform"
    low: Number
    high: Number

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self

    def support(self) -> tuple[float, float]:  # noqa: D102
        return (self.low, self.high)


class Triangular(_Dist):
    """Triangular distribution on ``[low, high]`` with mode ``mode``.

    Examples
    --------
    >>> Triangular(low=0, mode=0.5, high=1).contains(0.9)
    True
    """

    dist: Literal["triangular"] = "triangular"
    low: Number
    mode: Number
    high: Number

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"need low <= mode <= high and low < high, got "
                f"low={self.low}, mode={self.mode}, high={self.high}"
            )
        return self

    def support(self) -> tuple[float, float]:  # noqa: D102
        return (self.low, self.high)


class TruncNormal(_Dist):
    """Normal distribution with mean ``mean`` and s.d. ``sd``, truncated to ``[low, high]``.

    ``low`` or ``high`` left out means no truncation on that side.

    Examples
    --------
    >>> TruncNormal(mean=0.5, sd=0.1, low=0, high=1).support()
    (0.0, 1.0)
    """

    dist: Literal["truncnormal"] = "truncnormal"
    mean: Number
    sd: Number = Field(gt=0)
    low: Number | None = None
    high: Number | None = None

    @model_validator(mode="after")
    def _order(self) -> TruncNormal:
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self

    def support(self) -> tuple[float, float]:  # noqa: D102
        low = -math.inf if self.low is None else float(self.low)
        high = math.inf if self.high is None else float(self.high)
        return (low, high)


class Beta(_Dist):
    """Beta distribution with shapes ``alpha`` and ``beta``, rescaled to ``[low, high]``.

    Examples
    --------
    >>> Beta(alpha=8, beta=2).support()
    (0.0, 1.0)
    """

    dist: Literal["beta"] = "beta"
    alpha: Number = Field(gt=0)
    beta: Number = Field(gt=0)
    low: Number = 0.0
    high: Number = 1.0

    @model_validator(mode="after")
    def _order(self) -> Beta:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self

    def support(self) -> tuple[float, float]:  # noqa: D102
        return (self.low, self.high)


class LogNormal(_Dist):
    """Log-normal distribution: ``log X ~ N(log(median), sigma**2)``.

    Examples
    --------
    >>> LogNormal(median=2.0, sigma=0.3).contains(0.0)
    False
    """

    dist: Literal["lognormal"] = "lognormal"
    median: Number = Field(gt=0)
    sigma: Number = Field(gt=0)

    def support(self) -> tuple[float, float]:  # noqa: D102
        return (0.0, math.inf)

    def contains(self, value: float) -> bool:  # noqa: D102
        return value > 0


class Discrete(_Dist):
    """A finite set of numbers with weights (equal weights when left out).

    Examples
    --------
    >>> Discrete(values=(0, 50, 100), weights=(0.2, 0.5, 0.3)).contains(50)
    True
    """

    dist: Literal["discrete"] = "discrete"
    values: tuple[Number, ...] = Field(min_length=1)
    weights: tuple[Number, ...] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Discrete:
        _weights_ok(self.weights, len(self.values), "values")
        return self

    def support(self) -> tuple[float, float]:  # noqa: D102
        return (min(self.values), max(self.values))

    def contains(self, value: float) -> bool:  # noqa: D102
        return any(abs(v - value) <= _TOL for v in self.values)


class Categorical(_Dist):
    """A finite set of labels with weights, for non-numeric inputs.

    Examples
    --------
    >>> Categorical(categories=("talks", "war")).categories
    ('talks', 'war')
    """

    dist: Literal["categorical"] = "categorical"
    categories: tuple[Text, ...] = Field(min_length=1)
    weights: tuple[Number, ...] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Categorical:
        _weights_ok(self.weights, len(self.categories), "categories")
        if len(set(self.categories)) != len(self.categories):
            raise ValueError(f"categories repeat: {list(self.categories)}")
        return self

    def contains(self, value: float) -> bool:  # noqa: D102
        return False


class Empirical(_Dist):
    """Resampling of observed values (for example, other coders' codings).

    Examples
    --------
    >>> Empirical(samples=(0.6, 0.7, 0.9)).support()
    (0.6, 0.9)
    """

    dist: Literal["empirical"] = "empirical"
    samples: tuple[Number, ...] = Field(min_length=1)

    def support(self) -> tuple[float, float]:  # noqa: D102
        return (min(self.samples), max(self.samples))


class Fixed(_Dist):
    """A point mass: the explicit statement that a number is not uncertain.

    Inside an :class:`~positions.Estimate` the mass sits at the estimate's
    value and ``value`` may be left out.

    Examples
    --------
    >>> Fixed(value=3.0).support()
    (3.0, 3.0)
    """

    dist: Literal["fixed"] = "fixed"
    value: Number | None = None

    def support(self) -> tuple[float, float]:  # noqa: D102
        if self.value is None:
            return (-math.inf, math.inf)
        return (self.value, self.value)


Distribution = Annotated[
    Uniform
    | Triangular
    | TruncNormal
    | Beta
    | LogNormal
    | Discrete
    | Categorical
    | Empirical
    | Fixed,
    Field(discriminator="dist"),
]
"""Any distribution specification, told apart by its ``dist`` tag."""
