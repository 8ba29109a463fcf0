"""The results of interactive what-ifs (:mod:`models.analysis.explore`).

:class:`WhatIfResult` holds the bargaining and forecasts of a scenario with some
judged numbers changed, beside those at the coded values; :class:`MonteCarloComparison`
the Monte Carlo's key probabilities and means before and after the change. Both are
frozen, with ``.to_frame()``, ``.plot(ax=None)``, a text ``summary()`` and an HTML
form for Jupyter.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from models._repr import fmt_number
from models.analysis.titles import EVENTS as _EVENT_TEXT

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from models.bargaining.bargain import BargainResult
    from models.spatial.forecast import ForecastResult
    from models.uncertainty.results import MonteCarloResult
    from positions import Scenario

__all__ = ["MonteCarloComparison", "WhatIfResult"]



def _cell(value: Any, option: Any = None) -> str:
    """Show a solution by its option where it has one, else a number to 4 digits."""
    if isinstance(option, str) and option:
        return option
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "-"
    return fmt_number(float(value))


def _long(result: WhatIfResult) -> pd.DataFrame:
    """Return the solutions and forecasts of one result as a long table with display cells."""
    import pandas as pd

    parts = []
    if result.bargain_core is not None:
        b = result.bargain_core.to_frame()
        b = b[b["family"] == "bargaining"]
        parts.append(pd.DataFrame({
            "table": "solutions", "method": b["method"], "issue": b["issue"],
            "value": b["value"].astype(float),
            "cell": [_cell(v, o) for v, o in zip(b["value"], b["option"], strict=True)],
        }))
    if result.forecast is not None:
        f = result.forecast.to_frame()
        parts.append(pd.DataFrame({
            "table": "forecasts", "method": f["method"], "issue": f["issue"],
            "value": f["forecast"].astype(float), "cell": [_cell(v) for v in f["forecast"]],
        }))
    if not parts:
        return pd.DataFrame(columns=["table", "method", "issue", "value", "cell"])
    return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True, slots=True)
class WhatIfResult:
    """Bargaining and forecasts with some judged numbers changed (:meth:`Explorer.update`).

    Attributes
    ----------
    changes : mapping of str to float
        The new values by path.
    scenario : positions.Scenario
        The changed scenario (each change recorded in its estimate's ``assumptions``).
    core_parties : tuple of str
    bargain_all, bargain_core : BargainResult or None
        Bargaining among all parties and among the core parties (None without issues).
    forecast : ForecastResult or None
    skipped : mapping of str to str
        Steps that did not run, with the reason.
    seconds : float
        Wall time of the update.
    baseline : WhatIfResult or None
        The results at the coded values (None for the baseline itself).
    """

    changes: Mapping[str, float]
    scenario: Scenario
    core_parties: tuple[str, ...]
    bargain_all: BargainResult | None
    bargain_core: BargainResult | None
    forecast: ForecastResult | None
    skipped: Mapping[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    baseline: WhatIfResult | None = None

    def __repr__(self) -> str:
        return f"WhatIfResult({self.summary(short=True)})"

    def zopa_size(self, group: str = "core") -> int:
        """Return the number of outcomes in the ZOPA of ``'all'`` parties or the ``'core'``.

        Parameters
        ----------
        group : {'core', 'all'}

        Returns
        -------
        int

        Raises
        ------
        ValueError
            If ``group`` is not ``'core'`` or ``'all'``.
        """
        if group not in ("core", "all"):
            raise ValueError(f"The 'group' parameter of zopa_size must be 'core' or 'all'. "
                             f"Got {group!r} instead.")
        result = self.bargain_core if group == "core" else self.bargain_all
        return 0 if result is None else int(np.size(result.zopa))

    def to_frame(self) -> pd.DataFrame:
        """Return the solutions (core parties) and forecasts beside the baseline's.

        Returns
        -------
        pandas.DataFrame
            Columns ``table`` (``'solutions'`` or ``'forecasts'``), ``method, issue,
            value, cell`` (the option of a solution, else the value to 4 digits),
            ``baseline_value, baseline_cell, changed`` (the cell differs).
        """
        df = _long(self)
        base = _long(self.baseline) if self.baseline is not None else df
        keyed = base.set_index(["table", "method", "issue"])
        joined = df.join(keyed[["value", "cell"]].rename(
            columns={"value": "baseline_value", "cell": "baseline_cell"}),
            on=["table", "method", "issue"])
        joined["changed"] = joined["cell"] != joined["baseline_cell"].fillna("")
        return joined.reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the ZOPA, solutions and forecasts tables, changed cells marked.

        Returns
        -------
        dict of str to pandas.DataFrame
            ``'zopa'``: one row per group (``group, parties, zopa, baseline``);
            ``'solutions'`` and ``'forecasts'``: one row per issue, one column per
            method, each cell the option (or value), with ``" (was X)"`` where the
            change moved it.
        """
        import pandas as pd

        base = self.baseline if self.baseline is not None else self
        zopa = pd.DataFrame([
            {"group": "all parties", "parties": "+".join(a.id for a in self.scenario.parties),
             "zopa": self.zopa_size("all"), "baseline": base.zopa_size("all")},
            {"group": "core parties", "parties": "+".join(self.core_parties),
             "zopa": self.zopa_size("core"), "baseline": base.zopa_size("core")},
        ])
        long = self.to_frame()
        out = {"zopa": zopa}
        for name in ("solutions", "forecasts"):
            part = long[long["table"] == name]
            if part.empty:
                out[name] = pd.DataFrame()
                continue
            cells = [f"{r.cell}" + (f" (was {r.baseline_cell})" if r.changed else "")
                     for r in part.itertuples(index=False)]
            wide = part.assign(cell=cells).pivot(index="issue", columns="method", values="cell")
            order = list(dict.fromkeys(part["issue"]))
            methods = list(dict.fromkeys(part["method"]))
            out[name] = wide.loc[order, methods].rename_axis(columns=None)
        return out

    def changed(self) -> pd.DataFrame:
        """Return only the rows of :meth:`to_frame` that the change moved."""
        df = self.to_frame()
        return df[df["changed"]].reset_index(drop=True)

    def summary(self, *, short: bool = False) -> str:
        """Return a few lines: the changes, the ZOPA sizes and what moved.

        Parameters
        ----------
        short : bool
            One line.

        Returns
        -------
        str
        """
        base = self.baseline if self.baseline is not None else self
        what = ", ".join(f"{p} = {fmt_number(v)}" for p, v in self.changes.items()) or "none"
        zopa = (f"ZOPA all parties {self.zopa_size('all')} (was {base.zopa_size('all')}), "
                f"core {'+'.join(self.core_parties)} {self.zopa_size('core')} "
                f"(was {base.zopa_size('core')})")
        if short:
            return f"changes: {what}; {zopa}; {self.seconds:.2f} s"
        moved = self.changed()
        lines = [f"what-if: {what}", zopa, f"{len(moved)} solution and forecast cells moved"
                 + (":" if len(moved) else "")]
        for r in moved.head(12).itertuples(index=False):
            lines.append(f"  {r.table} {r.method} {r.issue}: {r.baseline_cell} -> {r.cell}")
        if len(moved) > 12:
            lines.append(f"  ... and {len(moved) - 12} more")
        lines += [f"skipped {step}: {why}" for step, why in self.skipped.items()]
        return "\n".join(lines)

    def to_html(self) -> str:
        """Return the tables as HTML, moved cells in bold."""
        parts = []
        for name, table in self.tables().items():
            if table.empty:
                continue
            styled = table.map(lambda c: f"<b>{html.escape(c)}</b>" if "(was" in str(c)
                               else html.escape(str(c))) if name != "zopa" else table
            caption = {"zopa": "Zone of possible agreement (outcomes)",
                       "solutions": f"Bargaining solutions ({'+'.join(self.core_parties)})",
                       "forecasts": "Forecasts (all parties)"}[name]
            parts.append(f"<h4>{caption}</h4>"
                         + styled.to_html(escape=False, index=name != "zopa", border=0))
        skipped = "".join(f"<li>{html.escape(s)}: {html.escape(w)}</li>"
                          for s, w in self.skipped.items())
        return "".join(parts) + (f"<p>Skipped:</p><ul>{skipped}</ul>" if skipped else "")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary(short=True))}</p>" + self.to_html()

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Plot each issue's solutions and forecasts on its scale, the baseline hollow.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
        **kwargs
            Passed to :meth:`matplotlib.axes.Axes.scatter`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.4 * max(3, len(self.scenario.issues)) + 1))
        df = self.to_frame()
        scales = {i.id: (i.scale.low, i.scale.high) for i in self.scenario.issues}
        issues = list(dict.fromkeys(df["issue"]))
        y = {k: n for n, k in enumerate(issues)}
        methods = list(dict.fromkeys(df["table"] + ": " + df["method"]))
        for m, name in enumerate(methods):
            part = df[(df["table"] + ": " + df["method"]) == name]
            lo = np.array([scales[k][0] for k in part["issue"]])
            hi = np.array([scales[k][1] for k in part["issue"]])
            rows = np.array([y[k] for k in part["issue"]]) + 0.6 * (m / max(len(methods), 1) - 0.3)
            now = (part["value"].to_numpy(float) - lo) / (hi - lo)
            was = (part["baseline_value"].to_numpy(float) - lo) / (hi - lo)
            dots = ax.scatter(now, rows, label=name, zorder=3, **kwargs)
            ax.scatter(was, rows, facecolors="none", edgecolors=dots.get_facecolor(), zorder=2)
        ax.set_yticks(range(len(issues)), issues)
        ax.set_xlim(-0.05, 1.05)
        ax.set_xlabel("position on the issue's scale (0 = low end, 1 = high end); hollow: coded")
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return ax


