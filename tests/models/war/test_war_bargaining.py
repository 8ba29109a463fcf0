"""Tests of war bargaining: Fearon's range, mutual optimism, risk-return, learning."""

from __future__ import annotations

import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from strategies import unit_probabilities, war_costs

import positions
from models import WarBargaining, war_bargaining
from models.plotting import plot_bargaining_range, plot_war_learning
from models.war import (
    BargainingRange,
    RiskReturn,
    WarLearning,
    bargaining_range,
    mutual_optimism,
    optimal_offer,
    risk_return,
    simulate_war_learning,
)


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load("ukraine-ceasefire-2025-05")


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


# ------------------------------------------------------------------- learning
def test_posterior_means_follow_the_conjugate_formula() -> None:
    # Beta-Binomial conjugacy (Gelman et al. 2013, Bayesian Data Analysis,
    # sec. 2.4): after k wins in t battles, Beta(a, b) -> Beta(a + k, b + t - k),
    # posterior mean (a + k) / (a + b + t).
    sim = simulate_war_learning((8, 2), (3, 17), 0.3, 0.01, 0.01, 12, n_draws=300, rng=3)
    wins = np.concatenate([np.zeros((300, 1)), np.cumsum(sim.battles, axis=1)], axis=1)
    t = np.arange(13)
    np.testing.assert_allclose(sim.belief_a, (8 + wins) / (10 + t))
    np.testing.assert_allclose(sim.belief_b, (3 + wins) / (20 + t))
    # The battles follow the true win rate.
    assert abs(sim.battles.mean() - 0.3) < 0.03


def test_equal_prior_strengths_open_the_range_on_schedule() -> None:
    # With equal prior strengths n the gap p_A - p_B = (a_A - a_B)/(n + t) does
    # not depend on the battles; the scenario's priors Beta(17, 3) and
    # Beta(3, 17) and monthly costs (0.15 + 0.30)/7 open the range at the
    # first t with 14/(20 + t) <= 0.45 t / 7, which is t = 8.
    sim = simulate_war_learning((17, 3), (3, 17), 0.2, 0.15 / 7, 0.30 / 7, 24,
                                n_draws=200, rng=0)
    t = np.arange(25)
    expected = int(np.argmax(14 / (20 + t) <= 0.45 * t / 7))
    assert expected == 8
    assert (sim.opening_month == expected).all() and not sim.censored.any()
    np.testing.assert_array_equal(sim.survival, (t < expected).astype(float))


def test_no_costs_and_lasting_disagreement_is_censored() -> None:
    sim = simulate_war_learning((17, 3), (3, 17), 0.5, 0.0, 0.0, 10, n_draws=50, rng=1)
    assert sim.censored.all()
    assert (sim.opening_month == 10).all()
    np.testing.assert_array_equal(sim.survival, np.ones(11))


def test_agreement_from_the_start_opens_at_month_zero() -> None:
    sim = simulate_war_learning((2, 8), (8, 2), 0.5, 0.0, 0.0, 5, n_draws=10, rng=1)
    assert (sim.opening_month == 0).all()
    assert sim.survival[0] == 0.0


def test_opening_comes_earlier_as_costs_rise() -> None:
    # Costlier war narrows mutual optimism sooner (Fearon 1995; Slantchev
    # 2003). With the same seed the battles are identical, so the survival
    # curves are ordered month by month and the mean opening month falls.
    costs = [0.002, 0.004, 0.008, 0.016]
    sims = [simulate_war_learning((8, 2), (3, 17), 0.3, c, c, 60, n_draws=2000, rng=11)
            for c in costs]
    means = [s.opening_month.mean() for s in sims]
    assert all(a > b for a, b in itertools.pairwise(means))
    for slow, fast in itertools.pairwise(sims):
        assert (fast.survival <= slow.survival).all()
        assert (fast.opening_month <= slow.opening_month).all()
    assert sims[1].opening_month.std() > 0  # battles matter when prior strengths differ


