"""Anchoring quotes in source text.

A quote matches its source after folding typography only: runs of white space
(including no-break spaces and line breaks) become one space, curly and
straight quotes are equal, dash variants are equal, compatibility characters
are normalised (NFKC) and invisible characters (zero-width spaces, soft
hyphens) are ignored. Case, spelling and punctuation are never folded.

Folding keeps a map from every folded character back to the original one, so
each match is reported as exact character offsets into the original text.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import cached_property

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

_SPECIAL: dict[str, str] = {}
_SPECIAL.update({c: "'" for c in _SINGLE_QUOTES})
_SPECIAL.update({c: '"' for c in _DOUBLE_QUOTES})
_SPECIAL.update({c: "-" for c in _DASHES})
_SPECIAL.update({c: "" for c in _INVISIBLE})

_TERMINAL = ".!?\"'\u201d\u2019)"


def _fold_char(char: str) -> str:
    """The folded form of one non-space character (may be empty or several characters)."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isascii():
        return char
    folded = unicodedata.normalize("NFKC", char)
    return "".join(_SPECIAL.get(c, c) for c in folded)


def fold(text: str) -> tuple[str, list[int]]:
    """Fold ``text``; return the folded text and, for each folded character, its original index."""
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    cache: dict[str, str] = {}
    for index, char in enumerate(text):
        if char.isspace():
            if not in_space:
                out.append(" ")
                origin.append(index)
                in_space = True
            continue
        folded = cache.get(char)
        if folded is None:
            folded = cache[char] = _fold_char(char)
        if not folded:
            continue
        in_space = False
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def fold_quote(quote: str) -> str:
    """The folded form of a quote, without leading or trailing space."""
    return fold(quote)[0].strip()


@dataclass(frozen=True)
class Span:
    """A passage of the original text: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class Position:
    """Where an offset stands: 1-based line, column, sentence and paragraph."""

    line: int
    column: int
    sentence: int
    paragraph: int


@dataclass(frozen=True)
class Suggestion:
    span: Span
    score: float
    line: int
    case_only: bool = False


class Document:
    """A source text, folded once, with its lines, paragraphs and sentences."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self._origin = fold(text)

    # --- finding quotes ---------------------------------------------------------------

    def find(self, quote: str) -> list[Span]:
        """Every place where ``quote`` stands in the text, in order."""
        needle = fold_quote(quote)
        if not needle:
            return []
        spans = []
        at = self.folded.find(needle)
        while at != -1:
            spans.append(self._span(at, at + len(needle)))
            at = self.folded.find(needle, at + 1)
        return spans

    def _span(self, folded_start: int, folded_end: int) -> Span:
        return Span(self._origin[folded_start], self._origin[folded_end - 1] + 1)

    def closest(self, quote: str) -> Suggestion | None:
        """The passage most similar to a quote that does not stand in the text."""
        from rapidfuzz import fuzz  # imported here: only failing quotes need it

        needle = fold_quote(quote)
        if not needle or not self.folded:
            return None
        lowered = self.folded.lower().find(needle.lower())
        if lowered != -1:
            span = self._span(lowered, lowered + len(needle))
            return Suggestion(span, 100.0, self.line_of(span.start), case_only=True)
        found = fuzz.partial_ratio_alignment(needle, self.folded)
        if found is None or found.dest_end <= found.dest_start:
            return None
        span = self._span(found.dest_start, found.dest_end)
        span = self._widen_to_words(span)
        return Suggestion(span, round(found.score, 1), self.line_of(span.start))

    def _widen_to_words(self, span: Span) -> Span:
        start, end = span.start, span.end
        while start > 0 and not self.text[start - 1].isspace() and start > span.start - 20:
            start -= 1
        while end < len(self.text) and not self.text[end].isspace() and end < span.end + 20:
            end += 1
        return Span(start, end)

    # --- where offsets stand ----------------------------------------------------------

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(i + 1 for i, c in enumerate(self.text) if c == "\n")
        return starts

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Paragraphs are lines, except that a line break inside a sentence (the next line
        goes on in lower case after a line without a closing punctuation mark) does not end one."""
        spans: list[Span] = []
        for start in self.line_starts:
            end = self.text.find("\n", start)
            end = len(self.text) if end == -1 else end
            line = self.text[start:end]
            stripped = line.strip()
            if not stripped:
                continue
            first = start + (len(line) - len(line.lstrip()))
            last = start + len(line.rstrip())
            if spans and self._continues(spans[-1], start, stripped):
                spans[-1] = Span(spans[-1].start, last)
            else:
                spans.append(Span(first, last))
        return spans

    def _continues(self, previous: Span, line_start: int, stripped: str) -> bool:
        """Whether a line goes on with the paragraph before it (a hard-wrapped sentence)."""
        if not stripped[0].islower():
            return False
        before = self.text[previous.start : previous.end]
        if before.endswith(tuple(_TERMINAL)):
            return False
        # A space left before the line break, or a paragraph long enough to be prose
        # (not a heading such as "/AHMED RASHID" above "www.ahmedrashid.com").
        raw_end = self.text[previous.end : line_start]
        return raw_end.startswith((" ", "\u00a0", "\t")) or len(before.split()) >= 8

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences, found by a real segmenter (pysbd) within each paragraph."""
        import pysbd  # imported here: only exports and renders need sentences

        segmenter = pysbd.Segmenter(language="en", clean=False)
        spans: list[Span] = []
        for paragraph in self.paragraphs:
            body = self.text[paragraph.start : paragraph.end]
            # A line break inside a paragraph is not a sentence break; same length keeps offsets.
            flat = body.replace("\n", " ")
            cursor = 0
            for piece in segmenter.segment(flat):
                piece = piece.strip()
                if not piece:
                    continue
                at = flat.find(piece, cursor)
                if at == -1:  # the segmenter altered the text; keep the rest as one sentence
                    spans.append(Span(paragraph.start + cursor, paragraph.end))
                    cursor = len(flat)
                    break
                spans.append(Span(paragraph.start + at, paragraph.start + at + len(piece)))
                cursor = at + len(piece)
            rest = flat[cursor:].strip()
            if rest:
                at = flat.find(rest, cursor)
                spans.append(Span(paragraph.start + at, paragraph.start + at + len(rest)))
        return spans

    def position(self, offset: int) -> Position:
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        column = offset - self.line_starts[line_index] + 1
        sentence = max(bisect.bisect_right(self._sentence_starts, offset), 1)
        paragraph = max(bisect.bisect_right(self._paragraph_starts, offset), 1)
        return Position(line_index + 1, column, sentence, paragraph)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def sentence_text(self, number: int) -> str:
        span = self.sentences[number - 1]
        return self.text[span.start : span.end]
