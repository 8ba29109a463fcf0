"""Pinned random streams: the same seeds give the numbers they gave before the move of issue 11.

``data/pinned_streams.json`` was written by the code at commit 7ab6719 (the flat
``models/`` layout) with the seeds below, on the built-in scenario as it then
was. The pins test the code, not the data: the scenario is read from a frozen
copy (``data/pinned_scenario/``, the file and its sources as of commit
28e2781), so recoding the built-in case (issue 13) does not move them. The
move into family subpackages, the one random-streams module and every later
refactor must leave these numbers unchanged: samplers, a chunked Monte Carlo
run of two adapters, the war-learning simulation and the Sobol and Morris
analyses.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import models
import positions
from models.bargaining import BargainingModel
from models.uncertainty import sample
from models.war import WarModel, simulate_war_learning

PINNED = json.loads((Path(__file__).parent / "data" / "pinned_streams.json").read_text())


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load(Path(__file__).parent / "data" / "pinned_scenario"
                          / "ukraine-ceasefire-2025-05.yaml")


def _close(actual: object, expected: object) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float),
                               rtol=1e-12, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol", "halton", "factorial"])
def test_samplers_give_the_pinned_draws(scenario: positions.Scenario, sampler: str) -> None:
    inputs = models.uncertain(scenario)
    if sampler == "factorial":
        X = sample(inputs, None, sampler=sampler, rng=11, stop=64, levels=2)
    else:
        X = sample(inputs, 64, sampler=sampler, rng=11)
    _close(X[[0, 1, 37]], PINNED[f"sample_{sampler}"]["rows"])
    _close(X.mean(axis=0), PINNED[f"sample_{sampler}"]["mean"])


def test_monte_carlo_adapters_give_the_pinned_outputs(scenario: positions.Scenario) -> None:
    core = models.uncertain(scenario.with_parties(["RUS", "USA", "UKR"]))
    res = models.monte_carlo(BargainingModel(core), core, n_draws=300, rng=3, chunk_size=77)
    for name, values in PINNED["mc_bargaining"].items():
        _close(np.asarray(res.outputs[name], dtype=float)[:40], values)
    inputs = models.uncertain(scenario)
    war = models.monte_carlo(WarModel(inputs), inputs, n_draws=200, rng=9, sampler="lhs")
    assert sorted(war.outputs) == sorted(PINNED["mc_war"])
    for name, values in PINNED["mc_war"].items():
        _close(np.asarray(war.outputs[name], dtype=float)[:40], values)


def test_war_learning_gives_the_pinned_paths() -> None:
    res = simulate_war_learning([0.8, 0.6], [0.2, 0.3], 0.5, 0.1, 0.2, 12, n_draws=50, rng=4,
                                chunk_size=7)
    for name, values in PINNED["war_learning"].items():
        _close(np.asarray(getattr(res, name), dtype=float).ravel()[:60], values)


def test_sensitivity_gives_the_pinned_indices(scenario: positions.Scenario) -> None:
    inputs = models.uncertain(scenario)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SALib on constant outputs
        sobol = models.sobol_indices(WarModel(inputs), inputs, 64, rng=5, second_order=False,
                                     num_resamples=10)
        morris = models.morris_screening(WarModel(inputs), inputs, n_trajectories=8, rng=6,
                                         num_resamples=10)
    _close(sobol.to_frame().select_dtypes("number").round(12).values.ravel()[:80], PINNED["sobol"])
    _close(morris.to_frame().select_dtypes("number").round(12).values.ravel()[:80],
           PINNED["morris"])
