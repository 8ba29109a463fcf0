r"""Optional compiled kernel (Numba) for the Monte Carlo Nash solution, one draw at a time.

:class:`models.bargaining.BargainingModel` solves the Nash problem of every draw exactly,
without enumerating the outcome space, by the tangent bound of its log-concave objective
(see ``_nash_bound`` in :mod:`models.bargaining.montecarlo`). The numpy version does this
for a block of draws at once; its cost is in the many small temporaries of every step. This
kernel solves the same problem draw by draw, in a few hundred floating-point operations:

1. the levels of each issue that every party accepts (the same tolerance of 1e-9);
2. the per-level losses :math:`c_{ik}(v) = s_{ik} (|v - y_{ik}| / R_k)^p / \sum_k s_{ik}`:
   the distances :math:`(|v - y_{ik}| / R_k)^p` (kept from draw to draw while the ideals
   stay put) and, for the bounds only, approximate losses (one reciprocal per party);
3. an incumbent and an upper bound, by Frank-Wolfe steps on the concave relaxation
   :math:`\max_{\bar g} \sum_i w_i \log \bar g_i` over the convex hull of the gap vectors
   :math:`g(x) = 1 - d - \sum_k c_{\cdot k}(x_k)` (at most 8 steps, :math:`\gamma_t =
   2/(t+2)`): each step's linear problem, with :math:`\mu = w / \bar g`, is separable,
   :math:`\min_x \sum_k \varphi_k(x_k)` with :math:`\varphi_k(v) = \sum_i \mu_i c_{ik}(v)`;
   its solution :math:`x_t` is an incumbent when strictly inside the zone of possible
   agreement, and since :math:`\log t \le \log a + t / a - 1`,

   .. math::

       F(x) = \sum_i w_i \log g_i(x) \le D(\mu) - \sum_k \bigl(\varphi_k(x_k)
       - \min \varphi_k\bigr), \qquad D(\mu) = F(\bar g) + \sum_i \mu_i (g_i(x_t) - \bar g_i)

   for every outcome :math:`x`. The steps stop when the levels within the gap
   :math:`D - F_{inc}` leave a box of at most 4 outcomes;
4. with the best :math:`\mu`, a depth-first search over the issues visits only the outcomes
   with :math:`\sum_k (\varphi_k(x_k) - \min \varphi_k) \le D - F_{inc} + \delta` (plus room
   for rounding): every outcome whose :math:`F` is within :math:`\delta` of the optimum. Each
   gets its utilities exactly as :func:`models.outcomes.utilities` computes them (the same
   operations in the same order: bit-identical) and its :math:`F` (with equal weights as the
   product of the gains, without logarithms).

A draw is **decided** only when exactly one visited outcome has :math:`F` within
:math:`\delta = \max(10^{-9} (1 + \sum_i w_i), 16 (n + 2) \epsilon \cdot 745 \sum_i w_i)`
(:math:`n` actors, :math:`\epsilon` the machine epsilon) of the largest; it is then the
outcome that exhaustive search picks (**tie rule**: :func:`models.bargaining.solve_batch`
keeps the outcomes whose score is within :math:`4 (n + 2) \epsilon \cdot 745 \sum_i w_i`,
about :math:`10^{-11}` for 5 actors, of its best and breaks ties among those by its keys,
then by the lowest index; with a single outcome within :math:`\delta`, at least 4 times
wider and far wider than the rounding of :math:`F`, no other can be within that tolerance).
Every other draw (near-ties and exact ties, no strict
incumbent, more than :data:`MAX_CANDIDATES` outcomes to visit, a negative or missing
disagreement utility, for which clipped utilities break the bound) is left undecided
(status -1) and goes to the numpy path, whose candidates go to the exhaustive tie rule. An
issue without a level that every party accepts proves the zone empty (status 0), as in the
numpy path.

The kernel is used when Numba is installed (the ``fast`` extra: ``pip install
"stances[fast]"``) and the environment variable ``STANCES_JIT`` is not ``0``; otherwise the
numpy path alone runs, with the same results (tested). It is compiled on first use (about
10 seconds) and cached on disk next to this module when the directory is writable, so later
processes load it in a fraction of that; a Numba that cannot compile it is reported by a
warning and numpy is used.

References
----------
.. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica*, 18(2), 155-162.
.. [2] Land, A. H. & Doig, A. G. (1960). An automatic method of solving discrete
   programming problems. *Econometrica*, 28(3), 497-520 (branch and bound).
.. [3] Frank, M. & Wolfe, P. (1956). An algorithm for quadratic programming. *Naval
   Research Logistics Quarterly*, 3(1-2), 95-110.
.. [4] Lam, S. K., Pitrou, A. & Seibert, S. (2015). Numba: a LLVM-based Python JIT
   compiler. Proceedings of the 2nd Workshop on the LLVM Compiler Infrastructure in HPC.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models._jitflag import bind, compile_kernels, jit_allowed

__all__: list[str] = []

MAX_CANDIDATES = 64
"""Outcomes a draw's bound may leave to evaluate; beyond that the draw goes to numpy."""

