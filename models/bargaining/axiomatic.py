r"""The axiomatic bargaining solutions: their objectives, tie rules and continuous forms.

For utilities :math:`U \in \mathbb{R}^{n \times m}` (row :math:`x` holds
:math:`u(x)`), a disagreement point :math:`d` and the zone of possible
agreement :math:`Z = \{x : u(x) \ge d\}`, with gains :math:`g(x) = u(x) - d`:

* the (generalised) **Nash bargaining solution** (Nash 1950; Kalai 1977a)
  :math:`\arg\max_{x \in Z,\ g(x) > 0} \sum_i w_i \log g_i(x)`, with
  bargaining powers :math:`w \ge 0`;
* the **Kalai–Smorodinsky solution** (Kalai and Smorodinsky 1975)
  :math:`\arg\max_{x \in Z} \min_i g_i(x) / (a_i - d_i)` with the ideal point
  :math:`a_i = \max_{x \in Z} u_i(x)`, leximin refined;
* the **egalitarian solution** (Kalai 1977b)
  :math:`\arg\max_{x \in Z} \min_i g_i(x)`, leximin refined;
* the **utilitarian solution** (Harsanyi 1955) :math:`\arg\max_x \sum_i u_i(x)`,
  which ignores :math:`d`.

Each concept is written here once, in the three forms the solvers need (see
:mod:`models.bargaining.spec`): a vectorised score of every outcome of a chunk
of problems, the exact order-free keys that break ties, and the continuous
objective with its smooth (direct or epigraph) form for SLSQP. The registry
(:mod:`models.bargaining.registry`) names them.

*Ties.* A score is compared with a rounding allowance of a few units in the
last place; the outcomes within it are ranked exactly by keys computed from
the utilities alone (sums of sorted rows, sorted gains), in turn: the
concept's own refinement, the larger utilitarian sum, the leximin-larger
gains, the lexicographically larger utilities in actor order, and finally the
lower index. So reordering the outcomes returns the same utilities and
reordering the actors permutes them (see :class:`models.bargaining.Solution`).
Because a dominating outcome scores at least as well and has a strictly larger
sum, every choice is Pareto-optimal.

*Nash with only weak improvements.* When :math:`Z` is non-empty but no outcome
gives every actor a strict gain, the Nash product is zero on all of :math:`Z`;
the solution is then the outcome of :math:`Z` that first maximises the number
of actors with a strict gain and then the weighted log-product of those gains.

References
----------
.. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
.. [2] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
   bargaining problem. *Econometrica* 43(3), 513–518.
.. [3] Kalai, E. (1977a). Nonsymmetric Nash solutions and replications of
   2-person bargaining. *International Journal of Game Theory* 6(3), 129–133.
.. [4] Kalai, E. (1977b). Proportional solutions to bargaining situations:
   interpersonal utility comparisons. *Econometrica* 45(7), 1623–1630.
.. [5] Harsanyi, J. C. (1955). Cardinal welfare, individualistic ethics, and
   interpersonal comparisons of utility. *Journal of Political Economy*
   63(4), 309–321.
.. [6] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*.
   Academic Press, chapter 2.
"""

from __future__ import annotations

import numpy as np

from models.bargaining._inputs import _EPS, _TINY, BoolArray, FloatArray
from models.bargaining.spec import ChunkScores, ContinuousForm

__all__: list[str] = []

_LOG_RANGE = 745.0  # |log x| <= 745 for every positive double


# ---------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------


def _min_last(A: FloatArray) -> FloatArray:
    """Minimum over the last axis, as a few whole-array passes (fast for few actors)."""
    out = A[..., 0].copy()
    for j in range(1, A.shape[-1]):
        np.minimum(out, A[..., j], out=out)
    return out


def _sorted_sum(A: FloatArray) -> FloatArray:
    """Row sums of sorted rows: the same floating-point result for any order of the columns."""
    out: FloatArray = np.sort(A, axis=-1).sum(axis=-1)
    return out


def _ideal_gains(U: FloatArray, D: FloatArray, in_zopa: BoolArray) -> FloatArray:
    """Ideal gains ``a - d`` over the zone of possible agreement; 0 where an actor cannot gain."""
    with np.errstate(invalid="ignore"):
        ideal = np.where(in_zopa[..., None], U, -np.inf).max(axis=-2)
        span = ideal - D
    return np.where(span > 0, span, 0.0)


