"""Rules about the shape of the argument graph (AM3xx)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import chain

from ..problems import Problem
from . import Context, rule


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so that long chains cannot overflow the stack.

    Returns the components in discovery order; nodes keep the order of ``graph``.
    """
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index_of:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_index = work.pop()
            if child_index == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = graph.get(node, [])
            recursed = False
            while child_index < len(children):
                child = children[child_index]
                child_index += 1
                if child not in graph:
                    continue
                if child not in index_of:
                    work.append((node, child_index))
                    work.append((child, 0))
                    recursed = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index_of[child])
            if recursed:
                continue
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def _outside_any_order(graph: dict[str, list[str]]) -> dict[str, list[str]]:
    """The part of ``graph`` that no topological order reaches: the cycles and what they lead to.

    Most maps have no cycle, and peeling off the nodes nothing points at (Kahn's
    algorithm) proves it with a few operations per edge, fewer than Tarjan's
    algorithm needs; only what is left is searched for components.
    """
    waiting = Counter(chain.from_iterable(graph.values()))
    for target in [target for target in waiting if target not in graph]:
        del waiting[target]
    ready = [node for node in graph if node not in waiting]
    while ready:
        node = ready.pop()
        for target in graph[node]:
            if target in waiting:
                waiting[target] -= 1
                if not waiting[target]:
                    del waiting[target]
                    ready.append(target)
    return {node: targets for node, targets in graph.items() if node in waiting}


def _cycle_through(start: str, members: set[str], graph: dict[str, list[str]]) -> list[str]:
    """One simple cycle from ``start`` back to it, staying inside a component."""
    previous: dict[str, str] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        next_frontier = []
        for node in frontier:
            for child in graph.get(node, []):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return list(reversed(path)) + [start]
                if child in members and child not in seen:
                    seen.add(child)
                    previous[child] = node
                    next_frontier.append(child)
        frontier = next_frontier
    return [start, start]


@rule("AM301")
def support_cycle(ctx: Context) -> Iterator[Problem]:
    """Supports that lead back to where they started: circular reasoning, through arguments too."""
    graph: dict[str, list[str]] = {node_id: [] for node_id in ctx.graph.nodes}
    for relation in ctx.graph.relations.values():
        if relation.kind != "supports":
            continue
        target = relation.target
        for source in relation.sources:
            if source != target and source in graph:
                graph[source].append(target)
    for component in strongly_connected(_outside_any_order(graph)):
        if len(component) < 2:
            continue
        members = set(component)
        start = next(n for n in graph if n in members)  # the first in file order
        cycle = _cycle_through(start, members, graph)
        extra = f" ({len(members)} nodes are caught in it)" if len(members) > len(cycle) - 1 else ""
        path = next(r.path for r in ctx.graph.outgoing[cycle[0]] if r.kind == "supports" and r.target == cycle[1])
        where = ctx.at(path) if path[0] == "arguments" else ctx.at(path[:3], key=True)
        yield Problem(
            "AM301",
            "circular support: " + " → ".join(cycle) + extra,
            where,
            "a claim cannot be supported, even indirectly, by itself; remove or reverse one of these supports",
        )


@rule("AM302")
def support_and_attack(ctx: Context) -> Iterator[Problem]:
    """A node that both supports and attacks the same node says two opposite things."""
    for node_id, node_type, node in ctx.nodes:
        if not node.attacks or not node.supports:
            continue
        supported = set(node.supports)
        for index, target in enumerate(node.attacks):
            if target in supported and target != node_id:
                yield Problem(
                    "AM302",
                    f"{node_type} {node_id!r} both supports and attacks {target!r}",
                    ctx.at(ctx.node_path(node_id, node_type, "attacks", index)),
                    "keep the relation the text makes; split the node if it does both",
                )


