"""Loading maps: format problems (AM1xx) at the right file position, and partial models."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import HEAD, SEED_MAP, codes, triples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.loader import load, load_bytes
from argmap.problems import CODES
from argmap.validation import validate

# HEAD is 5 lines (argmap, title, sources, src, path); `claims:` below it is line 6.


# --- AM100: the file cannot be read ----------------------------------------------------------


def test_am100_missing_file(tmp_path: Path) -> None:
    loaded = load(tmp_path / "nope.yaml")
    assert codes(loaded.problems) == ["AM100"]
    assert loaded.records is None
    assert "nope.yaml" in str(loaded.problems[0].location)
    assert "no such file" in loaded.problems[0].message.lower()


def test_am100_a_folder(tmp_path: Path) -> None:
    (tmp_path / "maps.yaml").mkdir()
    loaded = load(tmp_path / "maps.yaml")
    assert codes(loaded.problems) == ["AM100"]
    assert "folder" in loaded.problems[0].message
    assert loaded.records is None


@pytest.mark.parametrize(
    ("raw", "where", "byte"),
    [
        (b"argmap: 1\ntitle: caf\xe9\n", (2, 11), "0xe9"),
        (b"\xff\xfeargmap: 1\n", (1, 1), "0xff"),
        (b"argmap: 1\ntitle: ok\ndescription: x \x80\n", (3, 16), "0x80"),
    ],
)
def test_am100_not_utf8_gives_the_byte_position(tmp_path: Path, raw: bytes, where: tuple[int, int], byte: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(raw)
    loaded = load(path)
    assert triples(loaded.problems) == [("AM100", *where)]
    assert byte in loaded.problems[0].message
    assert loaded.records is None


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(b"\xef\xbb\xbfargmap: 1\ntitle: T\n")
    loaded = load(path)
    assert loaded.problems == []
    assert loaded.records is not None and loaded.records.title == "T"


# --- AM101, AM102, AM103 ---------------------------------------------------------------------


def test_am101_yaml_syntax_error(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: x\n   quote: y\n")
    assert triples(loaded.problems) == [("AM101", 9, 4)]
    assert loaded.records is None


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("", "empty"),
        ("# nothing but a comment\n", "empty"),
        ("- argmap: 1\n- title: T\n", "a list"),
        ("just some text\n", "text"),
        ("12\n", "a number"),
    ],
)
def test_am102_not_a_mapping(load_text, text: str, what: str) -> None:
    loaded = load_text(text)
    assert triples(loaded.problems) == [("AM102", 1, 1)]
    assert what in loaded.problems[0].message
    assert loaded.records is None


def test_am103_missing_version(load_text) -> None:
    loaded = load_text("title: T\n")
    assert triples(loaded.problems) == [("AM103", 1, 1)]
    assert "argmap: 1" in (loaded.problems[0].hint or "")


@pytest.mark.parametrize("value", ["2", "'1'", "0", "true"])
def test_am103_unsupported_version(load_text, value: str) -> None:
    loaded = load_text(f"title: T\nargmap: {value}\n")
    assert triples(loaded.problems) == [("AM103", 2, 9)]


# --- AM104, AM105 ------------------------------------------------------------------------------


def test_am104_claim_without_text(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  no-text:\n    kind: fact\n    implicit: true\n")
    assert triples(loaded.problems) == [("AM104", 7, 3)]
    assert "`text`" in loaded.problems[0].message and "no-text" in loaded.problems[0].message


def test_am104_map_without_title(load_text) -> None:
    loaded = load_text("argmap: 1\n")
    assert codes(loaded.problems) == ["AM104"]
    assert "title" in loaded.problems[0].message


def test_am104_source_without_path(load_text) -> None:
    loaded = load_text("argmap: 1\ntitle: T\nsources:\n  s:\n    title: Some article\n")
    assert triples(loaded.problems) == [("AM104", 4, 3)]
    assert "`path`" in loaded.problems[0].message


def test_am105_wrong_types(load_text) -> None:
    loaded = load_text(
        HEAD
        + "claims:\n"  # 6
        + "  a:\n"  # 7
        + "    text: [1]\n"  # 8
        + "    quote: 12\n"  # 9
        + "    supports: 5.5\n"  # 10
        + "    implicit: maybe\n"  # 11
    )
    assert triples(loaded.problems) == [("AM105", 8, 11), ("AM105", 9, 12), ("AM105", 10, 15), ("AM105", 11, 15)]
    messages = " ".join(p.message for p in loaded.problems)
    assert "a list" in messages and "a number (12)" in messages and "a number (5.5)" in messages


def test_am105_section_of_the_wrong_type(load_text) -> None:
    loaded = load_text("argmap: 1\ntitle: T\nclaims: [a, b]\n")
    assert triples(loaded.problems) == [("AM105", 3, 9)]


def test_am105_node_that_is_not_a_mapping(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a: just a sentence\n")
    assert triples(loaded.problems) == [("AM105", 7, 6)]


# --- AM106, AM107, AM108 --------------------------------------------------------------------------


def test_am106_unknown_key_with_did_you_mean_at_the_key(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: x\n    implicit: true\n    suports: [b]\n")
    assert triples(loaded.problems) == [("AM106", 10, 5)]
    problem = loaded.problems[0]
    assert "suports" in problem.message
    assert problem.hint == "did you mean `supports`?"


def test_am106_unknown_top_level_key(load_text) -> None:
    loaded = load_text("argmap: 1\ntitle: T\ncalims: {}\n")
    assert triples(loaded.problems) == [("AM106", 3, 1)]
    assert "did you mean `claims`?" in (loaded.problems[0].hint or "")


def test_am106_unknown_key_without_close_match_lists_the_allowed_keys(load_text) -> None:
    loaded = load_text("argmap: 1\ntitle: T\nzzzzzz: 1\n")
    assert triples(loaded.problems) == [("AM106", 3, 1)]
    assert "claims" in (loaded.problems[0].hint or "")


def test_am107_duplicate_node_id(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: x\n    implicit: true\n  a:\n    text: y\n    implicit: true\n")
    assert triples(loaded.problems) == [("AM107", 10, 3)]
    assert "line 7" in loaded.problems[0].message


def test_am107_duplicate_field(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: x\n    implicit: true\n    text: y\n")
    assert triples(loaded.problems) == [("AM107", 10, 5)]


def test_am108_id_with_a_space(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  bad id:\n    text: x\n    implicit: true\n")
    assert triples(loaded.problems) == [("AM108", 7, 3)]
    assert "'bad id'" in loaded.problems[0].message


def test_am108_reference_that_is_not_an_id(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: x\n    implicit: true\n    supports: [b, not an id]\n")
    assert triples(loaded.problems) == [("AM108", 10, 19)]


# --- AM109 ------------------------------------------------------------------------------------------


def test_am109_unknown_kind_with_did_you_mean(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: x\n    implicit: true\n    kind: intepretation\n")
    assert triples(loaded.problems) == [("AM109", 10, 11)]
    hint = loaded.problems[0].hint or ""
    assert "did you mean `interpretation`?" in hint
    assert "policy" in hint  # the allowed values are listed


def test_am109_evidence_kind_is_checked_against_evidence_kinds(load_text) -> None:
    loaded = load_text(HEAD + "evidence:\n  e:\n    text: x\n    implicit: true\n    kind: interpretation\n")
    assert triples(loaded.problems) == [("AM109", 10, 11)]


def test_am109_bad_sha256(load_text) -> None:
    loaded = load_text(HEAD + "    sha256: abc123\n")
    assert triples(loaded.problems) == [("AM109", 6, 13)]
    assert "sha256" in loaded.problems[0].message


def test_am109_empty_text(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: ''\n    implicit: true\n")
    assert triples(loaded.problems) == [("AM109", 8, 11)]
    assert "empty" in loaded.problems[0].message


def test_am109_empty_quote(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: x\n    quote: ['']\n")
    assert triples(loaded.problems) == [("AM109", 9, 13)]


# --- partial models: one broken entry does not hide the rest --------------------------------------


def test_broken_entry_does_not_hide_reference_problems_elsewhere(problems_of) -> None:
    problems = problems_of(
        HEAD
        + "claims:\n"  # 6
        + "  broken:\n"  # 7
        + "    text: x\n"  # 8
        + "    implicit: true\n"  # 9
        + "    suports: [c]\n"  # 10
        + "  c:\n"  # 11
        + "    text: z\n"  # 12
        + "    implicit: true\n"  # 13
        + "    supports: [missing]\n"  # 14
    )
    assert ("AM106", 10, 5) in triples(problems)
    assert ("AM201", 14, 16) in triples(problems)


def test_dropped_entry_id_causes_no_unknown_node_cascade(problems_of) -> None:
    problems = problems_of(
        HEAD
        + "claims:\n"  # 6
        + "  broken:\n"  # 7
        + "    text: [not, text]\n"  # 8
        + "    implicit: true\n"  # 9
        + "  c:\n"  # 10
        + "    text: z\n"  # 11
        + "    implicit: true\n"  # 12
        + "    supports: [broken]\n"  # 13
        + "  d:\n"  # 14
        + "    text: w\n"  # 15
        + "    implicit: true\n"  # 16
        + "    attacks: broken\n"  # 17
    )
    assert codes(problems) == ["AM105"]


def test_dropped_entry_does_not_make_the_node_it_supports_isolated(problems_of) -> None:
    # `a` is supported by `b`; `b` is dropped for its wrong `text`, which is the only problem.
    problems = problems_of(
        HEAD
        + "claims:\n"  # 6
        + "  a:\n"  # 7
        + "    text: A\n"  # 8
        + "    quote: Rain fell on the town\n"  # 9
        + "  b:\n"  # 10
        + "    text: [1]\n"  # 11
        + "    quote: People left their homes\n"  # 12
        + "    supports: [a]\n"  # 13
    )
    assert triples(problems) == [("AM105", 11, 11)]


def test_dropped_source_causes_no_source_cascade(problems_of) -> None:
    # The only source has a bad pin: that is one problem, not also "the map declares no sources".
    problems = problems_of(HEAD + "    sha256: abc\nclaims:\n  a:\n    text: x\n    quote: Rain fell\n    supports: b\n  b:\n    text: y\n    implicit: true\n")
    assert codes(problems) == ["AM109"]


def test_dropped_source_id_causes_no_unknown_source_cascade(problems_of) -> None:
    problems = problems_of(
        HEAD
        + "  other:\n    path: source.txt\n    sha256: abc\n"
        + "claims:\n  a:\n    text: x\n    source: other\n    quote: Rain fell\n    supports: b\n"
        + "  b:\n    text: y\n    source: src\n    quote: People left\n"
    )
    assert codes(problems) == ["AM109"]


# --- forms that are accepted ------------------------------------------------------------------------


def test_single_strings_are_accepted_for_lists(load_text) -> None:
    loaded = load_text(
        HEAD + "claims:\n  a:\n    text: x\n    quote: Rain fell on the town\n    supports: b\n    tags: weather\n"
        "  b:\n    text: y\n    implicit: true\n    attacks: a\n"
    )
    assert loaded.problems == []
    claim = loaded.records.claims["a"]
    assert claim.quote == ["Rain fell on the town"]
    assert claim.supports == ["b"]
    assert claim.tags == ["weather"]
    assert loaded.records.claims["b"].attacks == ["a"]


def test_empty_sections_are_fine(problems_of) -> None:
    assert problems_of("argmap: 1\ntitle: T\nsources:\nclaims:\nevidence:\n") == []


def test_numeric_and_boolean_looking_ids_stay_text(load_text) -> None:
    loaded = load_text(HEAD + "claims:\n  2015:\n    text: x\n    implicit: true\n  yes:\n    text: y\n    implicit: true\n    supports: ['2015']\n")
    assert loaded.problems == []
    assert list(loaded.records.claims) == ["2015", "yes"]


def test_published_date_stays_as_written(load_text) -> None:
    loaded = load_text(HEAD + "    published: 2015-11-16\n")
    assert loaded.problems == []
    assert loaded.records.sources["src"].published == "2015-11-16"


# --- robustness: whatever the file holds, loading and validating report problems, never raise ------

_SEED_LINES = SEED_MAP.read_text(encoding="utf-8").splitlines(keepends=True)


def _check_never_raises(raw: bytes, path: Path) -> None:
    loaded = load_bytes(raw, path)
    for problem in validate(loaded):
        assert problem.code in CODES
        assert problem.location.line >= 0 and problem.location.column >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_edited_seed_map_never_raises(data) -> None:
    lines = list(_SEED_LINES)
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        edit = data.draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "swap"]), label="edit")
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "indent":
            lines[i] = "  " + lines[i]
        elif edit == "dedent":
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
        elif edit == "insert":
            at = data.draw(st.integers(0, len(lines[i])), label="column")
            char = data.draw(st.sampled_from(list(":-[]{}'\"#&*!|>?,% \t") + ["x", "\u00a0", "é"]), label="char")
            lines[i] = lines[i][:at] + char + lines[i][at:]
        else:
            j = data.draw(st.integers(0, len(lines) - 1), label="other line")
            lines[i], lines[j] = lines[j], lines[i]
    _check_never_raises("".join(lines).encode("utf-8"), SEED_MAP)


_keys = st.sampled_from(
    ["argmap", "title", "sources", "claims", "evidence", "text", "quote", "supports", "attacks", "source", "tags",
     "kind", "implicit", "thesis", "note", "path", "sha256", "a", "b", "x y", "1"]
)
_scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, width=16) | st.sampled_from(
    ["", "a", "b", "fact", "event", "source.txt", "Rain fell", "x y"]
)
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=4), max_leaves=20)
_maps = st.fixed_dictionaries({"argmap": st.just(1), "title": st.just("T")}, optional={"sources": _values, "claims": _values, "evidence": _values})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_maps)
def test_any_map_shaped_data_never_raises(tmp_path_factory, data: dict) -> None:
    folder = tmp_path_factory.getbasetemp()
    (folder / "source.txt").write_text("Rain fell. a b.\n", encoding="utf-8")
    _check_never_raises(yaml.safe_dump(data).encode("utf-8"), folder / "m.yaml")


def test_numeric_ids_in_references_are_read_as_text(problems_of) -> None:
    # The key `2015:` stays text, so `supports: [2015]` must name it too, not be a wrong type.
    problems = problems_of(HEAD + "claims:\n  '2015':\n    text: x\n    implicit: true\n  b:\n    text: y\n    implicit: true\n    supports: [2015]\n")
    assert codes(problems) == []


def test_a_device_is_refused_not_read_forever() -> None:
    from argmap.loader import load

    loaded = load("/dev/zero")
    assert [(p.code, p.message) for p in loaded.problems] == [("AM100", "cannot read map file: not a regular file")]

