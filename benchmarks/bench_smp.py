"""Timings of KTAB's Spatial Model of Politics (models.spatial.smp, models.spatial.smp_batch).

Run: ``python benchmarks/bench_smp.py`` (about half an hour on 2 cores, most of it the
1,000-actor runs; ``--quick`` for a minute). KTAB itself is C++ and no runnable copy
of it is kept here, so stances is compared with itself:

1. **Scaling with the number of actors.** One full run (KTAB's stopping rule, at most
   100 rounds) of random scenarios drawn as KTAB's ``SMPActor::randomize`` draws
   actors, with 10, 40, 200 and 1,000 actors on 1 issue and 200 actors on 3 issues
   (``--cases``), computed three ways: with the compiled kernels (Numba, the ``fast``
   extra), with numpy only (``STANCES_JIT=0``; up to ``--numpy-max-actors``), and, with
   ``--before REV``, by the stances of git revision REV (its ``models/`` and
   ``positions/`` from ``git archive``; up to ``--before-max-actors``, as it needs
   O(n^4) time and O(n^3) memory). Every run is a fresh process that loads the
   kernels before the clock starts; repetitions (``--repeat``) are interleaved; the
   table shows medians of wall and CPU time, the peak resident memory, the load
   average around the runs, the ratios (slower way / faster way), and whether each
   way's positions, winning probabilities, risk attitudes, challenges and bargains
   are bit-identical to the compiled run's.
2. KTAB's SOE-Pol-Comp reference scenario (13 actors, 2 dimensions, 27 rounds).
3. The throughput of batched Monte Carlo runs (``smp_batch``) over perturbed inputs
   of KTAB's dummyData_3Dim scenario (runs per second).

The timings move with the load of the machine; the load averages are printed so
that a busy machine shows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "models" / "spatial" / "data" / "ktab"
OUTPUTS = ("positions", "win_prob", "risk_attitude", "challenge_target", "challenge_prob",
           "challenge_gain", "bargain_initiator", "bargain_receiver")


def random_inputs(n_actors: int, n_dims: int, seed: int) -> tuple[np.ndarray, ...]:
    """Random actors drawn as KTAB's ``SMPActor::randomize`` draws them."""
    rng = np.random.default_rng(seed)
    positions = rng.uniform(0, 100, (n_actors, n_dims))
    salience = rng.uniform(0.1, 1.0, (n_actors, n_dims))
    salience *= rng.uniform(0.75, 0.99, (n_actors, 1)) / salience.sum(axis=1, keepdims=True)
    capability = rng.uniform(10, 200, n_actors)
    return positions, salience, capability


