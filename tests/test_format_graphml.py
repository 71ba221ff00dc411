"""The GraphML (yEd) export: read back with networkx, a maintained GraphML reader, it holds
the map's graph and data; its yEd graphics follow the SVG; no text becomes XML."""

from __future__ import annotations

import json
import re
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import SEED_MAP
from hypothesis import HealthCheck, assume, given, settings
from test_format_mermaid import hostile_maps, load_data

from argmap.exports import export, export_data
from argmap.formats.graphml import EDGE_KEYS, GRAPH_KEYS, NODE_KEYS, WRAP, layout, write, xml_text
from argmap.loader import LoadedMap, load

NS = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}


def graphml(loaded: LoadedMap) -> str:
    return export(loaded, "graphml")


def read(text: str, folder: Path) -> nx.MultiDiGraph:
    path = folder / "map.graphml"
    path.write_text(text, encoding="utf-8")
    return nx.read_graphml(path, force_multigraph=True)


def rebuilt_relations(graph: nx.MultiDiGraph) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """The map's relations as the GraphML data says them: relation id → (kind, sources, target),
    a junction standing for its relation's id."""
    def named(element: str) -> str:
        return graph.nodes[element]["argmap_id"]

    relations: dict[str, tuple[str, tuple[str, ...], str]] = {}
    premises: dict[str, list[str]] = {}
    edges = list(graph.edges(data=True))
    for source, target, data in edges:
        if data["role"] == "premise":
            assert graph.nodes[target]["type"] in ("argument", "junction")
            premises.setdefault(target, []).append(named(source))
    for source, target, data in edges:
        if data["role"] == "relation":
            relations[data["relation"]] = (data["inference"], (named(source),), named(target))
        elif data["role"] == "conclusion":
            junction = graph.nodes[source]
            assert junction["argmap_id"] == data["relation"] and junction["inference"] == data["inference"] and junction["target"] == named(target)
            # The premises in their order are the junction's data; its edges hold the same.
            sources = tuple(json.loads(junction["premises"]))
            assert sorted(premises[source]) == sorted(sources)
            relations[data["relation"]] = (data["inference"], sources, named(target))
    return relations


def assert_same_graph(loaded: LoadedMap, graph: nx.MultiDiGraph) -> None:
    nodes = {data["argmap_id"]: data for _, data in graph.nodes(data=True) if data["type"] in ("claim", "evidence")}
    assert sorted(nodes) == sorted(loaded.graph.nodes)
    for node_id, node in loaded.graph.nodes.items():
        assert nodes[node_id]["type"] == node.type
        assert nodes[node_id]["text"] == xml_text(node.record.text)
    assert rebuilt_relations(graph) == {r.id: (r.kind, r.sources, r.target) for r in loaded.graph.complete}
    undercut = {r.target for r in loaded.graph.complete if r.kind == "undercuts"}
    junctions = sorted(data["argmap_id"] for _, data in graph.nodes(data=True) if data["type"] in ("argument", "junction"))
    assert junctions == sorted(r.id for r in loaded.graph.complete if r.linked or r.id in undercut)
    edges = Counter(data["inference"] for *_, data in graph.edges(data=True) if data["role"] != "premise")
    assert edges == Counter(r.kind for r in loaded.graph.complete)


# --- the graph and its data --------------------------------------------------------------------


def test_the_seed_map_reads_back_as_its_graph(tmp_path: Path) -> None:
    loaded = load(SEED_MAP)
    graph = read(graphml(loaded), tmp_path)
    assert_same_graph(loaded, graph)
    assert graph.number_of_nodes() == 60 + 4 + 3  # nodes, arguments, undercut relations
    types = Counter(data["type"] for _, data in graph.nodes(data=True))
    assert types == {"claim": 31, "evidence": 29, "argument": 4, "junction": 3}


