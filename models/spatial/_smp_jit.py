r"""Optional compiled kernels (Numba) for the three O(n^3) loops of the SMP.

Compiled versions of :func:`models.spatial._smp_core.best_challenges`' third
parties (also as a one-pass search for each challenger's best target,
``best_targets``, with no (B, n, n) table), :func:`~models.spatial._smp_core.group_votes`
and :func:`~models.spatial._smp_core.bargain_utilities`; this module also
compiles and hands out the kernels of a state's O(n^2) steps
(:mod:`models.spatial._smp_jit_state`), used whenever the round's O(n^3)
loops are compiled.

One round of KTAB's SMP with n actors does three things n^3 times, each a sum
that KTAB accumulates term by term and that :mod:`models.spatial._smp_core`
accumulates in the same order so that its rounding follows KTAB's:

* **third-party votes** in every challenge (i, j): each third party t adds its
  vote to one side, t = 0, 1, ..., n - 1 (``SMPState::probEduChlg``);
* **coalitions** of every pair of options: each voter k adds its vote,
  k = 0, 1, ..., n - 1 (``Model::coalitions``), for the PCE over positions,
  over unique positions and over each actor's bargains;
* **the utility of a bargain** to each voter: the positions of the actors
  m = 0, 1, ..., n - 1 after the bargain (``doBCN``).

Order-preserving sums cannot be handed to numpy's reductions (they sum in
pairs), so the numpy versions loop over the summation index in Python with
vector operations over blocks of the other two. These kernels run the same
arithmetic, term for term and in the same order, as compiled loops: the same
numbers (tested against the numpy versions and against plain loops). Compiled
without fast-math, Numba keeps every IEEE operation as written (no fused
multiply-add, no reassociation).

A kernel is used when its loop adds at least :data:`MIN_WORK` terms (about 60
actors in one run, or 1,000 runs of 7 actors), Numba is installed (the
``fast`` extra) and the environment variable ``STANCES_JIT`` is not ``0``;
below that, the numpy version's lower fixed cost wins. Each voting rule has
its own kernels, compiled on first use (a few seconds) and cached on disk next
to this module when the directory is writable. A Numba that cannot compile
them is reported by a warning and the numpy versions are used.

References
----------
.. [1] KAPSARC, "KTAB: KAPSARC Toolkit for Behavioral Analysis", open-source
   C++ code (MIT licence), https://github.com/KAPSARC/KTAB, files
   ``KTAB/kmodel/libsrc/kmodel.cpp`` and ``examples/smp/libsrc/smpbcn.cpp``.
.. [2] Lam, S. K., Pitrou, A. & Seibert, S. (2015). Numba: a LLVM-based Python
   JIT compiler. Proceedings of the 2nd Workshop on the LLVM Compiler
   Infrastructure in HPC.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

import numpy as np

from models._jitflag import bind, compile_kernels, jit_allowed
from models.spatial._smp_jit_state import (
    _bs_rows,
    _bs_util,
    _bv_dist,
    _bv_util,
    _new_ideals,
    _pce_choice,
    _pce_conditional,
    _row_sums,
    _unique_last,
    _victory,
)

RULES = ("binary", "prop_bin", "proportional", "prop_cubic", "cubic", "asym_prospect")
"""Voting rules in the order of their codes in the kernels."""

VP_MODELS = ("linear", "square", "quartic", "octic", "binary")
"""Victory-probability models in the order of their codes in the PCE kernels."""

MIN_WORK = 200_000
"""Terms added by a loop (e.g. runs x actors^3) from which its compiled kernel is used."""

MIN_COALITION = 1e-8  # as _smp_core.MIN_COALITION (no import: _smp_core imports this module)
MIN_CHALLENGE = 1e-10  # as _smp_bcn.MIN_CHALLENGE_COALITION, for the same reason
_RULE = 2  # rebound to each rule's code in that rule's compiled copy
_BLOCK = 2048  # pairs per block in the coalition kernel (32 KiB of sums: in L1)
_CHALLENGERS = 8  # challengers per pass over the third parties in the best-target kernel


def smp_kernels(rule: str | None, work: float) -> dict[str, Callable[..., Any]] | None:
    """Return the compiled kernels, or None to use numpy.

    Parameters
    ----------
    rule : str or None
        Voting rule (one of :data:`RULES`) of the vote-counting kernels; None
        for the kernel that does not vote (``bargain_utilities`` only).
    work : float
        Number of terms the caller's loop adds (runs x actors^3 or so); below
        :data:`MIN_WORK` the numpy versions are used (their fixed cost is
        lower than a kernel call).

    Returns
    -------
    dict or None
        ``{"third_party_sums", "best_targets", "third_party_pairs", "group_votes"}``
        for a rule,
        ``{"bargain_utilities", "bv_dist", "bv_util", "bs_rows", "new_ideals",
        "row_sums", "unique_last", "pce_conditional", "pce_choice"}`` for None;
        None when the problem is small,
        Numba is missing, ``STANCES_JIT`` is ``0`` or the kernels do not
        compile.

    Examples
    --------
    >>> smp_kernels("proportional", work=10.0) is None
    True
    """
    if work < MIN_WORK or not jit_allowed(os.environ.get("STANCES_JIT")):
        return None
    return _compiled("" if rule is None else rule)


def n_threads() -> int:
    """Threads the compiled kernels are split over: ``STANCES_THREADS``, else the CPU count.

    Each kernel call is cut into independent shares (challengers, groups of
    challenges, rows of pairs of options, or voters) that run the same
    operations in the same order whatever the number of shares, so results
    do not depend on it.

    Examples
    --------
    >>> n_threads() >= 1
    True
    """
    flag = os.environ.get("STANCES_THREADS", "")
    if flag.strip().isdigit() and int(flag) >= 1:
        return int(flag)
    return max(1, min(os.cpu_count() or 1, 8))


_POOLS: dict[int, ThreadPoolExecutor] = {}


def run_shares(func: Callable[..., Any], shares: list[tuple[Any, ...]]) -> list[Any]:
    """``[func(*args) for args in shares]``, on a pool of threads when there are several.

    The kernels release the GIL (``nogil``), so shares run in parallel.
    """
    if len(shares) <= 1:
        return [func(*args) for args in shares]
    pool = _POOLS.get(len(shares))
    if pool is None:
        pool = _POOLS.setdefault(len(shares), ThreadPoolExecutor(len(shares),
                                                                 "stances-smp"))
    return list(pool.map(lambda args: func(*args), shares))


def split_even(weights: np.ndarray, parts: int) -> list[tuple[int, int]]:
    """Cut ``range(len(weights))`` into at most ``parts`` runs of about equal total weight."""
    total = np.cumsum(weights, dtype=float)
    if total.size == 0:
        return []
    cuts = np.searchsorted(total, total[-1] * np.arange(1, parts) / parts, side="right")
    bounds = np.unique(np.r_[0, cuts, total.size])
    return [(int(a), int(b)) for a, b in itertools.pairwise(bounds) if b > a]


@lru_cache(maxsize=64)
def split_count(n: int, parts: int) -> tuple[tuple[int, int], ...]:
    """``split_even(np.ones(n), parts)``, remembered (shares of n equal items).

    Examples
    --------
    >>> split_count(5, 2)
    ((0, 2), (2, 5))
    """
    return tuple(split_even(np.ones(n), parts))


def split_pairs(count: np.ndarray, parts: int) -> list[tuple[int, int, int, int]]:
    """Cut the pairs of options of every group into at most ``parts`` shares of about equal size.

    Parameters
    ----------
    count : ndarray of int, shape (n_groups,)
        Options in each group; row i of a group holds its i pairs (i, 0), ...,
        (i, i - 1).
    parts : int

    Returns
    -------
    list of (g0, r0, g1, r1)
        Each share runs from row ``r0`` of group ``g0`` to just before row
        ``r1`` of group ``g1`` (the arguments of the ``group_votes`` kernel);
        the shares follow each other and cover every pair once.

    Examples
    --------
    >>> split_pairs(np.array([4, 3]), 2)
    [(0, 0, 0, 3), (0, 3, 2, 0)]
    """
    count = np.asarray(count, dtype=np.int64)
    n_pair = count * (count - 1) // 2
    cum = np.cumsum(n_pair)
    total = int(cum[-1]) if cum.size else 0
    cuts = [(0, 0)]
    for k in range(1, parts):
        target = total * k // parts
        g = int(np.searchsorted(cum, target, side="right"))
        if g >= count.size:
            break
        rem = target - int(cum[g] - n_pair[g])  # pairs of group g before the cut
        r = min(int(count[g]), int((1 + np.sqrt(1 + 8 * rem)) / 2))
        cuts.append((g, r))
    cuts.append((int(count.size), 0))

    def index(g: int, r: int) -> int:  # pairs before row r of group g
        return total if g >= count.size else int(cum[g] - n_pair[g]) + r * (r - 1) // 2

    return [(a[0], a[1], b[0], b[1]) for a, b in itertools.pairwise(cuts)
            if index(*b) > index(*a)]


@lru_cache(maxsize=len(RULES) + 1)
def _compiled(rule: str) -> dict[str, Callable[..., Any]] | None:
    """Compile (or load from the disk cache) one rule's kernels ("" for the others)."""
    return compile_kernels("the SMP kernels", __file__,
                           lambda numba, cache: _build(numba, cache, rule))


