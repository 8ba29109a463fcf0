"""Compact, readable ``repr`` for array-heavy result objects.

The dataclass default prints every array in full; for a result with a
(2000, 25) array that is pages of numbers. :func:`compact_repr` shows scalars
and short strings as they are, and arrays, long sequences and mappings by
their shape, so a result reads in one or two lines in a terminal or notebook.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["compact_repr"]


def _show(value: Any, depth: int) -> str:
    if isinstance(value, np.ndarray):
        if value.size == 1:
            return repr(value.item())
        return f"<array {'x'.join(map(str, value.shape))} {value.dtype}>"
    if isinstance(value, np.generic):
        return repr(value.item())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return compact_repr(value, depth=depth + 1) if depth < 1 else f"{type(value).__name__}(...)"
    if isinstance(value, Mapping):
        return f"<{type(value).__name__} of {len(value)}>"
    if isinstance(value, tuple | list) and (
        len(value) > 6 or any(isinstance(v, np.ndarray) and v.size > 1 for v in value)
    ):
        return f"<{type(value).__name__} of {len(value)}>"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def compact_repr(obj: Any, *, depth: int = 0) -> str:
    """Return ``ClassName(field=value, ...)`` with arrays and long containers summarised.

    Parameters
    ----------
    obj : dataclass instance
    depth : int
        Nesting level (nested dataclasses beyond one level print as ``Name(...)``).

    Returns
    -------
    str

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class R:
    ...     x: np.ndarray
    ...     n: int
    >>> compact_repr(R(np.zeros((2000, 25)), 3))
    'R(x=<array 2000x25 float64>, n=3)'
    """
    fields = [f for f in dataclasses.fields(obj) if f.repr]
    parts = [f"{f.name}={_show(getattr(obj, f.name), depth)}" for f in fields]
    return f"{type(obj).__name__}({', '.join(parts)})"
