r"""Exact bargaining solutions on finite outcome sets, one problem or a batch of draws.

A finite problem is a utility array :math:`U \in \mathbb{R}^{n \times m}`
(outcome :math:`x` is row :math:`u(x)`) and a disagreement point
:math:`d \in \mathbb{R}^m`; a batch stacks :math:`S` of them,
:math:`U \in \mathbb{R}^{S \times n \times m}`, :math:`D \in \mathbb{R}^{S
\times m}`. For the solution :math:`\sigma` of the registry
(:data:`models.bargaining.SOLUTIONS`) with score :math:`f_\sigma` and keys
:math:`k_\sigma`, each sample :math:`s` is solved by

.. math::

    C_s = \{x : f_\sigma(x) \ge \max_y f_\sigma(y) - \tau_s,\ f_\sigma(x) > -\infty\},
    \qquad x_s^* = \operatorname{lexmax}_{x \in C_s} \bigl(k_\sigma(x), -x\bigr),

where :math:`\tau_s` is a rounding allowance of a few units in the last place
and the keys are computed exactly from the utilities alone (sums of sorted
rows), so the answer does not depend on the order of the outcomes or (up to
a permutation) of the actors. Samples are processed in chunks of about
:math:`2.6 \times 10^5` utilities, vectorised over the chunk: a sample with a
single candidate is decided by the score alone, the others by one
``lexsort`` of all their candidates. The result does not depend on the chunk
size. :func:`solve` also returns the ties (the candidates equal to the winner
on the primary keys); :func:`solve_batch` returns one index per sample, -1
where the sample's zone of possible agreement is empty.

References
----------
.. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
.. [2] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*.
   Academic Press, chapter 2.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models._checks import check_int
from models.bargaining._inputs import (
    FloatArray,
    IntArray,
    _check_d,
    _check_u,
    _check_weights,
    _no_zopa,
    _readonly,
)
from models.bargaining.registry import _lookup
from models.bargaining.results import Solution
from models.bargaining.spec import SolutionSpec

__all__ = ["solve", "solve_batch"]

_CHUNK_ELEMENTS = 1 << 18  # utilities handled at once by the batched solvers


def _check_chunk(chunk_size: int | None, func: str, n_outcomes: int, n_actors: int) -> int:
    if chunk_size is None:
        return max(1, _CHUNK_ELEMENTS // (n_outcomes * n_actors))
    return check_int(chunk_size, "chunk_size", func, low=1)


def _rank(
    spec: SolutionSpec,
    U: FloatArray,
    D: FloatArray,
    W: FloatArray,
    context: FloatArray,
    cand: np.ndarray,
    hard: IntArray,
    chosen: IntArray,
    ties: list[IntArray] | None,
) -> None:
    """Rank the candidates of the samples ``hard`` by the exact keys; write winners and ties."""
    local, outcome = np.nonzero(cand[hard])
    sample = hard[local]
    keys, n_primary = spec.keys(U[sample, outcome], D[sample], W[sample], context[sample])
    order = np.lexsort((-outcome, *keys[::-1], sample))
    sample_sorted = sample[order]
    last = np.flatnonzero(np.append(sample_sorted[1:] != sample_sorted[:-1], True))
    winners = order[last]
    chosen[sample[winners]] = outcome[winners]
    if ties is None:
        return
    same = np.ones(sample.size, dtype=bool)
    winner_of = np.empty(chosen.size, dtype=np.intp)
    winner_of[sample[winners]] = winners
    ref = winner_of[sample]
    for key in keys[:n_primary]:
        same &= key == key[ref]
    for s in np.unique(sample):
        ties[s] = np.sort(outcome[(sample == s) & same])


def _solve_chunk(
    spec: SolutionSpec,
    U: FloatArray,
    D: FloatArray,
    W: FloatArray,
    shared_weights: bool,
    want_ties: bool,
    buf: FloatArray,
) -> tuple[IntArray, list[IntArray]]:
    n_s, _, k = U.shape
    chosen = np.full(n_s, -1, dtype=np.intp)
    sc = spec.scores(U, D, W, shared_weights, buf)
    cand = sc.score >= (sc.score.max(axis=1) - sc.tol)[:, None]
    cand &= sc.score > -np.inf
    forced = np.zeros(n_s, dtype=bool)
    if sc.forced is not None:
        rows, forced_cand = sc.forced
        cand[rows] = forced_cand
        forced[rows] = True
    simple = sc.valid & ~forced & (cand.sum(axis=1) == 1)
    chosen[simple] = sc.score[simple].argmax(axis=1)
    ties: list[IntArray] = []
    if want_ties:
        ties = [np.array([c], dtype=np.intp) if c >= 0 else np.empty(0, np.intp) for c in chosen]
    hard = np.flatnonzero(sc.valid & ~simple)
    if hard.size:
        context = np.ones((n_s, k)) if sc.context is None else sc.context
        _rank(spec, U, D, W, context, cand, hard, chosen, ties if want_ties else None)
    return chosen, ties


def _solve(
    spec: SolutionSpec,
    U: FloatArray,
    D: FloatArray,
    W: FloatArray,
    chunk_size: int,
    want_ties: bool = False,
) -> tuple[IntArray, list[IntArray]]:
    n_s = U.shape[0]
    shared = bool(W.shape[0] <= 1 or np.all(W == W[0]))
    chosen = np.empty(n_s, dtype=np.intp)
    ties: list[IntArray] = []
    buf = np.empty((min(chunk_size, n_s), *U.shape[1:]))
    for start in range(0, n_s, chunk_size):
        stop = min(n_s, start + chunk_size)
        c, t = _solve_chunk(
            spec, U[start:stop], D[start:stop], W[start:stop], shared, want_ties,
            buf[: stop - start],
        )
        chosen[start:stop] = c
        ties.extend(t)
    return chosen, ties


def solve(
    U: ArrayLike,
    d: ArrayLike | None = None,
    *,
    solution: str = "nash",
    weights: ArrayLike | None = None,
) -> Solution:
    r"""Compute a bargaining solution on a discrete set of outcomes.

    Chooses, exactly, the outcome that the solution ``solution`` of
    :data:`models.bargaining.SOLUTIONS` ranks first: for ``"nash"`` the
    (generalised) Nash bargaining solution, which maximises
    :math:`\sum_i w_i \log(u_i(x) - d_i)` over the outcomes with
    :math:`u(x) > d` (Nash 1950; with unequal weights Kalai 1977a); for
    ``"kalai_smorodinsky"`` the outcome of the zone of possible agreement
    :math:`Z = \{x : u(x) \ge d\}` that maximises
    :math:`\min_i (u_i(x) - d_i) / (a_i - d_i)` with the ideal point
    :math:`a_i = \max_Z u_i` (Kalai and Smorodinsky 1975); for
    ``"egalitarian"`` the maximiser over :math:`Z` of the smallest gain
    :math:`\min_i (u_i(x) - d_i)` (Kalai 1977b); for ``"utilitarian"`` the
    largest :math:`\sum_i u_i(x)`. See :mod:`models.bargaining.axiomatic` for
    the refinements and tie rules.

    Parameters
    ----------
    U : array_like of shape (n_outcomes, n_actors)
        Utility of each outcome for each actor.
    d : array_like of shape (n_actors,), optional
        Disagreement payoffs. Default: zeros. Ignored (not checked) by a
        solution that does not use it (the utilitarian one).
    solution : str, default "nash"
        A name of :data:`models.bargaining.SOLUTIONS`.
    weights : array_like of shape (n_actors,), optional
        Non-negative bargaining powers with a positive sum (only their ratios
        matter), for a solution that uses them (Nash). Default: all equal.
        Ignored by the others.

    Returns
    -------
    Solution
        ``name`` is ``solution``; ``ties`` holds the outcomes equal to the
        chosen one on the solution's primary criterion (for Nash: the number
        of gaining actors and the weighted log-product); ``disagreement`` is
        None when ``d`` was not given or is not used.

    Raises
    ------
    ValueError
        If ``solution`` is unknown, the shapes are wrong, a value is NaN or
        infinite, a weight is negative or all are zero, or no outcome weakly
        improves on ``d`` for every actor (the disagreement point lies above
        every outcome) for a solution that uses ``d``.

    See Also
    --------
    solve_batch : the same for many problems at once.
    solve_continuous : the same on a continuous outcome space.

    Notes
    -----
    *Nash with only weak improvements.* When the zone of possible agreement is
    non-empty but no outcome improves strictly on ``d`` for every actor, the
    Nash product is zero on the whole zone. The solution is then the outcome
    of the zone that first maximises the number of actors with a strict gain
    and then the weighted log-product of those actors' gains. This coincides
    with the usual definition whenever a strict improvement exists, and keeps
    the solution Pareto-optimal, symmetric, invariant to positive affine
    rescaling of each actor's utility (with ``d`` rescaled alike) and
    independent of irrelevant alternatives.

    *Ties.* Scores are compared with a rounding allowance of a few units in
    the last place (outcomes within it are compared exactly, e.g. by the sum
    of their sorted terms). Nash ties go to the larger utilitarian sum;
    Kalai–Smorodinsky and egalitarian ties to the leximin-larger vector of
    normalised gains or gains (which keeps the choice Pareto-optimal);
    utilitarian ties to the leximin-larger utilities; then as described in
    :class:`Solution`. For Kalai–Smorodinsky, an actor with no possible gain
    (:math:`a_i = d_i`) gets normalised gain 1 at every outcome of the zone, so
    it never constrains the others. Because a dominating outcome has a weakly
    larger Nash product and a strictly larger sum, the Nash solution is
    Pareto-optimal even with zero weights.

    References
    ----------
    .. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
    .. [2] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
       bargaining problem. *Econometrica* 43(3), 513–518.
    .. [3] Kalai, E. (1977a). Nonsymmetric Nash solutions and replications of
       2-person bargaining. *International Journal of Game Theory* 6(3), 129–133.
    .. [4] Kalai, E. (1977b). Proportional solutions to bargaining situations:
       interpersonal utility comparisons. *Econometrica* 45(7), 1623–1630.
    .. [5] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*,
       chapter 2. Academic Press.

    Examples
    --------
    Split 10 units between two risk-neutral actors:

    >>> shares = np.arange(11.0)
    >>> U = np.column_stack([shares, 10 - shares])
    >>> solve(U, [0, 0]).utilities.tolist()
    [5.0, 5.0]
    >>> solve(U, [0, 0], weights=[3, 2]).utilities.tolist()
    [6.0, 4.0]
    >>> U = [[0, 10], [4, 6], [6, 3], [8, 0]]
    >>> solve(U, [0, 0], solution="kalai_smorodinsky").utilities.tolist()
    [4.0, 6.0]
    >>> solve(U, [1, 0], solution="egalitarian").utilities.tolist()
    [4.0, 6.0]
    >>> solve([[1, 5], [3, 3], [5, 2]], solution="utilitarian").utilities.tolist()
    [5.0, 2.0]
    >>> solve([[1, 5], [3, 3], [5, 1]], solution="utilitarian").utilities.tolist()
    [3.0, 3.0]
    """
    spec = _lookup(solution, "solve")
    func = f"solve(solution={spec.name!r})"
    A = _check_u(U, func)
    n_actors = A.shape[1]
    given = d is not None and spec.uses_disagreement
    dd = _check_d(d, A, func) if d is not None and given else np.zeros(n_actors)
    w = _check_weights(weights if spec.uses_weights else None, n_actors, func)
    chosen, ties = _solve(spec, A[None], dd[None], w[None], 1, want_ties=True)
    if chosen[0] < 0:
        raise _no_zopa(func, dd)
    index = int(chosen[0])
    return Solution(
        name=spec.name,
        index=index,
        utilities=_readonly(A[index].copy()),
        ties=_readonly(ties[0]),
        disagreement=_readonly(dd.copy()) if given else None,
    )


def solve_batch(
    U: ArrayLike,
    d: ArrayLike | None = None,
    *,
    solution: str = "nash",
    weights: ArrayLike | None = None,
    chunk_size: int | None = None,
) -> IntArray:
    """Compute a bargaining solution of many problems at once (Monte Carlo draws).

    Each sample ``s`` is solved exactly as ``solve(U[s], d[s],
    solution=solution, weights=weights[s]).index``, vectorised over chunks of
    samples.

    Parameters
    ----------
    U : array_like of shape (n_samples, n_outcomes, n_actors)
        Utilities per draw.
    d : array_like of shape (n_samples, n_actors), optional
        Disagreement payoffs per draw. Default: zeros. Ignored (not checked)
        by a solution that does not use it.
    solution : str, default "nash"
        A name of :data:`models.bargaining.SOLUTIONS`.
    weights : array_like of shape (n_actors,) or (n_samples, n_actors), optional
        Bargaining powers, shared or per draw, for a solution that uses them.
        Default: all equal.
    chunk_size : int, optional
        Samples solved together; bounds the working memory to a few arrays of
        ``chunk_size * n_outcomes * n_actors`` floats. Default: about 2.6e5
        utilities per chunk. The result does not depend on it.

    Returns
    -------
    ndarray of shape (n_samples,) and dtype intp
        The chosen outcome per draw; -1 where the draw's zone of possible
        agreement is empty (where :func:`solve` raises).

    Raises
    ------
    ValueError
        If ``solution`` is unknown, a shape is wrong, a value is NaN or
        infinite, a weight is negative or a row of weights sums to zero, or
        ``chunk_size`` is not an int >= 1.

    Examples
    --------
    >>> U = np.array([[[1.0, 4.0], [2.0, 3.0]], [[1.0, 4.0], [2.0, 3.0]]])
    >>> solve_batch(U, [[0, 0], [0, 3.5]]).tolist()
    [1, 0]
    >>> solve_batch(U, [[0, 0], [3, 3]]).tolist()
    [1, -1]
    >>> U = np.array([[[0, 10], [4, 6], [6, 3], [8, 0]]] * 2)
    >>> solve_batch(U, [[0, 0], [7, 0]], solution="kalai_smorodinsky").tolist()
    [1, 3]
    >>> solve_batch(U, [[0, 0], [3, 0]], solution="egalitarian").tolist()
    [1, 2]
    >>> U = [[[1, 5], [3, 3], [5, 2]], [[1, 7], [3, 3], [5, 2]]]
    >>> solve_batch(U, solution="utilitarian").tolist()
    [2, 0]
    """
    spec = _lookup(solution, "solve_batch")
    func = f"solve_batch(solution={spec.name!r})"
    A = _check_u(U, func, batched=True)
    n_s, n, n_actors = A.shape
    if d is not None and spec.uses_disagreement:
        D = _check_d(d, A, func, batched=True)
    else:
        D = np.zeros((n_s, n_actors))
    W = _check_weights(weights if spec.uses_weights else None, n_actors, func, n_samples=n_s)
    chunk = _check_chunk(chunk_size, func, n, n_actors)
    chosen, _ = _solve(spec, A, D, W, chunk)
    return chosen
