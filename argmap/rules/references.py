"""Rules about ids and references between nodes and sources (AM2xx)."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem, closest
from . import Context, rule


def _did_you_mean(name: str, options: set[str]) -> str | None:
    close = closest(name, sorted(options))
    return f"did you mean `{close}`?" if close else None


@rule("AM201")
def unknown_node(ctx: Context) -> Iterator[Problem]:
    """`supports` or `attacks` names a node that does not exist."""
    for node_id, node_type, _node, relation, index, target in ctx.edges:
        if target not in ctx.known_ids:
            yield Problem(
                "AM201",
                f"{node_type} {node_id!r} {relation} unknown node {target!r}",
                ctx.at(ctx.node_path(node_id, node_type, relation, index)),
                _did_you_mean(target, ctx.known_ids),
            )


@rule("AM202")
def unknown_source(ctx: Context) -> Iterator[Problem]:
    """A node names a source that is not declared."""
    declared = set(ctx.model.sources)
    dropped = ctx.loaded.dropped.get("sources", set())
    for node_id, node_type, node in ctx.nodes:
        for number, cite in enumerate(node.cites):
            if cite.source is not None and cite.source not in declared and cite.source not in dropped:
                yield Problem(
                    "AM202",
                    f"{node_type} {node_id!r} cites unknown source {cite.source!r}",
                    ctx.at(ctx.node_path(node_id, node_type, "cites", number, "source")),
                    _did_you_mean(cite.source, declared) or "declared sources: " + (", ".join(sorted(declared)) or "none"),
                )
        if node.source is not None and node.source not in declared and node.source not in dropped and (declared or dropped):
            hint = _did_you_mean(node.source, declared) or "declared sources: " + ", ".join(sorted(declared))
            yield Problem(
                "AM202",
                f"{node_type} {node_id!r} names unknown source {node.source!r}",
                ctx.at(ctx.node_path(node_id, node_type, "source")),
                hint,
            )


@rule("AM203")
def source_required(ctx: Context) -> Iterator[Problem]:
    """With several sources, every quoted node must say which one it quotes."""
    if len(ctx.model.sources) + len(ctx.loaded.dropped.get("sources", ())) < 2:
        return
    for node_id, node_type, node in ctx.nodes:
        if node.source is None and (node.quote or any(cite.source is None for cite in node.cites)):
            yield Problem(
                "AM203",
                f"{node_type} {node_id!r} quotes a passage but does not say from which of the {len(ctx.model.sources)} sources",
                ctx.at(ctx.node_path(node_id, node_type), key=True),
                "add `source:` with one of: " + ", ".join(ctx.model.sources),
            )


@rule("AM204")
def duplicate_id(ctx: Context) -> Iterator[Problem]:
    """Ids are shared by claims and evidence, so each must be unique across both."""
    for node_id in ctx.model.evidence:
        if node_id in ctx.model.claims:
            first = ctx.at(("claims", node_id), key=True)
            yield Problem(
                "AM204",
                f"id {node_id!r} is used by a claim (line {first.line}) and by a piece of evidence",
                ctx.at(("evidence", node_id), key=True),
                "rename one of them; relations could not tell them apart",
                related=(first,),
            )


@rule("AM205")
def self_reference(ctx: Context) -> Iterator[Problem]:
    """A node that supports or attacks itself."""
    for node_id, node_type, _node, relation, index, target in ctx.edges:
        if target == node_id:
            yield Problem(
                "AM205",
                f"{node_type} {node_id!r} {relation} itself",
                ctx.at(ctx.node_path(node_id, node_type, relation, index)),
            )


@rule("AM206")
def no_sources(ctx: Context) -> Iterator[Problem]:
    """Quotes need a source to stand in."""
    if ctx.model.sources or ctx.loaded.dropped.get("sources"):
        return
    for node_id, node_type, node in ctx.nodes:
        if node.quote or node.cites:
            yield Problem(
                "AM206",
                f"{node_type} {node_id!r} has a quote but the map declares no `sources`",
                ctx.at(ctx.node_path(node_id, node_type, "quote" if node.quote else "cites"), key=True),
                "declare the quoted document under `sources:` with its `path`",
            )
            return


@rule("AM207")
def unknown_agent(ctx: Context) -> Iterator[Problem]:
    """`asserted_by` must name an agent declared under `agents`."""
    declared = set(ctx.model.agents)
    for node_id, node_type, node in ctx.nodes:
        if node.asserted_by is not None and node.asserted_by not in declared and node.asserted_by not in ctx.loaded.dropped.get("agents", set()):
            hint = _did_you_mean(node.asserted_by, declared) or (
                "declared agents: " + ", ".join(sorted(declared)) if declared else "declare it under `agents:` with its `name`"
            )
            yield Problem(
                "AM207",
                f"{node_type} {node_id!r} is asserted by unknown agent {node.asserted_by!r}",
                ctx.at(ctx.node_path(node_id, node_type, "asserted_by")),
                hint,
            )


RULES = [unknown_node, unknown_source, source_required, duplicate_id, self_reference, no_sources, unknown_agent]
