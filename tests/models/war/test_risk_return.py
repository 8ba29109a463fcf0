"""Tests of the risk-return trade-off (models.war.risk_return)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from strategies import unit_probabilities, war_costs

from models.war import (
    RiskReturn,
    optimal_offer,
    risk_return,
)


# ------------------------------------------------------------ risk-return trade-off
def test_risk_return_uniform_closed_form() -> None:
    # Fearon (1995, "Private information and incentives to misrepresent"):
    # with c_B ~ U[0, c_bar], A offers x* = p + (c_bar - c_A)/2 and war occurs
    # with probability (c_bar - c_A) / (2 c_bar). Here p = 0.5, c_A = 0.1,
    # c_bar = 0.3: x* = 0.6, Pr(war) = 1/3.
    r = risk_return(0.5, 0.1, 0.0, 0.3)
    assert isinstance(r, RiskReturn)
    assert float(r.offer) == pytest.approx(0.6)
    assert float(r.p_war) == pytest.approx(1 / 3)
    assert float(r.utility) == pytest.approx((2 / 3) * 0.6 + (1 / 3) * 0.4)
    assert r.converged and r.num_iter == 0


def test_risk_return_corners() -> None:
    # A's cost above B's largest cost: A buys peace for sure at p + c_low.
    safe = risk_return(0.5, 0.4, 0.0, 0.3)
    assert float(safe.offer) == pytest.approx(0.5) and float(safe.p_war) == 0.0
    # The demand cannot exceed the whole pie: x* = 1, war iff c_B < 0.1.
    capped = risk_return(0.9, 0.0, 0.0, 0.3)
    assert float(capped.offer) == 1.0 and float(capped.p_war) == pytest.approx(1 / 3)
    # No private information (c_low = c_high): Fearon's complete-information
    # offer p + c_B, never rejected.
    known = risk_return(0.4, 0.1, 0.2, 0.2)
    assert float(known.offer) == pytest.approx(0.6) and float(known.p_war) == 0.0
    # B's lowest cost positive: Pr(war) = (x* - p - c_low) / (c_high - c_low).
    shifted = risk_return(0.3, 0.05, 0.1, 0.4)
    assert float(shifted.offer) == pytest.approx(0.3 + (0.4 - 0.05) / 2)
    assert float(shifted.p_war) == pytest.approx((0.175 - 0.1) / 0.3)


@settings(max_examples=100, deadline=None)
@given(unit_probabilities, war_costs, st.floats(0, 0.5), st.floats(0.01, 0.5))
def test_uniform_offer_maximises_expected_utility(p: float, ca: float, lo: float,
                                                  spread: float) -> None:
    r = risk_return(p, ca, lo, lo + spread, n_grid=401)
    # No offer on the grid does better than the closed form.
    assert float(r.utility) >= float(np.max(r.utility_curve)) - 1e-9
    assert 0.0 <= float(r.p_war) <= 1.0 and 0.0 <= float(r.offer) <= 1.0


def test_numerical_offer_matches_the_uniform_closed_form() -> None:
    p = np.array([0.2, 0.5, 0.9, 0.5, 0.0])
    ca = np.array([0.05, 0.1, 0.0, 0.4, 0.2])

    def cdf(z: np.ndarray) -> np.ndarray:
        return np.clip(z / 0.3, 0.0, 1.0)

    numeric = optimal_offer(p, ca, cdf)
    closed = risk_return(p, ca, 0.0, 0.3)
    assert numeric.converged and 1 <= numeric.num_iter <= numeric.max_iter
    np.testing.assert_allclose(numeric.offer, closed.offer, atol=1e-8)
    np.testing.assert_allclose(numeric.p_war, closed.p_war, atol=1e-7)
    assert numeric.utility_curve.shape == (5, 201)


def test_numerical_offer_exponential_cost() -> None:
    # With c_B ~ Exp(rate lam), the first-order condition of Fearon's
    # U_A(x) = (1 - F(x - p)) x + F(x - p)(p - c_A) gives x* = p - c_A + 1/lam.
    # p = 0.5, c_A = 0.1, lam = 5: x* = 0.6, Pr(war) = 1 - exp(-0.5).
    r = optimal_offer(0.5, 0.1, stats.expon(scale=0.2).cdf)
    assert float(r.offer) == pytest.approx(0.6, abs=1e-7)
    assert float(r.p_war) == pytest.approx(1 - math.exp(-0.5), abs=1e-6)


def test_risk_return_to_frame_and_plot() -> None:
    r = risk_return([0.3, 0.6], 0.1, 0.0, 0.3)
    frame = r.to_frame()
    assert list(frame.columns) == ["draw", "p", "cost_a", "offer", "p_war", "utility"]
    assert r.plot().get_xlabel().startswith("A's offer")
    plt.close("all")


# ------------------------------------------------------------------ bad inputs
@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: risk_return(0.5, 0.1, 0.3, 0.2),
         "The 'cost_b_high' parameter of risk_return must be at least 'cost_b_low'"),
        (lambda: risk_return(0.5, 0.1, 0.0, 0.2, n_grid=1),
         "The 'n_grid' parameter of risk_return must be an int >= 2"),
        (lambda: optimal_offer(0.5, 0.1, lambda z: np.zeros(3)),
         "The 'cost_b_cdf' parameter of optimal_offer must return an array of the shape"),
        (lambda: optimal_offer(0.5, 0.1, lambda z: z, xtol=0),
         "The 'xtol' parameter of optimal_offer must be a finite real number > 0"),
    ],
)
def test_bad_inputs(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]


def test_non_callable_cdf_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="The 'cost_b_cdf' parameter of optimal_offer must be a"):
        optimal_offer(0.5, 0.1, 0.3)  # type: ignore[arg-type]
