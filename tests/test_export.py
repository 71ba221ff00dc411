"""The JSON export of the seed map: the contract other tools build on."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from conftest import SEED_MAP

from argmap.anchoring import fold_quote
from argmap.exports import ExportError, export
from argmap.loader import load


@pytest.fixture(scope="module")
def exported() -> dict:
    return json.loads(export(load(SEED_MAP), "json"))


@pytest.fixture(scope="module")
def seed_yaml() -> dict:
    return yaml.safe_load(SEED_MAP.read_text(encoding="utf-8"))


def _source_texts(exported: dict) -> dict[str, str]:
    return {s["id"]: (SEED_MAP.parent / s["path"]).read_text(encoding="utf-8") for s in exported["sources"]}


def test_top_level_contract_keys(exported: dict) -> None:
    assert {"argmap", "title", "sources", "nodes", "relations"} <= set(exported)
    assert exported["argmap"] == 1
    assert exported["title"] == "From Mumbai to Paris"


def test_sources_have_id_path_and_the_sha256_of_the_file(exported: dict, seed_yaml: dict) -> None:
    assert [s["id"] for s in exported["sources"]] == list(seed_yaml["sources"])
    for source in exported["sources"]:
        assert {"id", "path", "sha256"} <= set(source)
        assert source["path"] == seed_yaml["sources"][source["id"]]["path"]
        raw = (SEED_MAP.parent / source["path"]).read_bytes()
        assert source["sha256"] == hashlib.sha256(raw).hexdigest()


def test_every_node_is_exported_with_its_type(exported: dict, seed_yaml: dict) -> None:
    expected = [(i, "claim") for i in seed_yaml["claims"]] + [(i, "evidence") for i in seed_yaml["evidence"]]
    assert [(n["id"], n["type"]) for n in exported["nodes"]] == expected
    for node in exported["nodes"]:
        section = "claims" if node["type"] == "claim" else "evidence"
        assert node["text"] == seed_yaml[section][node["id"]]["text"]


def _listed(value: object) -> list:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def test_relations_match_the_yaml_exactly(exported: dict, seed_yaml: dict) -> None:
    expected = set()
    for section in ("claims", "evidence"):
        for node_id, node in seed_yaml[section].items():
            for relation in ("supports", "attacks", "undercuts"):
                for target in _listed(node.get(relation)):
                    expected.add((node_id, " ".join(target.split()), relation))
    for argument_id, argument in (seed_yaml.get("arguments") or {}).items():
        for relation in ("supports", "attacks", "undercuts"):
            if argument.get(relation):
                expected.add((argument_id, argument[relation], relation))
    got = [(r["from"], r["to"], r["type"]) for r in exported["relations"]]
    assert len(got) == len(set(got))
    assert set(got) == expected


def test_every_quote_is_exported_as_provenance(exported: dict, seed_yaml: dict) -> None:
    for node in exported["nodes"]:
        section = "claims" if node["type"] == "claim" else "evidence"
        quotes = seed_yaml[section][node["id"]].get("quote") or []
        quotes = [quotes] if isinstance(quotes, str) else quotes
        assert [item["quote"] for item in node["provenance"]] == quotes


def test_provenance_offsets_point_at_the_quote(exported: dict) -> None:
    texts = _source_texts(exported)
    items = [item for node in exported["nodes"] for item in node["provenance"]]
    assert len(items) > 50
    for item in items:
        text = texts[item["source"]]
        start, end = item["start"], item["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert 0 <= start < end <= len(text)
        assert fold_quote(text[start:end]) == fold_quote(item["quote"]), item["quote"]
        assert item["text"] == text[start:end]


def test_provenance_line_column_sentence_paragraph(exported: dict) -> None:
    texts = _source_texts(exported)
    for node in exported["nodes"]:
        for item in node["provenance"]:
            text = texts[item["source"]]
            start = item["start"]
            assert item["line"] == text.count("\n", 0, start) + 1
            assert item["column"] == start - (text.rfind("\n", 0, start) + 1) + 1
            for key in ("sentence", "paragraph"):
                assert isinstance(item[key], int) and not isinstance(item[key], bool) and item[key] >= 1


def test_sentence_numbers_follow_the_text_order(exported: dict) -> None:
    items = sorted((item for node in exported["nodes"] for item in node["provenance"]), key=lambda i: i["start"])
    sentences = [item["sentence"] for item in items]
    assert sentences == sorted(sentences)


def test_known_quote_position(exported: dict) -> None:
    (node,) = [n for n in exported["nodes"] if n["id"] == "baghdad-bombings"]
    (item,) = node["provenance"]
    assert (item["line"], item["column"]) == (13, 519)
    assert item["text"] == "There were bombings in Baghdad."


def test_implicit_nodes_have_no_provenance(exported: dict) -> None:
    implicit = [n for n in exported["nodes"] if n["implicit"]]
    assert implicit, "the seed map has implicit premises"
    assert all(n["provenance"] == [] for n in implicit)


def test_theses_are_marked(exported: dict, seed_yaml: dict) -> None:
    theses = {node_id for node_id, claim in seed_yaml["claims"].items() if claim.get("thesis")}
    assert {n["id"] for n in exported["nodes"] if n["thesis"]} == theses


def test_export_is_deterministic() -> None:
    assert export(load(SEED_MAP), "json") == export(load(SEED_MAP), "json")


def test_export_refuses_unknown_format() -> None:
    with pytest.raises(ExportError):
        export(load(SEED_MAP), "xml")


def test_export_refuses_a_map_with_format_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("- not a map\n", encoding="utf-8")
    with pytest.raises(ExportError):
        export(load(path), "json")


def test_the_export_written_in_pieces_is_the_export_and_its_data(tmp_path: Path) -> None:
    from argmap.exports import export_chunks, export_data

    loaded = load(SEED_MAP)
    pieces = list(export_chunks(loaded, "json"))
    assert len(pieces) > 3  # written as it is made, not built whole first
    assert "".join(pieces) == export(loaded, "json")
    assert json.loads("".join(pieces)) == export_data(loaded)
    # One source, agent, node, relation or argument a line; the arguments come after the relations.
    lines = "".join(pieces).splitlines()
    data = export_data(loaded)
    assert sum(1 for line in lines if line.startswith('    {"id": ') and '"provenance"' in line) == len(data["nodes"]) + len(data["arguments"])
    assert sum(1 for line in lines if line.startswith('    {"from": ')) == len(data["relations"])
    assert list(data)[-2:] == ["relations", "arguments"]


def test_a_map_without_agents_or_relations_exports_empty_lists(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("Rain fell.\n", encoding="utf-8")
    path = tmp_path / "m.yaml"
    path.write_text("argmap: 1\ntitle: T\nsources:\n  s:\n    path: s.txt\nclaims:\n  a:\n    text: A\n    quote: Rain fell.\n", encoding="utf-8")
    data = json.loads(export(load(path), "json"))
    assert (data["agents"], data["relations"], data["arguments"], [n["id"] for n in data["nodes"]]) == ([], [], [], ["a"])
    assert data["nodes"][0]["status"] == "accepted"


def test_a_failure_while_writing_pieces_leaves_the_old_file(tmp_path: Path) -> None:
    from argmap.fsutil import write_atomic

    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def pieces():
        yield b"new, half"
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_atomic(target, pieces())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


# --- the contract before linked premises and undercuts, kept ------------------------------------

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
#: The seed map as it stood before arguments and undercuts existed, and the from/to/type of every
#: relation its export gave then (tests/fixtures/golden/mumbai-to-paris.relations.json).
SEED_V1 = GOLDEN / "mumbai-to-paris-v1.yaml"
OLD_RELATIONS = GOLDEN / "mumbai-to-paris.relations.json"
OLD_NODE_KEYS = {"id", "type", "kind", "text", "tags", "implicit", "thesis", "note", "asserted_by", "provenance"}
OLD_PROVENANCE_KEYS = {"source", "quote", "start", "end", "line", "column", "sentence", "paragraph", "text", "prefix", "suffix"}
NEW_RELATION_KEYS = {"id", "sources", "target", "target_type", "argument", "status"}
LABELS = {"accepted", "rejected", "undecided"}


@pytest.fixture(scope="module")
def exported_v1() -> dict:
    return json.loads(export(load(SEED_V1), "json"))


def test_the_old_relations_are_exported_as_before(exported_v1: dict) -> None:
    old = json.loads(OLD_RELATIONS.read_text(encoding="utf-8"))
    assert [[r["from"], r["to"], r["type"]] for r in exported_v1["relations"]] == old


def test_old_keys_keep_their_meaning(exported_v1: dict) -> None:
    for relation in exported_v1["relations"]:
        # A node's own support or attack: from the node, to the node, as written.
        assert relation["sources"] == [relation["from"]] and relation["target"] == relation["to"]
        assert relation["target_type"] == "node" and relation["argument"] is None
        assert relation["id"] == f"{relation['from']} {relation['type']} {relation['to']}"
    for node in exported_v1["nodes"]:
        assert OLD_NODE_KEYS | {"status"} == set(node)
        for item in node["provenance"]:
            assert OLD_PROVENANCE_KEYS <= set(item)
    assert exported_v1["arguments"] == []


# --- the new keys ---------------------------------------------------------------------------------

STRUCTURES = GOLDEN / "structures.yaml"


@pytest.fixture(scope="module")
def structures() -> dict:
    return json.loads(export(load(STRUCTURES), "json"))


def test_every_relation_has_the_new_keys(exported: dict, structures: dict) -> None:
    for data in (exported, structures):
        for relation in data["relations"]:
            assert {"from", "to", "type"} | NEW_RELATION_KEYS == set(relation)
            assert relation["status"] in LABELS
            assert relation["target_type"] == ("relation" if relation["type"] == "undercuts" else "node")


def test_an_arguments_relation_is_drawn_from_the_argument(structures: dict) -> None:
    [need] = [r for r in structures["relations"] if r["id"] == "need"]
    assert need == {
        "from": "need", "to": "build-school", "type": "supports", "id": "need", "sources": ["too-small", "town-growing"],
        "target": "build-school", "target_type": "node", "argument": "need", "status": "accepted",
    }


def test_an_undercut_points_at_the_relation_it_undercuts(structures: dict) -> None:
    by_id = {r["id"]: r for r in structures["relations"]}
    undercut = by_id["grant undercuts no-money attacks build-school"]
    assert (undercut["from"], undercut["to"], undercut["type"]) == ("grant", "no-money attacks build-school", "undercuts")
    assert undercut["target_type"] == "relation" and undercut["to"] in by_id
    of_undercut = by_id["report-outdated undercuts grant undercuts no-money attacks build-school"]
    assert of_undercut["to"] == undercut["id"]
    by_argument = [r for r in structures["relations"] if r["argument"] == "plain-doubt"]
    assert [(r["from"], r["to"], r["type"], r["sources"]) for r in by_argument] == [
        ("plain-doubt", "growth-temporary undercuts need", "undercuts", ["planners-biased", "planners-unreliable"])
    ]
    # Every relation an undercut names is itself exported.
    assert all(r["to"] in by_id for r in structures["relations"] if r["target_type"] == "relation")


def test_arguments_are_exported_with_their_provenance(structures: dict) -> None:
    assert [a["id"] for a in structures["arguments"]] == ["need", "plain-doubt", "against-temporary"]
    need = structures["arguments"][0]
    assert {k: need[k] for k in ("premises", "kind", "target", "text", "scheme", "note", "tags", "status")} == {
        "premises": ["too-small", "town-growing"], "kind": "supports", "target": "build-school",
        "text": "A full school in a growing town needs more room.", "scheme": "argument from need",
        "note": "The linked premises of the text.", "tags": ["needs"], "status": "accepted",
    }
    [item] = need["provenance"]
    node_item = next(n for n in structures["nodes"] if n["provenance"])["provenance"][0]
    assert set(item) == set(node_item) == OLD_PROVENANCE_KEYS | {"link"}
    text = (GOLDEN / "structures.txt").read_text(encoding="utf-8")
    assert text[item["start"] : item["end"]] == item["quote"] == "Since the school is full and the town is growing, a new school is needed."
    assert (item["line"], item["sentence"]) == (5, 7)
    plain = structures["arguments"][1]
    assert (plain["kind"], plain["target"], plain["target_type"], plain["provenance"], plain["text"], plain["scheme"]) == (
        "undercuts", "growth-temporary undercuts need", "relation", [], None, None
    )


def test_statuses_are_the_grounded_labels(structures: dict) -> None:
    from argmap.evaluation import evaluate

    labelling = evaluate(load(STRUCTURES).graph)
    assert {n["id"]: n["status"] for n in structures["nodes"]} == {k: v.value for k, v in labelling.nodes.items()}
    assert {r["id"]: r["status"] for r in structures["relations"]} == {k: v.value for k, v in labelling.relations.items()}
    assert {a["id"]: a["status"] for a in structures["arguments"]} == {a: labelling.relations[a].value for a in ("need", "plain-doubt", "against-temporary")}
    assert {n["status"] for n in structures["nodes"]} == LABELS
