"""Draw a diff: the new map with what was removed from the old one, every change marked.

The drawing is the union of both maps: every node and complete relation of the
new map, and those of the old map that are gone. Each change is marked three
ways, so that neither colour nor line style alone carries it:

- a badge in the label: ``+ ADDED``, ``− REMOVED``, ``~ CHANGED`` (with the fields
  that changed) and, for a node whose grounded label flipped, the old and new label;
- the border or line: thick for added, dashed for removed (with the text struck
  through), double for changed;
- the colour: bluish green for added, grey for removed, blue for changed (the
  Okabe-Ito hues of argmap/diagram.py); unchanged elements are drawn muted.

Relations keep the look of their kind (argmap/diagram.py: supports solid with a
filled head, attacks dashed with a flat head, undercuts dotted with a diamond),
with a ``+``, ``−`` or ``~`` word on the line when they changed.

Building the DOT text is pure (:func:`build_diff_dot`); :func:`render_diff` runs
Graphviz for an SVG, or wraps that SVG in a self-contained HTML page.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape as escape_page
from typing import TYPE_CHECKING

from .diagram import BLUE, FONT, GREY, JUNCTION_NODE, LINES, escape, resolve_direction, run_graphviz
from .dotlang import Digraph, Html
from .mapdiff import summary_line

if TYPE_CHECKING:
    from .graph import ArgumentGraph, GraphNode, Relation
    from .loader import LoadedMap
    from .mapdiff import MapDiff

#: The render formats of a diff, by file suffix.
DIFF_FORMATS = ("svg", "html")

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"
LEGEND_NODE = "argmap diff legend"


@dataclass(frozen=True)
class _Look:
    """How an element with one diff status is drawn."""

    badge: str
    ink: str  # badge and line-label text
    line: str  # border or line colour
    fill: str
    penwidth: str


LOOKS: dict[str, _Look] = {
    ADDED: _Look("+ ADDED", "#00704F", "#009E73", "#E3F5EC", "3.6"),
    REMOVED: _Look("− REMOVED", "#5E5E5E", "#9A9A9A", "#F0F0F0", "1.6"),
    CHANGED: _Look("~ CHANGED", "#005A8C", BLUE, "#E6F0FA", "1.6"),
    SAME: _Look("", GREY, "#8C8C8C", "#FFFFFF", "1.0"),
}


def _wrap(text: str, width: int) -> list[str]:
    return [escape(line) for line in textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False)] or [""]


def _lines(rows: list[str], tag: str = "") -> str:
    """Wrapped lines as one left-aligned cell, each line optionally inside ``tag`` (e.g. ``S``)."""
    if tag:
        rows = [f"<{tag}>{row}</{tag}>" for row in rows]
    return '<BR ALIGN="LEFT"/>'.join(rows) + '<BR ALIGN="LEFT"/>'


@dataclass(frozen=True)
class _Marks:
    """What the diff says about each element, by id."""

    nodes: dict[str, str]
    node_fields: dict[str, list[str]]
    old_text: dict[str, str]
    flips: dict[str, tuple[str, str]]
    renamed_from: dict[str, str]
    relations: dict[str, str]


def _marks(diff: MapDiff) -> _Marks:
    nodes = {entry.id: ADDED for entry in diff.nodes_added}
    nodes.update({entry.id: REMOVED for entry in diff.nodes_removed})
    fields: dict[str, list[str]] = {}
    old_text = {}
    for change in diff.nodes_changed:
        nodes[change.id] = CHANGED
        fields[change.id] = [f.field for f in change.fields]
        for f in change.fields:
            if f.field == "text":
                old_text[change.id] = f.old
    for quote in diff.quotes:
        if quote.owner not in nodes:
            nodes[quote.owner] = CHANGED
        fields.setdefault(quote.owner, []).append(f"quote {quote.change} in source")
    relations = {entry.id: ADDED for entry in diff.relations_added}
    relations.update({entry.id: REMOVED for entry in diff.relations_removed})
    relations.update({change.id: CHANGED for change in diff.relations_changed})
    flips = {flip.id: (flip.old, flip.new) for flip in diff.labels}
    renamed = {rename.new_id: rename.old_id for rename in diff.renames}
    return _Marks(nodes, fields, old_text, flips, renamed, relations)


def _node_label(node: GraphNode, status: str, marks: _Marks, wrap: int, is_thesis: bool) -> Html:
    look = LOOKS[status]
    record = node.record
    kind = f" · {record.kind.value}" if record.kind else ""
    what = f"{'THESIS' if is_thesis else node.type.upper()}{kind}"
    badge = f"{look.badge} · {what}" if look.badge else what
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{look.ink}"><B>{escape(badge)}</B></FONT></TD></TR>']
    if node.id in marks.node_fields:
        changed = "changed: " + ", ".join(dict.fromkeys(marks.node_fields[node.id]))
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="{look.ink}">{_lines(_wrap(changed, wrap + 8))}</FONT></TD></TR>')
    if node.id in marks.flips:
        before, after = marks.flips[node.id]
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="#6B3D00"><B>{escape(f"label: {before} → {after}")}</B></FONT></TD></TR>')
    text = _wrap(record.text, wrap)
    if status == REMOVED:
        body = f'<FONT POINT-SIZE="11" COLOR="#6E6E6E">{_lines(text, "S")}</FONT>'
    else:
        body = f'<FONT POINT-SIZE="11" COLOR="{"#222222" if status != SAME else "#444444"}">{_lines(text)}</FONT>'
    rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{body}</TD></TR>')
    if node.id in marks.old_text:
        was = _wrap("was: " + marks.old_text[node.id], wrap + 6)
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="#6E6E6E"><I>{_lines(was)}</I></FONT></TD></TR>')
    shown_id = node.id + (f" (was {marks.renamed_from[node.id]}?)" if node.id in marks.renamed_from else "")
    rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="7" COLOR="{GREY}">{escape(shown_id)}</FONT></TD></TR>')
    return Html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>")


def _node_attributes(node: GraphNode, status: str, marks: _Marks, tooltip: str, wrap: int, is_thesis: bool) -> dict[str, str]:
    look = LOOKS[status]
    style = ("rounded," if node.type == "claim" else "") + "filled" + (",dashed" if status == REMOVED else "")
    attributes = dict(
        label=_node_label(node, status, marks, wrap, is_thesis), style=style, fillcolor=look.fill, color=look.line,
        penwidth=look.penwidth, tooltip=tooltip, id=f"node-{node.id}",
    )
    if status == CHANGED:
        attributes["peripheries"] = "2"
    return attributes


def _union(old: ArgumentGraph, new: ArgumentGraph) -> tuple[list[GraphNode], list[Relation]]:
    """The nodes and complete relations of the new map, then those only the old one has."""
    nodes = list(new.nodes.values()) + [node for node_id, node in old.nodes.items() if node_id not in new.nodes]
    relations = list(new.complete) + [relation for relation in old.complete if relation.id not in new.relations]
    # An undercut drawn from the old map may end on an inference the new map leaves
    # incomplete: it has nothing to end on (and then neither do its own undercuts).
    while True:
        drawn = {relation.id for relation in relations}
        kept = [relation for relation in relations if relation.kind != "undercuts" or relation.target in drawn]
        if len(kept) == len(relations):
            return nodes, relations
        relations = kept


def build_diff_dot(old: LoadedMap, new: LoadedMap, diff: MapDiff, wrap: int = 30) -> str:
    """The DOT text of the diff diagram; deterministic for the same maps."""
    old_graph, new_graph = old.graph, new.graph
    marks = _marks(diff)
    nodes, relations = _union(old_graph, new_graph)
    changes = {change.id: change for change in diff.nodes_changed}

    title = f"<B>{escape(f'{diff.old}  →  {diff.new}')}</B>"
    counts = "<BR/>".join(escape(line) for line in textwrap.wrap(summary_line(diff), 100))
    title += f'<BR/><FONT POINT-SIZE="12" COLOR="{GREY}">{counts}</FONT><BR/>'
    dot = Digraph("argmap_diff")
    dot.attr(
        "graph", rankdir=resolve_direction(new_graph, "auto"), label=Html(title), labelloc="t", labeljust="c", fontname=FONT,
        fontsize="18", nodesep="0.3", ranksep="0.5", newrank="true", bgcolor="white", pad="0.3", id="argmap-diff",
        tooltip=f"{diff.old} → {diff.new}",
    )
    dot.attr("node", fontname=FONT, shape="box", margin="0.12,0.06")
    dot.attr("edge", fontname=FONT, arrowsize="0.8", fontsize="9")
    for node in nodes:
        status = marks.nodes.get(node.id, SAME)
        tooltip = [" ".join(node.record.text.split())]
        for f in changes[node.id].fields if node.id in changes else ():
            tooltip.append(f"{f.field}: {_short(f.old)} → {_short(f.new)}")
        is_thesis = node.id in (new_graph.theses if node.id in new_graph.nodes else old_graph.theses)
        dot.node(node.id, **_node_attributes(node, status, marks, "\n\n".join(tooltip), wrap, is_thesis))

    # A junction for every argument and for every relation an undercut ends on.
    junctions = {relation.id for relation in relations if relation.linked}
    junctions.update(relation.target for relation in relations if relation.kind == "undercuts")
    for relation in relations:
        if relation.id in junctions:
            status = marks.relations.get(relation.id, SAME)
            flip = marks.flips.get(relation.id)
            tooltip = relation.id + (f"\n\nlabel: {flip[0]} → {flip[1]}" if flip else "")
            dot.node(JUNCTION_NODE + relation.id, **_junction_attributes(relation, status, tooltip))
    for relation in relations:
        status = marks.relations.get(relation.id, SAME)
        style = _edge_style(relation.kind, status)
        end = JUNCTION_NODE + relation.target if relation.kind == "undercuts" else relation.target
        words = relation.id if relation.argument is None else f"argument {relation.id}: {', '.join(relation.sources)} together {relation.kind[:-1]} {relation.target}"
        tooltip = f"{LOOKS[status].badge} {words}".strip()
        if relation.id in junctions:
            for source in relation.sources:
                dot.edge(source, JUNCTION_NODE + relation.id, **{**style, "arrowhead": "none"}, tooltip=tooltip)
                style.pop("label", None)  # one word per relation, on the line into its junction
            dot.edge(JUNCTION_NODE + relation.id, end, **{k: v for k, v in style.items() if k != "label"}, tooltip=tooltip)
        else:
            dot.edge(relation.sources[0], end, **style, tooltip=tooltip)
    dot.node(LEGEND_NODE, label=_legend({relation.kind for relation in relations}), shape="plain", fontsize="10", id="legend", tooltip="Legend")
    return dot.source


def _short(value: object, width: int = 200) -> str:
    text = "(none)" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _junction_attributes(relation: Relation, status: str, tooltip: str) -> dict[str, str]:
    look = LOOKS[status]
    line = LINES[relation.kind]
    common = dict(id=f"junction-{relation.id.replace(' ', '-')}", tooltip=tooltip, shape="circle", fixedsize="true")
    if status == SAME:
        return dict(common, label="", style="filled", fillcolor=line.colour, color=line.colour, width="0.13", height="0.13", penwidth="1")
    symbol = look.badge.split()[0]
    attributes = dict(
        common, label=Html(f'<FONT POINT-SIZE="11" COLOR="{look.ink}"><B>{escape(symbol)}</B></FONT>'), style="filled" + (",dashed" if status == REMOVED else ""),
        fillcolor=look.fill, color=look.line, width="0.3", height="0.3", penwidth=look.penwidth if status != ADDED else "2.4",
    )
    if status == CHANGED:
        attributes["peripheries"] = "2"
    return attributes


def _edge_style(kind: str, status: str) -> dict[str, str]:
    line = LINES[kind]
    look = LOOKS[status]
    style = dict(color=line.colour, penwidth=line.penwidth, arrowhead=line.arrowhead)
    if line.style:
        style["style"] = line.style
    if line.arrowsize:
        style["arrowsize"] = line.arrowsize
    if status == ADDED:
        style["penwidth"] = "3.6"
    elif status == REMOVED:
        style["color"] = LOOKS[REMOVED].line
    if status != SAME:
        style["label"] = Html(f'<FONT COLOR="{look.ink}"><B>{escape(look.badge.lower())}</B></FONT>')
    return style


def _legend(kinds: set[str]) -> Html:
    def sample(status: str, word: str) -> str:
        look = LOOKS[status]
        style = ' STYLE="dashed"' if status == REMOVED else ""
        border = "3" if status == ADDED else "1"
        text = f"<S>{escape(word)}</S>" if status == REMOVED else escape(word)
        cell = f'<TD BGCOLOR="{look.fill}" COLOR="{look.line}" BORDER="{border}"{style} WIDTH="40"><FONT POINT-SIZE="8" COLOR="{look.ink}"><B>{escape(look.badge)}</B></FONT></TD>'
        return f'<TR>{cell}<TD ALIGN="LEFT">{text}</TD></TR>'

    rows = [
        sample(ADDED, "added: thick border"),
        sample(REMOVED, "removed: dashed border, struck through"),
        sample(CHANGED, "changed: double border, fields listed"),
        f'<TR><TD BORDER="1" COLOR="{LOOKS[SAME].line}" WIDTH="40"> </TD><TD ALIGN="LEFT">unchanged</TD></TR>',
    ]
    arrows = {"supports": "───▶", "attacks": "- - -┤", "undercuts": "·····◆"}
    for kind in ("supports", "attacks", "undercuts"):
        if kind in kinds:
            rows.append(f'<TR><TD><FONT COLOR="{LINES[kind].ink}"><B>{arrows[kind]}</B></FONT></TD><TD ALIGN="LEFT">{kind}</TD></TR>')
    rows.append('<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="9">a relation that changed carries + added, − removed or ~ changed;<BR ALIGN="LEFT"/>a removed one is grey<BR ALIGN="LEFT"/></FONT></TD></TR>')
    return Html(
        '<TABLE BORDER="1" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2">'
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>' + "".join(rows) + "</TABLE>"
    )


def render_diff(old: LoadedMap, new: LoadedMap, diff: MapDiff, fmt: str) -> bytes:
    """The diff diagram as an SVG, or as an HTML page with that SVG and the text report.
    Raises :class:`argmap.diagram.RenderError` when Graphviz is missing or fails."""
    from .diagram import RenderError

    if fmt not in DIFF_FORMATS:
        raise RenderError(f"a diff renders as {' or '.join(DIFF_FORMATS)}, not {fmt!r}")
    svg = run_graphviz(build_diff_dot(old, new, diff), "svg")
    if fmt == "svg":
        return svg
    from .mapdiff import format_text

    drawing = svg.decode("utf-8")
    drawing = drawing[drawing.find("<svg") :]
    title = escape_page(f"{diff.old} → {diff.new}")
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>argmap diff: {title}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}"
        "pre{background:#f6f6f6;padding:1rem;overflow-x:auto;white-space:pre-wrap}"
        "figure{margin:0;overflow:auto}svg{max-width:100%;height:auto}</style>\n</head>\n<body>\n"
        f"<h1>argmap diff</h1>\n<p>{title}</p>\n<figure>{drawing}</figure>\n"
        f"<h2>Changes</h2>\n<pre>{escape_page(format_text(diff))}</pre>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
