"""Hostile sweep specs, absurd sizes and faulted sweep folders (issue 15, the sweep/CLI half).

Each test is one finding of the issue's fuzz run: a spec that ran and gave
silently wrong numbers must now be a ``SweepSpecError`` naming the file and
the path; a size that allocated terabytes must be refused before any work;
a folder left by a killed or edited run must resume or say how to clear it.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

import positions
from models import SweepSpec, load_sweep_spec, open_sweep, sweep
from models.analysis.cli import main
from models.sweeps import SweepSpecError, SweepStoreError, register_sweep_model
from models.uncertainty import ppf

SCENARIO = "ukraine-ceasefire-2025-05"
GOOD = {"scenario": SCENARIO, "model": "threat", "n_draws": 10, "seed": 1,
        "grid": {"product": {"parameters[discount_USA].value": [0.8, 0.9]}}}


class _Sum:
    def __call__(self, values):
        return {"y": np.asarray(values["x"]) + np.asarray(values["z"])}


def _sum(inputs):
    return _Sum()


register_sweep_model("toy-sum", _sum, needs_scenario=False)
TOY = {"scenario": None, "model": "toy-sum", "seed": 3,
       "inputs": {"x": {"dist": "uniform", "low": 0.0, "high": 1.0},
                  "z": {"dist": "uniform", "low": 0.0, "high": 1.0}}}


def write_spec(folder, data, name="spec.yaml"):
    path = Path(folder) / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def spec_error(tmp_path, data):
    """Load ``data`` as a spec file; return the SweepSpecError's text (which names the file)."""
    path = write_spec(tmp_path, data)
    with pytest.raises(SweepSpecError) as info:
        load_sweep_spec(path)
    text = str(info.value)
    assert all(line.startswith(f"{path}: ") for line in text.splitlines())
    return text


# ------------------------------------------------------------ silently wrong specs
def test_misspelt_free_input_is_an_error_with_did_you_mean(tmp_path):
    text = spec_error(tmp_path, GOOD | {"inputs": {
        "audiance_cost": {"dist": "uniform", "low": 0.5, "high": 0.6}}})
    assert "inputs.audiance_cost: unknown input 'audiance_cost'" in text
    assert "did you mean 'audience_cost'?" in text


def test_free_input_on_a_model_that_reads_none_is_an_error(tmp_path):
    text = spec_error(tmp_path, GOOD | {"model": "war", "inputs": {
        "audience_cost": {"dist": "uniform", "low": 0.0, "high": 0.1}}})
    assert "inputs.audience_cost: unknown input" in text and "model 'war' (none)" in text


@pytest.mark.parametrize("name", ["parameters[discount_RUS].value", "audience_cost"])
def test_categorical_on_a_number_is_an_error(tmp_path, name):
    text = spec_error(tmp_path, GOOD | {"inputs": {
        name: {"dist": "categorical", "categories": ["low", "high"]}}})
    assert f"inputs.{name}.dist: 'categorical' draws labels" in text
    assert "use 'discrete'" in text


def test_huge_weights_are_normalised_without_overflow():
    # 1e308 + 1e308 overflows to inf: the second value used to get all the mass
    dist = positions.Discrete(values=(0.0, 1.0), weights=(1e308, 1e308))
    draws = ppf(dist, (np.arange(1000) + 0.5) / 1000)
    assert draws.mean() == 0.5
    cat = positions.Categorical(categories=("a", "b", "c"), weights=(1e308, 1e308, 1e308))
    assert np.bincount(ppf(cat, (np.arange(999) + 0.5) / 999).astype(int)).tolist() == [333] * 3


@pytest.mark.parametrize("weights", [(-1.0, 2.0), (float("nan"), 1.0), (float("inf"), 1.0),
                                     (0.0, 0.0)])
def test_bad_weights_are_rejected(tmp_path, weights):
    text = spec_error(tmp_path, TOY | {"inputs": {
        "x": {"dist": "discrete", "values": [0.0, 1.0], "weights": list(weights)},
        "z": {"dist": "uniform", "low": 0.0, "high": 1.0}}})
    assert "inputs.x" in text


