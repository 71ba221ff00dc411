"""Rules about ids and references between nodes and sources (AM2xx)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..graph import Relation
from ..problems import Problem, closest
from . import Context, rule


def _did_you_mean(name: str, options: set[str]) -> str | None:
    close = closest(name, sorted(options))
    return f"did you mean `{close}`?" if close else None


def _reference_path(relation: Relation, kind: str) -> tuple[str | int, ...]:
    """Where a relation writes its target."""
    return (*relation.path, kind) if relation.argument is not None else relation.path


def _spellings(ctx: Context) -> Counter[str]:
    """How often each id is written as a reference (`supports`, `attacks`, `premises`)."""
    written: Counter[str] = Counter()
    for relation in ctx.graph.relations.values():
        if relation.argument is not None:
            written.update(relation.sources)
        if relation.kind != "undercuts":
            written[relation.target] += 1
    return written


def _unknown_id_hint(ctx: Context, name: str, written: Counter[str]) -> str | None:
    """"did you mean" the close id; but when the unknown spelling is the one the map uses
    most (a node's own key misspelt, its references right), rename the node instead."""
    close = closest(name, sorted(ctx.known_ids))
    if close is None:
        return None
    uses_close = written[close] + 1  # its key spells it once
    if written[name] > uses_close and close in ctx.node_types:
        line = ctx.at(ctx.node_path(close, ctx.node_types[close]), key=True).line
        return f"`{name}` is written {written[name]} times and `{close}` {uses_close} (its key, line {line}, included): rename the {ctx.node_types[close]} `{close}` to `{name}`"
    return f"did you mean `{close}`?"


@rule("AM201")
def unknown_node(ctx: Context) -> Iterator[Problem]:
    """`supports`, `attacks` or `premises` names a node that does not exist."""
    known = ctx.known_ids
    arguments = ctx.records.arguments
    written: Counter[str] | None = None
    for relation in ctx.graph.relations.values():
        name = relation.argument
        if name is not None:
            for index, premise in enumerate(relation.sources):
                if premise not in known:
                    written = written if written is not None else _spellings(ctx)
                    yield Problem(
                        "AM201",
                        f"argument {name!r} has unknown premise {premise!r}",
                        ctx.at(("arguments", name, "premises", index)),
                        _unknown_id_hint(ctx, premise, written) or _is_argument(premise, arguments),
                    )
        if relation.kind == "undercuts" or relation.target in known:
            continue
        name = name or relation.sources[0]
        owner = ctx.owner_types.get(name, "argument")
        written = written if written is not None else _spellings(ctx)
        hint = _is_argument(relation.target, arguments) or _unknown_id_hint(ctx, relation.target, written)
        yield Problem(
            "AM201",
            f"{owner} {name!r} {relation.kind} unknown node {relation.target!r}",
            ctx.at(_reference_path(relation, relation.kind)),
            hint,
        )


def _is_argument(name: str, arguments: dict[str, object]) -> str | None:
    if name in arguments:
        return f"{name!r} is an argument, not a node: to deny that its premises lead to its conclusion, write `undercuts: {name}`"
    return None


@rule("AM208")
def unknown_relation(ctx: Context) -> Iterator[Problem]:
    """`undercuts` must name a relation of the map: `a supports b`, `a attacks b` or an argument's id."""
    graph = ctx.graph
    for relation in graph.relations.values():
        if relation.kind != "undercuts" or relation.target in graph.relations:
            continue
        name = relation.argument or relation.sources[0]
        owner = ctx.owner_types.get(name, "argument")
        words = relation.target.split()
        if len(words) == 1 and words[0] in graph.nodes:
            written = [r.id for r in graph.outgoing.get(words[0], ()) if r.argument is None][:4]
            hint = f"{words[0]!r} is a node; an undercut names an inference" + (": " + ", ".join(f"`{w}`" for w in written) if written else ", such as `{words[0]} supports <node>`")
        elif len(words) >= 3 and words[1] != "undercuts" and len(words) > 3:
            hint = "only an undercut can itself be the target of a relation: `u undercuts a supports b`"
        else:
            close = closest(relation.target, list(graph.relations))
            hint = f"did you mean `{close}`?" if close else "write `<source> supports <target>`, `<source> attacks <target>`, or an argument's id"
        yield Problem(
            "AM208",
            f"{owner} {name!r} undercuts {relation.target!r}, which is no relation of the map",
            ctx.at(_reference_path(relation, "undercuts")),
            hint,
        )


@rule("AM209")
def repeated_relation(ctx: Context) -> Iterator[Problem]:
    """The same relation written twice says nothing more and is drawn once."""
    graph = ctx.graph
    for relation in graph.repeated:
        first = graph.relations[relation.id]
        if relation.argument is not None or first.argument is not None:
            continue  # an argument whose id is taken: AM204
        if relation.path[:2] != first.path[:2]:
            continue  # two nodes with one id (AM204) draw the same relation
        yield Problem(
            "AM209",
            f"relation `{relation.id}` is written twice",
            ctx.at(relation.path),
            "remove the second one",
            related=(ctx.at(first.path),),
        )


@rule("AM202")
def unknown_source(ctx: Context) -> Iterator[Problem]:
    """A node, or the map's `default_source`, names a source that is not declared."""
    declared = set(ctx.records.sources)
    dropped = ctx.loaded.dropped.get("sources", set())
    default = ctx.records.default_source
    if default is not None and default not in declared and default not in dropped:
        yield Problem(
            "AM202",
            f"the map's default_source names unknown source {default!r}",
            ctx.at(("default_source",)),
            _did_you_mean(default, declared) or "declared sources: " + (", ".join(sorted(declared)) or "none: declare it under `sources:` with its `path`"),
        )
    for node_id, node_type, node in ctx.quoting:
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
    """With several sources and no `default_source`, every quoted node must say which one it quotes."""
    if len(ctx.records.sources) + len(ctx.loaded.dropped.get("sources", ())) < 2 or ctx.records.default_source is not None:
        return
    unnamed = [
        (node_id, node_type)
        for node_id, node_type, node in ctx.quoting
        if node.source is None and (node.quote or any(cite.source is None for cite in node.cites))
    ]
    if not unnamed:
        return
    declared = list(ctx.records.sources)
    # The source most nodes already name is the likeliest default; with none named, the first declared.
    named = Counter(node.source for _id, _type, node in ctx.quoting if node.source in ctx.records.sources)
    likely = named.most_common(1)[0][0] if named else declared[0] if declared else "<source id>"
    for node_id, node_type in unnamed:
        yield Problem(
            "AM203",
            f"{node_type} {node_id!r} quotes a passage but does not say from which of the {len(declared)} sources",
            ctx.at(ctx.node_path(node_id, node_type), key=True),
            f"add `source:` with one of: {', '.join(declared)}; or, when most quotes come from one, "
            f"name it once at the top level (`default_source: {likely}`) and write `source:` only on the others"
            + (f" ({len(unnamed)} quoted entries name no source)" if len(unnamed) > 1 else ""),
        )


@rule("AM204")
def duplicate_id(ctx: Context) -> Iterator[Problem]:
    """Claims, evidence and arguments share one namespace, so each id must be unique across them."""
    records = ctx.records
    for node_id in records.evidence:
        if node_id in records.claims:
            first = ctx.at(("claims", node_id), key=True)
            yield Problem(
                "AM204",
                f"id {node_id!r} is used by a claim (line {first.line}) and by a piece of evidence",
                ctx.at(("evidence", node_id), key=True),
                "rename one of them; relations could not tell them apart",
                related=(first,),
            )
    for argument_id in records.arguments:
        node_type = ctx.node_types.get(argument_id)
        if node_type is not None:
            first = ctx.at(ctx.node_path(argument_id, node_type), key=True)
            yield Problem(
                "AM204",
                f"id {argument_id!r} is used by a {node_type} (line {first.line}) and by an argument",
                ctx.at(("arguments", argument_id), key=True),
                "rename one of them; references could not tell them apart",
                related=(first,),
            )


@rule("AM205")
def self_reference(ctx: Context) -> Iterator[Problem]:
    """A node that supports, attacks or undercuts itself."""
    for relation in ctx.graph.relations.values():
        if relation.argument is not None:
            if relation.kind == "undercuts" and relation.target == relation.id:
                yield Problem("AM205", f"argument {relation.id!r} undercuts itself", ctx.at((*relation.path, "undercuts")))
            continue
        source = relation.sources[0]
        if relation.kind != "undercuts" and relation.target == source:
            yield Problem("AM205", f"{ctx.node_types[source]} {source!r} {relation.kind} itself", ctx.at(relation.path))
        elif relation.kind == "undercuts" and relation.target.split()[:1] == [source]:
            yield Problem(
                "AM205",
                f"{ctx.node_types[source]} {source!r} undercuts its own relation `{relation.target}`",
                ctx.at(relation.path),
                "a node cannot deny the inference it draws; remove one of the two",
            )


@rule("AM206")
def no_sources(ctx: Context) -> Iterator[Problem]:
    """Quotes need a source to stand in."""
    if ctx.records.sources or ctx.loaded.dropped.get("sources"):
        return
    for node_id, node_type, node in ctx.quoting:
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
    declared = set(ctx.records.agents)
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


RULES = [unknown_node, unknown_source, source_required, duplicate_id, self_reference, no_sources, unknown_agent, unknown_relation, repeated_relation]