_ITERATIONS = 8  # Frank-Wolfe steps at most (a zero duality gap ends them)
_BOX = 4  # Frank-Wolfe stops when the box left by the gap holds this many outcomes
_GAP = 1e-9  # an incumbent is strict when every gap exceeds this (as the numpy path)
_WINDOW = 1e-9  # delta per unit of (1 + sum of weights): near-ties are left undecided
_TINY = float(np.nextafter(0.0, 1.0))  # as models.bargaining._inputs._TINY
_LOG_RANGE = 745.0  # as models.bargaining.axiomatic._LOG_RANGE
_EPS = float(np.finfo(np.float64).eps)


def nash_kernel() -> Callable[..., Any] | None:
    """Return the compiled per-draw Nash kernel, or None (no Numba, or ``STANCES_JIT=0``).

    The kernel's signature is ``(values, span, ideals, sal, denom, low, high, d, w, p,
    strides, status, chosen, u) -> None``: ``values`` (n_issues, n_levels) the candidate
    levels padded with NaN, ``span`` (n_issues,) the scale widths, ``ideals``, ``sal``,
    ``low``, ``high`` (n_draws, n_actors, n_issues), ``denom`` (n_draws, n_actors) the
    salience sums, ``d`` and ``w`` (n_draws, n_actors) disagreement utilities and weights,
    ``p`` the loss exponent (1 or 2), ``strides`` (n_issues,) of the C-ordered outcome
    index; it writes ``status`` (1 solved, 0 no zone of possible agreement, -1 undecided),
    ``chosen`` (the outcome index, -1 unless solved) and ``u`` (its utilities).

    Returns
    -------
    callable or None

    Examples
    --------
    >>> kernel = nash_kernel()
    >>> kernel is None or callable(kernel)
    True
    """
    if not jit_allowed(os.environ.get("STANCES_JIT")):
        return None
    return _compiled()


@lru_cache(maxsize=1)
def _compiled() -> Callable[..., Any] | None:
    """Compile the kernel (or load it from the disk cache); None without a working Numba."""
    return compile_kernels("the Nash kernel", __file__, _build)


def _build(numba: Any, cache: bool) -> Callable[..., Any]:
    """Compile :func:`_nash_draws` and its helper with explicit signatures."""
    t = numba.types
    f3, f2, f1 = t.float64[:, :, ::1], t.float64[:, ::1], t.float64[::1]
    signature = t.void(f2, f1, f3, f3, f2, f3, f3, f2, f2, t.int64, t.int64[::1],
                       t.int8[::1], t.int64[::1], f2)
    log_product = numba.njit(t.float64(f1, f1, t.boolean), cache=cache, nogil=True,
                             error_model="numpy")(_log_product)
    kernel: Callable[..., Any] = numba.njit(
        signature, cache=cache, nogil=True, error_model="numpy",
    )(bind(_nash_draws, {"_log_product": log_product}))
    return kernel


