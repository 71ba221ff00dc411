"""The map format, defined once as pydantic models.

These models are the single definition of what a map file may contain; the
JSON Schema (``argmap schema``) and the format reference are derived from
them. Unknown keys are refused (``extra="forbid"``), never dropped.

The rest of argmap reads a loaded map through the plain records of
argmap/records.py, which check plainly well-formed maps without importing
pydantic; tests/test_records.py holds them to these models.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from .kinds import AgentType, ClaimKind, EvidenceKind

#: Ids are slugs so that they are safe in file names, DOT, SVG, HTML and URLs.
SLUG_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"

NodeId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=200)]
Tag = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$", to_lower=True)]
Text = Annotated[str, StringConstraints(min_length=1)]


def _one_or_many(item: dict[str, Any]) -> Any:
    """The JSON Schema of a field that takes one item or a list of them (or null)."""
    return WithJsonSchema({"anyOf": [item, {"type": "array", "items": item}, {"type": "null"}]})


_ID_SCHEMA = {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, {"type": "integer"}]}
_TEXT_SCHEMA = {"type": "string", "minLength": 1}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _id_text(value: Any) -> Any:
    # YAML reads `supports: [2015]` as a number, while the key `2015:` stays text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _as_list(value: Any) -> Any:
    """Accept a single item where a list is expected (``supports: x``)."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [_id_text(value)]
    if value is None:
        return []
    if isinstance(value, list):
        if all(item.__class__ is str for item in value):  # the usual case: nothing to convert
            return value
        return [_id_text(item) for item in value]
    return value


class Source(_Strict):
    """A document that nodes quote from."""

    path: Text = Field(description="Path of the source file, relative to the map file.")
    sha256: Sha256 | None = Field(None, description="Pin of the file's bytes; a mismatch is an error.")
    title: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="Publication date, e.g. 2015-11-16.")
    publisher: str | None = None
    url: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        # YAML turns 2015-11-16 into a date; the format keeps it as written.
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value


class Agent(_Strict):
    """Someone a node's statement is attributed to (an author, a government, "common belief")."""

    name: Text
    type: AgentType | None = None
    note: str | None = None


class Citation(_Strict):
    """One cited passage, with optional context to tell apart repeated text
    (as in the W3C Web Annotation TextQuoteSelector)."""

    quote: Text = Field(description="Verbatim passage of the source.")
    source: NodeId | None = Field(None, description="Source id; defaults to the node's source.")
    prefix: str | None = Field(None, description="Text just before the passage, to pick one of several occurrences.")
    suffix: str | None = Field(None, description="Text just after the passage.")
    occurrence: Annotated[StrictInt, Field(ge=1)] | None = Field(None, description="Which occurrence (1-based) when the passage stands several times.")

    _source_id = field_validator("source", mode="before")(_id_text)


class Node(_Strict):
    """Fields shared by claims and evidence."""

    text: Text = Field(description="The statement in the mapper's words.")
    quote: Annotated[list[Text], _one_or_many(_TEXT_SCHEMA)] = Field(default_factory=list, description="Verbatim passage(s) of the source.")
    source: NodeId | None = Field(None, description="Source id; may be left out when the map has one source.")
    supports: Annotated[list[NodeId], _one_or_many(_ID_SCHEMA)] = Field(default_factory=list, description="Ids of the nodes this node supports.")
    attacks: Annotated[list[NodeId], _one_or_many(_ID_SCHEMA)] = Field(default_factory=list, description="Ids of the nodes this node attacks.")
    tags: Annotated[list[Tag], _one_or_many(_ID_SCHEMA)] = Field(default_factory=list)
    note: str | None = Field(None, description="The analyst's remark; not part of the argument.")
    implicit: StrictBool = Field(False, description="A reconstructed premise the text implies but does not state.")
    cites: list[Citation] = Field(default_factory=list, description="Further passages, each with its own source and context.")
    asserted_by: NodeId | None = Field(None, description="Agent id: who asserts this; leave out for the author's own claims.")
    group: str | None = Field(None, description="A section of the map; `argmap render --cluster-by group` draws each as a box.")

    _lists = field_validator("supports", "attacks", "tags", mode="before")(_as_list)
    _ids = field_validator("source", "asserted_by", mode="before")(_id_text)

    @field_validator("quote", mode="before")
    @classmethod
    def _quotes(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [value]
        return [] if value is None else value


class Claim(Node):
    kind: ClaimKind | None = None
    thesis: StrictBool = Field(False, description="Marks a main thesis of the text.")


class Evidence(Node):
    kind: EvidenceKind | None = None


def _empty_section(value: Any) -> Any:
    return {} if value is None else value


class ArgMap(_Strict):
    """A whole map file."""

    argmap: Literal[1] = Field(description="Format version.")
    title: Text
    description: str | None = None
    sources: dict[NodeId, Source] = Field(default_factory=dict)
    agents: dict[NodeId, Agent] = Field(default_factory=dict, description="Who asserts what: referred to by `asserted_by`.")
    claims: dict[NodeId, Claim] = Field(default_factory=dict)
    evidence: dict[NodeId, Evidence] = Field(default_factory=dict)

    _sections = field_validator("sources", "agents", "claims", "evidence", mode="before")(_empty_section)

    @field_validator("argmap", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: Any) -> Any:
        if isinstance(value, bool):  # True == 1 in Python, but `argmap: true` is no version
            raise ValueError("the format version is a number")
        return value


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the map format, for editors and other tools."""
    schema = ArgMap.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "argmap map file"
    return schema
