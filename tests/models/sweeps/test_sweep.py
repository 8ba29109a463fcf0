"""Tests of models.sweeps: specs, grids, seeds, executors, the Parquet store, resume, CLI."""

import hashlib
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import positions
from models import (
    SweepResult,
    SweepSpec,
    load_sweep_spec,
    monte_carlo,
    open_sweep,
    sweep,
    uncertain,
)
from models.analysis.cli import main
from models.games import ThreatModel
from models.plotting import plot_sweep_heatmap
from models.sweeps import (
    SweepGrid,
    SweepSpecError,
    SweepStoreError,
    register_sweep_model,
    sweep_models,
)
from models.war import WarModel

SCENARIO = "ukraine-ceasefire-2025-05"


# ------------------------------------------------------------------ toy models
class _Quadratic:
    """y = scale * x**2 + z, and the event x > 0.5 (array in, array out)."""

    def __init__(self, scale):
        self.scale = scale

    def __call__(self, values):
        if self.scale < 0:
            raise ValueError("toy-quadratic: scale must be >= 0")
        x = np.asarray(values["x"])
        return {"y": self.scale * x**2 + np.asarray(values["z"]), "big": x > 0.5}


def quadratic(inputs, scale=1.0):
    return _Quadratic(scale)


register_sweep_model("toy-quadratic", quadratic, needs_scenario=False,
                     description="test model: scale * x**2 + z")

TOY = {
    "scenario": None,
    "model": "toy-quadratic",
    "inputs": {"x": {"dist": "uniform", "low": 0.0, "high": 1.0},
               "z": {"dist": "uniform", "low": -1.0, "high": 1.0}},
    "seed": 11,
}


def frame_of(result):
    return result.to_frame()


def digest_folder(folder):
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


# ------------------------------------------------------------------------ grids
def test_grid_product_and_zip_order():
    # product axes first, then zip groups, last axis fastest (C order)
    grid = SweepGrid(product={"a": [1, 2]}, zip=[{"b": [0.1, 0.2, 0.3], "c": ["x", "y", "z"]}])
    assert grid.shape == (2, 3)
    assert grid.n_points == 6
    pts = grid.points()
    assert pts["a"].tolist() == [1, 1, 1, 2, 2, 2]
    assert pts["b"].tolist() == [0.1, 0.2, 0.3, 0.1, 0.2, 0.3]
    assert pts["c"].tolist() == ["x", "y", "z", "x", "y", "z"]


def test_grid_accepts_numpy_values():
    grid = SweepGrid(product={"a": np.linspace(0, 1, 3)})
    assert grid.product["a"] == (0.0, 0.5, 1.0)


@pytest.mark.parametrize(
    ("grid", "match"),
    [
        ({"product": {"a": []}}, "empty grid: 'a' has no values"),
        ({}, "empty grid: give at least one parameter"),
        ({"zip": [{"a": [1, 2], "b": [1, 2, 3]}]}, "zipped lists of unequal length: 'a' has 2"),
        ({"product": {"a": [1, "x"]}}, "mix types"),
        ({"product": {"a": [1, 1]}}, "repeats a value"),
        ({"product": {"a": [1]}, "zip": [{"a": [2]}]}, "'a' appears twice"),
        ({"product": {"a": [{"b": 1}]}}, "numbers, strings or booleans"),
    ],
)
def test_grid_errors(grid, match):
    with pytest.raises(ValueError, match=match):
        SweepGrid.model_validate(grid)


def test_registry_has_the_named_models():
    names = set(sweep_models())
    assert {"nash", "bargaining", "war", "threat", "smp", "toy-quadratic"} <= names
    assert "audience_cost" in sweep_models()["threat"].free_inputs
    assert "loss" in sweep_models()["nash"].options


