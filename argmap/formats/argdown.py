"""Argdown: read ``.argdown`` text into a map, and write a map as Argdown text.

Reading parses the Argdown text itself, in Python: importing needs no Node.js
and no Argdown installation. The reader follows the Argdown language as the
Argdown parser (``@argdown/core`` 1.x) defines it: its tokens and their
context rules (indentation, relations at the start of a line, inference lines,
comments, YAML data and front matter), its grammar, and the model it builds
(equivalence classes of statements, arguments and their premise-conclusion
structures, relations, with the same transformations: the outgoing relations
of a reconstructed argument are those of its conclusion, an undercut of it
bears on its last inference, redundant attacks on arguments are dropped, and
``model: {mode: strict}`` in the front matter makes attacks between statements
contrary). So a file imports with the statements and relations that
``argdown json`` reports for it. Syntax errors are problems (AM701) with their
line and column; a paragraph with an error is left out and the rest is read.

How the model becomes a map (docs/interop.md has the full table):

- a statement (all statements of one title) → a claim; its first wording (the
  tags that end it taken out), its ``#tags``, its section (the heading above it) as ``group``;
  data ``{quote: …, source: …, kind: …}`` after it gives the node's quote,
  source and kind (and any other field of a node). Argdown has no source text,
  so a node without a quote is ``implicit: true``;
- an argument without premise-conclusion structure → a claim tagged
  ``argument``, its description as text (Argdown draws such an argument as a
  node of the map, with relations of its own);
- a premise-conclusion structure → one inference per conclusion: several
  premises become an argument under ``arguments:`` (linked premises; the
  Argdown argument's title is its id, its description its text, its inference
  rules its ``scheme``), one premise a plain support;
- ``+``/``<+``/``+>`` → supports, ``-``/``<-``/``->`` → attacks,
  ``_>``/``<_`` → undercuts; contradiction ``><`` (and the contrary relations
  of strict mode) → two attacks, one each way, reported (AM702).

Whatever has no place in a map (comments, links, emphasis, inference rules of
single-premise inferences, settings in the front matter, other data) is
reported as AM702 with its line and column and kept in the nearest node's
``note`` or the map's ``description``.

Writing produces Argdown that Argdown parses back with the same statements
and relations: one statement per node, ``[id]: text #(tag) {data}``, with
the node's fields that Argdown has no syntax for as data; its relations
beneath it; each argument as ``<id>: text`` with its premise-conclusion
structure. See :func:`write` for how attacks and undercuts by arguments, and
undercuts of a node's own relation, are written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..definition import MAX_ID, SLUG_PATTERN
from ..problems import Problem
from . import Imported, Input
from .mapdata import MapData, dangling, lost, slug, unreadable

if TYPE_CHECKING:
    from ..loader import LoadedMap

# =================================================================================================
# Tokens
# =================================================================================================

#: Argdown's shortcodes (``.^.``, ``:heart:``): the text each stands for.
SHORTCODES: dict[str, str] = {}
for _names, _char in (
    ("A", "∀"), ("E", "∃"), ("O", "𝗢"), ("P", "𝗣"), ("->", "→"), ("<->", "↔"), ("~", "¬"), ("^", "∧"),
    ("v", "∨"), ("v_", "⊻"), ("<>", "◇"), ("[]", "◻"), ("happy", "😀"), ("smiley", "☺"), ("laugh", "😆"),
    ("lol", "😆"), ("rofl", "🤣"), ("joy", "😂"), ("heart", "❤"), ("?", "❓"), ("question", "❓"), ("love", "😍"),
    ("wink", "😉"), ("shush", "🤫"), ("meh", "😐"), ("eye-roll", "🙄"), ("sad", "😢"), ("disappointed", "😞"),
    ("scream", "😱"), ("+1", "👍"), ("up", "👍"), ("-1", "👎"), ("down", "👎"), ("think", "🤔"), ("star", "⭐"),
    ("y", "✔"), ("agree", "✔"), ("n", "❌"), ("disagree", "❌"),
):
    SHORTCODES[f".{_names}."] = SHORTCODES[f":{_names}:"] = _char
SHORTCODES[":smile:"], SHORTCODES[".smile."] = "☺️", "☺"

# JavaScript's "." matches anything but these line terminators.
_DOT = r"[^\n\r\u2028\u2029]"
_ANY = r"[^\u2028\u2029]"  # (?:.|\n|\r) in JavaScript

_COMMENT = rf"(?:<!--{_ANY}*?-->)|(?:/\*{_ANY}*?\*/)|(?://{_DOT}*?(?=\r\n|\n|\r))"
_RE = {
    "comment": re.compile(_COMMENT),
    "comment_lines": re.compile(rf"(?:{_COMMENT})(?:[ \t]*\r\n|\n|\r)*"),
    "comment_line": re.compile(rf"(?:{_COMMENT})(?:[ \t]*(?:\r\n|\n|\r)(?![ \t]*(?:\r\n|\n|\r)))?"),
    "frontmatter": re.compile(r"===+[\s\S]*?===+"),
    "data": re.compile(rf"\{{(?:(?!\}}\s[^,}}])(?:{_DOT}|\n))*\}}(?!\s*(?:,|\}}))"),
    "escaped": re.compile(rf"\\{_DOT}(?: )*"),
    "special": re.compile(r"(?:\.[^\s]+?\.[ \t]?)|(?::[^\s]+?:[ \t]?)"),
    "emptyline": re.compile(r"(?:[ \t]*(?:\r\n|\n)){2,}"),
    "newline": re.compile(r"[ \t]*(?:\r\n|\n|\r)"),
    "inference_start": re.compile(r"[' \t]*-{2}"),
    "inference_end": re.compile(r"-{2,}"),
    "list_delimiter": re.compile(r","),
    "heading": re.compile(r"(#+)(?: )"),
    "statement_number": re.compile(r"[' \t]*\([0-9]+\)"),
    "ordered_item": re.compile(r"([' \t]*)[0-9]+\.(?=\s)"),
    "unordered_item": re.compile(r"([' \t]*)\*(?=\s)"),
    "link": re.compile(r"\[[^\]]+?\]\([^)]+?\)[ \t]?"),
    "tag": re.compile(r"#(?:\([^)]+\)|[a-zA-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+)[ \t]?"),
    "statement_definition": re.compile(rf"\[{_DOT}+?\]:"),
    "statement_reference": re.compile(rf"\[[^-\n\r\u2028\u2029]{_DOT}*?\]"),
    "statement_mention": re.compile(rf"@\[{_DOT}+?\][ \t]?"),
    "argument_definition": re.compile(rf"<{_DOT}+?>:"),
    "argument_reference": re.compile(rf"<[^-\n\r\u2028\u2029]{_DOT}*?>"),
    "argument_mention": re.compile(rf"@<{_DOT}+?>[ \t]?"),
    "spaces": re.compile(r"[ \t]+"),
    "freestyle": re.compile(r"[^\\@#*_\[\],.:;</>\-\r\n(){}]+"),
    "control": re.compile(r"[@#*_\[\],.:;</>\-(){}][ \t]?"),
}
_DIGITS = frozenset("0123456789")
#: The characters each token may start with (a token not listed may start with any).
_FIRST = {
    "frontmatter": "=", "data": "{", "escaped": "\\", "special": ".:", "newline": " \t\r\n", "inference_end": "-",
    "list_delimiter": ",", "spaces": " \t", "link": "[", "tag": "#", "statement_definition": "[", "statement_reference": "[",
    "statement_mention": "@", "argument_definition": "<", "argument_reference": "<", "argument_mention": "@",
}
#: The characters a token that only starts a line may start with.
_LINE_START_FIRST = frozenset("' \t+-<>_#(*0123456789")
#: The characters a token other than plain text may start with.
_SYNTAX_FIRST = frozenset("\\@#*_[],.:;</>-\r\n(){}=+' \t")
_RELATION_TOKENS = (
    ("incoming_support", re.compile(r"([' \t]*)(\+>)")),
    ("incoming_attack", re.compile(r"([' \t]*)(->)")),
    ("outgoing_support", re.compile(r"([' \t]*)(<?\+)")),
    ("outgoing_attack", re.compile(r"([' \t]*)(<?-)")),
    ("contradiction", re.compile(r"([' \t]*)(><)")),
    ("incoming_undercut", re.compile(r"([' \t]*)(_>)")),
    ("outgoing_undercut", re.compile(r"([' \t]*)(<_|_(?=\s))")),
)
_EMPHASIS_ENDS = (
    ("asterisk_bold", re.compile(r"\*\*(?:[ \t]|(?=\n|\r|\)|\}|_|\.|,|!|\?|;|:|-|\*|\Z))")),
    ("underscore_bold", re.compile(r"__(?:[ \t]|(?=\n|\r|\)|\}|_|\.|,|!|\?|;|:|-|\*|\Z))")),
    ("asterisk_italic", re.compile(r"\*(?:[ \t]|(?=\n|\r|\)|\}|_|\.|,|!|\?|;|:|-|\*|\Z))")),
    ("underscore_italic", re.compile(r"_(?:[ \t]|(?=\n|\r|\)|\}|_|\.|,|!|\?|;|:|-|\*|\Z))")),
)
_EMPHASIS_STARTS = (
    ("asterisk_bold", re.compile(r"\*\*(?!\s)")),
    ("underscore_bold", re.compile(r"__(?!\s)")),
    ("asterisk_italic", re.compile(r"\*(?!\s)")),
    ("underscore_italic", re.compile(r"_(?!\s)")),
)


@dataclass
class Token:
    type: str
    image: str
    start: int
    line: int = 0
    column: int = 0

    @property
    def end(self) -> int:
        return self.start + len(self.image)


class LexError(Exception):
    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


class _Lexer:
    """Argdown's tokens, with their context rules: a relation, a heading, a statement number
    or an inference line only starts a line; indentation before relations and list items
    gives indent and dedent tokens; comments are skipped."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[Token] = []
        self.comments: list[Token] = []
        self.indents = [0]
        self.ranges: list[str] = []
        self.inference_mode = False
        self.last_skipped_end = -1

    # --- context ---------------------------------------------------------------------------

    def _last(self) -> str | None:
        return self.tokens[-1].type if self.tokens else None

    def _line_start(self, after_emptyline: bool = True) -> bool:
        last = self._last()
        return last is None or last == "newline" or (after_emptyline and last == "emptyline")

    def _dedent_all(self, at: int) -> None:
        while len(self.indents) > 1:
            self.tokens.append(Token("dedent", "", at))
            self.indents.pop()

    def _indent_to(self, width: int, at: int) -> None:
        if width > self.indents[-1]:
            self.indents.append(width)
            self.tokens.append(Token("indent", "", at))
            return
        while len(self.indents) > 1 and width < self.indents[-1]:
            self.indents.pop()
            self.tokens.append(Token("dedent", "", at))

    # --- one token --------------------------------------------------------------------------

    def _match(self, pos: int) -> tuple[str, re.Match[str]] | None:  # noqa: C901 - one rule per token, in Argdown's order
        text, r = self.text, _RE
        last = self._last()
        char = text[pos]
        # Plain text: no other token starts with a character that is not one of Argdown's
        # (a digit may start a list item, and "'" indentation, at the start of a line).
        if char not in _SYNTAX_FIRST and (last not in (None, "newline", "emptyline") or char not in _DIGITS):
            m = r["freestyle"].match(text, pos)
            if m:
                return "freestyle", m
        if char in "</":
            if last == "emptyline":
                m = r["comment_lines"].match(text, pos)
            elif last == "newline":
                m = r["comment_line"].match(text, pos)
            else:
                m = r["comment"].match(text, pos)
            if m:
                return "comment", m
        if self.inference_mode:
            for name in ("newline", "escaped", "special", "inference_end", "data", "list_delimiter", "spaces", "freestyle", "control"):
                if char in _FIRST.get(name, char):
                    m = r[name].match(text, pos)
                    if m:
                        return name, m
            return None
        for name in ("frontmatter", "data", "escaped", "special"):
            if char in _FIRST[name]:
                m = r[name].match(text, pos)
                if m:
                    return name, m
        if char in " \t\r\n":
            if last != "emptyline":
                m = r["emptyline"].match(text, pos)
                if m:
                    if m.end() < len(text):
                        self._dedent_all(pos)
                    return "emptyline", m
            m = r["newline"].match(text, pos)
            if m:
                return "newline", m
        at_line_start = last is None or last == "newline" or last == "emptyline"
        if at_line_start and char in _LINE_START_FIRST:
            if last != "emptyline" and char in "' \t-":
                m = r["inference_start"].match(text, pos)
                if m:
                    self._dedent_all(pos)
                    return "inference_start", m
            if char in "' \t+-<>_":
                for name, pattern in _RELATION_TOKENS:
                    m = pattern.match(text, pos)
                    if m:
                        self._indent_to(len(m.group(1)), pos)
                        return name, m
            if char == "#":
                m = r["heading"].match(text, pos)
                if m:
                    return "heading", m
            m = r["statement_number"].match(text, pos)
            if m:
                self._dedent_all(pos)
                return "statement_number", m
            for name in ("ordered_item", "unordered_item"):
                m = r[name].match(text, pos)
                if m:
                    self._indent_to(len(m.group(1)) + 1, pos)
                    return name, m
        if char in "*_":
            for name, pattern in _EMPHASIS_ENDS:
                if self.ranges and self.ranges[-1] == name and self.tokens and self.last_skipped_end <= self.tokens[-1].end:
                    m = pattern.match(text, pos)
                    if m:
                        self.ranges.pop()
                        return name + "_end", m
            for name, pattern in _EMPHASIS_STARTS:
                m = pattern.match(text, pos)
                if m:
                    self.ranges.append(name)
                    return name + "_start", m
        for name in ("link", "tag", "statement_definition", "statement_reference", "statement_mention",
                     "argument_definition", "argument_reference", "argument_mention", "spaces", "freestyle", "control"):
            if char in _FIRST.get(name, char):
                m = r[name].match(text, pos)
                if m:
                    return name, m
        return None

    def tokenize(self) -> list[Token]:
        pos, text = 0, self.text
        while pos < len(text):
            found = self._match(pos)
            if found is None:
                raise LexError(pos)
            name, m = found
            if m.end() == pos:  # no token is empty; guards against a loop on odd input
                raise LexError(pos)
            token = Token(name, m.group(0), pos)
            if name in ("comment", "spaces"):
                if name == "comment":
                    self.comments.append(token)
                self.last_skipped_end = m.end()
            else:
                if name == "inference_start":
                    self.inference_mode = True
                elif name == "inference_end":
                    self.inference_mode = False
                self.tokens.append(token)
            pos = m.end()
        if self.tokens and self.tokens[-1].type == "emptyline":
            self.tokens.pop()
        self._dedent_all(len(text))
        return self.tokens


