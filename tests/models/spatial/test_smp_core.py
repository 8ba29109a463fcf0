"""The blocked kernels of the SMP (``models.spatial._smp_core``) against straightforward loops.

The kernels reorganise KTAB's O(n^3) loops (coalitions, third-party votes in a
challenge, the utility of a bargain, each actor's choice among its options) into
blocks; the numbers must not change. Each reference below follows KTAB's C++
term by term with Python floats: ``Model::coalitions`` (``kmodel.cpp``),
``SMPState::probEduChlg`` and ``doBCN`` (``smpbcn.cpp``), https://github.com/KAPSARC/KTAB.
The comparisons are exact (``assert_array_equal``), on random cases where half of
the values come from a coarse grid, so that ties and zero votes are common.
Every kernel test runs both with numpy and with the compiled kernels of
``models.spatial._smp_jit`` (forced on small problems; numpy again where Numba
is missing). The last tests replay runs recorded from the implementation before
the blocked kernels (``data/smp_previous_outputs.json``) and ask for the same
numbers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import smp_kernel_cases

from models.spatial import SMPParams, _smp_bcn, _smp_jit, _smp_votes, smp, smp_batch
from models.spatial import _smp_core as core

DATA = Path(__file__).parent / "data"
MIN = core.MIN_COALITION
RULES = ["binary", "prop_bin", "proportional", "prop_cubic", "cubic", "asym_prospect"]
params_st = st.builds(
    SMPParams,
    voting_rule=st.sampled_from(RULES),
    pce_model=st.sampled_from(["conditional", "markov_incentive", "markov_uniform"]),
    victory_prob=st.sampled_from(["linear", "square", "quartic", "octic", "binary"]),
    third_party_commit=st.sampled_from(["no_commit", "semi_commit", "full_commit"]),
    state_transition=st.sampled_from(["deterministic", "stochastic"]),
)


@contextmanager
def compiled(on: bool) -> Iterator[None]:
    """Use the compiled kernels on every problem size (on) or never (off)."""
    old = _smp_jit.MIN_WORK
    _smp_jit.MIN_WORK = 0 if on else float("inf")
    try:
        yield
    finally:
        _smp_jit.MIN_WORK = old


def vote(rule: str, w: float, du: float) -> float:
    return float(core.vote(rule, w, du))


def ref_coalitions(rule: str, u: np.ndarray, w: np.ndarray) -> np.ndarray:
    """KTAB Model::coalitions for one group: u (n_voters, m), w (n_voters,)."""
    m = u.shape[1]
    c = np.full((m, m), MIN)
    for i in range(m):
        for j in range(i):
            pro = con = MIN
            for k in range(u.shape[0]):
                v = vote(rule, w[k], u[k, i] - u[k, j])
                if v > 0:
                    pro = pro + v
                if v < 0:
                    con = con - v
            c[i, j], c[j, i] = pro, con
    return c


def util_table(dist: np.ndarray, r_est: np.ndarray) -> np.ndarray:
    """u[b, h, x, y]: h's estimate of x's utility of y's position (KTAB setAllAUtil)."""
    return core.bs_util(dist[:, None, :, :], r_est[:, :, :, None])


