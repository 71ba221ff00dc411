"""Which claims stand: a label for every node and every inference of a map.

Pure: no I/O, no printing. The semantics, in full, is in docs/evaluation.md;
in short:

- An *inference* (a complete relation of the graph: a support, an attack, an
  undercut, or an argument's) is accepted when all its premises are accepted
  and every undercut of it is rejected; rejected when a premise is rejected or
  an undercut of it is accepted; otherwise undecided.
- A *node* stands by default (evidence, and a claim no inference supports) or
  needs support (a claim with at least one supporting inference, in the spirit
  of Carneades' scintilla of evidence proof standard). It is accepted when (it
  stands by default, or a supporting inference is accepted) and every attacking
  inference is rejected; rejected when (it needs support and every supporting
  inference is rejected) or an attacking inference is accepted; otherwise
  undecided.

Grounded semantics is the least fixpoint of these rules, computed here with a
worklist in time linear in the size of the graph. It equals the grounded
labelling of the Dung framework :func:`dung_framework` builds; preferred and
stable semantics are the preferred and stable labellings of that framework,
projected on the map sceptically (a label every labelling agrees on,
undecided where they differ).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .graph import ArgumentGraph, Relation
from .kinds import Label

SEMANTICS = ("grounded", "preferred", "stable")

#: Work the preferred and stable search may do before it gives up (branches, plus
#: the comparisons made to prune branches that cannot give a larger extension).
MAX_SEARCH_STEPS = 1_000_000

# Labels of the index-based computations.
_UNDEC, _IN, _OUT = 0, 1, 2
_LABELS = (Label.UNDECIDED, Label.ACCEPTED, Label.REJECTED)
# Kinds of inference, by what they do to their target.
_SUPPORT, _ATTACK = 0, 1


class EvaluationError(Exception):
    """The evaluation asked for cannot be given: an unknown semantics, or a search too large."""


@dataclass(frozen=True)
class Labelling:
    """The labels of a map's nodes and inferences under one semantics."""

    semantics: str
    #: Node id → label, in file order.
    nodes: dict[str, Label]
    #: Relation id → label, for every complete relation, in file order.
    relations: dict[str, Label]
    #: How many preferred or stable labellings the projection is taken over; None for grounded.
    extensions: int | None
    #: The graph that was evaluated, for :meth:`to_data`.
    graph: ArgumentGraph | None = field(default=None, repr=False, compare=False)

    def label(self, id: str) -> Label:
        """The label of a node or of an inference (a node's id first, then a relation's)."""
        found = self.nodes.get(id)
        if found is None:
            found = self.relations.get(id)
        if found is None:
            raise KeyError(f"no node or evaluated inference {id!r}")
        return found

    def summary(self) -> dict[str, int]:
        """How many nodes have each label (inferences are not counted)."""
        counts = {label.value: 0 for label in (Label.ACCEPTED, Label.REJECTED, Label.UNDECIDED)}
        for label in self.nodes.values():
            counts[label.value] += 1
        return counts

    def to_data(self) -> dict[str, Any]:
        """The labelling as JSON-ready data (the shape `argmap evaluate --format json` prints, without "map")."""
        graph = self.graph
        nodes: list[dict[str, Any]] = []
        for node_id, label in self.nodes.items():
            entry: dict[str, Any] = {"id": node_id}
            if graph is not None:
                entry["type"] = graph.nodes[node_id].type
            entry["label"] = label.value
            nodes.append(entry)
        relations: list[dict[str, Any]] = []
        for relation_id, label in self.relations.items():
            entry = {"id": relation_id}
            if graph is not None:
                relation = graph.relations[relation_id]
                entry.update(kind=relation.kind, sources=list(relation.sources), target=relation.target)
            entry["label"] = label.value
            relations.append(entry)
        return {"semantics": self.semantics, "extensions": self.extensions, "nodes": nodes, "relations": relations, "summary": self.summary()}


# --- the graph as indexes ----------------------------------------------------------------------


