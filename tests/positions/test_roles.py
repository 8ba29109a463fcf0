"""The ``roles`` section: what the case-specific models need, checked by id with paths."""

from __future__ import annotations

import copy
import json

import pytest
from strategies import minimal_scenario_dict

import positions
from positions import Roles, Scenario, ScenarioError


def _with_roles(roles: dict[str, object]) -> dict[str, object]:
    data = copy.deepcopy(minimal_scenario_dict())
    data["actors"].append({"id": "UKR", "name": "Ukraine", "kind": "state",  # type: ignore[attr-defined]
                           "capability": {"value": 0.4, "uncertainty": {"dist": "fixed"},
                                          "rationale": "coded"}})
    data["no_positions"].append({"actor": "UKR", "issue": "territory",  # type: ignore[attr-defined]
                                 "reason": "Not reported."})
    data["beliefs"].append({  # type: ignore[attr-defined]
        "id": "kof", "holder": "KOF", "proposition": "four_regions", "basis": "coded",
        "probability": {"value": 0.2, "uncertainty": {"dist": "fixed"}, "rationale": "sceptical"},
        "rationale": "An analyst's view.",
    })
    data["parameters"].append({"id": "war_cost_UKR", "label": "Ukraine's war cost",  # type: ignore[attr-defined]
                               "unit": "share", "actor": "UKR",
                               "value": {"value": 0.3, "uncertainty": {"dist": "fixed"},
                                         "rationale": "coded"}})
    data["options"].append({"id": "UKR_sanctions", "actor": "UKR",  # type: ignore[attr-defined]
                            "label": "Sanctions", "basis": "coded"})
    data["roles"] = roles
    return data


WAR = {"id": "w", "side_a": "RUS", "side_b": "UKR", "proposition": "four_regions",
       "side_b_view": "KOF", "cost_a": "war_cost_RUS", "cost_b": "war_cost_UKR"}
THREAT = {"id": "t", "threatener": "UKR", "target": "RUS", "demand": "RUS_ceasefire",
          "threat": "UKR_sanctions", "war": "w", "threatener_cost": "war_cost_UKR",
          "target_cost": "war_cost_RUS", "stakes_issue": "territory"}


def _build(data: dict[str, object]) -> Scenario:
    return Scenario.from_json(json.dumps(data))


def _problems(roles: dict[str, object]) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as info:
        _build(_with_roles(roles))
    return [(p.path, p.message) for p in info.value.problems]


def test_valid_roles_load_and_are_found_by_id() -> None:
    s = _build(_with_roles({
        "veto": ["RUS"], "coalitions": [{"id": "c", "parties": ["RUS", "EUR"]}],
        "resolution": [{"issue": "territory", "points": 21}], "wars": [WAR], "threats": [THREAT],
    }))
    assert s.roles.war().side_b_view == "KOF"
    assert s.roles.war("w") is s.roles.war()
    assert s.roles.war("nope") is None
    assert s.roles.threat("t").threat == "UKR_sanctions"
    assert s.roles.points("territory") == 21
    assert s.roles.veto == ("RUS",)


def test_no_roles_is_the_default() -> None:
    s = _build(minimal_scenario_dict())
    assert s.roles == Roles()
    assert s.roles.veto is None and s.roles.war() is None and s.roles.threat() is None


def test_the_built_in_scenario_declares_its_war_and_threat() -> None:
    s = positions.load("ukraine-ceasefire-2025-05")
    war, threat = s.roles.war(), s.roles.threat()
    assert (war.side_a, war.side_b, war.proposition) == ("RUS", "UKR", "four_regions_2025")
    assert (threat.threatener, threat.target, threat.demand, threat.threat) == (
        "USA", "RUS", "RUS_ceasefire", "USA_sanctions")


