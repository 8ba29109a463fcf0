"""Helpers shared by the graph-model modules."""

from __future__ import annotations

from typing import Any

from positions.errors import short_repr as _bounded_repr

__all__ = ["short_repr"]


def short_repr(value: Any) -> str:
    """Return ``repr(value)`` cut to about 60 characters for an error message.

    Built by :func:`positions.errors.short_repr`, so a huge value is cut before its
    repr is built.

    Parameters
    ----------
    value : object

    Returns
    -------
    str

    Examples
    --------
    >>> len(short_repr("x" * 80)) <= 60
    True
    """
    return _bounded_repr(value, 60)
