"""Throughput and memory of Monte Carlo over the Nash bargaining solution (models.monte_carlo).

Run: ``python benchmarks/bench_montecarlo.py`` (about two minutes on 2 cores). It reports:

1. The built-in scenario ``ukraine-ceasefire-2025-05``: 10^6 draws of every coded
   uncertainty of the positions, capabilities and disagreement points (88 inputs), the
   Nash solution over its 46,656-outcome space (:class:`models.bargaining.BargainingModel`), in one
   process and in two worker processes (``ProcessPoolExecutor``): draws per second, the
   speed-up, whether the outputs are bit-identical, and the peak resident memory.
2. The same case with two red lines relaxed and the acceptable ranges held at their
   point values, so that a zone of possible agreement exists in most draws and every
   draw runs the whole Nash computation.
3. A synthetic 3,125-outcome (5 issues x 5 options), 5-actor Nash model (60 uncertain
   inputs), side by side with the EMA Workbench's ``SequentialEvaluator`` running the
   same model one experiment at a time, if ``ema_workbench`` is importable by
   ``--ema-python`` (default ``/tmp/benchenv/bin/python``; never installed into the
   project's venv). Both sides choose the same outcome on EMA's own experiments.

Options: ``--draws N`` (default 10^6), ``--workers K`` (default 2), ``--ema-experiments M``
(default 3000), ``--ema-python PATH``.
"""

from __future__ import annotations

import os

# one BLAS thread per process, so that processes (not threads) use the cores
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import numpy as np  # noqa: E402

if TYPE_CHECKING:
    from models import MonteCarloResult, UncertainInputs
    from models.bargaining import BargainingModel

N_ISSUES, N_LEVELS, N_ACTORS = 5, 5, 5
LEVELS = np.linspace(0.0, 100.0, N_LEVELS)


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its finished children, in MB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def built_in_inputs(relaxed: bool) -> UncertainInputs:
    import positions
    from models import uncertain

    s = positions.load("ukraine-ceasefire-2025-05")
    include = ["positions[*]", "actors[*]", "disagreement[*]"]
    if not relaxed:
        return uncertain(s, include=include)
    data = s.model_dump()
    for p in data["positions"]:
        if (p["actor"], p["issue"]) == ("EUR", "ceasefire"):
            p["acceptable"]["low"] |= {"value": 40.0, "uncertainty": {"dist": "fixed"}}
        if (p["actor"], p["issue"]) == ("USA", "nato"):
            p["acceptable"]["low"] |= {"value": 0.0, "uncertainty": {"dist": "fixed"}}
    relaxed_s = positions.Scenario.from_dict(data)
    return uncertain(relaxed_s, include=include, exclude="*acceptable*")


def synthetic_base(seed: int = 7) -> dict[str, np.ndarray]:
    """Point values of the synthetic model: modes of ideals, saliences, capabilities, d."""
    rng = np.random.default_rng(seed)
    return {
        "ideal": rng.uniform(0, 100, (N_ACTORS, N_ISSUES)).round(),
        "salience": rng.uniform(0.2, 0.9, (N_ACTORS, N_ISSUES)).round(2),
        "capability": rng.uniform(0.3, 1.0, N_ACTORS).round(2),
        "d": rng.uniform(0.05, 0.2, N_ACTORS).round(2),
    }


def synthetic_inputs() -> UncertainInputs:
    """A 5-issue, 5-option, 5-actor scenario (3,125 outcomes) with 60 uncertain inputs.

    Ideal points are uncertain over the whole scale and there are no red lines, so no
    outcome can be pruned: every draw solves the full 3,125 x 5 problem.
    """
    import positions
    from models import uncertain

    base = synthetic_base()

    def est(value: float, dist: dict[str, object]) -> dict[str, object]:
        return {"value": float(value), "uncertainty": dist, "rationale": "synthetic"}

    actors = [f"A{i}" for i in range(N_ACTORS)]
    issues = [f"i{k}" for k in range(N_ISSUES)]
    data = {
        "id": "synthetic", "title": "Synthetic 3,125-outcome Nash model", "date": "2025-05-19",
        "actors": [{"id": a, "name": a, "kind": "state", "capability": est(
            base["capability"][i], {"dist": "uniform", "low": 0.2, "high": 1.2})}
            for i, a in enumerate(actors)],
        "issues": [{"id": k, "label": k, "description": k,
                    "status_quo": est(50.0, {"dist": "fixed"}),
                    "options": [{"id": f"{k}_{j}", "label": f"{v:g}", "value": float(v)}
                                for j, v in enumerate(LEVELS)]} for k in issues],
        "positions": [{"actor": a, "issue": k, "kind": "preference", "basis": "coded",
                       "ideal": est(base["ideal"][i, j],
                                    {"dist": "triangular", "low": 0.0,
                                     "mode": float(base["ideal"][i, j]), "high": 100.0}),
                       "salience": est(base["salience"][i, j],
                                       {"dist": "uniform", "low": 0.1, "high": 1.0}),
                       "rationale": "synthetic"}
                      for i, a in enumerate(actors) for j, k in enumerate(issues)],
        "disagreement": [{"actor": a, "utility": est(base["d"][i], {
            "dist": "uniform", "low": 0.0, "high": 0.3})} for i, a in enumerate(actors)],
    }
    return uncertain(positions.Scenario.from_dict(data))


