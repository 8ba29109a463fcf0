"""Tests of the Monte Carlo Nash solution's compiled kernel: the same picks as exhaustive search.

:class:`models.bargaining.BargainingModel` with ``method="bound"`` decides clear draws in a
compiled kernel (with Numba) and leaves near-ties and the other hard draws to the numpy
bound and the exhaustive tie rule. Whatever the path, every output must equal exhaustive
search's bit for bit (``method="exhaustive"``), and the numpy path's (``STANCES_JIT=0``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

import positions
from models import monte_carlo, uncertain
from models.bargaining import BargainingModel
from models.bargaining._nash_jit import nash_kernel
from models.uncertainty import UncertainInputs, sample


def scenario(
    seed: int, *, n_actors: int = 5, n_issues: int = 5, n_levels: int = 5,
    red_lines: bool = False, d_high: float = 0.0, ideals: NDArray[np.float64] | None = None,
) -> positions.Scenario:
    """A random scenario over n_levels ** n_issues outcomes: saliences drawn on [0, 1]."""
    rng = np.random.default_rng(seed)
    levels = np.linspace(0, 100, n_levels)
    y = rng.uniform(0, 100, (n_actors, n_issues)).round() if ideals is None else ideals

    def est(value: float, dist: dict[str, object]) -> dict[str, object]:
        return {"value": float(value), "uncertainty": dist, "rationale": "r"}

    actors = [f"A{i}" for i in range(n_actors)]
    issues = [f"i{k}" for k in range(n_issues)]
    pos = []
    for i, a in enumerate(actors):
        for j, k in enumerate(issues):
            entry: dict[str, object] = {
                "actor": a, "issue": k, "kind": "preference", "basis": "coded",
                "ideal": est(y[i, j], {"dist": "fixed"}),
                "salience": est(0.5, {"dist": "uniform", "low": 0.0, "high": 1.0}),
                "rationale": "r"}
            if red_lines:
                entry["acceptable"] = {
                    "low": est(0.0, {"dist": "uniform", "low": 0.0, "high": 40.0}),
                    "high": est(100.0, {"dist": "uniform", "low": 60.0, "high": 100.0})}
            pos.append(entry)
    return positions.Scenario.from_dict({
        "id": "nash-kernel", "title": "t", "date": "2025-05-19",
        "actors": [{"id": a, "name": a, "kind": "state",
                    "capability": est(1.0, {"dist": "uniform", "low": 0.2, "high": 1.2})}
                   for a in actors],
        "issues": [{"id": k, "label": k, "description": k,
                    "status_quo": est(50.0, {"dist": "fixed"}),
                    "options": [{"id": f"{k}_{j}", "label": f"{v:g}", "value": float(v)}
                                for j, v in enumerate(levels)]} for k in issues],
        "positions": pos,
        "disagreement": [{"actor": a, "utility": est(d_high / 2, {
            "dist": "uniform", "low": 0.0, "high": d_high} if d_high > 0 else {"dist": "fixed"})}
            for a in actors],
    })


@contextmanager
def jit(flag: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with monkeypatch.context() as m:
        m.setenv("STANCES_JIT", flag)
        yield


def outputs(inputs: UncertainInputs, values: dict[str, Any], method: str,
            **kwargs: Any) -> dict[str, NDArray[Any]]:
    model = BargainingModel(inputs, method=method, **kwargs)  # type: ignore[arg-type]
    return dict(model(values))


def assert_same(a: dict[str, NDArray[Any]], b: dict[str, NDArray[Any]]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        assert np.array_equal(a[key], b[key], equal_nan=True), key


needs_numba = pytest.mark.skipif(nash_kernel() is None, reason="Numba not installed")


@pytest.mark.parametrize(
    ("seed", "red_lines", "d_high", "loss", "weights"),
    [(0, False, 0.0, "linear", "equal"), (1, True, 0.0, "linear", "capability"),
     (2, False, 0.3, "quadratic", "equal"), (3, True, 0.95, "quadratic", "capability"),
     (4, False, 0.9, "linear", "capability")],
)
def test_kernel_numpy_and_exhaustive_agree(
    monkeypatch: pytest.MonkeyPatch, seed: int, red_lines: bool, d_high: float, loss: str,
    weights: str,
) -> None:
    # The peers' task (5 x 5 x 5 levels) and variants: red lines, disagreement utilities up to
    # a rare ZOPA, quadratic loss, capability weights. Kernel, numpy bound and exhaustive
    # search: the same ZOPA verdict, outcome, values and utilities, bit for bit.
    inputs = uncertain(scenario(seed, red_lines=red_lines, d_high=d_high))
    values = dict(zip(inputs.names, sample(inputs, 3000, rng=seed).T, strict=True))
    slow = outputs(inputs, values, "exhaustive", loss=loss, weights=weights)
    with jit("1", monkeypatch):
        fast = outputs(inputs, values, "bound", loss=loss, weights=weights)
    with jit("0", monkeypatch):
        plain = outputs(inputs, values, "bound", loss=loss, weights=weights)
    assert_same(fast, slow)
    assert_same(plain, slow)
    if d_high <= 0.3:
        assert fast["zopa"].mean() > 0.5
    else:
        assert 0.0 < fast["zopa"].mean() < 1.0


@settings(max_examples=40, deadline=None)
@given(data=st.data(), n_actors=st.integers(2, 5), n_issues=st.integers(1, 4),
       n_levels=st.integers(2, 5), red_lines=st.booleans(),
       weights=st.sampled_from(["equal", "capability"]),
       loss=st.sampled_from(["linear", "quadratic"]))
def test_kernel_on_ties_and_zero_saliences(
    data: st.DataObject, n_actors: int, n_issues: int, n_levels: int, red_lines: bool,
    weights: str, loss: str,
) -> None:
    # Ideals on multiples of 12.5 (midway between levels, so that levels tie) and saliences
    # in {0, 0.25, 0.5, 1} (all of an actor's zero: utility 1 everywhere) make exact ties
    # between outcomes common; exhaustive search breaks them by its keys and the lowest
    # index, and the kernel must leave every such draw to it.
    seed = data.draw(st.integers(0, 2**16))
    grid = np.arange(0.0, 100.1, 12.5)
    y = grid[np.array(data.draw(st.lists(st.integers(0, grid.size - 1),
                                         min_size=n_actors * n_issues,
                                         max_size=n_actors * n_issues)))]
    inputs = uncertain(scenario(seed, n_actors=n_actors, n_issues=n_issues, n_levels=n_levels,
                                red_lines=red_lines, ideals=y.reshape(n_actors, n_issues)))
    n = 48
    sal = np.array([0.0, 0.25, 0.5, 1.0])
    values: dict[str, Any] = {}
    for name in inputs.names:
        if name.endswith(".salience"):
            idx = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
            values[name] = sal[np.array(idx)]
    kwargs = {"loss": loss, "weights": weights}
    assert_same(outputs(inputs, values, "bound", **kwargs),
                outputs(inputs, values, "exhaustive", **kwargs))


def tie_scenario(a: float, b: float) -> positions.Scenario:
    """Two actors with ideals ``a`` and ``b`` on one issue with levels 0, 25, 75 and 100."""
    def fixed(value: float) -> dict[str, object]:
        return {"value": value, "uncertainty": {"dist": "fixed"}, "rationale": "r"}

    return positions.Scenario.from_dict({
        "id": "tie", "title": "t", "date": "2025-05-19",
        "actors": [{"id": x, "name": x, "kind": "state", "capability": fixed(1.0)}
                   for x in ("A", "B")],
        "issues": [{"id": "i", "label": "i", "description": "i", "status_quo": fixed(50.0),
                    "options": [{"id": f"o{j}", "label": f"{v:g}", "value": v}
                                for j, v in enumerate([0.0, 25.0, 75.0, 100.0])]}],
        "positions": [{"actor": x, "issue": "i", "kind": "preference", "basis": "coded",
                       "ideal": fixed(y), "rationale": "r",
                       "salience": {"value": 0.5, "rationale": "r", "uncertainty": {
                           "dist": "uniform", "low": 0.4, "high": 0.6}}}
                      for x, y in (("A", a), ("B", b))],
        "disagreement": [{"actor": x, "utility": fixed(0.0)} for x in ("A", "B")],
    })


@pytest.mark.parametrize(("a", "b", "want"), [
    (0.0, 100.0, 1), (1e-13, 100.0, None), (0.0, 100.0 - 1e-13, None), (1e-6, 100.0, 2),
    (0.0, 100.0 - 1e-6, 1), (1e-9, 100.0 - 1e-9, None)])
def test_near_ties_follow_the_exhaustive_tie_rule(
    monkeypatch: pytest.MonkeyPatch, a: float, b: float, want: int | None
) -> None:
    # Ideals 0 and 100, levels 25 and 75: utilities (0.75, 0.25) and (0.25, 0.75), an exact
    # tie of the Nash products that exhaustive search breaks by its keys (the utilities in
    # actor order: level 25, index 1). Moving an ideal by 1e-13 leaves the products within
    # its tie tolerance (the keys decide); by 1e-6 one level is strictly better (moving A
    # towards 25 raises both of A's utilities, the product at 75 three times as much).
    # Kernel (near-ties are left to numpy) and numpy path: exhaustive search's pick.
    inputs = uncertain(tie_scenario(a, b))
    values = {name: np.full(3, 0.5) for name in inputs.names}
    slow = outputs(inputs, values, "exhaustive")
    if want is not None:
        assert slow["nash.outcome"].tolist() == [want] * 3
    for flag in ("1", "0"):
        with jit(flag, monkeypatch):
            assert_same(outputs(inputs, values, "bound"), slow)


def test_same_seed_same_outputs_for_any_chunk_size() -> None:
    # Draws are solved one by one (the kernel) or row by row (numpy): the outputs of a seeded
    # run do not depend on how the draws are cut into chunks (nor on the kernel's blocks of
    # 4,096 draws); another seed gives other outputs.
    inputs = uncertain(scenario(5))
    model = BargainingModel(inputs, weights="equal")
    runs = [monte_carlo(model, inputs, 9000, rng=42, chunk_size=c, progress=False).outputs
            for c in (1000, 4097, 9000)]
    for other in runs[1:]:
        assert_same(dict(other), dict(runs[0]))
    again = monte_carlo(model, inputs, 9000, rng=43, chunk_size=9000, progress=False).outputs
    assert not np.array_equal(again["nash.outcome"], runs[0]["nash.outcome"])


@needs_numba
def test_kernel_decides_clear_draws_and_leaves_the_rest() -> None:
    # On the peers' task nearly every draw has a clear winner and is decided by the kernel
    # (status 1); an issue without an accepted level is a proof of no ZOPA (status 0); a
    # negative disagreement utility (clipped utilities break the bound) or an exact tie is
    # left to numpy (status -1).
    kernel = nash_kernel()
    assert kernel is not None
    rng = np.random.default_rng(0)
    n, n_a, K, L = 2000, 5, 5, 5
    values = np.tile(np.linspace(0.0, 100.0, L), (K, 1))
    span = np.full(K, 100.0)
    strides = np.array([L ** (K - 1 - k) for k in range(K)], dtype=np.int64)
    ideals = np.ascontiguousarray(np.broadcast_to(
        rng.uniform(0, 100, (n_a, K)).round(), (n, n_a, K)))
    sal = rng.uniform(0.01, 1.0, (n, n_a, K))
    low, high = np.zeros((n, n_a, K)), np.full((n, n_a, K), 100.0)
    d, w = np.zeros((n, n_a)), np.full((n, n_a), 1.0 / n_a)
    high[1, 2, 3] = 10.0  # issue 3: actor 2 accepts only 0 ...
    low[1, 4, 3] = 20.0  # ... and actor 4 nothing below 25
    d[2, 0] = -0.1
    ideals[3] = 50.0  # every party wants the middle: one clear winner
    ideals[4] = 37.5  # midway between 25 and 50 for everyone: 2^5 outcomes tie exactly
    status = np.empty(n, dtype=np.int8)
    chosen = np.empty(n, dtype=np.int64)
    u = np.empty((n, n_a))
    kernel(values, span, ideals, sal, sal.sum(axis=-1), low, high, d, w, 1, strides,
           status, chosen, u)
    assert status[1] == 0 and status[2] == -1 and status[4] == -1
    assert status[3] == 1 and chosen[3] == int(np.dot([2] * K, strides))
    assert np.array_equal(u[3], np.ones(n_a))
    assert (status == 1).mean() > 0.99
    assert np.all((chosen >= 0) == (status == 1))
    # the utilities are exactly those of the chosen outcome, summed as utilities() sums them
    from models.outcomes import OutcomeSpace, utilities

    space = OutcomeSpace.from_levels(list(values), low=np.zeros(K), high=np.full(K, 100.0))
    rows = np.flatnonzero(status == 1)[:200]
    U = utilities(space, ideals[rows], sal[rows])
    assert np.array_equal(u[rows], U[np.arange(rows.size), chosen[rows]])


def test_jit_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANCES_JIT", "0")
    assert nash_kernel() is None
    monkeypatch.setenv("STANCES_JIT", "1")
    pytest.importorskip("numba")
    assert callable(nash_kernel())
