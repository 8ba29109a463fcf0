r"""Finding the passages of a source text nearest to a quote.

A quote in a scenario must occur in its source after
:func:`~positions.normalize_text`; when it does not (a typo, changed
punctuation, a dropped or added word), :func:`find_quote` shows the author
where it most likely comes from. Both sides are normalised, and a passage
:math:`p` of the normalised text is scored against the normalised quote
:math:`q` by the Indel similarity

.. math:: s(q, p) = 100 \left(1 - \frac{d_\mathrm{Indel}(q, p)}{|q| + |p|}\right),

where :math:`d_\mathrm{Indel}` is the least number of characters to insert or
delete to turn one into the other (Levenshtein's distance without
substitutions; rapidfuzz's ``fuzz.ratio``). A score of 100 is an exact match.

The search runs in three steps. The text is cut into sentences (at ``.``,
``!`` or ``?`` followed by a space, and at line breaks), and every run of
consecutive sentences at least as long as the quote (plus one sentence, so a
quote may straddle a boundary) is a window. Each window is scored by the best
alignment of the quote with any of its substrings of the quote's length
(``fuzz.partial_ratio``), so a quote longer than any one sentence is still
found; for a quote over 64 characters, only the few windows that hold most of
its words and pairs of consecutive words are aligned. The best alignments are
then moved to the nearest ends of words (or punctuation marks), and their ends
adjusted while that raises :math:`s(q, p)`, which lets a passage grow over a
word the quote dropped or shrink past one it added (a passage with an odd
number of double quotes takes the one next to it, or drops one dangling at an
end). Overlapping passages keep the best.

References
----------
.. [1] V. I. Levenshtein, "Binary codes capable of correcting deletions,
   insertions, and reversals", Soviet Physics Doklady 10(8), 707-710, 1966.
.. [2] M. Bachmann, RapidFuzz (software), https://github.com/rapidfuzz/RapidFuzz.

Examples
--------
>>> text = "Putin feels strong. Europe wants a ceasefire by Monday."
>>> best = find_quote(text, "Putin fels strong")[0]
>>> best.text, round(best.score), best.exact
('Putin feels strong', 97, False)
>>> text[best.start:best.end] == best.text
True
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from positions.errors import short_repr
from positions.sources import normalize_text

__all__ = ["Passage", "find_quote"]

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?= )")
"""The end of a sentence in normalised text: its punctuation and closing quotes or brackets."""

_RUN = re.compile(r"\s+|\S+")
"""A run of white space, or of anything else."""

_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
"""Characters that end a line: a sentence ends there too (a headline has no full stop)."""

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
"""A word (letters and digits) or one other character: passages start and end at their ends."""

_REFINE_ROUNDS = 4
"""How many times the two ends of a passage are adjusted in turn."""

_LONG = 64
"""Quotes longer than this (characters) are aligned only in a shortlist of windows."""

_SHORTLIST = 4
"""How many windows a long quote is aligned in (at least ``n + 1``)."""

MAX_QUOTE = 5_000
"""The longest quote (characters, after normalisation) :func:`find_quote` looks for: a
quote is a passage, not a document, and the search's time grows with its length."""

_WORD = re.compile(r"\w+")
"""A word, for ranking the windows of a long quote."""


@dataclass(frozen=True, slots=True)
class Passage:
    r"""A passage of a source text near a quote.

    Attributes
    ----------
    text : str
        The passage exactly as in the source: ``source_text[start:end]``.
    score : float
        Similarity of the normalised quote and the normalised passage, in
        [0, 100] (see :mod:`positions.quotes`); 100 for an exact match.
    start, end : int
        The passage's span in the source text (characters, end exclusive).
    exact : bool
        True when the normalised quote equals the normalised passage, i.e. the
        quote occurs in the source as it is.

    Examples
    --------
    >>> p = Passage(text="Putin feels\n  strong", score=97.1, start=0, end=20, exact=False)
    >>> p.quote
    'Putin feels strong'
    """

    text: str
    score: float
    start: int
    end: int
    exact: bool

    @property
    def quote(self) -> str:
        """The passage on one line (white space collapsed), ready for a scenario's ``quote``."""
        return " ".join(self.text.split())


