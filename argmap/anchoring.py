"""Anchoring quotes in source text.

A quote matches its source after folding typography only: runs of white space
(including no-break spaces and line breaks) become one space, curly and
straight quotes are equal, dash variants are equal, compatibility characters
are normalised (NFKC) and invisible characters (zero-width spaces, soft
hyphens) are ignored. Typewriter forms count as the typography they stand for:
a run of hyphens (``--``, ``---``) is one dash, two single quotation marks or
backticks are a double quotation mark, and ``...`` is an ellipsis (NFKC folds
``…`` to ``...``). Case, spelling and punctuation are never folded.

Folding keeps a map from every folded character back to the original one, so
each match is reported as exact character offsets into the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from .safety import FUZZY_NEEDLE_CHARS, MAX_FUZZY_WORK

if TYPE_CHECKING:
    from .sentences import Layout

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")

_SPECIAL: dict[str, str] = {}
_SPECIAL.update({c: "'" for c in _SINGLE_QUOTES})
_SPECIAL.update({c: '"' for c in _DOUBLE_QUOTES})
_SPECIAL.update({c: "-" for c in _DASHES})
_SPECIAL.update({c: "" for c in _INVISIBLE})


#: Folded characters that join the same one after them (invisible characters between
#: them do not count): a run of dashes is one dash, two single quotation marks a double one.
_JOINED = {"-": "-", "'": '"'}
_TYPEWRITER = re.compile(r"-{2,}|''")


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
    joinable = ""  # the last folded character, when the same one after it joins it
    cache: dict[str, str] = {}
    for index, char in enumerate(text):
        if char.isspace():
            if not in_space:
                out.append(" ")
                origin.append(index)
                in_space = True
            joinable = ""
            continue
        folded = cache.get(char)
        if folded is None:
            folded = cache[char] = _fold_char(char)
        if not folded:
            continue
        in_space = False
        if folded == joinable:  # "--" is one dash, "''" one double quotation mark
            out[-1] = _JOINED[folded]
            joinable = "-" if folded == "-" else ""
            continue
        out.append(folded)
        origin.extend([index] * len(folded))
        joinable = folded if folded in _JOINED else ""
    return "".join(out), origin


_ASCII_BYTES = bytes(range(128))
_ASCII_SPACES = tuple(c for c in map(chr, range(128)) if c.isspace() and c != " ")


def _distinct_characters(text: str) -> set[str]:
    """The characters of ``text`` that folding may change: every non-ASCII one, and
    ASCII white space other than the plain space (plain ASCII never changes)."""
    if text.isascii():
        wide = ""
    else:
        # Deleting the ASCII bytes of the UTF-8 form leaves whole multi-byte
        # sequences: a few passes in C instead of a set of every character.
        wide = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    return set(wide).union(c for c in _ASCII_SPACES if c in text).union(c for c in _SPECIAL if c.isascii() and c in text)


class FoldedText:
    """A long text folded in a few passes of C-speed string operations.

    Gives the same folded text as :func:`fold`, but keeps the way back to the
    original as a short list of segments (one per place where folding changes
    the length) instead of one integer per character.
    """

    def __init__(self, text: str) -> None:
        table: dict[int, str] = {}
        irregular: list[str] = []
        hidden: list[str] = []
        replacement: dict[str, str] = {}
        for char in _distinct_characters(text):
            if char.isspace():
                if char != " ":
                    table[ord(char)] = " "
                continue
            folded = _fold_char(char)
            if len(folded) == 1:
                if folded != char:
                    table[ord(char)] = folded
            elif char in _INVISIBLE:
                hidden.append(char)
            else:
                irregular.append(char)
                replacement[char] = folded
        # One str.replace per character to change runs at memory speed; a
        # translate() with a table calls back into a dict for every character.
        same_length = text
        for code, new_char in table.items():
            same_length = same_length.replace(chr(code), new_char)
        # Runs of two or more spaces or invisible characters, single invisible
        # characters, and characters that fold to several. Most texts have only
        # the runs of spaces, found by a search for their first two characters;
        # otherwise the pattern starts with one character class, so that the
        # regular expression engine skips to the next candidate at C speed
        # instead of trying alternatives at every position.
        self._folded_starts: list[int] = [0]
        self._original_starts: list[int] = [0]
        self._constant: list[bool] = [False]
        #: Whether one original character became several folded ones somewhere.
        self.has_expansions = False
        # Typewriter forms ("--", "''") join, also across invisible characters; a mark that
        # cannot join is left out of the pattern, which then skips it at C speed.
        dashes = "-" in same_length and (bool(hidden) or "--" in same_length)
        quotes = "'" in same_length and (bool(hidden) or "''" in same_length)
        typewriter = dashes or quotes
        if not hidden and not irregular and not typewriter:
            self.text = self._collapse_spaces(same_length)
            return
        invisible = "".join(re.escape(c) for c in sorted(hidden))
        several = "".join(re.escape(c) for c in sorted(irregular))
        gaps = f"[ {invisible}]"
        alternatives = [f"(?<={gaps}){gaps}+"]
        if invisible or several:
            alternatives.append(f"(?<=[{invisible}{several}])")
        between = f"[{invisible}]*" if invisible else ""
        if dashes:
            alternatives.append(f"(?<=-)(?:{between}-)+")
        if quotes:
            alternatives.append(f"(?<='){between}'")
        marks = ("\\-" if dashes else "") + ("'" if quotes else "")
        pattern = re.compile(f"[ {invisible}{several}{marks}](?:{'|'.join(alternatives)})")
        # The folded text is built by re.sub in C; the callback only records where
        # the length changes, so that no list of pieces is held beside the text.
        shift = 0  # folded index minus original index after the last irregular spot

        def replace(match: re.Match[str]) -> str:
            nonlocal shift
            start, end = match.span()
            found = match.group()
            if len(found) == 1 and found in replacement:
                new = replacement[found]
            elif found[0] in _JOINED:
                new = _JOINED[found[0]]
            else:
                new = " " if " " in found else ""
            if new:
                self.has_expansions = self.has_expansions or len(new) > 1
                # A run's space stands for its first space, not for an invisible character before it.
                self._segment(start + shift, start + found.index(" ") if new == " " else start, True)
            shift += len(new) - (end - start)
            self._segment(end + shift, end, False)
            return new

        self.text = pattern.sub(replace, same_length)

    def _collapse_spaces(self, text: str) -> str:
        """``text`` with every run of spaces made one: the usual case, where nothing
        else changes length. str.find skips to the next run at memory speed."""
        pieces: list[str] = []
        cursor = shift = 0
        find = text.find
        start = find("  ")
        while start != -1:
            end = start + 2
            while text.startswith(" ", end):
                end += 1
            pieces.append(text[cursor : start + 1])
            self._segment(start + shift, start, True)
            shift += 1 - (end - start)
            self._segment(end + shift, end, False)
            cursor = end
            start = find("  ", end)
        if not pieces:
            return text
        pieces.append(text[cursor:])
        return "".join(pieces)

    def _segment(self, folded_start: int, original_start: int, constant: bool) -> None:
        if self._folded_starts[-1] == folded_start:
            self._original_starts[-1] = original_start
            self._constant[-1] = constant
        else:
            self._folded_starts.append(folded_start)
            self._original_starts.append(original_start)
            self._constant.append(constant)

    @property
    def is_identity(self) -> bool:
        """Whether every folded index is also the original index (folding changed no length)."""
        return len(self._folded_starts) == 1 and not self._constant[0] and self._original_starts[0] == 0

    def original(self, folded_index: int) -> int:
        """The index in the original text of the character at ``folded_index``."""
        segment = bisect.bisect_right(self._folded_starts, folded_index) - 1
        if self._constant[segment]:
            return self._original_starts[segment]
        return self._original_starts[segment] + folded_index - self._folded_starts[segment]

    def original_end(self, folded_end: int) -> int:
        """The index in the original text just after the characters that ``folded[:folded_end]``
        ends with: after the whole run when several characters folded into its last one
        (the second hyphen of "--"), after the character whose expansion it ends in otherwise."""
        last = folded_end - 1
        segment = bisect.bisect_right(self._folded_starts, last) - 1
        if self._constant[segment]:
            following = segment + 1
            if following < len(self._folded_starts) and self._folded_starts[following] == folded_end:
                return self._original_starts[following]
            return self._original_starts[segment] + 1
        return self._original_starts[segment] + last - self._folded_starts[segment] + 1


#: Quotes are looked up by their first characters in an index of word starts; the
#: longest key a quote allows keeps the candidates few even when many sentences
#: begin alike ("In the ...").
_KEY_LENGTHS = (48, 16, 8)
#: Texts up to this size are searched as a whole for the passage closest to a missing quote.
_WHOLE_TEXT_SEARCH_CHARS = 200_000
# The character comes first and the look-behind second: the scan for a character
# class runs about three times faster than a look-behind tried at every position.
_WORD_START = re.compile(r"\w(?<!\w\w)")


def _key_length(needle: str) -> int:
    """The length of the index key for a folded quote; 0 when it cannot use the index."""
    if not needle or not (needle[0].isalnum() or needle[0] == "_"):
        return 0
    size = len(needle)
    for length in _KEY_LENGTHS:
        if size >= length:
            return length
    return 0


# A regular expression finds the few special characters of a quote at C speed;
# str.translate would look every character of a non-ASCII text up in a dict.
_SPECIAL_CHAR = re.compile("[" + "".join(re.escape(c) for c in _SPECIAL) + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _special(match: re.Match[str]) -> str:
    return _SPECIAL[match.group()]


def _join_typewriter(folded: str) -> str:
    """Runs of dashes made one dash and two single quotation marks a double one, in a text
    whose characters have each been folded to one character."""
    if "--" in folded or "''" in folded:
        return _TYPEWRITER.sub(lambda match: _JOINED[match.group()[0]], folded)
    return folded


def fold_quote(quote: str) -> str:
    """The folded form of a quote, without leading or trailing space (as :func:`fold` gives it)."""
    if quote.isascii():  # the common case: only white space, the backtick and typewriter forms fold
        return " ".join(_join_typewriter(quote.replace("`", "'")).split())
    if _HAS_INVISIBLE.search(quote):  # typewriter forms join across them: rare, exact path
        return FoldedText(quote).text.strip()
    folded = _SPECIAL_CHAR.sub(_special, quote)
    if not folded.isascii():
        table = {}
        for char in set(_NON_ASCII.findall(folded)):
            if char.isspace():
                continue
            replacement = _fold_char(char)
            # Compatibility forms with spaces, and expansions with a dash or a quotation mark
            # (which do not join their neighbours): rare, exact path.
            if any(c.isspace() for c in replacement) or (len(replacement) > 1 and any(c in _JOINED for c in replacement)):
                return FoldedText(quote).text.strip()
            if replacement != char:
                table[ord(char)] = replacement
        if table:
            folded = folded.translate(table)
    return " ".join(_join_typewriter(folded).split())


class Span(NamedTuple):
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
        self._folding = FoldedText(text)
        self.folded = self._folding.text
        self._identity = self._folding.is_identity
        #: Fuzzy-search work left for suggestions (see :meth:`suggestions`).
        self.fuzzy_budget = MAX_FUZZY_WORK

    # --- finding quotes ---------------------------------------------------------------

    def find(self, quote: str) -> list[Span]:
        """Every place where ``quote`` stands in the text, in order (see :meth:`find_many`)."""
        return self.find_many([quote])[0]

    def find_many(self, quotes: list[str]) -> list[list[Span]]:
        """Where each quote stands, found in one pass over the text.

        A quote that starts with a letter or digit stands where it starts a word:
        "at the gates" does not also stand inside "that the gates". Only when it
        starts a word nowhere is it looked for inside words too. The cost is one
        pass over the text plus the length of the quotes and their candidates,
        not one scan of the text per quote.
        """
        needles = [fold_quote(quote) for quote in quotes]
        key_lengths = [_key_length(needle) for needle in needles]
        wanted: dict[int, set[str]] = {length: set() for length in _KEY_LENGTHS}
        for needle, length in zip(needles, key_lengths):
            if length:
                wanted[length].add(needle[:length])
        candidates: dict[str, list[int]] = {}
        folded = self.folded
        # Only the word starts whose first character begins some quote.
        firsts = "".join(sorted({needle[0] for needle in needles if needle}))
        first_chars = "[" + re.escape(firsts) + "]"
        word_start = re.compile(first_chars + r"(?<!\w" + first_chars + ")") if firsts else _WORD_START
        in_use = [(length, keys) for length, keys in wanted.items() if keys]
        starts: Iterable[int] = (match.start() for match in word_start.finditer(folded))
        if len(in_use) > 1:  # several passes: find the word starts once
            starts = list(starts)
        for length, keys in in_use:
            for key in keys:
                candidates[key] = []
            for at in starts:
                found = candidates.get(folded[at : at + length])
                if found is not None:
                    found.append(at)
        results: list[list[Span]] = []
        check_boundaries = self._folding.has_expansions
        span = self._span
        for needle, length in zip(needles, key_lengths):
            if not needle:
                results.append([])
                continue
            starts = [at for at in candidates[needle[:length]] if folded.startswith(needle, at)] if length else []
            if not starts:
                starts = self._scan(needle)
            size = len(needle)
            if check_boundaries:
                starts = [at for at in starts if self._on_boundaries(at, at + size)]
            results.append([Span(at, at + size) for at in starts] if self._identity else [span(at, at + size) for at in starts])
        return results

    def _scan(self, needle: str) -> list[int]:
        starts = []
        at = self.folded.find(needle)
        while at != -1:
            starts.append(at)
            at = self.folded.find(needle, at + 1)
        if needle[0].isalnum() or needle[0] == "_":
            at_word_start = [at for at in starts if at == 0 or not (self.folded[at - 1].isalnum() or self.folded[at - 1] == "_")]
            return at_word_start or starts
        return starts

    def _on_boundaries(self, folded_start: int, folded_end: int) -> bool:
        """Whether a match begins and ends between original characters, not inside the
        expansion of one (the "I" of a folded "Ĳ" is not a quote of "I")."""
        original = self._folding.original
        if folded_start > 0 and original(folded_start) == original(folded_start - 1):
            return False
        return folded_end >= len(self.folded) or original(folded_end) != original(folded_end - 1)

    def _span(self, folded_start: int, folded_end: int) -> Span:
        if self._identity:
            return Span(folded_start, folded_end)
        return Span(self._folding.original(folded_start), self._folding.original_end(folded_end))

    def closest(self, quote: str) -> Suggestion | None:
        """The passage most similar to a quote that does not stand in the text."""
        found = self.suggestions(quote, limit=1)
        return found[0] if found else None

    def suggestions(self, quote: str, limit: int = 3) -> list[Suggestion]:
        """The passages most similar to a quote that does not stand in the text, best first.

        Scores are rapidfuzz similarities (0-100) of the quote and the passage,
        both folded. Small texts are searched as a whole, so that a quote that
        runs across sentences finds its passage; every text is also searched
        sentence by sentence, which keeps the cost in proportion to its length.
        """
        from rapidfuzz import (  # imported here: only failing quotes need it
            fuzz,
            process,
        )

        needle = fold_quote(quote)
        if not needle or not self.folded:
            return []
        lowered = self._lowered.find(needle.lower())
        if lowered != -1:
            span = self._span(lowered, lowered + len(needle))
            return [Suggestion(span, 100.0, self.line_of(span.start), case_only=True)]
        # The fuzzy search costs the quote's length times the text's: a long quote is
        # compared by its beginning, and past the budget (argmap.safety.MAX_FUZZY_WORK,
        # renewed for each map) the search gives no suggestion rather than take minutes.
        needle = needle[:FUZZY_NEEDLE_CHARS]
        whole = len(self.folded) <= _WHOLE_TEXT_SEARCH_CHARS
        work = len(needle) * len(self.folded) * (2 if whole else 1)
        if work > self.fuzzy_budget:
            return []
        self.fuzzy_budget -= work
        found: list[Suggestion] = []
        if whole:
            aligned = fuzz.partial_ratio_alignment(needle, self.folded)
            if aligned is not None and aligned.dest_end > aligned.dest_start:
                span = self._widen_to_words(self._span(aligned.dest_start, aligned.dest_end))
                found.append(Suggestion(span, round(aligned.score, 1), self.line_of(span.start)))
        for _text, score, index in process.extract(needle, self._folded_sentences, scorer=fuzz.partial_ratio, limit=limit + 1, score_cutoff=30):
            span = self.sentences[index]
            if any(other.span.start < span.end and span.start < other.span.end for other in found):
                continue
            found.append(Suggestion(span, round(score, 1), self.line_of(span.start)))
        found.sort(key=lambda suggestion: (-suggestion.score, suggestion.span.start))
        return found[:limit]

    @cached_property
    def _lowered(self) -> str:
        return self.folded.lower()

    @cached_property
    def _folded_sentences(self) -> list[str]:
        return [fold_quote(self.text[s.start : s.end]) for s in self.sentences]

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
        """The offset where each line starts."""
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at != -1:  # str.find skips a line at memory speed, where a loop would test every character
            starts.append(at + 1)
            at = find("\n", at + 1)
        return starts

    @cached_property
    def _layout(self) -> Layout:
        from .sentences import layout  # imported here: only exports, renders and coverage need sentences

        return layout(self.text, self.line_starts)

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Paragraphs as a reader sees them, in one-line-per-paragraph and in hard-wrapped
        text alike (see argmap/sentences.py)."""
        return [Span(start, end) for start, end in self._layout.paragraphs]

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences, found by a real segmenter (sentencex) within each paragraph; a heading
        is one sentence of its own."""
        return [Span(start, end) for start, end in self._layout.sentences]

    @cached_property
    def heading_sentences(self) -> frozenset[int]:
        """The numbers (1-based) of the sentences that are headings or other lines that are
        not prose (titles, bylines, code, tables)."""
        return frozenset(number for number, heading in enumerate(self._layout.sentence_headings, start=1) if heading)

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
