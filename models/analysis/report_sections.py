"""The sections of the analysis report (:meth:`Analysis.report`), one function per section.

Each section function starts its section of the :class:`~models.analysis.Report`
(heading and text saying what the numbers mean), adds its tables and figures
from the :class:`~models.analysis.Analysis` (never rerunning a model), says
which steps were skipped and why, and returns the names of the data files that
hold its numbers; :meth:`Analysis.report` links those written beside the
report. The sources and the quotes behind each claim are in
:mod:`models.analysis.report_evidence`, the Graph Model's section in
:mod:`models.analysis.report_gmcr`. Adding a model to the report is one
function ``(analysis, report) -> file names`` and one entry in
:data:`REPORT_SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from models.analysis.report_evidence import evidence_html, sources_section
from models.analysis.report_gmcr import graph_model_section
from models.analysis.summary import scale_text

if TYPE_CHECKING:
    import pandas as pd

    from models.analysis.analyze import Analysis
    from models.analysis.report import Report

__all__ = ["NEGLIGIBLE", "REPORT_SECTIONS", "forecast_table", "negligible_inputs"]

NEGLIGIBLE = 0.01
"""An input is negligible when its total Sobol index is below this on every event."""

_FORECAST_HEADERS = {
    "mean": "weighted mean",
    "median": "weighted median",
    "condorcet": "Condorcet",
    "smp": "SMP",
    "eum": "EUM",
    "weighted_mean": "weighted mean",
    "weighted_median": "weighted median",
}
"""Column headers of the forecast methods (the bargaining solutions use their titles)."""


def _name(analysis: Analysis, actor_id: str) -> str:
    """Return an actor's name, or the id when the scenario does not list it."""
    return next((a.name for a in analysis.scenario.actors if a.id == actor_id), actor_id)


