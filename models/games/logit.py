r"""Approximate Nash equilibria of N-player games by tracing the logit QRE path.

The logit quantal response equilibrium (McKelvey & Palfrey 1995) with precision
:math:`\lambda \ge 0` is a profile :math:`\sigma` with

.. math::

    \sigma_i(s) = \frac{\exp(\lambda\, u_i(s, \sigma_{-i}))}
                       {\sum_{t} \exp(\lambda\, u_i(t, \sigma_{-i}))}.

At :math:`\lambda = 0` it is the uniform profile; for a generic game the
principal branch is a smooth curve whose limit as :math:`\lambda \to \infty`
is a Nash equilibrium. Following Turocy (2005) the curve is written in the
log-probabilities :math:`\ell_i = \log \sigma_i`,

.. math::

    H(\ell, \lambda) = \Bigl(\textstyle\sum_s e^{\ell_i(s)} - 1,\;
    \ell_i(s) - \ell_i(0) - \lambda\,[u_i(s, \sigma_{-i}) - u_i(0, \sigma_{-i})]
    \Bigr)_{i,\, s \ge 1} = 0,

and traced by a predictor-corrector method in arc length (Allgower & Georg
1990): an Euler step along the kernel of the Jacobian, then Newton steps with
the minimum-norm (pseudo-inverse) correction, with adaptive step length.
Whenever :math:`\lambda` has grown by half since the last try, the support of
the current point is guessed and the indifference equations on that support
are solved by Newton's method; the result is accepted once its regret is below
the tolerance.

References
----------
.. [1] McKelvey, R. D., & Palfrey, T. R. (1995). Quantal response equilibria
   for normal form games. *Games and Economic Behavior*, 10(1), 6-38.
.. [2] Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
   quantal response equilibrium correspondence. *Games and Economic Behavior*,
   51(2), 243-263.
.. [3] Allgower, E. L., & Georg, K. (1990). *Numerical Continuation Methods*.
   Springer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models._repr import compact_repr
from models.games._common import pairwise_payoffs, regret_of

__all__ = ["LogitTrace", "logit_homotopy"]

FloatArray = NDArray[np.float64]

_MAX_LAMBDA = 1e9
_NEWTON_TOL = 1e-10


@dataclass(frozen=True, slots=True)
class LogitTrace:
    """Outcome of :func:`logit_homotopy`.

    Attributes
    ----------
    profile : list of ndarray of shape (m_i,)
        The best profile found (lowest regret).
    regret : float
        Its regret in the original payoff units.
    converged : bool
        Whether ``regret <= tol``.
    num_iter : int
        Predictor-corrector steps taken.
    lam : float
        The precision reached (payoffs scaled to ``[0, 1]`` per player).
    """

    __repr__ = compact_repr

    profile: list[FloatArray]
    regret: float
    converged: bool
    num_iter: int
    lam: float


def _scale(payoffs: FloatArray) -> FloatArray:
    """Map each player's payoffs by a positive affine transformation onto [0, 1]."""
    out = np.zeros_like(payoffs, dtype=np.float64)
    for i in range(payoffs.shape[0]):
        lo, hi = float(payoffs[i].min()), float(payoffs[i].max())
        if hi > lo:
            out[i] = (payoffs[i] - lo) / (hi - lo)
    return out


def _system(
    pay: FloatArray, z: FloatArray, sizes: list[int], offs: list[int]
) -> tuple[FloatArray, FloatArray]:
    """Residual H (K,) and Jacobian (K, K + 1) of the logit equations at ``z = (ell, lam)``."""
    k = z.size - 1
    lam = z[-1]
    sig = [np.exp(z[o : o + m]) for o, m in zip(offs, sizes, strict=True)]
    U = pairwise_payoffs(pay, sig)
    H = np.zeros(k)
    J = np.zeros((k, k + 1))
    for i, (o, m) in enumerate(zip(offs, sizes, strict=True)):
        ell = z[o : o + m]
        u = U[i][i]
        H[o] = sig[i].sum() - 1.0
        J[o, o : o + m] = sig[i]
        if m == 1:
            continue
        H[o + 1 : o + m] = ell[1:] - ell[0] - lam * (u[1:] - u[0])
        J[o + 1 : o + m, o + 1 : o + m] = np.eye(m - 1)
        J[o + 1 : o + m, o] = -1.0
        J[o + 1 : o + m, k] = -(u[1:] - u[0])
        for j, (oj, mj) in enumerate(zip(offs, sizes, strict=True)):
            if j != i:
                blk = U[i][j]
                J[o + 1 : o + m, oj : oj + mj] = -lam * (blk[1:] - blk[0]) * sig[j][None, :]
    return H, J


