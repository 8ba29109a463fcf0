"""Checks of a sweep spec against its model: names, option types, distribution kinds.

What :func:`models.sweeps.plan.resolve` checks beyond the structure, so that
no spec runs and gives silently wrong numbers:

* **Input names.** An ``inputs`` entry is a scenario path (with brackets) of
  an estimate of the scenario, or a free input the model declares
  (:attr:`SweepModel.free_inputs`); a misspelt name is an error with a
  did-you-mean (:func:`difflib.get_close_matches`), never an input nobody
  reads. A model whose entry declares no free inputs and needs no scenario
  (a model of free inputs only, or a factory passed from Python) reads names
  stances cannot know, so its free names are taken as written.
* **Distribution kinds.** Scenario estimates and the free inputs a model
  declares are numbers, so a ``categorical`` distribution (labels) on one is
  an error: it would draw the category index 0, 1, ... A ``discrete``
  distribution lists numbers and is the one for a number with a few values.
* **Inputs against the grid.** A path (or a declared free input) both in
  ``inputs`` and in the grid is an error: the grid fixes it at every point,
  so the distribution would be silently dropped. (A model of free inputs
  only learns its names from ``inputs``, so there a swept free input is
  declared in ``inputs`` too.)
* **Option types.** Each option, and each swept value of an option, is
  checked against the factory's annotation when it is ``bool``, ``int`` or
  ``float`` (possibly ``| None``): booleans are only ``true``/``false`` (not
  ``"maybe"``, ``"yes"`` or 1), integers are not booleans or strings.
"""

from __future__ import annotations

import difflib
import inspect
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from positions import Categorical, Problem

__all__ = ["check_inputs", "check_option_types", "short", "suggest"]

_SHOWN = 60


def short(value: Any, limit: int = _SHOWN) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters, without building a huge repr first.

    Examples
    --------
    >>> short("x" * 1000, 12)
    "'xxxxxxxx..."
    >>> short([1, 2])
    '[1, 2]'
    """
    if isinstance(value, str | bytes) and len(value) > limit:
        value = value[: limit + 1]
    elif isinstance(value, list | tuple) and len(value) > limit:
        value = type(value)(value[:limit])
    elif isinstance(value, Mapping) and len(value) > limit:
        value = dict(list(value.items())[:limit])
    try:
        text = repr(value)
    except RecursionError:  # pragma: no cover - a deeply nested structure
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def suggest(name: str, choices: Sequence[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""``.

    Examples
    --------
    >>> suggest("audiance_cost", ["audience_cost", "war_gain_target"])
    "; did you mean 'audience_cost'?"
    """
    close = difflib.get_close_matches(name[:200], list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _strict_free(entry: Any, from_python: bool) -> bool:
    """Whether the entry's declared free inputs are all it reads."""
    return not from_python and (bool(entry.free_inputs) or entry.needs_scenario)


def check_inputs(spec: Any, entry: Any, known: Mapping[str, Any], swept: Sequence[str],
                 problems: list[Problem], *, from_python: bool) -> None:
    """Check the names and kinds of ``spec.inputs``; append a problem for each fault.

    Parameters
    ----------
    spec : SweepSpec
    entry : SweepModel
    known : mapping of str to Estimate
        The scenario's estimates by path (empty without a scenario).
    swept : sequence of str
        The grid's parameters.
    problems : list of positions.Problem
        Appended to.
    from_python : bool
        Whether the model is a factory passed from Python (its free inputs
        are not declared).
    """
    strict = _strict_free(entry, from_python)
    free = tuple(entry.free_inputs)
    for name, dist in spec.inputs.items():
        where = f"inputs.{name}"
        if "[" in name:
            if name in swept:
                problems.append(Problem(where, f"{short(name)} is also swept in the grid, "
                                               "which fixes it at every point; remove one"))
            numeric = True
        elif strict and name not in free:
            problems.append(Problem(where, (
                f"unknown input {short(name)}: not a scenario path (paths have brackets, "
                f"e.g. 'parameters[<id>].value') nor a free input of model {entry.name!r} "
                f"({', '.join(free) or 'none'})") + suggest(name, free)))
            continue
        else:
            numeric = name in free
        if name in swept and "[" not in name and strict:
            problems.append(Problem(where, f"{short(name)} is also swept in the grid, which "
                                           "fixes it at every point; remove one"))
        if numeric and isinstance(dist, Categorical):
            problems.append(Problem(where + ".dist", (
                f"'categorical' draws labels, but {short(name)} is a number; use 'discrete' "
                "(values and weights) for a number with a few possible values")))


# ------------------------------------------------------------------ option types
def _annotations(factory: Callable[..., Any]) -> dict[str, Any]:
    """Return the evaluated annotation of each keyword parameter of the factory (or {})."""
    target = factory
    partial_kw: Mapping[str, Any] = {}
    func = getattr(factory, "func", None)
    if func is not None and hasattr(factory, "keywords"):  # functools.partial
        target, partial_kw = func, factory.keywords
    try:
        sig = inspect.signature(target, eval_str=True)
    except (TypeError, ValueError, NameError, SyntaxError):
        return {}
    return {name: p.annotation for name, p in sig.parameters.items()
            if p.annotation is not inspect.Parameter.empty and name not in partial_kw}


def _scalar_kind(annotation: Any) -> tuple[type, bool] | None:
    """Return ``(bool|int|float, allows None)`` for such an annotation, else None."""
    args: tuple[Any, ...] = (annotation,)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
    none = type(None) in args
    kinds = [a for a in args if a is not type(None)]
    if len(kinds) == 1 and kinds[0] in (bool, int, float):
        return kinds[0], none
    return None


def _type_error(value: Any, kind: type, none: bool) -> str | None:
    if value is None:
        return None if none else f"must be {kind.__name__}, got null"
    if kind is bool:
        ok = isinstance(value, bool)
        want = "true or false"
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        want = "an integer"
    else:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        want = "a number"
    if ok:
        return None
    return f"must be {want}{' or null' if none else ''}, got {short(value)}"


def check_option_types(entry: Any, options: Mapping[str, Any],
                       swept: Mapping[str, Sequence[Any]], where: Mapping[str, str],
                       problems: list[Problem]) -> None:
    """Check options and swept option values against the factory's bool/int/float annotations.

    Parameters
    ----------
    entry : SweepModel
    options : mapping of str to object
        The spec's ``options``.
    swept : mapping of str to sequence
        Each swept option's values.
    where : mapping of str to str
        Each swept option's place in the spec (``grid.product.shift``).
    problems : list of positions.Problem
        Appended to.

    Examples
    --------
    >>> from models.sweeps import sweep_models
    >>> found = []
    >>> check_option_types(sweep_models()["war"], {"shift": "maybe"}, {}, {}, found)
    >>> print(found[0])
    options.shift: must be true or false, got 'maybe'
    """
    hints = _annotations(entry.factory)
    for name, value in options.items():
        kind = _scalar_kind(hints.get(name))
        message = None if kind is None else _type_error(value, *kind)
        if message:
            problems.append(Problem(f"options.{name}", message))
    for name, values in swept.items():
        kind = _scalar_kind(hints.get(name))
        if kind is None:
            continue
        for i, value in enumerate(values):
            message = _type_error(value, *kind)
            if message:
                problems.append(Problem(f"{where.get(name, name)}[{i}]", message))
                break