@pytest.mark.parametrize(("change", "where"), [
    ({"options": {"shift": "maybe"}}, "options.shift: must be true or false, got 'maybe'"),
    ({"options": {"shift": 1}}, "options.shift: must be true or false, got 1"),
    ({"grid": {"product": {"shift": ["maybe"]}}},
     "grid.product.shift[0]: must be true or false, got 'maybe'"),
])
def test_booleans_are_strict(tmp_path, change, where):
    text = spec_error(tmp_path, GOOD | {"model": "war", "run": "single", "n_draws": None}
                      | change)
    assert where in text


@pytest.mark.parametrize("value", ["maybe", "yes", 1])
def test_spec_booleans_are_strict(tmp_path, value):
    text = spec_error(tmp_path, GOOD | {"common_draws": value})
    assert "common_draws: Input should be a valid boolean" in text


def test_smp_rounds_must_be_an_integer(tmp_path):
    text = spec_error(tmp_path, GOOD | {"model": "smp", "options": {"max_rounds": "10"}})
    assert "options.max_rounds: must be an integer, got '10'" in text


def test_war_sides_must_differ(tmp_path):
    side_a = positions.load(SCENARIO).roles.wars[0].side_a
    text = spec_error(tmp_path, GOOD | {"model": "war", "options": {"side_b_view": side_a}})
    assert "'side_b_view' parameter of WarModel must be a holder other than side_a" in text


def test_unknown_war_role_is_an_error(tmp_path):
    text = spec_error(tmp_path, GOOD | {"model": "war", "options": {"war": "no_such_war"}})
    assert "The 'war' parameter of WarModel must be one of the war roles" in text


def test_an_input_that_is_also_swept_is_an_error(tmp_path):
    path = "parameters[discount_USA].value"
    text = spec_error(tmp_path, GOOD | {"inputs": {
        path: {"dist": "uniform", "low": 0.5, "high": 0.6}}})
    assert f"inputs.{path}: '{path}' is also swept in the grid" in text


def _first_path(ending):
    return next(p for p in positions.load(SCENARIO).estimates() if p.endswith(ending))


@pytest.mark.parametrize(("ending", "dist", "needle"), [
    (".salience", {"dist": "uniform", "low": 0.5, "high": 1.5}, "reaches 1.5, above 1"),
    (".status_quo", {"dist": "uniform", "low": -1000.0, "high": 1100.0}, "-1000"),
])
def test_an_input_beyond_its_estimates_range_is_an_error(tmp_path, ending, dist, needle):
    # The range checks positions get apply to a sweep's inputs before any draw.
    path = _first_path(ending)
    spec = {k: v for k, v in GOOD.items() if k != "grid"} | {"model": "nash"}
    text = spec_error(tmp_path, spec | {"inputs": {path: dist}})
    assert f"inputs.{path}: " in text and needle in text


def test_an_input_within_its_estimates_range_is_accepted(tmp_path):
    path = _first_path(".salience")
    spec = {k: v for k, v in GOOD.items() if k != "grid"} | {"model": "nash"}
    spec |= {"inputs": {path: {"dist": "uniform", "low": 0.0, "high": 1.0}}}
    assert load_sweep_spec(write_spec(tmp_path, spec)).inputs[path].dist == "uniform"


def test_long_names_are_shortened(tmp_path):
    name = "x" * 100_000
    text = spec_error(tmp_path, GOOD | {"inputs": {
        name: {"dist": "uniform", "low": 0.0, "high": 1.0}}})
    assert len(text) <= 1000 and "x" * 200 not in text


# ------------------------------------------------------------------ absurd sizes
def test_grid_of_ten_billion_points_is_refused_before_allocation(tmp_path):
    axis = [i / 100 for i in range(100)]
    grid = {f"parameters[{p}].value": axis for p in
            ("discount_USA", "discount_RUS", "discount_UKR", "discount_EUR", "war_cost_RUS")}
    text = spec_error(tmp_path, GOOD | {"grid": {"product": grid}})
    assert "the grid has 10,000,000,000 points (100 x 100 x 100 x 100 x 100)" in text
    assert "at most 10,000,000" in text


@pytest.mark.parametrize(("change", "needle"), [
    ({"n_draws": 10**12}, "2,000,000,000,000 model evaluations"),
    ({"replications": 10**9}, "20,000,000,000 model evaluations"),
    ({"chunk_size": 10**9}, "chunk_size is 1,000,000,000; at most 1,000,000"),
])
def test_absurd_draws_and_replications_are_refused(tmp_path, change, needle):
    text = spec_error(tmp_path, GOOD | change)
    assert needle in text


