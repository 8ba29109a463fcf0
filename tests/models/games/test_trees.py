"""Tests of sequential games: game trees, backward induction, subgame-perfect equilibria."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from strategies import game_tree_specs

from models.games import (
    ChanceNode,
    DecisionNode,
    GameTree,
    SubgamePerfectEquilibrium,
    TerminalNode,
    backward_induction,
    subgame_perfect_equilibria,
)
from models.plotting import plot_game_tree


def build(spec: tuple[tuple[str, ...], dict[str, tuple[object, ...]], str]) -> GameTree:
    players, raw, root = spec
    nodes = {}
    for node_id, item in raw.items():
        if item[0] == "terminal":
            nodes[node_id] = TerminalNode(item[1])  # type: ignore[arg-type]
        elif item[0] == "decision":
            nodes[node_id] = DecisionNode(item[1], item[2])  # type: ignore[arg-type]
        else:
            nodes[node_id] = ChanceNode(item[1], item[2])  # type: ignore[arg-type]
    return GameTree(players, nodes, root)


def entry_game() -> GameTree:
    # Selten (1978), the chain-store stage game: staying out gives the
    # competitor 1 and the chain store 5; entry met by cooperation gives 2
    # each, entry met by aggression 0 each.
    return GameTree(
        players=("Competitor", "Chain"),
        root="entry",
        nodes={
            "entry": DecisionNode("Competitor", {"out": "o", "in": "i"}),
            "i": DecisionNode("Chain", {"aggressive": "fight", "cooperative": "share"}),
            "o": TerminalNode({"Competitor": 1, "Chain": 5}),
            "fight": TerminalNode({"Competitor": 0, "Chain": 0}),
            "share": TerminalNode({"Competitor": 2, "Chain": 2}),
        },
    )


# ------------------------------------------------------------------ textbook games
def test_entry_game_threat_to_fight_is_not_credible() -> None:
    # Selten (1978): (out, aggressive) is a Nash equilibrium, but the only
    # subgame-perfect one is (in, cooperative) with payoffs (2, 2).
    spe = backward_induction(entry_game())
    assert dict(spe.strategy) == {"entry": "in", "i": "cooperative"}
    assert spe.path == ("entry", "i", "share")
    assert spe.payoffs == {"Competitor": 2.0, "Chain": 2.0}
    assert spe.ties == ()
    assert len(subgame_perfect_equilibria(entry_game())) == 1


def test_two_market_chain_store_unravels() -> None:
    # Selten (1978): with finitely many markets backward induction makes the
    # chain store cooperate in every market, on and off the path, and every
    # competitor enters.
    def market(prefix: str, then: dict[str, tuple[int, int]]) -> dict[str, object]:
        nodes: dict[str, object] = {}
        for history, (c1, k1) in then.items():
            nodes[f"{prefix}{history}"] = DecisionNode(
                "C2", {"out": f"{history}o", "in": f"{history}i"}
            )
            nodes[f"{history}i"] = DecisionNode("Chain", {"aggressive": f"{history}if",
                                                           "cooperative": f"{history}is"})
            nodes[f"{history}o"] = TerminalNode({"C1": c1, "C2": 1, "Chain": k1 + 5})
            nodes[f"{history}if"] = TerminalNode({"C1": c1, "C2": 0, "Chain": k1 + 0})
            nodes[f"{history}is"] = TerminalNode({"C1": c1, "C2": 2, "Chain": k1 + 2})
        return nodes

    nodes: dict[str, object] = {
        "m1": DecisionNode("C1", {"out": "m2_O", "in": "m1_in"}),
        "m1_in": DecisionNode("Chain", {"aggressive": "m2_F", "cooperative": "m2_S"}),
    }
    nodes |= market("m2_", {"O": (1, 5), "F": (0, 0), "S": (2, 2)})
    tree = GameTree(("C1", "C2", "Chain"), nodes, "m1")  # type: ignore[arg-type]
    spe = backward_induction(tree)
    chain_nodes = [n for n in tree.decision_nodes if tree.nodes[n].player == "Chain"]  # type: ignore[union-attr]
    assert len(chain_nodes) == 4
    assert all(spe.strategy[n] == "cooperative" for n in chain_nodes)
    assert all(spe.strategy[n] == "in" for n in tree.decision_nodes if n not in chain_nodes)
    assert spe.payoffs == {"C1": 2.0, "C2": 2.0, "Chain": 4.0}


def ultimatum(pie: int = 4) -> GameTree:
    nodes: dict[str, object] = {
        "propose": DecisionNode("P", {f"offer {k}": f"r{k}" for k in range(pie + 1)})
    }
    for k in range(pie + 1):
        nodes[f"r{k}"] = DecisionNode("R", {"accept": f"a{k}", "reject": f"x{k}"})
        nodes[f"a{k}"] = TerminalNode({"P": pie - k, "R": k})
        nodes[f"x{k}"] = TerminalNode({"P": 0, "R": 0})
    return GameTree(("P", "R"), nodes, "propose")  # type: ignore[arg-type]


def test_ultimatum_game_has_two_subgame_perfect_equilibria() -> None:
    # Osborne (2004), An Introduction to Game Theory, sec. 6.1.1: with a
    # discrete pie the responder is indifferent at offer 0, giving two SPE:
    # (offer 0; accept everything) and (offer 1; reject 0, accept the rest).
    tree = ultimatum(4)
    spe = backward_induction(tree)
    assert spe.strategy["propose"] == "offer 0"
    assert spe.ties == ("r0",)
    assert all(spe.strategy[f"r{k}"] == "accept" for k in range(5))
    all_spe = subgame_perfect_equilibria(tree)
    assert len(all_spe) == 2
    assert dict(all_spe[0].strategy) == dict(spe.strategy)
    second = all_spe[1]
    assert second.strategy["propose"] == "offer 1"
    assert second.strategy["r0"] == "reject"
    assert all(second.strategy[f"r{k}"] == "accept" for k in range(1, 5))
    assert second.payoffs == {"P": 3.0, "R": 1.0}


def test_centipede_of_length_four_takes_at_the_first_node() -> None:
    # Rosenthal (1981); Osborne & Rubinstein (1994), sec. 6.5.1: the unique
    # SPE takes at every node, so the game ends at once with (1, 0).
    take = [(1, 0), (0, 2), (3, 1), (2, 4)]
    nodes: dict[str, object] = {}
    for k, (u1, u2) in enumerate(take):
        nxt = f"d{k + 1}" if k < 3 else "end"
        nodes[f"d{k}"] = DecisionNode("1" if k % 2 == 0 else "2",
                                      {"pass": nxt, "take": f"t{k}"})
        nodes[f"t{k}"] = TerminalNode({"1": u1, "2": u2})
    nodes["end"] = TerminalNode({"1": 5, "2": 3})
    tree = GameTree(("1", "2"), nodes, "d0")  # type: ignore[arg-type]
    spe = backward_induction(tree)
    assert all(spe.strategy[f"d{k}"] == "take" for k in range(4))
    assert spe.path == ("d0", "t0")
    assert spe.payoffs == {"1": 1.0, "2": 0.0}
    assert spe.value("d3") == {"1": 2.0, "2": 4.0}
    assert len(subgame_perfect_equilibria(tree)) == 1


def test_chance_node_expected_values_and_reach() -> None:
    # Expected utility at a chance node (Fudenberg & Tirole 1991, sec. 3.3):
    # nature sends A a good state (0.25) or a bad one (0.75); A then takes a
    # safe 1 or a gamble worth 4 (good) or 0 (bad).
    tree = GameTree(
        players=("A", "B"),
        root="nature",
        nodes={
            "nature": ChanceNode({"good": "g", "bad": "b"}, {"good": 0.25, "bad": 0.75}),
            "g": DecisionNode("A", {"safe": "gs", "gamble": "gg"}),
            "b": DecisionNode("A", {"safe": "bs", "gamble": "bg"}),
            "gs": TerminalNode({"A": 1, "B": 1}),
            "gg": TerminalNode({"A": 4, "B": 0}),
            "bs": TerminalNode({"A": 1, "B": 2}),
            "bg": TerminalNode({"A": 0, "B": 3}),
        },
    )
    spe = backward_induction(tree)
    assert dict(spe.strategy) == {"g": "gamble", "b": "safe"}
    # 0.25 * 4 + 0.75 * 1 = 1.75 for A; 0.25 * 0 + 0.75 * 2 = 1.5 for B.
    assert spe.payoffs == pytest.approx({"A": 1.75, "B": 1.5})
    assert spe.path == ("nature", "g", "gg", "b", "bs")
    reach = dict(zip(tree.node_ids, spe.reach, strict=True))
    assert reach["gg"] == pytest.approx(0.25)
    assert reach["bs"] == pytest.approx(0.75)
    assert reach["gs"] == 0.0


def test_gamble_against_a_sure_thing() -> None:
    # A chance node below a decision: 0.5 * 3 + 0.5 * (-2) = 0.5 < 1, so safe.
    tree = GameTree(("A",), {
        "r": DecisionNode("A", {"risky": "c", "safe": "s"}),
        "c": ChanceNode({"win": "w", "lose": "l"}, {"win": 0.5, "lose": 0.5}),
        "w": TerminalNode({"A": 3}), "l": TerminalNode({"A": -2}), "s": TerminalNode({"A": 1}),
    }, "r")
    spe = backward_induction(tree)
    assert spe.strategy["r"] == "safe"
    assert spe.value("c") == {"A": 0.5}


def test_to_frame_and_plots() -> None:
    spe = backward_induction(entry_game())
    frame = spe.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["node", "kind", "mover", "action", "depth", "reach",
                                   "on_path", "player", "value"]
    assert len(frame) == 5 * 2
    row = frame[(frame.node == "i") & (frame.player == "Chain")].iloc[0]
    assert (row.action, row.value, bool(row.on_path)) == ("cooperative", 2.0, True)
    ax = spe.plot()
    assert ax.get_title().startswith("Subgame-perfect equilibrium")
    assert entry_game().plot().get_title().startswith("Game tree")
    _fig, given_ax = plt.subplots()
    assert plot_game_tree(spe, ax=given_ax, show_values=False) is given_ax
    plt.close("all")


def test_tree_queries() -> None:
    tree = entry_game()
    assert tree.children("entry") == ("o", "i")
    assert tree.depth("share") == 2
    assert tree.parents["share"] == ("i", "cooperative")
    assert tree.terminal_nodes == ("o", "fight", "share")
    np.testing.assert_array_equal(tree.payoff_array(), [[1, 5], [0, 0], [2, 2]])
    with pytest.raises(KeyError, match="no node 'zz'"):
        tree.depth("zz")


# ------------------------------------------------------------------------ bad trees
def test_cycle_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"cycle through node 'a': a -> b -> a"):
        GameTree(("A",), {"a": DecisionNode("A", {"x": "b"}),
                          "b": DecisionNode("A", {"y": "a", "z": "t"}),
                          "t": TerminalNode({"A": 0})}, "a")


def test_missing_payoff_is_rejected() -> None:
    with pytest.raises(ValueError, match="Node 't' has no payoff for player 'B'"):
        GameTree(("A", "B"), {"r": DecisionNode("A", {"x": "t"}),
                              "t": TerminalNode({"A": 1})}, "r")


@pytest.mark.parametrize(
    ("nodes", "match"),
    [
        ({"r": ChanceNode({"h": "t", "l": "u"}, {"h": 0.5, "l": 0.4}),
          "t": TerminalNode({"A": 0}), "u": TerminalNode({"A": 1})},
         "Node 'r': probabilities sum to 0.9, not 1"),
        ({"r": ChanceNode({"h": "t", "l": "u"}, {"h": 1.5, "l": -0.5}),
          "t": TerminalNode({"A": 0}), "u": TerminalNode({"A": 1})},
         "Node 'r': the probability of 'h' must be in"),
        ({"r": ChanceNode({"h": "t", "l": "u"}, {"h": 1.0}),
          "t": TerminalNode({"A": 0}), "u": TerminalNode({"A": 1})},
         "Node 'r': outcome 'l' has no probability"),
        ({"r": ChanceNode({"h": "t"}, {"h": 1.0, "z": 0.0}), "t": TerminalNode({"A": 0})},
         "Node 'r' gives a probability to unknown outcome 'z'"),
        ({"r": DecisionNode("Z", {"x": "t"}), "t": TerminalNode({"A": 0})},
         "Node 'r' is moved by unknown player 'Z'"),
        ({"r": DecisionNode("A", {"x": "nowhere"})},
         "Node 'r': action 'x' leads to unknown node 'nowhere'"),
        ({"r": DecisionNode("A", {})}, "Node 'r' has no actions"),
        ({"r": DecisionNode("A", {"x": "t", "y": "t"}), "t": TerminalNode({"A": 0})},
         "Node 't' is reached from both 'r' and 'r'"),
        ({"r": DecisionNode("A", {"x": "t"}), "t": TerminalNode({"A": 0}),
          "lost": TerminalNode({"A": 0})},
         "Node 'lost' is not reachable from the root 'r'"),
        ({"r": DecisionNode("A", {"x": "t"}), "t": TerminalNode({"A": math.nan})},
         "Node 't' has a payoff for 'A' that is not a finite number"),
        ({"r": DecisionNode("A", {"x": "t"}), "t": TerminalNode({"A": 0, "Q": 1})},
         "Node 't' gives a payoff to unknown player 'Q'"),
        ({"t": TerminalNode({"A": 0})}, "The root 'r' is not a node"),
    ],
)
def test_bad_trees_name_the_node(nodes: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        GameTree(("A",), nodes, "r")  # type: ignore[arg-type]


def test_bad_tree_types_and_players() -> None:
    with pytest.raises(TypeError, match="Node 'r' must be a DecisionNode"):
        GameTree(("A",), {"r": 3}, "r")  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="players of a game tree repeat"):
        GameTree(("A", "A"), {"r": TerminalNode({"A": 0})}, "r")
    with pytest.raises(ValueError, match="non-empty sequence of str"):
        GameTree((), {"r": TerminalNode({})}, "r")
    with pytest.raises(TypeError, match="actions must be a mapping"):
        DecisionNode("A", ["x"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="The 'tree' parameter of backward_induction must be"):
        backward_induction("tree")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="The 'atol' parameter of backward_induction"):
        backward_induction(entry_game(), atol=-1)
    with pytest.raises(ValueError, match="The 'max_equilibria' parameter"):
        subgame_perfect_equilibria(ultimatum(4), max_equilibria=1)


# ------------------------------------------------------------------- properties
def one_shot_deviation_holds(spe: SubgamePerfectEquilibrium) -> bool:
    tree = spe.tree
    for node_id in tree.decision_nodes:
        node = tree.nodes[node_id]
        j = tree.players.index(node.player)  # type: ignore[union-attr]
        chosen = spe.value(node_id)[node.player]  # type: ignore[union-attr]
        best = max(spe.value(child)[tree.players[j]] for child in tree.children(node_id))
        if chosen < best - 1e-9:
            return False
    return True


@settings(max_examples=60, deadline=None)
@given(game_tree_specs())
def test_backward_induction_is_subgame_perfect(spec: tuple) -> None:  # type: ignore[type-arg]
    # The one-shot deviation principle (Fudenberg & Tirole 1991, Thm 4.1):
    # in a finite game a profile is subgame perfect iff no player gains by
    # deviating at a single node; every SPE has this property.
    tree = build(spec)
    spe = backward_induction(tree)
    assert set(spe.strategy) == set(tree.decision_nodes)
    assert one_shot_deviation_holds(spe)
    everything = subgame_perfect_equilibria(tree)
    assert dict(everything[0].strategy) == dict(spe.strategy)
    np.testing.assert_allclose(everything[0].values, spe.values)
    assert all(one_shot_deviation_holds(e) for e in everything)
    assert len({tuple(sorted(e.strategy.items())) for e in everything}) == len(everything)
    if not spe.ties:
        assert len(everything) == 1
    assert spe.reach[0] == 1.0
    terminal = [tree.node_ids.index(t) for t in tree.terminal_nodes]
    assert spe.reach[terminal].sum() == pytest.approx(1.0)
