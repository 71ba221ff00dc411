"""Evaluation: which claims stand (argmap/evaluation.py, the AM601 rule, `argmap evaluate`).

Behaviour on small maps first, then properties on generated graphs checked
against an independent implementation of Dung's semantics (python-argumentation,
imported as ``py_arg``) and against brute force over every subset of arguments.
"""

from __future__ import annotations

import importlib.util
import json
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import AbstractArgumentationFramework
from py_arg.abstract_argumentation_classes.argument import Argument
from py_arg.abstract_argumentation_classes.defeat import Defeat
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

from argmap import builders, evaluation
from argmap.cli import cli
from argmap.evaluation import SEMANTICS, EvaluationError, Labelling, dung_framework, evaluate, explain
from argmap.graph import ArgumentGraph
from argmap.kinds import Label
from argmap.loader import load, load_bytes
from argmap.rules import Context
from argmap.rules.evaluation import expectation_failed

HEAD = "argmap: 1\ntitle: t\n"


def graph_of(body: str) -> ArgumentGraph:
    loaded = load_bytes((HEAD + textwrap.dedent(body)).encode(), Path("x.yaml"))
    assert loaded.records is not None, loaded.problems
    return loaded.graph


def labels(body: str, semantics: str = "grounded") -> dict[str, str]:
    labelling = evaluate(graph_of(body), semantics)
    return {key: label.value for key, label in {**labelling.nodes, **labelling.relations}.items()}


# --- behaviour on small maps ---------------------------------------------------------------------


def test_a_chain_of_supports_stands_when_its_foot_stands() -> None:
    found = labels(
        """
        claims:
          a: {text: A, implicit: true, thesis: true}
          b: {text: B, implicit: true, supports: a}
        evidence:
          e: {text: E, implicit: true, supports: b}
        """
    )
    assert found == {"a": "accepted", "b": "accepted", "e": "accepted", "b supports a": "accepted", "e supports b": "accepted"}


def test_a_supported_claim_falls_with_its_only_support_but_evidence_stands_by_default() -> None:
    found = labels(
        """
        claims:
          a: {text: A, implicit: true, thesis: true}
          b: {text: B, implicit: true, supports: a}
          x: {text: X, implicit: true, attacks: b}
          loose: {text: L, implicit: true}
        evidence:
          e: {text: E, implicit: true, supports: b}
          f: {text: F, implicit: true, supports: e}
          y: {text: Y, implicit: true, attacks: f}
        """
    )
    assert found["b"] == "rejected"  # attacked by an accepted inference
    assert found["b supports a"] == "rejected"  # its premise is rejected
    assert found["a"] == "rejected"  # it needs support and its only support is rejected
    assert found["loose"] == "accepted"  # a claim nothing supports stands by default
    assert found["f"] == "rejected" and found["f supports e"] == "rejected"
    assert found["e"] == "accepted"  # evidence stands by default even when its support fails


def test_one_accepted_support_is_enough_for_a_claim() -> None:
    found = labels(
        """
        claims:
          a: {text: A, implicit: true, thesis: true}
          weak: {text: W, implicit: true, supports: a}
          strong: {text: S, implicit: true, supports: a}
          x: {text: X, implicit: true, attacks: weak}
        """
    )
    assert found["weak supports a"] == "rejected" and found["strong supports a"] == "accepted"
    assert found["a"] == "accepted"


def test_linked_premises_support_only_together() -> None:
    body = """
        claims:
          c: {text: C, implicit: true, thesis: true}
          p1: {text: P1, implicit: true}
          p2: {text: P2, implicit: true}
        arguments:
          both:
            premises: [p1, p2]
            supports: c
        """
    assert labels(body) == {"c": "accepted", "p1": "accepted", "p2": "accepted", "both": "accepted"}
    found = labels(body.replace("p2: {text: P2, implicit: true}", "p2: {text: P2, implicit: true}\n          x: {text: X, implicit: true, attacks: p2}"))
    assert found["p1"] == "accepted" and found["p2"] == "rejected"
    assert found["both"] == "rejected"  # one premise rejected is enough
    assert found["c"] == "rejected"


