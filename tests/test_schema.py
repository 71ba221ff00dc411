"""The JSON Schema (`argmap schema`) describes the maps argmap accepts."""

from __future__ import annotations

import json

import jsonschema
import yaml
from click.testing import CliRunner
from conftest import SEED_MAP

from argmap.cli import cli


def _schema() -> dict:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.output)


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(_schema())


def test_seed_map_satisfies_the_schema() -> None:
    data = yaml.safe_load(SEED_MAP.read_text(encoding="utf-8"))
    data["sources"]["rashid-2015"]["published"] = str(data["sources"]["rashid-2015"]["published"])
    jsonschema.Draft202012Validator(_schema()).validate(data)


def test_single_values_accepted_by_argmap_satisfy_the_schema_too() -> None:
    data = {"argmap": 1, "title": "T", "claims": {"a": {"text": "x", "implicit": True, "supports": "b", "tags": "t"}, "b": {"text": "y", "implicit": True, "supports": [2015]}}}
    jsonschema.Draft202012Validator(_schema()).validate(data)


def test_schema_refuses_unknown_keys_like_argmap_does() -> None:
    data = {"argmap": 1, "title": "T", "claims": {"a": {"text": "x", "suports": ["b"]}}}
    assert list(jsonschema.Draft202012Validator(_schema()).iter_errors(data))


def test_the_schema_has_its_dialect_and_its_id() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:argmap:")


def _models(schema: dict) -> dict[str, dict]:
    return {"ArgMap": schema, **schema["$defs"]}


def test_every_field_has_a_description_and_an_example_that_the_schema_accepts() -> None:
    schema = _schema()
    checked = 0
    for name, model in _models(schema).items():
        if "properties" not in model:
            continue  # an enumeration of kinds
        for field, spec in model["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"
            assert spec.get("examples"), f"{name}.{field} has no example"
            # Each example must be a value of the field: checked against the field's own schema.
            field_schema = {**{k: v for k, v in spec.items() if k != "examples"}, "$defs": schema["$defs"]}
            for example in spec["examples"]:
                jsonschema.Draft202012Validator(field_schema).validate(example)
            checked += 1
    assert checked >= 50


def test_the_committed_schema_lives_under_schema() -> None:
    from conftest import REPO

    committed = json.loads((REPO / "schema" / "argmap.schema.json").read_text(encoding="utf-8"))
    assert committed == _schema()
    assert not (REPO / "docs" / "argmap.schema.json").exists()
