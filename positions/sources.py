"""Sources (articles and publications), the origins their claims are attributed to, evidence.

A :class:`Source` is either an ``article`` (the default), whose full text is
stored, or a ``publication``: a bibliographic reference (authors, year, title,
venue, pages, DOI) without its text, such as a journal article whose table a
scenario codes. An :class:`Evidence` item cites one source: on an article it
is a verbatim quote, checked against the text; on a publication it is a
``locator`` (``"Table 1, p. 515"``), optionally with a short ``quote`` of what
is printed there (a table row, a sentence), which cannot be checked because
the text is not stored. An evidence item is attributed to the :class:`Origin`
the source attributes it to; for an article that relays one origin, the
source's ``default_origin`` stands in for an origin the evidence leaves out,
and a publication is its own origin (its authors) unless it names one.
Counting distinct sources and distinct origins behind a claim is what
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

from positions._base import Id, Integer, StrictModel, Text
from positions.attribution import Attribution, Capacity
from positions.errors import Problem, ScenarioError

__all__ = ["Evidence", "Origin", "Source", "SourceKind", "normalize_text"]

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
    actor : str, optional
        Id of the scenario actor the origin belongs to or speaks for (Peskov
        for Russia, anonymous Kremlin insiders for Russia). It decides whether
        a quote from this origin is the actor speaking or another party
        describing it (see :mod:`positions.attribution`).
    capacity : {'leader', 'spokesperson', 'official', 'institution'}, optional
        In what capacity the origin speaks for its ``actor``: a leader, a
        spokesperson or an institution (a ministry) put the actor on record;
        an official speaks as one of its officials. A ``government`` origin
        counts as an institution.
    description : str, optional
        Anything worth knowing about it.

    Examples
    --------
    >>> o = Origin(id="peskov", name="Dmitry Peskov, Kremlin press secretary", kind="official",
    ...            actor="RUS", capacity="spokesperson")
    >>> o.kind, o.actor
    ('official', 'RUS')
    """

    id: Id
    name: Text
    kind: OriginKind
    via: tuple[Id, ...] = ()
    actor: Id | None = None
    capacity: Capacity | None = None
    description: Text | None = None


SourceKind = Literal["article", "publication"]
"""``article``: a text stored with the scenario; ``publication``: a bibliographic reference."""

_CITATION_FIELDS = ("authors", "year", "title")
"""The fields a publication must give (and ``venue`` or ``publisher``)."""