def test_seeds_reproduce_and_chunking_does_not_matter() -> None:
    args = ((8, 2), (3, 17), 0.3, 0.005, 0.005, 30)
    base = simulate_war_learning(*args, n_draws=700, rng=42)
    again = simulate_war_learning(*args, n_draws=700, rng=42)
    np.testing.assert_array_equal(base.battles, again.battles)
    for chunk in (1, 100, 257, 700, 5000):
        other = simulate_war_learning(*args, n_draws=700, rng=42, chunk_size=chunk)
        np.testing.assert_array_equal(base.battles, other.battles)
        np.testing.assert_array_equal(base.opening_month, other.opening_month)
    different = simulate_war_learning(*args, n_draws=700, rng=43)
    assert not np.array_equal(base.battles, different.battles)
    # More draws or months extend the sample without changing the first ones.
    more = simulate_war_learning((8, 2), (3, 17), 0.3, 0.005, 0.005, 40, n_draws=900, rng=42)
    np.testing.assert_array_equal(more.battles[:700, :30], base.battles)
    # The recorded seed reproduces a run seeded by a Generator.
    gen = simulate_war_learning(*args, n_draws=50, rng=np.random.default_rng(9))
    np.testing.assert_array_equal(
        simulate_war_learning(*args, n_draws=50, rng=gen.seed).battles, gen.battles
    )


def test_per_draw_inputs() -> None:
    # Draw-specific true win rates and costs (e.g. Monte Carlo draws).
    theta = np.linspace(0.0, 1.0, 20)
    sim = simulate_war_learning(np.tile([4.0, 6.0], (20, 1)), (5, 5), theta,
                                np.full(20, 0.01), 0.0, 8, n_draws=20, rng=2)
    assert not sim.battles[0].any() and sim.battles[-1].all()
    np.testing.assert_array_equal(sim.true_p, theta)


def test_learning_to_frame_and_plots() -> None:
    sim = simulate_war_learning((8, 2), (3, 17), 0.3, 0.01, 0.01, 6, n_draws=4, rng=0,
                                actors=("RUS", "UKR"))
    assert isinstance(sim, WarLearning)
    frame = sim.to_frame()
    assert len(frame) == 4 * 7
    assert list(frame.columns) == ["draw", "month", "belief_a", "belief_b", "low", "high",
                                   "open", "opened"]
    first = frame[frame.draw == 0]
    assert first.opened.tolist() == (first.month >= sim.opening_month[0]).tolist() or bool(
        sim.censored[0]
    )
    ax = sim.plot()
    assert ax.get_xlabel() == "month"
    assert plot_war_learning(sim, kind="opening").get_ylabel() == "share of draws"
    with pytest.raises(ValueError, match="'kind' parameter of plot_war_learning"):
        plot_war_learning(sim, kind="pie")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'quantiles' parameter of plot_war_learning"):
        plot_war_learning(sim, quantiles=(0.9, 0.1))
    plt.close("all")


# ------------------------------------------------------------------- the facade
def test_war_bargaining_reads_the_scenario(scenario: positions.Scenario) -> None:
    res = war_bargaining(scenario, rng=0, n_draws=200)
    assert isinstance(res, WarBargaining)
    # Static range with the analyst's pooled p = 0.2 and costs 0.15 / 0.30.
    p = scenario.parameter("p_russia_prevails").value.value
    c_a = scenario.parameter("war_cost_RUS").value.value
    c_b = scenario.parameter("war_cost_UKR").value.value
    assert (float(res.static.low), float(res.static.high)) == pytest.approx((p - c_a, p + c_b))
    beliefs = {b.holder: b.probability.value for b in scenario.beliefs_about("four_regions_2025")}
    assert float(res.optimism.p_a) == beliefs["RUS"]
    assert float(res.optimism.p_b) == beliefs["BARRY"]
    assert bool(res.optimism.nonempty) == (beliefs["RUS"] - beliefs["BARRY"] <= c_a + c_b)
    assert res.sources["p_b"] == "b_BARRY_four_regions"
    assert res.learning is not None and res.learning.n_draws == 200
    frame = res.to_frame()
    assert frame.analysis.tolist() == ["static", "mutual_optimism"]
    assert frame.median_opening_month.iloc[1] == 8.0  # see the closed-form test above
    assert res.plot().get_title() == "War bargaining range"
    assert plot_bargaining_range(res.optimism, actors=("RUS", "UKR")).get_xlabel() == (
        "RUS's share x"
    )
    plt.close("all")