# =================================================================================================
# Syntax tree
# =================================================================================================


@dataclass
class Content:
    """The text of a statement, an argument's description or a heading, as Argdown assembles it."""

    pieces: list[tuple[str, bool]] = field(default_factory=list)  # (text, is a tag)
    tags: list[str] = field(default_factory=list)
    links: list[tuple[str, str, Token]] = field(default_factory=list)

    def add(self, piece: str, tag: bool = False) -> None:
        self.pieces.append((piece, tag))

    @property
    def raw(self) -> str:
        return "".join(piece for piece, _tag in self.pieces)

    @property
    def text(self) -> str:
        """The text without the tags that end it (tags within a sentence stay, as words of it)."""
        end = len(self.pieces)
        while end and (self.pieces[end - 1][1] or not self.pieces[end - 1][0].strip()):
            end -= 1
        return "".join(piece for piece, _tag in self.pieces[:end])


@dataclass
class StatementNode:
    token: Token  # where it starts
    title: str | None = None
    reference: bool = False
    content: Content = field(default_factory=Content)
    has_text: bool = False
    data: Any = None
    data_token: Token | None = None
    relations: list[RelationNode] = field(default_factory=list)
    end: int = 0


@dataclass
class ArgumentNode:
    token: Token
    title: str
    reference: bool
    content: Content = field(default_factory=Content)
    has_text: bool = False
    data: Any = None
    data_token: Token | None = None
    relations: list[RelationNode] = field(default_factory=list)
    end: int = 0


@dataclass
class RelationNode:
    token: Token
    kind: str  # a relation token's type
    member: StatementNode | ArgumentNode


@dataclass
class InferenceNode:
    token: Token
    rules: list[str] = field(default_factory=list)
    data: Any = None
    data_token: Token | None = None
    relations: list[RelationNode] = field(default_factory=list)


@dataclass
class PCSNode:
    token: Token
    items: list[tuple[InferenceNode | None, StatementNode]] = field(default_factory=list)  # the inference before a conclusion


@dataclass
class HeadingNode:
    token: Token
    level: int
    content: Content = field(default_factory=Content)
    data: Any = None
    data_token: Token | None = None


@dataclass
class ListNode:
    token: Token
    items: list[StatementNode | ArgumentNode] = field(default_factory=list)


Block = StatementNode | ArgumentNode | PCSNode | HeadingNode | ListNode


class ParseError(Exception):
    def __init__(self, token: Token | None, message: str) -> None:
        super().__init__(message)
        self.token = token
        self.message = message


_TEXT_TOKENS = {"freestyle", "control", "escaped", "special"}
_CONTENT_TOKENS = _TEXT_TOKENS | {"link", "tag", "argument_mention", "statement_mention", "newline",
                                  "asterisk_bold_start", "underscore_bold_start", "asterisk_italic_start", "underscore_italic_start"}
_RELATION_KINDS = {name for name, _pattern in _RELATION_TOKENS}
_WORDS = {
    "emptyline": "an empty line", "newline": "a line break", "indent": "an indented line", "dedent": "the end of an indented block",
    "data": "data in braces", "frontmatter": "front matter", "statement_number": "a numbered statement",
    "inference_start": "an inference line (--)", "inference_end": "the end of an inference line",
}


def _describe(token: Token | None) -> str:
    if token is None:
        return "the end of the text"
    if token.image.strip():
        return repr(token.image.strip()[:30])
    return _WORDS.get(token.type, token.type.replace("_", " "))


