"""Figures of parameter sweeps (:mod:`models.sweeps`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from models._checks import param_error
from models.plotting._layout import declutter_ticks
from models.plotting._style import axes_or_new

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from numpy.typing import NDArray

    from models.sweeps.sweep import SweepResult

__all__ = ["plot_sweep_heatmap"]


_AGGS = ("mean", "median", "std", "min", "max")


def _label(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{float(value):.4g}"
    return str(value)


def _short(name: str) -> str:
    """``parameters[discount_USA].value`` -> ``discount_USA``; other names unchanged."""
    if "[" in name and "]" in name:
        inner = name[name.index("[") + 1 : name.index("]")]
        rest = name[name.index("]") + 1 :].lstrip(".")
        return inner if rest in ("value", "") else f"{inner} {rest}"
    return name


def _levels(column: Any) -> list[Any]:
    """Return a grid parameter's values: sorted if numeric, else in grid order."""
    import pandas as pd

    values = list(pd.unique(column))
    if all(isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_)
           for v in values):
        return sorted(values)
    return values


def plot_sweep_heatmap(
    result: SweepResult,
    *,
    ax: Axes | None = None,
    x: str | None = None,
    y: str | None = None,
    value: str | None = None,
    agg: str = "mean",
    cmap: str = "viridis",
    annotate: bool | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
) -> Axes:
    """Draw a heat map of an output over two grid parameters of a sweep.

    Each cell aggregates ``value`` over every row at that pair of parameter
    values (the draws and replications of the point, and any other grid
    parameters); the mean of a boolean output is its probability.

    Parameters
    ----------
    result : SweepResult
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.
    x, y : str, optional
        Grid parameters on the horizontal and vertical axes (default: the
        first two; with a one-parameter grid, one row).
    value : str, optional
        The output (default: the first numeric one).
    agg : {'mean', 'median', 'std', 'min', 'max'}
    cmap : str
        A matplotlib colour map.
    annotate : bool, optional
        Write each cell's value (default: when there are at most 144 cells).
    vmin, vmax : float, optional
        Colour scale limits.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the sweep has no grid, a name is not a grid parameter or an output,
        or ``agg`` is unknown.

    Examples
    --------
    >>> import tempfile
    >>> from models import SweepSpec, sweep
    >>> spec = SweepSpec(model="threat", run="single", seed=0, grid={"product": {
    ...     "audience_cost": [0.0, 0.05, 0.1], "threat_cost_threatener": [0.02, 0.08]}})
    >>> res = sweep(spec, tempfile.mkdtemp() + "/o", executor="serial", progress=False)
    >>> ax = plot_sweep_heatmap(res, value="credible")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('audience_cost', 'threat_cost_threatener')
    """
    func = "plot_sweep_heatmap"
    x, y = _grid_axes(result, x, y, func)
    if agg not in _AGGS:
        raise param_error("agg", func, f"one of {', '.join(map(repr, _AGGS))}", repr(agg))
    frame = result.to_frame()
    value = _output(result, frame, value, func)
    is_bool = frame[value].dtype == bool
    table, x_levels, y_levels = _cells(result, frame, value, x, y, agg)

    ax = axes_or_new(ax)
    image = ax.imshow(table, origin="lower", aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax,
                      interpolation="nearest")
    _ticks(ax, x, y, x_levels, y_levels)
    what = f"P({value})" if is_bool and agg == "mean" else f"{agg} of {value}"
    ax.figure.colorbar(image, ax=ax, label=what)
    if annotate is None:
        annotate = table.size <= 144
    if annotate:
        _annotate(ax, table)
    ax.set_title(what)
    declutter_ticks(ax, "x")  # long or many levels: rotated, then every k-th labelled
    declutter_ticks(ax, "y")
    return ax


def _grid_axes(
    result: SweepResult, x: str | None, y: str | None, func: str
) -> tuple[str, str | None]:
    """Return the grid parameters of the x and y axes (defaults: the first two); check them."""
    params = list(result.parameters)
    if not params:
        raise param_error("result", func, "a sweep with a grid", "a sweep of one point")
    x = params[0] if x is None else x
    if y is None and len(params) > 1:
        y = next(p for p in params if p != x)
    for name, label in ((x, "x"), (y, "y")):
        if name is not None and name not in params:
            raise param_error(label, func, f"one of the grid parameters ({', '.join(params)})",
                              repr(name))
    if x == y:
        raise param_error("y", func, "a grid parameter other than x", repr(y))
    return x, y


def _output(result: SweepResult, frame: pd.DataFrame, value: str | None, func: str) -> str:
    """Return the output to draw (default: the first numeric one); check it is numeric."""
    import pandas as pd

    numeric = [o for o in result.outputs
               if pd.api.types.is_numeric_dtype(frame[o]) or frame[o].dtype == bool]
    if value is None:
        if not numeric:
            raise param_error("value", func, "a numeric output", "a sweep without one")
        value = numeric[0]
    if value not in numeric:
        raise param_error("value", func, f"a numeric output ({', '.join(numeric)})",
                          repr(value))
    return value


def _cells(
    result: SweepResult, frame: pd.DataFrame, value: str, x: str, y: str | None, agg: str
) -> tuple[NDArray[np.float64], list[Any], list[Any]]:
    """Aggregate ``value`` in each cell of the grid.

    Returns
    -------
    table : ndarray of shape (n_y_levels, n_x_levels)
        NaN where no row falls (one row when ``y`` is None).
    x_levels, y_levels : list
        The values of ``x`` and ``y`` along the columns and rows (``[None]`` without ``y``).
    """
    needed = [x] + ([y] if y is not None else [])
    data = frame[needed].copy()
    data["_v"] = frame[value].astype(float)
    grid = result.points()
    x_levels = _levels(grid[x])
    y_levels: list[Any] = _levels(grid[y]) if y is not None else [None]
    table = np.full((len(y_levels), len(x_levels)), np.nan)
    if y is None:
        for kx, v in data.groupby(x, sort=False)["_v"].agg(agg).items():
            table[0, x_levels.index(kx)] = v
    else:
        cells = data.groupby([x, y], sort=False)["_v"].agg(agg)
        for key, v in cells.items():
            pair: tuple[Any, Any] = key  # type: ignore[assignment]
            table[y_levels.index(pair[1]), x_levels.index(pair[0])] = v
    return table, x_levels, y_levels


def _ticks(ax: Axes, x: str, y: str | None, x_levels: list[Any], y_levels: list[Any]) -> None:
    """Label the columns with the values of ``x`` and the rows with those of ``y``."""
    ax.set_xticks(range(len(x_levels)), [_label(v) for v in x_levels])
    ax.set_xlabel(_short(x))
    if y is not None:
        ax.set_yticks(range(len(y_levels)), [_label(v) for v in y_levels])
        ax.set_ylabel(_short(y))
    else:
        ax.set_yticks([])


def _annotate(ax: Axes, table: NDArray[np.float64]) -> None:
    """Write each finite cell's value, in white on the darker half of the colour scale."""
    finite = table[np.isfinite(table)]
    mid = (float(finite.min()) + float(finite.max())) / 2 if finite.size else 0.0
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            v = table[i, j]
            if np.isfinite(v):
                ax.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=8,
                        color="white" if v < mid else "black")