def ref_prob_edu(prm: SMPParams, u: np.ndarray, w: np.ndarray, s: np.ndarray,
                 h: int, k: int, i: int, j: int) -> tuple[float, float]:
    """KTAB SMPState::probEduChlg(h, k, i, j) for one run: u (h, x, y), w and s (n,)."""
    vr = prm.voting_rule
    ci = vote(vr, w[i], u[h, i, i] - u[h, i, j])
    cj = vote(vr, w[j], u[h, j, i] - u[h, j, j])
    chij = core.MIN_CHALLENGE_COALITION + (ci if ci > 0 else 0.0)
    chji = core.MIN_CHALLENGE_COALITION - (ci if ci < 0 else 0.0)
    chij = chij + (cj if cj > 0 else 0.0)
    chji = chji - (cj if cj < 0 else 0.0)
    c_i0, c_j0 = chij, chji
    for t in range(u.shape[1]):
        if t in (i, j):
            continue
        a, b, c = u[h, t, i], u[h, t, j], u[h, t, t]
        cn = vote(vr, w[t], a - b)
        cni = c_i0 + cn if cn > 0 else c_i0
        cnj = c_j0 - cn if cn < 0 else c_j0
        pin = cni / (cni + cnj)
        pjn = 1.0 - pin
        if prm.third_party_commit == "full_commit":
            ik_def_j, j_def_ik, i_def_jk, jk_def_i = a + a + a, b + b + b, a + a + a, b + b + b
        elif prm.third_party_commit == "semi_commit":
            ik_def_j, j_def_ik, i_def_jk, jk_def_i = a + a + c, b + b + b, a + a + a, b + b + c
        else:
            ik_def_j, j_def_ik, i_def_jk, jk_def_i = a + a + c, b + b + c, a + a + c, b + b + c
        vn = vote(vr, w[t], (pin * ik_def_j + pjn * j_def_ik) - (pin * i_def_jk + pjn * jk_def_i))
        if vn > 0:
            chij = chij + vn
        if vn < 0:
            chji = chji - vn
    phij = chij / (chij + chji)
    phji = chji / (chij + chji)
    uki, ukj = u[h, k, i], u[h, k, j]
    eu_contest = phij * (uki + uki) + phji * (ukj + ukj)
    eu_chlg = (1 - s[j]) * (uki + uki) + s[j] * eu_contest
    return phij, eu_chlg - (uki + ukj)


def state(case: dict[str, Any]) -> core.StateInfo:
    dist, r_est = case["dist"], case["risk_est"]
    n = dist.shape[1]
    own = util_table(dist, r_est)[:, np.arange(n), np.arange(n)]
    return core.StateInfo(dist=dist, risk=np.zeros(dist.shape[:2]), risk_est=r_est, own=own,
                          win_prob=np.zeros(dist.shape[:2]))


@settings(max_examples=60, deadline=None)
@given(case=smp_kernel_cases(), rule=st.sampled_from(RULES), masked=st.booleans(),
       jit=st.booleans(), data=st.data())
def test_coalitions_equal_voter_loop(case, rule, masked, jit, data):
    u, w = case["u_pi"], case["cap"]  # voters x options
    b_n, _, m = u.shape
    valid = None
    if masked:
        valid = np.array(data.draw(st.lists(st.booleans(), min_size=b_n * m,
                                            max_size=b_n * m))).reshape(b_n, m)
    with compiled(jit):
        got = core.coalitions(rule, u, w, valid=valid)
    for b in range(b_n):
        want = ref_coalitions(rule, u[b], w[b])
        keep = np.ones((m, m), dtype=bool) if valid is None else valid[b][:, None] & valid[b]
        keep |= np.eye(m, dtype=bool)
        np.testing.assert_array_equal(got[b][keep], want[keep])


@settings(max_examples=60, deadline=None)
@given(case=smp_kernel_cases(), prm=params_st, jit=st.booleans())
def test_challenges_equal_probedu_loop(case, prm, jit):
    info = state(case)
    w, s = case["w"], case["s"]
    with compiled(jit):
        prob, edu = core.best_challenges(info, w, s, prm)
    u = util_table(case["dist"], case["risk_est"])
    b_n, n = w.shape
    for b in range(b_n):
        for i in range(n):
            for j in range(n):
                want = ref_prob_edu(prm, u[b], w[b], s[b], i, i, i, j)
                assert (prob[b, i, j], edu[b, i, j]) == want, (b, i, j)


@settings(max_examples=60, deadline=None)
@given(case=smp_kernel_cases(), prm=params_st, data=st.data())
def test_challenge_at_equals_probedu_loop(case, prm, data):
    info = state(case)
    w, s = case["w"], case["s"]
    b_n, n = w.shape
    idx = st.lists(st.integers(0, n - 1), min_size=b_n * n, max_size=b_n * n)
    h, k, i, j = (np.array(data.draw(idx)).reshape(b_n, n) for _ in range(4))
    prob, edu = core.prob_edu_at(info, w, s, prm, h, k, i, j)
    u = util_table(case["dist"], case["risk_est"])
    for b in range(b_n):
        for m in range(n):
            want = ref_prob_edu(prm, u[b], w[b], s[b], h[b, m], k[b, m], i[b, m], j[b, m])
            assert (prob[b, m], edu[b, m]) == want, (b, m)


