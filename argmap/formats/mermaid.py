"""Mermaid flowchart: the map as a diagram that GitHub and GitLab draw in Markdown.

The flowchart speaks the visual language of argmap's own renders (argmap/diagram.py),
as far as Mermaid can:

- claims are rounded boxes (blue border), evidence square boxes (orange border); the
  thesis has a thick border, implicit nodes a dashed one; every node shows a badge
  (type and kind), its text and, in small print, its argmap id;
- supports are solid lines with an arrowhead (``-->``), attacks dashed lines ending in a
  cross (``-.-x``), undercuts thick dotted lines ending in a circle (``-.-o``): line style
  and head tell them apart without colour, and ``linkStyle`` colours them as the SVG does
  (Okabe-Ito);
- an argument (linked premises) is a junction where its premises meet: a small circle,
  or a small rounded box with the argument's scheme and text; a simple relation that is
  undercut is drawn through a junction of its own, where the undercut ends.

Mermaid ids are made from argmap ids: ``n_`` and the id with every character that is
not a letter or a digit as ``_`` (a number added when two ids would meet), so that no
id is read as a keyword (``end``, ``class``, ``graph``...) or as part of a link.
Junctions are ``j1``, ``j2``... in the order of the relations, each after a comment
that names its relation. All text from the map goes into ``"..."`` labels with every
character that Mermaid, Markdown, HTML or KaTeX could read as syntax written as an
entity code (``#quot;``, ``#lt;``, ``#35;``...); the map's title is a comment. Nothing
the map holds becomes a ``click`` directive, a style, a class or a link.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagram import BLUE, CLAIM_FILL, EVIDENCE_FILL, IMPLICIT_FILL, JUNCTION_FILL, LINES, ORANGE, THESIS_FILL, resolve_direction
from ..exports import ExportError
from ..graph import Relation
from ..loader import LoadedMap

if TYPE_CHECKING:
    from ..records import Claim, Evidence

#: Characters per line of a node's text (a thesis: 4 fewer, its text is bold).
WRAP = 30
#: Mermaid's settings, in the diagram's front matter: labels up to 300 pixels wide before
#: Mermaid wraps them again (200 by default), and less room around and between nodes.
CONFIG = "---\nconfig:\n  flowchart:\n    wrappingWidth: 300\n    padding: 8\n    nodeSpacing: 20\n    rankSpacing: 45\n---\n"
#: Characters per line of an argument's text in its junction.
ARGUMENT_WRAP = 26

#: Entity codes for the characters a label writes as entities; any other ASCII character
#: that is not a letter, a digit, a space or in SAFE is written as its number (``#59;``).
ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;"}
#: Mermaid decodes the entity codes of a label before it looks in it for KaTeX (``$$x$$``),
#: icons (``fa:fa-car``) and line breaks written ``\\n``: an empty element after every
#: ``$``, ``:`` and ``\\`` keeps those from being formed, and shows nothing.
BREAK = "<span></span>"
BREAK_AFTER = frozenset("$:\\")
#: What a control character (other than whitespace, which is folded) is shown as: U+FFFD.
REPLACEMENT = "#65533;"
#: Punctuation that stays as it is in a quoted label: it means nothing to Mermaid, to
#: HTML, to Markdown or to KaTeX there.
SAFE = frozenset(".,!?'()-/_")

#: How each relation kind is written: the link that reaches the target, the link from a
#: premise into a junction (no head), and the style of both.
ARROWS = {"supports": "-->", "attacks": "-.-x", "undercuts": "-.-o"}
PREMISE_LINKS = {"supports": "---", "attacks": "-.-", "undercuts": "-.-"}
DASHES = {"supports": None, "attacks": "6 4", "undercuts": "2 3"}
#: What Mermaid refuses to draw, unless the site that draws it raises its limits.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50000
#: Lines written at a time.
BATCH = 256
HEADER = "Mermaid flowchart written by argmap: node ids are n_ and the argmap id; j1, j2... are the junctions of arguments and undercut inferences."

_NOT_ID = re.compile(r"[^A-Za-z0-9]")
_PERCENTS = re.compile(r"%(?=%)")


def escape(text: str) -> str:
    """User text for a quoted Mermaid label: whitespace folded to single spaces, and every
    character that could be syntax (quotes, HTML, entity codes, Markdown, KaTeX, icons,
    styles) as an entity code, which Mermaid shows as the character itself; an empty
    element after ``$``, ``:`` and ``\\`` (see :data:`BREAK_AFTER`)."""
    parts = []
    for char in " ".join(text.split()):
        code = ord(char)
        if char in ENTITIES:
            parts.append(ENTITIES[char])
        elif unicodedata.category(char) == "Cc":
            parts.append(REPLACEMENT)  # a control character cannot be shown (and HTML reads &#128; as €)
        elif code < 128:
            parts.append(char if char.isalnum() or char == " " or char in SAFE else f"#{code};")
            if char in BREAK_AFTER:
                parts.append(BREAK)
        else:
            parts.append(char)
    return "".join(parts)


def comment(text: str) -> str:
    """User text for a ``%%`` comment: on one line, and never a directive: Mermaid reads
    ``%%{`` as one anywhere in the text, so two percent signs are written ``% %``."""
    return _PERCENTS.sub("% ", " ".join(text.split()))


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False) or [""]


def label(*rows: str) -> str:
    """Rows of a label, already escaped or made of argmap's own markup, as a quoted label."""
    return '"' + "<br/>".join(rows) + '"'


def wrapped(text: str, width: int) -> str:
    return "<br/>".join(escape(line) for line in _lines(text, width))


class Ids:
    """Safe Mermaid ids for argmap ids: deterministic (the same map gives the same ids), unique."""

    def __init__(self) -> None:
        self.given: dict[str, str] = {}
        self.taken: set[str] = set()

    def __call__(self, node_id: str) -> str:
        found = self.given.get(node_id)
        if found is not None:
            return found
        base = "n_" + _NOT_ID.sub("_", node_id)
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}_{number}"
        self.taken.add(candidate)
        self.given[node_id] = candidate
        return candidate


