"""Sampled mutation testing of one module: how many small faults do the tests catch?

The module is parsed with :mod:`ast`; every place where a first-order
mutation applies is listed (a comparison operator swapped, an arithmetic
operator swapped, a numeric or boolean constant changed, a condition negated
or ``and``/``or`` swapped, one statement replaced by ``pass``), ``--mutants``
of them are drawn with a seeded generator, and for each one a pytest
selection is run against a temporary copy of the repository in which only
that module is replaced by the mutant. A mutant is *killed* when the tests
fail (or time out, or the module no longer imports), and *survives* when they
pass; the score is killed / (killed + survived). A survivor is either a gap in
the tests or an equivalent mutant (one that cannot change behaviour); the
report prints each survivor's line and change so a reader can tell which
(DeMillo, Lipton and Sayward 1978; Jia and Harman 2011).

The real file is never written: the copy lives in a temporary directory that
is removed at the end, also on Ctrl-C (the mutants run so far are reported).
The same ``--seed`` draws the same mutants, so a run can be repeated after
tests are added. Before the mutants, the unmutated module (as printed back by
:func:`ast.unparse`, which drops comments) must pass the selection.

Usage (from the repository root)::

    python benchmarks/mutation.py models/games/pure_nash.py tests/models/games -n 20 --seed 0
    python benchmarks/mutation.py models/bargaining/axiomatic.py \\
        tests/models/bargaining/test_solutions.py -n 30 -- -k "utilitarian"

Arguments after ``--`` are passed to pytest. Run it with the project's Python
(the one whose pytest and dependencies the tests need).

References
----------
.. [1] DeMillo, R. A., Lipton, R. J. and Sayward, F. G. (1978). Hints on test
   data selection: help for the practicing programmer. *Computer* 11(4), 34-41.
.. [2] Jia, Y. and Harman, M. (2011). An analysis and survey of the development
   of mutation testing. *IEEE Transactions on Software Engineering* 37(5), 649-678.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_COMPARE_SWAPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
}
_BINOP_SWAPS: dict[type[ast.operator], tuple[type[ast.operator], ...]] = {
    ast.Add: (ast.Sub,),
    ast.Sub: (ast.Add,),
    ast.Mult: (ast.Div,),
    ast.Div: (ast.Mult,),
    ast.FloorDiv: (ast.Div,),
    ast.Mod: (ast.FloorDiv,),
    ast.Pow: (ast.Mult,),
    ast.MatMult: (ast.Mult,),
}
KINDS = ("compare", "arithmetic", "constant", "negate", "delete")


@dataclass(frozen=True)
class Mutation:
    """One first-order change: the ``node``-th node of :func:`ast.walk`, changed by ``option``."""

    node: int
    option: int
    kind: str
    line: int
    description: str


@dataclass(frozen=True)
class Outcome:
    """What the tests did with one mutant."""

    mutation: Mutation
    status: str  # "killed", "survived", "timeout" (counted as killed) or "error"
    seconds: float


# ----------------------------------------------------------------------------- mutations
def _skipped_nodes(tree: ast.Module) -> set[int]:
    """Ids of nodes never mutated: docstrings, annotations, imports, ``__all__``."""
    skip: set[int] = set()

    def drop(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(node, ast.Module | ast.ClassDef
                                                          | ast.FunctionDef
                                                          | ast.AsyncFunctionDef):
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                drop(first)
        if isinstance(node, ast.arg):
            drop(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            drop(node.returns)
        elif isinstance(node, ast.AnnAssign):
            drop(node.annotation)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            drop(node)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            drop(node)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            drop(node)
        elif isinstance(node, ast.JoinedStr):  # text of f-strings: messages only
            drop(node)
    return skip


def _options(node: ast.AST) -> list[str]:
    """The kinds of the mutations that apply to one node, one entry per option."""
    out: list[str] = []
    if isinstance(node, ast.Compare):
        out += ["compare"] * sum(len(_COMPARE_SWAPS.get(type(op), ())) for op in node.ops)
    elif isinstance(node, ast.BinOp | ast.AugAssign):
        out += ["arithmetic"] * len(_BINOP_SWAPS.get(type(node.op), ()))
    elif isinstance(node, ast.Constant) and not isinstance(node.value, str | bytes):
        value = node.value
        if isinstance(value, bool) or isinstance(value, float):
            out.append("constant")
        elif isinstance(value, int):
            out += ["constant", "constant"]  # +1 and -1
    elif isinstance(node, ast.BoolOp) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    ):
        out.append("negate")  # and <-> or; not x -> x
    if isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert):
        out.append("negate")  # the condition
    if isinstance(node, ast.stmt) and not isinstance(
        node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Pass | ast.Global
        | ast.Nonlocal
    ):
        out.append("delete")
    return out


def _mutate_node(node: ast.AST, option: int) -> ast.AST:
    """Apply option ``option`` of :func:`_options` to ``node``; return what replaces it.

    Most mutations change ``node`` in place and return it; removing a ``not``
    returns its operand and deleting a statement returns ``pass``.
    """
    kind = _options(node)[option]
    if kind == "compare":
        assert isinstance(node, ast.Compare)
        k = 0
        for i, op in enumerate(node.ops):
            for repl in _COMPARE_SWAPS.get(type(op), ()):
                if k == option:
                    node.ops[i] = repl()
                k += 1
    elif kind == "arithmetic":
        assert isinstance(node, ast.BinOp | ast.AugAssign)
        node.op = _BINOP_SWAPS[type(node.op)][option]()
    elif kind == "constant":
        assert isinstance(node, ast.Constant)
        value = node.value
        if isinstance(value, bool):
            node.value = not value
        elif isinstance(value, int):
            node.value = value + 1 if option == 0 else value - 1
        else:
            node.value = _tweak(float(value))
    elif kind == "negate" and isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "negate" and isinstance(node, ast.UnaryOp):
        return node.operand
    elif kind == "negate":
        assert isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert)
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
    else:  # delete
        return ast.copy_location(ast.Pass(), node)
    return node


def _tweak(value: float) -> float:
    """A different float of the same sign and order: 0 -> 1, else doubled (1 -> 2, 1e-9 -> 2e-9)."""
    return 1.0 if value == 0.0 else value * 2.0


def _short(node: ast.AST, width: int = 60) -> str:
    """The first line of a node's source, shortened to ``width`` characters."""
    text = ast.unparse(node).splitlines()[0] if not isinstance(node, ast.Pass) else "pass"
    return text if len(text) <= width else text[: width - 3] + "..."


