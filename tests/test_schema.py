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
