"""Monte Carlo Nash bargaining throughput on the peers' task: stances, a plain numpy batch, EMA.

The task (the one the EMA Workbench's ``SequentialEvaluator`` runs one experiment at a
time): 5 actors x 5 issues x 5 levels (0, 25, 50, 75, 100) = 3,125 outcomes; fixed ideal
points; each draw samples the 25 saliences uniform on [0.01, 1]; equal weights; zero
disagreement utilities; the Nash product over all outcomes. Utility is linear in distance,
``u_i(x) = 1 - sum_k s_ik |x_k - y_ik| / 100 / sum_k s_ik``.

Three implementations, timed in the same run (medians of ``--repeat`` interleaved runs; wall
clock and the process's CPU time, which other load on shared cores disturbs less):

* **stances**: :func:`models.monte_carlo` over :class:`models.bargaining.BargainingModel`
  (``weights="equal"``), sampling included;
* **numpy batch**: 20 lines of plain numpy, one matrix product per actor per chunk and the
  argmax of the log-product (sampling included);
* **EMA**: ``ema_workbench``'s ``SequentialEvaluator`` on a model function that computes
  the same product, run by ``--ema-python`` (a separate venv, never a project dependency:
  ``python3.11 -m venv .bench && .bench/bin/pip install ema_workbench``).

Checks: on EMA's own experiments all three pick the same outcome; on ``--check`` draws
stances' picks equal those of its exhaustive search (``method="exhaustive"``) and of the
numpy batch. Then 10^6 draws of stances alone in a fresh process: time and peak memory.

Run: ``python benchmarks/bench_nash_mc.py`` (about a minute on 2 cores).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

import numpy as np  # noqa: E402

if TYPE_CHECKING:
    from models import UncertainInputs

N_ACTORS, N_ISSUES, N_LEVELS = 5, 5, 5
LEVELS = np.linspace(0.0, 100.0, N_LEVELS)
SAL_LOW, SAL_HIGH = 0.01, 1.0
ROOT = Path(__file__).resolve().parents[1]


def ideals(seed: int = 7) -> np.ndarray:
    """The fixed ideal points, shape (n_actors, n_issues), whole numbers on [0, 100]."""
    return np.random.default_rng(seed).uniform(0, 100, (N_ACTORS, N_ISSUES)).round()


def points() -> np.ndarray:
    """Every outcome, shape (3125, n_issues), in C order (the last issue fastest)."""
    grids = np.meshgrid(*([LEVELS] * N_ISSUES), indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=1)


def salience_name(i: int, k: int) -> str:
    return f"positions[A{i}/i{k}].salience"


def task_inputs() -> UncertainInputs:
    """The task as a scenario: only the 25 saliences are uncertain."""
    import positions
    from models import uncertain

    y = ideals()

    def est(value: float, dist: dict[str, object]) -> dict[str, object]:
        return {"value": float(value), "uncertainty": dist, "rationale": "benchmark"}

    fixed = {"dist": "fixed"}
    actors = [f"A{i}" for i in range(N_ACTORS)]
    issues = [f"i{k}" for k in range(N_ISSUES)]
    data = {
        "id": "nash-mc-task", "title": "Nash Monte Carlo peers' task", "date": "2025-05-19",
        "actors": [{"id": a, "name": a, "kind": "state", "capability": est(1.0, fixed)}
                   for a in actors],
        "issues": [{"id": k, "label": k, "description": k,
                    "status_quo": est(50.0, fixed),
                    "options": [{"id": f"{k}_{j}", "label": f"{v:g}", "value": float(v)}
                                for j, v in enumerate(LEVELS)]} for k in issues],
        "positions": [{"actor": a, "issue": k, "kind": "preference", "basis": "coded",
                       "ideal": est(y[i, j], fixed),
                       "salience": est(0.5, {"dist": "uniform", "low": SAL_LOW,
                                             "high": SAL_HIGH}),
                       "rationale": "benchmark"}
                      for i, a in enumerate(actors) for j, k in enumerate(issues)],
        "disagreement": [{"actor": a, "utility": est(0.0, fixed)} for a in actors],
    }
    return uncertain(positions.Scenario.from_dict(data))


# ------------------------------------------------------------------ the plain numpy batch
def numpy_batch(sal: np.ndarray, chunk: int = 64) -> np.ndarray:
    """Nash picks of saliences ``sal`` (n, n_actors, n_issues): one product per actor per chunk.

    The argmax of the log-product is that of the product (log is increasing), so the
    product is taken: on this machine's numpy a log costs 40 multiplications.
    """
    dist = np.ascontiguousarray(  # (n_actors, K, 3125)
        np.abs(points().T[None, :, :] - ideals()[:, :, None]) / 100.0)
    out = np.empty(sal.shape[0], dtype=np.intp)
    for s0 in range(0, sal.shape[0], chunk):
        s = sal[s0:s0 + chunk]
        w = s / s.sum(axis=2, keepdims=True)                      # (c, n_actors, K)
        prod = np.ones((s.shape[0], dist.shape[2]))
        for i in range(N_ACTORS):
            u = 1.0 - w[:, i, :] @ dist[i]                          # (c, 3125)
            prod *= np.maximum(u, 0.0, out=u)
        out[s0:s0 + chunk] = prod.argmax(axis=1)
    return out


def numpy_run(n: int, seed: int, chunk: int = 64) -> np.ndarray:
    """The numpy batch with its own sampling, a chunk at a time (what is timed)."""
    rng = np.random.default_rng(seed)
    out = np.empty(n, dtype=np.intp)
    for s0 in range(0, n, chunk):
        c = min(chunk, n - s0)
        out[s0:s0 + c] = numpy_batch(rng.uniform(SAL_LOW, SAL_HIGH, (c, N_ACTORS, N_ISSUES)),
                                     chunk)
    return out


# ------------------------------------------------------------------ stances
def stances_run(inputs: UncertainInputs, n: int, seed: int, chunk: int) -> np.ndarray:
    from models import monte_carlo
    from models.bargaining import BargainingModel

    model = BargainingModel(inputs, weights="equal")
    res = monte_carlo(model, inputs, n, rng=seed, chunk_size=chunk, keep_draws=False,
                      progress=False)
    return np.asarray(res.outputs["nash.outcome"])


def stances_picks(inputs: UncertainInputs, sal: np.ndarray, method: str) -> np.ndarray:
    """Stances' picks on given saliences (n, n_actors, n_issues)."""
    from models.bargaining import BargainingModel

    model = BargainingModel(inputs, weights="equal", method=method)  # type: ignore[arg-type]
    values = {salience_name(i, k): sal[:, i, k]
              for i in range(N_ACTORS) for k in range(N_ISSUES)}
    return np.asarray(model(values)["nash.outcome"])