@dataclass(frozen=True, slots=True)
class _Normalized:
    """A text after :func:`normalize_text`, with where each character came from."""

    text: str
    origin_start: tuple[int, ...]
    """Index in the original text of the character each normalised character comes from."""
    origin_end: tuple[int, ...]
    """End (exclusive) in the original text of that character (a cluster, e.g. with accents)."""
    sentences: tuple[tuple[int, int], ...]
    """Sentence spans in the normalised text."""
    word_starts: tuple[int, ...]
    """Where a passage may start: the first character of a word, or a punctuation mark."""
    word_ends: tuple[int, ...]
    """Where a passage may end (exclusive)."""


def _clusters(chunk: str, offset: int) -> tuple[list[str], list[int], list[int]]:
    """Normalise ``chunk`` (no white space) one character at a time, with its origins.

    A base character and the combining marks after it are normalised together.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    start, n = 0, len(chunk)
    while start < n:
        end = start + 1
        while end < n and unicodedata.combining(chunk[end]):
            end += 1
        piece = normalize_text(chunk[start:end])
        chars += piece
        starts += [offset + start] * len(piece)
        ends += [offset + end] * len(piece)
        start = end
    return chars, starts, ends


def _emit(text: str) -> tuple[list[str], list[int], list[int], set[int]]:
    """Normalise ``text`` as :func:`normalize_text` does, keeping where each character came from.

    Returns the characters, the start and end of each in ``text``, and the
    positions (in the normalised text) that follow a line break.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    breaks: set[int] = set()
    space: tuple[int, int, bool] | None = None  # white space not yet written, a line break?
    for match in _RUN.finditer(text):
        chunk, first, last = match.group(), match.start(), match.end()
        if chunk[0].isspace():
            space = (first, last, any(c in _LINE_BREAKS for c in chunk))
            continue
        piece = normalize_text(chunk)
        if not piece:
            continue
        if len(piece) == len(chunk):  # the usual case: character for character
            piece_starts: list[int] = list(range(first, last))
            piece_ends: list[int] = list(range(first + 1, last + 1))
            piece_chars: list[str] = list(piece)
        else:
            piece_chars, piece_starts, piece_ends = _clusters(chunk, first)
        if space is not None and chars:
            if space[2]:
                breaks.add(len(chars))
            if chars[-1] != "-" and piece_chars[0] != "-":
                chars.append(" ")
                starts.append(space[0])
                ends.append(space[1])
        space = None
        chars += piece_chars
        starts += piece_starts
        ends += piece_ends
    return chars, starts, ends, breaks


def _sentences(norm: str, breaks: set[int]) -> tuple[tuple[int, int], ...]:
    """Cut the normalised text into sentences: at sentence punctuation and line breaks."""
    cuts = {0, len(norm)} | breaks
    cuts |= {m.end() + 1 for m in _SENTENCE_END.finditer(norm)}
    ordered = sorted(c for c in cuts if 0 <= c <= len(norm))
    spans = []
    for a, b in pairwise(ordered):
        end = b - 1 if b < len(norm) and norm[b - 1] == " " else b
        if end > a:
            spans.append((a, end))
    return tuple(spans)