def _gain_shares(G: FloatArray, scale: FloatArray) -> FloatArray:
    """Gains as shares of the ideal gains; 1 for an actor that cannot gain."""
    ratio = G / np.where(scale > 0, scale, 1.0)
    np.copyto(ratio, 1.0, where=np.broadcast_to(scale <= 0, ratio.shape))
    return ratio


def _zopa_chunk(U: FloatArray, D: FloatArray, buf: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Gains ``U - D`` (written into ``buf``) and each outcome's smallest gain."""
    G = np.subtract(U, D[:, None, :], out=buf)
    return G, _min_last(G)


def _tail(u: FloatArray, g: FloatArray) -> list[FloatArray]:
    """Return the common tie keys: utilitarian sum, leximin gains, utilities in actor order."""
    return [_sorted_sum(u), *np.sort(g, axis=1).T, *u.T]


# ---------------------------------------------------------------------------
# Nash
# ---------------------------------------------------------------------------


def _nash_weak(U: FloatArray, D: FloatArray, W: FloatArray, tol: FloatArray) -> BoolArray:
    """Candidates of problems whose zone has only weak improvements.

    Ranks the zone by (number of actors who gain, weighted log-product of their gains).
    """
    G = U - D[:, None, :]
    pos = G > 0
    count = np.where(_min_last(G) >= 0, pos.sum(axis=2), -1)
    top = count == count.max(axis=1, keepdims=True)
    f2 = (np.log(np.where(pos, G, 1.0)) * W[:, None, :]).sum(axis=2)
    f2 = np.where(top, f2, -np.inf)
    out: BoolArray = f2 >= (f2.max(axis=1) - tol)[:, None]
    return out


def _nash_scores(
    U: FloatArray, D: FloatArray, W: FloatArray, shared_weights: bool, buf: FloatArray
) -> ChunkScores:
    k = U.shape[2]
    G = np.subtract(U, D[:, None, :], out=buf)
    strict = _min_last(G) > 0
    np.maximum(G, _TINY, out=G)  # not 0: log(0) takes a slow path
    np.log(G, out=G)
    score = G @ W[0] if shared_weights else np.matmul(G, W[:, :, None])[..., 0]
    np.copyto(score, -np.inf, where=~strict)
    tol = 4.0 * (k + 2) * _EPS * _LOG_RANGE * W.sum(axis=1)
    valid = score.max(axis=1) > -np.inf
    forced = None
    if not valid.all():
        # No strict improvement: is there a weak one (the zone of possible agreement)?
        q = np.flatnonzero(~valid)
        q = q[(_min_last(U[q] - D[q][:, None, :]) >= 0).any(axis=1)]
        if q.size:
            valid[q] = True
            forced = (q, _nash_weak(U[q], D[q], W[q], tol[q]))
    return ChunkScores(score, tol, valid, None, forced)


def _nash_keys(
    u: FloatArray, d: FloatArray, w: FloatArray, context: FloatArray
) -> tuple[list[FloatArray], int]:
    g = u - d
    pos = g > 0
    terms = np.where(pos, w * np.log(np.where(pos, g, 1.0)), 0.0)
    return [pos.sum(axis=1).astype(float), _sorted_sum(terms), *_tail(u, g)], 2


def _nash_objective(U: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray) -> FloatArray:
    g = U - d
    gmin = g.min(axis=1)
    value = (np.log(np.maximum(g, _TINY)) * w).sum(axis=1)
    return np.where(gmin > 0, value, -np.inf)


def _nash_value(u: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray) -> float:
    return float((w * np.log(np.maximum(u - d, _TINY))).sum())


def _nash_gradient(
    u: FloatArray, jac: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray
) -> FloatArray:
    out: FloatArray = (w / np.maximum(u - d, _TINY)) @ jac
    return out


_NASH = ContinuousForm(objective=_nash_objective, value=_nash_value, gradient=_nash_gradient)


# ---------------------------------------------------------------------------
# Kalai-Smorodinsky
# ---------------------------------------------------------------------------


def _ks_scores(
    U: FloatArray, D: FloatArray, W: FloatArray, shared_weights: bool, buf: FloatArray
) -> ChunkScores:
    G, gmin = _zopa_chunk(U, D, buf)
    in_zopa = gmin >= 0
    scale = _ideal_gains(U, D, in_zopa)
    score = np.where(in_zopa, _min_last(_gain_shares(G, scale[:, None, :])), -np.inf)
    valid = np.asarray(in_zopa.any(axis=1), dtype=bool)
    return ChunkScores(score, np.zeros(U.shape[0]), valid, scale)


def _ks_keys(
    u: FloatArray, d: FloatArray, w: FloatArray, context: FloatArray
) -> tuple[list[FloatArray], int]:
    g = u - d
    return [*np.sort(_gain_shares(g, context), axis=1).T, *_tail(u, g)], 1


def _ks_objective(U: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray) -> FloatArray:
    g = U - d
    gmin = g.min(axis=1)
    return np.where(gmin >= 0, _gain_shares(g, scale).min(axis=1), -np.inf)


def _ks_constraints(g: FloatArray, t: float, scale: FloatArray) -> FloatArray:
    gains = scale > 0
    return np.concatenate([g[gains] / scale[gains] - t, g])


def _ks_constraints_jac(jac: FloatArray, scale: FloatArray) -> FloatArray:
    gains = scale > 0
    top = np.hstack([jac[gains] / scale[gains][:, None], -np.ones((int(gains.sum()), 1))])
    return np.vstack([top, np.hstack([jac, np.zeros((jac.shape[0], 1))])])


_KALAI_SMORODINSKY = ContinuousForm(
    objective=_ks_objective, constraints=_ks_constraints, constraints_jac=_ks_constraints_jac,
    ideal=True,
)


# ---------------------------------------------------------------------------
# Egalitarian
# ---------------------------------------------------------------------------


def _egalitarian_scores(
    U: FloatArray, D: FloatArray, W: FloatArray, shared_weights: bool, buf: FloatArray
) -> ChunkScores:
    _, gmin = _zopa_chunk(U, D, buf)
    in_zopa = gmin >= 0
    valid = np.asarray(in_zopa.any(axis=1), dtype=bool)
    return ChunkScores(np.where(in_zopa, gmin, -np.inf), np.zeros(U.shape[0]), valid)


def _egalitarian_keys(
    u: FloatArray, d: FloatArray, w: FloatArray, context: FloatArray
) -> tuple[list[FloatArray], int]:
    g = u - d
    return [*np.sort(g, axis=1).T, _sorted_sum(u), *u.T], 1


def _egalitarian_objective(
    U: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray
) -> FloatArray:
    g = U - d
    gmin = g.min(axis=1)
    return np.where(gmin >= 0, gmin, -np.inf)


def _egalitarian_constraints(g: FloatArray, t: float, scale: FloatArray) -> FloatArray:
    return np.asarray(g - t, dtype=float)


def _egalitarian_constraints_jac(jac: FloatArray, scale: FloatArray) -> FloatArray:
    return np.hstack([jac, -np.ones((jac.shape[0], 1))])


_EGALITARIAN = ContinuousForm(
    objective=_egalitarian_objective, constraints=_egalitarian_constraints,
    constraints_jac=_egalitarian_constraints_jac,
)


# ---------------------------------------------------------------------------
# Utilitarian
# ---------------------------------------------------------------------------


def _utilitarian_scores(
    U: FloatArray, D: FloatArray, W: FloatArray, shared_weights: bool, buf: FloatArray
) -> ChunkScores:
    n_s, _, k = U.shape
    score = U @ np.ones(k)
    tol = 4.0 * (k + 1) * k * _EPS * np.abs(U).max(axis=(1, 2))
    return ChunkScores(score, tol, np.ones(n_s, dtype=bool))


def _utilitarian_keys(
    u: FloatArray, d: FloatArray, w: FloatArray, context: FloatArray
) -> tuple[list[FloatArray], int]:
    return [_sorted_sum(u), *np.sort(u, axis=1).T, *u.T], 1


def _utilitarian_objective(
    U: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray
) -> FloatArray:
    total: FloatArray = U.sum(axis=1)
    return total


def _utilitarian_value(u: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray) -> float:
    return float(u.sum())


def _utilitarian_gradient(
    u: FloatArray, jac: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray
) -> FloatArray:
    out: FloatArray = jac.sum(axis=0)
    return out


_UTILITARIAN = ContinuousForm(
    objective=_utilitarian_objective, value=_utilitarian_value, gradient=_utilitarian_gradient
)
