"""GraphML with yEd graphics: the map as a graph that yEd opens drawn, and any GraphML
reader (networkx, Gephi, igraph...) reads with argmap's data.

Drawing (``yfiles.type="nodegraphics"`` / ``"edgegraphics"`` data, in yEd's ``y:``
namespace), in the visual language of argmap's SVG (argmap/diagram.py):

- claims are ``y:ShapeNode`` rounded rectangles with a blue border, evidence rectangles
  with an orange one; the thesis has a thick border, implicit nodes a dashed one. Each
  node has three labels: its text (first, wrapped at 34 characters as in the SVG), a
  badge (type and kind) at the top, and its id (and who asserts it) at the bottom. The
  size of a node is estimated from its labels;
- an argument (linked premises) is a junction node where its premises meet: a small
  ellipse, or a small rounded rectangle with its scheme and text; a simple relation that
  is undercut is drawn through a junction of its own, since an edge cannot end on an
  edge;
- edges are ``y:PolyLineEdge``: supports a solid bluish-green line with a ``standard``
  arrow, attacks a dashed vermillion line with a ``t_shape`` head, undercuts a dotted
  reddish-purple line with a ``diamond`` head; a premise's edge into its junction has no
  head;
- nodes are placed in layers by a simple deterministic layout in the direction the SVG
  would choose; yEd's Layout menu tidies it.

Data: every node, junction and edge carries argmap's data as GraphML ``data`` with
declared keys (``attr.name``), listed in :data:`NODE_KEYS`, :data:`EDGE_KEYS` and
:data:`GRAPH_KEYS`. yEd keeps data it does not know when it saves, so a round trip
through yEd keeps every id, type, kind, text, tag, quote and status.

All text is written by an XML serializer (``xml.sax.saxutils.XMLGenerator``), never
pasted into markup. XML 1.0 cannot hold control characters other than tab, line feed
and carriage return: they are written as U+FFFD (the map's own data is unchanged).
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import XMLGenerator

from ..diagram import (
    BLUE,
    CLAIM_FILL,
    EVIDENCE_FILL,
    GREY,
    IMPLICIT_FILL,
    JUNCTION_FILL,
    LINES,
    ORANGE,
    THESIS_FILL,
    resolve_direction,
)
from ..exports import ExportError, grounded_labelling
from ..graph import Relation
from ..loader import LoadedMap
from ..provenance import QuoteAnchor, Resolution, resolve

if TYPE_CHECKING:
    from ..records import Argument, Claim, Evidence

NS_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
NS_Y = "http://www.yworks.com/xml/graphml"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS_GRAPHML} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"

#: Characters per line of a node's text, as in the SVG (a thesis: 4 fewer, its font is larger).
WRAP = 34
ARGUMENT_WRAP = 30
FONT = "Dialog"

#: The keys of argmap's data: (key id, for, attr.name, attr.type, what it holds).
#: JSON values are strings holding JSON.
GRAPH_KEYS: list[tuple[str, str, str, str, str]] = [
    ("g_argmap", "graph", "argmap", "int", "the map format's version"),
    ("g_title", "graph", "title", "string", "the map's title"),
    ("g_description", "graph", "description", "string", "the map's description"),
    ("g_sources", "graph", "sources", "string", "JSON: source id → path, sha256, title, author, published, publisher, url"),
    ("g_agents", "graph", "agents", "string", "JSON: agent id → name, type, note"),
]
NODE_KEYS: list[tuple[str, str, str, str, str]] = [
    ("n_id", "node", "argmap_id", "string", "the node's id; for a junction, its relation's id (an argument's id, or `a supports b`)"),
    ("n_type", "node", "type", "string", "`claim`, `evidence`, `argument` (linked premises) or `junction` (of an undercut relation)"),
    ("n_kind", "node", "kind", "string", "the claim's or evidence's kind (`fact`, `statistic`...)"),
    ("n_text", "node", "text", "string", "the node's text, or the argument's"),
    ("n_thesis", "node", "thesis", "boolean", "whether the claim is a thesis of the map (marked, or found as argmap finds them)"),
    ("n_implicit", "node", "implicit", "boolean", "whether the node is implicit"),
    ("n_tags", "node", "tags", "string", "JSON: the tags"),
    ("n_quote", "node", "quote", "string", "JSON: every passage quoted: source, quote, prefix/suffix/occurrence when written, start, end, line"),
    ("n_note", "node", "note", "string", "the note"),
    ("n_asserted_by", "node", "asserted_by", "string", "the id of the agent who asserts the node"),
    ("n_group", "node", "group", "string", "the group"),
    ("n_expect", "node", "expect", "string", "the expected status"),
    ("n_status", "node", "status", "string", "the grounded label: accepted, rejected or undecided"),
    ("n_inference", "node", "inference", "string", "a junction's relation kind: supports, attacks or undercuts"),
    ("n_premises", "node", "premises", "string", "JSON: a junction's premises (its relation's sources)"),
    ("n_target", "node", "target", "string", "a junction's target: a node id, or for an undercut a relation id"),
    ("n_scheme", "node", "scheme", "string", "an argument's scheme"),
    ("n_description", "node", "description", "string", "what the SVG's tooltip says: text, who asserts it, passages, note (yEd shows it)"),
]
EDGE_KEYS: list[tuple[str, str, str, str, str]] = [
    ("e_relation", "edge", "relation", "string", "the id of the relation the edge draws"),
    ("e_inference", "edge", "inference", "string", "its kind: supports, attacks or undercuts"),
    ("e_role", "edge", "role", "string", "`relation` (a simple relation's one edge), `premise` (into a junction) or `conclusion` (from a junction on)"),
    ("e_argument", "edge", "argument", "string", "the argument's id, when the relation is an argument"),
    ("e_status", "edge", "status", "string", "the relation's grounded label"),
]
NODE_GRAPHICS, EDGE_GRAPHICS, RESOURCES = "d_nodegraphics", "d_edgegraphics", "d_resources"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Line styles of yEd's y:LineStyle and y:BorderStyle, from the SVG's.
_YED_LINE = {None: "line", "dashed": "dashed", "dotted": "dotted"}
_YED_ARROW = {"normal": "standard", "tee": "t_shape", "diamond": "diamond"}


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: characters it forbids become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


class _Writer:
    """Elements written with an XML serializer into a buffer that is emptied piece by piece."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.xml = XMLGenerator(self.buffer, encoding="utf-8", short_empty_elements=True)
        self.depth = 0

    def _indent(self) -> None:
        self.xml.ignorableWhitespace("\n" + "  " * self.depth)

    def start(self, name: str, attributes: dict[str, str] | None = None) -> None:
        self._indent()
        self.xml.startElement(name, {key: xml_text(value) for key, value in (attributes or {}).items()})
        self.depth += 1

    def end(self, name: str, indent: bool = True) -> None:
        self.depth -= 1
        if indent:
            self._indent()
        self.xml.endElement(name)

    def leaf(self, name: str, attributes: dict[str, str] | None = None, text: str | None = None) -> None:
        self._indent()
        self.xml.startElement(name, {key: xml_text(value) for key, value in (attributes or {}).items()})
        if text:
            self.text(text)
        self.xml.endElement(name)

    def text(self, text: str) -> None:
        # A carriage return in element text would be read back as a line feed: write it as a
        # character reference (a fixed string, not user text).
        for number, part in enumerate(xml_text(text).split("\r")):
            if number:
                self.xml.ignorableWhitespace("&#13;")
            if part:
                self.xml.characters(part)

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


