"""A mutation fuzzer for :func:`positions.load` (issue 15).

Hypothesis mutates valid scenarios (the minimal one of ``tests/strategies.py``,
the built-in Elmira case and, fewer times, the built-in Ukraine case) and
writes them as YAML or JSON. A mutation is structural (delete, replace,
duplicate or rename a key or item; swap a type; a boolean, a numeric string, a
huge string, odd unicode or a deep value where a number or text belongs) or
textual (an alias bomb, deep brackets, a duplicated, dropped or cut line, odd
characters). Whatever the mutation, loading either succeeds or raises
:class:`~positions.ScenarioError` naming the file, with a path for a structural
mutation, in bounded time and with bounded output.

The number of cases is ``STANCES_FUZZ_EXAMPLES`` (default 100 per base
scenario and kind of mutation, 400 in all; the Ukraine case, ten times slower
to load, gets a twentieth of it, at least 5).
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import minimal_scenario_dict

import positions
from positions import ScenarioError

N_EXAMPLES = int(os.environ.get("STANCES_FUZZ_EXAMPLES", "100"))
MAX_SECONDS = 60.0
"""A bound on one load far above any real one (~1 s), far below an alias bomb's minutes."""
MAX_OUTPUT = 100_000
"""At most 50 problems of at most ~1,400 characters each."""

_BUILTIN = Path(positions.__file__).resolve().parent / "scenarios"


def _builtin(name: str) -> dict[str, Any]:
    data = yaml.safe_load((_BUILTIN / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return dict(json.loads(json.dumps(data, default=str)))  # dates as text, for JSON too


BASES: dict[str, dict[str, Any]] = {
    "minimal": minimal_scenario_dict(),
    "elmira": _builtin("elmira-groundwater"),
    "ukraine": _builtin("ukraine-ceasefire-2025-05"),
}

HOSTILE = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.from_regex(r"\A ?-?[0-9]{1,3}(\.[0-9]{1,3})? ?\Z"),  # "0.9 "
    st.sampled_from(["yes", "no", "on", "off", "maybe", "", " ", "2025-13-45", "nan", "1e999"]),
    st.sampled_from(["x" * 200_000, "q\n" * 10_000]),  # huge strings (5 MB: test_read.py)
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),  # odd unicode
    st.sampled_from(["\u202e\u0301\ufeff", "\U0001f600" * 50, "\x1b[31m", "a\tb\r\nc"]),
    st.integers(1, 150).map(lambda n: json.loads("[" * n + "]" * n)),  # deep lists
    st.lists(st.integers(), max_size=5),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return list(node)
    if isinstance(node, list):
        return list(range(len(node)))
    return []


@st.composite
def structural(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """Apply one structural mutation at a random place of a copy of ``base``."""
    data = copy.deepcopy(base)
    parent: Any = data
    key = draw(st.sampled_from(_children(data)))
    for _ in range(draw(st.integers(0, 6))):  # walk down a few levels
        child = parent[key]
        keys = _children(child)
        if not keys:
            break
        parent, key = child, draw(st.sampled_from(keys))
    op = draw(st.sampled_from(["delete", "replace", "duplicate", "rename", "swap"]))
    value = parent[key]
    if op == "delete":
        del parent[key]
    elif op == "replace":
        parent[key] = draw(HOSTILE)
    elif op == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(value))
    elif op == "rename" and isinstance(parent, dict):
        parent[f"{key}_x"] = parent.pop(key)
    elif isinstance(value, dict):
        parent[key] = list(value.values())
    elif isinstance(value, list):
        parent[key] = {str(i): v for i, v in enumerate(value)}
    else:
        parent[key] = [value]
    return data


LAUGHS = "".join(
    [' l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    + [f" l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9)]
)


@st.composite
def textual(draw: st.DrawFn, text: str) -> str:
    """Apply one mutation to the text of a scenario file."""
    lines = text.splitlines(keepends=True)
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    op = draw(st.sampled_from(["bomb", "brackets", "dup_line", "drop_line", "cut", "chars",
                               "dup_key"]))
    if op == "bomb":
        key = draw(st.sampled_from(["title", "description", "zz"]))
        return "bombs:\n" + LAUGHS + text + f"{key}: *l8\n"
    if op == "brackets":
        n = draw(st.sampled_from([120, 999, 2000]))
        return text + "zz: " + "[" * n + "]" * n + "\n"
    if op == "dup_line":
        return "".join(lines[: i + 1] + lines[i:])
    if op == "drop_line":
        return "".join(lines[:i] + lines[i + 1 :])
    if op == "cut":
        return text[: draw(st.integers(0, len(text)))]
    if op == "dup_key":
        return text + lines[0] if lines else text
    odd = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1,
                       max_size=5))
    at = draw(st.integers(0, len(text)))
    return text[:at] + odd + text[at:]


def _dump(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)


def check_load(text: str, fmt: str, *, structural_change: bool) -> None:
    """Load ``text`` from a file: it loads, or only a bounded ScenarioError escapes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed.{fmt}"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        try:
            positions.load(path)
        except ScenarioError as exc:
            message = str(exc)
            assert exc.file == str(path)
            assert message.startswith(f"{path}: ")
            assert len(message) <= MAX_OUTPUT
            if structural_change:
                assert any(p.path for p in exc.problems), message
        assert time.perf_counter() - start < MAX_SECONDS


FUZZ = settings(
    max_examples=N_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _examples(name: str) -> settings:
    n = max(N_EXAMPLES // 20, 5) if name == "ukraine" else N_EXAMPLES
    return settings(FUZZ, max_examples=n)


@pytest.mark.parametrize("name", list(BASES))
def test_structural_mutations_raise_only_bounded_scenario_errors(name):
    @_examples(name)
    @given(data=structural(BASES[name]), fmt=st.sampled_from(["yaml", "json"]))
    def run(data: dict[str, Any], fmt: str) -> None:
        check_load(_dump(data, fmt), fmt, structural_change=True)

    run()


@pytest.mark.parametrize("name", list(BASES))
def test_textual_mutations_raise_only_bounded_scenario_errors(name):
    text = _dump(BASES[name], "yaml")

    @_examples(name)
    @given(mutated=textual(text))
    def run(mutated: str) -> None:
        check_load(mutated, "yaml", structural_change=False)

    run()


@pytest.mark.parametrize("name", list(BASES))
def test_the_unmutated_bases_load(name, tmp_path):
    # Otherwise every mutation would fail for the same reason.
    for fmt in ("yaml", "json"):
        path = tmp_path / f"base.{fmt}"
        path.write_text(_dump(BASES[name], fmt), encoding="utf-8")
        assert positions.load(path).id == BASES[name]["id"]
