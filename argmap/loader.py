"""Load a map file: bytes → YAML data → records (argmap/records.py).

Small maps are read by PyYAML with positions (argmap/yamlpos.py); large,
plainly written ones by rapidyaml (argmap/yamlfast.py), positions being
computed only when a problem must be placed. Well-formed data becomes records
directly; anything else is validated by the pydantic models, which explain
each problem.

Loading never raises on bad input. Format errors become problems placed at the
offending key or value. When some entries are malformed, the loader drops just
those entries and builds the records from the rest, so that reference and
provenance rules can still check the healthy part of the map in the same run;
the ids of dropped entries are remembered so that they do not cause follow-on
"unknown node" reports.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import builders, records, safety, yamlfast
from .definition import MAP, NODE_REFERENCE_FIELDS, RECORDS, SECTIONS, ValueType
from .gcpause import paused_gc
from .graph import ArgumentGraph, graph_of
from .positions import Positions
from .problems import Location, Problem, closest
from .records import _SLUG, ArgMap

#: Map files larger than this are refused before parsing (see argmap/safety.py).
MAX_MAP_BYTES = safety.MAX_MAP_BYTES

_SECTIONS = SECTIONS


@dataclass
class LoadedMap:
    """A map as loaded: its records (None when unusable) and what went wrong."""

    path: Path
    records: ArgMap | None
    _positions: Positions | None
    problems: list[Problem]
    #: The file's bytes; None when a large map was parsed by the fast parser, which
    #: keeps only their digest (`raw_bytes()` reads them again).
    raw: bytes | None = b""
    raw_sha256: str | None = None
    #: Entries left out of the records for format errors, by section ("claims", "sources", ...),
    #: so that rules do not report them again as unknown.
    dropped: dict[str, set[str]] = field(default_factory=dict)
    #: Ids that dropped entries named in `supports`, `attacks` or `premises`: they are not isolated.
    dropped_targets: set[str] = field(default_factory=set)
    #: Results derived from this map (e.g. anchored quotes), computed once per run.
    cache: dict[object, Any] = field(default_factory=dict, repr=False)
    _positions_lost: bool = field(default=False, repr=False)
    #: Folders outside the map's project that its sources may be read from (argmap/safety.py).
    source_roots: tuple[str, ...] = ()

    @property
    def positions(self) -> Positions:
        """Where every key and value stands; computed on first use when the map was read by the fast parser."""
        if self._positions is None:
            raw = self.raw_bytes()
            if raw is None:  # changed since it was loaded: better no position than a wrong one
                self._positions_lost = True
                self._positions = Positions()
            else:
                from .yamlpos import parse_yaml  # only a map with problems needs positions

                self._positions = parse_yaml(raw.decode("utf-8-sig"), self.display_path).positions
        return self._positions

    def raw_bytes(self) -> bytes | None:
        """The bytes the map was loaded from; None when they were let go and the file has changed since."""
        return self.raw if self.raw is not None else self.bytes_on_disk()

    def bytes_on_disk(self) -> bytes | None:
        """The map file's bytes, if they are still those it was loaded from (else None)."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        return raw if hashlib.sha256(raw).hexdigest() == self.raw_sha256 else None

    @property
    def graph(self) -> ArgumentGraph:
        """The argument graph of the map's records, built once (the records must exist)."""
        if self.records is None:
            raise ValueError(f"{self.display_path}: the map has format errors and has no graph")
        return graph_of(self.records, self.cache)

    @property
    def dropped_ids(self) -> set[str]:
        """Ids of the claims and evidence left out for format errors."""
        return self.dropped.get("claims", set()) | self.dropped.get("evidence", set())

    @property
    def display_path(self) -> str:
        return display_path(self.path)

    @property
    def name(self) -> str:
        """The map's name: its file name without the extension."""
        return self.path.stem

    def location(self, data_path: tuple[str | int, ...], key: bool = False) -> Location:
        positions = self.positions  # computed on first use, which may find them lost
        if self._positions_lost:
            return Location(self.display_path)
        line, column = positions.of_key(data_path) if key else positions.of_value(data_path)
        return Location(self.display_path, line, column)


