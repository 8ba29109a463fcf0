"""The main job: every model of stances run on one scenario, summarised and reported.

:func:`analyze` validates nothing itself (a :class:`positions.Scenario` is valid by
construction) and runs, in order:

1. bargaining over the outcome space (:func:`models.bargain`) with all parties, every
   coalition that leaves one party out and every declared coalition
   (``roles.coalitions``), to show whose red lines block a deal; only coalitions that
   hold every veto party (``roles.veto``, default every party) may be the core;
2. the static and dynamic forecasts of each issue (:func:`models.forecast`);
3. war bargaining from the scenario's war role (:func:`models.war_bargaining`);
4. the threat game from its threat role (:func:`models.threat_game`);
5. the Graph Model's stabilities and equilibria from the scenario's options;
6. a Monte Carlo run over every coded uncertainty, with the probabilities of a
   ZOPA among all parties (always) and among the core parties, of a bargaining range
   and of a credible, deterring threat; and
7. Sobol sensitivity indices of those probabilities, naming the inputs that drive them.

The result is an :class:`Analysis` with :meth:`Analysis.summary` (text, one section
per model in :mod:`models.analysis.summary`), :meth:`Analysis.report` (a
self-contained HTML report, one section per model in
:mod:`models.analysis.report_sections`) and :meth:`Analysis.write` (the report plus
the results as Parquet and JSON beside the resolved options and seed).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from models._checks import check_int
from models.analysis.coalitions import bargaining_coalitions, blockers, empty_coalitions
from models.analysis.explain import explain
from models.analysis.report import Report
from models.analysis.report_sections import REPORT_SECTIONS
from models.analysis.summary import summary_text
from models.analysis.titles import EVENTS as _EVENTS
from models.bargaining.bargain import BargainResult
from models.bargaining.montecarlo import BargainingModel
from models.games.montecarlo import ThreatModel
from models.games.threat import threat_game
from models.games.trees import SubgamePerfectEquilibrium, backward_induction
from models.gmcr import GraphModel, GraphStability, StatusQuoAnalysis
from models.plotting._style import use_actor_colors
from models.spatial.forecast import ForecastResult, forecast
from models.uncertainty.agreement import AgreementResult, agreement
from models.uncertainty.inputs import UncertainInputs, uncertain
from models.uncertainty.montecarlo import monte_carlo
from models.uncertainty.results import MonteCarloResult
from models.uncertainty.sensitivity import SobolIndices, sobol_indices
from models.war.montecarlo import WarModel
from models.war.war_bargaining import WarBargaining, war_bargaining

if TYPE_CHECKING:
    import pandas as pd

    from positions import Coding, Scenario

__all__ = ["Analysis", "analyze"]



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
    bargain_all : BargainResult or None
        None when the scenario has no issues to bargain over (see ``skipped``).
        Bargaining with every party.
    core_parties : tuple of str
        All parties if they have a non-empty ZOPA at the point values; else, of
        the coalitions that hold every veto party and have one, the one
        leaving out the least capable parties; else all parties.
    coalitions : pandas.DataFrame
        For all parties, each coalition leaving one out and each declared
        coalition: ``coalition, parties, left_out, counts`` (holds every veto
        party), ``zopa, frontier`` (sizes) and ``reason``.
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
    monte_carlo_all : MonteCarloResult or None
        When the core parties are not all parties: the Monte Carlo run of the
        bargaining among all parties (its ``zopa`` is the event ``all.zopa``),
        over every coded uncertainty of the whole scenario (no Sobol indices:
        the sensitivity analysis covers the combined run). None otherwise
        (``all.zopa`` is then ``core.zopa``).
    blockers : tuple of str
        When all parties have no ZOPA: the parties without whom the others
        have one (whose red lines or disagreement points empty it).
    agreement : AgreementResult or None
        With ``codings``: the coders' agreement (the Monte Carlo and the
        Sobol indices then run over the mixture of coders, with the input
        ``coder``). None otherwise.
    """

    scenario: Scenario
    seed: int
    n_draws: int
    bargain_all: BargainResult | None
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
    monte_carlo_all: MonteCarloResult | None = None
    blockers: tuple[str, ...] = ()
    agreement: AgreementResult | None = None

    # ------------------------------------------------------------------ agreement sets
    @property
    def all_parties(self) -> tuple[str, ...]:
        """Every party of the scenario, in order."""
        return tuple(a.id for a in self.scenario.parties)

    @property
    def veto(self) -> tuple[str, ...]:
        """The veto parties (``roles.veto``; default every party)."""
        veto = self.scenario.roles.veto
        return tuple(veto) if veto is not None else self.all_parties

    @property
    def left_out(self) -> tuple[str, ...]:
        """The parties the core leaves out (empty when the core is every party)."""
        return tuple(p for p in self.all_parties if p not in self.core_parties)

    def agreement_lines(self) -> list[str]:
        """Say in words whether all parties can agree and, if not, who the core leaves out and why.

        Returns
        -------
        list of str
            The all-party finding first; then, when the core is a
            sub-coalition, who it leaves out and why.
        """
        everyone = self.bargain_all
        if everyone is None:
            return [f"not analysed: {self.skipped.get('bargaining', 'no issues')}"]
        lines = [
            f"all parties ({', '.join(self.all_parties)}): "
            + (f"ZOPA of {everyone.zopa.size:,} outcomes" if everyone.zopa.size
               else f"no ZOPA. {everyone.note or ''}".rstrip())
        ]
        if self.left_out:
            cause = [q for q in self.left_out if q in self.blockers]
            why = (f"without {' or '.join(cause)} the others have a ZOPA"
                   if cause else "the core has a ZOPA")
            not_veto = "not a veto party" if len(self.left_out) == 1 else "not veto parties"
            lines.append(
                f"core parties {', '.join(self.core_parties)} leave out "
                f"{', '.join(self.left_out)} ({not_veto}; veto: {', '.join(self.veto)}): "
                f"{why}; every headline about the core is conditional on that"
            )
        elif not everyone.zopa.size:
            lines.append(
                "no coalition holding every veto party "
                f"({', '.join(self.veto)}) has a ZOPA: the core is all parties"
            )
        return lines

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
            source, output = self._event_source(name)
            if source is None:
                continue
            est = source.probability(output)
            if name == "core.zopa":
                text = (f"a ZOPA exists among the core parties {', '.join(self.core_parties)} "
                        f"(without {', '.join(self.left_out)})")
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

    def _event_source(self, name: str) -> tuple[MonteCarloResult | None, str]:
        """Return the Monte Carlo result and output that hold event ``name`` (None: not run)."""
        mc = self.monte_carlo
        if name == "all.zopa":
            if self.monte_carlo_all is not None:
                return self.monte_carlo_all, "zopa"
            if not self.left_out and mc is not None and "core.zopa" in mc.output_names:
                return mc, "core.zopa"
            return None, name
        if name == "core.zopa" and not self.left_out:
            return None, name  # the same event as all.zopa
        if mc is None or name not in mc.output_names:
            return None, name
        return mc, name

    def influential(
        self, n: int = 8, *, by: Literal["priority", "ST"] = "priority"
    ) -> pd.DataFrame:
        r"""Return the inputs where better evidence would change the results most.

        Each input is a judged number of the scenario (its path, as in
        :meth:`positions.Scenario.estimates`). Its sensitivity is its largest
        total Sobol index :math:`S_T` over the events, and the weakness of its
        evidence is :func:`positions.attribution.weakness` of its evidence
        grade (who speaks in its strongest quote: from the actor on record,
        0.125, to no quote at all, 1). The inputs are ranked by

        .. math:: \text{priority} = \max(S_T, 0) \times \text{weakness},

        so an input that moves the results and rests on an author's guess
        comes before one that moves them as much but rests on the actor on
        record. The table also says what each number rests on: the quotes,
        sources and origins behind it and the premises that do not come from
        the sources.

        Parameters
        ----------
        n : int
            How many inputs.
        by : {'priority', 'ST'}
            Rank by priority (sensitivity and weakness of evidence together,
            the default) or by sensitivity alone.

        Returns
        -------
        pandas.DataFrame
            Columns ``input, output, ST, ST_conf, S1, grade, weakness,
            priority, n_quotes, n_sources, n_origins, evidence_from,
            n_assumptions, assumptions, rationale``, sorted by ``by``
            (descending); the provenance columns from
            :meth:`positions.Scenario.estimates_frame` (quotes counted and
            graded from the estimate or the item holding it). Empty when no
            sensitivity analysis ran.

        Raises
        ------
        ValueError
            If ``by`` is not ``'priority'`` or ``'ST'``.

        Examples
        --------
        >>> import models, positions
        >>> a = models.analyze(positions.load("ukraine-ceasefire-2025-05"), n_draws=256,
        ...                    n_base=8, progress=False)
        >>> infl = a.influential(3)
        >>> list(infl.columns[:8])
        ['input', 'output', 'ST', 'ST_conf', 'S1', 'grade', 'weakness', 'priority']
        >>> bool((infl.priority == infl.ST.clip(lower=0) * infl.weakness).all())
        True
        """
        import pandas as pd

        from positions.attribution import weakness

        if by not in ("priority", "ST"):
            raise ValueError(f"The 'by' parameter of influential must be 'priority' or 'ST'. "
                             f"Got {by!r} instead.")
        provenance = ["grade", "weakness", "priority", "n_quotes", "n_sources", "n_origins",
                      "evidence_from", "n_assumptions", "assumptions", "rationale"]
        head = ["input", "output", "ST", "ST_conf", "S1"]
        if self.sensitivity is None:
            return pd.DataFrame(columns=[*head, *provenance])
        df = self.sensitivity.to_frame()
        wide = df.pivot_table(
            index=["output", "input"], columns="index", values="value", aggfunc="first"
        ).reset_index()
        conf = df.pivot_table(
            index=["output", "input"], columns="index", values="conf", aggfunc="first"
        ).reset_index()
        wide["ST_conf"] = conf["ST"]
        wide = wide.sort_values("ST", ascending=False).drop_duplicates("input")
        best = wide[head].reset_index(drop=True)
        where = self.scenario.estimates_frame().set_index("path")
        best = best.join(where[[c for c in provenance if c in where.columns]], on="input")
        best["weakness"] = [weakness(g) if isinstance(g, str) else 1.0 for g in best["grade"]]
        best["priority"] = best["ST"].clip(lower=0.0) * best["weakness"]
        best = best.sort_values(by, ascending=False, kind="stable").head(n)
        return best[[*head, *provenance]].reset_index(drop=True)

    def equilibria(self) -> dict[str, list[int]]:
        """Return the Graph Model equilibria (state numbers) under each stability concept."""
        if self.stability is None:
            return {}
        return {
            c: [int(x) for x in self.stability.equilibria(c)] for c in self.stability.concepts
        }

    # ------------------------------------------------------------------ text
    def summary(self) -> str:
        """Return a concise plain-text summary of every result.

        One section per model (:data:`models.analysis.summary.SUMMARY_SECTIONS`),
        a blank line between two sections.

        Returns
        -------
        str
        """
        return summary_text(self)

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
        if self.agreement is not None:
            builders["agreement.parquet"] = self.agreement.to_frame
        return builders

    def report(self, *, data_links: bool = False) -> Report:
        """Build the HTML report: the numbers and every figure.

        One section per model
        (:data:`models.analysis.report_sections.REPORT_SECTIONS`), each ending
        with the links to its data files when ``data_links``.

        Parameters
        ----------
        data_links : bool, default False
            End each section with links to its data files (the Parquet and
            JSON files :meth:`write` puts beside the report, relative links).

        Returns
        -------
        Report
        """
        s = self.scenario
        rep = Report(
            f"stances analysis: {s.title}",
            meta=f"{s.id} · {s.date} · seed {self.seed} · {self.n_draws:,d} draws",
        )
        written = set(self._data_builders()) | {"scenario.json", "results.json"}
        for section in REPORT_SECTIONS:
            files = section(self, rep)
            if data_links:
                rep.links([n for n in files if n in written])
        return rep

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
            "outcome_space": (None if self.bargain_all is None
                              else self.bargain_all.space.describe()),
            "all_parties": list(self.all_parties),
            "veto": list(self.veto),
            "core_parties": list(self.core_parties),
            "left_out": list(self.left_out),
            "blockers": list(self.blockers),
            "agreement": self.agreement_lines(),
            "warnings": [str(w) for w in self.scenario.warnings()],
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


