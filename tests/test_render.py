"""Rendering: DOT built in Python, laid out by Graphviz, stamped with a digest."""

from __future__ import annotations

import json
import os
import re
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
    PURPLE,
    REJECTED_FILL,
    RENDER_STYLE,
    RenderError,
    RenderOptions,
    build_dot,
    element_keys,
    junction_name,
    read_digest,
    read_stamp,
    render_digest,
)
from argmap.exports import export_data
from argmap.kinds import ClaimKind, EvidenceKind
from argmap.loader import LoadedMap, load
from argmap.rendering import render
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
    graph = seed.graph
    for node_id in graph.nodes:
        assert ids.count(f"node-{node_id}") == 1, node_id
    keys = element_keys(graph)
    junctions = {r.id for r in graph.complete if r.linked} | {r.target for r in graph.complete if r.kind == "undercuts"}
    expected = []
    for relation in graph.complete:
        key = keys[relation.id]
        expected.append(f"edge-{key}")
        if relation.id in junctions:
            expected.extend(f"edge-{key}~{source}" for source in relation.sources)
    edges = [i for i in ids if i.startswith("edge-")]
    assert sorted(edges) == sorted(expected) and edges
    assert sorted(i for i in ids if i.startswith("junction-")) == sorted(f"junction-{keys[r]}" for r in junctions)
    # A node's own support or attack keeps the id it always had.
    for relation in graph.complete:
        if not relation.linked and relation.kind != "undercuts" and relation.id not in junctions:
            assert f"edge-{relation.sources[0]}-{relation.kind}-{relation.target}" in edges


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


# --- linked premises, undercuts and status ------------------------------------------------------

STRUCTURES = GOLDEN / "structures.yaml"
HOSTILE_TEXT = 'Growth </TD></TABLE>> doubled "twice" \\N \\G & <b>more</b>\nstill'
HOSTILE_SCHEME = 'say "no" <i>to</i> \\N'


@pytest.fixture(scope="module")
def structures() -> LoadedMap:
    return load(STRUCTURES)


@pytest.fixture(scope="module")
def structures_dot(structures: LoadedMap) -> str:
    return build_dot(structures)


@pytest.fixture(scope="module")
def structures_svg(structures: LoadedMap) -> bytes:
    return render(structures, "svg")


def dot_statements(dot: str) -> list[str]:
    """The statements of a DOT text, a statement that spans lines (a tooltip) joined to one."""
    statements: list[str] = []
    for line in dot.splitlines():
        if line.startswith("\t"):
            statements.append(line.strip())
        elif statements:
            statements[-1] += "\n" + line
    return statements


def edge(dot: str, tail: str, head: str) -> str:
    """The attribute list of the one edge from ``tail`` to ``head`` (DOT names, quoted as written)."""
    from argmap.dotlang import quote_name

    found = [s for s in dot_statements(dot) if s.startswith(f"{quote_name(tail)} -> {quote_name(head)} [")]
    assert len(found) == 1, (tail, head, found)
    return found[0]


def node(dot: str, name: str) -> str:
    from argmap.dotlang import quote_name

    found = [s for s in dot_statements(dot) if s.startswith(f"{quote_name(name)} [")]
    assert len(found) == 1, (name, found)
    return found[0]


def test_the_render_style_is_bumped_for_the_new_drawing() -> None:
    assert RENDER_STYLE == "argmap-render-2"


def test_the_structures_map_is_valid(structures: LoadedMap) -> None:
    assert validate(structures) == []


def test_linked_premises_join_one_junction_without_heads(structures_dot: str) -> None:
    junction = junction_name("need")
    for premise in ("too-small", "town-growing"):
        line = edge(structures_dot, premise, junction)
        assert "arrowhead=none" in line and f'id="edge-need~{premise}"' in line
        assert 'color="#009E73"' in line
    onward = edge(structures_dot, junction, "build-school")
    assert "arrowhead=normal" in onward and 'id="edge-need"' in onward and 'color="#009E73"' in onward
    # The junction shows the scheme and the text, small and wrapped, and links to itself.
    box = node(structures_dot, junction)
    assert "shape=box" in box and 'id="junction-need"' in box and 'URL="#junction-need"' in box
    assert "ARGUMENT · argument from need" in box and "A full school in a growing" in box
    assert '<FONT POINT-SIZE="9">' in box


