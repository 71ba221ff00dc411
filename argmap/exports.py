"""Exports: the map with every quote resolved, as data other tools build on.

The JSON shape is a contract (docs/format.md, "JSON export"); change it only by
adding keys. The relations and arguments come from the map's argument graph,
and every node and relation carries its grounded label (argmap/evaluation.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .evaluation import Labelling, evaluate
from .formats.textfragment import passage_link
from .graph import ArgumentGraph
from .loader import LoadedMap
from .provenance import QuoteAnchor, Resolution, resolve

#: Characters of context exported before and after each passage, for highlighting.
CONTEXT_CHARS = 32


class ExportError(Exception):
    """The map cannot be exported (format errors) or the format is unknown."""


def export_data(loaded: LoadedMap) -> dict[str, Any]:
    """The export as plain data (dicts and lists)."""
    head, sections = _parts(loaded)
    return {**head, **{key: list(items) for key, items in sections.items()}}


def _parts(loaded: LoadedMap) -> tuple[dict[str, Any], dict[str, Iterator[dict[str, Any]]]]:
    """The export's scalar keys, and its lists as iterators that build one item at a time
    (so that a large map is written out without holding every item at once)."""
    model = loaded.records
    if model is None:
        raise ExportError(f"{loaded.display_path}: the map has format errors and cannot be exported")
    resolution = resolve(loaded)
    graph = loaded.graph
    labelling = grounded_labelling(loaded)
    head = {"argmap": model.argmap, "title": model.title, "description": model.description}
    sections = {
        "sources": _sources(model, resolution),
        "agents": ({"id": agent_id, "name": agent.name, "type": agent.type.value if agent.type else None} for agent_id, agent in model.agents.items()),
        "nodes": _nodes(model, resolution, labelling),
        "relations": _relations(graph, labelling),
        "arguments": _arguments(graph, resolution, labelling),
    }
    return head, sections


def grounded_labelling(loaded: LoadedMap) -> Labelling:
    """The grounded labelling of a loaded map's graph, evaluated once per map."""
    graph = loaded.graph
    cached = loaded.cache.get("grounded-labelling")
    if cached is None or cached.graph is not graph:
        cached = loaded.cache["grounded-labelling"] = evaluate(graph, "grounded")
    return cached


def _sources(model: Any, resolution: Resolution) -> Iterator[dict[str, Any]]:
    for source_id, source in model.sources.items():
        found = resolution.sources[source_id]
        entry: dict[str, Any] = {"id": source_id, "path": source.path, "sha256": found.sha256}
        for key in ("title", "author", "published", "publisher", "url"):
            value = getattr(source, key)
            if value is not None:
                entry[key] = value
        yield entry


def _provenance(model: Any, resolution: Resolution, anchors: list[QuoteAnchor]) -> list[dict[str, Any]]:
    """Every passage a node or an argument quotes, with where it stands (and its text-fragment
    `link` on the source's url, argmap/formats/textfragment.py)."""
    provenance = []
    for anchor in anchors:
        item: dict[str, Any] = {"source": anchor.source_id, "quote": anchor.quote}
        if anchor.has_context:
            item["selector"] = {"prefix": anchor.prefix, "suffix": anchor.suffix, "occurrence": anchor.occurrence}
        located = resolution.located(anchor)
        if located is not None:
            document, span, position = located
            item.update(
                start=span.start,
                end=span.end,
                line=position.line,
                column=position.column,
                sentence=position.sentence,
                paragraph=position.paragraph,
                text=document.text[span.start : span.end],
                prefix=document.text[max(0, span.start - CONTEXT_CHARS) : span.start],
                suffix=document.text[span.end : span.end + CONTEXT_CHARS],
            )
            source = model.sources.get(anchor.source_id)
            item["link"] = passage_link(source.url, document.text, span.start, span.end) if source is not None and source.url else None
        else:
            item.update(start=None, end=None, line=None, column=None, sentence=None, paragraph=None, text=None, prefix=None, suffix=None, link=None)
        provenance.append(item)
    return provenance


def _label(labels: dict[str, Any], key: str) -> str | None:
    found = labels.get(key)
    return found.value if found is not None else None


