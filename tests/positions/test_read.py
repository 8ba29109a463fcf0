"""Hostile and odd input files: every loader path raises ScenarioError, bounded (issue 15).

Each test is one case of issue 15's list: alias bombs, unbounded reads
(``/dev/zero``, a sparse 3 GB file, a FIFO, a folder), recursion (statements,
nested JSON), a garbage timestamp, duplicate keys, booleans and numeric
strings as numbers, a status quo whose uncertainty leaves the scale, and
unbounded error messages.
"""

from __future__ import annotations

import json
import os
import threading
import tracemalloc
from pathlib import Path

import pytest
import yaml
from strategies import minimal_scenario_dict

import positions
from positions import ScenarioError
from positions._read import ALIAS_BUDGET, MAX_DEPTH, read_capped
from positions.errors import MAX_SHOWN, Problem, short_repr

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def error_of(path: Path | str, *, display: str | None = None) -> ScenarioError:
    """The ScenarioError of loading ``path``, checked to name the file."""
    with pytest.raises(ScenarioError) as info:
        positions.load(path)
    assert info.value.file == (str(path) if display is None else display)
    return info.value


def in_thread(func, timeout: float = 60.0):
    """Run ``func`` in a thread; fail (instead of hanging the suite) if it blocks."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            func()
        except BaseException as exc:  # handed back to the test
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the loader blocked"
    return result.get("error")


def laughs(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs" alias bomb: ``width ** levels`` strings from ~1.5 KB of YAML."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def bomb_block(key: str) -> str:
    """The bomb nested under ``key`` (whose last anchor is ``*l8``)."""
    return f"{key}:\n" + "".join(f"  {line}\n" for line in laughs().splitlines())


def scenario_yaml(**changes: object) -> str:
    return yaml.safe_dump(minimal_scenario_dict() | changes, sort_keys=False)


# ============================================================== alias bombs
def test_alias_bomb_in_the_title_is_refused_at_once(tmp_path):
    text = scenario_yaml() + bomb_block("bombs") + "extra: *l8\n"
    text = text.replace("title: Minimal\n", "")
    path = write(tmp_path, "bomb.yaml", text + "title: *l8\n")
    tracemalloc.start()
    try:
        err = error_of(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"more than {ALIAS_BUDGET:,} nodes and characters" in str(err)
    assert len(str(err)) < 500
    assert peak < 50 * 2**20  # the issue: > 2 GB


def test_alias_bomb_in_an_include_map_is_refused_by_include(tmp_path):
    write(tmp_path, "cat.yaml", bomb_block("sources_bomb") + "sources: *l8\n")
    path = write(tmp_path, "s.yaml", scenario_yaml(include=["cat.yaml"]))
    err = error_of(path)
    assert [p.path for p in err.problems] == ["include[cat.yaml]"]
    assert "aliases (*name) expand to more than" in str(err)
    assert len(str(err)) < 500  # the issue: 73,687,723 characters


def test_modest_aliases_still_load(tmp_path):
    data = minimal_scenario_dict()
    text = yaml.safe_dump(data, sort_keys=False)
    text = text.replace("title: Minimal", "title: &t Minimal") + "description: *t\n"
    assert positions.load(write(tmp_path, "ok.yaml", text)).title == "Minimal"
    # The built-in Elmira case reuses one capability by an alias.
    assert positions.load("elmira-groundwater").actors


def test_a_recursive_alias_is_refused(tmp_path):
    err = error_of(write(tmp_path, "rec.yaml", "id: x\nfoo: &a [1, *a]\n"))
    assert "an alias refers to a value that contains it" in str(err)


def test_bounded_repr_of_an_alias_bomb_value_is_fast():
    # The error formatter shortens before formatting: a value whose full repr
    # has 9**9 items is shown from its first few.
    value = ["lol"] * 9
    for _ in range(8):
        value = [value] * 9
    assert len(short_repr(value, 80)) <= 80


# ============================================================ bounded reads
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_not_read():
    err = error_of("/dev/zero")
    assert str(err) == "/dev/zero: is a character device, not a scenario file"


def test_a_sparse_3_gb_file_is_refused_by_its_size(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(3 * 2**30)
    err = error_of(path)
    assert "is 3,221,225,472 bytes, more than the limit of 52,428,800" in str(err)


def test_a_source_file_that_is_a_sparse_3_gb_file_is_refused(tmp_path):
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(3 * 2**30)
    data = minimal_scenario_dict()
    data["sources"][0] = {"id": "s1", "file": "huge.txt", "attributed_to": ["bloomberg"]}
    err = error_of(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert [p.path for p in err.problems] == ["sources[s1].file"]
    assert "more than the limit" in str(err)


def test_the_read_itself_is_capped_when_the_size_lies(tmp_path):
    # /proc files report a size of 0 and hold more: the capped read catches them.
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc")
    with pytest.raises(ScenarioError, match="holds more than the limit of 10 bytes"):
        read_capped(status, limit=10)
    small = write(tmp_path, "small.txt", "0123456789")
    assert read_capped(small, limit=10) == b"0123456789"
    with pytest.raises(ScenarioError, match="more than the limit of 9"):
        read_capped(small, limit=9)


@needs_fifo
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    error = in_thread(lambda: positions.load(fifo))
    assert isinstance(error, ScenarioError)
    assert str(error) == f"{fifo}: is a FIFO (named pipe), not a scenario file"


@needs_fifo
def test_a_fifo_as_include_or_source_file_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "cat.yaml")
    os.mkfifo(tmp_path / "article.txt")
    data = minimal_scenario_dict()
    data["include"] = ["cat.yaml"]
    data["sources"][0] = {"id": "s1", "file": "article.txt", "attributed_to": ["bloomberg"]}
    path = write(tmp_path, "s.yaml", yaml.safe_dump(data))
    error = in_thread(lambda: positions.load(path))
    assert isinstance(error, ScenarioError)
    paths = {p.path for p in error.problems}
    assert {"include[cat.yaml]", "sources[s1].file"} <= paths
    assert "FIFO" in str(error)


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "dir.yaml").mkdir()
    assert "is a folder, not a scenario file" in str(error_of(tmp_path / "dir.yaml"))


def test_a_name_too_long_or_with_a_nul_byte_is_a_scenario_error():
    long_name = "x" * 5000 + ".yaml"
    err = error_of(long_name)
    assert "File name too long" in str(err) or "no such file" in str(err)
    assert len(str(err)) < 800  # the name is shortened
    assert "not a valid file name" in str(error_of("a\0b.yaml"))


# ================================================================ recursion
@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("-" * 1000 + "a", "has more than 400 tokens"),
        (" & ".join(["a"] * 1000), "has more than 400 tokens"),
        ("-" * 60 + "a", "nests more than 50 negations and brackets"),
        ("(" * 60 + "a" + ")" * 60, "nests more than 50 negations and brackets"),
    ],
)
def test_deep_statements_are_refused_not_recursion_errors(statement, expected):
    with pytest.raises(ValueError, match=expected):
        positions.parse_statement(statement)


def test_a_deep_statement_in_a_scenario_is_a_scenario_error(tmp_path):
    data = minimal_scenario_dict()
    data["options"] = [{"id": "a", "actor": "RUS", "label": "A", "basis": "coded"}]
    data["preferences"] = [{"actor": "RUS", "statements": ["-" * 1000 + "a"]}]
    err = error_of(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert any(p.path.startswith("preferences") for p in err.problems)
    assert "has more than 400 tokens" in str(err)


def test_2000_nested_json_brackets_are_a_scenario_error(tmp_path):
    err = error_of(write(tmp_path, "deep.json", "[" * 2000 + "]" * 2000))
    assert f"nested deeper than {MAX_DEPTH} levels" in str(err)
    err = error_of(write(tmp_path, "deep2.json", '{"id": ' + "[" * 150 + "]" * 150 + "}"))
    assert f"nested deeper than {MAX_DEPTH} levels" in str(err)


@pytest.mark.parametrize("depth", [150, 2000])
def test_deep_yaml_is_a_scenario_error(tmp_path, depth):
    err = error_of(write(tmp_path, "deep.yaml", "id: " + "[" * depth + "]" * depth + "\n"))
    assert "nested deeper than" in str(err) or "maximum nesting depth" in str(err)


# =============================================================== scalars
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-13-45", "at line 2, column 7: cannot read '2025-13-45' as a timestamp"),
        ("!!timestamp nonsense", "at line 2, column 7: cannot read 'nonsense' as a timestamp"),
        ("9" * 5000, "at line 2, column 7: cannot read"),
    ],
)
def test_unreadable_scalars_are_scenario_errors_with_their_line(tmp_path, value, expected):
    err = error_of(write(tmp_path, "s.yaml", f"id: x\ndate: {value}\n"))
    assert expected in str(err)
    assert len(str(err)) < 600


def test_a_huge_json_integer_is_a_scenario_error(tmp_path):
    err = error_of(write(tmp_path, "s.json", '{"id": ' + "9" * 5000 + "}"))
    assert "malformed JSON" in str(err)


# ========================================================== duplicate keys
def test_duplicate_yaml_keys_are_named_with_path_and_line(tmp_path):
    text = scenario_yaml().replace(
        "  salience:\n", "  salience:\n    value: 0.1\n  salience:\n", 1
    )
    err = error_of(write(tmp_path, "dup.yaml", text))
    dup = [p for p in err.problems if "duplicate key 'salience'" in p.message]
    assert len(dup) == 1
    assert dup[0].path == "positions[RUS/territory].salience"
    assert "on line" in dup[0].message and "first on line" in dup[0].message


def test_duplicate_json_keys_are_refused(tmp_path):
    err = error_of(write(tmp_path, "dup.json", '{"id": "a", "id": "b"}'))
    assert str(err).endswith("id: duplicate key: JSON would keep only the last one; remove "
                             "or merge one of them")


# ========================================================= strict numbers
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "True is a boolean, not a number"),
        ("0.9 ", "'0.9 ' is text, not a number"),
        ("0.9", "'0.9' is text, not a number"),
    ],
)
def test_booleans_and_numeric_strings_are_not_numbers(tmp_path, value, expected):
    data = minimal_scenario_dict()
    data["positions"][0]["salience"]["value"] = value
    err = error_of(write(tmp_path, "s.json", json.dumps(data)))
    assert [str(p) for p in err.problems] == [
        f"positions[RUS/territory].salience.value: {expected}" + (
            " (YAML reads yes, no, on, off, true and false as booleans)"
            if value is True else ": write it without quotes")
    ]


def test_yaml_yes_is_not_read_as_one(tmp_path):
    text = scenario_yaml().replace("status_quo:\n    value: 40", "status_quo:\n    value: yes")
    assert "value: yes" in text
    err = error_of(write(tmp_path, "s.yaml", text))
    assert "issues[territory].status_quo.value: True is a boolean, not a number" in str(err)


def test_booleans_must_be_true_or_false(tmp_path):
    data = minimal_scenario_dict()
    data["actors"][2]["party"] = "maybe"
    err = error_of(write(tmp_path, "s.json", json.dumps(data)))
    assert str(err).endswith("actors[KOF].party: 'maybe' is not true or false")


def test_a_status_quo_uncertainty_off_the_scale_is_refused(tmp_path):
    data = minimal_scenario_dict()
    data["issues"][0]["status_quo"]["uncertainty"] = {"dist": "uniform", "low": -1000,
                                                      "high": 1100}
    err = error_of(write(tmp_path, "s.json", json.dumps(data)))
    assert [str(p) for p in err.problems] == [
        "issues[territory].status_quo: 40.0 (plausible range [-1000.0, 1100.0]) leaves the "
        "scale [0, 100]"
    ]


# ========================================================= bounded output
def test_a_5_mb_quote_is_shortened_in_the_error(tmp_path):
    data = minimal_scenario_dict()
    data["positions"][0]["evidence"] = [{"source": "s1", "quote": "q" * 5_000_000}]
    err = error_of(write(tmp_path, "s.json", json.dumps(data)))
    assert any(p.path.startswith("positions[RUS/territory].evidence") for p in err.problems)
    assert len(str(err)) < 5_000  # the issue: 5,000,099 characters


def test_the_text_of_an_error_shows_at_most_max_shown_problems():
    err = ScenarioError([Problem(f"a[{i}]", "bad") for i in range(MAX_SHOWN + 7)], file="f")
    lines = str(err).splitlines()
    assert len(lines) == MAX_SHOWN + 1
    assert lines[-1] == "f: ... and 7 more problems"
    assert len(err.problems) == MAX_SHOWN + 7


def test_a_problem_never_prints_more_than_about_1200_characters():
    problem = Problem("p" * 10_000, "m" * 10_000)
    assert len(str(problem)) <= 1_202
