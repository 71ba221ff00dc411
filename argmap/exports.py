"""Exports: the map with every quote resolved, as data other tools build on.

The JSON shape is a contract (docs/format.md, "JSON export"); change it only by
adding keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .loader import LoadedMap
from .provenance import resolve

#: Characters of context exported before and after each passage, for highlighting.
CONTEXT_CHARS = 32


class ExportError(Exception):
    """The map cannot be exported (format errors) or the format is unknown."""


def to_data(loaded: LoadedMap) -> dict[str, Any]:
    """The export as plain data (dicts and lists)."""
    model = loaded.model
    if model is None:
        raise ExportError(f"{loaded.display_path}: the map has format errors and cannot be exported")
    resolution = resolve(loaded)
    sources = []
    for source_id, source in model.sources.items():
        found = resolution.sources[source_id]
        entry: dict[str, Any] = {"id": source_id, "path": source.path, "sha256": found.sha256}
        for key in ("title", "author", "published", "publisher", "url"):
            value = getattr(source, key)
            if value is not None:
                entry[key] = value
        sources.append(entry)
    nodes = []
    relations = []
    for node_id, node_type, node in model.nodes():
        provenance = []
        for anchor in resolution.of_node(node_id):
            item: dict[str, Any] = {"source": anchor.source_id, "quote": anchor.quote}
            if anchor.has_context:
                item["selector"] = {"prefix": anchor.prefix, "suffix": anchor.suffix, "occurrence": anchor.occurrence}
            source = resolution.sources.get(anchor.source_id or "")
            if anchor.anchored and source is not None and source.document is not None:
                span = anchor.spans[0]
                position = source.document.position(span.start)
                item.update(
                    start=span.start,
                    end=span.end,
                    line=position.line,
                    column=position.column,
                    sentence=position.sentence,
                    paragraph=position.paragraph,
                    text=source.document.text[span.start : span.end],
                    prefix=source.document.text[max(0, span.start - CONTEXT_CHARS) : span.start],
                    suffix=source.document.text[span.end : span.end + CONTEXT_CHARS],
                )
            else:
                item.update(start=None, end=None, line=None, column=None, sentence=None, paragraph=None, text=None, prefix=None, suffix=None)
            provenance.append(item)
        entry = {
            "id": node_id,
            "type": node_type,
            "kind": node.kind.value if node.kind else None,
            "text": node.text,
            "tags": list(node.tags),
            "implicit": node.implicit,
            "thesis": bool(getattr(node, "thesis", False)),
            "note": node.note,
            "asserted_by": _agent(model, node.asserted_by),
            "provenance": provenance,
        }
        nodes.append(entry)
        relations.extend({"from": node_id, "to": target, "type": "supports"} for target in node.supports)
        relations.extend({"from": node_id, "to": target, "type": "attacks"} for target in node.attacks)
    agents = [{"id": agent_id, "name": agent.name, "type": agent.type.value if agent.type else None} for agent_id, agent in model.agents.items()]
    return {
        "argmap": model.argmap,
        "title": model.title,
        "description": model.description,
        "sources": sources,
        "agents": agents,
        "nodes": nodes,
        "relations": relations,
    }


def _agent(model: Any, agent_id: str | None) -> dict[str, Any] | None:
    if agent_id is None or agent_id not in model.agents:
        return None
    agent = model.agents[agent_id]
    return {"id": agent_id, "name": agent.name, "type": agent.type.value if agent.type else None}


def export_json(loaded: LoadedMap) -> str:
    """The export as JSON text: one source, agent, node or relation a line.

    One item a line keeps diffs of exports readable, and lets the C encoder
    write each item (an indented dump goes through the pure-Python encoder,
    several times slower on large maps).
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    data = to_data(loaded)
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(encode(item) for item in value)
            parts.append(f"  {encode(key)}: [\n    {items}\n  ]")
        else:
            parts.append(f"  {encode(key)}: {encode(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


EXPORTERS: dict[str, Callable[[LoadedMap], str]] = {"json": export_json}


def export(loaded: LoadedMap, fmt: str = "json") -> str:
    """Export a map in the given format; returns the text."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    return exporter(loaded)
