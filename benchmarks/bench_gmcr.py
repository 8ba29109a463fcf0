"""Timings and peak memory of the Graph Model (models.gmcr) at 2^16 to 2^20 states.

Run: ``python benchmarks/bench_gmcr.py --options 20 --step all``, or one step
under ``/usr/bin/time -v`` to read its peak memory (maximum resident set size)::

    /usr/bin/time -v python benchmarks/bench_gmcr.py --options 20 --step stability

The model: 5 decision makers sharing ``--options`` binary options (4 each at
20 options, so 2^20 = 1,048,576 states and about 21 M unilateral moves per
decision maker), every state feasible, each decision maker ranking 6 seeded
random statements (literals and two-literal ``&``/``|``) by option
prioritisation. Steps: ``from_options``; ``stability`` (all four concepts,
including the time of ``from_options``); ``status_quo``
(``status_quo_analysis('R')`` from state 1, equilibria reachable by legal
sequences of unilateral improvements); ``coalition`` (one pair, the first two
decision makers; ``--impl search`` runs the current screening, thresholds and
search of ``models.gmcr.coalition_search``, ``--impl blocked`` the previous
blocked bit-set search, ``--impl matrix`` the earlier n x n bit matrix);
``all`` (every step once, current implementation).

There is no peer in this table: GMCR+ (Kinsara et al. 2015), the open-source
GMCR engine, is not on PyPI and has no batch entry point, so the figures
compare stances with its own previous implementation (``--impl matrix``, and
the figures of issue 14 for the earlier ``from_options`` and ``stability``).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from models import GraphModel
from models.gmcr.concepts import StabilityContext
from models.gmcr.reachability import any_improvement, coalition_improvement, coalition_reach


def build(n_options: int, n_dms: int = 5, seed: int = 0) -> GraphModel:
    """The benchmark model: ``n_options`` options shared out among ``n_dms``."""
    rng = np.random.default_rng(seed)
    dms = [f"DM{k}" for k in range(n_dms)]
    split = np.array_split(np.arange(n_options), n_dms)
    options = {d: [f"o{j}" for j in part] for d, part in zip(dms, split, strict=True)}
    every = [f"o{j}" for j in range(n_options)]

    def literal() -> str:
        return ("-" if rng.random() < 0.5 else "") + str(rng.choice(every))

    prefs = {}
    for d in dms:
        statements = []
        for _ in range(6):
            if rng.random() < 0.5:
                statements.append(literal())
            else:
                statements.append(f"{literal()} {rng.choice(['&', '|'])} {literal()}")
        prefs[d] = statements
    return GraphModel.from_options(dms, options, preferences=prefs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=int, default=16)
    parser.add_argument("--step", choices=["from_options", "stability", "coalition", "status_quo",
                                                  "all"],
                        default="all")
    parser.add_argument("--impl", choices=["search", "blocked", "matrix"],
                        default="search")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()}; 2^{args.options} states")
    t0 = time.perf_counter()
    model = build(args.options)
    t1 = time.perf_counter()
    n_moves = sum(len(m) for m in model.moves)
    print(f"from_options: {t1 - t0:.2f} s ({model.n_states:,} states, {n_moves:,} moves)")
    if args.step in ("stability", "all"):
        t0 = time.perf_counter()
        res = model.stability()
        t1 = time.perf_counter()
        eq = {c: len(res.equilibria(c)) for c in res.concepts}
        print(f"stability: {t1 - t0:.2f} s; equilibria {eq}")
    if args.step in ("status_quo", "all"):
        t0 = time.perf_counter()
        sq = model.status_quo_analysis("R", status_quo=1)
        t1 = time.perf_counter()
        print(f"status_quo_analysis('R', status_quo=1): {t1 - t0:.2f} s; "
              f"{len(sq.reachable)} of {len(sq.equilibria)} equilibria reachable")
    if args.step in ("coalition", "all"):
        t0 = time.perf_counter()
        if args.impl == "matrix":
            ctx = StabilityContext.of(model)
            reach = coalition_reach([ctx.moves[0], ctx.moves[1]], model.n_states)
            has = any_improvement(reach, model.payoffs[:, :2])
        elif args.impl == "blocked":
            ctx = StabilityContext.of(model)
            has = coalition_improvement([ctx.moves[0], ctx.moves[1]], model.payoffs[:, :2],
                                        blocks=ctx.move_blocks[:2])
        else:
            coal = model.coalition_stability([model.decision_makers[:2]])
            has = ~coal.stable[:, 0]
        t1 = time.perf_counter()
        print(f"coalition_stability ({args.impl}, one pair): {t1 - t0:.2f} s; "
              f"{int(has.sum()):,} states with a coalitional improvement")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