def test_an_attacking_argument_draws_its_lines_in_the_attack_style(structures_dot: str) -> None:
    junction = junction_name("against-temporary")
    premise = edge(structures_dot, "enrolment", junction)
    assert "arrowhead=none" in premise and "style=dashed" in premise
    onward = edge(structures_dot, junction, "growth-temporary")
    assert "arrowhead=tee" in onward and "style=dashed" in onward and 'color="#D55E00"' in onward


def test_an_argument_without_scheme_or_text_is_a_small_plain_junction(structures_dot: str) -> None:
    dot_node = node(structures_dot, junction_name("plain-doubt"))
    assert 'label=""' in dot_node and "shape=circle" in dot_node and "fixedsize=true" in dot_node


def test_an_undercut_of_a_simple_relation_ends_on_a_junction_in_its_middle(structures_dot: str) -> None:
    attack = "no-money attacks build-school"
    middle = junction_name(attack)
    assert "shape=circle" in node(structures_dot, middle)
    first = edge(structures_dot, "no-money", middle)
    assert "arrowhead=none" in first and "style=dashed" in first
    assert 'id="edge-no-money-attacks-build-school~no-money"' in first
    second = edge(structures_dot, middle, "build-school")
    assert "arrowhead=tee" in second and 'id="edge-no-money-attacks-build-school"' in second
    # No straight line from the source to the target is left.
    assert not [s for s in dot_statements(structures_dot) if s.startswith('"no-money" -> "build-school"')]
    # grant's undercut is undercut in turn, so it too runs through a junction of its own.
    undercut = edge(structures_dot, junction_name("grant undercuts no-money attacks build-school"), middle)
    assert "style=dotted" in undercut and "arrowhead=diamond" in undercut and f'color="{PURPLE}"' in undercut


def test_a_support_that_is_not_undercut_stays_one_line(structures_dot: str) -> None:
    line = edge(structures_dot, "too-small", "build-school")
    assert "arrowhead=normal" in line and 'id="edge-too-small-supports-build-school"' in line
    assert not [s for s in dot_statements(structures_dot) if s.startswith(f'"{junction_name("too-small supports build-school")}"')]


def test_an_undercut_of_an_argument_ends_on_its_junction(structures_dot: str) -> None:
    line = edge(structures_dot, "growth-temporary", junction_name("growth-temporary undercuts need"))
    assert "arrowhead=none" in line and "style=dotted" in line  # undercut itself, so drawn through a junction
    onward = edge(structures_dot, junction_name("growth-temporary undercuts need"), junction_name("need"))
    assert "arrowhead=diamond" in onward and "style=dotted" in onward


def test_an_undercut_of_an_undercut_ends_on_the_undercuts_junction(structures_dot: str) -> None:
    first = "grant undercuts no-money attacks build-school"
    second = "report-outdated undercuts " + first
    assert "arrowhead=diamond" in edge(structures_dot, junction_name(first), junction_name("no-money attacks build-school"))
    assert "arrowhead=diamond" in edge(structures_dot, junction_name(second), junction_name(first))
    assert "arrowhead=diamond" in edge(structures_dot, "report-revised", junction_name(second))
    # An argument's undercut starts at the argument's junction.
    assert "arrowhead=diamond" in edge(structures_dot, junction_name("plain-doubt"), junction_name("growth-temporary undercuts need"))


def test_undercuts_differ_from_attacks_by_line_style_and_head(structures: LoadedMap, structures_dot: str) -> None:
    keys = element_keys(structures.graph)
    styles: dict[str, set[tuple[str, str]]] = {}
    for relation in structures.graph.complete:
        [statement] = [s for s in dot_statements(structures_dot) if f'id="edge-{keys[relation.id]}"' in s]
        style = re.search(r"style=(\w+)", statement)
        styles.setdefault(relation.kind, set()).add((style.group(1) if style else "solid", re.search(r"arrowhead=(\w+)", statement).group(1)))
    assert styles == {"supports": {("solid", "normal")}, "attacks": {("dashed", "tee")}, "undercuts": {("dotted", "diamond")}}


