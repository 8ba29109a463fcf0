"""Tests of the stability-concept registry (models.gmcr.CONCEPTS)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import graph_model_specs

from models.gmcr import (
    CONCEPTS,
    GraphModel,
    StabilityContext,
    register_concept,
    unregister_concept,
)


def _prisoners_dilemma() -> GraphModel:
    return GraphModel.from_states(
        4,
        {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
        {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]},
        status_quo=1,
    )


def _one_move_sanction(model: GraphModel, context: StabilityContext) -> np.ndarray:
    # Not "worst state the others reach by legal sequences": each improvement of
    # i must be answered by ONE move of another decision maker to a state i
    # likes no better than where it started (a two-move horizon).
    n, m = model.payoffs.shape
    stable = np.ones((n, m), dtype=bool)
    for i in range(m):
        pay = model.payoffs[:, i]
        worst = np.full(n, np.inf)
        for j, (src, dst) in enumerate(context.moves):
            if j != i:
                np.minimum.at(worst, src, pay[dst])
        us, ud = context.improvements[i]
        stable[us[worst[ud] > pay[us]], i] = False
    return stable


@pytest.fixture
def one_move() -> Iterator[str]:
    register_concept("L2", _one_move_sanction, aliases=("one-move",), title="two-move")
    try:
        yield "L2"
    finally:
        unregister_concept("L2")


def test_builtin_registry() -> None:
    assert tuple(CONCEPTS) == ("R", "GMR", "SMR", "SEQ")
    assert _prisoners_dilemma().stability().concepts == tuple(CONCEPTS)


def test_registered_concept_appears_everywhere(one_move: str) -> None:
    m = _prisoners_dilemma()
    res = m.stability()
    assert res.concepts == ("R", "GMR", "SMR", "SEQ", "L2")
    assert res.stable.shape == (4, 2, 5)
    frame = res.to_frame()
    assert set(frame.concept) == {"R", "GMR", "SMR", "SEQ", "L2"}
    assert len(frame) == 4 * 2 * 5
    # A defection is answered by the other's defection: (C, C) is stable.
    assert res.equilibria("L2") == (1, 4)
    assert res.equilibria("ONE-MOVE") == (1, 4)
    assert m.equilibria("l2") == (1, 4)
    assert res.is_stable(1, "A", "one-move")
    assert m.status_quo_analysis("L2").equilibria == (1, 4)
    assert res.plot(concept="L2").get_title().startswith("Graph model: two-move equilibria")
    # The built-in layers are unchanged by the new one.
    np.testing.assert_array_equal(res.stable[:, :, :4], m.stability(["R", "GMR", "SMR", "SEQ"])
                                  .stable)
    with pytest.raises(ValueError, match=r"'SEQ', 'L2' \(or 'one-move'\). Got 'Pareto'"):
        m.equilibria("Pareto")


def test_unregistered_concept_is_gone(one_move: str) -> None:
    unregister_concept("one-move")  # by alias
    assert "L2" not in CONCEPTS
    m = _prisoners_dilemma()
    assert m.stability().concepts == ("R", "GMR", "SMR", "SEQ")
    with pytest.raises(ValueError, match=r"one of 'R' \(or 'Nash'\), 'GMR', 'SMR', 'SEQ'. Got"):
        m.equilibria("one-move")
    register_concept("L2", _one_move_sanction)  # the fixture removes it again


@settings(max_examples=40, deadline=None)
@given(graph_model_specs())
def test_two_move_horizon_sits_between_nash_and_gmr(spec: dict[str, object]) -> None:
    # One sanctioning move is a legal sequence, so R <= L2 <= GMR, state by state.
    model = GraphModel.from_states(**spec)  # type: ignore[arg-type]
    context = StabilityContext.of(model)
    limited = _one_move_sanction(model, context)
    base = model.stability(["R", "GMR"]).stable
    assert not (base[:, :, 0] & ~limited).any()
    assert not (limited & ~base[:, :, 1]).any()


def test_subset_of_concepts_matches_the_full_table() -> None:
    m = _prisoners_dilemma()
    full = m.stability()
    part = m.stability(["seq", "Nash", "SEQ"])
    assert part.concepts == ("SEQ", "R")
    np.testing.assert_array_equal(part.stable, full.stable[:, :, [3, 0]])
    assert m.stability("GMR").concepts == ("GMR",)
    with pytest.raises(ValueError, match=r"'concept' .* one of the concepts computed"):
        part.equilibria("GMR")
    with pytest.raises(ValueError, match=r"'concepts' .* at least one concept"):
        m.stability([])


def test_bad_registrations() -> None:
    def ok(model: GraphModel, context: StabilityContext) -> np.ndarray:
        return np.ones((model.n_states, model.n_decision_makers), dtype=bool)

    with pytest.raises(ValueError, match=r"'name' .* Got 'gmr', a name of 'GMR'"):
        register_concept("gmr", ok)
    with pytest.raises(ValueError, match=r"'aliases' .* Got 'NASH', a name of 'R'"):
        register_concept("X", ok, aliases=["NASH"])
    with pytest.raises(ValueError, match=r"'name' .* a non-empty str"):
        register_concept("", ok)
    with pytest.raises(ValueError, match=r"'function' .* a callable"):
        register_concept("X", "not a function")  # type: ignore[arg-type]
    assert "X" not in CONCEPTS
    with pytest.raises(ValueError, match=r"'name' .* added by register_concept. Got 'R'"):
        unregister_concept("R")
    with pytest.raises(ValueError, match=r"'name' .* Got 'X'"):
        unregister_concept("X")


def test_concept_must_return_one_bool_per_state_and_decision_maker() -> None:
    def wrong(model: GraphModel, context: StabilityContext) -> np.ndarray:
        return np.ones(model.n_states)

    register_concept("WRONG", wrong)
    try:
        with pytest.raises(ValueError, match=r"concept 'WRONG' must return a boolean array"):
            _prisoners_dilemma().stability()
    finally:
        unregister_concept("WRONG")
    assert "WRONG" not in CONCEPTS