def display_path(path: Path) -> str:
    """A path as users want to see it: relative to the working directory when inside it."""
    absolute = Path(os.path.abspath(path))
    here = Path.cwd()
    if absolute == here or here in absolute.parents:
        return str(absolute.relative_to(here))
    return str(path)


def load(path: str | os.PathLike[str], *, source_roots: Iterable[str | os.PathLike[str]] = ()) -> LoadedMap:
    """Read and parse one map file. Problems are collected, never raised.

    Its sources may be read from its project (argmap.safety.project_root) and from
    ``source_roots``, the folders the user allows besides."""
    map_path = Path(path)
    shown = display_path(map_path)
    empty = Positions()
    try:
        if map_path.is_dir():
            raise IsADirectoryError(21, "is a folder")
        if map_path.exists() and not map_path.is_file():
            # A device or a pipe could be read forever.
            raise OSError(22, "not a regular file")
        size = map_path.stat().st_size
        if size > MAX_MAP_BYTES:
            return LoadedMap(map_path, None, empty, [_too_large(size, shown)])
        with map_path.open("rb") as file:
            raw = file.read(MAX_MAP_BYTES + 1)  # a file that grows while it is read stops at the limit
        if len(raw) > MAX_MAP_BYTES:
            return LoadedMap(map_path, None, empty, [_too_large(len(raw), shown)])
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return LoadedMap(map_path, None, empty, [Problem("AM100", f"cannot read map file: {reason}", Location(shown))])
    with paused_gc():
        return _load_bytes(raw, map_path, keep_raw=False, source_roots=tuple(map(str, source_roots)))


def _too_large(size: int, shown: str) -> Problem:
    return Problem(
        "AM112",
        f"map file is {size:,} bytes, more than the {MAX_MAP_BYTES:,} argmap reads",
        Location(shown),
        hint="split the map into several maps (one per text or part of a text)",
    )


def load_bytes(raw: bytes, path: Path, *, source_roots: Iterable[str | os.PathLike[str]] = ()) -> LoadedMap:
    """Parse map bytes as if read from ``path`` (used for relative source paths)."""
    if len(raw) > MAX_MAP_BYTES:
        return LoadedMap(path, None, Positions(), [_too_large(len(raw), display_path(path))])
    with paused_gc():
        return _load_bytes(raw, path, keep_raw=True, source_roots=tuple(map(str, source_roots)))


def _unsafe_characters(raw: bytes, shown: str) -> list[Problem]:
    """A problem for each character of the map that no output can carry (the first ten)."""
    problems = []
    for line, column, char in itertools.islice(safety.unsafe_characters(raw), 10):
        problems.append(
            Problem(
                "AM111",
                f"the map holds {safety.describe_character(char)}, a character no output can carry",
                Location(shown, line, column),
                hint="delete it (an editor that shows invisible characters finds it); line ends are LF or CRLF",
            )
        )
    return problems


def _too_long_quotes(model: ArgMap, loaded: LoadedMap) -> list[Problem]:
    """A problem for each quote, prefix or suffix longer than argmap.safety.MAX_QUOTE_CHARS."""
    limit = safety.MAX_QUOTE_CHARS
    # the common case, checked in one pass: no citations and no quote over the limit
    plain = [entry for section in (model.claims, model.evidence, model.arguments) for entry in section.values()]
    if not any(entry.cites for entry in plain) and max(map(len, (quote for entry in plain for quote in entry.quote)), default=0) <= limit:
        return []
    sections = {"claim": "claims", "evidence": "evidence"}
    entries = [(sections[kind], node_id, node) for node_id, kind, node in model.nodes()]
    entries.extend(("arguments", argument_id, argument) for argument_id, argument in model.arguments.items())
    problems = []
    for section, entry_id, entry in entries:
        places: list[tuple[tuple[str | int, ...], str, str]] = [(("quote", index), "quote", quote) for index, quote in enumerate(entry.quote)]
        for number, cite in enumerate(entry.cites):
            places.extend((("cites", number, name), name, getattr(cite, name) or "") for name in ("quote", "prefix", "suffix"))
        for where, what, text in places:
            if len(text) > limit:
                problems.append(
                    Problem(
                        "AM113",
                        f"the {what} of {entry_id!r} is {len(text):,} characters long, more than the {limit:,} argmap accepts",
                        loaded.location((section, entry_id, *where)),
                        hint="quote the sentence or the few sentences that state the claim, not a whole passage",
                    )
                )
    return problems


