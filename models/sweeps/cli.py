"""The ``stances sweep`` and ``stances mc`` subcommands (wired into :mod:`models.analysis.cli`).

::

    stances sweep SPEC.yaml --out DIR [--workers N] [--scheduler ADDRESS] [--seed S]
                  [--resume] [--quiet]
    stances mc [SCENARIO] --n N [--model M] [--seed S] [--workers N] [--resume]
               [--keep-draws] [--quiet] --out DIR

Both write a Parquet dataset (``DIR/data/part-*.parquet``) and
``DIR/manifest.json`` (the resolved spec, the root seed, the version, each
chunk's status); ``mc`` is a sweep of one point, a Monte Carlo run, so it
streams and resumes the same way.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["MonteCarloOptions", "SweepOptions", "add_parsers", "mc_spec", "run_command"]

_DEFAULT_SCENARIO = "ukraine-ceasefire-2025-05"
_DEFAULT_SEED = 20250519


class SweepOptions(BaseModel):
    """Resolved options of ``stances sweep`` (the spec and seed go to ``manifest.json``).

    Examples
    --------
    >>> SweepOptions(spec="s.yaml", out="out").workers is None
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    spec: Path
    out: Path
    workers: int | None = Field(default=None, ge=1)
    scheduler: str | None = None
    seed: int | None = Field(default=None, ge=0)
    resume: bool = False
    quiet: bool = False


class MonteCarloOptions(BaseModel):
    """Resolved options of ``stances mc`` (the spec and seed go to ``manifest.json``).

    Examples
    --------
    >>> MonteCarloOptions(n=100, out="out").model
    'nash'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: str = _DEFAULT_SCENARIO
    n: int = Field(ge=1)
    model: str = "nash"
    seed: int = Field(default=_DEFAULT_SEED, ge=0)
    workers: int | None = Field(default=None, ge=1)
    resume: bool = False
    keep_draws: bool = False
    quiet: bool = False
    out: Path


class _ModelsHelp(str):
    """The help of ``mc --model``, listing the models only when the help is printed.

    Listing them imports every family's Monte Carlo module, which ``stances
    --help`` and every other command should not pay for; argparse fills a help
    string in with ``%`` just before printing it.
    """

    def __mod__(self, params: Any) -> str:
        from models.sweeps.registry import sweep_models

        return f"the model ({', '.join(sweep_models())}; default: nash)"


def add_parsers(sub: Any) -> None:
    """Add the ``sweep`` and ``mc`` subparsers to ``stances``' subparsers."""
    sw = sub.add_parser(
        "sweep", help="run a parameter sweep from a spec file (Parquet + manifest.json)")
    sw.add_argument("spec", metavar="SPEC", type=Path, help="the sweep spec (YAML or JSON)")
    sw.add_argument("--out", type=Path, required=True, help="folder for the dataset")
    sw.add_argument("--workers", type=int, default=None,
                    help="local worker processes (default: all cores; 1: in this process)")
    sw.add_argument("--scheduler", default=None, metavar="ADDRESS",
                    help="run on the dask.distributed cluster at this address")
    sw.add_argument("--seed", type=int, default=None, help="root seed (overrides the spec's)")
    sw.add_argument("--resume", action="store_true",
                    help="finish the sweep already in --out")
    sw.add_argument("--quiet", action="store_true", help="no progress bar or summary")

    mc = sub.add_parser("mc", help="a Monte Carlo run over a scenario's uncertainties")
    mc.add_argument("scenario", nargs="?", default=_DEFAULT_SCENARIO, metavar="SCENARIO",
                    help=f"built-in name or file (default: {_DEFAULT_SCENARIO})")
    mc.add_argument("--n", type=int, required=True, help="number of draws")
    mc.add_argument("--model", default="nash", help=_ModelsHelp("the model"))
    mc.add_argument("--seed", type=int, default=_DEFAULT_SEED, help="root seed")
    mc.add_argument("--workers", type=int, default=None,
                    help="local worker processes (default: all cores; 1: in this process)")
    mc.add_argument("--resume", action="store_true", help="finish the run already in --out")
    mc.add_argument("--keep-draws", action="store_true", help="also store the drawn inputs")
    mc.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    mc.add_argument("--out", type=Path, required=True, help="folder for the dataset")


def _executor(workers: int | None) -> tuple[str, int | None]:
    return ("serial", None) if workers == 1 else ("processes", workers)


def _run(spec: Any, out: Path, executor: Any, workers: int | None, resume: bool,
         quiet: bool, *, label: str = "sweep") -> Any:
    from models.sweeps.sweep import sweep

    # A bar only on a terminal: redirected to a log, each update would be a line.
    bar = not quiet and sys.stderr.isatty()
    return sweep(spec, out, executor=executor, workers=workers, resume=resume,
                 progress=label if bar else False)