# --- labels and sizes ------------------------------------------------------------------------


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False) or [""]


_NARROW = frozenset("iljtf.,;:'!|()[]{} ")
_WIDE = frozenset("mwMW@%")


def text_width(line: str, size: float) -> float:
    """An estimate of a line's width in pixels in yEd's default font at a font size."""
    units = 0.0
    for char in line:
        if char in _NARROW:
            units += 0.34
        elif char in _WIDE:
            units += 0.95
        elif char.isupper() or char.isdigit():
            units += 0.72
        else:
            units += 0.6
    return units * size


@dataclass
class _Label:
    text: str
    size: int
    style: str = "plain"
    colour: str = "#1A1A1A"
    position: str = "c"
    alignment: str = "left"

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def width(self) -> float:
        bold = 1.08 if "bold" in self.style else 1.0
        return max(text_width(line, self.size) for line in self.lines) * bold + 4

    @property
    def height(self) -> float:
        return len(self.lines) * round(self.size * 1.25 + 0.5) + 4


def _shown(text: str) -> str:
    """A label's text as yEd shows it: never read as HTML (yEd reads a label that starts
    with ``<html>`` as HTML; a leading space keeps it text)."""
    return " " + text if text.startswith("<") else text


@dataclass
class _Box:
    """A drawn node: its shape, colours and labels, and its size from them."""

    shape: str
    fill: str
    border: str
    border_width: float
    border_type: str
    labels: list[_Label] = field(default_factory=list)
    fixed: tuple[float, float] | None = None

    @property
    def size(self) -> tuple[float, float]:
        if self.fixed is not None:
            return self.fixed
        width = max((label.width for label in self.labels), default=0) + 16
        # The text is centred: room above and below it for the taller of the top and bottom labels.
        centre = sum(label.height for label in self.labels if label.position == "c")
        edges = max((label.height for label in self.labels if label.position != "c"), default=0)
        return round(width), round(centre + 2 * edges + 8)


