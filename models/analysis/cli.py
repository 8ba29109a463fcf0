"""The ``stances`` command line.

Subcommands mirror the library::

    stances analyze [SCENARIO] [--out DIR] [--seed S] [--n N] [--set PATH=VALUE ...]
                    [--set-outside] [--set-keep] [--coder CODERFILE ...]
    stances validate FILE [FILE ...] [--strict]
    stances show SCENARIO
    stances schema
    stances new NAME [--out FILE]
    stances quote SOURCE TEXT [--scenario SCENARIO] [-n N]
    stances agreement [SCENARIO] [CODERFILE ...] [--out FIGURE]
    stances sweep SPEC.yaml --out DIR [--workers N] [--scheduler ADDRESS] [--seed S]
                  [--resume] [--quiet]
    stances mc [SCENARIO] --n N [--model M] [--seed S] [--workers N] [--resume]
               [--keep-draws] [--quiet] --out DIR

``SCENARIO`` is a built-in scenario name (see ``positions.available()``) or a
scenario file. ``stances analyze`` writes its report and tables to ``--out``, by default
``stances-out/<scenario id>/``, and names the folder in its last lines. Errors are
printed as ``file: path: message`` lines, never as a Python traceback; the exit
status is 0 on success, 1 when an input is invalid and 2 for a usage error.
``stances validate`` also prints each warning (:meth:`positions.Scenario.warnings`, e.g. ``warning:
positions[A/wage].acceptable: none given; read as the whole scale 0-20``) on
standard error; ``--strict`` exits 1 on warnings too. ``stances quote`` finds
the passages of a source nearest to a text (:func:`positions.find_quote`) and
exits 0 when the text occurs in it, 1 when it does not. ``stances agreement``
validates each coder file against the scenario (:func:`positions.load_coding`;
without files, the built-in ones of a built-in scenario,
:func:`positions.available_codings`), prints Krippendorff's alpha overall, per
kind of judgement and per coder, and the paths where the coders disagree most,
and writes the per-path disagreement figure (:func:`models.agreement`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import positions
from models.sweeps.cli import MonteCarloOptions, SweepOptions, add_parsers, run_command
from positions import Problem, Scenario, ScenarioError
from positions.errors import short_repr, short_text

__all__ = ["AnalyzeOptions", "MonteCarloOptions", "SweepOptions", "main", "template_text"]

DEFAULT_SCENARIO = "ukraine-ceasefire-2025-05"

_TEMPLATE_ID = "new-scenario"
"""The id of the shipped scenario template (``positions/templates/scenario.yaml``)."""
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,79}$")
"""What a scenario id may be (as :data:`positions._base.Id`)."""


class AnalyzeOptions(BaseModel):
    """Resolved options of ``stances analyze`` (written beside its results).

    Examples
    --------
    >>> AnalyzeOptions().scenario
    'ukraine-ceasefire-2025-05'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: str = DEFAULT_SCENARIO
    out: Path | None = None
    seed: int = Field(default=20250519, ge=0)
    n_draws: int | None = Field(default=None, ge=1, le=10_000_000,
                                description="at most 10^7 (held in memory; `stances mc` "
                                            "streams more to disk)")
    quiet: bool = False
    set: dict[str, float] = Field(
        default_factory=dict,
        description="judged numbers changed by path before the run (Scenario.with_estimates)",
    )
    set_uncertainty: Literal["move", "keep"] = Field(
        default="move",
        description="what a --set value does to the number's distribution: 'move' it with the "
                    "value (so the Monte Carlo and Sobol lines move too), or 'keep' it",
    )
    set_outside: bool = Field(
        default=False, description="accept --set values outside the coded distribution's support",
    )
    coders: list[str] = Field(
        default_factory=list,
        description="coder files: the Monte Carlo and Sobol runs draw from the mixture of "
                    "coders (positions.load_coding, models.analyze(codings=...))",
    )


