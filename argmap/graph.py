"""The argument graph of a map, built once: nodes, and relations with identity.

Pure: no I/O, no pydantic. Everything that needs the shape of the argument
(the rules, the diagram, the page, the exports, evaluation) reads this graph
and derives nothing of its own.

A *relation* is one inference: its sources (one node, or several premises
that support only together), its kind (``supports``, ``attacks``,
``undercuts``) and its target: a node, or for an undercut another relation.
Every relation has an id that a person can read and type:

- a node's own relation is named by the words that state it:
  ``a supports b``, ``a attacks b``, ``u undercuts a supports b``;
- an argument declared under ``arguments:`` is named by its id.

An undercut names the relation it targets by that id, which is how the map
file writes it (``undercuts: a supports b``), so nothing generated needs to be
looked up. References that name nothing are kept on the graph, with where they
are written, for the rules to report; the graph itself never fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .records import ArgMap, Claim, Evidence

NodeType = Literal["claim", "evidence"]
RelationKind = Literal["supports", "attacks", "undercuts"]
#: The relation kinds, in the order a node's fields list them.
KINDS: tuple[RelationKind, ...] = ("supports", "attacks", "undercuts")
DataPath = tuple[str | int, ...]

_SECTION = {"claim": "claims", "evidence": "evidence"}


class GraphNode(NamedTuple):
    """A claim or piece of evidence, with where it is written."""

    id: str
    type: NodeType
    record: Claim | Evidence

    @property
    def path(self) -> DataPath:
        return (_SECTION[self.type], self.id)


class Relation(NamedTuple):
    """One inference of the map."""

    #: ``"a supports b"`` for a node's relation, the argument's id for an argument.
    id: str
    kind: RelationKind
    #: The nodes the inference starts from: one, or the premises of an argument.
    sources: tuple[str, ...]
    #: A node id; for an undercut, the id of the relation it attacks.
    target: str
    #: Where the relation is written: the target's value under a node's
    #: `supports`/`attacks`/`undercuts`, or the argument's entry.
    path: DataPath
    #: The argument's id when the relation is declared under `arguments:`.
    argument: str | None = None

    @property
    def linked(self) -> bool:
        """Premises that support (or attack) only together."""
        return self.argument is not None

    @property
    def targets_relation(self) -> bool:
        return self.kind == "undercuts"


def relation_id(source: str, kind: str, target: str) -> str:
    """The id of a node's own relation: the words that state it."""
    return f"{source} {kind} {target}"


def normal_reference(text: str) -> str:
    """A relation reference as the graph names it: words separated by one space."""
    return " ".join(text.split())