def test_the_legend_lists_junctions_and_undercuts_only_when_drawn(structures_dot: str) -> None:
    legend = node(structures_dot, "argmap legend")
    assert "undercuts: denies an inference" in legend and "argument: premises that" in legend
    tiny = node(build_dot(load(GOLDEN / "tiny.yaml")), "argmap legend")
    assert "undercuts" not in tiny and "argument" not in tiny and "accepted" not in tiny


def test_the_legend_explains_a_junction_without_arguments(write_map) -> None:
    loaded = load(write_map("""
        argmap: 1
        title: T
        sources:
          src:
            path: source.txt
        claims:
          a:
            text: A
            quote: Rain fell on the town all night.
            supports: b
          b:
            text: B
            quote: The river rose above the old bridge.
          c:
            text: C
            quote: People left their homes before dawn.
            undercuts: a supports b
        """))
    assert validate(loaded) == []
    legend = node(build_dot(loaded), "argmap legend")
    assert "junction of an undercut inference" in legend and "undercuts" in legend and "premises that" not in legend


def test_hostile_argument_text_and_scheme_stay_text(structures: LoadedMap, structures_dot: str, structures_svg: bytes) -> None:
    assert structures.records.arguments["against-temporary"].text == HOSTILE_TEXT
    box = node(structures_dot, junction_name("against-temporary"))
    label = box[box.index("label=<") : box.index("> URL=")]
    # Escaped for HTML, backslashes doubled (Graphviz would read \N as the node's name), the newline gone.
    assert "&lt;/TD&gt;&lt;/TABLE&gt;&gt;" in label and "&quot;twice&quot;" in label and "&lt;b&gt;more&lt;/b&gt;" in label
    assert "\\\\N" in label and "\\\\G" in label and "\n" not in label
    assert "say &quot;no&quot; &lt;i&gt;to&lt;/i&gt;" in label
    # Graphviz shows the very text, and nothing of it became markup, a name or a link.
    root = ET.fromstring(structures_svg)
    [group] = [g for g in root.iter(f"{SVG_NS}g") if g.get("id") == "junction-against-temporary"]
    lines = [t.text for t in group.iter(f"{SVG_NS}text")]
    assert lines == ['ARGUMENT · say "no" <i>to</i>', "\\N", "Growth </TD></TABLE>> doubled", '"twice" \\N \\G & <b>more</b>', "still", "against-temporary"]
    links = [a.get("{http://www.w3.org/1999/xlink}href") for a in root.iter(f"{SVG_NS}a")]
    assert all(href is None or re.fullmatch(r"#(node|junction)-[A-Za-z0-9_.~-]+", href) for href in links), links


def test_element_ids_are_unique_and_safe(structures_svg: bytes, seed_svg: bytes) -> None:
    for svg in (structures_svg, seed_svg):
        root = ET.fromstring(svg)
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(r"[A-Za-z0-9_.~-]+", i) for i in ids), [i for i in ids if not re.fullmatch(r"[A-Za-z0-9_.~-]+", i)]


def test_relations_whose_hyphenated_ids_would_clash_get_distinct_keys(write_map) -> None:
    loaded = load(write_map("""
        argmap: 1
        title: T
        sources:
          src:
            path: source.txt
        claims:
          x-supports-y:
            text: A
            quote: Rain fell on the town all night.
            supports: z
          z:
            text: B
            quote: The river rose above the old bridge.
          x:
            text: C
            quote: People left their homes before dawn.
            supports: y-supports-z
          y-supports-z:
            text: D
            quote: The mayor said the town would rebuild.
        """))
    keys = element_keys(loaded.graph)
    assert keys["x-supports-y supports z"] == "x-supports-y~supports~z"
    assert keys["x supports y-supports-z"] == "x~supports~y-supports-z"
    ids = svg_ids(render(loaded, "svg"))
    assert "edge-x-supports-y~supports~z" in ids and "edge-x~supports~y-supports-z" in ids


