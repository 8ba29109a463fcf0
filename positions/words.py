r"""Calibrated words: estimative phrases and the probability ranges published scales give them.

A source rarely gives a number; it says a deal is *unlikely*, a country will
*almost certainly* refuse, or an outcome *should not be considered unlikely*.
A published scale of estimative words fixes what such a phrase means: each
phrase :math:`w` stands for a range of probabilities

.. math::

    w \mapsto [\ell_w, h_w] \subseteq [0, 1],

and an :class:`~positions.Estimate` whose ``words`` field holds the phrase
must keep its value and its whole uncertainty inside that range
(:func:`positions.rules.estimate_words`). The scale a scenario uses is
:attr:`Conventions.words <positions.Conventions>`.

Two scales are tabulated, each phrase with its citation:

``icd203``
    The expressions of likelihood of Intelligence Community Directive 203
    (ODNI 2015): seven bands from *almost no chance* (1-5 %) to *almost
    certain* (95-99 %), two phrases each.
``kent1964``
    Sherman Kent's words of estimative probability (Kent 1964): *certain*
    (100 %), *almost certain* (93 % give or take about 6 %), *probable* (75 %
    +/- about 12 %), *chances about even* (50 % +/- about 10 %), *probably not*
    (30 % +/- about 10 %), *almost certainly not* (7 % +/- about 5 %) and
    *impossible* (0 %), with the synonyms Kent lists; "give or take" becomes
    the range :math:`[c - d, c + d]`.

Neither scale lists negations, litotes or grammatical variants ("not
unlikely", "cannot be ruled out", "probably"), yet sources use them. stances
adds such phrases as *derived* entries, each stating the rule that places it
on the scale (:attr:`EstimativeWord.derived`): a stances convention, not the
published scale's. The rules follow one pattern. A negation denies the band it
negates and everything beyond it; an understatement such as "not unlikely" is
read as no stronger than the band that mirrors the one it denies ("likely"),
since a writer who meant "very likely" would have said so. Mosteller and Youtz
(1990) review how readers translate such expressions into numbers and how
negation and modifiers shift their meaning; the derived ranges are wide
accordingly, and none of their numbers comes from that review.

A phrase is looked up after normalisation (:func:`normalize_phrase`): case,
white space, typographic apostrophes, and padding such as "it is", "is",
"there is a", "to" or "that" around the phrase do not matter, so "It is
likely that" and "likely to" both find *likely*.

References
----------
.. [1] Office of the Director of National Intelligence (2015). *Intelligence
   Community Directive 203: Analytic Standards*. Washington, DC: ODNI
   (expressions of likelihood or probability).
.. [2] Kent, S. (1964). Words of estimative probability. *Studies in
   Intelligence*, 8(4).
.. [3] Mosteller, F. and Youtz, C. (1990). Quantifying probabilistic
   expressions. *Statistical Science*, 5(1), 2-34.

Examples
--------
>>> from positions.words import lookup_words
>>> entry = lookup_words("It is unlikely that")
>>> entry.phrase, entry.low, entry.high
('unlikely', 0.2, 0.45)
>>> lookup_words("probable", "kent1964").range
(0.63, 0.87)
>>> derived = lookup_words("should not be considered unlikely")
>>> derived.range, derived.is_derived
((0.45, 0.8), True)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from positions.errors import short_repr

if TYPE_CHECKING:
    import pandas as pd

    from positions.entities import Estimate
    from positions.sources import Evidence

__all__ = [
    "ESTIMATIVE_WORDS",
    "ICD203",
    "KENT1964",
    "MOSTELLER_YOUTZ",
    "WORD_SCALES",
    "EstimativeWord",
    "UnknownPhraseError",
    "WordScale",
    "estimate_from_words",
    "lookup_words",
    "normalize_phrase",
    "words_frame",
]

WordScale = Literal["icd203", "kent1964"]
"""The name of a published scale of estimative words."""

ICD203 = (
    "Office of the Director of National Intelligence (2015). Intelligence Community "
    "Directive 203: Analytic Standards, expressions of likelihood"
)
"""The citation of the ``icd203`` scale."""
KENT1964 = "Kent, S. (1964). Words of Estimative Probability. Studies in Intelligence, 8(4)"
"""The citation of the ``kent1964`` scale."""
MOSTELLER_YOUTZ = (
    "Mosteller, F. and Youtz, C. (1990). Quantifying probabilistic expressions. "
    "Statistical Science, 5(1), 2-34"
)
"""The reference for the rationale of the derived entries."""

WORD_SCALES: Mapping[str, str] = MappingProxyType({"icd203": ICD203, "kent1964": KENT1964})
"""Each scale's name and its citation."""

