"""The common YAML mistakes get a hint that names the mistake and shows the line as it
should be written, at the place where the mistake is."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import HEAD

from argmap.yamlpos import parse_yaml, quoted

NODE = "argmap: 1\ntitle: T\nclaims:\n  a:\n"


def _one(text: str) -> tuple[int, int, str, str]:
    problems = parse_yaml(text, "m.yaml").problems
    assert [p.code for p in problems] == ["AM101"]
    p = problems[0]
    return p.location.line, p.location.column, p.message, p.hint or ""


def test_an_unquoted_colon_in_a_text_is_shown_quoted() -> None:
    line, column, message, hint = _one(NODE + "    text: Madison: ambition must counteract ambition\n")
    assert (line, column) == (5, 18)
    assert message == "YAML syntax error: mapping values are not allowed in this context"
    assert hint == "a `: ` inside a text starts a mapping in YAML; quote the text: `text: 'Madison: ambition must counteract ambition'`"


def test_the_quoted_fix_keeps_a_comment_and_chooses_quotes_that_fit() -> None:
    assert _one("title: Note: this  # mine\n")[3].endswith("`title: 'Note: this'  # mine`")
    assert _one("title: Madison's view: x\n")[3].endswith("""`title: "Madison's view: x"`""")
    assert _one("""title: It's: "odd"\n""")[3].endswith("""`title: 'It''s: "odd"'`""")


@pytest.mark.parametrize("text", ["Madison: ambition", "It's: odd", 'say "a": \\b', "a'b\"c"])
def test_quoted_text_reads_back_as_the_same_text(text: str) -> None:
    assert parse_yaml(f"k: {quoted(text)}\n", "m.yaml").data == {"k": text}


def test_a_line_indented_too_far_is_shown_at_the_indentation_of_the_key_above() -> None:
    line, column, _message, hint = _one(NODE + "    text: A\n      quote: B\n")
    assert (line, column) == (6, 12)
    assert "indented more than `text:` on line 5" in hint
    assert hint.endswith("indent it by 4 spaces: `    quote: B`; if it is part of the text, quote the text")


def test_a_key_indented_too_far_under_a_list_lines_up_with_the_lists_key() -> None:
    line, column, _message, hint = _one(NODE + "    quote:\n      - A\n        supports: b\n")
    assert (line, column) == (7, 17)
    assert "`quote:` on line 5" in hint and "`    supports: b`" in hint


def test_a_line_indented_too_little_is_shown_beside_its_neighbours() -> None:
    line, column, _message, hint = _one(NODE + "    text: A\n   quote: B\n")
    assert (line, column) == (6, 4)
    assert hint == (
        "this line is indented by 3 spaces, which lines up with no key above it; "
        "to put it beside `text:` (line 5), indent it by 4: `    quote: B`; beside `a:` (line 4), by 2"
    )


def test_a_field_indented_like_the_entries_is_a_field_of_the_entry_above(load_text: Callable[..., object]) -> None:
    loaded = load_text(HEAD + "claims:\n  a:\n    text: A\n    implicit: true\n  quote: B\n")
    [problem] = loaded.problems
    assert (problem.code, problem.location.line, problem.location.column) == ("AM105", 10, 3)
    assert problem.hint == (
        "`quote` is a field, but it is indented like the entries of `claims`, so it reads as a claim of its own; "
        "to make it a field of claim 'a', indent it by 4 spaces: `    quote: B`"
    )


def test_a_tab_is_shown_replaced_by_spaces() -> None:
    line, column, _message, hint = _one(NODE + "\ttext: A\n")
    assert (line, column) == (5, 1)
    assert hint == "YAML indentation must use spaces, not tabs: write `    text: A` (4 spaces)"
    assert _one("a:\n  b: 1\n\tc: 2\n")[3].endswith("write `  c: 2` (2 spaces)")


