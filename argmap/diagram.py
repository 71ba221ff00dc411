"""Render a map as a diagram: DOT built in Python, laid out by Graphviz.

Building the DOT text is pure and deterministic; running ``dot`` happens in
:func:`run_graphviz` only. Every render carries a digest of what it was made
from (the map's content, its sources' bytes and the render settings), so that
``argmap check`` can tell a stale render from a fresh one without comparing
bytes that another Graphviz version would lay out differently.

What is drawn comes from the map's argument graph (``loaded.graph``): its
theses, its complete relations and the links between nodes; nothing is
derived here a second time.

The visual language (documented in docs/format.md):
- claims are rounded boxes (blue border), evidence square boxes (orange border);
- the thesis has a thick border and a THESIS badge; implicit premises a dashed border;
- supports: solid bluish-green line, filled arrowhead; attacks: dashed vermillion line,
  flat "tee" head; undercuts: dotted reddish-purple line, diamond head, ending on
  the inference it attacks;
- an argument (linked premises) is a junction: each premise joins it with a line
  without a head, and one line in the style of the argument's kind goes on to
  the conclusion. The junction is a small dot, or a small rounded box when the
  argument has a scheme or a text. A simple relation that is undercut is drawn
  through a dot of its own, where the undercut ends;
- with ``status``, every node and junction shows its grounded label as a word and
  a symbol (✓ accepted, ✗ rejected, ? undecided); rejected nodes are greyed.
Relations and node borders use the Okabe-Ito palette (safe for colour-blind
readers), and line style and arrowhead alone tell the relations apart in
greyscale; the small badge and attribution texts use darker tones of the same
hues, for contrast.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
import struct
import textwrap
import zlib
from dataclasses import dataclass
from html import escape as escape_html
from typing import TYPE_CHECKING, Any

from .choices import CLUSTER_BY, DIRECTIONS, ENGINES, LABELS
from .dotlang import Digraph, Html
from .graph import ArgumentGraph, Relation
from .kinds import Label
from .loader import LoadedMap
from .problems import Location, Problem, closest
from .provenance import QuoteAnchor, Resolution, resolve
from .records import ArgMap, Claim, Evidence, as_written

if TYPE_CHECKING:
    from .evaluation import Labelling

#: Bump when the look of renders changes, so that committed renders go stale on purpose.
RENDER_STYLE = "argmap-render-2"
DIGEST_MARK = "argmap-digest:"
#: Not a slug, so no node id can take the legend's place.
LEGEND_NODE = "argmap legend"
#: Junctions are named after their relation with this prefix: a name with a space, so no node id can take it.
JUNCTION_NODE = "argmap junction "

FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#666666"
CLAIM_FILL, THESIS_FILL, EVIDENCE_FILL, IMPLICIT_FILL = "#EAF3FB", "#CFE5F7", "#FFF4DC", "#FFFFFF"
JUNCTION_FILL = "#FFFFFF"
#: Rejected nodes (with `status`): greyed fill, border and text.
REJECTED_FILL, REJECTED_LINE, REJECTED_TEXT = "#EFEFEF", "#A3A3A3", "#6E6E6E"


class RenderError(Exception):
    """Rendering failed: Graphviz is missing or failed, or the map cannot be rendered.

    ``code`` is the problem code (AM503-AM506) when the failure is one users can act on
    through the map or the settings; ``hint`` says how."""

    def __init__(self, message: str, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint

    def problem(self, where: str) -> Problem | None:
        """The failure as a problem of the map at ``where``, when it has a code."""
        return Problem(self.code, str(self), Location(where), hint=self.hint) if self.code else None


#: Above this many drawn nodes, `dot` gets settings for speed over polish.
LARGE_MAP_NODES = 2000
#: Most nodes without incoming relations (the widest layer, roughly) for a top-down layout.
AUTO_MAX_LEAVES = 8


@dataclass(frozen=True)
class RenderOptions:
    """How to draw a map. Every field takes part in the render digest."""

    direction: str = "auto"
    wrap: int = 34
    engine: str = "dot"
    labels: str = "both"
    cluster_by: str | None = None
    focus: str | None = None
    depth: int = 1
    tag: str | None = None
    #: Show each node's and inference's grounded label (argmap/evaluation.py).
    status: bool = False

    def __post_init__(self) -> None:
        for value, allowed, name in ((self.direction, DIRECTIONS, "direction"), (self.engine, ENGINES, "engine"), (self.labels, LABELS, "labels")):
            if value not in allowed:
                raise RenderError(f"unknown {name} {value!r}; choose one of {', '.join(allowed)}")
        if self.cluster_by is not None and self.cluster_by not in CLUSTER_BY:
            raise RenderError(f"unknown cluster key {self.cluster_by!r}; choose one of {', '.join(CLUSTER_BY)}")
        if self.depth < 0 or self.wrap < 8:
            raise RenderError("depth must be 0 or more and wrap 8 or more")

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def render_digest(loaded: LoadedMap, options: RenderOptions) -> str:
    """What a render depends on: map content, source bytes, settings, style version."""
    if loaded.records is None:
        raise RenderError(f"{loaded.display_path}: the map has format errors and cannot be rendered")
    cache_key = ("render-digest", options)
    if cache_key in loaded.cache:  # `check` asks once per committed render of the same map
        return loaded.cache[cache_key]
    hasher = hashlib.sha256()
    # Pins are left out: the sources' actual bytes are hashed below, and pinning
    # a map must not make its renders stale.
    settings = {"style": RENDER_STYLE, "options": options.as_dict()}
    hasher.update(json.dumps(settings, sort_keys=True).encode("utf-8"))
    # The map's keys keep their order: the order of nodes changes the layout.
    content = as_written(loaded.records)
    for source in content.get("sources", {}).values():
        source.pop("sha256", None)
    hasher.update(json.dumps(content, ensure_ascii=False).encode("utf-8"))
    for source_id, source in sorted(resolve(loaded).sources.items()):
        hasher.update(f"\0source:{source_id}:{source.sha256}".encode())
    loaded.cache[cache_key] = hasher.hexdigest()
    return loaded.cache[cache_key]


# --- building DOT ----------------------------------------------------------------------------


def resolve_direction(graph: ArgumentGraph, direction: str) -> str:
    """The Graphviz rankdir for a direction option, deciding `auto` from the map's shape."""
    if direction != "auto":
        return direction
    incoming = graph.incoming
    leaves = sum(1 for node_id in graph.nodes if node_id not in incoming)
    return "BT" if leaves <= AUTO_MAX_LEAVES else "RL"


