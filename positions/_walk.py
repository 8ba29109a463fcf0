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

from positions.attribution import item_actor
from positions.entities import Estimate, NoPosition, Position
from positions.sources import Evidence

__all__ = [
    "estimate_steps",
    "item_label",
    "walk_estimates",
    "walk_estimates_in_context",
    "walk_evidence",
    "walk_evidence_with_actor",
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


def walk_evidence_with_actor(
    node: Any, path: str, actor: str | None = None
) -> Iterator[tuple[str, Evidence, str | None]]:
    """Like :func:`walk_evidence`, with the actor of the innermost item that belongs to one.

    The actor is a position's, option's or parameter's ``actor`` or a belief's
    ``holder`` (see :func:`positions.attribution.item_actor`); None for quotes
    in items of no actor (facts, issues).
    """
    if isinstance(node, Evidence):
        yield path, node, actor
        return
    if isinstance(node, BaseModel):
        actor = item_actor(node) or actor
        for name in type(node).model_fields:
            child = f"{path}.{name}" if path else name
            yield from walk_evidence_with_actor(getattr(node, name), child, actor)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = item_label(item)
            child = f"{path}[{label if label is not None else i}]"
            yield from walk_evidence_with_actor(item, child, actor)


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
    node: Any, path: str, holder: tuple[str, Any] | None = None, actor: str | None = None
) -> Iterator[tuple[str, Estimate, tuple[str, Any] | None, str | None]]:
    """Like :func:`walk_estimates`, with the nearest enclosing item that carries evidence.

    Yields ``(path, estimate, holder, actor)``. The holder is ``(path, item)``
    of the innermost model above the estimate whose ``evidence`` is not empty
    (a position, belief, parameter, ...), or None when there is none; the
    actor is that of the innermost item above it that belongs to one (as in
    :func:`walk_evidence_with_actor`).
    """
    if isinstance(node, Estimate):
        yield path, node, holder, actor
        return
    if isinstance(node, BaseModel):
        if getattr(node, "evidence", ()):
            holder = (path, node)
        actor = item_actor(node) or actor
        for name in type(node).model_fields:
            child = f"{path}.{name}" if path else name
            yield from walk_estimates_in_context(getattr(node, name), child, holder, actor)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = item_label(item)
            child = f"{path}[{label if label is not None else i}]"
            yield from walk_estimates_in_context(item, child, holder, actor)
