"""Tests that kill the mutants a sampled mutation run left alive (issue 14, item 8).

Each test names the mutation it catches; all use the public API. Check a kill
with ``benchmarks/mutation.py`` (``--lines`` picks the mutated line), e.g.::

    python benchmarks/mutation.py models/bargaining/continuous.py \\
        tests/models/test_mutation_survivors.py --lines 437 --kinds compare
"""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

import numpy as np
import pytest
from strategies import minimal_scenario_dict

import positions
from models.bargaining import SOLUTIONS, solve, solve_continuous
from models.games import NormalFormGame
from models.gmcr import GraphModel
from models.spatial import condorcet_winner


def test_condorcet_winner_with_candidates_returns_a_float() -> None:
    # Mutant: returning array([5.]) instead of 5.0 for one problem with candidates.
    winner = condorcet_winner([0.0, 5.0, 10.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0],
                              candidates=[0.0, 5.0, 10.0])
    assert type(winner) is float and winner == 5.0


def test_gmcr_errors_shorten_long_values() -> None:
    # Mutant: the truncation of a long value in an error message ("..." dropped or
    # the slice changed) went untested.
    model = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]}, {"A": [0, 1], "B": [0, 1]})
    members = ["A"] * 30  # one decision maker named 30 times: not a coalition
    with pytest.raises(ValueError) as info:
        model.coalition_stability([members])
    text = str(info.value)
    shown = repr(members)[:57] + "..."
    assert shown in text and repr(members) not in text


def test_no_position_errors_carry_actor_and_issue_in_their_path() -> None:
    # Mutant: deleting the NoPosition branch of the error labels gave
    # ``no_positions[EUR]`` instead of ``no_positions[EUR/territory]``.
    data = copy.deepcopy(minimal_scenario_dict())
    data["no_positions"][0]["reason"] = ""  # type: ignore[index]
    with pytest.raises(positions.ScenarioError) as info:
        positions.Scenario.from_json(json.dumps(data))
    paths = [p.path for p in info.value.problems]
    assert "no_positions[EUR/territory].reason" in paths, paths


@pytest.mark.parametrize(
    "solution", [name for name, spec in SOLUTIONS.items() if spec.uses_disagreement]
)
@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # Nash's gradient at d
def test_a_zopa_that_is_the_disagreement_point_alone_is_a_zopa(solution: str) -> None:
    # Mutant: ``np.any(gmin >= 0)`` -> ``> 0`` in solve_continuous raised "no ZOPA"
    # when the only individually rational point gives every actor a gain of exactly 0.
    # Both actors lose |x - 1/2|, so with d = (0, 0) the zone of possible agreement
    # is the single point x = 1/2 (the centre of the box, always sampled), at d.
    def utility(x: np.ndarray) -> np.ndarray:
        loss = -np.abs(x[:, 0] - 0.5)
        return np.column_stack([loss, loss])

    sol = solve_continuous(utility, [[0.0, 1.0]], [0.0, 0.0], solution=solution, rng=0)
    assert sol.x[0] == pytest.approx(0.5, abs=1e-6)
    np.testing.assert_allclose(sol.utilities, [0.0, 0.0], atol=1e-6)


def _arrangements(k: int, n_big: int, big: float, small: float) -> np.ndarray:
    """Every placement of ``n_big`` entries ``big`` among ``k`` actors, the rest ``small``."""
    rows = []
    for where in itertools.combinations(range(k), n_big):
        row = np.full(k, small)
        row[list(where)] = big
        rows.append(row)
    return np.array(rows)


@pytest.mark.parametrize("k", [4, 8, 11, 12, 13])
def test_utilitarian_near_ties_from_rounding_are_ties(k: int) -> None:
    # Mutant: the rounding allowance ``4.0 * (k + 1) * k * eps * max|U|`` of the
    # utilitarian score -> ``4.0 / (k + 1) * ...``. The outcomes below are the
    # arrangements of the same utilities among the actors, so their sums are equal;
    # summed in floating point (one large value absorbing or not the ulp-sized
    # ones, in an order set by the BLAS), they differ by up to ~10 eps * max|U|.
    # All must tie, and the exact keys must pick the lexicographically largest
    # arrangement (large utilities first), wherever the outcomes are listed.
    rng = np.random.default_rng(k)
    for n_big in range(1, k):
        for big in (0.1, 1.0, 3.0):
            for frac in (0.3, 0.6, 2.5):
                U = _arrangements(k, n_big, big, frac * float(np.spacing(n_big * big)))
                if len(U) > 2_000:
                    continue
                U = U[rng.permutation(len(U))]
                sol = solve(U, solution="utilitarian")
                expected = np.sort(U[0])[::-1]
                np.testing.assert_array_equal(sol.utilities, expected)
                assert len(sol.ties) == len(U)


@pytest.mark.parametrize("jit", ["0", "1"], ids=["numpy", "compiled"])
def test_rank_one_games_return_only_extreme_equilibria(
    jit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Mutant: skipping the well-posedness filter at the end of support
    # enumeration's batch (the path without Numba, STANCES_JIT=0, and of large
    # games). With rank-one row payoffs every system over three or more rows is
    # singular, but rounding hides it from the LU factorisation; the solver then
    # returns an arbitrary point of a continuum of equilibria, e.g. (seed 7)
    # x = (0.357, 0.078, 0, 0.565, 0), y = (0, 0.510, 0.083, 0.406), which is no
    # extreme equilibrium (vertex enumeration lists the continuum's vertices).
    monkeypatch.setenv("STANCES_JIT", jit)
    for seed in range(30):
        rng = np.random.default_rng(seed)
        A = rng.normal(size=(5, 1)) @ rng.normal(size=(1, 4))
        B = rng.normal(size=(5, 2)) @ rng.normal(size=(2, 4))
        game = NormalFormGame((A, B))
        support = _as_set(game.support_enumeration())
        assert support <= _as_set(game.vertex_enumeration()), seed


def _as_set(eqs: Any, decimals: int = 6) -> set[tuple[float, ...]]:
    return {tuple(np.round(np.concatenate(prof), decimals) + 0.0) for prof in eqs}
