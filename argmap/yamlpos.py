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

from . import safety
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
    walker = _Walker(path, positions, text)
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
    if mark is not None:
        explained = _explain(exc, mark, _LINE_BREAKS.split(text))
        if explained is not None:
            line, column, hint = explained
    return Problem("AM101", message, Location(path, line, column), hint)


# --- hints for the common mistakes -------------------------------------------------------
#
# Each hint names the mistake in a reader's words and shows the line as it should be
# written. They look only at the lines around the parser's marks; a mistake they do not
# recognise keeps the parser's own words.

#: What PyYAML counts as a line break, so that its line numbers index these lines.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: A mapping key at the start of a line: its indentation, an optional list dash, the key.
_KEY_LINE = re.compile(r"^( *)(- +)?([^\s#'\"\-:][^:#]*?|'[^']*'|\"[^\"]*\") *:(?: |$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def quoted(text: str) -> str:
    """``text`` as a YAML quoted scalar that reads back as the same text."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _first_colon(line: str) -> int | None:
    """Where the first `key:` of a line ends (the colon), if the line starts with a key."""
    found = _KEY_LINE.match(line)
    return found.end() - (2 if found.group().endswith(" ") else 1) if found else None


def _owners(lines: list[str], number: int) -> list[tuple[int, int, str]]:
    """The keys a line could belong to, nearest first: (line index, indent, key) of each
    earlier key line whose indentation is smaller than every one after it."""
    owners: list[tuple[int, int, str]] = []
    smallest = None
    for index in range(number - 1, -1, -1):
        line = lines[index]
        if not _is_content(line):
            continue
        found = _KEY_LINE.match(line)
        indent = _indent(line) + (len(found.group(2)) if found and found.group(2) else 0)
        if found and (smallest is None or indent < smallest):
            owners.append((index, indent, found.group(3)))
        smallest = indent if smallest is None else min(smallest, _indent(line))
        if smallest == 0:
            break
    return owners


def _explain(exc: yaml.MarkedYAMLError, mark: yaml.Mark, lines: list[str]) -> tuple[int, int, str] | None:
    """(line, column, hint) for a mistake recognised at the parser's marks; None otherwise."""
    problem = exc.problem or ""
    context = exc.context or ""
    context_mark = exc.context_mark
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    if mark.column < len(line) and line[mark.column] == "\t" or "\t" in problem or "tab" in problem:
        return _tab(mark, lines)
    if "quoted scalar" in context and context_mark is not None:
        return _unclosed_or_escaped(problem, context_mark, lines)
    if context.startswith("while parsing a flow") and context_mark is not None and "expected" in problem:
        closing = "]" if "sequence" in context else "}"
        opened = lines[context_mark.line]
        fixed = opened.rstrip() + closing if closing not in opened[context_mark.column :] else None
        what = "list" if closing == "]" else "mapping"
        hint = f"the {what} opened at line {context_mark.line + 1}, column {context_mark.column + 1} is never closed"
        if fixed is not None:
            hint += f": end it with `{closing}` on that line: `{fixed.strip()}`"
        return mark.line + 1, mark.column + 1, hint
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_value(mark, lines)
    if problem.startswith("did not find expected key") and "block mapping" in context:
        before = line[: mark.column]
        if not before.strip():
            return _misaligned(mark, lines)
        if before.rstrip().endswith(("'", '"')):
            colon = _first_colon(line)
            if colon is not None:
                value = line[colon + 1 :].strip()
                fixed = line[: colon + 1] + " " + quoted(value)
                return mark.line + 1, mark.column + 1, f"the text goes on after its closing quotation mark; quote the whole text: `{fixed.strip()}`"
    return None


def _tab(mark: yaml.Mark, lines: list[str]) -> tuple[int, int, str]:
    line = lines[mark.line]
    rest = line.lstrip(" \t")
    above = next((lines[i] for i in range(mark.line - 1, -1, -1) if _is_content(lines[i])), "")
    want = _indent(above) + (2 if above.rstrip().endswith(":") else 0)
    fixed = " " * want + rest.replace("\t", " ")
    hint = f"YAML indentation must use spaces, not tabs: write `{fixed}` ({want} spaces)"
    return mark.line + 1, mark.column + 1, hint


def _unclosed_or_escaped(problem: str, opened: yaml.Mark, lines: list[str]) -> tuple[int, int, str] | None:
    line = lines[opened.line]
    quote = line[opened.column] if opened.column < len(line) else '"'
    inside = line[opened.column + 1 :]
    if "escape" in problem and quote == '"' and '"' in inside:
        text = inside[: inside.rindex('"')]
        fixed = line[: opened.column] + quoted(text)
        hint = f"inside double quotation marks a backslash starts an escape (\\n, \\t...); write the text in single quotation marks: `{fixed.strip()}`"
        return opened.line + 1, opened.column + 1, hint
    if "end of stream" in problem or "document" in problem:
        # Reported where the quotation opens: the end of the file says nothing about it.
        hint = f"this quotation mark ({quote}) is never closed"
        if quote not in inside:
            hint += f": close it at the end of the text: `{(line.rstrip() + quote).strip()}`"
        return opened.line + 1, opened.column + 1, hint
    return None


def _colon_in_value(mark: yaml.Mark, lines: list[str]) -> tuple[int, int, str] | None:
    line = lines[mark.line]
    colon = _first_colon(line)
    if colon is None:
        return None
    if colon < mark.column:
        # `text: Madison: ambition...`: the second `: ` would start a mapping inside the value.
        value = line[colon + 1 :].strip()
        comment = ""
        found = re.search(r"\s#", value)
        if found:
            value, comment = value[: found.start()].rstrip(), "  " + value[found.start() :].strip()
        fixed = line[: colon + 1] + " " + quoted(value) + comment
        return mark.line + 1, mark.column + 1, f"a `: ` inside a text starts a mapping in YAML; quote the text: `{fixed.strip()}`"
    # `quote: ...` under `text: ...` but indented deeper: YAML reads it as more of the text.
    owners = _owners(lines, mark.line)
    indent = _indent(line)
    holder = next(((i, ind, key) for i, ind, key in owners if ind < indent), None)
    if holder is None:
        return None
    index, want, key = holder
    fixed = " " * want + line.lstrip(" ")
    hint = (
        f"this line is indented more than `{key}:` on line {index + 1}, so YAML reads it as more of the value above; "
        f"to make it a key beside `{key}`, indent it by {want} spaces: `{fixed}`; if it is part of the text, quote the text"
    )
    return mark.line + 1, mark.column + 1, hint


def _misaligned(mark: yaml.Mark, lines: list[str]) -> tuple[int, int, str] | None:
    line = lines[mark.line]
    indent = _indent(line)
    owners = _owners(lines, mark.line)
    deeper = [(i, ind, key) for i, ind, key in owners if ind > indent]
    shallower = [(i, ind, key) for i, ind, key in owners if ind < indent]
    if not deeper and not shallower:
        return None
    choices = ([deeper[-1]] if deeper else []) + ([shallower[0]] if shallower else [])
    index, want, key = choices[0]
    fixed = " " * want + line.lstrip(" ")
    hint = f"this line is indented by {indent} spaces, which lines up with no key above it; to put it beside `{key}:` (line {index + 1}), indent it by {want}: `{fixed}`"
    if len(choices) > 1:
        other_index, other_want, other_key = choices[1]
        hint += f"; beside `{other_key}:` (line {other_index + 1}), by {other_want}"
    return mark.line + 1, mark.column + 1, hint


#: Whole numbers as JSON writes them: YAML 1.1 reads other forms of numbers (017 as 15,
#: 1_5 as 15, 1:30 as 90, 0x1F as 31, +1 as 1) as a number other than the text written.
_PLAIN_INT = re.compile(r"0|-?[1-9][0-9]*")
_INT_TAG = "tag:yaml.org,2002:int"
_STR_TAG = "tag:yaml.org,2002:str"
_FLOAT_TAG = "tag:yaml.org,2002:float"
#: A key's own tag, after its anchor if it has one: `!!str 1: x`, `&a !x key: y`.
_KEY_TAG = re.compile(r"(?:&[^\s]+[ \t]+)?!")


class _Walker:
    def __init__(self, path: str, positions: Positions, text: str = "") -> None:
        self.path = path
        self.text = text
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
        if node.style == '"' and node.tag == _STR_TAG:
            return self._printable(node.value, line, column)
        constructor = self.constructor.yaml_constructors[node.tag]
        try:
            value = constructor(self.constructor, node)
        except (ValueError, yaml.YAMLError) as exc:
            raise _Refused(f"cannot read scalar {node.value!r}: {exc}", line, column) from None
        if node.tag in (_INT_TAG, _FLOAT_TAG) and not node.style and not (_PLAIN_INT.fullmatch(node.value) if node.tag == _INT_TAG else repr(value) == node.value):
            # A number whose text is not what YAML makes of it: an id such as `017` would
            # silently name node 15. Refused, and kept as the text written.
            self.problems.append(
                Problem(
                    "AM109",
                    f"{node.value!r} reads as the number {value!r} in YAML, not as the text written",
                    Location(self.path, line, column),
                    hint=f"quote it: '{node.value}' (or write the number as {value!r})",
                )
            )
            return node.value
        return value

    def _printable(self, value: str, line: int, column: int) -> str:
        """A double-quoted text, whose escapes may make characters no output can carry."""
        unsafe = safety.UNSAFE_TEXT.search(value)
        if unsafe is None:
            return value
        self.problems.append(
            Problem(
                "AM111",
                f"an escape in this text makes {safety.describe_character(unsafe.group())}, a character no output can carry",
                Location(self.path, line, column),
                hint="remove the escape (`\\x..`, `\\u....`, `\\N`, ...) that writes it",
            )
        )
        return safety.UNSAFE_TEXT.sub("\ufffd", value)

    def _mapping(self, node: yaml.MappingNode, path: Path, line: int, column: int) -> dict[str, Any]:
        self._check_tag(node, {_MAP_TAG}, line, column)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            k_line, k_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused("mapping keys must be plain text, not collections", k_line, k_col)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused("merge keys ('<<') are not supported in maps", k_line, k_col)
            if key_node.start_mark.index < len(self.text) and _KEY_TAG.match(self.text, key_node.start_mark.index):
                raise _Refused(f"YAML tag on key {key_node.value!r}: keys are plain text, tags are not allowed on them", k_line, k_col)
            # Keys are kept as written, so an id like `2015` or `yes` stays text.
            key = key_node.value
            if key_node.style == '"':
                key = self._printable(key, k_line, k_col)
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
