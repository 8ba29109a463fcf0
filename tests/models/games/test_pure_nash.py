"""Pure equilibria of N-player games: the one-pass result equals the previous two-pass one.

Issue 14 (item 7) cut the result wrapper of ``NormalFormGame.pure_equilibria``:
one pass over the payoffs now gives the equilibria and the near-misses of the
note, maxima over short trailing axes are taken on a transposed copy, and
the one-hot profiles are built at once. The reference below is the previous
implementation, kept verbatim; every field of the result must be identical,
on games full of exact ties and near-ties from rounding (Nash 1951: a pure
profile is an equilibrium iff no player gains by a unilateral deviation).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import near_tie_games

from models.games import NormalFormGame
from models.games.pure_nash import (
    near_miss_note,
    pure_equilibrium_indices,
    pure_profiles,
    pure_regrets,
)


def previous_indices(payoffs: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """``pure_equilibrium_indices`` before issue 14's item 7."""
    worst = np.zeros(payoffs.shape[1:])
    for i in range(payoffs.shape[0]):
        u = payoffs[i]
        np.maximum(worst, u.max(axis=i, keepdims=True) - u, out=worst)
    idx = np.argwhere(worst <= tol)
    return idx, worst[tuple(idx.T)]


def previous_result(game: NormalFormGame, tol: float | None) -> tuple[Any, ...]:
    """``NormalFormGame.pure_equilibria`` before item 7: two passes and identity rows."""
    limit = 0.0 if tol is None else tol
    payoffs = np.asarray(game.payoffs)
    idx, regrets = previous_indices(payoffs, limit)
    note = ""
    if tol is None and game.regret_tol > 0:
        near, near_regrets = previous_indices(payoffs, game.regret_tol)
        missed = near_regrets > 0
        if missed.any():
            note = near_miss_note(near[missed], near_regrets[missed])
    probs = [np.eye(m)[idx[:, i]] for i, m in enumerate(game.shape)]
    return idx, regrets, note, probs


@settings(max_examples=150, deadline=None)
@given(near_tie_games(), st.sampled_from([None, 0.0, 1e-12, 1e-9, 0.05]))
def test_pure_equilibria_equal_the_previous_implementation(u: Any, tol: float | None) -> None:
    game = NormalFormGame(list(u))
    eq = game.pure_equilibria(tol=tol)
    idx, regrets, note, probs = previous_result(game, tol)
    np.testing.assert_array_equal(eq.pure_indices(), idx.reshape(-1, game.n_players))
    np.testing.assert_array_equal(eq.regrets, regrets)
    assert eq.note == note
    assert len(eq.probabilities) == len(probs)
    for got, want in zip(eq.probabilities, probs, strict=True):
        assert got.dtype == np.float64 and got.flags.c_contiguous and not got.flags.writeable
        np.testing.assert_array_equal(got, want)
    assert eq.is_pure.all()


@settings(max_examples=100, deadline=None)
@given(near_tie_games(max_profiles=400))
def test_pure_regrets_are_each_profiles_largest_gain(u: Any) -> None:
    # By the definition, profile by profile: the largest gain of any player from
    # a unilateral deviation, as one floating-point difference of two payoffs.
    worst = pure_regrets(u)
    for s in np.ndindex(*u.shape[1:]):
        gains = []
        for i in range(u.shape[0]):
            line = list(s)
            line[i] = slice(None)  # type: ignore[call-overload]
            gains.append(u[(i, *line)].max() - u[(i, *s)])
        assert worst[s] == max(gains)


@settings(max_examples=60, deadline=None)
@given(near_tie_games(), st.sampled_from([0.0, 1e-9, 0.1]))
def test_indices_equal_argwhere(u: Any, tol: float) -> None:
    idx, regrets = pure_equilibrium_indices(u, tol)
    old_idx, old_regrets = previous_indices(u, tol)
    assert idx.dtype == np.intp
    np.testing.assert_array_equal(idx, old_idx)
    np.testing.assert_array_equal(regrets, old_regrets)


def test_long_and_short_axes_take_the_same_maxima() -> None:
    # Axes with long contiguous runs use numpy's reduction directly, short ones a
    # transposed copy; both give every player's exact maximum.
    rng = np.random.default_rng(5)
    for shape in [(2, 40, 3), (3, 2, 17, 5), (4, 8, 8, 8, 8), (2, 1, 64), (3, 1, 1, 1)]:
        u = rng.integers(0, 4, shape) / 10.0
        idx, regrets = pure_equilibrium_indices(u, 0.0)
        old_idx, old_regrets = previous_indices(u, 0.0)
        np.testing.assert_array_equal(idx, old_idx)
        np.testing.assert_array_equal(regrets, old_regrets)


def test_pure_profiles_of_unequal_strategy_counts() -> None:
    probs = pure_profiles(np.array([[2, 0], [0, 4]]), (3, 5))
    np.testing.assert_array_equal(probs[0], [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(probs[1], [[1, 0, 0, 0, 0], [0, 0, 0, 0, 1]])
    empty = pure_profiles(np.empty((0, 2), dtype=np.intp), (3, 5))
    assert [p.shape for p in empty] == [(0, 3), (0, 5)]
