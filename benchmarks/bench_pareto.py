"""Benchmark: Pareto frontiers and batched Nash bargaining of :mod:`models.bargaining`.

Run with ``python benchmarks/bench_pareto.py`` (``--quick`` for a short run).

Part 1 times :func:`models.bargaining.pareto_frontier` on random utilities for
10^4, 10^5 and 10^6 outcomes, 2, 3 and 5 actors, and two kinds of data:

* ``uniform``: independent U(0, 1) utilities (small frontiers);
* ``opposed``: points near the plane of constant sum (a flat Dirichlet draw
  plus N(0, 0.01) noise), as in real negotiations where one actor's gain is
  another's loss (large frontiers).

Beside it, in the same run and on the same data: a naive numpy O(n^2) scan
(each block of outcomes compared with all outcomes) where it is feasible, and
NegMAS's fastest Pareto function, ``negmas.preferences.ops.pareto_frontier_numpy``,
when ``negmas`` can be imported (it is not a dependency; install it elsewhere
and put it on ``PYTHONPATH``). Every competitor's frontier is checked against
ours (NegMAS drops exact duplicates, which continuous random data do not
have). NegMAS runs in a child process and is stopped after ``--negmas-timeout``
seconds; its time is then reported as a lower bound.

Part 2 times :func:`models.bargaining.solve_batch` (Nash) for 10^4 outcomes x 5
actors over 10^5 parameter draws (utilities of each draw are a random linear
mix of a fixed set of outcome attributes, and each actor's disagreement point
lies 30 % of the way from its worst to its best outcome), generated in blocks
of 1,000 draws so memory stays bounded, and reports draws per second of the
solver alone and with the generation.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from models.bargaining import pareto_frontier, solve, solve_batch

try:  # optional competitor, never a dependency
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from negmas.preferences.ops import pareto_frontier_numpy as negmas_pareto
except ImportError:
    negmas_pareto = None


def make_utilities(kind: str, n: int, n_actors: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "uniform":
        return rng.random((n, n_actors))
    return rng.dirichlet(np.ones(n_actors), size=n) + rng.normal(0.0, 0.01, size=(n, n_actors))


def naive_frontier(U: np.ndarray, block: int = 256) -> np.ndarray:
    """O(n^2) reference: compare each block of outcomes with every outcome."""
    n = U.shape[0]
    dominated = np.zeros(n, dtype=bool)
    for start in range(0, n, block):
        B = U[start : start + block]
        ge = np.ones((B.shape[0], n), dtype=bool)
        gt = np.zeros((B.shape[0], n), dtype=bool)
        for j in range(U.shape[1]):
            ge &= U[None, :, j] >= B[:, None, j]
            gt |= U[None, :, j] > B[:, None, j]
        dominated[start : start + block] = (ge & gt).any(axis=1)
    return np.flatnonzero(~dominated)


def _negmas_child(U: np.ndarray, conn: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        out = negmas_pareto(U, sort_by_welfare=False)
        conn.send((time.perf_counter() - start, np.sort(np.asarray(out, dtype=np.intp))))


def run_negmas(U: np.ndarray, timeout: float) -> tuple[float | None, np.ndarray | None]:
    """NegMAS in a child process, stopped after ``timeout`` seconds (then (None, None))."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_negmas_child, args=(U, child))
    proc.start()
    if parent.poll(timeout):
        seconds, idx = parent.recv()
        proc.join()
        return seconds, idx
    proc.terminate()
    proc.join()
    return None, None


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def bench_pareto(args: argparse.Namespace) -> None:
    rng = np.random.default_rng(args.seed)
    print("Pareto frontier (best of repeats; speed-up = their time / ours)")
    header = (
        f"{'n':>9} {'actors':>6} {'data':>8} {'frontier':>9} {'ours':>10} {'naive':>10} "
        f"{'x naive':>8} {'negmas':>10} {'x negmas':>9}"
    )
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        for n_actors in (2, 3, 5):
            for kind in ("uniform", "opposed"):
                U = make_utilities(kind, n, n_actors, rng)
                repeat = 3 if n <= 10**5 else 1
                t_ours, ours = timed(lambda U=U: pareto_frontier(U), repeat)
                t_naive = t_negmas = None
                if n <= args.naive_max:
                    t_naive, ref = timed(lambda U=U: naive_frontier(U), 1)
                    if not np.array_equal(ref, ours):
                        raise AssertionError(f"naive and ours differ for n={n}, {kind}")
                neg_cap = args.negmas_max if kind == "uniform" else args.negmas_opposed_max
                ratio_negmas = "-"
                if negmas_pareto is not None and n <= neg_cap:
                    t_negmas, theirs = run_negmas(U, args.negmas_timeout)
                    if t_negmas is None:
                        ratio_negmas = f">{args.negmas_timeout / t_ours:.0f}x"
                    else:
                        ratio_negmas = f"{t_negmas / t_ours:.0f}x"
                        if not np.array_equal(theirs, ours):
                            raise AssertionError(f"negmas and ours differ for n={n}, {kind}")
                ratio_naive = f"{t_naive / t_ours:.0f}x" if t_naive else "-"
                neg_text = fmt(t_negmas)
                if negmas_pareto is not None and n <= neg_cap and t_negmas is None:
                    neg_text = f">{args.negmas_timeout:.0f} s"
                print(
                    f"{n:>9,} {n_actors:>6} {kind:>8} {ours.size:>9,} {fmt(t_ours):>10} "
                    f"{fmt(t_naive):>10} {ratio_naive:>8} {neg_text:>10} {ratio_negmas:>9}",
                    flush=True,
                )
    if negmas_pareto is None:
        print("(negmas is not importable: its column is empty)")


