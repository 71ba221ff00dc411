"""Linked premises and undercuts: the problems of arguments and relation references, with exact positions.

Every map starts with HEAD (5 lines), so the section after it is line 6 and
its first entry line 7.
"""

from __future__ import annotations

from conftest import HEAD, dedent

from argmap.loader import load_bytes

GOOD = HEAD + dedent(
    """
    claims:
      rebuild:
        text: The town will be rebuilt.
        quote: The mayor said the town would rebuild.
      river:
        text: The river flooded.
        quote: The river rose above the old bridge.
      left:
        text: People left.
        quote: People left their homes before dawn.
      again:
        text: It rose again.
        quote: The river rose again in the morning.
        undercuts: rain supports rebuild
    evidence:
      rain:
        text: It rained.
        quote: Rain fell on the town all night.
        supports: rebuild
    arguments:
      flood-and-flight:
        premises: [river, left]
        supports: rebuild
    """
)


def test_linked_premises_and_an_undercut_validate_cleanly(found) -> None:
    text = GOOD.replace("        undercuts: rain supports rebuild\n", "        undercuts: flood-and-flight\n")
    assert found(text) == []


def test_an_undercut_names_a_relation_by_its_words_with_any_spacing(found) -> None:
    text = GOOD.replace("undercuts: rain supports rebuild", "undercuts: rain   supports  rebuild")
    assert found(text) == []


def test_am208_an_undercut_of_a_relation_that_does_not_exist(problems_of) -> None:
    problems = problems_of(GOOD.replace("undercuts: rain supports rebuild", "undercuts: river supports rain"))
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("AM208", 19, 16)]
    assert "no relation" in problems[0].message


def test_am208_an_undercut_that_names_a_node_lists_its_relations(problems_of) -> None:
    [problem] = problems_of(GOOD.replace("undercuts: rain supports rebuild", "undercuts: rain"))
    assert (problem.code, problem.location.line, problem.location.column) == ("AM208", 19, 16)
    assert "`rain supports rebuild`" in problem.hint


def test_am208_a_misspelt_relation_gets_a_did_you_mean(problems_of) -> None:
    [problem] = problems_of(GOOD.replace("undercuts: rain supports rebuild", "undercuts: rain supports rebuilt"))
    assert problem.code == "AM208" and "rain supports rebuild" in problem.hint


def test_am208_a_malformed_reference_is_a_format_problem_at_its_place(problems_of) -> None:
    [problem] = problems_of(GOOD.replace("undercuts: rain supports rebuild", "undercuts: river -> rebuild"))
    assert (problem.code, problem.location.line, problem.location.column) == ("AM109", 19, 16)


def test_am201_an_unknown_premise_and_an_unknown_conclusion(found) -> None:
    head, tail = GOOD.rsplit("supports: rebuild", 1)
    text = (head + "supports: rebuilt" + tail).replace("premises: [river, left]", "premises: [river, lefft]")
    # `left` is then connected to nothing: a warning of its own.
    assert found(text) == [("AM201", 27, 23), ("AM201", 28, 15), ("AM303", 13, 3)]


def test_am201_attacking_an_argument_says_to_undercut_it(problems_of) -> None:
    problems = problems_of(GOOD.replace("    supports: rebuild\narguments", "    attacks: flood-and-flight\narguments"))
    [problem] = [p for p in problems if p.code == "AM201"]
    assert "undercuts: flood-and-flight" in problem.hint


def test_am204_an_argument_id_taken_by_a_node(found) -> None:
    assert ("AM204", 26, 3) in found(GOOD.replace("  flood-and-flight:", "  river:"))


def test_am205_a_node_that_undercuts_its_own_relation(found) -> None:
    text = GOOD.replace("undercuts: rain supports rebuild", "supports: rebuild\n    undercuts: again supports rebuild")
    assert ("AM205", 20, 16) in found(text)


def test_am209_a_relation_written_twice(found) -> None:
    assert found(GOOD.replace("    supports: rebuild\narguments", "    supports: [rebuild, rebuild]\narguments")) == [("AM209", 24, 25)]


def test_am301_circular_support_through_an_argument(problems_of) -> None:
    text = GOOD.replace("    text: The town will be rebuilt.\n", "    text: The town will be rebuilt.\n    supports: river\n")
    [problem] = [p for p in problems_of(text) if p.code == "AM301"]
    assert problem.message.startswith("circular support: rebuild → river → rebuild")
    assert (problem.location.line, problem.location.column) == (9, 5)


def test_am311_an_argument_with_one_premise(found) -> None:
    assert found(GOOD.replace("premises: [river, left]", "premises: [river]")) == [("AM303", 13, 3), ("AM311", 27, 15)]


def test_am312_an_argument_without_a_conclusion_or_with_two(found) -> None:
    no_conclusion = GOOD.rsplit("    supports: rebuild\n", 1)[0]
    assert ("AM312", 26, 3) in found(no_conclusion)
    two = GOOD + "    attacks: again\n"
    assert ("AM312", 29, 5) in found(two)


def test_am313_a_premise_that_is_its_own_conclusion(found) -> None:
    assert ("AM313", 27, 23) in found(GOOD.replace("premises: [river, left]", "premises: [river, rebuild]"))


def test_am314_a_premise_listed_twice(found) -> None:
    assert found(GOOD.replace("premises: [river, left]", "premises: [river, left, river]")) == [("AM314", 27, 29)]


