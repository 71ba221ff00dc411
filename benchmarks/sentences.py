"""Sentence boundaries against hand-checked ones: precision and recall, before and after.

Usage::

    python benchmarks/sentences.py            # the table, for every text of the set
    python benchmarks/sentences.py --draft NAME   # the current method's sentences of one
                                                  # text, in the gold files' shape

The set is ``benchmarks/sentences/``: each text (``NAME.txt`` or ``NAME.md``;
the seed article is read from ``seeds/``) has a gold file ``NAME.sentences``
with one sentence per line, its white space made single spaces, in reading
order; a line that starts with ``# `` is a heading or another line that is
not prose (a title, a byline, code). The gold files were checked by hand.

A boundary is where a sentence starts, counted in the text without its white
space, so that the gold files need not keep the line breaks; the start of the
text is not counted. Precision is the share of the boundaries a method finds
that the gold file has; recall the share of the gold file's boundaries it
finds. Headings are scored the same way among the sentences marked as
headings.

"before" is the method argmap used until it read hard-wrapped text: every
line a paragraph unless it goes on in lower case, then sentencex within each
paragraph. It is kept here, as it was, to measure against.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SET = Path(__file__).resolve().parent / "sentences"
SEED = ROOT / "seeds" / "from-mumbai-to-paris.txt"
HEADING_MARK = "# "


class Sentence(NamedTuple):
    text: str
    heading: bool


def texts() -> dict[str, Path]:
    """The texts of the set, by name."""
    found = {path.stem: path for path in sorted(SET.iterdir()) if path.suffix in (".txt", ".md") and path.name != "README.md"}
    found[SEED.stem] = SEED
    return dict(sorted(found.items()))


def gold(name: str) -> list[Sentence]:
    lines = (SET / f"{name}.sentences").read_text(encoding="utf-8").splitlines()
    return [Sentence(line[len(HEADING_MARK) :], True) if line.startswith(HEADING_MARK) else Sentence(line, False) for line in lines if line.strip()]


# --- the two methods ---------------------------------------------------------------------------


def current(text: str) -> list[Sentence]:
    from argmap.anchoring import Document

    document = Document(text)
    headings = document.heading_sentences
    return [Sentence(text[s.start : s.end], number in headings) for number, s in enumerate(document.sentences, start=1)]


_TERMINAL = ".!?\"'\u201d\u2019)"


def before(text: str) -> list[Sentence]:
    """Sentences as argmap found them before: lines are paragraphs unless the next goes on in lower case."""
    from sentencex import segment

    paragraphs: list[tuple[int, int]] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end]
        stripped = line.strip()
        if stripped:
            first, last = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
            if paragraphs and _continued(text, paragraphs[-1], start, stripped):
                paragraphs[-1] = (paragraphs[-1][0], last)
            else:
                paragraphs.append((first, last))
        start = end + 1
    sentences = []
    for first, last in paragraphs:
        flat = text[first:last].replace("\n", " ")
        cursor = 0
        for piece in segment("en", flat):
            piece = piece.strip()
            at = flat.find(piece, cursor) if piece else -1
            if at == -1:
                continue
            sentences.append(Sentence(piece, False))
            cursor = at + len(piece)
        if flat[cursor:].strip():
            sentences.append(Sentence(flat[cursor:].strip(), False))
    return sentences


def _continued(text: str, previous: tuple[int, int], line_start: int, stripped: str) -> bool:
    if not stripped[0].islower():
        return False
    before_text = text[previous[0] : previous[1]]
    if before_text.endswith(tuple(_TERMINAL)):
        return False
    raw_end = text[previous[1] : line_start]
    if raw_end.count("\n") > 1:
        return False
    return raw_end.startswith((" ", "\u00a0", "\t")) or len(before_text.split()) >= 8


METHODS: dict[str, Callable[[str], list[Sentence]]] = {"before": before, "after": current}


# --- scoring -----------------------------------------------------------------------------------


def _squeezed(text: str) -> str:
    return "".join(text.split())


def boundaries(text: str, sentences: list[Sentence]) -> tuple[set[int], set[int]]:
    """Where each sentence starts in the text without white space (the text's own start left
    out), for all sentences and for the headings alone."""
    whole = _squeezed(text)
    starts: set[int] = set()
    heading_starts: set[int] = set()
    cursor = 0
    for sentence in sentences:
        piece = _squeezed(sentence.text)
        at = whole.find(piece, cursor)
        if not piece or at == -1:
            raise ValueError(f"sentence not found in reading order: {sentence.text[:80]!r}")
        if at:
            starts.add(at)
            if sentence.heading:
                heading_starts.add(at)
        cursor = at + len(piece)
    return starts, heading_starts


class Score(NamedTuple):
    found: int
    expected: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    def __add__(self, other: tuple) -> Score:  # type: ignore[override]
        return Score(*(a + b for a, b in zip(self, other)))


def score(name: str, method: Callable[[str], list[Sentence]]) -> tuple[Score, Score]:
    """Boundaries and heading boundaries of one text by one method, against the gold file."""
    text = texts()[name].read_text(encoding="utf-8")
    gold_starts, gold_headings = boundaries(text, gold(name))
    starts, headings = boundaries(text, method(text))
    return Score(len(starts), len(gold_starts), len(starts & gold_starts)), Score(len(headings), len(gold_headings), len(headings & gold_headings))


def table() -> str:
    rows = [
        "| text | sentences (gold) | before: precision | before: recall | after: precision | after: recall | headings after: precision | headings after: recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    totals = {name: (Score(0, 0, 0), Score(0, 0, 0)) for name in METHODS}
    gold_sentences = 0
    for name in texts():
        gold_sentences += len(gold(name))
        cells = [name, str(len(gold(name)))]
        for method_name, method in METHODS.items():
            sentences, headings = score(name, method)
            totals[method_name] = (totals[method_name][0] + sentences, totals[method_name][1] + headings)
            cells += [f"{sentences.precision:.3f}", f"{sentences.recall:.3f}"]
        cells += [f"{headings.precision:.3f}", f"{headings.recall:.3f}"]
        rows.append("| " + " | ".join(cells) + " |")
    (b, _), (a, h) = totals["before"], totals["after"]
    rows.append(f"| **all** | {gold_sentences} | {b.precision:.3f} | {b.recall:.3f} | {a.precision:.3f} | {a.recall:.3f} | {h.precision:.3f} | {h.recall:.3f} |")
    return "\n".join(rows)


def draft(name: str) -> str:
    text = texts()[name].read_text(encoding="utf-8")
    return "".join(f"{HEADING_MARK if s.heading else ''}{' '.join(s.text.split())}\n" for s in current(text))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draft", metavar="NAME", help="print the current method's sentences of one text, in the gold files' shape")
    args = parser.parse_args(argv)
    if args.draft:
        sys.stdout.write(draft(args.draft))
    else:
        print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