def _build(numba: Any, cache: bool, rule: str) -> dict[str, Callable[..., Any]]:
    """Compile one rule's kernels ("" for the rule-free ones) with explicit signatures."""
    t = numba.types
    f3, f2, f1 = t.float64[:, :, ::1], t.float64[:, ::1], t.float64[::1]
    pair3 = t.Tuple((f3, f3))
    pair1 = t.Tuple((f1, f1))
    i1, i2 = t.int64[::1], t.int64[:, ::1]

    def jit(signature: Any, func: Callable[..., Any], names: dict[str, Any],
            name: str) -> Callable[..., Any]:
        compiled: Callable[..., Any] = numba.njit(
            signature, cache=cache, nogil=True, error_model="numpy"
        )(bind(func, names, name))
        return compiled

    bs = numba.njit(t.float64(t.float64, t.float64), inline="always", cache=cache)(_bs_util)
    if not rule:
        two = t.UniTuple(t.float64, 2)
        victory = numba.njit(two(t.int64, t.float64, t.float64), inline="always",
                             cache=cache)(_victory)
        bv_dist = jit(f3(f3, f3, f3), _bv_dist, {}, "_bv_dist")
        bs_rows = jit(f3(f3, f2), _bs_rows, {"_bs_util": bs}, "_bs_rows")
        pce = jit(pair1(f1, f1, i1, t.int64), _pce_conditional, {"_victory": victory},
                  "_pce_conditional")
        uniq_last = t.Tuple((t.boolean[:, ::1], i2))
        return {
            "bargain_utilities": jit(f3(f3, f3, f3, i1, i2), _bargain_utilities, {},
                                     "_bargain_utilities"),
            "bv_dist": bv_dist,
            "bv_util": jit(f3(f3, f3, f3, f2), _bv_util,
                           {"_bs_rows": bs_rows, "_bv_dist": bv_dist}, "_bv_util"),
            "new_ideals": jit(f3(f3, f3, f3), _new_ideals, {}, "_new_ideals"),
            "row_sums": jit(f2(f3), _row_sums, {}, "_row_sums"),
            "bs_rows": bs_rows,
            "unique_last": jit(uniq_last(f3, t.float64), _unique_last, {}, "_unique_last"),
            "pce_conditional": pce,
            "pce_choice": jit(i1(f1, f1, i1, t.int64, f1), _pce_choice,
                              {"_pce_conditional": pce}, "_pce_choice"),
        }
    vote = numba.njit(t.float64(t.int64, t.float64, t.float64), inline="always",
                      cache=cache)(_vote)
    names = {"_RULE": RULES.index(rule), "_vote": vote, "_bs_util": bs}
    return {
        "third_party_sums": jit(pair3(f3, f3, f3, f3, f3, f2, f3, f3, f2, f3, f2, t.int64),
                                _third_party_sums, names, f"_third_party_sums_{rule}"),
        "best_targets": jit(t.Tuple((i2, f2, f2))(
            f3, f3, f3, f3, f3, f2, f2, t.int64, t.int64), _best_targets, names,
            f"_best_targets_{rule}"),
        "third_party_pairs": jit(pair1(f3, f3, f3, f3, f3, f2, i1, i1, i1, i1, f1, f1),
                                 _third_party_pairs, names, f"_third_party_pairs_{rule}"),
        "group_votes": jit(pair1(f2, f2, i1, i1, i1, t.int64, t.int64, t.int64, t.int64),
                           _group_votes, names,
                           f"_group_votes_{rule}"),
    }


