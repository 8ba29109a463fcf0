"""Titles of the case-specific sections of the summary and the report, from the scenario.

The war, threat and Graph Model sections are named by what the scenario declares,
never by a fixed case: a war or threat role's ``label``, else the names of its
actors (``"Transit authority against Transit workers' union"``); the Graph Model's
decision makers by name; the Monte Carlo events in words. :mod:`models.analysis.summary` and
:mod:`models.analysis.report_sections` read them here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.analysis.analyze import Analysis
    from positions import Scenario

__all__ = ["EVENTS", "decision_makers_text", "threat_text", "threat_title", "war_title"]

EVENTS = {
    "all.zopa": "a ZOPA exists among all parties",
    "core.zopa": "a ZOPA exists among the core parties",
    "war.range_exists": "a Fearon bargaining range exists (common beliefs)",
    "war.optimism_range_exists": "a range exists despite divergent beliefs",
    "threat.credible": "the threat is credible",
    "threat.deters": "a credible threat would deter its target",
}
"""The Monte Carlo events of :func:`models.analyze`, in words (the summary, report and
:func:`models.explore` read them here)."""


def _name(scenario: Scenario, actor_id: str) -> str:
    """Return an actor's name (its id when it is not declared)."""
    return next((a.name for a in scenario.actors if a.id == actor_id), actor_id)


def war_title(scenario: Scenario) -> str | None:
    """Name the scenario's (first) war role: its label, else "A against B"; None without one.

    Parameters
    ----------
    scenario : positions.Scenario

    Returns
    -------
    str or None

    Examples
    --------
    >>> import positions
    >>> war_title(positions.load("ukraine-ceasefire-2025-05"))
    'Russia against Ukraine and its Western backers'
    """
    war = scenario.roles.war()
    if war is None:
        return None
    return war.label or f"{_name(scenario, war.side_a)} against {_name(scenario, war.side_b)}"


def threat_title(scenario: Scenario) -> str | None:
    """Name the scenario's (first) threat role: its label, else who threatens whom.

    Parameters
    ----------
    scenario : positions.Scenario

    Returns
    -------
    str or None
        None when the scenario declares no threat role.

    Examples
    --------
    >>> import positions
    >>> threat_title(positions.load("ukraine-ceasefire-2025-05"))
    'The US threat of new sanctions if Russia refuses a ceasefire'
    """
    threat = scenario.roles.threat()
    if threat is None:
        return None
    return threat.label or (f"{_name(scenario, threat.threatener)}'s threat against "
                            f"{_name(scenario, threat.target)}")


def decision_makers_text(analysis: Analysis) -> str:
    """Name the Graph Model's decision makers, "A, B and C" (empty when it did not run).

    Parameters
    ----------
    analysis : Analysis

    Returns
    -------
    str
    """
    if analysis.stability is None:
        return ""
    names = [_name(analysis.scenario, dm) for dm in analysis.stability.model.decision_makers]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def threat_text(scenario: Scenario) -> str:
    """Say what the threat game is about: who threatens what unless whom takes what.

    Parameters
    ----------
    scenario : positions.Scenario

    Returns
    -------
    str
        One sentence, from the (first) threat role's actors and option labels.

    Examples
    --------
    >>> import positions
    >>> threat_text(positions.load("ukraine-ceasefire-2025-05")).split(": ")[1][:40]
    'United States threatens “Impose new sanc'
    """
    threat = scenario.roles.threat()
    if threat is None:
        return "The subgame-perfect equilibrium of the threat game."
    labels = {o.id: o.label for o in scenario.options}
    return (f"The subgame-perfect equilibrium of the threat game: "
            f"{_name(scenario, threat.threatener)} threatens "
            f"\u201c{labels.get(threat.threat, threat.threat)}\u201d unless "
            f"{_name(scenario, threat.target)} takes "
            f"\u201c{labels.get(threat.demand, threat.demand)}\u201d.")
