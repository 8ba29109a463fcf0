"""Tests for models.games: normal-form games, their equilibria and dominance.

Sources of the worked examples:

- Osborne, M. J. (2004). *An Introduction to Game Theory*. Oxford UP
  (prisoner's dilemma, battle of the sexes "BoS", matching pennies, ch. 2 and 4).
- von Stengel, B. (2007). Equilibrium computation for two-player games in
  strategic and extensive form. *Algorithmic Game Theory*, ch. 3 (game (3.3)).
- Avis, D., Rosenberg, G., Savani, R., & von Stengel, B. (2010). Enumeration of
  Nash equilibria for two-player games. *Economic Theory* 42 (degenerate example).
- Gibbons, R. (1992). *Game Theory for Applied Economists*, Fig. 1.1.1.
- Fudenberg, D., & Tirole, J. (1991). *Game Theory*, sect. 2.1 (mixed dominance).
- Jordan, J. S. (1993). Three problems in learning mixed-strategy Nash
  equilibria. *Games and Economic Behavior* 5, 368-386 (cyclic 3-player games).
- Gambit's test suite, ``tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg``.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import integer_games, random_bimatrix, random_games

from models import jit_enabled
from models.games import Equilibria, Equilibrium, IteratedDominance, NormalFormGame
from models.plotting import plot_payoff_table

ATOL = 1e-8


def as_set(eqs: Any, decimals: int = 6) -> set[tuple[float, ...]]:
    """Equilibria as a set of rounded, concatenated probability tuples."""
    return {tuple(np.round(np.concatenate(prof), decimals) + 0.0) for prof in eqs}


def assert_profile(prof: Any, expected: Any) -> None:
    assert len(prof) == len(expected)
    for p, e in zip(prof, expected, strict=True):
        np.testing.assert_allclose(p, e, atol=1e-9)


# ----------------------------------------------------------------------------- games
# Osborne (2004), ch. 2: payoffs (Quiet, Fink); Fink strictly dominates.
PD_A = np.array([[2.0, 0.0], [3.0, 1.0]])
PD = NormalFormGame((PD_A, PD_A.T))
# Osborne (2004), ch. 2 and 4: Bach or Stravinsky (BoS).
BOS = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
# Osborne (2004), ch. 2 and 4: matching pennies.
MP = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
# Rock-paper-scissors, zero sum.
RPS_A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
RPS = NormalFormGame((RPS_A, -RPS_A))
# von Stengel (2007), game (3.3).
VS_A = [[3, 3], [2, 5], [0, 6]]
VS_B = [[3, 2], [2, 6], [3, 1]]
VS = NormalFormGame((VS_A, VS_B))
VS_EQ = [
    ([1, 0, 0], [1, 0]),
    ([4 / 5, 1 / 5, 0], [2 / 3, 1 / 3]),
    ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]),
]
# Avis et al. (2010): (3.3) with the top row of B made (3, 3). The row player's
# first strategy is a best response to every (q, 1-q) with q >= 2/3, and the
# column player is indifferent against it: a continuum of equilibria.
DEG = NormalFormGame((VS_A, [[3, 3], [2, 6], [3, 1]]))
DEG_EQ = [([1, 0, 0], [1, 0]), ([1, 0, 0], [2 / 3, 1 / 3]), ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3])]


def local_max_cut() -> NormalFormGame:
    """Gambit's 2x2x2 local max cut game: edge weights w12 = 2, w13 = -1, w23 = 2.

    A player's payoff is the weight of its edges cut; the pure equilibria are
    the local max cuts (a, b, a) and (b, a, b), and the uniform profile is the
    one mixed equilibrium (Gambit test file cited above).
    """
    weights = {(0, 1): 2.0, (0, 2): -1.0, (1, 2): 2.0}
    u = np.zeros((3, 2, 2, 2))
    for s in np.ndindex(2, 2, 2):
        for (i, j), w in weights.items():
            if s[i] != s[j]:
                u[(i, *s)] += w
                u[(j, *s)] += w
    return NormalFormGame(list(u), strategies=[("a", "b")] * 3)


def cyclic_game() -> NormalFormGame:
    """A 3-player cyclic game after Jordan (1993): u_i depends on s_i and s_{i+1}.

    Player 1 gets M1[s1, s2], player 2 M2[s2, s3], player 3 M3[s3, s1]. There is
    no pure equilibrium and, as any pure player forces the next one to be pure,
    the unique equilibrium is totally mixed; each player's indifference fixes
    the next player's mixture:
    M1 = [[2, 0], [0, 1]]: 2 q2 = 1 - q2, q2 = 1/3;
    M2 = [[1, 0], [0, 3]]: q3 = 3 (1 - q3), q3 = 3/4;
    M3 = [[0, 1], [2, 0]]: 1 - q1 = 2 q1, q1 = 1/3 (q_k = P(player k plays 0)).
    """
    m1 = np.array([[2.0, 0.0], [0.0, 1.0]])
    m2 = np.array([[1.0, 0.0], [0.0, 3.0]])
    m3 = np.array([[0.0, 1.0], [2.0, 0.0]])
    u = np.zeros((3, 2, 2, 2))
    for a, b, c in np.ndindex(2, 2, 2):
        u[:, a, b, c] = [m1[a, b], m2[b, c], m3[c, a]]
    return NormalFormGame(list(u))


# ---------------------------------------------------------------------- construction
def test_input_forms_agree() -> None:
    A, B = np.array(VS_A, float), np.array(VS_B, float)
    stacked = np.stack([A, B], axis=-1)  # (m, n, N), QuantEcon's layout
    for game in (NormalFormGame((A, B)), NormalFormGame([A, B]), NormalFormGame(stacked)):
        np.testing.assert_array_equal(game.payoffs, np.stack([A, B]))
        assert game.shape == (3, 2)
        assert game.n_players == 2
        assert game.players == ("P1", "P2")
        assert game.strategies == (("s1", "s2", "s3"), ("s1", "s2"))
    assert not NormalFormGame((A, B)).payoffs.flags.writeable


def test_labels() -> None:
    game = NormalFormGame(
        (PD_A, PD_A.T), players=["Row", "Col"], strategies=[["Q", "F"], ["q", "f"]]
    )
    frame = game.pure_equilibria().to_frame()
    picked = frame[frame.probability == 1.0]
    assert picked[["player", "strategy"]].values.tolist() == [["Row", "F"], ["Col", "f"]]
    assert "Row" in repr(game)


@pytest.mark.parametrize(
    ("payoffs", "kwargs", "error", "match"),
    [
        (([[1, 2]], [[np.nan, 0]]), {}, ValueError, r"'payoffs\[1\]'.*finite.*NaN"),
        (([[1, 2]], [[np.inf, 0]]), {}, ValueError, r"'payoffs\[1\]'.*infinite"),
        (([[1, 2]], [[1, 2, 3]]), {}, ValueError, "one common shape"),
        (([1, 2], [3, 4]), {}, ValueError, r"'payoffs\[0\]'.*shape \(m_1, \.\.\., m_N\)"),
        (([[1, 2]],), {}, ValueError, "at least 2 payoff arrays"),
        (np.zeros((2, 2, 3)), {}, ValueError, r"\(m_1, \.\.\., m_N, N\)"),
        (np.zeros((2, 2)), {}, ValueError, r"\(m_1, \.\.\., m_N, N\)"),
        ((np.zeros((0, 2)), np.zeros((0, 2))), {}, ValueError, "at least one strategy"),
        ((np.full((1, 1), np.nan), np.zeros((1, 1))), {}, ValueError, "NaN"),
        ((PD_A, PD_A), {"players": ["a"]}, ValueError, "'players'.*2 distinct strings"),
        ((PD_A, PD_A), {"players": ["a", "a"]}, ValueError, "'players'"),
        ((PD_A, PD_A), {"players": "ab"}, ValueError, "'players'"),
        ((PD_A, PD_A), {"strategies": [["x", "y"]]}, ValueError, "'strategies'"),
        ((PD_A, PD_A), {"strategies": [["x"], ["y", "z"]]}, ValueError, r"'strategies\[0\]'"),
        ((PD_A, PD_A), {"strategies": [["x", 1], ["y", "z"]]}, ValueError, r"'strategies\[0\]'"),
        ((["ab", "cd"], ["ef", "gh"]), {}, TypeError, r"'payoffs\[0\]'.*numeric"),
    ],
)
def test_bad_construction(payoffs: Any, kwargs: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        NormalFormGame(payoffs, **kwargs)


@pytest.mark.parametrize(
    ("profile", "match"),
    [
        (([1, 0],), "sequence of 2 probability vectors"),
        ("ab", "sequence of 2 probability vectors"),
        (([1, 0], [0.5, 0.6]), r"'profile\[1\]'.*probability vector"),
        (([1.5, -0.5], [0.5, 0.5]), r"'profile\[0\]'.*probability vector"),
        (([1, 0, 0], [0.5, 0.5]), r"'profile\[0\]'.*shape \(2,\)"),
        (([np.nan, 1], [0.5, 0.5]), r"'profile\[0\]'.*NaN"),
    ],
)
def test_bad_profile(profile: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        MP.regret(profile)
    with pytest.raises(ValueError, match=match):
        MP.is_equilibrium(profile)


def test_bad_solver_arguments() -> None:
    with pytest.raises(ValueError, match=r"'tol'.*>= 0"):
        MP.support_enumeration(tol=-1.0)
    with pytest.raises(ValueError, match="'tol'"):
        MP.is_equilibrium(([0.5, 0.5], [0.5, 0.5]), tol=float("nan"))
    with pytest.raises(ValueError, match=r"'max_pairs'.*>= 1"):
        MP.support_enumeration(max_pairs=0)
    with pytest.raises(ValueError, match="'max_vertices'"):
        MP.vertex_enumeration(max_vertices=0)
    with pytest.raises(ValueError, match="'max_iter'"):
        MP.lemke_howson(max_iter=0)
    with pytest.raises(ValueError, match="'max_iter'"):
        MP.approximate_equilibrium(max_iter=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"'initial_label'.*\[0, 4\)"):
        MP.lemke_howson(4)
    with pytest.raises(ValueError, match="'initial_label'"):
        MP.lemke_howson(-1)
    with pytest.raises(ValueError, match="'strategies'"):
        MP.restrict([[0]])
    with pytest.raises(ValueError, match=r"'strategies\[1\]'.*distinct ints in \[0, 2\)"):
        MP.restrict([[0], [2]])
    with pytest.raises(ValueError, match=r"'strategies\[0\]'"):
        MP.restrict([[0, 0], [1]])


def test_two_player_methods_refuse_three_players() -> None:
    game = local_max_cut()
    for method in ("support_enumeration", "vertex_enumeration", "lemke_howson", "lemke_howson_all"):
        with pytest.raises(ValueError, match=r"needs a two-player game\. Got 3 players"):
            getattr(game, method)()


def test_size_limits_raise_instead_of_hanging() -> None:
    rng = np.random.default_rng(0)
    big = NormalFormGame((rng.random((13, 13)), rng.random((13, 13))))
    # C(26, 13) - 1 = 10,400,599 support pairs > 3,000,000.
    with pytest.raises(ValueError, match=r"10400599 support pairs.*vertex_enumeration"):
        big.support_enumeration()
    with pytest.raises(ValueError, match=r"more than max_vertices=5 .*lemke_howson"):
        big.vertex_enumeration(max_vertices=5)
    huge = NormalFormGame((np.zeros((40, 30)), np.zeros((40, 30))))
    with pytest.raises(ValueError, match="at most 64 strategies"):
        huge.vertex_enumeration()
    with pytest.raises(RuntimeError, match="max_iter=1 pivots"):
        VS.lemke_howson(1, max_iter=1)


# --------------------------------------------------------------------- classic games
def test_prisoners_dilemma() -> None:
    # Osborne (2004), ch. 2: (Fink, Fink) is the unique equilibrium.
    for eqs in (PD.pure_equilibria(), PD.support_enumeration(), PD.vertex_enumeration(),
                PD.lemke_howson_all()):
        assert len(eqs) == 1
        assert_profile(eqs[0], ([0, 1], [0, 1]))
    np.testing.assert_array_equal(PD.pure_equilibria().pure_indices(), [[1, 1]])
    np.testing.assert_allclose(PD.pure_equilibria().payoffs, [[1.0, 1.0]])


def test_matching_pennies() -> None:
    # Osborne (2004), ch. 4: the unique equilibrium is (1/2, 1/2) for both.
    assert len(MP.pure_equilibria()) == 0
    for eqs in (MP.support_enumeration(), MP.vertex_enumeration(), MP.lemke_howson_all()):
        assert len(eqs) == 1
        assert_profile(eqs[0], ([0.5, 0.5], [0.5, 0.5]))
    for label in range(4):
        assert_profile(MP.lemke_howson(label).profile, ([0.5, 0.5], [0.5, 0.5]))
    np.testing.assert_allclose(MP.support_enumeration().payoffs, [[0.0, 0.0]], atol=1e-12)


def test_battle_of_the_sexes() -> None:
    # Osborne (2004), ch. 4: (B, B), (S, S) and the mixed equilibrium in
    # which player 1 plays B with 2/3 and player 2 plays B with 1/3.
    expected = [([1, 0], [1, 0]), ([2 / 3, 1 / 3], [1 / 3, 2 / 3]), ([0, 1], [0, 1])]
    for eqs in (BOS.support_enumeration(), BOS.vertex_enumeration()):
        assert len(eqs) == 3
        for prof, exp in zip(eqs, expected, strict=True):
            assert_profile(prof, exp)
        np.testing.assert_array_equal(eqs.is_pure, [True, False, True])
        np.testing.assert_allclose(eqs.payoffs[1], [2 / 3, 2 / 3])
    np.testing.assert_array_equal(BOS.pure_equilibria().pure_indices(), [[0, 0], [1, 1]])
    assert as_set(BOS.lemke_howson_all()) <= as_set(expected)


def test_rock_paper_scissors() -> None:
    # The unique equilibrium of rock-paper-scissors is uniform for both players.
    third = np.full(3, 1 / 3)
    for eqs in (RPS.support_enumeration(), RPS.vertex_enumeration(), RPS.lemke_howson_all()):
        assert len(eqs) == 1
        assert_profile(eqs[0], (third, third))
    assert len(RPS.pure_equilibria()) == 0


def test_von_stengel_nondegenerate() -> None:
    # von Stengel (2007), game (3.3): three equilibria.
    for eqs in (VS.support_enumeration(), VS.vertex_enumeration()):
        assert as_set(eqs) == as_set(VS_EQ)
    # Lemke-Howson endpoints per dropped label (von Stengel 2007, sect. 3.4; the
    # same endpoints are listed in Nashpy's and QuantEcon's test suites).
    ends = {0: VS_EQ[0], 1: VS_EQ[2], 2: VS_EQ[0], 3: VS_EQ[0], 4: VS_EQ[2]}
    for label, exp in ends.items():
        res = VS.lemke_howson(label)
        assert_profile(res.profile, exp)
        assert res.converged and res.regret <= ATOL and res.num_iter >= 1
        assert res.method == "lemke-howson" and res.max_iter == 10_000
    assert as_set(VS.lemke_howson_all()) == as_set([VS_EQ[0], VS_EQ[2]])


def test_degenerate_game_returns_extreme_equilibria() -> None:
    # Avis et al. (2010): the extreme equilibria of the degenerate game.
    vertex = DEG.vertex_enumeration()
    assert as_set(vertex) == as_set(DEG_EQ)
    # Every point of the segment between the first two is an equilibrium too.
    for q in np.linspace(2 / 3, 1, 5):
        assert DEG.is_equilibrium(([1, 0, 0], [q, 1 - q]))
    assert not DEG.is_equilibrium(([1, 0, 0], [0.6, 0.4]))
    # Support enumeration finds these three here (equal supports, unique solutions).
    assert as_set(DEG.support_enumeration()) == as_set(DEG_EQ)
    for label in range(5):
        assert as_set([DEG.lemke_howson(label).profile]) <= as_set(DEG_EQ)


def test_second_degenerate_game() -> None:
    # The degenerate 3 x 2 example of von Stengel (2007), quoted in SageMath's
    # documentation: the column player is indifferent in the third row. By hand:
    # (r3, c1) with every column mixture (q, 1-q), q >= 2/3, and the mixed
    # equilibrium x = (2/3, 1/3, 0), y = (1/3, 2/3).
    game = NormalFormGame(([[0, 6], [2, 5], [3, 3]], [[1, 0], [0, 2], [4, 4]]))
    expected = [
        ([0, 0, 1], [1, 0]),
        ([0, 0, 1], [2 / 3, 1 / 3]),
        ([2 / 3, 1 / 3, 0], [1 / 3, 2 / 3]),
    ]
    assert as_set(game.vertex_enumeration()) == as_set(expected)


def test_lemke_howson_lexicographic_rule_does_not_cycle() -> None:
    # Degenerate games on which ad hoc tie-breaking cycles (QuantEcon's
    # test_lemke_howson.py); the lexicographic rule ends at an extreme equilibrium.
    A = np.array([[0, 0, 0], [0, 1, 1], [1, 1, 0]], dtype=float)
    B = np.array([[1, 0, 1], [1, 1, 0], [0, 0, 2]], dtype=float)
    perm = [2, 0, 1]
    for game in (NormalFormGame((A, B)), NormalFormGame((A[:, perm], B[perm, :]))):
        extreme = as_set(game.vertex_enumeration())
        for label in range(6):
            res = game.lemke_howson(label)
            assert res.converged and res.regret <= ATOL
            assert as_set([res.profile]) <= extreme


def test_constant_game() -> None:
    # Every profile is an equilibrium; the extreme ones are the pure profiles.
    game = NormalFormGame((np.zeros((2, 3)), np.zeros((2, 3))))
    assert len(game.pure_equilibria()) == 6
    assert len(game.vertex_enumeration()) == 6
    assert game.is_equilibrium(([0.3, 0.7], [0.2, 0.2, 0.6]))
    assert game.lemke_howson().converged


def test_one_strategy_player() -> None:
    game = NormalFormGame(([[1.0, 3.0, 2.0]], [[0.0, 5.0, 4.0]]))
    for eqs in (game.support_enumeration(), game.vertex_enumeration(), game.pure_equilibria()):
        assert len(eqs) == 1
        assert_profile(eqs[0], ([1.0], [0, 1, 0]))


# ---------------------------------------------------------------------- three players
def test_three_player_pure_equilibria() -> None:
    # Gambit's local max cut game: exactly (a, b, a) and (b, a, b) are pure equilibria.
    game = local_max_cut()
    eqs = game.pure_equilibria()
    np.testing.assert_array_equal(eqs.pure_indices(), [[0, 1, 0], [1, 0, 1]])
    np.testing.assert_allclose(eqs.payoffs, [[2, 4, 2], [2, 4, 2]])
    assert game.is_equilibrium(([0.5, 0.5],) * 3)
    assert not game.is_equilibrium(([1, 0],) * 3)
    # Regrets at (a, a, a) from the Gambit file's comment: 1, 4, 1.
    assert game.regret(([1, 0],) * 3) == pytest.approx(4.0)


def test_three_player_approximate_equilibrium_known_games() -> None:
    # Local max cut: the result must be one of the three known equilibria.
    game = local_max_cut()
    res = game.approximate_equilibrium()
    known = [([1, 0], [0, 1], [1, 0]), ([0, 1], [1, 0], [0, 1]), ([0.5, 0.5],) * 3]
    assert res.converged and res.regret <= game.regret_tol
    assert as_set([res.profile]) <= as_set(known)
    assert res.method == "logit homotopy"
    # Cyclic game (closed form in cyclic_game's docstring).
    cyc = cyclic_game()
    res = cyc.approximate_equilibrium()
    assert res.converged
    assert_profile(res.profile, ([1 / 3, 2 / 3], [1 / 3, 2 / 3], [3 / 4, 1 / 4]))
    assert len(cyc.pure_equilibria()) == 0
    assert res.num_iter <= res.max_iter


def test_approximate_equilibrium_dominance_solvable() -> None:
    # Three-player prisoner's dilemma style game: defecting (1) strictly
    # dominates for everyone, so (1, 1, 1) is the unique equilibrium.
    # u_i = 2 * (number of others cooperating) + 1 if i defects.
    u = np.zeros((3, 2, 2, 2))
    for s in np.ndindex(2, 2, 2):
        for i in range(3):
            u[(i, *s)] = 2.0 * sum(1 - s[j] for j in range(3) if j != i) + s[i]
    game = NormalFormGame(list(u))
    res = game.approximate_equilibrium()
    assert res.converged
    assert_profile(res.profile, ([0, 1],) * 3)
    dom = game.eliminate_dominated(mixed=False)
    assert [s.tolist() for s in dom.surviving] == [[1], [1], [1]]


@pytest.mark.parametrize(("shape", "seed"), [((2, 2, 2), 0), ((3, 3, 3), 1), ((2, 3, 4), 2)])
def test_approximate_equilibrium_random_three_player(shape: tuple[int, ...], seed: int) -> None:
    u = np.random.default_rng(seed).uniform(-5, 5, (3, *shape))
    game = NormalFormGame(u.transpose(1, 2, 3, 0))
    res = game.approximate_equilibrium()
    assert res.converged
    assert res.regret <= game.regret_tol
    assert game.regret(res.profile) == pytest.approx(res.regret, abs=1e-12)
    np.testing.assert_allclose(res.payoffs, game.expected_payoffs(res.profile))


def test_approximate_equilibrium_stops_at_max_iter() -> None:
    u = np.random.default_rng(1).uniform(-5, 5, (3, 3, 3, 3))
    res = NormalFormGame(list(u)).approximate_equilibrium(max_iter=1)
    assert not res.converged
    assert res.num_iter == 1 and res.max_iter == 1
    assert res.regret > 1e-6


def test_approximate_equilibrium_two_players_is_an_enumerated_one() -> None:
    game = NormalFormGame((np.array(VS_A, float), np.array(VS_B, float)))
    res = game.approximate_equilibrium()
    assert res.converged
    assert as_set([res.profile]) <= as_set(VS_EQ)


# -------------------------------------------------------------------------- dominance
def test_iesds_gibbons() -> None:
    # Gibbons (1992), Fig. 1.1.1: Right goes (dominated by Middle), then Down
    # (by Up), then Left (by Middle); (Up, Middle) survives.
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 2, 1], [3, 1, 0]]
    game = NormalFormGame(
        (A, B), strategies=[("Up", "Down"), ("Left", "Middle", "Right")]
    )
    for mixed in (False, True):
        res = game.eliminate_dominated(mixed=mixed)
        assert res.surviving_labels == (("Up",), ("Middle",))
        assert [r.tolist() for r in res.round_eliminated] == [[0, 2], [3, 0, 1]]
        assert res.n_rounds == 3 and res.mixed is mixed
    frame = res.to_frame()
    assert list(frame.columns) == ["player", "strategy", "survives", "round_eliminated"]
    assert frame.survives.sum() == 2
    reduced = res.reduced_game
    assert reduced.shape == (1, 1) and reduced.strategies == (("Up",), ("Middle",))


def test_iesds_mixed_dominance() -> None:
    # Fudenberg & Tirole (1991), sect. 2.1: D earns 1 against L and R; U earns
    # (3, 0), M earns (0, 3). Neither dominates D, but U/2 + M/2 earns 1.5 > 1.
    game = NormalFormGame(([[3, 0], [0, 3], [1, 1]], [[1, 1], [1, 1], [1, 1]]))
    assert [s.tolist() for s in game.eliminate_dominated(mixed=False).surviving] == [
        [0, 1, 2],
        [0, 1],
    ]
    res = game.eliminate_dominated()
    assert [s.tolist() for s in res.surviving] == [[0, 1], [0, 1]]
    assert res.round_eliminated[0].tolist() == [0, 0, 1]
    # With a mixture that only ties (D earns 1.5), D is not strictly dominated.
    tie = NormalFormGame(([[3, 0], [0, 3], [1.5, 1.5]], np.ones((3, 2))))
    assert tie.eliminate_dominated().surviving[0].tolist() == [0, 1, 2]


def test_iesds_prisoners_dilemma_and_survivors_contain_equilibria() -> None:
    res = PD.eliminate_dominated()
    assert res.surviving_labels == (("s2",), ("s2",))
    # Strictly dominated strategies are never played in equilibrium.
    for eq in VS.vertex_enumeration():
        alive = VS.eliminate_dominated().surviving
        for p, keep in zip(eq, alive, strict=True):
            assert np.all(np.delete(p, keep) <= 1e-12)


@settings(max_examples=25, deadline=None)
@given(integer_games(min_players=2, max_players=3, max_size=3))
def test_iesds_keeps_every_pure_equilibrium(u: Any) -> None:
    game = NormalFormGame(list(u))
    alive = game.eliminate_dominated().surviving
    for idx in game.pure_equilibria().pure_indices():
        assert all(int(k) in a for k, a in zip(idx, alive, strict=True))


# ------------------------------------------------------------------- hypothesis
def _check_all_verified(game: NormalFormGame, eqs: Equilibria) -> None:
    tol = game.regret_tol
    assert np.all(eqs.regrets <= tol)
    for prof in eqs:
        assert game.regret(prof) <= tol
        for p in prof:
            assert np.all(p >= 0) and p.sum() == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(random_bimatrix())
def test_support_and_vertex_enumeration_agree(ab: Any) -> None:
    A, B = ab
    game = NormalFormGame((A, B))
    support = game.support_enumeration()
    vertex = game.vertex_enumeration()
    _check_all_verified(game, support)
    _check_all_verified(game, vertex)
    assert len(support) >= 1
    assert as_set(support) == as_set(vertex)
    # A nondegenerate game has an odd number of equilibria (Shapley 1974).
    assert len(support) % 2 == 1
    # Lemke-Howson ends at one of them, from every label.
    assert as_set(game.lemke_howson_all()) <= as_set(vertex)
    assert as_set([game.lemke_howson(0).profile]) <= as_set(vertex)
    # Canonical order: both list the same profiles in the same order.
    for p, q in zip(support, vertex, strict=True):
        for a, b in zip(p, q, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-7)


@pytest.mark.parametrize(("m", "n", "seed"), [(13, 2, 0), (14, 3, 1), (3, 13, 2), (13, 3, 3)])
def test_tall_games_use_the_exact_vertex_search(m: int, n: int, seed: int) -> None:
    # More than 12 strategies for one player: vertex enumeration takes the
    # lexicographic breadth-first search instead of Qhull; it must agree with
    # support enumeration on these generic games.
    rng = np.random.default_rng(seed)
    game = NormalFormGame((rng.normal(size=(m, n)), rng.normal(size=(m, n))))
    support, vertex = game.support_enumeration(), game.vertex_enumeration()
    assert as_set(support) == as_set(vertex)
    assert len(vertex) % 2 == 1


@pytest.mark.parametrize(
    ("m", "n", "seed", "dominated"),
    [(8, 8, 0, 0), (8, 8, 1, 3), (9, 7, 2, 2), (10, 10, 3, 0), (10, 10, 4, 4)],
)
def test_large_games_take_the_pruned_support_path(
    m: int, n: int, seed: int, dominated: int
) -> None:
    # Above 2,000 support pairs of one size, support enumeration skips pairs in
    # which a support row (column) is strictly dominated on the opposite
    # support, and above 40,000 it solves in chunks (10 x 10: 63,504 pairs of
    # size 5). The answer must not change: it equals vertex enumeration (an
    # independent algorithm) on these generic games, also when some rows and
    # columns are strictly dominated (each by the next, shifted down by 0.5),
    # and no equilibrium plays a dominated strategy.
    rng = np.random.default_rng(seed)
    A, B = rng.random((m, n)), rng.random((m, n))
    for k in range(dominated):
        A[k] = A[k + 1] - 0.5
        B[:, k] = B[:, k + 1] - 0.5
    game = NormalFormGame((A, B))
    support, vertex = game.support_enumeration(), game.vertex_enumeration()
    assert len(support) >= 1 and len(support) % 2 == 1
    assert as_set(support) == as_set(vertex)
    for x, y in support:
        assert not np.any(x[:dominated]) and not np.any(y[:dominated])


@settings(max_examples=40, deadline=None)
@given(integer_games(max_size=4))
def test_degenerate_games_extreme_equilibria(u: Any) -> None:
    # In any game, pure equilibria and support-enumeration equilibria (unique
    # solutions of their indifference equations) are extreme equilibria, and
    # so are Lemke-Howson endpoints (basic solutions): all lie in the
    # vertex-enumeration set.
    game = NormalFormGame(list(u))
    vertex = game.vertex_enumeration()
    _check_all_verified(game, vertex)
    assert len(vertex) >= 1
    extreme = as_set(vertex)
    assert as_set(game.pure_equilibria()) <= extreme
    support = game.support_enumeration()
    _check_all_verified(game, support)
    assert as_set(support) <= extreme
    lh = game.lemke_howson_all()
    _check_all_verified(game, lh)
    assert len(lh) >= 1
    assert as_set(lh) <= extreme


@settings(max_examples=30, deadline=None)
@given(random_bimatrix(max_size=4), st.randoms(use_true_random=False))
def test_reordering_strategies_permutes_equilibria(ab: Any, rnd: Any) -> None:
    A, B = ab
    perm = np.array(rnd.sample(range(A.shape[0]), A.shape[0]))
    game = NormalFormGame((A, B))
    shuffled = NormalFormGame((A[perm], B[perm]))
    for method in ("support_enumeration", "vertex_enumeration"):
        base = getattr(game, method)()
        moved = getattr(shuffled, method)()
        # Row k of the shuffled game is row perm[k] of the original.
        inv = np.argsort(perm)
        assert as_set(base) == as_set((x[inv], y) for x, y in moved)
    # Swapping the players transposes the game and swaps the profiles.
    swapped = NormalFormGame((B.T, A.T))
    assert as_set(swapped.vertex_enumeration()) == as_set(
        (x, y) for y, x in game.vertex_enumeration()
    )


@settings(max_examples=40, deadline=None)
@given(integer_games(min_players=2, max_players=4, max_size=3))
def test_pure_equilibria_match_definition(u: Any) -> None:
    game = NormalFormGame(list(u))
    found = {tuple(int(k) for k in r) for r in game.pure_equilibria().pure_indices()}
    expected = set()
    for s in np.ndindex(*game.shape):
        stable = True
        for i in range(game.n_players):
            line = list(s)
            line[i] = slice(None)  # type: ignore[call-overload]
            if u[(i, *line)].max() > u[(i, *s)]:
                stable = False
        if stable:
            expected.add(s)
    assert found == expected
    _check_all_verified(game, game.pure_equilibria())


@settings(max_examples=25, deadline=None)
@given(random_games(min_players=3, max_players=4, max_size=3), st.data())
def test_reordering_permutes_pure_equilibria(u: Any, data: Any) -> None:
    u = np.round(u)  # ties make pure equilibria frequent
    game = NormalFormGame(list(u))
    player = data.draw(st.integers(0, game.n_players - 1))
    m = game.shape[player]
    perm = np.array(data.draw(st.permutations(range(m))))
    moved = NormalFormGame(list(np.take(u, perm, axis=player + 1)))
    base = game.pure_equilibria().pure_indices()
    after = moved.pure_equilibria().pure_indices().copy()
    after[:, player] = perm[after[:, player]]
    assert {tuple(r) for r in base.tolist()} == {tuple(r) for r in after.tolist()}


# --------------------------------------------------------------------------- results
def test_equilibria_result_api() -> None:
    eqs = BOS.vertex_enumeration()
    assert isinstance(eqs, Equilibria)
    assert eqs.n_equilibria == len(eqs) == 3 == len(eqs.profiles)
    assert eqs.method == "vertex enumeration"
    assert "n_equilibria=3" in repr(eqs)
    frame = eqs.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["equilibrium", "player", "strategy", "probability"]
    assert len(frame) == 3 * (2 + 2)
    sums = frame.groupby(["equilibrium", "player"]).probability.sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    np.testing.assert_allclose(
        frame[frame.equilibrium == 1].probability.to_numpy(), [2 / 3, 1 / 3, 1 / 3, 2 / 3]
    )
    with pytest.raises(ValueError, match="read-only"):
        eqs.probabilities[0][0, 0] = 5.0
    empty = MP.pure_equilibria()
    assert len(empty) == 0 and empty.to_frame().empty
    assert empty.pure_indices().shape == (0, 2)


def test_equilibrium_result_api() -> None:
    res = VS.lemke_howson(1)
    assert isinstance(res, Equilibrium)
    frame = res.to_frame()
    assert list(frame.columns) == ["player", "strategy", "probability"]
    np.testing.assert_allclose(frame.probability, [0, 1 / 3, 2 / 3, 1 / 3, 2 / 3], atol=1e-12)
    np.testing.assert_allclose(res.payoffs, [4.0, 8 / 3])
    assert not res.is_pure and VS.lemke_howson(0).is_pure


def test_expected_and_deviation_payoffs() -> None:
    # Battle of the sexes at the mixed equilibrium: both pure strategies earn 2/3.
    prof = ([2 / 3, 1 / 3], [1 / 3, 2 / 3])
    dev = BOS.deviation_payoffs(prof)
    np.testing.assert_allclose(dev[0], [2 / 3, 2 / 3])
    np.testing.assert_allclose(dev[1], [2 / 3, 2 / 3])
    np.testing.assert_allclose(BOS.expected_payoffs(prof), [2 / 3, 2 / 3])
    assert BOS.regret(([1, 0], [0, 1])) == pytest.approx(1.0)
    assert BOS.is_equilibrium(([1, 0], [0, 1]), tol=1.0)
    assert not BOS.is_equilibrium(([1, 0], [0, 1]), tol=0.5)


@pytest.mark.parametrize(
    "make",
    [
        lambda: BOS,
        lambda: BOS.support_enumeration(),
        lambda: VS.lemke_howson(1),
        lambda: VS.lemke_howson(0),
        lambda: NormalFormGame(([[3, 0], [0, 3], [1, 1]], np.ones((3, 2)))).eliminate_dominated(),
        lambda: local_max_cut().pure_equilibria(),
        lambda: cyclic_game().approximate_equilibrium(),
    ],
)
def test_plots(make: Any) -> None:
    obj = make()
    ax = obj.plot()
    assert ax is not None
    assert len(ax.texts) >= 2 * int(np.prod(ax.get_xlim()[1] * ax.get_ylim()[0]))
    plt.close("all")
    fig, ax2 = plt.subplots()
    assert plot_payoff_table(obj, ax=ax2) is ax2
    plt.close(fig)


def test_plot_marks_pure_equilibria() -> None:
    ax = plot_payoff_table(BOS)
    # 4 cells plus 2 highlighted pure equilibria.
    assert len(ax.patches) == 6
    assert [t.get_text() for t in ax.get_yticklabels()] == ["s1", "s2"]
    assert ax.get_ylabel() == "P1"
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=50)
    buffer.seek(0)
    pixels = plt.imread(buffer)[..., :3]
    assert pixels.std() > 0.02  # not a blank figure
    ax = plot_payoff_table(BOS, mark_pure=False)
    assert len(ax.patches) == 4
    dom = plot_payoff_table(
        NormalFormGame(([[3, 0], [0, 3], [1, 1]], np.ones((3, 2)))).eliminate_dominated()
    )
    assert any("round 1" in t.get_text() for t in dom.get_yticklabels())
    plt.close("all")


def test_plot_errors() -> None:
    with pytest.raises(TypeError, match="plot_payoff_table needs a NormalFormGame"):
        plot_payoff_table("not a game")  # type: ignore[arg-type]
    big = NormalFormGame((np.zeros((30, 30)), np.zeros((30, 30))))
    with pytest.raises(ValueError, match="at most 400 cells"):
        plot_payoff_table(big)
    assert isinstance(PD.eliminate_dominated(), IteratedDominance)


# ------------------------------------------------- compiled and numpy pivoting agree
@settings(max_examples=60)
@given(st.one_of(random_bimatrix(max_size=7), integer_games(max_size=5)))
def test_compiled_lemke_howson_follows_the_numpy_path(ab: Any) -> None:
    # With Numba installed (the ``fast`` extra) Lemke-Howson pivots in compiled
    # code; STANCES_JIT=0 selects the numpy implementation. Both must take the
    # same pivots from every label, on nondegenerate and degenerate games alike.
    pytest.importorskip("numba")
    game = NormalFormGame(tuple(ab))
    labels = range(sum(game.shape))
    runs = {}
    for flag in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STANCES_JIT", flag)
            runs[flag] = (
                [game.lemke_howson(label) for label in labels],
                game.lemke_howson_all(),
            )
    for slow, fast in zip(runs["0"][0], runs["1"][0], strict=True):
        assert slow.num_iter == fast.num_iter
        for p, q in zip(slow.profile, fast.profile, strict=True):
            np.testing.assert_allclose(p, q, atol=1e-9)
        assert fast.regret <= ATOL
    assert as_set(runs["0"][1]) == as_set(runs["1"][1])


@settings(max_examples=60)
@given(st.one_of(random_bimatrix(max_size=6), integer_games(max_size=5)))
def test_compiled_support_enumeration_finds_the_numpy_equilibria(ab: Any) -> None:
    # Small games (up to 2,000 support pairs) are enumerated pair by pair in
    # compiled code when Numba is installed; the batched numpy version is the
    # reference. Same equilibria, in the same canonical order, degenerate or not.
    pytest.importorskip("numba")
    game = NormalFormGame(tuple(ab))
    found = {}
    for flag in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STANCES_JIT", flag)
            found[flag] = game.support_enumeration()
    assert len(found["0"]) == len(found["1"])
    for p, q in zip(found["0"], found["1"], strict=True):
        for a, b in zip(p, q, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-9)


def test_jit_switch() -> None:
    # STANCES_JIT=0 (or false/no/off) switches the compiled kernels off; with
    # Numba installed they are on otherwise.
    numba = pytest.importorskip("numba")
    assert numba is not None
    with pytest.MonkeyPatch.context() as mp:
        for off in ("0", "false", "No", " off "):
            mp.setenv("STANCES_JIT", off)
            assert jit_enabled() is False
        mp.setenv("STANCES_JIT", "1")
        assert jit_enabled() is True
        mp.delenv("STANCES_JIT")
        assert jit_enabled() is True


# ------------------------------------------------- pure equilibria: exact by default
@pytest.mark.parametrize("temptation", [1e-8, 1e-12, 2.0**-52])
def test_pure_equilibria_are_exact_by_default(temptation: float) -> None:
    # Issue 14: a tolerance of about 3e-8 of the payoff range made (0, 0) an
    # equilibrium of a prisoner's dilemma whose temptation is 1e-8, though
    # cooperating is strictly dominated. A pure profile's regret is a difference
    # of given payoffs, exact in floating point, so the default compares exactly.
    row = np.array([[1.0, 0.0], [1.0 + temptation, temptation]])
    game = NormalFormGame((row, row.T))
    eq = game.pure_equilibria()
    assert eq.pure_indices().tolist() == [[1, 1]]
    assert game.is_equilibrium(([0.0, 1.0], [0.0, 1.0]))
    if 0 < temptation <= game.regret_tol:
        assert "(0, 0) regret" in eq.note and "pass tol=" in eq.note


def test_pure_equilibria_exact_ties_stay_equilibria_and_tol_accepts_near_ties() -> None:
    # Exact ties (a coordination game with equal payoffs) are equilibria without a
    # tolerance; near-ties are accepted only when asked, and then noted nowhere.
    tie = np.array([[1.0, 1.0], [1.0, 1.0]])
    assert len(NormalFormGame((tie, tie)).pure_equilibria()) == 4
    assert NormalFormGame((tie, tie)).pure_equilibria().note == ""
    near = np.array([[1.0, 0.0], [1.0 + 1e-9, 0.0]])
    game = NormalFormGame((near, near.T))
    assert [0, 0] not in game.pure_equilibria().pure_indices().tolist()
    accepted = game.pure_equilibria(tol=1e-6)
    assert [0, 0] in accepted.pure_indices().tolist() and accepted.note == ""


def test_pure_equilibria_note_lists_at_most_three_profiles() -> None:
    # Row 0 pays 1e-9 more than the other rows in columns 0-2 (and 10 in column
    # 3, which sets the payoff range): nine profiles miss by 1e-9, within
    # regret_tol (1e-7 here); the column player is indifferent everywhere.
    A = np.zeros((4, 4))
    A[0, :3], A[0, 3] = 1e-9, 10.0
    game = NormalFormGame((A, np.zeros((4, 4))))
    eq = game.pure_equilibria()
    assert eq.pure_indices().tolist() == [[0, 0], [0, 1], [0, 2], [0, 3]]
    assert eq.note.startswith("9 pure profiles miss by at most 1e-09")
    assert eq.note.count("regret 1e-09") == 3 and "and 6 more" in eq.note