# The functions below are plain Python over numpy arrays, written in the subset
# Numba compiles; they are only ever called compiled, each with its rule's code
# bound to _RULE so that the branches on the rule fold away.
def _vote(rule: int, w: float, du: float) -> float:  # pragma: no cover - runs compiled
    """Scalar :func:`models.spatial._smp_core.vote`, same operations, rule by code."""
    if rule == 2:  # proportional
        return w * du
    if rule == 0 or rule == 1:
        r_bin = min(max(du / 1e-8, -1.0), 1.0)  # np.clip(du / 1e-8, -1, 1)
        if rule == 0:
            return w * r_bin
        rbp = 0.2
        return w * ((1 - rbp) * du + rbp * r_bin)
    cubic = du * du * du
    if rule == 3:
        rpc = 0.5
        return w * ((1 - rpc) * du + rpc * cubic)
    if rule == 4:
        return w * cubic
    # asym_prospect
    return w * du if du < 0.0 else ((2.0 * w * du) / 3.0 if du > 0.0 else 0.0)


def _third_party_sums(  # pragma: no cover - runs compiled
    one_minus: np.ndarray, sd_1: np.ndarray, r_est: np.ndarray, a_tab: np.ndarray,
    c_tab: np.ndarray, w: np.ndarray, ci0: np.ndarray, cj0: np.ndarray, uii: np.ndarray,
    uij: np.ndarray, s: np.ndarray, i0: int,
) -> tuple[np.ndarray, np.ndarray]:
    """P[i > j] and i's expected gain in every challenge (i, j), third parties voting.

    ``u_i(t, j) = one_minus[b, t, j] * (1 + sd_1[b, t, j] * r_est[b, i, t])``
    (``bs_util``), ``a_tab[b, i, t] = u_i(t, i)``, ``c_tab[b, i, t] = u_i(t, t)``,
    weights ``w[b, t]`` and the principals' strengths ``ci0``, ``cj0`` (b, i, j);
    t runs over everyone but i and j, in order (the loop of
    ``_smp_bcn.best_challenges`` under "semi_commit"). ``r_est``, ``a_tab``,
    ``c_tab``, ``ci0``, ``cj0``, ``uii`` (b, i) and ``uij`` (b, i, j) may hold
    the rows of challengers ``i0, i0 + 1, ...`` only (one thread's share).
    The sides' strengths then go through the operations of
    :func:`models.spatial._smp_bcn.challenge_gain` (``s``: shape (b, j)).
    """
    b_n, n = w.shape
    chij = ci0.copy()
    chji = cj0.copy()
    for b in range(b_n):
        for i in range(ci0.shape[1]):
            ci, cj, c0, d0 = chij[b, i], chji[b, i], ci0[b, i], cj0[b, i]
            for t in range(n):
                if t == i0 + i:
                    continue
                a = a_tab[b, i, t]
                c = c_tab[b, i, t]
                r = r_est[b, i, t]
                wn = w[b, t]
                aac = a + a + c
                aaa = a + a + a
                om_row, sd_row = one_minus[b, t], sd_1[b, t]
                for j in range(n):
                    bt = om_row[j] * (1 + sd_row[j] * r)
                    cn = _vote(_RULE, wn, a - bt)
                    cni = c0[j] + (cn if cn > 0 else 0.0)
                    cnj = d0[j] - (cn if cn < 0 else 0.0)
                    pin = cni / (cni + cnj)
                    pjn = 1.0 - pin
                    bb = bt + bt
                    u_ik_j = pin * aac + pjn * (bb + bt)  # t sides with i
                    u_i_jk = pin * aaa + pjn * (bb + c)  # t sides with j
                    vn = _vote(_RULE, wn, u_ik_j - u_i_jk)
                    vn = vn if j != t else 0.0
                    ci[j] += vn if vn > 0 else 0.0
                    cj[j] -= vn if vn < 0 else 0.0
            # challenge_gain, same operations
            uki = uii[b, i]
            eu_vict = uki + uki
            for j in range(n):
                ukj = uij[b, i, j]
                sj = s[b, j]
                phij = ci[j] / (ci[j] + cj[j])
                phji = cj[j] / (ci[j] + cj[j])
                eu_contest = phij * eu_vict + phji * (ukj + ukj)
                eu_chlg = (1 - sj) * eu_vict + sj * eu_contest
                ci[j] = phij
                cj[j] = eu_chlg - (uki + ukj)
    return chij, chji


