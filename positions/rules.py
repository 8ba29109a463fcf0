"""Cross-reference rules: what a scenario must satisfy beyond each field's own type.

Every item of a :class:`~positions.Scenario` is validated by its own model (a
salience lies in :math:`[0, 1]`, a stated position has evidence, ...). What
involves more than one item is checked here, one function per rule: an id that
must name a declared actor, issue, origin, source, option or proposition; ids
used twice; a quote that must occur in the article it cites, or a locator in
the publication it cites; a party that needs
a position (or a stated absence of one) on every issue; the salience
convention; estimates that must stay on their issue's scale; a named option
that must sit at the position's ideal point; estimates given in estimative
words that must stay in the range the scenario's scale of words gives them.

A rule is a function ``rule(scenario) -> list[Problem]`` returning every
:class:`~positions.Problem` it finds, each with its path (``[]`` when the rule
holds). :data:`RULES` lists the rules in the order they run; loading a scenario
runs them all and reports every problem together in one
:class:`~positions.ScenarioError`. A rule reads only the scenario's fields, so
it also runs alone on a scenario assembled without validation
(``Scenario.model_construct``). Positions are checked one at a time by the
checks in :data:`POSITION_CHECKS`, so the problems of one position stay
together.

Adding a rule is one function here and one entry in :data:`RULES` (or in
:data:`POSITION_CHECKS` for a check of a single position).

Examples
--------
>>> import positions
>>> from positions.rules import RULES
>>> s = positions.load("ukraine-ceasefire-2025-05")
>>> [name for name, rule in RULES.items() if rule(s)]
[]
>>> list(RULES)[:3]
['duplicate_ids', 'duplicate_keys', 'origin_references']

The rules on origins and quotes live in :mod:`positions.evidence_rules` and
those on the roles section in :mod:`positions.role_rules`; both are listed
in :data:`RULES` here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from positions._walk import walk_estimates
from positions.entities import Estimate, Issue, Position
from positions.errors import Problem, short_repr, unknown_id
from positions.evidence_rules import (
    evidence_references,
    origin_actors,
    origin_references,
    source_origins,
)
from positions.role_rules import role_references
from positions.statements import parse_statement
from positions.words import UnknownPhraseError, lookup_words

if TYPE_CHECKING:
    from positions.scenario import Scenario

__all__ = [
    "POSITION_CHECKS",
    "RULES",
    "PositionCheck",
    "Rule",
    "belief_references",
    "coverage",
    "disagreement_points",
    "duplicate_ids",
    "duplicate_keys",
    "each_position",
    "estimate_words",
    "evidence_references",
    "infeasible_statements",
    "no_position_references",
    "option_actors",
    "option_at_ideal",
    "origin_actors",
    "origin_references",
    "parameter_actors",
    "position_actor",
    "position_issue",
    "preference_lists",
    "role_references",
    "salience_convention",
    "scale_bounds",
    "source_origins",
]

Rule = Callable[["Scenario"], list[Problem]]
"""A cross-reference rule: the problems it finds in a scenario."""

PositionCheck = Callable[["Scenario", Position], list[Problem]]
"""A check of one position against the rest of its scenario."""

_WITH_IDS = (
    "origins",
    "sources",
    "actors",
    "issues",
    "options",
    "propositions",
    "beliefs",
    "facts",
    "parameters",
)
"""The collections whose items carry an ``id`` that must be unique."""


def _issues(scenario: Scenario) -> dict[str, Issue]:
    """Map each issue id to its issue (the last one when an id is used twice)."""
    return {i.id: i for i in scenario.issues}


# ------------------------------------------------------------------- uniqueness
def duplicate_ids(scenario: Scenario) -> list[Problem]:
    """Report ids used by more than one item of the same collection.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        One per repeated id, at ``<collection>[<id>]``, collections in the order
        origins, sources, actors, issues, options, propositions, beliefs,
        facts, parameters.
    """
    problems = []
    for name in _WITH_IDS:
        counts = Counter(item.id for item in getattr(scenario, name))
        problems += [
            Problem(f"{name}[{ident}]", f"id {ident!r} is used {n} times")
            for ident, n in counts.items()
            if n > 1
        ]
    return problems


def duplicate_keys(scenario: Scenario) -> list[Problem]:
    """Report positions, no-position statements and disagreement points given twice.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        One per repeated ``actor/issue`` key (``actor`` for a disagreement
        point), at ``<collection>[<key>]``.
    """
    keyed = (
        ("positions", [p.key for p in scenario.positions]),
        ("no_positions", [f"{p.actor}/{p.issue}" for p in scenario.no_positions]),
        ("disagreement", [d.actor for d in scenario.disagreement]),
    )
    return [
        Problem(f"{name}[{key}]", f"{key!r} appears {n} times")
        for name, keys in keyed
        for key, n in Counter(keys).items()
        if n > 1
    ]


# -------------------------------------------------------------------- positions
def position_actor(scenario: Scenario, position: Position) -> list[Problem]:
    """Check that a position is held by a declared party.

    Parameters
    ----------
    scenario : Scenario
    position : Position

    Returns
    -------
    list of Problem
        At ``positions[<actor>/<issue>].actor``.
    """
    actors = {a.id: a for a in scenario.actors}
    where = f"positions[{position.key}].actor"
    actor = actors.get(position.actor)
    if actor is None:
        return [Problem(where, unknown_id("actor", position.actor, actors))]
    if not actor.party:
        return [Problem(where, f"{position.actor!r} is not a party and takes no positions")]
    return []


def position_issue(scenario: Scenario, position: Position) -> list[Problem]:
    """Check that a position is on a declared issue.

    Parameters
    ----------
    scenario : Scenario
    position : Position

    Returns
    -------
    list of Problem
        At ``positions[<actor>/<issue>].issue``.
    """
    issues = _issues(scenario)
    if position.issue in issues:
        return []
    message = unknown_id("issue", position.issue, issues)
    return [Problem(f"positions[{position.key}].issue", message)]


def scale_bounds(scenario: Scenario, position: Position) -> list[Problem]:
    """Check that a position's ideal and acceptable bounds stay on the issue's scale.

    Each estimate's value and plausible range (:meth:`Estimate.bounds`) must
    lie on the issue's scale, between its ``low`` and ``high``. A position on
    an undeclared issue is left to :func:`position_issue`.

    Parameters
    ----------
    scenario : Scenario
    position : Position

    Returns
    -------
    list of Problem
        At ``positions[<actor>/<issue>].ideal``, ``.acceptable.low`` or
        ``.acceptable.high``.
    """
    issue = _issues(scenario).get(position.issue)
    if issue is None:
        return []
    scale = issue.scale
    checks: list[tuple[str, Estimate | None]] = [("ideal", position.ideal)]
    if position.acceptable is not None:
        checks += [
            ("acceptable.low", position.acceptable.low),
            ("acceptable.high", position.acceptable.high),
        ]
    problems = []
    for name, est in checks:
        if est is None:
            continue
        low, high = est.bounds()
        if not (scale.contains(est.value) and scale.contains(low) and scale.contains(high)):
            problems.append(
                Problem(
                    f"positions[{position.key}].{name}",
                    f"{est.value} (plausible range [{low}, {high}]) leaves the scale of "
                    f"issue {issue.id!r}, [{scale.low:g}, {scale.high:g}]",
                )
            )
    return problems


def option_at_ideal(scenario: Scenario, position: Position) -> list[Problem]:
    """Check that a position's named option is one of the issue's and sits at its ideal.

    A position on an undeclared issue is left to :func:`position_issue`.

    Parameters
    ----------
    scenario : Scenario
    position : Position

    Returns
    -------
    list of Problem
        At ``positions[<actor>/<issue>].option``.
    """
    issue = _issues(scenario).get(position.issue)
    if position.option is None or issue is None:
        return []
    where = f"positions[{position.key}].option"
    match = [o for o in issue.options if o.id == position.option]
    if not match:
        known = [o.id for o in issue.options]
        return [Problem(where, unknown_id("option", position.option, known))]
    if abs(match[0].value - position.ideal.value) > 1e-9:
        return [
            Problem(
                where,
                f"option {position.option!r} sits at {match[0].value}, "
                f"not at the ideal {position.ideal.value}",
            )
        ]
    return []


POSITION_CHECKS: tuple[PositionCheck, ...] = (
    position_actor,
    position_issue,
    scale_bounds,
    option_at_ideal,
)
"""The checks of one position, in the order they run."""


def each_position(scenario: Scenario) -> list[Problem]:
    """Run every check of :data:`POSITION_CHECKS` on each position in turn.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        The problems of each position together, positions in scenario order.
    """
    return [
        problem
        for position in scenario.positions
        for check in POSITION_CHECKS
        for problem in check(scenario, position)
    ]


def no_position_references(scenario: Scenario) -> list[Problem]:
    """Check that each no-position statement names a declared actor and issue.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``no_positions[<actor>/<issue>].actor`` or ``.issue``.
    """
    actors = {a.id for a in scenario.actors}
    issues = {i.id for i in scenario.issues}
    problems = []
    for entry in scenario.no_positions:
        where = f"no_positions[{entry.actor}/{entry.issue}]"
        if entry.actor not in actors:
            problems.append(Problem(f"{where}.actor", unknown_id("actor", entry.actor, actors)))
        if entry.issue not in issues:
            problems.append(Problem(f"{where}.issue", unknown_id("issue", entry.issue, issues)))
    return problems


def coverage(scenario: Scenario) -> list[Problem]:
    """Check that every party has a position, or says it has none, on every issue.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``positions[<party>/<issue>]`` for a pair with neither, and at
        ``no_positions[<party>/<issue>]`` for a pair with both; parties and
        issues in scenario order.
    """
    covered = Counter([p.key for p in scenario.positions])
    covered.update(f"{p.actor}/{p.issue}" for p in scenario.no_positions)
    stated_none = {f"{p.actor}/{p.issue}" for p in scenario.no_positions}
    problems = []
    for actor in scenario.parties:
        for issue in scenario.issues:
            key = f"{actor.id}/{issue.id}"
            if covered[key] == 0:
                problems.append(
                    Problem(
                        f"positions[{key}]",
                        f"party {actor.id!r} has no position on issue {issue.id!r}: add one, "
                        "or say so in no_positions with a reason",
                    )
                )
            elif covered[key] > 1 and key in stated_none:
                message = "listed in no_positions but also has a position"
                problems.append(Problem(f"no_positions[{key}]", message))
    return problems


def salience_convention(scenario: Scenario) -> list[Problem]:
    """Check the salience convention: under ``'sum_to_one'``, each actor's saliences sum to 1.

    Under :attr:`Conventions.salience` ``'sum_to_one'``, the saliences of an
    actor's positions must sum to 1 within ``salience_tolerance``; under
    ``'independent'`` there is nothing to check.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``actors[<id>]``, actors in the order of their first position.
    """
    if scenario.conventions.salience != "sum_to_one":
        return []
    totals: dict[str, float] = {}
    for position in scenario.positions:
        totals[position.actor] = totals.get(position.actor, 0.0) + position.salience.value
    tol = scenario.conventions.salience_tolerance
    return [
        Problem(
            f"actors[{actor_id}]",
            f"saliences sum to {total:.4g}, but the convention 'sum_to_one' needs "
            f"1 +/- {tol:g}",
        )
        for actor_id, total in totals.items()
        if abs(total - 1.0) > tol
    ]


def estimate_words(scenario: Scenario) -> list[Problem]:
    """Check every estimate given in words against the range its phrase stands for.

    An :class:`~positions.Estimate` with ``words`` must use a phrase of the
    scenario's scale of words (:attr:`Conventions.words
    <positions.Conventions>`, see :mod:`positions.words`), its value must lie
    in the phrase's range and so must its whole uncertainty (its support,
    :meth:`Estimate.bounds <positions.Estimate.bounds>`; a ``fixed`` one is
    its value, so only the value is reported).

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``<path of the estimate>.words`` (an unknown phrase, with the
        nearest known ones), ``.value`` or ``.uncertainty``, each naming the
        phrase, its range and the bad value.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> bad = positions.Estimate(value=0.5, rationale="r", words="very likely",
    ...                          uncertainty={"dist": "uniform", "low": 0.3, "high": 0.9})
    >>> try:
    ...     s.with_estimates({"actors[RUS].capability": bad})
    ... except positions.ScenarioError as err:
    ...     print(err)  # doctest: +NORMALIZE_WHITESPACE
    actors[RUS].capability.value: 0.5 lies outside the range of 'very likely',
    [0.8, 0.95] on ICD 203
    actors[RUS].capability.uncertainty: its support [0.3, 0.9] leaves the range of
    'very likely', [0.8, 0.95] on ICD 203
    """
    scale = scenario.conventions.words
    problems = []
    for path, est in walk_estimates(scenario, ""):
        if est.words is None:
            continue
        try:
            entry = lookup_words(est.words, scale)
        except UnknownPhraseError as exc:
            problems.append(Problem(f"{path}.words", exc.message))
            continue
        meaning = f"the range of {short_repr(est.words, 60)}, {entry.describe()}"
        if not entry.contains(est.value):
            problems.append(Problem(f"{path}.value", f"{est.value:g} lies outside {meaning}"))
        low, high = est.bounds()
        if est.uncertainty.dist != "fixed" and not (entry.contains(low) and entry.contains(high)):
            message = f"its support [{low:g}, {high:g}] leaves {meaning}"
            problems.append(Problem(f"{path}.uncertainty", message))
    return problems


# ------------------------------------------------------- options, beliefs, others
def option_actors(scenario: Scenario) -> list[Problem]:
    """Check that each option belongs to a declared actor.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``options[<id>].actor``.
    """
    actors = {a.id for a in scenario.actors}
    return [
        Problem(f"options[{option.id}].actor", unknown_id("actor", option.actor, actors))
        for option in scenario.options
        if option.actor not in actors
    ]


def belief_references(scenario: Scenario) -> list[Problem]:
    """Check that each belief is held by a declared actor about a declared proposition.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``beliefs[<id>].holder`` or ``.proposition``.
    """
    actors = {a.id for a in scenario.actors}
    propositions = {p.id for p in scenario.propositions}
    problems = []
    for belief in scenario.beliefs:
        if belief.holder not in actors:
            problems.append(
                Problem(f"beliefs[{belief.id}].holder", unknown_id("actor", belief.holder, actors))
            )
        if belief.proposition not in propositions:
            problems.append(
                Problem(
                    f"beliefs[{belief.id}].proposition",
                    unknown_id("proposition", belief.proposition, propositions),
                )
            )
    return problems


def parameter_actors(scenario: Scenario) -> list[Problem]:
    """Check that a parameter tied to an actor names a declared one.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``parameters[<id>].actor``.
    """
    actors = {a.id for a in scenario.actors}
    return [
        Problem(f"parameters[{parameter.id}].actor", unknown_id("actor", parameter.actor, actors))
        for parameter in scenario.parameters
        if parameter.actor is not None and parameter.actor not in actors
    ]


def disagreement_points(scenario: Scenario) -> list[Problem]:
    """Check that each disagreement point belongs to a declared party.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``disagreement[<actor>].actor``.
    """
    actors = {a.id: a for a in scenario.actors}
    problems = []
    for point in scenario.disagreement:
        where = f"disagreement[{point.actor}].actor"
        if point.actor not in actors:
            problems.append(Problem(where, unknown_id("actor", point.actor, actors)))
        elif not actors[point.actor].party:
            problems.append(Problem(where, f"{point.actor!r} is not a party"))
    return problems


def _statement_options(statement: str, options: set[str], where: str) -> list[Problem]:
    """Report the option ids a statement names that are not declared, sorted."""
    named = parse_statement(statement).options()
    return [Problem(where, unknown_id("option", name, options)) for name in sorted(named - options)]


def preference_lists(scenario: Scenario) -> list[Problem]:
    """Check the Graph Model preference lists: one per declared actor, naming declared options.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``preferences[<actor>].actor`` (unknown actor),
        ``preferences[<actor>]`` (a second list of the same actor, reported
        once at its first list) and ``preferences[<actor>].statements[<j>]``
        (an unknown option), the problems of one list together.
    """
    actors = {a.id for a in scenario.actors}
    options = {o.id for o in scenario.options}
    holders = [p.actor for p in scenario.preferences]
    problems = []
    for i, pref in enumerate(scenario.preferences):
        where = f"preferences[{pref.actor}]"
        if pref.actor not in actors:
            problems.append(Problem(f"{where}.actor", unknown_id("actor", pref.actor, actors)))
        if holders.count(pref.actor) > 1 and holders.index(pref.actor) == i:
            problems.append(Problem(where, f"{pref.actor!r} has more than one preference list"))
        for j, statement in enumerate(pref.statements):
            problems += _statement_options(statement, options, f"{where}.statements[{j}]")
    return problems


def infeasible_statements(scenario: Scenario) -> list[Problem]:
    """Check that each infeasible combination names declared options only.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    list of Problem
        At ``infeasible[<k>].statement``.
    """
    options = {o.id for o in scenario.options}
    problems = []
    for k, infeasible in enumerate(scenario.infeasible):
        problems += _statement_options(infeasible.statement, options, f"infeasible[{k}].statement")
    return problems


RULES: Mapping[str, Rule] = MappingProxyType(
    {
        "duplicate_ids": duplicate_ids,
        "duplicate_keys": duplicate_keys,
        "origin_references": origin_references,
        "origin_actors": origin_actors,
        "source_origins": source_origins,
        "evidence_references": evidence_references,
        "positions": each_position,
        "no_position_references": no_position_references,
        "coverage": coverage,
        "salience_convention": salience_convention,
        "estimate_words": estimate_words,
        "option_actors": option_actors,
        "belief_references": belief_references,
        "parameter_actors": parameter_actors,
        "disagreement_points": disagreement_points,
        "preference_lists": preference_lists,
        "infeasible_statements": infeasible_statements,
        "role_references": role_references,
    }
)
"""Every cross-reference rule by name, in the order :class:`~positions.Scenario` runs them."""
