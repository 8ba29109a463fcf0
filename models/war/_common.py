"""Argument checks shared by the war-bargaining models (private to :mod:`models.war`)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, param_error


def _probabilities(value: ArrayLike, name: str, func: str) -> NDArray[np.float64]:
    arr = check_array(value, name, func, ndim=(0, 1))
    if arr.size and (np.any(arr < 0) or np.any(arr > 1)):
        bad = arr[(arr < 0) | (arr > 1)].flat[0]
        raise param_error(name, func, "a probability (or array of them) in [0, 1]", f"{bad:g}")
    return arr.astype(np.float64)


def _costs(value: ArrayLike, name: str, func: str) -> NDArray[np.float64]:
    return check_array(value, name, func, ndim=(0, 1), nonnegative=True).astype(np.float64)


def _broadcast(func: str, **arrays: NDArray[np.float64]) -> list[NDArray[np.float64]]:
    try:
        return [np.array(a) for a in np.broadcast_arrays(*arrays.values())]
    except ValueError:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in arrays.items())
        raise ValueError(
            f"The parameters of {func} must be scalars or arrays of one common length "
            f"(n_draws,). Got shapes {shapes} instead."
        ) from None


def _draw_index(shape: tuple[int, ...]) -> NDArray[np.int64]:
    return np.arange(int(np.prod(shape)) if shape else 1, dtype=np.int64)
