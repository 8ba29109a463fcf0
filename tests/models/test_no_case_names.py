"""No model names the built-in case: every id of it stays in the data (issue 12).

Every module under ``models/`` is parsed with :mod:`ast`; its string constants
(f-strings included) and its identifiers (names, attributes, arguments,
keywords, definitions) must not mention an id of the built-in scenario: its
own id, an actor, issue, option, proposition, belief, parameter or role, nor
the lower-case form of such an id (``sanctions_cost_usa``), nor an actor id as
one part of a longer name (``war_cost_RUS``, ``usa_value``). Docstrings are not
scanned: their prose and examples (``>>>`` lines and their outputs) may use the
built-in case as the example it is. One test per module, so a failure names its
file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import positions

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "models").rglob("*.py"))
BUILT_IN = "ukraine-ceasefire-2025-05"

# Constants that may name the built-in case, by file: the scenario the CLI runs when
# none is given (the README's main job, `stances analyze`, runs the built-in case by
# default), and the default scenario of a sweep spec and of `stances mc`.
ALLOWED = {
    "models/analysis/cli.py": {"DEFAULT_SCENARIO"},
    "models/sweeps/spec.py": {"DEFAULT_SCENARIO"},
    "models/sweeps/cli.py": {"_DEFAULT_SCENARIO"},
}

# Words of the models' own vocabulary that the built-in case also uses as ids: the
# Graph Model's sanctioning moves (``sanctions="moves"``).
MODEL_WORDS = {"sanctions"}


def _case_ids() -> tuple[set[str], set[str]]:
    """Return the built-in case's ids (and their lower-case forms), and its actor ids."""
    s = positions.load(BUILT_IN)
    ids = {s.id}
    for items in (s.actors, s.issues, s.options, s.propositions, s.beliefs, s.parameters,
                  s.roles.wars, s.roles.threats):
        ids |= {item.id for item in items}
    ids |= {i.lower() for i in ids}
    ids -= MODEL_WORDS
    actors = {a.id for a in s.actors}
    # Country-code-like actor ids are caught in lower case too (``usa_value``); longer ones
    # only as written (the analyst MARKOV, not the Markov chains of the SMP).
    return ids, actors | {a.lower() for a in actors if a.isupper() and 3 <= len(a) <= 4}


IDS, ACTORS = _case_ids()
_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*[A-Za-z0-9_]|[A-Za-z0-9_]")


def _docstrings(tree: ast.AST) -> set[int]:
    """Return the ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        # A string right after an assignment documents it (attribute docstrings).
        if hasattr(node, "body") and isinstance(node.body, list):
            for before, after in zip(node.body, node.body[1:], strict=False):
                if (isinstance(before, ast.Assign | ast.AnnAssign)
                        and isinstance(after, ast.Expr)
                        and isinstance(after.value, ast.Constant)
                        and isinstance(after.value.value, str)):
                    found.add(id(after.value))
    return found


def _allowed(tree: ast.AST, names: set[str]) -> set[int]:
    """Return the ids of the constants assigned to an allow-listed name."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in names for t in targets):
                found |= {id(n) for n in ast.walk(node) if isinstance(n, ast.Constant)}
    return found


def _texts(tree: ast.AST, skip: set[int]) -> Iterator[tuple[int, str]]:
    """Yield (line, text) for every string constant and identifier not in ``skip``."""
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in skip:
                yield line, node.value
        elif isinstance(node, ast.Name):
            yield line, node.id
        elif isinstance(node, ast.Attribute):
            yield line, node.attr
        elif isinstance(node, ast.arg):
            yield line, node.arg
        elif isinstance(node, ast.keyword) and node.arg:
            yield line, node.arg
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield line, node.name


def _mentions(text: str) -> set[str]:
    """Return the case ids that ``text`` mentions, whole or as one part of a name."""
    hits = set()
    for token in _TOKEN.findall(text):
        if token in IDS:
            hits.add(token)
        hits |= {part for part in token.split("_") if part in ACTORS}
    return hits


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).as_posix()
    skip = _docstrings(tree) | _allowed(tree, ALLOWED.get(rel, set()))
    return [
        f"{rel}:{line}: {sorted(hits)} in {text[:60]!r}"
        for line, text in _texts(tree, skip)
        if (hits := _mentions(text))
    ]


# Modules outside the war and threat models that still name the built-in case when this
# test was written (issue 12): each is expected to fail, strictly, so the entry must go
# once its module is fixed.
KNOWN_OFFENDERS: dict[str, str] = {}


def _params() -> list[object]:
    params: list[object] = []
    for path in MODULES:
        rel = path.relative_to(ROOT).as_posix()
        reason = KNOWN_OFFENDERS.get(rel)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=rel, marks=marks))
    return params


@pytest.mark.parametrize("path", _params())
def test_no_module_names_the_built_in_case(path: Path) -> None:
    offences = _offences(path)
    assert not offences, "\n".join(offences)


def test_the_scan_finds_case_names() -> None:
    assert _mentions("war_cost_RUS") >= {"war_cost_RUS", "RUS"}
    assert _mentions("sanctions_cost_usa") == {"sanctions_cost_usa", "usa"}
    assert _mentions(f"positions.load({BUILT_IN!r})") == {BUILT_IN}
    assert _mentions("usa_value") == {"usa"}
    assert not _mentions("the threatener's audience cost")
    code = 'def f():\n    """Uses RUS."""\n    x = "four_regions_2025"\n    return x\n'
    tree = ast.parse(code)
    assert [t for _, t in _texts(tree, _docstrings(tree)) if _mentions(t)] == [
        "four_regions_2025"
    ]
