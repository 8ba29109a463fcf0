"""Argument checks and array types shared by the bargaining solvers (private)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, param_error

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

_EPS = float(np.finfo(np.float64).eps)
_TINY = float(np.nextafter(0.0, 1.0))  # smallest positive double: log(_TINY) is finite


def _readonly(arr: NDArray[Any]) -> NDArray[Any]:
    arr.setflags(write=False)
    return arr


def _check_u(U: ArrayLike, func: str, *, batched: bool = False) -> FloatArray:
    text = "(n_samples, n_outcomes, n_actors)" if batched else "(n_outcomes, n_actors)"
    arr = check_array(U, "U", func, ndim=3 if batched else 2, shape_text=text)
    if 0 in arr.shape:
        raise param_error(
            "U", func, f"a non-empty array of shape {text}", f"an array of shape {arr.shape}"
        )
    return np.ascontiguousarray(arr, dtype=np.float64)


def _check_d(d: ArrayLike, U: FloatArray, func: str, *, batched: bool = False) -> FloatArray:
    n_actors = U.shape[-1]
    if batched:
        text = f"(n_samples, n_actors) = ({U.shape[0]}, {n_actors})"
        arr = check_array(d, "d", func, ndim=2, shape=(U.shape[0], n_actors), shape_text=text)
    else:
        text = f"(n_actors,) = ({n_actors},)"
        arr = check_array(d, "d", func, ndim=1, shape=(n_actors,), shape_text=text)
    return np.ascontiguousarray(arr, dtype=np.float64)


def _check_weights(
    weights: ArrayLike | None, n_actors: int, func: str, n_samples: int | None = None
) -> FloatArray:
    if weights is None:
        shape = (n_actors,) if n_samples is None else (n_samples, n_actors)
        return np.ones(shape)
    if n_samples is None:
        text = f"(n_actors,) = ({n_actors},)"
        arr = check_array(
            weights, "weights", func, ndim=1, shape=(n_actors,), nonnegative=True, shape_text=text
        )
    else:
        text = f"(n_actors,) = ({n_actors},) or (n_samples, n_actors) = ({n_samples}, {n_actors})"
        arr = check_array(
            weights, "weights", func, ndim=(1, 2), shape=(n_actors,), nonnegative=True,
            shape_text=text,
        )
        if arr.ndim == 2 and arr.shape[0] != n_samples:
            raise param_error("weights", func, f"an array of shape {text}", f"shape {arr.shape}")
        arr = np.broadcast_to(arr, (n_samples, n_actors))
    if np.any(arr.sum(axis=-1) <= 0):
        raise param_error(
            "weights", func, "non-negative bargaining powers with a positive sum",
            "weights summing to 0",
        )
    return np.ascontiguousarray(arr, dtype=np.float64)


def _no_zopa(func: str, d: FloatArray) -> ValueError:
    text = np.array2string(np.asarray(d), precision=6, separator=", ", threshold=8)
    return param_error(
        "d", func,
        "a disagreement point that some outcome weakly improves on for every actor "
        "(a non-empty zone of possible agreement)",
        f"d = {text}, above every outcome",
    )
