"""Shared helpers for the argmap test suite.

The helpers write small maps (and the text they quote) into a temporary folder
and return what a user sees: problem codes with their line and column.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from argmap.loader import LoadedMap, load
from argmap.problems import Problem
from argmap.validation import validate

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The results cache of validate and check goes to a folder of the test run, not the user's."""
    import os

    os.environ["ARGMAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("argmap-cache"))
SEED_MAP = REPO / "maps" / "mumbai-to-paris.yaml"
SEED_TEXT = REPO / "seeds" / "from-mumbai-to-paris.txt"

#: The source text the rule tests quote from (file `source.txt` next to the map).
#: Line numbers matter: "The river rose" stands on lines 2 and 4.
SOURCE_TEXT = (
    "Rain fell on the town all night.\n"
    "The river rose above the old bridge.\n"
    "People left their homes before dawn.\n"
    "The river rose again in the morning.\n"
    "The mayor said the town would rebuild.\n"
)

#: The top of a map with one source, `src`, reading source.txt.
HEAD = """\
argmap: 1
title: Test map
sources:
  src:
    path: source.txt
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def triples(problems: list[Problem]) -> list[tuple[str, int, int]]:
    """Problems as sorted (code, line, column)."""
    return sorted((p.code, p.location.line, p.location.column) for p in problems)


def codes(problems: list[Problem]) -> list[str]:
    return sorted(p.code for p in problems)


def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture
def write_map(tmp_path: Path) -> Callable[..., Path]:
    """Write a map (dedented) to tmp_path, with source.txt next to it; return the map's path."""

    def write(text: str, name: str = "map.yaml", source: str | None = SOURCE_TEXT) -> Path:
        if source is not None:
            (tmp_path / "source.txt").write_text(source, encoding="utf-8")
        path = tmp_path / name
        path.write_text(dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def load_text(write_map: Callable[..., Path]) -> Callable[..., LoadedMap]:
    """Write a map and load it (load problems only)."""

    def run(text: str, **kwargs: object) -> LoadedMap:
        return load(write_map(text, **kwargs))

    return run


@pytest.fixture
def problems_of(write_map: Callable[..., Path]) -> Callable[..., list[Problem]]:
    """Write a map and validate it: every problem, load and rules."""

    def run(text: str, **kwargs: object) -> list[Problem]:
        return validate(load(write_map(text, **kwargs)))

    return run


@pytest.fixture
def found(problems_of: Callable[..., list[Problem]]) -> Callable[..., list[tuple[str, int, int]]]:
    """Write a map, validate it, and return sorted (code, line, column)."""

    def run(text: str, **kwargs: object) -> list[tuple[str, int, int]]:
        return triples(problems_of(text, **kwargs))

    return run


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's maps/, seeds/ and renders/ in tmp_path; returns its root."""
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("maps", "seeds", "renders"):
        shutil.copytree(REPO / folder, root / folder)
    # what marks a project (argmap.safety.PROJECT_MARKERS): the maps' sources are read inside it
    (root / ".git").mkdir()
    return root


#: A map with every structure (linked premises; undercuts of a support, an argument, an
#: attack and an undercut) and hostile text, for the exchange formats' tests.
STRUCTURES_SOURCE = """\
The council met on Monday.
Rents rose by a third in two years.
Wages stayed flat over the same years.
He said "5 < 6 & 7 > 3" ]] end %% `code` #lt; $$x$$.
The mayor promised new housing.
"""

#: Linked premises (an argument that supports, one that attacks, one that undercuts), an
#: undercut of a support, of an attack, of an argument and of an undercut; ids that are
#: Mermaid keywords or meet when made safe; text with every character that means something
#: to Mermaid, HTML, Markdown or KaTeX.
STRUCTURES = """\
argmap: 1
title: 'Every structure: "quotes" <b>bold</b> & end %% `ticks`'
description: "A map with\\nnewlines & <tags>"
sources:
  src:
    path: source.txt
agents:
  council:
    name: 'The <i>council</i> & "friends"'
claims:
  end:
    text: 'Housing is "unaffordable" <script>alert(1)</script> & end ]] %% `x` #lt; $$x^2$$ click end call alert() :::thesis fa:fa-car style:#fff; <br> **bold** <a href="x">link</a> C:\\new'
    quote: The mayor promised new housing.
    thesis: true
    kind: evaluation
  graph:
    text: "Rents rose\\nby a third; [[a]] {b} (c) |d| -->|e| f"
    quote: Rents rose by a third in two years.
    kind: fact
    asserted_by: council
    tags: [rent, housing]
    note: 'A note with "quotes" & <b>markup</b>'
  class:
    text: Wages are flat.
    quote: Wages stayed flat over the same years.
    kind: fact
  a.b:
    text: Incomes cannot keep up.
    implicit: true
    supports: end
  a-b:
    text: Prices will fall soon.
    implicit: true
    kind: prediction
    attacks: end
  a_b:
    text: "Supply is growing.\\r\\n%% not a comment"
    implicit: true
  style:
    text: 'He said "5 < 6 & 7 > 3" ]] end'
    quote: 'He said "5 < 6 & 7 > 3" ]] end %% `code` #lt; $$x$$.'
    undercuts: afford
  o:
    text: The figures are old.
    implicit: true
    undercuts: a.b supports end
  x:
    text: The old figures still hold.
    implicit: true
    undercuts: o undercuts a.b supports end
evidence:
  click:
    text: 'The council met. --> end'
    quote: The council met on Monday.
    kind: event
    supports: end
    undercuts: a-b attacks end
arguments:
  afford:
    premises: [graph, class]
    supports: end
    scheme: 'practical <reasoning> & "more"'
    text: 'Rents up, wages flat: so housing is "unaffordable" #35; %% $$y$$'
  counter:
    premises: [a-b, a_b]
    attacks: a.b
  deny:
    premises: [o, x]
    undercuts: counter
"""


@pytest.fixture
def structures(tmp_path: Path) -> LoadedMap:
    (tmp_path / "source.txt").write_text(STRUCTURES_SOURCE, encoding="utf-8")
    path = tmp_path / "structures.yaml"
    path.write_text(STRUCTURES, encoding="utf-8")
    loaded = load(path)
    assert [p for p in validate(loaded) if p.is_error] == []
    return loaded
