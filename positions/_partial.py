"""The cross-reference rules on the parts of a scenario whose fields did validate.

When a field of a scenario file is wrong (a salience of 1.4, an unknown
``kind``), Pydantic stops before the rules of :data:`positions.rules.RULES` run,
so a quote that is not in its source would only show up after the field is
fixed. :func:`rule_problems` runs the rules on a scenario assembled from the
items that did validate (each item that failed is left out, each top-level
field that failed takes its default) and keeps only what they find that
cannot be a consequence of leaving something out:

- nothing at or under the path of an item that failed (its own error says it);
- no "unknown actor 'X'" when ``X`` is declared but failed to validate
  (likewise for every kind of id), and none of a kind whose whole list failed;
- no missing position where the position (or its no-position statement)
  failed, and no salience sum while a position or the conventions failed.

The evidence inside an item that failed is checked too (each evidence item
that validates on its own), so a typo in a quote shows up together with a
wrong number in the same position.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, get_origin

from pydantic import TypeAdapter, ValidationError

from positions.entities import Claim, Fact
from positions.errors import Problem, _path
from positions.rules import RULES, evidence_references
from positions.scenario import Scenario
from positions.sources import Evidence

__all__ = ["rule_problems"]

_KINDS: Mapping[str, tuple[str, ...]] = {
    "origins": ("origin",),
    "sources": ("source",),
    "actors": ("actor", "party"),
    "issues": ("issue",),
    "options": ("option",),
    "propositions": ("proposition",),
    "beliefs": ("belief",),
    "facts": ("fact",),
    "parameters": ("parameter",),
}
"""The words of :func:`positions.errors.unknown_id` messages about each list's ids."""

_AGGREGATES: Mapping[str, tuple[str, ...]] = {
    "salience_convention": ("positions", "conventions", "actors"),
}
"""Rules that sum over a list: skipped when an item of one of these fields failed."""

_PLACEHOLDERS: Mapping[str, Any] = {
    "id": "scenario", "title": "-", "date": dt.date(1, 1, 1), "actors": (),
}
"""Stand-ins for required fields that are missing or failed (no rule reads the first three)."""

_TWINS = {"positions": "no_positions", "no_positions": "positions"}
"""A party's position on an issue, or its statement of none: the coverage rule wants one."""


def rule_problems(data: Mapping[str, Any], exc: ValidationError) -> list[Problem]:
    """Run the rules on the parts of ``data`` that validated; keep what they find there.

    Parameters
    ----------
    data : Mapping
        The raw scenario data (includes expanded) that failed to validate.
    exc : pydantic.ValidationError
        The error validating it raised.

    Returns
    -------
    list of Problem
        The rules' problems that do not follow from the failed parts (see the
        module docstring), in the order of :data:`positions.rules.RULES`.
    """
    failed_items: dict[str, set[int]] = {}
    failed_fields: set[str] = set()
    for err in exc.errors():
        loc = err["loc"]
        if not loc or not isinstance(loc[0], str) or loc[0] not in Scenario.model_fields:
            continue
        name = loc[0]
        if len(loc) > 1 and isinstance(loc[1], int) and isinstance(data.get(name), list):
            failed_items.setdefault(name, set()).add(loc[1])
        else:
            failed_fields.add(name)
    partial = _partial_scenario(data, failed_items, failed_fields)
    skipped = {
        rule for rule, fields in _AGGREGATES.items()
        if any(f in failed_fields or f in failed_items for f in fields)
    }
    paths, ids, kinds = _failed(data, failed_items, failed_fields)
    problems = []
    for name, rule in RULES.items():
        if name in skipped:
            continue
        try:
            found = rule(partial)
        except Exception:  # a rule may trip over what was left out: skip it
            continue
        problems += [p for p in found if not _follows(p, paths, ids, kinds)]
    found = _stray_evidence_problems(data, failed_items, partial)
    problems += [p for p in found if not _follows(p, [], ids, kinds)]
    return problems


