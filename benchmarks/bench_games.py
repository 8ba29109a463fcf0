"""Benchmark the normal-form game solvers of ``models.games`` against peer libraries.

Random two-player games of sizes 4 x 4 to 12 x 12 (i.i.d. uniform payoffs, so
nondegenerate; or, with ``--payoffs integer``, integers 0..9, so almost always
degenerate): all equilibria by support and by vertex enumeration, and one
by Lemke-Howson (from label 0, and from every label in turn, which is Nashpy's
``lemke_howson_enumeration``); pure equilibria of 4-player games with 8
strategies each.
By default each two-player call is timed ``--repeat`` times and the best kept;
with ``--interleave`` the libraries are timed in ``--repeat`` interleaved
rounds per game (the order rotating each round) and the median kept, and for
vertex enumeration every peer's equilibria are matched against ours (the
summary counts the equilibria a peer missed, and any it found that we did not).
Our timings are always taken; Nashpy, QuantEcon and pygambit are timed side by
side when importable, and each peer's time is reported as a ratio to ours
(``ratio = peer / ours``, so larger means we are faster). Pure equilibria are
timed in interleaved rounds (the median of at least 50 per game) and the three
libraries' sets of equilibria are compared. The load of the machine is printed
before and after.

The peers are not dependencies of the project: run this script from an
environment that has them, e.g. a throwaway venv::

    python -m venv /tmp/benchenv
    /tmp/benchenv/bin/pip install -e ".[fast]" nashpy quantecon pygambit
    /tmp/benchenv/bin/python benchmarks/bench_games.py

The repository root is put on ``sys.path``, so ``models`` need not be installed.
Slow peers are skipped at larger sizes once one call exceeds ``--budget``
seconds. Notes on fairness: Nashpy's support enumeration is run with
``non_degenerate=True`` (equal-size supports, like ours; its default also tries
unequal sizes); QuantEcon's Numba functions are called once before timing so
that compilation is not counted (the same for our Lemke-Howson kernel, which
is compiled when Numba is importable, i.e. with the ``fast`` extra; run with
``STANCES_JIT=0`` to time the numpy fallback); pygambit's mixed solvers run in floating point
(``rational=False``); game construction is never timed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.games import NormalFormGame

_GROWTH = 15.0
"""Assumed growth of a peer's time from one size to the next, to skip hopeless runs."""

try:
    import nashpy
except ImportError:
    nashpy = None
try:
    import quantecon.game_theory as qegt
except ImportError:
    qegt = None
try:
    import pygambit as gbt
except ImportError:
    gbt = None


class CallTimeout(Exception):
    """A timed call ran past its time limit."""


def _alarm(signum: int, frame: Any) -> None:
    raise CallTimeout


def best_time(
    func: Callable[[Any], Any], repeat: int, setup: Callable[[], Any] = lambda: None,
    timeout: float | None = None,
) -> tuple[float, Any]:
    """Best wall time of up to ``repeat`` calls ``func(setup())``; setup is not timed.

    A call slower than 2 s is not repeated. With ``timeout`` (seconds), a call
    still running then is interrupted (SIGALRM, so pure-Python code such as
    Nashpy's pivoting loops) and ``(inf, None)`` is returned.
    """
    best = np.inf
    out = None
    for _ in range(repeat):
        arg = setup()
        if timeout is not None:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            start = time.perf_counter()
            out = func(arg)
            elapsed = time.perf_counter() - start
        except CallTimeout:
            return np.inf, None
        finally:
            if timeout is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
        best = min(best, elapsed)
        if elapsed > 2.0:
            break
    return best, out


def count(result: Any) -> int:
    """Number of equilibria in any library's answer."""
    if hasattr(result, "equilibria"):  # pygambit
        return len(result.equilibria)
    try:
        return len(result)
    except TypeError:
        return len(list(result))


