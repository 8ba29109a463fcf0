"""The sanctions threat game as a Monte Carlo model (:class:`ThreatModel`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models.uncertainty.inputs import UncertainInputs

if TYPE_CHECKING:
    pass

from models.sweeps.registry import SweepModel
from models.uncertainty._adapt import belief_path, draw_columns, require_scenario

__all__ = [
    "ThreatModel",
]


def _threat_paths() -> dict[str, str]:
    """Return the threat game's inputs read from scenario parameters, as paths."""
    from models.games.threat import _FROM_SCENARIO

    return {name: f"parameters[{pid}].value" for name, pid in _FROM_SCENARIO.items()}


_THREAT_FREE = ("war_gain_rus", "audience_cost_usa", "ceasefire_value_usa", "p_rus",
                "ceasefire_share_rus", "war_cost_rus", "sanctions_cost_usa",
                "sanctions_cost_rus", "discount_usa", "discount_rus")


@dataclass(frozen=True, slots=True, eq=False)
class ThreatModel:
    r"""The US sanctions threat (:func:`models.threat_credibility`) as a Monte Carlo model.

    Each input of :func:`models.games.threat_parameters` is taken, per draw, from
    a free input of the same name if one is declared (``audience_cost_usa``,
    ``ceasefire_value_usa``, ``war_gain_rus``...), else from its scenario
    path if drawn: ``p_rus`` from Russia's belief about
    ``four_regions_2025``, ``war_cost_rus``, ``sanctions_cost_usa``,
    ``sanctions_cost_rus``, ``discount_usa``, ``discount_rus`` and
    ``audience_cost_usa`` from the parameters the threat game reads
    (:func:`models.games.threat_parameters`), ``ceasefire_share_rus`` from the ``territory``
    status quo
    rescaled to [0, 1]; otherwise the scenario's point value or the default.

    Parameters
    ----------
    inputs : UncertainInputs

    Attributes
    ----------
    output_names : tuple of str
        ``credible``, ``deters``, ``threatens``, ``ceasefire`` (booleans),
        ``region`` (0-3, see :class:`models.ThreatCredibility`),
        ``credibility_margin`` and ``deterrence_margin``.

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
    ...                    inputs={"audience_cost_usa": Uniform(low=0, high=0.2)})
    >>> res = monte_carlo(ThreatModel(inputs), inputs, 1000, rng=0, progress=False)
    >>> 0 < res.probability("credible").estimate < 1
    True
    """

    inputs: UncertainInputs

    def __post_init__(self) -> None:
        require_scenario(self.inputs, "ThreatModel")

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        return ("credible", "deters", "threatens", "ceasefire", "region", "credibility_margin",
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
        scenario = self.inputs.scenario
        params: dict[str, NDArray[np.float64]] = {}
        for name in _THREAT_FREE:
            if name in cols:
                params[name] = np.asarray(cols[name], dtype=float)
        paths = _threat_paths()
        for name, path in paths.items():
            if name not in params and path in cols:
                params[name] = batch.value(path)
        if "p_rus" not in params:
            path = belief_path(self.inputs, "RUS", "four_regions_2025", "ThreatModel")
            if path in cols:
                params["p_rus"] = batch.value(path)
        if "ceasefire_share_rus" not in params and "territory" in batch.issue_ids:
            k = batch.issue_ids.index("territory")
            if "issues[territory].status_quo" in cols:
                lo, hi = batch.scale_low[k], batch.scale_high[k]
                params["ceasefire_share_rus"] = (batch.status_quo[:, k] - lo) / (hi - lo)
        if not params:
            params["war_cost_rus"] = batch.value(paths["war_cost_rus"])
        res = threat_credibility(scenario, **params)  # type: ignore[arg-type]
        shape = (n,)
        return {
            "credible": np.broadcast_to(res.credible, shape).copy(),
            "deters": np.broadcast_to(res.deters, shape).copy(),
            "threatens": np.broadcast_to(res.threatens, shape).copy(),
            "ceasefire": np.broadcast_to(res.ceasefire, shape).copy(),
            "region": np.broadcast_to(res.region, shape).astype(np.int64),
            "credibility_margin": np.broadcast_to(res.credibility_margin, shape).astype(float),
            "deterrence_margin": np.broadcast_to(res.deterrence_margin, shape).astype(float),
        }


SWEEP_MODELS = (
    SweepModel.declare("threat", ThreatModel, free_inputs=_THREAT_FREE,
                       description="credibility and deterrence of the US sanctions threat"),
)
"""This family's entries in the registry of Monte Carlo models (``sweep_models()``)."""
