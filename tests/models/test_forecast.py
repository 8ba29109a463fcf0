import copy
import json

import numpy as np
import pytest
from strategies import minimal_scenario_dict

import models
import positions


@pytest.fixture(scope="module")
def scenario():
    return positions.load("ukraine-ceasefire-2025-05")


def three_party_scenario(ideals, saliences, capabilities):
    """One issue (0-100), three parties with the given ideals, saliences and capabilities."""
    data = minimal_scenario_dict()
    template = data["positions"][0]
    data["actors"] = [
        {"id": f"A{i}", "name": f"Actor {i}", "kind": "state",
         "capability": {"value": c, "uncertainty": {"dist": "fixed"}, "rationale": "r"}}
        for i, c in enumerate(capabilities)
    ]
    data["positions"] = []
    for i, (x, s) in enumerate(zip(ideals, saliences, strict=True)):
        p = copy.deepcopy(template)
        p.update(actor=f"A{i}", basis="coded", evidence=[], option=None, acceptable=None)
        p["ideal"]["value"] = x
        p["salience"]["value"] = s
        data["positions"].append(p)
    empty = ("no_positions", "options", "infeasible", "preferences", "disagreement", "parameters")
    for key in empty:
        data[key] = []
    data["beliefs"][0]["holder"] = "A0"
    return positions.Scenario.from_json(json.dumps(data))


def test_static_forecasts_match_the_array_functions(scenario):
    result = models.forecast(scenario, ["mean", "median", "condorcet"])
    arrays = models.scenario_arrays(scenario)
    for k, issue in enumerate(result.issue_ids):
        mask = arrays.has_position[:, k] & (arrays.saliences[:, k] > 0)
        args = (arrays.ideals[mask, k], arrays.saliences[mask, k], arrays.capabilities[mask])
        assert result.values[0, k] == pytest.approx(models.weighted_mean(*args)), issue
        assert result.values[1, k] == pytest.approx(models.weighted_median(*args)), issue
        winner = models.condorcet_winner(*args)
        assert (np.isnan(result.values[2, k]) and winner is None) or result.values[2, k] == winner


def test_hand_computed_one_issue_case():
    # Weighted mean = (2*1*0 + 1*1*60 + 1*1*100) / 4 = 40; the weighted median is where
    # the cumulative weight c*s first reaches half of 4, i.e. A0's position 0 (Black 1948).
    s = three_party_scenario([0, 60, 100], [1.0, 1.0, 1.0], [2.0, 1.0, 1.0])
    result = models.forecast(s, ["mean", "median"])
    assert result.values[:, 0] == pytest.approx([40.0, 0.0])


def test_unanimity_is_forecast_by_every_method():
    s = three_party_scenario([70, 70, 70], [0.5, 0.8, 0.3], [1.0, 2.0, 3.0])
    result = models.forecast(s)
    assert np.allclose(result.values[:, 0], 70.0, atol=1e-6)


def test_dynamic_forecasts_stay_on_the_scale_and_keep_their_runs(scenario):
    result = models.forecast(scenario, ["smp", "eum"])
    assert result.smp_result is not None and result.smp_result.positions.shape[1:] == (4, 9)
    assert set(result.eum_results) <= set(result.issue_ids)
    assert np.all((result.values >= 0) & (result.values <= 100))
    # The SMP forecast is the final position of the most likely winner, mapped to each scale.
    smp = result.smp_result
    winner = int(np.argmax(smp.win_prob[-1]))
    np.testing.assert_allclose(result.values[0], smp.positions[-1, winner])


def test_reordering_actors_does_not_change_static_forecasts(scenario):
    data = scenario.model_dump()
    data["actors"] = tuple(reversed(data["actors"]))
    data["positions"] = tuple(reversed(data["positions"]))
    flipped = positions.Scenario.from_dict(data)
    a = models.forecast(scenario, ["mean", "median", "condorcet"]).values
    b = models.forecast(flipped, ["mean", "median", "condorcet"]).values
    np.testing.assert_allclose(a, b)


def test_frames_labels_and_repr(scenario):
    result = models.forecast(scenario, ["mean", "median"])
    df = result.to_frame()
    assert len(df) == 2 * len(scenario.issues)
    assert set(df.columns) == {"method", "issue", "forecast", "fraction", "option", "status_quo"}
    assert result.table().shape == (len(scenario.issues), 2)
    territory = df[(df.method == "median") & (df.issue == "territory")].iloc[0]
    labels = {o.label for o in scenario.issue("territory").options}
    assert territory.option in labels
    assert "ForecastResult(9 issues x 2 methods)" in repr(result)
    assert "<table" in result._repr_html_()


def test_plot_has_labels(scenario):
    import matplotlib.pyplot as plt

    ax = models.forecast(scenario, ["mean", "median"]).plot()
    assert ax.get_xlabel().startswith("forecast on the issue scale")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["mean", "median"]
    plt.close(ax.figure)


def test_bad_methods_and_issues(scenario):
    with pytest.raises(ValueError, match="'method' parameter of forecast"):
        models.forecast(scenario, ["oracle"])
    with pytest.raises(ValueError, match=r"'issues' parameter of forecast .*'atlantis'"):
        models.forecast(scenario, issues=["atlantis"])
