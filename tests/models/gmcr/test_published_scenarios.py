"""The Graph Model on the built-in Elmira scenario: the published equilibria.

The published model (Kilgour, Hipel, Fang & Peng 2001; Kilgour & Hipel 2005; Xu, Hipel &
Kilgour 2009) has nine states; tests/models/gmcr/test_graph_model.py pins its moves,
rankings and whole stability table. The scenario states it in option form (twelve states:
the four abandonment states are the published state 9), so states are mapped to the
published ones by the options they take, never by number.
"""

import pytest

import positions
from models import GraphModel

# Published state -> (Modify, Uniroyal stops delaying, Abandon, Insist).
PUBLISHED = {
    1: (0, 0, 0, 0), 2: (1, 0, 0, 0), 3: (0, 1, 0, 0), 4: (1, 1, 0, 0),
    5: (0, 0, 0, 1), 6: (1, 0, 0, 1), 7: (0, 1, 0, 1), 8: (1, 1, 0, 1),
}
OPTIONS = ("MoE_modify", "UR_end_delay", "UR_abandon", "LG_insist")
# The published moves and rankings (test_graph_model.py: ELMIRA_MOVES, ELMIRA_RANKINGS).
MOVES = {
    "MoE": [(1, 2), (3, 4), (5, 6), (7, 8)],
    "UR": [(1, 3), (1, 9), (2, 4), (2, 9), (3, 9), (4, 9), (5, 7), (5, 9), (6, 8), (6, 9),
           (7, 9), (8, 9)],
    "LG": [(1, 5), (5, 1), (2, 6), (6, 2), (7, 3), (3, 7), (4, 8), (8, 4)],
}
RANKINGS = {
    "MoE": [7, 3, 4, 8, 5, 1, 2, 6, 9],
    "UR": [1, 4, 8, 5, 9, 3, 7, 2, 6],
    "LG": [7, 3, 5, 1, 8, 6, 4, 2, 9],
}


@pytest.fixture(scope="module")
def model() -> GraphModel:
    return GraphModel.from_scenario(positions.load("elmira-groundwater"))


def published(model: GraphModel) -> dict[int, int]:
    """Map each option-form state (1-based) to its published state number."""
    assert model.options == OPTIONS
    code = {v: k for k, v in PUBLISHED.items()}
    out = {}
    for s, row in enumerate(model.states.astype(int).tolist(), start=1):
        out[s] = 9 if row[2] else code[tuple(row)]
    return out


def test_states_moves_and_status_quo_are_the_published_ones(model):
    to_pub = published(model)
    assert model.decision_makers == ("MoE", "UR", "LG")
    assert model.n_states == 12 and sorted(set(to_pub.values())) == list(range(1, 10))
    assert to_pub[model.status_quo] == 1
    for k, dm in enumerate(model.decision_makers):
        moves = {(to_pub[a], to_pub[b]) for a, b in model.moves[k].tolist()}
        assert moves - {(9, 9)} == set(MOVES[dm]), dm


def test_rankings_are_the_published_ones(model):
    to_pub = published(model)
    for k, dm in enumerate(model.decision_makers):
        values: dict[int, set[float]] = {}
        for s, p in to_pub.items():
            values.setdefault(p, set()).add(float(model.payoffs[s - 1, k]))
        assert all(len(v) == 1 for v in values.values()), dm  # abandonment states tie
        pay = {p: v.pop() for p, v in values.items()}
        assert sorted(pay, key=lambda p: -pay[p]) == RANKINGS[dm], dm


def test_published_equilibria(model):
    # R {5, 8, 9}; GMR {1, 4, 5, 8, 9}; SMR {1, 4, 5, 8, 9}; SEQ {5, 8, 9}.
    to_pub = published(model)
    res = model.stability()
    expected = {"R": {5, 8, 9}, "GMR": {1, 4, 5, 8, 9}, "SMR": {1, 4, 5, 8, 9},
                "SEQ": {5, 8, 9}}
    for concept, states in expected.items():
        found = res.equilibria(concept)
        assert {to_pub[s] for s in found} == states, concept
        # every option-form state of a published equilibrium is stable, and only those
        assert {s for s in to_pub if to_pub[s] in states} == set(found), concept


def test_stability_table_per_decision_maker(model):
    # The whole table of test_graph_model.py, decision maker by decision maker.
    everywhere = set(range(1, 10))
    expected = {
        "R": {"MoE": everywhere, "UR": {1, 4, 5, 8, 9}, "LG": {5, 6, 7, 8, 9}},
        "GMR": {"MoE": everywhere, "UR": {1, 4, 5, 8, 9}, "LG": everywhere},
        "SMR": {"MoE": everywhere, "UR": {1, 4, 5, 8, 9}, "LG": everywhere},
        "SEQ": {"MoE": everywhere, "UR": {1, 4, 5, 8, 9}, "LG": {2, 3, 5, 6, 7, 8, 9}},
    }
    to_pub = published(model)
    frame = model.stability().to_frame()
    for concept, by_dm in expected.items():
        for dm, states in by_dm.items():
            rows = frame[(frame.concept == concept) & (frame.decision_maker == dm)]
            stable = {to_pub[int(s)] for s in rows[rows.stable].state}
            unstable = {to_pub[int(s)] for s in rows[~rows.stable].state}
            assert stable == states and not (stable & unstable), (concept, dm)
