"""The evidence in the report: the sources, who speaks in them, and the quotes behind each claim.

The report's *Sources* section lists each source of the scenario (outlet,
headline, date, or a publication's reference), the origins that speak in it
(the resolved ``origin`` of each of its quotes, with the attributions those
quotes carry, :mod:`positions.attribution`) and its quotes, folded under a
``<details>`` line. :func:`evidence_html` gives the quotes behind one item of
the scenario (a position, a belief, a judged number) for the tables of other
sections, and :func:`cite_html` and :func:`cite_text` turn the bare source ids
a rationale cites ("that 004 says") into links to the Sources section or into
the source's name. Everything is read from the scenario; nothing here depends
on a particular scenario's ids.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from models.analysis.analyze import Analysis
    from models.analysis.report import Report
    from positions import Scenario, Source

__all__ = [
    "cite_html",
    "cite_text",
    "evidence_html",
    "source_anchor",
    "source_name",
    "source_references",
    "sources_section",
]

_OPENING_WORDS = 8
"""How many words of an untitled article's text name it."""


def source_anchor(source_id: str) -> str:
    """Return the HTML anchor of a source in the Sources section.

    Parameters
    ----------
    source_id : str

    Returns
    -------
    str

    Examples
    --------
    >>> source_anchor("s004")
    'src-s004'
    """
    return "src-" + re.sub(r"[^A-Za-z0-9_-]", "-", source_id)


def _opening(text: str | None) -> str:
    """Return the first words of a text (skipping lines of page residue: digits only)."""
    for line in (text or "").splitlines():
        words = line.split()
        if len(words) >= 4:
            head = " ".join(words[:_OPENING_WORDS])
            return head + (" …" if len(words) > _OPENING_WORDS else "")
    return ""


def source_name(source: Source, *, short: bool = False) -> str:
    """Name a source for a reader: its outlet and headline, a reference, or its opening words.

    Parameters
    ----------
    source : positions.Source
    short : bool, default False
        A short name for citations in running text: the outlet, else the
        headline, else the publication's first author and year, else the
        article's opening words in quotation marks.

    Returns
    -------
    str

    Examples
    --------
    >>> from positions import Source
    >>> source_name(Source(id="a", text="x", outlet="Daily", headline="Talks stall"))
    'Daily: Talks stall'
    >>> source_name(Source(id="b", text="Putin feels strong ahead of the call."), short=True)
    '“Putin feels strong ahead of the call.”'
    """
    if source.is_publication:
        if short:
            first = source.authors[0].split(",")[0] if source.authors else source.id
            more = " et al." if len(source.authors) > 1 else ""
            return f"{first}{more} {source.year}"
        return source.citation()
    if source.outlet or source.headline:
        if short:
            return str(source.outlet or source.headline)
        return ": ".join(str(x) for x in (source.outlet, source.headline) if x)
    opening = _opening(source.text)
    return f"\u201c{opening}\u201d" if opening else f"article {source.id}"


def source_references(scenario: Scenario) -> dict[str, str]:
    """Map the words a rationale may cite a source by to the source's id.

    A source is cited by its id and, when its id is letters followed by
    three or more digits (``s004``), by the digits alone (``004``) if no
    other source's id ends in the same digits.

    Parameters
    ----------
    scenario : positions.Scenario

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> import positions
    >>> refs = source_references(positions.load("ukraine-ceasefire-2025-05"))
    >>> refs["004"], refs["s004"]
    ('s004', 's004')
    """
    refs: dict[str, str] = {s.id: s.id for s in scenario.sources}
    digits: dict[str, list[str]] = {}
    for s in scenario.sources:
        match = re.fullmatch(r"[A-Za-z]+[-_]?(\d{3,})", s.id)
        if match:
            digits.setdefault(match.group(1), []).append(s.id)
    for number, ids in digits.items():
        if len(ids) == 1 and number not in refs:
            refs[number] = ids[0]
    return refs


def _pattern(refs: Mapping[str, str]) -> re.Pattern[str] | None:
    """Return the pattern matching any citation word, longest first (None without sources)."""
    if not refs:
        return None
    words = sorted(refs, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, words))
    return re.compile(r"(?<![\w.\-/\[])(" + alternatives + r")(?![\w\-/\]]|\.\w)")


