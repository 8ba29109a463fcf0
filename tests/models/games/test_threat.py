"""Tests of the threat game read from a threat role: its parameters, credibility scans and plots."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

import positions
from models import ThreatCredibility, threat_credibility, threat_game
from models.games import backward_induction, threat_labels, threat_parameters
from models.plotting import plot_threat_credibility


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load("ukraine-ceasefire-2025-05")


def test_threat_parameters_read_the_scenario(scenario: positions.Scenario) -> None:
    v = threat_parameters(scenario)
    assert v["threat_cost_threatener"] == scenario.parameter("sanctions_cost_USA").value.value
    assert v["threat_cost_target"] == scenario.parameter("sanctions_cost_RUS").value.value
    assert v["discount_threatener"] == scenario.parameter("discount_USA").value.value
    assert v["discount_target"] == scenario.parameter("discount_RUS").value.value
    assert v["war_cost_target"] == scenario.parameter("war_cost_RUS").value.value
    putin = next(b for b in scenario.beliefs_about("four_regions_2025") if b.holder == "RUS")
    assert v["p_target"] == putin.probability.value
    territory = scenario.issue("territory")
    assert v["compliance_share_target"] == pytest.approx(
        (territory.status_quo.value - territory.scale.low)
        / (territory.scale.high - territory.scale.low)
    )
    assert v["war_gain_target"] == pytest.approx(
        v["p_target"] * (1 - v["compliance_share_target"]) - v["war_cost_target"]
    )
    assert v["audience_cost"] == scenario.parameter("audience_cost_USA").value.value
    assert threat_parameters(scenario, audience_cost=0.3)["audience_cost"] == 0.3


def closed_form(v: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    # Backward induction by hand (Schelling 1960; Selten 1978): the US carries
    # the threat out iff backing down costs more than sanctions,
    # a_U > delta_U s_U; Russia, facing a credible threat, agrees to a
    # ceasefire iff sanctions outweigh its gain, g_R < delta_R s_R; without a
    # threat it agrees iff g_R < 0. Ties go to the status quo.
    credible = v["audience_cost"] > v["discount_threatener"] * v["threat_cost_threatener"]
    anyway = v["war_gain_target"] < 0
    deters = credible & ~anyway & (
        v["war_gain_target"] < v["discount_target"] * v["threat_cost_target"]
    )
    return {"credible": credible, "deters": deters, "anyway": anyway}


def test_threat_credibility_matches_the_closed_form_on_a_grid() -> None:
    a, s = np.meshgrid(np.linspace(0.0, 0.2, 21), np.linspace(0.0, 0.2, 17))
    gain = np.linspace(-0.05, 0.15, 17)[:, None]
    res = threat_credibility(
        audience_cost=a, threat_cost_threatener=s, war_gain_target=gain,
        threat_cost_target=0.1, discount_threatener=0.85, discount_target=0.97,
        compliance_value_threatener=1.0,
    )
    assert isinstance(res, ThreatCredibility)
    assert res.credible.shape == (17, 21)
    expected = closed_form(dict(res.parameters))
    np.testing.assert_array_equal(res.credible, expected["credible"])
    np.testing.assert_array_equal(res.deters, expected["deters"])
    np.testing.assert_array_equal(res.region == 3, expected["anyway"])
    np.testing.assert_array_equal(res.threatens, res.deters)
    np.testing.assert_array_equal(res.complies, res.deters | expected["anyway"])
    np.testing.assert_array_equal(res.credible, res.credibility_margin > 0)
    assert 0 < res.credible.mean() < 1 and 0 < res.deters.mean() < 1
    assert sum(res.shares().values()) == pytest.approx(1.0)


def test_threat_credibility_over_draws_agrees_with_the_tree() -> None:
    rng = np.random.default_rng(5)
    n = 40
    draws = {
        "audience_cost": rng.uniform(0, 0.1, n), "threat_cost_threatener": rng.uniform(0, 0.1, n),
        "threat_cost_target": rng.uniform(0, 0.1, n),
        "war_gain_target": rng.uniform(-0.02, 0.08, n),
        "discount_threatener": rng.uniform(0.7, 1, n), "discount_target": rng.uniform(0.9, 1, n),
        "compliance_value_threatener": 1.0,
    }
    res = threat_credibility(**draws)
    for k in range(n):
        point = {key: float(np.ravel(val)[k] if np.ndim(val) else val)
                 for key, val in draws.items()}
        spe = backward_induction(threat_game(**point))
        assert (spe.strategy["follow_through"] == "carry out") == bool(res.credible[k])
        assert spe.payoffs["threatener"] == pytest.approx(res.threatener_value[k])
        assert spe.payoffs["target"] == pytest.approx(res.target_value[k])
        assert (spe.path[-1].startswith("complies")) == bool(res.complies[k])
    frame = res.to_frame()
    assert len(frame) == n and {"credible", "deters", "region", "audience_cost"} <= set(frame)


def test_scenario_threat_is_not_credible_but_would_deter(scenario: positions.Scenario) -> None:
    # Scenario point values: delta_U s_U = 0.85 * 0.05 = 0.0425 exceeds the
    # default audience cost 0.02, so the US would back down; Russia's gain
    # 0.85 * 0.2 - 0.15 = 0.02 is below delta_R s_R = 0.97 * 0.05 = 0.0485, so
    # a credible threat would bring a ceasefire.
    spe = backward_induction(threat_game(scenario))
    assert spe.strategy["follow_through"] == "back down"
    assert spe.strategy["target_threatened"] == "defy"
    assert spe.path == ("decide_threat", "target_unthreatened", "defies_unthreatened")
    committed = backward_induction(threat_game(scenario, audience_cost=0.05))
    assert committed.strategy["follow_through"] == "carry out"
    assert committed.path == ("decide_threat", "target_threatened", "complies_threatened")
    res = threat_credibility(scenario, audience_cost=np.linspace(0, 0.1, 11))
    np.testing.assert_array_equal(res.credible, np.linspace(0, 0.1, 11) > 0.0425)
    np.testing.assert_array_equal(res.deters, res.credible)


def test_threat_plots(scenario: positions.Scenario) -> None:
    a, s = np.meshgrid(np.linspace(0, 0.1, 5), np.linspace(0, 0.1, 4))
    grid = threat_credibility(scenario, audience_cost=a, threat_cost_threatener=s)
    ax = grid.plot()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("audience_cost", "threat_cost_threatener")
    ax = plot_threat_credibility(grid, x="threat_cost_threatener", y="audience_cost")
    assert ax.get_xlabel() == "threat_cost_threatener"
    draws = threat_credibility(scenario, audience_cost=[0.01, 0.05, 0.08])
    assert draws.plot().get_ylabel() == "share of draws"
    with pytest.raises(ValueError, match="axis parameter of plot_threat_credibility"):
        plot_threat_credibility(grid, x="nope")
    plt.close("all")


def test_threat_bad_inputs(scenario: positions.Scenario) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'sanction_cost'"):
        threat_credibility(scenario, sanction_cost=0.1)
    with pytest.raises(ValueError, match="The 'discount_threatener' parameter of threat_cred"):
        threat_credibility(scenario, discount_threatener=1.5)
    with pytest.raises(ValueError, match="The 'audience_cost' parameter of threat_credib"):
        threat_credibility(scenario, audience_cost=-0.1)
    with pytest.raises(ValueError, match=r"needs threat_cost_threatener=\.\.\. \(no scenario"):
        threat_credibility(war_gain_target=0.1)
    with pytest.raises(ValueError, match="must broadcast to one shape"):
        threat_credibility(scenario, audience_cost=[0.1, 0.2], threat_cost_threatener=[0.1] * 3)
    with pytest.raises(ValueError, match="The 'p_target' parameter of threat_parameters must be"):
        threat_parameters(scenario, p_target=[0.5, 0.6])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must be a finite array"):
        threat_credibility(scenario, war_gain_target=math.nan)


def _with_roles(scenario: positions.Scenario, roles: dict) -> positions.Scenario:
    return positions.Scenario.from_dict({**scenario.model_dump(), "roles": roles})


def test_threat_game_reads_the_threat_role(scenario: positions.Scenario) -> None:
    tree = threat_game(scenario)
    assert tree.players == ("USA", "RUS")  # the role's threatener and target
    assert list(tree.nodes["decide_threat"].actions) == ["no threat", "threaten"]
    assert list(tree.nodes["target_threatened"].actions) == ["defy", "comply"]
    assert list(tree.nodes["follow_through"].actions) == ["back down", "carry out"]
    labels = threat_labels(scenario)
    options = {o.id: o.label for o in scenario.options}
    assert labels["demand"] == options["RUS_ceasefire"]
    assert labels["threat"] == options["USA_sanctions"]
    assert labels["title"] == scenario.roles.threat().label
    res = threat_credibility(scenario, audience_cost=[0.01, 0.05])
    assert res.players == ("USA", "RUS") and res.labels["threatener"] == "USA"
    assert threat_credibility(audience_cost=0.01, war_gain_target=0.1, threat_cost_threatener=0.1,
                              threat_cost_target=0.1).players == ("threatener", "target")
    # Defaults where the role leaves a field out: audience cost 0.02, discounts 1,
    # compliance share 0.8.
    role = scenario.roles.threat().model_dump(exclude_none=True)
    for name in ("audience_cost", "threatener_discount", "target_discount", "stakes_issue"):
        del role[name]
    minimal = _with_roles(scenario, {"wars": [scenario.roles.war().model_dump(exclude_none=True)],
                                     "threats": [role]})
    v = threat_parameters(minimal)
    assert (v["audience_cost"], v["discount_threatener"], v["discount_target"],
            v["compliance_share_target"]) == (0.02, 1.0, 1.0, 0.8)


def test_threat_game_without_a_threat_role(scenario: positions.Scenario) -> None:
    bare = _with_roles(scenario, {})
    with pytest.raises(ValueError, match="scenario 'ukraine-ceasefire-2025-05' declares no threat "
                       r"roles: add roles.threats \(threatener, target, demand, threat, war"):
        threat_game(bare)
    with pytest.raises(ValueError, match="declares no threat roles"):
        threat_credibility(bare, audience_cost=0.1)
    with pytest.raises(ValueError, match=r"The 'threat' parameter of threat_parameters must be one "
                       r"of the threat roles of scenario '[^']+' \['us_sanctions'\]"):
        threat_parameters(scenario, "nope")
