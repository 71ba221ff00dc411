"""Argdown: the reader against Argdown itself on real files, the writer against Argdown's own
parser, and map → Argdown → map round trips.

Argdown's command line (installed by tests/argdown_tool.py) is the judge: a file it accepts
must import with the statements and relations `argdown json` reports; a file it rejects must
give problems, never a traceback; what argmap writes, it must parse back with the same
statements and relations.
"""

from __future__ import annotations

import collections
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from argdown_tool import ArgdownResult, ArgdownUnavailable, argdown, argdown_json, argdown_json_many
from click.testing import CliRunner
from conftest import REPO, SEED_MAP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.cli import cli
from argmap.formats import Input
from argmap.formats.argdown import _clean, _reads_as, escape_text, read, write
from argmap.importing import yaml_text
from argmap.loader import LoadedMap, load
from argmap.validation import validate

_CANDIDATES = [Path("/work/shared/corpora"), REPO.parent / "shared" / "corpora"]
CORPORA = next((p for p in _CANDIDATES if (p / "argdown" / "examples").is_dir()), None)
ARGDOWN_FILES = sorted((CORPORA / "argdown").glob("*/*.argdown")) if CORPORA else []
needs_corpus = pytest.mark.skipif(CORPORA is None, reason="the shared corpora are not here (../shared/corpora/argdown)")


@pytest.fixture(scope="session")
def argdown_cli() -> Path:
    """Argdown's command line; the test FAILS when it cannot be installed or run."""
    try:
        return argdown()
    except ArgdownUnavailable as exc:
        pytest.fail(f"Argdown is needed for this test: {exc}")


@pytest.fixture(scope="session")
def corpus_json(argdown_cli: Path) -> dict[Path, ArgdownResult]:
    """`argdown json` on every corpus file, in one run."""
    return argdown_json_many(ARGDOWN_FILES)


def imported(text: str, name: str = "test.argdown") -> tuple[dict[str, Any], list[Any]]:
    result = read([Input(name, text.encode("utf-8"))])
    return result.data, result.problems


def codes(problems: list[Any]) -> list[str]:
    return [p.code for p in problems]