def _print_problems(exc: ScenarioError, stream: TextIO) -> None:
    for line in str(exc).splitlines():
        print(line, file=stream)


def _cmd_validate(
    files: Sequence[str], out: TextIO, err: TextIO, *, strict: bool = False
) -> int:
    """Validate each file: print its problems (exit 1) or a line saying it is valid.

    Warnings (:meth:`positions.Scenario.warnings`) go to ``err``, one per line
    with its path; with ``strict`` they fail the run too (exit 1).
    """
    status = 0
    for name in files:
        try:
            scenario = positions.load(name)
        except ScenarioError as exc:
            _print_problems(exc, err)
            status = 1
        else:
            found = scenario.warnings()
            print(
                f"{name}: valid ({len(scenario.actors)} actors, {len(scenario.issues)} issues, "
                f"{len(scenario.positions)} positions, {len(scenario.beliefs)} beliefs"
                + (f", {len(found)} warnings" if found else "") + ")",
                file=out,
            )
            for w in found:
                print(f"warning: {w}", file=err)
            if found and strict:
                status = 1
    return status


def _table(scenario: Scenario) -> str:
    import pandas as pd

    df = scenario.to_frame()[
        ["actor", "issue", "kind", "basis", "ideal", "acceptable_low", "acceptable_high",
         "salience", "n_sources", "n_origins", "grade"]
    ]  # fmt: skip
    with pd.option_context("display.width", 180, "display.max_rows", 500):
        return df.to_string(index=False, float_format=lambda x: f"{x:.3g}")


def _cmd_show(name: str, out: TextIO) -> int:
    scenario = positions.load(name)
    print(f"{scenario.title} ({scenario.id}, {scenario.date})", file=out)
    print(_table(scenario), file=out)
    return 0


def _summary(scenario: Scenario) -> str:
    lines = [
        f"{scenario.title} ({scenario.id}, {scenario.date})",
        f"  {len(scenario.parties)} parties: "
        + ", ".join(f"{a.id} ({a.name})" for a in scenario.parties),
        f"  {len(scenario.issues)} issues: " + ", ".join(i.id for i in scenario.issues),
        f"  {len(scenario.positions)} positions, {len(scenario.options)} options, "
        f"{len(scenario.beliefs)} beliefs, {len(scenario.facts)} facts "
        f"({sum(f.disputed for f in scenario.facts)} disputed), "
        f"{len(scenario.parameters)} parameters",
        f"  {len(scenario.sources)} sources, {len(scenario.origins)} origins, "
        f"{len(scenario.evidence_frame())} quotes (every one checked against its source)",
    ]
    return "\n".join(lines)


DEFAULT_OUT = Path("stances-out")
"""Where ``stances analyze`` writes without ``--out``: ``stances-out/<scenario id>/``."""


def _cmd_analyze(options: AnalyzeOptions, out: TextIO) -> int:
    from models.analysis.analyze import analyze

    scenario = positions.load(options.scenario)
    codings = [positions.load_coding(f, scenario) for f in options.coders]
    if options.set:
        scenario = scenario.with_estimates(options.set, uncertainty=options.set_uncertainty,
                                           outside_support=options.set_outside)
        changes = ", ".join(f"{path} = {value:g}" for path, value in options.set.items())
        print(f"what-if: {changes}", file=out)
        estimates = scenario.estimates()
        for path in options.set:
            notes = estimates[path].assumptions
            if notes and notes[-1].startswith("what-if:"):
                print(f"  {path}: {notes[-1].removeprefix('what-if: ')}", file=out)
    print(_summary(scenario), file=out)
    print("running: bargaining, forecasts, war bargaining, threat game, Graph Model, "
          "Monte Carlo and sensitivity ...", file=out, flush=True)
    if codings:
        print(f"coders: A (the scenario), {', '.join(c.coder for c in codings)}: the Monte "
              "Carlo draws from their mixture", file=out)
    result = analyze(scenario, seed=options.seed, n_draws=options.n_draws,
                     progress=not options.quiet and sys.stderr.isatty(),
                     codings=codings or None)
    print("", file=out)
    print(result.summary(), file=out)
    target = options.out if options.out is not None else DEFAULT_OUT / scenario.id
    names = ", ".join(_write_results(result, options.model_copy(update={"out": target})))
    print(f"\nWrote {target}/: {names}", file=out)
    print(f"Open {target / 'report.html'} in a browser to read the report"
          + ("" if options.out is not None else " (--out DIR writes elsewhere)") + ".", file=out)
    return 0


