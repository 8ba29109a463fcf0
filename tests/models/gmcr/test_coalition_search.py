"""Coalitional improvements by screening, thresholds and search (models.gmcr.coalition_search).

Both steps, thresholds and breadth-first search, must give exactly the answer of
the definition computed the first way, the packed ``n_states`` x ``n_states``
reachability matrix (:func:`~models.gmcr.reachability.coalition_reach` then
:func:`~models.gmcr.reachability.any_improvement`): on random graphs with few
and with many payoff levels, on option-form models whose moves are held as
blocks, and with the smallest working memory allowed (many batches).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import graph_model_specs, option_model_specs

from models import GraphModel
from models.gmcr.coalition_search import coalition_improvements, search_bytes
from models.gmcr.concepts import StabilityContext
from models.gmcr.reachability import any_improvement, coalition_reach

METHODS = ("auto", "thresholds", "search")


def _matrix_answer(ctx: StabilityContext, payoffs: np.ndarray, idx: list[int]) -> np.ndarray:
    reach = coalition_reach([ctx.moves[k] for k in idx], ctx.n_states)
    return np.asarray(any_improvement(reach, payoffs[:, idx]))


def _random_model(seed: int, n: int, n_dms: int, density: float, levels: int) -> GraphModel:
    rng = np.random.default_rng(seed)
    moves = {}
    for k in range(n_dms):
        src = rng.integers(1, n + 1, int(density * n))
        dst = rng.integers(1, n + 1, int(density * n))
        keep = src != dst
        moves[f"D{k}"] = list(zip(src[keep].tolist(), dst[keep].tolist(), strict=True))
    payoffs = {f"D{k}": rng.integers(0, levels, n).tolist() for k in range(n_dms)}
    return GraphModel.from_states(n, moves, payoffs)


def _check_all_methods(model: GraphModel, idx: list[int], *, use_blocks: bool) -> None:
    ctx = StabilityContext.of(model)
    want = _matrix_answer(ctx, model.payoffs, idx)
    blocks = [ctx.move_blocks[k] for k in idx] if use_blocks else None
    moves = [ctx.moves[k] if blocks is None or blocks[j] is None else None
             for j, k in enumerate(idx)]
    smallest = search_bytes(model.n_states, len(idx))
    for method in METHODS:
        for max_bytes in (smallest, 256 * 2**20):
            got = coalition_improvements(moves, model.payoffs[:, idx], blocks=blocks,
                                         max_bytes=max_bytes, method=method)
            np.testing.assert_array_equal(got, want, err_msg=f"{method}, {max_bytes}")


@settings(max_examples=60, deadline=None)
@given(graph_model_specs(max_states=7, max_dms=4))
def test_every_method_equals_matrix_on_small_models(spec: dict[str, object]) -> None:
    model = GraphModel.from_states(**spec)  # type: ignore[arg-type]
    for size in range(2, model.n_decision_makers + 1):
        _check_all_methods(model, list(range(size)), use_blocks=False)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(20, 300),
    st.integers(2, 4),
    st.sampled_from([0.5, 1.0, 2.0, 4.0]),
    st.sampled_from([2, 5, 1000]),
)
def test_every_method_equals_matrix_on_random_graphs(
    seed: int, n: int, n_dms: int, density: float, levels: int
) -> None:
    # 1000 levels: almost every candidate is its own threshold group (the
    # search step under 'auto'); 2 and 5 levels: few groups (thresholds).
    model = _random_model(seed, n, n_dms, density, levels)
    for idx in ([0, 1], list(range(n_dms))):
        _check_all_methods(model, idx, use_blocks=False)


@settings(max_examples=30, deadline=None)
@given(option_model_specs(max_dms=4))
def test_every_method_equals_matrix_on_option_models(spec: dict[str, object]) -> None:
    # Reversible decision makers' moves are blocks (no move arrays passed).
    model = GraphModel.from_options(**spec)  # type: ignore[arg-type]
    for size in range(2, model.n_decision_makers + 1):
        _check_all_methods(model, list(range(size)), use_blocks=True)


def test_search_across_many_batches() -> None:
    # 600 states, 3 members, unique payoffs: hundreds of candidates and the
    # smallest max_bytes, so the search runs in batches of about 25 candidates.
    model = _random_model(7, 600, 3, 2.0, 10**6)
    ctx = StabilityContext.of(model)
    idx = [0, 1, 2]
    want = _matrix_answer(ctx, model.payoffs, idx)
    assert 0 < want.sum() < 600
    got = coalition_improvements([ctx.moves[k] for k in idx], model.payoffs[:, idx],
                                 max_bytes=search_bytes(600, 3), method="search")
    np.testing.assert_array_equal(got, want)


def test_alternation_is_required() -> None:
    # Only member 0 moves: 0 -> 1 -> 2 needs two moves in a row by the same
    # member, which is one move of the graph only if (0, 2) is a move.
    chain = (np.array([0, 1], dtype=np.int32), np.array([1, 2], dtype=np.int32))
    none: tuple[np.ndarray, np.ndarray] = (np.empty(0, np.int32), np.empty(0, np.int32))
    p = np.array([[0.0, 0.0], [-1.0, -1.0], [1.0, 1.0]])
    for method in METHODS:
        got = coalition_improvements([chain, none], p, method=method)
        assert got.tolist() == [False, True, False]


def test_size_is_checked_before_allocating() -> None:
    n = 2**24
    with pytest.raises(ValueError, match=r"16,777,216 states and 2 members needs at least "
                                         r"2,415,919,104 bytes \(2304.0 MiB\)"):
        coalition_improvements([None, None], np.broadcast_to(np.zeros(1), (n, 2)),
                               max_bytes=2**30)
    with pytest.raises(ValueError, match="neither moves nor blocks"):
        coalition_improvements([None, None], np.zeros((3, 2)))



def test_matrix_reference_refuses_before_allocating() -> None:
    # 2**20 states: 128 GiB per bit matrix, five of them for two members.
    with pytest.raises(ValueError, match=r"1,048,576 states and 2 members need "
                                         r"687,194,767,360 bytes \(640.0 GiB\)"):
        coalition_reach([(np.empty(0, np.int32), np.empty(0, np.int32))] * 2, 2**20)
