"""Edits: `pin` writes only the digest, on every YAML form a source can take, or refuses with
the place (file:line) and changes nothing; it keeps links, modes, line breaks and the BOM."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from argmap.loader import load

from .conftest import SOURCE_TEXT, run_argmap

SHA = hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()
OLD = "ab" * 32
TAIL = "claims:\n  risen:\n    text: The river rose.\n    quote: The river rose above the old bridge.\n"


def _write(project: Path, sources: str) -> Path:
    path = project / "map.yaml"
    path.write_text("argmap: 1\ntitle: Flood\n" + sources + TAIL, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "sources",
    [
        "sources:\n  src:\n    path: source.txt\n    sha256:\n",
        "sources:\n  src: {path: source.txt}\n",
        "sources:\n  src: {path: source.txt, sha256: " + OLD + "}\n",
        "sources:\n  src:\n    path: source.txt\n    sha256: |-\n      " + OLD + "\n",
        "sources:\n  src:\n    path: source.txt\n    sha256: &h " + OLD + "\n",
        "sources:\n  src: &s\n    path: source.txt\n  again: *s\n",
        "sources:\n  src:\n    path: 'source\n      .txt'\n",
    ],
    ids=["empty", "flow", "flow-with-digest", "block-scalar", "anchored", "aliased-source", "path-on-two-lines"],
)
def test_pin_leaves_a_map_that_parses_with_only_the_digest_changed(project: Path, sources: str) -> None:
    if "'source\n" in sources:
        (project / "source .txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = _write(project, sources)
    done = run_argmap("pin", "map.yaml", cwd=project)
    assert done.status == 0, done.text
    loaded = load(path)
    assert loaded.records is not None and loaded.problems == []
    assert {s.sha256 for s in loaded.records.sources.values()} == {SHA}
    assert path.read_text(encoding="utf-8").count(SHA) == 1  # one place, even when shared


def test_pin_refuses_digests_shared_by_an_alias_between_sources_that_differ(project: Path) -> None:
    (project / "other.txt").write_text("Other.\n", encoding="utf-8")
    _write(project, f"sources:\n  src:\n    path: source.txt\n    sha256: &h {OLD}\n  other:\n    path: other.txt\n    sha256: *h\n")
    before = (project / "map.yaml").read_bytes()
    done = run_argmap("pin", "map.yaml", cwd=project)
    assert done.status == 1
    assert "map.yaml:" in done.err and "through an alias" in done.err
    assert (project / "map.yaml").read_bytes() == before


def test_pin_keeps_a_symlinked_map_a_link_its_mode_and_its_crlf(project: Path) -> None:
    real = project / "real.yaml"
    real.write_bytes(b"\xef\xbb\xbf" + ("argmap: 1\ntitle: Flood\nsources:\n  src:\n    path: source.txt\n" + TAIL).replace("\n", "\r\n").encode())
    real.chmod(0o600)
    (project / "map.yaml").unlink()
    (project / "map.yaml").symlink_to("real.yaml")
    done = run_argmap("pin", "map.yaml", cwd=project)
    assert done.status == 0, done.text
    assert (project / "map.yaml").is_symlink()
    data = real.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and f"    sha256: {SHA}\r\n".encode() in data and b"\n" not in data.replace(b"\r\n", b"")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert not [name for name in os.listdir(project) if name.endswith(".tmp")]