def _warm(_: int) -> float:
    """Import the package in a worker (process start-up is not part of the timing)."""
    import models  # noqa: F401

    time.sleep(0.2)  # keep this worker busy so that the other one gets a task too
    return time.process_time()  # the CPU time of start-up, left out of the busy cores


def run(model: BargainingModel, inputs: UncertainInputs, n: int, workers: int,
        chunk: int) -> tuple[MonteCarloResult, float, float]:
    """Time one run; also return the cores the workers kept busy (CPU time / wall time)."""
    from models import monte_carlo

    if workers > 1:
        before = os.times()
        with ProcessPoolExecutor(workers) as pool:
            warm = sum(pool.map(_warm, range(workers)))
            start = time.perf_counter()
            res = monte_carlo(model, inputs, n, rng=2025, chunk_size=chunk, executor=pool,
                              keep_draws=False, progress=False)
            wall = time.perf_counter() - start
        after = os.times()
        cpu = (after.children_user - before.children_user
               + after.children_system - before.children_system - warm)
        return res, wall, cpu / wall
    start = time.perf_counter()
    res = monte_carlo(model, inputs, n, rng=2025, chunk_size=chunk, keep_draws=False,
                      progress=False)
    return res, time.perf_counter() - start, 1.0


def report_case(title: str, inputs: UncertainInputs, n: int, workers: int,
                chunk: int) -> dict[str, float]:
    from models.bargaining import BargainingModel

    model = BargainingModel(inputs)
    print(f"\n{title}")
    print(f"  inputs: {inputs.n_inputs}; outcomes: {model.space_full.n_outcomes:,} "
          f"(after exact pruning: {model.candidates.n_outcomes:,}); draws: {n:,}")
    serial, t1, _ = run(model, inputs, n, 1, chunk)
    print(f"  1 process : {t1:7.2f} s  {n / t1:12,.0f} draws/s  "
          f"P(ZOPA) = {serial.probability('zopa').estimate:.4f}")
    out = {"draws_per_s_1": n / t1}
    if workers > 1:
        par, t2, busy = run(model, inputs, n, workers, chunk)
        same = all(np.array_equal(serial.outputs[k], par.outputs[k], equal_nan=True)
                   for k in serial.outputs)
        print(f"  {workers} processes: {t2:7.2f} s  {n / t2:12,.0f} draws/s  "
              f"speed-up {t1 / t2:.2f}x  identical outputs: {same}  "
              f"(workers kept {busy:.2f} cores busy; under {workers} means the cores were shared)")
        out |= {"draws_per_s_k": n / t2, "speedup": t1 / t2, "identical": float(same)}
    me, kids = peak_rss_mb()
    print(f"  peak RSS: this process {me:,.0f} MB, largest worker {kids:,.0f} MB")
    return out