def _class_of(node_type: str, thesis: bool, implicit: bool) -> str:
    name = "thesis" if thesis and node_type == "claim" else node_type
    return name + ("_implicit" if implicit else "")


def _class_defs() -> dict[str, str]:
    claim = f"fill:{CLAIM_FILL},stroke:{BLUE},stroke-width:1.2px,color:#1A1A1A"
    evidence = f"fill:{EVIDENCE_FILL},stroke:{ORANGE},stroke-width:1.2px,color:#1A1A1A"
    thesis = f"fill:{THESIS_FILL},stroke:{BLUE},stroke-width:3.5px,color:#1A1A1A"
    dashed = ",stroke-dasharray:6 4"
    defs = {
        "claim": claim,
        "claim_implicit": claim.replace(CLAIM_FILL, IMPLICIT_FILL) + dashed,
        "thesis": thesis,
        "thesis_implicit": thesis.replace(THESIS_FILL, IMPLICIT_FILL) + dashed,
        "evidence": evidence,
        "evidence_implicit": evidence.replace(EVIDENCE_FILL, IMPLICIT_FILL) + dashed,
    }
    for kind, line in LINES.items():
        defs[f"junction_{kind}"] = f"fill:{line.colour},stroke:{line.colour},stroke-width:1px"
        defs[f"argument_{kind}"] = f"fill:{JUNCTION_FILL},stroke:{line.colour},stroke-width:1.4px,color:#1A1A1A"
    return defs


def _link_style(kind: str) -> str:
    line = LINES[kind]
    style = f"stroke:{line.colour},stroke-width:{line.penwidth}px"
    if DASHES[kind]:
        style += f",stroke-dasharray:{DASHES[kind]}"
    return style


def _node_label(node_type: str, record: Claim | Evidence, thesis: bool, node_id: str, asserted_by: str | None) -> str:
    """A node's label as the SVG draws it: a badge (type, kind), the text, who asserts it, the id."""
    badge = ("THESIS" if thesis else node_type.upper()) + (f" · {record.kind.value}" if record.kind else "")
    if record.implicit:
        badge += " · implicit"
    text = wrapped(record.text, WRAP - 4 if thesis else WRAP)
    rows = [f"<small><b>{escape(badge)}</b></small>", f"<b>{text}</b>" if thesis else f"<i>{text}</i>" if record.implicit else text]
    if asserted_by:
        rows.append(f"<small><i>{escape('according to ' + asserted_by)}</i></small>")
    rows.append(f"<small>{escape(node_id)}</small>")
    return label(*rows)


def _relation_words(relation: Relation) -> str:
    if relation.argument is None:
        return relation.id
    return f"argument {relation.argument}: {', '.join(relation.sources)} together {relation.kind[:-1]} {relation.target}"


