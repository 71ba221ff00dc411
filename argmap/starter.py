"""Starter maps: the text of a new map over one source, ready to quote from.

:func:`starter_map` reads a source the way quotes are matched against it and
returns the text of a map that validates at once: the `sources:` block filled
in and pinned, the title and author where the source states them, an empty
`claims:` section with a commented example, and every sentence of the source
listed as a comment with its number and line, to copy quotes from. Its first
line points editors at the JSON Schema, so they complete and check the map
while it is written.

Nothing here writes a file or prints: the `argmap new` and `argmap init`
commands do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .definition import MAX_ID
from .sourcetext import HTML_SUFFIXES

#: Listing more sentences than this makes a map file no one scrolls through; the rest are counted.
MAX_LISTED_SENTENCES = 5000
#: The front matter (title, byline) is looked for in this many lines before the prose starts.
FRONT_MATTER_LINES = 40
SCHEMA_FILE = Path("schema") / "argmap.schema.json"
#: Where the schema of the format is published (the repository's committed copy).
PUBLISHED_SCHEMA = "https://raw.githubusercontent.com/argmap/argmap/main/schema/argmap.schema.json"

_NOT_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")
_URL = re.compile(r"(https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-Z][\w.'’-]*$")
_LABELLED = re.compile(r"^\s*(title|author|authors)\s*:\s*(.+?)\s*$", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*by\s+(.+?)\s*$", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$")


class StarterError(Exception):
    """The source cannot be read, or the id asked for is not an id."""


@dataclass(frozen=True)
class Starter:
    """A starter map: its text and what it says about the source."""

    text: str
    source_id: str
    title: str | None
    author: str | None
    sentences: int
    listed: int


def source_id_for(path: Path) -> str:
    """An id for a source, from its file name: `Federalist No. 51.txt` → `federalist-no.-51`."""
    slug = _NOT_SLUG.sub("-", path.stem.lower()).strip("-.") or "source"
    if not (slug[0].isalnum() or slug[0] == "_"):
        slug = "s" + slug
    return slug[:MAX_ID]


def starter_map(source: Path, map_path: Path, source_id: str | None = None, schema: str | None = None) -> Starter:
    """The text of a new map at ``map_path`` over the file ``source``.

    ``schema`` is what the first line points editors at; by default the committed
    schema found from the map's folder (see :func:`schema_reference`)."""
    from .provenance import read_document

    source_id = source_id if source_id is not None else source_id_for(source)
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", source_id) or len(source_id) > MAX_ID:
        raise StarterError(f"{source_id!r} is not an id: use letters, digits, '-', '_' and '.', starting with a letter, digit or '_'")
    digest, document, error = read_document(source)
    if document is None or digest is None:
        raise StarterError(f"cannot read {source}: {error}")
    raw_text = source.read_text(encoding="utf-8-sig", errors="replace")
    title, author = describe_source(raw_text, source)
    schema = schema if schema is not None else schema_reference(map_path)

    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    lines += [
        "argmap: 1",
        f"title: {scalar(title or source.stem)}",
        "sources:",
        f"  {source_id}:",
        f"    path: {scalar(_relative(source, map_path.parent))}",
        f"    sha256: {digest}",
    ]
    if title:
        lines.append(f"    title: {scalar(title)}")
    if author:
        lines.append(f"    author: {scalar(author)}")
    lines += [
        "claims:",
        "  # Write each claim as an entry: an id, the claim in your words, and the",
        "  # sentence it comes from, copied word for word from the list below.",
        "  # main-claim:",
        "  #   text: The text's main claim, in your words.",
        "  #   quote: copy the sentence (or the part of it) that states it",
        "  #   thesis: true",
        "  # a-reason:",
        "  #   text: A reason the text gives for it.",
        "  #   quote: copy the sentence that gives it",
        "  #   supports: [main-claim]",
    ]
    sentences = document.sentences
    listed = min(len(sentences), MAX_LISTED_SENTENCES)
    lines += [
        "",
        f"# The sentences of {source.name} as argmap reads them ({len(sentences)}), numbered, with their lines,",
        f"# to quote from (`argmap sources sentences {_shown(source)}` prints them too):",
    ]
    width = len(str(listed))
    for number in range(1, listed + 1):
        span = sentences[number - 1]
        text = " ".join(document.text[span.start : span.end].split())
        lines.append(f"# {number:>{width}}  line {document.line_of(span.start)}: {text}")
    if listed < len(sentences):
        lines.append(f"# ... and {len(sentences) - listed} more")
    return Starter("\n".join(lines) + "\n", source_id, title, author, len(sentences), listed)


