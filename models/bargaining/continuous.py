r"""Bargaining solutions on a continuous outcome space, by multistart SLSQP.

The outcome space is a box :math:`X = \prod_k [l_k, h_k]` and the utilities a
function :math:`u : X \to \mathbb{R}^m`, called on many points at once. For
the solution :math:`\sigma` of the registry with continuous form
(:class:`~models.bargaining.spec.ContinuousForm`) :math:`F_\sigma`, the solver
maximises, over :math:`x \in X` and within the individually rational set
:math:`u(x) \ge d` when :math:`\sigma` uses :math:`d`, either the smooth
objective :math:`\varphi_\sigma(u(x))` (direct form: Nash's
:math:`\sum_i w_i \log(u_i - d_i)`, the utilitarian :math:`\sum_i u_i`) or
:math:`t` subject to :math:`h_\sigma(u(x)) \ge t` (epigraph form of the max-min
objectives: the egalitarian :math:`h_i = u_i - d_i`, Kalai–Smorodinsky's
:math:`h_i = (u_i - d_i) / (a_i - d_i)`). Steps:

1. score :math:`n` random points of the box, its centre and (up to 10
   dimensions) its corners by the vectorised objective;
2. if the solution uses :math:`d` and no point is individually rational,
   search for one (egalitarian form) and fail if there is none;
3. for a solution that needs it, compute the ideal point
   :math:`a_i = \max \{u_i(x) : u(x) \ge d\}` by one multistart run per actor;
4. run SLSQP (Kraft 1988) with forward-difference Jacobians from the best
   ``n_starts`` points and keep the feasible result with the best objective.

References
----------
.. [1] Kraft, D. (1988). A software package for sequential quadratic
   programming. DFVLR-FB 88-28 (the SLSQP algorithm).
.. [2] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
.. [3] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
   bargaining problem. *Econometrica* 43(3), 513–518.
.. [4] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*.
   Academic Press, chapter 2 (the dollar-splitting examples).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize

from models._checks import check_array, check_int, check_real, param_error
from models.bargaining._inputs import _EPS, FloatArray, _check_weights, _no_zopa, _readonly
from models.bargaining.axiomatic import _EGALITARIAN
from models.bargaining.registry import _lookup
from models.bargaining.results import ContinuousSolution
from models.bargaining.spec import ContinuousForm

__all__ = ["UtilityFunction", "solve_continuous"]

UtilityFunction = Callable[[FloatArray], ArrayLike]
"""Maps points of shape (n_points, n_dims) to utilities of shape (n_points, n_actors)."""


class _Evaluator:
    """Vectorised utility calls with checks, and cached forward-difference Jacobians."""

    def __init__(
        self, utility: UtilityFunction, low: FloatArray, high: FloatArray, func: str
    ) -> None:
        self.utility = utility
        self.low = low
        self.high = high
        self.func = func
        self.n_actors = -1
        self._x: FloatArray | None = None
        self._u = np.empty(0)
        self._jac = np.empty((0, 0))

    def values(self, X: FloatArray) -> FloatArray:
        try:
            out = np.asarray(self.utility(X), dtype=float)
        except (TypeError, ValueError) as exc:
            raise param_error(
                "utility", self.func,
                "a function of points of shape (n_points, n_dims) returning utilities",
                f"a function that raised {type(exc).__name__}: {exc}",
            ) from exc
        n_actors = out.shape[1] if out.ndim == 2 else -1
        if self.n_actors < 0 and n_actors > 0:
            self.n_actors = n_actors
        if out.shape != (X.shape[0], self.n_actors) or not np.all(np.isfinite(out)):
            got = f"shape {out.shape}" if np.all(np.isfinite(out)) else "non-finite utilities"
            raise param_error(
                "utility", self.func,
                "a function returning finite utilities of shape (n_points, n_actors) "
                "for points of shape (n_points, n_dims)",
                got,
            )
        return out

    def at(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Utilities (n_actors,) and Jacobian (n_actors, n_dims) at ``x``."""
        if self._x is not None and np.array_equal(x, self._x):
            return self._u, self._jac
        step = np.sqrt(_EPS) * np.maximum(1.0, np.abs(x))
        step = np.where(x + step > self.high, -step, step)
        points = np.vstack([x, x + np.diag(step)])
        vals = self.values(points)
        self._x = x.copy()
        self._u = vals[0]
        self._jac = ((vals[1:] - vals[0]) / step[:, None]).T
        return self._u, self._jac


