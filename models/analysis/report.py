"""Self-contained HTML reports: figures embedded as PNG, tables as HTML, no external files.

A :class:`Report` is built section by section (text, tables, figures) and
written as one ``.html`` file that opens anywhere, offline. ``stances analyze``
writes its report with it; notebooks can too.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["Report"]

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px;
       margin: 2em auto; padding: 0 1em; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0 1.2em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.55em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
figure { margin: 1em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85em; color: #444; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
nav a { margin-right: 1em; }
"""


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

    def text(self, text: str, *, pre: bool = False) -> None:
        """Add a paragraph (or preformatted text when ``pre``)."""
        tag = "pre" if pre else "p"
        self._parts.append(f"<{tag}>{html.escape(text)}</{tag}>")

    def table(self, frame: pd.DataFrame, *, caption: str = "", max_rows: int = 200) -> None:
        """Add a table.

        Parameters
        ----------
        frame : pandas.DataFrame
        caption : str
        max_rows : int
            Rows beyond this are left out, with a note saying how many.
        """
        shown = frame.head(max_rows)
        body = shown.to_html(index=False, float_format=lambda x: f"{x:.4g}", border=0, escape=True)
        if caption:
            body = body.replace("<table", f'<table aria-label="{html.escape(caption)}"', 1)
            self._parts.append(f"<p><em>{html.escape(caption)}</em></p>")
        self._parts.append(body)
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

    def figure(self, fig: Figure, *, caption: str = "", dpi: int = 110) -> None:
        """Embed a matplotlib figure as a PNG data URI and close it.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
        caption : str
        dpi : int
        """
        import matplotlib.pyplot as plt

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        plt.close(fig)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        self._n_figures += 1
        alt = html.escape(caption or f"Figure {self._n_figures}")
        self._parts.append(
            f'<figure><img class="figure" src="data:image/png;base64,{data}" alt="{alt}">'
            f"<figcaption>{alt}</figcaption></figure>"
        )

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
