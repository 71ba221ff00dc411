"""A loaded map as plain, immutable records, built without pydantic when the map is well formed.

The records and their builder are derived from the format's one declaration
(argmap/definition.py): each record is a NamedTuple with the declared fields,
in the declared order, with the declared defaults, and :func:`build` runs a
checker generated from the same table when this module is imported.

Importing pydantic and building the models takes about 0.08 s, more than
checking a map of a thousand nodes, so a well-formed map is checked here, and
pydantic (argmap/model.py, derived from the same declaration) is imported only
when :func:`build` is unsure. :func:`build` accepts a strict subset of what the
models accept: any value it does not expect (a number where an id goes, a null
flag, an unknown key, an empty text...) makes it give up, and the loader then
validates with pydantic, which explains the problem or accepts the value, and
converts the result with :func:`from_model`. tests/test_records.py checks, on
generated maps, that when :func:`build` answers, pydantic accepts the same data
and gives the same records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from . import definition
from .definition import MAX_ID, RECORDS, Record, ValueType

if TYPE_CHECKING:
    from . import model
    from .kinds import AgentType, ClaimKind, EvidenceKind, Label

    # What the generated classes hold, written out for type checkers and readers.
    class Source(NamedTuple):
        path: str
        sha256: str | None
        title: str | None
        author: str | None
        published: str | None
        publisher: str | None
        url: str | None

    class Agent(NamedTuple):
        name: str
        type: AgentType | None
        note: str | None

    class Citation(NamedTuple):
        quote: str
        source: str | None
        prefix: str | None
        suffix: str | None
        occurrence: int | None

    class Claim(NamedTuple):
        text: str
        quote: list[str]
        source: str | None
        supports: list[str]
        attacks: list[str]
        undercuts: list[str]
        tags: list[str]
        note: str | None
        implicit: bool
        cites: list[Citation]
        asserted_by: str | None
        group: str | None
        expect: Label | None
        kind: ClaimKind | None
        thesis: bool

    class Evidence(NamedTuple):
        text: str
        quote: list[str]
        source: str | None
        supports: list[str]
        attacks: list[str]
        undercuts: list[str]
        tags: list[str]
        note: str | None
        implicit: bool
        cites: list[Citation]
        asserted_by: str | None
        group: str | None
        expect: Label | None
        kind: EvidenceKind | None

    class Argument(NamedTuple):
        premises: list[str]
        supports: str | None
        attacks: str | None
        undercuts: str | None
        text: str | None
        scheme: str | None
        quote: list[str]
        source: str | None
        cites: list[Citation]
        tags: list[str]
        note: str | None
        expect: Label | None

    class ArgMap(NamedTuple):
        argmap: int
        title: str
        description: str | None
        sources: dict[str, Source]
        agents: dict[str, Agent]
        claims: dict[str, Claim]
        evidence: dict[str, Evidence]
        arguments: dict[str, Argument]

        def nodes(self) -> Iterator[tuple[str, Literal["claim", "evidence"], Claim | Evidence]]: ...


def _nodes(self: Any) -> Iterator[tuple[str, Literal["claim", "evidence"], Any]]:
    """Every node in file order: claims first, then evidence."""
    for node_id, claim in self.claims.items():
        yield node_id, "claim", claim
    for node_id, item in self.evidence.items():
        yield node_id, "evidence", item


def _record_class(record: Record) -> type:
    # Defaults that are lists are shared by every record that leaves the field out; records
    # are never changed after they are built, so sharing is safe.
    names = record.keys
    defaults = [f.default_value for f in record.fields if not f.required]
    cls = NamedTuple(record.name, [(name, Any) for name in names])  # type: ignore[misc]
    cls.__new__.__defaults__ = tuple(defaults) if defaults else None
    cls.__doc__ = record.doc
    cls.__module__ = __name__
    if record.name == "ArgMap":
        cls.nodes = _nodes  # type: ignore[attr-defined]
    return cls


if not TYPE_CHECKING:
    Source, Agent, Citation, Claim, Evidence, Argument, ArgMap = (_record_class(RECORDS[name]) for name in RECORDS)

CLASSES: dict[str, type] = {"Source": Source, "Agent": Agent, "Citation": Citation, "Claim": Claim, "Evidence": Evidence, "Argument": Argument, "ArgMap": ArgMap}


# --- building records from well-formed data, without pydantic ---------------------------------


class _Unsure(Exception):
    """The data is not plainly well formed: pydantic decides."""


# The models' constraints, as full matches: pydantic's patterns are matched by
# Rust's regex engine, where `$` does not match before a final line break.
_SLUG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")
_REFERENCE = re.compile(definition.REFERENCE_PATTERN.strip("^$"))


def _id(value: Any, longest: int = MAX_ID) -> str:
    if value.__class__ is not str or len(value) > longest or not _SLUG.fullmatch(value):
        raise _Unsure
    return value


def _ids(value: Any, longest: int = MAX_ID) -> list[str]:
    """One id or a list of them."""
    if value.__class__ is str:
        return [_id(value, longest)]
    if value.__class__ is not list:
        raise _Unsure
    for item in value:
        _id(item, longest)
    return value


def _text(value: Any) -> str:
    if value.__class__ is not str or not value:
        raise _Unsure
    return value


def _quotes(value: Any) -> list[str]:
    if value.__class__ is not list:
        raise _Unsure
    for item in value:
        _text(item)
    return value


def _reference(value: Any) -> str:
    if value.__class__ is not str or len(value) > definition.MAX_REFERENCE or not _REFERENCE.fullmatch(value):
        raise _Unsure
    return value


def _references(value: Any) -> list[str]:
    if value.__class__ is str:
        return [_reference(value)]
    if value.__class__ is not list:
        raise _Unsure
    for item in value:
        _reference(item)
    return value


def _choice(kinds: dict[str, Any], value: Any) -> Any:
    if value.__class__ is not str or value not in kinds:
        raise _Unsure
    return kinds[value]


# How each type is checked, as lines of the generated builder. `{v}` is the value (None when
# the key is absent), `{k}` the key; the lines leave the record's value in `{v}`. Absent
# values were dealt with before these lines run, except for required fields.
_CHECKS: dict[ValueType, str] = {
    ValueType.VERSION: "if {v}.__class__ is not int or {v} != 1: raise _Unsure",
    ValueType.TEXT: "if {v}.__class__ is not str or not {v}: raise _Unsure",
    ValueType.OPTIONAL_TEXT: "if {v}.__class__ is not str: raise _Unsure",
    ValueType.DATE_TEXT: "if {v}.__class__ is not str: raise _Unsure",
    ValueType.ID: "{v} = _id({v})",
    ValueType.OPTIONAL_ID: "{v} = _id({v})",
    ValueType.IDS: "{v} = _ids({v})",
    ValueType.TAGS: "{v} = _ids({v}, MAX_TAG)",
    ValueType.QUOTES: "if {v}.__class__ is str and {v}: {v} = [{v}]\n    else: {v} = _quotes({v})",
    ValueType.REFERENCE: "{v} = _reference({v})",
    ValueType.REFERENCES: "{v} = _references({v})",
    ValueType.FLAG: "if {v}.__class__ is not bool: raise _Unsure",
    ValueType.SHA256: "if {v}.__class__ is not str or not _HEX_DIGEST.fullmatch({v}): raise _Unsure\n    {v} = {v}.lower()",
    ValueType.OCCURRENCE: "if {v}.__class__ is not int or {v} < 1: raise _Unsure",
    ValueType.CHOICE: "{v} = _choice(_CHOICES_{k}, {v})",
    ValueType.CITATIONS: "if {v}.__class__ is not list: raise _Unsure\n    {v} = [_build_Citation(item) for item in {v}]",
    ValueType.SECTION: "if {v}.__class__ is not dict: raise _Unsure\n    {v} = {{_id(key): _build_{of}(entry) for key, entry in {v}.items()}}",
}

# What an absent or null value becomes, by type: None where null is allowed; `raise` where a
# key written with no value is not plainly well formed (pydantic decides).
_WHEN_NULL = {
    ValueType.FLAG: "raise",
    ValueType.CITATIONS: "raise",
    ValueType.VERSION: "raise",
    ValueType.TEXT: "raise",
}


def _builder_source(record: Record) -> str:
    """The Python source of the builder of one record: one straight line of checks per field,
    the absent ones skipped at once (this runs once per node, and a large map has a hundred
    thousand of them)."""
    lines = [
        f"def _build_{record.name}(data):",
        f"    if data.__class__ is not dict or not data.keys() <= _KEYS_{record.name}: raise _Unsure",
        "    get = data.get",
    ]
    names = []
    for number, field in enumerate(record.fields):
        v = f"v{number}"
        names.append(v)
        lines.append(f"    {v} = get({field.name!r})")
        check = _CHECKS[field.type].format(v=v, k=f"{record.name}_{field.name}", of=field.of)
        if field.required:
            lines.append(f"    {check}")
            continue
        default = repr(field.default_value) if field.type not in (ValueType.SECTION,) else "{}"
        indented = "        " + check.replace("\n    ", "\n        ")
        if _WHEN_NULL.get(field.type) == "raise":
            lines.append(f"    if {v} is None:\n        if {field.name!r} in data: raise _Unsure\n        {v} = {default}\n    else:\n{indented}")
        elif field.default_value is None:
            lines.append(f"    if {v} is not None:\n{indented}")
        else:
            lines.append(f"    if {v} is None: {v} = {default}\n    else:\n{indented}")
    lines.append(f"    return {record.name}({', '.join(names)})")
    return "\n".join(lines) + "\n"


_HELPERS = ("_Unsure", "_id", "_ids", "_text", "_quotes", "_reference", "_references", "_choice", "_HEX_DIGEST")


def builder_source() -> str:
    """The text of argmap/builders.py: every record's builder, with the tables they use.

    The builders are generated from the declaration and committed, so that starting
    argmap loads them compiled like any module; `python -m argmap.definition`
    rewrites the file and tests/test_definition.py fails while it is stale.
    """
    enums = sorted({field.of.__name__ for record in RECORDS.values() for field in record.fields if field.type is ValueType.CHOICE})
    lines = [
        '"""The builders of the records, generated from the format\'s declaration (argmap/definition.py).',
        "",
        "Do not edit: `python -m argmap.definition` writes this file, and tests/test_definition.py",
        "fails when it is not what the declaration gives. See argmap/records.py.",
        '"""',
        "",
        "# ruff: noqa",
        "",
        "from .definition import MAX_TAG",
        f"from .kinds import {', '.join(enums)}",
        f"from .records import {', '.join(sorted(CLASSES))}",
        f"from .records import {', '.join(_HELPERS)}",
        "",
    ]
    for record in RECORDS.values():
        lines.append(f"_KEYS_{record.name} = frozenset({record.keys!r})")
        for field in record.fields:
            if field.type is ValueType.CHOICE:
                lines.append(f"_CHOICES_{record.name}_{field.name} = {{kind.value: kind for kind in {field.of.__name__}}}")
    lines.append("")
    return "\n".join(lines) + "\n\n" + "\n\n".join(_builder_source(record) for record in RECORDS.values())