def _write_results(result: Any, options: AnalyzeOptions) -> list[str]:
    """Write the results to a temporary folder beside ``--out``, then move them in.

    An interrupted run (Ctrl-C, a failure) leaves ``--out`` as it was: the
    files appear only when all are written (the folder is renamed into place
    when it is new; into an existing folder each file is renamed over its
    namesake). Returns the names written.
    """
    target = Path(options.out or ".")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        written = result.write(tmp, options=options.model_dump(mode="json"))
        (tmp / "options.json").write_text(options.model_dump_json(indent=2) + "\n")
        names = [p.name for p in written] + ["options.json"]
        if not target.exists():
            os.replace(tmp, target)
        else:
            for path in sorted(tmp.iterdir()):
                os.replace(path, target / path.name)
        return names
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def template_text(name: str = _TEMPLATE_ID) -> str:
    """Return the commented scenario template with the id ``name``.

    The template (``positions/templates/scenario.yaml``, shipped with stances)
    has every section of a scenario, roles included, filled with a small
    made-up case, and validates as written.

    Parameters
    ----------
    name : str
        The new scenario's id: a letter, then letters, digits, ``_``, ``.`` or
        ``-`` (at most 80).

    Returns
    -------
    str
        The YAML text.

    Examples
    --------
    >>> from positions.io import parse_scenario_text
    >>> scenario = parse_scenario_text(template_text("wage-talks"))
    >>> scenario.id, len(scenario.roles.threats)
    ('wage-talks', 1)
    """
    text = resources.files("positions").joinpath("templates/scenario.yaml").read_text("utf-8")
    return text.replace(f"id: {_TEMPLATE_ID}\n", f"id: {name}\n", 1)


def _cmd_new(name: str, path: Path | None, out: TextIO, err: TextIO) -> int:
    if not _ID.match(name):
        print(f"stances new: {name!r} is not a valid scenario id: use a letter, then letters, "
              "digits, '_', '.' or '-' (at most 80)", file=err)
        return 2
    path = Path(f"{name}.yaml") if path is None else path
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(template_text(name))
    except FileExistsError:
        print(f"stances new: {path} already exists; not overwritten (remove it or choose "
              "another --out FILE)", file=err)
        return 1
    print(f"Wrote {path}: a scenario template with every section. Edit it, then run "
          f"`stances validate {path}` and `stances analyze {path}`.", file=out)
    return 0


def _source_text(source: str, scenario: str) -> tuple[str, str]:
    """Return a name for ``source`` and its text: a text file, or a source id of ``scenario``.

    Raises
    ------
    ScenarioError
        If the text file cannot be read (not UTF-8, larger than the limit), or the
        scenario's sources cannot be read, or none has that id, or it has no text.
    """
    from positions._read import decode, is_regular_file, read_capped
    from positions.io import load_sources

    if is_regular_file(source):
        try:
            return source, decode(read_capped(source), what="text file")
        except ScenarioError as exc:
            raise exc.with_file(source) from None

    sources = {s.id: s for s in load_sources(scenario)}
    found = sources.get(source)
    if found is None:
        known = ", ".join(list(sources)[:30]) or "none"
        if len(sources) > 30:
            known += f", and {len(sources) - 30} more"
        raise ScenarioError([Problem("", f"{short_repr(source, 60)} is neither a file nor a "
                                         f"source of the scenario (its sources: {known})")],
                            file=scenario)
    if found.text is None:
        raise ScenarioError([Problem(f"sources[{source}]", "is a publication cited without "
                                     "its text: there is nothing to search")], file=scenario)
    return source, found.text