# ------------------------------------------------------------------ EMA
EMA_SIDE = r'''
import json, sys, time
import numpy as np
from ema_workbench import Model, RealParameter, ScalarOutcome, SequentialEvaluator

cfg = json.loads(sys.argv[1])
levels, ideal = np.array(cfg["levels"]), np.array(cfg["ideals"])
n_a, n_k = ideal.shape
grids = np.meshgrid(*([levels] * n_k), indexing="ij")
points = np.stack([g.ravel() for g in grids], axis=1)
dist = np.abs(points[None] - ideal[:, None, :]) / 100.0          # (n_actors, 3125, K)

def nash(**kw):
    s = np.array([[kw[f"s{i}_{k}"] for k in range(n_k)] for i in range(n_a)])
    u = 1.0 - np.matmul(dist, (s / s.sum(axis=1, keepdims=True))[:, :, None])[..., 0]
    return {"nash": int(np.argmax(np.maximum(u, 0.0).prod(axis=0)))}

model = Model("nash", function=nash)
model.uncertainties = [RealParameter(f"s{i}_{k}", cfg["low"], cfg["high"])
                       for i in range(n_a) for k in range(n_k)]
model.outcomes = [ScalarOutcome("nash")]
names = [f"s{i}_{k}" for i in range(n_a) for k in range(n_k)]
rates, cpu, x, picks = [], [], None, None
with SequentialEvaluator(model) as evaluator:
    evaluator.perform_experiments(scenarios=50)                     # warm-up
    for _ in range(cfg["repeat"]):
        start, start_cpu = time.perf_counter(), time.process_time()
        experiments, outcomes = evaluator.perform_experiments(scenarios=cfg["n"])
        rates.append(cfg["n"] / (time.perf_counter() - start))
        cpu.append(cfg["n"] / (time.process_time() - start_cpu))
        x = experiments[names].to_numpy(dtype=float).reshape(-1, n_a, n_k)
        picks = np.asarray(outcomes["nash"])
np.savez(cfg["out"], sal=x, picks=picks, rates=np.array(rates), cpu=np.array(cpu))
'''


