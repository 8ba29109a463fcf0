"""The sections of the analysis report (:meth:`Analysis.report`), one function per section.

Each section function starts its section of the :class:`~models.analysis.Report`
(heading and a line of text), adds its tables and figures from the
:class:`~models.analysis.Analysis` (never rerunning a model), says which steps
were skipped and why, and returns the names of the data files that hold its
numbers; :meth:`Analysis.report` links those written beside the report.
Adding a model to the report is one function ``(analysis, report) -> file
names`` and one entry in :data:`REPORT_SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from models.analysis.summary import scale_text, status_quo_lines

if TYPE_CHECKING:
    from models.analysis.analyze import Analysis
    from models.analysis.report import Report

__all__ = ["REPORT_SECTIONS"]


def _positions(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the position map and the positions table."""
    import matplotlib.pyplot as plt

    from models.plotting import plot_positions

    s = analysis.scenario
    rep.section(
        "Positions",
        "Each party's ideal point, acceptable range and salience on each "
        "issue, with the number of quotes behind it and its evidence grade: who "
        "speaks in its strongest quote (the actor on record, an official, anonymous "
        "sources, another party, an analyst, an article's author assessing or "
        "guessing; no_quote when the analyst coded it without one).",
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
        "grade",
    ]
    rep.table(s.to_frame()[columns], caption="Positions (all columns in positions.parquet)")
    return ("positions.parquet", "beliefs.parquet", "scenario.json")