class ArgumentGraph:
    """Nodes and relations of one map, in file order, with the indexes every reader needs."""

    def __init__(self, records: ArgMap) -> None:
        self.records = records
        #: Every claim and piece of evidence in file order (claims first), an id used twice included.
        self.entries: list[GraphNode] = []
        #: Node id → node; when an id is used by a claim and by evidence, the claim (AM204 reports it).
        self.nodes: dict[str, GraphNode] = {}
        #: Relation id → relation, in file order: the nodes' relations, then the arguments.
        self.relations: dict[str, Relation] = {}
        #: Relations written twice (the same words again, or an argument id taken by a node's relation).
        self.repeated: list[Relation] = []
        # This runs once per node and per relation of maps of a hundred thousand nodes, so
        # it is written as comprehensions (faster than loops here), and records are made
        # with tuple.__new__, which skips the NamedTuple constructor's Python-level call.
        make = tuple.__new__
        entries = self.entries
        entries.extend([make(GraphNode, entry) for entry in records.nodes()])
        nodes = self.nodes
        nodes.update({node[0]: node for node in entries})  # file order
        if len(nodes) != len(entries):
            for node in reversed(entries):  # an id used twice (AM204): the first written wins
                nodes[node[0]] = node
        written = [
            (f"{node_id} {kind} {target}", kind, (node_id,), target, (_SECTION[node_type], node_id, kind, index), None)
            for node_id, node_type, record in entries
            for kind, targets in (("supports", record.supports), ("attacks", record.attacks), ("undercuts", record.undercuts))
            if targets
            for index, target in enumerate(targets)
        ]
        relations = self.relations
        repeated = self.repeated
        for fields in written:
            if fields[1] == "undercuts":
                target = normal_reference(fields[3])
                fields = (f"{fields[2][0]} undercuts {target}", "undercuts", fields[2], target, fields[4], None)
            relation = make(Relation, fields)
            if fields[0] in relations:
                repeated.append(relation)
            else:
                relations[fields[0]] = relation
        for argument_id, argument in records.arguments.items():
            for kind in KINDS:
                target = getattr(argument, kind)
                if target is None:
                    continue
                if kind == "undercuts":
                    target = normal_reference(target)
                relation = Relation(argument_id, kind, tuple(argument.premises), target, ("arguments", argument_id), argument_id)
                if argument_id in relations:
                    self.repeated.append(relation)
                else:
                    relations[argument_id] = relation
                break  # an argument draws one conclusion (AM312 reports a second)

    # --- indexes --------------------------------------------------------------------------

    @cached_property
    def incoming(self) -> dict[str, list[Relation]]:
        """Node id → the supports and attacks that end on it (undercuts end on relations)."""
        found: dict[str, list[Relation]] = {}
        for relation in self.relations.values():
            if relation.kind != "undercuts":
                found.setdefault(relation.target, []).append(relation)
        return found

    @cached_property
    def outgoing(self) -> dict[str, list[Relation]]:
        """Node id → the relations it is a source (a premise) of."""
        found: dict[str, list[Relation]] = {}
        for relation in self.relations.values():
            for source in relation.sources:
                found.setdefault(source, []).append(relation)
        return found

    @cached_property
    def undercutters(self) -> dict[str, list[Relation]]:
        """Relation id → the undercuts that attack it."""
        found: dict[str, list[Relation]] = {}
        for relation in self.relations.values():
            if relation.kind == "undercuts":
                found.setdefault(relation.target, []).append(relation)
        return found

    def arguments(self) -> Iterator[Relation]:
        """The relations declared under `arguments:`."""
        return (relation for relation in self.relations.values() if relation.argument is not None)

    def resolves(self, relation: Relation) -> bool:
        """Whether every node and relation it names exists."""
        if any(source not in self.nodes for source in relation.sources):
            return False
        if relation.kind == "undercuts":
            return relation.target in self.relations
        return relation.target in self.nodes

    @cached_property
    def complete(self) -> list[Relation]:
        """The relations whose sources and target all exist, in file order.

        An undercut is complete when the relation it targets is; undercuts that
        target each other in a ring are complete together (the largest set that
        holds together), so that mutual undercuts stay in the graph.
        """
        nodes = self.nodes
        usable = {
            relation.id: relation
            for relation in self.relations.values()
            if all(source in nodes for source in relation.sources) and (relation.target in self.relations if relation.kind == "undercuts" else relation.target in nodes)
        }
        return self.without_dangling_undercuts(usable)

    def without_dangling_undercuts(self, kept: dict[str, Relation]) -> list[Relation]:
        """The relations of ``kept`` (relation id → relation) in file order, less every undercut
        whose target is not kept, and then the undercuts of those: each looked at once."""
        kept = dict(kept)
        gone = [relation for relation in kept.values() if relation.kind == "undercuts" and relation.target not in kept]
        undercutters = self.undercutters
        while gone:
            relation = gone.pop()
            if kept.pop(relation.id, None) is not None:
                gone.extend(undercutter for undercutter in undercutters.get(relation.id, ()) if undercutter.id in kept)
        return [relation for relation in self.relations.values() if relation.id in kept]

    def node_links(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """For each node, the nodes it bears on and the nodes that bear on it, through any
        complete relation (an undercut bears on the target relation's sources and target)."""
        forward: dict[str, list[str]] = {node_id: [] for node_id in self.nodes}
        backward: dict[str, list[str]] = {node_id: [] for node_id in self.nodes}
        by_id = {relation.id: relation for relation in self.complete}
        for relation in self.complete:
            for ends in self._ends(relation, by_id):
                for source in relation.sources:
                    if ends != source:
                        forward[source].append(ends)
                        backward[ends].append(source)
        return forward, backward

    def _ends(self, relation: Relation, by_id: dict[str, Relation]) -> list[str]:
        """The nodes a relation finally bears on: its target, or the target relation's nodes."""
        seen = set()
        while relation.kind == "undercuts" and relation.id not in seen:
            seen.add(relation.id)
            relation = by_id[relation.target]
        if relation.kind == "undercuts":  # a circle of undercuts (AM205 for one that undercuts itself) reaches no node
            return list(relation.sources)
        return [relation.target, *relation.sources] if seen else [relation.target]

    # --- what the argument is about --------------------------------------------------------

    @cached_property
    def theses(self) -> set[str]:
        """Claims marked `thesis: true`; failing that, claims that are supported and bear on nothing."""
        claims = self.records.claims
        marked = {node_id for node_id, claim in claims.items() if claim.thesis}
        if marked:
            return marked
        supported = {relation.target for relation in self.relations.values() if relation.kind == "supports"}
        outgoing = self.outgoing
        return {node_id for node_id in claims if node_id in supported and node_id not in outgoing}


def graph_of(records: ArgMap, cache: dict[object, object] | None = None) -> ArgumentGraph:
    """The graph of a map's records, built once per loaded map when given its cache."""
    if cache is None:
        return ArgumentGraph(records)
    graph = cache.get("graph")
    if graph is None or graph.records is not records:  # type: ignore[attr-defined]
        graph = cache["graph"] = ArgumentGraph(records)
    return graph  # type: ignore[return-value]
