"""xAIF as OVA saves it: the AIF graph with the analysed text, whose highlighted spans
become anchored quotes.

An OVA file holds an AIF graph (under ``AIF`` in xAIF, OVA 3; at the top level
in OVA 2's files, whose nodes have ``id`` and whose edges name ``from`` and
``to``) and the text it analyses: ``text`` (a string, or ``{"txt": ...}``) or
``analysis.txt``, in which each passage the analyst highlighted is a
``<span class="highlighted" id="node<ID>">`` (the id with or without ``node``),
and ``analysis.plain_txt``, the same text without markup.

Reading builds on the AIF reader (argmap/formats/aif.py): the graph becomes
claims, supports, attacks, undercuts and arguments the same way; the text
becomes the map's source file (named after the input), and each highlighted
span becomes a quote of the node it highlights: of the I-node itself, or of
the I-node that the highlighted L-node states (through its YA), or of the
argument an L-node argues. A quote is cited with a prefix, a suffix or an
occurrence when its words stand more than once, so that it anchors exactly
where the analyst highlighted it. A locution that no span highlights is looked
for in the text by its words.

Writing gives the AIF of the AIF writer under ``AIF``, the map's source text
with every anchored quote highlighted as a span of its L-node under ``text``
(a passage inside another is a span inside the other's), and a layout under
``OVA`` (conclusions above their premises), so that OVA shows the analysis on
its text. A passage that crosses the edge of one already highlighted cannot be
a span (HTML elements nest, they do not cross): its L-node keeps the words and,
as ``argmap_start``, where they start in the text. A map with several sources gives one text: the sources one after the
other, separated by a blank line.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from ..anchoring import Document, fold_quote
from . import Imported, Input
from .aif import GraphReading, Placed, _valid_id, aif_document, cite_at, find_all, json_text, read_with, stem_of
from .mapdata import dangling, slug

if TYPE_CHECKING:
    from ..loader import LoadedMap

_BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
#: AIFdb's scheme ids of the nodes argmap writes with their default scheme.
_SCHEME_IDS = {"Default Inference": "72", "Default Conflict": "71", "Asserting": "74", "Arguing": "80"}


class _Highlights(HTMLParser):
    """The text of OVA's markup, and where each highlighted span stands in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.open: list[tuple[str | None, int]] = []
        self.spans: list[tuple[str, int, int]] = []

    def _add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def _break(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._add("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._add("\n")
        elif tag in _BLOCKS:
            self._break()
        elif tag == "span":
            found = dict(attrs)
            span_id = found.get("id")
            classes = (found.get("class") or "").split()
            marks = span_id and span_id.strip() and ("highlighted" in classes or not classes)
            self.open.append((span_id.strip() if marks and span_id else None, self.length))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._add("\n")
        else:
            self.handle_starttag(tag, attrs)
            if tag == "span":
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.open:
            span_id, start = self.open.pop()
            if span_id is not None:
                self.spans.append((span_id, start, self.length))
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        self._add(data)

    def result(self) -> tuple[str, list[tuple[str, int, int]]]:
        self.close()
        while self.open:
            self.handle_endtag("span")
        return "".join(self.parts), sorted(self.spans, key=lambda span: (span[1], -span[2]))


def highlighted_text(markup: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The plain text of OVA's markup and its highlighted spans: (id, start, end), in order."""
    parser = _Highlights()
    parser.feed(markup)
    return parser.result()


def _markup_of(document: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """The analysed text of an OVA file: (markup, plain text, title), each None when absent."""
    markup = plain = title = None
    text = document.get("text")
    if isinstance(text, dict):
        markup = text.get("txt") if isinstance(text.get("txt"), str) else None
        plain = text.get("plain_txt") if isinstance(text.get("plain_txt"), str) else None
    elif isinstance(text, str):
        markup = text
    analysis = document.get("analysis")
    if isinstance(analysis, dict):
        if markup is None and isinstance(analysis.get("txt"), str):
            markup = analysis["txt"]
        if plain is None and isinstance(analysis.get("plain_txt"), str):
            plain = analysis["plain_txt"]
        if isinstance(analysis.get("documentTitle"), str) and analysis["documentTitle"].strip():
            title = analysis["documentTitle"].strip()
    return (markup if markup and markup.strip() else None), (plain if plain and plain.strip() else None), title


def _relocated(derived: str, plain: str, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Spans of the markup's text placed in a plain text that differs from it: each span's
    words looked for from where the previous one ended (then anywhere)."""
    moved = []
    cursor = 0
    for span_id, start, end in spans:
        words = derived[start:end]
        if not words.strip():
            continue
        at = plain.find(words, cursor)
        if at == -1:
            at = plain.find(words)
        if at == -1:
            continue
        moved.append((span_id, at, at + len(words)))
        cursor = at + len(words)
    return moved


class OvaReading(GraphReading):
    """An OVA graph: the quotes stand in the analysed text, where the analyst highlighted them."""

    source_suffix = ".txt"

    def place_quotes(self) -> None:
        markup, plain, title = _markup_of(self.document)
        if markup is None and plain is None:
            self.warn(None, "the file carries no analysed text; the locutions' words make the source instead")
            super().place_quotes()
            return
        derived, spans = highlighted_text(markup) if markup is not None else (plain or "", [])
        text = derived
        if plain is not None and plain != derived:
            moved = _relocated(derived, plain, spans)
            if len(moved) < len([s for s in spans if derived[s[1] : s[2]].strip()]):
                self.warn(None, "some highlighted passages of the markup do not stand in `plain_txt`; the markup's text is the source instead")
            else:
                text, spans = plain, moved
        source_id = self._declare_source(text, title)
        document = Document(text)
        owners_of: dict[str, list[str]] = {}
        for owner, l_ids in self.locutions_of.items():
            for l_id in l_ids:
                owners_of.setdefault(l_id, []).append(owner)
        highlighted: set[str] = set()
        nodes = self.g.nodes
        placements: list[tuple[list[str], str, int]] = []  # owners, words, where they stand (-1: unknown)
        for span_id, start, end in spans:
            node_id = span_id if span_id in nodes else span_id[4:] if span_id.startswith("node") and span_id[4:] in nodes else None
            if node_id is None:
                self.b.problems.append(dangling(self.g.name, f"a highlighted span names node {span_id!r}, which the graph does not contain; its words stay in the text"))
                continue
            node = nodes[node_id]
            words = text[start:end]
            start += len(words) - len(words.lstrip())
            words = words.strip()
            if not words:
                continue
            if node.type == "I":
                owners = [node_id]
            elif node.type == "L":
                owners = owners_of.get(node_id, [])
                exact = node.raw.get("argmap_quote")
                if isinstance(exact, str) and exact.strip() and fold_quote(exact) == fold_quote(words):
                    words = exact
                if not owners:
                    self.warn(node_id, f"the highlighted locution {node_id} states no proposition; its words stay in the text")
            else:
                self.warn(node_id, f"a highlighted span names {node.type or 'untyped'}-node {node_id}, which states nothing; its words stay in the text")
                continue
            highlighted.add(node_id)
            placements.append((owners, words, start))
        # locutions no span highlights: looked for in the text by their words
        guessed: list[tuple[str, str]] = []
        for owner, l_ids in self.locutions_of.items():
            if owner in highlighted:
                continue
            for l_id in dict.fromkeys(l_ids):
                if l_id in highlighted:
                    continue
                words = self.utterances[l_id][1]
                if not words:
                    continue
                start = self.g.nodes[l_id].raw.get("argmap_start")
                position = start if isinstance(start, int) and not isinstance(start, bool) and 0 <= start < len(text) else -1
                known = position >= 0 and fold_quote(text[position : position + len(words)]) == fold_quote(words)
                placements.append(([owner], words, position if known else -1))
                if not known:
                    guessed.append((owner, l_id))
        found = find_all(document, [words for _owners, words, _start in placements])
        for owners, words, start in placements:
            cite = cite_at(document, words, start, found[words])
            for owner in owners:
                if cite is None:
                    self.unplaced.setdefault(owner, []).append(words)
                else:
                    self.placed.setdefault(owner, []).append(Placed(source_id, cite))
        for owner, l_id in guessed:
            words = self.utterances[l_id][1]
            if len(found[words]) > 1:
                self.warn(
                    l_id,
                    f"locution {l_id} is highlighted nowhere and its words stand {len(found[words])} times in the text; the first is quoted",
                    [self.ids.get(owner, owner)] if owner in self.ids else [],
                )

    def _declare_source(self, text: str, title: str | None) -> str:
        stem = stem_of(self.g.name)
        file_name = self.b.source_file(stem, self.source_suffix)
        fields: dict[str, Any] = {"title": title or f"Text of {stem} (OVA)"}
        source_id = None
        written = self.g.meta.get("sources")
        if isinstance(written, dict) and len(written) == 1:
            ((key, value),) = written.items()
            source_id = _valid_id(key, self.md.source_ids)
            if source_id is not None and isinstance(value, dict):
                for name in ("title", "author", "published", "publisher", "url"):
                    if isinstance(value.get(name), str) and value[name].strip():
                        fields[name] = value[name]
        if source_id is None:
            source_id = slug(stem, self.md.source_ids, fallback="text")
        self.b.sources[file_name] = text
        self.md.source(source_id, file_name, **fields)
        return source_id


def read(inputs: list[Input]) -> Imported:
    """OVA files (xAIF, or OVA 2's shape) → one map, quoting the analysed texts."""
    return read_with(inputs, OvaReading, "OVA")


# --- writing --------------------------------------------------------------------------------------------


def _nested(spans: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The spans that can be highlighted together (any two are apart, or one holds the
    other), in order; and those that cross one of them."""
    kept: list[tuple[int, int, str]] = []
    crossing: list[tuple[int, int, str]] = []
    open_ends: list[int] = []
    for span in sorted(spans, key=lambda item: (item[0], -item[1], item[2])):
        start, end, _node_id = span
        while open_ends and open_ends[-1] <= start:
            open_ends.pop()
        if open_ends and end > open_ends[-1]:
            crossing.append(span)
            continue
        kept.append(span)
        open_ends.append(end)
    return kept, crossing


def _markup(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The text as OVA's markup: characters escaped, line breaks as <br>, each span (nested
    spans included) highlighted."""

    def plain(piece: str) -> str:
        return html.escape(piece, quote=False).replace("\n", "<br>")

    out: list[str] = []
    at = 0
    open_ends: list[int] = []

    def advance(to: int) -> None:
        nonlocal at
        while open_ends and open_ends[-1] <= to:
            end = open_ends.pop()
            out.append(plain(text[at:end]))
            out.append("</span>")
            at = end
        out.append(plain(text[at:to]))
        at = to

    for start, end, node_id in spans:
        advance(start)
        out.append(f'<span class="highlighted" id="node{html.escape(node_id, quote=True)}">')
        open_ends.append(end)
    advance(len(text))
    return "".join(out)


def _layout(order: list[str], layers: dict[str, str], edges: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """Places for OVA: conclusions at the top and what bears on them below, in rows;
    locutions in a column to the right of the argument, each beside its illocution."""
    argument = [node_id for node_id in order if layers[node_id] in ("I", "S")]
    members = set(argument)
    outgoing: dict[str, list[str]] = {node_id: [] for node_id in argument}
    incoming: dict[str, list[str]] = {node_id: [] for node_id in argument}
    for source, target in edges:
        if source in members and target in members:
            outgoing[source].append(target)
            incoming[target].append(source)
    depth: dict[str, int] = {}
    queue = deque(node_id for node_id in argument if not outgoing[node_id])
    for node_id in queue:
        depth[node_id] = 0
    while queue:
        node_id = queue.popleft()
        for source in incoming[node_id]:
            if source not in depth:
                depth[source] = depth[node_id] + 1
                queue.append(source)
    rows: dict[int, int] = {}
    places: dict[str, tuple[int, int]] = {}
    for node_id in argument:
        row = depth.get(node_id, 0)
        column = rows.get(row, 0)
        rows[row] = column + 1
        places[node_id] = (50 + 260 * column, 50 + 150 * row)
    right = 50 + 260 * max(rows.values(), default=0) + 200
    dialogue = [node_id for node_id in order if layers[node_id] == "L"]
    targets = dict(edges)
    for number, l_id in enumerate(dialogue):
        places[l_id] = (right + 300, 50 + 120 * number)
        ya = targets.get(l_id)
        if ya is not None:
            places[ya] = (right, 50 + 120 * number)
    for node_id in order:
        places.setdefault(node_id, (right, 50))
    return places


def xaif_document(loaded: LoadedMap) -> dict[str, Any]:
    """The map as xAIF: AIF, the highlighted source text and OVA's layout."""
    from ..provenance import resolve

    written = aif_document(loaded)
    records = loaded.records
    assert records is not None  # aif_document refuses maps with format errors
    resolution = resolve(loaded)
    text = ""
    bases: dict[str, int] = {}
    for source_id in records.sources:
        found = resolution.sources.get(source_id)
        if found is None or found.document is None:
            continue
        if text:
            text += "\n\n"
        bases[source_id] = len(text)
        text += found.document.text
    spans: list[tuple[int, int, str]] = []
    for locution in written.locutions:
        located = resolution.located(locution.anchor)
        if located is None or locution.anchor.source_id not in bases:
            continue
        base = bases[locution.anchor.source_id]
        span = located[1]
        spans.append((base + span.start, base + span.end, locution.node_id))
    kept, crossing = _nested(spans)
    data = written.data
    by_id = {node["nodeID"]: node for node in data["nodes"]}
    for start, _end, node_id in crossing:
        by_id[node_id]["argmap_start"] = start  # where the words stand, as no span can say
    order = [node["nodeID"] for node in data["nodes"]]
    places = _layout(order, written.layers, written.edges)
    fulfilled = []
    for node in data["nodes"]:
        scheme_id = _SCHEME_IDS.get(node["text"]) if node["type"] in ("RA", "CA", "YA") else None
        if scheme_id is not None:
            fulfilled.append({"nodeID": node["nodeID"], "schemeID": scheme_id})
    return {
        "AIF": {
            "nodes": data["nodes"],
            "edges": data["edges"],
            "locutions": data["locutions"],
            "participants": data["participants"],
            "schemefulfillments": fulfilled,
            "descriptorfulfillments": [],
        },
        "text": _markup(text, kept),
        "dialog": bool(data["locutions"]),
        "OVA": {
            "firstname": "",
            "surname": "",
            "url": "",
            "nodes": [{"nodeID": node_id, "visible": True, "x": places[node_id][0], "y": places[node_id][1], "timestamp": ""} for node_id in order],
            "edges": [{"fromID": edge["fromID"], "toID": edge["toID"], "visible": True} for edge in data["edges"]],
        },
        "argmap": data["argmap"],
    }


def write(loaded: LoadedMap) -> Iterator[str]:
    """The map as xAIF, as OVA opens it."""
    return json_text(xaif_document(loaded))
