"""The bargaining solutions and the ZOPA as a Monte Carlo model (:class:`BargainingModel`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_int, param_error
from models.bargaining._nash_jit import nash_kernel
from models.bargaining.finite import _CHUNK_ELEMENTS, _solve
from models.bargaining.registry import SOLUTIONS
from models.outcomes.space import OutcomeSpace
from models.outcomes.utilities import Loss, acceptable, utilities
from models.uncertainty.batch import ScenarioBatch
from models.uncertainty.inputs import UncertainInputs

if TYPE_CHECKING:
    pass

from models.sweeps.registry import SweepModel
from models.uncertainty._adapt import draw_columns, require_scenario

_DEFAULT_MAX_BYTES = 64 * 2**20
_KERNEL_BLOCK = 4096  # draws per call of the compiled kernel (their arrays stay in cache)

__all__ = [
    "BargainingModel",
]



def _choose(
    name: str,
    U: NDArray[np.float64],
    ok: NDArray[np.bool_],
    d: NDArray[np.float64],
    w: NDArray[np.float64] | None,
) -> NDArray[np.intp]:
    """Return each draw's chosen outcome (-1 without one), by :mod:`models.bargaining`.

    ``U`` is (n, n_outcomes, n_actors) and ``ok`` (n, n_outcomes) marks the
    zone of possible agreement. Outcomes outside it get utilities below the
    disagreement point (for a solution that ignores it, below every utility
    in [0, 1]: -1), so the batch solver chooses within it, as
    :func:`models.bargain` does.
    """
    spec = SOLUTIONS[name]
    fill = d[:, None, :] - 1.0 if spec.uses_disagreement else -1.0
    masked = np.where(ok[:, :, None], U, fill)
    # the arrays are built here, finite and of the right shapes: solve_batch's checks skipped
    n_s, m, n_a = masked.shape
    D = np.ascontiguousarray(d, dtype=float) if spec.uses_disagreement else np.zeros((n_s, n_a))
    W = (np.ascontiguousarray(np.broadcast_to(w, (n_s, n_a)), dtype=float)
         if spec.uses_weights and w is not None else np.ones((n_s, n_a)))
    idx, _ = _solve(spec, masked, D, W, max(1, _CHUNK_ELEMENTS // (m * n_a)))
    return np.asarray(np.where(ok.any(axis=1), idx, -1), dtype=np.intp)


_BOUND_ITERATIONS = 4
_AUTO_BOUND = 512
_BOUND_MAX_CANDIDATES = 256
_GAP_MARGIN = 1e-9


def _level_losses(
    cand: OutcomeSpace, ideals: NDArray[np.float64], sal: NDArray[np.float64], p: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per-level losses ``s_ik (|v - y_ik| / R_k)^p / sum_k s_ik``, shape (b, n_actors, K, L).

    The arithmetic is that of :func:`models.outcomes.utilities` operation by operation, so
    utilities summed from these tables in its order are bit-identical to its own.
    Levels are padded to the largest issue; the padded values are NaN.
    """
    sizes = cand.shape
    values = np.full((len(sizes), max(sizes)), np.nan)
    for k, v in enumerate(cand.levels):
        values[k, : v.size] = v
    W = np.empty((*ideals.shape, values.shape[1]))  # C order, whatever the inputs' layout
    np.subtract(values, ideals[..., None], out=W)
    np.abs(W, out=W)
    W /= (cand.high - cand.low)[:, None]
    if p == 2:
        W *= W
    W *= sal[..., None]
    denom = sal.sum(axis=-1)
    W /= np.where(denom > 0, denom, 1.0)[..., None, None]
    return W, values


