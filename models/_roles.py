"""The scenario's model roles as the case-specific models read them (private).

A scenario says in its ``roles`` section which actors, propositions, options
and parameters play which part in war bargaining and in threat games
(:mod:`positions.roles`). These helpers look a role up by id and turn a missing
role, belief or parameter into an error in the scenario's terms, which
:func:`models.analyze` shows as the reason a step is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


def _role(scenario: Scenario, kind: str, role_id: str | None, func: str) -> Any:
    """Return the ``kind`` role ``role_id`` (default: the first), else raise in the case's terms."""
    role = scenario.roles.war(role_id) if kind == "war" else scenario.roles.threat(role_id)
    if role is not None:
        return role
    declared = scenario.roles.wars if kind == "war" else scenario.roles.threats
    if not declared:
        hint = _WAR_HINT if kind == "war" else _THREAT_HINT
        raise ValueError(f"scenario {scenario.id!r} declares no {kind} roles: {hint}")
    ids = [r.id for r in declared]
    raise param_error(kind, func, f"one of the {kind} roles of scenario {scenario.id!r} {ids}",
                      repr(role_id))


def war_role(scenario: Scenario, war: str | None, func: str) -> WarRole:
    """Return the war role ``war`` (default: the first) of ``scenario``.

    Raises
    ------
    ValueError
        If the scenario declares no war role, or none with id ``war``.
    """
    role: WarRole = _role(scenario, "war", war, func)
    return role


def war_view(role: WarRole, side_b_view: str | None, func: str) -> str:
    """Return the holder whose belief stands for side B's view: ``side_b_view`` or the role's.

    Raises
    ------
    ValueError
        If the view is side A itself: the two sides of a war must differ, so
        side B's view cannot be side A's belief.
    """
    view = side_b_view or role.side_b_view or role.side_b
    if view == role.side_a:
        where = "side_b_view" if side_b_view else f"roles.wars[{role.id}].side_b_view"
        raise param_error("side_b_view", func,
                          f"a holder other than side_a ({role.side_a!r}) of {where}: the two "
                          "sides of a war differ", repr(view))
    return view


def threat_role(scenario: Scenario, threat: str | None, func: str) -> ThreatRole:
    """Return the threat role ``threat`` (default: the first) of ``scenario``.

    Raises
    ------
    ValueError
        If the scenario declares no threat role, or none with id ``threat``.
    """
    role: ThreatRole = _role(scenario, "threat", threat, func)
    return role


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
