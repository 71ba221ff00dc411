"""`argmap fmt`: a map in canonical order and layout, its comments kept, its meaning unchanged.

Canonical means:

- the top-level keys in the order of the format's declaration (argmap/definition.py):
  `argmap`, `title`, `description`, `sources`, `default_source`, `agents`, `claims`,
  `evidence`, `arguments`; inside each entry (a source, an agent, a node, an argument,
  a citation) its fields in the declaration's order. Entries themselves keep their
  order: the order of nodes is the author's, and it shapes the diagram;
- two spaces of indentation, list items indented under their key (`  - item`);
- lists of ids (`supports`, `attacks`, `premises`, `tags`) in flow style, `[a, b]`,
  unless a comment stands among their items; lists of texts (quotes, citations,
  undercuts) one item a line;
- long lines left as they are (never wrapped), quoting left as written.

The file is edited through ruamel.yaml's round trip, which keeps comments; a comment
that closed an entry (the blank line and the heading of the next group, say) still
closes it when its fields are reordered. Nothing is written unless the formatted text
loads (argmap's own loader) into exactly the records the original gives, in the same
order; a map that does not load cleanly is not formatted at all.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import Any

from .definition import MAP, RECORDS, SECTIONS, Record, ValueType

#: Fields whose lists are written in flow style: short ids.
_FLOW_TYPES = (ValueType.IDS, ValueType.TAGS)
#: Fields whose lists are written one item a line: texts and citations.
_BLOCK_TYPES = (ValueType.QUOTES, ValueType.REFERENCES, ValueType.CITATIONS)


class FormatRefused(Exception):
    """The map cannot be formatted: it does not load cleanly, or formatting would change it."""


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never wrap: a long quote stays on its line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def format_map(raw: bytes, path: Path) -> bytes:
    """The canonical bytes of the map ``raw`` (read from ``path``); the same bytes when it is
    canonical already. Raises :class:`FormatRefused` when the map has load problems or when the
    result would not give the same records."""
    from .loader import load_bytes

    original = load_bytes(raw, path)
    if original.problems or original.records is None:
        first = original.problems[0] if original.problems else None
        reason = f"{first.location}: {first.code} {first.message}" if first else "it has no records"
        raise FormatRefused(f"not formatted: the map does not load cleanly ({reason}); `argmap validate` lists its problems")
    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except Exception as exc:  # noqa: BLE001 - whatever ruamel refuses, the map is left as it is
        raise FormatRefused(f"not formatted: the YAML round trip cannot read it ({type(exc).__name__}: {exc})")
    out = io.StringIO()
    try:
        canonical(data)
        yaml.dump(data, out)
    except Exception as exc:  # noqa: BLE001 - a layout ruamel cannot write back: the map is left as it is
        raise FormatRefused(f"not formatted: the YAML round trip cannot write it back ({type(exc).__name__}: {exc})")
    formatted = out.getvalue()
    if crlf:
        formatted = formatted.replace("\r\n", "\n").replace("\n", "\r\n")
    result = (codecs.BOM_UTF8 if bom else b"") + formatted.encode("utf-8")
    if result == raw:
        return raw
    after = load_bytes(result, path)
    if after.problems or not same_map(original.records, after.records):
        raise FormatRefused("not formatted: the formatted text would not give the same map (a case the formatter does not handle); the file is left as it is")
    return result


def same_map(first: Any, second: Any) -> bool:
    """Whether two maps' records are equal, the order of every section's entries included."""
    if first != second or first is None:
        return False
    return all(list(getattr(first, name)) == list(getattr(second, name)) for name in SECTIONS)


# --- the canonical form ----------------------------------------------------------------------------


def canonical(data: Any) -> None:
    """Put round-trip map data (ruamel's CommentedMap) in canonical order and layout, in place."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(data, CommentedMap):
        return
    _reorder(data, MAP)
    for section, record in SECTIONS.items():
        entries = data.get(section)
        if not isinstance(entries, CommentedMap):
            continue
        for entry in entries.values():
            if isinstance(entry, CommentedMap):
                _entry(entry, record)


def _entry(entry: Any, record: Record) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    _reorder(entry, record)
    for name, value in entry.items():
        if name not in record.keys or not isinstance(value, CommentedSeq):
            continue
        kind = record.field_named(name).type
        if kind in _FLOW_TYPES and not _has_comments(value) and all(isinstance(item, (str, int)) for item in value):
            value.fa.set_flow_style()
        elif kind in _BLOCK_TYPES:
            value.fa.set_block_style()
        if kind is ValueType.CITATIONS:
            for citation in value:
                if isinstance(citation, CommentedMap):
                    _reorder(citation, RECORDS["Citation"])


def _has_comments(sequence: Any) -> bool:
    return bool(sequence.ca.items) or any(part for part in (sequence.ca.comment or ()) if part)


def _reorder(mapping: Any, record: Record) -> None:
    """Put a mapping's keys in the record's order; the comment that followed its last value
    (a blank line, the heading of what comes next) moves to the new last value."""
    order = {name: number for number, name in enumerate(record.keys)}
    keys = list(mapping)
    wanted = sorted(keys, key=lambda key: order.get(key, len(order)))
    if keys == wanted:
        return
    before = _tail(mapping)
    for key in wanted:
        mapping.move_to_end(key)
    after = _tail(mapping)
    if before is None or after is None or before == after:
        return
    _move_closing_comment(before, after)


def _tail(node: Any) -> tuple[Any, Any, int] | None:
    """Where the comment after a node's last line is kept: (container, key or index, slot)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and node:
        key = next(reversed(node))
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style():
            return _tail(value)
        return (node, key, 2)
    if isinstance(node, CommentedSeq) and node:
        index = len(node) - 1
        value = node[index]
        if isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style():
            return _tail(value)
        return (node, index, 0)
    return None


def _move_closing_comment(source: tuple[Any, Any, int], target: tuple[Any, Any, int]) -> None:
    """Split the comment at ``source`` after its first line (the comment at the end of that
    line stays with it) and put the rest at the end of ``target``."""
    container, key, slot = source
    entry = container.ca.items.get(key)
    token = entry[slot] if entry is not None and len(entry) > slot else None
    if token is None or "\n" not in token.value:
        return
    own, _, rest = token.value.partition("\n")
    if not rest:
        return
    if own.strip():
        token.value = own + "\n"
    else:
        entry[slot] = None
    target_container, target_key, target_slot = target
    items = target_container.ca.items
    slots = items.setdefault(target_key, [None, None, None, None])
    while len(slots) <= target_slot:
        slots.append(None)
    existing = slots[target_slot]
    if existing is not None:
        existing.value = existing.value.rstrip("\n") + "\n" + rest
    elif own.strip():
        slots[target_slot] = _copy_token(token, "\n" + rest)
    else:
        token.value = "\n" + rest
        slots[target_slot] = token


def _copy_token(token: Any, value: str) -> Any:
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(value, token.start_mark, token.end_mark)
