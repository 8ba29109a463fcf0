"""Several coders, one scenario: coder files, their validation, and the coders' values by path.

Every judged number of a scenario is an analyst's judgement. A *coding* is one
coder's independent values for some of those numbers, named by the paths of
:meth:`Scenario.estimates <positions.Scenario.estimates>`, each with its own
rationale. A coder file (YAML or JSON) holds one coding::

    schema_version: 1
    kind: coding
    scenario: ukraine-ceasefire-2025-05
    coder: B
    coded_on: 2026-12-08
    method: Read the five articles without looking at the scenario's numbers.
    values:
      positions[RUS/territory].salience:
        value: 0.9
        low: 0.8            # optional, both or neither: the coder's plausible range
        high: 1.0
        rationale: The Kremlin's core demand (s001: "...").
        quote: "..."        # optional, the sentence the number rests on
        source: s001        # optional, the source of the quote
      beliefs[b_MARKOV_truce].probability:
        abstain: true       # the coder declines to give a number
        rationale: Nothing in the articles to go on.

The scenario's own numbers are coder ``A`` by convention (:data:`SCENARIO_CODER`).
Merging coders is a file operation: a scenario plus any number of coder files.

A coding is validated against its scenario (:func:`load_coding`,
:meth:`Coding.check`): the scenario id must match, every path must name an
estimate of the scenario, and every value and range must obey the rules the
scenario applies to that estimate (a salience or a probability in [0, 1], an
ideal point or a bound on its issue's scale, a capability >= 0, ...). The rules
are the scenario's own: the coder's values are written into a copy of the
scenario's data and the copy is validated as a whole, so a bad value is
reported with its path and value exactly as in a scenario file, and every
problem is reported at once. Two rules are relaxed for a coder: the
estimative words of the scenario's coder (a coder reads the sources afresh)
and a ``sum_to_one`` salience convention (a coder's saliences need not sum
to 1; the Monte Carlo renormalises them under that convention).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError, model_validator

from positions._base import Flag, Id, Number, StrictModel, Text
from positions._read import decode, parse_document, read_capped
from positions._walk import estimate_steps
from positions.errors import (
    Problem,
    ScenarioError,
    problems_from_validation_error,
    short_repr,
    unknown_id,
)

if TYPE_CHECKING:
    import pandas as pd

    from positions.scenario import Scenario

__all__ = [
    "SCENARIO_CODER",
    "CodedValue",
    "Coding",
    "available_codings",
    "codings_frame",
    "judgement_kind",
    "load_coding",
]

SCENARIO_CODER = "A"
"""The name of the scenario's own coding among the coders."""

_BUILTIN = Path(__file__).resolve().parent / "scenarios"


class CodedValue(StrictModel):
    """One coder's value for one judged number (or the coder's abstention).

    Parameters
    ----------
    value : float, optional
        The coder's best estimate (required unless ``abstain``).
    low, high : float, optional
        The coder's plausible range, both or neither, with ``low <= value <= high``.
    abstain : bool, default False
        The coder declines to give a number (then no value or range).
    rationale : str
        Why this number: the article(s) and the words it rests on.
    quote : str, optional
        The sentence the number rests on, verbatim from a source (checked
        against that source's text, white space, quote marks and dashes
        aside; without ``source``, against every source's).
    source : str, optional
        The id of the quote's source.

    Examples
    --------
    >>> CodedValue(value=0.9, low=0.8, high=1.0, rationale="Core demand.").bounds()
    (0.8, 1.0)
    >>> CodedValue(value=0.9, low=0.95, high=1.0, rationale="x")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for CodedValue
    ...
    """

    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    abstain: Flag = False
    rationale: Text
    quote: Text | None = None
    source: Id | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CodedValue:
        if self.abstain:
            if self.value is not None or self.low is not None or self.high is not None:
                raise ValueError("an abstention gives no value, low or high")
            return self
        if self.value is None:
            raise ValueError("value is required (or abstain: true)")
        if (self.low is None) != (self.high is None):
            raise ValueError("give both low and high, or neither")
        if self.low is not None and self.high is not None:
            if self.low > self.high:
                raise ValueError(f"low {self.low:g} is above high {self.high:g}")
            if not self.low <= self.value <= self.high:
                raise ValueError(
                    f"value {self.value:g} lies outside [low, high] = "
                    f"[{self.low:g}, {self.high:g}]"
                )
        return self

    def bounds(self) -> tuple[float, float] | None:
        """Return the coder's range ``(low, high)``, or None when not given (or abstained)."""
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)