def _raw_evidence(node: Any, loc: tuple[str | int, ...]) -> Iterator[
    tuple[tuple[str | int, ...], Any]
]:
    """Yield ``(location, item)`` for every item of an ``evidence`` list in raw data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "evidence" and isinstance(value, list):
                for i, item in enumerate(value):
                    yield (*loc, key, i), item
            else:
                yield from _raw_evidence(value, (*loc, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _raw_evidence(item, (*loc, i))


def _stray_evidence_problems(data: Mapping[str, Any], failed_items: Mapping[str, set[int]],
                             partial: Scenario) -> list[Problem]:
    """Check the evidence inside the items that failed: its quotes, sources and origins.

    Each evidence item that validates on its own is checked by
    :func:`positions.rules.evidence_references` as the evidence of a stand-in
    fact, and its problems are given the evidence's real path.
    """
    located = []
    for name, indices in failed_items.items():
        for i in sorted(indices):
            for loc, raw in _raw_evidence(data[name][i], (name, i)):
                try:
                    located.append((_path(loc, data), Evidence.model_validate(raw)))
                except ValidationError:
                    continue  # its own error is reported
    if not located:
        return []
    facts = tuple(
        Fact.model_construct(id=f"e{k}", topic="-", kind=None, note=None,
                             claims=(Claim.model_construct(statement="-", evidence=(ev,)),))
        for k, (_, ev) in enumerate(located)
    )
    stand_in = Scenario.model_construct(**{**_PLACEHOLDERS, "origins": partial.origins,
                                           "sources": partial.sources, "facts": facts})
    problems = []
    for problem in evidence_references(stand_in):
        head, _, rest = problem.path.partition(".claims[0].evidence[0]")
        k = int(head.removeprefix("facts[e").removesuffix("]"))
        problems.append(Problem(located[k][0] + rest, problem.message))
    return problems


def _partial_scenario(data: Mapping[str, Any], failed_items: Mapping[str, set[int]],
                      failed_fields: set[str]) -> Scenario:
    """Assemble a scenario (not validated) of the fields and list items that did validate."""
    values: dict[str, Any] = dict(_PLACEHOLDERS)
    for name, field in Scenario.model_fields.items():
        if name not in data or name in failed_fields:
            continue  # its default, or a placeholder
        raw = data[name]
        annotation: Any = field.annotation
        is_list = get_origin(annotation) is tuple
        bad = failed_items.get(name, set())
        kept = [item for i, item in enumerate(raw) if i not in bad] if bad else raw
        try:
            values[name] = TypeAdapter(annotation).validate_python(kept)
        except ValidationError:  # not expected: these parts raised no error
            values[name] = () if is_list else raw
    return Scenario.model_construct(**values)


def _failed(data: Mapping[str, Any], failed_items: Mapping[str, set[int]],
            failed_fields: set[str]) -> tuple[list[str], set[str], set[str]]:
    """Return the paths of the failed parts, the ids they declare, and the id kinds all lost."""
    paths = sorted(failed_fields)
    ids: set[str] = set()
    kinds = {kind for name in failed_fields for kind in _KINDS.get(name, ())}
    for name, indices in failed_items.items():
        items = data[name]
        for i in indices:
            path = _path((name, i), data)
            paths.append(path)
            if name in _TWINS:
                paths.append(_TWINS[name] + path[len(name):])
            ident = items[i].get("id") if isinstance(items[i], dict) else None
            if isinstance(ident, str):
                ids.add(ident)
    return paths, ids, kinds


def _follows(problem: Problem, paths: list[str], ids: set[str], kinds: set[str]) -> bool:
    """Tell whether ``problem`` may be a consequence of the failed parts."""
    path, message = problem.path, problem.message
    if any(path == p or path.startswith((f"{p}.", f"{p}[")) for p in paths):
        return True
    if not message.startswith("unknown "):
        return False
    kind = message.removeprefix("unknown ").split(" '")[0]
    return kind in kinds or any(f" {ident!r} " in f"{message} " for ident in ids)
