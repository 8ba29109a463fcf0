"""Tests of models.bargaining: frontier, ZOPA, solutions, batches, Rubinstein, forecasts."""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import bargaining_problems, utility_arrays

from models.bargaining import (
    SOLUTIONS,
    ContinuousSolution,
    RubinsteinResult,
    Solution,
    pareto_frontier,
    rubinstein,
    solve,
    solve_batch,
    solve_continuous,
    zopa,
)
from models.plotting import plot_rubinstein, plot_solution
from models.spatial import condorcet_winner, weighted_mean, weighted_median

SETTINGS = settings(max_examples=60, deadline=None)


# ----------------------------------------------------------------------------- references
def brute_frontier(U: np.ndarray, block: int = 256) -> np.ndarray:
    """O(n^2) reference: an outcome is dropped iff another is >= everywhere and > somewhere."""
    U = np.asarray(U, dtype=float)
    cols = [np.ascontiguousarray(U[:, j]) for j in range(U.shape[1])]
    dominated = np.zeros(U.shape[0], dtype=bool)
    for start in range(0, U.shape[0], block):
        ge = np.ones((min(block, U.shape[0] - start), U.shape[0]), dtype=bool)
        gt = np.zeros_like(ge)
        for c in cols:
            b = c[start : start + block, None]
            ge &= c[None, :] >= b
            gt |= c[None, :] > b
        dominated[start : start + block] = (ge & gt).any(axis=1)
    return np.flatnonzero(~dominated)


def solve_kind(kind: str, U: np.ndarray, d: np.ndarray, w: Any = None) -> Solution:
    # d and w go to every solution; those that do not use them ignore them
    return solve(U, d, solution=kind, weights=w)


KINDS = list(SOLUTIONS)
WITH_D = [name for name, spec in SOLUTIONS.items() if spec.uses_disagreement]


def tied_vectors(U: np.ndarray, sol: Solution) -> set[tuple[float, ...]]:
    return {tuple(U[t]) for t in sol.ties}


# ----------------------------------------------------------------------------- Pareto frontier
@SETTINGS
@given(utility_arrays(max_outcomes=60, max_actors=6))
def test_frontier_equals_brute_force_with_ties_and_duplicates(U: np.ndarray) -> None:
    front = pareto_frontier(U)
    assert front.dtype == np.intp
    np.testing.assert_array_equal(front, brute_frontier(U))


