"""A map with several sources names, once, the one its quotes come from unless a node says otherwise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import dedent, triples

from argmap.loader import load
from argmap.provenance import resolve
from argmap.validation import validate

NOTES = "The siege lasted three days.\nThe city was closed.\n"


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "source.txt").write_text("Rain fell on the town all night.\nThe river rose above the old bridge.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text(NOTES, encoding="utf-8")
    path = tmp_path / "map.yaml"
    path.write_text(dedent(text), encoding="utf-8")
    return path


TWO_SOURCES = """\
argmap: 1
title: Two sources
sources:
  src:
    path: source.txt
  notes:
    path: notes.txt
{default}claims:
  rain:
    text: It rained.
    quote: Rain fell on the town all night.
  river:
    text: The river rose.
    quote: The river rose above the old bridge.
    supports: rain
  siege:
    text: The siege was long.
    quote: The siege lasted three days.
    source: notes
    supports: rain
  closed:
    text: The city was closed.
    quote: The river rose above the old bridge.
    cites:
      - quote: The city was closed.
        source: notes
    supports: rain
"""


def test_without_a_default_every_unnamed_quote_is_an_error_whose_hint_says_how_to_set_one(tmp_path: Path) -> None:
    problems = validate(load(_write(tmp_path, TWO_SOURCES.format(default=""))))
    assert triples(problems) == [("AM203", 9, 3), ("AM203", 12, 3), ("AM203", 21, 3)]
    hint = problems[0].hint
    assert "`default_source: notes`" in hint  # the source the map's nodes already name
    assert "3 quoted entries name no source" in hint


def test_a_default_source_serves_every_node_that_names_none(tmp_path: Path) -> None:
    loaded = load(_write(tmp_path, TWO_SOURCES.format(default="default_source: src\n")))
    assert [p for p in validate(loaded) if p.is_error] == []
    by_node = {(a.node_id, a.index): a.source_id for a in resolve(loaded).quotes}
    assert by_node == {("rain", 0): "src", ("river", 0): "src", ("siege", 0): "notes", ("closed", 0): "src", ("closed", 1): "notes"}
    assert all(a.anchored for a in resolve(loaded).quotes)


def test_a_citation_without_source_takes_the_nodes_source_before_the_default(tmp_path: Path) -> None:
    text = TWO_SOURCES.format(default="default_source: src\n").replace(
        "  siege:\n    text: The siege was long.\n    quote: The siege lasted three days.\n",
        "  siege:\n    text: The siege was long.\n    quote: The siege lasted three days.\n    cites:\n      - quote: The city was closed.\n",
    )
    loaded = load(_write(tmp_path, text))
    assert [p for p in validate(loaded) if p.is_error] == []
    assert [a.source_id for a in resolve(loaded).of_node("siege")] == ["notes", "notes"]


def test_an_unknown_default_source_is_an_error_at_its_value_with_a_did_you_mean(tmp_path: Path) -> None:
    problems = validate(load(_write(tmp_path, TWO_SOURCES.format(default="default_source: note\n"))))
    assert triples(problems) == [("AM202", 8, 17)]
    assert problems[0].message == "the map's default_source names unknown source 'note'"
    assert problems[0].hint == "did you mean `notes`?"


def test_a_default_source_in_a_map_with_one_source_is_allowed(found: Callable[..., list]) -> None:
    text = """\
    argmap: 1
    title: T
    sources:
      src:
        path: source.txt
    default_source: src
    claims:
      a:
        text: A
        quote: Rain fell on the town all night.
    """
    assert [c for c in found(text) if c[0] != "AM303"] == []


def test_a_default_source_is_not_a_slug_is_a_format_error(load_text: Callable[..., object]) -> None:
    loaded = load_text("argmap: 1\ntitle: T\ndefault_source: a b\n")
    assert [(p.code, p.location.line, p.location.column) for p in loaded.problems] == [("AM108", 3, 17)]
