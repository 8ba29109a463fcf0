r"""Moving an uncertainty with its point value, for what-ifs.

When a what-if changes an estimate's value from :math:`v` to :math:`w`
(:meth:`Scenario.with_estimates <positions.Scenario.with_estimates>`), the
distribution moves with it, so the Monte Carlo and sensitivity analyses see
the new number and not only the deterministic models. The rule, with
:math:`d = w - v` and the kind's hard range :math:`[L, H]` ([0, 1] for a
salience, probability or disagreement utility, the issue's scale for ideal
points, acceptable bounds and status quo, :math:`[0, \infty)` for a
capability, unbounded for a free parameter):

1. **Shift.** Every location parameter moves by :math:`d`: the support
   :math:`[a, b]` becomes :math:`[a + d, b + d]`, and the shape is kept.
2. **Re-centre where the shift leaves the hard range.** The new support is
   :math:`[a', b'] = [\max(a + d, L), \min(b + d, H)]`, and every point
   :math:`x` of the old support maps piecewise-linearly onto it, with
   :math:`a \mapsto a'`, :math:`v \mapsto w` and :math:`b \mapsto b'`:

   .. math::

       f(x) = \begin{cases}
           a' + (x - a)\,\dfrac{w - a'}{v - a} & x \le v, \\[1ex]
           w + (x - v)\,\dfrac{b' - w}{b - v} & x > v,
       \end{cases}

   so the value keeps its place (the mode stays at the value when it was
   there) and the whole support stays inside the hard range. When that would
   squeeze the support to the single point :math:`w` (an old value at one end
   of its support moved to the other end of the hard range), the estimate
   becomes ``fixed``.

Per family (:mod:`positions.uncertainty`):

================  ================================================================
``uniform``       ``low`` and ``high`` shifted (or mapped by :math:`f`)
``triangular``    ``low``, ``mode`` and ``high`` shifted (or mapped by :math:`f`)
``discrete``      unchanged when the new value is one of its values; else every
                  value shifted (or mapped by :math:`f`), weights kept
``empirical``     every observation shifted (or mapped by :math:`f`)
``beta``          ``low`` and ``high`` shifted; when re-centred, re-fitted by
                  mean: the new support is :math:`[a', b']`, the mean is
                  :math:`f(\text{old mean})` and :math:`\alpha + \beta` is kept
``truncnormal``   ``mean`` and the truncation points shifted; a truncation point
                  outside the hard range (or a missing one, where the hard range
                  is finite) is set to the hard range's end
``lognormal``     scaled rather than shifted: ``median`` times :math:`w / v`,
                  ``sigma`` kept (the support stays :math:`(0, \infty)`)
``fixed``         stays fixed at the new value
================  ================================================================

References
----------
.. [1] Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*.
   Wiley, ch. 1 (inputs as distributions around the analyst's values).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from positions.uncertainty import (
    Beta,
    Discrete,
    Empirical,
    Fixed,
    LogNormal,
    Triangular,
    TruncNormal,
    Uniform,
)

__all__ = ["Move", "move_uncertainty"]


@dataclass(frozen=True, slots=True)
class Move:
    """A moved uncertainty and how it was moved.

    Attributes
    ----------
    uncertainty : dict
        The plain data of the moved distribution (``{"dist": ..., ...}``).
    how : str
        ``"unchanged"``, ``"shifted"``, ``"re-centred"``, ``"scaled"`` or
        ``"collapsed"`` (squeezed to a point: now ``fixed``).
    support : tuple of float
        The moved distribution's support.
    """

    uncertainty: dict[str, Any]
    how: str
    support: tuple[float, float]


def _mapper(a: float, v: float, b: float, lo: float, hi: float,
            w: float) -> Callable[[float], float]:
    """Return the piecewise-linear map a -> lo, v -> w, b -> hi."""

    def f(x: float) -> float:
        if x <= v:
            return w if v == a else lo + (x - a) * (w - lo) / (v - a)
        return w if b == v else w + (x - v) * (hi - w) / (b - v)

    return f


def _tidy(data: dict[str, Any], new: float, hard: tuple[float, float]) -> dict[str, Any]:
    """Round float noise (0.14999999999999997) to 12 significant digits.

    A number is left as it is when rounding would carry it across the new value
    or out of the hard range.
    """

    def tidy(x: Any) -> Any:
        if isinstance(x, tuple | list):
            return tuple(tidy(v) for v in x)
        if not isinstance(x, float) or not math.isfinite(x):
            return x
        r = float(f"{x:.12g}")
        same_side = (r - new) * (x - new) > 0
        return r if same_side and hard[0] <= r <= hard[1] else x

    return {k: tidy(v) for k, v in data.items()}


def _points(dist: Any) -> tuple[str, ...]:
    return {
        "uniform": ("low", "high"),
        "triangular": ("low", "mode", "high"),
        "beta": ("low", "high"),
    }.get(dist.dist, ())


def move_uncertainty(dist: Any, old: float, new: float,
                     hard: tuple[float, float] = (-math.inf, math.inf)) -> Move:
    """Move a distribution so that it sits at ``new`` where it sat at ``old``.

    Parameters
    ----------
    dist : Distribution
        A numeric distribution specification (not categorical) whose support
        holds ``old``.
    old, new : float
        The estimate's value before and after; ``new`` must lie in ``hard``.
    hard : tuple of float, default (-inf, inf)
        The kind's hard range ``(low, high)``; the moved support stays inside it.

    Returns
    -------
    Move
        The moved distribution's data, how it was moved and its support.

    Raises
    ------
    ValueError
        If ``new`` lies outside ``hard``, or a log-normal is moved to a
        value <= 0.

    Examples
    --------
    >>> from positions import Triangular
    >>> t = Triangular(low=0.7, mode=0.8, high=0.9)
    >>> m = move_uncertainty(t, 0.8, 0.6, (0, 1))
    >>> m.how, [round(m.uncertainty[k], 3) for k in ("low", "mode", "high")]
    ('shifted', [0.5, 0.6, 0.7])
    >>> m = move_uncertainty(t, 0.8, 0.95, (0, 1))
    >>> m.how, [round(m.uncertainty[k], 3) for k in ("low", "mode", "high")]
    ('re-centred', [0.85, 0.95, 1])
    """
    lo_h, hi_h = hard
    if not lo_h <= new <= hi_h:
        raise ValueError(f"value {new:g} lies outside the hard range [{lo_h:g}, {hi_h:g}]")
    data = dist.model_dump()
    if new == old:
        return Move(data, "unchanged", _support(dist, new))
    if isinstance(dist, Fixed):
        if dist.value is not None:
            data["value"] = new
        return Move(data, "shifted", (new, new))
    if isinstance(dist, LogNormal):
        if new <= 0:
            raise ValueError(f"a log-normal uncertainty cannot move to {new:g} (it is > 0); "
                             "give a new uncertainty")
        data["median"] = dist.median * new / old
        return Move(_tidy(data, new, hard), "scaled", (0.0, math.inf))
    if isinstance(dist, Discrete) and dist.contains(new):
        return Move(data, "unchanged", _support(dist, new))
    d = new - old
    if isinstance(dist, TruncNormal):
        return _truncnormal(dist, data, new, d, hard)
    a, b = dist.support()
    a2, b2 = max(a + d, lo_h), min(b + d, hi_h)
    a2, b2 = min(a2, new), max(b2, new)  # old + (new - old) may round off new by an ulp
    if a2 >= b2:
        return Move({"dist": "fixed"}, "collapsed", (new, new))
    shifted = a2 == a + d and b2 == b + d
    f = (lambda x: x + d) if shifted else _mapper(a, old, b, a2, b2, new)
    how = "shifted" if shifted else "re-centred"
    if isinstance(dist, Uniform | Triangular):
        for key in _points(dist):
            data[key] = f(getattr(dist, key))
        data["low"], data["high"] = a2, b2
        if isinstance(dist, Triangular):
            mode = new if dist.mode == old else data["mode"]
            data["mode"] = min(max(mode, a2), b2)
    elif isinstance(dist, Beta):
        data["low"], data["high"] = a2, b2
        if not shifted:
            total = dist.alpha + dist.beta
            mean = f(a + (b - a) * dist.alpha / total)
            share = min(max((mean - a2) / (b2 - a2), 1e-6), 1 - 1e-6)
            data["alpha"], data["beta"] = total * share, total * (1 - share)
    elif isinstance(dist, Discrete):
        data["values"] = tuple(new if v == old else min(max(f(v), a2), b2)
                               for v in dist.values)
    elif isinstance(dist, Empirical):
        data["samples"] = tuple(new if v == old else min(max(f(v), a2), b2)
                                for v in dist.samples)
    else:  # pragma: no cover - every numeric family is handled above
        raise TypeError(f"cannot move a {dist.dist} uncertainty")
    return Move(_tidy(data, new, hard), how, (a2, b2))


def _truncnormal(dist: TruncNormal, data: dict[str, Any], new: float, d: float,
                 hard: tuple[float, float]) -> Move:
    lo_h, hi_h = hard
    low = lo_h if dist.low is None else dist.low + d
    high = hi_h if dist.high is None else dist.high + d
    new_low, new_high = min(max(low, lo_h), new), max(min(high, hi_h), new)
    data["mean"] = dist.mean + d
    data["low"] = None if math.isinf(new_low) else new_low
    data["high"] = None if math.isinf(new_high) else new_high
    if new_low >= new_high:
        return Move({"dist": "fixed"}, "collapsed", (new_low, new_low))
    clipped = (new_low, new_high) != (low, high)
    how = "re-centred" if clipped else "shifted"
    return Move(_tidy(data, new, hard), how, (new_low, new_high))


def _support(dist: Any, value: float) -> tuple[float, float]:
    if isinstance(dist, Fixed):
        return (value, value)
    low, high = dist.support()
    return (float(low), float(high))
