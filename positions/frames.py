"""Tidy tables of a scenario: positions, beliefs, quotes, judged numbers and facts.

Each function takes a :class:`~positions.Scenario` and returns a
:class:`pandas.DataFrame` with one row per item and fixed columns, the
provenance columns (``n_quotes``, ``n_sources``, ``n_origins``, see
:func:`positions.provenance.corroborate`, and the non-source premises in
``n_assumptions`` and ``assumptions``) included. The scenario's methods
(:meth:`~positions.Scenario.to_frame`, :meth:`~positions.Scenario.beliefs_frame`,
:meth:`~positions.Scenario.evidence_frame`,
:meth:`~positions.Scenario.estimates_frame`,
:meth:`~positions.Scenario.facts_frame`) call them and document the columns.
pandas is imported only when a table is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from positions._walk import walk_estimates_in_context, walk_evidence_with_actor
from positions.attribution import attribution_of
from positions.provenance import Corroboration, assumptions, corroborate, grade, resolve_origin

if TYPE_CHECKING:
    import pandas as pd

    from positions.scenario import Scenario

__all__ = ["beliefs_frame", "estimates_frame", "evidence_frame", "facts_frame", "positions_frame"]

_SEP = "; "
"""How several assumptions are joined into one table cell."""


def _counts(c: Corroboration) -> dict[str, int]:
    """Return the three corroboration counts as table columns."""
    return {"n_quotes": c.n_quotes, "n_sources": c.n_sources, "n_origins": c.n_origins}


def _premises(premises: tuple[str, ...]) -> dict[str, Any]:
    """Return the assumptions as table columns: how many, and joined into one cell."""
    return {"n_assumptions": len(premises), "assumptions": _SEP.join(premises)}


def positions_frame(scenario: Scenario) -> pd.DataFrame:
    """Return the positions as a tidy table, one row per position.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`Scenario.to_frame <positions.Scenario.to_frame>`.

    Examples
    --------
    >>> import positions
    >>> df = positions_frame(positions.load("ukraine-ceasefire-2025-05"))
    >>> len(df), df.columns[0]
    (33, 'actor')
    """
    import pandas as pd

    sources = {src.id: src for src in scenario.sources}
    origins = {o.id: o for o in scenario.origins}
    rows = []
    for p in scenario.positions:
        scale = scenario.issue(p.issue).scale
        acc = p.acceptable
        c = corroborate(p, sources)
        premises = assumptions(p)
        ideal_low, ideal_high = p.ideal.bounds()
        sal_low, sal_high = p.salience.bounds()
        rows.append(
            {
                "actor": p.actor,
                "issue": p.issue,
                "kind": p.kind,
                "basis": p.basis,
                "ideal": p.ideal.value,
                "ideal_low": ideal_low,
                "ideal_high": ideal_high,
                "acceptable_low": acc.low.value if acc and acc.low else scale.low,
                "acceptable_high": acc.high.value if acc and acc.high else scale.high,
                "salience": p.salience.value,
                "salience_low": sal_low,
                "salience_high": sal_high,
                "option": p.option,
                **_counts(c),
                "grade": grade(p, origins=origins, sources=sources),
                "rationale": p.rationale,
                **_premises(premises),
            }
        )
    columns = [
        "actor", "issue", "kind", "basis", "ideal", "ideal_low", "ideal_high",
        "acceptable_low", "acceptable_high", "salience", "salience_low", "salience_high",
        "option", "n_quotes", "n_sources", "n_origins", "grade", "rationale", "n_assumptions",
        "assumptions",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def beliefs_frame(scenario: Scenario) -> pd.DataFrame:
    """Return the beliefs as a tidy table, one row per belief.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`Scenario.beliefs_frame <positions.Scenario.beliefs_frame>`.
    """
    import pandas as pd

    text = {p.id: p.text for p in scenario.propositions}
    sources = {src.id: src for src in scenario.sources}
    origins = {o.id: o for o in scenario.origins}
    rows = []
    for b in scenario.beliefs:
        c = corroborate(b, sources)
        premises = assumptions(b)
        low, high = b.probability.bounds()
        rows.append(
            {
                "id": b.id,
                "holder": b.holder,
                "proposition": b.proposition,
                "text": text.get(b.proposition, ""),
                "probability": b.probability.value,
                "low": low,
                "high": high,
                "basis": b.basis,
                **_counts(c),
                "grade": grade(b, origins=origins, sources=sources),
                "rationale": b.rationale,
                **_premises(premises),
            }
        )
    columns = [
        "id", "holder", "proposition", "text", "probability", "low", "high", "basis",
        "n_quotes", "n_sources", "n_origins", "grade", "rationale", "n_assumptions",
        "assumptions",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def evidence_frame(scenario: Scenario) -> pd.DataFrame:
    """Return every quote in the scenario with where it is used.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`Scenario.evidence_frame <positions.Scenario.evidence_frame>`.
    """
    import pandas as pd

    sources = {src.id: src for src in scenario.sources}
    origins = {o.id: o for o in scenario.origins}
    rows = [
        {
            "path": path,
            "source": ev.source,
            "origin": resolve_origin(ev, sources),
            "origin_is_default": ev.origin is None,
            "actor": actor,
            "attribution": attribution_of(ev, actor=actor, origins=origins, sources=sources),
            "attribution_is_stated": ev.attribution is not None,
            "quote": ev.quote,
            "locator": ev.locator,
        }
        for path, ev, actor in walk_evidence_with_actor(scenario, "")
    ]
    columns = ["path", "source", "origin", "origin_is_default", "actor", "attribution",
               "attribution_is_stated", "quote", "locator"]
    return pd.DataFrame(rows, columns=columns)


def estimates_frame(scenario: Scenario) -> pd.DataFrame:
    """Return every judged number with its provenance, one row per estimate.

    The evidence counted, and graded, is the estimate's own or, when it has
    none, that of the nearest item holding it that has some.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`Scenario.estimates_frame <positions.Scenario.estimates_frame>`.
    """
    import pandas as pd

    sources = {src.id: src for src in scenario.sources}
    origins = {o.id: o for o in scenario.origins}
    rows = []
    for path, est, holder, actor in walk_estimates_in_context(scenario, ""):
        if est.evidence:
            item, origin_path = est, path
        elif holder is not None:
            item, origin_path = holder[1], holder[0]
        else:
            item, origin_path = est, ""
        c = corroborate(item, sources)
        low, high = est.bounds()
        rows.append(
            {
                "path": path,
                "value": est.value,
                "dist": est.uncertainty.dist,
                "low": low,
                "high": high,
                "rationale": est.rationale,
                **_counts(c),
                "evidence_from": origin_path,
                "grade": grade(item, origins=origins, sources=sources, actor=actor),
                **_premises(est.assumptions),
            }
        )
    columns = [
        "path", "value", "dist", "low", "high", "rationale", "n_quotes", "n_sources",
        "n_origins", "evidence_from", "grade", "n_assumptions", "assumptions",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def facts_frame(scenario: Scenario) -> pd.DataFrame:
    """Return the facts as a tidy table, one row per claim (version).

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`Scenario.facts_frame <positions.Scenario.facts_frame>`.
    """
    import pandas as pd

    sources = {src.id: src for src in scenario.sources}
    rows = []
    for fact in scenario.facts:
        for i, claim in enumerate(fact.claims):
            c = corroborate(claim, sources)
            rows.append(
                {
                    "fact": fact.id,
                    "topic": fact.topic,
                    "kind": fact.kind,
                    "disputed": fact.disputed,
                    "claim": i,
                    "statement": claim.statement,
                    "sources": ", ".join(c.sources),
                    "origins": ", ".join(c.origins),
                    **_counts(c),
                    "note": fact.note,
                }
            )
    columns = [
        "fact", "topic", "kind", "disputed", "claim", "statement", "sources", "origins",
        "n_quotes", "n_sources", "n_origins", "note",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