@settings(max_examples=60, deadline=None)
@given(case=smp_kernel_cases(), jit=st.booleans())
def test_bargain_utilities_equal_actor_loop(case, jit):
    u_pi, u_pr = case["u_pi"], case["u_pr"]
    own = case["u_pr"][:, :, : case["dist"].shape[1]] + 0.25  # any (B, a, n) utilities
    init, rcvr = case["brg_init"], case["brg_rcvr"]
    with compiled(jit):
        got = core.bargain_utilities(u_pi, u_pr, own, init, rcvr)
    b_n, a_n, n_b = u_pi.shape
    for b in range(b_n):
        for a in range(a_n):
            for c in range(n_b):
                total = (0.0 + u_pi[b, a, c]) + u_pr[b, a, c]
                for m in range(own.shape[2]):
                    if m not in (init[c], rcvr[b, c]):
                        total = total + own[b, a, m]
                assert got[b, a, c] == total, (b, a, c)


@settings(max_examples=60, deadline=None)
@given(case=smp_kernel_cases(), prm=params_st, jit=st.booleans())
def test_choices_equal_pce_per_actor(case, prm, jit):
    # Each actor k: its status quo, then the bargains it is party to (slot order);
    # all voters' utilities of them, coalitions, a PCE, then the most likely
    # option or KTAB's probSel on the draw.
    init, rcvr, ok = case["brg_init"], case["brg_rcvr"], case["brg_ok"]
    bu, cap = case["u_pi"], case["cap"]
    squ = case["u_pr"][:, :, 0]
    b_n, n = cap.shape
    inv = ok[:, None, :] & ((init[None, None, :] == np.arange(n)[None, :, None])
                            | (rcvr[:, None, :] == np.arange(n)[None, :, None]))
    stochastic = prm.state_transition == "stochastic"
    draws = case["draws"] if stochastic else None
    with compiled(jit):
        got = core.choose_options(prm, cap, squ, bu, inv, draws)
    for b in range(b_n):
        for k in range(n):
            slots = np.flatnonzero(inv[b, k])
            util = np.column_stack([squ[b], bu[b][:, slots]])
            c = ref_coalitions(prm.voting_rule, util, cap[b])
            p, _ = core.pce(prm.pce_model, prm.victory_prob, c[None])
            p = p[0]
            if not stochastic:
                choice = int(np.argmax(p))
            else:
                hit = np.flatnonzero(draws[b, k] <= np.cumsum(p))
                choice = int(hit[0]) if hit.size else slots.size
            assert got[b, k] == (-1 if choice == 0 else slots[choice - 1]), (b, k)


