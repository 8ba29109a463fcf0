"""Running a sweep: tasks and chunks, the worker side, executors, the driver loop.

The work of a sweep is a sequence of model evaluations: run ``u = p * R + r``
(grid point ``p``, replication ``r``) holds evaluations ``u * N`` to
``(u + 1) * N - 1`` (``N`` draws per run, 1 for a single run). Chunk ``k``
holds evaluations ``k * C`` to ``(k + 1) * C - 1`` (``C`` the chunk size),
cut at run boundaries into tasks ``(p, r, start, stop)``. Run ``(p, r)``
draws rows ``start:stop`` of its Monte Carlo design with :func:`models.uncertainty.sample`,
whose rows do not depend on how the design is sliced, from the seed of the
child ``SeedSequence(seed, spawn_key=(p, r))`` (:func:`run_seed`, through
:mod:`models._random`); so neither the chunk size nor the executor nor the
number of workers changes a single value.

Workers receive the chunk number and the pickled plan (built once by the
driver) and return the chunk's columns; only the driver writes files.
"""

from __future__ import annotations

import os
import pickle
import socket
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models._random import child_seed, root_seed
from models.sweeps.plan import Plan
from models.sweeps.store import (
    DATA_DIR,
    MANIFEST,
    ChunkRecord,
    ManifestWriter,
    SweepManifest,
    SweepStoreError,
    file_sha256,
    new_head,
    part_rows,
    read_manifest,
    remove_strays,
    write_part,
)

__all__ = ["Job", "chunk_tasks", "execute", "run_chunk", "run_seed"]

_Chunk = tuple[dict[str, Any], tuple[str, ...]]

_LOCK = ".lock"


def run_seed(root: int, point: int, replication: int, *, common: bool = False) -> int:
    """Return the integer seed of run ``(point, replication)``: a child of ``SeedSequence(root)``.

    Parameters
    ----------
    root : int
        The sweep's root seed.
    point, replication : int
    common : bool
        Common random numbers: the seed depends on the replication only.

    Returns
    -------
    int
        A 64-bit seed from ``SeedSequence(root, spawn_key=(point, replication))``
        (``spawn_key=(replication,)`` when ``common``), the same child
        ``SeedSequence(root).spawn(...)`` would give.
    """
    key = (replication,) if common else (point, replication)
    return child_seed(root, *key)


