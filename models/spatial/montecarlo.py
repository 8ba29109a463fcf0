"""The static forecasts and KTAB's SMP as Monte Carlo models.

:class:`ForecastModel` (weighted mean, weighted median and Condorcet winner per
issue) and :class:`SMPModel` (KTAB's Spatial Model of Politics, final positions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_int
from models.uncertainty.inputs import UncertainInputs

if TYPE_CHECKING:
    pass

from models.sweeps.registry import SweepModel
from models.uncertainty._adapt import draw_columns, require_scenario

__all__ = [
    "ForecastModel",
    "SMPModel",
]


@dataclass(frozen=True, slots=True, eq=False)
class ForecastModel:
    r"""The static forecasts of every issue as a Monte Carlo model.

    For each draw and issue :math:`k`, over the parties with a position on it
    (as in :func:`models.bargain`): the capability-and-salience weighted mean
    :math:`\sum_i c_i s_{ik} y_{ik} / \sum_i c_i s_{ik}`, the weighted median
    (Black 1948) and the Condorcet winner among the issue's options
    (:func:`models.spatial.weighted_mean`, ``weighted_median`` and
    ``condorcet_winner``, batched over the draws). An issue on which no party
    with a position has positive weight gets NaN.

    Parameters
    ----------
    inputs : UncertainInputs

    Attributes
    ----------
    output_names : tuple of str
        ``mean.<issue>``, ``median.<issue>`` and ``condorcet.<issue>`` (NaN
        where there is no Condorcet winner).

    References
    ----------
    .. [1] Black, D. (1948). On the rationale of group decision-making.
       *Journal of Political Economy*, 56(1), 23-34.
    .. [2] Bueno de Mesquita, B. (1994). Political forecasting: an expected
       utility method. In *European Community Decision Making*, Yale
       University Press, 71-104.

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"))
    >>> res = monte_carlo(ForecastModel(inputs), inputs, 500, rng=0, progress=False)
    >>> 0 < res.mean("mean.territory").estimate < 100
    True
    """

    inputs: UncertainInputs

    def __post_init__(self) -> None:
        require_scenario(self.inputs, "ForecastModel")

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        arrays = self.inputs.arrays
        issues = arrays.issue_ids if arrays is not None else ()
        return tuple(f"{kind}.{k}" for kind in ("mean", "median", "condorcet") for k in issues)

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values``; see :class:`BargainingModel`.

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)

        Returns
        -------
        dict of str to ndarray of shape (n,)
        """
        from models.spatial.static import condorcet_winner, weighted_mean, weighted_median

        cols, n = draw_columns(self.inputs, values, "ForecastModel")
        batch = self.inputs.apply(cols)
        scenario = self.inputs.scenario
        out: dict[str, NDArray[Any]] = {}
        for kind in ("mean", "median", "condorcet"):
            for k in batch.issue_ids:
                out[f"{kind}.{k}"] = np.full(n, np.nan)
        for j, k in enumerate(batch.issue_ids):
            has = batch.has_position[:, j]
            if not has.any():
                continue
            x = batch.ideals[:, has, j]
            s = batch.saliences[:, has, j]
            c = batch.capabilities[:, has]
            rows = np.flatnonzero((s * c).sum(axis=1) > 0)
            if rows.size == 0:
                continue
            x, s, c = x[rows], s[rows], c[rows]
            out[f"mean.{k}"][rows] = weighted_mean(x, s, c)
            out[f"median.{k}"][rows] = weighted_median(x, s, c)
            options = scenario.issue(k).option_values() if scenario is not None else ()
            candidates = np.asarray(options) if options else None
            out[f"condorcet.{k}"][rows] = condorcet_winner(x, s, c, candidates=candidates)
        return out


