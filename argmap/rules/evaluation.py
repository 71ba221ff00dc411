"""Rules about what evaluation concludes (AM6xx): the labels a map says it expects."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from . import Context, rule


@rule("AM601")
def expectation_failed(ctx: Context) -> Iterator[Problem]:
    """A node or an argument whose `expect`ed label is not the one grounded evaluation gives it."""
    records = ctx.loaded.records
    expecting = [(node_id, node_type, node.expect) for node_id, node_type, node in ctx.nodes if node.expect is not None]
    expecting += [(argument_id, "argument", argument.expect) for argument_id, argument in records.arguments.items() if argument.expect is not None]
    if not expecting:
        return
    from ..evaluation import evaluate, explain  # only a map that states expectations is evaluated here

    graph = ctx.graph
    labelling = evaluate(graph)
    sections = {"claim": "claims", "evidence": "evidence", "argument": "arguments"}
    for entry_id, entry_type, expected in expecting:
        if entry_type == "argument":
            label = labelling.relations.get(entry_id)
            if label is None or entry_id in graph.nodes:
                continue  # an argument naming what does not exist, or whose id a node has: reported elsewhere
        else:
            if graph.nodes[entry_id].type != entry_type:
                continue  # the id is used twice (AM204): the claim is the node evaluated
            label = labelling.nodes[entry_id]
        if label is expected:
            continue
        yield Problem(
            "AM601",
            f"{entry_type} {entry_id!r} is expected to be {expected.value} but evaluation labels it {label.value}",
            ctx.at((sections[entry_type], entry_id, "expect")),
            explain(labelling, graph, entry_id),
        )


RULES = [expectation_failed]
