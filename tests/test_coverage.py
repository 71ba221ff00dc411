"""Coverage leaves out headings and front matter, does not fail a source that is only
referenced, and takes a minimum per source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import cli
from argmap.coverage import coverage

FEDERALIST = Path(__file__).resolve().parent.parent / "benchmarks" / "sentences" / "federalist-51.txt"


def _map(tmp_path: Path, fed: str = "", other: str = "") -> Path:
    (tmp_path / "fed.txt").write_bytes(FEDERALIST.read_bytes())
    text = (
        "argmap: 1\ntitle: T\nsources:\n"
        f"  fed:\n    path: fed.txt\n{fed}"
        f"  other:\n    path: fed.txt\n{other}"
        "claims:\n"
        "  angels:\n    text: Government is needed.\n    source: fed\n"
        "    quote: If men were angels, no government would be necessary.\n"
        "  people:\n    text: Addressed to New York.\n    source: fed\n    quote: To the People of the State of New York\n    supports: angels\n"
    )
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_headings_are_not_counted_and_front_matter_lines_are_left_out(tmp_path: Path) -> None:
    reports = {r.source_id: r for r in coverage(argmap.load(_map(tmp_path)))}
    fed = reports["fed"]
    assert fed.left_out == 5  # FEDERALIST No. 51, the title, the date, MADISON, PUBLIUS.
    assert all("MADISON" not in s.text and "FEDERALIST" not in s.text for s in fed.sentences)
    assert fed.cited == 2
    with_front_matter = coverage(argmap.load(_map(tmp_path, fed="    front_matter: 1-11\n")))[0]
    assert with_front_matter.left_out == 7  # "For the Independent Journal." and the salutation too
    assert with_front_matter.cited == 1
    assert len(with_front_matter.sentences) == len(fed.sentences) - 2


def test_a_source_only_referenced_is_reported_and_never_fails(tmp_path: Path) -> None:
    path = _map(tmp_path)
    result = CliRunner().invoke(cli, ["coverage", str(path), "--min", "3"])
    assert result.exit_code == 0, result.output
    assert "other (fed.txt): not quoted (only referenced)" in result.output
    data = json.loads(CliRunner().invoke(cli, ["coverage", str(path), "-f", "json"]).output)
    assert [(d["source"], d["quoted"]) for d in data] == [("fed", True), ("other", False)]


def test_minimum_per_source_from_the_command_line_and_from_the_source(tmp_path: Path) -> None:
    runner = CliRunner()
    path = _map(tmp_path)
    assert runner.invoke(cli, ["coverage", str(path), "--min", "5"]).exit_code == 1
    assert runner.invoke(cli, ["coverage", str(path), "--min", "5", "--min", "fed=3"]).exit_code == 0
    failing = runner.invoke(cli, ["coverage", str(path), "--min", "fed=50"])
    assert failing.exit_code == 1 and "coverage of 'fed' is 3.2%, below 50%" in failing.output
    declared = _map(tmp_path, fed="    coverage_min: 50\n")
    assert runner.invoke(cli, ["coverage", str(declared)]).exit_code == 1
    assert runner.invoke(cli, ["coverage", str(declared), "--min", "fed=1"]).exit_code == 0


@pytest.mark.parametrize("value", ["x", "fed=101", "fed=", "nosuch=10"])
def test_a_bad_minimum_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = CliRunner().invoke(cli, ["coverage", str(_map(tmp_path)), "--min", value])
    assert result.exit_code == 2
    assert "--min" in result.output


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("front_matter: 12-3", "`front_matter` item 1 of source 'fed': '12-3' is not a line range"),
        ("front_matter: [1-2, lines]", "`front_matter` item 2 of source 'fed': 'lines' is not a line range"),
        ("coverage_min: 120", "`coverage_min` of source 'fed'"),
        ("coverage_min: true", "`coverage_min` of source 'fed'"),
    ],
)
def test_invalid_source_fields_are_reported_at_their_position(tmp_path: Path, field: str, message: str) -> None:
    loaded = argmap.load(_map(tmp_path, fed=f"    {field}\n"))
    problems = [p for p in loaded.problems if p.code in ("AM105", "AM109")]
    assert len(problems) == 1, loaded.problems
    assert message in problems[0].message
    assert problems[0].location.line == 6


def test_valid_source_fields_are_read_as_written(tmp_path: Path) -> None:
    loaded = argmap.load(_map(tmp_path, fed="    front_matter: [1-11, 193]\n    coverage_min: 40\n"))
    assert loaded.problems == []
    assert loaded.records.sources["fed"].front_matter == ["1-11", "193"]
    assert loaded.records.sources["fed"].coverage_min == 40