def test_an_accepted_attack_rejects_its_target() -> None:
    found = labels(
        """
        claims:
          c: {text: C, implicit: true}
          a: {text: A, implicit: true, attacks: c}
        """
    )
    assert found == {"c": "rejected", "a": "accepted", "a attacks c": "accepted"}


def test_an_undercut_of_a_support_rejects_the_inference_not_its_premise() -> None:
    found = labels(
        """
        claims:
          c: {text: C, implicit: true, thesis: true}
          s: {text: S, implicit: true, supports: c}
          u: {text: U, implicit: true, undercuts: s supports c}
        """
    )
    assert found["s supports c"] == "rejected"
    assert found["s"] == "accepted"
    assert found["c"] == "rejected"
    assert found["u undercuts s supports c"] == "accepted"


def test_an_undercut_of_an_attack_saves_the_target() -> None:
    found = labels(
        """
        claims:
          c: {text: C, implicit: true}
          a: {text: A, implicit: true, attacks: c}
          u: {text: U, implicit: true, undercuts: a attacks c}
        """
    )
    assert found["a attacks c"] == "rejected" and found["a"] == "accepted" and found["c"] == "accepted"


def test_an_undercut_of_an_undercut_reinstates_the_attack() -> None:
    found = labels(
        """
        claims:
          c: {text: C, implicit: true}
          a: {text: A, implicit: true, attacks: c}
          u: {text: U, implicit: true, undercuts: a attacks c}
          w: {text: W, implicit: true, undercuts: u undercuts a attacks c}
        """
    )
    assert found["u undercuts a attacks c"] == "rejected"
    assert found["a attacks c"] == "accepted"
    assert found["c"] == "rejected"


def test_an_undercut_of_an_argument_and_the_example_of_the_format() -> None:
    body = """
        claims:
          c: {text: C, implicit: true, thesis: true}
          p1: {text: P1, implicit: true}
          p2: {text: P2, implicit: true}
          a: {text: A, implicit: true, attacks: c}
          u: {text: U, implicit: true, undercuts: a attacks c}
          v: {text: V, implicit: true, undercuts: angels}
        arguments:
          angels:
            premises: [p1, p2]
            supports: c
        """
    found = labels(body)
    assert found["angels"] == "rejected"  # its premises stand, but the undercut is accepted
    assert found["a attacks c"] == "rejected"
    assert found["c"] == "rejected"  # no attack stands, but its only support fell
    assert labels(body.replace("          v: {text: V, implicit: true, undercuts: angels}\n", ""))["c"] == "accepted"


MUTUAL = """
    claims:
      a: {text: A, implicit: true, attacks: b}
      b: {text: B, implicit: true, attacks: a}
      t: {text: T, implicit: true, thesis: true}
      s: {text: S, implicit: true, supports: t}
    evidence:
      e: {text: E, implicit: true, supports: a}
    """


def test_a_mutual_attack_is_undecided_under_grounded_semantics() -> None:
    found = labels(MUTUAL)
    assert found["a"] == found["b"] == "undecided"
    assert found["a attacks b"] == found["b attacks a"] == "undecided"
    assert found["t"] == "accepted" and found["e"] == "accepted"


@pytest.mark.parametrize("semantics", ["preferred", "stable"])
def test_a_mutual_attack_has_two_labellings_that_disagree(semantics: str) -> None:
    labelling = evaluate(graph_of(MUTUAL), semantics)
    assert labelling.extensions == 2
    assert labelling.label("a") is Label.UNDECIDED and labelling.label("b") is Label.UNDECIDED
    assert labelling.label("t") is Label.ACCEPTED


def test_preferred_semantics_rejects_what_both_sides_of_a_mutual_attack_attack() -> None:
    body = """
        claims:
          a: {text: A, implicit: true, attacks: [b, c]}
          b: {text: B, implicit: true, attacks: [a, c]}
          c: {text: C, implicit: true}
        """
    assert labels(body)["c"] == "undecided"
    preferred = evaluate(graph_of(body), "preferred")
    assert preferred.extensions == 2
    assert preferred.label("c") is Label.REJECTED
    assert preferred.label("a") is Label.UNDECIDED