def peers_bimatrix(A: np.ndarray, B: np.ndarray) -> dict[str, dict[str, Callable[[Any], Any]]]:
    """Callables of the peer libraries for one bimatrix game, keyed by task then library."""
    tasks: dict[str, dict[str, Callable[[Any], Any]]] = {
        "support": {}, "vertex": {}, "lemke_howson": {}, "lh_all_labels": {}
    }
    if nashpy is not None:
        game = nashpy.Game(A, B)
        tasks["support"]["nashpy"] = lambda _: list(game.support_enumeration(non_degenerate=True))
        tasks["vertex"]["nashpy"] = lambda _: list(game.vertex_enumeration())
        tasks["lemke_howson"]["nashpy"] = lambda _: [game.lemke_howson(initial_dropped_label=0)]
        tasks["lh_all_labels"]["nashpy"] = lambda _: list(game.lemke_howson_enumeration())
    if qegt is not None:
        g = qegt.NormalFormGame((qegt.Player(A), qegt.Player(B.T)))
        tasks["support"]["quantecon"] = lambda _: qegt.support_enumeration(g)
        tasks["vertex"]["quantecon"] = lambda _: qegt.vertex_enumeration(g)
        tasks["lemke_howson"]["quantecon"] = lambda _: [qegt.lemke_howson(g, init_pivot=0)]
    if gbt is not None:
        gg = gbt.Game.from_arrays(A, B)
        tasks["vertex"]["pygambit"] = lambda _: gbt.nash.enummixed_solve(gg, rational=False)
        tasks["lemke_howson"]["pygambit"] = lambda _: gbt.nash.lcp_solve(
            gg, rational=False, stop_after=1
        )
    return tasks


TASKS = ("support", "vertex", "lemke_howson", "lh_all_labels", "pure")


PAYOFFS = ("uniform", "integer")


