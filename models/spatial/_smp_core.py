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
same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models.spatial._smp_jit import smp_kernels

Arr = NDArray[np.float64]
BArr = NDArray[np.bool_]
IArr = NDArray[np.intp]

MIN_COALITION = 1e-8
"""Strength every coalition starts from in a PCE (KTAB ``Model::coalitions``)."""

MIN_CHALLENGE_COALITION = 1e-10
"""Strength each side of a challenge starts from (KTAB ``probEduChlg``)."""

MIN_SIG_EDU = 1e-5
"""Smallest expected gain that makes a challenge worth making (``bestChallenge``)."""


def _seq_sum(a: Arr, axis: int = -1) -> Arr:
    """Sum along ``axis`` term by term from 0.0, in index order (as KTAB's loops do).

    ``np.add.accumulate`` adds each term to the running sum in order (numpy's
    reductions may sum in pairs instead); a leading 0.0 makes the first
    addition ``0.0 + a[0]``, as in KTAB.
    """
    return _seq_fold(np.add, 0.0, a, axis)


def _seq_prod(a: Arr, axis: int = -1) -> Arr:
    """Multiply along ``axis`` term by term from 1.0, in index order (as KTAB's loops do)."""
    return _seq_fold(np.multiply, 1.0, a, axis)


def _seq_fold(op: np.ufunc, start: float, a: Arr, axis: int) -> Arr:
    """``(((start op a[0]) op a[1]) op ...)`` along ``axis``.

    Short axes (dimensions) in a loop, long ones (actors) with ``op.accumulate``.
    """
    a = np.asarray(a, dtype=float)
    axis = axis % a.ndim
    length = a.shape[axis]
    index: list[Any] = [slice(None)] * a.ndim
    if length <= 8:
        out = np.full(a.shape[:axis] + a.shape[axis + 1:], start)
        for k in range(length):
            index[axis] = k
            out = op(out, a[tuple(index)])
        return out
    head = np.full((*a.shape[:axis], 1, *a.shape[axis + 1:]), start)
    index[axis] = -1
    return np.asarray(op.accumulate(np.concatenate([head, a], axis=axis), axis=axis)[tuple(index)])


def _c(x: Any, dtype: type = float) -> Any:
    """``x`` as a writeable C-contiguous array of ``dtype`` (what the compiled kernels take)."""
    return np.require(x, dtype, ("C_CONTIGUOUS", "WRITEABLE"))


def vote(rule: str, w: Any, du: Any) -> Arr:
    """Vote of an actor with weight ``w`` for a utility difference ``du`` (``Model::vote``)."""
    w = np.asarray(w, dtype=float)
    du = np.asarray(du, dtype=float)
    if rule == "proportional":
        return np.asarray(w * du)
    if rule in ("binary", "prop_bin"):
        r_bin = np.clip(du / 1e-8, -1.0, 1.0)
        if rule == "binary":
            return np.asarray(w * r_bin)
        rbp = 0.2
        return np.asarray(w * ((1 - rbp) * du + rbp * r_bin))
    cubic = du * du * du
    if rule == "prop_cubic":
        rpc = 0.5
        return np.asarray(w * ((1 - rpc) * du + rpc * cubic))
    if rule == "cubic":
        return np.asarray(w * cubic)
    # asym_prospect: the response to gains is 2/3 of the response to losses
    return np.asarray(np.where(du < 0.0, w * du, np.where(du > 0.0, (2.0 * w * du) / 3.0, 0.0)))