def test_structures_lay_out_with_graphviz(structures: LoadedMap, structures_svg: bytes) -> None:
    ids = svg_ids(structures_svg)
    for node_id in structures.graph.nodes:
        assert f"node-{node_id}" in ids
    for junction in ("need", "plain-doubt", "against-temporary", "no-money-attacks-build-school", "growth-temporary-undercuts-need",
                     "grant-undercuts-no-money-attacks-build-school", "report-outdated-undercuts-grant-undercuts-no-money-attacks-build-school"):
        assert f"junction-{junction}" in ids, junction
    assert "edge-need~too-small" in ids and "edge-report-revised-undercuts-report-outdated-undercuts-grant-undercuts-no-money-attacks-build-school" in ids
    assert render(load(STRUCTURES), "svg") == structures_svg


def test_golden_dot_of_the_structures_map(structures_dot: str) -> None:
    golden = GOLDEN / "structures.dot"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN") == "1":
        golden.write_text(structures_dot, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing; create it with: ARGMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest {__file__}"
    assert structures_dot == golden.read_text(encoding="utf-8"), (
        "the DOT of the structures map changed; if intended, regenerate with "
        "ARGMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py -k golden and review the diff"
    )


def test_focus_draws_an_argument_with_the_premises_it_shows(structures: LoadedMap) -> None:
    dot = build_dot(structures, RenderOptions(focus="too-small", depth=1))
    names = [s.split(" [")[0] for s in dot_statements(dot)]
    assert '"too-small" -> "argmap junction need"' in names
    assert '"argmap junction need" -> "build-school"' in names
    assert not any(n.startswith('"town-growing"') for n in names)  # not a neighbour of too-small
    assert "of 13 nodes shown" in dot


# --- --status -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def status_dot(structures: LoadedMap) -> str:
    return build_dot(structures, RenderOptions(status=True))


def test_status_marks_every_node_with_a_word_and_a_symbol(structures: LoadedMap, status_dot: str) -> None:
    from argmap.evaluation import evaluate

    labelling = evaluate(structures.graph)
    marks = {"accepted": "✓ ACCEPTED", "rejected": "✗ REJECTED", "undecided": "? UNDECIDED"}
    assert set(label.value for label in labelling.nodes.values()) == set(marks)
    for node_id, label in labelling.nodes.items():
        statement = node(status_dot, node_id)
        badge = statement[statement.index("<TR>") : statement.index("</TR>")]
        assert marks[label.value] in badge, node_id
        assert f"Status (grounded): {label.value}" in statement
    rejected = node(status_dot, "growth-temporary")
    assert f'fillcolor="{REJECTED_FILL}"' in rejected and 'color="#A3A3A3"' in rejected
    assert 'fillcolor="#EAF3FB"' in node(status_dot, "too-small")


def test_status_marks_junctions(structures: LoadedMap, status_dot: str) -> None:
    from argmap.evaluation import evaluate

    labelling = evaluate(structures.graph)
    assert labelling.relations["no-money attacks build-school"].value == "rejected"
    dot_node = node(status_dot, junction_name("no-money attacks build-school"))
    assert "<B>✗</B>" in dot_node and f'fillcolor="{REJECTED_FILL}"' in dot_node
    assert "✓ ACCEPTED" in node(status_dot, junction_name("need"))
    assert "<B>✓</B>" in node(status_dot, junction_name("plain-doubt"))


def test_status_legend_lists_the_statuses_shown(status_dot: str, structures_dot: str) -> None:
    legend = node(status_dot, "argmap legend")
    for word in ("accepted", "rejected (greyed)", "undecided"):
        assert word in legend
    assert "ACCEPTED" not in structures_dot and "✓" not in structures_dot and "rejected (greyed)" not in structures_dot


def test_status_takes_part_in_the_digest_and_the_stamp(structures: LoadedMap) -> None:
    plain, marked = RenderOptions(), RenderOptions(status=True)
    assert render_digest(structures, plain) != render_digest(structures, marked)
    stamp = read_stamp(render(structures, "dot", marked))
    assert stamp == (render_digest(structures, marked), marked)


def test_status_renders_with_graphviz(structures: LoadedMap) -> None:
    svg = render(structures, "svg", RenderOptions(status=True))
    texts = " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG_NS}text"))
    assert "✓ ACCEPTED" in texts and "✗ REJECTED" in texts and "? UNDECIDED" in texts