class Source(StrictModel):
    """One article (with its text) or one publication (a bibliographic reference).

    Parameters
    ----------
    id : str
        Identifier used by :class:`Evidence`.
    kind : {'article', 'publication'}
        ``article`` (the default): a news article or other text stored with
        the scenario, against which every quote is checked. ``publication``:
        a published work cited by reference (a journal article, a book, a
        report), whose text is not stored; evidence on it cites a
        ``locator`` (see :class:`Evidence`).
    text : str, optional
        The full text; required for an article. In files, a source may give
        ``file`` instead, and the loader reads the text from it. A publication
        may give a text (an open-access abstract, say); its quotes are then
        checked against it.
    file : str, optional
        The file name of the text (resolved next to the scenario file, then in
        its ``seeds/`` folder, then among the seeds shipped with stances).
    sha256 : str, optional
        SHA-256 of the file's bytes; when given, the text must match it.
    outlet, headline : str, optional
        The publishing outlet and the headline of an article, where known.
    authors : tuple of str
        A publication's authors (or editors, or the issuing organisation), as
        printed ("Scholz, J. B."); required for a publication.
    year : int, optional
        Year of publication; required for a publication.
    title : str, optional
        Title of the work; required for a publication.
    venue : str, optional
        Journal, book (for a chapter) or series; a publication needs a venue or
        a publisher.
    volume, number, pages : str, optional
        Where in the venue: ``"23"``, ``"4"``, ``"510-531"``.
    publisher : str, optional
        Publisher of a book or report.
    doi : str, optional
        The DOI, without ``https://doi.org/`` (``"10.1177/..."``).
    url : str, optional
        Where the work (or its code, for software) can be found.
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
        given, the default must be one of its origins. A publication without
        a default origin is its own origin: evidence on it that names no
        origin is attributed to the publication (its id).
    notes : str, optional
        Anything else.

    Raises
    ------
    pydantic.ValidationError
        If ``sha256`` does not match the text, ``default_origin`` is not
        among a non-empty ``attributed_to``, an article has no text, or a
        publication lacks its authors, year, title, or both venue and publisher.

    Examples
    --------
    >>> s = Source(id="a", text="Putin feels strong.", outlet="Example Daily", inferred=("outlet",))
    >>> s.is_inferred("outlet"), s.is_inferred("headline")
    (True, False)
    >>> relay = Source(id="b", text="Bloomberg reports that Putin feels strong.",
    ...                attributed_to=("bloomberg",), default_origin="bloomberg")
    >>> relay.default_origin
    'bloomberg'
    >>> paper = Source(id="nash1950", kind="publication", authors=["Nash, J. F."], year=1950,
    ...                title="The bargaining problem", venue="Econometrica", volume="18",
    ...                number="2", pages="155-162", doi="10.2307/1907266")
    >>> paper.citation()
    'Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155-162. doi:10.2307/1907266'
    """

    id: Id
    kind: SourceKind = "article"
    text: str | None = Field(default=None, min_length=1)
    file: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    outlet: Text | None = None
    headline: Text | None = None
    authors: tuple[Text, ...] = ()
    year: Integer | None = Field(default=None, ge=1000, le=9999)
    title: Text | None = None
    venue: Text | None = None
    volume: Text | None = None
    number: Text | None = None
    pages: Text | None = None
    publisher: Text | None = None
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    url: Text | None = None
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
    def _check_kind(self) -> Source:
        if self.kind == "article":
            if self.text is None:
                raise ScenarioError([Problem("text", "an article needs its text (or a file "
                                             "to read it from); cite a work without its text "
                                             "as kind: publication")])
            return self
        problems = [
            Problem(name, f"a publication needs its {name}")
            for name in _CITATION_FIELDS if not getattr(self, name)
        ]
        if self.venue is None and self.publisher is None:
            problems.append(Problem("venue", "a publication needs a venue (journal, book, "
                                             "series) or a publisher"))
        if problems:
            raise ScenarioError(problems)
        return self

    @model_validator(mode="after")
    def _check_hash(self) -> Source:
        if self.sha256 is not None:
            if self.text is None:
                raise ValueError("sha256 is given but the source has no text")
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

    @property
    def is_publication(self) -> bool:
        """True for a publication cited by reference (``kind: publication``)."""
        return self.kind == "publication"

    def citation(self) -> str:
        """Return a one-line reference: authors (year). Title. Venue volume(number), pages.

        For an article, its outlet, headline and date, as far as known.

        Returns
        -------
        str
        """
        if not self.is_publication:
            parts = [p for p in (self.outlet, self.headline) if p]
            if self.event_date is not None:
                parts.append(self.event_date.isoformat())
            return ", ".join(parts) or self.id
        where = self.venue or ""
        if self.volume:
            where += f" {self.volume}" + (f"({self.number})" if self.number else "")
        if self.pages:
            where += f", {self.pages}"
        if self.publisher:
            where = f"{where}. {self.publisher}" if where else self.publisher
        text = f"{'; '.join(self.authors)} ({self.year}). {self.title}. {where.strip()}"
        if self.doi:
            text += f". doi:{self.doi}"
        elif self.url:
            text += f". {self.url}"
        return text

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
            False when the source has no text (a publication cited by reference).

        Examples
        --------
        >>> source = Source(id="a", text="He said \u201cno\u201d \u2014 twice.")
        >>> source.contains_quote('said "no" - twice')
        True
        """
        if self.text is None:
            return False
        return normalize_text(quote) in _normalized(self.text)


_CACHE: dict[str, str] = {}


def _normalized(text: str) -> str:
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = normalize_text(text)
    return found


class Evidence(StrictModel):
    """What a source says for a claim: a verbatim quote, or where a publication says it.

    Parameters
    ----------
    source : str
        Id of the :class:`Source` cited.
    quote : str, optional
        The passage, verbatim (white space, typographic quotes and dashes may
        differ; see :func:`normalize_text`). Required on an article, whose
        text it must occur in. On a publication without stored text it is
        optional: a short transcription of what the ``locator`` points at (a
        table row, a sentence), which the scenario cannot check.
    locator : str, optional
        Where in the source: a table, figure, page or section
        (``"Table 1, p. 515"``). Required on a publication; optional on an
        article.
    origin : str, optional
        Id of the :class:`Origin` the source attributes the passage to. It
        may be left out when the cited source names a ``default_origin``
        (an article that relays one origin), or is a publication (its own
        origin); the scenario then attributes the evidence to that default.
        The omission is kept as written: ``origin`` stays ``None`` here,
        :meth:`positions.Scenario.origin_of` gives the resolved origin, and
        saving the scenario leaves it out again, so files round-trip
        unchanged.
    attribution : {'on_record', 'official', 'anonymous', 'other_party', 'analyst', \
'author_assessment', 'author_guess'}, optional
        Who speaks in the passage and in what capacity, relative to the actor
        of the claim it supports. Left out, it is derived from the origin
        (:func:`positions.attribution.attribution_of`); state it where the
        derivation cannot see it, typically ``author_guess`` for an author's
        speculation or forecast. It must fit the origin's kind
        (:data:`positions.attribution.COMPATIBLE`).
    note : str, optional
        How the passage supports the claim, where it is not obvious.

    Raises
    ------
    pydantic.ValidationError
        If it gives neither a quote nor a locator.

    Examples
    --------
    >>> Evidence(source="a", quote="feels strong", origin="bloomberg").origin
    'bloomberg'
    >>> Evidence(source="a", quote="feels strong").origin is None
    True
    >>> Evidence(source="scholz2011", locator="Table 1, p. 515").quote is None
    True
    """

    source: Id
    quote: Text | None = None
    locator: Text | None = None
    origin: Id | None = None
    attribution: Attribution | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _quote_or_locator(self) -> Evidence:
        if self.quote is None and self.locator is None:
            raise ScenarioError([Problem("quote", "give the quote (from an article) or the "
                                                  "locator (in a publication)")])
        return self
