"""The fast YAML path must never read a file differently from the reference parser.

`parse_fast` may give up (None) whenever it is unsure; when it answers, its data
must equal what `parse_yaml` (PyYAML, with positions) reads from the same text.
"""

from __future__ import annotations

import json
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import yamlpos
from argmap.loader import load_bytes
from argmap.yamlpos import parse_fast, parse_yaml

TRICKY = ["yes", "No", "on", "OFF", "~", "null", "", "1e3", "1.5", "0x1F", "0o17", "017", "2015-11-16", "12:30", ".inf", "=", "<<", "y", "n", "True", "-", "- a", "a: b", "#x", "it's", "“curly”", "ISIS’s", "x\ny", " lead", "trail ", "\u00a0nbsp", "*star", "&amp", "!bang", "%pc", "|pipe", ">gt", "[x]", "{y}"]

scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.none(),
)
keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_.0123456789", min_size=1, max_size=8)
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.dictionaries(keys, documents, min_size=1, max_size=6), flow=st.booleans(), style=st.sampled_from([None, '"', "'", "|", ">"]))
def test_fast_path_agrees_with_reference_or_gives_up(monkeypatch_size, data, flow, style) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, default_style=style, allow_unicode=True, sort_keys=False)
    fast = parse_fast(text)
    if fast is not None:
        assert fast == parse_yaml(text, "m.yaml").data


def test_fast_path_is_used_for_large_plain_maps(monkeypatch_size) -> None:
    text = "argmap: 1\ntitle: T\nclaims:\n" + "".join(f"  c{i}:\n    text: Claim number {i}\n    supports: [c0]\n" for i in range(1, 50))
    assert parse_fast(text) == parse_yaml(text, "m.yaml").data


def test_fast_path_gives_up_on_what_it_cannot_tell(monkeypatch_size) -> None:
    for text in ["a: yes\n", "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a:\n\t- 1\n", "--- \na: 1\n", "a: [1, 2\n", "- a\n"]:
        assert parse_fast(text) is None, text


def test_problems_found_on_the_fast_path_still_have_positions(tmp_path, monkeypatch_size) -> None:
    (tmp_path / "s.txt").write_text("Rain fell. People left.\n", encoding="utf-8")
    text = "argmap: 1\ntitle: T\nsources:\n  s:\n    path: s.txt\nclaims:\n  a:\n    text: x\n    quote: Rain fell.\n    supports: [b]\n  b:\n    text: y\n    quote: People left.\n    supports: [zz]\n"
    loaded = load_bytes(text.encode(), tmp_path / "m.yaml")
    assert loaded._positions is None  # read by the fast parser
    from argmap.validation import validate

    problems = validate(loaded)
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM201", 14, 16)]


def _read_as_non_text_when_plain(text: str) -> bool:
    """The reference's rule: would PyYAML resolve this text, written plain, to a bool, number, date or null?"""
    return any(re.fullmatch(pattern, text, re.X) for pattern in yamlpos._IMPLICIT_PATTERNS)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.sampled_from(TRICKY + ["1:30", "+0b1_0", "2001-12-14t21:59:43.10-05:00", ".NaN", "-.Inf", "0.", "1e+3", "yes ", '"', "\\"]), st.text(max_size=12)))
def test_the_json_scan_flags_exactly_the_values_plain_yaml_would_not_read_as_text(text: str) -> None:
    expected = _read_as_non_text_when_plain(text)
    for document in ({"k": text}, {"k": ["x", text, "y"]}, {"a": {"k": text}, "b": 1}):
        emitted = json.dumps(document, ensure_ascii=False, indent=2).encode()
        assert (yamlpos._AMBIGUOUS_JSON_VALUE.search(emitted) is not None) == expected, emitted
    # Keys are kept as written by both parsers, so they are never a reason to give up.
    assert yamlpos._AMBIGUOUS_JSON_VALUE.search(json.dumps({text: "x"}, ensure_ascii=False).encode()) is None


def test_a_large_map_read_from_a_file_is_not_kept_in_memory_but_problems_keep_their_positions(tmp_path, monkeypatch_size) -> None:
    from argmap.loader import load
    from argmap.validation import validate

    (tmp_path / "s.txt").write_text("Rain fell. People left.\n", encoding="utf-8")
    text = "argmap: 1\ntitle: T\nsources:\n  s:\n    path: s.txt\nclaims:\n  a:\n    text: x\n    quote: Rain fell.\n    supports: [zz]\n"
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    loaded = load(tmp_path / "m.yaml")
    assert loaded.raw is None  # only the digest is kept
    assert loaded.raw_bytes() == text.encode()
    assert [(p.code, p.location.line, p.location.column) for p in validate(loaded)] == [("AM201", 10, 16)]


def test_a_map_changed_after_loading_gives_no_wrong_positions(tmp_path, monkeypatch_size) -> None:
    from argmap.loader import load
    from argmap.validation import validate

    (tmp_path / "s.txt").write_text("Rain fell.\n", encoding="utf-8")
    text = "argmap: 1\ntitle: T\nsources:\n  s:\n    path: s.txt\nclaims:\n  a:\n    text: x\n    quote: Rain fell.\n    supports: [zz]\n"
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    loaded = load(tmp_path / "m.yaml")
    (tmp_path / "m.yaml").write_text("# an edit made meanwhile\n" + text, encoding="utf-8")
    assert loaded.raw_bytes() is None
    [problem] = validate(loaded)
    assert (problem.code, str(problem.location)) == ("AM201", str(tmp_path / "m.yaml"))


import pytest  # noqa: E402


@pytest.fixture
def monkeypatch_size(monkeypatch):
    monkeypatch.setattr(yamlpos, "FAST_PATH_MIN_CHARS", 0)


def test_json_larger_than_the_first_buffer_is_emitted_whole() -> None:
    import ryml

    text = "items:\n" + "".join(f"  - item number {i}\n" for i in range(400))
    buffer = bytearray(text.encode())  # the tree points into it: it must outlive the tree
    tree = ryml.parse_in_place(buffer)
    emitted = yamlpos._emit_json(ryml, tree, tree.root_id(), 0)  # as if the YAML were empty: the first buffer is too small
    assert len(emitted) > 4096
    assert json.loads(emitted) == yaml.safe_load(text)