def _node_box(node_type: str, record: Claim | Evidence, thesis: bool, node_id: str, asserted_by: str | None) -> _Box:
    if node_type == "claim":
        box = _Box("roundrectangle", IMPLICIT_FILL if record.implicit else THESIS_FILL if thesis else CLAIM_FILL, BLUE, 3.2 if thesis else 1.2, "line")
    else:
        box = _Box("rectangle", IMPLICIT_FILL if record.implicit else EVIDENCE_FILL, ORANGE, 3.2 if thesis else 1.2, "line")
    if record.implicit:
        box.border_type = "dashed"
    badge = ("THESIS" if thesis else node_type.upper()) + (f" · {record.kind.value}" if record.kind else "")
    if record.implicit:
        badge += " · implicit"
    style = "bold" if thesis else "italic" if record.implicit else "plain"
    text = "\n".join(_lines(record.text, WRAP - 4 if thesis else WRAP))
    footer = ([f"according to {' '.join(asserted_by.split())}"] if asserted_by else []) + [node_id]
    box.labels = [
        _Label(_shown(text), 15 if thesis else 12, style),
        _Label(badge, 9, "bold", BLUE if node_type == "claim" else "#9A6700", "t"),
        _Label("\n".join(footer), 8, "plain", GREY, "b"),
    ]
    return box


def _junction_box(relation: Relation, argument: Argument | None) -> _Box:
    line = LINES[relation.kind]
    if argument is None or not (argument.scheme or argument.text):
        return _Box("ellipse", line.colour, line.colour, 1.0, "line", fixed=(10, 10))
    badge = "ARGUMENT" + (f" · {' '.join(argument.scheme.split())}" if argument.scheme else "")
    labels = [_Label(_shown("\n".join(_lines(argument.text, ARGUMENT_WRAP))), 10, "italic")] if argument.text else []
    labels += [_Label("\n".join(_lines(badge, ARGUMENT_WRAP)), 8, "bold", line.ink, "t"), _Label(relation.id, 8, "plain", GREY, "b")]
    return _Box("roundrectangle", JUNCTION_FILL, line.colour, 1.4, "line", labels)


# --- layout ----------------------------------------------------------------------------------

#: Space between layers and between neighbours in a layer, in pixels.
LAYER_GAP, NEIGHBOUR_GAP = 70.0, 24.0


