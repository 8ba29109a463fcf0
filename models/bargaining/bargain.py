r"""The bargaining facade: a scenario's outcome space, utilities, solutions and forecasts.

:func:`bargain` turns a :class:`positions.Scenario` into a finite bargaining
problem and solves it. The outcomes :math:`X` are the product of the issues'
options (or a grid, :class:`~models.OutcomeSpace`); party :math:`i` values
outcome :math:`x` at the salience-weighted spatial utility :math:`u_i(x)` of
:mod:`models.outcomes`, gets :math:`d_i` without a deal, and accepts only the
outcomes :math:`A_i` within its acceptable ranges (its red lines). Then

.. math::

    F = \bigcap_i A_i, \qquad
    Z = \{x \in F : u_i(x) \ge d_i \text{ for every party } i\},

the outcomes no party's red line excludes, and the *zone of possible
agreement* (ZOPA) :math:`Z`, the outcomes of :math:`F` that every party
prefers, at least weakly, to no deal (Raiffa 1982). Red lines enter only
here: an outcome that crosses a party's red line is not in :math:`F`, so it
is neither in the ZOPA, nor on the reported Pareto frontier (of :math:`F`),
nor a solution. The solutions, those of the registry
:data:`models.bargaining.SOLUTIONS`, are chosen within the ZOPA:

.. math::

    x^{N} &= \arg\max_{x \in Z} \prod_i (u_i(x) - d_i)^{w_i}
        && \text{(Nash 1950; asymmetric with weights } w\text{)} \\
    x^{KS} &= \arg\max_{x \in Z} \min_i \frac{u_i(x) - d_i}{a_i - d_i},
        \quad a_i = \max_{y \in Z} u_i(y)
        && \text{(Kalai and Smorodinsky 1975)} \\
    x^{E} &= \arg\max_{x \in Z} \min_i (u_i(x) - d_i)
        && \text{(Kalai 1977)} \\
    x^{U} &= \arg\max_{x \in Z} \sum_i u_i(x)
        && \text{(Harsanyi 1955)}

(ties and the refinements that keep each choice Pareto optimal are those of
:mod:`models.bargaining.axiomatic`). Restricted to the ZOPA, each is individually
rational; a point that is Pareto optimal within :math:`Z` is Pareto optimal
within :math:`F` (anything that dominates it is also in :math:`Z`). When
:math:`Z` is empty there is no agreement every party prefers to no deal: the
solutions are undefined (``None``) and the result says why (incompatible
red lines, or the closest outcome and who it leaves short of its
disagreement utility).

Beside the cooperative solutions, each issue gets three static forecasts
from the parties' ideal points :math:`y_{ik}`, saliences :math:`s_{ik}` and
capabilities :math:`c_i` (parties with a position on the issue only): the
mean :math:`\sum_i c_i s_{ik} y_{ik} / \sum_i c_i s_{ik}`, the weighted
median (Black 1948), and the Condorcet winner among the issue's options
under votes weighted by :math:`c_i s_{ik}` (``None`` if there is none);
Bueno de Mesquita (1994) uses the first two as forecasts.

References
----------
.. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica*, 18(2),
   155-162.
.. [2] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
   bargaining problem. *Econometrica*, 43(3), 513-518.
.. [3] Kalai, E. (1977). Proportional solutions to bargaining situations:
   interpersonal utility comparisons. *Econometrica*, 45(7), 1623-1630.
.. [4] Harsanyi, J. C. (1955). Cardinal welfare, individualistic ethics, and
   interpersonal comparisons of utility. *Journal of Political Economy*,
   63(4), 309-321.
.. [5] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
   University Press.
.. [6] Black, D. (1948). On the rationale of group decision-making.
   *Journal of Political Economy*, 56(1), 23-34.
.. [7] Bueno de Mesquita, B. (1994). Political forecasting: an expected
   utility method. In *European Community Decision Making*, Yale University
   Press, 71-104.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, param_error
from models._repr import compact_repr
from models.bargaining.registry import SOLUTIONS
from models.outcomes.arrays import ScenarioArrays, scenario_arrays
from models.outcomes.space import OutcomeSpace
from models.outcomes.utilities import Loss, utilities
from models.outcomes.utilities import acceptable as acceptable_mask

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from positions import Scenario

__all__ = ["BargainResult", "IssueForecast", "SolutionOutcome", "bargain"]

_FORECASTS = ("weighted_mean", "weighted_median", "condorcet")


def _frozen(arr: ArrayLike, dtype: Any = None) -> NDArray[Any]:
    out = np.array(arr, dtype=dtype)
    out.flags.writeable = False
    return out


@dataclass(frozen=True, slots=True, eq=False)
class SolutionOutcome:
    """A bargaining solution, as an outcome of the space.

    Attributes
    ----------
    name : str
        The solution: a name of :data:`models.bargaining.SOLUTIONS` (``'nash'``, ...).
    index : int
        The outcome's index in :attr:`BargainResult.space`.
    point : ndarray of shape (n_issues,)
        The outcome on each issue's scale.
    labels : tuple of str
        The outcome's label on each issue (the option labels).
    ids : tuple of str
        The outcome's short id on each issue (the option ids).
    utilities : ndarray of shape (n_actors,)
        Each party's utility of the outcome.
    ties : ndarray of int
        Every outcome (space indices) that the solution's criterion ranks
        equal to ``index``; ``index`` is among them.
    """

    __repr__ = compact_repr

    name: str
    index: int
    point: NDArray[np.float64]
    labels: tuple[str, ...]
    ids: tuple[str, ...]
    utilities: NDArray[np.float64]
    ties: NDArray[np.intp]

    @property
    def title(self) -> str:
        """The solution's readable name (its registry title)."""
        spec = SOLUTIONS.get(self.name)
        return self.name if spec is None else spec.title