def _load_bytes(raw: bytes, path: Path, keep_raw: bool, source_roots: tuple[str, ...] = ()) -> LoadedMap:
    shown = display_path(path)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problem = Problem("AM100", f"map file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", Location(shown, line, column))
        return LoadedMap(path, None, Positions(), [problem], raw, digest)
    # Both parsers get only text that every output can carry: the reference parser would
    # refuse some of these characters at 1:1, the fast one would take them.
    unsafe = _unsafe_characters(raw, shown)
    if unsafe:
        return LoadedMap(path, None, Positions(), unsafe, raw, digest, source_roots=source_roots)
    if len(raw) >= yamlfast.FAST_PATH_MIN_CHARS:
        del text  # a large map is parsed from its bytes; holding its text too would double the memory
        fast = yamlfast.parse_fast(raw, characters_checked=True)
        if fast is not None:
            loaded = LoadedMap(path, None, None, [], raw, digest, source_roots=source_roots)
            loaded.records = _build_records(fast, loaded)  # format problems are placed from these bytes
            if loaded.records is not None:
                loaded.problems.extend(_too_long_quotes(loaded.records, loaded))
            if not keep_raw:
                # Then they are let go, so that a large map is not held twice (as bytes and
                # as records); the rare run that needs them again reads the file again.
                loaded.raw = None
            return loaded
        text = raw.decode("utf-8-sig")
    from .yamlpos import parse_yaml  # PyYAML, the reference parser, which places every problem

    parsed = parse_yaml(text, shown)
    loaded = LoadedMap(path, None, parsed.positions, list(parsed.problems), raw, digest, source_roots=source_roots)
    if parsed.data is None:
        if not parsed.problems:
            loaded.problems.append(Problem("AM102", "the map file is empty", Location(shown, 1, 1), hint="a map starts with `argmap: 1`"))
        return loaded
    if not isinstance(parsed.data, dict):
        loaded.problems.append(
            Problem("AM102", f"a map must be a mapping of keys to values, not {describe_type(parsed.data)}", loaded.location(()))
        )
        return loaded
    loaded.records = _build_records(parsed.data, loaded)
    if loaded.records is not None:
        loaded.problems.extend(_too_long_quotes(loaded.records, loaded))
    return loaded