class _Parser:
    """Argdown's grammar over the tokens, one paragraph (block) at a time."""

    def __init__(self, tokens: list[Token], yaml_data: Any) -> None:
        self.tokens = tokens
        self.types = [t.type for t in tokens]
        self.count = len(tokens)
        self.pos = 0
        self.load_data = yaml_data

    def peek(self, ahead: int = 0) -> Token | None:
        at = self.pos + ahead
        return self.tokens[at] if at < self.count else None

    def kind(self, ahead: int = 0) -> str | None:
        at = self.pos + ahead
        return self.types[at] if at < self.count else None

    def take(self, kind: str | None = None) -> Token:
        token = self.peek()
        if token is None or (kind is not None and token.type != kind):
            raise ParseError(token, f"expected {_WORDS.get(kind or '', (kind or 'more').replace('_', ' '))}, found {_describe(token)}")
        self.pos += 1
        return token

    def optional(self, kind: str) -> Token | None:
        return self.take() if self.kind() == kind else None

    # --- blocks -----------------------------------------------------------------------------

    def block(self) -> Block:
        kind = self.kind()
        if kind == "heading":
            return self.heading()
        if kind == "statement_number":
            return self.pcs()
        if kind in ("argument_definition", "argument_reference"):
            return self.argument()
        if kind == "indent" and self.kind(1) in ("ordered_item", "unordered_item"):
            return self.list_block(self.kind(1) or "")
        if kind in _CONTENT_TOKENS or kind in ("statement_reference", "statement_definition"):
            return self.statement()
        if kind in _RELATION_KINDS or (kind == "indent" and self.kind(1) in _RELATION_KINDS):
            raise ParseError(self.peek(), "a relation (+, -, <+, ->, _>...) must stand beneath a statement or an argument, indented, with no empty line between")
        raise ParseError(self.peek(), f"a paragraph cannot start with {_describe(self.peek())}")

    def heading(self) -> HeadingNode:
        start = self.take("heading")
        node = HeadingNode(start, len(start.image) - 1)
        self.content(node.content, required=True)
        if self.kind() == "data" or (self.kind() == "newline" and self.kind(1) == "data"):
            self.optional("newline")
            node.data_token = self.take("data")
            node.data = self.load_data(node.data_token)
            self.optional("newline")
        return node

    def list_block(self, item: str) -> ListNode:
        node = ListNode(self.take("indent"))
        while self.kind() == item:
            self.take(item)
            if self.kind() in ("argument_definition", "argument_reference"):
                node.items.append(self.argument())
            else:
                node.items.append(self.statement())
        if not node.items:
            raise ParseError(self.peek(), "expected a list item")
        self.take("dedent")
        return node

    def pcs(self) -> PCSNode:
        node = PCSNode(self.peek())  # type: ignore[arg-type]
        inference: InferenceNode | None = None
        self.take("statement_number")
        node.items.append((None, self.statement()))
        concluded = False
        while self.kind() in ("statement_number", "inference_start"):
            if self.kind() == "inference_start":
                inference = self.inference()
                if self.kind() != "statement_number":
                    raise ParseError(self.peek(), "an inference line must be followed by its numbered conclusion")
                self.take("statement_number")
                node.items.append((inference, self.statement()))
                concluded = True
            else:
                self.take("statement_number")
                node.items.append((None, self.statement()))
                concluded = False
        if not concluded:
            raise ParseError(self.peek(), "a premise-conclusion structure must end with an inference line (----) and its conclusion")
        return node

    def inference(self) -> InferenceNode:
        node = InferenceNode(self.take("inference_start"))
        if self.kind() in _TEXT_TOKENS or (self.kind() == "newline" and self.kind(1) in _TEXT_TOKENS):
            self.optional("newline")
            node.rules.append(self.freestyle(Content()))
            while self.kind() == "list_delimiter":
                self.take()
                node.rules.append(self.freestyle(Content()))
        self.optional("newline")
        if self.kind() == "data":
            node.data_token = self.take()
            node.data = self.load_data(node.data_token)
            self.optional("newline")
        self.take("inference_end")
        self.take("newline")
        if self.kind() == "indent":
            self.take()
            while self.kind() == "outgoing_undercut":
                node.relations.append(self.relation())
            if not node.relations:
                raise ParseError(self.peek(), "only undercuts (<_) may stand beneath an inference line")
            self.take("dedent")
        return node

    def argument(self) -> ArgumentNode:
        start = self.take()
        title = start.image[1:-2] if start.type == "argument_definition" else start.image[1:-1]
        node = ArgumentNode(start, title, start.type == "argument_reference")
        if start.type == "argument_definition":
            self.content(node.content, required=True)
            node.has_text = True
        else:
            while self.kind() == "tag":
                self.tag(node.content, self.take())
            self.optional("newline")
        self.data_and_relations(node)
        return node

    def statement(self) -> StatementNode:
        start = self.peek()
        node = StatementNode(start)  # type: ignore[arg-type]
        if self.kind() == "statement_reference":
            token = self.take()
            node.title, node.reference = token.image[1:-1], True
            while self.kind() == "tag":
                self.tag(node.content, self.take())
            self.optional("newline")
        else:
            if self.kind() == "statement_definition":
                node.title = self.take().image[1:-2]
            self.content(node.content, required=True)
            node.has_text = True
        self.data_and_relations(node)
        return node

    def data_and_relations(self, node: StatementNode | ArgumentNode) -> None:
        if self.kind() == "data":
            node.data_token = self.take()
            node.data = self.load_data(node.data_token)
            self.optional("newline")
        if self.kind() == "indent":
            self.take()
            while self.kind() in _RELATION_KINDS:
                node.relations.append(self.relation())
            if not node.relations:
                raise ParseError(self.peek(), f"expected a relation (+, -, <+, ->, ><, _>, <_), found {_describe(self.peek())}")
            self.take("dedent")
        last = self.tokens[self.pos - 1] if self.pos else None
        node.end = last.end if last else 0

    def relation(self) -> RelationNode:
        token = self.take()
        if self.kind() in ("argument_definition", "argument_reference"):
            if token.type == "contradiction":
                raise ParseError(self.peek(), "a contradiction (><) relates two statements, not an argument")
            return RelationNode(token, token.type, self.argument())
        if self.kind() in _CONTENT_TOKENS or self.kind() in ("statement_reference", "statement_definition"):
            return RelationNode(token, token.type, self.statement())
        raise ParseError(self.peek(), f"a relation must be followed by a statement or an argument, not {_describe(self.peek())}")

    # --- text -------------------------------------------------------------------------------

    def content(self, into: Content, required: bool) -> None:
        count = 0
        while self.kind() in _CONTENT_TOKENS:
            kind = self.kind()
            count += 1
            if kind in _TEXT_TOKENS:
                into.add(self.freestyle(Content()))
            elif kind == "link":
                token = self.take()
                m = re.match(r"\[(.+)\]\((.+)\)", token.image)
                label, url = (m.group(1), m.group(2)) if m else (token.image, "")
                into.add(label + (" " if token.image.endswith((" ", "\t")) else ""))
                into.links.append((label, url, token))
            elif kind == "tag":
                self.tag(into, self.take())
            elif kind in ("argument_mention", "statement_mention"):
                into.add(self.take().image)
            elif kind == "newline":
                self.take()
                if self.kind() in _CONTENT_TOKENS and not into.raw.endswith(" "):
                    into.add(" ")
            else:  # emphasis
                start = self.take()
                name = start.type[: -len("_start")]
                if self.kind() in _CONTENT_TOKENS:
                    self.content(into, required=False)
                end = self.take(name + "_end")
                if end.image.endswith((" ", "\t")):
                    into.add(" ")
        if required and not count:
            raise ParseError(self.peek(), f"expected text, found {_describe(self.peek())}")

    def freestyle(self, into: Content) -> str:
        text = ""
        if self.kind() not in _TEXT_TOKENS:
            raise ParseError(self.peek(), f"expected text, found {_describe(self.peek())}")
        while self.kind() in _TEXT_TOKENS:
            token = self.take()
            if token.type == "escaped":
                text += token.image[1:]
            elif token.type == "special":
                code = SHORTCODES.get(token.image.strip())
                text += (code + (" " if token.image.endswith(" ") else "")) if code else token.image
            else:
                text += token.image
        return text

    def tag(self, into: Content, token: Token) -> None:
        m = re.match(r"#(?:\(([^)]+)\)|(.+))", token.image.rstrip(" \t"))
        name = (m.group(1) or m.group(2)) if m else token.image
        into.add(token.image, tag=True)
        if name not in into.tags:
            into.tags.append(name)

    # --- the document -----------------------------------------------------------------------

    def document(self, problems: list[Problem], where: str, place: Any) -> tuple[Token | None, list[Block]]:
        """The front matter and every block that parses; each block with an error is skipped."""
        self.optional("newline")
        self.optional("emptyline")
        front = None
        if self.kind() == "frontmatter":
            front = self.take()
            self.optional("newline")
            if self.kind() != "emptyline" and self.peek() is not None:
                problems.append(unreadable(where, "the front matter must be followed by an empty line", *place(self.peek())))
            self.optional("emptyline")
        blocks: list[Block] = []
        while self.peek() is not None:
            start = self.pos
            try:
                block = self.block()
                if self.peek() is not None and self.kind() != "emptyline":
                    raise ParseError(self.peek(), f"unexpected {_describe(self.peek())}; a paragraph ends with an empty line")
                blocks.append(block)
            except ParseError as error:
                token = error.token or (self.tokens[-1] if self.tokens else None)
                line, column = place(token) if token else (0, 0)
                problems.append(unreadable(where, f"Argdown syntax error: {error.message}; the paragraph is left out", line, column))
                self.pos = max(self.pos, start + 1)
                while self.peek() is not None and self.kind() != "emptyline":
                    self.pos += 1
            self.optional("emptyline")
        return front, blocks


# =================================================================================================
# Argdown's model: statements (equivalence classes), arguments, relations
# =================================================================================================


@dataclass
class Section:
    title: str
    level: int
    token: Token
    parent: Section | None = None


@dataclass
class Member:
    """What a relation may run from or to: a statement, an argument or an inference."""

    key: Any
    relations: list[Rel] = field(init=False, default_factory=list)


@dataclass
class Statement(Member):
    title: str | None  # None: untitled
    order: int = 0
    members: list[tuple[StatementNode, str]] = field(default_factory=list)  # (node, role)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    section: Section | None = None
    taken_section: bool = False


@dataclass
class PCSItem:
    node: StatementNode
    statement: Statement
    inference: Inference | None  # set on conclusions


@dataclass
class Argument(Member):
    title: str | None
    order: int = 0
    members: list[ArgumentNode] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    section: Section | None = None
    taken_section: bool = False
    pcs: list[PCSItem] = field(default_factory=list)
    pcs_token: Token | None = None

    @property
    def reconstructed(self) -> bool:
        return bool(self.pcs)


