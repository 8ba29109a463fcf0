"""Tests that kill the mutants a sampled mutation run left alive (issue 14, item 8).

Each test names the mutation it catches; all use the public API.
"""

from __future__ import annotations

import copy
import json

import pytest
from strategies import minimal_scenario_dict

import positions
from models.gmcr import GraphModel
from models.spatial import condorcet_winner


def test_condorcet_winner_with_candidates_returns_a_float() -> None:
    # Mutant: returning array([5.]) instead of 5.0 for one problem with candidates.
    winner = condorcet_winner([0.0, 5.0, 10.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0],
                              candidates=[0.0, 5.0, 10.0])
    assert type(winner) is float and winner == 5.0


def test_gmcr_errors_shorten_long_values() -> None:
    # Mutant: the truncation of a long value in an error message ("..." dropped or
    # the slice changed) went untested.
    model = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]}, {"A": [0, 1], "B": [0, 1]})
    members = ["A"] * 30  # one decision maker named 30 times: not a coalition
    with pytest.raises(ValueError) as info:
        model.coalition_stability([members])
    text = str(info.value)
    shown = repr(members)[:57] + "..."
    assert shown in text and repr(members) not in text


def test_no_position_errors_carry_actor_and_issue_in_their_path() -> None:
    # Mutant: deleting the NoPosition branch of the error labels gave
    # ``no_positions[EUR]`` instead of ``no_positions[EUR/territory]``.
    data = copy.deepcopy(minimal_scenario_dict())
    data["no_positions"][0]["reason"] = ""  # type: ignore[index]
    with pytest.raises(positions.ScenarioError) as info:
        positions.Scenario.from_json(json.dumps(data))
    paths = [p.path for p in info.value.problems]
    assert "no_positions[EUR/territory].reason" in paths, paths