def test_war_bargaining_options(scenario: positions.Scenario) -> None:
    mod = war_bargaining(scenario, analyst="RU_MOD", learning=False)
    assert mod.learning is None
    assert float(mod.optimism.p_b) == 0.35
    cut = war_bargaining(scenario, cut_support=True, learning=False)
    effect = scenario.parameter("arms_cutoff_effect").value.value
    base = war_bargaining(scenario, learning=False)
    assert float(cut.static.p_a) == pytest.approx(float(base.static.p_a) + effect)
    assert float(cut.optimism.p_a) == 1.0  # 0.85 + 0.2, clipped
    fixed = war_bargaining(scenario, true_p=0.6, n_draws=100, n_months=6, rng=1)
    assert fixed.learning is not None and (fixed.learning.true_p == 0.6).all()
    with pytest.raises(ValueError, match="The 'holder' parameter of war_bargaining"):
        war_bargaining(scenario, analyst="NOBODY")
    with pytest.raises(ValueError, match="The 'side_b' parameter of war_bargaining"):
        war_bargaining(scenario, side_b="BARRY", learning=False)


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
        (lambda: risk_return(0.5, 0.1, 0.3, 0.2),
         "The 'cost_b_high' parameter of risk_return must be at least 'cost_b_low'"),
        (lambda: risk_return(0.5, 0.1, 0.0, 0.2, n_grid=1),
         "The 'n_grid' parameter of risk_return must be an int >= 2"),
        (lambda: optimal_offer(0.5, 0.1, lambda z: np.zeros(3)),
         "The 'cost_b_cdf' parameter of optimal_offer must return an array of the shape"),
        (lambda: optimal_offer(0.5, 0.1, lambda z: z, xtol=0),
         "The 'xtol' parameter of optimal_offer must be a finite real number > 0"),
        (lambda: simulate_war_learning((0, 2), (1, 1), 0.5, 0.1, 0.1, 5),
         r"The 'prior_a' parameter of simulate_war_learning must be Beta shapes"),
        (lambda: simulate_war_learning((1, 2, 3), (1, 1), 0.5, 0.1, 0.1, 5),
         r"The 'prior_a' parameter .* must be an array of shape \(2,\) or \(n_draws, 2\)"),
        (lambda: simulate_war_learning((1, 2), (1, 1), 1.5, 0.1, 0.1, 5),
         "The 'true_p' parameter of simulate_war_learning must be a probability"),
        (lambda: simulate_war_learning((1, 2), (1, 1), 0.5, [0.1, 0.2], 0.1, 5, n_draws=3),
         r"The 'cost_a' parameter .* must be a scalar or an array of shape \(n_draws,\)"),
        (lambda: simulate_war_learning((1, 2), (1, 1), 0.5, 0.1, -0.1, 5),
         "The 'cost_b' parameter of simulate_war_learning must be a non-negative"),
        (lambda: simulate_war_learning((1, 2), (1, 1), 0.5, 0.1, 0.1, 0),
         "The 'n_months' parameter of simulate_war_learning must be an int >= 1"),
        (lambda: simulate_war_learning((1, 2), (1, 1), 0.5, 0.1, 0.1, 5, chunk_size=0),
         "The 'chunk_size' parameter of simulate_war_learning must be an int >= 1"),
        (lambda: simulate_war_learning((1, 2), (1, 1), 0.5, 0.1, 0.1, 5,
                                       actors=("A",)),  # type: ignore[arg-type]
         "The 'actors' parameter of simulate_war_learning must be a tuple of two str"),
    ],
)
def test_bad_inputs(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]


def test_non_callable_cdf_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="The 'cost_b_cdf' parameter of optimal_offer must be a"):
        optimal_offer(0.5, 0.1, 0.3)  # type: ignore[arg-type]