def relations_of(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    """The relations a map's data writes: (source or argument, kind, target)."""
    found = set()
    for section in ("claims", "evidence"):
        for node_id, node in data.get(section, {}).items():
            for kind in ("supports", "attacks", "undercuts"):
                for target in node.get(kind, []):
                    found.add((node_id, kind, target))
    for argument_id, argument in data.get("arguments", {}).items():
        for kind in ("supports", "attacks", "undercuts"):
            if kind in argument:
                found.add((argument_id, kind, argument[kind]))
    return found


def load_data(data: dict[str, Any], folder: Path, name: str = "map.yaml") -> LoadedMap:
    path = folder / name
    path.write_text(yaml_text(data), encoding="utf-8")
    return load(path)


# --- the corpus, against Argdown ----------------------------------------------------------------


def expected_from_argdown(data: dict[str, Any]) -> dict[str, int]:
    """What the documented mapping makes of `argdown json`'s model: a claim per statement and
    per argument without premise-conclusion structure; a relation per inference of a
    structure, per relation (a contradiction gives two attacks; a support of a reconstructed
    argument supports its conclusion, an attack on it undercuts its inference)."""
    arguments = data["arguments"]
    reconstructed = {title for title, a in arguments.items() if a.get("pcs")}
    counts = collections.Counter()
    counts["claims"] = len(data["statements"]) + len(arguments) - len(reconstructed)
    for argument in arguments.values():
        counts["supports"] += sum(1 for statement in argument.get("pcs", []) if "inference" in statement)
    for relation in data["relations"]:
        kind, to_argument = relation["relationType"], relation["toType"] == "argument" and relation["to"] in reconstructed
        if kind in ("support", "entails"):
            counts["supports"] += 1
        elif kind == "attack":
            counts["undercuts" if to_argument else "attacks"] += 1
        elif kind == "undercut":
            counts["undercuts"] += 1
        elif kind in ("contrary", "contradictory"):
            counts["attacks"] += 2
    return counts


def counts_of(data: dict[str, Any]) -> dict[str, int]:
    counts = collections.Counter(kind for _source, kind, _target in relations_of(data))
    counts["claims"] = len(data.get("claims", {})) + len(data.get("evidence", {}))
    return counts


@needs_corpus
def test_the_corpus_is_there() -> None:
    assert len(ARGDOWN_FILES) >= 30


@needs_corpus
@pytest.mark.parametrize("path", ARGDOWN_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_corpus_file_imports_as_argdown_reads_it(path: Path, corpus_json: dict[Path, ArgdownResult], tmp_path: Path) -> None:
    result = read([Input(path.name, path.read_bytes())])
    for problem in result.problems:
        assert problem.code in ("AM701", "AM702", "AM703"), problem
        assert problem.location.path == path.name
    judged = corpus_json[path]
    if not judged.accepted:
        # Argdown rejects the file: argmap says where, and never raises.
        unreadable = [p for p in result.problems if p.code == "AM701"]
        assert unreadable, f"Argdown rejects {path.name}, argmap reported no AM701"
        assert all(p.location.line >= 1 for p in unreadable)
        return
    assert "AM701" not in codes(result.problems), [str(p) for p in result.problems if p.code == "AM701"]
    assert counts_of(result.data) == expected_from_argdown(judged.data)
    # Every AM702 says where it stands.
    assert all(p.location.line >= 1 for p in result.problems)
    # The map validates: nothing but warnings (isolated prose paragraphs are AM303).
    loaded = load_data(result.data, tmp_path)
    errors = [f"{p.code} {p.message}" for p in validate(loaded) if p.is_error]
    assert loaded.problems == [] and errors == []


@needs_corpus
def test_corpus_totals(corpus_json: dict[Path, ArgdownResult]) -> None:
    """Over the corpus: how many files Argdown accepts, and what argmap imports from them."""
    accepted = [p for p in ARGDOWN_FILES if corpus_json[p].accepted]
    assert len(accepted) >= 25 and len(ARGDOWN_FILES) - len(accepted) >= 5
    totals: collections.Counter[str] = collections.Counter()
    for path in accepted:
        result = read([Input(path.name, path.read_bytes())])
        totals.update(counts_of(result.data))
        totals["arguments"] += len(result.data.get("arguments", {}))
    assert totals["claims"] >= 300 and totals["arguments"] >= 40 and totals["undercuts"] >= 3


# --- Argdown parses what argmap writes ------------------------------------------------------------


def test_seed_map_export_is_parsed_by_argdown(argdown_cli: Path, tmp_path: Path) -> None:
    loaded = load(SEED_MAP)
    text = "".join(write(loaded))
    assert text == "".join(write(load(SEED_MAP))), "the output is deterministic"
    path = tmp_path / "seed.argdown"
    path.write_text(text, encoding="utf-8")
    judged = argdown_json(path)
    assert judged.accepted, judged.output
    data = judged.data
    graph = loaded.graph
    relations = list(graph.complete)
    undercut = {r.target for r in relations if r.kind == "undercuts"}
    # Written as Argdown arguments: the map's arguments, and the node relations that are undercut.
    written_as_arguments = [r for r in relations if r.argument is not None or r.id in undercut]
    # Those that attack or undercut conclude in a statement of their own that carries it.
    conclusions = [r for r in written_as_arguments if r.kind != "supports"]
    assert len(data["statements"]) == len(graph.nodes) + len(conclusions)
    assert set(graph.nodes) <= set(data["statements"])
    assert len(data["arguments"]) == len(written_as_arguments)
    kinds = collections.Counter(r["relationType"] for r in data["relations"])
    inferences = sum(1 for a in data["arguments"].values() for s in a["pcs"] if "inference" in s)
    assert inferences == len(written_as_arguments)
    supports = sum(r.kind == "supports" for r in relations)
    attacks = sum(r.kind == "attacks" for r in relations)
    undercuts = sum(r.kind == "undercuts" for r in relations)
    assert kinds["support"] + inferences - len(conclusions) == supports
    assert kinds["attack"] == attacks
    assert kinds["undercut"] == undercuts
    assert set(kinds) <= {"support", "attack", "undercut"}
    # Every node's text is Argdown's text of its statement.
    for node_id, node in graph.nodes.items():
        members = [m for m in data["statements"][node_id]["members"] if m.get("text")]
        assert _clean(re.sub(r"#\([^)]*\)", "", members[0]["text"])) == _clean(node.record.text)
    # And argmap reads it back as the same map.
    back = read([Input("seed.argdown", text.encode("utf-8"))])
    assert [p for p in back.problems if p.code != "AM702"] == []
    assert relations_of(back.data) == relations_of(yaml_data(SEED_MAP))


def yaml_data(path: Path) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in ("claims", "evidence"):
        for node in data.get(section, {}).values():
            for kind in ("supports", "attacks", "undercuts"):
                if isinstance(node.get(kind), str):
                    node[kind] = [node[kind]]
    return data


#: Pieces of Argdown syntax, and of text that looks like it.
NASTY = [
    "\\", "[", "]", "<", ">", "#", "*", "_", "{", "}", "@", "/", "=", ".", ":", ";", ",", "(", ")", "-", "+", "'", '"',
    "//", "/*", "*/", "<!--", "-->", "===", "{a: b}", "[x]", "<y>", "[t](u)", "#tag", "#(t t)", "**", "__", ".^.",
    ":heart:", ".x.", "@[s]", "@<a>", "--", "é", "—", "“", "\u00a0", "\t", " ", "  ", "\n", "(1)", "1.", "* ", "+>",
    "->", "<_", "_>", "><", "a", "b", "Z", "9", "word ",
]


def nasty_texts(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    texts = []
    while len(texts) < count:
        text = "".join(rnd.choice(NASTY) for _ in range(rnd.randint(1, 14)))
        if text.strip():
            texts.append(text)
    return texts


def test_argdown_reads_escaped_texts_and_data_as_written(argdown_cli: Path, tmp_path: Path) -> None:
    """Texts full of Argdown syntax, escaped by argmap: Argdown reads the same words, and the
    same data values (quotes, notes), as argmap does."""
    from argmap.formats.argdown import _flow

    texts = nasty_texts(300, seed=11)
    lines = [f"[s{i}]: {escape_text(t)} {_flow({'quote': t, 'note': t[::-1] or 'x', 'cites': [{'quote': t, 'occurrence': 2}]})}\n" for i, t in enumerate(texts)]
    path = tmp_path / "nasty.argdown"
    path.write_text("\n".join(lines), encoding="utf-8")
    judged = argdown_json(path)
    assert judged.accepted, judged.output[-3000:]
    mine = read([Input("nasty.argdown", path.read_bytes())])
    assert codes(mine.problems) == []
    for i, text in enumerate(texts):
        statement = judged.data["statements"][f"s{i}"]
        assert _clean(statement["members"][0]["text"]) == _clean(text), (text, escape_text(text))
        assert _reads_as(escape_text(text)) == _clean(text)
        assert statement["data"] == {"quote": text, "note": text[::-1] or "x", "cites": [{"quote": text, "occurrence": 2}]}
        claim = mine.data["claims"][f"s{i}"]
        assert claim["quote"] == text and claim["note"] == (text[::-1] or "x")
        assert claim["cites"] == [{"quote": text, "occurrence": 2}]


def test_generated_maps_are_parsed_by_argdown_with_their_relations(argdown_cli: Path, tmp_path: Path) -> None:
    """A sample of the round trip's generated maps, judged by Argdown itself."""
    paths, expected = [], {}
    rnd = random.Random(5)
    for number in range(12):
        data = generated_map(rnd, nasty_texts(30, seed=number))
        loaded = load_data(data, tmp_path, f"map{number}.yaml")
        assert loaded.problems == [], loaded.problems
        path = tmp_path / f"map{number}.argdown"
        path.write_text("".join(write(loaded)), encoding="utf-8")
        paths.append(path)
        expected[path] = loaded
    judged = argdown_json_many(paths)
    for path, loaded in expected.items():
        assert judged[path].accepted, (path.read_text(encoding="utf-8"), judged[path].output[-2000:])
        statements = judged[path].data["statements"]
        assert set(loaded.graph.nodes) <= set(statements)
        back = read([Input(path.name, path.read_bytes())])
        assert [p for p in back.problems if p.code != "AM702"] == []
        assert {(r.id, r.kind, r.sources, r.target) for r in load_data(back.data, tmp_path, "back.yaml").graph.complete} == {
            (r.id, r.kind, r.sources, r.target) for r in loaded.graph.complete}


def generated_map(rnd: random.Random, texts: list[str]) -> dict[str, Any]:
    """A map with every kind of relation: supports, attacks, linked premises that support,
    attack and undercut, undercuts of node relations, of arguments and of undercuts."""
    ids = [f"n{i}" for i in range(8)]
    claims: dict[str, Any] = {}
    for i, node_id in enumerate(ids):
        claims[node_id] = {"text": texts[i], "quote": texts[i + 8], "kind": rnd.choice(["fact", "policy", "causal"])}
    pairs = [(a, b) for a in ids for b in ids if a != b]
    rnd.shuffle(pairs)
    relations = []
    for a, b in pairs[:7]:
        kind = rnd.choice(["supports", "attacks"])
        claims[a].setdefault(kind, []).append(b)
        relations.append(f"{a} {kind} {b}")
    arguments = {
        "arg1": {"premises": ids[:2], "supports": ids[2], "text": texts[20], "scheme": "modus ponens"},
        "arg2": {"premises": ids[3:5], "attacks": ids[5], "note": texts[21]},
        "arg3": {"premises": ids[5:7], "undercuts": relations[0]},
    }
    claims[ids[7]]["undercuts"] = ["arg1", relations[1]]
    claims[ids[6]]["undercuts"] = [f"{ids[7]} undercuts {relations[1]}"]
    return {"argmap": 1, "title": texts[22], "description": texts[23], "sources": {"src": {"path": "source.txt"}},
            "claims": claims, "arguments": arguments}


# --- map → Argdown → map ----------------------------------------------------------------------------

_ids = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}", fullmatch=True)
# Any character a map may hold: control characters (other than the tab and line breaks NASTY has)
# and noncharacters are refused by validation (AM111), so a map cannot carry them to Argdown.
_characters = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
_texts = st.lists(st.sampled_from(NASTY) | st.text(_characters, max_size=3), min_size=1, max_size=6).map("".join).filter(lambda t: t.strip() != "")
_tags = st.lists(st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,6}", fullmatch=True), max_size=2, unique=True)
_kinds = st.none() | st.sampled_from(["fact", "interpretation", "causal", "prediction", "evaluation", "normative", "policy"])
_evidence_kinds = st.none() | st.sampled_from(["event", "statistic", "statement", "example", "report", "observation"])


@st.composite
def maps(draw: Any) -> dict[str, Any]:
    ids = draw(st.lists(_ids, min_size=1, max_size=7, unique_by=str.lower))
    argument_ids = [i for i in draw(st.lists(_ids, max_size=3, unique_by=str.lower)) if i.lower() not in {x.lower() for x in ids}]
    claims: dict[str, Any] = {}
    evidence: dict[str, Any] = {}
    agents = {"ag": {"name": draw(_texts)}}
    relations: list[str] = []
    for node_id in ids:
        is_evidence = draw(st.booleans()) and len(ids) > 1
        node: dict[str, Any] = {"text": draw(_texts)}
        kind = draw(_evidence_kinds if is_evidence else _kinds)
        if kind:
            node["kind"] = kind
        quotes = draw(st.lists(_texts, max_size=2))
        if quotes:
            node["quote"] = quotes
        elif draw(st.booleans()):
            node["implicit"] = True
        if draw(st.booleans()):
            node["cites"] = [{"quote": draw(_texts), "prefix": draw(_texts), "occurrence": draw(st.integers(1, 3))}]
        if draw(st.booleans()):
            node["note"] = draw(_texts)
        node["tags"] = draw(_tags)
        if draw(st.booleans()):
            node["group"] = draw(_texts)
        if draw(st.booleans()):
            node["asserted_by"] = "ag"
        if not is_evidence and draw(st.booleans()):
            node["thesis"] = True
        if draw(st.booleans()):
            node["expect"] = draw(st.sampled_from(["accepted", "rejected", "undecided"]))
        (evidence if is_evidence else claims)[node_id] = node
    nodes = {**claims, **evidence}
    for node_id in ids:
        for kind in ("supports", "attacks"):
            targets = [t for t in draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)) if t != node_id]
            taken = {t for k in ("supports", "attacks") for t in nodes[node_id].get(k, [])}
            targets = [t for t in targets if t not in taken]
            if targets:
                nodes[node_id][kind] = targets
                relations += [f"{node_id} {kind} {t}" for t in targets]
    arguments: dict[str, Any] = {}
    for argument_id in argument_ids:
        if len(ids) < 3:
            break
        premises = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
        entry: dict[str, Any] = {"premises": premises}
        choice = draw(st.sampled_from(["supports", "attacks", "undercuts"]))
        others = [i for i in ids if i not in premises]
        if choice == "undercuts" and relations:
            entry["undercuts"] = draw(st.sampled_from(relations))
        elif others:
            entry["attacks" if choice == "attacks" else "supports"] = draw(st.sampled_from(others))
        else:
            continue
        if draw(st.booleans()):
            entry["text"] = draw(_texts)
        if draw(st.booleans()):
            entry["scheme"] = draw(st.sampled_from(["modus ponens", "argument from expert opinion", draw(_texts)]))
        if draw(st.booleans()):
            entry["quote"] = draw(_texts)
        if draw(st.booleans()):
            entry["note"] = draw(_texts)
        if draw(st.booleans()):
            entry["expect"] = draw(st.sampled_from(["accepted", "rejected", "undecided"]))
        entry["tags"] = draw(_tags)
        arguments[argument_id] = entry
    undercuttable = relations + list(arguments)
    for node_id in ids:
        if undercuttable and draw(st.booleans()):
            target = draw(st.sampled_from(undercuttable))
            nodes[node_id]["undercuts"] = [target]
            undercuttable = [*undercuttable, f"{node_id} undercuts {target}"]
    data: dict[str, Any] = {"argmap": 1, "title": draw(_texts), "sources": {"src": {"path": "source.txt", "title": draw(_texts)}}, "agents": agents}
    if draw(st.booleans()):
        data["description"] = draw(_texts)
    if claims:
        data["claims"] = claims
    if evidence:
        data["evidence"] = evidence
    if arguments:
        data["arguments"] = arguments
    return data