@pytest.mark.parametrize("n_actors", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("data", ["integers", "opposed", "opposed_rounded", "uniform"])
def test_frontier_large_sets_equal_brute_force(n_actors: int, data: str) -> None:
    # Large enough (4500 > 4096 outcomes) to run the elimination rounds, the exact 2-D bin
    # prefilter and several levels of the divide and conquer.
    rng = np.random.default_rng(n_actors * 10 + len(data))
    n = 4500
    if data == "integers":
        U = rng.integers(0, 12, size=(n, n_actors)).astype(float)
    elif data == "uniform":
        U = rng.random((n, n_actors))
    else:
        U = rng.dirichlet(np.ones(n_actors), size=n) + rng.normal(0, 0.01, size=(n, n_actors))
        if data == "opposed_rounded":
            U = np.round(U * 60)  # large frontiers with many exact ties and duplicates
    np.testing.assert_array_equal(pareto_frontier(U), brute_frontier(U))


def test_frontier_small_examples() -> None:
    # (1, 1) appears twice and both copies are kept; (0, 1) is dominated by them.
    assert pareto_frontier([[1, 1], [1, 1], [0, 1]]).tolist() == [0, 1]
    # Equal in one utility and better in the other dominates.
    assert pareto_frontier([[2, 1], [2, 3], [1, 5]]).tolist() == [1, 2]
    assert pareto_frontier([[5], [7], [7], [1]]).tolist() == [1, 2]
    assert pareto_frontier([[0.0, 0.0]]).tolist() == [0]
    # -0.0 and 0.0 are the same utility.
    assert pareto_frontier([[-0.0, 1.0], [0.0, 1.0]]).tolist() == [0, 1]


@SETTINGS
@given(utility_arrays(max_outcomes=40, min_actors=2), st.randoms(use_true_random=False))
def test_frontier_invariant_to_reordering(U: np.ndarray, rnd: Any) -> None:
    rows = list(range(U.shape[0]))
    cols = list(range(U.shape[1]))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    front = set(pareto_frontier(U).tolist())
    permuted = pareto_frontier(U[rows][:, cols])
    assert {rows[i] for i in permuted.tolist()} == front


@pytest.mark.parametrize(
    ("U", "match"),
    [
        ([1.0, 2.0], "'U' parameter of pareto_frontier must be an array of shape"),
        (np.ones((2, 2, 2)), "'U' parameter of pareto_frontier"),
        ([[1.0, np.nan]], "finite array.*NaN"),
        ([[1.0, np.inf]], "finite array.*infinite"),
        (np.empty((0, 2)), "non-empty array"),
        (np.empty((3, 0)), "non-empty array"),
    ],
)
def test_frontier_bad_input(U: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        pareto_frontier(U)


# ----------------------------------------------------------------------------- ZOPA
def test_zopa_examples_and_empty() -> None:
    U = np.array([[1, 5], [3, 3], [5, 1], [2, 2]], dtype=float)
    assert zopa(U, [2, 2]).tolist() == [1, 3]  # weak preference counts: (2, 2) is in
    empty = zopa(U, [4, 4])
    assert empty.size == 0 and empty.dtype == np.intp


@pytest.mark.parametrize(
    ("d", "match"),
    [
        ([1.0], r"'d' parameter of zopa must be an array of shape \(n_actors,\) = \(2,\)"),
        ([1.0, np.nan], "'d' parameter of zopa must be a finite"),
        ([[1.0, 1.0]], "'d' parameter of zopa"),
    ],
)
def test_zopa_bad_d(d: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        zopa([[1, 2], [2, 1]], d)


# ----------------------------------------------------------------------------- Nash
def _nash_1950_exchanges() -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Every barter of Nash's (1950, p. 160) example: utilities of each good to Bill and Jack."""
    bill = {"book": (2, 4), "whip": (2, 2), "ball": (2, 1), "bat": (2, 2), "box": (4, 1)}
    jack = {"pen": (10, 1), "toy": (4, 1), "knife": (6, 2), "hat": (2, 2)}
    goods = [(name, u, True) for name, u in bill.items()]
    goods += [(name, u, False) for name, u in jack.items()]
    rows, traded = [], []
    for mask in itertools.product([False, True], repeat=len(goods)):
        gain_bill = gain_jack = 0
        for moved, (_, (ub, uj), from_bill) in zip(mask, goods, strict=True):
            if moved:
                gain_bill += -ub if from_bill else ub
                gain_jack += uj if from_bill else -uj
        rows.append((gain_bill, gain_jack))
        traded.append(tuple(g[0] for g, m in zip(goods, mask, strict=True) if m))
    return np.asarray(rows, dtype=float), traded


def test_nash_1950_bill_and_jack() -> None:
    # Nash (1950), "The bargaining problem", Econometrica 18(2): Bill gives Jack the book,
    # whip, ball and bat; Jack gives Bill the pen, toy and knife; gains (12, 5), product 60.
    U, traded = _nash_1950_exchanges()
    sol = solve(U, [0, 0])
    assert sol.utilities.tolist() == [12.0, 5.0]
    assert set(traded[sol.index]) == {"book", "whip", "ball", "bat", "pen", "toy", "knife"}
    assert sol.ties.tolist() == [sol.index]
    assert sol.name == "nash"


def test_nash_dollar_split_risk_neutral() -> None:
    # Osborne & Rubinstein (1990), Bargaining and Markets, ch. 2: splitting a dollar between
    # risk-neutral players with d = (0, 0), the Nash solution is the equal split.
    x = np.linspace(0, 1, 101)
    sol = solve(np.column_stack([x, 1 - x]), [0, 0])
    assert sol.utilities.tolist() == [0.5, 0.5]


def test_nash_dollar_split_risk_averse() -> None:
    # Osborne & Rubinstein (1990, ch. 2): with u1 = x and u2 = (1 - x)^a, maximising
    # x (1 - x)^a gives player 1 the share 1/(1 + a): the more risk-averse player 2 gets less.
    x = np.linspace(0, 1, 101)
    sol = solve(np.column_stack([x, (1 - x) ** (1 / 3)]), [0, 0])
    assert x[sol.index] == pytest.approx(0.75)


@pytest.mark.parametrize(("w1", "w2"), [(3, 1), (1, 3), (2, 3), (0.5, 0.5)])
def test_nash_asymmetric_split(w1: float, w2: float) -> None:
    # Generalised Nash solution (Kalai 1977; Binmore, Rubinstein & Wolinsky 1986): maximising
    # x^w1 (1 - x)^w2 gives player 1 the share w1 / (w1 + w2).
    x = np.arange(101.0)
    sol = solve(np.column_stack([x, 100 - x]), [0, 0], weights=[w1, w2])
    assert sol.utilities[0] == pytest.approx(100 * w1 / (w1 + w2))


def test_nash_and_ks_differ_on_kalai_smorodinsky_example() -> None:
    # Kalai & Smorodinsky (1975), Econometrica 43(3): S1 = conv{(0,0),(0,1),(3/4,3/4),(1,0)}
    # and S2 = conv{(0,0),(0,1),(1,.7),(1,0)} (here scaled by 130 and discretised so the
    # points of interest are exact). S2 offers player 2 more, yet Nash gives him less in S2
    # ((1, .7) instead of (3/4, 3/4)); the KS solution moves from (3/4, 3/4) to (10/13, 10/13).
    S1 = np.array([[0, 130], [97.5, 97.5], [130, 0], [0, 0]])
    S2 = np.vstack([S1, [[10 * k, 130 - 3 * k] for k in range(14)]])
    assert solve(S1, [0, 0]).utilities.tolist() == [97.5, 97.5]
    assert solve(S2, [0, 0]).utilities.tolist() == [130.0, 91.0]
    ks = "kalai_smorodinsky"
    assert solve(S1, [0, 0], solution=ks).utilities.tolist() == [97.5, 97.5]
    assert solve(S2, [0, 0], solution=ks).utilities.tolist() == [100.0, 100.0]


def test_nash_only_weak_improvements() -> None:
    # No outcome gives both a strict gain: the zone of possible agreement is ranked by the
    # number of gaining actors, then by the log-product of their gains (documented rule).
    U = np.array([[1.0, 0.0], [2.0, 0.0], [0.0, 0.0], [3.0, -1.0]])
    sol = solve(U, [0, 0])
    assert sol.index == 1 and sol.ties.tolist() == [1]
    # Everyone at d: all of the zone is tied, the lowest index wins.
    sol = solve([[0.0, 0.0], [0.0, 0.0]], [0, 0])
    assert sol.index == 0 and sol.ties.tolist() == [0, 1]


def test_nash_zero_weight_stays_pareto_optimal() -> None:
    # Actor 2 has no bargaining power, but among outcomes equal for actor 1 the solution
    # still picks the one better for actor 2 (utilitarian tie-break).
    U = np.array([[5.0, 1.0], [5.0, 3.0], [4.0, 9.0]])
    sol = solve(U, [0, 0], weights=[1, 0])
    assert sol.index == 1 and sol.ties.tolist() == [0, 1]


@SETTINGS
@given(bargaining_problems(min_actors=2))
def test_nash_is_pareto_optimal(problem: tuple[np.ndarray, np.ndarray]) -> None:
    U, d = problem
    sol = solve(U, d)
    assert sol.index in set(pareto_frontier(U).tolist())
    assert set(sol.ties.tolist()) >= {sol.index}


@SETTINGS
@given(bargaining_problems(min_actors=2, max_actors=2), st.integers(-3, 3))
def test_nash_symmetric_problem_has_symmetric_solutions(
    problem: tuple[np.ndarray, np.ndarray], c: int
) -> None:
    # Nash (1950), symmetry axiom: on a symmetric problem the solution set is symmetric.
    U, _ = problem
    S = np.vstack([U, U[:, ::-1]])
    d = np.array([c, c], dtype=float)
    assume(zopa(S, d).size > 0)
    sol = solve(S, d)
    tied = tied_vectors(S, sol)
    assert tuple(sol.utilities[::-1]) in tied
    if len(tied) == 1:
        assert sol.utilities[0] == sol.utilities[1]


@SETTINGS
@given(
    bargaining_problems(min_actors=1),
    st.lists(st.sampled_from([0.25, 0.5, 2.0, 4.0]), min_size=4, max_size=4),
    st.lists(st.integers(-5, 5), min_size=4, max_size=4),
)
def test_nash_invariant_to_affine_rescaling(
    problem: tuple[np.ndarray, np.ndarray], scale: list[float], shift: list[int]
) -> None:
    # Nash (1950), invariance axiom: u_i -> a_i u_i + b_i (a_i > 0), with d rescaled alike.
    U, d = problem
    k = U.shape[1]
    a, b = np.array(scale[:k]), np.array(shift[:k], dtype=float)
    sol = solve(U, d)
    gains = U - d
    strict = (gains > 0).all(axis=1)
    assume(strict.any())
    value = np.where(strict, np.log(np.where(gains > 0, gains, 1)).sum(axis=1), -np.inf)
    assume(np.sort(value)[-2:][0] < value.max() - 1e-9 if U.shape[0] > 1 else True)
    rescaled = solve(U * a + b, d * a + b)
    assert rescaled.index == sol.index


@SETTINGS
@given(bargaining_problems(min_actors=2), st.data())
def test_nash_independent_of_irrelevant_alternatives(
    problem: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    # Nash (1950), IIA: removing outcomes other than the solution does not change it.
    U, d = problem
    sol = solve(U, d)
    keep = data.draw(st.lists(st.booleans(), min_size=U.shape[0], max_size=U.shape[0]))
    keep[sol.index] = True
    sub = U[np.asarray(keep)]
    assert solve(sub, d).utilities.tolist() == sol.utilities.tolist()


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(problem=bargaining_problems(min_actors=1), rnd=st.randoms(use_true_random=False))
def test_solutions_invariant_to_reordering_outcomes(
    kind: str, problem: tuple[np.ndarray, np.ndarray], rnd: Any
) -> None:
    U, d = problem
    rows = list(range(U.shape[0]))
    rnd.shuffle(rows)
    sol = solve_kind(kind, U, d)
    moved = solve_kind(kind, U[rows], d)
    assert moved.utilities.tolist() == sol.utilities.tolist()
    assert sorted(rows[t] for t in moved.ties) == sol.ties.tolist()


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(problem=bargaining_problems(min_actors=2), rnd=st.randoms(use_true_random=False))
def test_solutions_permute_with_actors(
    kind: str, problem: tuple[np.ndarray, np.ndarray], rnd: Any
) -> None:
    U, d = problem
    cols = list(range(U.shape[1]))
    rnd.shuffle(cols)
    w = np.arange(1.0, U.shape[1] + 1)
    sol = solve_kind(kind, U, d, w)
    moved = solve_kind(kind, U[:, cols], d[cols], w[cols])
    assert moved.ties.tolist() == sol.ties.tolist()
    if len(tied_vectors(U, sol)) == 1:
        assert moved.utilities.tolist() == sol.utilities[cols].tolist()
    else:  # tied outcomes that differ only by who gets what: any of them is consistent
        assert tuple(moved.utilities) in {tuple(np.asarray(t)[cols]) for t in tied_vectors(U, sol)}


@pytest.mark.parametrize("kind", WITH_D)
def test_disagreement_above_every_outcome(kind: str) -> None:
    name = rf"solve\(solution='{kind}'\)"
    with pytest.raises(ValueError, match=f"'d' parameter of {name} must be a disagreement point"):
        solve_kind(kind, np.array([[1.0, 5.0], [5.0, 1.0]]), np.array([4.0, 4.0]))


NASH_WEIGHTS = r"'weights' parameter of solve\(solution='nash'\)"


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([1.0, -1.0], NASH_WEIGHTS + " must be a non-negative.*-1"),
        ([1.0, 1.0, 1.0], NASH_WEIGHTS + r" must be an array of shape "
                          r"\(n_actors,\) = \(2,\). Got an array of shape \(3,\)"),
        ([0.0, 0.0], NASH_WEIGHTS + " must be non-negative bargaining"),
        ([1.0, np.nan], NASH_WEIGHTS + " must be a finite"),
        ([[1.0, 1.0]], NASH_WEIGHTS),
    ],
)
def test_nash_bad_weights(weights: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        solve([[1, 2], [2, 1]], [0, 0], weights=weights)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("U", "match"),
    [
        ([1.0, 2.0], "'U' parameter of .* must be an array of shape"),
        ([[1.0, np.nan]], "'U' parameter of .* finite.*NaN"),
        ([[1.0, -np.inf]], "'U' parameter of .* finite.*infinite"),
        (np.empty((0, 2)), "'U' parameter of .* non-empty"),
    ],
)
def test_solutions_bad_utilities(kind: str, U: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        solve_kind(kind, U, np.zeros(2))


@pytest.mark.parametrize("kind", WITH_D)
def test_solutions_bad_disagreement_shape(kind: str) -> None:
    with pytest.raises(ValueError, match=r"'d' parameter of .* shape \(n_actors,\) = \(2,\)"):
        solve_kind(kind, np.ones((3, 2)), np.zeros(3))


@pytest.mark.parametrize("kind", KINDS)
def test_degenerate_problems(kind: str) -> None:
    # One actor: every solution maximises its utility.
    sol = solve_kind(kind, np.array([[1.0], [3.0], [2.0], [3.0]]), np.array([0.0]))
    assert sol.index == 1 and sol.ties.tolist() == [1, 3]
    # One outcome.
    sol = solve_kind(kind, np.array([[2.0, 3.0]]), np.array([1.0, 1.0]))
    assert sol.index == 0 and sol.ties.tolist() == [0]
    # All outcomes tied: the lowest index, with every outcome in the ties.
    sol = solve_kind(kind, np.full((4, 3), 2.0), np.ones(3))
    assert sol.index == 0 and sol.ties.tolist() == [0, 1, 2, 3]


# ----------------------------------------------------------------------------- KS, egalitarian
def test_kalai_smorodinsky_closed_form_on_grid() -> None:
    # u1 = x, u2 = sqrt(1 - x), d = 0: ideal (1, 1), so KS solves x = sqrt(1 - x),
    # x = (sqrt 5 - 1)/2 (Kalai & Smorodinsky 1975: the point of the frontier on the ray d->a).
    x = np.linspace(0, 1, 10001)
    sol = solve(np.column_stack([x, np.sqrt(1 - x)]), [0, 0], solution="kalai_smorodinsky")
    assert x[sol.index] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-4)


def test_kalai_smorodinsky_actor_without_possible_gain() -> None:
    # Actor 2 gets exactly d in the whole ZOPA: it never constrains actor 1.
    U = np.array([[1.0, 0.0], [4.0, 0.0], [9.0, -1.0]])
    assert solve(U, [0, 0], solution="kalai_smorodinsky").index == 1


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(1, 50), st.integers(1, 50)), min_size=1, max_size=25, unique=True
    ),
    st.integers(51, 200),
)
def test_kalai_smorodinsky_monotonicity(points: list[tuple[int, int]], top: int) -> None:
    # Kalai & Smorodinsky (1975), individual monotonicity: enlarging the set so that player 2
    # can hope for more (higher ideal) while player 1's ideal is unchanged does not hurt
    # player 2. Suitable discrete sets: the added outcome gives player 1 no gain.
    S = np.asarray(points, dtype=float)
    T = np.vstack([S, [0.0, float(top)]])
    small = solve(S, [0, 0], solution="kalai_smorodinsky")
    large = solve(T, [0, 0], solution="kalai_smorodinsky")
    assume(len(small.ties) == 1 and len(large.ties) == 1)
    assert large.utilities[1] >= small.utilities[1]


