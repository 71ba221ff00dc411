"""`argmap pin`: writes each source's sha256 into the map and changes nothing else."""

from __future__ import annotations

import hashlib
import os
import stat
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


def test_pin_refuses_a_source_with_format_errors_rather_than_skip_it(write_map: Callable[..., Path]) -> None:
    text = MAP.replace("    title:", "    sha256: [not, a, digest]\n    title:")
    path = write_map(text)
    status, output = pin_cli(path)
    assert status == 1
    assert "source 'src' has format errors" in output
    assert path.read_text(encoding="utf-8") == text


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


# --- every form a source and its digest can take ------------------------------------------

TAIL = """\
claims:
  risen:
    text: The river rose.
    quote: The river rose above the old bridge.
"""

#: (name, how the sources are written, what pinning writes): {sha} is the source's digest, {old} a stale one.
FORMS = [
    ("empty value", "sources:\n  src:\n    path: source.txt\n    sha256:\n    title: T\n", "sources:\n  src:\n    path: source.txt\n    sha256: {sha}\n    title: T\n"),
    ("empty value with a comment", "sources:\n  src:\n    path: source.txt\n    sha256:   # to pin\n", "sources:\n  src:\n    path: source.txt\n    sha256: {sha}   # to pin\n"),
    ("flow mapping without digest", "sources:\n  src: {path: source.txt}\n", "sources:\n  src: {path: source.txt, sha256: {sha}}\n"),
    ("flow mapping with digest", "sources:\n  src: {path: source.txt, sha256: {old}, title: T}\n", "sources:\n  src: {path: source.txt, sha256: {sha}, title: T}\n"),
    ("flow mapping, quoted", "sources: {src: {path: 'source.txt', sha256: \"{old}\"}}\n", "sources: {src: {path: 'source.txt', sha256: \"{sha}\"}}\n"),
    ("block scalar digest", "sources:\n  src:\n    path: source.txt\n    sha256: |-\n      {old}\n    title: T\n", "sources:\n  src:\n    path: source.txt\n    sha256: {sha}\n    title: T\n"),
    ("folded scalar digest", "sources:\n  src:\n    path: source.txt\n    sha256: >-\n      {old}\n", "sources:\n  src:\n    path: source.txt\n    sha256: {sha}\n"),
    ("block scalar path", "sources:\n  src:\n    path: |-\n      source.txt\n    title: T\n", "sources:\n  src:\n    path: |-\n      source.txt\n    sha256: {sha}\n    title: T\n"),
    ("anchored digest", "sources:\n  src:\n    path: source.txt\n    sha256: &pin {old}  # old\n", "sources:\n  src:\n    path: source.txt\n    sha256: &pin {sha}  # old\n"),
    ("path continued on the next line", "sources:\n  src:\n    path: my\n      source.txt\n    title: T\n", "sources:\n  src:\n    path: my\n      source.txt\n    sha256: {sha}\n    title: T\n"),
    ("quoted path over two lines", "sources:\n  src:\n    path: \"./sub/../sou\\\n      rce.txt\"  # c\n    title: T\n", "sources:\n  src:\n    path: \"./sub/../sou\\\n      rce.txt\"  # c\n    sha256: {sha}\n    title: T\n"),
    ("single-quoted digest", "sources:\n  src:\n    path: source.txt\n    sha256: '{old}'\n", "sources:\n  src:\n    path: source.txt\n    sha256: '{sha}'\n"),
    ("last line without a line break", "sources:\n  src:\n    path: source.txt", "sources:\n  src:\n    path: source.txt\n    sha256: {sha}\n"),
    ("whole source aliased", "sources:\n  src: &s\n    path: source.txt\n  again: *s\n", "sources:\n  src: &s\n    path: source.txt\n    sha256: {sha}\n  again: *s\n"),
    ("digest aliased, same file", "sources:\n  src:\n    path: source.txt\n    sha256: &h {old}\n  again:\n    path: ./source.txt\n    sha256: *h\n", "sources:\n  src:\n    path: source.txt\n    sha256: &h {sha}\n  again:\n    path: ./source.txt\n    sha256: *h\n"),
]