def comparable(loaded: LoadedMap) -> dict[str, Any]:
    """What a round trip must keep: ids, texts, kinds, the other fields of nodes and arguments,
    every relation (linked premises and undercuts included), quotes."""
    from argmap.records import as_written

    records = loaded.records
    assert records is not None
    nodes = {}
    for section in ("claims", "evidence"):
        for node_id, node in getattr(records, section).items():
            fields = as_written(node)
            for kind in ("supports", "attacks", "undercuts"):
                fields.pop(kind, None)
            fields["tags"] = sorted(fields.get("tags", []))
            nodes[node_id] = (section, fields)
    arguments = {}
    for argument_id, argument in records.arguments.items():
        fields = as_written(argument)
        for kind in ("premises", "supports", "attacks", "undercuts"):
            fields.pop(kind, None)
        arguments[argument_id] = fields
    relations = {(r.id, r.kind, r.sources, r.target, r.argument) for r in loaded.graph.complete}
    head = {"title": records.title, "description": records.description,
            "sources": {k: as_written(v) for k, v in records.sources.items()}, "agents": {k: as_written(v) for k, v in records.agents.items()}}
    return {"head": head, "nodes": nodes, "arguments": arguments, "relations": relations}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=maps())
def test_round_trip_keeps_the_map(data: dict[str, Any], tmp_path: Path) -> None:
    original = load_data(data, tmp_path, "original.yaml")
    assert original.problems == [], original.problems
    text = "".join(write(original))
    assert "".join(write(original)) == text
    back = read([Input("map.argdown", text.encode("utf-8"))])
    assert [p for p in back.problems if p.code != "AM702"] == [], [str(p) for p in back.problems]
    assert [p for p in back.problems if p.code == "AM702"] == [], [str(p) for p in back.problems]
    again = load_data(back.data, tmp_path, "again.yaml")
    assert again.problems == [], again.problems
    assert comparable(again) == comparable(original)


