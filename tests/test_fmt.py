"""`argmap fmt` puts maps in canonical order and layout and never changes what they mean.

Every map of the repository, every fixture map that loads and generated maps are
formatted; each must give the same records in the same order, keep its comments,
and be formatted already when formatted again.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_records import maps as map_data

from argmap import builders
from argmap.cli import cli
from argmap.diagram import RenderOptions, render_digest
from argmap.formatting import FormatRefused, format_map, same_map
from argmap.loader import load, load_bytes

REPOSITORY_MAPS = sorted((REPO / "maps").rglob("*.yaml")) + sorted((REPO / "tests" / "fixtures").rglob("*.yaml"))


def _formats_faithfully(raw: bytes, path: Path) -> bytes:
    """Format ``raw``; assert the same map, the same comments, and a fixed point."""
    before = load_bytes(raw, path)
    formatted = format_map(raw, path)
    after = load_bytes(formatted, path)
    assert after.problems == []
    assert same_map(before.records, after.records)
    assert _comments(formatted) == _comments(raw)
    assert format_map(formatted, path) == formatted, "formatting twice must give what formatting once gives"
    return formatted


def _comments(raw: bytes) -> list[str]:
    """The comments of a YAML text, in order (a `#` that starts a line or follows a space,
    outside quoted text, which these maps do not mix)."""
    found = []
    for line in raw.decode("utf-8-sig").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            found.append(stripped)
        elif " #" in line and not any(q in line.split(" #", 1)[0] for q in "\"'"):
            found.append("#" + line.split(" #", 1)[1].rstrip())
    return found


@pytest.mark.parametrize("path", REPOSITORY_MAPS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_map_of_the_repository_keeps_its_meaning_and_its_comments(path: Path) -> None:
    raw = path.read_bytes()
    if load_bytes(raw, path).problems:
        pytest.skip("a fixture that does not load is not formatted (tested below)")  # only maps that load are formattable
    _formats_faithfully(raw, path)


def test_formatting_the_seed_map_keeps_its_renders_up_to_date(tmp_path: Path) -> None:
    seed = REPO / "maps" / "mumbai-to-paris.yaml"
    copy = tmp_path / "maps" / "mumbai-to-paris.yaml"
    copy.parent.mkdir()
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")  # the project root: the source is inside it
    copy.write_bytes(format_map(seed.read_bytes(), seed))
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "from-mumbai-to-paris.txt").write_bytes((REPO / "seeds" / "from-mumbai-to-paris.txt").read_bytes())
    # The render digest hashes the parsed map, not its bytes: reordering keys changes nothing.
    assert render_digest(load(copy), RenderOptions()) == render_digest(load(seed), RenderOptions())


def test_canonical_order_and_layout() -> None:
    raw = b"""\
# header comment
claims:
  b:
    kind: fact            # what sort
    supports:
    - a
    - c
    text: B
    quote: Rain fell.
  a:
    text: A
    implicit: true
  c:
    text: C
    implicit: true
    tags:
        - x
        - y
title: T
argmap: 1
sources:
  s:
    author: Me
    path: s.txt
"""
    formatted = format_map(raw, Path("m.yaml")).decode()
    assert formatted == """\
# header comment
argmap: 1
title: T
sources:
  s:
    path: s.txt
    author: Me
claims:
  b:
    text: B
    quote: Rain fell.
    supports: [a, c]
    kind: fact            # what sort
  a:
    text: A
    implicit: true
  c:
    text: C
    tags: [x, y]
    implicit: true
