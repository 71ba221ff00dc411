"""A loaded map as plain, immutable records, built without pydantic when the map is well formed.

The pydantic models in argmap/model.py define the format: they give the JSON
Schema and every message about a malformed map. The rest of argmap (rules,
anchoring, renders, exports) reads a map through the records below, which have
the same fields, in the same order, with the same values.

Importing pydantic and building the models takes about 0.08 s, more than
checking a map of a thousand nodes, so a well-formed map is checked here by
:func:`build`, and pydantic is imported only when :func:`build` is unsure.
:func:`build` accepts a strict subset of what the models accept: any value it
does not expect (a number where an id goes, a null flag, an unknown key, an
empty text...) makes it give up, and the loader then validates with pydantic,
which explains the problem or accepts the value, and converts the result with
:func:`from_model`. tests/test_records.py checks, on generated maps, that when
:func:`build` answers, pydantic accepts the same data and gives the same
records, and that the records of the same map never depend on the path taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .kinds import AgentType, ClaimKind, EvidenceKind

if TYPE_CHECKING:
    from . import model


class Source(NamedTuple):
    """A document that nodes quote from."""

    path: str
    sha256: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None


class Agent(NamedTuple):
    """Someone a node's statement is attributed to."""

    name: str
    type: AgentType | None = None
    note: str | None = None


class Citation(NamedTuple):
    """One cited passage, with optional context to tell apart repeated text."""

    quote: str
    source: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None


class Claim(NamedTuple):
    text: str
    quote: list[str]
    source: str | None
    supports: list[str]
    attacks: list[str]
    tags: list[str]
    note: str | None
    implicit: bool
    cites: list[Citation]
    asserted_by: str | None
    group: str | None
    kind: ClaimKind | None
    thesis: bool


class Evidence(NamedTuple):
    text: str
    quote: list[str]
    source: str | None
    supports: list[str]
    attacks: list[str]
    tags: list[str]
    note: str | None
    implicit: bool
    cites: list[Citation]
    asserted_by: str | None
    group: str | None
    kind: EvidenceKind | None


class ArgMap(NamedTuple):
    """A whole map."""

    argmap: int
    title: str
    description: str | None
    sources: dict[str, Source]
    agents: dict[str, Agent]
    claims: dict[str, Claim]
    evidence: dict[str, Evidence]

    def nodes(self) -> Iterator[tuple[str, Literal["claim", "evidence"], Claim | Evidence]]:
        """Every node in file order: claims first, then evidence."""
        for node_id, claim in self.claims.items():
            yield node_id, "claim", claim
        for node_id, item in self.evidence.items():
            yield node_id, "evidence", item


# --- building records from well-formed data, without pydantic ---------------------------------


class _Unsure(Exception):
    """The data is not plainly well formed: pydantic decides."""


# The models' constraints, as full matches: pydantic's patterns are matched by
# Rust's regex engine, where `$` does not match before a final line break.
_SLUG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")
_MAX_ID = 200
_MAX_TAG = 100


def _text(value: Any) -> str:
    if value.__class__ is not str or not value:
        raise _Unsure
    return value


def _optional_text(value: Any) -> str | None:
    if value is not None and value.__class__ is not str:
        raise _Unsure
    return value


def _id(value: Any, longest: int = _MAX_ID) -> str:
    if value.__class__ is not str or len(value) > longest or not _SLUG.fullmatch(value):
        raise _Unsure
    return value


def _optional_id(value: Any) -> str | None:
    return None if value is None else _id(value)


def _ids(value: Any, longest: int = _MAX_ID) -> list[str]:
    """One id or a list of them (or nothing)."""
    if value is None:
        return []
    if value.__class__ is str:
        return [_id(value, longest)]
    if value.__class__ is not list:
        raise _Unsure
    for item in value:
        _id(item, longest)
    return value


def _quotes(value: Any) -> list[str]:
    if value is None:
        return []
    if value.__class__ is str:
        return [_text(value)]
    if value.__class__ is not list:
        raise _Unsure
    for item in value:
        _text(item)
    return value


def _flag(value: Any) -> bool:
    if value.__class__ is not bool:
        raise _Unsure
    return value


def _choice(kinds: dict[str, Any], value: Any) -> Any:
    if value is None:
        return None
    if value.__class__ is not str or value not in kinds:
        raise _Unsure
    return kinds[value]


def _fields(data: Any, allowed: frozenset[str]) -> dict[str, Any]:
    if data.__class__ is not dict or not data.keys() <= allowed:
        raise _Unsure
    return data


_CLAIM_KINDS = {kind.value: kind for kind in ClaimKind}
_EVIDENCE_KINDS = {kind.value: kind for kind in EvidenceKind}
_AGENT_TYPES = {kind.value: kind for kind in AgentType}
_SOURCE_KEYS = frozenset(Source._fields)
_AGENT_KEYS = frozenset(Agent._fields)
_CITATION_KEYS = frozenset(Citation._fields)
_CLAIM_KEYS = frozenset(Claim._fields)
_EVIDENCE_KEYS = frozenset(Evidence._fields)
_MAP_KEYS = frozenset(ArgMap._fields)


def _source(data: Any) -> Source:
    get = _fields(data, _SOURCE_KEYS).get
    sha256 = get("sha256")
    if sha256 is not None:
        if sha256.__class__ is not str or not _HEX_DIGEST.fullmatch(sha256):
            raise _Unsure
        sha256 = sha256.lower()
    return Source(
        _text(get("path")),
        sha256,
        _optional_text(get("title")),
        _optional_text(get("author")),
        _optional_text(get("published")),
        _optional_text(get("publisher")),
        _optional_text(get("url")),
    )