def test_a_third_attacker_settles_a_mutual_attack() -> None:
    found = labels(MUTUAL.rstrip(" ") + "      x: {text: X, implicit: true, attacks: a}\n")
    assert found["a"] == "rejected" and found["b"] == "accepted"


ODD = """
    claims:
      a: {text: A, implicit: true, attacks: b}
      b: {text: B, implicit: true, attacks: c}
      c: {text: C, implicit: true, attacks: a}
      d: {text: D, implicit: true}
      f: {text: F, implicit: true, attacks: d}
    """


def test_an_odd_cycle_has_no_stable_labelling() -> None:
    grounded = evaluate(graph_of(ODD))
    assert [grounded.label(i) for i in "abc"] == [Label.UNDECIDED] * 3
    assert grounded.label("d") is Label.REJECTED
    preferred = evaluate(graph_of(ODD), "preferred")
    assert preferred.extensions == 1 and preferred.nodes == grounded.nodes
    stable = evaluate(graph_of(ODD), "stable")
    assert stable.extensions == 0
    assert set(stable.nodes.values()) == {Label.UNDECIDED} and set(stable.relations.values()) == {Label.UNDECIDED}


def test_an_argument_that_undercuts_itself_is_never_accepted() -> None:
    body = """
        claims:
          c: {text: C, implicit: true}
          p1: {text: P1, implicit: true}
          p2: {text: P2, implicit: true}
        arguments:
          odd:
            premises: [p1, p2]
            undercuts: odd
        """
    for semantics in SEMANTICS:
        labelling = evaluate(graph_of(body), semantics)
        assert labelling.label("odd") is Label.UNDECIDED, semantics


def test_only_complete_relations_are_evaluated() -> None:
    loaded = load_bytes((HEAD + "claims:\n  c: {text: C, implicit: true, attacks: nowhere}\n  d: {text: D, implicit: true, undercuts: x supports y}\n").encode(), Path("x.yaml"))
    labelling = evaluate(loaded.graph)
    assert labelling.relations == {}
    assert labelling.nodes == {"c": Label.ACCEPTED, "d": Label.ACCEPTED}


def test_the_labelling_answers_by_id_and_as_data() -> None:
    graph = graph_of(MUTUAL)
    labelling = evaluate(graph)
    assert isinstance(labelling, Labelling) and labelling.semantics == "grounded" and labelling.extensions is None
    assert labelling.label("a attacks b") is Label.UNDECIDED
    with pytest.raises(KeyError):
        labelling.label("nothing")
    data = labelling.to_data()
    assert list(data) == ["semantics", "extensions", "nodes", "relations", "summary"]
    assert data["nodes"][0] == {"id": "a", "type": "claim", "label": "undecided"}
    assert {"id": "e supports a", "kind": "supports", "sources": ["e"], "target": "a", "label": "accepted"} in data["relations"]
    assert data["summary"] == {"accepted": 3, "rejected": 0, "undecided": 2}
    json.dumps(data)


def test_explanations_name_the_reason() -> None:
    graph = graph_of(
        """
        claims:
          c: {text: C, implicit: true, thesis: true}
          s: {text: S, implicit: true, supports: c}
          u: {text: U, implicit: true, undercuts: s supports c}
          d: {text: D, implicit: true}
          a: {text: A, implicit: true, attacks: d}
        """
    )
    labelling = evaluate(graph)
    assert "'s supports c'" in explain(labelling, graph, "c") and "'u undercuts s supports c' is accepted" in explain(labelling, graph, "c")
    assert explain(labelling, graph, "d") == "the attacking inference 'a attacks d' is accepted"
    assert explain(labelling, graph, "s supports c") == "the undercut 'u undercuts s supports c' is accepted"


def test_an_unknown_semantics_is_refused() -> None:
    with pytest.raises(EvaluationError, match="unknown semantics 'ideal'"):
        evaluate(graph_of(MUTUAL), "ideal")


def _many_mutual_attacks(pairs: int) -> str:
    lines = ["claims:", "  t: {text: T, implicit: true, thesis: true}"]
    for i in range(pairs):
        lines.append(f"  a{i}: {{text: A, implicit: true, attacks: b{i}, supports: t}}")
        lines.append(f"  b{i}: {{text: B, implicit: true, attacks: a{i}, supports: t}}")
    return "\n".join(lines) + "\n"


