"""Fearon's bargaining range and mutual optimism as a Monte Carlo model (:class:`WarModel`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import param_error
from models.uncertainty.inputs import UncertainInputs

if TYPE_CHECKING:
    pass

from models.sweeps.registry import SweepModel
from models.uncertainty._adapt import belief_path, draw_columns, require_scenario

__all__ = [
    "WarModel",
]


@dataclass(frozen=True, slots=True, eq=False)
class WarModel:
    r"""Fearon's bargaining range and the mutual-optimism verdict as a Monte Carlo model.

    The mapping of :func:`models.war_bargaining` (without the learning
    simulation), evaluated for every draw with :func:`models.war.bargaining_range`
    and :func:`models.war.mutual_optimism`: :math:`p_A` is ``side_a``'s belief
    about ``proposition``, :math:`p_B` the ``analyst``'s, the common :math:`p`
    the parameter ``p_russia_prevails`` (else :math:`p_B`), the costs the
    parameters ``war_cost_<side>``; with ``cut_support`` the parameter
    ``arms_cutoff_effect`` is added to every win probability (clipped to 1).
    Inputs not drawn keep their point values.

    Parameters
    ----------
    inputs : UncertainInputs
    analyst, side_a, side_b, proposition : str
        As in :func:`models.war_bargaining`.
    cut_support : bool

    Attributes
    ----------
    output_names : tuple of str
        ``range_exists`` (the static range is non-empty), ``range_low``,
        ``range_high``, ``range_width``, ``optimism`` (:math:`p_A - p_B`),
        ``optimism_range_exists`` (a split both prefer to war exists when
        they disagree: :math:`p_A - p_B \le c_A + c_B`), ``mutual_optimism``
        (its negation).

    Raises
    ------
    ValueError
        If the scenario lacks a belief or a war cost.

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414.

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"),
    ...                    include=["beliefs[*four_regions]*", "parameters[*]"])
    >>> res = monte_carlo(WarModel(inputs), inputs, 1000, rng=0, progress=False)
    >>> res.probability("mutual_optimism").estimate > 0.5
    True
    """

    inputs: UncertainInputs
    analyst: str = "BARRY"
    side_a: str = "RUS"
    side_b: str = "UKR"
    proposition: str = "four_regions_2025"
    cut_support: bool = False
    _paths: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        func = "WarModel"
        inputs = require_scenario(self.inputs, func)
        scenario = inputs.scenario
        if scenario is None:  # pragma: no cover
            raise ValueError("no scenario")
        params = {p.id for p in scenario.parameters}
        p_a = belief_path(inputs, self.side_a, self.proposition, func)
        p_b = belief_path(inputs, self.analyst, self.proposition, func)
        costs = []
        for side, name in ((self.side_a, "side_a"), (self.side_b, "side_b")):
            if f"war_cost_{side}" not in params:
                raise param_error(name, func, f"an actor with a parameter 'war_cost_{side}'",
                                  repr(side))
            costs.append(f"parameters[war_cost_{side}].value")
        p = ("parameters[p_russia_prevails].value"
             if "p_russia_prevails" in params and self.side_a == "RUS" else p_b)
        effect = ""
        if self.cut_support:
            if "arms_cutoff_effect" not in params:
                raise param_error("cut_support", func,
                                  "False for a scenario without 'arms_cutoff_effect'", "True")
            effect = "parameters[arms_cutoff_effect].value"
        object.__setattr__(self, "_paths", (p, p_a, p_b, costs[0], costs[1], effect))

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        return ("range_exists", "range_low", "range_high", "range_width", "optimism",
                "optimism_range_exists", "mutual_optimism")

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values``; see :class:`BargainingModel`.

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)

        Returns
        -------
        dict of str to ndarray of shape (n,)
        """
        from models.war.fearon import bargaining_range, mutual_optimism

        cols, n = draw_columns(self.inputs, values, "WarModel")
        batch = self.inputs.apply(cols)
        p_path, pa_path, pb_path, ca_path, cb_path, effect_path = self._paths
        effect = batch.value(effect_path) if effect_path else np.zeros(n)
        p, p_a, p_b = (np.minimum(batch.value(x) + effect, 1.0)
                       for x in (p_path, pa_path, pb_path))
        c_a, c_b = batch.value(ca_path), batch.value(cb_path)
        static = bargaining_range(p, c_a, c_b)
        opt = mutual_optimism(p_a, p_b, c_a, c_b)
        return {
            "range_exists": np.asarray(static.nonempty, dtype=bool),
            "range_low": static.low, "range_high": static.high, "range_width": static.width,
            "optimism": np.asarray(p_a - p_b, dtype=float),
            "optimism_range_exists": np.asarray(opt.nonempty, dtype=bool),
            "mutual_optimism": ~np.asarray(opt.nonempty, dtype=bool),
        }


SWEEP_MODELS = (
    SweepModel.declare("war", WarModel,
                       description="Fearon's bargaining range and mutual optimism"),
)
"""This family's entries in the registry of Monte Carlo models (``sweep_models()``)."""
