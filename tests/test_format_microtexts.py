"""The microtexts reader: the whole arg-microtexts corpus (Peldszus & Stede), imported,
validated, anchored and rendered, with every edge of every graph kept; and malformed input."""

from __future__ import annotations

import collections
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.cli import cli
from argmap.diagram import build_dot
from argmap.formats import Input
from argmap.formats.microtexts import read
from argmap.importing import import_map
from argmap.loader import load
from argmap.provenance import resolve
from argmap.rendering import render
from argmap.validation import validate

_CANDIDATES = [Path("/work/shared/corpora"), REPO.parent / "shared" / "corpora"]
CORPORA = next((p for p in _CANDIDATES if (p / "arg-microtexts" / "en").is_dir()), None)
MICROTEXTS = sorted((CORPORA / "arg-microtexts" / "en").glob("micro_*.xml")) if CORPORA else []
needs_corpus = pytest.mark.skipif(CORPORA is None, reason="the shared corpora are not here (../shared/corpora/arg-microtexts)")

B001 = """<?xml version='1.0' encoding='UTF-8'?>
<arggraph id="micro_b001" topic_id="waste_separation" stance="pro">
  <edu id="e1"><![CDATA[Yes, it's annoying and cumbersome to separate your rubbish properly all the time.]]></edu>
  <edu id="e2"><![CDATA[Three different bin bags stink away in the kitchen and have to be sorted into different wheelie bins.]]></edu>
  <edu id="e3"><![CDATA[But still Germany produces way too much rubbish]]></edu>
  <edu id="e4"><![CDATA[and too many resources are lost when what actually should be separated and recycled is burnt.]]></edu>
  <edu id="e5"><![CDATA[We Berliners should take the chance and become pioneers in waste separation!]]></edu>
  <adu id="a1" type="opp"/>
  <adu id="a2" type="opp"/>
  <adu id="a3" type="pro"/>
  <adu id="a4" type="pro"/>
  <adu id="a5" type="pro"/>
  <edge id="c6" src="e1" trg="a1" type="seg"/>
  <edge id="c7" src="e2" trg="a2" type="seg"/>
  <edge id="c8" src="e3" trg="a3" type="seg"/>
  <edge id="c9" src="e4" trg="a4" type="seg"/>
  <edge id="c10" src="e5" trg="a5" type="seg"/>
  <edge id="c1" src="a1" trg="a5" type="reb"/>
  <edge id="c2" src="a2" trg="a1" type="sup"/>
  <edge id="c3" src="a3" trg="c1" type="und"/>
  <edge id="c4" src="a4" trg="c3" type="add"/>
</arggraph>
"""
B001_TEXT = (
    "Yes, it's annoying and cumbersome to separate your rubbish properly all the time. Three different bin bags stink away "
    "in the kitchen and have to be sorted into different wheelie bins. But still Germany produces way too much rubbish and "
    "too many resources are lost when what actually should be separated and recycled is burnt. We Berliners should take "
    "the chance and become pioneers in waste separation!"
)


def expected_counts(xml_path: Path) -> dict[str, int]:
    """What the XML holds: supports (sup, exa), rebuttals (reb), undercuts (und), linked
    premises (edges that add edges join)."""
    kinds = [edge.get("type") for edge in ET.parse(xml_path).getroot().iter("edge")]
    joined = {edge.get("trg") for edge in ET.parse(xml_path).getroot().iter("edge") if edge.get("type") == "add"}
    return {"supports": kinds.count("sup") + kinds.count("exa"), "attacks": kinds.count("reb"), "undercuts": kinds.count("und"), "linked": len(joined)}


def graph_counts(graph: Any) -> dict[str, int]:
    relations = list(graph.complete)
    counts = collections.Counter(r.kind for r in relations)
    return {"supports": counts["supports"], "attacks": counts["attacks"], "undercuts": counts["undercuts"], "linked": sum(r.linked for r in relations)}


# --- the corpus ---------------------------------------------------------------------------------


@needs_corpus
def test_the_corpus_is_there() -> None:
    assert len(MICROTEXTS) == 112


