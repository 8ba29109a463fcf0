"""Tests of Monte Carlo: samplers, chunked evaluation, summaries, convergence, adapters."""

from __future__ import annotations

import math
import tracemalloc
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy import stats

import positions
from models import (
    MCEstimate,
    MonteCarloResult,
    bargain,
    monte_carlo,
    threat_credibility,
    uncertain,
    war_bargaining,
)
from models.bargaining import BargainingModel
from models.games import ThreatModel
from models.outcomes import acceptable, utilities
from models.plotting import plot_convergence, plot_mc_estimate, plot_monte_carlo
from models.spatial import ForecastModel, SMPModel, smp
from models.uncertainty import SAMPLERS, Convergence, sample
from models.war import WarModel
from positions import Beta, Categorical, Discrete, LogNormal, Triangular, TruncNormal, Uniform

DISTS = {
    "tri": Triangular(low=0, mode=0.3, high=2),
    "beta": Beta(alpha=2, beta=5),
    "logn": LogNormal(median=1.0, sigma=0.4),
    "tn": TruncNormal(mean=0.5, sd=0.3, low=0, high=1),
}
FROZEN = {
    "tri": stats.triang(0.15, scale=2), "beta": stats.beta(2, 5),
    "logn": stats.lognorm(0.4), "tn": stats.truncnorm(-5 / 3, 5 / 3, 0.5, 0.3),
}


