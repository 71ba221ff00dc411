"""`argmap diff`: planted changes between two maps, each output format, git revisions, the diagram."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SOURCE_TEXT

from argmap.cli import cli
from argmap.loader import load, load_bytes
from argmap.mapdiff import DiffError, diff_maps, format_github, load_revision

OLD_MAP = """\
argmap: 1
title: Flood
sources:
  src:
    path: source.txt
claims:
  rebuild:
    text: The town will rebuild.
    quote: The mayor said the town would rebuild.
    thesis: true
  flood:
    text: The town flooded.
    quote: The river rose above the old bridge.
    supports: rebuild
  fled:
    text: People fled before dawn.
    quote: People left their homes before dawn.
    supports: flood
evidence:
  rain:
    text: It rained all night.
    kind: event
    quote: Rain fell on the town all night.
    supports: flood
"""

#: Planted: `again` added, `fled` removed, `flood` changed (text, tags), `rain` renamed
#: `rainfall` (same text), `doubt` added and attacking the thesis (whose label flips),
#: `flood attacks ...` none; relations follow the nodes.
NEW_MAP = """\
argmap: 1
title: Flood
sources:
  src:
    path: source.txt
claims:
  rebuild:
    text: The town will rebuild.
    quote: The mayor said the town would rebuild.
    thesis: true
  flood:
    text: The town was flooded.
    quote: The river rose above the old bridge.
    tags: [water]
    supports: rebuild
  doubt:
    text: The town has no money to rebuild.
    implicit: true
    attacks: rebuild
evidence:
  rainfall:
    text: It rained all night.
    kind: event
    quote: Rain fell on the town all night.
    supports: flood
  again:
    text: The river rose again.
    kind: event
    quote: The river rose again in the morning.
    supports: flood
"""

#: The new map's source: a line added above the mayor (his quote moves a line down) and the
#: bridge sentence written with a no-break space (the quote still matches, its passage changed).
NEW_SOURCE = SOURCE_TEXT.replace("The mayor", "Water stood in the streets.\nThe mayor").replace("the old bridge", "the old\u00a0bridge")


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """old/map.yaml and new/map.yaml, each with its source.txt; the current folder is tmp_path."""
    for name, text, source in (("old", OLD_MAP, SOURCE_TEXT), ("new", NEW_MAP, NEW_SOURCE)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "map.yaml").write_text(text, encoding="utf-8")
        (tmp_path / name / "source.txt").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return Path("old/map.yaml"), Path("new/map.yaml")


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click 8.2 keeps stderr apart already
        return CliRunner()


def test_planted_nodes(pair: tuple[Path, Path]) -> None:
    diff = diff_maps(load(pair[0]), load(pair[1]))
    assert [(e.id, e.type, e.line) for e in diff.nodes_added] == [("doubt", "claim", 16), ("rainfall", "evidence", 21), ("again", "evidence", 26)]
    assert [(e.id, e.line) for e in diff.nodes_removed] == [("fled", 15), ("rain", 20)]
    [flood] = diff.nodes_changed
    assert flood.id == "flood" and flood.line == 11
    assert [(f.field, f.old, f.new, f.line) for f in flood.fields] == [("text", "The town flooded.", "The town was flooded.", 12), ("tags", None, ["water"], 14)]
    assert [(r.old_id, r.new_id) for r in diff.renames] == [("rain", "rainfall")]


def test_planted_relations_and_labels(pair: tuple[Path, Path]) -> None:
    diff = diff_maps(load(pair[0]), load(pair[1]))
    assert [r.id for r in diff.relations_added] == ["doubt attacks rebuild", "rainfall supports flood", "again supports flood"]
    assert [r.id for r in diff.relations_removed] == ["fled supports flood", "rain supports flood"]
    assert [(f.id, f.element, f.old, f.new) for f in diff.labels] == [("rebuild", "node", "accepted", "rejected")]
    assert diff.labels[0].line == 7


def test_planted_quotes_moved_and_changed(pair: tuple[Path, Path]) -> None:
    diff = diff_maps(load(pair[0]), load(pair[1]))
    found = {(q.owner, q.change) for q in diff.quotes}
    assert found == {("rebuild", "moved"), ("flood", "changed")}
    moved = next(q for q in diff.quotes if q.change == "moved")
    assert moved.old is not None and moved.new is not None
    assert (moved.old.line, moved.new.line, moved.line) == (5, 6, 9)
    changed = next(q for q in diff.quotes if q.change == "changed")
    assert changed.old is not None and changed.new is not None
    assert changed.new.text == "The river rose above the old\u00a0bridge." and changed.old.text == "The river rose above the old bridge."
    assert [f.field for f in diff.map_fields] == ["sources.src file sha256"]


def test_same_map_has_no_changes(pair: tuple[Path, Path]) -> None:
    diff = diff_maps(load(pair[0]), load(pair[0]))
    assert not diff.changed
    assert diff.to_data()["changed"] is False


def test_a_lost_quote_and_an_argument_that_changed(tmp_path: Path) -> None:
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    old_text = OLD_MAP + "arguments:\n  both:\n    premises: [flood, rain]\n    supports: rebuild\n"
    new_text = old_text.replace("premises: [flood, rain]", "premises: [flood, fled]").replace("quote: The mayor said the town would rebuild.", "quote: The mayor said it.")
    old = load_bytes(old_text.encode(), tmp_path / "old.yaml")
    new = load_bytes(new_text.encode(), tmp_path / "new.yaml")
    diff = diff_maps(old, new)
    [argument] = diff.relations_changed
    assert argument.id == "both" and [(f.field, f.old, f.new) for f in argument.fields] == [("premises", ["flood", "rain"], ["flood", "fled"])]
    [rebuild] = diff.nodes_changed
    assert [f.field for f in rebuild.fields] == ["quote"]
    assert diff.quotes == ()  # a rewritten quote is a changed field, not a moved passage


def test_maps_with_format_errors_are_refused(tmp_path: Path) -> None:
    good = load_bytes(OLD_MAP.encode(), tmp_path / "good.yaml")
    bad = load_bytes(OLD_MAP.replace("kind: event", "kind: rumour").encode(), tmp_path / "bad.yaml")
    with pytest.raises(DiffError, match="bad.yaml: cannot compare: the map has format errors") as caught:
        diff_maps(good, bad)
    assert [p.code for p in caught.value.problems] == ["AM109"]


# --- output formats ---------------------------------------------------------------------------

GOLDEN_TEXT = """\
--- old/map.yaml
+++ new/map.yaml
nodes added:
  + claim doubt (line 16): "The town has no money to rebuild."
  + evidence rainfall (line 21): "It rained all night."  (possibly renamed from rain)
  + evidence again (line 26): "The river rose again."
