"""Real argument maps made by others: the arg-microtexts corpus (Peldszus & Stede).

Each microtext's argument graph becomes an argmap map: one claim per argumentative
unit (<adu>), quoting the text of its elementary units (<edu>). Every edge keeps its
meaning: `sup` and `exa` become supports and `reb` attacks, written on the unit;
`und` (which targets an edge) an undercut of that edge's relation; an edge that
`add` edges join is an argument whose premises are its source and the added units
(linked premises), under the edge's id. The central claim (the one unit with no
outgoing argumentative edge) is the thesis. Every edu is an exact substring of the
text, so every quote must anchor.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO

from argmap.loader import load
from argmap.validation import validate

_CANDIDATES = [Path("/work/shared/corpora"), REPO.parent / "shared" / "corpora"]
CORPORA = next((p for p in _CANDIDATES if (p / "arg-microtexts" / "en").is_dir()), None)
if CORPORA is None:
    pytest.skip(
        "the shared corpora are not here (looked for arg-microtexts/en under /work/shared/corpora and ../shared/corpora)",
        allow_module_level=True,
    )

MICROTEXTS = sorted((CORPORA / "arg-microtexts" / "en").glob("micro_*.xml"))


_KINDS = {"sup": "supports", "exa": "supports", "reb": "attacks", "und": "undercuts"}


def microtext_map(xml_path: Path) -> tuple[str, dict[str, tuple[str, tuple[str, ...], str]]]:
    """The argmap YAML of one microtext, and, for each argumentative edge, the relation it must
    become: (kind, sources, the relation id of its target or the target unit)."""
    root = ET.parse(xml_path).getroot()
    edus = {e.get("id"): e.text or "" for e in root.iter("edu")}
    adus = [a.get("id") for a in root.iter("adu")]
    quotes: dict[str, list[str]] = {a: [] for a in adus}
    edges = {e.get("id"): (e.get("type"), e.get("src"), e.get("trg")) for e in root.iter("edge")}
    added: dict[str, list[str]] = {}
    for kind, src, trg in edges.values():
        if kind == "seg" and trg in quotes:
            quotes[trg].append(edus[src])
        elif kind == "add":
            added.setdefault(trg, []).append(src)

    def relation_id(edge_id: str) -> str:
        kind, src, trg = edges[edge_id]
        if edge_id in added:
            return edge_id  # an argument, named by the edge
        target = relation_id(trg) if kind == "und" else trg
        return f"{src} {_KINDS[kind]} {target}"

    expected: dict[str, tuple[str, tuple[str, ...], str]] = {}
    on_node: dict[str, dict[str, list[str]]] = {a: {"supports": [], "attacks": [], "undercuts": []} for a in adus}
    arguments: list[str] = []
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - JSON strings are YAML strings
    for edge_id, (kind, src, trg) in edges.items():
        if kind not in _KINDS:
            continue
        relation = _KINDS[kind]
        target = relation_id(trg) if kind == "und" else trg
        sources = (src, *added.get(edge_id, ()))
        expected[relation_id(edge_id)] = (relation, sources, target)
        if edge_id in added:
            arguments += [f"  {edge_id}:", f"    premises: [{', '.join(sources)}]", f"    {relation}: {q(target)}"]
        else:
            on_node[src][relation].append(target)
    outgoing = {src for kind, src, _trg in edges.values() if kind in _KINDS or kind == "add"}
    lines = ["argmap: 1", f"title: {q(root.get('id'))}", "sources:", "  text:", "    path: text.txt", "claims:"]
    for adu in adus:
        lines.append(f"  {adu}:")
        lines.append(f"    text: {q(' '.join(quotes[adu]) or adu)}")
        if quotes[adu]:
            lines.append(f"    quote: [{', '.join(q(t) for t in quotes[adu])}]")
        else:
            lines.append("    implicit: true")
        if adu not in outgoing:
            lines.append("    thesis: true")
        for relation, targets in on_node[adu].items():
            if targets:
                lines.append(f"    {relation}: [{', '.join(q(t) for t in targets)}]")
    if arguments:
        lines += ["arguments:", *arguments]
    return "\n".join(lines) + "\n", expected


def test_the_corpus_is_there() -> None:
    assert len(MICROTEXTS) >= 100


@pytest.mark.parametrize("xml_path", MICROTEXTS, ids=lambda p: p.stem)
def test_microtext_quotes_anchor(xml_path: Path, tmp_path: Path) -> None:
    text_path = xml_path.with_suffix(".txt")
    shutil.copy(text_path, tmp_path / "text.txt")
    yaml_text, relations = microtext_map(xml_path)
    (tmp_path / "map.yaml").write_text(yaml_text, encoding="utf-8")
    loaded = load(tmp_path / "map.yaml")
    assert loaded.problems == [], yaml_text
    problems = validate(loaded)
    for problem in problems:
        assert problem.code and problem.location.line >= 1
    quote_problems = [f"{p.location}: {p.code} {p.message}" for p in problems if p.code in ("AM403", "AM404")]
    text = text_path.read_text(encoding="utf-8")
    repeated = [q for claim in loaded.records.claims.values() for q in claim.quote if text.count(q) > 1]
    if not repeated:
        # Every unit's text stands exactly once, so every quote must anchor.
        assert quote_problems == []
    errors = [f"{p.code} {p.message}" for p in problems if p.is_error and p.code not in ("AM403", "AM404")]
    assert errors == []
    # The map keeps every relation of the graph, undercuts and linked premises included.
    graph = loaded.graph
    assert {r.id: (r.kind, r.sources, r.target) for r in graph.complete} == relations
    assert len(graph.theses) == 1


def test_every_undercut_and_linked_premise_of_the_corpus_is_kept(tmp_path: Path) -> None:
    """Counted over the corpus: the structures the field's test set is made of all reach the graph."""
    undercuts = linked = texts_with_undercuts = 0
    for xml_path in MICROTEXTS:
        root = ET.parse(xml_path).getroot()
        kinds = [edge.get("type") for edge in root.iter("edge")]
        shutil.copy(xml_path.with_suffix(".txt"), tmp_path / "text.txt")
        (tmp_path / "map.yaml").write_text(microtext_map(xml_path)[0], encoding="utf-8")
        graph = load(tmp_path / "map.yaml").graph
        assert sum(r.kind == "undercuts" for r in graph.complete) == kinds.count("und")
        linked_edges = {edge.get("trg") for edge in root.iter("edge") if edge.get("type") == "add"}
        assert sum(r.linked for r in graph.complete) == len(linked_edges)
        undercuts += kinds.count("und")
        linked += len(linked_edges)
        texts_with_undercuts += "und" in kinds
    assert undercuts >= 60 and linked >= 20 and texts_with_undercuts >= 50
