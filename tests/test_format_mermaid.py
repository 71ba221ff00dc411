"""The Mermaid flowchart export: what it draws, that Mermaid itself draws it, and that no
text of the map becomes Mermaid, HTML, Markdown or KaTeX.

Mermaid's own renderer (``mmdc``, @mermaid-js/mermaid-cli) is installed with npm into
tests/.mermaid/ the first time, with Debian's Chromium as its browser; the tests that
use it fail, and never skip, when npm or Chromium is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, SEED_MAP, dedent
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from argmap.exports import export
from argmap.formats.mermaid import escape, write
from argmap.loader import LoadedMap, load, load_bytes


def mermaid(loaded: LoadedMap) -> str:
    return export(loaded, "mermaid")


def kinds_of(loaded: LoadedMap) -> Counter[str]:
    return Counter(relation.kind for relation in loaded.graph.complete)


# --- reading the flowchart back ----------------------------------------------------------------

_ENTITY = re.compile(r"#(\w+);")
_NAMED = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}


def unescape(label: str) -> str:
    """A label's text as Mermaid shows it: entity codes decoded, our markup dropped."""
    label = label.replace("<span></span>", "")
    return _ENTITY.sub(lambda m: _NAMED[m.group(1)] if m.group(1) in _NAMED else chr(int(m.group(1))), label)


_STATEMENT = re.compile(
    r"""^(?:
      ---|config:|\ \ flowchart:|\ {4}\w+:\ \d+      # the front matter
    | %%\ [^\n]*                                      # a comment
    | flowchart\ (?:BT|TB|LR|RL)
    | \ \ %%\ j\d+:\ [^\n]*                           # the comment naming a junction's relation
    | \ \ (?P<node>n_\w+)(?:\("(?P<claim>[^"]*)"\)|\["(?P<evidence>[^"]*)"\])
    | \ \ (?P<junction>j\d+)(?:\(\("\ "\)\)|\("(?P<argument>[^"]*)"\))
    | \ \ (?P<source>n_\w+|j\d+)\ (?P<link>-->|-\.-x|-\.-o|---|-\.-)\ (?P<target>n_\w+|j\d+)
    | \ \ classDef\ \w+\ [\w:#.,\ -]+
    | \ \ class\ [\w,]+\ \w+
    | \ \ linkStyle\ [\d,]+\ [\w:#.,\ -]+
    )$""",
    re.VERBOSE,
)
HEADS = {"-->": "supports", "-.-x": "attacks", "-.-o": "undercuts"}


def read_flowchart(text: str) -> dict[str, Any]:
    """The flowchart as argmap wrote it: every line one statement of our grammar; the nodes'
    argmap ids (from the small last row of each label), the relations (rebuilt from the links,
    named as argmap names them) with their sources."""
    nodes: dict[str, str] = {}  # safe id -> argmap id
    labels: dict[str, str] = {}
    junctions: dict[str, str] = {}  # junction -> relation id
    premises: dict[str, list[str]] = {}
    heads: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        found = _STATEMENT.match(line)
        assert found is not None, f"not a statement argmap writes: {line!r}"
        if found["node"]:
            label = found["claim"] if found["claim"] is not None else found["evidence"]
            rows = label.split("<br/>")
            assert rows[-1].startswith("<small>") and rows[-1].endswith("</small>")
            nodes[found["node"]] = unescape(rows[-1][len("<small>") : -len("</small>")])
            labels[found["node"]] = label
        elif line.startswith("  %% j"):
            junction, words = line[5:].split(": ", 1)
            junctions[junction] = words.split(":")[0].removeprefix("argument ") if words.startswith("argument ") else words
        elif found["link"]:
            if found["link"] in HEADS:
                heads.append((found["source"], HEADS[found["link"]], found["target"]))
            else:
                premises.setdefault(found["target"], []).append(nodes[found["source"]])
    relations: dict[str, tuple[str, tuple[str, ...]]] = {}
    for source, kind, target in heads:
        end = junctions[target] if target.startswith("j") else nodes[target]
        if source.startswith("j"):
            relations[junctions[source]] = (kind, tuple(premises[source]))
        else:
            relations[f"{nodes[source]} {kind} {end}"] = (kind, (nodes[source],))
    return {"nodes": nodes, "labels": labels, "relations": relations, "junctions": junctions}


