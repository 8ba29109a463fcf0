"""The spatial models on the built-in scenarios coded from published cases.

The published numbers are those the repository already pins: the car-emissions case in
tests/models/spatial/test_eum.py and tests/models/bargaining/test_solutions.py (Bueno de
Mesquita 1994 as tabulated by Scholz, Calbert & Smith 2011), KTAB's SOE-Pol-Comp reference
run in tests/models/spatial/data/ktab/ref_soe_pol_comp.json. Here they are reached through
the scenarios, so a change in the scenario files or in the conversion to arrays shows.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import models
import positions
from models.spatial import SMPParams, eum, smp

# The switches that come closest to Scholz et al.'s published rounds (see test_eum.py).
CLOSEST = {"probability": "global", "vote_utility": "risk", "offer_choice": "weighted_compromise"}
KTAB_REF = Path(__file__).parent / "data" / "ktab" / "ref_soe_pol_comp.json"


@pytest.fixture(scope="module")
def car() -> positions.Scenario:
    return positions.load("ec-car-emissions-bdm1994")


def test_car_emissions_published_mean_and_median(car):
    # Scholz et al. (2011), Table 1: weighted mean 500.3 / 67.7 = 7.39, weighted median 7.
    result = models.forecast(car, ["mean", "median", "condorcet"])
    mean, median, condorcet = result.values[:, 0]
    assert mean == pytest.approx(500.3 / 67.7, abs=1e-12)
    assert round(mean, 2) == 7.39
    assert median == 7.0 and condorcet == 7.0


def test_car_emissions_arrays_are_the_published_table(car):
    a = models.scenario_arrays(car)
    assert a.actor_ids == ("NLD", "BEL", "LUX", "DEU", "FRA", "ITA", "GBR", "IRL", "DNK", "GRC")
    np.testing.assert_array_equal(a.capabilities,
                                  [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08])
    np.testing.assert_array_equal(a.ideals[:, 0], [4, 7, 4, 4, 10, 10, 10, 7, 4, 7])
    np.testing.assert_allclose(a.saliences[:, 0] * 100, [80, 40, 20, 80, 60, 60, 90, 10, 100, 70])
    assert (a.scale_low[0], a.scale_high[0]) == (0.0, 10.0)


def test_car_emissions_eum_rounds_through_the_scenario(car):
    # The EUM's rounds as test_eum.py pins them (Scholz et al. ICAART version, Table 2:
    # round 1 median 8.4, mean 7.4), from the scenario's arrays on its own 0-10 scale and
    # through models.forecast, which runs the EUM on 0-100.
    pinned_median = [8.416, 9.611, 9.962, 9.962, 9.962, 7.472, 8.825, 9.671]
    a = models.scenario_arrays(car)
    direct = eum(a.ideals[:, 0], a.saliences[:, 0], a.capabilities, scale=(0, 10), rounds=8,
                 **CLOSEST)
    assert direct.weighted_median[0, 0] == 7.0
    np.testing.assert_allclose(direct.weighted_median[1:, 0], pinned_median, atol=5e-4)
    assert abs(direct.weighted_mean[1, 0] - 7.4) <= 0.075
    assert abs(direct.weighted_median[1, 0] - 8.4) <= 0.075
    run = models.forecast(car, "eum", eum_rounds=8, eum_options=CLOSEST)
    np.testing.assert_allclose(run.eum_results["emissions"].weighted_median[:, 0],
                               100 * direct.weighted_median[:, 0] / 10, atol=1e-9)
    assert run.values[0, 0] == pytest.approx(direct.weighted_median[-1, 0])


def _fmt(values, places):
    return [f"{x:.{places}f}" for x in np.ravel(np.asarray(values, dtype=float))]


def test_ktab_soe_reference_run_through_the_scenario():
    # KTAB's 2017-05-30 reference run of SOE-Pol-Comp: all 28 states, at the log's precision.
    ref = json.loads(KTAB_REF.read_text(encoding="utf-8"))
    out, dp = ref["outputs"], ref["precision"]
    s = positions.load("ktab-soe-pol-comp")
    a = models.scenario_arrays(s)
    assert list(a.actor_ids) == ref["inputs"]["actors"]
    np.testing.assert_array_equal(a.ideals, ref["inputs"]["positions"])
    np.testing.assert_allclose(a.saliences * 100, ref["inputs"]["salience_percent"])
    np.testing.assert_array_equal(a.capabilities, ref["inputs"]["capability"])
    result = smp(a.ideals, a.saliences, a.capabilities,
                 params=SMPParams.from_ktab(ref["inputs"]["model_parameters"]))
    assert result.converged and result.positions.shape[0] == out["n_states"] == 28
    assert _fmt(result.positions, dp["positions"]) == _fmt(out["positions"], dp["positions"])
    assert _fmt(result.win_prob, dp["win_prob"]) == _fmt(out["win_prob"], dp["win_prob"])
    assert _fmt(result.change_ratio, dp["change_ratio"]) == _fmt(out["change_ratio"],
                                                                  dp["change_ratio"])


def test_ktab_soe_forecast_rescales_saliences():
    # models.forecast gives KTAB's SMP shares of attention (each actor's saliences summing
    # to 1), so its run differs from the reference run, which uses KTAB's percentages / 100.
    s = positions.load("ktab-soe-pol-comp")
    run = models.forecast(s, "smp").smp_result
    assert run is not None
    np.testing.assert_allclose(run.positions[0], models.scenario_arrays(s).ideals)
    assert run.positions.shape[0] != 28 or not np.allclose(
        run.positions[-1], json.loads(KTAB_REF.read_text())["outputs"]["positions"][-1], atol=0.05
    )
