r"""A scenario's numbers as arrays: the one conversion from a scenario to the models.

:func:`scenario_arrays` reads a :class:`positions.Scenario` into arrays in a
fixed actor and issue order: ideal points :math:`y_{ik}`, saliences
:math:`s_{ik}` (0 where actor :math:`i` takes no position on issue :math:`k`),
capabilities :math:`c_i`, acceptable ranges :math:`[l_{ik}, h_{ik}]`, the
scales and the status quo :math:`q`. The disagreement point, the utility of
no deal, is

.. math::

    d_i = \begin{cases} \text{the scenario's value} & \text{where it gives one,} \\
    u_i(q) & \text{otherwise (the status quo's utility).} \end{cases}

References
----------
.. [1] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
   University Press (reservation values and the no-agreement alternative).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from models._checks import param_error
from models._repr import compact_repr
from models.outcomes.space import _readonly, _select_issues
from models.outcomes.utilities import Loss, utilities

if TYPE_CHECKING:
    import pandas as pd

    from positions import Scenario

__all__ = ["ScenarioArrays", "scenario_arrays"]


@dataclass(frozen=True, slots=True, eq=False)
class ScenarioArrays:
    """The numbers of a scenario as arrays, in a fixed actor and issue order.

    Actors are the scenario's parties in scenario order (or the order asked
    for), issues in scenario order (or the order asked for). Built by
    :func:`scenario_arrays`; every value is the point value of its
    :class:`positions.Estimate`.

    Attributes
    ----------
    actor_ids, issue_ids : tuple of str
    ideals : ndarray of shape (n_actors, n_issues)
        Ideal points; where an actor takes no position, the issue's status quo
        (it has salience 0 there, so the value does not matter).
    saliences : ndarray of shape (n_actors, n_issues)
        In [0, 1]; 0 where the actor takes no position.
    has_position : ndarray of bool, shape (n_actors, n_issues)
    capabilities : ndarray of shape (n_actors,)
    acceptable_low, acceptable_high : ndarray of shape (n_actors, n_issues)
        Each actor's acceptable range; the scale's ends where it is open or
        not given.
    scale_low, scale_high, status_quo : ndarray of shape (n_issues,)
    disagreement : ndarray of shape (n_actors,)
        The scenario's disagreement utilities, NaN where it gives none.
    """

    __repr__ = compact_repr

    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    ideals: NDArray[np.float64]
    saliences: NDArray[np.float64]
    has_position: NDArray[np.bool_]
    capabilities: NDArray[np.float64]
    acceptable_low: NDArray[np.float64]
    acceptable_high: NDArray[np.float64]
    scale_low: NDArray[np.float64]
    scale_high: NDArray[np.float64]
    status_quo: NDArray[np.float64]
    disagreement: NDArray[np.float64]

    def __post_init__(self) -> None:
        for name in (
            "ideals", "saliences", "has_position", "capabilities", "acceptable_low",
            "acceptable_high", "scale_low", "scale_high", "status_quo", "disagreement",
        ):
            object.__setattr__(self, name, _readonly(np.asarray(getattr(self, name))))

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actor_ids)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issue_ids)

    def status_quo_utilities(self, *, loss: Loss = "linear") -> NDArray[np.float64]:
        """Return each actor's utility of the status quo outcome.

        Parameters
        ----------
        loss : {'linear', 'quadratic'}

        Returns
        -------
        ndarray of shape (n_actors,)
        """
        point = self.status_quo[None, :]
        u = utilities(point, self.ideals, self.saliences, scale_low=self.scale_low,
                      scale_high=self.scale_high, loss=loss)
        return np.array(u[0], dtype=float)

    def disagreement_point(self, *, loss: Loss = "linear") -> NDArray[np.float64]:
        """Return the disagreement point: the scenario's value, else the status quo's utility.

        Where the scenario gives an actor's disagreement utility, that value is
        used; for the other actors, their utility of the status quo outcome
        (every issue at its status quo) under ``loss``.

        Parameters
        ----------
        loss : {'linear', 'quadratic'}

        Returns
        -------
        ndarray of shape (n_actors,)
        """
        given = ~np.isnan(self.disagreement)
        if given.all():
            return self.disagreement.copy()
        fallback = self.status_quo_utilities(loss=loss)
        return np.asarray(np.where(given, self.disagreement, fallback), dtype=float)

    def to_frame(self) -> pd.DataFrame:
        """Return the arrays as a tidy table, one row per actor x issue.

        Returns
        -------
        pandas.DataFrame
            Columns ``actor, issue, has_position, ideal, salience,
            acceptable_low, acceptable_high, capability``.
        """
        import pandas as pd

        a, k = np.indices((self.n_actors, self.n_issues)).reshape(2, -1)
        return pd.DataFrame({
            "actor": np.asarray(self.actor_ids, dtype=object)[a],
            "issue": np.asarray(self.issue_ids, dtype=object)[k],
            "has_position": self.has_position.reshape(-1),
            "ideal": self.ideals.reshape(-1),
            "salience": self.saliences.reshape(-1),
            "acceptable_low": self.acceptable_low.reshape(-1),
            "acceptable_high": self.acceptable_high.reshape(-1),
            "capability": self.capabilities[a],
        })


def _select_actors(scenario: Scenario, actors: Sequence[str] | None, func: str) -> list[str]:
    parties = [a.id for a in scenario.parties]
    if actors is None:
        if not parties:
            raise param_error("scenario", func, "a scenario with at least one party", "none")
        return parties
    if isinstance(actors, str):
        actors = [actors]
    chosen = list(actors)
    for ident in chosen:
        if ident not in parties:
            raise param_error(
                "actors", func, f"party ids of the scenario ({', '.join(parties)})", repr(ident)
            )
    if not chosen or len(set(chosen)) != len(chosen):
        raise param_error("actors", func, "a non-empty list of distinct party ids", repr(chosen))
    return chosen


def scenario_arrays(
    scenario: Scenario,
    *,
    actors: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    _func: str = "scenario_arrays",
) -> ScenarioArrays:
    """Extract a scenario's ideal points, saliences, capabilities and ranges as arrays.

    Parameters
    ----------
    scenario : positions.Scenario
    actors : sequence of str, optional
        Party ids, in the order wanted (default: every party, in scenario order).
    issues : sequence of str, optional
        Issue ids, in the order wanted (default: every issue, in scenario order).

    Returns
    -------
    ScenarioArrays

    Raises
    ------
    ValueError
        If an actor is not a party of the scenario, an issue is unknown, or an
        id repeats.

    Examples
    --------
    >>> import positions
    >>> arrays = scenario_arrays(positions.load("ukraine-ceasefire-2025-05"))
    >>> arrays.ideals.shape == (arrays.n_actors, arrays.n_issues)
    True
    """
    actor_ids = _select_actors(scenario, actors, _func)
    chosen = _select_issues(scenario, issues, _func)
    n_a, n_k = len(actor_ids), len(chosen)
    scale_low = np.array([i.scale.low for i in chosen])
    scale_high = np.array([i.scale.high for i in chosen])
    status_quo = np.array([i.status_quo.value for i in chosen])
    ideals = np.tile(status_quo, (n_a, 1))
    saliences = np.zeros((n_a, n_k))
    has = np.zeros((n_a, n_k), dtype=bool)
    low = np.tile(scale_low, (n_a, 1))
    high = np.tile(scale_high, (n_a, 1))
    row = {a: i for i, a in enumerate(actor_ids)}
    col = {issue.id: k for k, issue in enumerate(chosen)}
    for pos in scenario.positions:
        if pos.actor not in row or pos.issue not in col:
            continue
        i, k = row[pos.actor], col[pos.issue]
        ideals[i, k] = pos.ideal.value
        saliences[i, k] = pos.salience.value
        has[i, k] = True
        if pos.acceptable is not None:
            if pos.acceptable.low is not None:
                low[i, k] = pos.acceptable.low.value
            if pos.acceptable.high is not None:
                high[i, k] = pos.acceptable.high.value
    capabilities = np.array([
        float(c.value) if (c := scenario.actor(a).capability) is not None else 0.0
        for a in actor_ids
    ])
    disagreement = np.full(n_a, np.nan)
    for point in scenario.disagreement:
        if point.actor in row:
            disagreement[row[point.actor]] = point.utility.value
    return ScenarioArrays(
        tuple(actor_ids), tuple(i.id for i in chosen), ideals, saliences, has, capabilities,
        low, high, scale_low, scale_high, status_quo, disagreement,
    )
