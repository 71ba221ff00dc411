"""`argmap init` sets up a project that passes `argmap check` at once, and never overwrites a file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from argmap.cli import cli
from argmap.loader import load
from argmap.provenance import resolve
from argmap.validation import validate


def _argmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.mark.graphviz
def test_a_new_project_passes_check_at_once(tmp_path: Path) -> None:
    project = tmp_path / "project"
    done = _argmap("init", str(project), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("argmap.toml", "schema/argmap.schema.json", "sources/library.txt", "maps/library.yaml", "renders/library.svg"):
        assert (project / name).is_file(), name
    checked = _argmap("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors, 0 warnings in 1 map" in checked.stderr
    assert _argmap("fmt", "--check", "maps", cwd=project).returncode == 0  # the example is written as `argmap fmt` writes


def test_the_example_map_quotes_its_source_verbatim_and_exercises_the_format(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "p")]).exit_code in (0, 1)  # the render needs Graphviz; the map does not
    loaded = load(tmp_path / "p" / "maps" / "library.yaml")
    assert validate(loaded) == []
    anchors = resolve(loaded).quotes
    assert len(anchors) >= 8 and all(anchor.anchored for anchor in anchors)
    records = loaded.records
    assert records.arguments and records.agents and any(node.implicit for _id, _type, node in records.nodes())
    assert any(node.attacks for _id, _type, node in records.nodes())
    text = (tmp_path / "p" / "maps" / "library.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/argmap.schema.json\n")
    assert (tmp_path / "p" / "schema" / "argmap.schema.json").read_bytes() == (REPO / "schema" / "argmap.schema.json").read_bytes()


def test_the_settings_name_the_folders(tmp_path: Path) -> None:
    import tomllib

    CliRunner().invoke(cli, ["init", str(tmp_path / "p")])
    settings = tomllib.loads((tmp_path / "p" / "argmap.toml").read_text(encoding="utf-8"))
    assert settings == {"maps": ["maps"], "renders": "renders"}


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2 and "not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_force_sets_up_beside_existing_files_and_overwrites_none(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "library.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "argmap.toml").write_text("# mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", "--force", str(tmp_path)])
    assert "kept" in result.output
    assert (tmp_path / "maps" / "library.yaml").read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / "argmap.toml").read_text(encoding="utf-8") == "# mine\n"
    assert (tmp_path / "sources" / "library.txt").is_file()
    assert result.exit_code == 1  # the kept map is not a map: nothing is rendered from it, and that is said


def test_a_file_is_no_folder_to_set_up_in(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "f")])
    assert result.exit_code == 2