def square(values: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
    x = values["x"]
    return {"y": x**2, "big": x > 0.5}


def mixed_model(values: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
    total = sum(np.asarray(v, dtype=float) for v in values.values())
    return {"total": total, "high": total > 2.0}


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load("ukraine-ceasefire-2025-05")


@pytest.fixture(scope="module")
def with_zopa(scenario: positions.Scenario) -> positions.Scenario:
    """The built-in case with two red lines relaxed so that a ZOPA exists at the point values."""
    data = scenario.model_dump()
    for p in data["positions"]:
        if (p["actor"], p["issue"]) == ("EUR", "ceasefire"):
            p["acceptable"]["low"] |= {"value": 40.0, "uncertainty": {
                "dist": "triangular", "low": 30.0, "mode": 40.0, "high": 50.0}}
        if (p["actor"], p["issue"]) == ("USA", "nato"):
            p["acceptable"]["low"] |= {"value": 0.0, "uncertainty": {"dist": "fixed"}}
    return positions.Scenario.from_dict(data)


# ------------------------------------------------------------------ reproducibility
@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol", "halton"])
def test_same_draws_whatever_the_chunk_size(sampler: str) -> None:
    # The block rule of the module docstring: draws do not depend on chunking.
    inputs = uncertain(inputs=DISTS)
    runs = [monte_carlo(mixed_model, inputs, 4096, sampler=sampler, rng=42,  # type: ignore[arg-type]
                        chunk_size=c, progress=False) for c in (4096, 1000, 1024, 333)]
    for other in runs[1:]:
        assert np.array_equal(runs[0].draws, other.draws)
        assert np.array_equal(runs[0].outputs["total"], other.outputs["total"])
    assert runs[0].seed == 42
    # a slice asked for directly is the same rows
    part = sample(inputs, 4096, sampler=sampler, rng=42, start=1500, stop=2600)  # type: ignore[arg-type]
    assert np.array_equal(part, runs[0].draws[1500:2600])  # type: ignore[index]


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol", "halton"])
def test_same_seed_same_draws_different_seed_different(sampler: str) -> None:
    inputs = uncertain(inputs=DISTS)
    a = sample(inputs, 512, sampler=sampler, rng=1)  # type: ignore[arg-type]
    b = sample(inputs, 512, sampler=sampler, rng=1)  # type: ignore[arg-type]
    c = sample(inputs, 512, sampler=sampler, rng=2)  # type: ignore[arg-type]
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    # a Generator gives a seed from its stream: two calls differ, and the result records it
    gen = np.random.default_rng(0)
    r1 = monte_carlo(mixed_model, inputs, 64, sampler=sampler, rng=gen, progress=False)  # type: ignore[arg-type]
    r2 = monte_carlo(mixed_model, inputs, 64, sampler=sampler, rng=gen, progress=False)  # type: ignore[arg-type]
    assert r1.seed != r2.seed
    again = monte_carlo(mixed_model, inputs, 64, sampler=sampler, rng=r1.seed, progress=False)  # type: ignore[arg-type]
    assert np.array_equal(again.draws, r1.draws)


def test_executors_give_identical_results() -> None:
    inputs = uncertain(inputs=DISTS)
    serial = monte_carlo(mixed_model, inputs, 5000, rng=9, chunk_size=700, progress=False)
    with ThreadPoolExecutor(2) as pool:
        threads = monte_carlo(mixed_model, inputs, 5000, rng=9, chunk_size=1100,
                              executor=pool, progress=False)
    with ProcessPoolExecutor(2) as pool:
        procs = monte_carlo(mixed_model, inputs, 5000, rng=9, chunk_size=2048,
                            executor=pool, progress=False)
    for other in (threads, procs):
        assert np.array_equal(serial.draws, other.draws)
        assert np.array_equal(serial.outputs["total"], other.outputs["total"])


# ------------------------------------------------------------------ samplers
@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol", "halton"])
def test_marginals_match_the_specifications(sampler: str) -> None:
    # One-sample Kolmogorov-Smirnov tests (Massey 1951) with fixed seeds.
    inputs = uncertain(inputs=DISTS)
    x = sample(inputs, 4096, sampler=sampler, rng=2024)  # type: ignore[arg-type]
    for j, name in enumerate(inputs.names):
        assert stats.kstest(x[:, j], FROZEN[name].cdf).pvalue > 0.01, name
    # discrete and categorical inputs take their atoms with their weights
    disc = uncertain(inputs={"d": Discrete(values=(0, 50, 100), weights=(0.2, 0.5, 0.3)),
                             "c": Categorical(categories=("a", "b"), weights=(1, 3))})
    y = sample(disc, 20000, sampler=sampler, rng=5)  # type: ignore[arg-type]
    freq = [np.mean(y[:, 0] == v) for v in (0, 50, 100)]
    np.testing.assert_allclose(freq, [0.2, 0.5, 0.3], atol=0.015)
    assert np.mean(y[:, 1] == 1) == pytest.approx(0.75, abs=0.015)


@pytest.mark.parametrize("n", [10, 777, 3000])
def test_latin_hypercube_has_one_draw_per_stratum(n: int) -> None:
    # McKay, Beckman and Conover (1979): in every dimension, each stratum [i/n, (i+1)/n)
    # holds exactly one draw, also when the draws are made chunk by chunk.
    inputs = uncertain(inputs={f"u{j}": Uniform(low=0, high=1) for j in range(4)})
    x = np.concatenate([sample(inputs, n, sampler="lhs", rng=8, start=s, stop=min(n, s + 256))
                        for s in range(0, n, 256)])
    for j in range(4):
        assert sorted(np.floor(x[:, j] * n).astype(int).tolist()) == list(range(n))
    # and the pairing of strata across dimensions is not the identity
    assert abs(stats.spearmanr(x[:, 0], x[:, 1]).statistic) < 0.2


def test_sobol_points_are_balanced() -> None:
    # A scrambled Sobol' sequence of n = 2^m points is a (0, m, 2)-net in its first two
    # dimensions (Sobol' 1967; Owen 1998): every 2^a x 2^b elementary box with a + b = m
    # holds exactly one point, and each 1-D stratum of width 2^-k holds n / 2^k points.
    inputs = uncertain(inputs={f"u{j}": Uniform(low=0, high=1) for j in range(3)})
    x = sample(inputs, 1024, sampler="sobol", rng=4)
    for k in (1, 4, 10):
        for j in range(3):
            counts = np.bincount((x[:, j] * 2**k).astype(int), minlength=2**k)
            assert np.all(counts == 1024 // 2**k)
    for a in (0, 3, 5, 10):
        cells = (x[:, 0] * 2**a).astype(int) * 2 ** (10 - a) + (x[:, 1] * 2 ** (10 - a)).astype(int)
        assert np.all(np.bincount(cells, minlength=1024) == 1)


def test_halton_is_more_uniform_than_random() -> None:
    inputs = uncertain(inputs={f"u{j}": Uniform(low=0, high=1) for j in range(3)})
    from scipy.stats import qmc

    halton = qmc.discrepancy(sample(inputs, 1000, sampler="halton", rng=1))
    rand = qmc.discrepancy(sample(inputs, 1000, sampler="random", rng=1))
    assert halton < rand / 3


def test_full_factorial_design() -> None:
    inputs = uncertain(inputs={"a": Uniform(low=0, high=6), "b": Discrete(values=(1, 2)),
                               "c": Triangular(low=0, mode=0, high=1)})
    x = sample(inputs, sampler="factorial", levels={"a": 3, "c": 2})
    assert x.shape == (3 * 2 * 2, 3)
    assert sorted(set(x[:, 0])) == [1.0, 3.0, 5.0]  # the 1/6, 1/2, 5/6 quantiles
    assert sorted(set(x[:, 1])) == [1.0, 2.0]  # a discrete input's atoms
    assert len({tuple(r) for r in x}) == 12  # every combination once
    res = monte_carlo(mixed_model, inputs, sampler="factorial", levels={"a": 3, "c": 2},
                      progress=False)
    assert res.n_draws == 12
    with pytest.raises(ValueError, match=r"None or the size of the factorial design \(12\)"):
        monte_carlo(mixed_model, inputs, 10, sampler="factorial", levels={"a": 3, "c": 2})
    with pytest.raises(ValueError, match="'levels' parameter of sample must be a mapping"):
        sample(inputs, sampler="factorial", levels={"zzz": 2})


def test_sampler_errors() -> None:
    inputs = uncertain(inputs=DISTS)
    with pytest.raises(ValueError, match="'sampler' parameter of monte_carlo must be one of"):
        monte_carlo(mixed_model, inputs, 10, sampler="grid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'n_draws' parameter of monte_carlo must be an int >= 1"):
        monte_carlo(mixed_model, inputs, 0)
    with pytest.raises(ValueError, match="None only for sampler='factorial'"):
        monte_carlo(mixed_model, inputs)
    with pytest.raises(ValueError, match="'chunk_size' parameter of monte_carlo"):
        monte_carlo(mixed_model, inputs, 10, chunk_size=0)
    with pytest.raises(ValueError, match="'stop' parameter of sample must be at most n_draws"):
        sample(inputs, 10, stop=11)
    with pytest.raises(TypeError, match="'inputs' parameter of monte_carlo must be an"):
        monte_carlo(mixed_model, DISTS, 10)  # type: ignore[arg-type]
    with pytest.warns(UserWarning, match="power of 2"):
        monte_carlo(mixed_model, inputs, 1000, sampler="sobol", progress=False)
    assert set(SAMPLERS) == {"random", "lhs", "sobol", "halton", "factorial"}
    from models.uncertainty.samplers import BLOCK_SIZE

    assert BLOCK_SIZE == 1024


def test_model_errors() -> None:
    inputs = uncertain(inputs=DISTS)
    with pytest.raises(ValueError, match=r"arrays of shape \(n,\)"):
        monte_carlo(lambda v: {"y": np.zeros(3)}, inputs, 10, progress=False)
    with pytest.raises(TypeError, match="must return a mapping"):
        monte_carlo(lambda v: np.zeros(10), inputs, 10, progress=False)  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="'model' parameter of monte_carlo must be callable"):
        monte_carlo("model", inputs, 10, progress=False)  # type: ignore[arg-type]
    calls = iter(range(100))

    def flaky(v: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
        return {"a" if next(calls) == 0 else "b": v["tri"]}

    with pytest.raises(ValueError, match="the same outputs for every chunk"):
        monte_carlo(flaky, inputs, 10, chunk_size=5, progress=False)


# ------------------------------------------------------------------ memory
def test_chunked_peak_memory_is_bounded() -> None:
    # A model that allocates an (n, 2000) temporary per call: evaluated in chunks of 500
    # its peak is one chunk's temporary (8 MB), not the 160 MB of one call on all draws.
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})

    def hungry(v: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
        tmp = np.outer(v["x"], np.ones(2000))
        return {"m": tmp.mean(axis=1)}

    tracemalloc.start()
    try:
        res = monte_carlo(hungry, inputs, 10_000, chunk_size=500, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    chunk_bytes = 500 * 2000 * 8
    assert peak < 3 * chunk_bytes
    np.testing.assert_allclose(res.outputs["m"], res.draws[:, 0])  # type: ignore[index]


# ------------------------------------------------------------------ estimates
def test_standard_error_matches_the_closed_form() -> None:
    # Y = X^2, X ~ U(0, 1): E Y = 1/3 and Var Y = 1/5 - 1/9 = 4/45, so se = sqrt(4/45/n)
    # (Robert and Casella 2004, sec. 3.2); the 95% interval covers 1/3 about 95% of the time.
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    n = 4000
    res = monte_carlo(square, inputs, n, rng=0, progress=False)
    est = res.mean("y")
    assert isinstance(est, MCEstimate)
    assert est.se == pytest.approx(math.sqrt(4 / 45 / n), rel=0.05)
    assert est.se == pytest.approx(float(np.std(res.outputs["y"], ddof=1) / math.sqrt(n)))
    covered = 0
    for seed in range(200):
        e = monte_carlo(square, inputs, 500, rng=seed, progress=False).mean("y")
        covered += e.ci_low <= 1 / 3 <= e.ci_high
    assert 0.91 <= covered / 200 <= 0.99


def test_wilson_and_normal_intervals_closed_forms() -> None:
    # Wilson (1927): with no successes in n trials the upper end is z^2 / (n + z^2);
    # the normal (Wald) interval collapses to a point there (Brown, Cai and DasGupta 2001).
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    res = monte_carlo(square, inputs, 10, rng=0, progress=False)
    never = res.probability(np.zeros(10, dtype=bool))
    z = stats.norm.ppf(0.975)
    assert never.estimate == 0.0 and never.ci_low == pytest.approx(0.0, abs=1e-15)
    assert never.ci_high == pytest.approx(z**2 / (10 + z**2))
    wald = res.probability(np.zeros(10, dtype=bool), method="normal")
    assert (wald.ci_low, wald.ci_high) == (0.0, 0.0)
    half = res.probability(np.arange(10) < 5, level=0.9)
    z90 = stats.norm.ppf(0.95)
    centre = (0.5 + z90**2 / 20) / (1 + z90**2 / 10)
    assert (half.ci_low + half.ci_high) / 2 == pytest.approx(centre)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 500), st.data())
def test_wilson_interval_holds_the_estimate(n: int, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, n))
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    res = monte_carlo(square, inputs, n, rng=0, progress=False)
    est = res.probability(np.arange(n) < k)
    assert 0.0 <= est.ci_low <= est.estimate <= est.ci_high <= 1.0