# ------------------------------------------------------------------ the EMA side
EMA_SIDE = r'''
import json, sys, time
import numpy as np
from ema_workbench import Model, RealParameter, ScalarOutcome, SequentialEvaluator
from ema_workbench import ema_logging

cfg = json.loads(sys.argv[1])
levels = np.array(cfg["levels"])
n_issues, n_actors = cfg["n_issues"], cfg["n_actors"]
names, bounds = cfg["names"], cfg["bounds"]
grids = np.meshgrid(*([levels] * n_issues), indexing="ij")
points = np.stack([g.ravel() for g in grids], axis=1)           # (3125, n_issues), C order

def nash(**kw):
    x = np.array([kw[f"p{j}"] for j in range(len(names))])
    cap = x[:n_actors]
    ideal = x[n_actors:n_actors + n_actors * n_issues].reshape(n_actors, n_issues)
    sal = x[n_actors + n_actors * n_issues:n_actors + 2 * n_actors * n_issues].reshape(
        n_actors, n_issues)
    d = x[-n_actors:]
    loss = (sal[:, None, :] * np.abs(points[None] - ideal[:, None, :]) / 100.0).sum(-1)
    U = 1.0 - loss / sal.sum(-1)[:, None]                         # (n_actors, 3125)
    gap = U - d[:, None]
    ok = (gap > 0).all(0)
    w = cap / cap.sum()
    obj = np.where(ok, (w[:, None] * np.log(np.where(gap > 0, gap, 1.0))).sum(0), -np.inf)
    return {"nash": int(np.argmax(obj)) if ok.any() else -1, "zopa": bool(ok.any())}

model = Model("nash", function=nash)
model.uncertainties = [RealParameter(f"p{j}", lo, hi) for j, (lo, hi) in enumerate(bounds)]
model.outcomes = [ScalarOutcome("nash"), ScalarOutcome("zopa")]
n = cfg["n_experiments"]
with SequentialEvaluator(model) as evaluator:
    evaluator.perform_experiments(scenarios=min(n, 50))          # warm-up
    start = time.perf_counter()
    experiments, outcomes = evaluator.perform_experiments(scenarios=n)
    seconds = time.perf_counter() - start
x = experiments[[f"p{j}" for j in range(len(names))]].to_numpy(dtype=float)
np.savez(cfg["out"], x=x, nash=np.asarray(outcomes["nash"]), seconds=seconds)
'''


def ema_comparison(inputs: UncertainInputs, python: str, n_experiments: int,
                   ours: float) -> None:
    from models.bargaining import BargainingModel

    print(f"\nEMA Workbench (SequentialEvaluator, {python}) on the same 3,125-outcome model")
    check = subprocess.run([python, "-c", "import ema_workbench; print(ema_workbench.__version__)"],
                           capture_output=True, text=True)
    if check.returncode != 0:
        print("  ema_workbench is not importable there: skipped")
        return
    print(f"  ema_workbench {check.stdout.strip()}")
    names = list(inputs.names)
    order = ([f"actors[A{i}].capability" for i in range(N_ACTORS)]
             + [f"positions[A{i}/i{k}].ideal" for i in range(N_ACTORS) for k in range(N_ISSUES)]
             + [f"positions[A{i}/i{k}].salience" for i in range(N_ACTORS)
                for k in range(N_ISSUES)]
             + [f"disagreement[A{i}].utility" for i in range(N_ACTORS)])
    assert sorted(order) == sorted(names)
    bounds = [list(inputs[name].bounds) for name in order]
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "ema.npz")
        cfg = {"levels": LEVELS.tolist(), "n_issues": N_ISSUES, "n_actors": N_ACTORS,
               "names": order, "bounds": bounds, "n_experiments": n_experiments, "out": out}
        done = subprocess.run([python, "-c", EMA_SIDE, json.dumps(cfg)], capture_output=True,
                              text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        if done.returncode != 0:
            print("  the EMA run failed:\n" + done.stderr[-2000:])
            return
        data = np.load(out)
        x, theirs, seconds = data["x"], data["nash"], float(data["seconds"])
    rate = n_experiments / seconds
    print(f"  {n_experiments:,} experiments in {seconds:.2f} s: {rate:,.0f} experiments/s")
    # the same answers on EMA's own experiments
    values = {name: x[:, j] for j, name in enumerate(order)}
    mine = BargainingModel(inputs)(values)["nash.outcome"]
    agree = float(np.mean(mine == theirs))
    print(f"  same Nash outcome on EMA's experiments: {agree:.1%}")
    print(f"  stances / EMA throughput: {ours / rate:,.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=16384)
    parser.add_argument("--synthetic-draws", type=int, default=200_000)
    parser.add_argument("--ema-experiments", type=int, default=3000)
    parser.add_argument("--ema-python", default="/tmp/benchenv/bin/python")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, python {sys.version.split()[0]}")
    report_case("Built-in scenario, coded uncertainty (Nash)", built_in_inputs(False),
                args.draws, args.workers, args.chunk)
    report_case("Built-in scenario, red lines relaxed (a ZOPA in most draws; Nash)",
                built_in_inputs(True), args.draws, args.workers, args.chunk)
    synth = synthetic_inputs()
    stats = report_case("Synthetic 3,125-outcome, 5-actor Nash model", synth,
                        args.synthetic_draws, args.workers, 4096)
    ours = stats.get("draws_per_s_k", stats["draws_per_s_1"])
    ema_comparison(synth, args.ema_python, args.ema_experiments, ours)


if __name__ == "__main__":
    main()
