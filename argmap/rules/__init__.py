"""Validation rules, one small named function per problem code.

Each rule takes a :class:`Context` and yields problems; it never prints,
raises on bad input or changes the map. The registry below is explicit, so
the set of rules (and of their codes) is visible in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ..gcpause import paused_gc
from ..loader import LoadedMap
from ..problems import Location, Problem
from ..provenance import Resolution, resolve
from ..records import ArgMap, Claim, Evidence

NodeType = Literal["claim", "evidence"]
Rule = Callable[["Context"], Iterable[Problem]]

_SECTION = {"claim": "claims", "evidence": "evidence"}


@dataclass
class Context:
    """What a rule sees: one loaded map whose model could be built."""

    loaded: LoadedMap
    model: ArgMap

    def node_path(self, node_id: str, node_type: NodeType, *rest: str | int) -> tuple[str | int, ...]:
        return (_SECTION[node_type], node_id, *rest)

    def at(self, path: tuple[str | int, ...], key: bool = False) -> Location:
        return self.loaded.location(path, key=key)

    @cached_property
    def nodes(self) -> list[tuple[str, NodeType, Claim | Evidence]]:
        """Every node in file order, as (id, type, node): listed once for all the rules."""
        return list(self.model.nodes())

    @cached_property
    def node_types(self) -> dict[str, NodeType]:
        """Node id → type; when an id is used twice the claim wins (AM204 reports it)."""
        types: dict[str, NodeType] = {}
        for node_id, node_type, _node in self.nodes:
            types.setdefault(node_id, node_type)
        return types

    @cached_property
    def known_ids(self) -> set[str]:
        """Ids that exist, including those of entries dropped for format errors."""
        return set(self.node_types) | self.loaded.dropped_ids

    @cached_property
    def edges(self) -> list[tuple[str, NodeType, Claim | Evidence, str, int, str]]:
        """Every relation: (from id, from type, node, "supports"|"attacks", index, to id)."""
        return [
            (node_id, node_type, node, relation, index, target)
            for node_id, node_type, node in self.nodes
            for relation, targets in (("supports", node.supports), ("attacks", node.attacks))
            for index, target in enumerate(targets)
        ]

    @cached_property
    def resolution(self) -> Resolution:
        return resolve(self.loaded)


def rule(code: str) -> Callable[[Rule], Rule]:
    """Mark a function as the rule that reports ``code``."""

    def mark(function: Rule) -> Rule:
        function.code = code  # type: ignore[attr-defined]
        return function

    return mark


from . import provenance as _provenance  # noqa: E402
from . import references as _references  # noqa: E402
from . import structure as _structure  # noqa: E402

RULES: dict[str, Rule] = {
    function.code: function  # type: ignore[attr-defined]
    for module in (_references, _structure, _provenance)
    for function in module.RULES
}


def run_rules(loaded: LoadedMap) -> list[Problem]:
    """All problems the rules find in a loaded map (load problems not included)."""
    if loaded.model is None:
        return []
    context = Context(loaded, loaded.model)
    problems: list[Problem] = []
    with paused_gc():
        for check in RULES.values():
            problems.extend(check(context))
    return problems
