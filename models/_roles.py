"""The scenario's model roles as the case-specific models read them (private).

A scenario says in its ``roles`` section which actors, propositions, options
and parameters play which part in war bargaining and in threat games
(:mod:`positions.roles`). These helpers look a role up by id and turn a missing
role, belief or parameter into an error in the scenario's terms, which
:func:`models.analyze` shows as the reason a step is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models._checks import param_error

if TYPE_CHECKING:
    from positions import Scenario
    from positions.entities import Belief
    from positions.roles import ThreatRole, WarRole

_WAR_HINT = (
    "add roles.wars (side_a, side_b, proposition, cost_a, cost_b; "
    "see the README's \"Model roles\")"
)
_THREAT_HINT = (
    "add roles.threats (threatener, target, demand, threat, war, threatener_cost, "
    "target_cost; see the README's \"Model roles\")"
)


def war_role(scenario: Scenario, war: str | None, func: str) -> WarRole:
    """Return the war role ``war`` (default: the first) of ``scenario``.

    Raises
    ------
    ValueError
        If the scenario declares no war role, or none with id ``war``.
    """
    role = scenario.roles.war(war)
    if role is not None:
        return role
    ids = [w.id for w in scenario.roles.wars]
    if not ids:
        raise ValueError(f"scenario {scenario.id!r} declares no war roles: {_WAR_HINT}")
    raise param_error("war", func, f"one of the war roles of scenario {scenario.id!r} {ids}",
                      repr(war))


def threat_role(scenario: Scenario, threat: str | None, func: str) -> ThreatRole:
    """Return the threat role ``threat`` (default: the first) of ``scenario``.

    Raises
    ------
    ValueError
        If the scenario declares no threat role, or none with id ``threat``.
    """
    role = scenario.roles.threat(threat)
    if role is not None:
        return role
    ids = [t.id for t in scenario.roles.threats]
    if not ids:
        raise ValueError(f"scenario {scenario.id!r} declares no threat roles: {_THREAT_HINT}")
    raise param_error("threat", func, f"one of the threat roles of scenario {scenario.id!r} {ids}",
                      repr(threat))


def role_belief(scenario: Scenario, holder: str, proposition: str, where: str) -> Belief:
    """Return ``holder``'s belief about ``proposition``; ``where`` names the role field.

    Raises
    ------
    ValueError
        If ``holder`` holds no belief about ``proposition``.
    """
    beliefs = scenario.beliefs_about(proposition)
    for belief in beliefs:
        if belief.holder == holder:
            return belief
    holders = sorted(b.holder for b in beliefs)
    raise ValueError(
        f"{where}: {holder!r} holds no belief about {proposition!r} in scenario "
        f"{scenario.id!r} (holders: {', '.join(holders) or 'none'}); add one under beliefs."
    )


def parameter_value(scenario: Scenario, parameter_id: str) -> float:
    """Return the point value of parameter ``parameter_id`` (checked when the scenario loads)."""
    return float(scenario.parameter(parameter_id).value.value)
