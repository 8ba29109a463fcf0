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

from models._roles import role_belief, war_role, war_view
from models.sweeps.registry import SweepModel
from models.uncertainty._adapt import draw_columns, require_scenario

__all__ = [
    "WarModel",
]


@dataclass(frozen=True, slots=True, eq=False)
class WarModel:
    r"""Fearon's bargaining range and the mutual-optimism verdict as a Monte Carlo model.

    The mapping of :func:`models.war_bargaining` (without the learning
    simulation), evaluated for every draw with :func:`models.war.bargaining_range`
    and :func:`models.war.mutual_optimism`: from the scenario's war role,
    :math:`p_A` is ``side_a``'s belief about ``proposition``, :math:`p_B` the
    belief of ``side_b_view`` (default ``side_b``), the common :math:`p` the
    parameter ``common_p`` (else :math:`p_B`), the costs the parameters
    ``cost_a`` and ``cost_b``; with ``shift`` the role's ``shift`` parameter is
    added to every win probability (clipped to 1). Inputs not drawn keep their
    point values.

    Parameters
    ----------
    inputs : UncertainInputs
    war : str, optional
        The id of a war role of the scenario; default the first one.
    side_b_view : str, optional
        A what-if holder whose belief stands for side B's view.
    shift : bool, default False
        As in :func:`models.war_bargaining`.

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
        If the scenario declares no war role, a view holds no belief about
        the proposition, or ``shift`` is asked of a role without one.

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
    war: str | None = None
    side_b_view: str | None = None
    shift: bool = False
    _paths: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        func = "WarModel"
        inputs = require_scenario(self.inputs, func)
        scenario = inputs.scenario
        if scenario is None:  # pragma: no cover
            raise ValueError("no scenario")
        role = war_role(scenario, self.war, func)
        where = f"roles.wars[{role.id}]"
        view = war_view(role, self.side_b_view, func)
        p_a = f"beliefs[{role_belief(scenario, role.side_a, role.proposition, where).id}]"
        p_b = f"beliefs[{role_belief(scenario, view, role.proposition, where).id}]"
        p_a, p_b = f"{p_a}.probability", f"{p_b}.probability"
        costs = [f"parameters[{pid}].value" for pid in (role.cost_a, role.cost_b)]
        p = p_b if role.common_p is None else f"parameters[{role.common_p}].value"
        effect = ""
        if self.shift:
            if role.shift is None:
                raise param_error("shift", func,
                                  f"False for {where}, which declares no shift parameter",
                                  "True")
            effect = f"parameters[{role.shift}].value"
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