def test_events_quantiles_summary_and_frequencies() -> None:
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1),
                               "c": Categorical(categories=("p", "q"))})
    res = monte_carlo(square, inputs, 20000, rng=3, progress=False)
    by_name = res.probability("big")
    by_func = res.probability(lambda v: v["x"] > 0.5)
    assert by_name.estimate == by_func.estimate
    assert by_name.ci_low < 0.5 < by_name.ci_high
    # quantile of X^2: q-th quantile is q^2; the order-statistic interval (Conover 1999) holds it
    q = res.quantile("y", 0.5)
    assert q.ci_low <= 0.25 <= q.ci_high and q.method == "order statistics"
    table = res.summary()
    assert list(table["output"]) == ["y", "big"]
    assert {"estimate", "se", "ci_low", "ci_high", "q0.05", "q0.5", "q0.95"} <= set(table.columns)
    freq = res.frequencies("big")
    assert freq["count"].sum() == 20000
    frame = res.to_frame()
    assert list(frame.columns) == ["draw", "x", "c", "y", "big"]
    assert set(frame["c"].astype(str)) == {"p", "q"}
    assert isinstance(by_name.to_frame(), pd.DataFrame)


def test_draws_not_kept_are_regenerated() -> None:
    inputs = uncertain(inputs=DISTS)
    kept = monte_carlo(mixed_model, inputs, 3000, rng=5, progress=False)
    lean = monte_carlo(mixed_model, inputs, 3000, rng=5, keep_draws=False, progress=False)
    assert lean.draws is None
    assert np.array_equal(lean.input_values(), kept.draws)
    assert isinstance(lean, MonteCarloResult) and "n_draws=3,000" in repr(lean)