def chunk_tasks(
    k: int, chunk_size: int, draws_per_run: int, replications: int, total: int
) -> list[tuple[int, int, int, int]]:
    """Return the tasks ``(point, replication, start, stop)`` of chunk ``k``."""
    g0 = k * chunk_size
    g1 = min(total, g0 + chunk_size)
    n = draws_per_run
    tasks = []
    for u in range(g0 // n, (g1 - 1) // n + 1):
        s = max(g0, u * n) - u * n
        e = min(g1, (u + 1) * n) - u * n
        p, r = divmod(u, replications)
        tasks.append((p, r, s, e))
    return tasks


# ================================================================ worker side
@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs: a token for its cache, the pickled plan, the root seed."""

    token: str
    payload: bytes
    seed: int


@dataclass(slots=True)
class _Runner:
    plan: Plan
    seed: int
    _points: OrderedDict[int, tuple[Any, Any]] = field(default_factory=OrderedDict)
    _outputs: tuple[str, ...] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def point(self, p: int) -> tuple[Any, Any]:
        """Return the inputs and model of point ``p`` (the last few are kept)."""
        with self._lock:
            hit = self._points.get(p)
            if hit is not None:
                self._points.move_to_end(p)
                return hit
        built = self.plan.build(p)
        with self._lock:
            self._points[p] = built
            while len(self._points) > 4:
                self._points.popitem(last=False)
        return built

    def task(self, p: int, r: int, s: int, e: int) -> dict[str, NDArray[Any]]:
        """Evaluate draws ``s:e`` of run ``(p, r)``: key columns, draws if kept, outputs."""
        spec = self.plan.spec
        inputs, model = self.point(p)
        draws, values = self._draws(inputs, p, r, s, e)
        raw = model(values)
        out = self._keys(p, r, s, e)
        if spec.keep_draws and draws is not None:
            for name, col in inputs.columns(draws).items():
                if name not in out:
                    out[name] = col
        self._check_names(raw, out)
        return out | self._outputs_of(raw, e - s)

    def _draws(
        self, inputs: Any, p: int, r: int, s: int, e: int
    ) -> tuple[NDArray[np.float64] | None, dict[str, NDArray[Any]]]:
        """Return the draws of run ``(p, r)`` (None for a single run) and the model's values."""
        plan, spec = self.plan, self.plan.spec
        if spec.run == "single":
            return None, {x.name: np.array([x.value], dtype=float) for x in inputs.inputs}
        from models.uncertainty.montecarlo import sample

        seed = run_seed(self.seed, p, r, common=spec.common_draws)
        draws = sample(inputs, plan.draws_per_run, sampler=spec.sampler, rng=seed, start=s,
                       stop=e)
        return draws, inputs.columns(draws)

    def _keys(self, p: int, r: int, s: int, e: int) -> dict[str, NDArray[Any]]:
        """Return the columns that place each row: point, grid values, replication, draw."""
        plan, n = self.plan, e - s
        out: dict[str, NDArray[Any]] = {"point": np.full(n, p, dtype=np.int64)}
        for name in plan.names:
            out[name] = np.repeat(plan.columns[name][p : p + 1], n)
        out["replication"] = np.full(n, r, dtype=np.int64)
        if plan.spec.run == "monte_carlo":
            out["draw"] = np.arange(s, e, dtype=np.int64)
        return out

    def _check_names(self, raw: Any, out: Mapping[str, Any]) -> None:
        """Refuse a result that is not a mapping, or whose outputs clash or change."""
        name = self.plan.model.name
        if not isinstance(raw, Mapping):
            raise TypeError(f"The model {name!r} must return a mapping from output "
                            f"name to an array of shape (n,). Got {type(raw).__name__} instead.")
        names = tuple(str(k) for k in raw)
        if self._outputs is None:
            clash = [k for k in names if k in out]
            if clash:
                raise ValueError(f"The model {name!r} returns outputs named like "
                                 f"sweep columns: {clash}; rename them.")
            self._outputs = names
        elif set(names) != set(self._outputs):
            raise ValueError(f"The model {name!r} must return the same outputs at "
                             f"every point. Got {sorted(names)} after {sorted(self._outputs)}.")

    def _outputs_of(self, raw: Mapping[Any, Any], n: int) -> dict[str, NDArray[Any]]:
        """Return the outputs in the first chunk's order, each checked to have shape (n,)."""
        out: dict[str, NDArray[Any]] = {}
        for name in self._outputs or ():
            arr = np.asarray(raw[name])
            if arr.shape != (n,):
                raise ValueError(f"The model {self.plan.model.name!r} must return arrays of "
                                 f"shape (n,) = ({n},). Got shape {arr.shape} for output "
                                 f"{name!r}.")
            out[name] = arr
        return out

    def chunk(self, k: int) -> tuple[dict[str, NDArray[Any]], tuple[str, ...]]:
        plan = self.plan
        parts = [self.task(*t) for t in chunk_tasks(
            k, plan.spec.chunk_size, plan.draws_per_run, plan.replications, plan.total)]
        cols = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
        return cols, self._outputs or ()


_CACHE: OrderedDict[str, _Runner] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def _runner(job: Job) -> _Runner:
    """Return the runner of ``job``, built once per process (threads share it)."""
    with _CACHE_LOCK:
        hit = _CACHE.get(job.token)
        if hit is not None:
            _CACHE.move_to_end(job.token)
            return hit
        runner = _Runner(pickle.loads(job.payload), job.seed)
        _CACHE[job.token] = runner
        while len(_CACHE) > 2:
            _CACHE.popitem(last=False)
        return runner


def run_chunk(job: Job, k: int) -> tuple[dict[str, NDArray[Any]], tuple[str, ...]]:
    """Evaluate chunk ``k`` of a job (in a worker); return its columns and the output names."""
    return _runner(job).chunk(k)


def _dumps(plan: Plan) -> bytes:
    try:
        return pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        try:
            import cloudpickle  # type: ignore[import-untyped]
        except ImportError:  # pragma: no cover - cloudpickle comes with dask
            raise TypeError(
                f"The model {plan.model.name!r} cannot be sent to worker processes ({exc}); "
                "define its factory at module level, or run with executor='serial'."
            ) from None
        data: bytes = cloudpickle.dumps(plan)
        return data


# ================================================================ the folder
def _evals(k: int, plan: Plan) -> int:
    g0 = k * plan.spec.chunk_size
    return max(0, min(plan.total, g0 + plan.spec.chunk_size) - g0)


def _chunk_records(plan: Plan) -> list[ChunkRecord]:
    c = plan.spec.chunk_size
    return [ChunkRecord(index=k, start=k * c, stop=min(plan.total, (k + 1) * c))
            for k in range(plan.n_chunks)]


def _differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    keys = sorted(set(old) | set(new))
    return [k for k in keys if old.get(k) != new.get(k)]


@dataclass(slots=True)
class _Lock:
    """The folder's ``.lock``: ``host pid``, created whole (a temporary file linked into place).

    The lock never exists empty or half-written: its text goes to a private
    temporary file first, which is then hard-linked to ``.lock`` (``link``
    fails if ``.lock`` exists, so two writers cannot both take it). A lock
    whose process is gone (same host) is stale and taken over; an empty or
    unreadable one is not taken to be stale, since stances never writes one,
    and the error says how to clear it.
    """

    path: Path
    held: bool = False

    def acquire(self) -> None:
        me = f"{socket.gethostname()} {os.getpid()}"
        tmp = self.path.with_name(f".lock.tmp-{os.getpid()}-{threading.get_ident()}")
        tmp.write_text(me)
        try:
            for _ in range(3):
                try:
                    os.link(tmp, self.path)
                except FileExistsError:
                    self._check_stale()
                    continue
                except OSError:  # a file system without hard links: exclusive create
                    try:
                        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                    except FileExistsError:
                        self._check_stale()
                        continue
                    with os.fdopen(fd, "w") as handle:
                        handle.write(me)
                self.held = True
                return
        finally:
            tmp.unlink(missing_ok=True)
        raise SweepStoreError(f"{self.path}: cannot take the sweep lock")  # pragma: no cover

    def _check_stale(self) -> None:
        """Remove the lock if its process is gone; raise if it is held or cannot be judged."""
        try:
            text = self.path.read_text(errors="replace")[:300]
        except FileNotFoundError:
            return  # released meanwhile: try again
        except OSError as exc:
            raise SweepStoreError(f"{self.path}: the sweep lock cannot be read "
                                  f"({exc.strerror})") from None
        fields = text.split()
        if len(fields) != 2 or not fields[1].isdigit():
            raise SweepStoreError(
                f"{self.path}: the sweep lock is empty or not 'host pid' ({text[:40]!r}); "
                "if no sweep is writing this folder, delete the .lock file and run again")
        host, pid = fields[0], int(fields[1])
        if host != socket.gethostname():
            raise SweepStoreError(
                f"{self.path.parent}: a sweep process on host {host[:80]} (pid {pid}) holds "
                "this folder; if it is gone, delete the .lock file and run again")
        if _alive(pid):
            raise SweepStoreError(
                f"{self.path.parent}: another sweep process (pid {pid}) is writing "
                "this folder; wait for it or stop it")
        # stale: its process is gone. Move it aside (atomic) and check that what was moved
        # is the lock judged, not one a concurrent process has just taken over.
        grave = self.path.with_name(f".lock.tmp-stale-{os.getpid()}-{threading.get_ident()}")
        try:
            os.rename(self.path, grave)
        except FileNotFoundError:
            return
        try:
            if grave.read_text(errors="replace")[:300] != text:
                try:
                    os.link(grave, self.path)  # someone's fresh lock: put it back
                except FileExistsError:  # pragma: no cover - a third process took it
                    pass
        finally:
            grave.unlink(missing_ok=True)

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False


def _check_empty(folder: Path) -> None:
    """Refuse a folder without a manifest unless it is empty (a lock, an empty ``data/`` aside).

    A sweep writes its manifest before ``data/``, so ``data/`` without a
    manifest is left over from a run that was killed while it was starting
    (or from an older stances); it holds no finished chunk and is cleared. Any
    other file means the folder is not a sweep's, and it is left untouched.
    """
    data = folder / DATA_DIR
    others = [p.name for p in folder.iterdir() if p.name not in (_LOCK, DATA_DIR)
              and not p.name.startswith(".lock.tmp-")]
    leftovers = list(data.iterdir()) if data.is_dir() else []
    parts = [p.name for p in leftovers if not (p.name.startswith(".part-") and ".tmp-" in p.name)]
    if others or parts or (data.exists() and not data.is_dir()):
        shown = ", ".join(sorted(others + [f"{DATA_DIR}/{p}" for p in parts])[:5]) or DATA_DIR
        raise SweepStoreError(
            f"{folder}: the folder is not empty and holds no sweep ({MANIFEST} missing; it has "
            f"{shown}); choose a new or empty folder, or delete this one if it is a sweep "
            "that was killed before it wrote its manifest")
    for path in leftovers:  # temporary part files of a killed start
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    return True


def _prepare(
    folder: Path, plan: Plan, resume: bool, version: str
) -> tuple[ManifestWriter, int]:
    """Open or create the sweep folder; return the manifest writer and the root seed."""
    manifest = read_manifest(folder)
    if manifest is None:
        _check_empty(folder)
        seed = plan.spec.seed
        if seed is None:
            seed = root_seed(None)
        head = new_head(version=version, spec=plan.spec_data, spec_hash=plan.spec_hash,
                        scenario_hash=plan.scenario_hash, seed=seed, n_points=plan.n_points,
                        n_runs=plan.n_runs, n_evaluations=plan.total)
        writer = ManifestWriter(folder, head, _chunk_records(plan))
        writer.flush(force=True)  # the manifest first: a folder with data/ always has one
        (folder / DATA_DIR).mkdir(exist_ok=True)
        return writer, seed
    if manifest.spec_hash != plan.spec_hash:
        diff = _differences(manifest.spec, plan.spec_data)
        if manifest.scenario_hash != plan.scenario_hash:
            diff.append("the scenario's contents")
        raise SweepStoreError(
            f"{folder}: holds a different sweep (differs in: {', '.join(diff) or 'the spec'}); "
            "it is left untouched; choose another folder")
    if not resume:
        raise SweepStoreError(
            f"{folder}: already holds this sweep ({manifest.n_done} of {len(manifest.chunks)} "
            "chunks done); resume it (resume=True, --resume) or choose another folder")
    expected = _chunk_records(plan)
    if [(c.start, c.stop) for c in manifest.chunks] != [(c.start, c.stop) for c in expected]:
        raise SweepStoreError(f"{folder}: its chunks do not match the spec's; the manifest was "
                              "written by another version of stances or edited")
    if manifest.n_evaluations != plan.total:
        raise SweepStoreError(f"{folder}: the manifest says {manifest.n_evaluations:,} model "
                              f"evaluations, the spec gives {plan.total:,}; it was edited")
    if manifest.version != version:
        warnings.warn(f"{folder} was started by stances {manifest.version}; resuming with "
                      f"{version}", UserWarning, stacklevel=3)
    writer = ManifestWriter.from_manifest(folder, manifest)
    (folder / DATA_DIR).mkdir(exist_ok=True)
    for chunk in manifest.chunks:
        if chunk.status != "done":
            continue
        path = folder / DATA_DIR / (chunk.file or "")
        if (not chunk.file or not path.is_file() or chunk.rows != chunk.stop - chunk.start
                or file_sha256(path) != chunk.sha256 or part_rows(path) != chunk.rows):
            writer.reset(chunk.index)
    keep = [c.file for c in writer.chunks if c.status == "done" and c.file]
    remove_strays(folder, keep)
    writer.flush(force=True)
    return writer, manifest.seed


# ================================================================= executors
def _ignore_sigint() -> None:
    """Let the driver alone handle Ctrl-C (workers would each print a traceback)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _resolve_executor(
    executor: Any, workers: int | None, n_pending: int
) -> tuple[Executor | None, bool, int]:
    """Return (executor or None for serial, whether we own it, parallel slots)."""
    cpus = os.cpu_count() or 1
    if isinstance(executor, str):
        if executor == "serial":
            return None, False, 1
        if executor == "processes":
            n = max(1, min(workers if workers is not None else cpus, n_pending))
            return ProcessPoolExecutor(max_workers=n, initializer=_ignore_sigint), True, n
        raise ValueError(f"The 'executor' parameter of sweep must be 'serial', 'processes', a "
                         f"concurrent.futures.Executor or a dask.distributed Client. "
                         f"Got {executor!r} instead.")
    if isinstance(executor, Executor):
        slots = getattr(executor, "_max_workers", None) or workers or cpus
        return executor, False, int(slots)
    if hasattr(executor, "get_executor") and hasattr(executor, "submit"):
        try:
            slots = sum(executor.nthreads().values())
        except Exception:  # pragma: no cover - a client without workers yet
            slots = workers or cpus
        return executor.get_executor(pure=False), False, max(1, int(slots))
    raise TypeError(f"The 'executor' parameter of sweep must be 'serial', 'processes', a "
                    f"concurrent.futures.Executor or a dask.distributed Client. "
                    f"Got {type(executor).__name__} instead.")


def _results(
    plan: Plan, seed: int, pending: list[int], executor: Executor | None, slots: int
) -> Iterator[tuple[int, _Chunk]]:
    """Yield ``(chunk, columns)`` as chunks finish, keeping at most ``2 * slots`` in flight."""
    if executor is None:
        runner = _Runner(plan, seed)
        for k in pending:
            yield k, runner.chunk(k)
        return
    job = Job(f"{plan.spec_hash}:{seed}", _dumps(plan), seed)
    todo = iter(pending)
    flight: dict[Future[_Chunk], int] = {}

    def submit() -> None:
        k = next(todo, None)
        if k is not None:
            flight[executor.submit(run_chunk, job, k)] = k

    try:
        for _ in range(2 * slots):
            submit()
        while flight:
            done, _ = wait(flight, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: flight[f]):
                k = flight.pop(fut)
                yield k, fut.result()
                submit()
    finally:
        for fut in flight:
            fut.cancel()


def execute(
    plan: Plan,
    folder: Path,
    *,
    executor: Any,
    workers: int | None,
    resume: bool,
    progress: bool | str,
    version: str,
    on_chunk: Callable[[int], None] | None = None,
) -> SweepManifest:
    """Run (or finish) a sweep into ``folder``; return the final manifest."""
    import pyarrow as pa  # type: ignore[import-untyped]

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = _Lock(folder / _LOCK)
    lock.acquire()
    pool: Executor | None = None
    owned = False
    try:
        writer, seed = _prepare(folder, plan, resume, version)
        pending = [c.index for c in writer.chunks if c.status != "done"]
        done_evals = sum(_evals(c.index, plan) for c in writer.chunks if c.status == "done")
        schema = None
        columns = writer.head.get("columns") or []
        if pending:
            pool, owned, slots = _resolve_executor(executor, workers, len(pending))
            from tqdm.auto import tqdm  # type: ignore[import-untyped]

            unit = "run" if plan.spec.run == "single" else "draw"
            label = progress if isinstance(progress, str) else "sweep"
            with tqdm(total=plan.total, initial=done_evals, unit=unit, unit_scale=True,
                      desc=label, disable=not progress, smoothing=0.05) as bar:
                try:
                    for k, (cols, outputs) in _results(plan, seed, pending, pool, slots):
                        table = pa.table(cols)
                        if schema is None and writer.head.get("dtypes"):
                            schema = pa.schema([(n, pa.type_for_alias(t)) for n, t in zip(
                                columns, writer.head["dtypes"], strict=True)])
                        if schema is None:
                            schema = table.schema
                            writer.set_columns(schema.names, [str(t) for t in schema.types],
                                               outputs)
                        elif table.schema.names != schema.names:
                            raise ValueError(
                                f"chunk {k} has the columns {table.schema.names}, not "
                                f"{schema.names} as the others")
                        else:
                            table = table.cast(schema)
                        name, digest, rows = write_part(folder, k, table)
                        writer.mark(k, file=name, sha256=digest, rows=rows)
                        writer.flush()
                        bar.update(_evals(k, plan))
                        if on_chunk is not None:
                            on_chunk(k)
                finally:
                    writer.flush(force=True)
        return writer.manifest()
    finally:
        if pool is not None and owned:
            pool.shutdown(wait=True, cancel_futures=True)
        lock.release()