def _relative(path: Path, folder: Path) -> str:
    """``path`` as a map in ``folder`` names it: relative to that folder when they share a root."""
    try:
        return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(folder))).as_posix()
    except ValueError:  # another drive: only an absolute path reaches it
        return Path(os.path.abspath(path)).as_posix()


def _shown(path: Path) -> str:
    from .loader import display_path

    return display_path(path)


def schema_reference(map_path: Path) -> str | None:
    """What a map's first line points editors at: the committed schema of the project the map
    is in (a `schema/argmap.schema.json` in its folder or a folder above), else the one of
    the published schema's address. A path into argmap's own installation would tie
    the map to one machine."""
    folder = Path(os.path.abspath(map_path.parent))
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return _relative(candidate / SCHEMA_FILE, folder)
    return PUBLISHED_SCHEMA


def scalar(text: str) -> str:
    """``text`` as a YAML value on one line: plain when YAML reads it back as the same text."""
    import yaml

    from .yamlpos import quoted

    flat = " ".join(text.split())
    try:
        if yaml.safe_load(f"k: {flat}\n") == {"k": flat} and not flat.startswith(("'", '"')):
            return flat
    except yaml.YAMLError:
        pass
    return quoted(flat)


# --- title and author -----------------------------------------------------------------------------


def describe_source(raw_text: str, path: Path) -> tuple[str | None, str | None]:
    """The title and the author a source states, each None when it does not say clearly."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return _describe_html(raw_text)
    return _describe_text(raw_text)


class _HtmlHead(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.heading: list[str] = []
        self.author: str | None = None
        self._in: str | None = None
        self._headings = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.title:
            self._in = "title"
        elif tag == "h1" and self._headings == 0:
            self._in = "h1"
        elif tag == "meta":
            values = dict(attrs)
            if (values.get("name") or "").lower() == "author" and values.get("content") and self.author is None:
                self.author = values["content"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._headings += 1
        if tag in ("title", "h1"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title.append(data)
        elif self._in == "h1":
            self.heading.append(data)


def _describe_html(markup: str) -> tuple[str | None, str | None]:
    head = _HtmlHead()
    head.feed(markup)
    head.close()
    title = " ".join("".join(head.title).split()) or " ".join("".join(head.heading).split()) or None
    author = " ".join(head.author.split()) if head.author else None
    return title, author or None


def _describe_text(text: str) -> tuple[str | None, str | None]:
    lines = [line.strip().strip("/").strip() for line in text.splitlines()[: FRONT_MATTER_LINES * 4]]
    title = author = None
    front: list[str] = []
    for line in lines:
        if _is_prose(line):
            break
        if line:
            front.append(line)
        if len(front) >= FRONT_MATTER_LINES:
            break
    if lines and lines[0] == "---":  # Markdown front matter: `title:` and `author:` lines
        front = lines[1 : lines.index("---", 1)] if "---" in lines[1:] else front
    for line in front:
        labelled = _LABELLED.match(line)
        if labelled:
            value = labelled.group(2).strip("\"'")
            if labelled.group(1).lower() == "title":
                title = title or value
            else:
                author = author or value
            continue
        byline = _BYLINE.match(line)
        if byline and author is None and _is_name(byline.group(1)):
            author = byline.group(1)
        heading = _MARKDOWN_HEADING.match(line)
        if heading and title is None:
            title = heading.group(1)
    if author is None:
        author = _repeated_name(front)
    if title is None:
        title = next((line for line in front if _is_title(line, author)), None)
    return title, author


def _is_prose(line: str) -> bool:
    """A line of running text: the front matter ends where the first one starts."""
    words = line.split()
    return len(words) >= 14 or (len(words) >= 10 and line.endswith((".", "?", "!", ":", ";")) and not _LABELLED.match(line))


def _is_name(text: str) -> bool:
    words = text.replace(" and ", " ").replace(",", " ").split()
    return 2 <= len(words) <= 8 and all(_NAME_WORD.match(word) for word in words)


def _repeated_name(front: list[str]) -> str | None:
    """A byline written twice (`AHMED RASHID` in the header, `Ahmed Rashid` above the text): the
    way it is written with small letters."""
    seen: dict[str, list[str]] = {}
    for line in front:
        words = line.split()
        if 2 <= len(words) <= 4 and all(word[:1].isupper() and word.replace(".", "").replace("-", "").replace("'", "").isalpha() for word in words):
            seen.setdefault(" ".join(words).lower(), []).append(line)
    for spellings in seen.values():
        if len(spellings) >= 2:
            return next((s for s in spellings if not s.isupper()), spellings[0].title())
    return None


def _is_title(line: str, author: str | None) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 20 or line.isupper() or _URL.search(line) or line.endswith((".", ",", ";")):
        return False
    if author is not None and line.lower() == author.lower():
        return False
    return any(character.isalpha() for character in line)


# --- a new project ---------------------------------------------------------------------------------

#: The example source of a new project: a short argument written for argmap, free to reuse.
EXAMPLE_SOURCE = """\
Keep the Library Open

