r"""Parameter sweeps: a grid of Monte Carlo (or single) runs, from a laptop to a Dask cluster.

A sweep evaluates a model at every point :math:`\theta_p` of a grid over some
parameters, :math:`R` times per point. The grid is the Cartesian product of
its axes,

.. math::

    \Theta = A_1 \times A_2 \times \dots \times A_m,
    \qquad |\Theta| = \prod_j |A_j|,

where an axis is one parameter's list of values or a group of lists that
advance together (zipped). A parameter is a scenario path
(``positions[RUS/territory].salience``, ``parameters[discount_USA].value``),
a model option (``loss``) or a free input of the model
(``audience_cost``). At each point the parameters are fixed and every
other coded uncertainty of the scenario stays uncertain, so a point is a Monte
Carlo run of :func:`models.monte_carlo` (``n_draws`` draws :math:`x^{(i)}`
of the inputs, outputs :math:`y^{(i)} = g_{\theta_p}(x^{(i)})`), or a single
run at the point values: an experiment design over *levers* and
*uncertainties* in the sense of exploratory modelling (Bankes 1993; Kwakkel
2017).

**Seeds.** One root ``numpy.random.SeedSequence(seed)``; run :math:`(p, r)`
draws from its child ``SeedSequence(seed, spawn_key=(p, r))`` (with
``common_draws``, from ``spawn_key=(r,)`` at every point: common random
numbers, Law 2015, sec. 11.2). Spawned children are statistically independent
streams (O'Neill 2014; the NumPy ``SeedSequence`` design).

**Chunks.** The :math:`|\Theta| R N` model evaluations are numbered, run by
run; chunk :math:`k` holds evaluations :math:`kC, \dots, (k+1)C - 1`, so a
chunk may hold many runs or part of one. Since the rows of a Monte Carlo
design do not depend on how it is sliced (:func:`models.uncertainty.sample`), the
results do not depend on the chunk size, the executor or the number of
workers. Each finished chunk is written as one Parquet part file, atomically,
and recorded in ``manifest.json`` with its row count and SHA-256; a resumed
sweep verifies the recorded parts and runs only the missing chunks, so its
rows equal an uninterrupted run's, row for row.

Executors: in this process (``'serial'``), local processes (``'processes'``,
a :class:`concurrent.futures.ProcessPoolExecutor` over all cores), any
:class:`concurrent.futures.Executor`, or a ``dask.distributed`` client
(Rocklin 2015), each taking whole chunks.

References
----------
.. [1] Bankes, S. (1993). Exploratory modeling for policy analysis.
   *Operations Research*, 41(3), 435-449.
.. [2] Kwakkel, J. H. (2017). The Exploratory Modeling Workbench: an open
   source toolkit for exploratory modeling, scenario discovery, and
   (multi-objective) robust decision making. *Environmental Modelling &
   Software*, 96, 239-250.
.. [3] Law, A. M. (2015). *Simulation Modeling and Analysis*, 5th ed.
   McGraw-Hill, sec. 11.2 (common random numbers).
.. [4] O'Neill, M. E. (2014). PCG: a family of simple fast space-efficient
   statistically good algorithms for random number generation. Technical
   report HMC-CS-2014-0905, Harvey Mudd College.
.. [5] Rocklin, M. (2015). Dask: parallel computation with blocked
   algorithms and task scheduling. *Proceedings of the 14th Python in Science
   Conference*, 130-136.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from models._checks import check_int, param_error
from models.sweeps.plan import resolve
from models.sweeps.registry import SweepModel, register_sweep_model, sweep_models
from models.sweeps.run import execute, run_seed
from models.sweeps.spec import (
    SweepGrid,
    SweepSpec,
    SweepSpecError,
    load_sweep_spec,
)
from models.sweeps.store import (
    DATA_DIR,
    MANIFEST,
    SweepManifest,
    SweepStoreError,
    file_sha256,
    part_rows,
    read_manifest,
    stray_files,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "SweepGrid",
    "SweepModel",
    "SweepResult",
    "SweepSpec",
    "SweepSpecError",
    "SweepStoreError",
    "load_sweep_spec",
    "open_sweep",
    "register_sweep_model",
    "sweep",
    "sweep_models",
]

_KEYS = ("point", "replication", "draw")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("stances")
    except Exception:  # pragma: no cover - not installed
        from positions import __version__

        return __version__


@dataclass(frozen=True, slots=True)
class SweepResult:
    """A finished sweep: a Parquet dataset and its manifest, read on demand.

    Attributes
    ----------
    path : pathlib.Path
        The sweep folder (``manifest.json`` and ``data/part-*.parquet``).
    spec : SweepSpec
        The spec that was run (a factory given from Python appears by its
        ``'module:name'``).
    seed : int
        The root seed.
    version : str
        The version of stances that started the sweep.
    n_points, n_rows : int
        Grid points and rows in the dataset.
    parameters : tuple of str
        The grid parameters (columns of :meth:`to_frame`).
    outputs : tuple of str
        The model's outputs.
    files : tuple of str
        The part files, in chunk (and so row) order.

    Examples
    --------
    >>> import tempfile
    >>> spec = SweepSpec(model="threat", n_draws=200, seed=3, include=("parameters[*]",),
    ...                  grid={"product": {"parameters[discount_USA].value": [0.7, 0.95]}})
    >>> res = sweep(spec, tempfile.mkdtemp() + "/out", executor="serial", progress=False)
    >>> res.n_points, res.n_rows, res.parameters
    (2, 400, ('parameters[discount_USA].value',))
    >>> res.summary(["credible"])[["point", "output", "mean", "n"]].round(3).values.tolist()
    [[0, 'credible', 0.375, 200], [1, 'credible', 0.29, 200]]
    """

    path: Path
    spec: SweepSpec
    seed: int
    version: str
    n_points: int
    n_rows: int
    parameters: tuple[str, ...]
    outputs: tuple[str, ...]
    files: tuple[str, ...]

    def run_seed(self, point: int, replication: int = 0) -> int:
        """Return the seed of one run: ``monte_carlo(..., rng=seed)`` reproduces its draws.

        Parameters
        ----------
        point, replication : int

        Returns
        -------
        int

        Raises
        ------
        ValueError
            If the point or replication is out of range.
        """
        func = "SweepResult.run_seed"
        check_int(point, "point", func, low=0)
        check_int(replication, "replication", func, low=0)
        if point >= self.n_points:
            raise param_error("point", func, f"an int < n_points={self.n_points}", str(point))
        if replication >= self.spec.replications:
            raise param_error("replication", func,
                              f"an int < replications={self.spec.replications}",
                              str(replication))
        return run_seed(self.seed, point, replication, common=self.spec.common_draws)

    def to_frame(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Read the dataset: one row per draw (or single run), in a fixed order.

        Parameters
        ----------
        columns : sequence of str, optional
            Read only these columns (default: all).

        Returns
        -------
        pandas.DataFrame
            Columns ``point``, the grid parameters, ``replication``, ``draw``
            (Monte Carlo runs), the drawn inputs (with ``keep_draws``) and the
            outputs; rows ordered by point, replication and draw.

        Raises
        ------
        ValueError
            If a column is unknown.
        """
        import pandas as pd
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        cols = None if columns is None else list(columns)
        if cols is not None:
            known = set(pq.read_schema(self.path / DATA_DIR / self.files[0]).names)
            bad = [c for c in cols if c not in known]
            if bad:
                raise param_error("columns", "SweepResult.to_frame",
                                  "names of the dataset's columns", repr(bad[0]))
        tables = [pq.read_table(self.path / DATA_DIR / f, columns=cols) for f in self.files]
        table = pa.concat_tables(tables)
        frame: pd.DataFrame = table.to_pandas()
        frame.index = pd.RangeIndex(len(frame))
        return frame

    def points(self) -> pd.DataFrame:
        """Return the grid: one row per point with its parameter values.

        Returns
        -------
        pandas.DataFrame
            Columns ``point`` and the grid parameters.
        """
        import pandas as pd

        grid = self.spec.grid
        data: dict[str, Any] = {"point": np.arange(self.n_points)}
        if grid is not None:
            data |= grid.points()
        return pd.DataFrame(data)

    def summary(
        self, outputs: Sequence[str] | None = None, *,
        quantiles: Sequence[float] = (0.05, 0.5, 0.95),
    ) -> pd.DataFrame:
        r"""Summarise each numeric output at each grid point (over replications and draws).

        Parameters
        ----------
        outputs : sequence of str, optional
            Default: every numeric or boolean output.
        quantiles : sequence of float
            Quantiles to report, each in [0, 1].

        Returns
        -------
        pandas.DataFrame
            One row per point and output: ``point``, the grid parameters,
            ``output``, ``n`` (finite values), ``mean`` (a probability for a
            boolean output), ``std``, ``se`` (:math:`s / \sqrt{n}`) and
            ``q<quantile>`` columns.

        Raises
        ------
        ValueError
            If an output is unknown or not numeric, or a quantile is outside [0, 1].
        """
        import pandas as pd

        func = "SweepResult.summary"
        qs = [float(q) for q in quantiles]
        if any(not 0 <= q <= 1 for q in qs):
            raise param_error("quantiles", func, "values in [0, 1]", repr(list(quantiles)))
        frame = self.to_frame()
        names = list(self.outputs) if outputs is None else list(outputs)
        numeric = [n for n in self.outputs
                   if pd.api.types.is_numeric_dtype(frame[n]) or frame[n].dtype == bool]
        for name in names:
            if name not in numeric:
                raise param_error("outputs", func, f"numeric outputs ({', '.join(numeric)})",
                                  repr(name))
        if outputs is None:
            names = numeric
        keys = ["point", *self.parameters]
        rows = []
        for name in names:
            values = frame[name].astype(float)
            grouped = values.groupby(frame["point"], sort=True)
            part = pd.DataFrame({
                "n": grouped.count(), "mean": grouped.mean(), "std": grouped.std(ddof=1),
            })
            part["se"] = part["std"] / np.sqrt(part["n"])
            for q in qs:
                part[f"q{q:g}"] = grouped.quantile(q)
            part.insert(0, "output", name)
            rows.append(part.reset_index())
        out = pd.concat(rows, ignore_index=True)  # output by output, points in order
        out = self.points().merge(out, on="point", how="right")
        return out[keys + [c for c in out.columns if c not in keys]]

    def plot(
        self, ax: Axes | None = None, *, x: str | None = None, y: str | None = None,
        value: str | None = None, agg: Literal["mean", "median", "std", "min", "max"] = "mean",
        **kwargs: Any,
    ) -> Axes:
        """Draw a heat map of an output over two grid parameters; see :func:`models.plotting.plot_sweep_heatmap`."""  # noqa: E501
        from models.plotting.sweeps import plot_sweep_heatmap

        return plot_sweep_heatmap(self, ax=ax, x=x, y=y, value=value, agg=agg, **kwargs)

    def __repr__(self) -> str:
        return (f"SweepResult(path={str(self.path)!r}, n_points={self.n_points}, "
                f"n_rows={self.n_rows:,}, parameters={list(self.parameters)}, "
                f"outputs={list(self.outputs)[:5]}{'...' if len(self.outputs) > 5 else ''})")


