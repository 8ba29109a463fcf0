"""Tests of Fearon's bargaining range and mutual optimism (models.war.fearon)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from strategies import unit_probabilities, war_costs

from models.war import (
    BargainingRange,
    bargaining_range,
    mutual_optimism,
)


# ------------------------------------------------------------------ Fearon's range
def test_range_endpoints_are_fearons() -> None:
    # Fearon (1995), p. 387-388 and Figure 1: A prefers x >= p - c_A, B
    # prefers x <= p + c_B, so the range is [p - c_A, p + c_B] of width c_A + c_B.
    r = bargaining_range(0.6, 0.1, 0.15)
    assert isinstance(r, BargainingRange)
    assert (float(r.low), float(r.high)) == pytest.approx((0.5, 0.75))
    assert float(r.width) == pytest.approx(0.25)
    assert bool(r.nonempty)
    assert np.shape(r.low) == ()


def test_range_is_clipped_to_the_unit_interval() -> None:
    # The pie is [0, 1] (Fearon 1995): a strong A cannot get more than everything.
    r = bargaining_range([0.05, 0.95], [0.1, 0.1], [0.1, 0.1])
    np.testing.assert_allclose(r.low, [0.0, 0.85])
    np.testing.assert_allclose(r.high, [0.15, 1.0])
    np.testing.assert_allclose(r.width, [0.15, 0.15])


def test_costless_war_leaves_a_single_point() -> None:
    # Fearon (1995): the range has positive width iff c_A + c_B > 0; with no
    # costs only the split x = p is as good as war for both.
    r = bargaining_range(0.3, 0.0, 0.0)
    assert bool(r.nonempty) and float(r.width) == 0.0
    assert float(r.low) == float(r.high) == 0.3


def test_range_is_vectorised_like_scalar_calls() -> None:
    p = np.array([0.1, 0.5, 0.9, 0.3])
    ca = np.array([0.2, 0.0, 0.05, 0.4])
    r = bargaining_range(p, ca, 0.25)
    for k in range(p.size):
        one = bargaining_range(p[k], ca[k], 0.25)
        assert float(r.low[k]) == float(one.low) and float(r.high[k]) == float(one.high)
    frame = r.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) == 4
    assert list(frame.columns) == ["draw", "p_a", "p_b", "cost_a", "cost_b", "low", "high",
                                   "width", "nonempty"]


@settings(max_examples=200, deadline=None)
@given(unit_probabilities, war_costs, war_costs)
def test_range_contains_p_when_costs_are_positive(p: float, ca: float, cb: float) -> None:
    # Fearon (1995, p. 388): with positive costs there is always a range, and
    # it contains the split p that mirrors the expected outcome of war.
    r = bargaining_range(p, ca, cb)
    assert bool(r.nonempty)
    assert float(r.low) <= p <= float(r.high)
    assert float(r.width) <= ca + cb + 1e-12
    assert 0.0 <= float(r.low) and float(r.high) <= 1.0


# --------------------------------------------------------------- mutual optimism
def test_mutual_optimism_at_the_boundary() -> None:
    # Fey & Ramsay (2007); Fearon (1995, "Disagreements about relative power"):
    # a range exists iff p_A - p_B <= c_A + c_B. At equality it is one point.
    r = mutual_optimism(0.75, 0.25, 0.25, 0.25)
    assert bool(r.nonempty)
    assert float(r.low) == float(r.high) == 0.5
    assert float(r.width) == 0.0
    over = mutual_optimism(np.nextafter(0.75, 1.0), 0.25, 0.25, 0.25)
    assert not bool(over.nonempty)
    assert float(over.width) == 0.0
    assert float(over.low) > float(over.high)


def test_putin_against_barry_leaves_no_range() -> None:
    # The articles: the Kremlin is convinced of taking the four regions (coded
    # 0.85), the IISS's Barry thinks it unlikely (0.15); with the scenario's
    # costs 0.15 + 0.30 = 0.45 < 0.70 there is no bargain (Blainey 1973).
    r = mutual_optimism(0.85, 0.15, 0.15, 0.30)
    assert not bool(r.nonempty)
    assert float(r.optimism) == pytest.approx(0.70)


@settings(max_examples=200, deadline=None)
@given(unit_probabilities, unit_probabilities, war_costs, war_costs)
def test_mutual_optimism_condition(pa: float, pb: float, ca: float, cb: float) -> None:
    r = mutual_optimism(pa, pb, ca, cb)
    assert bool(r.nonempty) == (pa - pb <= ca + cb)
    if r.nonempty:
        assert float(r.low) <= float(r.high)
    same = mutual_optimism(pa, pa, ca, cb)
    common = bargaining_range(pa, ca, cb)
    assert (float(same.low), float(same.high)) == (float(common.low), float(common.high))


def test_pessimism_widens_the_range() -> None:
    # When B is more confident in A than A is (p_B > p_A), the range is wider
    # than c_A + c_B (Fearon 1995): disagreement only hurts when both are optimists.
    r = mutual_optimism(0.4, 0.6, 0.1, 0.1)
    assert float(r.width) == pytest.approx(0.4)


# ------------------------------------------------------------------ bad inputs
@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: bargaining_range(1.2, 0.1, 0.1),
         r"The 'p' parameter of bargaining_range must be a probability .* Got 1.2 instead"),
        (lambda: bargaining_range(0.5, -0.1, 0.1),
         "The 'cost_a' parameter of bargaining_range must be a non-negative array"),
        (lambda: bargaining_range([0.5, 0.6], [0.1, 0.2, 0.3], 0.1),
         "parameters of bargaining_range must be scalars or arrays of one common length"),
        (lambda: bargaining_range([[0.5]], 0.1, 0.1),
         "The 'p' parameter of bargaining_range must be an array"),
        (lambda: mutual_optimism(0.5, math.nan, 0.1, 0.1),
         "The 'p_b' parameter of mutual_optimism must be a finite array"),
    ],
)
def test_bad_inputs(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]
