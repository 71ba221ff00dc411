"""The records argmap works with agree with the format's definition (the pydantic models).

`builders.build` checks well-formed maps without pydantic. It may give up on
anything (pydantic then decides), but when it answers, pydantic must accept
the same data and give the same records and the same plain data.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SEED_MAP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from argmap import builders, model, records
from argmap.kinds import ClaimKind
from argmap.loader import load
from argmap.yamlpos import parse_yaml

PAIRS = [
    (records.Source, model.Source),
    (records.Agent, model.Agent),
    (records.Citation, model.Citation),
    (records.Claim, model.Claim),
    (records.Evidence, model.Evidence),
    (records.Argument, model.Argument),
    (records.ArgMap, model.ArgMap),
]


@pytest.mark.parametrize(("record", "definition"), PAIRS, ids=[r.__name__ for r, _ in PAIRS])
def test_records_have_the_fields_of_the_models_in_the_same_order(record: Any, definition: Any) -> None:
    assert record._fields == tuple(definition.model_fields)


@pytest.mark.parametrize(("record", "definition"), PAIRS, ids=[r.__name__ for r, _ in PAIRS])
def test_records_know_the_defaults_of_the_models(record: Any, definition: Any) -> None:
    defaults = records._DEFAULTS[record]
    expected = {name: field.get_default(call_default_factory=True) for name, field in definition.model_fields.items() if not field.is_required()}
    assert defaults == expected


def _pydantic(data: Any) -> model.ArgMap | None:
    try:
        return model.ArgMap.model_validate(data)
    except ValidationError:
        return None


def _same(built: records.ArgMap, validated: model.ArgMap) -> None:
    assert built == records.from_model(validated)
    for (_id, kind, node), (_id2, kind2, node2) in zip(built.nodes(), records.from_model(validated).nodes()):
        assert (kind, type(node)) == (kind2, type(node2))
    assert records.as_written(built) == validated.model_dump(mode="json", exclude_defaults=True)


# Values chosen where the two could differ: numbers and booleans for text, empty
# texts, ids that are not slugs or are too long, line breaks that `$` lets through...
ids = st.sampled_from(["a", "a-b", "a.b_c", "_x", "1", "2015", "a b", "a\n", "-a", "é", "x" * 200, "x" * 201, ""])
id_values = st.one_of(ids, st.sampled_from([None, 2015, True, 1.5]), st.lists(st.one_of(ids, st.sampled_from([7, None])), max_size=3))
tags = st.one_of(ids, st.sampled_from(["t" * 100, "t" * 101]), st.lists(st.sampled_from(["t", "t" * 100, "t" * 101, "a b"]), max_size=3))
texts = st.sampled_from(["Text", "", " ", "a\n", "yes", None, 1, True, ["x"], {"a": 1}])
optional_texts = st.sampled_from(["note", "", None, 3, False, ["n"]])
flags = st.sampled_from([True, False, None, 0, 1, "true"])
digests = st.sampled_from(["ab" * 32, "AB" * 32, "ab" * 31, "g" * 64, "ab" * 32 + "\n", None, 7])
occurrences = st.sampled_from([None, 1, 2, 0, -1, True, "1", 1.0])
citations = st.fixed_dictionaries({"quote": texts}, optional={"source": id_values, "prefix": optional_texts, "suffix": optional_texts, "occurrence": occurrences, "extra": st.just(1)})


def _node(kinds: list[Any], claim: bool) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "quote": st.one_of(texts, st.lists(texts, max_size=2)),
        "source": id_values,
        "supports": id_values,
        "attacks": id_values,
        "tags": tags,
        "note": optional_texts,
        "implicit": flags,
        "cites": st.one_of(st.lists(citations, max_size=2), st.sampled_from([None, "q", {}])),
        "undercuts": references,
        "asserted_by": id_values,
        "group": optional_texts,
        "expect": st.sampled_from(["accepted", "rejected", "undecided", "Accepted", None, 1]),
        "kind": st.sampled_from(kinds),
        "unknown": st.just("x"),
    }
    if claim:
        optional["thesis"] = flags
    return st.fixed_dictionaries({"text": texts}, optional=optional)


# Relation references: an argument's id or the words of a relation, and what is neither.
reference = st.sampled_from(["a", "a supports b", "u undercuts a attacks b", " a  supports b ", "a supports", "a  b", "a\nsupports b", "x" * 201, "", 12, None, True])
references = st.one_of(reference, st.lists(reference, max_size=2))
arguments = st.fixed_dictionaries(
    {"premises": id_values},
    optional={
        "supports": id_values,
        "attacks": id_values,
        "undercuts": reference,
        "text": optional_texts,
        "scheme": optional_texts,
        "quote": st.one_of(texts, st.lists(texts, max_size=2)),
        "source": id_values,
        "cites": st.one_of(st.lists(citations, max_size=1), st.sampled_from([None, "q"])),
        "tags": tags,
        "note": optional_texts,
        "expect": st.sampled_from(["accepted", "rejected", "nope", None]),
        "unknown": st.just("x"),
    },
)

claims = _node(["fact", "policy", "event", "Fact", None, 1, ["fact"]], claim=True)
evidence = _node(["event", "report", "fact", None, ["event"]], claim=False)
sources = st.fixed_dictionaries(
    {"path": texts},
    optional={"sha256": digests, "title": optional_texts, "author": optional_texts, "published": st.sampled_from(["2015-11-16", None, 2015]), "url": optional_texts, "x": st.just(1)},
)
agents = st.fixed_dictionaries({"name": texts}, optional={"type": st.sampled_from(["author", "group", "nobody", None, 1]), "note": optional_texts})
maps = st.fixed_dictionaries(
    {"argmap": st.sampled_from([1, 1, 1, 2, True, 1.0, "1", None]), "title": texts},
    optional={
        "description": optional_texts,
        "sources": st.one_of(st.none(), st.dictionaries(ids, sources, max_size=2)),
        "agents": st.one_of(st.none(), st.dictionaries(ids, agents, max_size=2)),
        "claims": st.one_of(st.none(), st.just([]), st.dictionaries(ids, claims, max_size=3)),
        "evidence": st.one_of(st.none(), st.dictionaries(ids, evidence, max_size=3)),
        "arguments": st.one_of(st.none(), st.dictionaries(ids, arguments, max_size=2)),
        "extra": st.just(1),
    },
)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(maps)
def test_records_built_without_pydantic_are_what_pydantic_validates(data: dict[str, Any]) -> None:
    built = builders.build(data)
    if built is not None:
        validated = _pydantic(data)
        assert validated is not None, "built records for data the definition refuses"
        _same(built, validated)


def test_generated_data_reaches_both_outcomes() -> None:
    """The property above is not vacuous: plainly valid data is built without pydantic."""
    data = {
        "argmap": 1,
        "title": "T",
        "sources": {"s": {"path": "s.txt", "sha256": "AB" * 32}},
        "agents": {"g": {"name": "Gov", "type": "government"}},
        "claims": {"a": {"text": "A", "quote": "q", "kind": "fact", "thesis": True, "tags": "t"}},
        "evidence": {"e": {"text": "E", "quote": ["q1", "q2"], "supports": "a", "cites": [{"quote": "c", "occurrence": 2}], "asserted_by": "g"}},
        "arguments": {"r": {"premises": ["a", "e"], "undercuts": "e supports a", "scheme": "s", "expect": "rejected"}},
    }
    built = builders.build(data)
    assert built is not None
    assert built.sources["s"].sha256 == "ab" * 32
    assert built.claims["a"].kind is ClaimKind.FACT
    _same(built, model.ArgMap.model_validate(data))
    assert builders.build({**data, "argmap": True}) is None


def test_the_seed_map_is_built_without_pydantic_into_the_same_records() -> None:
    data = parse_yaml(SEED_MAP.read_text(encoding="utf-8"), "seed").data
    built = builders.build(data)
    assert built is not None
    _same(built, model.ArgMap.model_validate(data))
    assert load(SEED_MAP).records == built


def test_a_map_with_a_format_error_still_gives_records_of_its_healthy_part(tmp_path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("argmap: 1\ntitle: T\nclaims:\n  a:\n    text: A\n  b:\n    text: B\n    implicit: maybe\n", encoding="utf-8")
    loaded = load(path)
    assert [p.code for p in loaded.problems] == ["AM105"]
    assert loaded.records is not None and list(loaded.records.claims) == ["a"]
    assert isinstance(loaded.records.claims["a"], records.Claim)
