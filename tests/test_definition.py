"""The format is declared once (argmap/definition.py); what is derived from it stays in step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap import definition, derive, model, records
from argmap.definition import RECORDS, ValueType

ROOT = Path(__file__).resolve().parent.parent


def test_the_docs_field_tables_are_generated_from_the_declaration() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert definition.docs_with_tables(text) == text, "docs/format.md is stale: run `python -m argmap.derive`"


def test_the_committed_builders_are_the_ones_the_declaration_gives() -> None:
    committed = (ROOT / "argmap" / "builders.py").read_text(encoding="utf-8")
    assert committed == derive.builder_source(), "argmap/builders.py is stale: run `python -m argmap.derive`"


def test_the_committed_json_schema_is_the_one_argmap_prints() -> None:
    committed = json.loads((ROOT / "schema" / "argmap.schema.json").read_text(encoding="utf-8"))
    assert committed == model.json_schema(), "schema/argmap.schema.json is stale: run `python -m argmap.derive`"


@pytest.mark.parametrize("name", list(RECORDS))
def test_records_and_models_have_the_declared_fields_in_order(name: str) -> None:
    declared = RECORDS[name].keys
    assert records.CLASSES[name]._fields == declared
    assert tuple(getattr(model, name).model_fields) == declared


@pytest.mark.parametrize("name", list(RECORDS))
def test_every_declared_field_has_a_description_for_the_schema_and_the_docs(name: str) -> None:
    for field in RECORDS[name].fields:
        assert field.description and not field.description.endswith(" ")
        assert field.example is not None, f"{name}.{field.name} has no example for the schema"
        assert "|" not in (field.docs or "") and "\n" not in (field.docs or ""), f"{name}.{field.name}: the docs cell must stay one table cell"


def test_a_stale_table_is_noticed() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    stale = text.replace("| `scheme` |", "| `schema` |", 1)
    assert stale != text and definition.docs_with_tables(stale) == text


def test_a_missing_marker_is_an_error_not_a_silent_skip() -> None:
    with pytest.raises(ValueError, match="fields:source"):
        definition.docs_with_tables("<!-- fields:map -->\n<!-- /fields:map -->\n")


def test_a_field_added_to_the_declaration_reaches_the_builder_the_models_and_the_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding an optional field is one line: the builder, the models and the table follow."""
    source = RECORDS["Source"]
    extra = definition.Field("licence", ValueType.OPTIONAL_TEXT, "The licence of the document.")
    grown = definition.Record(source.name, source.doc, (*source.fields, extra))
    assert "| `licence` | text | no | none | The licence of the document. |" in definition.field_table(grown)
    code = derive._builder_source(grown)
    assert "get('licence')" in code and code.count("\n    v") >= len(grown.fields)


def test_the_generated_builder_is_readable_python() -> None:
    code = derive.builder_source()
    compile(code, "builders", "exec")
    for name in RECORDS:
        assert f"def _build_{name}(data):" in code


def test_every_problem_code_has_its_section_and_its_row_in_the_docs() -> None:
    from argmap.problems import CODES

    text = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    for code in CODES.values():
        assert f"\n## {code.code} {code.name}\n" in text, f"docs/problems.md has no section for {code.code}"
        assert f"| [{code.code}](#{code.code.lower()}-{code.name}) | `{code.name}` | {code.severity.value} | {code.summary} |" in text, f"the table row of {code.code} is stale"


def test_the_problems_page_is_the_text_argmap_rules_prints() -> None:
    """docs/problems.md is written from argmap/problems.md, which `argmap rules` and the SARIF help read."""
    committed = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    shipped = (ROOT / "argmap" / "problems.md").read_text(encoding="utf-8")
    assert committed == shipped, "docs/problems.md differs from argmap/problems.md: edit argmap/problems.md and run `python -m argmap.derive`"