def _nanmean(x: np.ndarray) -> float:
    """Return the mean of the non-NaN values (NaN when there is none)."""
    ok = ~np.isnan(x)
    return float(x[ok].mean()) if ok.any() else float("nan")


def _describe(output: str) -> str:
    """Describe a mean output of the Monte Carlo in words."""
    if output == "war.range_width":
        return "width of the Fearon bargaining range"
    kind, issue = output.removeprefix("forecast.").split(".", 1)
    method = {"mean": "weighted mean", "median": "weighted median"}.get(kind, kind)
    return f"{issue}: {method} forecast (core parties)"


@dataclass(frozen=True, slots=True)
class MonteCarloComparison:
    """The Monte Carlo at the coded values and with what-if changes (:meth:`Explorer.monte_carlo`).

    Attributes
    ----------
    changes : mapping of str to float
    before, after : MonteCarloResult
        The runs over the core parties (same seed and draws' uniforms); with the
        changes, each changed number's distribution moved with it.
    core_parties : tuple of str
    """

    changes: Mapping[str, float]
    before: MonteCarloResult
    after: MonteCarloResult
    core_parties: tuple[str, ...]

    def __repr__(self) -> str:
        return f"MonteCarloComparison({len(self.to_frame())} outputs, n={self.after.n_draws})"

    def to_frame(self) -> pd.DataFrame:
        """Return the key events' probabilities and the forecasts' means, before and after.

        Returns
        -------
        pandas.DataFrame
            Columns ``output, description, kind`` (``'probability'`` or ``'mean'``),
            ``before, after, change, se`` (of ``after``); one row per event of
            :func:`models.analyze`, the war range's width, and each issue's weighted
            mean and median forecast (core parties).
        """
        import pandas as pd

        rows = []
        names = [n for n in _EVENT_TEXT if n in self.after.output_names]
        names += [n for n in self.after.output_names
                  if n == "war.range_width" or n.startswith(("forecast.mean.", "forecast.median."))]
        for name in names:
            kind = "probability" if name in _EVENT_TEXT else "mean"
            b = np.asarray(self.before.outputs[name], dtype=float)
            a = np.asarray(self.after.outputs[name], dtype=float)
            ok = ~np.isnan(a)
            before, after = _nanmean(b), _nanmean(a)
            se = float(np.nanstd(a, ddof=1) / np.sqrt(max(ok.sum(), 1))) if ok.sum() > 1 else 0.0
            text = _EVENT_TEXT.get(name) or _describe(name)
            rows.append({"output": name, "description": text, "kind": kind, "before": before,
                         "after": after, "change": after - before, "se": se})
        return pd.DataFrame(rows, columns=["output", "description", "kind", "before", "after",
                                           "change", "se"])

    def summary(self) -> str:
        """Return the events' probabilities before and after, one line each."""
        df = self.to_frame()
        lines = [f"Monte Carlo ({self.after.n_draws} draws, core parties "
                 f"{'+'.join(self.core_parties)}): coded -> what-if"]
        for text, before, after in zip(df["description"], df["before"].astype(float),
                                       df["after"].astype(float), strict=True):
            lines.append(f"  {text}: {fmt_number(before)} -> {fmt_number(after)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        df = self.to_frame()[["description", "kind", "before", "after", "change"]]
        return df.to_html(index=False, float_format=lambda x: f"{x:.3g}", border=0)

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Plot each event's probability at the coded values (hollow) and with the changes.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
        **kwargs
            Passed to :meth:`matplotlib.axes.Axes.scatter`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        import matplotlib.pyplot as plt

        df = self.to_frame()
        df = df[df["kind"] == "probability"]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.45 * max(len(df), 2) + 1))
        y = np.arange(len(df))
        ax.hlines(y, df["before"], df["after"], color="0.6")
        ax.scatter(df["before"], y, facecolors="none", edgecolors="C0", label="coded", zorder=3)
        ax.scatter(df["after"], y, color="C0", label="what-if", zorder=3, **kwargs)
        ax.set_yticks(y, df["description"])
        ax.set_xlim(-0.02, 1.02)
        ax.set_xlabel("probability over the draws")
        ax.legend(fontsize="small")
        return ax