def list_mutations(tree: ast.Module, kinds: tuple[str, ...] = KINDS) -> list[Mutation]:
    """Every first-order mutation of ``tree`` of the given kinds, in source order.

    Each is described as ``before -> after`` (the mutated node's source, one line).
    """
    skip = _skipped_nodes(tree)
    found: list[Mutation] = []
    for k, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        for opt, kind in enumerate(_options(node)):
            if kind in kinds:
                before = _short(node)
                after = _short(_mutate_node(copy.deepcopy(node), opt))
                found.append(
                    Mutation(k, opt, kind, getattr(node, "lineno", 0), f"{before} -> {after}")
                )
    found.sort(key=lambda m: (m.line, m.node, m.option))
    return found


def apply_mutation(tree: ast.Module, mutation: Mutation) -> ast.Module:
    """Return a mutated deep copy of ``tree`` (the original is left as it is)."""
    new = copy.deepcopy(tree)
    node = list(ast.walk(new))[mutation.node]
    replacement = _mutate_node(node, mutation.option)
    if replacement is not node:
        _replace_child(new, node, replacement)
    return ast.fix_missing_locations(new)


def _replace_child(tree: ast.Module, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return


def draw(mutations: list[Mutation], n: int, seed: int) -> list[Mutation]:
    """``n`` distinct mutations drawn with ``random.Random(seed)``, in source order."""
    picked = random.Random(seed).sample(range(len(mutations)), min(n, len(mutations)))
    return [mutations[i] for i in sorted(picked)]


# ----------------------------------------------------------------------------- running
def _copy_repo(root: Path, dest: Path) -> None:
    ignore = shutil.ignore_patterns(
        ".git", ".venv", ".bench", "__pycache__", ".pytest_cache", ".mypy_cache",
        ".ruff_cache", ".hypothesis", "build", "dist", "stances-out", "*.egg-info",
    )
    shutil.copytree(root, dest, ignore=ignore, symlinks=True)


def _environment(copy_root: Path) -> dict[str, str]:
    """The copy first on the path; no bytecode written (a mutant is never served from a .pyc)."""
    path = os.pathsep.join(p for p in (str(copy_root), os.environ.get("PYTHONPATH")) if p)
    return dict(os.environ, PYTHONPATH=path, PYTHONDONTWRITEBYTECODE="1")


def _run_tests(copy_root: Path, pytest_args: list[str], timeout: float) -> tuple[str, float]:
    env = _environment(copy_root)
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly",
           "-p", "no:cacheprovider", *pytest_args]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=copy_root, env=env, capture_output=True, text=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - start
    elapsed = time.perf_counter() - start
    if proc.returncode == 0:
        return "survived", elapsed
    if proc.returncode in (1, 2):  # failures, or errors while collecting (e.g. on import)
        return "killed", elapsed
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
    return "error: " + " | ".join(tail), elapsed


def _check_import_path(copy_root: Path, module: Path) -> None:
    """Make sure the tests will import the copy's module, not an installed one."""
    name = ".".join(module.with_suffix("").parts)
    env = _environment(copy_root)
    code = f"import importlib; print(importlib.import_module({name!r}).__file__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=copy_root, env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    if Path(out).resolve() != (copy_root / module).resolve():
        raise SystemExit(f"the tests would import {name} from {out}, not from the copy")