def _tangent(J: FloatArray) -> FloatArray:
    """Return the unit vector spanning the kernel of the (K, K + 1) Jacobian."""
    q, _ = np.linalg.qr(J.T, mode="complete")
    return np.asarray(q[:, -1], dtype=np.float64)


def _correct(
    pay: FloatArray, z: FloatArray, sizes: list[int], offs: list[int]
) -> tuple[FloatArray, int] | None:
    """Newton corrector with minimum-norm steps; None when it fails to contract."""
    prev = np.inf
    for it in range(1, 9):
        H, J = _system(pay, z, sizes, offs)
        step = np.linalg.lstsq(J, -H, rcond=None)[0]
        size = float(np.linalg.norm(step))
        if not np.isfinite(size) or (it == 1 and size > 0.5) or size > 0.5 * prev:
            return None
        z = z + step
        if size < _NEWTON_TOL:
            return z, it
        prev = size
    return None


def _polish(
    payoffs: FloatArray, sig: list[FloatArray], threshold: float
) -> list[FloatArray] | None:
    """Solve the indifference equations on the support guessed from ``sig`` by Newton."""
    n = len(sig)
    supp = [np.flatnonzero(s >= threshold * s.max()) for s in sig]
    x = [s[sp] / s[sp].sum() for s, sp in zip(sig, supp, strict=True)]
    sizes = [len(sp) for sp in supp]
    offs = list(np.cumsum([0, *sizes[:-1]]))
    k = sum(sizes)
    full = [np.zeros_like(s) for s in sig]
    scale = max(1.0, float(np.max(np.abs(payoffs))))
    v = np.zeros(n)
    prev = np.inf
    for it in range(20):
        for f, sp, xi in zip(full, supp, x, strict=True):
            f[:] = 0.0
            f[sp] = xi
        U = pairwise_payoffs(payoffs, full)
        if it == 0:
            v = np.array([U[i][i][supp[i]] @ x[i] for i in range(n)])
        F, J = _indifference_system(U, supp, x, v, offs)
        step = np.linalg.lstsq(J, -F, rcond=None)[0]
        size = float(np.linalg.norm(step))
        if not np.isfinite(size) or (it > 2 and size > prev):
            return None
        for i in range(n):
            x[i] = x[i] + step[offs[i] : offs[i] + sizes[i]]
        v = v + step[k:]
        if size < 1e-13 * scale:
            break
        prev = size
    return _embed(sig, supp, x)


def _indifference_system(
    U: list[list[FloatArray]],
    supp: list[NDArray[np.intp]],
    x: list[FloatArray],
    v: FloatArray,
    offs: list[Any],
) -> tuple[FloatArray, FloatArray]:
    """Residual and Jacobian of ``u_i(s, x_-i) = v_i`` on the supports and ``sum x_i = 1``.

    The unknowns are the support probabilities (player after player, from
    ``offs``) followed by the values ``v``.
    """
    n = len(supp)
    sizes = [len(sp) for sp in supp]
    k = sum(sizes)
    F = np.zeros(k + n)
    J = np.zeros((k + n, k + n))
    for i in range(n):
        o, m = offs[i], sizes[i]
        F[o : o + m] = U[i][i][supp[i]] - v[i]
        J[o : o + m, k + i] = -1.0
        F[k + i] = x[i].sum() - 1.0
        J[k + i, o : o + m] = 1.0
        for j in range(n):
            if j != i:
                J[o : o + m, offs[j] : offs[j] + sizes[j]] = U[i][j][np.ix_(supp[i], supp[j])]
    return F, J


