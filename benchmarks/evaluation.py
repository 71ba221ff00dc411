"""Benchmark grounded evaluation on a generated map: building the graph, then labelling it.

Usage (``make bench`` runs it after the command benchmarks)::

    python benchmarks/evaluation.py [--nodes 100000] [--repeats 5] [--seed SEED]

The map is generated in memory as the data a map file holds (no YAML, no
source: every node is `implicit`), then turned into records once. Its shape:
a few theses; every other node supports an earlier claim, on its own or as
one premise of an argument (two or three premises that support together);
about 5% of the nodes attack a claim (one in five of those claims attacks
back), and about 3% undercut a relation written before them (a support, an
attack, an undercut or an argument), so there are cycles of attacks and the
grounded labelling has all three labels.

What is timed, in this process, median of REPEATS: ``ArgumentGraph(records)``
(building the graph) and ``evaluate(graph)`` (the grounded labelling alone),
with the cyclic garbage collector paused as `argmap` runs its commands.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from typing import Any

DEFAULT_NODES = 100_000
DEFAULT_SEED = 20151116
#: The time grounded labelling of DEFAULT_NODES nodes must stay under.
TARGET_SECONDS = 1.0


def generate_data(n: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Map data of ``n`` nodes with supports, arguments, attacks and undercuts; the same for the same seed."""
    if n < 2:
        raise ValueError("a map needs at least 2 nodes")
    rng = random.Random(seed)
    claims: dict[str, dict[str, Any]] = {}
    evidence: dict[str, dict[str, Any]] = {}
    arguments: dict[str, dict[str, Any]] = {}
    claim_ids: list[str] = []
    relation_ids: list[str] = []
    roots = min(3, max(1, n // 10))
    waiting: list[str] = []  # premises of the next argument
    for i in range(n):
        node_id = f"n{i + 1}"
        is_claim = i < roots or rng.random() < 0.5
        entry: dict[str, Any] = {"text": f"Statement {i + 1}.", "implicit": True}
        (claims if is_claim else evidence)[node_id] = entry
        if i < roots:
            entry["thesis"] = True
        elif rng.random() < 0.15:
            waiting.append(node_id)
            if len(waiting) == 3 or (len(waiting) == 2 and rng.random() < 0.5):
                argument_id = f"arg{len(arguments) + 1}"
                arguments[argument_id] = {"premises": waiting, "supports": rng.choice(claim_ids)}
                relation_ids.append(argument_id)
                waiting = []
        else:
            target = rng.choice(claim_ids)
            entry["supports"] = [target]
            relation_ids.append(f"{node_id} supports {target}")
        if i >= roots and rng.random() < 0.05:
            target = rng.choice(claim_ids)
            if target != node_id and target not in entry.get("supports", ()):
                entry["attacks"] = [target]
                relation_ids.append(f"{node_id} attacks {target}")
                if rng.random() < 0.2:  # the claim attacks back: grounded semantics leaves both undecided
                    claims[target].setdefault("attacks", []).append(node_id)
                    relation_ids.append(f"{target} attacks {node_id}")
        if i >= roots and relation_ids and rng.random() < 0.03:
            target = rng.choice(relation_ids)
            entry["undercuts"] = [target]
            relation_ids.append(f"{node_id} undercuts {target}")
        if is_claim:
            claim_ids.append(node_id)
    for node_id in waiting:  # premises left without an argument support a thesis on their own
        (claims.get(node_id) or evidence[node_id])["supports"] = [claim_ids[0]]
    return {"argmap": 1, "title": f"Generated map of {n} nodes", "claims": claims, "evidence": evidence, "arguments": arguments}


def measure(n: int = DEFAULT_NODES, repeats: int = 5, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Median seconds to build the graph and to label it, with the size and the labels found."""
    from argmap import builders
    from argmap.evaluation import evaluate
    from argmap.gcpause import paused_gc
    from argmap.graph import ArgumentGraph

    built = builders.build(generate_data(n, seed))
    if built is None:
        raise RuntimeError("the generated map data is not well formed")
    graph_times, label_times = [], []
    labelling = None
    for _ in range(repeats):
        with paused_gc():
            started = time.perf_counter()
            graph = ArgumentGraph(built)
            complete = graph.complete
            graph_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            labelling = evaluate(graph)
            label_times.append(time.perf_counter() - started)
    assert labelling is not None
    return {
        "nodes": len(graph.nodes),
        "relations": len(complete),
        "kinds": dict(Counter(relation.kind for relation in complete)),
        "arguments": sum(1 for relation in complete if relation.argument is not None),
        "graph_seconds": statistics.median(graph_times),
        "label_seconds": statistics.median(label_times),
        "labels": labelling.summary(),
    }


def report(result: dict[str, Any]) -> str:
    """The measurement as a short Markdown table."""
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(result["kinds"].items()))
    labels = ", ".join(f"{count:,} {label}" for label, count in result["labels"].items())
    if result["nodes"] < DEFAULT_NODES:
        met = f"not measured ({result['nodes']:,} nodes only)"
    else:
        met = "met" if result["label_seconds"] < TARGET_SECONDS else "**not met**"
    return "\n".join(
        [
            f"Grounded evaluation, {result['nodes']:,} nodes, {result['relations']:,} inferences ({kinds}; {result['arguments']:,} of them arguments); nodes: {labels}",
            "",
            "| step | median time |",
            "|---|---:|",
            f"| building the graph (`ArgumentGraph(records)`) | {result['graph_seconds']:.3f} s |",
            f"| grounded labelling (`evaluate(graph)`) | {result['label_seconds']:.3f} s |",
            "",
            f"Target: grounded labelling of {DEFAULT_NODES:,} nodes < {TARGET_SECONDS:g} s: {met}.",
        ]
    )


def after_run(args: argparse.Namespace) -> None:
    """Called at the end of benchmarks/run.py: measure at its largest size (100 000 nodes by
    default), unless --only picked other commands."""
    if args.only and not any(text in "grounded evaluation" for text in args.only):
        return
    print("\n" + report(measure(max(args.sizes), args.repeats, args.seed)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time grounded evaluation on a generated map.")
    parser.add_argument("--nodes", type=int, default=DEFAULT_NODES, help=f"nodes of the generated map (default {DEFAULT_NODES})")
    parser.add_argument("--repeats", type=int, default=5, help="runs; the median is reported (default 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the generator")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.nodes < 2:
        parser.error("--repeats must be at least 1 and --nodes at least 2")
    print(report(measure(args.nodes, args.repeats, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
