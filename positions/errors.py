"""Readable validation errors: every problem with its path and the bad value.

A pydantic location such as ``('positions', 3, 'salience')`` becomes
``positions[RUS/territory].salience`` by looking up the ids of list items in the
raw data, so an error reads::

    scenario.yaml: positions[RUS/territory].salience: 1.4 is above 1
"""

from __future__ import annotations

import reprlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

__all__ = [
    "MAX_SHOWN",
    "Problem",
    "ScenarioError",
    "problems_from_validation_error",
    "short_repr",
    "short_text",
    "unknown_id",
]

MAX_SHOWN = 50
"""How many problems the text of a :class:`ScenarioError` shows (then "and N more")."""
_MAX_MESSAGE = 1000
_MAX_PATH = 200


class _Short(reprlib.Repr):
    """A repr that never builds more than it shows (strings, containers, depth)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.maxstring = max(limit, 8)
        self.maxother = max(limit, 8)
        self.maxlevel = 3
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = self.maxfrozenset = 6
        self.maxlong = 40

    def repr_str(self, x: str, level: int) -> str:
        if len(x) <= self.maxstring:
            return repr(x)
        keep = max((self.maxstring - 9) // 2, 1)
        return repr(x[:keep]) + "..." + repr(x[-keep:])


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def short_repr(value: Any, limit: int = 80) -> str:
    """Return ``repr(value)`` shortened to about ``limit`` characters, without building it whole.

    Long strings and large or deeply nested containers are cut before their
    repr is built, so a 5 MB quote or a value that YAML aliases made huge
    costs no more than a short one.

    Parameters
    ----------
    value : Any
    limit : int, default 80
        The most characters returned.

    Returns
    -------
    str

    Examples
    --------
    >>> short_repr("x" * 1000, 20)
    "'xxxxx'...'xxxxx'"
    >>> short_repr([[1] * 1000] * 1000)
    '[[1, 1, 1, 1, 1, 1, ...], [1, 1, 1, 1, 1, 1, ...], [1, 1, 1, 1, 1, 1, ...], [...'
    """
    try:
        text = _Short(limit).repr(value)
    except Exception:  # a broken __repr__ of a user object
        text = f"<{type(value).__name__}>"
    return _cut(text, limit)


def short_text(text: Any, limit: int = 80) -> str:
    """Return ``str(text)`` cut to at most ``limit`` characters (``...`` marks the cut).

    Examples
    --------
    >>> short_text("a" * 100, 10)
    'aaaaaaa...'
    """
    if not isinstance(text, str):
        return short_repr(text, limit)
    return _cut(text, limit)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario.

    Attributes
    ----------
    path : str
        Where, e.g. ``"positions[RUS/territory].salience"`` (empty for the whole file).
    message : str
        What is wrong, naming the bad value.
    """

    path: str
    message: str

    def __post_init__(self) -> None:
        # A safety net: no single problem prints more than about 1,200 characters.
        if len(self.path) > _MAX_PATH:
            object.__setattr__(self, "path", _cut(self.path, _MAX_PATH))
        if len(self.message) > _MAX_MESSAGE:
            object.__setattr__(self, "message", _cut(self.message, _MAX_MESSAGE))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ScenarioError(ValueError):
    """A scenario (or a file meant to hold one) is not valid.

    Attributes
    ----------
    problems : tuple of Problem
        Every problem found, each with its path.
    file : str or None
        The file concerned, when there is one.

    Notes
    -----
    The text of the error (``str(err)``) shows at most :data:`MAX_SHOWN`
    problems, then how many more there are; each problem's path and message
    are shortened when they are very long, and so is the file name.
    :attr:`problems` keeps them all.

    Examples
    --------
    >>> problem = Problem("actors[RUS].name", "required field is missing")
    >>> err = ScenarioError([problem], file="s.yaml")
    >>> print(err)
    s.yaml: actors[RUS].name: required field is missing
    """

    def __init__(self, problems: Iterable[Problem], *, file: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.file = file
        super().__init__(str(self))

    def with_file(self, file: str) -> ScenarioError:
        """Return the same error attributed to ``file``."""
        return ScenarioError(self.problems, file=file)

    def __str__(self) -> str:
        prefix = f"{_cut(self.file, _MAX_PATH)}: " if self.file else ""
        lines = [f"{prefix}{problem}" for problem in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            more = len(self.problems) - MAX_SHOWN
            lines.append(f"{prefix}... and {more} more problem{'s' if more > 1 else ''}")
        return "\n".join(lines)


def _label(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    if isinstance(item.get("id"), str):
        return str(item["id"])
    actor, issue = item.get("actor"), item.get("issue")
    if isinstance(actor, str) and isinstance(issue, str):
        return f"{actor}/{issue}"
    if isinstance(actor, str):
        return actor
    return None


def _path(loc: Sequence[int | str], data: Any) -> str:
    out = ""
    node = data
    for seg in loc:
        if isinstance(seg, int):
            is_seq = isinstance(node, list | tuple)
            label = _label(node[seg]) if is_seq and seg < len(node) else None
            out += f"[{label if label is not None else seg}]"
            node = node[seg] if is_seq and seg < len(node) else None
        elif isinstance(node, dict) and seg in node:
            out += f".{seg}" if out else str(seg)
            node = node[seg]
        elif isinstance(node, dict) and node.get("dist") == seg:
            continue  # the tag of a discriminated union adds nothing for the reader
        elif seg.startswith(("function-", "tagged-union", "union[")):
            continue
        else:
            out += f".{seg}" if out else str(seg)
            node = None
    return out


def _show(value: Any) -> str:
    return short_repr(value, 80)


def _message(err: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "value_error":
        cause = ctx.get("error")
        return str(cause) if cause is not None else err["msg"]
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return (
            f"{_show(value)} is above {bound}"
            if kind == "less_than_equal"
            else (f"{_show(value)} must be below {bound}")
        )
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return (
            f"{_show(value)} is below {bound}"
            if kind == "greater_than_equal"
            else (f"{_show(value)} must be above {bound}")
        )
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field (value {_show(value)})"
    if kind == "literal_error":
        return f"{_show(value)} is not one of {ctx.get('expected')}"
    if kind == "union_tag_invalid":
        return (
            f"unknown distribution {short_repr(ctx.get('tag'), 40)}; "
            f"expected one of {ctx.get('expected_tags')}"
        )
    if kind == "union_tag_not_found":
        return "a distribution needs a 'dist' field (uniform, triangular, truncnormal, ...)"
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} is not a valid identifier (pattern {ctx.get('pattern')})"
    if kind == "too_short":
        least = ctx.get("min_length")
        return f"needs at least {least} item{'s' if least != 1 else ''} (got {_show(value)})"
    if kind == "finite_number":
        return f"{_show(value)} is not a finite number"
    msg = str(err["msg"])
    return f"{msg} (got {_show(value)})"


def _follows_from_items(err: Any) -> bool:
    """Tell whether ``err`` is a list too short only because some of its items failed.

    Pydantic counts the items that validated: a list of one bad actor is
    reported as "at least 1 item ... not 0" besides the actor's own error.
    """
    value, ctx = err.get("input"), err.get("ctx") or {}
    return (
        err["type"] == "too_short"
        and isinstance(value, list | tuple)
        and len(value) >= ctx.get("min_length", 0)
    )


def problems_from_validation_error(exc: ValidationError, data: Any) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into :class:`Problem` items.

    Parameters
    ----------
    exc : pydantic.ValidationError
        The error raised while validating ``data``.
    data : Any
        The raw data that was validated, used to name list items by id.

    Returns
    -------
    list of Problem
        One per error; problems raised by cross-reference checks keep their own paths.
        A list reported too short only because some of its items failed adds
        nothing to those items' own errors and is left out.
    """
    problems: list[Problem] = []
    for err in exc.errors():
        if _follows_from_items(err):
            continue
        cause = (err.get("ctx") or {}).get("error")
        base = _path(err["loc"], data)
        if isinstance(cause, ScenarioError):
            for problem in cause.problems:
                path = ".".join(p for p in (base, problem.path) if p)
                problems.append(Problem(path, problem.message))
            continue
        problems.append(Problem(base, _message(err)))
    return problems


def unknown_id(kind: str, value: str, known: Collection[str]) -> str:
    """Return the message for an id that names nothing declared, with the ids that exist.

    Examples
    --------
    >>> unknown_id("actor", "XYZ", {"RUS", "EUR"})
    "unknown actor 'XYZ' (known: EUR, RUS)"
    """
    names = sorted(known)
    choices = ", ".join(short_text(k, 40) for k in names[:30]) or "none declared"
    if len(names) > 30:
        choices += f", and {len(names) - 30} more"
    return f"unknown {kind} {short_repr(value, 60)} (known: {choices})"
