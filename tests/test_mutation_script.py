"""The sampled mutation-testing script ``benchmarks/mutation.py`` (issue 14, item 8).

One tiny module and a handful of mutants: every listed mutation compiles and
changes the code, the draw is reproducible from its seed, and a run reports
killed and surviving mutants without ever writing the real file.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "mutation.py"

CLAMP = '''"""A tiny module to mutate."""

LIMIT = 10


def clamp(x, low=0, high=LIMIT):
    """Clamp ``x`` to ``[low, high]``."""
    if x < low:
        return low
    if x > high and not high is None:
        return high
    return x * 1
'''

CLAMP_TESTS = '''from calc import clamp


def test_clamp():
    assert clamp(15) == 10
    assert clamp(-1, 0, 3) == 0
    assert clamp(2, 0, 3) == 2
'''


@pytest.fixture(scope="module")
def mutation() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutation_script"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_kind_of_mutation_is_listed_and_changes_the_code(mutation: ModuleType) -> None:
    tree = ast.parse(CLAMP)
    found = mutation.list_mutations(tree)
    assert {m.kind for m in found} == set(mutation.KINDS)
    original = ast.unparse(tree)
    for m in found:
        mutant = ast.unparse(mutation.apply_mutation(tree, m))
        compile(mutant, "calc.py", "exec")
        assert mutant != original, m
    assert ast.unparse(tree) == original  # the parsed tree itself is left alone
    # Docstrings and imports are never mutated.
    assert not any("Clamp" in m.description for m in found)
    texts = {(m.line, m.description) for m in found}
    assert (8, "x < low -> x <= low") in texts and (3, "10 -> 11") in texts


def test_the_draw_is_reproducible(mutation: ModuleType) -> None:
    found = mutation.list_mutations(ast.parse(CLAMP))
    first = mutation.draw(found, 5, seed=3)
    assert first == mutation.draw(found, 5, seed=3)
    assert first != mutation.draw(found, 5, seed=4)
    assert [m.line for m in first] == sorted(m.line for m in first)
    assert len(mutation.draw(found, 1000, seed=0)) == len(found)


def test_a_run_kills_and_reports_without_touching_the_module(
    mutation: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "calc.py").write_text(CLAMP)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_calc.py").write_text(CLAMP_TESTS)
    before = hashlib.sha256((tmp_path / "calc.py").read_bytes()).hexdigest()
    # Line 8, "if x < low": "<=" is an equivalent mutant (clamp(low) is low
    # either way) and survives; ">" breaks clamp(-1, 0, 3) and is killed.
    outcomes = mutation.run(
        Path("calc.py"), ["tests"], n_mutants=2, seed=0, kinds=("compare",),
        root=tmp_path, verbose=False, lines=(8,),
    )
    assert hashlib.sha256((tmp_path / "calc.py").read_bytes()).hexdigest() == before
    status = {o.mutation.description: o.status for o in outcomes}
    assert status == {"x < low -> x <= low": "survived", "x < low -> x > low": "killed"}
    assert mutation.score(outcomes) == {"killed": 1, "survived": 1, "errors": 0, "score": 0.5}
    text = mutation.report(outcomes, CLAMP)
    assert text.startswith("killed 1, survived 1, errors 0: score 50.0%")
    assert "survived: line 8 (compare: x < low -> x <= low): if x < low:" in text