@dataclass(frozen=True, slots=True, eq=False)
class _Problem:
    """What every local run shares: the utilities, ``d``, weights, scale and options."""

    ev: _Evaluator
    d: FloatArray
    w: FloatArray
    scale: FloatArray
    tol: float
    max_iter: int
    rational: bool  # restricted to u(x) >= d


def _ideal_form(i: int) -> ContinuousForm:
    """Actor ``i``'s utility over the individually rational points (for the ideal point)."""

    def objective(U: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray) -> FloatArray:
        gmin = (U - d).min(axis=1)
        return np.where(gmin >= 0, U[:, i], -np.inf)

    def value(u: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray) -> float:
        return float(u[i])

    def gradient(
        u: FloatArray, jac: FloatArray, d: FloatArray, w: FloatArray, scale: FloatArray
    ) -> FloatArray:
        out: FloatArray = jac[i]
        return out

    return ContinuousForm(objective=objective, value=value, gradient=gradient)


_SlsqpParts = tuple[
    Callable[[FloatArray], float], Callable[[FloatArray], FloatArray], list[dict[str, Any]]
]


def _direct(form: ContinuousForm, prob: _Problem, n_dims: int) -> _SlsqpParts:
    """Objective, gradient and constraints of ``max value(u(x))`` (s.t. ``u >= d``)."""
    ev, d, w, scale = prob.ev, prob.d, prob.w, prob.scale
    value, gradient = form.value, form.gradient
    assert value is not None and gradient is not None

    def point(z: FloatArray) -> FloatArray:
        return np.clip(z[:n_dims], ev.low, ev.high)

    def fun(z: FloatArray) -> float:
        u, _ = ev.at(point(z))
        return float(-value(u, d, w, scale))

    def grad(z: FloatArray) -> FloatArray:
        out = np.zeros(z.size)
        u, jac = ev.at(point(z))
        out[:] = -gradient(u, jac, d, w, scale)
        return out

    def cons(z: FloatArray) -> FloatArray:
        u, _ = ev.at(point(z))
        return u - d

    def cons_jac(z: FloatArray) -> FloatArray:
        _, jac = ev.at(point(z))
        return jac

    constraints = [{"type": "ineq", "fun": cons, "jac": cons_jac}] if prob.rational else []
    return fun, grad, constraints


def _epigraph(form: ContinuousForm, prob: _Problem, n_dims: int) -> _SlsqpParts:
    """Objective, gradient and constraints of ``max t`` s.t. ``constraints(u(x) - d, t) >= 0``."""
    ev, d, scale = prob.ev, prob.d, prob.scale
    constraints, constraints_jac = form.constraints, form.constraints_jac
    assert constraints is not None and constraints_jac is not None

    def point(z: FloatArray) -> FloatArray:
        return np.clip(z[:n_dims], ev.low, ev.high)

    def fun(z: FloatArray) -> float:
        return float(-z[-1])

    def grad(z: FloatArray) -> FloatArray:
        out = np.zeros(z.size)
        out[-1] = -1.0
        return out

    def cons(z: FloatArray) -> FloatArray:
        u, _ = ev.at(point(z))
        return constraints(u - d, z[-1], scale)

    def cons_jac(z: FloatArray) -> FloatArray:
        _, jac = ev.at(point(z))
        return constraints_jac(jac, scale)

    return fun, grad, [{"type": "ineq", "fun": cons, "jac": cons_jac}]


