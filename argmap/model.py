"""The pydantic models of the map format, derived from its declaration (argmap/definition.py).

They explain every problem of a malformed map (the loader turns their errors
into problems) and give the JSON Schema (``argmap schema``). Unknown keys are
refused (``extra="forbid"``), never dropped. Only a map that is not plainly
well formed imports this module: the records of argmap/records.py check the
rest without pydantic.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from . import definition
from .definition import MAX_ID, MAX_TAG, RECORDS, REQUIRED, SLUG_PATTERN, Record, ValueType

NodeId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID)]
Tag = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_TAG)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$", to_lower=True)]
Text = Annotated[str, StringConstraints(min_length=1)]
Reference = Annotated[str, StringConstraints(pattern=definition.REFERENCE_PATTERN, max_length=definition.MAX_REFERENCE)]


def _one_or_many(item: dict[str, Any]) -> Any:
    """The JSON Schema of a field that takes one item or a list of them (or null)."""
    return WithJsonSchema({"anyOf": [item, {"type": "array", "items": item}, {"type": "null"}]})


_ID_SCHEMA = {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, {"type": "integer"}]}
_TEXT_SCHEMA = {"type": "string", "minLength": 1}
_REFERENCE_SCHEMA = {"type": "string", "pattern": definition.REFERENCE_PATTERN}


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


def _quotes(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return [] if value is None else value


def _date_as_text(value: Any) -> Any:
    # YAML turns 2015-11-16 into a date; the format keeps it as written.
    return value.isoformat() if hasattr(value, "isoformat") else value


def _empty_section(value: Any) -> Any:
    return {} if value is None else value


def _version_is_a_number(value: Any) -> Any:
    if isinstance(value, bool):  # True == 1 in Python, but `argmap: true` is no version
        raise ValueError("the format version is a number")
    return value


def _not_a_flag(value: Any) -> Any:
    if isinstance(value, bool):  # True == 1 in Python, but `coverage_min: true` is no number
        raise ValueError("a number is expected, not true or false")
    return value


def _line_range(value: str) -> str:
    from .records import line_range

    if line_range(value) is None:
        raise PydanticCustomError("line_range", "'{value}' is not a line range such as `12` or `1-12` (first line not after the last)", {"value": value})
    return value


LineRange = Annotated[str, AfterValidator(_line_range)]
_LINE_RANGE_SCHEMA = {"anyOf": [{"type": "string", "pattern": definition.LINE_RANGE_PATTERN}, {"type": "integer", "minimum": 1}]}


_models: dict[str, type[BaseModel]] = {}


def _annotation(field: definition.Field) -> Any:
    """The pydantic type of a declared field."""
    kind = field.type
    if kind is ValueType.VERSION:
        return Annotated[Literal[1], BeforeValidator(_version_is_a_number)]
    if kind is ValueType.TEXT:
        return Text
    if kind is ValueType.OPTIONAL_TEXT:
        return str | None
    if kind is ValueType.DATE_TEXT:
        return Annotated[str | None, BeforeValidator(_date_as_text)]
    if kind in (ValueType.ID, ValueType.OPTIONAL_ID):
        return Annotated[NodeId | None, BeforeValidator(_id_text)]
    if kind is ValueType.IDS:
        return Annotated[list[NodeId], BeforeValidator(_as_list), _one_or_many(_ID_SCHEMA)]
    if kind is ValueType.TAGS:
        return Annotated[list[Tag], BeforeValidator(_as_list), _one_or_many(_ID_SCHEMA)]
    if kind is ValueType.QUOTES:
        return Annotated[list[Text], BeforeValidator(_quotes), _one_or_many(_TEXT_SCHEMA)]
    if kind is ValueType.REFERENCE:
        return Annotated[Reference | None, BeforeValidator(_id_text)]
    if kind is ValueType.REFERENCES:
        return Annotated[list[Reference], BeforeValidator(_as_list), _one_or_many(_REFERENCE_SCHEMA)]
    if kind is ValueType.FLAG:
        return StrictBool
    if kind is ValueType.SHA256:
        return Sha256 | None
    if kind is ValueType.OCCURRENCE:
        return Annotated[StrictInt, Field(ge=1)] | None
    if kind is ValueType.CHOICE:
        return field.of | None
    if kind is ValueType.CITATIONS:
        return list[_model(RECORDS[field.of])]  # type: ignore[misc]
    if kind is ValueType.LINES:
        return Annotated[list[LineRange], BeforeValidator(_as_list), _one_or_many(_LINE_RANGE_SCHEMA)]
    if kind is ValueType.PERCENT:
        return Annotated[float, BeforeValidator(_not_a_flag), Field(ge=0, le=100)] | None
    if kind is ValueType.SECTION:
        return Annotated[dict[NodeId, _model(RECORDS[field.of])], BeforeValidator(_empty_section)]  # type: ignore[misc]
    raise AssertionError(f"no pydantic type for {kind}")


def _model(record: Record) -> type[BaseModel]:
    """The pydantic model of a declared record (each made once)."""
    if record.name not in _models:
        fields: dict[str, Any] = {}
        for field in record.fields:
            # The schema shows each field's example, so editors can offer it while typing.
            described = {"description": field.description, "examples": None if field.example is None else [field.example]}
            if field.required:
                spec = Field(REQUIRED, **described)
            elif field.type in (ValueType.IDS, ValueType.TAGS, ValueType.QUOTES, ValueType.REFERENCES, ValueType.CITATIONS, ValueType.LINES):
                spec = Field(default_factory=list, **described)
            elif field.type is ValueType.SECTION:
                spec = Field(default_factory=dict, **described)
            else:
                spec = Field(field.default, **described)
            fields[field.name] = (_annotation(field), spec)
        _models[record.name] = create_model(record.name, __base__=_Strict, __doc__=record.doc, __module__=__name__, **fields)
    return _models[record.name]


Source, Agent, Citation, Claim, Evidence, Argument, ArgMap = (_model(record) for record in RECORDS.values())


#: The schema's identifier: a name, not an address (argmap never fetches it). The file itself
#: is committed as schema/argmap.schema.json; maps point editors at it by path.
SCHEMA_ID = "urn:argmap:schema:map:1"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the map format, for editors and other tools."""
    schema = ArgMap.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema, "title": "argmap map file"}
