"""The plan of a sweep: a spec checked against its scenario and model (:func:`resolve`).

:func:`resolve` checks the meaning of a :class:`~models.sweeps.SweepSpec`
against the scenario and the model: every parameter path is an estimate of
the scenario, every other name an option or a declared free input of the
model, every value valid there (:mod:`models.sweeps.checks`: option types,
distribution kinds, roles), and the model builds at the first point and at
every value of every swept option. It returns a :class:`Plan`, everything a
run needs, or raises :class:`~models.sweeps.SweepSpecError` listing every
problem.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from models.sweeps.checks import check_inputs, check_option_types, short, suggest
from models.sweeps.registry import SweepModel, sweep_models
from models.sweeps.spec import SweepSpec, SweepSpecError, _kind, _model_name
from positions import Fixed, Problem, Scenario, ScenarioError
from positions.errors import short_text

__all__ = ["Plan", "resolve", "scenario_hash"]


ParamKind = Literal["path", "input", "option"]


@dataclass(frozen=True, slots=True, eq=False)
class Plan:
    """A checked spec with everything a run needs (built by :func:`resolve`).

    Attributes
    ----------
    spec : SweepSpec
    scenario : Scenario or None
    scenario_hash : str
    model : SweepModel
    names : tuple of str
        The grid parameters.
    kinds : mapping of str to {'path', 'input', 'option'}
    columns : mapping of str to ndarray of shape (n_points,)
        Each grid parameter's value at each point.
    n_points, replications, draws_per_run : int
    """

    spec: SweepSpec
    scenario: Scenario | None
    scenario_hash: str
    model: SweepModel
    names: tuple[str, ...]
    kinds: Mapping[str, ParamKind]
    columns: Mapping[str, NDArray[Any]]
    n_points: int
    replications: int
    draws_per_run: int
    spec_data: dict[str, Any] = field(default_factory=dict)

    @property
    def n_runs(self) -> int:
        """Grid points times replications."""
        return self.n_points * self.replications

    @property
    def total(self) -> int:
        """Model evaluations in the whole sweep."""
        return self.n_runs * self.draws_per_run

    @property
    def n_chunks(self) -> int:
        """Number of chunks."""
        return max(1, -(-self.total // self.spec.chunk_size))

    @property
    def spec_hash(self) -> str:
        """SHA-256 of the spec's canonical JSON and the scenario's hash."""
        text = json.dumps(self.spec_data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256((text + self.scenario_hash).encode("utf-8")).hexdigest()

    def point_inputs(self, p: int) -> tuple[dict[str, Any], dict[str, Any]]:
        """Return the fixed inputs and the options of point ``p``."""
        fixed: dict[str, Any] = {}
        options = dict(self.spec.options)
        for name in self.names:
            value = self.columns[name][p]
            value = value.item() if isinstance(value, np.generic) else value
            if self.kinds[name] == "option":
                options[name] = value
            else:
                fixed[name] = Fixed(value=float(value))
        return fixed, options

    def build(self, p: int) -> tuple[Any, Any]:
        """Build the uncertain inputs and the model of point ``p``."""
        from models.uncertainty.inputs import uncertain

        fixed, options = self.point_inputs(p)
        declared: dict[str, Any] = dict(self.spec.inputs) | fixed
        spec = self.spec
        inputs = uncertain(self.scenario, include=spec.include, exclude=spec.exclude,
                           inputs=declared or None)
        return inputs, self.model.factory(inputs, **options)


def scenario_hash(scenario: Scenario | None) -> str:
    """SHA-256 of a scenario's canonical JSON (empty string's hash for None)."""
    if scenario is None:
        return hashlib.sha256(b"").hexdigest()
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _where(spec: SweepSpec, name: str) -> str:
    grid = spec.grid
    if grid is not None and name in grid.product:
        return f"grid.product.{name}"
    if grid is not None:
        for i, group in enumerate(grid.zip):
            if name in group:
                return f"grid.zip[{i}].{name}"
    return name


def _model_entry(spec: SweepSpec, problems: list[Problem]) -> SweepModel | None:
    model = spec.model
    if callable(model) and not isinstance(model, str):
        return SweepModel.declare(_model_name(model), model,
                                  needs_scenario=spec.scenario is not None)
    registry = sweep_models()
    entry = registry.get(model)
    if entry is None:
        known = ", ".join(sorted(registry))
        problems.append(Problem("model", f"unknown model {short(model)} (known: {known})"
                                + suggest(model, list(registry))))
    return entry


def _load_scenario(spec: SweepSpec, problems: list[Problem]) -> Scenario | None:
    import positions

    if spec.scenario is None:
        return None
    try:
        return positions.load(spec.scenario)
    except ScenarioError as exc:
        for problem in exc.problems[:5]:
            text = f"{short_text(exc.file, 200)}: {problem}" if exc.file else str(problem)
            problems.append(Problem("scenario", text))
        return None


def _check_names(spec: SweepSpec, scenario: Scenario | None, entry: SweepModel,
                 problems: list[Problem]) -> dict[str, ParamKind]:
    known = scenario.estimates() if scenario is not None else {}
    any_option = entry.options is None
    options = set(entry.options or ())
    free = set(entry.free_inputs) | {n for n in spec.inputs if "[" not in n}
    kinds: dict[str, ParamKind] = {}
    for name in spec.options:
        if name not in options and not any_option:
            problems.append(Problem(
                f"options.{name}", f"not an option of model {entry.name!r} (options: "
                f"{', '.join(sorted(options)) or 'none'})" + suggest(name, sorted(options))))
    names = spec.grid.names if spec.grid is not None else ()
    for name in spec.inputs:
        if "[" in name and name not in known:
            problems.append(Problem(f"inputs.{name}", _unknown_path(name, scenario, known)))
    from_python = callable(spec.model) and not isinstance(spec.model, str)
    check_inputs(spec, entry, known, names, problems, from_python=from_python)
    for name in names:
        where = _where(spec, name)
        if "[" in name:
            if name not in known:
                problems.append(Problem(where, _unknown_path(name, scenario, known)))
                continue
            kinds[name] = "path"
        elif name in options:
            if name in spec.options:
                problems.append(Problem(where, f"{short(name)} is both swept and set in 'options'"))
                continue
            kinds[name] = "option"
        elif name in free:
            kinds[name] = "input"
        elif any_option:
            kinds[name] = "option"
        else:
            choices = sorted(options | free)
            problems.append(Problem(
                where, f"unknown parameter {short(name)}: not a scenario path (paths have "
                f"brackets, e.g. 'positions[<actor>/<issue>].salience') nor an option or free "
                f"input of model {entry.name!r} ({', '.join(choices) or 'none'})"
                + suggest(name, choices)))
    swept = {n: _values(spec)[n] for n, k in kinds.items() if k == "option"}
    check_option_types(entry, spec.options, swept, {n: _where(spec, n) for n in swept},
                       problems)
    return kinds


def _values(spec: SweepSpec) -> dict[str, tuple[Any, ...]]:
    """Each grid parameter's list of values."""
    grid = spec.grid
    if grid is None:
        return {}
    values: dict[str, tuple[Any, ...]] = dict(grid.product)
    for group in grid.zip:
        values |= group
    return values


