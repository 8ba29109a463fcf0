"""Figures of KTAB's Spatial Model of Politics: trajectories, power landscape, batch spread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from models._checks import check_int, param_error
from models.plotting._style import actor_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.spatial.smp import SMPBatchResult, SMPResult

__all__ = ["plot_batch_outcomes", "plot_power_landscape", "plot_trajectories"]


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4))
    return ax


def _dim(dim: int, n_dims: int, func: str) -> int:
    dim = check_int(dim, "dim", func, low=0)
    if dim >= n_dims:
        raise param_error("dim", func, f"an int < {n_dims}", str(dim))
    return dim


def plot_trajectories(
    result: SMPResult, *, ax: Axes | None = None, dim: int = 0, **kwargs: Any
) -> Axes:
    """Plot each actor's position over the rounds of an SMP run, on one dimension.

    Parameters
    ----------
    result : SMPResult
        A run of :func:`models.spatial.smp`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    dim : int
        Dimension index.
    **kwargs
        Passed to ``Axes.plot`` for every line.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        ``dim`` out of range.

    Examples
    --------
    >>> from models.spatial import smp
    >>> r = smp([[10, 20], [60, 50], [90, 80]], [[0.5, 0.3]] * 3, [1, 2, 3])
    >>> ax = plot_trajectories(r, dim=0)
    >>> len(ax.get_lines())
    3
    """
    dim = _dim(dim, result.positions.shape[2], "plot_trajectories")
    ax = _axes(ax)
    states = np.arange(result.positions.shape[0])
    for i, name in enumerate(result.actor_names):
        style: dict[str, Any] = {"marker": "o", "markersize": 3, "color": actor_color(name)}
        style |= kwargs
        ax.plot(states, result.positions[:, i, dim], label=name, **style)
    ax.set_xlabel("round")
    ax.set_ylabel(f"position on {result.dimension_names[dim]}")
    ax.set_ylim(*result.scale)
    ax.set_title("SMP positions" + ("" if result.converged else " (stopped at max_rounds)"))
    ax.legend(fontsize="small", ncol=2)
    return ax


def plot_power_landscape(
    result: SMPResult,
    *,
    ax: Axes | None = None,
    dim: int = 0,
    state: int = 0,
    bandwidth: float | None = None,
    **kwargs: Any,
) -> Axes:
    """Plot effective power (capability x salience) along one dimension.

    Each actor is a stem at its position in ``state`` with height
    c_i s_ik; the curve is the Gaussian-smoothed total, a picture of where
    the weight on the dimension sits.

    Parameters
    ----------
    result : SMPResult
    ax : matplotlib Axes, optional
    dim : int
        Dimension index.
    state : int
        Which state's positions to use (0: the input; -1: the last).
    bandwidth : float, optional
        Smoothing width on the position scale; 5% of the scale when None.
    **kwargs
        Passed to ``Axes.plot`` for the curve.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        ``dim`` or ``state`` out of range, or a non-positive ``bandwidth``.

    Examples
    --------
    >>> from models.spatial import smp
    >>> r = smp([[10, 20], [60, 50], [90, 80]], [[0.5, 0.3]] * 3, [1, 2, 3])
    >>> plot_power_landscape(r, dim=1).get_ylabel()
    'effective power (capability x salience)'
    """
    func = "plot_power_landscape"
    dim = _dim(dim, result.positions.shape[2], func)
    t_n = result.positions.shape[0]
    if not isinstance(state, int | np.integer) or not -t_n <= int(state) < t_n:
        raise param_error("state", func, f"an int in [-{t_n}, {t_n - 1}]", repr(state))
    lo, hi = result.scale
    if bandwidth is None:
        bandwidth = 0.05 * (hi - lo)
    if not bandwidth > 0:
        raise param_error("bandwidth", func, "a positive number", repr(bandwidth))
    ax = _axes(ax)
    x = result.positions[state, :, dim]
    power = result.capability * result.salience[:, dim]
    grid = np.linspace(lo, hi, 401)
    kernel = np.exp(-0.5 * ((grid[:, None] - x[None, :]) / bandwidth) ** 2)
    curve = kernel @ power
    peak = float(curve.max()) if curve.max() > 0 else 1.0
    ax.plot(grid, curve * float(power.max()) / peak, **({"color": "0.4"} | kwargs),
            label="smoothed total (rescaled)")
    for i, name in enumerate(result.actor_names):
        color = actor_color(name)
        ax.vlines(x[i], 0.0, power[i], color=color, linewidth=2)
        ax.plot([x[i]], [power[i]], "o", color=color, label=name)
    ax.set_xlim(lo, hi)
    ax.set_ylim(bottom=0.0)
    ax.set_xlabel(f"position on {result.dimension_names[dim]} (state {state})")
    ax.set_ylabel("effective power (capability x salience)")
    ax.legend(fontsize="small", ncol=2)
    return ax


def plot_batch_outcomes(
    result: SMPBatchResult, *, ax: Axes | None = None, dim: int = 0, **kwargs: Any
) -> Axes:
    """Plot the spread of each actor's final position over a batch of SMP runs.

    Parameters
    ----------
    result : SMPBatchResult
        Runs of :func:`models.spatial.smp_batch`.
    ax : matplotlib Axes, optional
    dim : int
        Dimension index.
    **kwargs
        Passed to ``Axes.boxplot``.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        ``dim`` out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from models.spatial import smp_batch
    >>> pos = np.array([[[10, 20], [60, 50], [90, 80]]] * 3, dtype=float)
    >>> plot_batch_outcomes(smp_batch(pos, [[0.5, 0.3]] * 3, [1, 2, 3])).get_xlabel()
    'actor'
    """
    dim = _dim(dim, result.final_positions.shape[2], "plot_batch_outcomes")
    ax = _axes(ax)
    data = [result.final_positions[:, i, dim] for i in range(len(result.actor_names))]
    box = ax.boxplot(data, patch_artist=True, **kwargs)
    ax.set_xticks(np.arange(1, len(data) + 1), list(result.actor_names))
    for patch, name in zip(box["boxes"], result.actor_names, strict=True):
        patch.set_facecolor(actor_color(name))
        patch.set_alpha(0.6)
    ax.set_xlabel("actor")
    ax.set_ylabel("final position")
    ax.set_ylim(*result.scale)
    ax.set_title(f"{result.final_positions.shape[0]} runs, {result.dimension_names[dim]}")
    return ax
