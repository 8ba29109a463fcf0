"""Provenance: where a claim's quotes come from, and what it assumes beyond them.

A quote (:class:`~positions.Evidence`) cites a source and is attributed to an
origin, the party that first said it; one that leaves the origin out is
attributed to its source's ``default_origin`` or, for a publication cited by
reference (``kind: publication``), to the publication itself: its authors are
the origin, and its id names it. Corroboration counts the
quotes behind an item, the distinct articles quoted and the distinct origins
behind them, so four outlets repeating one Bloomberg report count as four
sources but one origin. An item's assumptions are the premises from outside
the sources that its judged numbers (:class:`~positions.Estimate`) rest on.

:class:`~positions.Scenario` reads these through its methods
(:meth:`~positions.Scenario.origin_of`,
:meth:`~positions.Scenario.corroboration`) and its tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from positions._walk import walk_estimates, walk_evidence, walk_evidence_with_actor
from positions.attribution import attribution_of, item_actor, strongest
from positions.sources import Evidence, Origin, Source

__all__ = ["Corroboration", "assumptions", "corroborate", "grade", "resolve_origin"]


@dataclass(frozen=True, slots=True)
class Corroboration:
    """How well a claim is corroborated.

    Attributes
    ----------
    n_quotes : int
        Number of evidence items.
    n_sources : int
        Number of distinct articles quoted.
    n_origins : int
        Number of distinct origins behind the quotes (four outlets repeating
        one Bloomberg report count once).
    sources, origins : tuple of str
        The distinct ids, sorted.
    """

    n_quotes: int
    n_sources: int
    n_origins: int
    sources: tuple[str, ...]
    origins: tuple[str, ...]


def resolve_origin(evidence: Evidence, sources: Mapping[str, Source]) -> str:
    """Return the evidence's origin, or its source's default when it gives none.

    The default is the source's ``default_origin``; a publication without one
    is its own origin (its id is returned).

    Parameters
    ----------
    evidence : Evidence
    sources : mapping of str to Source
        The scenario's sources by id.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        If the origin is left out and the source is not in ``sources``, or is
        an article with no ``default_origin``.

    Examples
    --------
    >>> from positions import Evidence, Source
    >>> source = Source(id="s1", text="Talks resumed.", default_origin="reuters")
    >>> resolve_origin(Evidence(source="s1", quote="Talks"), {"s1": source})
    'reuters'
    >>> paper = Source(id="nash1950", kind="publication", authors=["Nash, J. F."], year=1950,
    ...                title="The bargaining problem", venue="Econometrica")
    >>> resolve_origin(Evidence(source="nash1950", locator="p. 160"), {"nash1950": paper})
    'nash1950'
    """
    if evidence.origin is not None:
        return evidence.origin
    source = sources.get(evidence.source)
    if source is None:
        raise KeyError(f"no source {evidence.source!r}, so the quote's origin is unknown")
    if source.default_origin is None:
        if source.is_publication:
            return source.id
        raise KeyError(
            f"the quote gives no origin and source {evidence.source!r} has no default_origin"
        )
    return source.default_origin


def corroborate(item: Any, sources: Mapping[str, Source]) -> Corroboration:
    """Count the quotes, distinct sources and distinct origins inside ``item``.

    Parameters
    ----------
    item : Position, Belief, Fact, Option, Claim, Estimate, ...
        Any model of a scenario; the evidence of everything nested in it counts.
    sources : mapping of str to Source
        The scenario's sources by id, to resolve omitted origins.

    Returns
    -------
    Corroboration

    Raises
    ------
    KeyError
        If an omitted origin cannot be resolved (see :func:`resolve_origin`).
    """
    evidence = [ev for _, ev in walk_evidence(item, "")]
    srcs = tuple(sorted({ev.source for ev in evidence}))
    origs = tuple(sorted({resolve_origin(ev, sources) for ev in evidence}))
    return Corroboration(len(evidence), len(srcs), len(origs), srcs, origs)


def grade(
    item: Any,
    *,
    origins: Mapping[str, Origin],
    sources: Mapping[str, Source],
    actor: str | None = None,
) -> str:
    """Return the evidence grade of an item: the strongest attribution among its quotes.

    Each quote is attributed relative to the actor of the innermost item
    holding it (a position's actor, a belief's holder), or ``actor`` when
    the item has none of its own (an estimate taken out of its position).
    See :mod:`positions.attribution` for the grades.

    Parameters
    ----------
    item : Position, Belief, Option, Estimate, ...
        Any model of a scenario.
    origins, sources : mapping of str to Origin, Source
        The scenario's origins and sources by id.
    actor : str, optional
        The actor the item belongs to, when it does not say.

    Returns
    -------
    str
        One of :data:`positions.attribution.GRADES`; ``no_quote`` when the
        item holds no quote.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> origins, sources = {o.id: o for o in s.origins}, {x.id: x for x in s.sources}
    >>> from positions.attribution import GRADES
    >>> grade(s.position("RUS", "territory"), origins=origins, sources=sources) in GRADES
    True
    """
    start = item_actor(item) or actor
    return strongest(
        attribution_of(ev, actor=who, origins=origins, sources=sources)
        for _, ev, who in walk_evidence_with_actor(item, "", start)
    )


def assumptions(node: Any) -> tuple[str, ...]:
    """Return the distinct assumptions of every Estimate inside ``node``, in order.

    Parameters
    ----------
    node : Any
        A scenario or any model in it.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> len(assumptions(s.position("UKR", "nato")))
    3
    """
    found = (a for _, est in walk_estimates(node, "") for a in est.assumptions)
    return tuple(dict.fromkeys(found))
