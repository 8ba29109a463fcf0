"""Figures of Monte Carlo, sensitivity and scenario-discovery results.

For :mod:`models.uncertainty.results` (an output's distribution, the convergence of
an estimate, an estimate with its interval), :mod:`models.uncertainty.sensitivity`
(Sobol indices, Morris screening) and :mod:`models.uncertainty.discovery` (PRIM's
peeling trajectory).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

import numpy as np

from models._checks import param_error
from models.plotting._layout import place_labels
from models.plotting._style import OKABE_ITO, actor_color, axes_or_new, known_actor

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.uncertainty.agreement import AgreementResult
    from models.uncertainty.discovery import PrimResult
    from models.uncertainty.estimates import Convergence, MCEstimate
    from models.uncertainty.results import MonteCarloResult
    from models.uncertainty.sensitivity import MorrisScreening, SobolIndices

__all__ = [
    "plot_convergence",
    "plot_mc_estimate",
    "plot_monte_carlo",
    "plot_morris",
    "plot_prim",
    "plot_sobol_indices",
]


def _color(name: str, default: str = OKABE_ITO[0]) -> str:
    """Return an actor's colour when the name ends in its id (``nash.utility.RUS``)."""
    last = name.rsplit(".", 1)[-1]
    if known_actor(last):
        return actor_color(last)
    return default


def plot_monte_carlo(
    result: MonteCarloResult,
    *,
    ax: Axes | None = None,
    output: str | None = None,
    kind: Literal["hist", "ecdf"] = "hist",
    level: float = 0.95,
    bins: int | str = "auto",
    color: str | None = None,
) -> Axes:
    r"""Draw the distribution of a Monte Carlo output.

    A boolean output is a bar of its probability with the Wilson interval. A
    numeric output is a histogram (finite values) with its mean, the mean's
    confidence interval (shaded) and the 5% and 95% quantiles (dashed), or
    its empirical CDF with the Dvoretzky-Kiefer-Wolfowitz band
    :math:`\pm\sqrt{\log(2/\alpha) / (2n)}` (Massart 1990).

    Parameters
    ----------
    result : MonteCarloResult
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.
    output : str, optional
        Default the first output.
    kind : {'hist', 'ecdf'}
    level : float
        Confidence level of the intervals.
    bins : int or str
        Histogram bins (numpy's rule names allowed).
    color : str, optional
        Default: the actor's colour for an actor's output, else blue.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If the output or ``kind`` is unknown.

    References
    ----------
    .. [1] Massart, P. (1990). The tight constant in the Dvoretzky-Kiefer-Wolfowitz
       inequality. *Annals of Probability*, 18(3), 1269-1283.
    """
    func = "plot_monte_carlo"
    name = output if output is not None else result.output_names[0]
    if name not in result.outputs:
        raise param_error("output", func, f"one of the outputs ({', '.join(result.outputs)})",
                          repr(name))
    if kind not in ("hist", "ecdf"):
        raise param_error("kind", func, "one of 'hist', 'ecdf'", repr(kind))
    ax = axes_or_new(ax)
    col = color or _color(name)
    x = result.outputs[name]
    if x.dtype == bool:
        est = result.probability(name, level=level)
        ax.bar([0], [est.estimate], color=col, alpha=0.8, width=0.5)
        ax.errorbar([0], [est.estimate], yerr=[[est.estimate - est.ci_low],
                                               [est.ci_high - est.estimate]],
                    color="black", capsize=6)
        ax.set_xticks([0], [name])
        ax.set_ylim(0, 1)
        ax.set_ylabel(f"probability ({level:.0%} Wilson interval)")
        ax.set_title(f"P({name}) = {est.estimate:.3f}  (n = {est.n:,})")
        return ax
    values = np.asarray(x, dtype=float)
    values = np.sort(values[np.isfinite(values)])
    n = values.size
    if kind == "hist":
        if n:
            ax.hist(values, bins=bins, density=True, color=col, alpha=0.6)
            est = result.mean(name, level=level)
            ax.axvspan(est.ci_low, est.ci_high, color="black", alpha=0.2,
                       label=f"mean {est.estimate:.4g} ({level:.0%} CI)")
            ax.axvline(est.estimate, color="black", lw=1.5)
            for q in (0.05, 0.95):
                ax.axvline(float(np.quantile(values, q)), color="black", ls="--", lw=1)
            ax.legend(loc="best", fontsize="small")
        ax.set_ylabel("density")
    else:
        if n:
            ecdf = np.arange(1, n + 1) / n
            eps = math.sqrt(math.log(2 / (1 - level)) / (2 * n))
            ax.step(values, ecdf, where="post", color=col, label="empirical CDF")
            ax.fill_between(values, np.clip(ecdf - eps, 0, 1), np.clip(ecdf + eps, 0, 1),
                            step="post", color=col, alpha=0.2,
                            label=f"{level:.0%} DKW band")
            ax.legend(loc="best", fontsize="small")
        ax.set_ylim(0, 1)
        ax.set_ylabel("cumulative probability")
    ax.set_xlabel(name)
    ax.set_title(f"{name}  (n = {n:,} finite of {result.n_draws:,})")
    return ax


