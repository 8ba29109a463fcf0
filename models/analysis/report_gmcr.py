"""The Graph Model in the report: equilibria and the status quo's paths in words and option tables.

A state of a Graph Model built from options is the set of options taken
(:mod:`models.gmcr.describe`). The report names a state by what differs from
the status quo, in the options' labels ("Russia: stops “Continue the
offensive”; United States: takes “Impose new sanctions”"), and shows the
equilibria of each stability concept as an option table: one row per
equilibrium, one column per option (grouped by decision maker), ``Y``/``N``,
the cells that differ from the status quo highlighted. State numbers appear
only as secondary ids. A model built from states (no options) is described by
its state numbers.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from models.analysis.report_evidence import evidence_html

if TYPE_CHECKING:
    import pandas as pd

    from models.analysis.analyze import Analysis
    from models.analysis.report import Report
    from models.gmcr import GraphModel
    from positions import Scenario

__all__ = ["CONCEPT_TEXT", "graph_model_section", "option_table", "state_words"]

CONCEPT_TEXT = {
    "R": "Nash stability: no decision maker gains by moving on its own",
    "GMR": "general metarationality: every move a decision maker would gain by can be "
           "punished by the others' answer",
    "SMR": "symmetric metarationality: every gainful move can be punished, even after the "
           "mover answers back",
    "SEQ": "sequential stability: every gainful move can be punished by the others' own "
           "gainful moves (credible sanctions)",
}
"""A sentence on each built-in stability concept (a registered one is named by its id)."""

_SHOWN = 12
"""Equilibria shown per concept (the closest to the status quo); the rest are in the data."""


def _labels(scenario: Scenario) -> dict[str, str]:
    return {o.id: o.label for o in scenario.options}


def _names(scenario: Scenario) -> dict[str, str]:
    return {a.id: a.name for a in scenario.actors}


def _reference(model: GraphModel) -> int | None:
    """Return the status quo's state number (None when the model has none)."""
    sq = model.status_quo
    return None if sq is None else int(sq)


def state_words(model: GraphModel, state: int, scenario: Scenario,
                reference: int | None = None) -> str:
    """Say in words how a state differs from a reference state (default the status quo).

    Parameters
    ----------
    model : GraphModel
        Built from options (:meth:`GraphModel.from_scenario`).
    state : int
        The state number (from 1).
    scenario : positions.Scenario
        Where the option labels and actor names come from.
    reference : int, optional
        The state to compare with; default the model's status quo, and
        without one, the state is described by the options it takes.

    Returns
    -------
    str
        ``"Russia: stops “Continue the offensive”; Ukraine: takes “Concede”"``,
        ``"the status quo"`` for the reference itself, or ``"state n"`` for a
        model without options.

    Examples
    --------
    >>> import positions
    >>> from models.gmcr import GraphModel
    >>> s = positions.load("elmira-groundwater")
    >>> m = GraphModel.from_scenario(s)
    >>> state_words(m, m.status_quo, s)
    'the status quo'
    """
    if not model.options:
        return f"state {state}"
    ref = _reference(model) if reference is None else reference
    labels, names = _labels(scenario), _names(scenario)
    after = model.states[state - 1]
    before = model.states[ref - 1] if ref is not None else np.zeros_like(after)
    if ref is not None and (after == before).all():
        return "the status quo" if ref == _reference(model) else f"as state {ref}"
    owners = np.asarray(model.option_owners, dtype=object)
    options = np.asarray(model.options, dtype=object)
    parts = []
    for dm in model.decision_makers:
        mine = owners == dm
        taken = options[mine & after & ~before]
        dropped = options[mine & before & ~after]
        words = [f"takes \u201c{labels.get(o, o)}\u201d" for o in taken]
        words += [f"stops \u201c{labels.get(o, o)}\u201d" for o in dropped]
        if words:
            parts.append(f"{names.get(dm, dm)}: {', '.join(words)}")
    return "; ".join(parts) if parts else "nothing changes"