def test_an_argument_quote_is_anchored_and_checked_like_a_node_quote(found) -> None:
    quoted = GOOD + "    quote: People left their homes before dusk.\n"
    assert found(quoted) == [("AM403", 29, 12)]
    assert found(GOOD + "    quote: People left their homes before dawn.\n") == []


def test_premises_need_no_relation_of_their_own_and_are_not_isolated(found) -> None:
    assert all(code != "AM303" for code, _line, _col in found(GOOD))


def test_the_graph_gives_every_relation_an_id_its_sources_and_its_target(write_map) -> None:
    loaded = load_bytes(GOOD.encode(), write_map(GOOD))
    graph = loaded.graph
    assert list(graph.relations) == ["again undercuts rain supports rebuild", "rain supports rebuild", "flood-and-flight"]
    argument = graph.relations["flood-and-flight"]
    assert (argument.kind, argument.sources, argument.target, argument.linked) == ("supports", ("river", "left"), "rebuild", True)
    undercut = graph.relations["again undercuts rain supports rebuild"]
    assert (undercut.kind, undercut.target, undercut.path) == ("undercuts", "rain supports rebuild", ("claims", "again", "undercuts", 0))
    assert [r.id for r in graph.complete] == list(graph.relations)
    assert graph.undercutters["rain supports rebuild"] == [undercut]


def test_an_undercut_of_a_relation_that_is_not_written_is_left_out_of_the_complete_graph(write_map) -> None:
    text = GOOD.replace("undercuts: rain supports rebuild", "undercuts: river supports rebuild")
    graph = load_bytes(text.encode(), write_map(text)).graph
    assert [r.id for r in graph.complete] == ["rain supports rebuild", "flood-and-flight"]


# --- never crashes: any arrangement of nodes, arguments and undercuts --------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_IDS = ["a", "b", "c", "d", "arg1", "arg2"]
_node_ids = st.sampled_from(_IDS[:4])


@st.composite
def _references(draw: st.DrawFn) -> str:
    """A relation reference: often one the map has, sometimes one it has not, nested at times."""
    depth = draw(st.integers(0, 2))
    text = f"{draw(_node_ids)} {draw(st.sampled_from(['supports', 'attacks']))} {draw(_node_ids)}"
    for _ in range(depth):
        text = f"{draw(_node_ids)} undercuts {text}"
    return draw(st.one_of(st.just(text), st.sampled_from(_IDS)))


@st.composite
def _maps(draw: st.DrawFn) -> str:
    lines = ["argmap: 1", "title: T", "claims:"]
    for node_id in _IDS[:4]:
        lines += [f"  {node_id}:", f"    text: {node_id.upper()}", "    implicit: true"]
        for field in ("supports", "attacks"):
            targets = draw(st.lists(st.sampled_from(_IDS), max_size=2))
            if targets:
                lines.append(f"    {field}: [{', '.join(targets)}]")
        undercuts = draw(st.lists(_references(), max_size=2))
        if undercuts:
            lines.append("    undercuts: [" + ", ".join(f'"{u}"' for u in undercuts) + "]")
        if draw(st.booleans()):
            lines.append(f"    expect: {draw(st.sampled_from(['accepted', 'rejected', 'undecided']))}")
    arguments = draw(st.lists(st.sampled_from(_IDS[4:]), unique=True, max_size=2))
    if arguments:
        lines.append("arguments:")
    for argument_id in arguments:
        premises = draw(st.lists(st.sampled_from(_IDS), min_size=0, max_size=3))
        lines += [f"  {argument_id}:", f"    premises: [{', '.join(premises)}]"]
        for field in draw(st.lists(st.sampled_from(["supports", "attacks", "undercuts"]), unique=True, max_size=2)):
            target = draw(_references()) if field == "undercuts" else draw(st.sampled_from(_IDS))
            lines.append(f'    {field}: "{target}"')
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_maps())
def test_any_arrangement_is_validated_drawn_exported_and_evaluated_without_a_crash(tmp_path_factory, text: str) -> None:
    import json

    from argmap.diagram import RenderOptions, build_dot
    from argmap.evaluation import evaluate
    from argmap.exports import export
    from argmap.validation import validate

    path = tmp_path_factory.mktemp("m") / "m.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_bytes(text.encode(), path)
    problems = validate(loaded)
    assert all(p.location.line >= 1 for p in problems), [str(p.location) for p in problems]
    assert loaded.records is not None
    graph = loaded.graph
    labels = evaluate(graph)
    assert set(labels.nodes) == set(graph.nodes)
    assert set(labels.relations) == {r.id for r in graph.complete}
    # The pieces the CLI refuses for maps with errors still never crash on them.
    build_dot(loaded, RenderOptions())
    build_dot(loaded, RenderOptions(status=True, focus="a", depth=1))
    data = json.loads(export(loaded))
    assert {r["id"] for r in data["relations"]} == {r.id for r in graph.complete}


def test_the_graph_keeps_nodes_in_file_order_and_the_first_of_a_repeated_id(write_map) -> None:
    text = HEAD + dedent(
        """
        claims:
          z: {text: Z, implicit: true, supports: a}
          a: {text: A, implicit: true}
        evidence:
          m: {text: M, implicit: true, supports: z}
          a: {text: A again, implicit: true, supports: z}
        """
    )
    graph = load_bytes(text.encode(), write_map(text)).graph
    assert list(graph.nodes) == ["z", "a", "m"]
    assert graph.nodes["a"].type == "claim" and [n.id for n in graph.entries] == ["z", "a", "m", "a"]
