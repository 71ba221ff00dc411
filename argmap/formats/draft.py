"""Reader of drafts: claims and evidence as an extraction pipeline or a language model writes them.

A draft is JSON, or JSON Lines (one node a line). Its quotes are checked
against the source named with ``--source``: a quote that stands is kept; one
that differs from exactly one passage only in typography, letter case,
spacing or a few words, or that joins passages with an ellipsis, is repaired
by the rules of ``argmap fix`` (argmap/fixing.py); any other is kept as
written, and validation reports it (AM403) with the word-by-word difference.

The shape (docs/authoring.md)::

    {"title": "…",                          optional
     "claims":   [NODE, …],                 and/or
     "evidence": [NODE, …]}                 or "nodes": [NODE with "type", …]

    NODE = {"id": "…",                      optional: made from the text when missing
            "type": "claim" | "evidence",   in "nodes" and JSON Lines; default claim
            "text": "…",                    the statement in the drafter's words
            "quote": "…" | ["…", …],        verbatim from the source
            "supports": REF | [REF, …],     optional, as "attacks"
            "kind", "note", "implicit", "thesis": as in a map}

    REF = a node's id, or its position (0-based) among the draft's nodes in the
          order written ("claims" before "evidence").

Anything else a node carries is kept in its ``note`` and reported (AM702).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..problems import Problem
from . import Imported, Input, SourceInput
from .mapdata import MapData, dangling, lost, slug, unreadable

_KNOWN = {"id", "type", "text", "quote", "supports", "attacks", "kind", "note", "implicit", "thesis"}
_RELATIONS = ("supports", "attacks")
_VALID_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")


class _Node:
    def __init__(self, data: dict[str, Any], evidence: bool, line: int) -> None:
        self.data = data
        self.evidence = evidence
        self.line = line
        self.id = ""


def read(inputs: list[Input], source: SourceInput | None = None) -> Imported:
    """The map of one draft, its quotes checked against ``source``."""
    from ..fixing import DEFAULT_THRESHOLD, repair_quote
    from ..provenance import read_document
    from ..quotediff import hint_lines

    problems: list[Problem] = []
    if not inputs:
        return Imported({}, problems=[unreadable("(no input)", "no draft to import")])
    draft = inputs[0]
    for extra in inputs[1:]:
        problems.append(unreadable(extra.name, f"not imported: one draft per map, and {draft.name} is the one imported"))
    if source is None:
        problems.append(unreadable(draft.name, "a draft's quotes are checked against its source: name it with --source SOURCE"))
        return Imported({}, problems=problems)
    digest, document, error = read_document(source.path)
    if document is None or digest is None:
        problems.append(unreadable(str(source.path), f"cannot read the source: {error}"))
        return Imported({}, problems=problems)
    parsed = _parse(draft, problems)
    if parsed is None:
        return Imported({}, problems=problems)
    title, nodes = parsed
    built = MapData(title or f"Draft over {Path(source.declared).name}")
    source_id = slug(Path(source.declared).stem, built.source_ids, fallback="source")
    built.source(source_id, source.declared, sha256=digest)
    by_given: dict[str, str] = {}
    for node in nodes:
        given = node.data.get("id")
        if isinstance(given, (str, int)) and not isinstance(given, bool) and str(given).strip():
            wanted = str(given).strip()
            node.id = wanted if _VALID_ID.match(wanted) and wanted not in built.node_ids else slug(wanted, set(built.node_ids))
            by_given.setdefault(wanted, node.id)
        else:
            words = " ".join(str(node.data.get("text") or node.data.get("quote") or "node").split()[:6])
            node.id = slug(words, set(built.node_ids), fallback="node")
        built.node_ids.add(node.id)
    stood = repaired = failed = 0
    notes: list[str] = []
    for node in nodes:
        where = f"{draft.name}:{node.line}" if node.line else draft.name
        what = f"{'evidence' if node.evidence else 'claim'} {node.id!r}"
        quotes = node.data.get("quote")
        written = [quotes] if isinstance(quotes, str) else quotes if isinstance(quotes, list) else []
        if quotes is not None and not isinstance(quotes, (str, list)):
            problems.append(unreadable(draft.name, f"{what}: `quote` must be a text or a list of texts, not {type(quotes).__name__}", node.line))
        kept: list[str] = []
        for quote in written:
            if not isinstance(quote, str) or not quote.strip():
                problems.append(unreadable(draft.name, f"{what}: a quote must be a text that is not empty", node.line))
                continue
            repair = repair_quote(document, quote, DEFAULT_THRESHOLD)
            if repair.outcome == "stands":
                stood += 1
                kept.append(quote)
            elif repair.outcome == "failed":
                failed += 1
                kept.append(quote)
                notes.append(f"{where}: {what}: quote kept as written, it does not stand: {repair.reason}")
            else:
                repaired += 1
                new = repair.new if isinstance(repair.new, list) else [repair.new or quote]
                kept.extend(new)
                notes.append(f"{where}: {what}: quote repaired ({repair.reason}): " + " + ".join(json.dumps(n, ensure_ascii=False) for n in new))
                if repair.alignment is not None:
                    notes.extend(f"    {line}" for line in hint_lines(repair.alignment, quote, document.text))
        fields: dict[str, Any] = {"quote": kept[0] if len(kept) == 1 else kept or None}
        for name in ("kind", "implicit", "thesis"):
            if node.data.get(name) is not None:
                fields[name] = node.data[name]
        if node.evidence and "thesis" in fields:
            problems.append(lost(draft.name, f"{what}: evidence cannot be a thesis; `thesis` left out", node.line))
            del fields["thesis"]
        text = node.data.get("text")
        built.node(node.id, text if isinstance(text, str) else "", evidence=node.evidence, **fields)
        if not isinstance(text, str) or not text.strip():
            problems.append(unreadable(draft.name, f"{what}: no `text`: the statement in the drafter's words is required", node.line))
        if isinstance(node.data.get("note"), str):
            built.note(node.id, node.data["note"])
        extra = {key: value for key, value in node.data.items() if key not in _KNOWN}
        if extra:
            built.note(node.id, "; ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in extra.items()))
            problems.append(lost(draft.name, f"{what}: {', '.join(map(repr, extra))} kept in the node's note", node.line))
    for node in nodes:
        for relation in _RELATIONS:
            for target in _references(node.data.get(relation)):
                found = _target(target, nodes, by_given)
                if found is None:
                    problems.append(dangling(draft.name, f"{node.id!r} {relation} {target!r}, which is not a node of the draft", node.line))
                elif found == node.id:
                    problems.append(dangling(draft.name, f"{node.id!r} {relation} itself; left out", node.line))
                else:
                    built.relate(node.id, relation, found)
    total = stood + repaired + failed
    notes.append(f"{draft.name}: {total} quote(s): {stood} stood, {repaired} repaired, {failed} failed")
    return Imported(built.data, problems=problems, notes=notes)


def _references(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _target(reference: Any, nodes: list[_Node], by_given: dict[str, str]) -> str | None:
    if isinstance(reference, bool):
        return None
    if isinstance(reference, int):
        return nodes[reference].id if 0 <= reference < len(nodes) else None
    if isinstance(reference, str):
        return by_given.get(reference.strip())
    return None


# --- reading the file ------------------------------------------------------------------------------


def _parse(draft: Input, problems: list[Problem]) -> tuple[str | None, list[_Node]] | None:
    """The draft's title and nodes, from JSON or JSON Lines."""
    try:
        text = draft.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(unreadable(draft.name, f"not UTF-8 text (byte 0x{draft.data[exc.start]:02x} at offset {exc.start})"))
        return None
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        whole = None
        first_error = exc
    else:
        first_error = None
    if isinstance(whole, dict):
        return _from_object(whole, draft, problems)
    if isinstance(whole, list):
        return None, _nodes_of(whole, draft, problems, "nodes", 0)
    if whole is not None:
        problems.append(unreadable(draft.name, "a draft is a JSON object with `claims` and `evidence` (or `nodes`), or JSON Lines with one node a line"))
        return None
    return _from_lines(text, draft, problems, first_error)