"""


def test_a_list_of_ids_with_comments_among_its_items_stays_one_item_a_line() -> None:
    raw = b"argmap: 1\ntitle: T\nclaims:\n  a:\n    text: A\n    implicit: true\n    supports:\n      - b  # the main one\n      - c\n  b:\n    text: B\n    implicit: true\n  c:\n    text: C\n    implicit: true\n"
    assert b"- b  # the main one" in format_map(raw, Path("m.yaml"))


def test_the_comment_that_closes_an_entry_still_closes_it_when_its_fields_move() -> None:
    raw = b"argmap: 1\ntitle: T\nclaims:\n  a:\n    kind: fact\n    text: A\n    implicit: true  # reconstructed\n\n  # --- next group ---\n\n  b:\n    text: B\n    implicit: true\n"
    formatted = _formats_faithfully(raw, Path("m.yaml")).decode()
    assert formatted.endswith("    implicit: true  # reconstructed\n    kind: fact\n\n  # --- next group ---\n\n  b:\n    text: B\n    implicit: true\n")


def test_line_endings_and_a_byte_order_mark_are_kept() -> None:
    raw = b"\xef\xbb\xbftitle: T\r\nargmap: 1\r\n"
    assert format_map(raw, Path("m.yaml")) == b"\xef\xbb\xbfargmap: 1\r\ntitle: T\r\n"


@pytest.mark.parametrize(
    "raw",
    [b"argmap: 1\ntitle: 'unclosed\n", b"argmap: 1\ntitle: T\ntitle: U\n", b"argmap: 1\ntitle: T\nclaims:\n  a:\n    txt: A\n", b"", b"- a\n"],
    ids=["syntax", "duplicate-key", "format-error", "empty", "not-a-mapping"],
)
def test_a_map_that_does_not_load_cleanly_is_refused(raw: bytes) -> None:
    with pytest.raises(FormatRefused, match="does not load cleanly"):
        format_map(raw, Path("m.yaml"))


# --- generated maps ----------------------------------------------------------------------------


def _loadable(data: dict[str, Any]) -> bool:
    return builders.build(data) is not None


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], deadline=None)
@given(data=map_data, flow=st.booleans(), shuffle=st.randoms(use_true_random=False), comments=st.lists(st.integers(0, 200), max_size=4))
def test_generated_maps_keep_their_meaning_and_formatting_is_idempotent(data: dict[str, Any], flow: bool, shuffle: Any, comments: list[int]) -> None:
    assume(_loadable(data))
    items = list(data.items())
    shuffle.shuffle(items)  # the top-level keys in any order
    text = yaml.safe_dump(dict(items), default_flow_style=flow, allow_unicode=True, sort_keys=False, width=60)
    lines = text.splitlines(keepends=True)
    if not flow and "|" not in text and ">" not in text:
        for at in sorted(comments, reverse=True):  # whole-line comments between any two lines
            lines.insert(at % (len(lines) + 1), "# remark\n")
    raw = "".join(lines).encode("utf-8")
    assume(yaml.safe_load(raw) == yaml.safe_load(text))  # a `# remark` inside a quoted text would be text, not a comment
    loaded = load_bytes(raw, Path("m.yaml"))
    assume(not loaded.problems and loaded.records is not None)
    formatted = _formats_faithfully(raw, Path("m.yaml"))
    assert formatted.count(b"# remark") == raw.count(b"# remark")


# --- the command ------------------------------------------------------------------------------


def _unformatted(tmp_path: Path) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text("title: T\nargmap: 1  # version\n", encoding="utf-8")
    return path


def test_check_lists_unformatted_maps_and_fails_without_writing(tmp_path: Path) -> None:
    path = _unformatted(tmp_path)
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["fmt", "--check", str(path)])
    assert result.exit_code == 1 and f"would reformat {path}" in result.output
    assert path.read_bytes() == before
    CliRunner().invoke(cli, ["fmt", str(path)])
    assert CliRunner().invoke(cli, ["fmt", "--check", str(path)]).exit_code == 0


def test_diff_shows_the_change_without_writing(tmp_path: Path) -> None:
    path = _unformatted(tmp_path)
    result = CliRunner().invoke(cli, ["fmt", "--diff", str(path)])
    assert result.exit_code == 0
    assert "+argmap: 1  # version\n title: T\n-argmap: 1  # version\n" in result.output
    assert path.read_text(encoding="utf-8") == "title: T\nargmap: 1  # version\n"


def test_formatting_writes_through_a_symbolic_link_and_keeps_the_file_mode(tmp_path: Path) -> None:
    path = _unformatted(tmp_path)
    os.chmod(path, 0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(path.name)
    result = CliRunner().invoke(cli, ["fmt", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and path.read_text(encoding="utf-8") == "argmap: 1  # version\ntitle: T\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_map_with_yaml_errors_is_reported_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("title: T\nargmap: 1\nclaims:\n  a:\n    text: Madison: x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 1
    assert "AM101" in result.output and "not formatted" in result.output
    assert path.read_text(encoding="utf-8").startswith("title: T\n")
