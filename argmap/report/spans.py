"""Where a problem stands in its file, as a span of one line: for snippets and end positions.

Problems carry a start (line, column). The end is read off the file: a
quoted scalar ends at its closing quote, a key at its colon, a plain value at
the end of the line (before a comment). Reading the file again here keeps the
rules simple and costs nothing on a clean run, where no problem is printed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

#: Files larger than this are not read for snippets (the problem is printed without one).
MAX_SNIPPET_FILE = 64 * 1024 * 1024


class Span(NamedTuple):
    line: int
    #: 1-based, inclusive.
    start_column: int
    #: 1-based, exclusive: the column just after the span.
    end_column: int
    #: The whole line, without its line break.
    text: str


@lru_cache(maxsize=64)
def _lines(path: str) -> tuple[str, ...] | None:
    try:
        file = Path(path)
        if not file.is_file() or file.stat().st_size > MAX_SNIPPET_FILE:
            return None
        return tuple(file.read_bytes().decode("utf-8", errors="replace").splitlines())
    except (OSError, ValueError):
        return None


def line_text(path: str, line: int) -> str | None:
    lines = _lines(path)
    if lines is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1]


def span(path: str, line: int, column: int) -> Span | None:
    """The span that starts at ``line``:``column`` of ``path``, or None when the file or place is gone."""
    if line < 1:
        return None
    text = line_text(path, line)
    if text is None:
        return None
    start = max(column, 1) - 1
    if start >= len(text):
        return Span(line, len(text) + 1, len(text) + 2, text)
    return Span(line, start + 1, _token_end(text, start) + 1, text)


def _token_end(text: str, start: int) -> int:
    """0-based exclusive end of the YAML token at ``start``."""
    first = text[start]
    if first in "\"'":
        index = start + 1
        while index < len(text):
            char = text[index]
            if first == '"' and char == "\\":
                index += 2
                continue
            if char == first:
                if first == "'" and text[index + 1 : index + 2] == "'":  # '' is a quote inside '...'
                    index += 2
                    continue
                return index + 1
            index += 1
        return len(text)
    if first in "[{":
        depth = 0
        for index in range(start, len(text)):
            if text[index] in "[{":
                depth += 1
            elif text[index] in "]}":
                depth -= 1
                if depth == 0:
                    return index + 1
        return len(text)
    toml_key = re.match(r"[A-Za-z0-9_.\"'-]+(?=\s*=)", text[start:])
    if toml_key:  # a key of a TOML configuration file
        return start + toml_key.end()
    end = len(text)
    comment = text.find(" #", start)
    if comment != -1:
        end = comment
    colon = text.find(": ", start, end)
    if colon != -1:
        end = colon
    elif text[start:end].rstrip().endswith(":"):
        end = start + len(text[start:end].rstrip()) - 1
    flow_end = min((i for i in (text.find(", ", start, end), text.find("]", start, end), text.find("}", start, end)) if i != -1), default=-1)
    if flow_end != -1 and text[:start].rstrip().endswith(("[", ",", "{")):
        end = flow_end  # an item of a flow list or mapping
    end = start + len(text[start:end].rstrip())
    return max(end, start + 1)