def test_every_node_keeps_its_data(tmp_path: Path) -> None:
    """What the JSON export says of each node, the GraphML says too: nothing is lost."""
    loaded = load(SEED_MAP)
    graph = read(graphml(loaded), tmp_path)
    exported = export_data(loaded)
    by_id = {data["argmap_id"]: data for _, data in graph.nodes(data=True)}
    for node in exported["nodes"]:
        data = by_id[node["id"]]
        assert data["type"] == node["type"]
        assert data.get("kind") == node["kind"]
        assert data["text"] == node["text"]
        assert json.loads(data.get("tags", "[]")) == node["tags"]
        assert data["implicit"] is node["implicit"]
        assert data["thesis"] is (node["id"] in loaded.graph.theses and node["type"] == "claim")
        assert data.get("note") == node["note"]
        assert data.get("asserted_by") == (node["asserted_by"]["id"] if node["asserted_by"] else None)
        assert data["status"] == node["status"]
        passages = json.loads(data.get("quote", "[]"))
        assert [(p["source"], p["quote"], p["start"], p["end"], p["line"]) for p in passages] == [
            (p["source"], p["quote"], p["start"], p["end"], p["line"]) for p in node["provenance"]
        ]
    for argument in exported["arguments"]:
        data = by_id[argument["id"]]
        assert (data["type"], data["inference"], json.loads(data["premises"]), data["target"]) == ("argument", argument["kind"], argument["premises"], argument["target"])
        assert data.get("text") == argument["text"] and data["status"] == argument["status"]
    relations = {r["id"]: r["status"] for r in exported["relations"]}
    for *_, data in graph.edges(data=True):
        assert data["status"] == relations[data["relation"]]
    assert graph.graph["title"] == exported["title"] and graph.graph["description"] == exported["description"]
    assert graph.graph["argmap"] == 1
    sources = json.loads(graph.graph["sources"])
    assert {key: value["sha256"] for key, value in sources.items()} == {s["id"]: s["sha256"] for s in exported["sources"]}
    assert set(json.loads(graph.graph["agents"])) == {a["id"] for a in exported["agents"]}


def test_every_structure_reads_back(structures: LoadedMap, tmp_path: Path) -> None:
    graph = read(graphml(structures), tmp_path)
    assert_same_graph(structures, graph)
    by_id = {data["argmap_id"]: element for element, data in graph.nodes(data=True)}
    # An undercut ends on the junction of the inference it denies.
    def edges(source: str, target: str) -> list[tuple[str, str]]:
        return [(d["inference"], d["role"]) for d in graph.get_edge_data(by_id[source], by_id[target], default={}).values()]

    for undercut, target in [("style", "afford"), ("x", "o undercuts a.b supports end"), ("click", "a-b attacks end")]:
        assert edges(undercut, target) == [("undercuts", "relation")]
    # An undercut that is undercut in turn goes through a junction of its own.
    assert edges("o", "o undercuts a.b supports end") == [("undercuts", "premise")]
    assert edges("o undercuts a.b supports end", "a.b supports end") == [("undercuts", "conclusion")]
    assert edges("deny", "counter") == [("undercuts", "conclusion")]
    assert edges("a.b", "a.b supports end") == [("supports", "premise")] and edges("a.b supports end", "end") == [("supports", "conclusion")]
    assert graph.nodes[by_id["counter"]]["inference"] == "attacks"
    assert graph.nodes[by_id["deny"]]["target"] == "counter"


def test_hostile_text_is_xml_text_and_reads_back_exactly(structures: LoadedMap, tmp_path: Path) -> None:
    text = graphml(structures)
    graph = read(text, tmp_path)
    by_id = {data["argmap_id"]: data for _, data in graph.nodes(data=True)}
    for node_id, node in structures.graph.nodes.items():
        assert by_id[node_id]["text"] == node.record.text
    assert by_id["a_b"]["text"] == "Supply is growing.\r\n%% not a comment"  # a carriage return survives
    assert by_id["graph"]["note"] == 'A note with "quotes" & <b>markup</b>'
    assert by_id["afford"]["scheme"] == 'practical <reasoning> & "more"'
    assert graph.graph["title"] == 'Every structure: "quotes" <b>bold</b> & end %% `ticks`'
    assert json.loads(graph.graph["agents"])["council"]["name"] == 'The <i>council</i> & "friends"'
    # No element of the map's text: only GraphML's and yEd's.
    tags = {element.tag for element in ET.fromstring(text.encode("utf-8")).iter()}
    assert {tag.split("}")[0] + "}" for tag in tags} == {"{" + NS["g"] + "}", "{" + NS["y"] + "}"}
    assert "<script" not in text and "<b>" not in text


