"""Validation rules AM2xx-AM4xx: one test per code, with exact positions."""

from __future__ import annotations

from conftest import HEAD, SOURCE_TEXT, codes, dedent
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.problems import CODES, Severity
from argmap.rules import RULES
from argmap.rules.structure import _outside_any_order, strongly_connected

# Every map below starts with HEAD (5 lines: one source `src` reading source.txt),
# so `claims:` is line 6 and the first node id line 7.


def test_every_rule_code_is_registered() -> None:
    assert set(RULES) == {c for c in CODES if c[2] in "2346"}


def test_a_clean_map_has_no_problems(found) -> None:
    text = HEAD + dedent(
        """
        claims:
          town-rebuilds:
            text: The town will be rebuilt.
            kind: prediction
            thesis: true
            quote: The mayor said the town would rebuild.
          river-flood:
            text: The river flooded.
            quote: ["The river rose above the old bridge.", "The river rose again in the morning."]
            supports: town-rebuilds
        evidence:
          rain:
            text: It rained all night.
            kind: event
            quote: Rain fell on the town all night.
            supports: [river-flood]
          leaving:
            text: People left.
            quote: "People\\u00a0left  their homes\\nbefore dawn."
            attacks: town-rebuilds
        """
    )
    assert found(text) == []


# --- references: AM2xx ------------------------------------------------------------------------


def test_am201_unknown_node(found) -> None:
    text = HEAD + dedent(
        """
        claims:
          a:
            text: A
            quote: Rain fell on the town
            supports: [b, nowhere]
          b:
            text: B
            quote: People left their homes
            attacks: [a, gone]
        """
    )
    assert found(text) == [("AM201", 10, 19), ("AM201", 14, 18)]


def test_am201_hint_suggests_the_closest_id(problems_of) -> None:
    problems = problems_of(HEAD + "claims:\n  river:\n    text: A\n    implicit: true\n  b:\n    text: B\n    implicit: true\n    supports: rivr\n")
    unknown = [p for p in problems if p.code == "AM201"]
    assert len(unknown) == 1
    assert unknown[0].hint == "did you mean `river`?"


def test_am202_unknown_source(found) -> None:
    text = HEAD + dedent(
        """
        claims:
          a:
            text: A
            source: nope
            quote: Rain fell on the town
            supports: b
          b:
            text: B
            quote: People left their homes
        """
    )
    assert found(text) == [("AM202", 9, 13)]


def test_am203_source_required_with_several_sources(found) -> None:
    text = HEAD + dedent(
        """
          other:
            path: source.txt
        claims:
          a:
            text: A
            quote: Rain fell on the town
            supports: b
          b:
            text: B
            source: src
            quote: People left their homes
        """
    )
    assert found(text) == [("AM203", 9, 3)]


def test_am204_duplicate_id_across_claims_and_evidence(problems_of) -> None:
    text = HEAD + dedent(
        """
        claims:
          a:
            text: A
            implicit: true
            supports: c
        evidence:
          a:
            text: A again
            implicit: true
            supports: c
          c:
            text: C
            implicit: true
        """
    )
    problems = problems_of(text)
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM204", 12, 3)]
    assert "line 7" in problems[0].message


def test_am205_self_reference(found) -> None:
    text = HEAD + dedent(
        """
        claims:
          a:
            text: A
            implicit: true
            supports: [b]
            attacks: [a]
          b:
            text: B
            implicit: true
        """
    )
    assert found(text) == [("AM205", 11, 15)]


def test_am206_quote_without_sources(found) -> None:
    text = dedent(
        """
        argmap: 1
        title: No sources
        claims:
          a:
            text: A
            quote: Rain fell on the town
            supports: b
          b:
            text: B
            implicit: true
        """
    )
    assert found(text) == [("AM206", 6, 5)]


# --- structure: AM3xx ---------------------------------------------------------------------------


CYCLE = HEAD + dedent(
    """
    claims:
      a:
        text: A
        implicit: true
        supports: [b]
      b:
        text: B
        implicit: true
        supports: [c]
      c:
        text: C
        implicit: true
        supports: [a]
      d:
        text: D
        implicit: true
        supports: [a]
    """
)


def test_am301_support_cycle(found) -> None:
    assert found(CYCLE) == [("AM301", 10, 5)]


def test_am301_message_names_the_whole_cycle_in_order(problems_of) -> None:
    (problem,) = problems_of(CYCLE)
    assert "a → b → c → a" in problem.message
    assert "d" not in problem.message.split(":", 1)[1].replace("→", " ").split()


