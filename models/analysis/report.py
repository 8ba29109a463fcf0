"""Self-contained HTML reports: figures embedded as PNG, tables as HTML, no external files.

A :class:`Report` is built section by section (text, tables, figures,
collapsible blocks) and written as one ``.html`` file that opens anywhere,
offline. ``stances analyze`` writes its report with it; notebooks can too.
Tables wrap their cells to fit a page 1,100 px wide: a cell longer than
``collapse`` characters shows its first words and opens to the rest
(``<details>``), and rows beyond ``fold`` are folded away under a summary line.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
import numbers
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["Report", "cell_html", "table_html"]

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px;
       margin: 2em auto; padding: 0 1em; color: #1a1a1a; line-height: 1.45;
       box-sizing: border-box; overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0 1.2em; max-width: 100%; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.55em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
table.source th { white-space: nowrap; }
th { background: #f4f4f4; overflow-wrap: anywhere; }
th.group { text-align: center; background: #e9eef5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.diff { background: #fde9b8; font-weight: 600; }
td details summary { cursor: pointer; color: #244; }
td > details { max-width: 38em; }
details { margin: 0.3em 0; }
details > summary { cursor: pointer; }
details.block { margin: 0.5em 0 1em; }
details.block > summary { color: #244; }
figure { margin: 1em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85em; color: #444; }
pre { background: #f7f7f7; padding: 0.6em; font-size: 0.85em; white-space: pre-wrap;
      overflow-wrap: anywhere; }
blockquote { margin: 0.3em 0 0.3em 0.8em; padding-left: 0.6em; border-left: 3px solid #ccd; }
ul.quotes { padding-left: 1.2em; margin: 0.3em 0; }
ul.quotes li { margin-bottom: 0.35em; }
.grade { font-size: 0.85em; color: #555; }
nav a { margin-right: 1em; }
"""


