"""Tests for models.games.vertex_enumeration: complete extreme-equilibrium sets on every path.

The vertices of a best-response polytope come from the exact lexicographic
search (compiled with Numba, or batched in numpy with ``STANCES_JIT=0``) or,
on the numpy path only, from Qhull. These tests check that the compiled and
numpy searches return the same points bit for bit, that every path finds the
same extreme equilibria as a brute-force enumeration of the polytopes'
vertices (every choice of ``d`` tight constraints, von Stengel 2007,
Algorithm 3.5; Avis et al. 2010 for degenerate games), and that Qhull is
never run when its answer would be thrown away.

References: von Stengel, B. (2007). Equilibrium computation for two-player
games in strategic and extensive form, *Algorithmic Game Theory*, ch. 3;
Avis, D., Rosenberg, G., Savani, R., & von Stengel, B. (2010). Enumeration of
Nash equilibria for two-player games. *Economic Theory* 42, 9-37.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from published_games import VS75_A, VS75_B
from strategies import integer_games, random_bimatrix

import models.games.vertex_enumeration as ve
from models.games import NormalFormGame


def as_set(eqs: Any, decimals: int = 6) -> set[tuple[float, ...]]:
    """Equilibria as a set of rounded, concatenated probability tuples."""
    return {tuple(np.round(np.concatenate(prof), decimals) + 0.0) for prof in eqs}


def _brute_vertices(C: np.ndarray, tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """All vertices of ``{z >= 0 : C z <= 1}`` and their labels, by solving every d-subset."""
    c, d = C.shape
    G = np.vstack([np.eye(d), C])  # rows: z_j >= 0 (labels 0..d-1), then C z <= 1
    rhs = np.concatenate([np.zeros(d), np.ones(c)])
    points: dict[tuple[bool, ...], np.ndarray] = {}
    for rows in itertools.combinations(range(c + d), d):
        M = G[list(rows)]
        if abs(np.linalg.det(M)) < 1e-12:
            continue
        z = np.linalg.solve(M, rhs[list(rows)])
        if np.any(z < -tol) or np.any(C @ z > 1 + tol):
            continue
        z = np.clip(z, 0.0, None)
        labels = tuple(np.concatenate([z <= tol, C @ z >= 1 - tol]))
        points[labels] = z
    keys = list(points)
    return np.array([points[k] for k in keys]), np.array(keys, dtype=bool)


def brute_force_extreme_equilibria(A: np.ndarray, B: np.ndarray) -> set[tuple[float, ...]]:
    """Completely labelled vertex pairs of P x Q, both polytopes enumerated by brute force."""
    n = A.shape[1]
    A1, B1 = A - A.min() + 1.0, B - B.min() + 1.0  # positive: bounded polytopes
    xs, lx = _brute_vertices(B1.T)  # labels: x_i = 0 (i), then (B^T x)_j = 1 (m + j)
    ys, ly = _brute_vertices(A1)  # labels: y_j = 0 (m + j), then (A y)_i = 1 (i)
    lx_full = lx  # already in the game's order: 0..m-1, then m..m+n-1
    ly_full = np.hstack([ly[:, n:], ly[:, :n]])
    found = set()
    for x, a in zip(xs, lx_full, strict=True):
        for y, b in zip(ys, ly_full, strict=True):
            if x.sum() > 0 and y.sum() > 0 and np.all(a | b):
                found.add(tuple(np.round(np.concatenate([x / x.sum(), y / y.sum()]), 6) + 0.0))
    return found


@pytest.fixture(params=["1", "0"], ids=["compiled", "numpy"])
def jit(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with the compiled search (where Numba is installed) and with numpy only."""
    if request.param == "1":
        pytest.importorskip("numba")
    monkeypatch.setenv("STANCES_JIT", request.param)
    return str(request.param)


def _points(C: np.ndarray, flag: str) -> np.ndarray:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STANCES_JIT", flag)
        return ve.polytope_vertices(C, 10**6)