def _agent(data: Any) -> Agent:
    get = _fields(data, _AGENT_KEYS).get
    return Agent(_text(get("name")), _choice(_AGENT_TYPES, get("type")), _optional_text(get("note")))


def _citation(data: Any) -> Citation:
    get = _fields(data, _CITATION_KEYS).get
    occurrence = get("occurrence")
    if occurrence is not None and (occurrence.__class__ is not int or occurrence < 1):
        raise _Unsure
    return Citation(_text(get("quote")), _optional_id(get("source")), _optional_text(get("prefix")), _optional_text(get("suffix")), occurrence)


def _common(data: dict[str, Any]) -> tuple[Any, ...]:
    """The fields claims and evidence share, in the models' order.

    Written out field by field, with the absent ones skipped at once: this runs
    once per node, and a large map has a hundred thousand of them.
    """
    get = data.get
    text = get("text")
    if text.__class__ is not str or not text:
        raise _Unsure
    quote = get("quote")
    if quote.__class__ is str and quote:
        quote = [quote]
    else:
        quote = _quotes(quote)
    source = get("source")
    supports = get("supports")
    attacks = get("attacks")
    tags = get("tags")
    note = get("note")
    implicit = get("implicit", False)
    cites = get("cites")
    asserted_by = get("asserted_by")
    group = get("group")
    if implicit.__class__ is not bool:
        raise _Unsure
    if cites is None:
        if "cites" in data:  # `cites: null` is no list
            raise _Unsure
        cites = []
    elif cites.__class__ is list:
        cites = [_citation(cite) for cite in cites]
    else:
        raise _Unsure
    return (
        text,
        quote,
        None if source is None else _id(source),
        [] if supports is None else _ids(supports),
        [] if attacks is None else _ids(attacks),
        [] if tags is None else _ids(tags, _MAX_TAG),
        None if note is None else _optional_text(note),
        implicit,
        cites,
        None if asserted_by is None else _id(asserted_by),
        None if group is None else _optional_text(group),
    )


def _claim(data: Any) -> Claim:
    data = _fields(data, _CLAIM_KEYS)
    return Claim(*_common(data), _choice(_CLAIM_KINDS, data.get("kind")), _flag(data.get("thesis", False)))


def _evidence(data: Any) -> Evidence:
    data = _fields(data, _EVIDENCE_KEYS)
    return Evidence(*_common(data), _choice(_EVIDENCE_KINDS, data.get("kind")))


def _section(data: dict[str, Any], key: str, build_entry: Callable[[Any], Any]) -> dict[str, Any]:
    entries = data.get(key)
    if entries is None:
        return {}
    if entries.__class__ is not dict:
        raise _Unsure
    return {_id(entry_id): build_entry(entry) for entry_id, entry in entries.items()}


def build(data: Any) -> ArgMap | None:
    """The records of well-formed map data; None when pydantic must decide."""
    try:
        fields = _fields(data, _MAP_KEYS)
        version = fields.get("argmap")
        if version.__class__ is not int or version != 1:
            raise _Unsure
        return ArgMap(
            version,
            _text(fields.get("title")),
            _optional_text(fields.get("description")),
            _section(fields, "sources", _source),
            _section(fields, "agents", _agent),
            _section(fields, "claims", _claim),
            _section(fields, "evidence", _evidence),
        )
    except (_Unsure, TypeError, KeyError):  # TypeError: an unhashable kind such as a list
        return None


# --- records of a pydantic model -----------------------------------------------------------------


def from_model(validated: model.ArgMap) -> ArgMap:
    """The records of a map pydantic has validated."""

    def common(node: model.Claim | model.Evidence) -> tuple[Any, ...]:
        cites = [Citation(c.quote, c.source, c.prefix, c.suffix, c.occurrence) for c in node.cites]
        return (node.text, node.quote, node.source, node.supports, node.attacks, node.tags, node.note, node.implicit, cites, node.asserted_by, node.group)

    return ArgMap(
        validated.argmap,
        validated.title,
        validated.description,
        {k: Source(s.path, s.sha256, s.title, s.author, s.published, s.publisher, s.url) for k, s in validated.sources.items()},
        {k: Agent(a.name, a.type, a.note) for k, a in validated.agents.items()},
        {k: Claim(*common(c), c.kind, c.thesis) for k, c in validated.claims.items()},
        {k: Evidence(*common(e), e.kind) for k, e in validated.evidence.items()},
    )


# --- the map as plain data ----------------------------------------------------------------------

_NODE_DEFAULTS = {"quote": [], "source": None, "supports": [], "attacks": [], "tags": [], "note": None, "implicit": False, "cites": [], "asserted_by": None, "group": None}
_DEFAULTS: dict[type, dict[str, Any]] = {
    Source: Source._field_defaults,
    Agent: Agent._field_defaults,
    Citation: Citation._field_defaults,
    Claim: {**_NODE_DEFAULTS, "kind": None, "thesis": False},
    Evidence: {**_NODE_DEFAULTS, "kind": None},
    ArgMap: {"description": None, "sources": {}, "agents": {}, "claims": {}, "evidence": {}},
}


def to_data(value: Any) -> Any:
    """A record as JSON-ready data without the fields left at their defaults (as pydantic's
    ``model_dump(mode="json", exclude_defaults=True)`` gives the same map)."""
    defaults = _DEFAULTS.get(value.__class__)
    if defaults is not None:
        return {
            name: to_data(item)
            for name, item in zip(value._fields, value)
            if name not in defaults or item != defaults[name]
        }
    if isinstance(value, dict):
        return {key: to_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_data(item) for item in value]
    if isinstance(value, (ClaimKind, EvidenceKind, AgentType)):
        return value.value
    return value