def _vp_pair(model: str, s1: Arr, s2: Arr) -> tuple[Arr, Arr]:
    """Victory probabilities of strengths ``s1`` against ``s2`` (``Model::vProb``)."""
    if model == "binary":
        thresh = 1.10
        min_x = 1e-6
        with np.errstate(divide="ignore", invalid="ignore"):
            r12 = s1 / (s1 + s2)
        p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0)
        x1 = np.where(s1 >= thresh * s2, 1.0, np.where(s2 >= thresh * s1, min_x, p12))
        x2 = np.where(s1 >= thresh * s2, min_x, np.where(s2 >= thresh * s1, 1.0, 1 - p12))
    elif model == "linear":
        x1, x2 = s1, s2
    elif model == "square":
        x1, x2 = s1 * s1, s2 * s2
    elif model == "quartic":
        x1, x2 = s1 * s1 * s1 * s1, s2 * s2 * s2 * s2
    else:  # octic
        q1, q2 = s1 * s1 * s1 * s1, s2 * s2 * s2 * s2
        x1, x2 = q1 * q1, q2 * q2
    with np.errstate(divide="ignore", invalid="ignore"):
        total = x1 + x2
        return np.asarray(x1 / total), np.asarray(x2 / total)


def victory_matrix(model: str, c: Arr) -> Arr:
    """Square matrix of P[option i beats option j] from coalition strengths ``c``.

    KTAB computes the lower triangle (i > j) and sets the mirrored entry from
    the same pair, with 0.5 on the diagonal.
    """
    m = c.shape[-1]
    ct = np.swapaxes(c, -1, -2)
    p_low, p_mirror = _vp_pair(model, c, ct)
    lower = np.tril(np.ones((m, m), dtype=bool), -1)
    upper = lower.T
    return np.where(lower, p_low, np.where(upper, np.swapaxes(p_mirror, -1, -2), 0.5))


BLOCK = 1 << 14
"""Elements in one temporary block of the chunked kernels (128 KiB of floats).

The O(n^3) kernels (coalitions, third-party votes, bargain utilities) work on
blocks of this size, so memory stays O(n^2) whatever the number of actors.
"""


def pair_votes(
    rule: str, xt: Arr, wt: Arr, first: IArr, second: IArr, group: IArr | None = None
) -> tuple[Arr, Arr]:
    r"""Votes for and against each listed pair of options, summed voter by voter.

    Parameters
    ----------
    rule : str
        Voting rule (:func:`vote`).
    xt : ndarray of shape (n_voters, n_rows)
        Utility to each voter of each option; the options of every group
        (run, or run and chooser) side by side.
    wt : ndarray of shape (n_voters, n_groups)
        Voting weight of each voter in each group.
    first, second : ndarray of int, shape (n_pairs,)
        The two options of each pair (columns of ``xt``).
    group : ndarray of int, shape (n_pairs,), optional
        The group (column of ``wt``) whose weights vote on each pair; all 0 if
        omitted.

    Returns
    -------
    pro, con : ndarray of shape (n_pairs,)
        With :math:`v_k = \mathrm{vote}(w_k, u_k(\text{first}) - u_k(\text{second}))`,
        ``pro`` is :math:`10^{-8} + \sum_k \max(v_k, 0)` and ``con`` is
        :math:`10^{-8} - \sum_k \min(v_k, 0)`, accumulated voter by voter
        from voter 0 (KTAB's ``Model::coalitions`` for i > j: ``pro`` is
        c[i, j], ``con`` is c[j, i]). Pairs are processed in blocks of
        :data:`BLOCK` elements with one pass over the voters per block, so the
        work is O(n_pairs x n_voters) and the memory O(n_pairs + BLOCK).
    """
    n_voters = xt.shape[0]
    n_pairs = first.shape[0]
    pro = np.empty(n_pairs)
    con = np.empty(n_pairs)
    if n_pairs == 0:
        return pro, con
    single = wt.shape[1] == 1 or group is None
    step = max(BLOCK, 1)
    for lo in range(0, n_pairs, step):
        f = first[lo:lo + step]
        s = second[lo:lo + step]
        g = None if single else group[lo:lo + step]  # type: ignore[index]
        acc_p = np.full(f.shape[0], MIN_COALITION)
        acc_n = np.full(f.shape[0], MIN_COALITION)
        for k in range(n_voters):
            xk = xt[k]
            wk = wt[k, 0] if g is None else wt[k].take(g)
            v = vote(rule, wk, xk.take(f) - xk.take(s))
            # where(v > 0, v, 0) and where(v < 0, v, 0): adding or subtracting
            # 0.0 leaves the (positive) sums unchanged, as fmax/fmin's zeros do
            acc_p += np.fmax(v, 0.0)
            acc_n -= np.fmin(v, 0.0)
        pro[lo:lo + step] = acc_p
        con[lo:lo + step] = acc_n
    return pro, con