class _Links:
    """The nodes and complete relations of a graph as numbers: nodes 0..N-1, inferences N..N+R-1."""

    def __init__(self, graph: ArgumentGraph) -> None:
        self.node_ids = node_ids = list(graph.nodes)
        self.relations = relations = graph.complete
        self.n = n = len(node_ids)
        node_index = dict(zip(node_ids, range(n)))
        relation_index = dict(zip([relation.id for relation in relations], range(n, n + len(relations))))
        claims = [node.type == "claim" for node in graph.nodes.values()]
        #: Per inference: its premises (each once), its target's index, and what it does to it.
        self.premises: list[tuple[int, ...]] = []
        self.target: list[int] = []
        self.effect: list[int] = []
        #: Per node: the inferences it is a premise of.
        self.premise_of: list[list[int]] = [[] for _ in range(n)]
        #: Per node: how many inferences support it (only claims count: evidence stands by default).
        self.supporters = supporters = [0] * n
        add_premises, add_target, add_effect, premise_of = self.premises.append, self.target.append, self.effect.append, self.premise_of
        inference = n
        for _id, kind, sources, goal, _path, _argument in relations:
            if len(sources) == 1:
                premise = node_index[sources[0]]
                add_premises((premise,))
                premise_of[premise].append(inference)
            else:
                premises = tuple(dict.fromkeys([node_index[source] for source in sources]))
                add_premises(premises)
                for premise in premises:
                    premise_of[premise].append(inference)
            if kind == "undercuts":
                add_target(relation_index[goal])
                add_effect(_ATTACK)
            else:
                goal = node_index[goal]
                add_target(goal)
                if kind == "supports":
                    add_effect(_SUPPORT)
                    if claims[goal]:
                        supporters[goal] += 1
                else:
                    add_effect(_ATTACK)
            inference += 1

    @property
    def size(self) -> int:
        return self.n + len(self.relations)


def _grounded(links: _Links) -> list[int]:
    """The least fixpoint of the labelling rules, by a worklist: each label is set once and
    each link is followed once from each end, so the time is linear in the graph."""
    n = links.n
    size = links.size
    label = [_UNDEC] * size
    # The conditions still unmet for an element to be accepted: unaccepted premises, unrejected
    # attacks and undercuts, and for a node that needs support, one accepted supporting inference.
    pending = [0] * size
    supporters = links.supporters
    left = list(supporters)  # supporting inferences of a node not yet rejected
    supported = bytearray(n)
    for i in range(n):
        if supporters[i]:
            pending[i] = 1
    premises, target, effect, premise_of = links.premises, links.target, links.effect, links.premise_of
    for j in range(len(links.relations)):
        pending[n + j] += len(premises[j])
        if effect[j] == _ATTACK:
            pending[target[j]] += 1
    work = [i for i in range(size) if pending[i] == 0]
    for i in work:
        label[i] = _IN
    while work:
        element = work.pop()
        accepted = label[element] == _IN
        if element < n:
            for inference in premise_of[element]:
                if label[inference] != _UNDEC:
                    continue
                if accepted:
                    pending[inference] -= 1
                    if pending[inference] == 0:
                        label[inference] = _IN
                        work.append(inference)
                else:
                    label[inference] = _OUT
                    work.append(inference)
            continue
        j = element - n
        goal = target[j]
        if effect[j] == _ATTACK:
            if label[goal] != _UNDEC:
                continue
            if accepted:
                label[goal] = _OUT
                work.append(goal)
            else:
                pending[goal] -= 1
                if pending[goal] == 0:
                    label[goal] = _IN
                    work.append(goal)
        elif supporters[goal] and label[goal] == _UNDEC:
            if accepted:
                if not supported[goal]:
                    supported[goal] = 1
                    pending[goal] -= 1
                    if pending[goal] == 0:
                        label[goal] = _IN
                        work.append(goal)
            else:
                left[goal] -= 1
                if left[goal] == 0:
                    label[goal] = _OUT
                    work.append(goal)
    return label


