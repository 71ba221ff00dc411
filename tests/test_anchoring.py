"""Anchoring quotes: typography folding, exact offsets, lines and sentences."""

from __future__ import annotations

import pytest
from conftest import seed_text
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from argmap.anchoring import Document, FoldedText, Span, fold, fold_quote

# --- folding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("a\u00a0b", "a b"),  # no-break space
        ("a\tb", "a b"),
        ("a \t\n  b", "a b"),  # a run of white space is one space
        ("a\n\nb", "a b"),
        ("a\r\nb", "a b"),
        ("a\u2028b\u2003c", "a b c"),
        ("“quoted”", '"quoted"'),
        ("„low“ «guillemets»", '"low" "guillemets"'),
        ("it’s ‘so’", "it's 'so'"),
        ("a—b–c‒d−e", "a-b-c-d-e"),
        ("zero\u200bwidth\u200c\u200djoin\u2060\ufeff", "zerowidthjoin"),
        ("soft\u00adhyphen", "softhyphen"),
        ("ﬁne ﬂow", "fine flow"),  # NFKC ligatures
        ("ＡＢＣ１", "ABC1"),  # full-width forms
        ("Case Stays", "Case Stays"),
        ("punctuation, stays; too!", "punctuation, stays; too!"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text)[0] == folded


def test_fold_maps_every_folded_character_to_its_origin() -> None:
    text = "ﬁ\u00a0\u00a0x\u200by"
    folded, origin = fold(text)
    assert folded == "fi xy"
    assert origin == [0, 0, 1, 3, 5]


def test_fold_quote_strips_outer_space() -> None:
    assert fold_quote("\n  \u00a0Some quote\u00a0 \n") == "Some quote"
    assert fold_quote(" \n\t") == ""


def test_empty_quote_never_anchors() -> None:
    document = Document("some text here")
    assert document.find("") == []
    assert document.find("   \n") == []


# --- properties --------------------------------------------------------------------------------

special = st.sampled_from(["\u00a0", "\n", "’", "“", "—", " ", " ", "'", '"', "-"])
letters = st.sampled_from(list("abcdeABCDE")) | st.characters(categories=("L",), max_codepoint=0x2FFF) | st.just("ﬁ")
texts = st.text(alphabet=special | letters, max_size=60)


def _count(haystack: str, needle: str) -> int:
    count, at = 0, haystack.find(needle)
    while at != -1:
        count += 1
        at = haystack.find(needle, at + 1)
    return count


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
@example("Since\u00a0September 11, LET", None)
def test_a_quoted_passage_anchors_to_itself(text: str, data) -> None:
    if data is None:  # the explicit example
        a, b = 0, len("Since\u00a0September")
    else:
        assume(len(text) >= 1)
        a = data.draw(st.integers(0, len(text) - 1), label="start")
        b = data.draw(st.integers(a + 1, len(text)), label="end")
    quote = text[a:b]
    needle = fold_quote(quote)
    document = Document(text)
    assume(needle and _count(document.folded, needle) == 1)
    spans = document.find(quote)
    assert len(spans) == 1
    span = spans[0]
    assert 0 <= span.start < span.end <= len(text)
    assert fold_quote(text[span.start : span.end]) == needle
    if not text[a].isspace() and not text[b - 1].isspace() and not _cuts_a_join(text, a) and not _cuts_a_join(text, b):
        assert (span.start, span.end) == (a, b)


def _cuts_a_join(text: str, at: int) -> bool:
    """Whether ``at`` falls inside a run that folds to one character ("--", "''")."""
    return 0 < at < len(text) and fold(text[at - 1])[0] == fold(text[at])[0] and fold(text[at])[0] in ("-", "'")


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_a_quote_with_a_character_not_in_the_text_never_anchors(text: str, data) -> None:
    document = Document(text)
    foreign = data.draw(st.sampled_from("0123456789#%&@"), label="foreign")
    assume(foreign not in document.folded)
    a = data.draw(st.integers(0, len(text)), label="start")
    b = data.draw(st.integers(a, len(text)), label="end")
    at = data.draw(st.integers(a, b), label="insert at")
    quote = text[a:at] + foreign + text[at:b]
    assert document.find(quote) == []


@settings(max_examples=300, deadline=None)
@given(texts, st.text(alphabet=special | letters, max_size=12))
def test_spans_are_always_inside_the_text(text: str, quote: str) -> None:
    document = Document(text)
    spans = document.find(quote)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert fold_quote(text[span.start : span.end]) == fold_quote(quote)
    assert spans == sorted(spans, key=lambda s: s.start)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n."), max_size=40))
def test_positions_agree_with_the_text(text: str) -> None:
    document = Document(text)
    for offset in range(len(text)):
        position = document.position(offset)
        assert position.line == text.count("\n", 0, offset) + 1
        assert position.column == offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert position.sentence >= 1 and position.paragraph >= 1


# --- the seed article's awkward places -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Document:
    return Document(seed_text())


