"""What-if copies: a scenario with some judged numbers changed, named by path.

The paths are those of :meth:`Scenario.estimates <positions.Scenario.estimates>`
(``"positions[RUS/sanctions].salience"``, ``"parameters[war_cost_RUS].value"``).
A change is applied to the scenario's plain data, and the result is validated
as a whole with :meth:`Scenario.from_dict <positions.Scenario.from_dict>`, so a
bad change is reported with its path and the original is never touched. Each
changed value can be recorded among the estimate's ``assumptions``, so the
copy's provenance says it is not from the sources.

A new value moves the estimate's uncertainty with it (``uncertainty="move"``,
the default): the distribution is shifted by the change and, where that would
leave the kind's hard range (:func:`hard_range`), re-centred inside it
(:mod:`positions.moves` gives the rule for each family). Monte Carlo and
sensitivity analyses of the copy therefore sample around the new value. A
value outside the current support is refused unless ``outside_support=True``;
a value outside the hard range is always an error. ``uncertainty="keep"``
keeps the distribution as coded (the value must then lie in its support).
"""

from __future__ import annotations

import difflib
import math
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from positions._walk import estimate_steps
from positions.entities import Estimate, Issue, Position
from positions.errors import Problem, ScenarioError
from positions.estimates import HardRange
from positions.moves import move_uncertainty

if TYPE_CHECKING:
    from positions.scenario import Scenario

__all__ = ["hard_range", "with_estimates"]

UncertaintyRule = Literal["move", "keep"]
"""What a new value does to an estimate's uncertainty."""


def _declared(field: Any) -> HardRange | None:
    """Return the :class:`HardRange` marker of a field's type, if any (also inside Optional)."""
    for item in field.metadata:
        if isinstance(item, HardRange):
            return item
    for arg in typing.get_args(field.annotation):
        for item in getattr(arg, "__metadata__", ()):
            if isinstance(item, HardRange):
                return item
    return None


def _range_at(scenario: Scenario, steps: tuple[str | int, ...]) -> tuple[float, float]:
    node: Any = scenario
    parent: Any = None
    issue: Issue | None = None
    for step in steps:
        parent = node
        node = node[step] if isinstance(step, int) else getattr(node, step)
        if isinstance(node, Issue):
            issue = node
        elif isinstance(node, Position):
            issue = next((i for i in scenario.issues if i.id == node.issue), None)
    last = steps[-1]
    if isinstance(parent, BaseModel) and isinstance(last, str):
        marker = _declared(type(parent).model_fields[last])
        if marker is not None:
            return (marker.low, marker.high)
    if issue is not None:
        return (float(issue.scale.low), float(issue.scale.high))
    return (-math.inf, math.inf)


def hard_range(scenario: Scenario, path: str) -> tuple[float, float]:
    """Return the range an estimate's value and uncertainty can never leave.

    [0, 1] for a salience, a probability or a disagreement utility; the
    issue's scale for an ideal point, an acceptable bound or a status quo;
    [0, inf) for a capability; unbounded for a free parameter.

    Parameters
    ----------
    scenario : Scenario
    path : str
        A path of :meth:`Scenario.estimates <positions.Scenario.estimates>`.

    Returns
    -------
    tuple of float
        ``(low, high)``; either end may be infinite.

    Raises
    ------
    KeyError
        If the path names no estimate.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> hard_range(s, "positions[RUS/territory].salience")
    (0.0, 1.0)
    >>> hard_range(s, "positions[RUS/territory].ideal")
    (0.0, 100.0)
    >>> hard_range(s, "actors[RUS].capability")
    (0.0, inf)
    """
    where = dict(estimate_steps(scenario, (), ""))
    if path not in where:
        raise KeyError(_unknown(scenario, path, where))
    return _range_at(scenario, where[path])


