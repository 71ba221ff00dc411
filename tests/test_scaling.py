"""Guards against quadratic work, counted rather than timed, so they hold on any machine."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap import anchoring, provenance


def _source_and_quotes(n: int) -> tuple[str, list[str]]:
    sentences = [f"Sentence {i} tells that the attack {i * 7} was planned." for i in range(n)]
    return "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, n, 4)) + "\n", sentences


def test_quotes_are_found_without_one_scan_of_the_source_per_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    text, quotes = _source_and_quotes(2000)
    document = anchoring.Document(text)
    scans = []
    original = anchoring.Document._scan
    monkeypatch.setattr(anchoring.Document, "_scan", lambda self, needle: scans.append(needle) or original(self, needle))
    found = document.find_many(quotes)
    assert all(len(spans) == 1 for spans in found)
    assert scans == []  # every quote was found through the index of word starts


def test_each_source_is_read_and_folded_once_per_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, quotes = _source_and_quotes(400)
    (tmp_path / "s.txt").write_text(text, encoding="utf-8")
    nodes = "".join(f"  c{i}:\n    text: claim {i}\n    quote: \"{q}\"\n" + (f"    supports: [c{i - 1}]\n" if i else "") for i, q in enumerate(quotes))
    (tmp_path / "m.yaml").write_text(f"argmap: 1\ntitle: T\nsources:\n  s:\n    path: s.txt\nclaims:\n{nodes}", encoding="utf-8")
    folds = []
    original = anchoring.FoldedText.__init__

    def counting(self: anchoring.FoldedText, value: str) -> None:
        if len(value) > 1000:
            folds.append(len(value))
        original(self, value)

    monkeypatch.setattr(anchoring.FoldedText, "__init__", counting)
    provenance._documents.clear()
    loaded = argmap.load(tmp_path / "m.yaml")
    assert argmap.validate(loaded) == []
    assert argmap.export(loaded, "json")
    assert folds == [len(text)]


def test_a_long_chain_of_supports_is_checked_without_recursion_limits(tmp_path: Path) -> None:
    from argmap.rules.structure import strongly_connected

    n = 50_000
    graph = {f"n{i}": [f"n{i + 1}"] for i in range(n)}
    graph[f"n{n}"] = ["n0"]  # one cycle through every node
    components = strongly_connected(graph)
    assert [len(c) for c in components] == [n + 1]


def _python_lines_run(action) -> int:
    """How many lines of Python ``action`` executes: a measure of work that, unlike time,
    is the same on every machine (C-level scans are guarded by the tests above)."""
    import sys
    import threading

    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    threading.settrace(tracer)
    try:
        action()
    finally:
        sys.settrace(None)
        threading.settrace(None)
    return count


def test_the_work_of_validate_export_and_dot_grows_linearly_with_the_map(tmp_path: Path) -> None:
    """A step quadratic in the number of nodes, anywhere from parsing to the DOT text, fails here."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    from argmap.diagram import build_dot

    work = {}
    for n in (250, 1000):
        paths = generate.generate(n, tmp_path / str(n))
        provenance._documents.clear()

        def run(path: Path = paths["map"]) -> None:
            loaded = argmap.load(path)
            assert argmap.validate(loaded) == []
            argmap.export(loaded, "json")
            build_dot(loaded)

        run()  # the first run imports modules and compiles patterns: not work of the map
        provenance._documents.clear()
        work[n] = _python_lines_run(run)
    ratio = work[1000] / work[250]
    assert ratio < 4 * 1.3, f"4 times the nodes took {ratio:.2f} times the work ({work})"