def test_absurd_smp_rounds_are_refused_before_allocation(tmp_path):
    text = spec_error(tmp_path, GOOD | {"model": "smp", "options": {"max_rounds": 10**12}})
    assert "max_rounds" in text and "TiB" in text and "4 GiB" in text


def test_mc_with_a_scenario_name_too_long_for_a_file(tmp_path, capsys):
    # ENAMETOOLONG: one short error line with the reason, never an OSError.
    out = tmp_path / "mc"
    assert main(["mc", "a" * 5000, "--n", "10", "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "File name too long" in err and len(err) < 1000
    assert not out.exists()


def test_mc_of_a_trillion_draws_is_refused_before_any_work(tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["mc", "--n", str(10**12), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "1,000,000,000,000 model evaluations" in err and "at most 100,000 chunks" in err
    assert "Traceback" not in err and len(err) < 1000
    assert not out.exists()


def test_mc_of_a_billion_draws_streams_in_bounded_chunks():
    from models.sweeps.cli import MonteCarloOptions, mc_spec
    from models.sweeps.spec import MAX_CHUNKS

    spec = mc_spec(SCENARIO, MonteCarloOptions(n=10**9, out="o"))
    assert spec.n_draws == 10**9 and -(-10**9 // spec.chunk_size) <= MAX_CHUNKS
    assert mc_spec(SCENARIO, MonteCarloOptions(n=5000, out="o")).chunk_size == 4096


# --------------------------------------------------------------- faulted folders
def _dead_pid():
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    return dead.pid


def test_folder_of_a_run_killed_before_its_manifest_is_reused(tmp_path):
    folder = tmp_path / "o"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / ".part-000000.parquet.tmp-77").write_bytes(b"half")
    (folder / ".lock").write_text(f"{socket.gethostname()} {_dead_pid()}")
    spec = SweepSpec(**TOY, n_draws=20)
    for resume in (True, False):
        res = sweep(spec, folder, executor="serial", progress=False, resume=resume)
        assert res.n_rows == 20
        if resume:
            import shutil

            shutil.rmtree(folder)
            (folder / "data").mkdir(parents=True)


def test_parts_without_a_manifest_are_explained_not_touched(tmp_path):
    folder = tmp_path / "o"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "part-000000.parquet").write_bytes(b"rows")
    with pytest.raises(SweepStoreError, match=r"holds no sweep \(manifest\.json missing; it "
                                              r"has data/part-000000\.parquet\).*delete this"):
        sweep(SweepSpec(**TOY, n_draws=20), folder, executor="serial", progress=False,
              resume=True)
    assert (folder / "data" / "part-000000.parquet").read_bytes() == b"rows"


def test_a_killed_sweep_resumes_to_the_same_rows(tmp_path):
    spec = SweepSpec(**TOY, n_draws=300, chunk_size=50)
    ref = sweep(spec, tmp_path / "ref", executor="serial", progress=False).to_frame()
    code = (
        "import sys, os, signal\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import test_hostile as t\n"
        "from models import SweepSpec, sweep\n"
        "from models.sweeps import run\n"
        "real = run.write_part\n"
        "def write_part(folder, k, table):\n"
        "    out = real(folder, k, table)\n"
        "    if k == 2: os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return out\n"
        "run.write_part = write_part\n"
        f"sweep(SweepSpec(**t.TOY, n_draws=300, chunk_size=50), {str(tmp_path / 'o')!r},"
        " executor='serial', progress=False)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120,
                          env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)})
    assert proc.returncode == -signal.SIGKILL
    assert (tmp_path / "o" / ".lock").exists()  # left by the killed process
    with pytest.raises(SweepStoreError, match="unfinished"):
        open_sweep(tmp_path / "o")
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False, resume=True)
    assert res.to_frame().equals(ref)


def test_edited_rows_in_the_manifest_are_an_error_naming_both_counts(tmp_path):
    spec = SweepSpec(**TOY, n_draws=50, chunk_size=20)
    sweep(spec, tmp_path / "o", executor="serial", progress=False)
    path = tmp_path / "o" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["chunks"][1]["rows"] = 5
    path.write_text(json.dumps(manifest))
    with pytest.raises(SweepStoreError, match=r"chunk 1 records 5 rows but holds evaluations "
                                              r"20-39 \(20 rows\)"):
        open_sweep(tmp_path / "o")
    # resume redoes the chunk whose record does not match
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False, resume=True)
    assert res.n_rows == 50 and open_sweep(tmp_path / "o").n_rows == 50


