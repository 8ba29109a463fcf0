"""Sweep specifications: the typed spec, its grid and the checks.

:class:`SweepSpec` is validated in two steps. Pydantic checks the structure
(types, ranges, unknown fields, empty or unequal lists); :func:`resolve`
then checks the meaning against the scenario and the model (every parameter
path is an estimate of the scenario, every other name is an option or a free
input of the model, every value is valid there, the model can be built) and
returns a :class:`Plan`, everything a run needs. Both raise
:class:`SweepSpecError`, which lists every problem as ``file: where: what``.
The models a spec names are those of the registry of Monte Carlo models
(:mod:`models.sweeps.registry`), its samplers those of
:data:`models.uncertainty.SAMPLERS` whose size is ``n_draws``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)

from positions import Distribution, Problem, ScenarioError
from positions.errors import problems_from_validation_error

__all__ = [
    "DEFAULT_SCENARIO",
    "MAX_CHUNKS",
    "MAX_CHUNK_SIZE",
    "MAX_POINTS",
    "SweepGrid",
    "SweepSpec",
    "SweepSpecError",
    "load_sweep_spec",
    "sweep_samplers",
]

DEFAULT_SCENARIO = "ukraine-ceasefire-2025-05"
_DEFAULT_DRAWS = 1000

MAX_POINTS = 10_000_000
"""The most grid points a sweep may have (each point's values are held in memory)."""
MAX_CHUNK_SIZE = 1_000_000
"""The most model evaluations in one chunk (a chunk's columns are held in memory)."""
MAX_CHUNKS = 100_000
"""The most chunks a sweep may have (``manifest.json`` records each one)."""


class SweepSpecError(ValueError):
    """A sweep specification that is not valid, with every problem found.

    Attributes
    ----------
    problems : tuple of positions.Problem
        Each problem with where it is (``grid.product.seed``...) and what is wrong.
    file : str or None
        The spec file, when there is one.

    Examples
    --------
    >>> from positions import Problem
    >>> print(SweepSpecError([Problem("seed", "-1 is below 0")], file="s.yaml"))
    s.yaml: seed: -1 is below 0
    """

    def __init__(self, problems: Sequence[Problem], *, file: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.file = file
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"{self.file}: " if self.file else "sweep spec: "
        lines = [_bounded(f"{prefix}{p}") for p in self.problems[:_MAX_PROBLEMS]]
        if len(self.problems) > _MAX_PROBLEMS:
            lines.append(f"{prefix}... and {len(self.problems) - _MAX_PROBLEMS} more problems")
        return "\n".join(lines)


_MAX_PROBLEMS = 50
_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
_MAX_LINE = 1000


def _bounded(line: str) -> str:
    """Return a problem's line: control characters escaped, its middle cut out past 1,000."""
    line = _CONTROL.sub(lambda m: repr(m.group())[1:-1], line)
    if len(line) <= _MAX_LINE:
        return line
    half = (_MAX_LINE - 40) // 2
    return f"{line[:half]} [... {len(line) - 2 * half:,} characters ...] {line[-half:]}"


# ====================================================================== the grid
def _plain(value: Any) -> Any:
    """NumPy scalars and arrays as plain Python values (``np.linspace`` grids)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "str"
    return None


def _check_values(name: str, values: Any) -> tuple[Any, ...]:
    values = _plain(values)
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise ValueError(f"the values of {name!r} must be a list, got {values!r:.60}")
    items = tuple(_plain(v) for v in values)
    if not items:
        raise ValueError(f"empty grid: {name!r} has no values")
    kinds = {_kind(v) for v in items}
    if None in kinds:
        bad = next(v for v in items if _kind(v) is None)
        raise ValueError(
            f"grid values must be numbers, strings or booleans; {name!r} has {bad!r:.60}")
    if len(kinds) > 1:
        raise ValueError(
            f"the values of {name!r} mix types ({', '.join(sorted(k for k in kinds if k))}); "
            "give all numbers, all strings or all booleans")
    for v in items:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"{name!r} has the non-finite value {v!r}")
    if len(set(items)) != len(items):
        raise ValueError(f"{name!r} repeats a value: {list(items)!r:.80}")
    return items


class SweepGrid(BaseModel):
    """The grid of a sweep: a product of lists, zipped lists, or both.

    Every name in ``product`` is an axis of its own; each mapping in ``zip`` is
    one axis whose lists (all of one length) advance together. The grid is
    the Cartesian product of the axes, in the order written (``product``
    names first, then the ``zip`` groups), the last axis varying fastest.

    Parameters
    ----------
    product : mapping of str to list
        Parameter name (a scenario path or a model parameter) to its values.
    zip : list of mapping of str to list
        Groups of parameters swept together, value by value.

    Examples
    --------
    >>> g = SweepGrid(product={"a": [1, 2, 3]}, zip=[{"b": [0.1, 0.2], "c": ["x", "y"]}])
    >>> g.shape, g.n_points, g.names
    ((3, 2), 6, ('a', 'b', 'c'))
    >>> points = g.points()
    >>> points["a"].tolist(), points["c"].tolist()
    ([1, 1, 2, 2, 3, 3], ['x', 'y', 'x', 'y', 'x', 'y'])
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    product: dict[str, tuple[Any, ...]] = Field(default_factory=dict)
    zip: tuple[dict[str, tuple[Any, ...]], ...] = ()

    @field_validator("product", mode="before")
    @classmethod
    def _product(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        return {str(k): _check_values(str(k), v) for k, v in value.items()}

    @field_validator("zip", mode="before")
    @classmethod
    def _zip(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            value = [value]
        if isinstance(value, str) or not isinstance(value, Sequence):
            return value
        groups = []
        for group in value:
            if not isinstance(group, Mapping):
                raise ValueError(f"each zip group must be a mapping of lists, got {group!r:.60}")
            if not group:
                raise ValueError("empty grid: a zip group has no parameters")
            checked = {str(k): _check_values(str(k), v) for k, v in group.items()}
            lengths = {k: len(v) for k, v in checked.items()}
            if len(set(lengths.values())) > 1:
                shown = ", ".join(f"{k!r} has {n}" for k, n in lengths.items())
                raise ValueError(f"zipped lists of unequal length: {shown}")
            groups.append(checked)
        return groups

    @model_validator(mode="after")
    def _axes(self) -> SweepGrid:
        names = list(self.product)
        for group in self.zip:
            names += list(group)
        if not names:
            raise ValueError("empty grid: give at least one parameter under 'product' or 'zip' "
                             "(leave 'grid' out for a single Monte Carlo run)")
        seen = set()
        for name in names:
            if name in seen:
                raise ValueError(f"{name[:80]!r} appears twice in the grid")
            seen.add(name)
        n = self.n_points
        if n > MAX_POINTS:
            shape = " x ".join(f"{k:,}" for k in self.shape)
            raise ValueError(f"the grid has {n:,} points ({shape}); at most {MAX_POINTS:,} "
                             "(split the sweep into several, or sample the space with "
                             "inputs and n_draws instead)")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """The parameters, in axis order."""
        out = list(self.product)
        for group in self.zip:
            out += list(group)
        return tuple(out)

    @property
    def shape(self) -> tuple[int, ...]:
        """The length of each axis."""
        lengths = [len(v) for v in self.product.values()]
        lengths += [len(next(iter(g.values()))) for g in self.zip]
        return tuple(lengths)

    @property
    def n_points(self) -> int:
        """Number of grid points."""
        return math.prod(self.shape)

    def points(self) -> dict[str, NDArray[Any]]:
        """Return each parameter's value at every grid point.

        Returns
        -------
        dict of str to ndarray of shape (n_points,)
            In C order over the axes (the last axis varies fastest).
        """
        shape = self.shape
        index = np.unravel_index(np.arange(math.prod(shape)), shape)
        out: dict[str, NDArray[Any]] = {}
        axes: list[Mapping[str, tuple[Any, ...]]] = [{k: v} for k, v in self.product.items()]
        axes += list(self.zip)
        for axis, idx in zip(axes, index, strict=True):
            for name, values in axis.items():
                out[name] = np.asarray(values)[idx]
        return out


def sweep_samplers() -> tuple[str, ...]:
    """Return the samplers a sweep can run: those of the registry whose size is ``n_draws``.

    Returns
    -------
    tuple of str
        The names of :data:`models.uncertainty.SAMPLERS` that do not take
        ``levels``.

    Examples
    --------
    >>> sweep_samplers()
    ('random', 'lhs', 'sobol', 'halton')
    """
    from models.uncertainty.samplers import SAMPLERS

    return tuple(name for name, spec in SAMPLERS.items() if not spec.levels)


def _model_name(model: Any) -> str:
    if isinstance(model, str):
        return model
    module = getattr(model, "__module__", None) or "?"
    qual = getattr(model, "__qualname__", None) or type(model).__name__
    return f"{module}:{qual}"


ModelField = Annotated[
    str | Callable[..., Any],
    PlainSerializer(_model_name, return_type=str, when_used="json"),
]


# ======================================================================= the spec
class SweepSpec(BaseModel):
    """A parameter sweep: scenario, model, grid, replications, seed and chunking.

    Each grid point is either a Monte Carlo run (``run: monte_carlo``:
    ``n_draws`` draws of the uncertain inputs with the point's parameters
    fixed) or one model run at the point values (``run: single``), repeated
    ``replications`` times with different seeds. In YAML::

        scenario: ukraine-ceasefire-2025-05
        model: threat
        n_draws: 2000
        seed: 20250519
        grid:
          product:
            parameters[discount_USA].value: [0.7, 0.8, 0.9]
            parameters[sanctions_cost_RUS].value: [0.02, 0.05, 0.1]

    Parameters
    ----------
    scenario : str or None
        A built-in scenario name or a scenario file (relative to the spec
        file); None only for a model of free inputs.
    model : str or callable
        A name of :func:`sweep_models` or, from Python, a factory
        ``factory(inputs, **options) -> model`` (see :class:`SweepModel`).
    options : mapping
        Keyword options of the model, the same at every point.
    inputs : mapping of str to distribution
        Uncertain inputs to add (free names) or to override (scenario paths),
        as distribution specifications (``{dist: uniform, low: 0, high: 1}``).
    include, exclude : list of str, optional
        Path patterns of the scenario estimates that are uncertain (default:
        every estimate whose uncertainty is not ``fixed``); see
        :func:`models.uncertain`.
    grid : SweepGrid, optional
        The parameters swept. Names with brackets are scenario paths
        (``positions[RUS/territory].salience``); other names are model
        options (``loss``) or free inputs (``audience_cost``). Without
        a grid the sweep has one point.
    run : {'monte_carlo', 'single'}
    n_draws : int, optional
        Draws per Monte Carlo run (default 1000).
    sampler : str
        The sampler of :func:`models.monte_carlo`: a name of
        :data:`models.uncertainty.SAMPLERS` whose size is ``n_draws``
        (``'random'``, ``'lhs'``, ``'sobol'``, ``'halton'``; not
        ``'factorial'``, whose grid fixes its size).
    replications : int
        Runs per grid point, each with its own seed (>= 1; 1 for ``single``).
        Points x replications x draws, cut into chunks, must fit in
        :data:`MAX_CHUNKS` chunks of at most :data:`MAX_CHUNK_SIZE`; the grid
        has at most :data:`MAX_POINTS` points. Larger sweeps are refused
        before any work, with the numbers.
    common_draws : bool
        Only ``true`` or ``false`` (as ``keep_draws``). Give every grid
        point the same seeds (replication ``r`` of every point uses the same
        stream): common random numbers, so differences between
        points are not blurred by sampling noise.
    keep_draws : bool
        Also store the drawn inputs of every draw.
    seed : int, optional
        The root seed (>= 0). None draws one from the operating system; the
        manifest records it.
    chunk_size : int
        Model evaluations (draws, or single runs) per chunk: the unit of work
        sent to a worker and of one Parquet part file. It never changes the
        results.
    description : str, optional

    Examples
    --------
    >>> spec = SweepSpec(model="threat", n_draws=500, seed=1,
    ...                  grid={"product": {"parameters[discount_USA].value": [0.8, 0.9]}})
    >>> spec.grid.n_points, spec.run
    (2, 'monte_carlo')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: str | None = DEFAULT_SCENARIO
    model: ModelField = "nash"
    options: dict[str, Any] = Field(default_factory=dict)
    inputs: dict[str, Distribution] = Field(default_factory=dict)
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    grid: SweepGrid | None = None
    run: Literal["monte_carlo", "single"] = "monte_carlo"
    n_draws: Annotated[int, Field(strict=True, ge=1)] | None = None
    sampler: str = "random"
    replications: Annotated[int, Field(strict=True, ge=1)] = 1
    common_draws: Annotated[bool, Field(strict=True)] = False
    keep_draws: Annotated[bool, Field(strict=True)] = False
    seed: Annotated[int, Field(strict=True, ge=0)] | None = None
    chunk_size: Annotated[int, Field(strict=True, ge=1)] = 4096
    description: str | None = None

    @field_validator("include", "exclude", mode="before")
    @classmethod
    def _patterns(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("sampler", mode="before")
    @classmethod
    def _sampler(cls, value: Any) -> Any:
        choices = sweep_samplers()
        if value not in choices:
            shown = ", ".join(map(repr, choices[:-1])) + f" or {choices[-1]!r}"
            raise ValueError(f"{value!r:.80} is not one of {shown}")
        return value

    @field_validator("model", mode="before")
    @classmethod
    def _model(cls, value: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                raise ValueError("the model name is empty")
            return value
        if not callable(value):
            raise ValueError(f"a model name or a factory function, got {value!r:.60}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> SweepSpec:
        if self.run == "single":
            if self.n_draws is not None:
                raise ValueError("n_draws is for run: monte_carlo; a single run has no draws")
            if self.replications != 1:
                raise ValueError(f"replications must be 1 for run: single (the model is run "
                                 f"once per point), got {self.replications}")
            if self.keep_draws:
                raise ValueError("keep_draws is for run: monte_carlo")
        return self

    @model_validator(mode="after")
    def _sizes(self) -> SweepSpec:
        c = self.chunk_size
        if c > MAX_CHUNK_SIZE:
            raise ValueError(f"chunk_size is {c:,}; at most {MAX_CHUNK_SIZE:,} model evaluations "
                             "per chunk (a chunk is held in memory)")
        total = self.n_points * self.replications * self.draws_per_run
        chunks = -(-total // c)
        if chunks > MAX_CHUNKS:
            least = -(-total // MAX_CHUNKS)
            fix = (f"raise chunk_size to {least:,} or more" if least <= MAX_CHUNK_SIZE else
                   f"at most {MAX_CHUNKS * MAX_CHUNK_SIZE:,} evaluations fit")
            raise ValueError(
                f"the sweep has {total:,} model evaluations ({self.n_points:,} points x "
                f"{self.replications:,} replications x {self.draws_per_run:,} draws) in "
                f"{chunks:,} chunks of {c:,}; at most {MAX_CHUNKS:,} chunks (the manifest "
                f"records each): {fix}, or lower n_draws, replications or the grid")
        return self

    @property
    def draws_per_run(self) -> int:
        """Model evaluations per run: ``n_draws`` (default 1000), or 1 for a single run."""
        if self.run == "single":
            return 1
        return _DEFAULT_DRAWS if self.n_draws is None else self.n_draws

    @property
    def n_points(self) -> int:
        """Number of grid points (1 without a grid)."""
        return 1 if self.grid is None else self.grid.n_points

    def to_json_data(self) -> dict[str, Any]:
        """Return the spec as JSON data (a factory appears as ``'module:name'``).

        Returns
        -------
        dict
        """
        data: dict[str, Any] = self.model_dump(mode="json")
        return data


# ================================================================ file loading
def _problems(exc: ValidationError, data: Any) -> list[Problem]:
    return problems_from_validation_error(exc, data)


def _read(path: Path) -> Any:
    """Read and parse a spec file within the limits of :mod:`positions._read`.

    Raises
    ------
    SweepSpecError
        If the file cannot be read (missing, not a regular file, too large, not
        UTF-8), is malformed or over the YAML/JSON limits, or is not a mapping.
    """
    from positions._read import decode, parse_document, read_capped
    from positions.errors import short_repr

    display = str(path)
    try:
        text = decode(read_capped(path, display=display, what="sweep spec"), what="sweep spec")
        data = parse_document(text, "json" if path.suffix.lower() == ".json" else "yaml")
    except ScenarioError as exc:
        raise SweepSpecError(exc.problems, file=display) from None
    if not isinstance(data, dict):
        raise SweepSpecError([Problem("", "must be a mapping of spec fields (scenario, model, "
                                          f"grid, ...), got {short_repr(data, 60)}")],
                             file=display)
    return data


def load_sweep_spec(path: str | Path, **overrides: Any) -> SweepSpec:
    r"""Read a sweep spec (YAML or JSON) and check it completely, before any work starts.

    The structure is validated, then the meaning: the scenario loads, the
    model is known, every parameter path is an estimate of the scenario and
    every value valid there, every other name an option or free input of the
    model, and the model builds. A scenario file named relative to the spec
    resolves against the spec's folder.

    Parameters
    ----------
    path : str or Path
        The spec file.
    **overrides
        Fields that replace the file's (``seed=7``), as the CLI's options do.

    Returns
    -------
    SweepSpec

    Raises
    ------
    SweepSpecError
        Listing every problem as ``file: where: what`` (each line at most
        1,000 characters, at most 50 problems): unknown fields, wrong types,
        a bad seed, an empty grid, zipped lists of unequal length, a sweep
        too large, an unknown model, an unknown parameter path, option or
        free input (with a did-you-mean), an option of the wrong type, a
        ``categorical`` distribution on a number, an input also swept, a bad
        value, a model that cannot be built (see
        :mod:`models.sweeps.checks`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "bad.yaml").write_text("model: threat\nseed: -1\n")
    >>> load_sweep_spec(folder / "bad.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    models.sweeps.spec.SweepSpecError: .../bad.yaml: seed: -1 is below 0
    """
    path = Path(path)
    display = str(path)
    data = _read(path)
    data = {**data, **overrides}
    scenario = data.get("scenario", DEFAULT_SCENARIO)
    if isinstance(scenario, str):
        from positions import available

        if scenario not in available() and not Path(scenario).is_absolute():
            candidate = (path.resolve().parent / scenario)
            if os.path.exists(candidate):  # False, not OSError, for a name too long
                data["scenario"] = str(candidate)
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        raise SweepSpecError(_problems(exc, data), file=display) from None
    from models.sweeps.plan import resolve

    try:
        resolve(spec)
    except SweepSpecError as exc:
        raise SweepSpecError(exc.problems, file=display) from None
    return spec