def _is_missing(value: Any) -> bool:
    """Whether a cell is missing: None, NaN or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def cell_html(value: Any, *, collapse: int = 140, trusted: bool = False) -> tuple[str, bool]:
    """Return a table cell's HTML and whether it is a number.

    Parameters
    ----------
    value : object
        The cell: numbers are rounded to 4 significant digits, booleans
        written ``yes``/``no``, missing values left blank.
    collapse : int, default 140
        Text longer than this many characters shows its first words and opens
        (``<details>``) to the rest; 0 never collapses.
    trusted : bool, default False
        The value is already HTML (links made by the report) and is not escaped.

    Returns
    -------
    tuple of (str, bool)

    Examples
    --------
    >>> cell_html(0.30000000000000004)
    ('0.3', True)
    >>> cell_html("a < b")
    ('a &lt; b', False)
    >>> cell_html("word " * 40, collapse=20)[0][:27]
    '<details><summary>word word'
    """
    if _is_missing(value):
        return "", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, numbers.Integral):
        return f"{int(value):,d}" if abs(int(value)) >= 10_000 else str(int(value)), True
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isfinite(x) and x == round(x) and abs(x) < 1e15:
            return str(int(x)), True
        return f"{x:.4g}", True
    text = str(value)
    if trusted:
        # Length of the visible text, not of the markup.
        plain = re.sub(r"<[^>]+>", "", text)
        if collapse and len(plain) > collapse and "<details" not in text:
            head = html.escape(_first_words(html.unescape(plain), collapse // 2))
            return f"<details><summary>{head} …</summary>{text}</details>", False
        return text, False
    if collapse and len(text) > collapse:
        head = _breakable(html.escape(_first_words(text, collapse // 2)))
        return (f"<details><summary>{head} …</summary>{_breakable(html.escape(text))}"
                "</details>"), False
    return _breakable(html.escape(text)), False


_LONG_TOKEN = re.compile(r"[^\s<>&]{10,}")


_LONG_RUN = re.compile(r"[^\s<>&_./\]\-]{14,}")


def _breakable(escaped: str) -> str:
    """Let long tokens of escaped text (paths, ids) break (``<wbr>``).

    A token of 10 or more characters may break after ``_ . / ]``; a run of 14 or
    more characters without those every 12 characters, so that no cell is wider
    than the page.
    """

    def token(match: re.Match[str]) -> str:
        text = re.sub(r"([_./\]])", r"\1\0", match.group(0))
        text = _LONG_RUN.sub(
            lambda m: "\0".join(m.group(0)[i:i + 12] for i in range(0, len(m.group(0)), 12)),
            text)
        return text.replace("\0", "<wbr>")

    return _LONG_TOKEN.sub(token, escaped)


def _first_words(text: str, n_chars: int) -> str:
    """Return the words of ``text`` that fit in about ``n_chars`` characters."""
    cut = text[:n_chars]
    if " " in cut[n_chars // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:")


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str = "",
    groups: Sequence[tuple[str, int]] = (),
    highlight: pd.DataFrame | None = None,
    trusted: Collection[str] = (),
    collapse: int = 140,
    index: bool = False,
) -> str:
    """Return a DataFrame as an HTML table that wraps to the page.

    Parameters
    ----------
    frame : pandas.DataFrame
    caption : str
        Given to the table as its ``aria-label``.
    groups : sequence of (str, int)
        A header row above the column names: each label spans that many columns.
    highlight : pandas.DataFrame of bool, optional
        Cells to highlight (same shape as ``frame``).
    trusted : collection of str
        Columns whose cells are HTML made by the report (not escaped).
    collapse : int
        As in :func:`cell_html`.
    index : bool
        Also show the index, as the first column.

    Returns
    -------
    str
    """
    if index:
        frame = frame.reset_index()
        if highlight is not None:
            highlight = highlight.reset_index(drop=True)
            highlight.insert(0, "_index", False)
    label = f' aria-label="{html.escape(caption, quote=True)}"' if caption else ""
    rows = [f"<table{label}><thead>"]
    if groups:
        rows.append(
            "<tr>" + "".join(
                f'<th class="group" colspan="{n}">{html.escape(g)}</th>' for g, n in groups
            ) + "</tr>"
        )
    rows.append("<tr>" + "".join(f"<th>{_breakable(html.escape(str(c)))}</th>"
                                 for c in frame.columns)
                + "</tr></thead><tbody>")
    marks = None if highlight is None else highlight.to_numpy(dtype=bool)
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = []
        for j, (col, value) in enumerate(zip(frame.columns, values, strict=True)):
            body, numeric = cell_html(value, collapse=collapse, trusted=col in trusted)
            classes = (["num"] if numeric else []) + (
                ["diff"] if marks is not None and marks[i, j] else [])
            attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{attr}>{body}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


@dataclass
class Report:
    """An HTML report assembled from sections of text, tables and figures.

    Parameters
    ----------
    title : str
        The report's heading.
    meta : str, optional
        A line under the heading (scenario id, seed, version...).

    Examples
    --------
    >>> import pandas as pd
    >>> report = Report("Example")
    >>> report.section("Numbers", "Two rows.")
    >>> report.table(pd.DataFrame({"a": [1, 2]}))
    >>> "<table" in report.to_html()
    True
    """

    title: str
    meta: str = ""
    _parts: list[str] = field(default_factory=list)
    _toc: list[tuple[str, str]] = field(default_factory=list)
    _n_figures: int = 0

    def section(self, heading: str, text: str = "") -> None:
        """Start a section with a heading and an optional paragraph of text.

        Parameters
        ----------
        heading : str
        text : str
            Plain text (escaped); blank lines separate paragraphs.
        """
        anchor = f"s{len(self._toc) + 1}"
        self._toc.append((anchor, heading))
        self._parts.append(f'<h2 id="{anchor}">{html.escape(heading)}</h2>')
        for para in (p.strip() for p in text.split("\n\n")):
            if para:
                self._parts.append(f"<p>{html.escape(para)}</p>")

    def subheading(self, text: str) -> None:
        """Add a heading within the current section."""
        self._parts.append(f"<h3>{html.escape(text)}</h3>")

    def text(self, text: str, *, pre: bool = False) -> None:
        """Add a paragraph (or preformatted text when ``pre``)."""
        tag = "pre" if pre else "p"
        self._parts.append(f"<{tag}>{html.escape(text)}</{tag}>")

    def html(self, fragment: str) -> None:
        """Add a fragment of HTML as it is (made by the report's sections, never user text).

        Parameters
        ----------
        fragment : str
        """
        self._parts.append(fragment)

    def details(self, summary: str, body: str, *, open: bool = False) -> None:
        """Add a collapsible block: ``summary`` (plain text) opens to ``body`` (HTML).

        Parameters
        ----------
        summary : str
        body : str
            HTML made by the report's sections.
        open : bool, default False
            Start open.
        """
        state = " open" if open else ""
        self._parts.append(
            f'<details class="block"{state}><summary>{html.escape(summary)}</summary>'
            f"{body}</details>"
        )

    def table(
        self,
        frame: pd.DataFrame,
        *,
        caption: str = "",
        max_rows: int = 200,
        fold: int | None = None,
        groups: Sequence[tuple[str, int]] = (),
        highlight: pd.DataFrame | None = None,
        trusted: Collection[str] = (),
        collapse: int = 140,
        index: bool = False,
    ) -> None:
        """Add a table that wraps to the page.

        Parameters
        ----------
        frame : pandas.DataFrame
        caption : str
        max_rows : int
            Rows beyond this are left out, with a note saying how many.
        fold : int, optional
            Show this many rows; the rest (up to ``max_rows``) open from a
            line under the table.
        groups, highlight, trusted, collapse, index
            As in :func:`table_html`.
        """
        shown = frame.head(max_rows)
        marks = None if highlight is None else highlight.head(max_rows)
        if caption:
            self._parts.append(f'<p class="caption"><em>{html.escape(caption)}</em></p>')
        options: dict[str, Any] = {"caption": caption, "groups": groups, "trusted": trusted,
                                   "collapse": collapse, "index": index}
        if fold is not None and len(shown) > fold + 2:
            self._parts.append(table_html(
                shown.iloc[:fold], highlight=None if marks is None else marks.iloc[:fold],
                **options))
            rest = table_html(
                shown.iloc[fold:], highlight=None if marks is None else marks.iloc[fold:],
                **options)
            self.details(f"Show {len(shown) - fold} more rows", rest)
        else:
            self._parts.append(table_html(shown, highlight=marks, **options))
        if len(frame) > max_rows:
            self.text(f"({len(frame) - max_rows} more rows in the data files.)")

    def links(self, files: Sequence[str], *, label: str = "Data") -> None:
        """Add a line of relative links to data files beside the report.

        Parameters
        ----------
        files : sequence of str
            File names relative to the report; nothing is added when empty.
        label : str
            Text before the links.
        """
        if not files:
            return
        anchors = ", ".join(
            f'<a href="{html.escape(name, quote=True)}" download>{html.escape(name)}</a>'
            for name in files
        )
        self._parts.append(f'<p class="data">{html.escape(label)}: {anchors}</p>')

    def figure(self, fig: Figure, *, caption: str = "", dpi: int = 110,
               collapsed: str = "") -> None:
        """Embed a matplotlib figure as a PNG data URI and close it.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
        caption : str
        dpi : int
        collapsed : str, optional
            When given, the figure is folded away under this line (shown on demand).
        """
        import matplotlib.pyplot as plt

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        plt.close(fig)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        self._n_figures += 1
        alt = html.escape(caption or f"Figure {self._n_figures}")
        body = (f'<figure><img class="figure" src="data:image/png;base64,{data}" alt="{alt}">'
                f"<figcaption>{alt}</figcaption></figure>")
        if collapsed:
            self.details(collapsed, body)
        else:
            self._parts.append(body)

    @property
    def n_figures(self) -> int:
        """Number of figures embedded so far."""
        return self._n_figures

    def to_html(self) -> str:
        """Return the whole report as one HTML document.

        Returns
        -------
        str
        """
        toc = " ".join(f'<a href="#{a}">{html.escape(h)}</a>' for a, h in self._toc)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        meta = html.escape(self.meta + (" · " if self.meta else "") + f"generated {stamp}")
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head><body>"
            f'<h1>{html.escape(self.title)}</h1><p class="meta">{meta}</p>'
            f"<nav>{toc}</nav>" + "\n".join(self._parts) + "</body></html>\n"
        )

    def write(self, path: str | Path) -> Path:
        """Write the report to ``path`` (atomically) and return the path.

        Parameters
        ----------
        path : str or Path

        Returns
        -------
        pathlib.Path
        """
        target = Path(path)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(self.to_html(), encoding="utf-8")
        tmp.replace(target)
        return target

    def __repr__(self) -> str:
        return f"Report(title={self.title!r}, sections={len(self._toc)}, figures={self._n_figures})"