def previous_outputs() -> dict[str, Any]:
    return json.loads((DATA / "smp_previous_outputs.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("jit", [False, True], ids=["numpy", "compiled"])
@pytest.mark.parametrize("case", previous_outputs()["cases"], ids=lambda c: c["name"])
def test_runs_equal_previous_implementation(case, jit):
    acc = None if case["accommodation"] is None else np.array(case["accommodation"])
    with compiled(jit):
        r = smp(np.array(case["positions"]), np.array(case["salience"]),
                np.array(case["capability"]),
                params=SMPParams(**case["switches"]), accommodation=acc, rng=case["seed"],
                max_rounds=case["max_rounds"])
    out = case["outputs"]
    for name in ("positions", "win_prob", "risk_attitude", "change_ratio", "challenge_target",
                 "bargain_initiator", "bargain_receiver"):
        np.testing.assert_array_equal(getattr(r, name), np.array(out[name]), err_msg=name)
    for name in ("challenge_prob", "challenge_gain"):
        np.testing.assert_array_equal(np.nan_to_num(getattr(r, name), nan=-1.0),
                                      np.array(out[name]), err_msg=name)


@pytest.mark.parametrize("jit", [False, True], ids=["numpy", "compiled"])
def test_batch_equals_previous_implementation(jit):
    case = previous_outputs()["batch"]
    with compiled(jit):
        b = smp_batch(np.array(case["positions"]), np.array(case["salience"]),
                      np.array(case["capability"]), params=SMPParams(**case["switches"]),
                      rng=case["seed"], max_rounds=case["max_rounds"])
    np.testing.assert_array_equal(b.num_iter, case["outputs"]["num_iter"])
    np.testing.assert_array_equal(np.nan_to_num(b.positions, nan=-1.0),
                                  np.array(case["outputs"]["positions"]))
    np.testing.assert_array_equal(np.nan_to_num(b.win_prob, nan=-1.0),
                                  np.array(case["outputs"]["win_prob"]))


def test_compiled_kernels_switch(monkeypatch):
    # Small problems and STANCES_JIT=0 use numpy; with Numba, large ones are compiled.
    # The kernels' copies of the starting strengths are the models' constants.
    assert _smp_jit.MIN_COALITION == core.MIN_COALITION
    assert _smp_jit.MIN_CHALLENGE == core.MIN_CHALLENGE_COALITION
    assert _smp_jit.smp_kernels("proportional", work=10.0) is None
    monkeypatch.setenv("STANCES_JIT", "0")
    assert _smp_jit.smp_kernels("proportional", work=1e12) is None
    monkeypatch.setenv("STANCES_JIT", "1")
    pytest.importorskip("numba")
    kernels = _smp_jit.smp_kernels("binary", work=1e12)
    assert kernels is not None
    assert set(kernels) == {"third_party_sums", "best_targets", "third_party_pairs",
                            "group_votes"}
    assert set(_smp_jit.smp_kernels(None, work=1e12) or {}) == {
        "bargain_utilities", "bv_dist", "bv_util", "bs_rows", "new_ideals", "row_sums",
        "unique_last", "pce_conditional", "pce_choice"}


@settings(max_examples=80, deadline=None)
@given(data=st.data(), b_n=st.integers(1, 3), n=st.integers(1, 9), d=st.integers(1, 2))
def test_unique_positions_equal_greedy_scan(data, b_n, n, d):
    # KTAB ueIndices: scanning actors in order, a position is new unless it is
    # within tol of an earlier new one. Positions on a grid of 0.0006 make chains
    # (a ~ b ~ c, a !~ c) and exact duplicates common.
    steps = data.draw(st.lists(st.integers(0, 6), min_size=b_n * n * d, max_size=b_n * n * d))
    pos = np.array(steps, dtype=float).reshape(b_n, n, d) * 0.0006
    tol = 1e-3
    equiv, uniq = core.unique_positions(pos, tol)
    for b in range(b_n):
        kept: list[int] = []
        for i in range(n):
            near = [j for j in kept if np.linalg.norm(pos[b, i] - pos[b, j]) < tol]
            assert equiv[b, i, i]
            if not near:
                kept.append(i)
        np.testing.assert_array_equal(np.flatnonzero(uniq[b]), kept)


def ref_pce(model: str, vp_model: str, c: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """KTAB Model::probCE2 for one election, sums and products term by term."""
    m = c.shape[0]
    pv = core.victory_matrix(vp_model, c)
    if model == "conditional":
        p = np.zeros(m)
        for i in range(m):
            if valid[i]:
                prod = 1.0
                for j in range(m):
                    prod = prod * (pv[i, j] if valid[j] else 1.0)
                p[i] = prod
        total = 0.0
        for i in range(m):
            total = total + p[i]
        return p / total
    both = valid[:, None] & valid[None, :]
    n_valid = 0.0
    for i in range(m):
        n_valid = n_valid + float(valid[i])
    p = np.where(valid, 1.0 / n_valid, 0.0)
    pv_m = np.where(both, pv, 0.0)
    if model == "markov_incentive":
        tol = 1e-8
        inctv = np.where(both, c * pv, 0.0) + np.where(np.eye(m, dtype=bool) & valid[:, None],
                                                       1e-10, 0.0)
        col = np.zeros(m)
        for j in range(m):
            for i in range(m):
                col[j] = col[j] + inctv[i, j]
        with np.errstate(divide="ignore", invalid="ignore"):
            chlg_t = np.where(both, inctv / col[None, :], 0.0).T
    else:
        tol = 1e-6
    for _ in range(1000):
        q = np.zeros(m)
        for i in range(m):
            for j in range(m):
                if model == "markov_incentive":
                    q[i] = q[i] + pv_m[i, j] * (p[i] * chlg_t[i, j] + p[j] * chlg_t[j, i])
                else:
                    q[i] = q[i] + pv_m[i, j] * (p[i] + p[j])
        if model != "markov_incentive":
            q = q / n_valid
        change = np.max(np.abs(q - p))
        p = (p + q) / 2.0
        if not change > tol:
            break
    return p


@settings(max_examples=60, deadline=None)
@given(data=st.data(), m=st.integers(1, 12), prm=params_st)
def test_pce_equals_term_by_term_loops(data, m, prm):
    # The sequential sums and products of a PCE (loops for short axes,
    # ufunc.accumulate for long ones) against plain loops.
    c = np.array(data.draw(st.lists(st.sampled_from([1e-8, 0.5, 1.0, 2.5, 7.0]) | st.floats(
        1e-8, 10.0), min_size=m * m, max_size=m * m))).reshape(m, m)
    valid = np.array(data.draw(st.lists(st.booleans(), min_size=m, max_size=m)))
    valid[data.draw(st.integers(0, m - 1))] = True
    p, _ = core.pce(prm.pce_model, prm.victory_prob, c[None], valid=valid[None])
    np.testing.assert_array_equal(p[0], ref_pce(prm.pce_model, prm.victory_prob, c, valid))


@contextmanager
def pruned(on: bool) -> Iterator[None]:
    """Bound the gains before computing them on every problem size (on) or never (off)."""
    old = _smp_bcn.PRUNE_MIN_ACTORS
    _smp_bcn.PRUNE_MIN_ACTORS = 0 if on else 10**9
    try:
        yield
    finally:
        _smp_bcn.PRUNE_MIN_ACTORS = old


def assert_same_best(got: tuple[np.ndarray, ...], want: tuple[np.ndarray, ...]) -> None:
    """Same target, gain and probability wherever the table's best gain is worth a challenge."""
    has = want[1] > core.MIN_SIG_EDU
    np.testing.assert_array_equal(got[1] > core.MIN_SIG_EDU, has)
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g[has], w[has])


@settings(max_examples=80, deadline=None)
@given(case=smp_kernel_cases(max_actors=8), prm=params_st, jit=st.booleans())
def test_best_targets_equal_table_argmax(case, prm, jit):
    # The bounded search returns the argmax of the full table (first index on
    # ties, which the coarse grid makes common), with the table's numbers.
    info = state(case)
    w, s = case["w"], case["s"]
    with compiled(jit):
        prob, edu = core.best_challenges(info, w, s, prm)
        with pruned(True):
            got = _smp_bcn.best_targets(info, w, s, prm)
    n = w.shape[1]
    edu_m = np.where(np.eye(n, dtype=bool), -np.inf, edu)
    target = np.argmax(edu_m, axis=-1)
    want = (target, np.take_along_axis(edu_m, target[..., None], -1)[..., 0],
            np.take_along_axis(prob, target[..., None], -1)[..., 0])
    assert_same_best(got, want)


@pytest.mark.parametrize("jit", [False, True], ids=["numpy", "compiled"])
@pytest.mark.parametrize("switches", [{}, {"voting_rule": "binary"},
                                      {"voting_rule": "asym_prospect", "big_r_adjust": "full"},
                                      {"voting_rule": "cubic", "victory_prob": "square"}])
def test_best_targets_on_model_states(jit, switches):
    # States of 2 runs x 60 random actors, where the bounds leave most targets
    # out and the search takes several rounds: same results as the full table.
    prm = SMPParams(**switches)
    rng = np.random.default_rng(14)
    pos = rng.uniform(0, 1, (2, 60, 2))
    sal = rng.uniform(0.1, 0.45, (2, 60, 2))
    cap = rng.uniform(10, 200, (2, 60))
    info = core.state_info(pos, pos.copy(), sal, cap, prm)
    s = core._seq_sum(sal)
    w = s * cap
    with compiled(jit):
        with pruned(False):
            want = _smp_bcn.best_targets(info, w, s, prm)
        with pruned(True):
            got = _smp_bcn.best_targets(info, w, s, prm)
    assert_same_best(got, want)


@settings(max_examples=40, deadline=None)
@given(case=smp_kernel_cases(), prm=params_st, jit=st.booleans(), data=st.data())
def test_third_party_pairs_equal_table(case, prm, jit, data):
    info = state(case)
    w, s = case["w"], case["s"]
    b_n, n = w.shape
    prm = SMPParams.model_validate(prm.model_dump() | {"third_party_commit": "semi_commit"})
    sel = np.array(data.draw(st.lists(st.booleans(), min_size=b_n * n * n,
                                      max_size=b_n * n * n))).reshape(b_n, n, n)
    pb, pi, pj = np.nonzero(sel)
    uii, uij, uji, ujj, chij, chji = _smp_bcn._challenge_terms(info, w, prm)
    with compiled(jit):
        prob, edu = core.best_challenges(info, w, s, prm)
        ci, cj = _smp_bcn.third_party_pairs(info, w, prm, uji, ujj, chij, chji, pb, pi, pj)
    ph, ed = core.challenge_gain(ci, cj, uii[pb, pi, 0], uij[pb, pi, pj], s[pb, pj])
    np.testing.assert_array_equal(ph, prob[pb, pi, pj])
    np.testing.assert_array_equal(ed, edu[pb, pi, pj])


def test_gain_bounds_hold_on_model_states():
    # Every gain lies below its bound (the bound the search relies on).
    prm = SMPParams()
    rng = np.random.default_rng(3)
    pos = rng.uniform(0, 1, (1, 50, 1))
    sal = rng.uniform(0.75, 0.99, (1, 50, 1))
    cap = rng.uniform(10, 200, (1, 50))
    info = core.state_info(pos, pos.copy(), sal, cap, prm)
    s = core._seq_sum(sal)
    w = s * cap
    _, edu = core.best_challenges(info, w, s, prm)
    ub = _smp_bcn.gain_upper_bounds(info, w, s, prm, *_smp_bcn._challenge_terms(info, w, prm))
    assert ub is not None
    off = ~np.eye(50, dtype=bool)[None]
    assert np.all(edu[off] <= ub[off])
    assert np.mean(ub[off] < edu.max(axis=-1, where=off, initial=-np.inf)[..., None]
                   .repeat(50, -1)[off]) > 0.5  # the bounds leave most targets out


@pytest.mark.parametrize("threads", ["1", "3"])
def test_compiled_shares_do_not_change_numbers(monkeypatch, threads):
    # The compiled kernels split their work over STANCES_THREADS shares; every
    # challenge adds the same terms in the same order whatever the split.
    pytest.importorskip("numba")
    prm = SMPParams()
    rng = np.random.default_rng(5)
    pos = rng.uniform(0, 1, (1, 40, 1))
    sal = rng.uniform(0.75, 0.99, (1, 40, 1))
    cap = rng.uniform(10, 200, (1, 40))
    info = core.state_info(pos, pos.copy(), sal, cap, prm)
    s = core._seq_sum(sal)
    w = s * cap
    with compiled(False):
        want = core.best_challenges(info, w, s, prm)
        with pruned(True):
            want_best = _smp_bcn.best_targets(info, w, s, prm)
    monkeypatch.setenv("STANCES_THREADS", threads)
    with compiled(True):
        got = core.best_challenges(info, w, s, prm)
        with pruned(True):
            got_best = _smp_bcn.best_targets(info, w, s, prm)
    for g, x in zip(got + got_best, want + want_best, strict=True):
        np.testing.assert_array_equal(g, x)


def test_best_targets_fall_back_to_table(monkeypatch):
    # When many pairs are left after the first round, the search computes the
    # full table instead: same results either way.
    prm = SMPParams()
    rng = np.random.default_rng(8)
    pos = rng.uniform(0, 1, (1, 40, 1))
    sal = rng.uniform(0.75, 0.99, (1, 40, 1))
    cap = rng.uniform(10, 200, (1, 40))
    info = core.state_info(pos, pos.copy(), sal, cap, prm)
    s = core._seq_sum(sal)
    w = s * cap
    with pruned(False):
        want = _smp_bcn.best_targets(info, w, s, prm)
    monkeypatch.setattr(_smp_bcn, "_MAX_SHARE", 0.0)
    with pruned(True):
        got = _smp_bcn.best_targets(info, w, s, prm)
    for g, x in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, x)


@pytest.mark.parametrize("threads", ["1", "2", "5"])
@pytest.mark.parametrize("rule", RULES)
def test_compiled_group_votes_and_bargains_shared_out(monkeypatch, threads, rule):
    # group_votes and bargain_utilities split their pairs (voters) over
    # STANCES_THREADS shares; compiled results equal numpy's for any split,
    # with groups of 0, 1, 2 and many options (shares cut inside groups).
    pytest.importorskip("numba")
    rng = np.random.default_rng(11)
    count = np.array([0, 1, 2, 9, 30, 3, 17])
    xt = np.round(rng.uniform(0, 1, (12, int(count.sum()) + 4)), 1)  # ties, zero votes
    wt = rng.uniform(1, 5, (12, 3))
    cols = np.concatenate([rng.permutation(xt.shape[1])[:m] for m in count])
    groups = rng.integers(0, 3, count.size)
    u_pi, u_pr = rng.uniform(0, 1, (2, 2, 13, 8))
    own = rng.uniform(0, 1, (2, 13, 6))
    init, rcvr = rng.integers(0, 6, 8), rng.integers(0, 6, (2, 8))
    with compiled(False):
        want = core.group_votes(rule, xt, wt, cols, count, groups)
        want_bu = core.bargain_utilities(u_pi, u_pr, own, init, rcvr)
    monkeypatch.setenv("STANCES_THREADS", threads)
    with compiled(True):
        got = core.group_votes(rule, xt, wt, cols, count, groups)
        got_bu = core.bargain_utilities(u_pi, u_pr, own, init, rcvr)
    for g, x in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, x)
    np.testing.assert_array_equal(got_bu, want_bu)