def _unknown(scenario: Scenario, path: str, where: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(path, list(where), n=3, cutoff=0.5)
    hint = f"; did you mean {close}?" if close else ""
    return f"no estimate at {path!r} in scenario {scenario.id!r}{hint}"


def _span(low: float, high: float) -> str:
    return f"[{low:g}, {high:g}]"


def _moved(path: str, old: Estimate, new_value: float, hard: tuple[float, float],
           outside_support: bool) -> tuple[dict[str, Any], str]:
    """Return the moved estimate's data and the note that records the move."""
    if not hard[0] <= new_value <= hard[1]:
        side = f"above {hard[1]:g}" if new_value > hard[1] else f"below {hard[0]:g}"
        raise ScenarioError([Problem(path, f"{new_value:g} is {side}")])
    low, high = old.bounds()
    outside = not low - 1e-9 <= new_value <= high + 1e-9
    if outside and not outside_support:
        raise ScenarioError([Problem(
            path,
            f"value {new_value:g} lies outside its uncertainty's support {_span(low, high)}; "
            "pass outside_support=True (stances analyze --set-outside) to move the "
            "distribution there",
        )])
    try:
        move = move_uncertainty(old.uncertainty, old.value, new_value, hard)
    except ValueError as exc:
        raise ScenarioError([Problem(path, str(exc))]) from None
    data = old.model_dump() | {"value": new_value, "uncertainty": move.uncertainty}
    note = f"what-if: value {old.value:g} -> {new_value:g}"
    if outside:
        note += f", outside the coded range {_span(low, high)}"
    if move.how == "collapsed":
        note += "; distribution squeezed to a point (now fixed)"
    elif move.how != "unchanged" and old.uncertainty.dist != "fixed":
        note += f"; distribution {move.how} to {_span(*move.support)}"
    if old.words is not None:
        data["words"] = None
        note += f"; the source's words {old.words!r} no longer apply"
    return data, note


def _changed(path: str, old: Estimate, change: float | Estimate | Mapping[str, Any],
             record: bool, hard: tuple[float, float], uncertainty: UncertaintyRule,
             outside_support: bool) -> Any:
    """Return the plain data of the estimate that replaces ``old``."""
    if isinstance(change, Estimate):
        return change.model_dump()
    update = dict(change) if isinstance(change, Mapping) else {"value": change}
    new = old.model_dump() | update
    if "value" not in update or update["value"] == old.value:
        return new
    note = f"what-if: value {old.value:g} -> {update['value']:g}"
    if (uncertainty == "move" and "uncertainty" not in update
            and isinstance(update["value"], int | float) and not isinstance(update["value"], bool)):
        moved, note = _moved(path, old, float(update["value"]), hard, outside_support)
        new = moved | {k: v for k, v in update.items() if k != "value"}
    if record:
        new["assumptions"] = [*old.assumptions, f"{note} (not from the sources)"]
    return new


def with_estimates(
    scenario: Scenario,
    changes: Mapping[str, float | Estimate | Mapping[str, Any]],
    *,
    record: bool = True,
    uncertainty: UncertaintyRule = "move",
    outside_support: bool = False,
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
    uncertainty : {'move', 'keep'}, default 'move'
        ``'move'``: a new value moves the distribution with it
        (:mod:`positions.moves`); ``'keep'``: the distribution stays as coded.
    outside_support : bool, default False
        Accept a new value outside the current support (with ``'move'``).

    Returns
    -------
    Scenario

    Raises
    ------
    KeyError
        If a path names no estimate (the message lists the closest paths).
    ScenarioError
        If the changed scenario is invalid, with every problem and its path.
    ValueError
        If ``uncertainty`` is not ``'move'`` or ``'keep'``.

    Notes
    -----
    A position that names the issue option at its ideal (``option:``) keeps
    it only while the ideal sits there: a new ideal takes the option at the
    new value, or none when no option sits there.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> path = "positions[RUS/sanctions].salience"
    >>> with_estimates(s, {path: 0.3}).estimates()[path].value
    0.3

    A value outside the coded range needs ``outside_support=True``; the
    distribution is then re-centred inside the hard range:

    >>> with_estimates(s, {path: 0.9})
    Traceback (most recent call last):
    ...
    positions.errors.ScenarioError: positions[RUS/sanctions].salience: value 0.9 lies \
outside its uncertainty's support [0.05, 0.4]; pass outside_support=True (stances analyze \
--set-outside) to move the distribution there
    >>> w = with_estimates(s, {path: 0.9}, outside_support=True).estimates()[path]
    >>> w.bounds(), w.uncertainty.mode
    ((0.75, 1.0), 0.9)
    >>> w.assumptions[-1]
    'what-if: value 0.2 -> 0.9, outside the coded range [0.05, 0.4]; distribution \
re-centred to [0.75, 1] (not from the sources)'
    """
    from positions.scenario import Scenario

    if uncertainty not in ("move", "keep"):
        raise ValueError(f"uncertainty must be 'move' or 'keep', got {uncertainty!r}")
    where = dict(estimate_steps(scenario, (), ""))
    current = scenario.estimates()
    data = scenario.model_dump()
    problems: list[Problem] = []
    for path, change in changes.items():
        if path not in where:
            raise KeyError(_unknown(scenario, path, where))
        *parents, last = where[path]
        node: Any = data
        for step in parents:
            node = node[step]
        try:
            node[last] = _changed(path, current[path], change, record,
                                  _range_at(scenario, where[path]), uncertainty, outside_support)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        if last == "ideal" and isinstance(node, dict) and node.get("option") is not None:
            node["option"] = _option_at(scenario, node.get("issue"), node[last]["value"])
    if problems:
        raise ScenarioError(problems)
    return Scenario.from_dict(data)


def _option_at(scenario: Scenario, issue_id: Any, value: float) -> str | None:
    """Return the id of the issue option at ``value`` (a moved ideal keeps or loses it)."""
    issue = next((i for i in scenario.issues if i.id == issue_id), None)
    options = issue.options if issue is not None else ()
    return next((o.id for o in options if abs(o.value - value) <= 1e-9), None)