def _cmd_quote(source: str, text: str, out: TextIO, *, scenario: str = DEFAULT_SCENARIO,
               n: int = 3) -> int:
    """Print the passages of ``source`` nearest to ``text``; 0 if it occurs verbatim, else 1."""
    name, content = _source_text(source, scenario)
    passages = positions.find_quote(content, text, n=n)
    found = bool(passages) and passages[0].exact
    if found:
        passages = tuple(p for p in passages if p.exact)
        print(f"{short_text(name, 200)}: {short_repr(text, 200)} occurs in the text (white "
              "space, quote marks and dashes aside)", file=out)
    else:
        nearest = "the nearest passage" + ("s" if len(passages) > 1 else "")
        print(f"{short_text(name, 200)}: {short_repr(text, 200)} does not occur in the text; "
              f"{nearest}:", file=out)
    for p in passages:
        print(f"  {int(p.score):3d}%  characters {p.start}-{p.end}: {p.quote}", file=out)
        print(f"        quote: {json.dumps(p.quote, ensure_ascii=False)}", file=out)
    return 0 if found else 1


def _assignment(text: str) -> tuple[str, float]:
    """Parse ``PATH=VALUE`` (the path may itself contain ``=``: the last one splits)."""
    path, sep, value = text.rpartition("=")
    if not sep or not path.strip():
        raise argparse.ArgumentTypeError(f"expected PATH=VALUE, got {text!r}")
    try:
        return path.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the value in {text!r} must be a number, got {value!r}"
        ) from None