@pytest.mark.parametrize("parts", [1, 2, 3, 8])
def test_split_pairs_cover_every_pair_once(parts):
    count = np.array([0, 5, 1, 40, 2, 7])
    shares = _smp_jit.split_pairs(count, parts)
    assert 1 <= len(shares) <= parts
    # rows r > 0 hold pairs: each exactly once, in order
    rows = [(g, r) for g0, r0, g1, r1 in shares for g in range(g0, min(g1 + 1, count.size))
            for r in range(r0 if g == g0 else 0, r1 if g == g1 else count[g]) if r > 0]
    assert rows == [(g, r) for g in range(count.size) for r in range(1, count[g])]
    sizes = [sum(r for g, r in rows if (g, r) >= (g0, r0) and (g, r) < (g1, r1))
             for g0, r0, g1, r1 in shares]
    assert max(sizes) <= sum(sizes) / len(shares) + 40  # about even (one row at most over)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), n=st.integers(9, 30), axis=st.integers(0, 1))
def test_seq_sum_and_prod_follow_the_loop(data, n, axis):
    # Term by term from 0.0 (1.0), with signed zeros, infinities and NaN
    # common: the same values (and signs of zero) as the plain loop.
    vals = st.sampled_from([0.0, -0.0, 1.5, -2.25, 1e308, -1e308, np.inf, np.nan, 3e-310])
    a = np.array(data.draw(st.lists(vals, min_size=2 * n, max_size=2 * n))).reshape(2, n)
    a[1, : n - 1] = -0.0 if data.draw(st.booleans()) else a[1, : n - 1]  # all -0.0 but the last
    a = a if axis == 1 else a.T.copy()
    for func, op, start in ((_smp_votes._seq_sum, float.__add__, 0.0),
                            (_smp_votes._seq_prod, float.__mul__, 1.0)):
        with np.errstate(all="ignore"):
            got = func(a, axis=axis)
        for r in range(2):
            want = start
            for x in (a[r] if axis == 1 else a[:, r]):
                want = op(want, float(x))
            assert np.array_equal(got[r], want, equal_nan=True)
            assert np.signbit(got[r]) == np.signbit(want) or np.isnan(want)


