"""Argument checks shared by the models, with scikit-learn style messages.

Every public function in :mod:`models` checks its array arguments here and
raises ``ValueError`` or ``TypeError`` in the form::

    The 'U' parameter of solve must be a finite array of shape
    (n_outcomes, n_actors). Got an array with NaN instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["check_array", "check_int", "check_real", "param_error"]


def param_error(name: str, func: str, must: str, got: str) -> ValueError:
    """Build the standard error for a bad parameter.

    Parameters
    ----------
    name : str
        The parameter's name.
    func : str
        The public function that received it.
    must : str
        What it must be ("an int >= 1").
    got : str
        What it was ("0").

    Returns
    -------
    ValueError

    Examples
    --------
    >>> str(param_error("n_draws", "monte_carlo", "an int >= 1", "0"))
    "The 'n_draws' parameter of monte_carlo must be an int >= 1. Got 0 instead."
    """
    return ValueError(f"The {name!r} parameter of {func} must be {must}. Got {got} instead.")


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_array(
    value: ArrayLike,
    name: str,
    func: str,
    *,
    ndim: int | Sequence[int] | None = None,
    shape: Sequence[int | None] | None = None,
    finite: bool = True,
    nonnegative: bool = False,
    dtype: type = float,
    shape_text: str | None = None,
) -> NDArray[Any]:
    """Convert ``value`` to an array and check its dimensions, shape and values.

    Parameters
    ----------
    value : array_like
        The argument.
    name, func : str
        Parameter and function names for the error message.
    ndim : int or sequence of int, optional
        Allowed numbers of dimensions.
    shape : sequence of int or None, optional
        Required shape; ``None`` entries match any length (applies to the
        trailing dimensions when ``ndim`` allows a leading batch axis).
    finite : bool
        Reject NaN and infinite values.
    nonnegative : bool
        Reject negative values.
    dtype : type
        Target dtype (float by default).
    shape_text : str, optional
        How to describe the expected shape in messages, e.g. "(n_outcomes, n_actors)".

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If a check fails.
    TypeError
        If ``value`` cannot be converted to a numeric array.

    Examples
    --------
    >>> check_array([[1, 2], [3, 4]], "U", "f", ndim=2).shape
    (2, 2)
    >>> check_array([1.0, float("nan")], "d", "f", ndim=1)
    Traceback (most recent call last):
    ...
    ValueError: The 'd' parameter of f must be a finite array. Got an array containing NaN instead.
    """
    what = f"an array of shape {shape_text}" if shape_text else "an array"
    try:
        arr: NDArray[Any] = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise TypeError(
            f"The {name!r} parameter of {func} must be a numeric {what.removeprefix('an ')}. "
            f"Got {_describe(value)} instead."
        ) from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            raise param_error(name, func, what, f"an array with {arr.ndim} dimension(s)")
    if shape is not None:
        trailing = arr.shape[arr.ndim - len(shape) :] if arr.ndim >= len(shape) else arr.shape
        if len(trailing) != len(shape) or any(
            s is not None and s != t for s, t in zip(shape, trailing, strict=False)
        ):
            raise param_error(name, func, what, f"an array of shape {arr.shape}")
    if finite and arr.dtype.kind in "fc" and arr.size and not np.all(np.isfinite(arr)):
        kind = "NaN" if np.isnan(arr).any() else "an infinite value"
        raise param_error(
            name, func, "a finite " + what.removeprefix("an "), f"an array containing {kind}"
        )
    if nonnegative and arr.size and np.any(arr < 0):
        raise param_error(
            name,
            func,
            "a non-negative " + what.removeprefix("an "),
            f"a minimum of {float(np.min(arr)):g}",
        )
    return arr


def check_int(value: Any, name: str, func: str, *, low: int | None = None) -> int:
    """Check that ``value`` is an int (not a bool) and at least ``low``.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If it is not.

    Examples
    --------
    >>> check_int(0, "n_draws", "monte_carlo", low=1)
    Traceback (most recent call last):
    ...
    ValueError: The 'n_draws' parameter of monte_carlo must be an int >= 1. Got 0 instead.
    """
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if not ok or (low is not None and value < low):
        must = "an int" + (f" >= {low}" if low is not None else "")
        raise param_error(name, func, must, _describe(value))
    return int(value)


def check_real(
    value: Any,
    name: str,
    func: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Check that ``value`` is a finite real number within bounds.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If it is not.

    Examples
    --------
    >>> check_real(0.9, "delta1", "rubinstein", low=0, high=1, high_open=True)
    0.9
    """
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    must = "a finite real number" + (" " + " and ".join(parts) if parts else "")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise param_error(name, func, must, _describe(value)) from None
    bad = not np.isfinite(number) or isinstance(value, bool)
    if low is not None:
        bad |= number <= low if low_open else number < low
    if high is not None:
        bad |= number >= high if high_open else number > high
    if bad:
        raise param_error(name, func, must, _describe(value))
    return number
