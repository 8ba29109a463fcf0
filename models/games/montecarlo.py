"""A scenario's threat game as a Monte Carlo model (:class:`ThreatModel`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._roles import role_belief, threat_role, war_role
from models.games.threat import THREAT_INPUTS, role_parameters
from models.sweeps.registry import SweepModel
from models.uncertainty._adapt import draw_columns, require_scenario
from models.uncertainty.inputs import UncertainInputs

__all__ = [
    "ThreatModel",
]


@dataclass(frozen=True, slots=True, eq=False)
class ThreatModel:
    r"""A scenario's threat game (:func:`models.threat_credibility`) as a Monte Carlo model.

    Each input of :func:`models.games.threat_parameters` is taken, per draw,
    from a free input of the same name if one is declared (``audience_cost``,
    ``compliance_value_threatener``, ``war_gain_target``...), else from its
    scenario path if drawn: ``p_target`` from the target's belief about the
    proposition of the threat role's war, ``war_cost_target``,
    ``threat_cost_threatener``, ``threat_cost_target``, ``audience_cost``,
    ``discount_threatener`` and ``discount_target`` from the parameters the
    threat role names, ``compliance_share_target`` from the status quo of its
    ``stakes_issue`` rescaled to [0, 1]; otherwise the scenario's point value
    or the default.

    Parameters
    ----------
    inputs : UncertainInputs
    threat : str, optional
        The id of a threat role of the scenario; default the first one.

    Attributes
    ----------
    output_names : tuple of str
        ``credible``, ``deters``, ``threatens``, ``complies`` (booleans),
        ``region`` (0-3, see :class:`models.ThreatCredibility`),
        ``credibility_margin`` and ``deterrence_margin``.

    Raises
    ------
    ValueError
        If the scenario declares no threat role (or none with id ``threat``).

    References
    ----------
    .. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
    .. [2] Fearon, J. D. (1994). Domestic political audiences and the escalation
       of international disputes. *American Political Science Review*, 88(3), 577-592.

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> from positions import Uniform
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"), include="parameters[*]",
    ...                    inputs={"audience_cost": Uniform(low=0, high=0.2)})
    >>> res = monte_carlo(ThreatModel(inputs), inputs, 1000, rng=0, progress=False)
    >>> 0 < res.probability("credible").estimate < 1
    True
    """

    inputs: UncertainInputs
    threat: str | None = None
    _paths: Mapping[str, str] = field(init=False, repr=False)
    _stakes: str | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        func = "ThreatModel"
        inputs = require_scenario(self.inputs, func)
        scenario = inputs.scenario
        if scenario is None:  # pragma: no cover
            raise ValueError("no scenario")
        role = threat_role(scenario, self.threat, func)
        war = war_role(scenario, role.war, func)
        paths = {name: f"parameters[{pid}].value"
                 for name, pid in role_parameters(scenario, role, func).items()}
        belief = role_belief(scenario, war.side_a, war.proposition, f"roles.wars[{war.id}].side_a")
        paths["p_target"] = f"beliefs[{belief.id}].probability"
        object.__setattr__(self, "_paths", paths)
        object.__setattr__(self, "_stakes", role.stakes_issue)

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        return ("credible", "deters", "threatens", "complies", "region", "credibility_margin",
                "deterrence_margin")

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values``; see :class:`BargainingModel`.

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)

        Returns
        -------
        dict of str to ndarray of shape (n,)
        """
        from models.games.threat import threat_credibility

        cols, n = draw_columns(self.inputs, values, "ThreatModel")
        batch = self.inputs.apply(cols)
        params: dict[str, NDArray[np.float64]] = {
            name: np.asarray(cols[name], dtype=float) for name in THREAT_INPUTS if name in cols
        }
        for name, path in self._paths.items():
            if name not in params and path in cols:
                params[name] = batch.value(path)
        stakes = self._stakes
        if ("compliance_share_target" not in params and stakes is not None
                and f"issues[{stakes}].status_quo" in cols):
            k = batch.issue_ids.index(stakes)
            lo, hi = batch.scale_low[k], batch.scale_high[k]
            params["compliance_share_target"] = (batch.status_quo[:, k] - lo) / (hi - lo)
        if not params:
            params["war_cost_target"] = batch.value(self._paths["war_cost_target"])
        res = threat_credibility(self.inputs.scenario, self.threat,
                                 **params)  # type: ignore[arg-type]
        shape = (n,)
        return {
            "credible": np.broadcast_to(res.credible, shape).copy(),
            "deters": np.broadcast_to(res.deters, shape).copy(),
            "threatens": np.broadcast_to(res.threatens, shape).copy(),
            "complies": np.broadcast_to(res.complies, shape).copy(),
            "region": np.broadcast_to(res.region, shape).astype(np.int64),
            "credibility_margin": np.broadcast_to(res.credibility_margin, shape).astype(float),
            "deterrence_margin": np.broadcast_to(res.deterrence_margin, shape).astype(float),
        }


SWEEP_MODELS = (
    SweepModel.declare("threat", ThreatModel, free_inputs=THREAT_INPUTS,
                       description="credibility and deterrence of the scenario's threat"),
)
"""This family's entries in the registry of Monte Carlo models (``sweep_models()``)."""
