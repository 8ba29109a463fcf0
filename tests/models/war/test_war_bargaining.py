"""Tests of the scenario facade of war bargaining (models.war.war_bargaining)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
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
    # The frame reports the median month the range opens in the draws where it
    # opens (the closed form for equal prior strengths is in test_learning.py;
    # here Barry's belief, read from "unlikely", is a uniform prior of strength 10).
    opened = res.learning.opening_month[~res.learning.censored]
    assert len(opened) > 0
    assert frame.median_opening_month.iloc[1] == float(np.median(opened))
    assert 1 <= frame.median_opening_month.iloc[1] <= 24
    assert res.plot().get_title() == "War bargaining range"
    assert plot_bargaining_range(res.optimism, actors=("RUS", "UKR")).get_xlabel() == (
        "RUS's share x"
    )
    plt.close("all")


def test_war_bargaining_options(scenario: positions.Scenario) -> None:
    mod = war_bargaining(scenario, side_b_view="RU_MOD", learning=False)
    assert mod.learning is None
    assert float(mod.optimism.p_b) == 0.35
    assert mod.holder_b == "RU_MOD"
    cut = war_bargaining(scenario, shift=True, learning=False)
    effect = scenario.parameter("arms_cutoff_effect").value.value
    base = war_bargaining(scenario, learning=False)
    assert float(cut.static.p_a) == pytest.approx(float(base.static.p_a) + effect)
    assert float(cut.optimism.p_a) == 1.0  # 0.85 + 0.2, clipped
    assert cut.sources["shift"] == "arms_cutoff_effect"
    fixed = war_bargaining(scenario, true_p=0.6, n_draws=100, n_months=6, rng=1)
    assert fixed.learning is not None and (fixed.learning.true_p == 0.6).all()
    assert war_bargaining(scenario, war="russia_ukraine", learning=False).to_frame().equals(
        base.to_frame()
    )
    with pytest.raises(ValueError, match="side_b_view: 'NOBODY' holds no belief about"):
        war_bargaining(scenario, side_b_view="NOBODY")
    with pytest.raises(ValueError, match=r"The 'war' parameter of war_bargaining must be one "
                       r"of the war roles of scenario '[^']+' \['russia_ukraine'\]"):
        war_bargaining(scenario, war="nope")


def _with_roles(scenario: positions.Scenario, roles: dict) -> positions.Scenario:
    return positions.Scenario.from_dict({**scenario.model_dump(), "roles": roles})


def test_war_bargaining_reads_only_the_role(scenario: positions.Scenario) -> None:
    # Without a war role: an error in the scenario's terms, never a model argument.
    bare = _with_roles(scenario, {})
    with pytest.raises(ValueError, match="scenario 'ukraine-ceasefire-2025-05' declares no war "
                       r"roles: add roles.wars \(side_a, side_b, proposition, cost_a, cost_b"):
        war_bargaining(bare)
    # A minimal role: side B's own belief for p_B, p = p_B, 7 months, no shift.
    war = {"id": "w", "side_a": "RUS", "side_b": "BARRY", "proposition": "four_regions_2025",
           "cost_a": "war_cost_RUS", "cost_b": "war_cost_UKR"}
    minimal = _with_roles(scenario, {"wars": [war]})
    res = war_bargaining(minimal, rng=0, n_draws=50)
    beliefs = {b.holder: b.probability.value for b in scenario.beliefs_about("four_regions_2025")}
    assert float(res.optimism.p_b) == beliefs["BARRY"] and res.holder_b == "BARRY"
    assert float(res.static.p_a) == beliefs["BARRY"]
    assert res.sources["months"] == "default"
    with pytest.raises(ValueError, match=r"roles.wars\[w\] .* declares no shift parameter"):
        war_bargaining(minimal, shift=True)
    # The sides swapped: side A's share is now the other side's.
    swapped = _with_roles(scenario, {"wars": [{**war, "side_a": "BARRY", "side_b": "RUS"}]})
    res = war_bargaining(swapped, learning=False)
    assert (res.side_a, res.side_b) == ("BARRY", "RUS")
    assert float(res.optimism.p_a) == beliefs["BARRY"]
