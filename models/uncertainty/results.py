r"""The result of a Monte Carlo run: its draws, its outputs and their estimates.

:class:`MonteCarloResult` holds what :func:`models.monte_carlo` computed, the
draws :math:`x^{(r)}` (or the design that regenerates them) and the outputs
:math:`g(x^{(r)})`, and summarises them with the estimators of
:mod:`models.uncertainty.estimates`: means with their central-limit
intervals, probabilities of events with Wilson (1927) intervals, quantiles
with order-statistic intervals (Conover 1999), frequencies of discrete
outputs and the convergence of a running estimate. Its plots draw an
output's histogram or its empirical CDF with the Dvoretzky-Kiefer-Wolfowitz
band

.. math::

    \sup_x |\hat F_N(x) - F(x)| \le \varepsilon = \sqrt{\frac{\ln(2/\alpha)}{2N}}

with probability at least :math:`1 - \alpha` (Massart 1990).

References
----------
.. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and
   statistical inference. *JASA*, 22(158), 209-212.
.. [2] Conover, W. J. (1999). *Practical Nonparametric Statistics*, 3rd ed.
   Wiley.
.. [3] Dvoretzky, A., Kiefer, J. and Wolfowitz, J. (1956); Massart, P.
   (1990). The tight constant in the Dvoretzky-Kiefer-Wolfowitz inequality.
   *Annals of Probability*, 18(3), 1269-1283 (the ECDF band of the plots).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_int, check_real, param_error
from models._repr import frame_html
from models.uncertainty.estimates import (
    Convergence,
    MCEstimate,
    mean_estimate,
    probability_estimate,
    quantile_estimate,
    running_estimate,
    wilson_interval,
)
from models.uncertainty.inputs import UncertainInputs
from models.uncertainty.samplers import Design

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["EventLike", "MonteCarloResult"]


def _level(level: Any, func: str) -> float:
    return check_real(level, "level", func, low=0, high=1, low_open=True, high_open=True)


EventLike = str | ArrayLike | Callable[[Mapping[str, NDArray[Any]]], ArrayLike]
"""An event: a boolean output's name, a boolean array, or a function of the values by name."""