@settings(max_examples=60, deadline=None)
@given(st.one_of(random_bimatrix(max_size=7), integer_games(max_size=7, max_payoff=4)))
def test_compiled_search_returns_the_numpy_points_bit_for_bit(ab: Any) -> None:
    # Same bases, same order, same coordinates: the kernel repeats the numpy
    # search's operations in the same order.
    pytest.importorskip("numba")
    for M in ab:
        M = np.asarray(M, dtype=float)
        lo, hi = M.min(), M.max()
        C = np.ones_like(M) if hi == lo else 1.0 + (M - lo) / (hi - lo)
        slow, fast = _points(C, "0"), _points(C, "1")
        assert slow.shape == fast.shape
        assert np.array_equal(slow, fast)
        np.testing.assert_array_equal(fast[0], 0.0)  # the origin first


@pytest.mark.parametrize("n", [8, 10, 12])
def test_compiled_search_equals_numpy_on_integer_games(n: int) -> None:
    # The benchmark's games: integer payoffs 0..9, heavily degenerate.
    pytest.importorskip("numba")
    rng = np.random.default_rng(n)
    C = 1.0 + rng.integers(0, 10, (n, n)) / 9.0
    slow, fast = _points(C, "0"), _points(C, "1")
    assert slow.shape[0] > n  # degenerate vertices repeat, one row per basis
    assert np.array_equal(slow, fast)


@settings(max_examples=60, deadline=None)
@given(integer_games(max_size=4, max_payoff=2))
def test_degenerate_games_give_the_brute_force_extreme_equilibria(ab: Any) -> None:
    # Payoffs in {0, 1, 2}: ties everywhere, degenerate vertices of every kind.
    A, B = (np.asarray(M, dtype=float) for M in ab)
    expected = brute_force_extreme_equilibria(A, B)
    for flag in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STANCES_JIT", flag)
            assert as_set(NormalFormGame((A, B)).vertex_enumeration()) == expected


@settings(max_examples=30, deadline=None)
@given(random_bimatrix(max_size=4))
def test_nondegenerate_games_give_the_brute_force_equilibria(ab: Any) -> None:
    A, B = ab
    expected = brute_force_extreme_equilibria(A, B)
    for flag in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STANCES_JIT", flag)
            assert as_set(NormalFormGame((A, B)).vertex_enumeration()) == expected


@pytest.mark.parametrize("seed", range(4))
def test_paths_agree_on_10x10_integer_games(seed: int) -> None:
    # Compiled and numpy paths list the same extreme equilibria in the same
    # canonical order, with the same numbers (both run the exact search here:
    # a tied column maximum shows degeneracy up front).
    pytest.importorskip("numba")
    rng = np.random.default_rng(1010 + seed)
    A, B = rng.integers(0, 10, (2, 10, 10)).astype(float)
    runs = {}
    for flag in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STANCES_JIT", flag)
            runs[flag] = NormalFormGame((A, B)).vertex_enumeration()
    assert len(runs["0"]) == len(runs["1"]) >= 1
    for p, q in zip(runs["0"], runs["1"], strict=True):
        for a, b in zip(p, q, strict=True):
            np.testing.assert_array_equal(a, b)


def test_von_stengel_75_equilibria(jit: str) -> None:
    game = NormalFormGame((VS75_A, VS75_B))
    eqs = game.vertex_enumeration()
    assert len(eqs) == 75
    assert len(as_set(eqs)) == 75
    assert all(game.is_equilibrium(prof) for prof in eqs)
    # Two of them are pure: (row 2, column 6) and (row 5, column 1).
    pure = [(np.eye(6)[1], np.eye(6)[5]), (np.eye(6)[4], np.eye(6)[0])]
    assert as_set(pure) <= as_set(eqs)
    assert sum(np.all(x > 1e-9) and np.all(y > 1e-9) for x, y in eqs) == 1  # one fully mixed


