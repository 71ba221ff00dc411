"""Paragraphs and sentences of a source text, found the way a reader sees them.

Texts come in two layouts. In one, each paragraph is one line, however long
(the seed article, most Markdown written in editors that wrap softly). In the
other, lines are hard-wrapped at a fixed width (Project Gutenberg books, RFCs,
licences, e-mail): a line break inside a paragraph means only that the next
word did not fit. The width is estimated from the text itself; in a wrapped
text a line that is full, i.e. one the next line's first word would have made
too long, goes on in the next line whatever letter that line starts with
("... be just, as / I persuade myself ..."). A line that is not full ends its
paragraph, as a blank line always does.

Lines that are not prose are told apart where the layout makes it clear:
Markdown headings, fenced code and tables; and short lines that stand alone
without a closing punctuation mark, all-capital lines and title lines
("FEDERALIST No. 51", "MADISON", "Status of This Memo"). Each is one
paragraph and one "sentence" of its own, marked as a heading, so that the
sentence numbers still count every line a reader sees while coverage can leave
headings out.

Within a paragraph, sentences are found by a real segmenter (sentencex), with
line breaks read as spaces; a list or section number it cuts off ("1." of
"1. Definitions.") is kept with the sentence it numbers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: A line of at most this many columns may be hard-wrapped; a text whose wrapped lines are
#: longer keeps one paragraph per line.
WIDEST_WRAP = 100
#: Narrower texts are lists, verse or address blocks rather than wrapped prose.
NARROWEST_WRAP = 40
#: Headings have at most this many words (a long title line) ...
_TITLE_WORDS = 20
#: ... and a line this short without a closing punctuation mark is a heading whatever its case.
_SHORT_LINE_WORDS = 8

_TERMINAL = ".!?\"'\u201d\u2019)"
_SENTENCE_END = ".!?:;,"
_CLOSING = "\"'\u201d\u2019)]*_"
# List items and section numbers: "- x", "* x", "1. x", "2) x", "(a) x", "iv. x".
_BULLET = re.compile(r"(?:[-*+\u2022]|\d{1,3}[.)]|\([A-Za-z0-9]{1,4}\)|[ivxlc]{1,5}\.)\s")
_SECTION_NUMBER = re.compile(r"(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVXLC]{1,6}\.)\s")
# A sentence piece that is only a number, as a segmenter leaves "1." before "Definitions.".
_LONGEST_NUMBER = 12  # characters of such a piece, or of one without a letter or digit ("!", "* * *")
_NUMBER_ONLY = re.compile(r"(?:\d+(?:\.\d+)*\.?|\([A-Za-z0-9]{1,4}\)|[A-Za-z]\.|[IVXLCivxlc]{1,6}\.)")
_MARKDOWN_HEADING = re.compile(r"#{1,6}(?:\s|$)")
_RULE = re.compile(r"(?:[-=*_~+]\s*){3,}")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)\s*")
_FENCE = re.compile(r"(?:```|~~~)")
# A line that is only a Markdown image or link.
_MARKDOWN_MEDIA = re.compile(r"!?\[[^\]]*\]\([^)\s]*\)")
# Text laid out in columns (an RFC's header, a table of contents): three spaces inside a line.
_COLUMNS = "   "
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or per the to upon via vs with".split()
)


class Layout(NamedTuple):
    """Paragraphs and sentences as (start, end) offsets, each with whether it is a heading."""

    paragraphs: list[tuple[int, int]]
    paragraph_headings: list[bool]
    sentences: list[tuple[int, int]]
    sentence_headings: list[bool]


class _Line(NamedTuple):
    first: int  # offset of the first character that is not white space
    last: int  # offset just after the last character that is not white space
    stripped: str
    columns: int  # width on screen, tabs expanded
    indent: int  # columns of white space before the first character
    blank_before: bool


def _lines(text: str, line_starts: list[int]) -> list[_Line]:
    lines: list[_Line] = []
    blank_before = False
    find = text.find
    for start in line_starts:
        end = find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            blank_before = True
            continue
        rstripped = line.rstrip()
        if "\t" in rstripped:
            rstripped_on_screen = rstripped.expandtabs()
            columns, indent = len(rstripped_on_screen), len(rstripped_on_screen) - len(rstripped_on_screen.lstrip())
        else:
            columns, indent = len(rstripped), len(rstripped) - len(rstripped.lstrip())
        first = start + len(line) - len(line.lstrip())
        lines.append(_Line(first, start + len(rstripped), stripped, columns, indent, blank_before))
        blank_before = False
    return lines


def wrap_width(lines: list[_Line]) -> int | None:
    """The width the text is hard-wrapped at, or None when it is not hard-wrapped.

    Estimated from the lines that another line follows without a blank line
    between: in a wrapped text nearly all of them are full, so a high percentile
    of their widths is the width the text was wrapped at.
    """
    widths = sorted(line.columns for line, after in zip(lines, lines[1:]) if not after.blank_before)
    if len(widths) < 2:
        return None
    width = widths[(len(widths) - 1) * 9 // 10]
    return width if NARROWEST_WRAP <= width <= WIDEST_WRAP else None


def _ends_sentence(text: str) -> bool:
    trimmed = text.rstrip(_CLOSING)
    return bool(trimmed) and trimmed[-1] in _SENTENCE_END


def _title_case(words: list[str]) -> bool:
    for index, word in enumerate(words):
        letters = word.lstrip("\"'\u201c\u2018([")
        if not letters or not letters[0].isalpha():
            continue
        if letters[0].islower() and (index == 0 or word.lower() not in _SMALL_WORDS):
            return False
    return True


def is_heading(text: str) -> bool:
    """Whether a paragraph that stands alone is a heading or title rather than prose."""
    words = text.split()
    if not words or len(words) > _TITLE_WORDS:
        return False
    if not any(c.isalpha() for c in text):
        return True  # a date, a number, a row of symbols: not prose
    if text.isupper() and sum(c.isalpha() for c in text) >= 2 and (len(words) <= 3 or not _ends_sentence(text)):
        return True  # "MADISON", "PUBLIUS.", "TERMS AND CONDITIONS FOR USE"
    if _SECTION_NUMBER.match(text):  # "1. Definitions.", "2.1.  Terminology"
        return len(words) <= 10 and text.rstrip(_CLOSING)[-1] not in "!?:;," and _title_case(words[1:])
    if _BULLET.match(text) or _ends_sentence(text):
        return False
    return len(words) <= _SHORT_LINE_WORDS or _title_case(words)


def _first_word(stripped: str) -> str:
    space = stripped.find(" ")
    return stripped if space == -1 else stripped[:space]


def _starts_block(stripped: str) -> bool:
    """Whether a line starts a paragraph of its own in any layout (Markdown structure, lists)."""
    return bool(_MARKDOWN_HEADING.match(stripped) or _BULLET.match(stripped) or stripped.startswith("|") or _COLUMNS in stripped)


def layout(text: str, line_starts: list[int]) -> Layout:
    """The paragraphs and sentences of ``text`` (``line_starts``: where each line starts)."""
    lines = _lines(text, line_starts)
    width = wrap_width(lines)
    slack = width // 8 if width else 0
    paragraphs: list[tuple[int, int]] = []
    headings: list[bool | None] = []  # None: prose or heading, decided by its words
    previous: _Line | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        stripped = line.stripped
        if _FENCE.match(stripped):  # fenced code, up to the closing fence, is one block
            end = line.last
            while index < len(lines):
                end = lines[index].last
                index += 1
                if lines[index - 1].stripped.startswith(stripped[:3]):
                    break
            paragraphs.append((line.first, end))
            headings.append(True)
            previous = None
            continue
        if _RULE.fullmatch(stripped):
            if (
                previous is not None
                and not line.blank_before
                and _SETEXT_UNDERLINE.fullmatch(stripped)
                and paragraphs[-1][0] == previous.first
            ):  # a Setext heading: the underlined line and its underline
                paragraphs[-1] = (paragraphs[-1][0], line.last)
                headings[-1] = True
            previous = None  # a rule between two lines separates them
            continue
        if previous is not None and not line.blank_before and _continues(text, paragraphs[-1], previous, line, width, slack):
            paragraphs[-1] = (paragraphs[-1][0], line.last)
        elif stripped.startswith("|") and previous is not None and not line.blank_before and previous.stripped.startswith("|"):
            paragraphs[-1] = (paragraphs[-1][0], line.last)  # the rows of one table
        else:
            paragraphs.append((line.first, line.last))
            headings.append(True if _MARKDOWN_HEADING.match(stripped) or stripped.startswith("|") or _MARKDOWN_MEDIA.fullmatch(stripped) else None)
        previous = line
    decided = [
        heading if heading is not None else _stands_alone_as_heading(text, span)
        for span, heading in zip(paragraphs, headings)
    ]
    sentences, sentence_headings = _sentences(text, paragraphs, decided)
    return Layout(paragraphs, decided, sentences, sentence_headings)


def _stands_alone_as_heading(text: str, span: tuple[int, int]) -> bool:
    start, end = span
    if end - start > 300:  # far longer than any heading: skip the word count
        return False
    return is_heading(" ".join(text[start:end].split()))


def _continues(text: str, paragraph: tuple[int, int], previous: _Line, line: _Line, width: int | None, slack: int) -> bool:
    """Whether ``line`` goes on with the paragraph whose last line is ``previous``."""
    stripped = line.stripped
    if _starts_block(stripped) or _MARKDOWN_HEADING.match(previous.stripped) or _COLUMNS in previous.stripped:
        return False
    if (
        width is not None
        and previous.columns + 1 + len(_first_word(stripped)) > width - slack
        and max(previous.indent, line.indent) * 4 < width  # centred lines ("Version 2.0" above a URL) are not wrapped
    ):
        return True  # the previous line is full: the break is only the wrap
    if not stripped[0].islower():
        return False
    start, end = paragraph
    if text.endswith(tuple(_TERMINAL), start, end):
        return False
    # A lower-case line after one without a closing mark goes on with its sentence when a
    # space was left before the line break, or when the paragraph is long enough to be prose
    # (not a heading such as "/AHMED RASHID" above "www.ahmedrashid.com"). Only the words of
    # its last 2 000 characters are counted: counting the whole paragraph again at each of
    # its lines took minutes on a hard-wrapped book without a full stop.
    raw_end = text[previous.last : line.first]
    return raw_end.startswith((" ", "\u00a0", "\t")) or len(text[max(start, end - 2000) : end].split()) >= 8


def _sentences(text: str, paragraphs: list[tuple[int, int]], headings: list[bool]) -> tuple[list[tuple[int, int]], list[bool]]:
    spans: list[tuple[int, int]] = []
    flags: list[bool] = []
    for (start, end), heading in zip(paragraphs, headings):
        if heading:
            spans.append((start, end))
            flags.append(True)
            continue
        # A line break inside a paragraph is not a sentence break; the same length keeps offsets.
        flat = text[start:end].replace("\n", " ")
        pieces = _pieces(flat)
        spans.extend([(start + piece_start, start + piece_end) for piece_start, piece_end in pieces])
        flags.extend([False] * len(pieces))
        if len(pieces) > 1 and _SECTION_NUMBER.match(flat) and is_heading(flat[pieces[0][0] : pieces[0][1]]):
            flags[-len(pieces)] = True  # a section title that runs into its text ("2. Grant of Copyright License. Subject to ...")
    return spans, flags


def _pieces(flat: str) -> list[tuple[int, int]]:
    """The sentences of one paragraph (line breaks made spaces), as offsets into it."""
    from sentencex import segment  # imported here: only exports, renders and coverage need sentences

    # The segmenter reads a paragraph that opens with "(d)" as one parenthesis and never
    # splits it: the marker is left out of what it reads and given back to the first sentence.
    marker = _BULLET.match(flat)
    skip = marker.end() if marker else 0
    found: list[tuple[int, int]] = []
    cursor = skip
    find = flat.find
    for piece in segment("en", flat[skip:]):
        piece = piece.strip()
        if not piece:
            continue
        at = find(piece, cursor)
        if at == -1:  # the segmenter altered the text; keep the rest as one sentence
            break
        cursor = at + len(piece)
        if find(")", at, cursor) == -1:
            found.append((at, cursor))
        else:
            found.extend(_after_parentheses(flat, at, cursor))
    rest = flat[cursor:].strip()
    if rest:
        at = find(rest, cursor)
        found.append((at, at + len(rest)))
    if found and skip:
        found[0] = (0, found[0][1])
    pieces: list[tuple[int, int]] = []
    numbered = -1  # where a number the segmenter cut off from its sentence starts
    for at, end in found:
        if end - at <= _LONGEST_NUMBER:
            piece = flat[at:end]
            if _NUMBER_ONLY.fullmatch(piece) or not any(c.isalnum() for c in piece):
                numbered = at if numbered == -1 else numbered
                continue
        if flat[at] in _CLOSING and numbered == -1 and pieces and pieces[-1][1] == at:
            piece = flat[at:end]
            closing = len(piece) - len(piece.lstrip(_CLOSING))
            if piece[closing : closing + 1].isspace():
                # Closing marks the segmenter gave to the next sentence ("provenance.** Take").
                pieces[-1] = (pieces[-1][0], at + closing)
                at += closing + len(piece[closing:]) - len(piece[closing:].lstrip())
        pieces.append((at if numbered == -1 else numbered, end))
        numbered = -1
    if numbered != -1:
        pieces.append((numbered, found[-1][1]))
    return pieces


_AFTER_PARENTHESIS = re.compile(r"[.!?]\)\s+(?=[A-Z\"\u201c])")


def _after_parentheses(flat: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence in parentheses ends its piece: "(Don't include the brackets!) The text ..."."""
    if flat.find(")", start, end) == -1:
        return [(start, end)]
    pieces = []
    for match in _AFTER_PARENTHESIS.finditer(flat, start, end):
        pieces.append((start, match.start() + 2))
        start = match.end()
    pieces.append((start, end))
    return pieces
