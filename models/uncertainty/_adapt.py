"""Shared checks of the Monte Carlo adapters of each family (``models.<family>.montecarlo``).

An adapter is a model of the engine (a callable from a mapping of input name
to an array of shape ``(n,)`` to a mapping of output name to an array of
shape ``(n,)``) built over a declaration of a scenario's inputs. It reads its
draws through the public methods of
:class:`~models.uncertainty.UncertainInputs` only: :meth:`~models.uncertainty.UncertainInputs.apply`
(the scenario's arrays with a draw axis), :attr:`~models.uncertainty.UncertainInputs.arrays`
and :attr:`~models.uncertainty.UncertainInputs.targets`. These helpers hold the checks
every adapter repeats.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from numpy.typing import ArrayLike, NDArray

from models._checks import param_error
from models.uncertainty.inputs import UncertainInputs

__all__ = ["belief_path", "draw_columns", "require_scenario"]


def require_scenario(inputs: Any, func: str) -> UncertainInputs:
    """Return ``inputs`` if it declares inputs over a scenario with parties and issues.

    Parameters
    ----------
    inputs : object
        The adapter's ``inputs`` argument.
    func : str
        The adapter's name, for the error messages.

    Returns
    -------
    UncertainInputs

    Raises
    ------
    TypeError
        If ``inputs`` is not an :class:`~models.uncertainty.UncertainInputs`.
    ValueError
        If it has no scenario with parties and issues.
    """
    if not isinstance(inputs, UncertainInputs):
        raise TypeError(f"The 'inputs' parameter of {func} must be an UncertainInputs (from "
                        f"models.uncertain). Got {type(inputs).__name__} instead.")
    if inputs.arrays is None or inputs.scenario is None:
        raise param_error("inputs", func, "a declaration over a scenario with parties and "
                          "issues", "a declaration without one")
    return inputs


def draw_columns(inputs: UncertainInputs, values: Mapping[str, ArrayLike], func: str) -> tuple[
        dict[str, NDArray[Any]], int]:
    """Check a model's ``values`` against the declaration; return its columns and their length.

    Parameters
    ----------
    inputs : UncertainInputs
        The declaration.
    values : mapping of str to array_like of shape (n,)
        The draws a model received.
    func : str
        The adapter's name, for the error messages.

    Returns
    -------
    columns : dict of str to ndarray of shape (n,)
    n : int

    Raises
    ------
    ValueError
        If ``values`` is empty, names an undeclared input or has columns of
        different lengths.
    """
    if not isinstance(values, Mapping) or not values:
        raise param_error("values", func, "a non-empty mapping from input name to array",
                          repr(values)[:60])
    unknown = [k for k in values if k not in inputs.names]
    if unknown:
        raise param_error("values", func, "a mapping over the declared inputs",
                          f"the undeclared input {unknown[0]!r}")
    cols = inputs.columns(values)
    return cols, next(iter(cols.values())).shape[0]


def belief_path(inputs: UncertainInputs, holder: str, proposition: str, func: str) -> str:
    """Return the path of ``holder``'s belief about ``proposition`` in the declared scenario.

    Parameters
    ----------
    inputs : UncertainInputs
        A declaration over a scenario (:func:`require_scenario`).
    holder, proposition : str
        The belief's holder and proposition.
    func : str
        The adapter's name, for the error messages.

    Returns
    -------
    str
        ``beliefs[<id>].probability``.

    Raises
    ------
    ValueError
        If the scenario has no such belief.
    """
    scenario = inputs.scenario
    if scenario is None:  # pragma: no cover - require_scenario checks
        raise ValueError("no scenario")
    for belief in scenario.beliefs_about(proposition):
        if belief.holder == holder:
            return f"beliefs[{belief.id}].probability"
    holders = sorted(b.holder for b in scenario.beliefs_about(proposition))
    raise param_error("holder", func, f"a holder of a belief about {proposition!r} {holders}",
                      repr(holder))
