"""Reading sweep spec files within limits (issue 15): one error type, bounded, never blocking."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.sweeps import SweepSpecError, load_sweep_spec

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")

TOY = "model: toy-quadratic\nseed: 1\ninputs:\n  x: {dist: uniform, low: 0, high: 1}\n"


def bomb(key: str) -> str:
    """A "billion laughs" alias bomb under ``key`` (9**9 strings from ~1.5 KB)."""
    lines = [f"{key}:", '  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def spec_error(path: Path) -> SweepSpecError:
    """The error of loading ``path``, in a thread so a blocking read fails the test."""
    found: list[BaseException] = []

    def run() -> None:
        try:
            load_sweep_spec(path)
        except BaseException as exc:  # handed back to the test
            found.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "loading the spec blocked"
    assert found and isinstance(found[0], SweepSpecError), found
    assert found[0].file == str(path)
    return found[0]


@pytest.mark.parametrize("key", ["description", "options"])
def test_an_alias_bomb_in_a_spec_is_refused(tmp_path, key):
    path = tmp_path / "spec.yaml"
    path.write_text(TOY + bomb("anchors") + f"{key}: *l8\n")
    err = spec_error(path)
    assert "aliases (*name) expand to more than" in str(err)
    assert len(str(err)) < 500


def test_duplicate_keys_in_a_spec_are_refused(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(TOY + "seed: 2\n")
    err = spec_error(path)
    assert "seed: duplicate key 'seed' on line 5 (first on line 2)" in str(err)


@needs_fifo
def test_a_fifo_spec_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    assert str(spec_error(fifo)) == f"{fifo}: is a FIFO (named pipe), not a sweep spec"


@needs_fifo
def test_a_fifo_as_the_spec_scenario_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "scenario.yaml")
    path = tmp_path / "spec.yaml"
    path.write_text("scenario: scenario.yaml\nmodel: threat\nseed: 1\n")
    err = spec_error(path)
    assert "is a FIFO (named pipe), not a scenario file" in str(err)


def test_a_folder_and_a_garbage_timestamp(tmp_path):
    assert "is a folder, not a sweep spec" in str(spec_error(tmp_path))
    path = tmp_path / "spec.yaml"
    path.write_text(TOY + "description: 2025-13-45\n")
    assert "cannot read '2025-13-45' as a timestamp" in str(spec_error(path))


@settings(max_examples=int(os.environ.get("STANCES_FUZZ_EXAMPLES", "50")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.integers(0, len(TOY)),
    hostile=st.sampled_from([
        bomb("anchors") + "description: *l8\n",
        "seed: 3\n",  # a duplicate key
        "options: " + "[" * 150 + "]" * 150 + "\n",
        "description: " + "[" * 2000 + "]" * 2000 + "\n",
        "description: 2025-13-45\n",
        "seed: " + "9" * 5000 + "\n",
        "\x00",
    ]),
    as_bytes=st.sampled_from([b"", b"\xff\xfe"]),
)
def test_spec_files_broken_at_parse_time_raise_one_bounded_error(tmp_path, where, hostile,
                                                                 as_bytes):
    # Hostile text inserted at a line start of a valid spec (or bad bytes before it):
    # whatever breaks, it is a SweepSpecError naming the file, with bounded text.
    cut = TOY.rfind("\n", 0, where) + 1
    path = tmp_path / "fuzzed.yaml"
    path.write_bytes(as_bytes + (TOY[:cut] + hostile + TOY[cut:]).encode())
    with pytest.raises(SweepSpecError) as info:
        load_sweep_spec(path)
    assert info.value.file == str(path)
    assert len(str(info.value)) < 2_000
