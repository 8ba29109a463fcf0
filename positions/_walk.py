"""Walking a scenario's tree of models, naming each item by its path.

A path reads like ``positions[RUS/territory].evidence[0]``: field names joined
with dots, and list items labelled by their id (``actors[USA]``), their
``actor/issue`` key (positions and no-position statements), their actor, or
else their index. These paths name estimates (:meth:`Scenario.estimates`),
quotes (:meth:`Scenario.evidence_frame`) and problems
(:class:`~positions.Problem`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from positions.entities import Estimate, NoPosition, Position
from positions.sources import Evidence

__all__ = [
    "estimate_steps",
    "item_label",
    "walk_estimates",
    "walk_estimates_in_context",
    "walk_evidence",
]


def item_label(item: Any) -> str | None:
    """Return how a list item is named in a path, or None to use its index."""
    if isinstance(item, Position):
        return item.key
    if isinstance(item, NoPosition):
        return f"{item.actor}/{item.issue}"
    ident = getattr(item, "id", None)
    if isinstance(ident, str):
        return ident
    actor = getattr(item, "actor", None)
    return actor if isinstance(actor, str) else None


def walk_evidence(node: Any, path: str) -> Iterator[tuple[str, Evidence]]:
    """Yield ``(path, evidence)`` for every Evidence inside ``node``."""
    if isinstance(node, Evidence):
        yield path, node
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from walk_evidence(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = item_label(item)
            yield from walk_evidence(item, f"{path}[{label if label is not None else i}]")


def walk_estimates(node: Any, path: str) -> Iterator[tuple[str, Estimate]]:
    """Yield ``(path, estimate)`` for every Estimate inside ``node``."""
    if isinstance(node, Estimate):
        yield path, node
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from walk_estimates(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = item_label(item)
            yield from walk_estimates(item, f"{path}[{label if label is not None else i}]")


def estimate_steps(node: Any, steps: tuple[str | int, ...], path: str) -> Iterator[
    tuple[str, tuple[str | int, ...]]
]:
    """Yield ``(path, steps)`` for every Estimate: the keys and indices that reach it in a dump."""
    if isinstance(node, Estimate):
        yield path, steps
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            child = f"{path}.{name}" if path else name
            yield from estimate_steps(getattr(node, name), (*steps, name), child)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = item_label(item)
            child = f"{path}[{label if label is not None else i}]"
            yield from estimate_steps(item, (*steps, i), child)


def walk_estimates_in_context(
    node: Any, path: str, holder: tuple[str, Any] | None = None
) -> Iterator[tuple[str, Estimate, tuple[str, Any] | None]]:
    """Like :func:`walk_estimates`, with the nearest enclosing item that carries evidence.

    The holder is ``(path, item)`` of the innermost model above the estimate
    whose ``evidence`` is not empty (a position, belief, parameter, ...), or
    None when there is none.
    """
    if isinstance(node, Estimate):
        yield path, node, holder
        return
    if isinstance(node, BaseModel):
        if getattr(node, "evidence", ()):
            holder = (path, node)
        for name in type(node).model_fields:
            child = f"{path}.{name}" if path else name
            yield from walk_estimates_in_context(getattr(node, name), child, holder)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = item_label(item)
            child = f"{path}[{label if label is not None else i}]"
            yield from walk_estimates_in_context(item, child, holder)