def _from_object(data: dict[str, Any], draft: Input, problems: list[Problem]) -> tuple[str | None, list[_Node]] | None:
    title = data.get("title") if isinstance(data.get("title"), str) else None
    nodes: list[_Node] = []
    for section, evidence in (("nodes", None), ("claims", False), ("evidence", True)):
        if section in data:
            nodes.extend(_nodes_of(data[section], draft, problems, section, 0, evidence))
    if not any(key in data for key in ("nodes", "claims", "evidence")):
        problems.append(unreadable(draft.name, "the draft has no `claims`, `evidence` or `nodes`"))
        return None
    for key in data:
        if key not in ("title", "nodes", "claims", "evidence"):
            problems.append(lost(draft.name, f"top-level key {key!r} is not part of a draft; left out"))
    return title, nodes


def _nodes_of(items: Any, draft: Input, problems: list[Problem], section: str, line: int, evidence: bool | None = None) -> list[_Node]:
    if not isinstance(items, list):
        problems.append(unreadable(draft.name, f"`{section}` must be a list of nodes"))
        return []
    nodes = []
    for number, item in enumerate(items):
        node = _node(item, draft, problems, line, evidence, f"{section}[{number}]")
        if node is not None:
            nodes.append(node)
    return nodes


def _node(item: Any, draft: Input, problems: list[Problem], line: int, evidence: bool | None, where: str) -> _Node | None:
    if not isinstance(item, dict):
        problems.append(unreadable(draft.name, f"{where}: a node is a JSON object, not {type(item).__name__}", line))
        return None
    if evidence is None:
        kind = item.get("type", "claim")
        if kind not in ("claim", "evidence"):
            problems.append(unreadable(draft.name, f"{where}: `type` is {kind!r}; a node is a \"claim\" or \"evidence\"", line))
            return None
        evidence = kind == "evidence"
    return _Node(item, evidence, line)


def _from_lines(text: str, draft: Input, problems: list[Problem], first_error: json.JSONDecodeError | None) -> tuple[str | None, list[_Node]] | None:
    title = None
    nodes: list[_Node] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(unreadable(draft.name, f"not JSON: {exc.msg}", number, exc.colno))
            continue
        if isinstance(item, dict) and "title" in item and "text" not in item:
            title = item["title"] if isinstance(item["title"], str) else None
            continue
        node = _node(item, draft, problems, number, None, f"line {number}")
        if node is not None:
            nodes.append(node)
    if not nodes and first_error is not None and not problems:
        problems.append(unreadable(draft.name, f"not JSON: {first_error.msg}", first_error.lineno, first_error.colno))
    if not nodes:
        return None
    return title, nodes
