"""Support enumeration against vertex enumeration where the numerics are hard (issue 14).

In a nondegenerate game support enumeration must find every equilibrium, so
its set equals vertex enumeration's (von Stengel 2007, Algorithm 3.4 and
sec. 3.5). The well-posedness test of the indifference systems is free of the
payoffs' scale and shift, so huge offsets, rows scaled over four orders of
magnitude and nearly constant games keep their isolated equilibria; in
degenerate games only well-posed (extreme) equilibria are returned.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from published_games import VS75_A, VS75_B
from strategies import extreme_bimatrix

from models.games import NormalFormGame


def as_set(eqs: Any, decimals: int = 6) -> set[tuple[float, ...]]:
    return {tuple(np.round(np.concatenate(prof), decimals) + 0.0) for prof in eqs}


@pytest.fixture(params=["0", "1"], ids=["numpy", "compiled"])
def jit(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("STANCES_JIT", request.param)
    return str(request.param)


def test_issue_14_counter_example_keeps_every_equilibrium(jit: str) -> None:
    # A = [I5; -1000 1'], B = [I5; (0.01, ..., 0.05)]: the old Hadamard test on the
    # payoffs rescaled to [1, 2] rejected systems with condition numbers of 4e4-2e7
    # and returned 25 of the 31 equilibria.
    A = np.vstack([np.eye(5), -1000.0 * np.ones((1, 5))])
    B = np.vstack([np.eye(5), [[0.01, 0.02, 0.03, 0.04, 0.05]]])
    game = NormalFormGame((A, B))
    support, vertex = game.support_enumeration(), game.vertex_enumeration()
    assert len(vertex) == 31
    assert as_set(support) == as_set(vertex)
    # e.g. both players uniform on the first four strategies
    uniform = (np.array([0.25] * 4 + [0.0, 0.0]), np.array([0.25] * 4 + [0.0]))
    assert as_set([uniform]) <= as_set(support)


def test_von_stengel_75_equilibria_all_found(jit: str) -> None:
    # von Stengel (1999), Discrete Comput. Geom. 21: a nondegenerate 6 x 6 game with
    # 75 equilibria. The determinant-over-Hadamard test rejected two of them, the
    # (5, 5)-support one (|det| ratio 6e-11, condition number 8e5) and the fully mixed
    # one (1e-14, 4e6); the smallest-pivot test keeps them (pivots above 1e-5).
    game = NormalFormGame((VS75_A, VS75_B))
    support = game.support_enumeration()
    assert len(support) == 75
    assert as_set(support) == as_set(game.vertex_enumeration())
    fully_mixed = [p for p in support if np.all(p[0] > 1e-9) and np.all(p[1] > 1e-9)]
    assert len(fully_mixed) == 1
    np.testing.assert_allclose(
        fully_mixed[0][0], [132, 66, 30, 12, 4, 1] / np.float64(245), atol=1e-8
    )


@settings(max_examples=60, deadline=None)
@given(extreme_bimatrix())
def test_support_enumeration_equals_vertex_enumeration_on_hard_games(ab: Any) -> None:
    game = NormalFormGame(tuple(ab))
    found = {}
    for flag in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STANCES_JIT", flag)
            found[flag] = as_set(game.support_enumeration())
    vertices = game.vertex_enumeration()
    # Vertex enumeration accepts a profile whose regret is within the game's
    # tolerance (about 1e-8 of the payoff range); rescaled rows can make a
    # near-equilibrium of that size, which is no equilibrium of the exact game.
    # Compare on games whose equilibria are exact.
    span = max(np.ptp(game.payoffs[0]), np.ptp(game.payoffs[1]))
    assume(bool(np.all(vertices.regrets <= 1e-11 * span)))
    vertex = as_set(vertices)
    assert found["0"] == vertex
    assert found["1"] == vertex


def test_all_zero_game_on_the_batch_path(jit: str) -> None:
    # 12 x 12 has 2.7 million support pairs: the batched path, where every
    # system of size >= 2 is singular. Only the 144 pure profiles are isolated
    # solutions of their (1 x 1) systems; the rank filter skips the rest at once.
    game = NormalFormGame((np.zeros((12, 12)), np.zeros((12, 12))))
    eqs = game.support_enumeration()
    assert len(eqs) == 144
    assert all(np.count_nonzero(x) == 1 and np.count_nonzero(y) == 1 for x, y in eqs)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_degenerate_games_on_the_batch_path_return_only_extreme_equilibria(
    seed: int, jit: str
) -> None:
    # Repeated rows and columns make many systems singular; on the batched path
    # (9 x 9: 48,619 pairs) every equilibrium returned must be a verified
    # extreme equilibrium, i.e. one that vertex enumeration also finds.
    rng = np.random.default_rng(seed)
    A = rng.integers(0, 3, (9, 9)).astype(float)
    B = rng.integers(0, 3, (9, 9)).astype(float)
    A[1], B[1] = A[0], B[0]
    A[:, 4], B[:, 4] = A[:, 3], B[:, 3]
    game = NormalFormGame((A, B))
    support, vertex = game.support_enumeration(), game.vertex_enumeration()
    assert np.all(support.regrets <= game.regret_tol)
    assert as_set(support) <= as_set(vertex)