def test_characters_xml_cannot_hold_are_replaced(write_map: Any, tmp_path: Path) -> None:
    loaded = load(
        write_map(
            """
            argmap: 1
            title: "Control \\x01 characters \\x7f"
            claims:
              c:
                text: "a\\x00b\\x1fc\\ud7ffd\\U0001F600"
                implicit: true
            """,
            source=None,
        )
    )
    graph = read(graphml(loaded), tmp_path)
    assert graph.nodes["c"]["text"] == "a\ufffdb\ufffdc\ud7ffd\U0001f600"
    # a map with them is refused (AM111); what is loaded anyway holds U+FFFD in their place
    assert graph.graph["title"] == "Control \ufffd characters \ufffd"


def test_the_export_is_deterministic(structures: LoadedMap) -> None:
    assert graphml(load(SEED_MAP)) == graphml(load(SEED_MAP)) == "".join(write(load(SEED_MAP)))
    assert graphml(structures) == graphml(structures)


def test_every_key_is_declared_once_with_a_name_and_a_type(structures: LoadedMap) -> None:
    root = ET.fromstring(graphml(structures).encode("utf-8"))
    keys = {key.get("id"): key for key in root.findall("g:key", NS)}
    assert len(keys) == len(root.findall("g:key", NS))
    declared = {key_id for key_id, *_ in GRAPH_KEYS + NODE_KEYS + EDGE_KEYS}
    assert declared <= set(keys)
    for key_id in declared:
        assert keys[key_id].get("attr.name") and keys[key_id].get("attr.type") in ("string", "boolean", "int")
    # Every data element names a declared key, for the element it is on.
    graph = root.find("g:graph", NS)
    assert graph is not None
    for owner, kind in [(graph, "graph"), *((n, "node") for n in graph.findall("g:node", NS)), *((e, "edge") for e in graph.findall("g:edge", NS))]:
        for data in owner.findall("g:data", NS):
            assert keys[data.get("key")].get("for") == kind
    # The graph's data comes before its nodes, the nodes before the edges (GraphML's order).
    order = [child.tag.split("}")[1] for child in graph]
    assert order == sorted(order, key=["data", "node", "edge"].index)
    ids = [n.get("id") for n in graph.findall("g:node", NS)]
    assert len(ids) == len(set(ids))
    for edge in graph.findall("g:edge", NS):
        assert edge.get("source") in ids and edge.get("target") in ids


# --- yEd's graphics ----------------------------------------------------------------------------


def shape_nodes(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text.encode("utf-8"))
    found = {}
    for node in root.iter(f"{{{NS['g']}}}node"):
        argmap_id = next(d.text for d in node.findall("g:data", NS) if d.get("key") == "n_id")
        shape = node.find("g:data/y:ShapeNode", NS)
        assert shape is not None
        assert [child.tag.split("}")[1] for child in shape] == ["Geometry", "Fill", "BorderStyle", *["NodeLabel"] * len(shape.findall("y:NodeLabel", NS)), "Shape"]
        found[argmap_id] = shape
    return found


def test_nodes_are_drawn_as_in_the_svg(structures: LoadedMap) -> None:
    shapes = shape_nodes(graphml(structures))

    def look(node_id: str) -> tuple[str | None, ...]:
        shape = shapes[node_id]
        border, fill = shape.find("y:BorderStyle", NS), shape.find("y:Fill", NS)
        assert border is not None and fill is not None
        return shape.find("y:Shape", NS).get("type"), fill.get("color"), border.get("color"), border.get("type"), border.get("width")  # type: ignore[union-attr]

    assert look("end") == ("roundrectangle", "#CFE5F7", "#0072B2", "line", "3.2")  # the thesis: thick border
    assert look("graph") == ("roundrectangle", "#EAF3FB", "#0072B2", "line", "1.2")  # a claim
    assert look("click") == ("rectangle", "#FFF4DC", "#E69F00", "line", "1.2")  # evidence
    assert look("a.b") == ("roundrectangle", "#FFFFFF", "#0072B2", "dashed", "1.2")  # implicit
    assert look("counter")[:3] == ("ellipse", "#D55E00", "#D55E00")  # a junction: a small dot in its kind's colour
    assert look("a.b supports end")[:3] == ("ellipse", "#009E73", "#009E73")
    assert look("afford") == ("roundrectangle", "#FFFFFF", "#009E73", "line", "1.4")  # an argument with a text
    labels = [label.text for label in shapes["graph"].findall("y:NodeLabel", NS)]
    assert labels[0] == "\n".join(textwrap.wrap(" ".join(structures.graph.nodes["graph"].record.text.split()), WRAP))
    assert labels[1:] == ["CLAIM · fact", "according to The <i>council</i> & \"friends\"\ngraph"]