def layout(order: list[str], successors: dict[str, list[str]], sizes: dict[str, tuple[float, float]], direction: str) -> dict[str, tuple[float, float]]:
    """Top-left corners of the drawn nodes: each in the layer of its longest path to a node
    that bears on nothing (a thesis is in layer 0), layers ordered by the mean place of what
    each node bears on, laid out in the diagram's direction. Deterministic; cycles are cut
    where a walk first meets them."""
    layer: dict[str, int] = {}
    for start in order:
        if start in layer:
            continue
        # An iterative depth-first walk: a node's layer is one more than its successors' highest.
        stack: list[tuple[str, int]] = [(start, 0)]
        on_path = {start}
        while stack:
            current, index = stack[-1]
            following = successors.get(current, [])
            if index < len(following):
                stack[-1] = (current, index + 1)
                nxt = following[index]
                if nxt not in layer and nxt not in on_path:
                    stack.append((nxt, 0))
                    on_path.add(nxt)
                continue
            stack.pop()
            on_path.discard(current)
            layer[current] = 1 + max((layer[n] for n in following if n in layer), default=-1)
    layers: dict[int, list[str]] = {}
    for element in order:
        layers.setdefault(layer[element], []).append(element)
    place: dict[str, float] = {}
    for number in sorted(layers):
        members = layers[number]
        if number:
            def mean(element: str) -> float:
                known = [place[n] for n in successors.get(element, []) if n in place]
                return sum(known) / len(known) if known else float("inf")

            members.sort(key=mean)  # stable: file order among equals
        for index, element in enumerate(members):
            place[element] = index
    across = direction in ("BT", "TB")  # layers are rows; otherwise columns
    positions: dict[str, tuple[float, float]] = {}
    offset = 0.0
    count = max(layers, default=-1) + 1
    for step in range(count):
        number = count - 1 - step if direction in ("TB", "LR") else step
        members = layers.get(number, [])
        depth = max((sizes[m][1] if across else sizes[m][0] for m in members), default=0.0)
        along = 0.0
        for element in members:
            width, height = sizes[element]
            if across:
                positions[element] = (along, offset + (depth - height) / 2)
                along += width + NEIGHBOUR_GAP
            else:
                positions[element] = (offset + (depth - width) / 2, along)
                along += height + NEIGHBOUR_GAP
        offset += depth + LAYER_GAP
    return positions


# --- data --------------------------------------------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _passages(resolution: Resolution, anchors: list[QuoteAnchor]) -> list[dict[str, Any]]:
    passages = []
    for anchor in anchors:
        item: dict[str, Any] = {"source": anchor.source_id, "quote": anchor.quote}
        for key in ("prefix", "suffix", "occurrence"):
            if getattr(anchor, key) is not None:
                item[key] = getattr(anchor, key)
        located = resolution.located(anchor)
        if located is not None:
            _document, span, position = located
            item.update(start=span.start, end=span.end, line=position.line)
        passages.append(item)
    return passages


def _description(text: str | None, asserted_by: str | None, passages: list[dict[str, Any]], note: str | None) -> str:
    parts = [text] if text else []
    if asserted_by:
        parts.append(f"Asserted by: {asserted_by}")
    for passage in passages:
        where = f" ({passage['source']}, line {passage['line']})" if "line" in passage else ""
        parts.append(f"“{' '.join(passage['quote'].split())}”{where}")
    if note:
        parts.append(f"Note: {note}")
    return "\n\n".join(parts)


def _relation_words(relation: Relation) -> str:
    if relation.argument is None:
        return relation.id
    return f"argument {relation.argument}: {', '.join(relation.sources)} together {relation.kind[:-1]} {relation.target}"


# --- writing -----------------------------------------------------------------------------------


def _write_box(out: _Writer, box: _Box, position: tuple[float, float]) -> None:
    out.start("data", {"key": NODE_GRAPHICS})
    out.start("y:ShapeNode")
    width, height = box.size
    out.leaf("y:Geometry", {"height": f"{height:.1f}", "width": f"{width:.1f}", "x": f"{position[0]:.1f}", "y": f"{position[1]:.1f}"})
    out.leaf("y:Fill", {"color": box.fill, "transparent": "false"})
    out.leaf("y:BorderStyle", {"color": box.border, "raised": "false", "type": box.border_type, "width": f"{box.border_width:.1f}"})
    for label in box.labels:
        attributes = {
            "alignment": label.alignment,
            "autoSizePolicy": "content",
            "fontFamily": FONT,
            "fontSize": str(label.size),
            "fontStyle": label.style,
            "hasBackgroundColor": "false",
            "hasLineColor": "false",
            "height": f"{label.height:.1f}",
            "horizontalTextPosition": "center",
            "iconTextGap": "4",
            "modelName": "internal",
            "modelPosition": label.position,
            "textColor": label.colour,
            "verticalTextPosition": "bottom",
            "visible": "true",
            "width": f"{label.width:.1f}",
        }
        out.start("y:NodeLabel", attributes)
        out.text(label.text)
        out.end("y:NodeLabel", indent=False)
    out.leaf("y:Shape", {"type": box.shape})
    out.end("y:ShapeNode")
    out.end("data")