def test_independent_mutual_attacks_multiply_the_labellings() -> None:
    labelling = evaluate(graph_of(_many_mutual_attacks(3) + "  z: {text: Z, implicit: true, attacks: y}\n  y: {text: Y, implicit: true, attacks: z}\n"), "preferred")
    assert labelling.extensions == 2**3 * 2
    assert labelling.label("t") is Label.ACCEPTED  # every labelling accepts one side of each pair


def test_a_search_too_large_is_refused_with_the_number_of_undecided_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evaluation, "MAX_SEARCH_STEPS", 2_000)
    graph = graph_of(_many_mutual_attacks(30))
    assert evaluate(graph).label("t") is Label.UNDECIDED
    started = time.perf_counter()
    with pytest.raises(EvaluationError, match=r"preferred semantics: .* gave up after 2,000 steps; 181 nodes and inferences are undecided"):
        evaluate(graph, "preferred")
    assert time.perf_counter() - started < 5


# --- the Dung framework ------------------------------------------------------------------------


def test_the_dung_framework_of_a_small_map() -> None:
    arguments, attacks = dung_framework(
        graph_of(
            """
            claims:
              c: {text: C, implicit: true}
              p1: {text: P1, implicit: true}
              p2: {text: P2, implicit: true}
              u: {text: U, implicit: true, undercuts: g}
            arguments:
              g: {premises: [p1, p2], supports: c}
            """
        )
    )
    assert sorted(arguments) == sorted(["c", "p1", "p2", "u", "u undercuts g", "g", "not:u:u undercuts g", "not:p1:g", "not:p2:g", "unsupported:c"])
    assert sorted(attacks) == sorted(
        [
            ("u", "not:u:u undercuts g"),
            ("not:u:u undercuts g", "u undercuts g"),
            ("u undercuts g", "g"),
            ("p1", "not:p1:g"),
            ("not:p1:g", "g"),
            ("p2", "not:p2:g"),
            ("not:p2:g", "g"),
            ("g", "unsupported:c"),
            ("unsupported:c", "c"),
        ]
    )


# --- AM601 ---------------------------------------------------------------------------------------

EXPECTING = """\
argmap: 1
title: t
claims:
  c:
    text: C
    implicit: true
    thesis: true
    expect: accepted
  p1: {text: P1, implicit: true}
  p2: {text: P2, implicit: true}
  v: {text: V, implicit: true, undercuts: angels, expect: accepted}
arguments:
  angels:
    premises: [p1, p2]
    supports: c
    expect: accepted
"""


def _problems(tmp_path: Path, text: str) -> list[Any]:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load(path)
    assert loaded.records is not None
    return list(expectation_failed(Context(loaded, loaded.records)))


def _position(text: str, line_text: str, value: str) -> tuple[int, int]:
    number = next(n for n, line in enumerate(text.splitlines(), start=1) if line_text in line)
    return number, text.splitlines()[number - 1].index(value, text.splitlines()[number - 1].index(line_text)) + 1


def test_am601_is_placed_at_the_expect_value_and_says_why(tmp_path: Path) -> None:
    problems = _problems(tmp_path, EXPECTING)
    assert [p.code for p in problems] == ["AM601", "AM601"]
    node, argument = problems
    assert node.message == "claim 'c' is expected to be accepted but evaluation labels it rejected"
    assert (node.location.line, node.location.column) == _position(EXPECTING, "expect: accepted", "accepted")
    assert node.location.path.endswith("m.yaml")
    assert "every supporting inference is rejected" in node.hint and "'v undercuts angels' is accepted" in node.hint
    assert argument.message == "argument 'angels' is expected to be accepted but evaluation labels it rejected"
    assert (argument.location.line, argument.location.column) == (16, 13)
    assert argument.hint == "the undercut 'v undercuts angels' is accepted"