class Coding(StrictModel):
    """One coder's independent values for judged numbers of one scenario, by path.

    Parameters
    ----------
    schema_version : int
        1.
    kind : {'coding'}
        Marks the file as a coder file.
    scenario : str
        The id of the scenario it codes.
    coder : str
        A short coder name (``A`` is the scenario's own coding by convention).
    coded_on : datetime.date, optional
    method : str, optional
        How the coder worked (independence, what was read).
    values : mapping of str to CodedValue
        By path of :meth:`Scenario.estimates <positions.Scenario.estimates>`.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> c = positions.load_coding({"kind": "coding", "scenario": s.id, "coder": "B",
    ...     "values": {"positions[RUS/sanctions].salience":
    ...                {"value": 0.3, "rationale": "Sanctions matter somewhat."}}}, s)
    >>> c.coded()["positions[RUS/sanctions].salience"].value
    0.3
    >>> c.scenario_of(s).estimates()["positions[RUS/sanctions].salience"].value
    0.3
    """

    schema_version: Literal[1] = 1
    kind: Literal["coding"] = "coding"
    scenario: Id
    coder: Id
    coded_on: dt.date | None = None
    method: Text | None = None
    values: dict[str, CodedValue]

    def coded(self) -> dict[str, CodedValue]:
        """Return the values given (abstentions left out), by path."""
        return {path: v for path, v in self.values.items() if not v.abstain}

    def abstained(self) -> tuple[str, ...]:
        """Return the paths the coder abstained on."""
        return tuple(path for path, v in self.values.items() if v.abstain)

    def problems(self, scenario: Scenario) -> list[Problem]:
        """Return every problem of this coding against ``scenario`` (empty when valid).

        Parameters
        ----------
        scenario : positions.Scenario

        Returns
        -------
        list of Problem
            Paths read ``values[<path>]`` for a path that names no estimate,
            and the scenario path itself for a value the scenario's rules refuse.
        """
        problems: list[Problem] = []
        if self.scenario != scenario.id:
            problems.append(Problem(
                "scenario", f"codes {self.scenario!r}, not the scenario {scenario.id!r}"))
        known = scenario.estimates()
        for path in self.values:
            if path not in known:
                close = difflib.get_close_matches(path, list(known), n=3, cutoff=0.5)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                problems.append(Problem(
                    f"values[{path}]", f"{short_repr(path, 80)} names no estimate of "
                    f"{scenario.id!r}{hint}"))
        problems.extend(_quote_problems(scenario, self.values))
        coded = {p: v for p, v in self.coded().items() if p in known}
        problems.extend(_scale_problems(scenario, coded))
        problems.extend(_rule_problems(scenario, coded))
        return problems

    def check(self, scenario: Scenario) -> Coding:
        """Validate against ``scenario``; return ``self`` or raise with every problem.

        Raises
        ------
        ScenarioError
            Naming each bad path and value.
        """
        found = self.problems(scenario)
        if found:
            raise ScenarioError(found)
        return self

    def scenario_of(self, scenario: Scenario) -> Scenario:
        """Return the scenario as this coder codes it: the coder's values in place of its own.

        Each coded estimate takes the coder's value, the coder's rationale,
        and as uncertainty the coder's range as a triangular distribution
        (``low, value, high``) or, without a range, ``fixed``; its estimative
        words are dropped. Paths the coder did not code (or abstained on) keep
        the scenario's estimates.

        Parameters
        ----------
        scenario : positions.Scenario

        Returns
        -------
        positions.Scenario

        Raises
        ------
        ScenarioError
            If the coding is not valid for ``scenario``.
        """
        self.check(scenario)
        from positions.scenario import Scenario as _Scenario

        data = scenario.model_dump()
        _write(data, scenario, self.coded(), coder=self.coder)
        return _Scenario.from_dict(data)


