"""The entities of a negotiation scenario: actors, issues, positions, options, beliefs.

Numbers that are judgments are :class:`Estimate` objects (defined in
:mod:`positions.estimates` and re-exported here): a point value, an
uncertainty (a distribution from :mod:`positions.uncertainty`), a rationale
and, where a source supports it, evidence. Cross-references between entities
are checked by :class:`positions.Scenario`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from positions._base import Flag, Id, Number, StrictModel, Text
from positions.errors import Problem, ScenarioError, short_repr
from positions.estimates import Estimate, NonNegative, Probability, Salience
from positions.sources import Evidence
from positions.statements import parse_statement
from positions.words import WordScale

__all__ = [
    "AcceptableRange",
    "Actor",
    "Anchor",
    "Belief",
    "Claim",
    "Conventions",
    "DisagreementPoint",
    "DisputeKind",
    "Estimate",
    "Fact",
    "Infeasibility",
    "Issue",
    "IssueOption",
    "NoPosition",
    "Option",
    "OptionPreference",
    "Parameter",
    "Person",
    "Position",
    "Probability",
    "Proposition",
    "Salience",
    "Scale",
]

Basis = Literal["stated", "coded"]
"""``stated``: a source states it; ``coded``: the analyst infers it from the sources."""


class Person(StrictModel):
    """A named person: a leader, spokesperson or member of a coalition.

    Examples
    --------
    >>> Person(name="Dmitry Peskov", role="Kremlin press secretary").name
    'Dmitry Peskov'
    """

    name: Text
    role: Text | None = None
    country: Text | None = None


ActorKind = Literal[
    "state",
    "union",
    "coalition",
    "government",
    "leader",
    "official",
    "institution",
    "agency",
    "party",
    "armed_group",
    "organisation",
    "company",
    "ngo",
    "analyst",
    "person",
]
"""What sort of actor an :class:`Actor` is (each kind is defined in :class:`Actor`)."""

_WITH_MEMBERS = ("coalition", "union")
"""The actor kinds that may list their members."""


class Actor(StrictModel):
    """A party to the negotiation, or someone whose beliefs or statements matter.

    Parameters
    ----------
    id : str
        Short identifier (``RUS``, ``USA``...).
    name : str
        Readable name.
    kind : str
        What sort of actor, one of:

        - ``state``: a sovereign state acting as one party (Russia, Ukraine).
        - ``union``: a union of states with common institutions that acts as
          one party (the European Union, the African Union; a trade union is
          an ``organisation``).
        - ``coalition``: states or other actors acting together without
          common institutions (the European leaders, a coalition of the
          willing).
        - ``government``: a state's government or administration, when it is
          told apart from the state (the Trump administration).
        - ``leader``: a head of state or government, or the leader of an
          organisation, as an actor in person (Putin).
        - ``official``: someone who holds an office and speaks or acts for an
          actor (a minister, a spokesperson, a negotiator).
        - ``institution``: a public body of a state or a union (a parliament,
          a ministry, a court, a central bank, a city council).
        - ``agency``: a government or international agency with a mandate of
          its own (an intelligence service, the IAEA).
        - ``party``: a political party.
        - ``armed_group``: a non-state armed group (a militia, a rebel
          movement, a private military company).
        - ``organisation``: an international or other organisation none of
          the other kinds fits (NATO, the UN, a trade union).
        - ``company``: a business firm.
        - ``ngo``: a non-governmental, non-profit organisation (a charity, an
          advocacy or humanitarian group).
        - ``analyst``: an outside expert, analyst or research body whose
          views are reported (usually ``party: false``).
        - ``person``: any other individual (a mediator, a private citizen).

        The kind is descriptive: no model treats one kind differently; only
        a coalition or a union may list ``members``.
    party : bool
        True for actors that take positions on the issues (default). Analysts
        and anonymous officials are not parties: they hold beliefs only.
    leader : Person, optional
    spokespeople : tuple of Person
    members : tuple of Person
        For coalitions and unions, the members (e.g. the European leaders).
    affiliation : str, optional
        What the actor belongs to (an institution, or another actor's id).
    capability : Estimate, optional
        Relative power to influence the outcome, >= 0; only ratios between
        actors matter. Required for parties.
    description : str, optional

    Examples
    --------
    >>> a = Actor(id="KOF", name="Michael Kofman", kind="analyst", party=False)
    >>> a.party
    False
    >>> Actor(id="EU", name="European Union", kind="union", party=False,
    ...       members=[{"name": "Emmanuel Macron", "country": "France"}]).kind
    'union'
    """

    id: Id
    name: Text
    kind: ActorKind
    party: Flag = True
    leader: Person | None = None
    spokespeople: tuple[Person, ...] = ()
    members: tuple[Person, ...] = ()
    affiliation: Text | None = None
    capability: NonNegative | None = None
    description: Text | None = None

    @model_validator(mode="after")
    def _party_capability(self) -> Actor:
        if self.party and self.capability is None:
            raise ValueError("a party needs a capability (set party: false for observers)")
        if self.kind not in _WITH_MEMBERS and self.members:
            raise ValueError(f"only coalitions and unions have members, not a {self.kind!r}")
        return self


class Anchor(StrictModel):
    """A labelled point on an issue's scale.

    Examples
    --------
    >>> Anchor(value=0, label="Pre-2014 borders").label
    'Pre-2014 borders'
    """

    value: Number
    label: Text


class Scale(StrictModel):
    """The numeric scale of an issue, with labelled anchors.

    Examples
    --------
    >>> Scale(low=0, high=100, anchors=[{"value": 0, "label": "none"}]).high
    100.0
    """

    low: Number = 0.0
    high: Number = 100.0
    unit: str = ""
    anchors: tuple[Anchor, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Scale:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        for anchor in self.anchors:
            if not self.low <= anchor.value <= self.high:
                raise ValueError(
                    f"anchor {short_repr(anchor.label, 60)} at {anchor.value} lies outside "
                    f"[{self.low}, {self.high}]"
                )
        return self

    def contains(self, value: float) -> bool:
        """Tell whether ``value`` lies on the scale."""
        return self.low - 1e-9 <= value <= self.high + 1e-9


class IssueOption(StrictModel):
    """A named option of an issue, placed on the issue's scale.

    Examples
    --------
    >>> IssueOption(id="none", label="No Ukrainian NATO membership", value=0).value
    0.0
    """

    id: Id
    label: Text
    value: Number
    description: Text | None = None
    evidence: tuple[Evidence, ...] = ()


class Issue(StrictModel):
    """A negotiation dimension: a scale, optional named options, the status quo.

    Parameters
    ----------
    id : str
    label : str
    description : str
    scale : Scale
        The numeric scale with labelled anchors.
    options : tuple of IssueOption
        Ordered named options mapped to points on the scale (strictly
        increasing values). Empty for a purely numeric issue.
    status_quo : Estimate
        Where the issue stands now, on the scale: its value and its whole
        plausible range (:meth:`Estimate.bounds`) must lie on the scale, as a
        position's ideal must.

    Examples
    --------
    >>> issue = Issue(id="nato", label="NATO", description="Ukraine's NATO membership",
    ...     options=[{"id": "no", "label": "Never", "value": 0},
    ...              {"id": "yes", "label": "Member", "value": 100}],
    ...     status_quo={"value": 0, "uncertainty": {"dist": "fixed"}, "rationale": "Not a member."})
    >>> issue.option_values()
    (0.0, 100.0)
    """

    id: Id
    label: Text
    description: Text
    scale: Scale = Field(default_factory=Scale)
    options: tuple[IssueOption, ...] = ()
    status_quo: Estimate

    @model_validator(mode="after")
    def _check(self) -> Issue:
        values = [o.value for o in self.options]
        if any(b <= a for a, b in itertools.pairwise(values)):
            raise ValueError(f"option values must increase strictly, got {values}")
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"option ids repeat: {ids}")
        for option in self.options:
            if not self.scale.contains(option.value):
                raise ValueError(
                    f"option {option.id!r} at {option.value} lies outside the scale "
                    f"[{self.scale.low}, {self.scale.high}]"
                )
        if not self.scale.contains(self.status_quo.value):
            raise ValueError(
                f"status_quo {self.status_quo.value} lies outside the scale "
                f"[{self.scale.low}, {self.scale.high}]"
            )
        low, high = self.status_quo.bounds()
        if not (self.scale.contains(low) and self.scale.contains(high)):
            # the check every position's ideal and acceptable bounds get (rules.scale_bounds)
            raise ScenarioError([Problem(
                "status_quo",
                f"{self.status_quo.value} (plausible range [{low}, {high}]) leaves the scale "
                f"[{self.scale.low:g}, {self.scale.high:g}]",
            )])
        return self

    def option_values(self) -> tuple[float, ...]:
        """Return the scale positions of the named options, in order."""
        return tuple(o.value for o in self.options)


class AcceptableRange(StrictModel):
    """The outcomes an actor can accept on one issue: ``[low, high]``.

    Either end may be left out (open up to the end of the scale). For a red
    line, the bound that is crossed is the red line. With neither end, the
    range states explicitly that the whole scale is acceptable (no limit is
    reported), and ``reason`` must say why.

    Parameters
    ----------
    low, high : Estimate, optional
        The ends of the range.
    reason : str, optional
        Why the range is what it is; required when neither end is given.

    Examples
    --------
    >>> r = AcceptableRange(high={"value": 10, "uncertainty": {"dist": "fixed"},
    ...                           "rationale": "No NATO membership."})
    >>> r.low is None
    True
    >>> AcceptableRange(reason="No article reports a limit.").is_whole_scale
    True
    """

    low: Estimate | None = None
    high: Estimate | None = None
    reason: Text | None = None

    @property
    def is_whole_scale(self) -> bool:
        """True when neither end is given: the whole scale is acceptable."""
        return self.low is None and self.high is None

    @model_validator(mode="after")
    def _check(self) -> AcceptableRange:
        if self.is_whole_scale and self.reason is None:
            raise ValueError("give low, high or both; or, to accept the whole scale, a reason "
                             "(e.g. reason: no source reports a limit)")
        if self.low is not None and self.high is not None and self.low.value > self.high.value:
            raise ValueError(f"low ({self.low.value}) is above high ({self.high.value})")
        return self


PositionKind = Literal["demand", "condition", "aim", "red_line", "offer", "preference"]


class Position(StrictModel):
    """What one actor wants on one issue.

    Parameters
    ----------
    actor, issue : str
        Ids of the actor and the issue.
    kind : {'demand', 'condition', 'aim', 'red_line', 'offer', 'preference'}
    basis : {'stated', 'coded'}
        ``stated`` when a source states the position (evidence required),
        ``coded`` when the analyst infers it.
    ideal : Estimate
        The actor's ideal point on the issue's scale.
    acceptable : AcceptableRange, optional
        What the actor can accept; a red line requires one with a bound.
    salience : Estimate
        How much the issue matters to the actor, in [0, 1].
    option : str, optional
        The issue option the ideal point corresponds to.
    rationale : str
        Why this coding.
    evidence : tuple of Evidence

    Examples
    --------
    >>> fixed = {"uncertainty": {"dist": "fixed"}, "rationale": "r"}
    >>> p = Position(actor="RUS", issue="nato", kind="red_line", basis="coded",
    ...     ideal={"value": 0, **fixed}, acceptable={"high": {"value": 0, **fixed}},
    ...     salience={"value": 0.9, **fixed}, rationale="Neutrality is a core demand.")
    >>> p.key
    'RUS/nato'
    """

    actor: Id
    issue: Id
    kind: PositionKind
    basis: Basis
    ideal: Estimate
    acceptable: AcceptableRange | None = None
    salience: Salience
    option: Id | None = None
    rationale: Text
    evidence: tuple[Evidence, ...] = ()

    @property
    def key(self) -> str:
        """``"actor/issue"``, the position's address in error messages and tables."""
        return f"{self.actor}/{self.issue}"

    @model_validator(mode="after")
    def _check(self) -> Position:
        if self.basis == "stated" and not self.evidence:
            raise ValueError("a stated position needs evidence")
        if self.kind == "red_line" and (self.acceptable is None or self.acceptable.is_whole_scale):
            raise ValueError("a red line needs an acceptable range (the side it must not cross)")
        if self.acceptable is not None:
            low, high = self.acceptable.low, self.acceptable.high
            if low is not None and self.ideal.value < low.value - 1e-9:
                raise ValueError(
                    f"ideal {self.ideal.value} is below the acceptable low {low.value}"
                )
            if high is not None and self.ideal.value > high.value + 1e-9:
                raise ValueError(
                    f"ideal {self.ideal.value} is above the acceptable high {high.value}"
                )
        return self


class NoPosition(StrictModel):
    """The explicit statement that a party takes no position on an issue.

    Examples
    --------
    >>> NoPosition(actor="EUR", issue="leadership", reason="The articles report none.").actor
    'EUR'
    """

    actor: Id
    issue: Id
    reason: Text


OptionKind = Literal["action", "threat", "promise", "concession", "inaction"]


class Option(StrictModel):
    """An action an actor can take (for games and the Graph Model).

    Parameters
    ----------
    id : str
    actor : str
        The actor who controls it.
    label : str
    kind : {'action', 'threat', 'promise', 'concession', 'inaction'}
    status_quo : bool
        Whether the option is being taken now (the Graph Model's status quo).
    reversible : bool
        Whether, once taken, it can be withdrawn.
    basis : {'stated', 'coded'}
    description : str, optional
    evidence : tuple of Evidence

    Examples
    --------
    >>> Option(id="USA_sanctions", actor="USA", label="Impose new sanctions",
    ...        kind="threat", basis="coded").reversible
    True
    """

    id: Id
    actor: Id
    label: Text
    kind: OptionKind = "action"
    status_quo: Flag = False
    reversible: Flag = True
    basis: Basis
    description: Text | None = None
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Option:
        if self.basis == "stated" and not self.evidence:
            raise ValueError("a stated option needs evidence")
        return self


def _parse(statement: str) -> str:
    parse_statement(statement)
    return statement


Statement = Annotated[str, AfterValidator(_parse)]
"""A logical statement over option ids (see :func:`positions.parse_statement`)."""


class OptionPreference(StrictModel):
    """An actor's preferences over option combinations, by option prioritisation.

    Statements are listed from most to least important; a state is preferred
    to another when it satisfies the statements with the higher total score
    (Fang et al. 2003).

    Examples
    --------
    >>> OptionPreference(actor="RUS", statements=["-USA_sanctions", "RUS_offensive"],
    ...                  rationale="Sanctions matter less than the offensive.").statements[0]
    '-USA_sanctions'
    """

    actor: Id
    statements: tuple[Statement, ...] = Field(min_length=1)
    rationale: Text


class Infeasibility(StrictModel):
    """A combination of options that cannot occur, as a statement.

    Examples
    --------
    >>> Infeasibility(statement="RUS_ceasefire & RUS_offensive",
    ...               rationale="Cannot both cease fire and attack.").statement
    'RUS_ceasefire & RUS_offensive'
    """

    statement: Statement
    rationale: Text


class Proposition(StrictModel):
    """Something that may or may not be true, about which actors hold beliefs.

    Examples
    --------
    >>> Proposition(id="p", text="Russia takes the four regions by 2025-12-31").resolves_by is None
    True
    """

    id: Id
    text: Text
    resolves_by: dt.date | None = None


class Belief(StrictModel):
    """An actor's subjective probability that a proposition is true.

    Parameters
    ----------
    id : str
    holder : str
        The actor who holds the belief (analysts are actors too).
    proposition : str
        Id of the :class:`Proposition`.
    probability : Estimate
        The subjective probability, in [0, 1].
    basis : {'stated', 'coded'}
    rationale : str
    evidence : tuple of Evidence

    Examples
    --------
    >>> b = Belief(id="b", holder="RUS", proposition="p", basis="coded", rationale="r",
    ...     probability={"value": 0.8, "uncertainty": {"dist": "beta", "alpha": 8, "beta": 2},
    ...                  "rationale": "Convinced."})
    >>> b.probability.value
    0.8
    """

    id: Id
    holder: Id
    proposition: Id
    probability: Probability
    basis: Basis
    rationale: Text
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Belief:
        if self.basis == "stated" and not self.evidence:
            raise ValueError("a stated belief needs evidence")
        return self


class Claim(StrictModel):
    """One version of a fact, with the evidence for it.

    Parameters
    ----------
    statement : str
        The version, in the analyst's words.
    evidence : tuple of Evidence
        At least one quote that gives this version.

    Examples
    --------
    >>> Claim(statement="In Istanbul.", evidence=[{"source": "a", "quote": "Istanbul",
    ...                                           "origin": "o"}]).statement
    'In Istanbul.'
    """

    statement: Text
    evidence: tuple[Evidence, ...] = Field(min_length=1)


DisputeKind = Literal["contradiction", "framing", "detail"]
"""How the versions of a disputed fact differ (see :class:`Fact`)."""


class Fact(StrictModel):
    """A matter of fact the sources report, with every version they give.

    Where sources disagree, each version is a separate :class:`Claim`;
    :attr:`disputed` tells whether there is more than one, and ``kind`` what
    sort of disagreement it is.

    Parameters
    ----------
    id : str
    topic : str
        What the fact is about.
    claims : tuple of Claim
        Every version the sources give (at least one).
    kind : {'contradiction', 'framing', 'detail'}, optional
        For a disputed fact, how the versions differ. ``contradiction``: the
        sources state incompatible things (at most one version can be true).
        ``framing``: the same event described with different emphasis or
        spin. ``detail``: the sources differ on a detail (a number, a date, a
        name) while agreeing on the substance. Only a disputed fact may have a
        kind; ``None`` (the default) leaves it uncoded.
    note : str, optional
        The analyst's comment, e.g. why the versions differ and why this kind.

    Attributes
    ----------
    disputed : bool
        True when the sources give more than one version.

    Raises
    ------
    pydantic.ValidationError
        If ``kind`` is given for a fact with only one claim.

    Examples
    --------
    >>> f = Fact(id="venue", topic="Where the talks took place", claims=[
    ...     {"statement": "Istanbul", "evidence": [{"source": "a", "quote": "Istanbul",
    ...                                             "origin": "o"}]}])
    >>> f.disputed, f.kind
    (False, None)
    >>> g = Fact(id="time", topic="When the call starts", kind="contradiction", claims=[
    ...     {"statement": "At 15:00.", "evidence": [{"source": "a", "quote": "15:00",
    ...                                              "origin": "o"}]},
    ...     {"statement": "At noon.", "evidence": [{"source": "a", "quote": "noon",
    ...                                             "origin": "o"}]}])
    >>> g.disputed, g.kind
    (True, 'contradiction')
    """

    id: Id
    topic: Text
    claims: tuple[Claim, ...] = Field(min_length=1)
    kind: DisputeKind | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _kind_needs_dispute(self) -> Fact:
        if self.kind is not None and not self.disputed:
            raise ScenarioError(
                [
                    Problem(
                        "kind",
                        f"{self.kind!r} applies only to a disputed fact (more than one claim); "
                        "this fact has 1 claim: remove kind or add the other versions",
                    )
                ]
            )
        return self

    @property
    def disputed(self) -> bool:
        """True when the sources give more than one version."""
        return len(self.claims) > 1


class Parameter(StrictModel):
    """A free context parameter (a war cost, a discount factor...), with its unit.

    Examples
    --------
    >>> Parameter(id="delta_USA", label="US patience", unit="per month",
    ...     value={"value": 0.9, "uncertainty": {"dist": "uniform", "low": 0.8, "high": 0.95},
    ...            "rationale": "Losing patience."}).value.value
    0.9
    """

    id: Id
    label: Text
    unit: str
    value: Estimate
    actor: Id | None = None
    description: Text | None = None


class DisagreementPoint(StrictModel):
    """What an actor gets if there is no deal, on the utility scale [0, 1].

    Utility 1 is the actor's ideal outcome and 0 its worst outcome on the
    scenario's outcome space (see :mod:`models` for the normalisation).

    Examples
    --------
    >>> DisagreementPoint(actor="RUS", utility={"value": 0.6,
    ...     "uncertainty": {"dist": "uniform", "low": 0.4, "high": 0.8},
    ...     "rationale": "Expects gains from fighting on."}).actor
    'RUS'
    """

    actor: Id
    utility: Probability


class Conventions(StrictModel):
    """Conventions that the numbers of a scenario follow.

    Parameters
    ----------
    salience : {'independent', 'sum_to_one'}
        ``independent``: each salience is in [0, 1] on its own (the Bueno de
        Mesquita convention). ``sum_to_one``: an actor's saliences over the
        issues sum to 1 (KTAB's convention), within ``salience_tolerance``.
    salience_tolerance : float
        Allowed deviation of the sum from 1.
    capability : str
        What capability measures in this scenario.
    words : {'icd203', 'kent1964'}
        The published scale of estimative words that :attr:`Estimate.words`
        is read on (:mod:`positions.words`): ICD 203's expressions of
        likelihood (ODNI 2015, the default) or Kent's words of estimative
        probability (Kent 1964).

    Examples
    --------
    >>> Conventions().salience, Conventions().words
    ('independent', 'icd203')
    """

    salience: Literal["independent", "sum_to_one"] = "independent"
    salience_tolerance: Number = Field(default=0.01, ge=0, le=0.5)
    capability: Text = "relative power to influence the outcome; only ratios matter"
    words: WordScale = "icd203"