def test_each_family_declares_its_models():
    from models.bargaining import BargainingModel
    from models.spatial import SMPModel

    models_ = sweep_models()
    assert models_["nash"].factory is BargainingModel
    assert models_["war"].factory is WarModel
    assert models_["threat"].factory is ThreatModel
    assert models_["smp"].factory is SMPModel
    assert models_["bargaining"].options == models_["nash"].options
    inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"))
    assert models_["bargaining"].factory(inputs).solutions == (
        "nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


def test_cli_mc_lists_the_registry(capsys):
    with pytest.raises(SystemExit):
        main(["mc", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in ("nash", "bargaining", "war", "threat", "smp"):
        assert f"{name}," in text or f"{name};" in text


def test_a_registered_model_replaces_a_declared_one():
    declared = sweep_models()["war"]
    try:
        register_sweep_model("war", quadratic, needs_scenario=False)
        assert sweep_models()["war"].factory is quadratic
    finally:
        register_sweep_model("war", declared.factory, options=declared.options,
                             free_inputs=declared.free_inputs,
                             needs_scenario=declared.needs_scenario,
                             description=declared.description)
    assert sweep_models()["war"] == declared


# ----------------------------------------------------------------- toy values
def test_toy_sweep_values_match_closed_form(tmp_path):
    # E[scale * X**2 + z] = scale / 3 + z for X ~ U(0, 1); P(X > 0.5) = 1/2.
    spec = SweepSpec(**TOY, n_draws=4000,
                     grid={"product": {"scale": [1.0, 3.0], "z": [-0.5, 0.25]}})
    res = sweep(spec, tmp_path / "out", executor="serial", progress=False)
    assert isinstance(res, SweepResult)
    assert res.n_points == 4 and res.n_rows == 16000
    summ = res.summary(["y", "big"])
    y = summ[summ.output == "y"]
    expected = y["scale"] / 3 + y["z"]
    assert np.all(np.abs(y["mean"] - expected) < 4 * y["se"])
    big = summ[summ.output == "big"]
    assert np.all(np.abs(big["mean"] - 0.5) < 4 * big["se"])
    frame = res.to_frame()
    assert list(frame.columns) == ["point", "scale", "z", "replication", "draw", "y", "big"]
    # z is fixed at each point: y - z = scale * x**2 stays in [0, scale]
    r = (frame["y"] - frame["z"]) / frame["scale"]
    assert r.min() >= 0 and r.max() <= 1


def test_same_seed_same_rows_other_seed_other_rows(tmp_path):
    base = dict(TOY, n_draws=300, grid={"product": {"z": [0.0, 0.5]}})
    a = sweep(SweepSpec(**base), tmp_path / "a", executor="serial", progress=False)
    b = sweep(SweepSpec(**base), tmp_path / "b", executor="serial", progress=False)
    c = sweep(SweepSpec(**(base | {"seed": 12})), tmp_path / "c", executor="serial",
              progress=False)
    pd.testing.assert_frame_equal(frame_of(a), frame_of(b), check_exact=True)
    assert not np.array_equal(frame_of(a)["y"], frame_of(c)["y"])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunk=st.integers(1, 700), reps=st.integers(1, 3), n=st.integers(1, 150))
def test_rows_do_not_depend_on_chunk_size(tmp_path_factory, chunk, reps, n):
    base = dict(TOY, n_draws=n, replications=reps, grid={"zip": [{"z": [0.0, 1.0, 2.0],
                                                                 "scale": [1.0, 2.0, 3.0]}]})
    folder = tmp_path_factory.mktemp("chunks")
    ref = sweep(SweepSpec(**base, chunk_size=10**6), folder / "ref", executor="serial",
                progress=False)
    got = sweep(SweepSpec(**base, chunk_size=chunk), folder / "got", executor="serial",
                progress=False)
    assert len(got.files) == -(-3 * reps * n // chunk)
    pd.testing.assert_frame_equal(frame_of(ref), frame_of(got), check_exact=True)


def test_replications_have_their_own_seeds(tmp_path):
    spec = SweepSpec(**TOY, n_draws=50, replications=3, grid={"product": {"z": [0.0]}})
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    frame = res.to_frame()
    ys = [frame.loc[frame.replication == r, "y"].to_numpy() for r in range(3)]
    assert not np.array_equal(ys[0], ys[1]) and not np.array_equal(ys[1], ys[2])
    assert len({res.run_seed(0, r) for r in range(3)}) == 3


def test_common_draws_share_the_uncertain_inputs(tmp_path):
    grid = {"product": {"z": [0.0, 0.5, 1.0]}}
    common = sweep(SweepSpec(**TOY, n_draws=100, common_draws=True, keep_draws=True, grid=grid),
                   tmp_path / "c", executor="serial", progress=False).to_frame()
    xs = [common.loc[common.point == p, "x"].to_numpy() for p in range(3)]
    assert np.array_equal(xs[0], xs[1]) and np.array_equal(xs[0], xs[2])
    # common random numbers: differences between points are exactly the shift of z
    y = [common.loc[common.point == p, "y"].to_numpy() for p in range(3)]
    np.testing.assert_allclose(y[1] - y[0], 0.5)
    own = sweep(SweepSpec(**TOY, n_draws=100, keep_draws=True, grid=grid), tmp_path / "o",
                executor="serial", progress=False).to_frame()
    assert not np.array_equal(own.loc[own.point == 0, "x"], own.loc[own.point == 1, "x"])


# ----------------------------------------------------------- scenario models
THREAT_SPEC = dict(
    model="threat", n_draws=300, seed=20250519, replications=2,
    include=("parameters[*]", "beliefs[b_RUS_four_regions]*"),
    inputs={"audience_cost": {"dist": "uniform", "low": 0.0, "high": 0.1}},
    grid={"product": {"parameters[discount_USA].value": [0.7, 0.95],
                      "parameters[sanctions_cost_RUS].value": [0.02, 0.2]}},
)


def test_each_point_is_a_monte_carlo_run_of_the_mc_layer(tmp_path):
    res = sweep(SweepSpec(**THREAT_SPEC), tmp_path / "o", executor="serial", progress=False)
    frame = res.to_frame()
    scenario = positions.load(SCENARIO)
    for p in (0, 3):
        values = res.points().loc[p]
        fixed = {k: positions.Fixed(value=float(values[k])) for k in res.parameters}
        inputs = uncertain(scenario, include=list(THREAT_SPEC["include"]),
                           inputs={"audience_cost": positions.Uniform(low=0.0, high=0.1),
                                   **fixed})
        for r in range(2):
            mc = monte_carlo(ThreatModel(inputs), inputs, 300, rng=res.run_seed(p, r),
                             progress=False)
            rows = frame[(frame.point == p) & (frame.replication == r)]
            for name in ("credible", "deters", "deterrence_margin"):
                np.testing.assert_array_equal(rows[name].to_numpy(), mc.outputs[name])


def test_reproducible_across_executors_chunks_and_workers(tmp_path):
    frames = []
    for i, (executor, workers, chunk) in enumerate(
            [("serial", None, 4096), ("serial", None, 77), ("processes", 1, 250),
             ("processes", 2, 128)]):
        spec = SweepSpec(**THREAT_SPEC, chunk_size=chunk)
        res = sweep(spec, tmp_path / f"o{i}", executor=executor, workers=workers,
                    progress=False)
        frames.append(res.to_frame())
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frames[0], frame, check_exact=True)
    assert len(frames[0]) == 4 * 2 * 300


def test_single_runs_war_range_closed_form(tmp_path):
    # Fearon (1995): the bargaining range is [p - c_A, p + c_B] within [0, 1]; here
    # p = parameters[p_russia_prevails] = 0.2 and c_B = war_cost_UKR = 0.3 (point values),
    # and the war role's shift (arms_cutoff_effect = 0.2) adds 0.2 to p.
    spec = SweepSpec(model="war", run="single", seed=0, grid={
        "product": {"parameters[war_cost_RUS].value": [0.05, 0.15, 0.3]},
        "zip": [{"shift": [False, True]}]})
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    frame = res.to_frame()
    assert "draw" not in frame.columns and len(frame) == 6
    p = 0.2 + 0.2 * frame["shift"].astype(float)
    c_a = frame["parameters[war_cost_RUS].value"]
    expected = np.minimum(p + 0.3, 1) - np.maximum(p - c_a, 0)
    np.testing.assert_allclose(frame["range_width"], expected)
    # one model run at the point values equals WarModel evaluated there
    inputs = uncertain(positions.load(SCENARIO), include="parameters[*]")
    model = WarModel(inputs)
    values = {x.name: np.array([x.value]) for x in inputs.inputs}
    values["parameters[war_cost_RUS].value"] = np.array([0.15])
    assert model(values)["range_width"][0] == pytest.approx(frame["range_width"][2])


def test_free_input_swept_threat_credibility_threshold(tmp_path):
    # The threat is credible iff a_U > delta_U * s_U (threat_credibility; Schelling 1960,
    # Fearon 1994): with the scenario's delta_U = 0.85, s_U = 0.05 the threshold is 0.0425.
    spec = SweepSpec(model="threat", run="single", seed=0,
                     grid={"product": {"audience_cost": [0.0, 0.03, 0.05, 0.1]}})
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    assert res.to_frame()["credible"].tolist() == [False, False, True, True]


def test_nash_model_runs_over_the_outcome_space(tmp_path):
    spec = SweepSpec(model="nash", n_draws=64, seed=1, include=("positions[RUS/*]",),
                     grid={"product": {"loss": ["linear", "quadratic"]}})
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    assert {"zopa", "nash.outcome", "nash.territory"} <= set(res.outputs)
    assert res.to_frame()["loss"].tolist() == ["linear"] * 64 + ["quadratic"] * 64


# ------------------------------------------------------------------ bad specs
def write_spec(folder, data, name="spec.yaml"):
    path = Path(folder) / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


GOOD = {"scenario": SCENARIO, "model": "threat", "n_draws": 10, "seed": 1,
        "grid": {"product": {"parameters[discount_USA].value": [0.8, 0.9]}}}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"grid": {"product": {"positions[RUS/nowhere].salience": [0.1]}}},
         r"grid\.product\.positions\[RUS/nowhere\]\.salience: 'positions\[RUS/nowhere\]"
         r"\.salience' is not a path of an estimate"),
        ({"grid": {"product": {"patience": [0.1]}}}, r"grid\.product\.patience: unknown "
                                                      r"parameter 'patience'"),
        ({"model": "nashh"}, r"model: unknown model 'nashh' .*did you mean 'nash'"),
        ({"grid": {"product": {"parameters[discount_USA].value": []}}},
         r"grid\.product: empty grid: 'parameters\[discount_USA\]\.value' has no values"),
        ({"grid": {}}, "grid: empty grid"),
        ({"grid": {"zip": [{"parameters[discount_USA].value": [0.8, 0.9],
                            "parameters[discount_RUS].value": [0.9]}]}},
         "zipped lists of unequal length"),
        ({"n_draws": "many"}, r"n_draws: Input should be a valid integer"),
        ({"replications": 1.5}, "replications: Input should be a valid integer"),
        ({"seed": -1}, "seed: -1 is below 0"),
        ({"seed": 1.5}, "seed: Input should be a valid integer"),
        ({"seed": "abc"}, "seed: Input should be a valid integer"),
        ({"seed": True}, "seed: Input should be a valid integer"),
        ({"sampler": "magic"}, "sampler: 'magic' is not one of"),
        ({"unknown_field": 1}, "unknown_field: unknown field"),
        ({"grid": {"product": {"positions[RUS/territory].salience": [0.5, 1.4]}}},
         r"positions\[RUS/territory\]\.salience\[1\]: .*1\.4 is above 1"),
        ({"grid": {"product": {"parameters[discount_USA].value": ["high", "low"]}}},
         "must be numbers"),
        ({"model": "nash", "options": {"loss": "cubic"}},
         r"model: 'nash' cannot be built: The 'loss' parameter of BargainingModel"),
        ({"options": {"los": 1}}, r"options\.los: not an option of model 'threat'"),
        ({"run": "single", "n_draws": 10}, "n_draws is for run: monte_carlo"),
        ({"scenario": "no-such-scenario"}, "scenario: no-such-scenario: no such file"),
        ({"scenario": None}, "scenario: model 'threat' needs a scenario"),
    ],
)
def test_bad_spec_clear_error_before_any_output(tmp_path, capsys, change, match):
    path = write_spec(tmp_path, GOOD | change)
    with pytest.raises(SweepSpecError, match=match) as info:
        load_sweep_spec(path)
    assert str(info.value).startswith(str(path) + ": ")
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--quiet"]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err


