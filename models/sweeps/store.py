"""The on-disk form of a sweep: Parquet part files and ``manifest.json``.

A sweep folder holds::

    manifest.json          the spec, the root seed, the package version, each chunk's status
    data/part-000000.parquet
    data/part-000001.parquet
    ...

Every file is written atomically (a temporary file in the same folder, flushed
to disk, then renamed over the target), so a crash leaves either the old file
or the new one, never half of one. A part file counts only when the manifest
says its chunk is done and the SHA-256 of its bytes matches the manifest.
Temporary files start with a dot, which pyarrow's dataset reader skips, so
``pandas.read_parquet(folder / "data")`` never sees them.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "DATA_DIR",
    "FORMAT",
    "MANIFEST",
    "ChunkRecord",
    "ManifestWriter",
    "SweepManifest",
    "SweepStoreError",
    "atomic_write_bytes",
    "file_sha256",
    "new_head",
    "part_name",
    "part_rows",
    "read_manifest",
    "remove_strays",
    "stray_files",
    "write_part",
]

FORMAT: Literal["stances-sweep/1"] = "stances-sweep/1"
MANIFEST = "manifest.json"
DATA_DIR = "data"


class SweepStoreError(ValueError):
    """A sweep folder that cannot be used: another sweep's, not a sweep, or damaged."""


class ChunkRecord(BaseModel):
    """The status of one chunk in ``manifest.json``.

    Attributes
    ----------
    index : int
        The chunk's number (0, 1, ...).
    start, stop : int
        The model evaluations it holds, ``range(start, stop)``, numbered run by
        run: run ``u = point * replications + replication`` holds evaluations
        ``u * n`` to ``u * n + n - 1`` (``n`` draws per run).
    status : {'pending', 'done'}
    rows : int or None
        Rows in its part file (when done).
    file : str or None
        The part file's name inside ``data/`` (when done).
    sha256 : str or None
        The SHA-256 of the part file's bytes (when done).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int = Field(ge=0)
    start: int = Field(ge=0)
    stop: int = Field(ge=0)
    status: Literal["pending", "done"] = "pending"
    rows: int | None = None
    file: str | None = None
    sha256: str | None = None


class SweepManifest(BaseModel):
    """The contents of a sweep's ``manifest.json``.

    Attributes
    ----------
    format : str
        ``'stances-sweep/1'``.
    version : str
        The version of stances that started the sweep.
    spec : dict
        The sweep's specification, as JSON data.
    spec_hash : str
        SHA-256 of the canonical JSON of ``spec`` and of the scenario.
    scenario_hash : str
        SHA-256 of the scenario's canonical JSON.
    seed : int
        The root seed of the sweep's ``numpy.random.SeedSequence``.
    n_points, n_runs, n_evaluations : int
        Grid points, runs (points x replications) and model evaluations
        (runs x draws per run).
    columns : list of str
        The columns of every part file, in order.
    dtypes : list of str
        Their Arrow types (``int64``, ``double``, ``bool``, ``string``).
    outputs : list of str
        The columns that are model outputs.
    chunks : list of ChunkRecord
    created, updated : str
        ISO times (UTC).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["stances-sweep/1"] = FORMAT
    version: str
    spec: dict[str, Any]
    spec_hash: str
    scenario_hash: str
    seed: int
    n_points: int
    n_runs: int
    n_evaluations: int
    columns: list[str] = Field(default_factory=list)
    dtypes: list[str] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)
    chunks: list[ChunkRecord]
    created: str
    updated: str

    @property
    def n_done(self) -> int:
        """Number of chunks marked done."""
        return sum(c.status == "done" for c in self.chunks)

    @property
    def complete(self) -> bool:
        """Whether every chunk is done."""
        return all(c.status == "done" for c in self.chunks)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a flushed temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def part_name(index: int) -> str:
    """Return the file name of chunk ``index``'s part file."""
    return f"part-{index:06d}.parquet"


def write_part(folder: Path, index: int, table: Any) -> tuple[str, str, int]:
    """Write one chunk's rows as a Parquet part file, atomically.

    Parameters
    ----------
    folder : Path
        The sweep folder (the file goes to ``folder / 'data'``).
    index : int
        The chunk's number.
    table : pyarrow.Table
        The chunk's rows.

    Returns
    -------
    tuple of (str, str, int)
        The file name, the SHA-256 of its bytes and its number of rows.
    """
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    data = folder / DATA_DIR
    name = part_name(index)
    tmp = data / f".{name}.tmp-{os.getpid()}"
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    digest = file_sha256(tmp)
    os.replace(tmp, data / name)
    _fsync_dir(data)
    return name, digest, table.num_rows


def part_rows(path: Path) -> int | None:
    """Return the rows of a Parquet part file from its footer, or None if it cannot be read."""
    import pyarrow.parquet as pq

    try:
        rows: int = pq.ParquetFile(path).metadata.num_rows
    except Exception:  # any unreadable file counts as damaged
        return None
    return rows


