"""Tests of the registry of bargaining solutions: every entry works everywhere."""

from __future__ import annotations

import re

import numpy as np
import pytest

import positions
from models import bargain, uncertain
from models.bargaining import (
    SOLUTIONS,
    BargainingModel,
    Solution,
    SolutionSpec,
    pareto_frontier,
    solve,
    solve_batch,
    solve_continuous,
    zopa,
)


def _utility(x: np.ndarray) -> np.ndarray:
    # three actors with concave utilities on [0, 1]: every solution is interior
    return np.column_stack([1 - (x[:, 0] - 0.1) ** 2, np.sqrt(1.2 - x[:, 0]), x[:, 0] ** 0.5])


D = np.array([0.2, 0.3, 0.1])


def _with_zopa() -> positions.Scenario:
    """The built-in case with two red lines relaxed so that a ZOPA exists."""
    data = positions.load("ukraine-ceasefire-2025-05").model_dump()
    for p in data["positions"]:
        if (p["actor"], p["issue"]) == ("EUR", "ceasefire"):
            p["acceptable"]["low"] |= {"value": 40.0, "uncertainty": {"dist": "fixed"}}
        if (p["actor"], p["issue"]) == ("USA", "nato"):
            p["acceptable"]["low"] |= {"value": 0.0, "uncertainty": {"dist": "fixed"}}
    return positions.Scenario.from_dict(data)


def test_registry_entries_are_complete_and_read_only() -> None:
    assert list(SOLUTIONS) == ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"]
    for name, spec in SOLUTIONS.items():
        assert isinstance(spec, SolutionSpec) and spec.name == name and spec.title
    labels = [s.label for s in SOLUTIONS.values()]
    markers = [s.marker for s in SOLUTIONS.values()]
    assert len(set(labels)) == len(labels) and len(set(markers)) == len(markers)
    with pytest.raises(TypeError):
        SOLUTIONS["median"] = SOLUTIONS["nash"]  # type: ignore[index]


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_every_solution_works_in_all_three_modes(name: str) -> None:
    spec = SOLUTIONS[name]
    grid = np.linspace(0, 1, 2001)[:, None]
    U = _utility(grid)
    # finite: a Pareto-optimal outcome (of the ZOPA when the solution uses d)
    sol = solve(U, D, solution=name)
    assert isinstance(sol, Solution) and sol.name == name
    assert sol.index in set(pareto_frontier(U).tolist()) and sol.index in sol.ties.tolist()
    if spec.uses_disagreement:
        assert sol.index in set(zopa(U, D).tolist())
        np.testing.assert_array_equal(sol.disagreement, D)
    else:
        assert sol.disagreement is None
    # batch: each sample as the single solver; -1 where the ZOPA is empty
    rng = np.random.default_rng(5)
    Ub = rng.integers(0, 6, size=(7, 30, 3)).astype(float)
    Db = rng.integers(0, 4, size=(7, 3)).astype(float)
    Db[0] = 9.0
    expected = []
    for s in range(7):
        try:
            expected.append(solve(Ub[s], Db[s], solution=name).index)
        except ValueError:
            expected.append(-1)
    assert solve_batch(Ub, Db, solution=name, chunk_size=3).tolist() == expected
    assert (expected[0] == -1) == spec.uses_disagreement
    # continuous: converges to the fine-grid solution
    cont = solve_continuous(_utility, [[0, 1]], D, solution=name, rng=0)
    assert cont.name == name and cont.converged
    assert cont.x[0] == pytest.approx(grid[sol.index, 0], abs=2e-3)


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_every_solution_in_bargain_and_the_monte_carlo_model(name: str) -> None:
    s = _with_zopa()
    result = bargain(s)
    chosen = result.solutions[name]
    assert chosen is not None and chosen.name == name and chosen.title == SOLUTIONS[name].title
    assert chosen.index in set(result.zopa.tolist()) and chosen.index in set(result.frontier)
    assert name in result.solutions_frame().index
    # the Monte Carlo adapter at the point values gives the facade's answer
    inputs = uncertain(s, include=["positions[*]", "actors[*]", "disagreement[*]"])
    model = BargainingModel(inputs, solutions=(name,))
    out = model(dict(zip(inputs.names, inputs.values[:, None], strict=True)))
    assert int(out[f"{name}.outcome"][0]) == chosen.index


@pytest.mark.parametrize(
    ("call", "func"),
    [
        (lambda: solve([[1.0, 2.0]], solution="median"), "solve"),
        (lambda: solve_batch([[[1.0, 2.0]]], solution="median"), "solve_batch"),
        (lambda: solve_continuous(_utility, [[0, 1]], solution="median"), "solve_continuous"),
    ],
)
def test_unknown_solution_lists_the_registry(call: object, func: str) -> None:
    names = ", ".join(map(repr, SOLUTIONS))
    match = re.escape(f"The 'solution' parameter of {func} must be one of {names}. Got 'median'")
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]