def test_bad_spec_from_python_raises_before_writing(tmp_path):
    spec = SweepSpec(**(GOOD | {"grid": {"product": {"parameters[nope].value": [1.0]}}}))
    with pytest.raises(SweepSpecError, match=r"sweep spec: grid\.product\.parameters\[nope\]"):
        sweep(spec, tmp_path / "out", executor="serial", progress=False)
    assert not (tmp_path / "out").exists()


def test_bad_spec_files(tmp_path):
    with pytest.raises(SweepSpecError, match="no such file"):
        load_sweep_spec(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("grid: [unclosed\n")
    with pytest.raises(SweepSpecError, match="malformed YAML at line 2"):
        load_sweep_spec(bad)
    bad.write_text("- a list\n")
    with pytest.raises(SweepSpecError, match="must be a mapping of spec fields"):
        load_sweep_spec(bad)


def test_bad_arguments(tmp_path):
    spec = SweepSpec(**TOY, n_draws=5)
    with pytest.raises(ValueError, match="The 'workers' parameter of sweep must be an int >= 1"):
        sweep(spec, tmp_path / "o", workers=0)
    with pytest.raises(ValueError, match="The 'executor' parameter of sweep"):
        sweep(spec, tmp_path / "o", executor="threads")
    with pytest.raises(TypeError, match="The 'executor' parameter of sweep"):
        sweep(spec, tmp_path / "o", executor=object())


def test_relative_scenario_file_resolves_against_the_spec(tmp_path):
    scenario = positions.load(SCENARIO)
    (tmp_path / "cases").mkdir()
    scenario.to_yaml(tmp_path / "cases" / "case.yaml", embed_sources=True)
    path = write_spec(tmp_path / "cases", GOOD | {"scenario": "case.yaml"})
    spec = load_sweep_spec(path)
    assert Path(spec.scenario) == (tmp_path / "cases" / "case.yaml").resolve()


# ---------------------------------------------------------- the output folder
def test_manifest_and_parts(tmp_path):
    spec = SweepSpec(**TOY, n_draws=100, chunk_size=64, grid={"product": {"z": [0.0, 1.0]}})
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert manifest["seed"] == 11 and manifest["spec"]["model"] == "toy-quadratic"
    assert manifest["version"] and manifest["format"] == "stances-sweep/1"
    assert len(manifest["chunks"]) == 4 == len(res.files)
    assert sum(c["rows"] for c in manifest["chunks"]) == 200
    for chunk in manifest["chunks"]:
        assert chunk["status"] == "done"
        part = tmp_path / "o" / "data" / chunk["file"]
        assert hashlib.sha256(part.read_bytes()).hexdigest() == chunk["sha256"]
    # the data folder is a plain Parquet dataset
    assert len(pd.read_parquet(tmp_path / "o" / "data")) == 200


def test_seed_none_is_drawn_and_recorded(tmp_path):
    spec = SweepSpec(**(TOY | {"seed": None}), n_draws=20)
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    assert isinstance(res.seed, int) and res.seed > 0
    again = sweep(spec, tmp_path / "o", executor="serial", progress=False, resume=True)
    assert again.seed == res.seed


def test_refuses_other_sweeps_and_foreign_folders(tmp_path):
    spec = SweepSpec(**TOY, n_draws=50, grid={"product": {"z": [0.0, 1.0]}})
    sweep(spec, tmp_path / "o", executor="serial", progress=False)
    before = digest_folder(tmp_path / "o")
    other = SweepSpec(**(TOY | {"seed": 99}), n_draws=50, grid={"product": {"z": [0.0, 1.0]}})
    with pytest.raises(SweepStoreError, match=r"holds a different sweep \(differs in: seed\)"):
        sweep(other, tmp_path / "o", executor="serial", progress=False)
    with pytest.raises(SweepStoreError, match="holds a different sweep"):
        sweep(other, tmp_path / "o", executor="serial", progress=False, resume=True)
    with pytest.raises(SweepStoreError, match="already holds this sweep"):
        sweep(spec, tmp_path / "o", executor="serial", progress=False)
    assert digest_folder(tmp_path / "o") == before
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("mine")
    with pytest.raises(SweepStoreError, match="not empty and holds no sweep"):
        sweep(spec, tmp_path / "foreign", executor="serial", progress=False)
    assert [p.name for p in (tmp_path / "foreign").iterdir()] == ["notes.txt"]


def test_resume_of_a_finished_sweep_changes_nothing(tmp_path):
    spec = SweepSpec(**TOY, n_draws=50, chunk_size=30)
    first = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    parts = {f: (tmp_path / "o" / "data" / f).read_bytes() for f in first.files}
    again = sweep(spec, tmp_path / "o", executor="serial", progress=False, resume=True)
    assert again.files == first.files
    assert {f: (tmp_path / "o" / "data" / f).read_bytes() for f in again.files} == parts


def test_corrupt_missing_stray_and_unrecorded_parts_are_redone(tmp_path):
    spec = SweepSpec(**TOY, n_draws=40, chunk_size=25, grid={"product": {"z": [0.0, 1.0]}})
    ref = sweep(spec, tmp_path / "o", executor="serial", progress=False).to_frame()
    data = tmp_path / "o" / "data"
    # a part file cut short, as a crash of some other program or a full disk would leave it
    raw = (data / "part-000001.parquet").read_bytes()
    (data / "part-000001.parquet").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(SweepStoreError, match=r"part-000001\.parquet: missing or altered"):
        open_sweep(tmp_path / "o")
    (data / "part-000002.parquet").unlink()
    (data / ".part-000003.parquet.tmp-4242").write_bytes(b"half a file")
    # chunk 0 finished but the manifest was not flushed: pending with a part on disk
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    manifest["chunks"][0].update(status="pending", rows=None, file=None, sha256=None)
    (tmp_path / "o" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SweepStoreError, match=r"unfinished \(3 of 4 chunks done\)"):
        open_sweep(tmp_path / "o")
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False, resume=True)
    assert not list(data.glob(".part-*"))
    pd.testing.assert_frame_equal(res.to_frame(), ref, check_exact=True)
    pd.testing.assert_frame_equal(open_sweep(tmp_path / "o").to_frame(), ref, check_exact=True)