@dataclass(frozen=True)
class _Line:
    """How a relation of one kind is drawn; line style and head tell the kinds apart without colour."""

    colour: str
    #: A darker tone of the colour, for text.
    ink: str
    style: str | None
    penwidth: str
    arrowhead: str
    arrowsize: str | None = None


LINES: dict[str, _Line] = {
    "supports": _Line(GREEN, "#00704F", None, "1.5", "normal"),
    "attacks": _Line(VERMILLION, "#A04400", "dashed", "1.8", "tee"),
    "undercuts": _Line(PURPLE, "#8E3F6C", "dotted", "2.5", "diamond", "1.1"),
}

#: With `status`: each label's symbol and word, and the tone they are written in.
STATUS_MARKS: dict[Label, tuple[str, str, str]] = {
    Label.ACCEPTED: ("✓", "ACCEPTED", "#00704F"),
    Label.REJECTED: ("✗", "REJECTED", "#A04400"),
    Label.UNDECIDED: ("?", "UNDECIDED", "#6B5300"),
}


def element_keys(graph: ArgumentGraph) -> dict[str, str]:
    """Relation id → the key of its drawn elements: ``edge-KEY`` (the line that reaches the
    target), ``junction-KEY`` and ``edge-KEY~SOURCE`` (a source's line into the junction).

    A key is the relation's words joined by hyphens (``a-supports-b``, an argument's id), as
    the diagram's edge ids have always been. Ids are slugs, so when two relations would get
    one key that way, they are joined by ``~`` instead, which no id contains: keys stay unique,
    and hold only characters that are safe in SVG ids, URLs and CSS selectors."""
    readable = {relation_id: relation_id.replace(" ", "-") for relation_id in graph.relations}
    counts: dict[str, int] = {}
    for key in readable.values():
        counts[key] = counts.get(key, 0) + 1
    return {relation_id: key if counts[key] == 1 else relation_id.replace(" ", "~") for relation_id, key in readable.items()}


def graph_name(file_stem: str) -> str:
    """The DOT name of a map's graph (shown as the SVG's title): its file name, with every
    character other than letters, digits, ``-``, ``_``, ``.`` and spaces made ``_``, so that
    no file name can carry markup, DOT syntax, escapes or bytes that are not text."""
    return "".join(c if c.isalnum() or c in "-_. " else "_" for c in file_stem) or "map"