def _boundaries(norm: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return where passages may start and end: at either end of a word or a punctuation mark."""
    tokens = list(_TOKEN.finditer(norm))
    return tuple(m.start() for m in tokens), tuple(m.end() for m in tokens)


@lru_cache(maxsize=32)
def _normalized(text: str) -> _Normalized:
    chars, starts, ends, breaks = _emit(text)
    norm = "".join(chars)
    word_starts, word_ends = _boundaries(norm)
    return _Normalized(
        text=norm,
        origin_start=tuple(starts),
        origin_end=tuple(ends),
        sentences=_sentences(norm, breaks),
        word_starts=word_starts,
        word_ends=word_ends,
    )


def _windows(sentences: tuple[tuple[int, int], ...], length: int) -> list[tuple[int, int]]:
    """Return the runs of sentences at least ``length`` long, with one sentence more."""
    windows = []
    j = 0
    for i, (start, _) in enumerate(sentences):
        j = max(j, i)
        while j + 1 < len(sentences) and sentences[j][1] - start < length:
            j += 1
        last = min(j + 1, len(sentences) - 1)
        windows.append((start, sentences[last][1]))
    return windows


def _terms(text: str) -> set[tuple[str, ...]]:
    """Return the words of ``text`` (lower case) and its pairs of consecutive words."""
    words = _WORD.findall(text.lower())
    return {(w,) for w in words} | set(pairwise(words))


def _nearest(boundaries: tuple[int, ...], position: int) -> int:
    """Index of the boundary nearest to ``position``."""
    k = bisect_left(boundaries, position)
    if k == len(boundaries):
        return k - 1
    if k > 0 and position - boundaries[k - 1] <= boundaries[k] - position:
        return k - 1
    return k


def _refine(quote: str, norm: _Normalized, start: int, end: int) -> tuple[int, int]:
    """Move a passage's ends to boundaries, adjusting each in turn while the score rises."""
    from rapidfuzz.fuzz import ratio

    text, starts, ends = norm.text, norm.word_starts, norm.word_ends
    i, j = _nearest(starts, start), _nearest(ends, end)
    if ends[j] <= starts[i]:
        j = min(bisect_right(ends, starts[i]), len(ends) - 1)
    reach = max(4, quote.count(" ") // 2 + 2)
    best = ratio(quote, text[starts[i]:ends[j]])
    for round_ in range(_REFINE_ROUNDS):
        if round_:
            reach = 3  # after the first round's wide search, the ends only settle
        moved = False
        for jj in range(max(0, j - reach), min(len(ends), j + reach + 1)):
            if ends[jj] > starts[i]:
                score = ratio(quote, text[starts[i]:ends[jj]], score_cutoff=best)
                if score > best:
                    best, j, moved = score, jj, True
        for ii in range(max(0, i - reach), min(len(starts), i + reach + 1)):
            if starts[ii] < ends[j]:
                score = ratio(quote, text[starts[ii]:ends[j]], score_cutoff=best)
                if score > best:
                    best, i, moved = score, ii, True
        if not moved:
            break
    return starts[i], ends[j]


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Balance the double quotes of ``text[start:end]``: take the one next to it, or drop one.

    A passage with an odd number of double quotes is widened by a double quote
    just after or before it, or else loses one left dangling at its end or start.
    """
    if text.count('"', start, end) % 2 == 0:
        return start, end
    if end < len(text) and text[end] == '"':
        return start, end + 1
    if start > 0 and text[start - 1] == '"':
        return start - 1, end
    if text[end - 1] == '"' and text[start:end - 1].strip():
        return start, len(text[:end - 1].rstrip())
    if text[start] == '"' and text[start + 1:end].strip():
        return len(text) - len(text[start + 1:].lstrip()), end
    return start, end


def _passage(source: str, norm: _Normalized, start: int, end: int, score: float,
             quote: str) -> Passage:
    """Return the passage of ``source`` behind the normalised span ``[start, end)``."""
    a, b = norm.origin_start[start], norm.origin_end[end - 1]
    return Passage(text=source[a:b], score=float(score), start=a, end=b,
                   exact=norm.text[start:end] == quote)


def _exact(norm: _Normalized, quote: str, n: int) -> list[tuple[int, int]]:
    """Spans of up to ``n`` verbatim occurrences of the normalised quote, without overlap."""
    spans: list[tuple[int, int]] = []
    at = norm.text.find(quote)
    while at >= 0 and len(spans) < n:
        spans.append((at, at + len(quote)))
        at = norm.text.find(quote, at + len(quote))
    return spans


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)


def find_quote(text: str, quote: str, *, n: int = 3) -> tuple[Passage, ...]:
    """Find the passages of a source text nearest to a quote, best first.

    Both are compared after :func:`~positions.normalize_text` (white space,
    typographic quotes and dashes do not count); the passages are returned as
    they are in ``text``, with their scores and spans. The search is robust to
    typos, changed punctuation, dropped or added words and quotes longer than
    any sentence (the method is in :mod:`positions.quotes`).

    Parameters
    ----------
    text : str
        The source text (an article's :attr:`~positions.Source.text`).
    quote : str
        The quote to look for.
    n : int, default 3
        The largest number of passages to return. Passages do not overlap.

    Returns
    -------
    tuple of Passage
        At most ``n``, best first (highest score, then earliest); empty when
        ``text`` is empty. Verbatim occurrences (after normalisation) come
        first, with score 100 and ``exact=True``.

    Raises
    ------
    ValueError
        If ``n`` is not an int >= 1, or ``quote`` is empty after normalisation
        or longer than ``MAX_QUOTE`` (5,000) characters.

    References
    ----------
    .. [1] V. I. Levenshtein, "Binary codes capable of correcting deletions,
       insertions, and reversals", Soviet Physics Doklady 10(8), 707-710, 1966.

    Examples
    --------
    >>> text = ("Putin enters the talks with a sense of strength. "
    ...         "Europe fears a hasty compromise, officials said.")
    >>> [(p.text, round(p.score)) for p in find_quote(text, "a sense of strenght", n=1)]
    [('a sense of strength', 95)]
    >>> best = find_quote(text, "Europe fears a compromise - officials said")[0]
    >>> best.text
    'Europe fears a hasty compromise, officials said'
    >>> find_quote(text, "Europe  fears")[0].exact
    True
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"The 'n' parameter of find_quote must be an int >= 1. Got {n!r} instead.")
    wanted = normalize_text(quote)
    if not wanted:
        raise ValueError(
            f"The 'quote' parameter of find_quote must hold some text. "
            f"Got {short_repr(quote)} instead."
        )
    if len(wanted) > MAX_QUOTE:
        raise ValueError(
            f"The 'quote' parameter of find_quote must be at most {MAX_QUOTE:,} characters "
            f"(a passage, not a document). Got {len(wanted):,} characters instead."
        )
    norm = _normalized(text)
    if not norm.text:
        return ()
    taken = _exact(norm, wanted, n)
    found = [_passage(text, norm, a, b, 100.0, wanted) for a, b in taken]
    if len(found) < n:
        found += _fuzzy(text, norm, wanted, n - len(found), taken)
    return tuple(found)


def _fuzzy(source: str, norm: _Normalized, quote: str, n: int,
           taken: list[tuple[int, int]]) -> list[Passage]:
    """Return the ``n`` best passages that are not verbatim and overlap none in ``taken``."""
    from rapidfuzz.fuzz import partial_ratio, partial_ratio_alignment, ratio

    text = norm.text
    windows = _windows(norm.sentences, len(quote))
    if len(quote) > _LONG and len(windows) > _SHORTLIST:
        # Aligning a long quote in every window is slow: rank the windows by the
        # share of the quote's words and word pairs they hold, and align the quote
        # in the best of them only.
        wanted = _terms(quote)
        windows.sort(key=lambda w: (-len(wanted & _terms(text[w[0]:w[1]])), w[0]))
        windows = windows[:max(_SHORTLIST, n + 1)]
    scored = sorted(
        ((partial_ratio(quote, text[a:b]) if b - a > len(quote) else ratio(quote, text[a:b]),
          a, b) for a, b in windows),
        key=lambda item: (-item[0], item[1]),
    )
    candidates: list[tuple[float, int, int]] = []
    starts: set[int] = set()
    for _, a, b in scored:
        if len(candidates) >= 2 * n + 2:
            break
        if b - a > len(quote):
            align = partial_ratio_alignment(quote, text[a:b])
            if align is None:  # only with a score cutoff, which is not given
                continue
            span = (a + align.dest_start, a + align.dest_end)
        else:
            span = (a, b)
        if span[0] in starts:
            continue  # the same alignment, found from an overlapping window
        starts.add(span[0])
        start, end = _balanced(text, *_refine(quote, norm, *span))
        candidates.append((ratio(quote, text[start:end]), start, end))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    chosen: list[Passage] = []
    spans = list(taken)
    for score, start, end in candidates:
        if len(chosen) == n:
            break
        if _overlaps((start, end), spans) or text[start:end] == quote:
            continue
        spans.append((start, end))
        chosen.append(_passage(source, norm, start, end, score, quote))
    return chosen
