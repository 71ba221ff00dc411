"""The fast YAML path: rapidyaml, for large maps that are plainly written.

rapidyaml (a C++ parser) reads a 10 000-node map about 30 times faster than
PyYAML, but gives no positions. :func:`parse_fast` parses with it, emits JSON
and decodes that, and gives up (returns None) whenever its result could differ
from the reference parser's (argmap.yamlpos.parse_yaml): anchors, aliases,
tags, tabs, several documents, duplicate keys, and plain scalars that YAML 1.1
reads as booleans, numbers or null. This module does not import PyYAML, so a
large well-formed map is read without loading it at all.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

from . import safety

# --- what the fast path refuses ----------------------------------------------------------


#: Anything that the two parsers might read differently sends a file to the reference parser:
#: anchors, aliases, tags and directives where a token starts, merge keys, tabs, several documents.
_TOKEN_BOUNDARY = frozenset(b" \n\r[]{},")


#: U+2028 and U+2029 in UTF-8: one pattern finds either in a quarter of the time of two
#: searches, whose common first bytes (those of curly quotation marks) stop them often.
_SEPARATORS = re.compile(b"\xe2\x80[\xa8\xa9]")


def _writes_escapes(data: bytes) -> bool:
    """Whether a backslash in ``data`` could be an escape other than ``\\"`` or ``\\\\``.

    Those two write a quotation mark and a backslash, which both parsers read alike
    wherever they stand (and which maps quoting "scare quotes" are full of); every
    other escape could write a character argmap refuses, which only the reference
    parser places."""
    at = data.find(b"\\")
    while at != -1:
        if data[at + 1 : at + 2] not in (b'"', b"\\"):
            return True
        at = data.find(b"\\", at + 2)
    return False


def _risky(data: bytes, characters_checked: bool = False) -> bool:
    if b"\t" in data or b"<<" in data or data.startswith((b"---", b"...")) or b"\n---" in data or b"\n..." in data:
        return True
    # Escapes (which can write any character), the line and paragraph separators (line
    # breaks to the reference parser, not to this one) and characters argmap refuses.
    if _writes_escapes(data) or _SEPARATORS.search(data):
        return True
    if not characters_checked and safety.has_unsafe_characters(data):
        return True
    # bytes.find runs at memory speed, many times faster than a regular expression's scan.
    for char in b"&*!%":
        at = data.find(char)
        while at != -1:
            if at == 0 or data[at - 1] in _TOKEN_BOUNDARY:
                return True
            at = data.find(char, at + 1)
    return False


#: Below this size (in bytes) the reference parser is fast enough on its own.
FAST_PATH_MIN_CHARS = 64 * 1024

# YAML 1.1 reads some plain scalars as other things than text (yaml.org/type:
# bool, null, int, float, merge, value). The JSON the fast parser emits quotes
# them all alike, so a string value that would be one of these, had it been
# written plain, makes the fast path give up. The patterns below are written
# from those type definitions (without "y" and "n", which PyYAML, the
# reference, reads as text) and take somewhat more number-like forms than
# PyYAML does: tests/test_yaml_fast_path.py checks that every text PyYAML reads
# as something else is caught. Dates need no care: the reference parser keeps
# them as text.
_NON_TEXT_WHEN_PLAIN = "|".join(
    (
        r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
        r"~|null|Null|NULL|",
        r"[-+]?0[bx][0-9a-fA-F_]+",
        r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_.]*)?(?:[eE][-+]?[0-9]+)?",
        r"[-+]?\.[0-9][0-9_.]*(?:[eE][-+]?[0-9]+)?",
        r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)",
        r"<<|=|!|&|\*",
    )
)
# A JSON string value (not a key: no colon follows) whose whole text is one of the
# above. Between two string tokens JSON has only white space, `,:[]{}` and
# literals, none of which such a text can start with, so every match is a
# whole string token.
# (The look-ahead on the first character rejects most string tokens at once.)
_AMBIGUOUS_JSON_VALUE = re.compile(rb'"(?=[-+.0-9yYnNtTfFoO~<=!&*"])(?<!\\")(?:' + _NON_TEXT_WHEN_PLAIN.encode("ascii") + rb')"(?!\s*:)')
#: JSON integers, which YAML 1.1 reads as the same number when written plain (not -0,
#: which the reference parser refuses as a number written otherwise than it reads).
_YAML_INT = re.compile(r"0|-?[1-9][0-9]*")
#: Keys longer than this (in characters) send the map to the reference parser: YAML
#: allows implicit keys of at most 1024 bytes, which the fast parser does not enforce.
#: No key of a valid map comes near (ids have at most 200 characters).
_LONGEST_KEY = 256


class _Unsure(Exception):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Unsure("duplicate key")
    if result and max(map(len, result)) > _LONGEST_KEY:
        raise _Unsure("long key")
    return result


def _parse_int(literal: str) -> int:
    if not _YAML_INT.fullmatch(literal):
        raise _Unsure(literal)
    return int(literal)


def _refuse(literal: str) -> Any:
    # For JSON floats: rapidyaml rewrites some plain scalars into valid JSON
    # numbers (-.5 becomes -0.5, which YAML 1.1 reads as text), so a JSON float
    # cannot tell what was written; no field of a map is a number with a
    # fraction, and the reference parser explains the problem. For NaN and
    # Infinity: YAML writes them otherwise.
    raise _Unsure(literal)


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _emit_json(ryml: Any, tree: Any, root: int, yaml_size: int) -> bytearray:
    # The JSON of a map is about 1.6 times the size of its YAML: emitting into a
    # buffer that is large enough at once saves the pass that measures the size.
    emitted = bytearray(2 * yaml_size + 4096)
    try:
        view = ryml.emit_json_in_place(tree, emitted, root)
    except IndexError:
        emitted = bytearray(ryml.compute_json_length(tree, root))
        ryml.emit_json_in_place(tree, emitted, root)
        return emitted
    size = len(view)
    view.release()
    del emitted[size:]
    return emitted


def parse_fast(source: str | bytes, characters_checked: bool = False) -> dict[str, Any] | None:
    """The data of a plain, well-formed map, or None when only the reference parser can tell.

    Takes the file's UTF-8 bytes (or its text); ``characters_checked`` says the caller
    has already refused the characters argmap refuses (argmap.safety), as the loader does. The bytes are parsed in place and
    the JSON is emitted into one buffer, so that a large map is not held in
    memory as several copies at once.
    """
    data = source.encode("utf-8") if isinstance(source, str) else source
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Deep nesting needs no check here: the C++ library gives up on it (and the
    # reference parser, which checks it first, then explains).
    if len(data) < FAST_PATH_MIN_CHARS or _risky(data, characters_checked):
        return None
    try:
        import json

        import ryml
    except ImportError:  # the fast parser is optional
        return None
    try:
        with _quiet_stderr():  # the C++ library reports its errors on stderr; the reference parser explains them
            buffer = bytearray(data)
            tree = ryml.parse_in_place(buffer)
            root = tree.root_id()
            if not tree.is_map(root):
                return None
            emitted = _emit_json(ryml, tree, root, len(data))
        del tree, buffer
        # A text that PyYAML would read as a bool, number, date or null had it been
        # written plain: the fast parser cannot tell whether it was quoted.
        if _AMBIGUOUS_JSON_VALUE.search(emitted):
            return None
        parsed = json.loads(emitted, object_pairs_hook=_no_duplicate_keys, parse_int=_parse_int, parse_float=_refuse, parse_constant=_refuse)
    except Exception:  # noqa: BLE001 - any doubt goes to the reference parser, which explains it
        return None
    return parsed if isinstance(parsed, dict) else None