def stray_files(folder: Path, keep: Sequence[str]) -> list[str]:
    """Return the names of the files in ``folder / 'data'`` that ``keep`` does not list."""
    data = folder / DATA_DIR
    if not data.is_dir():
        return []
    keep_set = set(keep)
    return sorted(p.name for p in data.iterdir() if p.name not in keep_set)


def read_manifest(folder: Path) -> SweepManifest | None:
    """Read and validate ``folder / 'manifest.json'``; None when there is none.

    Raises
    ------
    SweepStoreError
        If the file is not a valid sweep manifest.
    """
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        return SweepManifest.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise SweepStoreError(
            f"{path}: not a valid sweep manifest ({where}: {first['msg']}); "
            "it was not written by stances sweep, or it was edited by hand"
        ) from None


def remove_strays(folder: Path, keep: Sequence[str]) -> int:
    """Delete temporary files and part files not in ``keep`` from ``folder / 'data'``.

    Returns
    -------
    int
        The number of files removed.
    """
    data = folder / DATA_DIR
    if not data.is_dir():
        return 0
    keep_set = set(keep)
    removed = 0
    for path in data.iterdir():
        stray_tmp = path.name.startswith(".part-") and ".tmp-" in path.name
        stray_part = path.name.startswith("part-") and path.name not in keep_set
        if path.is_file() and (stray_tmp or stray_part):
            path.unlink()
            removed += 1
    return removed


@dataclass(slots=True)
class ManifestWriter:
    """The driver's copy of the manifest: chunk records updated as chunks finish.

    The file is rewritten atomically on :meth:`flush`, at most every
    ``interval`` seconds (and every ``n_chunks / 10,000`` seconds) unless
    forced, so that a sweep of many small chunks does not spend its time
    rewriting the manifest. A chunk finished but not
    yet flushed when the process dies is simply done again on resume (its part
    file is rewritten, atomically, with the same rows).
    """

    folder: Path
    head: dict[str, Any]
    chunks: list[ChunkRecord]
    interval: float = 0.2
    _dirty: bool = False
    _last: float = 0.0

    def __post_init__(self) -> None:
        # a manifest of many chunks is large (about 130 bytes a chunk): rewrite it less often
        self.interval = max(self.interval, len(self.chunks) / 10_000)

    @classmethod
    def from_manifest(cls, folder: Path, manifest: SweepManifest) -> ManifestWriter:
        """Start from an existing manifest."""
        head = manifest.model_dump(exclude={"chunks"})
        return cls(folder, head, list(manifest.chunks))

    def mark(self, index: int, *, file: str, sha256: str, rows: int) -> None:
        """Record chunk ``index`` as done."""
        old = self.chunks[index]
        self.chunks[index] = ChunkRecord(index=index, start=old.start, stop=old.stop,
                                         status="done", rows=rows, file=file, sha256=sha256)
        self._dirty = True

    def reset(self, index: int) -> None:
        """Record chunk ``index`` as pending again."""
        old = self.chunks[index]
        self.chunks[index] = ChunkRecord(index=index, start=old.start, stop=old.stop)
        self._dirty = True

    def set_columns(
        self, columns: Sequence[str], dtypes: Sequence[str], outputs: Sequence[str]
    ) -> None:
        """Record the part files' columns, their Arrow types and which are outputs."""
        self.head["columns"] = list(columns)
        self.head["dtypes"] = list(dtypes)
        self.head["outputs"] = list(outputs)
        self._dirty = True

    def manifest(self) -> SweepManifest:
        """Return the current state as a validated manifest."""
        return SweepManifest.model_validate({**self.head, "chunks": self.chunks})

    def flush(self, *, force: bool = False) -> None:
        """Write ``manifest.json`` if anything changed (and the interval passed, unless forced)."""
        now = time.monotonic()
        if not (self._dirty or force) or (not force and now - self._last < self.interval):
            return
        self.head["updated"] = _now()
        text = _manifest_text(self.head, self.chunks)
        atomic_write_bytes(self.folder / MANIFEST, text.encode("utf-8"))
        self._dirty = False
        self._last = now


def _manifest_text(head: dict[str, Any], chunks: Sequence[ChunkRecord]) -> str:
    """Return the manifest as JSON: the head indented, one line per chunk."""
    lines = [f"  {json.dumps(k)}: {json.dumps(v, indent=2).replace(chr(10), chr(10) + '  ')}"
             for k, v in head.items()]
    rows = [f"    {json.dumps(c.model_dump())}" for c in chunks]
    body = ",\n".join([*lines, '  "chunks": [\n' + ",\n".join(rows) + "\n  ]"])
    return "{\n" + body + "\n}\n"


def new_head(
    *, version: str, spec: dict[str, Any], spec_hash: str, scenario_hash: str, seed: int,
    n_points: int, n_runs: int, n_evaluations: int,
) -> dict[str, Any]:
    """Return the manifest fields of a new sweep (everything but the chunks)."""
    now = _now()
    return {
        "format": FORMAT, "version": version, "spec": spec, "spec_hash": spec_hash,
        "scenario_hash": scenario_hash, "seed": seed, "n_points": n_points, "n_runs": n_runs,
        "n_evaluations": n_evaluations,
        "columns": [], "dtypes": [], "outputs": [], "created": now, "updated": now,
    }