def _only(document: Document, quote: str) -> str:
    spans = document.find(quote)
    assert len(spans) == 1, f"{quote!r} stands {len(spans)} times"
    return document.text[spans[0].start : spans[0].end]


def test_seed_no_break_space_matches_a_plain_space(seed: Document) -> None:
    assert _only(seed, "Since September 11") == "Since\u00a0September 11"
    assert _only(seed, "Since\u00a0September 11") == "Since\u00a0September 11"


def test_seed_missing_space_is_not_invented(seed: Document) -> None:
    assert seed.find("longest-running terrorist attack") == []
    assert _only(seed, "the longest-runningterrorist attack in history") == "the longest-runningterrorist attack\u00a0in history"


def test_seed_curly_apostrophe_and_dash_match_straight_ones(seed: Document) -> None:
    assert _only(seed, "ISIS's message is thus clear-the group") == "ISIS’s message is thus clear—the group"
    # The typewriter's "--" stands for the dash.
    assert _only(seed, "clear--the group") == "clear—the group"
    assert seed.find("clear - the group") == []


def test_seed_line_break_inside_a_sentence(seed: Document) -> None:
    assert _only(seed, "they blew themselves up") == "they blew \nthemselves up"
    span = seed.find("they blew themselves up")[0]
    # The sentence is not split at the line break.
    assert seed.position(span.start).sentence == seed.position(span.end - 1).sentence
    sentence = seed.sentence_text(seed.position(span.start).sentence)
    assert sentence.startswith("Stopped by security guards")
    assert sentence.endswith("at the gates before they were apprehended.")


def test_seed_paragraph_without_a_full_stop_ends_its_sentence(seed: Document) -> None:
    span = seed.find("over an extended period of time")[0]
    number = seed.position(span.start).sentence
    assert seed.sentence_text(number).startswith("This is the excuse used by the Pakistan government")
    assert seed.sentence_text(number).endswith("over an extended period of time")
    assert seed.sentence_text(number + 1).startswith("Since\u00a0September 11, LET has changed its name")


def test_seed_known_quote_line_column_and_sentence(seed: Document) -> None:
    span = seed.find("There were bombings in Baghdad.")[0]
    position = seed.position(span.start)
    assert (position.line, position.column) == (13, 519)
    assert seed.text.count("\n", 0, span.start) + 1 == 13
    assert position.sentence == 15  # seven heading lines, then the article's 8th sentence
    assert seed.sentence_text(position.sentence) == "There were bombings in Baghdad."


def test_seed_every_sentence_is_inside_the_text_and_in_order(seed: Document) -> None:
    previous_end = 0
    for span in seed.sentences:
        assert previous_end <= span.start < span.end <= len(seed.text)
        assert not seed.text[span.start].isspace() and not seed.text[span.end - 1].isspace()
        previous_end = span.end


# --- sentence segmentation --------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    document = Document(text)
    return [text[s.start : s.end] for s in document.sentences]


def test_sentences_do_not_split_abbreviations() -> None:
    text = "The U.S. government agreed on Monday. Gen. Smith left the room. Then it rained."
    assert _sentences(text) == ["The U.S. government agreed on Monday.", "Gen. Smith left the room.", "Then it rained."]


def test_sentences_do_not_split_a_title_inside_a_sentence() -> None:
    text = "He met Gen. Raheel Sharif in Washington. The U.S. Army was there."
    assert _sentences(text) == ["He met Gen. Raheel Sharif in Washington.", "The U.S. Army was there."]


def test_sentences_continue_across_a_hard_wrapped_line() -> None:
    text = "The river rose above the old stone bridge and \nthen it flooded the lower town. Nobody was hurt."
    assert _sentences(text) == ["The river rose above the old stone bridge and \nthen it flooded the lower town.", "Nobody was hurt."]


def test_each_paragraph_starts_a_new_sentence() -> None:
    text = "A heading without a stop\nThe first sentence. The second one.\n\nA new paragraph."
    assert _sentences(text) == ["A heading without a stop", "The first sentence.", "The second one.", "A new paragraph."]


def test_a_match_inside_the_expansion_of_one_character_is_not_a_quote() -> None:
    # NFKC folds "Ĳ" to "IJ", but "I" alone does not stand in the text.
    assert Document("Ĳ").find("I") == []
    assert Document("aĲb").find("Ĳ") == [Span(1, 2)]
    assert Document("a ĳ b").find("ij") == [Span(2, 3)]