def test_a_failing_model_keeps_finished_chunks(tmp_path):
    spec = SweepSpec(**TOY, n_draws=10, chunk_size=10,
                     grid={"product": {"scale": [1.0, 2.0, -1.0]}})
    # the model fails when evaluated at the third point only
    with pytest.raises(ValueError, match="scale must be >= 0"):
        sweep(spec, tmp_path / "o", executor="serial", progress=False)
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert [c["status"] for c in manifest["chunks"]] == ["done", "done", "pending"]


def test_lock_refuses_a_second_writer_and_takes_over_a_stale_one(tmp_path):
    spec = SweepSpec(**TOY, n_draws=20)
    folder = tmp_path / "o"
    folder.mkdir()
    lock = folder / ".lock"
    lock.write_text(f"{socket.gethostname()} {os.getpid()}")  # a live writer
    with pytest.raises(SweepStoreError, match=rf"another sweep process \(pid {os.getpid()}\)"):
        sweep(spec, folder, executor="serial", progress=False)
    assert lock.exists() and not (folder / "manifest.json").exists()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock.write_text(f"{socket.gethostname()} {dead.pid}")  # its process is gone
    res = sweep(spec, folder, executor="serial", progress=False)
    assert res.n_rows == 20 and not lock.exists()


# ---------------------------------------------------- factories from Python
def test_python_factory_models_in_processes(tmp_path):
    base = dict(TOY, model=quadratic, n_draws=200, chunk_size=150,
                grid={"product": {"scale": [1.0, 2.0]}})
    serial = sweep(SweepSpec(**base), tmp_path / "s", executor="serial", progress=False)
    pooled = sweep(SweepSpec(**base), tmp_path / "p", executor="processes", workers=2,
                   progress=False)
    pd.testing.assert_frame_equal(serial.to_frame(), pooled.to_frame(), check_exact=True)
    assert serial.spec.model.endswith(":quadratic")  # recorded by name in the manifest
    # a lambda cannot be pickled by reference; it travels with cloudpickle
    lam = dict(base, model=lambda inputs, scale=1.0: _Quadratic(scale))
    pooled_lambda = sweep(SweepSpec(**lam), tmp_path / "l", executor="processes", workers=2,
                          progress=False)
    pd.testing.assert_frame_equal(serial.to_frame(), pooled_lambda.to_frame(),
                                  check_exact=True)


