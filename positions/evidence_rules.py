"""Rules on origins and quotes: who a claim is attributed to, and whether the quote is there.

Part of :data:`positions.rules.RULES` (which imports these functions and
runs them in its order): declared origins and the actors they speak for, the
origins a source is attributed to, and every evidence item's origin, source,
stated attribution (it must fit its origin's kind, see
:data:`positions.attribution.COMPATIBLE`) and quote, which must occur in the
article it cites (the error shows the nearest passages,
:func:`positions.find_quote`) or, on a publication, a locator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from positions._walk import walk_evidence
from positions.attribution import COMPATIBLE
from positions.errors import Problem, short_repr, short_text, unknown_id
from positions.quotes import MAX_QUOTE, find_quote
from positions.sources import Evidence, Origin, Source, normalize_text

if TYPE_CHECKING:
    from positions.scenario import Scenario

__all__ = ["evidence_references", "origin_actors", "origin_references", "source_origins"]


def origin_references(scenario: Scenario) -> list[Problem]:
    """Report origins relayed ``via`` an origin that is not declared.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``origins[<id>].via``.
    """
    origins = {o.id for o in scenario.origins}
    return [
        Problem(f"origins[{origin.id}].via", unknown_id("origin", via, origins))
        for origin in scenario.origins
        for via in origin.via
        if via not in origins
    ]


def origin_actors(scenario: Scenario) -> list[Problem]:
    """Report origins that speak for an undeclared actor, or in a capacity without one.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``origins[<id>].actor`` or ``origins[<id>].capacity``.
    """
    actors = {a.id for a in scenario.actors}
    problems = []
    for origin in scenario.origins:
        if origin.actor is not None and origin.actor not in actors:
            problems.append(
                Problem(f"origins[{origin.id}].actor", unknown_id("actor", origin.actor, actors))
            )
        if origin.capacity is not None and origin.actor is None:
            problems.append(Problem(
                f"origins[{origin.id}].capacity",
                f"{origin.capacity!r} is given but not the actor it speaks for: add actor",
            ))
    return problems


def source_origins(scenario: Scenario) -> list[Problem]:
    """Report sources attributed to an undeclared origin.

    A ``default_origin`` listed in ``attributed_to`` is checked there only.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``sources[<id>].attributed_to`` or ``sources[<id>].default_origin``.
    """
    origins = {o.id for o in scenario.origins}
    problems = []
    for source in scenario.sources:
        problems += [
            Problem(f"sources[{source.id}].attributed_to", unknown_id("origin", origin_id, origins))
            for origin_id in source.attributed_to
            if origin_id not in origins
        ]
        default = source.default_origin
        # A default listed in attributed_to is already checked there (and a Source
        # with attributed_to must list its default).
        if default is not None and default not in origins and not source.attributed_to:
            where = f"sources[{source.id}].default_origin"
            problems.append(Problem(where, unknown_id("origin", default, origins)))
    return problems


def _attribution_problems(path: str, ev: Evidence, found: Source | None,
                          origins: Mapping[str, Origin]) -> list[Problem]:
    """Return the problem of a stated attribution its origin cannot give, if any."""
    if ev.attribution is None or found is None:
        return []
    origin_id = ev.origin if ev.origin is not None else found.default_origin
    if origin_id is None:
        kind = "publication" if found.is_publication else None
    else:
        origin = origins.get(origin_id)
        kind = origin.kind if origin is not None else None
    if kind is None or ev.attribution in COMPATIBLE[kind]:
        return []
    allowed = ", ".join(COMPATIBLE[kind])
    return [Problem(
        f"{path}.attribution",
        f"{ev.attribution!r} does not fit origin {origin_id or found.id!r} (kind {kind}), "
        f"which allows: {allowed}",
    )]


def _evidence_problems(path: str, ev: Evidence, found: Source | None,
                       origins: Mapping[str, Origin],
                       sources: Mapping[str, Source]) -> list[Problem]:
    """Return the problems of one evidence item whose source is ``found`` (None: undeclared)."""
    problems = _attribution_problems(path, ev, found, origins)
    if ev.origin is not None:
        if ev.origin not in origins:
            problems.append(Problem(f"{path}.origin", unknown_id("origin", ev.origin, origins)))
    elif found is not None and found.default_origin is None and not found.is_publication:
        problems.append(
            Problem(f"{path}.origin", f"missing; source {ev.source!r} has no default_origin")
        )
    if found is None:
        return problems
    if found.is_publication and ev.locator is None:
        problems.append(Problem(f"{path}.locator", f"missing; {ev.source!r} is a publication: "
                                "say where in it (a table, page or section)"))
    if ev.quote is None:
        if not found.is_publication:
            problems.append(Problem(f"{path}.quote", f"missing; {ev.source!r} is an article: "
                                    "quote the passage"))
    elif found.text is not None and not found.contains_quote(ev.quote):
        message = _quote_not_found(ev.quote, ev.source, found.text, sources)
        problems.append(Problem(f"{path}.quote", message))
    return problems


_NEAR = 5.0
"""Passages scoring within this many points of the best are shown with it."""


def _quote_not_found(quote: str, source_id: str, text: str,
                     sources: Mapping[str, Source]) -> str:
    """Say that ``quote`` is not in the text of ``source_id``, with the nearest passages.

    Shows the best passage and any other within :data:`_NEAR` points of it,
    with their scores rounded down (so 100 % means verbatim), and names the
    other sources the quote does occur in (a wrong ``source``), if any.
    """
    message = f"{short_repr(quote, 200)} does not occur in source {short_repr(source_id, 60)}"
    if len(normalize_text(quote)) > MAX_QUOTE:  # longer than a passage: no search
        return message + f" (a quote of {len(quote):,} characters; a quote is a passage)"
    passages = find_quote(text, quote, n=3)
    if passages:
        near = [p for p in passages if p.score >= passages[0].score - _NEAR]
        shown = " or ".join(f'({int(p.score)}%): "{short_text(p.quote, 200)}"' for p in near)
        message += f"; nearest passage{'s' if len(near) > 1 else ''} {shown}"
    elsewhere = [
        repr(other.id) for other in sources.values()
        if other.id != source_id and other.contains_quote(quote)
    ]
    if elsewhere:
        plural = "s" if len(elsewhere) > 1 else ""
        message += f"; it occurs in source{plural} {', '.join(elsewhere)}"
    return message


def evidence_references(scenario: Scenario) -> list[Problem]:
    """Check every evidence item: its origin, its source, and its quote or locator.

    Each evidence item anywhere in the scenario must name a declared origin
    (or cite a source with a ``default_origin``, or a publication, which is
    its own origin) and cite a declared source. On an article it must quote
    text that occurs in that source (compared after
    :func:`~positions.normalize_text`); when it does not, the problem shows
    the nearest passages of the source and their scores
    (:func:`~positions.find_quote`). On a publication it must give a
    ``locator``; a quote of it is checked only when the publication's text is
    stored, and is otherwise the analyst's transcription of what the locator
    points at.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``<path of the evidence>.origin``, ``.source``, ``.locator`` or
        ``.quote``, the problems of one evidence item together.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> evidence_references(s)
    []
    """
    origins = {o.id: o for o in scenario.origins}
    sources = {s.id: s for s in scenario.sources}
    problems = []
    for path, ev in walk_evidence(scenario, ""):
        found = sources.get(ev.source)
        problems += _evidence_problems(path, ev, found, origins, sources)
        if found is None:
            problems.append(Problem(f"{path}.source", unknown_id("source", ev.source, sources)))
    return problems
