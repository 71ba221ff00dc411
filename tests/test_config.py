"""Configuration: where it is found, what it may say, how flags override it, how it is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HEAD, SOURCE_TEXT, dedent

from argmap.cli import cli
from argmap.config import RuleSelection, find_config, load_config, matching_codes
from argmap.problems import Location, Problem, Severity

# One isolated node (AM303, a warning) and one unknown node (AM201, an error).
MAP = HEAD + dedent(
    """
    claims:
      a:
        text: A
        quote: Rain fell on the town all night.
        supports: [nobody]
      alone:
        text: Alone
        implicit: true
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
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "maps" / "m.yaml").write_text(MAP, encoding="utf-8")
    return tmp_path


def _codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [p["code"] for p in json.loads(result.stdout)]


def test_found_by_walking_up_from_the_working_directory(project: Path) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(project / "maps") is None  # a pyproject.toml without [tool.argmap] is not a configuration
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.argmap]\nstrict = true\n", encoding="utf-8")
    assert find_config(project / "maps") == project / "pyproject.toml"
    (project / "maps" / "argmap.toml").write_text("strict = false\n", encoding="utf-8")
    assert find_config(project / "maps") == project / "maps" / "argmap.toml"  # the nearest wins
    settings = load_config(project / "maps").settings
    assert settings.root == (project / "maps").resolve() and settings.strict is False


def test_rule_selection_by_code_prefix_and_name() -> None:
    assert matching_codes("AM4") == [c for c in matching_codes("ALL") if c.startswith("AM4")]
    assert matching_codes("isolated-node") == ["AM303"]
    assert matching_codes("AM303") == ["AM303"]
    assert matching_codes("nonsense") == []
    rules = RuleSelection(select=("AM2",), extend_select=("isolated-node",), ignore=("AM201",))
    codes = rules.codes()
    assert "AM303" in codes and "AM202" in codes and "AM201" not in codes and "AM403" not in codes
    assert "AM101" in codes  # format errors are always reported
    problem = Problem("AM303", "isolated", Location("m.yaml", 1, 1))
    upgraded = RuleSelection(severity=(("AM303", Severity.ERROR),)).apply([problem])
    assert upgraded[0].severity is Severity.ERROR and upgraded[0].is_error


def test_ignore_and_severity_in_the_configuration(runner: CliRunner, project: Path) -> None:
    assert _codes(runner.invoke(cli, ["validate", "--output-format", "json"])) == ["AM201", "AM303"]
    (project / "argmap.toml").write_text('ignore = ["unknown-node"]\n\n[severity]\nAM303 = "error"\n', encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--output-format", "json"])
    assert [(p["code"], p["severity"]) for p in json.loads(result.stdout)] == [("AM303", "error")]
    assert result.exit_code == 1


def test_flags_override_the_configuration(runner: CliRunner, project: Path) -> None:
    (project / "argmap.toml").write_text('select = ["AM2"]\n', encoding="utf-8")
    assert _codes(runner.invoke(cli, ["validate", "--output-format", "json"])) == ["AM201"]
    assert _codes(runner.invoke(cli, ["validate", "--output-format", "json", "--select", "AM3"])) == ["AM303"]
    assert _codes(runner.invoke(cli, ["validate", "--output-format", "json", "--extend-select", "AM303"])) == ["AM201", "AM303"]
    assert _codes(runner.invoke(cli, ["validate", "--output-format", "json", "--isolated"])) == ["AM201", "AM303"]
    assert runner.invoke(cli, ["validate", "--select", "AM9x"]).exit_code == 2


def test_strict_from_the_configuration(runner: CliRunner, project: Path) -> None:
    (project / "maps" / "m.yaml").write_text(MAP.replace("supports: [nobody]", "supports: [alone]") + "  lonely:\n    text: Lonely\n    implicit: true\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--output-format", "json"])
    assert _codes(result) == ["AM303"] and result.exit_code == 0  # a warning does not fail
    (project / "pyproject.toml").write_text("[tool.argmap]\nstrict = true\n", encoding="utf-8")
    assert runner.invoke(cli, ["validate"]).exit_code == 1


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "hint"),
    [
        ("strikt = true\n", "AM002", 1, 1, "did you mean `strict`?"),
        ("[render]\ncluster_by = 'group'\n", "AM002", 2, 1, "did you mean `cluster-by`?"),
        ("[render]\ndirection = 'up'\n", "AM003", 2, 1, "choose one of auto, BT, TB, LR, RL"),
        ("ignore = ['AM30x']\n", "AM004", 1, 1, "did you mean 'AM303'?"),
        ("ignore = ['AM101']\n", "AM003", 1, 1, None),
        ("jobs = 0\n", "AM003", 1, 1, None),
        ("strict = yes\n", "AM001", 1, 10, "see https://toml.io for the syntax"),
        ("[per-map.'maps/*.yaml'.render]\nwarp = 30\n", "AM002", 2, 1, "did you mean `wrap`?"),
    ],
)
def test_configuration_problems_have_a_code_a_place_and_a_hint(runner: CliRunner, project: Path, text: str, code: str, line: int, column: int, hint: str | None) -> None:
    (project / "argmap.toml").write_text(text, encoding="utf-8")
    loaded = load_config(project)
    assert [(p.code, p.location.line, p.location.column) for p in loaded.problems] == [(code, line, column)]
    if hint:
        assert loaded.problems[0].hint == hint
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 2  # a configuration error is a usage error
    assert f"argmap.toml:{line}:{column}: {code}" in result.stdout