def junction_name(relation_id: str) -> str:
    """The DOT name of a relation's junction (not a slug: no node can take it)."""
    return JUNCTION_NODE + relation_id


def escape(text: str) -> str:
    """User text for an HTML-like label: HTML-escaped, and every backslash doubled, since
    Graphviz reads `\\N`, `\\G`... (the node's or graph's name) even inside HTML labels."""
    return escape_html(text).replace("\\", "\\\\")


def _wrap(text: str, width: int) -> str:
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False) or [""]
    return '<BR ALIGN="LEFT"/>'.join(escape(line) for line in lines) + '<BR ALIGN="LEFT"/>'


def _status_badge(label: Label | None) -> str:
    """The status mark for a badge row: a symbol and a word, so that colour is not needed."""
    if label is None:
        return ""
    symbol, word, ink = STATUS_MARKS[label]
    return f'<FONT POINT-SIZE="8" COLOR="{ink}"><B>  {symbol} {word}</B></FONT>'


def _node_label(
    node_id: str, node_type: str, node: Claim | Evidence, is_thesis: bool, options: RenderOptions, asserted_by: str | None = None, status: Label | None = None
) -> Html:
    wrap = options.wrap
    badge = ("THESIS" if is_thesis else node_type.upper()) + (f" · {node.kind.value}" if node.kind else "")
    if node.implicit:
        badge += " · implicit"
    size = 15 if is_thesis else 12
    text = _wrap(node.text, wrap - 4 if is_thesis else wrap)
    text_cell = f'<FONT POINT-SIZE="{size}">{"<B>" + text + "</B>" if is_thesis else text}</FONT>'
    if status is Label.REJECTED:
        text_cell = f'<FONT COLOR="{REJECTED_TEXT}">{text_cell}</FONT>'
    if node.implicit:
        text_cell = f"<I>{text_cell}</I>"
    badge_colour = BLUE if node_type == "claim" else "#9A6700"
    attribution = ""
    if asserted_by:
        attribution = f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="#6A3D9A"><I>{escape("according to " + asserted_by)}</I></FONT></TD></TR>'
    badge_row = f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="{badge_colour}"><B>{escape(badge)}</B></FONT>{_status_badge(status)}</TD></TR>'
    id_row = f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="7" COLOR="{GREY}">{escape(node_id)}</FONT></TD></TR>'
    if options.labels == "id":
        body = f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{size}">{escape(node_id)}</FONT></TD></TR>'
        id_row = ""
    else:
        body = f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{text_cell}</TD></TR>{attribution}'
        if options.labels == "text":
            id_row = ""
    return Html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + badge_row + body + id_row + "</TABLE>")


def _agent_name(model: ArgMap, agent_id: str | None) -> str | None:
    if agent_id is None:
        return None
    agent = model.agents.get(agent_id)
    return agent.name if agent else agent_id


def _passages(resolution: Resolution, anchors: list[QuoteAnchor]) -> list[str]:
    parts = []
    for anchor in anchors:
        located = resolution.located(anchor)
        where = ""
        if located is not None:
            _document, _span, position = located
            where = f" ({anchor.source_id}, line {position.line}, sentence {position.sentence})"
        parts.append(f"“{' '.join(anchor.quote.split())}”{where}")
    return parts


def _status_words(status: Label | None) -> list[str]:
    return [] if status is None else [f"Status (grounded): {status.value}"]


def _tooltip(resolution: Resolution, node_id: str, node: Claim | Evidence, asserted_by: str | None, status: Label | None = None) -> str:
    parts = [node.text]
    if asserted_by:
        parts.append(f"Asserted by: {asserted_by}")
    parts.extend(_passages(resolution, resolution.of_node(node_id)))
    if node.implicit:
        parts.append("(implicit: reconstructed, not stated in the text)")
    if node.note:
        parts.append(f"Note: {node.note}")
    parts.extend(_status_words(status))
    return "\n\n".join(parts)


@dataclass(frozen=True)
class _Drawn:
    """What a diagram shows, for its legend."""

    kinds: frozenset[str]
    arguments: bool
    junctions: bool
    statuses: frozenset[Label]