def test_result_errors() -> None:
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    res = monte_carlo(square, inputs, 100, rng=0, progress=False)
    with pytest.raises(ValueError, match=r"'output' parameter of MonteCarloResult\.mean"):
        res.mean("nope")
    with pytest.raises(ValueError, match=r"'event' parameter of MonteCarloResult\.probability"):
        res.probability("y")
    with pytest.raises(ValueError, match="booleans of shape"):
        res.probability(np.ones(5, dtype=bool))
    with pytest.raises(ValueError, match=r"'level' parameter of MonteCarloResult\.mean"):
        res.mean("y", level=1.0)
    with pytest.raises(ValueError, match="'method' parameter"):
        res.probability("big", method="exact")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"'q' parameter of MonteCarloResult\.quantile"):
        res.quantile("y", 1.5)


# ------------------------------------------------------------------ convergence
def test_convergence_check() -> None:
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    res = monte_carlo(square, inputs, 10000, rng=1, progress=False)
    conv = res.convergence("y", n_points=30, tol=0.01)
    assert isinstance(conv, Convergence)
    assert conv.n[0] == 10 and conv.n[-1] == 10000 and np.all(np.diff(conv.n) > 0)
    y = res.outputs["y"]
    for i in (0, len(conv.n) // 2, -1):
        m = int(conv.n[i])
        assert conv.estimate[i] == pytest.approx(y[:m].mean())
        assert conv.se[i] == pytest.approx(y[:m].std(ddof=1) / math.sqrt(m))
    half = (conv.ci_high[-1] - conv.ci_low[-1]) / 2
    assert conv.converged == (half <= 0.01) and conv.converged
    assert conv.n_needed == pytest.approx(10000 * (half / 0.01) ** 2)
    strict = res.convergence("y", tol=1e-4)
    assert not strict.converged and strict.n_needed > 10000
    prob = res.convergence("big")
    assert prob.statistic == "probability"
    assert prob.estimate[-1] == res.probability("big").estimate
    assert len(conv.to_frame()) == len(conv.n)
    with pytest.raises(ValueError, match="'tol' parameter"):
        res.convergence("y", tol=0)


# ------------------------------------------------------------------ adapters
def test_bargaining_model_matches_the_facade(with_zopa: positions.Scenario) -> None:
    # At the point values the adapter gives models.bargain's solutions (Nash 1950,
    # Kalai-Smorodinsky 1975, Kalai 1977, Harsanyi 1955) within the ZOPA (Raiffa 1982).
    inputs = uncertain(with_zopa, include=["positions[*]", "actors[*]", "disagreement[*]"])
    sols = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
    model = BargainingModel(inputs, solutions=sols)
    out = model(dict(zip(inputs.names, inputs.values[:, None], strict=True)))
    ref = bargain(with_zopa)
    assert bool(out["zopa"][0]) and ref.zopa.size > 0
    for s in sols:
        chosen = ref.solutions[s]
        assert int(out[f"{s}.outcome"][0]) == chosen.index
        np.testing.assert_allclose([out[f"{s}.{k}"][0] for k in ref.issue_ids], chosen.point)
        np.testing.assert_allclose([out[f"{s}.utility.{a}"][0] for a in ref.actor_ids],
                                   chosen.utilities, atol=1e-12)
    assert set(model.output_names) == set(out)


@pytest.mark.parametrize("ranges", [False, True])
def test_bargaining_model_pruning_is_exact(with_zopa: positions.Scenario, ranges: bool) -> None:
    # Against brute force over all 46,656 outcomes: the same ZOPA verdict and choices,
    # with the red lines fixed (ZOPA frequent) or drawn too (pruning from their supports).
    from models.bargaining import solve_batch

    inputs = uncertain(with_zopa, include=["positions[*]", "actors[*]", "disagreement[*]"],
                       exclude=None if ranges else "*acceptable*")
    sols = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
    model = BargainingModel(inputs, solutions=sols)
    assert model.candidates.n_outcomes < model.space_full.n_outcomes
    res = monte_carlo(model, inputs, 40, rng=12, progress=False)
    batch = inputs.apply(res.draws)  # type: ignore[arg-type]
    full = model.space_full
    U = utilities(full, batch.ideals, batch.saliences)
    ok = acceptable(full, batch.acceptable_low, batch.acceptable_high).all(axis=2)
    d = batch.disagreement_point()
    ok &= (U >= d[:, None, :]).all(axis=2)
    w = batch.capabilities / batch.capabilities.sum(axis=1, keepdims=True)
    below = np.where(ok[..., None], U, d[:, None, :] - 1)
    expected = {
        "nash": solve_batch(below, d, weights=w),
        "kalai_smorodinsky": solve_batch(below, d, solution="kalai_smorodinsky"),
        "egalitarian": solve_batch(below, d, solution="egalitarian"),
        "utilitarian": solve_batch(np.where(ok[..., None], U, -1.0), solution="utilitarian"),
    }
    zopa = ok.any(axis=1)
    assert np.array_equal(res.outputs["zopa"], zopa)
    if not ranges:
        assert zopa.mean() > 0.5
    for s in sols:
        assert np.array_equal(res.outputs[f"{s}.outcome"], np.where(zopa, expected[s], -1)), s


def synthetic_scenario(
    seed: int, *, n_actors: int = 4, n_issues: int = 4, n_levels: int = 5,
    red_lines: bool = False, d_high: float = 0.3,
) -> positions.Scenario:
    """A random scenario whose outcome space is n_levels ** n_issues outcomes."""
    rng = np.random.default_rng(seed)
    levels = np.linspace(0, 100, n_levels)

    def est(value: float, dist: dict[str, object]) -> dict[str, object]:
        return {"value": float(value), "uncertainty": dist, "rationale": "r"}

    actors = [f"A{i}" for i in range(n_actors)]
    issues = [f"i{k}" for k in range(n_issues)]
    pos = []
    for a in actors:
        for k in issues:
            y = float(rng.uniform(0, 100))
            entry: dict[str, object] = {
                "actor": a, "issue": k, "kind": "preference", "basis": "coded",
                "ideal": est(y, {"dist": "triangular", "low": 0.0, "mode": y, "high": 100.0}),
                "salience": est(0.5, {"dist": "uniform", "low": 0.05, "high": 1.0}),
                "rationale": "r"}
            if red_lines:
                entry["acceptable"] = {
                    "low": est(0.0, {"dist": "uniform", "low": 0.0, "high": min(y, 30.0)}),
                    "high": est(100.0, {"dist": "uniform", "low": max(y, 70.0), "high": 100.0})}
            pos.append(entry)
    return positions.Scenario.from_dict({
        "id": "synthetic", "title": "t", "date": "2025-05-19",
        "actors": [{"id": a, "name": a, "kind": "state",
                    "capability": est(1.0, {"dist": "uniform", "low": 0.2, "high": 1.2})}
                   for a in actors],
        "issues": [{"id": k, "label": k, "description": k,
                    "status_quo": est(50.0, {"dist": "fixed"}),
                    "options": [{"id": f"{k}_{j}", "label": f"{v:g}", "value": float(v)}
                                for j, v in enumerate(levels)]} for k in issues],
        "positions": pos,
        "disagreement": [{"actor": a, "utility": est(d_high / 2, {
            "dist": "uniform", "low": 0.0, "high": d_high})} for a in actors],
    })


@pytest.mark.parametrize(
    ("seed", "red_lines", "d_high", "loss", "weights"),
    [(0, False, 0.3, "linear", "capability"), (1, True, 0.3, "linear", "capability"),
     (2, False, 0.3, "quadratic", "equal"), (3, True, 0.75, "linear", "capability"),
     (4, False, 0.9, "quadratic", "capability")],
)
def test_bound_path_is_exhaustive_search(
    seed: int, red_lines: bool, d_high: float, loss: str, weights: str
) -> None:
    # The tangent bound of log-concave Nash products (see BargainingModel) must give the
    # exhaustive search's answer bit for bit: the same ZOPA verdict, outcome and utilities,
    # with a frequent ZOPA, red lines, quadratic loss, equal weights, and a rare ZOPA.
    inputs = uncertain(synthetic_scenario(seed, red_lines=red_lines, d_high=d_high))
    fast = BargainingModel(inputs, method="bound", loss=loss, weights=weights)  # type: ignore[arg-type]
    slow = BargainingModel(inputs, method="exhaustive", loss=loss, weights=weights)  # type: ignore[arg-type]
    values = dict(zip(inputs.names, sample(inputs, 1500, rng=seed).T, strict=True))
    a, b = fast(values), slow(values)
    for key in a:
        assert np.array_equal(a[key], b[key], equal_nan=True), key
    if d_high <= 0.3:
        assert a["zopa"].mean() > 0.5
    auto = BargainingModel(inputs, loss=loss, weights=weights)  # type: ignore[arg-type]
    # 625 outcomes: 'auto' takes the bound
    assert np.array_equal(auto(values)["nash.outcome"], b["nash.outcome"])


@settings(max_examples=40, deadline=None)
@given(data=st.data(), n_actors=st.integers(2, 4), n_issues=st.integers(1, 4),
       n_levels=st.integers(2, 5), red_lines=st.booleans(),
       weights=st.sampled_from(["equal", "capability"]),
       loss=st.sampled_from(["linear", "quadratic"]))
def test_bound_path_is_exhaustive_search_with_ties(
    data: st.DataObject, n_actors: int, n_issues: int, n_levels: int, red_lines: bool,
    weights: str, loss: str,
) -> None:
    # Draws on coarse grids (ideals on multiples of 12.5, saliences in {0.25, 0.5, 1},
    # d in {0, 0.1, 0.25}, equal capabilities often) make exact ties between outcomes common:
    # the bound's candidate filtering must still give exhaustive search's pick bit for bit.
    seed = data.draw(st.integers(0, 2**16))
    inputs = uncertain(synthetic_scenario(seed, n_actors=n_actors, n_issues=n_issues,
                                          n_levels=n_levels, red_lines=red_lines))
    n = 64
    grids = {"ideal": np.arange(0.0, 100.1, 12.5), "salience": np.array([0.25, 0.5, 1.0]),
             "utility": np.array([0.0, 0.1, 0.25]), "capability": np.array([0.5, 1.0])}
    values = {}
    for name in inputs.names:
        kind = name.rsplit(".", 1)[-1]
        if kind in grids:
            idx = data.draw(st.lists(st.integers(0, grids[kind].size - 1), min_size=n,
                                     max_size=n))
            values[name] = grids[kind][np.array(idx)]
    fast = BargainingModel(inputs, method="bound", loss=loss, weights=weights)  # type: ignore[arg-type]
    slow = BargainingModel(inputs, method="exhaustive", loss=loss, weights=weights)  # type: ignore[arg-type]
    a, b = fast(values), slow(values)
    for key in a:
        assert np.array_equal(a[key], b[key], equal_nan=True), key


def test_bargaining_model_on_the_built_in_case(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario, include=["positions[*]", "actors[*]", "disagreement[*]"])
    model = BargainingModel(inputs)
    assert model.space_full.n_outcomes == 46656 and model.candidates.n_outcomes == 48
    res = monte_carlo(model, inputs, 2048, rng=0, progress=False)
    # With all four parties the ceasefire red lines rarely overlap: Europe accepts Russia's
    # conditional ceasefire (50) only when its drawn lower bound is <= 50, P = 0.1 under its
    # triangular(40, 60, 90), and Russia accepts it with probability 0.7; other red lines
    # cut further, so a ZOPA exists in a small share of draws.
    p = res.probability("zopa").estimate
    assert 0.0 < p < 0.1
    zopa = res.outputs["zopa"].astype(bool)
    assert np.all((res.outputs["nash.outcome"] == -1) == ~zopa)
    assert np.all(np.isnan(res.outputs["nash.territory"]) == ~zopa)


def test_bargaining_model_errors(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario, include="positions[*]")
    with pytest.raises(ValueError, match="'solutions' parameter of BargainingModel"):
        BargainingModel(inputs, solutions=("nash", "median"))
    with pytest.raises(ValueError, match="'bound' only with solutions"):
        BargainingModel(inputs, solutions=("nash", "egalitarian"), method="bound")
    with pytest.raises(ValueError, match="'method' parameter of BargainingModel"):
        BargainingModel(inputs, method="fast")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'loss' parameter of BargainingModel"):
        BargainingModel(inputs, loss="cubic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'inputs' parameter of BargainingModel must be a decl"):
        BargainingModel(uncertain(inputs={"x": Uniform(low=0, high=1)}))
    with pytest.raises(TypeError, match="'inputs' parameter of BargainingModel must be an"):
        BargainingModel(scenario)  # type: ignore[arg-type]
    model = BargainingModel(inputs)
    with pytest.raises(ValueError, match=r"the undeclared input 'actors\[RUS\]\.capability'"):
        model({"actors[RUS].capability": np.array([0.7])})


def test_war_model_matches_war_bargaining(scenario: positions.Scenario) -> None:
    # Fearon (1995): the static range is never empty with positive costs; Putin's
    # optimism against the IISS's scepticism leaves no bargain (models.war_bargaining).
    inputs = uncertain(scenario, include=["beliefs[*]", "parameters[*]"])
    model = WarModel(inputs)
    out = model(dict(zip(inputs.names, inputs.values[:, None], strict=True)))
    ref = war_bargaining(scenario, learning=False)
    assert bool(out["range_exists"][0]) == bool(ref.static.nonempty)
    assert out["range_low"][0] == pytest.approx(float(ref.static.low))
    assert bool(out["optimism_range_exists"][0]) == bool(ref.optimism.nonempty)
    assert out["optimism"][0] == pytest.approx(float(ref.optimism.optimism))
    res = monte_carlo(model, inputs, 4000, rng=1, progress=False)
    assert res.probability("range_exists").estimate == 1.0
    p = res.probability("mutual_optimism")
    assert 0.5 < p.estimate < 1.0
    with pytest.raises(ValueError, match="'NOBODY' holds no belief about 'four_regions_2025'"):
        WarModel(inputs, side_b_view="NOBODY")
    with pytest.raises(ValueError, match="The 'war' parameter of WarModel"):
        WarModel(inputs, war="nope")


def test_threat_model_matches_threat_credibility(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario, include="parameters[*]",
                       inputs={"audience_cost": Uniform(low=0.0, high=0.2)})
    model = ThreatModel(inputs)
    values = {n: np.array([v]) for n, v in zip(inputs.names, inputs.values, strict=True)}
    out = model(values)
    ref = threat_credibility(scenario, audience_cost=float(values["audience_cost"][0]))
    for k in ("credible", "deters", "threatens", "complies"):
        assert bool(out[k][0]) == bool(getattr(ref, k))
    res = monte_carlo(model, inputs, 2000, rng=2, progress=False)
    # credible iff a_U > delta_U s_U (Schelling 1960; the module's closed form)
    frame = res.to_frame()
    margin = frame["audience_cost"] - (frame["parameters[discount_USA].value"]
                                           * frame["parameters[sanctions_cost_USA].value"])
    assert np.array_equal(res.outputs["credible"], margin.to_numpy() > 0)


def test_forecast_model_matches_the_facade(scenario: positions.Scenario) -> None:
    # At the point values: models.bargain's static forecasts of every issue, the
    # weighted mean (Bueno de Mesquita 1994), weighted median and Condorcet winner (Black 1948).
    inputs = uncertain(scenario)
    model = ForecastModel(inputs)
    out = model(dict(zip(inputs.names, inputs.values[:, None], strict=True)))
    for f in bargain(scenario).forecasts:
        assert out[f"mean.{f.issue}"][0] == pytest.approx(f.weighted_mean)
        assert out[f"median.{f.issue}"][0] == pytest.approx(f.weighted_median)
        cond = out[f"condorcet.{f.issue}"][0]
        assert (np.isnan(cond) and f.condorcet is None) or cond == pytest.approx(f.condorcet)
    res = monte_carlo(model, inputs, 1000, rng=0, progress=False)
    assert set(res.outputs) == set(model.output_names)
    lo, hi = res.quantile("mean.territory", 0.05), res.quantile("mean.territory", 0.95)
    assert 0 <= lo.estimate < hi.estimate <= 100


def test_smp_model_runs_the_smp(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario, include="positions[RUS/*].salience")
    model = SMPModel(inputs, max_rounds=3)
    res = monte_carlo(model, inputs, 2, rng=0, progress=False)
    batch = inputs.apply(res.draws)  # type: ignore[arg-type]
    sal = batch.saliences[0] / batch.saliences[0].sum(axis=1, keepdims=True) / (1 + 1e-12)
    one = smp(batch.ideals[0], sal, batch.capabilities[0], max_rounds=3)
    np.testing.assert_allclose(res.outputs["smp.RUS.territory"][0], one.positions[-1, 0, 0])
    assert set(res.outputs) == set(model.output_names)


# ------------------------------------------------------------------ plots
def test_plots() -> None:
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    res = monte_carlo(square, inputs, 2000, rng=0, progress=False)
    for ax in (res.plot(output="y"), res.plot(output="y", kind="ecdf"), res.plot(output="big"),
               plot_monte_carlo(res), res.convergence("y").plot(),
               plot_convergence(res.convergence("big")), res.mean("y").plot(),
               plot_mc_estimate(res.probability("big"))):
        assert ax.figure is not None
    assert res.plot(output="y").get_xlabel() == "y"
    with pytest.raises(ValueError, match="'kind' parameter of plot_monte_carlo"):
        res.plot(output="y", kind="violin")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'output' parameter of plot_monte_carlo"):
        res.plot(output="zzz")
    _, ax = plt.subplots()
    assert res.plot(ax, output="y") is ax
    plt.close("all")


def test_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    monte_carlo(square, inputs, 100, rng=0, progress=False)
    assert capsys.readouterr().err == ""
    monte_carlo(square, inputs, 100, rng=0, progress=True)
    assert "monte_carlo" in capsys.readouterr().err
