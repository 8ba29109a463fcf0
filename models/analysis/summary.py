"""The plain-text summary of an analysis (:meth:`Analysis.summary`), one function per section.

:func:`summary_text` joins the sections of :data:`SUMMARY_SECTIONS` in order, a
blank line between two sections; a section with nothing to say (no influential
inputs without sensitivity indices) returns no lines and is left out. Each
section reads the :class:`~models.analysis.Analysis` and never reruns a model.
Adding a model to the summary is one function ``(analysis) -> list of str`` and
one entry in :data:`SUMMARY_SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from models.analysis.titles import decision_makers_text, threat_title, war_title
from models.uncertainty.coders import CODER_INPUT, coder_share

if TYPE_CHECKING:
    from models.analysis.analyze import Analysis

__all__ = ["SUMMARY_SECTIONS", "scale_text", "status_quo_lines", "summary_text"]


def summary_text(analysis: Analysis) -> str:
    """Return the summary: every section of :data:`SUMMARY_SECTIONS`, a blank line between.

    Parameters
    ----------
    analysis : Analysis

    Returns
    -------
    str
    """
    lines: list[str] = []
    for section in SUMMARY_SECTIONS:
        part = section(analysis)
        if part and lines:
            lines.append("")
        lines += part
    return "\n".join(lines)


def _header(analysis: Analysis) -> list[str]:
    """Name the scenario: its title, id and date."""
    s = analysis.scenario
    return [f"{s.title} ({s.id}, {s.date})"]


def _bargaining(analysis: Analysis) -> list[str]:
    """Describe the outcome space, the all-party ZOPA, the coalitions, the core, its solutions."""
    if analysis.bargain_all is None:
        return ["Bargaining", f"  skipped: {analysis.skipped.get('bargaining', '')}"]
    lines = [
        "Bargaining",
        f"  outcome space: {analysis.bargain_all.space.describe()}",
    ]
    lines += [f"  {line}" for line in analysis.agreement_lines()]
    for parties, counts, zopa, frontier, reason in analysis.coalitions[
        ["parties", "counts", "zopa", "frontier", "reason"]
    ].itertuples(index=False):
        mark = " " if counts else "*"
        line = f"  {mark}{parties!s:<20s} ZOPA {int(zopa):>6,d}   frontier {int(frontier):>5,d}"
        lines.append(line + (f"   {reason!s}" if reason else ""))
    if not analysis.coalitions["counts"].all():
        lines.append("   (* leaves out a veto party: never the core)")
    lines.append(f"  core parties: {', '.join(analysis.core_parties)}")
    core = analysis.bargain_core
    if core is None:
        lines.append(f"  skipped: {analysis.skipped.get('bargaining', '')}")
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
    return lines


def scale_text(issue: Any) -> str:
    """Return an issue's scale in words: ``"wage 0-20 %"``.

    Parameters
    ----------
    issue : positions.Issue

    Returns
    -------
    str
    """
    unit = f" {issue.scale.unit}" if issue.scale.unit else ""
    return f"{issue.id} {issue.scale.low:g}-{issue.scale.high:g}{unit}"


def _forecasts(analysis: Analysis) -> list[str]:
    """Describe the forecasts of each issue, and which kind was skipped and why."""
    issues = analysis.scenario.issues
    scales = {(i.scale.low, i.scale.high, i.scale.unit) for i in issues}
    if len(scales) == 1:
        low, high, unit = scales.pop()
        lines = [f"Forecasts per issue (every issue on the scale {low:g}-{high:g}"
                 f"{' ' + unit if unit else ''})"]
    else:
        lines = ["Forecasts per issue, each on its own scale: "
                 + "; ".join(scale_text(i) for i in issues)]
    lines.append(repr(analysis.forecast) if analysis.forecast is not None else "  skipped")
    for step in ("forecast (dynamic)", "forecast"):
        if step in analysis.skipped:
            lines.append(f"  {step} skipped: {analysis.skipped[step]}")
    return lines


def _war(analysis: Analysis) -> list[str]:
    """Describe Fearon's bargaining range, mutual optimism and learning while fighting."""
    title = war_title(analysis.scenario)
    lines = ["War bargaining (Fearon 1995)" + (f": {title}" if title else "")]
    w = analysis.war
    if w is None:
        lines.append(f"  skipped: {analysis.skipped.get('war bargaining', '')}")
    else:
        lines.append(
            f"  static range for {w.side_a}'s share: [{float(w.static.low):.2f}, "
            f"{float(w.static.high):.2f}]  (p={float(w.static.p_a):.2f}: the common estimate "
            f"of {w.side_a}'s chance of winning a war)"
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
    return lines


def _threat(analysis: Analysis) -> list[str]:
    """Describe the subgame-perfect equilibrium of the threat game."""
    title = threat_title(analysis.scenario)
    lines = ["Threat game (subgame-perfect equilibrium)" + (f": {title}" if title else "")]
    t = analysis.threat
    if t is None:
        lines.append(f"  skipped: {analysis.skipped.get('threat game', '')}")
    else:
        strategy = ", ".join(f"{node}: {action}" for node, action in t.strategy.items())
        payoffs = ", ".join(f"{k} {v:+.3f}" for k, v in t.payoffs.items())
        lines += [
            f"  path: {' -> '.join(t.path)}",
            f"  strategies: {strategy}",
            f"  payoffs: {payoffs}",
        ]
    return lines


def _graph_model(analysis: Analysis) -> list[str]:
    """Describe the Graph Model's equilibria by concept and the paths from the status quo."""
    from models.analysis.report_gmcr import _change_ids, _closest

    lines = ["Graph Model equilibria by stability concept"]
    if analysis.stability is not None:
        lines[0] += f"; decision makers {decision_makers_text(analysis)}"
    if analysis.stability is None:
        lines.append(f"  skipped: {analysis.skipped.get('graph model', '')}")
    for concept, states in analysis.equilibria().items():
        line = f"  {concept:<4s} {len(states):>5d} equilibri{'um' if len(states) == 1 else 'a'}"
        model = analysis.stability.model if analysis.stability is not None else None
        if states and model is not None and model.options and model.status_quo is not None:
            near = _closest(model, states)[0]
            line += (f"; nearest the status quo: {_change_ids(model, near, model.status_quo)}"
                     f" (state {near})")
        elif states:
            line += "  states " + ", ".join(map(str, states[:12])) + (
                " ..." if len(states) > 12 else "")
        lines.append(line)
    lines += status_quo_lines(analysis)
    return lines


def status_quo_lines(analysis: Analysis, n_paths: int = 3) -> list[str]:
    """Describe the status quo and the first Nash equilibria it reaches, in options.

    Parameters
    ----------
    analysis : Analysis
    n_paths : int
        How many paths of unilateral improvements to describe.

    Returns
    -------
    list of str
        Lines indented by two spaces; empty without a status quo analysis.
    """
    sq = analysis.status_quo
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


def _monte_carlo(analysis: Analysis) -> list[str]:
    """Describe the Monte Carlo run and the probabilities of the key events."""
    lines: list[str] = []
    if analysis.monte_carlo is None:
        lines.append(f"Monte Carlo skipped: {analysis.skipped.get('monte carlo', '')}")
    else:
        lines.append(
            f"Monte Carlo over {len(analysis.monte_carlo.inputs.names)} uncertain inputs, "
            f"{analysis.n_draws:,d} draws (seed {analysis.seed})"
        )
    for row in analysis.events().itertuples():
        lines.append(
            f"  P({row.description}) = {row.probability:.3f} "
            f"[{row.ci_low:.3f}, {row.ci_high:.3f}]"
        )
    return lines


def _influential(analysis: Analysis) -> list[str]:
    """Name the inputs where better evidence would matter most, and what they rest on."""
    lines: list[str] = []
    infl = analysis.influential()
    if len(infl):
        lines += ["Where better evidence would matter most "
                  "(total Sobol index x weakness of evidence)"]
        for row in infl.itertuples():
            lines.append(
                f"  {row.ST:5.2f} ± {row.ST_conf:4.2f}  {row.input}  (on {row.output})"
                f"{_provenance(row)}"
            )
    return lines


def _coders(analysis: Analysis) -> list[str]:
    """Say how far the coders agree and how much of each event's variance they explain."""
    agreed = analysis.agreement
    if agreed is None:
        return []
    kinds = ", ".join(f"{k} {a:.2f}" for k, a in agreed.alpha_by_kind.items() if a == a)
    lines = [f"Coders {', '.join(agreed.coders)}: Krippendorff's alpha (interval) "
             f"{agreed.alpha:.2f} over {len(agreed.paths)} judged numbers ({kinds})"]
    sens = analysis.sensitivity
    if sens is not None and CODER_INPUT in sens.names:
        share = coder_share(sens)
        lines.append("  share of each event's variance from the choice of coder "
                     "(Sobol S1 / ST, 95% half-widths):")
        lines += [f"    {o}: {_share(s1, c1)} / {_share(st, ct)}" for o, s1, c1, st, ct in zip(
            share.output, share.S1.tolist(), share.S1_conf.tolist(), share.ST.tolist(),
            share.ST_conf.tolist(), strict=True)]
        if (share[["S1_conf", "ST_conf"]] > 0.2).to_numpy().any():
            lines.append("    (intervals this wide mean too few draws to tell: rerun with a "
                         "larger --n; estimates outside [0, 1] are shown clipped)")
        first = agreed.discuss_first(sens)
        first = first[first.priority > 0].head(3)
        if len(first):
            lines.append("  discuss first (spread x largest total Sobol index): "
                         + ", ".join(first.path))
    return lines


def _share(value: float, half_width: float) -> str:
    """Format a Sobol index clipped to [0, 1] (its estimator can leave it), with its half-width."""
    return f"{min(max(value, 0.0), 1.0):.2f} ± {half_width:.2f}"


def _provenance(row: Any) -> str:
    """Say in a few words what an input rests on: its grade, quotes, sources, assumptions."""
    if _missing(row.n_quotes):
        return ""
    quotes, sources, premises = int(row.n_quotes), int(row.n_sources), int(row.n_assumptions)
    parts = [str(row.grade).replace("_", " ")] if isinstance(row.grade, str) else []
    parts.append(f"{quotes} quote{'s' * (quotes != 1)}")
    if quotes:
        parts[-1] += f" from {sources} source{'s' * (sources != 1)}"
    if premises:
        parts.append(f"{premises} assumption{'s' * (premises != 1)}")
    return "  [" + ", ".join(parts) + "]"


def _missing(value: Any) -> bool:
    """Whether a table cell is missing (None or NaN)."""
    return value is None or (isinstance(value, float) and value != value)


def _warnings(analysis: Analysis) -> list[str]:
    """List what the scenario leaves to a default (:meth:`positions.Scenario.warnings`)."""
    found = analysis.scenario.warnings()
    if not found:
        return []
    return [f"Warnings ({len(found)}): defaults and unsupported numbers the scenario relies on"] + [
        f"  {w}" for w in found
    ]


SUMMARY_SECTIONS: tuple[Callable[[Analysis], list[str]], ...] = (
    _header,
    _bargaining,
    _forecasts,
    _war,
    _threat,
    _graph_model,
    _monte_carlo,
    _influential,
    _coders,
    _warnings,
)
"""The sections of the summary, in order: each returns its lines (none to be left out)."""