def _bargaining(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the ZOPA of each coalition and the solutions among the core parties."""
    import matplotlib.pyplot as plt

    if analysis.bargain_all is None:
        rep.section("Bargaining", "Not analysed.")
        _skipped(analysis, rep, "bargaining")
        return ()
    rep.section(
        "Bargaining",
        "Zones of possible agreement for all parties, for each coalition that leaves "
        "one party out and for each declared coalition; solutions among the core "
        "parties (a coalition that leaves out a veto party never counts). Outcome space: "
        f"{analysis.bargain_all.space.describe()}.",
    )
    rep.text("\n".join(analysis.agreement_lines()), pre=True)
    rep.table(analysis.coalitions, caption="ZOPA by coalition")
    if analysis.bargain_core is not None:
        rep.table(analysis.bargain_core.to_frame(), caption="Bargaining solutions (core parties)")
        if len(analysis.bargain_core.actor_ids) >= 2:
            fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
            analysis.bargain_core.plot(ax=ax)
            rep.figure(fig, caption="Utility space of two parties: frontier, ZOPA, solutions")
    _skipped(analysis, rep, "bargaining")
    return ("coalitions.parquet", "bargaining.parquet")


def _forecasts(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the static and dynamic forecasts of each issue: a table and a figure."""
    import matplotlib.pyplot as plt

    rep.section(
        "Forecasts",
        "Static (weighted mean, median, Condorcet) and dynamic (KTAB "
        "SMP, expected utility model) forecasts of each issue, each on its own scale: "
        + "; ".join(scale_text(i) for i in analysis.scenario.issues) + ".",
    )
    if analysis.forecast is not None:
        rep.table(analysis.forecast.table().reset_index(), caption="Forecast per issue and method")
        fig, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
        analysis.forecast.plot(ax=ax)
        rep.figure(fig, caption="Forecasts by method")
    _skipped(analysis, rep, "forecast", "forecast (dynamic)")
    return ("forecasts.parquet",)


def _war(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the bargaining range over months of fighting (no data file of its own)."""
    import matplotlib.pyplot as plt

    from models.analysis.titles import war_title

    title = war_title(analysis.scenario)
    rep.section(
        "War bargaining" + (f": {title}" if title else ""),
        "Fearon's bargaining range, the mutual-optimism condition "
        "from the parties' divergent beliefs, and learning while fighting.",
    )
    if analysis.war is not None:
        fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
        analysis.war.plot(ax=ax)
        rep.figure(fig, caption="Bargaining range over months of fighting")
    _skipped(analysis, rep, "war bargaining")
    return ()


def _threat(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the threat game's tree with its equilibrium path (no data file of its own)."""
    import matplotlib.pyplot as plt

    from models.analysis.titles import threat_text, threat_title

    title = threat_title(analysis.scenario)
    rep.section("Threat game" + (f": {title}" if title else ""), threat_text(analysis.scenario))
    if analysis.threat is not None:
        fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
        analysis.threat.plot(ax=ax)
        rep.figure(fig, caption="Threat game tree with the equilibrium path")
    _skipped(analysis, rep, "threat game")
    return ()


def _graph_model(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the Graph Model's equilibria, its conflict graph and the status quo's paths."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from models.analysis.titles import decision_makers_text

    who = decision_makers_text(analysis)
    rep.section("Graph Model", "Equilibria of the conflict graph built from the options"
                + (f" of {who}." if who else "."))
    eq = analysis.equilibria()
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
    if analysis.stability is not None:
        fig, ax = plt.subplots(figsize=(7, 7), layout="constrained")
        analysis.stability.plot(ax=ax)
        rep.figure(fig, caption="Conflict graph around the status quo")
    _status_quo(analysis, rep)
    _skipped(analysis, rep, "graph model")
    return ("stability.parquet", "status_quo.parquet")


def _status_quo(analysis: Analysis, rep: Report) -> None:
    """Add the paths of unilateral improvements from the status quo to Nash equilibria."""
    if analysis.status_quo is not None:
        rep.text("\n".join(line[2:] for line in status_quo_lines(analysis, 10)), pre=True)
        frame = analysis.status_quo.to_frame()
        frame = frame[frame["reachable"]].drop(columns="reachable")
        rep.table(
            frame.fillna({"decision_maker": "", "change": "(status quo)"}),
            caption="Paths of unilateral improvements from the status quo to Nash equilibria",
        )


def _uncertainty(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the probabilities of the key events, their convergence and the Sobol indices."""
    rep.section("Uncertainty", "Monte Carlo over every coded uncertainty of the scenario.")
    rep.table(analysis.events(), caption="Probabilities of key events (95% intervals)")
    _convergence(analysis, rep)
    _sensitivity(analysis, rep)
    return ("events.parquet", "montecarlo.parquet", "sensitivity.parquet")


def _convergence(analysis: Analysis, rep: Report) -> None:
    """Add the convergence of the first key event that varies across draws."""
    import matplotlib.pyplot as plt

    from models.analysis.analyze import _EVENTS

    mc = analysis.monte_carlo
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
    _skipped(analysis, rep, "monte carlo")
    if mc is not None and first is not None:
        fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
        mc.convergence(first).plot(ax=ax)
        rep.figure(fig, caption=f"Convergence of P({_EVENTS[first]})")


def _sensitivity(analysis: Analysis, rep: Report) -> None:
    """Add the most influential inputs and the Sobol indices with their intervals."""
    import matplotlib.pyplot as plt

    if analysis.sensitivity is not None:
        rep.table(
            analysis.influential(15),
            caption="Where better evidence would matter most: inputs ranked by total Sobol "
                    "index x weakness of their evidence grade (who speaks in their strongest "
                    "quote)",
        )
        fig, ax = plt.subplots(figsize=(8, 6), layout="constrained")
        analysis.sensitivity.plot(ax=ax)
        rep.figure(fig, caption="Sobol indices with 95% intervals")


def _summary(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the text summary (:meth:`Analysis.summary`)."""
    rep.section("Summary")
    rep.text(analysis.summary(), pre=True)
    return ("results.json",)


def _warnings(analysis: Analysis, rep: Report) -> Sequence[str]:
    """List what the scenario leaves to a default (:meth:`positions.Scenario.warnings`)."""
    found = analysis.scenario.warnings()
    if found:
        rep.section(
            "Warnings",
            "Defaults the scenario relies on (stances validate --strict fails on them): "
            "a position without an acceptable range has no red line on its issue.",
        )
        rep.text("\n".join(str(w) for w in found), pre=True)
    return ()


def _skipped(analysis: Analysis, rep: Report, *steps: str) -> None:
    """Say which of ``steps`` were skipped and why."""
    for step in steps:
        if step in analysis.skipped:
            rep.text(f"Skipped ({step}): {analysis.skipped[step]}")


REPORT_SECTIONS: tuple[Callable[[Analysis, Report], Sequence[str]], ...] = (
    _positions,
    _bargaining,
    _forecasts,
    _war,
    _threat,
    _graph_model,
    _uncertainty,
    _warnings,
    _summary,
)
"""The sections of the report, in order: each draws itself and returns its data files."""