def test_node_sizes_grow_with_their_text(structures: LoadedMap) -> None:
    shapes = shape_nodes(graphml(structures))

    def size(node_id: str) -> tuple[float, float]:
        geometry = shapes[node_id].find("y:Geometry", NS)
        assert geometry is not None
        return float(geometry.get("width", 0)), float(geometry.get("height", 0))

    assert size("counter") == (10.0, 10.0)
    assert size("end")[1] > size("class")[1] and size("end")[0] > size("class")[0]
    for shape in shapes.values():
        geometry = shape.find("y:Geometry", NS)
        assert geometry is not None
        for label in shape.findall("y:NodeLabel", NS):
            assert float(label.get("width", 0)) <= float(geometry.get("width", 0)) and float(label.get("height", 0)) <= float(geometry.get("height", 0))


def test_edges_are_drawn_as_in_the_svg(structures: LoadedMap) -> None:
    root = ET.fromstring(graphml(structures).encode("utf-8"))
    seen = set()
    for edge in root.iter(f"{{{NS['g']}}}edge"):
        data = {d.get("key"): d.text for d in edge.findall("g:data", NS)}
        line = edge.find("g:data/y:PolyLineEdge/y:LineStyle", NS)
        arrows = edge.find("g:data/y:PolyLineEdge/y:Arrows", NS)
        assert line is not None and arrows is not None
        look = (line.get("color"), line.get("type"), arrows.get("source"), arrows.get("target"))
        expected = {
            "supports": ("#009E73", "line", "none", "standard"),
            "attacks": ("#D55E00", "dashed", "none", "t_shape"),
            "undercuts": ("#CC79A7", "dotted", "none", "diamond"),
        }[data["e_inference"]]
        if data["e_role"] == "premise":
            expected = (*expected[:3], "none")  # a premise's line into its junction has no head
        assert look == expected
        seen.add((data["e_inference"], data["e_role"]))
    assert seen == {(kind, role) for kind in ("supports", "attacks", "undercuts") for role in ("relation", "premise", "conclusion")} - {("attacks", "relation")}


def test_a_label_is_never_read_as_html_by_yed(write_map: Any, tmp_path: Path) -> None:
    loaded = load(
        write_map(
            """
            argmap: 1
            title: T
            claims:
              c:
                text: "<html><b>bold</b></html>"
                implicit: true
            """,
            source=None,
        )
    )
    text = graphml(loaded)
    labels = [label.text or "" for label in ET.fromstring(text.encode("utf-8")).iter(f"{{{NS['y']}}}NodeLabel")]
    assert labels and not any(label.lower().startswith("<html>") for label in labels)
    assert labels[0] == " <html><b>bold</b></html>"
    assert read(text, tmp_path).nodes["c"]["text"] == "<html><b>bold</b></html>"


def test_the_layout_places_layers_in_the_diagram_s_direction() -> None:
    successors = {"a": ["t"], "b": ["t"], "c": ["a"], "t": []}
    sizes = {name: (100.0, 40.0) for name in successors}
    right_to_left = layout(list(successors), successors, sizes, "RL")
    assert right_to_left["t"][0] < right_to_left["a"][0] == right_to_left["b"][0] < right_to_left["c"][0]
    bottom_to_top = layout(list(successors), successors, sizes, "BT")
    assert bottom_to_top["t"][1] < bottom_to_top["a"][1] < bottom_to_top["c"][1]
    top_to_bottom = layout(list(successors), successors, sizes, "TB")
    assert top_to_bottom["t"][1] > top_to_bottom["a"][1] > top_to_bottom["c"][1]
    # Cycles (attacks both ways) do not stop it, and no two nodes share a place.
    cycle = {"a": ["b"], "b": ["a"]}
    placed = layout(["a", "b"], cycle, {"a": (10.0, 10.0), "b": (10.0, 10.0)}, "RL")
    assert placed["a"] != placed["b"]