@needs_corpus
@pytest.mark.parametrize("xml_path", MICROTEXTS, ids=lambda p: p.stem)
def test_microtext_imports_validates_anchors_and_renders(xml_path: Path, tmp_path: Path) -> None:
    report = import_map("microtexts", [xml_path], tmp_path / "map.yaml")
    assert report.written
    assert [p for p in report.problems if p.is_error] == [], [str(p) for p in report.problems]
    loaded = report.loaded
    assert loaded is not None and loaded.problems == []
    # Every quote stands exactly once in the text written beside the map.
    resolution = resolve(loaded)
    anchors = [a for node_id in loaded.graph.nodes for a in resolution.of_node(node_id)]
    assert anchors and all(a.anchored for a in anchors)
    assert (tmp_path / xml_path.with_suffix(".txt").name).read_bytes() == xml_path.with_suffix(".txt").read_bytes().removeprefix(b"\xef\xbb\xbf")
    # Every edge of the graph is a relation of the map.
    assert graph_counts(loaded.graph) == expected_counts(xml_path)
    assert len(loaded.graph.theses) == 1
    assert "digraph" in build_dot(loaded)


@needs_corpus
def test_a_sample_renders_to_svg_through_graphviz(tmp_path: Path) -> None:
    for xml_path in MICROTEXTS[::14]:
        report = import_map("microtexts", [xml_path], tmp_path / f"{xml_path.stem}.yaml")
        assert report.loaded is not None
        svg = render(report.loaded, "svg")
        assert svg.lstrip().startswith(b"<?xml") or b"<svg" in svg[:2000]


@needs_corpus
def test_corpus_totals(tmp_path: Path) -> None:
    """The structures the corpus is known for all reach the map: totals over the 112 texts."""
    totals: collections.Counter[str] = collections.Counter()
    warnings: collections.Counter[str] = collections.Counter()
    for xml_path in MICROTEXTS:
        result = read([Input(str(xml_path), xml_path.read_bytes())])
        warnings.update(p.code for p in result.problems)
        loaded_path = tmp_path / "map.yaml"
        for name, text in result.sources.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        from argmap.importing import yaml_text

        loaded_path.write_text(yaml_text(result.data), encoding="utf-8")
        totals.update(graph_counts(load(loaded_path).graph))
        totals.update({f"xml {k}": v for k, v in expected_counts(xml_path).items()})
    assert warnings == collections.Counter()
    for kind in ("supports", "attacks", "undercuts", "linked"):
        assert totals[kind] == totals[f"xml {kind}"]
    assert totals["undercuts"] >= 60 and totals["linked"] >= 20 and totals["attacks"] >= 100


# --- one text -----------------------------------------------------------------------------------


def test_units_edges_and_the_thesis(tmp_path: Path) -> None:
    result = read([Input("micro_b001.xml", B001.encode()), Input("micro_b001.txt", B001_TEXT.encode())])
    assert result.problems == []
    data = result.data
    assert data["title"] == "micro_b001 (waste separation, pro)"
    assert data["sources"] == {"micro_b001": {"path": "micro_b001.txt", "title": "Microtext micro_b001"}}
    assert result.sources == {"micro_b001.txt": B001_TEXT}
    claims = data["claims"]
    assert claims["a1"] == {"text": "Yes, it's annoying and cumbersome to separate your rubbish properly all the time.",
                            "quote": "Yes, it's annoying and cumbersome to separate your rubbish properly all the time.",
                            "tags": ["opp"], "attacks": ["a5"]}
    assert claims["a2"]["supports"] == ["a1"]
    assert claims["a5"]["thesis"] is True and claims["a5"]["tags"] == ["pro"]
    assert data["arguments"]["c3"]["premises"] == ["a3", "a4"]
    assert data["arguments"]["c3"]["undercuts"] == "a1 attacks a5"


def test_the_text_beside_the_xml_is_read_when_not_given(tmp_path: Path) -> None:
    (tmp_path / "micro_b001.xml").write_text(B001, encoding="utf-8")
    (tmp_path / "micro_b001.txt").write_text(B001_TEXT, encoding="utf-8")
    result = read([Input(str(tmp_path / "micro_b001.xml"), B001.encode())])
    assert result.problems == [] and result.sources == {"micro_b001.txt": B001_TEXT}
    assert result.data["claims"]["a3"]["quote"] == "But still Germany produces way too much rubbish"


def test_without_its_text_the_units_are_implicit(tmp_path: Path) -> None:
    result = read([Input(str(tmp_path / "micro_x.xml"), B001.encode())])
    assert [p.code for p in result.problems] == ["AM701"]
    assert "micro_x.txt" in result.problems[0].message
    assert result.sources == {}
    assert all(claim.get("implicit") is True and "quote" not in claim for claim in result.data["claims"].values())


