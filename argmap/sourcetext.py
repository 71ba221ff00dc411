"""The text of a source file, as quotes are matched against it.

Plain text and Markdown are read as they are: offsets count characters of the
file decoded as UTF-8. HTML is read through a real HTML parser (the standard
library's): the text is the page's character data with entities decoded,
without scripts, styles and the document head, and with a line break after
every block element, so that paragraphs stay paragraphs. Offsets of HTML
sources count characters of that extracted text.
"""

from __future__ import annotations

from pathlib import PurePath

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def source_text(path: PurePath, decoded: str) -> str:
    """The text quotes are matched against, by the kind of file."""
    if path.suffix.lower() in HTML_SUFFIXES:
        from .htmltext import html_text  # imported here: most sources are plain text

        return html_text(decoded)
    return decoded
