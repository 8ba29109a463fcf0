"""Sources (the articles), the origins their claims are attributed to, and evidence.

An :class:`Evidence` item is a verbatim quote from one :class:`Source` together
with the :class:`Origin` the article attributes it to; for an article that
relays one origin, the source's ``default_origin`` stands in for an origin the
evidence leaves out. Counting distinct
sources and distinct origins behind a claim is what
:meth:`positions.Scenario.corroboration` does: four outlets repeating one
Bloomberg report are four sources but one origin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Literal

from pydantic import Field, model_validator

from positions._base import Id, StrictModel, Text
from positions.errors import Problem, ScenarioError

__all__ = ["Evidence", "Origin", "Source", "normalize_text"]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")
_DASH = re.compile(r"\s*-\s*")


def normalize_text(text: str) -> str:
    r"""Normalise text for quote matching.

    Applies Unicode NFKC, maps typographic quotes to ``'`` and ``"``, every
    dash to ``-`` (dropping the white space around it), the ellipsis character
    to ``...``, and collapses runs of white space to one space.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The normalised text. Matching is case-sensitive.

    Examples
    --------
    >>> normalize_text("a \u201cpeacemaker\u201d \u2013 or    not\u2026")
    'a "peacemaker"-or not...'
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACE.sub(" ", text).strip()
    return _DASH.sub("-", text)


OriginKind = Literal[
    "news_agency",
    "outlet",
    "government",
    "official",
    "anonymous_source",
    "analyst",
    "author",
]


class Origin(StrictModel):
    """Where a claim ultimately comes from, as the article attributes it.

    Parameters
    ----------
    id : str
        Identifier used by :class:`Evidence`.
    name : str
        Readable name, e.g. ``"People close to the Kremlin (via Bloomberg)"``.
    kind : {'news_agency', 'outlet', 'government', 'official', 'anonymous_source', \
'analyst', 'author'}
        What sort of origin it is. ``author`` marks an article's own analysis.
    via : tuple of str
        Ids of origins that relayed it (e.g. Bloomberg for anonymous Kremlin sources).
    description : str, optional
        Anything worth knowing about it.

    Examples
    --------
    >>> Origin(id="peskov", name="Dmitry Peskov, Kremlin press secretary", kind="official").kind
    'official'
    """

    id: Id
    name: Text
    kind: OriginKind
    via: tuple[Id, ...] = ()
    description: Text | None = None


class Source(StrictModel):
    """One article: its text and what the text itself shows about it.

    Parameters
    ----------
    id : str
        Identifier used by :class:`Evidence`.
    text : str
        The full text. In files, a source may give ``file`` instead, and the
        loader reads the text from it.
    file : str, optional
        The file name of the text (resolved next to the scenario file, then in
        its ``seeds/`` folder, then among the seeds shipped with stances).
    sha256 : str, optional
        SHA-256 of the file's bytes; when given, the text must match it.
    outlet, headline : str, optional
        The publishing outlet and the headline, where known.
    event_date : datetime.date, optional
        The date of the events the article reports.
    attributed_to : tuple of str
        Origin ids the article attributes its claims to ("according to Bloomberg").
    language : str
        Language of the text as stored (default ``"en"``).
    translation : str, optional
        Notes on translation (e.g. signs of machine translation).
    inferred : tuple of str
        Names of the fields above whose values are *not* stated in the text
        but inferred by the analyst.
    default_origin : str, optional
        For an article that relays one origin (e.g. a rewrite of a Bloomberg
        report), the id of that :class:`Origin`. An :class:`Evidence` item
        quoting this source may then leave out its ``origin``, and the
        scenario attributes the quote to this default (see
        :meth:`positions.Scenario.origin_of`). When ``attributed_to`` is
        given, the default must be one of its origins.
    notes : str, optional
        Anything else.

    Raises
    ------
    pydantic.ValidationError
        If ``sha256`` does not match the text, or ``default_origin`` is not
        among a non-empty ``attributed_to``.

    Examples
    --------
    >>> s = Source(id="a", text="Putin feels strong.", outlet="Example Daily", inferred=("outlet",))
    >>> s.is_inferred("outlet"), s.is_inferred("headline")
    (True, False)
    >>> relay = Source(id="b", text="Bloomberg reports that Putin feels strong.",
    ...                attributed_to=("bloomberg",), default_origin="bloomberg")
    >>> relay.default_origin
    'bloomberg'
    """

    id: Id
    text: str = Field(min_length=1)
    file: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    outlet: Text | None = None
    headline: Text | None = None
    event_date: dt.date | None = None
    attributed_to: tuple[Id, ...] = ()
    language: str = "en"
    translation: Text | None = None
    inferred: tuple[
        Literal["outlet", "headline", "event_date", "attributed_to", "language"], ...
    ] = ()
    default_origin: Id | None = None
    notes: Text | None = None

    @model_validator(mode="after")
    def _check_hash(self) -> Source:
        if self.sha256 is not None:
            digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
            if digest != self.sha256:
                raise ValueError(
                    f"text does not match sha256 {self.sha256[:12]}... (its sha256 is "
                    f"{digest[:12]}...): the source file has changed"
                )
        return self

    @model_validator(mode="after")
    def _check_default_origin(self) -> Source:
        default = self.default_origin
        if default is not None and self.attributed_to and default not in self.attributed_to:
            listed = ", ".join(self.attributed_to)
            raise ScenarioError(
                [
                    Problem(
                        "default_origin",
                        f"{default!r} is not among the origins the source is attributed to "
                        f"({listed}); add it to attributed_to",
                    )
                ]
            )
        return self

    def is_inferred(self, field: str) -> bool:
        """Tell whether ``field`` was inferred by the analyst rather than stated in the text.

        Parameters
        ----------
        field : str
            A field name such as ``"outlet"``.

        Returns
        -------
        bool
        """
        return field in self.inferred

    def contains_quote(self, quote: str) -> bool:
        """Tell whether ``quote`` occurs in the text (after :func:`normalize_text`).

        Parameters
        ----------
        quote : str
            The quoted passage.

        Returns
        -------
        bool

        Examples
        --------
        >>> source = Source(id="a", text="He said \u201cno\u201d \u2014 twice.")
        >>> source.contains_quote('said "no" - twice')
        True
        """
        return normalize_text(quote) in _normalized(self.text)


_CACHE: dict[str, str] = {}


def _normalized(text: str) -> str:
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = normalize_text(text)
    return found


class Evidence(StrictModel):
    """A verbatim quote from a source and the origin it is attributed to.

    Parameters
    ----------
    source : str
        Id of the :class:`Source` quoted.
    quote : str
        The passage, verbatim (white space, typographic quotes and dashes may
        differ; see :func:`normalize_text`).
    origin : str, optional
        Id of the :class:`Origin` the article attributes the passage to. It
        may be left out when the quoted source names a ``default_origin``
        (an article that relays one origin); the scenario then attributes the
        quote to that default. The omission is kept as written: ``origin``
        stays ``None`` here, :meth:`positions.Scenario.origin_of` gives the
        resolved origin, and saving the scenario leaves it out again, so
        files round-trip unchanged.
    note : str, optional
        How the passage supports the claim, where it is not obvious.

    Examples
    --------
    >>> Evidence(source="a", quote="feels strong", origin="bloomberg").origin
    'bloomberg'
    >>> Evidence(source="a", quote="feels strong").origin is None
    True
    """

    source: Id
    quote: Text
    origin: Id | None = None
    note: Text | None = None