# --- the Dung framework ------------------------------------------------------------------------


class _Dung:
    """The Dung framework of a graph, by index: the nodes and inferences first (as in
    :class:`_Links`), then the auxiliary arguments."""

    def __init__(self, links: _Links) -> None:
        n = links.n
        names = list(links.node_ids) + [relation.id for relation in links.relations]
        attacks: list[tuple[int, int]] = []
        for j, relation in enumerate(links.relations):
            inference = n + j
            for premise in links.premises[j]:
                # p attacks not:p:r, which attacks r: r can be in only when p is in.
                missing = len(names)
                names.append(f"not:{links.node_ids[premise]}:{relation.id}")
                attacks.append((premise, missing))
                attacks.append((missing, inference))
            if links.effect[j] == _ATTACK:
                attacks.append((inference, links.target[j]))
        unsupported: dict[int, int] = {}
        for i in range(n):
            if links.supporters[i]:
                unsupported[i] = len(names)
                names.append(f"unsupported:{links.node_ids[i]}")
                attacks.append((unsupported[i], i))
        for j in range(len(links.relations)):
            if links.effect[j] == _SUPPORT and links.target[j] in unsupported:
                attacks.append((n + j, unsupported[links.target[j]]))
        self.names = names
        #: The arguments that are the map's nodes and inferences: the first ones.
        self.mapped = links.size
        self.attacks = attacks
        self.attackers: list[list[int]] = [[] for _ in names]
        self.targets: list[list[int]] = [[] for _ in names]
        for source, goal in attacks:
            self.attackers[goal].append(source)
            self.targets[source].append(goal)

    def grounded(self) -> list[int]:
        """Dung's grounded labelling: in when every attacker is out, out when an attacker is in."""
        label = [_UNDEC] * len(self.names)
        pending = [len(attackers) for attackers in self.attackers]
        work = [i for i, count in enumerate(pending) if count == 0]
        for i in work:
            label[i] = _IN
        while work:
            argument = work.pop()
            accepted = label[argument] == _IN
            for goal in self.targets[argument]:
                if label[goal] != _UNDEC:
                    continue
                if accepted:
                    label[goal] = _OUT
                    work.append(goal)
                else:
                    pending[goal] -= 1
                    if pending[goal] == 0:
                        label[goal] = _IN
                        work.append(goal)
        return label


def dung_framework(graph: ArgumentGraph) -> tuple[list[str], list[tuple[str, str]]]:
    """The map as a Dung argumentation framework: its arguments and its attacks, by name.

    Every node and every complete relation (inference) is an argument, named by its id.
    An attack inference attacks its target node, an undercut its target inference. For each
    premise ``p`` of an inference ``r`` an auxiliary argument ``not:p:r`` is attacked by ``p``
    and attacks ``r``, so that ``r`` can be in only when all its premises are. For each claim
    ``n`` that needs support, an auxiliary ``unsupported:n`` attacks ``n`` and is attacked by
    each inference that supports ``n``. (Ids are slugs and relation ids hold spaces, so no
    auxiliary name is ever an id; node and argument ids share one namespace, AM204.)
    """
    dung = _Dung(_Links(graph))
    return list(dung.names), [(dung.names[source], dung.names[goal]) for source, goal in dung.attacks]


# --- preferred and stable: a labelling-based search -------------------------------------------

_FREE = 3


class _Exhausted(Exception):
    """The search used up its budget."""


class _Budget:
    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise _Exhausted


def _components(members: list[int], dung: _Dung) -> list[list[int]]:
    """The weakly connected parts of the framework restricted to ``members``."""
    inside = set(members)
    seen: set[int] = set()
    parts = []
    for start in members:
        if start in seen:
            continue
        seen.add(start)
        part, work = [], [start]
        while work:
            argument = work.pop()
            part.append(argument)
            for other in (*dung.attackers[argument], *dung.targets[argument]):
                if other in inside and other not in seen:
                    seen.add(other)
                    work.append(other)
        parts.append(sorted(part))
    return parts