def test_pyproject_positions_count_from_the_tool_argmap_table(project: Path) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.argmap]\nmaps = ['maps']\nrendres = 'out'\n", encoding="utf-8")
    problems = load_config(project).problems
    assert [(p.code, str(p.location)) for p in problems] == [("AM002", "pyproject.toml:6:1")]
    assert problems[0].hint == "did you mean `renders`?"


def test_render_settings_globally_and_per_map(project: Path) -> None:
    (project / "argmap.toml").write_text(
        '[render]\nformats = ["svg", "html"]\nwrap = 40\n\n[per-map."maps/m.yaml".render]\ncluster-by = "group"\ndirection = "LR"\n', encoding="utf-8"
    )
    settings = load_config(project).settings
    assert settings.render_settings(project / "maps" / "m.yaml") == {"formats": ("svg", "html"), "wrap": 40, "cluster_by": "group", "direction": "LR"}
    assert settings.render_settings(project / "maps" / "other.yaml") == {"formats": ("svg", "html"), "wrap": 40}


@pytest.mark.graphviz
def test_a_clustered_render_stays_clustered(runner: CliRunner, project: Path) -> None:
    """`argmap render` and `argmap check` both follow the configured render settings."""
    (project / "maps" / "m.yaml").write_text(MAP.replace("supports: [nobody]", "supports: [alone]"), encoding="utf-8")
    result = runner.invoke(cli, ["render"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["check"]).exit_code == 0
    (project / "argmap.toml").write_text('[per-map."m.yaml".render]\ncluster-by = "group"\n', encoding="utf-8")
    stale = runner.invoke(cli, ["check", "--output-format", "json"])
    assert stale.exit_code == 1
    assert [p["code"] for p in json.loads(stale.stdout)] == ["AM502"]
    assert "other render settings than the configuration gives" in json.loads(stale.stdout)[0]["message"]
    assert runner.invoke(cli, ["render"]).exit_code == 0
    assert 'cluster_by": "group' in _stamp_settings(project / "renders" / "m.svg")
    assert runner.invoke(cli, ["check"]).exit_code == 0
    again = runner.invoke(cli, ["render"])
    assert "up to date: renders/m.svg" in again.stderr


def _stamp_settings(path: Path) -> str:
    import base64

    from argmap.diagram import read_stamp

    stamp = read_stamp(path.read_bytes())
    assert stamp is not None
    return json.dumps(stamp[1].as_dict()) + base64.b64encode(b"").decode()