_SCALE_LABELS = {"icd203": "ICD 203", "kent1964": "Kent (1964)"}

_TOL = 1e-9


@dataclass(frozen=True, slots=True)
class EstimativeWord:
    """One estimative phrase and the probability range a scale gives it.

    Attributes
    ----------
    phrase : str
        The phrase, lower case, as it is looked up (``"very unlikely"``).
    low, high : float
        The range of probabilities the phrase stands for, in [0, 1];
        ``low == high`` for a point (Kent's *certain* and *impossible*).
    scale : {'icd203', 'kent1964'}
        The scale the range comes from (or is derived on).
    term : str
        The scale's term (its row) the phrase belongs to, e.g.
        ``"very unlikely / highly improbable"``; for a derived entry, the
        term it is read as, or the terms it spans.
    citation : str
        Where the range is published; for a derived entry, the scale it is
        derived on and the reference for the rationale.
    derived : str or None
        None for a phrase the scale lists; otherwise the rule by which stances
        places a phrase the scale does not list (a negation, a litotes, an
        adverb), so a reader sees that the range is stances' convention.

    Examples
    --------
    >>> from positions.words import lookup_words
    >>> e = lookup_words("very likely")
    >>> e.range, e.midpoint, e.contains(0.9), e.is_derived
    ((0.8, 0.95), 0.875, True, False)
    """

    phrase: str
    low: float
    high: float
    scale: WordScale
    term: str
    citation: str
    derived: str | None = None

    @property
    def range(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    @property
    def midpoint(self) -> float:
        """The middle of the range, ``(low + high) / 2`` (rounded to 12 decimals)."""
        return round((self.low + self.high) / 2, 12)

    @property
    def is_derived(self) -> bool:
        """True when stances derives the entry (the scale does not list the phrase)."""
        return self.derived is not None

    def contains(self, value: float) -> bool:
        """Tell whether ``value`` lies in the range (with a tolerance of 1e-9).

        Parameters
        ----------
        value : float

        Returns
        -------
        bool
        """
        return self.low - _TOL <= value <= self.high + _TOL

    def describe(self) -> str:
        """Return the range and the scale in words, e.g. ``"[0.2, 0.45] on ICD 203"``.

        A derived entry adds ``" (derived: a stances convention)"``.

        Returns
        -------
        str
        """
        kind = " (derived: a stances convention)" if self.is_derived else ""
        return f"[{self.low:g}, {self.high:g}] on {_SCALE_LABELS[self.scale]}{kind}"


# ------------------------------------------------------------------------ the table
_Band = tuple[str, float, float, tuple[str, ...]]

_ICD203_BANDS: tuple[_Band, ...] = (
    ("almost no chance / remote", 0.01, 0.05, ("almost no chance", "remote")),
    ("very unlikely / highly improbable", 0.05, 0.20, ("very unlikely", "highly improbable")),
    ("unlikely / improbable", 0.20, 0.45, ("unlikely", "improbable")),
    ("roughly even chance / roughly even odds", 0.45, 0.55,
     ("roughly even chance", "roughly even odds")),
    ("likely / probable", 0.55, 0.80, ("likely", "probable")),
    ("very likely / highly probable", 0.80, 0.95, ("very likely", "highly probable")),
    ("almost certain(ly) / nearly certain", 0.95, 0.99,
     ("almost certain", "almost certainly", "nearly certain")),
)  # fmt: skip
"""ICD 203's expressions of likelihood: term, range, and the phrases it lists."""

_KENT1964_BANDS: tuple[_Band, ...] = (
    ("certain", 1.0, 1.0, ("certain",)),
    ("almost certain", 0.87, 0.99,
     ("almost certain", "almost certainly", "virtually certain", "all but certain",
      "highly probable", "highly likely", "odds overwhelming")),
    ("probable", 0.63, 0.87, ("probable", "likely", "chances are good")),
    ("chances about even", 0.40, 0.60,
     ("chances about even", "chances a little better than even",
      "chances a little less than even")),
    ("probably not", 0.20, 0.40, ("probably not", "we doubt", "doubtful")),
    ("almost certainly not", 0.02, 0.12,
     ("almost certainly not", "virtually impossible", "almost impossible", "highly doubtful")),
    ("impossible", 0.0, 0.0, ("impossible",)),
)  # fmt: skip
"""Kent's table: term, centre +/- spread as a range, and the synonyms he lists."""

_Derived = tuple[str, float, float, str, str]

_ICD203_DERIVED: tuple[_Derived, ...] = (
    ("probably", 0.55, 0.80, "likely / probable",
     "the adverb of 'probable': likely / probable, 55-80 % on ICD 203"),
    ("highly likely", 0.80, 0.95, "very likely / highly probable",
     "'very likely' and 'highly probable' crossed: 80-95 % on ICD 203"),
    ("highly unlikely", 0.05, 0.20, "very unlikely / highly improbable",
     "'very unlikely' and 'highly improbable' crossed: 5-20 % on ICD 203"),
    ("even chance", 0.45, 0.55, "roughly even chance / roughly even odds",
     "'roughly even chance' without 'roughly': 45-55 % on ICD 203"),
    ("even odds", 0.45, 0.55, "roughly even chance / roughly even odds",
     "'roughly even odds' without 'roughly': 45-55 % on ICD 203"),
    ("almost certainly not", 0.01, 0.05, "almost no chance / remote",
     "the complement of 'almost certain' (95-99 %): 1-5 %, the band of 'almost no chance' "
     "on ICD 203"),
    ("not unlikely", 0.45, 0.80, "roughly even chance ... likely",
     "litotes: denies 'unlikely' and every band below it, and is read as no stronger than "
     "the mirror band 'likely': at least a roughly even chance and at most likely, "
     "45-80 % on ICD 203"),
    ("not improbable", 0.45, 0.80, "roughly even chance ... likely",
     "as 'not unlikely' ('improbable' = 'unlikely'): at least a roughly even chance and at "
     "most likely, 45-80 % on ICD 203"),
    ("should not be considered unlikely", 0.45, 0.80, "roughly even chance ... likely",
     "'not unlikely' with modal padding ('should ... be considered'): at least a roughly "
     "even chance and at most likely, 45-80 % on ICD 203"),
    ("not likely", 0.20, 0.55, "unlikely ... roughly even chance",
     "negation: denies 'likely' and every band above it, and is read as no weaker than the "
     "mirror band 'unlikely': at least unlikely and at most a roughly even chance, "
     "20-55 % on ICD 203"),
    ("not probable", 0.20, 0.55, "unlikely ... roughly even chance",
     "as 'not likely' ('probable' = 'likely'): 20-55 % on ICD 203"),
    ("cannot be ruled out", 0.01, 0.55, "almost no chance ... roughly even chance",
     "says only that the event is not excluded: from the floor of the lowest band (1 %), "
     "and, since a writer who thought it more likely than not would say so, at most a "
     "roughly even chance (55 %) on ICD 203"),
    ("cannot be excluded", 0.01, 0.55, "almost no chance ... roughly even chance",
     "as 'cannot be ruled out': 1-55 % on ICD 203"),
    ("not ruled out", 0.01, 0.55, "almost no chance ... roughly even chance",
     "as 'cannot be ruled out': 1-55 % on ICD 203"),
)  # fmt: skip
"""Phrases ICD 203 does not list: phrase, range, the terms it spans, the rule."""

_KENT1964_DERIVED: tuple[_Derived, ...] = (
    ("certainly", 1.0, 1.0, "certain", "the adverb of 'certain': 100 % on Kent's scale"),
    ("probably", 0.63, 0.87, "probable",
     "the adverb of 'probable': 75 % +/- about 12 %, 63-87 % on Kent's scale"),
    ("unlikely", 0.20, 0.40, "probably not",
     "the negative of Kent's synonym 'likely' (63-87 %), read as his 'probably not': "
     "30 % +/- about 10 %, 20-40 %"),
    ("improbable", 0.20, 0.40, "probably not",
     "the negative of Kent's 'probable' (63-87 %), read as his 'probably not': "
     "30 % +/- about 10 %, 20-40 %"),
    ("not unlikely", 0.40, 0.87, "chances about even ... probable",
     "litotes: denies 'unlikely' (Kent's 'probably not') and every term below it, and is "
     "read as no stronger than the mirror term 'probable': 40-87 % on Kent's scale"),
    ("should not be considered unlikely", 0.40, 0.87, "chances about even ... probable",
     "'not unlikely' with modal padding ('should ... be considered'): 40-87 % on Kent's "
     "scale"),
    ("not likely", 0.20, 0.60, "probably not ... chances about even",
     "negation: denies 'likely' (Kent's 'probable') and every term above it, and is read "
     "as no weaker than the mirror term 'probably not': 20-60 % on Kent's scale"),
    ("cannot be ruled out", 0.02, 0.60, "almost certainly not ... chances about even",
     "says only that the event is not impossible: from the floor of 'almost certainly "
     "not' (2 %), and, since a writer who thought it more likely than not would say so, "
     "at most 'chances about even' (60 %) on Kent's scale"),
    ("cannot be excluded", 0.02, 0.60, "almost certainly not ... chances about even",
     "as 'cannot be ruled out': 2-60 % on Kent's scale"),
    ("not ruled out", 0.02, 0.60, "almost certainly not ... chances about even",
     "as 'cannot be ruled out': 2-60 % on Kent's scale"),
)  # fmt: skip
"""Phrases Kent does not list: phrase, range, the terms it spans, the rule."""


def _build() -> tuple[EstimativeWord, ...]:
    """Assemble the table from the scales' bands and the derived phrases."""
    entries: list[EstimativeWord] = []
    scales: tuple[tuple[WordScale, tuple[_Band, ...], tuple[_Derived, ...]], ...] = (
        ("icd203", _ICD203_BANDS, _ICD203_DERIVED),
        ("kent1964", _KENT1964_BANDS, _KENT1964_DERIVED),
    )
    for scale, bands, derived in scales:
        citation = WORD_SCALES[scale]
        for term, low, high, phrases in bands:
            entries += [EstimativeWord(p, low, high, scale, term, citation) for p in phrases]
        derived_citation = (
            f"stances convention on {_SCALE_LABELS[scale]} ({citation}); on how negation and "
            f"modifiers shift a phrase's meaning, {MOSTELLER_YOUTZ}"
        )
        entries += [
            EstimativeWord(phrase, low, high, scale, term, derived_citation, rule)
            for phrase, low, high, term, rule in derived
        ]
    return tuple(entries)


ESTIMATIVE_WORDS: tuple[EstimativeWord, ...] = _build()
"""Every phrase of every scale, the published ones first, then the derived ones."""

_BY_SCALE: Mapping[str, Mapping[str, EstimativeWord]] = MappingProxyType({
    scale: MappingProxyType({e.phrase: e for e in ESTIMATIVE_WORDS if e.scale == scale})
    for scale in WORD_SCALES
})


# ------------------------------------------------------------------------ lookup
_PREFIXES = (
    "there is a", "there is an", "there is", "there's a", "there's an", "there's",
    "it is", "it's", "it was", "it will be", "it would be",
    "is", "are", "was", "were", "will be", "would be", "be", "a", "an",
)  # fmt: skip
"""Padding stripped from the front of a phrase (longest first when tried)."""

_SUFFIXES = ("to be", "to", "that", "of", "for")
"""Padding stripped from the end of a phrase."""


def normalize_phrase(phrase: str) -> str:
    """Return a phrase as it is looked up: lower case, single spaces, no padding.

    Typographic apostrophes become plain ones, "can't" and "can not" become
    "cannot", surrounding punctuation and quotation marks go, and copulas and
    articles in front ("it is", "is", "there is a") and "to", "to be", "that",
    "of", "for" at the end are removed, repeatedly.

    Parameters
    ----------
    phrase : str

    Returns
    -------
    str

    Examples
    --------
    >>> normalize_phrase("  It is  Unlikely that ")
    'unlikely'
    >>> normalize_phrase("is not likely to")
    'not likely'
    >>> normalize_phrase("“can’t be ruled out”")
    'cannot be ruled out'
    """
    text = phrase.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip(" \t\n.,;:!?\"'\u201c\u201d()")
    text = re.sub(r"\bcan(?:'t| not)\b", "cannot", text)
    prefixes = sorted(_PREFIXES, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for pad in prefixes:
            if text.startswith(pad + " ") and len(text) > len(pad) + 1:
                text, changed = text[len(pad) + 1 :], True
                break
        for pad in _SUFFIXES:
            if text.endswith(" " + pad) and len(text) > len(pad) + 1:
                text, changed = text[: -len(pad) - 1], True
                break
    return text


def _check_scale(scale: str, function: str) -> None:
    """Raise the scikit-learn-style error for a scale that is not tabulated."""
    if scale not in WORD_SCALES:
        names = ", ".join(repr(s) for s in WORD_SCALES)
        raise ValueError(
            f"The 'scale' parameter of {function} must be one of {names}. Got {scale!r} instead."
        )


class UnknownPhraseError(KeyError):
    """An estimative phrase that the scale's table does not hold.

    The message names the phrase, the scale and the nearest known phrases.

    Attributes
    ----------
    phrase : str
        The phrase as given.
    scale : str
    nearest : tuple of str
        The closest phrases of the scale, closest first.
    """

    def __init__(self, phrase: str, scale: str, nearest: Sequence[str]) -> None:
        self.phrase = phrase
        self.scale = scale
        self.nearest = tuple(nearest)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The error message (without the quotes a KeyError adds)."""
        near = ", ".join(repr(p) for p in self.nearest)
        return (
            f"unknown estimative phrase {short_repr(self.phrase, 60)} on "
            f"{_SCALE_LABELS[self.scale]}; "
            f"nearest known: {near} (all of them: positions.words_frame())"
        )

    def __str__(self) -> str:
        return self.message


def lookup_words(phrase: str, scale: WordScale = "icd203") -> EstimativeWord:
    """Return the entry of an estimative phrase on a scale.

    Parameters
    ----------
    phrase : str
        The words as the source uses them; normalised by
        :func:`normalize_phrase` first.
    scale : {'icd203', 'kent1964'}, default 'icd203'

    Returns
    -------
    EstimativeWord

    Raises
    ------
    UnknownPhraseError
        (a :class:`KeyError`) If the scale holds no such phrase; the message
        names the nearest known phrases.
    ValueError
        If ``scale`` is not a tabulated scale.

    Examples
    --------
    >>> lookup_words("is likely to").range
    (0.55, 0.8)
    >>> try:
    ...     lookup_words("likley")
    ... except KeyError as err:
    ...     print(err)  # doctest: +NORMALIZE_WHITESPACE
    unknown estimative phrase 'likley' on ICD 203; nearest known: 'likely',
    'unlikely', 'not likely' (all of them: positions.words_frame())
    """
    _check_scale(scale, "lookup_words")
    table = _BY_SCALE[scale]
    key = normalize_phrase(phrase)
    if key in table:
        return table[key]
    ranked = sorted(
        table, key=lambda p: (-difflib.SequenceMatcher(None, key, p).ratio(), p)
    )
    raise UnknownPhraseError(phrase, scale, ranked[:3])


def words_frame(scale: WordScale | None = None) -> pd.DataFrame:
    """Return the table of estimative words, one row per phrase and scale.

    Parameters
    ----------
    scale : {'icd203', 'kent1964'}, optional
        Only this scale's phrases (default: every scale).

    Returns
    -------
    pandas.DataFrame
        Columns ``scale, phrase, low, high, term, derived, citation``: the
        scale, the phrase as looked up, its range, the scale's term it
        belongs to (or spans), the rule for a derived phrase (missing for a
        published one) and the citation. Published phrases come first within
        each scale, in the scale's order from least to most probable.

    Examples
    --------
    >>> df = words_frame("icd203")
    >>> print(df[df.derived.isna()][["phrase", "low", "high"]].head(3).to_string(index=False))
              phrase  low  high
    almost no chance 0.01  0.05
              remote 0.01  0.05
       very unlikely 0.05  0.20
    """
    import pandas as pd

    if scale is not None:
        _check_scale(scale, "words_frame")
    rows = [
        {
            "scale": e.scale,
            "phrase": e.phrase,
            "low": e.low,
            "high": e.high,
            "term": e.term,
            "derived": e.derived,
            "citation": e.citation,
        }
        for e in _ordered(ESTIMATIVE_WORDS)
        if scale is None or e.scale == scale
    ]
    return pd.DataFrame(
        rows, columns=["scale", "phrase", "low", "high", "term", "derived", "citation"]
    )


def _ordered(entries: Iterable[EstimativeWord]) -> list[EstimativeWord]:
    """Order entries per scale: published ones from least to most probable, then derived."""
    order = {s: i for i, s in enumerate(WORD_SCALES)}
    ranked = sorted(
        enumerate(entries),
        key=lambda ie: (order[ie[1].scale], ie[1].is_derived, ie[1].low, ie[1].high, ie[0]),
    )
    return [e for _, e in ranked]


def estimate_from_words(
    phrase: str,
    *,
    rationale: str,
    evidence: Iterable[Evidence | Mapping[str, Any]] = (),
    assumptions: Iterable[str] = (),
    scale: WordScale = "icd203",
) -> Estimate:
    r"""Return the :class:`~positions.Estimate` a source's estimative words stand for.

    The value is the middle of the phrase's range :math:`[\ell, h]` and the
    uncertainty is uniform on it, :math:`U(\ell, h)` (``fixed`` for a point,
    Kent's *certain* or *impossible*); ``words`` records the phrase as given.

    Parameters
    ----------
    phrase : str
        The words the source uses (looked up with :func:`lookup_words`).
    rationale : str
        Why these words are the number (whose words, about what).
    evidence : iterable of Evidence or mapping
        The quotes that use the words.
    assumptions : iterable of str
        Premises from outside the sources.
    scale : {'icd203', 'kent1964'}, default 'icd203'
        The scale to read the words on; use the scenario's
        ``conventions.words``.

    Returns
    -------
    Estimate

    Raises
    ------
    UnknownPhraseError
        If the scale holds no such phrase.
    ValueError
        If ``scale`` is not a tabulated scale.

    Examples
    --------
    >>> e = estimate_from_words("is unlikely to", rationale="The author's judgement.")
    >>> e.value, e.uncertainty.support(), e.words
    (0.325, (0.2, 0.45), 'is unlikely to')
    >>> estimate_from_words("certain", rationale="r", scale="kent1964").uncertainty.dist
    'fixed'
    """
    from positions.entities import Estimate

    _check_scale(scale, "estimate_from_words")
    entry = lookup_words(phrase, scale)
    uncertainty: dict[str, Any] = (
        {"dist": "fixed"}
        if entry.low == entry.high
        else {"dist": "uniform", "low": entry.low, "high": entry.high}
    )
    return Estimate.model_validate(
        {
            "value": entry.midpoint,
            "uncertainty": uncertainty,
            "rationale": rationale,
            "evidence": tuple(evidence),
            "assumptions": tuple(assumptions),
            "words": phrase,
        }
    )