def _positions(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the position map and the positions table, each position's quotes folded in it."""
    import matplotlib.pyplot as plt

    from models.plotting import plot_positions

    s = analysis.scenario
    rep.section(
        "Positions",
        "Each party's ideal point, acceptable range and salience on each issue. The "
        "evidence grade says who speaks in a position's strongest quote (the actor on "
        "record, an official, anonymous sources, another party, an analyst, an article's "
        "author assessing or guessing; no quote when the analyst coded it without one); "
        "open a position's quotes to read the rationale and every passage behind it.",
    )
    fig, ax = plt.subplots(figsize=(9, 0.8 * len(s.issues) + 1.6), layout="constrained")
    plot_positions(s, ax=ax)  # 0.8 in per issue: the scale anchors fit whole
    rep.figure(fig, caption="Position map")
    frame = s.to_frame()
    if frame.empty:
        rep.text("The scenario codes no positions.")
        return ("positions.parquet", "beliefs.parquet", "scenario.json")
    table = frame[["actor", "issue", "kind", "basis", "ideal"]].copy()
    table["acceptable"] = [
        f"{lo:g}–{hi:g}" for lo, hi in zip(frame["acceptable_low"], frame["acceptable_high"],
                                           strict=True)
    ]
    table["salience"] = frame["salience"]
    table["grade"] = frame["grade"].str.replace("_", " ")
    table["evidence"] = [
        evidence_html(s, f"positions[{actor}/{issue}]",
                      rationale=text if isinstance(text, str) else None)
        for actor, issue, text in zip(frame["actor"], frame["issue"], frame["rationale"],
                                      strict=True)
    ]
    rep.table(table, caption="Positions (all columns in positions.parquet)",
              trusted=("evidence",), fold=12)
    return ("positions.parquet", "beliefs.parquet", "scenario.json")


def _bargaining(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the ZOPA of each coalition, in words and as a table, and the utility space."""
    import matplotlib.pyplot as plt

    if analysis.bargain_all is None:
        rep.section("Bargaining", "Not analysed.")
        _skipped(analysis, rep, "bargaining")
        return ()
    rep.section(
        "Bargaining",
        "A zone of possible agreement (ZOPA) is the set of outcomes every party of a "
        "coalition accepts (inside every red line) and prefers to no deal. Below: all "
        "parties, each coalition that leaves one party out and each declared coalition; a "
        "coalition that leaves out a veto party can never settle the conflict. The core "
        "parties are those the bargaining solutions (in the Forecasts table) are computed "
        f"over. Outcome space: {analysis.bargain_all.space.describe()}.",
    )
    for line in analysis.agreement_lines():
        rep.text(line[0].upper() + line[1:] + ("" if line.endswith(".") else "."))
    coalitions = analysis.coalitions.drop(columns=["coalition"], errors="ignore")
    rep.table(coalitions.rename(columns={"counts": "holds every veto party",
                                         "zopa": "ZOPA size", "frontier": "frontier size"}),
              caption="ZOPA by coalition (sizes in outcomes)", collapse=100)
    if analysis.bargain_core is not None and len(analysis.bargain_core.actor_ids) >= 2:
        fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
        analysis.bargain_core.plot(ax=ax)
        rep.figure(fig, caption="Utility space of two of the core parties: the Pareto "
                                "frontier, the ZOPA and where each bargaining solution lies")
    _skipped(analysis, rep, "bargaining")
    return ("coalitions.parquet", "bargaining.parquet")


def forecast_table(analysis: Analysis) -> tuple[pd.DataFrame, list[tuple[str, int]]]:
    """Return every forecast of each issue in one table, grouped by the parties it is over.

    The spatial forecasts (weighted mean and median, Condorcet winner, the
    dynamic SMP and EUM) are over all parties; the bargaining solutions (and
    the weighted mean, median and Condorcet winner among the outcomes they
    choose from) over the core parties, which may leave some out.

    Parameters
    ----------
    analysis : Analysis

    Returns
    -------
    table : pandas.DataFrame
        One row per issue: ``issue`` and one column per method
        (values on the issue's scale); empty when neither ran.
    groups : list of (str, int)
        Header groups: which parties each block of columns is over.

    Examples
    --------
    >>> import models, positions
    >>> a = models.analyze(positions.load("ktab-soe-pol-comp"), n_draws=64, n_base=8,
    ...                    progress=False)
    >>> table, groups = forecast_table(a)
    >>> groups[1][0].startswith("over all parties")
    True
    """
    import pandas as pd

    s = analysis.scenario
    issues = [i.id for i in s.issues]
    table = pd.DataFrame({"issue": issues})
    groups: list[tuple[str, int]] = [("", 1)]
    everyone = ", ".join(analysis.all_parties)
    if analysis.forecast is not None:
        wide = analysis.forecast.table()
        for method in wide.columns:
            table[_FORECAST_HEADERS.get(str(method), str(method))] = (
                wide[method].reindex(issues).to_numpy())
        groups.append((f"over all parties ({everyone})", len(wide.columns)))
    core = analysis.bargain_core
    if core is not None:
        from models.bargaining.registry import SOLUTIONS

        frame = core.to_frame()
        methods = list(dict.fromkeys(frame["method"]))
        wide = frame.pivot_table(index="issue", columns="method", values="value",
                                 aggfunc="first", sort=False, dropna=False
                                 ).reindex(columns=methods)
        names = {name: spec.title for name, spec in SOLUTIONS.items()}
        for method in methods:
            header = names.get(method, _FORECAST_HEADERS.get(method, method))
            if header in table.columns:
                header += " (core)"
            table[header] = wide[method].reindex(issues).to_numpy()
        who = ", ".join(analysis.core_parties)
        left = (f" without {', '.join(analysis.left_out)}" if analysis.left_out else
                ", the same parties")
        groups.append((f"over the core parties ({who}{left})", len(methods)))
    return table, groups


def _forecasts(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add every forecast of each issue in one table, by the parties it is over, and a figure."""
    import matplotlib.pyplot as plt

    s = analysis.scenario
    rep.section(
        "Forecasts",
        "Where each issue is expected to settle, on its own scale. The static forecasts "
        "weigh each party's ideal point by its capability and salience (weighted mean, "
        "weighted median, the Condorcet winner); the dynamic ones simulate rounds of "
        "challenges and offers (KTAB's SMP, the expected utility model). The bargaining "
        "solutions (Nash, Kalai-Smorodinsky, egalitarian, utilitarian) pick one outcome of "
        "the core parties' ZOPA. Each block of columns says which parties its numbers are "
        "over: a number over the core parties leaves the others out, which is why the same "
        "method can give different numbers in the two blocks.",
    )
    table, groups = forecast_table(analysis)
    if s.issues:
        rep.text("Scales: " + "; ".join(scale_text(i) for i in s.issues) + ".")
    if len(table.columns) > 1:
        rep.table(table, caption="Forecast per issue, by method and by the parties it is over",
                  groups=groups)
    core = analysis.bargain_core
    if core is not None:
        frame = core.to_frame()
        chosen = frame.pivot_table(index="issue", columns="method", values="label",
                                   aggfunc="first", sort=False, dropna=False)
        chosen = chosen.reindex(index=[i.id for i in s.issues],
                                columns=list(dict.fromkeys(frame["method"])))
        rep.details("The option each bargaining solution picks on each issue (core parties)",
                    _frame_html(chosen.reset_index()))
    if analysis.forecast is not None:
        fig, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
        analysis.forecast.plot(ax=ax)
        rep.figure(fig, caption="Forecasts over all parties, by method")
    _skipped(analysis, rep, "forecast", "forecast (dynamic)")
    return ("forecasts.parquet", "bargaining.parquet")


def _frame_html(frame: pd.DataFrame) -> str:
    from models.analysis.report import table_html

    return table_html(frame, collapse=80)


def _war(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the war bargaining numbers, what they mean and the figure of both ranges."""
    import matplotlib.pyplot as plt

    from models.analysis.titles import war_title

    title = war_title(analysis.scenario)
    rep.section(
        "War bargaining" + (f": {title}" if title else ""),
        "Fearon (1995): if both sides agree on p, the probability that side A wins a war, "
        "and fighting costs A a share c_A and B a share c_B of what is disputed, every split "
        "giving A a share between p − c_A and p + c_B is better for both than war (the "
        "bargaining range). When each side trusts its own, more optimistic estimate, the "
        "range shrinks and vanishes once the two estimates differ by more than the costs "
        "together (mutual optimism; Fey and Ramsay 2007).",
    )
    w = analysis.war
    if w is not None:
        for line in _war_lines(analysis):
            rep.text(line)
        inputs = _inputs_html(analysis, dict(w.sources))
        if inputs:
            rep.details("The judged numbers behind these, with their quotes", inputs)
        fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
        w.plot(ax=ax)
        a, b = _name(analysis, w.side_a), _name(analysis, w.side_b)
        rep.figure(fig, caption=(
            f"Bargaining range on {a}'s share (the rest to {b}): top row with the common "
            f"estimate p, bottom row with each side's own belief "
            f"({_name(analysis, w.holder_a)} and {_name(analysis, w.holder_b)}); no bar "
            "where no split is better than war for both"))
    _skipped(analysis, rep, "war bargaining")
    return ()


def _inputs_html(analysis: Analysis, refs: Mapping[str, str]) -> str:
    """Return the judged numbers a model read (belief or parameter ids) with their evidence.

    Parameters
    ----------
    analysis : Analysis
    refs : mapping of str to str
        The model's name for each input and the id of the belief or parameter
        it came from; ids that name neither are left out.

    Returns
    -------
    str
        An HTML list, each number with its value, path, grade and folded quotes;
        empty when no id names a judged number.
    """
    import html

    s = analysis.scenario
    frame = s.estimates_frame()
    items = []
    for name, ref in refs.items():
        rows = frame[frame["path"].str.startswith((f"beliefs[{ref}].", f"parameters[{ref}]."))]
        if rows.empty:
            continue
        row = rows.iloc[0]
        held = row["evidence_from"] if isinstance(row["evidence_from"], str) and \
            row["evidence_from"] else row["path"]
        text = row["rationale"] if isinstance(row["rationale"], str) else None
        grade = str(row["grade"]).replace("_", " ")
        items.append(
            f"<li>{html.escape(name)} = {float(row['value']):.3g}: "
            f"<code>{html.escape(str(row['path']))}</code> "
            f'<span class="grade">({html.escape(grade)})</span>'
            f"{evidence_html(s, str(held), rationale=text)}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else ""


def _war_lines(analysis: Analysis) -> list[str]:
    """Say what the war bargaining numbers are and what they mean."""
    w = analysis.war
    assert w is not None  # the caller checks
    a, b = _name(analysis, w.side_a), _name(analysis, w.side_b)
    st, op = w.static, w.optimism
    p, ca, cb = float(st.p_a), float(st.cost_a), float(st.cost_b)
    where = w.sources.get("p")
    lines = [
        f"p = {p:.2f} is the probability that {a} wins a war, as a common estimate"
        + (f" (from {where})" if where else "") + f"; the costs of war are c = {ca:.2f} for "
        f"{a} and {cb:.2f} for {b}, as shares of what is disputed (the figure's \"common p\" "
        "row).",
    ]
    if bool(st.nonempty):
        lines.append(
            f"With that common estimate, any settlement giving {a} between "
            f"{float(st.low):.2f} and {float(st.high):.2f} of the disputed good (the rest to "
            f"{b}) is better for both than fighting: a bargaining range of width "
            f"{float(st.width):.2f}.")
    else:
        lines.append("Even with a common estimate no settlement is better for both than war.")
    pa, pb = float(op.p_a), float(op.p_b)
    ha, hb = _name(analysis, w.holder_a), _name(analysis, w.holder_b)
    gap, costs = pa - pb, float(op.cost_a) + float(op.cost_b)
    chances = (f"{ha} puts {'its own' if w.holder_a == w.side_a else a + chr(39) + 's'} "
               f"chances at {pa:.2f}, {hb} at {pb:.2f}")
    if bool(op.nonempty):
        lines.append(
            f"With divergent beliefs ({chances}) "
            f"a range remains, from {float(op.low):.2f} to {float(op.high):.2f}: the gap "
            f"{gap:.2f} is within the costs of war together ({costs:.2f}).")
    else:
        lines.append(
            f"With divergent beliefs ({chances}) no settlement satisfies both: the gap "
            f"{gap:.2f} exceeds the costs of war together ({costs:.2f}), so it is the "
            "beliefs, not the stakes, that stand in the way of a deal (mutual optimism).")
    learning = w.learning
    if learning is not None:
        opened = learning.opening_month[~learning.censored]
        if opened.size:
            lines.append(
                f"If both learn from monthly battle outcomes (Smith and Stam 2004), a range "
                f"opens after a median of {np.median(opened):.0f} months "
                f"({opened.size:,d} of {learning.opening_month.size:,d} simulated wars).")
        else:
            lines.append("Learning from battle outcomes opens no range within the simulated "
                         "months.")
    return lines


_THREAT_OUTCOMES = {
    "complies_threatened": "{T} threatens and {R} complies",
    "carried_out": "{T} threatens, {R} defies and {T} carries the threat out",
    "backed_down": "{T} threatens, {R} defies and {T} backs down",
    "complies_unthreatened": "{T} does not threaten and {R} complies anyway",
    "defies_unthreatened": "{T} does not threaten and {R} defies",
}
"""The end nodes of the threat game (:func:`models.games.threat_game`) in words."""


def _threat_lines(analysis: Analysis) -> list[str]:
    """Say the threat game's numbers, its backward-induction outcome and whether it is credible."""
    from models.games import threat_labels
    from models.games.threat import threat_parameters

    t = analysis.threat
    assert t is not None  # the caller checks
    s = analysis.scenario
    names = threat_labels(s)
    tt, rr = names["threatener_name"], names["target_name"]
    v = threat_parameters(s)
    carry = v["discount_threatener"] * v["threat_cost_threatener"]
    credible = t.strategy.get("follow_through") == "carry out"
    deters = t.strategy.get("target_threatened") == "comply"
    lines = [
        f"Carrying the threat out costs {tt} {v['threat_cost_threatener']:.2f} of the stakes, "
        f"felt from the next period on (discount {v['discount_threatener']:.2f}: "
        f"{carry:.3f} now); backing down from a public threat costs it "
        f"{v['audience_cost']:.2f} (audience cost). "
        + ("Carrying out costs less, so the threat is credible."
           if credible else "Backing down costs less (or no more), so the threat is not "
           "credible: if defied, " + tt + " would back down."),
        f"{rr} gains {v['war_gain_target']:+.3f} by defying rather than complying "
        f"(its belief {v['p_target']:.2f} that it prevails, the share "
        f"{v['compliance_share_target']:.2f} of its claim it keeps by complying and the cost "
        f"of war {v['war_cost_target']:.2f}); the threatened action would cost it "
        f"{v['threat_cost_target']:.2f} (discount {v['discount_target']:.2f}). "
        + ("A carried-out threat would make it comply." if deters else
           "Even a carried-out threat would not make it comply."),
    ]
    end = t.path[-1] if t.path else ""
    payoffs = ", ".join(f"{_name(analysis, k)} {x:+.3f}" for k, x in t.payoffs.items())
    outcome = _THREAT_OUTCOMES.get(end, end).format(T=tt, R=rr)
    lines.append(
        f"By backward induction (the subgame-perfect equilibrium): {outcome} (payoffs "
        f"relative to defiance without a threat: {payoffs}).")
    return lines


def _threat(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the threat game's numbers, its outcome, whether the threat is credible, and the tree."""
    import matplotlib.pyplot as plt

    from models.analysis.titles import threat_text, threat_title

    title = threat_title(analysis.scenario)
    rep.section(
        "Threat game" + (f": {title}" if title else ""),
        threat_text(analysis.scenario) + " The threatener first threatens or not; the target "
        "complies or defies; after a defied threat the threatener carries it out or backs "
        "down. A threat is credible when carrying it out costs the threatener less than "
        "backing down (Schelling 1960; Fearon 1994); payoffs are shares of the stakes.",
    )
    if analysis.threat is not None:
        for line in _threat_lines(analysis):
            rep.text(line)
        role = analysis.scenario.roles.threat()
        if role is not None:
            refs = {k: v for k, v in role.model_dump().items()
                    if isinstance(v, str) and k not in ("id", "label")}
            inputs = _inputs_html(analysis, refs)
            if inputs:
                rep.details("The judged numbers behind these, with their quotes", inputs)
        fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
        analysis.threat.plot(ax=ax)
        rep.figure(fig, caption="Threat game tree with the equilibrium path")
    _skipped(analysis, rep, "threat game")
    return ()


def _uncertainty(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the probabilities of the key events, their convergence and the Sobol indices."""
    mc = analysis.monte_carlo
    n_inputs = 0 if mc is None else len(mc.inputs.names)
    rep.section(
        "Uncertainty",
        f"Monte Carlo over every coded uncertainty of the scenario ({n_inputs} judged numbers, "
        f"{analysis.n_draws:,d} draws): how often each key event happens when every judged "
        "number varies over its stated range.",
    )
    events = analysis.events()
    if len(events):
        rep.table(_events_table(events), caption="Probabilities of key events")
    _convergence(analysis, rep)
    _sensitivity(analysis, rep)
    return ("events.parquet", "montecarlo.parquet", "sensitivity.parquet")


def _events_table(events: pd.DataFrame) -> pd.DataFrame:
    """Return the key events with their probability and 95% interval, rounded."""
    import pandas as pd

    return pd.DataFrame({
        "event": events["description"],
        "probability": [f"{p:.3f}" for p in events["probability"]],
        "95% interval": [f"{lo:.3f} – {hi:.3f}"
                         for lo, hi in zip(events["ci_low"], events["ci_high"], strict=True)],
        "draws": events["n"],
        "output": events["event"],
    })


def _convergence(analysis: Analysis, rep: Report) -> None:
    """Add the convergence of the first key event that varies across draws."""
    import matplotlib.pyplot as plt

    from models.analysis.titles import EVENTS as _EVENTS

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
        rep.figure(fig, caption=f"Convergence of P({_EVENTS[first]}) as draws accumulate")


def negligible_inputs(analysis: Analysis, threshold: float = NEGLIGIBLE) -> tuple[int, int]:
    """Count the inputs whose total Sobol index is below ``threshold`` on every event.

    Parameters
    ----------
    analysis : Analysis
    threshold : float, default :data:`NEGLIGIBLE`

    Returns
    -------
    tuple of (int, int)
        The negligible inputs and all inputs; ``(0, 0)`` without a
        sensitivity analysis.
    """
    if analysis.sensitivity is None:
        return 0, 0
    st = np.asarray(analysis.sensitivity.ST, dtype=float)
    st = np.where(np.isnan(st), 0.0, st)
    return int((st.max(axis=0) < threshold).sum()), int(st.shape[1])


def _influential_table(analysis: Analysis, n: int = 12) -> pd.DataFrame:
    """Return the most influential inputs, slimmed: what each moves, its evidence and why."""
    import pandas as pd

    from models.analysis.titles import EVENTS as _EVENTS

    s = analysis.scenario
    infl = analysis.influential(n)
    evidence, why = [], []
    for row in infl.itertuples():
        parts = [str(row.grade).replace("_", " ")] if isinstance(row.grade, str) else []
        if _count(row.n_quotes) is not None:
            q, src = _count(row.n_quotes) or 0, _count(row.n_sources) or 0
            parts.append(f"{q} quote{'s' * (q != 1)}"
                         + (f" from {src} source{'s' * (src != 1)}" if q else ""))
        k = _count(row.n_assumptions)
        if k:
            parts.append(f"{k} assumption{'s' * (k != 1)}")
        evidence.append("; ".join(parts))
        held = str(row.evidence_from) if isinstance(row.evidence_from, str) and \
            row.evidence_from else str(row.input)
        text = row.rationale if isinstance(row.rationale, str) and row.rationale else None
        if isinstance(row.assumptions, str) and row.assumptions:
            text = (text + " " if text else "") + f"Assumptions: {row.assumptions}"
        why.append(evidence_html(s, held, rationale=text) or "")
    return pd.DataFrame({
        "input": infl["input"],
        "moves most": [_EVENTS.get(o, o) for o in infl["output"]],
        "S_T": [f"{a:.2f}\u00a0±\u00a0{b:.2f}"
                for a, b in zip(infl["ST"], infl["ST_conf"], strict=True)],
        "evidence": evidence,
        "why (rationale, quotes)": why,
    })


def _count(value: Any) -> int | None:
    """Return a count from a table cell (None when missing)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return int(value)


def _sensitivity(analysis: Analysis, rep: Report) -> None:
    """Add the most influential inputs and the Sobol indices with their intervals."""
    import matplotlib.pyplot as plt

    if analysis.sensitivity is None:
        return
    small, total = negligible_inputs(analysis)
    rep.subheading("Sensitivity")
    rep.text(
        f"Total Sobol indices S_T: the share of an event's variance due to an input, with all "
        f"its interactions. {total - small} of the {total} inputs matter; {small} are "
        f"negligible (S_T < {NEGLIGIBLE:g} on every event): fixing them anywhere in their "
        "ranges would leave the probabilities as they are. The table ranks inputs by S_T "
        "times the weakness of their evidence, so the first rows are where better evidence "
        "would matter most.")
    rep.table(_influential_table(analysis), caption="Most influential inputs, weakest "
              "evidence first", trusted=("why (rationale, quotes)",), collapse=0)
    fig, ax = plt.subplots(figsize=(8, 6), layout="constrained")
    analysis.sensitivity.plot(ax=ax)
    rep.figure(fig, caption="Total and first-order Sobol indices of the non-negligible inputs, "
                            "with 95% intervals")


def _coders(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the coders' agreement, the coder share of each event and the paths to discuss."""
    import matplotlib.pyplot as plt

    from models.uncertainty.coders import CODER_INPUT, coder_share

    agreed = analysis.agreement
    if agreed is None:
        return ()
    rep.section(
        "Coders",
        f"The judged numbers were coded independently by {len(agreed.coders)} coders "
        f"({', '.join(agreed.coders)}). Krippendorff's alpha (interval metric) is "
        f"{agreed.alpha:.2f} over {len(agreed.paths)} numbers (1 is perfect agreement, 0 is "
        "agreement no better than chance). The Monte Carlo and the Sobol indices draw from "
        "the mixture of the coders, with the choice of coder as one more input.",
    )
    kinds = agreed.alpha_by_kind
    rep.table(_frame({"kind of judgement": list(kinds),
                      "alpha": [f"{a:.2f}" if a == a else "n/a" for a in kinds.values()]}),
              caption="Agreement per kind of judgement (numbers on a common [0, 1] scale)")
    sens = analysis.sensitivity
    if sens is not None and CODER_INPUT in sens.names:
        share = coder_share(sens)
        wide = bool((share[["S1_conf", "ST_conf"]] > 0.2).to_numpy().any())
        rep.text("How much of each event's variance comes from the choice of coder: S1 alone, "
                 "ST with its interactions (95% half-widths; estimates clipped to [0, 1])."
                 + (" Intervals this wide mean too few draws to tell; rerun with a larger "
                    "--n." if wide else ""))
        rep.table(_frame({
            "event": list(share.output),
            "S1": [f"{min(max(v, 0), 1):.2f} ± {c:.2f}" for v, c in zip(share.S1, share.S1_conf,
                                                                         strict=True)],
            "ST": [f"{min(max(v, 0), 1):.2f} ± {c:.2f}" for v, c in zip(share.ST, share.ST_conf,
                                                                         strict=True)],
        }), caption="Share of variance from the choice of coder")
    first = agreed.discuss_first(sens)
    first = first[first.priority > 0].head(8)
    if len(first):
        rep.table(_frame({"path": list(first.path), "kind": list(first.kind),
                          "spread": [f"{v:.2f}" for v in first.spread],
                          "priority": [f"{v:.3f}" for v in first.priority]}),
                  caption="Discuss first: the coders' spread times the number's largest "
                          "total Sobol index")
    fig, ax = plt.subplots(figsize=(8, 6), layout="constrained")
    agreed.plot(ax=ax)
    rep.figure(fig, caption="Where the coders disagree, largest spread first")
    return ("agreement.parquet",)


def _frame(columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """Return a small table from columns (pandas imported only when a report is drawn)."""
    import pandas as pd

    return pd.DataFrame(dict(columns))


def _summary(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the text summary (:meth:`Analysis.summary`)."""
    rep.section("Summary", "The plain-text summary that stances analyze prints.")
    rep.text(analysis.summary(), pre=True)
    return ("results.json",)


def _warnings(analysis: Analysis, rep: Report) -> Sequence[str]:
    """List what the scenario leaves to a default (:meth:`positions.Scenario.warnings`)."""
    found = analysis.scenario.warnings()
    if found:
        rep.section(
            "Warnings",
            "Defaults the scenario relies on and numbers that rest on nothing stated "
            "(stances validate --strict fails on them): a position without an acceptable "
            "range has no red line on its issue; a judged number with neither quotes of its "
            "own nor premises rests on no stated ground.",
        )
        rep.text("\n".join(str(w) for w in found), pre=True)
    return ()


def _skipped(analysis: Analysis, rep: Report, *steps: str) -> None:
    """Say which of ``steps`` were skipped and why."""
    for step in steps:
        if step in analysis.skipped:
            rep.text(f"Skipped ({step}): {analysis.skipped[step]}")


def _sources(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the Sources section (:func:`models.analysis.report_evidence.sources_section`)."""
    return sources_section(analysis, rep)


def _graph(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the Graph Model section (:func:`models.analysis.report_gmcr.graph_model_section`)."""
    return graph_model_section(analysis, rep)


REPORT_SECTIONS: tuple[Callable[[Analysis, Report], Sequence[str]], ...] = (
    _positions,
    _bargaining,
    _forecasts,
    _war,
    _threat,
    _graph,
    _uncertainty,
    _coders,
    _sources,
    _warnings,
    _summary,
)
"""The sections of the report, in order: each draws itself and returns its data files."""