nodes removed:
  - claim fled: "People fled before dawn."
  - evidence rain: "It rained all night."  (possibly renamed to rainfall)
nodes changed:
  ~ claim flood (line 11)
      text: "The town flooded." -> "The town was flooded."
      tags: (none) -> ["water"]
relations added:
  + doubt attacks rebuild (line 19)
  + rainfall supports flood (line 25)
  + again supports flood (line 30)
relations removed:
  - fled supports flood
  - rain supports flood
quotes moved or changed in the source:
  ~ rebuild (line 9): "The mayor said the town would rebuild." moved from line 5:1 of src to line 6:1
  ~ flood (line 13): "The river rose above the old bridge.": the source now reads "The river rose above the old\\u00a0bridge." (was "The river rose above the old bridge."), line 2:1 of src
labels flipped (grounded):
  ~ node rebuild: accepted -> rejected
map:
  ~ sources.src file sha256: "{old_sha}" -> "{new_sha}"
3 nodes added, 2 nodes removed, 1 node changed, 3 relations added, 2 relations removed, 2 quotes moved or changed, 1 label flipped, 1 possibly renamed, 1 map field changed
"""


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_output_golden(pair: tuple[Path, Path], runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", str(pair[0]), str(pair[1])])
    assert result.exit_code == 0, result.output
    expected = GOLDEN_TEXT.replace("{old_sha}", _sha(Path("old/source.txt"))).replace("{new_sha}", _sha(Path("new/source.txt")))
    assert result.stdout == expected


def test_exit_code_option(pair: tuple[Path, Path], runner: CliRunner) -> None:
    assert runner.invoke(cli, ["diff", "--exit-code", str(pair[0]), str(pair[1])]).exit_code == 1
    assert runner.invoke(cli, ["diff", "--exit-code", str(pair[0]), str(pair[0])]).exit_code == 0
    assert runner.invoke(cli, ["diff", str(pair[0]), str(pair[1])]).exit_code == 0


def test_json_output(pair: tuple[Path, Path], runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", "--output-format", "json", str(pair[0]), str(pair[1])])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["old"] == "old/map.yaml" and data["new"] == "new/map.yaml" and data["changed"] is True
    assert [n["id"] for n in data["nodes"]["added"]] == ["doubt", "rainfall", "again"]
    assert data["nodes"]["changed"][0]["fields"][0] == {"field": "text", "old": "The town flooded.", "new": "The town was flooded.", "line": 12, "column": 11}
    assert data["labels"] == [{"id": "rebuild", "element": "node", "old": "accepted", "new": "rejected", "line": 7, "column": 3}]
    assert data["summary"]["nodes_added"] == 3 and data["summary"]["labels_flipped"] == 1
    assert data["renames"] == [{"old_id": "rain", "new_id": "rainfall", "type": "evidence", "text": "It rained all night."}]


def test_github_output(pair: tuple[Path, Path], runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", "--output-format", "github", str(pair[0]), str(pair[1])])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "::notice file=new/map.yaml,line=16,col=3,title=argmap diff%3A claim added::+ claim doubt: The town has no money to rebuild."
    assert '::notice file=new/map.yaml,line=12,col=11,title=argmap diff%3A claim changed::~ flood text: "The town flooded." -> "The town was flooded."' in lines
    assert "::notice file=new/map.yaml,line=7,col=3,title=argmap diff%3A label flipped::~ node rebuild: accepted -> rejected" in lines
    assert "::notice file=new/map.yaml,title=argmap diff%3A claim removed::- claim fled: People fled before dawn." in lines
    assert all(line.startswith("::notice file=new/map.yaml,") for line in lines)


def test_github_output_cannot_be_forged(tmp_path: Path) -> None:
    """Text with line breaks, `::`, `%`, commas and colons stays inside its one annotation."""
    hostile = 'Evil %0A\n::error file=x.yaml,line=1::forged, 100%'
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    old = load_bytes(OLD_MAP.encode(), tmp_path / "old.yaml")
    new = load_bytes(OLD_MAP.replace("text: The town flooded.", f"text: {json.dumps(hostile)}").encode(), tmp_path / "new.yaml")
    lines = format_github(diff_maps(old, new, new_file="a,b:c%.yaml")).splitlines()
    assert lines == [
        '::notice file=a%2Cb%3Ac%25.yaml,line=12,col=11,title=argmap diff%3A claim changed::'
        '~ flood text: "The town flooded." -> "Evil %250A ::error file=x.yaml,line=1::forged, 100%25"'
    ]


def test_workflow_command_escaping() -> None:
    from argmap.mapdiff import _command

    line = _command("x,y:z.yaml", 3, 0, "t:i,t%le\r\n::error::x", "m%0A\r\n::error file=f::forged\n")
    assert line == "::notice file=x%2Cy%3Az.yaml,line=3,col=1,title=t%3Ai%2Ct%25le%0D%0A%3A%3Aerror%3A%3Ax::m%250A%0D%0A::error file=f::forged%0A"
    assert "\n" not in line and "\r" not in line


def test_no_changes_text(pair: tuple[Path, Path], runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", str(pair[0]), str(pair[0])])
    assert result.stdout.splitlines()[-2:] == ["no changes to the argument", "0 changes"]


def test_bad_input_exits_2(pair: tuple[Path, Path], runner: CliRunner) -> None:
    Path("bad.yaml").write_text("argmap: 1\ntitle: x\nclaims: 3\n", encoding="utf-8")
    result = runner.invoke(cli, ["diff", "bad.yaml", str(pair[1])])
    assert result.exit_code == 2
    assert "bad.yaml:3:9: AM105 [error]" in result.stderr and "cannot compare" in result.stderr
    result = runner.invoke(cli, ["diff", str(pair[0]), "missing.yaml"])
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = runner.invoke(cli, ["diff", "olde.yaml", str(pair[1])])
    assert result.exit_code == 2 and "olde.yaml: no such file" in result.stderr
    result = runner.invoke(cli, ["diff", "a", "b", "c"])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["diff", str(pair[0]), str(pair[1]), "--render", "out.png"])
    assert result.exit_code == 2 and ".svg or .html" in result.stderr


# --- git revisions ----------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin"})


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with maps/map.yaml quoting seeds/source.txt committed as OLD_MAP, then changed to NEW_MAP."""
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (root / "maps" / "map.yaml").write_text(OLD_MAP.replace("path: source.txt", "path: ../seeds/source.txt"), encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "first")
    (root / "maps" / "map.yaml").write_text(NEW_MAP.replace("path: source.txt", "path: ../seeds/source.txt"), encoding="utf-8")
    (root / "seeds" / "source.txt").write_text(NEW_SOURCE, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_revision_against_working_tree(repo: Path, runner: CliRunner) -> None:
    for args in (["diff", "HEAD", "maps/map.yaml"], ["diff", "--rev", "HEAD", "maps/map.yaml"], ["diff", "maps/map.yaml"], ["diff", "HEAD:maps/map.yaml", "maps/map.yaml"]):
        result = runner.invoke(cli, [*args, "--output-format", "json"])
        assert result.exit_code == 0, (args, result.stderr)
        data = json.loads(result.stdout)
        assert data["old"] == "HEAD:maps/map.yaml" and data["new"] == "maps/map.yaml"
        assert [n["id"] for n in data["nodes"]["removed"]] == ["fled", "rain"]
        # The committed source is read from the commit: the mayor's quote moved in the working tree.
        assert {(q["owner"], q["change"]) for q in data["quotes"]} == {("rebuild", "moved"), ("flood", "changed")}
        assert data["notes"] == []


def test_revision_from_a_subfolder_and_both_sides_committed(repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _git(repo, "commit", "-q", "-am", "second")
    monkeypatch.chdir(repo / "maps")
    result = runner.invoke(cli, ["diff", "HEAD~1:map.yaml", "HEAD:map.yaml", "--exit-code"])
    assert result.exit_code == 1, result.stderr
    assert result.stdout.startswith("--- HEAD~1:map.yaml\n+++ HEAD:map.yaml\n")
    assert "~ node rebuild: accepted -> rejected" in result.stdout
    assert runner.invoke(cli, ["diff", "map.yaml", "--exit-code"]).exit_code == 0


def test_source_missing_at_the_revision_is_read_from_the_working_tree(repo: Path) -> None:
    (repo / "maps" / "map.yaml").write_text(OLD_MAP.replace("path: source.txt", "path: ../other.txt"), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "other source")
    (repo / "other.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    committed = load_revision("HEAD", "maps/map.yaml")
    assert committed.notes == ("source 'src' of HEAD:maps/map.yaml: not in revision 'HEAD'; read from the working tree",)
    assert diff_maps(committed.loaded, load("maps/map.yaml")).quotes == ()


def test_revision_errors(repo: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["diff", "no-such-branch", "maps/map.yaml"])
    assert result.exit_code == 2 and "unknown revision 'no-such-branch'" in result.stderr
    result = runner.invoke(cli, ["diff", "HEAD:maps/gone.yaml", "maps/map.yaml"])
    assert result.exit_code == 2 and "maps/gone.yaml is not in revision 'HEAD'" in result.stderr
    result = runner.invoke(cli, ["diff", "--rev", "--help", "maps/map.yaml"])
    assert result.exit_code == 2
    outside = tmp_path / "outside.yaml"
    shutil.copy(repo / "maps" / "map.yaml", outside)
    result = runner.invoke(cli, ["diff", "--rev", "HEAD", str(outside)])
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr


def test_a_committed_map_with_format_errors_is_placed_at_the_revision(repo: Path, runner: CliRunner) -> None:
    (repo / "maps" / "map.yaml").write_text("argmap: 1\ntitle: x\nclaims: 3\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "broken")
    (repo / "maps" / "map.yaml").write_text(NEW_MAP, encoding="utf-8")
    result = runner.invoke(cli, ["diff", "maps/map.yaml"])
    assert result.exit_code == 2
    assert "HEAD:maps/map.yaml:3:9: AM105 [error]" in result.stderr


# --- the diagram ------------------------------------------------------------------------------


def test_svg_render_is_well_formed_and_marks_changes(pair: tuple[Path, Path], runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", str(pair[0]), str(pair[1]), "--render", "diff.svg"])
    assert result.exit_code == 0, result.stderr
    svg = Path("diff.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    texts = "".join(root.itertext())
    for badge in ("+ ADDED", "− REMOVED", "~ CHANGED", "label: accepted → rejected", "+ added", "− removed", "(was rain?)"):
        assert badge in texts, badge
    assert 'stroke-dasharray' in svg  # the removed nodes' dashed border


def test_html_render_embeds_the_drawing_and_the_report(pair: tuple[Path, Path], runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", str(pair[0]), str(pair[1]), "--render", "diff.html"])
    assert result.exit_code == 0, result.stderr
    page = Path("diff.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "+ ADDED" in page
    assert "~ node rebuild: accepted -&gt; rejected" in page


def test_render_escapes_hostile_text(tmp_path: Path) -> None:
    from argmap.diffdiagram import build_diff_dot, render_diff

    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    hostile = '<B>bold</B> & "quote" \\N \\G > }'
    old = load_bytes(OLD_MAP.encode(), tmp_path / "old.yaml")
    new = load_bytes(OLD_MAP.replace("text: The town flooded.", f"text: {json.dumps(hostile)}").encode(), tmp_path / "new.yaml")
    dot = build_diff_dot(old, new, diff_maps(old, new))
    for piece in ("&lt;B&gt;bold&lt;/B&gt;", "&amp;", "&quot;quote&quot;", "\\\\N", "\\\\G", "&gt;"):
        assert piece in dot, piece
    without_tooltips = re.sub(r'tooltip="(?:[^"\\]|\\.)*"', "", dot)  # a tooltip is quoted plain text
    assert "bold" in dot and "<B>bold</B>" not in without_tooltips
    drawn = "".join(ET.fromstring(render_diff(old, new, diff_maps(old, new), "svg")).itertext())
    assert '<B>bold</B> & "quote" \\N \\G' in drawn