The town council wants to close the public library to save money. That would be a mistake.

The library costs the town less than one percent of its budget. Closing it would save little.

Last year the library lent more than forty thousand books. Hundreds of children attend its reading hour every month. Many residents have no internet at home, and the library is where they apply for jobs.

Some say that everyone now reads online, so a library is no longer needed. But the numbers show that people still come, and they come in growing numbers.

The council should keep the library open.
"""

#: The example map over it: claims, evidence, an attack, linked premises and real quotes.
EXAMPLE_MAP = """\
{schema_line}argmap: 1
title: Keep the library open
description: An example map; `argmap check` validates it and compares its render with renders/library.svg.
sources:
  library:
    path: ../sources/library.txt
    sha256: {digest}
    title: Keep the Library Open
agents:
  critics:
    name: Those who would close it
    type: common-belief
claims:
  keep-open:
    text: The council should keep the library open.
    quote: The council should keep the library open.
    expect: accepted  # `argmap check` fails when an edit leaves the thesis unsupported or defeated
    kind: policy
    thesis: true
  small-saving:
    text: Closing the library would save little.
    quote: Closing it would save little.
    supports: [keep-open]
    kind: prediction
  still-used:
    text: People still use the library, more every year.
    quote: But the numbers show that people still come, and they come in growing numbers.
    supports: [keep-open]
    attacks: [reads-online]
    kind: interpretation
  reads-online:
    text: Everyone reads online now, so the library is not needed.
    quote: Some say that everyone now reads online, so a library is no longer needed.
    attacks: [keep-open]
    asserted_by: critics
  needs-a-place:
    text: Job seekers without internet need a public place to go online.
    implicit: true  # the text relies on it without saying it: no quote
evidence:
  cheap:
    text: The library costs under 1% of the town's budget.
    quote: The library costs the town less than one percent of its budget.
    supports: [small-saving]
    kind: statistic
  loans:
    text: 40,000 books lent last year.
    quote: Last year the library lent more than forty thousand books.
    supports: [still-used]
    kind: statistic
  reading-hour:
    text: Hundreds of children come to the reading hour each month.
    quote: Hundreds of children attend its reading hour every month.
    supports: [still-used]
    kind: statistic
  no-internet:
    text: Many residents apply for jobs at the library, having no internet at home.
    quote: Many residents have no internet at home, and the library is where they apply for jobs.
    kind: observation
arguments:
  job-seekers:
    premises: [no-internet, needs-a-place]
    supports: keep-open
    text: Residents without internet need the library to apply for jobs.
"""

#: The settings of a new project: the same keys as `[tool.argmap]` in a pyproject.toml.
EXAMPLE_CONFIG = """\
# argmap settings for this project: the same keys as a [tool.argmap] table in
# pyproject.toml. Paths are relative to this file's folder.
maps = ["maps"]
renders = "renders"
"""


@dataclass
class NewProject:
    """What setting up a project wrote, what it left as it was, and the example map."""

    root: Path
    written: list[Path]
    kept: list[Path]
    map_path: Path


def project_files(root: Path) -> dict[Path, bytes]:
    """The files of a new project under ``root``, by path, the render excepted (it is drawn from the map)."""
    import hashlib
    import json

    from .model import json_schema

    source = EXAMPLE_SOURCE.encode("utf-8")
    schema = (json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    example = EXAMPLE_MAP.format(
        schema_line="# yaml-language-server: $schema=../schema/argmap.schema.json\n",
        digest=hashlib.sha256(source).hexdigest(),
    )
    return {
        root / "argmap.toml": EXAMPLE_CONFIG.encode("utf-8"),
        root / SCHEMA_FILE: schema,
        root / "sources" / "library.txt": source,
        root / "maps" / "library.yaml": example.encode("utf-8"),
    }


def init_project(root: Path, write: Callable[[Path, bytes], None]) -> NewProject:
    """Set up a project in ``root``: the folders, the settings, the schema, an example
    source and map. Files already there are kept as they are, never overwritten; ``write``
    writes one file (atomically)."""
    written: list[Path] = []
    kept: list[Path] = []
    for folder in ("maps", "sources", "renders", "schema"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for path, data in project_files(root).items():
        if path.exists():
            kept.append(path)
            continue
        write(path, data)
        written.append(path)
    return NewProject(root, written, kept, root / "maps" / "library.yaml")