# --- the reader: what each piece of Argdown becomes --------------------------------------------------


def test_statements_relations_tags_and_sections() -> None:
    data, problems = imported(
        "# Budget {isGroup: false}\n\n"
        "[Cut]: The budget must be cut. #fiscal #(hard choice)\n"
        "  + [Debt]: Debt is too high.\n"
        "  <+ Growth is slow.\n"
        "  - [Jobs]: Cuts cost jobs.\n"
        "  <- <Keynes>: Cutting in a slump deepens it.\n"
        "  +> [Rating]\n"
        "  -> [Spend]\n\n"
        "## Other\n\n"
        "[Rating]: The rating improves.\n\n"
        "[Spend]: Spend more.\n"
    )
    claims = data["claims"]
    assert claims["Cut"] == {"text": "The budget must be cut.", "tags": ["fiscal", "hard-choice"], "implicit": True, "group": "Budget",
                             "supports": ["Rating"], "attacks": ["Spend"]}
    assert claims["Debt"]["supports"] == ["Cut"] and claims["Jobs"]["attacks"] == ["Cut"]
    assert claims["growth-is-slow"] == {"text": "Growth is slow.", "implicit": True, "group": "Budget", "supports": ["Cut"]}
    assert claims["Keynes"] == {"text": "Cutting in a slump deepens it.", "tags": ["argument"], "implicit": True, "group": "Budget", "attacks": ["Cut"]}
    assert claims["Rating"]["group"] == "Other"
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM702", 1, 10)]  # isGroup steers Argdown's map
    assert data["title"] == "Budget"