def _cut(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unknown_path(name: str, scenario: Scenario | None, known: Mapping[str, Any]) -> str:
    if scenario is None:
        return f"{short(name)} is a scenario path, but the spec names no scenario"
    return (f"{short(name)} is not a path of an estimate of scenario {scenario.id!r} "
            "(see scenario.estimates())" + suggest(name, list(known)))


def _check_point_values(spec: SweepSpec, scenario: Scenario | None,
                        kinds: Mapping[str, ParamKind], problems: list[Problem]) -> None:
    grid = spec.grid
    if grid is None:
        return
    values: dict[str, tuple[Any, ...]] = dict(grid.product)
    for group in grid.zip:
        values |= group
    for name, kind in kinds.items():
        vals = values[name]
        if kind == "option":
            continue
        if not all(_kind(v) == "number" for v in vals):
            problems.append(Problem(_where(spec, name),
                                    f"values of {short(name)} must be numbers, got "
                                    f"{short(list(vals))}"))
            continue
        if kind != "path" or scenario is None:
            continue
        from models.uncertainty.inputs import uncertain

        for v in sorted({min(vals), max(vals)}):
            try:
                uncertain(scenario, include=name, inputs={name: Fixed(value=float(v))}
                          ).scenario_at({name: float(v)})
            except ScenarioError as exc:
                i = vals.index(v)
                for problem in exc.problems[:3]:
                    problems.append(Problem(f"{_where(spec, name)}[{i}]", problem.message))


def _inside(dist: Any, value: float) -> float:
    """Return ``value`` if ``dist`` allows it, else a value it does allow."""
    if dist.contains(value):
        return value
    values = getattr(dist, "values", None)
    if values:
        return float(values[0])
    low, high = dist.support()
    if np.isfinite(low) and np.isfinite(high):
        return float((low + high) / 2)
    return float(low if np.isfinite(low) else high if np.isfinite(high) else 0.0)


def _check_input_ranges(spec: SweepSpec, scenario: Scenario | None,
                        problems: list[Problem]) -> None:
    """Check each ``inputs`` distribution on a scenario path against that estimate's range.

    The scenario is re-validated with the distribution in place (its point
    value moved inside the distribution when needed, its calibrated words
    dropped: a sweep may explore beyond them), so the range checks positions
    get (a salience within [0, 1], a status quo on its issue's scale, ...)
    apply to sweep inputs too, before any draw is made.
    """
    if scenario is None:
        return
    known = scenario.estimates()
    for name, dist in spec.inputs.items():
        if "[" not in name or name not in known:
            continue
        change = {"value": _inside(dist, known[name].value),
                  "uncertainty": dist.model_dump(), "words": None}
        try:
            scenario.with_estimates({name: change}, record=False)
        except ScenarioError as exc:
            for problem in exc.problems[:3]:
                problems.append(Problem(f"inputs.{name}", problem.message))


def _dry_build(plan: Plan, problems: list[Problem]) -> None:
    """Build the model at the first point, and at every value of every swept option."""
    points = [0]
    for name, kind in plan.kinds.items():
        if kind == "option":
            col = plan.columns[name]
            for value in dict.fromkeys(col.tolist()):
                points.append(int(np.flatnonzero(col == value)[0]))
    for p in dict.fromkeys(points):
        try:
            plan.build(p)
        except (ValueError, TypeError, KeyError) as exc:
            _, options = plan.point_inputs(p)
            at = ", ".join(f"{k}={short(v)}" for k, v in options.items() if k in plan.kinds)
            where = "model" if not at else f"model (at {at})"
            why = _cut(str(exc))
            problems.append(Problem(where, f"{plan.model.name!r} cannot be built: {why}"))
            return


def resolve(spec: SweepSpec) -> Plan:
    """Check a spec against its scenario and model and return the plan of the run.

    Parameters
    ----------
    spec : SweepSpec

    Returns
    -------
    Plan

    Raises
    ------
    SweepSpecError
        With every problem found.
    """
    if not isinstance(spec, SweepSpec):
        raise TypeError(f"The 'spec' parameter of sweep must be a SweepSpec (or a spec file). "
                        f"Got {type(spec).__name__} instead.")
    problems: list[Problem] = []
    entry = _model_entry(spec, problems)
    scenario = _load_scenario(spec, problems)
    if problems or entry is None:
        raise SweepSpecError(problems)
    if entry.needs_scenario and scenario is None:
        raise SweepSpecError([Problem("scenario", f"model {entry.name!r} needs a scenario")])
    kinds = _check_names(spec, scenario, entry, problems)
    if not problems:
        _check_point_values(spec, scenario, kinds, problems)
        _check_input_ranges(spec, scenario, problems)
    if problems:
        raise SweepSpecError(problems)
    columns = spec.grid.points() if spec.grid is not None else {}
    for arr in columns.values():
        arr.flags.writeable = False
    plan = Plan(
        spec=spec, scenario=scenario, scenario_hash=scenario_hash(scenario), model=entry,
        names=tuple(columns), kinds=kinds, columns=columns, n_points=spec.n_points,
        replications=spec.replications, draws_per_run=spec.draws_per_run,
        spec_data=spec.to_json_data(),
    )
    _dry_build(plan, problems)
    if problems:
        raise SweepSpecError(problems)
    return plan