def test_egalitarian_leximin_tie_break() -> None:
    # Kalai (1977b) egalitarian solution with the leximin refinement.
    U = np.array([[1.0, 1.0, 5.0], [1.0, 2.0, 2.0], [1.0, 2.0, 3.0], [0.0, 9.0, 9.0]])
    sol = solve(U, [0, 0, 0], solution="egalitarian")
    assert sol.index == 2 and sol.ties.tolist() == [0, 1, 2]


def test_egalitarian_equal_gains() -> None:
    # Kalai (1977b): with u1 = 2x and u2 = 1 - x, equal gains at x = 1/3.
    x = np.arange(0, 301) / 300
    sol = solve(np.column_stack([2 * x, 1 - x]), [0, 0], solution="egalitarian")
    assert x[sol.index] == pytest.approx(1 / 3)


def test_utilitarian_ties_go_to_leximin() -> None:
    U = np.array([[1.0, 5.0], [3.0, 3.0], [5.0, 1.0], [2.0, 3.0]])
    sol = solve(U, solution="utilitarian")
    assert sol.index == 1 and sol.ties.tolist() == [0, 1, 2]
    assert sol.disagreement is None


# ----------------------------------------------------------------------------- batches
def _random_batch(seed: int, n_samples: int = 9) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    U = rng.integers(0, 5, size=(n_samples, 25, 3)).astype(float)
    d = rng.integers(0, 4, size=(n_samples, 3)).astype(float)
    d[0] = 9.0  # a draw without a ZOPA
    return U, d


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batch_equals_single_for_any_chunk_size(kind: str, seed: int) -> None:
    U, d = _random_batch(seed)
    w = np.array([1.0, 2.0, 0.5])
    expected = []
    for s in range(U.shape[0]):
        try:
            expected.append(solve_kind(kind, U[s], d[s], w).index)
        except ValueError:
            expected.append(-1)
    for chunk in (None, 1, 2, 4, 100):
        got = solve_batch(U, d, solution=kind, weights=w, chunk_size=chunk)
        assert got.dtype == np.intp
        assert got.tolist() == expected