def test_premise_conclusion_structures() -> None:
    data, problems = imported(
        "<Angels>: Since men are not angels, government must control itself. #madison\n\n"
        "(1) [Men]: Men are not angels.\n"
        "(2) [People]: The people are not control enough.\n"
        "-- Practical reasoning --\n"
        "(3) [Control]: Government must control itself.\n\n"
        "<Single>\n\n"
        "(1) [Men]\n"
        "----\n"
        "(2) [Need]: Government is necessary.\n\n"
        "[Skeptic]: Angels are beside the point.\n"
        "  _> <Angels>\n"
        "  _> <Single>\n"
    )
    assert data["arguments"] == {"Angels": {"premises": ["Men", "People"], "supports": "Control", "scheme": "Practical reasoning",
                                            "text": "Since men are not angels, government must control itself.", "tags": ["madison"]}}
    assert data["claims"]["Men"]["supports"] == ["Need"]
    assert data["claims"]["Skeptic"]["undercuts"] == ["Angels", "Men supports Need"]
    assert problems == []


def test_multi_step_structure_and_uses() -> None:
    data, problems = imported(
        "<Chain>\n\n(1) A\n(2) B\n----\n(3) C\n(4) D\n-- {uses: [1, 4]} --\n(5) E\n"
    )
    arguments = data["arguments"]
    assert set(arguments) == {"Chain", "Chain-step-3"}
    assert arguments["Chain-step-3"]["premises"] == ["a", "b"] and arguments["Chain-step-3"]["supports"] == "c"
    assert arguments["Chain"]["premises"] == ["a", "d"] and arguments["Chain"]["supports"] == "e"
    assert problems == []