def _upstream_first(targets: list[list[int]]) -> list[int]:
    """The arguments ordered by their strongly connected components, attackers' components
    before their targets' (Tarjan's algorithm, without recursion)."""
    size = len(targets)
    index = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(size):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            descended = False
            while child < len(targets[node]):
                other = targets[node][child]
                child += 1
                if index[other] < 0:
                    work.append((node, child))
                    work.append((other, 0))
                    descended = True
                    break
                if on_stack[other]:
                    low[node] = min(low[node], index[other])
            if descended:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    # Tarjan's algorithm finishes a component after every component it reaches.
    return [member for component in reversed(components) for member in sorted(component)]


def _search(part: list[int], dung: _Dung, budget: _Budget, stable: bool) -> list[list[int]]:
    """The preferred labellings (or with ``stable``, the stable ones) of the framework
    restricted to ``part``, each as a list of labels in the order of ``part``.

    Every argument of ``part`` is undecided in the grounded labelling, and nothing outside it
    but grounded-out arguments attacks it; so the complete labellings of the whole framework
    are the grounded labelling with a complete labelling of each such part.

    The search is labelling-based: it labels one argument at a time (in, out, then undecided;
    for stable, in or out), attackers' cycles before what they attack, and after each choice
    propagates what a complete labelling then requires: an argument is in exactly when every
    attacker is out, and out exactly when some attacker is in; an in argument's attackers are
    out, an out argument needs an attacker in, an undecided one an attacker undecided. A
    choice that contradicts them is dropped. Each leaf is a complete labelling. Earlier
    branches label in what later ones do not, so no leaf's in-set contains an earlier one's; a
    branch whose in and unlabelled arguments fit inside a leaf already found is cut. What is
    left are the complete labellings with maximal in-sets: the preferred labellings.
    """
    position = {argument: k for k, argument in enumerate(part)}
    size = len(part)
    attackers = [[position[a] for a in dung.attackers[argument] if a in position] for argument in part]
    targets = [[position[t] for t in dung.targets[argument] if t in position] for argument in part]
    order = _upstream_first(targets)
    label = [_FREE] * size
    # Per argument, how many of its attackers are in, out, undecided.
    counts = {_IN: [0] * size, _OUT: [0] * size, _UNDEC: [0] * size}
    ins, outs, undecs = counts[_IN], counts[_OUT], counts[_UNDEC]
    # The in and the unlabelled arguments, as bit masks over the positions of ``part``.
    in_mask, free_mask = 0, (1 << size) - 1
    trail: list[int] = []

    def assign(k: int, value: int, queue: list[int]) -> None:
        nonlocal in_mask, free_mask
        label[k] = value
        trail.append(k)
        counter = counts[value]
        for t in targets[k]:
            counter[t] += 1
        free_mask &= ~(1 << k)
        if value == _IN:
            in_mask |= 1 << k
        queue.append(k)
        queue.extend(targets[k])

    def undo(mark: int) -> None:
        nonlocal in_mask, free_mask
        while len(trail) > mark:
            k = trail.pop()
            counter = counts[label[k]]
            for t in targets[k]:
                counter[t] -= 1
            if label[k] == _IN:
                in_mask &= ~(1 << k)
            free_mask |= 1 << k
            label[k] = _FREE

    def propagate(queue: list[int]) -> bool:
        while queue:
            z = queue.pop()
            budget.spend(1)
            total, i, o, u = len(attackers[z]), ins[z], outs[z], undecs[z]
            free = total - i - o - u
            forced = _OUT if i else _IN if o == total else _UNDEC if free == 0 else _FREE
            value = label[z]
            if forced != _FREE:
                if value == _FREE:
                    if stable and forced == _UNDEC:
                        return False
                    assign(z, forced, queue)
                    value = forced
                elif value != forced:
                    return False
            if value == _IN:
                if i or u:
                    return False
                for w in attackers[z]:
                    if label[w] == _FREE:
                        assign(w, _OUT, queue)
            elif value == _OUT and not i:
                if free == 0:
                    return False
                if free == 1:
                    assign(next(w for w in attackers[z] if label[w] == _FREE), _IN, queue)
            elif value == _UNDEC and not u:
                if free == 0:
                    return False
                if free == 1:
                    assign(next(w for w in attackers[z] if label[w] == _FREE), _UNDEC, queue)
        return True

    values = (_IN, _OUT) if stable else (_IN, _OUT, _UNDEC)

    def choose(at: int, first: int) -> int:
        """Label the argument at ``order[at]`` with the first value from ``values[first]`` on that
        holds; the index of that value, or -1 when none does (nothing is then left labelled)."""
        mark = len(trail)
        for choice in range(first, len(values)):
            queue: list[int] = []
            assign(order[at], values[choice], queue)
            if propagate(queue):
                return choice
            undo(mark)
        return -1

    found: list[tuple[int, list[int]]] = []
    frames: list[tuple[int, int, int]] = []  # (position in order, trail mark, value index)
    at = 0
    while True:
        budget.spend(1)
        if not stable:
            budget.spend(len(found))
        possible = in_mask | free_mask
        if stable or not any(possible & ~in_set == 0 for in_set, _labels in found):
            while at < size and label[order[at]] != _FREE:
                at += 1
            if at == size:
                found.append((in_mask, list(label)))
            else:
                mark = len(trail)
                choice = choose(at, 0)
                if choice >= 0:
                    frames.append((at, mark, choice))
                    at += 1
                    continue
        # Back to the latest choice that has another value to try.
        while frames:
            at, mark, choice = frames.pop()
            undo(mark)
            choice = choose(at, choice + 1)
            if choice >= 0:
                frames.append((at, mark, choice))
                at += 1
                break
        else:
            return [labels for _in_set, labels in found]