@dataclass
class Inference(Member):
    node: InferenceNode
    argument: Argument
    index: int  # of its conclusion in the argument's pcs


@dataclass
class Rel:
    kind: str  # support, attack, undercut, contradictory; strict mode: entails, contrary
    source: Member
    target: Member
    token: Token


_DIRECTION = {  # relation token → (kind, the parent is the source)
    "incoming_support": ("support", True), "incoming_attack": ("attack", True),
    "outgoing_support": ("support", False), "outgoing_attack": ("attack", False),
    "contradiction": ("contradictory", True), "incoming_undercut": ("undercut", True),
    "outgoing_undercut": ("undercut", False),
}


def _merge(into: dict[str, Any], data: Any) -> None:
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        key = str(key)
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


class _Model:
    """Argdown's model of a document, built as the Argdown parser builds it."""

    def __init__(self, problems: list[Problem], where: str, place: Any) -> None:
        self.statements: dict[Any, Statement] = {}
        self.arguments: dict[Any, Argument] = {}
        self.relations: list[Rel] = []
        self.sections: list[Section] = []
        self.section: Section | None = None
        self.untitled = 0
        self.order = 0
        self.problems, self.where, self.place = problems, where, place
        self.first_section: Section | None = None

    def _next(self) -> int:
        self.order += 1
        return self.order

    def statement_of(self, title: str | None) -> Statement:
        if title is None:
            self.untitled += 1
            key: Any = ("untitled", self.untitled)
        else:
            key = title
        found = self.statements.get(key)
        if found is None:
            found = self.statements[key] = Statement(key, title, self._next())
        return found

    def argument_of(self, title: str | None) -> Argument:
        if title is None:
            self.untitled += 1
            key: Any = ("untitled", self.untitled)
        else:
            key = title
        found = self.arguments.get(key)
        if found is None:
            found = self.arguments[key] = Argument(key, title, self._next())
        return found

    # --- blocks -----------------------------------------------------------------------------

    def build(self, blocks: list[Block]) -> None:
        previous: Block | None = None
        for block in blocks:
            if isinstance(block, HeadingNode):
                self.heading(block)
            elif isinstance(block, StatementNode):
                self.statement(block, "top-level")
            elif isinstance(block, ArgumentNode):
                self.argument(block)
            elif isinstance(block, PCSNode):
                owner = self.arguments[previous.title] if isinstance(previous, ArgumentNode) else None
                self.pcs(block, owner)
            elif isinstance(block, ListNode):
                for item in block.items:
                    if isinstance(item, ArgumentNode):
                        self.argument(item)
                    else:
                        self.statement(item, "list-item")
            previous = block

    def heading(self, node: HeadingNode) -> None:
        title = " ".join(node.content.text.split())
        data = node.data if isinstance(node.data, dict) else ({} if node.data is None else {"data": node.data})
        for key, value in data.items():
            if key == "group" and isinstance(value, str) and value.strip():
                title = value  # argmap's own writing: the group's exact name
                continue
            why = "steers Argdown's map" if key in _ARGDOWN_DATA else "has no place in the map"
            line, column = self.place(node.data_token)
            self.problems.append(lost(self.where, f"the data {key}: {_show(value)} of the heading {title!r} {why}; it is left out", line, column))
        section = Section(title, node.level, node.token)
        parent = self.section
        while parent is not None and parent.level >= section.level:
            parent = parent.parent
        section.parent = parent
        self.sections.append(section)
        self.section = section
        if self.first_section is None:
            self.first_section = section

    def _takes_section(self, owner: Statement | Argument, data: Any, reference: bool) -> None:
        in_group = data.get("isInGroup") if isinstance(data, dict) else None
        if in_group is True or (not reference and in_group is None and not owner.taken_section):
            owner.section = self.section
            owner.taken_section = True

    def statement(self, node: StatementNode, role: str) -> Statement:
        owner = self.statement_of(node.title)
        for tag in node.content.tags:
            if tag not in owner.tags:
                owner.tags.append(tag)
        _merge(owner.data, node.data)
        owner.members.append((node, role))
        self._takes_section(owner, node.data, node.reference)
        for relation in node.relations:
            self.relation(relation, owner)
        return owner

    def argument(self, node: ArgumentNode) -> Argument:
        owner = self.argument_of(node.title)
        for tag in node.content.tags:
            if tag not in owner.tags:
                owner.tags.append(tag)
        _merge(owner.data, node.data)
        owner.members.append(node)
        self._takes_section(owner, node.data, node.reference)
        for relation in node.relations:
            self.relation(relation, owner)
        return owner

    def pcs(self, node: PCSNode, owner: Argument | None) -> None:
        if owner is None:
            owner = self.argument_of(None)
        if owner.pcs:
            line, column = self.place(node.token)
            self.problems.append(unreadable(self.where, f"a second premise-conclusion structure for <{owner.title}>; an argument has one; this one is left out", line, column))
            return
        if self.section is not None:
            owner.section = self.section
        owner.pcs_token = node.token
        for inference_node, statement_node in node.items:
            inference = None
            if inference_node is not None:
                inference = Inference(("inference", id(inference_node)), inference_node, owner, len(owner.pcs))
                for relation in inference_node.relations:
                    self.relation(relation, inference)
            role = "conclusion" if inference_node is not None else "premise"
            statement = self.statement(statement_node, role)
            owner.pcs.append(PCSItem(statement_node, statement, inference))

    def relation(self, node: RelationNode, parent: Member) -> None:
        child: Member = self.argument(node.member) if isinstance(node.member, ArgumentNode) else self.statement(node.member, "relation")
        kind, parent_is_source = _DIRECTION[node.kind]
        source, target = (parent, child) if parent_is_source else (child, parent)
        for existing in source.relations:
            same = existing.target is target and existing.kind == kind
            reverse = kind == "contradictory" == existing.kind and existing.source is target and existing.target is source
            if same or reverse:
                return
        relation = Rel(kind, source, target, node.token)
        self.relations.append(relation)
        source.relations.append(relation)
        if target is not source:
            target.relations.append(relation)

    # --- Argdown's transformations ----------------------------------------------------------

    def transform(self, strict: bool) -> None:
        self._argument_relations()
        if strict:
            self._strict_statement_relations()
        self._redundant_attacks_on_arguments()

    @staticmethod
    def _detach(relation: Rel, member: Member) -> None:
        if relation in member.relations:
            member.relations.remove(relation)

    def _argument_relations(self) -> None:
        kept = []
        for relation in self.relations:
            keep = True
            source = relation.source
            if isinstance(source, Argument) and source.reconstructed:
                self._detach(relation, source)
                conclusion = source.pcs[-1].statement
                relation.source = conclusion
                exists = relation.target is conclusion or any(
                    r.source is conclusion and r.target is relation.target and r.kind == relation.kind for r in conclusion.relations)
                if exists:
                    self._detach(relation, relation.target)
                    keep = False
                else:
                    conclusion.relations.append(relation)
            target = relation.target
            if keep and isinstance(target, Argument) and target.reconstructed and relation.kind == "undercut":
                inference = target.pcs[-1].inference
                assert inference is not None
                self._detach(relation, target)
                relation.target = inference
                if any(r.source is relation.source and r.kind == relation.kind for r in inference.relations):
                    self._detach(relation, relation.source)
                    keep = False
                else:
                    inference.relations.append(relation)
            if keep:
                kept.append(relation)
        self.relations = kept

    def _strict_statement_relations(self) -> None:
        kept = []
        for relation in self.relations:
            if isinstance(relation.source, Statement) and isinstance(relation.target, Statement):
                if relation.kind == "support":
                    relation.kind = "entails"
                elif relation.kind == "attack":
                    pair = {id(relation.source), id(relation.target)}
                    if any(r.kind == "contrary" and {id(r.source), id(r.target)} == pair for r in relation.source.relations):
                        self._detach(relation, relation.source)
                        self._detach(relation, relation.target)
                        continue
                    relation.kind = "contrary"
            kept.append(relation)
        self.relations = kept

    def _redundant_attacks_on_arguments(self) -> None:
        kept = []
        for relation in self.relations:
            source, target = relation.source, relation.target
            if isinstance(source, Statement) and relation.kind == "attack" and isinstance(target, Argument) and target.reconstructed:
                premises = {id(item.statement) for item in target.pcs if item.inference is None}
                for other in source.relations:
                    end = other.target if other.source is source else other.source
                    if not isinstance(end, Statement) or id(end) not in premises:
                        continue
                    if (other.kind == "attack" and other.source is source) or other.kind in ("contradictory", "contrary"):
                        self._detach(relation, source)
                        self._detach(relation, target)
                        break
                else:
                    kept.append(relation)
                continue
            kept.append(relation)
        self.relations = kept


# =================================================================================================
# From Argdown's model to a map
# =================================================================================================

_ID = re.compile(SLUG_PATTERN)
#: Data keys that are fields of a node, of an argument, of a citation.
_NODE_DATA = ("text", "kind", "evidence", "thesis", "implicit", "quote", "source", "cites", "asserted_by", "expect", "note")
_ARGUMENT_DATA = ("id", "text", "scheme", "quote", "source", "cites", "expect", "note")
_CITE_DATA = ("quote", "source", "prefix", "suffix", "occurrence")
#: Data Argdown itself reads: it steers Argdown's map, not the argument.
_ARGDOWN_DATA = ("uses", "from", "isInMap", "isInGroup", "isGroup", "isClosed", "color", "fontColor", "images", "image")
_DESCRIPTIVE = ("author", "subTitle", "subtitle", "date", "abstract", "description")
_KIND_VALUES: dict[str, set[str]] = {}