def option_table(model: GraphModel, states: Sequence[int], scenario: Scenario,
                 ) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[str, int]]]:
    """Return the option table of some states: Y/N per option, what differs from the status quo.

    Parameters
    ----------
    model : GraphModel
        Built from options.
    states : sequence of int
        State numbers (from 1), one row each.
    scenario : positions.Scenario

    Returns
    -------
    table : pandas.DataFrame
        Columns ``change from the status quo`` (the options taken, ``+id``,
        and dropped, ``−id``), one per option (``Y``/``N``)
        and ``state``, the number, last.
    highlight : pandas.DataFrame of bool
        The cells whose option differs from the status quo (none without one).
    groups : list of (str, int)
        The header groups: the decision makers above their options.

    Examples
    --------
    >>> import positions
    >>> from models.gmcr import GraphModel
    >>> s = positions.load("elmira-groundwater")
    >>> m = GraphModel.from_scenario(s)
    >>> table, marks, groups = option_table(m, [m.status_quo], s)
    >>> bool(marks.to_numpy().any()), len(table)
    (False, 1)
    """
    import pandas as pd

    names = _names(scenario)
    ref = _reference(model)
    rows = np.asarray(model.states)[np.asarray(states, dtype=int) - 1]
    base = rows if ref is None else np.broadcast_to(model.states[ref - 1], rows.shape)
    owners = list(model.option_owners)
    data: dict[str, list[Any]] = {
        "change from the status quo": [_change_ids(model, s, ref) for s in states]}
    order = [k for dm in model.decision_makers for k, o in enumerate(owners) if o == dm]
    for k in order:
        data[model.options[k]] = ["Y" if v else "N" for v in rows[:, k]]
    data["state"] = [int(s) for s in states]
    table = pd.DataFrame(data)
    marks = np.zeros(table.shape, dtype=bool)
    if ref is not None:
        marks[:, 1:1 + len(order)] = rows[:, order] != base[:, order]
    groups = [("", 1)] + [(names.get(dm, dm), owners.count(dm))
                          for dm in model.decision_makers] + [("", 1)]
    return table, pd.DataFrame(marks, columns=table.columns), groups


def _change_ids(model: GraphModel, state: int, ref: int | None) -> str:
    """Return the options a state takes (+) and drops (−) relative to the status quo, by id."""
    if ref is None:
        return ", ".join(o for o, on in zip(model.options, model.states[state - 1],
                                            strict=True) if on)
    before, after = model.states[ref - 1], model.states[state - 1]
    marks = ["+" + o for o, a, b in zip(model.options, after, before, strict=True) if a and not b]
    marks += ["\u2212" + o for o, a, b in zip(model.options, after, before, strict=True)
              if b and not a]
    return " ".join(marks) or "(the status quo)"


def _closest(model: GraphModel, states: Sequence[int]) -> list[int]:
    """Order states by how many options differ from the status quo (fewest first)."""
    ref = _reference(model)
    if ref is None or not model.options:
        return list(states)
    base = model.states[ref - 1]
    diff = [int((model.states[s - 1] != base).sum()) for s in states]
    return [s for _, s in sorted(zip(diff, states, strict=True))]


