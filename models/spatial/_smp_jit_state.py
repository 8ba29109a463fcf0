r"""Optional compiled kernels (Numba) for the O(n^2) steps of an SMP state (private).

Part of :mod:`models.spatial._smp_jit`, which compiles them (with the same
switches, threshold and disk cache) and hands them out with its O(n^3)
kernels: once a round's O(n^3) loops are compiled, its O(n^2) steps are many
small numpy passes whose fixed costs add up, so these do them in one loop
each, with the operations of the numpy versions in the same order (the same
numbers):

* the salience-weighted distances and utilities of positions and bargains
  (:func:`models.spatial._smp_votes.bv_diff`, ``bs_util``);
* the unique positions and the one each actor's winning probability is read
  from (:func:`models.spatial._smp_core.unique_positions`);
* the conditional PCE, straight from the votes on each pair of options
  (:func:`models.spatial._smp_votes.pce` of ``coalitions``), and each actor's
  pick among its options (:func:`models.spatial._smp_bcn.choose_options`);
* the new ideal points (:func:`models.spatial._smp_core.new_ideals`) and row
  sums.

The functions are plain Python over numpy arrays in the subset Numba compiles;
they are only ever called compiled.

References
----------
.. [1] KAPSARC, "KTAB: KAPSARC Toolkit for Behavioral Analysis", open-source
   C++ code (MIT licence), https://github.com/KAPSARC/KTAB, files
   ``KTAB/kmodel/libsrc/kmodel.cpp`` and ``examples/smp/libsrc/smp.cpp``.
"""

from __future__ import annotations

import numpy as np


def _bs_util(sd: float, r: float) -> float:  # pragma: no cover - bound to the compiled one
    """Scalar :func:`models.spatial._smp_votes.bs_util`."""
    return (1 - sd) * (1 + sd * r) if sd <= 1 else (1 - sd) * (1 + r)


def _victory(vp: int, s1: float, s2: float) -> tuple[float, float]:  # pragma: no cover
    """Scalar :func:`models.spatial._smp_votes._vp_pair`, same operations, model by code."""
    if vp == 4:  # binary
        thresh = 1.10
        min_x = 1e-6
        r12 = s1 / (s1 + s2)
        p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0)
        if s1 >= thresh * s2:
            x1, x2 = 1.0, min_x
        elif s2 >= thresh * s1:
            x1, x2 = min_x, 1.0
        else:
            x1, x2 = p12, 1 - p12
    elif vp == 0:  # linear
        x1, x2 = s1, s2
    elif vp == 1:  # square
        x1, x2 = s1 * s1, s2 * s2
    elif vp == 2:  # quartic
        x1, x2 = s1 * s1 * s1 * s1, s2 * s2 * s2 * s2
    else:  # octic
        q1, q2 = s1 * s1 * s1 * s1, s2 * s2 * s2 * s2
        x1, x2 = q1 * q1, q2 * q2
    total = x1 + x2
    return x1 / total, x2 / total


def _pce_conditional(  # pragma: no cover - runs compiled
    pro: np.ndarray, con: np.ndarray, count: np.ndarray, vp: int
) -> tuple[np.ndarray, np.ndarray]:
    """Conditional PCE of every group of options from its pairs' coalitions.

    Group g has ``count[g]`` options and its pairs (i, j), i > j, in the order
    of :func:`models.spatial._smp_votes.group_pairs`, with c[i, j] = ``pro``
    and c[j, i] = ``con``. The operations of
    :func:`models.spatial._smp_votes.pce` (``"conditional"``) over that
    group's options: P[i > j] from :func:`_victory` (0.5 for i = j), option
    i's product over j in order from 1.0, each divided by their sum in order
    from 0.0. Returns the probabilities (groups one after the other) and each
    group's sum.
    """
    g_n = count.size
    n_opt = 0
    m_max = 0
    for g in range(g_n):
        n_opt += count[g]
        m_max = max(m_max, count[g])
    p = np.empty(n_opt)
    sums = np.empty(g_n)
    pv = np.empty((m_max, m_max))
    o0 = 0
    k = 0
    for g in range(g_n):
        m = count[g]
        for i in range(m):
            pv[i, i] = 0.5
            for j in range(i):
                pv[i, j], pv[j, i] = _victory(vp, pro[k], con[k])
                k += 1
        total = 0.0
        for i in range(m):
            prod = 1.0
            row = pv[i]
            for j in range(m):
                prod *= row[j]
            p[o0 + i] = prod
            total += prod
        for i in range(m):
            p[o0 + i] = p[o0 + i] / total
        sums[g] = total
        o0 += m
    return p, sums


def _pce_choice(  # pragma: no cover - runs compiled
    pro: np.ndarray, con: np.ndarray, count: np.ndarray, vp: int, draws: np.ndarray
) -> np.ndarray:
    """Pick each group's option from its conditional PCE (:func:`_pce_conditional`).

    With ``draws`` (one per group) the first option whose cumulative
    probability (summed in order) reaches the draw, the last option if none
    does (KTAB's ``PRNG::probSel``); with an empty ``draws`` the first most
    likely option (a NaN counts as the largest, as in ``np.argmax``). A group
    with one option picks it.
    """
    p, _ = _pce_conditional(pro, con, count, vp)
    g_n = count.size
    choice = np.zeros(g_n, dtype=np.int64)
    o0 = 0
    for g in range(g_n):
        m = count[g]
        if m > 1:
            if draws.size:
                pick = m - 1
                cum = p[o0]
                for o in range(m):
                    if o:
                        cum = cum + p[o0 + o]
                    if draws[g] <= cum:
                        pick = o
                        break
                choice[g] = pick
            else:
                best = 0
                top = p[o0]
                if top == top:  # not NaN
                    for o in range(1, m):
                        v = p[o0 + o]
                        if v != v:
                            best = o
                            break
                        if v > top:
                            best, top = o, v
                choice[g] = best
        o0 += m
    return choice


