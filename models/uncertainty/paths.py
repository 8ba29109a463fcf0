r"""Scenario paths: naming an uncertain input, finding where it lands, writing it back.

An input is addressed by its *path* in the scenario,
``collection[label].attribute`` (``positions[RUS/territory].salience``,
``actors[USA].capability``, ``beliefs[b_RUS_four_regions].probability``,
``parameters[war_cost_RUS].value``, ``disagreement[RUS].utility``,
``positions[RUS/nato].acceptable.high``...), or, for a model's own
parameter, by a *free name* (``audience_cost``). A path that names a
number of :func:`models.scenario_arrays` has a *target*: the array and the
index it replaces in a :class:`~models.uncertainty.ScenarioBatch`,

.. math::

    \texttt{positions[}a/k\texttt{].salience} \mapsto s_{\cdot, a, k}, \qquad
    \texttt{actors[}a\texttt{].capability} \mapsto c_{\cdot, a}, \qquad
    \texttt{issues[}k\texttt{].status\_quo} \mapsto q_{\cdot, k},

(the dot is the draw axis); other paths (beliefs, parameters) and free names
have none and are read by name.

Path patterns select inputs as in the Exploratory Modeling Workbench (Kwakkel
2017): ``*`` matches any text and ``?`` one character, brackets are literal,
and a pattern also matches the paths that continue it after a dot.

References
----------
.. [1] Kwakkel, J. H. (2017). The Exploratory Modeling Workbench: an open
   source toolkit for exploratory modeling, scenario discovery, and
   (multi-objective) robust decision making. *Environmental Modelling &
   Software*, 96, 239-250.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models._checks import param_error
from models.outcomes.arrays import ScenarioArrays

__all__ = ["InputTarget"]

_FREE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_PATH = re.compile(r"(?P<coll>[a-z_]+)\[(?P<label>[^\]]+)\]\.(?P<attr>[a-z_.]+)")

_POSITION_KINDS = {"ideal": "ideals", "salience": "saliences",
                   "acceptable.low": "acceptable_low", "acceptable.high": "acceptable_high"}


@dataclass(frozen=True, slots=True)
class InputTarget:
    """Where an input lands in a :class:`~models.uncertainty.ScenarioBatch`.

    Attributes
    ----------
    kind : str
        The batch array the input replaces: ``'ideals'``, ``'saliences'``,
        ``'acceptable_low'``, ``'acceptable_high'`` (index ``(actor,
        issue)``), ``'capabilities'``, ``'disagreement'`` (index
        ``(actor,)``), ``'status_quo'`` (index ``(issue,)``), or ``''`` for an
        input kept only by name (a belief, a parameter, a free name).
    index : tuple of int
        Its index in that array after the draw axis (empty when ``kind`` is ``''``).

    Examples
    --------
    >>> import positions
    >>> from models import uncertain
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"), include="actors[*]")
    >>> inputs.targets[0]
    InputTarget(kind='capabilities', index=(0,))
    """

    kind: str
    index: tuple[int, ...]


_NOWHERE = InputTarget("", ())


def _target(name: str, actors: Mapping[str, int], issues: Mapping[str, int]) -> InputTarget:
    match = _PATH.fullmatch(name)
    if match is None:
        return _NOWHERE
    coll, label, attr = match["coll"], match["label"], match["attr"]
    if coll == "positions" and "/" in label:
        actor, issue = label.split("/", 1)
        kind = _POSITION_KINDS.get(attr, "")
        if kind and actor in actors and issue in issues:
            return InputTarget(kind, (actors[actor], issues[issue]))
    elif coll == "actors" and attr == "capability" and label in actors:
        return InputTarget("capabilities", (actors[label],))
    elif coll == "issues" and attr == "status_quo" and label in issues:
        return InputTarget("status_quo", (issues[label],))
    elif coll == "disagreement" and attr == "utility" and label in actors:
        return InputTarget("disagreement", (actors[label],))
    return _NOWHERE


def _targets(names: Sequence[str], arrays: ScenarioArrays | None) -> tuple[InputTarget, ...]:
    """Return the target of each name in the arrays (none without arrays)."""
    if arrays is None:
        return tuple(_NOWHERE for _ in names)
    actors = {a: i for i, a in enumerate(arrays.actor_ids)}
    issues = {k: i for i, k in enumerate(arrays.issue_ids)}
    return tuple(_target(name, actors, issues) for name in names)


# ------------------------------------------------------------------ patterns
def _glob(pattern: str) -> re.Pattern[str]:
    """Compile a pattern where only ``*`` and ``?`` are wildcards (brackets are literal).

    It matches a whole path, or a path that continues it after a dot, so that
    ``positions[RUS/nato]`` selects every estimate of that position.
    """
    body = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.compile(body + r"(\..*)?\Z")


def _matches(name: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    return any(p.match(name) for p in patterns)


def _patterns(value: str | Sequence[str] | None, name: str, func: str) -> list[re.Pattern[str]]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    if not all(isinstance(p, str) for p in items):
        raise param_error(name, func, "a path pattern or a sequence of them", repr(value)[:60])
    return [_glob(p) for p in items]


# -------------------------------------------------------- writing scenario data
def _differs(a: float, b: float) -> bool:
    """Tell whether two values differ beyond rounding (1e-12)."""
    return abs(a - b) > 1e-12 * max(1.0, abs(a), abs(b))


def _find_item(items: list[dict[str, Any]], label: str) -> dict[str, Any]:
    for item in items:
        actor, issue = item.get("actor"), item.get("issue")
        if actor is not None and issue is not None and f"{actor}/{issue}" == label:
            return item
        if item.get("id") == label or (issue is None and actor == label):
            return item
    raise KeyError(label)


def _set_estimate(
    data: dict[str, Any], path: str, value: float, uncertainty: dict[str, Any] | None = None
) -> None:
    """Set the estimate at ``path`` of scenario data to ``value`` (uncertainty: fixed)."""
    match = _PATH.fullmatch(path)
    if match is None:
        raise KeyError(path)
    item = _find_item(data[match["coll"]], match["label"])
    node: Any = item
    parts = match["attr"].split(".")
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = {**node[parts[-1]], "value": value,
                       "uncertainty": uncertainty or {"dist": "fixed"}}
    if match["coll"] == "positions" and parts == ["ideal"] and item.get("option") is not None:
        item["option"] = None