def assert_same_graph(loaded: LoadedMap, text: str) -> None:
    read = read_flowchart(text)
    graph = loaded.graph
    assert sorted(read["nodes"].values()) == sorted(graph.nodes)
    assert len(set(read["nodes"])) == len(graph.nodes)
    assert read["relations"] == {r.id: (r.kind, r.sources) for r in graph.complete}
    for safe, node_id in read["nodes"].items():
        shown = re.sub(r"</?(small|b|i)>", "", unescape(read["labels"][safe].replace("<br/>", "")))
        assert "".join(shown_as(graph.nodes[node_id].record.text).split()) in "".join(shown.split())  # wrapped in lines


# --- the export --------------------------------------------------------------------------------


def test_the_seed_map_draws_every_node_and_relation() -> None:
    loaded = load(SEED_MAP)
    text = mermaid(loaded)
    assert_same_graph(loaded, text)
    read = read_flowchart(text)
    assert len(read["junctions"]) == 4 + 3  # the arguments, and the relations undercut
    heads = Counter(HEADS[link] for link in re.findall(r" (-->|-\.-x|-\.-o) ", text))
    assert heads == kinds_of(loaded)


def test_the_export_is_deterministic() -> None:
    first, second = mermaid(load(SEED_MAP)), mermaid(load(SEED_MAP))
    assert first == second
    assert first == "".join(write(load(SEED_MAP)))


def test_the_direction_is_the_svg_s_auto_direction(structures: LoadedMap) -> None:
    from argmap.diagram import resolve_direction

    assert f"\nflowchart {resolve_direction(load(SEED_MAP).graph, 'auto')}\n" in mermaid(load(SEED_MAP))
    assert "\nflowchart BT\n" in mermaid(structures)  # a map with few leaves reads bottom-up
    assert "\nflowchart RL\n" in mermaid(load(SEED_MAP))


def test_every_structure_is_drawn(structures: LoadedMap) -> None:
    text = mermaid(structures)
    assert_same_graph(structures, text)
    read = read_flowchart(text)
    by_relation = {relation: junction for junction, relation in read["junctions"].items()}
    # Arguments, and the support, attack and undercut that are undercut, meet at junctions.
    assert set(by_relation) == {"afford", "counter", "deny", "a.b supports end", "a-b attacks end", "o undercuts a.b supports end"}
    # An undercut ends on the junction of the inference it denies.
    assert f"  {by_relation['afford']} --> n_end\n" in text
    assert f"  n_style -.-o {by_relation['afford']}\n" in text
    assert f"  n_x -.-o {by_relation['o undercuts a.b supports end']}\n" in text
    assert f"  n_click -.-o {by_relation['a-b attacks end']}\n" in text
    assert f"  {by_relation['deny']} -.-o {by_relation['counter']}\n" in text
    assert Counter(HEADS[link] for link in re.findall(r" (-->|-\.-x|-\.-o) ", text)) == kinds_of(structures)
    # The argument with a text is a small box that shows it; the others are dots.
    assert re.search(rf'  {by_relation["afford"]}\("<small><b>ARGUMENT · practical #lt;reasoning#gt;', text)
    assert f'  {by_relation["counter"]}((" "))\n' in text


def test_ids_are_safe_unique_and_deterministic(structures: LoadedMap) -> None:
    read = read_flowchart(mermaid(structures))
    assert read["nodes"] == {
        "n_end": "end",
        "n_graph": "graph",
        "n_class": "class",
        "n_a_b": "a.b",
        "n_a_b_2": "a-b",
        "n_a_b_3": "a_b",
        "n_style": "style",
        "n_o": "o",
        "n_x": "x",
        "n_click": "click",
    }