def _write_data(out: _Writer, data: list[tuple[str, Any]]) -> None:
    for key, value in data:
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif not isinstance(value, str):
            value = _json(value) if isinstance(value, (list, dict)) else str(value)
        out.leaf("data", {"key": key}, value)


def _write_edge(out: _Writer, number: int, source: str, target: str, relation: Relation, role: str, status: str | None) -> None:
    line = LINES[relation.kind]
    out.start("edge", {"id": f"e{number}", "source": source, "target": target})
    _write_data(out, [("e_relation", relation.id), ("e_inference", relation.kind), ("e_role", role), ("e_argument", relation.argument), ("e_status", status)])
    out.start("data", {"key": EDGE_GRAPHICS})
    out.start("y:PolyLineEdge")
    out.leaf("y:Path", {"sx": "0.0", "sy": "0.0", "tx": "0.0", "ty": "0.0"})
    out.leaf("y:LineStyle", {"color": line.colour, "type": _YED_LINE[line.style], "width": line.penwidth})
    out.leaf("y:Arrows", {"source": "none", "target": _YED_ARROW[line.arrowhead] if role != "premise" else "none"})
    out.leaf("y:BendStyle", {"smoothed": "true"})
    out.end("y:PolyLineEdge")
    out.end("data")
    out.end("edge")