def test_am301_two_separate_cycles_are_two_problems(problems_of) -> None:
    text = HEAD + dedent(
        """
        claims:
          a: {text: A, implicit: true, supports: b}
          b: {text: B, implicit: true, supports: a}
          x: {text: X, implicit: true, supports: y}
          y: {text: Y, implicit: true, supports: x}
        """
    )
    problems = problems_of(text)
    assert [p.code for p in problems] == ["AM301", "AM301"]
    assert "a → b → a" in problems[0].message
    assert "x → y → x" in problems[1].message


def test_attacks_do_not_make_a_support_cycle(found) -> None:
    text = HEAD + dedent(
        """
        claims:
          a: {text: A, implicit: true, supports: b}
          b: {text: B, implicit: true, attacks: a}
        """
    )
    assert found(text) == []


def test_am302_support_and_attack(found) -> None:
    text = HEAD + dedent(
        """
        claims:
          a:
            text: A
            implicit: true
            supports: [b]
            attacks: [c, b]
          b:
            text: B
            implicit: true
          c:
            text: C
            implicit: true
        """
    )
    assert found(text) == [("AM302", 11, 18)]


def test_am303_isolated_node_is_a_warning(problems_of) -> None:
    text = HEAD + dedent(
        """
        claims:
          a:
            text: A
            implicit: true
            supports: b
          b:
            text: B
            implicit: true
          alone:
            text: Alone
            implicit: true
        """
    )
    problems = problems_of(text)
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM303", 14, 3)]
    assert problems[0].severity is Severity.WARNING
    assert "alone" in problems[0].message


# --- provenance: AM4xx ------------------------------------------------------------------------------


def test_am401_missing_source_file(found) -> None:
    text = dedent(
        """
        argmap: 1
        title: T
        sources:
          src:
            path: not-there.txt
        claims:
          a:
            text: A
            quote: anything
            supports: b
          b:
            text: B
            implicit: true
        """
    )
    assert found(text) == [("AM401", 5, 11)]


def test_am401_source_not_utf8(write_map, tmp_path) -> None:
    from argmap.loader import load
    from argmap.validation import validate

    path = write_map(HEAD + "claims:\n  a:\n    text: A\n    quote: café\n    supports: b\n  b:\n    text: B\n    implicit: true\n")
    (tmp_path / "source.txt").write_bytes(b"caf\xe9 au lait\n")
    problems = validate(load(path))
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM401", 5, 11)]
    assert "UTF-8" in problems[0].message


def test_am402_source_hash_mismatch(found) -> None:
    text = HEAD + "    sha256: " + "ab" * 32 + "\n" + dedent(
        """
        claims:
          a:
            text: A
            quote: Rain fell on the town
            supports: b
          b:
            text: B
            implicit: true
        """
    )
    assert found(text) == [("AM402", 6, 13)]


def test_am402_correct_pin_is_fine(found) -> None:
    import hashlib

    digest = hashlib.sha256(SOURCE_TEXT.encode("utf-8")).hexdigest()
    text = HEAD + f"    sha256: '{digest.upper()}'\n" + "claims:\n  a:\n    text: A\n    quote: Rain fell\n    supports: b\n  b:\n    text: B\n    implicit: true\n"
    assert found(text) == []


AM403_MAP = HEAD + dedent(
    """
    claims:
      a:
        text: A
        quote:
          - Rain fell on the town all night.
          - The river rose above the new bridge.
        supports: b
      b:
        text: B
        quote: "the mayor said the town would rebuild."
    """
)


def test_am403_quote_not_found(found) -> None:
    assert found(AM403_MAP) == [("AM403", 11, 9), ("AM403", 15, 12)]


def test_am403_hint_aligns_the_quote_with_its_closest_passage_word_by_word(problems_of) -> None:
    problem = problems_of(AM403_MAP)[0]
    assert (problem.hint or "").split("\n") == [
        "closest passage, line 2, column 1 (1 of 7 words differs):",
        "quote:  The river rose above the [-new-] bridge.",
        "source: The river rose above the {+old+} bridge.",
    ]
    assert problem.data is not None
    assert problem.data["closest"] == {"line": 2, "column": 1, "start": 33, "end": 69, "text": "The river rose above the old bridge."}
    assert problem.data["words"] == [
        {"op": "equal", "quote": "The river rose above the", "source": "The river rose above the"},
        {"op": "replace", "quote": "new", "source": "old"},
        {"op": "equal", "quote": "bridge.", "source": "bridge."},
    ]


