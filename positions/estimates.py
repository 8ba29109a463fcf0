"""Judged numbers: :class:`Estimate`, and the bounded kinds a scenario uses.

A coded number in a scenario (a salience, an ideal point, a capability, a
subjective probability) is an :class:`Estimate`: a point value, the
distribution of values the analyst considers plausible, the rationale, and
what it rests on (its own quotes, its premises, and the estimative words a
source uses for it). :data:`Salience`, :data:`Probability` and
:data:`NonNegative` are estimates whose value and whole uncertainty must stay
in [0, 1] or [0, inf). :mod:`positions.entities` re-exports them all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, model_validator

from positions._base import Number, StrictModel, Text
from positions.errors import Problem, ScenarioError, short_repr
from positions.sources import Evidence
from positions.uncertainty import Categorical, Discrete, Distribution

__all__ = ["Estimate", "HardRange", "NonNegative", "Probability", "Salience"]


class Estimate(StrictModel):
    """A judged number: point value, uncertainty, rationale, evidence and assumptions.

    A number's provenance is its quoted ``evidence`` (what the sources say)
    together with its ``assumptions`` (the premises that do not come from the
    sources).

    Parameters
    ----------
    value : float
        The analyst's best estimate.
    uncertainty : Distribution
        The plausible values (``{dist: fixed}`` states explicitly that there is
        none). The value must lie in the distribution's support.
    rationale : str
        Why this number (and this spread).
    evidence : tuple of Evidence
        Quotes that support it, if any.
    assumptions : tuple of str
        Short statements of the premises the number rests on that come from
        outside the sources: background knowledge (``"Ukraine has long sought
        NATO membership"``) or a modelling convention (``"USA = 1 on the
        capability scale"``). Empty by default; no two may be the same.
    words : str, optional
        The estimative words the source uses for this number (``"unlikely"``,
        ``"should not be considered unlikely"``). The value and the whole
        uncertainty must then lie in the range the scenario's scale of words
        (:attr:`Conventions.words`) gives the phrase; see
        :mod:`positions.words` and :func:`positions.estimate_from_words`.

    Raises
    ------
    pydantic.ValidationError
        If the value lies outside the uncertainty's support, the uncertainty
        is categorical, or an assumption is listed twice.

    Examples
    --------
    >>> e = Estimate(value=0.8, uncertainty={"dist": "uniform", "low": 0.6, "high": 0.9},
    ...              rationale="Territory is the core demand.")
    >>> e.bounds()
    (0.6, 0.9)
    >>> c = Estimate(value=1, uncertainty={"dist": "fixed"}, rationale="The reference actor.",
    ...              assumptions=["Capabilities are ratios to the USA (convention)."])
    >>> c.assumptions
    ('Capabilities are ratios to the USA (convention).',)
    """

    value: Number
    uncertainty: Distribution
    rationale: Text
    evidence: tuple[Evidence, ...] = ()
    assumptions: tuple[Text, ...] = ()
    words: Text | None = None

    @model_validator(mode="after")
    def _distinct_assumptions(self) -> Estimate:
        repeated = sorted({a for a in self.assumptions if self.assumptions.count(a) > 1})
        if repeated:
            raise ScenarioError(
                [Problem("assumptions", f"{short_repr(text, 100)} is listed more than once")
                 for text in repeated]
            )
        return self

    @model_validator(mode="after")
    def _value_in_support(self) -> Estimate:
        if isinstance(self.uncertainty, Categorical):
            raise ValueError("a numeric estimate cannot have a categorical uncertainty")
        if not self.uncertainty.contains(self.value):
            if isinstance(self.uncertainty, Discrete):
                values = ", ".join(f"{v:g}" for v in self.uncertainty.values)
                raise ValueError(
                    f"value {self.value:g} is not one of its uncertainty's values ({values})"
                )
            low, high = self.uncertainty.support()
            raise ValueError(
                f"value {self.value} lies outside its uncertainty's support [{low}, {high}]"
            )
        return self

    def bounds(self) -> tuple[float, float]:
        """Return the range of plausible values (the support of the uncertainty).

        For ``fixed`` this is ``(value, value)``.

        Returns
        -------
        tuple of float
        """
        if self.uncertainty.dist == "fixed":
            return (self.value, self.value)
        return self.uncertainty.support()


def _value_within(low: float, high: float) -> BeforeValidator:
    """Check the point value first, so the message names it ("1.4 is above 1")."""

    def check(raw: Any) -> Any:
        value = raw.get("value") if isinstance(raw, dict) else getattr(raw, "value", None)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value > high:
                raise ValueError(f"{value} is above {high:g}")
            if value < low:
                raise ValueError(f"{value} is below {low:g}")
        return raw

    return BeforeValidator(check)


def _spread_within(low: float, high: float) -> AfterValidator:
    """Check that the whole uncertainty stays within ``[low, high]``."""

    def check(estimate: Estimate) -> Estimate:
        lo, hi = estimate.bounds()
        if hi > high:
            raise ValueError(f"its uncertainty reaches {hi}, above {high:g}")
        if lo < low:
            raise ValueError(f"its uncertainty reaches {lo}, below {low:g}")
        return estimate

    return AfterValidator(check)


@dataclass(frozen=True, slots=True)
class HardRange:
    """Marks a bounded kind of estimate with its hard range (read by what-ifs).

    Examples
    --------
    >>> HardRange(0.0, 1.0).low
    0.0
    """

    low: float
    high: float


Salience = Annotated[
    Estimate, HardRange(0.0, 1.0), _value_within(0.0, 1.0), _spread_within(0.0, 1.0)
]
"""An :class:`Estimate` in [0, 1] with its whole uncertainty in [0, 1]."""
Probability = Annotated[
    Estimate, HardRange(0.0, 1.0), _value_within(0.0, 1.0), _spread_within(0.0, 1.0)
]
"""A subjective probability: an :class:`Estimate` in [0, 1]."""
NonNegative = Annotated[
    Estimate,
    HardRange(0.0, math.inf),
    _value_within(0.0, math.inf),
    _spread_within(0.0, math.inf),
]
"""An :class:`Estimate` that is never negative (e.g. a capability)."""