def plot_convergence(
    result: Convergence, *, ax: Axes | None = None, color: str | None = None
) -> Axes:
    """Draw a running Monte Carlo estimate and its confidence band against the draws.

    Parameters
    ----------
    result : Convergence
    ax : matplotlib Axes, optional
    color : str, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = axes_or_new(ax)
    col = color or _color(result.name)
    ax.plot(result.n, result.estimate, color=col, lw=1.5, label="running estimate")
    ax.fill_between(result.n, result.ci_low, result.ci_high, color=col, alpha=0.2,
                    label=f"{result.level:.0%} interval")
    final = float(result.estimate[-1])
    if np.isfinite(final):
        ax.axhline(final + result.tol, color="black", ls=":", lw=1, label=f"final ± {result.tol:g}")
        ax.axhline(final - result.tol, color="black", ls=":", lw=1)
    ax.set_xscale("log")
    ax.set_xlabel("number of draws")
    ax.set_ylabel(f"{result.statistic} of {result.name}")
    verdict = "converged" if result.converged else f"needs ~{result.n_needed:,.0f} draws"
    ax.set_title(f"Convergence of {result.name} ({verdict})")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_mc_estimate(
    result: MCEstimate, *, ax: Axes | None = None, color: str | None = None
) -> Axes:
    """Draw a Monte Carlo estimate as a point with its confidence interval.

    Parameters
    ----------
    result : MCEstimate
    ax : matplotlib Axes, optional
    color : str, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = axes_or_new(ax)
    col = color or _color(result.name)
    ax.errorbar([result.estimate], [0], xerr=[[result.estimate - result.ci_low],
                                             [result.ci_high - result.estimate]],
                fmt="o", color=col, capsize=6)
    ax.set_yticks([0], [result.name])
    ax.set_xlabel(f"{result.statistic} ({result.level:.0%} {result.method} interval, "
                  f"n = {result.n:,})")
    return ax


def _output_row(outputs: tuple[str, ...], output: str | None, func: str) -> int:
    if output is None:
        return 0
    if output not in outputs:
        raise param_error("output", func, f"one of {', '.join(outputs)}", repr(output))
    return outputs.index(output)