def _legend(graph: ArgumentGraph, shown: set[str], drawn: _Drawn) -> Html:
    """A legend of just what the diagram shows."""
    nodes = [node for node_id, node in graph.nodes.items() if node_id in shown]
    rows = []
    if graph.theses & shown:
        rows.append(f'<TR><TD BGCOLOR="{THESIS_FILL}" COLOR="{BLUE}" BORDER="3" STYLE="rounded" WIDTH="34"> </TD><TD ALIGN="LEFT">thesis</TD></TR>')
    if any(node.type == "claim" for node in nodes):
        rows.append(f'<TR><TD BGCOLOR="{CLAIM_FILL}" COLOR="{BLUE}" BORDER="1" STYLE="rounded" WIDTH="34"> </TD><TD ALIGN="LEFT">claim</TD></TR>')
    if any(node.type == "evidence" for node in nodes):
        rows.append(f'<TR><TD BGCOLOR="{EVIDENCE_FILL}" COLOR="{ORANGE}" BORDER="1" WIDTH="34"> </TD><TD ALIGN="LEFT">evidence</TD></TR>')
    if any(node.record.implicit for node in nodes):
        rows.append(f'<TR><TD BGCOLOR="{IMPLICIT_FILL}" COLOR="{BLUE}" BORDER="1" STYLE="dashed" WIDTH="34"> </TD><TD ALIGN="LEFT">implicit premise</TD></TR>')
    if "supports" in drawn.kinds:
        rows.append(f'<TR><TD><FONT COLOR="{GREEN}"><B>───▶</B></FONT></TD><TD ALIGN="LEFT">supports</TD></TR>')
    if "attacks" in drawn.kinds:
        rows.append(f'<TR><TD><FONT COLOR="{VERMILLION}"><B>- - -┤</B></FONT></TD><TD ALIGN="LEFT">attacks</TD></TR>')
    if "undercuts" in drawn.kinds:
        rows.append(f'<TR><TD><FONT COLOR="{LINES["undercuts"].ink}"><B>·····◆</B></FONT></TD><TD ALIGN="LEFT" BALIGN="LEFT">undercuts: denies an inference,<BR/>ends on its junction</TD></TR>')
    if drawn.arguments:
        rows.append(f'<TR><TD><FONT COLOR="{GREY}"><B>──●─</B></FONT></TD><TD ALIGN="LEFT" BALIGN="LEFT">argument: premises that<BR/>hold only together</TD></TR>')
    elif drawn.junctions:
        rows.append(f'<TR><TD><FONT COLOR="{GREY}"><B>──●─</B></FONT></TD><TD ALIGN="LEFT">junction of an undercut inference</TD></TR>')
    for label in (Label.ACCEPTED, Label.REJECTED, Label.UNDECIDED):
        if label in drawn.statuses:
            symbol, word, ink = STATUS_MARKS[label]
            fill, line = (REJECTED_FILL, REJECTED_LINE) if label is Label.REJECTED else (CLAIM_FILL, BLUE)
            rows.append(
                f'<TR><TD BGCOLOR="{fill}" COLOR="{line}" BORDER="1" STYLE="rounded" WIDTH="34"><FONT COLOR="{ink}"><B>{symbol}</B></FONT></TD>'
                f'<TD ALIGN="LEFT">{word.lower()}{" (greyed)" if label is Label.REJECTED else ""}</TD></TR>'
            )
    return Html(
        '<TABLE BORDER="1" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2">'
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>' + "".join(rows) + "</TABLE>"
    )


@dataclass(frozen=True)
class Selection:
    """The nodes a diagram shows, and the caption that says what was left out."""

    shown: list[str]
    caption: str | None


