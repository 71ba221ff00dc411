"""Text-fragment links: a URL that opens the original page at a quoted passage.

A browser that supports URL Fragment Text Directives (WICG,
https://wicg.github.io/scroll-to-text-fragment/) scrolls to and highlights the
passage named in the fragment ``#:~:text=[prefix-,]start[,end][,-suffix]``.
:func:`passage_link` builds that link for an anchored passage of a source with
a ``url``:

- the passage's words, its white space (line breaks included) folded to single
  spaces, as one ``start`` term when it is one line of at most 300 characters
  (the spec's advice), else as ``start,end``: the first words of its first
  line and the last words of its last line (a single term cannot cross a block
  of the page, and a line break of the source may be one);
- a ``prefix-`` and ``-suffix`` (whole words just before and after the
  passage, from its own line, or from the line before or after when it starts
  or ends its line: a term never crosses a line) only when the terms alone
  would select an earlier place of the source text: the search a browser makes
  (case- and accent-blind, at word boundaries) is replayed on the source text
  as argmap reads it;
- each term percent-encoded as UTF-8, keeping only letters, digits and
  ``._~!$:;=?@/+`` as they are: ``-``, ``&`` and ``,`` (the directive's own
  syntax), ``%``, spaces, quotes, brackets and every non-ASCII character are
  encoded, so the link is safe to put in HTML, JSON and Markdown.

Only an ``http:`` or ``https:`` URL with a host becomes a link
(:func:`safe_url`): ``javascript:``, ``data:``, ``file:`` and anything with
white space or control characters never do. The link is the URL (its own
fragment kept, any earlier text directive dropped) and the encoded passage,
nothing else.

The page the URL names may differ from argmap's copy of the source (an HTML
article, a plain-text copy of it): the link is a help to find the passage
there, and a browser that finds no match simply opens the page.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote_to_bytes, urlsplit

from ..anchoring import FoldedText, fold

#: The specification the fragment follows (the `conformsTo` of a Web Annotation FragmentSelector).
SPEC = "https://wicg.github.io/scroll-to-text-fragment/"
#: Passages up to this many characters (after folding white space) are given whole.
EXACT_LIMIT = 300
#: Words of the `start` and `end` terms of a range.
RANGE_WORDS = 5
#: Words of context tried, one after the other, when the terms alone are ambiguous.
CONTEXT_WORDS = (3, 6, 12)
#: URLs longer than this are not made into links.
MAX_URL = 8192

_KEPT = string.ascii_letters + string.digits + "._~!$:;=?@/+"
#: A run of characters that a term percent-encodes.
_ENCODED = re.compile(f"[^{re.escape(_KEPT)}]+")
_UNSAFE_IN_URL = frozenset('"<>\\`')
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


class TextDirective(NamedTuple):
    """The parts of a text directive, decoded; None where absent."""

    prefix: str | None
    start: str
    end: str | None
    suffix: str | None


def safe_url(url: object) -> str | None:
    """The URL when it may become a link (http or https, with a host, nothing odd in it), else None."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        return None
    if not url.isprintable() or " " in url or any(c in _UNSAFE_IN_URL for c in url):
        return None
    scheme, _, rest = url.partition(":")
    if scheme.lower() not in ("http", "https") or not rest.startswith("//"):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return url if host else None


def _percent(found: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in found.group().encode("utf-8", "replace"))


def encode_term(term: str) -> str:
    """A term of a text directive, percent-encoded."""
    return _ENCODED.sub(_percent, term)


def decode_term(term: str) -> str:
    """A percent-encoded term, decoded as the spec does (percent-decode, then UTF-8)."""
    return unquote_to_bytes(term).decode("utf-8", "replace")


def parse_text_directive(value: str) -> TextDirective | None:
    """The parts of a directive's value (what follows ``text=``), as the spec parses them; None if invalid."""
    tokens = value.split(",")
    if not 1 <= len(tokens) <= 4:
        return None
    prefix = suffix = end = None
    if tokens[0].endswith("-"):
        prefix = tokens.pop(0)[:-1]
        if not prefix or "-" in prefix or not tokens:
            return None
    if tokens[-1].startswith("-"):
        suffix = tokens.pop()[1:]
        if not suffix or "-" in suffix or not tokens:
            return None
    if len(tokens) > 2:
        return None
    start = tokens[0]
    if not start or "-" in start:
        return None
    if len(tokens) == 2:
        end = tokens[1]
        if not end or "-" in end:
            return None

    def decoded(term: str | None) -> str | None:
        return None if term is None else decode_term(term)

    return TextDirective(decoded(prefix), decode_term(start), decoded(end), decoded(suffix))


