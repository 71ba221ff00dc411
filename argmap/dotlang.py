"""Writing DOT text: a graph's statements, with every ID quoted as the DOT language requires.

The layout itself is Graphviz's (``dot`` and the ``graphviz`` package run it);
this module only writes the text it reads. It quotes each value once with a few
string operations, where a general-purpose writer tests every value against
several patterns, and it never guesses which values are HTML-like labels: those
are marked with :class:`Html`, so a quote that happens to look like ``<b>`` is
still written as text.

The DOT grammar (https://graphviz.org/doc/info/lang.html) allows an ID written
bare when it is a name of ASCII letters, digits and underscores that does not
start with a digit, or a numeral; anything else is double-quoted. Inside quotes
the lexer reads ``\\"`` as a quote and keeps ``\\\\`` as two backslashes, so every
backslash is written doubled: then no backslash of the text can pair with the
closing quote and let the text go on as DOT statements. Graphviz then reads
backslash sequences (``\\n``, ``\\l``, and ``\\N``, ``\\G``, ``\\E``, ``\\T``, ``\\H``, ``\\L``,
the names of the node, graph, edge, tail, head and label) in labels, ids, URLs
and tooltips, where the doubled backslash stays one backslash. Tooltips are
read twice (entities and escapes, then the names once more), so a tooltip's
backslashes are doubled before that, and its ``&`` written ``&#38;``. URLs are
percent-encoded: Graphviz copies them into the SVG without escaping them.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

_BARE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


class Html(str):
    """An HTML-like label, written between ``<`` and ``>`` as it is (its text must already be escaped)."""


def quote(value: str, key: str = "") -> str:
    """An attribute value as a DOT ID: bare when the grammar allows it, else in double quotes,
    with backslashes doubled so that Graphviz shows them rather than reading an escape.
    ``key`` is the attribute's name: tooltips and URLs need more (see the module's docstring)."""
    if isinstance(value, Html):
        return f"<{value}>"
    if key.endswith("tooltip"):
        value = value.replace("&", "&#38;").replace("\\", "\\\\")
    elif key.endswith(("URL", "href")):
        value = urllib.parse.quote(value, safe="#/:?=-._~%")
    if _BARE_ID.fullmatch(value) and value.lower() not in _KEYWORDS:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_name(name: str) -> str:
    """A node or graph name as a DOT ID. Graphviz reads no escapes in names, but its lexer
    keeps ``\\\\`` as a pair, so a backslash written single could pair with the next one and
    leave a quote unescaped: backslashes are doubled (names are ids, which hold none)."""
    if _BARE_ID.fullmatch(name) and name.lower() not in _KEYWORDS:
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attribute_list(attributes: dict[str, str], label_first: bool = False) -> str:
    """`` [key=value ...]``, sorted by name (a stable text for diffs); a node's label first."""
    if not attributes:
        return ""
    keys = sorted(attributes)
    if label_first and "label" in attributes:
        keys.remove("label")
        keys.insert(0, "label")
    return " [" + " ".join(f"{key}={quote(attributes[key], key)}" for key in keys) + "]"


class Digraph:
    """The statements of a directed graph, in the order they are added."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lines: list[str] = []
        self._indent = "\t"

    def attr(self, kind: str | None = None, **attributes: str) -> None:
        """Default attributes for ``kind`` ("graph", "node" or "edge") from here on;
        without a kind, attributes of the (sub)graph itself, as ``key=value`` statements."""
        if kind is None:
            self._lines.append(self._indent + _attribute_list(attributes)[2:-1])
        else:
            self._lines.append(f"{self._indent}{kind}{_attribute_list(attributes)}")

    def node(self, name: str, **attributes: str) -> None:
        self._lines.append(f"{self._indent}{quote_name(name)}{_attribute_list(attributes, label_first=True)}")

    def edge(self, tail: str, head: str, **attributes: str) -> None:
        self._lines.append(f"{self._indent}{quote_name(tail)} -> {quote_name(head)}{_attribute_list(attributes, label_first=True)}")

    @contextmanager
    def subgraph(self, name: str) -> Iterator[Digraph]:
        """Statements added inside the block belong to the subgraph ``name``."""
        self._lines.append(f"{self._indent}subgraph {quote_name(name)} {{")
        outer = self._indent
        self._indent += "\t"
        try:
            yield self
        finally:
            self._indent = outer
            self._lines.append(f"{outer}}}")

    @property
    def source(self) -> str:
        """The DOT text."""
        return f"digraph {quote_name(self.name)} {{\n" + "".join(line + "\n" for line in self._lines) + "}\n"