def _legend(model: GraphModel, scenario: Scenario) -> str:
    """Return the options' ids, owners, labels and quotes as a list (HTML)."""
    labels, names = _labels(scenario), _names(scenario)
    ref = _reference(model)
    items = []
    for k, (option, owner) in enumerate(zip(model.options, model.option_owners, strict=True)):
        held = "" if ref is None else (" (taken in the status quo)"
                                       if model.states[ref - 1][k] else "")
        who = html.escape(names.get(owner, owner))
        described = next((o.description for o in scenario.options if o.id == option), None)
        quotes = evidence_html(scenario, f"options[{option}]", rationale=described)
        items.append(f"<li><code>{html.escape(option)}</code> ({who}): "
                     f"{html.escape(labels.get(option, option))}{html.escape(held)}{quotes}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _paths(analysis: Analysis, rep: Report, n_paths: int = 8) -> None:
    """Describe the paths of gainful unilateral moves from the status quo, in words."""
    sq = analysis.status_quo
    if sq is None:
        return
    model, s = sq.model, analysis.scenario
    names = _names(s)
    reached = sq.reachable
    rep.subheading("From the status quo")
    held = "; ".join(
        f"{names.get(dm, dm)}: " + (", ".join(
            f"\u201c{_labels(s).get(o, o)}\u201d" for o, owner, on in zip(
                model.options, model.option_owners, model.states[sq.status_quo - 1],
                strict=True) if owner == dm and on) or "none of its options")
        for dm in model.decision_makers
    ) if model.options else f"state {sq.status_quo}"
    rep.text(f"In the status quo (state {sq.status_quo}) the options taken are: {held}.")
    rep.text(
        f"Moves that each make the mover better off, one decision maker at a time, lead from "
        f"the status quo to {len(reached)} of the {len(sq.equilibria)} Nash equilibria"
        + (":" if reached else "; the others cannot be reached that way.")
    )
    items = []
    for eq, path, who in zip(sq.equilibria, sq.paths, sq.movers, strict=True):
        if not path:
            continue
        steps = []
        for dm, a, b in zip(who, path[:-1], path[1:], strict=True):
            steps.append(f"{names.get(dm, dm)}: " + state_words(model, b, s, reference=a)
                         .split(": ", 1)[-1])
        items.append(
            f"<li>{html.escape('; then '.join(steps))} "
            f'<span class="grade">(ends in state {eq}, {len(who)} '
            f"move{'s' * (len(who) != 1)})</span></li>"
        )
    if items:
        shown = "<ol>" + "".join(items[:n_paths]) + "</ol>"
        rep.html(shown)
        if len(items) > n_paths:
            rep.details(f"Show {len(items) - n_paths} more paths",
                        "<ol>" + "".join(items[n_paths:]) + "</ol>")


def _skipped(analysis: Analysis, rep: Report) -> None:
    """Say why the Graph Model was skipped, if it was."""
    if "graph model" in analysis.skipped:
        rep.text(f"Skipped (graph model): {analysis.skipped['graph model']}")


def graph_model_section(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the Graph Model section: equilibria in words and option tables, the status quo's paths.

    Parameters
    ----------
    analysis : Analysis
    rep : Report

    Returns
    -------
    sequence of str
        The data files of the section.
    """
    import matplotlib.pyplot as plt

    from models.analysis.titles import decision_makers_text

    who = decision_makers_text(analysis)
    stability = analysis.stability
    rep.section(
        "Graph Model",
        "The conflict as a graph of states (Fang, Hipel and Kilgour): a state is the set of "
        "options taken" + (f" by {who}" if who else "") + ", each decision maker ranks the "
        "states by its preference statements, and a state is an equilibrium under a "
        "stability concept when no decision maker wants to leave it on its own. Each "
        "equilibrium is described by what differs from the status quo; state numbers are "
        "only ids (in stability.parquet).",
    )
    if stability is None:
        _skipped(analysis, rep)
        return ()
    model, s = stability.model, analysis.scenario
    counts = ", ".join(f"{len(stability.equilibria(c)):,d} under {c}" for c in stability.concepts)
    rep.text(f"{model.n_states:,d} feasible states; equilibria: {counts}.")
    for concept in stability.concepts:
        eq = list(stability.equilibria(concept))
        text = CONCEPT_TEXT.get(concept, f"stability concept {concept}")
        name = text.split(":")[0]
        rep.subheading(f"{name[0].upper() + name[1:]} ({concept}): {len(eq):,d} "
                       f"equilibri{'um' if len(eq) == 1 else 'a'}")
        rep.text(text[0].upper() + text[1:] + ".")
        if not eq:
            continue
        ordered = _closest(model, eq)
        if not model.options:
            rep.text("States: " + ", ".join(map(str, ordered[:50]))
                     + (" …" if len(ordered) > 50 else ""))
            continue
        shown = ordered[:_SHOWN]
        rep.html("<ul>" + "".join(
            f"<li>{html.escape(state_words(model, x, s))} "
            f'<span class="grade">(state {x})</span></li>' for x in shown[:3]) + "</ul>")
        table, marks, groups = option_table(model, shown, s)
        note = (f"the {len(shown)} closest to the status quo of {len(eq):,d}"
                if len(eq) > len(shown) else f"all {len(eq)}")
        rep.table(table, caption=f"{concept} equilibria ({note}): Y = option taken; "
                                 "highlighted where it differs from the status quo",
                  groups=groups, highlight=marks, fold=6, collapse=90)
    rep.details("Options: who holds each, what it means and the quotes behind it",
                _legend(model, s))
    _paths(analysis, rep)
    fig, ax = plt.subplots(figsize=(8, 9), layout="constrained")
    drawn = stability if analysis.status_quo is None else analysis.status_quo
    drawn.plot(ax=ax)  # with the status quo: arrows to the equilibria it reaches, who moves
    rep.figure(fig, caption="Equilibria in options: what differs from the status quo "
                            "(state numbers as ids)")
    _skipped(analysis, rep)
    return ("stability.parquet", "status_quo.parquet")