def _kinds() -> dict[str, set[str]]:
    if not _KIND_VALUES:
        from ..kinds import ClaimKind, EvidenceKind, Label

        _KIND_VALUES["claim"] = {k.value for k in ClaimKind} | {k.value for k in EvidenceKind}
        _KIND_VALUES["evidence"] = {k.value for k in EvidenceKind}
        _KIND_VALUES["label"] = {k.value for k in Label}
    return _KIND_VALUES


def _valid_id(name: str, taken: set[str]) -> str:
    """``name`` itself when it is a valid id not yet taken, a slug of it otherwise; added to ``taken``."""
    if _ID.match(name) and len(name) <= MAX_ID and name not in taken:
        taken.add(name)
        return name
    return slug(name, taken, "statement")


def _clean(text: str) -> str:
    return " ".join(text.split())


def _show(value: Any) -> str:
    """A data value as a line of text, for a note."""
    import json

    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, TypeError, RecursionError):
        return str(value)


@dataclass
class _Step:
    """One inference of a premise-conclusion structure, and the relation it becomes."""

    argument: Argument
    inference: Inference
    premises: list[str]
    conclusion: Statement
    main: bool


@dataclass
class _Pending:
    """A relation of the map to be: its target may be a relation still to be named."""

    sources: list[str]
    kind: str
    token: Token
    target: str | None = None  # a node id, or a relation reference once resolved (undercuts)
    undercut: Member | None = None  # what an undercut bears on, until resolved
    argument: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    step: _Step | None = None
    origin: str = ""  # the Argdown relation, for messages
    fallback_node: str | None = None  # an undercut of a node that names no single relation: attack it

    @property
    def reference(self) -> str | None:
        if self.target is None:
            return None
        return self.argument or f"{self.sources[0]} {self.kind} {self.target}"