@dataclass(frozen=True, slots=True, eq=False)
class MonteCarloResult:
    """The draws and outputs of :func:`models.monte_carlo`, with summaries.

    Attributes
    ----------
    inputs : UncertainInputs
        The declaration the draws come from.
    draws : ndarray of shape (n_draws, n_inputs) or None
        The draws (None when not kept; see :meth:`input_values`).
    outputs : mapping of str to ndarray of shape (n_draws,)
        The model's outputs, by name.
    n_draws : int
    sampler : str
    seed : int
        The root seed: ``monte_carlo(..., rng=seed)`` reproduces the run.
    chunk_size : int
    design : Design
        What fixes the draws (:mod:`models.uncertainty.samplers`):
        :meth:`input_values` regenerates them from it.
    """

    _repr_html_ = frame_html

    inputs: UncertainInputs
    draws: NDArray[np.float64] | None
    outputs: Mapping[str, NDArray[Any]]
    n_draws: int
    sampler: str
    seed: int
    chunk_size: int
    design: Design = field(repr=False)

    @property
    def input_names(self) -> tuple[str, ...]:
        """The inputs' names, in column order."""
        return self.inputs.names

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs' names."""
        return tuple(self.outputs)

    def __repr__(self) -> str:
        return (f"MonteCarloResult(n_draws={self.n_draws:,}, sampler={self.sampler!r}, "
                f"seed={self.seed}, inputs={self.inputs.n_inputs}, "
                f"outputs={list(self.outputs)[:6]}{'...' if len(self.outputs) > 6 else ''})")

    def input_values(self) -> NDArray[np.float64]:
        """Return the draws, regenerating them from the seed if they were not kept.

        Returns
        -------
        ndarray of shape (n_draws, n_inputs)
        """
        if self.draws is not None:
            return self.draws
        return self.inputs.transform(self.design.uniforms(0, self.n_draws))

    def _output(self, name: str, func: str) -> NDArray[Any]:
        if name not in self.outputs:
            raise param_error("output", func, f"one of the outputs ({', '.join(self.outputs)})",
                              repr(name))
        return self.outputs[name]

    def _event(self, event: EventLike, func: str) -> tuple[str, NDArray[np.bool_]]:
        if isinstance(event, str):
            arr = self._output(event, func)
            if arr.dtype != bool:
                raise param_error("event", func, "a boolean output, a boolean array or a callable",
                                  f"the {arr.dtype} output {event!r}")
            return event, arr
        if callable(event):
            values = dict(self.outputs) | dict(zip(self.input_names, self.input_values().T,
                                                   strict=True))
            name = getattr(event, "__name__", "event")
            arr = np.asarray(event(values))
        else:
            name, arr = "event", np.asarray(event)
        if arr.dtype != bool or arr.shape != (self.n_draws,):
            raise param_error("event", func, f"booleans of shape (n_draws,) = ({self.n_draws},)",
                              f"an array of dtype {arr.dtype} and shape {arr.shape}")
        return name, arr

    def to_frame(self) -> pd.DataFrame:
        """Return one row per draw: the draw index, the inputs and the outputs.

        Categorical inputs appear as their labels.

        Returns
        -------
        pandas.DataFrame
            Columns ``draw``, the input names, the output names.
        """
        import pandas as pd

        data: dict[str, Any] = {"draw": np.arange(self.n_draws)}
        values = self.input_values()
        for j, x in enumerate(self.inputs.inputs):
            cats = x.categories
            col = values[:, j]
            data[x.name] = (pd.Categorical.from_codes(col.astype(np.int64),
                                                      categories=pd.Index(list(cats)))
                            if cats is not None else col)
        data |= {k: v for k, v in self.outputs.items() if k not in data}
        return pd.DataFrame(data)

    def mean(self, output: str, *, level: float = 0.95) -> MCEstimate:
        """Estimate an output's mean (over its finite values), with a CLT interval.

        For a boolean output, the probability (Wilson interval).

        Parameters
        ----------
        output : str
        level : float
            Confidence level in (0, 1).

        Returns
        -------
        MCEstimate

        Raises
        ------
        ValueError
            If the output is unknown or ``level`` is not in (0, 1).
        """
        func = "MonteCarloResult.mean"
        level = _level(level, func)
        return mean_estimate(output, self._output(output, func), level=level)

    def probability(
        self, event: EventLike, *, level: float = 0.95,
        method: Literal["wilson", "normal"] = "wilson",
    ) -> MCEstimate:
        """Estimate the probability of an event, with a Wilson (or normal) interval.

        Parameters
        ----------
        event : str, array_like of bool or callable
            A boolean output's name (``"zopa"``), a boolean array of shape
            ``(n_draws,)``, or a function of the mapping of outputs and
            inputs by name returning one (e.g.
            ``lambda v: v["nash.utility.RUS"] > 0.5``).
        level : float
            Confidence level in (0, 1).
        method : {'wilson', 'normal'}
            The Wilson score interval (default) or the normal (Wald) one.

        Returns
        -------
        MCEstimate

        Raises
        ------
        ValueError
            If the event is not boolean of the right shape, or an argument is invalid.

        References
        ----------
        .. [1] Wilson, E. B. (1927). *JASA*, 22(158), 209-212.
        .. [2] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). *Statistical
           Science*, 16(2), 101-133.
        """
        func = "MonteCarloResult.probability"
        level = _level(level, func)
        if method not in ("wilson", "normal"):
            raise param_error("method", func, "one of 'wilson', 'normal'", repr(method))
        name, arr = self._event(event, func)
        return probability_estimate(name, arr, level=level, method=method)

    def quantile(self, output: str, q: float, *, level: float = 0.95) -> MCEstimate:
        r"""Estimate a quantile of an output with a distribution-free interval.

        The interval runs between the order statistics of ranks
        :math:`l = F^{-1}_{B}(\alpha/2)` and :math:`u = F^{-1}_{B}(1 - \alpha/2) + 1`
        of the binomial :math:`B(n, q)` (Conover 1999, sec. 3.2).

        Parameters
        ----------
        output : str
        q : float
            In [0, 1].
        level : float
            Confidence level in (0, 1).

        Returns
        -------
        MCEstimate

        Raises
        ------
        ValueError
            If the output is unknown or an argument is out of range.
        """
        func = "MonteCarloResult.quantile"
        level = _level(level, func)
        q = check_real(q, "q", func, low=0, high=1)
        return quantile_estimate(output, self._output(output, func), q, level=level)

    def summary(
        self, outputs: Sequence[str] | None = None, *, level: float = 0.95,
        quantiles: Sequence[float] = (0.05, 0.5, 0.95),
    ) -> pd.DataFrame:
        """Summarise outputs: mean (or probability), standard error, interval, quantiles.

        Parameters
        ----------
        outputs : sequence of str, optional
            Default: every output.
        level : float
            Confidence level in (0, 1).
        quantiles : sequence of float
            Quantiles to report, each in [0, 1].

        Returns
        -------
        pandas.DataFrame
            One row per output: ``output, statistic, estimate, se, ci_low,
            ci_high, n`` and one column ``q<quantile>`` per quantile.

        Raises
        ------
        ValueError
            If an output is unknown or an argument is out of range.
        """
        import pandas as pd

        func = "MonteCarloResult.summary"
        level = _level(level, func)
        qs = [check_real(q, "quantiles", func, low=0, high=1) for q in quantiles]
        rows = []
        for name in (self.output_names if outputs is None else outputs):
            x = self._output(name, func)
            est = mean_estimate(name, x, level=level)
            row: dict[str, Any] = {"output": name, "statistic": est.statistic,
                                   "estimate": est.estimate, "se": est.se,
                                   "ci_low": est.ci_low, "ci_high": est.ci_high, "n": est.n}
            finite = np.asarray(x, dtype=float)
            finite = finite[np.isfinite(finite)]
            for q in qs:
                row[f"q{q:g}"] = float(np.quantile(finite, q)) if finite.size else math.nan
            rows.append(row)
        return pd.DataFrame(rows)

    def frequencies(self, output: str, *, level: float = 0.95) -> pd.DataFrame:
        """Return how often each value of a discrete output occurs, with Wilson intervals.

        Parameters
        ----------
        output : str
            E.g. ``"nash.outcome"``.
        level : float
            Confidence level in (0, 1).

        Returns
        -------
        pandas.DataFrame
            Columns ``value, count, probability, ci_low, ci_high``, most frequent first.

        Raises
        ------
        ValueError
            If the output is unknown or ``level`` is out of range.
        """
        import pandas as pd

        func = "MonteCarloResult.frequencies"
        level = _level(level, func)
        values, counts = np.unique(self._output(output, func), return_counts=True)
        lo, hi = wilson_interval(counts, np.full(counts.shape, self.n_draws), level=level)
        order = np.argsort(-counts, kind="stable")
        return pd.DataFrame({
            "value": values[order], "count": counts[order],
            "probability": counts[order] / self.n_draws, "ci_low": lo[order],
            "ci_high": hi[order],
        })

    def convergence(
        self, output: EventLike, *, level: float = 0.95, tol: float = 0.01, n_points: int = 50,
    ) -> Convergence:
        """Return the running estimate and its error against the number of draws.

        The mean of a numeric output (over the first ``n`` draws, finite
        values only) with its normal interval, or the probability of a
        boolean output or event with its Wilson interval, at ``n_points``
        geometrically spaced numbers of draws.

        Parameters
        ----------
        output : str, array_like of bool or callable
            An output's name, or an event as in :meth:`probability`.
        level : float
            Confidence level in (0, 1).
        tol : float
            The interval half-width wanted (> 0): ``converged`` tells whether
            the final one is at most this.
        n_points : int
            Checkpoints (>= 2).

        Returns
        -------
        Convergence

        Raises
        ------
        ValueError
            If the output is unknown or an argument is out of range.
        """
        func = "MonteCarloResult.convergence"
        level = _level(level, func)
        tol = check_real(tol, "tol", func, low=0, low_open=True)
        n_points = check_int(n_points, "n_points", func, low=2)
        if isinstance(output, str) and output in self.outputs and (
                self.outputs[output].dtype != bool):
            name, x = output, np.asarray(self.outputs[output], dtype=float)
        else:
            name, x = self._event(output, func)
        return running_estimate(name, x, level=level, tol=tol, n_points=n_points)

    def plot(
        self, ax: Axes | None = None, *, output: str | None = None,
        kind: Literal["hist", "ecdf"] = "hist", **kwargs: Any,
    ) -> Axes:
        """Draw an output's distribution; see :func:`models.plotting.plot_monte_carlo`."""
        from models.plotting.uncertainty import plot_monte_carlo

        return plot_monte_carlo(self, ax=ax, output=output, kind=kind, **kwargs)