def write(loaded: LoadedMap) -> Iterator[str]:
    """The map as a Mermaid flowchart, in pieces; the same map gives the same text."""
    model = loaded.records
    if model is None:
        raise ExportError(f"{loaded.display_path}: the map has format errors and cannot be exported")
    graph = loaded.graph
    theses = graph.theses
    relations = graph.complete
    ids = Ids()
    size = 0

    def emit(text: str) -> str:
        nonlocal size
        size += len(text)
        return text

    # The configuration first (Mermaid reads it only there), then the title as a comment:
    # Mermaid's own diagram title shows some characters escaped twice.
    yield emit(CONFIG)
    yield emit(f"%% {comment(model.title)}\n%% {HEADER}\n")
    yield emit(f"flowchart {resolve_direction(graph, 'auto')}\n")

    classes: dict[str, list[str]] = {}
    batch: list[str] = []
    for node_id, node in graph.nodes.items():
        record = node.record
        thesis = node_id in theses and node.type == "claim"
        safe = ids(node_id)
        agent = model.agents.get(record.asserted_by) if record.asserted_by else None
        asserted_by = agent.name if agent is not None else record.asserted_by
        text = _node_label(node.type, record, thesis, node_id, asserted_by)
        batch.append(f"  {safe}({text})\n" if node.type == "claim" else f"  {safe}[{text}]\n")
        classes.setdefault(_class_of(node.type, thesis, record.implicit), []).append(safe)
        if len(batch) >= BATCH:
            yield emit("".join(batch))
            batch = []
    yield emit("".join(batch))

    # A junction for every argument, and for every relation an undercut ends on.
    undercut = {relation.target for relation in relations if relation.kind == "undercuts"}
    junctions: dict[str, str] = {}
    batch = []
    for relation in relations:
        if not (relation.linked or relation.id in undercut):
            continue
        junction = junctions[relation.id] = f"j{len(junctions) + 1}"
        batch.append(f"  %% {junction}: {comment(_relation_words(relation))}\n")
        argument = model.arguments.get(relation.argument) if relation.argument is not None else None
        if argument is not None and (argument.scheme or argument.text):
            badge = "ARGUMENT" + (f" · {argument.scheme}" if argument.scheme else "")
            rows = [f"<small><b>{escape(badge)}</b></small>"]
            if argument.text:
                rows.append(f"<small><i>{wrapped(argument.text, ARGUMENT_WRAP)}</i></small>")
            rows.append(f"<small>{escape(relation.id)}</small>")
            batch.append(f"  {junction}({label(*rows)})\n")
            classes.setdefault(f"argument_{relation.kind}", []).append(junction)
        else:
            batch.append(f'  {junction}((" "))\n')
            classes.setdefault(f"junction_{relation.kind}", []).append(junction)
        if len(batch) >= BATCH:
            yield emit("".join(batch))
            batch = []
    yield emit("".join(batch))

    # Links, numbered in the order written, for `linkStyle`.
    styled: dict[str, list[str]] = {}
    count = 0
    batch = []
    for relation in relations:
        end = junctions[relation.target] if relation.kind == "undercuts" else ids(relation.target)
        junction = junctions.get(relation.id)
        style = _link_style(relation.kind)
        if junction is not None:
            for source in relation.sources:
                batch.append(f"  {ids(source)} {PREMISE_LINKS[relation.kind]} {junction}\n")
                styled.setdefault(style, []).append(str(count))
                count += 1
            batch.append(f"  {junction} {ARROWS[relation.kind]} {end}\n")
        else:
            batch.append(f"  {ids(relation.sources[0])} {ARROWS[relation.kind]} {end}\n")
        styled.setdefault(style, []).append(str(count))
        count += 1
        if len(batch) >= BATCH:
            yield emit("".join(batch))
            batch = []
    yield emit("".join(batch))

    definitions = _class_defs()
    yield emit("".join(f"  classDef {name} {definitions[name]}\n" for name in definitions if name in classes))
    yield emit("".join(f"  class {','.join(members)} {name}\n" for name, members in classes.items()))
    yield emit("".join(f"  linkStyle {','.join(indexes)} {style}\n" for style, indexes in styled.items()))
    if count > MERMAID_MAX_EDGES or size > MERMAID_MAX_TEXT:
        yield (
            f"%% This flowchart has {count} links and about {size} characters; Mermaid's default limits are "
            f"{MERMAID_MAX_EDGES} links and {MERMAID_MAX_TEXT} characters, so GitHub and GitLab may refuse to draw it.\n"
        )
