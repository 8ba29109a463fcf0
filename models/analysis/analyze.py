"""The main job: every model of stances run on one scenario, summarised and reported.

:func:`analyze` validates nothing itself (a :class:`positions.Scenario` is valid by
construction) and runs, in order:

1. bargaining over the outcome space (:func:`models.bargain`) with all parties, and
   for every coalition that leaves one party out, to show whose red lines block a deal;
2. the static and dynamic forecasts of each issue (:func:`models.forecast`);
3. war bargaining from the parties' beliefs (:func:`models.war_bargaining`);
4. the sanctions-threat game (:func:`models.sanctions_threat_game`);
5. the Graph Model's stabilities and equilibria from the scenario's options;
6. a Monte Carlo run over every coded uncertainty, with the probabilities of a
   ZOPA, of a bargaining range and of a credible, deterring threat; and
7. Sobol sensitivity indices of those probabilities, naming the inputs that drive them.

The result is an :class:`Analysis` with :meth:`Analysis.summary` (text),
:meth:`Analysis.report` (a self-contained HTML report) and :meth:`Analysis.write`
(the report plus the results as Parquet and JSON beside the resolved options and seed).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from models._checks import check_int
from models.analysis.report import Report
from models.bargaining.bargain import BargainResult, bargain
from models.bargaining.montecarlo import BargainingModel
from models.games.montecarlo import ThreatModel
from models.games.trees import SubgamePerfectEquilibrium, backward_induction, sanctions_threat_game
from models.gmcr.graph_model import GraphModel, GraphStability, StatusQuoAnalysis
from models.spatial.forecast import ForecastResult, forecast
from models.uncertainty.inputs import UncertainInputs, uncertain
from models.uncertainty.montecarlo import MonteCarloResult, monte_carlo
from models.uncertainty.sensitivity import SobolIndices, sobol_indices
from models.war.montecarlo import WarModel
from models.war.war_bargaining import WarBargaining, war_bargaining

if TYPE_CHECKING:
    import pandas as pd

    from positions import Scenario

__all__ = ["Analysis", "analyze"]

_EVENTS = {
    "core.zopa": "a ZOPA exists among the core parties",
    "war.range_exists": "a Fearon bargaining range exists (common beliefs)",
    "war.optimism_range_exists": "a range exists despite divergent beliefs",
    "threat.credible": "the US sanctions threat is credible",
    "threat.deters": "a credible threat would deter Russia",
}


def small() -> bool:
    """Tell whether ``STANCES_SMALL`` asks for small sample sizes (tests, notebooks in CI)."""
    return os.environ.get("STANCES_SMALL", "") not in ("", "0")


@dataclass(frozen=True, slots=True)
class _Combined:
    """Several Monte Carlo models evaluated on the same draws, outputs prefixed."""

    models: Mapping[str, Callable[[Mapping[str, NDArray[Any]]], Mapping[str, NDArray[Any]]]]

    def __call__(self, values: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
        out: dict[str, NDArray[Any]] = {}
        for prefix, model in self.models.items():
            for name, arr in model(values).items():
                out[f"{prefix}.{name}"] = arr
        return out


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything :func:`analyze` computed on one scenario.

    Attributes
    ----------
    scenario : positions.Scenario
    seed : int
        The root seed of every stochastic step.
    n_draws : int
        Monte Carlo draws.
    bargain_all : BargainResult
        Bargaining with every party.
    core_parties : tuple of str
        All parties if they have a non-empty ZOPA at the point values; else, of
        the coalitions leaving one party out that have one, the one leaving out
        the least capable party; else all parties.
    coalitions : pandas.DataFrame
        For all parties and each coalition leaving one out: ZOPA and frontier sizes.
    bargain_core : BargainResult
        Bargaining among the core parties.
    forecast : ForecastResult
    war : WarBargaining
    threat : SubgamePerfectEquilibrium
    stability : GraphStability
    status_quo : StatusQuoAnalysis or None
        Which Nash equilibria of the Graph Model unilateral improvements
        reach from the status quo, and how (None without a status quo).
    monte_carlo : MonteCarloResult
    sensitivity : SobolIndices or None
        None when no event varies across draws (nothing to attribute).
    skipped : mapping of str to str
        Steps that do not apply to this scenario (e.g. war bargaining without
        beliefs about the battlefield), with the reason; their fields are None.
    """

    scenario: Scenario
    seed: int
    n_draws: int
    bargain_all: BargainResult
    core_parties: tuple[str, ...]
    coalitions: pd.DataFrame
    bargain_core: BargainResult | None
    forecast: ForecastResult | None
    war: WarBargaining | None
    threat: SubgamePerfectEquilibrium | None
    stability: GraphStability | None
    status_quo: StatusQuoAnalysis | None
    monte_carlo: MonteCarloResult | None
    sensitivity: SobolIndices | None
    skipped: Mapping[str, str]

    # ------------------------------------------------------------------ tables
    def events(self) -> pd.DataFrame:
        """Return the Monte Carlo probabilities of the key events, with 95% intervals.

        Returns
        -------
        pandas.DataFrame
            Columns ``event, description, probability, se, ci_low, ci_high, n``.
        """
        import pandas as pd

        rows = []
        if self.monte_carlo is None:
            return pd.DataFrame(
                columns=["event", "description", "probability", "se", "ci_low", "ci_high", "n"]
            )
        for name, text in _EVENTS.items():
            if name not in self.monte_carlo.output_names:
                continue
            est = self.monte_carlo.probability(name)
            rows.append(
                {
                    "event": name,
                    "description": text,
                    "probability": est.estimate,
                    "se": est.se,
                    "ci_low": est.ci_low,
                    "ci_high": est.ci_high,
                    "n": est.n,
                }
            )
        return pd.DataFrame(rows)

    def influential(self, n: int = 8) -> pd.DataFrame:
        """Return the inputs with the largest total Sobol index for any event, with their sources.

        Each input is a judged number of the scenario (its path, as in
        :meth:`positions.Scenario.estimates`), so the table also says what the
        number rests on: the quotes, sources and origins behind it and the
        premises that do not come from the sources. An influential input with
        few quotes or with assumptions is where better evidence would matter
        most.

        Parameters
        ----------
        n : int
            How many inputs.

        Returns
        -------
        pandas.DataFrame
            Columns ``input, output, ST, ST_conf, S1, n_quotes, n_sources,
            n_origins, evidence_from, n_assumptions, rationale``, sorted by
            ``ST``; the last six from :meth:`positions.Scenario.estimates_frame`
            (quotes counted from the estimate or the item holding it).
        """
        import pandas as pd

        provenance = [
            "n_quotes", "n_sources", "n_origins", "evidence_from", "n_assumptions", "rationale"
        ]
        if self.sensitivity is None:
            return pd.DataFrame(columns=["input", "output", "ST", "ST_conf", "S1", *provenance])
        df = self.sensitivity.to_frame()
        wide = df.pivot_table(
            index=["output", "input"], columns="index", values="value", aggfunc="first"
        ).reset_index()
        conf = df.pivot_table(
            index=["output", "input"], columns="index", values="conf", aggfunc="first"
        ).reset_index()
        wide["ST_conf"] = conf["ST"]
        wide = wide.sort_values("ST", ascending=False)
        best = wide.drop_duplicates("input").head(n)
        best = best[["input", "output", "ST", "ST_conf", "S1"]].reset_index(drop=True)
        where = self.scenario.estimates_frame().set_index("path")[provenance]
        return best.join(where, on="input")

    def equilibria(self) -> dict[str, list[int]]:
        """Return the Graph Model equilibria (state numbers) under each stability concept."""
        if self.stability is None:
            return {}
        return {
            c: [int(x) for x in self.stability.equilibria(c)] for c in ("R", "GMR", "SMR", "SEQ")
        }

    # ------------------------------------------------------------------ text
    def summary(self) -> str:
        """Return a concise plain-text summary of every result.

        Returns
        -------
        str
        """
        s = self.scenario
        lines = [f"{s.title} ({s.id}, {s.date})", ""]
        lines.append("Bargaining (outcome space: every combination of issue options)")
        for parties, zopa, frontier, reason in self.coalitions[
            ["parties", "zopa", "frontier", "reason"]
        ].itertuples(index=False):
            line = f"  {parties!s:<20s} ZOPA {int(zopa):>6,d}   frontier {int(frontier):>5,d}"
            lines.append(line + (f"   {reason!s}" if reason else ""))
        lines.append(f"  core parties: {', '.join(self.core_parties)}")
        core = self.bargain_core
        if core is None:
            lines.append(f"  skipped: {self.skipped.get('bargaining', '')}")
        else:
            if core.note:
                lines.append(f"  {core.note}")
            for sol in core.solutions.values():
                if sol is None:
                    continue
                labels = ", ".join(
                    f"{k}={v}" for k, v in zip(core.issue_ids, sol.ids, strict=False)
                )
                lines.append(f"    {sol.name:<18s} {labels}")
        lines += ["", "Forecasts per issue (issue scale 0-100)"]
        lines.append(repr(self.forecast) if self.forecast is not None else "  skipped")
        for step in ("forecast (dynamic)", "forecast"):
            if step in self.skipped:
                lines.append(f"  {step} skipped: {self.skipped[step]}")
        lines += ["", "War bargaining (Fearon 1995)"]
        w = self.war
        if w is None:
            lines.append(f"  skipped: {self.skipped.get('war bargaining', '')}")
        else:
            lines.append(
                f"  static range for {w.side_a}'s share: [{float(w.static.low):.2f}, "
                f"{float(w.static.high):.2f}]  (p={float(w.static.p_a):.2f})"
            )
            verdict = "a range exists" if bool(w.optimism.nonempty) else "no range: mutual optimism"
            lines.append(
                f"  divergent beliefs ({w.holder_a} {float(w.optimism.p_a):.2f} vs "
                f"{w.holder_b} {float(w.optimism.p_b):.2f}): {verdict}"
            )
            if w.learning is not None:
                opening = w.learning.opening_month[~w.learning.censored]
                if opening.size:
                    lines.append(
                        f"  learning while fighting: a range opens by month "
                        f"{np.median(opening):.0f} (median of {opening.size} draws)"
                    )
        lines += ["", "Sanctions-threat game (subgame-perfect equilibrium)"]
        t = self.threat
        if t is None:
            lines.append(f"  skipped: {self.skipped.get('threat game', '')}")
        else:
            strategy = ", ".join(f"{node}: {action}" for node, action in t.strategy.items())
            payoffs = ", ".join(f"{k} {v:+.3f}" for k, v in t.payoffs.items())
            lines += [
                f"  path: {' -> '.join(t.path)}",
                f"  strategies: {strategy}",
                f"  payoffs: {payoffs}",
            ]
        lines += ["", "Graph Model equilibria (state numbers) by stability concept"]
        if self.stability is None:
            lines.append(f"  skipped: {self.skipped.get('graph model', '')}")
        for concept, states in self.equilibria().items():
            shown = ", ".join(map(str, states[:12])) + (" ..." if len(states) > 12 else "")
            lines.append(f"  {concept:<4s} {len(states):>5d} states  {shown}")
        lines += self._status_quo_lines()
        lines.append("")
        if self.monte_carlo is None:
            lines.append(f"Monte Carlo skipped: {self.skipped.get('monte carlo', '')}")
        else:
            lines.append(
                f"Monte Carlo over {len(self.monte_carlo.inputs.names)} uncertain inputs, "
                f"{self.n_draws:,d} draws (seed {self.seed})"
            )
        for row in self.events().itertuples():
            lines.append(
                f"  P({row.description}) = {row.probability:.3f} "
                f"[{row.ci_low:.3f}, {row.ci_high:.3f}]"
            )
        infl = self.influential()
        if len(infl):
            lines += ["", "Most influential uncertain inputs (total Sobol index)"]
            for row in infl.itertuples():
                lines.append(
                    f"  {row.ST:5.2f} ± {row.ST_conf:4.2f}  {row.input}  (on {row.output})"
                    f"{_provenance(row)}"
                )
        return "\n".join(lines)

    def _status_quo_lines(self, n_paths: int = 3) -> list[str]:
        """Describe the status quo and the first Nash equilibria it reaches, in options."""
        sq = self.status_quo
        if sq is None:
            return []
        model = sq.model
        where = model.describe(sq.status_quo).iloc[0]
        held = "; ".join(f"{dm}: {where[dm] or '-'}" for dm in model.decision_makers)
        lines = [
            f"  status quo (state {sq.status_quo}): {held}",
            f"  unilateral improvements reach {len(sq.reachable)} of the "
            f"{len(sq.equilibria)} Nash equilibria" + (", e.g." if sq.reachable else ""),
        ]
        shown = 0
        for eq, path, who in zip(sq.equilibria, sq.paths, sq.movers, strict=True):
            if not path or shown == n_paths:
                continue
            steps = ", then ".join(
                f"{dm} {model.move_text(a, b)}"
                for dm, a, b in zip(who, path[:-1], path[1:], strict=True)
            )
            lines.append(f"    {eq} in {len(who)} move{'s' * (len(who) != 1)}: {steps}")
            shown += 1
        return lines

    # ---------------------------------------------------------------- report
    def data_files(self) -> dict[str, pd.DataFrame]:
        """Return the tables :meth:`write` saves as Parquet, by file name.

        Only the steps that ran have a file (a skipped step has none).

        Returns
        -------
        dict of str to pandas.DataFrame
        """
        return {name: build() for name, build in self._data_builders().items()}

    def _data_builders(self) -> dict[str, Callable[[], pd.DataFrame]]:
        """Map each data file name to the function that builds its table."""
        s = self.scenario
        builders: dict[str, Callable[[], pd.DataFrame]] = {
            "positions.parquet": s.to_frame,
            "beliefs.parquet": s.beliefs_frame,
            "coalitions.parquet": lambda: self.coalitions,
        }
        for name, result in (
            ("bargaining.parquet", self.bargain_core),
            ("forecasts.parquet", self.forecast),
            ("stability.parquet", self.stability),
            ("status_quo.parquet", self.status_quo),
            ("montecarlo.parquet", self.monte_carlo),
        ):
            if result is not None:
                builders[name] = result.to_frame
        builders["events.parquet"] = self.events
        if self.sensitivity is not None:
            builders["sensitivity.parquet"] = self.sensitivity.to_frame
        return builders

    def report(self, *, data_links: bool = False) -> Report:
        """Build the HTML report: the numbers and every figure.

        Parameters
        ----------
        data_links : bool, default False
            End each section with links to its data files (the Parquet and
            JSON files :meth:`write` puts beside the report, relative links).

        Returns
        -------
        Report
        """
        import matplotlib.pyplot as plt

        from models.plotting import plot_positions

        s = self.scenario
        rep = Report(
            f"stances analysis: {s.title}",
            meta=f"{s.id} · {s.date} · seed {self.seed} · {self.n_draws:,d} draws",
        )
        written = set(self._data_builders()) | {"scenario.json", "results.json"}

        def data(*names: str) -> None:
            if data_links:
                rep.links([n for n in names if n in written])
        rep.section(
            "Positions",
            "Each party's ideal point, acceptable range and salience on each "
            "issue, with the number of quotes behind it.",
        )
        fig, ax = plt.subplots(figsize=(9, 6), layout="constrained")
        plot_positions(s, ax=ax)
        rep.figure(fig, caption="Position map")
        columns = [
            "actor",
            "issue",
            "kind",
            "basis",
            "ideal",
            "acceptable_low",
            "acceptable_high",
            "salience",
            "n_quotes",
            "n_origins",
        ]
        rep.table(s.to_frame()[columns], caption="Positions (all columns in positions.parquet)")
        data("positions.parquet", "beliefs.parquet", "scenario.json")
        rep.section(
            "Bargaining",
            "Zones of possible agreement for all parties and for each "
            "coalition that leaves one party out; solutions among the core parties.",
        )
        rep.table(self.coalitions, caption="ZOPA by coalition")
        if self.bargain_core is not None:
            rep.table(self.bargain_core.to_frame(), caption="Bargaining solutions (core parties)")
            if len(self.bargain_core.actor_ids) >= 2:
                fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
                self.bargain_core.plot(ax=ax)
                rep.figure(fig, caption="Utility space of two parties: frontier, ZOPA, solutions")
        self._skipped_text(rep, "bargaining")
        data("coalitions.parquet", "bargaining.parquet")
        rep.section(
            "Forecasts",
            "Static (weighted mean, median, Condorcet) and dynamic (KTAB "
            "SMP, expected utility model) forecasts of each issue.",
        )
        if self.forecast is not None:
            rep.table(self.forecast.table().reset_index(), caption="Forecast per issue and method")
            fig, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
            self.forecast.plot(ax=ax)
            rep.figure(fig, caption="Forecasts by method")
        self._skipped_text(rep, "forecast", "forecast (dynamic)")
        data("forecasts.parquet")
        rep.section(
            "War bargaining",
            "Fearon's bargaining range, the mutual-optimism condition "
            "from the parties' divergent beliefs, and learning while fighting.",
        )
        if self.war is not None:
            fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
            self.war.plot(ax=ax)
            rep.figure(fig, caption="Bargaining range over months of fighting")
        self._skipped_text(rep, "war bargaining")
        rep.section("Sanctions threat", "The subgame-perfect equilibrium of the US threat game.")
        if self.threat is not None:
            fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
            self.threat.plot(ax=ax)
            rep.figure(fig, caption="Threat game tree with the equilibrium path")
        self._skipped_text(rep, "threat game")
        rep.section("Graph Model", "Equilibria of the conflict graph built from the options.")
        eq = self.equilibria()
        import pandas as pd

        rep.table(
            pd.DataFrame(
                {
                    "concept": list(eq),
                    "n_equilibria": [len(v) for v in eq.values()],
                    "states": [", ".join(map(str, v[:20])) for v in eq.values()],
                }
            ),
            caption="Equilibria by stability concept",
        )
        if self.stability is not None:
            fig, ax = plt.subplots(figsize=(7, 7), layout="constrained")
            self.stability.plot(ax=ax)
            rep.figure(fig, caption="Conflict graph around the status quo")
        if self.status_quo is not None:
            rep.text("\n".join(line[2:] for line in self._status_quo_lines(10)), pre=True)
            frame = self.status_quo.to_frame()
            frame = frame[frame["reachable"]].drop(columns="reachable")
            rep.table(
                frame.fillna({"decision_maker": "", "change": "(status quo)"}),
                caption="Paths of unilateral improvements from the status quo to Nash equilibria",
            )
        self._skipped_text(rep, "graph model")
        data("stability.parquet", "status_quo.parquet")
        rep.section("Uncertainty", "Monte Carlo over every coded uncertainty of the scenario.")
        rep.table(self.events(), caption="Probabilities of key events (95% intervals)")
        mc = self.monte_carlo
        first = (
            None
            if mc is None
            else next(
                (
                    e
                    for e in _EVENTS
                    if e in mc.output_names and np.ptp(np.asarray(mc.outputs[e], float)) > 0
                ),
                None,
            )
        )
        self._skipped_text(rep, "monte carlo")
        if mc is not None and first is not None:
            fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
            mc.convergence(first).plot(ax=ax)
            rep.figure(fig, caption=f"Convergence of P({_EVENTS[first]})")
        if self.sensitivity is not None:
            rep.table(self.influential(15), caption="Most influential inputs (total Sobol index)")
            fig, ax = plt.subplots(figsize=(8, 6), layout="constrained")
            self.sensitivity.plot(ax=ax)
            rep.figure(fig, caption="Sobol indices with 95% intervals")
        data("events.parquet", "montecarlo.parquet", "sensitivity.parquet")
        rep.section("Summary")
        rep.text(self.summary(), pre=True)
        data("results.json")
        return rep

    def _skipped_text(self, rep: Report, *steps: str) -> None:
        for step in steps:
            if step in self.skipped:
                rep.text(f"Skipped ({step}): {self.skipped[step]}")

    def write(self, folder: str | Path, options: Mapping[str, Any] | None = None) -> list[Path]:
        """Write the report, the results (Parquet, JSON) and the resolved inputs to ``folder``.

        Parameters
        ----------
        folder : str or Path
            Created if needed; existing files of the same names are replaced atomically.
        options : mapping, optional
            The resolved options to record beside the results.

        Returns
        -------
        list of pathlib.Path
            The files written.
        """
        import models

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written = [self.report(data_links=True).write(out / "report.html")]

        def parquet(name: str, frame: pd.DataFrame) -> None:
            frame = frame.copy()
            for col in frame.columns:
                if frame[col].dtype == object:
                    frame[col] = frame[col].astype(str)
            tmp = out / f".{name}.tmp"
            frame.to_parquet(tmp, index=False)
            tmp.replace(out / name)
            written.append(out / name)

        for name, frame in self.data_files().items():
            parquet(name, frame)
        self.scenario.to_json(out / "scenario.json", embed_sources=True)
        written.append(out / "scenario.json")
        summary = {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "n_draws": self.n_draws,
            "stances_version": models.__version__,
            "options": {
                k: str(v) if isinstance(v, Path) else v for k, v in (options or {}).items()
            },
            "core_parties": list(self.core_parties),
            "events": self.events().to_dict(orient="records"),
            "equilibria": self.equilibria(),
            "influential_inputs": self.influential().to_dict(orient="records"),
            "skipped": dict(self.skipped),
        }
        tmp = out / ".results.json.tmp"
        tmp.write_text(json.dumps(summary, indent=2, default=float) + "\n", encoding="utf-8")
        tmp.replace(out / "results.json")
        written.append(out / "results.json")
        return written