def test_nash_batch_per_sample_weights() -> None:
    U, d = _random_batch(3, n_samples=6)
    W = np.random.default_rng(3).uniform(0.1, 2.0, size=(6, 3))
    got = solve_batch(U, d, weights=W, chunk_size=2)
    for s in range(1, 6):
        assert got[s] == solve(U[s], d[s], weights=W[s]).index


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"chunk_size": 0},
         r"'chunk_size' parameter of solve_batch\(solution='nash'\) must be an int >= 1"),
        ({"chunk_size": 1.5}, "'chunk_size' parameter"),
        ({"weights": np.ones((3, 3))}, r"'weights' parameter of solve_batch\(solution='nash'\)"),
        ({"weights": [1.0, -1.0, 1.0]}, r"'weights' parameter of solve_batch\(solution='nash'\)"),
    ],
)
def test_batch_bad_options(kwargs: dict[str, Any], match: str) -> None:
    U, d = _random_batch(0, n_samples=2)
    with pytest.raises(ValueError, match=match):
        solve_batch(U, d, **kwargs)


def test_batch_bad_shapes() -> None:
    with pytest.raises(
        ValueError, match=r"'U' parameter of solve_batch\(solution='egalitarian'\) .* \(n_samples"
    ):
        solve_batch(np.ones((3, 2)), np.zeros((3, 2)), solution="egalitarian")
    with pytest.raises(
        ValueError, match=r"'d' parameter of solve_batch\(solution='kalai_smorodinsky'\)"
    ):
        solve_batch(np.ones((3, 4, 2)), np.zeros((2, 2)), solution="kalai_smorodinsky")
    with pytest.raises(
        ValueError, match=r"'U' parameter of solve_batch\(solution='utilitarian'\) .* NaN"
    ):
        solve_batch(np.full((1, 2, 2), np.nan), solution="utilitarian")