def load() -> float:
    """The 1-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0]) if Path("/proc/loadavg").exists() \
        else float("nan")


# --------------------------------------------------------------------------- one run


def worker(root: str, n: int, d: int, out: str) -> None:
    """Time one run in this process with the stances found at ``root`` and save its outputs."""
    sys.path.insert(0, root)
    from models.spatial import smp

    inputs = random_inputs(n, d, seed=n)
    try:  # load the compiled kernels (if on) before the clock starts
        from models.spatial._smp_jit import smp_kernels

        smp_kernels("proportional", float("inf"))
        smp_kernels(None, float("inf"))
    except ImportError:  # a revision without them
        pass
    smp(*random_inputs(20, d, seed=1), max_rounds=1)
    wall, cpu = time.perf_counter(), time.process_time()
    result = smp(*inputs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    np.savez(out, wall=wall, cpu=cpu, num_iter=result.num_iter, converged=result.converged,
             rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
             **{name: getattr(result, name) for name in OUTPUTS})


def run_once(way: str, root: str, n: int, d: int, budget: float) -> dict[str, Any] | None:
    """One run in a fresh process; None if it took longer than ``budget`` seconds."""
    env = dict(os.environ, STANCES_JIT="0" if way == "numpy" else "1")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "run.npz")
        cmd = [sys.executable, __file__, "--worker", root, str(n), str(d), out]
        before = load()
        try:
            subprocess.run(cmd, env=env, check=True, timeout=budget, cwd=tmp)
        except subprocess.TimeoutExpired:
            return None
        with np.load(out) as f:
            res = {k: f[k] for k in f.files}
    res["load"] = (before, load())
    return res


def same_outputs(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(np.array_equal(a[k], b[k], equal_nan=True) for k in OUTPUTS)


def revision_tree(rev: str, dest: str) -> str:
    """Extract ``models/`` and ``positions/`` of git revision ``rev`` into ``dest``."""
    blob = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "models",
                           "positions"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def bench_scaling(args: argparse.Namespace) -> list[dict[str, Any]]:
    cases = [tuple(int(x) for x in c.split("x")) for c in args.cases]
    ways = ["compiled", "numpy"] + (["before"] if args.before else [])
    limits = {"compiled": 10**9, "numpy": args.numpy_max_actors,
              "before": args.before_max_actors}
    runs: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as old:
        roots = {"compiled": str(ROOT), "numpy": str(ROOT)}
        if args.before:
            roots["before"] = revision_tree(args.before, old)
        for rep in range(args.repeat):
            for n, d in cases:
                for way in ways:
                    if n > limits[way] or runs.get((way, n, d), [{}])[-1] is None:
                        continue
                    res = run_once(way, roots[way], n, d, args.budget)
                    runs.setdefault((way, n, d), []).append(res)  # type: ignore[arg-type]
                    state = "over budget" if res is None else f"{float(res['wall']):.2f} s"
                    print(f"  rep {rep + 1}: {n} actors x {d} issue(s), {way}: {state}",
                          flush=True)
    rows = []
    for n, d in cases:
        row: dict[str, Any] = {"actors": n, "issues": d}
        ref = runs[("compiled", n, d)][0]
        row["rounds"] = int(ref["num_iter"])
        loads: list[float] = []
        for way in ways:
            got = [r for r in runs.get((way, n, d), []) if r is not None]
            if not got:
                row[way] = None
                continue
            row[way] = {
                "wall": statistics.median(float(r["wall"]) for r in got),
                "cpu": statistics.median(float(r["cpu"]) for r in got),
                "rss_mb": max(float(r["rss"]) for r in got),
                "runs": len(got),
                "same": all(same_outputs(r, ref) for r in got),
            }
            loads += [x for r in got for x in r["load"]]
        row["load"] = (min(loads), max(loads))
        rows.append(row)
    return rows


def scaling_table(rows: list[dict[str, Any]]) -> str:
    def cell(x: dict[str, Any] | None) -> str:
        if x is None:
            return "not run"
        same = "" if x["same"] else " DIFFERENT"
        return f"{x['wall']:.2f} s (cpu {x['cpu']:.2f}, {x['rss_mb']:.0f} MB){same}"

    def ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str:
        return "-" if a is None or b is None else f"{a['wall'] / b['wall']:.1f}x"

    lines = ["actors x issues | rounds | compiled | numpy only | before | "
             "before/compiled | numpy/compiled | before/numpy | load"]
    for r in rows:
        c, nu, be = r["compiled"], r.get("numpy"), r.get("before")
        lines.append(
            f"{r['actors']} x {r['issues']} | {r['rounds']} | {cell(c)} | {cell(nu)} | "
            f"{cell(be)} | {ratio(be, c)} | {ratio(nu, c)} | {ratio(be, nu)} | "
            f"{r['load'][0]:.2f}-{r['load'][1]:.2f}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- other timings


def best_of(fn: Any, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def reference_inputs(name: str) -> tuple[np.ndarray, ...]:
    """Inputs of a KTAB reference run, from our JSON fixture (see the folder's README)."""
    inputs = json.loads((DATA / name).read_text())["inputs"]
    positions = np.asarray(inputs["positions"], dtype=float)
    salience = np.asarray(inputs["salience_percent"], dtype=float) / 100
    capability = np.asarray(inputs["capability"], dtype=float)
    return positions, salience, capability


def bench_reference_and_batch(quick: bool) -> None:
    sys.path.insert(0, str(ROOT))
    from models.spatial import SMPParams, smp, smp_batch

    soe = reference_inputs("ref_soe_pol_comp.json")
    seconds = best_of(lambda: smp(*soe))
    print(f"KTAB SOE-Pol-Comp (13 actors, 2 dims, 27 rounds): {seconds:.3f} s "
          f"(load {load():.2f})")
    positions0, salience, capability = reference_inputs("ref_dummy_3dim.json")
    rng = np.random.default_rng(0)
    for n_runs in (100,) if quick else (100, 1000):
        noise = rng.normal(0, 3, size=(n_runs, *positions0.shape))
        positions = np.clip(positions0 + noise, 0, 100)
        for mode in ("deterministic", "stochastic"):
            params = SMPParams(state_transition=mode)
            seconds = best_of(lambda p=positions, q=params: smp_batch(
                p, salience, capability, params=q, rng=1), repeat=1)
            print(f"smp_batch {n_runs:4d} runs of dummyData_3Dim ({mode}): "
                  f"{n_runs / seconds:.0f} runs/s (load {load():.2f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+",
                        default=["10x1", "40x1", "200x1", "1000x1", "200x3"],
                        help="actors x issues, e.g. 200x1")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs per case and way")
    parser.add_argument("--before", metavar="REV", help="also time the stances of this revision")
    parser.add_argument("--before-max-actors", type=int, default=40)
    parser.add_argument("--numpy-max-actors", type=int, default=200)
    parser.add_argument("--budget", type=float, default=3600.0,
                        help="seconds; a run past this is stopped (and not repeated)")
    parser.add_argument("--quick", action="store_true", help="10 and 40 actors, one run each")
    parser.add_argument("--out", type=Path, help="write the scaling rows as JSON here")
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        root, n, d, out = args.worker
        worker(root, int(n), int(d), out)
        return 0
    if args.quick:
        args.cases, args.repeat = ["10x1", "40x1"], 1
    print(f"load average at start: {load():.2f}", flush=True)
    rows = bench_scaling(args)
    print()
    print(scaling_table(rows))
    print()
    if args.out is not None:
        args.out.write_text(json.dumps(rows, indent=1))
    bench_reference_and_batch(args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
