"""The load-and-format family of docs/problems.md (AM1xx), each through the real program:
its documented code at its place, a bounded run, exit status 1, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_argmap, snapshot

HEAD = "argmap: 1\ntitle: T\n"

CASES: list[tuple[str, bytes, str, int, int]] = [
    ("latin-1 bytes", HEAD.encode() + "claims:\n  a:\n    text: caf\xe9\n    implicit: true\n".encode("latin-1"), "AM100", 0, 0),
    ("unclosed flow list", (HEAD + "claims:\n  a:\n    text: A\n    supports: [b\n").encode(), "AM101", 7, 0),
    ("a list at the top", b"- argmap: 1\n", "AM102", 1, 1),
    ("version as text", b'argmap: "1"\ntitle: T\n', "AM103", 1, 9),
    ("no title", b"argmap: 1\n", "AM104", 1, 1),
    ("a number for a text", (HEAD + "claims:\n  a:\n    text: 5.5\n    implicit: true\n").encode(), "AM105", 5, 11),
    ("a key of another format", (HEAD + "claims:\n  a:\n    text: A\n    implicit: true\n    premise: b\n").encode(), "AM106", 7, 5),
    ("a key twice", (HEAD + "claims:\n  a:\n    text: A\n    text: B\n    implicit: true\n").encode(), "AM107", 6, 5),
    ("an id with a newline escape", (HEAD + 'claims:\n  "a b":\n    text: A\n    implicit: true\n').encode(), "AM108", 4, 3),
    ("YAML 1.1 octal id", (HEAD + "claims:\n  '15':\n    text: A\n    implicit: true\n  b:\n    text: B\n    implicit: true\n    supports: 017\n").encode(), "AM109", 10, 15),
    ("a tag on a key", (HEAD + "claims:\n  !!str a:\n    text: A\n    implicit: true\n").encode(), "AM110", 4, 3),
    ("an escape sequence in text", (HEAD + "claims:\n  a:\n    text: \"A \\e[2J\"\n    implicit: true\n").encode(), "AM111", 5, 11),
    ("a quote longer than the limit", (HEAD + "sources:\n  s:\n    path: source.txt\nclaims:\n  a:\n    text: A\n    quote: " + "word " * 1200 + "\n").encode(), "AM113", 9, 12),
]


@pytest.mark.parametrize(("name", "raw", "code", "line", "column"), CASES, ids=[case[0] for case in CASES])
def test_each_format_problem_is_placed_and_nothing_is_written(project: Path, name: str, raw: bytes, code: str, line: int, column: int) -> None:
    (project / "map.yaml").write_bytes(raw)
    (project / "renders").mkdir()
    before = snapshot(project)
    done = run_argmap("check", "map.yaml", "--renders-dir", "renders", "--output-format", "json", "--no-cache", cwd=project, seconds=60)
    assert done.status == 1, done.text
    found = [(p["code"], p["line"], p["column"]) for p in json.loads(done.out)]
    expected = (code, line, column) if line or column else None
    if expected is not None and column == 0:  # a YAML syntax error: the column is the parser's
        assert any(c == code and ln == line for c, ln, _ in found), found
    elif expected is not None:
        assert expected in found, found
    else:
        assert [c for c, *_ in found] == [code], found
    assert done.seconds < 30
    rendered = run_argmap("render", "map.yaml", "--renders-dir", "renders", cwd=project, seconds=60)
    assert rendered.status == 1 and "not rendered" in rendered.err
    assert snapshot(project) == before
