"""The :class:`Scenario`: everything the sources say about one negotiation.

A scenario holds sources and origins, actors, issues, positions (actor x
issue), options, propositions and beliefs, facts (with every version the
sources give), free parameters, disagreement points and, for the Graph Model,
option preferences and infeasible combinations. Loading a scenario checks every
cross-reference and that every quote occurs in its source; all problems are
reported together, each with its path.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, Field, model_validator

from positions._base import Id, StrictModel, Text
from positions.entities import (
    Actor,
    Belief,
    Conventions,
    DisagreementPoint,
    Estimate,
    Fact,
    Infeasibility,
    Issue,
    NoPosition,
    Option,
    OptionPreference,
    Parameter,
    Position,
    Proposition,
)
from positions.errors import Problem, ScenarioError
from positions.sources import Evidence, Origin, Source
from positions.statements import parse_statement

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Corroboration", "Scenario"]

_T = TypeVar("_T")


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


def _walk_evidence(node: Any, path: str) -> Iterator[tuple[str, Evidence]]:
    """Yield ``(path, evidence)`` for every Evidence inside ``node``."""
    if isinstance(node, Evidence):
        yield path, node
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk_evidence(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = _item_label(item)
            yield from _walk_evidence(item, f"{path}[{label if label is not None else i}]")


def _item_label(item: Any) -> str | None:
    if isinstance(item, Position):
        return item.key
    if isinstance(item, NoPosition):
        return f"{item.actor}/{item.issue}"
    ident = getattr(item, "id", None)
    if isinstance(ident, str):
        return ident
    actor = getattr(item, "actor", None)
    return actor if isinstance(actor, str) else None


def _walk_estimates(node: Any, path: str) -> Iterator[tuple[str, Estimate]]:
    """Yield ``(path, estimate)`` for every Estimate inside ``node``."""
    if isinstance(node, Estimate):
        yield path, node
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk_estimates(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = _item_label(item)
            yield from _walk_estimates(item, f"{path}[{label if label is not None else i}]")


def _estimate_steps(node: Any, steps: tuple[str | int, ...], path: str) -> Iterator[
    tuple[str, tuple[str | int, ...]]
]:
    """Yield ``(path, steps)`` for every Estimate: the keys and indices that reach it in a dump."""
    if isinstance(node, Estimate):
        yield path, steps
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            child = f"{path}.{name}" if path else name
            yield from _estimate_steps(getattr(node, name), (*steps, name), child)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = _item_label(item)
            child = f"{path}[{label if label is not None else i}]"
            yield from _estimate_steps(item, (*steps, i), child)


def _walk_estimates_in_context(
    node: Any, path: str, holder: tuple[str, Any] | None = None
) -> Iterator[tuple[str, Estimate, tuple[str, Any] | None]]:
    """Like :func:`_walk_estimates`, with the nearest enclosing item that carries evidence.

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
            yield from _walk_estimates_in_context(getattr(node, name), child, holder)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            label = _item_label(item)
            child = f"{path}[{label if label is not None else i}]"
            yield from _walk_estimates_in_context(item, child, holder)


def _resolve_origin(evidence: Evidence, sources: dict[str, Source]) -> str:
    """Return the evidence's origin, or its source's default when it gives none."""
    if evidence.origin is not None:
        return evidence.origin
    source = sources.get(evidence.source)
    if source is None:
        raise KeyError(f"no source {evidence.source!r}, so the quote's origin is unknown")
    if source.default_origin is None:
        raise KeyError(
            f"the quote gives no origin and source {evidence.source!r} has no default_origin"
        )
    return source.default_origin


def _assumptions(node: Any) -> tuple[str, ...]:
    """Return the distinct assumptions of every Estimate inside ``node``, in order."""
    found = (a for _, est in _walk_estimates(node, "") for a in est.assumptions)
    return tuple(dict.fromkeys(found))


_SEP = "; "
"""How several assumptions are joined into one table cell."""


def _counts(c: Corroboration) -> dict[str, int]:
    """Return the three corroboration counts as table columns."""
    return {"n_quotes": c.n_quotes, "n_sources": c.n_sources, "n_origins": c.n_origins}


def _premises(premises: tuple[str, ...]) -> dict[str, Any]:
    """Return the assumptions as table columns: how many, and joined into one cell."""
    return {"n_assumptions": len(premises), "assumptions": _SEP.join(premises)}


