"""The fast YAML path must never read a file differently from the reference parser.

`parse_fast` may give up (None) whenever it is unsure; when it answers, its data
must equal what `parse_yaml` (PyYAML, with positions) reads from the same text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import yamlfast
from argmap.loader import load_bytes
from argmap.yamlfast import parse_fast
from argmap.yamlpos import parse_yaml

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


_PYYAML_RULES = yaml.resolver.Resolver.yaml_implicit_resolvers
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _pyyaml_reads_as_non_text(text: str) -> bool:
    """PyYAML's own rules: would it resolve this text, written plain, to a bool, number or null?
    (Dates do not count: argmap's reference parser keeps them as text.)"""
    return any(
        tag != _TIMESTAMP and re.fullmatch(regexp.pattern, text, re.X)
        for rules in _PYYAML_RULES.values()
        for tag, regexp in rules
    )


number_like = st.text(alphabet="0123456789_:.-+eExXbBoO", min_size=1, max_size=10)
word_like = st.sampled_from(["yes", "Yes", "YES", "no", "NO", "on", "Off", "true", "FALSE", "y", "n", "null", "Null", "~", "", ".inf", "-.Inf", ".NaN", "<<", "=", "!", "&", "*"])


@settings(max_examples=1000, deadline=None)
@given(text=st.one_of(st.sampled_from(TRICKY + ["1:30", "+0b1_0", "0x_1F", "190:20:30.15", "2001-12-14t21:59:43.10-05:00", "0.", "1e+3", "yes ", '"', "\\"]), number_like, word_like, st.text(max_size=12)))
def test_the_json_scan_flags_every_value_plain_yaml_would_not_read_as_text(text: str) -> None:
    for document in ({"k": text}, {"k": ["x", text, "y"]}, {"a": {"k": text}, "b": 1}):
        emitted = json.dumps(document, ensure_ascii=False, indent=2).encode()
        if _pyyaml_reads_as_non_text(text):
            assert yamlfast._AMBIGUOUS_JSON_VALUE.search(emitted) is not None, emitted
    # Keys are kept as written by both parsers, so they are never a reason to give up.
    assert yamlfast._AMBIGUOUS_JSON_VALUE.search(json.dumps({text: "x"}, ensure_ascii=False).encode()) is None


@pytest.mark.parametrize("text", ["yes, we can", "No.", "On the 5th", "2015 was a year", "3rd", "1 in 3", "y", "2015-11-16", "null and void", "1.5 million", "A", "-"])
def test_the_json_scan_leaves_ordinary_texts_alone(text: str) -> None:
    assert yamlfast._AMBIGUOUS_JSON_VALUE.search(json.dumps({"k": [text]}).encode()) is None


def test_texts_and_dates_stay_on_the_fast_path(monkeypatch_size) -> None:
    text = "argmap: 1\ntitle: 2015 was a year\nsources:\n  s:\n    path: s.txt\n    published: 2015-11-16\n    title: Yes, it was\n"
    assert parse_fast(text) == parse_yaml(text, "m.yaml").data


@pytest.mark.parametrize("number", ["1", "-7", "0", "2015"])
def test_whole_numbers_stay_on_the_fast_path(monkeypatch_size, number: str) -> None:
    text = f"argmap: 1\nvalue: {number}\n"
    assert parse_fast(text) == parse_yaml(text, "m.yaml").data


# rapidyaml writes -.5 as -0.5 and .5 as 0.5 in its JSON, while YAML 1.1 reads -.5
# as text: no JSON number with a fraction can tell what was written.
@pytest.mark.parametrize("number", ["-.5", ".5", "1.", "1.5", "1e3", "1.5e3", "12e03", "+1", "-0", "012", "0x1F", "1_000", "1:30", ".inf"])
def test_other_numbers_send_the_map_to_the_reference_parser(monkeypatch_size, number: str) -> None:
    assert parse_fast(f"argmap: 1\nvalue: {number}\n") is None


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



@pytest.fixture
def monkeypatch_size(monkeypatch):
    monkeypatch.setattr(yamlfast, "FAST_PATH_MIN_CHARS", 0)


def test_json_larger_than_the_first_buffer_is_emitted_whole() -> None:
    import ryml

    text = "items:\n" + "".join(f"  - item number {i}\n" for i in range(400))
    buffer = bytearray(text.encode())  # the tree points into it: it must outlive the tree
    tree = ryml.parse_in_place(buffer)
    emitted = yamlfast._emit_json(ryml, tree, tree.root_id(), 0)  # as if the YAML were empty: the first buffer is too small
    assert len(emitted) > 4096
    assert json.loads(emitted) == yaml.safe_load(text)


# --- every input, above the fast path's threshold ----------------------------------------------
#
# The loader reads a map of FAST_PATH_MIN_CHARS bytes or more with the fast parser; forcing
# the reference parser on the same bytes must give the same records, the same problems and
# the same positions (never a 1:1 where the reference has the place).

HOSTILE_CHARACTERS = ["\x7f", "\x85", "\x01", "\x0c", "\x1b", "\x9b", "\r", "\u2028", "\u2029", "\ufffe", "\uffff", "\ufeff", "\u202e", "\t", "\u00a0", "é", "“"]
HOSTILE_ESCAPES = ["\\ud800", "\\udfff", "\\x01", "\\x7f", "\\N", "\\u0085", "\\e", "\\t", "\\u2028", "\\uFFFF", "\\\\", "\\u00e9"]
PLAIN_NUMBERS = ["017", "0o17", "1_5", "1:30", "0x1F", "+1", "-0", "15", "0", "1.5", "1.50", ".5"]
_PADDING = "".join(f"  pad{i}:\n    text: Padding claim number {i}, a plain sentence.\n    implicit: true\n" for i in range(1_500))


def _scalar(draw: st.DrawFn) -> str:
    """A YAML scalar as written: plain, single- or double-quoted (with escapes)."""
    hostile = draw(st.integers(0, 5)) == 0  # mostly plain maps, which the fast parser reads
    pieces = draw(st.lists(st.one_of(st.sampled_from(HOSTILE_CHARACTERS), st.text("abc XYZ.", min_size=1, max_size=4)), min_size=1, max_size=4)) if hostile else ["plain text"]
    text = "word " + "".join(pieces)
    style = draw(st.sampled_from(["plain", "single", "double", "escape", "number"] if hostile else ["plain", "single", "double"]))
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "escape":
        return '"word ' + draw(st.sampled_from(HOSTILE_ESCAPES)) + ' end"'
    return draw(st.sampled_from(PLAIN_NUMBERS))


@st.composite
def hostile_maps(draw: st.DrawFn) -> str:
    lines = ["argmap: 1", "title: " + _scalar(draw), "claims:"]
    for number in range(draw(st.integers(1, 3))):
        key = f"c{number}" if draw(st.integers(0, 2)) else draw(
            st.one_of(
                st.just(f"c{number}"),
                st.sampled_from(PLAIN_NUMBERS),
                st.builds(lambda n: "k" * n, st.sampled_from([200, 257, 1000, 1030, 1100])),
                st.sampled_from([f"c{char}{number}" for char in HOSTILE_CHARACTERS]),
                st.builds(lambda escape: f'"c{escape}"', st.sampled_from(HOSTILE_ESCAPES)),
                st.sampled_from(["!!str tagged", "&anchor key"]),
            )
        )
        lines.append(f"  {key}:")
        lines.append("    text: " + _scalar(draw))
        lines.append("    implicit: true")
        target = draw(st.sampled_from(["pad1", "c0"] * 6 + PLAIN_NUMBERS))
        lines.append(f"    supports: [{target}]" if draw(st.booleans()) else f"    supports: {target}")
    return "\n".join(lines) + "\n"


def _outcome(raw: bytes) -> tuple[object, list[tuple[str, int, int, str]]]:
    from argmap.validation import validate

    loaded = load_bytes(raw, Path("m.yaml"))
    return loaded.records, [(p.code, p.location.line, p.location.column, p.message) for p in validate(loaded)]


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=hostile_maps(), crlf=st.booleans())
def test_large_maps_read_the_same_on_both_paths(text: str, crlf: bool) -> None:
    document = text + _PADDING
    if crlf:
        document = document.replace("\n", "\r\n")
    raw = document.encode("utf-8", "surrogatepass")
    assert len(raw) >= yamlfast.FAST_PATH_MIN_CHARS
    fast = _outcome(raw)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlfast, "FAST_PATH_MIN_CHARS", 10**12)
        reference = _outcome(raw)
    assert fast == reference
    # Load problems stand where their cause is, not at a default place.
    for code, line, column, _message in reference[1]:
        assert (line, column) != (0, 0), code