def _provenance(row: Any) -> str:
    """Say in a few words what an input rests on: quotes, sources, assumptions."""
    if _missing(row.n_quotes):
        return ""
    quotes, sources, premises = int(row.n_quotes), int(row.n_sources), int(row.n_assumptions)
    parts = [f"{quotes} quote{'s' * (quotes != 1)}"]
    if quotes:
        parts[0] += f" from {sources} source{'s' * (sources != 1)}"
    if premises:
        parts.append(f"{premises} assumption{'s' * (premises != 1)}")
    return "  [" + ", ".join(parts) + "]"


def _missing(value: Any) -> bool:
    """Whether a table cell is missing (None or NaN)."""
    return value is None or (isinstance(value, float) and value != value)


def _coalitions(
    scenario: Scenario,
) -> tuple[pd.DataFrame, tuple[str, ...], dict[tuple[str, ...], BargainResult]]:
    """Bargain with all parties and each leave-one-out coalition; pick the core."""
    import pandas as pd

    parties = [a.id for a in scenario.parties]
    groups = [parties] + (
        [[p for p in parties if p != q] for q in parties] if len(parties) > 2 else []
    )
    capability = {a.id: (a.capability.value if a.capability else 0.0) for a in scenario.parties}
    rows = []
    candidates: list[tuple[float, tuple[str, ...]]] = []
    results: dict[tuple[str, ...], BargainResult] = {}
    for group in groups:
        result = results[tuple(group)] = bargain(scenario.with_parties(group))
        n_zopa = int(np.size(result.zopa))
        left_out = sorted(set(parties) - set(group))
        rows.append(
            {
                "parties": "+".join(group),
                "left_out": ", ".join(left_out),
                "zopa": n_zopa,
                "frontier": int(np.size(result.frontier)),
                "reason": "" if n_zopa else (result.note or ""),
            }
        )
        if n_zopa:
            candidates.append((sum(capability[a] for a in left_out), tuple(group)))
    # All parties if they can agree; else the coalition that leaves out the least
    # capable party among those that can; else all parties.
    core = min(candidates)[1] if candidates else tuple(parties)
    return pd.DataFrame(rows), core, results