def _log_product(  # pragma: no cover - runs compiled
    g: NDArray[np.float64], w: NDArray[np.float64], product: bool
) -> float:
    """Return ``sum_i w_i log g_i`` (g > 0); with equal weights ``w_0 log prod_i g_i``."""
    if product:
        prod = 1.0
        for i in range(g.size):
            prod *= g[i]
        if prod > 1e-300:
            return float(w[0] * np.log(prod))
    f = 0.0
    for i in range(g.size):
        f += w[i] * np.log(g[i])
    return f


def _nash_draws(  # pragma: no cover - runs compiled
    values: NDArray[np.float64], span: NDArray[np.float64], ideals: NDArray[np.float64],
    sal: NDArray[np.float64], denom: NDArray[np.float64], low: NDArray[np.float64],
    high: NDArray[np.float64], d: NDArray[np.float64], w: NDArray[np.float64], p: int,
    strides: NDArray[np.int64], status: NDArray[np.int8], chosen: NDArray[np.int64],
    u: NDArray[np.float64],
) -> None:
    """Solve each draw's Nash problem (see the module docstring); plain Python for Numba."""
    n_draws, n_a, K = ideals.shape
    L = values.shape[1]
    KL = K * L
    # dist[i, k L + j] = (|v_kj - y_ik| / R_k)^p, exactly as models.outcomes.utilities has it;
    # kept from draw to draw while the ideals do not move
    dist = np.zeros((n_a, KL))
    last = np.full((n_a, K), np.nan)
    approx = np.zeros((n_a, KL))  # dist s / sum(s), up to rounding: for the bounds only
    exact = np.empty((KL, n_a))  # the exact losses of the levels the leaves use
    have = np.zeros(KL, dtype=np.bool_)
    pen = np.empty(KL)  # 0 on the accepted levels, inf on the others
    phi = np.empty(KL)
    r = np.empty(n_a)
    x = np.empty(K, dtype=np.int64)
    best_x = np.empty(K, dtype=np.int64)
    g = np.empty(n_a)
    gbar = np.empty(n_a)
    mu = np.empty(n_a)
    mu_best = np.empty(n_a)
    kept = np.empty((K, L), dtype=np.int64)
    n_kept = np.empty(K, dtype=np.int64)
    pos = np.empty(K, dtype=np.int64)
    xs = np.empty(K, dtype=np.int64)
    partial = np.empty(K + 1)
    uu = np.empty(n_a)
    cand_f = np.empty(MAX_CANDIDATES)
    cand_x = np.empty((MAX_CANDIDATES, K), dtype=np.int64)
    cand_u = np.empty((MAX_CANDIDATES, n_a))
    for s in range(n_draws):
        status[s] = -1
        chosen[s] = -1
        for i in range(n_a):
            u[s, i] = np.nan
        # 1. the levels every party accepts (NaN bounds ignored, as np.fmax/np.fmin do)
        empty = False
        for k in range(K):
            lo = np.nan
            hi = np.nan
            for i in range(n_a):
                a = low[s, i, k]
                if a == a and (lo != lo or a > lo):
                    lo = a
                b = high[s, i, k]
                if b == b and (hi != hi or b < hi):
                    hi = b
            found = False
            for j in range(L):
                v = values[k, j]
                if v == v and not (v < lo - 1e-9) and not (v > hi + 1e-9):
                    pen[k * L + j] = 0.0
                    found = True
                else:
                    pen[k * L + j] = np.inf
            if not found:
                empty = True
        if empty:
            status[s] = 0
            continue
        wsum = 0.0
        usable = True
        equal = True
        for i in range(n_a):
            if not (d[s, i] >= 0.0) or not (w[s, i] >= 0.0):  # NaN fails too
                usable = False
            equal = equal and w[s, i] == w[s, 0]
            wsum += w[s, i]
        if not usable or not (wsum > 0.0):
            continue
        # F compared as a product of gains when the weights are equal (no logarithms)
        product = equal and n_a <= 30
        # 2. the level losses: distances (exact), and approximate losses for the bounds
        for i in range(n_a):
            for k in range(K):
                y = ideals[s, i, k]
                if y != last[i, k]:
                    last[i, k] = y
                    for j in range(L):
                        c = abs(values[k, j] - y)
                        c = c / span[k]
                        if p == 2:
                            c = c * c
                        dist[i, k * L + j] = c if c == c else 0.0  # padding: never accepted
            den = denom[s, i]
            if not (den > 0.0):
                den = 1.0
            r[i] = 1.0 / den
        for i in range(n_a):
            for k in range(K):
                a = sal[s, i, k] * r[i]
                for j in range(L):
                    approx[i, k * L + j] = dist[i, k * L + j] * a
        # 3. an incumbent and a dual bound: Frank-Wolfe steps on the concave relaxation,
        # max sum_i w_i log gbar_i over the convex hull of the gap vectors g(x); each step's
        # linear problem min_x sum_k phi_k(x_k), mu = w / gbar, is separable, its solution x
        # is an incumbent and D(mu) = F(gbar) + sum_i mu_i (g_i(x) - gbar_i) >= max F
        for i in range(n_a):
            mu[i] = w[s, i] / wsum
        f_inc = -np.inf
        d_best = np.inf
        f_bar = -np.inf
        started = 0
        for _ in range(_ITERATIONS):
            for m in range(KL):
                phi[m] = pen[m]
            for i in range(n_a):
                mi = mu[i]
                for m in range(KL):
                    phi[m] += mi * approx[i, m]
            for k in range(K):
                arg = 0
                for j in range(1, L):
                    if phi[k * L + j] < phi[k * L + arg]:
                        arg = j
                x[k] = arg
            strict = True
            for i in range(n_a):
                gi = 1.0 - d[s, i]
                for k in range(K):
                    gi -= approx[i, k * L + x[k]]
                g[i] = gi
                strict = strict and gi > _GAP
            if strict:
                f = _log_product(g, w[s], product)
                if f > f_inc:
                    f_inc = f
                    for k in range(K):
                        best_x[k] = x[k]
            if started:
                bound = f_bar
                for i in range(n_a):
                    bound += mu[i] * (g[i] - gbar[i])
                if bound < d_best:
                    d_best = bound
                    for i in range(n_a):
                        mu_best[i] = mu[i]
                    # enough when the box of levels within the gap holds few outcomes
                    gap = d_best - f_inc + 1e-9
                    box = 1
                    for k in range(K):
                        low_phi = phi[k * L + x[k]]
                        n = 0
                        for j in range(L):
                            if phi[k * L + j] - low_phi <= gap:
                                n += 1
                        box *= n
                    if box <= _BOX:
                        break
                step = 2.0 / (started + 2.0)
                for i in range(n_a):
                    gbar[i] += step * (g[i] - gbar[i])
                started += 1
            elif strict:
                for i in range(n_a):
                    gbar[i] = g[i]
                started = 1
            else:  # no strict point yet: weigh the parties left without a gain more
                total = 0.0
                for i in range(n_a):
                    if g[i] <= _GAP:
                        mu[i] *= 4.0
                    total += mu[i]
                for i in range(n_a):
                    mu[i] /= total
                continue
            f_bar = _log_product(gbar, w[s], product)
            for i in range(n_a):
                mu[i] = w[s, i] / gbar[i]
        if d_best == np.inf or f_inc == -np.inf:
            continue
        # 4. the outcomes the bound leaves: sum_k (phi_k(x_k) - min phi_k) <= D - F_inc + window
        for m in range(KL):
            phi[m] = pen[m]
        size = abs(d_best) + abs(f_inc)
        for i in range(n_a):
            mi = mu_best[i]
            size += mi * abs(1.0 - d[s, i])
            for m in range(KL):
                phi[m] += mi * approx[i, m]
        for k in range(K):
            low_phi = np.inf
            for j in range(L):
                low_phi = min(low_phi, phi[k * L + j])
            size += abs(low_phi)
            for j in range(L):
                phi[k * L + j] -= low_phi
        # wider than solve_batch's tie tolerance 4 (n_actors + 2) eps 745 sum(w), and than
        # the rounding of F (a few eps |F|); the budget adds room for the bound's rounding
        window = max(_WINDOW * (1.0 + wsum), 16.0 * (n_a + 2) * _EPS * _LOG_RANGE * wsum)
        budget = (d_best - f_inc) + window + 1e-8 + 1e-9 * size
        for k in range(K):
            n = 0
            for j in range(L):
                if phi[k * L + j] <= budget:  # inf (not accepted) never is
                    kept[k, n] = j
                    n += 1
            n_kept[k] = n
        for m in range(KL):
            have[m] = False
        n_cand = 0
        n_leaves = 0
        overflow = False
        depth = 0
        pos[0] = -1
        partial[0] = 0.0
        while depth >= 0 and not overflow:
            pos[depth] += 1
            if pos[depth] >= n_kept[depth]:
                depth -= 1
                continue
            j = kept[depth, pos[depth]]
            acc = partial[depth] + phi[depth * L + j]
            if acc > budget:
                continue
            xs[depth] = j
            partial[depth + 1] = acc
            if depth < K - 1:
                depth += 1
                pos[depth] = -1
                continue
            # a leaf: its utilities as models.outcomes.utilities computes them, then F
            n_leaves += 1
            if n_leaves > 4 * MAX_CANDIDATES:
                overflow = True
                continue
            for k in range(K):
                m = k * L + xs[k]
                if not have[m]:
                    have[m] = True
                    for i in range(n_a):
                        den = denom[s, i]
                        if not (den > 0.0):
                            den = 1.0
                        exact[m, i] = (dist[i, m] * sal[s, i, k]) / den
            m = (K - 1) * L + xs[K - 1]
            for i in range(n_a):
                uu[i] = 1.0 - exact[m, i]
            for k in range(K - 2, -1, -1):
                m = k * L + xs[k]
                for i in range(n_a):
                    uu[i] -= exact[m, i]
            strict = True
            for i in range(n_a):
                if uu[i] < 0.0:
                    uu[i] = 0.0
                strict = strict and uu[i] - d[s, i] > 0.0
            if not strict:
                continue
            if n_cand == MAX_CANDIDATES:
                overflow = True
                continue
            if product:
                f = 1.0
                for i in range(n_a):
                    f *= uu[i] - d[s, i]
                if not (f > 1e-250):  # too small to compare as a product
                    overflow = True
                    continue
            else:
                f = 0.0
                for i in range(n_a):
                    f += w[s, i] * np.log(max(uu[i] - d[s, i], _TINY))
            cand_f[n_cand] = f
            for k in range(K):
                cand_x[n_cand, k] = xs[k]
            for i in range(n_a):
                cand_u[n_cand, i] = uu[i]
            n_cand += 1
        if overflow or n_cand == 0:
            continue
        top = 0
        for c in range(1, n_cand):
            if cand_f[c] > cand_f[top]:
                top = c
        # within the window of the best: F_c >= F_top - window, or for products (F = w log P)
        # P_c >= P_top exp(-window / w), widened to P_top (1 - window / w)
        if product:
            floor = cand_f[top] * (1.0 - window / w[s, 0])
        else:
            floor = cand_f[top] - window
        close = 0
        for c in range(n_cand):
            if cand_f[c] >= floor:
                close += 1
        if close != 1:
            continue
        index = 0
        for k in range(K):
            index += cand_x[top, k] * strides[k]
        chosen[s] = index
        for i in range(n_a):
            u[s, i] = cand_u[top, i]
        status[s] = 1