def test_examples_are_evidence_and_repeated_passages_are_cited_by_occurrence() -> None:
    xml = """<arggraph id="t">
      <edu id="e1">It works.</edu><edu id="e2">Oslo did it.</edu><edu id="e3">It works.</edu>
      <adu id="a1" type="pro"/><adu id="a2" type="pro"/><adu id="a3" type="opp"/>
      <edge id="s1" src="e1" trg="a1" type="seg"/><edge id="s2" src="e2" trg="a2" type="seg"/><edge id="s3" src="e3" trg="a3" type="seg"/>
      <edge id="c1" src="a2" trg="a1" type="exa"/><edge id="c2" src="a3" trg="c1" type="und"/>
    </arggraph>"""
    result = read([Input("t.xml", xml.encode()), Input("t.txt", b"It works. Oslo did it. It works.")])
    assert result.problems == []
    assert result.data["evidence"]["a2"] == {"text": "Oslo did it.", "quote": "Oslo did it.", "kind": "example", "tags": ["pro"], "supports": ["a1"]}
    assert result.data["claims"]["a1"]["cites"] == [{"quote": "It works.", "occurrence": 1}]
    assert result.data["claims"]["a3"]["cites"] == [{"quote": "It works.", "occurrence": 2}]
    assert result.data["claims"]["a3"]["undercuts"] == ["a2 supports a1"]


def test_cli_import_reads_the_text_beside_the_xml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "micro_b001.xml").write_text(B001, encoding="utf-8")
    (corpus / "micro_b001.txt").write_text(B001_TEXT, encoding="utf-8")
    monkeypatch.chdir(corpus)
    result = CliRunner().invoke(cli, ["import", "microtexts", "micro_b001.xml", "-o", str(tmp_path / "maps" / "b001.yaml")])
    assert result.exit_code == 0, result.output
    loaded = load(tmp_path / "maps" / "b001.yaml")
    assert [p for p in validate(loaded) if p.is_error] == []
    assert (tmp_path / "maps" / "micro_b001.txt").read_text(encoding="utf-8") == B001_TEXT
    # Both files given: the same map.
    result = CliRunner().invoke(cli, ["import", "microtexts", "micro_b001.xml", "micro_b001.txt", "-o", str(tmp_path / "maps" / "b001.yaml"), "--force"])
    assert result.exit_code == 0, result.output


# --- malformed input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xml", "code", "line"),
    [
        ("<arggraph id='x'><edu id='e1'>A</adu></arggraph>", "AM701", 1),
        ("<notagraph/>", "AM701", 1),
        ("<!DOCTYPE a [<!ENTITY x 'y'>]><arggraph/>", "AM701", 1),
        ("<arggraph id='x'>\n<adu id='a1' type='pro'/>\n<edge id='c1' src='a1' trg='a9' type='sup'/>\n</arggraph>", "AM703", 3),
        ("<arggraph id='x'>\n<adu id='a1' type='pro'/><adu id='a2' type='pro'/>\n<edge id='c1' src='a1' trg='a2' type='zap'/>\n</arggraph>", "AM702", 3),
        ("<arggraph id='x'>\n<adu id='a1' type='pro'/>\n<edge id='c1' src='e7' trg='a1' type='seg'/>\n</arggraph>", "AM703", 3),
    ],
)
def test_malformed_input_gives_problems_with_their_place(xml: str, code: str, line: int) -> None:
    result = read([Input("bad.xml", xml.encode()), Input("bad.txt", b"A")])
    assert code in [p.code for p in result.problems], result.problems
    found = next(p for p in result.problems if p.code == code)
    assert found.location.path == "bad.xml" and found.location.line == line


def test_no_graph_among_the_inputs() -> None:
    result = read([Input("only.txt", b"text")])
    assert [p.code for p in result.problems] == ["AM701"] and result.data == {}


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_reader_never_raises(data: Any) -> None:
    raw = B001.encode()
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    junk = data.draw(st.sampled_from([b"", b"<", b"'", b"<edge id='z' src='a1' trg='z' type='und'/>", b"<adu id='a1'/>", b"\xff", b"&x;"]))
    result = read([Input("fuzz.xml", raw[:start] + junk + raw[end:]), Input("fuzz.txt", B001_TEXT.encode()[: data.draw(st.integers(0, 400))])])
    for problem in result.problems:
        assert problem.code in ("AM701", "AM702", "AM703") and problem.location.path in ("fuzz.xml", "fuzz.txt")


@needs_corpus
def test_a_corpus_file_copied_elsewhere_imports_the_same(tmp_path: Path) -> None:
    source = MICROTEXTS[0]
    shutil.copy(source, tmp_path / source.name)
    shutil.copy(source.with_suffix(".txt"), tmp_path / source.with_suffix(".txt").name)
    here = read([Input(str(tmp_path / source.name), source.read_bytes())])
    there = read([Input(str(source), source.read_bytes())])
    assert here.data == there.data and here.sources == there.sources