def test_model_with_wrong_outputs_is_reported(tmp_path):
    def bad(inputs):
        return lambda values: {"y": np.zeros(3)}

    spec = SweepSpec(**(TOY | {"model": bad}), n_draws=10)
    with pytest.raises(ValueError, match=r"must return arrays of shape \(n,\) = \(10,\)"):
        sweep(spec, tmp_path / "o", executor="serial", progress=False)

    def clash(inputs):
        return lambda values: {"point": np.zeros(10)}

    spec = SweepSpec(**(TOY | {"model": clash}), n_draws=10)
    with pytest.raises(ValueError, match="outputs named like sweep columns"):
        sweep(spec, tmp_path / "p", executor="serial", progress=False)


# ----------------------------------------------------------- results, plots
def test_summary_to_frame_and_points(tmp_path):
    spec = SweepSpec(**TOY, n_draws=200, replications=2, grid={"product": {"z": [0.0, 1.0]}})
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    frame = res.to_frame()
    summ = res.summary()
    assert list(summ["output"].unique()) == ["y", "big"]
    for p in (0, 1):
        y = frame.loc[frame.point == p, "y"]
        row = summ[(summ.point == p) & (summ.output == "y")].iloc[0]
        assert row["n"] == 400
        assert row["mean"] == pytest.approx(y.mean())
        assert row["q0.5"] == pytest.approx(y.quantile(0.5))
    assert res.points()["z"].tolist() == [0.0, 1.0]
    assert list(res.to_frame(["point", "y"]).columns) == ["point", "y"]
    with pytest.raises(ValueError, match=r"The 'columns' parameter of SweepResult\.to_frame"):
        res.to_frame(["nope"])
    with pytest.raises(ValueError, match=r"The 'outputs' parameter of SweepResult\.summary"):
        res.summary(["nope"])
    with pytest.raises(ValueError, match=r"The 'replication' parameter of SweepResult\.run_seed"):
        res.run_seed(0, 2)