@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=special | letters | st.sampled_from(["\u200b", "\u00ad", "\t", "ﬃ", "Ĳ", "\u00a8", "\u2474", "\ufeff"]), max_size=40))
@example(text="\u00ad ")  # a run's space stands for the space, not the soft hyphen before it
def test_folding_in_bulk_agrees_with_folding_one_character_at_a_time(text: str) -> None:
    reference, origin = fold(text)
    folding = FoldedText(text)
    assert folding.text == reference
    assert [folding.original(i) for i in range(len(reference))] == origin


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=special | letters | st.sampled_from(["\u200b", "\u00ad", "\t", "`", "ﬃ", "Ĳ", "\u00a8", "\u2474", "\u2033", "\uff0d", "é"]), max_size=40))
def test_a_quote_folds_as_the_text_around_it_does(quote: str) -> None:
    assert fold_quote(quote) == fold(quote)[0].strip(" ")


# --- typewriter forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("a--b", "a-b"),
        ("a---b c\u2014d", "a-b c-d"),
        ("a\u2014-b", "a-b"),  # a run of dashes of any kind is one dash
        ("``yes''", '"yes"'),
        ("''no''", '"no"'),
        ("it's", "it's"),
        ("wait...", "wait..."),
        ("wait\u2026", "wait..."),
        ("a-\u00ad-b", "a-b"),  # invisible characters inside a run do not part it
        ("a - - b", "a - - b"),  # spaces do
    ],
)
def test_typewriter_forms_fold_to_the_typography_they_stand_for(text: str, folded: str) -> None:
    assert fold(text)[0] == folded
    assert FoldedText(text).text == folded
    assert fold_quote(text) == folded


def test_a_run_that_folds_to_one_character_maps_back_to_the_whole_run() -> None:
    document = Document("He said -- and I quote -- ``yes''. Then\u2014nothing.")
    assert [document.text[s.start : s.end] for s in document.find("I quote \u2014")] == ["I quote --"]
    assert [document.text[s.start : s.end] for s in document.find("\u201cyes\u201d")] == ["``yes''"]
    assert [document.text[s.start : s.end] for s in document.find("Then---nothing")] == ["Then\u2014nothing"]


typewriter = st.sampled_from(["\u2014", "\u2013", "-", "`", "\u201c", "\u201d", '"', ".", "\u2026", "'", "\u2019", "\u200b", "\u00ad", "\u2034"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=special | letters | typewriter, max_size=40))
def test_offset_maps_stay_monotone_and_inside_the_text(text: str) -> None:
    folding = FoldedText(text)
    reference, origin = fold(text)
    assert folding.text == reference
    starts = [folding.original(i) for i in range(len(reference))]
    assert starts == origin
    ends = [folding.original_end(i) for i in range(1, len(reference) + 1)]
    assert all(0 <= start < len(text) for start in starts)
    assert all(0 < end <= len(text) for end in ends)
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(end > start for start, end in zip(starts, ends))
    # Every passage that starts and ends between original characters maps back to text that folds to it.
    size = len(reference)
    for i in range(size):
        for j in range(i + 1, size + 1):
            on_boundaries = (i == 0 or origin[i - 1] != origin[i]) and (j == size or origin[j] != origin[j - 1])
            if on_boundaries and reference[i] != " " and reference[j - 1] != " ":
                assert fold_quote(text[starts[i] : ends[j - 1]]) == reference[i:j]


#: Each mark and the typewriter or typographic forms that stand for the same thing.
_EQUIVALENT = {
    "\u2014": ["--", "---", "\u2014", "\u2013"],
    "--": ["\u2014", "--", "---"],
    "\u201c": ["``", '"', "\u201c"],
    "\u201d": ["''", '"', "\u201d"],
    "''": ["\u201d", '"', "''"],
    "``": ["\u201c", '"'],
    "\u2026": ["...", "\u2026"],
    "...": ["\u2026"],
    "\u2019": ["'", "\u2019"],
    "": [""],
}
_token = st.tuples(st.sampled_from(["river", "Rose", "a", "bridge", "x1"]), st.sampled_from(sorted(_EQUIVALENT)), st.sampled_from(["", " ", "\n", " "]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_token, min_size=1, max_size=12), st.data())
def test_a_quote_with_its_typography_rewritten_is_found_at_its_passage(tokens: list[tuple[str, str, str]], data) -> None:
    # A word, a mark after it, then white space (always some after a word without a mark, so
    # that each token starts a word); marks are never side by side, so no two of them join.
    tokens = [(word, mark, sep or (" " if not mark else "")) for word, mark, sep in tokens]
    pieces = ["".join(token) for token in tokens]
    text = "".join(pieces)
    first = data.draw(st.integers(0, len(tokens) - 1), label="first")
    last = data.draw(st.integers(first, len(tokens) - 1), label="last")
    a = sum(len(p) for p in pieces[:first])
    b = sum(len(p) for p in pieces[:last]) + len(tokens[last][0]) + len(tokens[last][1])
    rewritten = []
    for index in range(first, last + 1):
        word, mark, sep = tokens[index]
        rewritten.append(word + data.draw(st.sampled_from(_EQUIVALENT[mark]), label="mark") + (sep if index < last else ""))
    quote = "".join(rewritten)
    assert fold_quote(quote) == fold_quote(text[a:b])
    assert Span(a, b) in Document(text).find(quote)
