"""Reader of the argumentative microtexts (arg-microtexts XML, Peldszus & Stede).

A microtext is two files side by side: ``micro_b001.xml``, the argument graph,
and ``micro_b001.txt``, the text it analyses. The graph has elementary units
(``<edu>``, each an exact passage of the text, in reading order), argumentative
units (``<adu type="pro|opp">``) made of them by ``seg`` edges, and the edges
between units:

========  ===================================  =====================================
edge      meaning                              in the map
========  ===================================  =====================================
``sup``   the unit supports the target unit    ``supports`` on the unit
``exa``   the unit is an example for it        ``supports``; the unit is evidence
                                               of kind ``example``
``reb``   the unit rebuts the target unit      ``attacks`` on the unit
``und``   the unit undercuts an edge           ``undercuts`` naming that edge's
                                               relation (``a1 attacks a5``)
``add``   the unit is a linked co-premise of   the edge becomes an argument, under
          an edge                              the edge's id, whose premises are
                                               its source and the added units
========  ===================================  =====================================

Every unit becomes a node whose id is the unit's id (``a1``), whose text is
its elementary units joined, and whose ``quote`` lists those units, anchored
in the text file, which becomes the map's source. A passage that stands more
than once in the text is cited with its ``occurrence``. ``type="pro"`` and
``type="opp"`` become the tags ``pro`` and ``opp`` (the proponent's and the
opponent's voice). The central claim, the unit with no outgoing
argumentative edge, is the ``thesis``.

The text file: the reader takes the ``.txt`` given among the inputs, or reads
the file of the same name beside the ``.xml`` (so that
``argmap import microtexts micro_b001.xml -o map.yaml`` is enough). Without a
text the units are imported without quotes, as implicit nodes, and the
missing text is reported (AM701).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path, PurePath
from typing import Any

from ..anchoring import Document
from ..problems import Problem
from . import Imported, Input
from .mapdata import MapData, dangling, lost, slug, unreadable

#: Edge types between argumentative units, and the relation each becomes.
_RELATIONS = {"sup": "supports", "exa": "supports", "reb": "attacks", "und": "undercuts"}
_KNOWN_EDGES = {*_RELATIONS, "add", "seg"}
#: Refused before parsing: entity declarations (no microtext has any) could expand without bound.
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def read(inputs: list[Input]) -> Imported:
    """The map of one microtext: its ``.xml``, and its ``.txt`` (given, or read beside the ``.xml``)."""
    problems: list[Problem] = []
    graphs = [i for i in inputs if not i.name.lower().endswith(".txt")]
    texts = [i for i in inputs if i.name.lower().endswith(".txt")]
    if not graphs:
        problems.append(unreadable(inputs[0].name if inputs else "(no input)", "no microtext graph (.xml) among the inputs"))
        return Imported({}, problems=problems)
    graph = graphs[0]
    for extra in graphs[1:]:
        problems.append(unreadable(extra.name, f"not imported: one microtext per map, and {graph.name} is the one imported",
                                   hint="import each microtext into a map of its own"))
    root = _parse(graph, problems)
    if root is None:
        return Imported({}, problems=problems)
    text_input = _text_for(graph, texts, problems)
    return _build(graph, root, text_input, problems)


# --- reading the files ------------------------------------------------------------------------


def _parse(graph: Input, problems: list[Problem]) -> ET.Element | None:
    if _ENTITY.search(graph.data):
        problems.append(unreadable(graph.name, "the XML declares entities; a microtext has none", 1, 1))
        return None
    try:
        root = ET.fromstring(graph.data)
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        problems.append(unreadable(graph.name, f"not well-formed XML: {exc}", line, column + 1 if line else 0))
        return None
    if root.tag != "arggraph":
        problems.append(unreadable(graph.name, f"the root element is <{root.tag}>, not <arggraph>: not an arg-microtexts graph", 1, 1))
        return None
    return root


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _text_for(graph: Input, texts: list[Input], problems: list[Problem]) -> Input | None:
    """The text file of the graph: the given .txt of the same name, the only one given, or the one beside it."""
    stem = PurePath(graph.name).stem
    same = [t for t in texts if PurePath(t.name).stem == stem]
    chosen = same[0] if same else (texts[0] if len(texts) == 1 else None)
    for other in texts:
        if other is not chosen:
            problems.append(unreadable(other.name, f"not used: the text of {graph.name} is {chosen.name if chosen else 'another file'}"))
    if chosen is not None:
        return chosen
    beside = Path(graph.name).with_suffix(".txt")
    try:
        return Input(str(beside), beside.read_bytes())
    except OSError as exc:
        problems.append(unreadable(graph.name, f"the text of the microtext is missing: cannot read {beside}: {exc.strerror or exc}",
                                   hint="give the .txt as a second input; the units are imported without quotes, as implicit nodes"))
        return None


# --- building the map ---------------------------------------------------------------------------


class _Lines:
    """Line numbers of the XML elements, by their id (ElementTree keeps none)."""

    def __init__(self, data: bytes) -> None:
        text = data.decode("utf-8", "replace")
        self.lines: dict[str, tuple[int, int]] = {}
        starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        for match in re.finditer(r"<(\w+)\b[^>]*?\bid\s*=\s*[\"']([^\"']*)[\"']", text):
            line = _bisect(starts, match.start())
            self.lines.setdefault(match.group(2), (line, match.start() - starts[line - 1] + 1))

    def of(self, element_id: str | None) -> tuple[int, int]:
        return self.lines.get(element_id or "", (0, 0))


def _bisect(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


def _build(graph: Input, root: ET.Element, text_input: Input | None, problems: list[Problem]) -> Imported:
    where = graph.name
    lines = _Lines(graph.data)
    text_id = root.get("id") or PurePath(graph.name).stem
    topic, stance = root.get("topic_id"), root.get("stance")
    about = ", ".join(x.replace("_", " ") for x in (topic, stance) if x)
    described = [f"Argumentative microtext {text_id} (arg-microtexts corpus)"]
    if topic:
        described.append(f"topic: {topic}")
    if stance:
        described.append(f"stance: {stance}")
    data = MapData(f"{text_id} ({about})" if about else text_id, "; ".join(described) + ".")

    edus: dict[str, str] = {}
    edu_order: dict[str, int] = {}
    adus: dict[str, str | None] = {}
    edges: dict[str, tuple[str, str, str]] = {}
    for element in root:
        element_id = element.get("id")
        line, column = lines.of(element_id)
        if element.tag == "edu":
            if not element_id:
                problems.append(unreadable(where, "an <edu> has no id", line, column))
                continue
            edu_order[element_id] = len(edu_order)
            edus[element_id] = element.text or ""
        elif element.tag == "adu":
            if not element_id:
                problems.append(unreadable(where, "an <adu> has no id", line, column))
                continue
            adus[element_id] = element.get("type")
        elif element.tag == "edge":
            kind, src, trg = element.get("type"), element.get("src"), element.get("trg")
            if not element_id or not kind or not src or not trg:
                problems.append(unreadable(where, "an <edge> lacks one of id, type, src and trg", line, column))
                continue
            edges[element_id] = (kind, src, trg)
        else:
            problems.append(lost(where, f"<{element.tag}> has no place in the map; it is left out", line, column))

    # Units and their passages.
    units: dict[str, list[str]] = {a: [] for a in adus}
    added: dict[str, list[str]] = {}
    for edge_id, (kind, src, trg) in edges.items():
        line, column = lines.of(edge_id)
        if kind not in _KNOWN_EDGES:
            problems.append(lost(where, f"edge {edge_id} has the type {kind!r}, which the microtexts do not define; it is left out", line, column))
        elif kind == "seg":
            if src not in edus or trg not in units:
                problems.append(dangling(where, f"edge {edge_id} segments {src} into {trg}, and one of them does not exist", line, column))
            else:
                units[trg].append(src)
        elif kind == "add":
            if src not in units or edges.get(trg, ("",))[0] not in _RELATIONS:
                problems.append(dangling(where, f"edge {edge_id} adds {src} to {trg}, which is not a unit and an argumentative edge", line, column))
            else:
                added.setdefault(trg, []).append(src)

    document = None
    source_name = None
    text = None
    if text_input is not None:
        text = _decode(text_input.data)
        if text is None:
            problems.append(unreadable(text_input.name, "the text is not UTF-8; the units are imported without quotes"))
        else:
            document = Document(text)
            source_name = PurePath(text_input.name).name
            data.source(slug(PurePath(source_name).stem, data.source_ids, "text"), source_name, title=f"Microtext {text_id}")

    # Each argumentative relation an edge makes: its id, kind, sources and target (resolved later).
    relation_edges = {e: v for e, v in edges.items() if v[0] in _RELATIONS}
    outgoing = {src for kind, src, _trg in edges.values() if kind in _RELATIONS or kind == "add"}
    examples = {src for kind, src, _trg in relation_edges.values() if kind == "exa"}
    ids = {adu: _id(adu, data.node_ids) for adu in adus}

    cursor = 0
    for adu, voice in adus.items():
        line, column = lines.of(adu)
        passages = sorted(units[adu], key=lambda e: edu_order[e])
        words = [edus[e] for e in passages]
        quotes: list[str] = []
        cites: list[dict[str, Any]] = []
        notes: list[str] = []
        for edu_id, passage in zip(passages, words):
            if document is None or not passage.strip():
                continue
            found = _cite(document, text or "", passage, cursor, quotes, cites)
            if found is None:
                problems.append(dangling(where, f"{edu_id} of {adu} does not stand in the text: {_short(passage)}",
                                         *lines.of(edu_id), hint="the passage is kept in the node's note"))
                notes.append(f"Passage {edu_id} does not stand in the text: {passage}")
            else:
                cursor = found
        text_of = " ".join(w.strip() for w in words if w.strip())
        if not text_of:
            problems.append(lost(where, f"unit {adu} has no elementary unit; its text is its id", line, column))
        tags = [voice] if voice in ("pro", "opp") else []
        if voice not in (None, "pro", "opp"):
            problems.append(lost(where, f"unit {adu} has the type {voice!r}; only pro and opp are tags", line, column))
            notes.append(f"type: {voice}")
        anchored = bool(quotes or cites)
        entry = data.node(
            ids[adu], text_of or adu, evidence=adu in examples,
            quote=(quotes[0] if len(quotes) == 1 else quotes) or None, cites=cites or None, kind="example" if adu in examples else None,
            tags=tags, implicit=True if not anchored else None, thesis=True if adu not in outgoing else None,
        )
        if notes:
            entry["note"] = "\n".join(notes)

    def reference(edge_id: str, seen: tuple[str, ...] = ()) -> str | None:
        """How the map names the relation an edge makes: the edge's id when it is an argument."""
        if edge_id in seen or edge_id not in relation_edges:
            return None
        if edge_id in added:
            return argument_ids.get(edge_id)
        kind, src, trg = relation_edges[edge_id]
        target = reference(trg, (*seen, edge_id)) if kind == "und" else ids.get(trg)
        if target is None or src not in ids:
            return None
        return f"{ids[src]} {_RELATIONS[kind]} {target}"

    argument_ids = {edge_id: _id(edge_id, data.node_ids) for edge_id in added if edge_id in relation_edges}
    for edge_id, (kind, src, trg) in relation_edges.items():
        line, column = lines.of(edge_id)
        relation = _RELATIONS[kind]
        target = reference(trg, (edge_id,)) if kind == "und" else ids.get(trg)
        if src not in ids or target is None:
            what = "an edge" if kind == "und" else "a unit"
            problems.append(dangling(where, f"edge {edge_id} ({kind}) runs from {src} to {trg}, and {src if src not in ids else trg} is not {what}", line, column))
            continue
        if edge_id in argument_ids:
            premises = [ids[src], *(ids[a] for a in added[edge_id])]
            data.argument(argument_ids[edge_id], premises, relation, target, note=f"Edge {edge_id} ({kind}) with its linked co-premises.")
        else:
            data.relate(ids[src], relation, target)
    return Imported(data.data, {source_name: text} if source_name and text is not None else {}, problems)


def _id(name: str, taken: set[str]) -> str:
    """The unit's or edge's own id when it is a valid id, a slug of it otherwise."""
    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", name) and name not in taken and len(name) <= 100:
        taken.add(name)
        return name
    return slug(name, taken, "unit")


def _cite(document: Document, text: str, passage: str, cursor: int, quotes: list[str], cites: list[dict[str, Any]]) -> int | None:
    """Cite one elementary unit: as a quote when it stands once in the text, with its occurrence
    otherwise. Units stand in reading order, so the one meant is the first from ``cursor`` on.
    Returns where the next unit is looked for, or None when the passage stands nowhere."""
    spans = document.find(passage)
    if not spans:
        return None
    at = text.find(passage, cursor)
    if at < 0:
        at = text.find(passage)
    chosen = next((i for i, s in enumerate(spans) if s.start >= at), 0) if at >= 0 else 0
    if len(spans) == 1:
        quotes.append(passage)
    else:
        cites.append({"quote": passage, "occurrence": chosen + 1})
    return spans[chosen].end


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