def test_the_look_follows_the_svg(structures: LoadedMap) -> None:
    text = mermaid(structures)
    assert '  n_end("<small><b>THESIS · evaluation</b></small><br/><b>' in text  # a claim: rounded, bold thesis
    assert '  n_click["<small><b>EVIDENCE · event</b></small><br/>' in text  # evidence: a box
    assert "  classDef thesis fill:#CFE5F7,stroke:#0072B2,stroke-width:3.5px" in text
    assert re.search(r"classDef claim_implicit [^\n]*stroke-dasharray", text)
    assert "  class n_end thesis\n" in text
    assert "  class n_a_b,n_a_b_2,n_a_b_3,n_o,n_x claim_implicit\n" in text
    # Links are styled by index, in the SVG's colours and dashes.
    links = [line for line in text.splitlines() if re.match(r"  \S+ (-->|-\.-x|-\.-o|---|-\.-) \S+$", line)]
    styles = {}
    for line in text.splitlines():
        if line.startswith("  linkStyle "):
            _, indexes, style = line.strip().split(" ", 2)
            for index in indexes.split(","):
                styles[int(index)] = style
    assert sorted(styles) == list(range(len(links)))
    for index, line in enumerate(links):
        if " --> " in line or " --- " in line:
            assert styles[index].startswith("stroke:#009E73")
        elif " -.-x " in line:
            assert styles[index].startswith("stroke:#D55E00") and "dasharray:6 4" in styles[index]
        elif " -.-o " in line:
            assert styles[index].startswith("stroke:#CC79A7") and "dasharray:2 3" in styles[index]


def test_no_text_of_the_map_becomes_syntax(structures: LoadedMap) -> None:
    text = mermaid(structures)
    for line in text.splitlines():
        assert not line.lstrip().startswith(("click", "call", "href", "style ")), line
        if re.match(r'  (n_\w+|j\d+)[(\[]"', line):
            label = line[line.index('"') + 1 : line.rindex('"')]
            assert '"' not in label
            # Only argmap's own markup is left once the entity codes are taken out.
            assert set(re.findall(r"<[^>]*>", label)) <= {"<br/>", "<small>", "</small>", "<b>", "</b>", "<i>", "</i>", "<span>", "</span>"}
            assert "$$" not in label and "`" not in label and ":" not in label and "%%" not in label
            assert re.sub(r"#(?:quot|lt|gt|amp|\d+);", "", label).count("#") == 0
    # The title is a comment on one line, where two percent signs never meet (%%{ is a directive).
    assert '\n%% Every structure: "quotes" <b>bold</b> & end % % `ticks`\n' in text
    assert "%%" not in text.split("\n", 9)[8][2:]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ('say "hi"', "say #quot;hi#quot;"),
        ("<b>&</b>", "#lt;b#gt;#amp;#lt;/b#gt;"),
        ("#lt; #35;", "#35;lt#59; #35;35#59;"),
        ("a\nb\tc  d", "a b c d"),
        ("%% `x` ;", "#37;#37; #96;x#96; #59;"),
        ("$$x$$", "#36;<span></span>#36;<span></span>x#36;<span></span>#36;<span></span>"),
        ("fa:fa-car", "fa#58;<span></span>fa-car"),
        ("C:\\new", "C#58;<span></span>#92;<span></span>new"),
        ("ünïcödé ’quotes’ 中文", "ünïcödé ’quotes’ 中文"),
        ("a\x00b\x7f\x80", "a#65533;b#65533;#65533;"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped
    assert unescape(escaped) == shown_as(text)


def shown_as(text: str) -> str:
    """What a label shows of a text: whitespace folded, control characters as U+FFFD."""
    return "".join("\ufffd" if unicodedata.category(char) == "Cc" else char for char in " ".join(text.split()))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_text_shows_as_written_and_is_never_syntax(text: str) -> None:
    escaped = escape(text)
    assert unescape(escaped) == shown_as(text)
    assert re.fullmatch(r'(?:[^"<>&#:;%`$\\\n\r]|#(?:quot|lt|gt|amp|\d+);|<span></span>)*', escaped)
    assert "$$" not in escaped


# --- generated maps ----------------------------------------------------------------------------

HOSTILE_IDS = ["end", "graph", "class", "style", "click", "o", "x", "a.b", "a-b", "a_b", "A", "subgraph", "1", "_", "default", "linkStyle", "flowchart-v2"]
_PIECES = list('ab "<>&#;:%`$[]{}()|\\\n\t\r-.,*_~=!?\'/é中') + ["end", "-->", "#lt;", "<br>", "$$", "click", "%%{init"]
HOSTILE_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join) | st.text(min_size=1, max_size=30)


