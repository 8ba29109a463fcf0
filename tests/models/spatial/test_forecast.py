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
        assert result.values[0, k] == pytest.approx(models.spatial.weighted_mean(*args)), issue
        assert result.values[1, k] == pytest.approx(models.spatial.weighted_median(*args)), issue
        winner = models.spatial.condorcet_winner(*args)
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


# --------------------------------------------------------------------------- why the EUM goes far
def _eum_round_0_by_hand(x, s, c):
    """Round 0 of the EUM from the equations printed by Scholz, Calbert & Smith (2011).

    Pairwise probabilities (eq. 31), Q = 1 (eqs. 15-16, 24-25), securities and risk exponents
    (eqs. 32-34), then every pair's perspective (a, b) = (E^i(U_ij), E^i(U_ji)) with r_i.
    Plain scalar loops, independent of models.spatial.eum's vectorised code.
    """
    n, span = len(x), max(x) - min(x)
    w = [c[k] * s[k] for k in range(n)]

    def prob(i, j):
        votes = [w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i])) / span for k in range(n)]
        return sum(max(v, 0.0) for v in votes) / sum(abs(v) for v in votes)

    def eu(i, j, r):
        d = abs(x[i] - x[j]) / span
        u_s, u_f = 2 - 4 * (0.5 - 0.5 * d) ** r, 2 - 4 * (0.5 + 0.5 * d) ** r
        p = prob(i, j)
        return s[j] * (p * u_s + (1 - p) * u_f) + (1 - s[j]) * u_s - (2 - 4 * 0.5**r)

    sec = [sum(eu(a, b, 1.0) for a in range(n) if a != b) for b in range(n)]
    big_r = [(2 * v - max(sec) - min(sec)) / (max(sec) - min(sec)) for v in sec]
    r = [(1 - v / 3) / (1 + v / 3) for v in big_r]
    return prob, r, lambda i, j: (eu(i, j, r[i]), eu(j, i, r[i]))


def test_eum_territory_goes_to_russia_because_the_usa_loses_a_conflict(scenario):
    # Diagnosis of the EUM forecast of 100 on "territory" (the static median is 80). Inputs
    # (scenario YAML): RUS 100, USA 80, EUR 50, UKR 0; saliences 0.95, 0.35, 0.7, 0.95;
    # capabilities 0.8, 1, 0.5, 0.35, so w = c*s = 0.76, 0.35, 0.35, 0.3325 (total 1.7925)
    # and the USA at 80 is the weighted-median actor. Recomputed by hand from Scholz et al.
    # (2011) eqs. 15-16, 24-25, 31-34: the forecast follows from the model's equations.
    result = models.forecast(scenario, ["median", "eum"], issues=["territory"])
    run = result.eum_results["territory"]
    assert run.actor_names == ("RUS", "USA", "EUR", "UKR")
    x, s, c = [100.0, 80.0, 50.0, 0.0], [0.95, 0.35, 0.7, 0.95], [0.8, 1.0, 0.5, 0.35]
    np.testing.assert_allclose(run.positions[0, :, 0], x)
    np.testing.assert_allclose(run.salience, s)
    np.testing.assert_allclose(run.capability, c)
    prob, r, plane = _eum_round_0_by_hand(x, s, c)
    np.testing.assert_allclose(run.risk_exponent[0, :, 0], r)
    for i in range(4):
        for j in range(4):
            if i != j:
                assert run.probability[0, i, j, 0] == pytest.approx(prob(i, j))
                a, b = plane(i, j)
                assert run.eu_challenge[0, i, j, 0] == pytest.approx(a)
                assert run.eu_rival[0, i, j, 0] == pytest.approx(b)
    rus, usa = 0, 1
    # The USA would win a vote against Russia (EUR and UKR prefer 80 to 100) ...
    assert prob(usa, rus) == pytest.approx(0.5760, abs=1e-4)
    # ... but a salience is the probability of resisting: Russia (0.95) resists, the USA
    # (0.35) mostly does not, so from the USA's view (r = 0.858) both gain from a challenge
    # and Russia gains more: b > a > 0, a conflict the USA loses.
    a, b = plane(usa, rus)
    assert r[usa] == pytest.approx(0.8580, abs=1e-4)
    assert (a, b) == (pytest.approx(0.0791, abs=1e-4), pytest.approx(0.2317, abs=1e-4))
    assert b > a > 0
    # It accepts that conflict (moving the full 20 points) rather than give way to Europe,
    # the other conflict it loses (30 points).
    off = run.to_frame("offers")
    usa_row = off[(off["round"] == 0) & (off["receiver"] == "USA") & off["accepted"]].iloc[0]
    assert (usa_row.proposer, usa_row.type, usa_row.from_position, usa_row.position) == (
        "RUS", "conflict", 80.0, 100.0)
    assert (usa_row.eu_challenge, usa_row.eu_rival) == (pytest.approx(a), pytest.approx(b))
    # RUS and USA now hold 0.76 + 0.35 = 1.11 > 1.7925 / 2 at 100: the median jumps there
    # after one round and stays, although positions still move (no fixed point in 10 rounds).
    assert run.positions[1, usa, 0] == 100.0
    np.testing.assert_allclose(run.weighted_median[:, 0], [80.0] + [100.0] * run.num_iter)
    assert not run.converged and run.num_iter == run.max_iter == 10
    np.testing.assert_allclose(result.values[:, 0], [80.0, 100.0])


def test_eum_zelensky_usa_leapfrogs_to_where_russia_was(scenario):
    # "zelensky" (static median 40 = the USA, salience 0.2, the lowest): all move at once,
    # so in round 0 the USA loses a conflict to Russia and moves to 0 while Russia loses one
    # to Europe and leaves 0 for 100; in round 1 the USA, alone at 0, gives way to Russia.
    run = models.forecast(scenario, "eum", issues=["zelensky"]).eum_results["zelensky"]
    np.testing.assert_allclose(run.positions[:3, :, 0],
                               [[0, 40, 100, 100], [100, 0, 100, 100], [100, 100, 100, 100]])
    off = run.to_frame("offers")
    moves = off[off["accepted"]][["round", "receiver", "proposer", "type"]].values.tolist()
    assert moves == [[0, "RUS", "EUR", "conflict"], [0, "USA", "RUS", "conflict"],
                     [1, "USA", "RUS", "conflict"]]
    assert run.converged and run.weighted_median[-1, 0] == 100.0


def test_eum_without_conflict_moves_is_the_static_median(scenario):
    # With conflict="stay" (BDM 1997, p. 244: a conflict moves nobody) the EUM forecast of
    # every issue equals the weighted median, where the default run ends at 0 or 100 on
    # all but "ceasefire": the full moves of conflict losers carry the default forecasts.
    fc = models.forecast(scenario, ["median", "eum"], eum_options={"conflict": "stay"})
    np.testing.assert_allclose(fc.values[1], fc.values[0])
    default = models.forecast(scenario, ["median", "eum"]).values
    moved = ~np.isclose(default[1], default[0])
    assert [i for i, m in zip(fc.issue_ids, moved, strict=True) if m] == [
        "territory", "ceasefire", "zelensky", "sanctions", "us_support"]
    assert np.all(np.isin(np.delete(default[1], fc.issue_ids.index("ceasefire")), [0.0, 100.0]))