def plot_sobol_indices(
    result: SobolIndices, *, ax: Axes | None = None, output: str | None = None,
    top: int | None = 20, threshold: float = 0.01,
) -> Axes:
    """Draw first-order and total Sobol indices of the non-negligible inputs.

    An input is **negligible** when its total index :math:`S_{T_i}` is below
    ``threshold`` (default 0.01: it explains under 1% of the output's variance,
    alone and in all its interactions); negligible inputs get no bar, and the title
    says how many there were ("12 of 106 inputs; 94 negligible (S_T < 0.01)").
    The others are horizontal bars (input names on the left, largest total index
    on top), first-order and total index side by side, each with its bootstrap
    confidence interval.

    Parameters
    ----------
    result : SobolIndices
    ax : matplotlib Axes, optional
    output : str, optional
        Default the first output.
    top : int or None
        Show at most the ``top`` non-negligible inputs with the largest total index
        (default 20); None shows all of them.
    threshold : float, default 0.01
        Total index below which an input counts as negligible (0 keeps every input
        whose total index is positive).

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If the output is unknown or ``threshold`` is negative.
    """
    func = "plot_sobol_indices"
    o = _output_row(result.outputs, output, func)
    if not threshold >= 0:
        raise param_error("threshold", func, "a number >= 0", repr(threshold))
    ax = axes_or_new(ax, (7.0, 5.0), layout="constrained")
    n_all = len(result.names)
    total = np.nan_to_num(np.asarray(result.ST[o], dtype=float), nan=-np.inf)
    order = np.argsort(-total, kind="stable")
    alive = order[(total[order] >= threshold) & (total[order] > 0)]
    n_negligible = n_all - len(alive)
    keep = alive if top is None else alive[:top]
    d = len(keep)
    pos = np.arange(d)[::-1]  # largest on top
    height = 0.38
    ax.barh(pos + height / 2, np.asarray(result.S1[o])[keep], height,
            xerr=np.asarray(result.S1_conf[o])[keep], capsize=2,
            color=OKABE_ITO[0], label="first order $S_i$")
    ax.barh(pos - height / 2, np.asarray(result.ST[o])[keep], height,
            xerr=np.asarray(result.ST_conf[o])[keep], capsize=2,
            color=OKABE_ITO[1], label="total $S_{T_i}$")
    names = [result.names[i] for i in keep]
    fontsize = 8 if d <= 12 else (7 if d <= 20 else 6)
    ax.set_yticks(pos, names, fontsize=fontsize)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"Sobol index ({result.level:.0%} bootstrap interval)")
    shown = f"{d} of {n_all} inputs"
    if n_negligible:
        shown += f"; {n_negligible} negligible ($S_T$ < {threshold:g})"
    if len(alive) > d:
        shown += f"; {len(alive) - d} more not shown"
    ax.set_title(f"Sobol indices of {result.outputs[o]} (N = {result.n_base:,})\n{shown}",
                 fontsize=9)
    if d:
        ax.legend(loc="lower right", fontsize="small")
        ax.set_ylim(-0.7, d - 0.3)
    else:
        ax.set_yticks([])
        ax.text(0.5, 0.5, f"every input negligible ($S_T$ < {threshold:g})",
                transform=ax.transAxes, ha="center", va="center")
    return ax


def plot_morris(
    result: MorrisScreening, *, ax: Axes | None = None, output: str | None = None,
    threshold: float = 0.01, top: int | None = 12,
) -> Axes:
    r"""Draw Morris screening: sigma against mu* per non-negligible input, with mu*'s interval.

    An input is **negligible** when its :math:`\mu^*` is below ``threshold`` times the
    largest :math:`\mu^*` (default 1%); it is not drawn, and the title says how many
    there were. The ``top`` inputs with the largest :math:`\mu^*` are labelled, each
    label anchored at its own point and placed clear of the others
    (:func:`~models.plotting.place_labels`; a label with no free place is left out).

    Parameters
    ----------
    result : MorrisScreening
    ax : matplotlib Axes, optional
    output : str, optional
        Default the first output.
    threshold : float, default 0.01
        Share of the largest :math:`\mu^*` below which an input counts as negligible.
    top : int or None
        How many inputs to label (default 12); None labels all shown.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If the output is unknown or ``threshold`` is negative.
    """
    func = "plot_morris"
    o = _output_row(result.outputs, output, func)
    if not threshold >= 0:
        raise param_error("threshold", func, "a number >= 0", repr(threshold))
    ax = axes_or_new(ax, (7.0, 5.0), layout="constrained")
    mu = np.nan_to_num(np.asarray(result.mu_star[o], dtype=float))
    sigma = np.asarray(result.sigma[o], dtype=float)
    biggest = float(np.max(mu)) if mu.size else 0.0
    keep = np.flatnonzero((mu >= threshold * biggest) & (mu > 0))
    keep = keep[np.argsort(-mu[keep], kind="stable")]
    n_negligible = mu.size - keep.size
    ax.errorbar(mu[keep], sigma[keep], xerr=np.asarray(result.mu_star_conf[o])[keep], fmt="o",
                color=OKABE_ITO[0], capsize=3)
    top_val = float(max(np.max(mu, initial=0.0), np.max(sigma, initial=0.0), 1e-12))
    ax.plot([0, top_val], [0, top_val], color="black", ls=":", lw=1, label=r"$\sigma = \mu^*$")
    ax.set_xlabel(r"$\mu^*$ (mean absolute elementary effect)")
    ax.set_ylabel(r"$\sigma$ (spread: non-linearity or interactions)")
    note = f"{keep.size} of {mu.size} inputs"
    if n_negligible:
        note += f"; {n_negligible} negligible ($\\mu^*$ < {threshold:.0%} of the largest)"
    ax.set_title(f"Morris screening of {result.outputs[o]} (r = {result.n_trajectories})"
                 f"\n{note}", fontsize=9)
    ax.legend(loc="upper left", fontsize="small")
    labelled = keep if top is None else keep[:top]
    place_labels(ax, np.column_stack([mu[labelled], sigma[labelled]]),
                 [result.names[i] for i in labelled], fontsize=7, drop_overlapping=True)
    return ax


