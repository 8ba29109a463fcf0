r"""How the outcome space of a scenario covers each issue (:meth:`OutcomeSpace.from_scenario`).

With ``kind='auto'`` an issue :math:`k` with named options :math:`O_k` and no
declared resolution ranges over :math:`V_k = O_k`; any other issue over

.. math::

    V_k = \{a_k + j (b_k - a_k) / (n_k - 1) : j = 0, \dots, n_k - 1\}
          \cup O_k \cup A_k \cup \{q_k\} \cup \{y_{ik}, l_{ik}, h_{ik}\}_i,

a grid of :math:`n_k` points over its scale :math:`[a_k, b_k]` (declared, else
21: consecutive points 5 % of the range apart) plus its options, anchors
:math:`A_k`, status quo :math:`q_k` and every party's ideal point and
acceptable bounds (point values), so that the agreements the parties' own
numbers single out are outcomes. When :math:`\prod_k |V_k|` exceeds
:data:`AUTO_BUDGET`, the default grids (never declared ones) are halved, to
no fewer than 3 points.

References
----------
.. [1] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
   University Press (the zone of possible agreement between reservation values).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from positions import Scenario

_DEFAULT_POINTS = 21
"""Default grid points of a continuous issue: consecutive points 5 % of the scale apart."""
_LEGACY_POINTS = 11
AUTO_BUDGET = 10**6
"""Above this many outcomes, ``kind='auto'`` coarsens the default (undeclared) grids."""
_MIN_POINTS = 3


def _fmt(value: float) -> str:
    return f"{value:g}"


def _match(table: dict[float, Any], x: float) -> float | None:
    for key in table:
        if abs(key - x) <= 1e-9 * max(1.0, abs(x)):
            return key
    return None


@dataclass(slots=True)
class IssuePlan:
    """How one issue of a scenario is covered: grid points plus landmark values."""

    issue: Any
    grid: int
    declared: bool
    extra: NDArray[np.float64]
    extra_kinds: tuple[str, ...]
    fixed: NDArray[np.float64] | None = None
    coarsened: bool = False

    def values(self) -> NDArray[np.float64]:
        if self.fixed is not None:
            return self.fixed
        grid = np.linspace(self.issue.scale.low, self.issue.scale.high, self.grid)
        return _merge(np.concatenate([grid, self.extra]),
                      self.issue.scale.high - self.issue.scale.low)

    def describe(self) -> str:
        scale = self.issue.scale
        unit = f" {scale.unit}" if scale.unit and len(scale.unit) <= 12 else ""
        head = f"{self.issue.id} {scale.low:g}-{scale.high:g}{unit}"
        n = self.values().size
        if self.fixed is not None:
            return f"{head}: {n} {self.extra_kinds[0]}"
        grid = f"{self.grid}-point grid"
        if self.declared:
            grid += " (declared)"
        elif self.coarsened:
            grid += f" (coarsened from {_DEFAULT_POINTS})"
        added = n - self.grid
        if added <= 0:
            return f"{head}: {grid}"
        return f"{head}: {grid} + {added} more ({', '.join(self.extra_kinds)}) = {n} levels"


def issue_plan(
    scenario: Scenario, issue: Any, kind: str, resolution: int | None
) -> IssuePlan:
    """Decide how ``kind`` covers ``issue``: its options, anchors, or a grid plus landmarks."""
    declared = scenario.roles.points(issue.id)
    points = resolution or declared
    empty = np.empty(0)
    if kind == "options" and issue.options:
        return IssuePlan(issue, 0, False, empty, ("options",),
                          fixed=np.array([o.value for o in issue.options], dtype=float))
    if kind == "options" and issue.scale.anchors:
        return IssuePlan(issue, 0, False, empty, ("anchors",),
                          fixed=np.array(sorted(a.value for a in issue.scale.anchors), dtype=float))
    if kind in ("options", "grid"):
        return IssuePlan(issue, points or _LEGACY_POINTS, points is not None, empty, ())
    if issue.options and declared is None:
        return IssuePlan(issue, 0, False, empty, ("options",),
                          fixed=np.array([o.value for o in issue.options], dtype=float))
    extra: list[float] = []
    kinds: list[str] = []

    def add(values: list[float], what: str) -> None:
        if values:
            extra.extend(values)
            kinds.append(what)

    add([o.value for o in issue.options], "options")
    add([a.value for a in issue.scale.anchors], "anchors")
    add([issue.status_quo.value], "status quo")
    parties = {a.id for a in scenario.parties}
    held = [p for p in scenario.positions if p.issue == issue.id and p.actor in parties]
    add([p.ideal.value for p in held], "ideal points")
    add([b.value for p in held if p.acceptable is not None
         for b in (p.acceptable.low, p.acceptable.high) if b is not None], "acceptable bounds")
    return IssuePlan(issue, points or _DEFAULT_POINTS, points is not None,
                      np.array(extra, dtype=float), tuple(kinds))


def coarsen(plan: list[IssuePlan], budget: int) -> None:
    """Halve the default grids (never declared ones) until the product fits ``budget``."""
    while math.prod(p.values().size for p in plan) > budget:
        free = [p for p in plan if p.fixed is None and not p.declared and p.grid > _MIN_POINTS]
        if not free:
            return
        for p in free:
            p.grid = max(_MIN_POINTS, (p.grid + 1) // 2)
            p.coarsened = True


def _merge(values: NDArray[np.float64], span: float) -> NDArray[np.float64]:
    """Sort ``values`` and drop near-duplicates (within 1e-9 of the scale's range)."""
    v = np.sort(values)
    keep = np.concatenate(([True], np.diff(v) > 1e-9 * max(span, 1.0)))
    return np.asarray(v[keep], dtype=float)


def level_names(issue: Any, values: NDArray[np.float64]) -> tuple[list[str], list[str]]:
    """Short ids and labels of an issue's levels: its options', its anchors', else the value."""
    named = {o.value: (o.id, o.label) for o in issue.options}
    anchors = {a.value: a.label for a in issue.scale.anchors}
    ids_k, labels_k = [], []
    for x in values:
        key = _match(named, float(x))
        anchor = _match(anchors, float(x))
        if key is not None:
            ids_k.append(named[key][0])
            labels_k.append(named[key][1])
        elif anchor is not None:
            ids_k.append(_fmt(float(x)))
            labels_k.append(anchors[anchor])
        else:
            text = _fmt(float(x)) + (f" {issue.scale.unit}" if issue.scale.unit else "")
            ids_k.append(_fmt(float(x)))
            labels_k.append(text)
    return ids_k, labels_k