_BUILD_MAP: Any = None


def _builders() -> Any:
    """The builder of a whole map, imported on first use (argmap/builders.py imports this module)."""
    global _BUILD_MAP
    from .builders import _build_ArgMap

    _BUILD_MAP = _build_ArgMap
    return _BUILD_MAP


def build(data: Any) -> ArgMap | None:
    """The records of well-formed map data; None when pydantic must decide."""
    try:
        return (_BUILD_MAP or _builders())(data)
    except (_Unsure, TypeError, KeyError):  # TypeError: an unhashable kind such as a list
        return None


# --- records of a pydantic model -----------------------------------------------------------------


def from_model(validated: model.ArgMap) -> ArgMap:
    """The records of a map pydantic has validated: the same fields, in the same order."""
    return _from_model(validated, RECORDS["ArgMap"])


def _from_model(value: Any, record: Record) -> Any:
    values = []
    for field in record.fields:
        item = getattr(value, field.name)
        if field.type is ValueType.SECTION:
            item = {key: _from_model(entry, RECORDS[field.of]) for key, entry in item.items()}
        elif field.type is ValueType.CITATIONS:
            item = [_from_model(entry, RECORDS[field.of]) for entry in item]
        values.append(item)
    return CLASSES[record.name](*values)


# --- the map as written -------------------------------------------------------------------------

_DEFAULTS: dict[type, dict[str, Any]] = {
    CLASSES[record.name]: {f.name: f.default_value for f in record.fields if not f.required} for record in RECORDS.values()
}


def as_written(value: Any) -> Any:
    """A record as JSON-ready data, the fields left at their defaults left out (as pydantic's
    ``model_dump(mode="json", exclude_defaults=True)`` gives the same map)."""
    defaults = _DEFAULTS.get(value.__class__)
    if defaults is not None:
        return {
            name: as_written(item)
            for name, item in zip(value._fields, value)
            if name not in defaults or item != defaults[name]
        }
    if isinstance(value, dict):
        return {key: as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_written(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value
