"""Tests of the sanctions threat game: its parameters, credibility scans and plots."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

import positions
from models import ThreatCredibility, sanctions_threat_game, threat_credibility
from models.games import backward_induction, threat_parameters
from models.plotting import plot_threat_credibility


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load("ukraine-ceasefire-2025-05")


def test_threat_parameters_read_the_scenario(scenario: positions.Scenario) -> None:
    v = threat_parameters(scenario)
    assert v["sanctions_cost_usa"] == scenario.parameter("sanctions_cost_USA").value.value
    assert v["sanctions_cost_rus"] == scenario.parameter("sanctions_cost_RUS").value.value
    assert v["discount_usa"] == scenario.parameter("discount_USA").value.value
    assert v["discount_rus"] == scenario.parameter("discount_RUS").value.value
    assert v["war_cost_rus"] == scenario.parameter("war_cost_RUS").value.value
    putin = next(b for b in scenario.beliefs_about("four_regions_2025") if b.holder == "RUS")
    assert v["p_rus"] == putin.probability.value
    territory = scenario.issue("territory")
    assert v["ceasefire_share_rus"] == pytest.approx(
        (territory.status_quo.value - territory.scale.low)
        / (territory.scale.high - territory.scale.low)
    )
    assert v["war_gain_rus"] == pytest.approx(
        v["p_rus"] * (1 - v["ceasefire_share_rus"]) - v["war_cost_rus"]
    )
    assert v["audience_cost_usa"] == 0.02  # the documented default
    assert threat_parameters(scenario, audience_cost_usa=0.3)["audience_cost_usa"] == 0.3


def closed_form(v: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    # Backward induction by hand (Schelling 1960; Selten 1978): the US carries
    # the threat out iff backing down costs more than sanctions,
    # a_U > delta_U s_U; Russia, facing a credible threat, agrees to a
    # ceasefire iff sanctions outweigh its gain, g_R < delta_R s_R; without a
    # threat it agrees iff g_R < 0. Ties go to the status quo.
    credible = v["audience_cost_usa"] > v["discount_usa"] * v["sanctions_cost_usa"]
    anyway = v["war_gain_rus"] < 0
    deters = credible & ~anyway & (v["war_gain_rus"] < v["discount_rus"] * v["sanctions_cost_rus"])
    return {"credible": credible, "deters": deters, "anyway": anyway}


def test_threat_credibility_matches_the_closed_form_on_a_grid() -> None:
    a, s = np.meshgrid(np.linspace(0.0, 0.2, 21), np.linspace(0.0, 0.2, 17))
    gain = np.linspace(-0.05, 0.15, 17)[:, None]
    res = threat_credibility(
        audience_cost_usa=a, sanctions_cost_usa=s, war_gain_rus=gain,
        sanctions_cost_rus=0.1, discount_usa=0.85, discount_rus=0.97, ceasefire_value_usa=1.0,
    )
    assert isinstance(res, ThreatCredibility)
    assert res.credible.shape == (17, 21)
    expected = closed_form(dict(res.parameters))
    np.testing.assert_array_equal(res.credible, expected["credible"])
    np.testing.assert_array_equal(res.deters, expected["deters"])
    np.testing.assert_array_equal(res.region == 3, expected["anyway"])
    np.testing.assert_array_equal(res.threatens, res.deters)
    np.testing.assert_array_equal(res.ceasefire, res.deters | expected["anyway"])
    np.testing.assert_array_equal(res.credible, res.credibility_margin > 0)
    assert 0 < res.credible.mean() < 1 and 0 < res.deters.mean() < 1
    assert sum(res.shares().values()) == pytest.approx(1.0)


def test_threat_credibility_over_draws_agrees_with_the_tree() -> None:
    rng = np.random.default_rng(5)
    n = 40
    draws = {
        "audience_cost_usa": rng.uniform(0, 0.1, n), "sanctions_cost_usa": rng.uniform(0, 0.1, n),
        "sanctions_cost_rus": rng.uniform(0, 0.1, n), "war_gain_rus": rng.uniform(-0.02, 0.08, n),
        "discount_usa": rng.uniform(0.7, 1, n), "discount_rus": rng.uniform(0.9, 1, n),
        "ceasefire_value_usa": 1.0,
    }
    res = threat_credibility(**draws)
    for k in range(n):
        point = {key: float(np.ravel(val)[k] if np.ndim(val) else val)
                 for key, val in draws.items()}
        spe = backward_induction(sanctions_threat_game(**point))
        assert (spe.strategy["usa_follow"] == "sanction") == bool(res.credible[k])
        assert spe.payoffs["USA"] == pytest.approx(res.usa_value[k])
        assert spe.payoffs["RUS"] == pytest.approx(res.rus_value[k])
        assert (spe.path[-1].startswith("ceasefire")) == bool(res.ceasefire[k])
    frame = res.to_frame()
    assert len(frame) == n and {"credible", "deters", "region", "audience_cost_usa"} <= set(frame)


def test_scenario_threat_is_not_credible_but_would_deter(scenario: positions.Scenario) -> None:
    # Scenario point values: delta_U s_U = 0.85 * 0.05 = 0.0425 exceeds the
    # default audience cost 0.02, so the US would back down; Russia's gain
    # 0.85 * 0.2 - 0.15 = 0.02 is below delta_R s_R = 0.97 * 0.05 = 0.0485, so
    # a credible threat would bring a ceasefire.
    spe = backward_induction(sanctions_threat_game(scenario))
    assert spe.strategy["usa_follow"] == "back down"
    assert spe.strategy["rus_threatened"] == "continue"
    assert spe.path == ("usa_threat", "rus_free", "war")
    committed = backward_induction(sanctions_threat_game(scenario, audience_cost_usa=0.05))
    assert committed.strategy["usa_follow"] == "sanction"
    assert committed.path == ("usa_threat", "rus_threatened", "ceasefire_threat")
    res = threat_credibility(scenario, audience_cost_usa=np.linspace(0, 0.1, 11))
    np.testing.assert_array_equal(res.credible, np.linspace(0, 0.1, 11) > 0.0425)
    np.testing.assert_array_equal(res.deters, res.credible)


def test_threat_plots(scenario: positions.Scenario) -> None:
    a, s = np.meshgrid(np.linspace(0, 0.1, 5), np.linspace(0, 0.1, 4))
    grid = threat_credibility(scenario, audience_cost_usa=a, sanctions_cost_usa=s)
    ax = grid.plot()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("audience_cost_usa", "sanctions_cost_usa")
    ax = plot_threat_credibility(grid, x="sanctions_cost_usa", y="audience_cost_usa")
    assert ax.get_xlabel() == "sanctions_cost_usa"
    draws = threat_credibility(scenario, audience_cost_usa=[0.01, 0.05, 0.08])
    assert draws.plot().get_ylabel() == "share of draws"
    with pytest.raises(ValueError, match="axis parameter of plot_threat_credibility"):
        plot_threat_credibility(grid, x="nope")
    plt.close("all")


def test_threat_bad_inputs(scenario: positions.Scenario) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'sanction_cost'"):
        threat_credibility(scenario, sanction_cost=0.1)
    with pytest.raises(ValueError, match="The 'discount_usa' parameter of threat_credibility"):
        threat_credibility(scenario, discount_usa=1.5)
    with pytest.raises(ValueError, match="The 'audience_cost_usa' parameter of threat_credib"):
        threat_credibility(scenario, audience_cost_usa=-0.1)
    with pytest.raises(ValueError, match=r"needs sanctions_cost_usa=\.\.\. \(no scenario is given"):
        threat_credibility(war_gain_rus=0.1)
    with pytest.raises(ValueError, match="must broadcast to one shape"):
        threat_credibility(scenario, audience_cost_usa=[0.1, 0.2], sanctions_cost_usa=[0.1] * 3)
    with pytest.raises(ValueError, match="The 'p_rus' parameter of threat_parameters must be"):
        threat_parameters(scenario, p_rus=[0.5, 0.6])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must be a finite array"):
        threat_credibility(scenario, war_gain_rus=math.nan)
