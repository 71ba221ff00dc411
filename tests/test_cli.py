"""The command line, through click's CliRunner (and once as `python -m argmap`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HEAD, REPO, SEED_MAP, SEED_TEXT, SOURCE_TEXT, dedent

import argmap
from argmap.cli import cli
from argmap.diagram import read_digest
from argmap.problems import CODES

LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>AM\d{3}) \[(?P<severity>error|warning)\] (?P<message>.+)$")
HINT = re.compile(r"^    hint: .+$|^          \S.*$")  # a hint, or a further line of it
SNIPPET = re.compile(r"^ *\d* \|( .*)?$")

ERRORS_MAP = HEAD + dedent(
    """
    claims:
      a:
        text: A
        quote: Rain fell on the town all nite.
        supports: [b, nobody]
      b:
        text: B
        quote: People left their homes before dawn.
    """
)
# AM403 at 9:12 (with a hint) and AM201 at 10:19.

WARNING_MAP = HEAD + dedent(
    """
    claims:
      a:
        text: A
        quote: Rain fell on the town all night.
        supports: b
      b:
        text: B
        quote: People left their homes before dawn.
      alone:
        text: C
        implicit: true
    """
)
# Only AM303 (a warning) at 14:3.

CLEAN_MAP = HEAD + "claims:\n  a:\n    text: A\n    quote: Rain fell\n    supports: b\n  b:\n    text: B\n    quote: People left\n"


@pytest.fixture
def runner() -> CliRunner:
    try:  # click 8.1 mixes stderr into stdout unless told not to; 8.2+ keeps them apart
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work inside tmp_path, with source.txt there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / ".git").mkdir()  # a project: maps in folders below may quote source.txt
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- validate ------------------------------------------------------------------------------------


def test_validate_text_output(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "errors.yaml", ERRORS_MAP)
    result = runner.invoke(cli, ["validate", "errors.yaml"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    found = []
    for line in lines:
        match = LINE.match(line)
        if match:
            found.append((match["path"], int(match["line"]), int(match["col"]), match["code"], match["severity"]))
        else:
            assert HINT.match(line) or SNIPPET.match(line), f"unexpected output line: {line!r}"
    assert found == [("errors.yaml", 9, 12, "AM403", "error"), ("errors.yaml", 10, 19, "AM201", "error")]
    # The line of the map follows its problem, the span underlined, then the hint.
    first = lines.index(next(l for l in lines if " AM403 " in l))
    assert lines[first + 1 : first + 4] == [
        "  |",
        '9 |     quote: Rain fell on the town all nite.',
        "  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
    ]
    assert HINT.match(lines[first + 4])
    assert "2 errors, 0 warnings in 1 map" in result.stderr


def test_validate_clean_map_exits_0(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "clean.yaml", CLEAN_MAP)
    result = runner.invoke(cli, ["validate", "clean.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 errors, 0 warnings in 1 map" in result.stderr


def test_validate_quiet_drops_the_summary(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "clean.yaml", CLEAN_MAP)
    result = runner.invoke(cli, ["validate", "-q", "clean.yaml"])
    assert result.exit_code == 0
    assert result.output == ""


def test_validate_warning_exits_0_and_strict_exits_1(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "warn.yaml", WARNING_MAP)
    result = runner.invoke(cli, ["validate", "warn.yaml"])
    assert result.exit_code == 0
    match = LINE.match(result.stdout.splitlines()[0])
    assert match and (match["code"], match["severity"], match["line"], match["col"]) == ("AM303", "warning", "14", "3")
    assert runner.invoke(cli, ["validate", "--strict", "warn.yaml"]).exit_code == 1


def test_validate_nonexistent_path_exits_2(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(cli, ["validate", "no-such-map.yaml"])
    assert result.exit_code == 2
    assert "no-such-map.yaml" in result.output


def test_validate_folder_without_maps_exits_2(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "empty").mkdir()
    (in_tmp / "empty" / "notes.txt").write_text("not a map", encoding="utf-8")
    result = runner.invoke(cli, ["validate", "empty"])
    assert result.exit_code == 2
    assert "no map files" in result.output


def test_validate_a_folder_checks_every_map(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "maps/one.yaml", CLEAN_MAP.replace("source.txt", "../source.txt"))
    write(in_tmp, "maps/sub/two.yml", ERRORS_MAP.replace("source.txt", "../../source.txt"))
    result = runner.invoke(cli, ["validate", "maps"])
    assert result.exit_code == 1
    paths = {LINE.match(l)["path"] for l in result.stdout.splitlines() if LINE.match(l)}
    assert paths == {str(Path("maps/sub/two.yml"))}
    assert "in 2 maps" in result.stderr


def test_validate_json_output(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "errors.yaml", ERRORS_MAP)
    result = runner.invoke(cli, ["validate", "--output-format", "json", "errors.yaml"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(d["code"], d["line"], d["column"], d["severity"]) for d in data] == [("AM403", 9, 12, "error"), ("AM201", 10, 19, "error")]
    assert data[0]["name"] == "quote-not-found"
    assert data[0]["path"] == "errors.yaml"
    assert "closest passage" in data[0]["hint"]


def test_validate_github_output(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "errors.yaml", ERRORS_MAP)
    write(in_tmp, "warn.yaml", WARNING_MAP)
    result = runner.invoke(cli, ["validate", "--output-format", "github", "errors.yaml", "warn.yaml"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=errors.yaml,line=9,col=12,endLine=9,endColumn=43,title=AM403 quote-not-found::AM403 ")
    assert lines[1].startswith("::error file=errors.yaml,line=10,col=19,endLine=10,endColumn=25,title=AM201 unknown-node::AM201 ")
    assert lines[2].startswith("::warning file=warn.yaml,line=14,col=3,endLine=14,endColumn=8,title=AM303 isolated-node::AM303 ")
    assert len(lines) == 3  # messages and hints stay on one line each


def test_validate_defaults_to_github_inside_github_actions(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "errors.yaml", ERRORS_MAP)
    result = runner.invoke(cli, ["validate", "errors.yaml"], env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=errors.yaml,line=9,col=12,")


# --- render -----------------------------------------------------------------------------------------


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.graphviz
def test_render_to_output_file(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "clean.yaml", CLEAN_MAP)
    (in_tmp / "out").mkdir()
    result = runner.invoke(cli, ["render", "clean.yaml", "-o", "out/diagram.svg"])
    assert result.exit_code == 0, result.output
    svg = (in_tmp / "out" / "diagram.svg").read_bytes()
    ET.fromstring(svg)
    assert read_digest(svg)
    # Written atomically: no temporary file is left beside it.
    assert _listing(in_tmp / "out") == ["diagram.svg"]


@pytest.mark.graphviz
def test_render_replaces_an_existing_output(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "clean.yaml", CLEAN_MAP)
    (in_tmp / "diagram.svg").write_text("old", encoding="utf-8")
    assert runner.invoke(cli, ["render", "clean.yaml", "-o", "diagram.svg"]).exit_code == 0
    assert (in_tmp / "diagram.svg").read_bytes().startswith(b"<?xml")


@pytest.mark.graphviz
def test_render_to_renders_dir_in_several_formats(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "maps/clean.yaml", CLEAN_MAP.replace("source.txt", "../source.txt"))
    result = runner.invoke(cli, ["render", "maps", "--renders-dir", "out", "-f", "svg", "-f", "png"])
    assert result.exit_code == 0, result.output
    assert _listing(in_tmp / "out") == ["clean.png", "clean.svg"]
    assert read_digest((in_tmp / "out" / "clean.png").read_bytes()) == read_digest((in_tmp / "out" / "clean.svg").read_bytes())


@pytest.mark.graphviz
def test_render_a_map_with_only_warnings(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "warn.yaml", WARNING_MAP)
    result = runner.invoke(cli, ["render", "warn.yaml", "-o", "warn.svg"])
    assert result.exit_code == 0, result.output
    assert "node-alone" in (in_tmp / "warn.svg").read_text(encoding="utf-8").replace("&#45;", "-")


def test_render_output_must_match_the_format(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "clean.yaml", CLEAN_MAP)
    result = runner.invoke(cli, ["render", "clean.yaml", "-o", "diagram.png", "-f", "svg"])
    assert result.exit_code == 2
    assert not (in_tmp / "diagram.png").exists()
    result = runner.invoke(cli, ["render", "clean.yaml", "-o", "diagram.txt"])
    assert result.exit_code == 2
    assert "diagram.txt" in result.output
    assert not (in_tmp / "diagram.txt").exists()


def test_render_refuses_a_map_with_errors(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "errors.yaml", ERRORS_MAP)
    (in_tmp / "diagram.svg").write_text("the previous render", encoding="utf-8")
    before = _listing(in_tmp)
    result = runner.invoke(cli, ["render", "errors.yaml", "-o", "diagram.svg"])
    assert result.exit_code == 1
    assert "AM403" in result.stdout and "not rendered" in result.stderr
    assert (in_tmp / "diagram.svg").read_text(encoding="utf-8") == "the previous render"
    assert _listing(in_tmp) == before


def test_render_refuses_a_map_with_errors_into_renders_dir(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "errors.yaml", ERRORS_MAP)
    result = runner.invoke(cli, ["render", "errors.yaml", "--renders-dir", "out"])
    assert result.exit_code == 1
    assert not (in_tmp / "out").exists() or _listing(in_tmp / "out") == []


def test_render_without_dot_is_a_clear_error(runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(in_tmp, "clean.yaml", CLEAN_MAP)
    empty = in_tmp / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = runner.invoke(cli, ["render", "clean.yaml", "-o", "diagram.svg"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Graphviz" in result.stderr
    assert not (in_tmp / "diagram.svg").exists()


# --- export -----------------------------------------------------------------------------------------


def test_export_prints_json(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "clean.yaml", CLEAN_MAP)
    result = runner.invoke(cli, ["export", "clean.yaml"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"argmap", "title", "sources", "nodes", "relations"} <= set(data)
    # The keys of the first contract keep their meaning; the later ones are added beside them.
    assert [{k: r[k] for k in ("from", "to", "type")} for r in data["relations"]] == [{"from": "a", "to": "b", "type": "supports"}]
    assert data["relations"][0]["id"] == "a supports b"
    (item,) = data["nodes"][0]["provenance"]
    assert (item["start"], item["end"], item["line"]) == (0, 9, 1)


def test_export_to_a_file(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "clean.yaml", CLEAN_MAP)
    result = runner.invoke(cli, ["export", "clean.yaml", "-o", "out.json"])
    assert result.exit_code == 0
    assert json.loads((in_tmp / "out.json").read_text(encoding="utf-8"))["title"] == "Test map"


def test_export_refuses_a_map_with_errors(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp, "errors.yaml", ERRORS_MAP)
    result = runner.invoke(cli, ["export", "errors.yaml"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "AM403" in result.stderr


# --- check ------------------------------------------------------------------------------------------


def test_check_passes_on_the_project(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output


def test_check_passes_on_a_copy_of_the_project(runner: CliRunner, project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output


def test_check_reports_a_missing_render(runner: CliRunner, project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    (project_copy / "renders" / "mumbai-to-paris.svg").unlink()
    result = runner.invoke(cli, ["check", "--output-format", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [p["code"] for p in problems] == ["AM501"]
    assert "mumbai-to-paris.svg" in problems[0]["message"]


def test_check_reports_a_stale_render(runner: CliRunner, project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    map_path = project_copy / "maps" / "mumbai-to-paris.yaml"
    text = map_path.read_text(encoding="utf-8")
    old = "text: The Vienna peace efforts have begun, but five years too late."
    assert text.count(old) == 1
    map_path.write_text(text.replace(old, "text: The Vienna peace talks came five years too late."), encoding="utf-8")
    result = runner.invoke(cli, ["check", "--output-format", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert {p["code"] for p in problems} == {"AM502"}
    assert any("mumbai-to-paris.svg" in p["message"] for p in problems)


def test_check_reports_map_errors_and_skips_render_checks(runner: CliRunner, project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    map_path = project_copy / "maps" / "mumbai-to-paris.yaml"
    text = map_path.read_text(encoding="utf-8")
    map_path.write_text(text.replace('"There were bombings in Baghdad."', '"There were bombs in Baghdad."'), encoding="utf-8")
    result = runner.invoke(cli, ["check", "--output-format", "json"])
    assert result.exit_code == 1
    assert [p["code"] for p in json.loads(result.stdout)] == ["AM403"]


# --- codes, schema, version, help ---------------------------------------------------------------


def test_codes_lists_every_code(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["codes"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert listed == list(CODES)
    assert "quote-not-found" in result.stdout


@pytest.mark.parametrize("name", ["AM403", "am403", "quote-not-found"])
def test_codes_explains_one(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, ["codes", name])
    assert result.exit_code == 0
    # `codes` is the old name of `rules`: the rule's section of docs/problems.md
    assert result.stdout.startswith("## AM403 quote-not-found\n\n**Severity:** error")
    assert "```yaml" in result.stdout and "**Fix:**" in result.stdout


def test_codes_unknown_code_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["codes", "AM999"])
    assert result.exit_code == 2
    assert "AM999" in result.output


def test_schema_prints_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"argmap", "title", "sources", "claims", "evidence"} <= set(schema["properties"])
    assert "argmap" in schema["required"] and "title" in schema["required"]


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert argmap.__version__ in result.stdout


def test_python_m_argmap_help() -> None:
    result = subprocess.run([sys.executable, "-m", "argmap", "--help"], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    for command in ("validate", "render", "export", "check", "codes", "schema"):
        assert command in result.stdout


def _argmap_process(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_the_process_ends_with_every_line_printed_and_the_right_status(tmp_path: Path) -> None:
    from argmap.exports import export
    from argmap.loader import load

    exported = _argmap_process("export", str(SEED_MAP))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == export(load(SEED_MAP), "json")  # all of it, though the process skips its teardown

    broken = tmp_path / "broken.yaml"
    broken.write_text("argmap: 1\ntitle: T\nclaims:\n  a:\n    text: A\n    supports: [nowhere]\n", encoding="utf-8")
    failed = _argmap_process("validate", str(broken))
    assert failed.returncode == 1
    assert "AM201" in failed.stdout and failed.stderr == "2 errors, 0 warnings in 1 map\n"

    assert _argmap_process("validate", str(tmp_path / "missing.yaml")).returncode == 2
    assert _argmap_process("--version").returncode == 0


# --- a broken copy of the seed map lists every planted problem -------------------------------------


def _plant(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} stands {text.count(old)} times in the seed map"
    return text.replace(old, new)


#: (text of the seed map, what it becomes, the code it must cause, a marker on the line it must name)
PLANTED = [
    ("supports: [caliphate-only-view]\n    tags: [received-view, al-qaeda]", "supports: [caliphate-only-veiw]\n    tags: [received-view, al-qaeda]", "AM201", "caliphate-only-veiw"),
    ("    note: The Kashmir campaign", "    notes: The Kashmir campaign", "AM106", "notes: The Kashmir campaign"),
    ("a bombing in Ankara that killed", "a bombing in Ankra that killed", "AM403", "in Ankra that killed"),
    (
        "    text: Hezbollah is helping Assad fight ISIS.\n",
        "    text: Hezbollah is helping Assad fight ISIS.\n    text: A duplicated text line.\n",
        "AM107",
        "text: A duplicated text line.",
    ),
    (
        "    tags: [strategy, tactics]\n    thesis: true\n",
        "    tags: [strategy, tactics]\n    thesis: true\n    supports: [learned-from-lashkar]  # planted cycle\n",
        "AM301",
        "# planted cycle",
    ),
    ("    tags: [policy]\n    thesis: true\n", "    tags: [policy]\n    thesis: maybe\n", "AM105", "thesis: maybe"),
    ('quote: "There were bombings in Baghdad."', 'quote: "the anti-ISIS coalition"', "AM404", 'quote: "the anti-ISIS coalition"'),
    (
        "    publisher: The New York Review of Books\n",
        "    publisher: The New York Review of Books\n  notes:\n    path: ../seeds/missing-notes.txt\n",
        "AM401",
        "missing-notes.txt",
    ),
]


def test_broken_seed_map_lists_every_planted_problem(runner: CliRunner, project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    map_path = project_copy / "maps" / "mumbai-to-paris.yaml"
    text = map_path.read_text(encoding="utf-8")
    # Every quoted node names its source, so that a second source does not make them ambiguous.
    text = re.sub(r"\n    quote:", "\n    source: rashid-2015\n    quote:", text)
    for old, new, _code, _marker in PLANTED:
        text = _plant(text, old, new)
    map_path.write_text(text, encoding="utf-8")

    lines = text.splitlines()

    def line_of(marker: str) -> int:
        (number,) = [i for i, line in enumerate(lines, 1) if marker in line]
        return number

    result = runner.invoke(cli, ["validate", "--output-format", "json", "maps/mumbai-to-paris.yaml"])
    assert result.exit_code == 1
    reported = {(p["code"], p["line"]) for p in json.loads(result.stdout)}
    missing = [(code, line_of(marker), marker) for _old, _new, code, marker in PLANTED if (code, line_of(marker)) not in reported]
    assert missing == [], f"planted problems not reported: {missing}; reported: {sorted(reported)}"

    problems = json.loads(result.stdout)
    (cycle,) = [p for p in problems if p["code"] == "AM301"]
    assert "isis-strategy-shift → learned-from-lashkar → isis-strategy-shift" in cycle["message"]
    (ambiguous,) = [p for p in problems if p["code"] == "AM404"]
    assert "lines 14, 26" in ambiguous["message"]
    # No follow-on reports for the entries dropped for format errors.
    assert not [p for p in problems if p["code"] == "AM201" and "peace-plan-best-counter" in p["message"]]
    assert not [p for p in problems if p["code"] == "AM201" and "let-history" in p["message"]]


def test_outputs_never_replace_the_map_or_its_sources(runner: CliRunner, project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    map_path = project_copy / "maps" / "mumbai-to-paris.yaml"
    before = map_path.read_bytes()
    result = runner.invoke(cli, ["export", "maps/mumbai-to-paris.yaml", "-o", "maps/mumbai-to-paris.yaml"])
    assert result.exit_code == 2
    assert "refusing to write" in result.output
    assert map_path.read_bytes() == before


def test_coverage_fails_on_an_unreadable_source(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("argmap: 1\ntitle: T\nsources:\n  s: {path: nope.txt}\nclaims:\n  a: {text: x, quote: y, supports: b}\n  b: {text: y, implicit: true}\n", encoding="utf-8")
    result = runner.invoke(cli, ["coverage", str(tmp_path / "m.yaml")])
    assert result.exit_code == 1
    assert "AM401" in result.output


def test_coverage_of_the_seed_map_and_its_threshold(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    result = runner.invoke(cli, ["coverage", "maps/mumbai-to-paris.yaml", "--min", "80"])
    assert result.exit_code == 0
    assert "52 of 54 sentences cited (96.3%; 5 headings and front-matter sentences not counted)" in result.output  # the five headings of the article's page
    assert runner.invoke(cli, ["coverage", "maps/mumbai-to-paris.yaml", "--min", "97"]).exit_code == 1
    data = json.loads(runner.invoke(cli, ["coverage", "maps/mumbai-to-paris.yaml", "--format", "json"]).output)
    assert data[0]["cited"] == 52 and [u["line"] for u in data[0]["uncited"]] == [8, 8]


def test_sources_sentences_numbers_the_sentences_as_anchoring_sees_them(runner: CliRunner) -> None:
    from argmap.provenance import read_document

    result = runner.invoke(cli, ["sources", "sentences", str(SEED_TEXT)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    _digest, document, _error = read_document(SEED_TEXT)
    assert document is not None and len(lines) == len(document.sentences) == 59
    assert lines[-1].split()[0] == "59"
    assert any("In fact none of these targets is random." in line for line in lines)


def test_sources_find_names_line_sentence_and_offsets(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["sources", "find", str(SEED_TEXT), "none of these targets is random"])
    assert result.exit_code == 0, result.output
    assert ": sentence " in result.output and "In fact none of these targets is random." in result.output
    missing = runner.invoke(cli, ["sources", "find", str(SEED_TEXT), "none of these targets was random"])
    assert missing.exit_code == 1
    assert "closest passage" in missing.output


def test_sources_refuse_a_file_that_is_not_text(runner: CliRunner, tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\xff\xfe\x00 not text")
    result = runner.invoke(cli, ["sources", "sentences", str(binary)])
    assert result.exit_code == 2
    assert "not UTF-8 text (byte 0xff at offset 0)" in result.output
