"""Coalition analysis without n x n reachability matrices (models.gmcr.coalitions).

The search behind ``coalition_stability``
(:func:`models.gmcr.coalition_search.coalition_improvements`, tested on its own
in ``test_coalition_search.py``) and the earlier blocked search
(:func:`models.gmcr.reachability.coalition_improvement`) must
give exactly the answer of the first implementation, the packed
``n_states`` x ``n_states`` reachability matrix
(:func:`~models.gmcr.reachability.coalition_reach` then
:func:`~models.gmcr.reachability.any_improvement`), on every model and for
every block size.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import graph_model_specs, option_model_specs

from models import GraphModel
from models.gmcr.coalition_search import search_bytes
from models.gmcr.concepts import StabilityContext
from models.gmcr.reachability import any_improvement, coalition_improvement, coalition_reach


def _matrix_answer(model: GraphModel, idx: list[int]) -> np.ndarray:
    """The previous implementation: the full packed reachability matrix."""
    ctx = StabilityContext.of(model)
    reach = coalition_reach([ctx.moves[k] for k in idx], model.n_states)
    return any_improvement(reach, model.payoffs[:, idx])


def _random_model(seed: int, n: int, n_dms: int, density: float, levels: int) -> GraphModel:
    rng = np.random.default_rng(seed)
    moves = {}
    for k in range(n_dms):
        n_moves = int(density * n)
        src = rng.integers(1, n + 1, n_moves)
        dst = rng.integers(1, n + 1, n_moves)
        keep = src != dst
        moves[f"D{k}"] = list(zip(src[keep].tolist(), dst[keep].tolist(), strict=True))
    payoffs = {f"D{k}": rng.integers(0, levels, n).tolist() for k in range(n_dms)}
    return GraphModel.from_states(n, moves, payoffs)


@settings(max_examples=60, deadline=None)
@given(graph_model_specs(max_states=7, max_dms=4), st.integers(1, 3))
def test_blocked_search_equals_matrix_on_small_models(spec: dict[str, object], scale: int) -> None:
    model = GraphModel.from_states(**spec)  # type: ignore[arg-type]
    ctx = StabilityContext.of(model)
    m = model.n_decision_makers
    for size in range(2, m + 1):
        idx = list(range(size))
        want = _matrix_answer(model, idx)
        edges = [ctx.moves[k] for k in idx]
        got = coalition_improvement(edges, model.payoffs[:, idx],
                                    max_bytes=scale * (2 * size + 9) * model.n_states * 8)
        np.testing.assert_array_equal(got, want)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(65, 400),
    st.integers(2, 4),
    st.sampled_from([0.5, 1.0, 2.0, 4.0]),
    st.sampled_from([2, 5, 1000]),
    st.integers(1, 4),
)
def test_blocked_search_equals_matrix_across_blocks(
    seed: int, n: int, n_dms: int, density: float, levels: int, words: int
) -> None:
    # More than 64 states and a bound of 1..4 words per block, so the sources
    # are split across several blocks, the last one partial.
    model = _random_model(seed, n, n_dms, density, levels)
    ctx = StabilityContext.of(model)
    for idx in ([0, 1], list(range(n_dms))):
        want = _matrix_answer(model, idx)
        got = coalition_improvement([ctx.moves[k] for k in idx], model.payoffs[:, idx],
                                    max_bytes=words * (2 * len(idx) + 9) * n * 8)
        np.testing.assert_array_equal(got, want)
        big = coalition_improvement([ctx.moves[k] for k in idx], model.payoffs[:, idx])
        np.testing.assert_array_equal(big, want)


@settings(max_examples=25, deadline=None)
@given(option_model_specs(max_dms=4))
def test_coalition_stability_equals_matrix_on_option_models(spec: dict[str, object]) -> None:
    model = GraphModel.from_options(**spec)  # type: ignore[arg-type]
    smallest = search_bytes(model.n_states, model.n_decision_makers)
    res = model.coalition_stability(max_bytes=smallest)
    for c, coalition in enumerate(res.coalitions):
        idx = [model.decision_makers.index(d) for d in coalition]
        np.testing.assert_array_equal(~res.stable[:, c], _matrix_answer(model, idx))


def test_max_bytes_too_small_names_the_size() -> None:
    model = _random_model(0, 1000, 3, 1.0, 5)
    need = 8 * 1000 * (3 + 16)
    with pytest.raises(ValueError, match=r"'max_bytes' .* at least 152,000 bytes .* 1,000 states"):
        model.coalition_stability([["D0", "D1", "D2"]], max_bytes=need - 1)
    # Exactly enough: the smallest batches, same answer as the default.
    small = model.coalition_stability([["D0", "D1", "D2"]], max_bytes=need)
    default = model.coalition_stability([["D0", "D1", "D2"]])
    np.testing.assert_array_equal(small.stable, default.stable)
    with pytest.raises(ValueError, match=r"'max_bytes' .* int >= 1"):
        model.coalition_stability(max_bytes=0)
    with pytest.raises(ValueError, match=r"at least .* bytes .* max_bytes is 10"):
        coalition_improvement([], np.zeros((1000, 2)), max_bytes=10)


def test_size_guard_raises_before_allocating_at_scale() -> None:
    # 2**20 states, five members: refused at once with the size, no allocation.
    n = 2**20
    model = GraphModel(decision_makers=tuple(f"D{k}" for k in range(5)),
                       payoffs=np.zeros((n, 5)),
                       moves=tuple(np.zeros((0, 2), dtype=np.intp) for _ in range(5)))
    with pytest.raises(ValueError, match=r"at least 176,160,768 bytes \(168.0 MiB\)"):
        model.coalition_stability(max_bytes=2**20)


# ------------------------------------------------- stability on blocks of states
def _edges_only(model: GraphModel) -> StabilityContext:
    ctx = StabilityContext.of(model)
    return StabilityContext(n_states=ctx.n_states, moves=ctx.moves, improvements=ctx.improvements)


@settings(max_examples=60, deadline=None)
@given(option_model_specs(max_dms=4))
def test_block_search_equals_edge_search_on_option_models(spec: dict[str, object]) -> None:
    # Option form: reversible decision makers' moves are complete digraphs on
    # blocks (the O(n) path); irreversible ones fall back to the moves. Every
    # concept must agree with the search over the moves alone.
    from models.gmcr.concepts import CONCEPTS

    model = GraphModel.from_options(**spec)  # type: ignore[arg-type]
    fast, slow = StabilityContext.of(model), _edges_only(model)
    for name, concept in CONCEPTS.items():
        np.testing.assert_array_equal(concept(model, fast), concept(model, slow), err_msg=name)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 5), st.integers(6, 10), st.booleans())
def test_block_search_equals_edge_search_on_larger_option_models(
    seed: int, n_dms: int, n_options: int, irreversible: bool
) -> None:
    from models.gmcr.concepts import CONCEPTS

    rng = np.random.default_rng(seed)
    dms = [f"D{k}" for k in range(n_dms)]
    split = np.array_split(np.arange(n_options), n_dms)
    options = {d: [f"o{j}" for j in part] for d, part in zip(dms, split, strict=True)}
    every = [f"o{j}" for j in range(n_options)]
    prefs = {d: [("-" if rng.random() < 0.5 else "") + str(rng.choice(every))
                 for _ in range(rng.integers(1, 5))] for d in dms}
    infeasible = [f"{every[0]} & {every[-1]}"] if rng.random() < 0.5 else []
    irr = {every[1]: "forward"} if irreversible else {}
    model = GraphModel.from_options(dms, options, infeasible=infeasible, irreversible=irr,
                                    preferences=prefs)
    fast, slow = StabilityContext.of(model), _edges_only(model)
    assert any(b is not None for b in fast.move_blocks)
    for name, concept in CONCEPTS.items():
        np.testing.assert_array_equal(concept(model, fast), concept(model, slow), err_msg=name)
    # Coalitions: bits pushed within blocks, several blocks of sources.
    for idx in ([0, 1], list(range(n_dms))):
        want = _matrix_answer(model, idx)
        got = coalition_improvement(
            [fast.moves[k] for k in idx], model.payoffs[:, idx],
            max_bytes=(2 * len(idx) + 9) * model.n_states * 8,
            blocks=[fast.move_blocks[k] for k in idx])
        np.testing.assert_array_equal(got, want)


@settings(max_examples=60, deadline=None)
@given(option_model_specs(max_dms=4))
def test_option_moves_equal_the_definition(spec: dict[str, object]) -> None:
    # Option form (Fang et al. 2003a): i moves from s to t != s when they differ
    # only in i's options and no changed option breaks its direction. The moves
    # are now built in order with no sort: compare with a direct enumeration,
    # sorted, and check the dtype.
    model = GraphModel.from_options(**spec)  # type: ignore[arg-type]
    irr = spec["irreversible"]
    owners = np.array(model.option_owners)
    for k, dm in enumerate(model.decision_makers):
        want = []
        for a in range(model.n_states):
            for b in range(model.n_states):
                x, y = model.states[a], model.states[b]
                diff = x != y
                if a == b or (owners[diff] != dm).any():
                    continue
                ok = True
                for j in np.flatnonzero(diff):
                    way = irr.get(model.options[j])  # type: ignore[attr-defined]
                    if (way == "forward" and x[j]) or (way == "backward" and not x[j]):
                        ok = False
                if ok:
                    want.append([a + 1, b + 1])
        assert model.moves[k].dtype == np.int32
        assert model.moves[k].tolist() == want