def test_empty_lock_is_not_taken_as_stale(tmp_path):
    folder = tmp_path / "o"
    folder.mkdir()
    (folder / ".lock").write_text("")
    with pytest.raises(SweepStoreError, match=r"the sweep lock is empty.*delete the \.lock file"):
        sweep(SweepSpec(**TOY, n_draws=5), folder, executor="serial", progress=False)
    assert (folder / ".lock").exists() and (folder / ".lock").read_text() == ""


def test_lock_is_never_observed_empty(tmp_path):
    from models.sweeps.run import _Lock

    lock = _Lock(tmp_path / ".lock")
    lock.acquire()
    host, pid = (tmp_path / ".lock").read_text().split()
    assert (host, int(pid)) == (socket.gethostname(), os.getpid())
    assert [p.name for p in tmp_path.iterdir()] == [".lock"]  # the temporary file is gone
    lock.release()
    assert not any(tmp_path.iterdir())


def test_stray_part_is_reported_and_ignored(tmp_path):
    spec = SweepSpec(**TOY, n_draws=30, chunk_size=10)
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    ref = res.to_frame()
    stray = tmp_path / "o" / "data" / "part-000099.parquet"
    stray.write_bytes((tmp_path / "o" / "data" / res.files[0]).read_bytes())
    with pytest.warns(UserWarning, match=r"1 file\(s\) not in manifest\.json "
                                         r"\(part-000099\.parquet\).*ignored"):
        again = open_sweep(tmp_path / "o")
    assert again.n_rows == 30 and again.to_frame().equals(ref)


# ---------------------------------------------------------------------- Ctrl-C
def _interrupt(args, tmp_path, wait_for):
    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "models.analysis.cli", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=tmp_path, text=True)
    try:
        deadline = time.monotonic() + 90
        for line in proc.stdout:  # wait until the work has started
            if wait_for in line or time.monotonic() > deadline:
                break
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=240)  # a long compiled loop may finish first
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err


def test_ctrl_c_during_analyze_is_one_line_and_130(tmp_path):
    code, err = _interrupt(["analyze", "--n", "300000", "--quiet", "--out", "res"], tmp_path,
                           "running:")
    assert code == 130, err[-2000:]
    assert "Traceback" not in err and "interrupted" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "res").exists()
    assert not list(tmp_path.glob(".res.tmp-*"))


def test_ctrl_c_during_a_process_pool_sweep_is_one_line_130_and_resumable(tmp_path):
    spec = write_spec(tmp_path, {"scenario": SCENARIO, "model": "smp", "n_draws": 20000,
                                 "chunk_size": 40, "seed": 2, "options": {"max_rounds": 20},
                                 "include": ["positions[*].salience"]})
    out = tmp_path / "o"
    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "models.analysis.cli", "sweep", str(spec),
                             "--out", str(out), "--workers", "2", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            # Two parts: the first is then marked done (a part is written just before
            # its chunk is marked, so one part alone may not be in the manifest yet).
            if len(list((out / "data").glob("part-*.parquet"))) >= 2:
                break
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: driver and workers
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err[-2000:]
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "--resume" in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert 0 < sum(c["status"] == "done" for c in manifest["chunks"]) < len(manifest["chunks"])
    assert not (out / ".lock").exists()


def test_a_lock_taken_while_a_stale_one_is_judged_is_left_in_place(tmp_path, monkeypatch):
    from models.sweeps import run

    lock_path = tmp_path / ".lock"
    dead = _dead_pid()
    lock_path.write_text(f"{socket.gethostname()} {dead}")
    fresh = f"{socket.gethostname()} {os.getpid()}"
    real_alive = run._alive

    def alive(pid):
        if pid == dead and lock_path.read_text() != fresh:
            # another process removes the stale lock and takes the folder meanwhile
            lock_path.unlink()
            lock_path.write_text(fresh)
            return False
        return real_alive(pid)

    monkeypatch.setattr(run, "_alive", alive)
    with pytest.raises(SweepStoreError, match=rf"another sweep process \(pid {os.getpid()}\)"):
        run._Lock(lock_path).acquire()
    assert lock_path.read_text() == fresh
    assert [p.name for p in tmp_path.iterdir()] == [".lock"]