def plot_prim(result: PrimResult, *, ax: Axes | None = None, cmap: str = "viridis") -> Axes:
    """Draw PRIM's peeling trajectory: coverage against density, the chosen box marked.

    Points are coloured by the number of inputs the box restricts.

    Parameters
    ----------
    result : PrimResult
    ax : matplotlib Axes, optional
    cmap : str
        Colour map of the number of restricted inputs.

    Returns
    -------
    matplotlib Axes
    """
    ax = axes_or_new(ax)
    frame = result.to_frame()
    peel = frame["kind"] != "paste"
    ax.plot(frame["coverage"][peel], frame["density"][peel], color="grey", lw=1, zorder=1)
    points = ax.scatter(frame["coverage"], frame["density"], c=frame["n_restricted"], cmap=cmap,
                        s=25, zorder=2)
    ax.figure.colorbar(points, ax=ax, label="restricted inputs")
    c = result.chosen
    ax.scatter([result.coverage[c]], [result.density[c]], s=160, facecolors="none",
               edgecolors="black", lw=1.5, zorder=3,
               label=f"chosen box ({result.kind[c]}): coverage {result.coverage[c]:.2f}, "
                     f"density {result.density[c]:.2f}")
    ax.axhline(result.threshold, color="black", ls=":", lw=1, label="density threshold")
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title("PRIM peeling trajectory")
    ax.legend(loc="lower left", fontsize="small")
    return ax


def plot_agreement(
    result: AgreementResult, *, ax: Axes | None = None, top: int | None = 25,
) -> Axes:
    """Draw the coders' disagreement per judged number, largest first.

    One horizontal bar per path: the spread (largest minus smallest coder's
    value) on the common [0, 1] scale of :mod:`models.uncertainty.agreement`,
    coloured by the kind of judgement.

    Parameters
    ----------
    result : AgreementResult
    ax : matplotlib Axes, optional
    top : int or None
        Show the ``top`` paths with the largest spread (None: all), and never more
        rows than the axes hold at the labels' size (the title says how many are shown).

    Returns
    -------
    matplotlib Axes
    """
    spread = np.nan_to_num(result.spread, nan=-1.0)
    order = np.argsort(-spread, kind="stable")
    order = order[spread[order] >= 0]
    n_all = order.size
    if top is not None:
        order = order[:top]
    ax = axes_or_new(ax, (8.0, 0.3 * max(order.size, 4) + 1.2))
    # no more rows than the axes hold at the labels' size (about 13 points a row)
    row_px = 13.0 * ax.figure.dpi / 72.0
    order = order[: max(1, int(ax.bbox.height / row_px))]
    kinds = list(dict.fromkeys(result.kinds))
    colors = {k: OKABE_ITO[i % len(OKABE_ITO)] for i, k in enumerate(kinds)}
    pos = np.arange(order.size)[::-1]
    shown: set[str] = set()
    for y, j in zip(pos, order, strict=True):
        kind = result.kinds[j]
        ax.barh(y, result.spread[j], color=colors[kind], alpha=0.8,
                label=kind if kind not in shown else None)
        shown.add(kind)
    ax.set_yticks(pos, [result.paths[j] for j in order], fontsize="small")
    ax.set_xlabel("spread between coders\n(largest - smallest value, on a [0, 1] scale)")
    ax.set_xlim(0, max(1.0, float(np.nanmax(result.spread[order])) if order.size else 1.0))
    rest = f", top {order.size} of {n_all} paths" if order.size < n_all else ""
    coders = ", ".join(result.coders)
    ax.set_title(f"Where coders {coders} disagree\n(alpha = {result.alpha:.2f}{rest})")
    ax.legend(loc="lower right", fontsize="small", title="kind")
    return ax
