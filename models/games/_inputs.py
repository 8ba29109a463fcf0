"""Reading and checking the inputs of :class:`~models.games.NormalFormGame`.

Payoffs are accepted as one array per player or as one stacked array and
stored player first, as a read-only array of shape ``(n_players, m_1, ...,
m_N)``; labels and mixed profiles are checked against that shape. Every
error names the parameter in the form of :func:`models._checks.param_error`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models._checks import check_array, param_error

__all__ = ["read_labels", "read_payoffs", "read_profile", "read_strategy_labels", "read_subsets"]

FloatArray = NDArray[np.float64]


def read_payoffs(payoffs: Any, func: str) -> FloatArray:
    """Stack the accepted payoff forms into an array of shape (n_players, m_1, ..., m_N)."""
    shape_text = "(m_1, ..., m_N)"
    if isinstance(payoffs, list | tuple):
        n = len(payoffs)
        if n < 2:
            raise param_error(
                "payoffs", func, "a sequence of at least 2 payoff arrays, one per player",
                f"a sequence of length {n}",
            )
        arrays = []
        for i, p in enumerate(payoffs):
            arr = check_array(p, f"payoffs[{i}]", func, ndim=n, shape_text=shape_text)
            arrays.append(arr)
        shapes = {a.shape for a in arrays}
        if len(shapes) != 1:
            raise param_error(
                "payoffs", func, "a sequence of payoff arrays of one common shape",
                f"shapes {[a.shape for a in arrays]}",
            )
        stacked = np.stack(arrays)
    else:
        arr = check_array(payoffs, "payoffs", func, shape_text="(m_1, ..., m_N, N)")
        if arr.ndim < 3 or arr.shape[-1] != arr.ndim - 1:
            raise param_error(
                "payoffs", func,
                "a sequence of N arrays of shape (m_1, ..., m_N) or an ndarray of shape "
                "(m_1, ..., m_N, N) with N >= 2",
                f"an array of shape {arr.shape}",
            )
        stacked = np.moveaxis(arr, -1, 0)
    if 0 in stacked.shape:
        raise param_error(
            "payoffs", func, "non-empty: every player needs at least one strategy",
            f"shape {stacked.shape[1:]}",
        )
    out = np.ascontiguousarray(stacked, dtype=np.float64)
    out.setflags(write=False)
    return out


def read_labels(value: Any, name: str, func: str, n: int, default: list[str]) -> tuple[str, ...]:
    if value is None:
        return tuple(default)
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise param_error(name, func, f"a sequence of {n} distinct strings", repr(value))
    labels = tuple(value)
    if len(labels) != n or not all(isinstance(s, str) for s in labels) or len(set(labels)) != n:
        raise param_error(name, func, f"a sequence of {n} distinct strings", repr(value))
    return labels



def read_strategy_labels(
    strategies: Any, func: str, shape: Sequence[int]
) -> tuple[tuple[str, ...], ...]:
    """Return each player's strategy labels; ``"s1", "s2", ...`` when ``strategies`` is None."""
    n = len(shape)
    if strategies is None:
        return tuple(tuple(f"s{k + 1}" for k in range(m)) for m in shape)
    if isinstance(strategies, str) or len(strategies) != n:
        raise param_error(
            "strategies", func, f"a sequence of {n} sequences of strategy labels",
            repr(strategies),
        )
    return tuple(
        read_labels(s, f"strategies[{i}]", func, m, [])
        for i, (s, m) in enumerate(zip(strategies, shape, strict=True))
    )


def read_profile(
    profile: Any, func: str, shape: Sequence[int], prob_atol: float
) -> tuple[FloatArray, ...]:
    """Check a mixed profile, one probability vector per player; return it renormalised.

    Entries down to ``-prob_atol`` are clipped to zero and each vector is
    divided by its sum, which may differ from 1 by at most ``1e-6``.
    """
    n_players = len(shape)
    must = f"a sequence of {n_players} probability vectors of lengths {tuple(shape)}"
    if isinstance(profile, str) or not isinstance(profile, Sequence | np.ndarray):
        raise param_error("profile", func, must, repr(profile)[:60])
    if len(profile) != n_players:
        raise param_error("profile", func, must, f"a sequence of length {len(profile)}")
    out = []
    for i, (p, m) in enumerate(zip(profile, shape, strict=True)):
        arr = check_array(p, f"profile[{i}]", func, ndim=1, shape=(m,), shape_text=f"({m},)")
        if np.any(arr < -prob_atol) or abs(float(arr.sum()) - 1.0) > 1e-6:
            raise param_error(
                f"profile[{i}]", func, "a probability vector (non-negative, summing to 1)",
                f"{np.round(arr, 6).tolist()}",
            )
        out.append(np.clip(arr, 0.0, None) / np.clip(arr, 0.0, None).sum())
    return tuple(out)


def read_subsets(
    strategies: Sequence[Sequence[int]], shape: tuple[int, ...], func: str
) -> list[NDArray[np.intp]]:
    """Check, for each player, a non-empty sequence of distinct strategy indices.

    Parameters
    ----------
    strategies : sequence of sequence of int
        One index sequence per player.
    shape : tuple of int
        The numbers of strategies (m_1, ..., m_N).
    func : str
        The caller, named in errors.

    Returns
    -------
    list of ndarray of int

    Raises
    ------
    ValueError
        If there is not one sequence per player, or an index is out of range,
        repeated, or a player keeps nothing.

    Examples
    --------
    >>> [k.tolist() for k in read_subsets([[1], [2, 0]], (2, 3), "f")]
    [[1], [2, 0]]
    """
    if isinstance(strategies, str) or len(strategies) != len(shape):
        raise param_error(
            "strategies", func, f"a sequence of {len(shape)} index sequences",
            repr(strategies)[:60],
        )
    keep = []
    for i, (s, m) in enumerate(zip(strategies, shape, strict=True)):
        idx = np.asarray(s)
        if (
            idx.ndim != 1 or idx.size == 0 or idx.dtype.kind not in "iu"
            or idx.min() < 0 or idx.max() >= m or np.unique(idx).size != idx.size
        ):
            raise param_error(
                f"strategies[{i}]", func,
                f"a non-empty sequence of distinct ints in [0, {m})", repr(s)[:60],
            )
        keep.append(idx.astype(np.intp))
    return keep