def test_seq_sum_of_negative_zeros_is_positive_zero():
    # KTAB starts its sums at 0.0: 0.0 + (-0.0) + ... is +0.0
    got = _smp_votes._seq_sum(np.full((2, 12), -0.0))
    assert not np.signbit(got).any()


@settings(max_examples=60, deadline=None)
@given(case=smp_kernel_cases(max_actors=8), prm=params_st, threads=st.sampled_from(["1", "2"]),
       twins=st.booleans())
def test_compiled_best_targets_equal_table_argmax(case, prm, threads, twins):
    # The one-pass compiled search (utilities, principals, third parties, gains,
    # argmax) gives the full table's argmax, gain and probability for every
    # challenger, bit for bit. With twins (actor 1 a copy of actor 0) every
    # other challenger's gains against 0 and 1 tie exactly: the first wins.
    if twins:
        for key in ("dist", "risk_est"):
            case[key][:, 1, :] = case[key][:, 0, :]
            case[key][:, :, 1] = case[key][:, :, 0]
        for key in ("w", "s"):
            case[key][:, 1] = case[key][:, 0]
    info = state(case)
    w, s = case["w"], case["s"]
    with compiled(False):
        want = _smp_bcn._table_argmax(*core.best_challenges(info, w, s, prm))
    with pytest.MonkeyPatch.context() as mp, compiled(True), pruned(False):
        mp.setenv("STANCES_THREADS", threads)
        got = _smp_bcn.best_targets(info, w, s, prm)
    for g, x in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, x)


