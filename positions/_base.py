"""Shared building blocks of the ``positions`` data model.

Every model in :mod:`positions` derives from :class:`StrictModel`: it is frozen
(immutable and hashable), forbids unknown fields and refuses NaN and infinite
numbers, so a scenario that loads is a scenario that means what it says.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

from positions.errors import short_repr

__all__ = ["Flag", "Id", "Integer", "Number", "StrictModel", "Text"]

Id = Annotated[
    str,
    StringConstraints(
        strip_whitespace=False, min_length=1, max_length=80, pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$"
    ),
]
"""An identifier: a letter, then letters, digits, ``_``, ``.`` or ``-`` (at most 80)."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty piece of prose (surrounding white space is stripped)."""


def _not_bool_or_text(value: Any, kind: str) -> None:
    if isinstance(value, bool):
        raise ValueError(
            f"{value} is a boolean, not {kind} (YAML reads yes, no, on, off, true and false "
            "as booleans)"
        )
    if isinstance(value, str | bytes):
        raise ValueError(f"{short_repr(value, 40)} is text, not {kind}: write it without quotes")


def _number(value: Any) -> Any:
    _not_bool_or_text(value, "a number")
    return value


def _integer(value: Any) -> Any:
    _not_bool_or_text(value, "an integer")
    return value


def _flag(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError(f"{short_repr(value, 40)} is not true or false")
    return value


Number = Annotated[float, BeforeValidator(_number)]
"""A float that is given as a number: a boolean (``yes``) or a text (``"0.9"``) is refused."""
Integer = Annotated[int, BeforeValidator(_integer)]
"""An int that is given as a number: a boolean or a text (``"2025"``) is refused."""
Flag = Annotated[bool, BeforeValidator(_flag)]
"""A bool given as ``true`` or ``false``: no ``1``, ``"yes"`` or ``"maybe"``."""


class StrictModel(BaseModel):
    """Base class: frozen, no unknown fields, no NaN or infinite numbers.

    Examples
    --------
    >>> class Point(StrictModel):
    ...     x: float
    >>> Point(x=1.0).x
    1.0
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        validate_default=True,
        str_strip_whitespace=False,
    )