def game_payoffs(n: int, k: int, payoffs: str) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs of random n x n game number ``k`` (seed ``1000 n + k``).

    ``uniform``: i.i.d. uniform on [0, 1), nondegenerate with probability one;
    ``integer``: i.i.d. integers 0..9, ties everywhere, so almost every game
    is degenerate (issue 14's vertex-enumeration games).
    """
    rng = np.random.default_rng(1000 * n + k)
    if payoffs == "integer":
        A, B = rng.integers(0, 10, (2, n, n)).astype(float)
        return A, B
    return rng.random((n, n)), rng.random((n, n))


def _warm_up() -> None:
    """Compile QuantEcon's Numba code and our kernels on small games before any timing."""
    if qegt is not None:
        A0 = np.random.default_rng(0).random((3, 3))
        g0 = qegt.NormalFormGame((qegt.Player(A0), qegt.Player(A0)))
        qegt.support_enumeration(g0)
        qegt.vertex_enumeration(g0)
        qegt.lemke_howson(g0)
    # Likewise our compiled kernels (when Numba is importable).
    g = NormalFormGame((np.eye(3), np.eye(3)))
    g.lemke_howson(0)
    g.support_enumeration()
    g.vertex_enumeration()


OURS: dict[str, Callable[[Any], Any]] = {
    "support": lambda g: g.support_enumeration(),
    "vertex": lambda g: g.vertex_enumeration(),
    "lemke_howson": lambda g: [g.lemke_howson(0)],
    "lh_all_labels": lambda g: [g.lemke_howson(k) for k in range(sum(g.shape))],
}


def bench_bimatrix(
    sizes: list[int], n_games: int, repeat: int, budget: float,
    tasks: tuple[str, ...] = TASKS, payoffs: str = "uniform",
) -> list[dict[str, Any]]:
    """Time every task on ``n_games`` random games of each size (best of ``repeat`` calls)."""
    rows: list[dict[str, Any]] = []
    last: dict[tuple[str, str], float] = {}
    _warm_up()
    ours = OURS
    for n in sizes:
        too_slow = {key for key, t in last.items() if t * _GROWTH > budget}
        for k in range(n_games):
            A, B = game_payoffs(n, k, payoffs)
            peers = peers_bimatrix(A, B)
            for task, func in ours.items():
                if task not in tasks:
                    continue
                # A fresh game per call: nothing cached from an earlier call is reused.
                t_ours, res = best_time(func, repeat, lambda A=A, B=B: NormalFormGame((A, B)))
                row: dict[str, Any] = {
                    "task": task, "size": f"{n}x{n}", "game": k, "ours_s": t_ours,
                    "n_eq": count(res),
                }
                for lib, pfunc in peers[task].items():
                    if (task, lib) in too_slow:
                        row[f"{lib}_s"] = None
                        continue
                    t_peer, pres = best_time(pfunc, repeat, timeout=budget)
                    if pres is None:  # ran past the budget: a stall, recorded as such
                        row[f"{lib}_s"] = None
                        row[f"{lib}_timeout"] = budget
                        continue
                    row[f"{lib}_s"] = t_peer
                    row[f"{lib}_n_eq"] = count(pres)
                    last[(task, lib)] = max(last.get((task, lib), 0.0), t_peer)
                rows.append(row)
                print(json.dumps(_rounded(row)), flush=True)
    return rows


def bench_bimatrix_interleaved(
    sizes: list[int], n_games: int, repeat: int, budget: float,
    tasks: tuple[str, ...] = TASKS, payoffs: str = "uniform",
) -> list[dict[str, Any]]:
    """Time every task in ``repeat`` interleaved rounds per game (:func:`interleaved_medians`).

    Each peer is first called once with a time limit of ``budget`` seconds
    (which also warms it up); a peer that ran past it is recorded as a stall,
    and one whose single call times ``repeat`` exceed the budget is recorded
    with that single time instead of joining the rounds. For vertex
    enumeration each peer's equilibria are matched against ours (to 1e-6):
    ``{lib}_missing`` counts ours that the peer did not return, ``{lib}_extra``
    the peer's that we did not (which would mean ours is incomplete).
    """
    rows: list[dict[str, Any]] = []
    last: dict[tuple[str, str], float] = {}
    _warm_up()
    for n in sizes:
        too_slow = {key for key, t in last.items() if t * _GROWTH > budget}
        for k in range(n_games):
            A, B = game_payoffs(n, k, payoffs)
            peers = peers_bimatrix(A, B)
            for task, func in OURS.items():
                if task not in tasks:
                    continue
                row: dict[str, Any] = {"task": task, "size": f"{n}x{n}", "game": k}
                # A fresh game per call: nothing cached from an earlier call is reused.
                calls: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]] = {
                    "ours": (lambda A=A, B=B: NormalFormGame((A, B)), func)
                }
                single: dict[str, Any] = {}
                for lib, pfunc in peers[task].items():
                    if (task, lib) in too_slow:
                        row[f"{lib}_s"] = None
                        continue
                    t_peer, pres = best_time(pfunc, 1, timeout=budget)
                    if pres is None:  # ran past the budget: a stall, recorded as such
                        row[f"{lib}_s"] = None
                        row[f"{lib}_timeout"] = budget
                        continue
                    last[(task, lib)] = max(last.get((task, lib), 0.0), t_peer)
                    if t_peer * repeat > budget:
                        row[f"{lib}_s"] = t_peer
                        single[lib] = pres
                        continue
                    calls[lib] = (lambda: None, pfunc)
                medians, outs = interleaved_medians(calls, repeat)
                outs.update(single)
                row["ours_s"] = medians.pop("ours")
                row["n_eq"] = count(outs["ours"])
                for lib, t in medians.items():
                    row[f"{lib}_s"] = t
                for lib, res in outs.items():
                    if lib == "ours":
                        continue
                    row[f"{lib}_n_eq"] = count(res)
                    if task == "vertex":
                        row[f"{lib}_missing"], row[f"{lib}_extra"] = _compare_sets(
                            _profiles(outs["ours"]), _profiles(res)
                        )
                rows.append(row)
                print(json.dumps(_rounded(row)), flush=True)
    return rows


def _profiles(result: Any) -> np.ndarray:
    """Any library's two-player equilibria as rows ``concat(x, y)`` (n_eq, m + n)."""
    if hasattr(result, "equilibria"):  # pygambit
        profs = []
        for eq in result.equilibria:
            players = list(eq.game.players)
            profs.append(np.concatenate([[float(v) for _, v in eq[p]] for p in players]))
    else:
        profs = [np.concatenate([np.asarray(p, dtype=float) for p in prof]) for prof in result]
    return np.array(profs, dtype=float)