class Scenario(StrictModel):
    """A negotiation as the sources describe it, coded for analysis.

    Parameters
    ----------
    schema_version : int
        Version of the file format (1).
    id : str
    title : str
    date : datetime.date
        The date the scenario describes (e.g. the day of a phone call).
    description : str, optional
    conventions : Conventions
    origins, sources : tuple
        Where claims come from and the articles that report them.
    actors, issues, positions, no_positions : tuple
        Who takes part, the negotiation dimensions, what each party wants on
        each issue, and explicit statements of no position.
    options : tuple of Option
        Actions actors can take.
    propositions, beliefs : tuple
        Uncertain propositions and actors' subjective probabilities.
    facts : tuple of Fact
        Matters of fact, keeping every version when sources disagree, with
        the kind of disagreement (:meth:`facts_frame` lists them by claim).
    parameters : tuple of Parameter
        Free context parameters with units and uncertainty.
    disagreement : tuple of DisagreementPoint
        Each party's utility if there is no deal.
    preferences : tuple of OptionPreference
        Option prioritisation for the Graph Model.
    infeasible : tuple of Infeasibility
        Option combinations that cannot occur.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> s.actor("RUS").name
    'Russia'
    >>> s.position("RUS", "nato").kind
    'red_line'
    """

    schema_version: Literal[1] = 1
    id: Id
    title: Text
    date: dt.date
    description: Text | None = None
    conventions: Conventions = Field(default_factory=Conventions)
    origins: tuple[Origin, ...] = ()
    sources: tuple[Source, ...] = ()
    actors: tuple[Actor, ...] = Field(min_length=1)
    issues: tuple[Issue, ...] = ()
    positions: tuple[Position, ...] = ()
    no_positions: tuple[NoPosition, ...] = ()
    options: tuple[Option, ...] = ()
    propositions: tuple[Proposition, ...] = ()
    beliefs: tuple[Belief, ...] = ()
    facts: tuple[Fact, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    disagreement: tuple[DisagreementPoint, ...] = ()
    preferences: tuple[OptionPreference, ...] = ()
    infeasible: tuple[Infeasibility, ...] = ()

    # ------------------------------------------------------------------ checks
    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        problems = list(self._problems())
        if problems:
            raise ScenarioError(problems)
        return self

    def _problems(self) -> Iterator[Problem]:
        for name in (
            "origins",
            "sources",
            "actors",
            "issues",
            "options",
            "propositions",
            "beliefs",
            "facts",
            "parameters",
        ):
            counts = Counter(item.id for item in getattr(self, name))
            for ident, n in counts.items():
                if n > 1:
                    yield Problem(f"{name}[{ident}]", f"id {ident!r} is used {n} times")
        for name, keys in (
            ("positions", [p.key for p in self.positions]),
            ("no_positions", [f"{p.actor}/{p.issue}" for p in self.no_positions]),
            ("disagreement", [d.actor for d in self.disagreement]),
        ):
            for key, n in Counter(keys).items():
                if n > 1:
                    yield Problem(f"{name}[{key}]", f"{key!r} appears {n} times")

        origins = {o.id for o in self.origins}
        sources = {s.id: s for s in self.sources}
        actors = {a.id: a for a in self.actors}
        issues = {i.id: i for i in self.issues}
        options = {o.id for o in self.options}
        propositions = {p.id for p in self.propositions}

        def unknown(kind: str, value: str, known: Any) -> str:
            choices = ", ".join(sorted(known)) or "none declared"
            return f"unknown {kind} {value!r} (known: {choices})"

        for origin in self.origins:
            for via in origin.via:
                if via not in origins:
                    yield Problem(f"origins[{origin.id}].via", unknown("origin", via, origins))
        for source in self.sources:
            for origin_id in source.attributed_to:
                if origin_id not in origins:
                    yield Problem(
                        f"sources[{source.id}].attributed_to", unknown("origin", origin_id, origins)
                    )
            default = source.default_origin
            # A default listed in attributed_to is already checked there (and a Source
            # with attributed_to must list its default).
            if default is not None and default not in origins and not source.attributed_to:
                yield Problem(
                    f"sources[{source.id}].default_origin", unknown("origin", default, origins)
                )

        for path, ev in _walk_evidence(self, ""):
            found = sources.get(ev.source)
            if ev.origin is not None:
                if ev.origin not in origins:
                    yield Problem(f"{path}.origin", unknown("origin", ev.origin, origins))
            elif found is not None and found.default_origin is None:
                yield Problem(
                    f"{path}.origin", f"missing; source {ev.source!r} has no default_origin"
                )
            if found is None:
                yield Problem(f"{path}.source", unknown("source", ev.source, sources))
            elif not found.contains_quote(ev.quote):
                yield Problem(
                    f"{path}.quote",
                    f"quote {ev.quote!r} does not occur in source {ev.source!r}",
                )

        for position in self.positions:
            where = f"positions[{position.key}]"
            actor = actors.get(position.actor)
            if actor is None:
                yield Problem(f"{where}.actor", unknown("actor", position.actor, actors))
            elif not actor.party:
                yield Problem(
                    f"{where}.actor", f"{position.actor!r} is not a party and takes no positions"
                )
            issue = issues.get(position.issue)
            if issue is None:
                yield Problem(f"{where}.issue", unknown("issue", position.issue, issues))
                continue
            scale = issue.scale
            checks: list[tuple[str, Estimate | None]] = [("ideal", position.ideal)]
            if position.acceptable is not None:
                checks += [
                    ("acceptable.low", position.acceptable.low),
                    ("acceptable.high", position.acceptable.high),
                ]
            for name, est in checks:
                if est is None:
                    continue
                low, high = est.bounds()
                if not (scale.contains(est.value) and scale.contains(low) and scale.contains(high)):
                    yield Problem(
                        f"{where}.{name}",
                        f"{est.value} (plausible range [{low}, {high}]) leaves the scale of "
                        f"issue {issue.id!r}, [{scale.low:g}, {scale.high:g}]",
                    )
            if position.option is not None:
                match = [o for o in issue.options if o.id == position.option]
                if not match:
                    known_options = [o.id for o in issue.options]
                    yield Problem(
                        f"{where}.option", unknown("option", position.option, known_options)
                    )
                elif abs(match[0].value - position.ideal.value) > 1e-9:
                    yield Problem(
                        f"{where}.option",
                        f"option {position.option!r} sits at {match[0].value}, "
                        f"not at the ideal {position.ideal.value}",
                    )

        for entry in self.no_positions:
            where = f"no_positions[{entry.actor}/{entry.issue}]"
            if entry.actor not in actors:
                yield Problem(f"{where}.actor", unknown("actor", entry.actor, actors))
            if entry.issue not in issues:
                yield Problem(f"{where}.issue", unknown("issue", entry.issue, issues))

        covered = Counter([p.key for p in self.positions])
        covered.update(f"{p.actor}/{p.issue}" for p in self.no_positions)
        for actor in self.actors:
            if not actor.party:
                continue
            for issue in self.issues:
                key = f"{actor.id}/{issue.id}"
                if covered[key] == 0:
                    yield Problem(
                        f"positions[{key}]",
                        f"party {actor.id!r} has no position on issue {issue.id!r}: add one, "
                        "or say so in no_positions with a reason",
                    )
                elif covered[key] > 1 and key in {
                    f"{p.actor}/{p.issue}" for p in self.no_positions
                }:
                    yield Problem(
                        f"no_positions[{key}]", "listed in no_positions but also has a position"
                    )

        if self.conventions.salience == "sum_to_one":
            totals: dict[str, float] = {}
            for position in self.positions:
                totals[position.actor] = totals.get(position.actor, 0.0) + position.salience.value
            tol = self.conventions.salience_tolerance
            for actor_id, total in totals.items():
                if abs(total - 1.0) > tol:
                    yield Problem(
                        f"actors[{actor_id}]",
                        f"saliences sum to {total:.4g}, but the convention 'sum_to_one' needs "
                        f"1 +/- {tol:g}",
                    )

        for option in self.options:
            if option.actor not in actors:
                yield Problem(f"options[{option.id}].actor", unknown("actor", option.actor, actors))
        for belief in self.beliefs:
            if belief.holder not in actors:
                yield Problem(
                    f"beliefs[{belief.id}].holder", unknown("actor", belief.holder, actors)
                )
            if belief.proposition not in propositions:
                yield Problem(
                    f"beliefs[{belief.id}].proposition",
                    unknown("proposition", belief.proposition, propositions),
                )
        for parameter in self.parameters:
            if parameter.actor is not None and parameter.actor not in actors:
                yield Problem(
                    f"parameters[{parameter.id}].actor", unknown("actor", parameter.actor, actors)
                )
        for point in self.disagreement:
            if point.actor not in actors:
                yield Problem(
                    f"disagreement[{point.actor}].actor", unknown("actor", point.actor, actors)
                )
            elif not actors[point.actor].party:
                yield Problem(
                    f"disagreement[{point.actor}].actor", f"{point.actor!r} is not a party"
                )
        for i, pref in enumerate(self.preferences):
            where = f"preferences[{pref.actor}]"
            if pref.actor not in actors:
                yield Problem(f"{where}.actor", unknown("actor", pref.actor, actors))
            if [p.actor for p in self.preferences].count(pref.actor) > 1 and [
                p.actor for p in self.preferences
            ].index(pref.actor) == i:
                yield Problem(where, f"{pref.actor!r} has more than one preference list")
            for j, statement in enumerate(pref.statements):
                for name in sorted(parse_statement(statement).options() - options):
                    yield Problem(f"{where}.statements[{j}]", unknown("option", name, options))
        for k, infeasible in enumerate(self.infeasible):
            for name in sorted(parse_statement(infeasible.statement).options() - options):
                yield Problem(f"infeasible[{k}].statement", unknown("option", name, options))

    # ----------------------------------------------------------------- lookups
    def actor(self, actor_id: str) -> Actor:
        """Return the actor with id ``actor_id``.

        Raises
        ------
        KeyError
            If there is none.
        """
        return _find(self.actors, actor_id, "actor")

    def issue(self, issue_id: str) -> Issue:
        """Return the issue with id ``issue_id``.

        Raises
        ------
        KeyError
            If there is none.
        """
        return _find(self.issues, issue_id, "issue")

    def source(self, source_id: str) -> Source:
        """Return the source with id ``source_id``.

        Raises
        ------
        KeyError
            If there is none.
        """
        return _find(self.sources, source_id, "source")

    def _source_map(self) -> dict[str, Source]:
        """Map each source id to its source."""
        return {src.id: src for src in self.sources}

    def position(self, actor_id: str, issue_id: str) -> Position:
        """Return ``actor_id``'s position on ``issue_id``.

        Raises
        ------
        KeyError
            If the actor takes no position on the issue.
        """
        for position in self.positions:
            if position.actor == actor_id and position.issue == issue_id:
                return position
        raise KeyError(f"no position of {actor_id!r} on {issue_id!r}")

    @property
    def parties(self) -> tuple[Actor, ...]:
        """The actors that take positions, in scenario order."""
        return tuple(a for a in self.actors if a.party)

    def with_parties(self, actor_ids: Iterable[str]) -> Scenario:
        """Return a validated copy in which only the given actors are parties.

        The other parties become observers: their positions, no-position
        statements and disagreement points are dropped; their beliefs,
        options and preferences stay. Useful to ask which coalition of
        parties can agree (e.g. a ZOPA without the European leaders).

        Parameters
        ----------
        actor_ids : iterable of str
            Ids of current parties to keep as parties.

        Returns
        -------
        Scenario

        Raises
        ------
        KeyError
            If an id is not a party of this scenario.

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> [a.id for a in s.with_parties(["RUS", "USA"]).parties]
        ['RUS', 'USA']
        """
        keep = list(actor_ids)
        parties = {a.id for a in self.parties}
        missing = [a for a in keep if a not in parties]
        if missing:
            raise KeyError(f"not parties of {self.id!r}: {missing}")
        data = self.model_dump()
        data["actors"] = [
            {**a, "party": a["party"] and a["id"] in keep} for a in data["actors"]
        ]
        for name in ("positions", "no_positions", "disagreement"):
            data[name] = [p for p in data[name] if p["actor"] in keep]
        return Scenario.from_dict(data)

    def parameter(self, parameter_id: str) -> Parameter:
        """Return the parameter with id ``parameter_id``.

        Raises
        ------
        KeyError
            If there is none.
        """
        return _find(self.parameters, parameter_id, "parameter")

    def beliefs_about(self, proposition_id: str) -> tuple[Belief, ...]:
        """Return every belief about a proposition (one per holder)."""
        return tuple(b for b in self.beliefs if b.proposition == proposition_id)

    def estimates(self) -> dict[str, Estimate]:
        """Return every judged number in the scenario by its path.

        Paths read like ``positions[RUS/territory].salience`` or
        ``actors[USA].capability``; Monte Carlo work in :mod:`models` samples
        these by default. Each :class:`Estimate` carries its provenance: the
        quoted ``evidence`` and the non-source ``assumptions`` (tabulated by
        :meth:`estimates_frame`).

        Returns
        -------
        dict of str to Estimate

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> capability = s.estimates()["actors[USA].capability"]
        >>> capability.value, len(capability.evidence), len(capability.assumptions)
        (1.0, 0, 1)
        """
        return dict(_walk_estimates(self, ""))

    def with_estimates(
        self,
        changes: Mapping[str, float | Estimate | Mapping[str, Any]],
        *,
        record: bool = True,
    ) -> Scenario:
        """Return a validated copy with some judged numbers changed, named by path.

        The paths are those of :meth:`estimates` (and of the Monte Carlo
        inputs and sensitivity tables in :mod:`models`), e.g.
        ``"positions[RUS/sanctions].salience"`` or
        ``"parameters[war_cost_RUS].value"``. The copy is validated as a
        whole, so a bad change is reported with its path and value and the
        original is untouched.

        Parameters
        ----------
        changes : mapping of str to float, Estimate or mapping
            For each path: a number replaces the point value (the uncertainty
            stays, so the number must lie in its support); a mapping updates
            the named fields of the estimate (e.g. ``{"value": 0.6,
            "uncertainty": {"dist": "fixed"}}``); an :class:`Estimate`
            replaces it whole.
        record : bool, default True
            Add to each changed estimate's ``assumptions`` a line saying what
            was changed (``"what-if: value 0.95 -> 0.6 (not from the
            sources)"``), so the copy's provenance shows it. Not added when
            an :class:`Estimate` is given, which carries its own.

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
        >>> t = s.with_estimates({path: 0.3})
        >>> s.estimates()[path].value, t.estimates()[path].value
        (0.2, 0.3)
        >>> t.estimates()[path].assumptions[-1]
        'what-if: value 0.2 -> 0.3 (not from the sources)'
        >>> u = s.with_estimates({path: {"value": 0.6, "uncertainty": {"dist": "fixed"}}})
        >>> u.estimates()[path].bounds()
        (0.6, 0.6)
        >>> s.with_estimates({path: 1.4})
        Traceback (most recent call last):
        ...
        positions.errors.ScenarioError: positions[RUS/sanctions].salience: 1.4 is above 1
        """
        import difflib

        where = dict(_estimate_steps(self, (), ""))
        current = self.estimates()
        data = self.model_dump()
        for path, change in changes.items():
            if path not in where:
                close = difflib.get_close_matches(path, list(where), n=3, cutoff=0.5)
                hint = f"; did you mean {close}?" if close else ""
                raise KeyError(f"no estimate at {path!r} in scenario {self.id!r}{hint}")
            old = current[path]
            if isinstance(change, Estimate):
                new = change.model_dump()
            else:
                update = dict(change) if isinstance(change, Mapping) else {"value": change}
                new = old.model_dump() | update
                if record and "value" in update and update["value"] != old.value:
                    note = f"what-if: value {old.value:g} -> {update['value']:g}"
                    new["assumptions"] = [*old.assumptions, f"{note} (not from the sources)"]
            *parents, last = where[path]
            node: Any = data
            for step in parents:
                node = node[step]
            node[last] = new
        return Scenario.from_dict(data)

    def origin_of(self, evidence: Evidence) -> str:
        """Return the origin a quote is attributed to, resolving an omitted one.

        An :class:`Evidence` item that leaves out ``origin`` is attributed to
        its source's ``default_origin``. The scenario keeps the omission as
        written (``evidence.origin`` stays ``None``, and :meth:`to_yaml` and
        :meth:`to_json` leave it out again, so files round-trip unchanged);
        this method, :meth:`corroboration` and :meth:`evidence_frame` use the
        resolved origin.

        Parameters
        ----------
        evidence : Evidence
            A quote from one of this scenario's sources.

        Returns
        -------
        str
            ``evidence.origin`` if given, else the source's ``default_origin``.

        Raises
        ------
        KeyError
            If the origin is left out and the source is not in this scenario
            or has no ``default_origin`` (a validated scenario has neither
            among its own evidence).

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> s.origin_of(positions.Evidence(source="s002", quote="Zelenskyy"))
        'bloomberg'
        """
        return _resolve_origin(evidence, self._source_map())

    # ------------------------------------------------------------ corroboration
    def corroboration(self, item: Position | Belief | Fact | Option) -> Corroboration:
        """Count the quotes, distinct sources and distinct origins behind an item.

        An evidence item without ``origin`` counts under its source's
        ``default_origin`` (see :meth:`origin_of`).

        Parameters
        ----------
        item : Position, Belief, Fact or Option
            An item of this scenario (its nested estimates' evidence counts too).

        Returns
        -------
        Corroboration

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> c = s.corroboration(s.position("RUS", "territory"))
        >>> c.n_sources >= c.n_origins >= 1
        True
        """
        return self._corroboration(item, self._source_map())

    def _corroboration(self, item: Any, sources: dict[str, Source]) -> Corroboration:
        evidence = [ev for _, ev in _walk_evidence(item, "")]
        srcs = tuple(sorted({ev.source for ev in evidence}))
        origs = tuple(sorted({_resolve_origin(ev, sources) for ev in evidence}))
        return Corroboration(len(evidence), len(srcs), len(origs), srcs, origs)

    # ------------------------------------------------------------------ tables
    def to_frame(self) -> pd.DataFrame:
        """Return the positions as a tidy table, one row per position.

        Returns
        -------
        pandas.DataFrame
            Columns ``actor, issue, kind, basis, ideal, ideal_low, ideal_high,
            acceptable_low, acceptable_high, salience, salience_low,
            salience_high, option, n_quotes, n_sources, n_origins, rationale,
            n_assumptions, assumptions``. Open ends of an acceptable range are
            the ends of the issue's scale. ``assumptions`` joins (with ``"; "``)
            the distinct non-source premises of the position's estimates
            (ideal, acceptable bounds, salience).

        Examples
        --------
        >>> import positions
        >>> df = positions.load("ukraine-ceasefire-2025-05").to_frame()
        >>> {"actor", "issue", "salience", "n_origins"} <= set(df.columns)
        True
        """
        import pandas as pd

        sources = self._source_map()
        rows = []
        for p in self.positions:
            scale = self.issue(p.issue).scale
            acc = p.acceptable
            c = self._corroboration(p, sources)
            premises = _assumptions(p)
            ideal_low, ideal_high = p.ideal.bounds()
            sal_low, sal_high = p.salience.bounds()
            rows.append(
                {
                    "actor": p.actor,
                    "issue": p.issue,
                    "kind": p.kind,
                    "basis": p.basis,
                    "ideal": p.ideal.value,
                    "ideal_low": ideal_low,
                    "ideal_high": ideal_high,
                    "acceptable_low": acc.low.value if acc and acc.low else scale.low,
                    "acceptable_high": acc.high.value if acc and acc.high else scale.high,
                    "salience": p.salience.value,
                    "salience_low": sal_low,
                    "salience_high": sal_high,
                    "option": p.option,
                    **_counts(c),
                    "rationale": p.rationale,
                    **_premises(premises),
                }
            )
        columns = [
            "actor", "issue", "kind", "basis", "ideal", "ideal_low", "ideal_high",
            "acceptable_low", "acceptable_high", "salience", "salience_low", "salience_high",
            "option", "n_quotes", "n_sources", "n_origins", "rationale", "n_assumptions",
            "assumptions",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def beliefs_frame(self) -> pd.DataFrame:
        """Return the beliefs as a tidy table, one row per belief.

        Returns
        -------
        pandas.DataFrame
            Columns ``id, holder, proposition, text, probability, low, high,
            basis, n_quotes, n_sources, n_origins, rationale, n_assumptions,
            assumptions`` (the probability's non-source premises, joined with
            ``"; "``).
        """
        import pandas as pd

        text = {p.id: p.text for p in self.propositions}
        sources = self._source_map()
        rows = []
        for b in self.beliefs:
            c = self._corroboration(b, sources)
            premises = _assumptions(b)
            low, high = b.probability.bounds()
            rows.append(
                {
                    "id": b.id,
                    "holder": b.holder,
                    "proposition": b.proposition,
                    "text": text.get(b.proposition, ""),
                    "probability": b.probability.value,
                    "low": low,
                    "high": high,
                    "basis": b.basis,
                    **_counts(c),
                    "rationale": b.rationale,
                    **_premises(premises),
                }
            )
        columns = [
            "id", "holder", "proposition", "text", "probability", "low", "high", "basis",
            "n_quotes", "n_sources", "n_origins", "rationale", "n_assumptions", "assumptions",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def evidence_frame(self) -> pd.DataFrame:
        """Return every quote in the scenario with where it is used.

        Returns
        -------
        pandas.DataFrame
            Columns ``path, source, origin, origin_is_default, quote``:
            ``origin`` is the resolved origin (see :meth:`origin_of`) and
            ``origin_is_default`` tells whether it is the source's
            ``default_origin`` standing in for an omitted one.
        """
        import pandas as pd

        sources = self._source_map()
        rows = [
            {
                "path": path,
                "source": ev.source,
                "origin": _resolve_origin(ev, sources),
                "origin_is_default": ev.origin is None,
                "quote": ev.quote,
            }
            for path, ev in _walk_evidence(self, "")
        ]
        return pd.DataFrame(
            rows, columns=["path", "source", "origin", "origin_is_default", "quote"]
        )

    def estimates_frame(self) -> pd.DataFrame:
        """Return every judged number with its provenance, one row per estimate.

        Returns
        -------
        pandas.DataFrame
            Columns ``path, value, dist, low, high, rationale, n_quotes,
            n_sources, n_origins, evidence_from, n_assumptions, assumptions``:
            the path as in :meth:`estimates`, the point value, the
            uncertainty's family and range, then the provenance: the
            rationale, the quoted evidence (counted as in
            :meth:`corroboration`) and the non-source premises (joined with
            ``"; "``). The evidence counted is the estimate's own or, when it
            has none, that of the item holding it (a position's quotes back
            its ideal point, a belief's its probability); ``evidence_from``
            is the path of whichever it is, empty when neither has any.

        Examples
        --------
        >>> import positions
        >>> df = positions.load("ukraine-ceasefire-2025-05").estimates_frame()
        >>> row = df.set_index("path").loc["positions[UKR/nato].ideal"]
        >>> int(row.n_assumptions), row.evidence_from
        (1, 'positions[UKR/nato]')
        >>> print(row.assumptions)
        NATO membership is Ukraine's long-standing aim (outside knowledge, not in the articles).
        """
        import pandas as pd

        sources = self._source_map()
        rows = []
        for path, est, holder in _walk_estimates_in_context(self, ""):
            if est.evidence:
                c, origin_path = self._corroboration(est, sources), path
            elif holder is not None:
                c, origin_path = self._corroboration(holder[1], sources), holder[0]
            else:
                c, origin_path = self._corroboration(est, sources), ""
            low, high = est.bounds()
            rows.append(
                {
                    "path": path,
                    "value": est.value,
                    "dist": est.uncertainty.dist,
                    "low": low,
                    "high": high,
                    "rationale": est.rationale,
                    **_counts(c),
                    "evidence_from": origin_path,
                    **_premises(est.assumptions),
                }
            )
        columns = [
            "path", "value", "dist", "low", "high", "rationale", "n_quotes", "n_sources",
            "n_origins", "evidence_from", "n_assumptions", "assumptions",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def facts_frame(self) -> pd.DataFrame:
        """Return the facts as a tidy table, one row per claim (version).

        Returns
        -------
        pandas.DataFrame
            Columns ``fact, topic, kind, disputed, claim, statement, sources,
            origins, n_quotes, n_sources, n_origins, note``: the fact's id,
            topic, kind of disagreement (missing when not coded) and whether
            it is disputed, repeated on each of its claims; the claim's
            position among the fact's claims (from 0), its statement, the
            distinct source and (resolved) origin ids behind it, sorted and
            joined with ``", "``, their counts, and the fact's note.

        Examples
        --------
        >>> import positions
        >>> df = positions.load("ukraine-ceasefire-2025-05").facts_frame()
        >>> for row in df[df.fact == "call_time"].itertuples():
        ...     print(row.kind, row.claim, row.statement)
        contradiction 0 The call begins at 15:00 local time.
        contradiction 1 The call begins at noon.
        """
        import pandas as pd

        sources = self._source_map()
        rows = []
        for fact in self.facts:
            for i, claim in enumerate(fact.claims):
                c = self._corroboration(claim, sources)
                rows.append(
                    {
                        "fact": fact.id,
                        "topic": fact.topic,
                        "kind": fact.kind,
                        "disputed": fact.disputed,
                        "claim": i,
                        "statement": claim.statement,
                        "sources": ", ".join(c.sources),
                        "origins": ", ".join(c.origins),
                        **_counts(c),
                        "note": fact.note,
                    }
                )
        columns = [
            "fact", "topic", "kind", "disputed", "claim", "statement", "sources", "origins",
            "n_quotes", "n_sources", "n_origins", "note",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def _repr_html_(self) -> str:
        df = self.to_frame()[
            ["actor", "issue", "kind", "basis", "ideal", "acceptable_low", "acceptable_high",
             "salience", "n_sources", "n_origins"]
        ]  # fmt: skip
        head = (
            f"<h4>{html.escape(self.title)} <small>({html.escape(self.id)}, {self.date})"
            "</small></h4>"
            f"<p>{len(self.actors)} actors ({len(self.parties)} parties), {len(self.issues)} "
            f"issues, {len(self.positions)} positions, {len(self.options)} options, "
            f"{len(self.beliefs)} beliefs, {len(self.facts)} facts "
            f"({sum(f.disputed for f in self.facts)} disputed), {len(self.sources)} sources, "
            f"{sum(1 for _ in _walk_evidence(self, ''))} quotes, "
            f"{len(_assumptions(self))} distinct assumptions.</p>"
        )
        return head + df.to_html(index=False, float_format=lambda x: f"{x:.3g}")

    def __repr__(self) -> str:
        return (
            f"Scenario(id={self.id!r}, actors={len(self.actors)}, issues={len(self.issues)}, "
            f"positions={len(self.positions)}, beliefs={len(self.beliefs)}, "
            f"sources={len(self.sources)})"
        )

    __str__ = __repr__

    # ------------------------------------------------------------------- files
    def to_dict(self, *, embed_sources: bool = False) -> dict[str, Any]:
        """Return the scenario as plain JSON-compatible data.

        Parameters
        ----------
        embed_sources : bool
            Keep each source's text even when it names a ``file`` (default:
            drop it, the file holds it).

        Returns
        -------
        dict
        """
        data = self.model_dump(mode="json", exclude_defaults=True)
        if not embed_sources:
            for source in data.get("sources", []):
                if source.get("file"):
                    source.pop("text", None)
        return data

    def to_yaml(self, path: str | Path | None = None, *, embed_sources: bool = False) -> str:
        """Serialise to YAML, optionally writing ``path`` atomically.

        Parameters
        ----------
        path : str or Path, optional
            Where to write. The file is replaced only once the whole text is
            written, so a failure never leaves a half-written scenario.
        embed_sources : bool
            See :meth:`to_dict`.

        Returns
        -------
        str
            The YAML text.
        """
        import yaml

        text = yaml.safe_dump(
            self.to_dict(embed_sources=embed_sources),
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
        if path is not None:
            _atomic_write(Path(path), text)
        return text

    def to_json(self, path: str | Path | None = None, *, embed_sources: bool = False) -> str:
        """Serialise to JSON, optionally writing ``path`` atomically.

        Parameters
        ----------
        path : str or Path, optional
        embed_sources : bool
            See :meth:`to_dict`.

        Returns
        -------
        str
            The JSON text.
        """
        text = json.dumps(self.to_dict(embed_sources=embed_sources), indent=2, ensure_ascii=False)
        if path is not None:
            _atomic_write(Path(path), text + "\n")
        return text

    @classmethod
    def from_yaml(cls, text: str, *, base_dir: str | Path | None = None) -> Scenario:
        """Read a scenario from YAML text.

        Parameters
        ----------
        text : str
            The YAML document (safe YAML only: no code is ever executed).
        base_dir : str or Path, optional
            Folder against which ``include`` files and source ``file`` names
            are resolved (then its ``seeds/``, then the shipped seeds).

        Returns
        -------
        Scenario

        Raises
        ------
        ScenarioError
            With every problem and its path.

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> Scenario.from_yaml(s.to_yaml()) == s
        True
        """
        from positions.io import parse_scenario_text

        return parse_scenario_text(text, fmt="yaml", base_dir=base_dir)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, base_dir: str | Path | None = None) -> Scenario:
        """Validate a scenario given as plain data, reporting problems by path.

        This is how to build a changed copy: ``model_copy(update=...)`` does
        not validate, while ``Scenario.from_dict(old.model_dump() | changes)``
        does, and reports a bad change as ``positions[RUS/nato].salience: 1.4
        is above 1`` rather than by list index.

        Parameters
        ----------
        data : dict
            Scenario fields, as :meth:`to_dict` or ``model_dump()`` give them.
        base_dir : str or Path, optional
            Folder against which ``include`` and source ``file`` names resolve.

        Returns
        -------
        Scenario

        Raises
        ------
        ScenarioError
            With every problem and its path.

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> Scenario.from_dict(s.model_dump() | {"title": "Another title"}).title
        'Another title'
        """
        from positions.io import parse_scenario_data

        return parse_scenario_data(data, base_dir=base_dir)

    @classmethod
    def from_json(cls, text: str, *, base_dir: str | Path | None = None) -> Scenario:
        """Read a scenario from JSON text; see :meth:`from_yaml`.

        Returns
        -------
        Scenario

        Raises
        ------
        ScenarioError
        """
        from positions.io import parse_scenario_text

        return parse_scenario_text(text, fmt="json", base_dir=base_dir)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """Return the JSON Schema of scenario files, for editors and validators.

        In files, a source may give ``file`` instead of ``text``, and a
        top-level ``include`` may list files whose ``sources`` and ``origins``
        are merged in; the schema says so.

        Returns
        -------
        dict

        Examples
        --------
        >>> schema = Scenario.json_schema()
        >>> schema["title"], "positions" in schema["properties"]
        ('Scenario', True)
        """
        schema = cls.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        source = schema["$defs"]["Source"]
        source["required"] = [r for r in source.get("required", []) if r != "text"]
        source["anyOf"] = [{"required": ["text"]}, {"required": ["file"]}]
        schema["properties"]["include"] = {
            "type": "array",
            "items": {"type": "string"},
            "description": "Files (YAML or JSON) whose 'sources' and 'origins' are merged in.",
        }
        return schema


def _find(items: tuple[_T, ...], ident: str, kind: str) -> _T:
    for item in items:
        if getattr(item, "id", None) == ident:
            return item
    raise KeyError(f"no {kind} {ident!r}")


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
