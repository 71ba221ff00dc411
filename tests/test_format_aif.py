"""The `aif` format: AIF JSON as AIFdb stores it, read into a map and written from one.

Reading is tested on the AIFdb samples of the shared corpora and on small hand-made
files (tests/fixtures/aif/); writing on the seed map (one I-node per node, the RA/CA
structure of its graph); both together by round trips, of the seed and of maps made
by hypothesis: ids, texts, kinds, relations (supports, attacks, undercuts, linked
premises) and, through the locutions, the quotes come back. Malformed inputs give
problems, never a traceback.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SEED_MAP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.formats import Input, aif
from argmap.importing import import_map, yaml_text
from argmap.kinds import AgentType, ClaimKind, EvidenceKind, Label
from argmap.loader import LoadedMap, load
from argmap.provenance import resolve

FIXTURES = REPO / "tests" / "fixtures" / "aif"
_CANDIDATES = [Path("/work/shared/corpora"), REPO.parent / "shared" / "corpora"]
CORPORA = next((p for p in _CANDIDATES if (p / "aifdb-sample").is_dir()), None)
SAMPLES = sorted((CORPORA / "aifdb-sample").glob("*.json")) if CORPORA else []
needs_corpora = pytest.mark.skipif(CORPORA is None, reason="the shared corpora are not here (aifdb-sample under /work/shared/corpora or ../shared/corpora)")

#: What importing each AIFdb sample as `aif` cannot represent: AM702 warnings by what they are about.
SAMPLE_LOSSES = {
    "nodeset6064.json": {"transition": 8, "locution": 7, "illocution": 8},
    "nodeset6362-aif.json": {"unstated": 1},
    "nodeset6362-ova.json": {"analysed text": 1, "unstated": 1, "scheme": 2},
}


def read_file(path: Path, module: Any = aif) -> Any:
    return module.read([Input(str(path), path.read_bytes())])


def loss_kinds(problems: list[Any]) -> Counter[str]:
    """AM702 warnings counted by what they are about (the first words of the message)."""
    kinds: Counter[str] = Counter()
    for problem in problems:
        if problem.code != "AM702":
            continue
        message = problem.message
        for kind, words in (
            ("transition", "transition "),
            ("illocution", "illocution "),
            ("locution", "locution "),
            ("unstated", "proposition(s) are stated by no locution"),
            ("analysed text", "the file carries the analysed text"),
            ("scheme", "the scheme"),
        ):
            if message.startswith(words) or words in message:
                kinds[kind] += 1
                break
        else:
            kinds["other"] += 1
    return kinds


def shape(loaded: LoadedMap) -> dict[str, Any]:
    """What a round trip must keep: nodes (type, text, kind, tags, note, quotes...), relations,
    arguments and agents. Quotes as a multiset: a passage may move between `quote` and `cites`."""
    records = loaded.records
    assert records is not None, [p.message for p in loaded.problems]
    nodes = {}
    for node_id, node_type, node in records.nodes():
        nodes[node_id] = {
            "type": node_type,
            "text": node.text,
            "kind": node.kind.value if node.kind else None,
            "tags": list(node.tags),
            "note": node.note,
            "group": node.group,
            "expect": node.expect.value if node.expect else None,
            "thesis": bool(getattr(node, "thesis", False)),
            "implicit": node.implicit,
            "asserted_by": node.asserted_by,
            "quotes": sorted([*node.quote, *(cite.quote for cite in node.cites)]),
        }
    arguments = {
        argument_id: {
            "premises": list(argument.premises),
            "text": argument.text,
            "scheme": argument.scheme,
            "tags": list(argument.tags),
            "note": argument.note,
            "expect": argument.expect.value if argument.expect else None,
            "quotes": sorted([*argument.quote, *(cite.quote for cite in argument.cites)]),
        }
        for argument_id, argument in records.arguments.items()
    }
    relations = sorted((r.id, r.kind, r.sources, r.target) for r in loaded.graph.relations.values())
    agents = {agent_id: (agent.name, agent.type.value if agent.type else None, agent.note) for agent_id, agent in records.agents.items()}
    return {"title": records.title, "description": records.description, "nodes": nodes, "arguments": arguments, "relations": relations, "agents": agents}


def import_text(fmt: str, text: str, folder: Path, name: str = "input.json") -> tuple[LoadedMap, list[Any]]:
    """Import ``text`` as format ``fmt`` into ``folder``; the loaded map and every problem."""
    source = folder / name
    source.write_text(text, encoding="utf-8")
    report = import_map(fmt, [source], folder / "imported.yaml", force=True)
    assert report.loaded is not None, [p.message for p in report.problems]
    return report.loaded, report.problems


def errors(problems: list[Any]) -> list[str]:
    return [f"{p.code} {p.location} {p.message}" for p in problems if p.is_error]


# --- the AIFdb samples ---------------------------------------------------------------------


@needs_corpora
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_aifdb_samples_import_validate_and_report_what_is_lost(sample: Path, tmp_path: Path) -> None:
    report = import_map("aif", [sample], tmp_path / "map.yaml")
    assert report.loaded is not None
    assert errors(report.problems) == []
    assert not [p for p in report.problems if p.code in ("AM403", "AM404", "AM405", "AM407")]
    losses = loss_kinds(report.problems)
    assert dict(losses) == SAMPLE_LOSSES[sample.name], dict(losses)
    # each warning about a node names the node's id and its line in the input
    for problem in report.problems:
        if problem.code == "AM702" and problem.location.line:
            assert problem.location.path.endswith(sample.name)


@needs_corpora
@pytest.mark.graphviz
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_aifdb_samples_render(sample: Path, tmp_path: Path) -> None:
    report = import_map("aif", [sample], tmp_path / "map.yaml")
    assert report.loaded is not None
    svg = argmap.render(report.loaded, "svg")
    assert svg.lstrip().startswith(b"<?xml") or b"<svg" in svg[:500]
    for node_id in report.loaded.graph.nodes:
        assert node_id.encode() in svg


@needs_corpora
def test_moral_maze_locutions_give_speakers_and_verbatim_quotes(tmp_path: Path) -> None:
    report = import_map("aif", [CORPORA / "aifdb-sample" / "nodeset6064.json"], tmp_path / "map.yaml")
    loaded = report.loaded
    assert loaded is not None and loaded.records is not None
    records = loaded.records
    assert {agent.name for agent in records.agents.values()} == {"CL", "NL"}
    by_tag = {node.tags[0]: (node_id, node) for node_id, _type, node in records.nodes()}
    node_id, node = by_tag["aif-29045"]
    assert node.quote == ["But my point is they got to a point where Macmillan realised there was no way forward except by increasing brutality"]
    assert records.agents[node.asserted_by].name == "CL"
    assert not node.implicit
    # the transcript of the locutions is the source, and every quote anchors in it
    assert (tmp_path / "nodeset6064-locutions.txt").read_text(encoding="utf-8").startswith("CL : and decided")
    assert all(anchor.anchored for anchor in resolve(loaded).quotes)
    # a questioning illocution is kept in the note
    _id, question = by_tag["aif-111829"]
    assert question.note and "PureQuestioning" in question.note
    # the five RA-nodes are five supports
    assert Counter(r.kind for r in loaded.graph.complete) == {"supports": 5}


@needs_corpora
def test_plain_aif_without_locutions_is_implicit_with_undercut(tmp_path: Path) -> None:
    report = import_map("aif", [CORPORA / "aifdb-sample" / "nodeset6362-aif.json"], tmp_path / "map.yaml")
    loaded = report.loaded
    assert loaded is not None and loaded.records is not None
    assert all(node.implicit for _id, _type, node in loaded.records.nodes())
    assert "sources:" not in (tmp_path / "map.yaml").read_text(encoding="utf-8")
    kinds = Counter(r.kind for r in loaded.graph.complete)
    assert kinds == {"supports": 2, "attacks": 1, "undercuts": 1}
    undercut = next(r for r in loaded.graph.complete if r.kind == "undercuts")
    assert loaded.graph.relations[undercut.target].kind == "attacks"


# --- hand-made inputs -------------------------------------------------------------------------


def test_variations_of_the_format_are_read() -> None:
    """Numbers or strings as ids, text as {"txt": ...}, null lists, missing keys; a linked
    argument with its scheme; a conflict on a conflict on the argument; MA and PA as notes."""
    imported = read_file(FIXTURES / "variations.json")
    data = imported.data
    claims = data["claims"]
    assert "the-engineers-are-experts" in claims  # text {"txt": ...}
    assert claims["the-engineers-are-experts"]["tags"] == ["aif-2"]
    argument = data["arguments"]["argument-the-bridge-is-safe"]
    assert argument["premises"] == ["experts-say-the-bridge-is-safe", "the-engineers-are-experts"]
    assert argument["supports"] == "the-bridge-is-safe"
    assert argument["scheme"] == "Argument From Expert Opinion"
    assert claims["the-engineers-were-paid-by-the-builder"]["undercuts"] == ["argument-the-bridge-is-safe"]
    assert claims["payment-does-not-sway-these-engineers"]["undercuts"] == ["the-engineers-were-paid-by-the-builder undercuts argument-the-bridge-is-safe"]
    assert "Rephrases the-bridge-will-not-fall" in claims["the-bridge-is-safe"]["note"]
    assert "Rephrased by the-bridge-is-safe" in claims["the-bridge-will-not-fall"]["note"]
    assert "Preferred to the-bridge-is-safe" in claims["the-bridge-will-not-fall"]["note"]
    codes = Counter(p.code for p in imported.problems)
    assert codes["AM703"] == 1  # the edge to node 99
    messages = " | ".join(p.message for p in imported.problems)
    for words in ("99", "rephrase 10", "preference 13", "type 'XX'", "inference 12 has no conclusion", "points straight at proposition 3", "proposition 15 has no text"):
        assert words in messages
    # every message about a node says where the node is written
    assert all(p.location.line > 0 for p in imported.problems if "node 14" in p.message or "rephrase 10" in p.message)


def test_a_ring_of_conflicts_on_conflicts_is_reported_not_followed(tmp_path: Path) -> None:
    loaded, problems = import_text("aif", (FIXTURES / "ca-ring.json").read_text(encoding="utf-8"), tmp_path)
    assert errors(problems) == []
    assert [r.id for r in loaded.graph.complete] == ["it-rained supports the-street-is-wet"]
    ring = [p for p in problems if "ring" in p.message]
    assert len(ring) == 1 and ring[0].code == "AM702" and ring[0].location.line > 0
    assert loaded.records is not None
    assert "ring" in (loaded.records.claims["bob-is-right"].note or "")


def test_speakers_from_participants_and_locutions(tmp_path: Path) -> None:
    document = {
        "nodes": [
            {"nodeID": "1", "text": "Taxes should rise", "type": "I"},
            {"nodeID": "2", "text": "Bob Smith : I say taxes should rise", "type": "L"},
            {"nodeID": "3", "text": "Asserting", "type": "YA"},
            {"nodeID": "4", "text": "Schools need money", "type": "I"},
            {"nodeID": "5", "text": "AL : schools need money, a lot of it", "type": "L"},
            {"nodeID": "6", "text": "Asserting", "type": "YA"},
            {"nodeID": "7", "text": "RA", "type": "RA"},
        ],
        "edges": [
            {"fromID": "2", "toID": "3"},
            {"fromID": "3", "toID": "1"},
            {"fromID": "5", "toID": "6"},
            {"fromID": "6", "toID": "4"},
            {"fromID": "4", "toID": "7"},
            {"fromID": "7", "toID": "1"},
        ],
        "locutions": [{"nodeID": "2", "personID": 7}],
        "participants": [{"participantID": 7, "firstname": "Bob", "surname": "Smith"}],
    }
    loaded, problems = import_text("aif", json.dumps(document), tmp_path)
    assert errors(problems) == []
    records = loaded.records
    assert records is not None
    assert {agent_id: agent.name for agent_id, agent in records.agents.items()} == {"bob-smith": "Bob Smith", "al": "AL"}
    assert records.claims["taxes-should-rise"].asserted_by == "bob-smith"
    assert records.claims["taxes-should-rise"].quote == ["I say taxes should rise"]
    assert records.claims["schools-need-money"].asserted_by == "al"
    assert records.claims["schools-need-money"].quote == ["schools need money, a lot of it"]
    assert records.claims["schools-need-money"].supports == ["taxes-should-rise"]
    assert all(anchor.anchored for anchor in resolve(loaded).quotes)


def test_a_locution_said_twice_is_cited_with_context(tmp_path: Path) -> None:
    document = {
        "nodes": [
            {"nodeID": "1", "text": "Yes", "type": "I"},
            {"nodeID": "2", "text": "No", "type": "I"},
            {"nodeID": "3", "text": "A : we agree", "type": "L"},
            {"nodeID": "4", "text": "B : we agree", "type": "L"},
            {"nodeID": "5", "text": "Asserting", "type": "YA"},
            {"nodeID": "6", "text": "Asserting", "type": "YA"},
        ],
        "edges": [{"fromID": "3", "toID": "5"}, {"fromID": "5", "toID": "1"}, {"fromID": "4", "toID": "6"}, {"fromID": "6", "toID": "2"}],
    }
    loaded, problems = import_text("aif", json.dumps(document), tmp_path)
    assert errors(problems) == []
    records = loaded.records
    assert records is not None
    assert [c.quote for c in records.claims["yes"].cites] == ["we agree"]
    assert [c.quote for c in records.claims["no"].cites] == ["we agree"]
    spans = [resolve(loaded).located(anchor)[1] for anchor in resolve(loaded).quotes]  # type: ignore[index]
    assert len(set(spans)) == 2


# --- malformed inputs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"{not json", "AM701"),
        (b"\xff\xfe\x00", "AM701"),
        (b"[1, 2, 3]", "AM701"),
        (b'{"title": "no nodes"}', "AM701"),
        (b'{"nodes": {"1": "x"}, "edges": []}', "AM701"),
        (b'{"nodes": [1, "two", null], "edges": "none"}', "AM701"),
        (b'{"nodes": [{"nodeID": "1", "text": "A", "type": "I"}], "edges": [{"fromID": "1", "toID": "2"}]}', "AM703"),
        (b'{"nodes": [{"nodeID": true, "text": "A", "type": "I"}], "edges": [{"fromID": null}]}', "AM701"),
        (b"[" * 100000, "AM701"),
        (b'{"nodes": [{"nodeID": ' + b"9" * 5000 + b"}]}", "AM701"),
    ],
)
def test_malformed_inputs_give_problems(raw: bytes, code: str) -> None:
    imported = aif.read([Input("bad.json", raw)])
    assert code in {p.code for p in imported.problems}
    assert all(p.location.path == "bad.json" for p in imported.problems)


def test_not_json_is_placed_at_its_line_and_column() -> None:
    imported = aif.read([Input("bad.json", b'{\n "nodes": [\n  {"nodeID": 1,,}\n ]\n}')])
    (problem,) = imported.problems
    assert (problem.code, problem.location.line) == ("AM701", 3)
    assert imported.data == {}


def test_one_bad_input_of_several_does_not_stop_the_others() -> None:
    good = json.dumps({"nodes": [{"nodeID": "1", "text": "A claim", "type": "I"}], "edges": []}).encode()
    imported = aif.read([Input("bad.json", b"nope"), Input("good.json", good)])
    assert list(imported.data["claims"]) == ["a-claim"]
    assert [p.code for p in imported.problems if p.is_error] == ["AM701"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 30) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)
_IDS = st.one_of(st.integers(0, 6), st.sampled_from(["0", "1", "2", "3", "node1", "x y"]), st.none(), st.booleans())
_NODE = st.fixed_dictionaries(
    {"nodeID": _IDS, "type": st.sampled_from(["I", "RA", "CA", "MA", "PA", "L", "YA", "TA", "", "ra", 7])},
    optional={
        "text": st.one_of(st.text(max_size=12), st.fixed_dictionaries({"txt": st.text(max_size=8)}), _JSON),
        "scheme": st.text(max_size=6),
        "argmap_id": st.sampled_from(["a", "b", "-bad", "a b", 3]),
        "argmap_section": st.sampled_from(["claims", "evidence", 1]),
        "argmap_kind": st.sampled_from(["fact", "event", "nonsense", None]),
        "argmap_quote": st.text(max_size=8),
        "majorClaim": st.booleans(),
    },
)
_EDGE = st.fixed_dictionaries({"fromID": _IDS, "toID": _IDS}, optional={"edgeID": _IDS})
_DOCUMENT = st.fixed_dictionaries(
    {"nodes": st.lists(_NODE, max_size=12) | _JSON, "edges": st.lists(_EDGE, max_size=16) | _JSON},
    optional={
        "locutions": st.lists(st.fixed_dictionaries({"nodeID": _IDS, "personID": _IDS}), max_size=3) | _JSON,
        "participants": st.lists(st.fixed_dictionaries({"participantID": _IDS}, optional={"firstname": _JSON, "surname": st.text(max_size=5)}), max_size=3),
        "argmap": _JSON,
        "text": _JSON,
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=st.one_of(_DOCUMENT, _JSON))
def test_any_json_gives_a_map_that_loads_or_problems_never_a_traceback(document: Any) -> None:
    imported = aif.read([Input("fuzz.json", json.dumps(document).encode())])
    if not imported.data:
        assert any(p.is_error for p in imported.problems)
        return
    with tempfile.TemporaryDirectory() as folder:
        loaded, problems = import_text("aif", json.dumps(document), Path(folder))
        # the map is always well formed, its references resolve and its quotes anchor
        bad = [p for p in problems if p.code.startswith("AM1") or p.code in ("AM201", "AM202", "AM203", "AM204", "AM205", "AM206", "AM207", "AM208", "AM403", "AM404", "AM405", "AM407")]
        assert bad == [], [f"{p.code} {p.message}" for p in bad]


# --- writing -------------------------------------------------------------------------------------


def seed_aif() -> dict[str, Any]:
    return json.loads("".join(aif.write(load(SEED_MAP))))


def test_seed_map_gives_one_i_node_per_node_and_the_ra_ca_structure_of_its_graph() -> None:
    loaded = load(SEED_MAP)
    document = seed_aif()
    graph = loaded.graph
    by_id = {node["nodeID"]: node for node in document["nodes"]}
    types = Counter(node["type"] for node in document["nodes"])
    kinds = Counter(relation.kind for relation in graph.complete)
    assert types["I"] == len(graph.nodes)
    assert types["RA"] == kinds["supports"]
    assert types["CA"] == kinds["attacks"] + kinds["undercuts"]
    quotes = [anchor for anchor in resolve(loaded).quotes]
    assert types["L"] == types["YA"] == len(quotes)
    # every I-node carries its map id; every argument's RA its premises, in order
    i_of = {node["argmap_id"]: node["nodeID"] for node in document["nodes"] if node["type"] == "I"}
    assert set(i_of) == set(graph.nodes)
    into: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for edge in document["edges"]:
        assert edge["fromID"] in by_id and edge["toID"] in by_id
        out.setdefault(edge["fromID"], []).append(edge["toID"])
        into.setdefault(edge["toID"], []).append(edge["fromID"])
    scheme_of = {}
    for node in document["nodes"]:
        if node["type"] in ("RA", "CA"):
            (target,) = out[node["nodeID"]]
            sources = tuple(by_id[s]["argmap_id"] for s in into[node["nodeID"]] if by_id[s]["type"] == "I")
            scheme_of[node["nodeID"]] = (sources, target)
    for relation in graph.complete:
        if relation.argument:
            (found,) = [n for n in document["nodes"] if n.get("argmap_id") == relation.argument]
            assert scheme_of[found["nodeID"]][0] == relation.sources
    undercuts = [n for n in document["nodes"] if n["type"] == "CA" and by_id[out[n["nodeID"]][0]]["type"] in ("RA", "CA")]
    assert len(undercuts) == kinds["undercuts"]
    # the speakers: one participant per agent, one locution per quote of a node asserted by one
    assert len(document["participants"]) == len(loaded.records.agents)  # type: ignore[union-attr]
    asserted = sum(len(resolve(loaded).of_node(n)) for n, _t, node in loaded.records.nodes() if node.asserted_by)  # type: ignore[union-attr]
    assert len(document["locutions"]) == asserted


def test_writing_is_deterministic_and_every_locution_holds_its_quote() -> None:
    loaded = load(SEED_MAP)
    first = "".join(aif.write(loaded))
    assert first == "".join(aif.write(load(SEED_MAP)))
    document = json.loads(first)
    quotes = Counter(anchor.quote for anchor in resolve(loaded).quotes)
    assert Counter(node["argmap_quote"] for node in document["nodes"] if node["type"] == "L") == quotes
    for node in document["nodes"]:
        if node["type"] == "L":
            assert node["text"].endswith(node["argmap_quote"])


def test_seed_round_trip_through_aif_keeps_the_map(tmp_path: Path) -> None:
    loaded, problems = import_text("aif", "".join(aif.write(load(SEED_MAP))), tmp_path)
    assert errors(problems) == []
    assert [p for p in problems if p.code == "AM702"] == []
    assert shape(loaded) == shape(load(SEED_MAP))
    assert all(anchor.anchored for anchor in resolve(loaded).quotes)


@needs_corpora
def test_aif_ids_are_restored_by_an_export(tmp_path: Path) -> None:
    sample = CORPORA / "aifdb-sample" / "nodeset6362-aif.json"
    report = import_map("aif", [sample], tmp_path / "map.yaml")
    assert report.loaded is not None
    written = json.loads("".join(aif.write(report.loaded)))
    original = json.loads(sample.read_text(encoding="utf-8"))
    wanted = {node["nodeID"]: node["text"] for node in original["nodes"] if node["type"] == "I"}
    got = {node["nodeID"]: node["text"] for node in written["nodes"] if node["type"] == "I"}
    assert got == wanted


def test_user_text_stays_text() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / "source.txt").write_text('He said "}</span>{\\n and left.\n', encoding="utf-8")
        (path / "map.yaml").write_text(
            'argmap: 1\ntitle: "T \\"}"\nsources:\n  s:\n    path: source.txt\nclaims:\n  a:\n    text: "\\"}, {\\"nodeID\\": \\"x\\""\n    quote: "He said \\"}</span>{\\\\n and left."\n',
            encoding="utf-8",
        )
        loaded = load(path / "map.yaml")
        assert loaded.records is not None
        document = json.loads("".join(aif.write(loaded)))
        (node,) = [n for n in document["nodes"] if n["type"] == "I"]
        assert node["text"] == loaded.records.claims["a"].text
        (locution,) = [n for n in document["nodes"] if n["type"] == "L"]
        assert locution["argmap_quote"] == 'He said "}</span>{\\n and left.'


# --- round trips of generated maps -----------------------------------------------------------------

REPEATED = "and so it was"
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp", "Cf")) | st.sampled_from("<>&\"' :#-"),
    min_size=1,
    max_size=24,
).filter(lambda text: text.strip() == text and text.strip())


def source_lines(count: int) -> list[str]:
    words = ["river", "bridge", "town", "rain", "mayor", "dawn", "homes", "storm"]
    return [f"Line {i}: the {words[i % len(words)]} number {i} {REPEATED}." for i in range(count)]


@st.composite
def generated_maps(draw: Any) -> tuple[dict[str, Any], str]:
    """A map (as data) quoting a generated source, with supports, attacks, undercuts,
    arguments, agents and every optional field, and the source's text."""
    lines = source_lines(draw(st.integers(2, 6)))
    ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_.-]{0,10}", fullmatch=True), min_size=1, max_size=7, unique=True))
    agents = draw(st.lists(st.sampled_from(["agent-a", "agent-b", "agent_c"]), unique=True, max_size=2))
    data: dict[str, Any] = {"argmap": 1, "title": draw(_TEXT), "sources": {"src": {"path": "source.txt", "title": "The source"}}}
    if draw(st.booleans()):
        data["description"] = draw(_TEXT)
    if agents:
        data["agents"] = {}
        for agent_id in agents:
            agent: dict[str, Any] = {"name": draw(_TEXT)}
            if draw(st.booleans()):
                agent["type"] = draw(st.sampled_from([t.value for t in AgentType]))
            if draw(st.booleans()):
                agent["note"] = draw(_TEXT)
            data["agents"][agent_id] = agent
    entries: dict[str, dict[str, Any]] = {}
    for node_id in ids:
        evidence = draw(st.booleans())
        node: dict[str, Any] = {"text": draw(_TEXT)}
        if draw(st.booleans()):
            node["kind"] = draw(st.sampled_from([k.value for k in (EvidenceKind if evidence else ClaimKind)]))
        how = draw(st.sampled_from(["line", "two", "repeat", "across", "implicit"]))
        if how == "line":
            node["quote"] = lines[draw(st.integers(0, len(lines) - 1))]
        elif how == "across":  # from the middle of a line into the next: crosses both lines' passages
            number = draw(st.integers(0, len(lines) - 2))
            node["quote"] = lines[number].split(": ", 1)[1] + "\n" + lines[number + 1].split(" number")[0]
        elif how == "two":
            first, second = draw(st.lists(st.integers(0, len(lines) - 1), min_size=2, max_size=2, unique=True))
            node["quote"] = [lines[first], lines[second]]
        elif how == "repeat":
            number = draw(st.integers(0, len(lines) - 1))
            node["cites"] = [{"quote": REPEATED, "prefix": f"number {number} "}]
        else:
            node["implicit"] = True
        if agents and draw(st.booleans()):
            node["asserted_by"] = draw(st.sampled_from(agents))
        if draw(st.booleans()):
            node["tags"] = draw(st.lists(st.sampled_from(["alpha", "beta-2", "aif-77", "x.y"]), unique=True, max_size=3))
        if draw(st.booleans()):
            node["note"] = draw(_TEXT)
        if draw(st.booleans()):
            node["group"] = draw(_TEXT)
        if draw(st.booleans()):
            node["expect"] = draw(st.sampled_from([label.value for label in Label]))
        if not evidence and draw(st.booleans()):
            node["thesis"] = True
        entries[node_id] = node
        data.setdefault("evidence" if evidence else "claims", {})[node_id] = node
    references: list[str] = []
    for source, target, kind in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.sampled_from(["supports", "attacks"])), max_size=8)):
        if source != target and target not in entries[source].get(kind, []):
            entries[source].setdefault(kind, []).append(target)
            references.append(f"{source} {kind} {target}")
    arguments: dict[str, Any] = {}
    if len(ids) >= 3:
        for number in range(draw(st.integers(0, 2))):
            premises = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
            others = [i for i in ids if i not in premises]
            kind = draw(st.sampled_from([*(["supports", "attacks"] if others else []), *(["undercuts"] if references else [])] or ["none"]))
            if kind == "none":
                continue
            target = draw(st.sampled_from(references if kind == "undercuts" else others))
            argument: dict[str, Any] = {"premises": premises, kind: target}
            if draw(st.booleans()):
                argument["text"] = draw(_TEXT)
            if draw(st.booleans()):
                argument["scheme"] = draw(_TEXT)
            if draw(st.booleans()):
                argument["tags"] = ["linked"]
            if draw(st.booleans()):
                argument["note"] = draw(_TEXT)
            if draw(st.booleans()):
                argument["quote"] = lines[draw(st.integers(0, len(lines) - 1))]
            argument_id = f"argument{number}"
            while argument_id in entries:
                argument_id += "x"
            arguments[argument_id] = argument
            references.append(argument_id)
    if arguments:
        data["arguments"] = arguments
    for source, pick in draw(st.lists(st.tuples(st.sampled_from(ids), st.integers(0, 30)), max_size=4)):
        if references:
            target = references[pick % len(references)]
            if target not in entries[source].get("undercuts", []):
                entries[source].setdefault("undercuts", []).append(target)
                references.append(f"{source} undercuts {target}")
    return data, "\n".join(lines) + "\n"