def _result(folder: Path, manifest: SweepManifest) -> SweepResult:
    spec = SweepSpec.model_validate(manifest.spec)
    params = spec.grid.names if spec.grid is not None else ()
    files = tuple(c.file for c in manifest.chunks if c.file)
    return SweepResult(
        path=folder, spec=spec, seed=manifest.seed, version=manifest.version,
        n_points=manifest.n_points, n_rows=sum(c.rows or 0 for c in manifest.chunks),
        parameters=tuple(params), outputs=tuple(manifest.outputs), files=files,
    )


def open_sweep(path: str | Path, *, verify: bool = True) -> SweepResult:
    """Open a finished sweep folder.

    Parameters
    ----------
    path : str or Path
        The folder ``sweep`` wrote.
    verify : bool
        Check every part file against the SHA-256 in the manifest (default True).

    Returns
    -------
    SweepResult

    Raises
    ------
    SweepStoreError
        If the folder holds no sweep, the sweep is unfinished (resume it), or
        a part file is missing or altered.
    """
    folder = Path(path)
    manifest = read_manifest(folder) if folder.is_dir() else None
    if manifest is None:
        raise SweepStoreError(f"{folder}: no sweep here (no manifest.json)")
    if not manifest.complete:
        raise SweepStoreError(
            f"{folder}: the sweep is unfinished ({manifest.n_done} of {len(manifest.chunks)} "
            "chunks done); resume it with sweep(..., resume=True) or stances sweep --resume")
    _check_counts(folder, manifest)
    if verify:
        for chunk in manifest.chunks:
            part = folder / DATA_DIR / (chunk.file or "")
            if not part.is_file() or file_sha256(part) != chunk.sha256:
                raise SweepStoreError(
                    f"{part}: missing or altered since it was written; resume the sweep to "
                    "redo it")
            rows = part_rows(part)
            if rows != chunk.rows:
                raise SweepStoreError(
                    f"{part}: holds {rows} rows, the manifest says {chunk.rows}; resume the "
                    "sweep to redo it")
    strays = stray_files(folder, [c.file for c in manifest.chunks if c.file])
    if strays:
        shown = ", ".join(strays[:3]) + (", ..." if len(strays) > 3 else "")
        warnings.warn(
            f"{folder / DATA_DIR}: {len(strays)} file(s) not in {MANIFEST} ({shown}) are not "
            "part of the sweep and are ignored; read the rows with open_sweep(...).to_frame() "
            "(pandas.read_parquet on the folder would read them too)", UserWarning,
            stacklevel=2)
    return _result(folder, manifest)


