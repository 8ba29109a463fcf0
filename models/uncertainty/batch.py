r"""A scenario's arrays for a batch of draws: :class:`ScenarioBatch`.

:func:`models.scenario_arrays` gives one scenario's numbers as arrays (ideal
points :math:`y_{ik}`, saliences :math:`s_{ik}`, acceptable ranges
:math:`[l_{ik}, h_{ik}]`, capabilities :math:`c_i`, the status quo
:math:`q_k`, disagreement utilities :math:`d_i`). A batch gives them a
leading draw axis, one row per draw :math:`r`: :math:`y^{(r)}_{ik}`,
:math:`s^{(r)}_{ik}`... It is built by
:meth:`models.uncertainty.UncertainInputs.apply`, with the drawn inputs in
place of their point values and the constraints applied, and is what the
Monte Carlo adapters of each family read.

Where the scenario gives no disagreement utility, the disagreement point of
actor :math:`i` is its utility of the status quo outcome under the additive,
salience-weighted spatial utility of :mod:`models.outcomes` (Enelow and
Hinich 1984),

.. math::

    d^{(r)}_i = 1 - \frac{\sum_k s^{(r)}_{ik} \left(|q^{(r)}_k - y^{(r)}_{ik}| / R_k\right)^p}
    {\sum_k s^{(r)}_{ik}},

with :math:`R_k` the width of issue :math:`k`'s scale and :math:`p = 1`
(linear loss) or 2 (quadratic).

References
----------
.. [1] Enelow, J. M. and Hinich, M. J. (1984). *The Spatial Theory of Voting:
   An Introduction*. Cambridge University Press.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from models._checks import param_error
from models._repr import compact_repr, frame_html
from models.outcomes.utilities import Loss

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ScenarioBatch"]


@dataclass(frozen=True, slots=True, eq=False)
class ScenarioBatch:
    """A scenario's arrays for a batch of draws: :class:`models.ScenarioArrays` with a sample axis.

    Built by :meth:`UncertainInputs.apply`, constraints applied.

    Attributes
    ----------
    actor_ids, issue_ids : tuple of str
        The parties and the issues, in the order of :func:`models.scenario_arrays`.
    ideals, saliences : ndarray of shape (n_draws, n_actors, n_issues)
    acceptable_low, acceptable_high : ndarray of shape (n_draws, n_actors, n_issues)
    has_position : ndarray of bool, shape (n_actors, n_issues)
    capabilities : ndarray of shape (n_draws, n_actors)
    status_quo : ndarray of shape (n_draws, n_issues)
    disagreement : ndarray of shape (n_draws, n_actors)
        NaN where the scenario gives none.
    scale_low, scale_high : ndarray of shape (n_issues,)
    values : mapping of str to ndarray of shape (n_draws,)
        The drawn inputs by name, as given.
    point_values : mapping of str to float
        Every estimate's point value by path (and each declared input's).
    n_draws : int
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    ideals: NDArray[np.float64]
    saliences: NDArray[np.float64]
    acceptable_low: NDArray[np.float64]
    acceptable_high: NDArray[np.float64]
    has_position: NDArray[np.bool_]
    capabilities: NDArray[np.float64]
    status_quo: NDArray[np.float64]
    disagreement: NDArray[np.float64]
    scale_low: NDArray[np.float64]
    scale_high: NDArray[np.float64]
    values: Mapping[str, NDArray[Any]]
    point_values: Mapping[str, float]
    n_draws: int

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actor_ids)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issue_ids)

    def value(self, name: str) -> NDArray[np.float64]:
        """Return an input's draws, or its point value repeated when it was not drawn.

        Parameters
        ----------
        name : str
            A path (``parameters[war_cost_RUS].value``) or a free name.

        Returns
        -------
        ndarray of shape (n_draws,)

        Raises
        ------
        KeyError
            If the name is neither drawn nor a path of the scenario.
        """
        if name in self.values:
            return np.asarray(self.values[name], dtype=float)
        if name in self.point_values:
            return np.full(self.n_draws, float(self.point_values[name]))
        raise KeyError(f"no input or scenario estimate {name!r}")

    def disagreement_point(self, *, loss: Loss = "linear") -> NDArray[np.float64]:
        r"""Return the disagreement point of every draw.

        The scenario's (drawn) disagreement utility where it gives one; for
        the other actors, the utility of the (drawn) status quo outcome,
        :math:`1 - \sum_k s_{ik} (|q_k - y_{ik}| / R_k)^p / \sum_k s_{ik}`, as
        :meth:`models.ScenarioArrays.disagreement_point` does for one draw.

        Parameters
        ----------
        loss : {'linear', 'quadratic'}

        Returns
        -------
        ndarray of shape (n_draws, n_actors)

        Raises
        ------
        ValueError
            If ``loss`` is unknown.
        """
        given = ~np.isnan(self.disagreement)
        if given.all():
            return self.disagreement.copy()
        if loss not in ("linear", "quadratic"):
            raise param_error("loss", "ScenarioBatch.disagreement_point",
                              "one of 'linear', 'quadratic'", repr(loss))
        p = 1 if loss == "linear" else 2
        span = self.scale_high - self.scale_low
        dist = np.abs(self.status_quo[:, None, :] - self.ideals) / span
        total = self.saliences.sum(axis=-1)
        lost = (self.saliences * dist**p).sum(axis=-1) / np.where(total > 0, total, 1.0)
        return np.asarray(np.where(given, self.disagreement, 1.0 - lost), dtype=float)

    def to_frame(self) -> pd.DataFrame:
        """Return the positions in long form: one row per draw x actor x issue.

        Returns
        -------
        pandas.DataFrame
            Columns ``draw, actor, issue, has_position, ideal, salience,
            acceptable_low, acceptable_high, capability``.
        """
        import pandas as pd

        n, a, k = self.ideals.shape
        d, i, j = np.indices((n, a, k)).reshape(3, -1)
        return pd.DataFrame({
            "draw": d,
            "actor": np.asarray(self.actor_ids, dtype=object)[i],
            "issue": np.asarray(self.issue_ids, dtype=object)[j],
            "has_position": self.has_position[i, j],
            "ideal": self.ideals.reshape(-1),
            "salience": self.saliences.reshape(-1),
            "acceptable_low": self.acceptable_low.reshape(-1),
            "acceptable_high": self.acceptable_high.reshape(-1),
            "capability": self.capabilities[d, i],
        })