def bench_nash(args: argparse.Namespace) -> None:
    rng = np.random.default_rng(args.seed)
    n_outcomes, n_actors, n_draws, block = 10**4, 5, args.draws, 1000
    attributes = rng.random((n_outcomes, n_actors))
    weights = rng.uniform(0.5, 1.5, n_actors)
    solver = 0.0
    chosen = np.empty(n_draws, dtype=np.intp)
    start_all = time.perf_counter()
    for start in range(0, n_draws, block):
        stop = min(n_draws, start + block)
        mix = np.eye(n_actors) + 0.3 * rng.random((stop - start, n_actors, n_actors))
        U = attributes @ mix  # (block, n_outcomes, n_actors)
        lo, hi = U.min(axis=1), U.max(axis=1)
        d = lo + 0.3 * (hi - lo)
        t0 = time.perf_counter()
        chosen[start:stop] = solve_batch(U, d, weights=weights)
        solver += time.perf_counter() - t0
        if start == 0:
            check = [solve(U[s], d[s], weights=weights).index for s in range(5)]
            if not np.array_equal(check, chosen[:5]):
                raise AssertionError("batched and single Nash solutions differ")
    total = time.perf_counter() - start_all
    print()
    print(f"Nash bargaining, {n_outcomes:,} outcomes x {n_actors} actors, {n_draws:,} draws")
    print(f"  solver time     {solver:.2f} s  ->  {n_draws / solver:,.0f} draws/s")
    print(f"  with generation {total:.2f} s  ->  {n_draws / total:,.0f} draws/s")
    print(f"  draws with an agreement: {np.mean(chosen >= 0):.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^4 and 10^5 only, 10^4 draws")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--naive-max", type=int, default=10**5,
                        help="largest n for the O(n^2) scan (default 1e5)")
    parser.add_argument("--negmas-max", type=int, default=10**6,
                        help="largest n for NegMAS on uniform data (default 1e6)")
    parser.add_argument("--negmas-opposed-max", type=int, default=10**5,
                        help="largest n for NegMAS on opposed data (default 1e5)")
    parser.add_argument("--negmas-timeout", type=float, default=900.0,
                        help="seconds before a NegMAS run is stopped (default 900)")
    parser.add_argument("--draws", type=int, default=10**5)
    parser.add_argument("--skip-nash", action="store_true")
    args = parser.parse_args()
    args.sizes = [10**4, 10**5] if args.quick else [10**4, 10**5, 10**6]
    if args.quick:
        args.draws = min(args.draws, 10**4)
        args.naive_max = min(args.naive_max, 10**4)
    bench_pareto(args)
    if not args.skip_nash:
        bench_nash(args)


if __name__ == "__main__":
    main()
