"""A three-party municipal wage dispute, built in the tests (the new user's case of issue 12).

A union (U), a transit authority (T) and the city (C) bargain over a wage rise on a
0-20 % scale (no named options, anchors at 6 and 15) and job security on 0-100.
The acceptable wage ranges overlap on [9, 10] only; the city gives no acceptable
range on job security (a missing bound: the whole scale). A strike is worth 0.5
to every party (the disagreement point). Every number lists its premise (a made-up
number), so the missing bound is the case's only warning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import positions

_PREMISE = ("A made-up number of the test case.",)
"""Every number's premise: the case has no sources, so none rests on a quote."""


def _est(value: float, spread: float = 0.0) -> dict[str, Any]:
    if spread:
        return {"value": value, "uncertainty": {"dist": "triangular", "low": value - spread,
                                                "mode": value, "high": value + spread},
                "rationale": "test", "assumptions": list(_PREMISE)}
    return {"value": value, "uncertainty": {"dist": "fixed"}, "rationale": "test",
            "assumptions": list(_PREMISE)}


def wage_dispute_dict(*, union_low: float = 9.0, roles: dict[str, Any] | None = None
                      ) -> dict[str, Any]:
    """Return the raw data of the wage dispute (union's wage bound ``union_low``)."""

    def position(actor: str, issue: str, ideal: float, salience: float,
                 low: float | None = None, high: float | None = None,
                 spread: float = 0.0) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "actor": actor, "issue": issue, "kind": "aim", "basis": "coded",
            "ideal": _est(ideal, spread), "salience": _est(salience), "rationale": "test",
        }
        bounds = {k: _est(v) for k, v in (("low", low), ("high", high)) if v is not None}
        if bounds:
            entry["kind"] = "red_line"
            entry["acceptable"] = bounds
        return entry

    return {
        "id": "wage-dispute",
        "title": "Municipal wage dispute",
        "date": dt.date(2025, 3, 1),
        "actors": [
            {"id": "U", "name": "Union", "kind": "organisation", "capability": _est(0.3)},
            {"id": "T", "name": "Transit authority", "kind": "organisation",
             "capability": _est(0.3)},
            {"id": "C", "name": "City", "kind": "institution", "capability": _est(0.4)},
        ],
        "issues": [
            {"id": "wage", "label": "Wage rise", "description": "Rise in the basic wage",
             "scale": {"low": 0, "high": 20, "unit": "%",
                       "anchors": [{"value": 6, "label": "inflation"},
                                   {"value": 15, "label": "union claim"}]},
             "status_quo": _est(0.0)},
            {"id": "job_security", "label": "Job security",
             "description": "Share of posts protected from cuts",
             "status_quo": _est(50.0)},
        ],
        "positions": [
            position("U", "wage", 15, 0.8, low=union_low, spread=2.0),
            position("U", "job_security", 90, 0.2, low=60),
            position("T", "wage", 4, 0.7, high=10, spread=2.0),
            position("T", "job_security", 40, 0.3, high=80),
            position("C", "wage", 6, 0.6, high=12, spread=2.0),
            position("C", "job_security", 50, 0.4),
        ],
        "disagreement": [{"actor": a, "utility": _est(0.5)} for a in ("U", "T", "C")],
        "roles": roles or {},
    }


def wage_dispute(**kwargs: Any) -> positions.Scenario:
    """Return the wage dispute as a validated Scenario (see :func:`wage_dispute_dict`)."""
    return positions.Scenario.model_validate(wage_dispute_dict(**kwargs))