@settings(max_examples=100, deadline=None)
@given(case=smp_kernel_cases(), rule=st.sampled_from(RULES),
       vp=st.sampled_from(["linear", "square", "quartic", "octic", "binary"]),
       masked=st.booleans(), data=st.data())
def test_coalition_pce_equals_pce_of_coalitions(case, rule, vp, masked, data):
    # The compiled conditional PCE straight from the pairs' votes equals the
    # numpy PCE of the coalition matrix, options left out included (0 / sum).
    prm = SMPParams(voting_rule=rule, victory_prob=vp)
    u, w = case["u_pi"], case["cap"]
    b_n, _, m = u.shape
    valid = None
    if masked:
        valid = np.array(data.draw(st.lists(st.booleans(), min_size=b_n * m,
                                            max_size=b_n * m))).reshape(b_n, m)
        valid[:, 0] = True
    with compiled(False):
        c = core.coalitions(prm.voting_rule, u, w, valid=valid)
        want, _ = core.pce(prm.pce_model, prm.victory_prob, c, valid=valid)
    with compiled(True):
        got = core.coalition_pce(prm.voting_rule, prm.pce_model, prm.victory_prob, u, w,
                                 valid=valid)
    np.testing.assert_array_equal(got, want)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), b_n=st.integers(1, 3), n=st.integers(1, 9), d=st.sampled_from([1, 2, 9]),
       prm=params_st)