def _extensions_labelling(dung: _Dung, grounded: list[int], semantics: str) -> tuple[list[int], int]:
    """The sceptical projection of the preferred (or stable) labellings, and how many there are."""
    undecided = [i for i, value in enumerate(grounded) if value == _UNDEC]
    label = list(grounded)
    count = 1
    budget = _Budget(MAX_SEARCH_STEPS)
    for part in _components(undecided, dung):
        try:
            labellings = _search(part, dung, budget, semantics == "stable")
        except _Exhausted:
            raise EvaluationError(
                f"{semantics} semantics: the search for labellings gave up after {MAX_SEARCH_STEPS:,} steps; "
                f"{_undecided_words(dung, undecided)} undecided under grounded semantics, and the search branches on those. "
                "Use grounded semantics, or break some cycles of attacks."
            ) from None
        count *= len(labellings)
        if not labellings:
            break
        agreed = labellings[0]
        for labels in labellings[1:]:
            agreed = [a if a == b else _UNDEC for a, b in zip(agreed, labels)]
        for argument, value in zip(part, agreed):
            label[argument] = value
    if count == 0:
        return [_UNDEC] * len(label), 0
    return label, count


def _undecided_words(dung: _Dung, undecided: list[int]) -> str:
    mapped = sum(1 for i in undecided if i < dung.mapped)
    return f"{mapped:,} node{'s' if mapped != 1 else ''} and inference{'s' if mapped != 1 else ''} {'are' if mapped != 1 else 'is'}"


# --- evaluation --------------------------------------------------------------------------------


def evaluate(graph: ArgumentGraph, semantics: str = "grounded") -> Labelling:
    """Label every node and every complete relation of ``graph`` under ``semantics``."""
    if semantics not in SEMANTICS:
        raise EvaluationError(f"unknown semantics {semantics!r}: choose one of {', '.join(SEMANTICS)}")
    links = _Links(graph)
    extensions: int | None = None
    if semantics == "grounded":
        values = _grounded(links)
    else:
        dung = _Dung(links)
        values, extensions = _extensions_labelling(dung, dung.grounded(), semantics)
    n = links.n
    named = [_LABELS[value] for value in values]
    nodes = dict(zip(links.node_ids, named[:n]))
    relations = dict(zip([relation.id for relation in links.relations], named[n:]))
    return Labelling(semantics, nodes, relations, extensions, graph)