def _uncertainty(v: CodedValue) -> dict[str, Any]:
    bounds = v.bounds()
    if bounds is None or bounds[0] == bounds[1]:
        return {"dist": "fixed"}
    return {"dist": "triangular", "low": bounds[0], "mode": v.value, "high": bounds[1]}


def _write(
    data: dict[str, Any], scenario: Scenario, coded: Mapping[str, CodedValue], *, coder: str
) -> None:
    """Write coded values into a scenario's dumped data, in place."""
    where = dict(estimate_steps(scenario, (), ""))
    for path, v in coded.items():
        *parents, last = where[path]
        node: Any = data
        for step in parents:
            node = node[step]
        node[last] = node[last] | {
            "value": v.value, "uncertainty": _uncertainty(v), "words": None,
            "rationale": f"coder {coder}: {v.rationale}",
        }
        if last == "ideal" and len(parents) == 2 and parents[0] == "positions":
            node["option"] = None  # the coder's ideal need not be the named option's


def _quote_problems(scenario: Scenario, values: Mapping[str, CodedValue]) -> list[Problem]:
    """Check each quote against its source (or, without one, every source with a text)."""
    from positions.quotes import find_quote

    sources = {src.id: src for src in scenario.sources}
    problems: list[Problem] = []
    for path, v in values.items():
        where = f"values[{path}]"
        if v.source is not None and v.source not in sources:
            problems.append(Problem(f"{where}.source", unknown_id("source", v.source, sources)))
            continue
        if v.quote is None:
            continue
        candidates = [sources[v.source]] if v.source is not None else list(sources.values())
        texts = [src for src in candidates if src.text is not None]
        found = False
        for src in texts:
            passages = find_quote(src.text or "", v.quote, n=1)
            if passages and passages[0].exact:
                found = True
                break
        if not found and texts:
            named = f"source {v.source}" if v.source is not None else "any source"
            problems.append(Problem(f"{where}.quote",
                                    f"{short_repr(v.quote, 80)} does not occur in {named}"))
    return problems


def _scale_problems(scenario: Scenario, coded: Mapping[str, CodedValue]) -> list[Problem]:
    """Return the values and ranges that leave their issue's scale."""
    problems: list[Problem] = []
    for path, v in coded.items():
        scale = issue_scale(scenario, path)
        if scale is None:
            continue
        low, high = scale
        for name, x in (("value", v.value), ("low", v.low), ("high", v.high)):
            if x is None:
                continue
            if x > high or x < low:
                side = "above" if x > high else "below"
                problems.append(Problem(
                    f"{path}" if name == "value" else f"{path} ({name})",
                    f"{x:g} is {side} its issue's scale [{low:g}, {high:g}]"))
    return problems


def _rule_problems(scenario: Scenario, coded: Mapping[str, CodedValue]) -> list[Problem]:
    """Return the problems the scenario's rules find with the coded values written in."""
    if not coded:
        return []
    from positions.scenario import Scenario as _Scenario

    data = scenario.model_dump()
    data["conventions"] = data["conventions"] | {"salience": "independent"}
    _write(data, scenario, coded, coder="?")
    try:
        _Scenario.from_dict(data)
    except ScenarioError as exc:
        return list(exc.problems)
    return []


