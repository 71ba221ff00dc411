"""The services under the CLI: parallel runs, the results cache, suppressions in the map."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HEAD, SOURCE_TEXT, dedent

from argmap import cache as cache_module
from argmap.cli import cli
from argmap.config import RuleSelection, Settings
from argmap.services import check_paths, validate_paths

MAP = HEAD + dedent(
    """
    claims:
      a:
        text: A
        quote: Rain fell on the town all night.
        supports: [b]
      b:
        text: B
        quote: People left their homes before dawn.
    """
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "maps" / "m.yaml").write_text(MAP, encoding="utf-8")
    return tmp_path


def _settings(project: Path, **changes: object) -> Settings:
    return replace(Settings(root=project, cache_dir=project / "cache"), **changes)


def test_an_unchanged_map_comes_from_the_cache(project: Path) -> None:
    settings = _settings(project)
    first = validate_paths([Path("maps")], settings)
    assert [r.cached for r in first.maps] == [False]
    again = validate_paths([Path("maps")], settings)
    assert [r.cached for r in again.maps] == [True]
    assert again.problems == first.problems


@pytest.mark.parametrize("change", ["map", "source", "setting", "argmap", "render"])
def test_every_input_kind_makes_the_cache_miss(project: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    settings = _settings(project)
    (project / "renders").mkdir()
    (project / "renders" / "m.svg").write_text("<svg/>", encoding="utf-8")
    before = check_paths([Path("maps")], settings)
    assert check_paths([Path("maps")], settings).maps[0].cached
    if change == "map":
        (project / "maps" / "m.yaml").write_text(MAP.replace("People left", "People left their homes"), encoding="utf-8")
    elif change == "source":
        (project / "maps" / "source.txt").write_text(SOURCE_TEXT.replace("People left their homes", "People fled"), encoding="utf-8")
    elif change == "setting":
        settings = replace(settings, rules=RuleSelection(ignore=("AM501",)))
    elif change == "argmap":
        monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another argmap")
    elif change == "render":
        (project / "renders" / "m.svg").write_text("<svg>changed</svg>", encoding="utf-8")
    after = check_paths([Path("maps")], settings)
    assert not after.maps[0].cached
    if change == "source":  # and the result is the fresh one, not the stale one
        assert "AM403" in [p.code for p in after.problems] and "AM403" not in [p.code for p in before.problems]


def test_a_damaged_cache_entry_is_a_miss(project: Path) -> None:
    settings = _settings(project)
    validate_paths([Path("maps")], settings)
    for entry in (project / "cache").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert not validate_paths([Path("maps")], settings).maps[0].cached


def test_parallel_output_equals_serial_output(project: Path) -> None:
    for number in range(12):
        text = MAP if number % 3 else MAP.replace("supports: [b]", "supports: [nobody]")
        (project / "maps" / f"m{number:02}.yaml").write_text(text, encoding="utf-8")
    serial = validate_paths([Path("maps")], _settings(project, jobs=1, cache=False))
    parallel = validate_paths([Path("maps")], _settings(project, jobs=2, cache=False))
    assert [r.path for r in parallel.maps] == [r.path for r in serial.maps]
    assert parallel.problems == serial.problems
    assert len(serial.problems) == 8  # AM201 and AM303 in each of four maps


def test_the_cli_output_of_j1_and_j2_is_the_same(project: Path) -> None:
    for number in range(6):
        (project / "maps" / f"m{number}.yaml").write_text(MAP.replace("supports: [b]", f"supports: [x{number}]"), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(cli, ["validate", "-j", "1", "--no-cache"])
    two = runner.invoke(cli, ["validate", "-j", "2", "--no-cache"])
    assert one.output == two.output and one.exit_code == two.exit_code == 1


SUPPRESSED = HEAD + dedent(
    """
    claims:
      a:
        text: A
        quote: Rain fell on the town all night.
        supports: [b]
      b:
        text: B
        quote: People left their homes before dawn.
      closing:
        text: A closing remark.
        implicit: true
        suppress: "AM303: the closing remark stands alone on purpose"
      other:
        text: Another.
        implicit: true
        suppress: ["AM205: no such problem here", "nonsense"]
    """
)


def test_suppressions_hide_their_problem_and_report_the_unused(project: Path) -> None:
    (project / "maps" / "m.yaml").write_text(SUPPRESSED, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", "--output-format", "json", "--show-suppressed"])
    problems = json.loads(result.stdout)
    found = [(p["code"], p["line"], p["column"], p["suppressed"]) for p in problems]
    assert found == [
        ("AM303", 18, 3, False),  # `other` is isolated and its suppressions do not name AM303
        ("AM011", 21, 16, False),
        ("AM010", 21, 47, False),
        ("AM303", 14, 3, "the closing remark stands alone on purpose"),
    ]
    text = runner.invoke(cli, ["validate", "--show-suppressed", "--color", "never"])
    assert "suppressed:\n  maps/m.yaml:14:3: AM303" in text.output
    assert "(1 suppressed)" in text.output