def test_heatmap_cells_are_the_point_means(tmp_path):
    import matplotlib.pyplot as plt

    spec = SweepSpec(**TOY, n_draws=50, grid={"product": {"scale": [1.0, 2.0, 4.0],
                                                          "z": [0.0, 1.0]}})
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    ax = res.plot(value="y")
    cells = np.asarray(ax.images[0].get_array())
    assert cells.shape == (2, 3)  # rows: z, columns: scale
    summ = res.summary(["y"]).set_index(["scale", "z"])["mean"]
    for i, z in enumerate([0.0, 1.0]):
        for j, scale in enumerate([1.0, 2.0, 4.0]):
            assert cells[i, j] == pytest.approx(summ[(scale, z)])
    assert ax.get_xlabel() == "scale" and ax.get_ylabel() == "z"
    _, own = plt.subplots()
    assert plot_sweep_heatmap(res, ax=own, x="z", y="scale", value="big") is own
    assert own.get_title() == "P(big)"
    with pytest.raises(ValueError, match="The 'x' parameter of plot_sweep_heatmap"):
        res.plot(x="nope")
    with pytest.raises(ValueError, match="The 'value' parameter of plot_sweep_heatmap"):
        res.plot(value="scale")
    plt.close("all")


def test_heatmap_of_one_parameter_is_one_row(tmp_path):
    import matplotlib.pyplot as plt

    spec = SweepSpec(**TOY, n_draws=20, grid={"product": {"z": [0.0, 1.0, 2.0]}})
    res = sweep(spec, tmp_path / "o", executor="serial", progress=False)
    assert np.asarray(res.plot().images[0].get_array()).shape == (1, 3)
    plt.close("all")