def test_contradiction_becomes_two_attacks_and_is_reported() -> None:
    data, problems = imported("[A]: Prices rise.\n  >< [B]: Prices fall.\n")
    assert data["claims"]["A"]["attacks"] == ["B"] and data["claims"]["B"]["attacks"] == ["A"]
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM702", 2, 1)]
    assert "two attacks" in problems[0].message


def test_strict_mode_makes_attacks_contrary() -> None:
    data, problems = imported("===\nmodel:\n  mode: strict\n===\n\n[A]: a\n  - [B]: b\n\n[B]\n  - [A]\n")
    assert data["claims"]["A"]["attacks"] == ["B"] and data["claims"]["B"]["attacks"] == ["A"]
    messages = sorted(p.message for p in problems)
    assert messages[0].startswith("statement [B] is contrary to statement [A]: a map has no such relation; it becomes two attacks")
    assert messages[1].startswith("the front matter setting 'model' steers Argdown's own output")


def test_statement_data_gives_quote_source_and_kind() -> None:
    data, problems = imported(
        "===\ntitle: T\nargmap:\n  sources:\n    art: {path: article.txt}\n===\n\n"
        '[Q]: A quoted claim. {quote: "the exact words", source: art, kind: fact, colour: red}\n\n'
        '[E]: Evidence. {evidence: true, kind: statistic, quote: ["one", "two"]}\n'
        "  +> [Q]\n"
    )
    assert data["title"] == "T" and data["sources"] == {"art": {"path": "article.txt"}}
    assert data["claims"]["Q"] == {"text": "A quoted claim.", "kind": "fact", "quote": "the exact words", "source": "art", "note": 'colour: "red"'}
    assert data["evidence"]["E"] == {"text": "Evidence.", "kind": "statistic", "quote": ["one", "two"], "supports": ["Q"]}
    assert [(p.code, p.location.line) for p in problems] == [("AM702", 8)]  # colour: red