@st.composite
def hostile_maps(draw: st.DrawFn) -> dict[str, Any]:
    """A map of implicit claims and evidence with hostile ids and text, and random supports,
    attacks, arguments and undercuts (some undercuts of undercuts)."""
    ids = draw(st.lists(st.sampled_from(HOSTILE_IDS), min_size=2, max_size=8, unique=True))
    claims: dict[str, Any] = {}
    evidence: dict[str, Any] = {}
    for node_id in ids:
        node: dict[str, Any] = {"text": draw(HOSTILE_TEXT), "implicit": True}
        if draw(st.booleans()):
            node["thesis"] = True
        (claims if draw(st.booleans()) else evidence)[node_id] = node
    nodes = {**claims, **evidence}
    relations: list[str] = []
    for _ in range(draw(st.integers(0, 8))):
        source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        kind = draw(st.sampled_from(["supports", "attacks"]))
        if source != target and target not in nodes[source].get(kind, []):
            nodes[source].setdefault(kind, []).append(target)
            relations.append(f"{source} {kind} {target}")
    arguments: dict[str, Any] = {}
    for number in range(draw(st.integers(0, 2))):
        premises = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
        target = draw(st.sampled_from(ids))
        if target in premises:
            continue
        argument_id = f"arg{number}"
        arguments[argument_id] = {"premises": premises, "supports": target}
        if draw(st.booleans()):
            arguments[argument_id]["text"] = draw(HOSTILE_TEXT)
        relations.append(argument_id)
    for _ in range(draw(st.integers(0, 4))):
        if not relations:
            break
        source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(relations))
        if not target.startswith(f"{source} ") and f"{source} undercuts {target}" not in relations:
            nodes[source].setdefault("undercuts", []).append(target)
            relations.append(f"{source} undercuts {target}")
    data: dict[str, Any] = {"argmap": 1, "title": draw(HOSTILE_TEXT)}
    if claims:
        data["claims"] = claims
    if evidence:
        data["evidence"] = evidence
    if arguments:
        data["arguments"] = arguments
    return data


