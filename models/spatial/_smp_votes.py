r"""Votes, coalitions and probabilistic Condorcet elections of KTAB's SMP (private).

Part of the kernels of :mod:`models.spatial.smp` (see :mod:`models.spatial._smp_core`
for the whole): the actor-level primitives of KTAB's ``kmodel.cpp`` and
``smp.cpp``. A voter k with weight :math:`w_k` votes
:math:`v_k(i{:}j) = w_k\,\rho(u_{ki} - u_{kj})` on options i and j (voting rule
:math:`\rho`, :func:`vote`); the coalition for i against j is
:math:`C_{ij} = 10^{-8} + \sum_k \max(v_k(i{:}j), 0)`, accumulated voter by voter
(:func:`coalitions`); victory probabilities :math:`P[i > j]` follow from the
coalition strengths (:func:`victory_matrix`) and a probabilistic Condorcet
election turns them into a probability of each option (:func:`pce`). Also the
utility :math:`u = (1 - d)(1 + d R)` of a salience-weighted distance d
(:func:`bs_util`, :func:`bv_diff`) and the risk attitudes R inferred from a PCE
(:func:`big_r_from_prob`, :func:`est_nra`).

Sums that KTAB accumulates term by term are accumulated here in the same
order (:func:`_seq_sum`), so that rounding follows KTAB's C++.

References
----------
.. [1] KAPSARC, "KTAB: KAPSARC Toolkit for Behavioral Analysis", open-source
   C++ code (MIT licence), https://github.com/KAPSARC/KTAB, files
   ``KTAB/kmodel/libsrc/kmodel.cpp`` and ``examples/smp/libsrc/smp.cpp``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from models.spatial._smp_jit import VP_MODELS, n_threads, run_shares, smp_kernels, split_pairs

Arr = NDArray[np.float64]
BArr = NDArray[np.bool_]
IArr = NDArray[np.intp]


MIN_COALITION = 1e-8
"""Strength every coalition starts from in a PCE (KTAB ``Model::coalitions``)."""




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
    A sum from 0.0 is accumulated without the 0.0, then 0.0 is added once:
    the running sums differ only while every term so far is -0.0 (-0.0
    against +0.0), and adding 0.0 turns a final -0.0 into +0.0 and leaves
    every other value as it is. A product from 1.0 skips the 1.0
    (``1.0 * x`` is ``x``). Both save a copy of ``a``.
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
    index[axis] = -1
    if (op is np.add and start == 0.0) or (op is np.multiply and start == 1.0):
        out = op.accumulate(a, axis=axis)[tuple(index)]
        return np.asarray(out + 0.0 if op is np.add else out)
    head = np.full((*a.shape[:axis], 1, *a.shape[axis + 1:]), start)
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
        args = (_c(xt), _c(wt), _c(cols, np.int64), _c(count, np.int64), _c(group, np.int64))
        parts = run_shares(kernels["group_votes"],
                           [(*args, *cut) for cut in split_pairs(count, n_threads())])
        return (np.concatenate([np.asarray(x[0]) for x in parts]),
                np.concatenate([np.asarray(x[1]) for x in parts]))
    pg, o1, o2, _ = group_pairs(count)
    col_start = np.cumsum(count) - count
    base = col_start[pg]
    return pair_votes(rule, xt, wt, cols[base + o1], cols[base + o2], group[pg])


def _coalition_pairs(
    rule: str, u: Arr, w: Arr, valid: BArr | None
) -> tuple[IArr, IArr, Arr, Arr]:
    """Count the votes of :func:`coalitions` on each pair of valid options (:func:`group_votes`).

    Returns the flat indices of the valid options (groups of ``m`` one after
    the other), their number in each group, and ``pro``, ``con`` in the order
    of :func:`group_pairs`.
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
    pro, con = group_votes(rule, xt, wt, cols, count, np.arange(g_n))
    return cols, count, pro, con


def coalition_pce(
    rule: str, model: str, vp_model: str, u: Arr, w: Arr, valid: BArr | None = None
) -> Arr:
    """``pce(model, vp_model, coalitions(rule, u, w, valid), valid)[0]``.

    The probabilities of a PCE over the options of :func:`coalitions`, shape
    (..., n_options). For the ``"conditional"`` model with Numba and enough
    work, a compiled kernel turns the votes on each pair straight into the
    probabilities, with the operations of :func:`pce` (see
    :mod:`models.spatial._smp_jit`), instead of building the coalition and
    victory matrices; the numbers are the same.
    """
    *lead, n_voters, m = u.shape
    if model == "conditional":
        work = float(np.prod(lead)) * m * max(m - 1, 0) / 2 * n_voters
        kernels = smp_kernels(None, work)
        if kernels is not None:
            cols, count, pro, con = _coalition_pairs(rule, u, w, valid)
            p_valid, sums = kernels["pce_conditional"](
                _c(pro), _c(con), _c(count, np.int64), VP_MODELS.index(vp_model))
            with np.errstate(divide="ignore", invalid="ignore"):
                out = np.repeat(0.0 / sums, m)  # an option left out: 0.0 / sum, as pce
            out[cols] = p_valid
            return out.reshape(*lead, m)
    c = coalitions(rule, u, w, valid=valid)
    return pce(model, vp_model, c, valid=valid)[0]


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
    *lead, _, m = u.shape
    cols, count, pro, con = _coalition_pairs(rule, u, w, valid)
    g_n = count.size
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
