"""`argmap import draft`: a drafted map in, every quote checked, repaired when certain."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import cli
from argmap.formats import Input, SourceInput
from argmap.formats.draft import read
from argmap.loader import load
from argmap.validation import validate

SOURCE = (
    "The river rose above the old bridge\u2014and nobody was ready.\n"
    "People left their homes before dawn.\n"
    "The mayor said \u201cthe town would rebuild.\u201d\n"
    "The dam held for a day. The dam held for a week.\n"
    "Help came from the hills, late in the evening.\n"
)

#: Planted: a verbatim quote, a paraphrase of one word, a typewriter dash with spaces, typewriter
#: quotation marks, other letter case, an ellipsis, an invented quote, and a quote that fits two passages.
DRAFT = {
    "title": "The flood",
    "claims": [
        {"id": "rose", "text": "The river rose.", "quote": "The river rose above the old bridge", "thesis": True},
        {"id": "ready", "text": "Nobody was ready.", "quote": "the old bridge -- and nobody was ready", "supports": "rose"},
        {"text": "The mayor promised.", "quote": "The mayor said ``the town would rebuild.''", "supports": 0},
        {"id": "dam", "text": "The dam held.", "quote": "The dam held for a month.", "supports": "rose"},
    ],
    "evidence": [
        {"id": "left", "text": "People left.", "quote": "People left their homes before sunrise.", "supports": ["rose", "ready"]},
        {"id": "help", "text": "Help came late.", "quote": "help came from the hills \u2026 late in the evening.", "supports": 1},
        {"id": "made-up", "text": "Boats came.", "quote": "Boats from the coast rescued everyone on the roofs.", "attacks": "rose", "confidence": 0.2},
    ],
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "flood.txt").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def run(folder: Path, draft: str, name: str = "draft.json", *extra: str) -> tuple[int, str, str]:
    (folder / name).write_text(draft, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["import", "draft", str(folder / name), "--source", str(folder / "seeds" / "flood.txt"), "-o", str(folder / "flood.yaml"), *extra]
    )
    return result.exit_code, result.stdout, result.stderr


def test_every_planted_quote_gets_its_outcome(folder: Path) -> None:
    status, out, err = run(folder, json.dumps(DRAFT))
    assert status == 1  # the invented and the ambiguous quotes stay errors
    assert "7 quote(s): 2 stood, 3 repaired, 2 failed" in err
    data = yaml.safe_load((folder / "flood.yaml").read_text(encoding="utf-8"))
    claims, evidence = data["claims"], data["evidence"]
    assert claims["rose"]["quote"] == "The river rose above the old bridge"  # stood
    assert claims["ready"]["quote"] == "the old bridge\u2014and nobody was ready"  # spacing around a dash
    assert claims["the-mayor-promised"]["quote"] == "The mayor said ``the town would rebuild.''"  # stood: typewriter quotes fold
    assert claims["dam"]["quote"] == "The dam held for a month."  # two passages fit: kept
    assert evidence["left"]["quote"] == "People left their homes before dawn."  # one word
    assert evidence["help"]["quote"] == ["Help came from the hills", "late in the evening."]  # case and ellipsis
    assert evidence["made-up"]["quote"] == "Boats from the coast rescued everyone on the roofs."  # invented: kept
    assert "quote repaired (1 of 6 words differs)" in err
    assert "quote:  People left their homes before [-sunrise-]." in err
    assert "source: People left their homes before {+dawn+}." in err
    assert "2 passages are as close" in err


def test_the_written_map_pins_its_source_and_names_it_relative_to_the_map(folder: Path) -> None:
    run(folder, json.dumps(DRAFT))
    data = yaml.safe_load((folder / "flood.yaml").read_text(encoding="utf-8"))
    assert data["sources"] == {"flood": {"path": "seeds/flood.txt", "sha256": hashlib.sha256(SOURCE.encode()).hexdigest()}}


def test_relations_by_id_and_by_position(folder: Path) -> None:
    run(folder, json.dumps(DRAFT))
    data = yaml.safe_load((folder / "flood.yaml").read_text(encoding="utf-8"))
    assert data["claims"]["the-mayor-promised"]["supports"] == ["rose"]  # position 0
    assert data["evidence"]["help"]["supports"] == ["ready"]  # position 1
    assert data["evidence"]["left"]["supports"] == ["rose", "ready"]
    assert data["evidence"]["made-up"]["attacks"] == ["rose"]
    assert data["evidence"]["made-up"]["note"] == "confidence: 0.2"


def test_the_failed_quotes_are_the_only_provenance_errors_and_show_the_difference(folder: Path) -> None:
    run(folder, json.dumps(DRAFT))
    problems = [p for p in validate(load(folder / "flood.yaml")) if p.is_error]
    assert sorted((p.code, p.message.split(":")[0]) for p in problems) == [("AM403", "claim 'dam'"), ("AM403", "evidence 'made-up'")]
    dam = next(p for p in problems if "'dam'" in p.message)
    assert "quote:  The dam held for a [-month-]." in (dam.hint or "")


def test_json_lines_with_types_and_a_title_line(folder: Path) -> None:
    lines = [
        {"title": "Lines"},
        {"type": "claim", "id": "rose", "text": "The river rose.", "quote": "The river rose above the old bridge"},
        {"type": "evidence", "text": "People left.", "quote": "People left their homes before dawn.", "supports": 0},
    ]
    status, _out, err = run(folder, "\n".join(json.dumps(line) for line in lines) + "\n", "draft.jsonl")
    assert status == 0, err
    assert "2 quote(s): 2 stood, 0 repaired, 0 failed" in err
    data = yaml.safe_load((folder / "flood.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Lines"
    assert data["evidence"]["people-left"]["supports"] == ["rose"]


def test_a_bad_line_is_placed_and_the_rest_imported() -> None:
    source = SourceInput(Path(__file__), "x.txt")
    imported = read([Input("d.jsonl", b'{"text": "A", "quote": "import json"}\n{not json\n')], source)
    assert [(p.code, p.location.line) for p in imported.problems] == [("AM701", 2)]
    assert list(imported.data["claims"]) == ["a"]


def test_a_draft_needs_its_source_and_other_formats_refuse_one(folder: Path) -> None:
    (folder / "draft.json").write_text(json.dumps(DRAFT), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "draft", str(folder / "draft.json"), "-o", str(folder / "out.yaml")])
    assert result.exit_code == 2 and "--source SOURCE" in result.output
    result = CliRunner().invoke(
        cli, ["import", "argdown", str(folder / "draft.json"), "--source", str(folder / "seeds" / "flood.txt"), "-o", str(folder / "out.yaml")]
    )
    assert result.exit_code == 2 and "--source is for the formats" in result.output
    assert not (folder / "out.yaml").exists()


def test_a_draft_that_is_not_a_draft_is_refused(folder: Path) -> None:
    status, _out, err = run(folder, '{"arguments": []}')
    assert status == 1
    assert "AM701" in err or "AM701" in _out
    assert not (folder / "flood.yaml").exists()