def passage_link(url: object, text: str, start: int, end: int) -> str | None:
    """The text-fragment link of ``text[start:end]`` on the page at ``url``; None when the
    URL may not be linked or the passage has no words."""
    base = safe_url(url)
    if base is None:
        return None
    directive = text_directive(text, start, end)
    if directive is None:
        return None
    head, _, fragment = base.partition("#")
    return f"{head}#{fragment.split(':~:', 1)[0]}:~:{directive}"


def fragment_of(link: str) -> str:
    """The fragment of a link (what follows its first ``#``)."""
    return link.partition("#")[2]


def text_directive(text: str, start: int, end: int) -> str | None:
    """``text=...`` naming ``text[start:end]``; None when the passage is only white space."""
    passage = text[start:end]
    lines = [" ".join(line.split()) for line in _LINE_BREAKS.split(passage)]
    lines = [line for line in lines if line]
    if not lines:
        return None
    # The passage without the white space around it: what the terms must select.
    first = start + (len(passage) - len(passage.lstrip()))
    last = end - (len(passage) - len(passage.rstrip()))
    whole = " ".join(lines)
    words = whole.split(" ")
    if len(lines) == 1 and (len(whole) <= EXACT_LIMIT or len(words) <= 2 * RANGE_WORDS):
        terms = [(whole, None)]
    else:
        # A range: the first words, and the last words (more of them if fewer do not find the end).
        head = words[:RANGE_WORDS] if len(lines) == 1 else lines[0].split(" ")[:RANGE_WORDS]
        tail = words[RANGE_WORDS:] if len(lines) == 1 else lines[-1].split(" ")
        terms = list(dict.fromkeys((" ".join(head), " ".join(tail[-count:])) for count in (RANGE_WORDS, 2 * RANGE_WORDS, 4 * RANGE_WORDS, len(tail))))

    search = _search(text)
    before = _line_words(text[max(0, first - 2000) : first], from_end=True)
    after = _line_words(text[last : last + 2000], from_end=False)
    # Terms alone if any select the passage (longer ends first tried alone), else terms with context.
    tries = [(terms_, False) for terms_ in terms] + [(terms_, True) for terms_ in terms]
    for (start_term, end_term), with_context in tries:
        context = _context(search, start_term, end_term, before, after, (first, last), with_context)
        if context is not None:
            prefix, suffix = context
            break
    else:
        # Nothing tried selects the passage in argmap's text: the most context, which a browser may still place.
        (start_term, end_term), count = terms[0], CONTEXT_WORDS[-1]
        prefix, suffix = " ".join(before[-count:]) or None, " ".join(after[:count]) or None
    parts = [encode_term(start_term)]
    if end_term is not None:
        parts.append(encode_term(end_term))
    if prefix:
        parts.insert(0, encode_term(prefix) + "-")
    if suffix:
        parts.append("-" + encode_term(suffix))
    return "text=" + ",".join(parts)


def _context(search: _Search, start: str, end: str | None, before: list[str], after: list[str], span: tuple[int, int], with_context: bool) -> tuple[str | None, str | None] | None:
    """The prefix and suffix (None when not needed) that make the terms select ``span``; None if none do.
    Without ``with_context``, only whether the terms alone do."""
    if not with_context:
        return (None, None) if _selects(search, None, start, end, None) == span else None
    for count in CONTEXT_WORDS:
        prefix = " ".join(before[-count:]) or None
        if prefix and _selects(search, prefix, start, end, None) == span:
            return prefix, None
        suffix = " ".join(after[:count]) or None
        if suffix and _selects(search, prefix, start, end, suffix) == span:
            return prefix, suffix
    return None


def _line_words(text: str, from_end: bool) -> list[str]:
    """The words next to the passage for a context term, which must stand in one line (one
    block of the page): those of its own line (the end of ``text`` before it, the start of
    ``text`` after it), or when it starts (ends) its line, those of the nearest line with words."""
    lines = _LINE_BREAKS.split(text)
    for line in reversed(lines) if from_end else lines:
        if line.strip():
            return line.split()
    return []


