"""`argmap pin`: write each source's sha256 into the map, changing nothing else.

The edit is made at the exact position of the existing `sha256:` value (or as
a new line after the source's `path:`), so comments, order, quoting and
formatting of everything else stay byte for byte as the author wrote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .loader import LoadedMap
from .provenance import read_sources

_PLAIN_TOKEN = re.compile(r"[^\s#,}\]]+")


class PinError(Exception):
    """The map cannot be pinned (format errors, unreadable source, flow-style source)."""


@dataclass(frozen=True)
class PinChange:
    source_id: str
    old: str | None
    new: str


def _value_extent(line: str, column: int) -> tuple[int, int]:
    """Start and end (0-based, end exclusive) of the scalar that starts at ``column`` (1-based);
    inside its quotes when it is quoted, so that the quotes stay as written."""
    start = column - 1
    if start < len(line) and line[start] in "'\"":
        quote = line[start]
        end = line.find(quote, start + 1)
        return start + 1, (end if end != -1 else len(line))
    match = _PLAIN_TOKEN.match(line, start)
    return start, (match.end() if match else start)


def pin(loaded: LoadedMap) -> tuple[bytes, list[PinChange]]:
    """The map's new bytes with every source pinned, and what changed."""
    model = loaded.records
    if model is None:
        raise PinError(f"{loaded.display_path}: the map has format errors; fix them before pinning")
    sources = read_sources(loaded)  # their digests only: pinning anchors no quote
    # Read again: an edit made since the map was loaded must not be written over.
    raw = loaded.bytes_on_disk()
    if raw is None:
        raise PinError(f"{loaded.display_path}: the map file changed while it was being pinned; run `argmap pin` again")
    text = raw.decode("utf-8-sig")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, str]] = []  # (line index, replacement line)
    inserts: list[tuple[int, str]] = []  # (line index to insert after, new line)
    changes = []
    for source_id, declared in model.sources.items():
        found = sources[source_id]
        if found.sha256 is None:
            raise PinError(f"{loaded.display_path}: source {source_id!r} cannot be read ({found.error}); nothing was pinned")
        if declared.sha256 == found.sha256:
            continue
        changes.append(PinChange(source_id, declared.sha256, found.sha256))
        positions = loaded.positions
        if ("sources", source_id, "sha256") in positions.values:
            line_no, column = positions.values[("sources", source_id, "sha256")]
            line = lines[line_no - 1]
            start, end = _value_extent(line, column)
            edits.append((line_no - 1, line[:start] + found.sha256 + line[end:]))
            continue
        key_line, key_col = positions.keys[("sources", source_id, "path")]
        path_line = lines[key_line - 1]
        if "{" in path_line[: key_col - 1]:
            raise PinError(
                f"{loaded.display_path}:{key_line}: source {source_id!r} is written in flow style ({{...}}); "
                "add `sha256:` by hand or write the source in block style"
            )
        value_line, _ = positions.values[("sources", source_id, "path")]
        if value_line != key_line:
            raise PinError(f"{loaded.display_path}:{key_line}: the `path` of source {source_id!r} spans several lines; add `sha256:` by hand")
        newline = "\r\n" if path_line.endswith("\r\n") else "\n"
        inserts.append((key_line - 1, " " * (key_col - 1) + f"sha256: {found.sha256}{newline}"))
    for index, new_line in edits:
        lines[index] = new_line
    for index, new_line in sorted(inserts, reverse=True):
        if not lines[index].endswith(("\n", "\r")):
            lines[index] += "\n"
        lines.insert(index + 1, new_line)
    return (bom + "".join(lines)).encode("utf-8"), changes
