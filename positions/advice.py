"""Warnings: what a valid scenario leaves to a default the author should see.

Errors (:mod:`positions.rules`) make a scenario invalid; a *warning* names a
choice the scenario makes by omission, which a model then fills in with a
documented default. Each warning rule is a function ``(Scenario) -> list of
Problem`` and one entry in :data:`WARNINGS`; :meth:`positions.Scenario.warnings`
runs them all, ``stances validate`` prints them and ``stances validate
--strict`` fails on them.

The rule for missing bounds: a position without an acceptable range has no red
line on its issue, so the whole scale is acceptable to its actor
(:func:`models.outcomes.scenario_arrays` sets the bounds to the scale's ends).
To make that choice explicit and silence the warning, give the range, e.g.
``acceptable: {low: {value: 0, ...}}`` for "anything from the bottom of the
scale"; or, where no source reports a limit, say so:
``acceptable: {reason: "No article reports a limit"}`` reads as the whole scale
without a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from positions.errors import Problem

if TYPE_CHECKING:
    from positions.scenario import Scenario

__all__ = ["WARNINGS", "missing_bounds"]


def missing_bounds(scenario: Scenario) -> list[Problem]:
    """Warn about every position without an acceptable range (read as the whole scale).

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        One per such position, at ``positions[ACTOR/ISSUE].acceptable``.

    Examples
    --------
    >>> import positions
    >>> w = missing_bounds(positions.load("ukraine-ceasefire-2025-05"))
    >>> str(w[0])
    'positions[RUS/guarantees].acceptable: none given; read as the whole scale 0-100'
    """
    scales = {i.id: i.scale for i in scenario.issues}
    out = []
    for p in scenario.positions:
        if p.acceptable is None and p.issue in scales:
            scale = scales[p.issue]
            out.append(Problem(
                f"positions[{p.actor}/{p.issue}].acceptable",
                f"none given; read as the whole scale {scale.low:g}-{scale.high:g}",
            ))
    return out


WARNINGS: Mapping[str, Callable[[Scenario], list[Problem]]] = MappingProxyType({
    "missing_bounds": missing_bounds,
})
"""Every warning rule, by name: run by :meth:`positions.Scenario.warnings`."""
