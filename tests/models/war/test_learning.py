"""Tests of learning while fighting (models.war.learning)."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest

from models.plotting import plot_war_learning
from models.war import (
    WarLearning,
    simulate_war_learning,
)


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


# ------------------------------------------------------------------ bad inputs
@pytest.mark.parametrize(
    ("call", "match"),
    [
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
