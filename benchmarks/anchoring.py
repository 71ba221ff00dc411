"""Anchoring cost: quotes found in one pass over each source, so time grows linearly.

Usage: python benchmarks/anchoring.py [N ...]      (default: 1000 10000 100000)

For each N it makes a source of N distinct sentences (with curly quotes,
no-break spaces and dashes, in paragraphs of five) and anchors N quotes, one
per sentence, through `Document.find_many`, the path `argmap validate` uses.
It prints a Markdown table: folding the source, anchoring the quotes, the
time per quote, and how each compares with the first size.
"""

from __future__ import annotations

import random
import sys
import time

from argmap.anchoring import Document

WORDS = (
    "state war peace plan attack city target group coalition border power region force strike claim "
    "report evidence policy army siege hotel station market airline bombing capital ministry council"
).split()


def make_source(n: int, seed: int = 7) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    sentences = []
    for i in range(n):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16)))
        flavour = i % 4
        if flavour == 0:
            sentence = f"In report {i} the {words} was “decisive”."
        elif flavour == 1:
            sentence = f"Officials said\u00a0{i} times that the {words}—again."
        elif flavour == 2:
            sentence = f"The {words} is ISIS’s aim number {i}."
        else:
            sentence = f"Number {i}: the {words} ended."
        sentences.append(sentence)
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, n, 5)]
    quotes = [s.replace("“", '"').replace("”", '"').replace("’", "'").replace("\u00a0", " ") for s in sentences]
    return "\n".join(paragraphs) + "\n", quotes


def measure(n: int) -> tuple[float, float, int]:
    text, quotes = make_source(n)
    started = time.perf_counter()
    document = Document(text)
    folded = time.perf_counter()
    found = document.find_many(quotes)
    anchored = time.perf_counter()
    unique = sum(1 for spans in found if len(spans) == 1)
    if unique != n:
        raise SystemExit(f"only {unique} of {n} quotes anchored once: the benchmark's source is wrong")
    return folded - started, anchored - folded, len(text)


def main(sizes: list[int]) -> None:
    print("| quotes | source (chars) | fold source (s) | anchor quotes (s) | per quote (µs) | per-quote time vs the first size |")
    print("|---:|---:|---:|---:|---:|---:|")
    base: float | None = None
    for n in sizes:
        fold_s, anchor_s, chars = min((measure(n) for _ in range(3)), key=lambda r: r[0] + r[1])
        total = fold_s + anchor_s
        base = base if base is not None else total / n
        print(f"| {n:,} | {chars:,} | {fold_s:.3f} | {anchor_s:.3f} | {1e6 * anchor_s / n:.1f} | {total / n / base:.2f} |")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000, 100000])