def ema_run(python: str, n: int, repeat: int) -> dict[str, Any] | None:
    """Run EMA in its own interpreter; return its rates, experiments and picks (or None)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "ema.npz")
        cfg = {"levels": LEVELS.tolist(), "ideals": ideals().tolist(), "low": SAL_LOW,
               "high": SAL_HIGH, "n": n, "repeat": repeat, "out": out}
        done = subprocess.run([python, "-c", EMA_SIDE, json.dumps(cfg)], capture_output=True,
                              text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        if done.returncode != 0:
            print("  the EMA run failed:\n" + done.stderr[-2000:])
            return None
        data = np.load(out)
        return {k: data[k] for k in ("sal", "picks", "rates", "cpu")}


def ema_available(python: str) -> str | None:
    if not Path(python).exists():
        return None
    check = subprocess.run([python, "-c", "import ema_workbench; print(ema_workbench.__version__)"],
                           capture_output=True, text=True)
    return check.stdout.strip() if check.returncode == 0 else None


# ------------------------------------------------------------------ 10^6 in a fresh process
BIG_SIDE = r'''
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from benchmarks.bench_nash_mc import stances_run, task_inputs
inputs = task_inputs()
n, chunk = int(sys.argv[1]), int(sys.argv[3])
start, start_cpu = time.perf_counter(), time.process_time()
picks = stances_run(inputs, n, 11, chunk)
seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss / 1024, "n": n, "valid": int((picks >= 0).sum())}))
'''


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=200_000, help="draws per timed run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=16384, help="stances' chunk_size")
    parser.add_argument("--check", type=int, default=20_000,
                        help="draws checked against exhaustive search")
    parser.add_argument("--ema-experiments", type=int, default=2000)
    parser.add_argument("--ema-python", default=str(ROOT / ".bench" / "bin" / "python"))
    parser.add_argument("--big", type=int, default=1_000_000,
                        help="draws of the fresh-process run (0: skip)")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, python {sys.version.split()[0]}; "
          f"load {load()}")
    inputs = task_inputs()
    from models.bargaining import BargainingModel

    model = BargainingModel(inputs, weights="equal")
    print(f"task: {model.space_full.n_outcomes:,} outcomes ({model.candidates.n_outcomes:,} "
          f"after exact pruning), {inputs.n_inputs} uncertain inputs")

    # 1. exactness on a common sample
    rng = np.random.default_rng(3)
    sal = rng.uniform(SAL_LOW, SAL_HIGH, (args.check, N_ACTORS, N_ISSUES))
    ours = stances_picks(inputs, sal, "auto")
    brute = stances_picks(inputs, sal, "exhaustive")
    plain = numpy_batch(sal)
    print(f"check on {args.check:,} draws: stances = its exhaustive search on "
          f"{np.mean(ours == brute):.4%}, = numpy batch on {np.mean(ours == plain):.4%}")

    # 2. interleaved timing: each round runs stances, the numpy batch and EMA in turn
    version = ema_available(args.ema_python)
    if version is None:
        print(f"ema_workbench is not importable by {args.ema_python}: EMA skipped")
    ema_name = f"EMA {version} SequentialEvaluator"
    rates: dict[str, list[float]] = {"stances": [], "numpy batch": []}
    cpu: dict[str, list[float]] = {"stances": [], "numpy batch": []}
    loads = []
    ema = None
    stances_run(inputs, 20_000, 0, args.chunk)  # warm-up
    for r in range(args.repeat):
        loads.append(load())
        t, c = time.perf_counter(), time.process_time()
        stances_run(inputs, args.draws, 100 + r, args.chunk)
        rates["stances"].append(args.draws / (time.perf_counter() - t))
        cpu["stances"].append(args.draws / (time.process_time() - c))
        t, c = time.perf_counter(), time.process_time()
        numpy_run(args.draws, 100 + r)
        rates["numpy batch"].append(args.draws / (time.perf_counter() - t))
        cpu["numpy batch"].append(args.draws / (time.process_time() - c))
        if version is not None:
            got = ema_run(args.ema_python, args.ema_experiments, 1)
            if got is not None:
                ema = got
                rates.setdefault(ema_name, []).append(float(got["rates"][0]))
                cpu.setdefault(ema_name, []).append(float(got["cpu"][0]))
    loads.append(load())
    ours_rate = float(np.median(rates["stances"]))
    ours_cpu = float(np.median(cpu["stances"]))
    print(f"\n{args.draws:,} draws per run, median of {args.repeat} interleaved runs "
          f"(load during the runs: {'; '.join(loads)})")
    print("  wall clock:")
    for name, rs in rates.items():
        med = float(np.median(rs))
        print(f"  {name:34s} {med:11,.0f} draws/s  (runs: "
              f"{', '.join(f'{x:,.0f}' for x in rs)})  stances / this: {ours_rate / med:6.2f}x")
    print("  CPU time of the process (less sensitive to other load on shared cores):")
    for name, rs in cpu.items():
        med = float(np.median(rs))
        print(f"  {name:34s} {med:11,.0f} draws/s  (runs: "
              f"{', '.join(f'{x:,.0f}' for x in rs)})  stances / this: {ours_cpu / med:6.2f}x")
    if ema is not None:
        e_sal, e_picks = ema["sal"], ema["picks"]
        a = stances_picks(inputs, e_sal, "auto")
        b = numpy_batch(e_sal)
        print(f"  same picks on EMA's {e_sal.shape[0]:,} experiments: stances = EMA "
              f"{np.mean(a == e_picks):.2%}, numpy batch = EMA {np.mean(b == e_picks):.2%}")

    # 3. 10^6 draws in a fresh process: time and peak memory
    if args.big:
        done = subprocess.run([sys.executable, "-c", BIG_SIDE, str(args.big), str(ROOT),
                               str(args.chunk)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        if done.returncode != 0:
            print("  the big run failed:\n" + done.stderr[-2000:])
            return
        big = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"\nstances, {big['n']:,} draws in a fresh process: {big['seconds']:.2f} s "
              f"({big['n'] / big['seconds']:,.0f} draws/s; CPU time {big['cpu']:.2f} s), "
              f"peak RSS {big['rss_mb']:,.0f} MB (load {load()})")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {me:,.0f} MB")


if __name__ == "__main__":
    main()
