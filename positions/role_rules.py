"""The cross-reference rule of the ``roles`` section (:mod:`positions.roles`).

Part of :data:`positions.rules.RULES`: every id a role names must be a declared
item of the right kind (a party, an actor, an issue, a parameter, a proposition,
an option of the right actor, a war role with the right side A), each problem
at its path ``roles.<section>[<id>].<field>``.

Examples
--------
>>> import positions
>>> role_references(positions.load("ukraine-ceasefire-2025-05"))
[]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from positions.errors import Problem, unknown_id

if TYPE_CHECKING:
    from positions.scenario import Scenario

__all__ = ["role_references"]


def _role_ids(scenario: Scenario) -> dict[str, set[str]]:
    """Return the declared ids a role may name, by kind."""
    return {
        "party": {a.id for a in scenario.actors if a.party},
        "actor": {a.id for a in scenario.actors},
        "issue": {i.id for i in scenario.issues},
        "parameter": {p.id for p in scenario.parameters},
        "proposition": {p.id for p in scenario.propositions},
    }


def _check_ids(where: str, fields: Mapping[str, tuple[str | None, str]],
               ids: Mapping[str, set[str]]) -> list[Problem]:
    """Check each ``field: (value, kind)`` names a declared id of its kind."""
    return [
        Problem(f"{where}.{name}", unknown_id(kind, value, ids[kind]))
        for name, (value, kind) in fields.items()
        if value is not None and value not in ids[kind]
    ]


def _veto_and_coalitions(scenario: Scenario, ids: Mapping[str, set[str]]) -> list[Problem]:
    roles = scenario.roles
    problems = [
        Problem("roles.veto", unknown_id("party", party, ids["party"]))
        for party in roles.veto or () if party not in ids["party"]
    ]
    veto = set(roles.veto) if roles.veto is not None else ids["party"]
    for coalition in roles.coalitions:
        where = f"roles.coalitions[{coalition.id}].parties"
        unknown = [p for p in coalition.parties if p not in ids["party"]]
        problems += [Problem(where, unknown_id("party", p, ids["party"])) for p in unknown]
        missing = sorted(veto - set(coalition.parties))
        if not unknown and missing:
            problems.append(Problem(where, f"leaves out the veto parties {', '.join(missing)}: "
                                           "no agreement of this coalition could stand"))
    return problems


def _resolutions(scenario: Scenario, ids: Mapping[str, set[str]]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for k, entry in enumerate(scenario.roles.resolution):
        where = f"roles.resolution[{k}].issue"
        if entry.issue not in ids["issue"]:
            problems.append(Problem(where, unknown_id("issue", entry.issue, ids["issue"])))
        elif entry.issue in seen:
            problems.append(Problem(where, f"{entry.issue!r} is given a resolution twice"))
        seen.add(entry.issue)
    return problems


def _wars(scenario: Scenario, ids: Mapping[str, set[str]]) -> list[Problem]:
    problems = []
    holders: dict[str, set[str]] = {}
    for belief in scenario.beliefs:
        holders.setdefault(belief.proposition, set()).add(belief.holder)
    for war in scenario.roles.wars:
        where = f"roles.wars[{war.id}]"
        problems += _check_ids(where, {
            "side_a": (war.side_a, "actor"), "side_b": (war.side_b, "actor"),
            "proposition": (war.proposition, "proposition"),
            "cost_a": (war.cost_a, "parameter"), "cost_b": (war.cost_b, "parameter"),
            "side_b_view": (war.side_b_view, "actor"), "common_p": (war.common_p, "parameter"),
            "months": (war.months, "parameter"), "shift": (war.shift, "parameter"),
        }, ids)
        if war.side_a == war.side_b:
            problems.append(Problem(f"{where}.side_b", f"{war.side_b!r} is also side_a: a war "
                                                       "needs two different sides"))
        held = holders.get(war.proposition, set())
        views = (("side_a", war.side_a), ("side_b_view", war.side_b_view or war.side_b))
        for name, holder in views:
            if war.proposition in ids["proposition"] and holder in ids["actor"] \
                    and holder not in held:
                problems.append(Problem(
                    f"{where}.{name}", f"{holder!r} holds no belief about {war.proposition!r} "
                    f"(holders: {', '.join(sorted(held)) or 'none'})"))
    return problems


def _threats(scenario: Scenario, ids: Mapping[str, set[str]]) -> list[Problem]:
    problems = []
    owner = {o.id: o.actor for o in scenario.options}
    wars = {w.id: w for w in scenario.roles.wars}
    for threat in scenario.roles.threats:
        where = f"roles.threats[{threat.id}]"
        problems += _check_ids(where, {
            "threatener": (threat.threatener, "actor"), "target": (threat.target, "actor"),
            "stakes_issue": (threat.stakes_issue, "issue"),
            "threatener_cost": (threat.threatener_cost, "parameter"),
            "target_cost": (threat.target_cost, "parameter"),
            "audience_cost": (threat.audience_cost, "parameter"),
            "threatener_discount": (threat.threatener_discount, "parameter"),
            "target_discount": (threat.target_discount, "parameter"),
        }, ids)
        if threat.threatener == threat.target:
            problems.append(Problem(f"{where}.target", f"{threat.target!r} is also the "
                                                       "threatener: a threat needs two actors"))
        for name, option, actor in (("demand", threat.demand, threat.target),
                                    ("threat", threat.threat, threat.threatener)):
            if option not in owner:
                problems.append(Problem(f"{where}.{name}", unknown_id("option", option, owner)))
            elif owner[option] != actor:
                role = "target" if name == "demand" else "threatener"
                problems.append(Problem(f"{where}.{name}", f"{option!r} is an option of "
                                        f"{owner[option]}, not of the {role} {actor}"))
        war = wars.get(threat.war)
        if war is None:
            problems.append(Problem(f"{where}.war", unknown_id("war role", threat.war, wars)))
        elif war.side_a != threat.target:
            problems.append(Problem(f"{where}.war", f"the war role {threat.war!r} has side A "
                                    f"{war.side_a}, not the target {threat.target}"))
    return problems


def role_references(scenario: Scenario) -> list[Problem]:
    """Check that every id of the ``roles`` section names a declared item of the right kind.

    Veto parties and coalition members must be parties, and a coalition must
    hold every veto party; a resolution must name a numeric issue; a war's
    sides must be two actors holding beliefs about its proposition, its costs
    parameters; a threat's demand must be an option of the target and its
    threat an option of the threatener, and its war role must have the target
    as side A.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``roles.<section>[<id>].<field>`` (``roles.resolution[<k>].issue``).
    """
    ids = _role_ids(scenario)
    return (_veto_and_coalitions(scenario, ids) + _resolutions(scenario, ids)
            + _wars(scenario, ids) + _threats(scenario, ids))