def write_map(folder: Path, data: dict[str, Any], text: str) -> LoadedMap:
    (folder / "source.txt").write_text(text, encoding="utf-8")
    (folder / "map.yaml").write_text(yaml_text(data), encoding="utf-8")
    loaded = load(folder / "map.yaml")
    assert loaded.records is not None, [p.message for p in loaded.problems]
    return loaded


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=generated_maps())
def test_round_trip_through_aif_keeps_ids_texts_kinds_relations_and_quotes(generated: tuple[dict[str, Any], str]) -> None:
    data, text = generated
    with tempfile.TemporaryDirectory() as folder:
        original = write_map(Path(folder), data, text)
        exported = "".join(aif.write(original))
        assert exported == "".join(aif.write(original))  # deterministic
        back_folder = Path(folder) / "back"
        back_folder.mkdir()
        loaded, problems = import_text("aif", exported, back_folder)
        assert [p.message for p in problems if p.code == "AM702"] == []
        assert shape(loaded) == shape(original)
        # the quotes come back through the locutions, anchored in their transcript
        assert all(anchor.anchored for anchor in resolve(loaded).quotes)


def test_a_locution_that_argues_an_inference_is_its_arguments_quote(tmp_path: Path) -> None:
    """L → YA "Arguing" → RA: the words are the quote of the argument the RA becomes; on
    an inference of one premise they have no place and are kept in the premise's note."""
    document = {
        "nodes": [
            {"nodeID": "1", "text": "Roads are icy", "type": "I"},
            {"nodeID": "2", "text": "Tyres are worn", "type": "I"},
            {"nodeID": "3", "text": "Driving is risky", "type": "I"},
            {"nodeID": "4", "text": "Default Inference", "type": "RA"},
            {"nodeID": "5", "text": "Kim : so with icy roads and worn tyres, driving is risky", "type": "L"},
            {"nodeID": "6", "text": "Arguing", "type": "YA"},
            {"nodeID": "7", "text": "Stay home", "type": "I"},
            {"nodeID": "8", "text": "Practical Reasoning", "type": "RA"},
            {"nodeID": "9", "text": "Kim : hence stay home", "type": "L"},
            {"nodeID": "10", "text": "Arguing", "type": "YA"},
        ],
        "edges": [
            {"fromID": "1", "toID": "4"},
            {"fromID": "2", "toID": "4"},
            {"fromID": "4", "toID": "3"},
            {"fromID": "5", "toID": "6"},
            {"fromID": "6", "toID": "4"},
            {"fromID": "3", "toID": "8"},
            {"fromID": "8", "toID": "7"},
            {"fromID": "9", "toID": "10"},
            {"fromID": "10", "toID": "8"},
        ],
    }
    loaded, problems = import_text("aif", json.dumps(document), tmp_path)
    assert errors(problems) == []
    records = loaded.records
    assert records is not None
    (argument_id,) = records.arguments
    assert records.arguments[argument_id].quote == ["so with icy roads and worn tyres, driving is risky"]
    assert records.arguments[argument_id].premises == ["roads-are-icy", "tyres-are-worn"]
    note = records.claims["driving-is-risky"].note or ""
    assert "scheme Practical Reasoning" in note and "hence stay home" in note
    assert all(anchor.anchored for anchor in resolve(loaded).quotes)