def load_data(data: dict[str, Any], folder: Path) -> LoadedMap:
    return load_bytes(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"), folder / "generated.yaml")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(hostile_maps())
def test_generated_maps_export_deterministically_and_keep_their_graph(tmp_path: Path, data: dict[str, Any]) -> None:
    loaded = load_data(data, tmp_path)
    assume(loaded.records is not None)
    text = mermaid(loaded)
    assert text == mermaid(load_data(data, tmp_path))
    assert_same_graph(loaded, text)


# --- Mermaid's own renderer --------------------------------------------------------------------

MERMAID_DIR = REPO / "tests" / ".mermaid"
#: Pinned: mermaid-cli 11.17 is the newest that runs on Node.js 20.
MERMAID_PACKAGES = ["@mermaid-js/mermaid-cli@11.17.0", "mermaid@11.17.2", "puppeteer@24.43.1"]
CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def mmdc() -> Callable[[str, Path], Path]:
    """Render Mermaid text to a file (the suffix says SVG or PNG) with Mermaid's own CLI."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"rendering Mermaid needs Chromium at {CHROMIUM} (Debian package `chromium`; or set ARGMAP_CHROMIUM)")
    binary = MERMAID_DIR / "node_modules" / ".bin" / "mmdc"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("rendering Mermaid needs Node.js and npm, to install @mermaid-js/mermaid-cli into tests/.mermaid/")
        MERMAID_DIR.mkdir(exist_ok=True)
        # mermaid-cli must use the system's Chromium, not download one of its own.
        environment = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1")
        done = subprocess.run(
            [npm, "install", "--prefix", str(MERMAID_DIR), "--no-audit", "--no-fund", "--loglevel=error", *MERMAID_PACKAGES],
            env=environment, capture_output=True, text=True, timeout=1200, check=False,
        )
        if done.returncode != 0 or not binary.exists():
            pytest.fail(f"npm could not install {' '.join(MERMAID_PACKAGES)}:\n{done.stderr[-3000:]}")
    config = MERMAID_DIR / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": ["--no-sandbox"]}), encoding="utf-8")

    def render(text: str, output: Path) -> Path:
        """Mermaid text to an .svg or a .png."""
        source = output.with_suffix(".mmd")
        source.write_text(text, encoding="utf-8")
        done = subprocess.run(
            [str(binary), "--quiet", "--puppeteerConfigFile", str(config), "--input", str(source), "--output", str(output), "--backgroundColor", "white"],
            capture_output=True, text=True, timeout=300, check=False,
        )
        assert done.returncode == 0, f"mmdc failed on {source}:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
        assert output.is_file() and output.stat().st_size > 0
        return output

    return render


SVG = "{http://www.w3.org/2000/svg}"
_MARKERS = {"pointEnd": "supports", "crossEnd": "attacks", "circleEnd": "undercuts"}


def drawn(svg: Path | str) -> dict[str, Any]:
    """What Mermaid drew (an SVG file, or SVG text): each node's text by Mermaid id, and the
    links by their head."""
    root = ET.parse(svg).getroot() if isinstance(svg, Path) else ET.fromstring(svg)
    nodes: dict[str, str] = {}
    for group in root.iter(f"{SVG}g"):
        found = re.fullmatch(r"[\w-]*?-flowchart-(\w+)-\d+", group.get("id", ""))
        if found and "node" in group.get("class", "").split():
            nodes[found.group(1)] = "".join(group.itertext())
    heads: Counter[str] = Counter()
    for path in root.iter(f"{SVG}path"):
        if "flowchart-link" in path.get("class", "").split():
            marker = re.search(r"_flowchart-v2-(\w+?)(?:__\w+)?\)", path.get("marker-end", ""))
            heads[_MARKERS[marker.group(1)] if marker else "premise"] += 1
    elements = {element.tag.split("}")[-1] for element in root.iter()}
    classes = " ".join(element.get("class", "") for element in root.iter())
    return {"nodes": nodes, "heads": heads, "elements": elements, "classes": classes}


def assert_drawn_as_written(loaded: LoadedMap, text: str, svg: Path | str) -> None:
    read = read_flowchart(text)
    shown = drawn(svg)
    assert set(shown["nodes"]) == set(read["nodes"]) | set(read["junctions"])
    premises = sum(len(r.sources) for r in loaded.graph.complete if r.id in set(read["junctions"].values()))
    assert shown["heads"] == kinds_of(loaded) + Counter({"premise": premises})
    for safe, node_id in read["nodes"].items():
        seen = "".join(shown["nodes"][safe].split())
        assert "".join(node_id.split()) in seen
        assert "".join(shown_as(loaded.graph.nodes[node_id].record.text).split()) in seen, (node_id, seen)


def test_mermaid_draws_the_seed_map(mmdc: Callable[[str, Path], Path], tmp_path: Path) -> None:
    loaded = load(SEED_MAP)
    text = mermaid(loaded)
    svg = mmdc(text, tmp_path / "seed.svg")
    assert_drawn_as_written(loaded, text, svg)
    png = mmdc(text, tmp_path / "seed.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_mermaid_draws_every_structure_and_shows_hostile_text_as_text(mmdc: Callable[[str, Path], Path], structures: LoadedMap, tmp_path: Path) -> None:
    text = mermaid(structures)
    svg = mmdc(text, tmp_path / "structures.svg")
    assert_drawn_as_written(structures, text, svg)
    shown = drawn(svg)
    # Nothing the map says became an element, a link, a script or maths.
    assert not shown["elements"] & {"script", "a", "iframe", "img", "math", "annotation"}
    assert "katex" not in shown["classes"]
    assert "<script>alert(1)</script>" in shown["nodes"]["n_end"]
    for text_shown in ("$$x^2$$", "**bold**", "fa:fa-car", "C:\\new", '<a href="x">link</a>', "<br>"):
        assert "".join(text_shown.split()) in "".join(shown["nodes"]["n_end"].split())  # lines are wrapped
    afford = next(junction for junction, relation in read_flowchart(text)["junctions"].items() if relation == "afford")
    assert 'ARGUMENT · practical <reasoning> & "more"' in shown["nodes"][afford]
    assert "$$y$$" in shown["nodes"][afford]
    mmdc(text, tmp_path / "structures.png")


def test_mermaid_draws_a_map_with_nothing_but_one_node(mmdc: Callable[[str, Path], Path], write_map: Callable[..., Path], tmp_path: Path) -> None:
    loaded = load(
        write_map(
            dedent(
                """
                argmap: 1
                title: One
                claims:
                  alone:
                    text: Nothing bears on this.
                    implicit: true
                """
            ),
            source=None,
        )
    )
    text = mermaid(loaded)
    assert_same_graph(loaded, text)
    assert_drawn_as_written(loaded, text, mmdc(text, tmp_path / "one.svg"))


def test_the_cli_exports_mermaid(structures: LoadedMap, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from argmap.cli import cli

    output = tmp_path / "out.mmd"
    result = CliRunner().invoke(cli, ["export", str(structures.path), "--format", "mermaid", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == mermaid(load(structures.path))


@pytest.fixture(scope="module")
def mermaid_page(mmdc: Callable[[str, Path], Path]) -> Iterator[Callable[[str], str]]:
    """Mermaid's library (from the mermaid-cli install) in one Chromium page, to draw many
    small diagrams without starting a browser for each."""
    from playwright.sync_api import sync_playwright

    library = MERMAID_DIR / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        page = browser.new_page()
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(library))
        page.evaluate("() => mermaid.initialize({startOnLoad: false})")
        count = 0

        def render(text: str) -> str:
            nonlocal count
            count += 1
            # Mermaid returns the SVG as HTML (`<br>`): read back as XML, as mermaid-cli writes it.
            script = """async ([id, text]) => {
                const box = document.createElement("div");
                box.innerHTML = (await mermaid.render(id, text)).svg;
                return new XMLSerializer().serializeToString(box.firstElementChild);
            }"""
            return page.evaluate(script, [f"diagram{count}", text])  # type: ignore[no-any-return]

        yield render
        browser.close()


def test_mermaid_draws_every_microtext(mermaid_page: Callable[[str], str], tmp_path: Path) -> None:
    """The arg-microtexts corpus (112 argument graphs with undercuts and linked premises), as
    argmap maps (tests/test_corpora.py): each flowchart keeps its graph, and Mermaid draws it."""
    from test_corpora import MICROTEXTS, microtext_map  # skips, as the corpus tests do, without the corpus

    for xml_path in MICROTEXTS:
        folder = tmp_path / xml_path.stem
        folder.mkdir()
        shutil.copy(xml_path.with_suffix(".txt"), folder / "text.txt")
        (folder / "map.yaml").write_text(microtext_map(xml_path)[0], encoding="utf-8")
        loaded = load(folder / "map.yaml")
        text = mermaid(loaded)
        assert_same_graph(loaded, text)
        assert_drawn_as_written(loaded, text, mermaid_page(text))
    assert len(MICROTEXTS) >= 100


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(hostile_maps())
def test_mermaid_draws_generated_maps_and_shows_their_text(mermaid_page: Callable[[str], str], tmp_path: Path, data: dict[str, Any]) -> None:
    loaded = load_data(data, tmp_path)
    assume(loaded.records is not None)
    text = mermaid(loaded)
    svg = mermaid_page(text)
    assert_drawn_as_written(loaded, text, svg)
    shown = drawn(svg)
    assert not shown["elements"] & {"script", "a", "iframe", "img", "math", "annotation"}
    assert "katex" not in shown["classes"] and "label-icon" not in shown["classes"]


def test_a_map_with_format_errors_is_not_exported(write_map: Callable[..., Path]) -> None:
    from argmap.exports import ExportError

    loaded = load(write_map("- not\n- a map\n", source=None))
    assert loaded.records is None
    with pytest.raises(ExportError, match="format errors"):
        mermaid(loaded)


def test_a_flowchart_past_mermaid_s_limits_says_so(tmp_path: Path) -> None:
    claims = {"t": {"text": "The thesis.", "implicit": True, "thesis": True}}
    claims.update({f"c{number}": {"text": f"Reason number {number}.", "implicit": True, "supports": "t"} for number in range(520)})
    loaded = load_data({"argmap": 1, "title": "Wide", "claims": claims}, tmp_path)
    text = mermaid(loaded)
    assert_same_graph(loaded, text)
    assert text.endswith("so GitHub and GitLab may refuse to draw it.\n")
    assert "%% This flowchart has 520 links" in text
    assert "refuse" not in mermaid(load(SEED_MAP))