def select_nodes(graph: ArgumentGraph, options: RenderOptions) -> Selection:
    """Apply --focus/--depth and --tag; every other node is counted as left out."""
    order = list(graph.nodes)
    keep = set(order)
    captions = []
    forward, backward = graph.node_links() if options.focus is not None or options.tag is not None else ({}, {})
    if options.focus is not None:
        if options.focus not in keep:
            close = closest(options.focus, order)
            raise RenderError(f"--focus: no node has the id {options.focus!r}" + (f"; did you mean {close!r}?" if close else ""))
        around = {node_id: set(forward[node_id]).union(backward[node_id]) - {node_id} for node_id in forward}
        reached = {options.focus}
        frontier = {options.focus}
        for _ in range(options.depth):
            frontier = {n for f in frontier for n in around[f]} - reached
            if not frontier:  # nothing further away: a depth beyond the map's size ends here
                break
            reached |= frontier
        keep &= reached
        captions.append(f"around {options.focus} (depth {options.depth})")
    if options.tag is not None:
        tagged = {node_id for node_id, node in graph.nodes.items() if options.tag in node.record.tags}
        if not tagged:
            raise RenderError(f"--tag: no node has the tag {options.tag!r}")
        between = _reach(tagged, forward) & _reach(tagged, backward)
        keep &= tagged | between
        captions.append(f"tag {options.tag}")
    shown = [node_id for node_id in order if node_id in keep]
    left_out = len(order) - len(shown)
    caption = None
    if captions:
        caption = f"{', '.join(captions)}: {len(shown)} of {len(order)} nodes shown, {left_out} left out"
    return Selection(shown, caption)