def test_am601_is_silent_when_the_expectations_hold(tmp_path: Path) -> None:
    text = EXPECTING.replace("undercuts: angels, expect: accepted", "expect: accepted")
    assert _problems(tmp_path, text) == []
    rejected = EXPECTING.replace("    expect: accepted\n  p1", "    expect: rejected\n  p1").replace("    supports: c\n    expect: accepted", "    supports: c\n    expect: rejected")
    assert _problems(tmp_path, rejected) == []


def test_am601_on_evidence_and_undecided(tmp_path: Path) -> None:
    text = HEAD + "claims:\n  a: {text: A, implicit: true, attacks: b}\n  b: {text: B, implicit: true, attacks: a, expect: accepted}\nevidence:\n  e: {text: E, implicit: true, attacks: a, expect: rejected}\n"
    problems = _problems(tmp_path, text)
    assert [p.message for p in problems] == ["evidence 'e' is expected to be rejected but evaluation labels it accepted"]
    text = text.replace(", attacks: a, expect: rejected", ", expect: accepted, supports: b")
    problems = _problems(tmp_path, text)
    assert [p.message for p in problems] == ["claim 'b' is expected to be accepted but evaluation labels it undecided"]
    assert problems[0].hint.startswith("the attacking inference 'a attacks b' is undecided")


# --- the command -------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_evaluate_prints_labels_as_text(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + textwrap.dedent(MUTUAL))
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("m.yaml: grounded semantics")
    assert lines[1].split() == ["undecided", "a", "A"]
    assert lines[3].split() == ["accepted", "t", "T", "[thesis]"]
    assert "inferences:" in lines
    assert "undecided  a attacks b" in lines
    assert lines[-1] == "3 accepted, 0 rejected, 2 undecided (5 nodes)"


def test_evaluate_says_how_many_labellings_it_found(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + textwrap.dedent(MUTUAL))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--semantics", "preferred"])
    assert result.exit_code == 0
    assert "preferred semantics, 2 preferred labellings" in result.output.splitlines()[0]
    path = _write(tmp_path, HEAD + textwrap.dedent(ODD))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--semantics", "stable"])
    assert result.exit_code == 0
    assert "0 stable labellings: every label is undecided" in result.output.splitlines()[0]


def test_evaluate_prints_json(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + textwrap.dedent(MUTUAL))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json", "--semantics", "stable"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == ["map", "semantics", "extensions", "nodes", "relations", "summary"]
    assert data["map"].endswith("m.yaml") and data["semantics"] == "stable" and data["extensions"] == 2
    assert data["nodes"][2] == {"id": "t", "type": "claim", "label": "accepted"}
    assert data["relations"][0] == {"id": "a attacks b", "kind": "attacks", "sources": ["a"], "target": "b", "label": "undecided"}
    assert data["summary"] == {"accepted": 3, "rejected": 0, "undecided": 2}


def test_evaluate_marks_a_failed_expectation_and_still_prints(tmp_path: Path) -> None:
    path = _write(tmp_path, EXPECTING)
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 0
    assert "rejected   c   C [thesis] [expected accepted]" in result.output
    assert "rejected   angels (p1 + p2 supports c) [expected accepted]" in result.output


def test_evaluate_refuses_a_map_with_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + "claims:\n  c: {text: C, implicit: true, attacks: nowhere}\n")
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert "AM201" in result.output and "not evaluated: the map has errors" in result.output


def test_evaluate_reports_a_search_too_large_as_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evaluation, "MAX_SEARCH_STEPS", 500)
    path = _write(tmp_path, HEAD + _many_mutual_attacks(20))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--semantics", "stable"])
    assert result.exit_code == 2
    assert "stable semantics: the search for labellings gave up" in result.output


def test_the_command_offers_every_semantics() -> None:
    option = next(p for p in cli.commands["evaluate"].params if p.name == "semantics")
    assert tuple(option.type.choices) == SEMANTICS


# --- properties on generated graphs ------------------------------------------------------------