# --- replaying a browser's search on the source text -------------------------------------------


def _base_char(char: str) -> str:
    """A character in lower case without its accents, when that is one character (so offsets stay put)."""
    lower = char.lower()
    if len(lower) != 1:
        return char
    decomposed = unicodedata.normalize("NFD", lower)
    if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
        return decomposed[0]
    return lower


class _Search:
    """A source text as a browser's search sees it: case and accents taken off character for
    character, then folded as argmap folds quotes (runs of white space one space, curly quotes
    and dashes plain). Folding more than a browser does only finds more matches, so a passage
    found first here is found first by the browser too. Terms are found with ``str.find``."""

    def __init__(self, text: str) -> None:
        table: dict[int, str | int] = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
        if not text.isascii():
            for char in set(text):
                if not char.isascii() and _base_char(char) != char:
                    table[ord(char)] = _base_char(char)
        self.table = table
        self.folded = FoldedText(text.translate(table))
        self.text = self.folded.text

    def term(self, words: str) -> str:
        """A term as the search text has it."""
        plain = words.translate(self.table)
        if plain.isascii() and "`" not in plain and "  " not in plain:
            return plain.strip()  # nothing to fold: the usual case
        return fold(plain)[0].strip()

    def _word_at(self, index: int) -> bool:
        return 0 <= index < len(self.text) and (self.text[index].isalnum() or self.text[index] == "_")

    def find(self, term: str, position: int, bounded_start: bool, bounded_end: bool) -> int:
        """The first place of ``term`` from ``position`` on, at word boundaries where asked; -1 if none."""
        while True:
            found = self.text.find(term, position)
            if found < 0:
                return -1
            if not (bounded_start and self._word_at(found - 1)) and not (bounded_end and self._word_at(found + len(term))):
                return found
            position = found + 1

    def starts(self, term: str, index: int, bounded_end: bool) -> bool:
        """Whether ``term`` stands at ``index`` (after one space, if there is one), ending at a word boundary where asked."""
        if self.text.startswith(" ", index):
            index += 1
        return self.text.startswith(term, index) and not (bounded_end and self._word_at(index + len(term)))

    def skip_space(self, index: int) -> int:
        return index + 1 if self.text.startswith(" ", index) else index

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source text that ``text[start:end]`` stands for."""
        return self.folded.original(start), self.folded.original_end(end)


@lru_cache(maxsize=8)
def _search(text: str) -> _Search:
    """The search of the last few sources (a source's passages are linked one after the other)."""
    return _Search(text)


def _selects(search: _Search, prefix: str | None, start: str, end: str | None, suffix: str | None) -> tuple[int, int] | None:
    """Where a browser would find the directive in the source text: (start, end) offsets, or None.

    Follows the spec's search: the first prefix followed (after white space) by
    the start term; the first end term after it; the suffix right after (after
    white space). Terms start and end at word boundaries where the spec asks."""
    start_term = search.term(start)
    prefix_term = search.term(prefix) if prefix else None
    end_term = search.term(end) if end else None
    suffix_term = search.term(suffix) if suffix else None
    if not start_term or (prefix and not prefix_term) or (end and not end_term) or (suffix and not suffix_term):
        return None
    end_bounded = end_term is not None or suffix_term is None
    text = search.text
    position = 0
    while position <= len(text):
        if prefix_term is not None:
            found_prefix = search.find(prefix_term, position, True, False)
            if found_prefix < 0:
                return None
            position = found_prefix + 1
            match_start = search.skip_space(found_prefix + len(prefix_term))
            if not search.starts(start_term, match_start, end_bounded):
                continue
        else:
            match_start = search.find(start_term, position, True, end_bounded)
            if match_start < 0:
                return None
            position = match_start + 1
        match_end = match_start + len(start_term)
        range_from = match_end
        while True:
            if end_term is not None:
                found_end = search.find(end_term, range_from, True, suffix_term is None)
                if found_end < 0:
                    return None
                match_end = found_end + len(end_term)
            if suffix_term is None or search.starts(suffix_term, match_end, True):
                return search.original(match_start, match_end)
            if end_term is None:
                break
            range_from = match_end
    return None
