"""Who is speaking: the attribution of each quote and the evidence grade of each claim.

An article that reports a demand, an anonymous source relaying it, an author's
guess and the actor on record are different evidence. Each
:class:`~positions.Evidence` item therefore has an *attribution*: who speaks
in the quoted passage, and in what capacity, relative to the actor whose
position, belief, option or parameter the quote supports. From strongest to
weakest:

=====================  ==================================================================
``on_record``          the actor itself on record: its leader or spokesperson, or one of
                       its institutions (a ministry's statement)
``official``           a named official of the actor
``anonymous``          anonymous sources relaying the actor ("people close to the Kremlin")
``other_party``        another party describing the actor
``analyst``            a named analyst or expert; a publication's coding (an analyst
                       who is the actor, holding a belief, is on record)
``author_assessment``  the article's author or outlet asserting or assessing in its own voice
``author_guess``       the author speculating or forecasting ("seems to be", "should not be
                       considered unlikely")
``no_quote``           (a grade only) no quote at all: the analyst's coding
=====================  ==================================================================

The attribution is derived from the quote's :class:`~positions.Origin` (its
``kind``, and the ``actor`` and ``capacity`` it speaks for) unless the
evidence states it (``attribution: author_guess``); a stated attribution must
fit the origin (an author cannot be "on record" for an actor). The *grade* of
an item is the strongest attribution among its quotes, or ``no_quote``; an
estimate with quotes of its own is graded on them, otherwise it takes the
grade of the item holding it. The order ranks how directly a quote comes
from the actor: a party's own public statement, then its officials, then
relays, then other parties and commentary, then conjecture. It plays the
part that the information-credibility scale of the NATO "Admiralty code"
(STANAG 2511) plays in intelligence analysis, graded by attribution rather
than by a source's track record; the spacing of :func:`weakness` is a
convention of stances, not a measurement.

References
----------
North Atlantic Treaty Organization. *STANAG 2511: Intelligence reports*
(source reliability A-F and information credibility 1-6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from positions.sources import Evidence, Origin, Source

__all__ = [
    "ATTRIBUTIONS",
    "ATTRIBUTION_LABELS",
    "COMPATIBLE",
    "GRADES",
    "Attribution",
    "Capacity",
    "Grade",
    "attribution_of",
    "grade_rank",
    "item_actor",
    "strongest",
    "weakness",
]

Attribution = Literal[
    "on_record",
    "official",
    "anonymous",
    "other_party",
    "analyst",
    "author_assessment",
    "author_guess",
]
"""Who speaks in a quoted passage, and in what capacity (strongest first)."""

Grade = Literal[
    "on_record",
    "official",
    "anonymous",
    "other_party",
    "analyst",
    "author_assessment",
    "author_guess",
    "no_quote",
]
"""The evidence grade of a claim: its strongest attribution, or ``no_quote``."""

Capacity = Literal["leader", "spokesperson", "official", "institution"]
"""In what capacity an :class:`~positions.Origin` speaks for its actor."""

ATTRIBUTIONS: tuple[str, ...] = get_args(Attribution)
"""Every attribution, strongest first."""
GRADES: tuple[str, ...] = get_args(Grade)
"""Every grade, strongest first (``no_quote`` last)."""

ATTRIBUTION_LABELS: Mapping[str, str] = MappingProxyType({
    "on_record": "the actor on record (leader, spokesperson or institution)",
    "official": "an official of the actor",
    "anonymous": "anonymous sources relaying the actor",
    "other_party": "another party describing the actor",
    "analyst": "a named analyst",
    "author_assessment": "the article's author or outlet (assessment)",
    "author_guess": "the article's author (speculation or forecast)",
    "no_quote": "no quote: the analyst's coding",
})
"""A readable description of each grade, for tables and reports."""

COMPATIBLE: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "official": ("on_record", "official", "other_party"),
    "government": ("on_record", "official", "other_party"),
    "anonymous_source": ("anonymous", "other_party"),
    "analyst": ("on_record", "analyst", "author_guess"),
    "author": ("author_assessment", "author_guess"),
    "news_agency": ("author_assessment", "author_guess"),
    "outlet": ("author_assessment", "author_guess"),
    "publication": ("analyst", "author_assessment", "author_guess"),
})
"""The attributions an evidence item may state, by the kind of its origin.

