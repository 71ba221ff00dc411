"""`argmap pin`: writes each source's sha256 into the map and changes nothing else."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SOURCE_TEXT

from argmap import yamlfast
from argmap.cli import cli
from argmap.loader import load
from argmap.pin import PinError, pin
from argmap.validation import validate

SOURCE_SHA = hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()

MAP = """\
# A map with comments, which pinning must keep.
argmap: 1
title: Test map
sources:
  src:
    path: source.txt   # the article
    title: "Quoted title"
claims:
  risen:
    text: The river rose.
    quote: The river rose above the old bridge.  # a quote
  left:
    text: People left.
    quote: People left their homes before dawn.
    supports: risen
"""


def pin_cli(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["pin", str(path), *args])
    return result.exit_code, result.output


def test_pin_adds_the_digest_after_path_and_keeps_everything_else(write_map: Callable[..., Path]) -> None:
    path = write_map(MAP)
    status, output = pin_cli(path)
    assert status == 0
    assert f"source 'src': unpinned -> {SOURCE_SHA[:12]}…" in output
    expected = MAP.replace("    path: source.txt   # the article\n", f"    path: source.txt   # the article\n    sha256: {SOURCE_SHA}\n")
    assert path.read_text(encoding="utf-8") == expected
    assert validate(load(path)) == []


def test_pin_twice_changes_nothing_the_second_time(write_map: Callable[..., Path]) -> None:
    path = write_map(MAP)
    pin_cli(path)
    pinned = path.read_bytes()
    status, output = pin_cli(path)
    assert status == 0
    assert "already pinned" in output
    assert path.read_bytes() == pinned


@pytest.mark.parametrize("written", ["sha256: {old}", "sha256: '{old}'", 'sha256: "{old}"  # pinned in May'])
def test_pin_replaces_a_stale_digest_where_it_stands(write_map: Callable[..., Path], written: str) -> None:
    old = "ab" * 32
    line = "    " + written.format(old=old) + "\n"
    path = write_map(MAP.replace("    title:", line + "    title:"))
    assert [p.code for p in validate(load(path))] == ["AM402"]
    status, output = pin_cli(path)
    assert status == 0
    assert f"{old[:12]}… -> {SOURCE_SHA[:12]}…" in output
    after = path.read_text(encoding="utf-8")
    assert line.replace(old, SOURCE_SHA) in after
    assert after.replace(SOURCE_SHA, old) == MAP.replace("    title:", line + "    title:")
    assert validate(load(path)) == []


def test_pin_dry_run_writes_nothing(write_map: Callable[..., Path]) -> None:
    path = write_map(MAP)
    status, output = pin_cli(path, "--dry-run")
    assert status == 0
    assert "unpinned ->" in output
    assert path.read_text(encoding="utf-8") == MAP


def test_pin_refuses_a_source_written_in_flow_style(write_map: Callable[..., Path]) -> None:
    path = write_map(MAP.replace("  src:\n    path: source.txt   # the article\n    title: \"Quoted title\"\n", "  src: {path: source.txt}\n"))
    status, output = pin_cli(path)
    assert status == 1
    assert "flow style" in output
    assert "sha256" not in path.read_text(encoding="utf-8")


def test_pin_refuses_when_a_source_cannot_be_read(write_map: Callable[..., Path]) -> None:
    path = write_map(MAP, source=None)
    with pytest.raises(PinError, match="cannot be read"):
        pin(load(path))


def test_pin_never_writes_over_an_edit_made_after_loading(write_map: Callable[..., Path]) -> None:
    path = write_map(MAP)
    loaded = load(path)
    edited = MAP + "  fell:\n    text: Rain fell.\n    quote: Rain fell on the town all night.\n    supports: risen\n"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(PinError, match="changed while it was being pinned"):
        pin(loaded)
    assert path.read_text(encoding="utf-8") == edited


def test_pin_works_on_a_map_read_by_the_fast_parser(write_map: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfast, "FAST_PATH_MIN_CHARS", 0)
    plain = MAP.replace('"Quoted title"', "Plain title")
    path = write_map(plain)
    loaded = load(path)
    assert loaded.raw is None  # the fast parser was used
    data, changes = pin(loaded)
    assert [c.source_id for c in changes] == ["src"]
    assert data.decode() == plain.replace("# the article\n", f"# the article\n    sha256: {SOURCE_SHA}\n")