def _compare_sets(ours: np.ndarray, theirs: np.ndarray, tol: float = 1e-6) -> tuple[int, int]:
    """How many of our profiles the peer lacks, and how many of its profiles we lack."""
    if ours.size == 0 or theirs.size == 0:
        return len(ours), len(theirs)
    close = np.abs(ours[:, None, :] - theirs[None, :, :]).max(axis=2) <= tol
    return int((~close.any(axis=1)).sum()), int((~close.any(axis=0)).sum())


def _rounded(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()}


def _qe_player_array(u: np.ndarray, i: int) -> np.ndarray:
    """Player i's payoffs in QuantEcon's layout: own axis, then players i+1, ..., i-1."""
    n = u.ndim
    return np.transpose(u, [(i + k) % n for k in range(n)])


def interleaved_medians(
    calls: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]], repeat: int
) -> tuple[dict[str, float], dict[str, Any]]:
    """Median wall time of ``repeat`` rounds, each timing every library once, in turn.

    ``calls`` maps a library to ``(setup, func)``; ``func(setup())`` is timed,
    setup is not. The order of the libraries rotates from round to round, so
    a burst of load on the machine falls on all of them alike.
    """
    names = list(calls)
    times: dict[str, list[float]] = {name: [] for name in names}
    outs: dict[str, Any] = {}
    for r in range(repeat):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            setup, func = calls[name]
            arg = setup()
            start = time.perf_counter()
            outs[name] = func(arg)
            times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}, outs


def _pure_sets(outs: dict[str, Any]) -> dict[str, set[tuple[int, ...]]]:
    """Each library's pure equilibria as a set of strategy-index tuples."""
    sets: dict[str, set[tuple[int, ...]]] = {}
    for lib, res in outs.items():
        if lib == "ours":
            sets[lib] = {tuple(int(v) for v in row) for row in res.pure_indices()}
        elif lib == "quantecon":
            sets[lib] = {tuple(int(v) for v in prof) for prof in res}
        else:  # pygambit: exact mixed profiles with one probability 1 per player
            players = list(res.equilibria[0].game.players) if res.equilibria else []
            sets[lib] = {
                tuple([float(v) for _, v in eq[p]].index(1.0) for p in players)
                for eq in res.equilibria
            }
    return sets


def bench_pure(
    n_players: int, n_strategies: int, n_games: int, repeat: int
) -> list[dict[str, Any]]:
    """Time pure-equilibrium enumeration on random integer-payoff N-player games.

    The libraries are timed in interleaved rounds (:func:`interleaved_medians`,
    at least 50 rounds per game) and their answers compared: the same set of
    pure equilibria, or the script stops.
    """
    rows: list[dict[str, Any]] = []
    if qegt is not None:
        qegt.pure_nash_brute(qegt.NormalFormGame((2, 2, 2)))
    rounds = max(50, repeat)
    for k in range(n_games):
        rng = np.random.default_rng(77 + k)
        shape = (n_players,) + (n_strategies,) * n_players
        # Integer payoffs in 0..9 so that pure equilibria exist and ties occur.
        u = rng.integers(0, 10, shape).astype(float)
        # A fresh game per call: nothing cached from an earlier call is reused.
        calls: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]] = {
            "ours": (lambda u=u: NormalFormGame(list(u)), lambda g: g.pure_equilibria()),
        }
        if qegt is not None:
            players = tuple(qegt.Player(_qe_player_array(u[i], i)) for i in range(n_players))
            g = qegt.NormalFormGame(players)
            calls["quantecon"] = (lambda g=g: g, qegt.pure_nash_brute)
        if gbt is not None:
            gg = gbt.Game.from_arrays(*[u[i].astype(int) for i in range(n_players)])
            calls["pygambit"] = (lambda gg=gg: gg, gbt.nash.enumpure_solve)
        medians, outs = interleaved_medians(calls, rounds)
        sets = _pure_sets(outs)
        if any(found != sets["ours"] for found in sets.values()):
            raise SystemExit(f"pure equilibria differ on game {k}: {sets}")
        row: dict[str, Any] = {
            "task": "pure", "size": "x".join([str(n_strategies)] * n_players), "game": k,
            "ours_s": medians["ours"], "n_eq": len(sets["ours"]),
        }
        for lib in calls:
            if lib != "ours":
                row[f"{lib}_s"], row[f"{lib}_n_eq"] = medians[lib], len(sets[lib])
        rows.append(row)
        print(json.dumps(_rounded(row)), flush=True)
    return rows