def test_the_seed_map_s_nodes_do_not_overlap() -> None:
    shapes = shape_nodes(graphml(load(SEED_MAP)))
    boxes = []
    for shape in shapes.values():
        geometry = shape.find("y:Geometry", NS)
        assert geometry is not None
        x, y, w, h = (float(geometry.get(key, 0)) for key in ("x", "y", "width", "height"))
        boxes.append((x, y, x + w, y + h))
    for number, one in enumerate(boxes):
        for other in boxes[number + 1 :]:
            assert one[2] <= other[0] or other[2] <= one[0] or one[3] <= other[1] or other[3] <= one[1]


# --- generated maps ----------------------------------------------------------------------------


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(hostile_maps())
def test_generated_maps_read_back_as_their_graph(tmp_path: Path, data: dict[str, Any]) -> None:
    loaded = load_data(data, tmp_path)
    assume(loaded.records is not None)
    text = graphml(loaded)
    assert text == graphml(load_data(data, tmp_path))
    graph = read(text, tmp_path)
    assert_same_graph(loaded, graph)
    assert graph.graph["title"] == xml_text(loaded.records.title)  # type: ignore[union-attr]
    assert re.match(r'<\?xml version="1.0" encoding="utf-8"\?>\n<graphml ', text)


def test_the_cli_exports_graphml(structures: LoadedMap, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from argmap.cli import cli

    output = tmp_path / "out.graphml"
    result = CliRunner().invoke(cli, ["export", str(structures.path), "--format", "graphml", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == graphml(load(structures.path))


def test_every_microtext_reads_back_as_its_graph(tmp_path: Path) -> None:
    """The arg-microtexts corpus (112 argument graphs with undercuts and linked premises), as
    argmap maps (tests/test_corpora.py): each GraphML export reads back as the map's graph."""
    import shutil

    from test_corpora import MICROTEXTS, microtext_map  # skips, as the corpus tests do, without the corpus

    for xml_path in MICROTEXTS:
        folder = tmp_path / xml_path.stem
        folder.mkdir()
        shutil.copy(xml_path.with_suffix(".txt"), folder / "text.txt")
        (folder / "map.yaml").write_text(microtext_map(xml_path)[0], encoding="utf-8")
        loaded = load(folder / "map.yaml")
        assert_same_graph(loaded, read(graphml(loaded), folder))
    assert len(MICROTEXTS) >= 100


def test_nothing_depends_on_the_graphml_ids(structures: LoadedMap, tmp_path: Path) -> None:
    """yEd numbers nodes and edges anew when it saves (n0, n1..., e0, e1...), and may write
    them in another order: the map is read from the data alone."""
    text = graphml(structures)
    # Done on the text, as ElementTree would write a carriage return in element text as is.
    node_ids = re.findall(r'<node id="([^"]+)">', text)
    renamed = {node_id: f"n{number}" for number, node_id in enumerate(reversed(node_ids))}
    text = re.sub(r'<node id="([^"]+)">', lambda m: f'<node id="{renamed[m.group(1)]}">', text)
    text = re.sub(r'(<edge id="e\d+") source="([^"]+)" target="([^"]+)"', lambda m: f'{m.group(1)} source="{renamed[m.group(2)]}" target="{renamed[m.group(3)]}"', text)
    edges = re.findall(r"    <edge .*?</edge>\n", text, flags=re.DOTALL)
    assert len(edges) == text.count("<edge ") > 10
    start = text.index(edges[0])
    text = text[:start] + "".join(reversed(edges)) + text[start + sum(map(len, edges)) :]
    text = re.sub(r'<edge id="e\d+"', lambda m, count=iter(range(len(edges))): f'<edge id="e{next(count)}"', text)
    assert_same_graph(structures, read(text, tmp_path))


def test_a_map_with_format_errors_is_not_exported(write_map: Any) -> None:
    from argmap.exports import ExportError

    loaded = load(write_map("- not\n- a map\n", source=None))
    assert loaded.records is None
    with pytest.raises(ExportError, match="format errors"):
        graphml(loaded)