def _positive(text: str) -> int:
    """Parse an int >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an int >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an int >= 1, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stances",
        description="Encode negotiation positions from sources and explore their outcomes.",
    )
    parser.add_argument("--version", action="version", version=f"stances {positions.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = sub.add_parser("analyze", help="validate a scenario and run the analyses")
    analyze.add_argument(
        "scenario",
        nargs="?",
        default=DEFAULT_SCENARIO,
        help=f"built-in name or file (default: {DEFAULT_SCENARIO})",
    )
    analyze.add_argument("--out", type=Path, default=None,
                         help="folder for the results (default: stances-out/SCENARIO-ID)")
    analyze.add_argument("--seed", type=int, default=AnalyzeOptions().seed, help="random seed")
    analyze.add_argument("--n", dest="n_draws", type=int, default=None,
                         help="Monte Carlo draws (default 20000; 2000 with STANCES_SMALL=1)")
    analyze.add_argument("--quiet", action="store_true", help="no progress bars")
    analyze.add_argument(
        "--set", dest="set", action="append", default=[], metavar="PATH=VALUE",
        type=_assignment,
        help="change a judged number before the run, by its path as in Scenario.estimates() "
             "(e.g. --set 'parameters[<id>].value=0.3'); repeatable; recorded in "
             "options.json and in the number's assumptions. The number's distribution "
             "moves with it (shifted, re-centred inside its hard range), so the Monte Carlo "
             "and Sobol lines move too",
    )
    analyze.add_argument(
        "--set-outside", dest="set_outside", action="store_true",
        help="accept a --set value outside the coded distribution's support (the number's "
             "assumptions record it); values outside the kind's hard range stay errors",
    )
    analyze.add_argument(
        "--set-keep", dest="set_uncertainty", action="store_const", const="keep",
        default="move",
        help="keep the coded distributions of --set numbers (only the point value changes, "
             "so the Monte Carlo does not move; the value must lie in the support)",
    )
    analyze.add_argument(
        "--coder", dest="coders", action="append", default=[], metavar="CODERFILE",
        help="a coder file (repeatable): the Monte Carlo and Sobol runs draw from the mixture "
             "of the scenario's coding (A) and these coders'",
    )

    validate = sub.add_parser("validate", help="check scenario files; print every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument(
        "--strict", action="store_true",
        help="fail (exit 1) on warnings too, e.g. a position without an acceptable range",
    )

    show = sub.add_parser("show", help="print a scenario's positions table")
    show.add_argument("scenario", metavar="SCENARIO")

    sub.add_parser("schema", help="print the JSON Schema of scenario files")

    new = sub.add_parser("new", help="write a commented scenario template with every section")
    new.add_argument("name", metavar="NAME", help="the new scenario's id")
    new.add_argument("--out", type=Path, default=None, metavar="FILE",
                     help="the file to write (default: NAME.yaml); never overwritten")
    quote = sub.add_parser(
        "quote", help="find the passages of a source nearest to a text (exit 0 if it occurs)"
    )
    quote.add_argument("source", metavar="SOURCE",
                       help="a source id of the scenario, or a text file")
    quote.add_argument("text", metavar="TEXT", help="the quote to look for")
    quote.add_argument("--scenario", default=DEFAULT_SCENARIO, metavar="SCENARIO",
                       help=f"built-in name or file whose sources to search "
                            f"(default: {DEFAULT_SCENARIO}); it need not validate")
    quote.add_argument("-n", dest="n", type=_positive, default=3,
                       help="how many passages to show (default 3)")
    agree = sub.add_parser(
        "agreement", help="inter-coder agreement: Krippendorff's alpha and per-path spread"
    )
    agree.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, metavar="SCENARIO",
                       help=f"built-in name or file (default: {DEFAULT_SCENARIO})")
    agree.add_argument("coders", nargs="*", metavar="CODERFILE",
                       help="coder files (default: the built-in ones of a built-in scenario)")
    agree.add_argument("--out", type=Path, default=None, metavar="FIGURE",
                       help="the figure to write (default: stances-out/SCENARIO-ID/"
                            "agreement.png); the per-path table goes beside it as .csv")
    agree.add_argument("--top", type=_positive, default=15,
                       help="how many paths to list and draw (default 15)")
    add_parsers(sub)  # sweep, mc
    return parser


def _cmd_agreement(scenario_name: str, files: Sequence[str], figure: Path | None, top: int,
                   out: TextIO, err: TextIO) -> int:
    """Print the agreement of the coders and write the per-path figure and table."""
    import matplotlib
    import pandas as pd

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from models.uncertainty.agreement import agreement

    scenario = positions.load(scenario_name)
    paths = [str(f) for f in files] or [str(p) for p in positions.available_codings(scenario_name)]
    if not paths:
        print(f"stances agreement: no coder files given, and {scenario_name!r} has no built-in "
              "ones", file=err)
        return 2
    codings = [positions.load_coding(p, scenario) for p in paths]
    result = agreement(scenario, codings)
    print(f"{scenario.title} ({scenario.id}): coders {', '.join(result.coders)} "
          f"({result.coders[0]} = the scenario's own numbers)", file=out)
    with pd.option_context("display.width", 160, "display.max_rows", 200,
                           "display.max_colwidth", 60):
        print(result.summary().to_string(index=False, float_format=lambda x: f"{x:.3f}"),
              file=out)
        print(f"\nLargest disagreements (spread on the common [0, 1] scale; top {top}):",
              file=out)
        table = result.to_frame()
        print(table.head(top).to_string(index=False, float_format=lambda x: f"{x:.3g}"),
              file=out)
    figure = Path("stances-out") / scenario.id / "agreement.png" if figure is None else figure
    figure.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(9.0, 0.3 * top + 1.5), layout="constrained")
    result.plot(ax=ax, top=top)
    fig.savefig(figure, dpi=150)
    plt.close(fig)
    table.to_csv(figure.with_suffix(".csv"), index=False)
    print(f"\nWrote {figure} and {figure.with_suffix('.csv')}", file=out)
    return 0


def _run_agreement(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``stances agreement`` from its parsed arguments."""
    return _cmd_agreement(args.scenario, args.coders, args.out, args.top, out, err)


