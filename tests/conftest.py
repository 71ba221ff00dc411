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
    return root