def _local(
    form: ContinuousForm, prob: _Problem, x0: FloatArray
) -> tuple[FloatArray, bool, int]:
    """One SLSQP run from ``x0``; epigraph form for the max-min objectives."""
    n_dims = x0.size
    ev = prob.ev
    bounds = list(zip(ev.low.tolist(), ev.high.tolist(), strict=True))
    if form.epigraph:
        fun, grad, constraints = _epigraph(form, prob, n_dims)
        u0 = ev.values(x0[None])
        start = form.objective(u0, prob.d, prob.w, prob.scale)[0]
        if not np.isfinite(start):
            start = float((u0[0] - prob.d).min())
        z0 = np.append(x0, start)
        bounds.append((-np.inf, np.inf))
    else:
        fun, grad, constraints = _direct(form, prob, n_dims)
        z0 = x0.copy()
    res = optimize.minimize(
        fun, z0, jac=grad, method="SLSQP", bounds=bounds, constraints=constraints,
        options={"maxiter": prob.max_iter, "ftol": prob.tol},
    )
    x = np.clip(np.asarray(res.x, dtype=float)[:n_dims], ev.low, ev.high)
    return x, bool(res.success), int(res.nit)


def _best_run(
    form: ContinuousForm, prob: _Problem, starts: FloatArray
) -> tuple[FloatArray, FloatArray, bool, int]:
    """Run SLSQP from each start; keep the feasible result with the best objective."""
    d, w, scale = prob.d, prob.w, prob.scale
    slack = prob.tol * (1.0 + float(np.abs(d).max(initial=0.0)))
    best: tuple[float, FloatArray, FloatArray, bool, int] | None = None
    for x0 in starts:
        x, success, nit = _local(form, prob, x0)
        u = prob.ev.values(x[None])[0]
        feasible = not prob.rational or float((u - d).min()) >= -slack
        if not prob.rational:
            score = float(form.objective(u[None], d, w, scale)[0])
        elif feasible:  # score on clipped gains: a tolerated violation is not infeasible
            score = float(form.objective(np.maximum(u, d)[None], d, w, scale)[0])
        else:
            score = -np.inf
        if best is None or score > best[0]:
            best = (score, x, u, success and feasible, nit)
    assert best is not None
    return best[1], best[2], best[3], best[4]


def _top(X: FloatArray, score: FloatArray, n_starts: int) -> FloatArray:
    """Return the ``n_starts`` points of ``X`` with the best scores (stable order)."""
    return X[np.argsort(-score, kind="stable")[:n_starts]]


def _check_box(bounds: ArrayLike, func: str) -> FloatArray:
    box = check_array(bounds, "bounds", func, ndim=2, shape=(None, 2), shape_text="(n_dims, 2)")
    if box.shape[0] == 0 or np.any(box[:, 0] > box[:, 1]):
        raise param_error(
            "bounds", func, "a non-empty array of shape (n_dims, 2) with low <= high in each row",
            np.array2string(box, separator=", ", threshold=8),
        )
    return box