# ----------------------------------------------------------------------------- continuous
def _pie(x: np.ndarray) -> np.ndarray:
    return np.column_stack([x[:, 0], np.sqrt(1 - x[:, 0])])


def test_nash_continuous_closed_form() -> None:
    # Osborne & Rubinstein (1990, ch. 2): u1 = x, u2 = sqrt(1 - x) -> x = 1/(1 + 1/2) = 2/3.
    sol = solve_continuous(_pie, [[0, 1]], [0, 0], rng=1)
    assert isinstance(sol, ContinuousSolution)
    assert sol.x[0] == pytest.approx(2 / 3, abs=1e-5)
    assert sol.converged and 1 <= sol.num_iter <= sol.max_iter == 200 and sol.tol == 1e-8
    weighted = solve_continuous(
        lambda x: np.column_stack([x[:, 0], 1 - x[:, 0]]), [[0, 1]], [0, 0], weights=[2, 1],
        rng=1,
    )
    assert weighted.x[0] == pytest.approx(2 / 3, abs=1e-5)  # share w1/(w1 + w2)


def test_other_continuous_closed_forms() -> None:
    ks = solve_continuous(_pie, [[0, 1]], [0, 0], solution="kalai_smorodinsky", rng=2)
    assert ks.x[0] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-5)
    egal = solve_continuous(
        lambda x: np.column_stack([2 * x[:, 0], 1 - x[:, 0]]), [[0, 1]], [0, 0],
        solution="egalitarian", rng=2,
    )
    assert egal.x[0] == pytest.approx(1 / 3, abs=1e-5)
    util = solve_continuous(_pie, [[0, 1]], solution="utilitarian", rng=2)
    assert util.x[0] == pytest.approx(3 / 4, abs=1e-5)
    assert util.disagreement is None and ks.converged and egal.converged and util.converged