@st.composite
def map_data(draw: st.DrawFn, max_nodes: int = 6, max_arguments: int = 2, max_targets: int = 2) -> dict[str, Any]:
    """Map data with random supports, attacks, undercuts (of anything, cycles included) and arguments."""
    n = draw(st.integers(1, max_nodes))
    ids = [f"n{i}" for i in range(n)]
    sections = draw(st.lists(st.sampled_from(["claims", "evidence"]), min_size=n, max_size=n))
    argument_ids = [f"g{i}" for i in range(draw(st.integers(0, max_arguments)))]
    entries: dict[str, dict[str, Any]] = {}
    references = list(argument_ids)
    for node_id in ids:
        entry: dict[str, Any] = {"text": node_id.upper(), "implicit": True}
        for kind in ("supports", "attacks"):
            targets = draw(st.lists(st.sampled_from(ids), max_size=max_targets, unique=True))
            if targets:
                entry[kind] = targets
                references.extend(f"{node_id} {kind} {target}" for target in targets)
        entries[node_id] = entry
    for node_id in ids:
        if references and draw(st.integers(0, 3)) == 0:
            target = draw(st.sampled_from(references))
            entries[node_id]["undercuts"] = [target]
            references.append(f"{node_id} undercuts {target}")
    arguments = {}
    for argument_id in argument_ids:
        premises = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=min(3, max_targets + 1), unique=True))
        kind = draw(st.sampled_from(["supports", "attacks", "undercuts"]))
        target = draw(st.sampled_from(references if kind == "undercuts" else ids))
        arguments[argument_id] = {"premises": premises, kind: target}
    data: dict[str, Any] = {"argmap": 1, "title": "generated"}
    for section in ("claims", "evidence"):
        data[section] = {node_id: entries[node_id] for node_id, where in zip(ids, sections) if where == section}
    data["arguments"] = arguments
    return data


def graph_from(data: dict[str, Any]) -> ArgumentGraph:
    built = builders.build(data)
    assert built is not None
    return ArgumentGraph(built)


class Framework:
    """A Dung framework as bit masks, for brute force and for the classic checks."""

    def __init__(self, arguments: list[str], attacks: list[tuple[str, str]]) -> None:
        assert len(set(arguments)) == len(arguments)
        self.names = arguments
        self.index = {name: i for i, name in enumerate(arguments)}
        self.attackers = [0] * len(arguments)
        self.targets = [0] * len(arguments)
        for source, target in attacks:
            self.attackers[self.index[target]] |= 1 << self.index[source]
            self.targets[self.index[source]] |= 1 << self.index[target]
        self.all = (1 << len(arguments)) - 1

    def mask(self, names: set[str]) -> int:
        return sum(1 << self.index[name] for name in names)

    def attacked_by(self, s: int) -> int:
        found = 0
        while s:
            low = s & -s
            found |= self.targets[low.bit_length() - 1]
            s ^= low
        return found

    def conflict_free(self, s: int) -> bool:
        return s & self.attacked_by(s) == 0

    def defended(self, s: int) -> int:
        attacked = self.attacked_by(s)
        return sum(1 << i for i in range(len(self.names)) if self.attackers[i] & ~attacked == 0)

    def admissible(self, s: int) -> bool:
        return self.conflict_free(s) and s & ~self.defended(s) == 0

    def stable(self, s: int) -> bool:
        return self.conflict_free(s) and (s | self.attacked_by(s)) == self.all

    def labels(self, s: int) -> list[str]:
        attacked = self.attacked_by(s)
        return ["accepted" if s >> i & 1 else "rejected" if attacked >> i & 1 else "undecided" for i in range(len(self.names))]

    def brute_force(self) -> tuple[int, list[int], list[int]]:
        """Every subset: grounded (the least complete extension), preferred and stable extensions."""
        attacked = [0] * (self.all + 1)  # what each subset attacks, from the subset without its lowest member
        for s in range(1, self.all + 1):
            low = s & -s
            attacked[s] = attacked[s ^ low] | self.targets[low.bit_length() - 1]
        conflict_free = [s for s in range(self.all + 1) if s & attacked[s] == 0]
        admissible = [s for s in conflict_free if all(self.attackers[i] & ~attacked[s] == 0 for i in range(len(self.names)) if s >> i & 1)]
        complete = [s for s in admissible if self.defended(s) == s]
        grounded = complete[0]
        for s in complete:
            grounded &= s
        assert grounded in complete
        preferred = [s for s in admissible if not any(s != t and s & t == s for t in admissible)]
        stable = [s for s in admissible if (s | attacked[s]) == self.all]
        return grounded, preferred, stable