class _Mapper:
    def __init__(self, model: _Model, where: str, place: Any, problems: list[Problem], front: dict[str, Any], default_title: str) -> None:
        self.model, self.where, self.place, self.problems = model, where, place, problems
        self.front = front
        self.default_title = default_title
        self.node_of: dict[int, str] = {}  # id(Statement or Argument) → node id
        self.notes: dict[str, list[str]] = {}
        self.description: list[str] = []
        self.data = MapData("")
        self.dropped: set[int] = set()  # conclusions named after their argument (argmap's own writing)
        self.consumed: set[int] = set()  # relations those conclusions carried
        self.conventions: dict[int, Rel] = {}  # id(Argument) → the relation of its main inference

    front_token: Token | None = None

    def front_place(self, key: str) -> tuple[int, int]:
        """Where a key of the front matter stands."""
        token = self.front_token
        if token is None:
            return (1, 1)
        found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*:", token.image, re.MULTILINE)
        return self.place(token.start + (found.start() if found else 0))

    def problem(self, message: str, token: Token | None, hint: str | None = None) -> None:
        line, column = self.place(token) if token is not None else (0, 0)
        self.problems.append(lost(self.where, message, line, column, hint))

    def note(self, node_id: str | None, text: str) -> None:
        if node_id is None:
            self.description.append(text)
        else:
            self.notes.setdefault(node_id, []).append(text)

    # --- the map ----------------------------------------------------------------------------

    def run(self, comments: list[Token], text: str) -> dict[str, Any]:
        self.head()
        self.find_conventions()
        self.assign_ids()
        self.nodes()
        pendings = self.steps() + self.relations()
        self.resolve(pendings)
        self.emit(sorted(pendings, key=lambda p: p.token.start))  # in the order the text writes them
        self.comments(comments, text)
        for node_id, lines in self.notes.items():
            try:
                self.data.note(node_id, "\n".join(lines))
            except KeyError:
                self.description.extend(lines)
        described = [d for d in (self.data.data.get("description"), *self.description) if d]
        if described:
            self.data.data["description"] = "\n".join(described)
        return self.data.data

    def head(self) -> None:
        front, data = self.front, self.data.data
        title = front.get("title")
        if not isinstance(title, str) or not title.strip():
            first = self.model.first_section
            title = first.title if first is not None and first.title.strip() else self.default_title
        data["title"] = title
        own = front.get("argmap") if isinstance(front.get("argmap"), dict) else {}
        lines = []
        if isinstance(own.get("description"), str):
            lines.append(own["description"])
        for key in _DESCRIPTIVE:
            if key in front and key != "title":
                value = front[key]
                lines.append(value if key == "description" and isinstance(value, str) else f"{key}: {value if isinstance(value, str) else _show(value)}")
        if lines:
            data["description"] = "\n".join(lines)
        for key in front:
            if key in ("title", "argmap", *_DESCRIPTIVE):
                continue
            line, column = self.front_place(key)
            self.problems.append(lost(self.where, f"the front matter setting {key!r} steers Argdown's own output; it has no place in the map and is left out", line, column))
        for source_id, entry in (own.get("sources") or {}).items() if isinstance(own.get("sources"), dict) else ():
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                fields = {k: str(v) for k, v in entry.items() if k != "path" and v is not None}
                self.data.source(str(source_id), entry["path"], **fields)
        for agent_id, entry in (own.get("agents") or {}).items() if isinstance(own.get("agents"), dict) else ():
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                self.data.agent(str(agent_id), entry["name"], **{k: str(v) for k, v in entry.items() if k != "name" and v is not None})

    def find_conventions(self) -> None:
        """argmap writes the premises of an argument that attack or undercut as a premise-conclusion
        structure whose conclusion bears the argument's title and carries that one relation."""
        for argument in self.model.arguments.values():
            if not argument.reconstructed or argument.title is None:
                continue
            conclusion = argument.pcs[-1].statement
            if conclusion.title != argument.title or len(conclusion.members) != 1:
                continue
            outgoing = [r for r in conclusion.relations if r.source is conclusion]
            incoming = [r for r in conclusion.relations if r.target is conclusion]
            if len(outgoing) == 1 and not incoming and outgoing[0].kind in ("attack", "undercut", "contrary"):
                self.dropped.add(id(conclusion))
                self.consumed.add(id(outgoing[0]))
                self.conventions[id(argument)] = outgoing[0]

    def assign_ids(self) -> None:
        taken = self.data.node_ids
        members: list[Statement | Argument] = sorted(
            [s for s in self.model.statements.values() if id(s) not in self.dropped]
            + [a for a in self.model.arguments.values() if not a.reconstructed],
            key=lambda m: m.order)
        for member in members:
            if member.title is not None:
                self.node_of[id(member)] = _valid_id(member.title, taken)
        for argument in self.model.arguments.values():  # arguments share the namespace of nodes
            if argument.reconstructed and argument.title is not None:
                own = argument.data.get("id")  # argmap's writing: the id, when the title cannot be it
                name = own if isinstance(own, str) and _ID.match(own) and len(own) <= MAX_ID else argument.title
                self.node_of[id(argument)] = _valid_id(name, taken)
        for member in members:
            if member.title is None:
                self.node_of[id(member)] = slug(self.text_of(member)[0] or "statement", taken, "statement", longest=48)
        for argument in self.model.arguments.values():
            if argument.reconstructed and argument.title is None:
                conclusion = argument.pcs[-1].statement
                self.node_of[id(argument)] = slug("argument " + self.text_of(conclusion)[0], taken, "argument", longest=48)

    # --- nodes ------------------------------------------------------------------------------

    def text_of(self, member: Statement | Argument) -> tuple[str, list[tuple[str, Token]]]:
        """The text of a statement or argument, and its other wordings (with where they stand)."""
        nodes = [n for n, _role in member.members] if isinstance(member, Statement) else list(member.members)
        texts = [(_clean(n.content.text), n.token) for n in nodes if n.has_text and _clean(n.content.text)]
        if not texts:
            return "", []
        first = texts[0][0]
        others = [(t, token) for t, token in texts[1:] if t != first]
        return first, others

    def nodes(self) -> None:
        for member in sorted([*self.model.statements.values(), *self.model.arguments.values()], key=lambda m: m.order):
            if id(member) not in self.node_of or (isinstance(member, Argument) and member.reconstructed):
                continue
            self.node(member)

    def node(self, member: Statement | Argument) -> None:
        node_id = self.node_of[id(member)]
        nodes = [n for n, _role in member.members] if isinstance(member, Statement) else list(member.members)
        start = nodes[0].token if nodes else None
        text, others = self.text_of(member)
        data = dict(member.data)
        data_token = next((n.data_token for n in nodes if n.data_token is not None), start)
        fields = self.data_fields(data, _NODE_DATA, node_id, data_token)
        if isinstance(fields.get("text"), str) and fields["text"].strip():
            text = fields.pop("text")
        else:
            fields.pop("text", None)
            for other, token in others:
                self.problem(f"{self.label(member)} is written in other words too; the first wording is its text, the others are kept in its note", token)
                self.note(node_id, f"Also written as: {other}")
        if not text:
            text = member.title or "(untitled)"
        evidence = fields.pop("evidence", False) is True
        tags = [_valid_tag(t) for t in member.tags]
        if isinstance(member, Argument):
            tags.append("argument")
        tags = list(dict.fromkeys(t for t in tags if t))
        kind = fields.pop("kind", None)
        if kind is not None and kind not in _kinds()["evidence" if evidence else "claim"]:
            self.problem(f"{self.label(member)} has the kind {kind!r}, which is not a kind of {'evidence' if evidence else 'claim'}; kept in its note", start)
            self.note(node_id, f"kind: {kind}")
            kind = None
        thesis = fields.pop("thesis", None)
        if thesis is not None and evidence:
            self.problem(f"{self.label(member)} is evidence and cannot be a thesis; `thesis` is left out", start)
            thesis = None
        anchored = bool(fields.get("quote") or fields.get("cites"))
        implicit = fields.pop("implicit", None)
        if implicit is None:
            implicit = not anchored
        section = member.section
        group = section.title if section is not None and section.title else None
        for node in nodes:
            for label, url, link in node.content.links:
                self.problem(f"the link {label!r} to {url} in {self.label(member)}: the text is kept, the address in its note", link)
                self.note(node_id, f"Link: {label} <{url}>")
        note = fields.pop("note", None)
        if note:
            self.notes.setdefault(node_id, []).insert(0, note)
        self.data.node(
            node_id, text, evidence=evidence, kind=kind, quote=fields.pop("quote", None), source=fields.pop("source", None),
            cites=fields.pop("cites", None), tags=tags, implicit=True if implicit else None,
            asserted_by=fields.pop("asserted_by", None), group=group, expect=fields.pop("expect", None),
            thesis=True if thesis else None,
        )

    def label(self, member: Member) -> str:
        if isinstance(member, Statement):
            return f"statement [{member.title}]" if member.title is not None else "an untitled statement"
        if isinstance(member, Argument):
            return f"argument <{member.title}>" if member.title is not None else "an untitled argument"
        return "an inference"

    def data_fields(self, data: dict[str, Any], allowed: tuple[str, ...], owner: str | None, token: Token | None) -> dict[str, Any]:
        """The fields a statement's or argument's data gives; the rest is reported and kept in the note."""
        fields: dict[str, Any] = {}
        for key, value in data.items():
            checked = self.checked(key, value, token) if key in allowed else _UNSET
            if checked is _UNSET:
                if key in ("uses", "from"):
                    continue  # read with the inference
                why = "steers Argdown's map" if key in _ARGDOWN_DATA else "has no place in the map"
                self.problem(f"the data {key}: {_show(value)} {why}; kept in the note", token)
                self.note(owner, f"{key}: {_show(value)}")
                continue
            fields[key] = checked
        source = fields.get("source")
        if source is not None and source not in self.data.source_ids:
            if fields.get("quote") or fields.get("cites"):
                self.problems.append(dangling(self.where, f"the source {source!r} is not declared; it is declared with {source!r} as its path",
                                              *(self.place(token) if token else (0, 0)), "put the source file beside the map, or correct its path"))
                self.data.source(source, source)
            else:
                self.problem(f"the data source: {source!r} names no quoted source; kept in the note", token)
                self.note(owner, f"source: {source}")
                fields.pop("source")
        agent = fields.get("asserted_by")
        if agent is not None and agent not in self.data.agent_ids:
            self.problems.append(dangling(self.where, f"the agent {agent!r} is not declared; it is declared with that name",
                                          *(self.place(token) if token else (0, 0))))
            self.data.agent(agent, agent)
        return fields

    def checked(self, key: str, value: Any, token: Token | None) -> Any:
        """A data value in the type of its field; _UNSET when it has another type."""
        if key in ("text", "note", "scheme"):
            return value if isinstance(value, str) and value.strip() else _UNSET
        if key in ("kind",):
            return value if isinstance(value, str) else _UNSET
        if key in ("evidence", "thesis", "implicit"):
            return value if isinstance(value, bool) else _UNSET
        if key == "expect":
            return value if value in _kinds()["label"] else _UNSET
        if key == "quote":
            if isinstance(value, str) and value:
                return value
            if isinstance(value, list) and value and all(isinstance(q, str) and q for q in value):
                return value[0] if len(value) == 1 else list(value)
            return _UNSET
        if key in ("source", "asserted_by", "id"):
            if isinstance(value, str) and _ID.match(value):
                return value
            return _UNSET
        if key == "cites":
            if not isinstance(value, list) or not value:
                return _UNSET
            cites = []
            for cite in value:
                if not isinstance(cite, dict) or not isinstance(cite.get("quote"), str) or set(cite) - set(_CITE_DATA):
                    return _UNSET
                occurrence = cite.get("occurrence")
                if occurrence is not None and (not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1):
                    return _UNSET
                cites.append({k: cite[k] for k in _CITE_DATA if cite.get(k) is not None})
            return cites
        return _UNSET

    # --- inferences and relations -----------------------------------------------------------

    def steps(self) -> list[_Pending]:
        pendings = []
        for argument in sorted(self.model.arguments.values(), key=lambda a: a.order):
            if not argument.reconstructed:
                continue
            conclusions = [i for i, item in enumerate(argument.pcs) if item.inference is not None]
            for index in conclusions:
                step = self.step(argument, index, index == conclusions[-1])
                if step is not None:
                    pendings.append(step)
        return pendings

    def step(self, argument: Argument, index: int, main: bool) -> _Pending | None:
        item = argument.pcs[index]
        inference = item.inference
        assert inference is not None
        token = inference.node.token
        uses = None
        for data in (inference.node.data, item.node.data):
            if isinstance(data, dict) and isinstance(data.get("uses"), list):
                uses = data["uses"]
                break
        else:
            if isinstance(inference.node.data, dict) and isinstance(inference.node.data.get("from"), list):
                uses = inference.node.data["from"]
        premises: list[Statement] = []
        if uses is not None:
            if all(isinstance(u, int) and not isinstance(u, bool) and 1 <= u <= len(argument.pcs) for u in uses):
                premises = [argument.pcs[u - 1].statement for u in uses]
            else:
                self.problem(f"the inference of {self.label(argument)} uses {_show(uses)}, which are not statement numbers of it; it uses the statements above it", token)
                uses = None
        if uses is None:
            for earlier in reversed(argument.pcs[:index]):
                premises.insert(0, earlier.statement)
                if earlier.inference is not None:
                    break
        conclusion = item.statement
        premise_ids = []
        for premise in premises:
            if premise is conclusion:
                self.problem(f"in {self.label(argument)}, the conclusion is among its own premises; left out of them", token)
                continue
            premise_id = self.node_of.get(id(premise))
            if premise_id is None:  # a dropped conclusion used as premise: cannot happen for argmap's writing
                continue
            if premise_id not in premise_ids:
                premise_ids.append(premise_id)
        owner_id = self.node_of[id(argument)]
        rules = [r.strip() for r in inference.node.rules if r.strip()]
        fields: dict[str, Any] = {}
        description = ""
        if main:
            data_token = next((n.data_token for n in argument.members if n.data_token is not None), argument.members[0].token if argument.members else token)
            fields = self.data_fields(dict(argument.data), _ARGUMENT_DATA, owner_id, data_token)
            description, others = self.text_of(argument)
            description = fields.pop("text", None) or description
            fields.pop("id", None)
            for other, other_token in others:
                self.problem(f"{self.label(argument)} is described in other words too; the first is its text, the others are in its note", other_token)
                self.note(owner_id, f"Also described as: {other}")
            for node in argument.members:
                for label, url, link in node.content.links:
                    self.problem(f"the link {label!r} to {url} in {self.label(argument)}: the text is kept, the address in its note", link)
                    self.note(owner_id, f"Link: {label} <{url}>")
        extra = {k: v for k, v in (inference.node.data or {}).items() if k not in ("uses", "from")} if isinstance(inference.node.data, dict) else {}
        if inference.node.data is not None and not isinstance(inference.node.data, dict):
            extra = {"data": inference.node.data}
        if "scheme" not in fields and rules:
            fields["scheme"] = ", ".join(rules)
        kind, target_statement = "supports", conclusion
        convention = self.conventions.get(id(argument)) if main else None
        pending = _Pending(premise_ids, kind, token, step=_Step(argument, inference, premise_ids, conclusion, main), origin=f"the inference of {self.label(argument)}")
        if convention is not None:
            pending.kind = {"attack": "attacks", "contrary": "attacks", "undercut": "undercuts"}[convention.kind]
            if pending.kind == "undercuts":
                pending.undercut = convention.target
            else:
                pending.target = self.node_id(convention.target, convention.token)
        else:
            pending.target = self.node_of.get(id(target_statement))
        if len(premise_ids) >= 2:
            argument_id = owner_id if main else _valid_id(f"{owner_id}-step-{index + 1}", self.data.node_ids)
            pending.argument = argument_id
            if description:
                fields["text"] = description
            tags = [t for t in (_valid_tag(t) for t in argument.tags) if t] if main else []
            if tags:
                fields["tags"] = tags
            pending.fields = fields
            for key, value in extra.items():
                self.problem(f"the data {key}: {_show(value)} of an inference has no place in the map; kept in the argument's note", token)
                self.note(argument_id, f"{key}: {_show(value)}")
            return pending
        if not premise_ids:
            self.problem(f"the inference of {self.label(argument)} has no premise; it is left out", token)
            return None
        # One premise: a plain support (or attack, undercut) of the conclusion.
        kept = {k: v for k, v in fields.items()}
        if description:
            kept["text"] = description
        kept.update(extra)
        if argument.tags and main:
            kept["tags"] = argument.tags
        if kept:
            where = pending.target if convention is None else premise_ids[0]
            self.problem(f"{self.label(argument)} has one premise: it is a plain {pending.kind[:-1]} and its "
                         + ", ".join(sorted(kept)) + " go to a note", token)
            for key, value in kept.items():
                self.note(where, f"{self.label(argument)}: {key}: {value if isinstance(value, str) else _show(value)}")
        return pending

    def node_id(self, member: Member, token: Token | None) -> str | None:
        """The node a relation runs from or to: a statement's, an argument's (its conclusion's when reconstructed)."""
        if isinstance(member, Argument) and member.reconstructed:
            return self.node_of.get(id(member.pcs[-1].statement))
        return self.node_of.get(id(member))

    def relations(self) -> list[_Pending]:
        pendings: list[_Pending] = []
        for relation in self.model.relations:
            if id(relation) in self.consumed:
                continue
            source = self.node_id(relation.source, relation.token)
            words = f"{self.label(relation.source)} {relation.kind}s {self.label(relation.target)}"
            if source is None:
                self.problem(f"{words}: it has no source in the map and is left out", relation.token)
                continue
            target = relation.target
            if relation.kind in ("contradictory", "contrary"):
                other = self.node_id(target, relation.token)
                name = "contradicts" if relation.kind == "contradictory" else "is contrary to"
                self.problem(f"{self.label(relation.source)} {name} {self.label(target)}: a map has no such relation; it becomes two attacks, one each way",
                             relation.token)
                if other is not None:
                    pendings.append(_Pending([source], "attacks", relation.token, target=other, origin=words))
                    pendings.append(_Pending([other], "attacks", relation.token, target=source, origin=words))
                continue
            if relation.kind in ("support", "entails"):
                if isinstance(target, Argument) and target.reconstructed:
                    self.problem(f"{words}: Argdown leaves open which premise it supports; it becomes a support of the argument's conclusion", relation.token)
                pendings.append(_Pending([source], "supports", relation.token, target=self.node_id(target, relation.token), origin=words))
            elif relation.kind == "attack":
                if isinstance(target, Argument) and target.reconstructed:
                    self.problem(f"{words}: Argdown leaves open whether it denies a premise or the inference; it becomes an undercut of the argument's inference",
                                 relation.token)
                    pendings.append(_Pending([source], "undercuts", relation.token, undercut=target, origin=words))
                else:
                    pendings.append(_Pending([source], "attacks", relation.token, target=self.node_id(target, relation.token), origin=words))
            elif relation.kind == "undercut":
                pendings.append(_Pending([source], "undercuts", relation.token, undercut=target, origin=words))
        return pendings

    def resolve(self, pendings: list[_Pending]) -> None:
        """Name the relation each undercut bears on (an inference's, or a node's one relation)."""
        by_inference = {id(p.step.inference): p for p in pendings if p.step is not None}
        by_argument = {id(p.step.argument): p for p in pendings if p.step is not None and p.step.main}
        changed = True
        while changed:
            changed = False
            for pending in pendings:
                if pending.kind != "undercuts" or pending.target is not None or pending.undercut is None or pending.fallback_node:
                    continue
                member = pending.undercut
                named: _Pending | None = None
                if isinstance(member, Inference):
                    named = by_inference.get(id(member))
                elif isinstance(member, Argument) and member.reconstructed:
                    named = by_argument.get(id(member))
                else:
                    node = self.node_id(member, pending.token)
                    own = [p for p in pendings if p.sources == [node] and p.argument is None and p is not pending] if node else []
                    if len(own) == 1:
                        named = own[0]
                    elif node is not None:
                        pending.fallback_node = node
                        changed = True
                        continue
                if named is not None and named.reference is not None:
                    pending.target = named.reference
                    changed = True

    def emit(self, pendings: list[_Pending]) -> None:
        for pending in pendings:
            if pending.kind == "undercuts" and pending.target is None and pending.fallback_node:
                self.problem(f"{pending.origin}: an undercut bears on an inference, and {pending.fallback_node} draws none or several; it becomes an attack on it",
                             pending.token)
                pending.kind, pending.target = "attacks", pending.fallback_node
            if pending.target is None:
                self.problem(f"{pending.origin}: what it bears on has no place in the map; it is left out", pending.token)
                continue
            if pending.kind != "undercuts" and pending.target in pending.sources:
                self.problem(f"{pending.origin}: a node cannot {pending.kind[:-1]} itself; left out", pending.token)
                continue
            if pending.argument is not None:
                self.data.argument(pending.argument, pending.sources, pending.kind, pending.target, **pending.fields)
            else:
                self.data.relate(pending.sources[0], pending.kind, pending.target)

    def comments(self, comments: list[Token], text: str) -> None:
        spans: list[tuple[int, int, str]] = []
        for member in [*self.model.statements.values(), *self.model.arguments.values()]:
            node_id = self.node_of.get(id(member))
            if node_id is None or (isinstance(member, Argument) and member.reconstructed and node_id not in self.data.data.get("arguments", {})):
                continue
            nodes = [n for n, _role in member.members] if isinstance(member, Statement) else list(member.members)
            for node in nodes:
                spans.append((node.token.start, node.end, node_id))
        for comment in comments:
            inside = [s for s in spans if s[0] <= comment.start < s[1]]
            owner = max(inside, key=lambda s: s[0])[2] if inside else None
            body = _comment_text(comment.image)
            if not body:
                continue
            self.problem(f"a comment is kept in {'the note of ' + owner if owner else 'the map description'}", comment)
            self.note(owner, body)


