"""`argmap pin`: write each source's sha256 into the map, changing nothing else.

The edit is made at the exact place of the existing `sha256:` value (or as a
new entry right after the source's `path:` value), so comments, order, quoting
and formatting of everything else stay byte for byte as the author wrote them.
Places are taken from the YAML node tree (start and end of every scalar), so
every form a value can take is edited where it stands: plain, quoted, empty,
anchored, a block scalar, a path continued on the next line, a flow mapping
(`{path: x}`), a source shared through an alias (edited once, at its anchor).

Before anything is written, the edited bytes are parsed again and must give
the same map with only the intended `sha256` values changed; an edit that
would do anything else (an anchor shared with another value, a form this
module does not know) is refused with a message that says what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .loader import LoadedMap, load_bytes
from .provenance import read_sources

_ANCHOR_PREFIX = re.compile(r"&\S+\s+")


class PinError(Exception):
    """The map cannot be pinned (format errors, unreadable source, an edit that would change more than the digest)."""


@dataclass(frozen=True)
class PinChange:
    source_id: str
    old: str | None
    new: str


@dataclass(frozen=True)
class _Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


def pin(loaded: LoadedMap) -> tuple[bytes, list[PinChange]]:
    """The map's new bytes with every source pinned, and what changed."""
    model = loaded.records
    if model is None:
        raise PinError(f"{loaded.display_path}: the map has format errors; fix them before pinning")
    dropped = sorted(loaded.dropped.get("sources", ()))
    if dropped:
        raise PinError(f"{loaded.display_path}: source {dropped[0]!r} has format errors (`argmap validate` lists them); fix them before pinning")
    sources = read_sources(loaded)  # their digests only: pinning anchors no quote
    # Read again: an edit made since the map was loaded must not be written over.
    raw = loaded.bytes_on_disk()
    if raw is None:
        raise PinError(f"{loaded.display_path}: the map file changed while it was being pinned; run `argmap pin` again")
    wanted: dict[str, str] = {}
    changes = []
    for source_id, declared in model.sources.items():
        found = sources[source_id]
        if found.sha256 is None:
            raise PinError(f"{loaded.display_path}: source {source_id!r} cannot be read ({found.error}); nothing was pinned")
        if declared.sha256 != found.sha256:
            wanted[source_id] = found.sha256
            changes.append(PinChange(source_id, declared.sha256, found.sha256))
    if not wanted:
        return raw, []
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    text = raw.decode("utf-8-sig")
    edited = _apply(text, _edits(loaded, text, wanted))
    data = (bom + edited).encode("utf-8")
    _verify(loaded, data, wanted)
    return data, changes


