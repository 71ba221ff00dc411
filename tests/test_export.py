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


def test_relations_match_the_yaml_exactly(exported: dict, seed_yaml: dict) -> None:
    expected = set()
    for section in ("claims", "evidence"):
        for node_id, node in seed_yaml[section].items():
            for relation in ("supports", "attacks"):
                targets = node.get(relation) or []
                for target in [targets] if isinstance(targets, str) else targets:
                    expected.add((node_id, target, relation))
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
    # One source, agent, node or relation a line.
    lines = "".join(pieces).splitlines()
    assert sum(1 for line in lines if line.startswith('    {"id": ') and '"provenance"' in line) == len(export_data(loaded)["nodes"])


def test_a_map_without_agents_or_relations_exports_empty_lists(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("Rain fell.\n", encoding="utf-8")
    path = tmp_path / "m.yaml"
    path.write_text("argmap: 1\ntitle: T\nsources:\n  s:\n    path: s.txt\nclaims:\n  a:\n    text: A\n    quote: Rain fell.\n", encoding="utf-8")
    data = json.loads(export(load(path), "json"))
    assert (data["agents"], data["relations"], [n["id"] for n in data["nodes"]]) == ([], [], ["a"])


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
