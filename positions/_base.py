"""Shared building blocks of the ``positions`` data model.

Every model in :mod:`positions` derives from :class:`StrictModel`: it is frozen
(immutable and hashable), forbids unknown fields and refuses NaN and infinite
numbers, so a scenario that loads is a scenario that means what it says.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = ["Id", "StrictModel", "Text"]

Id = Annotated[
    str,
    StringConstraints(
        strip_whitespace=False, min_length=1, max_length=80, pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$"
    ),
]
"""An identifier: a letter, then letters, digits, ``_``, ``.`` or ``-`` (at most 80)."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty piece of prose (surrounding white space is stripped)."""


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
