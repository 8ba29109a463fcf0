"""Challenges, bargains and choices of one round of KTAB's SMP (private).

Part of the kernels of :mod:`models.spatial.smp` (see :mod:`models.spatial._smp_core`
for the whole): KTAB's challenge-bargain-choice step (``SMPState::doBCN`` in
``smpbcn.cpp``). Each actor i estimates, for every target j, the probability
:math:`P[i > j]` of winning a challenge (the principals' votes plus every third
party's, :func:`best_challenges`) and its expected gain; the best challenge
becomes a bargain interpolated between the two positions (:func:`interpolate`);
every actor values every bargain (:func:`bargain_utilities`) and each actor
adopts its status quo or one of the bargains it is party to, by a
probabilistic Condorcet election among them (:func:`choose_options`).

The O(n^3) loops (third parties, bargain utilities, votes among each actor's
options) run on blocks of at most :data:`~models.spatial._smp_votes.BLOCK`
elements, or compiled (:mod:`models.spatial._smp_jit`), with the same numbers.

References
----------
.. [1] KAPSARC, "KTAB: KAPSARC Toolkit for Behavioral Analysis", open-source
   C++ code (MIT licence), https://github.com/KAPSARC/KTAB, file
   ``examples/smp/libsrc/smpbcn.cpp``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from models.spatial._smp_jit import (
    VP_MODELS,
    n_threads,
    run_shares,
    smp_kernels,
    split_count,
    split_even,
)
from models.spatial._smp_votes import (
    BLOCK,
    MIN_COALITION,
    Arr,
    BArr,
    IArr,
    _c,
    _seq_sum,
    bs_util,
    bv_diff,
    group_votes,
    pce,
    vote,
)

if TYPE_CHECKING:
    from models.spatial._smp_core import StateInfo

MIN_CHALLENGE_COALITION = 1e-10
"""Strength each side of a challenge starts from (KTAB ``probEduChlg``)."""

MIN_SIG_EDU = 1e-5
"""Smallest expected gain that makes a challenge worth making (``bestChallenge``)."""


# ---------------------------------------------------------------------------
# Challenges


def principals(
    vr: str, uii: Arr, uij: Arr, uji: Arr, ujj: Arr, w_i: Arr, w_j: Arr
) -> tuple[Arr, Arr]:
    """Strengths of the two sides of i's challenge to j before third parties join.

    Each side starts at 1e-10; i's vote ``vote(w_i, u_ii - u_ij)`` and j's
    vote ``vote(w_j, u_ji - u_jj)`` go to the side they favour
    (``SMPState::probEduChlg``). Arguments broadcast; returns ``(ch_ij, ch_ji)``.
    """
    contrib_i = vote(vr, w_i, uii - uij)
    contrib_j = vote(vr, w_j, uji - ujj)
    chij = MIN_CHALLENGE_COALITION + np.where(contrib_i > 0.0, contrib_i, 0.0)
    chji = MIN_CHALLENGE_COALITION - np.where(contrib_i < 0.0, contrib_i, 0.0)
    chij = chij + np.where(contrib_j > 0.0, contrib_j, 0.0)
    chji = chji - np.where(contrib_j < 0.0, contrib_j, 0.0)
    return np.asarray(chij), np.asarray(chji)


def third_party_vote(
    vr: str, a: Arr, b: Arr, c: Arr, wn: Any, c_i0: Arr, c_j0: Arr
) -> Arr:
    """Vote of third party n in i's challenge to j under ``"semi_commit"``.

    ``a``, ``b``, ``c`` are (the estimating actor's estimates of) n's utilities
    of i's position, j's position and its own; ``c_i0``, ``c_j0`` the
    principals' strengths (:func:`principals`). n compares joining i with
    joining j in the three-actor contest (``SMPState::probEduChlg``). With
    ``"no_commit"`` and ``"full_commit"`` the two expected utilities are the
    same expression, so every third-party vote is exactly 0 and callers skip
    the third parties.
    """
    cn = vote(vr, wn, a - b)
    # where(cn > 0, c_i0 + cn, c_i0): adding the 0.0 of fmax leaves c_i0 as it is
    cni = c_i0 + np.fmax(cn, 0.0)
    cnj = c_j0 - np.fmin(cn, 0.0)
    pin = cni / (cni + cnj)
    pjn = 1.0 - pin
    bb = b + b
    u_ik_j = (pin * (a + a + c)) + (pjn * (bb + b))  # n sides with i: (aac, bbb)
    u_i_jk = (pin * (a + a + a)) + (pjn * (bb + c))  # n sides with j: (aaa, bbc)
    return vote(vr, wn, u_ik_j - u_i_jk)


def challenge_gain(chij: Arr, chji: Arr, uki: Arr, ukj: Arr, s_j: Arr) -> tuple[Arr, Arr]:
    """P[i > j] and actor k's expected gain from i's challenge to j (``probEduChlg``)."""
    phij = chij / (chij + chji)
    phji = chji / (chij + chji)
    eu_sq = uki + ukj
    eu_vict = uki + uki
    eu_lose = ukj + ukj
    eu_contest = phij * eu_vict + phji * eu_lose
    eu_chlg = (1 - s_j) * eu_vict + s_j * eu_contest
    return np.asarray(phij), np.asarray(eu_chlg - eu_sq)


def _challenge_terms(info: StateInfo, w: Arr, prm: Any) -> tuple[Arr, ...]:
    """Utilities and principals' strengths of every challenge (i, j), from i's estimates.

    Returns ``uii`` (B, n, 1), ``uij``, ``uji``, ``ujj``, ``chij``, ``chji``
    (B, n, n): u_i(i, i), u_i(i, j), u_i(j, i), u_i(j, j) and :func:`principals`.
    """
    dist, r_est = info.dist, info.risk_est  # dist[b, x, y], r_est[b, h, x]
    # u_h(x, y) = bs_util(dist[x, y], r_est[h, x]) with h = i
    uii = bs_util(np.einsum("bii->bi", dist), np.einsum("bii->bi", r_est))[:, :, None]
    uij = info.own  # u_i(i, j)
    uji = bs_util(np.swapaxes(dist, 1, 2), r_est)  # [b, i, j] = u_i(j, i)
    ujj = bs_util(np.einsum("bjj->bj", dist)[:, None, :], r_est)  # [b, i, j] = u_i(j, j)
    chij, chji = principals(prm.voting_rule, uii, uij, uji, ujj, w[:, :, None], w[:, None, :])
    return uii, uij, uji, ujj, chij, chji


def best_challenges(info: StateInfo, w: Arr, s: Arr, prm: Any) -> tuple[Arr, Arr]:
    """Each actor's own estimate of P[i > j] and of its gain from challenging j.

    Returns ``(prob, edu)`` of shape (B, n_i, n_j), i.e. ``probEduChlg(i, i, i, j)``.
    The third parties n of each pair (i, j) are n^3 terms; they are taken in
    blocks of challengers i (at most :data:`BLOCK` (i, j) pairs at a time),
    one third party after the other, as KTAB adds their votes.
    """
    dist, r_est = info.dist, info.risk_est  # dist[b, x, y], r_est[b, h, x]
    b_n, n = w.shape
    uii, uij, uji, ujj, chij, chji = _challenge_terms(info, w, prm)
    if prm.third_party_commit != "semi_commit":  # third parties never vote
        return challenge_gain(chij, chji, uii, uij, s[:, None, :])
    # u_i(t, j) = bs_util(dist[t, j], r_est[i, t]) = (1 - sd) (1 + sd' r_est[i, t])
    # with sd' = sd where sd <= 1 and 1.0 elsewhere (then 1.0 * r is r): one
    # expression for both branches of bs_util
    one_minus = 1 - dist
    sd_1 = np.where(dist <= 1, dist, 1.0)
    kernels = smp_kernels(prm.voting_rule, float(b_n) * n**3)
    if kernels is not None:
        om_c, sd_c, w_c = _c(one_minus), _c(sd_1), _c(w)
        s_c = _c(s)
        shares = [(om_c, sd_c, *(_c(x[:, lo:hi]) for x in (r_est, uji, ujj)), w_c,
                   _c(chij[:, lo:hi]), _c(chji[:, lo:hi]), _c(uii[:, lo:hi, 0]),
                   _c(uij[:, lo:hi]), s_c, lo)
                  for lo, hi in split_count(n, n_threads())]
        parts = run_shares(kernels["third_party_sums"], shares)  # challenge_gain included
        return (np.concatenate([x[0] for x in parts], axis=1),
                np.concatenate([x[1] for x in parts], axis=1))
    chij, chji = chij.copy(), chji.copy()
    vr = prm.voting_rule
    step = max(1, BLOCK // max(b_n * n, 1))
    for h0 in range(0, n, step):
        hs = slice(h0, min(n, h0 + step))
        a_all, c_all = uji[:, hs], ujj[:, hs]  # a = u_i(t, i), c = u_i(t, t)
        ci0, cj0 = chij[:, hs], chji[:, hs]
        ci, cj = ci0.copy(), cj0.copy()
        rows = np.arange(hs.start, hs.stop)
        for t in range(n):
            bt = one_minus[:, None, t, :] * (1 + sd_1[:, None, t, :] * r_est[:, hs, t, None])
            vn = third_party_vote(vr, a_all[:, :, t, None], bt, c_all[:, :, t, None],
                                  w[:, t, None, None], ci0, cj0)
            vn[:, rows == t, :] = 0.0  # the challenger is not a third party
            vn[:, :, t] = 0.0  # nor is the target
            ci += np.fmax(vn, 0.0)
            cj -= np.fmin(vn, 0.0)
        chij[:, hs], chji[:, hs] = ci, cj
    return challenge_gain(chij, chji, uii, uij, s[:, None, :])


PRUNE_MIN_ACTORS: int | None = None
"""Actors from which :func:`best_targets` bounds the gains before computing them (None: never).

Both ways give the same targets, gains and probabilities. Off by default: on
random scenarios of 1,000 actors the bounds leave 3-7% of the pairs in the
first two rounds (2.2x less work) but more than a quarter from the third round
on, where the search falls back to the full table after a wasted first round.
"""

_TOP = 32  # targets per challenger evaluated first, by upper bound
_SLACK = 1e-9  # relative slack on every bound (round-off is far below it)
_MAX_SHARE = 0.25  # share of the pairs above which the full table is computed instead


def best_targets(info: StateInfo, w: Arr, s: Arr, prm: Any) -> tuple[IArr, Arr, Arr]:
    r"""Each actor's best challenge: its target, expected gain and P[i > target].

    Parameters
    ----------
    info : StateInfo
    w : ndarray of shape (B, n)
        Challenge weights :math:`S_i c_i`.
    s : ndarray of shape (B, n)
        Total saliences.
    prm : SMPParams

    Returns
    -------
    target : ndarray of int, shape (B, n)
        The first j != i with the largest gain ``edu[i, j]`` of
        :func:`best_challenges` (KTAB's ``bestChallenge``).
    best : ndarray of shape (B, n)
        That gain, exactly as :func:`best_challenges` computes it; when no
        gain exceeds :data:`MIN_SIG_EDU`, possibly a lower value or -inf
        (such an actor does not challenge, and its target is then any j != i).
    prob : ndarray of shape (B, n)
        P[i > target], exactly as :func:`best_challenges` computes it, for
        the actors whose ``best`` exceeds :data:`MIN_SIG_EDU`.

    Notes
    -----
    Under ``"semi_commit"`` the third parties of every pair (i, j) make the
    full table O(n^3). Here an O(n^2) upper bound on every gain
    (:func:`gain_upper_bounds`) leaves only the targets that can still be
    best. Each challenger's targets are taken by decreasing bound, in rounds
    of :data:`_TOP`, then twice, four times ... as many, until the next bound
    is below the best gain found (or below :data:`MIN_SIG_EDU`). Evaluated
    pairs go through the same operations in the same order as in the full
    table (:func:`third_party_pairs`), so the result is the table's argmax,
    bit for bit; a target left out has a gain strictly below the best one.
    With 1,000 random actors on one issue 3-7% of the pairs are evaluated in
    the first two rounds of a run; later the bounds are too loose and the
    search falls back to the table (more than :data:`_MAX_SHARE` of the pairs
    left after its first round), which is why it is off by default
    (:data:`PRUNE_MIN_ACTORS`).
    """
    b_n, n = w.shape
    if (prm.third_party_commit != "semi_commit" or PRUNE_MIN_ACTORS is None
            or n < PRUNE_MIN_ACTORS):
        kernels = (smp_kernels(prm.voting_rule, float(b_n) * n**3)
                   if prm.third_party_commit == "semi_commit" else None)
        if kernels is not None:  # the whole search compiled, no (B, n, n) tables
            one_minus, sd_1 = _bt_tables(info.dist)
            args = (_c(info.dist), _c(info.risk_est), _c(info.own), one_minus, _c(sd_1), _c(w),
                    _c(s))
            parts = run_shares(kernels["best_targets"],  # shares of challengers
                               [(*args, lo, hi) for lo, hi in split_count(n, n_threads())])
            target, best, p = (np.concatenate([x[k] for x in parts], axis=1) for k in range(3))
            return np.asarray(target, dtype=np.intp), best, p
        prob, edu = best_challenges(info, w, s, prm)
        return _table_argmax(prob, edu)
    uii, uij, uji, ujj, chij, chji = _challenge_terms(info, w, prm)
    ub = gain_upper_bounds(info, w, s, prm, uii, uij, uji, ujj, chij, chji)
    if ub is None:  # risk estimates outside [-1, 1]: no bound
        prob, edu = best_challenges(info, w, s, prm)
        return _table_argmax(prob, edu)
    tables = _bt_tables(info.dist, swap=True)
    gain = np.full((b_n, n, n), -np.inf)
    prob = np.zeros((b_n, n, n))
    done = np.zeros((b_n, n, n), dtype=bool)

    def evaluate(sel: BArr) -> None:
        pb, pi, pj = np.nonzero(sel)
        ci, cj = third_party_pairs(info, w, prm, uji, ujj, chij, chji, pb, pi, pj, tables)
        ph, ed = challenge_gain(ci, cj, uii[pb, pi, 0], uij[pb, pi, pj], s[pb, pj])
        prob[pb, pi, pj], gain[pb, pi, pj] = ph, ed
        done[pb, pi, pj] = True

    # targets by decreasing bound; evaluate them in rounds of growing size until
    # the next bound of every challenger is below its best gain (or MIN_SIG_EDU)
    rank = np.argsort(-ub, axis=-1, kind="stable")
    ub_sorted = np.take_along_axis(ub, rank, axis=-1)
    n_done = np.zeros((b_n, n), dtype=np.intp)
    thr = np.full((b_n, n), MIN_SIG_EDU)
    step = _TOP
    pos_r = np.arange(n)
    while True:
        nxt = np.take_along_axis(ub_sorted, np.minimum(n_done, n - 1)[..., None], axis=-1)[..., 0]
        open_ = (n_done < n - 1) & (nxt >= thr)
        if not open_.any():
            break
        window = (pos_r >= n_done[..., None]) & (pos_r < (n_done + step)[..., None])
        sel_sorted = window & open_[..., None] & (ub_sorted >= thr[..., None])
        sel = np.zeros((b_n, n, n), dtype=bool)
        np.put_along_axis(sel, rank, sel_sorted, axis=-1)
        evaluate(sel)
        n_done = np.where(open_, n_done + step, n_done)
        thr = np.maximum(gain.max(axis=-1), MIN_SIG_EDU)
        step *= 2
        # at most these pairs are left to evaluate; when they are many (actors
        # near rest, with no gain above MIN_SIG_EDU), the full table is cheaper
        left = np.count_nonzero((ub >= thr[..., None]) & ~done)
        if left + np.count_nonzero(done) > _MAX_SHARE * b_n * n * (n - 1):
            prob_t, edu_t = best_challenges(info, w, s, prm)
            return _table_argmax(prob_t, edu_t)
    # evaluated pairs carry their exact gain, the others -inf (and a bound below thr)
    target = np.argmax(gain, axis=-1)
    none = ~done.any(axis=-1)  # no gain can exceed MIN_SIG_EDU: any target
    target = np.where(none, np.argmax(ub, axis=-1), target)
    best = np.take_along_axis(gain, target[..., None], axis=-1)[..., 0]
    p = np.take_along_axis(prob, target[..., None], axis=-1)[..., 0]
    return target, best, p


def _table_argmax(prob: Arr, edu: Arr) -> tuple[IArr, Arr, Arr]:
    """Target, gain and probability of the best challenge from the full tables (B, n, n)."""
    n = edu.shape[-1]
    ar = np.arange(n)
    edu_m = np.where(ar[:, None] == ar[None, :], -np.inf, edu)
    target = np.argmax(edu_m, axis=-1)
    best = np.take_along_axis(edu_m, target[..., None], axis=-1)[..., 0]
    p = np.take_along_axis(prob, target[..., None], axis=-1)[..., 0]
    return target, best, p


def gain_upper_bounds(
    info: StateInfo, w: Arr, s: Arr, prm: Any, uii: Arr, uij: Arr, uji: Arr, ujj: Arr,
    chij: Arr, chji: Arr,
) -> Arr | None:
    r"""Upper bounds on every gain ``edu[i, j]`` of :func:`best_challenges`, in O(n^2).

    Parameters
    ----------
    info, w, s, prm
        As :func:`best_challenges`.
    uii, uij, uji, ujj, chij, chji : ndarray
        Utilities and principals' strengths (:func:`_challenge_terms`).

    Returns
    -------
    ndarray of shape (B, n, n) or None
        Bounds (-inf on the diagonal); None when a risk estimate lies outside
        [-1, 1], where the bound on utilities below does not hold.

    Notes
    -----
    Third party t votes :math:`\rho(w_t, \Delta_t)` with
    :math:`\Delta_t = p (c - a) + (1 - p)(b - c)`, :math:`p \in [0, 1]`, where
    a, b, c are its utilities of i's, j's and its own position, so
    :math:`\Delta_t \le \max(c - a, b - c, 0)`. Utilities
    :math:`(1 - d)(1 + d r)` do not increase with d for :math:`|r| \le 1`, so
    b is at most t's utility of the position nearest its ideal. Every vote is
    monotone, hence i's side gains at most
    :math:`S_i = \sum_t \rho(w_t, \max(c - a, b_{max} - c, 0))` and j's side
    does not lose: P[i > j] is at most :math:`(C_{ij} + S_i) / (C_{ij} + S_i + C_{ji})`,
    and the gain is linear in P[i > j]. Each bound is widened by a relative
    :data:`_SLACK`, far above the round-off of the exact sums.
    """
    r_est = info.risk_est
    if not np.all(np.abs(r_est) <= 1.0 + _SLACK):
        return None
    n = w.shape[1]
    dmin = np.clip(info.dist.min(axis=-1), 0.0, 1.0)  # (B, t): t's nearest position
    b_max = (1 - dmin[:, None, :]) * (1 + dmin[:, None, :] * r_est)  # [b, i, t]
    a, c = uji, ujj  # [b, i, t] = u_i(t, i), u_i(t, t)
    mag = np.abs(a) + np.abs(c) + np.abs(b_max) + 1.0
    delta = np.maximum(np.maximum(c - a, b_max - c), 0.0) + _SLACK * mag
    votes = np.fmax(vote(prm.voting_rule, w[:, None, :], delta), 0.0)
    votes[:, np.arange(n), np.arange(n)] = 0.0  # the challenger is no third party
    gain_i = votes.sum(axis=-1) * (1 + _SLACK) + 1e-300  # (B, i)
    ci = (chij + gain_i[:, :, None]) * (1 + _SLACK)
    ph = np.minimum(ci / (ci + chji) * (1 + _SLACK), 1.0)
    ev, el = uii + uii, uij + uij
    ec = np.maximum(ph * ev + (1 - ph) * el, el)  # the gain is linear in P[i > j]
    s_j = s[:, None, :]
    scale = np.abs(ev) + np.abs(el) + 1.0
    ub = (1 - s_j) * ev + s_j * ec - (uii + uij) + _SLACK * scale
    ub[:, np.arange(n), np.arange(n)] = -np.inf
    return np.asarray(ub)


def third_party_pairs(
    info: StateInfo, w: Arr, prm: Any, uji: Arr, ujj: Arr, chij: Arr, chji: Arr,
    pb: IArr, pi: IArr, pj: IArr, tables: tuple[Arr, Arr] | None = None,
) -> tuple[Arr, Arr]:
    """Both sides' strengths in the listed challenges (i, j) after the third parties' votes.

    Parameters
    ----------
    info, w, prm
        As :func:`best_challenges`.
    uji, ujj, chij, chji : ndarray of shape (B, n, n)
        ``u_i(t, i)``, ``u_i(t, t)`` (indexed [b, i, t]) and the principals'
        strengths (:func:`_challenge_terms`).
    pb, pi, pj : ndarray of int, shape (n_pairs,)
        Run, challenger and target of each pair.
    tables : tuple of ndarray, optional
        ``_bt_tables(info.dist, swap=True)``, when the caller has them.

    Returns
    -------
    chij, chji : ndarray of shape (n_pairs,)
        The same numbers as :func:`best_challenges`' third-party loop for
        these pairs: third parties t = 0, 1, ..., n - 1 in order (i and j
        left out), the same operations. O(n_pairs x n) work; with Numba
        and enough work the compiled kernel runs the same loop.
    """
    n = w.shape[1]
    dist, r_est = info.dist, info.risk_est
    ci0, cj0 = chij[pb, pi, pj], chji[pb, pi, pj]
    if pb.size == 0:
        return ci0, cj0
    kernels = smp_kernels(prm.voting_rule, float(pb.size) * n * 8)
    if kernels is not None:
        one_minus_t, sd_1_t = _bt_tables(dist, swap=True) if tables is None else tables
        order = np.lexsort((pi, pb))  # groups of one run and challenger
        key = pb[order] * n + pi[order]
        head = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        g_lo = np.r_[head, order.size]
        g_b, g_i = _c(pb[order][head], np.int64), _c(pi[order][head], np.int64)
        pj_o, ci_o, cj_o = _c(pj[order], np.int64), _c(ci0[order]), _c(cj0[order])
        tabs = (one_minus_t, sd_1_t, _c(r_est), _c(uji), _c(ujj), _c(w))
        shares = []
        for g0, g1 in split_even(np.diff(g_lo), n_threads()):  # groups of challenges
            lo, hi = g_lo[g0], g_lo[g1]
            shares.append((*tabs, g_b[g0:g1], g_i[g0:g1], _c(g_lo[g0:g1 + 1] - lo, np.int64),
                           pj_o[lo:hi], ci_o[lo:hi], cj_o[lo:hi]))
        parts = run_shares(kernels["third_party_pairs"], shares)
        out_i, out_j = np.empty_like(ci0), np.empty_like(cj0)
        out_i[order] = np.concatenate([x[0] for x in parts])
        out_j[order] = np.concatenate([x[1] for x in parts])
        return out_i, out_j
    one_minus, sd_1 = _bt_tables(dist)
    vr = prm.voting_rule
    ci, cj = ci0.copy(), cj0.copy()
    for t in range(n):  # one gather per array and third party: memory O(n_pairs)
        bt = one_minus[pb, t, pj] * (1 + sd_1[pb, t, pj] * r_est[pb, pi, t])
        vn = third_party_vote(vr, uji[pb, pi, t], bt, ujj[pb, pi, t], w[pb, t], ci0, cj0)
        vn = np.where((pi != t) & (pj != t), vn, 0.0)
        ci += np.fmax(vn, 0.0)
        cj -= np.fmin(vn, 0.0)
    return ci, cj


def _bt_tables(dist: Arr, swap: bool = False) -> tuple[Arr, Arr]:
    """``1 - dist`` and ``dist`` capped at 1: u(d, r) = (1 - d)(1 + min(d, 1) r) (``bs_util``).

    With ``swap``, the last two axes swapped ([b, j, t]) and C-contiguous.
    """
    one_minus = 1 - dist
    sd_1 = np.where(dist <= 1, dist, 1.0)
    if swap:
        one_minus = np.ascontiguousarray(np.swapaxes(one_minus, 1, 2))
        sd_1 = np.ascontiguousarray(np.swapaxes(sd_1, 1, 2))
    return one_minus, sd_1


def prob_edu_at(
    info: StateInfo, w: Arr, s: Arr, prm: Any, h: IArr, k: IArr, i: IArr, j: IArr
) -> tuple[Arr, Arr]:
    """``probEduChlg(h, k, i, j)`` for one quadruple per run and actor: index arrays (B, m)."""
    dist, r_est = info.dist, info.risk_est
    bi = np.arange(dist.shape[0])[:, None]

    def g(x: IArr, y: IArr) -> Arr:
        return bs_util(dist[bi, x, y], r_est[bi, h, x])

    r_hn = r_est[bi, h]  # (B, m, n): r_est[h, n]
    vr = prm.voting_rule
    chij, chji = principals(vr, g(i, i), g(i, j), g(j, i), g(j, j),
                            np.take_along_axis(w, i, axis=1), np.take_along_axis(w, j, axis=1))
    if prm.third_party_commit == "semi_commit":
        d_t = np.swapaxes(dist, 1, 2)  # [b, y, t] = dist[t, y]
        uni = bs_util(np.take_along_axis(d_t, i[:, :, None], axis=1), r_hn)  # u_h(t, i)
        unj = bs_util(np.take_along_axis(d_t, j[:, :, None], axis=1), r_hn)  # u_h(t, j)
        unn = bs_util(np.einsum("bnn->bn", dist)[:, None, :], r_hn)  # u_h(t, t)
        ci0, cj0 = chij, chji
        for t in range(dist.shape[1]):
            vn = third_party_vote(vr, uni[..., t], unj[..., t], unn[..., t], w[:, t, None],
                                  ci0, cj0)
            vn = np.where((i != t) & (j != t), vn, 0.0)
            chij = chij + np.fmax(vn, 0.0)
            chji = chji - np.fmin(vn, 0.0)
    return challenge_gain(chij, chji, g(k, i), g(k, j), np.take_along_axis(s, j, axis=1))


# ---------------------------------------------------------------------------
# Bargains


def interpolate(ivb: str, ti: Arr, si: Arr, pi: Arr, tj: Arr, sj: Arr, pj: Arr) -> tuple[Arr, Arr]:
    """Interpolated bargain positions of i and j on each dimension (``interpolateBrgn``)."""
    min_w = 1e-6
    if ivb == "s2pmax":
        di = np.where(pj > pi, pj - pi, 0.0)
        dj = np.where(pi > pj, pi - pj, 0.0)
        si2, sj2 = si * si, sj * sj
        dik = (di * sj2) / ((di * sj2) + min_w + ((1 - di) * si2))
        djk = (dj * si2) / ((dj * si2) + min_w + ((1 - dj) * sj2))
        return ti + dik * (tj - ti), tj + djk * (ti - tj)
    if ivb == "s1p1":
        wik, wjk = si * pi, sj * pj
    else:
        wik, wjk = (si * si) * (pi * pi), (sj * sj) * (pj * pj)

    def round4(x: Arr) -> Arr:
        return np.floor(0.5 + x * 10000.0) / 10000.0

    bi = round4(((wik + min_w) * ti + wjk * tj) / (wik + min_w + wjk))
    bj = round4((wik * ti + (min_w + wjk) * tj) / (wik + min_w + wjk))
    return bi, bj


@dataclass(frozen=True, slots=True)
class Step:
    """Everything one BCN step produces for a batch of runs."""

    pos: Arr  # (B, n, d) new positions
    target: IArr  # (B, n) best target of each initiator, -1 if none
    prob: Arr  # (B, n) initiator's estimate of P[i > target]
    gain: Arr  # (B, n) expected gain of that challenge
    brg_init: IArr  # (B, n) initiator of the bargain each actor adopted, -1 for status quo
    brg_rcvr: IArr  # (B, n) receiver of that bargain
    moved: BArr  # (B, n) whether the adopted bargain changed the position


def bcn_step(
    pos: Arr,
    ideal: Arr,
    sal: Arr,
    cap: Arr,
    info: StateInfo,
    prm: Any,
    gens: Sequence[np.random.Generator] | None,
) -> Step:
    """One round of KTAB's challenge-bargain-choice (``SMPState::doBCN``)."""
    b_n, n, _ = pos.shape
    s = _seq_sum(sal)  # total salience of each actor
    w = s * cap  # challenge weights s_i c_i
    target, best, p_iij = best_targets(info, w, s, prm)
    ar = np.arange(n)
    has = best > MIN_SIG_EDU
    bi = np.arange(b_n)[:, None]
    pos_j = pos[bi, target]
    sal_j = sal[bi, target]
    pi = p_iij[..., None]
    b_ii, b_ij = interpolate(prm.inter_vec_brgn, pos, sal, pi, pos_j, sal_j, 1 - pi)
    model = prm.bargain_model
    if model != "init_only_interp":
        # KTAB takes element 1 of probEduChlg(j, i, i, j), the expected gain,
        # where its comment says "probability" (smpbcn.cpp, doBCN).
        _, vjij = prob_edu_at(info, w, s, prm, target, np.broadcast_to(ar, target.shape).copy(),
                              np.broadcast_to(ar, target.shape).copy(), target)
        pj = vjij[..., None]
        b_ji, b_jj = interpolate(prm.inter_vec_brgn, pos, sal, pj, pos_j, sal_j, 1 - pj)
    if model == "init_only_interp":
        slots_i, slots_j = b_ii[:, :, None], b_ij[:, :, None]
        per = 1
    elif model == "init_rcvr_interp":
        slots_i = np.stack([b_ii, b_ji], axis=2)
        slots_j = np.stack([b_ij, b_jj], axis=2)
        per = 2
    else:
        # power-weighted compromise; KTAB weighs j's proposal by c_i * s_j
        wi = (cap * s)[..., None]
        wj = (cap * np.take_along_axis(s, target, axis=1))[..., None]
        slots_i = ((wi * b_ii + wj * b_ji) / (wi + wj))[:, :, None]
        slots_j = ((wi * b_ij + wj * b_jj) / (wi + wj))[:, :, None]
        per = 1
    d = pos.shape[2]
    n_b = n * per
    brg_pi = slots_i.reshape(b_n, n_b, d)
    brg_pr = slots_j.reshape(b_n, n_b, d)
    brg_init = np.repeat(ar, per)  # (n_b,)
    brg_rcvr = np.repeat(target, per, axis=1)  # (B, n_b)
    brg_ok = np.repeat(has, per, axis=1)

    # utility to each voter a of each bargain, and of the status quo
    r = info.risk
    own = info.own  # (B, a, n): u_a(a, n)
    kernels = smp_kernels(None, float(b_n) * n**3)  # the round's O(n^3) loops are compiled
    if kernels is not None:
        ideal_c, sal_c, r_c = _c(ideal), _c(sal), _c(r)
        u_pi = kernels["bv_util"](ideal_c, _c(brg_pi), sal_c, r_c)
        u_pr = kernels["bv_util"](ideal_c, _c(brg_pr), sal_c, r_c)
        squ = kernels["row_sums"](_c(own)) / n  # (B, a)
    else:
        u_pi = bs_util(bv_diff(ideal[:, :, None, :] - brg_pi[:, None, :, :],
                               sal[:, :, None, :]), r[:, :, None])
        u_pr = bs_util(bv_diff(ideal[:, :, None, :] - brg_pr[:, None, :, :],
                               sal[:, :, None, :]), r[:, :, None])
        squ = _seq_sum(own) / n  # (B, a)
    bu = bargain_utilities(u_pi, u_pr, own, brg_init, brg_rcvr) / n  # (B, a, n_b)

    # options of each actor k: its status quo, then the bargains involving it
    inv = brg_ok[:, None, :] & (
        (brg_init[None, None, :] == ar[None, :, None]) | (brg_rcvr[:, None, :] == ar[None, :, None])
    )  # (B, k, n_b)
    draws = None
    if prm.state_transition != "deterministic" and gens is not None:
        draws = np.stack([g.random(n) for g in gens])
    slot = choose_options(prm, cap, squ, bu, inv, draws)  # (B, k), -1: status quo
    is_sq = slot < 0
    slot = np.where(is_sq, 0, slot)
    init_k = np.where(is_sq, -1, brg_init[slot])
    rcvr_k = np.where(is_sq, -1, np.take_along_axis(brg_rcvr, slot, axis=1))
    new_from_init = brg_pi[bi, slot]
    new_from_rcvr = brg_pr[bi, slot]
    new = np.where((init_k == ar)[..., None], new_from_init, new_from_rcvr)
    new = np.where(is_sq[..., None], pos, new)
    moved = np.any(new != pos, axis=-1)
    return Step(
        pos=new,
        target=np.where(has, target, -1),
        prob=np.where(has, p_iij, np.nan),
        gain=np.where(has, best, np.nan),
        brg_init=init_k,
        brg_rcvr=rcvr_k,
        moved=moved,
    )


def bargain_utilities(u_pi: Arr, u_pr: Arr, own: Arr, brg_init: IArr, brg_rcvr: IArr) -> Arr:
    """Sum, for each voter, the utilities of the positions a bargain would leave.

    Parameters
    ----------
    u_pi, u_pr : ndarray of shape (B, a, n_b)
        Utility to voter a of the initiator's and the receiver's new position.
    own : ndarray of shape (B, a, n)
        Utility to voter a of actor m's current position.
    brg_init : ndarray of int, shape (n_b,)
    brg_rcvr : ndarray of int, shape (B, n_b)

    Returns
    -------
    ndarray of shape (B, a, n_b)
        ``(0 + u_pi) + u_pr`` plus ``own[:, :, m]`` for every other actor m in
        actor order (KTAB's sum over the actors' positions after the bargain).
        The n^3 additions run on blocks of voters that fit in cache; the
        entries of the two parties are left out by putting them back after
        each addition, which adds nothing, as adding 0.0 to these positive
        sums does.
    """
    b_n, a_n, n_b = u_pi.shape
    n = own.shape[2]
    kernels = smp_kernels(None, float(b_n) * a_n * n_b * n)
    if kernels is not None:
        init_c, rcvr_c = _c(brg_init, np.int64), _c(brg_rcvr, np.int64)
        parts = run_shares(kernels["bargain_utilities"],  # shares of voters
                           [(_c(u_pi[:, lo:hi]), _c(u_pr[:, lo:hi]), _c(own[:, lo:hi]),
                             init_c, rcvr_c) for lo, hi in split_count(a_n, n_threads())])
        return np.concatenate([np.asarray(x) for x in parts], axis=1)
    bu = (0.0 + u_pi) + u_pr
    # (run, bargain) entries that actor m is party to, for every m
    b_idx, c_idx = np.repeat(np.arange(b_n), n_b), np.tile(np.arange(n_b), b_n)
    party = np.concatenate([brg_init[c_idx], brg_rcvr.reshape(-1)])
    b_all, c_all = np.concatenate([b_idx, b_idx]), np.concatenate([c_idx, c_idx])
    order = np.argsort(party, kind="stable")
    bounds = np.searchsorted(party[order], np.arange(n + 1))
    skip_b, skip_c = b_all[order], c_all[order]
    step = max(1, BLOCK // max(b_n * n_b, 1))
    for a0 in range(0, a_n, step):
        rows = slice(a0, min(a_n, a0 + step))
        block = bu[:, rows]
        add = own[:, rows]
        for m in range(n):
            sb, sc = skip_b[bounds[m]:bounds[m + 1]], skip_c[bounds[m]:bounds[m + 1]]
            kept = block[sb, :, sc]
            block += add[:, :, m, None]
            block[sb, :, sc] = kept
    return bu


def choose_options(prm: Any, cap: Arr, squ: Arr, bu: Arr, inv: BArr, draws: Arr | None) -> IArr:
    """Pick the option each actor adopts: its status quo or a bargain it is party to.

    Parameters
    ----------
    prm : SMPParams
    cap : ndarray of shape (B, a)
        Voting weights.
    squ : ndarray of shape (B, a)
        Utility of the status quo to each voter.
    bu : ndarray of shape (B, a, n_b)
        Utility of each bargain to each voter.
    inv : ndarray of bool, shape (B, k, n_b)
        Bargains that actor k may adopt.
    draws : ndarray of shape (B, k), optional
        Uniform draws for stochastic transitions (None: the most likely option).

    Returns
    -------
    ndarray of int, shape (B, k)
        The adopted bargain, -1 for the status quo. Actor k's options are its
        status quo, then its bargains in slot order; a PCE among them,
        weighted by all actors' votes, gives their probabilities. Actors
        with the same number of options (up to a power of two) are treated
        together; only the pairs among an actor's own options are voted on,
        so the work is the sum over actors of (options^2 x voters). An
        actor with no bargain keeps its status quo (its PCE has one option).
    """
    b_n, n, n_b = inv.shape
    g_n = b_n * n
    count = inv.sum(axis=-1).reshape(g_n)
    n_opt = count + 1
    start = np.cumsum(n_opt) - n_opt  # first option of each actor in the flat list
    rows_b = 1 + n_b
    opt_row = np.empty(int(n_opt.sum()), dtype=np.intp)
    opt_slot = np.full(opt_row.shape, -1, dtype=np.intp)
    opt_row[start] = np.repeat(np.arange(b_n) * rows_b, n)
    gb, gk, slot = np.nonzero(inv)  # ordered by run, actor, slot
    g_e = gb * n + gk
    at = start[g_e] + 1 + np.arange(g_e.size) - np.repeat(np.cumsum(count) - count, count)
    opt_row[at] = gb * rows_b + 1 + slot
    opt_slot[at] = slot
    a_n = squ.shape[1]
    xt = np.concatenate([squ[:, :, None], bu], axis=2).transpose(1, 0, 2).reshape(a_n, -1)
    wt = np.ascontiguousarray(cap.T)
    # every pair (o1 > o2) of each actor's options, actors one after the other
    pro, con = group_votes(prm.voting_rule, xt, wt, opt_row, n_opt, np.arange(g_n) // n)
    n_pair = n_opt * (n_opt - 1) // 2
    kernels = (smp_kernels(None, float(n_pair.sum()) * a_n)
               if prm.pce_model == "conditional" else None)
    if kernels is not None:  # the PCE and the pick of every actor, compiled
        choice = kernels["pce_choice"](
            _c(pro), _c(con), _c(n_opt, np.int64), VP_MODELS.index(prm.victory_prob),
            np.zeros(0) if draws is None else _c(draws.reshape(g_n)))
        return np.asarray(opt_slot[start + choice].reshape(b_n, n), dtype=np.intp)
    p_start = np.cumsum(n_pair) - n_pair
    t1, t2 = np.tril_indices(int(n_opt.max()), -1)
    choice = np.zeros(g_n, dtype=np.intp)
    flat_draws = None if draws is None else draws.reshape(g_n)
    # actors with about the same number of options (up to a power of two; all
    # those with at most 8 options together), in chunks of at most `budget`
    # padded coalition entries; an actor with one option keeps its status quo
    bucket = np.maximum(3, np.ceil(np.log2(n_opt))).astype(np.intp)
    budget = BLOCK * 64
    for key in np.unique(bucket[n_opt > 1]):
        members = np.flatnonzero(bucket == key)
        m = int(n_opt[members].max())
        per_chunk = max(1, budget // (m * m))
        for c0 in range(0, members.size, per_chunk):
            gs = members[c0:c0 + per_chunk]
            k_pair = n_pair[gs]
            li = np.repeat(np.arange(gs.size), k_pair)
            ql = np.arange(li.size) - np.repeat(np.cumsum(k_pair) - k_pair, k_pair)
            pidx = p_start[gs][li] + ql
            c = np.full((gs.size, m, m), MIN_COALITION)
            c[li, t1[ql], t2[ql]] = pro[pidx]
            c[li, t2[ql], t1[ql]] = con[pidx]
            valid = np.arange(m)[None, :] < n_opt[gs][:, None]
            p, _ = pce(prm.pce_model, prm.victory_prob, c, valid=valid)
            if flat_draws is None:
                choice[gs] = np.argmax(p, axis=-1)
            else:
                hit = flat_draws[gs, None] <= np.cumsum(p, axis=-1)
                # KTAB's PRNG::probSel: the first option whose cumulative probability
                # reaches the draw; the last valid one if round-off leaves none
                choice[gs] = np.where(hit.any(axis=-1), np.argmax(hit, axis=-1), count[gs])
    return np.asarray(opt_slot[start + choice].reshape(b_n, n), dtype=np.intp)