def run(
    module: Path, tests: list[str], n_mutants: int, seed: int,
    kinds: tuple[str, ...] = KINDS, timeout_factor: float = 5.0,
    root: Path = ROOT, verbose: bool = True, lines: tuple[int, ...] = (),
) -> list[Outcome]:
    """Mutate ``module`` (a path relative to ``root``) and run ``tests`` on each mutant.

    ``lines``, when given, keeps only the mutations on those lines of the module.
    """
    source = (root / module).read_text()
    tree = ast.parse(source)
    candidates = [m for m in list_mutations(tree, kinds) if not lines or m.line in lines]
    chosen = draw(candidates, n_mutants, seed)
    say = print if verbose else (lambda *a, **k: None)
    say(f"{module}: {len(candidates)} possible mutations, {len(chosen)} drawn (seed {seed})")
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        copy_root = Path(tmp) / "repo"
        _copy_repo(root, copy_root)
        target = copy_root / module
        _check_import_path(copy_root, module)
        target.write_text(ast.unparse(tree) + "\n")
        status, base = _run_tests(copy_root, tests, timeout=3600.0)
        if status != "survived":
            raise SystemExit(f"the tests do not pass on the unmutated module ({status})")
        say(f"unmutated module passes in {base:.1f} s")
        limit = timeout_factor * base + 10.0
        try:
            for k, mutation in enumerate(chosen, 1):
                try:
                    mutant = ast.unparse(apply_mutation(tree, mutation))
                    compile(mutant, str(module), "exec")
                except (SyntaxError, ValueError, TypeError) as exc:
                    outcomes.append(Outcome(mutation, f"error: {exc}", 0.0))
                    continue
                target.write_text(mutant + "\n")
                # A fresh time stamp, so no cache keyed by (mtime, size) serves an
                # earlier mutant (Numba's on-disk cache, for one).
                stamp = time.time() + k
                os.utime(target, (stamp, stamp))
                status, secs = _run_tests(copy_root, tests, limit)
                outcomes.append(Outcome(mutation, status, secs))
                say(f"[{k}/{len(chosen)}] line {mutation.line:>4} {mutation.kind:<10} "
                    f"{mutation.description:<40} {status} ({secs:.1f} s)")
        except KeyboardInterrupt:
            say("interrupted: reporting the mutants run so far")
    return outcomes


def score(outcomes: list[Outcome]) -> dict[str, float]:
    """Counts of killed (timeouts included), survived and errors, and the score."""
    killed = sum(o.status in ("killed", "timeout") for o in outcomes)
    survived = sum(o.status == "survived" for o in outcomes)
    errors = len(outcomes) - killed - survived
    total = killed + survived
    return {"killed": killed, "survived": survived, "errors": errors,
            "score": killed / total if total else float("nan")}


def report(outcomes: list[Outcome], source: str) -> str:
    """The score and every survivor with its source line."""
    s = score(outcomes)
    lines = source.splitlines()
    out = [f"killed {s['killed']}, survived {s['survived']}, errors {s['errors']}: "
           f"score {s['score']:.1%}"]
    for o in outcomes:
        if o.status == "survived":
            m = o.mutation
            text = lines[m.line - 1].strip() if 0 < m.line <= len(lines) else ""
            out.append(f"  survived: line {m.line} ({m.kind}: {m.description}): {text}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path, help="module to mutate, relative to the repository")
    parser.add_argument("tests", nargs="+", help="pytest selection (paths, node ids)")
    parser.add_argument("-n", "--mutants", type=int, default=20, help="mutants drawn")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--timeout-factor", type=float, default=5.0,
                        help="a mutant is stopped (and killed) after this many times the "
                             "unmutated run, plus 10 s")
    parser.add_argument("--lines", type=int, nargs="+", default=[],
                        help="only mutations on these lines of the module")
    parser.add_argument("--list", action="store_true", help="list the drawn mutations and stop")
    parser.add_argument("--out", type=Path, help="write the outcomes as JSON here")
    argv = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    args = parser.parse_args(argv)
    module = args.module.resolve().relative_to(ROOT) if args.module.is_absolute() else args.module
    source = (ROOT / module).read_text()
    if args.list:
        found = [m for m in list_mutations(ast.parse(source), tuple(args.kinds))
                 if not args.lines or m.line in args.lines]
        for m in draw(found, args.mutants, args.seed):
            print(f"line {m.line:>4} {m.kind:<10} {m.description}")
        return 0
    outcomes = run(module, [*args.tests, *extra], args.mutants, args.seed,
                   tuple(args.kinds), args.timeout_factor, lines=tuple(args.lines))
    print(report(outcomes, source))
    if args.out is not None:
        args.out.write_text(json.dumps([asdict(o) for o in outcomes], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