def summarise(rows: list[dict[str, Any]]) -> str:
    """Median time per task and size, and the peers' median time ratios to ours."""
    import pandas as pd

    frame = pd.DataFrame(rows)
    libs = [c[:-2] for c in frame.columns if c.endswith("_s") and c != "ours_s"]
    lines = []
    header = f"{'task':<14}{'size':<10}{'ours [ms]':>11}" + "".join(
        f"{lib + ' [ms]':>17}{'ratio':>8}" for lib in libs
    )
    lines.append(header)
    for (task, size), grp in frame.groupby(["task", "size"], sort=False):
        ours = float(grp["ours_s"].median())
        line = f"{task:<14}{size:<10}{1e3 * ours:>11.2f}"
        for lib in libs:
            col = grp.get(f"{lib}_s")
            if col is None or col.isna().all():
                line += f"{'-':>17}{'-':>8}"
                continue
            peer = float(col.median())
            line += f"{1e3 * peer:>17.2f}{peer / ours:>8.1f}"
        lines.append(line)
    for lib in libs:
        col = f"{lib}_missing"
        if col in frame.columns and frame[col].notna().any():
            done = frame[frame[col].notna()]
            lines.append(
                f"{lib} vertex enumeration: {int(done[col].sum())} of our "
                f"{int(done['n_eq'].sum())} equilibria missing, {int(done[f'{lib}_extra'].sum())} "
                f"not in ours, over {len(done)} games; incomplete on "
                f"{int((done[col] > 0).sum())} games"
            )
    timeouts = [c for c in frame.columns if c.endswith("_timeout")]
    for col in timeouts:
        hit = frame[frame[col].notna()]
        for row in hit.itertuples():
            lines.append(
                f"{col[: -len('_timeout')]} did not finish {row.task} on {row.size} game "
                f"{row.game} within {getattr(row, col):g} s (stopped; left out of its median)"
            )
    return "\n".join(lines)


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 6, 8, 10, 12])
    parser.add_argument("--games", type=int, default=3, help="random games per size")
    parser.add_argument(
        "--repeat", type=int, default=3,
        help="timed calls per game (best kept; pure: interleaved rounds, at least 50, median kept)",
    )
    parser.add_argument(
        "--budget", type=float, default=60.0,
        help="seconds; skip a peer at a size where it would likely take longer per call",
    )
    parser.add_argument("--quick", action="store_true", help="sizes 4 and 6, one game, one call")
    parser.add_argument(
        "--tasks", nargs="+", choices=list(TASKS), default=list(TASKS),
        help="time only these tasks",
    )
    parser.add_argument(
        "--payoffs", choices=list(PAYOFFS), default="uniform",
        help="uniform [0, 1) payoffs (nondegenerate) or integers 0..9 (degenerate)",
    )
    parser.add_argument(
        "--interleave", action="store_true",
        help="bimatrix tasks: medians of --repeat interleaved rounds per game (peers checked)",
    )
    parser.add_argument("--out", type=Path, help="write the raw timings as JSON here")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.games, args.repeat = [4, 6], 1, 1
    found = {"nashpy": nashpy, "quantecon": qegt, "pygambit": gbt}
    print(f"peers importable: { {k: v is not None for k, v in found.items()} }", flush=True)
    from models import jit_enabled

    print(f"our compiled Lemke-Howson kernel: {jit_enabled()}", flush=True)
    print(f"load before: {_loadavg()}", flush=True)
    bench = bench_bimatrix_interleaved if args.interleave else bench_bimatrix
    print(f"payoffs: {args.payoffs}; interleaved: {args.interleave}", flush=True)
    rows = bench(args.sizes, args.games, args.repeat, args.budget,
                 tuple(t for t in args.tasks if t != "pure"), args.payoffs)
    if "pure" in args.tasks:
        rows += bench_pure(4, 8, args.games, args.repeat)
    print()
    print(summarise(rows))
    print(f"load after: {_loadavg()} (1, 5 and 15 min averages on {os.cpu_count()} cores)")
    if args.out is not None:
        args.out.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