def write(loaded: LoadedMap) -> Iterator[str]:
    """The map as yEd GraphML, in pieces; the same map gives the same text."""
    model = loaded.records
    if model is None:
        raise ExportError(f"{loaded.display_path}: the map has format errors and cannot be exported")
    graph = loaded.graph
    resolution = resolve(loaded)
    labelling = grounded_labelling(loaded)
    theses = graph.theses
    relations = graph.complete
    direction = resolve_direction(graph, "auto")

    def status(labels: dict[str, Any], key: str) -> str | None:
        found = labels.get(key)
        return found.value if found is not None else None

    def agent_name(agent_id: str | None) -> str | None:
        if agent_id is None:
            return None
        agent = model.agents.get(agent_id)
        return agent.name if agent is not None else agent_id

    # What is drawn: every node, and a junction for every argument and every undercut relation.
    undercut = {relation.target for relation in relations if relation.kind == "undercuts"}
    junctions = {relation.id: f"junction:{number}" for number, relation in enumerate((r for r in relations if r.linked or r.id in undercut), start=1)}
    boxes: dict[str, _Box] = {}
    for node_id, node in graph.nodes.items():
        boxes[node_id] = _node_box(node.type, node.record, node_id in theses and node.type == "claim", node_id, agent_name(node.record.asserted_by))
    for relation in relations:
        if relation.id in junctions:
            argument = model.arguments.get(relation.argument) if relation.argument is not None else None
            boxes[junctions[relation.id]] = _junction_box(relation, argument)
    successors: dict[str, list[str]] = {}
    for relation in relations:
        end = junctions[relation.target] if relation.kind == "undercuts" else relation.target
        junction = junctions.get(relation.id)
        if junction is not None:
            for source in relation.sources:
                successors.setdefault(source, []).append(junction)
            successors.setdefault(junction, []).append(end)
        else:
            successors.setdefault(relation.sources[0], []).append(end)
    positions = layout(list(boxes), successors, {element: box.size for element, box in boxes.items()}, direction)

    out = _Writer()
    out.xml.startDocument()
    out.xml.startElement("graphml", {"xmlns": NS_GRAPHML, "xmlns:xsi": NS_XSI, "xmlns:y": NS_Y, "xsi:schemaLocation": SCHEMA_LOCATION})
    out.depth = 1
    for key_id, target, name, kind, _doc in GRAPH_KEYS + NODE_KEYS + EDGE_KEYS:
        out.leaf("key", {"id": key_id, "for": target, "attr.name": name, "attr.type": kind})
    out.leaf("key", {"id": NODE_GRAPHICS, "for": "node", "yfiles.type": "nodegraphics"})
    out.leaf("key", {"id": EDGE_GRAPHICS, "for": "edge", "yfiles.type": "edgegraphics"})
    out.leaf("key", {"id": RESOURCES, "for": "graphml", "yfiles.type": "resources"})
    out.start("graph", {"id": "G", "edgedefault": "directed"})
    sources = {}
    for source_id, source in model.sources.items():
        entry = {key: getattr(source, key) for key in ("path", "title", "author", "published", "publisher", "url") if getattr(source, key) is not None}
        entry["sha256"] = resolution.sources[source_id].sha256 if source_id in resolution.sources else source.sha256
        sources[source_id] = entry
    agents = {
        agent_id: {key: value for key, value in (("name", agent.name), ("type", agent.type.value if agent.type else None), ("note", agent.note)) if value is not None}
        for agent_id, agent in model.agents.items()
    }
    _write_data(out, [("g_argmap", model.argmap), ("g_title", model.title), ("g_description", model.description), ("g_sources", sources), ("g_agents", agents)])
    yield out.take()

    for node_id, node in graph.nodes.items():
        record = node.record
        passages = _passages(resolution, resolution.of_node(node_id))
        asserted_by = agent_name(record.asserted_by)
        out.start("node", {"id": node_id})
        _write_data(
            out,
            [
                ("n_id", node_id),
                ("n_type", node.type),
                ("n_kind", record.kind.value if record.kind else None),
                ("n_text", record.text),
                ("n_thesis", node_id in theses and node.type == "claim"),
                ("n_implicit", record.implicit),
                ("n_tags", list(record.tags)),
                ("n_quote", passages),
                ("n_note", record.note),
                ("n_asserted_by", record.asserted_by),
                ("n_group", record.group),
                ("n_expect", record.expect.value if record.expect else None),
                ("n_status", status(labelling.nodes, node_id)),
                ("n_description", _description(record.text, asserted_by, passages, record.note)),
            ],
        )
        _write_box(out, boxes[node_id], positions[node_id])
        out.end("node")
        yield out.take()

    for relation in relations:
        junction = junctions.get(relation.id)
        if junction is None:
            continue
        argument = model.arguments.get(relation.argument) if relation.argument is not None else None
        passages = _passages(resolution, resolution.of_node(relation.id)) if argument is not None else []
        out.start("node", {"id": junction})
        data: list[tuple[str, Any]] = [
            ("n_id", relation.id),
            ("n_type", "argument" if argument is not None else "junction"),
            ("n_inference", relation.kind),
            ("n_premises", list(relation.sources)),
            ("n_target", relation.target),
            ("n_status", status(labelling.relations, relation.id)),
        ]
        if argument is not None:
            data += [
                ("n_text", argument.text),
                ("n_scheme", argument.scheme),
                ("n_tags", list(argument.tags)),
                ("n_quote", passages),
                ("n_note", argument.note),
                ("n_expect", argument.expect.value if argument.expect else None),
            ]
        described = [_relation_words(relation)]
        if argument is not None:
            described += [f"Scheme: {argument.scheme}"] if argument.scheme else []
            described += [argument.text] if argument.text else []
        data.append(("n_description", _description("\n\n".join(described), None, passages, argument.note if argument is not None else None)))
        _write_data(out, data)
        _write_box(out, boxes[junction], positions[junction])
        out.end("node")
        yield out.take()

    number = 0
    for count, relation in enumerate(relations, start=1):
        label = status(labelling.relations, relation.id)
        end = junctions[relation.target] if relation.kind == "undercuts" else relation.target
        junction = junctions.get(relation.id)
        if junction is not None:
            for source in relation.sources:
                _write_edge(out, number, source, junction, relation, "premise", label)
                number += 1
            _write_edge(out, number, junction, end, relation, "conclusion", label)
        else:
            _write_edge(out, number, relation.sources[0], end, relation, "relation", label)
        number += 1
        if count % 256 == 0:
            yield out.take()

    out.end("graph")
    out.start("data", {"key": RESOURCES})
    out.leaf("y:Resources")
    out.end("data")
    out.depth = 0
    out._indent()
    out.xml.endElement("graphml")
    out.xml.ignorableWhitespace("\n")
    out.xml.endDocument()
    yield out.take()