def load_coding(source: str | Path | Mapping[str, Any], scenario: Scenario) -> Coding:
    """Read a coder file (or its data) and validate it against ``scenario``.

    Parameters
    ----------
    source : str, Path or mapping
        The path of a YAML or JSON coder file, or its data.
    scenario : positions.Scenario
        The scenario it codes.

    Returns
    -------
    Coding

    Raises
    ------
    ScenarioError
        If the file cannot be read or the coding is invalid: a wrong scenario
        id, a path that names no estimate, a value outside its estimate's
        range (a salience above 1, an ideal off its issue's scale), ``low``
        above ``high``... every problem with its path and value, the file
        named.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> positions.load_coding({"scenario": s.id, "coder": "B", "values": {
    ...     "positions[RUS/sanctions].salience": {"value": 1.4, "rationale": "x"},
    ...     "positions[RUS/nosuch].salience": {"value": 0.5, "rationale": "x"}}}, s)
    Traceback (most recent call last):
    ...
    positions.errors.ScenarioError: values[positions[RUS/nosuch].salience]: ...
    positions[RUS/sanctions].salience: 1.4 is above 1
    """
    file: str | None = None
    if isinstance(source, Mapping):
        data: Any = dict(source)
    else:
        file = str(source)
        path = Path(source)
        fmt = "json" if path.suffix.lower() == ".json" else "yaml"
        try:
            raw = read_capped(path, display=file, what="coder file")
            data = parse_document(decode(raw, what="YAML or JSON coder file"), fmt)
        except ScenarioError as exc:
            raise exc.with_file(file) from None
    if not isinstance(data, dict):
        raise ScenarioError([Problem("", "must hold a mapping of coder-file fields")], file=file)
    problems, data = _value_problems(data)
    try:
        coding = Coding.model_validate(data)
    except ValidationError as exc:
        problems += [_bracketed(p) for p in problems_from_validation_error(exc, data)]
        raise ScenarioError(problems, file=file) from None
    problems += coding.problems(scenario)
    if problems:
        raise ScenarioError(problems, file=file)
    return coding


def _value_problems(data: dict[str, Any]) -> tuple[list[Problem], dict[str, Any]]:
    """Check each coded value alone; return its problems and the data without the bad ones.

    So that a bad value and a value the scenario refuses are reported together.
    """
    values = data.get("values")
    if not isinstance(values, dict):
        return [], data
    problems: list[Problem] = []
    good: dict[str, Any] = {}
    for path, raw in values.items():
        try:
            good[path] = CodedValue.model_validate(raw)
        except ValidationError as exc:
            for p in problems_from_validation_error(exc, raw):
                where = f"values[{short_repr(path, 120)[1:-1]}]"
                problems.append(Problem(f"{where}.{p.path}" if p.path else where, p.message))
    return problems, data | {"values": good}


def _bracketed(problem: Problem) -> Problem:
    """Name a value's path in brackets: ``values[positions[A/x].salience].value``."""
    if problem.path.startswith("values."):
        rest = problem.path[len("values."):]
        for field in (".value", ".low", ".high", ".abstain", ".rationale", ".quote", ".source"):
            if rest.endswith(field):
                return Problem(f"values[{rest[: -len(field)]}]{field}", problem.message)
        return Problem(f"values[{rest}]", problem.message)
    return problem


def available_codings(name: str) -> list[Path]:
    """List the built-in coder files of a built-in scenario.

    They are the files ``<name>.coder-<coder>.yaml`` beside the built-in
    scenario ``<name>.yaml`` (shipped with the package).

    Parameters
    ----------
    name : str
        A built-in scenario's name (:func:`positions.available`).

    Returns
    -------
    list of pathlib.Path
        Sorted; empty when there are none.

    Examples
    --------
    >>> available_codings("no-such-scenario")
    []
    """
    return sorted(_BUILTIN.glob(f"{name}.coder-*.yaml"))