def _check_counts(folder: Path, manifest: SweepManifest) -> None:
    """Refuse a manifest whose row counts disagree with its chunks or its total."""
    for chunk in manifest.chunks:
        if chunk.rows != chunk.stop - chunk.start:
            raise SweepStoreError(
                f"{folder / MANIFEST}: chunk {chunk.index} records {chunk.rows} rows but holds "
                f"evaluations {chunk.start}-{chunk.stop - 1} ({chunk.stop - chunk.start} rows); "
                "the manifest was edited; resume the sweep to redo the chunk")
    total = sum(c.rows or 0 for c in manifest.chunks)
    if total != manifest.n_evaluations:
        raise SweepStoreError(
            f"{folder / MANIFEST}: its chunks hold {total:,} rows but n_evaluations is "
            f"{manifest.n_evaluations:,}; the manifest was edited")


def sweep(
    spec: SweepSpec | str | Path,
    out: str | Path,
    *,
    executor: Literal["serial", "processes"] | Executor | Any = "processes",
    workers: int | None = None,
    resume: bool = False,
    progress: bool | str = True,
) -> SweepResult:
    """Run a parameter sweep into a folder: a Parquet dataset plus ``manifest.json``.

    The spec is checked completely first (:func:`load_sweep_spec`); nothing is
    written before. The work is cut into chunks (``spec.chunk_size`` model
    evaluations each) that run on ``executor``; each finished chunk is written
    at once, so an interrupted sweep keeps its finished chunks and
    ``resume=True`` runs only the rest. The rows are the same whatever the
    executor, the number of workers or the chunk size.

    Parameters
    ----------
    spec : SweepSpec, str or Path
        The spec, or a spec file (YAML or JSON).
    out : str or Path
        The output folder: new or empty, or (with ``resume``) one holding
        this same sweep. A folder holding another sweep is never touched.
    executor : {'serial', 'processes'}, concurrent.futures.Executor or dask Client
        ``'serial'``: in this process. ``'processes'`` (default): a process
        pool of ``workers`` processes. An Executor (e.g. a
        ``ProcessPoolExecutor`` or ``client.get_executor()``) or a
        ``dask.distributed.Client`` receives whole chunks; the model factory
        must then be picklable.
    workers : int, optional
        Processes for ``'processes'`` (default: every core).
    resume : bool
        Finish the sweep already in ``out`` (verifying its finished chunks
        and redoing any missing or altered one).
    progress : bool or str
        Show a progress bar (``tqdm``, in a terminal or Jupyter) with the
        rate and the time left; a str is the bar's label (default
        ``"sweep"``). The ``stances`` commands show it only when standard
        error is a terminal (a log file would get one line per update).

    Returns
    -------
    SweepResult

    Raises
    ------
    SweepSpecError
        If the spec is not valid (before anything is written).
    SweepStoreError
        If ``out`` holds another sweep or other files, holds this sweep but
        ``resume`` is False, or another process is writing it.
    ValueError, TypeError
        For a bad argument, or when the model fails or returns outputs of the
        wrong shape.

    See Also
    --------
    models.monte_carlo : one Monte Carlo run in memory.

    Examples
    --------
    >>> import tempfile
    >>> spec = SweepSpec(model="war", run="single", seed=0,
    ...                  grid={"product": {"parameters[war_cost_RUS].value": [0.05, 0.3],
    ...                                    "shift": [False, True]}})
    >>> res = sweep(spec, tempfile.mkdtemp() + "/out", executor="serial", progress=False)
    >>> res.to_frame()[["shift", "range_width"]].round(2).values.tolist()
    [[False, 0.35], [True, 0.35], [False, 0.5], [True, 0.6]]
    """
    func = "sweep"
    if isinstance(spec, str | Path):
        spec = load_sweep_spec(spec)
    if workers is not None:
        workers = check_int(workers, "workers", func, low=1)
    if not isinstance(resume, bool):
        raise param_error("resume", func, "a bool", repr(resume))
    if not isinstance(progress, bool | str):
        raise param_error("progress", func, "a bool or a label", repr(progress))
    if isinstance(executor, str) and executor not in ("serial", "processes"):
        raise param_error("executor", func, "'serial', 'processes', an Executor or a dask "
                          "Client", repr(executor))
    plan = resolve(spec)
    folder = Path(out)
    manifest = execute(plan, folder, executor=executor, workers=workers, resume=resume,
                       progress=progress, version=_version())
    return _result(folder, manifest)