def _compose(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:  # the loader accepted it, so this is not expected; refuse rather than guess
        raise PinError(f"cannot find the places to edit: {exc}") from None


def _entry(mapping: Any, key: str) -> tuple[Any, Any] | None:
    """The (key node, value node) of ``key`` in a mapping node."""
    for key_node, value_node in mapping.value:
        if getattr(key_node, "value", None) == key:
            return key_node, value_node
    return None


def _edits(loaded: LoadedMap, text: str, wanted: dict[str, str]) -> list[_Edit]:
    import yaml

    where = loaded.display_path
    root = _compose(text)
    found = _entry(root, "sources") if isinstance(root, yaml.MappingNode) else None
    if found is None or not isinstance(found[1], yaml.MappingNode):
        raise PinError(f"{where}: cannot find the `sources` mapping to edit")
    edits: dict[int, _Edit] = {}  # by the start of the edit: a node shared through an alias is edited once
    digest_of_place: dict[int, str] = {}
    for key_node, source in found[1].value:
        source_id = getattr(key_node, "value", None)
        if source_id not in wanted:
            continue
        digest = wanted[source_id]
        line = key_node.start_mark.line + 1
        if not isinstance(source, yaml.MappingNode):
            raise PinError(f"{where}:{line}: source {source_id!r} is not a mapping; add `sha256:` by hand")
        edit = _digest_edit(text, source, digest, where, source_id, line)
        if digest_of_place.get(edit.start, digest) != digest:
            raise PinError(
                f"{where}:{line}: source {source_id!r} shares its `sha256` (or the whole source) with another source through an alias, "
                "but their files differ; write each source out in full, then pin"
            )
        digest_of_place[edit.start] = digest
        edits[edit.start] = edit
    return sorted(edits.values(), key=lambda e: e.start)


def _digest_edit(text: str, source: Any, digest: str, where: str, source_id: str, line: int) -> _Edit:
    """The edit that writes ``digest`` into one source mapping."""
    import yaml

    existing = _entry(source, "sha256")
    if existing is not None:
        value = existing[1]
        if not isinstance(value, yaml.ScalarNode):
            raise PinError(f"{where}:{line}: the `sha256` of source {source_id!r} is not a single value; write `sha256: <digest>` by hand")
        return _replace_scalar(text, value, digest, where, source_id)
    path = _entry(source, "path")
    if path is None:
        raise PinError(f"{where}:{line}: source {source_id!r} has no `path`")
    path_key, path_value = path
    if source.flow_style:
        # `{path: x}` -> `{path: x, sha256: <digest>}`, right after the path's value.
        at = path_value.end_mark.index if path_value.start_mark.index > path_key.start_mark.index else path_key.end_mark.index
        return _Edit(at, at, f", sha256: {digest}")
    # Block style: a new line after the path's value (which may span several lines),
    # indented like the `path` key.
    if path_value.start_mark.index > path_key.start_mark.index:
        end = path_value.end_mark
    else:  # the path is an alias of a value written elsewhere: its line is the key's
        end = path_key.end_mark
    if end.column == 0 and end.index > 0:  # a block scalar ends at the start of the next line
        at = end.index
        newline = "\r\n" if text[:at].endswith("\r\n") else "\n"
        return _Edit(at, at, " " * path_key.start_mark.column + f"sha256: {digest}{newline}")
    line_end = text.find("\n", end.index)
    newline = "\r\n" if line_end > 0 and text[line_end - 1] == "\r" else "\n"
    indent = " " * path_key.start_mark.column
    if line_end == -1:  # the last line, without a line break
        return _Edit(len(text), len(text), f"{newline}{indent}sha256: {digest}{newline}")
    return _Edit(line_end + 1, line_end + 1, f"{indent}sha256: {digest}{newline}")


def _replace_scalar(text: str, value: Any, digest: str, where: str, source_id: str) -> _Edit:
    """Replace a scalar with ``digest`` in its own style: its anchor and quotes kept,
    a block scalar (`|`, `>`) or an empty value made a plain value."""
    start, end = value.start_mark.index, value.end_mark.index
    if text.startswith("!", start):
        raise PinError(f"{where}:{value.start_mark.line + 1}: the `sha256` of source {source_id!r} carries a tag; write `sha256: <digest>` by hand")
    anchor = _ANCHOR_PREFIX.match(text, start)
    if anchor is not None:
        start = anchor.end()
    if value.style in ("'", '"'):
        quote = value.style
        return _Edit(start, end, f"{quote}{digest}{quote}")
    if value.style in ("|", ">"):
        span = text[start:end]
        return _Edit(start, end, digest + span[len(span.rstrip("\r\n")) :])
    if start == end and (start == 0 or not text[start - 1].isspace()):
        return _Edit(start, end, " " + digest)  # `sha256:` with no value: keep `key: value` apart
    return _Edit(start, end, digest)


def _apply(text: str, edits: list[_Edit]) -> str:
    pieces, at = [], 0
    for edit in edits:
        pieces.append(text[at : edit.start])
        pieces.append(edit.new)
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces)


def _verify(loaded: LoadedMap, data: bytes, wanted: dict[str, str]) -> None:
    """The edited bytes must parse to the same map with only the wanted digests changed."""
    from .records import as_written

    assert loaded.records is not None
    expected = as_written(loaded.records)
    for source_id, digest in wanted.items():
        expected["sources"][source_id]["sha256"] = digest
    again = load_bytes(data, loaded.path)
    same_problems = sorted(p.code for p in again.problems) == sorted(p.code for p in loaded.problems)  # messages may name lines, which an insert moves
    if again.records is None or not same_problems or as_written(again.records) != expected:
        raise PinError(
            f"{loaded.display_path}: pinning would change more than the `sha256` of {', '.join(map(repr, wanted))} "
            "(a value shared through an anchor, or a way of writing the source pin cannot edit); nothing was written. "
            "Write the source in plain block style (`path:` and `sha256:` on lines of their own), then pin"
        )