def _build_records(data: dict[str, Any], loaded: LoadedMap) -> ArgMap | None:
    built = builders.build(data)
    if built is not None:
        return built
    # Only a map that is not plainly well formed pays for importing pydantic, which
    # validates it against the format's definition and explains every problem.
    from pydantic import ValidationError

    from .model import ArgMap as Definition

    try:
        return records.from_model(Definition.model_validate(data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    for error in errors:
        loaded.problems.append(_problem_from_error(error, loaded))
    pruned = _prune(data, errors, loaded)
    try:
        return records.from_model(Definition.model_validate(pruned))
    except ValidationError:
        return None


def _prune(data: dict[str, Any], errors: list[Any], loaded: LoadedMap) -> dict[str, Any]:
    """A copy of ``data`` without the entries that failed validation."""
    pruned = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for error in errors:
        loc = error["loc"]
        if not loc:
            continue
        top = loc[0]
        if top in _SECTIONS and len(loc) >= 2 and isinstance(pruned.get(top), dict):
            entry = str(loc[1])
            removed = pruned[top].pop(entry, None)
            loaded.dropped.setdefault(top, set()).add(entry)
            if isinstance(removed, dict):
                for relation in NODE_REFERENCE_FIELDS:
                    targets = removed.get(relation)
                    for target in targets if isinstance(targets, list) else [targets]:
                        if isinstance(target, (str, int)) and not isinstance(target, bool):
                            loaded.dropped_targets.add(str(target))
                            # A list written as one text (`supports: a, b`) still names a and b.
                            loaded.dropped_targets.update(re.split(r"[\s,;\[\]]+", str(target)))
        elif top in _SECTIONS:
            pruned[top] = {}
        elif top == "argmap":
            pruned["argmap"] = 1
        elif top == "title":
            pruned["title"] = "(untitled)"
        else:
            pruned.pop(top, None)
    return pruned


# --- turning pydantic errors into problems -------------------------------------------------

_EXPECTED = {
    "quote": "text or a list of texts",
    "supports": "a node id or a list of node ids",
    "attacks": "a node id or a list of node ids",
    "premises": "a list of node ids",
    "undercuts": "a relation reference (`a supports b`, or an argument's id) or a list of them",
    "tags": "a tag or a list of tags",
    "cites": "a list of citations",
    **{name: f"a mapping of ids to {name}" for name in SECTIONS},
}

_TYPE_WORDS = {
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def describe_type(value: Any) -> str:
    """How a YAML value's type reads in a message."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({_short(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _short(value: str, width: int = 40) -> str:
    text = value if len(value) <= width else value[: width - 1] + "…"
    return repr(text)


def _what(loc: tuple[Any, ...]) -> str:
    """Name the thing at ``loc`` as a reader would: "claim 'x'", "field 'text' of claim 'x'"."""
    kinds = {"claims": "claim", "evidence": "evidence", "sources": "source", "agents": "agent", "arguments": "argument"}
    if len(loc) >= 2 and loc[0] in kinds:
        owner = f"{kinds[loc[0]]} {loc[1]!r}"
        rest = [p for p in loc[2:] if p != "[key]"]
        if not rest:
            return owner
        field_name = rest[0]
        index = f" item {rest[1] + 1}" if len(rest) > 1 and isinstance(rest[1], int) else ""
        return f"`{field_name}`{index} of {owner}"
    return f"`{'.'.join(str(p) for p in loc)}`" if loc else "the map"


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    # The records have the models' fields, in the same order (tests/test_records.py).
    if len(loc) >= 5 and loc[2] == "cites":
        return list(RECORDS["Citation"].keys)
    if len(loc) >= 3 and loc[0] in _SECTIONS:
        return list(_SECTIONS[loc[0]].keys)
    if len(loc) == 1:
        return list(MAP.keys)
    return []


def _field_name(loc: tuple[Any, ...]) -> str | None:
    names = [p for p in loc if isinstance(p, str) and p != "[key]"]
    if len(loc) >= 3 and loc[0] in _SECTIONS:
        return names[2] if len(names) > 2 else None
    return names[0] if names else None


def _names_an_entry(loaded: LoadedMap, value: Any) -> bool:
    """Whether ``value`` is written as the key of an entry of the map (a node, source or agent)."""
    return any(len(path) == 2 and path[1] == value for path in loaded.positions.keys)


def _problem_from_error(error: Any, loaded: LoadedMap) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    is_key = bool(loc) and loc[-1] == "[key]"
    path = tuple(p for p in loc if p != "[key]")

    if kind == "missing":
        if loc == ("argmap",):
            return Problem("AM103", "missing format version `argmap`", loaded.location((), key=False), hint="add `argmap: 1` at the top of the file")
        parent = path[:-1]
        where = _what(parent)
        return Problem("AM104", f"{where} is missing the required field `{path[-1]}`", loaded.location(parent, key=True))

    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(loc)
        close = closest(key, allowed)
        hint = f"did you mean `{close}`?" if close else ("allowed keys: " + ", ".join(allowed) if allowed else None)
        owner = _what(path[:-1])
        return Problem("AM106", f"unknown key `{key}` in {owner}", loaded.location(path, key=True), hint)

    if loc and loc[0] == "argmap":
        return Problem("AM103", f"unsupported format version: {describe_type(value)}", loaded.location(path), hint="this version of argmap reads `argmap: 1`")

    if is_key and kind == "string_pattern_mismatch":
        return Problem(
            "AM108",
            f"id {value!r} is not a slug",
            loaded.location(path, key=True),
            hint="ids use only letters, digits, '-', '_' and '.', and start with a letter, digit or '_'",
        )
    if is_key:
        return Problem("AM108", f"id {value!r} is not valid: {error['msg']}", loaded.location(path, key=True))

    if kind == "enum":
        allowed = error.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in allowed.replace(" or ", ",").split(",") if o.strip(" '")]
        close = closest(str(value), options)
        hint = f"did you mean `{close}`? " if close else ""
        return Problem("AM109", f"{_what(path)} is {value!r}, not one of the allowed values", loaded.location(path), hint=f"{hint}allowed: {', '.join(options)}")

    if kind == "string_pattern_mismatch":
        field_name = _field_name(loc)
        written_list = _list_written_as_text(loc, value)
        # one text, not an item of a list; and not the (malformed) id of an entry, which is AM108's
        if written_list is not None and path not in loaded.positions.values and not _names_an_entry(loaded, value):
            field_path = path[:-1] if isinstance(path[-1], int) else path
            items = "tags" if field_name == "tags" else "ids"
            return Problem(
                "AM105",
                f"{_what(field_path)} is one text ({value!r}), not a list of {items}",
                loaded.location(field_path),
                hint=f"write a list: `{field_name}: [{', '.join(written_list)}]`",
            )
        if field_name == "undercuts":
            return Problem(
                "AM109",
                f"{_what(path)}: {value!r} is not a relation reference",
                loaded.location(path),
                hint="name the relation by its words (`a supports b`, `a attacks b`, `u undercuts a supports b`) or by an argument's id",
            )
        if field_name == "sha256":
            return Problem("AM109", f"{_what(path)} is not a sha256 digest", loaded.location(path), hint="64 hexadecimal digits; `argmap pin` writes it for you")
        return Problem(
            "AM108",
            f"{_what(path)}: {value!r} is not a valid {'tag' if field_name == 'tags' else 'id'}",
            loaded.location(path),
            hint="ids and tags use only letters, digits, '-', '_' and '.', and start with a letter, digit or '_'",
        )

    if kind in ("string_too_short", "too_short"):
        return Problem("AM109", f"{_what(path)} must not be empty", loaded.location(path))

    if kind in _TYPE_WORDS or kind.endswith("_type") or kind.endswith("_parsing"):
        field_name = _field_name(loc)
        expected = _EXPECTED.get(field_name or "", _TYPE_WORDS.get(kind, "another type"))
        if kind in ("model_type", "model_attributes_type") and len(path) == 2:
            expected = "a mapping of fields"
            hint = _field_indented_as_entry(path, loaded)
            if hint is not None:
                return Problem("AM105", f"{_what(path)} must be {expected}, not {describe_type(value)}", loaded.location(path, key=True), hint)
        return Problem("AM105", f"{_what(path)} must be {expected}, not {describe_type(value)}", loaded.location(path))

    return Problem("AM109", f"{_what(path)}: {error['msg']}", loaded.location(path))


def _list_written_as_text(loc: tuple[Any, ...], value: Any) -> list[str] | None:
    """The ids of a list field written as one text (`supports: a, b`), or None."""
    if len(loc) < 3 or loc[0] not in _SECTIONS or not isinstance(value, str):
        return None
    record = _SECTIONS[loc[0]]
    if loc[2] not in record.keys or record.field_named(loc[2]).type not in (ValueType.IDS, ValueType.TAGS):
        return None
    items = [item for item in re.split(r"[\s,;]+", value.strip().strip("[]")) if item]
    if len(items) < 2 or not all(_SLUG.fullmatch(item) for item in items):
        return None
    return items


def _field_indented_as_entry(path: tuple[Any, ...], loaded: LoadedMap) -> str | None:
    """A hint for a field written at the indentation of the section's entries
    (`quote:` under `claims:` beside the claims, where it belongs to the claim above)."""
    section, key = path
    if section not in _SECTIONS or key not in _SECTIONS[section].keys:
        return None
    positions = loaded.positions
    line, _column = positions.of_key(path)
    entries = [(at, entry[1]) for entry, at in positions.keys.items() if len(entry) == 2 and entry[0] == section and at[0] < line]
    if not entries:
        return None
    (_entry_line, _entry_column), owner = max(entries)
    fields = [at for entry, at in positions.keys.items() if len(entry) == 3 and entry[:2] == (section, owner)]
    if not fields:
        return None
    indent = fields[0][1] - 1
    raw = loaded.raw_bytes()
    written = raw.decode("utf-8-sig").splitlines()[line - 1].lstrip(" ") if raw is not None else f"{key}: ..."
    kind = {"claims": "claim", "evidence": "evidence", "arguments": "argument", "sources": "source", "agents": "agent"}[section]
    return f"`{key}` is a field, but it is indented like the entries of `{section}`, so it reads as a {kind} of its own; to make it a field of {kind} {owner!r}, indent it by {indent} spaces: `{' ' * indent}{written}`"
