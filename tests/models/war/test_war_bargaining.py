"""Tests of the scenario facade of war bargaining (models.war.war_bargaining)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import positions
from models import WarBargaining, war_bargaining
from models.plotting import plot_bargaining_range


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load("ukraine-ceasefire-2025-05")


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
