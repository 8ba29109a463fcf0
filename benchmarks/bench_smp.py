"""Timings of KTAB's Spatial Model of Politics (models.spatial.smp, models.spatial.smp_batch).

Run: ``python benchmarks/bench_smp.py``. Prints the wall time of one full
40-actor, 3-dimension run (goal: under a second), of KTAB's SOE-Pol-Comp
reference scenario, and the throughput of batched Monte Carlo runs over
perturbed inputs of KTAB's dummyData_3Dim scenario (runs per second).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from models.spatial import SMPParams, smp, smp_batch

DATA = Path(__file__).resolve().parents[1] / "tests" / "models" / "data" / "ktab"


def random_inputs(n_actors: int, n_dims: int, seed: int) -> tuple[np.ndarray, ...]:
    """Random actors drawn as KTAB's ``SMPActor::randomize`` draws them."""
    rng = np.random.default_rng(seed)
    positions = rng.uniform(0, 100, (n_actors, n_dims))
    salience = rng.uniform(0.1, 1.0, (n_actors, n_dims))
    salience *= rng.uniform(0.75, 0.99, (n_actors, 1)) / salience.sum(axis=1, keepdims=True)
    capability = rng.uniform(10, 200, n_actors)
    return positions, salience, capability


def best_of(fn, repeat: int = 3) -> float:
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


def main() -> None:
    for n_dims in (1, 3):
        for n_actors in (5, 10, 20, 40):
            inputs = random_inputs(n_actors, n_dims, seed=n_actors)
            result = smp(*inputs)
            seconds = best_of(lambda inputs=inputs: smp(*inputs))
            print(f"smp {n_actors:2d} actors x {n_dims} dims: {result.num_iter:3d} rounds, "
                  f"{seconds:.3f} s ({1000 * seconds / max(result.num_iter, 1):.1f} ms/round)")

    soe = reference_inputs("ref_soe_pol_comp.json")
    seconds = best_of(lambda: smp(*soe))
    print(f"KTAB SOE-Pol-Comp (13 actors, 2 dims, 27 rounds): {seconds:.3f} s")

    positions0, salience, capability = reference_inputs("ref_dummy_3dim.json")
    rng = np.random.default_rng(0)
    for n_runs in (100, 1000):
        noise = rng.normal(0, 3, size=(n_runs, *positions0.shape))
        positions = np.clip(positions0 + noise, 0, 100)
        for mode in ("deterministic", "stochastic"):
            params = SMPParams(state_transition=mode)
            seconds = best_of(lambda p=positions, q=params: smp_batch(
                p, salience, capability, params=q, rng=1), repeat=1)
            print(f"smp_batch {n_runs:4d} runs of dummyData_3Dim ({mode}): "
                  f"{n_runs / seconds:.0f} runs/s")


if __name__ == "__main__":
    main()