# --- why -------------------------------------------------------------------------------------


def explain(labelling: Labelling, graph: ArgumentGraph, id: str) -> str:
    """A short reason for the label of a node or an inference, from the labels around it."""
    if id in labelling.nodes:
        return _explain_node(labelling, graph, id)
    return _explain_inference(labelling, graph, graph.relations[id])


def _named(relations: list[Relation], limit: int = 3) -> str:
    words = ", ".join(f"'{relation.id}'" for relation in relations[:limit])
    return words + (f" and {len(relations) - limit} more" if len(relations) > limit else "")


def _explain_node(labelling: Labelling, graph: ArgumentGraph, node_id: str) -> str:
    relations = labelling.relations
    incoming = [relation for relation in graph.incoming.get(node_id, ()) if relation.id in relations]
    attacks = [relation for relation in incoming if relation.kind == "attacks"]
    supports = [relation for relation in incoming if relation.kind == "supports"]
    needs_support = bool(supports) and graph.nodes[node_id].type == "claim"
    by_label = lambda found, label: [relation for relation in found if relations[relation.id] is label]  # noqa: E731
    label = labelling.nodes[node_id]
    if label is Label.REJECTED:
        accepted = by_label(attacks, Label.ACCEPTED)
        if accepted:
            return f"the attacking inference {_named(accepted)} is accepted"
        why = _explain_inference(labelling, graph, supports[0])
        return f"every supporting inference is rejected: {_named(supports)} ('{supports[0].id}': {why})"
    if label is Label.ACCEPTED:
        if needs_support:
            basis = f"the supporting inference {_named(by_label(supports, Label.ACCEPTED))} is accepted"
        else:
            basis = "it stands by default (evidence, or a claim nothing supports)"
        return basis + (", and every attacking inference is rejected" if attacks else ", and nothing attacks it")
    reasons = []
    open_attacks = by_label(attacks, Label.UNDECIDED)
    if open_attacks:
        reasons.append(f"the attacking inference {_named(open_attacks)} is undecided")
    if needs_support and not by_label(supports, Label.ACCEPTED):
        reasons.append(f"no supporting inference is accepted ({_named(by_label(supports, Label.UNDECIDED))} undecided)")
    return "; ".join(reasons) if reasons else "its labellings disagree"


def _explain_inference(labelling: Labelling, graph: ArgumentGraph, relation: Relation) -> str:
    nodes, relations = labelling.nodes, labelling.relations
    premises = list(dict.fromkeys(relation.sources))
    undercuts = [undercut for undercut in graph.undercutters.get(relation.id, ()) if undercut.id in relations]
    label = relations[relation.id]
    words = lambda ids: ", ".join(f"'{i}'" for i in ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")  # noqa: E731
    if label is Label.REJECTED:
        rejected = [p for p in premises if nodes[p] is Label.REJECTED]
        if rejected:
            return f"its premise {words(rejected)} is rejected"
        return f"the undercut {_named([u for u in undercuts if relations[u.id] is Label.ACCEPTED])} is accepted"
    if label is Label.ACCEPTED:
        return "every premise is accepted and " + ("every undercut of it is rejected" if undercuts else "nothing undercuts it")
    reasons = []
    open_premises = [p for p in premises if nodes[p] is Label.UNDECIDED]
    if open_premises:
        reasons.append(f"its premise {words(open_premises)} is undecided")
    open_undercuts = [u for u in undercuts if relations[u.id] is Label.UNDECIDED]
    if open_undercuts:
        reasons.append(f"the undercut {_named(open_undercuts)} is undecided")
    return "; ".join(reasons) if reasons else "its labellings disagree"
