"""Text no output can carry is refused where it stands, and YAML never changes what an id says.

Every case is checked on a small map (read by the reference parser) and on the same map
padded past the fast parser's threshold: both must give the same problems at the same
places.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap import yamlfast
from argmap.loader import load_bytes

HEAD = "argmap: 1\ntitle: T\nclaims:\n"
#: Claims that push a map past the size where the fast parser reads it.
PADDING = "".join(f"  pad{i}:\n    text: Padding claim number {i}, a plain sentence.\n    implicit: true\n" for i in range(1_500))


def _problems(text: str, padded: bool) -> list[tuple[str, int, int]]:
    raw = (text + (PADDING if padded else "")).encode("utf-8")
    if padded:
        assert len(raw) >= yamlfast.FAST_PATH_MIN_CHARS
    loaded = load_bytes(raw, Path("m.yaml"))
    return [(p.code, p.location.line, p.location.column) for p in loaded.problems]


def _both(text: str) -> list[tuple[str, int, int]]:
    small = _problems(text, padded=False)
    assert _problems(text, padded=True) == small
    return small


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "U+0000"),
        ("\x01", "U+0001"),
        ("\x0c", "U+000C"),
        ("\x1b", "U+001B"),
        ("\x7f", "U+007F (DELETE)"),
        ("\x85", "U+0085 (NEXT LINE (NEL))"),
        ("\x9b", "U+009B"),
        ("\ufffe", "U+FFFE"),
        ("\uffff", "U+FFFF"),
    ],
)
@pytest.mark.parametrize("where", ["value", "key", "quoted", "comment"])
def test_unsafe_characters_are_refused_at_their_place(char: str, name: str, where: str) -> None:
    line = {
        "value": f"  a:\n    text: Rain {char}fell.\n",
        "key": f"  a{char}b:\n    text: Rain fell.\n",
        "quoted": f'  a:\n    text: "Rain {char}fell."\n',
        "comment": f"  a:\n    text: Rain fell.  # see {char}\n",
    }[where]
    text = HEAD + line + "    implicit: true\n"
    index = text.index(char)
    column = index - text.rfind("\n", 0, index)
    assert _both(text) == [("AM111", text.count("\n", 0, index) + 1, column)]
    [problem] = load_bytes(text.encode(), Path("m.yaml")).problems
    assert problem.message.startswith(f"the map holds {name}")


def test_a_lone_carriage_return_is_refused_but_crlf_line_ends_are_not() -> None:
    crlf = HEAD.replace("\n", "\r\n") + "  a:\r\n    text: Rain fell.\r\n    implicit: true\r\n"
    assert _both(crlf) == []
    assert _both(HEAD + "  a:\n    text: Rain\rfell.\n    implicit: true\n") == [("AM111", 5, 15)]


@pytest.mark.parametrize("escape", ["\\x01", "\\x7f", "\\N", "\\u0085", "\\e", "\\uFFFF", "\\0"])
def test_escapes_that_make_unsafe_characters_are_refused(escape: str) -> None:
    text = HEAD + f'  a:\n    text: "Rain {escape} fell."\n    implicit: true\n'
    assert _both(text) == [("AM111", 5, 11)]


def test_an_escaped_carriage_return_is_text_outputs_carry() -> None:
    assert _both(HEAD + '  a:\n    text: "Rain\\r\\nfell."\n    implicit: true\n') == []


def test_an_escape_in_a_key_is_refused() -> None:
    assert _both(HEAD + '  "a\\x01":\n    text: Rain.\n    implicit: true\n')[0] == ("AM111", 4, 3)


def test_lone_surrogates_cannot_be_written() -> None:
    text = HEAD + '  a:\n    text: "Rain \\ud800 fell."\n    implicit: true\n'
    [(code, line, _column)] = _both(text)
    assert (code, line) == ("AM101", 5)
    assert load_bytes(HEAD.encode() + b"  a:\n    text: \xed\xa0\x80\n", Path("m.yaml")).problems[0].code == "AM100"


def test_ordinary_text_is_left_alone() -> None:
    text = HEAD + '  a:\n    text: "Tab\\there, é, “curly”, \\u00a0, \\u202e bidi, 日本"\n    implicit: true\n'
    assert _both(text) == []


@pytest.mark.parametrize(("written", "number"), [("017", "15"), ("1_5", "15"), ("1:30", "90"), ("0x1F", "31"), ("+1", "1"), ("-0", "0"), ("0b11", "3"), ("1.50", "1.5"), (".5", "0.5")])
def test_numbers_that_yaml_reads_otherwise_are_refused(written: str, number: str) -> None:
    text = HEAD + f"  a:\n    text: x\n    implicit: true\n    supports: {written}\n  '15':\n    text: y\n    implicit: true\n"
    problems = _both(text)
    assert ("AM109", 7, 15) in problems
    loaded = load_bytes(text.encode(), Path("m.yaml"))
    [problem] = [p for p in loaded.problems if p.code == "AM109"]
    assert f"number {number}" in problem.message
    assert problem.hint is not None and problem.hint.startswith(f"quote it: '{written}'")
    if loaded.records is not None:  # read as the text written, never as another id
        assert "a" not in loaded.records.claims or loaded.records.claims["a"].supports == [written]


def test_numbers_in_lists_and_plain_numbers_that_read_as_written() -> None:
    text = HEAD + "  a:\n    text: x\n    implicit: true\n    supports: [b, 017]\n  b:\n    text: y\n    implicit: true\n"
    assert _both(text) == [("AM109", 7, 19)]
    assert _both(HEAD + "  a:\n    text: '017'\n    implicit: true\n    tags: [\"1_5\", '0x1F']\n") == []


@pytest.mark.parametrize("key", ["!!str claims", "!!int 15", "&k !!str a", "!custom a"])
def test_tags_on_keys_are_refused(key: str) -> None:
    text = f"argmap: 1\ntitle: T\nnotes:\n  {key}: x\n"
    assert [code for code, _line, _column in _problems(text, padded=False)] == ["AM110"]
    assert _problems(text, padded=False)[0][1:] == (4, 3)


def test_a_tag_on_a_top_level_key_is_refused_on_both_paths() -> None:
    assert _both("argmap: 1\ntitle: T\n!!str claims:\n  a:\n    text: x\n    implicit: true\n") == [("AM110", 3, 1)]
