r"""Static spatial forecasts on one issue dimension.

The weighted mean, the weighted median and the Condorcet winner of actors'
positions, weighted by capability times salience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, param_error

if TYPE_CHECKING:
    pass

__all__ = [
    "condorcet_winner",
    "weighted_mean",
    "weighted_median",
]

FloatArray = NDArray[np.float64]


def _spatial(
    positions: ArrayLike, salience: ArrayLike, capability: ArrayLike, func: str
) -> tuple[FloatArray, FloatArray, bool]:
    text = "(n_actors,) or (n_samples, n_actors)"
    x = check_array(positions, "positions", func, ndim=(1, 2), shape_text=text)
    if x.shape[-1] == 0:
        raise param_error("positions", func, f"a non-empty array of shape {text}", "no actors")
    arrays = [x]
    for name, value in (("salience", salience), ("capability", capability)):
        arr = check_array(value, name, func, ndim=(1, 2), nonnegative=True, shape_text=text)
        try:
            np.broadcast_shapes(arr.shape, x.shape)
            if arr.shape[-1] != x.shape[-1]:
                raise ValueError
        except ValueError:
            raise param_error(
                name, func, f"an array matching positions of shape {x.shape}",
                f"an array of shape {arr.shape}",
            ) from None
        arrays.append(arr)
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    xb = np.broadcast_to(x, shape)
    w = np.broadcast_to(arrays[1] * arrays[2], shape)
    if np.any(w.sum(axis=-1) <= 0):
        raise param_error(
            "capability", func, "capabilities and saliences whose products have a positive sum",
            "weights summing to 0",
        )
    batched = len(shape) == 2
    return np.atleast_2d(xb), np.atleast_2d(w), batched


def weighted_mean(
    positions: ArrayLike, salience: ArrayLike, capability: ArrayLike
) -> float | FloatArray:
    r"""Compute the compromise (weighted mean) forecast on one issue dimension.

    .. math:: \bar x = \frac{\sum_i c_i s_i x_i}{\sum_i c_i s_i}

    Parameters
    ----------
    positions : array_like of shape (n_actors,) or (n_samples, n_actors)
        Actor positions :math:`x_i` on the issue scale.
    salience : array_like of shape (n_actors,) or (n_samples, n_actors)
        Non-negative saliences :math:`s_i`.
    capability : array_like of shape (n_actors,) or (n_samples, n_actors)
        Non-negative capabilities :math:`c_i`.

    Returns
    -------
    float or ndarray of shape (n_samples,)
        A float for unbatched inputs.

    Raises
    ------
    ValueError
        If the shapes do not match, a value is not finite, a salience or
        capability is negative, or all weights :math:`c_i s_i` are zero.

    References
    ----------
    .. [1] Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling
       Bueno De Mesquita's group decision model. *Journal of Theoretical
       Politics* 23(4), 510–531.

    Examples
    --------
    >>> weighted_mean([0, 10], [1, 1], [3, 1])
    2.5
    >>> weighted_mean([[0, 10], [0, 4]], [1, 1], [3, 1]).tolist()
    [2.5, 1.0]
    """
    x, w, batched = _spatial(positions, salience, capability, "weighted_mean")
    out = (w * x).sum(axis=1) / w.sum(axis=1)
    return out if batched else float(out[0])


def weighted_median(
    positions: ArrayLike, salience: ArrayLike, capability: ArrayLike
) -> float | FloatArray:
    r"""Compute the weighted median position (Black's median voter, weights :math:`c_i s_i`).

    Sort the actors by position; the weighted median is the first position at
    which the cumulative weight reaches half of the total, i.e. the smallest
    :math:`x_{(j)}` with :math:`\sum_{i \le j} w_{(i)} \ge \sum_{i > j} w_{(i)}`.

    Parameters
    ----------
    positions : array_like of shape (n_actors,) or (n_samples, n_actors)
        Actor positions.
    salience : array_like of shape (n_actors,) or (n_samples, n_actors)
        Non-negative saliences.
    capability : array_like of shape (n_actors,) or (n_samples, n_actors)
        Non-negative capabilities.

    Returns
    -------
    float or ndarray of shape (n_samples,)
        An actor's position; a float for unbatched inputs.

    Raises
    ------
    ValueError
        As :func:`weighted_mean`.

    Notes
    -----
    *Tie rule.* When the weight up to some position is exactly half of the
    total, every point between it and the next position is a weighted median;
    the lower position is returned. The comparison of the two partial sums is
    exact for integer-valued weights and otherwise subject to floating-point
    rounding.

    References
    ----------
    .. [1] Black, D. (1948). On the rationale of group decision-making.
       *Journal of Political Economy* 56(1), 23–34.

    Examples
    --------
    >>> weighted_median([0, 5, 10], [1, 1, 1], [2, 1, 2])
    5.0
    >>> weighted_median([0, 10], [1, 1], [1, 1])
    0.0
    """
    x, w, batched = _spatial(positions, salience, capability, "weighted_median")
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    below = np.cumsum(ws, axis=1)
    above = np.zeros_like(ws)
    above[:, :-1] = np.cumsum(ws[:, ::-1], axis=1)[:, ::-1][:, 1:]
    j = np.argmax(below >= above, axis=1)
    out = xs[np.arange(xs.shape[0]), j]
    return out if batched else float(out[0])


def condorcet_winner(
    positions: ArrayLike,
    salience: ArrayLike,
    capability: ArrayLike,
    *,
    candidates: ArrayLike | None = None,
) -> float | FloatArray | None:
    r"""Find the candidate that beats every other in pairwise weighted majority votes.

    In the contest between candidates :math:`a` and :math:`b` each actor votes,
    with weight :math:`c_i s_i`, for the candidate closer to its position
    (actors equidistant from both abstain); :math:`a` beats :math:`b` when its
    vote strictly exceeds :math:`b`'s. The Condorcet winner beats every
    candidate at a different position. With these single-peaked (distance)
    preferences it is the weighted median whenever that is unique (Black 1948).

    Parameters
    ----------
    positions : array_like of shape (n_actors,) or (n_samples, n_actors)
        Actor positions.
    salience : array_like of shape (n_actors,) or (n_samples, n_actors)
        Non-negative saliences.
    capability : array_like of shape (n_actors,) or (n_samples, n_actors)
        Non-negative capabilities.
    candidates : array_like of shape (n_candidates,) or (n_samples, n_candidates), optional
        Positions to choose from. Default: the actors' positions.

    Returns
    -------
    float or None, or ndarray of shape (n_samples,)
        The winning position, None when there is no Condorcet winner; for
        batched inputs an array with NaN where there is none.

    Raises
    ------
    ValueError
        As :func:`weighted_mean`, or if ``candidates`` has the wrong shape or
        non-finite values.

    References
    ----------
    .. [1] Black, D. (1948). On the rationale of group decision-making.
       *Journal of Political Economy* 56(1), 23–34.

    Examples
    --------
    >>> condorcet_winner([0, 5, 10], [1, 1, 1], [2, 1, 2])
    5.0
    >>> condorcet_winner([0, 10], [1, 1], [1, 1]) is None
    True
    """
    func = "condorcet_winner"
    x, w, batched = _spatial(positions, salience, capability, func)
    n_s = x.shape[0]
    if candidates is None:
        cand = x
    else:
        text = "(n_candidates,) or (n_samples, n_candidates)"
        c = check_array(candidates, "candidates", func, ndim=(1, 2), shape_text=text)
        if c.shape[-1] == 0 or (c.ndim == 2 and c.shape[0] != n_s):
            raise param_error(
                "candidates", func, f"a non-empty array of shape {text} with n_samples = {n_s}",
                f"an array of shape {c.shape}",
            )
        cand = np.broadcast_to(c, (n_s, c.shape[-1]))
        batched = batched or c.ndim == 2
    dist = np.abs(x[:, :, None] - cand[:, None, :])  # (n_samples, n_actors, n_candidates)
    m = cand.shape[1]
    support = np.empty((n_s, m, m))
    for b in range(m):
        closer = dist < dist[:, :, b : b + 1]
        support[:, :, b] = np.einsum("sn,snm->sm", w, closer.astype(float))
    beats = support > support.transpose(0, 2, 1)
    other = cand[:, :, None] != cand[:, None, :]
    wins = np.all(beats | ~other, axis=2)
    has = wins.any(axis=1)
    out = np.full(n_s, np.nan)
    out[has] = cand[has, wins[has].argmax(axis=1)]
    if batched:
        return out
    return None if not has[0] else float(out[0])