def _reach(starts: set[str], graph: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for nxt in graph[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def drawn_relations(graph: ArgumentGraph, shown: set[str]) -> list[Relation]:
    """The complete relations a diagram of these nodes draws, in file order: a support or
    attack whose target is shown, an undercut whose target relation is drawn, each with
    at least one source shown (an argument may lose premises to --focus or --tag)."""
    drawable = {
        relation.id: relation
        for relation in graph.complete
        if any(source in shown for source in relation.sources) and (relation.kind == "undercuts" or relation.target in shown)
    }
    return graph.without_dangling_undercuts(drawable)


def _node_attributes(
    loaded: LoadedMap, resolution: Resolution, node_id: str, typed: tuple[str, Claim | Evidence], is_thesis: bool, options: RenderOptions, status: Label | None
) -> dict[str, str]:
    node_type, node = typed
    model = loaded.records
    assert model is not None
    if node_type == "claim":
        style = "rounded,filled"
        fill = IMPLICIT_FILL if node.implicit else THESIS_FILL if is_thesis else CLAIM_FILL
        colour = BLUE
    else:
        style = "filled"
        fill, colour = EVIDENCE_FILL, ORANGE
    if status is Label.REJECTED:
        fill, colour = REJECTED_FILL, REJECTED_LINE
    asserted_by = _agent_name(model, node.asserted_by)
    return dict(
        label=_node_label(node_id, node_type, node, is_thesis, options, asserted_by, status),
        style=style + (",dashed" if node.implicit else ""),
        fillcolor=fill,
        color=colour,
        penwidth="3.2" if is_thesis else "1.2",
        tooltip=_tooltip(resolution, node_id, node, asserted_by, status),
        id=f"node-{node_id}",
        URL=f"#node-{node_id}",
    )


def _relation_words(relation: Relation) -> str:
    """A relation as a reader says it: ``a supports b``, or ``argument x: p, q together support b``."""
    if relation.argument is None:
        return relation.id
    return f"argument {relation.argument}: {', '.join(relation.sources)} together {relation.kind[:-1]} {relation.target}"


def _junction_attributes(
    loaded: LoadedMap, resolution: Resolution, relation: Relation, key: str, options: RenderOptions, status: Label | None
) -> dict[str, str]:
    """A relation's junction: a small dot, or for an argument with a scheme or a text a small box that shows them."""
    model = loaded.records
    assert model is not None
    line = LINES[relation.kind]
    argument = model.arguments.get(relation.argument) if relation.argument is not None else None
    tooltip = [_relation_words(relation)]
    if argument is not None:
        if argument.scheme:
            tooltip.append(f"Scheme: {argument.scheme}")
        if argument.text:
            tooltip.append(argument.text)
        tooltip.extend(_passages(resolution, resolution.of_node(relation.id)))
        if argument.note:
            tooltip.append(f"Note: {argument.note}")
    tooltip.extend(_status_words(status))
    attributes = dict(id=f"junction-{key}", URL=f"#junction-{key}", tooltip="\n\n".join(tooltip), color=line.colour)
    words = argument is not None and (argument.scheme or argument.text)
    if not words:
        if status is None:
            return dict(attributes, label="", shape="circle", style="filled", fillcolor=line.colour, width="0.13", height="0.13", fixedsize="true", penwidth="1")
        symbol, _word, ink = STATUS_MARKS[status]
        fill = REJECTED_FILL if status is Label.REJECTED else JUNCTION_FILL
        return dict(
            attributes, label=Html(f'<FONT COLOR="{ink}"><B>{symbol}</B></FONT>'), shape="circle", style="filled", fillcolor=fill,
            width="0.26", height="0.26", fixedsize="true", fontsize="11", penwidth="1.6",
        )
    assert argument is not None
    rows = []
    badge = "ARGUMENT" + (f" · {' '.join(argument.scheme.split())}" if argument.scheme else "")
    badge_lines = _wrap(badge, 30).removesuffix('<BR ALIGN="LEFT"/>')
    rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="7" COLOR="{line.ink}"><B>{badge_lines}</B></FONT>{_status_badge(status)}</TD></TR>')
    if options.labels == "id":
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">{escape(relation.id)}</FONT></TD></TR>')
    else:
        if argument.text:
            ink = f' COLOR="{REJECTED_TEXT}"' if status is Label.REJECTED else ""
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><I><FONT POINT-SIZE="9"{ink}>{_wrap(argument.text, max(12, options.wrap - 4))}</FONT></I></TD></TR>')
        if options.labels == "both":
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="7" COLOR="{GREY}">{escape(relation.id)}</FONT></TD></TR>')
    label = Html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + "".join(rows) + "</TABLE>")
    fill = REJECTED_FILL if status is Label.REJECTED else JUNCTION_FILL
    return dict(attributes, label=label, shape="box", style="rounded,filled", fillcolor=fill, margin="0.07,0.04", penwidth="1.4")


def _edge_style(line: _Line, head: bool) -> dict[str, str]:
    style = dict(color=line.colour, penwidth=line.penwidth, arrowhead=line.arrowhead if head else "none")
    if line.style:
        style["style"] = line.style
    if line.arrowsize and head:
        style["arrowsize"] = line.arrowsize
    return style


def _cluster_key(node: Claim | Evidence, cluster_by: str | None) -> str | None:
    if cluster_by == "group":
        return node.group
    if cluster_by == "tag":
        return node.tags[0] if node.tags else None
    return None


def build_dot(loaded: LoadedMap, options: RenderOptions | None = None) -> str:
    """The DOT text of a map's diagram; deterministic for the same map and options."""
    options = options or RenderOptions()
    model = loaded.records
    if model is None:
        raise RenderError(f"{loaded.display_path}: the map has format errors and cannot be rendered")
    graph = loaded.graph
    resolution = resolve(loaded)
    theses = graph.theses
    selection = select_nodes(graph, options)
    shown = set(selection.shown)
    nodes = {node_id: (graph.nodes[node_id].type, graph.nodes[node_id].record) for node_id in selection.shown}
    relations = drawn_relations(graph, shown)
    keys = element_keys(graph)
    labelling = _labelling(loaded) if options.status else None
    node_status = labelling.nodes if labelling is not None else {}
    relation_status = labelling.relations if labelling is not None else {}
    # A junction for every argument, and for every relation an undercut ends on.
    junctions = {relation.id for relation in relations if relation.linked}
    junctions.update(relation.target for relation in relations if relation.kind == "undercuts")

    title = f"<B>{escape(model.title)}</B>"
    if selection.caption:
        title += f'<BR/><FONT POINT-SIZE="12" COLOR="{GREY}">{escape(selection.caption)}</FONT>'
    dot = Digraph(graph_name(loaded.name))
    dot.attr(
        "graph",
        rankdir=resolve_direction(graph, options.direction),
        label=Html(title),
        labelloc="t",
        labeljust="c",
        fontname=FONT,
        fontsize="22",
        nodesep="0.25",
        ranksep="0.45",
        newrank="true",
        bgcolor="white",
        pad="0.3",
        tooltip=model.title,
        id="argmap",
    )
    if options.engine != "dot":
        dot.attr("graph", overlap="prism", splines="true", outputorder="edgesfirst")
    elif len(nodes) > LARGE_MAP_NODES:
        # Past a few thousand nodes nobody reads crossings one by one: trade the
        # crossing-minimisation and network-simplex iterations, and curved edges,
        # for a layout that finishes in seconds rather than minutes.
        dot.attr("graph", mclimit="0.01", nslimit="0.02", nslimit1="0.02", searchsize="10", remincross="false", splines="line")
    dot.attr("node", fontname=FONT, shape="box", margin="0.12,0.06", penwidth="1.2")
    dot.attr("edge", fontname=FONT, arrowsize="0.8")

    def draw_node(into: Digraph, node_id: str) -> None:
        into.node(node_id, **_node_attributes(loaded, resolution, node_id, nodes[node_id], node_id in theses, options, node_status.get(node_id)))

    clusters: dict[str, list[str]] = {}
    for node_id, (_type, node) in nodes.items():
        key = _cluster_key(node, options.cluster_by)
        if key is None:
            draw_node(dot, node_id)
        else:
            clusters.setdefault(key, []).append(node_id)
    for number, (key, members) in enumerate(sorted(clusters.items()), start=1):
        with dot.subgraph(f"cluster_{number}") as cluster:
            cluster.attr(label=Html(f"<B>{escape(key)}</B>"), style="rounded,dashed", color="#999999", fontsize="14", id=f"cluster-{number}")
            for node_id in members:
                draw_node(cluster, node_id)
    for relation in relations:
        if relation.id in junctions:
            dot.node(junction_name(relation.id), **_junction_attributes(loaded, resolution, relation, keys[relation.id], options, relation_status.get(relation.id)))
    for relation in relations:
        line = LINES[relation.kind]
        key = keys[relation.id]
        words = _relation_words(relation)
        end = junction_name(relation.target) if relation.kind == "undercuts" else relation.target
        if relation.id in junctions:
            for source in relation.sources:
                if source in shown:
                    role = f"{source}: premise of {words}" if relation.linked else words
                    dot.edge(source, junction_name(relation.id), **_edge_style(line, head=False), tooltip=role, id=f"edge-{key}~{source}")
            dot.edge(junction_name(relation.id), end, **_edge_style(line, head=True), tooltip=words, id=f"edge-{key}")
        else:
            dot.edge(relation.sources[0], end, **_edge_style(line, head=True), tooltip=words, id=f"edge-{key}")
    shown_theses = sorted(t for t in theses if t in nodes)
    if len(shown_theses) > 1 and options.engine == "dot" and options.cluster_by is None:
        with dot.subgraph("theses") as same_rank:
            same_rank.attr(rank="same")
            for node_id in shown_theses:
                same_rank.node(node_id)
    drawn = _Drawn(
        kinds=frozenset(relation.kind for relation in relations),
        arguments=any(relation.linked for relation in relations),
        junctions=bool(junctions),
        statuses=frozenset(node_status[n] for n in nodes if n in node_status) | frozenset(relation_status[r] for r in junctions if r in relation_status),
    )
    dot.node(LEGEND_NODE, label=_legend(graph, shown, drawn), shape="plain", fontsize="10", id="legend", tooltip="Legend")
    return dot.source


def drawn_size(loaded: LoadedMap, options: RenderOptions) -> tuple[int, int]:
    """How many nodes (boxes, junctions and the legend) and edges the diagram draws."""
    graph = loaded.graph
    shown = set(select_nodes(graph, options).shown)
    relations = drawn_relations(graph, shown)
    junctions = {relation.id for relation in relations if relation.linked}
    junctions.update(relation.target for relation in relations if relation.kind == "undercuts")
    edges = 0
    for relation in relations:
        edges += 1 + (sum(1 for source in relation.sources if source in shown) if relation.id in junctions else 0)
    return len(shown) + len(junctions) + 1, edges


def check_size(loaded: LoadedMap, options: RenderOptions) -> None:
    """Refuse (AM503) a diagram larger than the engine lays out in reasonable time (argmap/limits.py)."""
    from . import limits

    if loaded.records is None:
        raise RenderError(f"{loaded.display_path}: the map has format errors and cannot be rendered")
    nodes, edges = drawn_size(loaded, options)
    most_nodes, most_edges = limits.RENDER_MAX_NODES[options.engine], limits.RENDER_MAX_EDGES[options.engine]
    if nodes <= most_nodes and edges <= most_edges:
        return
    larger = [engine for engine in ENGINES if limits.RENDER_MAX_NODES[engine] >= nodes and limits.RENDER_MAX_EDGES[engine] >= edges]
    hint = "draw part of it with --focus ID --depth N or --tag TAG"
    if larger and options.engine not in larger:
        hint += f", or lay it out with --engine {larger[0]}"
    raise RenderError(
        f"the diagram has {nodes:,} nodes and {edges:,} edges, more than Graphviz's {options.engine} lays out "
        f"in reasonable time ({most_nodes:,} nodes, {most_edges:,} edges)",
        code="AM503",
        hint=hint + "; or write -f dot and run Graphviz yourself",
    )


def _labelling(loaded: LoadedMap) -> Labelling:
    from .exports import grounded_labelling  # the export and the diagram share one evaluation

    return grounded_labelling(loaded)


# --- running Graphviz -----------------------------------------------------------------------


def run_graphviz(dot_source: str, fmt: str, engine: str = "dot", timeout: float | None = None) -> bytes:
    """Lay out DOT text with the Graphviz executable, stopped after ``timeout`` seconds
    (argmap/limits.py); clear errors when it is missing, fails, crashes or runs out of time."""
    import signal
    import subprocess

    from . import limits

    seconds = limits.RENDER_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        done = subprocess.run(["dot", f"-K{engine}", f"-T{fmt}"], input=dot_source.encode("utf-8"), capture_output=True, timeout=seconds, check=False)
    except FileNotFoundError:
        raise RenderError(
            "Graphviz's `dot` was not found on PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz; "
            "macOS: brew install graphviz) or run `make render`, which installs it"
        ) from None
    except subprocess.TimeoutExpired:  # subprocess.run has killed it
        raise RenderError(
            f"Graphviz's {engine} did not finish laying out the diagram in {seconds:g} seconds and was stopped",
            code="AM504",
            hint="draw part of the map with --focus ID --depth N or --tag TAG, or use --engine dot",
        ) from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode < 0:
            try:
                why = signal.Signals(-done.returncode).name
            except ValueError:
                why = f"signal {-done.returncode}"
            stderr = f"it crashed ({why})" + (f": {stderr[-500:]}" if stderr else "")
        raise RenderError(
            f"Graphviz's {engine} failed: {stderr[-1000:] or f'exit status {done.returncode}'}",
            code="AM506",
            hint="draw part of the map with --focus ID --depth N or --tag TAG, or try another --engine",
        )
    return done.stdout


def stamp_svg(svg: bytes, digest: str) -> bytes:
    marker = f"<!-- {DIGEST_MARK} {digest} -->\n".encode()
    head, sep, rest = svg.partition(b"?>\n")
    return head + sep + marker + rest if sep else marker + svg


def stamp_png(png: bytes, digest: str) -> bytes:
    """Add a tEXt chunk with the digest right after the PNG header chunk."""
    signature, ihdr_end = png[:8], 8 + 8 + 13 + 4
    payload = b"argmap-digest\0" + digest.encode()
    chunk = struct.pack(">I", len(payload)) + b"tEXt" + payload + struct.pack(">I", zlib.crc32(b"tEXt" + payload) & 0xFFFFFFFF)
    return signature + png[8:ihdr_end] + chunk + png[ihdr_end:]


def stamp_dot(dot_source: str, digest: str) -> bytes:
    return f"// {DIGEST_MARK} {digest}\n{dot_source}".encode()


def render_stamp(digest: str, options: RenderOptions) -> str:
    """What a render carries: its digest, and its settings when they are not the defaults,
    so that `argmap check` can recompute the digest of a render made with other settings."""
    if options == RenderOptions():
        return digest
    settings = json.dumps(options.as_dict(), sort_keys=True, separators=(",", ":")).encode()
    return f"{digest} options={base64.b64encode(settings).decode('ascii')}"


#: Bounded everywhere, so that no content makes the search backtrack.
_STAMP = re.compile(rb"argmap-digest(?:: {0,4}|\0)([0-9a-f]{64})(?: options=([A-Za-z0-9+/=]{1,8192}))?")


def read_stamp(data: bytes) -> tuple[str, RenderOptions] | None:
    """The digest a render was stamped with and the settings it was made with, if any.
    Every format carries its stamp near its start, so only the first bytes are searched
    (argmap/limits.py: RENDER_STAMP_WINDOW_BYTES)."""
    from . import limits

    found = _STAMP.search(data, 0, limits.RENDER_STAMP_WINDOW_BYTES)
    if found is None:
        return None
    digest, encoded = found.group(1).decode("ascii"), found.group(2)
    if encoded is None:
        return digest, RenderOptions()
    try:
        settings = json.loads(base64.b64decode(encoded, validate=True))
        return digest, RenderOptions(**settings)
    except (ValueError, TypeError, RenderError):
        return None


def read_digest(data: bytes) -> str | None:
    """The digest a render was stamped with, if any."""
    stamp = read_stamp(data)
    return stamp[0] if stamp else None