@rule("AM303")
def isolated_node(ctx: Context) -> Iterator[Problem]:
    """A node that takes part in no relation does not belong to the argument."""
    connected: set[str] = set(ctx.loaded.dropped_targets)
    for relation in ctx.graph.relations.values():
        sources = relation.sources
        if relation.kind == "undercuts":
            connected.update(sources)
        elif len(sources) == 1:
            if sources[0] != relation.target:  # a node's relation to itself is AM205
                connected.add(sources[0])
                connected.add(relation.target)
        else:
            connected.update(sources)
            connected.add(relation.target)
    for argument in ctx.records.arguments.values():
        connected.update(argument.premises)  # an argument without a conclusion is AM312
    for node_id, node_type, _node in ctx.nodes:
        if node_id not in connected:
            yield Problem(
                "AM303",
                f"{node_type} {node_id!r} is connected to no other node",
                ctx.at(ctx.node_path(node_id, node_type), key=True),
                "add `supports:`, `attacks:` or `undercuts:`, or let another node or argument point at it",
            )


# --- arguments: linked premises (AM31x) -------------------------------------------------------


@rule("AM311")
def argument_one_premise(ctx: Context) -> Iterator[Problem]:
    """Linked premises are two or more; one premise is a plain relation, written on the node."""
    for argument_id, argument in ctx.records.arguments.items():
        if len(set(argument.premises)) == 1:
            premise = argument.premises[0]
            kind = next((k for k in ("supports", "attacks", "undercuts") if getattr(argument, k) is not None), "supports")
            yield Problem(
                "AM311",
                f"argument {argument_id!r} has a single premise, {premise!r}",
                ctx.at(("arguments", argument_id, "premises")),
                f"add the premise it needs together with {premise!r}, or write `{kind}:` on {premise!r} itself",
            )


@rule("AM312")
def argument_target(ctx: Context) -> Iterator[Problem]:
    """An argument draws one conclusion: exactly one of `supports`, `attacks` and `undercuts`."""
    for argument_id, argument in ctx.records.arguments.items():
        named = [kind for kind in ("supports", "attacks", "undercuts") if getattr(argument, kind) is not None]
        if len(named) == 1:
            continue
        if not named:
            message = f"argument {argument_id!r} has premises but no conclusion"
            where = ctx.at(("arguments", argument_id), key=True)
            hint = "add `supports: <node>`, `attacks: <node>` or `undercuts: <relation>`"
        else:
            message = f"argument {argument_id!r} names {' and '.join(f'`{k}`' for k in named)}; an argument draws one conclusion"
            where = ctx.at(("arguments", argument_id, named[1]), key=True)
            hint = "split it into two arguments with the same premises"
        yield Problem("AM312", message, where, hint)


@rule("AM313")
def premise_is_conclusion(ctx: Context) -> Iterator[Problem]:
    """A premise cannot also be the conclusion its argument draws."""
    for argument_id, argument in ctx.records.arguments.items():
        for index, premise in enumerate(argument.premises):
            if premise in (argument.supports, argument.attacks):
                yield Problem(
                    "AM313",
                    f"argument {argument_id!r}: {premise!r} is both a premise and the conclusion",
                    ctx.at(("arguments", argument_id, "premises", index)),
                    "an argument reasons from its premises to something else; remove it from `premises`",
                )


@rule("AM314")
def premise_repeated(ctx: Context) -> Iterator[Problem]:
    """A premise listed twice adds nothing."""
    for argument_id, argument in ctx.records.arguments.items():
        seen: set[str] = set()
        for index, premise in enumerate(argument.premises):
            if premise in seen:
                yield Problem(
                    "AM314",
                    f"argument {argument_id!r} lists premise {premise!r} twice",
                    ctx.at(("arguments", argument_id, "premises", index)),
                    "remove the second one",
                )
            seen.add(premise)


RULES = [support_cycle, support_and_attack, isolated_node, argument_one_premise, argument_target, premise_is_conclusion, premise_repeated]