def py_arg_framework(arguments: list[str], attacks: list[tuple[str, str]]) -> AbstractArgumentationFramework:
    made = {name: Argument(name) for name in arguments}
    return AbstractArgumentationFramework("map", list(made.values()), [Defeat(made[a], made[b]) for a, b in attacks])


def sceptical(framework: Framework, extensions: list[int], keep: list[str]) -> dict[str, str]:
    """The label every extension's labelling agrees on, undecided where they differ (all undecided when none)."""
    agreed: dict[str, str] | None = None
    for s in extensions:
        labels = dict(zip(framework.names, framework.labels(s)))
        agreed = labels if agreed is None else {k: v if v == labels[k] else "undecided" for k, v in agreed.items()}
    return {name: (agreed[name] if agreed is not None else "undecided") for name in keep}


def mine(labelling: Labelling) -> dict[str, str]:
    return {key: label.value for key, label in {**labelling.nodes, **labelling.relations}.items()}


def dung_of(graph: ArgumentGraph) -> tuple[list[str], list[tuple[str, str]]]:
    arguments, attacks = dung_framework(graph)
    assume(len(set(arguments)) == len(arguments))  # no node named like an argument (AM204)
    return arguments, attacks


PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@PROPERTIES
@given(map_data(max_nodes=8, max_arguments=3))
def test_grounded_labelling_equals_the_grounded_extension_computed_by_py_arg(data: dict[str, Any]) -> None:
    graph = graph_from(data)
    arguments, attacks = dung_of(graph)
    framework = Framework(arguments, attacks)
    grounded = {argument.name for argument in get_grounded_extension(py_arg_framework(arguments, attacks))}
    expected = dict(zip(arguments, framework.labels(framework.mask(grounded))))
    labelling = mine(evaluate(graph))
    assert labelling == {key: expected[key] for key in labelling}


@PROPERTIES
@given(map_data(max_nodes=8, max_arguments=3))
def test_the_direct_labelling_is_a_complete_labelling_of_the_dung_framework(data: dict[str, Any]) -> None:
    """Extended to the auxiliary arguments, the grounded labelling is complete: an argument is
    accepted exactly when every attacker is rejected, rejected exactly when some attacker is accepted;
    its accepted arguments are conflict-free and admissible."""
    graph = graph_from(data)
    arguments, attacks = dung_of(graph)
    label = mine(evaluate(graph))
    attackers: dict[str, list[str]] = {name: [] for name in arguments}
    for source, target in attacks:
        attackers[target].append(source)
    for name in arguments:  # auxiliaries take their label from what they stand for
        if name.startswith("not:"):
            flip = {"accepted": "rejected", "rejected": "accepted", "undecided": "undecided"}
            label[name] = flip[label[attackers[name][0]]]
        elif name.startswith("unsupported:"):
            supports = [label[s] for s in attackers[name]]
            label[name] = "rejected" if "accepted" in supports else "accepted" if all(s == "rejected" for s in supports) else "undecided"
    for name in arguments:
        around = [label[a] for a in attackers[name]]
        expected = "accepted" if all(a == "rejected" for a in around) else "rejected" if "accepted" in around else "undecided"
        assert label[name] == expected, name
    framework = Framework(arguments, attacks)
    accepted = framework.mask({name for name in arguments if label[name] == "accepted"})
    assert framework.conflict_free(accepted) and framework.admissible(accepted)


#: py_arg's preferred and stable search does not prune: keep its frameworks small.
PY_ARG_LIMIT = 16
BRUTE_FORCE_LIMIT = 16
SMALL = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SMALL
@given(map_data(max_nodes=4, max_arguments=1, max_targets=1))
def test_preferred_and_stable_agree_with_py_arg(data: dict[str, Any]) -> None:
    graph = graph_from(data)
    arguments, attacks = dung_of(graph)
    assume(len(arguments) <= PY_ARG_LIMIT)
    framework = Framework(arguments, attacks)
    keep = list(graph.nodes) + [relation.id for relation in graph.complete]
    for semantics, algorithm in (("preferred", get_preferred_extensions), ("stable", get_stable_extensions)):
        extensions = [framework.mask({a.name for a in extension}) for extension in algorithm(py_arg_framework(arguments, attacks))]
        labelling = evaluate(graph, semantics)
        assert labelling.extensions == len(extensions), semantics
        assert mine(labelling) == sceptical(framework, extensions, keep), semantics