@pytest.mark.parametrize("kind", KINDS)
def test_continuous_matches_discrete_on_fine_grid(kind: str) -> None:
    def u(x: np.ndarray) -> np.ndarray:
        return np.column_stack([1 - (x[:, 0] - 0.1) ** 2, np.sqrt(1.2 - x[:, 0]), x[:, 0] ** 0.5])

    d = np.array([0.2, 0.3, 0.1])
    grid = np.linspace(0, 1, 20001)[:, None]
    discrete = solve_kind(kind, u(grid), d)
    cont = solve_continuous(u, [[0, 1]], d, solution=kind, rng=0)
    assert cont.converged
    assert cont.x[0] == pytest.approx(grid[discrete.index, 0], abs=2e-4)


@pytest.mark.parametrize("kind", KINDS)
def test_continuous_symmetric_two_dimensional_problem(kind: str) -> None:
    # Two actors with ideal points (0, 0) and (1, 1) and quadratic loss: every symmetric
    # solution (Nash 1950 symmetry axiom; also KS, egalitarian, utilitarian) is the midpoint.
    def u(x: np.ndarray) -> np.ndarray:
        return np.column_stack([2 - (x**2).sum(axis=1), 2 - ((x - 1) ** 2).sum(axis=1)])

    box = [[0, 1], [0, 1]]
    sol = solve_continuous(u, box, [0, 0], solution=kind, rng=3)
    np.testing.assert_allclose(sol.x, [0.5, 0.5], atol=1e-4)
    assert sol.to_frame().shape == (2, 5)


def test_continuous_is_reproducible() -> None:
    a = solve_continuous(_pie, [[0, 1]], [0.1, 0.1], rng=7, n_starts=2)
    b = solve_continuous(_pie, [[0, 1]], [0.1, 0.1], rng=7, n_starts=2)
    np.testing.assert_array_equal(a.x, b.x)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"bounds": [0, 1]}, ValueError, r"'bounds' parameter of .* shape \(n_dims, 2\)"),
        ({"bounds": [[1, 0]]}, ValueError, "'bounds' parameter of .* low <= high"),
        ({"d": [0.0, 0.0, 0.0]}, ValueError, r"'d' parameter of .* \(n_actors,\) = \(2,\)"),
        ({"d": [2.0, 2.0]}, ValueError, "'d' parameter of .* disagreement point"),
        ({"tol": 0.0}, ValueError, r"'tol' parameter of solve_continuous\(solution='nash'\)"),
        ({"max_iter": 0}, ValueError, "'max_iter' parameter"),
        ({"n_starts": 0}, ValueError, "'n_starts' parameter"),
        ({"weights": [-1.0, 1.0]}, ValueError, "'weights' parameter"),
        ({"utility": 3}, TypeError, "'utility' parameter of .* must be a callable"),
        ({"utility": lambda x: x[:, 0]}, ValueError, "'utility' parameter of .* shape"),
        ({"utility": lambda x: np.full((len(x), 2), np.nan)}, ValueError, "non-finite"),
    ],
)
def test_continuous_bad_input(kwargs: dict[str, Any], error: type, match: str) -> None:
    args: dict[str, Any] = {"utility": _pie, "bounds": [[0, 1]], "d": [0.0, 0.0]}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        solve_continuous(**args, n_samples=64)


# ----------------------------------------------------------------------------- Rubinstein
@pytest.mark.parametrize(("d1", "d2"), [(0.9, 0.9), (0.9, 0.5), (0.3, 0.8), (0.0, 0.0), (0.5, 0)])
def test_rubinstein_closed_form(d1: float, d2: float) -> None:
    # Rubinstein (1982), Econometrica 50(1): first mover gets (1 - d2)/(1 - d1 d2).
    res = rubinstein(d1, d2)
    assert isinstance(res, RubinsteinResult)
    assert res.first_mover_share == pytest.approx((1 - d2) / (1 - d1 * d2))
    assert res.first_mover_share + res.second_mover_share == pytest.approx(1.0)
    assert res.immediate and res.binding == (False, False)
    assert rubinstein(d1, d2, pie=10).first_mover_share == pytest.approx(
        10 * res.first_mover_share
    )


def test_rubinstein_limit_is_the_nash_split() -> None:
    # Binmore, Rubinstein & Wolinsky (1986): as the time between offers shrinks the split
    # tends to the (generalised) Nash solution: 1/2 with equal patience, r2/(r1 + r2) with
    # discount rates r1, r2 (delta_i = exp(-r_i * dt)).
    assert rubinstein(1 - 1e-7, 1 - 1e-7).first_mover_share == pytest.approx(0.5, abs=1e-6)
    r1, r2, dt = 0.1, 0.3, 1e-6
    res = rubinstein(math.exp(-r1 * dt), math.exp(-r2 * dt))
    assert res.first_mover_share == pytest.approx(r2 / (r1 + r2), abs=1e-5)


