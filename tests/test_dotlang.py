"""DOT text: every value reaches Graphviz as written, whatever characters a map's text holds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from argmap.diagram import run_graphviz
from argmap.dotlang import Digraph, Html, quote, quote_name


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("white", "white"),
        ("_x9", "_x9"),
        ("0.25", "0.25"),
        ("-.5", "-.5"),
        ("12", "12"),
        ("9lives", '"9lives"'),
        ("targets-not-random", '"targets-not-random"'),
        ("node", '"node"'),
        ("Graph", '"Graph"'),
        ("", '""'),
        ('say "no"', '"say \\"no\\""'),
        ("C:\\new", '"C:\\\\new"'),
        ("<b>bold?</b>", '"<b>bold?</b>"'),
        ("émigré", '"émigré"'),
    ],
)
def test_quote(value: str, written: str) -> None:
    assert quote(value) == written


@pytest.mark.parametrize(("name", "written"), [("targets-not-random", '"targets-not-random"'), ("a\\N", '"a\\\\N"'), ("a\\", '"a\\\\"'), ('say "x"', '"say \\"x\\""'), ('a\\"];', '"a\\\\\\"];"'), ("edge", '"edge"')])
def test_quote_name(name: str, written: str) -> None:
    assert quote_name(name) == written


def test_html_labels_are_written_between_angle_brackets() -> None:
    assert quote(Html("<B>x</B>")) == "<<B>x</B>>"


def test_statements_are_written_in_order_with_sorted_attributes() -> None:
    graph = Digraph("tiny map")
    graph.attr("graph", rankdir="BT", label=Html("<B>T</B>"))
    graph.node("a-b", tooltip="t", label="A")
    with graph.subgraph("cluster_1") as cluster:
        cluster.attr(style="dashed", label="group")
        cluster.node("c")
    graph.edge("a-b", "c", color="#009E73")
    assert graph.source == (
        'digraph "tiny map" {\n'
        "\tgraph [label=<<B>T</B>> rankdir=BT]\n"
        '\t"a-b" [label=A tooltip=t]\n'
        "\tsubgraph cluster_1 {\n"
        "\t\tlabel=group style=dashed\n"
        "\t\tc\n"
        "\t}\n"
        '\t"a-b" -> c [color="#009E73"]\n'
        "}\n"
    )


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30)


@pytest.mark.graphviz
@settings(max_examples=25, deadline=None)
@given(name=texts, tooltip=texts)
@example(name="a\\N\\G", tooltip='C:\\new \\l <b>x</b> "q" \\')
@example(name="<b>", tooltip="<i>not a label</i>")
@example(name='ends with \\', tooltip='\\"')
@example(name='x\\"]; y [URL="javascript:alert(1)"]; "', tooltip="\\N \\G \\E \\T \\H \\L \\\\N AT&amp;T &#92;N")
def test_graphviz_reads_back_every_name_and_tooltip_as_written(name: str, tooltip: str) -> None:
    graph = Digraph("g")
    graph.node(name or "x", id="n", tooltip=tooltip or "-")
    svg = ET.fromstring(run_graphviz(graph.source, "svg"))
    ns = {"svg": "http://www.w3.org/2000/svg", "xlink": "http://www.w3.org/1999/xlink"}
    node = svg.find(".//svg:g[@id='n']", ns)
    assert node is not None
    title = node.find("svg:title", ns).text
    # DOT cannot write a lone backslash in a name (its lexer keeps a pair of them as two):
    # names are ids, which hold none, and any other is shown with its backslashes doubled.
    assert title == (name or "x").replace("\\", "\\\\")
    link = node.find("svg:g/svg:a", ns)
    assert link is not None and link.get("{http://www.w3.org/1999/xlink}title") == (tooltip or "-")


@pytest.mark.graphviz
@pytest.mark.parametrize("where", ["node", "edge", "graph"])
def test_graphviz_expands_no_escape_of_a_tooltip(where: str) -> None:
    """`\\N`, `\\G`, `\\E`, `\\T`, `\\H`, `\\L` name the node, graph, edge, tail, head and label in
    Graphviz's tooltips, even written with a doubled backslash: the text must stay the text."""
    text = "\\N \\G \\E \\T \\H \\L \\\\N \\n \\l end\\ AT&amp;T &#92;N <b>\"q\"</b>"
    graph = Digraph("g")
    if where == "graph":
        graph.attr("graph", tooltip=text)
        graph.node("a")
    else:
        graph.node("a", **({"tooltip": text} if where == "node" else {}))
        graph.node("b")
        if where == "edge":
            graph.edge("a", "b", tooltip=text)
    svg = ET.fromstring(run_graphviz(graph.source, "svg"))
    titles = [e.get("{http://www.w3.org/1999/xlink}title") for e in svg.iter() if e.get("{http://www.w3.org/1999/xlink}title") is not None]
    assert titles == [text]


@pytest.mark.graphviz
def test_a_url_cannot_break_out_of_its_svg_attribute() -> None:
    graph = Digraph("g")
    graph.node("a", URL='#x" onmouseover="alert(1)<b>&\\N')
    svg = ET.fromstring(run_graphviz(graph.source, "svg"))  # well-formed
    links = [e.get("{http://www.w3.org/1999/xlink}href") for e in svg.iter() if e.get("{http://www.w3.org/1999/xlink}href") is not None]
    assert links == ["#x%22%20onmouseover%3D%22alert%281%29%3Cb%3E%26%5CN".replace("%3D", "=")]
    assert not [e for e in svg.iter() if e.get("onmouseover") is not None]