def test_comments_links_emphasis_and_inference_data_are_reported_with_their_place() -> None:
    data, problems = imported(
        "// opening remark\n"
        "[A]: A *strong* claim, see [the report](https://example.org). <!-- check it -->\n"
        "  + [B]: b\n"
    )
    assert data["claims"]["A"]["text"] == "A strong claim, see the report."
    assert "check it" in data["claims"]["A"]["note"] and "https://example.org" in data["claims"]["A"]["note"]
    assert data["description"] == "opening remark"
    where = sorted((p.location.line, p.location.column) for p in problems)
    assert where == [(1, 1), (2, 8), (2, 28), (2, 63)]  # comment, emphasis, link, comment
    assert set(codes(problems)) == {"AM702"}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("[A]: a\n+ [B]\n", 2, 1),  # a relation must be indented
        ("a\n\n  + b\n", 3, 1),  # a relation after an empty line
        ("(1) A\n(2) B\n", 0, 0),  # no inference line
        ("[A]: a {x: [1, 2}\n", 1, 8),  # invalid YAML data
        ("[A] text\n", 1, 5),
        ("(1) A\n----", 2, 3),
    ],
)
def test_malformed_argdown_gives_problems_with_their_place(text: str, line: int, column: int) -> None:
    _data, problems = imported(text)
    unreadable = [p for p in problems if p.code == "AM701"]
    assert unreadable, problems
    if line:
        assert (unreadable[0].location.line, unreadable[0].location.column) == (line, column), unreadable


def test_a_paragraph_with_an_error_is_left_out_and_the_rest_read() -> None:
    data, problems = imported("[A]: a\n\n[B] oops\n\n[C]: c\n  + [A]\n")
    assert set(data["claims"]) == {"A", "C"}
    assert codes(problems) == ["AM701"] and problems[0].location.line == 3


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*NASTY, "\n", "\n\n", "  + ", "(1) ", "----\n", "===\n", "<A>: ", "[S]: ", "# ", "{uses: [9]}", "\r\n"]), max_size=40))
def test_reader_never_raises(pieces: list[str]) -> None:
    result = read([Input("fuzz.argdown", "".join(pieces).encode("utf-8"))])
    for problem in result.problems:
        assert problem.code in ("AM701", "AM702", "AM703") and problem.location.path == "fuzz.argdown"


@needs_corpus
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_reader_never_raises_on_cut_corpus_files(data: Any) -> None:
    path = data.draw(st.sampled_from(ARGDOWN_FILES))
    raw = path.read_bytes()
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    junk = data.draw(st.binary(max_size=8))
    result = read([Input(path.name, raw[:start] + junk + raw[end:])])
    assert all(p.code.startswith("AM7") for p in result.problems)


@pytest.mark.parametrize("text", ["", "\n\n", "===\ntitle: x\n===\n\n", "// only a comment\n", "+ [x]\n"])
def test_a_document_with_nothing_to_import_gives_no_map(text: str) -> None:
    data, problems = imported(text)
    assert data == {} and "AM701" in codes(problems)


def test_undecodable_input_is_reported() -> None:
    result = read([Input("bad.argdown", b"[A]: \xff\xfe")])
    assert codes(result.problems) == ["AM701"] and result.data == {}


# --- the writer -----------------------------------------------------------------------------------------


def test_writer_escapes_syntax_in_texts() -> None:
    assert escape_text("a [b] <c> #d *e* _f_ {g} @h // i /* j ==== k .^. :heart: 1.5 e.g. x") == (
        "a \\[b\\] \\<c\\> \\#d \\*e\\* \\_f\\_ \\{g\\} \\@h \\// i \\/\\* j \\=\\=== k \\.^. \\:heart: 1.5 e\\.g. x")
    assert escape_text("line\nbreak") == "line break"


def test_cli_export_and_import(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "seed.argdown"
    result = runner.invoke(cli, ["export", str(SEED_MAP), "--format", "argdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("===\ntitle: ") and "\n[isis-strategy-shift]: " in text
    shutil.copy(REPO / "seeds" / "from-mumbai-to-paris.txt", tmp_path / "from-mumbai-to-paris.txt")
    text = text.replace('path: "../seeds/from-mumbai-to-paris.txt"', 'path: "from-mumbai-to-paris.txt"')
    out.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["import", "argdown", str(out), "-o", str(tmp_path / "back.yaml")])
    assert result.exit_code == 0, result.output
    loaded = load(tmp_path / "back.yaml")
    assert [p for p in validate(loaded) if p.is_error] == []
    assert comparable(loaded)["relations"] == comparable(load(SEED_MAP))["relations"]
