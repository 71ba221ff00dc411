"""How a quote differs from the passages of its source, word by word.

A quote that does not stand in its source is aligned with the source's closest
passages, one word (or run of punctuation) at a time: words are equal when
they fold alike (argmap/anchoring.py), and a word that differs only in letter
case is marked but not counted as a difference. The alignment is global on the
quote and local on the source (the passage may start and end anywhere), so the
passage found is exactly as long as the quote's words reach.

It serves three readers: the AM403 hint, which prints the two texts with the
differing words marked; the JSON output, which carries the same alignment as
data; and ``argmap fix`` / ``argmap import draft``, which replace a quote with
its passage only when one passage, and one only, is close enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .anchoring import fold_quote

if TYPE_CHECKING:
    from .anchoring import Document, Span, Suggestion

#: A word (with inner apostrophes: "ISIS’s") or a run of other marks ("--", ".”").
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]+")
#: An ellipsis that joins passages: "...", ". . .", "…", in brackets or not.
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.{3}|\u2026)\s*\]|\.{3,}|\.(?: \.){2,}|\u2026)\s*")
#: Windows of source text around a candidate passage reach this many characters beyond it.
_WINDOW_MARGIN = 80
#: Quotes longer than this many words show only the differing places, with some context.
_LONG_QUOTE_WORDS = 24
#: How many fuzzy suggestions are aligned word by word.
SUGGESTIONS = 5
_CONTEXT_WORDS = 4


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    #: What equality compares: the folded text in lower case.
    key: str
    #: The folded text, case kept.
    folded: str


def tokens(text: str, offset: int = 0, end: int | None = None) -> list[Token]:
    """The words and marks of ``text[offset:end]``, with offsets into ``text``."""
    found = []
    for match in _TOKEN.finditer(text, offset, len(text) if end is None else end):
        folded = fold_quote(match.group())
        found.append(Token(match.group(), match.start(), match.end(), folded.lower(), folded))
    return found


@dataclass(frozen=True)
class Step:
    """A run of the alignment: words equal on both sides, or a difference."""

    #: ``equal``, ``replace`` (words of the quote stand where the source has others),
    #: ``delete`` (words of the quote the source does not have) or ``insert`` (words
    #: of the source the quote leaves out).
    op: str
    quote: str
    source: str
    #: A replacement that changes letter case only.
    case_only: bool = False
    #: Where the step's words stand in the quote and in the source text (start, end); empty when it has none.
    quote_span: tuple[int, int] = field(default=(0, 0), compare=False)
    source_span: tuple[int, int] = field(default=(0, 0), compare=False)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"op": self.op, "quote": self.quote, "source": self.source}
        if self.case_only:
            data["case_only"] = True
        return data


@dataclass(frozen=True)
class Alignment:
    """A quote aligned with one passage of a source text."""

    #: The passage: ``text[start:end]`` of the source.
    start: int
    end: int
    steps: list[Step]
    #: How many words and runs of punctuation differ (letter case and spacing are not counted).
    distance: int
    #: How many words the quote has (runs of punctuation left out).
    words: int
    #: How many of the differences are words (the rest are punctuation).
    word_changes: int
    #: Whether letter case differs somewhere.
    case_differs: bool = False
    #: Whether the spacing differs where nothing else does (words joined or split, spaces around a dash).
    spacing_differs: bool = False
    line: int = 0
    column: int = 0
    passage: str = ""

    @property
    def changes(self) -> str:
        """What differs, in words: "1 of 9 words differs", "letter case only", ..."""
        if self.distance == 0:
            what = [name for name, differs in (("letter case", self.case_differs), ("spacing", self.spacing_differs)) if differs]
            return "differs only in " + (" and ".join(what) or "typography")
        if self.word_changes == 0:
            return "differs only in punctuation"
        verb = "differs" if self.word_changes == 1 else "differ"
        punctuation = ", and punctuation" if self.distance > self.word_changes else ""
        return f"{self.word_changes} of {self.words} words {verb}{punctuation}"

    def to_dict(self) -> dict[str, object]:
        return {
            "closest": {"line": self.line, "column": self.column, "start": self.start, "end": self.end, "text": self.passage},
            "distance": self.distance,
            "quote_words": self.words,
            "word_changes": self.word_changes,
            "changes": self.changes,
            "words": [step.to_dict() for step in self.steps],
        }


def _extent(items: list[Token]) -> tuple[int, int]:
    return (items[0].start, items[-1].end) if items else (0, 0)


def _is_word(token: Token | None) -> bool:
    return token is not None and (token.text[0].isalnum() or token.text[0] == "_")


def align(quote: str, text: str, start: int = 0, end: int | None = None) -> list[Alignment]:
    """The passages of ``text[start:end]`` the quote aligns with best, best first, none overlapping.

    Semi-global edit distance over words: skipping source text before and after
    the passage is free; each word replaced, left out or added costs one; a word
    that differs only in case costs nothing. Ties go to the alignment that pairs
    more words, so that a changed last word is shown as replaced, not dropped.
    """
    wanted = tokens(quote)
    found = tokens(text, start, end)
    m, n = len(wanted), len(found)
    if not m or not n:
        return []
    # Scores are (cost, -paired words); rows are the quote's words.
    inf = (1 << 30, 0)
    previous = [(0, 0)] * (n + 1)
    moves: list[bytearray] = [bytearray(n + 1)]  # 1 diagonal, 2 up (quote word left out), 3 left (source word added)
    for i in range(1, m + 1):
        key = wanted[i - 1].key
        current = [(i, 0)] + [inf] * n
        move = bytearray(n + 1)
        move[0] = 2
        for j in range(1, n + 1):
            diagonal = previous[j - 1]
            best = (diagonal[0] + (found[j - 1].key != key), diagonal[1] - 1)
            choice = 1
            up = previous[j]
            if (up[0] + 1, up[1]) < best:
                best, choice = (up[0] + 1, up[1]), 2
            left = current[j - 1]
            if (left[0] + 1, left[1]) < best:
                best, choice = (left[0] + 1, left[1]), 3
            current[j] = best
            move[j] = choice
        moves.append(move)
        previous = current
    ends = sorted(range(1, n + 1), key=lambda j: (previous[j], j))
    results: list[Alignment] = []
    taken: list[tuple[int, int]] = []
    for j in ends[: 4 * n]:
        if results and previous[j][0] > max(results[0].distance * 2, results[0].distance + 3):
            break
        alignment = _trace(wanted, found, moves, j, quote, text)
        span = (alignment.start, alignment.end)
        if any(a < span[1] and span[0] < b for a, b in taken):
            continue
        taken.append(span)
        results.append(alignment)
        if len(results) >= 3:
            break
    return results


def _trace(wanted: list[Token], found: list[Token], moves: list[bytearray], j: int, quote: str, text: str) -> Alignment:
    pairs: list[tuple[str, Token | None, Token | None]] = []
    i = len(wanted)
    while i > 0:
        move = moves[i][j]
        if move == 1:
            q, s = wanted[i - 1], found[j - 1]
            pairs.append(("equal" if q.key == s.key else "replace", q, s))
            i, j = i - 1, j - 1
        elif move == 2:
            pairs.append(("delete", wanted[i - 1], None))
            i -= 1
        else:
            pairs.append(("insert", None, found[j - 1]))
            j -= 1
    pairs.reverse()
    # Group the pairs into runs of one kind; insertions and deletions inside a difference join it.
    steps: list[Step] = []
    distance = word_changes = 0
    case_differs = False
    run_quote: list[Token] = []
    run_source: list[Token] = []
    run_op = ""

    def flush() -> None:
        nonlocal run_op
        if not run_op:
            return
        op = run_op
        if op == "change":
            op = "replace" if run_quote and run_source else ("delete" if run_quote else "insert")
        case_only = op == "replace" and [t.key for t in run_quote] == [t.key for t in run_source]
        quote_span, source_span = _extent(run_quote), _extent(run_source)
        steps.append(Step(op, quote[slice(*quote_span)], text[slice(*source_span)], case_only, quote_span, source_span))
        run_quote.clear()
        run_source.clear()
        run_op = ""

    for kind, q, s in pairs:
        if kind == "equal" and q is not None and s is not None and q.folded != s.folded:
            case_differs = True
            kind = "case"
        elif kind != "equal":
            distance += 1
            word_changes += _is_word(q) or _is_word(s)
        group = "equal" if kind == "equal" else ("case" if kind == "case" else "change")
        if group != run_op:
            flush()
            run_op = group
        if q is not None:
            run_quote.append(q)
        if s is not None:
            run_source.append(s)
    flush()
    steps = [Step("replace", step.quote, step.source, True, step.quote_span, step.source_span) if step.op == "case" else step for step in steps]
    paired = [s for _kind, _q, s in pairs if s is not None]
    start = paired[0].start if paired else 0
    end = paired[-1].end if paired else 0
    return Alignment(start, end, steps, distance, sum(map(_is_word, wanted)), word_changes, case_differs)


def closest(document: Document, quote: str, limit: int = 3, suggestions: list[Suggestion] | None = None) -> list[Alignment]:
    """The passages of a source closest to a quote that does not stand in it, best first:
    the fewest differing words, then reading order. Candidates come from the document's
    fuzzy suggestions (argmap/anchoring.py); each is aligned word by word in a window
    around it (``suggestions``, when the caller has them already)."""
    found: list[Alignment] = []
    margin = _WINDOW_MARGIN + len(quote) // 2
    if suggestions is None:
        suggestions = document.suggestions(quote, limit=SUGGESTIONS)
    for suggestion in suggestions:
        window_start = max(0, suggestion.span.start - margin)
        window_end = min(len(document.text), suggestion.span.end + margin)
        found.extend(_placed(document, quote, alignment) for alignment in align(quote, document.text, window_start, window_end))
    found.sort(key=lambda a: (a.distance, a.start, a.end))
    kept: list[Alignment] = []
    for alignment in found:  # the best of passages that overlap
        if not any(a.start < alignment.end and alignment.start < a.end for a in kept):
            kept.append(alignment)
    return kept[:limit]


def _placed(document: Document, quote: str, alignment: Alignment) -> Alignment:
    """An alignment with its line, column and passage, and spacing told apart from words:
    "to gether" for "together" is two words by count, but only spacing."""
    passage = document.text[alignment.start : alignment.end]
    folded_quote, folded_passage = fold_quote(quote), fold_quote(passage)
    loose_quote, loose_passage = "".join(folded_quote.split()), "".join(folded_passage.split())
    spacing_only = loose_quote.lower() == loose_passage.lower()
    line = document.line_of(alignment.start)
    return Alignment(
        alignment.start,
        alignment.end,
        alignment.steps,
        0 if spacing_only else alignment.distance,
        alignment.words,
        0 if spacing_only else alignment.word_changes,
        alignment.case_differs or (spacing_only and loose_quote != loose_passage),
        spacing_only and folded_quote.lower() != folded_passage.lower(),
        line,
        alignment.start - document.line_starts[line - 1] + 1,
        passage,
    )


# --- showing the difference -----------------------------------------------------------------------


def _shortened(text: str, first: bool, last: bool) -> str:
    """An equal run of a long quote cut to a few words of context beside the differences."""
    words = text.split()
    keep = _CONTEXT_WORDS
    if first and last:
        return text
    if first and len(words) > keep:
        return "… " + " ".join(words[-keep:])
    if last and len(words) > keep:
        return " ".join(words[:keep]) + " …"
    if len(words) > 2 * keep + 1:
        return " ".join(words[:keep]) + " … " + " ".join(words[-keep:])
    return text


def _line(steps: list[Step], text: str, side: str, long: bool) -> str:
    """One side of the alignment as one line: its own words, with its own spacing between
    them (any white space shown as one space), differing words marked."""
    opening, closing = ("[-", "-]") if side == "quote" else ("{+", "+}")
    pieces: list[str] = []
    previous_end = None
    last_index = len(steps) - 1
    for index, step in enumerate(steps):
        start, end = step.quote_span if side == "quote" else step.source_span
        if start == end:
            continue
        if previous_end is not None and text[previous_end:start] != "":
            pieces.append(" ")
        words = " ".join(text[start:end].split())
        if step.op == "equal":
            pieces.append(_shortened(words, index == 0, index == last_index) if long else words)
        else:
            pieces.append(f"{opening}{words}{closing}")
        previous_end = end
    return "".join(pieces)


def marked(alignment: Alignment, quote: str, source_text: str) -> tuple[str, str]:
    """The quote and the passage on one line each, the differing words marked: ``[-words-]``
    in the quote where the source differs, ``{+words+}`` in the passage where the quote
    differs (the notation of GNU wdiff). A long quote shows only its differing places,
    with a few words on each side and "…" for what is left out."""
    long = alignment.words > _LONG_QUOTE_WORDS
    return _line(alignment.steps, quote, "quote", long), _line(alignment.steps, source_text, "source", long)


def hint_lines(alignment: Alignment, quote: str, source_text: str) -> list[str]:
    """The two marked lines of a hint: ``quote:`` and ``source:``."""
    quote_line, source_line = marked(alignment, quote, source_text)
    return [f"quote:  {quote_line}", f"source: {source_line}"]


# --- quotes that skip text ------------------------------------------------------------------------


@dataclass
class EllipsisSplit:
    """A quote that joins passages with an ellipsis, cut into its parts."""

    parts: list[str]
    #: Where each part stands, when it stands exactly once; None for a part that does not.
    spans: list[Span | None] = field(default_factory=list)

    @property
    def stands(self) -> bool:
        """Whether every part stands once, in the order written."""
        if not self.spans or any(span is None for span in self.spans):
            return False
        starts = [span.start for span in self.spans if span is not None]
        return starts == sorted(starts) and len(set(starts)) == len(starts)


def ellipsis_parts(quote: str) -> list[str] | None:
    """The passages an ellipsis in a quote joins (or leaves out text before or after);
    None when the quote has no ellipsis. Parts without a word are dropped."""
    if not _ELLIPSIS.search(quote):
        return None
    parts = [part.strip() for part in _ELLIPSIS.split(quote)]
    return [part for part in parts if re.search(r"\w", part)]


def split_at_ellipsis(document: Document, quote: str) -> EllipsisSplit | None:
    """A quote with an ellipsis that does not stand as written, cut into parts, each
    looked up in the source; None when the quote has no ellipsis to cut at."""
    parts = ellipsis_parts(quote)
    if not parts:
        return None
    found = document.find_many(parts)
    return EllipsisSplit(parts, [spans[0] if len(spans) == 1 else None for spans in found])


def as_quote(passage: str) -> str:
    """A passage of the source as a quote: its own typography, white space made single spaces
    (line breaks and no-break spaces fold to a space anyway)."""
    return " ".join(passage.split())