@pytest.mark.parametrize("delta", [0.5, 0.9, 1.0])
def test_rubinstein_finite_horizon_alternation(delta: float) -> None:
    # Osborne & Rubinstein (1990, ch. 3), finite horizon by backward induction: with T rounds
    # the first mover gets 1, 1 - d, 1 - d + d^2, ... = (1 - (-d)^T)/(1 + d).
    for T in range(1, 9):
        res = rubinstein(delta, delta, horizon=T)
        assert res.first_mover_share == pytest.approx((1 - (-delta) ** T) / (1 + delta))
    # Unequal patience, three rounds: 1 - d2 (1 - d1).
    assert rubinstein(0.6, 0.8, horizon=3).first_mover_share == pytest.approx(1 - 0.8 * 0.4)


def test_rubinstein_finite_horizon_converges_to_infinite() -> None:
    inf = rubinstein(0.8, 0.7, outside_options=(0.1, 0.35)).first_mover_share
    assert rubinstein(0.8, 0.7, horizon=201, outside_options=(0.1, 0.35)).first_mover_share == (
        pytest.approx(inf, abs=1e-12)
    )


def test_outside_option_that_does_not_bind() -> None:
    # Osborne & Rubinstein (1990, Section 3.12): an outside option b < d/(1 + d) of the
    # responder does not change the Rubinstein split.
    delta = 0.9
    res = rubinstein(delta, delta, outside_options=(0.0, 0.4))
    assert 0.4 < delta / (1 + delta)
    assert res.first_mover_share == pytest.approx(1 / (1 + delta))
    assert res.binding == (False, False)


