"""Compact, readable ``repr`` for array-heavy result objects.

The dataclass default prints every array in full and floats with all their
binary noise (``0.44999999999999996``); for a result with a (2000, 25) array
that is pages of numbers. :func:`compact_repr` shows numbers rounded to four
significant digits, short strings as they are, mappings as ``{name: value,
...}`` with the rest counted, and arrays by their shape and first values, so a
result reads in a few lines in a terminal or notebook. :func:`frame_html` is
the matching ``_repr_html_`` for results whose natural form is a table.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["compact_repr", "fmt_number", "frame_html", "show_value"]

_MAX_ITEMS = 4
_MAX_TEXT = 60
_MAX_NESTED = 240


def fmt_number(value: float | int) -> str:
    """Format a number with at most four significant digits.

    Parameters
    ----------
    value : float or int
        Integers (and booleans) print exactly; floats are rounded.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_number(0.44999999999999996), fmt_number(12345.678), fmt_number(3)
    ('0.45', '1.235e+04', '3')
    """
    if isinstance(value, bool | np.bool_):
        return repr(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    v = float(value)
    if math.isnan(v) or math.isinf(v):
        return repr(v)
    return f"{v:.4g}"


def _values(flat: np.ndarray, n: int) -> str:
    return ", ".join(_show(v, 2) for v in flat[:n].tolist())


def _show(value: Any, depth: int) -> str:
    if isinstance(value, np.ndarray):
        if value.size == 1 and value.ndim == 0:
            return _show(value.item(), depth)
        if value.ndim == 1 and value.size <= _MAX_ITEMS + 2 and value.dtype.kind in "biuf":
            return f"[{_values(value, value.size)}]"
        shape = "x".join(map(str, value.shape))
        if value.size == 0 or value.dtype.kind not in "biufU":
            return f"<array {shape} {value.dtype}>"
        more = ", ..." if value.size > _MAX_ITEMS else ""
        return f"<array {shape} {value.dtype}: {_values(value.ravel(), _MAX_ITEMS)}{more}>"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | float):
        return fmt_number(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if depth < 1 and type(value).__repr__ is compact_repr:
            text = compact_repr(value, depth=depth + 1)
            if len(text) <= _MAX_NESTED:
                return text
        return f"{type(value).__name__}(...)"
    if isinstance(value, Mapping):
        if depth >= 2:
            return f"{{... {len(value)} items}}"
        items = list(value.items())
        parts = [f"{_key(k)}: {_show(v, depth + 1)}" for k, v in items[:_MAX_ITEMS]]
        if len(items) > _MAX_ITEMS:
            parts.append(f"... and {len(items) - _MAX_ITEMS} more")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, tuple | list):
        simple = all(isinstance(v, str | int | float | np.generic) for v in value)
        if depth >= 2 and not (simple and len(value) <= _MAX_ITEMS):
            return f"<{type(value).__name__} of {len(value)}>"
        open_, close = ("(", ")") if isinstance(value, tuple) else ("[", "]")
        parts = [_show(v, depth + 1) for v in value[:_MAX_ITEMS]]
        if len(value) > _MAX_ITEMS:
            parts.append(f"... and {len(value) - _MAX_ITEMS} more")
        if isinstance(value, tuple) and len(value) == 1:
            parts[0] += ","
        return open_ + ", ".join(parts) + close
    if isinstance(value, frozenset | set):
        return _show(sorted(value, key=repr), depth)
    text = repr(value)
    if len(text) <= _MAX_TEXT:
        return text
    name = type(value).__name__
    if text.startswith(name + "("):
        return f"{name}(...)"
    return text[: _MAX_TEXT - 3] + "..."


def _key(key: Any) -> str:
    return key if isinstance(key, str) else _show(key, 2)


def show_value(value: Any) -> str:
    """Return the compact text :func:`compact_repr` uses for one field value.

    Parameters
    ----------
    value : object

    Returns
    -------
    str

    Examples
    --------
    >>> show_value({"a": 0.1 + 0.2, "b": (1, 2)})
    '{a: 0.3, b: (1, 2)}'
    """
    return _show(value, 0)


def compact_repr(
    obj: Any,
    *,
    depth: int = 0,
    override: Mapping[str, str] | None = None,
    extra: Mapping[str, str] | None = None,
) -> str:
    """Return ``ClassName(field=value, ...)`` with numbers rounded and containers summarised.

    Floats print with four significant digits, mappings as ``{name: value,
    ...}`` (at most four items, then ``... and N more``), sequences likewise,
    and arrays as ``<array SHAPE DTYPE: first values, ...>``.

    Parameters
    ----------
    obj : dataclass instance
    depth : int
        Nesting level (nested dataclasses beyond one level print as ``Name(...)``).
    override : mapping of str to str, optional
        Text to show instead of the compact form of some fields, by field name.
    extra : mapping of str to str, optional
        Derived values appended as ``name=text`` after the fields.

    Returns
    -------
    str

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class R:
    ...     x: np.ndarray
    ...     w: float
    ...     shares: dict
    >>> compact_repr(R(np.zeros((2000, 25)), 0.44999999999999996, {"A": 1 / 3, "B": 2 / 3}))
    'R(x=<array 2000x25 float64: 0, 0, 0, 0, ...>, w=0.45, shares={A: 0.3333, B: 0.6667})'
    """
    fields = [f for f in dataclasses.fields(obj) if f.repr]
    override = override or {}
    parts = [
        f"{f.name}={override[f.name] if f.name in override else _show(getattr(obj, f.name), depth)}"
        for f in fields
    ]
    parts += [f"{name}={text}" for name, text in (extra or {}).items()]
    return f"{type(obj).__name__}({', '.join(parts)})"


def frame_html(obj: Any, *, rows: int = 20) -> str:
    """Return an HTML table of ``obj.to_frame()`` (first ``rows`` rows), for ``_repr_html_``.

    Parameters
    ----------
    obj : object with a ``to_frame()`` method returning a pandas DataFrame
    rows : int
        At most this many rows are shown; a caption says how many there are.

    Returns
    -------
    str
        A ``<table>`` with numbers to four significant digits, preceded by the
        result's type name and size.

    Examples
    --------
    >>> import pandas as pd
    >>> class T:
    ...     def to_frame(self):
    ...         return pd.DataFrame({"x": [0.1 + 0.2, 2.0]})
    >>> "<table" in frame_html(T()) and "0.3<" in frame_html(T())
    True
    """
    frame = obj.to_frame()
    n = len(frame)
    shown = f"first {rows} of {n:,} rows" if n > rows else f"{n:,} rows"
    head = f"<p><b>{html.escape(type(obj).__name__)}</b> ({shown})</p>"
    body: str = frame.head(rows).to_html(float_format=lambda x: fmt_number(x), na_rep="")
    return head + body
