"""Sentences and paragraphs as a reader sees them: hard-wrapped text, Markdown, headings."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from argmap.anchoring import Document

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _sentences(text: str) -> list[str]:
    document = Document(text)
    return [" ".join(text[s.start : s.end].split()) for s in document.sentences]


def _headings(text: str) -> list[str]:
    document = Document(text)
    return [" ".join(document.sentence_text(number).split()) for number in sorted(document.heading_sentences)]


PROSE = (
    "If the principles on which these observations are founded be just, as I persuade myself they are, "
    "and they be applied as a criterion to the several State constitutions, and to the federal Constitution "
    "it will be found that if the latter does not perfectly correspond with them, the former are infinitely "
    "less able to bear such a test. The second method will be exemplified in the federal republic of the "
    "United States. Whilst all authority in it will be derived from and dependent on the society, the "
    "society itself will be broken into so many parts."
)


@pytest.mark.parametrize("width", [60, 66, 72, 79])
def test_a_wrapped_line_that_starts_with_a_capital_goes_on_with_its_sentence(width: int) -> None:
    wrapped = textwrap.fill(PROSE, width)
    text = "FEDERALIST No. 51\n\n" + wrapped + "\n\n" + wrapped + "\n"
    expected = _sentences(PROSE)
    assert len(expected) == 3
    assert _sentences(text) == ["FEDERALIST No. 51", *expected, *expected]


def test_the_federalist_cases_of_the_issue() -> None:
    text = (
        "If the principles on which these observations are founded be just, as\n"
        "I persuade myself they are, and they be applied as a criterion to the\n"
        "several State constitutions, the former are infinitely less able to bear\n"
        "such a test. The second method will be exemplified in the federal\n"
        "republic of the United States of America, the land of the free and of the United\n"
        "States. Whilst all authority in it will be derived from and dependent\n"
        "on the society, the society itself will be broken into so many parts.\n"
    )
    sentences = _sentences(text)
    assert len(sentences) == 3
    assert "be just, as I persuade myself" in sentences[0]
    assert sentences[1].endswith("of the United States.")


def test_blank_lines_end_paragraphs_and_a_short_line_ends_its_paragraph() -> None:
    text = (
        "The first paragraph is wrapped at a width of about sixty-five columns\n"
        "and it goes on here.\n"
        "A new paragraph without a blank line starts after a short line and is\n"
        "wrapped in the same way as the one before it was wrapped there.\n"
        "\n"
        "After a blank line.\n"
    )
    document = Document(text)
    assert [" ".join(text[p.start : p.end].split())[:20] for p in document.paragraphs] == ["The first paragraph ", "A new paragraph with", "After a blank line."]


def test_one_paragraph_per_line_is_kept_when_lines_are_long() -> None:
    long_line = "This line is far longer than any wrapped line could be. " * 4
    text = f"{long_line.strip()}\nAnother paragraph starts with a capital letter. It has two sentences.\n"
    assert len(Document(text).paragraphs) == 2


def test_headings_are_their_own_sentences_and_are_marked() -> None:
    text = textwrap.dedent(
        """\
        FEDERALIST No. 51

        The Structure of the Government Must Furnish the Proper Checks and
        Balances Between the Different Departments

        MADISON

        To the People of the State of New York:

        TO WHAT expedient, then, shall we finally resort, for maintaining in
        practice the necessary partition of power among the several
        departments, as laid down in the Constitution? The only answer that
        can be given is short.

        PUBLIUS.
        """
    )
    assert _headings(text) == [
        "FEDERALIST No. 51",
        "The Structure of the Government Must Furnish the Proper Checks and Balances Between the Different Departments",
        "MADISON",
        "PUBLIUS.",
    ]
    assert _sentences(text)[3:6] == [
        "To the People of the State of New York:",
        "TO WHAT expedient, then, shall we finally resort, for maintaining in practice the necessary partition of power among the several departments, as laid down in the Constitution?",
        "The only answer that can be given is short.",
    ]


def test_markdown_headings_code_images_and_emphasis() -> None:
    text = textwrap.dedent(
        """\
        # A title

        **A bold first sentence.** Then a second one that is wrapped at the
        usual width of a Markdown file, so that Graphviz and Debian and
        Chromium start lines.

        ```sh
        make render   # not a sentence. Nor this.
        ```

        ![An image](docs/picture.png)

        Setext heading
        --------------

        - a list item without a stop
        - another item
        """
    )
    assert _sentences(text) == [
        "# A title",
        "**A bold first sentence.**",
        "Then a second one that is wrapped at the usual width of a Markdown file, so that Graphviz and Debian and Chromium start lines.",
        "```sh make render # not a sentence. Nor this. ```",
        "![An image](docs/picture.png)",
        "Setext heading --------------",
        "- a list item without a stop",
        "- another item",
    ]
    assert _headings(text) == ["# A title", "```sh make render # not a sentence. Nor this. ```", "![An image](docs/picture.png)", "Setext heading --------------"]


def test_numbered_sections_keep_their_number() -> None:
    text = textwrap.dedent(
        """\
           1. Definitions.

              "License" shall mean the terms and conditions for use, reproduction,
              and distribution as defined by Sections 1 through 9 of this document.

           2. Grant of Copyright License. Subject to the terms and conditions of
              this License, each Contributor hereby grants to You a copyright
              license.

              (d) If the Work includes a "NOTICE" text file as part of its
              distribution, then it must be kept. The contents of the NOTICE file
              are for informational purposes only. (Don't include the brackets!) The
              text should be enclosed.
        """
    )
    assert _sentences(text) == [
        "1. Definitions.",
        '"License" shall mean the terms and conditions for use, reproduction, and distribution as defined by Sections 1 through 9 of this document.',
        "2. Grant of Copyright License.",
        "Subject to the terms and conditions of this License, each Contributor hereby grants to You a copyright license.",
        '(d) If the Work includes a "NOTICE" text file as part of its distribution, then it must be kept.',
        "The contents of the NOTICE file are for informational purposes only.",
        "(Don't include the brackets!)",
        "The text should be enclosed.",
    ]
    assert _headings(text) == ["1. Definitions.", "2. Grant of Copyright License."]


def test_centred_lines_and_columns_are_not_joined() -> None:
    text = (
        "                                 Apache License\n"
        "                           Version 2.0, January 2004\n"
        "                        http://www.apache.org/licenses/\n"
        "\n"
        "Example Working Group                                        R. Example\n"
        "Request for Comments: 9999                               Example Project\n"
        "\n" + textwrap.fill(PROSE, 72, initial_indent="   ", subsequent_indent="   ") + "\n"
    )
    assert _headings(text) == [
        "Apache License",
        "Version 2.0, January 2004",
        "http://www.apache.org/licenses/",
        "Example Working Group R. Example",
        "Request for Comments: 9999 Example Project",
    ]


def test_the_seed_keeps_its_sentence_numbers_and_marks_its_front_matter() -> None:
    seed = Document((Path(__file__).resolve().parent.parent / "seeds" / "from-mumbai-to-paris.txt").read_text(encoding="utf-8"))
    assert seed.sentence_text(15) == "There were bombings in Baghdad."
    assert sorted(seed.heading_sentences) == [1, 2, 3, 4, 7]
    assert len(seed.sentences) == 59


def test_every_sentence_is_inside_the_text_in_order_without_overlap() -> None:
    text = (BENCHMARKS / "sentences" / "apache-2.0.txt").read_text(encoding="utf-8")
    document = Document(text)
    end = 0
    for span in document.sentences:
        assert end <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == text[span.start : span.end].strip()
        end = span.end


@pytest.fixture
def evaluation(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import sentences

    yield sentences
    sys.modules.pop("sentences", None)


def test_boundaries_against_the_hand_checked_set_stay_as_good(evaluation) -> None:
    """The set and its gold files: benchmarks/sentences/ (numbers in docs/performance.md)."""
    totals = {name: evaluation.Score(0, 0, 0) for name in evaluation.METHODS}
    headings = evaluation.Score(0, 0, 0)
    for name in evaluation.texts():
        for method_name, method in evaluation.METHODS.items():
            sentences, heading_score = evaluation.score(name, method)
            totals[method_name] = totals[method_name] + sentences
        headings = headings + heading_score
    after, before = totals["after"], totals["before"]
    assert after.precision >= 0.98 and after.recall >= 0.98, after
    assert headings.precision >= 0.95 and headings.recall >= 0.9, headings
    assert before.precision < 0.8  # the set does measure what the method fixed
    assert after.expected > 250


def test_the_evaluation_script_prints_its_table(evaluation, capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluation.main([]) == 0
    table = capsys.readouterr().out
    assert "| federalist-51 |" in table and "| **all** |" in table