def _run_analyze(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``stances analyze`` from its parsed arguments."""
    options = AnalyzeOptions(scenario=args.scenario, out=args.out, seed=args.seed,
                             n_draws=args.n_draws, quiet=args.quiet, set=dict(args.set),
                             set_uncertainty=args.set_uncertainty, set_outside=args.set_outside,
                             coders=list(args.coders))
    return _cmd_analyze(options, out)


def _run_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``stances validate`` from its parsed arguments."""
    return _cmd_validate(args.files, out, err, strict=args.strict)


def _run_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``stances show`` from its parsed arguments."""
    return _cmd_show(args.scenario, out)


def _run_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``stances schema``: print the JSON Schema of scenario files."""
    print(json.dumps(Scenario.json_schema(), indent=2), file=out)
    return 0


def _run_quote(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``stances quote``: the nearest passages, exit 0 when the text occurs verbatim."""
    return _cmd_quote(args.source, args.text, out, scenario=args.scenario, n=args.n)


def _run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``stances new``: write the scenario template, never over an existing file."""
    return _cmd_new(args.name, args.out, out, err)


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "analyze": _run_analyze,
    "validate": _run_validate,
    "show": _run_show,
    "schema": _run_schema,
    "new": _run_new,
    "quote": _run_quote,
    "agreement": _run_agreement,
}
"""Each subcommand of this module and the function that runs it; the subcommands
:func:`models.sweeps.cli.add_parsers` adds (``sweep``, ``mc``) run through
:func:`models.sweeps.cli.run_command`."""


def _failure(exc: Exception, err: TextIO) -> int:
    """Print why a command failed, without a traceback, and return the exit status."""
    if isinstance(exc, ScenarioError):
        _print_problems(exc, err)
        return 1
    if isinstance(exc, ValidationError):
        for problem in exc.errors():
            where = ".".join(str(p) for p in problem["loc"])
            print(f"--{where}: {problem['msg']} (got {short_repr(problem.get('input'))})", file=err)
        return 2
    if isinstance(exc, OSError):
        print(f"stances: {exc.filename or ''}: {exc.strerror}", file=err)
        return 1
    if isinstance(exc, ValueError):  # a model rejected an input: say which
        print(f"stances: {exc}", file=err)
        return 1
    # a KeyError, e.g. --set with a path that names no estimate
    print(f"stances: {exc.args[0] if exc.args else exc}", file=err)
    return 1


def _command_parser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    """Return the sub-parser of ``command`` (``parser`` itself if there is none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found = action.choices.get(command)
            if isinstance(found, argparse.ArgumentParser):
                return found
    return parser


def _silence_stdout() -> None:
    """Point standard output at the null device, so the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (e.g. captured in tests)
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``stances`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 success, 1 invalid input, 2 usage error, 130
        interrupted (Ctrl-C: one line on standard error, no traceback).

    Examples
    --------
    >>> main(["validate", "ukraine-ceasefire-2025-05"])  # doctest: +ELLIPSIS
    ukraine-ceasefire-2025-05: valid (...)
    0
    """
    out, err = sys.stdout, sys.stderr
    try:
        parser = _parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # the command's own usage, not the top-level one
            _command_parser(parser, args.command).error(
                f"unrecognized arguments: {' '.join(extra)}")
        command = _COMMANDS.get(args.command, run_command)
        try:
            return command(args, out, err)
        except BrokenPipeError:
            # The reader stopped early (``stances show ... | head``): not an error.
            _silence_stdout()
            return 0
        except (ScenarioError, ValidationError, OSError, ValueError, KeyError) as exc:
            return _failure(exc, err)
    except KeyboardInterrupt:
        print("\nstances: interrupted (Ctrl-C); nothing half-written is left", file=err)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