_UNSET: Any = object()


def _valid_tag(tag: str) -> str:
    from ..definition import MAX_TAG

    if _ID.match(tag) and len(tag) <= MAX_TAG:
        return tag
    return slug(tag, set(), "tag", longest=MAX_TAG - 8)


def _comment_text(image: str) -> str:
    text = image.strip()
    if text.startswith("<!--"):
        text = text[4:].removesuffix("-->")
    elif text.startswith("/*"):
        text = text[2:].removesuffix("*/")
    elif text.startswith("//"):
        text = text[2:]
    lines = [line.strip().lstrip("*").strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


# =================================================================================================
# Reading
# =================================================================================================


class _Positions:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]

    def __call__(self, token: Token | int | None) -> tuple[int, int]:
        import bisect

        if token is None:
            return (0, 0)
        offset = token if isinstance(token, int) else token.start
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _yaml(text: str) -> Any:
    """YAML as Argdown reads its data; no aliases (they could expand without bound)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    def no_alias(loader: Any, *args: Any) -> Any:
        raise yaml.YAMLError("aliases are not allowed in Argdown data")

    _Loader.compose_node = (lambda original: lambda self, parent, index: (  # type: ignore[method-assign]
        no_alias(self) if self.check_event(yaml.AliasEvent) else original(self, parent, index)))(yaml.SafeLoader.compose_node)
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader


def read(inputs: list[Input]) -> Imported:
    """The map of one Argdown file."""
    problems: list[Problem] = []
    if not inputs:
        return Imported({}, problems=[unreadable("(no input)", "no Argdown file given")])
    source = inputs[0]
    for extra in inputs[1:]:
        problems.append(unreadable(extra.name, f"not imported: one Argdown file per map, and {source.name} is the one imported"))
    where = source.name
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(unreadable(where, f"not UTF-8 text: {exc.reason} at byte {exc.start}"))
        return Imported({}, problems=problems)
    try:
        return _read_text(text, where, problems)
    except RecursionError:
        problems.append(unreadable(where, "the Argdown text nests too deeply to be read"))
        return Imported({}, problems=problems)


def _read_text(text: str, where: str, problems: list[Problem]) -> Imported:
    import os

    place = _Positions(text)
    tokens, comments = _tokens(text, where, place, problems)

    def load_data(token: Token) -> Any:
        body = token.image
        block = re.match(r"\{[ \t]*(\n\r|\n)", body)
        if block:
            body = re.sub(r"\}\s*$", "", body[block.end():])
        try:
            return _yaml(body)
        except Exception as exc:  # noqa: BLE001 - YAML errors, deep nesting: the data is reported and left out
            line, column = place(token)
            problems.append(unreadable(where, f"the data {_short(token.image)} is not valid YAML ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); it is left out", line, column))
            return None

    parser = _Parser(tokens, load_data)
    front_token, blocks = parser.document(problems, where, place)
    if not blocks:
        if not any(p.code == "AM701" for p in problems):
            problems.append(unreadable(where, "no statement, argument or heading: an Argdown document has at least one", *place(len(text))))
        return Imported({}, {}, problems)
    front: dict[str, Any] = {}
    if front_token is not None:
        body = re.sub(r"={3,}\s*$", "", re.sub(r"^\s*={3,}", "", front_token.image))
        try:
            loaded = _yaml(body)
        except Exception as exc:  # noqa: BLE001
            loaded = None
            problems.append(unreadable(where, f"the front matter is not valid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", *place(front_token)))
        if isinstance(loaded, dict):
            front = {str(k): v for k, v in loaded.items()}
        elif loaded is not None:
            problems.append(unreadable(where, "the front matter is not a mapping of settings", *place(front_token)))
    model = _Model(problems, where, place)
    model.build(blocks)
    settings = front.get("model")
    strict = isinstance(settings, dict) and settings.get("mode") == "strict"
    model.transform(strict)
    emphasis = [t for t in tokens if t.type.endswith("_start") and ("bold" in t.type or "italic" in t.type)]
    if emphasis:
        problems.append(lost(where, f"bold and italic are not kept: a map's texts are plain ({len(emphasis)} place{'s' if len(emphasis) > 1 else ''}, the first here)",
                             *place(emphasis[0])))
    default_title = os.path.splitext(os.path.basename(where))[0] or "Argdown"
    mapper = _Mapper(model, where, place, problems, front, default_title)
    mapper.front_token = front_token
    data = mapper.run(comments, text)
    return Imported(data, {}, problems)


def _tokens(text: str, where: str, place: Any, problems: list[Problem]) -> tuple[list[Token], list[Token]]:
    """The tokens of the text; a character no token matches is reported and read as a space."""
    for _attempt in range(1000):
        lexer = _Lexer(text)
        try:
            tokens = lexer.tokenize()
        except LexError as error:
            line, column = place(error.offset)
            problems.append(unreadable(where, f"Argdown cannot read {text[error.offset]!r} here (a backslash must escape a character on its line); read as a space",
                                       line, column))
            text = text[: error.offset] + " " + text[error.offset + 1 :]
            continue
        for token in tokens:
            token.line, token.column = place(token)
        return tokens, lexer.comments
    return [], []


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# =================================================================================================
# Writing
# =================================================================================================

#: Characters that start Argdown syntax anywhere in a text: escaped with a backslash.
_ALWAYS_ESCAPED = set("\\[]<>#*_{}@")
#: A "." or ":" that would start a shortcode token (".^.", ":heart:", or any ".x." Argdown keeps as one piece).
_SPECIAL_START = re.compile(r"(?:\.[^ \t\n\r]+?\.)|(?::[^ \t\n\r]+?:)")
_RULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9']*(?: [A-Za-z0-9][A-Za-z0-9']*)*")


def escape_text(text: str) -> str:
    """``text`` as Argdown text on one line that Argdown reads back as the same words: every
    character that could start Argdown syntax is escaped; line breaks become spaces."""
    out = []
    length = len(text)
    for i, char in enumerate(text):
        if char in "\r\n\t\v\f\u2028\u2029\x85":
            out.append(" ")
        elif char in _ALWAYS_ESCAPED:
            out.append("\\" + char)
        elif char == "/" and i + 1 < length and text[i + 1] in "/*":
            out.append("\\/")
        elif char == "=" and text.startswith("===", i):
            out.append("\\=")
        elif char in ".:" and _SPECIAL_START.match(text, i):
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _reads_as(escaped: str) -> str | None:
    """The text argmap reads from ``[x]: escaped`` (None when it does not parse as one statement)."""
    try:
        tokens = _Lexer("[x]: " + escaped).tokenize()
        parser = _Parser(tokens, lambda token: None)
        node = parser.statement()
    except (LexError, ParseError, RecursionError):
        return None
    if parser.peek() is not None:
        return None
    return _clean(node.content.text)


def _yaml_string(text: str) -> str:
    """A YAML double-quoted string that Argdown's tokens keep whole: braces, '=', '>' and ']'
    (which could end a data block, the front matter, or a title that runs on into the data),
    line terminators and control characters are escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char in "{}=>]" or code < 0x20 or 0x7F <= code < 0xA0 or char in "\u2028\u2029\ufeff\ufffe\uffff" or 0xD800 <= code < 0xE000:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _flow(value: Any) -> str:
    """A value as YAML flow text (mappings, lists, strings, numbers, booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _yaml_string(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _yaml_string(str(value))


def _yaml_key(key: str) -> str:
    return key if re.fullmatch(r"[a-z_][a-z0-9_]*", key) else _yaml_string(key)


def _tags(tags: list[str]) -> str:
    return "".join(f" #({tag})" for tag in tags)


def _text_and_data(text: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The escaped text, and the data with the exact text added when Argdown would not keep it."""
    escaped = escape_text(text)
    if _reads_as(escaped) != text:
        data = {"text": text, **data}
    return escaped, data