def judgement_kind(path: str) -> str:
    """Return the kind of judgement a path names.

    Parameters
    ----------
    path : str
        A path of :meth:`Scenario.estimates <positions.Scenario.estimates>`.

    Returns
    -------
    str
        ``'salience'``, ``'ideal'``, ``'bound'`` (an end of an acceptable
        range), ``'status_quo'``, ``'probability'``, ``'capability'``,
        ``'parameter'``, ``'disagreement'`` or ``'other'``.

    Examples
    --------
    >>> judgement_kind("positions[RUS/nato].acceptable.high")
    'bound'
    >>> judgement_kind("beliefs[b_x].probability")
    'probability'
    """
    collection = path.split("[", 1)[0]
    tail = path.rsplit("]", 1)[-1]
    if collection == "positions":
        if tail == ".salience":
            return "salience"
        if tail == ".ideal":
            return "ideal"
        if tail.startswith(".acceptable"):
            return "bound"
    kinds = {("issues", ".status_quo"): "status_quo", ("beliefs", ".probability"): "probability",
             ("actors", ".capability"): "capability", ("parameters", ".value"): "parameter",
             ("disagreement", ".utility"): "disagreement"}
    return kinds.get((collection, tail), "other")


def issue_scale(scenario: Scenario, path: str) -> tuple[float, float] | None:
    """Return the scale ``(low, high)`` of the issue a path's number lies on, or None.

    Ideal points, the ends of acceptable ranges and status quos lie on their
    issue's scale; other judgements on none.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> issue_scale(s, "positions[RUS/nato].ideal"), issue_scale(s, "actors[RUS].capability")
    ((0.0, 100.0), None)
    """
    kind = judgement_kind(path)
    label = path.split("[", 1)[-1].rsplit("]", 1)[0]
    if kind in ("ideal", "bound"):
        issue_id = label.split("/", 1)[-1]
    elif kind == "status_quo":
        issue_id = label
    else:
        return None
    try:
        scale = scenario.issue(issue_id).scale
    except KeyError:
        return None
    return (float(scale.low), float(scale.high))


def codings_frame(scenario: Scenario, codings: Iterable[Coding]) -> pd.DataFrame:
    """Return every coder's value for every coded path, the scenario's own as coder ``A``.

    Parameters
    ----------
    scenario : positions.Scenario
    codings : iterable of Coding
        Each validated against ``scenario`` here.

    Returns
    -------
    pandas.DataFrame
        Long form, one row per path and coder: ``path, kind, coder, value,
        low, high, abstain, rationale``. The paths are those some coding
        names, in the scenario's order; coder ``A`` (the scenario) gives each
        its estimate's value and range (the support of its uncertainty). A
        path a coder leaves out has no row for that coder; an abstention has
        a row with a missing value. Pivot it with
        ``df.pivot(index="path", columns="coder", values="value")``.

    Raises
    ------
    ScenarioError
        If a coding is not valid for ``scenario``.
    ValueError
        If two codings have the same coder name, or one is named ``A``.
    """
    import pandas as pd

    codings = list(codings)
    _check_names(codings)
    for c in codings:
        c.check(scenario)
    known = scenario.estimates()
    named = {p for c in codings for p in c.values}
    rows: list[dict[str, Any]] = []
    for path, est in known.items():
        if path not in named:
            continue
        low, high = est.bounds()
        rows.append({"path": path, "kind": judgement_kind(path), "coder": SCENARIO_CODER,
                     "value": float(est.value), "low": float(low), "high": float(high),
                     "abstain": False, "rationale": est.rationale})
        for c in codings:
            v = c.values.get(path)
            if v is None:
                continue
            bounds = v.bounds()
            rows.append({
                "path": path, "kind": judgement_kind(path), "coder": c.coder,
                "value": float("nan") if v.value is None else float(v.value),
                "low": float("nan") if bounds is None else float(bounds[0]),
                "high": float("nan") if bounds is None else float(bounds[1]),
                "abstain": v.abstain, "rationale": v.rationale,
            })
    columns = ["path", "kind", "coder", "value", "low", "high", "abstain", "rationale"]
    return pd.DataFrame(rows, columns=columns)


def _check_names(codings: Sequence[Coding]) -> None:
    names = [c.coder for c in codings]
    if SCENARIO_CODER in names:
        raise ValueError(f"coder name {SCENARIO_CODER!r} is the scenario's own coding; "
                         "name the coder otherwise")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"coder {repeated[0]!r} is given more than once")