def analyze(
    scenario: Scenario,
    *,
    seed: int = 20250519,
    n_draws: int | None = None,
    n_base: int | None = None,
    progress: bool = True,
) -> Analysis:
    """Run every model of stances on a scenario.

    Parameters
    ----------
    scenario : positions.Scenario
    seed : int
        Root seed of every stochastic step (Monte Carlo, Sobol, learning simulation).
    n_draws : int, optional
        Monte Carlo draws (default 20,000; 2,000 when ``STANCES_SMALL`` is set).
    n_base : int, optional
        Sobol base sample size, a power of 2 (default 256; 32 when small).
    progress : bool
        Show progress bars.

    Returns
    -------
    Analysis

    Raises
    ------
    ValueError
        If ``n_draws`` or ``n_base`` is not a positive int.

    Examples
    --------
    >>> import positions
    >>> result = analyze(positions.load("ukraine-ceasefire-2025-05"), n_draws=256, n_base=8,
    ...                  progress=False)
    >>> set(result.events().event) >= {"core.zopa", "threat.credible"}
    True
    """
    n_draws = check_int(
        n_draws if n_draws is not None else (2_000 if small() else 20_000),
        "n_draws",
        "analyze",
        low=1,
    )
    n_base = check_int(
        n_base if n_base is not None else (32 if small() else 256), "n_base", "analyze", low=2
    )
    skipped: dict[str, str] = {}

    def attempt(step: str, make: Callable[[], Any]) -> Any:
        # A step that does not apply to this scenario (too few parties, no beliefs about
        # the battlefield, no options...) is skipped with its reason, not fatal.
        try:
            return make()
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            skipped[step] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return None

    coalitions, core, bargained = _coalitions(scenario)
    bargain_all = bargained[tuple(a.id for a in scenario.parties)]
    core_scenario = scenario.with_parties(core)
    bargain_core = bargained[core]
    fc = attempt("forecast (dynamic)", lambda: forecast(scenario, rng=seed))
    if fc is None:
        fc = attempt("forecast", lambda: forecast(scenario, ["mean", "median", "condorcet"]))
    war = attempt("war bargaining", lambda: war_bargaining(scenario, rng=seed))
    threat = attempt("threat game", lambda: backward_induction(sanctions_threat_game(scenario)))
    stability = attempt("graph model", lambda: GraphModel.from_scenario(scenario).stability())
    status_quo = (
        None
        if stability is None or stability.model.status_quo is None
        else attempt("status quo", lambda: stability.model.status_quo_analysis("R"))
    )

    inputs: UncertainInputs | None = attempt("monte carlo", lambda: uncertain(core_scenario))
    parts = (
        {}
        if inputs is None
        else {
            name: attempt(f"monte carlo ({name})", lambda cls=cls: cls(inputs))  # type: ignore[misc]
            for name, cls in (("core", BargainingModel), ("war", WarModel), ("threat", ThreatModel))
        }
    )
    # Keep the models that run on this scenario: a two-draw trial finds the ones that
    # need something the scenario lacks (a belief, a parameter).
    working: dict[str, Any] = {}
    for name, part in parts.items():
        if part is None or inputs is None:
            continue
        declared = inputs

        def trial(part: Any = part, declared: UncertainInputs = declared) -> MonteCarloResult:
            return monte_carlo(part, declared, 2, rng=seed, progress=False)

        if attempt(f"monte carlo ({name})", trial) is not None:
            working[name] = part
    parts = working
    mc = None
    sensitivity = None
    if inputs is None or not parts:
        skipped.setdefault("monte carlo", "no model applies to this scenario")
    else:
        model = _Combined(parts)
        mc = monte_carlo(model, inputs, n_draws, rng=seed, progress=progress)
        varying = [
            e
            for e in _EVENTS
            if e in mc.output_names and np.ptp(np.asarray(mc.outputs[e], dtype=float)) > 0
        ]
        if varying:
            with warnings.catch_warnings():
                # SALib warns when some resample of an event is constant; the intervals say it.
                warnings.filterwarnings("ignore", message="Constant values encountered")
                sensitivity = attempt(
                    "sensitivity",
                    lambda: sobol_indices(
                        model,
                        inputs,
                        n_base,
                        outputs=varying,
                        second_order=False,
                        rng=seed,
                        progress=progress,
                    ),
                )
    return Analysis(
        scenario=scenario,
        seed=seed,
        n_draws=n_draws,
        bargain_all=bargain_all,
        core_parties=core,
        coalitions=coalitions,
        bargain_core=bargain_core,
        forecast=fc,
        war=war,
        threat=threat,
        stability=stability,
        status_quo=status_quo,
        monte_carlo=mc,
        sensitivity=sensitivity,
        skipped=skipped,
    )
