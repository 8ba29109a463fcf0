"""Shared checks of the Monte Carlo adapters of each family."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from numpy.typing import ArrayLike, NDArray

from models._checks import param_error
from models.uncertainty.inputs import UncertainInputs

if TYPE_CHECKING:
    pass



def _require_scenario(inputs: Any, func: str) -> UncertainInputs:
    if not isinstance(inputs, UncertainInputs):
        raise TypeError(f"The 'inputs' parameter of {func} must be an UncertainInputs (from "
                        f"models.uncertain). Got {type(inputs).__name__} instead.")
    if inputs._arrays is None or inputs.scenario is None:
        raise param_error("inputs", func, "a declaration over a scenario with parties and "
                          "issues", "a declaration without one")
    return inputs


def _columns(inputs: UncertainInputs, values: Mapping[str, ArrayLike], func: str) -> tuple[
        dict[str, NDArray[Any]], int]:
    if not isinstance(values, Mapping) or not values:
        raise param_error("values", func, "a non-empty mapping from input name to array",
                          repr(values)[:60])
    unknown = [k for k in values if k not in inputs.names]
    if unknown:
        raise param_error("values", func, "a mapping over the declared inputs",
                          f"the undeclared input {unknown[0]!r}")
    cols = inputs.columns(values)
    return cols, next(iter(cols.values())).shape[0]


def _belief_path(inputs: UncertainInputs, holder: str, proposition: str, func: str) -> str:
    scenario = inputs.scenario
    if scenario is None:  # pragma: no cover - _require_scenario checks
        raise ValueError("no scenario")
    for belief in scenario.beliefs_about(proposition):
        if belief.holder == holder:
            return f"beliefs[{belief.id}].probability"
    holders = sorted(b.holder for b in scenario.beliefs_about(proposition))
    raise param_error("holder", func, f"a holder of a belief about {proposition!r} {holders}",
                      repr(holder))
