"""Figures of the war-bargaining models (:mod:`models.war`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from models.plotting._style import actor_color, axes_or_new

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from models.war.fearon import BargainingRange
    from models.war.learning import WarLearning
    from models.war.risk_return import RiskReturn
    from models.war.war_bargaining import WarBargaining

__all__ = ["plot_bargaining_range", "plot_risk_return", "plot_war_bargaining", "plot_war_learning"]


_RANGE_COLOR = "#009E73"
_EMPTY_COLOR = "#999999"


def _draw_ranges(
    ax: Axes,
    ys: np.ndarray[Any, Any],
    low: np.ndarray[Any, Any],
    high: np.ndarray[Any, Any],
    nonempty: np.ndarray[Any, Any],
    p_a: np.ndarray[Any, Any],
    p_b: np.ndarray[Any, Any],
    actors: tuple[str, str],
    viewers: tuple[str, str] | None = None,
) -> None:
    viewer_a, viewer_b = viewers or actors
    ok = nonempty.astype(bool)
    ax.hlines(ys[ok], low[ok], high[ok], color=_RANGE_COLOR, lw=6, alpha=0.7,
              label="bargaining range")
    if (~ok).any():
        ax.hlines(ys[~ok], high[~ok], low[~ok], color=_EMPTY_COLOR, lw=2, linestyles=":",
                  label="gap (no range)")
    ax.plot(p_a, ys, "o", color=actor_color(viewer_a), ms=6,
            label=f"{actors[0]}'s win probability, as {viewer_a} sees it")
    ax.plot(p_b, ys, "D", color=actor_color(viewer_b), ms=5, mfc="none",
            label=f"{actors[0]}'s win probability, as {viewer_b} sees it")


def plot_bargaining_range(
    result: BargainingRange,
    *,
    ax: Axes | None = None,
    actors: tuple[str, str] = ("A", "B"),
    max_draws: int = 50,
) -> Axes:
    r"""Draw the bargaining range of each draw as a bar on A's share :math:`x \in [0, 1]`.

    Parameters
    ----------
    result : BargainingRange
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when None.
    actors : tuple of str, default ("A", "B")
        Names (and so colours) of the two sides.
    max_draws : int, default 50
        Draw at most this many (the first) draws.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from models.war import bargaining_range
    >>> ax = plot_bargaining_range(bargaining_range([0.3, 0.6], 0.1, 0.2))
    >>> ax.get_xlabel()
    "A's share x"
    """
    ax = axes_or_new(ax)
    low, high = np.atleast_1d(result.low)[:max_draws], np.atleast_1d(result.high)[:max_draws]
    ys = np.arange(low.size)
    _draw_ranges(
        ax, ys, low, high, np.atleast_1d(result.nonempty)[:max_draws],
        np.atleast_1d(result.p_a)[:max_draws], np.atleast_1d(result.p_b)[:max_draws],
        actors,
    )
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"{actors[0]}'s share x")
    ax.set_ylabel("draw")
    ax.set_title("Splits both sides prefer to war (Fearon 1995)")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_risk_return(
    result: RiskReturn, *, ax: Axes | None = None, max_curves: int = 20
) -> Axes:
    """Draw A's expected utility against its offer, with the optimal offer marked.

    Parameters
    ----------
    result : RiskReturn
    ax : matplotlib Axes, optional
    max_curves : int, default 20
        Draw at most this many (the first) draws.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from models.war import risk_return
    >>> ax = plot_risk_return(risk_return(0.5, 0.1, 0.0, 0.3))
    >>> len(ax.lines) >= 2
    True
    """
    ax = axes_or_new(ax)
    curves = np.atleast_2d(result.utility_curve)[:max_curves]
    offer = np.atleast_1d(result.offer)[:max_curves]
    utility = np.atleast_1d(result.utility)[:max_curves]
    war = (np.atleast_1d(result.p) - np.atleast_1d(result.cost_a))[:max_curves]
    alpha = 1.0 if curves.shape[0] == 1 else 0.5
    for k, curve in enumerate(curves):
        ax.plot(result.offers, curve, color="#0072B2", alpha=alpha,
                label="A's expected utility" if k == 0 else None)
        ax.axhline(war[k], color=_EMPTY_COLOR, ls=":", lw=1,
                   label="war payoff p - c_A" if k == 0 else None)
    ax.plot(offer, utility, "o", color="#D55E00", label="optimal offer")
    ax.set_xlabel("A's offer x (A's share)")
    ax.set_ylabel("expected utility of A")
    ax.set_title("Risk-return trade-off (Fearon 1995)")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_war_learning(
    result: WarLearning,
    *,
    ax: Axes | None = None,
    kind: Literal["range", "opening"] = "range",
    quantiles: tuple[float, float] = (0.1, 0.9),
) -> Axes:
    """Draw the Fearon range over the months of war, or when it opens.

    Parameters
    ----------
    result : WarLearning
    ax : matplotlib Axes, optional
    kind : {'range', 'opening'}, default 'range'
        ``'range'``: the medians of A's minimum acceptable share
        :math:`p_{A,t} - c_A(t)` and of B's maximum concession
        :math:`p_{B,t} + c_B(t)` by month, with quantile bands; a range
        exists where the second lies above the first. ``'opening'``: the
        share of draws whose range has not opened by each month (the survival
        curve) and the distribution of the opening month.
    quantiles : tuple of float, default (0.1, 0.9)
        The band's quantiles, in [0, 1].

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``kind`` is unknown or the quantiles leave [0, 1].

    Examples
    --------
    >>> from models.war import simulate_war_learning
    >>> sim = simulate_war_learning((8, 2), (3, 7), 0.4, 0.01, 0.01, 12, n_draws=50, rng=1)
    >>> plot_war_learning(sim, kind="opening").get_xlabel()
    'month'
    """
    q_low, q_high = _learning_args(kind, quantiles)
    ax = axes_or_new(ax)
    if kind == "range":
        _draw_learning_range(ax, result, q_low, q_high)
    else:
        _draw_learning_opening(ax, result)
    ax.set_xlabel("month")
    ax.legend(loc="best", fontsize="small")
    return ax


def _learning_args(kind: str, quantiles: tuple[float, float]) -> tuple[float, float]:
    """Check ``kind`` and the band's quantiles."""
    if kind not in ("range", "opening"):
        raise ValueError(
            f"The 'kind' parameter of plot_war_learning must be 'range' or 'opening'. "
            f"Got {kind!r} instead."
        )
    q_low, q_high = quantiles
    if not (0 <= q_low <= q_high <= 1):
        raise ValueError(
            f"The 'quantiles' parameter of plot_war_learning must be two numbers "
            f"0 <= low <= high <= 1. Got {quantiles!r} instead."
        )
    return q_low, q_high