def _nodes(model: Any, resolution: Resolution, labelling: Labelling) -> Iterator[dict[str, Any]]:
    for node_id, node_type, node in model.nodes():
        yield {
            "id": node_id,
            "type": node_type,
            "kind": node.kind.value if node.kind else None,
            "text": node.text,
            "tags": list(node.tags),
            "implicit": node.implicit,
            "thesis": bool(getattr(node, "thesis", False)),
            "note": node.note,
            "asserted_by": _agent(model, node.asserted_by),
            "status": _label(labelling.nodes, node_id),
            "provenance": _provenance(model, resolution, resolution.of_node(node_id)),
        }


def _relations(graph: ArgumentGraph, labelling: Labelling) -> Iterator[dict[str, Any]]:
    """Every complete relation of the graph, in file order: the nodes' own relations, then the arguments.

    `from`, `to` and `type` keep the meaning they always had for a node's support or
    attack; for an argument `from` is the argument's id, and for an undercut `to` is
    the id of the relation it undercuts."""
    for relation in graph.complete:
        yield {
            "from": relation.argument if relation.argument is not None else relation.sources[0],
            "to": relation.target,
            "type": relation.kind,
            "id": relation.id,
            "sources": list(relation.sources),
            "target": relation.target,
            "target_type": "relation" if relation.kind == "undercuts" else "node",
            "argument": relation.argument,
            "status": _label(labelling.relations, relation.id),
        }


def _arguments(graph: ArgumentGraph, resolution: Resolution, labelling: Labelling) -> Iterator[dict[str, Any]]:
    """Every argument (linked premises) in file order, with its inference's label and its passages."""
    for argument_id, argument in graph.records.arguments.items():
        kind = next((k for k in ("supports", "attacks", "undercuts") if getattr(argument, k) is not None), None)
        relation = graph.relations.get(argument_id)
        target = relation.target if relation is not None and relation.argument == argument_id else getattr(argument, kind) if kind else None
        yield {
            "id": argument_id,
            "premises": list(argument.premises),
            "kind": kind,
            "target": target,
            "target_type": None if kind is None else "relation" if kind == "undercuts" else "node",
            "text": argument.text,
            "scheme": argument.scheme,
            "note": argument.note,
            "tags": list(argument.tags),
            "status": _label(labelling.relations, argument_id),
            "provenance": _provenance(graph.records, resolution, resolution.of_node(argument_id)),
        }


def _agent(model: Any, agent_id: str | None) -> dict[str, Any] | None:
    if agent_id is None or agent_id not in model.agents:
        return None
    agent = model.agents[agent_id]
    return {"id": agent_id, "name": agent.name, "type": agent.type.value if agent.type else None}


def json_chunks(loaded: LoadedMap) -> Iterator[str]:
    """The export as JSON text, in pieces: one source, agent, node, relation or argument a line.

    One item a line keeps diffs of exports readable, and lets the C encoder
    write each item (an indented dump goes through the pure-Python encoder,
    several times slower on large maps). Items are made and written one at a
    time, so a large map's export is never held whole in memory.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head, sections = _parts(loaded)
    lines = [f"  {encode(key)}: {encode(value)}" for key, value in head.items()]
    yield "{\n" + ",\n".join(lines)
    for key, items in sections.items():
        first = next(items, None)
        if first is None:
            yield f",\n  {encode(key)}: []"
            continue
        yield f",\n  {encode(key)}: [\n    {encode(first)}"
        batch: list[str] = []
        for item in items:
            batch.append(encode(item))
            if len(batch) == 512:
                yield ",\n    " + ",\n    ".join(batch)
                batch = []
        if batch:
            yield ",\n    " + ",\n    ".join(batch)
        yield "\n  ]"
    yield "\n}\n"


#: The writer of the "json" format in the table of exchange formats (argmap/formats/).
write = json_chunks


def export(loaded: LoadedMap, fmt: str = "json") -> str:
    """Export a map in the given format; returns the text."""
    return "".join(export_chunks(loaded, fmt))


def export_chunks(loaded: LoadedMap, fmt: str = "json") -> Iterator[str]:
    """Export a map in the given format (any writer of argmap/formats/), as pieces of text
    to write one after the other."""
    from . import formats

    try:
        writer = formats.get(fmt).writer()
    except formats.FormatError as exc:
        raise ExportError(str(exc)) from None
    return writer(loaded)