def test_compiled_state_info_equals_numpy(data, b_n, n, d, prm):
    # Distances, utilities, risk attitudes and winning probabilities of a state,
    # and the next ideals, with the compiled kernels (distances, unique
    # positions, PCE, new ideals) and with numpy: the same numbers. Positions
    # on a grid of 0.0006 make chains of equivalent positions and duplicates.
    size = b_n * n * d
    pos = np.array(data.draw(st.lists(st.integers(0, 6), min_size=size, max_size=size)),
                   dtype=float).reshape(b_n, n, d) * 0.0006
    ideal = np.array(data.draw(st.lists(st.floats(0, 1), min_size=size, max_size=size)))
    ideal = ideal.reshape(b_n, n, d)
    sal = np.array(data.draw(st.lists(st.sampled_from([0.0, 0.1, 0.5]) | st.floats(0.05, 1),
                                      min_size=size, max_size=size))).reshape(b_n, n, d)
    sal[..., 0] = np.maximum(sal[..., 0], 0.05)
    cap = np.array(data.draw(st.lists(st.floats(1, 200), min_size=b_n * n,
                                      max_size=b_n * n))).reshape(b_n, n)
    acc = np.array(data.draw(st.lists(st.sampled_from([0.0, 0.25, 1.0]), min_size=b_n * n * n,
                                      max_size=b_n * n * n))).reshape(b_n, n, n)
    with compiled(False):
        want = core.state_info(pos, ideal, sal, cap, prm)
        want_ideal = core.new_ideals(pos, ideal, acc)
    with compiled(True):
        got = core.state_info(pos, ideal, sal, cap, prm)
        got_ideal = core.new_ideals(pos, ideal, acc)
    for name in ("dist", "risk", "risk_est", "own", "win_prob"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
    np.testing.assert_array_equal(got_ideal, want_ideal)
