"""Coder disagreement as uncertainty: the mixture over coders in the Monte Carlo (issue 17)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import positions
from models import monte_carlo, sobol_indices, uncertain
from models.bargaining import BargainingModel
from models.uncertainty import CODER_INPUT, coder_share, sample, with_codings
from positions import Uniform
from tests.strategies import random_scenario_dicts

CASE = "ukraine-ceasefire-2025-05"
PATH = "positions[RUS/sanctions].salience"


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load(CASE)


def _coding(scenario, values, coder="B"):
    return positions.load_coding({"scenario": scenario.id, "coder": coder, "values": values},
                                 scenario)


def test_two_coder_mixture_moments(scenario) -> None:
    # A: Uniform(0.2, 0.6) (value 0.4); B moves it to 0.5: Uniform(0.3, 0.7). Weights 1/4, 3/4.
    # Mixture mean = sum w_k mu_k; variance = sum w_k (sigma_k^2 + mu_k^2) - mean^2.
    inputs = uncertain(scenario, include=[PATH],
                       inputs={PATH: positions.Estimate(value=0.4, uncertainty=Uniform(
                           low=0.2, high=0.6), rationale="test")})
    b = _coding(scenario, {PATH: {"value": 0.5, "rationale": "r"}})
    mixed = with_codings(inputs, [b], coder_weights={"A": 1, "B": 3})
    x = sample(mixed, 200_000, rng=3)[:, 0]
    w, mu, var = np.array([0.25, 0.75]), np.array([0.4, 0.5]), np.full(2, 0.4**2 / 12)
    mean = float(w @ mu)
    variance = float(w @ (var + mu**2) - mean**2)
    assert x.mean() == pytest.approx(mean, abs=4 * np.sqrt(variance / x.size))
    assert x.var() == pytest.approx(variance, rel=0.02)
    assert x.min() >= 0.2 - 1e-12 and x.max() <= 0.7 + 1e-12


def test_triangular_when_coder_gives_a_range(scenario) -> None:
    b = _coding(scenario, {PATH: {"value": 0.7, "low": 0.6, "high": 0.9, "rationale": "r"}})
    mixed = uncertain(scenario, codings=[b], coder_weights={"B": 1})
    draws = sample(mixed, 50_000, rng=1)
    x = draws[:, mixed.names.index(PATH)]
    assert (draws[:, -1] == 1).all()
    assert x.mean() == pytest.approx((0.6 + 0.7 + 0.9) / 3, abs=0.003)
    assert x.min() >= 0.6 and x.max() <= 0.9


def test_shift_is_clipped_to_the_admissible_range(scenario) -> None:
    # A's RUS/territory salience is triangular(0.85, 0.95, 1.0); B at 1.0 moves it by
    # +0.05, so the upper tail is clipped at 1 (a salience stays in [0, 1]).
    path = "positions[RUS/territory].salience"
    b = _coding(scenario, {path: {"value": 1.0, "rationale": "r"}})
    mixed = uncertain(scenario, codings=[b], coder_weights={"B": 1})
    x = sample(mixed, 20_000, rng=2)[:, mixed.names.index(path)]
    assert x.max() == 1.0 and x.min() >= 0.9 - 1e-9


def test_fixed_paths_become_inputs(scenario) -> None:
    b = _coding(scenario, {"actors[USA].capability": {"value": 0.8, "rationale": "r"}})
    mixed = uncertain(scenario, codings=[b])
    assert "actors[USA].capability" in mixed.names
    draws = sample(mixed, 1000, rng=0)
    x = draws[:, mixed.names.index("actors[USA].capability")]
    assert set(np.unique(x[draws[:, -1] == 0])) == {1.0}
    assert set(np.unique(x[draws[:, -1] == 1])) == {0.8}


def test_identical_codings_change_nothing(scenario) -> None:
    same = _coding(scenario, {p: {"value": e.value, "rationale": "as A"}
                              for p, e in scenario.estimates().items()})
    inputs = uncertain(scenario)
    assert with_codings(inputs, [same]) is inputs
    core = scenario.with_parties(["RUS", "USA", "UKR"])
    base = uncertain(core)
    model = BargainingModel(base)
    alone = monte_carlo(model, base, 300, rng=5, progress=False)
    mixed = monte_carlo(model, base, 300, rng=5, progress=False, codings=[same])
    assert alone.output_names == mixed.output_names
    for name in alone.output_names:
        np.testing.assert_array_equal(alone.outputs[name], mixed.outputs[name])


def test_seed_and_chunk_invariance(scenario) -> None:
    b = positions.load_coding(positions.available_codings(CASE)[0], scenario) if (
        positions.available_codings(CASE)) else _coding(
        scenario, {PATH: {"value": 0.5, "rationale": "r"}})
    inputs = uncertain(scenario.with_parties(["RUS", "USA", "UKR"]), codings=[b])
    model = BargainingModel(inputs)
    big = monte_carlo(model, inputs, 1500, rng=9, chunk_size=1500, progress=False)
    small = monte_carlo(model, inputs, 1500, rng=9, chunk_size=170, progress=False)
    np.testing.assert_array_equal(big.draws, small.draws)
    for name in big.output_names:
        np.testing.assert_array_equal(big.outputs[name], small.outputs[name])
    other = monte_carlo(model, inputs, 1500, rng=10, progress=False)
    assert not np.array_equal(big.draws, other.draws)


def test_coder_sobol_index(scenario) -> None:
    # y = the salience: between-coder variance 0.25^2 / 4 = 0.015625 vs within
    # (1/12)(0.4^2): the coder's first-order index is between / total.
    inputs = uncertain(scenario, include=[PATH],
                       inputs={PATH: positions.Estimate(value=0.4, uncertainty=Uniform(
                           low=0.2, high=0.6), rationale="test")})
    b = _coding(scenario, {PATH: {"value": 0.65, "rationale": "r"}})

    def model(v):
        return {"y": v[PATH]}

    res = sobol_indices(model, inputs, 2048, second_order=False, rng=1, codings=[b])
    assert res.names == (PATH, CODER_INPUT)
    share = coder_share(res)
    between, within = 0.25**2 / 4, 0.4**2 / 12
    assert share.S1[0] == pytest.approx(between / (between + within), abs=0.05)


def test_bad_weights_and_no_scenario(scenario) -> None:
    b = _coding(scenario, {PATH: {"value": 0.5, "rationale": "r"}})
    with pytest.raises(ValueError, match="coder_weights"):
        uncertain(scenario, codings=[b], coder_weights={"Z": 1})
    with pytest.raises(ValueError, match="coder_weights"):
        uncertain(scenario, codings=[b], coder_weights={"A": 0, "B": 0})
    with pytest.raises(ValueError, match="scenario"):
        with_codings(uncertain(inputs={"x": Uniform(low=0, high=1)}), [b])


def test_cli_agreement(tmp_path, scenario, capsys) -> None:
    from models.analysis.cli import main

    coder = tmp_path / "c.yaml"
    coder.write_text("kind: coding\nscenario: ukraine-ceasefire-2025-05\ncoder: C\nvalues:\n"
                     "  positions[UKR/nato].ideal: {value: 40, rationale: x}\n"
                     "  positions[RUS/sanctions].salience: {value: 0.5, rationale: x}\n",
                     encoding="utf-8")
    figure = tmp_path / "fig" / "agreement.png"
    assert main(["agreement", CASE, str(coder), "--out", str(figure)]) == 0
    text = capsys.readouterr().out
    assert "coders A, C" in text and "positions[UKR/nato].ideal" in text
    assert figure.is_file() and figure.with_suffix(".csv").is_file()
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: coding\nscenario: ukraine-ceasefire-2025-05\ncoder: C\nvalues:\n"
                   "  positions[UKR/nato].ideal: {value: 400, rationale: x}\n", encoding="utf-8")
    assert main(["agreement", CASE, str(bad)]) == 1
    assert "positions[UKR/nato].ideal: 400 is above its issue's scale [0, 100]" in (
        capsys.readouterr().err)


def test_analyze_with_codings(scenario) -> None:
    import models

    same = _coding(scenario, {p: {"value": e.value, "rationale": "as A"}
                              for p, e in scenario.estimates().items()})
    alone = models.analyze(scenario, n_draws=200, n_base=8, progress=False)
    twin = models.analyze(scenario, n_draws=200, n_base=8, progress=False, codings=[same])
    assert twin.agreement is not None and twin.agreement.alpha == 1.0
    assert alone.events().equals(twin.events())
    b = _coding(scenario, {"parameters[audience_cost_USA].value": {"value": 0.08,
                                                                   "rationale": "r"}})
    mixed = models.analyze(scenario, n_draws=200, n_base=8, progress=False, codings=[b])
    assert mixed.monte_carlo.inputs.names[-1] == CODER_INPUT
    assert CODER_INPUT in mixed.sensitivity.names
    text = mixed.summary()
    assert "Coders A, B: Krippendorff's alpha" in text
    shares = [line for line in text.splitlines() if line.startswith("    ") and " ± " in line]
    assert shares and all(0 <= float(part.split(" ± ")[0].split()[-1]) <= 1
                           for line in shares for part in line.split(" / "))
    # The report has a Coders section with the agreement per kind and the coder share.
    html = mixed.report().to_html()
    assert ">Coders</h2>" in html and "Agreement per kind of judgement" in html
    assert "Share of variance from the choice of coder" in html
    assert ">Coders</h2>" not in alone.report().to_html()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=random_scenario_dicts(max_parties=4, max_issues=3), seed=st.integers(0, 2**16))
def test_generated_scenarios_mixture(data, seed) -> None:
    s = positions.Scenario.from_dict(data)
    known = s.estimates()
    rng = np.random.default_rng(seed)
    values = {}
    for path, est in known.items():
        low, high = est.bounds()
        values[path] = {"value": float(rng.uniform(low, high)) if high > low
                        else float(est.value), "rationale": "random"}
    try:
        b = positions.load_coding({"scenario": s.id, "coder": "B", "values": values}, s)
    except positions.ScenarioError:
        return  # a draw that breaks a cross-rule (an ideal outside its range)
    same = positions.load_coding({"scenario": s.id, "coder": "C", "values": {
        p: {"value": e.value, "rationale": "as A"} for p, e in known.items()}}, s)
    try:
        inputs = uncertain(s)
    except ValueError:
        return  # nothing uncertain to declare
    assert with_codings(inputs, [same]) is inputs
    mixed = with_codings(inputs, [b])
    if mixed is inputs:
        return
    draws = sample(mixed, 256, rng=seed)
    coder = draws[:, -1]
    assert set(np.unique(coder)) <= {0.0, 1.0}
    for j, name in enumerate(mixed.names[:-1]):
        est = known.get(name)
        if est is None:
            continue
        low, high = est.bounds()
        a_rows = draws[coder == 0, j]
        assert np.all(a_rows >= low - 1e-9) and np.all(a_rows <= high + 1e-9)
        if name.endswith((".salience", ".probability", ".utility")):
            assert np.all(draws[:, j] >= 0) and np.all(draws[:, j] <= 1)


def test_cli_analyze_with_coder(tmp_path, capsys) -> None:
    import json

    from models.analysis.cli import main

    coder = tmp_path / "c.yaml"
    coder.write_text("kind: coding\nscenario: ukraine-ceasefire-2025-05\ncoder: C\nvalues:\n"
                     "  parameters[audience_cost_USA].value: {value: 0.08, rationale: x}\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", CASE, "--n", "200", "--quiet", "--out", str(out),
                 "--coder", str(coder)]) == 0
    text = capsys.readouterr().out
    assert "coders: A (the scenario), C" in text and "Coders A, C: Krippendorff" in text
    assert (out / "agreement.parquet").is_file()
    assert json.loads((out / "options.json").read_text())["coders"] == [str(coder)]