def _draw_learning_range(ax: Axes, result: WarLearning, q_low: float, q_high: float) -> None:
    """Draw the medians of A's minimum share and B's maximum concession, with quantile bands."""
    a, b = result.actors
    months = result.months
    for values, actor, label in (
        (result.belief_a - result.cost_a, a, f"{a}'s minimum share p_A - c_A"),
        (result.belief_b + result.cost_b, b, f"{b}'s maximum concession p_B + c_B"),
    ):
        lo, mid, hi = np.quantile(values, [q_low, 0.5, q_high], axis=0)
        ax.fill_between(months, lo, hi, color=actor_color(actor), alpha=0.2)
        ax.plot(months, mid, color=actor_color(actor), label=label)
    ax.set_ylabel(f"{a}'s share x")
    ax.set_title(
        f"Bargaining range while fighting (median, {q_low:.0%}-{q_high:.0%} band)"
    )


def _draw_learning_opening(ax: Axes, result: WarLearning) -> None:
    """Draw the survival curve of 'no range yet' and the distribution of the opening month."""
    months = result.months
    ax.step(months, result.survival, where="post", color="#000000",
            label="no range yet (survival)")
    opened = result.opening_month[~result.censored]
    counts = np.bincount(opened, minlength=months.size) / max(result.n_draws, 1)
    ax.bar(months, counts, color=_RANGE_COLOR, alpha=0.6, label="range opens this month")
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("share of draws")
    censored = float(result.censored.mean())
    ax.set_title(f"When mutual optimism ends ({censored:.0%} censored)")


def plot_war_bargaining(result: WarBargaining, *, ax: Axes | None = None) -> Axes:
    """Draw the common-belief range and the mutual-optimism range of a scenario.

    Parameters
    ----------
    result : WarBargaining
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes_or_new(ax)
    actors = (result.side_a, result.side_b)
    rows = (result.static, result.optimism)
    ys = np.arange(2.0)
    _draw_ranges(
        ax, ys,
        np.array([float(r.low) for r in rows]), np.array([float(r.high) for r in rows]),
        np.array([bool(r.nonempty) for r in rows]),
        np.array([float(r.p_a) for r in rows]), np.array([float(r.p_b) for r in rows]),
        actors, (result.holder_a, result.holder_b),
    )
    ax.set_yticks(ys, ["common p", "beliefs"])
    ax.set_ylim(-0.6, 2.6)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"{result.side_a}'s share x (the rest to {result.side_b})")
    ax.set_title("War bargaining range")
    ax.legend(loc="upper center", fontsize="small")
    return ax
