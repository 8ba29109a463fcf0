"""What-if copies: a scenario with some judged numbers changed, named by path.

The paths are those of :meth:`Scenario.estimates <positions.Scenario.estimates>`
(``"positions[RUS/sanctions].salience"``, ``"parameters[war_cost_RUS].value"``).
A change is applied to the scenario's plain data, and the result is validated
as a whole with :meth:`Scenario.from_dict <positions.Scenario.from_dict>`, so a
bad change is reported with its path and the original is never touched. Each
changed value can be recorded among the estimate's ``assumptions``, so the
copy's provenance says it is not from the sources.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from positions._walk import estimate_steps
from positions.entities import Estimate

if TYPE_CHECKING:
    from positions.scenario import Scenario

__all__ = ["with_estimates"]


def _changed(old: Estimate, change: float | Estimate | Mapping[str, Any], record: bool) -> Any:
    """Return the plain data of the estimate that replaces ``old``."""
    if isinstance(change, Estimate):
        return change.model_dump()
    update = dict(change) if isinstance(change, Mapping) else {"value": change}
    new = old.model_dump() | update
    if record and "value" in update and update["value"] != old.value:
        note = f"what-if: value {old.value:g} -> {update['value']:g}"
        new["assumptions"] = [*old.assumptions, f"{note} (not from the sources)"]
    return new


def with_estimates(
    scenario: Scenario,
    changes: Mapping[str, float | Estimate | Mapping[str, Any]],
    *,
    record: bool = True,
) -> Scenario:
    """Return a validated copy of ``scenario`` with some judged numbers changed.

    Parameters
    ----------
    scenario : Scenario
    changes : mapping of str to float, Estimate or mapping
        For each path, the change (as in :meth:`Scenario.with_estimates
        <positions.Scenario.with_estimates>`).
    record : bool, default True
        Note each changed value among the estimate's ``assumptions``.

    Returns
    -------
    Scenario

    Raises
    ------
    KeyError
        If a path names no estimate (the message lists the closest paths).
    ScenarioError
        If the changed scenario is invalid, with every problem and its path.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> path = "positions[RUS/sanctions].salience"
    >>> with_estimates(s, {path: 0.3}).estimates()[path].value
    0.3
    """
    from positions.scenario import Scenario

    where = dict(estimate_steps(scenario, (), ""))
    current = scenario.estimates()
    data = scenario.model_dump()
    for path, change in changes.items():
        if path not in where:
            close = difflib.get_close_matches(path, list(where), n=3, cutoff=0.5)
            hint = f"; did you mean {close}?" if close else ""
            raise KeyError(f"no estimate at {path!r} in scenario {scenario.id!r}{hint}")
        *parents, last = where[path]
        node: Any = data
        for step in parents:
            node = node[step]
        node[last] = _changed(current[path], change, record)
    return Scenario.from_dict(data)