@dataclass(frozen=True, slots=True)
class IssueForecast:
    """The static forecasts of one issue, on the issue's scale.

    Attributes
    ----------
    issue : str
    n_actors : int
        Parties with a position on the issue (the others do not count).
    weighted_mean, weighted_median : float
        NaN when no party with a position has positive weight.
    condorcet : float or None
        The option that beats every other in weighted pairwise votes, or None.
    weighted_mean_label, weighted_median_label, condorcet_label : str or None
        The label of the option nearest each forecast.
    """

    __repr__ = compact_repr

    issue: str
    n_actors: int
    weighted_mean: float
    weighted_median: float
    condorcet: float | None
    weighted_mean_label: str | None
    weighted_median_label: str | None
    condorcet_label: str | None


@dataclass(frozen=True, slots=True, eq=False)
class BargainResult:
    """The bargaining analysis of a scenario: see :func:`bargain`.

    Attributes
    ----------
    actor_ids, issue_ids : tuple of str
        The parties (columns of ``U``) and the issues (columns of ``space.points``).
    space : OutcomeSpace
    U : ndarray of shape (n_outcomes, n_actors)
        Each party's utility of each outcome.
    d : ndarray of shape (n_actors,)
        The disagreement point.
    disagreement_source : tuple of str
        For each party, where ``d`` comes from: ``'scenario'``, ``'status quo'``
        (its utility of the status quo outcome) or ``'given'``.
    weights : ndarray of shape (n_actors,) or None
        The Nash bargaining weights (None: symmetric).
    loss : {'linear', 'quadratic'}
    acceptable : ndarray of bool, shape (n_outcomes, n_actors)
        Which outcomes each party can accept (within all its acceptable ranges).
    feasible : ndarray of int
        The outcomes acceptable to every party.
    frontier : ndarray of int
        The Pareto-optimal outcomes among the feasible ones.
    zopa : ndarray of int
        The zone of possible agreement: feasible outcomes every party weakly
        prefers to ``d``. May be empty.
    solutions : mapping of str to SolutionOutcome or None
        Every solution of :data:`models.bargaining.SOLUTIONS`, by name and in
        its order, within the ZOPA; None when it is empty. Read-only.
    forecasts : tuple of IssueForecast
        The static forecasts, one per issue.
    note : str or None
        Why the solutions are undefined, when they are.
    """

    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    space: OutcomeSpace
    U: NDArray[np.float64]
    d: NDArray[np.float64]
    disagreement_source: tuple[str, ...]
    weights: NDArray[np.float64] | None
    loss: Loss
    acceptable: NDArray[np.bool_]
    feasible: NDArray[np.intp]
    frontier: NDArray[np.intp]
    zopa: NDArray[np.intp]
    solutions: Mapping[str, SolutionOutcome | None]
    forecasts: tuple[IssueForecast, ...]
    note: str | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "solutions", MappingProxyType(dict(self.solutions)))

    # ------------------------------------------------------------------ access
    @property
    def n_actors(self) -> int:
        """Number of parties."""
        return len(self.actor_ids)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issue_ids)

    @property
    def n_outcomes(self) -> int:
        """Number of outcomes."""
        return self.space.n_outcomes

    def _defined(self) -> tuple[SolutionOutcome, ...]:
        """Return the defined solutions, in registry order."""
        return tuple(s for s in self.solutions.values() if s is not None)

    @property
    def zopa_empty(self) -> bool:
        """Whether no outcome is acceptable to all and at least as good as no deal for all."""
        return self.zopa.size == 0

    def forecast(self, issue: str) -> IssueForecast:
        """Return the static forecasts of one issue.

        Parameters
        ----------
        issue : str

        Returns
        -------
        IssueForecast

        Raises
        ------
        ValueError
            If the issue is not in the result.
        """
        for f in self.forecasts:
            if f.issue == issue:
                return f
        raise param_error("issue", "BargainResult.forecast", f"one of {list(self.issue_ids)}",
                          repr(issue))

    # ------------------------------------------------------------------ tables
    def to_frame(self) -> pd.DataFrame:
        """Return every solution and forecast as a tidy table: one row per method x issue.

        Returns
        -------
        pandas.DataFrame
            Columns ``method, family, issue, value, label, option``:
            ``family`` is ``'bargaining'`` (the solutions) or
            ``'forecast'`` (weighted mean, weighted median, Condorcet winner);
            ``value`` is the position on the issue's scale, ``label`` and
            ``option`` the (nearest) option's label and id. An undefined
            solution (empty ZOPA) or a missing Condorcet winner has NaN value
            and no label. Utilities are in :meth:`utilities_frame`.
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for name, sol in self.solutions.items():
            for k, issue in enumerate(self.issue_ids):
                rows.append({
                    "method": name, "family": "bargaining", "issue": issue,
                    "value": float(sol.point[k]) if sol else np.nan,
                    "label": sol.labels[k] if sol else None,
                    "option": sol.ids[k] if sol else None,
                })
        for f in self.forecasts:
            k = self.issue_ids.index(f.issue)
            for name in _FORECASTS:
                value = getattr(f, name)
                value = np.nan if value is None else float(value)
                rows.append({
                    "method": name, "family": "forecast", "issue": f.issue, "value": value,
                    "label": getattr(f, f"{name}_label"),
                    "option": self._nearest(k, value, short=True),
                })
        columns = ["method", "family", "issue", "value", "label", "option"]
        return pd.DataFrame(rows, columns=columns)

    def utilities_frame(self) -> pd.DataFrame:
        """Return each defined solution's utilities: one row per solution x party.

        Returns
        -------
        pandas.DataFrame
            Columns ``method, actor, utility, disagreement, gain, outcome``
            (``gain = utility - disagreement``; ``outcome`` is the space
            index). Empty when the ZOPA is empty.
        """
        import pandas as pd

        rows = [
            {
                "method": sol.name, "actor": actor, "utility": float(sol.utilities[i]),
                "disagreement": float(self.d[i]), "gain": float(sol.utilities[i] - self.d[i]),
                "outcome": sol.index,
            }
            for sol in self._defined()
            for i, actor in enumerate(self.actor_ids)
        ]
        columns = ["method", "actor", "utility", "disagreement", "gain", "outcome"]
        return pd.DataFrame(rows, columns=columns)

    def solutions_frame(self) -> pd.DataFrame:
        """Return one row per solution: its option on each issue and each party's utility.

        Returns
        -------
        pandas.DataFrame
            Index ``method`` (every solution, defined or not); one column
            per issue (the option label) and one ``u_<actor>`` column per
            party. Undefined solutions have missing values.
        """
        import pandas as pd

        rows = []
        for name, sol in self.solutions.items():
            row: dict[str, Any] = {"method": name}
            for k, issue in enumerate(self.issue_ids):
                row[issue] = sol.labels[k] if sol else None
            for i, actor in enumerate(self.actor_ids):
                row[f"u_{actor}"] = float(sol.utilities[i]) if sol else np.nan
            rows.append(row)
        return pd.DataFrame(rows).set_index("method")

    def plot(self, ax: Axes | None = None, actors: Sequence[str] | None = None) -> Axes:
        """Plot the utility space of two parties; see :func:`models.plotting.plot_bargaining_space`.

        Parameters
        ----------
        ax : matplotlib Axes, optional
        actors : pair of str, optional
            The two parties on the axes (default: the first two, in the
            scenario's order).

        Returns
        -------
        matplotlib Axes
        """
        from models.plotting.bargaining import plot_bargaining_space

        return plot_bargaining_space(self, ax=ax, actors=actors)

    # ------------------------------------------------------------------ display
    def _nearest(self, k: int, value: float | None, *, short: bool = False) -> str | None:
        if value is None or not np.isfinite(value):
            return None
        j = int(np.argmin(np.abs(self.space.levels[k] - value)))
        return (self.space.level_ids if short else self.space.level_labels)[k][j]

    def _summary_lines(self) -> list[str]:
        actors = ", ".join(self.actor_ids)
        d = ", ".join(
            f"{a} {v:.2f} ({src})"
            for a, v, src in zip(self.actor_ids, self.d, self.disagreement_source, strict=True)
        )
        return [
            f"{self.n_actors} parties ({actors}), {self.n_issues} issues, "
            f"{self.n_outcomes:,} outcomes ({self.space.kind!r} space, {self.loss} loss)",
            f"disagreement point d: {d}",
            f"acceptable to all: {self.feasible.size:,} outcomes; Pareto frontier: "
            f"{self.frontier.size:,}; ZOPA: {self.zopa.size:,}",
        ]

    def __repr__(self) -> str:
        lines = ["BargainResult: " + self._summary_lines()[0], *self._summary_lines()[1:]]
        if self.note:
            lines.append(self.note)
        else:
            lines.append("solutions (utilities " + " / ".join(self.actor_ids) + "):")
            width = 1 + max(len(sol.title) for sol in self._defined())
            for sol in self._defined():
                utils = " ".join(f"{u:.2f}" for u in sol.utilities)
                outcome = ", ".join(
                    f"{issue}={sid}" for issue, sid in zip(self.issue_ids, sol.ids, strict=True)
                )
                lines.append(f"  {sol.title:<{width}} {utils}  {outcome}")
        lines.append("forecasts per issue (weighted mean / weighted median / Condorcet winner):")
        for k, f in enumerate(self.forecasts):
            cells = []
            for name in _FORECASTS:
                value = getattr(f, name)
                if value is None or not np.isfinite(value):
                    cells.append("none")
                else:
                    cells.append(f"{value:.4g} ({self._nearest(k, value, short=True)})")
            lines.append(f"  {f.issue:<16} " + " / ".join(cells))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = ["<div><strong>BargainResult</strong><ul>"]
        parts += [f"<li>{esc(line)}</li>" for line in self._summary_lines()]
        parts.append("</ul>")
        if self.note:
            parts.append(f"<p><em>{esc(self.note)}</em></p>")
        else:
            head = "".join(f"<th>{esc(i)}</th>" for i in self.issue_ids)
            head += "".join(f"<th>u {esc(a)}</th>" for a in self.actor_ids)
            parts.append(f"<table><thead><tr><th>solution</th>{head}</tr></thead><tbody>")
            for sol in self._defined():
                row = "".join(f"<td>{esc(label)}</td>" for label in sol.labels)
                row += "".join(f"<td>{u:.3f}</td>" for u in sol.utilities)
                parts.append(f"<tr><th>{esc(sol.title)}</th>{row}</tr>")
            parts.append("</tbody></table>")
        parts.append(
            "<table><thead><tr><th>issue</th><th>weighted mean</th><th>weighted median</th>"
            "<th>Condorcet winner</th></tr></thead><tbody>"
        )
        for f in self.forecasts:
            cells: list[str] = []
            for name in _FORECASTS:
                value, label = getattr(f, name), getattr(f, f"{name}_label")
                if value is None or not np.isfinite(value):
                    cells.append("<td>none</td>")
                else:
                    cells.append(f"<td>{value:.4g} ({esc(str(label))})</td>")
            parts.append(f"<tr><th>{esc(f.issue)}</th>{''.join(cells)}</tr>")
        parts.append("</tbody></table></div>")
        return "".join(parts)


# ---------------------------------------------------------------------- facade


def _space(
    scenario: Scenario, space: Any, resolution: int | None, func: str
) -> OutcomeSpace:
    if isinstance(space, OutcomeSpace):
        known = {i.id: i for i in scenario.issues}
        for ident in space.issue_ids:
            if ident not in known:
                raise param_error(
                    "space", func, f"an outcome space over issues of the scenario "
                    f"({', '.join(known)})", f"a space with issue {ident!r}",
                )
        if space.n_outcomes == 0:
            raise param_error("space", func, "a finite outcome space", "a continuous box")
        return space
    if space not in ("auto", "options", "grid"):
        raise param_error(
            "space", func, "one of 'auto', 'options', 'grid' or a finite OutcomeSpace", repr(space)
        )
    if resolution is not None:
        resolution = check_int(resolution, "resolution", func, low=2)
    try:
        return OutcomeSpace.from_scenario(scenario, kind=space, resolution=resolution)
    except ValueError as err:
        raise ValueError(str(err).replace("OutcomeSpace.from_scenario", func)) from None


def _disagreement(
    disagreement: Any, arrays: ScenarioArrays, loss: Loss, func: str
) -> tuple[NDArray[np.float64], tuple[str, ...]]:
    n = arrays.n_actors
    if disagreement is None:
        given = ~np.isnan(arrays.disagreement)
        d = arrays.disagreement_point(loss=loss)
        return d, tuple("scenario" if g else "status quo" for g in given)
    if isinstance(disagreement, str):
        if disagreement != "status_quo":
            raise param_error(
                "disagreement", func, "None, 'status_quo', an array of shape (n_actors,) or a "
                "mapping from party id to utility", repr(disagreement),
            )
        return arrays.status_quo_utilities(loss=loss), ("status quo",) * n
    if isinstance(disagreement, Mapping):
        unknown = [a for a in disagreement if a not in arrays.actor_ids]
        if unknown:
            raise param_error(
                "disagreement", func, f"a mapping over the parties ({', '.join(arrays.actor_ids)})",
                f"a mapping with {unknown[0]!r}",
            )
        fallback = arrays.disagreement_point(loss=loss)
        d = np.array([
            float(disagreement[a]) if a in disagreement else fallback[i]
            for i, a in enumerate(arrays.actor_ids)
        ])
        source = tuple(
            "given" if a in disagreement
            else ("scenario" if not np.isnan(arrays.disagreement[i]) else "status quo")
            for i, a in enumerate(arrays.actor_ids)
        )
    else:
        d = check_array(disagreement, "disagreement", func, ndim=1, shape=(n,),
                        shape_text=f"(n_actors,) = ({n},)")
        source = ("given",) * n
    d = check_array(d, "disagreement", func, ndim=1)
    if d.size and (d.min() < 0 or d.max() > 1):
        bad = float(d.min() if d.min() < 0 else d.max())
        raise param_error("disagreement", func, "utilities in [0, 1]", f"a value of {bad:g}")
    return d, source


def _weights(weights: Any, arrays: ScenarioArrays, func: str) -> NDArray[np.float64] | None:
    if weights is None or (isinstance(weights, str) and weights == "equal"):
        return None
    if isinstance(weights, str):
        if weights != "capability":
            raise param_error(
                "weights", func, "'capability', 'equal', None or an array of shape (n_actors,)",
                repr(weights),
            )
        w = arrays.capabilities.astype(float)
        if w.sum() <= 0:
            return None
    elif isinstance(weights, Mapping):
        missing = [a for a in arrays.actor_ids if a not in weights]
        if missing:
            raise param_error("weights", func, "a weight for every party",
                              f"no weight for {missing[0]!r}")
        w = np.array([float(weights[a]) for a in arrays.actor_ids])
    else:
        n = arrays.n_actors
        w = check_array(weights, "weights", func, ndim=1, shape=(n,), shape_text=f"({n},)")
    w = check_array(w, "weights", func, ndim=1, nonnegative=True)
    if w.sum() <= 0:
        raise param_error("weights", func, "weights with a positive sum", str(w.tolist()))
    return np.asarray(w / w.sum(), dtype=float)


def _why_empty(
    arrays: ScenarioArrays,
    space: OutcomeSpace,
    U: NDArray[np.float64],
    d: NDArray[np.float64],
    feasible: NDArray[np.intp],
) -> str:
    """Explain an empty ZOPA: incompatible red lines, or who the closest outcome leaves short."""
    actors = arrays.actor_ids
    if feasible.size == 0:
        reasons = []
        for k, issue in enumerate(space.issue_ids):
            col = list(arrays.issue_ids).index(issue)
            low, high = arrays.acceptable_low[:, col], arrays.acceptable_high[:, col]
            i_low, i_high = int(np.argmax(low)), int(np.argmin(high))
            levels = space.levels[k]
            inside = (levels >= low.max() - 1e-9) & (levels <= high.min() + 1e-9)
            if low.max() > high.min() + 1e-9:
                reasons.append(
                    f"{issue} ({actors[i_low]} accepts at least {low.max():g}, "
                    f"{actors[i_high]} at most {high.min():g})"
                )
            elif not inside.any():
                reasons.append(
                    f"{issue} (no point of the outcome space lies in [{low.max():g}, "
                    f"{high.min():g}], the range every party accepts)"
                )
        where = "; ".join(reasons) if reasons else "the combination of issues"
        return (
            f"The ZOPA is empty: no outcome respects every party's red lines, which are "
            f"incompatible on {where}. The bargaining solutions are undefined."
        )
    gap = U[feasible] - d
    best = int(feasible[int(np.argmax(gap.min(axis=1)))])
    short = [
        f"{actors[i]} by {d[i] - U[best, i]:.3f}" for i in range(len(actors)) if U[best, i] < d[i]
    ]
    return (
        f"The ZOPA is empty: every outcome within the red lines leaves some party below its "
        f"disagreement utility; the closest (outcome {best}) leaves {', '.join(short)} short. "
        "The bargaining solutions are undefined."
    )


def _solution(
    name: str, result: Any, zopa: NDArray[np.intp], space: OutcomeSpace
) -> SolutionOutcome:
    index = int(zopa[int(result.index)])
    ties_local = np.atleast_1d(np.asarray(getattr(result, "ties", ()), dtype=np.intp))
    ties = _frozen(np.unique(np.concatenate([zopa[ties_local], [index]])), np.intp)
    return SolutionOutcome(
        name=name,
        index=index,
        point=_frozen(space.points[index], float),
        labels=space.label(index),
        ids=tuple(space.labels([index], short=True)[0]),
        utilities=_frozen(result.utilities, float),
        ties=ties,
    )


def _forecasts(arrays: ScenarioArrays, space: OutcomeSpace) -> tuple[IssueForecast, ...]:
    from models.spatial.static import condorcet_winner, weighted_mean, weighted_median

    out = []
    for k, issue in enumerate(space.issue_ids):
        col = list(arrays.issue_ids).index(issue)
        has = arrays.has_position[:, col]
        pos = arrays.ideals[has, col]
        sal = arrays.saliences[has, col]
        cap = arrays.capabilities[has]
        levels, labels = space.levels[k], space.level_labels[k]

        def nearest(value: float | None, levels: Any = levels, labels: Any = labels) -> str | None:
            if value is None or not np.isfinite(value):
                return None
            return str(labels[int(np.argmin(np.abs(levels - value)))])

        if has.any() and float((sal * cap).sum()) > 0:
            mean = float(weighted_mean(pos, sal, cap))
            median = float(weighted_median(pos, sal, cap))
            winner = condorcet_winner(pos, sal, cap, candidates=levels)
            cond = None if winner is None else float(winner)
        else:
            mean = median = float("nan")
            cond = None
        out.append(IssueForecast(
            issue=issue, n_actors=int(has.sum()), weighted_mean=mean, weighted_median=median,
            condorcet=cond, weighted_mean_label=nearest(mean),
            weighted_median_label=nearest(median), condorcet_label=nearest(cond),
        ))
    return tuple(out)


def bargain(
    scenario: Scenario,
    *,
    space: Literal["auto", "options", "grid"] | OutcomeSpace = "auto",
    resolution: int | None = None,
    loss: Loss = "linear",
    weights: Literal["capability", "equal"] | ArrayLike | Mapping[str, float] | None = "capability",
    disagreement: Literal["status_quo"] | ArrayLike | Mapping[str, float] | None = None,
    actors: Sequence[str] | None = None,
) -> BargainResult:
    """Solve a scenario's bargaining problem: ZOPA, Pareto frontier, solutions and forecasts.

    Builds the outcome space and each party's utilities, excludes every
    outcome that crosses a party's red line (acceptable range), finds the
    zone of possible agreement, and computes every solution of
    :data:`models.bargaining.SOLUTIONS` within it (Nash, Kalai-Smorodinsky,
    egalitarian, utilitarian), plus the weighted mean,
    weighted median and Condorcet winner of each issue. An empty ZOPA is a
    valid answer: the solutions are then None and ``note`` says why.

    Parameters
    ----------
    scenario : positions.Scenario
    space : {'auto', 'options', 'grid'} or OutcomeSpace
        ``'auto'`` (default): an issue with named options ranges over them;
        every other issue (and one with a declared resolution) over its
        scale, a grid plus its options, status quo and the parties' ideal
        points and acceptable bounds (:meth:`OutcomeSpace.from_scenario`).
        ``'options'`` (the earlier default): the product of the issues'
        options (anchors or a grid for issues without options). ``'grid'``:
        evenly spaced points on every scale. Or a finite
        :class:`OutcomeSpace` over some of the scenario's issues (the others
        are left out). ``result.space.describe()`` states the grid.
    resolution : int, optional
        Grid points (>= 2) of the issues covered by a grid; default the
        declared resolution (``roles.resolution``), else 21 (``'auto'``) or
        11.
    loss : {'linear', 'quadratic'}
        The spatial loss of :func:`models.outcomes.utilities`.
    weights : {'capability', 'equal'}, array_like of shape (n_actors,), mapping or None
        The Nash bargaining weights: the parties' capabilities (default;
        symmetric if they are all 0), equal (``'equal'`` or None: the
        symmetric solution), or given (a mapping from party id, or an array
        in party order); normalised to sum to 1.
    disagreement : 'status_quo', array_like of shape (n_actors,), mapping or None
        The utility of no deal. None: the scenario's disagreement points,
        and for a party without one, its utility of the status quo outcome
        (every issue at its status quo). ``'status_quo'``: that utility for
        every party. An array (party order) or a mapping from party id
        (parties left out fall back as for None); values in [0, 1].
    actors : sequence of str, optional
        The parties to include, in this order (default: every party, in
        scenario order). The others' positions are ignored.

    Returns
    -------
    BargainResult

    Raises
    ------
    ValueError
        If an argument is invalid: an unknown or repeated party in
        ``actors``, an unknown ``space``, ``loss`` or ``weights``, a
        disagreement point of the wrong shape or outside [0, 1], negative
        weights, or a space too large to enumerate.

    See Also
    --------
    models.outcomes : the outcome space and the utilities.
    models.bargaining.solve : the solutions of a utility array.

    References
    ----------
    .. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica*, 18(2).
    .. [2] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
       University Press.

    Examples
    --------
    >>> import positions, models
    >>> result = bargain(positions.load("ukraine-ceasefire-2025-05"))
    >>> result.actor_ids == tuple(a.id for a in positions.load(
    ...     "ukraine-ceasefire-2025-05").parties)
    True
    >>> result.zopa_empty == (result.solutions["nash"] is None)
    True
    >>> list(result.solutions) == list(models.bargaining.SOLUTIONS)
    True
    """
    from models.bargaining.finite import solve
    from models.bargaining.frontier import pareto_frontier, zopa

    func = "bargain"
    if loss not in ("linear", "quadratic"):
        raise param_error("loss", func, "one of 'linear', 'quadratic'", repr(loss))
    outcome_space = _space(scenario, space, resolution, func)
    arrays = scenario_arrays(
        scenario, actors=actors, issues=list(outcome_space.issue_ids), _func=func
    )
    U = utilities(outcome_space, arrays.ideals, arrays.saliences, loss=loss)
    U = np.ascontiguousarray(U)
    ok = acceptable_mask(outcome_space, arrays.acceptable_low, arrays.acceptable_high)
    d, source = _disagreement(disagreement, arrays, loss, func)
    w = _weights(weights, arrays, func)

    feasible = np.flatnonzero(ok.all(axis=1))
    U_f = U[feasible]
    frontier = feasible[np.asarray(pareto_frontier(U_f), dtype=np.intp)] if feasible.size else (
        np.empty(0, dtype=np.intp)
    )
    in_zopa = np.asarray(zopa(U_f, d), dtype=np.intp) if feasible.size else np.empty(0, np.intp)
    zopa_idx = feasible[in_zopa]

    found: dict[str, SolutionOutcome | None] = dict.fromkeys(SOLUTIONS)
    note = None
    if zopa_idx.size:
        U_z = U[zopa_idx]
        for name in SOLUTIONS:
            sol = solve(U_z, d, solution=name, weights=w)
            found[name] = _solution(name, sol, zopa_idx, outcome_space)
    else:
        note = _why_empty(arrays, outcome_space, U, d, feasible)

    U.flags.writeable = False
    return BargainResult(
        actor_ids=arrays.actor_ids,
        issue_ids=outcome_space.issue_ids,
        space=outcome_space,
        U=U,
        d=_frozen(d, float),
        disagreement_source=source,
        weights=None if w is None else _frozen(w, float),
        loss=loss,
        acceptable=_frozen(ok, bool),
        feasible=_frozen(feasible, np.intp),
        frontier=_frozen(np.sort(frontier), np.intp),
        zopa=_frozen(zopa_idx, np.intp),
        solutions=found,
        forecasts=_forecasts(arrays, outcome_space),
        note=note,
    )
