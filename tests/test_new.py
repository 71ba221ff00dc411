"""`argmap new` writes a starter map over a source that validates at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, SEED_TEXT

from argmap.anchoring import Document
from argmap.cli import cli
from argmap.loader import load
from argmap.starter import describe_source, source_id_for, starter_map
from argmap.validation import validate


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding the seed text under sources/; the working directory."""
    (tmp_path / "argmap.toml").write_text('maps = ["maps"]\n', encoding="utf-8")
    (tmp_path / "sources").mkdir()
    shutil.copy(SEED_TEXT, tmp_path / "sources" / "from-mumbai-to-paris.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_starter_map_validates_at_once_with_the_source_pinned_and_described(project: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "--source", "sources/from-mumbai-to-paris.txt"])
    assert result.exit_code == 0, result.output
    path = project / "maps" / "from-mumbai-to-paris.yaml"
    assert validate(load(path)) == []
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=") and lines[0].endswith("schema/argmap.schema.json")
    assert lines[1:9] == [
        "argmap: 1",
        "title: From Mumbai to Paris",
        "sources:",
        "  from-mumbai-to-paris:",
        "    path: ../sources/from-mumbai-to-paris.txt",
        "    sha256: fbf081339b48ddebc9fa3586e27fbf659b715718f30ccccd001b445009a800c6",
        "    title: From Mumbai to Paris",
        "    author: Ahmed Rashid",
    ]
    document = Document(SEED_TEXT.read_text(encoding="utf-8"))
    listed = [line for line in lines if line.startswith("# ") and "  line " in line]
    assert len(listed) == len(document.sentences)
    assert "# 17  line 14: In fact none of these targets is random." in lines
    assert "59 sentences listed" in result.output


def test_the_schema_line_points_at_the_projects_schema_when_it_has_one(project: Path) -> None:
    (project / "schema").mkdir()
    (project / "schema" / "argmap.schema.json").write_text("{}", encoding="utf-8")
    starter = starter_map(project / "sources" / "from-mumbai-to-paris.txt", project / "maps" / "deep" / "m.yaml")
    assert starter.text.startswith("# yaml-language-server: $schema=../../schema/argmap.schema.json\n")


def test_an_existing_map_is_kept_unless_forced(project: Path) -> None:
    target = project / "m.yaml"
    target.write_text("mine\n", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["new", "--source", "sources/from-mumbai-to-paris.txt", "-o", "m.yaml"])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert target.read_text(encoding="utf-8") == "mine\n"
    forced = CliRunner().invoke(cli, ["new", "--source", "sources/from-mumbai-to-paris.txt", "-o", "m.yaml", "--id", "rashid", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "  rashid:\n    path: sources/from-mumbai-to-paris.txt\n" in target.read_text(encoding="utf-8")


def test_an_id_that_is_not_a_slug_is_a_usage_error(project: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "--source", "sources/from-mumbai-to-paris.txt", "--id", "not an id"])
    assert result.exit_code == 2 and "is not an id" in result.output
    assert not (project / "maps").exists()


def test_a_source_that_is_not_utf8_is_a_usage_error(project: Path) -> None:
    (project / "sources" / "latin1.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["new", "--source", "sources/latin1.txt"])
    assert result.exit_code == 2 and "not UTF-8" in result.output


def test_a_starter_map_of_a_quoted_title_reads_back_as_written(project: Path) -> None:
    (project / "sources" / "t.md").write_text("# Yes: or no? #1\n\nby Jane Q. Doe\n\nThe text begins here and it goes on for a while, as texts do.\n", encoding="utf-8")
    CliRunner().invoke(cli, ["new", "--source", "sources/t.md", "-o", "maps/t.yaml"])
    loaded = load(project / "maps" / "t.yaml")
    assert validate(loaded) == []
    assert loaded.records.title == "Yes: or no? #1"
    assert loaded.records.sources["t"].author == "Jane Q. Doe"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("g.txt", "The Project Gutenberg eBook\n\nTitle: The Federalist Papers\n\nAuthor: Alexander Hamilton\n\nFEDERALIST No. 51\n", ("The Federalist Papers", "Alexander Hamilton")),
        ("e.md", "---\ntitle: On Liberty\nauthor: John Stuart Mill\n---\n\nText.\n", ("On Liberty", "John Stuart Mill")),
        ("p.html", '<html><head><title>An &amp; B</title><meta name="author" content="Ann Lee"></head><body><h1>Other</h1></body></html>', ("An & B", "Ann Lee")),
        ("n.txt", "The massacre of innocents in Paris has brought to the forefront a dramatic shift in tactics.\n", (None, None)),
    ],
)
def test_title_and_author_come_from_where_the_source_states_them(name: str, text: str, expected: tuple[str | None, str | None]) -> None:
    assert describe_source(text, Path(name)) == expected


def test_source_ids_are_slugs_of_the_file_name() -> None:
    assert source_id_for(Path("Federalist No. 51.txt")) == "federalist-no.-51"
    assert source_id_for(Path("-x.txt")) == "x"
    assert source_id_for(Path("...txt")) == "source"


def test_the_repository_schema_is_what_a_map_in_the_repository_points_at() -> None:
    starter = starter_map(SEED_TEXT, REPO / "maps" / "new.yaml")
    assert starter.text.startswith("# yaml-language-server: $schema=../schema/argmap.schema.json\n")


def test_a_map_its_source_would_be_outside_of_is_refused_before_anything_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new", "--source", str(SEED_TEXT), "-o", "elsewhere/m.yaml"])
    assert result.exit_code == 2 and "is outside the project of elsewhere/m.yaml" in result.output
    assert list((tmp_path / "elsewhere").iterdir()) == []
