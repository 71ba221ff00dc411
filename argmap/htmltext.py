"""The text of an HTML source: the page's character data, one block per line.

Read through the standard library's HTML parser, with entities decoded, without
scripts, styles and the document head. Imported only when a map quotes an HTML
source.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_WHITE_SPACE = re.compile(r"[ \t\r\n\f]+")

_SKIPPED = {"script", "style", "title", "noscript", "template", "svg", "math"}
#: What may stand in a document's head; any other element (or text) starts the body,
#: as in a browser, so that a page whose </head> is missing keeps its body.
_HEAD_CONTENT = {"head", "title", "meta", "link", "style", "script", "base", "noscript", "template"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        elif tag not in _HEAD_CONTENT:
            self.in_head = False
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS and not self.skipping:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.in_head and not self.skipping and data.strip():
            self.in_head = False  # text in the head starts the body
        if not self.skipping and not self.in_head:
            # Line breaks in the markup are white space; only blocks break lines.
            self.parts.append(_WHITE_SPACE.sub(" ", data))

    def _break(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")


def html_text(markup: str) -> str:
    """The readable text of an HTML document, one block per line."""
    parser = _TextOfHtml()
    # After the last ">" no tag can end, so all that follows is text. Escaping its "<"
    # says so to the parser, which would otherwise try each "<" there as the start of a
    # tag that runs to the end of the file: quadratic time ("<a <a <a ..." of 60 KB took
    # half a minute).
    last = markup.rfind(">") + 1
    if "<" in markup[last:]:
        markup = markup[:last] + markup[last:].replace("<", "&lt;")
    parser.feed(markup)
    parser.close()
    lines = ("".join(parser.parts)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip()) + "\n"