@pytest.mark.parametrize("mark", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens_and_shown_closed(mark: str) -> None:
    line, column, _message, hint = _one(NODE + f"    text: {mark}A\n    quote: B\n")
    assert (line, column) == (5, 11)
    assert hint == f"this quotation mark ({mark}) is never closed: close it at the end of the text: `text: {mark}A{mark}`"


def test_text_after_a_closing_quote_is_shown_inside_the_quotes() -> None:
    line, column, _message, hint = _one(NODE + '    text: "A" said he\n')
    assert (line, column) == (5, 15)
    assert hint == """the text goes on after its closing quotation mark; quote the whole text: `text: '"A" said he'`"""


def test_an_unclosed_flow_list_is_shown_closed() -> None:
    line, column, _message, hint = _one(NODE + "    text: A\n    supports: [b, c\n  b:\n    text: B\n")
    assert (line, column) == (7, 4)
    assert hint == "the list opened at line 6, column 15 is never closed: end it with `]` on that line: `supports: [b, c]`"


def test_a_backslash_in_double_quotes_is_shown_in_single_quotes() -> None:
    line, column, _message, hint = _one('title: "C:\\dir"\n')
    assert (line, column) == (1, 8)
    assert hint.endswith("write the text in single quotation marks: `title: 'C:\\dir'`")


def test_a_list_written_as_one_text_gets_a_list_hint_not_an_id_hint(load_text: Callable[..., object]) -> None:
    text = HEAD + "claims:\n  a:\n    text: A\n    implicit: true\n    supports: b, c\n    tags: x y\n  b:\n    text: B\n    implicit: true\n  c:\n    text: C\n    implicit: true\n"
    loaded = load_text(text)
    found = [(p.code, p.location.line, p.location.column, p.message, p.hint) for p in loaded.problems]
    assert found == [
        ("AM105", 10, 15, "`supports` of claim 'a' is one text ('b, c'), not a list of ids", "write a list: `supports: [b, c]`"),
        ("AM105", 11, 11, "`tags` of claim 'a' is one text ('x y'), not a list of tags", "write a list: `tags: [x, y]`"),
    ]


def test_premises_written_as_one_text_get_a_list_hint(load_text: Callable[..., object]) -> None:
    text = HEAD + "claims:\n  a:\n    text: A\n    implicit: true\narguments:\n  r:\n    premises: a, b\n    supports: a\n"
    [problem] = load_text(text).problems
    assert (problem.code, problem.location.line, problem.location.column, problem.hint) == ("AM105", 12, 15, "write a list: `premises: [a, b]`")


def test_an_id_that_is_not_a_slug_still_gets_the_id_hint(load_text: Callable[..., object]) -> None:
    [problem] = load_text(HEAD + "claims:\n  a:\n    text: A\n    implicit: true\n    supports: é\n").problems
    assert problem.code == "AM108" and "letters, digits" in problem.hint


MISSPELT_KEY = HEAD + """\
claims:
  isis-stratgy:
    text: ISIS has changed its strategy.
    implicit: true
  b:
    text: B
    implicit: true
    supports: isis-strategy
  c:
    text: C
    implicit: true
    supports: [isis-strategy]
arguments:
  r:
    premises: [isis-strategy, b]
    supports: c
"""


def test_a_misspelt_key_is_renamed_rather_than_its_typo_copied_into_the_references(problems_of: Callable[..., list]) -> None:
    unknown = [p for p in problems_of(MISSPELT_KEY) if p.code == "AM201"]
    assert [(p.location.line, p.location.column) for p in unknown] == [(13, 15), (17, 16), (20, 16)]
    assert {p.hint for p in unknown} == {
        "`isis-strategy` is written 3 times and `isis-stratgy` 1 (its key, line 7, included): rename the claim `isis-stratgy` to `isis-strategy`"
    }


def test_a_misspelt_reference_is_corrected_to_the_spelling_used_most(problems_of: Callable[..., list]) -> None:
    text = MISSPELT_KEY.replace("isis-stratgy:", "isis-strategy:").replace("supports: isis-strategy\n", "supports: isis-stratgy\n")
    unknown = [p for p in problems_of(text) if p.code == "AM201"]
    assert [(p.location.line, p.hint) for p in unknown] == [(13, "did you mean `isis-strategy`?")]
