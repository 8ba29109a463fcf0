r"""The parties' spatial utilities over an outcome space, and their acceptable sets.

Actor :math:`i` with ideal point :math:`y_i` and saliences
:math:`s_{ik} \in [0, 1]` has the additive, salience-weighted spatial utility

.. math::

    u_i(x) = 1 - \frac{\sum_k s_{ik}\, \left(|x_k - y_{ik}| / R_k\right)^p}{\sum_k s_{ik}},
    \qquad p = 1 \text{ (linear loss) or } p = 2 \text{ (quadratic loss)},

so that :math:`0 \le u_i \le 1`, :math:`u_i = 1` at the ideal point and
:math:`u_i = 0` only where the actor is a whole scale away from its ideal on
every issue it cares about. Each issue's distance is measured in units of its
scale's range :math:`R_k`, so saliences alone say how much the issues matter,
whatever their units (for scales of equal range this is the same as
:math:`1 - \sum_k s_{ik} |x_k - y_{ik}|^p / \sum_k s_{ik} R_k^p`). An issue
on which an actor takes no position has salience 0. An actor with no salient
issue at all is indifferent: :math:`u_i \equiv 1`. The loss is linear in the
saliences and, for a finite space, a sum over issues of a function of the level
taken on each issue, so the utilities of a whole batch of parameter draws are
one matrix product :math:`U = W H^\top` of the per-level weighted losses
:math:`W` with the one-hot encoding :math:`H` of the outcomes' levels (for a
product space, built issue by issue by broadcasting). Blocks of draws and
outcomes keep the temporaries under a memory bound (:func:`iter_utilities`
yields them one block at a time).

Each actor's *acceptable set* is the box of its acceptable ranges,

.. math::

    A_i = \{x : l_{ik} \le x_k \le h_{ik} \text{ for all } k\},

where an open end is the end of the scale; a red line is the bound it must not
cross. Outcomes outside :math:`A_i` are unacceptable to :math:`i`: the
bargaining facade (:func:`models.bargain`) excludes them from the zone of
possible agreement and from every solution.

References
----------
.. [1] Enelow, J. M. and Hinich, M. J. (1984). *The Spatial Theory of Voting:
   An Introduction*. Cambridge University Press.
.. [2] Keeney, R. L. and Raiffa, H. (1976). *Decisions with Multiple
   Objectives: Preferences and Value Tradeoffs*. Wiley (additive value
   functions with importance weights).
.. [3] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
   University Press (reservation values and the zone of possible agreement).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, param_error
from models._repr import compact_repr
from models.outcomes.space import _TOL, OutcomeSpace, _check_bounds, _check_within, _vector

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Loss", "UtilityChunk", "acceptable", "iter_utilities", "utilities"]

Loss = Literal["linear", "quadratic"]

_DEFAULT_MAX_BYTES = 64 * 2**20
_EXPONENT = {"linear": 1, "quadratic": 2}


@dataclass(frozen=True, slots=True)
class _Problem:
    """Checked inputs of the utility and acceptability computations."""

    space: OutcomeSpace
    first: NDArray[np.float64]  # (n_samples, n_actors, n_issues): ideals or lows
    second: NDArray[np.float64]  # (n_samples, n_actors, n_issues): saliences or highs
    batched: bool

    @property
    def n_samples(self) -> int:
        return int(self.first.shape[0])

    @property
    def n_actors(self) -> int:
        return int(self.first.shape[1])


def _as_space(
    points: OutcomeSpace | ArrayLike,
    scale_low: ArrayLike | None,
    scale_high: ArrayLike | None,
    func: str,
    *,
    need_scale: bool,
) -> OutcomeSpace:
    if isinstance(points, OutcomeSpace):
        space = points
        if scale_low is not None or scale_high is not None:
            lo = (
                space.low if scale_low is None
                else _vector(scale_low, "scale_low", func, space.n_issues)
            )
            hi = (
                space.high if scale_high is None
                else _vector(scale_high, "scale_high", func, space.n_issues)
            )
            _check_bounds(lo, hi, func)
            _check_within(space.points, lo, hi, "points", func)
            space = OutcomeSpace(
                space.issue_ids, space.points, space.codes, space.levels, space.level_ids,
                space.level_labels, lo, hi, space.kind,
            )
        return space
    pts = check_array(points, "points", func, ndim=2, shape_text="(n_outcomes, n_issues)")
    if need_scale and (scale_low is None or scale_high is None):
        missing = "scale_low" if scale_low is None else "scale_high"
        raise param_error(
            missing, func, f"an array of shape ({pts.shape[1]},) when 'points' is an array", "None"
        )
    try:
        return OutcomeSpace.from_points(pts, low=scale_low, high=scale_high)
    except ValueError as err:
        raise ValueError(str(err).replace("OutcomeSpace.from_points", func)) from None


def _batched(
    value: ArrayLike, name: str, func: str, n_issues: int, n_actors: int | None
) -> NDArray[np.float64]:
    arr = check_array(
        value, name, func, ndim=(2, 3), shape=(n_actors, n_issues),
        shape_text="(n_actors, n_issues) or (n_samples, n_actors, n_issues)",
    )
    return arr


def _prepare(
    space: OutcomeSpace,
    first: ArrayLike,
    second: ArrayLike,
    names: tuple[str, str],
    func: str,
) -> _Problem:
    a = _batched(first, names[0], func, space.n_issues, None)
    b = _batched(second, names[1], func, space.n_issues, a.shape[-2])
    batched = a.ndim == 3 or b.ndim == 3
    n_samples = {x.shape[0] for x in (a, b) if x.ndim == 3}
    if len(n_samples) > 1:
        raise param_error(
            names[1], func, f"the same number of samples as {names[0]!r}",
            f"{b.shape[0]} samples against {a.shape[0]}",
        )
    s = n_samples.pop() if n_samples else 1
    a3 = np.broadcast_to(a, (s, *a.shape[-2:]))
    b3 = np.broadcast_to(b, (s, *b.shape[-2:]))
    return _Problem(space, a3, b3, batched)


def _check_utility_inputs(prob: _Problem, func: str) -> None:
    lo, hi = prob.space.low, prob.space.high
    _check_within(prob.first, lo, hi, "ideals", func)
    sal = prob.second
    if sal.size and (sal.min() < 0 or sal.max() > 1):
        bad = float(sal.min() if sal.min() < 0 else sal.max())
        raise param_error("saliences", func, "an array of values in [0, 1]", f"a value of {bad:g}")


class _Encoding:
    """The outcomes ``n0:n1`` of a space as level indices, ready to sum per-level weights.

    ``sums(W)`` returns ``out[s * n_actors + a, n] = sum_k W[s, a, level(n, k)]``
    for weights ``W`` of shape (n_samples, n_actors, n_levels). With few levels
    this is one dense product of the weights with the outcomes' one-hot
    encoding (a single BLAS call); otherwise one gather per issue.
    """

    __slots__ = ("flat", "n_issues", "n_levels", "onehot")

    def __init__(self, space: OutcomeSpace, n0: int, n1: int) -> None:
        self.n_levels = int(sum(v.size for v in space.levels))
        self.n_issues = space.n_issues
        self.flat = space.codes[n0:n1].astype(np.intp) + space._offsets()
        self.onehot: NDArray[np.float64] | None = None
        if self.n_levels <= max(64, 8 * space.n_issues):
            onehot = np.zeros((n1 - n0, self.n_levels))
            np.put_along_axis(onehot, self.flat, 1.0, axis=1)
            self.onehot = np.ascontiguousarray(onehot.T)

    def sums(self, weights: NDArray[np.float64]) -> NDArray[np.float64]:
        w = np.ascontiguousarray(weights.reshape(-1, self.n_levels))
        if self.onehot is not None:
            return np.asarray(w @ self.onehot, dtype=float)
        total = np.take(w, self.flat[:, 0], axis=1)
        for k in range(1, self.n_issues):
            total += np.take(w, self.flat[:, k], axis=1)
        return total


def _chunks(
    n_samples: int, n_outcomes: int, n_actors: int, n_levels: int, max_bytes: int
) -> tuple[int, int]:
    """Choose samples and outcomes per block so that temporaries stay under ``max_bytes``."""
    per_sample = 8 * n_actors * (max(n_outcomes, 1) + n_levels)
    samples = int(min(max(n_samples, 1), max(1, max_bytes // per_sample)))
    per_outcome = 8 * (n_levels + n_actors * samples)
    outcomes = int(min(max(n_outcomes, 1), max(1, max_bytes // per_outcome)))
    return samples, outcomes


def _utility_weights(
    prob: _Problem, a: int, b: int, p: int,
    values: NDArray[np.float64], issue: NDArray[np.intp],
) -> NDArray[np.float64]:
    """Return the per-level losses ``s_ik (|v - y_ik| / R_k)^p / sum_k s_ik``.

    Shape (b - a, n_actors, n_levels), for the samples ``a:b``.
    """
    space = prob.space
    ideals, sal = prob.first[a:b], prob.second[a:b]
    weights = np.abs(values - ideals[..., issue])
    weights /= (space.high - space.low)[issue]
    if p == 2:
        weights *= weights
    weights *= sal[..., issue]
    # an actor with no salient issue has zero weights: utility 1 everywhere
    denom = sal.sum(axis=-1)
    weights /= np.where(denom > 0, denom, 1.0)[..., None]
    return weights


def _product_reduce(
    parts: list[NDArray[Any]], op: np.ufunc, out: NDArray[Any]
) -> None:
    """Combine per-issue level tables over the product of the levels, in C order.

    ``parts[k]`` has shape (n_samples, n_actors, m_k); ``out`` (contiguous,
    shape (n_samples, n_actors, prod m_k)) receives
    ``op(... op(op(parts[-1], parts[-2]), ...), parts[0])`` at each outcome,
    built from the last issue backwards so that every step broadcasts one
    level value over a contiguous run of outcomes. The order of the
    operations is fixed, so the result does not depend on the block size.
    """
    n_s, n_a = out.shape[:2]
    acc = parts[-1]
    if len(parts) == 1:
        out[...] = acc
        return
    for k in range(len(parts) - 2, -1, -1):
        left = acc[:, :, None, :]
        right = parts[k][:, :, :, None]
        if k == 0:
            op(left, right, out=out.reshape(n_s, n_a, parts[0].shape[-1], -1))
        else:
            acc = op(left, right).reshape(n_s, n_a, -1)


def _fill_utilities(
    prob: _Problem, p: int, s0: int, s1: int, out: NDArray[np.float64], max_bytes: int
) -> None:
    """Write the utilities of samples ``s0:s1`` into ``out`` of shape (s1 - s0, n_actors, n).

    The per-level losses are divided by each actor's normaliser first. For a
    product space, ``1 - loss`` is then built issue by issue by broadcasting
    (:func:`_product_reduce`); otherwise one matrix product with the one-hot
    encoding gives the loss of a block of outcomes.
    """
    space = prob.space
    n = space.n_outcomes
    if n == 0:
        return
    values, issue = space._level_table()
    if space.is_product:
        # the largest temporary is 1/m_0 of the block's output
        per_sample = 8 * prob.n_actors * max(1, n // space.shape[0])
        samples = int(min(s1 - s0, max(1, max_bytes // per_sample)))
        split = space._offsets()[1:]
        for a in range(s0, s1, samples):
            b = min(s1, a + samples)
            weights = _utility_weights(prob, a, b, p, values, issue)
            parts = np.split(weights, split, axis=-1)
            parts[-1] = 1.0 - parts[-1]
            block = out[a - s0 : b - s0]
            _product_reduce(parts, np.subtract, block)
            _clip_below(block, weights, space)
        return
    samples, outcomes = _chunks(s1 - s0, n, prob.n_actors, values.size, max_bytes)
    for n0 in range(0, n, outcomes):
        n1 = min(n, n0 + outcomes)
        encoding = _Encoding(space, n0, n1)
        for a in range(s0, s1, samples):
            b = min(s1, a + samples)
            weights = _utility_weights(prob, a, b, p, values, issue)
            block = out[a - s0 : b - s0, :, n0:n1]
            np.subtract(1.0, encoding.sums(weights).reshape(block.shape), out=block)
            _clip_below(block, weights, space)


def _clip_below(
    block: NDArray[np.float64], weights: NDArray[np.float64], space: OutcomeSpace
) -> None:
    """Clip at 0 where rounding can push the utility of the farthest outcome a hair below 0."""
    if np.any(_largest_loss(weights, space) > 1.0 - 1e-9):
        np.maximum(block, 0.0, out=block)


def _largest_loss(weights: NDArray[np.float64], space: OutcomeSpace) -> NDArray[np.float64]:
    """Return the largest loss of each sample and actor: a sum of per-issue maxima."""
    offsets = space._offsets()
    per_issue = np.maximum.reduceat(weights, offsets, axis=-1)
    return np.asarray(per_issue.sum(axis=-1), dtype=float)


def _max_bytes(max_bytes: int, func: str) -> int:
    return check_int(max_bytes, "max_bytes", func, low=1)


def _loss(loss: str, func: str) -> int:
    if loss not in _EXPONENT:
        raise param_error("loss", func, "one of 'linear', 'quadratic'", repr(loss))
    return _EXPONENT[loss]


def utilities(
    points: OutcomeSpace | ArrayLike,
    ideals: ArrayLike,
    saliences: ArrayLike,
    *,
    scale_low: ArrayLike | None = None,
    scale_high: ArrayLike | None = None,
    loss: Loss = "linear",
    max_bytes: int = _DEFAULT_MAX_BYTES,
) -> NDArray[np.float64]:
    r"""Return the utility of every outcome for every actor.

    .. math::

        u_i(x) = 1 - \frac{\sum_k s_{ik}\, \left(|x_k - y_{ik}| / R_k\right)^p}{\sum_k s_{ik}},

    with :math:`p = 1` (``loss='linear'``) or :math:`p = 2`
    (``loss='quadratic'``) and :math:`R_k` the range of scale :math:`k`, so
    that :math:`u_i \in [0, 1]` and :math:`u_i = 1` at the ideal point. An
    actor whose saliences are all 0 gets utility 1 everywhere. Given a leading
    sample axis on ``ideals`` or ``saliences`` (or both), the utilities of all
    samples are computed together, block by block so that temporaries stay
    under ``max_bytes``; the result does not depend on the block size (up to
    floating-point rounding, about 1e-16).

    Parameters
    ----------
    points : OutcomeSpace or array_like of shape (n_outcomes, n_issues)
        The outcomes, in scale units.
    ideals : array_like of shape (n_actors, n_issues) or (n_samples, n_actors, n_issues)
        Each actor's ideal point, within the scales.
    saliences : array_like of shape (n_actors, n_issues) or (n_samples, n_actors, n_issues)
        Each actor's salience of each issue, in [0, 1] (0 where it takes no position).
    scale_low, scale_high : array_like of shape (n_issues,), optional
        The ends of each scale. Required when ``points`` is an array; default
        the space's bounds when it is an :class:`OutcomeSpace`.
    loss : {'linear', 'quadratic'}
        The exponent :math:`p` of the distance.
    max_bytes : int
        Upper bound on the memory of the temporaries of one block (the result
        itself is not counted).

    Returns
    -------
    ndarray of shape (n_outcomes, n_actors) or (n_samples, n_outcomes, n_actors)
        In [0, 1]; batched when ``ideals`` or ``saliences`` is.

    Raises
    ------
    ValueError
        If an array has the wrong shape or is not finite, an ideal point or an
        outcome lies outside its scale, a salience lies outside [0, 1], the
        sample counts differ, or ``loss`` is unknown.

    See Also
    --------
    iter_utilities : the same, one block of samples at a time.
    acceptable : which outcomes each actor can accept.

    References
    ----------
    .. [1] Enelow, J. M. and Hinich, M. J. (1984). *The Spatial Theory of
       Voting*. Cambridge University Press, ch. 2-3 (weighted spatial loss).

    Examples
    --------
    Two issues on [0, 100]; actor 0 wants (0, 0) and cares about the first issue
    three times as much as about the second:

    >>> U = utilities([[0, 0], [100, 0], [50, 100]], ideals=[[0, 0]],
    ...               saliences=[[0.75, 0.25]], scale_low=[0, 0], scale_high=[100, 100])
    >>> U[:, 0].tolist()
    [1.0, 0.25, 0.375]

    With a sample axis the result has one:

    >>> import numpy as np
    >>> sal = np.array([[[0.75, 0.25]], [[0.5, 0.5]]])
    >>> utilities([[50, 100]], [[0, 0]], sal, scale_low=[0, 0], scale_high=[100, 100]).shape
    (2, 1, 1)
    """
    func = "utilities"
    p = _loss(loss, func)
    max_bytes = _max_bytes(max_bytes, func)
    space = _as_space(points, scale_low, scale_high, func, need_scale=True)
    prob = _prepare(space, ideals, saliences, ("ideals", "saliences"), func)
    _check_utility_inputs(prob, func)
    out = np.empty((prob.n_samples, prob.n_actors, space.n_outcomes))
    _fill_utilities(prob, p, 0, prob.n_samples, out, max_bytes)
    return _outcomes_first(out, prob.batched)


def _outcomes_first(out: NDArray[Any], batched: bool) -> NDArray[Any]:
    """View an (n_samples, n_actors, n_outcomes) buffer as (n_samples, n_outcomes, n_actors)."""
    view = np.swapaxes(out, 1, 2)
    return view if batched else view[0]


def _fill_acceptable(
    prob: _Problem, s0: int, s1: int, out: NDArray[np.bool_], max_bytes: int
) -> None:
    space = prob.space
    n = space.n_outcomes
    if n == 0:
        return
    values, issue = space._level_table()

    def crossed(a: int, b: int) -> NDArray[np.bool_]:
        low, high = prob.first[a:b][..., issue], prob.second[a:b][..., issue]
        return np.asarray((values < low - _TOL) | (values > high + _TOL))

    if space.is_product:
        per_sample = prob.n_actors * max(1, n // space.shape[0])
        samples = int(min(s1 - s0, max(1, max_bytes // per_sample)))
        split = space._offsets()[1:]
        for a in range(s0, s1, samples):
            b = min(s1, a + samples)
            parts = np.split(~crossed(a, b), split, axis=-1)
            _product_reduce(parts, np.logical_and, out[a - s0 : b - s0])
        return
    samples, outcomes = _chunks(s1 - s0, n, prob.n_actors, values.size, max_bytes)
    for n0 in range(0, n, outcomes):
        n1 = min(n, n0 + outcomes)
        encoding = _Encoding(space, n0, n1)
        for a in range(s0, s1, samples):
            b = min(s1, a + samples)
            block = out[a - s0 : b - s0, :, n0:n1]
            counts = encoding.sums(crossed(a, b).astype(float))
            np.less(counts.reshape(block.shape), 0.5, out=block)


def _check_ranges(prob: _Problem, func: str) -> None:
    inverted = prob.first > prob.second + _TOL
    if inverted.any():
        where = tuple(np.argwhere(inverted)[0])
        raise param_error(
            "acceptable_high", func, "at least 'acceptable_low' everywhere",
            f"{float(prob.second[where]):g} < {float(prob.first[where]):g} for actor {where[1]} "
            f"on issue {where[2]}",
        )


def acceptable(
    points: OutcomeSpace | ArrayLike,
    acceptable_low: ArrayLike,
    acceptable_high: ArrayLike,
    *,
    max_bytes: int = _DEFAULT_MAX_BYTES,
) -> NDArray[np.bool_]:
    r"""Tell which outcomes each actor can accept.

    Outcome :math:`x` is acceptable to actor :math:`i` when
    :math:`l_{ik} \le x_k \le h_{ik}` on every issue :math:`k` (with a
    tolerance of 1e-9). Give the scale's ends for open bounds, e.g. from
    :func:`scenario_arrays`. Batched like :func:`utilities`.

    Parameters
    ----------
    points : OutcomeSpace or array_like of shape (n_outcomes, n_issues)
    acceptable_low : array_like of shape (n_actors, n_issues) or (n_samples, n_actors, n_issues)
        The low end of each actor's acceptable range on each issue.
    acceptable_high : array_like of the same shape as `acceptable_low`
        The high end of each actor's acceptable range on each issue.
    max_bytes : int
        Upper bound on the memory of one block's temporaries.

    Returns
    -------
    ndarray of bool, shape (n_outcomes, n_actors) or (n_samples, n_outcomes, n_actors)

    Raises
    ------
    ValueError
        If an array has the wrong shape or is not finite, or a low end lies
        above its high end.

    References
    ----------
    .. [1] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
       University Press, ch. 4 (reservation values).

    Examples
    --------
    Actor 0 accepts at most 30 on the first issue (a red line), actor 1 anything:

    >>> acceptable([[0, 0], [50, 0]], acceptable_low=[[0, 0], [0, 0]],
    ...            acceptable_high=[[30, 100], [100, 100]]).tolist()
    [[True, True], [False, True]]
    """
    func = "acceptable"
    max_bytes = _max_bytes(max_bytes, func)
    space = _as_space(points, None, None, func, need_scale=False)
    prob = _prepare(space, acceptable_low, acceptable_high,
                    ("acceptable_low", "acceptable_high"), func)
    _check_ranges(prob, func)
    out = np.empty((prob.n_samples, prob.n_actors, space.n_outcomes), dtype=bool)
    _fill_acceptable(prob, 0, prob.n_samples, out, max_bytes)
    return _outcomes_first(out, prob.batched)


@dataclass(frozen=True, slots=True)
class UtilityChunk:
    """One block of samples from :func:`iter_utilities`.

    Attributes
    ----------
    start, stop : int
        The samples ``start:stop`` of the batch.
    utilities : ndarray of shape (stop - start, n_outcomes, n_actors)
    acceptable : ndarray of bool, shape (stop - start, n_outcomes, n_actors), or None
        Which outcomes each actor can accept, when acceptable ranges were given.
    """

    __repr__ = compact_repr

    start: int
    stop: int
    utilities: NDArray[np.float64]
    acceptable: NDArray[np.bool_] | None

    def to_frame(self) -> pd.DataFrame:
        """Return the block in long form: one row per sample x outcome x actor.

        Returns
        -------
        pandas.DataFrame
            Columns ``sample, outcome, actor, utility`` (actor indices), and
            ``acceptable`` when known.
        """
        import pandas as pd

        n_s, n_o, n_a = self.utilities.shape
        s, o, a = np.indices((n_s, n_o, n_a)).reshape(3, -1)
        data: dict[str, Any] = {
            "sample": s + self.start, "outcome": o, "actor": a,
            "utility": self.utilities.reshape(-1),
        }
        if self.acceptable is not None:
            data["acceptable"] = self.acceptable.reshape(-1)
        return pd.DataFrame(data)


def iter_utilities(
    points: OutcomeSpace | ArrayLike,
    ideals: ArrayLike,
    saliences: ArrayLike,
    *,
    scale_low: ArrayLike | None = None,
    scale_high: ArrayLike | None = None,
    loss: Loss = "linear",
    acceptable_low: ArrayLike | None = None,
    acceptable_high: ArrayLike | None = None,
    chunk_size: int | None = None,
    max_bytes: int = _DEFAULT_MAX_BYTES,
) -> Iterator[UtilityChunk]:
    """Yield the utilities of a batch of samples, a block of samples at a time.

    For Monte Carlo callers: each block holds every outcome of ``chunk_size``
    samples (at least one), so a solution can be computed per sample before
    the next block is built. Unbatched inputs count as one sample. The blocks
    concatenate to :func:`utilities` of the whole batch.

    Parameters
    ----------
    points, ideals, saliences, scale_low, scale_high, loss
        As in :func:`utilities`.
    acceptable_low, acceptable_high : array_like, optional
        As in :func:`acceptable` (both or neither); each block then also
        carries the acceptability mask.
    chunk_size : int, optional
        Samples per block. Default: as many as fit in ``max_bytes`` (at
        least one).
    max_bytes : int
        Memory bound of one block's output when ``chunk_size`` is not given,
        and of its temporaries.

    Yields
    ------
    UtilityChunk

    Raises
    ------
    ValueError
        As :func:`utilities` and :func:`acceptable`, and if only one of the
        acceptable ends is given or the sample counts differ.

    Examples
    --------
    >>> import numpy as np
    >>> sal = np.full((5, 1, 1), 0.5)
    >>> [(c.start, c.stop) for c in iter_utilities([[0.0], [1.0]], [[0.0]], sal,
    ...     scale_low=[0], scale_high=[1], chunk_size=2)]
    [(0, 2), (2, 4), (4, 5)]
    """
    func = "iter_utilities"
    p = _loss(loss, func)
    max_bytes = _max_bytes(max_bytes, func)
    space = _as_space(points, scale_low, scale_high, func, need_scale=True)
    prob = _prepare(space, ideals, saliences, ("ideals", "saliences"), func)
    _check_utility_inputs(prob, func)
    ranges: _Problem | None = None
    if (acceptable_low is None) != (acceptable_high is None):
        missing = "acceptable_low" if acceptable_low is None else "acceptable_high"
        raise param_error(missing, func, "given together with the other acceptable end", "None")
    if acceptable_low is not None and acceptable_high is not None:
        ranges = _prepare(space, acceptable_low, acceptable_high,
                          ("acceptable_low", "acceptable_high"), func)
        _check_ranges(ranges, func)
        if ranges.n_actors != prob.n_actors:
            raise param_error(
                "acceptable_low", func, f"arrays for {prob.n_actors} actors",
                f"arrays for {ranges.n_actors}",
            )
    n_samples = prob.n_samples
    if ranges is not None and ranges.batched:
        if prob.batched and ranges.n_samples != n_samples:
            raise param_error(
                "acceptable_low", func, f"{n_samples} samples like 'ideals'/'saliences'",
                f"{ranges.n_samples} samples",
            )
        n_samples = ranges.n_samples
        shape = (n_samples, *prob.first.shape[1:])
        prob = _Problem(
            space, np.broadcast_to(prob.first, shape), np.broadcast_to(prob.second, shape), True
        )
    if chunk_size is None:
        per_sample = 9 * max(space.n_outcomes, 1) * prob.n_actors
        step = max(1, max_bytes // per_sample)
    else:
        step = check_int(chunk_size, "chunk_size", func, low=1)
    return _iter_blocks(prob, ranges, p, step, max_bytes)


def _iter_blocks(
    prob: _Problem, ranges: _Problem | None, p: int, step: int, max_bytes: int
) -> Iterator[UtilityChunk]:
    n, a = prob.space.n_outcomes, prob.n_actors
    shared: NDArray[np.bool_] | None = None
    for s0 in range(0, prob.n_samples, step):
        s1 = min(prob.n_samples, s0 + step)
        u = np.empty((s1 - s0, a, n))
        _fill_utilities(prob, p, s0, s1, u, max_bytes)
        mask: NDArray[np.bool_] | None = None
        if ranges is not None:
            if ranges.batched:
                mask = np.empty((s1 - s0, a, n), dtype=bool)
                _fill_acceptable(ranges, s0, s1, mask, max_bytes)
            else:
                if shared is None:
                    shared = np.empty((1, a, n), dtype=bool)
                    _fill_acceptable(ranges, 0, 1, shared, max_bytes)
                    shared.flags.writeable = False
                mask = np.broadcast_to(shared, (s1 - s0, a, n))
            mask = _outcomes_first(mask, True)
        yield UtilityChunk(s0, s1, _outcomes_first(u, True), mask)