def _sample(
    ev: _Evaluator, n_samples: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """Score the centre, ``n_samples`` uniform points and (up to 10 dimensions) the corners."""
    low, high = ev.low, ev.high
    n_dims = low.size
    parts = [(low + high)[None] / 2, low + (high - low) * rng.random((n_samples, n_dims))]
    if n_dims <= 10:
        corners = np.array(np.meshgrid(*[[0.0, 1.0]] * n_dims, indexing="ij")).reshape(n_dims, -1)
        parts.append(low + (high - low) * corners.T)
    X = np.vstack(parts)
    return X, ev.values(X)


def _ideal_scale(
    prob: _Problem, X: FloatArray, U: FloatArray, n_starts: int
) -> FloatArray:
    """Ideal gains ``a - d`` over the individually rational points (0 where below ``tol``)."""
    d = prob.d
    ideal = np.empty(d.size)
    for i in range(d.size):
        form = _ideal_form(i)
        score = form.objective(U, d, prob.w, prob.scale)
        _, u, _, _ = _best_run(form, prob, _top(X, score, n_starts))
        ideal[i] = max(float(u[i]), float(score.max()))
    span = ideal - d
    return np.where(span > prob.tol * (1.0 + np.abs(d)), span, 0.0)


def solve_continuous(
    utility: UtilityFunction,
    bounds: ArrayLike,
    d: ArrayLike | None = None,
    *,
    solution: str = "nash",
    weights: ArrayLike | None = None,
    tol: float = 1e-8,
    max_iter: int = 200,
    n_starts: int = 4,
    n_samples: int = 1024,
    rng: np.random.Generator | int | None = None,
) -> ContinuousSolution:
    r"""Compute a bargaining solution on a continuous outcome space.

    Optimises the solution ``solution`` of :data:`models.bargaining.SOLUTIONS`
    over the box by SLSQP with forward-difference derivatives, from the best
    of many sampled points (multistart). ``"nash"`` maximises
    :math:`\sum_i w_i \log(u_i(x) - d_i)` subject to :math:`u(x) \ge d`;
    ``"kalai_smorodinsky"`` first computes each actor's ideal utility
    :math:`a_i = \max u_i(x)` subject to :math:`u(x) \ge d`, then maximises
    :math:`t` subject to :math:`(u_i(x) - d_i)/(a_i - d_i) \ge t` and
    :math:`u(x) \ge d`, which on a comprehensive convex problem is the
    Pareto-optimal point on the segment from :math:`d` to :math:`a`;
    ``"egalitarian"`` maximises :math:`t` subject to
    :math:`u_i(x) - d_i \ge t`; ``"utilitarian"`` maximises
    :math:`\sum_i u_i(x)`.

    Parameters
    ----------
    utility : callable
        Maps points ``x`` of shape (n_points, n_dims) to utilities of shape
        (n_points, n_actors); it is called on many points at once, so it should
        be vectorised. Differentiable utilities give the stated accuracy;
        kinks (e.g. linear spatial losses) may stop the optimiser early, which
        ``converged`` then reports.
    bounds : array_like of shape (n_dims, 2)
        Lower and upper bound of each dimension of the outcome space (a box).
    d : array_like of shape (n_actors,), optional
        Disagreement payoffs. Default: zeros. Ignored by a solution that does
        not use it (the utilitarian one).
    solution : str, default "nash"
        A name of :data:`models.bargaining.SOLUTIONS`.
    weights : array_like of shape (n_actors,), optional
        Non-negative bargaining powers with a positive sum, for a solution
        that uses them (Nash). Default: equal.
    tol : float, default 1e-8
        Requested accuracy: SLSQP's ``ftol`` and the tolerance on the
        individual-rationality constraints.
    max_iter : int, default 200
        Iteration limit of each local SLSQP run.
    n_starts : int, default 4
        Local runs, started from the best of the sampled points (multistart).
    n_samples : int, default 1024
        Random points (plus the centre and, up to 10 dimensions, the corners of
        the box) scored to choose the starts.
    rng : numpy.random.Generator or int or None
        Randomness of the sampled points.

    Returns
    -------
    ContinuousSolution
        ``x``, ``utilities``, ``converged``, ``num_iter``, ``max_iter``,
        ``tol``; ``disagreement`` is None for a solution that ignores it.

    Raises
    ------
    ValueError
        If ``solution`` is unknown; for bad bounds, shapes, weights or options,
        a utility function that returns the wrong shape or non-finite values,
        or when no point of the box weakly improves on ``d`` for every actor
        (for a solution that uses ``d``).
    TypeError
        If ``utility`` is not callable.

    See Also
    --------
    solve : the exact solution on a finite set of outcomes.

    References
    ----------
    .. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
    .. [2] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
       bargaining problem. *Econometrica* 43(3), 513–518.
    .. [3] Kalai, E. (1977). Proportional solutions to bargaining situations:
       interpersonal utility comparisons. *Econometrica* 45(7), 1623–1630.
    .. [4] Kraft, D. (1988). A software package for sequential quadratic
       programming. DFVLR-FB 88-28 (the SLSQP algorithm).

    Examples
    --------
    Dividing a dollar when player 2's utility is :math:`\sqrt{1 - x}`: the Nash
    solution gives player 1 the share :math:`2/3` (Osborne and Rubinstein
    1990, ch. 2); the Kalai–Smorodinsky solution, with ideal point
    :math:`(1, 1)`, solves :math:`x = \sqrt{1 - x}`, the golden ratio
    conjugate :math:`(\sqrt 5 - 1)/2`; the utilitarian sum peaks at
    :math:`x = 3/4`.

    >>> def pie(x):
    ...     return np.column_stack([x[:, 0], np.sqrt(1 - x[:, 0])])
    >>> sol = solve_continuous(pie, [[0, 1]], [0, 0], rng=0)
    >>> round(float(sol.x[0]), 4), sol.converged
    (0.6667, True)
    >>> round(float(solve_continuous(pie, [[0, 1]], [0, 0], solution="kalai_smorodinsky",
    ...                              rng=0).x[0]), 4)
    0.618
    >>> round(float(solve_continuous(pie, [[0, 1]], solution="utilitarian", rng=0).x[0]), 4)
    0.75
    >>> sol = solve_continuous(
    ...     lambda x: np.column_stack([2 * x[:, 0], 1 - x[:, 0]]), [[0, 1]], [0, 0],
    ...     solution="egalitarian", rng=0,
    ... )
    >>> round(float(sol.x[0]), 4)
    0.3333
    """
    spec = _lookup(solution, "solve_continuous")
    rng = np.random.default_rng(rng)
    func = f"solve_continuous(solution={spec.name!r})"
    if not callable(utility):
        raise TypeError(
            f"The 'utility' parameter of {func} must be a callable. Got {utility!r} instead."
        )
    box = _check_box(bounds, func)
    tol = check_real(tol, "tol", func, low=0.0, low_open=True)
    max_iter = check_int(max_iter, "max_iter", func, low=1)
    n_starts = check_int(n_starts, "n_starts", func, low=1)
    n_samples = check_int(n_samples, "n_samples", func, low=1)
    ev = _Evaluator(utility, box[:, 0].copy(), box[:, 1].copy(), func)
    X, U = _sample(ev, n_samples, rng)
    n_actors = U.shape[1]
    if not spec.uses_disagreement or d is None:
        dd = np.zeros(n_actors)
    else:
        dd = check_array(
            d, "d", func, ndim=1, shape=(n_actors,), shape_text=f"(n_actors,) = ({n_actors},)"
        ).astype(float)
    w = _check_weights(weights if spec.uses_weights else None, n_actors, func)
    prob = _Problem(ev, dd, w, np.ones(n_actors), tol, max_iter, spec.uses_disagreement)
    gmin = (U - dd).min(axis=1)
    if prob.rational and not np.any(gmin >= 0):
        # No sample is individually rational: look for one before giving up.
        x, u, _, _ = _best_run(_EGALITARIAN, prob, _top(X, gmin, n_starts))
        if float((u - dd).min()) < 0:
            raise _no_zopa(func, dd)
        X, U = np.vstack([X, x]), np.vstack([U, u])
    form = spec.continuous
    if form.ideal:
        prob = replace(prob, scale=_ideal_scale(prob, X, U, n_starts))
    score = form.objective(U, dd, w, prob.scale)
    if not np.any(np.isfinite(score)):  # only strict gains count (Nash): start from the best
        score = _EGALITARIAN.objective(U, dd, w, prob.scale)
    x, u, converged, nit = _best_run(form, prob, _top(X, score, n_starts))
    return ContinuousSolution(
        name=spec.name,
        x=_readonly(x),
        utilities=_readonly(u.copy()),
        converged=converged,
        num_iter=nit,
        max_iter=max_iter,
        tol=tol,
        disagreement=_readonly(dd) if spec.uses_disagreement else None,
    )