@SMALL
@given(map_data(max_nodes=4, max_arguments=1, max_targets=1))
def test_every_semantics_agrees_with_brute_force_over_all_subsets(data: dict[str, Any]) -> None:
    graph = graph_from(data)
    arguments, attacks = dung_of(graph)
    assume(len(arguments) <= BRUTE_FORCE_LIMIT)
    framework = Framework(arguments, attacks)
    grounded, preferred, stable = framework.brute_force()
    keep = list(graph.nodes) + [relation.id for relation in graph.complete]
    assert mine(evaluate(graph)) == sceptical(framework, [grounded], keep)
    preferred_labelling = evaluate(graph, "preferred")
    assert preferred_labelling.extensions == len(preferred)
    assert mine(preferred_labelling) == sceptical(framework, preferred, keep)
    stable_labelling = evaluate(graph, "stable")
    assert stable_labelling.extensions == len(stable)
    assert mine(stable_labelling) == sceptical(framework, stable, keep)


@SMALL
@given(map_data(max_nodes=4, max_arguments=1, max_targets=1))
def test_classic_invariants(data: dict[str, Any]) -> None:
    """The grounded extension is conflict-free, admissible and inside every preferred extension;
    every stable extension is preferred; the labels of the semantics nest accordingly."""
    graph = graph_from(data)
    arguments, attacks = dung_of(graph)
    assume(len(arguments) <= PY_ARG_LIMIT)
    framework = Framework(arguments, attacks)
    af = py_arg_framework(arguments, attacks)
    grounded = framework.mask({a.name for a in get_grounded_extension(af)})
    preferred = {framework.mask({a.name for a in e}) for e in get_preferred_extensions(py_arg_framework(arguments, attacks))}
    stable = {framework.mask({a.name for a in e}) for e in get_stable_extensions(py_arg_framework(arguments, attacks))}
    assert framework.conflict_free(grounded) and framework.admissible(grounded)
    assert preferred and all(grounded & p == grounded for p in preferred)
    assert stable <= preferred
    by = {semantics: evaluate(graph, semantics) for semantics in SEMANTICS}
    for key, label in mine(by["grounded"]).items():
        if label != "undecided":
            assert by["preferred"].label(key).value == label
            if by["stable"].extensions:
                assert by["stable"].label(key).value == label
    assert by["stable"].extensions <= by["preferred"].extensions


# --- size ----------------------------------------------------------------------------------------


def _chain(n: int) -> dict[str, Any]:
    claims = {f"c{i}": {"text": "C", "implicit": True, "supports": [f"c{i - 1}"]} for i in range(1, n)}
    claims["c0"] = {"text": "C", "implicit": True}
    return {"argmap": 1, "title": "chain", "claims": claims}


def test_a_long_chain_is_labelled_without_recursion() -> None:
    labelling = evaluate(graph_from(_chain(50_000)))
    assert set(labelling.nodes.values()) == {Label.ACCEPTED}


def test_the_work_of_grounded_labelling_grows_linearly_with_the_map() -> None:
    """Counted in lines of Python run, not timed (make bench times it): 4x the map, about 4x the work."""
    from test_scaling import _python_lines_run

    spec = importlib.util.spec_from_file_location("evaluation_benchmark", Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation.py")
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    work = {}
    for n in (2_500, 10_000):
        graph = graph_from(benchmark.generate_data(n))
        assert len(graph.nodes) == n and len({r.kind for r in graph.complete}) == 3 and any(r.argument for r in graph.complete)
        labelling = evaluate(graph)
        assert set(labelling.nodes.values()) == set(Label)
        work[n] = _python_lines_run(lambda graph=graph: evaluate(graph))
    ratio = work[10_000] / work[2_500]
    assert ratio < 4 * 1.3, f"4 times the nodes took {ratio:.2f} times the work ({work})"
