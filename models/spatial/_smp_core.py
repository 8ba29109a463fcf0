"""Vectorised kernels of KTAB's Spatial Model of Politics (private to :mod:`models.spatial.smp`).

Every kernel works on arrays with leading batch axes, so one call treats many
runs (and, inside a run, many actors or actor pairs) at once. Sums that KTAB
accumulates term by term are accumulated here in the same order
(:func:`_seq_sum`), so that rounding follows KTAB's C++ and logged values are
reproduced to their printed precision.

The formulas are those of KTAB's ``kmodel.cpp`` (votes, coalitions, victory
probabilities, probabilistic Condorcet elections, risk attitudes, third-party
votes) and ``smp.cpp``/``smpbcn.cpp`` (utilities, challenges, bargains, choice
among bargains, ideal accommodation, stopping rule); see :mod:`models.spatial.smp` for
the references.

With n actors a round adds O(n^3) terms: the third parties of every challenge
(:func:`best_challenges`), the votes on every pair of options
(:func:`group_votes`: positions, unique positions, and each actor's own
bargains only) and the utility of every bargain to every voter
(:func:`bargain_utilities`). KTAB's table of every actor's estimate of every
utility (n^3 numbers) is never stored: :class:`StateInfo` keeps the n x n
distances and risk estimates it is made of. Each O(n^3) loop runs on blocks of
at most :data:`BLOCK` elements, so memory stays O(n^2); with Numba and enough
work the same loops run compiled (:mod:`models.spatial._smp_jit`), with the
same numbers, split over ``STANCES_THREADS`` threads (same numbers for any
number). With :data:`~models.spatial._smp_bcn.PRUNE_MIN_ACTORS` set, the
third parties are summed only for the challenges that can still be an
actor's best (:func:`~models.spatial._smp_bcn.best_targets`: O(n^2) upper
bounds on every gain, then exact sums for the targets above the best gain
found), again with the same numbers; off by default (see there).

The kernels live in three modules: :mod:`models.spatial._smp_votes` (votes,
coalitions, PCE, utilities and risk attitudes: ``kmodel.cpp``),
:mod:`models.spatial._smp_bcn` (challenges, bargains and choices: ``doBCN``)
and this one (a state's utilities and winning probabilities, ideal
accommodation and whole runs), which re-exports the other two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.spatial._smp_bcn import (
    MIN_CHALLENGE_COALITION,
    MIN_SIG_EDU,
    Step,
    bargain_utilities,
    bcn_step,
    best_challenges,
    challenge_gain,
    choose_options,
    interpolate,
    prob_edu_at,
)
from models.spatial._smp_jit import smp_kernels
from models.spatial._smp_votes import (
    BLOCK,
    MIN_COALITION,
    Arr,
    BArr,
    IArr,
    _c,
    _seq_sum,
    big_r_from_prob,
    bs_util,
    bv_diff,
    coalition_pce,
    coalitions,
    est_nra,
    euclid,
    group_pairs,
    group_votes,
    pair_votes,
    pce,
    victory_matrix,
    vote,
)

__all__ = [
    "BLOCK", "MIN_CHALLENGE_COALITION", "MIN_COALITION", "MIN_SIG_EDU", "BatchRun", "StateInfo",
    "Step", "_seq_sum", "bargain_utilities", "bcn_step", "best_challenges", "big_r_from_prob",
    "bs_util", "bv_diff", "challenge_gain", "choose_options", "coalition_pce", "coalitions",
    "est_nra", "euclid",
    "group_pairs", "group_votes", "interpolate", "new_ideals", "pair_votes", "pce",
    "prob_edu_at", "run_batch", "state_dist", "state_info", "unique_positions",
    "victory_matrix", "vote",
]

# ---------------------------------------------------------------------------
# One state: utilities, risk attitudes, winning probabilities


@dataclass(frozen=True, slots=True)
class StateInfo:
    """What KTAB's ``setAllAUtil`` and ``pDist(-1)`` compute for a state (batched).

    KTAB's utility table :math:`u_h(x, y)`, actor h's estimate of the utility
    to actor x of actor y's position, has n^3 entries; it is not stored but
    computed where it is needed as ``bs_util(dist[x, y], risk_est[h, x])``.
    """

    dist: Arr  # (B, n, n): distance from x's ideal to y's position, x's saliences
    risk: Arr  # (B, n): inferred risk attitudes
    risk_est: Arr  # (B, h, x): h's estimate of x's risk attitude
    own: Arr  # (B, x, y): u_x(x, y), each actor's own estimate of its utility of y's position
    win_prob: Arr  # (B, n): probability of each actor's position


def unique_positions(pos: Arr, tol: float) -> tuple[BArr, BArr]:
    """Greedy unique positions (``KBase::ueIndices`` with ``equivNdx``).

    Returns the equivalence matrix (B, n, n) and the mask (B, n) of positions
    that open a new equivalence class, scanning actors in order.
    """
    d = euclid(pos[:, :, None, :] - pos[:, None, :, :])
    equiv = d < tol
    n = pos.shape[1]
    # lead[i]: the first actor within tol of i. When its class equals i's, the
    # lead has no earlier equivalent, so the scan keeps it and drops i (unless
    # i is its own lead): no scan is needed for i. Only the other actors (chains
    # of positions within tol) are scanned, in order.
    lead = np.argmax(equiv, axis=-1)  # (B, n)
    same = np.all(equiv == np.take_along_axis(equiv, lead[:, :, None], axis=1), axis=-1)
    uniq: BArr = np.asarray(lead == np.arange(n))
    for i in np.flatnonzero(~same.all(axis=0)):
        uniq[:, i] = ~np.any(equiv[:, i, :i] & uniq[:, :i], axis=-1)
    return equiv, uniq


def state_info(pos: Arr, ideal: Arr, sal: Arr, cap: Arr, prm: Any) -> StateInfo:
    """Utilities, inferred risk attitudes and winning probabilities of a state.

    Parameters
    ----------
    pos, ideal : ndarray of shape (B, n, d)
        Positions and ideal points on [0, 1].
    sal : ndarray of shape (B, n, d)
    cap : ndarray of shape (B, n)
    prm : SMPParams
    """
    b_n, n = pos.shape[:2]
    kernels = smp_kernels(None, float(b_n) * n**3)  # the round's O(n^3) loops are compiled
    if kernels is not None:
        dist = kernels["bv_dist"](_c(ideal), _c(pos), _c(sal))
        rn_util = kernels["bs_rows"](dist, np.zeros((b_n, n)))
    else:
        dist = bv_diff(ideal[:, :, None, :] - pos[:, None, :, :], sal[:, :, None, :])
        rn_util = bs_util(dist, np.zeros_like(dist))
    p = coalition_pce(prm.voting_rule, prm.pce_model, prm.victory_prob, rn_util, cap)
    risk = big_r_from_prob(p, prm.big_r_range)
    r_hi = est_nra(risk[:, :, None], risk[:, None, :], prm.big_r_adjust)  # (B, h, i)
    r_own = np.einsum("bii->bi", r_hi)
    own = (bs_util(dist, r_own[:, :, None]) if kernels is None
           else kernels["bs_rows"](dist, _c(r_own)))
    # winning probabilities: own-perspective utilities over the unique positions
    if kernels is not None:
        uniq, last = kernels["unique_last"](_c(pos), float(prm.position_tolerance))
    else:
        equiv, uniq = unique_positions(pos, prm.position_tolerance)
        last = np.where(equiv & uniq[:, None, :], np.arange(n), -1).max(axis=-1)
    pw = coalition_pce(prm.voting_rule, prm.pce_model, prm.victory_prob, own, cap, valid=uniq)
    win = np.take_along_axis(pw, last, axis=-1)
    return StateInfo(dist=dist, risk=risk, risk_est=r_hi, own=own, win_prob=win)



def new_ideals(pos: Arr, old: Arr, acc: Arr) -> Arr:
    """Ideal points after accommodation (``SMPState::newIdeals``).

    ideal_i <- sum_j a_ij pos_j + (1 - sum_j a_ij) ideal_i, with ``acc`` of
    shape (B, n, n), both sums over j in order.
    """
    b_n, n = pos.shape[:2]
    kernels = smp_kernels(None, float(b_n) * n**3)
    if kernels is not None:
        return np.asarray(kernels["new_ideals"](_c(pos), _c(old), _c(acc)))
    out = _seq_sum(acc[..., None] * pos[:, None, :, :], axis=2)  # (B, i, d)
    lag = 1.0 - np.minimum(_seq_sum(acc, axis=2), 1.0)
    return out + lag[..., None] * old


def state_dist(p1: Arr, p2: Arr) -> Arr:
    """Sum over actors of the Euclidean distance between two states (``stateDist``)."""
    return _seq_sum(euclid(p1 - p2))


# ---------------------------------------------------------------------------
# Whole runs


@dataclass(frozen=True, slots=True)
class BatchRun:
    """Histories of a batch of runs, padded to ``max_rounds + 1`` states."""

    positions: Arr  # (B, T, n, d), NaN after a run stopped
    ideals: Arr  # (B, T, n, d)
    win_prob: Arr  # (B, T, n)
    risk: Arr  # (B, T, n)
    change_ratio: Arr  # (B, T - 1)
    target: IArr  # (B, T - 1, n)
    prob: Arr  # (B, T - 1, n)
    gain: Arr  # (B, T - 1, n)
    brg_init: IArr  # (B, T - 1, n)
    brg_rcvr: IArr  # (B, T - 1, n)
    moved: BArr  # (B, T - 1, n)
    num_iter: IArr  # (B,)
    converged: BArr  # (B,)


def run_batch(
    pos0: Arr,
    sal: Arr,
    cap: Arr,
    acc: Arr,
    prm: Any,
    max_rounds: int,
    gens: Sequence[np.random.Generator] | None,
) -> BatchRun:
    """Run KTAB's SMP from ``pos0`` (B, n, d) on [0, 1] until its stopping rule holds.

    The stopping rule is KTAB's ``smpStopFn``: stop after round t when
    t >= ``max_rounds``, or when t >= ``prm.min_rounds`` and the summed
    Euclidean move of round t, divided by that of round 1 plus
    ``prm.min_sig_delta``, is below ``prm.min_delta_ratio``.
    """
    b_n, n, d = pos0.shape
    t_n = max_rounds + 1
    positions = np.full((b_n, t_n, n, d), np.nan)
    ideals = np.full((b_n, t_n, n, d), np.nan)
    win = np.full((b_n, t_n, n), np.nan)
    risk = np.full((b_n, t_n, n), np.nan)
    ratio_h = np.full((b_n, t_n - 1), np.nan)
    target = np.full((b_n, t_n - 1, n), -1, dtype=np.intp)
    prob = np.full((b_n, t_n - 1, n), np.nan)
    gain = np.full((b_n, t_n - 1, n), np.nan)
    b_init = np.full((b_n, t_n - 1, n), -1, dtype=np.intp)
    b_rcvr = np.full((b_n, t_n - 1, n), -1, dtype=np.intp)
    moved = np.zeros((b_n, t_n - 1, n), dtype=bool)
    num_iter = np.zeros(b_n, dtype=np.intp)
    converged = np.zeros(b_n, dtype=bool)

    pos = pos0.copy()
    ideal = pos0.copy()
    info = state_info(pos, ideal, sal, cap, prm)
    positions[:, 0], ideals[:, 0], win[:, 0], risk[:, 0] = pos, ideal, info.win_prob, info.risk
    r_est, own, dist0 = info.risk_est, info.own, info.dist
    d01 = np.zeros(b_n)
    active = np.arange(b_n)
    it = 0
    while active.size:
        it += 1
        a = active
        # every run still going (one run, say): views instead of gathered copies
        x = slice(None) if a.size == b_n else a
        cur = StateInfo(dist=dist0[x], risk=risk[x, it - 1], risk_est=r_est[x], own=own[x],
                        win_prob=win[x, it - 1])
        sub_gens = None if gens is None else [gens[int(b)] for b in a]
        st = bcn_step(pos[x], ideal[x], sal[x], cap[x], cur, prm, sub_gens)
        new_ideal = new_ideals(st.pos, ideal[x], acc[x])
        nxt = state_info(st.pos, new_ideal, sal[x], cap[x], prm)
        move = state_dist(st.pos, pos[x])
        if it == 1:
            d01[x] = move + prm.min_sig_delta
        ratio = move / d01[x]
        positions[x, it], ideals[x, it] = st.pos, new_ideal
        win[x, it], risk[x, it], ratio_h[x, it - 1] = nxt.win_prob, nxt.risk, ratio
        target[x, it - 1], prob[x, it - 1], gain[x, it - 1] = st.target, st.prob, st.gain
        b_init[x, it - 1], b_rcvr[x, it - 1], moved[x, it - 1] = st.brg_init, st.brg_rcvr, st.moved
        pos[x], ideal[x], dist0[x] = st.pos, new_ideal, nxt.dist
        r_est[x], own[x] = nxt.risk_est, nxt.own
        quiet = (it >= prm.min_rounds) & (ratio < prm.min_delta_ratio)
        done = quiet | (max_rounds <= it)
        converged[a[done]] = quiet[done]
        num_iter[a[done]] = it
        active = a[~done]
    return BatchRun(
        positions=positions, ideals=ideals, win_prob=win, risk=risk, change_ratio=ratio_h,
        target=target, prob=prob, gain=gain, brg_init=b_init, brg_rcvr=b_rcvr, moved=moved,
        num_iter=num_iter, converged=converged,
    )
