"""Names and text that look like syntax: a map's file name, its title, a node's text and note
reach the diagram as text, never as DOT, SVG or a Graphviz escape."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from argmap.diagram import graph_name

from .conftest import MAP, run_argmap

pytestmark = pytest.mark.graphviz

XLINK = "{http://www.w3.org/1999/xlink}"
SVG = "{http://www.w3.org/2000/svg}"

HOSTILE_NAMES = [
    'x"]; evil [URL="javascript:alert(1)" label="pwned"]; "',
    "x<script>alert(1)<",
    "x{ evil [URL=\"javascript:alert(1)\"] }",
    "x\nevil [URL=\"javascript:alert(1)\"]",
    'x\\"]; evil [URL="javascript:alert(1)"]; "\\',
    "x\\N\\G\\L",
]


def _svg_of(project: Path, stem: str) -> ET.Element:
    os.rename(project / "map.yaml", project / f"{stem}.yaml")
    done = run_argmap("render", f"{stem}.yaml", "-f", "svg", "-f", "dot", "--renders-dir", "out", cwd=project)
    assert done.status == 0, done.text
    (svg,) = [p for p in (project / "out").iterdir() if p.suffix == ".svg"]
    return ET.fromstring(svg.read_bytes())  # well-formed, or this raises


@pytest.mark.parametrize("stem", HOSTILE_NAMES, ids=["quote", "angle", "brace", "newline", "backslash-quote", "escapes"])
def test_a_map_file_name_injects_nothing_into_the_diagram(project: Path, stem: str) -> None:
    root = _svg_of(project, stem)
    links = [e.get(f"{XLINK}href") for e in root.iter() if e.get(f"{XLINK}href") is not None]
    assert links and all(link.startswith("#") for link in links)
    texts = " ".join(e.text or "" for e in root.iter(f"{SVG}text"))
    assert "pwned" not in texts and "evil" not in {e.text for e in root.iter(f"{SVG}title")}
    nodes = {e.findtext(f"{SVG}title") for e in root.iter(f"{SVG}g") if e.get("class") == "node"}
    assert {"risen", "left"} <= nodes and not any("evil" in (n or "") for n in nodes)
    graph_title = root.find(f"{SVG}g/{SVG}title")
    assert graph_title is not None and graph_title.text == graph_name(stem)
    assert not set(graph_title.text) & set('"<>{}\\\n')


ESCAPES = "\\N \\G \\E \\T \\H \\L \\\\N \\n \\l"


@pytest.mark.parametrize("field", ["title", "text", "note"])
def test_graphviz_escapes_in_user_text_stay_text(project: Path, field: str) -> None:
    value = f"Say {ESCAPES} & <b>bold</b> \"q\""
    yaml_value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = MAP
    if field == "title":
        text = text.replace("title: Flood", f"title: {yaml_value}")
    elif field == "text":
        text = text.replace("    text: The river rose.", f"    text: {yaml_value}")
    else:
        text = text.replace("    text: The river rose.", f"    text: The river rose.\n    note: {yaml_value}")
    (project / "map.yaml").write_text(text, encoding="utf-8")
    root = _svg_of(project, "map")
    tooltips = [e.get(f"{XLINK}title") or "" for e in root.iter() if e.get(f"{XLINK}title") is not None]
    assert any(value in tip for tip in tooltips), tooltips
    if field != "note":  # the title and the text are drawn too, each line as written
        drawn = " ".join(e.text or "" for e in root.iter(f"{SVG}text"))
        for word in ESCAPES.split():
            assert word in drawn, (word, drawn)
