"""Rendering: DOT built in Python, laid out by Graphviz, stamped with a digest."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SEED_MAP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.anchoring import fold_quote
from argmap.diagram import (
    RenderError,
    RenderOptions,
    build_dot,
    read_digest,
    render,
    render_digest,
)
from argmap.exports import export_data
from argmap.kinds import ClaimKind, EvidenceKind
from argmap.loader import LoadedMap, load
from argmap.validation import validate

pytestmark = pytest.mark.graphviz

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_ids(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [g.get("id", "") for g in root.iter(f"{SVG_NS}g")]


@pytest.fixture(scope="module")
def seed() -> LoadedMap:
    return load(SEED_MAP)


@pytest.fixture(scope="module")
def seed_svg(seed: LoadedMap) -> bytes:
    return render(seed, "svg")


def test_dot_is_installed() -> None:
    # `make test` installs Graphviz; these tests must run, not skip.
    assert shutil.which("dot"), "Graphviz `dot` is not on PATH"


def test_seed_svg_has_a_group_per_node_and_per_relation(seed: LoadedMap, seed_svg: bytes) -> None:
    ids = svg_ids(seed_svg)
    model = seed.records
    for node_id, _type, _node in model.nodes():
        assert ids.count(f"node-{node_id}") == 1, node_id
    relations = [(n, t) for n, _type, node in model.nodes() for t in (*node.supports, *node.attacks)]
    edges = [i for i in ids if i.startswith("edge-")]
    assert len(edges) == len(relations) > 0
    for node_id, _type, node in model.nodes():
        for target in node.supports:
            assert f"edge-{node_id}-supports-{target}" in edges
        for target in node.attacks:
            assert f"edge-{node_id}-attacks-{target}" in edges


def test_rendering_twice_gives_identical_bytes(seed: LoadedMap, seed_svg: bytes) -> None:
    assert render(load(SEED_MAP), "svg") == seed_svg
    assert render(seed, "png") == render(load(SEED_MAP), "png")


@pytest.mark.parametrize("fmt", ["svg", "png", "dot"])
def test_renders_carry_the_digest(seed: LoadedMap, fmt: str) -> None:
    data = render(seed, fmt)
    assert read_digest(data) == render_digest(seed, RenderOptions())
    if fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    if fmt == "svg":
        ET.fromstring(data)  # the stamp keeps the SVG well-formed


def test_digest_changes_with_the_map_and_the_source(tmp_path: Path) -> None:
    shutil.copy(GOLDEN / "tiny.yaml", tmp_path / "tiny.yaml")
    shutil.copy(GOLDEN / "tiny.txt", tmp_path / "tiny.txt")
    before = render_digest(load(tmp_path / "tiny.yaml"), RenderOptions())
    assert render_digest(load(tmp_path / "tiny.yaml"), RenderOptions()) == before
    assert render_digest(load(tmp_path / "tiny.yaml"), RenderOptions(direction="LR")) != before
    map_text = (tmp_path / "tiny.yaml").read_text(encoding="utf-8")
    (tmp_path / "tiny.yaml").write_text(map_text.replace("The budget is tight.", "Money is short."), encoding="utf-8")
    edited = render_digest(load(tmp_path / "tiny.yaml"), RenderOptions())
    assert edited != before
    (tmp_path / "tiny.txt").write_text((GOLDEN / "tiny.txt").read_text(encoding="utf-8") + "A new line.\n", encoding="utf-8")
    assert render_digest(load(tmp_path / "tiny.yaml"), RenderOptions()) != edited


def test_read_digest_of_unstamped_data_is_none() -> None:
    assert read_digest(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert read_digest(b"") is None


def test_golden_dot_of_a_tiny_map() -> None:
    golden = GOLDEN / "tiny.dot"
    actual = build_dot(load(GOLDEN / "tiny.yaml"))
    if os.environ.get("ARGMAP_UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing; create it with: ARGMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest {__file__}"
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, (
        f"the DOT of {GOLDEN / 'tiny.yaml'} differs from {golden}. If the change is intended, "
        f"regenerate the golden file with: ARGMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py -k golden "
        "and review the diff before committing it."
    )


def test_tiny_map_dot_lays_out(tmp_path: Path) -> None:
    svg = render(load(GOLDEN / "tiny.yaml"), "svg")
    ids = svg_ids(svg)
    for node_id in ("repair-now", "cheaper", "budget-tight", "safety-first", "crack"):
        assert f"node-{node_id}" in ids


def test_render_error_when_dot_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load(SEED_MAP)  # a map loaded once keeps its drawing; this one has none yet
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(RenderError, match="Graphviz"):
        render(fresh, "svg")


def test_render_refuses_unknown_format(seed: LoadedMap) -> None:
    with pytest.raises(RenderError):
        render(seed, "gif")


def test_render_refuses_a_map_with_format_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(RenderError):
        render(load(broken), "svg")


@pytest.mark.parametrize("node_id", ["argmap-legend", "legend", "node", "edge", "graph", "yes", "2015", "a.b"])
def test_every_valid_id_is_drawn(tmp_path: Path, node_id: str) -> None:
    (tmp_path / "s.txt").write_text("Rain fell on the town. People left their homes.\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "argmap: 1\ntitle: T\nsources:\n  s:\n    path: s.txt\nclaims:\n"
        f"  {node_id}:\n    text: A\n    quote: Rain fell on the town.\n    supports: other\n"
        "  other:\n    text: B\n    quote: People left their homes.\n",
        encoding="utf-8",
    )
    loaded = load(tmp_path / "m.yaml")
    assert validate(loaded) == []
    ids = svg_ids(render(loaded, "svg"))
    assert f"node-{node_id}" in ids
    assert "node-other" in ids
    assert f"edge-{node_id}-supports-other" in ids


# --- property: any valid map validates clean, exports and builds DOT ------------------------------

SEPARATORS = [" ", " ", " ", "\u00a0", "\n", "  "]
TRICKY_IDS = ["yes", "no", "null", "true", "2015", "1.5", "node", "edge", "graph", "a.b", "_x", "x-y_z.1"]
ids = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,12}", fullmatch=True) | st.sampled_from(TRICKY_IDS)
words = st.from_regex(r"[a-z]{1,8}", fullmatch=True)


@st.composite
def valid_maps(draw) -> dict:
    node_ids = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    n = len(node_ids)
    sentences, quotes = [], {}
    for index, node_id in enumerate(node_ids):
        implicit = draw(st.booleans()) if n > 1 else False
        if implicit:
            continue
        # A marker word makes every sentence (and every quote, which starts with it) unique.
        body = [f"Item{index}x"] + draw(st.lists(words, min_size=1, max_size=8))
        seps = [draw(st.sampled_from(SEPARATORS)) for _ in body]
        sentence = "".join(w + s for w, s in zip(body, seps)).rstrip() + "."
        sentences.append(sentence)
        cut = draw(st.integers(2, len(body) + 1))
        quotes[node_id] = " ".join(body[:cut]) + ("." if cut > len(body) else "")
    filler = draw(st.lists(words, max_size=6))
    source = " ".join(filler) + ("\n" if filler else "") + "\n".join(sentences) + "\n"
    nodes = []
    for index, node_id in enumerate(node_ids):
        is_claim = draw(st.booleans())
        supports = sorted(set(draw(st.lists(st.sampled_from(node_ids[:index]), max_size=2)))) if index else []
        others = [o for o in node_ids if o != node_id and o not in supports]
        attacks = sorted(set(draw(st.lists(st.sampled_from(others), max_size=2)))) if others else []
        kinds = [k.value for k in (ClaimKind if is_claim else EvidenceKind)]
        nodes.append(
            {
                "id": node_id,
                "type": "claim" if is_claim else "evidence",
                "text": " ".join(draw(st.lists(words, min_size=1, max_size=6))) + draw(st.sampled_from(["", " <&>", " “x”", " é"])),
                "kind": draw(st.none() | st.sampled_from(kinds)),
                "thesis": is_claim and draw(st.booleans()),
                "quote": quotes.get(node_id),
                "supports": supports,
                "attacks": attacks,
            }
        )
    return {"source": source, "nodes": nodes}


def map_yaml(spec: dict) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - a JSON string is a YAML double-quoted string
    lines = ["argmap: 1", "title: Generated map", "sources:", "  src:", "    path: source.txt"]
    for section, node_type in (("claims", "claim"), ("evidence", "evidence")):
        members = [node for node in spec["nodes"] if node["type"] == node_type]
        if not members:
            continue
        lines.append(f"{section}:")
        for node in members:
            lines.append(f"  {node['id']}:")
            lines.append(f"    text: {q(node['text'])}")
            if node["kind"]:
                lines.append(f"    kind: {node['kind']}")
            if node["thesis"]:
                lines.append("    thesis: true")
            if node["quote"] is None:
                lines.append("    implicit: true")
            else:
                lines.append(f"    quote: {q(node['quote'])}")
            for relation in ("supports", "attacks"):
                if node[relation]:
                    lines.append(f"    {relation}: [{', '.join(q(t) for t in node[relation])}]")
    return "\n".join(lines) + "\n"


def load_spec(spec: dict, folder: Path) -> LoadedMap:
    (folder / "source.txt").write_text(spec["source"], encoding="utf-8")
    (folder / "map.yaml").write_text(map_yaml(spec), encoding="utf-8")
    return load(folder / "map.yaml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_any_valid_map_validates_exports_and_builds_dot(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_spec(spec, Path(folder))
        problems = validate(loaded)
        assert [p for p in problems if p.is_error] == [], map_yaml(spec)
        assert {p.code for p in problems} <= {"AM303"}

        data = export_data(loaded)
        assert [n["id"] for n in data["nodes"]] == [n["id"] for n in spec["nodes"] if n["type"] == "claim"] + [
            n["id"] for n in spec["nodes"] if n["type"] == "evidence"
        ]
        expected = {(n["id"], t, r) for n in spec["nodes"] for r in ("supports", "attacks") for t in n[r]}
        assert {(r["from"], r["to"], r["type"]) for r in data["relations"]} == expected
        for node in data["nodes"]:
            for item in node["provenance"]:
                assert fold_quote(spec["source"][item["start"] : item["end"]]) == fold_quote(item["quote"])
                assert item["line"] == spec["source"].count("\n", 0, item["start"]) + 1

        dot = build_dot(loaded)
        assert dot == build_dot(loaded)
        for node in spec["nodes"]:
            assert f'id="node-{node["id"]}"' in dot


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_generated_maps_lay_out_with_graphviz(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_spec(spec, Path(folder))
        svg = render(loaded, "svg")
        ids = svg_ids(svg)
        for node in spec["nodes"]:
            assert f"node-{node['id']}" in ids
        assert read_digest(svg) == render_digest(loaded, RenderOptions())