def _embed(
    sig: list[FloatArray], supp: list[NDArray[np.intp]], x: list[FloatArray]
) -> list[FloatArray] | None:
    """Place the support mixtures ``x`` into full profiles; None if one is negative or zero."""
    if any(np.any(xi < -1e-9) for xi in x):
        return None
    out = []
    for s, sp, xi in zip(sig, supp, x, strict=True):
        f = np.zeros_like(s)
        f[sp] = np.clip(xi, 0.0, None)
        if f.sum() <= 0:
            return None
        out.append(f / f.sum())
    return out


def logit_homotopy(payoffs: FloatArray, tol: float, max_iter: int) -> LogitTrace:
    """Trace the principal logit QRE branch until an equilibrium within ``tol`` is found.

    Parameters
    ----------
    payoffs : ndarray of shape (n_players, m_1, ..., m_N)
    tol : float
        Target regret, in the units of ``payoffs``.
    max_iter : int
        Largest number of predictor-corrector steps.

    Returns
    -------
    LogitTrace

    Examples
    --------
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> res = logit_homotopy(np.stack([A, -A]), 1e-10, 100)
    >>> res.converged, np.round(res.profile[0], 6)
    (True, array([0.5, 0.5]))
    """
    pay = _scale(payoffs)
    sizes = list(payoffs.shape[1:])
    offs = [int(o) for o in np.cumsum([0, *sizes[:-1]])]
    z = np.concatenate([np.full(m, -np.log(m)) for m in sizes] + [np.zeros(1)])

    def unpack(vec: FloatArray) -> list[FloatArray]:
        parts = [np.exp(vec[o : o + m]) for o, m in zip(offs, sizes, strict=True)]
        return [p / p.sum() for p in parts]

    best = unpack(z)
    best_regret = float(regret_of(payoffs, best).max())
    if best_regret <= tol:
        return LogitTrace(best, best_regret, True, 0, 0.0)
    h = 0.2
    t_prev: FloatArray | None = None
    next_polish = 1.0
    steps = 0
    while steps < max_iter:
        steps += 1
        advanced = _advance(pay, z, t_prev, h, sizes, offs)
        if advanced is None:
            break
        z, t_prev, h = advanced
        lam = float(z[-1])
        sig = unpack(z)
        reg = float(regret_of(payoffs, sig).max())
        if reg < best_regret:
            best, best_regret = sig, reg
        if lam >= next_polish:
            next_polish = 1.5 * lam
            best, best_regret = _polished(payoffs, sig, best, best_regret)
        if best_regret <= tol or lam > _MAX_LAMBDA:
            break
    return LogitTrace(best, best_regret, best_regret <= tol, steps, float(z[-1]))


def _advance(
    pay: FloatArray,
    z: FloatArray,
    t_prev: FloatArray | None,
    h: float,
    sizes: list[int],
    offs: list[int],
) -> tuple[FloatArray, FloatArray, float] | None:
    """One predictor-corrector step: the new point, its tangent and the next step length.

    The tangent is oriented to keep the direction of the last one (at the
    start, towards growing precision); the step length is halved until the
    corrector contracts, then adapted to the number of Newton steps it took.
    Returns None when no step length down to 1e-12 works.
    """
    _, J = _system(pay, z, sizes, offs)
    t = _tangent(J)
    if (t_prev is None and t[-1] < 0) or (t_prev is not None and t @ t_prev < 0):
        t = -t
    corrected = None
    while corrected is None and h > 1e-12:
        corrected = _correct(pay, z + h * t, sizes, offs)
        if corrected is None:
            h *= 0.5
    if corrected is None:
        return None
    z_new, n_newton = corrected
    h = h * 2.0 if n_newton <= 2 else (h * 1.3 if n_newton == 3 else h * 0.7)
    return z_new, t, h


def _polished(
    payoffs: FloatArray, sig: list[FloatArray], best: list[FloatArray], best_regret: float
) -> tuple[list[FloatArray], float]:
    """Polish ``sig`` on the supports of three thresholds; keep whatever beats ``best``."""
    for threshold in (1e-1, 1e-3, 1e-6):
        cand = _polish(payoffs, sig, threshold)
        if cand is not None:
            reg = float(regret_of(payoffs, cand).max())
            if reg < best_regret:
                best, best_regret = cand, reg
    return best, best_regret
