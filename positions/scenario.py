"""The :class:`Scenario`: everything the sources say about one negotiation.

A scenario holds sources and origins, actors, issues, positions (actor x
issue), options, propositions and beliefs, facts (with every version the
sources give), free parameters, disagreement points and, for the Graph Model,
option preferences and infeasible combinations. Loading a scenario checks every
cross-reference and that every quote occurs in its source; all problems are
reported together, each with its path.

The class is a facade: the cross-reference rules are in :mod:`positions.rules`,
quote attribution and corroboration in :mod:`positions.provenance`, the tables
in :mod:`positions.frames` and what-if copies in :mod:`positions.whatif`; writing
files is :mod:`positions._files`, reading them :mod:`positions.io`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import Field, model_validator

from positions import _files, frames, whatif
from positions._base import Id, StrictModel, Text
from positions._walk import walk_estimates, walk_evidence
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
from positions.provenance import (
    Corroboration,
    assumptions,
    corroborate,
    grade,
    resolve_origin,
)
from positions.roles import Roles
from positions.rules import RULES
from positions.sources import Evidence, Origin, Source

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Corroboration", "Scenario"]

_T = TypeVar("_T")


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
    'condition'
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
    roles: Roles = Field(default_factory=Roles)

    # ------------------------------------------------------------------ checks
    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        problems = list(self._problems())
        if problems:
            raise ScenarioError(problems)
        return self

    def _problems(self) -> Iterator[Problem]:
        """Yield the problems of every rule of :data:`positions.rules.RULES`, in order."""
        for rule in RULES.values():
            yield from rule(self)

    def warnings(self) -> tuple[Problem, ...]:
        """Return what the scenario leaves to a default, by path (not errors).

        Runs every rule of :data:`positions.advice.WARNINGS`: a position
        without an acceptable range, read as the whole scale (no red line), and
        a judged number with neither quotes of its own nor premises.

        Returns
        -------
        tuple of Problem

        Examples
        --------
        >>> import positions
        >>> s = positions.load("elmira-groundwater")
        >>> s.warnings()
        ()
        >>> bare = s.with_estimates({"actors[UR].capability": {"assumptions": []}})
        >>> [w.path for w in bare.warnings()]
        ['actors[UR].capability']
        """
        from positions.advice import WARNINGS

        return tuple(w for rule in WARNINGS.values() for w in rule(self))

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
        options and preferences stay; so do the roles, except that they leave
        the veto parties (if none is kept: every kept party) and the
        coalitions of interest. Useful to ask which coalition of
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
        # roles about parties: veto parties left out are no longer parties (no veto left:
        # every kept party), coalitions with a party left out are dropped
        roles = data["roles"]
        if roles.get("veto") is not None:
            veto = [a for a in roles["veto"] if a in keep]
            roles["veto"] = veto or None
        roles["coalitions"] = [
            c for c in roles.get("coalitions", ()) if all(a in keep for a in c["parties"])
        ]
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
        return dict(walk_estimates(self, ""))

    def with_estimates(
        self,
        changes: Mapping[str, float | Estimate | Mapping[str, Any]],
        *,
        record: bool = True,
        uncertainty: Literal["move", "keep"] = "move",
        outside_support: bool = False,
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
            For each path: a number replaces the point value and moves the
            uncertainty with it (see ``uncertainty``); a mapping updates
            the named fields of the estimate (e.g. ``{"value": 0.6,
            "uncertainty": {"dist": "fixed"}}``; a new ``value`` without a
            new ``uncertainty`` moves it as a number does); an
            :class:`Estimate` replaces it whole.
        record : bool, default True
            Add to each changed estimate's ``assumptions`` a line saying what
            was changed (``"what-if: value 0.95 -> 0.6; distribution shifted
            to [0.5, 0.7] (not from the sources)"``), so the copy's
            provenance shows it. Not added when an :class:`Estimate` is
            given, which carries its own.
        uncertainty : {'move', 'keep'}, default 'move'
            ``'move'``: the distribution moves with the value (shifted by
            new - old, re-centred inside the kind's hard range where a shift
            would leave it: :func:`positions.whatif.with_estimates` and
            :mod:`positions.moves` give the rules), so Monte Carlo and
            sensitivity analyses of the copy sample around it; calibrated
            ``words`` are dropped. ``'keep'``: the distribution stays as
            coded, so the new value must lie in its support.
        outside_support : bool, default False
            With ``'move'``, accept a value outside the current support (the
            record then says so: ``"what-if: value 0.95 -> 0.3, outside the
            coded range [0.85, 1]; ..."``). A value outside the kind's hard
            range is an error either way.

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
        'what-if: value 0.2 -> 0.3; distribution shifted to [0.15, 0.5] (not from the sources)'
        >>> t.estimates()[path].uncertainty.mode
        0.3
        >>> s.with_estimates({path: 0.3}, uncertainty="keep").estimates()[path].uncertainty.mode
        0.2
        >>> u = s.with_estimates({path: {"value": 0.6, "uncertainty": {"dist": "fixed"}}})
        >>> u.estimates()[path].bounds()
        (0.6, 0.6)
        >>> s.with_estimates({path: 1.4})
        Traceback (most recent call last):
        ...
        positions.errors.ScenarioError: positions[RUS/sanctions].salience: 1.4 is above 1
        """
        return whatif.with_estimates(self, changes, record=record, uncertainty=uncertainty,
                                      outside_support=outside_support)

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
        return resolve_origin(evidence, self._source_map())

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
        return corroborate(item, self._source_map())

    def grade(self, item: Position | Belief | Option | Parameter | Estimate | str) -> str:
        """Return the evidence grade of an item: who speaks in its strongest quote.

        Each quote is attributed relative to the item's actor (see
        :mod:`positions.attribution`): the actor on record, one of its
        officials, anonymous sources relaying it, another party, a named
        analyst, an article's author assessing or guessing; ``no_quote``
        when the item has no quote.

        Parameters
        ----------
        item : Position, Belief, Option, Parameter or str
            An item of this scenario, or the path of a judged number (as in
            :meth:`estimates`), graded as in :meth:`estimates_frame`: on its
            own quotes, else on those of the item holding it.

        Returns
        -------
        str
            One of :data:`positions.attribution.GRADES`, strongest first.

        Raises
        ------
        KeyError
            If ``item`` is a path that names no judged number.

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> s.grade(s.position("RUS", "normalisation"))
        'on_record'
        """
        if isinstance(item, str):
            found = self.estimates_frame().set_index("path")
            if item not in found.index:
                raise KeyError(f"no judged number at {item!r}")
            return str(found.loc[item, "grade"])
        origins = {o.id: o for o in self.origins}
        return grade(item, origins=origins, sources=self._source_map())

    # ------------------------------------------------------------------ tables
    def to_frame(self) -> pd.DataFrame:
        """Return the positions as a tidy table, one row per position.

        Returns
        -------
        pandas.DataFrame
            Columns ``actor, issue, kind, basis, ideal, ideal_low, ideal_high,
            acceptable_low, acceptable_high, salience, salience_low,
            salience_high, option, n_quotes, n_sources, n_origins, grade,
            rationale, n_assumptions, assumptions``. ``grade`` is the
            evidence grade (:meth:`grade`). Open ends of an acceptable range are
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
        return frames.positions_frame(self)

    def beliefs_frame(self) -> pd.DataFrame:
        """Return the beliefs as a tidy table, one row per belief.

        Returns
        -------
        pandas.DataFrame
            Columns ``id, holder, proposition, text, probability, low, high,
            basis, n_quotes, n_sources, n_origins, grade, rationale,
            n_assumptions, assumptions`` (``grade`` as in :meth:`grade`; the
            probability's non-source premises joined with ``"; "``).
        """
        return frames.beliefs_frame(self)

    def evidence_frame(self) -> pd.DataFrame:
        """Return every evidence item in the scenario with where it is used.

        Returns
        -------
        pandas.DataFrame
            Columns ``path, source, origin, origin_is_default, actor,
            attribution, attribution_is_stated, quote, locator``: ``origin``
            is the resolved origin (see :meth:`origin_of`) and
            ``origin_is_default`` tells whether it is the source's
            ``default_origin`` (or, for a publication, the publication itself)
            standing in for an omitted one; ``actor`` is the actor of the item
            the quote supports (None for facts and issues), ``attribution``
            who speaks in it relative to that actor
            (:func:`positions.attribution.attribution_of`) and
            ``attribution_is_stated`` whether the evidence states it rather
            than the origin implying it; ``quote`` or ``locator`` is None
            where the evidence gives none.
        """
        return frames.evidence_frame(self)

    def estimates_frame(self) -> pd.DataFrame:
        """Return every judged number with its provenance, one row per estimate.

        Returns
        -------
        pandas.DataFrame
            Columns ``path, value, dist, low, high, words, rationale, n_quotes,
            n_sources, n_origins, evidence_from, grade, n_assumptions,
            assumptions``:
            the path as in :meth:`estimates`, the point value, the
            uncertainty's family and range, the estimative words the source
            uses for the number (:attr:`Estimate.words`, missing when none),
            then the provenance: the
            rationale, the quoted evidence (counted as in
            :meth:`corroboration`) and the non-source premises (joined with
            ``"; "``). The evidence counted is the estimate's own or, when it
            has none, that of the item holding it (a position's quotes back
            its ideal point, a belief's its probability); ``evidence_from``
            is the path of whichever it is, empty when neither has any, and
            ``grade`` the evidence grade of those quotes (:meth:`grade`).

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
        return frames.estimates_frame(self)

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
        return frames.facts_frame(self)

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
            f"{sum(1 for _ in walk_evidence(self, ''))} quotes, "
            f"{len(assumptions(self))} distinct assumptions.</p>"
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
        return _files.to_dict(self, embed_sources=embed_sources)

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
        return _files.write_yaml(self.to_dict(embed_sources=embed_sources), path)

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
        return _files.write_json(self.to_dict(embed_sources=embed_sources), path)

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
        return _files.file_schema(cls.model_json_schema(mode="validation"))


def _find(items: tuple[_T, ...], ident: str, kind: str) -> _T:
    for item in items:
        if getattr(item, "id", None) == ident:
            return item
    raise KeyError(f"no {kind} {ident!r}")