A publication that is its own origin (no :class:`~positions.Origin`) counts as
``publication``. No statement can raise a quote above what its origin is: an
author's passage is never "on record" for an actor.
"""

_ON_RECORD = frozenset({"leader", "spokesperson", "institution"})


def grade_rank(grade: str) -> int:
    """Return the position of a grade in :data:`GRADES` (0 is the strongest).

    Parameters
    ----------
    grade : str
        One of :data:`GRADES`.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``grade`` is not a grade.

    Examples
    --------
    >>> grade_rank("on_record"), grade_rank("no_quote")
    (0, 7)
    """
    if grade not in GRADES:
        raise ValueError(f"{grade!r} is not a grade; use one of {', '.join(GRADES)}")
    return GRADES.index(grade)


def weakness(grade: str) -> float:
    """Return how weak the evidence of a grade is, in (0, 1].

    The grades are spaced evenly: ``(rank + 1) / len(GRADES)``, from 0.125
    for ``on_record`` to 1 for ``no_quote``. This is an ordinal convention
    (one step per grade), not a measured reliability.

    Parameters
    ----------
    grade : str
        One of :data:`GRADES`.

    Returns
    -------
    float

    Examples
    --------
    >>> weakness("on_record"), weakness("author_guess"), weakness("no_quote")
    (0.125, 0.875, 1.0)
    """
    return (grade_rank(grade) + 1) / len(GRADES)


def strongest(attributions: Iterable[str]) -> str:
    """Return the strongest of some attributions, or ``no_quote`` if there are none.

    Parameters
    ----------
    attributions : iterable of str

    Returns
    -------
    str
        A grade.

    Examples
    --------
    >>> strongest(["author_guess", "anonymous"]), strongest([])
    ('anonymous', 'no_quote')
    """
    return min(attributions, key=grade_rank, default="no_quote")


def item_actor(item: Any) -> str | None:
    """Return the actor a claim belongs to: a position's or option's actor, a belief's holder.

    Parameters
    ----------
    item : Any
        A position, belief, option, parameter or any other model; an actor
        belongs to itself (its capability).

    Returns
    -------
    str or None
        None for items that belong to no actor (facts, issues).
    """
    from positions.entities import Actor

    if isinstance(item, Actor):
        return item.id
    for name in ("actor", "holder"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    return None


def _derived(origin: Origin | None, actor: str | None) -> str:
    """Return the attribution an origin gives a quote about ``actor``."""
    if origin is None:  # a publication that is its own origin
        return "analyst"
    same = origin.actor is not None and origin.actor == actor
    kind = origin.kind
    if kind in ("official", "government"):
        if not same:
            return "other_party"
        on_record = kind == "government" or origin.capacity in _ON_RECORD
        return "on_record" if on_record else "official"
    if kind == "anonymous_source":
        return "other_party" if origin.actor is not None and not same else "anonymous"
    if kind == "analyst":
        return "on_record" if same else "analyst"
    return "author_assessment"


def attribution_of(
    evidence: Evidence,
    *,
    actor: str | None,
    origins: Mapping[str, Origin],
    sources: Mapping[str, Source],
) -> str:
    """Return who speaks in a quote, relative to the actor of the claim it supports.

    Parameters
    ----------
    evidence : Evidence
        The quote; its stated ``attribution`` wins when given.
    actor : str or None
        The actor of the claim (a position's actor, a belief's holder); None
        for claims that belong to no actor.
    origins : mapping of str to Origin
        The scenario's origins by id.
    sources : mapping of str to Source
        The scenario's sources by id (to resolve an omitted origin).

    Returns
    -------
    str
        One of :data:`ATTRIBUTIONS`.

    Examples
    --------
    >>> from positions import Evidence, Origin, Source
    >>> src = Source(id="s", text="The Kremlin said no.")
    >>> peskov = Origin(id="peskov", name="Peskov", kind="official", actor="RUS",
    ...                 capacity="spokesperson")
    >>> ev = Evidence(source="s", quote="said no", origin="peskov")
    >>> kw = {"origins": {"peskov": peskov}, "sources": {"s": src}}
    >>> attribution_of(ev, actor="RUS", **kw), attribution_of(ev, actor="UKR", **kw)
    ('on_record', 'other_party')
    """
    if evidence.attribution is not None:
        return evidence.attribution
    from positions.provenance import resolve_origin

    try:
        origin_id = resolve_origin(evidence, sources)
    except KeyError:
        return "author_assessment"
    return _derived(origins.get(origin_id), actor)
