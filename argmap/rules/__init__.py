"""Validation rules, one small named function per problem code.

Each rule takes a :class:`Context` and yields problems; it never prints,
raises on bad input or changes the map. The registry below is explicit, so
the set of rules (and of their codes) is visible in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple

from ..gcpause import paused_gc
from ..graph import ArgumentGraph
from ..loader import LoadedMap
from ..problems import Location, Problem
from ..provenance import Resolution, resolve
from ..records import ArgMap, Argument, Claim, Evidence

NodeType = Literal["claim", "evidence"]
Rule = Callable[["Context"], Iterable[Problem]]

_SECTION = {"claim": "claims", "evidence": "evidence", "argument": "arguments"}


class Quoting(NamedTuple):
    """An entry that may quote its sources: a node or an argument."""

    id: str
    #: "claim", "evidence" or "argument": how messages name it.
    type: str
    record: Claim | Evidence | Argument


@dataclass
class Context:
    """What a rule sees: one loaded map whose records could be built, and its graph."""

    loaded: LoadedMap
    records: ArgMap

    def node_path(self, node_id: str, node_type: str, *rest: str | int) -> tuple[str | int, ...]:
        return (_SECTION[node_type], node_id, *rest)

    def at(self, path: tuple[str | int, ...], key: bool = False) -> Location:
        return self.loaded.location(path, key=key)

    @cached_property
    def graph(self) -> ArgumentGraph:
        return self.loaded.graph

    @cached_property
    def nodes(self) -> list[tuple[str, NodeType, Claim | Evidence]]:
        """Every node in file order, as (id, type, node): listed once for all the rules."""
        return self.graph.entries  # type: ignore[return-value]

    @cached_property
    def quoting(self) -> list[Quoting]:
        """Every node, then every argument: the entries that quote sources."""
        # Plain tuples made with tuple.__new__: a large map has a hundred thousand nodes.
        make = tuple.__new__
        entries: list[Quoting] = list(self.graph.entries)  # type: ignore[arg-type]
        entries.extend(make(Quoting, (argument_id, "argument", argument)) for argument_id, argument in self.records.arguments.items())
        return entries

    @cached_property
    def owner_types(self) -> dict[str, str]:
        """Id of a node or argument → "claim", "evidence" or "argument" (the first one written wins)."""
        types: dict[str, str] = {}
        for entry in self.quoting:
            types.setdefault(entry.id, entry.type)
        return types

    @cached_property
    def node_types(self) -> dict[str, NodeType]:
        """Node id → type; when an id is used twice the claim wins (AM204 reports it)."""
        return {node_id: node.type for node_id, node in self.graph.nodes.items()}

    @cached_property
    def known_ids(self) -> set[str]:
        """Node ids that exist, including those of entries dropped for format errors."""
        return set(self.graph.nodes) | self.loaded.dropped_ids

    @cached_property
    def resolution(self) -> Resolution:
        return resolve(self.loaded)


def rule(code: str) -> Callable[[Rule], Rule]:
    """Mark a function as the rule that reports ``code``."""

    def mark(function: Rule) -> Rule:
        function.code = code  # type: ignore[attr-defined]
        return function

    return mark


from . import evaluation as _evaluation  # noqa: E402
from . import provenance as _provenance  # noqa: E402
from . import references as _references  # noqa: E402
from . import structure as _structure  # noqa: E402

_MODULES = (_references, _structure, _provenance, _evaluation)

RULES: dict[str, Rule] = {
    function.code: function  # type: ignore[attr-defined]
    for module in _MODULES
    for function in module.RULES
}


def run_rules(loaded: LoadedMap) -> list[Problem]:
    """All problems the rules find in a loaded map (load problems not included)."""
    if loaded.records is None:
        return []
    context = Context(loaded, loaded.records)
    problems: list[Problem] = []
    with paused_gc():
        for check in RULES.values():
            problems.extend(check(context))
    return problems