def test_am403_hint_says_when_only_the_letter_case_differs(problems_of) -> None:
    problem = problems_of(AM403_MAP)[1]
    assert (problem.hint or "").split("\n") == [
        "closest passage, line 5, column 1 (differs only in letter case):",
        "quote:  [-the-] mayor said the town would rebuild.",
        "source: {+The+} mayor said the town would rebuild.",
    ]
    assert "100%" not in (problem.hint or "")


def test_am403_typography_is_folded_but_spelling_is_not(found) -> None:
    text = HEAD + dedent(
        """
        claims:
          a:
            text: A
            quote: "The  river\\u00a0rose\\nabove the old bridge"
            supports: b
          b:
            text: B
            quote: "Rain fell on the town all night!"
        """
    )
    assert found(text) == [("AM403", 13, 12)]


def test_am404_ambiguous_quote_lists_the_lines(problems_of) -> None:
    text = HEAD + "claims:\n  a:\n    text: A\n    quote: The river rose\n    supports: b\n  b:\n    text: B\n    implicit: true\n"
    problems = problems_of(text)
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM404", 9, 12)]
    assert "2 times" in problems[0].message
    assert "lines 2, 4" in problems[0].message


def test_am405_quote_missing(found) -> None:
    text = HEAD + "claims:\n  a:\n    text: A\n    supports: b\n  b:\n    text: B\n    implicit: true\n"
    assert found(text) == [("AM405", 7, 3)]


def test_am406_implicit_with_quote_is_a_warning(problems_of) -> None:
    text = HEAD + "claims:\n  a:\n    text: A\n    quote: Rain fell\n    implicit: true\n    supports: b\n  b:\n    text: B\n    implicit: true\n"
    problems = problems_of(text)
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM406", 10, 15)]
    assert problems[0].severity is Severity.WARNING


def test_problems_are_sorted_by_position(problems_of) -> None:
    text = HEAD + dedent(
        """
        claims:
          a:
            text: A
            quote: nowhere to be found
            supports: [zz]
          b:
            text: B
            supports: [a, a2]
        """
    )
    problems = problems_of(text)
    positions = [(p.location.line, p.location.column) for p in problems]
    assert positions == sorted(positions)
    assert codes(problems) == ["AM201", "AM201", "AM403", "AM405"]


# --- the cycle detector ----------------------------------------------------------------------------


def _reachable(graph: dict[str, list[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for child in graph.get(todo.pop(), []):
            if child in graph and child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


names = st.sampled_from("abcdefghij")
graphs = st.dictionaries(names, st.lists(st.sampled_from("abcdefghijkl"), max_size=4), max_size=10)


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_strongly_connected_matches_brute_force_reachability(graph: dict[str, list[str]]) -> None:
    components = strongly_connected(graph)
    members = [node for component in components for node in component]
    # A partition of the graph's nodes (targets outside the graph are ignored).
    assert sorted(members) == sorted(graph)
    component_of = {node: i for i, component in enumerate(components) for node in component}
    reach = {node: _reachable(graph, node) for node in graph}
    for x in graph:
        for y in graph:
            mutual = y in reach[x] and x in reach[y]
            assert (component_of[x] == component_of[y]) == mutual, (x, y)


def test_strongly_connected_handles_long_chains() -> None:
    n = 50_000
    graph = {f"n{i}": [f"n{i + 1}"] for i in range(n)}
    graph[f"n{n}"] = ["n0"]
    components = strongly_connected(graph)
    assert len(components) == 1 and len(components[0]) == n + 1


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_the_acyclic_part_peeled_off_holds_no_cycle_and_keeps_every_cycle(graph: dict[str, list[str]]) -> None:
    left = _outside_any_order(graph)
    reach = {node: _reachable(graph, node) for node in graph}
    on_a_cycle = {x for x in graph for y in graph[x] if y in graph and x in reach[y]}
    assert on_a_cycle <= set(left)
    # Whatever is left is on a cycle or reached from one.
    assert all(any(node in reach[member] for member in on_a_cycle) for node in left)
    assert sorted(sorted(c) for c in strongly_connected(left) if len(c) > 1) == sorted(sorted(c) for c in strongly_connected(graph) if len(c) > 1)
