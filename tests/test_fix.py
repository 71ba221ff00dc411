"""`argmap fix`: repairs that cannot change meaning, comments and layout kept byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.anchoring import Document
from argmap.cli import cli
from argmap.fixing import allowed_changes, repair_quote
from argmap.loader import load
from argmap.validation import validate

SOURCE = (
    "The river rose above the old bridge\u2014and nobody was ready.\n"
    "People left their homes before dawn.\n"
    "The mayor said \u201cthe town would rebuild.\u201d\n"
    "The dam held for a day. The dam held for a week.\n"
    "Help came from the hills, \nlate in the evening.\n"
)
SHA = hashlib.sha256(SOURCE.encode()).hexdigest()

MAP = """\
# Comments, odd spacing and quoting styles that fixing must keep.
argmap: 1
title:   A flood    # spaces kept
sources:
  src:
    path: source.txt   # the text
claims:
  rose:
    text: The river rose.
    quote: "The river rose above the new bridge"   # one word changed
    supports: [left]
  left:
    text: People left.
    quote: People left their homes before dawn.
  mayor:
    text: The mayor promised to rebuild.
    quote: 'The mayor said "the town would rebuild."'
    supports: left
  ready:
    text: Nobody was ready.
    quote: the old bridge -- and nobody was ready   # spaced typewriter dash
    supports: left
  help:
    text: Help came late.
    quote: "Help came from the hills ... late in the evening."
    supports: left
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["fix", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def write(folder: Path, text: str, name: str = "map.yaml") -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- the repairs ---------------------------------------------------------------------------------


def test_a_quote_with_one_changed_word_becomes_its_passage() -> None:
    repair = repair_quote(Document(SOURCE), "The river rose above the new bridge")
    assert (repair.outcome, repair.new) == ("replaced", "The river rose above the old bridge")
    assert repair.reason == "1 of 7 words differs"


def test_a_quote_differing_in_case_or_spacing_becomes_its_passage() -> None:
    document = Document(SOURCE)
    assert repair_quote(document, "people left their homes before dawn.").new == "People left their homes before dawn."
    assert repair_quote(document, "the old bridge -- and nobody").new == "the old bridge\u2014and nobody"
    assert repair_quote(document, "the old bridge -- and nobody").reason == "differs only in spacing"


def test_a_quote_that_stands_is_left_alone() -> None:
    document = Document(SOURCE)
    assert repair_quote(document, "the old bridge--and nobody was ready").outcome == "stands"  # "--" is a dash
    assert repair_quote(document, "The mayor said ``the town would rebuild.''").outcome == "stands"


def test_two_passages_as_close_are_never_chosen_between() -> None:
    repair = repair_quote(Document(SOURCE), "The dam held for a month.")
    assert repair.outcome == "failed"
    assert "2 passages are as close (line 4 and line 4)" in repair.reason
    assert "does not choose" in repair.reason


def test_a_quote_too_far_from_any_passage_is_not_repaired() -> None:
    repair = repair_quote(Document(SOURCE), "The river fell below the new tower")
    assert repair.outcome == "failed"
    assert repair.reason.startswith("no passage is close enough (at most 1 word(s) may differ)")


def test_the_threshold_bounds_the_words_that_may_differ() -> None:
    document = Document(SOURCE)
    assert repair_quote(document, "The river rose above the new bridge", threshold=0).outcome == "failed"
    assert repair_quote(document, "the river rose above the old bridge", threshold=0).outcome == "replaced"
    assert allowed_changes(8, 3) == 2 and allowed_changes(40, 3) == 3 and allowed_changes(3, 3) == 1


def test_an_ellipsis_quote_becomes_its_passages() -> None:
    repair = repair_quote(Document(SOURCE), "Help came from the hills \u2026 late in the evening.")
    assert (repair.outcome, repair.new) == ("split", ["Help came from the hills", "late in the evening."])
    out_of_order = repair_quote(Document(SOURCE), "late in the evening. ... Help came from the hills")
    assert out_of_order.outcome == "failed" and "order" in out_of_order.reason


# --- the command ---------------------------------------------------------------------------------


def test_fix_diff_shows_every_fix_and_writes_nothing(folder: Path) -> None:
    path = write(folder, MAP)
    status, out, err = run(str(path), "--diff")
    assert path.read_text(encoding="utf-8") == MAP
    assert status == 0, err
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == [
        f"+    sha256: {SHA}",
        '+    quote: "The river rose above the old bridge"   # one word changed',
        "+    quote: the old bridge\u2014and nobody was ready   # spaced typewriter dash",
        "+    quote:",
        '+      - "Help came from the hills"',
        '+      - "late in the evening."',
    ]
    assert "4 fixed, 0 not fixed" in err
    assert "quote:  The river rose above the [-new-] bridge" in err
    assert "source: The river rose above the {+old+} bridge" in err


def test_fix_keeps_everything_else_byte_for_byte(folder: Path) -> None:
    path = write(folder, MAP)
    status, _out, err = run(str(path))
    assert status == 0, err
    expected = (
        MAP.replace("    path: source.txt   # the text\n", f"    path: source.txt   # the text\n    sha256: {SHA}\n")
        .replace('"The river rose above the new bridge"', '"The river rose above the old bridge"')
        .replace("the old bridge -- and nobody was ready", "the old bridge\u2014and nobody was ready")
        .replace('    quote: "Help came from the hills ... late in the evening."\n', '    quote:\n      - "Help came from the hills"\n      - "late in the evening."\n')
    )
    assert path.read_text(encoding="utf-8") == expected
    assert [p for p in validate(load(path)) if p.is_error] == []
    # Fixing again finds nothing to do and leaves the file alone.
    before = path.read_bytes()
    status, out, _err = run(str(path))
    assert status == 0 and path.read_bytes() == before
    assert "0 fixed, 0 not fixed" in out


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", ""), ("\n", "\ufeff")])
def test_fix_keeps_line_ends_and_byte_order_mark(folder: Path, newline: str, bom: str) -> None:
    text = bom + MAP.replace("\n", newline)
    path = folder / "map.yaml"
    path.write_bytes(text.encode("utf-8"))
    status, _out, err = run(str(path), "--threshold", "3")
    assert status == 0, err
    fixed = path.read_bytes().decode("utf-8")
    assert fixed.startswith(bom + "# Comments")
    assert '"The river rose above the old bridge"   # one word changed' + newline in fixed
    assert fixed.count(newline) == text.count(newline) + 3  # the pin and two list items
    if newline == "\r\n":
        assert "\n" not in fixed.replace("\r\n", "")


def test_fix_edits_quotes_in_lists_flow_and_block_scalars(folder: Path) -> None:
    text = """\
argmap: 1
title: T
sources:
  src: {path: source.txt, sha256: %s}
claims:
  a:
    text: A
    quote:
      - People left their homes before dawn.
      - Help came from the hills... late in the evening.   # two passages
      - the river rose above the old bridge
  b:
    text: B
    quote: [People left their homes before dawn., "Help came from the hills... late in the evening."]
    supports: a
  c:
    text: C
    quote: >-
      The mayor said "the town
      would Rebuild."
    supports: a
""" % SHA
    path = write(folder, text)
    status, _out, err = run(str(path))
    assert status == 0, err
    fixed = path.read_text(encoding="utf-8")
    assert '      - "Help came from the hills"\n      - "late in the evening."   # two passages\n      - The river rose above the old bridge\n' in fixed
    assert 'quote: [People left their homes before dawn., "Help came from the hills", "late in the evening."]' in fixed
    assert "    quote: \"The mayor said \u201cthe town would rebuild.\u201d\"\n    supports: a\n" in fixed
    assert [p for p in validate(load(path)) if p.is_error] == []


def test_two_candidate_passages_are_reported_and_left_alone(folder: Path) -> None:
    text = MAP.replace("People left their homes before dawn.", "The dam held for a month.")
    path = write(folder, text)
    status, out, _err = run(str(path))
    assert status == 1
    assert "claim 'left': not fixed: 2 passages are as close" in out
    assert "    quote: The dam held for a month." in path.read_text(encoding="utf-8")


def test_a_citation_with_an_ellipsis_is_not_split(folder: Path) -> None:
    text = MAP.replace(
        '    quote: "Help came from the hills ... late in the evening."\n',
        '    cites:\n      - quote: "Help came from the hills ... late in the evening."\n',
    )
    path = write(folder, text)
    status, out, _err = run(str(path))
    assert status == 1
    assert "a citation quotes one passage" in out
    assert 'quote: "Help came from the hills ... late in the evening."' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "broken",
    [
        MAP.replace("  left:\n", "  left\n"),  # YAML error
        MAP.replace("    text: People left.\n", "    text: People left.\n    colour: red\n"),  # format error
    ],
)
def test_a_map_with_yaml_or_format_errors_is_never_edited(folder: Path, broken: str) -> None:
    path = write(folder, broken)
    status, out, err = run(str(path))
    assert status == 1
    assert "not fixed: the map has YAML or format errors" in err
    assert path.read_text(encoding="utf-8") == broken


def test_the_file_is_replaced_atomically_and_keeps_its_mode(folder: Path) -> None:
    path = write(folder, MAP)
    os.chmod(path, 0o600)
    inode = path.stat().st_ino
    status, _out, err = run(str(path))
    assert status == 0, err
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.stat().st_ino != inode  # a new file renamed over the old one, not a rewrite in place
    assert sorted(p.name for p in folder.iterdir()) == ["map.yaml", "source.txt"]  # no temporary file left


def test_json_report(folder: Path) -> None:
    path = write(folder, MAP.replace("People left their homes before dawn.", "The dam held for a month."))
    status, out, _err = run(str(path), "--diff", "--output-format", "json")
    assert status == 1
    report = json.loads(out)
    assert report["written"] is False and report["diff"].startswith("--- a/")
    assert [item["subject"] for item in report["fixed"]] == ["source 'src'", "claim 'rose'", "claim 'ready'", "claim 'help'"]
    (left,) = report["not_fixed"]
    assert left["subject"] == "claim 'left'" and left["closest"]["words"][-2] == {"op": "replace", "quote": "month", "source": "day"}