def group_pairs(count: IArr) -> tuple[IArr, IArr, IArr, IArr]:
    """Every pair of options within each group, groups one after the other.

    Parameters
    ----------
    count : ndarray of int, shape (n_groups,)
        Number of options of each group.

    Returns
    -------
    pair_group, first, second : ndarray of int, shape (n_pairs,)
        The group of each pair and its two options (o1 > o2, indices within
        the group), in row-major lower-triangle order: (1, 0), (2, 0), (2, 1),
        (3, 0), ... (``np.tril_indices``).
    pair_start : ndarray of int, shape (n_groups,)
        Index of each group's first pair.
    """
    n_pair = count * (count - 1) // 2
    pair_start = np.cumsum(n_pair) - n_pair
    t1, t2 = np.tril_indices(int(count.max()) if count.size else 0, -1)
    pg = np.repeat(np.arange(count.size), n_pair)
    q = np.arange(pg.size) - pair_start[pg]
    return pg, t1[q], t2[q], pair_start


def group_votes(
    rule: str, xt: Arr, wt: Arr, cols: IArr, count: IArr, group: IArr
) -> tuple[Arr, Arr]:
    """Votes on every pair of options within each group (:func:`pair_votes` by groups).

    Parameters
    ----------
    rule : str
    xt : ndarray of shape (n_voters, n_rows)
        Utility to each voter of each option row.
    wt : ndarray of shape (n_voters, n_weight_sets)
        Voting weights.
    cols : ndarray of int, shape (sum(count),)
        The option rows of each group, group after group.
    count : ndarray of int, shape (n_groups,)
    group : ndarray of int, shape (n_groups,)
        Weight set (column of ``wt``) of each group.

    Returns
    -------
    pro, con : ndarray of shape (n_pairs,)
        As :func:`pair_votes`, for the pairs listed by :func:`group_pairs`.
        With Numba (``fast`` extra) and enough work, a compiled kernel runs
        the same sums (see :mod:`models.spatial._smp_jit`).
    """
    n_voters = xt.shape[0]
    n_pairs = int((count * (count - 1) // 2).sum())
    kernels = smp_kernels(rule, float(n_pairs) * n_voters)
    if kernels is not None and n_pairs:
        pro, con = kernels["group_votes"](
            _c(xt), _c(wt), _c(cols, np.int64), _c(count, np.int64), _c(group, np.int64)
        )
        return np.asarray(pro), np.asarray(con)
    pg, o1, o2, _ = group_pairs(count)
    col_start = np.cumsum(count) - count
    base = col_start[pg]
    return pair_votes(rule, xt, wt, cols[base + o1], cols[base + o2], group[pg])


def coalitions(rule: str, u: Arr, w: Arr, valid: BArr | None = None) -> Arr:
    """Coalition strengths c[i, j] supporting option i against option j.

    Parameters
    ----------
    rule : str
        Voting rule.
    u : ndarray of shape (..., n_voters, n_options)
        Utility to each voter of each option.
    w : ndarray of shape (..., n_voters)
        Voting weights.
    valid : ndarray of bool, shape (..., n_options), optional
        Options that take part; entries between other options are left at
        1e-8 (a PCE never reads them).

    Returns
    -------
    ndarray of shape (..., n_options, n_options)
        ``Model::coalitions``: for i > j, votes v_k(i:j) > 0 add to c[i, j] and
        votes < 0 add their magnitude to c[j, i], voter by voter; every entry
        starts at 1e-8 (see :func:`pair_votes`).
    """
    *lead, n_voters, m = u.shape
    g_n = int(np.prod(lead, dtype=np.intp))
    xt = np.ascontiguousarray(
        np.moveaxis(u.reshape(g_n, n_voters, m), 1, 0).reshape(n_voters, g_n * m)
    )
    wt = np.ascontiguousarray(np.broadcast_to(w, (*lead, n_voters)).reshape(g_n, n_voters).T)
    if valid is None:
        cols = np.arange(g_n * m)
        count = np.full(g_n, m)
    else:
        cols = np.flatnonzero(valid.reshape(g_n * m))
        count = valid.reshape(g_n, m).sum(axis=-1)
    groups = np.arange(g_n)
    pro, con = group_votes(rule, xt, wt, cols, count, groups)
    g, o1, o2, _ = group_pairs(count)
    base = (np.cumsum(count) - count)[g]
    i, j = cols[base + o1] - g * m, cols[base + o2] - g * m
    c = np.full((g_n, m, m), MIN_COALITION)
    c[g, i, j] = pro
    c[g, j, i] = con
    return c.reshape(*lead, m, m)


def pce(
    model: str, vp_model: str, c: Arr, valid: BArr | None = None, max_iter: int = 1000
) -> tuple[Arr, Arr]:
    """Probabilistic Condorcet election over options with coalition strengths ``c``.

    Parameters
    ----------
    model : {"conditional", "markov_incentive", "markov_uniform"}
    vp_model : str
        Victory-probability model.
    c : ndarray of shape (..., n_options, n_options)
    valid : ndarray of bool, shape (..., n_options), optional
        Options that take part (the others get probability 0).
    max_iter : int
        Cap on the Markov iterations.

    Returns
    -------
    p : ndarray of shape (..., n_options)
        Probability of each option (``Model::probCE2``).
    pv : ndarray of shape (..., n_options, n_options)
        Victory probabilities.
    """
    m = c.shape[-1]
    if valid is None:
        valid = np.ones(c.shape[:-1], dtype=bool)
    pv = victory_matrix(vp_model, c)
    vcol = valid[..., None, :]
    vrow = valid[..., :, None]
    if model == "conditional":
        p = _seq_prod(np.where(vcol, pv, 1.0))  # prod over valid j of P[i > j]
        p = np.where(valid, p, 0.0)
        p = p / _seq_sum(p)[..., None]
        return p, pv
    n_valid = _seq_sum(valid.astype(float))[..., None]
    p = np.where(valid, 1.0 / n_valid, 0.0)
    pv_m = np.where(vrow & vcol, pv, 0.0)
    if model == "markov_incentive":
        tol = 1e-8
        inctv = np.where(vrow & vcol, c * pv, 0.0) + np.where(
            np.eye(m, dtype=bool) & vrow, 1e-10, 0.0
        )
        col_sum = _seq_sum(inctv, axis=-2)[..., None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            chlg = np.where(vrow & vcol, inctv / col_sum, 0.0)
        chlg_t = np.swapaxes(chlg, -1, -2)
    else:
        tol = 1e-6
        chlg_t = np.zeros(0)
    active = np.ones(c.shape[:-2], dtype=bool)
    for _ in range(max_iter):
        if not active.any():
            break
        if model == "markov_incentive":
            ct = p[..., :, None] * chlg_t
            q = _seq_sum(pv_m * (ct + np.swapaxes(ct, -1, -2)))
        else:
            q = _seq_sum(pv_m * (p[..., :, None] + p[..., None, :])) / n_valid
        change = np.max(np.abs(q - p), axis=-1)
        p = np.where(active[..., None], (p + q) / 2.0, p)
        active = active & (change > tol)
    return p, pv


def big_r_from_prob(p: Arr, r_range: str) -> Arr:
    """Risk attitudes inferred from the PCE probabilities (``Model::bigRfromProb``).

    The most likely position gets R = 1 and the least likely R = -1 ("max"),
    -0.5 ("mid") or 0 ("min"), linearly in between. When all probabilities are
    equal KTAB divides by zero; here every actor is then risk neutral.
    """
    p_min = np.min(p, axis=-1, keepdims=True)
    p_max = np.max(p, axis=-1, keepdims=True)
    span = p_max - p_min
    safe = np.where(span > 0, span, 1.0)
    if r_range == "min":
        r = (p - p_min) / safe
    elif r_range == "mid":
        r = (3 * p - (p_max + 2 * p_min)) / (2 * safe)
    else:
        r = (2 * p - (p_max + p_min)) / safe
    return np.where(span > 0, r, 0.0)


def est_nra(rh: Arr, ri: Arr, adjust: str) -> Arr:
    """Actor h's estimate of actor i's risk attitude (``Model::estNRA``)."""
    if adjust == "full":
        return ri + 0.0 * rh
    if adjust == "two_thirds":
        return (rh + (2.0 * ri)) / 3.0
    if adjust == "half":
        return (rh + ri) / 2
    if adjust == "one_third":
        return ((2.0 * rh) + ri) / 3.0
    return rh + 0.0 * ri


def bs_util(sd: Arr, r: Arr) -> Arr:
    """Return the utility of a weighted distance ``sd`` for risk attitude ``r`` (``bsUtil``)."""
    if np.all(sd <= 1):  # distances on the unit cube: the first branch everywhere
        return np.asarray((1 - sd) * (1 + sd * r))
    return np.where(sd <= 1, (1 - sd) * (1 + sd * r), (1 - sd) * (1 + r))


def bv_diff(delta: Arr, sal: Arr) -> Arr:
    """Salience-weighted Euclidean distance (``SMPModel::bvDiff``), summing over the last axis."""
    ds = delta * sal
    return np.asarray(np.sqrt(_seq_sum(ds * ds) / _seq_sum(sal * sal)))


def euclid(delta: Arr) -> Arr:
    """Plain Euclidean norm over the last axis (``KBase::norm``)."""
    return np.asarray(np.sqrt(_seq_sum(delta * delta)))


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
    dist = bv_diff(ideal[:, :, None, :] - pos[:, None, :, :], sal[:, :, None, :])
    zero = np.zeros_like(dist)
    rn_util = bs_util(dist, zero)
    c = coalitions(prm.voting_rule, rn_util, cap)
    p, _ = pce(prm.pce_model, prm.victory_prob, c)
    risk = big_r_from_prob(p, prm.big_r_range)
    r_hi = est_nra(risk[:, :, None], risk[:, None, :], prm.big_r_adjust)  # (B, h, i)
    own = bs_util(dist, np.einsum("bii->bi", r_hi)[:, :, None])
    # winning probabilities: own-perspective utilities over the unique positions
    equiv, uniq = unique_positions(pos, prm.position_tolerance)
    cw = coalitions(prm.voting_rule, own, cap, valid=uniq)
    pw, _ = pce(prm.pce_model, prm.victory_prob, cw, valid=uniq)
    n = pos.shape[1]
    last = np.where(equiv & uniq[:, None, :], np.arange(n), -1).max(axis=-1)
    win = np.take_along_axis(pw, last, axis=-1)
    return StateInfo(dist=dist, risk=risk, risk_est=r_hi, own=own, win_prob=win)


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


def best_challenges(info: StateInfo, w: Arr, s: Arr, prm: Any) -> tuple[Arr, Arr]:
    """Each actor's own estimate of P[i > j] and of its gain from challenging j.

    Returns ``(prob, edu)`` of shape (B, n_i, n_j), i.e. ``probEduChlg(i, i, i, j)``.
    The third parties n of each pair (i, j) are n^3 terms; they are taken in
    blocks of challengers i (at most :data:`BLOCK` (i, j) pairs at a time),
    one third party after the other, as KTAB adds their votes.
    """
    dist, r_est = info.dist, info.risk_est  # dist[b, x, y], r_est[b, h, x]
    b_n, n = w.shape
    # u_h(x, y) = bs_util(dist[x, y], r_est[h, x]) with h = i
    uii = bs_util(np.einsum("bii->bi", dist), np.einsum("bii->bi", r_est))[:, :, None]
    uij = info.own  # u_i(i, j)
    uji = bs_util(np.swapaxes(dist, 1, 2), r_est)  # [b, i, j] = u_i(j, i)
    ujj = bs_util(np.einsum("bjj->bj", dist)[:, None, :], r_est)  # [b, i, j] = u_i(j, j)
    chij, chji = principals(prm.voting_rule, uii, uij, uji, ujj, w[:, :, None], w[:, None, :])
    if prm.third_party_commit != "semi_commit":  # third parties never vote
        return challenge_gain(chij, chji, uii, uij, s[:, None, :])
    # u_i(t, j) = bs_util(dist[t, j], r_est[i, t]) = (1 - sd) (1 + sd' r_est[i, t])
    # with sd' = sd where sd <= 1 and 1.0 elsewhere (then 1.0 * r is r): one
    # expression for both branches of bs_util
    one_minus = 1 - dist
    sd_1 = np.where(dist <= 1, dist, 1.0)
    kernels = smp_kernels(prm.voting_rule, float(b_n) * n**3)
    if kernels is not None:
        chij, chji = kernels["third_party_sums"](
            *(_c(x) for x in (one_minus, sd_1, r_est, uji, ujj, w, chij, chji))
        )
        return challenge_gain(chij, chji, uii, uij, s[:, None, :])
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
    prob, edu = best_challenges(info, w, s, prm)
    ar = np.arange(n)
    edu_m = np.where(ar[:, None] == ar[None, :], -np.inf, edu)
    target = np.argmax(edu_m, axis=-1)
    best = np.take_along_axis(edu_m, target[..., None], axis=-1)[..., 0]
    has = best > MIN_SIG_EDU
    p_iij = np.take_along_axis(prob, target[..., None], axis=-1)[..., 0]
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
    u_pi = bs_util(bv_diff(ideal[:, :, None, :] - brg_pi[:, None, :, :], sal[:, :, None, :]),
                   r[:, :, None])
    u_pr = bs_util(bv_diff(ideal[:, :, None, :] - brg_pr[:, None, :, :], sal[:, :, None, :]),
                   r[:, :, None])
    bu = bargain_utilities(u_pi, u_pr, own, brg_init, brg_rcvr) / n  # (B, a, n_b)
    squ = _seq_sum(own) / n  # (B, a)

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
        return np.asarray(kernels["bargain_utilities"](
            _c(u_pi), _c(u_pr), _c(own), _c(brg_init, np.int64), _c(brg_rcvr, np.int64)
        ))
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


def new_ideals(pos: Arr, old: Arr, acc: Arr) -> Arr:
    """Ideal points after accommodation (``SMPState::newIdeals``).

    ideal_i <- sum_j a_ij pos_j + (1 - sum_j a_ij) ideal_i, with ``acc`` of
    shape (B, n, n), both sums over j in order.
    """
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
        cur = StateInfo(dist=dist0[a], risk=risk[a, it - 1], risk_est=r_est[a], own=own[a],
                        win_prob=win[a, it - 1])
        sub_gens = None if gens is None else [gens[int(b)] for b in a]
        st = bcn_step(pos[a], ideal[a], sal[a], cap[a], cur, prm, sub_gens)
        new_ideal = new_ideals(st.pos, ideal[a], acc[a])
        nxt = state_info(st.pos, new_ideal, sal[a], cap[a], prm)
        move = state_dist(st.pos, pos[a])
        if it == 1:
            d01[a] = move + prm.min_sig_delta
        ratio = move / d01[a]
        positions[a, it], ideals[a, it] = st.pos, new_ideal
        win[a, it], risk[a, it], ratio_h[a, it - 1] = nxt.win_prob, nxt.risk, ratio
        target[a, it - 1], prob[a, it - 1], gain[a, it - 1] = st.target, st.prob, st.gain
        b_init[a, it - 1], b_rcvr[a, it - 1], moved[a, it - 1] = st.brg_init, st.brg_rcvr, st.moved
        pos[a], ideal[a], dist0[a] = st.pos, new_ideal, nxt.dist
        r_est[a], own[a] = nxt.risk_est, nxt.own
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