def _form_map(sources: str, old: str = "ab" * 32, sha: str = SOURCE_SHA) -> str:
    return "argmap: 1\ntitle: Forms\n" + sources.replace("{old}", old).replace("{sha}", sha) + ("" if sources.endswith("\n") else "\n") + TAIL


@pytest.mark.parametrize(("name", "written", "pinned"), FORMS, ids=[f[0] for f in FORMS])
def test_pin_edits_every_form_of_a_source_in_place(tmp_path: Path, name: str, written: str, pinned: str | None) -> None:
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "my source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = tmp_path / "map.yaml"
    tail = TAIL if written.endswith("\n") else ""  # without a line break, the sources end the file
    path.write_text("argmap: 1\ntitle: Forms\n" + written.replace("{old}", "ab" * 32) + tail, encoding="utf-8")
    status, output = pin_cli(path)
    assert status == 0, output
    after = path.read_text(encoding="utf-8")
    if pinned is not None:
        expected = "argmap: 1\ntitle: Forms\n" + pinned.replace("{sha}", SOURCE_SHA)
        assert after == expected + tail
    assert [p.code for p in validate(load(path)) if p.code not in ("AM203", "AM303")] == []
    loaded = load(path)
    assert loaded.records is not None and all(s.sha256 == SOURCE_SHA for s in loaded.records.sources.values())


def test_pin_refuses_an_aliased_digest_shared_by_sources_that_differ(tmp_path: Path) -> None:
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "other.txt").write_text("Another text.\n", encoding="utf-8")
    text = _form_map("sources:\n  src:\n    path: source.txt\n    sha256: &h {old}\n  other:\n    path: other.txt\n    sha256: *h\n")
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    status, output = pin_cli(path)
    assert status == 1
    assert "through an alias" in output and "map.yaml:" in output
    assert path.read_text(encoding="utf-8") == text


def test_pin_refuses_an_anchor_that_other_values_share(tmp_path: Path) -> None:
    """The digest's anchor is also the map's description: pinning would change it too."""
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    text = _form_map("sources:\n  src:\n    path: source.txt\n    sha256: &h {old}\ndescription: *h\n")
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    status, output = pin_cli(path)
    assert status == 1
    assert "would change more than the `sha256`" in output
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_pin_keeps_crlf_line_breaks_and_the_byte_order_mark(tmp_path: Path, bom: bytes) -> None:
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    text = _form_map("sources:\n  src:\n    path: source.txt  # here\n    title: T\n").replace("\n", "\r\n")
    path = tmp_path / "map.yaml"
    path.write_bytes(bom + text.encode())
    assert pin_cli(path)[0] == 0
    after = path.read_bytes()
    assert after == bom + text.replace("# here\r\n", f"# here\r\n    sha256: {SOURCE_SHA}\r\n").encode()
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_pin_edits_the_target_of_a_symlinked_map_and_keeps_its_mode(tmp_path: Path) -> None:
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    real = tmp_path / "real.yaml"
    real.write_text(MAP, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "map.yaml"
    link.symlink_to("real.yaml")
    assert pin_cli(link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == "real.yaml"
    assert SOURCE_SHA in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.yaml", "real.yaml", "source.txt"]  # no temporary file left


def test_pin_in_a_folder_it_cannot_write_says_so_and_changes_nothing(write_map: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only folder, as the operating system reports it (the tests may run as root, who can write anywhere)."""
    import tempfile

    path = write_map(MAP)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    status, output = pin_cli(path)
    assert status == 1
    assert "AM901" in output and "map.yaml" in output and "Permission denied" in output
    assert path.read_text(encoding="utf-8") == MAP
    assert sorted(p.name for p in path.parent.iterdir()) == ["map.yaml", "source.txt"]