@dataclass(frozen=True, slots=True, eq=False)
class SMPModel:
    r"""KTAB's Spatial Model of Politics (:func:`models.spatial.smp_batch`) as a Monte Carlo model.

    Every draw's parties start at their (drawn, clipped) ideal points, with
    their drawn capabilities and their saliences divided by their sum (KTAB
    needs each actor's saliences to sum to at most 1), on every issue mapped
    to the common scale [0, 100]; the outputs are the final positions on the
    issues' own scales.

    Parameters
    ----------
    inputs : UncertainInputs
    params : SMPParams, optional
        The SMP's options (default: KTAB's).
    max_rounds : int

    Attributes
    ----------
    output_names : tuple of str
        ``smp.<actor>.<issue>`` (final positions), ``smp.mean.<issue>``
        (their capability x salience weighted mean), ``smp.num_iter``,
        ``smp.converged``.

    References
    ----------
    .. [1] KAPSARC, KTAB, https://github.com/KAPSARC/KTAB; see :func:`models.spatial.smp`.

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"),
    ...                    include="positions[RUS/*].salience")
    >>> res = monte_carlo(SMPModel(inputs, max_rounds=5), inputs, 4, rng=0, progress=False)
    >>> res.outputs["smp.RUS.territory"].shape
    (4,)
    """

    inputs: UncertainInputs
    params: Any = None
    max_rounds: int = 100

    def __post_init__(self) -> None:
        require_scenario(self.inputs, "SMPModel")
        check_int(self.max_rounds, "max_rounds", "SMPModel", low=1)
        arrays = self.inputs.arrays
        if arrays is not None:  # one run's history must fit, before any draw
            from models.spatial.smp import check_history

            check_history(1, len(arrays.actor_ids), len(arrays.issue_ids), self.max_rounds,
                          "SMPModel")

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        arrays = self.inputs.arrays
        if arrays is None:  # pragma: no cover
            return ()
        names = [f"smp.{a}.{k}" for a in arrays.actor_ids for k in arrays.issue_ids]
        names += [f"smp.mean.{k}" for k in arrays.issue_ids]
        return (*names, "smp.num_iter", "smp.converged")

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values``; see :class:`BargainingModel`.

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)

        Returns
        -------
        dict of str to ndarray of shape (n,)
        """
        from models.spatial.smp import MAX_HISTORY_BYTES, history_bytes, smp_batch

        cols, _ = draw_columns(self.inputs, values, "SMPModel")
        batch = self.inputs.apply(cols)
        lo, span = batch.scale_low, batch.scale_high - batch.scale_low
        pos = np.clip((batch.ideals - lo) / span * 100.0, 0.0, 100.0)
        sal = batch.saliences
        total = sal.sum(axis=-1, keepdims=True)
        sal = sal / np.where(total > 0, total, 1.0) / (1.0 + 1e-12)
        # the round-by-round history of a block of draws must fit in MAX_HISTORY_BYTES
        n_rows, n_act, n_dim = pos.shape
        block = max(1, MAX_HISTORY_BYTES // 2 // history_bytes(1, n_act, n_dim, self.max_rounds))
        finals, num_iter, converged = [], [], []
        for s in range(0, n_rows, block):
            res = smp_batch(pos[s:s + block], sal[s:s + block],
                            batch.capabilities[s:s + block], params=self.params,
                            max_rounds=self.max_rounds, scale=(0.0, 100.0),
                            actor_names=batch.actor_ids, dimension_names=batch.issue_ids)
            finals.append(res.final_positions)
            num_iter.append(np.asarray(res.num_iter))
            converged.append(np.asarray(res.converged))
        final = np.concatenate(finals) / 100.0 * span + lo
        out: dict[str, NDArray[Any]] = {}
        for i, a in enumerate(batch.actor_ids):
            for k, issue in enumerate(batch.issue_ids):
                out[f"smp.{a}.{issue}"] = final[:, i, k]
        weight = batch.capabilities[:, :, None] * batch.saliences
        wsum = weight.sum(axis=1)
        mean = (weight * final).sum(axis=1) / np.where(wsum > 0, wsum, 1.0)
        for k, issue in enumerate(batch.issue_ids):
            out[f"smp.mean.{issue}"] = mean[:, k]
        out["smp.num_iter"] = np.concatenate(num_iter).astype(np.int64)
        out["smp.converged"] = np.concatenate(converged).astype(bool)
        return out


SWEEP_MODELS = (
    SweepModel.declare("smp", SMPModel,
                       description="KTAB's Spatial Model of Politics, final positions"),
)
"""This family's entries in the registry of Monte Carlo models (``sweep_models()``)."""
