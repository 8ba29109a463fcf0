"""Helpers shared by the graph-model modules."""

from __future__ import annotations

from typing import Any

__all__ = ["short_repr"]


def short_repr(value: Any) -> str:
    """Return ``repr(value)``, cut to 60 characters for an error message.

    Parameters
    ----------
    value : object

    Returns
    -------
    str

    Examples
    --------
    >>> short_repr("x" * 80)[-5:]
    'xx...'
    """
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