def _best_targets(  # pragma: no cover - runs compiled
    dist: np.ndarray, r_est: np.ndarray, own: np.ndarray, one_minus: np.ndarray,
    sd_1: np.ndarray, w: np.ndarray, s: np.ndarray, i0: int, i1: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best challenge of challengers ``i0 <= i < i1``: target, gain and P[i > target].

    :func:`models.spatial._smp_bcn.best_targets` under ``"semi_commit"`` in one
    pass per challenger i: its utilities u_i(j, i), u_i(j, j) and the
    principals' strengths (``_challenge_terms`` and ``principals``, same
    operations), the third parties and the gains of :func:`_third_party_sums`
    (the same loop), then the first j != i with the largest gain, a NaN
    counting as the largest (``_table_argmax``: ``np.argmax``). No (B, n, n)
    table is built. Challengers are taken :data:`_CHALLENGERS` at a time, so
    that each third party's row of distances is read once for all of them
    (each challenger's sums still add the third parties in order).
    """
    b_n, n = w.shape
    m = i1 - i0
    target = np.zeros((b_n, m), dtype=np.int64)
    best = np.empty((b_n, m))
    prob = np.empty((b_n, m))
    qb = _CHALLENGERS
    a_rows = np.empty((qb, n))
    c_rows = np.empty((qb, n))
    c0s = np.empty((qb, n))
    d0s = np.empty((qb, n))
    cis = np.empty((qb, n))
    cjs = np.empty((qb, n))
    uiis = np.empty(qb)
    for b in range(b_n):
        for q0 in range(0, m, qb):
            qn = min(qb, m - q0)
            for qq in range(qn):
                i = i0 + q0 + qq
                r_row = r_est[b, i]  # r_est[i, x]
                uii = _bs_util(dist[b, i, i], r_row[i])
                uiis[qq] = uii
                wi = w[b, i]
                a_row, c_row = a_rows[qq], c_rows[qq]
                c0, d0, ci, cj = c0s[qq], d0s[qq], cis[qq], cjs[qq]
                for j in range(n):
                    uji = _bs_util(dist[b, j, i], r_row[j])  # u_i(j, i)
                    ujj = _bs_util(dist[b, j, j], r_row[j])  # u_i(j, j)
                    a_row[j] = uji
                    c_row[j] = ujj
                    contrib_i = _vote(_RULE, wi, uii - own[b, i, j])
                    contrib_j = _vote(_RULE, w[b, j], uji - ujj)
                    chij = MIN_CHALLENGE + (contrib_i if contrib_i > 0.0 else 0.0)
                    chji = MIN_CHALLENGE - (contrib_i if contrib_i < 0.0 else 0.0)
                    chij = chij + (contrib_j if contrib_j > 0.0 else 0.0)
                    chji = chji - (contrib_j if contrib_j < 0.0 else 0.0)
                    c0[j] = chij
                    d0[j] = chji
                    ci[j] = chij
                    cj[j] = chji
            for t in range(n):
                wn = w[b, t]
                om_row, sd_row = one_minus[b, t], sd_1[b, t]
                for qq in range(qn):
                    i = i0 + q0 + qq
                    if t == i:
                        continue
                    a = a_rows[qq, t]
                    c = c_rows[qq, t]
                    r = r_est[b, i, t]
                    aac = a + a + c
                    aaa = a + a + a
                    c0, d0, ci, cj = c0s[qq], d0s[qq], cis[qq], cjs[qq]
                    for j in range(n):
                        bt = om_row[j] * (1 + sd_row[j] * r)
                        cn = _vote(_RULE, wn, a - bt)
                        cni = c0[j] + (cn if cn > 0 else 0.0)
                        cnj = d0[j] - (cn if cn < 0 else 0.0)
                        pin = cni / (cni + cnj)
                        pjn = 1.0 - pin
                        bb = bt + bt
                        u_ik_j = pin * aac + pjn * (bb + bt)  # t sides with i
                        u_i_jk = pin * aaa + pjn * (bb + c)  # t sides with j
                        vn = _vote(_RULE, wn, u_ik_j - u_i_jk)
                        vn = vn if j != t else 0.0
                        ci[j] += vn if vn > 0 else 0.0
                        cj[j] -= vn if vn < 0 else 0.0
            for qq in range(qn):
                i = i0 + q0 + qq
                uii = uiis[qq]
                ci, cj = cis[qq], cjs[qq]
                # challenge_gain, same operations, then the first largest gain
                eu_vict = uii + uii
                top = -np.inf
                k = 0
                p_k = 0.0
                for j in range(n):
                    ukj = own[b, i, j]
                    sj = s[b, j]
                    phij = ci[j] / (ci[j] + cj[j])
                    phji = cj[j] / (ci[j] + cj[j])
                    eu_contest = phij * eu_vict + phji * (ukj + ukj)
                    eu_chlg = (1 - sj) * eu_vict + sj * eu_contest
                    gain = eu_chlg - (uii + ukj) if j != i else -np.inf
                    if j == 0:
                        top, p_k = gain, phij
                        if top != top:
                            break
                    elif gain != gain:  # np.argmax stops at the first NaN
                        k, top, p_k = j, gain, phij
                        break
                    elif gain > top:
                        k, top, p_k = j, gain, phij
                target[b, i - i0] = k
                best[b, i - i0] = top
                prob[b, i - i0] = p_k
    return target, best, prob


def _third_party_pairs(  # pragma: no cover - runs compiled
    one_minus_t: np.ndarray, sd_1_t: np.ndarray, r_est: np.ndarray, a_tab: np.ndarray,
    c_tab: np.ndarray, w: np.ndarray, g_b: np.ndarray, g_i: np.ndarray, g_lo: np.ndarray,
    pj: np.ndarray, ci0: np.ndarray, cj0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_third_party_sums` for listed challenges only.

    The challenges are grouped by run and challenger: group g has run
    ``g_b[g]``, challenger ``g_i[g]`` and the targets ``pj[g_lo[g]:g_lo[g + 1]]``
    (``ci0``, ``cj0``: the principals' strengths of each challenge);
    ``one_minus_t`` and ``sd_1_t`` are ``one_minus`` and ``sd_1`` with their
    last two axes swapped ([b, j, t]). Inside a group the third parties t
    come in order, with the operations of :func:`_third_party_sums`, so
    every challenge gets the same numbers however the groups are split
    between calls (and threads).
    """
    n = w.shape[1]
    ci = ci0.copy()
    cj = cj0.copy()
    k_max = 0
    for g in range(g_b.size):
        k_max = max(k_max, g_lo[g + 1] - g_lo[g])
    om = np.empty((n, k_max))
    sd = np.empty((n, k_max))
    for g in range(g_b.size):
        b = g_b[g]
        i = g_i[g]
        lo = g_lo[g]
        k = g_lo[g + 1] - lo
        tj = pj[lo:lo + k]
        # the group's columns of one_minus and sd_1 (rows of the transposed
        # arrays, read in order), side by side: a vectorisable inner loop
        for q in range(k):
            om_j = one_minus_t[b, tj[q]]
            sd_j = sd_1_t[b, tj[q]]
            for t in range(n):
                om[t, q] = om_j[t]
                sd[t, q] = sd_j[t]
        c0 = ci0[lo:lo + k]
        d0 = cj0[lo:lo + k]
        cig = ci[lo:lo + k]
        cjg = cj[lo:lo + k]
        for t in range(n):
            if t == i:
                continue
            a = a_tab[b, i, t]
            c = c_tab[b, i, t]
            r = r_est[b, i, t]
            wn = w[b, t]
            aac = a + a + c
            aaa = a + a + a
            om_row = om[t]
            sd_row = sd[t]
            for q in range(k):
                bt = om_row[q] * (1 + sd_row[q] * r)
                cn = _vote(_RULE, wn, a - bt)
                cni = c0[q] + (cn if cn > 0 else 0.0)
                cnj = d0[q] - (cn if cn < 0 else 0.0)
                pin = cni / (cni + cnj)
                pjn = 1.0 - pin
                bb = bt + bt
                u_ik_j = pin * aac + pjn * (bb + bt)
                u_i_jk = pin * aaa + pjn * (bb + c)
                vn = _vote(_RULE, wn, u_ik_j - u_i_jk)
                vn = vn if tj[q] != t else 0.0
                cig[q] += vn if vn > 0 else 0.0
                cjg[q] -= vn if vn < 0 else 0.0
    return ci, cj


def _group_votes(  # pragma: no cover - runs compiled
    xt: np.ndarray, wt: np.ndarray, cols: np.ndarray, count: np.ndarray, group: np.ndarray,
    g0: int, r0: int, g1: int, r1: int,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`models.spatial._smp_core.group_votes`, compiled, for one share of the pairs.

    The share runs from row ``r0`` of group ``g0`` to just before row ``r1`` of
    group ``g1`` (row i of a group holds its pairs (i, 0), ..., (i, i - 1);
    ``g1`` may be ``count.size`` with ``r1 = 0``); its pairs come out in the
    order of :func:`models.spatial._smp_votes.group_pairs`. Each group's options
    are copied to a scratch block; rows of pairs that fit in cache are taken
    in turn, voter by voter inside. Every pair adds the voters' votes in
    order, so the numbers do not depend on how the pairs are shared out.
    """
    n_voters = xt.shape[0]
    g_end = min(g1 + 1, count.size)
    n_pairs = 0
    m_max = 0
    col0 = 0
    for g in range(g0):
        col0 += count[g]
    for g in range(g0, g_end):
        lo = r0 if g == g0 else 0
        hi = r1 if g == g1 else count[g]
        if hi > lo:
            n_pairs += hi * (hi - 1) // 2 - lo * (lo - 1) // 2
            m_max = max(m_max, hi)
    pro = np.full(n_pairs, MIN_COALITION)
    con = np.full(n_pairs, MIN_COALITION)
    x = np.empty((n_voters, m_max))
    pair0 = 0
    for g in range(g0, g_end):
        m = count[g]
        lo = r0 if g == g0 else 0
        hi = r1 if g == g1 else m
        if hi <= lo:
            col0 += m
            continue
        for k in range(n_voters):
            for o in range(hi):
                x[k, o] = xt[k, cols[col0 + o]]
        base = pair0 - lo * (lo - 1) // 2
        step = max(1, _BLOCK // max(m, 1))
        for i0 in range(max(lo, 1), hi, step):
            i1 = min(hi, i0 + step)
            for k in range(n_voters):
                wk = wt[k, group[g]]
                xk = x[k]
                for i in range(i0, i1):
                    xi = xk[i]
                    off = base + i * (i - 1) // 2
                    prow = pro[off:off + i]
                    crow = con[off:off + i]
                    for j in range(i):
                        v = _vote(_RULE, wk, xi - xk[j])
                        prow[j] += v if v > 0 else 0.0
                        crow[j] -= v if v < 0 else 0.0
        col0 += m
        pair0 += hi * (hi - 1) // 2 - lo * (lo - 1) // 2
    return pro, con


def _bargain_utilities(  # pragma: no cover - runs compiled
    u_pi: np.ndarray, u_pr: np.ndarray, own: np.ndarray, init: np.ndarray, rcvr: np.ndarray
) -> np.ndarray:
    """:func:`models.spatial._smp_core.bargain_utilities`: actors m in order, bargains inside.

    As the numpy version, each actor's utility is added to every bargain's sum
    and the sums of the (at most two per bargain) bargains it is party to are
    put back as they were, so the inner loop is a plain addition.
    """
    b_n, a_n, n_b = u_pi.shape
    n = own.shape[2]
    bu = np.empty_like(u_pi)
    start = np.zeros(n + 1, dtype=np.int64)
    items = np.empty(2 * n_b, dtype=np.int64)
    saved = np.empty(2 * n_b)
    for b in range(b_n):
        # the bargains each actor m is party to, m by m
        start[:] = 0
        for c in range(n_b):
            m1, m2 = init[c], rcvr[b, c]
            if 0 <= m1 < n:
                start[m1 + 1] += 1
            if 0 <= m2 < n and m2 != m1:
                start[m2 + 1] += 1
        for m in range(n):
            start[m + 1] += start[m]
        fill = start[:n].copy()
        for c in range(n_b):
            m1, m2 = init[c], rcvr[b, c]
            if 0 <= m1 < n:
                items[fill[m1]] = c
                fill[m1] += 1
            if 0 <= m2 < n and m2 != m1:
                items[fill[m2]] = c
                fill[m2] += 1
        for a in range(a_n):
            acc = bu[b, a]
            for c in range(n_b):
                acc[c] = (0.0 + u_pi[b, a, c]) + u_pr[b, a, c]
            for m in range(n):
                o = own[b, a, m]
                lo, hi = start[m], start[m + 1]
                for q in range(lo, hi):
                    saved[q - lo] = acc[items[q]]
                for c in range(n_b):
                    acc[c] += o
                for q in range(lo, hi):
                    acc[items[q]] = saved[q - lo]
    return bu

