"""The reporters: golden output for each format, escaping of hostile text, SARIF against its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HEAD, SOURCE_TEXT, dedent

from argmap.cli import cli
from argmap.problems import CODES, Location, Problem
from argmap.report import REPORTERS, ProblemReport, resolve_output_format, use_color
from argmap.terminal import printable

SARIF_SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"

BROKEN = HEAD + dedent(
    """
    claims:
      shift:
        text: ISIS changed its strategy.
        quote: "The river rose above the new bridge."
        supports: [missing]
    """
)


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def test_text_output_as_a_user_sees_it(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(cli, ["validate", "broken.yaml", "--color", "never"])
    assert result.exit_code == 1
    assert result.stdout == dedent(
        """\
        broken.yaml:9:12: AM403 [error] claim 'shift': quote not found in source 'src': "The river rose above the new bridge."
          |
        9 |     quote: "The river rose above the new bridge."
          |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        """
    ).rstrip("\n") + "\n" + _rest(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[4].startswith("    hint: ")
    unknown = lines.index(next(line for line in lines if " AM201 " in line))
    assert lines[unknown : unknown + 4] == [
        "broken.yaml:10:16: AM201 [error] claim 'shift' supports unknown node 'missing'",
        "   |",
        "10 |     supports: [missing]",
        "   |                ^^^^^^^",
    ]
    assert result.stderr.strip() == "2 errors, 0 warnings in 1 map"


def _rest(stdout: str) -> str:
    return "".join(line + "\n" for line in stdout.splitlines()[4:])


def test_text_output_in_colour_only_when_asked(runner: CliRunner, project: Path) -> None:
    plain = runner.invoke(cli, ["validate", "broken.yaml"])
    assert "\x1b[" not in plain.stdout  # not a terminal
    coloured = runner.invoke(cli, ["validate", "broken.yaml", "--color", "always"])
    assert "\x1b[" in coloured.stdout
    forced = runner.invoke(cli, ["validate", "broken.yaml"], env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    assert use_color("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True) is False
    assert use_color("auto", {}, True) is True
    assert use_color("auto", {"TERM": "dumb"}, True) is False


def test_auto_output_format() -> None:
    assert resolve_output_format("auto", {"GITHUB_ACTIONS": "true"}, False) == "github"
    assert resolve_output_format(None, {}, True) == "text"
    assert resolve_output_format("sarif", {"GITHUB_ACTIONS": "true"}, False) == "sarif"


def test_github_annotations_land_on_the_right_lines(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(cli, ["validate", "broken.yaml"], env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=broken.yaml,line=9,col=12,endLine=9,endColumn=50,title=AM403 quote-not-found::AM403 claim 'shift'")
    assert lines[1] == "::error file=broken.yaml,line=10,col=16,endLine=10,endColumn=23,title=AM201 unknown-node::AM201 claim 'shift' supports unknown node 'missing'" + lines[1][len("::error file=broken.yaml,line=10,col=16,endLine=10,endColumn=23,title=AM201 unknown-node::AM201 claim 'shift' supports unknown node 'missing'") :]
    assert len(lines) == 2


def test_no_text_can_forge_a_workflow_command_or_a_terminal_sequence() -> None:
    hostile = Problem(
        "AM403",
        "quote not found: \"x\"\n::error file=evil.yaml::forged\x1b[2J%0A",
        Location("ma,p:\n::warning::x.yaml", 3, 4),
        hint="line one\r\n::add-mask::secret\u202e",
    )
    out = REPORTERS["github"].render(ProblemReport([hostile], 1))
    assert out.count("\n") == 1 and out.startswith("::error file=ma%2Cp%3A%0A%3A%3Awarning%3A%3Ax.yaml,line=3,col=4,")
    assert "\x1b" not in out and "\u202e" not in out
    assert "%250A" in out  # a literal %0A in the text stays text
    text = REPORTERS["text"].render(ProblemReport([hostile], 1))
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    assert all(not line.startswith("::") for line in text.splitlines())
    assert printable("a\x00b\x7fc\x9bd\u2028e") == "a\\x00b\\x7fc\\x9bd\\u2028e"


def test_json_output_is_the_documented_contract(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(cli, ["validate", "broken.yaml", "--output-format", "json"])
    problems = json.loads(result.stdout)
    assert [p["code"] for p in problems] == ["AM403", "AM201"]
    first = problems[0]
    assert list(first) == ["code", "name", "severity", "message", "path", "line", "column", "hint", "end_line", "end_column", "related", "suppressed", "data"]
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (9, 12, 9, 50)
    assert result.stderr == ""  # no summary line to mix with the JSON


def test_sarif_validates_against_the_sarif_2_1_0_schema(runner: CliRunner, project: Path) -> None:
    import jsonschema

    result = runner.invoke(cli, ["validate", "broken.yaml", "--output-format", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)  # every rule, stable ids
    assert all(r["help"]["text"] and r["helpUri"].startswith("https://") for r in rules)
    assert "Severity" in rules[[r["id"] for r in rules].index("AM403")]["help"]["markdown"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["AM403", "AM201"]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 9, "startColumn": 12, "endLine": 9, "endColumn": 50}
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "broken.yaml", "uriBaseId": "%SRCROOT%"}
    assert all(r["ruleIndex"] == list(CODES).index(r["ruleId"]) for r in results)


def test_sarif_of_a_problem_without_a_line_and_an_odd_path_still_validates() -> None:
    import jsonschema

    problem = Problem("AM501", "render renders/x y.svg is missing", Location("maps/x y#1.yaml"))
    log = json.loads(REPORTERS["sarif"].render(ProblemReport([problem], 1)))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "maps/x%20y%231.yaml", "uriBaseId": "%SRCROOT%"}}


def test_related_locations_are_printed(tmp_path: Path) -> None:
    problem = Problem("AM204", "id 'a' is used twice", Location(str(tmp_path / "m.yaml"), 5, 3), related=(Location("m.yaml", 2, 3),))
    text = REPORTERS["text"].render(ProblemReport([problem], 1))
    assert "    see: m.yaml:2:3" in text


def test_rules_lists_every_code_and_documents_one(runner: CliRunner) -> None:
    listing = runner.invoke(cli, ["rules"])
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == list(CODES)
    one = runner.invoke(cli, ["rules", "quote-not-found"])
    assert one.stdout.startswith("## AM403 quote-not-found")
    assert "```yaml" in one.stdout  # the failing example
    unknown = runner.invoke(cli, ["rules", "AM999"])
    assert unknown.exit_code == 2


def test_shell_completion_offers_commands_and_choices() -> None:
    import os
    import subprocess
    import sys

    argmap = Path(sys.executable).parent / "argmap"
    env = {**os.environ, "_ARGMAP_COMPLETE": "bash_complete", "COMP_WORDS": "argmap render --engine ", "COMP_CWORD": "3"}
    engines = subprocess.run([str(argmap)], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert "plain,sfdp" in engines
    env.update(COMP_WORDS="argmap val", COMP_CWORD="1")
    assert subprocess.run([str(argmap)], env=env, capture_output=True, text=True, check=True).stdout.split() == ["plain,validate"]


def test_the_cli_offers_exactly_the_registered_reporters() -> None:
    from argmap import choices, report

    assert choices.OUTPUT_FORMATS == report.OUTPUT_FORMATS