def _weighted(mu: NDArray[np.float64], W: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``sum_i mu[b, i] W[b, i, k, l]``, shape (b, K, L), as one batched product."""
    b, n_a, K, L = W.shape
    return np.asarray(np.matmul(mu[:, None, :], W.reshape(b, n_a, K * L)).reshape(b, K, L),
                      dtype=float)


def _gather(
    W: NDArray[np.float64], codes: NDArray[np.intp], rows: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    """Return ``W[r, i, k, codes[b, j, k]]`` with ``r = rows[b]`` (default ``b``).

    Shape (b, n, n_actors, K); one flat ``take`` from the C-ordered ``W``.
    """
    _, n_a, K, L = W.shape
    r = np.arange(codes.shape[0]) if rows is None else rows
    base = (r * (n_a * K * L))[:, None, None, None] + (
        np.arange(n_a) * (K * L))[None, None, :, None] + (np.arange(K) * L)[None, None, None, :]
    return np.asarray(W.reshape(-1).take(base + codes[:, :, None, :]), dtype=float)


def _utilities_of(
    W: NDArray[np.float64], codes: NDArray[np.intp], rows: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    """Return utilities (b, n, n_actors) of outcomes given by level codes (b, n, K).

    The draws are ``rows`` of ``W`` (default: all). In the order of
    :func:`models.outcomes.utilities`: ``((1 - W[K-1]) - W[K-2]) - ... - W[0]``,
    clipped at 0.
    """
    K = codes.shape[2]
    T = _gather(W, codes, rows)
    U = 1.0 - T[..., K - 1]
    for k in range(K - 2, -1, -1):
        U -= T[..., k]
    return np.asarray(np.maximum(U, 0.0), dtype=float)


def _nash_bound(
    cand: OutcomeSpace,
    ideals: NDArray[np.float64],
    sal: NDArray[np.float64],
    low: NDArray[np.float64],
    high: NDArray[np.float64],
    d: NDArray[np.float64],
    w: NDArray[np.float64] | None,
    p: int,
) -> tuple[NDArray[np.int8], NDArray[np.intp], NDArray[np.float64]]:
    r"""Solve the Nash problem of each draw exactly without enumerating the outcomes.

    With gaps :math:`g_i(x) = 1 - d_i - \sum_k c_{ik}(x_k)` additive over the issues and
    :math:`F = \sum_i w_i \log g_i` concave in them, for any incumbent :math:`x^0`
    with :math:`g(x^0) > 0`,

    .. math::

        F(x) \le F(x^0) + \sum_i \mu_i (g_i(x) - g_i(x^0)), \qquad \mu_i = w_i / g_i(x^0),

    and the right side is separable: every outcome within :math:`\delta` of the optimum
    has :math:`\sum_k \varphi_k(x_k) \le \sum_k \varphi_k(x^0_k) + \delta` with
    :math:`\varphi_k(v) = \sum_i \mu_i c_{ik}(v)`, so on each issue only the levels within
    the slack of their issue's minimum can occur. The incumbent comes from iterating
    :math:`x \leftarrow \arg\max_x \sum_i \mu_i g_i(x)` (a separable problem) with
    :math:`\mu = w / g` at each new point; at a fixed point the slack is 0 and
    :math:`x^0` is optimal. The few candidates left (exact ties included) go to
    :func:`models.bargaining.solve_batch` with bit-identical utilities, so the
    answer is the exhaustive one. Within the box of levels so kept, only the outcomes whose
    whole sum :math:`\sum_k (\varphi_k(x_k) - \min \varphi_k)` is within the slack are
    evaluated (the bound holds outcome by outcome). A certificate
    :math:`\max_x \sum_i \mu_i g_i(x) < 0` proves the zone of possible agreement empty.

    Returns ``status`` (1 solved, 0 no ZOPA, -1 undecided: solve exhaustively), the chosen
    outcome's index in ``cand`` and its utilities.
    """
    b, n_a, K = ideals.shape
    W, values = _level_losses(cand, ideals, sal, p)
    # outside some actor's range: below the highest low or above the lowest high (NaN
    # bounds ignored, as the comparisons per actor ignore them; subtracting a constant is
    # monotone in floating point, so this is the per-actor test)
    crossed = ((values < np.fmax.reduce(low, axis=1)[..., None] - 1e-9)
               | (values > np.fmin.reduce(high, axis=1)[..., None] + 1e-9))
    allowed = np.asarray(~np.isnan(values) & ~crossed, dtype=bool)  # (b, K, L)
    no_level = ~np.asarray(allowed.any(axis=2), dtype=bool).all(axis=1)  # an issue without levels
    wv = np.full((b, n_a), 1.0 / n_a) if w is None else w
    base = 1.0 - d
    status = np.full(b, -1, dtype=np.int8)
    status[no_level] = 0
    best_f = np.full(b, -np.inf)
    best_x = np.zeros((b, K), dtype=np.intp)
    mu = wv.copy()
    previous = np.full((b, K), -1, dtype=np.intp)
    restricted = not allowed.all()  # some level is out of some draw's ranges
    L = W.shape[3]
    flat_w = W.reshape(-1)
    at = ((np.arange(b) * (n_a * K * L))[:, None, None]  # W[b, i, k, 0] in flat_w
          + (np.arange(n_a) * (K * L))[None, :, None] + (np.arange(K) * L)[None, None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(_BOUND_ITERATIONS):
            phi = _weighted(mu, W)
            if restricted:
                phi = np.where(allowed, phi, np.inf)
            x = phi.argmin(axis=2)
            if np.array_equal(x, previous):
                break  # every draw is at a fixed point (or cannot move)
            previous = x
            g = base - flat_w.take(at + x[:, None, :]).sum(axis=2)
            status[((mu * g).sum(axis=1) < -_GAP_MARGIN) & (status < 0)] = 0
            strict = (g > _GAP_MARGIN).all(axis=1) & ~no_level
            f = np.where(strict, (wv * np.log(np.where(strict[:, None], g, 1.0))).sum(axis=1),
                         -np.inf)
            better = f > best_f
            best_f = np.where(better, f, best_f)
            best_x[better] = x[better]
            mu = np.where(strict[:, None], wv / np.where(strict[:, None], g, 1.0),
                          mu * np.where(g <= _GAP_MARGIN, 4.0, 1.0))
            mu /= mu.sum(axis=1, keepdims=True)
    found = np.isfinite(best_f) & (status < 0)
    chosen = np.full(b, -1, dtype=np.intp)
    u_chosen = np.full((b, n_a), np.nan)
    if not found.any():
        return status, chosen, u_chosen
    g0 = base - flat_w.take(at + best_x[:, None, :]).sum(axis=2)
    mu = wv / np.where(found[:, None], g0, 1.0)
    phi = np.where(allowed & found[:, None, None], _weighted(mu, W), np.inf)
    at_x0 = np.take_along_axis(phi, best_x[:, :, None], axis=2)[..., 0]
    lowest = phi.min(axis=2)
    with np.errstate(invalid="ignore"):
        # the slack of the tangent bound, with room for rounding (draws not found: NaN)
        slack = (at_x0.sum(axis=1) - lowest.sum(axis=1) + 1e-8
                 + 1e-9 * (np.abs(at_x0).sum(axis=1) + np.abs(lowest).sum(axis=1)))
        keep = allowed & (phi <= lowest[..., None] + slack[:, None, None])
    counts = keep.sum(axis=2)
    total = np.prod(counts.astype(np.float64), axis=1)
    # one candidate: the incumbent itself, strictly inside the ZOPA, so it is the solution
    alone = np.flatnonzero(found & (total == 1))
    if alone.size:
        u_chosen[alone] = _utilities_of(W, best_x[alone][:, None, :], alone)[:, 0]
        chosen[alone] = np.ravel_multi_index(tuple(best_x[alone].T), cand.shape)
        status[alone] = 1
    several = found & (total > 1) & (total <= _BOUND_MAX_CANDIDATES)
    if not several.any():
        return status, chosen, u_chosen
    groups = []
    for lo_p, hi_p in ((2, 16), (17, _BOUND_MAX_CANDIDATES)):
        members = np.flatnonzero(several & (total >= lo_p) & (total <= hi_p))
        step = max(1, 2**16 // hi_p)  # at most 2^16 candidates at a time
        groups += [members[i : i + step] for i in range(0, members.size, step)]
    for sel in groups:
        n_c = int(total[sel].max())
        c = counts[sel]
        strides = np.ones((sel.size, K), dtype=np.int64)
        for k in range(K - 2, -1, -1):
            strides[:, k] = strides[:, k + 1] * c[:, k + 1]
        j = np.arange(n_c)
        digits = (j[None, :, None] // strides[:, None, :]) % c[:, None, :]
        order = np.argsort(~keep[sel], axis=2, kind="stable")  # kept levels first, ascending
        codes = np.take_along_axis(order, np.swapaxes(digits, 1, 2), axis=2)
        codes = np.swapaxes(codes, 1, 2)  # (sel, n_c, K) level codes
        valid = j[None, :] < total[sel][:, None]
        # the bound on the whole outcome, not only per level: sum_k (phi_k - lowest_k) <= slack
        # (terms >= 0; rounding is covered by the slack's margins), then the survivors first,
        # in their order (ascending outcome index), and the columns no draw needs dropped
        excess = np.where(allowed[sel], phi[sel] - lowest[sel][..., None], 0.0)
        flat = (np.arange(sel.size) * (K * excess.shape[2]))[:, None, None] + (
            np.arange(K) * excess.shape[2])[None, None, :] + np.where(valid[..., None], codes, 0)
        valid &= excess.reshape(-1).take(flat).sum(axis=2) <= slack[sel][:, None]
        first = np.argsort(~valid, axis=1, kind="stable")[:, : int(valid.sum(axis=1).max())]
        codes = np.take_along_axis(codes, first[..., None], axis=1)
        valid = np.take_along_axis(valid, first, axis=1)
        codes = np.where(valid[..., None], codes, best_x[sel][:, None, :])
        U = _utilities_of(W, codes, sel)
        ok = valid & (U >= d[sel][:, None, :]).all(axis=2)
        idx = _choose("nash", U, ok, d[sel], None if w is None else w[sel])
        got = idx >= 0
        pick = codes[np.arange(sel.size), np.where(got, idx, 0)]
        chosen[sel[got]] = np.ravel_multi_index(tuple(pick[got].T), cand.shape)
        u_chosen[sel[got]] = U[np.arange(sel.size), np.where(got, idx, 0)][got]
        status[sel[got]] = 1
    return status, chosen, u_chosen


def _nash_compiled(
    kernel: Callable[..., Any],
    cand: OutcomeSpace,
    ideals: NDArray[np.float64],
    sal: NDArray[np.float64],
    low: NDArray[np.float64],
    high: NDArray[np.float64],
    d: NDArray[np.float64],
    w: NDArray[np.float64] | None,
    p: int,
) -> tuple[NDArray[np.int8], NDArray[np.int64], NDArray[np.float64]]:
    """Run the compiled Nash kernel (:mod:`models.bargaining._nash_jit`) on a block of draws.

    The arguments and results are those of :func:`_nash_bound` (C-contiguous arrays of
    shape (b, n_actors, n_issues)); status -1 leaves a draw to it.
    """
    sizes = cand.shape
    K = len(sizes)
    values = np.full((K, max(sizes)), np.nan)
    for k, v in enumerate(cand.levels):
        values[k, : v.size] = v
    strides = np.ones(K, dtype=np.int64)
    for k in range(K - 2, -1, -1):
        strides[k] = strides[k + 1] * sizes[k + 1]
    b, n_a = d.shape
    wv = np.full((b, n_a), 1.0 / n_a) if w is None else np.ascontiguousarray(w, dtype=float)
    status = np.empty(b, dtype=np.int8)
    chosen = np.empty(b, dtype=np.int64)
    u = np.empty((b, n_a))
    ideals, sal, low, high, d = (np.ascontiguousarray(a, dtype=float)  # no copy if already
                                 for a in (ideals, sal, low, high, d))
    kernel(values, np.ascontiguousarray(cand.high - cand.low, dtype=float), ideals, sal,
           sal.sum(axis=-1), low, high, d, wv, p, strides, status, chosen, u)
    return status, chosen, u


@dataclass(frozen=True, slots=True, eq=False)
class BargainingModel:
    r"""The bargaining solutions of a scenario as a batched Monte Carlo model.

    For every draw: the parties' utilities over the outcome space
    (:func:`models.outcomes.utilities`, linear in the saliences, so one matrix product
    per block of draws), the outcomes within every party's acceptable ranges
    (:func:`models.outcomes.acceptable`), the zone of possible agreement
    :math:`Z = \{x : u_i(x) \ge d_i\ \forall i\}` within them, and in
    :math:`Z` the chosen solutions of :data:`models.bargaining.SOLUTIONS` (as in
    :func:`models.bargain`), e.g.

    .. math::

        x^N = \arg\max_Z \sum_i w_i \log(u_i - d_i), \quad
        x^{KS} = \arg\max_Z \min_i \frac{u_i - d_i}{\bar u_i - d_i}, \quad
        x^E = \arg\max_Z \min_i (u_i - d_i), \quad
        x^U = \arg\max_Z \sum_i u_i,

    with :math:`\bar u_i = \max_Z u_i` (the discrete Kalai-Smorodinsky
    point), weights :math:`w` the normalised capabilities (or equal) and ties
    going to the lowest outcome index.

    **Exact pruning.** Before any draw, outcomes that can win in no draw
    are removed, from the supports of the declared inputs: (i) a level of an
    issue outside some party's widest possible acceptable range (its
    outcomes are never acceptable to all); (ii) a level lying beyond every
    party's possible ideal points when another allowed level lies between it
    and them (every party weakly prefers that level, which stays acceptable
    to whoever accepted the first: acceptable ranges contain the clipped
    ideals and are intervals). The solutions are Pareto-consistent, so
    pruning changes no answer except among exact ties. The built-in
    scenario's 46,656 outcomes come down to 48.

    **Exact search without enumeration (Nash).** With the gaps
    :math:`g_i(x) = u_i(x) - d_i` additive over the issues and
    :math:`F = \sum_i w_i \log g_i` concave in them, any incumbent
    :math:`x^0` in the strict ZOPA bounds every outcome by the tangent
    plane, :math:`F(x) \le F(x^0) + \sum_i (w_i / g_i(x^0))(g_i(x) - g_i(x^0))`,
    whose right side is a sum over the issues: only outcomes whose levels
    all lie within the slack of their issue's best level can beat
    :math:`x^0`. The incumbent comes from a few rounds of
    :math:`x \leftarrow \arg\max_x \sum_i (w_i / g_i(x)) g_i(x')` (separable;
    at a fixed point the slack is 0 and :math:`x^0` is optimal); the few
    outcomes left, ties included, go to
    :func:`models.bargaining.solve_batch` with utilities computed in the same
    order as :func:`models.outcomes.utilities`, so the answer is the exhaustive one,
    bit for bit. Draws the bound cannot settle (no strict incumbent, or
    more than 256 candidates) are solved exhaustively; a negative maximum
    of :math:`\sum_i \mu_i g_i` certifies an empty ZOPA. Within the box of
    levels left, only outcomes whose whole separable bound is within the
    slack get utilities. With Numba (the ``fast`` extra; ``STANCES_JIT=0``
    switches it off) a compiled kernel first solves each draw on its own
    (:mod:`models.bargaining._nash_jit`: Frank-Wolfe steps on the concave
    relaxation give an incumbent and a dual bound, a depth-first search
    visits the outcomes the bound leaves) and decides the draws with exactly
    one outcome within :math:`10^{-9}` of the best Nash objective; near-ties
    and the other hard draws go on to the numpy path above, so the outputs
    are the same with or without Numba. Throughput on a 3,125-outcome,
    5-actor task beside a plain numpy batch and the EMA Workbench:
    ``benchmarks/bench_nash_mc.py``.

    Parameters
    ----------
    inputs : UncertainInputs
        A declaration over a scenario (:func:`models.uncertain`).
    solutions : sequence of str
        Distinct names of :data:`models.bargaining.SOLUTIONS`.
    space : {'auto', 'options', 'grid'}
        The outcome space, as in :func:`models.bargain` (default ``'auto'``:
        options where an issue has them, else a grid over the scale plus the
        point values' landmarks; the space is fixed from the point values,
        the draws move the utilities, red lines and solutions over it).
    resolution : int, optional
        Grid points of the issues covered by a grid (default: declared, else
        as in :meth:`models.outcomes.OutcomeSpace.from_scenario`).
    loss : {'linear', 'quadratic'}
    weights : {'capability', 'equal'}
        The Nash bargaining weights.
    method : {'auto', 'exhaustive', 'bound'}
        ``'exhaustive'``: every candidate outcome's utilities, then
        :mod:`models.bargaining`'s batch solvers. ``'bound'`` (Nash only): the
        exact tangent-bound search described below. ``'auto'``: the bound for
        the Nash solution alone over more than 512 candidates, else exhaustive.
        Both give the same outputs, bit for bit.
    max_bytes : int
        Bound on one block's temporaries; a call is split into blocks of draws.

    Attributes
    ----------
    output_names : tuple of str
        ``zopa`` (bool: a ZOPA exists); per solution ``s``: ``s.outcome``
        (the outcome's index in the full space, -1 without a ZOPA),
        ``s.<issue>`` (its value on each issue, NaN without one) and
        ``s.utility.<actor>``.
    space_full : OutcomeSpace
        The scenario's outcome space.
    candidates : OutcomeSpace
        The outcomes left after pruning.

    Raises
    ------
    ValueError
        If an argument is invalid.
    TypeError
        If ``inputs`` is not an :class:`UncertainInputs`.

    References
    ----------
    .. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica*, 18(2), 155-162.
    .. [2] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
       bargaining problem. *Econometrica*, 43(3), 513-518.
    .. [3] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
       University Press (the zone of possible agreement).

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> inputs = uncertain(s, include=["positions[*]", "actors[*]", "disagreement[*]"])
    >>> model = BargainingModel(inputs)
    >>> model.candidates.n_outcomes, model.space_full.n_outcomes
    (48, 46656)
    >>> res = monte_carlo(model, inputs, 2048, rng=0, progress=False)
    >>> 0 <= res.probability("zopa").estimate <= 1
    True
    """

    inputs: UncertainInputs
    solutions: tuple[str, ...] = ("nash",)
    space: Literal["auto", "options", "grid"] = "auto"
    resolution: int | None = None
    loss: Loss = "linear"
    weights: Literal["capability", "equal"] = "capability"
    method: Literal["auto", "exhaustive", "bound"] = "auto"
    max_bytes: int = _DEFAULT_MAX_BYTES
    space_full: OutcomeSpace = field(init=False)
    candidates: OutcomeSpace = field(init=False)
    _full_index: NDArray[np.int64] = field(init=False, repr=False)
    _fixed_ok: NDArray[np.bool_] | None = field(init=False, repr=False)
    _empty: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        func = "BargainingModel"
        inputs = require_scenario(self.inputs, func)
        sols = (self.solutions,) if isinstance(self.solutions, str) else tuple(self.solutions)
        if not sols or any(s not in SOLUTIONS for s in sols) or len(set(sols)) != len(sols):
            raise param_error("solutions", func, f"distinct names among {', '.join(SOLUTIONS)}",
                              repr(self.solutions))
        object.__setattr__(self, "solutions", sols)
        if self.space not in ("auto", "options", "grid"):
            raise param_error("space", func, "one of 'auto', 'options', 'grid'",
                              repr(self.space))
        if self.loss not in ("linear", "quadratic"):
            raise param_error("loss", func, "one of 'linear', 'quadratic'", repr(self.loss))
        if self.weights not in ("capability", "equal"):
            raise param_error("weights", func, "one of 'capability', 'equal'", repr(self.weights))
        if self.method not in ("auto", "exhaustive", "bound"):
            raise param_error("method", func, "one of 'auto', 'exhaustive', 'bound'",
                              repr(self.method))
        if self.method == "bound" and sols != ("nash",):
            raise param_error("method", func, "'bound' only with solutions=('nash',)",
                              repr(self.method))
        check_int(self.max_bytes, "max_bytes", func, low=1)
        if self.resolution is not None:
            check_int(self.resolution, "resolution", func, low=2)
        if inputs.scenario is None:  # pragma: no cover - _require_scenario checks
            raise ValueError("no scenario")
        full = OutcomeSpace.from_scenario(inputs.scenario, kind=self.space,
                                          resolution=self.resolution)
        object.__setattr__(self, "space_full", full)
        kept = self._prune(full)
        empty = any(k.size == 0 for k in kept)
        object.__setattr__(self, "_empty", empty)
        if empty:
            kept = [np.array([0]) for _ in kept]
        levels = [full.levels[k][idx] for k, idx in enumerate(kept)]
        cand = OutcomeSpace.from_levels(
            levels, issue_ids=full.issue_ids,
            labels=[[full.level_labels[k][i] for i in idx] for k, idx in enumerate(kept)],
            ids=[[full.level_ids[k][i] for i in idx] for k, idx in enumerate(kept)],
            low=full.low, high=full.high,
        )
        object.__setattr__(self, "candidates", cand)
        codes = np.stack([kept[k][cand.codes[:, k]] for k in range(full.n_issues)])
        index = np.ravel_multi_index(tuple(codes), full.shape).astype(np.int64)
        index.flags.writeable = False
        object.__setattr__(self, "_full_index", index)
        varies = any(t.kind in ("acceptable_low", "acceptable_high") for t in inputs.targets)
        fixed_ok = None
        if not varies and inputs.arrays is not None:
            base = inputs.apply({})
            mask = acceptable(cand, base.acceptable_low, base.acceptable_high)
            fixed_ok = np.ascontiguousarray(mask[0].all(axis=1))
        object.__setattr__(self, "_fixed_ok", fixed_ok)

    def _prune(self, full: OutcomeSpace) -> list[NDArray[np.intp]]:
        """Level indices per issue that can belong to some draw's solution."""
        inputs = self.inputs
        base = inputs.arrays
        if base is None:  # pragma: no cover
            raise ValueError("no scenario")
        col = [list(base.issue_ids).index(k) for k in full.issue_ids]
        lo = [base.acceptable_low.copy(), base.acceptable_low.copy()]
        hi = [base.acceptable_high.copy(), base.acceptable_high.copy()]
        y = [base.ideals.copy(), base.ideals.copy()]
        which = {"acceptable_low": lo, "acceptable_high": hi, "ideals": y}
        for x, t in zip(inputs.inputs, inputs.targets, strict=True):
            if t.kind in which:
                pair = which[t.kind]
                pair[0][t.index], pair[1][t.index] = x.bounds
        # after reordering, low' = min(low, high) and high' = max(low, high)
        l_min, l_max = np.minimum(lo[0], hi[0]), np.minimum(lo[1], hi[1])
        h_min, h_max = np.maximum(lo[0], hi[0]), np.maximum(lo[1], hi[1])
        has = base.has_position
        if inputs.clip_ideals:
            # clip(y, l, h) = min(max(y, l), h) rises with each argument
            y_min = np.where(has, np.minimum(np.maximum(y[0], l_min), h_min), y[0])
            y_max = np.where(has, np.minimum(np.maximum(y[1], l_max), h_max), y[1])
        else:
            y_min, y_max = y
        kept = []
        tol = 1e-9
        for k, c in enumerate(col):
            v = full.levels[k]
            allowed = (v >= l_min[:, c].max() - tol) & (v <= h_max[:, c].min() + tol)
            idx = np.flatnonzero(allowed)
            holders = has[:, c]
            if idx.size and holders.any():
                y_lo, y_hi = y_min[holders, c].min(), y_max[holders, c].max()
                vals = v[idx]
                below = (vals < y_lo - tol) & np.array(
                    [np.any((vals > x) & (vals <= y_lo + tol)) for x in vals])
                above = (vals > y_hi + tol) & np.array(
                    [np.any((vals < x) & (vals >= y_hi - tol)) for x in vals])
                idx = idx[~(below | above)]
            kept.append(idx.astype(np.intp))
        return kept

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        names = ["zopa"]
        actors = self.inputs.arrays.actor_ids if self.inputs.arrays is not None else ()
        for s in self.solutions:
            names.append(f"{s}.outcome")
            names += [f"{s}.{k}" for k in self.space_full.issue_ids]
            names += [f"{s}.utility.{a}" for a in actors]
        return tuple(names)

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values`` (mapping from input name to array of shape (n,)).

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)
            Draws of (some of) the declared inputs.

        Returns
        -------
        dict of str to ndarray of shape (n,)
            The outputs of :attr:`output_names`.

        Raises
        ------
        ValueError
            If ``values`` names an undeclared input or has the wrong shapes.
        """
        func = "BargainingModel"
        cols, n = draw_columns(self.inputs, values, func)
        out = self._blank(n)
        if self._empty:
            return out
        bound = self.method == "bound" or (
            self.method == "auto" and self.solutions == ("nash",)
            and self.candidates.n_outcomes > _AUTO_BOUND)
        kernel = nash_kernel() if bound else None
        if kernel is None:
            self._solve(out, cols, bound)
            return out
        # the compiled kernel decides the clear draws one by one, in blocks small enough for
        # the scenario arrays to stay in cache; the others (near-ties, no strict incumbent,
        # ...) go on together to the numpy bound and exhaustive search
        left = []
        for s0 in range(0, n, _KERNEL_BLOCK):
            block = {k: v[s0 : s0 + _KERNEL_BLOCK] for k, v in cols.items()}
            # the columns were checked by draw_columns: apply's per-column checks skipped
            batch = self.inputs._apply(block, min(n, s0 + _KERNEL_BLOCK) - s0)
            d, w = self._problem(batch)
            col = self._columns(batch)
            ideals, sal, low, high = (
                a if col is None else np.ascontiguousarray(a[:, :, col]) for a in (
                    batch.ideals, batch.saliences, batch.acceptable_low, batch.acceptable_high))
            status, idx, u = _nash_compiled(kernel, self.candidates, ideals, sal, low, high,
                                            d, w, 1 if self.loss == "linear" else 2)
            done = status >= 0
            out["zopa"][s0 : s0 + status.size] = status == 1
            solved = np.flatnonzero(status == 1)
            self._write(out, "nash", s0 + solved, idx[solved], u[solved])
            left.append(s0 + np.flatnonzero(~done))
        todo = np.concatenate(left) if left else np.empty(0, dtype=np.intp)
        if todo.size:
            rest = self._blank(todo.size)
            self._solve(rest, {k: v[todo] for k, v in cols.items()}, bound)
            for k, v in rest.items():
                out[k][todo] = v
        return out

    def _blank(self, n: int) -> dict[str, NDArray[Any]]:
        """Return the outputs of ``n`` draws without a ZOPA (no solution, NaN values)."""
        out: dict[str, NDArray[Any]] = {"zopa": np.zeros(n, dtype=bool)}
        actors = self.inputs.arrays.actor_ids if self.inputs.arrays is not None else ()
        for s in self.solutions:
            out[f"{s}.outcome"] = np.full(n, -1, dtype=np.int64)
            for k in self.space_full.issue_ids:
                out[f"{s}.{k}"] = np.full(n, np.nan)
            for a in actors:
                out[f"{s}.utility.{a}"] = np.full(n, np.nan)
        return out

    def _problem(
        self, batch: ScenarioBatch
    ) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
        """Return the disagreement point and the Nash weights (None: equal) of each draw."""
        d = batch.disagreement_point(loss=self.loss)
        if self.weights != "capability":
            return d, None
        cap = batch.capabilities
        total = cap.sum(axis=1, keepdims=True)
        n_a = cap.shape[1]
        return d, np.where(total > 0, cap / np.where(total > 0, total, 1.0), 1.0 / n_a)

    def _columns(self, batch: ScenarioBatch) -> list[int] | None:
        """Return the batch's issue columns in the outcome space's order (None: in it)."""
        col = [list(batch.issue_ids).index(k) for k in self.space_full.issue_ids]
        return None if col == list(range(len(batch.issue_ids))) else col

    def _solve(self, out: dict[str, NDArray[Any]], cols: Mapping[str, NDArray[Any]],
               bound: bool) -> None:
        """Solve the draws ``cols`` with numpy: the tangent bound (Nash), else exhaustively."""
        batch = self.inputs.apply(cols)
        n = batch.n_draws
        cand = self.candidates
        m, n_a = cand.n_outcomes, batch.n_actors
        d, w = self._problem(batch)
        col = [list(batch.issue_ids).index(k) for k in self.space_full.issue_ids]
        p = 1 if self.loss == "linear" else 2
        levels = sum(cand.shape) if bound else m
        step = max(1, self.max_bytes // (8 * 8 * n_a * levels))
        for s0 in range(0, n, step):
            rows = np.arange(s0, min(n, s0 + step))
            if bound:
                status, idx, u = _nash_bound(
                    cand, batch.ideals[rows][:, :, col], batch.saliences[rows][:, :, col],
                    batch.acceptable_low[rows][:, :, col], batch.acceptable_high[rows][:, :, col],
                    d[rows], None if w is None else w[rows], p)
                done = status >= 0
                out["zopa"][rows[done]] = status[done] == 1
                self._write(out, "nash", rows[status == 1], idx[status == 1], u[status == 1])
                rows = rows[~done]
            if rows.size:
                self._exhaustive(out, batch, rows, col, d, w)

    def _write(
        self, out: dict[str, NDArray[Any]], s: str, rows: NDArray[np.intp],
        idx: NDArray[np.intp], u: NDArray[np.float64],
    ) -> None:
        """Write solution ``s`` (candidate indices ``idx``, utilities ``u``) at ``rows``."""
        out[f"{s}.outcome"][rows] = self._full_index[idx]
        pts = self.candidates.points[idx]
        for j, k in enumerate(self.space_full.issue_ids):
            out[f"{s}.{k}"][rows] = pts[:, j]
        actors = self.inputs.arrays.actor_ids if self.inputs.arrays is not None else ()
        for i, a in enumerate(actors):
            out[f"{s}.utility.{a}"][rows] = u[:, i]

    def _exhaustive(
        self, out: dict[str, NDArray[Any]], batch: ScenarioBatch, rows: NDArray[np.intp],
        col: list[int], d: NDArray[np.float64], w: NDArray[np.float64] | None,
    ) -> None:
        """Solve the draws ``rows`` over every candidate outcome."""
        cand = self.candidates
        m = cand.n_outcomes
        # red lines first: only draws with an outcome every party accepts go further
        if self._fixed_ok is not None:
            acc_ok: NDArray[np.bool_] = np.broadcast_to(self._fixed_ok, (rows.size, m))
        else:
            acc = acceptable(cand, batch.acceptable_low[rows][:, :, col],
                             batch.acceptable_high[rows][:, :, col], max_bytes=self.max_bytes)
            acc_ok = np.asarray(acc.all(axis=2), dtype=bool)
        live = np.flatnonzero(acc_ok.any(axis=1))
        if live.size == 0:
            return
        rows = rows[live]
        U = utilities(cand, batch.ideals[rows][:, :, col], batch.saliences[rows][:, :, col],
                      loss=self.loss, max_bytes=self.max_bytes)
        ok = np.asarray(acc_ok[live] & (U >= d[rows][:, None, :]).all(axis=2), dtype=bool)
        has = ok.any(axis=1)
        out["zopa"][rows] = has
        sel = np.flatnonzero(has)
        if sel.size == 0:
            return
        rows, U, ok = rows[sel], U[sel], ok[sel]
        at = np.arange(sel.size)
        for s in self.solutions:
            idx = _choose(s, U, ok, d[rows], None if w is None else w[rows])
            self._write(out, s, rows, idx, U[at, idx, :])


SWEEP_MODELS = (
    SweepModel.declare("nash", BargainingModel,
                       description="the Nash bargaining solution over the outcome space"),
    SweepModel.declare(
        "bargaining", partial(BargainingModel, solutions=tuple(SOLUTIONS)),
        description=", ".join(s.title for s in SOLUTIONS.values()) + " solutions"),
)
"""This family's entries in the registry of Monte Carlo models (``sweep_models()``)."""