def analyze(
    scenario: Scenario,
    *,
    seed: int = 20250519,
    n_draws: int | None = None,
    n_base: int | None = None,
    progress: bool = True,
    codings: Iterable[Coding] | None = None,
    coder_weights: Mapping[str, float] | None = None,
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
    codings : iterable of positions.Coding, optional
        Other coders' values (:func:`positions.load_coding`): the Monte Carlo
        and Sobol runs then draw from the mixture over coders (the scenario
        is coder ``A``; :func:`models.uncertainty.with_codings`), so the
        Sobol indices of the input ``coder`` say how much of each event's
        variance comes from the coders' disagreement; the deterministic
        models keep the scenario's own numbers.
    coder_weights : mapping of str to float, optional
        Each coder's probability of being drawn (default equal).

    Returns
    -------
    Analysis

    Raises
    ------
    ValueError
        If ``n_draws`` or ``n_base`` is not a positive int.
    positions.ScenarioError
        If a coding is not valid for the scenario.

    Examples
    --------
    >>> import positions
    >>> result = analyze(positions.load("ukraine-ceasefire-2025-05"), n_draws=256, n_base=8,
    ...                  progress=False)
    >>> set(result.events().event) >= {"core.zopa", "threat.credible"}
    True
    """
    n_draws, n_base = _sizes(n_draws, n_base)
    codings = None if codings is None else [c.check(scenario) for c in codings]
    agreed = None if not codings else agreement(scenario, codings)
    attempt = _Attempts(scenario)
    use_actor_colors(a.id for a in scenario.actors)  # the case's actors never share a colour
    everyone = tuple(a.id for a in scenario.parties)
    if scenario.issues:
        coalitions, core, bargained = bargaining_coalitions(scenario)
        bargain_all: BargainResult | None = bargained[everyone]
        bargain_core: BargainResult | None = bargained[core]
    else:
        coalitions, core, bargained = empty_coalitions(), everyone, {}
        bargain_all = bargain_core = None
        attempt.skipped["bargaining"] = (
            f"scenario {scenario.id!r} declares no issues: bargaining, forecasts and the "
            "ZOPA need at least one issue with the parties' positions on it"
        )
    core_scenario = scenario.with_parties(core)
    fc = _forecast(scenario, seed, attempt)
    war = attempt("war bargaining", lambda: war_bargaining(scenario, rng=seed))
    threat = attempt("threat game", lambda: backward_induction(threat_game(scenario)))
    stability, status_quo = _graph_model(scenario, attempt)

    inputs: UncertainInputs | None = attempt(
        "monte carlo",
        lambda: uncertain(core_scenario, codings=codings or None, coder_weights=coder_weights))
    parts = _monte_carlo_models(inputs, seed, attempt)
    mc = None
    sensitivity = None
    if inputs is None or not parts:
        attempt.skipped.setdefault("monte carlo", "no model applies to this scenario")
    else:
        mc, sensitivity = _uncertainty(
            _Combined(parts), inputs, n_draws, n_base, seed, progress, attempt
        )
    mc_all = None
    if core != everyone:
        mc_all = attempt("monte carlo (all parties)",
                         lambda: _monte_carlo_all(scenario, n_draws, seed, progress,
                                                  codings or None, coder_weights))
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
        skipped=attempt.skipped,
        monte_carlo_all=mc_all,
        blockers=blockers(everyone, bargained) if bargained else (),
        agreement=agreed,
    )


def _monte_carlo_all(
    scenario: Scenario, n_draws: int, seed: int, progress: bool,
    codings: list[Coding] | None = None, coder_weights: Mapping[str, float] | None = None,
) -> MonteCarloResult:
    """Run the bargaining among all parties over every coded uncertainty (a run of its own)."""
    inputs = uncertain(scenario, codings=codings, coder_weights=coder_weights)
    model = BargainingModel(inputs)
    return monte_carlo(model, inputs, n_draws, rng=seed, progress=progress)


def _sizes(n_draws: int | None, n_base: int | None) -> tuple[int, int]:
    """Check the Monte Carlo and Sobol sample sizes, with their defaults (small or not)."""
    n_draws = check_int(
        n_draws if n_draws is not None else (2_000 if small() else 20_000),
        "n_draws",
        "analyze",
        low=1,
    )
    n_base = check_int(
        n_base if n_base is not None else (32 if small() else 256), "n_base", "analyze", low=2
    )
    return n_draws, n_base


@dataclass(frozen=True, slots=True)
class _Attempts:
    """Run the steps of :func:`analyze`, recording those that do not apply and why."""

    scenario: Scenario | None = None
    skipped: dict[str, str] = field(default_factory=dict)

    def __call__(self, step: str, make: Callable[[], Any]) -> Any:
        # A step that does not apply to this scenario (too few parties, no beliefs about
        # the battlefield, no options...) is skipped with its reason, not fatal: the
        # reason in the scenario's terms where models.analysis.explain has one.
        try:
            return make()
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            reason = None if self.scenario is None else explain(step, self.scenario)
            if reason is None:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.skipped[step] = reason
            return None


def _forecast(scenario: Scenario, seed: int, attempt: _Attempts) -> ForecastResult | None:
    """Forecast each issue: static and dynamic methods, else the static ones alone."""
    fc: ForecastResult | None = attempt("forecast (dynamic)", lambda: forecast(scenario, rng=seed))
    if fc is None:
        fc = attempt("forecast", lambda: forecast(scenario, ["mean", "median", "condorcet"]))
    return fc


def _graph_model(
    scenario: Scenario, attempt: _Attempts
) -> tuple[GraphStability | None, StatusQuoAnalysis | None]:
    """Build the Graph Model from the options: its stabilities, and the status quo's paths."""
    stability = attempt("graph model", lambda: GraphModel.from_scenario(scenario).stability())
    status_quo = (
        None
        if stability is None or stability.model.status_quo is None
        else attempt("status quo", lambda: stability.model.status_quo_analysis("R"))
    )
    return stability, status_quo


def _monte_carlo_models(
    inputs: UncertainInputs | None, seed: int, attempt: _Attempts
) -> dict[str, Any]:
    """Return the Monte Carlo models that run on the scenario, by the prefix of their outputs."""
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
    return working


def _uncertainty(
    model: _Combined,
    inputs: UncertainInputs,
    n_draws: int,
    n_base: int,
    seed: int,
    progress: bool,
    attempt: _Attempts,
) -> tuple[MonteCarloResult, SobolIndices | None]:
    """Run the Monte Carlo, then the Sobol indices of the key events that vary across draws."""
    mc = monte_carlo(model, inputs, n_draws, rng=seed, progress=progress)
    sensitivity = None
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
    return mc, sensitivity
