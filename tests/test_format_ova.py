"""The `ova` format: xAIF as OVA saves it, the AIF graph with the analysed text.

Reading turns the text into the map's source and every highlighted span into an
anchored quote, exactly where the analyst highlighted it; writing highlights every
anchored quote in the source text, so that a round trip keeps the quotes anchored
at the same places, besides what the `aif` round trip keeps.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_MAP, SEED_TEXT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_format_aif import _DOCUMENT, CORPORA, FIXTURES, SAMPLES, errors, generated_maps, import_text, loss_kinds, needs_corpora, read_file, shape, write_map

import argmap
from argmap.anchoring import fold_quote
from argmap.formats import Input, aif, ova
from argmap.formats.ova import highlighted_text
from argmap.importing import import_map
from argmap.loader import LoadedMap, load
from argmap.provenance import resolve

#: What importing each AIFdb sample as `ova` cannot represent: AM702 warnings by what they are about.
SAMPLE_LOSSES = {
    "nodeset6064.json": {"transition": 8, "locution": 7, "illocution": 8, "other": 1},
    "nodeset6362-aif.json": {"unstated": 1, "other": 1},
    "nodeset6362-ova.json": {"scheme": 2},
}


def positions(loaded: LoadedMap) -> dict[str, list[tuple[int, int]]]:
    """Where each node's (and argument's) passages stand in their source text."""
    resolution = resolve(loaded)
    found: dict[str, list[tuple[int, int]]] = {}
    for anchor in resolution.quotes:
        located = resolution.located(anchor)
        assert located is not None, f"{anchor.node_id}: {anchor.quote!r} is not anchored"
        found.setdefault(anchor.node_id, []).append((located[1].start, located[1].end))
    return {key: sorted(value) for key, value in found.items()}


# --- the samples -------------------------------------------------------------------------------


@needs_corpora
def test_every_highlighted_span_of_the_ova_sample_is_an_anchored_quote(tmp_path: Path) -> None:
    sample = CORPORA / "aifdb-sample" / "nodeset6362-ova.json"
    report = import_map("ova", [sample], tmp_path / "map.yaml")
    loaded = report.loaded
    assert loaded is not None and loaded.records is not None
    assert errors(report.problems) == []
    analysis = json.loads(sample.read_text(encoding="utf-8"))["analysis"]
    text, spans = highlighted_text(analysis["txt"])
    assert text == analysis["plain_txt"]
    assert (tmp_path / "nodeset6362-ova.txt").read_text(encoding="utf-8") == analysis["plain_txt"]
    by_tag = {node.tags[0]: node_id for node_id, _type, node in loaded.records.nodes()}
    where = positions(loaded)
    assert len(spans) == 5
    for span_id, start, end in spans:
        node_id = by_tag[f"aif-{span_id.removeprefix('node')}"]
        assert where[node_id] == [(start, end)]
    assert loaded.records.claims[by_tag["aif-119937"]].thesis  # OVA's majorClaim
    kinds = Counter(r.kind for r in loaded.graph.complete)
    assert kinds == {"supports": 2, "attacks": 1, "undercuts": 1}


@needs_corpora
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_aifdb_samples_import_as_ova_and_validate(sample: Path, tmp_path: Path) -> None:
    report = import_map("ova", [sample], tmp_path / "map.yaml")
    assert report.loaded is not None
    assert errors(report.problems) == []
    assert dict(loss_kinds(report.problems)) == SAMPLE_LOSSES[sample.name]


@needs_corpora
@pytest.mark.graphviz
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_aifdb_samples_imported_as_ova_render(sample: Path, tmp_path: Path) -> None:
    report = import_map("ova", [sample], tmp_path / "map.yaml")
    assert report.loaded is not None
    svg = argmap.render(report.loaded, "svg")
    assert b"<svg" in svg


# --- hand-made inputs ---------------------------------------------------------------------------


def test_an_ova3_dialogue_quotes_its_highlighted_locutions(tmp_path: Path) -> None:
    loaded, problems = import_text("ova", (FIXTURES / "ova3-dialogue.json").read_text(encoding="utf-8"), tmp_path, "ova3-dialogue.json")
    assert errors(problems) == []
    records = loaded.records
    assert records is not None
    text = (tmp_path / "ova3-dialogue.txt").read_text(encoding="utf-8")
    assert text == "Rachel: Smoking should be banned in parks, because children play there.\nAnne: But children play there only by day & smoke <fades>.\n"
    assert {agent.name for agent in records.agents.values()} == {"Participant Rachel", "Anne Robinson"}
    claims = records.claims
    assert claims["smoking-should-be-banned-in-parks"].quote == ["Smoking should be banned in parks"]
    # "children play there" stands twice: cited where it was highlighted (the first time)
    (cite,) = claims["children-play-in-parks"].cites
    assert cite.quote == "children play there"
    first = text.index("children play there")
    assert positions(loaded)["children-play-in-parks"] == [(first, first + len("children play there"))]
    assert claims["children-play-in-parks-only-by-day"].quote == ["children play there only by day"]  # span id without "node"
    assert claims["children-play-in-parks-only-by-day"].undercuts == ["children-play-in-parks supports smoking-should-be-banned-in-parks"]
    assert records.agents[claims["children-play-in-parks-only-by-day"].asserted_by or ""].name == "Anne Robinson"
    lost = " | ".join(p.message for p in problems if p.code == "AM702")
    for words in ("transition 12", "illocution 13", "locution 14", "illocution 15"):
        assert words in lost


def _small(text: Any, **extra: Any) -> str:
    document = {
        "AIF": {
            "nodes": [
                {"nodeID": "1", "text": "It rains", "type": "I"},
                {"nodeID": "2", "text": "The street is wet", "type": "I"},
                {"nodeID": "3", "text": "Default Inference", "type": "RA"},
            ],
            "edges": [{"edgeID": 1, "fromID": "1", "toID": "3"}, {"edgeID": 2, "fromID": "3", "toID": "2"}],
            "locutions": None,
            "participants": None,
        },
        "text": text,
        **extra,
    }
    return json.dumps(document)


def test_text_as_an_object_and_spans_with_or_without_the_node_prefix(tmp_path: Path) -> None:
    markup = {"txt": 'Look: <span class="highlighted" id="1">it rains</span>, so <span class="highlighted" id="node2">the street is wet</span>.<br><br>'}
    loaded, problems = import_text("ova", _small(markup), tmp_path)
    assert errors(problems) == []
    assert positions(loaded) == {"it-rains": [(6, 14)], "the-street-is-wet": [(19, 36)]}
    assert (tmp_path / "input.txt").read_text(encoding="utf-8") == "Look: it rains, so the street is wet.\n\n"


def test_a_span_naming_no_node_is_dangling_and_its_words_stay() -> None:
    imported = ova.read([Input("x.json", _small('<span class="highlighted" id="node9">Hello</span> world').encode())])
    assert [p.code for p in imported.problems if p.is_error] == ["AM703"]
    assert imported.sources == {"x.txt": "Hello world"}
    assert all(node.get("implicit") for node in imported.data["claims"].values())


def test_without_text_the_locutions_make_the_source() -> None:
    document = json.loads(_small(None))
    document["AIF"]["nodes"] += [{"nodeID": "4", "text": "Ann : it rains hard", "type": "L"}, {"nodeID": "5", "text": "Asserting", "type": "YA"}]
    document["AIF"]["edges"] += [{"fromID": "4", "toID": "5"}, {"fromID": "5", "toID": "1"}]
    imported = ova.read([Input("x.json", json.dumps(document).encode())])
    assert imported.data["claims"]["it-rains"]["quote"] == "it rains hard"
    assert list(imported.sources.values()) == ["Ann : it rains hard\n"]
    assert any("no analysed text" in p.message for p in imported.problems)


def test_plain_text_that_differs_from_the_markup_is_the_source(tmp_path: Path) -> None:
    analysis = {"txt": '<span class="highlighted" id="node1">It rains</span>.', "plain_txt": "Title\n\nIt rains.\n"}
    document = json.loads(_small(None))
    document = {**document["AIF"], "analysis": analysis}
    loaded, problems = import_text("ova", json.dumps(document), tmp_path)
    assert errors(problems) == []
    assert positions(loaded) == {"it-rains": [(7, 15)]}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    document=_DOCUMENT,
    markup=st.lists(st.one_of(st.text(max_size=8), st.sampled_from(['<span class="highlighted" id="node1">', '<span id="2">', "</span>", "<br>", "&amp;", "<div>", "</p>", "&#0;", "<"])), max_size=12),
)
def test_any_ova_input_gives_a_map_that_loads_or_problems_never_a_traceback(document: Any, markup: list[str]) -> None:
    if isinstance(document, dict):
        document = {**document, "text": "".join(markup)}
    imported = ova.read([Input("fuzz.json", json.dumps(document).encode())])
    if not imported.data:
        assert any(p.is_error for p in imported.problems)
        return
    with tempfile.TemporaryDirectory() as folder:
        _loaded, problems = import_text("ova", json.dumps(document), Path(folder))
        bad = [p for p in problems if p.code.startswith("AM1") or p.code in ("AM201", "AM202", "AM203", "AM204", "AM205", "AM206", "AM207", "AM208", "AM403", "AM404", "AM405", "AM407")]
        assert bad == [], [f"{p.code} {p.message}" for p in bad]


# --- writing ------------------------------------------------------------------------------------


def test_the_seed_as_xaif_is_its_aif_with_the_source_text_highlighted() -> None:
    loaded = load(SEED_MAP)
    first = "".join(ova.write(loaded))
    assert first == "".join(ova.write(load(SEED_MAP)))
    document = json.loads(first)
    plain = json.loads("".join(aif.write(loaded)))
    assert document["AIF"]["nodes"] == plain["nodes"] and document["AIF"]["edges"] == plain["edges"]
    text, spans = highlighted_text(document["text"])
    assert text == SEED_TEXT.read_text(encoding="utf-8")
    l_nodes = {node["nodeID"]: node for node in document["AIF"]["nodes"] if node["type"] == "L"}
    for span_id, start, end in spans:
        assert fold_quote(text[start:end]) == fold_quote(l_nodes[span_id.removeprefix("node")]["argmap_quote"])
    assert len(spans) == len(l_nodes)  # the seed's passages do not overlap
    placed = {node["nodeID"] for node in document["OVA"]["nodes"]}
    assert placed == {node["nodeID"] for node in document["AIF"]["nodes"]}
    assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in document["OVA"]["nodes"])


def test_seed_round_trip_through_ova_keeps_the_quotes_anchored_where_they_were(tmp_path: Path) -> None:
    loaded, problems = import_text("ova", "".join(ova.write(load(SEED_MAP))), tmp_path, "seed.json")
    assert errors(problems) == [] and [p for p in problems if p.code == "AM702"] == []
    original = load(SEED_MAP)
    assert shape(loaded) == shape(original)
    assert (tmp_path / "seed.txt").read_text(encoding="utf-8") == SEED_TEXT.read_text(encoding="utf-8")
    assert positions(loaded) == positions(original)
    assert loaded.records is not None
    assert loaded.records.sources["rashid-2015"].author == "Ahmed Rashid"


def test_markup_in_the_source_stays_text_and_overlapping_passages_still_anchor(tmp_path: Path) -> None:
    source = "The river rose above the old bridge. <b>Tom & Jerry</b> said </span>! Then it rose above the old bridge again.\n"
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(
        "argmap: 1\ntitle: Overlaps\nsources:\n  s:\n    path: source.txt\nclaims:\n"
        "  a:\n    text: A\n    quote: The river rose above\n    supports: b\n"
        "  b:\n    text: B\n    cites:\n      - quote: rose above the old bridge\n        prefix: 'The river '\n"
        '  c:\n    text: C\n    quote: "<b>Tom & Jerry</b> said </span>!"\n    attacks: b\n',
        encoding="utf-8",
    )
    original = load(tmp_path / "map.yaml")
    document = json.loads("".join(ova.write(original)))
    text, spans = highlighted_text(document["text"])
    assert text == source
    assert len(spans) == 2  # b overlaps a: not highlighted, its L-node keeps the words
    back = tmp_path / "back"
    back.mkdir()
    loaded, problems = import_text("ova", json.dumps(document), back)
    assert errors(problems) == []
    assert shape(loaded) == shape(original)
    assert positions(loaded) == positions(original)


def test_a_map_of_several_sources_gives_one_text(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("First text says hello.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Second text says goodbye.\n", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(
        "argmap: 1\ntitle: Two\nsources:\n  one:\n    path: one.txt\n  two:\n    path: two.txt\nclaims:\n"
        "  a:\n    text: A\n    quote: says hello\n    source: one\n    attacks: b\n"
        "  b:\n    text: B\n    quote: says goodbye\n    source: two\n",
        encoding="utf-8",
    )
    document = json.loads("".join(ova.write(load(tmp_path / "map.yaml"))))
    text, spans = highlighted_text(document["text"])
    assert text == "First text says hello.\n\n\nSecond text says goodbye.\n"
    assert [text[s:e] for _id, s, e in spans] == ["says hello", "says goodbye"]
    back = tmp_path / "back"
    back.mkdir()
    loaded, problems = import_text("ova", json.dumps(document), back)
    assert errors(problems) == []
    assert loaded.records is not None and len(loaded.records.sources) == 1
    assert [r.id for r in loaded.graph.complete] == ["a attacks b"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=generated_maps())
def test_round_trip_through_ova_keeps_the_map_and_the_quotes_anchored(generated: tuple[dict[str, Any], str]) -> None:
    data, text = generated
    with tempfile.TemporaryDirectory() as folder:
        original = write_map(Path(folder), data, text)
        exported = "".join(ova.write(original))
        assert exported == "".join(ova.write(original))
        back = Path(folder) / "back"
        back.mkdir()
        loaded, problems = import_text("ova", exported, back)
        assert [p.message for p in problems if p.code == "AM702"] == []
        assert shape(loaded) == shape(original)
        assert (back / "input.txt").read_text(encoding="utf-8") == text
        assert positions(loaded) == positions(original)


def test_the_xaif_fixture_reads_the_same_as_aif_apart_from_the_text() -> None:
    """The graph of an xAIF file reads the same through both readers; only the quotes differ."""
    by_ova = read_file(FIXTURES / "ova3-dialogue.json", ova).data
    by_aif = read_file(FIXTURES / "ova3-dialogue.json", aif).data
    for name in ("claims",):
        for node_id, node in by_ova[name].items():
            other = by_aif[name][node_id]
            for key in ("text", "supports", "attacks", "undercuts", "asserted_by", "tags"):
                assert node.get(key) == other.get(key)