def _unique_last(  # pragma: no cover - runs compiled
    pos: np.ndarray, tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """Find the unique positions and each actor's last unique equivalent position.

    Positions x, y are equivalent when ``sqrt(0.0 + (x_0 - y_0)^2 + ...) < tol``
    (:func:`models.spatial._smp_votes.euclid`, same operations); scanning actors
    in order, a position is unique unless it is equivalent to an earlier unique
    one (``KBase::ueIndices``, :func:`models.spatial._smp_core.unique_positions`).
    ``last[b, i]`` is the largest unique j equivalent to i (what
    :func:`models.spatial._smp_core.state_info` reads the winning probability
    from).
    """
    b_n, n, d = pos.shape
    uniq = np.zeros((b_n, n), dtype=np.bool_)
    last = np.full((b_n, n), -1, dtype=np.int64)
    equiv = np.empty(n, dtype=np.bool_)
    for b in range(b_n):
        for i in range(n):
            new = True
            for j in range(n):
                acc = 0.0
                for k in range(d):
                    dx = pos[b, i, k] - pos[b, j, k]
                    acc = acc + dx * dx
                equiv[j] = np.sqrt(acc) < tol
                if j < i and equiv[j] and uniq[b, j]:
                    new = False
            uniq[b, i] = new
        for i in range(n):
            for j in range(n - 1, -1, -1):
                if uniq[b, j]:
                    acc = 0.0
                    for k in range(d):
                        dx = pos[b, i, k] - pos[b, j, k]
                        acc = acc + dx * dx
                    if np.sqrt(acc) < tol:
                        last[b, i] = j
                        break
    return uniq, last


def _bv_dist(  # pragma: no cover - runs compiled
    ideal: np.ndarray, pos: np.ndarray, sal: np.ndarray
) -> np.ndarray:
    """``bv_diff(ideal[:, :, None] - pos[:, None], sal[:, :, None])``, shape (B, n, m).

    :func:`models.spatial._smp_votes.bv_diff`, same operations: the squares of
    ``(ideal - pos) * sal`` and of ``sal`` summed over the dimensions in order
    from 0.0, the square root of their ratio.
    """
    b_n, n, d = ideal.shape
    m = pos.shape[1]
    out = np.empty((b_n, n, m))
    for b in range(b_n):
        for x in range(n):
            den = 0.0
            for k in range(d):
                den = den + sal[b, x, k] * sal[b, x, k]
            for y in range(m):
                num = 0.0
                for k in range(d):
                    ds = (ideal[b, x, k] - pos[b, y, k]) * sal[b, x, k]
                    num = num + ds * ds
                out[b, x, y] = np.sqrt(num / den)
    return out


def _bv_util(  # pragma: no cover - runs compiled
    ideal: np.ndarray, pos: np.ndarray, sal: np.ndarray, r: np.ndarray
) -> np.ndarray:
    """``bs_util(bv_diff(...), r[:, :, None])`` of :func:`_bv_dist`, shape (B, n, m)."""
    return _bs_rows(_bv_dist(ideal, pos, sal), r)


def _bs_rows(dist: np.ndarray, r: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """``bs_util(dist, r[:, :, None])``: (B, n, m) distances, risk attitude r[b, x] per row."""
    b_n, n, m = dist.shape
    out = np.empty((b_n, n, m))
    for b in range(b_n):
        for x in range(n):
            rx = r[b, x]
            for y in range(m):
                out[b, x, y] = _bs_util(dist[b, x, y], rx)
    return out


def _new_ideals(  # pragma: no cover - runs compiled
    pos: np.ndarray, old: np.ndarray, acc: np.ndarray
) -> np.ndarray:
    """:func:`models.spatial._smp_core.new_ideals`, same operations (sums over j from 0.0)."""
    b_n, n, d = pos.shape
    out = np.empty((b_n, n, d))
    for b in range(b_n):
        for i in range(n):
            tot = 0.0
            for j in range(n):
                tot = tot + acc[b, i, j]
            lag = 1.0 - (1.0 if tot >= 1.0 else tot)  # np.minimum: NaN stays NaN
            for k in range(d):
                x = 0.0
                for j in range(n):
                    x = x + acc[b, i, j] * pos[b, j, k]
                out[b, i, k] = x + lag * old[b, i, k]
    return out


def _row_sums(x: np.ndarray) -> np.ndarray:  # pragma: no cover - runs compiled
    """``_seq_sum(x)`` over the last axis of (B, a, n): each row summed in order from 0.0."""
    b_n, a_n, n = x.shape
    out = np.empty((b_n, a_n))
    for b in range(b_n):
        for a in range(a_n):
            tot = 0.0
            for j in range(n):
                tot = tot + x[b, a, j]
            out[b, a] = tot
    return out