def test_progress_bar_and_quiet(tmp_path, capsys):
    spec = SweepSpec(**TOY, n_draws=100, chunk_size=50)
    sweep(spec, tmp_path / "a", executor="serial", progress=True)
    err = capsys.readouterr().err
    assert "sweep" in err and "100/100" in err and "draw/s" in err
    sweep(spec, tmp_path / "b", executor="serial", progress=False)
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------------- CLI
def test_cli_mc_is_a_one_point_monte_carlo_run(tmp_path, capsys):
    out = tmp_path / "mc"
    argv = ["mc", SCENARIO, "--n", "300", "--model", "threat", "--seed", "7", "--workers", "1",
            "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "credible" in printed and "300 draws" in printed
    res = open_sweep(out)
    assert res.n_points == 1 and res.n_rows == 300 and res.seed == 7
    inputs = uncertain(positions.load(SCENARIO))
    mc = monte_carlo(ThreatModel(inputs), inputs, 300, rng=res.run_seed(0), progress=False)
    np.testing.assert_array_equal(res.to_frame()["credibility_margin"],
                                  mc.outputs["credibility_margin"])
    assert main([*argv, "--resume", "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert main([*argv, "--quiet"]) == 1
    assert "already holds this sweep" in capsys.readouterr().err


def test_cli_sweep_seed_override_and_usage_errors(tmp_path, capsys):
    path = write_spec(tmp_path, GOOD)
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "--seed", "5",
                 "--workers", "1"]) == 0
    assert "2 points" in capsys.readouterr().out
    assert open_sweep(tmp_path / "o").seed == 5
    assert main(["sweep", str(path), "--out", str(tmp_path / "p"), "--workers", "0"]) == 2
    assert main(["mc", "--n", "0", "--out", str(tmp_path / "q")]) == 2
    assert main(["sweep", str(path), "--out", str(tmp_path / "r"), "--workers", "2",
                 "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert main(["mc", SCENARIO, "--n", "5", "--model", "nope", "--out",
                 str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "unknown model 'nope'" in err and "Traceback" not in err
    assert not (tmp_path / "s").exists()
    with pytest.raises(SystemExit) as info:
        main(["sweep", str(path)])  # --out is required
    assert info.value.code == 2


def test_example_spec_is_valid():
    example = Path(__file__).resolve().parents[3] / "examples" / "sweep_patience.yaml"
    spec = load_sweep_spec(example)
    assert spec.model == "threat" and spec.grid is not None and spec.grid.n_points == 25


# ----------------------------------------------------------------------- dask
def test_dask_local_cluster_gives_the_process_pool_rows(tmp_path):
    distributed = pytest.importorskip("distributed")
    spec = SweepSpec(**THREAT_SPEC, chunk_size=200)
    ref = sweep(spec, tmp_path / "pool", executor="processes", workers=2,
                progress=False).to_frame()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        via_client = sweep(spec, tmp_path / "client", executor=client, progress=False)
        via_executor = sweep(spec, tmp_path / "executor", executor=client.get_executor(),
                             progress=False)
        data = spec.model_dump(mode="json", exclude={"chunk_size"}) | {"chunk_size": 200}
        path = write_spec(tmp_path, data)
        assert main(["sweep", str(path), "--out", str(tmp_path / "cli"), "--scheduler",
                     cluster.scheduler_address, "--quiet"]) == 0
    pd.testing.assert_frame_equal(via_client.to_frame(), ref, check_exact=True)
    pd.testing.assert_frame_equal(via_executor.to_frame(), ref, check_exact=True)
    pd.testing.assert_frame_equal(open_sweep(tmp_path / "cli").to_frame(), ref, check_exact=True)


# ------------------------------------------------------------- kill + resume
HELPER = textwrap.dedent('''
    """Test-only sweep model: the threat game, slowed down by a sleep per call."""
    import time

    from models.games import ThreatModel
    from models.sweeps import register_sweep_model


    class SlowThreat:
        def __init__(self, inputs, delay):
            self.model = ThreatModel(inputs)
            self.delay = delay

        def __call__(self, values):
            time.sleep(self.delay)
            return self.model(values)


    def slow_threat(inputs, delay=0.0):
        return SlowThreat(inputs, delay)


    register_sweep_model("slow-threat", slow_threat, free_inputs=("audience_cost",))
''')


def run_cli(helper_dir, *args, wait=True):
    code = ("import sys; import sweep_test_helper; from models.analysis.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(helper_dir), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    if wait:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    return proc


@pytest.mark.slow
def test_killed_sweep_resumes_to_the_uninterrupted_rows(tmp_path, monkeypatch):
    (tmp_path / "sweep_test_helper.py").write_text(HELPER)
    data = {"scenario": SCENARIO, "model": "slow-threat", "options": {"delay": 0.15},
            "n_draws": 90, "seed": 3, "chunk_size": 40,
            "include": ["parameters[*]"],
            "grid": {"product": {"parameters[discount_USA].value": [0.7, 0.8, 0.9],
                                 "audience_cost": [0.01, 0.05]}}}
    path = write_spec(tmp_path, data)
    out = tmp_path / "killed"
    proc = run_cli(tmp_path, "sweep", str(path), "--out", str(out), "--workers", "2",
                   "--quiet", wait=False)
    deadline = time.monotonic() + 90
    done = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            manifest = out / "manifest.json"
            if manifest.exists():
                chunks = json.loads(manifest.read_text())["chunks"]
                done = sum(c["status"] == "done" for c in chunks)
                if done >= 2:
                    break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its worker processes
        _, err = proc.communicate(timeout=30)
    assert done >= 2, err
    assert proc.returncode == -signal.SIGKILL
    chunks = json.loads((out / "manifest.json").read_text())["chunks"]
    assert 2 <= sum(c["status"] == "done" for c in chunks) < len(chunks) == 14
    with pytest.raises(SweepStoreError, match="unfinished"):
        open_sweep(out)
    run_cli(tmp_path, "sweep", str(path), "--out", str(out), "--workers", "2", "--resume",
            "--quiet")
    resumed = open_sweep(out).to_frame()
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("sweep_test_helper")  # registers slow-threat here too
    reference = sweep(path, tmp_path / "reference", executor="serial", progress=False
                      ).to_frame()
    assert len(reference) == 6 * 90
    pd.testing.assert_frame_equal(resumed, reference, check_exact=True)
    assert reference.groupby("point").size().tolist() == [90] * 6