def test_outside_option_that_binds() -> None:
    # Osborne & Rubinstein (1990, Section 3.12): if b > d/(1 + d), player 2 gets exactly b
    # and player 1 the rest ("outside options matter only when they bind", BRW 1986).
    delta = 0.9
    res = rubinstein(delta, delta, outside_options=(0.0, 0.6))
    assert res.first_mover_share == pytest.approx(0.4)
    assert res.second_mover_share == pytest.approx(0.6)
    assert res.binding == (False, True) and res.immediate
    # Both bind: each responder gets its option.
    both = rubinstein(0.5, 0.5, outside_options=(0.45, 0.5))
    assert both.first_mover_share == pytest.approx(0.5) and both.binding == (True, True)
    # Options exceeding the pie: the first responder opts out at once.
    out = rubinstein(0.9, 0.9, outside_options=(0.6, 0.6))
    assert not out.immediate and (out.first_mover_share, out.second_mover_share) == (0.6, 0.6)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((1.0, 0.5), {}, "'delta1' parameter of rubinstein must be a finite real number >= 0 "
                         "and < 1"),
        ((0.5, -0.1), {}, "'delta2' parameter of rubinstein"),
        ((0.5, 1.5), {"horizon": 3}, "'delta2' parameter of rubinstein .* <= 1"),
        ((0.5, 0.5), {"horizon": 0}, "'horizon' parameter of rubinstein must be an int >= 1"),
        ((0.5, 0.5), {"outside_options": (-0.1, 0)}, "'outside_options' parameter"),
        ((0.5, 0.5), {"outside_options": (0, 2)}, "'outside_options' parameter .* at most pie"),
        ((0.5, 0.5), {"outside_options": (0, 0, 0)}, "'outside_options' parameter"),
        ((0.5, 0.5), {"pie": 0}, "'pie' parameter of rubinstein must be a finite real number > 0"),
    ],
)
def test_rubinstein_bad_input(
    args: tuple[float, float], kwargs: dict[str, Any], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        rubinstein(*args, **kwargs)


# ----------------------------------------------------------------------------- spatial forecasts
# The European Community car-emissions example of Bueno de Mesquita's expected utility model,
# as tabulated by Scholz, Calbert & Smith (2011), "Unravelling Bueno De Mesquita's group
# decision model", Journal of Theoretical Politics 23(4): capability, position, salience.
EC = {
    "Netherlands": (0.08, 4, 80),
    "Belgium": (0.08, 7, 40),
    "Luxembourg": (0.03, 4, 20),
    "Germany": (0.16, 4, 80),
    "France": (0.16, 10, 60),
    "Italy": (0.16, 10, 60),
    "UK": (0.16, 10, 90),
    "Ireland": (0.05, 7, 10),
    "Denmark": (0.05, 4, 100),
    "Greece": (0.08, 7, 70),
}
EC_CAP, EC_POS, EC_SAL = (np.array(col, dtype=float) for col in zip(*EC.values(), strict=True))


def test_ec_car_emissions_forecasts() -> None:
    # Weights c*s: 6.4, 3.2, 0.6, 12.8, 9.6, 9.6, 14.4, 0.5, 5.0, 5.6 (total 67.7);
    # sum of c*s*x = 500.3, so the mean is 500.3/67.7 = 7.38996 (Scholz et al. 2011's table).
    assert weighted_mean(EC_POS, EC_SAL, EC_CAP) == pytest.approx(500.3 / 67.7)
    # Cumulative weight: 24.8 at position 4, 34.1 >= 33.85 at position 7.
    assert weighted_median(EC_POS, EC_SAL, EC_CAP) == 7.0
    # 7 beats 4 (42.9 to 24.8) and 10 (34.1 to 33.6): the Condorcet winner is the median.
    assert condorcet_winner(EC_POS, EC_SAL, EC_CAP) == 7.0
    assert condorcet_winner(EC_POS, EC_SAL, EC_CAP, candidates=[4, 5.5, 7, 8.5, 10]) == 7.0


def test_forecasts_are_invariant_to_actor_order() -> None:
    order = np.random.default_rng(0).permutation(EC_POS.size)
    args = (EC_POS[order], EC_SAL[order], EC_CAP[order])
    assert weighted_mean(*args) == pytest.approx(weighted_mean(EC_POS, EC_SAL, EC_CAP))
    assert weighted_median(*args) == 7.0 and condorcet_winner(*args) == 7.0


def test_weighted_median_tie_rule_and_no_condorcet_winner() -> None:
    # Exactly half of the weight at 0 and half at 10: the lower median; 0 and 10 tie.
    assert weighted_median([10, 0], [1, 1], [1, 1]) == 0.0
    assert condorcet_winner([10, 0], [1, 1], [1, 1]) is None
    # A zero-weight actor does not vote.
    assert weighted_median([0, 5, 9], [1, 0, 1], [2, 9, 1]) == 0.0


@SETTINGS
@given(
    st.lists(st.integers(-20, 20), min_size=1, max_size=9),
    st.data(),
)
def test_condorcet_winner_is_the_strict_weighted_median(
    positions: list[int], data: st.DataObject
) -> None:
    # Black (1948): with single-peaked preferences on a line the median voter's position
    # beats every other; with weights, whenever the weighted median is strict.
    n = len(positions)
    w = np.asarray(data.draw(st.lists(st.integers(1, 9), min_size=n, max_size=n)), dtype=float)
    x = np.asarray(positions, dtype=float)
    med = weighted_median(x, w, np.ones(n))
    assume(2 * w[x < med].sum() < w.sum() and 2 * w[x > med].sum() < w.sum())
    assert condorcet_winner(x, w, np.ones(n)) == med


def test_spatial_batches_equal_rows() -> None:
    rng = np.random.default_rng(1)
    X = rng.integers(0, 10, size=(6, 5)).astype(float)
    S = rng.uniform(0.1, 1, size=(6, 5))
    C = rng.uniform(0.1, 1, size=5)
    means = weighted_mean(X, S, C)
    medians = weighted_median(X, S, C)
    winners = condorcet_winner(X, S, C)
    assert isinstance(means, np.ndarray) and means.shape == (6,)
    for r in range(6):
        assert means[r] == pytest.approx(weighted_mean(X[r], S[r], C))
        assert medians[r] == weighted_median(X[r], S[r], C)
        single = condorcet_winner(X[r], S[r], C)
        assert (np.isnan(winners[r]) and single is None) or winners[r] == single


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([0, 1], [1, -1], [1, 1]), "'salience' parameter of weighted_mean must be a non-negative"),
        (([0, 1], [1, 1], [1, 1, 1]), "'capability' parameter of weighted_mean must be an array"),
        (([0, 1], [0, 0], [1, 1]), "positive sum"),
        (([0, np.nan], [1, 1], [1, 1]), "'positions' parameter of weighted_mean must be a finite"),
        (([], [], []), "'positions' parameter of weighted_mean must be a non-empty"),
    ],
)
def test_spatial_bad_input(args: tuple[Any, Any, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        weighted_mean(*args)


def test_condorcet_bad_candidates() -> None:
    with pytest.raises(ValueError, match="'candidates' parameter of condorcet_winner"):
        condorcet_winner([0, 1], [1, 1], [1, 1], candidates=np.ones((3, 2)))


# ----------------------------------------------------------------------------- results, figures
def test_solution_is_frozen_tidy_and_plots() -> None:
    sol = solve([[1.0, 4.0], [2.0, 3.0]], [0.5, 0.5])
    with pytest.raises(dataclasses.FrozenInstanceError):
        sol.index = 0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        sol.utilities[0] = 9.0
    frame = sol.to_frame()
    assert frame.columns.tolist() == ["solution", "index", "actor", "utility", "disagreement"]
    assert frame["utility"].tolist() == [2.0, 3.0] and frame["disagreement"].tolist() == [0.5, 0.5]
    ax = sol.plot()
    assert len(ax.patches) == 2 and ax.get_title() == "Nash"
    ax = plot_solution(sol, actors=["USA", "RUS"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["USA", "RUS"]
    with pytest.raises(ValueError, match="'actors' parameter of plot_solution"):
        plot_solution(sol, actors=["USA"])
    plt.close("all")


def test_rubinstein_result_frame_and_plot() -> None:
    res = rubinstein(0.9, 0.9, outside_options=(0.0, 0.6))
    frame = res.to_frame()
    assert frame["share"].round(6).tolist() == [0.4, 0.6]
    assert frame["binding"].tolist() == [False, True]
    _, ax = plt.subplots()
    assert plot_rubinstein(res, ax=ax) is ax and len(ax.patches) == 2
    assert res.plot().get_title().startswith("Rubinstein split")
    plt.close("all")
