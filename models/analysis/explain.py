"""Why a step of :func:`models.analyze` does not apply, said in the scenario's terms.

A model checks its arguments and, when they do not fit, raises an error in
scikit-learn's form (``The 'scenario' parameter of GraphModel.from_scenario must
be ...``): right for a programmer calling the model, wrong for the author of a
scenario, who never called it. When a step of :func:`models.analyze` fails,
the analysis asks this module's :data:`EXPLANATIONS` for the reason in the
scenario's terms: what the scenario lacks, by id, and what to add. A step
without an explanation, or whose explanation finds nothing missing, keeps the
model's own message.

An explanation is a function ``(scenario) -> str or None``: the reason, or None
when the scenario has what the step needs. Adding one is one function and one
entry in :data:`EXPLANATIONS`, under the step's name as :func:`models.analyze`
records it in ``Analysis.skipped``.

Examples
--------
>>> import positions
>>> s = positions.load("ukraine-ceasefire-2025-05")
>>> explain("graph model", s) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from models.gmcr.options import _MAX_OPTIONS

if TYPE_CHECKING:
    from positions import Scenario

__all__ = ["EXPLANATIONS", "explain"]

def _names(ids: list[str]) -> str:
    """Join ids with commas."""
    return ", ".join(ids)


def _graph_model(scenario: Scenario) -> str | None:
    """Say what the Graph Model lacks: options, two actors with them, preference lists."""
    if not scenario.options:
        return ("no options declared: the Graph Model needs options (the actions each actor "
                "controls) of at least two actors, and a preference list for each of them")
    owners = [a.id for a in scenario.actors if any(o.actor == a.id for o in scenario.options)]
    if len(owners) < 2:
        return (f"only {_names(owners)} controls options: the Graph Model needs options of at "
                "least two actors (add options for another actor, with its preferences)")
    if len(scenario.options) > _MAX_OPTIONS:
        return (f"{len(scenario.options)} options in all: the Graph Model takes at most "
                f"{_MAX_OPTIONS} (its states are every combination of options)")
    listed = {p.actor for p in scenario.preferences}
    unlisted = [a for a in owners if a not in listed]
    if unlisted:
        return (f"{_names(unlisted)} control{'s' * (len(unlisted) == 1)} options but "
                f"{'has' if len(unlisted) == 1 else 'have'} no preference list: add "
                "preferences (ranked statements over the options) for "
                f"{'it' if len(unlisted) == 1 else 'each'}")
    idle = sorted(listed - set(owners))
    if idle:
        return (f"{_names(idle)} {'has' if len(idle) == 1 else 'have'} a preference list but "
                "no options: the Graph Model's decision makers are the actors with options")
    return None


def _careless_parties(scenario: Scenario) -> list[str]:
    """Return the parties whose every position has salience 0, or that take none."""
    cares = {p.actor for p in scenario.positions if p.salience.value > 0}
    return [a.id for a in scenario.parties if a.id not in cares]


def _forecast(scenario: Scenario) -> str | None:
    """Say which parties give the forecasts nothing to weigh: no salience, no capability."""
    careless = _careless_parties(scenario)
    if careless:
        return (f"{_names(careless)} give{'s' * (len(careless) == 1)} salience 0 to every "
                "issue (or take no position on any): the forecasts weigh each party's "
                "positions by salience, so give it a position with a salience above 0, or "
                "make it an observer (party: false)")
    powerless = [a.id for a in scenario.parties
                 if a.capability is not None and a.capability.value <= 0]
    if powerless:
        return (f"{_names(powerless)} {'has' if len(powerless) == 1 else 'have'} capability 0: "
                "the dynamic forecasts weigh each party's votes by its capability, so give "
                "every party a capability above 0, or make it an observer (party: false)")
    return None


def _monte_carlo(scenario: Scenario) -> str | None:
    """Say that nothing is uncertain, when every judged number is fixed."""
    if all(e.uncertainty.dist == "fixed" for e in scenario.estimates().values()):
        return ("every judged number of the scenario is fixed (uncertainty {dist: fixed}): "
                "there is nothing to draw; give the numbers you are unsure of a distribution")
    return None


EXPLANATIONS: Mapping[str, Callable[[Scenario], str | None]] = MappingProxyType({
    "graph model": _graph_model,
    "forecast": _forecast,
    "forecast (dynamic)": _forecast,
    "monte carlo": _monte_carlo,
})
"""For each step of :func:`models.analyze`, what the scenario lacks for it, if anything."""


def explain(step: str, scenario: Scenario) -> str | None:
    """Return why ``step`` does not apply to ``scenario``, in the scenario's terms.

    Parameters
    ----------
    step : str
        A step's name as :func:`models.analyze` records it in ``Analysis.skipped``.
    scenario : positions.Scenario

    Returns
    -------
    str or None
        The reason, naming what to add; None when the step has no explanation
        or the scenario has what it needs (the model's own message then stands).

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> explain("graph model", s.model_copy(update={"options": ()}))[:19]
    'no options declared'
    """
    found = EXPLANATIONS.get(step)
    return None if found is None else found(scenario)