@pytest.mark.parametrize(("roles", "expected"), [
    ({"veto": ["XYZ"]}, ("roles.veto", "unknown party 'XYZ'")),
    ({"veto": ["KOF"]}, ("roles.veto", "unknown party 'KOF'")),
    ({"veto": ["RUS"], "coalitions": [{"id": "c", "parties": ["EUR", "UKR"]}]},
     ("roles.coalitions[c].parties", "leaves out the veto parties RUS")),
    ({"resolution": [{"issue": "wages", "points": 5}]},
     ("roles.resolution[0].issue", "unknown issue 'wages'")),
    ({"resolution": [{"issue": "territory", "points": 5}, {"issue": "territory", "points": 7}]},
     ("roles.resolution[1].issue", "'territory' is given a resolution twice")),
    ({"wars": [WAR | {"side_a": "XYZ"}]}, ("roles.wars[w].side_a", "unknown actor 'XYZ'")),
    ({"wars": [WAR | {"side_b": "RUS"}]}, ("roles.wars[w].side_b", "is also side_a")),
    ({"wars": [WAR | {"cost_a": "territory"}]},
     ("roles.wars[w].cost_a", "unknown parameter 'territory'")),
    ({"wars": [WAR | {"proposition": "nope"}]},
     ("roles.wars[w].proposition", "unknown proposition 'nope'")),
    ({"wars": [WAR | {"side_b_view": "EUR"}]},
     ("roles.wars[w].side_b_view", "'EUR' holds no belief about 'four_regions'")),
    ({"wars": [WAR], "threats": [THREAT | {"demand": "UKR_sanctions"}]},
     ("roles.threats[t].demand", "'UKR_sanctions' is an option of UKR, not of the target RUS")),
    ({"wars": [WAR], "threats": [THREAT | {"threat": "RUS_ceasefire"}]},
     ("roles.threats[t].threat", "is an option of RUS, not of the threatener UKR")),
    ({"wars": [WAR], "threats": [THREAT | {"demand": "nope"}]},
     ("roles.threats[t].demand", "unknown option 'nope'")),
    ({"wars": [WAR], "threats": [THREAT | {"target": "UKR"}]},
     ("roles.threats[t].target", "is also the threatener")),
    ({"threats": [THREAT]}, ("roles.threats[t].war", "unknown war role 'w'")),
    ({"wars": [WAR | {"side_a": "UKR", "side_b": "RUS", "side_b_view": None}],
      "threats": [THREAT]},
     ("roles.threats[t].war", "has side A UKR, not the target RUS")),
    ({"wars": [WAR], "threats": [THREAT | {"stakes_issue": "land"}]},
     ("roles.threats[t].stakes_issue", "unknown issue 'land'")),
])
def test_bad_roles_are_errors_with_their_path(roles: dict[str, object],
                                              expected: tuple[str, str]) -> None:
    path, fragment = expected
    problems = _problems(roles)
    assert any(p == path and fragment in m for p, m in problems), problems


@pytest.mark.parametrize(("roles", "path"), [
    ({"resolution": [{"issue": "territory", "points": 1}]}, "roles.resolution.0.points"),
    ({"resolution": [{"issue": "territory", "points": True}]}, "roles.resolution.0.points"),
    ({"coalitions": [{"id": "c", "parties": ["RUS"]}]}, "roles.coalitions.c.parties"),
    ({"coalitions": [{"id": "c", "parties": ["RUS", "RUS"]}]}, "roles.coalitions.c.parties"),
    ({"veto": []}, "roles.veto"),
    ({"wars": [WAR | {"sides": "x"}]}, "roles.wars.w.sides"),
])
def test_malformed_roles_are_field_errors(roles: dict[str, object], path: str) -> None:
    with pytest.raises(ScenarioError) as info:
        _build(_with_roles(roles))
    assert any(p.path.replace("[", ".").replace("]", "") == path for p in info.value.problems), \
        info.value.problems


def test_with_parties_keeps_the_roles_of_the_remaining_parties():
    data = _with_roles({"veto": ["RUS", "UKR"],
                        "coalitions": [{"id": "c", "parties": ["RUS", "EUR", "UKR"]}]})
    s = Scenario.from_json(json.dumps(data))
    without = s.with_parties(["RUS", "EUR"])
    assert without.roles.veto == ("RUS",) and without.roles.coalitions == ()
    assert s.with_parties(["EUR"]).roles.veto is None
