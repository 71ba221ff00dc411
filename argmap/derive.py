"""What is derived from the format's declaration and committed: the record builders
(argmap/builders.py), the JSON Schema (schema/argmap.schema.json) and the field tables of
docs/format.md.

Run ``python -m argmap.derive`` after changing argmap/definition.py; the tests fail while
any of the three is stale. The builders check a well-formed map without pydantic: one
straight line of checks per declared field, written out so that the hundred thousand
nodes of a large map each cost a few dictionary look-ups (see argmap/records.py for the
contract they keep with the pydantic models).
"""

from __future__ import annotations

import json
from pathlib import Path

from .definition import RECORDS, Record, ValueType, docs_with_tables
from .records import CLASSES

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
    ValueType.LINES: "{v} = _line_ranges({v})",
    ValueType.PERCENT: "{v} = _percent({v})",
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


_HELPERS = ("_Unsure", "_id", "_ids", "_text", "_quotes", "_reference", "_references", "_choice", "_HEX_DIGEST", "_line_ranges", "_percent")


def builder_source() -> str:
    """The text of argmap/builders.py: every record's builder, with the tables they use.

    The builders are generated from the declaration and committed, so that starting
    argmap loads them compiled like any module; `python -m argmap.derive`
    rewrites the file and tests/test_definition.py fails while it is stale.
    """
    enums = sorted({field.of.__name__ for record in RECORDS.values() for field in record.fields if field.type is ValueType.CHOICE})
    lines = [
        '"""The builders of the records, generated from the format\'s declaration (argmap/definition.py).',
        "",
        "Do not edit: `python -m argmap.derive` writes this file, and tests/test_definition.py",
        "fails when it is not what the declaration gives. See argmap/derive.py.",
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
    body = "\n\n".join(_builder_source(record) for record in RECORDS.values())
    return "\n".join(lines) + "\n\n" + body + "\n\n" + _BUILD


#: The entry point of the generated module, as the loader calls it.
_BUILD = '''def build(data):
    """The records of well-formed map data; None when pydantic must decide (argmap/records.py)."""
    try:
        return _build_ArgMap(data)
    except (_Unsure, TypeError, KeyError):  # TypeError: an unhashable kind such as a list
        return None
'''


def regenerate(root: Path) -> list[Path]:
    """Rewrite the derived files under the project folder ``root``; returns them."""
    from .model import json_schema

    builders = root / "argmap" / "builders.py"
    builders.write_text(builder_source(), encoding="utf-8")
    docs = root / "docs" / "format.md"
    docs.write_text(docs_with_tables(docs.read_text(encoding="utf-8")), encoding="utf-8")
    schema = root / "schema" / "argmap.schema.json"
    schema.parent.mkdir(exist_ok=True)
    schema.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    # The rules' documentation ships in the package (``argmap rules CODE``, SARIF help); the docs
    # folder holds the same text for readers of the repository.
    problems = root / "docs" / "problems.md"
    problems.write_bytes((root / "argmap" / "problems.md").read_bytes())
    return [builders, docs, schema, problems]


if __name__ == "__main__":  # pragma: no cover - a maintainer's command, held by the staleness tests
    for path in regenerate(Path(__file__).resolve().parent.parent):
        print(f"wrote {path}")