@pytest.mark.parametrize("seed", range(3))
def test_pairing_by_sorted_keys_equals_checking_every_pair(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Few vertices: every pair's labels are checked at once; many: simple
    # vertices are matched by sorted keys and degenerate ones against all.
    # Both must give the same extreme equilibria on degenerate games.
    rng = np.random.default_rng(seed)
    game = NormalFormGame(tuple(rng.integers(0, 4, (2, 7, 7)).astype(float)))
    found = {}
    for limit in (0, 10**12):
        monkeypatch.setattr(ve, "_DIRECT_PAIRS", limit)
        found[limit] = game.vertex_enumeration()
    assert len(found[0]) == len(found[10**12]) >= 1
    for p, q in zip(found[0], found[10**12], strict=True):
        for a, b in zip(p, q, strict=True):
            np.testing.assert_array_equal(a, b)


def _count_hull_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = ve.hull_vertices

    def counted(C: np.ndarray) -> np.ndarray:
        calls[0] += 1
        return real(C)

    monkeypatch.setattr(ve, "hull_vertices", counted)
    return calls


def test_no_qhull_pass_when_degeneracy_shows_up_front(jit: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Every column of A and every row of B has a tied maximum: both polytopes
    # are degenerate at a pure vertex, so Qhull (whose answer would be thrown
    # away) is never run, compiled or not.
    A = np.array([[2.0, 1.0, 0.0], [2.0, 1.0, 3.0], [0.0, 0.0, 3.0]])
    B = A.T.copy()
    calls = _count_hull_calls(monkeypatch)
    eqs = NormalFormGame((A, B)).vertex_enumeration()
    assert calls[0] == 0
    assert as_set(eqs) == brute_force_extreme_equilibria(A, B)


def test_qhull_only_on_the_numpy_path(jit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A nondegenerate game: numpy takes Qhull (faster than the numpy search),
    # the compiled search needs no Qhull at all; both find the same set.
    rng = np.random.default_rng(3)
    A, B = rng.random((2, 6, 6))
    calls = _count_hull_calls(monkeypatch)
    eqs = NormalFormGame((A, B)).vertex_enumeration()
    assert calls[0] == (2 if jit == "0" else 0)
    assert as_set(eqs) == brute_force_extreme_equilibria(A, B)
    assert as_set(eqs) == as_set(NormalFormGame((A, B)).support_enumeration())


def test_surely_degenerate_reads_tied_column_maxima() -> None:
    assert ve._surely_degenerate(np.array([[1.0, 2.0], [2.0, 1.5], [2.0, 1.0]]), 1e-9)
    assert not ve._surely_degenerate(np.array([[1.0, 2.0], [2.0, 1.5]]), 1e-9)
    # Within the label tolerance counts as tied, as the labels are read so.
    assert ve._surely_degenerate(np.array([[2.0, 1.0], [2.0 - 1e-12, 1.5]]), 1e-9)
    assert not ve._surely_degenerate(np.array([[2.0, 1.0], [2.0 - 1e-6, 1.5]]), 1e-9)


def test_max_vertices_is_enforced_on_both_paths(jit: str) -> None:
    rng = np.random.default_rng(0)
    game = NormalFormGame(tuple(rng.integers(0, 10, (2, 8, 8)).astype(float)))
    with pytest.raises(ValueError, match="more than max_vertices=20 bases"):
        game.vertex_enumeration(max_vertices=20)
    assert len(game.vertex_enumeration()) >= 1


def test_jit_switch_for_the_vertex_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    from models.games._vertex_jit import vertex_search_kernel

    pytest.importorskip("numba")
    for off in ("0", "false", "No", " off "):
        monkeypatch.setenv("STANCES_JIT", off)
        assert vertex_search_kernel() is None
    monkeypatch.setenv("STANCES_JIT", "1")
    assert callable(vertex_search_kernel())
