"""Exchange formats: one module per format, each a reader and/or a writer, in one table.

A **reader** turns the files of another tool into a map: ``read(inputs)`` takes
:class:`Input` files (their name and bytes) and returns an :class:`Imported`:
the map as plain data in argmap's format (what a map file holds), the source
texts the input carries (an OVA analysis, a microtext's text), and the
problems met on the way, each placed in the input. Whatever a reader cannot
represent is reported as a warning (AM702) and kept where the format allows
(a node's ``note``), never dropped silently.

A **writer** turns a loaded map into another tool's text:
``write(loaded)`` yields the text in pieces, reading the map's argument graph
(``loaded.graph``), its anchored quotes (``resolve(loaded)``) and its grounded
labels. Writing files is one shared, atomic step (argmap/fsutil.py).

Adding a format touches its module, a line of :data:`FORMATS` and its tests.
Modules are imported only when their format is used, so the CLI can list the
choices at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..loader import LoadedMap
    from ..problems import Problem


class Input(NamedTuple):
    """One input file of an import: the name to show in problems, and its bytes."""

    name: str
    data: bytes


class SourceInput(NamedTuple):
    """The source text a reader checks the input's quotes against (``argmap import --source``)."""

    #: Where to read it.
    path: Path
    #: How the map names it in its `path`: relative to the map file's folder.
    declared: str


@dataclass
class Imported:
    """What a reader made of its inputs."""

    #: The map as plain data, as a map file would hold it (``argmap: 1``, ``title``, sections).
    data: dict[str, Any]
    #: Source texts carried by the input: file name (relative to the sources folder) → text.
    #: The map's `sources` name them by that file name in their `path`.
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Lines for the import's report that are not problems (what a reader repaired, counts).
    notes: list[str] = field(default_factory=list)


Reader = Callable[[list[Input]], Imported]
Writer = Callable[["LoadedMap"], Iterator[str]]


class Format(NamedTuple):
    """One exchange format and what argmap does with it."""

    name: str
    title: str
    #: The usual file suffix of the format's files, with its dot.
    suffix: str
    #: The module that implements it: a `read` function when it reads, a `write` function when it writes.
    module: str
    reads: bool
    writes: bool
    summary: str
    #: Whether its reader checks quotes against a source given with ``--source`` (and needs one).
    takes_source: bool = False

    def reader(self) -> Reader:
        if not self.reads:
            raise FormatError(f"argmap cannot import {self.title}; formats it imports: {', '.join(names(reads=True))}")
        return importlib.import_module(self.module).read  # type: ignore[no-any-return]

    def writer(self) -> Writer:
        if not self.writes:
            raise FormatError(f"argmap cannot export {self.title}; formats it exports: {', '.join(names(writes=True))}")
        return importlib.import_module(self.module).write  # type: ignore[no-any-return]


class FormatError(Exception):
    """An unknown format, or one that does not read or write."""


def _formats(*formats: Format) -> dict[str, Format]:
    return {f.name: f for f in formats}


FORMATS: dict[str, Format] = _formats(
    Format("json", "argmap JSON", ".json", "argmap.exports", False, True, "The map with every quote resolved to offsets, line and sentence (the JSON contract of docs/format.md)."),
    Format("aif", "AIF JSON (AIFdb)", ".json", "argmap.formats.aif", True, True, "The Argument Interchange Format as AIFdb stores it: I-, RA-, CA- and MA-nodes, and their edges."),
    Format("ova", "xAIF / OVA", ".json", "argmap.formats.ova", True, True, "AIF with the analysed text, as OVA saves it: highlighted spans become anchored quotes."),
    Format("microtexts", "arg-microtexts XML", ".xml", "argmap.formats.microtexts", True, False, "The argumentative microtexts corpus: units, supports, rebuttals, undercuts and linked premises."),
    Format("draft", "argmap draft JSON", ".json", "argmap.formats.draft", True, False, "Claims and evidence with quotes and relations, as an extraction pipeline or a language model drafts them; every quote checked against --source.", takes_source=True),
    Format("argdown", "Argdown", ".argdown", "argmap.formats.argdown", True, True, "Argdown text: statements, arguments, premise-conclusion structures, support, attack and undercut."),
    Format("mermaid", "Mermaid flowchart", ".mmd", "argmap.formats.mermaid", False, True, "A Mermaid flowchart, drawn by GitHub and GitLab in Markdown."),
    Format("graphml", "GraphML (yEd)", ".graphml", "argmap.formats.graphml", False, True, "GraphML with yEd graphics: shapes, labels and arrows as in the SVG, argmap's ids kept as data."),
    Format("webannotation", "W3C Web Annotation", ".jsonld", "argmap.formats.webannotation", False, True, "One JSON-LD annotation per quoted passage, with text quote and text position selectors."),
    Format("hypothesis", "Hypothesis import", ".json", "argmap.formats.hypothesis", False, True, "Annotations in the shape the Hypothesis import takes, positions in UTF-16 units."),
)


def get(name: str) -> Format:
    """The format of a name; a clear error listing the known ones otherwise."""
    found = FORMATS.get(name)
    if found is None:
        raise FormatError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}")
    return found


def names(reads: bool = False, writes: bool = False) -> list[str]:
    """The names of the formats that read (or write)."""
    return [f.name for f in FORMATS.values() if (not reads or f.reads) and (not writes or f.writes)]