def _sweep(options: SweepOptions, out: TextIO) -> Any:
    from models.sweeps.sweep import load_sweep_spec

    overrides = {} if options.seed is None else {"seed": options.seed}
    spec = load_sweep_spec(options.spec, **overrides)
    if options.scheduler is None:
        executor, workers = _executor(options.workers)
        result = _run(spec, options.out, executor, workers, options.resume, options.quiet)
    else:
        try:
            from distributed import Client
        except ImportError:
            raise ValueError("--scheduler needs dask.distributed: pip install "
                             "'stances[distributed]'") from None
        with Client(options.scheduler, timeout="20s") as client:  # type: ignore[no-untyped-call]
            result = _run(spec, options.out, client, None, options.resume, options.quiet)
    if not options.quiet:
        reps = f" x {spec.replications} replications" if spec.replications > 1 else ""
        print(f"sweep: {result.n_points} points{reps}, {result.n_rows:,} rows, "
              f"seed {result.seed}, in {result.path}", file=out)
    return result


def mc_spec(scenario: str, options: MonteCarloOptions) -> Any:
    """Return the sweep spec of ``stances mc``: one point, ``--n`` draws.

    The chunk size is 4,096 draws, or more when ``--n`` would need more than
    :data:`~models.sweeps.spec.MAX_CHUNKS` chunks (so up to
    ``MAX_CHUNKS * MAX_CHUNK_SIZE`` draws stream in bounded memory; more are
    refused before any work, with the numbers).

    Raises
    ------
    SweepSpecError
        If the options do not make a valid spec (too many draws, say).

    Examples
    --------
    >>> mc_spec("s.yaml", MonteCarloOptions(n=10**9, out="o")).chunk_size
    10000
    """
    from pydantic import ValidationError

    from models.sweeps.spec import MAX_CHUNK_SIZE, MAX_CHUNKS, SweepSpec, SweepSpecError
    from positions.errors import problems_from_validation_error

    chunk = min(MAX_CHUNK_SIZE, max(4096, -(-options.n // MAX_CHUNKS)))
    data = {"scenario": scenario, "model": options.model, "n_draws": options.n,
            "seed": options.seed, "keep_draws": options.keep_draws, "chunk_size": chunk}
    try:
        return SweepSpec.model_validate(data)
    except ValidationError as exc:
        raise SweepSpecError(problems_from_validation_error(exc, data), file="stances mc") \
            from None


def _mc(options: MonteCarloOptions, out: TextIO) -> Any:
    from models.sweeps.spec import SweepSpecError

    scenario = options.scenario
    if os.path.isfile(scenario):  # False, not OSError, for a name too long to be a file
        scenario = str(Path(scenario).resolve())
    spec = mc_spec(scenario, options)
    executor, workers = _executor(options.workers)
    try:
        result = _run(spec, options.out, executor, workers, options.resume, options.quiet,
                      label="mc")
    except SweepSpecError as exc:
        if exc.file is not None:
            raise
        # The spec was built from the command line: say so, not "sweep spec".
        raise SweepSpecError(exc.problems, file="stances mc") from None
    if not options.quiet:
        import pandas as pd

        table = result.summary().drop(columns=["point"])
        with pd.option_context("display.width", 160, "display.max_rows", 500):
            print(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"), file=out)
        print(f"\nmc: {options.model}, {result.n_rows:,} draws, seed {result.seed}, "
              f"in {result.path}", file=out)
    return result


def run_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``stances sweep`` or ``stances mc``; return the exit status.

    Options are validated into :class:`SweepOptions` / :class:`MonteCarloOptions`
    (a ``pydantic.ValidationError`` propagates: a usage error). Invalid specs,
    scenarios and output folders print their problems and give 1.
    """
    from models.sweeps.sweep import SweepSpecError, SweepStoreError

    command = args.command
    if command == "sweep":
        sw = SweepOptions(spec=args.spec, out=args.out, workers=args.workers,
                          scheduler=args.scheduler, seed=args.seed, resume=args.resume,
                          quiet=args.quiet)
        if sw.scheduler is not None and sw.workers is not None:
            print("stances sweep: --workers is for local processes; with --scheduler the "
                  "cluster's workers run the sweep", file=err)
            return 2
    else:
        mc = MonteCarloOptions(scenario=args.scenario, n=args.n, model=args.model,
                               seed=args.seed, workers=args.workers, resume=args.resume,
                               keep_draws=args.keep_draws, quiet=args.quiet, out=args.out)
    try:
        if command == "sweep":
            _sweep(sw, out)
        else:
            _mc(mc, out)
    except (SweepSpecError, SweepStoreError) as exc:
        for line in str(exc).splitlines():
            print(line, file=err)
        return 1
    except (ValueError, TypeError, OSError) as exc:
        print(f"stances {command}: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        print(f"stances {command}: interrupted; the finished chunks are kept, run again "
              "with --resume to finish", file=err)
        return 130
    return 0
