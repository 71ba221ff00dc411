"""Safe YAML parsing that keeps the file position of every key and value.

This module is the only place that knows about the YAML parsers. It returns
plain Python data (dicts, lists, str, int, float, bool, None) plus a
:class:`Positions` index from data paths such as ``("claims", "x",
"supports", 0)`` to 1-based line and column, and reports problems instead of
raising.

Two parsers, one meaning. :func:`parse_yaml` here (PyYAML, with positions)
is the reference. :func:`argmap.yamlfast.parse_fast` (rapidyaml, a C++
parser, about 20 times faster on large maps, but without positions) is used
first by the loader for large maps; it gives up whenever its result could
differ from the reference, and positions are computed here only when a
problem has to be placed.

Refused on purpose: duplicate keys (plain YAML keeps the last one silently),
application-specific tags, recursive aliases, and alias expansion beyond a
budget (the "billion laughs" attack).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .positions import Path, Positions
from .problems import Location, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Most data nodes one document may expand to (aliases included).
MAX_NODES = 2_000_000
#: Deepest nesting accepted; real maps are about five levels deep.
MAX_DEPTH = 100

_STANDARD_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass
class Parsed:
    data: Any
    positions: Positions
    problems: list[Problem]


class _Refused(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


#: Flow collections ("[[[...") and compact sequences ("- - - ...") nest inside the
#: parser's C code, which a hostile file could drive into a stack overflow; such
#: nesting is refused before parsing.
_FLOW_BRACKETS = re.compile(r"[\[\]{}]")
_COMPACT_NESTING = re.compile(r"^(?:[ \t]*[-?][ \t]+){%d,}" % (MAX_DEPTH // 2), re.MULTILINE)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where the text nests deeper than the parser can safely go, as (line, column)."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for match in _FLOW_BRACKETS.finditer(text):
            depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
            if depth > MAX_DEPTH:
                return _line_column(text, match.start())
    compact = _COMPACT_NESTING.search(text)
    if compact is not None:
        return _line_column(text, compact.start())
    return None


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def parse_yaml(text: str, path: str) -> Parsed:
    """Parse one YAML document. Never raises on bad input."""
    positions = Positions()
    deep = _too_deep(text)
    if deep is not None:
        problem = Problem("AM110", f"the document is nested deeper than {MAX_DEPTH} levels", Location(path, *deep))
        return Parsed(None, positions, [problem])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return Parsed(None, positions, [_syntax_problem(exc, path, text)])
    except yaml.YAMLError as exc:  # errors without a mark, e.g. reader errors
        return Parsed(None, positions, [Problem("AM101", f"invalid YAML: {exc}", Location(path, 1, 1))])
    if root is None:
        return Parsed(None, positions, [])
    walker = _Walker(path, positions)
    try:
        walker.check_expansion(root)
        data = walker.walk(root, ())
    except _Refused as exc:
        return Parsed(None, positions, walker.problems + [Problem("AM110", str(exc), Location(path, exc.line, exc.column))])
    except RecursionError:
        return Parsed(None, positions, [Problem("AM110", "the document is nested too deeply", Location(path, 1, 1))])
    return Parsed(data, positions, walker.problems)


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "syntax error"
    message = f"YAML syntax error: {what}"
    hint = None
    if exc.context and exc.context_mark and mark is not exc.context_mark:
        hint = f"{exc.context} at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
    if mark is not None and (0 <= mark.index < len(text) and text[mark.index] == "\t" or "\t" in what or "tab" in what):
        hint = "YAML indentation must use spaces, not tabs"
    return Problem("AM101", message, Location(path, line, column), hint)


class _Walker:
    def __init__(self, path: str, positions: Positions) -> None:
        self.path = path
        self.positions = positions
        self.problems: list[Problem] = []
        self.budget = MAX_NODES
        self.open_collections: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def check_expansion(self, root: yaml.Node) -> None:
        """Refuse a document whose aliases would expand it beyond the budget, without expanding it."""
        sizes: dict[int, int] = {}
        in_progress: set[int] = set()

        def size(node: yaml.Node, depth: int) -> int:
            key = id(node)
            if key in sizes:
                return sizes[key]
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            if depth > MAX_DEPTH:
                raise _Refused(f"the document is nested deeper than {MAX_DEPTH} levels", line, column)
            if key in in_progress:
                raise _Refused("recursive alias: a collection contains itself", line, column)
            total = 1
            if isinstance(node, yaml.MappingNode):
                in_progress.add(key)
                total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
                in_progress.discard(key)
            elif isinstance(node, yaml.SequenceNode):
                in_progress.add(key)
                total += sum(size(item, depth + 1) for item in node.value)
                in_progress.discard(key)
            if total > MAX_NODES:
                raise _Refused(f"the document expands to more than {MAX_NODES:,} nodes through its aliases (an alias bomb?)", line, column)
            sizes[key] = total
            return total

        size(root, 0)

    def walk(self, node: yaml.Node, path: Path) -> Any:
        self.budget -= 1
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if self.budget < 0:
            raise _Refused(f"the document expands to more than {MAX_NODES:,} nodes (alias bomb?)", line, column)
        if len(path) > MAX_DEPTH:
            raise _Refused(f"the document is nested deeper than {MAX_DEPTH} levels", line, column)
        self.positions.values.setdefault(path, (line, column))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line, column)
        if id(node) in self.open_collections:
            raise _Refused("recursive alias: a collection contains itself", line, column)
        self.open_collections.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path, line, column)
            return self._sequence(node, path, line, column)
        finally:
            self.open_collections.discard(id(node))

    def _check_tag(self, node: yaml.Node, allowed: set[str], line: int, column: int) -> None:
        if node.tag not in allowed:
            raise _Refused(f"YAML tag {node.tag!r} is not allowed in a map", line, column)

    def _scalar(self, node: yaml.ScalarNode, line: int, column: int) -> Any:
        self._check_tag(node, _STANDARD_SCALAR_TAGS, line, column)
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Dates stay text; the model parses the ones it expects.
            return node.value
        constructor = self.constructor.yaml_constructors[node.tag]
        try:
            return constructor(self.constructor, node)
        except (ValueError, yaml.YAMLError) as exc:
            raise _Refused(f"cannot read scalar {node.value!r}: {exc}", line, column) from None

    def _mapping(self, node: yaml.MappingNode, path: Path, line: int, column: int) -> dict[str, Any]:
        self._check_tag(node, {_MAP_TAG}, line, column)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            k_line, k_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused("mapping keys must be plain text, not collections", k_line, k_col)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused("merge keys ('<<') are not supported in maps", k_line, k_col)
            # Keys are kept as written, so an id like `2015` or `yes` stays text.
            key = key_node.value
            child: Path = path + (key,)
            if key in out:
                first_line, first_col = self.positions.keys[child]
                self.problems.append(
                    Problem(
                        "AM107",
                        f"duplicate key {key!r} (first defined at line {first_line}, column {first_col})",
                        Location(self.path, k_line, k_col),
                        hint="a repeated key is an error here (other YAML tools would silently keep only one of the values); merge or rename them",
                        related=(Location(self.path, first_line, first_col),),
                    )
                )
                self.walk(value_node, path + (f"{key}#dup",))
                continue
            self.positions.keys[child] = (k_line, k_col)
            out[key] = self.walk(value_node, child)
        return out

    def _sequence(self, node: yaml.SequenceNode, path: Path, line: int, column: int) -> list[Any]:
        self._check_tag(node, {_SEQ_TAG}, line, column)
        return [self.walk(item, path + (i,)) for i, item in enumerate(node.value)]