def write(loaded: LoadedMap) -> Iterator[str]:
    """The map as Argdown.

    - Front matter: the map's ``title``; its description, sources and agents under ``argmap:``.
    - Each node: ``[id]: text #(tag) {data}``, the data holding every field Argdown has no
      syntax for (``kind``, ``quote``, ``source``, ``cites``, ``note``, ``thesis``, ``implicit``,
      ``asserted_by``, ``expect``; ``evidence: true`` for evidence), and the exact text when
      Argdown would read the escaped text otherwise. Nodes of a ``group`` stand under a heading.
    - Beneath each node its relations: ``+> [b]`` (supports), ``-> [b]`` (attacks),
      ``_> <r>`` (undercuts the relation written as the argument ``<r>``).
    - Each argument: ``<id>: text #(tag) {data}`` and its premise-conclusion structure,
      its scheme as the inference rule. An argument that attacks (undercuts) has for
      conclusion a statement titled with the argument's id that carries the attack
      (the undercut): ``(3) [id]: id attacks b`` with ``-> [b]`` beneath it.
    - A node's relation that is undercut is written as a one-premise argument titled with
      the relation's words, ``<a supports b>``, so that the undercut can name it.

    The output depends only on the map: the same map gives the same bytes.
    """
    from ..records import as_written

    records = loaded.records
    if records is None:
        raise ValueError(f"{loaded.display_path}: the map has format errors and cannot be exported")
    graph = loaded.graph
    relations = list(graph.complete)
    targeted = {r.target for r in relations if r.kind == "undercuts"}

    front: list[str] = ["===", f"title: {_yaml_string(records.title)}"]
    own: list[str] = []
    if records.description:
        own.append(f"  description: {_yaml_string(records.description)}")
    if records.sources:
        own.append("  sources:")
        own.extend(f"    {_yaml_string(sid)}: {_flow(as_written(source))}" for sid, source in records.sources.items())
    if records.agents:
        own.append("  agents:")
        own.extend(f"    {_yaml_string(aid)}: {_flow(as_written(agent))}" for aid, agent in records.agents.items())
    if own:
        front += ["argmap:", *own]
    front.append("===")
    yield "\n".join(front) + "\n"

    nodes = [(node_id, records.claims.get(node_id) or records.evidence.get(node_id), node_id in records.evidence)
             for node_id in graph.nodes]
    written_groups: list[str | None] = []
    by_group: dict[str | None, list[tuple[str, Any, bool]]] = {}
    for item in nodes:
        group = item[1].group
        if group not in by_group:
            by_group[group] = []
            written_groups.append(group)
        by_group[group].append(item)
    order = ([None] if None in by_group else []) + [g for g in written_groups if g is not None]
    blocks = 0
    for group in order:
        if group is not None:
            heading, data = _text_and_data(group, {})
            yield f"\n# {heading}" + (f" {_flow({'group': data['text']})}" if data else "") + "\n"
        for node_id, node, evidence in by_group[group]:
            blocks += 1
            yield "\n" + _statement(node_id, node, evidence, relations, targeted, as_written(node))
    for argument_id, argument in records.arguments.items():
        relation = graph.relations.get(argument_id)
        if relation is None or relation not in relations:
            continue
        blocks += 1
        yield "\n" + _argument(argument_id, argument, relation, as_written(argument))
    for relation in relations:
        if relation.argument is None and relation.id in targeted:
            blocks += 1
            yield "\n" + _relation_argument(relation)
    if not blocks:
        yield f"\n# {escape_text(records.title)}\n"


def _title(relation_id: str) -> str:
    """The title of the Argdown argument a relation is written as: the argument's own id, or the
    relation's words. A title cannot start with "_": at the start of a line, ``<_`` is an undercut."""
    return f"argument {relation_id}" if relation_id.startswith("_") else relation_id


def _statement(node_id: str, node: Any, evidence: bool, relations: list[Any], targeted: set[str], fields: dict[str, Any]) -> str:
    data: dict[str, Any] = {}
    if evidence:
        data["evidence"] = True
    for key in ("kind", "thesis", "implicit", "quote", "source", "cites", "asserted_by", "expect", "note"):
        if key in fields:
            value = fields[key]
            data[key] = value[0] if key == "quote" and len(value) == 1 else value
    # The reader takes a node without quote for implicit: say so only when it is not that.
    if not node.quote and not node.cites:
        if node.implicit:
            data.pop("implicit", None)
        else:
            data["implicit"] = False
    text, data = _text_and_data(node.text, data)
    lines = [f"[{node_id}]: {text}{_tags(list(node.tags))}" + (f" {_flow(data)}" if data else "")]
    for relation in relations:
        if relation.argument is not None or relation.sources != (node_id,) or relation.id in targeted:
            continue
        if relation.kind == "supports":
            lines.append(f"  +> [{relation.target}]")
        elif relation.kind == "attacks":
            lines.append(f"  -> [{relation.target}]")
        else:
            lines.append(f"  _> <{_title(relation.target)}>")
    return "\n".join(lines) + "\n"


def _conclusion(number: int, relation: Any, title: str) -> list[str]:
    """The conclusion of an argument's (or a relation's) premise-conclusion structure."""
    if relation.kind == "supports":
        return [f"({number}) [{relation.target}]"]
    words = escape_text(relation.id if relation.argument is None else f"{relation.id} {relation.kind} {relation.target}")
    line = "-> [" + relation.target + "]" if relation.kind == "attacks" else "_> <" + _title(relation.target) + ">"
    return [f"({number}) [{title}]: {words}", f"  {line}"]


def _argument(argument_id: str, argument: Any, relation: Any, fields: dict[str, Any]) -> str:
    data: dict[str, Any] = {}
    rule = None
    for key in ("scheme", "quote", "source", "cites", "expect", "note"):
        if key in fields:
            value = fields[key]
            if key == "scheme" and _RULE.fullmatch(value):
                rule = value
                continue
            data[key] = value[0] if key == "quote" and len(value) == 1 else value
    if _title(argument_id) != argument_id:
        data = {"id": argument_id, **data}
    head = f"<{_title(argument_id)}>"
    if argument.text:
        text, data = _text_and_data(argument.text, data)
        head += f": {text}"
    head += _tags(list(argument.tags)) + (f" {_flow(data)}" if data else "")
    premises = [f"({n}) [{premise}]" for n, premise in enumerate(relation.sources, 1)]
    inference = f"-- {rule} --" if rule else "----"
    return "\n".join([head, "", *premises, inference, *_conclusion(len(premises) + 1, relation, _title(argument_id))]) + "\n"


def _relation_argument(relation: Any) -> str:
    """A node's relation that is undercut, as a one-premise argument titled with its words."""
    title = _title(relation.id)
    lines = [f"<{title}>", "", f"(1) [{relation.sources[0]}]", "----", *_conclusion(2, relation, title)]
    return "\n".join(lines) + "\n"