def cite_html(text: str | None, scenario: Scenario, *, by_name: bool = True) -> str:
    """Escape a text and link each source it cites to the Sources section.

    Parameters
    ----------
    text : str or None
    scenario : positions.Scenario
    by_name : bool, default True
        Write the source's short name (:func:`source_name`) in place of its
        id; else keep the id as written. Either way the link's title (shown on
        hover) is the source's full name and id.

    Returns
    -------
    str
        HTML: the citations as links (``<a href="#src-...">``) to the Sources section.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> cite_html("Per 002, yes.", s)[:55]
    'Per <a class="cite" href="#src-s002" title="Censor.NET:'
    >>> cite_html("Per 002, yes.", s).split(">")[1]
    'Censor.NET</a'
    """
    if not text:
        return ""
    refs = source_references(scenario)
    pattern = _pattern(refs)
    names = {s.id: f"{source_name(s)} ({s.id})" for s in scenario.sources}
    short = {s.id: source_name(s, short=True) for s in scenario.sources}
    out, last = [], 0
    for match in pattern.finditer(text) if pattern else ():
        sid = refs[match.group(1)]
        shown = short[sid] if by_name else match.group(1)
        out.append(html.escape(text[last:match.start()]))
        out.append(f'<a class="cite" href="#{source_anchor(sid)}" '
                   f'title="{html.escape(names[sid], quote=True)}">{html.escape(shown)}</a>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def cite_text(text: str | None, scenario: Scenario) -> str:
    """Replace each source a text cites by id with the source's short name.

    Parameters
    ----------
    text : str or None
    scenario : positions.Scenario

    Returns
    -------
    str

    Examples
    --------
    >>> import positions
    >>> cite_text("Per 002, yes.", positions.load("ukraine-ceasefire-2025-05"))
    'Per Censor.NET, yes.'
    """
    if not text:
        return ""
    refs = source_references(scenario)
    pattern = _pattern(refs)
    if pattern is None:
        return text
    names = {s.id: source_name(s, short=True) for s in scenario.sources}
    return pattern.sub(lambda m: names[refs[m.group(1)]], text)


def _origin_names(scenario: Scenario) -> dict[str, str]:
    """Map every origin id (and each publication, its own origin) to a readable name."""
    names = {s.id: source_name(s, short=True) for s in scenario.sources}
    names.update({o.id: o.name for o in scenario.origins})
    return names


@lru_cache(maxsize=8)
def _evidence(scenario: Scenario) -> pd.DataFrame:
    """Return the scenario's evidence table with the item each quote supports (cached)."""
    frame = scenario.evidence_frame().copy()
    frame["item"] = frame["path"].str.replace(r"\.evidence\[\d+\]$", "", regex=True)
    return frame


def _quote_html(row: Any, scenario: Scenario, *, with_source: bool = True,
                with_use: bool = False) -> str:
    """Return one quote as a list item: the passage, who speaks, where (and what it supports)."""
    names = _origin_names(scenario)
    sources = {s.id: s for s in scenario.sources}
    text = row.quote if isinstance(row.quote, str) else ""
    body = f"\u201c{html.escape(text)}\u201d" if text else ""
    if isinstance(row.locator, str):
        body += (" " if body else "") + f"({html.escape(row.locator)})"
    who = names.get(row.origin, row.origin)
    attribution = str(row.attribution).replace("_", " ") if isinstance(row.attribution, str) \
        else ""
    meta = [html.escape(str(who))]
    if attribution:
        meta.append(f'<span class="grade">{html.escape(attribution)}</span>')
    if with_source and row.source in sources:
        meta.append(f'in <a href="#{source_anchor(row.source)}">'
                    f"{html.escape(source_name(sources[row.source], short=True))}</a>")
    if with_use:
        meta.append(f"for <code>{html.escape(', '.join(row.uses))}</code>")
    return f"<li>{body} <br>— {' · '.join(meta)}</li>"


def evidence_html(scenario: Scenario, item: str, *, rationale: str | None = None,
                  grade: str | None = None) -> str:
    """Return the quotes behind an item (and its nested numbers) as a collapsible list.

    Parameters
    ----------
    scenario : positions.Scenario
    item : str
        The path of an item, as in :meth:`positions.Scenario.evidence_frame`
        (``positions[RUS/territory]``); the quotes of every path under it count.
    rationale : str, optional
        The analyst's rationale, shown above the quotes with its source
        citations linked.
    grade : str, optional
        The item's evidence grade, shown in the summary line.

    Returns
    -------
    str
        ``<details>`` HTML whose summary line counts the quotes; empty when
        there is neither a quote nor a rationale.
    """
    frame = _evidence(scenario)
    mine = frame[(frame["item"] == item) | frame["item"].str.startswith(item + ".")]
    mine = mine.drop_duplicates(["source", "quote", "locator", "origin"])
    n = len(mine)
    if not n and not rationale:
        return ""
    summary = f"{n} quote{'s' * (n != 1)}"
    if rationale:
        summary = f"rationale, {summary}"
    if grade:
        summary += f" ({grade.replace('_', ' ')})"
    parts = [f"<p>{cite_html(rationale, scenario)}</p>"] if rationale else []
    if n:
        parts.append('<ul class="quotes">' + "".join(
            _quote_html(row, scenario) for row in mine.itertuples()) + "</ul>")
    return f"<details><summary>{html.escape(summary)}</summary>{''.join(parts)}</details>"


def _source_facts(source: Source) -> list[tuple[str, str]]:
    """Return the known facts of a source as (label, text) pairs."""
    facts: list[tuple[str, str]] = []
    if source.is_publication:
        facts.append(("reference", source.citation()))
    else:
        for label, value in (("outlet", source.outlet), ("headline", source.headline)):
            inferred = " (inferred)" if source.is_inferred(label) else ""
            facts.append((label, f"{value}{inferred}" if value else "not stated"))
    if source.event_date is not None:
        facts.append(("date of events", source.event_date.isoformat()))
    if source.url:
        facts.append(("url", source.url))
    if source.language != "en" or source.translation:
        facts.append(("language", source.language + (f"; {source.translation}"
                                                     if source.translation else "")))
    if source.notes:
        facts.append(("notes", source.notes))
    if not source.is_publication and not (source.outlet or source.headline):
        opening = _opening(source.text)
        if opening:
            facts.append(("opens with", f"\u201c{opening}\u201d"))
    return facts


def _origins_html(quotes: pd.DataFrame, scenario: Scenario) -> str:
    """Return who speaks in a source's quotes: each origin, its passages by attribution.

    A passage quoted for several claims counts once, and once per attribution it
    carries (a passage can be on record for one actor and another party's account of
    another).
    """
    names = _origin_names(scenario)
    kinds = {o.id: o.kind.replace("_", " ") for o in scenario.origins}
    items = []
    counts = quotes.groupby("origin", sort=False)
    keys = ["quote", "locator"]
    for key, group in sorted(counts, key=lambda kv: -len(kv[1].drop_duplicates(keys))):
        origin = str(key)
        n = len(group.drop_duplicates(keys))
        by = group.drop_duplicates([*keys, "attribution"])["attribution"].fillna(
            "none").value_counts()
        grades = ", ".join(f"{str(k).replace('_', ' ')} {v}" for k, v in by.items())
        kind = f" ({kinds[origin]})" if origin in kinds else ""
        items.append(f"<li>{html.escape(str(names.get(origin, origin)))}{html.escape(kind)}: "
                     f"{n} passage{'s' * (n != 1)} "
                     f'<span class="grade">[{html.escape(grades)}]</span></li>')
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>No quotes.</p>"


def sources_section(analysis: Analysis, rep: Report) -> Sequence[str]:
    """Add the Sources section: each source's name, date, origins and quotes.

    Parameters
    ----------
    analysis : Analysis
    rep : Report

    Returns
    -------
    sequence of str
        The data file that holds the sources (``scenario.json``).
    """
    s = analysis.scenario
    frame = _evidence(s)
    n_quotes = len(frame.drop_duplicates(["source", "quote", "locator"]))
    rep.section(
        "Sources",
        f"The {len(s.sources)} source{'s' * (len(s.sources) != 1)} the scenario quotes "
        f"({n_quotes} distinct passages, each quote checked against its source's text where the "
        "text is stored). For each: what it is, who speaks in it (the origin each quote is "
        "attributed to, with how the quotes are graded: the actor on record, an official, "
        "anonymous sources, another party, an analyst, the author's assessment or guess) "
        "and its quotes with what each supports. A rationale elsewhere in the report that "
        "cites a source by id links here.",
    )
    if not s.sources:
        rep.text("The scenario cites no sources: every number is the analyst's coding.")
        return ("scenario.json",)
    for source in s.sources:
        quotes = frame[frame["source"] == source.id]
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                       for k, v in _source_facts(source))
        grouped = (quotes.assign(quote=quotes["quote"].fillna(""),
                                 locator=quotes["locator"].fillna(""))
                   .groupby(["quote", "locator", "origin", "attribution"], sort=False,
                            dropna=False)["item"].agg(list).reset_index()
                   .rename(columns={"item": "uses"}))
        for column in ("quote", "locator"):
            grouped[column] = grouped[column].where(grouped[column] != "", None)
        n = len(grouped)
        listing = '<ul class="quotes">' + "".join(
            _quote_html(row, s, with_source=False, with_use=True)
            for row in grouped.itertuples()) + "</ul>"
        rep.html(
            f'<h3 id="{source_anchor(source.id)}">{html.escape(source_name(source))} '
            f'<span class="grade">({html.escape(source.id)})</span></h3>'
            f'<table class="source">{rows}</table>'
            f"<p>Who speaks in it:</p>{_origins_html(quotes, s)}"
            + (f"<details><summary>{n} quote{'s' * (n != 1)} from this source</summary>"
               f"{listing}</details>" if n else "")
        )
    return ("scenario.json",)
