r"""Scenario discovery: the input box where an outcome of interest concentrates (PRIM).

Given draws :math:`x^{(r)} \in \mathbb R^d` and a mark :math:`y^{(r)} \in \{0, 1\}`
of the cases of interest (say, "a ZOPA exists"), the *Patient Rule
Induction Method* of Friedman and Fisher (1999) looks for a box
:math:`B = \prod_j [l_j, h_j]` that holds many cases (high *coverage*) and
few others (high *density*):

.. math::

    \text{coverage}(B) = \frac{\sum_{x^{(r)} \in B} y^{(r)}}{\sum_r y^{(r)}}, \qquad
    \text{density}(B) = \frac{\sum_{x^{(r)} \in B} y^{(r)}}{|\{r : x^{(r)} \in B\}|}, \qquad
    \text{mass}(B) = \frac{|\{r : x^{(r)} \in B\}|}{N}.

**Peeling.** Starting from the box of all the data, each step considers
removing, on every input :math:`j`, the points below the :math:`\alpha`
quantile of :math:`x_j` in the box, or above the :math:`1 - \alpha`
quantile, and makes the removal that leaves the highest density; it stops
when the next box would hold less than ``mass_min`` of the data, or the
density reaches 1. The boxes form the *peeling trajectory*, along which
coverage falls as density rises.

**Choice and pasting.** The chosen box is the one of highest coverage whose
density reaches ``threshold`` (else the densest). *Pasting* then extends it
one side at a time by an :math:`\alpha_{\mathrm{paste}}` share of the box's
points (those outside it on that side only) while that raises the density,
undoing peels that were too greedy (Friedman and Fisher 1999, sec. 5.2).
Scenario discovery reads the chosen box's restricted inputs as the
conditions under which the outcome occurs (Bryant and Lempert 2010).

References
----------
.. [1] Friedman, J. H. and Fisher, N. I. (1999). Bump hunting in
   high-dimensional data. *Statistics and Computing*, 9(2), 123-143.
.. [2] Bryant, B. P. and Lempert, R. J. (2010). Thinking inside the box: a
   participatory, computer-assisted approach to scenario discovery.
   *Technological Forecasting and Social Change*, 77(1), 34-49.
.. [3] Kwakkel, J. H. and Jaxa-Rozen, M. (2016). Improving scenario
   discovery for handling heterogeneous uncertainties and multinomial
   classified outcomes. *Environmental Modelling & Software*, 79, 311-321.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_real, param_error
from models._repr import compact_repr, frame_html

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["PrimResult", "prim"]


def _frozen(a: Any, dtype: Any = float) -> NDArray[Any]:
    arr = np.array(a, dtype=dtype)
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, slots=True)
class PrimResult:
    """The peeling trajectory of PRIM and the chosen box.

    Attributes
    ----------
    names : tuple of str
        The inputs.
    low, high : ndarray of shape (n_steps, n_inputs)
        Each box of the trajectory (step 0 is the box of all the data; a
        pasted box, if pasting changed the chosen one, is the last step).
    coverage, density, mass : ndarray of shape (n_steps,)
    n_points : ndarray of int, shape (n_steps,)
        Points in each box.
    kind : tuple of str
        ``'start'``, ``'peel'`` or ``'paste'`` for each step.
    chosen : int
        The step of the chosen box.
    data_low, data_high : ndarray of shape (n_inputs,)
        The limits of the data (an input is *restricted* where the box is narrower).
    n_cases, n : int
        Cases of interest and points in all.
    alpha, paste_alpha, mass_min, threshold : float
        The settings.
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    names: tuple[str, ...]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    coverage: NDArray[np.float64]
    density: NDArray[np.float64]
    mass: NDArray[np.float64]
    n_points: NDArray[np.int64]
    kind: tuple[str, ...]
    chosen: int
    data_low: NDArray[np.float64]
    data_high: NDArray[np.float64]
    n_cases: int
    n: int
    alpha: float
    paste_alpha: float
    mass_min: float
    threshold: float

    @property
    def n_steps(self) -> int:
        """Boxes in the trajectory."""
        return int(self.coverage.size)

    @property
    def box_low(self) -> NDArray[np.float64]:
        """Lower limits of the chosen box, ndarray of shape (n_inputs,)."""
        return np.asarray(self.low[self.chosen], dtype=float)

    @property
    def box_high(self) -> NDArray[np.float64]:
        """Upper limits of the chosen box, ndarray of shape (n_inputs,)."""
        return np.asarray(self.high[self.chosen], dtype=float)

    def restricted(self, step: int | None = None) -> tuple[str, ...]:
        """Return the inputs a box restricts (default: the chosen box).

        Parameters
        ----------
        step : int, optional

        Returns
        -------
        tuple of str
        """
        s = self._step(step)
        narrower = (self.low[s] > self.data_low) | (self.high[s] < self.data_high)
        return tuple(n for n, r in zip(self.names, narrower, strict=True) if r)

    def _step(self, step: int | None) -> int:
        if step is None:
            return self.chosen
        if not isinstance(step, int | np.integer) or not -self.n_steps <= step < self.n_steps:
            raise param_error("step", "PrimResult", f"a step index in [0, {self.n_steps})",
                              repr(step))
        return int(step) % self.n_steps

    def limits(self, step: int | None = None) -> pd.DataFrame:
        """Return a box's limits on the inputs it restricts (default: the chosen box).

        Parameters
        ----------
        step : int, optional

        Returns
        -------
        pandas.DataFrame
            Columns ``input, low, high, data_low, data_high``, one row per
            restricted input.

        Raises
        ------
        ValueError
            If ``step`` is out of range.
        """
        import pandas as pd

        s = self._step(step)
        rows = [{"input": name, "low": float(self.low[s, j]), "high": float(self.high[s, j]),
                 "data_low": float(self.data_low[j]), "data_high": float(self.data_high[j])}
                for j, name in enumerate(self.names)
                if self.low[s, j] > self.data_low[j] or self.high[s, j] < self.data_high[j]]
        return pd.DataFrame(rows, columns=["input", "low", "high", "data_low", "data_high"])

    def inside(self, x: ArrayLike, step: int | None = None) -> NDArray[np.bool_]:
        """Tell which points lie in a box (default: the chosen box).

        Parameters
        ----------
        x : array_like of shape (n, n_inputs)
        step : int, optional

        Returns
        -------
        ndarray of bool, shape (n,)

        Raises
        ------
        ValueError
            If ``x`` has the wrong shape or ``step`` is out of range.
        """
        s = self._step(step)
        d = len(self.names)
        arr = check_array(x, "x", "PrimResult.inside", ndim=2, shape=(d,), finite=False,
                          shape_text=f"(n, n_inputs) = (n, {d})")
        return np.asarray(((arr >= self.low[s]) & (arr <= self.high[s])).all(axis=1))

    def to_frame(self) -> pd.DataFrame:
        """Return the trajectory, one row per box.

        Returns
        -------
        pandas.DataFrame
            Columns ``step, kind, coverage, density, mass, n_points,
            n_restricted, chosen``.
        """
        import pandas as pd

        narrower = (self.low > self.data_low) | (self.high < self.data_high)
        return pd.DataFrame({
            "step": np.arange(self.n_steps), "kind": list(self.kind), "coverage": self.coverage,
            "density": self.density, "mass": self.mass, "n_points": self.n_points,
            "n_restricted": narrower.sum(axis=1), "chosen": np.arange(self.n_steps) == self.chosen,
        })

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the peeling trajectory (coverage against density).

        See :func:`models.plotting.plot_prim`.
        """
        from models.plotting.uncertainty import plot_prim

        return plot_prim(self, ax=ax, **kwargs)


def _stats(inbox: NDArray[np.bool_], y: NDArray[np.bool_], n_cases: int) -> tuple[float, ...]:
    count = int(inbox.sum())
    hits = int(np.count_nonzero(y & inbox))
    return hits / n_cases, (hits / count if count else 0.0), count / y.size, float(count)


def _peel_candidates(
    X: NDArray[np.float64], y: NDArray[np.bool_], inbox: NDArray[np.bool_], alpha: float,
    min_count: int,
) -> tuple[float, int, int, float] | None:
    """Find the best peel: (density, points removed, 2 * dimension + side, new limit)."""
    idx = np.flatnonzero(inbox)
    xs, ys = X[idx], y[idx]
    n_in = idx.size
    best: tuple[float, int, int, float] | None = None
    for j in range(X.shape[1]):
        col = xs[:, j]
        for side in (0, 1):
            q = np.quantile(col, alpha if side == 0 else 1 - alpha, method="lower" if side == 0
                            else "higher")
            keep = col >= q if side == 0 else col <= q
            if keep.all():
                keep = col > q if side == 0 else col < q
            kept = int(keep.sum())
            if kept == n_in or kept < min_count or kept == 0:
                continue
            density = float(np.count_nonzero(ys & keep)) / kept
            limit = float(col[keep].min() if side == 0 else col[keep].max())
            cand = (density, n_in - kept, 2 * j + side, limit)
            if best is None or density > best[0] or (density == best[0] and cand[1] < best[1]):
                best = cand
    return best


def _paste(
    X: NDArray[np.float64], y: NDArray[np.bool_], low: NDArray[np.float64],
    high: NDArray[np.float64], paste_alpha: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    low, high = low.copy(), high.copy()
    while True:
        inside = (X >= low) & (X <= high)
        inbox = inside.all(axis=1)
        n_in = int(inbox.sum())
        density = np.count_nonzero(y & inbox) / n_in
        step = max(1, int(np.ceil(paste_alpha * n_in)))
        best: tuple[float, int, float] | None = None
        outside_count = (~inside).sum(axis=1)
        for j in range(X.shape[1]):
            others = (outside_count == 0) | ((outside_count == 1) & ~inside[:, j])
            for side in (0, 1):
                cand = others & ((X[:, j] < low[j]) if side == 0 else (X[:, j] > high[j]))
                if not cand.any():
                    continue
                values = np.sort(X[cand, j])
                limit = float(values[-min(step, values.size)] if side == 0 else
                              values[min(step, values.size) - 1])
                added = cand & ((X[:, j] >= limit) if side == 0 else (X[:, j] <= limit))
                new = (n_in * density + np.count_nonzero(y & added)) / (n_in + added.sum())
                if new > density + 1e-12 and (best is None or new > best[0]):
                    best = (new, 2 * j + side, limit)
        if best is None:
            return low, high
        j, side = divmod(best[1], 2)
        if side == 0:
            low[j] = best[2]
        else:
            high[j] = best[2]


def prim(
    x: ArrayLike | pd.DataFrame,
    y: ArrayLike,
    *,
    names: Sequence[str] | None = None,
    alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
    threshold: float = 0.8,
    paste: bool = True,
) -> PrimResult:
    r"""Find the box of inputs where the cases of interest concentrate (PRIM).

    Parameters
    ----------
    x : array_like of shape (n, n_inputs) or pandas.DataFrame
        The inputs of each draw, e.g. ``result.input_values()`` of a
        :class:`models.MonteCarloResult` (numeric columns only).
    y : array_like of bool, shape (n,)
        Which draws are cases of interest (e.g. ``result.outputs["zopa"]``).
    names : sequence of str, optional
        The inputs' names (default: the DataFrame's columns, or ``x0, x1, ...``).
    alpha : float
        Share of the box's points a peel removes, in (0, 0.5).
    paste_alpha : float
        Share of the box's points a paste adds, in (0, 1).
    mass_min : float
        Smallest share of all points a box may hold, in (0, 1).
    threshold : float
        Density the chosen box must reach, in [0, 1] (the highest-coverage
        such box; if none, the densest).
    paste : bool
        Paste the chosen box.

    Returns
    -------
    PrimResult

    Raises
    ------
    ValueError
        If the shapes differ, ``x`` is not finite, there is no case of
        interest, or a setting is out of range.

    References
    ----------
    .. [1] Friedman, J. H. and Fisher, N. I. (1999). Bump hunting in
       high-dimensional data. *Statistics and Computing*, 9(2), 123-143.
    .. [2] Bryant, B. P. and Lempert, R. J. (2010). Thinking inside the box.
       *Technological Forecasting and Social Change*, 77(1), 34-49.

    Examples
    --------
    Cases of interest where :math:`x_0 > 0.6`:

    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((2000, 3))
    >>> res = prim(x, x[:, 0] > 0.6, names=["a", "b", "c"], threshold=0.99)
    >>> res.restricted(), round(float(res.box_low[0]), 1), round(float(res.density[res.chosen]), 2)
    (('a',), 0.6, 1.0)
    """
    func = "prim"
    columns: list[str] | None = None
    if hasattr(x, "columns") and hasattr(x, "to_numpy"):
        columns = [str(c) for c in x.columns]
        x = x.to_numpy(dtype=float)
    X = check_array(x, "x", func, ndim=2, shape_text="(n, n_inputs)")
    n, d = X.shape
    y_arr = np.asarray(y)
    if y_arr.shape != (n,) or not (y_arr.dtype == bool or np.isin(y_arr, (0, 1)).all()):
        raise param_error("y", func, f"booleans of shape (n,) = ({n},)",
                          f"an array of dtype {y_arr.dtype} and shape {y_arr.shape}")
    yb = y_arr.astype(bool)
    n_cases = int(yb.sum())
    if n_cases == 0:
        raise param_error("y", func, "at least one case of interest", "none")
    alpha = check_real(alpha, "alpha", func, low=0, high=0.5, low_open=True, high_open=True)
    paste_alpha = check_real(paste_alpha, "paste_alpha", func, low=0, high=1, low_open=True,
                             high_open=True)
    mass_min = check_real(mass_min, "mass_min", func, low=0, high=1, low_open=True,
                          high_open=True)
    threshold = check_real(threshold, "threshold", func, low=0, high=1)
    if names is None:
        names = columns if columns is not None else [f"x{j}" for j in range(d)]
    labels = tuple(str(s) for s in names)
    if len(labels) != d or len(set(labels)) != d:
        raise param_error("names", func, f"{d} distinct names", repr(list(names))[:60])

    data_low, data_high = X.min(axis=0), X.max(axis=0)
    low, high = data_low.copy(), data_high.copy()
    inbox = np.ones(n, dtype=bool)
    min_count = max(1, int(np.ceil(mass_min * n)))
    lows, highs, rows, kinds = [low.copy()], [high.copy()], [_stats(inbox, yb, n_cases)], ["start"]
    while rows[-1][1] < 1.0:
        best = _peel_candidates(X, yb, inbox, alpha, min_count)
        if best is None:
            break
        j, side = divmod(best[2], 2)
        if side == 0:
            low[j] = best[3]
            inbox &= X[:, j] >= best[3]
        else:
            high[j] = best[3]
            inbox &= X[:, j] <= best[3]
        lows.append(low.copy())
        highs.append(high.copy())
        rows.append(_stats(inbox, yb, n_cases))
        kinds.append("peel")
    coverage = np.array([r[0] for r in rows])
    density = np.array([r[1] for r in rows])
    good = np.flatnonzero(density >= threshold - 1e-12)
    if good.size:
        chosen = int(good[np.argmax(coverage[good])])
    else:
        top = np.flatnonzero(density == density.max())
        chosen = int(top[np.argmax(coverage[top])])
    if paste and chosen > 0:
        p_low, p_high = _paste(X, yb, lows[chosen], highs[chosen], paste_alpha)
        if not (np.array_equal(p_low, lows[chosen]) and np.array_equal(p_high, highs[chosen])):
            lows.append(p_low)
            highs.append(p_high)
            pasted = np.asarray(((X >= p_low) & (X <= p_high)).all(axis=1), dtype=bool)
            rows.append(_stats(pasted, yb, n_cases))
            kinds.append("paste")
            chosen = len(rows) - 1
    return PrimResult(
        names=labels, low=_frozen(lows), high=_frozen(highs),
        coverage=_frozen([r[0] for r in rows]), density=_frozen([r[1] for r in rows]),
        mass=_frozen([r[2] for r in rows]), n_points=_frozen([r[3] for r in rows], np.int64),
        kind=tuple(kinds), chosen=chosen, data_low=_frozen(data_low),
        data_high=_frozen(data_high), n_cases=n_cases, n=n, alpha=alpha,
        paste_alpha=paste_alpha, mass_min=mass_min, threshold=threshold,
    )
