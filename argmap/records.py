"""A loaded map as plain, immutable records, built without pydantic when the map is well formed.

The records are derived from the format's one declaration (argmap/definition.py):
each is a NamedTuple with the declared fields, in the declared order, with the
declared defaults. The builder that checks a well-formed map and makes its records
(``builders.build``) is generated from the same table (argmap/derive.py) and
uses the value checks below.

Importing pydantic and building the models takes about 0.08 s, more than
checking a map of a thousand nodes, so a well-formed map is checked by the
builder, and pydantic (argmap/model.py, derived from the same declaration) is
imported only when the builder is unsure. The builder accepts a strict subset of
what the models accept: any value it does not expect (a number where an id goes,
a null flag, an unknown key, an empty text...) makes it give up, and the loader
then validates with pydantic, which explains the problem or accepts the value,
and converts the result with :func:`from_model`. tests/test_records.py checks, on
generated maps, that when the builder answers, pydantic accepts the same data and
gives the same records.
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
        front_matter: list[str]
        coverage_min: float | None

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


_LINE_RANGE = re.compile(definition.LINE_RANGE_PATTERN)


def line_range(value: str) -> tuple[int, int] | None:
    """The first and last line (1-based, inclusive) of a line range as written; None when it is not one."""
    match = _LINE_RANGE.match(value)
    if match is None:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return (first, last) if first <= last else None


def _line_ranges(value: Any) -> list[str]:
    """One line range or a list of them, as written."""
    items = [value] if value.__class__ is str else value
    if items.__class__ is not list:
        raise _Unsure
    for item in items:
        if item.__class__ is not str or line_range(item) is None:
            raise _Unsure
    return items


def _percent(value: Any) -> float:
    if value.__class__ not in (int, float) or not 0 <= value <= 100:
        raise _Unsure
    return float(value)


def _choice(kinds: dict[str, Any], value: Any) -> Any:
    if value.__class__ is not str or value not in kinds:
        raise _Unsure
    return kinds[value]


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
