"""YAML parsing with positions: argmap.yamlpos.parse_yaml."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from conftest import dedent

from argmap.yamlpos import parse_yaml


def parse(text: str):
    return parse_yaml(dedent(text) if text.startswith("\n") else text, "m.yaml")


def problem_triples(parsed) -> list[tuple[str, int, int]]:
    return [(p.code, p.location.line, p.location.column) for p in parsed.problems]


# --- positions -----------------------------------------------------------------------------


NESTED = """
a:
  b: 1
  c:
    - x
    - y: 2
d: [p, {q: r}]
"""


def test_nested_data_is_plain_python() -> None:
    parsed = parse(NESTED)
    assert parsed.problems == []
    assert parsed.data == {"a": {"b": 1, "c": ["x", {"y": 2}]}, "d": ["p", {"q": "r"}]}


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (("a", "b"), (2, 6)),
        (("a", "c", 0), (4, 7)),
        (("a", "c", 1), (5, 7)),
        (("a", "c", 1, "y"), (5, 10)),
        (("d",), (6, 4)),
        (("d", 0), (6, 5)),
        (("d", 1), (6, 8)),
        (("d", 1, "q"), (6, 12)),
    ],
)
def test_value_positions(path: tuple, where: tuple[int, int]) -> None:
    assert parse(NESTED).positions.of_value(path) == where


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (("a",), (1, 1)),
        (("a", "b"), (2, 3)),
        (("a", "c"), (3, 3)),
        (("a", "c", 1, "y"), (5, 7)),
        (("d",), (6, 1)),
        (("d", 1, "q"), (6, 9)),
    ],
)
def test_key_positions(path: tuple, where: tuple[int, int]) -> None:
    assert parse(NESTED).positions.of_key(path) == where


def test_unknown_path_falls_back_to_nearest_known_ancestor() -> None:
    positions = parse(NESTED).positions
    # ("a", "zzz") does not exist: the position of the value of `a` (line 2) stands in.
    assert positions.of_value(("a", "zzz")) == (2, 3)
    assert positions.of_value(("a", "c", 1, "nope", 3)) == (5, 7)


def test_positions_count_unicode_characters_not_bytes() -> None:
    parsed = parse("title: “Paris” – café\nnext: é\n")
    assert parsed.positions.of_value(("next",)) == (2, 7)
    assert parsed.positions.of_key(("next",)) == (2, 1)


# --- keys stay text ------------------------------------------------------------------------


def test_keys_are_kept_as_written() -> None:
    parsed = parse("2015: x\nyes: y\nnull: z\n1.5: w\ntrue: t\n~: n\n")
    assert parsed.problems == []
    assert list(parsed.data) == ["2015", "yes", "null", "1.5", "true", "~"]
    assert parsed.data["2015"] == "x"
    assert parsed.data["yes"] == "y"


def test_dates_stay_text() -> None:
    assert parse("published: 2015-11-16\n").data == {"published": "2015-11-16"}


# --- duplicate keys ------------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    parsed = parse("a: 1\nb: 2\na: 3\n")
    assert problem_triples(parsed) == [("AM107", 3, 1)]
    problem = parsed.problems[0]
    assert "'a'" in problem.message and "line 1" in problem.message
    assert [(r.line, r.column) for r in problem.related] == [(1, 1)]


def test_nested_duplicate_key_is_reported_at_the_second_key() -> None:
    parsed = parse(
        """
        claims:
          x:
            text: one
            kind: fact
            text: two
        """
    )
    assert problem_triples(parsed) == [("AM107", 5, 5)]
    assert "line 3" in parsed.problems[0].message


# --- syntax errors -------------------------------------------------------------------------


def test_bad_indentation_is_a_syntax_error_with_position() -> None:
    parsed = parse("a:\n  b: 1\n c: 2\n")
    assert parsed.data is None
    assert problem_triples(parsed) == [("AM101", 3, 2)]


def test_mapping_value_in_wrong_place_is_a_syntax_error() -> None:
    assert problem_triples(parse("a: b: c\n")) == [("AM101", 1, 5)]


def test_unclosed_flow_list_is_a_syntax_error() -> None:
    parsed = parse("x: [1, 2\ny: 3\n")
    assert problem_triples(parsed) == [("AM101", 2, 2)]
    assert "line 1, column 4" in (parsed.problems[0].hint or "")


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    parsed = parse("title: 'unclosed\nnext: 2\n")
    assert [p.code for p in parsed.problems] == ["AM101"]
    problem = parsed.problems[0]
    # The user must be led to line 1, where the quote opens: by the position or the hint.
    assert problem.location.line == 1 or "line 1, column 8" in (problem.hint or "")


def test_tab_inside_an_indented_block_is_a_syntax_error_with_tab_hint() -> None:
    parsed = parse("a:\n  b: 1\n\tc: 2\n")
    assert problem_triples(parsed) == [("AM101", 3, 1)]
    assert "tab" in (parsed.problems[0].hint or "")


def test_tab_indentation_is_a_syntax_error_with_tab_hint() -> None:
    # The commonest tab mistake: the first indented line starts with a tab.
    parsed = parse("claims:\n\tx: 1\n")
    assert problem_triples(parsed) == [("AM101", 2, 1)]
    assert "tab" in (parsed.problems[0].message + " " + (parsed.problems[0].hint or "")).lower()


def test_empty_document_is_no_data_and_no_problem() -> None:
    for text in ("", "# just a comment\n", "\n\n"):
        parsed = parse_yaml(text, "m.yaml")
        assert parsed.data is None and parsed.problems == []


# --- hostile input -------------------------------------------------------------------------


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.perf_counter()
    parsed = parse_yaml(_billion_laughs(), "m.yaml")
    elapsed = time.perf_counter() - started
    assert parsed.data is None
    assert [p.code for p in parsed.problems][-1:] == ["AM110"]
    assert parsed.problems[-1].location.line >= 1
    assert elapsed < 2.0, f"refusing a 9-line alias bomb took {elapsed:.1f} s"


def test_small_aliases_are_fine() -> None:
    parsed = parse("base: &b [x, y]\nother: *b\n")
    assert parsed.problems == []
    assert parsed.data == {"base": ["x", "y"], "other": ["x", "y"]}


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a\n  - x\n  - *a\n"])
def test_recursive_alias_is_refused(text: str) -> None:
    started = time.perf_counter()
    parsed = parse_yaml(text, "m.yaml")
    assert time.perf_counter() - started < 1.0
    assert parsed.data is None
    assert [p.code for p in parsed.problems] == ["AM110"]
    assert "recursive" in parsed.problems[0].message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: !!python/object/apply:os.system ['echo pwned']\n", (1, 4)),
        ("a: !!python/name:os.system\n", (1, 4)),
        ("ok: 1\nb:\n  c: !custom x\n", (3, 6)),
        ("a: !!binary aGVsbG8=\n", (1, 4)),
        ("a: !!set {x}\n", (1, 4)),
    ],
)
def test_tags_are_refused(text: str, where: tuple[int, int]) -> None:
    parsed = parse_yaml(text, "m.yaml")
    assert parsed.data is None
    assert problem_triples(parsed) == [("AM110", *where)]


def test_python_tag_does_not_run_anything(tmp_path) -> None:
    marker = tmp_path / "pwned"
    parse_yaml(f"a: !!python/object/apply:os.system ['touch {marker}']\n", "m.yaml")
    assert not marker.exists()


def test_merge_keys_and_collection_keys_are_refused() -> None:
    assert problem_triples(parse("<<: {a: 1}\n")) == [("AM110", 1, 1)]
    assert problem_triples(parse("? [a]\n: 1\n")) == [("AM110", 1, 3)]


def test_deep_nesting_is_refused() -> None:
    parsed = parse_yaml("a: " + "[" * 500 + "]" * 500 + "\n", "m.yaml")
    assert parsed.data is None
    assert [p.code for p in parsed.problems] == ["AM110"]
    assert "nested" in parsed.problems[0].message


def test_very_deep_nesting_is_refused_without_crashing() -> None:
    # Run in a child process: a crash of the YAML parser must not take the test run with it.
    program = (
        "from argmap.yamlpos import parse_yaml\n"
        "p = parse_yaml('a: ' + '[' * 100000 + ']' * 100000, 'm.yaml')\n"
        "print(' '.join(x.code for x in p.problems))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"parse_yaml crashed (exit {result.returncode}): {result.stderr[-500:]}"
    assert result.stdout.split() == ["AM110"]
